/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_ABSDATES_H
#define POSTREPLY_ABSDATES_H

#include <stddef.h>

#include "datetok.h"

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
