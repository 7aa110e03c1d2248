/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * calendar: civil dates (year, month, day) and their arithmetic, with
 * GLib's GDate.
 *
 * Contract. Pure and thread-safe. Dates outside the years 1..9999 are
 * invalid; a step that would leave them stops at the edge (see below).
 * An invalid date given to a step comes back unchanged.
 */
#include <stdint.h>

#include "calendar.h"

/*
 * Civil dates, with GLib's GDate. GDate holds the years 1..65535; a reply
 * may say "in 99999 months", so a step that would leave 1..9999 stops at
 * that edge instead (no date that far is worth more than being far).
 */
#define CALENDAR_YEAR_MAX 9999

static GDate
calendar_gdate(struct ymd a)
{
	GDate g;

	g_date_clear(&g, 1);
	g_date_set_dmy(&g, (GDateDay)a.d, (GDateMonth)a.m, (GDateYear)a.y);
	return g;
}

static struct ymd
calendar_from_gdate(const GDate *g)
{
	return (struct ymd){g_date_get_year(g), g_date_get_month(g),
			    g_date_get_day(g)};
}

int
calendar_valid(struct ymd a)
{
	return a.y >= 1 && a.y <= CALENDAR_YEAR_MAX &&
	       g_date_valid_dmy((GDateDay)a.d, (GDateMonth)a.m, (GDateYear)a.y);
}

/* Days in month m of year y; a year GDate cannot hold counts as common. */
int
calendar_days_in_month(int y, int m)
{
	if (m < 1 || m > 12)
		return 31;
	return g_date_get_days_in_month(
	    (GDateMonth)m, y >= 1 && y <= 65535 ? (GDateYear)y : 1);
}

struct ymd
calendar_add_days(struct ymd a, int n)
{
	static const struct ymd first = {1, 1, 1},
				last = {CALENDAR_YEAR_MAX, 12, 31};
	GDate g, edge;

	if (!calendar_valid(a))
		return a;
	g = calendar_gdate(a);
	edge = calendar_gdate(n >= 0 ? last : first);
	if (n >= 0 && (guint64)g_date_days_between(&g, &edge) < (guint64)n)
		return last;
	if (n < 0 && g_date_days_between(&edge, &g) < -(gint64)n)
		return first;
	if (n >= 0)
		g_date_add_days(&g, (guint)n);
	else
		g_date_subtract_days(&g, (guint) - (gint64)n);
	return calendar_from_gdate(&g);
}

/* n months on, the day kept or, past the month's end, its last day. */
struct ymd
calendar_add_months(struct ymd a, int n)
{
	int64_t idx = (int64_t)a.y * 12 + (a.m - 1) + n;
	GDate g;

	if (!calendar_valid(a))
		return a;
	if (idx < 12)
		return (struct ymd){1, 1, 1};
	if (idx / 12 > CALENDAR_YEAR_MAX)
		return (struct ymd){CALENDAR_YEAR_MAX, 12, 31};
	g = calendar_gdate(a);
	if (n >= 0)
		g_date_add_months(&g, (guint)n);
	else
		g_date_subtract_months(&g, (guint) - (gint64)n);
	return calendar_from_gdate(&g);
}

/* Monday 0 .. Sunday 6. */
int
calendar_iso_wday(struct ymd a)
{
	GDate g;

	if (!calendar_valid(a))
		return 0;
	g = calendar_gdate(a);
	return (int)g_date_get_weekday(&g) - 1;
}

int
calendar_cmp(struct ymd a, struct ymd b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	return a.d < b.d ? -1 : a.d > b.d;
}
