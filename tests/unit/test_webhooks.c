/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for core/webhooks.c against a real PostgreSQL (testdb.h):
 * webhooks declared, listed, removed; the sample webhook test posts; the
 * job it queues; and what the schema refuses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "testdb.h"
#include "hookformats.h"
#include "webhooks.h"

static void
test_formats(void **state)
{
	(void)state;
	assert_true(hookformats_valid("sendgrid-raw"));
	assert_true(hookformats_valid("postmark"));
	assert_false(hookformats_valid("Postmark"));
	assert_false(hookformats_valid(""));
}

static void
test_add_list_sample_queue_remove(void **state)
{
	long long a, c, cv, all, mine;
	char id[32], rid[32];
	const char *p[] = {rid};
	PGresult *res;

	(void)state;
	TESTDB_NEED();
	a = testdb_parties("hooks@example.com", "c@example.net", &c);
	cv = testdb_conversation(a, c, 0);
	all = webhooks_add(testdb_conn, "https://app.example.com/a", "postmark",
			   0, "");
	mine = webhooks_add(testdb_conn, "http://app.example.com/b", "mailgun",
			    a, "/etc/postreply/mg.key");
	assert_true(all > 0 && mine > all);
	res = webhooks_list(testdb_conn);
	assert_int_equal(PQntuples(res), 2);
	assert_string_equal(PQgetvalue(res, 0, WEBHOOKS_ACCOUNT), "");
	assert_string_equal(PQgetvalue(res, 1, WEBHOOKS_ACCOUNT),
			    "hooks@example.com");
	assert_string_equal(PQgetvalue(res, 1, WEBHOOKS_FORMAT), "mailgun");
	assert_string_equal(PQgetvalue(res, 1, WEBHOOKS_SECRET_FILE),
			    "/etc/postreply/mg.key");
	PQclear(res);

	/* No reply received by mail yet: no sample. */
	snprintf(id, sizeof(id), "%lld", mine);
	res = webhooks_sample(testdb_conn, id);
	assert_int_equal(PQntuples(res), 0);
	PQclear(res);
	snprintf(rid, sizeof(rid), "%lld", cv);
	testdb_value("INSERT INTO replies (account_id, customer_id,"
		     " conversation_id, raw, manual) SELECT account_id,"
		     " customer_id, id, NULL, true FROM conversations"
		     " WHERE id = $1",
		     1, p);
	snprintf(rid, sizeof(rid), "%lld",
		 testdb_id("INSERT INTO replies (account_id, customer_id,"
			   " conversation_id, raw) SELECT account_id,"
			   " customer_id, id, 'x'::bytea FROM conversations"
			   " WHERE id = $1 RETURNING id",
			   1, p));
	res = webhooks_sample(testdb_conn, id);
	assert_int_equal(PQntuples(res), 1);
	assert_string_equal(PQgetvalue(res, 0, 0), rid);
	PQclear(res);

	assert_int_equal(webhooks_queue_one(testdb_conn, id, rid), 1);
	assert_int_equal(webhooks_queue_one(testdb_conn, "999999", rid), 0);
	assert_string_equal(
	    testdb_value("SELECT count(*) FROM jobs WHERE kind ="
			 " 'inbound_post' AND payload = jsonb_build_object("
			 "'reply_id', $1::bigint, 'webhook_id', "
			 "(SELECT max(id) FROM webhooks))",
			 1, p),
	    "1");

	assert_int_equal(webhooks_remove(testdb_conn, id), 1);
	assert_int_equal(webhooks_remove(testdb_conn, id), 0);
	res = webhooks_get(testdb_conn, id);
	assert_int_equal(PQntuples(res), 0);
	PQclear(res);
}

/*
 * A webhook of postreply.conf: its sample is the account's latest reply
 * (the account's email in any case), and its job names it by URL,
 * format and account.
 */
static void
test_conf_webhook_sample_and_job(void **state)
{
	struct confhook h = {"https://app.example.com/c", "sendgrid",
			     "Conf@Example.com", ""};
	long long a, c, cv;
	char rid[32];
	const char *p[] = {rid};
	PGresult *res;

	(void)state;
	TESTDB_NEED();
	a = testdb_parties("conf@example.com", "c@example.net", &c);
	cv = testdb_conversation(a, c, 0);
	res = webhooks_sample_account(testdb_conn, "conf@example.com");
	assert_int_equal(PQntuples(res), 0);
	PQclear(res);
	snprintf(rid, sizeof(rid), "%lld", cv);
	snprintf(rid, sizeof(rid), "%lld",
		 testdb_id("INSERT INTO replies (account_id, customer_id,"
			   " conversation_id, raw) SELECT account_id,"
			   " customer_id, id, 'x'::bytea FROM conversations"
			   " WHERE id = $1 RETURNING id",
			   1, p));
	res = webhooks_sample_account(testdb_conn, "CONF@example.com");
	assert_int_equal(PQntuples(res), 1);
	assert_string_equal(PQgetvalue(res, 0, 0), rid);
	PQclear(res);
	res = webhooks_sample_account(testdb_conn, "other@example.com");
	assert_int_equal(PQntuples(res), 0);
	PQclear(res);

	assert_int_equal(webhooks_queue_conf(testdb_conn, &h, rid), 1);
	assert_int_equal(webhooks_queue_conf(testdb_conn, &h, "999999"), 0);
	assert_string_equal(
	    testdb_value("SELECT payload->'" WEBHOOKS_KEY_CONF "'->>'url'"
			 " || ' ' || (payload->'" WEBHOOKS_KEY_CONF
			 "'->>'format') || ' ' || (payload->'" WEBHOOKS_KEY_CONF
			 "'->>'account') FROM jobs WHERE kind = 'inbound_post'"
			 " AND (payload->>'reply_id')::bigint = $1::bigint",
			 1, p),
	    "https://app.example.com/c sendgrid Conf@Example.com");
}

/* The schema refuses what postreplyctl checks first. */
static void
test_bad_rows_refused(void **state)
{
	(void)state;
	TESTDB_NEED();
	assert_int_equal(
	    webhooks_add(testdb_conn, "ftp://x/y", "postmark", 0, ""), -1);
	assert_int_equal(
	    webhooks_add(testdb_conn, "https://x/y", "zapier", 0, ""), -1);
	assert_int_equal(webhooks_remove(testdb_conn, "x"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_formats),
	    cmocka_unit_test(test_add_list_sample_queue_remove),
	    cmocka_unit_test(test_conf_webhook_sample_and_job),
	    cmocka_unit_test(test_bad_rows_refused),
	};

	return cmocka_run_group_tests(tests, testdb_setup, testdb_teardown);
}
