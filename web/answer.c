/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * answer: a user answers a customer from the conversation page. GET
 * /api/conversations/ID/answer says what the compose form starts with
 * (to whom, the subject "Re: ..."); POST with {"subject", "text"} sends
 * the email as the account, through the MTA, with a fresh reply
 * address, threaded under the customer's last reply (In-Reply-To) and
 * the first email of the conversation (References).
 *
 * Contract, as postreplyctl send's: the email is recorded as pending
 * (core/sentmail) before it is submitted, then confirmed (an email_sent
 * event on the timeline) when the MTA took it, or failed with the MTA's
 * answer; no database connection is held while the MTA is talked to. A
 * customer who asked not to be contacted gets nothing (409). The
 * conversation is looked up under the user's grant: another account's
 * is 404, as one that does not exist.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "act.h"
#include "answer.h"
#include "customer.h"
#include "db.h"
#include "mailout.h"
#include "sentmail.h"
#include "subject.h"
#include "utf8.h"
#include "views.h"
#include "xmalloc.h"

#define ANSWER_MAX_TEXT 20000  /* bytes of the body */
#define ANSWER_MAX_SUBJECT 500 /* bytes of the subject */

/* Who writes to whom, and what threads the answer. */
static const char answer_sql[] =
    "SELECT a.email, a.name, c.email, c.name, " CUSTOMER_DO_NOT_CONTACT(
	"c") ","
	     " coalesce((SELECT subject FROM replies WHERE conversation_id ="
	     "  v.id AND NOT manual AND NOT bounce AND NOT auto_reply"
	     "  AND coalesce(subject, '') <> ''"
	     "  ORDER BY received_at DESC, id DESC LIMIT 1),"
	     " (SELECT subject FROM sent_emails WHERE conversation_id = v.id"
	     "  AND status = 'sent' ORDER BY sent_at DESC, id DESC LIMIT 1),"
	     " ''),"
	     " (SELECT message_id FROM replies WHERE conversation_id = v.id"
	     "  AND message_id IS NOT NULL AND NOT bounce AND NOT auto_reply"
	     "  ORDER BY received_at DESC, id DESC LIMIT 1),"
	     " (SELECT message_id FROM sent_emails WHERE conversation_id ="
	     "  v.id AND status = 'sent' AND message_id IS NOT NULL"
	     "  ORDER BY sent_at, id LIMIT 1)"
	     " FROM conversations v JOIN accounts a ON a.id = v.account_id"
	     " JOIN customers c ON c.id = v.customer_id WHERE v.id = $1";

/* One answer, from the request to the MTA and back. */
struct answer {
	struct http_req *r;
	long long id, account, customer, sent_id;
	const char *subject, *text; /* asked for (POST) */
	int found, dnc;
	char *from, *from_name, *to, *to_name, *re; /* "Re: ..." */
	char *in_reply_to, *references;
	char *body, *message_id, *reply_to, *why;
};

/* A Message-ID in angle brackets (caller frees); NULL for none. */
static char *
answer_msgid(PGresult *res, int col)
{
	const char *s;
	size_t n;

	if (PQgetisnull(res, 0, col))
		return NULL;
	s = PQgetvalue(res, 0, col);
	s += strspn(s, " \t<");
	n = strcspn(s, " \t\r\n>");
	return n ? xasprintf("<%.*s>", (int)n, s) : NULL;
}

/* The parties and threading of a.id under the grant: 1, 0 none, -1. */
static int
answer_load(PGconn *conn, struct answer *a)
{
	char idbuf[32];
	const char *params[] = {idbuf};
	char *first;
	PGresult *res;

	a->found = views_conversation_parties(conn, a->r->who.id, a->id,
					      &a->account, &a->customer);
	if (a->found <= 0)
		return a->found;
	snprintf(idbuf, sizeof(idbuf), "%lld", a->id);
	if ((res = db_query(conn, answer_sql, 1, params)) == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return a->found = 0;
	}
	a->from = xstrdup(PQgetvalue(res, 0, 0));
	a->from_name = xstrdup(PQgetvalue(res, 0, 1));
	a->to = xstrdup(PQgetvalue(res, 0, 2));
	a->to_name = xstrdup(PQgetvalue(res, 0, 3));
	a->dnc = *PQgetvalue(res, 0, 4) == 't';
	a->re = xasprintf("Re: %s", subject_base(PQgetvalue(res, 0, 5)));
	a->in_reply_to = answer_msgid(res, 6);
	first = answer_msgid(res, 7);
	if (first && a->in_reply_to && strcmp(first, a->in_reply_to) != 0)
		a->references = xasprintf("%s %s", first, a->in_reply_to);
	else if (a->in_reply_to || first)
		a->references =
		    xstrdup(a->in_reply_to ? a->in_reply_to : first);
	free(first);
	PQclear(res);
	return 1;
}

static void
answer_free(struct answer *a)
{
	free(a->from);
	free(a->from_name);
	free(a->to);
	free(a->to_name);
	free(a->re);
	free(a->in_reply_to);
	free(a->references);
	free(a->body);
	free(a->message_id);
	free(a->reply_to);
	free(a->why);
}

static int
answer_load_run(PGconn *conn, void *arg)
{
	return answer_load(conn, arg) < 0 ? -1 : 0;
}

static enum MHD_Result
answer_unavailable(struct http_req *r)
{
	return http_error(r, MHD_HTTP_SERVICE_UNAVAILABLE,
			  "the database is unavailable; try again in a moment");
}

enum MHD_Result
answer_form(struct http_req *r, const char *id)
{
	struct answer a;
	json_object *o;
	enum MHD_Result ret;

	memset(&a, 0, sizeof(a));
	a.r = r;
	if ((a.id = act_id(id)) < 0)
		return http_error(r, MHD_HTTP_NOT_FOUND,
				  "no such conversation");
	if (dbpool_run(answer_load_run, &a) < 0)
		ret = answer_unavailable(r);
	else if (!a.found)
		ret = http_error(r, MHD_HTTP_NOT_FOUND, "no such conversation");
	else {
		o = json_object_new_object();
		json_object_object_add(o, "from",
				       json_object_new_string(a.from));
		json_object_object_add(o, "to", json_object_new_string(a.to));
		json_object_object_add(o, "to_name",
				       json_object_new_string(a.to_name));
		json_object_object_add(o, "subject",
				       json_object_new_string(a.re));
		json_object_object_add(o, "do_not_contact",
				       json_object_new_boolean(a.dnc));
		json_object_object_add(
		    o, "in_reply_to",
		    a.in_reply_to ? json_object_new_string(a.in_reply_to)
				  : NULL);
		ret = http_json_obj(r, MHD_HTTP_OK, o);
	}
	answer_free(&a);
	return ret;
}

/* What is wrong with the subject or the body; NULL when nothing. */
static const char *
answer_check(const char *subject, const char *text)
{
	const unsigned char *p;

	if (subject == NULL || subject[strspn(subject, " \t")] == 0)
		return "the subject is empty";
	if (strlen(subject) > ANSWER_MAX_SUBJECT)
		return "the subject is longer than 500 bytes";
	for (p = (const unsigned char *)subject; *p; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			return "the subject must be one line without control "
			       "characters";
	if (text == NULL || text[strspn(text, " \t\r\n")] == 0)
		return "the text is empty";
	if (strlen(text) > ANSWER_MAX_TEXT)
		return "the text is longer than 20000 bytes";
	if (!utf8_valid(subject, strlen(subject)) ||
	    !utf8_valid(text, strlen(text)))
		return "the subject and the text must be UTF-8";
	return NULL;
}

/* Look up, then record the email as pending (when it may be sent). */
static int
answer_record_run(PGconn *conn, void *arg)
{
	struct answer *a = arg;

	if (answer_load(conn, a) < 0)
		return -1;
	if (!a->found || a->dnc)
		return 0;
	free(a->message_id);
	a->reply_to = sentmail_record_written(conn, a->account, a->customer,
					      a->subject, a->body, "web",
					      &a->message_id, &a->sent_id);
	return a->reply_to ? 0 : -1;
}

/* The MTA's verdict on the timeline: confirmed, or failed with why. */
static int
answer_finish_run(PGconn *conn, void *arg)
{
	struct answer *a = arg;

	return a->why ? sentmail_fail(conn, a->sent_id, a->why)
		      : sentmail_confirm(conn, a->sent_id);
}

static void
answer_submit(struct answer *a)
{
	struct mailout mo = {0};

	mo.from_name = a->from_name;
	mo.from_addr = a->from;
	mo.to_name = a->to_name;
	mo.to_addr = a->to;
	mo.reply_to = a->reply_to;
	mo.subject = a->subject;
	mo.text = a->body;
	mo.message_id = a->message_id;
	mo.in_reply_to = a->in_reply_to;
	mo.references = a->references;
	a->why = mailout_send(&mo);
}

static enum MHD_Result
answer_send_body(struct http_req *r, struct answer *a)
{
	const char *why;
	json_object *o;

	if ((why = answer_check(a->subject, a->text)) != NULL)
		return http_error(r, MHD_HTTP_BAD_REQUEST, "%s", why);
	a->body = mailout_lines(a->text);
	if (dbpool_run(answer_record_run, a) < 0)
		return answer_unavailable(r);
	if (!a->found)
		return http_error(r, MHD_HTTP_NOT_FOUND,
				  "no such conversation");
	if (a->dnc)
		return http_error(r, MHD_HTTP_CONFLICT,
				  "%s asked not to be contacted "
				  "(do-not-contact), so nothing was sent",
				  a->to);
	answer_submit(a);
	if (dbpool_run(answer_finish_run, a) < 0 && !a->why)
		return http_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
				  "the email was sent but could not be "
				  "marked as sent: it does not show on the "
				  "timeline");
	if (a->why)
		return http_error(r, MHD_HTTP_BAD_GATEWAY,
				  "the mail server did not take the email: "
				  "%s; nothing was sent",
				  a->why);
	o = json_object_new_object();
	json_object_object_add(o, "reply_to",
			       json_object_new_string(a->reply_to));
	json_object_object_add(o, "message_id",
			       json_object_new_string(a->message_id));
	return http_json_obj(r, MHD_HTTP_OK, o);
}

enum MHD_Result
answer_send(struct http_req *r, const char *id)
{
	static const char *const keys[] = {"subject", "text", NULL};
	struct answer a;
	json_object *body;
	enum MHD_Result ret;

	memset(&a, 0, sizeof(a));
	a.r = r;
	if ((body = http_body(r, keys, &ret)) == NULL)
		return ret;
	a.subject = http_str(body, "subject");
	a.text = http_str(body, "text");
	if ((a.id = act_id(id)) < 0)
		ret = http_error(r, MHD_HTTP_NOT_FOUND, "no such conversation");
	else
		ret = answer_send_body(r, &a);
	answer_free(&a);
	json_object_put(body);
	return ret;
}
