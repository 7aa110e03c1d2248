// SPDX-License-Identifier: BSD-2-Clause
// postreply-web's page: sign-in, the inbox, a conversation. Everything a
// customer wrote is put on the page with textContent (el() below), never
// as HTML: replies come from strangers. Every word the page itself says
// comes from the language's catalogue (t(), i18n.js).

import { answerForm } from "/answer.js";
import { settingsView } from "/settings.js";
import { customerView } from "/customer.js";
import { adminView } from "/admin.js";
import { liveStart, liveStop, liveOnChange } from "./live.js";
import { t, i18nPick, i18nSet, i18nLang, i18nApply, i18nWord, i18nNumber,
  i18nDate, CATALOGUES } from "/i18n.js";
import { keysStart, keysAfterRoute, keysKeepCurrent, keysOpened } from "/keys.js";

const app = document.getElementById("app");
let me = null;

// An element with attributes and children; strings become text nodes.
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function show(...nodes) {
  app.replaceChildren(...nodes);
}

// The tab's title: a page's name, then the product's.
function title(page) {
  document.title = page ? t("app.title", { page }) : t("app.name");
}

// The API: JSON in and out, the CSRF token on every change.
async function api(method, path, body) {
  const opts = { method, headers: {}, credentials: "same-origin" };
  if (body !== undefined) {
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(body);
  }
  if (method !== "GET" && me) opts.headers["X-CSRF-Token"] = me.csrf;
  const resp = await fetch(path, opts);
  let data = {};
  try { data = await resp.json(); } catch (e) { /* not JSON */ }
  if (resp.status === 401 && path !== "/api/signin" &&
      !path.startsWith("/api/signin/") && path !== "/api/me") {
    signedIn(null);
    location.hash = "#/signin";
  }
  return { ok: resp.ok, status: resp.status, data };
}

// A refusal in the page's language: the catalogue's words for the code
// the server gives it (web/errcode.c), else the server's own (English),
// else "Failed".
function failure(r) {
  const key = r.data && r.data.code ? "error." + r.data.code : null;
  if (key && t(key) !== key) return t(key);
  return (r.data && r.data.error) || t("app.failed");
}

function signedIn(who) {
  me = who;
  // Signed in by the organisation's sign-on (the proxy's header): the
  // page says so, and signs out there, or not at all when the proxy has
  // no sign-out page (web_proxy_signout_url).
  const proxied = !!(who && who.proxied);
  document.getElementById("who").replaceChildren(who ? who.email : "",
    ...(proxied ? [" ", el("span", { id: "by-proxy", class: "quiet", "data-i18n": "nav.by_proxy" },
      t("nav.by_proxy"))] : []));
  document.getElementById("signout").hidden = !who || (proxied && !who.signout_url);
  document.getElementById("settings").hidden = !who;
  document.getElementById("admin").hidden = !(who && who.admin);
  if (who) liveStart(); else liveStop();
}

function signinView(message) {
  const email = el("input", { type: "email", id: "email", name: "email",
    autocomplete: "username", required: true });
  const password = el("input", { type: "password", id: "password",
    name: "password", autocomplete: "current-password" });
  const note = el("p", { role: "status", class: message ? "error" : "quiet" },
    message || "");
  const form = el("form", { class: "signin", onsubmit: async (ev) => {
    ev.preventDefault();
    const r = await api("POST", "/api/signin",
      { email: email.value, password: password.value });
    if (r.ok) { signedIn(r.data); location.hash = afterSignin(); }
    else { note.className = "error"; note.textContent = r.data.error ? failure(r) : t("signin.failed"); }
  } },
    el("h1", {}, t("signin.title")),
    el("label", { for: "email" }, t("signin.email")), email,
    el("label", { for: "password" }, t("signin.password")), password,
    el("div", { class: "actions" },
      el("button", { type: "submit", class: "primary" }, t("signin.submit")),
      el("button", { type: "button", id: "sendlink", onclick: async () => {
        const r = await api("POST", "/api/signin/link", { email: email.value });
        note.className = r.ok ? "quiet" : "error";
        note.textContent = r.ok ? t("signin.link_sent") : failure(r);
      } }, t("signin.ask_link"))),
    note);
  title(t("signin.title"));
  show(form);
  email.focus();
}

// Where to go once signed in: the page asked for before (a link from an
// alert mail), or the inbox.
function afterSignin() {
  const h = sessionStorage.getItem("postreply-after") || "#/inbox";
  sessionStorage.removeItem("postreply-after");
  return h;
}

async function useLink(token) {
  show(el("p", { class: "quiet" }, t("signin.signing_in")));
  const r = await api("POST", "/api/signin/link/use", { token });
  if (r.ok) { signedIn(r.data); location.replace(afterSignin()); }
  else signinView(r.data.error ? failure(r) : t("signin.bad_link"));
}

// Someone already signed in who opens a link is asked first: a link
// someone else sent must not silently switch the account.
async function linkView(token) {
  const r = await api("GET", "/api/me");
  if (!r.ok) return useLink(token);
  signedIn(r.data);
  show(el("p", {}, t("signin.signed_in_as", { email: r.data.email })),
    el("div", { class: "actions" },
      el("button", { type: "button", onclick: () => location.replace("#/inbox") },
        t("signin.stay", { email: r.data.email })),
      el("button", { type: "button", onclick: () => useLink(token) },
        t("signin.use_link"))));
}

// The response type: a short label as well as a colour.
function typeLabel(type) {
  return type ? el("span", { class: "type " + type }, i18nWord("type", type)) : "";
}

function inboxRow(row) {
  return el("li", { "data-id": row.id },
    el("a", { href: "#/c/" + row.id },
      el("span", { class: "customer" }, row.name ? row.name + " <" + row.customer + ">" : row.customer),
      el("span", { class: "meta" },
        row.unread > 0 ? el("span", { class: "badge", title: t("inbox.unread", { count: row.unread }) },
          i18nNumber(row.unread)) : "",
        typeLabel(row.response_type),
        row.opportunity_score ? el("span", { title: t("inbox.score", { score: row.opportunity_score }) },
          t("inbox.score_short", { score: row.opportunity_score })) : "",
        el("span", { class: "quiet" }, i18nWord("status", row.status))),
      el("span", { class: "preview" }, row.preview || "")));
}

async function inboxView(params) {
  const q = new URLSearchParams(params);
  // Pages follow a cursor (the "next" of the page before); the cursors
  // of the pages before are kept in "prev" (the way back).
  const prev = (q.get("prev") || "").split(",").filter(Boolean);
  const page = { after: q.get("after"), prev };
  const ask = new URLSearchParams(q);
  ask.delete("prev");
  const r = await api("GET", "/api/inbox?" + ask.toString());
  const search = el("input", { type: "search", id: "q", value: q.get("q") || "",
    placeholder: t("inbox.search_hint") });
  const unread = el("input", { type: "checkbox", id: "unread",
    checked: q.get("unread") ? true : null });
  const go = (extra) => {
    const n = new URLSearchParams();
    if (search.value) n.set("q", search.value);
    if (unread.checked) n.set("unread", "1");
    for (const [k, v] of Object.entries(extra || {})) n.set(k, v);
    const next = "#/inbox?" + n.toString();
    if (location.hash === next) route();
    else location.hash = next;
  };
  const filters = el("form", { class: "filters", role: "search",
    onsubmit: (ev) => { ev.preventDefault(); go(); } },
    el("label", { for: "q" }, t("inbox.search") + " ", search),
    el("label", { for: "unread" }, unread, " " + t("inbox.unread_only")),
    el("button", { type: "submit" }, t("inbox.filter")));
  unread.addEventListener("change", () => go());
  // A refused search keeps its form, to be mended where it was typed.
  if (!r.ok) {
    show(el("h1", {}, t("inbox.title")), filters, el("p", { class: "error" }, failure(r)));
    return;
  }
  let [list, pager] = inboxRows(r.data, page, go);
  show(el("h1", {}, t("inbox.title")), filters, list, pager);
  // A change announced: the rows again, the filters left as they are,
  // and the row the keyboard was on kept.
  liveOnChange(async () => {
    const again = await api("GET", "/api/inbox?" + ask.toString());
    if (!again.ok || !list.isConnected) return;
    const [l, p] = inboxRows(again.data, page, go);
    keysKeepCurrent(list, l, () => list.replaceWith(l));
    pager.replaceWith(p);
    [list, pager] = [l, p];
  });
}

// The list and the pager of an inbox page; the title says the unread.
function inboxRows(d, page, go) {
  document.title = (d.unread > 0 ? "(" + i18nNumber(d.unread) + ") " : "") + t("app.name");
  const list = d.rows.length
    ? el("ul", { class: "inbox", "aria-label": t("inbox.list") }, d.rows.map(inboxRow))
    : el("p", { class: "quiet" }, t("inbox.empty"));
  const n = page.after ? page.prev.length + 2 : 1;
  const back = page.prev.slice(0, -1);
  const pager = el("nav", { class: "pager", "aria-label": t("inbox.pages") },
    page.after ? el("button", { type: "button", onclick: () => go(
      { after: page.prev.at(-1) || "", prev: back.join(",") }) }, t("inbox.newer")) : "",
    el("span", { class: "quiet" }, d.more
      // A filter's matches are counted up to a cap (d.total), no further.
      ? t("inbox.page_more", { n, total: t("inbox.total_more", { count: i18nNumber(d.total) }) })
      : t("inbox.page", { n, pages: Math.max(1, Math.ceil(d.total / 50)),
        total: t("inbox.total", { count: d.total }) })),
    d.next ? el("button", { type: "button", onclick: () => go(
      { after: d.next, prev: page.after ? [...page.prev, page.after].join(",") : "" }) }, t("inbox.older")) : "");
  return [list, pager];
}

function analysisLine(a) {
  if (!a || typeof a !== "object") return "";
  const parts = [i18nWord("type", a.response_type), i18nWord("sentiment", a.sentiment),
    t("event.score", { score: a.opportunity_score })].filter(Boolean);
  return el("div", { class: "analysis" }, parts.join(" · "),
    a.key_insights ? el("div", { class: "insights" }, a.key_insights) : "");
}

// A text shown at most this long: a reply of a megabyte on one line
// would take the browser seconds to lay out.
const MAX_TEXT = 50000;

function cut(text) {
  if (text.length <= MAX_TEXT) return text;
  return [text.slice(0, MAX_TEXT),
    el("p", { class: "quiet" }, t("conv.more", { count: text.length - MAX_TEXT }))];
}

function eventTitle(e) {
  if (e.kind === "reply")
    return e.manual ? t("event.logged", { channel: i18nWord("channel", e.channel || "other") })
      : t("event.reply_from", { from: e.from || "?" });
  return i18nWord("event", e.kind);
}

function eventItem(e) {
  const body = e.text || (e.kind === "email_sent" ? e.subject : "") ||
    (e.kind === "status_change" ? i18nWord("status", e.from) + " → " + i18nWord("status", e.to) : "");
  return el("article", { class: "event " + e.kind },
    el("h3", {}, eventTitle(e), " ", el("time", { datetime: e.at }, i18nDate(e.at))),
    e.subject && e.kind === "reply" ? el("div", { class: "quiet" }, e.subject) : "",
    body ? el("div", { class: "text" }, cut(body)) : "",
    e.kind === "reply" ? analysisLine(e.analysis) : "");
}

const STATUSES = ["new", "contacted", "replied", "interested", "meeting_booked",
  "customer", "not_interested", "do_not_contact"];

function statusSelect(id, current) {
  return el("select", { id },
    STATUSES.map((s) => el("option", { value: s, selected: s === current }, i18nWord("status", s))));
}

// The actions on a conversation: each posts, then the view is redrawn.
function actionForms(id, c) {
  const post = async (what, body, note) => {
    const r = await api("POST", "/api/conversations/" + id + "/" + what, body);
    if (r.ok) return conversationView(id);
    note.className = "error";
    note.textContent = failure(r);
  };
  const msg = el("p", { role: "status", class: "quiet" });
  const status = statusSelect("status", c.status);
  const note = el("textarea", { id: "note", rows: 3 });
  const channel = el("select", { id: "channel" },
    ["phone", "meeting", "email", "other"].map((v) => el("option", { value: v }, i18nWord("channel", v))));
  const logged = el("textarea", { id: "logged", rows: 3 });
  return el("section", { class: "act", "aria-label": t("act.label") },
    el("form", { onsubmit: (ev) => { ev.preventDefault(); post("status", { status: status.value }, msg); } },
      el("label", { for: "status" }, t("act.status")), status, " ",
      el("button", { type: "submit" }, t("act.set_status"))),
    el("form", { onsubmit: (ev) => { ev.preventDefault(); post("notes", { text: note.value }, msg); } },
      el("label", { for: "note" }, t("act.note")), note,
      el("div", { class: "actions" }, el("button", { type: "submit" }, t("act.add_note")))),
    el("form", { onsubmit: (ev) => { ev.preventDefault(); post("replies", { channel: channel.value, text: logged.value }, msg); } },
      el("label", { for: "channel" }, t("act.channel")), channel,
      el("label", { for: "logged" }, t("act.logged_text")), logged,
      el("div", { class: "actions" }, el("button", { type: "submit" }, t("act.log_reply")))),
    msg);
}

// A long text scrolls in its box; a box that scrolls can take the focus,
// so that the keyboard scrolls it too.
function focusScrollers(root) {
  for (const e of root.querySelectorAll(".text"))
    if (e.scrollHeight > e.clientHeight) e.tabIndex = 0;
}

async function conversationView(id) {
  const r = await api("GET", "/api/conversations/" + encodeURIComponent(id));
  if (!r.ok) {
    show(el("p", { class: "error" }, failure(r)),
      el("a", { href: "#/inbox" }, t("nav.back_inbox")));
    return;
  }
  const c = r.data;
  keysOpened(id);
  title(c.customer);
  show(el("p", {}, el("a", { href: "#/inbox" }, t("conv.back"))),
    el("h1", {}, c.name ? c.name + " <" + c.customer + ">" : c.customer),
    el("p", { class: "quiet" }, t("conv.meta", { account: c.account, status: i18nWord("status", c.status) }) +
      (c.do_not_contact ? t("conv.dnc") : "")),
    el("p", {}, el("a", { href: "#/c/" + id + "/customer" }, t("conv.customer_page"))),
    el("section", { "aria-labelledby": "timeline" },
      el("h2", { id: "timeline", class: "visually-hidden" }, t("conv.timeline")),
      c.events.map(eventItem)),
    answerForm(id, { el, api, failure, sent: () => conversationView(id) }),
    actionForms(id, c));
  focusScrollers(app);
  // Opened: read. The badge and the title follow on the inbox.
  if (c.unread > 0) api("POST", "/api/conversations/" + id + "/read", {});
}

async function route() {
  const hash = location.hash || "#/inbox";
  const [path, query] = hash.slice(1).split("?");
  const parts = path.split("/").filter(Boolean);
  liveOnChange(null);
  if (parts[0] === "link" && parts[1]) return linkView(parts[1]);
  if (!me) {
    const r = await api("GET", "/api/me");
    if (r.ok) signedIn(r.data);
    else {
      if (parts[0] && parts[0] !== "signin")
        sessionStorage.setItem("postreply-after", hash);
      return signinView();
    }
  }
  const ctx = { el, api, show, title, failure, statusSelect };
  if (parts[0] === "signin") return signinView();
  if (parts[0] === "c" && parts[1] && parts[2] === "customer")
    return customerView(parts[1], ctx);
  if (parts[0] === "c" && parts[1]) return conversationView(parts[1]);
  if (parts[0] === "settings") return settingsView(parts[1], ctx);
  if (parts[0] === "admin") return adminView(ctx);
  return inboxView(Object.fromEntries(new URLSearchParams(query || "")));
}

// The choice of language in the bar: each language named in itself; a
// choice is kept, and the page is drawn again in it.
function languageChoice() {
  const select = document.getElementById("lang");
  select.replaceChildren(...Object.entries(CATALOGUES).map(([code, cat]) =>
    el("option", { value: code, lang: code, selected: code === i18nLang() }, cat["lang.self"])));
  select.addEventListener("change", () => {
    i18nSet(select.value, true);
    i18nApply();
    // The page again in the new language; the focus stays on the choice.
    route().then(() => select.focus());
  });
}

i18nSet(i18nPick(), false);
i18nApply();
languageChoice();
keysStart();
document.getElementById("signout").addEventListener("click", async () => {
  const r = await api("POST", "/api/signout", {});
  if (r.ok && r.data.signout_url) {
    location.assign(r.data.signout_url);
    return;
  }
  signedIn(null);
  location.hash = "#/signin";
});
window.addEventListener("hashchange", () => {
  route().then(() => { if (!keysAfterRoute()) app.focus(); });
});
route();
