// SPDX-License-Identifier: BSD-2-Clause
// postreply-web's page: sign-in, the inbox, a conversation. Everything a
// customer wrote is put on the page with textContent (el() below), never
// as HTML: replies come from strangers.

import { answerForm } from "/answer.js";
import { settingsView } from "/settings.js";
import { customerView } from "/customer.js";
import { adminView } from "/admin.js";
import { liveStart, liveStop, liveOnChange } from "./live.js";

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

function signedIn(who) {
  me = who;
  document.getElementById("who").textContent = who ? who.email : "";
  document.getElementById("signout").hidden = !who;
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
    else { note.className = "error"; note.textContent = r.data.error || "Sign-in failed"; }
  } },
    el("h1", {}, "Sign in"),
    el("label", { for: "email" }, "Email address"), email,
    el("label", { for: "password" }, "Password"), password,
    el("div", { class: "actions" },
      el("button", { type: "submit", class: "primary" }, "Sign in"),
      el("button", { type: "button", id: "sendlink", onclick: async () => {
        const r = await api("POST", "/api/signin/link", { email: email.value });
        note.className = r.ok ? "quiet" : "error";
        note.textContent = r.ok ? r.data.message : (r.data.error || "Failed");
      } }, "Email me a sign-in link")),
    note);
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
  show(el("p", { class: "quiet" }, "Signing in…"));
  const r = await api("POST", "/api/signin/link/use", { token });
  if (r.ok) { signedIn(r.data); location.replace(afterSignin()); }
  else signinView(r.data.error || "This link does not work.");
}

// Someone already signed in who opens a link is asked first: a link
// someone else sent must not silently switch the account.
async function linkView(token) {
  const r = await api("GET", "/api/me");
  if (!r.ok) return useLink(token);
  signedIn(r.data);
  show(el("p", {}, "You are signed in as " + r.data.email + "."),
    el("div", { class: "actions" },
      el("button", { type: "button", onclick: () => location.replace("#/inbox") },
        "Stay signed in as " + r.data.email),
      el("button", { type: "button", onclick: () => useLink(token) },
        "Sign in with this link instead")));
}

const TYPES = { needs_attention: "Needs attention", high_value: "High value",
  standard: "Standard" };

function typeLabel(t) {
  return t ? el("span", { class: "type " + t }, TYPES[t] || t) : "";
}

function when(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toLocaleString();
}

function inboxRow(row) {
  return el("li", {},
    el("a", { href: "#/c/" + row.id },
      el("span", { class: "customer" }, row.name ? row.name + " <" + row.customer + ">" : row.customer),
      el("span", { class: "meta" },
        row.unread > 0 ? el("span", { class: "badge", title: "unread replies" }, row.unread) : "",
        typeLabel(row.response_type),
        row.opportunity_score ? el("span", { title: "opportunity score" }, row.opportunity_score + "/5") : "",
        el("span", { class: "quiet" }, row.status)),
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
  if (!r.ok) { show(el("p", { class: "error" }, r.data.error || "Failed")); return; }
  const d = r.data;
  const search = el("input", { type: "search", id: "q", value: q.get("q") || "",
    placeholder: "Customer" });
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
    el("label", { for: "q" }, "Search ", search),
    el("label", { for: "unread" }, unread, " Unread only"),
    el("button", { type: "submit" }, "Filter"));
  unread.addEventListener("change", () => go());
  let [list, pager] = inboxRows(d, page, go);
  show(el("h1", {}, "Inbox"), filters, list, pager);
  // A change announced: the rows again, the filters left as they are.
  liveOnChange(async () => {
    const again = await api("GET", "/api/inbox?" + ask.toString());
    if (!again.ok || !list.isConnected) return;
    const [l, p] = inboxRows(again.data, page, go);
    list.replaceWith(l);
    pager.replaceWith(p);
    [list, pager] = [l, p];
  });
}

// The list and the pager of an inbox page; the title says the unread.
function inboxRows(d, page, go) {
  document.title = (d.unread > 0 ? "(" + d.unread + ") " : "") + "postreply";
  const list = d.rows.length
    ? el("ul", { class: "inbox", "aria-label": "Conversations" }, d.rows.map(inboxRow))
    : el("p", { class: "quiet" }, "No conversations.");
  const n = page.after ? page.prev.length + 2 : 1;
  const back = page.prev.slice(0, -1);
  const pager = el("nav", { class: "pager", "aria-label": "Pages" },
    page.after ? el("button", { type: "button", onclick: () => go(
      { after: page.prev.at(-1) || "", prev: back.join(",") }) }, "Newer") : "",
    el("span", { class: "quiet" }, "Page " + n + " of " +
      Math.max(1, Math.ceil(d.total / 50)) + " · " + d.total + " conversations"),
    d.next ? el("button", { type: "button", onclick: () => go(
      { after: d.next, prev: page.after ? [...page.prev, page.after].join(",") : "" }) }, "Older") : "");
  return [list, pager];
}

function analysisLine(a) {
  if (!a || typeof a !== "object") return "";
  const parts = [TYPES[a.response_type] || a.response_type, a.sentiment,
    "score " + a.opportunity_score + "/5"];
  return el("div", { class: "analysis" }, parts.join(" · "),
    a.key_insights ? el("div", {}, a.key_insights) : "");
}

// A text shown at most this long: a reply of a megabyte on one line
// would take the browser seconds to lay out.
const MAX_TEXT = 50000;

function cut(text) {
  if (text.length <= MAX_TEXT) return text;
  return [text.slice(0, MAX_TEXT),
    el("p", { class: "quiet" }, "… " + (text.length - MAX_TEXT) +
      " more characters are not shown.")];
}

const KINDS = { reply: "Reply", email_sent: "Email sent", note: "Note",
  status_change: "Status changed", send_failed: "Not sent" };

function eventItem(e) {
  const title = e.kind === "reply"
    ? (e.manual ? "Logged reply (" + (e.channel || "other") + ")" : "Reply from " + (e.from || "?"))
    : (KINDS[e.kind] || e.kind.replace(/_/g, " "));
  const body = e.text || (e.kind === "email_sent" ? e.subject : "") ||
    (e.kind === "status_change" ? e.from + " → " + e.to : "");
  return el("article", { class: "event " + e.kind },
    el("h3", {}, title, " ", el("time", { datetime: e.at }, when(e.at))),
    e.subject && e.kind === "reply" ? el("div", { class: "quiet" }, e.subject) : "",
    body ? el("div", { class: "text" }, cut(body)) : "",
    e.kind === "reply" ? analysisLine(e.analysis) : "");
}

const STATUSES = ["new", "contacted", "replied", "interested", "meeting_booked",
  "customer", "not_interested", "do_not_contact"];

// The actions on a conversation: each posts, then the view is redrawn.
function actionForms(id, c) {
  const post = async (what, body, note) => {
    const r = await api("POST", "/api/conversations/" + id + "/" + what, body);
    if (r.ok) return conversationView(id);
    note.className = "error";
    note.textContent = r.data.error || "Failed";
  };
  const msg = el("p", { role: "status", class: "quiet" });
  const status = el("select", { id: "status" },
    STATUSES.map((s) => el("option", { value: s, selected: s === c.status }, s.replace(/_/g, " "))));
  const note = el("textarea", { id: "note", rows: 3 });
  const channel = el("select", { id: "channel" },
    ["phone", "meeting", "email", "other"].map((v) => el("option", { value: v }, v)));
  const logged = el("textarea", { id: "logged", rows: 3 });
  return el("section", { class: "act", "aria-label": "Actions" },
    el("form", { onsubmit: (ev) => { ev.preventDefault(); post("status", { status: status.value }, msg); } },
      el("label", { for: "status" }, "Status"), status, " ",
      el("button", { type: "submit" }, "Set status")),
    el("form", { onsubmit: (ev) => { ev.preventDefault(); post("notes", { text: note.value }, msg); } },
      el("label", { for: "note" }, "Note (never sent to the customer)"), note,
      el("div", { class: "actions" }, el("button", { type: "submit" }, "Add note"))),
    el("form", { onsubmit: (ev) => { ev.preventDefault(); post("replies", { channel: channel.value, text: logged.value }, msg); } },
      el("label", { for: "logged" }, "Log a reply received by "), channel, logged,
      el("div", { class: "actions" }, el("button", { type: "submit" }, "Log reply"))),
    msg);
}

async function conversationView(id) {
  const r = await api("GET", "/api/conversations/" + encodeURIComponent(id));
  if (!r.ok) {
    show(el("p", { class: "error" }, r.data.error || "Failed"),
      el("a", { href: "#/inbox" }, "Back to the inbox"));
    return;
  }
  const c = r.data;
  document.title = c.customer + " · postreply";
  show(el("p", {}, el("a", { href: "#/inbox" }, "← Inbox")),
    el("h1", {}, c.name ? c.name + " <" + c.customer + ">" : c.customer),
    el("p", { class: "quiet" }, "Account " + c.account + " · status " + c.status +
      (c.do_not_contact ? " · do not contact" : "")),
    el("p", {}, el("a", { href: "#/c/" + id + "/customer" }, "Customer page")),
    el("section", { "aria-label": "Timeline" }, c.events.map(eventItem)),
    answerForm(id, { el, api, sent: () => conversationView(id) }),
    actionForms(id, c));
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
  if (parts[0] === "signin") return signinView();
  if (parts[0] === "c" && parts[1] && parts[2] === "customer")
    return customerView(parts[1], { el, api, show, when, statuses: STATUSES });
  if (parts[0] === "c" && parts[1]) return conversationView(parts[1]);
  if (parts[0] === "settings") return settingsView(parts[1], { el, api, show });
  if (parts[0] === "admin") return adminView({ el, api, show });
  return inboxView(Object.fromEntries(new URLSearchParams(query || "")));
}

document.getElementById("signout").addEventListener("click", async () => {
  await api("POST", "/api/signout", {});
  signedIn(null);
  location.hash = "#/signin";
});
window.addEventListener("hashchange", () => { route().then(() => app.focus()); });
route();
