/*
 * utf8: make arbitrary bytes safe to store as PostgreSQL text. Decoding
 * follows RFC 3629: overlong forms, surrogates and code points above
 * U+10FFFF are invalid. Each invalid byte becomes one U+FFFD.
 */
#include <string.h>

#include "buf.h"
#include "utf8.h"

/* Length of the valid UTF-8 sequence at s, or 0 if it is not valid. */
static size_t
utf8_seqlen(const unsigned char *s, size_t left)
{
	unsigned int cp;
	size_t n, i;

	if (s[0] >= 0x01 && s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n > left)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

char *
utf8_sanitize(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	struct buf out;
	size_t n;

	buf_init(&out);
	buf_append(&out, "", 0);
	while (len > 0) {
		if ((n = utf8_seqlen(p, len)) == 0) {
			buf_puts(&out, "\xef\xbf\xbd");
			n = 1;
		} else {
			buf_append(&out, p, n);
		}
		p += n;
		len -= n;
	}
	return out.data;
}

int
utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	while (len > 0) {
		if ((n = utf8_seqlen(p, len)) == 0)
			return 0;
		p += n;
		len -= n;
	}
	return 1;
}
