/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_DATES_INT_H
#define POSTREPLY_DATES_INT_H

/*
 * What dates.c shares with the parsers of written-out dates (absdates.c):
 * the context of a sentence being read, a parsed expression, and the
 * token tests.
 */
#include <stddef.h>
#include <time.h>

#include "calendar.h"
#include "words.h"

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
 * A number's value as an int, or -1 when it is bigger than any field of a
 * date or time.
 */
int dates_int(const struct word *w);

/* Token j of the context's sentence, or NULL past it. */
const struct word *dates_tok(const struct ctx *c, size_t j);

/* Whether token j is the folded word s, the punctuation p, one of list. */
int dates_is(const struct ctx *c, size_t j, const char *s);
int dates_is_punct(const struct ctx *c, size_t j, char p);
int dates_is_one(const struct ctx *c, size_t j, const char *const *list);

/* Written-out dates at j (absdates.c): the token after, or 0. */
int absdates_day_number(const struct ctx *c, size_t j, size_t *end,
			int need_mark);
int absdates_year_at(const struct ctx *c, size_t j);
size_t absdates_numeric(const struct ctx *c, size_t j, struct pd *out);
size_t absdates_absolute(const struct ctx *c, size_t j, struct pd *out);
size_t absdates_ordinal(const struct ctx *c, size_t j, struct pd *out);
size_t absdates_month(const struct ctx *c, size_t j, struct pd *out,
		      int marked);

#endif
