/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_DB_H
#define POSTREPLY_DB_H

#include <libpq-fe.h>

#include "dbfault.h"

/* Why the database could not be used, in one line for the operator. */
struct db_failure {
	enum dbfault_kind kind; /* temporary, or a configuration error */
	char text[1024];
};

/*
 * Connect to the configured database as program (its application_name).
 * Returns NULL with why filled in, and nothing logged, when that fails.
 */
PGconn *db_open(const char *program, struct db_failure *why);

/* The same, with a warning that says why instead. */
PGconn *db_connect(const char *program);

/*
 * What a failure means: that of statement result res, or with res NULL
 * the last one on conn (which may be a connection that failed).
 */
void db_failure_of(PGconn *conn, const PGresult *res, const char *program,
		   struct db_failure *why);

/*
 * Run one statement with text parameters (NULL is SQL NULL). Returns the
 * result, or NULL after a warning when the statement failed; the caller
 * PQclear()s it.
 */
PGresult *db_query(PGconn *conn, const char *sql, int nparams,
		   const char *const *params);

/*
 * Register a statement that every new connection prepares (call at
 * start-up, before any connection): hot statements then skip parsing and
 * planning. A connection that cannot prepare them is not used.
 */
void db_statement(const char *name, const char *sql, int nparams);

/* Run a registered statement; lengths and formats as for PQexecParams. */
PGresult *db_query_prepared(PGconn *conn, const char *name, int nparams,
			    const char *const *params, const int *lengths,
			    const int *formats);

/* Same, discarding the result: 0 on success, -1 on failure. */
int db_exec(PGconn *conn, const char *sql, int nparams,
	    const char *const *params);

/*
 * A pipeline: registered statements sent together and answered together,
 * one round trip for all of them instead of one each. The statements up
 * to db_pipeline_end form one implicit transaction: committed there when
 * all succeeded, rolled back as a whole when one failed (the ones after
 * it are skipped). Use: db_pipeline_begin, db_pipeline_send for each
 * statement (its parameters are copied as it is sent), then
 * db_pipeline_result for the results wanted (in the order sent), and
 * db_pipeline_end. A failure is a warning and makes every later call a
 * no-op.
 */
struct db_pipeline {
	PGconn *conn;
	int queued; /* statements whose result was not read */
	int synced; /* the end of the transaction was sent */
	int failed;
};

void db_pipeline_begin(struct db_pipeline *p, PGconn *conn);
void db_pipeline_send(struct db_pipeline *p, const char *name, int nparams,
		      const char *const *params);
/* The next statement's result (caller PQclear()s), NULL when it failed. */
PGresult *db_pipeline_result(struct db_pipeline *p);
/* 0 when every statement succeeded and was committed, -1 otherwise. */
int db_pipeline_end(struct db_pipeline *p);

/* The first error line libpq has for conn, for one-line messages. */
const char *db_error(PGconn *conn, char *buf, size_t len);

/* Pool of connections shared by the threads of a daemon. */
void dbpool_init(const char *program, int max);
PGconn *dbpool_get(void);
/* Return a connection; ok = 0 closes it (it may be broken). */
void dbpool_put(PGconn *conn, int ok);
void dbpool_close(void);

/*
 * Run fn with a pooled connection. When fn fails because the connection
 * had died while idle (say, the database restarted), fn runs once more on
 * a fresh connection, so a restart costs no tempfail. fn must be safe to
 * repeat: read-only, or a transaction that did not commit.
 */
int dbpool_run(int (*fn)(PGconn *conn, void *arg), void *arg);

#endif
