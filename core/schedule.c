/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * schedule: follow-up due times, in the account's working hours and time
 * zone. Every local time goes through zone.h (GLib's GTimeZone, never
 * setenv("TZ")), so the opening of a day is right on both sides of a
 * daylight-saving change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf.h"
#include "confvalue.h"
#include "schedule.h"
#include "xmalloc.h"
#include "zone.h"

#define SCHEDULE_ALL_DAYS 0x7fu

static int
schedule_hhmm(const char *s, int *out)
{
	if (strlen(s) < 5 || s[0] < '0' || s[0] > '9' || s[1] < '0' ||
	    s[1] > '9' || s[2] != ':' || s[3] < '0' || s[3] > '5' ||
	    s[4] < '0' || s[4] > '9')
		return -1;
	*out = ((s[0] - '0') * 10 + s[1] - '0') * 60 + (s[3] - '0') * 10 +
	       s[4] - '0';
	return 0;
}

int
schedule_parse_hours(const char *s, struct schedule_hours *h)
{
	int open, close;

	if (*s == 0) {
		h->open = 0;
		h->close = 1440;
		return 0;
	}
	if (strlen(s) != 11 || s[5] != '-' || schedule_hhmm(s, &open) < 0 ||
	    schedule_hhmm(s + 6, &close) < 0 || open >= 1440 || close > 1440 ||
	    open >= close)
		return -1;
	h->open = open;
	h->close = close;
	return 0;
}

static int
schedule_day(const char *s, size_t n)
{
	static const char *names[] = {"sun", "mon", "tue", "wed",
				      "thu", "fri", "sat"};
	int i;

	if (n != 3)
		return -1;
	for (i = 0; i < 7; i++)
		if (strncasecmp(s, names[i], 3) == 0)
			return i;
	return -1;
}

int
schedule_parse_days(const char *s, struct schedule_hours *h)
{
	unsigned mask = 0;
	const char *p = s;
	size_t n;
	int a, b;

	if (*s == 0) {
		h->days = SCHEDULE_ALL_DAYS;
		return 0;
	}
	while (*p) {
		n = strcspn(p, ",-");
		if ((a = schedule_day(p, n)) < 0)
			return -1;
		p += n;
		b = a;
		if (*p == '-') {
			p++;
			n = strcspn(p, ",-");
			if ((b = schedule_day(p, n)) < 0)
				return -1;
			p += n;
		}
		for (;;) { /* a range may wrap: fri-mon */
			mask |= 1u << a;
			if (a == b)
				break;
			a = (a + 1) % 7;
		}
		if (*p == ',' && p[1] == 0)
			return -1;
		if (*p == ',')
			p++;
		else if (*p)
			return -1;
	}
	h->days = mask;
	return 0;
}

void
schedule_hours_init(struct schedule_hours *h, const char *hours,
		    const char *days, const char *zone)
{
	h->zone = zone ? zone : "";
	if (schedule_parse_hours(hours ? hours : "", h) < 0) {
		h->open = 0;
		h->close = 1440;
	}
	if (schedule_parse_days(days ? days : "", h) < 0 || h->days == 0)
		h->days = SCHEDULE_ALL_DAYS;
}

int
schedule_parse_steps(const char *s, long long *out, int max)
{
	char *copy = xstrdup(s), *item, *save = NULL;
	int n = 0;

	for (item = strtok_r(copy, ", ", &save); item;
	     item = strtok_r(NULL, ", ", &save)) {
		if (n == max || confvalue_duration(item, &out[n]) < 0 ||
		    out[n] <= 0) {
			n = -1;
			break;
		}
		n++;
	}
	free(copy);
	return n == 0 ? -1 : n;
}

time_t
schedule_open(const struct schedule_hours *h, time_t t)
{
	struct tm lt, day;
	time_t open, close, at = t;
	GTimeZone *z;
	int d;

	if (h->open == 0 && h->close == 1440 && h->days == SCHEDULE_ALL_DAYS)
		return t;
	z = zone_new(h->zone);
	zone_localtime(z, t, &lt);
	for (d = 0; d <= 8; d++) {
		/* Noon of the local day d days on: its weekday. */
		zone_localtime(z,
			       zone_mktime(z, lt.tm_year + 1900, lt.tm_mon + 1,
					   lt.tm_mday + d, 12, 0),
			       &day);
		if (!(h->days & (1u << day.tm_wday)))
			continue;
		open = zone_mktime(z, day.tm_year + 1900, day.tm_mon + 1,
				   day.tm_mday, h->open / 60, h->open % 60);
		close = zone_mktime(z, day.tm_year + 1900, day.tm_mon + 1,
				    day.tm_mday, h->close / 60, h->close % 60);
		if (t < open) {
			at = open;
			break;
		}
		if (t < close)
			break;
	}
	g_time_zone_unref(z);
	return at; /* t if none of the nine days opens: not with one */
}

time_t
schedule_step_due(const char *steps, int max_steps, int step, time_t reference,
		  const struct schedule_hours *h)
{
	long long secs[SCHEDULE_MAX_STEPS];
	int n = schedule_parse_steps(steps, secs, SCHEDULE_MAX_STEPS);

	if (n <= 0 || step < 1 || step > max_steps)
		return 0;
	return schedule_open(h, reference +
				    (time_t)secs[step <= n ? step - 1 : n - 1]);
}

time_t
schedule_after_reply(const struct schedule_reply *r,
		     const struct schedule_hours *h, time_t now,
		     const char **scenario)
{
	time_t due;

	*scenario = NULL;
	if (r->requested_enabled && r->requested_followup_at > 0) {
		*scenario = "requested_delay";
		due = r->requested_followup_at;
	} else if (r->unavailable_enabled && r->unavailable) {
		*scenario = "unavailable";
		if (r->unavailable_until > 0)
			due = r->unavailable_until;
		else if ((due = schedule_step_due(r->unavailable_steps, 1, 1,
						  r->received_at, h)) == 0) {
			*scenario = NULL;
			return 0;
		}
	} else {
		return 0;
	}
	if (due < now)
		due = now;
	return schedule_open(h, due);
}
