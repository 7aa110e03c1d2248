// SPDX-License-Identifier: BSD-2-Clause
// The settings page of an account: where replies go (the reply-to
// address, a shared mailbox), working hours and zone, the automation
// switch, and the follow-up rule of each scenario. Values from the
// database go into inputs' value properties and text nodes, never HTML.

import { t, i18nWord } from "/i18n.js";

// A labelled input, and its hint read with it (aria-describedby).
function field(el, id, label, input, hint) {
  if (hint) input.setAttribute("aria-describedby", id + "-hint");
  return el("div", { class: "field" }, el("label", { for: id }, label), input,
    hint ? el("div", { class: "quiet", id: id + "-hint" }, hint) : "");
}

function accountForm(s, { el, api, redraw, failure }) {
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
    if (r.ok) return redraw(t("set.saved"));
    msg.className = "error";
    msg.textContent = failure(r);
  } },
    el("h2", {}, t("set.replies")),
    field(el, "reply-to", t("set.reply_to"), replyTo, t("set.reply_to_hint", { email: s.email })),
    field(el, "work-hours", t("set.hours"), hours, t("set.hours_hint")),
    field(el, "work-days", t("set.days"), days, t("set.days_hint")),
    field(el, "time-zone", t("set.zone"), zone, t("set.zone_hint")),
    el("label", { for: "paused" }, paused, " " + t("set.paused")),
    el("div", { class: "actions" }, el("button", { type: "submit", class: "primary" }, t("set.save"))),
    msg);
}

function ruleForm(s, rule, { el, api, redraw, failure }) {
  const id = (k) => "rule-" + rule.scenario + "-" + k;
  const enabled = el("input", { type: "checkbox", id: id("enabled"), checked: rule.enabled ? true : null });
  const steps = el("input", { type: "text", id: id("steps") });
  steps.value = rule.steps;
  const max = el("input", { type: "number", id: id("max"), min: 1, max: 100 });
  max.value = rule.max_steps;
  const message = el("select", { id: id("message") },
    el("option", { value: "ai", selected: rule.message === "ai" }, t("rule.ai")),
    el("option", { value: "custom", selected: rule.message === "custom" }, t("rule.custom")));
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
    if (r.ok) return redraw(t("set.rule_saved"));
    msg.className = "error";
    msg.textContent = failure(r);
  } },
    el("fieldset", {},
      el("legend", {}, i18nWord("scenario", rule.scenario)),
      el("label", { for: id("enabled") }, enabled, " " + t("rule.enabled")),
      field(el, id("steps"), t("rule.steps"), steps, t("rule.steps_hint")),
      field(el, id("max"), t("rule.max"), max),
      field(el, id("message"), t("rule.message"), message),
      field(el, id("text"), t("rule.text"), text),
      field(el, id("on-send"), t("rule.on_send"), onSend, t("rule.on_send_hint")),
      el("div", { class: "actions" }, el("button", { type: "submit" }, t("rule.save"))),
      msg));
}

// #/settings (the first account) or #/settings/ID.
export async function settingsView(id, page) {
  const { el, api, show, title, failure } = page;
  if (!id) {
    const r = await api("GET", "/api/accounts");
    if (!r.ok) return show(el("p", { class: "error" }, failure(r)));
    title(t("set.title"));
    if (r.data.length === 0) return show(el("h1", {}, t("set.title")), el("p", { class: "quiet" }, t("set.none")));
    id = r.data[0].id;
    if (r.data.length > 1) {
      // A choice of accounts, then the first one's settings below.
      const nav = el("nav", { class: "accounts", "aria-label": t("set.accounts") },
        r.data.map((a) => el("a", { href: "#/settings/" + a.id }, a.email)));
      return settingsOf(id, page, nav);
    }
  }
  return settingsOf(id, page, "");
}

async function settingsOf(id, page, nav, note) {
  const { el, api, show, title, failure } = page;
  const r = await api("GET", "/api/accounts/" + encodeURIComponent(id) + "/settings");
  if (!r.ok) return show(el("p", { class: "error" }, failure(r)));
  const s = r.data;
  const redraw = (message) => settingsOf(id, page, nav, message);
  const ctx = { el, api, redraw, failure };
  title(t("set.title") + " · " + s.email);
  show(el("h1", {}, t("set.of", { email: s.email })), nav,
    note ? el("p", { role: "status", class: "quiet", id: "saved" }, note) : "",
    accountForm(s, ctx),
    el("h2", {}, t("set.rules")),
    ...s.rules.map((rule) => ruleForm(s, rule, ctx)));
}
