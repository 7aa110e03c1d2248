/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_REPORT_H
#define POSTREPLY_REPORT_H

#include <json-c/json.h>
#include <stddef.h>

#include "analysis.h"
#include "extract.h"

/*
 * What the reading of a message found (struct extract) and what the
 * analysis made of it, as one JSON object: what "postreply-analyzer -t"
 * prints, and what a reading process returns to its worker.
 */
json_object *report_json(const struct extract *ex, const struct analysis *a);

/*
 * The reverse, for the worker: text (len bytes) from a reading process
 * is not trusted further than an LLM's answer: strict JSON, every string
 * valid UTF-8 and bounded, the analysis through analysis_from_json. 0, or
 * -1 with why in err (ex and a are then empty).
 */
int report_parse(const char *text, size_t len, struct extract *ex,
		 struct analysis *a, char *err, size_t errlen);

/* The longest report_parse accepts: three texts of a reply and change. */
#define REPORT_MAX_JSON (16 * 1024 * 1024)
#define REPORT_MAX_WHY 128 /* bytes of "degraded": why read as text */

#endif
