/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_JOBS_H
#define POSTREPLY_JOBS_H

#include <libpq-fe.h>

#include "db.h"

/* The channel producers NOTIFY and workers LISTEN on. */
#define JOBS_CHANNEL "postreply_jobs"

/*
 * The kinds of job, as the jobs table names them; jobs_kinds says what
 * each is for and which id its payload carries. A payload is a JSON
 * object holding at least that id.
 */
#define JOB_ANALYZE_REPLY "analyze_reply"
#define JOB_ALERT "alert"
#define JOB_WEBHOOK "webhook"
#define JOB_FOLLOWUP_PLAN "followup_plan"
#define JOB_FOLLOWUP_DUE "followup_due"
#define JOB_FOLLOWUP_WEBHOOK "followup_webhook"
#define JOB_FOLLOWUP_NOTICE "followup_notice"
#define JOB_INBOUND_POST "inbound_post"

#define JOBS_KEY_REPLY "reply_id"
#define JOBS_KEY_FOLLOWUP "followup_id"
#define JOBS_KEY_SENT_EMAIL "sent_email_id"
#define JOBS_KEY_WEBHOOK "webhook_id"

enum job_kind {
	JOB_KIND_UNKNOWN = -1,
	JOB_KIND_ANALYZE_REPLY,
	JOB_KIND_ALERT,
	JOB_KIND_WEBHOOK,
	JOB_KIND_FOLLOWUP_PLAN,
	JOB_KIND_FOLLOWUP_DUE,
	JOB_KIND_FOLLOWUP_WEBHOOK,
	JOB_KIND_FOLLOWUP_NOTICE,
	JOB_KIND_INBOUND_POST,
	JOB_KINDS /* how many */
};

struct job_kind_info {
	const char *name; /* as in jobs.kind */
	const char *key;  /* the payload's id */
	const char *what; /* what it is for */
};

extern const struct job_kind_info jobs_kinds[JOB_KINDS];

/*
 * The durable job queue (table jobs). At-least-once: a job whose worker
 * died is taken again once its lease has passed, so every handler must
 * be idempotent.
 */
struct job {
	long long id;
	char kind[32];
	enum job_kind type; /* kind in the table, or JOB_KIND_UNKNOWN */
	char *payload;      /* JSON text */
	int attempts;       /* including this one */
	int done;           /* its handler ended it, with jobs_done_send */
};

/* Register the prepared statements of workers; call before connecting. */
void jobs_init(void);

/*
 * Claim up to max runnable jobs for worker, each leased for lease
 * seconds, oldest first: how many were filled in jobs, or -1 when the
 * database failed. Several workers on several hosts never claim the
 * same job (FOR UPDATE SKIP LOCKED). Each job is then ended on its own
 * (jobs_done, jobs_fail), so a worker that dies loses none of them: they
 * are taken again when their lease runs out, unless that attempt was the
 * max_attempts-th: then they are parked as failed, with why.
 */
int jobs_claim(PGconn *conn, const char *worker, int lease, int max_attempts,
	       struct job *jobs, int max);

/*
 * Give back n claimed jobs that were not started, so that they run at
 * once, without waiting out their lease, and without counting as an
 * attempt. 0 or -1.
 */
int jobs_release(PGconn *conn, const char *worker, const struct job *jobs,
		 int n);

/*
 * Give back n jobs that were in hand when worker's connection broke, so
 * that they run again at once rather than when their lease runs out; call
 * it once connected again. Their ends may or may not have been recorded:
 * a job ended meanwhile is left alone. The attempt stays counted and past
 * max_attempts the job is parked as failed. 0 or -1.
 */
int jobs_giveback(PGconn *conn, const char *worker, const struct job *jobs,
		  int n, int max_attempts);

/*
 * A worker's name, which its claims carry: PROG@HOST[PID]/N, so that a
 * later process of the same host can tell whether the worker is gone.
 */
void jobs_worker(char *buf, size_t len, const char *prog, long n);

/*
 * Give back at once, rather than when their lease runs out, the jobs
 * leased by workers of prog on this host whose process is gone (a kill
 * -9, a crash) and whose database session with it; call it before this
 * process's own workers start. The attempt stays counted, as when a
 * lease runs out, and past max_attempts the job is parked as failed.
 * How many jobs, or -1 when the database failed.
 */
int jobs_reclaim(PGconn *conn, const char *prog, int max_attempts);

/* The job is done. 0 or -1. */
int jobs_done(PGconn *conn, const struct job *job);

/*
 * The same, queued on a handler's pipeline: the job ends in the
 * transaction that records its work, one statement and no round trip
 * more. The handler sets job->done once that committed.
 */
void jobs_done_send(struct db_pipeline *p, const struct job *job);

/*
 * The same for a job whose work is safe to do twice and has no effect
 * outside the database (reading and analysing a reply): its transaction
 * commits without waiting for the WAL to reach the disk. A crash of the
 * database may lose that commit, work and end together, and the job then
 * runs again when its lease runs out; it can never be recorded half done.
 * A job that mails or posts keeps synchronous commits: a lost end would
 * repeat what it sent.
 */
void jobs_done_redoable_send(struct db_pipeline *p, const struct job *job);

/*
 * The job failed: it runs again later (backoff growing with attempts), or
 * after max_attempts it is parked as failed, with error visible to the
 * operator. 0 or -1.
 */
int jobs_fail(PGconn *conn, const struct job *job, const char *error,
	      int max_attempts);

/*
 * The same for jobs retried for a time rather than a number of attempts
 * (webhooks, as their providers do): parked once the next attempt would
 * come max_age seconds or more after it was queued; 0 parks it now.
 */
int jobs_fail_until(PGconn *conn, const struct job *job, const char *error,
		    int max_age);

/*
 * The job failed through no fault of its own (no process could be
 * started, say): queued again in seconds, the attempt not counted, why
 * kept as its last error.
 */
int jobs_again(PGconn *conn, const struct job *job, const char *why,
	       int seconds);

/*
 * Queue a job of kind (one of the table's, JOB_*), its payload the JSON
 * text payload, and wake the workers; it commits with the caller's
 * transaction, and a NOTIFY is sent only then. 0 or -1.
 */
int jobs_add(PGconn *conn, enum job_kind kind, const char *payload);

/*
 * The operator queues a failed job again (id as text): a fresh count of
 * attempts, due now, and the workers woken at commit. 1 queued, 0 when
 * there is no failed job with that id, -1 when the database failed.
 */
int jobs_retry(PGconn *conn, const char *id);

/*
 * Delete the jobs done more than seconds ago, at most JOBS_PURGE_MAX at
 * a time, so that a first purge of a long history holds no lock for
 * long; failed jobs stay for the operator. How many went, or -1.
 */
#define JOBS_PURGE_MAX 10000
long long jobs_purge(PGconn *conn, long long seconds);

/* The kind named name, or JOB_KIND_UNKNOWN. */
enum job_kind jobs_kind(const char *name);

void jobs_free(struct job *job);

/*
 * Producers that queue jobs inside a bigger statement (a CTE) use these,
 * so that the table's columns and the channel are spelled here only:
 *   "j AS (" JOBS_ENQUEUE(JOBS_KIND(JOB_ANALYZE_REPLY),
 *                         JOBS_PAYLOAD(JOBS_KEY_REPLY, "id"), "now()",
 *                         "FROM r") "), ..."
 * queues a job per row of select's FROM and returns their kinds, and
 * JOBS_WAKE("j") is the expression (a count) that wakes the workers for
 * them once the transaction commits. A job whose kind or run_at comes
 * from a parameter or a column passes that expression instead.
 */
#define JOBS_ENQUEUE(kind, payload, run_at, from)                              \
	"INSERT INTO jobs (kind, payload, run_at) SELECT " kind ", " payload   \
	", " run_at " " from " RETURNING kind"
#define JOBS_KIND(name) "'" name "'"
#define JOBS_PAYLOAD(key, id) "jsonb_build_object('" key "', " id ")"
#define JOBS_NOTIFY(kind) "pg_notify('" JOBS_CHANNEL "', " kind ")"
#define JOBS_WAKE(cte) "(SELECT count(" JOBS_NOTIFY("kind") ") FROM " cte ")"

#endif
