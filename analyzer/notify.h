/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_NOTIFY_H
#define POSTREPLY_NOTIFY_H

#include <stddef.h>

#include <curl/curl.h>
#include <libpq-fe.h>

#include "jobs.h"

/*
 * The jobs that tell people about an analysed reply or a follow-up sent.
 * Each returns 0, or -1 with why in err (the job is then retried later).
 */

/* alert {"reply_id": N}: an email to the account's reply address. */
int notify_alert(PGconn *conn, long long reply_id, char *err, size_t errlen);

/* webhook {"reply_id": N}: a signed JSON POST to webhook_url. */
int notify_webhook(PGconn *conn, long long reply_id, char *err, size_t errlen);

/*
 * postreply's own webhook body for a reply (the one webhook_url gets):
 * allocated, "" when the reply or its analysis is gone, NULL when the
 * database failed.
 */
char *notify_reply_json(PGconn *conn, long long reply_id);

/*
 * POST body (len bytes of content_type) to url, with the headers extra
 * (taken over) and, when secret is not NULL, postreply's signature
 * headers (X-PostReply-Timestamp, X-PostReply-Signature), signed now.
 * Redirects are not followed. The HTTP status, or -1 with why in err
 * when no answer came (refused, timed out).
 */
long notify_http_post(const char *url, const char *content_type,
		      const char *body, size_t len, const char *secret,
		      struct curl_slist *extra, char *err, size_t errlen);

/*
 * followup_webhook {"followup_id": N}: the same POST for a follow-up
 * sent (the rule's "webhook" on-send action), event "followup_sent".
 */
int notify_followup_webhook(PGconn *conn, long long followup_id, char *err,
			    size_t errlen);

/*
 * followup_notice {"followup_id": N, "to", "customer", "subject",
 * "text"}: an email to the account that a follow-up went out (the
 * rule's "notify" on-send action).
 */
int notify_followup_notice(const struct job *job, long long followup_id,
			   char *err, size_t errlen);

#endif
