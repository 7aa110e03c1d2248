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
 * Parse a command's options with getopt_long; options without a short
 * form use their index + 256 as the value. Returns the option value, -1
 * at the end; a bad option ends the program with a usage message.
 */
int ctl_getopt(int argc, char **argv, const struct option *opts);

/* The database, or exit EX_TEMPFAIL with one clear line. */
PGconn *ctl_db(void);

/*
 * Run a statement or exit with one clear line: EX_TEMPFAIL when the
 * database is unreachable, EX_CONFIG when the schema is missing,
 * EX_DATAERR for a value the database refused, EX_SOFTWARE otherwise.
 */
PGresult *ctl_query(PGconn *conn, const char *sql, int n,
		    const char *const *params);

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
