/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_FUACTION_H
#define POSTREPLY_FUACTION_H

#include <libpq-fe.h>

#include "followup.h"

/*
 * fuaction: a rule's on-send actions, run in the transaction that
 * records follow-up id sent: actions holds one per line, "tag:T",
 * "assign:A", "notify" (a followup_notice job mailing notify_to what was
 * sent to customer) or "webhook" (a followup_webhook job). An unknown
 * action is logged and skipped. 0, or -1 when the database failed.
 */
int fuaction_run(PGconn *conn, const char *id, const struct followup_ctx *x,
		 const char *actions, const char *notify_to,
		 const char *customer, const char *subject, const char *text);

#endif
