/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * webhooks: the inbound webhooks an operator declared, and the jobs that
 * post a reply to each. The only writer of table webhooks and of the
 * inbound_post jobs: one job per reply and webhook, so that each has its
 * own retries and shows on its own in postreplyctl jobs. The webhooks of
 * postreply.conf (inbound_webhooks, confhooks.c) are not in the table:
 * their jobs name them by URL, format and account, and are queued by the
 * same statement as the table's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "confhooks.h"
#include "jobs.h"
#include "webhooks.h"

#define WEBHOOKS_COLUMNS                                                       \
	"SELECT w.id, w.url, w.format, coalesce(a.email, ''), w.secret_file,"  \
	" to_char(w.created_at, 'YYYY-MM-DD HH24:MI:SS')"                      \
	" FROM webhooks w LEFT JOIN accounts a ON a.id = w.account_id"

/* The payload of a job: the reply and the webhook. */
#define WEBHOOKS_PAYLOAD(reply, hook)                                          \
	"jsonb_build_object('" JOBS_KEY_REPLY "', " reply                      \
	", '" JOBS_KEY_WEBHOOK "', " hook ")"

/* A webhook of postreply.conf, as a job's payload names it. */
#define WEBHOOKS_CONF_HOOK(url, format, account)                               \
	"jsonb_build_object('" WEBHOOKS_KEY_CONF "', jsonb_build_object("      \
	"'url', " url ", 'format', " format ", 'account', " account "))"

/* Reply $1, with its account's email. */
#define WEBHOOKS_REPLY                                                         \
	"SELECT r.id, r.account_id, coalesce(a.email, '') AS email"            \
	" FROM replies r LEFT JOIN accounts a ON a.id = r.account_id"          \
	" WHERE r.id = $1::bigint"

/*
 * The webhooks reply rp goes to, each as the part of the payload that
 * names it: those of table webhooks of its account or of all, then those
 * of postreply.conf ($2, $3, $4: their URLs, formats and accounts).
 */
#define WEBHOOKS_OF_REPLY                                                      \
	"SELECT 0 AS src, w.id AS n,"                                          \
	" jsonb_build_object('" JOBS_KEY_WEBHOOK "', w.id) AS hook"            \
	" FROM webhooks w, rp"                                                 \
	" WHERE w.account_id IS NULL OR w.account_id = rp.account_id"          \
	" UNION ALL SELECT 1, c.n, " WEBHOOKS_CONF_HOOK(                       \
	    "c.url", "c.format",                                               \
	    "c.account") " FROM unnest($2::text[], $3::text[], $4::text[])"    \
			 " WITH ORDINALITY AS c(url, format, account, n), rp"  \
			 " WHERE c.account = '' OR lower(c.account) = "        \
			 "lower(rp.email)"

/* The payload of the job that posts reply rp to webhook h. */
#define WEBHOOKS_JOB "jsonb_build_object('" JOBS_KEY_REPLY "', rp.id) || h.hook"

/* A job per webhook of the reply that has none yet for it. */
static const char webhooks_queue_sql[] =
    "WITH rp AS (" WEBHOOKS_REPLY "), h AS (" WEBHOOKS_OF_REPLY "),"
    " j AS (" JOBS_ENQUEUE(JOBS_KIND(JOB_INBOUND_POST), WEBHOOKS_JOB, "now()",
			   "FROM h, rp WHERE NOT EXISTS (SELECT 1 FROM jobs x"
			   " WHERE x.kind = '" JOB_INBOUND_POST "'"
			   " AND x.payload = " WEBHOOKS_JOB ")"
			   " ORDER BY h.src, h.n") ") SELECT " JOBS_WAKE("j");

static const char webhooks_queue_one_sql[] = "WITH j AS (" JOBS_ENQUEUE(
    JOBS_KIND(JOB_INBOUND_POST), WEBHOOKS_PAYLOAD("r.id", "w.id"), "now()",
    "FROM webhooks w, replies r WHERE w.id = $1::bigint"
    " AND r.id = $2::bigint") ") SELECT count(*), " JOBS_WAKE("j") " FROM j";

static const char webhooks_queue_conf_sql[] = "WITH j AS (" JOBS_ENQUEUE(
    JOBS_KIND(JOB_INBOUND_POST),
    "jsonb_build_object('" JOBS_KEY_REPLY
    "', r.id) || " WEBHOOKS_CONF_HOOK("$2::text", "$3::text", "$4::text"),
    "now()", "FROM replies r WHERE r.id = $1::bigint") ") SELECT "
						       "count(*),"
						       " " JOBS_WAKE("j") " "
									  "F"
									  "R"
									  "O"
									  "M"
									  " "
									  "j";

void
webhooks_init(void)
{
	db_statement("webhooks_queue", webhooks_queue_sql, 4);
}

/* s as an element of a PostgreSQL array literal, after a comma if i. */
static void
webhooks_array_add(struct buf *b, size_t i, const char *s)
{
	buf_puts(b, i ? ",\"" : "\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_puts(b, "\\");
		buf_append(b, s, 1);
	}
	buf_puts(b, "\"");
}

void
webhooks_queue_send(struct db_pipeline *p, const char *reply_id)
{
	struct confhooks h;
	struct buf url, format, account;
	const char *params[4];
	size_t i;

	confhooks_current(&h);
	buf_init(&url);
	buf_init(&format);
	buf_init(&account);
	buf_puts(&url, "{");
	buf_puts(&format, "{");
	buf_puts(&account, "{");
	for (i = 0; i < h.n; i++) {
		webhooks_array_add(&url, i, h.v[i].url);
		webhooks_array_add(&format, i, h.v[i].format);
		webhooks_array_add(&account, i, h.v[i].account);
	}
	buf_puts(&url, "}");
	buf_puts(&format, "}");
	buf_puts(&account, "}");
	params[0] = reply_id;
	params[1] = url.data;
	params[2] = format.data;
	params[3] = account.data;
	/* Parameters are copied as they are sent. */
	db_pipeline_send(p, "webhooks_queue", 4, params);
	buf_free(&url);
	buf_free(&format);
	buf_free(&account);
	confhooks_free(&h);
}

int
webhooks_queue_conf(PGconn *conn, const struct confhook *h,
		    const char *reply_id)
{
	const char *params[] = {reply_id, h->url, h->format, h->account};
	PGresult *res = db_query(conn, webhooks_queue_conf_sql, 4, params);
	int n;

	if (res == NULL)
		return -1;
	n = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	return n > 0;
}

PGresult *
webhooks_sample_account(PGconn *conn, const char *account)
{
	const char *params[] = {account};

	return db_query(conn,
			"SELECT r.id FROM replies r"
			" LEFT JOIN accounts a ON a.id = r.account_id"
			" WHERE r.raw IS NOT NULL AND ($1 = ''"
			" OR lower(a.email) = lower($1))"
			" ORDER BY r.received_at DESC, r.id DESC LIMIT 1",
			1, params);
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
