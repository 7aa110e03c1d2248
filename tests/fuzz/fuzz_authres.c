/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_authres: libFuzzer target for the Authentication-Results reader.
 * Input: the header value, trusted for the authserv-ids "mx.example.com"
 * and "x". Checks that a header counts only when its first word is
 * trusted, and that what it vouches for is bounded and only lower-case
 * domain names.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../milter/authres.h"

static void
check_domain(const char *d)
{
	const char *p;

	if (*d == 0)
		abort();
	for (p = d; *p; p++)
		if (isupper((unsigned char)*p) ||
		    (!isalnum((unsigned char)*p) && strchr(".-_", *p) == NULL))
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct authres ar = {{0}, 0};
	char *value = malloc(size + 1);
	size_t i;
	int trusted;

	if (value == NULL)
		abort();
	memcpy(value, data, size);
	value[size] = 0;
	trusted = authres_parse(&ar, value, "mx.example.com, x");
	if (!trusted && ar.n != 0)
		abort();
	if (authres_parse(&ar, value, "") != 0)
		abort();
	if (ar.n > AUTHRES_MAX_DOMAINS)
		abort();
	for (i = 0; i < ar.n; i++)
		check_domain(ar.domains[i]);
	authres_free(&ar);
	free(value);
	return 0;
}
