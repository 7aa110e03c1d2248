/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_extract: libFuzzer target for reading a whole message
 * (reading/extract.c with GMime, HTML, charsets, bounces). Any bytes go
 * to extract_message; every string must be valid UTF-8, the language one
 * of the known names, and a bounce status of the form d.d.d.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "utf8.h"

static void
check(const char *s)
{
	if (s == NULL || !utf8_valid(s, strlen(s)))
		abort();
}

static void
check_status(const char *st)
{
	size_t i, dots = 0;

	if (st == NULL)
		return;
	check(st);
	for (i = 0; st[i]; i++) {
		if (st[i] == '.')
			dots++;
		else if (st[i] < '0' || st[i] > '9')
			abort();
	}
	if (dots != 2 || (st[0] != '2' && st[0] != '4' && st[0] != '5'))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const langs[] = {"en", "fr", "de", "es",
					    "nl", "it", "pt", "unknown"};
	struct extract ex;
	size_t i;
	int known = 0;

	extract_message((const char *)data, size, &ex);
	check(ex.reply_text);
	check(ex.signature);
	check(ex.quoted_text);
	check(ex.subject);
	check(ex.from);
	check(ex.from_addr);
	check(ex.language);
	for (i = 0; i < sizeof langs / sizeof langs[0]; i++)
		known |= strcmp(ex.language, langs[i]) == 0;
	if (!known)
		abort();
	if (ex.bounce_recipient)
		check(ex.bounce_recipient);
	check_status(ex.bounce_status);
	if (ex.auto_reply && ex.bounce)
		abort();
	extract_free(&ex);
	return 0;
}
