#ifndef POSTREPLY_FOLLOWUP_H
#define POSTREPLY_FOLLOWUP_H

#include <libpq-fe.h>
#include <time.h>

#include "analysis.h"
#include "db.h"
#include "followups.h"
#include "schedule.h"

/*
 * followup: automatic follow-ups. One followups row and one followup_due
 * job per scheduled follow-up; at most one scheduled per conversation.
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

/*
 * The job followup_due {"followup_id": N}: with the LLM backend and an
 * "ai" rule, have the LLM write the text first (the template when it
 * fails); check every stop condition again, keep followup_min_interval,
 * send through the MTA, run the
 * rule's on-send actions and schedule the next step. Idempotent: a
 * follow-up is marked sent in the transaction that records the email.
 * 0, or -1 with why in err.
 */
int followup_due(PGconn *conn, long long followup_id, char *err, size_t errlen);

/*
 * The text of a follow-up: custom (placeholders {customer_name},
 * {account_name}, {subject}) or the builtin template of the language
 * ("en", "fr", "de"; others are English). Caller frees.
 */
char *followup_text(const char *custom, const char *language,
		    const char *scenario, const char *customer_name,
		    const char *account_name, const char *subject);

/* Register the prepared statements; call before connecting. */
void followup_init(void);

#endif
