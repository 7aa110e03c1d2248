/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * admin: the administrators' page's API, through core/users as
 * postreplyctl user add / grant / revoke / list do it. The session's
 * user must be an admin (looked up with the session, on each request);
 * anyone else is answered 403 before the body is read.
 */
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "db.h"
#include "replyaddr.h"
#include "users.h"
#include "xmalloc.h"

/* One call: what was asked, what came of it. */
struct admin {
	const char *email, *account;
	int admin, grant; /* grant: 1 grant, 0 revoke */
	int rc;
	char *out;
};

static enum MHD_Result
admin_refused(struct http_req *r)
{
	return http_error(r, MHD_HTTP_FORBIDDEN,
			  "this is for administrators only");
}

static enum MHD_Result
admin_unavailable(struct http_req *r)
{
	return http_error(r, MHD_HTTP_SERVICE_UNAVAILABLE,
			  "the database is unavailable; try again in a moment");
}

static int
admin_list_run(PGconn *conn, void *arg)
{
	struct admin *a = arg;
	PGresult *res = users_list_json(conn);

	if (res == NULL)
		return -1;
	a->out = xstrdup(PQntuples(res) ? PQgetvalue(res, 0, 0) : "[]");
	PQclear(res);
	return 0;
}

enum MHD_Result
admin_users(struct http_req *r)
{
	struct admin a = {0};
	enum MHD_Result ret;

	if (!r->who.admin)
		return admin_refused(r);
	if (dbpool_run(admin_list_run, &a) < 0)
		return admin_unavailable(r);
	ret = http_json(r, MHD_HTTP_OK, a.out);
	free(a.out);
	return ret;
}

static int
admin_add_run(PGconn *conn, void *arg)
{
	struct admin *a = arg;

	a->rc = users_add(conn, a->email, a->admin);
	return a->rc < 0 ? -1 : 0;
}

static int
admin_grant_run(PGconn *conn, void *arg)
{
	struct admin *a = arg;

	a->rc = a->grant ? users_grant(conn, a->email, a->account)
			 : users_revoke(conn, a->email, a->account);
	return a->rc < 0 ? -1 : 0;
}

/* A boolean member, or dflt when absent; -1 when not a boolean. */
static int
admin_bool(json_object *body, const char *key, int dflt)
{
	json_object *v;

	if (!json_object_object_get_ex(body, key, &v))
		return dflt;
	if (!json_object_is_type(v, json_type_boolean))
		return -1;
	return json_object_get_boolean(v);
}

/* Read the body, check it, run fn: the answer. */
static enum MHD_Result
admin_change(struct http_req *r, const char *const *keys, int grant,
	     int (*fn)(PGconn *, void *))
{
	struct admin a = {0};
	json_object *body;
	enum MHD_Result ret;

	if (!r->who.admin)
		return admin_refused(r);
	if ((body = http_body(r, keys, &ret)) == NULL)
		return ret;
	a.email = http_str(body, "email");
	a.account = http_str(body, "account");
	a.admin = admin_bool(body, "admin", 0);
	a.grant = admin_bool(body, "granted", 1);
	if (a.email == NULL || !replyaddr_plausible(a.email))
		ret = http_error(r, MHD_HTTP_BAD_REQUEST,
				 "email must be an address (name@domain)");
	else if (grant && (a.account == NULL || *a.account == 0))
		ret = http_error(r, MHD_HTTP_BAD_REQUEST,
				 "account must be an account's address");
	else if (a.admin < 0 || a.grant < 0)
		ret = http_error(r, MHD_HTTP_BAD_REQUEST,
				 "admin and granted must be true or false");
	else if (dbpool_run(fn, &a) < 0)
		ret = admin_unavailable(r);
	else if (a.rc == 0 && !grant)
		ret = http_error(r, MHD_HTTP_CONFLICT,
				 "there is already a user %s", a.email);
	else if (a.rc == 0)
		ret = http_error(r, MHD_HTTP_NOT_FOUND,
				 "no such user or account");
	else
		ret = http_json(r, MHD_HTTP_OK, "{}");
	json_object_put(body);
	return ret;
}

enum MHD_Result
admin_user_add(struct http_req *r)
{
	static const char *const keys[] = {"email", "admin", NULL};

	return admin_change(r, keys, 0, admin_add_run);
}

enum MHD_Result
admin_grant(struct http_req *r)
{
	static const char *const keys[] = {"email", "account", "granted", NULL};

	return admin_change(r, keys, 1, admin_grant_run);
}
