/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * notify: alerts and webhooks for analysed replies, and the notice and
 * the webhook of a follow-up sent. Each runs as a job of its own, after what it
 * tells of is committed, so a dead MTA or web server delays the message and
 * never the analysis or the follow-up; the job queue retries them with backoff.
 * At-least-once: a crash between sending and marking the job done sends again.
 */
#include <curl/curl.h>
#include <glib.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "conf.h"
#include "db.h"
#include "mailout.h"
#include "msg.h"
#include "notify.h"
#include "secret.h"
#include "xmalloc.h"

#define NOTIFY_WEBHOOK_TIMEOUT 15 /* seconds */

static const char notify_alert_sql[] =
    "SELECT CASE WHEN a.reply_to <> '' THEN a.reply_to ELSE a.email END,"
    " a.name, c.email, c.name, coalesce(btrim(r.subject), ''),"
    " coalesce(r.reply_text, ''), an.response_type, an.key_insights,"
    " an.opportunity_score, an.sentiment,"
    " (SELECT coalesce(string_agg('  - ' || x, E'\\n'), '')"
    "  FROM jsonb_array_elements_text(an.action_items) x)"
    " FROM replies r JOIN accounts a ON a.id = r.account_id"
    " JOIN customers c ON c.id = r.customer_id"
    " JOIN analyses an ON an.reply_id = r.id WHERE r.id = $1";

/* A reply's subject for the alert: never an empty space. */
static const char *
notify_subject(PGresult *res)
{
	const char *s = PQgetvalue(res, 0, 4);

	return *s ? s : "(no subject)";
}

/* The alert's text: what a busy person needs to decide to act. */
static char *
notify_alert_text(PGresult *res)
{
	struct buf b;

	buf_init(&b);
	buf_printf(&b, "%s%s%s wrote back (%s, %s, opportunity %s/5).\n\n",
		   *PQgetvalue(res, 0, 3) ? PQgetvalue(res, 0, 3) : "",
		   *PQgetvalue(res, 0, 3) ? " " : "", PQgetvalue(res, 0, 2),
		   PQgetvalue(res, 0, 6), PQgetvalue(res, 0, 9),
		   PQgetvalue(res, 0, 8));
	if (*PQgetvalue(res, 0, 7))
		buf_printf(&b, "In short: %s\n\n", PQgetvalue(res, 0, 7));
	if (*PQgetvalue(res, 0, 10))
		buf_printf(&b, "To do:\n%s\n\n", PQgetvalue(res, 0, 10));
	buf_printf(&b, "Subject: %s\n\n%s\n\n-- \npostreply\n",
		   notify_subject(res), PQgetvalue(res, 0, 5));
	return b.data;
}

int
notify_alert(PGconn *conn, long long reply_id, char *err, size_t errlen)
{
	char id[32], *subject, *text, *why;
	const char *params[] = {id};
	PGresult *res;
	int rc;

	snprintf(id, sizeof(id), "%lld", reply_id);
	if ((res = db_query(conn, notify_alert_sql, 1, params)) == NULL) {
		snprintf(err, errlen, "cannot load reply %s", id);
		return -1;
	}
	if (PQntuples(res) == 0) { /* deleted since: nothing to say */
		PQclear(res);
		return 0;
	}
	subject = xasprintf("[postreply] %s from %s: %s",
			    strcmp(PQgetvalue(res, 0, 6), "high_value") == 0
				? "High-value reply"
				: "Reply needing attention",
			    PQgetvalue(res, 0, 2), notify_subject(res));
	text = notify_alert_text(res);
	why = mailout_own(PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 0), subject,
			  text);
	if (why)
		snprintf(err, errlen, "alert for reply %s: %s", id, why);
	else
		msg_info("reply %s: alert sent to %s", id,
			 PQgetvalue(res, 0, 0));
	rc = why ? -1 : 0;
	free(why);
	free(subject);
	free(text);
	PQclear(res);
	return rc;
}

/* A string of a notice's payload, or "" when missing. */
static const char *
notify_field(json_object *o, const char *key)
{
	json_object *v;

	if (json_object_object_get_ex(o, key, &v) &&
	    json_object_is_type(v, json_type_string))
		return json_object_get_string(v);
	return "";
}

/* The notice's mail, from the job's payload; NULL or why it failed. */
static char *
notify_notice_send(json_object *o)
{
	const char *customer = notify_field(o, "customer");
	char *subj = xasprintf("[postreply] Follow-up sent to %s: %s", customer,
			       notify_field(o, "subject"));
	char *body = xasprintf("postreply sent this follow-up to %s:\n\n%s\n"
			       "-- \npostreply\n",
			       customer, notify_field(o, "text"));
	char *why = mailout_own(NULL, notify_field(o, "to"), subj, body);

	free(subj);
	free(body);
	return why;
}

int
notify_followup_notice(const struct job *job, long long followup_id, char *err,
		       size_t errlen)
{
	json_object *o = json_tokener_parse(job->payload);
	char *why;
	int rc;

	if (o == NULL) {
		snprintf(err, errlen, "bad payload for a %s job", job->kind);
		return -1;
	}
	if ((why = notify_notice_send(o)) != NULL)
		snprintf(err, errlen, "follow-up notice to %s: %s",
			 notify_field(o, "to"), why);
	else
		msg_info("follow-up %lld: notice sent to %s", followup_id,
			 notify_field(o, "to"));
	rc = why ? -1 : 0;
	json_object_put(o);
	free(why);
	return rc;
}

/* The webhook body: the reply, its analysis, its customer and account. */
static const char notify_webhook_sql[] =
    "SELECT json_build_object('event', 'reply_analyzed',"
    " 'reply', json_build_object('id', r.id, 'from', r.from_header,"
    "  'subject', r.subject, 'text', r.reply_text,"
    "  'received_at', r.received_at, 'message_id', r.message_id,"
    "  'auto_reply', r.auto_reply, 'bounce', r.bounce,"
    "  'manual', r.manual, 'channel', r.channel),"
    " 'analysis', to_jsonb(an) - 'reply_id' - 'raw',"
    " 'customer', json_build_object('email', c.email, 'name', c.name,"
    "  'status', c.status),"
    " 'account', json_build_object('email', a.email, 'name', a.name))"
    " FROM replies r JOIN accounts a ON a.id = r.account_id"
    " JOIN customers c ON c.id = r.customer_id"
    " JOIN analyses an ON an.reply_id = r.id WHERE r.id = $1";

static size_t
notify_discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

/*
 * The signature of a webhook: HMAC-SHA256 with the secret of
 * "<timestamp>.<body>" in hex, as Stripe and Slack sign theirs. The body
 * alone could be recorded and posted again at any time; with the time it
 * was signed, a receiver refuses what is older than its replay window.
 */
static char *
notify_sign(const char *secret, const char *timestamp, const char *body,
	    size_t len)
{
	GHmac *hmac;
	char *sig;

	hmac = g_hmac_new(G_CHECKSUM_SHA256, (const guchar *)secret,
			  strlen(secret));
	g_hmac_update(hmac, (const guchar *)timestamp, -1);
	g_hmac_update(hmac, (const guchar *)".", 1);
	g_hmac_update(hmac, (const guchar *)body, (gssize)len);
	sig = xstrdup(g_hmac_get_string(hmac));
	g_hmac_unref(hmac);
	return sig;
}

/*
 * The headers of a webhook signed now: each attempt is signed again, so a
 * retry after a backoff is not taken for a replay.
 */
static struct curl_slist *
notify_headers(struct curl_slist *h, const char *content_type,
	       const char *secret, const char *body, size_t len)
{
	char ts[32], *sig, *hdr;

	hdr = xasprintf("Content-Type: %s", content_type);
	h = curl_slist_append(h, hdr);
	free(hdr);
	if (secret == NULL)
		return h;
	snprintf(ts, sizeof(ts), "%lld", (long long)time(NULL));
	sig = notify_sign(secret, ts, body, len);
	hdr = xasprintf("X-PostReply-Timestamp: %s", ts);
	h = curl_slist_append(h, hdr);
	free(hdr);
	hdr = xasprintf("X-PostReply-Signature: sha256=%s", sig);
	h = curl_slist_append(h, hdr);
	free(hdr);
	free(sig);
	return h;
}

long
notify_http_post(const char *url, const char *content_type, const char *body,
		 size_t len, const char *secret, struct curl_slist *extra,
		 char *err, size_t errlen)
{
	char curlerr[CURL_ERROR_SIZE] = "";
	struct curl_slist *h;
	long status = 0;
	CURLcode rc;
	CURL *curl;

	if ((curl = curl_easy_init()) == NULL) {
		snprintf(err, errlen, "cannot initialize libcurl");
		curl_slist_free_all(extra);
		return -1;
	}
	h = notify_headers(extra, content_type, secret, body, len);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)NOTIFY_WEBHOOK_TIMEOUT);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curlerr);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, notify_discard);
	rc = curl_easy_perform(curl);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(curl);
	curl_slist_free_all(h);
	if (rc != CURLE_OK) {
		snprintf(err, errlen, "webhook: %s",
			 curlerr[0] ? curlerr : curl_easy_strerror(rc));
		return -1;
	}
	return status;
}

/* POST body, signed; 0 on a 2xx answer, else -1 with why in err. */
static int
notify_post(const char *body, const char *secret, char *err, size_t errlen)
{
	long status =
	    notify_http_post(conf_cur()->webhook_url, "application/json", body,
			     strlen(body), secret, NULL, err, errlen);

	if (status < 0)
		return -1;
	if (status < 200 || status > 299) {
		snprintf(err, errlen, "webhook: the server answered %ld",
			 status);
		return -1;
	}
	return 0;
}

/* What a follow-up webhook carries: the step, the email, who. */
static const char notify_followup_sql[] =
    "SELECT json_build_object('event', 'followup_sent',"
    " 'followup', json_build_object('id', f.id, 'scenario', f.scenario,"
    "  'step', f.step, 'conversation_id', f.conversation_id),"
    " 'email', json_build_object('subject', s.subject,"
    "  'text', (SELECT e.detail->>'text' FROM events e"
    "   WHERE e.customer_id = f.customer_id AND e.kind = 'followup_sent'"
    "   AND e.sent_email_id = s.id LIMIT 1),"
    "  'message_id', s.message_id, 'sent_at', s.sent_at),"
    " 'customer', json_build_object('email', c.email, 'name', c.name,"
    "  'status', c.status),"
    " 'account', json_build_object('email', a.email, 'name', a.name))"
    " FROM followups f JOIN sent_emails s ON s.id = f.sent_email_id"
    " JOIN accounts a ON a.id = f.account_id"
    " JOIN customers c ON c.id = f.customer_id WHERE f.id = $1";

/*
 * POST what sql makes of id, signed with the secret. What is gone since
 * the job was queued is not posted.
 */
static int
notify_webhook_of(PGconn *conn, const char *sql, const char *what, long long id,
		  char *err, size_t errlen)
{
	char sid[32], *secret, why[512];
	const char *params[] = {sid}, *body;
	PGresult *res;
	int rc;

	snprintf(sid, sizeof(sid), "%lld", id);
	/* Webhooks turned off since the job was queued: nothing to do. */
	if (*conf_cur()->webhook_url == 0) {
		msg_warn("%s %s: webhook_url is not set; no webhook sent", what,
			 sid);
		return 0;
	}
	if (secret_read("webhook_secret_file", conf_cur()->webhook_secret_file,
			&secret, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "webhook: %s", why);
		return -1;
	}
	if (secret == NULL) {
		snprintf(err, errlen,
			 "webhook: webhook_secret_file is not set");
		return -1;
	}
	if ((res = db_query(conn, sql, 1, params)) == NULL) {
		snprintf(err, errlen, "cannot load %s %s", what, sid);
		free(secret);
		return -1;
	}
	rc = 0;
	if (PQntuples(res) > 0) {
		body = PQgetvalue(res, 0, 0);
		rc = notify_post(body, secret, err, errlen);
		if (rc == 0)
			msg_info("%s %s: webhook delivered", what, sid);
	}
	PQclear(res);
	free(secret);
	return rc;
}

char *
notify_reply_json(PGconn *conn, long long reply_id)
{
	char sid[32], *body = NULL;
	const char *params[] = {sid};
	PGresult *res;

	snprintf(sid, sizeof(sid), "%lld", reply_id);
	if ((res = db_query(conn, notify_webhook_sql, 1, params)) == NULL)
		return NULL;
	body = xstrdup(PQntuples(res) ? PQgetvalue(res, 0, 0) : "");
	PQclear(res);
	return body;
}

int
notify_webhook(PGconn *conn, long long reply_id, char *err, size_t errlen)
{
	return notify_webhook_of(conn, notify_webhook_sql, "reply", reply_id,
				 err, errlen);
}

int
notify_followup_webhook(PGconn *conn, long long followup_id, char *err,
			size_t errlen)
{
	return notify_webhook_of(conn, notify_followup_sql, "follow-up",
				 followup_id, err, errlen);
}
