/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * announce: the milter's announcements of the replies it stored, to the
 * web's open pages and the analysis workers, sent after their commit by
 * a thread of their own, a batch at a time.
 *
 * Why not one statement per reply, from the thread that stored it: the
 * announcement of one reply is a statement of 8 us, but a round trip, a
 * transaction and a wake-up of every listening backend around it cost
 * PostgreSQL 0.12 ms per reply on the bench's machine
 * (scripts/bench-store, with and without it), an eighth of all it
 * spends on a reply.
 * Batched, the replies that came in while one announcement was sent go
 * out together in the next.
 *
 * Contract: announce_reply() never waits for the database. The replies
 * queued are announced in their order: at once when none went out in
 * the last ANNOUNCE_GAP_MS, else at the end of that gap, which is what
 * lets them gather. A batch that fails is logged and dropped: the replies
 * are stored, the workers poll, and the pages show them on a reload.
 * Identical announcements in one batch (two replies to one conversation)
 * go out once: PostgreSQL folds them, and a page only reloads on them.
 * announce_stop() sends what is queued (up to the first failure) and
 * ends the thread; replies queued after it are not announced.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "announce.h"
#include "conf.h"
#include "db.h"
#include "msg.h"
#include "xmalloc.h"

/* Long enough to gather a few replies under load, too short to see. */
#define ANNOUNCE_GAP_MS 20
/* Replies per statement, and queued at most (a database long gone). */
#define ANNOUNCE_BATCH_MAX 1000
#define ANNOUNCE_QUEUED_MAX 100000

static pthread_mutex_t announce_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t announce_queued = PTHREAD_COND_INITIALIZER;
static struct replies_stored *announce_queue;
static size_t announce_n, announce_cap;
static unsigned long announce_dropped;
static int announce_stopping, announce_started;
static pthread_t announce_thread;

struct announce_batch {
	const struct replies_stored *stored;
	size_t n;
	char err[256]; /* why the statement failed, or empty */
};

void
announce_reply(const struct replies_stored *stored)
{
	pthread_mutex_lock(&announce_lock);
	if (announce_n >= ANNOUNCE_QUEUED_MAX) {
		announce_dropped++;
	} else {
		if (announce_n == announce_cap) {
			announce_cap = announce_cap ? 2 * announce_cap : 64;
			announce_queue =
			    xrealloc(announce_queue,
				     announce_cap * sizeof(*announce_queue));
		}
		announce_queue[announce_n] = *stored;
		announce_queue[announce_n++].customer_email = NULL;
		pthread_cond_signal(&announce_queued);
	}
	pthread_mutex_unlock(&announce_lock);
}

/*
 * The statement only: the pool tries a second connection when the first
 * was found dead, so whether the batch was lost is announce_send's to
 * say, once dbpool_run has given up.
 */
static int
announce_run(PGconn *conn, void *arg)
{
	struct announce_batch *b = arg;

	if (replies_announce(conn, b->stored, b->n) == 0)
		return 0;
	db_error(conn, b->err, sizeof(b->err));
	return -1;
}

/*
 * Returns -1 when a batch was lost. While stopping, the first loss
 * drops the rest: a database that is gone must not hold up the
 * shutdown batch after batch.
 */
static int
announce_send(const struct replies_stored *stored, size_t n, int stopping)
{
	struct announce_batch b;
	size_t off;

	for (off = 0; off < n; off += b.n) {
		b.stored = stored + off;
		b.n =
		    n - off < ANNOUNCE_BATCH_MAX ? n - off : ANNOUNCE_BATCH_MAX;
		b.err[0] = 0;
		if (dbpool_run(announce_run, &b) == 0)
			continue;
		msg_warn("%zu replies stored, but not announced to the web and "
			 "the analyzer: %s; the analyzer finds them when it "
			 "next polls",
			 stopping ? n - off : b.n,
			 b.err[0] ? b.err : "no database connection");
		if (stopping)
			return -1;
	}
	return 0;
}

static void *
announce_main(void *unused)
{
	const struct timespec gap = {0, ANNOUNCE_GAP_MS * 1000000L};
	struct replies_stored *batch;
	unsigned long dropped;
	size_t n;
	int stopping;

	(void)unused;
	for (;;) {
		pthread_mutex_lock(&announce_lock);
		while (announce_n == 0 && !announce_stopping)
			pthread_cond_wait(&announce_queued, &announce_lock);
		batch = announce_queue;
		n = announce_n;
		dropped = announce_dropped;
		stopping = announce_stopping;
		announce_queue = NULL;
		announce_n = announce_cap = 0;
		announce_dropped = 0;
		pthread_mutex_unlock(&announce_lock);
		if (dropped > 0)
			msg_warn("%lu replies stored, but not announced: too "
				 "many waited for the database",
				 dropped);
		conf_hold();
		if (announce_send(batch, n, stopping) < 0)
			n = 0; /* stopping, and the database gone: done */
		conf_release();
		free(batch);
		if (stopping && n == 0)
			return NULL;
		/* The replies stored meanwhile gather for the next batch. */
		if (!stopping)
			nanosleep(&gap, NULL);
	}
}

void
announce_start(void)
{
	int err;

	if ((err = pthread_create(&announce_thread, NULL, announce_main,
				  NULL)) != 0)
		msg_fatal(EX_OSERR, "cannot start the announcing thread: %s",
			  strerror(err));
	announce_started = 1;
}

void
announce_stop(void)
{
	if (!announce_started)
		return;
	pthread_mutex_lock(&announce_lock);
	announce_stopping = 1;
	pthread_cond_signal(&announce_queued);
	pthread_mutex_unlock(&announce_lock);
	pthread_join(announce_thread, NULL);
	announce_started = 0;
}
