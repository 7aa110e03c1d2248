/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_CTL_H
#define POSTREPLY_CTL_H

#include <getopt.h>
#include <libpq-fe.h>
#include <stddef.h>

/* A subcommand: argv[0] is its last word ("add" for "account add"). */
struct ctl_command {
	const char *words; /* "account add" */
	const char *usage; /* the arguments, for the usage message */
	int (*run)(int argc, char **argv);
};

extern const struct ctl_command ctl_commands[];

/* The configuration file named with -c, or NULL for the default. */
extern const char *ctl_config;

/* Exit with EX_USAGE, showing how to call the current command. */
void ctl_usage(void) __attribute__((noreturn));

/*
 * Exit with EX_USAGE, saying what is wrong in the command's name
 * ("postreplyctl account add: missing EMAIL"), then its usage.
 */
void ctl_usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

/*
 * Parse a command's options with getopt_long; options without a short
 * form use their index + 256 as the value. Returns the option value, -1
 * at the end. --help prints the command's usage and exits 0; a bad
 * option or a missing value exits EX_USAGE, saying which.
 */
int ctl_getopt(int argc, char **argv, const struct option *opts);

/* The same for a command that takes no options (--help still works). */
void ctl_options_none(int argc, char **argv);

/* value, or exit EX_USAGE saying "missing WHAT" when it is NULL. */
const char *ctl_need(const char *value, const char *what);

/* The next operand after the options, or exit saying "missing WHAT". */
const char *ctl_operand(int argc, char **argv, const char *what);

/* Exit EX_USAGE when operands are left after those the command takes. */
void ctl_no_more(int argc, char **argv);

/*
 * The database, or exit with one clear line: EX_TEMPFAIL when it cannot
 * be reached, EX_CONFIG when it refuses us (authentication, no such role
 * or database, no right to connect), with what to do.
 */
PGconn *ctl_db(void);

/*
 * Run a statement or exit with one clear line: EX_TEMPFAIL when the
 * database is unreachable, EX_CONFIG when the schema is missing or the
 * role lacks the rights, EX_DATAERR for a value the database refused,
 * EX_SOFTWARE otherwise.
 */
PGresult *ctl_query(PGconn *conn, const char *sql, int n,
		    const char *const *params);

/*
 * Exit EX_CONFIG, saying what to do, when PostgreSQL refused a statement
 * for lack of rights (res, or with res NULL the last error on conn); else
 * return.
 */
void ctl_exit_if_refused(PGconn *conn, const PGresult *res);

/*
 * A core function (core/views, core/actions, ...) failed on conn: exit
 * with one clear line, as ctl_query would: EX_TEMPFAIL when the
 * connection is lost, EX_CONFIG when the schema is missing or the role
 * lacks the rights, EX_SOFTWARE otherwise.
 */
void ctl_core_failed(PGconn *conn) __attribute__((noreturn));

/* res, or exit through ctl_core_failed when it is NULL. */
PGresult *ctl_core(PGconn *conn, PGresult *res);

/* rc, or exit through ctl_core_failed when it is negative. */
int ctl_core_rc(PGconn *conn, int rc);

/* Run several statements (a migration), with the same error handling. */
void ctl_script(PGconn *conn, const char *sql);

/* Exit with EX_DATAERR unless addr looks like a mailbox address. */
void ctl_check_address(const char *what, const char *addr);

/* Account id for email; exits EX_NOUSER when there is none. */
long long ctl_account_id(PGconn *conn, const char *email);

/*
 * Customer id of email for the account; when create is set, a customer
 * unknown to the account is added first (with name, may be NULL).
 */
long long ctl_customer_id(PGconn *conn, long long account_id, const char *email,
			  const char *name, int create);

/* Same, for a customer that must exist: exits EX_NOUSER when there is none. */
long long ctl_customer_known(PGconn *conn, long long account_id,
			     const char *account, const char *email);

/*
 * Exit with EX_DATAERR unless text (len bytes, from what) is valid UTF-8
 * without NUL bytes and not only white space.
 */
void ctl_check_text(const char *what, const char *text, size_t len);

/* Who is at work, for the "by" of events: "postreplyctl (login)". */
const char *ctl_operator(void);

#endif
