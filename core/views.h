/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_VIEWS_H
#define POSTREPLY_VIEWS_H

#include <libpq-fe.h>

/*
 * What people read of the conversations: the inbox, a customer's
 * timeline, the job queue. Each is a PGresult the caller PQclear()s, or
 * NULL when the database failed (after a warning; the error stays on
 * conn). The _json forms are one row, one column: a JSON array (pretty
 * printed), as the operator's --json and a web API serve it. The row
 * forms carry the columns below, times already in the session's zone.
 */

/*
 * The inbox: conversations of account (NULL: of every account), only
 * those with unread replies when unread_only; what needs looking at
 * first comes first: the last reply's analysis (needs_attention, then
 * high_value, then the rest), then the newest last reply (the last
 * activity when there is none), then the newest conversation. The preview is
 * one line of at most 60 characters, from the reply's text or else its subject,
 * control characters shown as '?'.
 */
enum views_inbox_col {
	VIEWS_INBOX_ACCOUNT,
	VIEWS_INBOX_CUSTOMER,
	VIEWS_INBOX_STATUS,
	VIEWS_INBOX_UNREAD,
	VIEWS_INBOX_WHEN,    /* last reply, "YYYY-MM-DD HH24:MI" or "-" */
	VIEWS_INBOX_TYPE,    /* response_type or "-" */
	VIEWS_INBOX_SCORE,   /* opportunity_score or "-" */
	VIEWS_INBOX_PREVIEW, /* "" when none */
};
PGresult *views_inbox(PGconn *conn, const char *account, int unread_only);
/*
 * The inbox's totals, kept per account as rows of differences
 * (sql/022), summed into one row per account: every minute or so by
 * postreply-web, so that a page sums a few rows. A failure is warned
 * about and changes nothing.
 */
void views_inbox_fold(PGconn *conn);
PGresult *views_inbox_json(PGconn *conn, const char *account, int unread_only);

/*
 * Is there a customer with this address (of account, or NULL: of any)?
 * 1, 0, or -1 on failure.
 */
int views_customer_known(PGconn *conn, const char *customer,
			 const char *account);

/*
 * The timeline of the customer (with account, or NULL: every account's),
 * oldest first, from the timeline view. The JSON objects carry kind, at
 * (ISO 8601 with zone), account, customer and the event's details. A
 * row carries the time, kind, account, a one-line summary, then the text
 * below it (a reply's, note's or follow-up's; NULL if none) and a
 * reply's analysis in words (NULL if none). Text is as people wrote it:
 * the caller filters what it must before a terminal shows it.
 */
enum views_timeline_col {
	VIEWS_TL_AT,
	VIEWS_TL_KIND,
	VIEWS_TL_ACCOUNT,
	VIEWS_TL_SUMMARY,
	VIEWS_TL_TEXT,
	VIEWS_TL_ANALYSIS,
};
PGresult *views_timeline(PGconn *conn, const char *customer,
			 const char *account);
PGresult *views_timeline_json(PGconn *conn, const char *customer,
			      const char *account);

/*
 * Jobs not done: queued (or running: queued under a live lease) ones, or
 * with failed_only only the failed ones, by id.
 */
enum views_jobs_col {
	VIEWS_JOBS_ID,
	VIEWS_JOBS_KIND,
	VIEWS_JOBS_STATE,
	VIEWS_JOBS_ATTEMPTS,
	VIEWS_JOBS_RUN_AT, /* "YYYY-MM-DD HH24:MI:SS" */
	VIEWS_JOBS_PAYLOAD,
	VIEWS_JOBS_ERROR, /* "" when none */
};
PGresult *views_jobs(PGconn *conn, int failed_only);
PGresult *views_jobs_json(PGconn *conn, int failed_only);

/*
 * The web's inbox: a page (limit rows after the cursor) of the
 * conversations of the accounts user may see (the grant is checked in
 * the query), in the inbox's order, filtered by account, unread,
 * customer status, the last reply's response type and a search of the
 * customer's address and name (NULL or 0: no filter). One row, one
 * column: a JSON object with "total" (conversations that match),
 * "unread" (their unread replies), "rows" (the inbox's JSON rows, each
 * with its conversation "id") and "next": the cursor of the page after,
 * "URGENCY.MICROSECONDS.ID", or null on the last page. after holds the
 * three numbers of such a cursor (checked by the caller: digits only),
 * or three NULLs for the first page. Pages are read from an index, not
 * counted off: the hundredth page costs what the first does.
 */
struct views_page {
	long long user;
	const char *account, *status, *type, *search;
	int unread_only;
	int limit;
	const char *after[3];
};
PGresult *views_inbox_page_json(PGconn *conn, const struct views_page *p);

/*
 * Conversation id with its customer and timeline, as one JSON object
 * (one row, one column); no row when there is no such conversation or
 * user may not see its account: the caller cannot tell which.
 */
PGresult *views_conversation_json(PGconn *conn, long long user, long long id);

/*
 * The account and customer of conversation id, if user may see its
 * account (checked here, by the database): 1, 0 when not (or no such
 * conversation), -1. What a web action on a conversation starts with.
 */
int views_conversation_parties(PGconn *conn, long long user, long long id,
			       long long *account, long long *customer);

#endif
