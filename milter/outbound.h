/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_OUTBOUND_H
#define POSTREPLY_OUTBOUND_H

#include <libpq-fe.h>

#include "message.h"

/*
 * Outbound mode (track_outbound = yes): mail an account sends from its own
 * mail client gets a fresh reply address. These are the decisions; the
 * libmilter side is in milter.c, the recording in store.c.
 */

/*
 * At MAIL: set msg->account when the envelope sender is an account and the
 * client may send as it. With a SASL login (login not empty), the login
 * must be allowed for the account (sender_login_maps); without one, the
 * client's address must be in outbound_networks. Otherwise the message is
 * not outreach (logged at info level when the sender is an account). -1
 * when this cannot be told: the database is down and the sender is known
 * to be an account, or the sender_login_maps file cannot be read
 * (tempfail).
 */
int outbound_start(struct message *msg, const char *client, const char *login);

/*
 * Set msg->account when the envelope sender is an account. -1 when the
 * database is down and the sender is known to be an account (tempfail);
 * other senders then pass as not outreach.
 */
int outbound_sender(struct message *msg);

/* One recipient of an outbound message, for dbpool_run. */
struct outbound_rcpt {
	struct message *msg;
	const char *addr; /* bare */
	int added;        /* out: it is a customer (or becomes one) */
};
int outbound_rcpt(PGconn *conn, void *arg);

/* Is rcpt in the sender's own domain or in internal_domains? */
int outbound_internal(const char *sender, const char *rcpt);

#endif
