// SPDX-License-Identifier: BSD-2-Clause
// The customer page: who they are, their status and do-not-contact flag,
// and every conversation with them in the accounts the user may see.
// The status is set through the conversation's own action.

import { t, i18nWord, i18nDate, i18nNumber } from "/i18n.js";

// #/c/ID/customer: the customer of conversation ID.
export async function customerView(id, ctx) {
  const { el, api, show, title, failure, statusSelect } = ctx;
  const r = await api("GET", "/api/conversations/" + encodeURIComponent(id) + "/customer");
  if (!r.ok) {
    return show(el("p", { class: "error" }, failure(r)),
      el("a", { href: "#/inbox" }, t("nav.back_inbox")));
  }
  const c = r.data;
  title(c.email);
  const msg = el("p", { role: "status", class: "quiet" });
  const status = statusSelect("customer-status", c.status);
  const form = el("form", { onsubmit: async (ev) => {
    ev.preventDefault();
    const s = await api("POST", "/api/conversations/" + c.conversation + "/status", { status: status.value });
    if (s.ok) return customerView(id, ctx);
    msg.className = "error";
    msg.textContent = failure(s);
  } },
    el("label", { for: "customer-status" }, t("cust.status")), status, " ",
    el("button", { type: "submit" }, t("act.set_status")), msg);
  const none = t("app.none");
  const rows = [[t("cust.address"), c.email], [t("cust.name"), c.name || none],
    [t("cust.account"), c.account], [t("cust.status"), i18nWord("status", c.status)],
    [t("cust.dnc"), c.do_not_contact ? t("cust.dnc_yes") : t("app.no")],
    [t("cust.bouncing"), c.bouncing ? t("app.yes") : t("app.no")],
    [t("cust.tags"), c.tags.join(", ") || none],
    [t("cust.since"), i18nDate(c.created_at)]];
  show(el("p", {}, el("a", { href: "#/c/" + c.conversation }, t("cust.back"))),
    el("h1", {}, c.name ? c.name + " <" + c.email + ">" : c.email),
    el("dl", { class: "details" }, rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
    form,
    el("h2", {}, t("cust.conversations")),
    el("ul", { class: "inbox", "aria-label": t("cust.list") },
      c.conversations.map((v) => el("li", { "data-id": v.id },
        el("a", { href: "#/c/" + v.id },
          el("span", { class: "customer" }, v.account),
          el("span", { class: "meta" },
            v.unread > 0 ? el("span", { class: "badge", title: t("inbox.unread", { count: v.unread }) },
              i18nNumber(v.unread)) : "",
            el("span", { class: "quiet" }, i18nWord("status", v.status) + " · " +
              i18nDate(v.last_activity_at))))))));
}
