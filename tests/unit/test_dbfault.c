/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for core/dbfault.c: which database failures are configuration
 * errors (EX_CONFIG) and which are temporary (EX_TEMPFAIL), and what the
 * operator is told to do. The messages are libpq 15's and PostgreSQL 15's
 * own words, as the test stack's server gives them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "dbfault.h"

#define SOCKET_FAILED                                                          \
	"connection to server on socket \"/run/postgresql/.s.PGSQL.5432\" "    \
	"failed: "

static char text[1024];

/* Classify a connection failure of role to postreply, by program as sys. */
static enum dbfault_kind
connect_failure(const char *message, const char *role, const char *sys,
		const char *program)
{
	struct dbfault_facts f = {NULL, message,     role,   "postreply",
				  sys,  "postreply", program};

	return dbfault_explain(&f, text, sizeof(text));
}

static enum dbfault_kind
statement_failure(const char *sqlstate, const char *message)
{
	struct dbfault_facts f = {sqlstate,      message,     "postreply",
				  "postreply",   "postreply", "postreply",
				  "postreplyctl"};

	return dbfault_explain(&f, text, sizeof(text));
}

static void
assert_says(const char *words)
{
	if (strstr(text, words) == NULL)
		fail_msg("\"%s\" not in: %s", words, text);
}

/* Debian's cluster, postreplyctl run as root: the issue's own case. */
static void
test_peer_root_runs_ctl(void **state)
{
	(void)state;
	assert_int_equal(connect_failure(SOCKET_FAILED
					 "FATAL:  Peer authentication failed "
					 "for user \"root\"\n",
					 "root", "root", "postreplyctl"),
			 DBFAULT_CONFIG);
	assert_says("PostgreSQL refused user root (Peer authentication failed "
		    "for user \"root\"): run postreplyctl as user postreply "
		    "(runuser -u postreply -- postreplyctl ...)");
	assert_says("host=localhost user=postreply");
	assert_null(strchr(text, '\n'));
}

/* database names user=alice, but root runs it: run it as alice. */
static void
test_peer_other_role(void **state)
{
	(void)state;
	assert_int_equal(connect_failure(SOCKET_FAILED
					 "FATAL:  Peer authentication failed "
					 "for user \"alice\"",
					 "alice", "root", "postreplyctl"),
			 DBFAULT_CONFIG);
	assert_says("run postreplyctl as user alice (runuser -u alice -- "
		    "postreplyctl ...)");
}

/* A daemon as user postreply, with no such role: create it. */
static void
test_peer_daemon_without_role(void **state)
{
	(void)state;
	assert_int_equal(
	    connect_failure(SOCKET_FAILED "FATAL:  Peer authentication failed "
					  "for user \"postreply\"",
			    "postreply", "postreply", "postreply-milter"),
	    DBFAULT_CONFIG);
	assert_says("createuser postreply");
	assert_null(strstr(text, "runuser"));
}

/* A daemon told to log in as another role than its system user. */
static void
test_peer_daemon_other_role(void **state)
{
	(void)state;
	assert_int_equal(
	    connect_failure(SOCKET_FAILED "FATAL:  Ident authentication "
					  "failed for user \"crm\"",
			    "crm", "postreply", "postreply-policyd"),
	    DBFAULT_CONFIG);
	assert_says("set \"user\" to crm, or remove user=crm from "
		    "\"database\"");
}

static void
test_password(void **state)
{
	(void)state;
	assert_int_equal(connect_failure(SOCKET_FAILED
					 "FATAL:  password authentication "
					 "failed for user \"postreply\"",
					 "postreply", "root", "postreplyctl"),
			 DBFAULT_CONFIG);
	assert_says("PostgreSQL refused role postreply (password "
		    "authentication failed for user \"postreply\"): give the "
		    "role's password");
	assert_int_equal(connect_failure(SOCKET_FAILED
					 "fe_sendauth: no password supplied\n",
					 "postreply", "root", "postreplyctl"),
			 DBFAULT_CONFIG);
	assert_says("(fe_sendauth: no password supplied)");
	assert_int_equal(statement_failure("28P01", "ERROR:  whatever"),
			 DBFAULT_CONFIG);
}

static void
test_no_role_no_database(void **state)
{
	(void)state;
	assert_int_equal(
	    connect_failure(SOCKET_FAILED
			    "FATAL:  role \"nosuchrole\" does not exist",
			    "nosuchrole", "root", "postreplyctl"),
	    DBFAULT_CONFIG);
	assert_says("PostgreSQL has no role nosuchrole (role \"nosuchrole\" "
		    "does not exist): create it (as user postgres: createuser "
		    "nosuchrole)");
	assert_int_equal(
	    connect_failure(SOCKET_FAILED
			    "FATAL:  database \"postreply\" does not exist",
			    "postreply", "root", "postreplyctl"),
	    DBFAULT_CONFIG);
	assert_says("PostgreSQL has no database postreply");
	assert_says("createdb -O postreply postreply");
	assert_int_equal(connect_failure(SOCKET_FAILED
					 "FATAL:  role \"postreply\" is not "
					 "permitted to log in",
					 "postreply", "root", "postreplyctl"),
			 DBFAULT_CONFIG);
	assert_says("ALTER ROLE postreply LOGIN");
	assert_int_equal(statement_failure("3D000", "ERROR:  gone"),
			 DBFAULT_CONFIG);
}

static void
test_pg_hba(void **state)
{
	(void)state;
	assert_int_equal(
	    connect_failure("connection to server at \"10.0.0.5\", port 5432 "
			    "failed: FATAL:  no pg_hba.conf entry for host "
			    "\"10.0.0.9\", user \"postreply\", database "
			    "\"postreply\", no encryption",
			    "postreply", "postreply", "postreply-analyzer"),
	    DBFAULT_CONFIG);
	assert_says("PostgreSQL admits no connection of role postreply to "
		    "database postreply from here");
	assert_says("pg_hba.conf");
}

/* No rights: on a table (a statement), or to connect at all. */
static void
test_permission_denied(void **state)
{
	(void)state;
	assert_int_equal(
	    statement_failure("42501",
			      "ERROR:  permission denied for table accounts\n"),
	    DBFAULT_CONFIG);
	assert_says("PostgreSQL refused role postreply (permission denied "
		    "for table accounts): connect as the role that owns "
		    "postreply's tables");
	assert_int_equal(connect_failure(SOCKET_FAILED
					 "FATAL:  permission denied for "
					 "database \"postreply\"\nDETAIL:  "
					 "User does not have CONNECT "
					 "privilege.\n",
					 "postreply", "root", "postreplyctl"),
			 DBFAULT_CONFIG);
	assert_says("(permission denied for database \"postreply\")");
	assert_null(strstr(text, "DETAIL"));
}

/* The server down, starting, full, or a statement of ours that failed. */
static void
test_temporary(void **state)
{
	(void)state;
	assert_int_equal(
	    connect_failure("connection to server at \"127.0.0.1\", port 1 "
			    "failed: Connection refused\n\tIs the server "
			    "running on that host and accepting TCP/IP "
			    "connections?\n",
			    "postreply", "root", "postreplyctl"),
	    DBFAULT_TEMPORARY);
	assert_string_equal(text, "connection to server at \"127.0.0.1\", "
				  "port 1 failed: Connection refused");
	assert_int_equal(connect_failure(SOCKET_FAILED "FATAL:  the database "
						       "system is starting up",
					 "postreply", "root", "postreplyctl"),
			 DBFAULT_TEMPORARY);
	assert_int_equal(
	    statement_failure("53300", "FATAL:  sorry, too many clients"),
	    DBFAULT_TEMPORARY);
	/* The SQLSTATE decides over words that look like a refusal. */
	assert_int_equal(
	    statement_failure("23505", "ERROR:  duplicate key value violates "
				       "unique constraint \"permission "
				       "denied\""),
	    DBFAULT_TEMPORARY);
	assert_int_equal(statement_failure(NULL, NULL), DBFAULT_TEMPORARY);
	assert_string_equal(text, "unknown database error");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_peer_root_runs_ctl),
	    cmocka_unit_test(test_peer_other_role),
	    cmocka_unit_test(test_peer_daemon_without_role),
	    cmocka_unit_test(test_peer_daemon_other_role),
	    cmocka_unit_test(test_password),
	    cmocka_unit_test(test_no_role_no_database),
	    cmocka_unit_test(test_pg_hba),
	    cmocka_unit_test(test_permission_denied),
	    cmocka_unit_test(test_temporary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
