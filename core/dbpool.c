/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dbpool: database connections shared by the threads of a daemon. A
 * thread takes a connection for one short unit of work and gives it back.
 * Connections that failed are closed rather than reused, and a new one is
 * opened on the next request: that is how the daemons reconnect by
 * themselves once the database is back. At most max connections exist;
 * beyond that, threads wait (up to DBPOOL_WAIT_SECONDS, then the caller
 * gets a failure and tempfails), since PostgreSQL refuses more anyway.
 */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "db.h"
#include "msg.h"
#include "xmalloc.h"

#define DBPOOL_WAIT_SECONDS 15

static pthread_mutex_t dbpool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t dbpool_freed = PTHREAD_COND_INITIALIZER;
static PGconn **dbpool_idle;
static int dbpool_nidle, dbpool_open, dbpool_max;
static const char *dbpool_program;

void
dbpool_init(const char *program, int max)
{
	dbpool_program = program;
	dbpool_max = max > 0 ? max : 1;
	dbpool_idle = xcalloc((size_t)dbpool_max, sizeof(*dbpool_idle));
}

static PGconn *
dbpool_take(int *reused)
{
	struct timespec until;
	PGconn *conn = NULL;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += DBPOOL_WAIT_SECONDS;
	pthread_mutex_lock(&dbpool_lock);
	while (dbpool_nidle == 0 && dbpool_open >= dbpool_max)
		if (pthread_cond_timedwait(&dbpool_freed, &dbpool_lock,
					   &until) != 0) {
			pthread_mutex_unlock(&dbpool_lock);
			msg_warn("all %d database connections stayed busy for "
				 "%d s; giving up on this request",
				 dbpool_max, DBPOOL_WAIT_SECONDS);
			*reused = 0;
			return NULL;
		}
	if (dbpool_nidle > 0)
		conn = dbpool_idle[--dbpool_nidle];
	else
		dbpool_open++;
	pthread_mutex_unlock(&dbpool_lock);
	*reused = conn != NULL;
	if (conn != NULL)
		return conn;
	/* Connect outside the lock: it may take connect_timeout. */
	if ((conn = db_connect(dbpool_program)) == NULL) {
		pthread_mutex_lock(&dbpool_lock);
		dbpool_open--;
		pthread_cond_signal(&dbpool_freed);
		pthread_mutex_unlock(&dbpool_lock);
	}
	return conn;
}

PGconn *
dbpool_get(void)
{
	int reused;

	return dbpool_take(&reused);
}

void
dbpool_put(PGconn *conn, int ok)
{
	if (conn == NULL)
		return;
	if (!ok || PQstatus(conn) != CONNECTION_OK ||
	    PQtransactionStatus(conn) != PQTRANS_IDLE) {
		PQfinish(conn);
		conn = NULL;
	}
	pthread_mutex_lock(&dbpool_lock);
	if (conn != NULL)
		dbpool_idle[dbpool_nidle++] = conn;
	else
		dbpool_open--;
	pthread_cond_signal(&dbpool_freed);
	pthread_mutex_unlock(&dbpool_lock);
}

void
dbpool_close(void)
{
	pthread_mutex_lock(&dbpool_lock);
	while (dbpool_nidle > 0) {
		PQfinish(dbpool_idle[--dbpool_nidle]);
		dbpool_open--;
	}
	pthread_mutex_unlock(&dbpool_lock);
	free(dbpool_idle);
	dbpool_idle = NULL;
}

int
dbpool_run(int (*fn)(PGconn *conn, void *arg), void *arg)
{
	PGconn *conn;
	int reused, rc, attempt;

	for (attempt = 0; attempt < 2; attempt++) {
		if ((conn = dbpool_take(&reused)) == NULL)
			return -1;
		rc = fn(conn, arg);
		if (rc == 0 || !reused || PQstatus(conn) == CONNECTION_OK) {
			dbpool_put(conn, rc == 0);
			return rc;
		}
		dbpool_put(conn, 0);
	}
	return -1;
}
