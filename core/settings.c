/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * settings: what an account is set to, written and read by the same SQL
 * from postreplyctl (account set, account pause/resume, followup rule
 * set/list) and postreply-web (the settings page). The checks say what
 * is wrong in a sentence the caller prefixes or shows as it is.
 */
#include <string.h>

#include "buf.h"

#include "replyaddr.h"
#include "schedule.h"
#include "settings.h"
#include "zone.h"

#define SETTINGS_STR_(x) #x
#define SETTINGS_STR(x) SETTINGS_STR_(x)

const char settings_account_set_sql[] =
    "UPDATE accounts SET name = coalesce($2, name),"
    " reply_to = coalesce($3, reply_to),"
    " work_hours = coalesce($4, work_hours),"
    " work_days = coalesce($5, work_days),"
    " time_zone = coalesce($6, time_zone),"
    " paused = coalesce($7::boolean, paused)"
    " WHERE lower(email) = lower($1)";

const char settings_rule_set_sql[] =
    "INSERT INTO followup_rules AS r (account_id, scenario, enabled, steps,"
    " max_steps, message, custom_text, on_send)"
    " VALUES ($1, $2, coalesce($3::boolean, false),"
    "  coalesce($4, '3d,7d'), coalesce($5::int, 2), coalesce($6, 'ai'),"
    "  coalesce($7, ''), coalesce($8::text[], '{}'))"
    " ON CONFLICT (account_id, scenario) DO UPDATE SET"
    " enabled = coalesce($3::boolean, r.enabled),"
    " steps = coalesce($4, r.steps),"
    " max_steps = coalesce($5::int, r.max_steps),"
    " message = coalesce($6, r.message),"
    " custom_text = coalesce($7, r.custom_text),"
    " on_send = coalesce($8::text[], r.on_send), updated_at = now()"
    " RETURNING enabled, steps, max_steps, message, custom_text";

const char settings_rules_json_sql[] = SETTINGS_RULES_JSON_SELECT;

char *
settings_text_array(const char *const *items, int n)
{
	struct buf b;
	const char *p;
	int i;

	buf_init(&b);
	buf_puts(&b, "{");
	for (i = 0; i < n; i++) {
		buf_puts(&b, i ? ",\"" : "\"");
		for (p = items[i]; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_puts(&b, "\\");
			buf_append(&b, p, 1);
		}
		buf_puts(&b, "\"");
	}
	buf_puts(&b, "}");
	return b.data;
}

const char *
settings_check_scenario(const char *s)
{
	if (s && (strcmp(s, "no_reply") == 0 || strcmp(s, "unavailable") == 0 ||
		  strcmp(s, "requested_delay") == 0))
		return NULL;
	return "unknown scenario; use one of: no_reply, unavailable, "
	       "requested_delay";
}

const char *
settings_check_action(const char *a)
{
	if (strncmp(a, "tag:", 4) == 0 && a[4] && !strchr(a, '\n'))
		return NULL;
	if (strncmp(a, "assign:", 7) == 0)
		return replyaddr_plausible(a + 7)
			   ? NULL
			   : "bad assign address: expected assign:name@domain";
	if (strcmp(a, "notify") == 0 || strcmp(a, "webhook") == 0)
		return NULL;
	return "unknown on-send action; use tag:NAME, assign:EMAIL, notify or "
	       "webhook";
}

const char *
settings_check_steps(const char *steps)
{
	long long secs[SCHEDULE_MAX_STEPS];

	if (schedule_parse_steps(steps, secs, SCHEDULE_MAX_STEPS) < 0)
		return "bad steps: expected durations such as 3d,7d (s, m, h, "
		       "d), at most " SETTINGS_STR(SCHEDULE_MAX_STEPS) " steps";
	return NULL;
}

const char *
settings_check_hours(const char *hours)
{
	struct schedule_hours h;

	return schedule_parse_hours(hours, &h) < 0
		   ? "bad working hours: expected HH:MM-HH:MM such as "
		     "08:00-17:00, or \"\" for all day"
		   : NULL;
}

const char *
settings_check_days(const char *days)
{
	struct schedule_hours h;

	return schedule_parse_days(days, &h) < 0
		   ? "bad working days: expected days such as mon-fri or "
		     "mon,wed,fri, or \"\" for every day"
		   : NULL;
}

const char *
settings_check_zone(const char *tz)
{
	return *tz == 0 || !zone_known(tz)
		   ? "unknown time zone: expected a name such as Europe/Paris"
		   : NULL;
}
