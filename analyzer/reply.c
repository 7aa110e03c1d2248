/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * reply: the analyze_reply job. A reply is read (extract), understood
 * (builtin or LLM) and recorded in one transaction, so a crash at any
 * point leaves either nothing or everything, and the job simply runs
 * again. Nothing from the message or the model is ever spliced into SQL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "db.h"
#include "followup.h"
#include "jobs.h"
#include "msg.h"
#include "reader.h"
#include "replies.h"
#include "reply.h"
#include "webhooks.h"
#include "xmalloc.h"

void
reply_analyze(const struct extract *ex, time_t received_at, const char *tz,
	      struct analysis *a, char **fallback)
{
	reply_analyze_with(conf_cur()->analyzer_backend, ex, received_at, tz, a,
			   fallback);
}

void
reply_analyze_with(const char *backend, const struct extract *ex,
		   time_t received_at, const char *tz, struct analysis *a,
		   char **fallback)
{
	struct analysis_input in = {ex->reply_text, ex->subject, ex->language,
				    ex->auto_reply, received_at, tz};
	struct analysis llm;
	char err[256];

	*fallback = NULL;
	if (strcmp(backend, "llm") != 0)
		return;
	if (llm_analyze(&in, &llm, err, sizeof(err)) < 0) {
		*fallback = xstrdup(err);
		return;
	}
	analysis_free(a);
	*a = llm;
}

static const char reply_load_sql[] =
    "SELECT r.raw, r.reply_text, r.manual,"
    " extract(epoch FROM r.received_at)::bigint, a.time_zone,"
    " r.auto_reply, r.bounce"
    " FROM replies r JOIN accounts a ON a.id = r.account_id WHERE r.id = $1";

/* A reply as stored, for the reading process. */
struct reply_stored {
	unsigned char *raw; /* NULL for a manual reply: then text */
	size_t rawlen;
	char *text;
	time_t received_at;
	char *tz;
	int auto_reply, bounce; /* the milter's flags */
	int manual;             /* logged by hand (postreplyctl log-reply) */
};

static void
reply_stored_free(struct reply_stored *st)
{
	PQfreemem(st->raw);
	free(st->text);
	free(st->tz);
}

/*
 * The reply from the result of reply_load: 1 when done, 0 when the reply
 * is gone (deleted since), -1 when the database failed.
 */
static int
reply_load_read(struct db_pipeline *p, struct reply_stored *st)
{
	PGresult *res;

	if ((res = db_pipeline_result(p)) == NULL)
		return -1;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return 0;
	}
	st->received_at = (time_t)atoll(PQgetvalue(res, 0, 3));
	st->tz = xstrdup(PQgetvalue(res, 0, 4));
	if (!PQgetisnull(res, 0, 0)) {
		st->raw = PQunescapeBytea(
		    (const unsigned char *)PQgetvalue(res, 0, 0), &st->rawlen);
		if (st->raw == NULL)
			msg_fatal(71, "out of memory decoding a stored reply");
	} else {
		st->text = xstrdup(PQgetvalue(res, 0, 1));
	}
	st->auto_reply = *PQgetvalue(res, 0, 5) == 't';
	st->bounce = *PQgetvalue(res, 0, 6) == 't';
	st->manual = *PQgetvalue(res, 0, 2) == 't';
	PQclear(res);
	return 1;
}

/*
 * Read the reply in the worker's reading process, then analyse it with
 * the configured backend. 0, or -1 (READER_AGAIN) with why in err.
 */
static int
reply_read(struct reader *reader, const char *id, const struct reply_stored *st,
	   struct extract *ex, struct analysis *a, char **fallback, char *err,
	   size_t errlen)
{
	struct reader_input in = {(const char *)st->raw,
				  st->rawlen,
				  st->text,
				  st->received_at,
				  st->tz,
				  st->auto_reply,
				  st->bounce};
	struct reader_limits lim;
	int rc;

	reader_limits_conf(&lim);
	if ((rc = reader_read(reader, &in, &lim, ex, a, err, errlen)) < 0)
		return rc;
	if (ex->degraded)
		msg_warn("reply %s: read as plain text, not parsed: %s", id,
			 ex->degraded);
	reply_analyze(ex, st->received_at, st->tz, a, fallback);
	if (*fallback)
		msg_warn("reply %s: the LLM failed (%s); used the builtin "
			 "analyzer",
			 id, *fallback);
	return 0;
}

void
reply_init(void)
{
	db_statement("reply_load", reply_load_sql, 1);
}

/* Is response_type one of the words of alert_on? */
static int
reply_alerts(const struct analysis *a)
{
	const char *name = analysis_response_type_name(a->response_type);
	const char *p = conf_cur()->alert_on;
	size_t n, len = strlen(name);

	while (*p) {
		p += strspn(p, ", \t");
		n = strcspn(p, ", \t");
		if (n == len && strncmp(p, name, n) == 0)
			return 1;
		p += n;
	}
	return 0;
}

/*
 * Nothing acts on a signal without evidence. Both backends already hold
 * to it; this is the last door before the statuses and follow-ups.
 */
static void
reply_require_evidence(const char *id, struct analysis *a)
{
	char names[160];

	if (evidence_require(a, NULL, names, sizeof(names)) > 0)
		msg_warn("reply %s: %s without evidence: not acted on", id,
			 names);
}

/*
 * Everything the job records, queued on p, the job's transaction; the
 * job's end is part of it. A reply logged by hand alerts nobody: the
 * alert would go to the person who just typed it in.
 */
static void
reply_record(struct db_pipeline *p, const char *id, const struct extract *ex,
	     const struct analysis *a, const char *fallback,
	     const struct followup_reply *fr, const struct job *job, int manual)
{
	json_object *aj = analysis_to_json(a), *raw = json_object_new_object();
	const struct replies_reading rr = {
	    .reply_id = id,
	    .text = ex->reply_text,
	    .signature = ex->signature,
	    .quoted_text = ex->quoted_text,
	    .subject = ex->subject,
	    .language = ex->language,
	    .auto_reply = ex->auto_reply,
	    .bounce = ex->bounce,
	    .do_not_contact = a->do_not_contact,
	    .not_interested = a->not_interested,
	    .meeting_booked = a->meeting_booked,
	    .interested = a->product_interest == PI_INTERESTED ||
			  a->product_interest == PI_VERY_INTERESTED};
	const struct replies_bounce bounce = {
	    id, ex->bounce_recipient, ex->bounce_status,
	    ex->bounce_permanent || ex->bounce_status == NULL};
	const char *aparams[4];
	int alert = !manual && reply_alerts(a);
	int webhook = *conf_cur()->webhook_url != 0;

	if (fallback)
		json_object_object_add(raw, "llm_fallback",
				       json_object_new_string(fallback));
	if (ex->degraded)
		json_object_object_add(raw, "read_as_text",
				       json_object_new_string(ex->degraded));
	aparams[0] = id;
	aparams[1] = json_object_to_json_string(aj);
	aparams[2] = json_object_to_json_string(raw);
	aparams[3] = alert && webhook ? "{" JOB_ALERT "," JOB_WEBHOOK "}"
		     : alert          ? "{" JOB_ALERT "}"
		     : webhook        ? "{" JOB_WEBHOOK "}"
				      : "{}";
	/* Parameters are copied as they are sent: aj and raw may go. */
	replies_read_send(p, &rr);
	if (ex->bounce)
		replies_bounce_send(p, &bounce);
	followup_after_reply(p, fr, a, ex->bounce);
	replies_analysis_send(p, aparams[0], aparams[1], aparams[2],
			      aparams[3]);
	if (!manual)
		webhooks_queue_send(p, id);
	jobs_done_redoable_send(p, job);
	json_object_put(aj);
	json_object_put(raw);
}

/*
 * Two round trips to the database: one pipeline reads the reply and what
 * its follow-ups depend on, the other records everything and ends the
 * job, as one transaction.
 */
int
reply_job(PGconn *conn, struct job *job, struct reader *reader,
	  long long reply_id, char *err, size_t errlen)
{
	struct extract ex = {0};
	struct analysis a = {0};
	struct reply_stored st = {0};
	struct followup_reply fr;
	struct db_pipeline p;
	char id[32], *fallback = NULL;
	const char *params[] = {id};
	int rc;

	snprintf(id, sizeof(id), "%lld", reply_id);
	db_pipeline_begin(&p, conn);
	db_pipeline_send(&p, "reply_load", 1, params);
	followup_reply_load(&p, id);
	rc = reply_load_read(&p, &st);
	if (followup_reply_read(&p, &fr) < 0 || db_pipeline_end(&p) < 0)
		rc = -1;
	if (rc <= 0) {
		snprintf(err, errlen, "%s",
			 rc == 0 ? "" : "cannot load the reply");
		reply_stored_free(&st);
		return rc == 0 ? 0 : -1; /* a reply deleted since: done */
	}
	rc = reply_read(reader, id, &st, &ex, &a, &fallback, err, errlen);
	reply_stored_free(&st);
	if (rc < 0)
		return rc;
	reply_require_evidence(id, &a);
	db_pipeline_begin(&p, conn);
	reply_record(&p, id, &ex, &a, fallback, &fr, job, st.manual);
	if ((rc = db_pipeline_end(&p)) < 0)
		snprintf(err, errlen, "cannot record the analysis of reply %s",
			 id);
	else {
		job->done = 1;
		if (msg_verbose)
			msg_info("reply %s: %s, score %d (%s)", id,
				 analysis_response_type_name(a.response_type),
				 a.opportunity_score, a.backend);
	}
	analysis_free(&a);
	extract_free(&ex);
	free(fallback);
	return rc;
}
