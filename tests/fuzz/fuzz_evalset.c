/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_evalset: libFuzzer target for the labels.json of a labelled
 * directory (analyzer/evalset.c), which postreply-analyzer --eval reads
 * from wherever a user points it. Any bytes go to evalset_from_text. A
 * refusal must say why; an accepted set must hold what the scorer relies
 * on: file names inside the directory, enumerations and booleans as the
 * format names them, days as YYYY-MM-DD, a signal with a day set to
 * true, and a time zone for every reply.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../analyzer/evalset.h"

static void
check_reply(const struct evalset_reply *r)
{
	const struct evalset_field_def *def;
	size_t i;
	int f, known;

	if (r->file == NULL || *r->file == 0 || *r->file == '.' ||
	    strchr(r->file, '/') || r->tz == NULL)
		abort();
	for (f = 0; f < EF_NFIELDS; f++) {
		def = &evalset_fields[f];
		if (r->date[f] &&
		    (strlen(r->date[f]) != 10 || r->want[f] == NULL ||
		     strcmp(r->want[f], "true") != 0))
			abort();
		if (r->want[f] == NULL)
			continue;
		if (def->kind == EK_BOOL || def->kind == EK_SIGNAL)
			known = strcmp(r->want[f], "true") == 0 ||
				strcmp(r->want[f], "false") == 0;
		else if (def->kind == EK_ENUM)
			for (i = 0, known = 0; def->values[i]; i++)
				known |=
				    strcmp(r->want[f], def->values[i]) == 0;
		else
			known = 1;
		if (!known)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct evalset set;
	char err[512] = "";
	size_t i;

	if (evalset_from_text((const char *)data, size, &set, err,
			      sizeof(err)) < 0) {
		if (err[0] == 0)
			abort();
	} else {
		for (i = 0; i < set.n; i++)
			check_reply(&set.replies[i]);
	}
	evalset_free(&set);
	return 0;
}
