/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * auth: who is signed in to postreply-web. A session is a random 256-bit
 * id in an HttpOnly, SameSite=Lax cookie (Lax, not Strict: a link from
 * an alert mail must open the page signed in), stored hashed, ending
 * when idle for web_session_idle or older than web_session_max. Every
 * state-changing request also carries the session's CSRF token in a
 * header, which another site cannot read. Failed sign-ins are limited
 * per address and per client, so that passwords cannot be guessed at
 * the speed of the network; the answer never says whether an address
 * has an account.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "auth.h"
#include "conf.h"
#include "db.h"
#include "linkq.h"
#include "mailout.h"
#include "msg.h"
#include "password.h"
#include "proxy.h"
#include "ratelimit.h"
#include "xmalloc.h"

/*
 * Sign-ins within AUTH_WINDOW seconds before an address, or a client, is
 * refused for that long; each attempt counts, a right password too (they
 * are counted before the password is known). A client may be a whole
 * office behind one NAT address, so it is allowed more.
 */
#define AUTH_FAILURES 10
#define AUTH_CLIENT_FAILURES 100
#define AUTH_WINDOW (15 * 60)
#define AUTH_LINKS 5             /* links asked for one address per window */
#define AUTH_LINK_LIFE (15 * 60) /* seconds a sign-in link works */
#define AUTH_KEY_MAX 321         /* an address's key in the limits, at most */

static struct ratelimit *auth_by_address, *auth_by_client, *auth_links;
/* Checked against for an unknown address: as slow as a real one. */
static char *auth_dummy_hash;

static void auth_link_send(const char *email, const char *client);

void
auth_init(void)
{
	auth_by_address = ratelimit_new(AUTH_FAILURES, AUTH_WINDOW);
	auth_by_client = ratelimit_new(AUTH_CLIENT_FAILURES, AUTH_WINDOW);
	auth_links = ratelimit_new(AUTH_LINKS, AUTH_WINDOW);
	auth_dummy_hash = password_hash("postreply-web: no such user");
	linkq_init(auth_link_send);
}

struct auth_find {
	const char *id;
	struct users_who *who;
	int found;
};

static int
auth_find_run(PGconn *conn, void *arg)
{
	struct auth_find *f = arg;

	f->found =
	    users_session_find(conn, f->id, (int)conf_cur()->web_session_idle,
			       (int)conf_cur()->web_session_max, f->who);
	return f->found < 0 ? -1 : 0;
}

struct auth_proxied {
	const char *email;
	struct users_who *who;
	int found, made;
};

static int
auth_proxied_run(PGconn *conn, void *arg)
{
	struct auth_proxied *p = arg;

	if ((p->found = users_find(conn, p->email, p->who, NULL)) <= 0)
		return p->found;
	p->made = users_session_proxied(
	    conn, p->who->id, (int)conf_cur()->web_session_idle,
	    (int)conf_cur()->web_session_max, p->who->csrf);
	return p->made < 0 ? -1 : 0;
}

/*
 * The trusted proxy names user, and no session of theirs came with the
 * request: the user's one proxied session, made on their first request
 * and found again on the next (it holds the CSRF token the page sends
 * back). No cookie is set: the proxy vouches for every request, and a
 * client that keeps no cookie must not make a session each time. 1, 0
 * when no such user.
 */
static int
auth_proxied(struct http_req *r, const char *user)
{
	struct auth_proxied p;

	memset(&p, 0, sizeof(p));
	memset(&r->who, 0, sizeof(r->who));
	r->session[0] = 0;
	p.email = user;
	p.who = &r->who;
	if (dbpool_run(auth_proxied_run, &p) < 0)
		return -1;
	if (p.found <= 0) {
		msg_info("the proxy's user %.200s from %s is not a user here",
			 user, r->client);
		return 0;
	}
	if (p.made)
		msg_info("%s signed in from %s (proxy)", r->who.email,
			 r->client);
	r->by_proxy = 1;
	return 1;
}

int
auth_session(struct http_req *r)
{
	const char *id =
	    MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, HTTP_COOKIE);
	const char *user = proxy_user(r);
	struct auth_find f = {id, &r->who, 0};

	r->by_proxy = 0;
	if (id && dbpool_run(auth_find_run, &f) < 0)
		return -1;
	if (f.found)
		snprintf(r->session, sizeof(r->session), "%s", id);
	/* Behind a proxy that authenticates, the proxy says who it is. */
	if (user && !(f.found && strcasecmp(r->who.email, user) == 0))
		return auth_proxied(r, user);
	return f.found;
}

/* Equal strings, compared whole whatever their difference. */
static int
auth_same(const char *a, const char *b)
{
	size_t i, n = strlen(a);
	unsigned char diff = n != strlen(b);

	for (i = 0; i < n && b[i]; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0;
}

int
auth_csrf_ok(const struct http_req *r)
{
	const char *token = MHD_lookup_connection_value(
	    r->conn, MHD_HEADER_KIND, HTTP_CSRF_HEADER);

	return token && *r->who.csrf && auth_same(token, r->who.csrf);
}

/* The cookie that carries id; "" and Max-Age=0 removes it. */
static char *
auth_cookie(const char *id)
{
	const char *url = conf_cur()->web_base_url;
	int secure =
	    strncmp(url, "https://", 8) == 0 || *conf_cur()->web_tls_cert_file;

	return xasprintf(
	    "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%lld%s",
	    HTTP_COOKIE, id, *id ? conf_cur()->web_session_max : 0,
	    secure ? "; Secure" : "");
}

/* The signed-in user as the pages need it. */
static json_object *
auth_who_json(const struct users_who *who)
{
	json_object *obj = json_object_new_object();

	json_object_object_add(obj, "email",
			       json_object_new_string(who->email));
	json_object_object_add(obj, "admin",
			       json_object_new_boolean(who->admin));
	json_object_object_add(obj, "csrf", json_object_new_string(who->csrf));
	return obj;
}

/* The session made for who: cookie set, who answered. */
static enum MHD_Result
auth_signed_in(struct http_req *r, const struct users_who *who, const char *id,
	       const char *how)
{
	msg_info("%s signed in from %s (%s)", who->email, r->client, how);
	r->set_cookie = auth_cookie(id);
	return http_json_obj(r, MHD_HTTP_OK, auth_who_json(who));
}

struct auth_signin {
	const char *email, *password;
	struct users_who who;
	char *hash;
	int found;
	char id[65];
};

static int
auth_signin_find(PGconn *conn, void *arg)
{
	struct auth_signin *s = arg;

	s->found = users_find(conn, s->email, &s->who, &s->hash);
	return s->found < 0 ? -1 : 0;
}

static int
auth_signin_session(PGconn *conn, void *arg)
{
	struct auth_signin *s = arg;

	users_purge(conn, (int)conf_cur()->web_session_idle,
		    (int)conf_cur()->web_session_max);
	return users_session_new(conn, s->who.id, s->id, s->who.csrf);
}

/*
 * The key of an address in the rate limits: as the database compares
 * addresses (without case), and bounded, so that "Alice@" and "alice@"
 * share their count and a huge address costs no memory.
 */
static void
auth_key(const char *email, char *key, size_t len)
{
	size_t i;

	for (i = 0; email[i] && i + 1 < len; i++)
		key[i] = (char)tolower((unsigned char)email[i]);
	key[i] = 0;
}

/*
 * Too many attempts from this client or for this address? Each attempt
 * is counted before its work, so that guesses sent in parallel cannot
 * all pass before the first failure is known.
 */
static int
auth_limited(struct ratelimit *by_address, const struct http_req *r,
	     const char *key)
{
	time_t now = time(NULL);

	if (ratelimit_blocked(auth_by_client, r->client, now) ||
	    ratelimit_blocked(by_address, key, now))
		return 1;
	ratelimit_fail(auth_by_client, r->client, now);
	ratelimit_fail(by_address, key, now);
	return 0;
}

static enum MHD_Result
auth_unavailable(struct http_req *r)
{
	return http_error(r, MHD_HTTP_SERVICE_UNAVAILABLE,
			  "the database is unavailable; try again in a "
			  "moment");
}

/* The password checked outside the pool: hashing takes CPU, not a slot. */
static enum MHD_Result
auth_signin_check(struct http_req *r, struct auth_signin *s)
{
	int ok;

	if (dbpool_run(auth_signin_find, s) < 0)
		return auth_unavailable(r);
	/*
	 * An unknown address, or one without a password (sign-in by link
	 * only), does the same work, so the time does not tell; neither
	 * can ever match.
	 */
	ok = password_check(s->password, s->hash ? s->hash : auth_dummy_hash);
	ok = ok && s->found > 0 && s->hash != NULL;
	free(s->hash);
	s->hash = NULL;
	if (!ok) {
		msg_info("sign-in refused for %s from %s", s->email, r->client);
		return http_error(r, MHD_HTTP_UNAUTHORIZED,
				  "wrong address or password");
	}
	if (dbpool_run(auth_signin_session, s) < 0)
		return auth_unavailable(r);
	return auth_signed_in(r, &s->who, s->id, "password");
}

enum MHD_Result
auth_signin(struct http_req *r)
{
	static const char *const keys[] = {"email", "password", NULL};
	struct auth_signin s;
	enum MHD_Result ret;
	json_object *body = http_body(r, keys, &ret);
	char key[AUTH_KEY_MAX];

	if (body == NULL)
		return ret;
	memset(&s, 0, sizeof(s));
	s.email = http_str(body, "email");
	s.password = http_str(body, "password");
	if (s.email == NULL || s.password == NULL)
		ret = http_error(r, MHD_HTTP_BAD_REQUEST,
				 "email and password are needed");
	else if (auth_key(s.email, key, sizeof(key)),
		 auth_limited(auth_by_address, r, key))
		ret = http_error(r, MHD_HTTP_TOO_MANY_REQUESTS,
				 "too many sign-ins; try again in 15 minutes");
	else
		ret = auth_signin_check(r, &s);
	json_object_put(body);
	return ret;
}

static int
auth_signout_run(PGconn *conn, void *arg)
{
	struct http_req *r = arg;

	return users_session_end(conn, r->session);
}

/*
 * Where a user the proxy signed in signs out: the proxy's own page
 * (web_proxy_signout_url), or null when there is none (the page then
 * offers no sign-out: it is the organisation's sign-on that ends it).
 */
static json_object *
auth_proxy_signout(void)
{
	const char *url = conf_cur()->web_proxy_signout_url;

	return *url ? json_object_new_string(url) : NULL;
}

/*
 * Signing out ends the session and its cookie. A user the proxy signed
 * in has neither: the proxy vouches for each request until its own
 * sign-out, to which the answer points ("signout_url").
 */
enum MHD_Result
auth_signout(struct http_req *r)
{
	json_object *obj;

	if (r->by_proxy) {
		obj = json_object_new_object();
		json_object_object_add(obj, "signout_url",
				       auth_proxy_signout());
		return http_json_obj(r, MHD_HTTP_OK, obj);
	}
	if (dbpool_run(auth_signout_run, r) < 0)
		return auth_unavailable(r);
	r->set_cookie = auth_cookie("");
	return http_json(r, MHD_HTTP_OK, "{}");
}

enum MHD_Result
auth_me(struct http_req *r)
{
	json_object *obj = auth_who_json(&r->who);

	/* Signed in by the proxy: the page says so, and where to sign out. */
	json_object_object_add(obj, "proxied",
			       json_object_new_boolean(r->by_proxy));
	if (r->by_proxy)
		json_object_object_add(obj, "signout_url",
				       auth_proxy_signout());
	return http_json_obj(r, MHD_HTTP_OK, obj);
}

struct auth_link {
	const char *email;
	char to[256]; /* the address as the user was added */
	char token[65];
	int made;
};

static int
auth_link_run(PGconn *conn, void *arg)
{
	struct auth_link *l = arg;

	l->made =
	    users_link_new(conn, l->email, AUTH_LINK_LIFE, l->token, l->to);
	return l->made < 0 ? -1 : 0;
}

/*
 * The link carries its token after '#': browsers do not send that part,
 * so it stays out of logs and Referer headers, and a mail scanner that
 * fetches the link does not use it up; the page posts it.
 */
static char *
auth_link_mail(const char *token)
{
	const char *base = conf_cur()->web_base_url;
	size_t n = strlen(base);

	return xasprintf("To sign in to postreply, open this link:\n\n"
			 "%.*s/#/link/%s\n\n"
			 "It works once, within 15 minutes. If you did not ask "
			 "for it, ignore this message: nobody can sign in "
			 "without it.\n\n-- \npostreply\n",
			 (int)(n && base[n - 1] == '/' ? n - 1 : n), base,
			 token);
}

/*
 * The link for email, made and mailed by the queue's thread (linkq) once
 * the request has been answered: nothing is said to the asker, so
 * failures go to the log.
 */
static void
auth_link_send(const char *email, const char *client)
{
	struct auth_link l;
	char *text, *why;

	memset(&l, 0, sizeof(l));
	l.email = email;
	if (dbpool_run(auth_link_run, &l) < 0) {
		msg_warn("sign-in link for %s not made: the database failed",
			 email);
		return;
	}
	if (!l.made)
		return;
	text = auth_link_mail(l.token);
	why = mailout_own(NULL, l.to, "[postreply] Your sign-in link", text);
	free(text);
	if (why) {
		msg_warn("sign-in link for %s not sent: %s", l.to, why);
		free(why);
		return;
	}
	msg_info("sign-in link sent to %s (asked from %s)", l.to, client);
}

enum MHD_Result
auth_link_request(struct http_req *r)
{
	static const char *const keys[] = {"email", NULL};
	enum MHD_Result ret;
	json_object *body = http_body(r, keys, &ret), *out;
	const char *email;
	char key[AUTH_KEY_MAX];

	if (body == NULL)
		return ret;
	if ((email = http_str(body, "email")) == NULL || !*email) {
		json_object_put(body);
		return http_error(r, MHD_HTTP_BAD_REQUEST, "email is needed");
	}
	/* Every request counts: each one sends mail. */
	auth_key(email, key, sizeof(key));
	if (auth_limited(auth_links, r, key)) {
		json_object_put(body);
		return http_error(r, MHD_HTTP_TOO_MANY_REQUESTS,
				  "too many sign-in links asked for; try again "
				  "in 15 minutes");
	}
	/* Made and sent after the answer, which says the same for all. */
	if (linkq_add(email, r->client) < 0) {
		json_object_put(body);
		return http_error(r, MHD_HTTP_SERVICE_UNAVAILABLE,
				  "too many sign-in links are waiting to be "
				  "sent; try again in a minute");
	}
	out = json_object_new_object();
	json_object_object_add(
	    out, "message",
	    json_object_new_string("If this address may sign in, a link is on "
				   "its way. It works once, within 15 "
				   "minutes."));
	json_object_put(body);
	return http_json_obj(r, MHD_HTTP_OK, out);
}

struct auth_use {
	const char *token;
	struct users_who who;
	char id[65];
	int ok;
};

static int
auth_use_run(PGconn *conn, void *arg)
{
	struct auth_use *u = arg;

	u->ok = users_link_session(conn, u->token, u->id, &u->who);
	return u->ok < 0 ? -1 : 0;
}

enum MHD_Result
auth_link_use(struct http_req *r)
{
	static const char *const keys[] = {"token", NULL};
	struct auth_use u;
	enum MHD_Result ret;
	json_object *body = http_body(r, keys, &ret);

	if (body == NULL)
		return ret;
	memset(&u, 0, sizeof(u));
	u.token = http_str(body, "token");
	if (u.token &&
	    ratelimit_blocked(auth_by_client, r->client, time(NULL))) {
		json_object_put(body);
		return http_error(r, MHD_HTTP_TOO_MANY_REQUESTS,
				  "too many failed sign-ins; try again in "
				  "15 minutes");
	}
	if (u.token == NULL || dbpool_run(auth_use_run, &u) < 0) {
		json_object_put(body);
		return u.token ? auth_unavailable(r)
			       : http_error(r, MHD_HTTP_BAD_REQUEST,
					    "token is needed");
	}
	json_object_put(body);
	if (!u.ok) {
		ratelimit_fail(auth_by_client, r->client, time(NULL));
		return http_error(r, MHD_HTTP_UNAUTHORIZED,
				  "this sign-in link is unknown, used or "
				  "expired; ask for a new one");
	}
	return auth_signed_in(r, &u.who, u.id, "link");
}

void
auth_stop(void)
{
	linkq_stop();
}
