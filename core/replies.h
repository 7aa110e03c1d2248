/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_REPLIES_H
#define POSTREPLY_REPLIES_H

#include <stddef.h>

#include <libpq-fe.h>

#include "db.h"

/*
 * The setting (local to a transaction) by which a writer of events
 * announces them itself after the commit, instead of the trigger
 * web_announce in it (sql/024).
 */
#define REPLIES_ANNOUNCE "postreply.announce"

/*
 * The customer-status transitions that mail makes by itself, the only
 * ones besides an operator's (postreplyctl status). Each names the
 * statuses it may leave, so that none takes a customer back from a later
 * stage: customer and do_not_contact are left only by an operator.
 */
#define REPLIES_REPLIED_FROM "('new', 'contacted')" /* a reply came */
#define REPLIES_CONTACTED_FROM "('new')"            /* an email went */

/*
 * The status_change event's detail; from, to and by are SQL
 * expressions.
 */
#define REPLIES_STATUS_DETAIL(from, to, by)                                    \
	"jsonb_build_object('from', " from ", 'to', " to ", 'by', " by ")"

/*
 * An email went out (sentmail_confirm): CTE st, a new customer becomes
 * contacted, and sc, its event after the email's. se holds the email
 * (id, customer_id, source), ev its event (account_id, customer_id,
 * conversation_id).
 */
#define REPLIES_ON_SENT                                                        \
	" st AS (UPDATE customers c SET status = 'contacted' FROM se"          \
	"  WHERE c.id = se.customer_id AND c.status "                          \
	"IN " REPLIES_CONTACTED_FROM "  RETURNING c.id),"                      \
	" sc AS (INSERT INTO events (kind, account_id, customer_id,"           \
	"  conversation_id, detail)"                                           \
	" SELECT 'status_change', ev.account_id, ev.customer_id,"              \
	"  ev.conversation_id, " REPLIES_STATUS_DETAIL(                        \
	    "'new'", "'contacted'",                                            \
	    "se.source") " FROM ev JOIN st ON st.id = ev.customer_id, se)"

/* A reply as the milter received it, for one reply address. */
struct replies_mail {
	const char *token;
	const char *queue_id;
	const char *envelope_from, *envelope_to; /* bare, UTF-8 */
	const char *forwarded_to;
	const char *from_header, *subject, *message_id;
	const char *raw; /* the message, raw_len bytes, NULs and all */
	size_t raw_len;
	long long raw_size; /* before truncation */
	int truncated, auto_reply, bounce;
	const char *vouched_from; /* From's address if trusted, or NULL */
};

/* What replies_store recorded. */
struct replies_stored {
	long long reply_id;        /* 0: a duplicate (same Message-ID) */
	char *customer_email;      /* whom it was stored for, or NULL */
	long long conversation_id; /* likewise */
	long long account_id;      /* likewise */
	int status_changed;        /* the customer's status became replied */
};

/* Register the prepared statements; call before connecting. */
void replies_init(void);

/*
 * A reply arrived through the milter, in one statement (one round trip,
 * as the SMTP path waits for it): the reply, its event (and through
 * sql/019's trigger, the conversation's unread count, last activity
 * and last reply), the customer's status
 * (replied, from REPLIES_REPLIED_FROM) and the analysis job. 0 (stored,
 * or a duplicate: reply_id 0), 1 when the token is gone (purged since
 * RCPT), -1 when the database failed (db_error says why). Free out with
 * replies_stored_free.
 * The transaction's events are not announced to the web, nor the
 * workers woken, at its commit (sql/024): once it committed, pass each
 * reply stored (reply_id not 0) to replies_announce.
 */
int replies_store(PGconn *conn, const struct replies_mail *m,
		  struct replies_stored *out);

/*
 * What the n replies_store's committed transactions changed (account_id,
 * conversation_id and status_changed of each), announced on the web's
 * channel in that order (PostgreSQL sends identical ones once), and the
 * analyzer woken once: a statement of its
 * own, outside any transaction, 0 or -1. On a failure nothing is lost
 * but time: the workers poll, and the web's pages show the replies when
 * reloaded.
 */
int replies_announce(PGconn *conn, const struct replies_stored *stored,
		     size_t n);

void replies_stored_free(struct replies_stored *out);

/*
 * A reply logged by hand (postreplyctl log-reply), run by the caller in
 * its transaction, in this order:
 * - replies_log_sql ($1 account, $2 customer, $3 channel, $4 text, $5
 *   when received or NULL for now): the reply, its conversation's last
 *   activity, its event and the analysis job, workers woken at commit;
 *   one row: the reply's id and conversation. The unread count is left
 *   alone: whoever logs a reply has read it.
 * - replies_log_status_sql ($1 account, $2 customer, $3 conversation,
 *   $4 when or NULL, $5 by whom): the status, as for a reply through the
 *   milter; a row with the old status when it changed.
 * They are run by the caller so that postreplyctl reports a failure as
 * it reports any.
 */
extern const char replies_log_sql[];
extern const char replies_log_status_sql[];

/*
 * The same in a transaction of its own, for a caller without one (the
 * web): a reply received on channel (phone, meeting, email, other) now,
 * logged by by. 0 with *reply_id set, or -1 (rolled back).
 */
int replies_log(PGconn *conn, long long account, long long customer,
		const char *channel, const char *text, const char *by,
		long long *reply_id);

/* A reply as the analyzer read and understood it. */
struct replies_reading {
	const char *reply_id;
	const char *text, *signature, *quoted_text; /* extracted */
	const char *subject;                        /* "": keep the stored */
	const char *language; /* "en", "fr", "de"... as read; NULL: unknown */
	int auto_reply, bounce;
	/* The analysis's signals, strongest first. */
	int do_not_contact, not_interested, meeting_booked, interested;
};

/*
 * Queue on p what the reading says of the reply: its text (a manual
 * reply keeps the operator's), and the customer's status following the
 * signals, strongest first and never back from a closed state:
 * do_not_contact (also the flag) over not_interested (not from customer
 * or do_not_contact) over meeting_booked (nor from not_interested) over
 * interested (only from new, contacted, replied); with its event.
 */
void replies_read_send(struct db_pipeline *p, const struct replies_reading *r);

/*
 * Queue on p the reply's analysis (analysis: analysis_to_json's JSON;
 * raw: what the backend answered, JSON) and, when it is new rather than
 * a job run again, the jobs of kinds jobs (a text[] literal such as
 * "{alert,webhook}"; NULL or "{}": none) in that order, the workers woken
 * at commit: they go out once.
 */
void replies_analysis_send(struct db_pipeline *p, const char *reply_id,
			   const char *analysis, const char *raw,
			   const char *jobs);

/* A bounce, as the analyzer read it in a reply. */
struct replies_bounce {
	const char *reply_id;
	const char *recipient, *status; /* from the report; may be NULL */
	int permanent;
};

/*
 * Queue on p what a bounce says: a bounce event on the timeline (once per
 * reply, whatever the job's attempts) and, when it is permanent, the
 * customer marked as bouncing.
 */
void replies_bounce_send(struct db_pipeline *p, const struct replies_bounce *b);

#endif
