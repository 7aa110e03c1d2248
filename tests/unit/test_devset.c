/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The reading (extract_message) against the project's labelled
 * development set: tests/devset/trim (replies from each mail client in
 * fifteen languages) and tests/devset/bounce (bounces without DSN, and a
 * person writing about one). Each DIR/labels.json says, per file, what a
 * person reads in it: "reply" (compared exactly after line endings become
 * \n, trailing white space of each line and blank lines at both ends are
 * dropped), "bounce", "bounce_recipient", "auto_reply"; only the fields
 * given are scored.
 *
 * Prints each miss and the exact-match figure of each set, and fails when
 * a figure falls below the one the reading reached when the set was made:
 * a change that reads fewer replies right than before is a regression.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "extract.h"

/* Exact-match figures (percent) the sets must keep. */
#define TRIM_MIN_PCT 100.0
#define BOUNCE_MIN_PCT 100.0

static char devset[PATH_MAX];

/* tests/devset from dir or one of its parents (at most 5 levels up). */
static int
devset_find_from(const char *dir)
{
	char base[PATH_MAX - 64];
	struct stat st;
	int up;

	if (strlen(dir) >= sizeof base)
		return 0;
	snprintf(base, sizeof base, "%s", dir);
	for (up = 0; up <= 5; up++) {
		snprintf(devset, sizeof devset, "%s/tests/devset", base);
		if (stat(devset, &st) == 0 && S_ISDIR(st.st_mode))
			return 1;
		char *slash = strrchr(base, '/');
		if (slash == NULL || slash == base)
			break;
		*slash = 0;
	}
	return 0;
}

static int
devset_setup(void **state)
{
	char cwd[PATH_MAX], exe[PATH_MAX];
	ssize_t n;

	(void)state;
	if (getcwd(cwd, sizeof cwd) && devset_find_from(cwd))
		return 0;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = 0;
		if (devset_find_from(exe))
			return 0;
	}
	fprintf(stderr, "tests/devset not found from %s\n", cwd);
	return -1;
}

static char *
devset_slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (fp == NULL)
		fail_msg("cannot open %s", path);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = 0;
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

/*
 * The label's comparison form, in place: \r\n and \r become \n, each
 * line loses its trailing spaces and tabs, blank lines at both ends go.
 */
static char *
devset_norm(const char *s)
{
	char *r = malloc(strlen(s) + 1), *o = r, *start;
	size_t n;

	assert_non_null(r);
	for (; *s; s++) {
		char c = *s == '\r' ? '\n' : *s;

		if (*s == '\r' && s[1] == '\n')
			s++;
		if (c == '\n')
			while (o > r && (o[-1] == ' ' || o[-1] == '\t'))
				o--;
		*o++ = c;
	}
	while (o > r && (o[-1] == ' ' || o[-1] == '\t' || o[-1] == '\n'))
		o--;
	*o = 0;
	for (start = r; *start == '\n'; start++)
		;
	n = strlen(start);
	memmove(r, start, n + 1);
	return r;
}

static int
devset_bool(json_object *lab, const char *key, int *v)
{
	json_object *o;

	if (!json_object_object_get_ex(lab, key, &o))
		return 0;
	*v = json_object_get_boolean(o);
	return 1;
}

/* Does the reading of one file match its label? Prints why not. */
static int
devset_one(const char *dir, const char *name, json_object *lab)
{
	char path[PATH_MAX + 300];
	struct extract ex;
	json_object *o;
	size_t len;
	char *raw;
	int ok = 1, want;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	raw = devset_slurp(path, &len);
	extract_message(raw, len, &ex);
	if (json_object_object_get_ex(lab, "reply", &o)) {
		char *w = devset_norm(json_object_get_string(o));
		char *g = devset_norm(ex.reply_text);

		if (strcmp(w, g) != 0) {
			printf("# %s: reply\n#   want: %s\n#   got:  %s\n",
			       name, w, g);
			ok = 0;
		}
		free(w);
		free(g);
	}
	if (devset_bool(lab, "bounce", &want) && want != ex.bounce) {
		printf("# %s: bounce is %d\n", name, ex.bounce);
		ok = 0;
	}
	if (devset_bool(lab, "auto_reply", &want) && want != ex.auto_reply) {
		printf("# %s: auto_reply is %d\n", name, ex.auto_reply);
		ok = 0;
	}
	if (json_object_object_get_ex(lab, "bounce_recipient", &o) &&
	    (ex.bounce_recipient == NULL ||
	     strcmp(json_object_get_string(o), ex.bounce_recipient) != 0)) {
		printf("# %s: bounce_recipient is %s\n", name,
		       ex.bounce_recipient ? ex.bounce_recipient : "(none)");
		ok = 0;
	}
	extract_free(&ex);
	free(raw);
	return ok;
}

/* Score one set; returns the exact-match percentage. */
static double
devset_score(const char *set, size_t min_files)
{
	char dir[PATH_MAX + 32], path[PATH_MAX + 64];
	json_object *root, *replies;
	size_t total = 0, good = 0;
	double pct;

	snprintf(dir, sizeof dir, "%s/%s", devset, set);
	snprintf(path, sizeof path, "%s/labels.json", dir);
	root = json_object_from_file(path);
	if (root == NULL ||
	    !json_object_object_get_ex(root, "replies", &replies))
		fail_msg("%s: no \"replies\" in labels.json", set);
	json_object_object_foreach(replies, name, lab)
	{
		total++;
		good += (size_t)devset_one(dir, name, lab);
	}
	json_object_put(root);
	assert_true(total >= min_files);
	pct = 100.0 * (double)good / (double)total;
	printf("# devset %s: %zu of %zu exact (%.1f %%)\n", set, good, total,
	       pct);
	return pct;
}

static void
test_devset_trim(void **state)
{
	(void)state;
	assert_true(devset_score("trim", 120) >= TRIM_MIN_PCT);
}

static void
test_devset_bounce(void **state)
{
	(void)state;
	assert_true(devset_score("bounce", 8) >= BOUNCE_MIN_PCT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_devset_trim),
	    cmocka_unit_test(test_devset_bounce),
	};

	return cmocka_run_group_tests(tests, devset_setup, NULL);
}
