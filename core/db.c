/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * db: a thin layer over libpq. Connections carry a statement timeout so a
 * stuck database turns into an error the SMTP path can tempfail on, not a
 * hung SMTP session. Failures are warnings: callers decide what a failed
 * statement means (the milter answers 4xx, postreplyctl exits).
 * Hot statements are prepared on every connection; pipelines send
 * several of them in one round trip. What a failure means (temporary, or
 * a configuration error) is dbfault's to say.
 */
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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

static int db_prepare_all(PGconn *conn, const char *program,
			  struct db_failure *why);

void
db_failure_of(PGconn *conn, const PGresult *res, const char *program,
	      struct db_failure *why)
{
	struct dbfault_facts f = {0};
	char pwbuf[1024];
	struct passwd pw, *pwp = NULL;

	if (res)
		f.sqlstate = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	f.message = res && *PQresultErrorMessage(res)
			? PQresultErrorMessage(res)
			: (conn ? PQerrorMessage(conn) : "out of memory");
	f.role = conn ? PQuser(conn) : NULL;
	f.dbname = conn ? PQdb(conn) : NULL;
	/* Threads of a daemon get here too: getpwuid_r, not getpwuid. */
	if (getpwuid_r(geteuid(), &pw, pwbuf, sizeof(pwbuf), &pwp) == 0 && pwp)
		f.sysuser = pw.pw_name;
	f.runas = conf_cur()->user;
	f.program = program;
	why->kind = dbfault_explain(&f, why->text, sizeof(why->text));
}

/* Put prefix before why's text, cutting the text where it must. */
static void
db_failure_prefix(struct db_failure *why, const char *prefix)
{
	size_t n = strlen(prefix), len = strlen(why->text);

	if (n >= sizeof(why->text))
		n = sizeof(why->text) - 1;
	if (n + len >= sizeof(why->text))
		len = sizeof(why->text) - n - 1;
	memmove(why->text + n, why->text, len);
	memcpy(why->text, prefix, n);
	why->text[n + len] = 0;
}

PGconn *
db_open(const char *program, struct db_failure *why)
{
	/*
	 * Our settings come first: expand_dbname lets the administrator's
	 * conninfo override them.
	 */
	/*
	 * Keepalives and a TCP user timeout: a database behind a dead
	 * network path must fail within seconds, not the kernel's 15
	 * minutes, or SMTP sessions pile up waiting.
	 * random_page_cost: the planner's default prices a page read as
	 * a disk seek, so on a small deployment (a few hundred tokens and
	 * customers) it scans whole tables for every reply instead of
	 * following the key. Our hot tables live in memory.
	 * No parallel query for the web: its statements read a page's few
	 * rows, and starting a worker cost more than it saved (an inbox
	 * search's count took 55 ms with one worker, 5.5 ms without, on a
	 * busy 2-core machine).
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
	    "5",
	    program,
	    strcmp(program, "postreply-web") == 0
		? "-c statement_timeout=20000 -c random_page_cost=1.1"
		  " -c max_parallel_workers_per_gather=0"
		: "-c statement_timeout=20000 -c random_page_cost=1.1",
	    "10",
	    "5",
	    "2",
	    "20000",
	    conf_cur()->database,
	    NULL};
	PGconn *conn;

	conn = PQconnectdbParams(keys, vals, 1);
	if (conn == NULL || PQstatus(conn) != CONNECTION_OK) {
		db_failure_of(conn, NULL, program, why);
		if (why->kind == DBFAULT_TEMPORARY)
			db_failure_prefix(why,
					  "cannot connect to the database: ");
		PQfinish(conn);
		return NULL;
	}
	if (db_prepare_all(conn, program, why) < 0) {
		PQfinish(conn);
		return NULL;
	}
	return conn;
}

PGconn *
db_connect(const char *program)
{
	struct db_failure why;
	PGconn *conn = db_open(program, &why);

	if (conn == NULL)
		msg_warn("%s", why.text);
	return conn;
}

PGresult *
db_query(PGconn *conn, const char *sql, int nparams, const char *const *params)
{
	return db_check(conn, PQexecParams(conn, sql, nparams, NULL, params,
					   NULL, NULL, 0));
}

#define DB_MAX_STATEMENTS 32

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
db_prepare_all(PGconn *conn, const char *program, struct db_failure *why)
{
	char prefix[128];
	PGresult *res;
	int i;

	for (i = 0; i < db_nstatements; i++) {
		res =
		    PQprepare(conn, db_statements[i].name, db_statements[i].sql,
			      db_statements[i].nparams, NULL);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			db_failure_of(conn, res, program, why);
			snprintf(prefix, sizeof(prefix),
				 "cannot prepare statement %.64s: ",
				 db_statements[i].name);
			db_failure_prefix(why, prefix);
			PQclear(res);
			return -1;
		}
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

/*
 * Pipelines save the round trips, not the statements: PostgreSQL still
 * runs each one, but reads them all at once and answers once, so a
 * client and its backend wake each other (and make their system calls)
 * once per transaction instead of once per statement, and no BEGIN and
 * COMMIT are needed. Blocking mode is safe with the few statements of
 * our pipelines: while we write them, the server has only small answers
 * to write back, which never fill the socket and make it wait for us.
 */
void
db_pipeline_begin(struct db_pipeline *p, PGconn *conn)
{
	char err[256];

	memset(p, 0, sizeof(*p));
	p->conn = conn;
	if (PQenterPipelineMode(conn) == 0) {
		msg_warn("cannot start a database pipeline: %s",
			 db_error(conn, err, sizeof(err)));
		p->failed = 1;
	}
}

void
db_pipeline_send(struct db_pipeline *p, const char *name, int nparams,
		 const char *const *params)
{
	char err[256];

	if (p->failed)
		return;
	if (p->synced)
		msg_panic("db_pipeline_send: %s after the results", name);
	if (PQsendQueryPrepared(p->conn, name, nparams, params, NULL, NULL,
				0) == 0) {
		msg_warn("cannot send statement %s: %s", name,
			 db_error(p->conn, err, sizeof(err)));
		p->failed = 1;
		return;
	}
	p->queued++;
}

/* Send what is queued, with the end of the transaction. */
static void
db_pipeline_sync(struct db_pipeline *p)
{
	char err[256];

	if (p->synced || p->failed)
		return;
	p->synced = 1;
	if (PQpipelineSync(p->conn) == 0) {
		msg_warn("cannot send a database pipeline: %s",
			 db_error(p->conn, err, sizeof(err)));
		p->failed = 1;
	}
}

/*
 * The next result, and the NULL that ends it. A statement skipped after
 * an earlier failure answers PGRES_PIPELINE_ABORTED; the one that failed
 * was warned about already.
 */
PGresult *
db_pipeline_result(struct db_pipeline *p)
{
	PGresult *res, *end;

	db_pipeline_sync(p);
	if (p->failed || p->queued == 0)
		return NULL;
	p->queued--;
	if ((res = PQgetResult(p->conn)) == NULL) {
		p->failed = 1; /* the connection is gone */
		return NULL;
	}
	if ((end = PQgetResult(p->conn)) != NULL) {
		PQclear(end);
		PQclear(res);
		msg_warn("database pipeline: more than one result");
		p->failed = 1;
		return NULL;
	}
	if (PQresultStatus(res) == PGRES_PIPELINE_ABORTED) {
		PQclear(res);
		p->failed = 1;
		return NULL;
	}
	if ((res = db_check(p->conn, res)) == NULL)
		p->failed = 1;
	return res;
}

int
db_pipeline_end(struct db_pipeline *p)
{
	PGresult *res;
	int status, nulls = 0;

	if (p->conn == NULL)
		return -1;
	db_pipeline_sync(p);
	/*
	 * Read what is left up to the sync, or the connection cannot leave
	 * pipeline mode: results nobody asked for, and after a failure the
	 * skipped statements. Each result is followed by one NULL, so two
	 * in a row mean nothing more is coming: the connection is gone.
	 */
	while (p->synced && nulls < 2) {
		if ((res = PQgetResult(p->conn)) == NULL) {
			nulls++;
			continue;
		}
		nulls = 0;
		if ((status = PQresultStatus(res)) == PGRES_FATAL_ERROR) {
			if (!p->failed)
				res = db_check(p->conn, res);
			p->failed = 1;
		}
		PQclear(res);
		if (status == PGRES_PIPELINE_SYNC)
			break;
	}
	/* Else the caller sees the pipeline still on and drops conn. */
	if (PQexitPipelineMode(p->conn) == 0)
		p->failed = 1;
	p->conn = NULL;
	return p->failed ? -1 : 0;
}
