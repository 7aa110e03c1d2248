/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * datetok: the tests of a sentence's tokens that the readers of dates
 * (dates.c, absdates.c) make: token j of the sentence, whether it is a
 * given folded word, punctuation, or one of a list, and a number's value
 * within a date's range. Pure, on struct words (words.h).
 */
#include <string.h>

#include "datetok.h"

/*
 * A number's value as an int, or -1 when it is bigger than any field of a
 * date or time: a reply may hold "2026-99999999999999999999-15", and
 * converting a double out of int's range is undefined behaviour.
 */
int
datetok_int(const struct word *w)
{
	return w->value >= 0 && w->value < 100000 ? (int)w->value : -1;
}

const struct word *
datetok_word(const struct ctx *c, size_t j)
{
	if (j >= c->ws->n || c->ws->w[j].sent != c->sent)
		return NULL;
	return &c->ws->w[j];
}

int
datetok_is(const struct ctx *c, size_t j, const char *s)
{
	const struct word *w = datetok_word(c, j);

	return w != NULL && w->kind != W_NUM && w->norm[0] == s[0] &&
	       strcmp(w->norm, s) == 0;
}

int
datetok_is_punct(const struct ctx *c, size_t j, char p)
{
	const struct word *w = datetok_word(c, j);

	return w != NULL && w->kind == W_PUNCT && w->punct == p;
}

int
datetok_is_one(const struct ctx *c, size_t j, const char *const *list)
{
	for (; *list; list++)
		if (datetok_is(c, j, *list))
			return 1;
	return 0;
}
