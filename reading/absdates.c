/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * absdates: the dates a reply writes out, in English, French and German:
 * "15 June", "June 15th", "le 15 juin", "am 15. Juni", "15.06.", "15/06",
 * "2026-06-15", a day of the month alone ("the 15th", "le 15").
 *
 * Contract. Each parser reads the tokens at j within the sentence of the
 * context (datetok.h), fills the parsed expression and returns the
 * token after it, or 0 when there is no such date there. A day and month
 * without a year are the next such date on or after the reference day.
 * Pure and thread-safe.
 */
#include <string.h>

#include "calendar.h"
#include "dates.h"
#include "absdates.h"
#include "datetok.h"
#include "lexicon.h"

/* A day of the month at j: "15", "15th", "1er", "15." (German). */
int
absdates_day_number(const struct ctx *c, size_t j, size_t *end, int need_mark)
{
	const struct word *w = datetok_word(c, j);
	static const char *const ords[] = {"st", "nd",  "rd",  "th", "er",
					   "e",  "eme", "ten", "te", NULL};
	int ord = 0;

	if (w == NULL || w->kind != W_NUM || w->decimal || w->grouped ||
	    w->intdigits > 2 || w->value < 1 || w->value > 31)
		return 0;
	*end = j + 1;
	if (w->suffix[0]) {
		for (const char *const *o = ords; *o; o++)
			if (strcmp(w->suffix, *o) == 0)
				ord = 1;
		if (!ord)
			return 0;
	} else if (datetok_is_punct(c, j + 1, '.') && c->ws->w[j + 1].glued) {
		ord = 1;
		*end = j + 2;
	} else if (datetok_is(c, j + 1, "th") || datetok_is(c, j + 1, "st")) {
		ord = 1;
		*end = j + 2;
	}
	if (need_mark && !ord)
		return 0;
	/* "Friday 10:00", "Dienstag 14 Uhr": a time, not a day. */
	if (!ord &&
	    (datetok_is_punct(c, j + 1, ':') || datetok_is(c, j + 1, "uhr") ||
	     datetok_is(c, j + 1, "h") || datetok_is(c, j + 1, "heures") ||
	     datetok_is(c, j + 1, "am") || datetok_is(c, j + 1, "pm") ||
	     datetok_is(c, j + 1, "o'clock")))
		return 0;
	return datetok_int(w);
}

int
absdates_year_at(const struct ctx *c, size_t j)
{
	const struct word *w = datetok_word(c, j);

	if (w != NULL && w->kind == W_NUM && w->intdigits == 4 && !w->decimal &&
	    !w->grouped && w->value >= 2000 && w->value <= 2100)
		return datetok_int(w);
	return 0;
}

static int
absdates_month_at(const struct ctx *c, size_t j, size_t *end)
{
	const struct word *w = datetok_word(c, j);
	int m;

	if (w == NULL || w->kind != W_WORD || (m = lexicon_month(w->norm)) == 0)
		return 0;
	*end = j + 1;
	if (datetok_is_punct(c, j + 1, '.') && c->ws->w[j + 1].glued &&
	    w->len <= 4)
		*end = j + 2; /* "Jan." */
	return m;
}

/* The year for a day and month without one: the next such date. */
static void
absdates_infer_year(const struct ctx *c, struct pd *out, int y)
{
	if (y) {
		out->day.y = y;
		out->explicit_year = 1;
		return;
	}
	out->day.y = c->today.y;
	if (calendar_cmp(out->day, c->today) < 0)
		out->day.y++;
}

/* Day d of month m in year y (0: the next such date); 0 if invalid. */
static int
absdates_set_day(const struct ctx *c, struct pd *out, int d, int m, int y)
{
	if (m < 1 || m > 12 || d < 1 ||
	    d > calendar_days_in_month(y ? y : 2000, m))
		return 0; /* 2000 is a leap year: 29 February passes here */
	out->day.m = m;
	out->day.d = d;
	absdates_infer_year(c, out, y);
	if (out->day.d > calendar_days_in_month(out->day.y, out->day.m))
		return 0;
	out->kind = DK_DAY;
	return 1;
}

/* After a day and a month: an optional year, then set_day. */
static size_t
absdates_finish_absolute(const struct ctx *c, size_t k, int d, int m,
			 struct pd *out)
{
	int y = 0;

	if (datetok_is_punct(c, k, ',') && absdates_year_at(c, k + 1)) {
		y = absdates_year_at(c, k + 1);
		k += 2;
	} else if ((y = absdates_year_at(c, k)) != 0) {
		k++;
	}
	return absdates_set_day(c, out, d, m, y) ? k : 0;
}

/* Day d of this month if still to come, else of the next month. */
static int
absdates_day_of_month(const struct ctx *c, int d, struct pd *out)
{
	struct ymd first = {c->today.y, c->today.m, 1};

	if (d < c->today.d)
		first = calendar_add_months(first, 1);
	if (d > calendar_days_in_month(first.y, first.m))
		return 0;
	out->day = first;
	out->day.d = d;
	out->kind = DK_DAY;
	return 1;
}

size_t
absdates_numeric(const struct ctx *c, size_t j, struct pd *out)
{
	const struct word *a = datetok_word(c, j), *b, *y;
	int d, m, yy = 0;
	char sep;

	if (a == NULL || a->kind != W_NUM || a->decimal || a->grouped ||
	    a->suffix[0])
		return 0;
	/* 2026-06-15 */
	if (a->intdigits == 4 && datetok_is_punct(c, j + 1, '-') &&
	    (b = datetok_word(c, j + 2)) && b->kind == W_NUM &&
	    datetok_is_punct(c, j + 3, '-') && (y = datetok_word(c, j + 4)) &&
	    y->kind == W_NUM && c->ws->w[j + 4].glued && b->glued) {
		m = datetok_int(b);
		d = datetok_int(y);
		if (m < 1 || m > 12 || d < 1 ||
		    d > calendar_days_in_month(datetok_int(a), m) ||
		    a->value < 2000 || a->value > 2100)
			return 0;
		out->day = (struct ymd){datetok_int(a), m, d};
		out->explicit_year = 1;
		out->kind = DK_DAY;
		return j + 5;
	}
	if (a->intdigits > 2 || !(datetok_is_punct(c, j + 1, '/') ||
				  datetok_is_punct(c, j + 1, '.')))
		return 0;
	sep = c->ws->w[j + 1].punct;
	b = datetok_word(c, j + 2);
	if (!c->ws->w[j + 1].glued || b == NULL || b->kind != W_NUM ||
	    !b->glued || b->intdigits > 2 || b->decimal || b->suffix[0])
		return 0;
	d = datetok_int(a);
	m = datetok_int(b);
	j += 3;
	if (datetok_is_punct(c, j, sep) && c->ws->w[j].glued) {
		if ((yy = absdates_year_at(c, j + 1)) != 0 &&
		    c->ws->w[j + 1].glued)
			j += 2;
		else if (sep == '.')
			j++; /* "15.06." */
		else
			return 0;
	} else if (sep == '.') {
		return 0; /* "3.5" is not a date */
	}
	if (m > 12 && d <= 12) { /* 06/15: the American order */
		int t = d;

		d = m;
		m = t;
	}
	return absdates_set_day(c, out, d, m, yy) ? j : 0;
}

size_t
absdates_absolute(const struct ctx *c, size_t j, struct pd *out)
{
	size_t k = j, e;
	int d, m;

	/* An optional weekday before: "Tuesday 15 June", "mardi 3 juin". */
	if (datetok_word(c, k) &&
	    lexicon_weekday(datetok_word(c, k)->norm) >= 0) {
		k++;
		if (datetok_is_punct(c, k, ','))
			k++;
		if (datetok_is(c, k, "the") || datetok_is(c, k, "le") ||
		    datetok_is(c, k, "den"))
			k++;
	}
	/* 15 June, 15th of June, 15. Juni, 1er juillet */
	if ((d = absdates_day_number(c, k, &e, 0)) != 0) {
		size_t k2 = e;

		if (datetok_is(c, k2, "of"))
			k2++;
		if ((m = absdates_month_at(c, k2, &e)) != 0)
			return absdates_finish_absolute(c, e, d, m, out);
		/* "mardi 15", "Dienstag, den 15." */
		if (k > j) {
			return absdates_day_of_month(c, d, out) ? e : 0;
		}
		return 0;
	}
	/* June 15, June 15th, 2026 */
	if ((m = absdates_month_at(c, k, &e)) != 0) {
		size_t k2 = e;

		if (datetok_is(c, k2, "the"))
			k2++;
		if ((d = absdates_day_number(c, k2, &e, 0)) != 0)
			return absdates_finish_absolute(c, e, d, m, out);
	}
	return 0;
}

/* "the 15th", "le 15", "am 15.": a day of this month or the next. */
size_t
absdates_ordinal(const struct ctx *c, size_t j, struct pd *out)
{
	size_t e;
	int d, french = 0;

	if (datetok_is(c, j, "the") || datetok_is(c, j, "dem") ||
	    datetok_is(c, j, "den") || datetok_is(c, j, "am"))
		j++;
	else if (datetok_is(c, j, "le") || datetok_is(c, j, "du")) {
		j++;
		french = 1;
	} else
		return 0;
	/* "le 15 juin", "am 15. Januar": a full date after all. */
	if ((e = absdates_absolute(c, j, out)) != 0)
		return e;
	if ((d = absdates_day_number(c, j, &e, !french)) == 0)
		return 0;
	return absdates_day_of_month(c, d, out) ? e : 0;
}

/* "in June", "early July", "fin juin", "Anfang Juli": a month alone. */
size_t
absdates_month(const struct ctx *c, size_t j, struct pd *out, int marked)
{
	static const char *const starts[] = {"in",     "en",        "im",
					     "early",  "beginning", "debut",
					     "anfang", "during",    NULL};
	static const char *const mids[] = {"mid", "mi", "mitte", NULL};
	static const char *const ends[] = {"end", "late", "fin", "ende", NULL};
	static const char *const ambiguous[] = {
	    "may",  "jan", "feb",  "febr", "mar",  "apr", "jun", "jul",
	    "aug",  "sep", "sept", "oct",  "okt",  "nov", "dec", "dez",
	    "janv", "fev", "fevr", "avr",  "juil", NULL};
	size_t k = j, e;
	int m, where = 0; /* 0 first day, 1 middle, 2 last day */

	if (datetok_is_one(c, k, starts)) {
		k++;
	} else if (datetok_is_one(c, k, mids)) {
		k++;
		where = 1;
	} else if (datetok_is_one(c, k, ends)) {
		k++;
		where = 2;
	} else if (!marked) {
		return 0;
	}
	if (datetok_is(c, k, "of") || datetok_is(c, k, "de") ||
	    datetok_is(c, k, "d'"))
		k++;
	if ((m = absdates_month_at(c, k, &e)) == 0 ||
	    datetok_is_one(c, k, ambiguous))
		return 0;
	if (absdates_year_at(c, e)) {
		out->day.y = absdates_year_at(c, e);
		out->explicit_year = 1;
		e++;
	} else {
		out->day.y = c->today.y + (m < c->today.m);
		if (m == c->today.m && where == 0)
			return 0; /* "in June" in June: no date */
	}
	out->day.m = m;
	out->day.d = where == 0   ? 1
		     : where == 1 ? 15
				  : calendar_days_in_month(out->day.y, m);
	out->kind = DK_MONTH;
	return e;
}
