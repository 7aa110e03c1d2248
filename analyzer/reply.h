#ifndef POSTREPLY_ANALYZER_REPLY_H
#define POSTREPLY_ANALYZER_REPLY_H

#include <json-c/json.h>
#include <libpq-fe.h>

#include "analysis.h"
#include "extract.h"
#include "jobs.h"

/*
 * Read and analyse one reply, with the configured backend; the LLM falls
 * back to builtin when it fails (why goes in fallback, NULL otherwise).
 */
void reply_analyze(const struct extract *ex, time_t received_at, const char *tz,
		   struct analysis *a, char **fallback);

/* The object "postreply-analyzer -t" prints, and webhooks carry. */
json_object *reply_report(const struct extract *ex, const struct analysis *a);

/*
 * The job analyze_reply {"reply_id": N}: extract, analyse and record, in
 * one transaction: the reply's text, the analysis, the customer's status
 * following the signals, a bounce on the timeline, the follow-ups, the
 * alert and webhook jobs, and the end of job (job->done is then set).
 * Idempotent. 0, or -1 with why in err.
 */
int reply_job(PGconn *conn, struct job *job, long long reply_id, char *err,
	      size_t errlen);

/* Register the job's prepared statements; call before connecting. */
void reply_init(void);

#endif
