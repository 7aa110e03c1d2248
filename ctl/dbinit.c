/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * db init: create or upgrade the schema. Each migration from sql/ runs
 * once, in order, inside one transaction with its record in
 * schema_migrations; an advisory lock keeps two concurrent runs from
 * racing. Running it again is harmless.
 */
#include <stdio.h>
#include <sysexits.h>

#include "commands.h"
#include "ctl.h"
#include "migrations.h"

#define DBINIT_LOCK "7406051" /* any constant shared by all runs */

int
cmd_db_init(int argc, char **argv)
{
	PGconn *conn;
	PGresult *res;
	const struct migration *m;
	int applied = 0;

	(void)argv;
	ctl_options_none(argc, argv);
	ctl_no_more(argc, argv);
	conn = ctl_db();
	PQclear(ctl_query(conn, "SET client_min_messages = warning", 0, NULL));
	PQclear(ctl_query(conn, "BEGIN", 0, NULL));
	PQclear(ctl_query(conn, "SELECT pg_advisory_xact_lock(" DBINIT_LOCK ")",
			  0, NULL));
	PQclear(ctl_query(conn,
			  "CREATE TABLE IF NOT EXISTS schema_migrations ("
			  " name text PRIMARY KEY,"
			  " applied_at timestamptz NOT NULL DEFAULT now())",
			  0, NULL));
	for (m = migrations; m->name; m++) {
		const char *params[] = {m->name};

		res = ctl_query(conn,
				"SELECT 1 FROM schema_migrations"
				" WHERE name = $1",
				1, params);
		if (PQntuples(res) == 0) {
			ctl_script(conn, m->sql);
			PQclear(ctl_query(conn,
					  "INSERT INTO schema_migrations"
					  " (name) VALUES ($1)",
					  1, params));
			printf("applied %s\n", m->name);
			applied++;
		}
		PQclear(res);
	}
	PQclear(ctl_query(conn, "COMMIT", 0, NULL));
	if (applied == 0)
		printf("schema is up to date\n");
	PQfinish(conn);
	return EX_OK;
}
