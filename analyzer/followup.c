/*
 * followup: automatic follow-ups, sent through the MTA. Each scheduled
 * follow-up is a followups row and a followup_due job whose run_at is the
 * due time; the job checks everything again when it runs (the customer may
 * have replied, asked to stop, or the account may be paused meanwhile),
 * so nothing has to be unscheduled from the queue. A follow-up is marked
 * sending, its message kept in an outbox, in the transaction that records
 * its email, so two analyzers, or a job run twice, never send one step
 * twice. It is marked sent only once the MTA took it, in the transaction
 * that records that: an analyzer stopped in between sends the same
 * message (the same Message-ID) again rather than losing it.
 */
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <json-c/json.h>

#include "buf.h"
#include "conf.h"
#include "db.h"
#include "extract_int.h"
#include "followup.h"
#include "jobs.h"
#include "llm.h"
#include "mailout.h"
#include "msg.h"
#include "schedule.h"
#include "sentmail.h"
#include "subject.h"
#include "xmalloc.h"

struct followup_rule {
	int enabled;
	char steps[256];
	int max_steps;
	char message[16];
	char *custom_text;
	char *on_send; /* actions, one per line */
};

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
static int
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
static int
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

static void
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

static int
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

static int
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
static int
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

/* Builtin templates: greeting (with and without a name), body, closing. */
struct followup_template {
	const char *lang;
	const char *hello_name; /* %s: the name */
	const char *hello;
	const char *no_reply;  /* %s: the subject */
	const char *as_agreed; /* %s: the subject */
	const char *closing;
};

static const struct followup_template followup_templates[] = {
    {"en", "Hello %s,", "Hello,",
     "I wanted to follow up on my previous email about \"%s\". Would you "
     "have a moment to get back to me?",
     "As agreed, I am getting back to you about \"%s\". Is now a good time "
     "to continue the conversation?",
     "Best regards,"},
    {"fr", "Bonjour %s,", "Bonjour,",
     "Je me permets de revenir vers vous au sujet de mon précédent message "
     "« %s ». Auriez-vous un moment pour me répondre ?",
     "Comme convenu, je reviens vers vous au sujet de « %s ». Est-ce un bon "
     "moment pour en reparler ?",
     "Bien cordialement,"},
    {"de", "Hallo %s,", "Guten Tag,",
     "ich wollte kurz an meine letzte E-Mail zu \"%s\" erinnern. Hätten Sie "
     "einen Moment Zeit, mir zu antworten?",
     "wie besprochen melde ich mich wieder wegen \"%s\". Passt es Ihnen "
     "jetzt, das Gespräch fortzusetzen?",
     "Mit freundlichen Grüßen"},
};

static void
followup_substitute(struct buf *b, const char *text, const char *customer,
		    const char *account, const char *subject)
{
	static const char *names[] = {"{customer_name}", "{account_name}",
				      "{subject}"};
	const char *values[] = {customer, account, subject};
	const char *p = text;
	size_t i, n;

	while (*p) {
		for (i = 0; i < 3; i++) {
			n = strlen(names[i]);
			if (strncmp(p, names[i], n) == 0) {
				buf_puts(b, values[i]);
				p += n;
				break;
			}
		}
		if (i == 3)
			buf_append(b, p++, 1);
	}
}

char *
followup_text(const char *custom, const char *language, const char *scenario,
	      const char *customer_name, const char *account_name,
	      const char *subject)
{
	const struct followup_template *t = &followup_templates[0];
	struct buf b;
	size_t i;

	buf_init(&b);
	buf_append(&b, "", 0);
	if (custom && *custom) {
		followup_substitute(&b, custom, customer_name, account_name,
				    subject);
		return b.data;
	}
	for (i = 0;
	     i < sizeof(followup_templates) / sizeof(followup_templates[0]);
	     i++)
		if (language &&
		    strcmp(language, followup_templates[i].lang) == 0)
			t = &followup_templates[i];
	if (*customer_name)
		buf_printf(&b, t->hello_name, customer_name);
	else
		buf_puts(&b, t->hello);
	buf_puts(&b, "\n\n");
	buf_printf(
	    &b, strcmp(scenario, "no_reply") == 0 ? t->no_reply : t->as_agreed,
	    subject);
	buf_printf(&b, "\n\n%s\n%s\n", t->closing, account_name);
	return b.data;
}

/* What a follow-up needs to be written and threaded. */
static const char followup_mail_sql[] =
    "SELECT a.email, a.name, c.email, c.name,"
    " coalesce((SELECT subject FROM sent_emails WHERE conversation_id = v.id"
    "  AND status = 'sent' AND source <> 'followup'"
    "  ORDER BY sent_at DESC, id DESC LIMIT 1), ''),"
    " (SELECT mid FROM (SELECT message_id AS mid, sent_at AS at"
    "   FROM sent_emails WHERE conversation_id = v.id AND status = 'sent'"
    "   AND message_id IS NOT NULL UNION ALL"
    "   SELECT message_id, received_at FROM replies"
    "   WHERE conversation_id = v.id AND message_id IS NOT NULL"
    "   AND NOT bounce AND NOT auto_reply) m ORDER BY at DESC LIMIT 1),"
    " (SELECT message_id FROM sent_emails WHERE conversation_id = v.id"
    "  AND status = 'sent' AND message_id IS NOT NULL"
    "  ORDER BY sent_at, id LIMIT 1),"
    " coalesce((SELECT reply_text FROM replies WHERE conversation_id = v.id"
    "  AND reply_text IS NOT NULL AND NOT bounce"
    "  ORDER BY received_at DESC LIMIT 1), ''),"
    " CASE WHEN a.reply_to <> '' THEN a.reply_to ELSE a.email END,"
    " coalesce((SELECT preview FROM sent_emails WHERE conversation_id = v.id"
    "  AND status = 'sent' ORDER BY sent_at DESC, id DESC LIMIT 1), '')"
    " FROM conversations v JOIN accounts a ON a.id = v.account_id"
    " JOIN customers c ON c.id = v.customer_id WHERE v.id = $1";

/* A Message-ID in angle brackets (caller frees); NULL for none. */
static char *
followup_msgid(const char *s)
{
	size_t n;

	if (s == NULL)
		return NULL;
	s += strspn(s, " \t");
	n = strcspn(s, " \t\r\n");
	if (n == 0)
		return NULL;
	if (*s == '<')
		return xasprintf("%.*s", (int)n, s);
	return xasprintf("<%.*s>", (int)n, s);
}

/*
 * The on-send job of kind for follow-up id. The notice carries its mail
 * (to whom, about which customer, the subject and the text as sent):
 * the follow-up's outbox is gone once it is sent.
 */
static int
followup_job(PGconn *conn, enum job_kind kind, const char *id,
	     const char *notify_to, const char *customer, const char *subject,
	     const char *text)
{
	json_object *o = json_object_new_object();
	int rc;

	json_object_object_add(o, jobs_kinds[kind].key,
			       json_object_new_int64(atoll(id)));
	if (kind == JOB_KIND_FOLLOWUP_NOTICE) {
		json_object_object_add(o, "to",
				       json_object_new_string(notify_to));
		json_object_object_add(o, "customer",
				       json_object_new_string(customer));
		json_object_object_add(o, "subject",
				       json_object_new_string(subject));
		json_object_object_add(o, "text", json_object_new_string(text));
	}
	rc = jobs_add(conn, kind, json_object_to_json_string(o));
	json_object_put(o);
	return rc;
}

/*
 * The rule's on-send actions, one per line, in the transaction that
 * records the follow-up sent: the notice and the webhook are jobs
 * queued with it, so they go out only once it committed.
 */
static int
followup_actions(PGconn *conn, const char *id, const struct followup_ctx *x,
		 const char *actions, const char *notify_to,
		 const char *customer, const char *subject, const char *text)
{
	char *copy = xstrdup(actions), *a, *save = NULL;
	int rc = 0;

	for (a = strtok_r(copy, "\n", &save); a && rc == 0;
	     a = strtok_r(NULL, "\n", &save)) {
		if (strncmp(a, "tag:", 4) == 0) {
			const char *p[] = {x->customer, a + 4};

			rc = db_exec(
			    conn,
			    "UPDATE customers SET tags = array_append(tags,"
			    " $2::text) WHERE id = $1"
			    " AND NOT ($2::text = ANY (tags))",
			    2, p);
		} else if (strncmp(a, "assign:", 7) == 0) {
			const char *p[] = {x->conversation, a + 7};

			rc = db_exec(conn,
				     "UPDATE conversations SET assignee = $2"
				     " WHERE id = $1",
				     2, p);
		} else if (strcmp(a, "notify") == 0) {
			rc = followup_job(conn, JOB_KIND_FOLLOWUP_NOTICE, id,
					  notify_to, customer, subject, text);
		} else if (strcmp(a, "webhook") == 0) {
			rc = followup_job(conn, JOB_KIND_FOLLOWUP_WEBHOOK, id,
					  NULL, NULL, NULL, NULL);
		} else {
			msg_warn("conversation %s: unknown on-send action %s",
				 x->conversation, a);
		}
	}
	free(copy);
	return rc < 0 ? -1 : 0;
}

/* Mark a follow-up skipped, with why, on the timeline. */
static int
followup_skip(PGconn *conn, const char *id, const char *reason)
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
followup_interval(PGconn *conn, const char *id, const struct followup_ctx *x)
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

/* The message of a follow-up, and its email recorded as pending. */
struct followup_mail {
	char *from, *from_name, *to, *to_name, *subject, *text;
	char *in_reply_to, *references, *message_id, *reply_to, *notify_to;
	const char *written_by; /* "llm", "custom" or "template" */
	char *llm_fallback;     /* why the LLM's text is not used, or NULL */
	long long sent_email_id;
	time_t recorded_at; /* when its email was recorded */
};

/* The strings of a followup_mail, as the outbox keeps them. */
#define FOLLOWUP_FIELD(f)                                                      \
	{                                                                      \
#f, offsetof(struct followup_mail, f)                          \
	}
static const struct followup_field {
	const char *name;
	size_t off;
} followup_fields[] = {
    FOLLOWUP_FIELD(from),        FOLLOWUP_FIELD(from_name),
    FOLLOWUP_FIELD(to),          FOLLOWUP_FIELD(to_name),
    FOLLOWUP_FIELD(subject),     FOLLOWUP_FIELD(text),
    FOLLOWUP_FIELD(in_reply_to), FOLLOWUP_FIELD(references),
    FOLLOWUP_FIELD(message_id),  FOLLOWUP_FIELD(reply_to),
    FOLLOWUP_FIELD(notify_to),   FOLLOWUP_FIELD(llm_fallback),
};
#define FOLLOWUP_NFIELDS (sizeof(followup_fields) / sizeof(followup_fields[0]))

static const char *const followup_writers[] = {"llm", "custom", "template"};

static char **
followup_field(struct followup_mail *m, size_t i)
{
	return (char **)((char *)m + followup_fields[i].off);
}

static void
followup_mail_free(struct followup_mail *m)
{
	size_t i;

	for (i = 0; i < FOLLOWUP_NFIELDS; i++)
		free(*followup_field(m, i));
}

/* The message as it goes out, kept until the send is recorded. */
static char *
followup_outbox_json(struct followup_mail *m)
{
	json_object *o = json_object_new_object();
	char *s, *v;
	size_t i;

	for (i = 0; i < FOLLOWUP_NFIELDS; i++)
		if ((v = *followup_field(m, i)) != NULL)
			json_object_object_add(o, followup_fields[i].name,
					       json_object_new_string(v));
	json_object_object_add(o, "written_by",
			       json_object_new_string(m->written_by));
	s = xstrdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return s;
}

/* The message of an interrupted send, back from the outbox; 0 or -1. */
static int
followup_outbox_load(const char *json, struct followup_mail *m)
{
	json_object *o = json_tokener_parse(json), *v;
	size_t i;

	if (o == NULL)
		return -1;
	for (i = 0; i < FOLLOWUP_NFIELDS; i++)
		if (json_object_object_get_ex(o, followup_fields[i].name, &v) &&
		    json_object_is_type(v, json_type_string)) {
			free(*followup_field(m, i));
			*followup_field(m, i) =
			    xstrdup(json_object_get_string(v));
		}
	m->written_by = "template";
	if (json_object_object_get_ex(o, "written_by", &v) &&
	    json_object_is_type(v, json_type_string))
		for (i = 0; i < 3; i++)
			if (strcmp(json_object_get_string(v),
				   followup_writers[i]) == 0)
				m->written_by = followup_writers[i];
	json_object_put(o);
	return m->from && m->to && m->subject && m->text && m->message_id &&
		       m->reply_to
		   ? 0
		   : -1;
}

#define FOLLOWUP_SCHEDULED 1 /* to be sent now */
#define FOLLOWUP_SENDING 2   /* interrupted while sending: m is filled */

/*
 * A follow-up's session lock, held by the worker that sends it from the
 * lock to the record of the send, and let go by PostgreSQL if its
 * process or connection dies: so 'sending' held by nobody means
 * interrupted. Keys of the 64-bit space from 2^62 up: dbinit's is small.
 */
#define FOLLOWUP_LOCK_KEY "((1::bigint << 62) + $1::bigint)"

/* 1 the lock is ours, 0 another worker holds it, -1 on error. */
static int
followup_claim(PGconn *conn, const char *id)
{
	const char *params[] = {id};
	PGresult *res =
	    db_query(conn, "SELECT pg_try_advisory_lock(" FOLLOWUP_LOCK_KEY ")",
		     1, params);
	int rc;

	if (res == NULL)
		return -1;
	rc = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	return rc;
}

static void
followup_unclaim(PGconn *conn, const char *id)
{
	const char *params[] = {id};

	PQclear(db_query(conn,
			 "SELECT pg_advisory_unlock(" FOLLOWUP_LOCK_KEY ")", 1,
			 params));
}

/*
 * Load the follow-up, locked: FOLLOWUP_SCHEDULED, FOLLOWUP_SENDING (its
 * message back in m), 0 when there is nothing to do, -1 on error. With
 * a positive answer, this worker holds the follow-up's session lock.
 */
static int
followup_lock(PGconn *conn, const char *id, char *scenario, size_t slen,
	      int *step, struct followup_ctx *x, struct followup_mail *m)
{
	const char *params[] = {id};
	char conversation[32];
	PGresult *res;
	int rc = FOLLOWUP_SCHEDULED;

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
		rc = FOLLOWUP_SENDING;
		m->sent_email_id = atoll(PQgetvalue(res, 0, 4));
		m->recorded_at = (time_t)atoll(PQgetvalue(res, 0, 6));
		if (followup_outbox_load(PQgetvalue(res, 0, 5), m) < 0) {
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
	switch (followup_claim(conn, id)) {
	case 1:
		return rc;
	case 0:
		return rc == FOLLOWUP_SENDING ? 0 : -1;
	default:
		return -1;
	}
}

/*
 * With the LLM backend and an "ai" rule: the text the LLM writes for
 * follow-up id, asked before the follow-up is locked, since the request
 * takes seconds and no transaction should wait on it. What was decided
 * meanwhile (a reply, a pause) is checked again under the lock, and the
 * text is then dropped. NULL means the template, with why in *fallback
 * when the LLM failed.
 */
static char *
followup_llm(PGconn *conn, const char *id, char **fallback)
{
	const char *params[] = {id}, *cparams[1];
	struct llm_followup_input in = {0};
	struct followup_rule r = {0};
	struct followup_ctx x;
	PGresult *res, *mail = NULL;
	char scenario[32], err[512], *text = NULL;

	if (strcmp(conf_cur()->analyzer_backend, "llm") != 0)
		return NULL;
	res = db_query(conn,
		       "SELECT scenario, step, conversation_id FROM followups"
		       " WHERE id = $1 AND state = 'scheduled'",
		       1, params);
	if (res == NULL || PQntuples(res) == 0)
		goto out;
	snprintf(scenario, sizeof(scenario), "%s", PQgetvalue(res, 0, 0));
	if (followup_ctx_load(conn, PQgetvalue(res, 0, 2), &x) <= 0 ||
	    *x.stop || followup_rule_load(conn, x.account, scenario, &r) <= 0 ||
	    !r.enabled || strcmp(r.message, "ai") != 0)
		goto out;
	cparams[0] = x.conversation;
	mail = db_query(conn, followup_mail_sql, 1, cparams);
	if (mail == NULL || PQntuples(mail) == 0)
		goto out;
	in.scenario = scenario;
	in.step = atoi(PQgetvalue(res, 0, 1));
	in.language =
	    *PQgetvalue(mail, 0, 7) ? lang_guess(PQgetvalue(mail, 0, 7)) : "";
	in.account_name = PQgetvalue(mail, 0, 1);
	in.customer_name = PQgetvalue(mail, 0, 3);
	in.subject = subject_base(PQgetvalue(mail, 0, 4));
	in.last_reply = PQgetvalue(mail, 0, 7);
	in.last_sent = PQgetvalue(mail, 0, 9);
	if ((text = llm_followup(&in, err, sizeof(err))) == NULL) {
		msg_warn("follow-up %s: %s; the template is used", id, err);
		*fallback = xstrdup(err);
	}
out:
	PQclear(mail);
	PQclear(res);
	followup_rule_free(&r);
	return text;
}

static int
followup_compose(PGconn *conn, const struct followup_ctx *x,
		 const struct followup_rule *r, const char *scenario,
		 const char *written, struct followup_mail *m)
{
	const char *params[] = {x->conversation};
	const char *base, *lang = "en", *last, *first;
	PGresult *res = db_query(conn, followup_mail_sql, 1, params);
	char *preview, *firstid;
	struct sentmail sm = {0};
	int custom;

	if (res == NULL || PQntuples(res) == 0) {
		PQclear(res);
		return -1;
	}
	m->from = xstrdup(PQgetvalue(res, 0, 0));
	m->from_name = xstrdup(PQgetvalue(res, 0, 1));
	m->to = xstrdup(PQgetvalue(res, 0, 2));
	m->to_name = xstrdup(PQgetvalue(res, 0, 3));
	base = subject_base(PQgetvalue(res, 0, 4));
	m->subject = xasprintf("Re: %s", base);
	last = PQgetisnull(res, 0, 5) ? NULL : PQgetvalue(res, 0, 5);
	first = PQgetisnull(res, 0, 6) ? NULL : PQgetvalue(res, 0, 6);
	m->in_reply_to = followup_msgid(last);
	firstid = followup_msgid(first);
	if (firstid && m->in_reply_to && strcmp(firstid, m->in_reply_to) != 0)
		m->references = xasprintf("%s %s", firstid, m->in_reply_to);
	else if (m->in_reply_to)
		m->references = xstrdup(m->in_reply_to);
	free(firstid);
	if (*PQgetvalue(res, 0, 7))
		lang = lang_guess(PQgetvalue(res, 0, 7));
	m->notify_to = xstrdup(PQgetvalue(res, 0, 8));
	custom = strcmp(r->message, "custom") == 0 && *r->custom_text;
	if (written != NULL && strcmp(r->message, "ai") == 0) {
		m->text = xstrdup(written);
		m->written_by = "llm";
	} else {
		m->text =
		    followup_text(custom ? r->custom_text : NULL, lang,
				  scenario, m->to_name, m->from_name, base);
		m->written_by = custom ? "custom" : "template";
	}
	/* Why the LLM's text is not used says nothing of another rule's. */
	if (strcmp(r->message, "ai") != 0) {
		free(m->llm_fallback);
		m->llm_fallback = NULL;
	}
	PQclear(res);
	m->message_id = mailout_message_id();
	preview = sentmail_preview(m->text, 120);
	sm.account_id = atoll(x->account);
	sm.customer_id = atoll(x->customer);
	sm.subject = m->subject;
	sm.preview = preview;
	sm.message_id = m->message_id;
	sm.source = "followup";
	m->reply_to = sentmail_record(conn, &sm, &m->sent_email_id);
	free(preview);
	return m->reply_to ? 0 : -1;
}

static int
followup_send(const struct followup_mail *m, char **why)
{
	struct mailout mo = {0};
	struct buf msg;

	mo.from_name = m->from_name;
	mo.from_addr = m->from;
	mo.to_name = m->to_name;
	mo.to_addr = m->to;
	mo.reply_to = m->reply_to;
	mo.subject = m->subject;
	mo.text = m->text;
	mo.message_id = m->message_id;
	mo.in_reply_to = m->in_reply_to;
	mo.references = m->references;
	buf_init(&msg);
	mailout_build(&mo, &msg);
	*why = mailout_submit(m->from, m->to, &msg);
	buf_free(&msg);
	return *why ? -1 : 0;
}

/*
 * Follow-ups the MTA took whose send could not be recorded (the database
 * went away): retried by their job, they are recorded without being sent
 * again. Only for this process's life; after a restart such a follow-up
 * is sent again, with the same Message-ID, rather than not at all.
 */
#define FOLLOWUP_UNRECORDED 64
static long long followup_unrecorded[FOLLOWUP_UNRECORDED];
static pthread_mutex_t followup_unrecorded_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * Whether id is in the table; with add, put there if there is room (and
 * then whether it is there now); with del, taken out.
 */
static int
followup_unrecorded_find(long long id, int add, int del)
{
	int i, found = 0, free_slot = -1;

	pthread_mutex_lock(&followup_unrecorded_lock);
	for (i = 0; i < FOLLOWUP_UNRECORDED; i++) {
		if (followup_unrecorded[i] == id) {
			found = 1;
			if (del)
				followup_unrecorded[i] = 0;
			break;
		}
		if (followup_unrecorded[i] == 0 && free_slot < 0)
			free_slot = i;
	}
	if (add && !found && free_slot >= 0) {
		followup_unrecorded[free_slot] = id;
		found = 1;
	}
	pthread_mutex_unlock(&followup_unrecorded_lock);
	return found;
}

/*
 * After the MTA took it, in one transaction: the email confirmed, the
 * timeline, the actions, the next step, and the follow-up sent.
 */
static int
followup_record_sent(PGconn *conn, const char *id, const struct followup_ctx *x,
		     const struct followup_rule *r, const char *scenario,
		     int step, const struct followup_mail *m)
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
	if (followup_actions(conn, id, x, r->on_send, m->notify_to, m->to,
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
static const char followup_failed_sql[] =
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
followup_send_failed(PGconn *conn, const char *id,
		     const struct followup_mail *m, const char *why)
{
	const char *params[] = {id};
	int rc = -1;

	if (db_exec(conn, "BEGIN", 0, NULL) == 0) {
		rc = sentmail_fail(conn, m->sent_email_id, why) < 0 ||
			     db_exec(conn, followup_failed_sql, 1, params) < 0
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
followup_resume(PGconn *conn, const char *id, const struct followup_ctx *x,
		const struct followup_mail *m, int *sent)
{
	char why[96];
	int rc;

	if ((*sent = followup_unrecorded_find(atoll(id), 0, 0)))
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
		     followup_skip(conn, id, why) < 0
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
followup_prepare(PGconn *conn, const char *id, const char *written,
		 const struct followup_ctx *x, const struct followup_rule *r,
		 const char *scenario, struct followup_mail *m)
{
	char sid[32], *outbox;
	const char *params[] = {id, sid, NULL};
	int rc;

	if (*x->stop || !r->enabled) {
		rc = followup_skip(conn, id,
				   *x->stop ? x->stop : "rule disabled");
		return followup_tx_end(conn, rc);
	}
	if ((rc = followup_interval(conn, id, x)) != 0)
		return followup_tx_end(conn, rc < 0 ? -1 : 0);
	/* Early rather than late: a reply in between counts. */
	m->recorded_at = time(NULL) - 1;
	if (followup_compose(conn, x, r, scenario, written, m) < 0)
		return followup_tx_end(conn, -1);
	snprintf(sid, sizeof(sid), "%lld", m->sent_email_id);
	params[2] = outbox = followup_outbox_json(m);
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
followup_due_send(PGconn *conn, const char *id, const char *written,
		  struct followup_mail *m, char *err, size_t errlen)
{
	char scenario[32], *why = NULL;
	struct followup_rule r = {0};
	struct followup_ctx x;
	int step = 0, rc, sent = 0;

	if (db_exec(conn, "BEGIN", 0, NULL) < 0)
		return -1;
	rc = followup_lock(conn, id, scenario, sizeof(scenario), &step, &x, m);
	if (rc != FOLLOWUP_SENDING) /* recorded by now, or gone */
		followup_unrecorded_find(atoll(id), 0, 1);
	if (rc <= 0)
		return followup_tx_end(conn, rc);
	if (followup_rule_load(conn, x.account, scenario, &r) < 0) {
		rc = followup_tx_end(conn, -1);
		goto out;
	}
	if (r.on_send == NULL) /* the rule is gone: no actions */
		r.on_send = xstrdup("");
	if (rc == FOLLOWUP_SENDING)
		rc = followup_resume(conn, id, &x, m, &sent);
	else
		rc = followup_prepare(conn, id, written, &x, &r, scenario, m);
	if (rc <= 0)
		goto out;
	if (!sent && followup_send(m, &why) < 0) {
		snprintf(err, errlen, "follow-up %s: %s", id, why);
		followup_send_failed(conn, id, m, why);
		free(why);
		rc = -1;
		goto out;
	}
	if (followup_record_sent(conn, id, &x, &r, scenario, step, m) < 0) {
		if (!followup_unrecorded_find(atoll(id), 1, 0))
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
	followup_unrecorded_find(atoll(id), 0, 1);
	msg_info("follow-up %s (%s step %d, %s text) sent to %s", id, scenario,
		 step, m->written_by, m->to);
	rc = 0;
out:
	followup_unclaim(conn, id);
	followup_rule_free(&r);
	return rc;
}

int
followup_due(PGconn *conn, long long followup_id, char *err, size_t errlen)
{
	struct followup_mail m = {0};
	char id[32], *written;
	int rc;

	snprintf(id, sizeof(id), "%lld", followup_id);
	snprintf(err, errlen, "follow-up %s: database error", id);
	written = followup_llm(conn, id, &m.llm_fallback);
	rc = followup_due_send(conn, id, written, &m, err, errlen);
	free(written);
	followup_mail_free(&m);
	return rc;
}
