/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_DATETOK_H
#define POSTREPLY_DATETOK_H

/*
 * What the readers of dates (dates.c, absdates.c) share: the context of
 * a sentence being read, a parsed expression, and the tests of its
 * tokens.
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
int datetok_int(const struct word *w);

/* Token j of the context's sentence, or NULL past it. */
const struct word *datetok_word(const struct ctx *c, size_t j);

/* Whether token j is the folded word s, the punctuation p, one of list. */
int datetok_is(const struct ctx *c, size_t j, const char *s);
int datetok_is_punct(const struct ctx *c, size_t j, char p);
int datetok_is_one(const struct ctx *c, size_t j, const char *const *list);

#endif
