/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * analysis: the record both backends produce, and its JSON form.
 *
 * Contract. analysis_to_json() writes issue 5's field names, timestamps as
 * ISO 8601 in UTC or null, and what it writes analysis_from_json() reads
 * back to an equal record. analysis_from_json() is the only door for
 * untrusted JSON (a model's output): every field the schema lists must be
 * there with the right type; enumerations must be one of their names
 * exactly; opportunity_score must be an integer in 1..5 (rejected, not
 * clamped: a model that says 9 has not understood the task, and we would
 * rather retry or fall back than guess); strings must be valid UTF-8
 * without NUL bytes and within the ANALYSIS_MAX_* lengths; arrays hold at
 * most ANALYSIS_MAX_ITEMS strings. Surrounding white space is trimmed and
 * empty array items are dropped; empty product_usage/monthly_volume become
 * null. Keys it does not know are ignored (a strict schema forbids them,
 * but local models add some; they are never used). On error the record is
 * left freed and zeroed, and err says which field and why without quoting
 * more than a few bytes of the input. "evidence" is optional here (older
 * stored analyses have none); whether a model's evidence is in the reply
 * is evidence_require()'s to say (evidence.c). Nothing here executes, formats
 * or splices input anywhere: values are copied into plain C strings.
 */
#include <ctype.h>
#include <glib.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis.h"
#include "msg.h"
#include "utf8.h"
#include "xmalloc.h"

static const char *const rt_names[] = {"standard", "high_value",
				       "needs_attention"};
static const char *const sent_names[] = {"positive", "neutral", "negative"};
static const char *const pi_names[] = {"none", "mentioned", "interested",
				       "very_interested"};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const char *
analysis_response_type_name(enum response_type t)
{
	return (unsigned)t < NELEM(rt_names) ? rt_names[t] : "standard";
}

const char *
analysis_sentiment_name(enum sentiment s)
{
	return (unsigned)s < NELEM(sent_names) ? sent_names[s] : "neutral";
}

const char *
analysis_interest_name(enum interest i)
{
	return (unsigned)i < NELEM(pi_names) ? pi_names[i] : "none";
}

static void
analysis_free_list(char **items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(items[i]);
	free(items);
}

void
analysis_free(struct analysis *a)
{
	if (a == NULL)
		return;
	free(a->key_insights);
	analysis_free_list(a->action_items, a->naction_items);
	free(a->product_usage);
	free(a->monthly_volume);
	analysis_free_list(a->pain_points, a->npain_points);
	evidence_free(a);
	free(a->model);
	memset(a, 0, sizeof(*a));
}

/* Times */

void
analysis_format_time(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, len, "1970-01-01T00:00:00Z");
}

/* Exactly n decimal digits at s, into *out. */
static int
analysis_digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/*
 * Not g_date_time_new_from_iso8601(): it refuses a bare date and a time
 * without seconds, which models write, takes ordinal and week dates,
 * which they do not mean, and reads second 60 as 59.
 */
int
analysis_parse_time(const char *s, time_t *out)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0, sign = 0;
	struct tm tm;
	time_t t;

	if (analysis_digits(s, 4, &y) || s[4] != '-' ||
	    analysis_digits(s + 5, 2, &mo) || s[7] != '-' ||
	    analysis_digits(s + 8, 2, &d))
		return -1;
	s += 10;
	if (y < 1970 || y > 9999 || !g_date_valid_dmy(d, mo, y))
		return -1;
	if (*s == 'T' || *s == 't' || *s == ' ') {
		if (analysis_digits(s + 1, 2, &h) || s[3] != ':' ||
		    analysis_digits(s + 4, 2, &mi))
			return -1;
		s += 6;
		if (*s == ':') {
			if (analysis_digits(s + 1, 2, &sec))
				return -1;
			s += 3;
			if (*s == '.' || *s == ',') {
				s++;
				if (!isdigit((unsigned char)*s))
					return -1;
				while (isdigit((unsigned char)*s))
					s++;
			}
		}
		if (h > 23 || mi > 59 || sec > 60)
			return -1;
		if (*s == 'Z' || *s == 'z') {
			s++;
		} else if (*s == '+' || *s == '-') {
			sign = *s == '+' ? 1 : -1;
			if (analysis_digits(s + 1, 2, &oh))
				return -1;
			s += 3;
			if (*s == ':')
				s++;
			if (isdigit((unsigned char)*s)) {
				if (analysis_digits(s, 2, &om))
					return -1;
				s += 2;
			}
			if (oh > 23 || om > 59)
				return -1;
		}
	}
	if (*s != 0)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = timegm(&tm);
	if (t == (time_t)-1)
		return -1;
	t -= (time_t)sign * (oh * 3600 + om * 60);
	/*
	 * A leap second or an offset can carry the last day of 9999 into
	 * year 10000, which we would then write and not read back.
	 */
	if (t < 0 || t > ANALYSIS_TIME_MAX)
		return -1;
	*out = t;
	return 0;
}

/* To JSON */

static json_object *
analysis_string_or_null(const char *s)
{
	return s != NULL ? json_object_new_string(s) : NULL;
}

static json_object *
analysis_time_or_null(time_t t)
{
	char buf[32];

	if (t == 0)
		return NULL;
	analysis_format_time(t, buf, sizeof(buf));
	return json_object_new_string(buf);
}

static json_object *
analysis_string_array(char **items, size_t n)
{
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		json_object_array_add(arr, json_object_new_string(items[i]));
	return arr;
}

json_object *
analysis_to_json(const struct analysis *a)
{
	json_object *o = json_object_new_object();

#define ADD(k, v) json_object_object_add(o, k, v)
	ADD("response_type", json_object_new_string(analysis_response_type_name(
				 a->response_type)));
	ADD("key_insights",
	    json_object_new_string(a->key_insights ? a->key_insights : ""));
	ADD("sentiment",
	    json_object_new_string(analysis_sentiment_name(a->sentiment)));
	ADD("opportunity_score", json_object_new_int(a->opportunity_score));
	ADD("follow_up_needed", json_object_new_boolean(a->follow_up_needed));
	ADD("product_interest", json_object_new_string(analysis_interest_name(
				    a->product_interest)));
	ADD("action_items",
	    analysis_string_array(a->action_items, a->naction_items));
	ADD("product_usage", analysis_string_or_null(a->product_usage));
	ADD("monthly_volume", analysis_string_or_null(a->monthly_volume));
	ADD("pain_points",
	    analysis_string_array(a->pain_points, a->npain_points));
	ADD("unavailable", json_object_new_boolean(a->unavailable));
	ADD("unavailable_until", analysis_time_or_null(a->unavailable_until));
	ADD("requested_followup_at",
	    analysis_time_or_null(a->requested_followup_at));
	ADD("not_interested", json_object_new_boolean(a->not_interested));
	ADD("do_not_contact", json_object_new_boolean(a->do_not_contact));
	ADD("meeting_booked", json_object_new_boolean(a->meeting_booked));
	ADD("evidence", evidence_to_json(a));
	ADD("backend",
	    json_object_new_string(a->backend[0] ? a->backend : "builtin"));
	ADD("model", analysis_string_or_null(a->model));
#undef ADD
	return o;
}

/* From JSON: validation of untrusted input */

/* A short, printable excerpt of untrusted text for an error message. */
static void
analysis_excerpt(const char *s, char *buf, size_t len)
{
	size_t j = 0;

	for (size_t i = 0; s[i] != 0 && j + 4 < len && i < 24; i++)
		buf[j++] =
		    (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"') ? s[i] : '?';
	if (strlen(s) > 24 && j + 4 < len) {
		memcpy(buf + j, "...", 3);
		j += 3;
	}
	buf[j] = 0;
}

static json_object *
analysis_member(json_object *obj, const char *key)
{
	json_object *v = NULL;

	json_object_object_get_ex(obj, key, &v);
	return v;
}

static int
analysis_get_enum(json_object *obj, const char *key, const char *const *names,
		  size_t n, int *out, char *err, size_t errlen)
{
	json_object *v;
	const char *s;
	char ex[40];

	if (!json_object_object_get_ex(obj, key, &v))
		return msg_err(err, errlen, "%s: missing", key);
	if (!json_object_is_type(v, json_type_string))
		return msg_err(err, errlen, "%s: not a string", key);
	s = json_object_get_string(v);
	if (strlen(s) == (size_t)json_object_get_string_len(v))
		for (size_t i = 0; i < n; i++)
			if (strcmp(s, names[i]) == 0) {
				*out = (int)i;
				return 0;
			}
	analysis_excerpt(s, ex, sizeof(ex));
	return msg_err(err, errlen, "%s: \"%s\" is not a known value", key, ex);
}

static int
analysis_get_bool(json_object *obj, const char *key, int *out, char *err,
		  size_t errlen)
{
	json_object *v;

	if (!json_object_object_get_ex(obj, key, &v))
		return msg_err(err, errlen, "%s: missing", key);
	if (!json_object_is_type(v, json_type_boolean))
		return msg_err(err, errlen, "%s: not a boolean", key);
	*out = json_object_get_boolean(v) ? 1 : 0;
	return 0;
}

/*
 * A trimmed copy of the JSON string v, at most max bytes of valid UTF-8
 * without NUL; *out is NULL for an empty string.
 */
static int
analysis_copy_string(json_object *v, const char *key, size_t max, char **out,
		     char *err, size_t errlen)
{
	const char *s;
	size_t len;

	if (!json_object_is_type(v, json_type_string))
		return msg_err(err, errlen, "%s: not a string", key);
	s = json_object_get_string(v);
	len = (size_t)json_object_get_string_len(v);
	if (!utf8_valid(s, len))
		return msg_err(err, errlen, "%s: not valid UTF-8 text", key);
	while (len > 0 && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	if (len > max)
		return msg_err(err, errlen, "%s: longer than %zu bytes", key,
			       max);
	*out = len > 0 ? xstrndup(s, len) : NULL;
	return 0;
}

static int
analysis_get_string(json_object *obj, const char *key, int nullable, size_t max,
		    char **out, char *err, size_t errlen)
{
	json_object *v;

	*out = NULL;
	if (!json_object_object_get_ex(obj, key, &v))
		return msg_err(err, errlen, "%s: missing", key);
	if (v == NULL) {
		if (nullable)
			return 0;
		return msg_err(err, errlen, "%s: null", key);
	}
	return analysis_copy_string(v, key, max, out, err, errlen);
}

static int
analysis_get_list(json_object *obj, const char *key, char ***out, size_t *nout,
		  char *err, size_t errlen)
{
	json_object *v;
	size_t n;
	char name[48];

	if (!json_object_object_get_ex(obj, key, &v))
		return msg_err(err, errlen, "%s: missing", key);
	if (!json_object_is_type(v, json_type_array))
		return msg_err(err, errlen, "%s: not an array", key);
	n = json_object_array_length(v);
	if (n > ANALYSIS_MAX_ITEMS)
		return msg_err(err, errlen, "%s: more than %d items", key,
			       ANALYSIS_MAX_ITEMS);
	*out = xcalloc(n > 0 ? n : 1, sizeof(char *));
	*nout = 0;
	for (size_t i = 0; i < n; i++) {
		char *s;

		snprintf(name, sizeof(name), "%s[%zu]", key, i);
		if (analysis_copy_string(json_object_array_get_idx(v, i), name,
					 ANALYSIS_MAX_ITEM, &s, err,
					 errlen) != 0)
			return -1;
		if (s != NULL)
			(*out)[(*nout)++] = s;
	}
	return 0;
}

static int
analysis_get_time(json_object *obj, const char *key, time_t *out, char *err,
		  size_t errlen)
{
	json_object *v;
	char ex[40];

	*out = 0;
	if (!json_object_object_get_ex(obj, key, &v))
		return msg_err(err, errlen, "%s: missing", key);
	if (v == NULL)
		return 0;
	if (!json_object_is_type(v, json_type_string))
		return msg_err(err, errlen, "%s: not a string or null", key);
	if ((size_t)json_object_get_string_len(v) > 40 ||
	    analysis_parse_time(json_object_get_string(v), out) != 0) {
		analysis_excerpt(json_object_get_string(v), ex, sizeof(ex));
		return msg_err(err, errlen,
			       "%s: \"%s\" is not an ISO 8601 time", key, ex);
	}
	return 0;
}

static int
analysis_get_score(json_object *obj, int *out, char *err, size_t errlen)
{
	json_object *v = analysis_member(obj, "opportunity_score");
	double d;

	if (v == NULL)
		return msg_err(err, errlen, "opportunity_score: missing");
	if (json_object_is_type(v, json_type_int)) {
		int64_t i = json_object_get_int64(v);

		if (i < 1 || i > 5)
			return msg_err(
			    err, errlen,
			    "opportunity_score: %lld is out of range "
			    "1..5",
			    (long long)i);
		*out = (int)i;
		return 0;
	}
	if (json_object_is_type(v, json_type_double)) {
		/* 4.0 is an integer in JSON Schema; 4.5 is not. */
		d = json_object_get_double(v);
		if (d >= 1 && d <= 5 && d == (double)(int)d) {
			*out = (int)d;
			return 0;
		}
		return msg_err(err, errlen,
			       "opportunity_score: not an integer in 1..5");
	}
	return msg_err(err, errlen, "opportunity_score: not an integer");
}

static int
analysis_fill(json_object *obj, struct analysis *a, char *err, size_t errlen)
{
	int v;
	json_object *b;

	if (!json_object_is_type(obj, json_type_object))
		return msg_err(err, errlen, "not a JSON object");
	if (analysis_get_enum(obj, "response_type", rt_names, NELEM(rt_names),
			      &v, err, errlen))
		return -1;
	a->response_type = (enum response_type)v;
	if (analysis_get_string(obj, "key_insights", 0, ANALYSIS_MAX_INSIGHTS,
				&a->key_insights, err, errlen))
		return -1;
	if (a->key_insights == NULL)
		a->key_insights = xstrdup("");
	if (analysis_get_enum(obj, "sentiment", sent_names, NELEM(sent_names),
			      &v, err, errlen))
		return -1;
	a->sentiment = (enum sentiment)v;
	if (analysis_get_score(obj, &a->opportunity_score, err, errlen) ||
	    analysis_get_bool(obj, "follow_up_needed", &a->follow_up_needed,
			      err, errlen))
		return -1;
	if (analysis_get_enum(obj, "product_interest", pi_names,
			      NELEM(pi_names), &v, err, errlen))
		return -1;
	a->product_interest = (enum interest)v;
	if (analysis_get_list(obj, "action_items", &a->action_items,
			      &a->naction_items, err, errlen) ||
	    analysis_get_string(obj, "product_usage", 1, ANALYSIS_MAX_USAGE,
				&a->product_usage, err, errlen) ||
	    analysis_get_string(obj, "monthly_volume", 1, ANALYSIS_MAX_VOLUME,
				&a->monthly_volume, err, errlen) ||
	    analysis_get_list(obj, "pain_points", &a->pain_points,
			      &a->npain_points, err, errlen) ||
	    analysis_get_bool(obj, "unavailable", &a->unavailable, err,
			      errlen) ||
	    analysis_get_time(obj, "unavailable_until", &a->unavailable_until,
			      err, errlen) ||
	    analysis_get_time(obj, "requested_followup_at",
			      &a->requested_followup_at, err, errlen) ||
	    analysis_get_bool(obj, "not_interested", &a->not_interested, err,
			      errlen) ||
	    analysis_get_bool(obj, "do_not_contact", &a->do_not_contact, err,
			      errlen) ||
	    analysis_get_bool(obj, "meeting_booked", &a->meeting_booked, err,
			      errlen) ||
	    evidence_from_json(obj, a, err, errlen))
		return -1;
	/* Optional: who produced it, as analysis_to_json writes it. */
	strcpy(a->backend, "builtin");
	if ((b = analysis_member(obj, "backend")) != NULL) {
		const char *s = json_object_get_string(b);

		if (!json_object_is_type(b, json_type_string) ||
		    (strcmp(s, "builtin") != 0 && strcmp(s, "llm") != 0))
			return msg_err(err, errlen,
				       "backend: not builtin or llm");
		strcpy(a->backend, s);
	}
	if (json_object_object_get_ex(obj, "model", &b) && b != NULL &&
	    analysis_copy_string(b, "model", 100, &a->model, err, errlen))
		return -1;
	return 0;
}

int
analysis_from_json(json_object *obj, struct analysis *out, char *err,
		   size_t errlen)
{
	memset(out, 0, sizeof(*out));
	if (analysis_fill(obj, out, err, errlen) != 0) {
		analysis_free(out);
		return -1;
	}
	return 0;
}

json_object *
analysis_parse_json(const char *text, size_t len, int depth, char *err,
		    size_t errlen)
{
	return analysis_parse_json_max(text, len, ANALYSIS_MAX_JSON, depth, err,
				       errlen);
}

json_object *
analysis_parse_json_max(const char *text, size_t len, size_t max, int depth,
			char *err, size_t errlen)
{
	json_tokener *tok;
	json_object *obj;
	enum json_tokener_error jerr;

	if (len > max || len > INT_MAX) {
		msg_err(err, errlen, "JSON longer than %zu bytes", max);
		return NULL;
	}
	tok = json_tokener_new_ex(depth);
	if (tok == NULL) {
		msg_err(err, errlen, "out of memory");
		return NULL;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
					JSON_TOKENER_VALIDATE_UTF8);
	obj = json_tokener_parse_ex(tok, text, (int)len);
	jerr = json_tokener_get_error(tok);
	if (obj != NULL && jerr == json_tokener_success &&
	    json_tokener_get_parse_end(tok) < len) {
		/* Trailing bytes: only white space may follow the value. */
		for (size_t i = json_tokener_get_parse_end(tok); i < len; i++)
			if (!isspace((unsigned char)text[i])) {
				jerr = json_tokener_error_parse_unexpected;
				break;
			}
	}
	if (obj == NULL || jerr != json_tokener_success) {
		if (jerr == json_tokener_continue)
			msg_err(err, errlen, "malformed JSON: truncated");
		else
			msg_err(err, errlen, "malformed JSON: %s",
				json_tokener_error_desc(jerr));
		json_object_put(obj);
		obj = NULL;
	}
	json_tokener_free(tok);
	return obj;
}

int
analysis_from_string(const char *text, size_t len, struct analysis *out,
		     char *err, size_t errlen)
{
	json_object *obj;
	int rc;

	memset(out, 0, sizeof(*out));
	obj = analysis_parse_json(text, len, ANALYSIS_MAX_JSON_DEPTH, err,
				  errlen);
	if (obj == NULL)
		return -1;
	rc = analysis_from_json(obj, out, err, errlen);
	json_object_put(obj);
	return rc;
}

/* The schema sent to the model */

static json_object *
analysis_enum_prop(const char *const *names, size_t n, const char *desc)
{
	json_object *p = json_object_new_object();
	json_object *e = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		json_object_array_add(e, json_object_new_string(names[i]));
	json_object_object_add(p, "type", json_object_new_string("string"));
	json_object_object_add(p, "enum", e);
	json_object_object_add(p, "description", json_object_new_string(desc));
	return p;
}

static json_object *
analysis_typed_prop(const char *type, int nullable, const char *desc)
{
	json_object *p = json_object_new_object();

	if (nullable) {
		json_object *t = json_object_new_array();

		json_object_array_add(t, json_object_new_string(type));
		json_object_array_add(t, json_object_new_string("null"));
		json_object_object_add(p, "type", t);
	} else {
		json_object_object_add(p, "type", json_object_new_string(type));
	}
	json_object_object_add(p, "description", json_object_new_string(desc));
	return p;
}

static json_object *
analysis_list_prop(const char *desc)
{
	json_object *p = analysis_typed_prop("array", 0, desc);

	json_object_object_add(p, "items",
			       analysis_typed_prop("string", 0, desc));
	json_object_object_add(p, "maxItems",
			       json_object_new_int(ANALYSIS_MAX_ITEMS));
	return p;
}

json_object *
analysis_schema(void)
{
	json_object *s = json_object_new_object();
	json_object *props = json_object_new_object();
	json_object *req = json_object_new_array();
	json_object *p;
	struct json_object_iterator it, end;

	json_object_object_add(
	    props, "response_type",
	    analysis_enum_prop(rt_names, NELEM(rt_names),
			       "high_value for a real sales "
			       "opportunity, needs_attention for a "
			       "complaint or anything urgent, else "
			       "standard"));
	json_object_object_add(
	    props, "key_insights",
	    analysis_typed_prop(
		"string", 0,
		"one or two short English sentences, at most 500 "
		"bytes"));
	json_object_object_add(props, "sentiment",
			       analysis_enum_prop(sent_names, NELEM(sent_names),
						  "the customer's tone"));
	p = analysis_typed_prop("integer", 0,
				"1 = no opportunity .. 5 = ready to buy");
	json_object_object_add(p, "minimum", json_object_new_int(1));
	json_object_object_add(p, "maximum", json_object_new_int(5));
	json_object_object_add(props, "opportunity_score", p);
	json_object_object_add(
	    props, "follow_up_needed",
	    analysis_typed_prop("boolean", 0, "someone should answer or act"));
	json_object_object_add(
	    props, "product_interest",
	    analysis_enum_prop(pi_names, NELEM(pi_names),
			       "interest in the product offered"));
	json_object_object_add(
	    props, "action_items",
	    analysis_list_prop(
		"what the customer asks us to do, each at most 200 "
		"bytes"));
	json_object_object_add(
	    props, "product_usage",
	    analysis_typed_prop(
		"string", 1,
		"how the customer uses or would use such a product, "
		"at most 300 bytes; null if not stated"));
	json_object_object_add(
	    props, "monthly_volume",
	    analysis_typed_prop(
		"string", 1,
		"emails sent per month, e.g. \"50,000 emails\"; null "
		"if not stated"));
	json_object_object_add(
	    props, "pain_points",
	    analysis_list_prop(
		"problems or complaints the customer states, each at "
		"most 200 bytes"));
	json_object_object_add(
	    props, "unavailable",
	    analysis_typed_prop(
		"boolean", 0,
		"the customer is away, busy, in a meeting, driving"));
	p = analysis_typed_prop(
	    "string", 1,
	    "ISO 8601 date-time until which the customer is "
	    "unavailable, or null");
	json_object_object_add(p, "format",
			       json_object_new_string("date-time"));
	json_object_object_add(props, "unavailable_until", p);
	p = analysis_typed_prop(
	    "string", 1,
	    "ISO 8601 date-time at or after which the customer "
	    "asked to be contacted, or null");
	json_object_object_add(p, "format",
			       json_object_new_string("date-time"));
	json_object_object_add(props, "requested_followup_at", p);
	json_object_object_add(
	    props, "not_interested",
	    analysis_typed_prop("boolean", 0,
				"the customer declines the offer"));
	json_object_object_add(
	    props, "do_not_contact",
	    analysis_typed_prop(
		"boolean", 0,
		"the customer asks not to be contacted any more"));
	json_object_object_add(
	    props, "meeting_booked",
	    analysis_typed_prop("boolean", 0, "a meeting or call is agreed"));
	json_object_object_add(props, "evidence", evidence_schema());

	it = json_object_iter_begin(props);
	end = json_object_iter_end(props);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it))
		json_object_array_add(
		    req,
		    json_object_new_string(json_object_iter_peek_name(&it)));
	json_object_object_add(s, "type", json_object_new_string("object"));
	json_object_object_add(s, "properties", props);
	json_object_object_add(s, "required", req);
	json_object_object_add(s, "additionalProperties",
			       json_object_new_boolean(0));
	return s;
}
