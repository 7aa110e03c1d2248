/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_builtin: libFuzzer target for the built-in analyzer (tokenizer,
 * lexicon, dates, volumes). Input layout: one byte of flags (bit 0:
 * auto-reply; bits 1-2: the time zone), four bytes moving the received
 * time, then the reply text. Whatever the text, the analysis must be one
 * that analysis_from_json accepts (the daemon stores it and a model's
 * answer must meet the same bar), and the same text must give the same
 * analysis again.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"

static const char *const zones[] = {"Europe/Paris", "America/New_York",
				    "Australia/Sydney", "UTC"};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct analysis a, b, c;
	struct analysis_input in;
	json_object *o, *o2;
	char *text, err[256];
	uint32_t shift;

	if (size < 5)
		return 0;
	memcpy(&shift, data + 1, 4);
	text = malloc(size - 5 + 1);
	if (text == NULL)
		abort();
	memcpy(text, data + 5, size - 5);
	text[size - 5] = 0;
	memset(&in, 0, sizeof(in));
	in.text = text;
	in.subject = "Re: hello";
	in.language = "unknown";
	in.auto_reply = data[0] & 1;
	in.tz = zones[(data[0] >> 1) & 3];
	/* Between 2001 and 2137. */
	in.received_at = (time_t)1000000000 + (time_t)shift;

	builtin_analyze(&in, &a);
	o = analysis_to_json(&a);
	if (analysis_from_json(o, &b, err, sizeof(err)) != 0) {
		fprintf(stderr, "builtin output refused: %s\n", err);
		abort();
	}
	builtin_analyze(&in, &c);
	o2 = analysis_to_json(&c);
	if (strcmp(json_object_to_json_string(o),
		   json_object_to_json_string(o2)) != 0)
		abort();
	json_object_put(o);
	json_object_put(o2);
	analysis_free(&a);
	analysis_free(&b);
	analysis_free(&c);
	free(text);
	return 0;
}
