/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * random: secrets (session ids, sign-in links, CSRF tokens) from the
 * kernel's random source. getrandom blocks only until the pool is first
 * seeded, early in boot; a failure after that is a broken system, and
 * going on without randomness would hand out guessable secrets.
 */
#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <sysexits.h>

#include "msg.h"
#include "random.h"

void
random_bytes(unsigned char *buf, size_t n)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = getrandom(buf + got, n - got, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			msg_fatal(EX_OSERR, "getrandom: %s", strerror(errno));
		got += (size_t)r;
	}
}

void
random_hex(char *out, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char raw[RANDOM_HEX_MAX];
	size_t i;

	if (n > sizeof(raw))
		msg_panic("random_hex: %zu bytes asked for", n);
	random_bytes(raw, n);
	for (i = 0; i < n; i++) {
		out[2 * i] = digits[raw[i] >> 4];
		out[2 * i + 1] = digits[raw[i] & 15];
	}
	out[2 * n] = 0;
}
