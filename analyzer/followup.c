/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * followup: the rules and the plan of automatic follow-ups. Each
 * scheduled follow-up is a followups row and a followup_due job whose
 * run_at is the due time; the job (fusend) checks everything again when
 * it runs (the customer may have replied, asked to stop, or the account
 * may be paused meanwhile), so nothing has to be unscheduled from the
 * queue. This module decides what is scheduled and cancelled: the first
 * no_reply step when an email goes out (followup_plan), what a reply
 * cancels and asks for (followup_after_reply), and the next no_reply step
 * once one was sent (followup_schedule, called by fusend).
 *
 * Contract. A conversation has at most one follow-up scheduled (the
 * table's unique index; a second insert does nothing), every change is
 * on the timeline in the same statement, and a plan never schedules a
 * follow-up after the customer replied (followup_replied_since locks the
 * conversation against the milter's store of a reply).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "followup.h"
#include "jobs.h"
#include "msg.h"
#include "schedule.h"
#include "xmalloc.h"

/* The columns of a followup_ctx, and where they come from. */
#define FOLLOWUP_CTX_COLUMNS                                                   \
	"a.id, c.id, v.id, a.work_hours, a.work_days, a.time_zone,"            \
	" CASE WHEN a.paused THEN 'account paused'"                            \
	"  WHEN c.do_not_contact THEN 'customer is do-not-contact'"            \
	"  WHEN c.bouncing THEN 'address bouncing'"                            \
	"  WHEN c.status IN ('customer', 'not_interested', 'do_not_contact',"  \
	"   'meeting_booked') THEN 'status ' || c.status ELSE '' END"
#define FOLLOWUP_CTX_FROM                                                      \
	" conversations v JOIN accounts a ON a.id = v.account_id"              \
	" JOIN customers c ON c.id = v.customer_id"

static const char followup_ctx_sql[] =
    "SELECT " FOLLOWUP_CTX_COLUMNS " FROM" FOLLOWUP_CTX_FROM " WHERE v.id = $1";

/* The context from the columns of FOLLOWUP_CTX_COLUMNS, from col on. */
static void
followup_ctx_parse(PGresult *res, int col, struct followup_ctx *x)
{
	snprintf(x->account, sizeof(x->account), "%s", PQgetvalue(res, 0, col));
	snprintf(x->customer, sizeof(x->customer), "%s",
		 PQgetvalue(res, 0, col + 1));
	snprintf(x->conversation, sizeof(x->conversation), "%s",
		 PQgetvalue(res, 0, col + 2));
	snprintf(x->hours, sizeof(x->hours), "%s", PQgetvalue(res, 0, col + 3));
	snprintf(x->days, sizeof(x->days), "%s", PQgetvalue(res, 0, col + 4));
	snprintf(x->zone, sizeof(x->zone), "%s", PQgetvalue(res, 0, col + 5));
	snprintf(x->stop, sizeof(x->stop), "%s", PQgetvalue(res, 0, col + 6));
	schedule_hours_init(&x->sh, x->hours, x->days, x->zone);
}

/* 1 loaded, 0 no such conversation, -1 database. */
int
followup_ctx_load(PGconn *conn, const char *conversation,
		  struct followup_ctx *x)
{
	const char *params[] = {conversation};
	PGresult *res =
	    db_query_prepared(conn, "followup_ctx", 1, params, NULL, NULL);

	if (res == NULL)
		return -1;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return 0;
	}
	followup_ctx_parse(res, 0, x);
	PQclear(res);
	return 1;
}

/* 1 loaded (enabled or not), 0 no rule, -1 database. */
int
followup_rule_load(PGconn *conn, const char *account, const char *scenario,
		   struct followup_rule *r)
{
	const char *params[] = {account, scenario};
	PGresult *res;

	memset(r, 0, sizeof(*r));
	res = db_query(conn,
		       "SELECT enabled, steps, max_steps, message, custom_text,"
		       " array_to_string(on_send, E'\\n')"
		       " FROM followup_rules WHERE account_id = $1"
		       " AND scenario = $2",
		       2, params);
	if (res == NULL)
		return -1;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return 0;
	}
	r->enabled = *PQgetvalue(res, 0, 0) == 't';
	snprintf(r->steps, sizeof(r->steps), "%s", PQgetvalue(res, 0, 1));
	r->max_steps = atoi(PQgetvalue(res, 0, 2));
	snprintf(r->message, sizeof(r->message), "%s", PQgetvalue(res, 0, 3));
	r->custom_text = xstrdup(PQgetvalue(res, 0, 4));
	r->on_send = xstrdup(PQgetvalue(res, 0, 5));
	PQclear(res);
	return 1;
}

void
followup_rule_free(struct followup_rule *r)
{
	free(r->custom_text);
	free(r->on_send);
	memset(r, 0, sizeof(*r));
}

static const char followup_schedule_sql[] =
    "WITH f AS (INSERT INTO followups (account_id, customer_id,"
    "  conversation_id, scenario, step, due_at, reason)"
    " VALUES ($1, $2, $3, $4, $5, to_timestamp($6), $7)"
    " ON CONFLICT DO NOTHING RETURNING *),"
    " ev AS (INSERT INTO events (kind, account_id, customer_id,"
    "  conversation_id, detail)"
    " SELECT 'followup_scheduled', account_id, customer_id,"
    "  conversation_id, jsonb_build_object('followup_id', id,"
    "  'scenario', scenario, 'step', step, 'due_at', due_at,"
    "  'reason', reason) FROM f)"
    " " JOBS_ENQUEUE(JOBS_KIND(JOB_FOLLOWUP_DUE),
		     JOBS_PAYLOAD(JOBS_KEY_FOLLOWUP, "id"), "due_at", "FROM f");

/* The parameters of followup_schedule_sql, and the text they point to. */
struct followup_schedule_args {
	char step[16], due[32];
	const char *params[7];
};

static void
followup_schedule_args(struct followup_schedule_args *sa,
		       const struct followup_ctx *x, const char *scenario,
		       int step, time_t due, const char *reason)
{
	snprintf(sa->step, sizeof(sa->step), "%d", step);
	snprintf(sa->due, sizeof(sa->due), "%lld", (long long)due);
	sa->params[0] = x->account;
	sa->params[1] = x->customer;
	sa->params[2] = x->conversation;
	sa->params[3] = scenario;
	sa->params[4] = sa->step;
	sa->params[5] = sa->due;
	sa->params[6] = reason;
	if (msg_verbose)
		msg_info("conversation %s: %s step %d to be scheduled in %llds "
			 "(%s)",
			 x->conversation, scenario, step,
			 (long long)(due - time(NULL)), reason);
}

int
followup_schedule(PGconn *conn, const struct followup_ctx *x,
		  const char *scenario, int step, time_t due,
		  const char *reason)
{
	struct followup_schedule_args sa;
	PGresult *res;

	followup_schedule_args(&sa, x, scenario, step, due, reason);
	res = db_query_prepared(conn, "followup_schedule", 7, sa.params, NULL,
				NULL);
	PQclear(res);
	return res ? 0 : -1;
}

/* Cancel what is pending in a conversation, on the timeline. */
static const char followup_cancel_sql[] =
    "WITH f AS (UPDATE followups SET state = 'cancelled', reason = $2"
    " WHERE conversation_id = $1 AND state = 'scheduled' RETURNING *)"
    " INSERT INTO events (kind, account_id, customer_id, conversation_id,"
    " detail)"
    " SELECT 'followup_cancelled', account_id, customer_id,"
    "  conversation_id, jsonb_build_object('followup_id', id,"
    "  'scenario', scenario, 'step', step, 'due_at', due_at,"
    "  'reason', $2::text) FROM f";

static int
followup_cancel(PGconn *conn, const char *conversation, const char *reason)
{
	const char *params[] = {conversation, reason};
	PGresult *res =
	    db_query_prepared(conn, "followup_cancel", 2, params, NULL, NULL);

	PQclear(res);
	return res ? 0 : -1;
}

/*
 * What follow-ups after a reply depend on, read in one statement: the
 * conversation, its context and the two rules a reply may start. Rules
 * not set read as disabled, as followup_rule_load leaves them.
 */
static const char followup_reply_sql[] =
    "SELECT r.conversation_id, extract(epoch FROM r.received_at)::bigint,"
    " coalesce(ru.enabled, false), coalesce(ru.steps, ''),"
    " coalesce(rq.enabled, false), coalesce(rq.steps, ''),"
    " " FOLLOWUP_CTX_COLUMNS " FROM replies r JOIN" FOLLOWUP_CTX_FROM
    "  ON v.id = r.conversation_id"
    " LEFT JOIN followup_rules ru ON ru.account_id = a.id"
    "  AND ru.scenario = 'unavailable'"
    " LEFT JOIN followup_rules rq ON rq.account_id = a.id"
    "  AND rq.scenario = 'requested_delay'"
    " WHERE r.id = $1";

void
followup_init(void)
{
	db_statement("followup_ctx", followup_ctx_sql, 1);
	db_statement("followup_cancel", followup_cancel_sql, 2);
	db_statement("followup_schedule", followup_schedule_sql, 7);
	db_statement("followup_reply", followup_reply_sql, 1);
}

int
followup_tx_end(PGconn *conn, int rc)
{
	if (rc == 0 && db_exec(conn, "COMMIT", 0, NULL) == 0)
		return 0;
	db_exec(conn, "ROLLBACK", 0, NULL);
	return -1;
}

/*
 * In a plan's transaction: has the customer replied since the email went
 * out? 1 yes, 0 no, -1 on error. The conversation's row is locked first
 * (against updates, not against foreign-key checks): the milter's store
 * of a reply updates that row, so a reply stored
 * before is seen here (and nothing is planned), and one stored after
 * waits for this plan's commit, and its analysis then cancels what was
 * planned. Without the lock a reply analysed while the plan ran would
 * leave a follow-up planned after the customer had answered.
 */
int
followup_replied_since(PGconn *conn, const char *conversation, time_t sent_at)
{
	char since[32];
	const char *params[] = {conversation, since};
	PGresult *res;
	int rc;

	snprintf(since, sizeof(since), "%lld", (long long)sent_at);
	if ((res = db_query(conn,
			    "SELECT 1 FROM conversations WHERE id = $1"
			    " FOR NO KEY UPDATE",
			    1, params)) == NULL)
		return -1;
	PQclear(res);
	if ((res = db_query(conn,
			    "SELECT 1 FROM replies WHERE conversation_id = $1"
			    " AND received_at >= to_timestamp($2::bigint)"
			    " LIMIT 1",
			    2, params)) == NULL)
		return -1;
	rc = PQntuples(res) > 0;
	PQclear(res);
	return rc;
}

/* Step 1 of no_reply, unless this email's was planned already. */
static int
followup_plan_once(PGconn *conn, const struct followup_ctx *x,
		   const char *conversation, const char *reason, time_t due)
{
	const char *params[] = {conversation, reason};
	PGresult *res;
	int rc;

	/* Already planned (the job ran before): done. */
	res = db_query(conn,
		       "SELECT 1 FROM followups WHERE"
		       " conversation_id = $1 AND reason = $2",
		       2, params);
	if (res == NULL)
		return -1;
	rc = 0;
	if (PQntuples(res) == 0)
		rc =
		    followup_cancel(conn, conversation, "new email sent") < 0 ||
			    followup_schedule(conn, x, "no_reply", 1, due,
					      reason) < 0
			? -1
			: 0;
	PQclear(res);
	return rc;
}

int
followup_plan(PGconn *conn, long long sent_email_id, char *err, size_t errlen)
{
	char id[32], reason[64], conversation[32];
	const char *params[] = {id};
	struct followup_ctx x;
	struct followup_rule r;
	time_t sent_at, due;
	PGresult *res;
	int rc, replied;

	snprintf(id, sizeof(id), "%lld", sent_email_id);
	snprintf(reason, sizeof(reason), FOLLOWUP_REASON_EMAIL "%s", id);
	/* Only the conversation's latest email starts a cycle. */
	res = db_query(
	    conn,
	    "SELECT s.conversation_id, floor(extract(epoch FROM "
	    "s.sent_at))::bigint"
	    " FROM sent_emails s WHERE s.id = $1 AND s.status = 'sent'"
	    " AND NOT EXISTS (SELECT 1 FROM sent_emails n"
	    "  WHERE n.conversation_id = s.conversation_id AND n.id > s.id"
	    "  AND n.status <> 'failed')",
	    1, params);
	if (res == NULL) {
		snprintf(err, errlen, "cannot load sent email %s", id);
		return -1;
	}
	if (PQntuples(res) == 0) {
		PQclear(res);
		return 0;
	}
	snprintf(conversation, sizeof(conversation), "%s",
		 PQgetvalue(res, 0, 0));
	sent_at = (time_t)atoll(PQgetvalue(res, 0, 1));
	PQclear(res);
	if ((rc = followup_ctx_load(conn, conversation, &x)) <= 0 ||
	    (rc = followup_rule_load(conn, x.account, "no_reply", &r)) <= 0) {
		snprintf(err, errlen, "cannot plan a follow-up of email %s",
			 id);
		return rc;
	}
	rc = 0;
	due = schedule_step_due(r.steps, r.max_steps, 1, sent_at, &x.sh);
	if (r.enabled && *x.stop == 0 && due > 0) {
		rc = -1;
		if (db_exec(conn, "BEGIN", 0, NULL) == 0) {
			replied =
			    followup_replied_since(conn, conversation, sent_at);
			if (replied > 0)
				msg_info("conversation %s: no follow-up "
					 "planned, the customer replied after "
					 "the email",
					 conversation);
			rc = replied < 0 ? -1 : 0;
			if (replied == 0)
				rc = followup_plan_once(conn, &x, conversation,
							reason, due);
			rc = followup_tx_end(conn, rc);
		}
		if (rc < 0)
			snprintf(err, errlen,
				 "cannot schedule a follow-up of email %s", id);
	}
	followup_rule_free(&r);
	return rc;
}

void
followup_reply_load(struct db_pipeline *p, const char *reply_id)
{
	const char *params[] = {reply_id};

	db_pipeline_send(p, "followup_reply", 1, params);
}

int
followup_reply_read(struct db_pipeline *p, struct followup_reply *fr)
{
	PGresult *res;

	memset(fr, 0, sizeof(*fr));
	if ((res = db_pipeline_result(p)) == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		fr->found = 1;
		fr->received_at = (time_t)atoll(PQgetvalue(res, 0, 1));
		fr->unavailable_enabled = *PQgetvalue(res, 0, 2) == 't';
		snprintf(fr->unavailable_steps, sizeof(fr->unavailable_steps),
			 "%s", PQgetvalue(res, 0, 3));
		fr->requested_enabled = *PQgetvalue(res, 0, 4) == 't';
		snprintf(fr->requested_steps, sizeof(fr->requested_steps), "%s",
			 PQgetvalue(res, 0, 5));
		followup_ctx_parse(res, 6, &fr->x);
	}
	PQclear(res);
	return 0;
}

/*
 * The context was read before the transaction that records the reply,
 * and the customer's status may change in that transaction: to a status
 * that stops follow-ups only when the analysis itself says not
 * interested, do not contact or meeting booked, which stop them here
 * too. So the outcome is the one a read after the change would give.
 */
void
followup_after_reply(struct db_pipeline *p, const struct followup_reply *fr,
		     const struct analysis *a, int bounce)
{
	const char *cparams[] = {fr->x.conversation, "customer replied"};
	struct schedule_reply sr = {0};
	struct followup_schedule_args sa;
	const char *scenario;
	char reason[96], when[32];
	time_t due;

	if (bounce) /* not the customer speaking */
		return;
	if (!fr->found)
		return;
	db_pipeline_send(p, "followup_cancel", 2, cparams);
	if (*fr->x.stop || a->not_interested || a->do_not_contact ||
	    a->meeting_booked)
		return;
	sr.received_at = fr->received_at;
	sr.unavailable = a->unavailable;
	sr.unavailable_until = a->unavailable_until;
	sr.requested_followup_at = a->requested_followup_at;
	sr.unavailable_enabled = fr->unavailable_enabled;
	sr.unavailable_steps = fr->unavailable_steps;
	sr.requested_enabled = fr->requested_enabled;
	sr.requested_steps = fr->requested_steps;
	due = schedule_after_reply(&sr, &fr->x.sh, time(NULL), &scenario);
	if (due <= 0)
		return;
	if (strcmp(scenario, "requested_delay") == 0) {
		analysis_format_time(a->requested_followup_at, when,
				     sizeof(when));
		snprintf(reason, sizeof(reason), "customer asked for %s", when);
	} else if (a->unavailable_until > 0) {
		analysis_format_time(a->unavailable_until, when, sizeof(when));
		snprintf(reason, sizeof(reason),
			 "customer unavailable until %s", when);
	} else {
		snprintf(reason, sizeof(reason), "customer unavailable");
	}
	followup_schedule_args(&sa, &fr->x, scenario, 1, due, reason);
	db_pipeline_send(p, "followup_schedule", 7, sa.params);
}
