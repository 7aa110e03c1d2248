/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_trim: libFuzzer target for the reply trimmer (reading/trim.c).
 * Any bytes, as a C string, go to trim_split; the three results must be
 * valid UTF-8, trimmed at both ends, and no bigger than the input can make
 * them (each invalid byte may become a 3-byte U+FFFD; pieces are joined
 * with at most one blank line).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "utf8.h"

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void
check(const char *s, size_t limit)
{
	size_t n = strlen(s);

	if (!utf8_valid(s, n) || n > limit)
		abort();
	if (n > 0 && (is_ws(s[0]) || is_ws(s[n - 1])))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *r, *s, *q;
	size_t limit = 5 * size + 16;

	if (text == NULL)
		abort();
	memcpy(text, data, size);
	text[size] = 0;
	trim_split(text, &r, &s, &q);
	check(r, limit);
	check(s, limit);
	check(q, limit);
	free(r);
	free(s);
	free(q);
	free(text);
	return 0;
}
