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
	return conn;
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

PGresult *
db_query(PGconn *conn, const char *sql, int nparams, const char *const *params)
{
	return db_check(conn, PQexecParams(conn, sql, nparams, NULL, params,
					   NULL, NULL, 0));
}

PGresult *
db_query_prepared(PGconn *conn, const char *name, const char *sql, int nparams,
		  const char *const *params)
{
	PGresult *res;
	const char *state;

	res = PQexecPrepared(conn, name, nparams, params, NULL, NULL, 0);
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	/* 26000: no such prepared statement yet on this connection. */
	if (state != NULL && strcmp(state, "26000") == 0) {
		PQclear(res);
		res = PQprepare(conn, name, sql, nparams, NULL);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			return db_check(conn, res);
		PQclear(res);
		res =
		    PQexecPrepared(conn, name, nparams, params, NULL, NULL, 0);
	}
	return db_check(conn, res);
}

int
db_exec(PGconn *conn, const char *sql, int nparams, const char *const *params)
{
	PGresult *res = db_query(conn, sql, nparams, params);

	PQclear(res);
	return res ? 0 : -1;
}
