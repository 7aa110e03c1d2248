/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * heartbeat: the daemon_heartbeats table (sql/010_heartbeat.sql), its
 * one writer and its one reader. A daemon that works off the database
 * and has no socket anyone could probe (the analyzer) says it is alive
 * this way, so that "postreplyctl check" can tell an operator whether
 * replies are being read at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "heartbeat.h"

#ifndef POSTREPLY_VERSION
#define POSTREPLY_VERSION "unknown"
#endif

#define HEARTBEAT_FORGET "7 days"

int
heartbeat_beat(PGconn *conn, const char *program, time_t started)
{
	char host[256], pid[32], start[32];
	const char *params[] = {program, host, pid, POSTREPLY_VERSION, start};
	const char *forget[] = {program};

	if (gethostname(host, sizeof(host)) < 0)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = 0;
	snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	snprintf(start, sizeof(start), "%lld", (long long)started);
	if (db_exec(conn,
		    "INSERT INTO daemon_heartbeats"
		    " (name, host, pid, version, started_at, seen_at)"
		    " VALUES ($1, $2, $3, $4, to_timestamp($5::bigint), now())"
		    " ON CONFLICT (name, host, pid) DO UPDATE"
		    " SET version = EXCLUDED.version,"
		    " started_at = EXCLUDED.started_at, seen_at = now()",
		    5, params) < 0)
		return -1;
	return db_exec(conn,
		       "DELETE FROM daemon_heartbeats WHERE name = $1"
		       " AND seen_at < now() - interval '" HEARTBEAT_FORGET "'",
		       1, forget);
}

static void
heartbeat_copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src);
}

int
heartbeat_last(PGconn *conn, const char *program, struct heartbeat *hb,
	       char *err, size_t errlen)
{
	const char *params[] = {program};
	PGresult *res;
	int found;

	res = PQexecParams(conn,
			   "SELECT host, pid, version,"
			   " date_trunc('second', seen_at)::text,"
			   " extract(epoch FROM now() - seen_at)::bigint"
			   " FROM daemon_heartbeats WHERE name = $1"
			   " ORDER BY seen_at DESC LIMIT 1",
			   1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		db_error(conn, err, errlen);
		PQclear(res);
		return -1;
	}
	if ((found = PQntuples(res) > 0)) {
		heartbeat_copy(hb->host, sizeof(hb->host),
			       PQgetvalue(res, 0, 0));
		hb->pid = atol(PQgetvalue(res, 0, 1));
		heartbeat_copy(hb->version, sizeof(hb->version),
			       PQgetvalue(res, 0, 2));
		heartbeat_copy(hb->seen_at, sizeof(hb->seen_at),
			       PQgetvalue(res, 0, 3));
		hb->age = atoll(PQgetvalue(res, 0, 4));
	}
	PQclear(res);
	return found;
}
