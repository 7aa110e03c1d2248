/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * webhooks: the inbound webhooks an operator declared, and the jobs that
 * post a reply to each. The only writer of table webhooks and of the
 * inbound_post jobs: one job per reply and webhook, so that each has its
 * own retries and shows on its own in postreplyctl jobs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobs.h"
#include "webhooks.h"

const char *const webhooks_formats[] = {
    "postreply", "postmark", "sendgrid", "sendgrid-raw", "mailgun", NULL,
};

int
webhooks_format_valid(const char *format)
{
	int i;

	for (i = 0; webhooks_formats[i]; i++)
		if (strcmp(format, webhooks_formats[i]) == 0)
			return 1;
	return 0;
}

#define WEBHOOKS_COLUMNS                                                       \
	"SELECT w.id, w.url, w.format, coalesce(a.email, ''), w.secret_file,"  \
	" to_char(w.created_at, 'YYYY-MM-DD HH24:MI:SS')"                      \
	" FROM webhooks w LEFT JOIN accounts a ON a.id = w.account_id"

/* The payload of a job: the reply and the webhook. */
#define WEBHOOKS_PAYLOAD(reply, hook)                                          \
	"jsonb_build_object('" JOBS_KEY_REPLY "', " reply                      \
	", '" JOBS_KEY_WEBHOOK "', " hook ")"

/* The webhooks a reply goes to. */
#define WEBHOOKS_OF_REPLY                                                      \
	"FROM webhooks w JOIN replies r ON r.id = $1::bigint"                  \
	" AND (w.account_id IS NULL OR w.account_id = r.account_id)"

static const char webhooks_queue_sql[] = "WITH j AS (" JOBS_ENQUEUE(
    JOBS_KIND(JOB_INBOUND_POST), WEBHOOKS_PAYLOAD("r.id", "w.id"), "now()",
    WEBHOOKS_OF_REPLY
    " WHERE NOT EXISTS (SELECT 1 FROM jobs x"
    "  WHERE x.kind = '" JOB_INBOUND_POST "'"
    "  AND x.payload = " WEBHOOKS_PAYLOAD(
	"r.id", "w.id") ")"
			" ORDER BY w.id") ") SELECT " JOBS_WAKE("j");

static const char webhooks_queue_one_sql[] = "WITH j AS (" JOBS_ENQUEUE(
    JOBS_KIND(JOB_INBOUND_POST), WEBHOOKS_PAYLOAD("r.id", "w.id"), "now()",
    "FROM webhooks w, replies r WHERE w.id = $1::bigint"
    " AND r.id = $2::bigint") ") SELECT count(*), " JOBS_WAKE("j") " FROM j";

void
webhooks_init(void)
{
	db_statement("webhooks_queue", webhooks_queue_sql, 1);
}

void
webhooks_queue_send(struct db_pipeline *p, const char *reply_id)
{
	const char *params[] = {reply_id};

	db_pipeline_send(p, "webhooks_queue", 1, params);
}

int
webhooks_queue_one(PGconn *conn, const char *id, const char *reply_id)
{
	const char *params[] = {id, reply_id};
	PGresult *res = db_query(conn, webhooks_queue_one_sql, 2, params);
	int n;

	if (res == NULL)
		return -1;
	n = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	return n > 0;
}

long long
webhooks_add(PGconn *conn, const char *url, const char *format,
	     long long account_id, const char *secret_file)
{
	char acc[32];
	const char *params[] = {url, format, account_id ? acc : NULL,
				secret_file};
	PGresult *res;
	long long id;

	snprintf(acc, sizeof(acc), "%lld", account_id);
	res = db_query(conn,
		       "INSERT INTO webhooks (url, format, account_id,"
		       " secret_file) VALUES ($1, $2, $3, $4) RETURNING id",
		       4, params);
	if (res == NULL)
		return -1;
	id = atoll(PQgetvalue(res, 0, 0));
	PQclear(res);
	return id;
}

int
webhooks_remove(PGconn *conn, const char *id)
{
	const char *params[] = {id};
	PGresult *res = db_query(
	    conn, "DELETE FROM webhooks WHERE id = $1::bigint RETURNING id", 1,
	    params);
	int n;

	if (res == NULL)
		return -1;
	n = PQntuples(res);
	PQclear(res);
	return n > 0;
}

PGresult *
webhooks_list(PGconn *conn)
{
	return db_query(conn, WEBHOOKS_COLUMNS " ORDER BY w.id", 0, NULL);
}

PGresult *
webhooks_get(PGconn *conn, const char *id)
{
	const char *params[] = {id};

	return db_query(conn, WEBHOOKS_COLUMNS " WHERE w.id = $1::bigint", 1,
			params);
}

PGresult *
webhooks_sample(PGconn *conn, const char *id)
{
	const char *params[] = {id};

	return db_query(conn,
			"SELECT r.id FROM webhooks w JOIN replies r"
			" ON (w.account_id IS NULL OR r.account_id ="
			" w.account_id) AND r.raw IS NOT NULL"
			" WHERE w.id = $1::bigint"
			" ORDER BY r.received_at DESC, r.id DESC LIMIT 1",
			1, params);
}
