/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_TOKENDB_H
#define POSTREPLY_TOKENDB_H

#include <libpq-fe.h>

enum tokendb_status {
	TOKENDB_VALID,
	TOKENDB_UNKNOWN,
	TOKENDB_EXPIRED,
	TOKENDB_ERROR /* the database could not answer */
};

/* What a valid token leads to. Strings are owned by the struct. */
struct tokendb_info {
	long long account_id;
	long long customer_id;
	long long conversation_id;
	long long sent_email_id;
	char *forward_to; /* the account's reply-to, else its email */
	char *customer_email;
};

/*
 * Where an account's replies go, as SQL over accounts aliased "a": its
 * reply-to if set, else its own email.
 */
#define TOKENDB_FORWARD_TO                                                     \
	"CASE WHEN a.reply_to <> '' THEN a.reply_to ELSE a.email END"

/* Register the prepared lookup; call once at start-up. */
void tokendb_init(void);

/* What token means; TOKENDB_ERROR when the database could not say. */
enum tokendb_status tokendb_lookup(PGconn *conn, const char *token,
				   struct tokendb_info *info);
void tokendb_info_free(struct tokendb_info *info);

/*
 * The SMTP answer for a refused reply address, shared by the milter and
 * policyd so that a sender sees the same words from either.
 */
struct tokendb_refusal {
	const char *rcode; /* "550" */
	const char *xcode; /* "5.1.1" */
	const char *text;
};
const struct tokendb_refusal *tokendb_refusal(enum tokendb_status status);

#endif
