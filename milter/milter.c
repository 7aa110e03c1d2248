/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * milter: the filter callbacks of postreply-milter (see engine.c for the
 * protocol). Per connection, a context holds the client's address and the
 * message in hand (see message.c). The rules:
 * - Recipients are checked at RCPT: a dead reply address is refused on
 *   its own (other recipients still get the message); a database problem
 *   tempfails that recipient.
 * - A message without a reply-address recipient is accepted at DATA, so
 *   Postfix never streams its headers or body to us.
 * - At end of message the reply is stored, then the recipient swapped for
 *   the account's forward address. A failure to store tempfails the whole
 *   message: never accept and drop.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf.h"
#include "db.h"
#include "message.h"
#include "milter.h"
#include "msg.h"
#include "outbound.h"
#include "replyaddr.h"
#include "store.h"
#include "tokendb.h"
#include "utf8.h"
#include "xmalloc.h"

struct milter_conn {
	char client[INET6_ADDRSTRLEN]; /* the SMTP client's address */
	struct message *msg;
	/*
	 * MAIL is not answered (the MTA does not wait for it), so what goes
	 * wrong there is told at each RCPT.
	 */
	int stopping;        /* the milter is stopping: tempfail */
	int outbound_failed; /* could not tell whether this is outreach */
};

static pthread_mutex_t milter_lock = PTHREAD_MUTEX_INITIALIZER;
static int milter_nmsgs;
static int milter_stop;

void
milter_stopping(void)
{
	pthread_mutex_lock(&milter_lock);
	milter_stop = 1;
	pthread_mutex_unlock(&milter_lock);
}

int
milter_inflight(void)
{
	int n;

	pthread_mutex_lock(&milter_lock);
	n = milter_nmsgs;
	pthread_mutex_unlock(&milter_lock);
	return n;
}

/* Count a message in or out; refuses a new one while stopping. */
static int
milter_count(int delta)
{
	int ok;

	pthread_mutex_lock(&milter_lock);
	ok = delta < 0 || !milter_stop;
	if (ok)
		milter_nmsgs += delta;
	pthread_mutex_unlock(&milter_lock);
	return ok;
}

static struct milter_conn *
milter_conn(struct engine *ctx)
{
	struct milter_conn *conn = engine_getpriv(ctx);

	if (conn == NULL) {
		conn = xcalloc(1, sizeof(*conn));
		engine_setpriv(ctx, conn);
		/* One configuration per message: see milter_msg_done. */
		conf_hold();
	}
	return conn;
}

static void
milter_msg_done(struct milter_conn *conn)
{
	if (conn->msg == NULL)
		return;
	message_free(conn->msg);
	conn->msg = NULL;
	milter_count(-1);
	/* The next message of the connection reads the newest one. */
	conf_release();
	conf_hold();
}

static const char *
milter_qid(struct engine *ctx, struct milter_conn *conn)
{
	const char *qid = engine_getsymval(ctx, "i");

	if (conn->msg != NULL) {
		message_set_queue_id(conn->msg, qid);
		if (conn->msg->queue_id)
			return conn->msg->queue_id;
	}
	return qid ? qid : "NOQUEUE";
}

static sfsistat
milter_negotiate(struct engine *ctx, unsigned long actions, unsigned long steps,
		 unsigned long *want_actions, unsigned long *want_steps)
{
	const unsigned long need =
	    SMFIF_ADDRCPT | SMFIF_DELRCPT | SMFIF_ADDHDRS | SMFIF_CHGHDRS;

	(void)ctx;
	(void)steps;
	if ((actions & need) != need) {
		msg_warn("the MTA does not allow recipient and header changes; "
			 "postreply-milter cannot work with it");
		return SMFIS_REJECT;
	}
	*want_actions = need;
	/*
	 * Only RCPT, DATA and the end of message need an answer: whatever
	 * else the MTA can skip or not wait for, it does.
	 */
	*want_steps = SMFIP_NR_CONN | SMFIP_NOHELO | SMFIP_NOUNKNOWN |
		      SMFIP_NR_MAIL | SMFIP_NR_HDR | SMFIP_NR_EOH |
		      SMFIP_NR_BODY | SMFIP_HDR_LEADSPC;
	return SMFIS_CONTINUE;
}

#define MILTER_TEMP_REPLY                                                      \
	"Temporary problem recording this reply. Your mail server will try "   \
	"again later."
#define MILTER_TEMP_OUTREACH                                                   \
	"Temporary problem recording this message for reply tracking. "        \
	"Please send it again in a moment."

/* Tempfail (4.3.0) with text for the client and why for the log. */
static sfsistat
milter_tempfail(struct engine *ctx, const char *qid, const char *why,
		const char *text)
{
	const struct tokendb_refusal *r = tokendb_refusal(TOKENDB_ERROR);

	msg_warn("%s: tempfail: %s", qid, why);
	engine_setreply(ctx, r->rcode, r->xcode, text);
	return SMFIS_TEMPFAIL;
}

/* Remember who the client is: outbound mode trusts some networks. */
static sfsistat
milter_connect(struct engine *ctx, const char *hostname,
	       const struct sockaddr *sa)
{
	struct milter_conn *conn = milter_conn(ctx);
	const void *addr = NULL;

	(void)hostname;
	conn->client[0] = 0;
	if (sa && sa->sa_family == AF_INET)
		addr =
		    &((const struct sockaddr_in *)(const void *)sa)->sin_addr;
	else if (sa && sa->sa_family == AF_INET6)
		addr =
		    &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
	if (addr == NULL || inet_ntop(sa->sa_family, addr, conn->client,
				      sizeof(conn->client)) == NULL)
		conn->client[0] = 0;
	return SMFIS_CONTINUE;
}

/*
 * Outbound mode: is this message an account's, sent by a client that may
 * send as the account? Sets msg->account. -1 when that cannot be told.
 */
static int
milter_outbound_start(struct engine *ctx, struct milter_conn *conn)
{
	if (!conf_cur()->track_outbound)
		return 0;
	milter_qid(ctx, conn); /* for the log */
	return outbound_start(conn->msg, conn->client,
			      engine_getsymval(ctx, "{auth_authen}"));
}

static sfsistat
milter_envfrom(struct engine *ctx, char **argv)
{
	struct milter_conn *conn = milter_conn(ctx);

	milter_msg_done(conn);
	conn->outbound_failed = 0;
	if ((conn->stopping = !milter_count(1)))
		return SMFIS_CONTINUE;
	conn->msg =
	    message_new(argv[0], (size_t)conf_cur()->max_stored_message_size);
	if (milter_outbound_start(ctx, conn) < 0)
		conn->outbound_failed = 1;
	return SMFIS_CONTINUE;
}

struct milter_lookup {
	const char *token;
	struct tokendb_info info;
	enum tokendb_status status;
};

static int
milter_lookup_run(PGconn *pg, void *arg)
{
	struct milter_lookup *l = arg;

	l->status = tokendb_lookup(pg, l->token, &l->info);
	return l->status == TOKENDB_ERROR ? -1 : 0;
}

static sfsistat
milter_refuse(struct engine *ctx, const char *qid, const char *rcpt,
	      enum tokendb_status st)
{
	const struct tokendb_refusal *r = tokendb_refusal(st);

	msg_info("%s: reject: RCPT %s: %s %s %s", qid, rcpt, r->rcode, r->xcode,
		 r->text);
	engine_setreply(ctx, r->rcode, r->xcode, r->text);
	return st == TOKENDB_ERROR ? SMFIS_TEMPFAIL : SMFIS_REJECT;
}

/*
 * A reply whose envelope sender cannot be recorded (not UTF-8, control
 * characters): refused for good, since trying again sends the same bytes.
 */
static sfsistat
milter_refuse_sender(struct engine *ctx, const char *qid,
		     const struct message *msg, const char *rcpt)
{
	char text[256];

	snprintf(text, sizeof(text),
		 "The sender address is not valid (%s); postreply records "
		 "replies only from valid addresses",
		 msg->envfrom_bad);
	msg_info("%s: reject: RCPT %s from %s: 553 5.1.7 %s", qid, rcpt,
		 msg->envfrom, text);
	engine_setreply(ctx, "553", "5.1.7", text);
	return SMFIS_REJECT;
}

/* An outbound message's recipient: is it one of the account's customers? */
static sfsistat
milter_outbound_rcpt(struct engine *ctx, struct milter_conn *conn,
		     const char *rcpt)
{
	struct outbound_rcpt r = {conn->msg, NULL, 0};
	char *bare, why[128];
	int rc;

	if (conn->msg->account == 0)
		return SMFIS_CONTINUE;
	/* Not a customer anyone can have: not tracked. */
	if (utf8_check(rcpt, strlen(rcpt), why, sizeof(why)) < 0) {
		msg_warn("%s: RCPT %s: %s; not tracked as outreach",
			 milter_qid(ctx, conn), rcpt, why);
		return SMFIS_CONTINUE;
	}
	bare = replyaddr_unbracket(rcpt);
	r.addr = bare;
	rc = dbpool_run(outbound_rcpt, &r);
	free(bare);
	if (rc < 0)
		return milter_tempfail(ctx, milter_qid(ctx, conn),
				       "cannot look up the recipient",
				       MILTER_TEMP_OUTREACH);
	return SMFIS_CONTINUE;
}

static sfsistat
milter_envrcpt(struct engine *ctx, char **argv)
{
	struct milter_conn *conn = milter_conn(ctx);
	struct milter_lookup l = {0};
	char token[TOKEN_LEN + 1];
	const char *qid = milter_qid(ctx, conn);

	if (conn->stopping) {
		engine_setreply(ctx, "451", "4.3.2",
				"postreply-milter is restarting, please try "
				"again in a moment");
		return SMFIS_TEMPFAIL;
	}
	if (conn->msg == NULL)
		return SMFIS_CONTINUE;
	if (conn->outbound_failed)
		return milter_tempfail(ctx, qid,
				       "cannot tell whether this is outreach",
				       MILTER_TEMP_OUTREACH);
	switch (replyaddr_parse(argv[0], token)) {
	case REPLYADDR_NONE:
		return milter_outbound_rcpt(ctx, conn, argv[0]);
	case REPLYADDR_MALFORMED:
		return milter_refuse(ctx, qid, argv[0], TOKENDB_UNKNOWN);
	case REPLYADDR_TOKEN:
		break;
	}
	if (conn->msg->envfrom_bad)
		return milter_refuse_sender(ctx, qid, conn->msg, argv[0]);
	l.token = token;
	if (dbpool_run(milter_lookup_run, &l) < 0)
		l.status = TOKENDB_ERROR;
	if (l.status != TOKENDB_VALID)
		return milter_refuse(ctx, qid, argv[0], l.status);
	message_add_rcpt(conn->msg, argv[0], token, &l.info);
	return SMFIS_CONTINUE;
}

static sfsistat
milter_data(struct engine *ctx)
{
	struct milter_conn *conn = milter_conn(ctx);

	if (conn->msg != NULL && conn->msg->nrcpts > 0)
		return SMFIS_CONTINUE;
	/* Outreach needs its headers, but not a raw copy. */
	if (conn->msg != NULL && conn->msg->nouts > 0) {
		conn->msg->max_raw = 0;
		return SMFIS_CONTINUE;
	}
	/* Not ours: let go before Postfix sends headers and body. */
	if (msg_verbose)
		msg_info("%s: not a reply, accepted at DATA",
			 milter_qid(ctx, conn));
	milter_msg_done(conn);
	return SMFIS_ACCEPT;
}

static sfsistat
milter_header(struct engine *ctx, const char *name, const char *value)
{
	struct milter_conn *conn = milter_conn(ctx);

	if (conn->msg != NULL)
		message_header(conn->msg, name, value,
			       (engine_steps(ctx) & SMFIP_HDR_LEADSPC) != 0);
	return SMFIS_CONTINUE;
}

static sfsistat
milter_eoh(struct engine *ctx)
{
	struct milter_conn *conn = milter_conn(ctx);

	if (conn->msg != NULL)
		message_eoh(conn->msg);
	return SMFIS_CONTINUE;
}

static sfsistat
milter_body(struct engine *ctx, const unsigned char *data, size_t len)
{
	struct milter_conn *conn = milter_conn(ctx);

	if (conn->msg != NULL) {
		if (msg_verbose > 1)
			msg_info("%s: body chunk of %zu bytes",
				 milter_qid(ctx, conn), len);
		message_body(conn->msg, data, len);
	}
	return SMFIS_CONTINUE;
}

/* Delete X-PostReply-* headers that came with the message: ours only. */
static int
milter_strip_ours(struct engine *ctx, struct message *msg)
{
	static const char *names[] = {MESSAGE_HDR_CUSTOMER,
				      MESSAGE_HDR_CONVERSATION};
	int i, n;

	for (i = 0; i < 2; i++)
		for (n = msg->our_headers[i]; n > 0; n--)
			if (engine_chgheader(ctx, names[i], n, NULL) < 0)
				return -1;
	return 0;
}

static int
milter_same_forward(const struct message_rcpt *a, const struct message_rcpt *b)
{
	return strcasecmp(a->info.forward_to, b->info.forward_to) == 0;
}

static int
milter_same_conversation(const struct message_rcpt *a,
			 const struct message_rcpt *b)
{
	return a->info.conversation_id == b->info.conversation_id;
}

/* Did an earlier recipient of the message already stand for the same? */
static int
milter_seen(const struct message *msg, size_t upto,
	    int (*same)(const struct message_rcpt *,
			const struct message_rcpt *))
{
	size_t i;

	for (i = 0; i < upto; i++)
		if (same(&msg->rcpts[i], &msg->rcpts[upto]))
			return 1;
	return 0;
}

static int
milter_rewrite(struct engine *ctx, struct milter_conn *conn)
{
	struct message *msg = conn->msg;
	struct message_rcpt *r;
	char *addr, id[32];
	size_t i;
	int rc = 0;

	if (milter_strip_ours(ctx, msg) < 0)
		return -1;
	for (i = 0; i < msg->nrcpts && rc == 0; i++) {
		r = &msg->rcpts[i];
		if (engine_delrcpt(ctx, r->addr) < 0)
			return -1;
		if (!milter_seen(msg, i, milter_same_forward)) {
			addr = xasprintf("<%s>", r->info.forward_to);
			rc = engine_addrcpt(ctx, addr);
			free(addr);
		}
		if (rc == 0 && !milter_seen(msg, i, milter_same_conversation)) {
			snprintf(id, sizeof(id), "%lld",
				 r->info.conversation_id);
			rc = engine_addheader(ctx, MESSAGE_HDR_CUSTOMER,
					      r->info.customer_email);
			if (rc == 0)
				rc = engine_addheader(
				    ctx, MESSAGE_HDR_CONVERSATION, id);
		}
	}
	return rc;
}

/* Outreach: the message's Reply-To becomes its reply address. */
static int
milter_set_reply_to(struct engine *ctx, struct milter_conn *conn)
{
	struct message *msg = conn->msg;
	int i;

	if (msg->reply_address == NULL)
		return 0;
	for (i = msg->reply_to; i > 1; i--)
		if (engine_chgheader(ctx, "Reply-To", i, NULL) < 0)
			return -1;
	if (msg->reply_to == 0)
		return engine_addheader(ctx, "Reply-To", msg->reply_address);
	return engine_chgheader(ctx, "Reply-To", 1, msg->reply_address);
}

static void
milter_log_stored(const char *qid, struct message *msg)
{
	struct message_rcpt *r;
	size_t i;

	if (msg->reply_address)
		msg_info("%s: outreach from=%s to %zu customer%s: Reply-To "
			 "set to <%s>",
			 qid, msg->envfrom, msg->nouts,
			 msg->nouts == 1 ? "" : "s", msg->reply_address);
	for (i = 0; i < msg->nrcpts; i++) {
		r = &msg->rcpts[i];
		if (r->reply_id)
			msg_info("%s: reply from=%s to=%s forwarded to=<%s> "
				 "reply_id=%lld size=%lld%s%s%s",
				 qid, msg->envfrom, r->addr, r->info.forward_to,
				 r->reply_id, msg->raw_size,
				 msg->truncated ? " truncated" : "",
				 msg->auto_reply ? " auto-reply" : "",
				 msg->bounce ? " bounce" : "");
		else
			msg_info("%s: reply to=%s already stored (same "
				 "Message-ID), forwarded to=<%s> again",
				 qid, r->addr, r->info.forward_to);
	}
}

static sfsistat
milter_eom(struct engine *ctx)
{
	struct milter_conn *conn = milter_conn(ctx);
	const char *qid = milter_qid(ctx, conn), *text;
	sfsistat st = SMFIS_CONTINUE;

	if (conn->msg == NULL ||
	    (conn->msg->nrcpts == 0 && conn->msg->nouts == 0)) {
		milter_msg_done(conn);
		return SMFIS_CONTINUE;
	}
	text = conn->msg->nrcpts ? MILTER_TEMP_REPLY : MILTER_TEMP_OUTREACH;
	if (dbpool_run(store_message, conn->msg) < 0)
		st = milter_tempfail(ctx, qid, "cannot record the message",
				     text);
	else if (milter_rewrite(ctx, conn) < 0 ||
		 milter_set_reply_to(ctx, conn) < 0)
		st = milter_tempfail(
		    ctx, qid, "the MTA refused to change the message", text);
	else
		milter_log_stored(qid, conn->msg);
	milter_msg_done(conn);
	return st;
}

static void
milter_abort(struct engine *ctx)
{
	milter_msg_done(milter_conn(ctx));
}

static void
milter_close(struct engine *ctx)
{
	struct milter_conn *conn = engine_getpriv(ctx);

	if (conn != NULL) {
		milter_msg_done(conn);
		free(conn);
		engine_setpriv(ctx, NULL);
		conf_release();
	}
}

const struct engine_filter milter_filter = {
    .negotiate = milter_negotiate,
    .connect = milter_connect,
    .envfrom = milter_envfrom,
    .envrcpt = milter_envrcpt,
    .data = milter_data,
    .header = milter_header,
    .eoh = milter_eoh,
    .body = milter_body,
    .eom = milter_eom,
    .abort = milter_abort,
    .close = milter_close,
    /*
     * The queue ID and the SASL login (outbound mode); nothing else. With
     * milters in use Postfix opens the queue file at MAIL, so the ID is
     * known there (the inbound tests check the stored ID).
     */
    .macros = {[SMFIM_ENVFROM] = "i {auth_authen}"},
};
