/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dates: the dates and times in a reply, in English, French and German,
 * resolved to instants for requested_followup_at and unavailable_until.
 *
 * Contract. dates_find() reads the tokens of words.c and never crosses a
 * sentence. All calendar arithmetic is done on local civil dates of the
 * account's zone (a GTimeZone: from the zone files, no setenv,
 * thread-safe): the reference instant is turned into a local date, the
 * expression moves that date ("next Tuesday", "in zwei Wochen", "le 15
 * juin"), and the local date and time are turned back into an instant
 * with zone_mktime (its rule for times skipped or repeated by DST), so
 * "next Tuesday" is 09:00 on Tuesday where the account works, DST
 * included. Durations in hours and minutes are added to the instant
 * itself. What the expressions mean is documented in dates.h; their
 * words are datewords.c's, the dates written out (day, month, year) are
 * read by absdates.c and the calendar's arithmetic is util/calendar.c's.
 */
#include <stdint.h>
#include <string.h>

#include "calendar.h"
#include "dates.h"
#include "absdates.h"
#include "datetok.h"
#include "datewords.h"
#include "lexicon.h"
#include "zone.h"

#define DEFAULT_HOUR 9

/* Folded words separated by spaces, at j: the end, or 0. */
static size_t
dates_phrase(const struct ctx *c, size_t j, const char *p)
{
	while (*p) {
		const struct word *w = datetok_word(c, j);
		size_t n;

		/* The first byte rules out almost every phrase, cheaply. */
		if (w == NULL || w->kind == W_NUM || w->norm[0] != *p)
			return 0;
		n = strcspn(p, " ");
		if (w->len != n || memcmp(w->norm, p, n) != 0)
			return 0;
		j++;
		p += n;
		while (*p == ' ')
			p++;
	}
	return j;
}

/* Fixed expressions */

static size_t
dates_parse_relative(const struct ctx *c, size_t j, struct pd *out)
{
	size_t best = 0, end;
	int r = -1;
	struct ymd t = c->today;
	int iso = calendar_iso_wday(t);

	for (size_t k = 0; k < datewords_nrelative; k++)
		if ((end = dates_phrase(c, j, datewords_relative[k].p)) >
		    best) {
			best = end;
			r = datewords_relative[k].v;
		}
	if (best == 0)
		return 0;
	/* "Guten Morgen" is a greeting, "am Morgen" a time of day. */
	if (r == R_TOMORROW && datetok_is(c, j, "morgen") && j > 0 &&
	    (datetok_is(c, j - 1, "guten") || datetok_is(c, j - 1, "am") ||
	     datetok_is(c, j - 1, "einen")))
		return 0;
	out->kind = DK_DAY;
	switch ((enum rel)r) {
	case R_TODAY:
		out->day = t;
		break;
	case R_TODAY_PM:
		out->day = t;
		out->has_time = 1;
		out->hh = 14;
		break;
	case R_TONIGHT:
		out->day = t;
		out->has_time = 1;
		out->hh = 18;
		break;
	case R_TOMORROW:
		out->day = calendar_add_days(t, 1);
		break;
	case R_AFTER_TOMORROW:
		out->day = calendar_add_days(t, 2);
		break;
	case R_NEXT_WEEK:
		out->day = calendar_add_days(t, 7 - iso);
		out->kind = DK_WEEK;
		break;
	case R_NEXT_WEEK_MID:
		out->day = calendar_add_days(t, 7 - iso + 2);
		out->kind = DK_WEEK;
		break;
	case R_NEXT_WEEK_END:
		out->day = calendar_add_days(t, 7 - iso + 4);
		out->kind = DK_WEEK;
		break;
	case R_WEEK_AFTER_NEXT:
		out->day = calendar_add_days(t, 14 - iso);
		out->kind = DK_WEEK;
		break;
	case R_WEEK_END:
		/* This Friday, or next week's once it has passed. */
		out->day = calendar_add_days(t, iso < 4 ? 4 - iso : 11 - iso);
		out->kind = DK_WEEK;
		break;
	case R_NEXT_MONTH:
	case R_NEXT_MONTH_MID:
		out->day = calendar_add_months((struct ymd){t.y, t.m, 1}, 1);
		if (r == R_NEXT_MONTH_MID)
			out->day.d = 15;
		out->kind = DK_MONTH;
		break;
	case R_MONTH_END:
		out->day =
		    (struct ymd){t.y, t.m, calendar_days_in_month(t.y, t.m)};
		if (t.d >= out->day.d) {
			out->day = calendar_add_months(out->day, 1);
			out->day.d =
			    calendar_days_in_month(out->day.y, out->day.m);
		}
		out->kind = DK_MONTH;
		break;
	case R_NEXT_MONTH_END:
		out->day = calendar_add_months((struct ymd){t.y, t.m, 1}, 1);
		out->day.d = calendar_days_in_month(out->day.y, out->day.m);
		out->kind = DK_MONTH;
		break;
	case R_NEXT_QUARTER:
		out->day = (struct ymd){t.y, ((t.m - 1) / 3) * 3 + 1, 1};
		out->day = calendar_add_months(out->day, 3);
		out->kind = DK_PERIOD;
		break;
	case R_NEXT_YEAR:
		out->day = (struct ymd){t.y + 1, 1, 2};
		out->kind = DK_PERIOD;
		break;
	}
	return best;
}

/* Weekdays */

static const char *const next_before[] = {"next",      "nachsten",  "nachster",
					  "naechsten", "naechster", "kommenden",
					  "kommender", "prochain",  NULL};
static const char *const this_before[] = {"this",   "coming", "ce", "diesen",
					  "dieser", "diesem", NULL};

static size_t
dates_parse_weekday(const struct ctx *c, size_t j, struct pd *out)
{
	int next = 0, wd, iso, target, days;
	size_t k = j, end;

	if (datetok_is_one(c, k, next_before)) {
		next = 1;
		k++;
	} else if (datetok_is_one(c, k, this_before)) {
		k++;
	}
	if (datetok_word(c, k) == NULL ||
	    (wd = lexicon_weekday(datetok_word(c, k)->norm)) < 0)
		return 0;
	k++;
	/* A weekday and a day of the month: p_absolute's. */
	if (absdates_day_number(c, k, &end, 0) != 0)
		return 0;
	if (datetok_is_one(
		c, k, (const char *const[]){"prochain", "prochaine", NULL})) {
		next = 1;
		k++;
	} else if ((end = dates_phrase(c, k, "next week")) ||
		   (end = dates_phrase(c, k, "de la semaine prochaine")) ||
		   (end = dates_phrase(c, k, "nachste woche")) ||
		   (end = dates_phrase(c, k, "nachster woche")) ||
		   (end = dates_phrase(c, k, "in der nachsten woche"))) {
		next = 1;
		k = end;
	}
	iso = calendar_iso_wday(c->today);
	target = (wd + 6) % 7;
	if (next) {
		days = target - iso + 7;
	} else {
		days = (target - iso + 7) % 7;
		if (days == 0)
			days = 7;
	}
	out->day = calendar_add_days(c->today, days);
	out->kind = DK_DAY;
	return k;
}

/* Durations */

static int
dates_unit_of(const char *s, int *days, long *secs)
{

	for (size_t i = 0; i < datewords_nunits; i++)
		if (strcmp(s, datewords_units[i].w) == 0) {
			*days = datewords_units[i].days;
			*secs = datewords_units[i].secs;
			return 1;
		}
	return 0;
}

static size_t
dates_parse_duration(const struct ctx *c, size_t j, struct pd *out)
{
	size_t k = j;
	const struct word *w;
	int n = -1, days;
	long secs;
	int after_count = 0; /* "two weeks from now" */

	if (datetok_is(c, k, "in") || datetok_is(c, k, "dans") ||
	    datetok_is(c, k, "within"))
		k++;
	else if (datetok_is(c, k, "d'") && datetok_is(c, k + 1, "ici"))
		k += 2;
	else
		after_count = 1;
	/* The count. */
	if (dates_phrase(c, k, "a couple of")) {
		n = 2;
		k += 3;
	} else if (dates_phrase(c, k, "a few") ||
		   dates_phrase(c, k, "ein paar")) {
		n = 3;
		k += 2;
	} else if ((w = datetok_word(c, k)) != NULL && w->kind == W_NUM &&
		   !w->decimal && !w->grouped && w->suffix[0] == 0 &&
		   w->value >= 1 && w->value <= 366) {
		n = datetok_int(w);
		k++;
	} else if (w != NULL && w->kind == W_WORD &&
		   (n = lexicon_number(w->norm)) > 0) {
		k++;
	} else {
		return 0;
	}
	if (datetok_word(c, k) == NULL ||
	    !dates_unit_of(datetok_word(c, k)->norm, &days, &secs))
		return 0;
	k++;
	if (after_count) {
		size_t e;

		if ((e = dates_phrase(c, k, "from now")) ||
		    (e = dates_phrase(c, k, "from today")))
			k = e;
		else
			return 0;
	}
	/* French weeks are eight and fifteen days. */
	if (days == 1 && (n == 8 || n == 15) && datetok_is(c, k - 1, "jours"))
		n = n == 8 ? 7 : 14;
	out->kind = DK_DURATION;
	if (secs > 0) {
		out->offset = secs * n;
		return k;
	}
	if (days == 30)
		out->day = calendar_add_months(c->today, n);
	else if (days == 365)
		out->day = calendar_add_months(c->today, 12 * n);
	else
		out->day = calendar_add_days(c->today, days * n);
	return k;
}

/* Times of day */

static size_t
dates_parse_time(const struct ctx *c, size_t j, struct pd *out)
{
	const struct word *w;
	size_t k = j;
	int h = -1, m = 0, pm = -1;

	size_t best = 0, e;

	for (size_t i = 0; i < datewords_ntimes; i++)
		if ((e = dates_phrase(c, j, datewords_times[i].p)) > best) {
			best = e;
			h = datewords_times[i].v;
		}
	if (best) {
		out->has_time = 1;
		out->hh = h;
		out->mm = 0;
		return best;
	}
	w = datetok_word(c, k);
	if (w == NULL || w->kind != W_NUM || w->grouped || w->intdigits > 2)
		return 0;
	h = datetok_int(w);
	if (w->decimal) {
		/* "15.30 Uhr", "9.30am": minutes after the separator. */
		const char *p = strpbrk(w->norm, ".,");

		if (p == NULL || !(p[1] >= '0' && p[1] <= '9') ||
		    !(p[2] >= '0' && p[2] <= '9'))
			return 0;
		m = (p[1] - '0') * 10 + (p[2] - '0');
	}
	k++;
	if (strcmp(w->suffix, "am") == 0 || strcmp(w->suffix, "pm") == 0) {
		pm = w->suffix[0] == 'p';
	} else if (w->suffix[0] == 'h') {
		if (w->suffix[1])
			m = (w->suffix[1] - '0') * 10 + (w->suffix[2] - '0');
		else if (datetok_word(c, k) &&
			 datetok_word(c, k)->kind == W_NUM &&
			 datetok_word(c, k)->intdigits == 2 &&
			 datetok_word(c, k)->glued)
			m = datetok_int(datetok_word(c, k++));
	} else if (w->suffix[0]) {
		return 0;
	} else if (datetok_is_punct(c, k, ':') && c->ws->w[k].glued &&
		   datetok_word(c, k + 1) &&
		   datetok_word(c, k + 1)->kind == W_NUM &&
		   datetok_word(c, k + 1)->intdigits == 2 &&
		   c->ws->w[k + 1].glued) {
		m = datetok_int(datetok_word(c, k + 1));
		k += 2;
		if (datetok_word(c, k) && datetok_word(c, k)->kind == W_NUM)
			return 0;
		pm = -1;
		if (datetok_word(c, k - 1)->suffix[0] == 'a' ||
		    datetok_word(c, k - 1)->suffix[0] == 'p')
			pm = datetok_word(c, k - 1)->suffix[0] == 'p';
	} else if (datetok_is(c, k, "uhr") || datetok_is(c, k, "h") ||
		   datetok_is(c, k, "heures") || datetok_is(c, k, "heure") ||
		   datetok_is(c, k, "o'clock")) {
		k++;
		if (datetok_word(c, k) && datetok_word(c, k)->kind == W_NUM &&
		    datetok_word(c, k)->intdigits == 2 &&
		    !datetok_word(c, k)->decimal &&
		    datetok_word(c, k)->value < 60 &&
		    !datetok_is(c, k - 1, "o'clock"))
			m = datetok_int(datetok_word(c, k++));
	} else if (!w->decimal) {
		if ((datetok_is(c, k, "am") || datetok_is(c, k, "pm")) &&
		    datetok_word(c, k)) {
			pm = datetok_is(c, k, "pm");
			k++;
		} else if (dates_phrase(c, k, "a . m") ||
			   dates_phrase(c, k, "p . m")) {
			pm = datetok_is(c, k, "p");
			k += 3;
			if (datetok_is_punct(c, k, '.'))
				k++;
		} else {
			return 0;
		}
	} else {
		return 0;
	}
	if (pm == -1 && (datetok_is(c, k, "am") || datetok_is(c, k, "pm"))) {
		pm = datetok_is(c, k, "pm");
		k++;
	}
	if (pm != -1) {
		if (h < 1 || h > 12)
			return 0;
		h = (h % 12) + (pm ? 12 : 0);
	}
	if (h > 23 || m > 59)
		return 0;
	out->has_time = 1;
	out->hh = h;
	out->mm = m;
	return k;
}

/* Markers */

static size_t
dates_parse_mark(const struct ctx *c, size_t j, int *mark)
{

	size_t best = 0, e;

	for (size_t i = 0; i < datewords_nmarks; i++)
		if ((e = dates_phrase(c, j, datewords_marks[i].p)) > best) {
			best = e;
			*mark = datewords_marks[i].v;
		}
	return best;
}

/* "Q2", "Q3 2027": the first day of the quarter, the next to begin. */
static size_t
dates_parse_quarter(const struct ctx *c, size_t j, struct pd *out)
{
	const struct word *w = datetok_word(c, j);
	size_t k = j + 1;
	int q;

	if (w == NULL || w->kind != W_WORD || w->len != 2 ||
	    w->norm[0] != 'q' || w->norm[1] < '1' || w->norm[1] > '4')
		return 0;
	q = w->norm[1] - '0';
	out->day = (struct ymd){c->today.y, (q - 1) * 3 + 1, 1};
	if (absdates_year_at(c, k)) {
		out->day.y = absdates_year_at(c, k++);
		out->explicit_year = 1;
	} else if (calendar_cmp(out->day, c->today) <= 0) {
		out->day.y++;
	}
	out->kind = DK_PERIOD;
	return k;
}

static size_t
dates_parse_core(const struct ctx *c, size_t j, struct pd *out, int marked)
{
	size_t e;

	memset(out, 0, sizeof(*out));
	if ((e = dates_parse_relative(c, j, out)) ||
	    (e = absdates_numeric(c, j, out)) ||
	    (e = absdates_absolute(c, j, out)) ||
	    (e = dates_parse_weekday(c, j, out)) ||
	    (e = dates_parse_duration(c, j, out)) ||
	    (e = absdates_ordinal(c, j, out)) ||
	    (e = absdates_month(c, j, out, marked)) ||
	    (e = dates_parse_quarter(c, j, out)))
		return e;
	return 0;
}

/* A time right after a date: "Tuesday at 3pm", "demain à 15h". */
static size_t
dates_parse_time_after(const struct ctx *c, size_t k, struct pd *out)
{
	struct pd t;
	size_t e;

	memset(&t, 0, sizeof(t));
	if (datetok_is_punct(c, k, ','))
		k++;
	if (datetok_is(c, k, "at") || datetok_is(c, k, "a") ||
	    datetok_is(c, k, "um") || datetok_is(c, k, "vers") ||
	    datetok_is(c, k, "gegen") || datetok_is(c, k, "around") ||
	    datetok_is(c, k, "ab") || datetok_is(c, k, "des") ||
	    datetok_is(c, k, "from") || datetok_is_punct(c, k, '@'))
		k++;
	if ((e = dates_parse_time(c, k, &t)) == 0)
		return 0;
	out->has_time = 1;
	out->hh = t.hh;
	out->mm = t.mm;
	return e;
}

static time_t
dates_local_instant(const struct ctx *c, struct ymd d, int hh, int mm)
{
	return zone_mktime(c->zone, d.y, d.m, d.d, hh, mm);
}

/* Time first: "at 3pm on Thursday", "um 15 Uhr", "à 15h". */
static size_t
dates_parse_time_first(const struct ctx *c, size_t j, struct pd *pd)
{
	struct pd t;
	size_t k = j, e, e2;
	int m2 = DM_NONE;

	memset(&t, 0, sizeof(t));
	if (datetok_is(c, k, "at") || datetok_is(c, k, "a") ||
	    datetok_is(c, k, "um") || datetok_is(c, k, "vers") ||
	    datetok_is(c, k, "gegen") || datetok_is(c, k, "around"))
		k++;
	if (datetok_word(c, k) == NULL || datetok_word(c, k)->kind != W_NUM ||
	    (e = dates_parse_time(c, k, &t)) == 0)
		return 0;
	if ((e2 = dates_parse_mark(c, e, &m2)) == 0 || m2 != DM_NONE)
		e2 = e;
	if ((e2 = dates_parse_core(c, e2, pd, 0)) != 0 &&
	    pd->kind != DK_DURATION && !pd->has_time) {
		e = e2;
	} else {
		memset(pd, 0, sizeof(*pd));
		pd->kind = DK_TIME;
	}
	pd->has_time = 1;
	pd->hh = t.hh;
	pd->mm = t.mm;
	return e;
}

static size_t
dates_parse_at(const struct ctx *c, size_t j, struct date_hit *hit)
{
	struct pd pd;
	int mark = DM_NONE;
	size_t e, k;
	time_t when;
	struct ymd day;

	memset(hit, 0, sizeof(*hit));
	if ((e = dates_parse_core(c, j, &pd, 0)) == 0 &&
	    (e = dates_parse_time_first(c, j, &pd)) == 0) {
		/* A marker, then a date: "until Monday", "après le 15". */
		if ((k = dates_parse_mark(c, j, &mark)) == 0)
			return 0;
		if ((e = dates_parse_core(c, k, &pd, mark != DM_NONE)) == 0 &&
		    (datetok_is(c, k, "the") || datetok_is(c, k, "dem") ||
		     datetok_is(c, k, "den") || datetok_is(c, k, "der")))
			e = dates_parse_core(c, k + 1, &pd, mark != DM_NONE);
		/* "après le 15", "nach dem 15.": the article was the mark's. */
		if (e == 0 && mark != DM_NONE && k > j + 1 &&
		    (datetok_is(c, k - 1, "le") || datetok_is(c, k - 1, "du") ||
		     datetok_is(c, k - 1, "dem") ||
		     datetok_is(c, k - 1, "den")))
			e = absdates_ordinal(c, k - 1, &pd);
		if (e == 0 && (mark == DM_NONE ||
			       (e = dates_parse_time_first(c, k, &pd)) == 0))
			return 0;
	}
	if (pd.kind != DK_TIME && pd.kind != DK_DURATION && !pd.has_time &&
	    (k = dates_parse_time_after(c, e, &pd)) != 0)
		e = k;
	day = pd.day;
	/*
	 * "jusqu'au 15 inclus" is the 15th, as "until the 15th" and "bis
	 * einschließlich 15." are: the day the reply writes.
	 */
	if (datetok_is(c, e, "inclusive") || datetok_is(c, e, "included") ||
	    datetok_is(c, e, "inclus") || datetok_is(c, e, "inclusivement") ||
	    datetok_is(c, e, "einschliesslich") || datetok_is(c, e, "inkl"))
		e++;
	/* "ab dem 4. Januar wieder im Büro": a return, not a start. */
	if (mark == DM_FROM &&
	    (datetok_is(c, e, "wieder") || datetok_is(c, e, "zuruck")))
		mark = DM_BACK;
	if (mark == DM_AFTER) {
		if (pd.kind == DK_DAY) {
			day = calendar_add_days(day, 1);
			pd.has_time = 0;
		} else if (pd.kind == DK_WEEK)
			day = calendar_add_days(day, 7);
		else if (pd.kind == DK_MONTH)
			day = calendar_add_months((struct ymd){day.y, day.m, 1},
						  1);
	}
	/* Periods start on a working day and end on one. */
	if ((pd.kind == DK_MONTH || pd.kind == DK_PERIOD) && !pd.has_time) {
		int wd = calendar_iso_wday(day);

		if (wd >= 5)
			day = calendar_add_days(day,
						day.d >= 28 ? 4 - wd : 7 - wd);
	}
	if (pd.kind == DK_DURATION && pd.offset > 0) {
		when = c->ref + pd.offset;
		hit->has_time = 1;
	} else if (pd.kind == DK_TIME) {
		when = dates_local_instant(c, c->today, pd.hh, pd.mm);
		if (when <= c->ref)
			when = dates_local_instant(
			    c, calendar_add_days(c->today, 1), pd.hh, pd.mm);
		hit->has_time = 1;
	} else {
		when = dates_local_instant(c, day,
					   pd.has_time ? pd.hh : DEFAULT_HOUR,
					   pd.has_time ? pd.mm : 0);
		hit->has_time = (unsigned char)pd.has_time;
	}
	hit->first = j;
	hit->last = e;
	hit->sent = c->sent;
	hit->when = when;
	hit->mark = (unsigned char)mark;
	hit->kind = (unsigned char)pd.kind;
	hit->past = pd.kind == DK_TIME || pd.kind == DK_DURATION
			? 0
			: calendar_cmp(day, c->today) < 0 ||
			      (calendar_cmp(day, c->today) == 0 &&
			       when < c->ref && pd.has_time);
	return e;
}

/*
 * "début janvier, le 4 par exemple", "early January, say the 4th": a
 * month, then a bare day number later in the sentence, is that day of
 * the month. Read alone, the day would be one of this month or the
 * next, and the month its first working day. Returns the hits left.
 */
static size_t
dates_month_then_day(const struct ctx *c, struct date_hit *hits, size_t n)
{
	struct pd day, full;
	struct tm tm;
	struct ymd ymd;
	size_t i;

	for (i = 0; i + 1 < n; i++) {
		struct date_hit *m = &hits[i], *d = &hits[i + 1];

		memset(&day, 0, sizeof(day));
		if (m->kind != DK_MONTH || m->mark != d->mark ||
		    d->kind != DK_DAY || d->sent != m->sent ||
		    absdates_ordinal(c, d->first, &day) == 0 ||
		    absdates_absolute(c, d->first + 1, &full) != 0)
			continue;
		zone_localtime(c->zone, m->when, &tm);
		ymd = (struct ymd){tm.tm_year + 1900, tm.tm_mon + 1, day.day.d};
		if (ymd.d > calendar_days_in_month(ymd.y, ymd.m) ||
		    calendar_cmp(ymd, c->today) < 0)
			continue;
		zone_localtime(c->zone, d->when, &tm);
		m->when = dates_local_instant(
		    c, ymd, d->has_time ? tm.tm_hour : DEFAULT_HOUR,
		    d->has_time ? tm.tm_min : 0);
		m->kind = DK_DAY;
		m->has_time = d->has_time;
		m->last = d->last;
		memmove(d, d + 1, (n - i - 2) * sizeof(*d));
		n--;
	}
	return n;
}

size_t
dates_find(const struct words *ws, time_t ref, GTimeZone *zone,
	   struct date_hit *hits, size_t max)
{
	struct ctx c;
	struct tm tm;
	size_t i = 0, n = 0, e;

	memset(&c, 0, sizeof(c));
	c.ws = ws;
	c.ref = ref;
	c.zone = zone;
	zone_localtime(zone, ref, &tm);
	c.today = (struct ymd){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
	c.hour = tm.tm_hour;
	c.min = tm.tm_min;
	while (i < ws->n && n < max) {
		c.sent = ws->w[i].sent;
		if (ws->w[i].kind != W_PUNCT &&
		    (e = dates_parse_at(&c, i, &hits[n])) > i) {
			n++;
			i = e;
		} else {
			i++;
		}
	}
	return dates_month_then_day(&c, hits, n);
}
