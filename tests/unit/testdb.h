/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_TESTDB_H
#define POSTREPLY_TESTDB_H

/*
 * A real PostgreSQL for the unit tests of core's SQL: the database named
 * by POSTREPLY_TEST_DATABASE (a libpq connection string; scripts/testbed
 * writes one as DATABASE in its env file). Each test program works in a
 * schema of its own, made from the migrations and dropped at the end, so
 * it neither sees nor leaves rows of anyone else's. Without the variable
 * the tests that need it are skipped, and say so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "migrations.h"

static PGconn *testdb_conn;
static char testdb_schema[32];

/* Run sql, fail the test when it fails; the result's first value or "". */
__attribute__((unused)) static char *
testdb_value(const char *sql, int n, const char *const *params)
{
	static char value[256];
	PGresult *res =
	    PQexecParams(testdb_conn, sql, n, NULL, params, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(res);

	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		PQclear(res);
		fail_msg("%s: %s", sql, PQerrorMessage(testdb_conn));
	}
	snprintf(value, sizeof(value), "%s",
		 st == PGRES_TUPLES_OK && PQntuples(res) > 0 &&
			 !PQgetisnull(res, 0, 0)
		     ? PQgetvalue(res, 0, 0)
		     : "");
	PQclear(res);
	return value;
}

__attribute__((unused)) static long long
testdb_id(const char *sql, int n, const char *const *params)
{
	return atoll(testdb_value(sql, n, params));
}

__attribute__((unused)) static void
testdb_script(const char *sql)
{
	PGresult *res = PQexec(testdb_conn, sql);

	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK) {
		PQclear(res);
		fail_msg("%s", PQerrorMessage(testdb_conn));
	}
	PQclear(res);
}

/* cmocka group setup: connect and make the schema, or skip. */
static int
testdb_setup(void **state)
{
	const char *conninfo = getenv("POSTREPLY_TEST_DATABASE");
	const struct migration *m;
	char sql[256];

	(void)state;
	if (conninfo == NULL || *conninfo == 0)
		return 0;
	testdb_conn = PQconnectdb(conninfo);
	if (PQstatus(testdb_conn) != CONNECTION_OK) {
		fprintf(stderr, "POSTREPLY_TEST_DATABASE: %s",
			PQerrorMessage(testdb_conn));
		return -1;
	}
	snprintf(testdb_schema, sizeof(testdb_schema), "unit_%ld",
		 (long)getpid());
	snprintf(sql, sizeof(sql),
		 "SET client_min_messages = warning;"
		 " DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s;"
		 " SET search_path = %s",
		 testdb_schema, testdb_schema, testdb_schema);
	testdb_script(sql);
	for (m = migrations; m->name; m++)
		testdb_script(m->sql);
	return 0;
}

static int
testdb_teardown(void **state)
{
	char sql[128];

	(void)state;
	if (testdb_conn == NULL)
		return 0;
	snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE", testdb_schema);
	testdb_script(sql);
	PQfinish(testdb_conn);
	testdb_conn = NULL;
	return 0;
}

/* In a test: skip it when there is no database. */
#define TESTDB_NEED()                                                          \
	do {                                                                   \
		if (testdb_conn == NULL)                                       \
			skip();                                                \
	} while (0)

/*
 * An account and a customer of it (by address), as postreplyctl would
 * add them; the customer's id in *customer.
 */
__attribute__((unused)) static long long
testdb_parties(const char *account, const char *customer,
	       long long *customer_id)
{
	const char *p[] = {account, customer};
	long long id;

	id = testdb_id("INSERT INTO accounts (email) VALUES ($1) RETURNING id",
		       1, p);
	*customer_id = testdb_id("INSERT INTO customers (account_id, email)"
				 " SELECT id, $2 FROM accounts"
				 " WHERE email = $1 RETURNING id",
				 2, p);
	return id;
}

/* The conversation of the account with the customer, created. */
__attribute__((unused)) static long long
testdb_conversation(long long account_id, long long customer_id, int unread)
{
	char a[32], c[32], u[16];
	const char *p[] = {a, c, u};

	snprintf(a, sizeof(a), "%lld", account_id);
	snprintf(c, sizeof(c), "%lld", customer_id);
	snprintf(u, sizeof(u), "%d", unread);
	return testdb_id("INSERT INTO conversations (account_id, customer_id,"
			 " unread_count) VALUES ($1, $2, $3) RETURNING id",
			 3, p);
}

#endif
