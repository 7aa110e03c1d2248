/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for reading/analysis.c: enumeration names, the JSON form of
 * an analysis, and the validation of untrusted JSON (a model's output):
 * every field present and of its type, enums exact, scores in range,
 * strings and lists bounded, valid UTF-8, timestamps ISO 8601 or null.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "utf8.h"

static const char *const fields[] = {"response_type",
				     "key_insights",
				     "sentiment",
				     "opportunity_score",
				     "follow_up_needed",
				     "product_interest",
				     "action_items",
				     "product_usage",
				     "monthly_volume",
				     "pain_points",
				     "unavailable",
				     "unavailable_until",
				     "requested_followup_at",
				     "not_interested",
				     "do_not_contact",
				     "meeting_booked",
				     NULL};

/* A valid model answer, as a json-c object to modify. */
static json_object *
valid(void)
{
	return json_tokener_parse(
	    "{\"response_type\": \"high_value\","
	    " \"key_insights\": \"Wants a demo.\","
	    " \"sentiment\": \"positive\","
	    " \"opportunity_score\": 4,"
	    " \"follow_up_needed\": true,"
	    " \"product_interest\": \"interested\","
	    " \"action_items\": [\"Send a demo\"],"
	    " \"product_usage\": null,"
	    " \"monthly_volume\": \"50,000 emails\","
	    " \"pain_points\": [],"
	    " \"unavailable\": false,"
	    " \"unavailable_until\": null,"
	    " \"requested_followup_at\": \"2026-12-01T09:00:00+01:00\","
	    " \"not_interested\": false,"
	    " \"do_not_contact\": false,"
	    " \"meeting_booked\": false}");
}

static char err[512];

/* Validate o (consumed); 0 or -1 as analysis_from_json. */
static int
validate(json_object *o, struct analysis *a)
{
	int rc;

	err[0] = 0;
	rc = analysis_from_json(o, a, err, sizeof(err));
	json_object_put(o);
	return rc;
}

/* o with key set to the JSON value v (consumed). */
static json_object *
with(const char *key, const char *v)
{
	json_object *o = valid();

	json_object_object_add(o, key, v ? json_tokener_parse(v) : NULL);
	return o;
}

static void
reject(json_object *o, const char *why)
{
	struct analysis a;

	assert_int_equal(validate(o, &a), -1);
	if (strstr(err, why) == NULL)
		fail_msg("error \"%s\" does not say \"%s\"", err, why);
	/* Freed and zeroed. */
	assert_null(a.key_insights);
	assert_null(a.action_items);
	assert_int_equal(a.opportunity_score, 0);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(analysis_response_type_name(RT_STANDARD),
			    "standard");
	assert_string_equal(analysis_response_type_name(RT_HIGH_VALUE),
			    "high_value");
	assert_string_equal(analysis_response_type_name(RT_NEEDS_ATTENTION),
			    "needs_attention");
	assert_string_equal(analysis_sentiment_name(SENT_POSITIVE), "positive");
	assert_string_equal(analysis_sentiment_name(SENT_NEUTRAL), "neutral");
	assert_string_equal(analysis_sentiment_name(SENT_NEGATIVE), "negative");
	assert_string_equal(analysis_interest_name(PI_NONE), "none");
	assert_string_equal(analysis_interest_name(PI_MENTIONED), "mentioned");
	assert_string_equal(analysis_interest_name(PI_INTERESTED),
			    "interested");
	assert_string_equal(analysis_interest_name(PI_VERY_INTERESTED),
			    "very_interested");
	/* Out of range is a bug, but never a crash. */
	assert_string_equal(analysis_response_type_name((enum response_type)9),
			    "standard");
}

static void
test_valid(void **state)
{
	struct analysis a;
	char t[32];

	(void)state;
	if (validate(valid(), &a) != 0)
		fail_msg("%s", err);
	assert_int_equal(a.response_type, RT_HIGH_VALUE);
	assert_string_equal(a.key_insights, "Wants a demo.");
	assert_int_equal(a.sentiment, SENT_POSITIVE);
	assert_int_equal(a.opportunity_score, 4);
	assert_true(a.follow_up_needed);
	assert_int_equal(a.product_interest, PI_INTERESTED);
	assert_int_equal(a.naction_items, 1);
	assert_string_equal(a.action_items[0], "Send a demo");
	assert_null(a.product_usage);
	assert_string_equal(a.monthly_volume, "50,000 emails");
	assert_int_equal(a.npain_points, 0);
	assert_int_equal(a.unavailable_until, 0);
	analysis_format_time(a.requested_followup_at, t, sizeof(t));
	assert_string_equal(t, "2026-12-01T08:00:00Z");
	assert_string_equal(a.backend, "builtin");
	assert_null(a.model);
	analysis_free(&a);
	analysis_free(&a); /* twice is harmless */
}

static void
test_round_trip(void **state)
{
	struct analysis a, b;
	json_object *o;
	char *first;

	(void)state;
	memset(&a, 0, sizeof(a));
	a.response_type = RT_NEEDS_ATTENTION;
	a.key_insights = strdup("Complaint: \"it\" doesn't work — à réparer.");
	a.sentiment = SENT_NEGATIVE;
	a.opportunity_score = 2;
	a.follow_up_needed = 1;
	a.product_interest = PI_MENTIONED;
	a.naction_items = 2;
	a.action_items = calloc(2, sizeof(char *));
	a.action_items[0] = strdup("Fix the login");
	a.action_items[1] = strdup("Rufen Sie mich an");
	a.npain_points = 1;
	a.pain_points = calloc(1, sizeof(char *));
	a.pain_points[0] = strdup("Login fails");
	a.product_usage = strdup("Newsletters");
	a.unavailable = 1;
	a.unavailable_until = 1795507200;
	a.requested_followup_at = 1796112000;
	a.meeting_booked = 0;
	a.evidence[SIG_UNAVAILABLE] = strdup("je suis absent « jusqu'au » 24");
	a.evidence[SIG_REQUESTED_FOLLOWUP] = strdup("rufen Sie mich an");
	strcpy(a.backend, "llm");
	a.model = strdup("llama3.1");

	o = analysis_to_json(&a);
	first = strdup(json_object_to_json_string(o));
	if (analysis_from_json(o, &b, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	json_object_put(o);
	o = analysis_to_json(&b);
	assert_string_equal(first, json_object_to_json_string(o));
	assert_string_equal(b.backend, "llm");
	assert_string_equal(b.model, "llama3.1");
	assert_int_equal(b.unavailable_until, 1795507200);
	assert_string_equal(b.evidence[SIG_UNAVAILABLE],
			    "je suis absent « jusqu'au » 24");
	assert_null(b.evidence[SIG_NOT_INTERESTED]);
	json_object_put(o);
	free(first);
	analysis_free(&a);
	analysis_free(&b);
}

static void
test_every_field_required(void **state)
{
	char why[64];

	(void)state;
	for (int i = 0; fields[i]; i++) {
		json_object *o = valid();

		json_object_object_del(o, fields[i]);
		snprintf(why, sizeof(why), "%s: missing", fields[i]);
		reject(o, why);
	}
}

static void
test_enums(void **state)
{
	(void)state;
	reject(with("response_type", "\"super_valuable\""), "response_type");
	reject(with("response_type", "\"High_Value\""), "response_type");
	reject(with("response_type", "\"high_value \""), "response_type");
	reject(with("response_type", "1"), "response_type: not a string");
	reject(with("sentiment", "\"happy\""), "sentiment");
	reject(with("sentiment", NULL), "sentiment: not a string");
	reject(with("product_interest", "\"very interested\""),
	       "product_interest");
	reject(with("product_interest", "\"\""), "product_interest");
	/* A NUL inside does not sneak past strcmp. */
	reject(with("sentiment", "\"positive\\u0000x\""), "sentiment");
}

static void
test_scores(void **state)
{
	struct analysis a;

	(void)state;
	reject(with("opportunity_score", "9"),
	       "opportunity_score: 9 is out of range 1..5");
	reject(with("opportunity_score", "0"), "out of range");
	reject(with("opportunity_score", "-3"), "out of range");
	reject(with("opportunity_score", "99999999999999"), "out of range");
	reject(with("opportunity_score", "4.5"), "opportunity_score");
	reject(with("opportunity_score", "\"4\""), "not an integer");
	reject(with("opportunity_score", "true"), "not an integer");
	reject(with("opportunity_score", NULL), "opportunity_score");
	/* 4.0 is an integer in JSON Schema. */
	assert_int_equal(validate(with("opportunity_score", "4.0"), &a), 0);
	assert_int_equal(a.opportunity_score, 4);
	analysis_free(&a);
	for (int s = 1; s <= 5; s++) {
		char v[4];

		snprintf(v, sizeof(v), "%d", s);
		assert_int_equal(validate(with("opportunity_score", v), &a), 0);
		assert_int_equal(a.opportunity_score, s);
		analysis_free(&a);
	}
}

static void
test_booleans(void **state)
{
	static const char *const bools[] = {
	    "follow_up_needed", "unavailable",    "not_interested",
	    "do_not_contact",   "meeting_booked", NULL};

	(void)state;
	for (int i = 0; bools[i]; i++) {
		reject(with(bools[i], "1"), "not a boolean");
		reject(with(bools[i], "\"true\""), "not a boolean");
		reject(with(bools[i], NULL), "not a boolean");
	}
}

static void
test_strings(void **state)
{
	struct analysis a;
	static char big[ANALYSIS_MAX_INSIGHTS + 16];
	static char v[ANALYSIS_MAX_INSIGHTS + 32];

	(void)state;
	memset(big, 'x', ANALYSIS_MAX_INSIGHTS + 1);
	big[ANALYSIS_MAX_INSIGHTS + 1] = 0;
	snprintf(v, ANALYSIS_MAX_INSIGHTS + 32, "\"%s\"", big);
	reject(with("key_insights", v), "key_insights: longer than 500");
	big[ANALYSIS_MAX_INSIGHTS] = 0;
	snprintf(v, ANALYSIS_MAX_INSIGHTS + 32, "\"%s\"", big);
	assert_int_equal(validate(with("key_insights", v), &a), 0);
	analysis_free(&a);
	reject(with("key_insights", NULL), "key_insights: null");
	reject(with("key_insights", "[]"), "key_insights: not a string");
	reject(with("key_insights", "\"a\\u0000b\""), "not valid UTF-8");
	reject(with("product_usage", "42"), "product_usage: not a string");
	reject(with("monthly_volume", "{}"), "monthly_volume: not a string");
	memset(big, '9', ANALYSIS_MAX_VOLUME + 1);
	big[ANALYSIS_MAX_VOLUME + 1] = 0;
	snprintf(v, ANALYSIS_MAX_INSIGHTS + 32, "\"%s\"", big);
	reject(with("monthly_volume", v), "monthly_volume: longer than");

	/* Trimmed; empty optional strings are null. */
	assert_int_equal(validate(with("product_usage", "\"  \\n \""), &a), 0);
	assert_null(a.product_usage);
	analysis_free(&a);
	assert_int_equal(
	    validate(with("key_insights", "\"  Wants a demo.\\n\""), &a), 0);
	assert_string_equal(a.key_insights, "Wants a demo.");
	analysis_free(&a);
	assert_int_equal(validate(with("key_insights", "\"\""), &a), 0);
	assert_string_equal(a.key_insights, "");
	analysis_free(&a);
}

static void
test_lists(void **state)
{
	struct analysis a;
	char v[4096];
	size_t n = 0;

	(void)state;
	n += (size_t)snprintf(v + n, sizeof(v) - n, "[");
	for (int i = 0; i <= ANALYSIS_MAX_ITEMS; i++)
		n += (size_t)snprintf(v + n, sizeof(v) - n, "%s\"item %d\"",
				      i ? "," : "", i);
	snprintf(v + n, sizeof(v) - n, "]");
	reject(with("action_items", v), "action_items: more than 10 items");
	reject(with("pain_points", v), "pain_points: more than 10 items");
	reject(with("action_items", "\"send it\""), "not an array");
	reject(with("action_items", NULL), "not an array");
	reject(with("pain_points", "[\"ok\", 3]"),
	       "pain_points[1]: not a string");
	reject(with("pain_points", "[[\"nested\"]]"), "not a string");
	memset(v, 0, sizeof(v));
	v[0] = '[';
	v[1] = '"';
	memset(v + 2, 'y', ANALYSIS_MAX_ITEM + 1);
	strcpy(v + 2 + ANALYSIS_MAX_ITEM + 1, "\"]");
	reject(with("action_items", v), "action_items[0]: longer than 200");
	/* Empty items are dropped. */
	assert_int_equal(
	    validate(with("action_items", "[\"\", \" Call back \", \"  \"]"),
		     &a),
	    0);
	assert_int_equal(a.naction_items, 1);
	assert_string_equal(a.action_items[0], "Call back");
	analysis_free(&a);
}

static void
test_times(void **state)
{
	static const struct {
		const char *v;
		const char *want; /* NULL: rejected */
	} cases[] = {
	    {"\"2026-12-01T09:00:00Z\"", "2026-12-01T09:00:00Z"},
	    {"\"2026-12-01T09:00:00+01:00\"", "2026-12-01T08:00:00Z"},
	    {"\"2026-12-01T09:00:00-0500\"", "2026-12-01T14:00:00Z"},
	    {"\"2026-12-01T09:00:00.123Z\"", "2026-12-01T09:00:00Z"},
	    {"\"2026-12-01T09:00Z\"", "2026-12-01T09:00:00Z"},
	    {"\"2026-12-01 09:00:00\"", "2026-12-01T09:00:00Z"},
	    {"\"2026-12-01\"", "2026-12-01T00:00:00Z"},
	    {"\"2028-02-29T00:00:00Z\"", "2028-02-29T00:00:00Z"},
	    {"\"2026-02-29T00:00:00Z\"", NULL},
	    {"\"2026-13-01T00:00:00Z\"", NULL},
	    {"\"2026-12-01T24:00:00Z\"", NULL},
	    {"\"2026-12-01T09:60:00Z\"", NULL},
	    {"\"2026-12-01T09:00:00+25:00\"", NULL},
	    {"\"2026-12-01T09:00:00Zjunk\"", NULL},
	    {"\"1969-12-31T23:00:00Z\"", NULL},
	    {"\"9999-12-31T23:59:59Z\"", "9999-12-31T23:59:59Z"},
	    {"\"9999-12-31T23:59:60Z\"", NULL},
	    {"\"9999-12-31T23:00:00-05:00\"", NULL},
	    {"\"next Tuesday\"", NULL},
	    {"\"\"", NULL},
	    {"1795507200", NULL},
	    {"true", NULL},
	};
	struct analysis a;
	char t[32];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = validate(with("unavailable_until", cases[i].v), &a);

		if (cases[i].want == NULL) {
			if (rc == 0)
				fail_msg("%s accepted", cases[i].v);
			assert_non_null(strstr(err, "unavailable_until"));
			continue;
		}
		if (rc != 0)
			fail_msg("%s: %s", cases[i].v, err);
		analysis_format_time(a.unavailable_until, t, sizeof(t));
		assert_string_equal(t, cases[i].want);
		analysis_free(&a);
	}
	reject(with("requested_followup_at", "\"soon\""),
	       "requested_followup_at");
}

static void
test_backend_and_unknown_keys(void **state)
{
	struct analysis a;

	(void)state;
	assert_int_equal(validate(with("backend", "\"llm\""), &a), 0);
	assert_string_equal(a.backend, "llm");
	analysis_free(&a);
	reject(with("backend", "\"root\""), "backend");
	reject(with("model", "7"), "model: not a string");
	/* Keys we do not know are ignored, never used. */
	assert_int_equal(
	    validate(with("sql", "\"'; DROP TABLE replies;--\""), &a), 0);
	analysis_free(&a);
}

static void
test_text(void **state)
{
	struct analysis a;
	json_object *o = valid();
	const char *s = json_object_to_json_string(o);
	char *deep = malloc(1000);
	size_t n = strlen(s);
	char *text = malloc(n + 64);

	(void)state;
	memcpy(text, s, n + 1);
	if (analysis_from_string(text, n, &a, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	analysis_free(&a);
	/* Not NUL-terminated: only len bytes are read. */
	memcpy(text + n, "garbage", 8);
	assert_int_equal(analysis_from_string(text, n, &a, err, sizeof(err)),
			 0);
	analysis_free(&a);
	/* Trailing white space is fine; anything else is not. */
	snprintf(text, n + 64, "%s \n", s);
	assert_int_equal(
	    analysis_from_string(text, strlen(text), &a, err, sizeof(err)), 0);
	analysis_free(&a);
	snprintf(text, n + 64, "%s {}", s);
	assert_int_equal(
	    analysis_from_string(text, strlen(text), &a, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "malformed JSON"));
	/* Cut in the middle. */
	assert_int_equal(
	    analysis_from_string(text, n / 2, &a, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "malformed JSON"));
	/* Not an object. */
	assert_int_equal(analysis_from_string("[1,2]", 5, &a, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "not a JSON object"));
	assert_int_equal(analysis_from_string("", 0, &a, err, sizeof(err)), -1);
	/* Deep nesting is refused by the tokener. */
	memset(deep, '[', 500);
	deep[500] = 0;
	assert_int_equal(analysis_from_string(deep, 500, &a, err, sizeof(err)),
			 -1);
	/* Invalid UTF-8 in the text. */
	memcpy(text, s, n + 1);
	memcpy(strstr(text, "Wants a demo."), "\xff\xfe", 2);
	assert_int_equal(
	    analysis_from_string(text, strlen(text), &a, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "malformed JSON"));
	/* Errors quote little of the input, and only printable bytes. */
	snprintf(text, n + 64, "{\"response_type\": \"%s\"}",
		 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\\n");
	assert_int_equal(
	    analysis_from_string(text, strlen(text), &a, err, sizeof(err)), -1);
	assert_true(strlen(err) < 100);
	assert_null(strchr(err, '\n'));
	json_object_put(o);
	free(text);
	free(deep);
}

/* An analysis stored before evidence reads back as it was stored. */
static void
test_evidence_older(void **state)
{
	json_object *o = valid();
	struct analysis a;

	(void)state;
	json_object_object_del(o, "evidence");
	json_object_object_add(o, "not_interested", json_object_new_boolean(1));
	if (analysis_from_json(o, &a, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_int_equal(a.not_interested, 1);
	for (int s = 0; s < SIG_COUNT; s++)
		assert_null(a.evidence[s]);
	analysis_free(&a);
	json_object_put(o);
}

static void
test_evidence_bad(void **state)
{
	static const char *const bad[] = {"3", "{\"not_interested\": true}",
					  "{\"unavailable\": [\"x\"]}", "\"x\"",
					  NULL};
	struct analysis a;

	(void)state;
	for (int i = 0; bad[i]; i++) {
		json_object *o = valid();

		json_object_object_add(o, "evidence",
				       json_tokener_parse(bad[i]));
		assert_int_equal(validate(o, &a), -1);
		assert_non_null(strstr(err, "evidence"));
	}
}

/* A signal acts only with words of the reply behind it. */
static void
test_evidence_require(void **state)
{
	static const char reply[] =
	    "I'm in meetings all day today,\n  can you come back\tto me "
	    "next Thursday?";
	struct analysis a;
	char names[160];

	(void)state;
	memset(&a, 0, sizeof(a));
	a.unavailable = 1;
	a.requested_followup_at = 1796112000;
	a.do_not_contact = 1;
	a.not_interested = 1;
	a.response_type = RT_HIGH_VALUE;
	a.evidence[SIG_UNAVAILABLE] = strdup("in meetings all day");
	/* White space differs: the same words. */
	a.evidence[SIG_REQUESTED_FOLLOWUP] =
	    strdup("can you come back to  me next Thursday");
	/* Invented by a model. */
	a.evidence[SIG_DO_NOT_CONTACT] = strdup("stop emailing me");
	/* For a signal that is not set: dropped, nothing to show. */
	a.evidence[SIG_MEETING_BOOKED] = strdup("next Thursday");
	assert_int_equal(evidence_require(&a, reply, names, sizeof(names)), 3);
	assert_string_equal(names,
			    "not_interested, do_not_contact, response_type");
	assert_int_equal(a.unavailable, 1);
	assert_int_equal(a.requested_followup_at, 1796112000);
	assert_int_equal(a.do_not_contact, 0);
	assert_int_equal(a.not_interested, 0);
	assert_int_equal(a.response_type, RT_STANDARD);
	assert_null(a.evidence[SIG_DO_NOT_CONTACT]);
	assert_null(a.evidence[SIG_MEETING_BOOKED]);
	/* Presence only, as the analyzer checks before it acts. */
	free(a.evidence[SIG_UNAVAILABLE]);
	a.evidence[SIG_UNAVAILABLE] = NULL;
	a.unavailable_until = 1796112000;
	assert_int_equal(evidence_require(&a, NULL, names, sizeof(names)), 1);
	assert_string_equal(names, "unavailable");
	assert_int_equal(a.unavailable, 0);
	assert_int_equal(a.unavailable_until, 0);
	assert_true(evidence_in_text("back to me", reply));
	assert_false(evidence_in_text("", reply));
	assert_false(evidence_in_text("come back to you", reply));
	analysis_free(&a);
}

/* Long quotes are cut at a character, and still found in the reply. */
static void
test_evidence_cut(void **state)
{
	char *reply = malloc(1000), *text;
	json_object *o = valid(), *ev = json_object_new_object();
	struct analysis a;

	(void)state;
	for (int i = 0; i < 499; i++)
		memcpy(reply + 2 * i, "é", 2);
	reply[998] = 0;
	json_object_object_add(ev, "response_type",
			       json_object_new_string(reply));
	json_object_object_add(o, "evidence", ev);
	text = strdup(json_object_to_json_string(o));
	if (analysis_from_string(text, strlen(text), &a, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_int_equal(strlen(a.evidence[SIG_RESPONSE_TYPE]),
			 ANALYSIS_MAX_EVIDENCE);
	assert_true(
	    utf8_valid(a.evidence[SIG_RESPONSE_TYPE], ANALYSIS_MAX_EVIDENCE));
	/* valid() asks for a follow-up without saying why. */
	assert_int_equal(evidence_require(&a, reply, NULL, 0), 1);
	assert_int_equal(a.requested_followup_at, 0);
	assert_int_equal(a.response_type, RT_HIGH_VALUE);
	analysis_free(&a);
	json_object_put(o);
	free(text);
	free(reply);
}

static void
test_schema(void **state)
{
	json_object *s = analysis_schema(), *req, *props, *v;
	size_t n;

	(void)state;
	assert_true(json_object_object_get_ex(s, "required", &req));
	assert_true(json_object_object_get_ex(s, "properties", &props));
	n = json_object_array_length(req);
	assert_int_equal(n, 17);
	for (int i = 0; fields[i]; i++) {
		int found = 0;

		for (size_t k = 0; k < n; k++)
			if (strcmp(json_object_get_string(
				       json_object_array_get_idx(req, k)),
				   fields[i]) == 0)
				found = 1;
		assert_true(found);
		assert_true(json_object_object_get_ex(props, fields[i], &v));
	}
	assert_true(json_object_object_get_ex(s, "additionalProperties", &v));
	assert_false(json_object_get_boolean(v));
	json_object_put(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_valid),
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_evidence_older),
	    cmocka_unit_test(test_evidence_bad),
	    cmocka_unit_test(test_evidence_require),
	    cmocka_unit_test(test_evidence_cut),
	    cmocka_unit_test(test_every_field_required),
	    cmocka_unit_test(test_enums),
	    cmocka_unit_test(test_scores),
	    cmocka_unit_test(test_booleans),
	    cmocka_unit_test(test_strings),
	    cmocka_unit_test(test_lists),
	    cmocka_unit_test(test_times),
	    cmocka_unit_test(test_backend_and_unknown_keys),
	    cmocka_unit_test(test_text),
	    cmocka_unit_test(test_schema),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
