/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * followup commands: the rules of automatic follow-ups per account and
 * scenario (all disabled until enabled here), what is scheduled, and the
 * account's automation switch and working hours. The analyzer does the
 * scheduling and sending (analyzer/followup.c, fusend.c).
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "followups.h"
#include "schedule.h"
#include "buf.h"
#include "commands.h"
#include "conf.h"
#include "ctl.h"
#include "msg.h"
#include "settings.h"
#include "xmalloc.h"
#include "zone.h"

enum {
	OPT_ACCOUNT = 256,
	OPT_ENABLE,
	OPT_DISABLE,
	OPT_STEPS,
	OPT_MAX,
	OPT_MESSAGE,
	OPT_TEXT,
	OPT_TEXT_FILE,
	OPT_ON_SEND,
	OPT_JSON,
	OPT_HOURS,
	OPT_DAYS,
	OPT_TZ,
	OPT_NAME,
	OPT_REPLY_TO,
};

static const struct option rule_set_opts[] = {
    {"account", required_argument, NULL, OPT_ACCOUNT},
    {"enable", no_argument, NULL, OPT_ENABLE},
    {"disable", no_argument, NULL, OPT_DISABLE},
    {"steps", required_argument, NULL, OPT_STEPS},
    {"max", required_argument, NULL, OPT_MAX},
    {"message", required_argument, NULL, OPT_MESSAGE},
    {"text", required_argument, NULL, OPT_TEXT},
    {"text-file", required_argument, NULL, OPT_TEXT_FILE},
    {"on-send", required_argument, NULL, OPT_ON_SEND},
    {NULL, 0, NULL, 0},
};

static void
followup_check_scenario(const char *s)
{
	if (strcmp(s, "no_reply") != 0 && strcmp(s, "unavailable") != 0 &&
	    strcmp(s, "requested_delay") != 0)
		msg_fatal(EX_DATAERR,
			  "unknown scenario \"%s\"; use one of: no_reply, "
			  "unavailable, requested_delay",
			  s);
}

static void
followup_check_action(const char *a)
{
	if (strncmp(a, "tag:", 4) == 0 && a[4] && !strchr(a, '\n'))
		return;
	if (strncmp(a, "assign:", 7) == 0) {
		ctl_check_address("assign", a + 7);
		return;
	}
	if (strcmp(a, "notify") == 0)
		return;
	if (strcmp(a, "webhook") == 0) {
		if (*conf_cur()->webhook_url == 0)
			msg_warn("webhook_url is not set: the webhook action "
				 "sends nothing until it is");
		return;
	}
	msg_fatal(EX_DATAERR,
		  "unknown on-send action \"%s\"; use tag:NAME, assign:EMAIL, "
		  "notify or webhook",
		  a);
}

/* What rule set was asked; NULL (or 0 actions) leaves a value as it is. */
struct rule_args {
	const char *account, *scenario, *enabled, *steps, *max, *message;
	const char *text, *file;
	char **actions;
	int nactions;
	gchar *data; /* the contents of --text-file */
};

static void
rule_set_parse(int argc, char **argv, struct rule_args *r)
{
	int c;

	memset(r, 0, sizeof(*r));
	r->actions = xcalloc((size_t)argc, sizeof(*r->actions));
	while ((c = ctl_getopt(argc, argv, rule_set_opts)) != -1) {
		if (c == OPT_ACCOUNT)
			r->account = optarg;
		else if (c == OPT_ENABLE || c == OPT_DISABLE)
			r->enabled = c == OPT_ENABLE ? "t" : "f";
		else if (c == OPT_STEPS)
			r->steps = optarg;
		else if (c == OPT_MAX)
			r->max = optarg;
		else if (c == OPT_MESSAGE)
			r->message = optarg;
		else if (c == OPT_TEXT)
			r->text = optarg;
		else if (c == OPT_TEXT_FILE)
			r->file = optarg;
		else if (c == OPT_ON_SEND) {
			followup_check_action(optarg);
			r->actions[r->nactions++] = optarg;
		}
	}
	ctl_need(r->account, "--account EMAIL");
	r->scenario = ctl_operand(argc, argv,
				  "SCENARIO (no_reply, unavailable or "
				  "requested_delay)");
	ctl_no_more(argc, argv);
	if (r->text && r->file)
		ctl_usage_error("give --text or --text-file, not both");
}

/* Everything that can be checked before the database. */
static void
rule_set_check(struct rule_args *r)
{
	long long secs[SCHEDULE_MAX_STEPS];
	char *end;
	gsize len;

	followup_check_scenario(r->scenario);
	if (r->steps &&
	    schedule_parse_steps(r->steps, secs, SCHEDULE_MAX_STEPS) < 0)
		msg_fatal(EX_DATAERR,
			  "bad --steps \"%s\": expected durations such as "
			  "3d,7d (s, m, h, d), at most %d",
			  r->steps, SCHEDULE_MAX_STEPS);
	if (r->max && (strtol(r->max, &end, 10) < 1 || *end ||
		       strtol(r->max, NULL, 10) > 100))
		msg_fatal(EX_DATAERR, "bad --max \"%s\": expected 1 to 100",
			  r->max);
	if (r->message && strcmp(r->message, "ai") != 0 &&
	    strcmp(r->message, "custom") != 0)
		msg_fatal(EX_DATAERR, "bad --message \"%s\": use ai or custom",
			  r->message);
	if (r->file) {
		if (!g_file_get_contents(strcmp(r->file, "-") ? r->file
							      : "/dev/stdin",
					 &r->data, &len, NULL))
			msg_fatal(EX_NOINPUT, "cannot read %s", r->file);
		ctl_check_text("--text-file", r->data, len);
		r->text = r->data;
	} else if (r->text) {
		ctl_check_text("--text", r->text, strlen(r->text));
	}
	if (r->text && r->message == NULL)
		r->message = "custom";
}

int
cmd_followup_rule_set(int argc, char **argv)
{
	struct rule_args r;
	char idbuf[32], *arr = NULL;
	PGconn *conn;
	PGresult *res;

	rule_set_parse(argc, argv, &r);
	rule_set_check(&r);
	if (r.nactions)
		arr = settings_text_array((const char *const *)r.actions,
					  r.nactions);
	conn = ctl_db();
	snprintf(idbuf, sizeof(idbuf), "%lld", ctl_account_id(conn, r.account));
	const char *params[] = {idbuf, r.scenario, r.enabled, r.steps,
				r.max, r.message,  r.text,    arr};
	/*
	 * A custom message needs its text, given now or kept from before:
	 * the rule as it would be decides, and it is not kept without.
	 */
	PQclear(ctl_query(conn, "BEGIN", 0, NULL));
	res = ctl_query(conn, settings_rule_set_sql, 8, params);
	if (strcmp(PQgetvalue(res, 0, 3), "custom") == 0 &&
	    *PQgetvalue(res, 0, 4) == 0)
		ctl_usage_error("--message custom needs the message: give "
				"--text T or --text-file F (the rule is "
				"unchanged)");
	PQclear(ctl_query(conn, "COMMIT", 0, NULL));
	printf("%s %s for %s: steps %s, at most %s, message %s\n", r.scenario,
	       *PQgetvalue(res, 0, 0) == 't' ? "enabled" : "disabled",
	       r.account, PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2),
	       PQgetvalue(res, 0, 3));
	PQclear(res);
	PQfinish(conn);
	g_free(r.data);
	free(arr);
	free(r.actions);
	return EX_OK;
}

static const struct option list_opts[] = {
    {"account", required_argument, NULL, OPT_ACCOUNT},
    {"json", no_argument, NULL, OPT_JSON},
    {NULL, 0, NULL, 0},
};

static const char rules_text_sql[] =
    "SELECT s.scenario, CASE WHEN coalesce(r.enabled, false)"
    " THEN 'enabled' ELSE 'disabled' END, coalesce(r.steps, '3d,7d'),"
    " coalesce(r.max_steps, 2), coalesce(r.message, 'ai'),"
    " coalesce(array_to_string(r.on_send, ' '), '')" SETTINGS_RULES_FROM
    " ORDER BY s.n";

int
cmd_followup_rule_list(int argc, char **argv)
{
	const char *account = NULL;
	char idbuf[32];
	const char *params[] = {idbuf};
	PGconn *conn;
	PGresult *res;
	int c, i, json = 0;

	while ((c = ctl_getopt(argc, argv, list_opts)) != -1) {
		if (c == OPT_ACCOUNT)
			account = optarg;
		else if (c == OPT_JSON)
			json = 1;
	}
	ctl_need(account, "--account EMAIL");
	ctl_no_more(argc, argv);
	conn = ctl_db();
	snprintf(idbuf, sizeof(idbuf), "%lld", ctl_account_id(conn, account));
	res = ctl_query(conn, json ? settings_rules_json_sql : rules_text_sql,
			1, params);
	if (json) {
		printf("%s\n", PQgetvalue(res, 0, 0));
	} else {
		printf("%-16s %-9s %-16s %-4s %-7s %s\n", "SCENARIO", "STATE",
		       "STEPS", "MAX", "MESSAGE", "ON SEND");
		for (i = 0; i < PQntuples(res); i++)
			printf("%-16s %-9s %-16s %-4s %-7s %s\n",
			       PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
			       PQgetvalue(res, i, 2), PQgetvalue(res, i, 3),
			       PQgetvalue(res, i, 4), PQgetvalue(res, i, 5));
	}
	PQclear(res);
	PQfinish(conn);
	return EX_OK;
}

/*
 * What is pending, soonest first: scheduled follow-ups, and those caught
 * in the middle of a send (sent again when their job runs).
 */
#define FOLLOWUPS_FROM                                                         \
	" FROM followups f JOIN accounts a ON a.id = f.account_id"             \
	" JOIN customers c ON c.id = f.customer_id"                            \
	" WHERE f.state IN ('scheduled', 'sending')"                           \
	" AND ($1::text IS NULL OR lower(a.email) = lower($1))"

/* Why each is due, for people (the analyzer keeps ids in the reason). */
#define FOLLOWUPS_WHY FOLLOWUP_REASON_WORDS("f.reason")

static const char followups_json_sql[] =
    "SELECT coalesce(jsonb_pretty(jsonb_agg(jsonb_build_object("
    " 'id', f.id, 'account', a.email, 'customer', c.email,"
    " 'scenario', f.scenario, 'step', f.step, 'due_at', f.due_at,"
    " 'reason', f.reason, 'why', " FOLLOWUPS_WHY ","
    " 'paused', a.paused, 'created_at', f.created_at, 'state', f.state)"
    " ORDER BY f.due_at, f.id)), '[]')" FOLLOWUPS_FROM;

static const char followups_text_sql[] =
    "SELECT f.id, to_char(f.due_at AT TIME ZONE 'UTC',"
    " 'YYYY-MM-DD HH24:MI:SS'), a.email, c.email, f.scenario, f.step,"
    " " FOLLOWUPS_WHY
    " || CASE WHEN a.paused THEN ' (account paused)' ELSE '' END"
    " || CASE WHEN f.state = 'sending' THEN ' (interrupted while sending;"
    " sent again when its job runs)' ELSE '' END" FOLLOWUPS_FROM
    " ORDER BY f.due_at, f.id";

int
cmd_followups(int argc, char **argv)
{
	const char *account = NULL;
	PGconn *conn;
	PGresult *res;
	int c, i, json = 0;

	while ((c = ctl_getopt(argc, argv, list_opts)) != -1) {
		if (c == OPT_ACCOUNT)
			account = optarg;
		else if (c == OPT_JSON)
			json = 1;
	}
	ctl_no_more(argc, argv);
	const char *params[] = {account};
	conn = ctl_db();
	if (account)
		ctl_account_id(conn, account);
	res = ctl_query(conn, json ? followups_json_sql : followups_text_sql, 1,
			params);
	if (json) {
		printf("%s\n", PQgetvalue(res, 0, 0));
	} else {
		printf("%-8s %-19s %-28s %-28s %-16s %-4s %s\n", "ID",
		       "DUE (UTC)", "ACCOUNT", "CUSTOMER", "SCENARIO", "STEP",
		       "WHY");
		for (i = 0; i < PQntuples(res); i++)
			printf("%-8s %-19s %-28s %-28s %-16s %-4s %s\n",
			       PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
			       PQgetvalue(res, i, 2), PQgetvalue(res, i, 3),
			       PQgetvalue(res, i, 4), PQgetvalue(res, i, 5),
			       PQgetvalue(res, i, 6));
	}
	PQclear(res);
	PQfinish(conn);
	return EX_OK;
}

static int
followup_pause(int argc, char **argv, const char *paused)
{
	const char *email;
	PGconn *conn;

	ctl_options_none(argc, argv);
	email = ctl_operand(argc, argv, "EMAIL");
	ctl_no_more(argc, argv);
	const char *params[] = {email, NULL, NULL, NULL, NULL, NULL, paused};
	conn = ctl_db();
	ctl_account_id(conn, email);
	PQclear(ctl_query(conn, settings_account_set_sql, 7, params));
	printf("%s automation for %s\n", *paused == 't' ? "paused" : "resumed",
	       email);
	PQfinish(conn);
	return EX_OK;
}

int
cmd_account_pause(int argc, char **argv)
{
	return followup_pause(argc, argv, "t");
}

int
cmd_account_resume(int argc, char **argv)
{
	return followup_pause(argc, argv, "f");
}

/* account set --hours/--days/--tz: checked before they are stored. */
void
ctl_check_work_time(const char *hours, const char *days, const char *tz)
{
	struct schedule_hours h;

	if (hours && schedule_parse_hours(hours, &h) < 0)
		msg_fatal(EX_DATAERR,
			  "bad --hours \"%s\": expected HH:MM-HH:MM such as "
			  "08:00-17:00, or \"\" for all day",
			  hours);
	if (days && schedule_parse_days(days, &h) < 0)
		msg_fatal(EX_DATAERR,
			  "bad --days \"%s\": expected days such as mon-fri "
			  "or mon,wed,fri, or \"\" for every day",
			  days);
	if (tz && (*tz == 0 || !zone_known(tz)))
		msg_fatal(EX_DATAERR,
			  "unknown time zone \"%s\": expected a name such as "
			  "Europe/Paris",
			  tz);
}
