#ifndef POSTREPLY_OUTBOUND_H
#define POSTREPLY_OUTBOUND_H

#include <libpq-fe.h>

#include "message.h"

/*
 * Outbound mode (track_outbound = yes): mail an account sends from its own
 * mail client gets a fresh reply address. These are the decisions; the
 * libmilter side is in milter.c, the recording in store.c.
 */

/* May this client send as an account: SASL-authenticated, or from
 * outbound_networks? */
int outbound_trusted(const char *client_addr, const char *auth_authen);

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
