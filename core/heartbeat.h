/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_HEARTBEAT_H
#define POSTREPLY_HEARTBEAT_H

#include <libpq-fe.h>
#include <time.h>

/* How often a daemon writes its heartbeat, and when it counts as gone. */
#define HEARTBEAT_INTERVAL 60 /* seconds */
#define HEARTBEAT_STALE 180   /* seconds */

/*
 * Record that this process (program, e.g. "postreply-analyzer", started
 * at started) is alive now; rows of processes not seen for a week go.
 * 0, or -1 after a warning.
 */
int heartbeat_beat(PGconn *conn, const char *program, time_t started);

/* The newest heartbeat of a program, as heartbeat_last finds it. */
struct heartbeat {
	char host[256];
	long pid;
	char version[64];
	char seen_at[64]; /* as PostgreSQL writes a timestamptz */
	long long age;    /* seconds since seen_at */
};

/*
 * The newest heartbeat of program: 1 and *hb filled, 0 when there is
 * none, -1 when the query failed (err says why).
 */
int heartbeat_last(PGconn *conn, const char *program, struct heartbeat *hb,
		   char *err, size_t errlen);

#endif
