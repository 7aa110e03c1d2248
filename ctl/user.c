/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * user commands: the people who sign in to postreply-web and the
 * accounts each may see. An admin sees every account and manages users.
 * A password is optional (sign-in by a link sent by mail works without
 * one) and is read from standard input, never from the command line,
 * where other users could see it in the process list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "commands.h"
#include "ctl.h"
#include "msg.h"
#include "password.h"
#include "users.h"

enum { OPT_ADMIN = 256, OPT_ACCOUNT, OPT_JSON };

static const struct option user_add_opts[] = {
    {"admin", no_argument, NULL, OPT_ADMIN},
    {NULL, 0, NULL, 0},
};

static const struct option user_grant_opts[] = {
    {"account", required_argument, NULL, OPT_ACCOUNT},
    {NULL, 0, NULL, 0},
};

static const struct option user_list_opts[] = {
    {"json", no_argument, NULL, OPT_JSON},
    {NULL, 0, NULL, 0},
};

/* The command's user address, checked. */
static const char *
user_operand(int argc, char **argv)
{
	const char *email = ctl_operand(argc, argv, "EMAIL");

	ctl_no_more(argc, argv);
	ctl_check_address("user", email);
	return email;
}

/* rc of a core call: 0 is "no such ..." (EX_DATAERR, saying what). */
static int
user_done(PGconn *conn, int rc, const char *fmt, const char *a, const char *b)
{
	ctl_core_rc(conn, rc);
	PQfinish(conn);
	if (rc == 0) {
		fprintf(stderr, "postreplyctl: ");
		fprintf(stderr, fmt, a, b);
		fprintf(stderr, "\n");
		return EX_DATAERR;
	}
	return EX_OK;
}

int
cmd_user_add(int argc, char **argv)
{
	const char *email;
	int c, admin = 0;

	while ((c = ctl_getopt(argc, argv, user_add_opts)) != -1)
		if (c == OPT_ADMIN)
			admin = 1;
	email = user_operand(argc, argv);
	PGconn *conn = ctl_db();
	return user_done(conn, users_add(conn, email, admin),
			 "there is already a user %s%s", email, "");
}

int
cmd_user_remove(int argc, char **argv)
{
	const char *email;

	ctl_options_none(argc, argv);
	email = user_operand(argc, argv);
	PGconn *conn = ctl_db();
	return user_done(conn, users_remove(conn, email), "no user %s%s", email,
			 "");
}

/* grant or revoke: EMAIL --account ACCOUNT. */
static int
user_grant_cmd(int argc, char **argv, int grant)
{
	const char *email, *account = NULL;
	PGconn *conn;
	int c;

	while ((c = ctl_getopt(argc, argv, user_grant_opts)) != -1)
		if (c == OPT_ACCOUNT)
			account = optarg;
	ctl_need(account, "--account");
	email = user_operand(argc, argv);
	conn = ctl_db();
	return user_done(conn,
			 grant ? users_grant(conn, email, account)
			       : users_revoke(conn, email, account),
			 grant ? "no user %s, or no account %s"
			       : "user %s had no grant of account %s",
			 email, account);
}

int
cmd_user_grant(int argc, char **argv)
{
	return user_grant_cmd(argc, argv, 1);
}

int
cmd_user_revoke(int argc, char **argv)
{
	return user_grant_cmd(argc, argv, 0);
}

/* One line of standard input, without its newline; NULL at EOF. */
static char *
user_read_line(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, stdin);

	if (n < 0) {
		free(line);
		return NULL;
	}
	line[strcspn(line, "\r\n")] = 0;
	return line;
}

/*
 * The password on standard input's first line; an empty one removes
 * the password (sign-in by link only). Sessions end either way.
 */
int
cmd_user_password(int argc, char **argv)
{
	const char *email;
	char *pw, *hash = NULL;
	PGconn *conn;
	int rc;

	ctl_options_none(argc, argv);
	email = user_operand(argc, argv);
	if ((pw = user_read_line()) == NULL)
		ctl_usage_error("no password on standard input (an empty line "
				"removes it)");
	if (*pw && strlen(pw) < 10) {
		free(pw);
		ctl_usage_error("the password is shorter than 10 characters");
	}
	if (*pw && (hash = password_hash(pw)) == NULL)
		msg_fatal(EX_SOFTWARE, "libcrypt cannot hash with yescrypt");
	free(pw);
	conn = ctl_db();
	rc = users_set_password(conn, email, hash);
	free(hash);
	return user_done(conn, rc, "no user %s%s", email, "");
}

int
cmd_user_list(int argc, char **argv)
{
	PGconn *conn;
	PGresult *res;
	int c, i, json = 0;

	while ((c = ctl_getopt(argc, argv, user_list_opts)) != -1)
		if (c == OPT_JSON)
			json = 1;
	ctl_no_more(argc, argv);
	conn = ctl_db();
	res = ctl_core(conn, json ? users_list_json(conn) : users_list(conn));
	for (i = 0; i < PQntuples(res); i++)
		if (json)
			printf("%s\n", PQgetvalue(res, i, 0));
		else
			printf("%s\t%s\t%s\t%s\n", PQgetvalue(res, i, 0),
			       PQgetvalue(res, i, 1), PQgetvalue(res, i, 2),
			       PQgetvalue(res, i, 3));
	PQclear(res);
	PQfinish(conn);
	return EX_OK;
}
