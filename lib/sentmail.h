#ifndef POSTREPLY_SENTMAIL_H
#define POSTREPLY_SENTMAIL_H

#include <libpq-fe.h>

#include "token.h"

/* One outbound email to record, whoever sent it. */
struct sentmail {
	long long account_id;
	long long customer_id;
	const char *subject;
	const char *preview;
	const char *message_id; /* may be NULL */
	const char *source;     /* "ctl", "milter", "followup" */
};

/*
 * Record a sent email with a fresh reply token, in one statement: the
 * conversation (created if new), the sent_emails row, the token valid for
 * token_lifetime, an email_sent event, and the customer's status moving
 * from new to contacted. On success returns the new reply address
 * (caller frees); NULL after a warning on failure.
 */
char *sentmail_record(PGconn *conn, const struct sentmail *sm);

#endif
