/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_DATES_H
#define POSTREPLY_DATES_H

#include <glib.h>
#include <stddef.h>
#include <time.h>

#include "words.h"

/*
 * Dates and times written in a reply ("next Tuesday at 3pm", "in zwei
 * Wochen", "après le 15", "jusqu'au 3 juin"), resolved against the time
 * the reply was received, in the account's time zone.
 */
enum date_mark {
	DM_NONE,
	DM_UNTIL, /* until, jusqu'au, bis */
	DM_BACK,  /* back on, de retour le, zurück am */
	DM_AFTER, /* after, après, nach: the day after is meant */
	DM_FROM,  /* from, à partir du, ab */
	DM_BY     /* by, avant, bis spätestens: a deadline */
};

enum date_kind {
	DK_DAY,      /* a day: tomorrow, Tuesday, 15 June, the 15th */
	DK_WEEK,     /* next week */
	DK_MONTH,    /* next month, in June, end of the month */
	DK_PERIOD,   /* next quarter, next year */
	DK_DURATION, /* in two weeks, in an hour */
	DK_TIME      /* a time of day alone: at 4pm */
};

struct date_hit {
	size_t first, last; /* tokens [first, last) */
	unsigned sent;
	time_t when;
	unsigned char mark; /* enum date_mark */
	unsigned char kind; /* enum date_kind */
	unsigned char has_time;
	unsigned char past; /* before the reference time */
};

/*
 * The dates of ws, left to right, at most max. A day without a time is
 * 09:00 local time; "next week" is its Monday, "next month", "next
 * quarter", "next year" and "in June" their first working day (Monday to
 * Friday), "end of the month" its last working day; "after X" is the day
 * after X (or the week or month after). "next <weekday>" is that day in
 * the next calendar week (weeks start on Monday), a bare weekday the next
 * one after today. A date without a year is the next one from today.
 * Numeric dates are day/month unless only month/day makes sense. A
 * month followed in its sentence by a bare day number ("early January,
 * say the 4th") is one date, that day of that month.
 * "in two weeks" is 14 days from today, "in a month" the same day next
 * month; "in an hour" is an hour from ref itself. Local dates and times
 * are those of zone (zone.h: the account's).
 */
size_t dates_find(const struct words *ws, time_t ref, GTimeZone *zone,
		  struct date_hit *hits, size_t max);

#endif
