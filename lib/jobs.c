/*
 * jobs: the work queue shared by every analyzer, on one host or several.
 * Producers insert a row and NOTIFY in the same transaction; workers
 * LISTEN and also poll (a NOTIFY sent while nobody listened is lost, and
 * scheduled jobs need a clock). A claim leases the job; a worker that
 * dies leaves the lease to run out, and the job is taken again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "jobs.h"
#include "xmalloc.h"

static const char jobs_claim_sql[] =
    "UPDATE jobs SET locked_until = now() + $2::int * interval '1 second',"
    " locked_by = $1, attempts = attempts + 1"
    " WHERE id = (SELECT id FROM jobs WHERE state = 'queued'"
    "  AND run_at <= now()"
    "  AND (locked_until IS NULL OR locked_until < now())"
    "  ORDER BY run_at, id FOR UPDATE SKIP LOCKED LIMIT 1)"
    " RETURNING id, kind, payload::text, attempts";

/* Backoff: 10 s, 20 s, 40 s, ... up to an hour. */
static const char jobs_fail_sql[] =
    "UPDATE jobs SET locked_until = NULL, locked_by = NULL,"
    " last_error = $2,"
    " state = CASE WHEN attempts >= $3::int THEN 'failed' ELSE 'queued' END,"
    " finished_at = CASE WHEN attempts >= $3::int THEN now() END,"
    " run_at = now() + least(3600, 10 * power(2, attempts - 1))"
    "  * interval '1 second'"
    " WHERE id = $1";

static const char jobs_done_sql[] =
    "UPDATE jobs SET state = 'done', finished_at = now(),"
    " locked_until = NULL, last_error = NULL WHERE id = $1";

void
jobs_init(void)
{
	db_statement("jobs_claim", jobs_claim_sql, 2);
	db_statement("jobs_done", jobs_done_sql, 1);
	db_statement("jobs_fail", jobs_fail_sql, 3);
}

int
jobs_claim(PGconn *conn, const char *worker, int lease, struct job *job)
{
	char leasebuf[16];
	const char *params[] = {worker, leasebuf};
	PGresult *res;

	snprintf(leasebuf, sizeof(leasebuf), "%d", lease);
	memset(job, 0, sizeof(*job));
	if ((res = db_query_prepared(conn, "jobs_claim", 2, params, NULL,
				     NULL)) == NULL)
		return -1;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return 0;
	}
	job->id = atoll(PQgetvalue(res, 0, 0));
	snprintf(job->kind, sizeof(job->kind), "%s", PQgetvalue(res, 0, 1));
	job->payload = xstrdup(PQgetvalue(res, 0, 2));
	job->attempts = atoi(PQgetvalue(res, 0, 3));
	PQclear(res);
	return 1;
}

static void
jobs_id(const struct job *job, char *buf, size_t len)
{
	snprintf(buf, len, "%lld", job->id);
}

int
jobs_done(PGconn *conn, const struct job *job)
{
	PGresult *res;
	char id[32];
	const char *params[] = {id};

	jobs_id(job, id, sizeof(id));
	res = db_query_prepared(conn, "jobs_done", 1, params, NULL, NULL);
	PQclear(res);
	return res ? 0 : -1;
}

int
jobs_fail(PGconn *conn, const struct job *job, const char *error,
	  int max_attempts)
{
	PGresult *res;
	char id[32], max[16];
	const char *params[] = {id, error, max};

	jobs_id(job, id, sizeof(id));
	snprintf(max, sizeof(max), "%d", max_attempts);
	res = db_query_prepared(conn, "jobs_fail", 3, params, NULL, NULL);
	PQclear(res);
	return res ? 0 : -1;
}

int
jobs_add(PGconn *conn, const char *kind, const char *payload)
{
	const char *params[] = {kind, payload};

	return db_exec(conn,
		       "WITH j AS (INSERT INTO jobs (kind, payload)"
		       " VALUES ($1, $2::jsonb) RETURNING id)"
		       " SELECT pg_notify('" JOBS_CHANNEL "', $1) FROM j",
		       2, params);
}

void
jobs_free(struct job *job)
{
	free(job->payload);
	job->payload = NULL;
}
