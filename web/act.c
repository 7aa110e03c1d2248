/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * act: the page's actions on a conversation, through core/actions and
 * core/replies, as postreplyctl does them. Each starts by asking the
 * database for the conversation's account and customer under the
 * user's grant (views_conversation_parties): a conversation the user may
 * not see is 404, as one that does not exist. Events name the user who
 * acted.
 */
#include <stdlib.h>
#include <string.h>

#include "act.h"
#include "actions.h"
#include "db.h"
#include "replies.h"
#include "views.h"

#define ACT_MAX_TEXT 20000 /* bytes of a note or a logged reply */

/* One action: what the route asked, the body, and what came of it. */
struct act {
	struct http_req *r;
	long long id, account, customer;
	json_object *body;
	int (*run)(PGconn *conn, struct act *a);
	int found;
	int rc; /* the action's own result */
	long long out;
};

static int
act_run(PGconn *conn, void *arg)
{
	struct act *a = arg;

	a->found = views_conversation_parties(conn, a->r->who.id, a->id,
					      &a->account, &a->customer);
	if (a->found <= 0)
		return a->found;
	a->rc = a->run(conn, a);
	return a->rc < 0 ? -1 : 0;
}

long long
act_id(const char *s)
{
	char *end;
	long long n;

	if (*s < '0' || *s > '9')
		return -1;
	n = strtoll(s, &end, 10);
	return *end || n <= 0 ? -1 : n;
}

/* Check the body, then run fn on the conversation; answer ok or why. */
static enum MHD_Result
act_do(struct http_req *r, const char *id, const char *const *keys,
       const char *(*check)(json_object *body),
       int (*fn)(PGconn *, struct act *))
{
	struct act a;
	enum MHD_Result ret;
	const char *why;

	memset(&a, 0, sizeof(a));
	a.r = r;
	a.run = fn;
	if ((a.body = http_body(r, keys, &ret)) == NULL)
		return ret;
	if (check && (why = check(a.body)) != NULL)
		ret = http_error(r, MHD_HTTP_BAD_REQUEST, "%s", why);
	else if ((a.id = act_id(id)) < 0)
		ret = http_error(r, MHD_HTTP_NOT_FOUND, "no such conversation");
	else if (dbpool_run(act_run, &a) < 0)
		ret = http_error(r, MHD_HTTP_SERVICE_UNAVAILABLE,
				 "the database is unavailable; try again in "
				 "a moment");
	else if (a.found == 0)
		ret = http_error(r, MHD_HTTP_NOT_FOUND, "no such conversation");
	else
		ret = http_json(r, MHD_HTTP_OK, "{}");
	json_object_put(a.body);
	return ret;
}

/* A text field present, not empty, within bounds. */
static const char *
act_text(json_object *body, const char *key)
{
	const char *t = http_str(body, key);

	if (t == NULL || t[strspn(t, " \t\r\n")] == 0)
		return "the text is empty";
	if (strlen(t) > ACT_MAX_TEXT)
		return "the text is longer than 20000 bytes";
	return NULL;
}

static const char *
act_status_check(json_object *body)
{
	const char *s = http_str(body, "status");

	return s && actions_status_valid(s) ? NULL : "unknown status";
}

static int
act_status_run(PGconn *conn, struct act *a)
{
	struct actions_status_result res;

	return actions_status(conn, a->account, a->customer,
			      http_str(a->body, "status"), a->r->who.email,
			      &res);
}

enum MHD_Result
act_status(struct http_req *r, const char *id)
{
	static const char *const keys[] = {"status", NULL};

	return act_do(r, id, keys, act_status_check, act_status_run);
}

static const char *
act_note_check(json_object *body)
{
	return act_text(body, "text");
}

static int
act_note_run(PGconn *conn, struct act *a)
{
	return actions_note(conn, a->account, a->customer,
			    http_str(a->body, "text"), a->r->who.email);
}

enum MHD_Result
act_note(struct http_req *r, const char *id)
{
	static const char *const keys[] = {"text", NULL};

	return act_do(r, id, keys, act_note_check, act_note_run);
}

static int
act_read_run(PGconn *conn, struct act *a)
{
	return actions_read(conn, a->account, a->customer, &a->out);
}

enum MHD_Result
act_read(struct http_req *r, const char *id)
{
	static const char *const keys[] = {NULL};

	return act_do(r, id, keys, NULL, act_read_run);
}

static const char *
act_log_check(json_object *body)
{
	static const char *const channels[] = {"phone", "meeting", "email",
					       "other", NULL};
	const char *c = http_str(body, "channel");
	const char *const *p;

	for (p = channels; c && *p && strcmp(*p, c) != 0; p++)
		;
	if (c == NULL || *p == NULL)
		return "channel must be phone, meeting, email or other";
	return act_text(body, "text");
}

static int
act_log_run(PGconn *conn, struct act *a)
{
	return replies_log(conn, a->account, a->customer,
			   http_str(a->body, "channel"),
			   http_str(a->body, "text"), a->r->who.email, &a->out);
}

enum MHD_Result
act_log_reply(struct http_req *r, const char *id)
{
	static const char *const keys[] = {"channel", "text", NULL};

	return act_do(r, id, keys, act_log_check, act_log_run);
}
