/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tokens list and tokens purge: the reply addresses a customer was given,
 * and the removal of old ones. A token stays after it expires so that a
 * late reply is told "expired" rather than "unknown"; once it is both
 * expired and older than token_retention it is purged. Replies keep
 * their data (replies.token becomes NULL), and a later reply to a purged
 * address is refused as unknown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "commands.h"
#include "conf.h"
#include "ctl.h"
#include "msg.h"
#include "replyaddr.h"
#include "xmalloc.h"

enum { OPT_ACCOUNT = 256, OPT_JSON };

static const struct option tokens_opts[] = {
    {"account", required_argument, NULL, OPT_ACCOUNT},
    {"json", no_argument, NULL, OPT_JSON},
    {NULL, 0, NULL, 0},
};

/*
 * Every token sent to the customer (of any account, or the one given),
 * oldest first. $3 and $4 are what goes before and after the token in a
 * reply address (replyaddr_around). Subjects come from mail: control characters
 * become '?'.
 */
#define TOKENS_ROWS                                                            \
	"SELECT a.email AS account, c.email AS customer,"                      \
	" $3 || t.token || $4 AS reply_address,"                               \
	" regexp_replace(se.subject, '[\\u0001-\\u001f\\u007f-\\u009f]',"      \
	"  '?', 'g') AS subject,"                                              \
	" se.message_id, t.issued_at, t.expires_at,"                           \
	" CASE WHEN t.expires_at <= now() THEN 'expired' ELSE 'valid' END"     \
	"  AS state"                                                           \
	" FROM token_customers tc"                                             \
	" JOIN reply_tokens t ON t.token = tc.token"                           \
	" JOIN sent_emails se ON se.id = tc.sent_email_id"                     \
	" JOIN customers c ON c.id = tc.customer_id"                           \
	" JOIN accounts a ON a.id = c.account_id"                              \
	" WHERE lower(c.email) = lower($1)"                                    \
	" AND ($2::text IS NULL OR lower(a.email) = lower($2))"

static const char tokens_json_sql[] =
    "SELECT coalesce(jsonb_pretty(jsonb_agg(to_jsonb(r)"
    " ORDER BY r.issued_at, r.reply_address)), '[]')"
    " FROM (" TOKENS_ROWS ") r";

static const char tokens_text_sql[] =
    "SELECT account, reply_address,"
    " to_char(issued_at, 'YYYY-MM-DD HH24:MI'),"
    " to_char(expires_at, 'YYYY-MM-DD HH24:MI'), state, subject"
    " FROM (" TOKENS_ROWS ") r ORDER BY issued_at, reply_address";

static void
tokens_print_text(PGresult *res, int with_account)
{
	int i, n = PQntuples(res), aw = 7, rw = 13, w;

	for (i = 0; i < n; i++) {
		if ((w = (int)strlen(PQgetvalue(res, i, 0))) > aw)
			aw = w;
		if ((w = (int)strlen(PQgetvalue(res, i, 1))) > rw)
			rw = w;
	}
	if (with_account)
		printf("%-*s  ", aw, "ACCOUNT");
	printf("%-*s  %-16s  %-16s  %-7s  %s\n", rw, "REPLY ADDRESS", "ISSUED",
	       "EXPIRES", "STATE", "SUBJECT");
	for (i = 0; i < n; i++) {
		if (with_account)
			printf("%-*s  ", aw, PQgetvalue(res, i, 0));
		printf("%-*s  %-16s  %-16s  %-7s  %s\n", rw,
		       PQgetvalue(res, i, 1), PQgetvalue(res, i, 2),
		       PQgetvalue(res, i, 3), PQgetvalue(res, i, 4),
		       PQgetvalue(res, i, 5));
	}
}

int
cmd_tokens_list(int argc, char **argv)
{
	const char *account = NULL, *customer;
	char *before, *after;
	int c, json = 0;
	PGconn *conn;
	PGresult *res;

	while ((c = ctl_getopt(argc, argv, tokens_opts)) != -1) {
		if (c == OPT_ACCOUNT)
			account = optarg;
		else if (c == OPT_JSON)
			json = 1;
	}
	customer = ctl_operand(argc, argv, "CUSTOMER_EMAIL");
	ctl_no_more(argc, argv);
	ctl_check_address("customer", customer);
	replyaddr_around(&before, &after);
	const char *params[] = {customer, account, before, after};
	conn = ctl_db();
	if (account)
		ctl_customer_known(conn, ctl_account_id(conn, account), account,
				   customer);
	res = ctl_query(
	    conn, "SELECT 1 FROM customers WHERE lower(email) = lower($1)", 1,
	    params);
	if (PQntuples(res) == 0)
		msg_fatal(EX_NOUSER, "no customer %s", customer);
	PQclear(res);
	res = ctl_query(conn, json ? tokens_json_sql : tokens_text_sql, 4,
			params);
	if (json)
		printf("%s\n", PQgetvalue(res, 0, 0));
	else
		tokens_print_text(res, account == NULL);
	PQclear(res);
	PQfinish(conn);
	free(before);
	free(after);
	return EX_OK;
}

int
cmd_tokens_purge(int argc, char **argv)
{
	char retention[32];
	const char *params[] = {retention};
	PGconn *conn;
	PGresult *res;

	(void)argv;
	ctl_options_none(argc, argv);
	ctl_no_more(argc, argv);
	snprintf(retention, sizeof(retention), "%lld",
		 conf_cur()->token_retention);
	conn = ctl_db();
	res = ctl_query(conn,
			"WITH cut AS (SELECT now() - $1::bigint * interval '1 "
			"second' AS t),"
			" gone AS (DELETE FROM reply_tokens r USING cut"
			"  WHERE r.issued_at < cut.t AND r.expires_at <= now()"
			"  RETURNING 1)"
			" SELECT (SELECT count(*) FROM gone),"
			" to_char(t, 'YYYY-MM-DD HH24:MI:SS TZ') FROM cut",
			1, params);
	printf("purged %s expired reply address%s issued before %s\n",
	       PQgetvalue(res, 0, 0),
	       strcmp(PQgetvalue(res, 0, 0), "1") == 0 ? "" : "es",
	       PQgetvalue(res, 0, 1));
	PQclear(res);
	PQfinish(conn);
	return EX_OK;
}
