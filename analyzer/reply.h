/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_ANALYZER_REPLY_H
#define POSTREPLY_ANALYZER_REPLY_H

#include <json-c/json.h>
#include <libpq-fe.h>

#include "analysis.h"
#include "extract.h"
#include "jobs.h"
#include "reader.h"

/*
 * Analyse a reply read by a reading process with the configured backend:
 * a holds the built-in analysis the reading process made, and is
 * replaced by the LLM's when that backend is chosen and answers (else
 * why goes in fallback, NULL otherwise).
 */
void reply_analyze(const struct extract *ex, time_t received_at, const char *tz,
		   struct analysis *a, char **fallback);

/* The same with backend ("builtin" or "llm") rather than the configured one
 * (postreply-analyzer --eval --backend). */
void reply_analyze_with(const char *backend, const struct extract *ex,
			time_t received_at, const char *tz, struct analysis *a,
			char **fallback);

/*
 * The job analyze_reply {"reply_id": N}: extract, analyse and record, in
 * one transaction: the reply's text and language, the analysis, the customer's
 * status following the signals, a bounce on the timeline, the follow-ups, the
 * alert and webhook jobs, and the end of job (job->done is then set).
 * The message is read by the worker's reading process (reader), so that
 * a message that crashes or exhausts it fails only this job's attempt.
 * Idempotent. 0, or -1 with why in err; or READER_AGAIN (reader.h) when
 * the failure was no fault of the reply's, and it should simply run again.
 */
int reply_job(PGconn *conn, struct job *job, struct reader *reader,
	      long long reply_id, char *err, size_t errlen);

/* Register the job's prepared statements; call before connecting. */
void reply_init(void);

#endif
