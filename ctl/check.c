/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check: postreplyctl check, the whole set-up looked at as Postfix's
 * "postfix check" looks at Postfix. It reads postreply.conf and Postfix's
 * own view of its configuration (check_postfix.c), then the database,
 * the analyzer's heartbeat and submit_url, and prints one line for each
 * finding (check_findings.c): "ok: ..." for what is right, "error: ..." for
 * what is wrong, "warning: ..." for what works at a cost, each of the last two
 * with the command or change that fixes it. --json prints the same as an array
 * of {check, ok, level, message, fix}. Exit 0 when nothing is wrong (warnings
 * allowed), EX_CONFIG otherwise. It changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sysexits.h>
#include <unistd.h>

#include <curl/curl.h>

#include "check_findings.h"
#include "check_forward.h"
#include "check_postfix.h"
#include "check_socket.h"
#include "commands.h"
#include "conf.h"
#include "ctl.h"
#include "db.h"
#include "heartbeat.h"
#include "migrations.h"
#include "msg.h"
#include "postconf.h"
#include "webhook.h"
#include "xmalloc.h"

/* "postreplyctl [-c FILE] db init", for the configuration checked. */
static char *
check_db_init_command(void)
{
	return ctl_config
		   ? xasprintf("postreplyctl -c '%s' db init", ctl_config)
		   : xstrdup("postreplyctl db init");
}

static PGconn *
check_database(void)
{
	struct db_failure why;
	PGconn *conn = db_open("postreplyctl", &why);

	/* Not the connection string itself: it may hold a password. */
	if (conn == NULL) {
		check_error("database",
			    "check \"database\" in postreply.conf, that "
			    "PostgreSQL runs, and that it lets this user in",
			    "cannot connect to the database that \"database\" "
			    "in postreply.conf names: %s",
			    why.text);
		return NULL;
	}
	check_ok("database", "the database answers (database %s on %s)",
		 PQdb(conn), PQhost(conn));
	return conn;
}

/* Is name among the rows of res (one column)? */
static int
check_has_row(PGresult *res, const char *name)
{
	int i;

	for (i = 0; i < PQntuples(res); i++)
		if (strcmp(PQgetvalue(res, i, 0), name) == 0)
			return 1;
	return 0;
}

/* A migration of the database that this postreplyctl does not carry. */
static const char *
check_unknown_migration(PGresult *res)
{
	const struct migration *m;
	int i;

	for (i = 0; i < PQntuples(res); i++) {
		for (m = migrations; m->name; m++)
			if (strcmp(m->name, PQgetvalue(res, i, 0)) == 0)
				break;
		if (m->name == NULL)
			return PQgetvalue(res, i, 0);
	}
	return NULL;
}

static void
check_schema_report(PGresult *res, char *fix)
{
	const struct migration *m, *first = NULL, *last = NULL;
	const char *unknown = check_unknown_migration(res);
	int missing = 0;

	for (m = migrations; m->name; last = m++)
		if (!check_has_row(res, m->name) && missing++ == 0)
			first = m;
	if (missing == 1)
		check_error(
		    "schema", fix,
		    "the schema lacks migration %s of this postreplyctl",
		    first->name);
	else if (missing)
		check_error("schema", fix,
			    "the schema lacks %d migrations of this "
			    "postreplyctl (%s to %s)",
			    missing, first->name, last->name);
	else if (unknown)
		check_error("schema",
			    "install the postreply version that applied it",
			    "the database has migration %s, which this "
			    "postreplyctl does not know: postreply here is "
			    "older than the schema",
			    unknown);
	else
		check_ok("schema", "the schema is at the latest migration, %s",
			 last->name);
}

/* The schema is the latest; returns whether the heartbeat table is there. */
static int
check_schema(PGconn *conn)
{
	PGresult *res = PQexec(conn, "SELECT name FROM schema_migrations");
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	char err[256], *fix = check_db_init_command();
	int heartbeat = 0;

	if (PQresultStatus(res) == PGRES_TUPLES_OK) {
		check_schema_report(res, fix);
		heartbeat = check_has_row(res, "010_heartbeat");
	} else if (state && strcmp(state, "42P01") == 0)
		check_error("schema", fix,
			    "schema missing: the database has no postreply "
			    "schema (no schema_migrations table)");
	else
		check_error("schema", NULL, "cannot read schema_migrations: %s",
			    db_error(conn, err, sizeof(err)));
	PQclear(res);
	free(fix);
	return heartbeat;
}

#define CHECK_START_ANALYZER                                                   \
	"start postreply-analyzer (systemctl start postreply-analyzer) and "   \
	"see its log"

static void
check_analyzer(PGconn *conn)
{
	struct heartbeat hb;
	char err[256];
	int rc =
	    heartbeat_last(conn, "postreply-analyzer", &hb, err, sizeof(err));

	if (rc < 0)
		check_error("analyzer", NULL,
			    "cannot read the analyzers' heartbeats: %s", err);
	else if (rc == 0)
		check_error("analyzer", CHECK_START_ANALYZER,
			    "no analyzer seen: none has ever run against this "
			    "database, so replies are stored but not read, and "
			    "no alert, follow-up or webhook goes out");
	else if (hb.age > HEARTBEAT_STALE)
		check_error("analyzer", CHECK_START_ANALYZER,
			    "no analyzer seen since %s (the last one was pid "
			    "%ld on %s): replies wait unread",
			    hb.seen_at, hb.pid, hb.host);
	else
		check_ok(
		    "analyzer",
		    "postreply-analyzer %s runs on %s (pid %ld), seen %lld "
		    "s ago",
		    hb.version, hb.host, hb.pid, hb.age);
}

/* The database, its schema, a live analyzer, and the file's webhooks. */
static void
check_db(void)
{
	PGconn *conn = check_database();
	char *fix;

	webhook_check(conn);
	if (conn == NULL)
		return;
	if (check_schema(conn))
		check_analyzer(conn);
	else {
		fix = check_db_init_command();
		check_error("analyzer", fix,
			    "cannot tell whether an analyzer runs: the schema "
			    "has no heartbeat table (migration 010_heartbeat)");
		free(fix);
	}
	PQfinish(conn);
}

#define CHECK_SMTP_TIMEOUT 5 /* seconds for the greeting */

/* The final line of an SMTP reply ("220 ..."), or "" after a timeout. */
static void
check_smtp_reply(int fd, char *line, size_t len)
{
	char buf[2048], *start, *nl;
	size_t have = 0;
	ssize_t n;

	line[0] = 0;
	while (have < sizeof(buf) - 1 &&
	       (n = read(fd, buf + have, sizeof(buf) - 1 - have)) > 0) {
		have += (size_t)n;
		buf[have] = 0;
		/* Multi-line replies say "220-" until their last line. */
		for (start = buf; (nl = strchr(start, '\n')) != NULL;
		     start = nl + 1)
			if (nl - start >= 4 && start[3] != '-') {
				snprintf(line, len, "%.*s",
					 (int)(nl - start -
					       (nl[-1] == '\r' ? 1 : 0)),
					 start);
				return;
			}
	}
}

/* submit_url taken apart: scheme, host, port; -1 when it cannot be. */
static int
check_submit_parts(char **scheme, char **host, char **port)
{
	CURLU *u = curl_url();
	int ok;

	*scheme = *host = *port = NULL;
	ok = u &&
	     curl_url_set(u, CURLUPART_URL, conf_cur()->submit_url, 0) ==
		 CURLUE_OK &&
	     curl_url_get(u, CURLUPART_SCHEME, scheme, 0) == CURLUE_OK &&
	     curl_url_get(u, CURLUPART_HOST, host, 0) == CURLUE_OK &&
	     curl_url_get(u, CURLUPART_PORT, port, CURLU_DEFAULT_PORT) ==
		 CURLUE_OK;
	curl_url_cleanup(u);
	return ok ? 0 : -1;
}

/* Connect, read the greeting (smtp://), say QUIT: where mail goes out. */
static void
check_submit_url(void)
{
	char *scheme, *host, *port, *endpoint, *where, err[256], line[512];
	struct timeval tv = {CHECK_SMTP_TIMEOUT, 0};
	int fd;

	if (check_submit_parts(&scheme, &host, &port) < 0) {
		check_error("submit_url",
			    "correct submit_url in postreply.conf",
			    "submit_url cannot be read as smtp://host:port");
		return;
	}
	/* Never the user and password the URL may carry. */
	where = xasprintf("%s://%s:%s", scheme, host, port);
	endpoint = xasprintf("inet:%s:%s", host, port);
	if ((fd = check_connect(endpoint, err, sizeof(err))) < 0)
		check_error("submit_url",
			    "start the MTA there, or set submit_url in "
			    "postreply.conf to where it listens",
			    "cannot connect to submit_url %s (%s): follow-ups, "
			    "alerts and postreplyctl send cannot go out",
			    where, err);
	else if (strcmp(scheme, "smtps") == 0)
		check_ok("submit_url",
			 "submit_url %s accepts connections (TLS not tried)",
			 where);
	else {
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		check_smtp_reply(fd, line, sizeof(line));
		if (strncmp(line, "220", 3) == 0) {
			if (write(fd, "QUIT\r\n", 6) == 6)
				check_smtp_reply(fd, err, sizeof(err));
			check_ok("submit_url", "submit_url %s answers SMTP: %s",
				 where, line);
		} else
			check_error("submit_url",
				    "point submit_url at an SMTP server that "
				    "accepts mail from postreply",
				    "submit_url %s does not greet as an SMTP "
				    "server should (\"220 ...\"): %s",
				    where, *line ? line : "no answer");
	}
	if (fd >= 0)
		close(fd);
	free(where);
	free(endpoint);
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
}

enum { OPT_JSON = 256, OPT_POSTFIX_CONFIG };

static const struct option check_opts[] = {
    {"json", no_argument, NULL, OPT_JSON},
    {"postfix-config", required_argument, NULL, OPT_POSTFIX_CONFIG},
    {NULL, 0, NULL, 0},
};

int
cmd_check(int argc, char **argv)
{
	int c, json = 0;

	while ((c = ctl_getopt(argc, argv, check_opts)) != -1) {
		if (c == OPT_JSON)
			json = 1;
		else if (c == OPT_POSTFIX_CONFIG)
			postconf_dir(optarg);
	}
	if (optind != argc)
		ctl_usage();
	check_postfix();
	check_db();
	check_forward();
	check_submit_url();
	check_findings_print(json);
	postconf_dir(NULL);
	return check_findings_status();
}
