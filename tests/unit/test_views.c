/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for core/views.c against a real PostgreSQL (testdb.h): the
 * inbox's order and filters, its preview, the timeline's rows and JSON,
 * the job queue's listing; and, as the views show them, core/jobs.c's
 * retry and core/replies.c's bounce.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "actions.h"
#include "jobs.h"
#include "testdb.h"
#include "views.h"

/*
 * A reply of the conversation, at minutes ago, with an analysis of type;
 * logged by hand, so that the unread count stays as the test set it.
 */
static long long
test_reply(long long cv, const char *text, int minutes, const char *type)
{
	char c[32], m[16];
	const char *p[] = {c, text, m, type};
	long long id;

	snprintf(c, sizeof(c), "%lld", cv);
	snprintf(m, sizeof(m), "%d", minutes);
	id = testdb_id("INSERT INTO replies (account_id, customer_id,"
		       " conversation_id, reply_text, subject, received_at,"
		       " manual)"
		       " SELECT account_id, customer_id, id, $2, 'Re: hi',"
		       " now() - $3::int * interval '1 minute', true"
		       " FROM conversations WHERE id = $1 RETURNING id",
		       3, p);
	snprintf(c, sizeof(c), "%lld", id);
	const char *ap[] = {c, type};
	if (type)
		testdb_value("INSERT INTO analyses (reply_id, response_type,"
			     " sentiment, opportunity_score, backend)"
			     " VALUES ($1, $2, 'neutral', 3, 'builtin')",
			     2, ap);
	return id;
}

/*
 * Jobs done longer ago than the retention go, in batches of
 * JOBS_PURGE_MAX; jobs done since, queued or failed stay.
 */
static void
test_jobs_purge(void **state)
{
	char n[16];
	const char *p[] = {n};

	(void)state;
	TESTDB_NEED();
	snprintf(n, sizeof(n), "%d", JOBS_PURGE_MAX + 5);
	testdb_value("INSERT INTO jobs (kind, payload, state, finished_at)"
		     " SELECT 'alert', '{\"t\": 1}', 'done',"
		     " now() - interval '31 days'"
		     " FROM generate_series(1, $1::int)",
		     1, p);
	testdb_script(
	    "INSERT INTO jobs (kind, payload, state, finished_at)"
	    " VALUES"
	    " ('alert', '{\"t\": 1}', 'done', now() - interval '29 days'),"
	    " ('alert', '{\"t\": 1}', 'failed',"
	    "  now() - interval '60 days'),"
	    " ('webhook', '{\"t\": 1}', 'queued', NULL)");
	assert_int_equal(jobs_purge(testdb_conn, 30 * 86400LL),
			 JOBS_PURGE_MAX + 5);
	assert_string_equal(
	    testdb_value("SELECT string_agg(state, ',' ORDER BY state)"
			 " FROM jobs WHERE payload = '{\"t\": 1}'",
			 0, NULL),
	    "done,failed,queued");
	assert_int_equal(jobs_purge(testdb_conn, 30 * 86400LL), 0);
}

/* The announcements on postreply_web since the last call. */
static int
test_announced(void)
{
	PGnotify *n;
	int count = 0;

	PQconsumeInput(testdb_conn);
	while ((n = PQnotifies(testdb_conn)) != NULL) {
		count++;
		PQfreemem(n);
	}
	return count;
}

/* Stores a reply as the milter does (not by hand) at minutes ago. */
static long long
test_received(long long cv, int minutes)
{
	char c[32], m[16];
	const char *p[] = {c, m};

	snprintf(c, sizeof(c), "%lld", cv);
	snprintf(m, sizeof(m), "%d", minutes);
	return testdb_id("INSERT INTO replies (account_id, customer_id,"
			 " conversation_id, received_at)"
			 " SELECT account_id, customer_id, id,"
			 " now() - $2::int * interval '1 minute'"
			 " FROM conversations WHERE id = $1 RETURNING id",
			 2, p);
}

/*
 * The conversation's unread count, last reply and urgency, and how many
 * times its row was updated since the last call (test_count_updates).
 */
static const char *
test_conversation(long long cv)
{
	char c[32];
	const char *p[] = {c};

	snprintf(c, sizeof(c), "%lld", cv);
	return testdb_value(
	    "WITH n AS (DELETE FROM test_updates RETURNING 1)"
	    " SELECT unread_count || ' ' || coalesce(last_reply_id, 0)"
	    " || ' ' || last_reply_urgency || ' ' || (SELECT count(*) FROM n)"
	    " FROM conversations WHERE id = $1",
	    1, p);
}

/* A row in test_updates for each update of a conversation. */
static void
test_count_updates(void)
{
	testdb_script(
	    "CREATE TABLE test_updates (id bigint);"
	    " CREATE FUNCTION test_updated() RETURNS trigger"
	    " LANGUAGE plpgsql AS $$ BEGIN"
	    "  INSERT INTO test_updates VALUES (NEW.id); RETURN NULL; END $$;"
	    " CREATE TRIGGER test_updated AFTER UPDATE ON conversations"
	    "  FOR EACH ROW EXECUTE FUNCTION test_updated()");
}

/*
 * A reply updates its conversation once (sql/019), whoever stores it:
 * the unread count unless logged by hand, the last reply when it is the
 * latest; and the count's change is announced only when no new last
 * reply (whose own event announces it) came with it.
 */
static void
test_a_reply_updates_its_conversation_once(void **state)
{
	long long a, c, cv, r1, r2;
	char want[96];

	(void)state;
	TESTDB_NEED();
	a = testdb_parties("once@example.com", "once@example.net", &c);
	cv = testdb_conversation(a, c, 0);
	test_count_updates();
	testdb_script("LISTEN postreply_web");
	test_announced();

	r1 = test_received(cv, 5);
	snprintf(want, sizeof(want), "1 %lld 0 1", r1);
	assert_string_equal(test_conversation(cv), want);
	assert_int_equal(test_announced(), 0);

	/* An older one: unread, not the last; the badge is announced. */
	r2 = test_received(cv, 10);
	snprintf(want, sizeof(want), "2 %lld 0 1", r1);
	assert_string_equal(test_conversation(cv), want);
	assert_int_equal(test_announced(), 1);

	/*
	 * Logged by hand, and the latest: not unread, but the last reply;
	 * its analysis (needs attention) then raises the urgency.
	 */
	r2 = test_reply(cv, "called me", 0, "needs_attention");
	snprintf(want, sizeof(want), "2 %lld 2 2", r2);
	assert_string_equal(test_conversation(cv), want);
	assert_int_equal(test_announced(), 1);
	testdb_script("UNLISTEN postreply_web");
}

static void
test_inbox_order_and_filters(void **state)
{
	long long a, c1, c2, c3;
	PGresult *res;

	(void)state;
	TESTDB_NEED();
	a = testdb_parties("inbox@example.com", "one@example.net", &c1);
	testdb_parties("other@example.com", "x@example.net", &c3);
	const char *p[] = {"inbox@example.com", "two@example.net"};
	c2 = testdb_id("INSERT INTO customers (account_id, email)"
		       " SELECT id, $2 FROM accounts WHERE email = $1"
		       " RETURNING id",
		       2, p);
	/* one: the newest reply, standard; two: older, needs attention. */
	test_reply(testdb_conversation(a, c1, 0), "fine, thanks", 1,
		   "standard");
	test_reply(testdb_conversation(a, c2, 2), "line one\n\tline\001two", 30,
		   "needs_attention");

	res = views_inbox(testdb_conn, "INBOX@example.com", 0);
	assert_non_null(res);
	assert_int_equal(PQntuples(res), 2);
	assert_string_equal(PQgetvalue(res, 0, VIEWS_INBOX_CUSTOMER),
			    "two@example.net");
	assert_string_equal(PQgetvalue(res, 0, VIEWS_INBOX_TYPE),
			    "needs_attention");
	assert_string_equal(PQgetvalue(res, 0, VIEWS_INBOX_PREVIEW),
			    "line one line?two");
	assert_string_equal(PQgetvalue(res, 0, VIEWS_INBOX_UNREAD), "2");
	assert_string_equal(PQgetvalue(res, 1, VIEWS_INBOX_CUSTOMER),
			    "one@example.net");
	assert_string_equal(PQgetvalue(res, 1, VIEWS_INBOX_SCORE), "3");
	PQclear(res);

	res = views_inbox(testdb_conn, "inbox@example.com", 1);
	assert_int_equal(PQntuples(res), 1);
	PQclear(res);

	/* Every account: the other one's conversation-less customer is not. */
	res = views_inbox(testdb_conn, NULL, 0);
	assert_int_equal(PQntuples(res), 2);
	PQclear(res);

	res = views_inbox_json(testdb_conn, "inbox@example.com", 0);
	assert_int_equal(PQntuples(res), 1);
	assert_non_null(
	    strstr(PQgetvalue(res, 0, 0), "\"customer\": \"two@example.net\""));
	assert_null(strstr(PQgetvalue(res, 0, 0), "\"rank\""));
	PQclear(res);

	res = views_inbox_json(testdb_conn, "nobody@example.com", 0);
	assert_string_equal(PQgetvalue(res, 0, 0), "[]");
	PQclear(res);
	(void)c3;
}

static void
test_timeline(void **state)
{
	struct actions_status_result r;
	long long a, c;
	PGresult *res;

	(void)state;
	TESTDB_NEED();
	a = testdb_parties("tl@example.com", "tl@example.net", &c);
	testdb_conversation(a, c, 0);
	assert_int_equal(
	    views_customer_known(testdb_conn, "TL@example.net", NULL), 1);
	assert_int_equal(views_customer_known(testdb_conn, "tl@example.net",
					      "tl@example.com"),
			 1);
	assert_int_equal(views_customer_known(testdb_conn, "tl@example.net",
					      "inbox@example.com"),
			 0);
	assert_int_equal(
	    views_customer_known(testdb_conn, "no@example.net", NULL), 0);
	assert_int_equal(
	    actions_status(testdb_conn, a, c, "interested", "ann", &r), 1);
	assert_int_equal(
	    actions_note(testdb_conn, a, c, "Bring the deck", "ann"), 0);

	res = views_timeline(testdb_conn, "tl@example.net", NULL);
	assert_non_null(res);
	assert_int_equal(PQntuples(res), 2);
	assert_string_equal(PQgetvalue(res, 0, VIEWS_TL_KIND), "status_change");
	assert_string_equal(PQgetvalue(res, 0, VIEWS_TL_SUMMARY),
			    "new -> interested (by ann)");
	assert_true(PQgetisnull(res, 0, VIEWS_TL_TEXT));
	assert_string_equal(PQgetvalue(res, 1, VIEWS_TL_KIND), "note");
	assert_string_equal(PQgetvalue(res, 1, VIEWS_TL_SUMMARY), "by ann");
	assert_string_equal(PQgetvalue(res, 1, VIEWS_TL_TEXT),
			    "Bring the deck");
	assert_string_equal(PQgetvalue(res, 1, VIEWS_TL_ACCOUNT),
			    "tl@example.com");
	PQclear(res);

	res = views_timeline_json(testdb_conn, "tl@example.net",
				  "tl@example.com");
	assert_int_equal(PQntuples(res), 1);
	assert_non_null(strstr(PQgetvalue(res, 0, 0), "\"kind\": \"note\""));
	assert_non_null(
	    strstr(PQgetvalue(res, 0, 0), "\"text\": \"Bring the deck\""));
	PQclear(res);
}

static void
test_jobs_listing_and_retry(void **state)
{
	char id[32];
	PGresult *res;

	(void)state;
	TESTDB_NEED();
	snprintf(id, sizeof(id), "%lld",
		 testdb_id("INSERT INTO jobs (kind, state, attempts,"
			   " last_error) VALUES ('alert', 'failed', 5,"
			   " 'no route') RETURNING id",
			   0, NULL));
	res = views_jobs(testdb_conn, 1);
	assert_non_null(res);
	assert_int_equal(PQntuples(res), 1);
	assert_string_equal(PQgetvalue(res, 0, VIEWS_JOBS_ID), id);
	assert_string_equal(PQgetvalue(res, 0, VIEWS_JOBS_STATE), "failed");
	assert_string_equal(PQgetvalue(res, 0, VIEWS_JOBS_ERROR), "no route");
	PQclear(res);

	assert_int_equal(jobs_retry(testdb_conn, id), 1);
	/* Queued now: no longer failed, and not a failed job to retry. */
	res = views_jobs(testdb_conn, 1);
	assert_int_equal(PQntuples(res), 0);
	PQclear(res);
	res = views_jobs(testdb_conn, 0);
	assert_int_equal(PQntuples(res), 1);
	assert_string_equal(PQgetvalue(res, 0, VIEWS_JOBS_STATE), "queued");
	assert_string_equal(PQgetvalue(res, 0, VIEWS_JOBS_ATTEMPTS), "0");
	PQclear(res);
	assert_int_equal(jobs_retry(testdb_conn, id), 0);
	assert_int_equal(jobs_retry(testdb_conn, "999999"), 0);
	assert_int_equal(jobs_retry(testdb_conn, "x"), -1);

	res = views_jobs_json(testdb_conn, 0);
	assert_non_null(strstr(PQgetvalue(res, 0, 0), "\"kind\": \"alert\""));
	PQclear(res);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_inbox_order_and_filters),
	    cmocka_unit_test(test_timeline),
	    cmocka_unit_test(test_jobs_listing_and_retry),
	    cmocka_unit_test(test_jobs_purge),
	    cmocka_unit_test(test_a_reply_updates_its_conversation_once),
	};

	return cmocka_run_group_tests(tests, testdb_setup, testdb_teardown);
}
