/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * token: the secret part of a reply address. 80 bits from the kernel's
 * CSPRNG, written as 16 characters of RFC 4648 base32 in lower case, so
 * it survives case-folding mail systems and never needs quoting in a
 * local part. Guessing one is hopeless; policyd also slows guessers down.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <sysexits.h>

#include "msg.h"
#include "token.h"

static const char token_alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";

void
token_base32(const unsigned char *in, size_t len, char *out)
{
	unsigned int acc = 0;
	int bits = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			*out++ = token_alphabet[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		*out++ = token_alphabet[(acc << (5 - bits)) & 31];
	*out = 0;
}

void
token_generate(char *out)
{
	unsigned char raw[TOKEN_LEN * 5 / 8];
	size_t got = 0;
	ssize_t n;

	while (got < sizeof(raw)) {
		n = getrandom(raw + got, sizeof(raw) - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			msg_fatal(EX_OSERR, "getrandom: %s", strerror(errno));
		got += (size_t)n;
	}
	token_base32(raw, sizeof(raw), out);
}

int
token_valid(const char *s, size_t len)
{
	size_t i;
	int c;

	if (len != TOKEN_LEN)
		return 0;
	for (i = 0; i < len; i++) {
		c = tolower((unsigned char)s[i]);
		if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7')))
			return 0;
	}
	return 1;
}
