/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_DBFAULT_H
#define POSTREPLY_DBFAULT_H

#include <stddef.h>

/*
 * What a failure to use the database means: a temporary one (the server
 * is down, restarting or busy: waiting mends it) or a configuration error
 * (who may log in, to which database, with which rights: only the
 * administrator mends it).
 */
enum dbfault_kind {
	DBFAULT_TEMPORARY = 0,
	DBFAULT_CONFIG = 1,
};

/* What is known of a failure; any string may be NULL. */
struct dbfault_facts {
	const char *sqlstate; /* NULL: none, as for a failed connection */
	const char *message;  /* libpq's or the server's error message */
	const char *role;     /* the role PostgreSQL was asked for */
	const char *dbname;   /* the database it was asked for */
	const char *sysuser;  /* the system user we run as */
	const char *runas;    /* the daemons' system user (setting "user") */
	const char *program;  /* postreplyctl, postreply-milter, ... */
};

/*
 * Classify the failure and write one line into text: for a configuration
 * error, what PostgreSQL refused and what to do about it; for a temporary
 * one, the message as libpq gave it.
 */
enum dbfault_kind dbfault_explain(const struct dbfault_facts *f, char *text,
				  size_t len);

#endif
