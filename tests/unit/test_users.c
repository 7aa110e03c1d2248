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
	char token[65];
	long long user = 0;

	(void)state;
	TESTDB_NEED();
	assert_int_equal(users_add(testdb_conn, "erin@example.com", 0), 1);
	assert_int_equal(
	    users_link_new(testdb_conn, "nobody@example.com", 900, token), 0);
	assert_int_equal(
	    users_link_new(testdb_conn, "ERIN@example.com", 900, token), 1);
	assert_int_equal(users_link_use(testdb_conn, token, &user), 1);
	assert_true(user > 0);
	assert_int_equal(users_link_use(testdb_conn, token, &user), 0);
	assert_int_equal(
	    users_link_new(testdb_conn, "erin@example.com", 900, token), 1);
	testdb_script("UPDATE web_links SET expires_at = now() - interval "
		      "'1 second' WHERE used_at IS NULL");
	assert_int_equal(users_link_use(testdb_conn, token, &user), 0);
	assert_int_equal(users_link_use(testdb_conn, "0123", &user), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_users_and_grants),
	    cmocka_unit_test(test_sessions),
	    cmocka_unit_test(test_links_are_single_use),
	};

	return cmocka_run_group_tests(tests, testdb_setup, testdb_teardown);
}
