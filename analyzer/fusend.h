/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_FUSEND_H
#define POSTREPLY_FUSEND_H

#include <libpq-fe.h>
#include <stddef.h>

/*
 * The job followup_due {"followup_id": N}: with the LLM backend and an
 * "ai" rule, have the LLM write the text first (the template when it
 * fails); check every stop condition again, keep followup_min_interval,
 * send through the MTA, run the rule's on-send actions and schedule the
 * next step. Idempotent: a follow-up is marked sending in the
 * transaction that records its email, and sent in the one that records
 * the MTA took it. 0, or -1 with why in err.
 */
int fusend_due(PGconn *conn, long long followup_id, char *err, size_t errlen);

#endif
