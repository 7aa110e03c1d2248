/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * log-reply: a reply that came outside the tracked path (a phone call, a
 * meeting, a mail to another mailbox), typed in by the person who got it.
 * It is recorded like a reply the milter stored, in one transaction,
 * by core's statements (replies_log_sql, replies_log_status_sql): a
 * replies row marked manual with its channel and text (no raw message),
 * a reply event at the time it was received, the conversation's last
 * activity, the customer's status (new or contacted become replied) and
 * an analysis job. The unread count is left alone: whoever logs a reply
 * has read it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "buf.h"
#include "commands.h"
#include "conf.h"
#include "ctl.h"
#include "db.h"
#include "msg.h"
#include "replies.h"
#include "xmalloc.h"

enum {
	OPT_ACCOUNT = 256,
	OPT_CUSTOMER,
	OPT_TEXT,
	OPT_TEXT_FILE,
	OPT_CHANNEL,
	OPT_AT
};

static const struct option reply_opts[] = {
    {"account", required_argument, NULL, OPT_ACCOUNT},
    {"customer", required_argument, NULL, OPT_CUSTOMER},
    {"text", required_argument, NULL, OPT_TEXT},
    {"text-file", required_argument, NULL, OPT_TEXT_FILE},
    {"channel", required_argument, NULL, OPT_CHANNEL},
    {"at", required_argument, NULL, OPT_AT},
    {NULL, 0, NULL, 0},
};

static const char *const reply_channels[] = {"phone", "email", "meeting",
					     "other", NULL};

struct reply_args {
	const char *account;
	const char *customer;
	const char *text;
	const char *text_file;
	const char *channel;
	const char *at; /* NULL: now */
};

static void
reply_parse(int argc, char **argv, struct reply_args *a)
{
	int c, i;

	memset(a, 0, sizeof(*a));
	a->channel = "other";
	while ((c = ctl_getopt(argc, argv, reply_opts)) != -1) {
		if (c == OPT_ACCOUNT)
			a->account = optarg;
		else if (c == OPT_CUSTOMER)
			a->customer = optarg;
		else if (c == OPT_TEXT)
			a->text = optarg;
		else if (c == OPT_TEXT_FILE)
			a->text_file = optarg;
		else if (c == OPT_CHANNEL)
			a->channel = optarg;
		else if (c == OPT_AT)
			a->at = optarg;
	}
	ctl_need(a->account, "--account EMAIL");
	ctl_need(a->customer, "--customer EMAIL");
	ctl_need(a->text ? a->text : a->text_file, "--text T or --text-file F");
	if (a->text && a->text_file)
		ctl_usage_error("give --text or --text-file, not both");
	ctl_no_more(argc, argv);
	for (i = 0; reply_channels[i]; i++)
		if (strcmp(a->channel, reply_channels[i]) == 0)
			break;
	if (reply_channels[i] == NULL)
		msg_fatal(EX_DATAERR,
			  "unknown channel \"%s\"; use one of: phone, email, "
			  "meeting, other",
			  a->channel);
	ctl_check_address("account", a->account);
	ctl_check_address("customer", a->customer);
}

/*
 * The text of --text-file ("-" is standard input), without trailing
 * newlines; exits EX_NOINPUT when it cannot be read.
 */
static char *
reply_read_file(const char *path)
{
	long long max = conf_cur()->max_stored_message_size;
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	struct buf b;
	char chunk[8192];
	size_t n;

	if (fp == NULL)
		msg_fatal(EX_NOINPUT, "cannot open %s: %s", path,
			  strerror(errno));
	buf_init(&b);
	buf_append(&b, "", 0);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		buf_append(&b, chunk, n);
		if ((long long)b.len > max)
			msg_fatal(EX_DATAERR,
				  "%s is larger than max_stored_message_size",
				  path);
	}
	if (ferror(fp))
		msg_fatal(EX_NOINPUT, "cannot read %s: %s", path,
			  strerror(errno));
	if (fp != stdin)
		fclose(fp);
	ctl_check_text("text of the reply", b.data, b.len);
	while (b.len > 0 &&
	       (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == '\r'))
		b.data[--b.len] = 0;
	return b.data;
}

/*
 * --at as PostgreSQL reads it (any input timestamptz accepts; a time
 * without a zone is in the session's time zone), in a form that reads
 * back the same. A bad or future time exits EX_DATAERR.
 */
static char *
reply_time(PGconn *conn, const char *at)
{
	const char *params[] = {at};
	PGresult *res;
	char err[256], *canon;
	const char *why;

	res = PQexecParams(conn,
			   "SELECT $1::timestamptz,"
			   " $1::timestamptz > now() + interval '1 minute'",
			   1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		db_error(conn, err, sizeof(err));
		if (PQstatus(conn) != CONNECTION_OK)
			msg_fatal(EX_TEMPFAIL,
				  "lost the database connection: %s", err);
		why = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		msg_fatal(EX_DATAERR,
			  "bad time for --at: %s; expected a date and time "
			  "such as \"2024-05-02 14:30\"",
			  why ? why : err);
	}
	if (*PQgetvalue(res, 0, 1) == 't')
		msg_fatal(EX_DATAERR, "--at \"%s\" is in the future", at);
	canon = xstrdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return canon;
}

int
cmd_log_reply(int argc, char **argv)
{
	struct reply_args a;
	long long account_id, customer_id;
	char account[32], customer[32], conv[32];
	char *text = NULL, *at = NULL, *reply_id;
	PGconn *conn;
	PGresult *res;

	reply_parse(argc, argv, &a);
	if (a.text)
		ctl_check_text("text of the reply", a.text, strlen(a.text));
	else
		text = reply_read_file(a.text_file);
	conn = ctl_db();
	account_id = ctl_account_id(conn, a.account);
	if (a.at)
		at = reply_time(conn, a.at);
	PQclear(ctl_query(conn, "BEGIN", 0, NULL));
	customer_id = ctl_customer_id(conn, account_id, a.customer, NULL, 1);
	if (customer_id == 0) /* added meanwhile by someone else */
		customer_id =
		    ctl_customer_known(conn, account_id, a.account, a.customer);
	snprintf(account, sizeof(account), "%lld", account_id);
	snprintf(customer, sizeof(customer), "%lld", customer_id);
	const char *params[] = {account, customer, a.channel,
				text ? text : a.text, at};
	res = ctl_query(conn, replies_log_sql, 5, params);
	reply_id = xstrdup(PQgetvalue(res, 0, 0));
	snprintf(conv, sizeof(conv), "%s", PQgetvalue(res, 0, 1));
	PQclear(res);
	const char *st_params[] = {account, customer, conv, at, "postreplyctl"};
	res = ctl_query(conn, replies_log_status_sql, 5, st_params);
	PQclear(ctl_query(conn, "COMMIT", 0, NULL));
	printf("logged %s reply from %s to %s (reply %s)%s%s%s\n", a.channel,
	       a.customer, a.account, reply_id,
	       PQntuples(res) ? "; status " : "",
	       PQntuples(res) ? PQgetvalue(res, 0, 0) : "",
	       PQntuples(res) ? " -> replied" : "");
	PQclear(res);
	PQfinish(conn);
	free(reply_id);
	free(text);
	free(at);
	return EX_OK;
}
