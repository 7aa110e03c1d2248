/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * custpage: the customer page's API. The customer is reached through one
 * of their conversations, under the user's grant (another account's is
 * 404, as one that does not exist); their other conversations are those
 * with the same address (customers are per account) in accounts the user
 * may see, so a grant never shows more than it grants. Changes go
 * through the conversation's own actions (web/act.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "act.h"
#include "custpage.h"
#include "customer.h"
#include "db.h"
#include "users.h"
#include "xmalloc.h"

static const char custpage_sql[] =
    "SELECT jsonb_build_object('conversation', cv.id, 'account', a.email,"
    " 'email', c.email, 'name', c.name, 'status', c.status,"
    " 'do_not_contact', " CUSTOMER_DO_NOT_CONTACT(
	"c") ","
	     " 'bouncing', c.bouncing, 'tags', to_jsonb(c.tags),"
	     " 'created_at', c.created_at,"
	     " 'conversations', (SELECT coalesce(jsonb_agg(jsonb_build_object("
	     "  'id', v2.id, 'account', a2.email, 'status', c2.status,"
	     "  'unread', v2.unread_count, 'last_activity_at',"
	     "  v2.last_activity_at) ORDER BY v2.last_activity_at DESC,"
	     "  v2.id DESC), '[]') FROM customers c2"
	     "  JOIN conversations v2 ON v2.customer_id = c2.id"
	     "  JOIN accounts a2 ON a2.id = v2.account_id"
	     "  WHERE lower(c2.email) = lower(c.email) AND " USERS_SEES(
		 "$2::bigint",
		 "v2.account_id") "))::text"
				  " FROM conversations cv"
				  " JOIN accounts a ON a.id = "
				  "cv.account_id"
				  " JOIN customers c ON c.id = "
				  "cv.customer_id"
				  " WHERE cv.id = $1 AND " USERS_SEES(
				      "$2::bigint", "cv.account_id");

struct custpage {
	long long user, id;
	char *out;
};

static int
custpage_run(PGconn *conn, void *arg)
{
	struct custpage *c = arg;
	char idbuf[32], user[32];
	const char *params[] = {idbuf, user};
	PGresult *res;

	snprintf(idbuf, sizeof(idbuf), "%lld", c->id);
	snprintf(user, sizeof(user), "%lld", c->user);
	if ((res = db_query(conn, custpage_sql, 2, params)) == NULL)
		return -1;
	if (PQntuples(res) > 0)
		c->out = xstrdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return 0;
}

enum MHD_Result
custpage_get(struct http_req *r, const char *id)
{
	struct custpage c = {0};
	enum MHD_Result ret;

	c.user = r->who.id;
	if ((c.id = act_id(id)) < 0)
		return http_error(r, MHD_HTTP_NOT_FOUND,
				  "no such conversation");
	if (dbpool_run(custpage_run, &c) < 0)
		return http_error(r, MHD_HTTP_SERVICE_UNAVAILABLE,
				  "the database is unavailable; try again in "
				  "a moment");
	if (c.out == NULL)
		return http_error(r, MHD_HTTP_NOT_FOUND,
				  "no such conversation");
	ret = http_json(r, MHD_HTTP_OK, c.out);
	free(c.out);
	return ret;
}
