/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for core/users.c against a real PostgreSQL (testdb.h):
 * users and grants, sessions (stored hashed, ending when idle or old),
 * one-time links, and USERS_SEES, the grant every web query checks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "testdb.h"
#include "users.h"

static void
test_users_and_grants(void **state)
{
	long long cust, acct;
	char sql[256];

	(void)state;
	TESTDB_NEED();
	acct = testdb_parties("team@example.com", "carl@example.net", &cust);
	assert_int_equal(users_add(testdb_conn, "Alice@example.com", 0), 1);
	assert_int_equal(users_add(testdb_conn, "alice@example.com", 1), 0);
	assert_int_equal(
	    users_grant(testdb_conn, "alice@example.com", "TEAM@example.com"),
	    1);
	/* Twice is fine; unknown user or account is not. */
	assert_int_equal(
	    users_grant(testdb_conn, "alice@example.com", "team@example.com"),
	    1);
	assert_int_equal(
	    users_grant(testdb_conn, "bob@example.com", "team@example.com"), 0);
	assert_int_equal(
	    users_grant(testdb_conn, "alice@example.com", "nobody@example.com"),
	    0);
	snprintf(sql, sizeof(sql),
		 "SELECT " USERS_SEES("(SELECT id FROM web_users)", "%lld"),
		 acct);
	assert_string_equal(testdb_value(sql, 0, NULL), "t");
	assert_int_equal(
	    users_revoke(testdb_conn, "alice@example.com", "team@example.com"),
	    1);
	assert_string_equal(testdb_value(sql, 0, NULL), "f");
	assert_int_equal(users_remove(testdb_conn, "ALICE@example.com"), 1);
	assert_int_equal(users_remove(testdb_conn, "alice@example.com"), 0);
}

static void
test_sessions(void **state)
{
	struct users_who who, found;
	char id[65], csrf[65];

	(void)state;
	TESTDB_NEED();
	assert_int_equal(users_add(testdb_conn, "dana@example.com", 1), 1);
	assert_int_equal(
	    users_find(testdb_conn, "dana@example.com", &who, NULL), 1);
	assert_true(who.admin);
	assert_int_equal(users_session_new(testdb_conn, who.id, id, csrf), 0);
	assert_int_equal(strlen(id), 64);
	/* Stored hashed: the id itself is nowhere in the table. */
	const char *p[] = {id};
	assert_string_equal(
	    testdb_value("SELECT count(*) FROM web_sessions"
			 " WHERE encode(id_hash, 'hex') = $1 OR csrf = $1",
			 1, p),
	    "0");
	assert_int_equal(
	    users_session_find(testdb_conn, id, 3600, 3600, &found), 1);
	assert_string_equal(found.email, "dana@example.com");
	assert_string_equal(found.csrf, csrf);
	/* Idle or old, it is over; bad ids are simply unknown. */
	testdb_script("UPDATE web_sessions SET seen_at = now() - interval "
		      "'2 hours'");
	assert_int_equal(
	    users_session_find(testdb_conn, id, 3600, 86400, &found), 0);
	assert_int_equal(
	    users_session_find(testdb_conn, id, 86400, 3600, &found), 1);
	testdb_script("UPDATE web_sessions SET created_at = now() - interval "
		      "'2 hours'");
	assert_int_equal(
	    users_session_find(testdb_conn, id, 86400, 3600, &found), 0);
	assert_int_equal(users_session_find(testdb_conn, "zz", 1, 1, &found),
			 0);
	assert_int_equal(users_session_end(testdb_conn, id), 0);
	assert_int_equal(
	    users_session_find(testdb_conn, id, 86400, 86400, &found), 0);
}

static void
test_links_are_single_use(void **state)
{
	char token[65], to[256], id[65];
	struct users_who who, found;

	(void)state;
	TESTDB_NEED();
	assert_int_equal(users_add(testdb_conn, "Erin@example.com", 0), 1);
	assert_int_equal(
	    users_link_new(testdb_conn, "nobody@example.com", 900, token, to),
	    0);
	assert_int_equal(
	    users_link_new(testdb_conn, "ERIN@example.com", 900, token, to), 1);
	/* Sent to the address as added, not as typed. */
	assert_string_equal(to, "Erin@example.com");
	assert_int_equal(users_link_session(testdb_conn, token, id, &who), 1);
	assert_string_equal(who.email, "Erin@example.com");
	assert_int_equal(
	    users_session_find(testdb_conn, id, 3600, 3600, &found), 1);
	assert_string_equal(found.csrf, who.csrf);
	assert_int_equal(users_link_session(testdb_conn, token, id, &who), 0);
	assert_int_equal(
	    users_link_new(testdb_conn, "erin@example.com", 900, token, to), 1);
	testdb_script("UPDATE web_links SET expires_at = now() - interval "
		      "'1 second' WHERE used_at IS NULL");
	assert_int_equal(users_link_session(testdb_conn, token, id, &who), 0);
	assert_int_equal(users_link_session(testdb_conn, "0123", id, &who), 0);
	/* Old sessions and links are forgotten. */
	testdb_script("UPDATE web_sessions SET seen_at = now() - interval "
		      "'3 hours'; UPDATE web_links SET expires_at = now() - "
		      "interval '2 days'");
	users_purge(testdb_conn, 3600, 86400);
	assert_string_equal(
	    testdb_value("SELECT count(*) FROM web_sessions"
			 " s JOIN web_users u ON u.id = s.user_id"
			 " WHERE u.email = 'Erin@example.com'",
			 0, NULL),
	    "0");
	assert_string_equal(
	    testdb_value("SELECT count(*) FROM web_links", 0, NULL), "0");
}

/*
 * A user signed in by a trusted proxy has one session, found again by
 * the user on every request, made afresh once idle or old.
 */
static void
test_proxied_session_is_one(void **state)
{
	struct users_who who;
	char csrf[65], again[65], id[65], mine[65];
	int i;

	(void)state;
	TESTDB_NEED();
	assert_int_equal(users_add(testdb_conn, "fay@example.com", 0), 1);
	assert_int_equal(users_find(testdb_conn, "fay@example.com", &who, NULL),
			 1);
	assert_int_equal(
	    users_session_proxied(testdb_conn, who.id, 3600, 86400, csrf), 1);
	assert_int_equal(strlen(csrf), 64);
	for (i = 0; i < 20; i++) {
		assert_int_equal(users_session_proxied(testdb_conn, who.id,
						       3600, 86400, again),
				 0);
		assert_string_equal(again, csrf);
	}
	assert_string_equal(
	    testdb_value("SELECT count(*) FROM web_sessions s JOIN web_users u"
			 " ON u.id = s.user_id WHERE u.email = "
			 "'fay@example.com'",
			 0, NULL),
	    "1");
	/* Idle too long: the same row, a new token. */
	testdb_script("UPDATE web_sessions SET seen_at = now() - interval "
		      "'2 hours' WHERE proxied");
	assert_int_equal(
	    users_session_proxied(testdb_conn, who.id, 3600, 86400, again), 1);
	assert_string_not_equal(again, csrf);
	/* A password's session is another, and not found by the user. */
	assert_int_equal(users_session_new(testdb_conn, who.id, id, mine), 0);
	assert_int_equal(
	    users_session_proxied(testdb_conn, who.id, 3600, 86400, csrf), 0);
	assert_string_equal(csrf, again);
	assert_int_equal(users_remove(testdb_conn, "fay@example.com"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_users_and_grants),
	    cmocka_unit_test(test_sessions),
	    cmocka_unit_test(test_links_are_single_use),
	    cmocka_unit_test(test_proxied_session_is_one),
	};

	return cmocka_run_group_tests(tests, testdb_setup, testdb_teardown);
}
