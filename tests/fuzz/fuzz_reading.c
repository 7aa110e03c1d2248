/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_reading: libFuzzer target for the whole reading path of a message,
 * as a reading process runs it and its worker takes it back: the bounds
 * (shape.c), MIME, HTML, trimming, bounces, the built-in analysis, the
 * report's JSON (report_json) and its strict parsing by the worker
 * (report_parse). Whatever the bytes, the worker must accept the report,
 * and get back the very text and analysis the process made.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../analyzer/reader.h"
#include "report.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct shape_limits lim = {
	    SHAPE_MAX_PARTS, SHAPE_MAX_DEPTH, SHAPE_MAX_HEADERS,
	    SHAPE_MAX_ADDRESS_HEADER};
	struct reader_input in = {(const char *)data,
				  size,
				  NULL,
				  (time_t)1764000000,
				  "Europe/Paris",
				  size > 0 && data[0] == 'A',
				  size > 0 && data[0] == 'B'};
	struct extract ex;
	struct analysis a;
	json_object *o, *back;
	const char *text;
	char err[256];

	o = reader_report(&in, &lim);
	text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	if (report_parse(text, strlen(text), &ex, &a, err, sizeof(err)) != 0) {
		fprintf(stderr, "the worker refused the report: %s\n", err);
		abort();
	}
	back = report_json(&ex, &a);
	if (strcmp(text, json_object_to_json_string_ext(
			     back, JSON_C_TO_STRING_PLAIN)) != 0) {
		fprintf(stderr, "the report changed on its way back\n");
		abort();
	}
	json_object_put(back);
	json_object_put(o);
	extract_free(&ex);
	analysis_free(&a);
	return 0;
}
