/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * inbox and read: the conversations of one account (or all), one line
 * each, with what needs looking at first. The order is the last reply's
 * analysis (needs_attention, then high_value, then the rest), then the
 * newest last reply (the last activity when there is no reply yet).
 * read marks a conversation's replies as read. The rows are
 * core/views.c's and the read mark core/actions.c's; this file prints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "actions.h"
#include "commands.h"
#include "ctl.h"
#include "msg.h"
#include "views.h"

enum { OPT_ACCOUNT = 256, OPT_UNREAD, OPT_JSON };

static const struct option inbox_opts[] = {
    {"account", required_argument, NULL, OPT_ACCOUNT},
    {"unread", no_argument, NULL, OPT_UNREAD},
    {"json", no_argument, NULL, OPT_JSON},
    {NULL, 0, NULL, 0},
};

static const struct option read_opts[] = {
    {"account", required_argument, NULL, OPT_ACCOUNT},
    {NULL, 0, NULL, 0},
};

static int
inbox_width(PGresult *res, int col, const char *title)
{
	int i, w = (int)strlen(title), len;

	for (i = 0; i < PQntuples(res); i++)
		if ((len = PQgetlength(res, i, col)) > w)
			w = len;
	return w;
}

static void
inbox_print_text(PGresult *res, int with_account)
{
	int aw = inbox_width(res, VIEWS_INBOX_ACCOUNT, "ACCOUNT");
	int cw = inbox_width(res, VIEWS_INBOX_CUSTOMER, "CUSTOMER");
	int color = isatty(STDOUT_FILENO), i;
	const char *type, *on;

	if (with_account)
		printf("%-*s  ", aw, "ACCOUNT");
	printf("%-*s  %-14s  %6s  %-16s  %-15s  %5s  %s\n", cw, "CUSTOMER",
	       "STATUS", "UNREAD", "LAST REPLY", "TYPE", "SCORE", "PREVIEW");
	for (i = 0; i < PQntuples(res); i++) {
		type = PQgetvalue(res, i, VIEWS_INBOX_TYPE);
		on = strcmp(type, "needs_attention") == 0 ? "\033[31m"
		     : strcmp(type, "high_value") == 0    ? "\033[32m"
							  : "";
		if (with_account)
			printf("%-*s  ", aw,
			       PQgetvalue(res, i, VIEWS_INBOX_ACCOUNT));
		printf("%-*s  %-14s  %6s  %-16s  %s%-15s%s  %5s  %s\n", cw,
		       PQgetvalue(res, i, VIEWS_INBOX_CUSTOMER),
		       PQgetvalue(res, i, VIEWS_INBOX_STATUS),
		       PQgetvalue(res, i, VIEWS_INBOX_UNREAD),
		       PQgetvalue(res, i, VIEWS_INBOX_WHEN), color ? on : "",
		       type, color && *on ? "\033[0m" : "",
		       PQgetvalue(res, i, VIEWS_INBOX_SCORE),
		       PQgetvalue(res, i, VIEWS_INBOX_PREVIEW));
	}
}

int
cmd_inbox(int argc, char **argv)
{
	const char *account = NULL;
	int c, json = 0, unread = 0;
	PGconn *conn;
	PGresult *res;

	while ((c = ctl_getopt(argc, argv, inbox_opts)) != -1) {
		if (c == OPT_ACCOUNT)
			account = optarg;
		else if (c == OPT_UNREAD)
			unread = 1;
		else if (c == OPT_JSON)
			json = 1;
	}
	ctl_no_more(argc, argv);
	conn = ctl_db();
	if (account)
		ctl_account_id(conn, account);
	res = ctl_core(conn, json ? views_inbox_json(conn, account, unread)
				  : views_inbox(conn, account, unread));
	if (json)
		printf("%s\n", PQgetvalue(res, 0, 0));
	else
		inbox_print_text(res, account == NULL);
	PQclear(res);
	PQfinish(conn);
	return EX_OK;
}

int
cmd_read(int argc, char **argv)
{
	const char *account = NULL, *email;
	long long account_id, customer_id, before;
	PGconn *conn;
	int c;

	while ((c = ctl_getopt(argc, argv, read_opts)) != -1)
		if (c == OPT_ACCOUNT)
			account = optarg;
	ctl_need(account, "--account EMAIL");
	email = ctl_operand(argc, argv, "CUSTOMER_EMAIL");
	ctl_no_more(argc, argv);
	ctl_check_address("customer", email);
	conn = ctl_db();
	account_id = ctl_account_id(conn, account);
	customer_id = ctl_customer_known(conn, account_id, account, email);
	if (ctl_core_rc(conn, actions_read(conn, account_id, customer_id,
					   &before)) == 0)
		printf("no conversation with %s yet; nothing to mark\n", email);
	else if (before == 0)
		printf("the conversation with %s was already read\n", email);
	else
		printf("marked the conversation with %s read (%lld unread "
		       "before)\n",
		       email, before);
	PQfinish(conn);
	return EX_OK;
}
