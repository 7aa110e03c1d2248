#ifndef POSTREPLY_JOBS_H
#define POSTREPLY_JOBS_H

#include <libpq-fe.h>

#include "db.h"

/*
 * The durable job queue (table jobs). At-least-once: a job whose worker
 * died is taken again once its lease has passed, so every handler must
 * be idempotent.
 */
struct job {
	long long id;
	char kind[32];
	char *payload; /* JSON text */
	int attempts;  /* including this one */
	int done;      /* its handler ended it, with jobs_done_send */
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
 * The job failed: it runs again later (backoff growing with attempts), or
 * after max_attempts it is parked as failed, with error visible to the
 * operator. 0 or -1.
 */
int jobs_fail(PGconn *conn, const struct job *job, const char *error,
	      int max_attempts);

/* Queue a job (payload: JSON text) and wake the workers. 0 or -1. */
/*
 * The job failed through no fault of its own (no process could be
 * started, say): queued again in seconds, the attempt not counted, why
 * kept as its last error.
 */
int jobs_again(PGconn *conn, const struct job *job, const char *why,
	       int seconds);

int jobs_add(PGconn *conn, const char *kind, const char *payload);

void jobs_free(struct job *job);

/* The channel producers NOTIFY and workers LISTEN on. */
#define JOBS_CHANNEL "postreply_jobs"

#endif
