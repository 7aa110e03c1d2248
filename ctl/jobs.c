/*
 * jobs: the work queue, for the operator. "jobs" lists what is queued or
 * failed (with the last error), "jobs retry ID" queues a failed job again
 * with a fresh count of attempts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "commands.h"
#include "ctl.h"
#include "jobs.h"
#include "msg.h"

enum { OPT_FAILED = 256, OPT_JSON };

static const struct option jobs_opts[] = {
    {"failed", no_argument, NULL, OPT_FAILED},
    {"json", no_argument, NULL, OPT_JSON},
    {NULL, 0, NULL, 0},
};

/* Jobs not done: queued (or running) ones, or only the failed ones. */
#define JOBS_FROM                                                              \
	" FROM jobs WHERE state <> 'done'"                                     \
	" AND (NOT $1::boolean OR state = 'failed')"

static const char jobs_json_sql[] =
    "SELECT coalesce(jsonb_pretty(jsonb_agg(jsonb_build_object("
    " 'id', id, 'kind', kind, 'payload', payload, 'state',"
    " CASE WHEN state = 'queued' AND locked_until > now() THEN 'running'"
    " ELSE state END, 'attempts', attempts, 'run_at', run_at,"
    " 'last_error', last_error, 'created_at', created_at) ORDER BY id)),"
    " '[]')" JOBS_FROM;

static const char jobs_text_sql[] =
    "SELECT id, kind, CASE WHEN state = 'queued' AND locked_until > now()"
    " THEN 'running' ELSE state END, attempts,"
    " to_char(run_at, 'YYYY-MM-DD HH24:MI:SS'), payload::text,"
    " coalesce(last_error, '')" JOBS_FROM " ORDER BY id";

int
cmd_jobs(int argc, char **argv)
{
	int c, json = 0, failed = 0, i;
	const char *params[1];
	PGconn *conn;
	PGresult *res;

	while ((c = ctl_getopt(argc, argv, jobs_opts)) != -1) {
		if (c == OPT_FAILED)
			failed = 1;
		else if (c == OPT_JSON)
			json = 1;
	}
	ctl_no_more(argc, argv);
	params[0] = failed ? "t" : "f";
	conn = ctl_db();
	res = ctl_query(conn, json ? jobs_json_sql : jobs_text_sql, 1, params);
	if (json) {
		printf("%s\n", PQgetvalue(res, 0, 0));
	} else {
		printf("%-8s %-14s %-8s %-8s %-19s %s\n", "ID", "KIND", "STATE",
		       "ATTEMPTS", "RUN AT", "PAYLOAD / LAST ERROR");
		for (i = 0; i < PQntuples(res); i++)
			printf("%-8s %-14s %-8s %-8s %-19s %s%s%s\n",
			       PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
			       PQgetvalue(res, i, 2), PQgetvalue(res, i, 3),
			       PQgetvalue(res, i, 4), PQgetvalue(res, i, 5),
			       *PQgetvalue(res, i, 6) ? "  " : "",
			       PQgetvalue(res, i, 6));
	}
	PQclear(res);
	PQfinish(conn);
	return EX_OK;
}

int
cmd_jobs_retry(int argc, char **argv)
{
	const char *params[1];
	PGconn *conn;
	PGresult *res;
	char *end;

	ctl_options_none(argc, argv);
	params[0] = ctl_operand(argc, argv,
				"ID (a job number, from postreplyctl jobs)");
	ctl_no_more(argc, argv);
	if (strtoll(params[0], &end, 10) <= 0 || *end)
		ctl_usage_error("bad ID \"%s\": expected a job number, as "
				"postreplyctl jobs shows",
				params[0]);
	conn = ctl_db();
	res = ctl_query(conn,
			"WITH j AS (UPDATE jobs SET state = 'queued',"
			" attempts = 0, run_at = now(), locked_until = NULL,"
			" finished_at = NULL WHERE id = $1::bigint"
			" AND state = 'failed' RETURNING kind)"
			" SELECT " JOBS_NOTIFY("kind") " FROM j",
			1, params);
	if (PQntuples(res) == 0)
		msg_fatal(EX_DATAERR,
			  "job %s is not a failed job (see postreplyctl jobs "
			  "--failed)",
			  argv[1]);
	printf("job %s queued again\n", argv[1]);
	PQclear(res);
	PQfinish(conn);
	return EX_OK;
}
