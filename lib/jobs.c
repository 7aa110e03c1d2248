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

#include "buf.h"
#include "db.h"
#include "jobs.h"
#include "xmalloc.h"

/*
 * The ids are picked once (an ARRAY of an InitPlan) and locked as they
 * are picked: jobs another worker holds are skipped, not waited for.
 */
static const char jobs_claim_sql[] =
    "WITH c AS (UPDATE jobs SET"
    "  locked_until = now() + $2::int * interval '1 second',"
    "  locked_by = $1, attempts = attempts + 1"
    " WHERE id = ANY (ARRAY(SELECT id FROM jobs WHERE state = 'queued'"
    "  AND run_at <= now()"
    "  AND (locked_until IS NULL OR locked_until < now())"
    "  ORDER BY run_at, id FOR UPDATE SKIP LOCKED LIMIT $3))"
    " RETURNING id, kind, payload::text, attempts, run_at)"
    " SELECT id, kind, payload, attempts FROM c ORDER BY run_at, id";

/* Only while still ours: after the lease, another worker may hold it. */
static const char jobs_release_sql[] =
    "UPDATE jobs SET locked_until = NULL, locked_by = NULL,"
    " attempts = attempts - 1"
    " WHERE id = ANY ($2::bigint[]) AND locked_by = $1 AND state = 'queued'";

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
	db_statement("jobs_claim", jobs_claim_sql, 3);
	db_statement("jobs_done", jobs_done_sql, 1);
	db_statement("jobs_fail", jobs_fail_sql, 3);
	db_statement("jobs_release", jobs_release_sql, 2);
}

int
jobs_claim(PGconn *conn, const char *worker, int lease, struct job *jobs,
	   int max)
{
	char leasebuf[16], maxbuf[16];
	const char *params[] = {worker, leasebuf, maxbuf};
	PGresult *res;
	int i, n;

	snprintf(leasebuf, sizeof(leasebuf), "%d", lease);
	snprintf(maxbuf, sizeof(maxbuf), "%d", max);
	if ((res = db_query_prepared(conn, "jobs_claim", 3, params, NULL,
				     NULL)) == NULL)
		return -1;
	n = PQntuples(res);
	for (i = 0; i < n && i < max; i++) {
		memset(&jobs[i], 0, sizeof(jobs[i]));
		jobs[i].id = atoll(PQgetvalue(res, i, 0));
		snprintf(jobs[i].kind, sizeof(jobs[i].kind), "%s",
			 PQgetvalue(res, i, 1));
		jobs[i].payload = xstrdup(PQgetvalue(res, i, 2));
		jobs[i].attempts = atoi(PQgetvalue(res, i, 3));
	}
	PQclear(res);
	return i;
}

int
jobs_release(PGconn *conn, const char *worker, const struct job *jobs, int n)
{
	const char *params[] = {worker, NULL};
	struct buf ids;
	PGresult *res;
	char id[32];
	int i;

	buf_init(&ids);
	buf_puts(&ids, "{");
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "%s%lld", i ? "," : "", jobs[i].id);
		buf_puts(&ids, id);
	}
	buf_puts(&ids, "}");
	params[1] = ids.data;
	res = db_query_prepared(conn, "jobs_release", 2, params, NULL, NULL);
	buf_free(&ids);
	PQclear(res);
	return res ? 0 : -1;
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

void
jobs_done_send(struct db_pipeline *p, const struct job *job)
{
	char id[32];
	const char *params[] = {id};

	jobs_id(job, id, sizeof(id));
	db_pipeline_send(p, "jobs_done", 1, params);
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
