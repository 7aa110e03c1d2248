/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_EVALOUT_H
#define POSTREPLY_EVALOUT_H

#include <stddef.h>

#include "evalset.h"

/*
 * What --eval counted (eval.c fills it) and how it is said (evalout.c).
 */

/* The count of one field over the set. */
struct eval_score {
	long n, ok;          /* labelled, and right */
	long tp, fp, fn, tn; /* acting signals */
};

/* A field of a reply that the backend got wrong. */
struct eval_miss {
	const char *file;
	int field; /* enum evalset_field */
	char *want, *got;
	char *excerpt; /* EK_TEXT: where the texts part; else NULL */
};

struct eval_run {
	struct evalset set;
	const char *backend;
	struct eval_score score[EF_NFIELDS];
	struct eval_miss *misses;
	size_t nmisses, cap;
	long fallbacks; /* replies the LLM failed, scored with builtin's */
	long unread;    /* replies the reading process could not read */
};

/* A field's figure in percent: accuracy, precision or recall; -1 when it
 * has none (nothing labelled, nothing fired, no positive labelled). */
double evalout_accuracy(const struct eval_score *s);
double evalout_precision(const struct eval_score *s);
double evalout_recall(const struct eval_score *s);

/* The table and the misses, as text or as JSON, on standard output. */
void evalout_print(const struct eval_run *run, int json, char **below,
		   size_t nbelow);

/*
 * The guard figures of path ("FIELD MEASURE PERCENT" lines) against
 * run: the lines of the fields below them, newly allocated in *below.
 * Exits EX_DATAERR on a bad file, naming its line.
 */
size_t evalout_check_min(const struct eval_run *run, const char *path,
			 char ***below);

#endif
