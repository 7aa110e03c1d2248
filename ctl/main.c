/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * postreplyctl: the operator's tool. This file finds the subcommand and
 * holds what all subcommands share: database access, account and
 * customer lookup, one-line errors with sysexits codes.
 */
#include <ctype.h>
#include <pwd.h>
#include <stdarg.h>
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

/* Every command's usage, on fp. */
static void
ctl_usage_all(FILE *fp)
{
	const struct ctl_command *c;

	fprintf(fp, "usage: postreplyctl [-n] [-c config_file] command ...\n");
	for (c = ctl_commands; c->words; c++)
		fprintf(fp, "       postreplyctl %s%s%s\n", c->words,
			*c->usage ? " " : "", c->usage);
	fprintf(fp, "\"postreplyctl help COMMAND\" or \"postreplyctl COMMAND "
		    "--help\" shows one command.\n");
}

static void
ctl_usage_of(FILE *fp, const struct ctl_command *c)
{
	fprintf(fp, "usage: postreplyctl %s%s%s\n", c->words,
		*c->usage ? " " : "", c->usage);
}

void
ctl_usage(void)
{
	if (ctl_current == NULL)
		ctl_usage_all(stderr);
	else
		ctl_usage_of(stderr, ctl_current);
	exit(EX_USAGE);
}

void
ctl_usage_error(const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (ctl_current)
		fprintf(stderr, "postreplyctl: %s: %s\n", ctl_current->words,
			text);
	else
		fprintf(stderr, "postreplyctl: %s\n", text);
	ctl_usage();
}

/* --help on a command: its usage on standard output, and done. */
static void
ctl_help(void)
{
	ctl_usage_of(stdout, ctl_current);
	exit(EX_OK);
}

/*
 * getopt_long's own messages are off (opterr), so that --help is ours
 * and a mistake is said in the command's name. A leading ':' in the
 * option string makes a missing value ':' rather than '?'.
 */
int
ctl_getopt(int argc, char **argv, const struct option *opts)
{
	int c;

	opterr = 0;
	c = getopt_long(argc, argv, ":", opts, NULL);
	if (c == '?' && optopt == 0 && strcmp(argv[optind - 1], "--help") == 0)
		ctl_help();
	if (c == ':')
		ctl_usage_error("%s needs a value", argv[optind - 1]);
	if (c == '?' && optopt == 0)
		ctl_usage_error("unknown option %s", argv[optind - 1]);
	if (c == '?')
		ctl_usage_error("unknown option -%c", optopt);
	return c;
}

void
ctl_options_none(int argc, char **argv)
{
	static const struct option none[] = {{NULL, 0, NULL, 0}};

	while (ctl_getopt(argc, argv, none) != -1)
		;
}

const char *
ctl_need(const char *value, const char *what)
{
	if (value == NULL)
		ctl_usage_error("missing %s", what);
	return value;
}

const char *
ctl_operand(int argc, char **argv, const char *what)
{
	if (optind >= argc)
		ctl_usage_error("missing %s", what);
	return argv[optind++];
}

void
ctl_no_more(int argc, char **argv)
{
	if (optind < argc)
		ctl_usage_error("unexpected argument \"%s\"", argv[optind]);
}

PGconn *
ctl_db(void)
{
	struct db_failure why;
	PGconn *conn = db_open("postreplyctl", &why);

	if (conn == NULL)
		msg_fatal(why.kind == DBFAULT_CONFIG ? EX_CONFIG : EX_TEMPFAIL,
			  "%s", why.text);
	return conn;
}

void
ctl_exit_if_refused(PGconn *conn, const PGresult *res)
{
	struct db_failure why;

	db_failure_of(conn, res, "postreplyctl", &why);
	if (why.kind == DBFAULT_CONFIG)
		msg_fatal(EX_CONFIG, "%s", why.text);
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
	ctl_exit_if_refused(conn, res);
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

void
ctl_core_failed(PGconn *conn)
{
	char err[256];

	db_error(conn, err, sizeof(err));
	if (PQstatus(conn) != CONNECTION_OK)
		msg_fatal(EX_TEMPFAIL, "lost the database connection: %s", err);
	ctl_exit_if_refused(conn, NULL);
	/* The core keeps no SQLSTATE: the server's words say it. */
	if (strstr(err, "relation \"") && strstr(err, "does not exist"))
		msg_fatal(EX_CONFIG, "the database has no postreply schema; "
				     "run \"postreplyctl db init\" first");
	msg_fatal(EX_SOFTWARE, "database error: %s", err);
}

PGresult *
ctl_core(PGconn *conn, PGresult *res)
{
	if (res == NULL)
		ctl_core_failed(conn);
	return res;
}

int
ctl_core_rc(PGconn *conn, int rc)
{
	if (rc < 0)
		ctl_core_failed(conn);
	return rc;
}

/* The result of a core/customer lookup, or exit when the database failed. */
static long long
ctl_checked_id(PGconn *conn, long long id)
{
	if (id < 0)
		ctl_core_failed(conn);
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

/*
 * The configuration. A command's --help needs none, so a file that
 * cannot be read does not stand in its way; with one that can, the
 * command's own options decide what is --help and what is a value.
 */
static void
ctl_load_conf(const char *config, int argc, char **argv)
{
	char err[512];
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--help") != 0)
			continue;
		conf_reset();
		if (conf_load(config ? config : CONF_DEFAULT_PATH, err,
			      sizeof(err)) < 0)
			ctl_help();
		break;
	}
	conf_load_or_die(config);
}

/*
 * The usage of the commands whose words start with those of argv
 * ("account" for all the account commands), on standard output; how
 * many there were.
 */
static int
ctl_usage_group(int argc, char **argv)
{
	const struct ctl_command *c;
	char words[128] = "";
	int i, n = 0;

	for (i = 0; i < argc && strlen(words) < 64; i++) {
		if (i > 0)
			strcat(words, " ");
		strncat(words, argv[i], 60);
	}
	for (c = ctl_commands; c->words; c++)
		if (strncmp(c->words, words, strlen(words)) == 0 &&
		    c->words[strlen(words)] == ' ')
			ctl_usage_of(stdout, c), n++;
	return n;
}

/*
 * help [COMMAND ...]: the usage of all commands, of one, or of a group
 * ("help account"), on standard output.
 */
static int
ctl_help_command(int argc, char **argv)
{
	int used;

	if (argc == 0) {
		ctl_usage_all(stdout);
		return EX_OK;
	}
	if ((ctl_current = ctl_find(argc, argv, &used)) != NULL && used == argc)
		ctl_help();
	ctl_current = NULL;
	if (ctl_usage_group(argc, argv) > 0)
		return EX_OK;
	ctl_usage_error("no command \"%s\"; the commands are:", argv[0]);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *config = NULL;
	int c, used, print = 0;

	msg_open("postreplyctl", 1);
	while ((c = getopt_long(argc, argv, "+c:nh", opts, NULL)) != -1) {
		if (c == 'c')
			config = optarg;
		else if (c == 'n')
			print = 1;
		else if (c == 'h') {
			ctl_usage_all(stdout);
			return EX_OK;
		} else
			ctl_usage();
	}
	argc -= optind;
	argv += optind;
	if (print) {
		conf_load_or_die(config);
		conf_print(stdout);
		return EX_OK;
	}
	if (argc == 0)
		ctl_usage();
	if (strcmp(argv[0], "help") == 0)
		return ctl_help_command(argc - 1, argv + 1);
	if ((ctl_current = ctl_find(argc, argv, &used)) == NULL)
		ctl_usage_error("unknown command \"%s\"", argv[0]);
	argc -= used - 1;
	argv += used - 1;
	ctl_load_conf(config, argc, argv);
	ctl_config = config;
	optind = 0; /* glibc: rescan from the start for the subcommand */
	return ctl_current->run(argc, argv);
}
