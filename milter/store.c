/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * store: the milter's one database transaction per reply. Everything a
 * reply changes is written by a single statement per recipient (core's
 * replies_store, the one writer of a reply and its effects), so the
 * SMTP path pays one round trip, and a failure leaves nothing behind: the
 * milter then tempfails and the sender's MTA retries. Once it committed,
 * the replies are queued to be announced to the web and to wake the
 * analyzer (announce.c: notifications sent in the durable commit would
 * serialise the commits of concurrent replies, sql/024).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "announce.h"
#include "db.h"
#include "msg.h"
#include "customer.h"
#include "replies.h"
#include "replyaddr.h"
#include "sentmail.h"
#include "store.h"
#include "utf8.h"
#include "xmalloc.h"

/* An envelope address as the timeline shows it: no brackets, UTF-8. */
static char *
store_addr(const char *addr)
{
	char *bare = replyaddr_unbracket(addr), *res;

	res = utf8_sanitize(bare, strlen(bare));
	free(bare);
	return res;
}

static int
store_rcpt(PGconn *conn, struct message *msg, struct message_rcpt *rcpt)
{
	struct replies_mail m = {0};
	struct replies_stored out;
	char *vals[3];
	size_t i;
	int rc;

	vals[0] = store_addr(msg->envfrom);
	vals[1] = store_addr(rcpt->addr);
	vals[2] =
	    message_from_authenticated(msg) ? message_from_address(msg) : NULL;
	m.token = rcpt->token;
	m.queue_id = msg->queue_id;
	m.envelope_from = vals[0];
	m.envelope_to = vals[1];
	m.forwarded_to = rcpt->info.forward_to;
	m.from_header = msg->from;
	m.subject = msg->subject;
	m.message_id = msg->message_id;
	m.raw = msg->raw.data;
	m.raw_len = msg->raw.len;
	m.raw_size = msg->raw_size;
	m.truncated = msg->truncated;
	m.auto_reply = msg->auto_reply;
	m.bounce = msg->bounce;
	m.vouched_from = vals[2];
	rc = replies_store(conn, &m, &out);
	if (rc == 0 && (rcpt->reply_id = out.reply_id) != 0) {
		/* The customer it was stored for, for the forwarded headers. */
		free(rcpt->info.customer_email);
		rcpt->info.customer_email = out.customer_email;
		out.customer_email = NULL;
		rcpt->info.conversation_id = out.conversation_id;
		rcpt->info.account_id = out.account_id;
		rcpt->status_changed = out.status_changed;
	} else if (rc == 1) {
		msg_warn("%s: reply address %s was removed while the message "
			 "came in",
			 msg->queue_id ? msg->queue_id : "NOQUEUE", rcpt->addr);
	} else if (rc < 0) {
		char err[256];

		msg_warn("%s: cannot store reply: %s",
			 msg->queue_id ? msg->queue_id : "NOQUEUE",
			 db_error(conn, err, sizeof(err)));
	}
	replies_stored_free(&out);
	for (i = 0; i < 3; i++)
		free(vals[i]);
	return rc == 0 ? 0 : -1;
}

/* The replies stored, announced once committed (announce.c). */
static void
store_announce(struct message *msg)
{
	struct replies_stored s = {0};
	size_t i;

	for (i = 0; i < msg->nrcpts; i++) {
		if (msg->rcpts[i].reply_id == 0)
			continue;
		s.account_id = msg->rcpts[i].info.account_id;
		s.conversation_id = msg->rcpts[i].info.conversation_id;
		s.status_changed = msg->rcpts[i].status_changed;
		announce_reply(&s);
	}
}

/*
 * An account's outbound message: one token for the message, shared by
 * every customer it goes to, each of whom gets the email on their own
 * timeline. Customers new to the account are created here.
 */
static int
store_outbound(PGconn *conn, struct message *msg)
{
	struct sentmail sm = {0};
	char token[TOKEN_LEN + 1];
	char *addr = NULL;
	long long id;
	size_t i;

	free(msg->reply_address);
	msg->reply_address = NULL;
	sm.account_id = msg->account;
	sm.subject = msg->subject;
	sm.message_id = msg->message_id;
	sm.source = "milter";
	for (i = 0; i < msg->nouts; i++) {
		sm.customer_id = msg->outs[i].customer;
		if (sm.customer_id == 0)
			sm.customer_id = customer_find(
			    conn, msg->account, msg->outs[i].addr, NULL, 1);
		if (sm.customer_id <= 0 ||
		    (addr = sentmail_record(conn, &sm, &id)) == NULL ||
		    sentmail_confirm(conn, id) < 0) {
			free(addr);
			return -1;
		}
		if (msg->reply_address == NULL) {
			/* Built from the settings of that moment: a reload
			   in between gives the next customers their own. */
			if (replyaddr_parse(addr, token) == REPLYADDR_TOKEN)
				sm.token = token;
			msg->reply_address = addr;
		} else {
			free(addr);
		}
	}
	return 0;
}

void
store_init(void)
{
	replies_init();
}

int
store_message(PGconn *conn, void *arg)
{
	struct message *msg = arg;
	size_t i;
	int outbound = msg->nouts > 0 && !msg->tracked;
	int multi = msg->nrcpts > 1 || outbound;

	if (multi && db_exec(conn, "BEGIN", 0, NULL) < 0)
		return -1;
	if (outbound && store_outbound(conn, msg) < 0)
		goto fail;
	for (i = 0; i < msg->nrcpts; i++)
		if (store_rcpt(conn, msg, &msg->rcpts[i]) < 0)
			goto fail;
	if (multi && db_exec(conn, "COMMIT", 0, NULL) < 0)
		return -1;
	store_announce(msg);
	return 0;
fail:
	if (multi)
		db_exec(conn, "ROLLBACK", 0, NULL);
	return -1;
}
