// SPDX-License-Identifier: BSD-2-Clause
// The administrators' page: the accounts, the users and what each may
// see; add a user, grant or take back an account. The server refuses
// anyone else (403); the page's link shows only for admins.

export async function adminView({ el, api, show }, note) {
  const [u, a] = await Promise.all([api("GET", "/api/admin/users"), api("GET", "/api/accounts")]);
  if (!u.ok || !a.ok) return show(el("p", { class: "error" }, (u.ok ? a : u).data.error || "Failed"));
  const redraw = (message) => adminView({ el, api, show }, message);
  const msg = el("p", { role: "status", class: "quiet", id: "admin-note" }, note || "");
  const fail = (r) => { msg.className = "error"; msg.textContent = r.data.error || "Failed"; };

  const email = el("input", { type: "email", id: "new-user", required: true });
  const admin = el("input", { type: "checkbox", id: "new-user-admin" });
  const addForm = el("form", { onsubmit: async (ev) => {
    ev.preventDefault();
    const r = await api("POST", "/api/admin/users", { email: email.value, admin: admin.checked });
    if (r.ok) return redraw("Added " + email.value + ".");
    fail(r);
  } },
    el("h2", {}, "Add a user"),
    el("label", { for: "new-user" }, "Email address"), email,
    el("label", { for: "new-user-admin" }, admin, " Administrator (sees every account, manages users)"),
    el("div", { class: "actions" }, el("button", { type: "submit" }, "Add user")));

  const user = el("select", { id: "grant-user" }, u.data.map((x) => el("option", { value: x.email }, x.email)));
  const account = el("select", { id: "grant-account" }, a.data.map((x) => el("option", { value: x.email }, x.email)));
  const grant = async (granted) => {
    const r = await api("POST", "/api/admin/grants", { email: user.value, account: account.value, granted });
    if (r.ok) return redraw((granted ? "Granted " : "Took back ") + account.value + (granted ? " to " : " from ") + user.value + ".");
    fail(r);
  };
  const grantForm = el("form", { onsubmit: (ev) => { ev.preventDefault(); grant(true); } },
    el("h2", {}, "Grant an account"),
    el("label", { for: "grant-user" }, "User"), user,
    el("label", { for: "grant-account" }, "Account"), account,
    el("div", { class: "actions" },
      el("button", { type: "submit" }, "Grant"),
      el("button", { type: "button", onclick: () => grant(false) }, "Revoke")));

  const users = el("table", { class: "list", id: "users" },
    el("caption", {}, "Users"),
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "User"), el("th", { scope: "col" }, "Role"),
      el("th", { scope: "col" }, "Sign-in"), el("th", { scope: "col" }, "Accounts"))),
    el("tbody", {}, u.data.map((x) => el("tr", {},
      el("td", {}, x.email), el("td", {}, x.admin ? "admin" : "user"),
      el("td", {}, x.password ? "password or link" : "link only"),
      el("td", {}, x.admin ? "all" : (x.accounts.join(", ") || "none"))))));
  const accounts = el("table", { class: "list", id: "accounts" },
    el("caption", {}, "Accounts"),
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Account"), el("th", { scope: "col" }, "Name"),
      el("th", { scope: "col" }, "Replies go to"), el("th", { scope: "col" }, "Automation"))),
    el("tbody", {}, a.data.map((x) => el("tr", {},
      el("td", {}, el("a", { href: "#/settings/" + x.id }, x.email)), el("td", {}, x.name || "—"),
      el("td", {}, x.reply_to || x.email), el("td", {}, x.paused ? "paused" : "on")))));
  document.title = "Administration · postreply";
  show(el("h1", {}, "Administration"), msg, users, accounts, addForm, grantForm);
}
