/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * actions: the one writer of what people do to a conversation by hand:
 * a customer's status, notes, read marks, tags and assignees.
 * postreplyctl, the analyzer's follow-up rules and the web server call
 * these instead of writing the SQL themselves. Each action is one
 * statement, so it needs no transaction of the caller's; the transitions
 * mail makes by itself are replies' (core/replies.c), and their events
 * say the same thing the same way (REPLIES_STATUS_DETAIL).
 * Contract: ids come from the caller's lookups; failures are warnings
 * and a return of -1, with the error left on conn.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "db.h"
#include "replies.h"

const char *const actions_statuses[] = {
    "new",
    "contacted",
    "replied",
    "interested",
    "meeting_booked",
    "customer",
    "not_interested",
    "do_not_contact",
    NULL,
};

/*
 * The row is locked first (old) so that two operators setting a status
 * at once each see the status they replace; the event is written only
 * when the status changed (st has a row).
 */
static const char actions_status_sql[] =
    "WITH old AS (SELECT id, status, do_not_contact FROM customers"
    "  WHERE id = $2 FOR UPDATE),"
    " st AS (UPDATE customers c SET status = $3,"
    "  do_not_contact = CASE WHEN $3 = 'do_not_contact' THEN true"
    "  WHEN old.status = 'do_not_contact' THEN false"
    "  ELSE c.do_not_contact END"
    "  FROM old WHERE c.id = old.id AND old.status <> $3"
    "  RETURNING c.do_not_contact),"
    " ev AS (INSERT INTO events (kind, account_id, customer_id,"
    "  conversation_id, detail)"
    " SELECT 'status_change', $1, $2,"
    "  (SELECT id FROM conversations WHERE account_id = $1"
    "   AND customer_id = $2), " REPLIES_STATUS_DETAIL(
	"old.status", "$3::text", "$4::text") " FROM old, st)"
					      " SELECT old.status, (SELECT "
					      "do_not_contact FROM st),"
					      "  old.do_not_contact FROM old";

static const char actions_note_sql[] =
    "INSERT INTO events (kind, account_id, customer_id,"
    " conversation_id, detail)"
    " SELECT 'note', $1, $2, (SELECT id FROM conversations"
    "  WHERE account_id = $1 AND customer_id = $2),"
    " jsonb_build_object('text', $3::text, 'by', $4::text)";

/* The count before, read under the row's lock, says what was read. */
static const char actions_read_sql[] =
    "WITH old AS (SELECT id, unread_count FROM conversations"
    "  WHERE account_id = $1 AND customer_id = $2 FOR UPDATE)"
    " UPDATE conversations cv SET unread_count = 0 FROM old"
    " WHERE cv.id = old.id RETURNING old.unread_count";

static const char actions_tag_sql[] =
    "UPDATE customers SET tags = array_append(tags, $2::text)"
    " WHERE id = $1 AND NOT ($2::text = ANY (tags))";

static const char actions_assign_sql[] =
    "UPDATE conversations SET assignee = $2 WHERE id = $1";

int
actions_status_valid(const char *status)
{
	int i;

	for (i = 0; actions_statuses[i]; i++)
		if (strcmp(status, actions_statuses[i]) == 0)
			return 1;
	return 0;
}

/* The two ids as text parameters. */
static void
actions_ids(char *account, char *customer, size_t len, long long account_id,
	    long long customer_id)
{
	snprintf(account, len, "%lld", account_id);
	snprintf(customer, len, "%lld", customer_id);
}

int
actions_status(PGconn *conn, long long account_id, long long customer_id,
	       const char *status, const char *by,
	       struct actions_status_result *out)
{
	char account[32], customer[32];
	const char *params[] = {account, customer, status, by};
	PGresult *res;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	actions_ids(account, customer, sizeof(account), account_id,
		    customer_id);
	if ((res = db_query(conn, actions_status_sql, 4, params)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		snprintf(out->from, sizeof(out->from), "%s",
			 PQgetvalue(res, 0, 0));
		out->changed = !PQgetisnull(res, 0, 1);
		out->dnc_before = *PQgetvalue(res, 0, 2) == 't';
		out->dnc_after = out->changed ? *PQgetvalue(res, 0, 1) == 't'
					      : out->dnc_before;
		rc = 1;
	}
	PQclear(res);
	return rc;
}

int
actions_note(PGconn *conn, long long account_id, long long customer_id,
	     const char *text, const char *by)
{
	char account[32], customer[32];
	const char *params[] = {account, customer, text, by};

	actions_ids(account, customer, sizeof(account), account_id,
		    customer_id);
	return db_exec(conn, actions_note_sql, 4, params);
}

int
actions_read(PGconn *conn, long long account_id, long long customer_id,
	     long long *unread_before)
{
	char account[32], customer[32];
	const char *params[] = {account, customer};
	PGresult *res;
	int rc = 0;

	*unread_before = 0;
	actions_ids(account, customer, sizeof(account), account_id,
		    customer_id);
	if ((res = db_query(conn, actions_read_sql, 2, params)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		*unread_before = atoll(PQgetvalue(res, 0, 0));
		rc = 1;
	}
	PQclear(res);
	return rc;
}

int
actions_tag(PGconn *conn, const char *customer_id, const char *tag)
{
	const char *params[] = {customer_id, tag};

	return db_exec(conn, actions_tag_sql, 2, params);
}

int
actions_assign(PGconn *conn, const char *conversation_id, const char *assignee)
{
	const char *params[] = {conversation_id, assignee};

	return db_exec(conn, actions_assign_sql, 2, params);
}
