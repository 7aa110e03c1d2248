/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_CALENDAR_H
#define POSTREPLY_CALENDAR_H

#include <glib.h>

/* A civil date: year, month 1..12, day 1..31. */
struct ymd {
	int y, m, d;
};

/* Whether a is a real date of the years 1..9999. */
int calendar_valid(struct ymd a);

/* Days in month m of year y (31 for a month out of range). */
int calendar_days_in_month(int y, int m);

/* n days on (or back), stopping at 1-01-01 and 9999-12-31. */
struct ymd calendar_add_days(struct ymd a, int n);

/* n months on, the day kept or, past the month's end, its last day. */
struct ymd calendar_add_months(struct ymd a, int n);

/* Monday 0 .. Sunday 6. */
int calendar_iso_wday(struct ymd a);

/* -1, 0 or 1 as a is before, the same day as, or after b. */
int calendar_cmp(struct ymd a, struct ymd b);

#endif
