/*
 * store: the milter's one database transaction per reply. Everything a
 * reply changes is written by a single statement per recipient, so the
 * SMTP path pays one round trip, and a failure leaves nothing behind: the
 * milter then tempfails and the sender's MTA retries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "msg.h"
#include "customer.h"
#include "replyaddr.h"
#include "sentmail.h"
#include "store.h"
#include "utf8.h"
#include "xmalloc.h"

/*
 * Every row is reached by its key: the reply's ids are computed once (r)
 * and the later parts look them up through scalar subqueries. Joins
 * against a CTE leave the planner guessing, and on small tables it then
 * scans them, computing lower(email) on every customer for every reply.
 */
static const char store_sql[] =
    "WITH r AS ("
    " INSERT INTO replies (token, account_id, customer_id,"
    "  conversation_id, queue_id, envelope_from, envelope_to,"
    "  forwarded_to, from_header, subject, message_id, raw, raw_size,"
    "  truncated, auto_reply, bounce)"
    " SELECT t.token, t.account_id, coalesce(m.customer_id, t.customer_id),"
    "  coalesce(m.conversation_id, t.conversation_id),"
    "  $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13"
    " FROM reply_tokens t"
    /* A token sent to several customers: the one whose address is in
       From when a trusted server vouched for its domain ($14 is NULL
       otherwise); else the token's own. Anyone can write From or the
       envelope sender, so neither is taken on its own word. The token's
       few customers are read by key, their addresses compared only in
       the ordering. */
    " LEFT JOIN LATERAL (SELECT tc.customer_id, tc.conversation_id"
    "  FROM token_customers tc, LATERAL (SELECT lower(c.email) AS email"
    "   FROM customers c WHERE c.id = tc.customer_id) c"
    "  WHERE tc.token = t.token"
    "  ORDER BY (c.email = lower($14)) IS TRUE DESC,"
    "  tc.customer_id = t.customer_id DESC LIMIT 1) m ON true"
    " WHERE t.token = $1"
    " ON CONFLICT (token, message_id) WHERE message_id IS NOT NULL"
    " DO NOTHING"
    " RETURNING id, account_id, customer_id, conversation_id),"
    " ev AS (INSERT INTO events (kind, account_id, customer_id,"
    "  conversation_id, reply_id)"
    " SELECT 'reply', account_id, customer_id, conversation_id, id FROM r"
    " RETURNING account_id, customer_id, conversation_id),"
    " conv AS (UPDATE conversations SET unread_count = unread_count + 1,"
    "  last_activity_at = now()"
    "  WHERE id = (SELECT conversation_id FROM r)),"
    /* The condition again in the UPDATE: it is re-checked on a row
       changed concurrently, so a later status is never overwritten. */
    " old AS (SELECT id, status FROM customers"
    "  WHERE id = (SELECT customer_id FROM r)"
    "  AND status IN ('new', 'contacted')),"
    " st AS (UPDATE customers c SET status = 'replied'"
    "  WHERE c.id = (SELECT id FROM old)"
    "  AND c.status IN ('new', 'contacted')"
    "  RETURNING c.id, (SELECT status FROM old) AS old_status),"
    /* Reading ev's rows makes the status change follow the reply. */
    " sc AS (INSERT INTO events (kind, account_id, customer_id,"
    "  conversation_id, detail)"
    " SELECT 'status_change', ev.account_id, ev.customer_id,"
    "  ev.conversation_id, jsonb_build_object('from', st.old_status,"
    "  'to', 'replied', 'by', 'postreply-milter')"
    " FROM ev, st),"
    " job AS (INSERT INTO jobs (kind, payload)"
    " SELECT 'analyze_reply', jsonb_build_object('reply_id', id) FROM r)"
    /* No row from r: a duplicate, or the token is gone (purged since
       RCPT); the second column tells which. */
    " SELECT (SELECT id FROM r),"
    " EXISTS (SELECT 1 FROM reply_tokens WHERE token = $1),"
    " (SELECT count(pg_notify('postreply_jobs', 'analyze_reply')) FROM r),"
    " (SELECT email FROM customers"
    "  WHERE id = (SELECT customer_id FROM r)),"
    " (SELECT conversation_id FROM r)";

/* An envelope address as the timeline shows it: no brackets, UTF-8. */
static char *
store_addr(const char *addr)
{
	char *bare = replyaddr_unbracket(addr), *res;

	res = utf8_sanitize(bare, strlen(bare));
	free(bare);
	return res;
}

/* The customer the reply was stored for, for the forwarded headers. */
static void
store_resolved(struct message_rcpt *rcpt, PGresult *res)
{
	free(rcpt->info.customer_email);
	rcpt->info.customer_email = xstrdup(PQgetvalue(res, 0, 3));
	rcpt->info.conversation_id = atoll(PQgetvalue(res, 0, 4));
}

static int
store_rcpt(PGconn *conn, struct message *msg, struct message_rcpt *rcpt)
{
	char size[32], *vals[3];
	const char *params[14];
	int lengths[14] = {0}, formats[14] = {0};
	PGresult *res;
	size_t i;
	int rc = -1;

	snprintf(size, sizeof(size), "%lld", msg->raw_size);
	vals[0] = store_addr(msg->envfrom);
	vals[1] = store_addr(rcpt->addr);
	vals[2] =
	    message_from_authenticated(msg) ? message_from_address(msg) : NULL;
	params[0] = rcpt->token;
	params[1] = msg->queue_id;
	params[2] = vals[0];
	params[3] = vals[1];
	params[4] = rcpt->info.forward_to;
	params[5] = msg->from;
	params[6] = msg->subject;
	params[7] = msg->message_id;
	params[8] = msg->raw.data ? msg->raw.data : "";
	lengths[8] = (int)msg->raw.len;
	formats[8] = 1; /* binary: the raw bytes, NULs and all */
	params[9] = size;
	params[10] = msg->truncated ? "t" : "f";
	params[11] = msg->auto_reply ? "t" : "f";
	params[12] = msg->bounce ? "t" : "f";
	params[13] = vals[2];

	res = PQexecPrepared(conn, "store_reply", 14, params, lengths, formats,
			     0);
	if (PQresultStatus(res) == PGRES_TUPLES_OK &&
	    (!PQgetisnull(res, 0, 0) || *PQgetvalue(res, 0, 1) == 't')) {
		rc = 0;
		rcpt->reply_id = atoll(PQgetvalue(res, 0, 0));
		if (rcpt->reply_id)
			store_resolved(rcpt, res);
	} else if (PQresultStatus(res) == PGRES_TUPLES_OK) {
		msg_warn("%s: reply address %s was removed while the message "
			 "came in",
			 msg->queue_id ? msg->queue_id : "NOQUEUE", rcpt->addr);
	} else {
		char err[256];

		msg_warn("%s: cannot store reply: %s",
			 msg->queue_id ? msg->queue_id : "NOQUEUE",
			 db_error(conn, err, sizeof(err)));
	}
	PQclear(res);
	for (i = 0; i < 3; i++)
		free(vals[i]);
	return rc;
}

/*
 * An account's outbound message: one token for the message, shared by
 * every customer it goes to, each of whom gets the email on their own
 * timeline. Customers new to the account are created here.
 */
static int
store_outbound(PGconn *conn, struct message *msg)
{
	struct sentmail sm = {0};
	char token[TOKEN_LEN + 1];
	char *addr = NULL;
	long long id;
	size_t i;

	free(msg->reply_address);
	msg->reply_address = NULL;
	sm.account_id = msg->account;
	sm.subject = msg->subject;
	sm.message_id = msg->message_id;
	sm.source = "milter";
	for (i = 0; i < msg->nouts; i++) {
		sm.customer_id = msg->outs[i].customer;
		if (sm.customer_id == 0)
			sm.customer_id = customer_find(
			    conn, msg->account, msg->outs[i].addr, NULL, 1);
		if (sm.customer_id <= 0 ||
		    (addr = sentmail_record(conn, &sm, &id)) == NULL ||
		    sentmail_confirm(conn, id) < 0) {
			free(addr);
			return -1;
		}
		if (msg->reply_address == NULL) {
			/* Built from the settings of that moment: a reload
			   in between gives the next customers their own. */
			if (replyaddr_parse(addr, token) == REPLYADDR_TOKEN)
				sm.token = token;
			msg->reply_address = addr;
		} else {
			free(addr);
		}
	}
	return 0;
}

void
store_init(void)
{
	db_statement("store_reply", store_sql, 14);
}

int
store_message(PGconn *conn, void *arg)
{
	struct message *msg = arg;
	size_t i;
	int outbound = msg->nouts > 0 && !msg->tracked;
	int multi = msg->nrcpts > 1 || outbound;

	if (multi && db_exec(conn, "BEGIN", 0, NULL) < 0)
		return -1;
	if (outbound && store_outbound(conn, msg) < 0)
		goto fail;
	for (i = 0; i < msg->nrcpts; i++)
		if (store_rcpt(conn, msg, &msg->rcpts[i]) < 0)
			goto fail;
	if (multi && db_exec(conn, "COMMIT", 0, NULL) < 0)
		return -1;
	return 0;
fail:
	if (multi)
		db_exec(conn, "ROLLBACK", 0, NULL);
	return -1;
}
