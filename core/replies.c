/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * replies: the one writer of "a reply arrived" and of the customer
 * statuses that mail changes by itself. The milter (a reply received),
 * postreplyctl (a reply logged by hand), the analyzer (what a reply
 * says: its text, its analysis with the alert and webhook jobs, a
 * bounce) and sentmail (an email sent) all write those rows through this
 * module, so that the rules (which status a reply moves a customer to,
 * and which it never leaves) are written once.
 *
 * Why SQL kept in C here rather than SQL functions in a migration: the
 * milter's store is one prepared statement, one round trip per reply on
 * the SMTP path, whose plan PostgreSQL caches per connection. A
 * PL/pgSQL function would run the same statements one by one behind a
 * planner that cannot see into it, and every change of a rule would
 * need a migration that the daemons and the schema must agree on. Kept
 * here, the rules compile into the programs the tests run, and the
 * statements that need them (sentmail's, in core too) take them as SQL
 * fragments (replies.h).
 *
 * What a reply changes on its conversation (the unread count, the last
 * activity, the last reply the inbox sorts by) is the trigger
 * inbox_last_reply's (sql/019), not these statements': it is one update
 * of the row, whoever stores a reply.
 *
 * The milter's store notifies no one in its transaction: notifying
 * transactions commit one at a time in PostgreSQL, WAL flush included.
 * Its events are announced, and the analyzer woken, by replies_announce
 * once it committed (sql/024), for a batch of replies at a time (the
 * milter's announce.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "jobs.h"
#include "replies.h"
#include "xmalloc.h"

/* A reply's analysis job, for the reply (or replies) of CTE r. */
#define REPLIES_JOB                                                            \
	JOBS_ENQUEUE(JOBS_KIND(JOB_ANALYZE_REPLY),                             \
		     JOBS_PAYLOAD(JOBS_KEY_REPLY, "id"), "now()", "FROM r")

/*
 * Every row is reached by its key: the reply's ids are computed once (r)
 * and the later parts look them up through scalar subqueries. Joins
 * against a CTE leave the planner guessing, and on small tables it then
 * scans them, computing lower(email) on every customer for every reply.
 */
static const char replies_store_sql[] =
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
    /* Before any event is inserted (they read r): this transaction's
       events are announced after the commit (sql/024). */
    " AND set_config('" REPLIES_ANNOUNCE "', 'after_commit', true)"
    "  IS NOT NULL"
    " ON CONFLICT (token, message_id) WHERE message_id IS NOT NULL"
    " DO NOTHING"
    " RETURNING id, account_id, customer_id, conversation_id),"
    " ev AS (INSERT INTO events (kind, account_id, customer_id,"
    "  conversation_id, reply_id)"
    " SELECT 'reply', account_id, customer_id, conversation_id, id FROM r"
    " RETURNING account_id, customer_id, conversation_id),"
    /* The condition again in the UPDATE: it is re-checked on a row
       changed concurrently, so a later status is never overwritten. */
    " old AS (SELECT id, status FROM customers"
    "  WHERE id = (SELECT customer_id FROM r)"
    "  AND status IN " REPLIES_REPLIED_FROM "),"
    " st AS (UPDATE customers c SET status = 'replied'"
    "  WHERE c.id = (SELECT id FROM old)"
    "  AND c.status IN " REPLIES_REPLIED_FROM
    "  RETURNING c.id, (SELECT status FROM old) AS old_status),"
    /* Reading ev's rows makes the status change follow the reply. */
    " sc AS (INSERT INTO events (kind, account_id, customer_id,"
    "  conversation_id, detail)"
    " SELECT 'status_change', ev.account_id, ev.customer_id,"
    "  ev.conversation_id, " REPLIES_STATUS_DETAIL(
	"st.old_status", "'replied'",
	"'postreply-milter'") " FROM ev, st),"
			      " j AS (" REPLIES_JOB ")"
			      /* No row from r: a duplicate, or the token is
				 gone (purged since RCPT); the second column
				 tells which. The workers are woken by
				 replies_announce, after the commit. */
			      " SELECT (SELECT id FROM r),"
			      " EXISTS (SELECT 1 FROM reply_tokens WHERE token "
			      "= $1),"
			      " (SELECT count(*) FROM j),"
			      " (SELECT email FROM customers"
			      "  WHERE id = (SELECT customer_id FROM r)),"
			      " (SELECT conversation_id FROM r),"
			      " (SELECT account_id FROM r),"
			      " EXISTS (SELECT 1 FROM st)";

/*
 * What replies_store's transactions did, announced once they committed:
 * the events' announcements that the trigger web_announce leaves to the
 * milter (sql/024), in the order given ($1 the kinds, $2 the accounts,
 * $3 the conversations), and one wake-up of the analysis workers for them
 * all. A transaction of its own, which writes nothing.
 */
static const char replies_announce_sql[] =
    "SELECT (SELECT count(web_announce(k, a, c)) FROM (SELECT k, a, c"
    "  FROM unnest($1::text[], $2::bigint[], $3::bigint[])"
    "  WITH ORDINALITY AS u(k, a, c, n) ORDER BY n) u),"
    " " JOBS_NOTIFY(JOBS_KIND(JOB_ANALYZE_REPLY));

const char replies_log_sql[] =
    "WITH conv AS (INSERT INTO conversations AS cv"
    "  (account_id, customer_id, last_activity_at)"
    " VALUES ($1, $2, coalesce($5::timestamptz, now()))"
    " ON CONFLICT (account_id, customer_id) DO UPDATE"
    " SET last_activity_at = greatest(cv.last_activity_at,"
    "  excluded.last_activity_at)"
    " RETURNING id),"
    " r AS (INSERT INTO replies (account_id, customer_id, conversation_id,"
    "  received_at, channel, manual, reply_text, extracted_at)"
    " SELECT $1, $2, conv.id, coalesce($5::timestamptz, now()), $3, true,"
    "  $4, now() FROM conv"
    " RETURNING id, conversation_id),"
    " ev AS (INSERT INTO events (at, kind, account_id, customer_id,"
    "  conversation_id, reply_id)"
    " SELECT coalesce($5::timestamptz, now()), 'reply', $1, $2,"
    "  conversation_id, id FROM r),"
    " j AS (" REPLIES_JOB ")"
    " SELECT id, conversation_id, " JOBS_WAKE("j") " FROM r";

/* The row is locked first: the old status read is the one replaced. */
const char replies_log_status_sql[] =
    "WITH old AS (SELECT id, status FROM customers WHERE id = $2"
    "  FOR UPDATE),"
    " st AS (UPDATE customers c SET status = 'replied' FROM old"
    "  WHERE c.id = old.id AND old.status IN " REPLIES_REPLIED_FROM
    "  RETURNING old.status AS old_status)"
    " INSERT INTO events (at, kind, account_id, customer_id,"
    "  conversation_id, detail)"
    " SELECT coalesce($4::timestamptz, now()), 'status_change', $1, $2, $3,"
    "  " REPLIES_STATUS_DETAIL("old_status", "'replied'",
			       "$5::text") " FROM st RETURNING detail->>'from'";

/*
 * One statement, since the reply's row says who the customer is. The
 * status condition is in the UPDATE too, so that a status set meanwhile
 * is not overwritten.
 */
static const char replies_read_sql[] =
    "WITH r AS (UPDATE replies SET"
    "  reply_text = CASE WHEN manual THEN reply_text ELSE $2 END,"
    "  signature = $3, quoted_text = $4, extracted_at = now(),"
    "  auto_reply = $5, bounce = $6,"
    "  subject = CASE WHEN $7 <> '' THEN $7 ELSE subject END,"
    "  language = $12"
    "  WHERE id = $1 RETURNING account_id, customer_id, conversation_id),"
    " t AS (SELECT CASE"
    "  WHEN $8 THEN 'do_not_contact'"
    "  WHEN $9 AND c.status NOT IN ('customer', 'do_not_contact')"
    "   THEN 'not_interested'"
    "  WHEN $10 AND c.status NOT IN ('customer', 'do_not_contact',"
    "   'not_interested') THEN 'meeting_booked'"
    "  WHEN $11 AND c.status IN ('new', 'contacted', 'replied')"
    "   THEN 'interested' END AS target, c.id, c.status"
    "  FROM customers c JOIN r ON c.id = r.customer_id),"
    " st AS (UPDATE customers c SET status = t.target,"
    "  do_not_contact = c.do_not_contact OR t.target = 'do_not_contact'"
    "  FROM t WHERE c.id = t.id AND t.target IS NOT NULL"
    "  AND c.status = t.status AND c.status <> t.target"
    "  RETURNING c.id, t.status AS old_status, t.target)"
    " INSERT INTO events (kind, account_id, customer_id, conversation_id,"
    " detail)"
    " SELECT 'status_change', r.account_id, r.customer_id,"
    "  r.conversation_id, " REPLIES_STATUS_DETAIL(
	"st.old_status", "st.target", "'postreply-analyzer'") " FROM st, r";

/* The analysis, from its JSON (analysis_to_json). */
#define REPLIES_ANALYSIS_UPSERT                                                \
	"INSERT INTO analyses (reply_id, response_type, key_insights,"         \
	" sentiment, opportunity_score, follow_up_needed, product_interest,"   \
	" action_items, product_usage, monthly_volume, pain_points, signals,"  \
	" backend, model, raw)"                                                \
	" SELECT $1, j->>'response_type', coalesce(j->>'key_insights', ''),"   \
	"  j->>'sentiment', (j->>'opportunity_score')::int,"                   \
	"  (j->>'follow_up_needed')::boolean, j->>'product_interest',"         \
	"  coalesce(j->'action_items', '[]'), j->>'product_usage',"            \
	"  j->>'monthly_volume', coalesce(j->'pain_points', '[]'),"            \
	"  jsonb_build_object('unavailable', j->'unavailable',"                \
	"   'unavailable_until', j->'unavailable_until',"                      \
	"   'requested_followup_at', j->'requested_followup_at',"              \
	"   'not_interested', j->'not_interested',"                            \
	"   'do_not_contact', j->'do_not_contact',"                            \
	"   'meeting_booked', j->'meeting_booked',"                            \
	"   'evidence', coalesce(j->'evidence', '{}')),"                       \
	"  j->>'backend', j->>'model', $3::jsonb"                              \
	" FROM (SELECT $2::jsonb AS j) x"                                      \
	" ON CONFLICT (reply_id) DO UPDATE SET"                                \
	" response_type = EXCLUDED.response_type,"                             \
	" key_insights = EXCLUDED.key_insights,"                               \
	" sentiment = EXCLUDED.sentiment,"                                     \
	" opportunity_score = EXCLUDED.opportunity_score,"                     \
	" follow_up_needed = EXCLUDED.follow_up_needed,"                       \
	" product_interest = EXCLUDED.product_interest,"                       \
	" action_items = EXCLUDED.action_items,"                               \
	" product_usage = EXCLUDED.product_usage,"                             \
	" monthly_volume = EXCLUDED.monthly_volume,"                           \
	" pain_points = EXCLUDED.pain_points, signals = EXCLUDED.signals,"     \
	" backend = EXCLUDED.backend, model = EXCLUDED.model,"                 \
	" raw = EXCLUDED.raw, analyzed_at = now()"

static const char replies_analysis_sql[] = REPLIES_ANALYSIS_UPSERT;

/*
 * The same, and when the analysis is new (not a job run again), the jobs
 * of kinds $4 (alert, webhook) queued in that order, and the workers
 * woken: they go out once. Apart, as these are most replies' work.
 */
static const char replies_analysis_jobs_sql[] =
    "WITH a AS (" REPLIES_ANALYSIS_UPSERT " RETURNING (xmax = 0) AS fresh),"
    " j AS (" JOBS_ENQUEUE(
	"k", JOBS_PAYLOAD(JOBS_KEY_REPLY, "$1::bigint"), "now()",
	"FROM a, unnest($4::text[]) WITH ORDINALITY AS u(k, n)"
	" WHERE a.fresh ORDER BY n") ")"
				     " SELECT " JOBS_WAKE("j");

/* A bounce goes on the timeline; a permanent one marks the address. */
static const char replies_bounce_sql[] =
    "WITH r AS (SELECT account_id, customer_id, conversation_id, id"
    "  FROM replies WHERE id = $1),"
    " c AS (UPDATE customers SET bouncing = true FROM r"
    "  WHERE customers.id = r.customer_id AND $4)"
    " INSERT INTO events (kind, account_id, customer_id, conversation_id,"
    " reply_id, detail)"
    " SELECT 'bounce', account_id, customer_id, conversation_id, id,"
    "  jsonb_build_object('recipient', $2::text, 'status', $3::text,"
    "  'permanent', $4::boolean) FROM r"
    " WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.reply_id = r.id"
    "  AND e.kind = 'bounce')";

void
replies_init(void)
{
	db_statement("replies_store", replies_store_sql, 14);
	db_statement("replies_announce", replies_announce_sql, 3);
	db_statement("replies_read", replies_read_sql, 12);
	db_statement("replies_bounce", replies_bounce_sql, 4);
	db_statement("replies_analysis", replies_analysis_sql, 3);
	db_statement("replies_analysis_jobs", replies_analysis_jobs_sql, 4);
}

static const char *
replies_bool(int b)
{
	return b ? "t" : "f";
}

int
replies_store(PGconn *conn, const struct replies_mail *m,
	      struct replies_stored *out)
{
	char size[32];
	const char *params[14];
	int lengths[14] = {0}, formats[14] = {0};
	PGresult *res;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	snprintf(size, sizeof(size), "%lld", m->raw_size);
	params[0] = m->token;
	params[1] = m->queue_id;
	params[2] = m->envelope_from;
	params[3] = m->envelope_to;
	params[4] = m->forwarded_to;
	params[5] = m->from_header;
	params[6] = m->subject;
	params[7] = m->message_id;
	params[8] = m->raw ? m->raw : "";
	lengths[8] = (int)m->raw_len;
	formats[8] = 1; /* binary: the raw bytes, NULs and all */
	params[9] = size;
	params[10] = replies_bool(m->truncated);
	params[11] = replies_bool(m->auto_reply);
	params[12] = replies_bool(m->bounce);
	params[13] = m->vouched_from;
	res = PQexecPrepared(conn, "replies_store", 14, params, lengths,
			     formats, 0);
	if (PQresultStatus(res) == PGRES_TUPLES_OK && !PQgetisnull(res, 0, 0)) {
		out->reply_id = atoll(PQgetvalue(res, 0, 0));
		out->customer_email = xstrdup(PQgetvalue(res, 0, 3));
		out->conversation_id = atoll(PQgetvalue(res, 0, 4));
		out->account_id = atoll(PQgetvalue(res, 0, 5));
		out->status_changed = *PQgetvalue(res, 0, 6) == 't';
		rc = 0;
	} else if (PQresultStatus(res) == PGRES_TUPLES_OK) {
		rc = *PQgetvalue(res, 0, 1) == 't' ? 0 : 1;
	}
	PQclear(res);
	return rc;
}

int
replies_announce(PGconn *conn, const struct replies_stored *stored, size_t n)
{
	struct buf b[3];
	const char *params[3];
	PGresult *res;
	size_t i;
	int k;

	for (k = 0; k < 3; k++) {
		buf_init(&b[k]);
		buf_puts(&b[k], "{");
	}
	for (i = 0; i < n; i++)
		for (k = 0; k <= (stored[i].status_changed != 0); k++) {
			/* The reply's event, then its status change. */
			const char *sep = b[0].len > 1 ? "," : "";

			buf_printf(&b[0], "%s%s", sep,
				   k ? "status_change" : "reply");
			buf_printf(&b[1], "%s%lld", sep, stored[i].account_id);
			buf_printf(&b[2], "%s%lld", sep,
				   stored[i].conversation_id);
		}
	for (k = 0; k < 3; k++) {
		buf_puts(&b[k], "}");
		params[k] = b[k].data;
	}
	res =
	    db_query_prepared(conn, "replies_announce", 3, params, NULL, NULL);
	PQclear(res);
	for (k = 0; k < 3; k++)
		buf_free(&b[k]);
	return res == NULL ? -1 : 0;
}

void
replies_stored_free(struct replies_stored *out)
{
	free(out->customer_email);
	out->customer_email = NULL;
}

void
replies_read_send(struct db_pipeline *p, const struct replies_reading *r)
{
	const char *params[] = {r->reply_id,
				r->text,
				r->signature,
				r->quoted_text,
				replies_bool(r->auto_reply),
				replies_bool(r->bounce),
				r->subject,
				replies_bool(r->do_not_contact),
				replies_bool(r->not_interested),
				replies_bool(r->meeting_booked),
				replies_bool(r->interested),
				r->language};

	db_pipeline_send(p, "replies_read", 12, params);
}

void
replies_bounce_send(struct db_pipeline *p, const struct replies_bounce *b)
{
	const char *params[] = {b->reply_id, b->recipient, b->status,
				replies_bool(b->permanent)};

	db_pipeline_send(p, "replies_bounce", 4, params);
}

void
replies_analysis_send(struct db_pipeline *p, const char *reply_id,
		      const char *analysis, const char *raw, const char *jobs)
{
	const char *params[] = {reply_id, analysis, raw, jobs};

	if (jobs == NULL || strcmp(jobs, "{}") == 0)
		db_pipeline_send(p, "replies_analysis", 3, params);
	else
		db_pipeline_send(p, "replies_analysis_jobs", 4, params);
}

int
replies_log(PGconn *conn, long long account, long long customer,
	    const char *channel, const char *text, const char *by,
	    long long *reply_id)
{
	char a[32], c[32], conv[32], id[32];
	const char *params[] = {a, c, channel, text, NULL};
	const char *st[] = {a, c, conv, NULL, by};
	PGresult *res;

	snprintf(a, sizeof(a), "%lld", account);
	snprintf(c, sizeof(c), "%lld", customer);
	if (db_exec(conn, "BEGIN", 0, NULL) < 0)
		return -1;
	res = db_query(conn, replies_log_sql, 5, params);
	if (res == NULL || PQntuples(res) == 0) {
		PQclear(res);
		db_exec(conn, "ROLLBACK", 0, NULL);
		return -1;
	}
	snprintf(id, sizeof(id), "%s", PQgetvalue(res, 0, 0));
	snprintf(conv, sizeof(conv), "%s", PQgetvalue(res, 0, 1));
	PQclear(res);
	if (db_exec(conn, replies_log_status_sql, 5, st) < 0 ||
	    db_exec(conn, "COMMIT", 0, NULL) < 0) {
		db_exec(conn, "ROLLBACK", 0, NULL);
		return -1;
	}
	*reply_id = atoll(id);
	return 0;
}
