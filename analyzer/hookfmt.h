/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_HOOKFMT_H
#define POSTREPLY_HOOKFMT_H

#include <stddef.h>

#include "parts.h"

/* A stored reply, as the inbound webhook formats post it. */
struct hookfmt_reply {
	const struct parts *parts; /* the message split */
	const char *stripped_text; /* what the customer wrote (extract) */
	const char *token;         /* the reply token: Postmark's MailboxHash */
	const char *envelope_to;   /* the reply address it was sent to */
	const char *envelope_from;
	const char *signature; /* the signature block trimmed off (extract) */
	const char *sender_ip; /* the SMTP client's address, "" if unknown */
	/* trusted_authserv_ids: whose Authentication-Results count */
	const char *trusted_ids;
	const char *raw; /* the message as received */
	size_t rawlen;
	long long reply_id;
};

/* What is posted: a body of len bytes and its Content-Type. */
struct hookfmt_body {
	char *content_type;
	char *data;
	size_t len;
};

/*
 * Postmark's inbound JSON (its documented fields, MailboxHash being the
 * token, StrippedTextReply our trimmed text, attachments in base64). A
 * pure function: no clock, no network.
 */
void hookfmt_postmark(const struct hookfmt_reply *r, struct hookfmt_body *out);

void hookfmt_body_free(struct hookfmt_body *b);

#endif
