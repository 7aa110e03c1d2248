/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * utf8: the one UTF-8 codec of the tree (reading/ calls it too), and
 * arbitrary bytes made safe to store as PostgreSQL text. Decoding follows
 * RFC 3629: overlong forms, surrogates and code points above U+10FFFF are
 * invalid. In utf8_sanitize() each invalid byte becomes one U+FFFD.
 * No GLib here: util/ is for programs that do not link it.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"
#include "xmalloc.h"

size_t
utf8_decode(const char *str, size_t left, unsigned *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned int v;
	size_t n, i;

	if (left == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, v = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, v = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, v = s[0] & 0x07;
	else
		return 0;
	if (n > left)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && (v < 0x800 || (v >= 0xd800 && v <= 0xdfff))) ||
	    (n == 4 && (v < 0x10000 || v > 0x10ffff)))
		return 0;
	*cp = v;
	return n;
}

size_t
utf8_encode(unsigned cp, char out[UTF8_MAX])
{
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Length of the valid sequence at s, or 0; a NUL byte is not valid text. */
static size_t
utf8_seqlen(const unsigned char *s, size_t left)
{
	unsigned cp;
	size_t n = utf8_decode((const char *)s, left, &cp);

	return n > 0 && cp != 0 ? n : 0;
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

/* C0 and C1 controls and DEL: what a terminal or a log reader may obey. */
static int
utf8_control(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

int
utf8_check(const char *s, size_t len, char *why, size_t whylen)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, off;
	unsigned cp;

	for (off = 0; off < len; off += n) {
		if ((n = utf8_decode(s + off, len - off, &cp)) == 0) {
			snprintf(why, whylen,
				 "byte 0x%02X at offset %zu is not UTF-8",
				 p[off], off);
			return -1;
		}
		if (utf8_control(cp)) {
			snprintf(why, whylen,
				 "control character U+%04X at offset %zu", cp,
				 off);
			return -1;
		}
	}
	return 0;
}

void
utf8_printable(const char *s, char *out, size_t outlen)
{
	size_t len = strlen(s), off, n, k, used = 0;
	unsigned cp;

	if (outlen == 0)
		return;
	for (off = 0; off < len; off += n) {
		n = utf8_decode(s + off, len - off, &cp);
		if (n == 0 || utf8_control(cp)) {
			/* Every byte of it, as \xHH. */
			n = n ? n : 1;
			for (k = 0; k < n && used + 4 < outlen; k++)
				used += (size_t)snprintf(
				    out + used, outlen - used, "\\x%02X",
				    (unsigned char)s[off + k]);
			if (k < n)
				break;
		} else {
			if (used + n >= outlen)
				break;
			memcpy(out + used, s + off, n);
			used += n;
		}
	}
	out[used] = 0;
}

char *
utf8_copy(const char *s, size_t len)
{
	return utf8_valid(s, len) ? xstrndup(s, len) : utf8_sanitize(s, len);
}

size_t
utf8_cut(const char *str, size_t len, size_t max)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = len < max ? len : max, lead = n, need;
	unsigned char c;

	/* Back over the continuation bytes of the last sequence kept. */
	while (lead > 0 && n - lead < UTF8_MAX - 1 &&
	       (s[lead - 1] & 0xc0) == 0x80)
		lead--;
	if (lead == 0)
		return n; /* stray continuation bytes: nothing to complete */
	c = s[lead - 1];
	need = c >= 0xf8   ? 1
	       : c >= 0xf0 ? 4
	       : c >= 0xe0 ? 3
	       : c >= 0xc0 ? 2
			   : 1;
	return n - (lead - 1) < need ? lead - 1 : n;
}
