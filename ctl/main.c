/*
 * postreplyctl: the operator's tool. This file finds the subcommand and
 * holds what all subcommands share: database access, account and
 * customer lookup, one-line errors with sysexits codes.
 */
#include <ctype.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <unistd.h>

#include "conf.h"
#include "ctl.h"
#include "customer.h"
#include "db.h"
#include "msg.h"
#include "replyaddr.h"
#include "utf8.h"

static const struct ctl_command *ctl_current;
const char *ctl_config;

static void
ctl_usage_all(void)
{
	const struct ctl_command *c;

	fprintf(stderr,
		"usage: postreplyctl [-n] [-c config_file] command ...\n");
	for (c = ctl_commands; c->words; c++)
		fprintf(stderr, "       postreplyctl %s %s\n", c->words,
			c->usage);
	exit(EX_USAGE);
}

void
ctl_usage(void)
{
	if (ctl_current == NULL)
		ctl_usage_all();
	fprintf(stderr, "usage: postreplyctl %s %s\n", ctl_current->words,
		ctl_current->usage);
	exit(EX_USAGE);
}

int
ctl_getopt(int argc, char **argv, const struct option *opts)
{
	int c = getopt_long(argc, argv, "", opts, NULL);

	if (c == '?' || c == ':')
		ctl_usage();
	return c;
}

PGconn *
ctl_db(void)
{
	PGconn *conn = db_connect("postreplyctl");

	if (conn == NULL)
		exit(EX_TEMPFAIL); /* db_connect said why */
	return conn;
}

static PGresult *
ctl_result(PGconn *conn, PGresult *res)
{
	ExecStatusType st = PQresultStatus(res);
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	char err[256];

	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return res;
	db_error(conn, err, sizeof(err));
	if (PQstatus(conn) != CONNECTION_OK)
		msg_fatal(EX_TEMPFAIL, "lost the database connection: %s", err);
	if (state && strcmp(state, "42P01") == 0)
		msg_fatal(EX_CONFIG, "the database has no postreply schema; "
				     "run \"postreplyctl db init\" first");
	if (state &&
	    (strncmp(state, "22", 2) == 0 || strncmp(state, "23", 2) == 0))
		msg_fatal(EX_DATAERR, "the database refused a value: %s", err);
	msg_fatal(EX_SOFTWARE, "database error: %s", err);
}

PGresult *
ctl_query(PGconn *conn, const char *sql, int n, const char *const *params)
{
	return ctl_result(
	    conn, PQexecParams(conn, sql, n, NULL, params, NULL, NULL, 0));
}

void
ctl_script(PGconn *conn, const char *sql)
{
	PQclear(ctl_result(conn, PQexec(conn, sql)));
}

void
ctl_check_address(const char *what, const char *addr)
{
	if (!replyaddr_plausible(addr))
		msg_fatal(EX_DATAERR,
			  "bad %s address \"%s\": expected name@domain", what,
			  addr);
}

/* The result of a lib/customer lookup, or exit when the database failed. */
static long long
ctl_checked_id(PGconn *conn, long long id)
{
	char err[256];

	if (id < 0)
		msg_fatal(
		    PQstatus(conn) == CONNECTION_OK ? EX_SOFTWARE : EX_TEMPFAIL,
		    "database error: %s", db_error(conn, err, sizeof(err)));
	return id;
}

long long
ctl_account_id(PGconn *conn, const char *email)
{
	long long id = ctl_checked_id(conn, customer_account(conn, email));

	if (id == 0)
		msg_fatal(EX_NOUSER,
			  "no account %s; add it with \"postreplyctl account "
			  "add %s\"",
			  email, email);
	return id;
}

long long
ctl_customer_id(PGconn *conn, long long account_id, const char *email,
		const char *name, int create)
{
	if (create)
		ctl_check_address("customer", email);
	return ctl_checked_id(
	    conn, customer_find(conn, account_id, email, name, create));
}

long long
ctl_customer_known(PGconn *conn, long long account_id, const char *account,
		   const char *email)
{
	long long id = ctl_customer_id(conn, account_id, email, NULL, 0);

	if (id == 0)
		msg_fatal(EX_NOUSER, "no customer %s for account %s", email,
			  account);
	return id;
}

void
ctl_check_text(const char *what, const char *text, size_t len)
{
	size_t i;

	if (!utf8_valid(text, len))
		msg_fatal(EX_DATAERR, "the %s is not valid UTF-8 text", what);
	for (i = 0; i < len; i++)
		if (!isspace((unsigned char)text[i]))
			return;
	msg_fatal(EX_DATAERR, "the %s is empty", what);
}

const char *
ctl_operator(void)
{
	static char who[300];
	const struct passwd *pw;
	const char *login = getlogin();

	if (who[0])
		return who;
	if (login == NULL || *login == 0)
		login = getenv("USER");
	if ((login == NULL || *login == 0) && (pw = getpwuid(getuid())))
		login = pw->pw_name;
	if (login && *login)
		snprintf(who, sizeof(who), "postreplyctl (%.256s)", login);
	else
		snprintf(who, sizeof(who), "postreplyctl (uid %u)",
			 (unsigned)getuid());
	return who;
}

/* Match argv against the words of each command ("account add"). */
static const struct ctl_command *
ctl_find(int argc, char **argv, int *used)
{
	const struct ctl_command *c;
	char words[128];
	int i;

	for (c = ctl_commands; c->words; c++) {
		words[0] = 0;
		for (i = 0; i < argc && strlen(words) < 64; i++) {
			if (i > 0)
				strcat(words, " ");
			strncat(words, argv[i], 60);
			if (strcmp(words, c->words) == 0) {
				*used = i + 1;
				return c;
			}
		}
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	const char *config = NULL;
	int c, used, print = 0;

	msg_open("postreplyctl", 1);
	while ((c = getopt(argc, argv, "+c:n")) != -1) {
		if (c == 'c')
			config = optarg;
		else if (c == 'n')
			print = 1;
		else
			ctl_usage_all();
	}
	argc -= optind;
	argv += optind;
	if (print) {
		conf_load_or_die(config);
		conf_print(stdout);
		return EX_OK;
	}
	if (argc == 0)
		ctl_usage_all();
	if ((ctl_current = ctl_find(argc, argv, &used)) == NULL) {
		fprintf(stderr, "postreplyctl: unknown command \"%s\"\n",
			argv[0]);
		ctl_usage_all();
	}
	conf_load_or_die(config);
	ctl_config = config;
	optind = 0; /* glibc: rescan from the start for the subcommand */
	return ctl_current->run(argc - used + 1, argv + used - 1);
}
