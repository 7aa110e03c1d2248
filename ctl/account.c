/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * account and customer commands: who sends outreach, and to whom. An
 * account's replies are forwarded to its reply-to address when set (a
 * shared mailbox), else to the account's own address.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>

#include "commands.h"
#include "ctl.h"
#include "msg.h"
#include "settings.h"

enum {
	OPT_NAME = 256,
	OPT_REPLY_TO,
	OPT_ACCOUNT,
	OPT_JSON,
	OPT_HOURS,
	OPT_DAYS,
	OPT_TZ
};

static const struct option account_opts[] = {
    {"name", required_argument, NULL, OPT_NAME},
    {"reply-to", required_argument, NULL, OPT_REPLY_TO},
    {"hours", required_argument, NULL, OPT_HOURS},
    {"days", required_argument, NULL, OPT_DAYS},
    {"tz", required_argument, NULL, OPT_TZ},
    {NULL, 0, NULL, 0},
};

struct account_args {
	const char *email;
	const char *name;     /* NULL: not given */
	const char *reply_to; /* NULL: not given; "": back to email */
	const char *hours;    /* working hours, days, zone: NULL if not given */
	const char *days;
	const char *tz;
};

static void
account_parse(int argc, char **argv, struct account_args *a)
{
	int c;

	a->name = a->reply_to = a->hours = a->days = a->tz = NULL;
	while ((c = ctl_getopt(argc, argv, account_opts)) != -1) {
		if (c == OPT_NAME)
			a->name = optarg;
		else if (c == OPT_REPLY_TO)
			a->reply_to = optarg;
		else if (c == OPT_HOURS)
			a->hours = optarg;
		else if (c == OPT_DAYS)
			a->days = optarg;
		else if (c == OPT_TZ)
			a->tz = optarg;
	}
	a->email = ctl_operand(argc, argv, "EMAIL");
	ctl_no_more(argc, argv);
	ctl_check_address("account", a->email);
	if (a->reply_to && *a->reply_to)
		ctl_check_address("reply-to", a->reply_to);
	ctl_check_work_time(a->hours, a->days, a->tz);
}

int
cmd_account_add(int argc, char **argv)
{
	struct account_args a;
	PGconn *conn;
	PGresult *res;

	account_parse(argc, argv, &a);
	const char *params[] = {a.email,
				a.name ? a.name : "",
				a.reply_to ? a.reply_to : "",
				a.hours ? a.hours : "",
				a.days ? a.days : "",
				a.tz ? a.tz : "UTC"};
	conn = ctl_db();
	res =
	    ctl_query(conn,
		      "INSERT INTO accounts (email, name, reply_to,"
		      " work_hours, work_days, time_zone)"
		      " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING"
		      " RETURNING id",
		      6, params);
	if (PQntuples(res) == 0)
		msg_fatal(EX_DATAERR,
			  "account %s already exists; change it with "
			  "\"postreplyctl account set\"",
			  a.email);
	printf("added account %s\n", a.email);
	PQclear(res);
	PQfinish(conn);
	return EX_OK;
}

int
cmd_account_set(int argc, char **argv)
{
	struct account_args a;
	PGconn *conn;

	account_parse(argc, argv, &a);
	if (a.name == NULL && a.reply_to == NULL && a.hours == NULL &&
	    a.days == NULL && a.tz == NULL)
		ctl_usage_error("nothing to change: give --name, --reply-to, "
				"--hours, --days or --tz");
	const char *params[] = {a.email, a.name, a.reply_to, a.hours,
				a.days,  a.tz,   NULL};
	conn = ctl_db();
	ctl_account_id(conn, a.email);
	PQclear(ctl_query(conn, settings_account_set_sql, 7, params));
	printf("updated account %s\n", a.email);
	PQfinish(conn);
	return EX_OK;
}

static const struct option account_list_opts[] = {
    {"json", no_argument, NULL, OPT_JSON},
    {NULL, 0, NULL, 0},
};

int
cmd_account_list(int argc, char **argv)
{
	PGconn *conn;
	PGresult *res;
	int c, i, json = 0;

	while ((c = ctl_getopt(argc, argv, account_list_opts)) != -1)
		if (c == OPT_JSON)
			json = 1;
	ctl_no_more(argc, argv);
	conn = ctl_db();
	if (json) {
		res = ctl_query(
		    conn,
		    "SELECT coalesce(jsonb_pretty(jsonb_agg(jsonb_build_object("
		    " 'email', email, 'name', name, 'reply_to', reply_to,"
		    " 'forward_to', CASE WHEN reply_to <> '' THEN reply_to"
		    "  ELSE email END, 'time_zone', time_zone,"
		    " 'work_hours', work_hours, 'work_days', work_days,"
		    " 'paused', paused,"
		    " 'created_at', created_at) ORDER BY lower(email))), '[]')"
		    " FROM accounts",
		    0, NULL);
		printf("%s\n", PQgetvalue(res, 0, 0));
		PQclear(res);
		PQfinish(conn);
		return EX_OK;
	}
	res = ctl_query(conn,
			"SELECT email, CASE WHEN reply_to <> '' THEN reply_to"
			" ELSE email END AS forward_to, name FROM accounts"
			" ORDER BY lower(email)",
			0, NULL);
	printf("%-32s %-32s %s\n", "ACCOUNT", "REPLIES GO TO", "NAME");
	for (i = 0; i < PQntuples(res); i++)
		printf("%-32s %-32s %s\n", PQgetvalue(res, i, 0),
		       PQgetvalue(res, i, 1), PQgetvalue(res, i, 2));
	PQclear(res);
	PQfinish(conn);
	return EX_OK;
}

static const struct option customer_opts[] = {
    {"name", required_argument, NULL, OPT_NAME},
    {"account", required_argument, NULL, OPT_ACCOUNT},
    {NULL, 0, NULL, 0},
};

int
cmd_customer_add(int argc, char **argv)
{
	const char *account = NULL, *name = NULL, *email;
	long long account_id;
	PGconn *conn;
	int c;

	while ((c = ctl_getopt(argc, argv, customer_opts)) != -1) {
		if (c == OPT_NAME)
			name = optarg;
		else if (c == OPT_ACCOUNT)
			account = optarg;
	}
	ctl_need(account, "--account EMAIL");
	email = ctl_operand(argc, argv, "CUSTOMER_EMAIL");
	ctl_no_more(argc, argv);
	ctl_check_address("customer", email);
	conn = ctl_db();
	account_id = ctl_account_id(conn, account);
	if (ctl_customer_id(conn, account_id, email, NULL, 0) != 0)
		msg_fatal(EX_DATAERR, "%s is already a customer of %s", email,
			  account);
	ctl_customer_id(conn, account_id, email, name, 1);
	printf("added customer %s to account %s\n", email, account);
	PQfinish(conn);
	return EX_OK;
}
