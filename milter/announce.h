/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_ANNOUNCE_H
#define POSTREPLY_ANNOUNCE_H

#include "replies.h"

/* Start the thread that announces; once, after dbpool_init. */
void announce_start(void);

/*
 * Queue a committed reply's announcement (its account_id,
 * conversation_id and status_changed; customer_email is not kept).
 * Never waits for the database.
 */
void announce_reply(const struct replies_stored *stored);

/* Announce what is queued, then end the thread. */
void announce_stop(void);

#endif
