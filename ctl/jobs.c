/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * jobs: the work queue, for the operator. "jobs" lists what is queued or
 * failed (with the last error), "jobs retry ID" queues a failed job again
 * with a fresh count of attempts. The rows are core/views.c's, the retry
 * core/jobs.c's; this file prints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "commands.h"
#include "ctl.h"
#include "jobs.h"
#include "msg.h"
#include "views.h"

enum { OPT_FAILED = 256, OPT_JSON };

static const struct option jobs_opts[] = {
    {"failed", no_argument, NULL, OPT_FAILED},
    {"json", no_argument, NULL, OPT_JSON},
    {NULL, 0, NULL, 0},
};

int
cmd_jobs(int argc, char **argv)
{
	int c, json = 0, failed = 0, i;
	PGconn *conn;
	PGresult *res;

	while ((c = ctl_getopt(argc, argv, jobs_opts)) != -1) {
		if (c == OPT_FAILED)
			failed = 1;
		else if (c == OPT_JSON)
			json = 1;
	}
	ctl_no_more(argc, argv);
	conn = ctl_db();
	res = ctl_core(conn, json ? views_jobs_json(conn, failed)
				  : views_jobs(conn, failed));
	if (json) {
		printf("%s\n", PQgetvalue(res, 0, 0));
	} else {
		printf("%-8s %-14s %-8s %-8s %-19s %s\n", "ID", "KIND", "STATE",
		       "ATTEMPTS", "RUN AT", "PAYLOAD / LAST ERROR");
		for (i = 0; i < PQntuples(res); i++)
			printf("%-8s %-14s %-8s %-8s %-19s %s%s%s\n",
			       PQgetvalue(res, i, VIEWS_JOBS_ID),
			       PQgetvalue(res, i, VIEWS_JOBS_KIND),
			       PQgetvalue(res, i, VIEWS_JOBS_STATE),
			       PQgetvalue(res, i, VIEWS_JOBS_ATTEMPTS),
			       PQgetvalue(res, i, VIEWS_JOBS_RUN_AT),
			       PQgetvalue(res, i, VIEWS_JOBS_PAYLOAD),
			       *PQgetvalue(res, i, VIEWS_JOBS_ERROR) ? "  "
								     : "",
			       PQgetvalue(res, i, VIEWS_JOBS_ERROR));
	}
	PQclear(res);
	PQfinish(conn);
	return EX_OK;
}

int
cmd_jobs_retry(int argc, char **argv)
{
	const char *id;
	PGconn *conn;
	char *end;

	ctl_options_none(argc, argv);
	id = ctl_operand(argc, argv,
			 "ID (a job number, from postreplyctl jobs)");
	ctl_no_more(argc, argv);
	if (strtoll(id, &end, 10) <= 0 || *end)
		ctl_usage_error("bad ID \"%s\": expected a job number, as "
				"postreplyctl jobs shows",
				id);
	conn = ctl_db();
	if (ctl_core_rc(conn, jobs_retry(conn, id)) == 0)
		msg_fatal(EX_DATAERR,
			  "job %s is not a failed job (see postreplyctl jobs "
			  "--failed)",
			  id);
	printf("job %s queued again\n", id);
	PQfinish(conn);
	return EX_OK;
}
