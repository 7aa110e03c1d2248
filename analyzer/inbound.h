/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_INBOUND_H
#define POSTREPLY_INBOUND_H

#include <stddef.h>

#include <libpq-fe.h>

#include "jobs.h"
#include "reader.h"

/* Bodies larger than this are not posted: the job is parked. */
#define INBOUND_MAX_BODY (20 * 1024 * 1024)

/*
 * The job inbound_post {"reply_id": N, "webhook_id": M} (a webhook of
 * postreplyctl) or {"reply_id": N, "conf_webhook": {"url", "format",
 * "account"}} (one of postreply.conf, as the file has it at the time of
 * the attempt): POST the reply to the webhook in its format. A 2xx
 * answer ends it; a 403 or a 406 (Postmark's and Mailgun's "do not
 * retry") parks it at once; any other
 * answer, no answer or a redirect is retried with backoff for
 * webhook_max_age after it was queued, then parked. A webhook or reply
 * removed since is not posted. The message is split into its parts in
 * reader's process (reader.h): one it cannot read parks the job. It
 * ends the job itself (job->done set); -1 with why in err only when the
 * database failed.
 */
int inbound_post(PGconn *conn, struct job *job, struct reader *reader,
		 long long reply_id, char *err, size_t errlen);

/* Register the job's prepared statements; call before connecting. */
void inbound_init(void);

#endif
