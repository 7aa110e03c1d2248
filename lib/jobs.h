#ifndef POSTREPLY_JOBS_H
#define POSTREPLY_JOBS_H

#include <libpq-fe.h>

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
};

/* Register the prepared statements of workers; call before connecting. */
void jobs_init(void);

/*
 * Claim the next runnable job for worker, leased for lease seconds:
 * 1 with *job filled, 0 when there is none, -1 when the database failed.
 * Several workers on several hosts never claim the same job
 * (FOR UPDATE SKIP LOCKED).
 */
int jobs_claim(PGconn *conn, const char *worker, int lease, struct job *job);

/* The job is done. 0 or -1. */
int jobs_done(PGconn *conn, const struct job *job);

/*
 * The job failed: it runs again later (backoff growing with attempts), or
 * after max_attempts it is parked as failed, with error visible to the
 * operator. 0 or -1.
 */
int jobs_fail(PGconn *conn, const struct job *job, const char *error,
	      int max_attempts);

/* Queue a job (payload: JSON text) and wake the workers. 0 or -1. */
int jobs_add(PGconn *conn, const char *kind, const char *payload);

void jobs_free(struct job *job);

/* The channel producers NOTIFY and workers LISTEN on. */
#define JOBS_CHANNEL "postreply_jobs"

#endif
