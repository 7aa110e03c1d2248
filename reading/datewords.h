/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_DATEWORDS_H
#define POSTREPLY_DATEWORDS_H

#include <stddef.h>

/*
 * The words of dates and times in English, French and German, as data
 * (datewords.c); what they mean is dates.c's.
 */

/* A phrase, folded as words.c folds it, and what it stands for. */
struct dateword {
	const char *p;
	int v;
};

/* A unit of a duration: "days", "Wochen", "heures". */
struct dateunit {
	const char *w;
	int days;
	long secs;
};

/* What a fixed expression ("next week", "fin du mois") names. */
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

/* Fixed expressions: v is an enum rel. */
extern const struct dateword datewords_relative[];
extern const size_t datewords_nrelative;

/* Times of day by name ("noon", "le matin"): v is the hour. */
extern const struct dateword datewords_times[];
extern const size_t datewords_ntimes;

/* Words before a date ("until", "ab dem", "pas avant"): v is a DM_. */
extern const struct dateword datewords_marks[];
extern const size_t datewords_nmarks;

extern const struct dateunit datewords_units[];
extern const size_t datewords_nunits;

#endif
