/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_FOLLOWUP_H
#define POSTREPLY_FOLLOWUP_H

#include <libpq-fe.h>
#include <time.h>

#include "analysis.h"
#include "db.h"
#include "followups.h"
#include "schedule.h"

/*
 * followup: automatic follow-ups, their rules and their plan. One
 * followups row and one followup_due job per scheduled follow-up; at
 * most one scheduled per conversation. The job followup_due is fusend's
 * (fusend.h), the message fumail's (fumail.h), the on-send actions
 * fuaction's (fuaction.h).
 */

/*
 * The job followup_plan {"sent_email_id": N}, queued when an email of an
 * account with an enabled no_reply rule went out: cancels what was
 * pending in the conversation and schedules the first no_reply step.
 * 0, or -1 with why in err.
 */
int followup_plan(PGconn *conn, long long sent_email_id, char *err,
		  size_t errlen);

/* A conversation's account, customer and whether follow-ups stop. */
struct followup_ctx {
	char account[32], customer[32], conversation[32];
	char hours[16], days[64], zone[64];
	char stop[64];            /* "" when follow-ups may go on */
	struct schedule_hours sh; /* points into the above: never copied */
};

/* What follow-ups after a reply depend on; filled by followup_reply_read. */
struct followup_reply {
	int found; /* the reply is there */
	time_t received_at;
	struct followup_ctx x;
	int unavailable_enabled, requested_enabled;
	char unavailable_steps[256], requested_steps[256];
};

/*
 * Before a reply's transaction: queue on p the read of what follows it,
 * then take its result with followup_reply_read (in the order of p's
 * statements). 0, or -1 when the database failed.
 */
void followup_reply_load(struct db_pipeline *p, const char *reply_id);
int followup_reply_read(struct db_pipeline *p, struct followup_reply *fr);

/*
 * After a reply was analysed, in the caller's transaction (the pipeline
 * p): cancel what is pending in its conversation ("customer replied")
 * and schedule what the analysis asks for, unless follow-ups stop.
 */
void followup_after_reply(struct db_pipeline *p,
			  const struct followup_reply *fr,
			  const struct analysis *a, int bounce);

/* A rule of an account for a scenario (followup_rules). */
struct followup_rule {
	int enabled;
	char steps[256];
	int max_steps;
	char message[16]; /* "template", "custom" or "ai" */
	char *custom_text;
	char *on_send; /* actions, one per line */
};

/*
 * The context of a conversation: 1 loaded, 0 no such conversation, -1
 * database.
 */
int followup_ctx_load(PGconn *conn, const char *conversation,
		      struct followup_ctx *x);

/*
 * An account's rule for scenario: 1 loaded (enabled or not), 0 no rule
 * (r is then all zero), -1 database. followup_rule_free frees it.
 */
int followup_rule_load(PGconn *conn, const char *account, const char *scenario,
		       struct followup_rule *r);
void followup_rule_free(struct followup_rule *r);

/*
 * Schedule step of scenario in x's conversation, due at due, with its
 * reason, on the timeline and in the queue; nothing when one is
 * scheduled already. 0 or -1.
 */
int followup_schedule(PGconn *conn, const struct followup_ctx *x,
		      const char *scenario, int step, time_t due,
		      const char *reason);

/*
 * In a transaction: has the customer replied in the conversation since
 * sent_at? 1 yes, 0 no, -1 on error. Locks the conversation's row (see
 * followup.c) so that a reply stored meanwhile is not missed.
 */
int followup_replied_since(PGconn *conn, const char *conversation,
			   time_t sent_at);

/* End a transaction: COMMIT when rc is 0, else ROLLBACK. 0 or -1. */
int followup_tx_end(PGconn *conn, int rc);

/* Register the prepared statements; call before connecting. */
void followup_init(void);

#endif
