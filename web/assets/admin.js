// SPDX-License-Identifier: BSD-2-Clause
// The administrators' page: the accounts, the users and what each may
// see; add a user, grant or take back an account. The server refuses
// anyone else (403); the page's link shows only for admins.

import { t } from "/i18n.js";

export async function adminView(ctx, note) {
  const { el, api, show, title, failure } = ctx;
  const [u, a] = await Promise.all([api("GET", "/api/admin/users"), api("GET", "/api/accounts")]);
  if (!u.ok || !a.ok) return show(el("p", { class: "error" }, failure(u.ok ? a : u)));
  const redraw = (message) => adminView(ctx, message);
  const msg = el("p", { role: "status", class: "quiet", id: "admin-note" }, note || "");
  const fail = (r) => { msg.className = "error"; msg.textContent = failure(r); };

  const email = el("input", { type: "email", id: "new-user", required: true });
  const admin = el("input", { type: "checkbox", id: "new-user-admin" });
  const addForm = el("form", { onsubmit: async (ev) => {
    ev.preventDefault();
    const r = await api("POST", "/api/admin/users", { email: email.value, admin: admin.checked });
    if (r.ok) return redraw(t("admin.added", { email: email.value }));
    fail(r);
  } },
    el("h2", {}, t("admin.add")),
    el("label", { for: "new-user" }, t("admin.email")), email,
    el("label", { for: "new-user-admin" }, admin, " " + t("admin.is_admin")),
    el("div", { class: "actions" }, el("button", { type: "submit" }, t("admin.add_user"))));

  const user = el("select", { id: "grant-user" }, u.data.map((x) => el("option", { value: x.email }, x.email)));
  const account = el("select", { id: "grant-account" }, a.data.map((x) => el("option", { value: x.email }, x.email)));
  const grant = async (granted) => {
    const r = await api("POST", "/api/admin/grants", { email: user.value, account: account.value, granted });
    if (r.ok) return redraw(t(granted ? "admin.granted" : "admin.revoked",
      { account: account.value, email: user.value }));
    fail(r);
  };
  const grantForm = el("form", { onsubmit: (ev) => { ev.preventDefault(); grant(true); } },
    el("h2", {}, t("admin.grant_title")),
    el("label", { for: "grant-user" }, t("admin.user")), user,
    el("label", { for: "grant-account" }, t("admin.account")), account,
    el("div", { class: "actions" },
      el("button", { type: "submit" }, t("admin.grant")),
      el("button", { type: "button", onclick: () => grant(false) }, t("admin.revoke"))));

  const th = (key) => el("th", { scope: "col" }, t(key));
  const users = el("table", { class: "list", id: "users" },
    el("caption", {}, t("admin.users")),
    el("thead", {}, el("tr", {}, th("admin.user"), th("admin.role"), th("admin.signin"), th("admin.accounts"))),
    el("tbody", {}, u.data.map((x) => el("tr", {},
      el("td", {}, x.email), el("td", {}, t(x.admin ? "admin.role_admin" : "admin.role_user")),
      el("td", {}, t(x.password ? "admin.password" : "admin.link_only")),
      el("td", {}, x.admin ? t("admin.all") : (x.accounts.join(", ") || t("admin.none")))))));
  const accounts = el("table", { class: "list", id: "accounts" },
    el("caption", {}, t("admin.accounts")),
    el("thead", {}, el("tr", {}, th("admin.account"), th("admin.name"), th("admin.reply_to"), th("admin.automation"))),
    el("tbody", {}, a.data.map((x) => el("tr", {},
      el("td", {}, el("a", { href: "#/settings/" + x.id }, x.email)), el("td", {}, x.name || t("app.none")),
      el("td", {}, x.reply_to || x.email), el("td", {}, t(x.paused ? "admin.paused" : "admin.on"))))));
  title(t("admin.title"));
  show(el("h1", {}, t("admin.title")), msg, users, accounts, addForm, grantForm);
}
