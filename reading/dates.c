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
 * itself. What the expressions mean is documented in dates.h; the tables
 * below are the vocabulary, folded as words.c folds it.
 */
#include <stdint.h>
#include <string.h>

#include "dates.h"
#include "lexicon.h"
#include "zone.h"

#define DEFAULT_HOUR 9

struct ymd {
	int y, m, d;
};

struct ctx {
	const struct words *ws;
	unsigned sent;
	struct ymd today;
	int hour, min; /* local time of the reference */
	time_t ref;
	GTimeZone *zone;
};

/* A parsed expression before it becomes an instant. */
struct pd {
	struct ymd day;
	int kind;
	int has_time, hh, mm;
	long offset; /* DK_DURATION in hours or minutes: seconds from ref */
	int explicit_year;
};

/*
 * Civil dates, with GLib's GDate. GDate holds the years 1..65535; a reply
 * may say "in 99999 months", so a step that would leave 1..9999 stops at
 * that edge instead (no date that far is worth more than being far).
 */
#define DATES_YEAR_MAX 9999

static GDate
dates_gdate(struct ymd a)
{
	GDate g;

	g_date_clear(&g, 1);
	g_date_set_dmy(&g, (GDateDay)a.d, (GDateMonth)a.m, (GDateYear)a.y);
	return g;
}

static struct ymd
dates_from_gdate(const GDate *g)
{
	return (struct ymd){g_date_get_year(g), g_date_get_month(g),
			    g_date_get_day(g)};
}

static int
dates_valid(struct ymd a)
{
	return a.y >= 1 && a.y <= DATES_YEAR_MAX &&
	       g_date_valid_dmy((GDateDay)a.d, (GDateMonth)a.m, (GDateYear)a.y);
}

/* Days in month m of year y; a year GDate cannot hold counts as common. */
static int
dates_dim(int y, int m)
{
	if (m < 1 || m > 12)
		return 31;
	return g_date_get_days_in_month(
	    (GDateMonth)m, y >= 1 && y <= 65535 ? (GDateYear)y : 1);
}

static struct ymd
dates_add_days(struct ymd a, int n)
{
	static const struct ymd first = {1, 1, 1},
				last = {DATES_YEAR_MAX, 12, 31};
	GDate g, edge;

	if (!dates_valid(a))
		return a;
	g = dates_gdate(a);
	edge = dates_gdate(n >= 0 ? last : first);
	if (n >= 0 && (guint64)g_date_days_between(&g, &edge) < (guint64)n)
		return last;
	if (n < 0 && g_date_days_between(&edge, &g) < -(gint64)n)
		return first;
	if (n >= 0)
		g_date_add_days(&g, (guint)n);
	else
		g_date_subtract_days(&g, (guint) - (gint64)n);
	return dates_from_gdate(&g);
}

/* n months on, the day kept or, past the month's end, its last day. */
static struct ymd
dates_add_months(struct ymd a, int n)
{
	int64_t idx = (int64_t)a.y * 12 + (a.m - 1) + n;
	GDate g;

	if (!dates_valid(a))
		return a;
	if (idx < 12)
		return (struct ymd){1, 1, 1};
	if (idx / 12 > DATES_YEAR_MAX)
		return (struct ymd){DATES_YEAR_MAX, 12, 31};
	g = dates_gdate(a);
	if (n >= 0)
		g_date_add_months(&g, (guint)n);
	else
		g_date_subtract_months(&g, (guint) - (gint64)n);
	return dates_from_gdate(&g);
}

/* Monday 0 .. Sunday 6. */
static int
dates_iso_wday(struct ymd a)
{
	GDate g;

	if (!dates_valid(a))
		return 0;
	g = dates_gdate(a);
	return (int)g_date_get_weekday(&g) - 1;
}

static int
dates_ymd_cmp(struct ymd a, struct ymd b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	return a.d < b.d ? -1 : a.d > b.d;
}

/* Tokens */

/*
 * A number's value as an int, or -1 when it is bigger than any field of a
 * date or time: a reply may hold "2026-99999999999999999999-15", and
 * converting a double out of int's range is undefined behaviour.
 */
static int
dates_int(const struct word *w)
{
	return w->value >= 0 && w->value < 100000 ? (int)w->value : -1;
}

static const struct word *
dates_tok(const struct ctx *c, size_t j)
{
	if (j >= c->ws->n || c->ws->w[j].sent != c->sent)
		return NULL;
	return &c->ws->w[j];
}

static int
dates_is(const struct ctx *c, size_t j, const char *s)
{
	const struct word *w = dates_tok(c, j);

	return w != NULL && w->kind != W_NUM && w->norm[0] == s[0] &&
	       strcmp(w->norm, s) == 0;
}

static int
dates_is_punct(const struct ctx *c, size_t j, char p)
{
	const struct word *w = dates_tok(c, j);

	return w != NULL && w->kind == W_PUNCT && w->punct == p;
}

static int
dates_is_one(const struct ctx *c, size_t j, const char *const *list)
{
	for (; *list; list++)
		if (dates_is(c, j, *list))
			return 1;
	return 0;
}

/* Folded words separated by spaces, at j: the end, or 0. */
static size_t
dates_phrase(const struct ctx *c, size_t j, const char *p)
{
	while (*p) {
		const struct word *w = dates_tok(c, j);
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

enum rel {
	R_TODAY,
	R_TODAY_PM,
	R_TONIGHT,
	R_TOMORROW,
	R_AFTER_TOMORROW,
	R_NEXT_WEEK,
	R_NEXT_WEEK_MID,
	R_NEXT_WEEK_END,
	R_WEEK_AFTER_NEXT,
	R_WEEK_END,
	R_NEXT_MONTH,
	R_NEXT_MONTH_MID,
	R_MONTH_END,
	R_NEXT_MONTH_END,
	R_NEXT_QUARTER,
	R_NEXT_YEAR
};

static const struct {
	const char *p;
	enum rel r;
} rels[] = {
    {"today", R_TODAY},
    {"aujourd'hui", R_TODAY},
    {"heute", R_TODAY},
    {"later today", R_TODAY_PM},
    {"this afternoon", R_TODAY_PM},
    {"cet apres midi", R_TODAY_PM},
    {"heute nachmittag", R_TODAY_PM},
    {"tonight", R_TONIGHT},
    {"this evening", R_TONIGHT},
    {"ce soir", R_TONIGHT},
    {"heute abend", R_TONIGHT},
    {"tomorrow", R_TOMORROW},
    {"demain", R_TOMORROW},
    {"morgen", R_TOMORROW},
    {"day after tomorrow", R_AFTER_TOMORROW},
    {"the day after tomorrow", R_AFTER_TOMORROW},
    {"apres demain", R_AFTER_TOMORROW},
    {"ubermorgen", R_AFTER_TOMORROW},
    {"next week", R_NEXT_WEEK},
    {"early next week", R_NEXT_WEEK},
    {"beginning of next week", R_NEXT_WEEK},
    {"start of next week", R_NEXT_WEEK},
    {"semaine prochaine", R_NEXT_WEEK},
    {"la semaine prochaine", R_NEXT_WEEK},
    {"debut de semaine prochaine", R_NEXT_WEEK},
    {"debut de la semaine prochaine", R_NEXT_WEEK},
    {"en debut de semaine prochaine", R_NEXT_WEEK},
    {"nachste woche", R_NEXT_WEEK},
    {"nachster woche", R_NEXT_WEEK},
    {"nachsten woche", R_NEXT_WEEK},
    {"naechste woche", R_NEXT_WEEK},
    {"naechster woche", R_NEXT_WEEK},
    {"kommende woche", R_NEXT_WEEK},
    {"kommender woche", R_NEXT_WEEK},
    {"kommenden woche", R_NEXT_WEEK},
    {"anfang nachster woche", R_NEXT_WEEK},
    {"anfang der nachsten woche", R_NEXT_WEEK},
    {"in der nachsten woche", R_NEXT_WEEK},
    {"mid next week", R_NEXT_WEEK_MID},
    {"middle of next week", R_NEXT_WEEK_MID},
    {"milieu de semaine prochaine", R_NEXT_WEEK_MID},
    {"milieu de la semaine prochaine", R_NEXT_WEEK_MID},
    {"mitte nachster woche", R_NEXT_WEEK_MID},
    {"mitte der nachsten woche", R_NEXT_WEEK_MID},
    {"end of next week", R_NEXT_WEEK_END},
    {"late next week", R_NEXT_WEEK_END},
    {"later next week", R_NEXT_WEEK_END},
    {"fin de semaine prochaine", R_NEXT_WEEK_END},
    {"fin de la semaine prochaine", R_NEXT_WEEK_END},
    {"ende nachster woche", R_NEXT_WEEK_END},
    {"ende der nachsten woche", R_NEXT_WEEK_END},
    {"week after next", R_WEEK_AFTER_NEXT},
    {"the week after next", R_WEEK_AFTER_NEXT},
    {"ubernachste woche", R_WEEK_AFTER_NEXT},
    {"in der ubernachsten woche", R_WEEK_AFTER_NEXT},
    {"end of the week", R_WEEK_END},
    {"end of this week", R_WEEK_END},
    {"later this week", R_WEEK_END},
    {"fin de semaine", R_WEEK_END},
    {"en fin de semaine", R_WEEK_END},
    {"fin de la semaine", R_WEEK_END},
    {"ende der woche", R_WEEK_END},
    {"ende dieser woche", R_WEEK_END},
    {"next month", R_NEXT_MONTH},
    {"early next month", R_NEXT_MONTH},
    {"beginning of next month", R_NEXT_MONTH},
    {"start of next month", R_NEXT_MONTH},
    {"mois prochain", R_NEXT_MONTH},
    {"le mois prochain", R_NEXT_MONTH},
    {"debut du mois prochain", R_NEXT_MONTH},
    {"au debut du mois prochain", R_NEXT_MONTH},
    {"nachsten monat", R_NEXT_MONTH},
    {"nachster monat", R_NEXT_MONTH},
    {"nachstem monat", R_NEXT_MONTH},
    {"naechsten monat", R_NEXT_MONTH},
    {"kommenden monat", R_NEXT_MONTH},
    {"im nachsten monat", R_NEXT_MONTH},
    {"im kommenden monat", R_NEXT_MONTH},
    {"anfang nachsten monats", R_NEXT_MONTH},
    {"anfang des nachsten monats", R_NEXT_MONTH},
    {"mid next month", R_NEXT_MONTH_MID},
    {"middle of next month", R_NEXT_MONTH_MID},
    {"mi mois prochain", R_NEXT_MONTH_MID},
    {"mitte nachsten monats", R_NEXT_MONTH_MID},
    {"mitte des nachsten monats", R_NEXT_MONTH_MID},
    {"end of the month", R_MONTH_END},
    {"end of this month", R_MONTH_END},
    {"end of month", R_MONTH_END},
    {"fin du mois", R_MONTH_END},
    {"fin de mois", R_MONTH_END},
    {"en fin de mois", R_MONTH_END},
    {"a la fin du mois", R_MONTH_END},
    {"ende des monats", R_MONTH_END},
    {"ende dieses monats", R_MONTH_END},
    {"monatsende", R_MONTH_END},
    {"zum monatsende", R_MONTH_END},
    {"end of next month", R_NEXT_MONTH_END},
    {"fin du mois prochain", R_NEXT_MONTH_END},
    {"ende nachsten monats", R_NEXT_MONTH_END},
    {"ende des nachsten monats", R_NEXT_MONTH_END},
    {"next quarter", R_NEXT_QUARTER},
    {"trimestre prochain", R_NEXT_QUARTER},
    {"le trimestre prochain", R_NEXT_QUARTER},
    {"au prochain trimestre", R_NEXT_QUARTER},
    {"prochain trimestre", R_NEXT_QUARTER},
    {"nachstes quartal", R_NEXT_QUARTER},
    {"nachsten quartal", R_NEXT_QUARTER},
    {"im nachsten quartal", R_NEXT_QUARTER},
    {"kommendes quartal", R_NEXT_QUARTER},
    {"im kommenden quartal", R_NEXT_QUARTER},
    {"next year", R_NEXT_YEAR},
    {"early next year", R_NEXT_YEAR},
    {"beginning of next year", R_NEXT_YEAR},
    {"in the new year", R_NEXT_YEAR},
    {"l' annee prochaine", R_NEXT_YEAR},
    {"annee prochaine", R_NEXT_YEAR},
    {"l' an prochain", R_NEXT_YEAR},
    {"debut de l' annee prochaine", R_NEXT_YEAR},
    {"nachstes jahr", R_NEXT_YEAR},
    {"nachsten jahr", R_NEXT_YEAR},
    {"im nachsten jahr", R_NEXT_YEAR},
    {"kommendes jahr", R_NEXT_YEAR},
    {"im kommenden jahr", R_NEXT_YEAR},
    {"anfang nachsten jahres", R_NEXT_YEAR},
    {"anfang des nachsten jahres", R_NEXT_YEAR},
};

static size_t
dates_parse_relative(const struct ctx *c, size_t j, struct pd *out)
{
	size_t best = 0, end;
	int r = -1;
	struct ymd t = c->today;
	int iso = dates_iso_wday(t);

	for (size_t k = 0; k < sizeof(rels) / sizeof(rels[0]); k++)
		if ((end = dates_phrase(c, j, rels[k].p)) > best) {
			best = end;
			r = rels[k].r;
		}
	if (best == 0)
		return 0;
	/* "Guten Morgen" is a greeting, "am Morgen" a time of day. */
	if (r == R_TOMORROW && dates_is(c, j, "morgen") && j > 0 &&
	    (dates_is(c, j - 1, "guten") || dates_is(c, j - 1, "am") ||
	     dates_is(c, j - 1, "einen")))
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
		out->day = dates_add_days(t, 1);
		break;
	case R_AFTER_TOMORROW:
		out->day = dates_add_days(t, 2);
		break;
	case R_NEXT_WEEK:
		out->day = dates_add_days(t, 7 - iso);
		out->kind = DK_WEEK;
		break;
	case R_NEXT_WEEK_MID:
		out->day = dates_add_days(t, 7 - iso + 2);
		out->kind = DK_WEEK;
		break;
	case R_NEXT_WEEK_END:
		out->day = dates_add_days(t, 7 - iso + 4);
		out->kind = DK_WEEK;
		break;
	case R_WEEK_AFTER_NEXT:
		out->day = dates_add_days(t, 14 - iso);
		out->kind = DK_WEEK;
		break;
	case R_WEEK_END:
		/* This Friday, or next week's once it has passed. */
		out->day = dates_add_days(t, iso < 4 ? 4 - iso : 11 - iso);
		out->kind = DK_WEEK;
		break;
	case R_NEXT_MONTH:
	case R_NEXT_MONTH_MID:
		out->day = dates_add_months((struct ymd){t.y, t.m, 1}, 1);
		if (r == R_NEXT_MONTH_MID)
			out->day.d = 15;
		out->kind = DK_MONTH;
		break;
	case R_MONTH_END:
		out->day = (struct ymd){t.y, t.m, dates_dim(t.y, t.m)};
		if (t.d >= out->day.d) {
			out->day = dates_add_months(out->day, 1);
			out->day.d = dates_dim(out->day.y, out->day.m);
		}
		out->kind = DK_MONTH;
		break;
	case R_NEXT_MONTH_END:
		out->day = dates_add_months((struct ymd){t.y, t.m, 1}, 1);
		out->day.d = dates_dim(out->day.y, out->day.m);
		out->kind = DK_MONTH;
		break;
	case R_NEXT_QUARTER:
		out->day = (struct ymd){t.y, ((t.m - 1) / 3) * 3 + 1, 1};
		out->day = dates_add_months(out->day, 3);
		out->kind = DK_PERIOD;
		break;
	case R_NEXT_YEAR:
		out->day = (struct ymd){t.y + 1, 1, 2};
		out->kind = DK_PERIOD;
		break;
	}
	return best;
}

static int dates_day_number(const struct ctx *c, size_t j, size_t *end,
			    int need_mark);

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

	if (dates_is_one(c, k, next_before)) {
		next = 1;
		k++;
	} else if (dates_is_one(c, k, this_before)) {
		k++;
	}
	if (dates_tok(c, k) == NULL ||
	    (wd = lexicon_weekday(dates_tok(c, k)->norm)) < 0)
		return 0;
	k++;
	/* A weekday and a day of the month: p_absolute's. */
	if (dates_day_number(c, k, &end, 0) != 0)
		return 0;
	if (dates_is_one(
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
	iso = dates_iso_wday(c->today);
	target = (wd + 6) % 7;
	if (next) {
		days = target - iso + 7;
	} else {
		days = (target - iso + 7) % 7;
		if (days == 0)
			days = 7;
	}
	out->day = dates_add_days(c->today, days);
	out->kind = DK_DAY;
	return k;
}

/* Durations */

static int
dates_unit_of(const char *s, int *days, long *secs)
{
	static const struct {
		const char *w;
		int days;
		long secs;
	} units[] = {
	    {"day", 1, 0},        {"days", 1, 0},      {"jour", 1, 0},
	    {"jours", 1, 0},      {"tag", 1, 0},       {"tage", 1, 0},
	    {"tagen", 1, 0},      {"week", 7, 0},      {"weeks", 7, 0},
	    {"semaine", 7, 0},    {"semaines", 7, 0},  {"woche", 7, 0},
	    {"wochen", 7, 0},     {"month", 30, 0},    {"months", 30, 0},
	    {"mois", 30, 0},      {"monat", 30, 0},    {"monate", 30, 0},
	    {"monaten", 30, 0},   {"year", 365, 0},    {"years", 365, 0},
	    {"an", 365, 0},       {"ans", 365, 0},     {"annee", 365, 0},
	    {"annees", 365, 0},   {"jahr", 365, 0},    {"jahre", 365, 0},
	    {"jahren", 365, 0},   {"hour", 0, 3600},   {"hours", 0, 3600},
	    {"heure", 0, 3600},   {"heures", 0, 3600}, {"stunde", 0, 3600},
	    {"stunden", 0, 3600}, {"minute", 0, 60},   {"minutes", 0, 60},
	    {"minuten", 0, 60},   {"mins", 0, 60},     {"min", 0, 60},
	};

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(s, units[i].w) == 0) {
			*days = units[i].days;
			*secs = units[i].secs;
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

	if (dates_is(c, k, "in") || dates_is(c, k, "dans") ||
	    dates_is(c, k, "within"))
		k++;
	else if (dates_is(c, k, "d'") && dates_is(c, k + 1, "ici"))
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
	} else if ((w = dates_tok(c, k)) != NULL && w->kind == W_NUM &&
		   !w->decimal && !w->grouped && w->suffix[0] == 0 &&
		   w->value >= 1 && w->value <= 366) {
		n = dates_int(w);
		k++;
	} else if (w != NULL && w->kind == W_WORD &&
		   (n = lexicon_number(w->norm)) > 0) {
		k++;
	} else {
		return 0;
	}
	if (dates_tok(c, k) == NULL ||
	    !dates_unit_of(dates_tok(c, k)->norm, &days, &secs))
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
	if (days == 1 && (n == 8 || n == 15) && dates_is(c, k - 1, "jours"))
		n = n == 8 ? 7 : 14;
	out->kind = DK_DURATION;
	if (secs > 0) {
		out->offset = secs * n;
		return k;
	}
	if (days == 30)
		out->day = dates_add_months(c->today, n);
	else if (days == 365)
		out->day = dates_add_months(c->today, 12 * n);
	else
		out->day = dates_add_days(c->today, days * n);
	return k;
}

/* Absolute dates */

/* A day of the month at j: "15", "15th", "1er", "15." (German). */
static int
dates_day_number(const struct ctx *c, size_t j, size_t *end, int need_mark)
{
	const struct word *w = dates_tok(c, j);
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
	} else if (dates_is_punct(c, j + 1, '.') && c->ws->w[j + 1].glued) {
		ord = 1;
		*end = j + 2;
	} else if (dates_is(c, j + 1, "th") || dates_is(c, j + 1, "st")) {
		ord = 1;
		*end = j + 2;
	}
	if (need_mark && !ord)
		return 0;
	/* "Friday 10:00", "Dienstag 14 Uhr": a time, not a day. */
	if (!ord && (dates_is_punct(c, j + 1, ':') ||
		     dates_is(c, j + 1, "uhr") || dates_is(c, j + 1, "h") ||
		     dates_is(c, j + 1, "heures") || dates_is(c, j + 1, "am") ||
		     dates_is(c, j + 1, "pm") || dates_is(c, j + 1, "o'clock")))
		return 0;
	return dates_int(w);
}

static int
dates_year_at(const struct ctx *c, size_t j)
{
	const struct word *w = dates_tok(c, j);

	if (w != NULL && w->kind == W_NUM && w->intdigits == 4 && !w->decimal &&
	    !w->grouped && w->value >= 2000 && w->value <= 2100)
		return dates_int(w);
	return 0;
}

static int
dates_month_at(const struct ctx *c, size_t j, size_t *end)
{
	const struct word *w = dates_tok(c, j);
	int m;

	if (w == NULL || w->kind != W_WORD || (m = lexicon_month(w->norm)) == 0)
		return 0;
	*end = j + 1;
	if (dates_is_punct(c, j + 1, '.') && c->ws->w[j + 1].glued &&
	    w->len <= 4)
		*end = j + 2; /* "Jan." */
	return m;
}

/* The year for a day and month without one: the next such date. */
static void
dates_infer_year(const struct ctx *c, struct pd *out, int y)
{
	if (y) {
		out->day.y = y;
		out->explicit_year = 1;
		return;
	}
	out->day.y = c->today.y;
	if (dates_ymd_cmp(out->day, c->today) < 0)
		out->day.y++;
}

/* Day d of month m in year y (0: the next such date); 0 if invalid. */
static int
dates_set_day(const struct ctx *c, struct pd *out, int d, int m, int y)
{
	if (m < 1 || m > 12 || d < 1 || d > dates_dim(y ? y : 2000, m))
		return 0; /* 2000 is a leap year: 29 February passes here */
	out->day.m = m;
	out->day.d = d;
	dates_infer_year(c, out, y);
	if (out->day.d > dates_dim(out->day.y, out->day.m))
		return 0;
	out->kind = DK_DAY;
	return 1;
}

/* After a day and a month: an optional year, then set_day. */
static size_t
dates_finish_absolute(const struct ctx *c, size_t k, int d, int m,
		      struct pd *out)
{
	int y = 0;

	if (dates_is_punct(c, k, ',') && dates_year_at(c, k + 1)) {
		y = dates_year_at(c, k + 1);
		k += 2;
	} else if ((y = dates_year_at(c, k)) != 0) {
		k++;
	}
	return dates_set_day(c, out, d, m, y) ? k : 0;
}

/* Day d of this month if still to come, else of the next month. */
static int
dates_day_of_month(const struct ctx *c, int d, struct pd *out)
{
	struct ymd first = {c->today.y, c->today.m, 1};

	if (d < c->today.d)
		first = dates_add_months(first, 1);
	if (d > dates_dim(first.y, first.m))
		return 0;
	out->day = first;
	out->day.d = d;
	out->kind = DK_DAY;
	return 1;
}

static size_t
dates_parse_numeric(const struct ctx *c, size_t j, struct pd *out)
{
	const struct word *a = dates_tok(c, j), *b, *y;
	int d, m, yy = 0;
	char sep;

	if (a == NULL || a->kind != W_NUM || a->decimal || a->grouped ||
	    a->suffix[0])
		return 0;
	/* 2026-06-15 */
	if (a->intdigits == 4 && dates_is_punct(c, j + 1, '-') &&
	    (b = dates_tok(c, j + 2)) && b->kind == W_NUM &&
	    dates_is_punct(c, j + 3, '-') && (y = dates_tok(c, j + 4)) &&
	    y->kind == W_NUM && c->ws->w[j + 4].glued && b->glued) {
		m = dates_int(b);
		d = dates_int(y);
		if (m < 1 || m > 12 || d < 1 ||
		    d > dates_dim(dates_int(a), m) || a->value < 2000 ||
		    a->value > 2100)
			return 0;
		out->day = (struct ymd){dates_int(a), m, d};
		out->explicit_year = 1;
		out->kind = DK_DAY;
		return j + 5;
	}
	if (a->intdigits > 2 ||
	    !(dates_is_punct(c, j + 1, '/') || dates_is_punct(c, j + 1, '.')))
		return 0;
	sep = c->ws->w[j + 1].punct;
	b = dates_tok(c, j + 2);
	if (!c->ws->w[j + 1].glued || b == NULL || b->kind != W_NUM ||
	    !b->glued || b->intdigits > 2 || b->decimal || b->suffix[0])
		return 0;
	d = dates_int(a);
	m = dates_int(b);
	j += 3;
	if (dates_is_punct(c, j, sep) && c->ws->w[j].glued) {
		if ((yy = dates_year_at(c, j + 1)) != 0 &&
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
	return dates_set_day(c, out, d, m, yy) ? j : 0;
}

static size_t
dates_parse_absolute(const struct ctx *c, size_t j, struct pd *out)
{
	size_t k = j, e;
	int d, m;

	/* An optional weekday before: "Tuesday 15 June", "mardi 3 juin". */
	if (dates_tok(c, k) && lexicon_weekday(dates_tok(c, k)->norm) >= 0) {
		k++;
		if (dates_is_punct(c, k, ','))
			k++;
		if (dates_is(c, k, "the") || dates_is(c, k, "le") ||
		    dates_is(c, k, "den"))
			k++;
	}
	/* 15 June, 15th of June, 15. Juni, 1er juillet */
	if ((d = dates_day_number(c, k, &e, 0)) != 0) {
		size_t k2 = e;

		if (dates_is(c, k2, "of"))
			k2++;
		if ((m = dates_month_at(c, k2, &e)) != 0)
			return dates_finish_absolute(c, e, d, m, out);
		/* "mardi 15", "Dienstag, den 15." */
		if (k > j) {
			return dates_day_of_month(c, d, out) ? e : 0;
		}
		return 0;
	}
	/* June 15, June 15th, 2026 */
	if ((m = dates_month_at(c, k, &e)) != 0) {
		size_t k2 = e;

		if (dates_is(c, k2, "the"))
			k2++;
		if ((d = dates_day_number(c, k2, &e, 0)) != 0)
			return dates_finish_absolute(c, e, d, m, out);
	}
	return 0;
}

/* "the 15th", "le 15", "am 15.": a day of this month or the next. */
static size_t
dates_parse_ordinal(const struct ctx *c, size_t j, struct pd *out)
{
	size_t e;
	int d, french = 0;

	if (dates_is(c, j, "the") || dates_is(c, j, "dem") ||
	    dates_is(c, j, "den") || dates_is(c, j, "am"))
		j++;
	else if (dates_is(c, j, "le") || dates_is(c, j, "du")) {
		j++;
		french = 1;
	} else
		return 0;
	/* "le 15 juin", "am 15. Januar": a full date after all. */
	if ((e = dates_parse_absolute(c, j, out)) != 0)
		return e;
	if ((d = dates_day_number(c, j, &e, !french)) == 0)
		return 0;
	return dates_day_of_month(c, d, out) ? e : 0;
}

/* "in June", "early July", "fin juin", "Anfang Juli": a month alone. */
static size_t
dates_parse_month(const struct ctx *c, size_t j, struct pd *out, int marked)
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

	if (dates_is_one(c, k, starts)) {
		k++;
	} else if (dates_is_one(c, k, mids)) {
		k++;
		where = 1;
	} else if (dates_is_one(c, k, ends)) {
		k++;
		where = 2;
	} else if (!marked) {
		return 0;
	}
	if (dates_is(c, k, "of") || dates_is(c, k, "de") ||
	    dates_is(c, k, "d'"))
		k++;
	if ((m = dates_month_at(c, k, &e)) == 0 ||
	    dates_is_one(c, k, ambiguous))
		return 0;
	if (dates_year_at(c, e)) {
		out->day.y = dates_year_at(c, e);
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
				  : dates_dim(out->day.y, m);
	out->kind = DK_MONTH;
	return e;
}

/* Times of day */

static size_t
dates_parse_time(const struct ctx *c, size_t j, struct pd *out)
{
	const struct word *w;
	size_t k = j;
	int h = -1, m = 0, pm = -1;
	static const struct {
		const char *p;
		int h;
	} words[] = {
	    {"noon", 12},
	    {"midday", 12},
	    {"midi", 12},
	    {"mittag", 12},
	    {"mittags", 12},
	    {"morning", 9},
	    {"in the morning", 9},
	    {"matin", 9},
	    {"le matin", 9},
	    {"vormittag", 9},
	    {"vormittags", 9},
	    {"fruh", 9},
	    {"morgens", 9},
	    {"afternoon", 14},
	    {"in the afternoon", 14},
	    {"apres midi", 14},
	    {"l' apres midi", 14},
	    {"nachmittag", 14},
	    {"nachmittags", 14},
	    {"evening", 18},
	    {"in the evening", 18},
	    {"soir", 18},
	    {"le soir", 18},
	    {"abend", 18},
	    {"abends", 18},
	    {"end of day", 17},
	    {"eod", 17},
	    {"fin de journee", 17},
	    {"en fin de journee", 17},
	    {"feierabend", 17},
	};
	size_t best = 0, e;

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if ((e = dates_phrase(c, j, words[i].p)) > best) {
			best = e;
			h = words[i].h;
		}
	if (best) {
		out->has_time = 1;
		out->hh = h;
		out->mm = 0;
		return best;
	}
	w = dates_tok(c, k);
	if (w == NULL || w->kind != W_NUM || w->grouped || w->intdigits > 2)
		return 0;
	h = dates_int(w);
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
		else if (dates_tok(c, k) && dates_tok(c, k)->kind == W_NUM &&
			 dates_tok(c, k)->intdigits == 2 &&
			 dates_tok(c, k)->glued)
			m = dates_int(dates_tok(c, k++));
	} else if (w->suffix[0]) {
		return 0;
	} else if (dates_is_punct(c, k, ':') && c->ws->w[k].glued &&
		   dates_tok(c, k + 1) && dates_tok(c, k + 1)->kind == W_NUM &&
		   dates_tok(c, k + 1)->intdigits == 2 &&
		   c->ws->w[k + 1].glued) {
		m = dates_int(dates_tok(c, k + 1));
		k += 2;
		if (dates_tok(c, k) && dates_tok(c, k)->kind == W_NUM)
			return 0;
		pm = -1;
		if (dates_tok(c, k - 1)->suffix[0] == 'a' ||
		    dates_tok(c, k - 1)->suffix[0] == 'p')
			pm = dates_tok(c, k - 1)->suffix[0] == 'p';
	} else if (dates_is(c, k, "uhr") || dates_is(c, k, "h") ||
		   dates_is(c, k, "heures") || dates_is(c, k, "heure") ||
		   dates_is(c, k, "o'clock")) {
		k++;
		if (dates_tok(c, k) && dates_tok(c, k)->kind == W_NUM &&
		    dates_tok(c, k)->intdigits == 2 &&
		    !dates_tok(c, k)->decimal && dates_tok(c, k)->value < 60 &&
		    !dates_is(c, k - 1, "o'clock"))
			m = dates_int(dates_tok(c, k++));
	} else if (!w->decimal) {
		if ((dates_is(c, k, "am") || dates_is(c, k, "pm")) &&
		    dates_tok(c, k)) {
			pm = dates_is(c, k, "pm");
			k++;
		} else if (dates_phrase(c, k, "a . m") ||
			   dates_phrase(c, k, "p . m")) {
			pm = dates_is(c, k, "p");
			k += 3;
			if (dates_is_punct(c, k, '.'))
				k++;
		} else {
			return 0;
		}
	} else {
		return 0;
	}
	if (pm == -1 && (dates_is(c, k, "am") || dates_is(c, k, "pm"))) {
		pm = dates_is(c, k, "pm");
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
	static const struct {
		const char *p;
		int mark;
	} marks[] = {
	    {"until", DM_UNTIL},
	    {"till", DM_UNTIL},
	    {"til", DM_UNTIL},
	    {"through", DM_UNTIL},
	    {"thru", DM_UNTIL},
	    {"jusqu' au", DM_UNTIL},
	    {"jusqu' a", DM_UNTIL},
	    {"jusqu' en", DM_UNTIL},
	    {"jusqu' aux", DM_UNTIL},
	    {"bis", DM_UNTIL},
	    {"bis zum", DM_UNTIL},
	    {"bis zur", DM_UNTIL},
	    {"bis einschliesslich", DM_UNTIL},
	    {"bis am", DM_UNTIL},
	    {"back", DM_BACK},
	    {"back on", DM_BACK},
	    {"back in", DM_BACK},
	    {"returning", DM_BACK},
	    {"returning on", DM_BACK},
	    {"return on", DM_BACK},
	    {"retour", DM_BACK},
	    {"retour le", DM_BACK},
	    {"zuruck", DM_BACK},
	    {"zuruck am", DM_BACK},
	    {"zuruck ab", DM_BACK},
	    {"wieder am", DM_BACK},
	    {"wieder ab", DM_BACK},
	    {"after", DM_AFTER},
	    {"apres", DM_AFTER},
	    {"apres le", DM_AFTER},
	    {"apres la", DM_AFTER},
	    {"nach", DM_AFTER},
	    {"nach dem", DM_AFTER},
	    {"nach der", DM_AFTER},
	    {"from", DM_FROM},
	    {"starting", DM_FROM},
	    {"starting from", DM_FROM},
	    {"as of", DM_FROM},
	    {"a partir", DM_FROM},
	    {"a partir du", DM_FROM},
	    {"a partir de", DM_FROM},
	    {"a partir d'", DM_FROM},
	    {"des", DM_FROM},
	    {"ab", DM_FROM},
	    {"ab dem", DM_FROM},
	    {"ab der", DM_FROM},
	    {"not before", DM_FROM},
	    {"not until", DM_FROM},
	    {"pas avant", DM_FROM},
	    {"pas avant le", DM_FROM},
	    {"nicht vor", DM_FROM},
	    {"nicht vor dem", DM_FROM},
	    {"erst", DM_FROM},
	    {"erst ab", DM_FROM},
	    {"erst ab dem", DM_FROM},
	    {"erst nach", DM_AFTER},
	    {"erst nach dem", DM_AFTER},
	    {"by", DM_BY},
	    {"before", DM_BY},
	    {"avant", DM_BY},
	    {"avant le", DM_BY},
	    {"no later than", DM_BY},
	    {"bis spatestens", DM_BY},
	    {"spatestens", DM_BY},
	    {"spatestens am", DM_BY},
	    {"on", DM_NONE},
	    {"le", DM_NONE},
	    {"am", DM_NONE},
	    {"for", DM_NONE},
	    {"pour", DM_NONE},
	    {"fur", DM_NONE},
	};
	size_t best = 0, e;

	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if ((e = dates_phrase(c, j, marks[i].p)) > best) {
			best = e;
			*mark = marks[i].mark;
		}
	return best;
}

/* "Q2", "Q3 2027": the first day of the quarter, the next to begin. */
static size_t
dates_parse_quarter(const struct ctx *c, size_t j, struct pd *out)
{
	const struct word *w = dates_tok(c, j);
	size_t k = j + 1;
	int q;

	if (w == NULL || w->kind != W_WORD || w->len != 2 ||
	    w->norm[0] != 'q' || w->norm[1] < '1' || w->norm[1] > '4')
		return 0;
	q = w->norm[1] - '0';
	out->day = (struct ymd){c->today.y, (q - 1) * 3 + 1, 1};
	if (dates_year_at(c, k)) {
		out->day.y = dates_year_at(c, k++);
		out->explicit_year = 1;
	} else if (dates_ymd_cmp(out->day, c->today) <= 0) {
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
	    (e = dates_parse_numeric(c, j, out)) ||
	    (e = dates_parse_absolute(c, j, out)) ||
	    (e = dates_parse_weekday(c, j, out)) ||
	    (e = dates_parse_duration(c, j, out)) ||
	    (e = dates_parse_ordinal(c, j, out)) ||
	    (e = dates_parse_month(c, j, out, marked)) ||
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
	if (dates_is_punct(c, k, ','))
		k++;
	if (dates_is(c, k, "at") || dates_is(c, k, "a") ||
	    dates_is(c, k, "um") || dates_is(c, k, "vers") ||
	    dates_is(c, k, "gegen") || dates_is(c, k, "around") ||
	    dates_is(c, k, "ab") || dates_is(c, k, "des") ||
	    dates_is(c, k, "from") || dates_is_punct(c, k, '@'))
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
	if (dates_is(c, k, "at") || dates_is(c, k, "a") ||
	    dates_is(c, k, "um") || dates_is(c, k, "vers") ||
	    dates_is(c, k, "gegen") || dates_is(c, k, "around"))
		k++;
	if (dates_tok(c, k) == NULL || dates_tok(c, k)->kind != W_NUM ||
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
		    (dates_is(c, k, "the") || dates_is(c, k, "dem") ||
		     dates_is(c, k, "den") || dates_is(c, k, "der")))
			e = dates_parse_core(c, k + 1, &pd, mark != DM_NONE);
		/* "après le 15", "nach dem 15.": the article was the mark's. */
		if (e == 0 && mark != DM_NONE && k > j + 1 &&
		    (dates_is(c, k - 1, "le") || dates_is(c, k - 1, "du") ||
		     dates_is(c, k - 1, "dem") || dates_is(c, k - 1, "den")))
			e = dates_parse_ordinal(c, k - 1, &pd);
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
	if (dates_is(c, e, "inclusive") || dates_is(c, e, "included") ||
	    dates_is(c, e, "inclus") || dates_is(c, e, "inclusivement") ||
	    dates_is(c, e, "einschliesslich") || dates_is(c, e, "inkl"))
		e++;
	/* "ab dem 4. Januar wieder im Büro": a return, not a start. */
	if (mark == DM_FROM &&
	    (dates_is(c, e, "wieder") || dates_is(c, e, "zuruck")))
		mark = DM_BACK;
	if (mark == DM_AFTER) {
		if (pd.kind == DK_DAY) {
			day = dates_add_days(day, 1);
			pd.has_time = 0;
		} else if (pd.kind == DK_WEEK)
			day = dates_add_days(day, 7);
		else if (pd.kind == DK_MONTH)
			day =
			    dates_add_months((struct ymd){day.y, day.m, 1}, 1);
	}
	/* Periods start on a working day and end on one. */
	if ((pd.kind == DK_MONTH || pd.kind == DK_PERIOD) && !pd.has_time) {
		int wd = dates_iso_wday(day);

		if (wd >= 5)
			day =
			    dates_add_days(day, day.d >= 28 ? 4 - wd : 7 - wd);
	}
	if (pd.kind == DK_DURATION && pd.offset > 0) {
		when = c->ref + pd.offset;
		hit->has_time = 1;
	} else if (pd.kind == DK_TIME) {
		when = dates_local_instant(c, c->today, pd.hh, pd.mm);
		if (when <= c->ref)
			when = dates_local_instant(
			    c, dates_add_days(c->today, 1), pd.hh, pd.mm);
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
			: dates_ymd_cmp(day, c->today) < 0 ||
			      (dates_ymd_cmp(day, c->today) == 0 &&
			       when < c->ref && pd.has_time);
	return e;
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
	return n;
}
