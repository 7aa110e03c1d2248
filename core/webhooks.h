/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_WEBHOOKS_H
#define POSTREPLY_WEBHOOKS_H

#include <libpq-fe.h>

#include "db.h"

#include "confhooks.h"

/*
 * The inbound webhooks declared with postreplyctl (table webhooks) and in
 * postreply.conf (inbound_webhooks, confhooks.h): each stored reply is
 * POSTed, by a job of its own, to every webhook of its account or of all
 * accounts, in the webhook's format. A job names a webhook of the table
 * by its id (JOBS_KEY_WEBHOOK), one of the file by its URL, format and
 * account (WEBHOOKS_KEY_CONF: {"url", "format", "account"}). The webhook
 * of webhook_url is neither: it keeps its own job.
 */
#define WEBHOOKS_KEY_CONF "conf_webhook"

/*
 * Declare a webhook (account_id 0: every account; secret_file "" for
 * none): its id, or -1 when the database failed.
 */
long long webhooks_add(PGconn *conn, const char *url, const char *format,
		       long long account_id, const char *secret_file);

/* Remove webhook id (text): 1 removed, 0 no such webhook, -1 failure. */
int webhooks_remove(PGconn *conn, const char *id);

/* Columns of webhooks_list's rows. */
enum {
	WEBHOOKS_ID,
	WEBHOOKS_URL,
	WEBHOOKS_FORMAT,
	WEBHOOKS_ACCOUNT, /* the account's email, or "" for all */
	WEBHOOKS_SECRET_FILE,
	WEBHOOKS_CREATED,
};

/* Every declared webhook, by id; NULL when the database failed. */
PGresult *webhooks_list(PGconn *conn);

/* One webhook by id (text), zero or one row as webhooks_list's. */
PGresult *webhooks_get(PGconn *conn, const char *id);

/*
 * Queue on p, for reply reply_id, one inbound_post job per webhook of
 * its account (or of all accounts), of the table and of the current
 * configuration, that has none yet for that reply: run again, the
 * reading job queues nothing twice.
 */
void webhooks_queue_send(struct db_pipeline *p, const char *reply_id);

/*
 * The sample webhook test posts: the latest reply received by mail of
 * the webhook's account (or of any), its id in one row; none, no row.
 */
PGresult *webhooks_sample(PGconn *conn, const char *id);

/*
 * Queue one inbound_post job of webhook id (text) for reply reply_id
 * (text), even if one was queued before (postreplyctl webhook test): 1
 * queued, 0 no such webhook or reply, -1 failure.
 */
int webhooks_queue_one(PGconn *conn, const char *id, const char *reply_id);

/*
 * The same for the webhook h of postreply.conf: 1 queued, 0 no such
 * reply, -1 failure.
 */
int webhooks_queue_conf(PGconn *conn, const struct confhook *h,
			const char *reply_id);

/*
 * The sample for a webhook of postreply.conf: the latest reply received
 * by mail of account (an email; "" for any), as webhooks_sample's.
 */
PGresult *webhooks_sample_account(PGconn *conn, const char *account);

/* Register the prepared statements; call before connecting. */
void webhooks_init(void);

#endif
