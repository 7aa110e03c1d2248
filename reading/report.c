/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * report: the reading of a message and its analysis as JSON (report.h).
 * One format for two readers: a person running "postreply-analyzer -t",
 * and the worker that receives it from a reading process. The worker
 * parses it as strictly as an LLM's answer: a reading process that went
 * wrong may write anything, and what it writes goes into the database.
 */
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "utf8.h"
#include "xmalloc.h"

static json_object *
report_string(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *
report_bounce(const struct extract *ex)
{
	json_object *b = json_object_new_object();

	json_object_object_add(b, "recipient",
			       report_string(ex->bounce_recipient));
	json_object_object_add(b, "status", report_string(ex->bounce_status));
	json_object_object_add(b, "permanent",
			       json_object_new_boolean(ex->bounce_permanent));
	return b;
}

json_object *
report_json(const struct extract *ex, const struct analysis *a)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "reply_text",
			       json_object_new_string(ex->reply_text));
	json_object_object_add(o, "signature",
			       json_object_new_string(ex->signature));
	json_object_object_add(o, "quoted_text",
			       json_object_new_string(ex->quoted_text));
	json_object_object_add(o, "subject",
			       json_object_new_string(ex->subject));
	json_object_object_add(o, "from", json_object_new_string(ex->from));
	json_object_object_add(o, "from_addr",
			       json_object_new_string(ex->from_addr));
	json_object_object_add(o, "auto_reply",
			       json_object_new_boolean(ex->auto_reply));
	json_object_object_add(o, "bounce",
			       json_object_new_boolean(ex->bounce));
	if (ex->bounce)
		json_object_object_add(o, "bounce_detail", report_bounce(ex));
	json_object_object_add(o, "language",
			       json_object_new_string(ex->language));
	json_object_object_add(o, "degraded", report_string(ex->degraded));
	json_object_object_add(o, "analysis", analysis_to_json(a));
	return o;
}

static int
report_fail(char *err, size_t errlen, const char *what, const char *key)
{
	snprintf(err, errlen, "%s: %s", key, what);
	return -1;
}

/*
 * A string member into *out: required (never NULL) or not (JSON null
 * allowed), valid UTF-8 without NUL bytes, as the database needs it.
 */
static int
report_get(json_object *o, const char *key, int required, char **out, char *err,
	   size_t errlen)
{
	json_object *v = NULL;
	const char *s;
	int len;

	*out = NULL;
	if (!json_object_object_get_ex(o, key, &v) || v == NULL) {
		if (!required)
			return 0;
		return report_fail(err, errlen, "missing", key);
	}
	if (!json_object_is_type(v, json_type_string))
		return report_fail(err, errlen, "not a string", key);
	s = json_object_get_string(v);
	len = json_object_get_string_len(v);
	if (!utf8_valid(s, (size_t)len))
		return report_fail(err, errlen, "not UTF-8, or a NUL byte",
				   key);
	*out = xstrndup(s, (size_t)len);
	return 0;
}

static int
report_bool(json_object *o, const char *key, int *out, char *err, size_t errlen)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_boolean))
		return report_fail(err, errlen, "missing, or not a boolean",
				   key);
	*out = json_object_get_boolean(v);
	return 0;
}

static int
report_parse_bounce(json_object *o, struct extract *ex, char *err,
		    size_t errlen)
{
	json_object *b = NULL;

	if (!ex->bounce)
		return 0;
	if (!json_object_object_get_ex(o, "bounce_detail", &b) ||
	    !json_object_is_type(b, json_type_object))
		return report_fail(err, errlen, "missing", "bounce_detail");
	return report_get(b, "recipient", 0, &ex->bounce_recipient, err,
			  errlen) ||
	       report_get(b, "status", 0, &ex->bounce_status, err, errlen) ||
	       report_bool(b, "permanent", &ex->bounce_permanent, err, errlen);
}

/*
 * A few words of printable ASCII, as the reading process's own reasons
 * and codes are: they go into logs and onto the timeline.
 */
static int
report_short(const char *s, size_t max, const char *key, char *err,
	     size_t errlen)
{
	size_t n;

	if (s == NULL)
		return 0;
	for (n = 0; s[n]; n++)
		if (n >= max || s[n] < ' ' || s[n] > '~')
			return report_fail(err, errlen,
					   "too long, or not plain text", key);
	return 0;
}

static int
report_parse_object(json_object *o, struct extract *ex, struct analysis *a,
		    char *err, size_t errlen)
{
	json_object *an = NULL;

	if (!json_object_is_type(o, json_type_object))
		return report_fail(err, errlen, "not an object", "report");
	if (report_get(o, "reply_text", 1, &ex->reply_text, err, errlen) ||
	    report_get(o, "signature", 1, &ex->signature, err, errlen) ||
	    report_get(o, "quoted_text", 1, &ex->quoted_text, err, errlen) ||
	    report_get(o, "subject", 1, &ex->subject, err, errlen) ||
	    report_get(o, "from", 1, &ex->from, err, errlen) ||
	    report_get(o, "from_addr", 1, &ex->from_addr, err, errlen) ||
	    report_get(o, "language", 1, &ex->language, err, errlen) ||
	    report_get(o, "degraded", 0, &ex->degraded, err, errlen) ||
	    report_bool(o, "auto_reply", &ex->auto_reply, err, errlen) ||
	    report_bool(o, "bounce", &ex->bounce, err, errlen) ||
	    report_parse_bounce(o, ex, err, errlen))
		return -1;
	if (report_short(ex->language, 16, "language", err, errlen) ||
	    report_short(ex->degraded, REPORT_MAX_WHY, "degraded", err, errlen))
		return -1;
	if (!json_object_object_get_ex(o, "analysis", &an))
		return report_fail(err, errlen, "missing", "analysis");
	return analysis_from_json(an, a, err, errlen);
}

int
report_parse(const char *text, size_t len, struct extract *ex,
	     struct analysis *a, char *err, size_t errlen)
{
	json_object *o;
	int rc;

	memset(ex, 0, sizeof(*ex));
	memset(a, 0, sizeof(*a));
	o = analysis_parse_json_max(text, len, REPORT_MAX_JSON,
				    ANALYSIS_MAX_JSON_DEPTH, err, errlen);
	if (o == NULL)
		return -1;
	rc = report_parse_object(o, ex, a, err, errlen);
	json_object_put(o);
	if (rc < 0) {
		extract_free(ex);
		analysis_free(a);
	}
	return rc;
}
