// SPDX-License-Identifier: BSD-2-Clause
// i18n: the page's language. Every string the page shows comes from one
// catalogue per language (i18n-en.js, i18n-fr.js, i18n-de.js: a key, its
// text); dates and numbers are written by Intl in that language. The
// language is the one chosen on the page (kept in this browser's
// localStorage), else the first of the browser's languages that has a
// catalogue, else English. Messages the server writes (an API's "error")
// stay as the server wrote them, in English.

import en from "/i18n-en.js";
import fr from "/i18n-fr.js";
import de from "/i18n-de.js";

export const CATALOGUES = { en, fr, de };
const KEY = "postreply-lang";
let lang = "en";

// The language to start with.
export function i18nPick() {
  let saved = null;
  try { saved = localStorage.getItem(KEY); } catch (e) { /* storage off */ }
  if (saved && CATALOGUES[saved]) return saved;
  for (const l of navigator.languages || [navigator.language || "en"]) {
    const base = String(l).toLowerCase().split("-")[0];
    if (CATALOGUES[base]) return base;
  }
  return "en";
}

// Use language code from now on; remember=true keeps it for next time.
export function i18nSet(code, remember) {
  lang = CATALOGUES[code] ? code : "en";
  document.documentElement.lang = lang;
  if (remember) {
    try { localStorage.setItem(KEY, lang); } catch (e) { /* storage off */ }
  }
}

export function i18nLang() {
  return lang;
}

// The text of key, its {name}s replaced by vars' values. A text with
// forms ({ one: ..., other: ... }) is chosen by vars.count, as Intl's
// plural rules of the language say; count is written as a number.
export function t(key, vars = {}) {
  let s = CATALOGUES[lang][key];
  if (s === undefined) s = en[key];
  if (s === undefined) return key;
  if (typeof s === "object") {
    const form = new Intl.PluralRules(lang).select(vars.count ?? 0);
    s = s[form] ?? s.other;
  }
  return s.replace(/\{(\w+)\}/g, (m, k) => {
    if (!(k in vars)) return m;
    return typeof vars[k] === "number" ? i18nNumber(vars[k]) : String(vars[k]);
  });
}

// A value of the database's vocabulary (a status, a type...) in words:
// the catalogue's "prefix.value", or the value with spaces for "_".
export function i18nWord(prefix, value) {
  if (value === null || value === undefined || value === "") return "";
  const key = prefix + "." + value;
  return key in en ? t(key) : String(value).replace(/_/g, " ");
}

export function i18nNumber(n) {
  return new Intl.NumberFormat(lang).format(n);
}

// A time from the API (ISO 8601) as this language writes it.
export function i18nDate(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  if (isNaN(d)) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium",
    timeStyle: "short" }).format(d);
}

// The static page (index.html): data-i18n names the key of an element's
// text, data-i18n-label that of its aria-label (and a button's tooltip).
export function i18nApply(root = document) {
  for (const e of root.querySelectorAll("[data-i18n]"))
    e.textContent = t(e.dataset.i18n);
  for (const e of root.querySelectorAll("[data-i18n-label]")) {
    e.setAttribute("aria-label", t(e.dataset.i18nLabel));
    if (e.tagName === "BUTTON") e.title = t(e.dataset.i18nLabel);
  }
}

// What the catalogues lack or have in excess, against English: for the
// tests, [] when every language says everything.
export function i18nMissing() {
  const out = [];
  for (const [code, cat] of Object.entries(CATALOGUES)) {
    for (const k of Object.keys(en))
      if (!(k in cat)) out.push(code + ": missing " + k);
    for (const k of Object.keys(cat))
      if (!(k in en)) out.push(code + ": unknown " + k);
  }
  return out;
}
