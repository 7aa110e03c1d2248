// SPDX-License-Identifier: BSD-2-Clause
// The answer form of a conversation page: write to the customer and send
// through the MTA as the account (POST /api/conversations/ID/answer).
// The form starts with what the server says (to whom, "Re: ..."); what
// comes from the customer goes on the page as text only (el() uses
// text nodes).

import { t } from "/i18n.js";

// A section holding the form, filled once the server answered; sent()
// is called after a successful send (the page redraws its timeline).
export function answerForm(id, { el, api, sent, failure }) {
  const section = el("section", { class: "answer", "aria-label": t("answer.label") });
  const path = "/api/conversations/" + encodeURIComponent(id) + "/answer";
  api("GET", path).then((r) => {
    if (!r.ok) return;
    const f = r.data;
    const subject = el("input", { type: "text", id: "answer-subject", value: f.subject,
      maxlength: 500, required: true });
    const text = el("textarea", { id: "answer-text", rows: 8, required: true });
    const msg = el("p", { role: "status", class: "quiet" });
    const button = el("button", { type: "submit", class: "primary", id: "answer-send",
      disabled: f.do_not_contact ? true : null }, t("answer.send"));
    const form = el("form", { onsubmit: async (ev) => {
      ev.preventDefault();
      button.disabled = true;
      msg.className = "quiet";
      msg.textContent = t("answer.sending");
      const s = await api("POST", path, { subject: subject.value, text: text.value });
      button.disabled = false;
      if (s.ok) { sent(); return; }
      msg.className = "error";
      msg.textContent = failure(s);
    } },
      el("h2", {}, t("answer.title")),
      el("p", { class: "quiet" }, t("answer.from_to", { from: f.from,
        to: f.to_name ? f.to_name + " <" + f.to + ">" : f.to }) +
        (f.do_not_contact ? t("answer.dnc") : "")),
      el("label", { for: "answer-subject" }, t("answer.subject")), subject,
      el("label", { for: "answer-text" }, t("answer.text")), text,
      el("div", { class: "actions" }, button), msg);
    section.append(form);
  });
  return section;
}
