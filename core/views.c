/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * views: the one reader of the conversations as people see them: the
 * inbox, a customer's timeline, the job queue. postreplyctl prints them
 * for a terminal and the web server serves them; neither writes these
 * queries itself, so both show the same rows in the same order. Each
 * view has a row form and a JSON form built from the same rows, so the
 * two can never disagree.
 * Contract: a PGresult the caller frees, or NULL after a warning when
 * the database failed (the error left on conn).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "followups.h"
#include "users.h"
#include "views.h"

/*
 * The inbox's order: the last reply's urgency (2 needs_attention, 1
 * high_value, 0 else), then the newest last reply (the last activity
 * when there is none), then the id; every key descends. The last reply
 * and its urgency are kept on the conversation by triggers (sql/017,
 * 018), and the three keys are one index: a page starts where the last
 * one ended.
 */
#define VIEWS_URGENCY "cv.last_reply_urgency"
#define VIEWS_NEWEST "coalesce(cv.last_reply_at, cv.last_activity_at)"

/*
 * One row per conversation with its last reply and that reply's
 * analysis. The preview is one line of at most 60 characters, from the
 * extracted text or else the subject, control characters shown as '?'.
 */
#define VIEWS_INBOX_ROWS                                                       \
	"SELECT a.email AS account, c.email AS customer, c.name,"              \
	" c.status, cv.unread_count AS unread,"                                \
	" lr.received_at AS last_reply_at, lr.channel AS last_reply_channel,"  \
	" CASE WHEN length(lr.p) > 60 THEN left(lr.p, 57) || '...'"            \
	"  ELSE lr.p END AS preview,"                                          \
	" an.response_type, an.opportunity_score,"                             \
	" cv.last_activity_at,"                                                \
	" " VIEWS_URGENCY " AS urgency, " VIEWS_NEWEST " AS newest, cv.id"     \
	" FROM conversations cv"                                               \
	" JOIN accounts a ON a.id = cv.account_id"                             \
	" JOIN customers c ON c.id = cv.customer_id"                           \
	" LEFT JOIN LATERAL (SELECT r.id, r.received_at, r.channel,"           \
	"  regexp_replace(regexp_replace(btrim(coalesce(r.reply_text,"         \
	"  r.subject, '')), '\\s+', ' ', 'g'),"                                \
	"  '[\\u0001-\\u001f\\u007f-\\u009f]', '?', 'g') AS p"                 \
	"  FROM replies r WHERE r.id = cv.last_reply_id) lr ON true"           \
	" LEFT JOIN analyses an ON an.reply_id = lr.id"                        \
	" WHERE ($1::text IS NULL OR lower(a.email) = lower($1))"              \
	" AND (NOT $2::bool OR cv.unread_count > 0)"

#define VIEWS_INBOX_ORDER " ORDER BY urgency DESC, newest DESC, id DESC"

static const char views_inbox_json_sql[] =
    "SELECT coalesce(jsonb_pretty(jsonb_agg(to_jsonb(r) - 'urgency'"
    " - 'newest' - 'id'" VIEWS_INBOX_ORDER ")), '[]')"
    " FROM (" VIEWS_INBOX_ROWS ") r";

static const char views_inbox_text_sql[] =
    "SELECT account, customer, status, unread,"
    " coalesce(to_char(last_reply_at, 'YYYY-MM-DD HH24:MI'), '-'),"
    " coalesce(response_type, '-'),"
    " coalesce(opportunity_score::text, '-'), coalesce(preview, '')"
    " FROM (" VIEWS_INBOX_ROWS ") r" VIEWS_INBOX_ORDER;

/* Events of the customer (any account, or the one given). */
#define VIEWS_TIMELINE_FROM                                                    \
	" FROM timeline t JOIN customers c ON c.id = t.customer_id"            \
	" JOIN accounts a ON a.id = t.account_id"                              \
	" WHERE lower(c.email) = lower($1)"                                    \
	" AND ($2::text IS NULL OR lower(a.email) = lower($2))"

static const char views_timeline_json_sql[] =
    "SELECT coalesce(jsonb_pretty(jsonb_agg("
    " t.detail || jsonb_build_object('kind', t.kind, 'at', t.at,"
    " 'account', a.email, 'customer', c.email)"
    " ORDER BY t.at, t.id)), '[]')" VIEWS_TIMELINE_FROM;

/* A follow-up's reason, by subject and date rather than by id. */
#define VIEWS_TIMELINE_REASON FOLLOWUP_REASON_WORDS("(t.detail->>'reason')")

/*
 * Why the analysis's signals act: one line per evidence, the strongest
 * first ("Asked to be contacted: «can you come back to me Thursday»"),
 * or '' (analyses stored before evidence have none).
 */
#define VIEWS_EVIDENCE(an)                                                     \
	"coalesce((SELECT string_agg(E'\\n' || format('%s: «%s»',"           \
	" CASE e.k WHEN 'do_not_contact' THEN 'Asked not to be contacted'"     \
	" WHEN 'not_interested' THEN 'Not interested'"                         \
	" WHEN 'meeting_booked' THEN 'Meeting booked'"                         \
	" WHEN 'unavailable' THEN 'Unavailable'"                               \
	" WHEN 'requested_followup_at' THEN 'Asked to be contacted'"           \
	" WHEN 'response_type' THEN initcap(replace(" an "->>'response_type'," \
	" '_', ' ')) ELSE e.k END, e.v), '' ORDER BY array_position("          \
	" ARRAY['do_not_contact', 'not_interested', 'meeting_booked',"         \
	" 'unavailable', 'requested_followup_at', 'response_type'], e.k))"     \
	" FROM jsonb_each_text(CASE WHEN jsonb_typeof(" an "->'evidence')"     \
	" = 'object' THEN " an "->'evidence' END) AS e(k, v)), '')"

/*
 * The human form, in SQL so both forms read the same detail: per event
 * the time, kind, account, a one-line summary, and what goes below it
 * (a reply's or note's text; a reply's analysis). Follow-up events are
 * shown by the fields they are known to carry, others by their detail.
 */
static const char views_timeline_text_sql[] =
    "SELECT to_char(t.at, 'YYYY-MM-DD HH24:MI:SS TZ'), t.kind, a.email,"
    " CASE t.kind"
    " WHEN 'email_sent' THEN format('\"%s\" reply to %s',"
    "  t.detail->>'subject', t.detail->>'reply_address')"
    " WHEN 'send_failed' THEN format('\"%s\" was not sent: %s',"
    "  t.detail->>'subject', t.detail->>'reason')"
    " WHEN 'reply' THEN concat_ws(' ',"
    "  CASE WHEN (t.detail->>'manual')::bool"
    "  THEN format('[manual, %s]', t.detail->>'channel')"
    "  ELSE format('from %s: \"%s\"', coalesce(t.detail->>'from', '?'),"
    "  coalesce(t.detail->>'subject', '')) END,"
    "  CASE WHEN (t.detail->>'auto_reply')::bool THEN '[auto-reply]' END,"
    "  CASE WHEN (t.detail->>'bounce')::bool THEN '[bounce]' END,"
    "  CASE WHEN t.detail->>'unreadable' IS NOT NULL THEN"
    "  format('[could not be read: %s; the raw message is kept]',"
    "  t.detail->>'unreadable') END)"
    " WHEN 'status_change' THEN format('%s -> %s (by %s)',"
    "  t.detail->>'from', t.detail->>'to', t.detail->>'by')"
    " WHEN 'note' THEN format('by %s', t.detail->>'by')"
    " ELSE coalesce(CASE WHEN t.kind LIKE 'followup%' THEN nullif(concat_ws("
    "  ', ', (t.detail->>'scenario') || ' step ' || (t.detail->>'step'),"
    "  'due ' || to_char((t.detail->>'due_at')::timestamptz,"
    "  'YYYY-MM-DD HH24:MI:SS TZ'),"
    "  '\"' || (t.detail->>'subject') || '\"',"
    "  " VIEWS_TIMELINE_REASON "), '') END, t.detail::text) END,"
    " CASE WHEN t.kind IN ('reply', 'note', 'followup_sent') THEN "
    "t.detail->>'text' END,"
    " CASE WHEN t.kind = 'reply'"
    "  AND jsonb_typeof(t.detail->'analysis') = 'object'"
    " THEN format('analysis: %s, %s, score %s/5%s%s%s',"
    "  t.detail->'analysis'->>'response_type',"
    "  t.detail->'analysis'->>'sentiment',"
    "  t.detail->'analysis'->>'opportunity_score',"
    "  CASE WHEN (t.detail->'analysis'->>'follow_up_needed')::bool"
    "  THEN ', follow-up needed' ELSE '' END,"
    "  coalesce(E'\\ninsights: '"
    "  || nullif(t.detail->'analysis'->>'key_insights', ''), ''),"
    "  " VIEWS_EVIDENCE("t.detail->'analysis'") ")"
						" END" VIEWS_TIMELINE_FROM
						" ORDER BY t.at, t.id";

/* Jobs not done: queued (or running) ones, or only the failed ones. */
#define VIEWS_JOBS_FROM                                                        \
	" FROM jobs WHERE state <> 'done'"                                     \
	" AND (NOT $1::boolean OR state = 'failed')"

static const char views_jobs_json_sql[] =
    "SELECT coalesce(jsonb_pretty(jsonb_agg(jsonb_build_object("
    " 'id', id, 'kind', kind, 'payload', payload, 'state',"
    " CASE WHEN state = 'queued' AND locked_until > now() THEN 'running'"
    " ELSE state END, 'attempts', attempts, 'run_at', run_at,"
    " 'last_error', last_error, 'created_at', created_at) ORDER BY id)),"
    " '[]')" VIEWS_JOBS_FROM;

static const char views_jobs_text_sql[] =
    "SELECT id, kind, CASE WHEN state = 'queued' AND locked_until > now()"
    " THEN 'running' ELSE state END, attempts,"
    " to_char(run_at, 'YYYY-MM-DD HH24:MI:SS'), payload::text,"
    " coalesce(last_error, '')" VIEWS_JOBS_FROM " ORDER BY id";

/*
 * The web's inbox: a page of the conversations of the accounts the user
 * may see ($3, checked here by the database), with the web's filters, and
 * the totals a tab title and badges show. The page is the first $7
 * conversations after the cursor ($8 urgency, $9 newest in microseconds
 * since the epoch, $10 id; NULL: from the start), read from the index;
 * the rows' details are read for those only, by their ids (an array:
 * with "IN (SELECT id FROM p)" the planner joined p to a sequential scan
 * of every conversation, 5 ms at 10,000). "next" is the cursor of
 * the page after, null on the last one. A filter that is NULL is planned
 * away (the statement is planned with its parameters). The grant is
 * asked once per account, not once per conversation.
 */
#define VIEWS_PAGE_ACCOUNTS(col)                                               \
	" " col " IN (SELECT ga.id FROM accounts ga WHERE " USERS_SEES(        \
	    "$3::bigint", "ga.id") ") AND ($1::text IS NULL OR " col " IN"     \
				   " (SELECT id FROM accounts"                 \
				   " WHERE lower(email) = lower($1)))"

/*
 * The filters on the customer and the last reply, written so that the
 * planner can start from either side: from the inbox's index (a common
 * status: the first page is found in a few hundred conversations) or
 * from the few customers that match (a search, by the trigram index of
 * sql/023; a rare status, by a scan of the customers).
 * - A search is a substring of the address or the name, any case: LIKE
 *   with the search's own %, _ and \ escaped, which the trigram index
 *   answers (a search with a line feed, the separator of the two,
 *   matches none). A customer belongs to the account of its conversations
 *   (the writers make them so), so a customer found leads to its
 *   conversation by the (account, customer) key. A search has at least
 *   three characters (the web refuses shorter ones): under three there
 *   is no trigram to look up, and a search that matched nothing read
 *   every customer (0.7 s at 100,000 on a busy machine).
 * - The three response types (sql/002) each have their urgency, the
 *   conversation's: the urgent two are a range of the inbox's index;
 *   "standard" is the range of urgency 0 whose last reply was analysed
 *   as standard (the others there have no reply or no analysis yet).
 * A filter not asked for is left out, its parameter only typed
 * ("$4::text IS NULL", true): as "$4 IS NULL OR EXISTS ...", the
 * planner could not make a join of the EXISTS (it decides before it
 * knows the parameter) and tested every conversation in turn.
 */
#define VIEWS_PAGE_MATCH                                                       \
	"strpos($6, E'\\n') = 0 AND lower(c.email || E'\\n' || c.name)"        \
	" LIKE '%' || replace(replace(replace(lower($6), '\\', '\\\\'), '%',"  \
	" '\\%'), '_', '\\_') || '%'"

static void
views_page_filters(struct buf *b, const struct views_page *p)
{
	buf_puts(b, p->status == NULL
			? " AND $4::text IS NULL"
			: " AND EXISTS (SELECT 1 FROM customers c"
			  " WHERE c.id = cv.customer_id AND c.status = $4)");
	if (p->type == NULL)
		buf_puts(b, " AND $5::text IS NULL");
	else if (strcmp(p->type, "standard") == 0)
		buf_puts(b, " AND cv.last_reply_urgency = 0 AND EXISTS"
			    " (SELECT 1 FROM analyses an WHERE an.reply_id ="
			    " cv.last_reply_id AND an.response_type = $5)");
	else if (strcmp(p->type, "high_value") == 0 ||
		 strcmp(p->type, "needs_attention") == 0)
		buf_puts(b, " AND cv.last_reply_urgency = inbox_urgency($5)");
	else
		buf_puts(b, " AND $5::text IS NULL AND false");
	if (p->search == NULL)
		buf_puts(b, " AND $6::text IS NULL");
	else
		buf_puts(b, " AND EXISTS (SELECT 1 FROM customers c"
			    " WHERE c.id = cv.customer_id"
			    " AND c.account_id = cv.account_id"
			    " AND " VIEWS_PAGE_MATCH ")");
}

#define VIEWS_PAGE_FROM                                                        \
	" FROM conversations cv WHERE" VIEWS_PAGE_ACCOUNTS(                    \
	    "cv.account_id") " AND (NOT $2::bool OR cv.unread_count > 0)"

/*
 * The totals. The unread replies (the tab's title) are those of the
 * whole inbox, whatever the filters: the sums kept per account by
 * triggers (inbox_counts, sql/022), as the conversations are without a
 * filter on the customers or the reply. With such a filter, the
 * conversations that match are counted, up to VIEWS_COUNT_CAP, and
 * "more" says there are more: a search for "example.com" matches them
 * all, and counting 100,000 of them took most of a page's time.
 */
#define VIEWS_COUNT_CAP "1000"
#define VIEWS_PAGE_SUMS                                                        \
	" s AS (SELECT coalesce(sum(CASE WHEN $2::bool"                        \
	" THEN ic.unread_conversations ELSE ic.conversations END), 0) AS n,"   \
	" coalesce(sum(ic.unread), 0) AS u FROM inbox_counts ic"               \
	" WHERE" VIEWS_PAGE_ACCOUNTS("ic.account_id") "),"

static const char views_page_head[] = "WITH p AS (SELECT cv.id" VIEWS_PAGE_FROM;

static const char views_page_rows[] =
    " AND ($8::int IS NULL OR"
    " (" VIEWS_URGENCY ", " VIEWS_NEWEST ", cv.id) < ($8::int,"
    " to_timestamp(0) + $9::bigint * interval '1 microsecond',"
    " $10::bigint))"
    " ORDER BY " VIEWS_URGENCY " DESC, " VIEWS_NEWEST " DESC, cv.id DESC"
    " LIMIT $7),"
    " r AS (" VIEWS_INBOX_ROWS " AND cv.id = ANY (ARRAY(SELECT id FROM p))),"
    "" VIEWS_PAGE_SUMS;

static const char views_page_tail[] =
    " SELECT jsonb_build_object("
    "'total', CASE WHEN f.n IS NULL THEN s.n ELSE least(f.n, " VIEWS_COUNT_CAP
    ") END,"
    " 'more', coalesce(f.n > " VIEWS_COUNT_CAP ", false), 'unread', s.u,"
    " 'rows', (SELECT coalesce(jsonb_agg(to_jsonb(r) - 'urgency'"
    " - 'newest'" VIEWS_INBOX_ORDER "), '[]') FROM r),"
    " 'next', (SELECT urgency || '.' || (extract(epoch FROM newest)"
    " * 1000000)::bigint || '.' || id FROM r"
    " WHERE (SELECT count(*) FROM r) = $7"
    " ORDER BY urgency, newest, id LIMIT 1))::text FROM s, f";

/*
 * The statement of a page: the page's conversations and rows, the sums,
 * and with a filter the count of what it matches (f; without one, f.n
 * is NULL and the sums are the totals), in the page's order: a common
 * status or type finds its 1,001 where the page found its 50, not in
 * whatever order the table is in (12,000 conversations read for a
 * quarter's status, against 2,300).
 */
static void
views_page_sql(struct buf *b, const struct views_page *p)
{
	buf_puts(b, views_page_head);
	views_page_filters(b, p);
	buf_puts(b, views_page_rows);
	if (p->status == NULL && p->type == NULL && p->search == NULL) {
		buf_puts(b, " f AS (SELECT NULL::bigint AS n)");
	} else {
		buf_puts(b, " f AS (SELECT count(*) AS n FROM (SELECT 1");
		buf_puts(b, VIEWS_PAGE_FROM);
		views_page_filters(b, p);
		buf_puts(b,
			 " ORDER BY " VIEWS_URGENCY " DESC, " VIEWS_NEWEST
			 " DESC, cv.id DESC LIMIT " VIEWS_COUNT_CAP " + 1) x)");
	}
	buf_puts(b, views_page_tail);
}

/* One conversation the user may see, with its timeline, oldest first. */
static const char views_conversation_sql[] =
    "SELECT jsonb_build_object('id', cv.id, 'account', a.email,"
    " 'customer', c.email, 'name', c.name, 'status', c.status,"
    " 'do_not_contact', c.do_not_contact, 'unread', cv.unread_count,"
    " 'events', (SELECT coalesce(jsonb_agg(t.detail"
    " || jsonb_build_object('kind', t.kind, 'at', t.at)"
    " ORDER BY t.at, t.id), '[]') FROM timeline t"
    " WHERE t.account_id = cv.account_id"
    " AND t.customer_id = cv.customer_id))::text"
    " FROM conversations cv JOIN accounts a ON a.id = cv.account_id"
    " JOIN customers c ON c.id = cv.customer_id"
    " WHERE cv.id = $1 AND " USERS_SEES("$2::bigint", "cv.account_id");

static const char *
views_bool(int b)
{
	return b ? "t" : "f";
}

PGresult *
views_inbox(PGconn *conn, const char *account, int unread_only)
{
	const char *params[] = {account, views_bool(unread_only)};

	return db_query(conn, views_inbox_text_sql, 2, params);
}

PGresult *
views_inbox_json(PGconn *conn, const char *account, int unread_only)
{
	const char *params[] = {account, views_bool(unread_only)};

	return db_query(conn, views_inbox_json_sql, 2, params);
}

int
views_customer_known(PGconn *conn, const char *customer, const char *account)
{
	const char *params[] = {customer, account};
	PGresult *res;
	int known;

	res = db_query(conn,
		       "SELECT 1 FROM customers c JOIN accounts a"
		       " ON a.id = c.account_id"
		       " WHERE lower(c.email) = lower($1)"
		       " AND ($2::text IS NULL OR lower(a.email) = lower($2))",
		       2, params);
	if (res == NULL)
		return -1;
	known = PQntuples(res) > 0;
	PQclear(res);
	return known;
}

PGresult *
views_timeline(PGconn *conn, const char *customer, const char *account)
{
	const char *params[] = {customer, account};

	return db_query(conn, views_timeline_text_sql, 2, params);
}

PGresult *
views_timeline_json(PGconn *conn, const char *customer, const char *account)
{
	const char *params[] = {customer, account};

	return db_query(conn, views_timeline_json_sql, 2, params);
}

PGresult *
views_jobs(PGconn *conn, int failed_only)
{
	const char *params[] = {views_bool(failed_only)};

	return db_query(conn, views_jobs_text_sql, 1, params);
}

PGresult *
views_jobs_json(PGconn *conn, int failed_only)
{
	const char *params[] = {views_bool(failed_only)};

	return db_query(conn, views_jobs_json_sql, 1, params);
}

PGresult *
views_inbox_page_json(PGconn *conn, const struct views_page *p)
{
	char user[32], limit[16];
	const char *params[] = {p->account,  views_bool(p->unread_only),
				user,        p->status,
				p->type,     p->search,
				limit,       p->after[0],
				p->after[1], p->after[2]};
	struct buf sql;
	PGresult *res;

	snprintf(user, sizeof(user), "%lld", p->user);
	snprintf(limit, sizeof(limit), "%d", p->limit);
	buf_init(&sql);
	views_page_sql(&sql, p);
	res = db_query(conn, sql.data, 10, params);
	buf_free(&sql);
	return res;
}

PGresult *
views_conversation_json(PGconn *conn, long long user, long long id)
{
	char u[32], i[32];
	const char *params[] = {i, u};

	snprintf(u, sizeof(u), "%lld", user);
	snprintf(i, sizeof(i), "%lld", id);
	return db_query(conn, views_conversation_sql, 2, params);
}

int
views_conversation_parties(PGconn *conn, long long user, long long id,
			   long long *account, long long *customer)
{
	char u[32], i[32];
	const char *params[] = {i, u};
	PGresult *res;
	int rc;

	snprintf(u, sizeof(u), "%lld", user);
	snprintf(i, sizeof(i), "%lld", id);
	res = db_query(conn,
		       "SELECT cv.account_id, cv.customer_id FROM conversations"
		       " cv WHERE cv.id = $1 AND " USERS_SEES("$2::bigint",
							      "cv.account_id"),
		       2, params);
	if (res == NULL)
		return -1;
	if ((rc = PQntuples(res) > 0)) {
		*account = atoll(PQgetvalue(res, 0, 0));
		*customer = atoll(PQgetvalue(res, 0, 1));
	}
	PQclear(res);
	return rc;
}

void
views_inbox_fold(PGconn *conn)
{
	db_exec(conn, "SELECT inbox_counts_fold()", 0, NULL);
}
