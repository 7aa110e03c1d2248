/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * webhook: the inbound webhooks, for the operator. "webhook add" declares
 * one (a URL, a format, optionally an account and a secret file), "list"
 * shows them, "test" posts a stored reply to one now, "remove" drops one.
 * The one rule between the two places a webhook is declared: the webhooks
 * of postreplyctl live in the database, any number and any format; those
 * of postreply.conf are listed as "conf" (webhook_url, postreply's
 * format) and "conf:N" (the Nth of inbound_webhooks), tested like the
 * others, and changed only in the file. The rows are core/webhooks.c's,
 * the file's core/confhooks.c's. webhook_check is postreplyctl check's
 * look at the file's.
 */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "check_findings.h"
#include "commands.h"
#include "conf.h"
#include "confhooks.h"
#include "confvalue.h"
#include "ctl.h"
#include "db.h"
#include "hookformats.h"
#include "msg.h"
#include "secret.h"
#include "webhook.h"
#include "webhooks.h"
#include "xmalloc.h"

enum { OPT_FORMAT = 256, OPT_ACCOUNT, OPT_SECRET_FILE, OPT_JSON };

static const struct option webhook_add_opts[] = {
    {"format", required_argument, NULL, OPT_FORMAT},
    {"account", required_argument, NULL, OPT_ACCOUNT},
    {"secret-file", required_argument, NULL, OPT_SECRET_FILE},
    {NULL, 0, NULL, 0},
};

/* Exit EX_DATAERR unless url is an http or https URL without spaces. */
static void
webhook_check_url(const char *url)
{
	const char *why = confvalue_webhook_url(url);

	if (why)
		msg_fatal(EX_DATAERR, "bad URL \"%s\": %s", url, why);
}

/* Exit EX_DATAERR unless the secret file can be read as a secret now. */
static void
webhook_check_secret(const char *path)
{
	char why[512], *secret;

	if (secret_read("--secret-file", path, &secret, why, sizeof(why)) < 0)
		msg_fatal(EX_DATAERR, "%s", why);
	free(secret);
}

int
cmd_webhook_add(int argc, char **argv)
{
	const char *format = NULL, *account = NULL, *secret_file = "", *url;
	long long account_id = 0, id;
	PGconn *conn;
	int c;

	while ((c = ctl_getopt(argc, argv, webhook_add_opts)) != -1) {
		if (c == OPT_FORMAT)
			format = optarg;
		else if (c == OPT_ACCOUNT)
			account = optarg;
		else if (c == OPT_SECRET_FILE)
			secret_file = optarg;
	}
	url = ctl_operand(argc, argv, "URL");
	ctl_need(format, "--format sendgrid|sendgrid-raw|postmark|mailgun|"
			 "postreply");
	ctl_no_more(argc, argv);
	webhook_check_url(url);
	if (!hookformats_valid(format))
		msg_fatal(EX_DATAERR,
			  "unknown format \"%s\"; use " HOOKFORMATS_SAID,
			  format);
	if (strcmp(format, "mailgun") == 0 && *secret_file == 0)
		ctl_usage_error("--format mailgun needs --secret-file F: the "
				"key its posts are signed with");
	if (*secret_file)
		webhook_check_secret(secret_file);
	conn = ctl_db();
	if (account)
		account_id = ctl_account_id(conn, account);
	if ((id = webhooks_add(conn, url, format, account_id, secret_file)) < 0)
		ctl_core_failed(conn);
	printf("added webhook %lld: %s replies to %s as %s\n", id,
	       account ? account : "every account's", url, format);
	PQfinish(conn);
	return EX_OK;
}

static const struct option webhook_list_opts[] = {
    {"json", no_argument, NULL, OPT_JSON},
    {NULL, 0, NULL, 0},
};

/* A webhook as JSON; id may be "conf". */
static json_object *
webhook_json(const char *id, const char *url, const char *format,
	     const char *account, const char *secret_file, const char *source)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "id", json_object_new_string(id));
	json_object_object_add(o, "url", json_object_new_string(url));
	json_object_object_add(o, "format", json_object_new_string(format));
	json_object_object_add(
	    o, "account", *account ? json_object_new_string(account) : NULL);
	json_object_object_add(o, "secret_file",
			       json_object_new_string(secret_file));
	json_object_object_add(o, "declared_in",
			       json_object_new_string(source));
	return o;
}

/*
 * Every webhook, those of postreply.conf first (webhook_url as "conf",
 * inbound_webhooks as "conf:1", "conf:2"...), as JSON.
 */
static json_object *
webhook_list_json(PGresult *res)
{
	json_object *arr = json_object_new_array();
	struct confhooks h;
	char id[32];
	size_t n;
	int i;

	if (*conf_cur()->webhook_url)
		json_object_array_add(
		    arr,
		    webhook_json("conf", conf_cur()->webhook_url, "postreply",
				 "", conf_cur()->webhook_secret_file,
				 "postreply.conf"));
	confhooks_current(&h);
	for (n = 0; n < h.n; n++) {
		snprintf(id, sizeof(id), "conf:%zu", n + 1);
		json_object_array_add(
		    arr,
		    webhook_json(id, h.v[n].url, h.v[n].format, h.v[n].account,
				 h.v[n].secret_file, "postreply.conf"));
	}
	confhooks_free(&h);
	for (i = 0; i < PQntuples(res); i++)
		json_object_array_add(
		    arr, webhook_json(PQgetvalue(res, i, WEBHOOKS_ID),
				      PQgetvalue(res, i, WEBHOOKS_URL),
				      PQgetvalue(res, i, WEBHOOKS_FORMAT),
				      PQgetvalue(res, i, WEBHOOKS_ACCOUNT),
				      PQgetvalue(res, i, WEBHOOKS_SECRET_FILE),
				      "postreplyctl"));
	return arr;
}

int
cmd_webhook_list(int argc, char **argv)
{
	json_object *arr, *o, *v;
	PGconn *conn;
	PGresult *res;
	int c, json = 0;
	size_t i;

	while ((c = ctl_getopt(argc, argv, webhook_list_opts)) != -1)
		if (c == OPT_JSON)
			json = 1;
	ctl_no_more(argc, argv);
	conn = ctl_db();
	res = ctl_core(conn, webhooks_list(conn));
	arr = webhook_list_json(res);
	if (json) {
		printf("%s\n", json_object_to_json_string_ext(
				   arr, JSON_C_TO_STRING_PLAIN |
					    JSON_C_TO_STRING_NOSLASHESCAPE));
	} else {
		printf("%-6s %-12s %-24s %s\n", "ID", "FORMAT", "ACCOUNT",
		       "URL");
		for (i = 0; i < json_object_array_length(arr); i++) {
			o = json_object_array_get_idx(arr, i);
			json_object_object_get_ex(o, "account", &v);
			printf("%-6s %-12s %-24s %s%s\n",
			       json_object_get_string(
				   json_object_object_get(o, "id")),
			       json_object_get_string(
				   json_object_object_get(o, "format")),
			       v ? json_object_get_string(v) : "(all)",
			       json_object_get_string(
				   json_object_object_get(o, "url")),
			       strncmp(json_object_get_string(
					   json_object_object_get(o, "id")),
				       "conf", 4) == 0
				   ? "  (postreply.conf, read-only)"
				   : "");
		}
	}
	json_object_put(arr);
	PQclear(res);
	PQfinish(conn);
	return EX_OK;
}

/*
 * The operand ID: a webhook number, or with conf set "conf:N" too (its
 * N in *conf, else 0); or exit saying what is wrong.
 */
static const char *
webhook_id(int argc, char **argv, size_t *conf)
{
	const char *id;
	char *end;
	long long n;

	ctl_options_none(argc, argv);
	id = ctl_operand(
	    argc, argv,
	    "ID (a webhook number, from postreplyctl webhook list)");
	ctl_no_more(argc, argv);
	if (strcmp(id, "conf") == 0)
		msg_fatal(EX_DATAERR,
			  "the webhook of postreply.conf is changed in the "
			  "file (webhook_url), not with postreplyctl");
	if (strncmp(id, "conf:", 5) == 0) {
		if (conf == NULL)
			msg_fatal(EX_DATAERR,
				  "webhook %s is declared in postreply.conf "
				  "(inbound_webhooks): change it in the file, "
				  "then reload the analyzer (kill -HUP)",
				  id);
		n = strtoll(id + 5, &end, 10);
		if (n <= 0 || *end)
			ctl_usage_error("bad ID \"%s\": expected conf:N, as "
					"postreplyctl webhook list shows",
					id);
		*conf = (size_t)n;
		return id;
	}
	if (strtoll(id, &end, 10) <= 0 || *end)
		ctl_usage_error("bad ID \"%s\": expected a webhook number, as "
				"postreplyctl webhook list shows",
				id);
	if (conf)
		*conf = 0;
	return id;
}

int
cmd_webhook_remove(int argc, char **argv)
{
	const char *id = webhook_id(argc, argv, NULL);
	PGconn *conn = ctl_db();

	if (ctl_core_rc(conn, webhooks_remove(conn, id)) == 0)
		msg_fatal(EX_NOINPUT, "no webhook %s", id);
	printf("removed webhook %s\n", id);
	PQfinish(conn);
	return EX_OK;
}

/* The latest reply of res (webhooks_sample's), or exit: none yet. */
static char *
webhook_sample(PGconn *conn, PGresult *res, const char *id)
{
	char *reply;

	res = ctl_core(conn, res);
	if (PQntuples(res) == 0)
		msg_fatal(EX_NOINPUT,
			  "webhook %s: no reply received yet to post as a "
			  "sample",
			  id);
	reply = xstrdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return reply;
}

/* webhook test conf:N: the Nth webhook of postreply.conf. */
static int
webhook_test_conf(PGconn *conn, const char *id, size_t n)
{
	struct confhooks h;
	char *reply;
	int rc;

	confhooks_current(&h);
	if (n > h.n)
		msg_fatal(EX_NOINPUT,
			  "no webhook %s: inbound_webhooks in postreply.conf "
			  "declares %zu",
			  id, h.n);
	reply = webhook_sample(
	    conn, webhooks_sample_account(conn, h.v[n - 1].account), id);
	rc = ctl_core_rc(conn, webhooks_queue_conf(conn, &h.v[n - 1], reply));
	confhooks_free(&h);
	if (rc == 0)
		msg_fatal(EX_NOINPUT, "webhook %s: the sample reply is gone",
			  id);
	printf("webhook %s: reply %s queued to be posted; postreplyctl jobs "
	       "shows how it went\n",
	       id, reply);
	free(reply);
	return EX_OK;
}

int
cmd_webhook_test(int argc, char **argv)
{
	size_t conf;
	const char *id = webhook_id(argc, argv, &conf);
	PGconn *conn = ctl_db();
	PGresult *res;
	char *reply;

	if (conf) {
		webhook_test_conf(conn, id, conf);
		PQfinish(conn);
		return EX_OK;
	}
	res = ctl_core(conn, webhooks_get(conn, id));
	if (PQntuples(res) == 0)
		msg_fatal(EX_NOINPUT, "no webhook %s", id);
	PQclear(res);
	reply = webhook_sample(conn, webhooks_sample(conn, id), id);
	if (ctl_core_rc(conn, webhooks_queue_one(conn, id, reply)) == 0)
		msg_fatal(EX_NOINPUT, "webhook %s: the sample reply is gone",
			  id);
	printf("webhook %s: reply %s queued to be posted; postreplyctl jobs "
	       "shows how it went\n",
	       id, reply);
	free(reply);
	PQfinish(conn);
	return EX_OK;
}

/*
 * For postreplyctl check: each webhook of postreply.conf can read its
 * secret file now, and posts the replies of an account that exists (conn
 * NULL: the database did not answer, which check says already).
 */
void
webhook_check(PGconn *conn)
{
	struct confhooks h;
	char why[512], *secret, *fix;
	const char *params[1];
	PGresult *res;
	size_t i;

	confhooks_current(&h);
	for (i = 0; i < h.n; i++) {
		const struct confhook *w = &h.v[i];

		if (secret_read("secret_file", w->secret_file, &secret, why,
				sizeof(why)) < 0) {
			check_error("webhooks",
				    "fix the file, or secret_file in "
				    "inbound_webhooks",
				    "webhook conf:%zu (%s): %s", i + 1,
				    w->format, why);
			continue;
		}
		free(secret);
		params[0] = w->account;
		res = *w->account && conn
			  ? db_query(conn,
				     "SELECT 1 FROM accounts"
				     " WHERE lower(email) = lower($1)",
				     1, params)
			  : NULL;
		if (res && PQntuples(res) == 0) {
			fix = xasprintf("postreplyctl account add %s, or "
					"correct account in inbound_webhooks",
					w->account);
			check_error("webhooks", fix,
				    "webhook conf:%zu (%s) posts the replies "
				    "of account %s, which does not exist",
				    i + 1, w->format, w->account);
			free(fix);
		} else
			check_ok("webhooks", "webhook conf:%zu (%s) is ready",
				 i + 1, w->format);
		PQclear(res);
	}
	confhooks_free(&h);
}
