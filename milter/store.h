/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_STORE_H
#define POSTREPLY_STORE_H

#include <libpq-fe.h>

#include "message.h"

/*
 * Record a reply for each reply-address recipient of msg, in one
 * transaction: the raw message and envelope, a reply event, the
 * conversation's unread count, the customer's status, and an analysis job;
 * once committed, the replies are queued for announce.c. A message already
 * stored for a token (same Message-ID) is not stored again; its rcpt->reply_id
 * stays 0. Returns 0 on success, -1 when nothing was recorded.
 */
int store_message(PGconn *conn, void *msg);

/* Register the prepared statements; call once at start-up. */
void store_init(void);

#endif
