/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * evalset: the labelled directory of postreply-analyzer --eval, read and
 * checked. This is the one place the format of labels.json is written
 * down in code: which keys there are, what type each takes, how a reply
 * overrides the defaults. Nothing in the file is trusted: a key of the
 * wrong type, an unknown key (a typo would otherwise silently score
 * nothing) or a file name that leaves the directory is an error that
 * names the file and the key.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "analysis.h"
#include "evalset.h"
#include "xmalloc.h"
#include "zone.h"

#define EVALSET_DEPTH 8 /* root, replies, a reply, a value */

static const char *const evalset_response_types[] = {"standard", "high_value",
						     "needs_attention", NULL};
static const char *const evalset_sentiments[] = {"positive", "neutral",
						 "negative", NULL};
static const char *const evalset_interests[] = {
    "none", "mentioned", "interested", "very_interested", NULL};

const struct evalset_field_def evalset_fields[EF_NFIELDS] = {
    [EF_REPLY] = {"reply", EK_TEXT, NULL, NULL},
    [EF_BOUNCE] = {"bounce", EK_BOOL, NULL, NULL},
    [EF_BOUNCE_RECIPIENT] = {"bounce_recipient", EK_STRING, NULL, NULL},
    [EF_AUTO_REPLY] = {"auto_reply", EK_BOOL, NULL, NULL},
    [EF_RESPONSE_TYPE] = {"response_type", EK_ENUM, evalset_response_types,
			  NULL},
    [EF_SENTIMENT] = {"sentiment", EK_ENUM, evalset_sentiments, NULL},
    [EF_PRODUCT_INTEREST] = {"product_interest", EK_ENUM, evalset_interests,
			     NULL},
    [EF_UNAVAILABLE] = {"unavailable", EK_SIGNAL, NULL, "unavailable_until"},
    [EF_NOT_INTERESTED] = {"not_interested", EK_SIGNAL, NULL, NULL},
    [EF_DO_NOT_CONTACT] = {"do_not_contact", EK_SIGNAL, NULL, NULL},
    [EF_MEETING_BOOKED] = {"meeting_booked", EK_SIGNAL, NULL, NULL},
    [EF_REQUESTED_FOLLOWUP] = {"requested_followup", EK_SIGNAL, NULL,
			       "requested_followup_date"},
    [EF_MONTHLY_VOLUME] = {"monthly_volume", EK_BOOL, NULL, NULL},
    [EF_FOLLOW_UP_NEEDED] = {"follow_up_needed", EK_BOOL, NULL, NULL},
};

int
evalset_slurp(const char *dir, const char *file, size_t max, char **data,
	      size_t *len, char *err, size_t errlen)
{
	char *path = xasprintf("%s/%s", dir, file);
	struct stat st;
	ssize_t n;
	size_t got = 0;
	int fd;

	*data = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0 ||
	    fstat(fd, &st) < 0) {
		snprintf(err, errlen, "cannot open %s: %s", path,
			 strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s is not a regular file", path);
		goto fail;
	}
	if ((unsigned long long)st.st_size > max) {
		snprintf(err, errlen, "%s is larger than %zu bytes", path, max);
		goto fail;
	}
	*data = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size &&
	       (n = read(fd, *data + got, (size_t)st.st_size - got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "cannot read %s: %s", path,
				 strerror(errno));
			goto fail;
		}
		got += (size_t)n;
	}
	(*data)[got] = 0;
	*len = got;
	close(fd);
	free(path);
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	free(*data);
	*data = NULL;
	free(path);
	return -1;
}

/* "YYYY-MM-DD", a real day. */
static int
evalset_is_date(const char *s)
{
	time_t t;
	char again[32];
	struct tm tm;

	if (strlen(s) != 10 || analysis_parse_time(s, &t) < 0)
		return 0;
	gmtime_r(&t, &tm);
	strftime(again, sizeof(again), "%Y-%m-%d", &tm);
	return strcmp(again, s) == 0;
}

/* A file name that stays in the directory. */
static int
evalset_is_name(const char *s)
{
	return *s && *s != '.' && strchr(s, '/') == NULL && strlen(s) < 256;
}

/* The string of a label of field def, or NULL with why in err. */
static char *
evalset_value(const struct evalset_field_def *def, json_object *v, char *err,
	      size_t errlen)
{
	const char *s;
	size_t i;

	if (def->kind == EK_BOOL || def->kind == EK_SIGNAL) {
		if (!json_object_is_type(v, json_type_boolean)) {
			snprintf(err, errlen, "expected true or false");
			return NULL;
		}
		return xstrdup(json_object_get_boolean(v) ? "true" : "false");
	}
	if (!json_object_is_type(v, json_type_string)) {
		snprintf(err, errlen, "expected a string");
		return NULL;
	}
	s = json_object_get_string(v);
	if (def->kind != EK_ENUM)
		return xstrdup(s);
	for (i = 0; def->values[i]; i++)
		if (strcmp(s, def->values[i]) == 0)
			return xstrdup(s);
	snprintf(err, errlen, "expected one of");
	for (i = 0; def->values[i]; i++)
		snprintf(err + strlen(err), errlen - strlen(err), "%s %s",
			 i ? "," : "", def->values[i]);
	return NULL;
}

/* received_at or tz of obj into r; 1 when key was one of them. */
static int
evalset_when(const char *key, json_object *v, struct evalset_reply *r,
	     char *err, size_t errlen)
{
	const char *s = json_object_get_string(v);

	if (strcmp(key, "received_at") != 0 && strcmp(key, "tz") != 0)
		return 0;
	if (!json_object_is_type(v, json_type_string))
		snprintf(err, errlen, "expected a string");
	else if (strcmp(key, "tz") == 0 && !zone_known(s))
		snprintf(err, errlen, "not a time zone: %.64s", s);
	else if (strcmp(key, "tz") == 0) {
		free(r->tz);
		r->tz = xstrdup(s);
	} else if (analysis_parse_time(s, &r->received_at) < 0)
		snprintf(err, errlen,
			 "expected an ISO 8601 time such as "
			 "2026-12-04T10:00:00Z");
	return 1;
}

/* One key of a reply's labels; 0, or -1 with why in err. */
static int
evalset_key(const char *key, json_object *v, struct evalset_reply *r, char *err,
	    size_t errlen)
{
	const struct evalset_field_def *def;
	int f;

	if (evalset_when(key, v, r, err, errlen))
		return *err ? -1 : 0;
	for (f = 0; f < EF_NFIELDS; f++) {
		def = &evalset_fields[f];
		if (strcmp(key, def->name) == 0) {
			r->want[f] = evalset_value(def, v, err, errlen);
			return r->want[f] ? 0 : -1;
		}
		if (def->date_key && strcmp(key, def->date_key) == 0) {
			if (!json_object_is_type(v, json_type_string) ||
			    !evalset_is_date(json_object_get_string(v))) {
				snprintf(err, errlen,
					 "expected a day as YYYY-MM-DD");
				return -1;
			}
			r->date[f] = xstrdup(json_object_get_string(v));
			return 0;
		}
	}
	snprintf(err, errlen, "unknown key");
	return -1;
}

/*
 * A signal's date says the signal fired: a date without the signal
 * implies it, a date with the signal false contradicts it.
 */
static int
evalset_dates(struct evalset_reply *r, char *err, size_t errlen)
{
	int f;

	for (f = 0; f < EF_NFIELDS; f++) {
		if (r->date[f] == NULL)
			continue;
		if (r->want[f] == NULL)
			r->want[f] = xstrdup("true");
		else if (strcmp(r->want[f], "false") == 0) {
			snprintf(err, errlen,
				 "%s: a date for a signal "
				 "labelled false",
				 evalset_fields[f].date_key);
			return -1;
		}
	}
	return 0;
}

/* One reply of "replies"; 0, or -1 with why (and where) in err. */
static int
evalset_reply(const char *file, json_object *labels, struct evalset_reply *r,
	      char *err, size_t errlen)
{
	char why[256] = "";

	if (!evalset_is_name(file)) {
		snprintf(err, errlen,
			 "replies.\"%.64s\": not a file name in the directory",
			 file);
		return -1;
	}
	r->file = xstrdup(file);
	if (!json_object_is_type(labels, json_type_object)) {
		snprintf(err, errlen, "replies.\"%.64s\": expected an object",
			 file);
		return -1;
	}
	json_object_object_foreach(labels, key, v)
	{
		if (evalset_key(key, v, r, why, sizeof(why)) < 0) {
			snprintf(err, errlen, "replies.\"%.64s\".%.64s: %s",
				 file, key, why);
			return -1;
		}
	}
	if (evalset_dates(r, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "replies.\"%.64s\".%s", file, why);
		return -1;
	}
	if (r->received_at == (time_t)-1) {
		snprintf(err, errlen,
			 "replies.\"%.64s\": no received_at, neither its own "
			 "nor at the top level",
			 file);
		return -1;
	}
	return 0;
}

static int
evalset_by_file(const void *a, const void *b)
{
	return strcmp(((const struct evalset_reply *)a)->file,
		      ((const struct evalset_reply *)b)->file);
}

/* The top level's defaults into def, and its replies object. */
static int
evalset_top(json_object *root, struct evalset_reply *def, json_object **replies,
	    char *err, size_t errlen)
{
	char why[256] = "";

	*replies = NULL;
	if (!json_object_is_type(root, json_type_object)) {
		snprintf(err, errlen, "expected an object");
		return -1;
	}
	json_object_object_foreach(root, key, v)
	{
		if (strcmp(key, "replies") == 0) {
			*replies = v;
			continue;
		}
		if (!evalset_when(key, v, def, why, sizeof(why)))
			snprintf(why, sizeof(why), "unknown key");
		if (*why) {
			snprintf(err, errlen, "%.64s: %s", key, why);
			return -1;
		}
	}
	if (!json_object_is_type(*replies, json_type_object)) {
		snprintf(err, errlen,
			 "replies: expected an object of file "
			 "names and their labels");
		return -1;
	}
	return 0;
}

/* The replies of root into set. */
static int
evalset_parse(json_object *root, struct evalset *set, char *err, size_t errlen)
{
	struct evalset_reply def = {.received_at = (time_t)-1}, *r;
	json_object *replies;

	if (evalset_top(root, &def, &replies, err, errlen) < 0) {
		free(def.tz);
		return -1;
	}
	set->replies = xcalloc((size_t)json_object_object_length(replies) + 1,
			       sizeof(*set->replies));
	json_object_object_foreach(replies, file, labels)
	{
		r = &set->replies[set->n++];
		r->received_at = def.received_at;
		r->tz = xstrdup(def.tz ? def.tz : "UTC");
		if (evalset_reply(file, labels, r, err, errlen) < 0) {
			free(def.tz);
			return -1;
		}
	}
	free(def.tz);
	qsort(set->replies, set->n, sizeof(*set->replies), evalset_by_file);
	return 0;
}

int
evalset_from_text(const char *text, size_t len, struct evalset *set, char *err,
		  size_t errlen)
{
	json_object *root;
	int rc;

	memset(set, 0, sizeof(*set));
	root = analysis_parse_json_max(text, len, EVALSET_MAX_LABELS,
				       EVALSET_DEPTH, err, errlen);
	if (root == NULL)
		return -1;
	rc = evalset_parse(root, set, err, errlen);
	json_object_put(root);
	return rc;
}

int
evalset_load(const char *dir, struct evalset *set, char *err, size_t errlen)
{
	char why[512], *text;
	struct stat st;
	size_t len;
	int rc;

	memset(set, 0, sizeof(*set));
	if (stat(dir, &st) < 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: not a directory", dir);
		return -1;
	}
	if (evalset_slurp(dir, "labels.json", EVALSET_MAX_LABELS, &text, &len,
			  err, errlen) < 0)
		return -1;
	rc = evalset_from_text(text, len, set, why, sizeof(why));
	free(text);
	if (rc < 0) {
		evalset_free(set);
		snprintf(err, errlen, "%s/labels.json: %s", dir, why);
		return -1;
	}
	set->dir = xstrdup(dir);
	return 0;
}

void
evalset_free(struct evalset *set)
{
	size_t i;
	int f;

	for (i = 0; i < set->n; i++) {
		free(set->replies[i].file);
		free(set->replies[i].tz);
		for (f = 0; f < EF_NFIELDS; f++) {
			free(set->replies[i].want[f]);
			free(set->replies[i].date[f]);
		}
	}
	free(set->replies);
	free(set->dir);
	memset(set, 0, sizeof(*set));
}
