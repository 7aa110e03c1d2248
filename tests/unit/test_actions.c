/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for core/actions.c against a real PostgreSQL (testdb.h):
 * each action writes what it says and nothing more, its event carries
 * the same detail as the ones mail makes, and the do-not-contact flag
 * follows the operator's status as the module promises.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "actions.h"
#include "testdb.h"

static void
test_statuses(void **state)
{
	(void)state;
	assert_true(actions_status_valid("new"));
	assert_true(actions_status_valid("do_not_contact"));
	assert_false(actions_status_valid("hot"));
	assert_false(actions_status_valid(""));
	assert_false(actions_status_valid("New"));
	assert_string_equal(actions_statuses[7], "do_not_contact");
	assert_null(actions_statuses[8]);
}

static const char *
test_event(long long customer, const char *kind, const char *field)
{
	char c[32];
	const char *p[] = {c, kind, field};

	snprintf(c, sizeof(c), "%lld", customer);
	return testdb_value("SELECT detail->>$3 FROM events"
			    " WHERE customer_id = $1 AND kind = $2"
			    " ORDER BY id DESC LIMIT 1",
			    3, p);
}

static int
test_count(long long customer, const char *kind)
{
	char c[32];
	const char *p[] = {c, kind};

	snprintf(c, sizeof(c), "%lld", customer);
	return atoi(testdb_value("SELECT count(*) FROM events"
				 " WHERE customer_id = $1 AND kind = $2",
				 2, p));
}

static const char *
test_customer(long long customer, const char *column)
{
	char c[32], sql[128];
	const char *p[] = {c};

	snprintf(c, sizeof(c), "%lld", customer);
	snprintf(sql, sizeof(sql),
		 "SELECT %s::text FROM customers WHERE id = $1", column);
	return testdb_value(sql, 1, p);
}

static void
test_status_changes_and_says_so(void **state)
{
	struct actions_status_result r;
	long long a, c;

	(void)state;
	TESTDB_NEED();
	a = testdb_parties("st@example.com", "c@example.net", &c);
	testdb_conversation(a, c, 0);
	assert_int_equal(
	    actions_status(testdb_conn, a, c, "interested", "tester", &r), 1);
	assert_true(r.changed);
	assert_string_equal(r.from, "new");
	assert_false(r.dnc_before);
	assert_false(r.dnc_after);
	assert_string_equal(test_customer(c, "status"), "interested");
	assert_string_equal(test_event(c, "status_change", "from"), "new");
	assert_string_equal(test_event(c, "status_change", "to"), "interested");
	assert_string_equal(test_event(c, "status_change", "by"), "tester");

	/* The same again changes nothing and writes no event. */
	assert_int_equal(
	    actions_status(testdb_conn, a, c, "interested", "tester", &r), 1);
	assert_false(r.changed);
	assert_string_equal(r.from, "interested");
	assert_int_equal(test_count(c, "status_change"), 1);

	/* No such customer. */
	assert_int_equal(actions_status(testdb_conn, a, 0, "new", "t", &r), 0);
}

static void
test_status_moves_the_flag(void **state)
{
	struct actions_status_result r;
	long long a, c, c2;
	const char *p[1];
	char id[32];

	(void)state;
	TESTDB_NEED();
	a = testdb_parties("dnc@example.com", "d@example.net", &c);
	assert_int_equal(
	    actions_status(testdb_conn, a, c, "do_not_contact", "t", &r), 1);
	assert_true(r.dnc_after);
	assert_false(r.dnc_before);
	assert_string_equal(test_customer(c, "do_not_contact"), "true");
	assert_int_equal(actions_status(testdb_conn, a, c, "customer", "t", &r),
			 1);
	assert_true(r.dnc_before);
	assert_false(r.dnc_after);
	assert_string_equal(test_customer(c, "do_not_contact"), "false");

	/* A flag raised otherwise stays when the status moves elsewhere. */
	testdb_parties("dnc2@example.com", "e@example.net", &c2);
	snprintf(id, sizeof(id), "%lld", c2);
	p[0] = id;
	testdb_value("UPDATE customers SET do_not_contact = true"
		     " WHERE id = $1",
		     1, p);
	a = testdb_id("SELECT account_id FROM customers WHERE id = $1", 1, p);
	assert_int_equal(
	    actions_status(testdb_conn, a, c2, "contacted", "t", &r), 1);
	assert_true(r.dnc_before);
	assert_true(r.dnc_after);
	assert_string_equal(test_customer(c2, "do_not_contact"), "true");
}

static void
test_note(void **state)
{
	long long a, c, cv;
	char conv[32];

	(void)state;
	TESTDB_NEED();
	a = testdb_parties("note@example.com", "n@example.net", &c);
	/* Before any conversation the note still goes on the timeline. */
	assert_int_equal(actions_note(testdb_conn, a, c, "first", "me"), 0);
	assert_string_equal(test_event(c, "note", "text"), "first");
	cv = testdb_conversation(a, c, 0);
	assert_int_equal(
	    actions_note(testdb_conn, a, c, "Bring the deck", "ann"), 0);
	assert_string_equal(test_event(c, "note", "text"), "Bring the deck");
	assert_string_equal(test_event(c, "note", "by"), "ann");
	snprintf(conv, sizeof(conv), "%lld", cv);
	const char *p[] = {conv};
	assert_string_equal(testdb_value("SELECT count(*) FROM events"
					 " WHERE conversation_id = $1"
					 " AND kind = 'note'",
					 1, p),
			    "1");
}

static void
test_read(void **state)
{
	long long a, c, before = -1;

	(void)state;
	TESTDB_NEED();
	a = testdb_parties("read@example.com", "r@example.net", &c);
	assert_int_equal(actions_read(testdb_conn, a, c, &before), 0);
	testdb_conversation(a, c, 3);
	assert_int_equal(actions_read(testdb_conn, a, c, &before), 1);
	assert_int_equal(before, 3);
	assert_int_equal(actions_read(testdb_conn, a, c, &before), 1);
	assert_int_equal(before, 0);
}

static void
test_tag_once_and_assign(void **state)
{
	long long a, c, cv;
	char cid[32], conv[32];
	const char *p[] = {conv};

	(void)state;
	TESTDB_NEED();
	a = testdb_parties("tag@example.com", "t@example.net", &c);
	cv = testdb_conversation(a, c, 0);
	snprintf(cid, sizeof(cid), "%lld", c);
	snprintf(conv, sizeof(conv), "%lld", cv);
	assert_int_equal(actions_tag(testdb_conn, cid, "warm"), 0);
	assert_int_equal(actions_tag(testdb_conn, cid, "warm"), 0);
	assert_int_equal(actions_tag(testdb_conn, cid, "vip"), 0);
	assert_string_equal(test_customer(c, "tags"), "{warm,vip}");
	assert_int_equal(actions_assign(testdb_conn, conv, "bob@example.com"),
			 0);
	assert_string_equal(testdb_value("SELECT assignee FROM conversations"
					 " WHERE id = $1",
					 1, p),
			    "bob@example.com");
	assert_int_equal(actions_assign(testdb_conn, conv, "sue@example.com"),
			 0);
	assert_string_equal(testdb_value("SELECT assignee FROM conversations"
					 " WHERE id = $1",
					 1, p),
			    "sue@example.com");
}

/* A failure is a return value, not an exit. */
static void
test_failure_is_returned(void **state)
{
	struct actions_status_result r;

	(void)state;
	TESTDB_NEED();
	/* A status the schema's CHECK refuses. */
	assert_int_equal(actions_status(testdb_conn, 1, 1, "hot", "t", &r), -1);
	assert_int_equal(actions_tag(testdb_conn, "x", "t"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_statuses),
	    cmocka_unit_test(test_status_changes_and_says_so),
	    cmocka_unit_test(test_status_moves_the_flag),
	    cmocka_unit_test(test_note),
	    cmocka_unit_test(test_read),
	    cmocka_unit_test(test_tag_once_and_assign),
	    cmocka_unit_test(test_failure_is_returned),
	};

	return cmocka_run_group_tests(tests, testdb_setup, testdb_teardown);
}
