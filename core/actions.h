/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_ACTIONS_H
#define POSTREPLY_ACTIONS_H

#include <libpq-fe.h>

/*
 * What people do to a conversation: set a customer's status, add a
 * note, mark it read, tag the customer, assign the conversation. Each
 * takes ids the caller looked up (core/customer), writes in one
 * statement, and returns -1 when the database failed (after a warning;
 * the error stays on conn for the caller to explain).
 */

/* The funnel statuses, in order, as the schema's CHECK has them. */
extern const char *const actions_statuses[];

/* Is status one of actions_statuses? */
int actions_status_valid(const char *status);

/* What actions_status did. */
struct actions_status_result {
	char from[32];  /* the status before */
	int changed;    /* 0: it already was the status asked for */
	int dnc_before; /* the do-not-contact flag before */
	int dnc_after;  /* and after */
};

/*
 * Set the customer's status by hand (by: who did it, for the event):
 * a status_change event on the timeline when it changed. Setting
 * do_not_contact raises the customer's do-not-contact flag; leaving it
 * lowers the flag, the operator's one way out; a flag raised some other
 * way while the status was another is left alone. 1 done (see out), 0
 * no such customer, -1 failure.
 */
int actions_status(PGconn *conn, long long account_id, long long customer_id,
		   const char *status, const char *by,
		   struct actions_status_result *out);

/*
 * An internal note on the conversation with the customer, never sent to
 * them: a note event with the text and its author. 0 or -1.
 */
int actions_note(PGconn *conn, long long account_id, long long customer_id,
		 const char *text, const char *by);

/*
 * Mark the conversation read (its unread count to 0): 1 with
 * *unread_before set, 0 when there is no conversation yet, -1 failure.
 */
int actions_read(PGconn *conn, long long account_id, long long customer_id,
		 long long *unread_before);

/*
 * Tag the customer (a tag is kept once, however often it is added):
 * customer_id as text, as follow-up rules carry it. 0 or -1.
 */
int actions_tag(PGconn *conn, const char *customer_id, const char *tag);

/* Assign the conversation (its id as text) to assignee. 0 or -1. */
int actions_assign(PGconn *conn, const char *conversation_id,
		   const char *assignee);

#endif
