/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * jobs: the work queue shared by every analyzer, on one host or several.
 * Producers insert a row and NOTIFY in the same transaction; workers
 * LISTEN and also poll (a NOTIFY sent while nobody listened is lost, and
 * scheduled jobs need a clock). A claim leases the job; a worker that
 * dies leaves the lease to run out, and the job is taken again. Jobs of
 * a worker of this host whose process is gone are taken back at once.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "db.h"
#include "jobs.h"
#include "msg.h"
#include "xmalloc.h"

/*
 * Every kind of job, in the order of enum job_kind. The analyzer
 * dispatches on the enum (a switch without default, so that a kind
 * without a handler does not compile with -Wswitch).
 */
const struct job_kind_info jobs_kinds[JOB_KINDS] = {
    [JOB_KIND_ANALYZE_REPLY] = {JOB_ANALYZE_REPLY, JOBS_KEY_REPLY,
				"read and analyse a reply, record what it "
				"says, queue its alerts"},
    [JOB_KIND_ALERT] = {JOB_ALERT, JOBS_KEY_REPLY,
			"mail the account about a reply (alert_on)"},
    [JOB_KIND_WEBHOOK] = {JOB_WEBHOOK, JOBS_KEY_REPLY,
			  "post a reply's analysis to the account's webhook"},
    [JOB_KIND_FOLLOWUP_PLAN] = {JOB_FOLLOWUP_PLAN, JOBS_KEY_SENT_EMAIL,
				"plan the first no_reply follow-up of an "
				"email sent"},
    [JOB_KIND_FOLLOWUP_DUE] = {JOB_FOLLOWUP_DUE, JOBS_KEY_FOLLOWUP,
			       "send a follow-up when it is due"},
    [JOB_KIND_FOLLOWUP_WEBHOOK] = {JOB_FOLLOWUP_WEBHOOK, JOBS_KEY_FOLLOWUP,
				   "post a follow-up sent to the webhook "
				   "(on-send webhook)"},
    [JOB_KIND_FOLLOWUP_NOTICE] = {JOB_FOLLOWUP_NOTICE, JOBS_KEY_FOLLOWUP,
				  "mail the account that a follow-up went "
				  "out (on-send notify)"},
    [JOB_KIND_INBOUND_POST] = {JOB_INBOUND_POST, JOBS_KEY_REPLY,
			       "post a reply to a webhook declared with "
			       "postreplyctl webhook add, in its format"},
};

enum job_kind
jobs_kind(const char *name)
{
	int i;

	for (i = 0; i < JOB_KINDS; i++)
		if (strcmp(name, jobs_kinds[i].name) == 0)
			return (enum job_kind)i;
	return JOB_KIND_UNKNOWN;
}

/*
 * The ids are picked once (an ARRAY of an InitPlan) and locked as they
 * are picked: jobs another worker holds are skipped, not waited for.
 * A job whose lease ran out in a worker's hands (killed, crashed, out of
 * memory) counted that attempt when it was claimed: past $4 attempts it
 * is parked as failed here instead of being run again, since what
 * killed that worker may kill this one.
 */
#define JOBS_ABANDONED "(locked_by IS NOT NULL AND attempts >= $4::int)"
#define JOBS_GIVEN_UP                                                          \
	"'its worker ' || locked_by || ' stopped without finishing it "        \
	"(attempt "                                                            \
	"' || attempts || ' of ' || $4::int || '); given up'"

static const char jobs_claim_sql[] =
    "WITH c AS (UPDATE jobs SET"
    "  state = CASE WHEN " JOBS_ABANDONED " THEN 'failed' ELSE state END,"
    "  finished_at = CASE WHEN " JOBS_ABANDONED " THEN now() END,"
    "  last_error = CASE WHEN " JOBS_ABANDONED " THEN " JOBS_GIVEN_UP
    "   ELSE last_error END,"
    "  locked_until = CASE WHEN " JOBS_ABANDONED " THEN NULL"
    "   ELSE now() + $2::int * interval '1 second' END,"
    "  locked_by = CASE WHEN " JOBS_ABANDONED " THEN NULL ELSE $1 END,"
    "  attempts = attempts + CASE WHEN " JOBS_ABANDONED " THEN 0 ELSE 1 END"
    " WHERE id = ANY (ARRAY(SELECT id FROM jobs WHERE state = 'queued'"
    "  AND run_at <= now()"
    "  AND (locked_until IS NULL OR locked_until < now())"
    "  ORDER BY run_at, id FOR UPDATE SKIP LOCKED LIMIT $3))"
    " RETURNING id, kind, payload::text, attempts, run_at, state, last_error)"
    " SELECT id, kind, payload, attempts, state, last_error FROM c"
    " ORDER BY run_at, id";

/* Only while still ours: after the lease, another worker may hold it. */
static const char jobs_release_sql[] =
    "UPDATE jobs SET locked_until = NULL, locked_by = NULL,"
    " attempts = attempts - 1"
    " WHERE id = ANY ($2::bigint[]) AND locked_by = $1 AND state = 'queued'";

/*
 * Jobs in hand when the worker's connection broke: whether their end
 * was recorded is unknown, so they run again at once (their effects are
 * written so that running twice does no harm, as after a lease ran out).
 * The attempt stays counted: a job that itself breaks the connection
 * must not loop, and past $4 attempts it is parked.
 */
static const char jobs_giveback_sql[] =
    "UPDATE jobs SET locked_until = NULL, locked_by = NULL,"
    " run_at = least(run_at, now()), last_error = $3,"
    " state = CASE WHEN attempts >= $4::int THEN 'failed' ELSE state END,"
    " finished_at = CASE WHEN attempts >= $4::int THEN now() END"
    " WHERE id = ANY ($2::bigint[]) AND locked_by = $1 AND state = 'queued'";

/* Not counted: the attempt never was the job's. */
static const char jobs_again_sql[] =
    "UPDATE jobs SET locked_until = NULL, locked_by = NULL,"
    " attempts = greatest(attempts - 1, 0), last_error = $2,"
    " run_at = now() + $3::int * interval '1 second'"
    " WHERE id = $1 AND state = 'queued'";

/* Backoff: 10 s, 20 s, 40 s, ... up to an hour. */
#define JOBS_NEXT_RUN                                                          \
	"(now() + least(3600, 10 * power(2, attempts - 1))"                    \
	" * interval '1 second')"

static const char jobs_fail_sql[] =
    "UPDATE jobs SET locked_until = NULL, locked_by = NULL,"
    " last_error = $2,"
    " state = CASE WHEN attempts >= $3::int THEN 'failed' ELSE 'queued' END,"
    " finished_at = CASE WHEN attempts >= $3::int THEN now() END,"
    " run_at = " JOBS_NEXT_RUN " WHERE id = $1";

/*
 * The same with a deadline rather than a count: parked once the next
 * attempt would come more than $3 seconds after the job was queued
 * (0: parked now).
 */
static const char jobs_fail_until_sql[] =
    "UPDATE jobs SET locked_until = NULL, locked_by = NULL,"
    " last_error = $2, state = CASE WHEN " JOBS_NEXT_RUN " > created_at"
    "  + $3::bigint * interval '1 second' THEN 'failed' ELSE 'queued' END,"
    " finished_at = CASE WHEN " JOBS_NEXT_RUN " > created_at"
    "  + $3::bigint * interval '1 second' THEN now() END,"
    " run_at = " JOBS_NEXT_RUN " WHERE id = $1";

static const char jobs_done_sql[] =
    "UPDATE jobs SET state = 'done', finished_at = now(),"
    " locked_until = NULL, last_error = NULL WHERE id = $1";

/* For this transaction only (is_local); read by PostgreSQL at COMMIT. */
static const char jobs_redoable_sql[] =
    "SELECT set_config('synchronous_commit', 'off', true)";

/* Workers of this host holding a lease: their names, to check each. */
static const char jobs_holders_sql[] =
    "SELECT DISTINCT locked_by FROM jobs WHERE state = 'queued'"
    " AND locked_until > now() AND starts_with(locked_by, $1)";

/*
 * A worker connects under its name (application_name, which PostgreSQL
 * cuts to 63 bytes). A session under that name means the worker is not
 * gone whatever the pids say: another machine of the same host name, or
 * a new process that got the dead one's pid.
 */
#define JOBS_SESSION                                                           \
	"EXISTS (SELECT 1 FROM pg_stat_activity"                               \
	" WHERE application_name = left($1, 63))"

static const char jobs_session_sql[] = "SELECT " JOBS_SESSION;

/*
 * As when the lease runs out: the attempt stays counted, and past $2
 * attempts the job is parked.
 */
static const char jobs_reclaim_sql[] =
    "UPDATE jobs SET locked_until = NULL, locked_by = NULL,"
    " state = CASE WHEN attempts >= $2::int THEN 'failed' ELSE state END,"
    " finished_at = CASE WHEN attempts >= $2::int THEN now() END,"
    " last_error = 'its worker ' || locked_by || ' stopped without"
    " finishing it' || CASE WHEN attempts >= $2::int THEN ' (attempt '"
    " || attempts || ' of ' || $2::int || '); given up' ELSE '' END"
    " WHERE locked_by = $1 AND state = 'queued' AND locked_until > now()"
    " AND NOT " JOBS_SESSION;

void
jobs_init(void)
{
	db_statement("jobs_claim", jobs_claim_sql, 4);
	db_statement("jobs_done", jobs_done_sql, 1);
	db_statement("jobs_redoable", jobs_redoable_sql, 0);
	db_statement("jobs_fail", jobs_fail_sql, 3);
	db_statement("jobs_fail_until", jobs_fail_until_sql, 3);
	db_statement("jobs_release", jobs_release_sql, 2);
	db_statement("jobs_again", jobs_again_sql, 3);
	db_statement("jobs_giveback", jobs_giveback_sql, 4);
}

/*
 * The jobs of a claim's result into jobs: the parked ones are said in
 * the log, not returned. How many rows there were in *rows.
 */
static int
jobs_claimed(PGresult *res, struct job *jobs, int max, int *rows)
{
	int i, n = 0;

	*rows = PQntuples(res);
	for (i = 0; i < *rows && n < max; i++) {
		if (strcmp(PQgetvalue(res, i, 4), "queued") != 0) {
			msg_warn("job %s (%s) parked: %s",
				 PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
				 PQgetvalue(res, i, 5));
			continue;
		}
		memset(&jobs[n], 0, sizeof(jobs[n]));
		jobs[n].id = atoll(PQgetvalue(res, i, 0));
		snprintf(jobs[n].kind, sizeof(jobs[n].kind), "%s",
			 PQgetvalue(res, i, 1));
		jobs[n].type = jobs_kind(jobs[n].kind);
		jobs[n].payload = xstrdup(PQgetvalue(res, i, 2));
		jobs[n].attempts = atoi(PQgetvalue(res, i, 3));
		n++;
	}
	return n;
}

/* A claim that only parked jobs claims again: others may be waiting. */
int
jobs_claim(PGconn *conn, const char *worker, int lease, int max_attempts,
	   struct job *jobs, int max)
{
	char leasebuf[16], maxbuf[16], attbuf[16];
	const char *params[] = {worker, leasebuf, maxbuf, attbuf};
	PGresult *res;
	int n, rows;

	snprintf(leasebuf, sizeof(leasebuf), "%d", lease);
	snprintf(maxbuf, sizeof(maxbuf), "%d", max);
	snprintf(attbuf, sizeof(attbuf), "%d", max_attempts);
	do {
		if ((res = db_query_prepared(conn, "jobs_claim", 4, params,
					     NULL, NULL)) == NULL)
			return -1;
		n = jobs_claimed(res, jobs, max, &rows);
		PQclear(res);
	} while (n == 0 && rows > 0);
	return n;
}

/* The ids of n jobs as a PostgreSQL array literal. */
static void
jobs_ids(struct buf *ids, const struct job *jobs, int n)
{
	char id[32];
	int i;

	buf_init(ids);
	buf_puts(ids, "{");
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "%s%lld", i ? "," : "", jobs[i].id);
		buf_puts(ids, id);
	}
	buf_puts(ids, "}");
}

/* Statement stmt on n jobs of worker, with up to two more parameters. */
static int
jobs_many(PGconn *conn, const char *stmt, const char *worker,
	  const struct job *jobs, int n, const char *p3, const char *p4)
{
	const char *params[] = {worker, NULL, p3, p4};
	struct buf ids;
	PGresult *res;

	jobs_ids(&ids, jobs, n);
	params[1] = ids.data;
	res = db_query_prepared(conn, stmt, p3 ? 4 : 2, params, NULL, NULL);
	buf_free(&ids);
	PQclear(res);
	return res ? 0 : -1;
}

int
jobs_release(PGconn *conn, const char *worker, const struct job *jobs, int n)
{
	return jobs_many(conn, "jobs_release", worker, jobs, n, NULL, NULL);
}

int
jobs_giveback(PGconn *conn, const char *worker, const struct job *jobs, int n,
	      int max_attempts)
{
	char max[16];

	snprintf(max, sizeof(max), "%d", max_attempts);
	return jobs_many(conn, "jobs_giveback", worker, jobs, n,
			 "its worker lost the database connection while it ran",
			 max);
}

static void
jobs_id(const struct job *job, char *buf, size_t len)
{
	snprintf(buf, len, "%lld", job->id);
}

/*
 * The end of a job's attempt: statement stmt with the job's id and, for
 * those that take them, a text and a number.
 */
static int
jobs_end(PGconn *conn, const char *stmt, const struct job *job,
	 const char *text, int number)
{
	PGresult *res;
	char id[32], num[16];
	const char *params[] = {id, text, num};

	jobs_id(job, id, sizeof(id));
	snprintf(num, sizeof(num), "%d", number);
	res = db_query_prepared(conn, stmt, text ? 3 : 1, params, NULL, NULL);
	PQclear(res);
	return res ? 0 : -1;
}

int
jobs_done(PGconn *conn, const struct job *job)
{
	return jobs_end(conn, "jobs_done", job, NULL, 0);
}

void
jobs_done_send(struct db_pipeline *p, const struct job *job)
{
	char id[32];
	const char *params[] = {id};

	jobs_id(job, id, sizeof(id));
	db_pipeline_send(p, "jobs_done", 1, params);
}

void
jobs_done_redoable_send(struct db_pipeline *p, const struct job *job)
{
	db_pipeline_send(p, "jobs_redoable", 0, NULL);
	jobs_done_send(p, job);
}

int
jobs_fail(PGconn *conn, const struct job *job, const char *error,
	  int max_attempts)
{
	return jobs_end(conn, "jobs_fail", job, error, max_attempts);
}

int
jobs_fail_until(PGconn *conn, const struct job *job, const char *error,
		int max_age)
{
	return jobs_end(conn, "jobs_fail_until", job, error, max_age);
}

int
jobs_again(PGconn *conn, const struct job *job, const char *why, int seconds)
{
	return jobs_end(conn, "jobs_again", job, why, seconds);
}

static const char jobs_add_sql[] = "WITH j AS (" JOBS_ENQUEUE(
    "$1", "$2::jsonb", "now()", "") ")"
				    " SELECT " JOBS_WAKE("j");

int
jobs_add(PGconn *conn, enum job_kind kind, const char *payload)
{
	const char *params[] = {jobs_kinds[kind].name, payload};

	return db_exec(conn, jobs_add_sql, 2, params);
}

void
jobs_free(struct job *job)
{
	free(job->payload);
	job->payload = NULL;
}

/* This host's name, as worker names carry it. */
static void
jobs_host(char *buf, size_t len)
{
	if (gethostname(buf, len) < 0)
		snprintf(buf, len, "localhost");
	buf[len - 1] = 0;
}

void
jobs_worker(char *buf, size_t len, const char *prog, long n)
{
	char host[256];

	jobs_host(host, sizeof(host));
	snprintf(buf, len, "%s@%s[%ld]/%ld", prog, host, (long)getpid(), n);
}

/*
 * The process a worker name of this host belongs to is gone: no such
 * pid, or this very process, whose own workers have not started yet.
 * The pid follows the prefix, up to the ']'.
 */
static int
jobs_pid_gone(const char *name, size_t prefix)
{
	char *end;
	long pid;

	errno = 0;
	pid = strtol(name + prefix, &end, 10);
	if (errno || end == name + prefix || *end != ']' || pid <= 0 ||
	    pid > INT_MAX)
		return 0;
	if (pid == (long)getpid())
		return 1;
	return kill((pid_t)pid, 0) < 0 && errno == ESRCH;
}

/*
 * The dead worker's session: its server process ends as soon as it reads
 * the end of the connection, so it is waited for a little: 2 s at most
 * over all holders (waits counts down), so that holders with sessions
 * on another machine do not hold up this analyzer's start for long.
 */
static int
jobs_session_gone(PGconn *conn, const char *name, int *waits)
{
	const struct timespec tick = {0, 100 * 1000 * 1000};
	const char *params[] = {name};
	PGresult *res;
	int live;

	for (;;) {
		if ((res = db_query(conn, jobs_session_sql, 1, params)) == NULL)
			return 0;
		live = *PQgetvalue(res, 0, 0) == 't';
		PQclear(res);
		if (!live || *waits <= 0)
			return !live;
		--*waits;
		nanosleep(&tick, NULL);
	}
}

int
jobs_reclaim(PGconn *conn, const char *prog, int max_attempts)
{
	char host[256], *prefix, max[16];
	const char *params[2] = {NULL, max};
	PGresult *res, *up;
	int i, k, n = 0, waits = 20;

	jobs_host(host, sizeof(host));
	snprintf(max, sizeof(max), "%d", max_attempts);
	prefix = xasprintf("%s@%s[", prog, host);
	params[0] = prefix;
	if ((res = db_query(conn, jobs_holders_sql, 1, params)) == NULL) {
		free(prefix);
		return -1;
	}
	for (i = 0; i < PQntuples(res); i++) {
		params[0] = PQgetvalue(res, i, 0);
		if (!jobs_pid_gone(params[0], strlen(prefix)) ||
		    !jobs_session_gone(conn, params[0], &waits))
			continue;
		if ((up = db_query(conn, jobs_reclaim_sql, 2, params)) ==
		    NULL) {
			n = -1;
			break;
		}
		k = atoi(PQcmdTuples(up));
		PQclear(up);
		if (k > 0)
			msg_info("%s is gone: its %d unfinished job%s queued "
				 "again",
				 params[0], k, k == 1 ? "" : "s");
		n += k;
	}
	PQclear(res);
	free(prefix);
	return n;
}

/* Only a parked job: one queued or running is the workers' already. */
static const char jobs_retry_sql[] =
    "WITH j AS (UPDATE jobs SET state = 'queued',"
    " attempts = 0, run_at = now(), locked_until = NULL,"
    " finished_at = NULL WHERE id = $1::bigint"
    " AND state = 'failed' RETURNING kind)"
    " SELECT " JOBS_NOTIFY("kind") " FROM j";

int
jobs_retry(PGconn *conn, const char *id)
{
	const char *params[] = {id};
	PGresult *res = db_query(conn, jobs_retry_sql, 1, params);
	int rc;

	if (res == NULL)
		return -1;
	rc = PQntuples(res) > 0;
	PQclear(res);
	return rc;
}

/*
 * No index on finished_at: one would cost every job's end an index entry
 * for the sake of an hourly scan of a table the retention keeps small.
 */
static const char jobs_purge_sql[] =
    "DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE state = 'done'"
    " AND finished_at < now() - $1::bigint * interval '1 second'"
    " LIMIT $2::int)";

long long
jobs_purge(PGconn *conn, long long seconds)
{
	char secs[32], max[16];
	const char *params[] = {secs, max};
	long long n = 0, deleted;
	PGresult *res;

	snprintf(secs, sizeof(secs), "%lld", seconds);
	snprintf(max, sizeof(max), "%d", JOBS_PURGE_MAX);
	do {
		if ((res = db_query(conn, jobs_purge_sql, 2, params)) == NULL)
			return -1;
		deleted = atoll(PQcmdTuples(res));
		n += deleted;
		PQclear(res);
	} while (deleted == JOBS_PURGE_MAX);
	return n;
}
