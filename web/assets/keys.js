// SPDX-License-Identifier: BSD-2-Clause
// keys: the keyboard, as in mail clients. In a list of conversations j
// and k (or the arrows) move, Enter or o opens; u goes back to the
// inbox; on a conversation r answers, n notes, s sets the status; /
// searches; ? shows the list of shortcuts (a dialog, in the page's
// language) and Escape closes it. Keys typed in a field are the field's:
// no shortcut acts while the focus is in one, nor with Ctrl, Alt or Meta.

import { t } from "/i18n.js";

let lastOpened = null; // the conversation opened last (u comes back to it)
let pending = null;    // what to do once the next page is drawn

// The rows of the list on the page: its items' links.
function keysRows() {
  return [...document.querySelectorAll("main ul.inbox > li > a")];
}

function keysCurrent(rows) {
  return rows.findIndex((a) => a.parentElement.classList.contains("current"));
}

// Row i becomes the current one, focused and in view.
function keysMark(rows, i) {
  for (const a of rows) {
    a.parentElement.classList.remove("current");
    a.removeAttribute("aria-current");
  }
  rows[i].parentElement.classList.add("current");
  rows[i].setAttribute("aria-current", "true");
  rows[i].focus();
  rows[i].scrollIntoView({ block: "nearest" });
}

function keysMove(step) {
  const rows = keysRows();
  if (rows.length === 0) return false;
  // From the row that has the focus (Tab may have moved it), else the
  // current one.
  let i = rows.indexOf(document.activeElement);
  if (i < 0) i = keysCurrent(rows);
  i = i < 0 ? (step > 0 ? 0 : rows.length - 1)
    : Math.min(rows.length - 1, Math.max(0, i + step));
  keysMark(rows, i);
  return true;
}

function keysOpen(ev) {
  const rows = keysRows();
  const i = keysCurrent(rows);
  // Enter on a link or a button is theirs already.
  if (i < 0 || (ev.key === "Enter" && ev.target.closest("a, button"))) return false;
  location.hash = rows[i].getAttribute("href");
  return true;
}

// Focus the field with this id (the first that exists), or say no.
function keysFocus(...ids) {
  for (const id of ids) {
    const e = document.getElementById(id);
    if (e && !e.disabled) {
      e.focus();
      e.scrollIntoView({ block: "center" });
      return true;
    }
  }
  return false;
}

function keysInbox() {
  if (location.hash.startsWith("#/inbox") || location.hash === "") return false;
  location.hash = "#/inbox";
  return true;
}

function keysSearch() {
  if (keysFocus("q")) return true;
  pending = "search";
  location.hash = "#/inbox";
  return true;
}

// The dialog of shortcuts, written again in the language of the moment.
function keysDialog() {
  let d = document.getElementById("keys-help");
  if (!d) {
    d = document.createElement("dialog");
    d.id = "keys-help";
    d.setAttribute("aria-labelledby", "keys-help-title");
    document.body.append(d);
  }
  const kbd = (k) => { const e = document.createElement("kbd"); e.textContent = k; return e; };
  const row = (keys, what) => {
    const dt = document.createElement("dt");
    keys.forEach((k, i) => {
      if (i > 0) dt.append(" " + t("keys.or") + " ");
      dt.append(kbd(k));
    });
    const dd = document.createElement("dd");
    dd.textContent = t(what);
    return [dt, dd];
  };
  const h = document.createElement("h2");
  h.id = "keys-help-title";
  h.textContent = t("keys.title");
  const dl = document.createElement("dl");
  dl.append(...[
    [["j", "↓"], "keys.next"], [["k", "↑"], "keys.prev"],
    [[t("key.enter"), "o"], "keys.open"], [["u"], "keys.inbox"],
    [["r"], "keys.reply"], [["n"], "keys.note"], [["s"], "keys.status"],
    [["/"], "keys.search"], [["?"], "keys.help"], [[t("key.escape")], "keys.close"],
  ].flatMap(([k, w]) => row(k, w)));
  for (const k of dl.querySelectorAll("kbd")) {
    if (k.textContent === "↓") k.title = t("key.down");
    if (k.textContent === "↑") k.title = t("key.up");
  }
  const p = document.createElement("p");
  p.className = "quiet";
  p.textContent = t("keys.typing");
  const close = document.createElement("button");
  close.type = "button";
  close.id = "keys-close";
  close.textContent = t("keys.close_button");
  close.addEventListener("click", () => d.close());
  const actions = document.createElement("div");
  actions.className = "actions";
  actions.append(close);
  d.replaceChildren(h, dl, p, actions);
  return d;
}

function keysHelp() {
  const d = keysDialog();
  if (!d.open) d.showModal();
  document.getElementById("keys-close").focus();
  return true;
}

const KEYS_ACTIONS = {
  j: () => keysMove(1), ArrowDown: () => keysMove(1),
  k: () => keysMove(-1), ArrowUp: () => keysMove(-1),
  o: keysOpen, Enter: keysOpen,
  u: keysInbox,
  r: () => keysFocus("answer-text"),
  n: () => keysFocus("note"),
  s: () => keysFocus("status", "customer-status"),
  "/": keysSearch,
  "?": keysHelp,
};

// A key typed in a field belongs to it.
function keysTyping(target) {
  return target instanceof Element &&
    target.closest("input, textarea, select, [contenteditable]:not([contenteditable=false])") !== null;
}

function keysDown(ev) {
  if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing) return;
  const d = document.getElementById("keys-help");
  if (d && d.open) {
    // The dialog's own keys: Escape (the browser's), ? again, Tab.
    if (ev.key === "?") { d.close(); ev.preventDefault(); }
    return;
  }
  if (keysTyping(ev.target)) return;
  const act = KEYS_ACTIONS[ev.key];
  if (act && act(ev) !== false) ev.preventDefault();
}

export function keysStart() {
  document.addEventListener("keydown", keysDown);
  document.getElementById("keys").addEventListener("click", keysHelp);
}

// A conversation was opened: u and the inbox come back to its row.
export function keysOpened(id) {
  lastOpened = String(id);
}

// After a page is drawn on a change of address: what a key asked for
// (the search), or the row of the conversation we came from. True when
// it took the focus.
export function keysAfterRoute() {
  const what = pending;
  pending = null;
  if (what === "search") return keysFocus("q");
  const rows = keysRows();
  const i = rows.findIndex((a) => a.parentElement.dataset.id === lastOpened);
  if (i < 0) return false;
  keysMark(rows, i);
  return true;
}

// The list is drawn again (a live change): replace() swaps old for
// fresh; the current row stays current, and focused if it was.
export function keysKeepCurrent(old, fresh, replace) {
  const cur = old.querySelector("li.current");
  const focused = old.contains(document.activeElement);
  replace();
  if (!cur) return;
  const rows = keysRows();
  const i = rows.findIndex((a) => a.parentElement.dataset.id === cur.dataset.id);
  if (i < 0) return;
  if (focused) keysMark(rows, i);
  else {
    rows[i].parentElement.classList.add("current");
    rows[i].setAttribute("aria-current", "true");
  }
}
