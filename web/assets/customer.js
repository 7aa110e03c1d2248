// SPDX-License-Identifier: BSD-2-Clause
// The customer page: who they are, their status and do-not-contact flag,
// and every conversation with them in the accounts the user may see.
// The status is set through the conversation's own action.

// #/c/ID/customer: the customer of conversation ID.
export async function customerView(id, { el, api, show, when, statuses }) {
  const r = await api("GET", "/api/conversations/" + encodeURIComponent(id) + "/customer");
  if (!r.ok) {
    return show(el("p", { class: "error" }, r.data.error || "Failed"),
      el("a", { href: "#/inbox" }, "Back to the inbox"));
  }
  const c = r.data;
  document.title = c.email + " · postreply";
  const msg = el("p", { role: "status", class: "quiet" });
  const status = el("select", { id: "customer-status" },
    statuses.map((s) => el("option", { value: s, selected: s === c.status }, s.replace(/_/g, " "))));
  const form = el("form", { onsubmit: async (ev) => {
    ev.preventDefault();
    const s = await api("POST", "/api/conversations/" + c.conversation + "/status", { status: status.value });
    if (s.ok) return customerView(id, { el, api, show, when, statuses });
    msg.className = "error";
    msg.textContent = s.data.error || "Failed";
  } },
    el("label", { for: "customer-status" }, "Status"), status, " ",
    el("button", { type: "submit" }, "Set status"), msg);
  const rows = [["Address", c.email], ["Name", c.name || "—"], ["Account", c.account],
    ["Status", c.status.replace(/_/g, " ")],
    ["Do not contact", c.do_not_contact ? "yes: no email or follow-up goes to them" : "no"],
    ["Bouncing", c.bouncing ? "yes" : "no"], ["Tags", c.tags.join(", ") || "—"],
    ["Known since", when(c.created_at)]];
  show(el("p", {}, el("a", { href: "#/c/" + c.conversation }, "← Conversation")),
    el("h1", {}, c.name ? c.name + " <" + c.email + ">" : c.email),
    el("dl", { class: "details" }, rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
    form,
    el("h2", {}, "Conversations"),
    el("ul", { class: "inbox", "aria-label": "Conversations with this customer" },
      c.conversations.map((v) => el("li", {},
        el("a", { href: "#/c/" + v.id },
          el("span", { class: "customer" }, v.account),
          el("span", { class: "meta" },
            v.unread > 0 ? el("span", { class: "badge", title: "unread replies" }, v.unread) : "",
            el("span", { class: "quiet" }, v.status.replace(/_/g, " ") + " · " + when(v.last_activity_at))))))));
}
