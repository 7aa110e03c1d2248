/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * inbound: the inbound_post job, which posts a stored reply to a webhook
 * declared with postreplyctl webhook add or in postreply.conf
 * (inbound_webhooks), in the format its application was written for (hookfmt.c
 * builds the bodies, notify.c posts and signs them). Delivery follows the
 * services': 2xx is done, other answers are retried for days through the job
 * queue, a 403 or 406 stops at once. What postreply knows beyond the format
 * (account, customer, conversation) goes in X-PostReply-* request headers,
 * which the services' parsers ignore. Secrets are read from their files on each
 * attempt and never logged.
 */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "conf.h"
#include "confhooks.h"
#include "db.h"
#include "hookfmt.h"
#include "hookform.h"
#include "inbound.h"
#include "msg.h"
#include "notify.h"
#include "parts.h"
#include "reader.h"
#include "secret.h"
#include "webhooks.h"
#include "xmalloc.h"

static const char inbound_reply_sql[] =
    "SELECT r.raw, coalesce(r.token, ''), coalesce(r.envelope_to, ''),"
    " coalesce(r.envelope_from, ''), coalesce(r.reply_text, ''),"
    " a.email, c.email, r.conversation_id, coalesce(r.signature, ''),"
    " coalesce(r.client_addr, '')"
    " FROM replies r JOIN accounts a ON a.id = r.account_id"
    " JOIN customers c ON c.id = r.customer_id WHERE r.id = $1";

enum {
	INBOUND_RAW,
	INBOUND_TOKEN,
	INBOUND_ENV_TO,
	INBOUND_ENV_FROM,
	INBOUND_TEXT,
	INBOUND_ACCOUNT,
	INBOUND_CUSTOMER,
	INBOUND_CONVERSATION,
	INBOUND_SIGNATURE,
	INBOUND_CLIENT,
};

void
inbound_init(void)
{
	db_statement("inbound_reply", inbound_reply_sql, 1);
}

/*
 * The webhook a job posts to, whichever place declared it: label names
 * it in messages (its id, or "conf:N" for the Nth of postreply.conf).
 */
struct inbound_hook {
	char label[32];
	char *url;
	char *format;
	char *secret_file;
};

static void
inbound_hook_free(struct inbound_hook *h)
{
	free(h->url);
	free(h->format);
	free(h->secret_file);
}

static void
inbound_hook_set(struct inbound_hook *h, const char *url, const char *format,
		 const char *secret_file)
{
	h->url = xstrdup(url);
	h->format = xstrdup(format);
	h->secret_file = xstrdup(secret_file);
}

/* A webhook of table webhooks, by id: 1 found, 0 removed since, -1. */
static int
inbound_hook_table(PGconn *conn, long long id, struct inbound_hook *h)
{
	PGresult *w;
	int found;

	snprintf(h->label, sizeof(h->label), "%lld", id);
	if ((w = webhooks_get(conn, h->label)) == NULL)
		return -1;
	if ((found = PQntuples(w) > 0))
		inbound_hook_set(h, PQgetvalue(w, 0, WEBHOOKS_URL),
				 PQgetvalue(w, 0, WEBHOOKS_FORMAT),
				 PQgetvalue(w, 0, WEBHOOKS_SECRET_FILE));
	PQclear(w);
	return found;
}

static const char *
inbound_member(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) &&
		       json_object_is_type(v, json_type_string)
		   ? json_object_get_string(v)
		   : NULL;
}

/*
 * A webhook of postreply.conf as it is now, by its URL, format and
 * account: 1 found, 0 no longer in the file, -1 a payload without them.
 */
static int
inbound_hook_conf(json_object *o, struct inbound_hook *h)
{
	const char *url = inbound_member(o, "url");
	const char *format = inbound_member(o, "format");
	const char *account = inbound_member(o, "account");
	struct confhooks all;
	long i;

	if (url == NULL || format == NULL || account == NULL)
		return -1;
	confhooks_current(&all);
	if ((i = confhooks_find(&all, url, format, account)) >= 0) {
		snprintf(h->label, sizeof(h->label), "conf:%ld", i + 1);
		inbound_hook_set(h, url, format, all.v[i].secret_file);
	}
	confhooks_free(&all);
	return i >= 0;
}

/*
 * The webhook the job's payload names, into h: 1 found, 0 gone since
 * (nothing to post), -1 with why in err.
 */
static int
inbound_hook(PGconn *conn, const struct job *job, struct inbound_hook *h,
	     char *err, size_t errlen)
{
	json_object *o = json_tokener_parse(job->payload), *v;
	int rc = -2;

	memset(h, 0, sizeof(*h));
	if (o && json_object_object_get_ex(o, JOBS_KEY_WEBHOOK, &v) &&
	    json_object_get_int64(v) > 0)
		rc = inbound_hook_table(conn, json_object_get_int64(v), h);
	else if (o && json_object_object_get_ex(o, WEBHOOKS_KEY_CONF, &v) &&
		 (rc = inbound_hook_conf(v, h)) < 0)
		rc = -2;
	json_object_put(o);
	if (rc == -1)
		snprintf(err, errlen, "cannot load webhook %s", h->label);
	else if (rc == -2)
		snprintf(err, errlen, "no %s or %s in the payload",
			 JOBS_KEY_WEBHOOK, WEBHOOKS_KEY_CONF);
	return rc < 0 ? -1 : rc;
}

/* A random string of n hex digits (Mailgun's token, a boundary). */
static void
inbound_random_hex(char *out, size_t n)
{
	unsigned char b[32];
	size_t i;

	if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b))
		msg_fatal(71, "getrandom: %m");
	for (i = 0; i < n && i / 2 < sizeof(b); i++)
		out[i] = "0123456789abcdef"[(b[i / 2] >> (i % 2 ? 0 : 4)) & 15];
	out[i] = 0;
}

/* Build the body of a format that reads the message itself. */
static void
inbound_build_parts(const char *format, const struct hookfmt_reply *r,
		    const char *secret, struct hookfmt_body *out)
{
	char boundary[48], token[51], ts[32];

	snprintf(boundary, sizeof(boundary), "postreply-");
	inbound_random_hex(boundary + 10, 32);
	if (strcmp(format, "postmark") == 0)
		hookfmt_postmark(r, out);
	else if (strcmp(format, "mailgun") == 0) {
		inbound_random_hex(token, 50);
		snprintf(ts, sizeof(ts), "%lld", (long long)time(NULL));
		hookform_mailgun(r, secret, ts, token, boundary, out);
	} else
		hookform_sendgrid(r, strcmp(format, "sendgrid-raw") == 0,
				  boundary, out);
}

/*
 * The body of format for the reply row res, the message split in the
 * reading process of reader; 0, or with why -1 when it cannot be built
 * (retrying changes nothing: the message cost the reading process too),
 * -2 when the database failed or no reading process could be started.
 */
static int
inbound_build(PGconn *conn, struct reader *reader, const char *format,
	      const char *secret, long long reply_id, PGresult *res,
	      struct hookfmt_body *out, char *err, size_t errlen)
{
	unsigned char *raw;
	size_t rawlen;
	struct parts parts;
	struct reader_limits lim;
	struct hookfmt_reply r;
	int rc;

	memset(out, 0, sizeof(*out));
	if (strcmp(format, "postreply") == 0) {
		if ((out->data = notify_reply_json(conn, reply_id)) == NULL) {
			snprintf(err, errlen, "cannot load reply %lld",
				 reply_id);
			return -2;
		}
		out->len = strlen(out->data);
		out->content_type = xstrdup("application/json");
		return 0;
	}
	if (strcmp(format, "mailgun") == 0 && secret == NULL) {
		snprintf(err, errlen,
			 "a mailgun webhook needs a secret file: its "
			 "signing key");
		return -1;
	}
	raw = PQunescapeBytea(
	    (const unsigned char *)PQgetvalue(res, 0, INBOUND_RAW), &rawlen);
	if (raw == NULL)
		msg_fatal(71, "out of memory decoding a stored reply");
	reader_limits_conf(&lim);
	/* Split where a hostile message costs one process, not this one. */
	if ((rc = reader_parts(reader, (const char *)raw, rawlen, &lim, &parts,
			       err, errlen)) < 0) {
		PQfreemem(raw);
		return rc == READER_AGAIN ? -2 : -1;
	}
	r.parts = &parts;
	r.stripped_text = PQgetvalue(res, 0, INBOUND_TEXT);
	r.signature = PQgetvalue(res, 0, INBOUND_SIGNATURE);
	r.token = PQgetvalue(res, 0, INBOUND_TOKEN);
	r.envelope_to = PQgetvalue(res, 0, INBOUND_ENV_TO);
	r.envelope_from = PQgetvalue(res, 0, INBOUND_ENV_FROM);
	r.sender_ip = PQgetvalue(res, 0, INBOUND_CLIENT);
	r.trusted_ids = conf_cur()->trusted_authserv_ids;
	r.raw = (const char *)raw;
	r.rawlen = rawlen;
	r.reply_id = reply_id;
	inbound_build_parts(format, &r, secret, out);
	parts_free(&parts);
	PQfreemem(raw);
	return 0;
}

/* What postreply knows beyond the format, as request headers. */
static struct curl_slist *
inbound_headers(PGresult *res, long long reply_id)
{
	struct curl_slist *h = NULL;
	char *s;

	s = xasprintf("X-PostReply-Reply-Id: %lld", reply_id);
	h = curl_slist_append(h, s);
	free(s);
	s = xasprintf("X-PostReply-Account: %s",
		      PQgetvalue(res, 0, INBOUND_ACCOUNT));
	h = curl_slist_append(h, s);
	free(s);
	s = xasprintf("X-PostReply-Customer: %s",
		      PQgetvalue(res, 0, INBOUND_CUSTOMER));
	h = curl_slist_append(h, s);
	free(s);
	s = xasprintf("X-PostReply-Conversation: %s",
		      PQgetvalue(res, 0, INBOUND_CONVERSATION));
	h = curl_slist_append(h, s);
	free(s);
	return h;
}

/*
 * End the job after an attempt that did not deliver: parked at once
 * when stop is set, else retried until webhook_max_age.
 */
static int
inbound_failed(PGconn *conn, struct job *job, const char *why, int stop)
{
	int max_age = stop ? 0 : (int)conf_cur()->webhook_max_age;

	msg_warn("job %lld (%s), attempt %d: %s%s", job->id, job->kind,
		 job->attempts, why, stop ? "; not retried" : "");
	if (jobs_fail_until(conn, job, why, max_age) < 0)
		return -1;
	job->done = 1;
	return 0;
}

/* POST the body to the webhook h. */
static int
inbound_send(PGconn *conn, struct job *job, struct reader *reader,
	     const struct inbound_hook *h, PGresult *reply, long long reply_id,
	     char *err, size_t errlen)
{
	struct hookfmt_body body;
	char why[512], *secret = NULL;
	long status;
	int rc;

	if (secret_read("secret-file", h->secret_file, &secret, why,
			sizeof(why)) < 0)
		return inbound_failed(conn, job, why, 0);
	if ((rc = inbound_build(conn, reader, h->format, secret, reply_id,
				reply, &body, why, sizeof(why))) < 0) {
		free(secret);
		return inbound_failed(conn, job, why, rc == -1);
	}
	if (body.len == 0) { /* postreply's JSON of a reply gone since */
		rc = 0;
	} else if (body.len > INBOUND_MAX_BODY) {
		snprintf(why, sizeof(why),
			 "the body is %zu bytes, over the %d bytes a webhook "
			 "takes; not sent",
			 body.len, INBOUND_MAX_BODY);
		rc = inbound_failed(conn, job, why, 1);
	} else {
		/* Mailgun's post carries its own signature. */
		status = notify_http_post(
		    h->url, body.content_type, body.data, body.len,
		    strcmp(h->format, "mailgun") == 0 ? NULL : secret,
		    inbound_headers(reply, reply_id), why, sizeof(why));
		if (status >= 200 && status <= 299) {
			msg_info("reply %lld: posted to webhook %s (%s)",
				 reply_id, h->label, h->format);
			rc = 0;
		} else {
			if (status > 0)
				snprintf(why, sizeof(why),
					 "webhook %s: the server answered %ld",
					 h->label, status);
			rc = inbound_failed(conn, job, why,
					    status == 403 || status == 406);
		}
	}
	if (rc < 0)
		snprintf(err, errlen, "cannot record the webhook's attempt");
	hookfmt_body_free(&body);
	free(secret);
	return rc;
}

int
inbound_post(PGconn *conn, struct job *job, struct reader *reader,
	     long long reply_id, char *err, size_t errlen)
{
	struct inbound_hook h;
	char rid[32];
	const char *params[] = {rid};
	PGresult *reply;
	int rc, found;

	if ((found = inbound_hook(conn, job, &h, err, errlen)) < 0)
		return -1;
	snprintf(rid, sizeof(rid), "%lld", reply_id);
	reply = db_query_prepared(conn, "inbound_reply", 1, params, NULL, NULL);
	if (reply == NULL) {
		snprintf(err, errlen, "cannot load reply %s", rid);
		inbound_hook_free(&h);
		return -1;
	}
	/* Removed since, or a reply logged by hand: nothing to post. */
	rc = 0;
	if (found && PQntuples(reply) > 0 &&
	    !PQgetisnull(reply, 0, INBOUND_RAW))
		rc = inbound_send(conn, job, reader, &h, reply, reply_id, err,
				  errlen);
	else if (!found)
		msg_info("job %lld: its webhook is no longer declared; reply "
			 "%lld not posted",
			 job->id, reply_id);
	PQclear(reply);
	inbound_hook_free(&h);
	return rc;
}
