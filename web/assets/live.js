// SPDX-License-Identifier: BSD-2-Clause
// live: the server's events (GET /api/events, server-sent events). The
// server says "change" when something of an account this user may see
// changed (a reply stored, its analysis, a status, a note, read or
// unread) and "resync" when it may have missed some; either way the page
// reloads what it shows. Bursts (a reply is a few changes) are taken as
// one, a quarter of a second later.

let source = null;
let handler = null;
let timer = null;

function changed() {
  if (timer) return;
  timer = setTimeout(() => {
    timer = null;
    if (handler) handler();
  }, 250);
}

// Listen while signed in; the browser reconnects by itself.
export function liveStart() {
  if (source) return;
  source = new EventSource("/api/events");
  source.addEventListener("change", changed);
  source.addEventListener("resync", changed);
  source.addEventListener("open", () => document.body.setAttribute("data-live", "open"));
  source.addEventListener("error", () => document.body.setAttribute("data-live", "closed"));
}

export function liveStop() {
  if (source) source.close();
  source = null;
  document.body.removeAttribute("data-live");
}

// What the page does on a change (null: nothing); one at a time.
export function liveOnChange(fn) {
  handler = fn;
}
