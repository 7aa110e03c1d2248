/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * message: what the milter collects of a reply while Postfix streams it:
 * the raw bytes exactly as received (up to max_stored_message_size; the
 * rest is counted, and the copy flagged truncated), the few headers the
 * timeline shows, the auto-reply and bounce flags, and the domains that
 * trusted Authentication-Results headers vouch for (authres.c). Header
 * parsing here is deliberately shallow: understanding a message is the
 * analyzer's job, and nothing in this file may fail on hostile input.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "autoreply.h"
#include "conf.h"
#include "message.h"
#include "replyaddr.h"
#include "utf8.h"
#include "xmalloc.h"

struct message *
message_new(const char *envfrom, size_t max_raw)
{
	struct message *msg = xcalloc(1, sizeof(*msg));

	char why[128];

	msg->envfrom = xstrdup(envfrom ? envfrom : "");
	/*
	 * Postfix refuses such bytes over SMTP, but another MTA or a milter
	 * client may pass them on; PostgreSQL would refuse them as text.
	 */
	if (utf8_check(msg->envfrom, strlen(msg->envfrom), why, sizeof(why)) <
	    0)
		msg->envfrom_bad = xstrdup(why);
	msg->max_raw = max_raw;
	buf_init(&msg->raw);
	/*
	 * A null sender (or an empty one, as some MTAs pass it) is a
	 * delivery status notification.
	 */
	if (strcmp(msg->envfrom, "<>") == 0 || *msg->envfrom == 0)
		msg->bounce = 1;
	return msg;
}

void
message_free(struct message *msg)
{
	size_t i;

	if (msg == NULL)
		return;
	for (i = 0; i < msg->nrcpts; i++) {
		free(msg->rcpts[i].addr);
		tokendb_info_free(&msg->rcpts[i].info);
	}
	free(msg->rcpts);
	for (i = 0; i < msg->nouts; i++)
		free(msg->outs[i].addr);
	free(msg->outs);
	free(msg->reply_address);
	free(msg->queue_id);
	free(msg->envfrom);
	free(msg->from);
	free(msg->envfrom_bad);
	free(msg->subject);
	free(msg->message_id);
	authres_free(&msg->auth);
	buf_free(&msg->raw);
	free(msg);
}

void
message_set_queue_id(struct message *msg, const char *queue_id)
{
	char why[128];

	if (queue_id == NULL || *queue_id == 0 ||
	    utf8_check(queue_id, strlen(queue_id), why, sizeof(why)) < 0)
		return;
	free(msg->queue_id);
	msg->queue_id = xstrdup(queue_id);
}

struct message_rcpt *
message_add_rcpt(struct message *msg, const char *addr, const char *token,
		 struct tokendb_info *info)
{
	struct message_rcpt *r;

	msg->rcpts = xrealloc(msg->rcpts, (msg->nrcpts + 1) * sizeof(*r));
	r = &msg->rcpts[msg->nrcpts++];
	memset(r, 0, sizeof(*r));
	r->addr = xstrdup(addr);
	strcpy(r->token, token);
	r->info = *info; /* takes ownership of its strings */
	memset(info, 0, sizeof(*info));
	return r;
}

void
message_add_outbound(struct message *msg, const char *addr, long long customer)
{
	struct message_outbound *o;

	msg->outs = xrealloc(msg->outs, (msg->nouts + 1) * sizeof(*o));
	o = &msg->outs[msg->nouts++];
	o->addr = xstrdup(addr);
	o->customer = customer;
}

/* Keep a copy of the raw bytes, counting what goes past the limit. */
static void
message_raw(struct message *msg, const void *data, size_t len)
{
	size_t room =
	    msg->max_raw > msg->raw.len ? msg->max_raw - msg->raw.len : 0;

	msg->raw_size += (long long)len;
	if (len > room) {
		msg->truncated = 1;
		len = room;
	}
	if (len > 0)
		buf_append(&msg->raw, data, len);
}

/*
 * The MTA passes folded header lines joined by a bare LF; on the wire
 * they were CRLF. Restore that so the stored copy is the message as sent.
 */
static void
message_raw_crlf(struct message *msg, const char *s)
{
	const char *nl;

	while ((nl = strchr(s, '\n')) != NULL) {
		if (nl > s && nl[-1] == '\r')
			message_raw(msg, s, (size_t)(nl + 1 - s));
		else {
			message_raw(msg, s, (size_t)(nl - s));
			message_raw(msg, "\r\n", 2);
		}
		s = nl + 1;
	}
	message_raw(msg, s, strlen(s));
}

/* The address of "Name <addr>" or of a bare "addr (comment)". */
static char *
message_angle_addr(const char *v)
{
	const char *lt, *gt;

	if ((lt = strrchr(v, '<')) != NULL && (gt = strchr(lt, '>')) != NULL)
		return xstrndup(lt + 1, (size_t)(gt - lt - 1));
	while (*v == ' ')
		v++;
	return xstrndup(v, strcspn(v, " ("));
}

/* An unfolded, trimmed, UTF-8 copy of a header value, for display. */
static char *
message_unfold(const char *value)
{
	char *copy = xstrdup(value), *out = copy, *res;
	const char *p;
	int space = 0;

	for (p = value; *p; p++) {
		if (*p == '\r' || *p == '\n' || *p == '\t' || *p == ' ') {
			space = 1;
			continue;
		}
		if (space && out > copy)
			*out++ = ' ';
		space = 0;
		*out++ = *p;
	}
	*out = 0;
	res = utf8_sanitize(copy, strlen(copy));
	free(copy);
	return res;
}

/*
 * The flags a header sets. Which headers make an automatic answer is
 * autoreply.c's to say (the analyzer asks it too); any other
 * multipart/report (a delivery status notification) is a bounce.
 */
static void
message_flags(struct message *msg, const char *name, const char *value)
{
	size_t n;

	if (autoreply_header(name, value, NULL)) {
		msg->auto_reply = 1;
		return;
	}
	if (strcasecmp(name, "Content-Type") != 0)
		return;
	value += strspn(value, " \t\r\n");
	n = strlen("multipart/report");
	if (strncasecmp(value, "multipart/report", n) == 0 &&
	    (value[n] == 0 || value[n] == ';' ||
	     isspace((unsigned char)value[n])))
		msg->bounce = 1;
}

/*
 * A Reply-To that already is one of our reply addresses: the message was
 * sent by postreplyctl or a follow-up, and recorded then.
 */
static void
message_reply_to(struct message *msg, const char *value)
{
	char token[TOKEN_LEN + 1], *v = message_unfold(value);
	char *addr = message_angle_addr(v);

	msg->reply_to++;
	if (replyaddr_parse(addr, token) == REPLYADDR_TOKEN)
		msg->tracked = 1;
	free(addr);
	free(v);
}

static void
message_remember(char **slot, const char *value)
{
	if (*slot == NULL)
		*slot = message_unfold(value);
}

/* Counted: with two From: headers, which one a DKIM pass was about is
 * anyone's guess. */
static void
message_from(struct message *msg, const char *value)
{
	msg->nfrom++;
	message_remember(&msg->from, value);
}

void
message_header(struct message *msg, const char *name, const char *value,
	       int leadspc)
{
	message_raw(msg, name, strlen(name));
	message_raw(msg, leadspc ? ":" : ": ", leadspc ? 1 : 2);
	message_raw_crlf(msg, value);
	message_raw(msg, "\r\n", 2);

	message_flags(msg, name, value);
	if (strcasecmp(name, "From") == 0)
		message_from(msg, value);
	else if (strcasecmp(name, "Authentication-Results") == 0)
		authres_parse(&msg->auth, value,
			      conf_cur()->trusted_authserv_ids);
	else if (strcasecmp(name, "Subject") == 0)
		message_remember(&msg->subject, value);
	else if (strcasecmp(name, "Message-ID") == 0)
		message_remember(&msg->message_id, value);
	else if (strcasecmp(name, MESSAGE_HDR_CUSTOMER) == 0)
		msg->our_headers[0]++;
	else if (strcasecmp(name, MESSAGE_HDR_CONVERSATION) == 0)
		msg->our_headers[1]++;
	else if (strcasecmp(name, "Reply-To") == 0)
		message_reply_to(msg, value);
}

void
message_eoh(struct message *msg)
{
	message_raw(msg, "\r\n", 2);
}

void
message_body(struct message *msg, const unsigned char *data, size_t len)
{
	message_raw(msg, data, len);
}

char *
message_from_address(const struct message *msg)
{
	return message_angle_addr(msg->from ? msg->from : "");
}

int
message_from_authenticated(const struct message *msg)
{
	char *addr, *at;
	int ok;

	if (msg->nfrom != 1 || msg->auth.n == 0)
		return 0;
	addr = message_from_address(msg);
	at = strrchr(addr, '@');
	ok = at != NULL && at[1] != 0 && authres_has(&msg->auth, at + 1);
	free(addr);
	return ok;
}
