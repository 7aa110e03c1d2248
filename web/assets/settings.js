// SPDX-License-Identifier: BSD-2-Clause
// The settings page of an account: where replies go (the reply-to
// address, a shared mailbox), working hours and zone, the automation
// switch, and the follow-up rule of each scenario. Values from the
// database go into inputs' value properties and text nodes, never HTML.

const SCENARIOS = { no_reply: "No reply", unavailable: "Customer unavailable",
  requested_delay: "Customer asked for later" };

function field(el, id, label, input, hint) {
  return el("div", { class: "field" }, el("label", { for: id }, label), input,
    hint ? el("div", { class: "quiet" }, hint) : "");
}

function accountForm(s, { el, api, redraw }) {
  const input = (id, value, type = "text") => {
    const i = el("input", { type, id });
    i.value = value;
    return i;
  };
  const replyTo = input("reply-to", s.reply_to, "email");
  const hours = input("work-hours", s.work_hours);
  const days = input("work-days", s.work_days);
  const zone = input("time-zone", s.time_zone);
  const paused = el("input", { type: "checkbox", id: "paused", checked: s.paused ? true : null });
  const msg = el("p", { role: "status", class: "quiet" });
  return el("form", { class: "settings", onsubmit: async (ev) => {
    ev.preventDefault();
    const r = await api("POST", "/api/accounts/" + s.id + "/settings", {
      reply_to: replyTo.value, work_hours: hours.value, work_days: days.value,
      time_zone: zone.value, paused: paused.checked });
    if (r.ok) return redraw("Settings saved.");
    msg.className = "error";
    msg.textContent = r.data.error || "Failed";
  } },
    el("h2", {}, "Replies and working hours"),
    field(el, "reply-to", "Reply-to address (replies are forwarded there)", replyTo,
      "Empty: to " + s.email + " itself."),
    field(el, "work-hours", "Working hours", hours, "Such as 08:00-17:00; empty for all day."),
    field(el, "work-days", "Working days", days, "Such as mon-fri; empty for every day."),
    field(el, "time-zone", "Time zone", zone, "Such as Europe/Paris."),
    el("label", { for: "paused" }, paused, " Automation paused (no follow-up is sent)"),
    el("div", { class: "actions" }, el("button", { type: "submit", class: "primary" }, "Save settings")),
    msg);
}

function ruleForm(s, rule, { el, api, redraw }) {
  const id = (k) => "rule-" + rule.scenario + "-" + k;
  const enabled = el("input", { type: "checkbox", id: id("enabled"), checked: rule.enabled ? true : null });
  const steps = el("input", { type: "text", id: id("steps") });
  steps.value = rule.steps;
  const max = el("input", { type: "number", id: id("max"), min: 1, max: 100 });
  max.value = rule.max_steps;
  const message = el("select", { id: id("message") },
    el("option", { value: "ai", selected: rule.message === "ai" }, "Written for each customer (template or LLM)"),
    el("option", { value: "custom", selected: rule.message === "custom" }, "My text"));
  const text = el("textarea", { id: id("text"), rows: 4 });
  text.value = rule.custom_text;
  const onSend = el("input", { type: "text", id: id("on-send") });
  onSend.value = rule.on_send.join(" ");
  const msg = el("p", { role: "status", class: "quiet" });
  return el("form", { class: "rule", onsubmit: async (ev) => {
    ev.preventDefault();
    const body = { scenario: rule.scenario, enabled: enabled.checked, steps: steps.value,
      max_steps: Number(max.value), message: message.value,
      on_send: onSend.value.split(/\s+/).filter(Boolean) };
    if (text.value.trim()) body.custom_text = text.value;
    const r = await api("POST", "/api/accounts/" + s.id + "/rules", body);
    if (r.ok) return redraw("Rule saved.");
    msg.className = "error";
    msg.textContent = r.data.error || "Failed";
  } },
    el("fieldset", {},
      el("legend", {}, SCENARIOS[rule.scenario] || rule.scenario),
      el("label", { for: id("enabled") }, enabled, " Send follow-ups"),
      field(el, id("steps"), "Steps", steps, "Delays such as 3d,7d."),
      field(el, id("max"), "At most", max),
      field(el, id("message"), "Message", message),
      field(el, id("text"), "Text (for \u201cMy text\u201d; {customer_name}, {account_name}, {subject})", text),
      field(el, id("on-send"), "On send", onSend, "tag:NAME, assign:EMAIL, notify, webhook; separated by spaces."),
      el("div", { class: "actions" }, el("button", { type: "submit" }, "Save rule")),
      msg));
}

// #/settings (the first account) or #/settings/ID.
export async function settingsView(id, { el, api, show }) {
  if (!id) {
    const r = await api("GET", "/api/accounts");
    if (!r.ok) return show(el("p", { class: "error" }, r.data.error || "Failed"));
    if (r.data.length === 0) return show(el("h1", {}, "Settings"), el("p", { class: "quiet" }, "No account is granted to you."));
    id = r.data[0].id;
    if (r.data.length > 1) {
      // A choice of accounts, then the first one's settings below.
      const nav = el("nav", { class: "accounts", "aria-label": "Accounts" },
        r.data.map((a) => el("a", { href: "#/settings/" + a.id }, a.email)));
      return settingsOf(id, { el, api, show }, nav);
    }
  }
  return settingsOf(id, { el, api, show }, "");
}

async function settingsOf(id, { el, api, show }, nav, note) {
  const r = await api("GET", "/api/accounts/" + encodeURIComponent(id) + "/settings");
  if (!r.ok) return show(el("p", { class: "error" }, r.data.error || "Failed"));
  const s = r.data;
  const redraw = (message) => settingsOf(id, { el, api, show }, nav, message);
  const ctx = { el, api, redraw };
  document.title = "Settings · " + s.email + " · postreply";
  show(el("h1", {}, "Settings of " + s.email), nav,
    note ? el("p", { role: "status", class: "quiet", id: "saved" }, note) : "",
    accountForm(s, ctx),
    el("h2", {}, "Follow-up rules"),
    ...s.rules.map((rule) => ruleForm(s, rule, ctx)));
}
