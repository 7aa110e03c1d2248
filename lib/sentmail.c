/*
 * sentmail: the one way an outbound email is recorded, so postreplyctl,
 * the milter's outbound mode and follow-ups all leave the same trail: a
 * token, a sent email and its event appear together or not at all.
 */
#include <stdio.h>
#include <stdlib.h>

#include "conf.h"
#include "db.h"
#include "msg.h"
#include "replyaddr.h"
#include "sentmail.h"

static const char sentmail_sql[] =
    "WITH conv AS (INSERT INTO conversations (account_id, customer_id)"
    " SELECT $1, $2 FROM customers WHERE id = $2 AND account_id = $1"
    " ON CONFLICT (account_id, customer_id)"
    " DO UPDATE SET last_activity_at = now() RETURNING id),"
    " se AS (INSERT INTO sent_emails (account_id, customer_id,"
    "  conversation_id, subject, preview, message_id, source)"
    " SELECT $1, $2, conv.id, $3, $4, $5, $6 FROM conv"
    " RETURNING id, conversation_id),"
    " tok AS (INSERT INTO reply_tokens (token, sent_email_id, account_id,"
    "  customer_id, conversation_id, expires_at)"
    " SELECT $7, se.id, $1, $2, se.conversation_id,"
    "  now() + $8::bigint * interval '1 second' FROM se),"
    " ev AS (INSERT INTO events (kind, account_id, customer_id,"
    "  conversation_id, sent_email_id, detail)"
    " SELECT 'email_sent', $1, $2, se.conversation_id, se.id,"
    "  jsonb_build_object('subject', $3::text, 'reply_address', $9::text,"
    "  'message_id', $5::text, 'source', $6::text) FROM se"
    " RETURNING conversation_id),"
    " st AS (UPDATE customers SET status = 'contacted'"
    "  WHERE id = $2 AND status = 'new' RETURNING id),"
    /* Reading ev's rows makes the status change follow the email. */
    " sc AS (INSERT INTO events (kind, account_id, customer_id,"
    "  conversation_id, detail)"
    " SELECT 'status_change', $1, $2, ev.conversation_id,"
    "  jsonb_build_object('from', 'new', 'to', 'contacted', 'by', $6::text)"
    " FROM st, ev)"
    " SELECT se.id FROM se";

char *
sentmail_record(PGconn *conn, const struct sentmail *sm)
{
	char account[32], customer[32], lifetime[32];
	char token[TOKEN_LEN + 1];
	char *addr;
	const char *params[9];
	PGresult *res;

	snprintf(account, sizeof(account), "%lld", sm->account_id);
	snprintf(customer, sizeof(customer), "%lld", sm->customer_id);
	snprintf(lifetime, sizeof(lifetime), "%lld",
		 conf_duration("token_lifetime"));
	token_generate(token);
	addr = replyaddr_format(token);
	params[0] = account;
	params[1] = customer;
	params[2] = sm->subject ? sm->subject : "";
	params[3] = sm->preview ? sm->preview : "";
	params[4] = sm->message_id;
	params[5] = sm->source;
	params[6] = token;
	params[7] = lifetime;
	params[8] = addr;
	if ((res = db_query(conn, sentmail_sql, 9, params)) == NULL) {
		free(addr);
		return NULL;
	}
	if (PQntuples(res) == 0) {
		msg_warn("customer %lld is not a customer of account %lld",
			 sm->customer_id, sm->account_id);
		free(addr);
		addr = NULL;
	}
	PQclear(res);
	return addr;
}
