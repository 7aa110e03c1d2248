/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_parts_json: libFuzzer target for the analyzer's reading of a split
 * message from the reading process (reading/partsjson.c). The reading
 * process is where hostile mail is parsed, so what it sends back is
 * untrusted: any bytes go to parts_from_json. A refusal must say why; an
 * accepted message must hold what parts.h promises (every string valid
 * UTF-8 without NUL, never NULL) and survive a round trip through
 * parts_json unchanged.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parts.h"
#include "utf8.h"

#define FUZZ_MAX (1024 * 1024)

static void
fuzz_parts_string(const char *s)
{
	if (s == NULL || !utf8_valid(s, strlen(s)))
		abort();
}

static void
fuzz_parts_list(const struct parts_list *l)
{
	fuzz_parts_string(l->text);
	for (size_t i = 0; i < l->n; i++) {
		fuzz_parts_string(l->v[i].name);
		fuzz_parts_string(l->v[i].addr);
	}
}

static void
fuzz_parts_check(const struct parts *p)
{
	fuzz_parts_string(p->subject);
	fuzz_parts_string(p->date);
	fuzz_parts_string(p->message_id);
	fuzz_parts_string(p->text);
	fuzz_parts_string(p->html);
	fuzz_parts_list(&p->from);
	fuzz_parts_list(&p->to);
	fuzz_parts_list(&p->cc);
	fuzz_parts_list(&p->reply_to);
	for (size_t i = 0; i < p->nheaders; i++) {
		fuzz_parts_string(p->headers[i].name);
		fuzz_parts_string(p->headers[i].value);
	}
	for (size_t i = 0; i < p->natt; i++) {
		fuzz_parts_string(p->att[i].filename);
		fuzz_parts_string(p->att[i].content_type);
		fuzz_parts_string(p->att[i].content_id);
		if (p->att[i].len > 0 && p->att[i].data == NULL)
			abort();
	}
}

/* p as JSON text, malloc'd. */
static char *
fuzz_parts_text(const struct parts *p, int rc)
{
	json_object *o = parts_json(p, rc);
	char *s =
	    strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));

	json_object_put(o);
	if (s == NULL)
		abort();
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parts p, q;
	char why[256], why2[256];
	char *first, *second;
	int r, r2;

	why[0] = 0;
	r = parts_from_json((const char *)data, size, FUZZ_MAX, &p, why,
			    sizeof(why));
	if (r < 0) {
		if (why[0] == 0)
			abort();
		return 0;
	}
	fuzz_parts_check(&p);
	first = fuzz_parts_text(&p, r == 0 ? 0 : -1);
	r2 = parts_from_json(first, strlen(first), FUZZ_MAX, &q, why2,
			     sizeof(why2));
	if (r2 != r)
		abort();
	second = fuzz_parts_text(&q, r2 == 0 ? 0 : -1);
	if (strcmp(first, second) != 0)
		abort();
	free(first);
	free(second);
	parts_free(&p);
	parts_free(&q);
	return 0;
}
