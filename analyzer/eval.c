/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * eval: postreply-analyzer --eval DIR scores a backend against a labelled
 * directory (evalset.c reads it). Each .eml goes the way a stored reply
 * goes in a job: a reading process reads it within the configured limits
 * (reader.c) and the backend analyses it (reply_analyze_with), so what is
 * measured is what runs. No database. Each labelled field is compared
 * with what came out: accuracy for the verdicts and the enumerations,
 * precision and recall for the acting signals, where a fired signal with
 * the wrong date is both a false positive and a miss. evalout.c prints
 * the result and checks it against the guard figures.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sysexits.h>
#include <unistd.h>

#include "analysis.h"
#include "conf.h"
#include "eval.h"
#include "evalset.h"
#include "extract.h"
#include "msg.h"
#include "reader.h"
#include "reply.h"
#include "utf8.h"
#include "xmalloc.h"
#include "zone.h"

#define EVAL_EXCERPT 60 /* bytes of each side of a text miss */

/* Text as the labels compare it: \n line ends, no white space at the end
 * of a line, no blank lines at either end. */
static char *
eval_normalise(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *p = out, *line;

	while (*s == '\r' || *s == '\n' || *s == ' ' || *s == '\t')
		s++;
	for (line = p; *s; s++) {
		if (*s == '\r' && s[1] == '\n')
			continue;
		if (*s == '\r' || *s == '\n') {
			while (p > line && (p[-1] == ' ' || p[-1] == '\t'))
				p--;
			*p++ = '\n';
			line = p;
		} else
			*p++ = *s;
	}
	while (p > out && (p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n'))
		p--;
	*p = 0;
	return out;
}

/* The start of s's line n (from 0); "" past the end. */
static const char *
eval_line(const char *s, size_t n, size_t *len)
{
	const char *e;

	while (n-- > 0 && (s = strchr(s, '\n')) != NULL)
		s++;
	if (s == NULL)
		s = "";
	e = strchr(s, '\n');
	*len = e ? (size_t)(e - s) : strlen(s);
	return s;
}

/* Where want and got (normalised) first differ, as a short line. */
static char *
eval_excerpt(const char *want, const char *got)
{
	const char *w = want, *g = got, *wl, *gl;
	size_t line = 0, wlen, glen;

	for (; *w && *w == *g; w++, g++)
		if (*w == '\n')
			line++;
	wl = eval_line(want, line, &wlen);
	gl = eval_line(got, line, &glen);
	return xasprintf("line %zu: expected \"%.*s%s\", got \"%.*s%s\"",
			 line + 1, (int)utf8_cut(wl, wlen, EVAL_EXCERPT), wl,
			 wlen > EVAL_EXCERPT ? "..." : "",
			 (int)utf8_cut(gl, glen, EVAL_EXCERPT), gl,
			 glen > EVAL_EXCERPT ? "..." : "");
}

/* "YYYY-MM-DD" of t in the zone named tz; "" for 0. */
static void
eval_day(time_t t, const char *tz, char *buf, size_t len)
{
	GTimeZone *z;
	struct tm tm;

	*buf = 0;
	if (t == 0)
		return;
	z = zone_new(tz);
	zone_localtime(z, t, &tm);
	g_time_zone_unref(z);
	if (strftime(buf, len, "%Y-%m-%d", &tm) == 0)
		*buf = 0;
}

static const char *
eval_bool(int b)
{
	return b ? "true" : "false";
}

/* What came out for field f, as the labels write it; a signal's day in
 * day ("" when none). */
static const char *
eval_got(int f, const struct extract *ex, const struct analysis *a,
	 const char *tz, char *day, size_t daylen)
{
	*day = 0;
	switch ((enum evalset_field)f) {
	case EF_REPLY:
		return ex->reply_text;
	case EF_BOUNCE:
		return eval_bool(ex->bounce);
	case EF_BOUNCE_RECIPIENT:
		return ex->bounce_recipient ? ex->bounce_recipient : "";
	case EF_AUTO_REPLY:
		return eval_bool(ex->auto_reply);
	case EF_RESPONSE_TYPE:
		return analysis_response_type_name(a->response_type);
	case EF_SENTIMENT:
		return analysis_sentiment_name(a->sentiment);
	case EF_PRODUCT_INTEREST:
		return analysis_interest_name(a->product_interest);
	case EF_UNAVAILABLE:
		eval_day(a->unavailable_until, tz, day, daylen);
		return eval_bool(a->unavailable);
	case EF_NOT_INTERESTED:
		return eval_bool(a->not_interested);
	case EF_DO_NOT_CONTACT:
		return eval_bool(a->do_not_contact);
	case EF_MEETING_BOOKED:
		return eval_bool(a->meeting_booked);
	case EF_REQUESTED_FOLLOWUP:
		eval_day(a->requested_followup_at, tz, day, daylen);
		return eval_bool(a->requested_followup_at != 0);
	case EF_MONTHLY_VOLUME:
		return eval_bool(a->monthly_volume != NULL);
	case EF_FOLLOW_UP_NEEDED:
		return eval_bool(a->follow_up_needed);
	case EF_NFIELDS:
		break;
	}
	return "";
}

static void
eval_miss_add(struct eval_run *run, const char *file, int f, char *want,
	      char *got, char *excerpt)
{
	if (run->nmisses == run->cap) {
		run->cap = run->cap ? 2 * run->cap : 64;
		run->misses =
		    xrealloc(run->misses, run->cap * sizeof(*run->misses));
	}
	run->misses[run->nmisses++] =
	    (struct eval_miss){file, f, want, got, excerpt};
}

/* A signal with its day, as a miss shows it: "true (2026-12-10)". */
static char *
eval_signal_text(const char *fired, const char *day)
{
	return day && *day && strcmp(fired, "true") == 0
		   ? xasprintf("%s (%s)", fired, day)
		   : xstrdup(fired);
}

/* An acting signal: want and got are "true" or "false". */
static int
eval_score_signal(struct eval_score *s, const char *want, const char *wday,
		  const char *got, const char *gday)
{
	int w = strcmp(want, "true") == 0, g = strcmp(got, "true") == 0;

	if (w && g && wday && strcmp(wday, gday) != 0) {
		s->fp++;
		s->fn++;
		return 0;
	}
	if (w && g)
		s->tp++;
	else if (w)
		s->fn++;
	else if (g)
		s->fp++;
	else
		s->tn++;
	return w == g;
}

/* Score field f of reply r against got (day: a signal's). */
static void
eval_score_field(struct eval_run *run, const struct evalset_reply *r, int f,
		 const char *got, const char *day)
{
	const struct evalset_field_def *def = &evalset_fields[f];
	struct eval_score *s = &run->score[f];
	char *w, *g;
	int ok;

	s->n++;
	if (def->kind == EK_SIGNAL) {
		ok = eval_score_signal(s, r->want[f], r->date[f], got, day);
		if (!ok)
			eval_miss_add(run, r->file, f,
				      eval_signal_text(r->want[f], r->date[f]),
				      eval_signal_text(got, day), NULL);
	} else if (def->kind == EK_TEXT) {
		w = eval_normalise(r->want[f]);
		g = eval_normalise(got);
		if (!(ok = strcmp(w, g) == 0))
			eval_miss_add(run, r->file, f, w, g,
				      eval_excerpt(w, g));
		else {
			free(w);
			free(g);
		}
	} else {
		ok = def->kind == EK_STRING ? strcasecmp(r->want[f], got) == 0
					    : strcmp(r->want[f], got) == 0;
		if (!ok)
			eval_miss_add(run, r->file, f, xstrdup(r->want[f]),
				      xstrdup(got), NULL);
	}
	s->ok += ok;
}

/* A reply that could not be read: each labelled field is a miss, and a
 * labelled signal did not fire. */
static void
eval_unread(struct eval_run *run, const struct evalset_reply *r,
	    const char *why)
{
	int f;

	msg_warn("%s: not read: %s", r->file, why);
	run->unread++;
	for (f = 0; f < EF_NFIELDS; f++) {
		if (r->want[f] == NULL)
			continue;
		run->score[f].n++;
		if (evalset_fields[f].kind == EK_SIGNAL &&
		    strcmp(r->want[f], "true") == 0)
			run->score[f].fn++;
		else if (evalset_fields[f].kind == EK_SIGNAL)
			run->score[f].tn++;
		eval_miss_add(run, r->file, f, xstrdup(r->want[f]),
			      xasprintf("(not read: %s)", why), NULL);
	}
}

/* Read, analyse and score one reply. */
static void
eval_one(struct eval_run *run, struct reader *reader,
	 const struct evalset_reply *r)
{
	struct reader_input in = {NULL, 0, NULL, r->received_at, r->tz, 0, 0};
	struct reader_limits lim;
	struct extract ex;
	struct analysis a;
	char err[512], day[16], *raw, *fallback;
	const char *got;
	size_t len;
	int f, rc;

	if (evalset_slurp(run->set.dir, r->file, EVALSET_MAX_EML, &raw, &len,
			  err, sizeof(err)) < 0) {
		eval_unread(run, r, err);
		return;
	}
	in.raw = raw;
	in.len = len;
	reader_limits_conf(&lim);
	rc = reader_read(reader, &in, &lim, &ex, &a, err, sizeof(err));
	free(raw);
	if (rc == READER_AGAIN)
		msg_fatal(EX_OSERR, "%s", err);
	if (rc < 0) {
		eval_unread(run, r, err);
		return;
	}
	reply_analyze_with(run->backend, &ex, r->received_at, r->tz, &a,
			   &fallback);
	if (fallback) {
		msg_warn("%s: the LLM failed (%s); the builtin analysis is "
			 "scored",
			 r->file, fallback);
		run->fallbacks++;
		free(fallback);
	}
	for (f = 0; f < EF_NFIELDS; f++)
		if (r->want[f]) {
			got = eval_got(f, &ex, &a, r->tz, day, sizeof(day));
			eval_score_field(run, r, f, got, day);
		}
	analysis_free(&a);
	extract_free(&ex);
}

int
eval_wanted(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--eval") == 0 ||
		    strncmp(argv[i], "--eval=", 7) == 0)
			return 1;
	return 0;
}

static void
eval_usage(void)
{
	fprintf(stderr, "usage: postreply-analyzer --eval DIR [--backend "
			"builtin|llm] [--json] [--min FILE] [-v] [-c "
			"config_file]\n");
	exit(EX_USAGE);
}

/* The configuration: -c's file; else the default one if there is one,
 * else the defaults (the builtin backend needs no file). */
static void
eval_config(const char *path)
{
	if (path == NULL && access(CONF_DEFAULT_PATH, F_OK) != 0)
		path = "/dev/null";
	conf_load_or_die(path);
}

struct eval_opts {
	const char *dir, *backend, *min, *config;
	int json, verbose;
};

static void
eval_options(int argc, char **argv, struct eval_opts *o)
{
	static const struct option longs[] = {
	    {"eval", required_argument, NULL, 'e'},
	    {"backend", required_argument, NULL, 'b'},
	    {"json", no_argument, NULL, 'j'},
	    {"min", required_argument, NULL, 'm'},
	    {NULL, 0, NULL, 0}};
	int c;

	memset(o, 0, sizeof(*o));
	while ((c = getopt_long(argc, argv, "c:v", longs, NULL)) != -1) {
		switch (c) {
		case 'e':
			o->dir = optarg;
			break;
		case 'b':
			o->backend = optarg;
			break;
		case 'j':
			o->json = 1;
			break;
		case 'm':
			o->min = optarg;
			break;
		case 'c':
			o->config = optarg;
			break;
		case 'v':
			o->verbose++;
			break;
		default:
			eval_usage();
		}
	}
	if (optind != argc || o->dir == NULL)
		eval_usage();
	if (o->backend && strcmp(o->backend, "builtin") != 0 &&
	    strcmp(o->backend, "llm") != 0)
		msg_fatal(EX_USAGE,
			  "--backend: expected builtin or llm, not %s",
			  o->backend);
}

static void
eval_run_free(struct eval_run *run)
{
	size_t i;

	for (i = 0; i < run->nmisses; i++) {
		free(run->misses[i].want);
		free(run->misses[i].got);
		free(run->misses[i].excerpt);
	}
	free(run->misses);
	evalset_free(&run->set);
}

int
eval_main(int argc, char **argv)
{
	struct eval_opts o;
	struct eval_run run;
	struct reader *reader;
	char err[1024], **below = NULL;
	size_t i, nbelow = 0;

	msg_open("postreply/analyzer", 1);
	eval_options(argc, argv, &o);
	msg_verbose_set(o.verbose);
	eval_config(o.config);
	memset(&run, 0, sizeof(run));
	if (evalset_load(o.dir, &run.set, err, sizeof(err)) < 0)
		msg_fatal(EX_DATAERR, "%s", err);
	conf_hold();
	run.backend = o.backend ? o.backend : conf_cur()->analyzer_backend;
	llm_init();
	reader = reader_new();
	for (i = 0; i < run.set.n; i++)
		eval_one(&run, reader, &run.set.replies[i]);
	reader_free(reader);
	if (o.min)
		nbelow = evalout_check_min(&run, o.min, &below);
	evalout_print(&run, o.json, below, nbelow);
	conf_release();
	for (i = 0; i < nbelow; i++)
		free(below[i]);
	free(below);
	eval_run_free(&run);
	return nbelow ? 1 : EX_OK;
}
