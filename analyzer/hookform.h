/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_HOOKFORM_H
#define POSTREPLY_HOOKFORM_H

#include "hookfmt.h"

/*
 * The inbound formats posted as multipart/form-data. Pure functions: the
 * boundary, time and token are the caller's.
 */

/*
 * SendGrid Inbound Parse: the parsed message, or with raw set ("Send
 * Raw" on) the whole message as "email". SPF and dkim come from the
 * Authentication-Results header our Postfix's milters added, and are
 * left out without one.
 */
void hookform_sendgrid(const struct hookfmt_reply *r, int raw,
		       const char *boundary, struct hookfmt_body *out);

/*
 * A Mailgun route's forward(), signed as Mailgun signs it: "signature"
 * is HMAC-SHA256 with key of timestamp then token, in hex.
 */
void hookform_mailgun(const struct hookfmt_reply *r, const char *key,
		      const char *timestamp, const char *token,
		      const char *boundary, struct hookfmt_body *out);

/* Mailgun's signature of timestamp and token (hex, allocated). */
char *hookform_mailgun_signature(const char *key, const char *timestamp,
				 const char *token);

#endif
