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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "conf.h"
#include "db.h"
#include "msg.h"
#include "password.h"
#include "ratelimit.h"
#include "xmalloc.h"

/*
 * Failed sign-ins within AUTH_WINDOW seconds before an address, or a
 * client, is refused for that long. A client may be a whole office
 * behind one NAT address, so it is allowed more.
 */
#define AUTH_FAILURES 10
#define AUTH_CLIENT_FAILURES 100
#define AUTH_WINDOW (15 * 60)

static struct ratelimit *auth_by_address, *auth_by_client;
/* Checked against for an unknown address: as slow as a real one. */
static char *auth_dummy_hash;

void
auth_init(void)
{
	auth_by_address = ratelimit_new(AUTH_FAILURES, AUTH_WINDOW);
	auth_by_client = ratelimit_new(AUTH_CLIENT_FAILURES, AUTH_WINDOW);
	auth_dummy_hash = password_hash("postreply-web: no such user");
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

	f->found = users_session_find(conn, f->id,
				      (int)conf_cur()->web_session_idle,
				      (int)conf_cur()->web_session_max, f->who);
	return f->found < 0 ? -1 : 0;
}

int
auth_session(struct http_req *r)
{
	const char *id = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND,
						     HTTP_COOKIE);
	struct auth_find f = {id, &r->who, 0};

	if (id == NULL)
		return 0;
	if (dbpool_run(auth_find_run, &f) < 0)
		return -1;
	if (f.found)
		snprintf(r->session, sizeof(r->session), "%s", id);
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
	int secure = strncmp(url, "https://", 8) == 0;

	return xasprintf("%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%lld%s",
			 HTTP_COOKIE, id, *id ? conf_cur()->web_session_max : 0,
			 secure ? "; Secure" : "");
}

/* The signed-in user as the pages need it. */
static json_object *
auth_who_json(const struct users_who *who)
{
	json_object *obj = json_object_new_object();

	json_object_object_add(obj, "email", json_object_new_string(who->email));
	json_object_object_add(obj, "admin", json_object_new_boolean(who->admin));
	json_object_object_add(obj, "csrf", json_object_new_string(who->csrf));
	return obj;
}

struct auth_signin {
	const char *email, *password;
	struct users_who who;
	char id[65];
	int ok;
};

static int
auth_signin_run(PGconn *conn, void *arg)
{
	struct auth_signin *s = arg;
	char *hash = NULL;
	int rc = users_find(conn, s->email, &s->who, &hash);

	/* Unknown address: the same work, so the time does not tell. */
	s->ok = password_check(s->password, hash ? hash : auth_dummy_hash) &&
		rc > 0;
	free(hash);
	if (rc < 0)
		return -1;
	if (s->ok && users_session_new(conn, s->who.id, s->id, s->who.csrf) < 0)
		return -1;
	return 0;
}

/* Too many failures from this address or for this account? */
static int
auth_limited(const struct http_req *r, const char *email)
{
	time_t now = time(NULL);

	return ratelimit_blocked(auth_by_client, r->client, now) ||
	       ratelimit_blocked(auth_by_address, email, now);
}

enum MHD_Result
auth_signin(struct http_req *r)
{
	static const char *const keys[] = {"email", "password", NULL};
	struct auth_signin s;
	enum MHD_Result ret;
	json_object *body = http_body(r, keys, &ret);

	if (body == NULL)
		return ret;
	memset(&s, 0, sizeof(s));
	s.email = http_str(body, "email");
	s.password = http_str(body, "password");
	if (s.email == NULL || s.password == NULL) {
		json_object_put(body);
		return http_error(r, MHD_HTTP_BAD_REQUEST,
				  "email and password are needed");
	}
	if (auth_limited(r, s.email)) {
		json_object_put(body);
		return http_error(r, MHD_HTTP_TOO_MANY_REQUESTS,
				  "too many failed sign-ins; try again in "
				  "15 minutes");
	}
	if (dbpool_run(auth_signin_run, &s) < 0) {
		json_object_put(body);
		return http_error(r, MHD_HTTP_SERVICE_UNAVAILABLE,
				  "the database is unavailable; try again "
				  "in a moment");
	}
	if (!s.ok) {
		ratelimit_fail(auth_by_client, r->client, time(NULL));
		ratelimit_fail(auth_by_address, s.email, time(NULL));
		msg_info("sign-in refused for %s from %s", s.email, r->client);
		json_object_put(body);
		return http_error(r, MHD_HTTP_UNAUTHORIZED,
				  "wrong address or password");
	}
	msg_info("%s signed in from %s", s.who.email, r->client);
	json_object_put(body);
	r->set_cookie = auth_cookie(s.id);
	return http_json_obj(r, MHD_HTTP_OK, auth_who_json(&s.who));
}

static int
auth_signout_run(PGconn *conn, void *arg)
{
	struct http_req *r = arg;

	return users_session_end(conn, r->session);
}

enum MHD_Result
auth_signout(struct http_req *r)
{
	if (dbpool_run(auth_signout_run, r) < 0)
		return http_error(r, MHD_HTTP_SERVICE_UNAVAILABLE,
				  "the database is unavailable; try again "
				  "in a moment");
	r->set_cookie = auth_cookie("");
	return http_json(r, MHD_HTTP_OK, "{}");
}

enum MHD_Result
auth_me(struct http_req *r)
{
	return http_json_obj(r, MHD_HTTP_OK, auth_who_json(&r->who));
}
