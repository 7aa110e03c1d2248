/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_DECIDE_H
#define POSTREPLY_DECIDE_H

#include <stddef.h>
#include <time.h>

#include "ratelimit.h"
#include "request.h"

struct decide_env {
	struct ratelimit *guess; /* bad reply addresses per client */
	int block_do_not_contact;
	time_t now;
};

/*
 * The action for one policy request, without "action=", into out. Only
 * RCPT-time access requests for reply addresses (and, when enabled,
 * outreach from accounts) are looked at; everything else is DUNNO.
 */
void decide(const struct request *req, struct decide_env *env, char *out,
	    size_t outlen);

#endif
