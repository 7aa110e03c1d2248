/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_SENTMAIL_H
#define POSTREPLY_SENTMAIL_H

#include <libpq-fe.h>

#include "token.h"

/* One outbound email to one customer, whoever sent it. */
struct sentmail {
	long long account_id;
	long long customer_id;
	const char *subject;
	const char *preview;
	const char *message_id; /* may be NULL */
	const char *source;     /* "ctl", "milter", "followup" */
	const char *token;      /* NULL: a new token; else share this one */
};

/*
 * Record an email as pending: the conversation (created if new), the
 * sent_emails row and its reply token (valid token_lifetime), all in one
 * statement. Nothing shows on the timeline until sentmail_confirm(). When
 * sm->token names a token already recorded for this message, the
 * customer is added to it: one token for all customers of a message.
 * Returns the reply address (caller frees) and sets *id; NULL after a
 * warning on failure (also when the customer is not the account's).
 */
char *sentmail_record(PGconn *conn, const struct sentmail *sm, long long *id);

/*
 * The email went out: mark it sent, put an email_sent event on the
 * timeline, and move the customer from new to contacted. 0 or -1.
 */
int sentmail_confirm(PGconn *conn, long long id);

/*
 * The email did not go out: mark it failed with the reason, remove its
 * token (nobody has the address) and say so on the timeline (send_failed).
 */
int sentmail_fail(PGconn *conn, long long id, const char *reason);

/* Record and confirm in one transaction: for mail already on its way. */
char *sentmail_record_sent(PGconn *conn, const struct sentmail *sm);

/* A short one-line preview of a text, for listings (caller frees). */
char *sentmail_preview(const char *text, size_t max);

/*
 * The Message-ID of an email sent from here:
 * "<20260121093000.k3q7x2m4a5b6c7d2@reply.example.com>" (caller frees).
 */
char *sentmail_message_id(void);

/* Bytes of an email's body kept as its preview. */
#define SENTMAIL_PREVIEW 120

/*
 * An email written here (postreplyctl send, an answer from the web, a
 * follow-up), recorded as sentmail_record does: its preview from body,
 * a new token, and a fresh Message-ID, put in *message_id (the caller
 * frees it, also on failure).
 */
char *sentmail_record_written(PGconn *conn, long long account,
			      long long customer, const char *subject,
			      const char *body, const char *source,
			      char **message_id, long long *id);

#endif
