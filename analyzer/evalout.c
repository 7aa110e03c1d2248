/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * evalout: what postreply-analyzer --eval says. A table of the fields
 * (n, accuracy; precision, recall and the counts for the acting
 * signals) and the misses, as text for a person or as one JSON object;
 * and the guard: the figures a file asks for ("FIELD MEASURE PERCENT"
 * lines, the README's table in make check), and which fields fall below
 * them. A figure is compared as printed, to a tenth of a percent, so the
 * table and the guard agree on what "below" means.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include <json-c/json.h>

#include "evalout.h"
#include "msg.h"
#include "xmalloc.h"

#define EVALOUT_LINE 256 /* longest line of a guard file */

double
evalout_accuracy(const struct eval_score *s)
{
	return s->n ? 100.0 * (double)s->ok / (double)s->n : -1;
}

double
evalout_precision(const struct eval_score *s)
{
	return s->tp + s->fp ? 100.0 * (double)s->tp / (double)(s->tp + s->fp)
			     : -1;
}

double
evalout_recall(const struct eval_score *s)
{
	return s->tp + s->fn ? 100.0 * (double)s->tp / (double)(s->tp + s->fn)
			     : -1;
}

/* A figure to a tenth, as printed (figures are never negative). */
static double
evalout_tenth(double v)
{
	return (double)(long long)(v * 10 + 0.5) / 10;
}

/* A figure as printed: "97.3 %", or "-" when there is none. */
static void
evalout_pct(double v, char *buf, size_t len)
{
	if (v < 0)
		snprintf(buf, len, "%s", "-");
	else
		snprintf(buf, len, "%.1f %%", v);
}

static void
evalout_table(const struct eval_run *run)
{
	const struct eval_score *s;
	char acc[16], pre[16], rec[16];
	int f;

	printf("%-18s %5s %9s %10s %8s %5s %5s %5s\n", "field", "n", "accuracy",
	       "precision", "recall", "TP", "FP", "FN");
	for (f = 0; f < EF_NFIELDS; f++) {
		s = &run->score[f];
		if (s->n == 0)
			continue;
		evalout_pct(evalout_accuracy(s), acc, sizeof(acc));
		printf("%-18s %5ld %9s", evalset_fields[f].name, s->n, acc);
		if (evalset_fields[f].kind == EK_SIGNAL) {
			evalout_pct(evalout_precision(s), pre, sizeof(pre));
			evalout_pct(evalout_recall(s), rec, sizeof(rec));
			printf(" %10s %8s %5ld %5ld %5ld", pre, rec, s->tp,
			       s->fp, s->fn);
		}
		printf("\n");
	}
}

static void
evalout_text(const struct eval_run *run, char **below, size_t nbelow)
{
	const struct eval_miss *m;
	size_t i;

	printf("%s: %zu replies, %s backend", run->set.dir, run->set.n,
	       run->backend);
	if (run->unread)
		printf(", %ld not read", run->unread);
	if (run->fallbacks)
		printf(", %ld fell back to builtin", run->fallbacks);
	printf("\n\n");
	evalout_table(run);
	printf("\nmisses: %zu\n", run->nmisses);
	for (i = 0; i < run->nmisses; i++) {
		m = &run->misses[i];
		if (m->excerpt)
			printf("  %s  %s  %s\n", m->file,
			       evalset_fields[m->field].name, m->excerpt);
		else
			printf("  %s  %s  expected %s, got %s\n", m->file,
			       evalset_fields[m->field].name, m->want, m->got);
	}
	if (nbelow)
		printf("\nbelow the guard figures:\n");
	for (i = 0; i < nbelow; i++)
		printf("  %s\n", below[i]);
}

/* A figure for JSON: a number, or null when there is none. */
static json_object *
evalout_json_pct(double v)
{
	return v < 0 ? NULL : json_object_new_double(evalout_tenth(v));
}

static json_object *
evalout_json_field(const struct eval_score *s, int signal)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "n", json_object_new_int64(s->n));
	json_object_object_add(o, "accuracy",
			       evalout_json_pct(evalout_accuracy(s)));
	if (!signal)
		return o;
	json_object_object_add(o, "precision",
			       evalout_json_pct(evalout_precision(s)));
	json_object_object_add(o, "recall",
			       evalout_json_pct(evalout_recall(s)));
	json_object_object_add(o, "tp", json_object_new_int64(s->tp));
	json_object_object_add(o, "fp", json_object_new_int64(s->fp));
	json_object_object_add(o, "fn", json_object_new_int64(s->fn));
	return o;
}

static json_object *
evalout_json_misses(const struct eval_run *run)
{
	json_object *a = json_object_new_array(), *o;
	const struct eval_miss *m;
	size_t i;

	for (i = 0; i < run->nmisses; i++) {
		m = &run->misses[i];
		o = json_object_new_object();
		json_object_object_add(o, "file",
				       json_object_new_string(m->file));
		json_object_object_add(
		    o, "field",
		    json_object_new_string(evalset_fields[m->field].name));
		json_object_object_add(o, "expected",
				       json_object_new_string(m->want));
		json_object_object_add(o, "got",
				       json_object_new_string(m->got));
		if (m->excerpt)
			json_object_object_add(
			    o, "excerpt", json_object_new_string(m->excerpt));
		json_object_array_add(a, o);
	}
	return a;
}

static void
evalout_json(const struct eval_run *run, char **below, size_t nbelow)
{
	json_object *o = json_object_new_object(), *fields, *b;
	size_t i;
	int f;

	json_object_object_add(o, "dir", json_object_new_string(run->set.dir));
	json_object_object_add(o, "backend",
			       json_object_new_string(run->backend));
	json_object_object_add(o, "replies",
			       json_object_new_int64((int64_t)run->set.n));
	json_object_object_add(o, "not_read",
			       json_object_new_int64(run->unread));
	json_object_object_add(o, "fell_back",
			       json_object_new_int64(run->fallbacks));
	fields = json_object_new_object();
	for (f = 0; f < EF_NFIELDS; f++)
		if (run->score[f].n)
			json_object_object_add(
			    fields, evalset_fields[f].name,
			    evalout_json_field(&run->score[f],
					       evalset_fields[f].kind ==
						   EK_SIGNAL));
	json_object_object_add(o, "fields", fields);
	json_object_object_add(o, "misses", evalout_json_misses(run));
	b = json_object_new_array();
	for (i = 0; i < nbelow; i++)
		json_object_array_add(b, json_object_new_string(below[i]));
	json_object_object_add(o, "below", b);
	printf("%s\n", json_object_to_json_string_ext(
			   o, JSON_C_TO_STRING_PRETTY |
				  JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

void
evalout_print(const struct eval_run *run, int json, char **below, size_t nbelow)
{
	if (json)
		evalout_json(run, below, nbelow);
	else
		evalout_text(run, below, nbelow);
}

/* The field of that name, or -1. */
static int
evalout_field(const char *name)
{
	int f;

	for (f = 0; f < EF_NFIELDS; f++)
		if (strcmp(evalset_fields[f].name, name) == 0)
			return f;
	return -1;
}

/*
 * The figure of field f's measure, or why there is none in why. A
 * signal that never fired has no precision and made no wrong action:
 * that passes.
 */
static double
evalout_measure(const struct eval_run *run, int f, const char *measure,
		const char **why)
{
	const struct eval_score *s = &run->score[f];
	double v = -1;

	*why = NULL;
	if (s->n == 0)
		*why = "not labelled in this set";
	else if (strcmp(measure, "precision") == 0) {
		if ((v = evalout_precision(s)) < 0)
			v = 100;
	} else if (strcmp(measure, "recall") == 0) {
		if ((v = evalout_recall(s)) < 0)
			*why = "no reply labelled true";
	} else
		v = evalout_accuracy(s);
	return v;
}

/* One guard line: NULL when it holds, else what is below. */
static char *
evalout_guard(const struct eval_run *run, const char *path, int lineno,
	      const char *line)
{
	char field[64], measure[16], pct[2];
	const char *why;
	double min, v;
	int f, n;

	n = sscanf(line, " %63s %15s %lf %1s", field, measure, &min, pct);
	if (n < 3 || (n == 4 && strcmp(pct, "%") != 0))
		msg_fatal(EX_DATAERR,
			  "%s, line %d: expected FIELD MEASURE PERCENT", path,
			  lineno);
	if ((f = evalout_field(field)) < 0)
		msg_fatal(EX_DATAERR, "%s, line %d: unknown field %s", path,
			  lineno, field);
	if (strcmp(measure, "exact") == 0 && evalset_fields[f].kind == EK_TEXT)
		snprintf(measure, sizeof(measure), "accuracy");
	if (strcmp(measure, "accuracy") != 0 &&
	    !(evalset_fields[f].kind == EK_SIGNAL &&
	      (strcmp(measure, "precision") == 0 ||
	       strcmp(measure, "recall") == 0)))
		msg_fatal(EX_DATAERR, "%s, line %d: %s has no measure %s", path,
			  lineno, field, measure);
	if (!(min >= 0 && min <= 100))
		msg_fatal(EX_DATAERR, "%s, line %d: %s is not a percentage",
			  path, lineno, line);
	v = evalout_measure(run, f, measure, &why);
	if (why)
		return xasprintf("%s %s: %s", field, measure, why);
	if (evalout_tenth(v) < min - 1e-9)
		return xasprintf("%s %s: %.1f %% < %.1f %%", field, measure, v,
				 min);
	return NULL;
}

size_t
evalout_check_min(const struct eval_run *run, const char *path, char ***below)
{
	char line[EVALOUT_LINE], *p, *b;
	size_t n = 0, cap = 0;
	int lineno = 0;
	FILE *fp;

	*below = NULL;
	if ((fp = fopen(path, "r")) == NULL)
		msg_fatal(EX_NOINPUT, "cannot open %s: %s", path,
			  strerror(errno));
	while (fgets(line, sizeof(line), fp)) {
		lineno++;
		if ((p = strchr(line, '#')) != NULL)
			*p = 0;
		for (p = line; isspace((unsigned char)*p); p++)
			;
		if (*p == 0)
			continue;
		if ((b = evalout_guard(run, path, lineno, p)) == NULL)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			*below = xrealloc(*below, cap * sizeof(**below));
		}
		(*below)[n++] = b;
	}
	fclose(fp);
	return n;
}
