/*
 * db: a thin layer over libpq. Connections carry a statement timeout so a
 * stuck database turns into an error the SMTP path can tempfail on, not a
 * hung SMTP session. Failures are warnings: callers decide what a failed
 * statement means (the milter answers 4xx, postreplyctl exits).
 */
#include <stdio.h>
#include <string.h>

#include "conf.h"
#include "db.h"
#include "msg.h"

const char *
db_error(PGconn *conn, char *buf, size_t len)
{
	const char *e = conn ? PQerrorMessage(conn) : "out of memory";
	size_t n = strcspn(e, "\n");

	if (n >= len)
		n = len - 1;
	memcpy(buf, e, n);
	buf[n] = 0;
	if (n == 0)
		snprintf(buf, len, "unknown database error");
	return buf;
}

/* The statement of a result that failed, as one warning. */
static PGresult *
db_check(PGconn *conn, PGresult *res)
{
	ExecStatusType st = PQresultStatus(res);
	char err[256];

	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return res;
	msg_warn("database statement failed: %s",
		 db_error(conn, err, sizeof(err)));
	PQclear(res);
	return NULL;
}

static int db_prepare_all(PGconn *conn);

PGconn *
db_connect(const char *program)
{
	/*
	 * Our settings come first: expand_dbname lets the administrator's
	 * conninfo override them.
	 */
	/*
	 * Keepalives and a TCP user timeout: a database behind a dead
	 * network path must fail within seconds, not the kernel's 15
	 * minutes, or SMTP sessions pile up waiting.
	 */
	const char *keys[] = {"connect_timeout",
			      "application_name",
			      "options",
			      "keepalives_idle",
			      "keepalives_interval",
			      "keepalives_count",
			      "tcp_user_timeout",
			      "dbname",
			      NULL};
	const char *vals[] = {
	    "5", program, "-c statement_timeout=20000", "10", "5",
	    "2", "20000", conf_str("database"),         NULL};
	char err[256];
	PGconn *conn;

	conn = PQconnectdbParams(keys, vals, 1);
	if (conn == NULL || PQstatus(conn) != CONNECTION_OK) {
		msg_warn("cannot connect to the database: %s",
			 db_error(conn, err, sizeof(err)));
		PQfinish(conn);
		return NULL;
	}
	if (db_prepare_all(conn) < 0) {
		PQfinish(conn);
		return NULL;
	}
	return conn;
}

PGresult *
db_query(PGconn *conn, const char *sql, int nparams, const char *const *params)
{
	return db_check(conn, PQexecParams(conn, sql, nparams, NULL, params,
					   NULL, NULL, 0));
}

#define DB_MAX_STATEMENTS 16

/* Statements every new connection prepares, registered at start-up. */
static struct {
	const char *name;
	const char *sql;
	int nparams;
} db_statements[DB_MAX_STATEMENTS];
static int db_nstatements;

void
db_statement(const char *name, const char *sql, int nparams)
{
	int i;

	for (i = 0; i < db_nstatements; i++)
		if (strcmp(db_statements[i].name, name) == 0)
			return;
	if (db_nstatements == DB_MAX_STATEMENTS)
		msg_panic("db_statement: too many statements");
	db_statements[db_nstatements].name = name;
	db_statements[db_nstatements].sql = sql;
	db_statements[db_nstatements].nparams = nparams;
	db_nstatements++;
}

/* Prepare the registered statements on a new connection. */
static int
db_prepare_all(PGconn *conn)
{
	PGresult *res;
	int i;

	for (i = 0; i < db_nstatements; i++) {
		res =
		    PQprepare(conn, db_statements[i].name, db_statements[i].sql,
			      db_statements[i].nparams, NULL);
		if ((res = db_check(conn, res)) == NULL)
			return -1;
		PQclear(res);
	}
	return 0;
}

PGresult *
db_query_prepared(PGconn *conn, const char *name, int nparams,
		  const char *const *params, const int *lengths,
		  const int *formats)
{
	return db_check(conn, PQexecPrepared(conn, name, nparams, params,
					     lengths, formats, 0));
}

int
db_exec(PGconn *conn, const char *sql, int nparams, const char *const *params)
{
	PGresult *res = db_query(conn, sql, nparams, params);

	PQclear(res);
	return res ? 0 : -1;
}
