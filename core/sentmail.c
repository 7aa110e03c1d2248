/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sentmail: the one way an outbound email is recorded, so postreplyctl,
 * the milter's outbound mode and follow-ups all leave the same trail. An
 * email is first recorded as pending with its token, then confirmed when
 * the MTA took it, or failed: the timeline never shows an email as sent
 * that did not go out, and no token outlives an email that was not sent.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "conf.h"
#include "db.h"
#include "jobs.h"
#include "msg.h"
#include "replies.h"
#include "replyaddr.h"
#include "sentmail.h"
#include "token.h"
#include "utf8.h"
#include "xmalloc.h"

static const char sentmail_record_sql[] =
    "WITH conv AS (INSERT INTO conversations (account_id, customer_id)"
    " SELECT $1, $2 FROM customers WHERE id = $2 AND account_id = $1"
    " ON CONFLICT (account_id, customer_id)"
    " DO UPDATE SET last_activity_at = now() RETURNING id),"
    " se AS (INSERT INTO sent_emails (account_id, customer_id,"
    "  conversation_id, subject, preview, message_id, source, status)"
    " SELECT $1, $2, conv.id, $3, $4, $5, $6, 'pending' FROM conv"
    " RETURNING id, conversation_id),"
    " tok AS (INSERT INTO reply_tokens (token, sent_email_id, account_id,"
    "  customer_id, conversation_id, expires_at)"
    " SELECT $7, se.id, $1, $2, se.conversation_id,"
    "  now() + $8::bigint * interval '1 second' FROM se"
    " ON CONFLICT (token) DO NOTHING),"
    " tc AS (INSERT INTO token_customers (token, customer_id,"
    "  conversation_id, sent_email_id)"
    " SELECT $7, $2, se.conversation_id, se.id FROM se)"
    " SELECT se.id FROM se";

/*
 * Reading ev's rows makes the status change (REPLIES_ON_SENT) follow the
 * email on the timeline; the status condition sits in the UPDATE so that
 * a status set meanwhile is not overwritten. The follow-up's plan is not
 * announced (no NOTIFY): the workers' poll finds it.
 */
static const char sentmail_confirm_sql[] =
    "WITH se AS (UPDATE sent_emails SET status = 'sent', sent_at = now()"
    " WHERE id = $1 AND status = 'pending'"
    " RETURNING id, account_id, customer_id, conversation_id, subject,"
    "  message_id, source),"
    " ev AS (INSERT INTO events (kind, account_id, customer_id,"
    "  conversation_id, sent_email_id, detail)"
    " SELECT 'email_sent', se.account_id, se.customer_id,"
    "  se.conversation_id, se.id, jsonb_build_object('subject', se.subject,"
    "  'reply_address', $2::text, 'message_id', se.message_id,"
    "  'source', se.source) FROM se"
    " RETURNING account_id, customer_id, conversation_id)," REPLIES_ON_SENT ","
    /* An account with no_reply follow-ups plans the first one. */
    " fj AS (" JOBS_ENQUEUE(
	JOBS_KIND(JOB_FOLLOWUP_PLAN),
	JOBS_PAYLOAD(JOBS_KEY_SENT_EMAIL, "se.id"), "now()",
	"FROM se JOIN followup_rules r"
	" ON r.account_id = se.account_id"
	" AND r.scenario = 'no_reply' AND r.enabled"
	" WHERE se.source <> 'followup'") ")"
					  " SELECT count(*) FROM se";

static const char sentmail_fail_sql[] =
    "WITH se AS (UPDATE sent_emails SET status = 'failed', failure = $2"
    " WHERE id = $1 AND status = 'pending'"
    " RETURNING id, account_id, customer_id, conversation_id, subject),"
    " tok AS (DELETE FROM reply_tokens t USING se"
    "  WHERE t.sent_email_id = se.id),"
    " ev AS (INSERT INTO events (kind, account_id, customer_id,"
    "  conversation_id, sent_email_id, detail)"
    " SELECT 'send_failed', account_id, customer_id, conversation_id, id,"
    "  jsonb_build_object('subject', subject, 'reason', $2::text) FROM se)"
    " SELECT count(*) FROM se";

static char *
sentmail_id_str(long long id, char *buf, size_t len)
{
	snprintf(buf, len, "%lld", id);
	return buf;
}

char *
sentmail_record(PGconn *conn, const struct sentmail *sm, long long *id)
{
	char account[32], customer[32], lifetime[32];
	char token[TOKEN_LEN + 1];
	const char *params[8];
	PGresult *res;

	if (sm->token)
		snprintf(token, sizeof(token), "%s", sm->token);
	else
		token_generate(token);
	snprintf(lifetime, sizeof(lifetime), "%lld",
		 conf_cur()->token_lifetime);
	params[0] = sentmail_id_str(sm->account_id, account, sizeof(account));
	params[1] =
	    sentmail_id_str(sm->customer_id, customer, sizeof(customer));
	params[2] = sm->subject ? sm->subject : "";
	params[3] = sm->preview ? sm->preview : "";
	params[4] = sm->message_id;
	params[5] = sm->source;
	params[6] = token;
	params[7] = lifetime;
	if ((res = db_query(conn, sentmail_record_sql, 8, params)) == NULL)
		return NULL;
	if (PQntuples(res) == 0) {
		msg_warn("customer %lld is not a customer of account %lld",
			 sm->customer_id, sm->account_id);
		PQclear(res);
		return NULL;
	}
	*id = atoll(PQgetvalue(res, 0, 0));
	PQclear(res);
	return replyaddr_format(token);
}

/* The reply address of a recorded email, for its event. */
static char *
sentmail_address(PGconn *conn, long long id)
{
	char idbuf[32];
	const char *params[] = {sentmail_id_str(id, idbuf, sizeof(idbuf))};
	PGresult *res;
	char *addr = NULL;

	res = db_query(
	    conn, "SELECT token FROM token_customers WHERE sent_email_id = $1",
	    1, params);
	if (res && PQntuples(res) > 0)
		addr = replyaddr_format(PQgetvalue(res, 0, 0));
	PQclear(res);
	return addr;
}

/* Run one of the statements keyed by the email's id; 0 if it matched. */
static int
sentmail_update(PGconn *conn, const char *sql, long long id, const char *arg)
{
	char idbuf[32];
	const char *params[] = {sentmail_id_str(id, idbuf, sizeof(idbuf)), arg};
	PGresult *res = db_query(conn, sql, 2, params);
	int rc = res && atoi(PQgetvalue(res, 0, 0)) == 1 ? 0 : -1;

	PQclear(res);
	return rc;
}

int
sentmail_confirm(PGconn *conn, long long id)
{
	char *addr = sentmail_address(conn, id);
	int rc;

	if (addr == NULL)
		return -1;
	rc = sentmail_update(conn, sentmail_confirm_sql, id, addr);
	free(addr);
	return rc;
}

int
sentmail_fail(PGconn *conn, long long id, const char *reason)
{
	return sentmail_update(conn, sentmail_fail_sql, id, reason);
}

char *
sentmail_record_sent(PGconn *conn, const struct sentmail *sm)
{
	long long id;
	char *addr;

	if (db_exec(conn, "BEGIN", 0, NULL) < 0)
		return NULL;
	addr = sentmail_record(conn, sm, &id);
	if (addr == NULL || sentmail_confirm(conn, id) < 0 ||
	    db_exec(conn, "COMMIT", 0, NULL) < 0) {
		db_exec(conn, "ROLLBACK", 0, NULL);
		free(addr);
		return NULL;
	}
	return addr;
}

char *
sentmail_preview(const char *text, size_t max)
{
	struct buf b;
	int space = 0;

	buf_init(&b);
	buf_append(&b, "", 0);
	for (; *text && b.len < max; text++) {
		if (isspace((unsigned char)*text)) {
			space = b.len > 0;
			continue;
		}
		if (space)
			buf_puts(&b, " ");
		space = 0;
		buf_append(&b, text, 1);
	}
	/* Drop a UTF-8 sequence the cut left incomplete. */
	b.len = utf8_cut(b.data, b.len, b.len);
	b.data[b.len] = 0;
	return b.data;
}

/* "<20260121093000.k3q7x2m4a5b6c7d2@reply.example.com>", 80 random bits. */
char *
sentmail_message_id(void)
{
	char token[TOKEN_LEN + 1], stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	token_generate(token);
	strftime(stamp, sizeof(stamp), "%Y%m%d%H%M%S", gmtime_r(&now, &tm));
	return xasprintf("<%s.%s@%s>", stamp, token, conf_cur()->reply_domain);
}

char *
sentmail_record_written(PGconn *conn, long long account, long long customer,
			const char *subject, const char *body,
			const char *source, char **message_id, long long *id)
{
	struct sentmail sm = {0};
	char *preview = sentmail_preview(body, SENTMAIL_PREVIEW), *addr;

	*message_id = sentmail_message_id();
	sm.account_id = account;
	sm.customer_id = customer;
	sm.subject = subject;
	sm.preview = preview;
	sm.message_id = *message_id;
	sm.source = source;
	addr = sentmail_record(conn, &sm, id);
	free(preview);
	return addr;
}
