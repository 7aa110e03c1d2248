/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fusend: the job followup_due, which sends a follow-up through the
 * MTA. A follow-up is marked sending, its message kept in an outbox, in
 * the transaction that records its email, so two analyzers, or a job run
 * twice, never send one step twice. It is marked sent only once the MTA
 * took it, in the transaction that records that: an analyzer stopped in
 * between sends the same message (the same Message-ID) again rather
 * than losing it.
 *
 * Contract: fusend.h. The worker that sends a follow-up holds its
 * session lock (an advisory lock, let go by PostgreSQL when the process
 * or its connection dies) from the lock to the record of the send, so a
 * follow-up 'sending' that nobody holds was interrupted. Everything that
 * stops follow-ups is checked again under the lock.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conf.h"
#include "db.h"
#include "fuaction.h"
#include "followup.h"
#include "fumail.h"
#include "fusend.h"
#include "jobs.h"
#include "msg.h"
#include "schedule.h"
#include "sentmail.h"
#include "xmalloc.h"

/* Mark a follow-up skipped, with why, on the timeline. */
static int
fusend_skip(PGconn *conn, const char *id, const char *reason)
{
	const char *params[] = {id, reason};

	return db_exec(
	    conn,
	    "WITH f AS (UPDATE followups SET state = 'skipped', reason = $2,"
	    " outbox = NULL WHERE id = $1"
	    " AND state IN ('scheduled', 'sending') RETURNING *)"
	    " INSERT INTO events (kind, account_id, customer_id,"
	    " conversation_id, detail)"
	    " SELECT 'followup_cancelled', account_id, customer_id,"
	    "  conversation_id, jsonb_build_object('followup_id', id,"
	    "  'scenario', scenario, 'step', step, 'due_at', due_at,"
	    "  'reason', $2::text) FROM f",
	    2, params);
}

/* Keep followup_min_interval: 1 when deferred, 0 when free, -1 error. */
static int
fusend_interval(PGconn *conn, const char *id, const struct followup_ctx *x)
{
	const char *params[] = {x->customer};
	char duebuf[32];
	const char *p2[] = {id, duebuf};
	long long min = conf_cur()->followup_min_interval;
	PGresult *res;
	time_t last, due;

	res = db_query(conn,
		       "SELECT coalesce(extract(epoch FROM max(sent_at)), 0)"
		       "::bigint FROM sent_emails WHERE customer_id = $1"
		       " AND status <> 'failed'",
		       1, params);
	if (res == NULL)
		return -1;
	last = (time_t)atoll(PQgetvalue(res, 0, 0));
	PQclear(res);
	if (last == 0 || last + min <= time(NULL))
		return 0;
	due = schedule_open(&x->sh, last + (time_t)min);
	snprintf(duebuf, sizeof(duebuf), "%lld", (long long)due);
	if (db_exec(conn,
		    "WITH f AS (UPDATE followups SET due_at = to_timestamp($2)"
		    " WHERE id = $1 RETURNING id, due_at)"
		    " " JOBS_ENQUEUE(JOBS_KIND(JOB_FOLLOWUP_DUE),
				     JOBS_PAYLOAD(JOBS_KEY_FOLLOWUP, "id"),
				     "due_at", "FROM f"),
		    2, p2) < 0)
		return -1;
	if (msg_verbose)
		msg_info("follow-up %s: deferred by followup_min_interval", id);
	return 1;
}

#define FUSEND_SCHEDULED 1 /* to be sent now */
#define FUSEND_SENDING 2   /* interrupted while sending: m is filled */

/*
 * A follow-up's session lock, held by the worker that sends it from the
 * lock to the record of the send, and let go by PostgreSQL if its
 * process or connection dies: so 'sending' held by nobody means
 * interrupted. Keys of the 64-bit space from 2^62 up: dbinit's is small.
 */
#define FUSEND_LOCK_KEY "((1::bigint << 62) + $1::bigint)"

/* 1 the lock is ours, 0 another worker holds it, -1 on error. */
static int
fusend_claim(PGconn *conn, const char *id)
{
	const char *params[] = {id};
	PGresult *res =
	    db_query(conn, "SELECT pg_try_advisory_lock(" FUSEND_LOCK_KEY ")",
		     1, params);
	int rc;

	if (res == NULL)
		return -1;
	rc = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	return rc;
}

static void
fusend_unclaim(PGconn *conn, const char *id)
{
	const char *params[] = {id};

	PQclear(db_query(conn, "SELECT pg_advisory_unlock(" FUSEND_LOCK_KEY ")",
			 1, params));
}

/*
 * Load the follow-up, locked: FUSEND_SCHEDULED, FUSEND_SENDING (its
 * message back in m), 0 when there is nothing to do, -1 on error. With
 * a positive answer, this worker holds the follow-up's session lock.
 */
static int
fusend_lock(PGconn *conn, const char *id, char *scenario, size_t slen,
	    int *step, struct followup_ctx *x, struct fumail *m)
{
	const char *params[] = {id};
	char conversation[32];
	PGresult *res;
	int rc = FUSEND_SCHEDULED;

	res = db_query(conn,
		       "SELECT f.state, f.scenario, f.step, f.conversation_id,"
		       " f.sent_email_id, f.outbox::text,"
		       " floor(extract(epoch FROM s.sent_at))::bigint"
		       " FROM followups f LEFT JOIN sent_emails s"
		       " ON s.id = f.sent_email_id WHERE f.id = $1"
		       " FOR UPDATE OF f",
		       1, params);
	if (res == NULL)
		return -1;
	if (PQntuples(res) == 1 &&
	    strcmp(PQgetvalue(res, 0, 0), "sending") == 0) {
		rc = FUSEND_SENDING;
		m->sent_email_id = atoll(PQgetvalue(res, 0, 4));
		m->recorded_at = (time_t)atoll(PQgetvalue(res, 0, 6));
		if (fumail_outbox_load(PQgetvalue(res, 0, 5), m) < 0) {
			msg_warn("follow-up %s: its outbox is unreadable", id);
			PQclear(res);
			return -1;
		}
	} else if (PQntuples(res) == 0 ||
		   strcmp(PQgetvalue(res, 0, 0), "scheduled") != 0) {
		PQclear(res);
		return 0; /* sent, cancelled or gone: nothing to do */
	}
	snprintf(scenario, slen, "%s", PQgetvalue(res, 0, 1));
	*step = atoi(PQgetvalue(res, 0, 2));
	snprintf(conversation, sizeof(conversation), "%s",
		 PQgetvalue(res, 0, 3));
	PQclear(res);
	if (followup_ctx_load(conn, conversation, x) < 0)
		return -1;
	/* Held: being sent right now by another worker, whose lease ran
	   out; or, scheduled, just given back by it (its job retries). */
	switch (fusend_claim(conn, id)) {
	case 1:
		return rc;
	case 0:
		return rc == FUSEND_SENDING ? 0 : -1;
	default:
		return -1;
	}
}

/*
 * Follow-ups the MTA took whose send could not be recorded (the database
 * went away): retried by their job, they are recorded without being sent
 * again. Only for this process's life; after a restart such a follow-up
 * is sent again, with the same Message-ID, rather than not at all.
 */
#define FUSEND_UNRECORDED 64
static long long fusend_unrecorded[FUSEND_UNRECORDED];
static pthread_mutex_t fusend_unrecorded_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * Whether id is in the table; with add, put there if there is room (and
 * then whether it is there now); with del, taken out.
 */
static int
fusend_unrecorded_find(long long id, int add, int del)
{
	int i, found = 0, free_slot = -1;

	pthread_mutex_lock(&fusend_unrecorded_lock);
	for (i = 0; i < FUSEND_UNRECORDED; i++) {
		if (fusend_unrecorded[i] == id) {
			found = 1;
			if (del)
				fusend_unrecorded[i] = 0;
			break;
		}
		if (fusend_unrecorded[i] == 0 && free_slot < 0)
			free_slot = i;
	}
	if (add && !found && free_slot >= 0) {
		fusend_unrecorded[free_slot] = id;
		found = 1;
	}
	pthread_mutex_unlock(&fusend_unrecorded_lock);
	return found;
}

/*
 * After the MTA took it, in one transaction: the email confirmed, the
 * timeline, the actions, the next step, and the follow-up sent.
 */
static int
fusend_record_sent(PGconn *conn, const char *id, const struct followup_ctx *x,
		   const struct followup_rule *r, const char *scenario,
		   int step, const struct fumail *m)
{
	char sid[32], reason[64];
	const char *params[] = {id, sid, m->text, m->written_by,
				m->llm_fallback};
	struct followup_rule nr;
	int rc = 0, next;
	time_t due;

	snprintf(sid, sizeof(sid), "%lld", m->sent_email_id);
	if (db_exec(conn, "BEGIN", 0, NULL) < 0)
		return -1;
	if (sentmail_confirm(conn, m->sent_email_id) < 0 ||
	    db_exec(conn,
		    "UPDATE followups SET state = 'sent', outbox = NULL"
		    " WHERE id = $1 AND state = 'sending'",
		    1, params) < 0)
		return followup_tx_end(conn, -1);
	if (db_exec(
		conn,
		"INSERT INTO events (kind, account_id, customer_id,"
		" conversation_id, sent_email_id, detail)"
		" SELECT 'followup_sent', account_id, customer_id,"
		" conversation_id, $2, jsonb_build_object('followup_id', id,"
		" 'scenario', scenario, 'step', step, 'text', $3::text,"
		" 'written_by', $4::text) || CASE WHEN $5::text IS NULL"
		" THEN '{}'::jsonb ELSE jsonb_build_object('llm_fallback',"
		" $5::text) END"
		" FROM followups WHERE id = $1",
		5, params) < 0)
		return followup_tx_end(conn, -1);
	if (fuaction_run(conn, id, x, r->on_send, m->notify_to, m->to,
			 m->subject, m->text) < 0)
		return followup_tx_end(conn, -1);
	/* No reply to this follow-up: the no_reply cycle goes on. */
	next = strcmp(scenario, "no_reply") == 0 ? step + 1 : 1;
	if (followup_rule_load(conn, x->account, "no_reply", &nr) < 0)
		return followup_tx_end(conn, -1);
	due =
	    schedule_step_due(nr.steps, nr.max_steps, next, time(NULL), &x->sh);
	snprintf(reason, sizeof(reason), FOLLOWUP_REASON_FOLLOWUP "%s", id);
	/* A reply already in (the send may have been retried for long):
	   what follows comes from its analysis. */
	if (nr.enabled && due > 0 &&
	    (rc = followup_replied_since(conn, x->conversation,
					 m->recorded_at)) == 0)
		rc = followup_schedule(conn, x, "no_reply", next, due, reason);
	followup_rule_free(&nr);
	return followup_tx_end(conn, rc < 0 ? -1 : 0);
}

/*
 * The MTA refused it: the email failed, and the follow-up is scheduled
 * again (its job retries), or cancelled when another one was scheduled
 * in the conversation meanwhile. One transaction, so that the follow-up
 * is never left 'sending' with an email that failed.
 */
static const char fusend_failed_sql[] =
    "WITH o AS (SELECT EXISTS (SELECT 1 FROM followups o, followups f"
    "  WHERE f.id = $1 AND o.conversation_id = f.conversation_id"
    "  AND o.state = 'scheduled') AS replaced),"
    " f AS (UPDATE followups f SET"
    " state = CASE WHEN o.replaced THEN 'cancelled' ELSE 'scheduled' END,"
    " reason = CASE WHEN o.replaced THEN 'replaced by a later follow-up'"
    "  ELSE f.reason END,"
    " sent_email_id = NULL, outbox = NULL FROM o"
    " WHERE f.id = $1 AND f.state = 'sending' RETURNING f.*)"
    " INSERT INTO events (kind, account_id, customer_id, conversation_id,"
    " detail) SELECT 'followup_cancelled', account_id, customer_id,"
    " conversation_id, jsonb_build_object('followup_id', id, 'scenario',"
    " scenario, 'step', step, 'due_at', due_at, 'reason', reason)"
    " FROM f WHERE state = 'cancelled'";

static void
fusend_failed(PGconn *conn, const char *id, const struct fumail *m,
	      const char *why)
{
	const char *params[] = {id};
	int rc = -1;

	if (db_exec(conn, "BEGIN", 0, NULL) == 0) {
		rc = sentmail_fail(conn, m->sent_email_id, why) < 0 ||
			     db_exec(conn, fusend_failed_sql, 1, params) < 0
			 ? -1
			 : 0;
		rc = followup_tx_end(conn, rc);
	}
	if (rc < 0)
		msg_warn("follow-up %s: could not record the failure", id);
}

/*
 * An interrupted send, in the lock's transaction, which it ends: 1 to
 * send the message again (or, *sent, only to record it), 0 when it is
 * dropped because follow-ups stopped or the customer replied meanwhile,
 * -1 on error.
 */
static int
fusend_resume(PGconn *conn, const char *id, const struct followup_ctx *x,
	      const struct fumail *m, int *sent)
{
	char why[96];
	int rc;

	if ((*sent = fusend_unrecorded_find(atoll(id), 0, 0)))
		return followup_tx_end(conn, 0) < 0 ? -1 : 1;
	snprintf(why, sizeof(why), "%s", x->stop);
	if (*why == 0) {
		if ((rc = followup_replied_since(conn, x->conversation,
						 m->recorded_at)) < 0)
			return followup_tx_end(conn, -1);
		if (rc)
			snprintf(why, sizeof(why), "customer replied");
	}
	if (*why == 0) {
		msg_warn("follow-up %s was interrupted before its send was "
			 "recorded; sending it again with the same Message-ID",
			 id);
		return followup_tx_end(conn, 0) < 0 ? -1 : 1;
	}
	msg_info("follow-up %s was interrupted before its send was recorded; "
		 "not sent again: %s",
		 id, why);
	rc = sentmail_fail(conn, m->sent_email_id,
			   "interrupted, and not sent again") < 0 ||
		     fusend_skip(conn, id, why) < 0
		 ? -1
		 : 0;
	return followup_tx_end(conn, rc) < 0 ? -1 : 0;
}

/*
 * Under the follow-up's lock: the checks of the moment, then the message
 * composed, its email recorded as pending, and the follow-up marked
 * sending with the message in its outbox. Ends the transaction. 1 when
 * there is a message to send, 0 when not now, -1 on error.
 */
static int
fusend_prepare(PGconn *conn, const char *id, const char *written,
	       const struct followup_ctx *x, const struct followup_rule *r,
	       const char *scenario, struct fumail *m)
{
	char sid[32], *outbox;
	const char *params[] = {id, sid, NULL};
	int rc;

	if (*x->stop || !r->enabled) {
		rc =
		    fusend_skip(conn, id, *x->stop ? x->stop : "rule disabled");
		return followup_tx_end(conn, rc);
	}
	if ((rc = fusend_interval(conn, id, x)) != 0)
		return followup_tx_end(conn, rc < 0 ? -1 : 0);
	/* Early rather than late: a reply in between counts. */
	m->recorded_at = time(NULL) - 1;
	if (fumail_compose(conn, x, r, scenario, written, m) < 0)
		return followup_tx_end(conn, -1);
	snprintf(sid, sizeof(sid), "%lld", m->sent_email_id);
	params[2] = outbox = fumail_outbox_json(m);
	rc = db_exec(conn,
		     "UPDATE followups SET state = 'sending',"
		     " sent_email_id = $2, outbox = $3::jsonb WHERE id = $1",
		     3, params);
	free(outbox);
	return followup_tx_end(conn, rc) < 0 ? -1 : 1;
}

/*
 * Follow-up id is due: send it with the text written (or the rule's),
 * filling m; or, interrupted while sending, send the same message again.
 * The caller frees m.
 */
static int
fusend_run(PGconn *conn, const char *id, const char *written, struct fumail *m,
	   char *err, size_t errlen)
{
	char scenario[32], *why = NULL;
	struct followup_rule r = {0};
	struct followup_ctx x;
	int step = 0, rc, sent = 0;

	if (db_exec(conn, "BEGIN", 0, NULL) < 0)
		return -1;
	rc = fusend_lock(conn, id, scenario, sizeof(scenario), &step, &x, m);
	if (rc != FUSEND_SENDING) /* recorded by now, or gone */
		fusend_unrecorded_find(atoll(id), 0, 1);
	if (rc <= 0)
		return followup_tx_end(conn, rc);
	if (followup_rule_load(conn, x.account, scenario, &r) < 0) {
		rc = followup_tx_end(conn, -1);
		goto out;
	}
	if (r.on_send == NULL) /* the rule is gone: no actions */
		r.on_send = xstrdup("");
	if (rc == FUSEND_SENDING)
		rc = fusend_resume(conn, id, &x, m, &sent);
	else
		rc = fusend_prepare(conn, id, written, &x, &r, scenario, m);
	if (rc <= 0)
		goto out;
	if (!sent && fumail_submit(m, &why) < 0) {
		snprintf(err, errlen, "follow-up %s: %s", id, why);
		fusend_failed(conn, id, m, why);
		free(why);
		rc = -1;
		goto out;
	}
	if (fusend_record_sent(conn, id, &x, &r, scenario, step, m) < 0) {
		if (!fusend_unrecorded_find(atoll(id), 1, 0))
			msg_warn("follow-up %s: too many sends not recorded; "
				 "this one is sent again when its job runs",
				 id);
		snprintf(err, errlen,
			 "follow-up %s went out but could not be recorded; "
			 "it is recorded when this job is tried again",
			 id);
		rc = -1;
		goto out;
	}
	fusend_unrecorded_find(atoll(id), 0, 1);
	msg_info("follow-up %s (%s step %d, %s text) sent to %s", id, scenario,
		 step, m->written_by, m->to);
	rc = 0;
out:
	fusend_unclaim(conn, id);
	followup_rule_free(&r);
	return rc;
}

int
fusend_due(PGconn *conn, long long followup_id, char *err, size_t errlen)
{
	struct fumail m = {0};
	char id[32], *written;
	int rc;

	snprintf(id, sizeof(id), "%lld", followup_id);
	snprintf(err, errlen, "follow-up %s: database error", id);
	written = fumail_llm(conn, id, &m.llm_fallback);
	rc = fusend_run(conn, id, written, &m, err, errlen);
	free(written);
	fumail_free(&m);
	return rc;
}
