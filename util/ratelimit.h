/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_RATELIMIT_H
#define POSTREPLY_RATELIMIT_H

#include <time.h>

/*
 * Who has failed too often: a client (or any key) that reaches limit
 * failures within window is blocked for window from then on.
 * Thread-safe; memory is bounded (old entries are swept).
 */
struct ratelimit;

struct ratelimit *ratelimit_new(int limit, time_t window);
void ratelimit_free(struct ratelimit *rl);

/* Count a failure; returns 1 when this one blocked the client. */
int ratelimit_fail(struct ratelimit *rl, const char *client, time_t now);

/* Is client blocked at now? */
int ratelimit_blocked(struct ratelimit *rl, const char *client, time_t now);

#endif
