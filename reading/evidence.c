/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * evidence: why an analysis's acting signals say what they say. Each
 * signal that can act (unavailable, a requested follow-up, not
 * interested, do not contact, a booked meeting, a response type that
 * alerts) carries a quote of the reply it came from, so a salesperson
 * sees why, and a signal without one does not act.
 *
 * Contract. evidence_require() is the one rule: both backends pass
 * through it (the built-in one against its own text, the LLM one
 * against the reply it was sent, as a model may invent a quote), and
 * the analyzer again before it acts (presence only). Clearing a signal
 * sets it to what "not said" means: false, no time, response type
 * standard. Quotes are valid UTF-8 without NUL, white space collapsed,
 * cut at a character boundary to ANALYSIS_MAX_EVIDENCE bytes (a prefix of
 * a part of the text is still a part of it). In JSON they are the object
 * "evidence", keyed by evidence_signal_name(); analyses stored before it
 * existed have none, and read back as they were stored.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "msg.h"
#include "utf8.h"
#include "xmalloc.h"

static const char *const evidence_names[SIG_COUNT] = {
    "unavailable",    "requested_followup_at", "not_interested",
    "do_not_contact", "meeting_booked",        "response_type"};

const char *
evidence_signal_name(enum analysis_signal s)
{
	return (unsigned)s < SIG_COUNT ? evidence_names[s] : "";
}

int
evidence_active(const struct analysis *a, enum analysis_signal s)
{
	switch (s) {
	case SIG_UNAVAILABLE:
		return a->unavailable || a->unavailable_until != 0;
	case SIG_REQUESTED_FOLLOWUP:
		return a->requested_followup_at != 0;
	case SIG_NOT_INTERESTED:
		return a->not_interested;
	case SIG_DO_NOT_CONTACT:
		return a->do_not_contact;
	case SIG_MEETING_BOOKED:
		return a->meeting_booked;
	case SIG_RESPONSE_TYPE:
		return a->response_type != RT_STANDARD;
	default:
		return 0;
	}
}

static void
evidence_clear(struct analysis *a, enum analysis_signal s)
{
	switch (s) {
	case SIG_UNAVAILABLE:
		a->unavailable = 0;
		a->unavailable_until = 0;
		break;
	case SIG_REQUESTED_FOLLOWUP:
		a->requested_followup_at = 0;
		break;
	case SIG_NOT_INTERESTED:
		a->not_interested = 0;
		break;
	case SIG_DO_NOT_CONTACT:
		a->do_not_contact = 0;
		break;
	case SIG_MEETING_BOOKED:
		a->meeting_booked = 0;
		break;
	default:
		a->response_type = RT_STANDARD;
		break;
	}
}

/* A copy of s (len bytes) with runs of white space made one space. */
static char *
evidence_collapse(const char *s, size_t len, size_t max)
{
	char *out = xmalloc(len + 1), *o = out;
	int space = 0;

	for (size_t i = 0; i < len; i++) {
		if (isspace((unsigned char)s[i])) {
			space = o > out;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = 0;
		*o++ = s[i];
	}
	*o = 0;
	out[utf8_cut(out, (size_t)(o - out), max)] = 0;
	return out;
}

int
evidence_in_text(const char *quote, const char *text)
{
	char *q, *t;
	int found;

	if (quote == NULL || text == NULL)
		return 0;
	q = evidence_collapse(quote, strlen(quote), strlen(quote));
	t = evidence_collapse(text, strlen(text), strlen(text));
	found = q[0] != 0 && strstr(t, q) != NULL;
	free(q);
	free(t);
	return found;
}

int
evidence_require(struct analysis *a, const char *text, char *names,
		 size_t nameslen)
{
	int n = 0;
	size_t used = 0;

	if (nameslen > 0)
		names[0] = 0;
	for (int s = 0; s < SIG_COUNT; s++) {
		int active = evidence_active(a, (enum analysis_signal)s);
		int ok =
		    a->evidence[s] != NULL &&
		    (text == NULL || evidence_in_text(a->evidence[s], text));

		if (active && ok)
			continue;
		free(a->evidence[s]);
		a->evidence[s] = NULL;
		if (!active)
			continue;
		evidence_clear(a, (enum analysis_signal)s);
		if (used < nameslen)
			used += (size_t)snprintf(names + used, nameslen - used,
						 "%s%s", n ? ", " : "",
						 evidence_names[s]);
		n++;
	}
	return n;
}

json_object *
evidence_to_json(const struct analysis *a)
{
	json_object *o = json_object_new_object();

	for (int s = 0; s < SIG_COUNT; s++)
		if (a->evidence[s] != NULL)
			json_object_object_add(
			    o, evidence_names[s],
			    json_object_new_string(a->evidence[s]));
	return o;
}

int
evidence_from_json(json_object *obj, struct analysis *a, char *err,
		   size_t errlen)
{
	json_object *ev, *v;

	if (!json_object_object_get_ex(obj, "evidence", &ev) || ev == NULL)
		return 0;
	if (!json_object_is_type(ev, json_type_object))
		return msg_err(err, errlen, "evidence: not an object");
	for (int s = 0; s < SIG_COUNT; s++) {
		const char *str;
		size_t len;

		if (!json_object_object_get_ex(ev, evidence_names[s], &v) ||
		    v == NULL)
			continue;
		if (!json_object_is_type(v, json_type_string))
			return msg_err(err, errlen,
				       "evidence.%s: not a string or null",
				       evidence_names[s]);
		str = json_object_get_string(v);
		len = (size_t)json_object_get_string_len(v);
		if (!utf8_valid(str, len))
			return msg_err(err, errlen,
				       "evidence.%s: not valid UTF-8 text",
				       evidence_names[s]);
		a->evidence[s] =
		    evidence_collapse(str, len, ANALYSIS_MAX_EVIDENCE);
		if (a->evidence[s][0] == 0) {
			free(a->evidence[s]);
			a->evidence[s] = NULL;
		}
	}
	return 0;
}

json_object *
evidence_schema(void)
{
	json_object *p = json_object_new_object();
	json_object *props = json_object_new_object();
	json_object *req = json_object_new_array();

	for (int s = 0; s < SIG_COUNT; s++) {
		json_object *e = json_object_new_object();
		json_object *t = json_object_new_array();

		json_object_array_add(t, json_object_new_string("string"));
		json_object_array_add(t, json_object_new_string("null"));
		json_object_object_add(e, "type", t);
		json_object_object_add(
		    e, "description",
		    json_object_new_string(
			"the exact words of the reply (copied, at most 200 "
			"bytes) that show this field, or null when it is "
			"false, null or standard"));
		json_object_object_add(props, evidence_names[s], e);
		json_object_array_add(
		    req, json_object_new_string(evidence_names[s]));
	}
	json_object_object_add(p, "type", json_object_new_string("object"));
	json_object_object_add(
	    p, "description",
	    json_object_new_string("for each acting field, the words of the "
				   "reply it comes from"));
	json_object_object_add(p, "properties", props);
	json_object_object_add(p, "required", req);
	json_object_object_add(p, "additionalProperties",
			       json_object_new_boolean(0));
	return p;
}

void
evidence_free(struct analysis *a)
{
	for (int s = 0; s < SIG_COUNT; s++) {
		free(a->evidence[s]);
		a->evidence[s] = NULL;
	}
}
