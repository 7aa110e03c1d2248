/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_analysis_json: libFuzzer target for the validation of a model's
 * output (reading/analysis.c). Any bytes go to analysis_from_string, as
 * choices[0].message.content does. A refusal must say why; an accepted
 * analysis must hold what the validator promises (enums known, score in
 * 1..5, bounded valid UTF-8 strings and lists) and survive a round trip
 * through analysis_to_json unchanged.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "utf8.h"

static void
check_string(const char *s, size_t max)
{
	if (s == NULL)
		return;
	if (strlen(s) > max || !utf8_valid(s, strlen(s)))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct analysis a, b;
	char err[256], err2[256];
	json_object *o, *o2;
	char *first;

	err[0] = 0;
	if (analysis_from_string((const char *)data, size, &a, err,
				 sizeof(err)) != 0) {
		if (err[0] == 0 || a.key_insights != NULL || a.model != NULL)
			abort();
		return 0;
	}
	if ((unsigned)a.response_type > RT_NEEDS_ATTENTION ||
	    (unsigned)a.sentiment > SENT_NEGATIVE ||
	    (unsigned)a.product_interest > PI_VERY_INTERESTED ||
	    a.opportunity_score < 1 || a.opportunity_score > 5 ||
	    a.key_insights == NULL || a.naction_items > ANALYSIS_MAX_ITEMS ||
	    a.npain_points > ANALYSIS_MAX_ITEMS)
		abort();
	check_string(a.key_insights, ANALYSIS_MAX_INSIGHTS);
	check_string(a.product_usage, ANALYSIS_MAX_USAGE);
	check_string(a.monthly_volume, ANALYSIS_MAX_VOLUME);
	for (size_t i = 0; i < a.naction_items; i++)
		check_string(a.action_items[i], ANALYSIS_MAX_ITEM);
	for (size_t i = 0; i < a.npain_points; i++)
		check_string(a.pain_points[i], ANALYSIS_MAX_ITEM);

	o = analysis_to_json(&a);
	first = strdup(json_object_to_json_string(o));
	if (first == NULL || analysis_from_string(first, strlen(first), &b,
						  err2, sizeof(err2)) != 0) {
		fprintf(stderr, "round trip refused: %s\n", err2);
		abort();
	}
	o2 = analysis_to_json(&b);
	if (strcmp(first, json_object_to_json_string(o2)) != 0)
		abort();
	json_object_put(o);
	json_object_put(o2);
	free(first);
	analysis_free(&a);
	analysis_free(&b);
	return 0;
}
