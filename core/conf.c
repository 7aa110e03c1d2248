/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * conf: the one configuration file all postreply programs read, in
 * Postfix main.cf syntax: "name = value", "#" starts a comment line, and a
 * line that starts with white space continues the previous one. The
 * parameters are one table (conf_keys.h); an unknown name or a bad value
 * is an error that names the file, line and parameter, and nothing of a
 * bad file is applied.
 *
 * A file is parsed once into a snapshot, struct conf, with a typed member
 * per parameter. A reload (SIGHUP) parses the file into a new snapshot
 * and swaps it in whole; threads that hold the old one (a message, a
 * request, a job in progress) read it to their end, and the last to let
 * go frees it. Parameters taken once at start-up keep their value until a
 * restart.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "buf.h"
#include "conf.h"
#include "confhooks.h"
#include "confvalue.h"
#include "msg.h"
#include "xmalloc.h"

enum conf_type { CONF_STR, CONF_INT, CONF_BOOL, CONF_DURATION, CONF_SIZE };
enum conf_when { CONF_RELOAD, CONF_RESTART };

/* A row of the table, with where its value goes in struct conf. */
struct conf_key {
	const char *name;
	enum conf_type type;
	const char *def;
	const char *(*check)(const char *value);
	long long min; /* numeric types: the smallest value accepted */
	enum conf_when when;
	size_t offset;
};

static const struct conf_key conf_keys[CONF_NKEYS] = {
#define CONF_ROW(name, type, def, check, min, when)                            \
	{#name,                                                                \
	 CONF_##type,                                                          \
	 def,                                                                  \
	 check,                                                                \
	 min,                                                                  \
	 CONF_##when,                                                          \
	 offsetof(struct conf, name)},
    CONF_KEYS(CONF_ROW)
#undef CONF_ROW
};

static pthread_mutex_t conf_lock = PTHREAD_MUTEX_INITIALIZER;
static struct conf *conf_current; /* under conf_lock */
static pthread_t conf_owner;      /* the thread that loads and reloads */
static _Thread_local struct conf *conf_held;
static _Thread_local int conf_depth;
static char *conf_path; /* the file conf_load_or_die read */

/* Returns NULL when value is acceptable for key, else why not. */
static const char *
conf_validate(const struct conf_key *k, const char *value)
{
	long long n = 0;
	int b;
	char *end;

	switch (k->type) {
	case CONF_STR:
		break;
	case CONF_INT:
		n = strtoll(value, &end, 10);
		if (*value == 0 || *end || n == LLONG_MAX || n == LLONG_MIN)
			return "expected a whole number";
		break;
	case CONF_BOOL:
		if (confvalue_bool(value, &b) < 0)
			return "expected yes or no";
		break;
	case CONF_DURATION:
		if (confvalue_duration(value, &n) < 0)
			return "expected a duration such as 30s, 10m, 2h or "
			       "90d";
		break;
	case CONF_SIZE:
		if (confvalue_size(value, &n) < 0)
			return "expected a size in bytes, or with k, M or G";
		break;
	}
	if (k->type != CONF_STR && k->type != CONF_BOOL && n < k->min)
		return "must be greater than zero";
	return k->check ? k->check(value) : NULL;
}

static int
conf_index(const char *name)
{
	size_t i;

	for (i = 0; i < CONF_NKEYS; i++)
		if (strcmp(conf_keys[i].name, name) == 0)
			return (int)i;
	return -1;
}

char *
conf_trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = 0;
	return s;
}

/* The most of a bad value an error quotes. */
#define CONF_QUOTED_MAX 60

/* Apply one logical "name = value" entry to values[]. */
static int
conf_apply(char **values, char *entry, const char *file, int line, char *err,
	   size_t errlen)
{
	char *eq = strchr(entry, '=');
	char *name, *value;
	const char *why;
	int i;

	if (eq == NULL) {
		snprintf(err, errlen,
			 "%s, line %d: expected \"name = value\", found \"%s\"",
			 file, line, conf_trim(entry));
		return -1;
	}
	*eq = 0;
	name = conf_trim(entry);
	value = conf_trim(eq + 1);
	if ((i = conf_index(name)) < 0) {
		snprintf(err, errlen, "%s, line %d: unknown parameter \"%s\"",
			 file, line, name);
		return -1;
	}
	if ((why = conf_validate(&conf_keys[i], value)) != NULL) {
		/* A long value (a list of webhooks) is cut, so why still fits.
		 */
		snprintf(err, errlen,
			 "%s, line %d: bad value for %s: \"%.*s%s\": %s", file,
			 line, name, CONF_QUOTED_MAX, value,
			 strlen(value) > CONF_QUOTED_MAX ? "..." : "", why);
		return -1;
	}
	free(values[i]);
	values[i] = xstrdup(value);
	return 0;
}

static int
conf_flush(char **values, struct buf *entry, const char *file, int line,
	   char *err, size_t errlen)
{
	int rc = 0;

	if (entry->len > 0)
		rc = conf_apply(values, entry->data, file, line, err, errlen);
	buf_reset(entry);
	return rc;
}

static void
conf_free_values(char **values)
{
	size_t i;

	for (i = 0; i < CONF_NKEYS; i++)
		free(values[i]);
}

/* Parse a file into values (every key: its default unless set). */
static int
conf_parse(FILE *fp, const char *file, char **values, char *err, size_t errlen)
{
	struct buf entry;
	char *line = NULL;
	size_t cap = 0, i;
	ssize_t n;
	int lineno = 0, start = 0, rc = 0;
	char *text;

	for (i = 0; i < CONF_NKEYS; i++)
		values[i] = xstrdup(conf_keys[i].def);
	buf_init(&entry);
	while (rc == 0 && (n = getline(&line, &cap, fp)) >= 0) {
		lineno++;
		if ((size_t)n != strlen(line)) {
			snprintf(err, errlen, "%s, line %d: NUL byte in file",
				 file, lineno);
			rc = -1;
		} else if (*(text = conf_trim(line)) == '#' || *text == 0) {
			continue;
		} else if (isspace((unsigned char)line[0])) {
			if (entry.len == 0) {
				snprintf(err, errlen,
					 "%s, line %d: continuation line "
					 "without a parameter before it",
					 file, lineno);
				rc = -1;
			}
			buf_puts(&entry, " ");
			buf_puts(&entry, conf_trim(line));
		} else {
			rc = conf_flush(values, &entry, file, start, err,
					errlen);
			start = lineno;
			buf_puts(&entry, conf_trim(line));
		}
	}
	if (rc == 0 && ferror(fp)) {
		snprintf(err, errlen, "%s: cannot read: %s", file,
			 strerror(errno));
		rc = -1;
	}
	if (rc == 0)
		rc = conf_flush(values, &entry, file, start, err, errlen);
	free(line);
	buf_free(&entry);
	if (rc < 0)
		conf_free_values(values);
	return rc;
}

/* Set member i of c from its text, which conf_validate accepted. */
static void
conf_set_member(struct conf *c, size_t i)
{
	const struct conf_key *k = &conf_keys[i];
	char *at = (char *)c + k->offset;
	long long n = 0;
	int b = 0;

	switch (k->type) {
	case CONF_STR:
		*(const char **)at = c->text[i];
		return;
	case CONF_INT:
		n = strtoll(c->text[i], NULL, 10);
		break;
	case CONF_BOOL:
		confvalue_bool(c->text[i], &b);
		*(int *)at = b;
		return;
	case CONF_DURATION:
		confvalue_duration(c->text[i], &n);
		break;
	case CONF_SIZE:
		confvalue_size(c->text[i], &n);
		break;
	}
	*(long long *)at = n;
}

/* A snapshot of values (taken over), with one reference: its maker's. */
static struct conf *
conf_snapshot(char **values)
{
	struct conf *c = xmalloc(sizeof(*c));
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < CONF_NKEYS; i++) {
		c->text[i] = values[i];
		conf_set_member(c, i);
	}
	atomic_init(&c->refs, 1);
	return c;
}

static void
conf_unref(struct conf *c)
{
	size_t i;

	if (c == NULL || atomic_fetch_sub(&c->refs, 1) != 1)
		return;
	for (i = 0; i < CONF_NKEYS; i++)
		free(c->text[i]);
	free(c);
}

/* Make c current, on the loading thread; the old one goes when unheld. */
static void
conf_install(struct conf *c)
{
	struct conf *old;

	pthread_mutex_lock(&conf_lock);
	old = conf_current;
	conf_current = c;
	conf_owner = pthread_self();
	pthread_mutex_unlock(&conf_lock);
	conf_unref(old);
}

void
conf_reset(void)
{
	char *values[CONF_NKEYS];
	size_t i;

	for (i = 0; i < CONF_NKEYS; i++)
		values[i] = xstrdup(conf_keys[i].def);
	conf_install(conf_snapshot(values));
}

const struct conf *
conf_cur(void)
{
	struct conf *c;

	if (conf_held)
		return conf_held;
	pthread_mutex_lock(&conf_lock);
	if (conf_current == NULL) {
		pthread_mutex_unlock(&conf_lock);
		conf_reset();
		pthread_mutex_lock(&conf_lock);
	}
	if (!pthread_equal(conf_owner, pthread_self())) {
		pthread_mutex_unlock(&conf_lock);
		msg_panic("conf: a thread read the configuration without "
			  "holding a snapshot (conf_hold)");
	}
	c = conf_current;
	pthread_mutex_unlock(&conf_lock);
	return c;
}

void
conf_hold(void)
{
	if (conf_depth++ > 0)
		return;
	pthread_mutex_lock(&conf_lock);
	if (conf_current == NULL)
		msg_panic("conf_hold: no configuration loaded");
	conf_held = conf_current;
	atomic_fetch_add(&conf_held->refs, 1);
	pthread_mutex_unlock(&conf_lock);
}

void
conf_release(void)
{
	if (conf_depth == 0)
		msg_panic("conf_release without conf_hold");
	if (--conf_depth > 0)
		return;
	conf_unref(conf_held);
	conf_held = NULL;
}

int
conf_load_stream(FILE *fp, const char *file, char *err, size_t errlen)
{
	char *values[CONF_NKEYS] = {0};

	if (conf_parse(fp, file, values, err, errlen) < 0)
		return -1;
	conf_install(conf_snapshot(values));
	return 0;
}

/* Open path and parse it into values: conf_load's and conf_reload's. */
static int
conf_read(const char *path, char **values, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "r");
	int rc;

	if (fp == NULL) {
		snprintf(err, errlen, "cannot open %s: %s", path,
			 strerror(errno));
		return -1;
	}
	rc = conf_parse(fp, path, values, err, errlen);
	fclose(fp);
	return rc;
}

int
conf_load(const char *path, char *err, size_t errlen)
{
	char *values[CONF_NKEYS] = {0};

	if (conf_read(path, values, err, errlen) < 0)
		return -1;
	conf_install(conf_snapshot(values));
	return 0;
}

/*
 * Absolute, since the daemons leave their working directory; links are
 * not resolved, so a file whose link is swapped is read anew.
 */
static char *
conf_absolute(const char *path)
{
	char cwd[4096];

	if (path[0] == '/' || getcwd(cwd, sizeof(cwd)) == NULL)
		return xstrdup(path);
	return xasprintf("%s/%s", cwd, path);
}

void
conf_load_or_die(const char *path)
{
	char err[512];

	if (path == NULL)
		path = CONF_DEFAULT_PATH;
	if (conf_load(path, err, sizeof(err)) < 0)
		msg_fatal(EX_CONFIG, "%s", err);
	free(conf_path);
	conf_path = conf_absolute(path);
}

/*
 * Compare values with the current snapshot old: a changed parameter read
 * only at start-up keeps its old value. Only names are logged, never
 * values: database and URLs may hold passwords.
 */
static int
conf_reload_compare(const struct conf *old, char **values)
{
	size_t i;
	int n = 0;

	for (i = 0; i < CONF_NKEYS; i++) {
		if (strcmp(old->text[i], values[i]) == 0)
			continue;
		if (conf_keys[i].when == CONF_RESTART) {
			msg_warn("%s: %s changed; it takes a restart to apply",
				 conf_path, conf_keys[i].name);
			free(values[i]);
			values[i] = xstrdup(old->text[i]);
			continue;
		}
		msg_info("%s: %s changed", conf_path, conf_keys[i].name);
		n++;
	}
	return n;
}

int
conf_reload(char *err, size_t errlen)
{
	char *values[CONF_NKEYS] = {0};
	size_t i;
	int n;

	if (conf_path == NULL) {
		snprintf(err, errlen, "no configuration file was loaded");
		return -1;
	}
	if (conf_read(conf_path, values, err, errlen) < 0)
		return -1;
	if ((n = conf_reload_compare(conf_cur(), values)) == 0) {
		for (i = 0; i < CONF_NKEYS; i++)
			free(values[i]);
		return 0;
	}
	conf_install(conf_snapshot(values));
	return n;
}

void
conf_print(FILE *fp)
{
	const struct conf *c = conf_cur();
	size_t i;

	for (i = 0; i < CONF_NKEYS; i++)
		fprintf(fp, "%s = %s\n", conf_keys[i].name, c->text[i]);
}
