/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * text: what the readers of mail do to UTF-8 text before they match
 * words in it, at the level of bytes: fold capitals to lower case
 * without changing the length (ASCII, Latin-1 and Cyrillic capitals),
 * and find white space, NBSP included. Pure; no allocation.
 */
#include "text.h"

size_t
text_lower(char *dst, size_t cap, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, o = 0;

	if (cap == 0)
		return 0;
	for (i = 0; i < len && o + 1 < cap; i++) {
		unsigned char c = p[i];

		if (c >= 'A' && c <= 'Z') {
			dst[o++] = (char)(c + 32);
		} else if (c == 0xc3 && i + 1 < len && p[i + 1] >= 0x80 &&
			   p[i + 1] <= 0x9e && p[i + 1] != 0x97) {
			if (o + 2 >= cap)
				break;
			dst[o++] = (char)c;
			dst[o++] = (char)(p[++i] + 0x20);
		} else if (c == 0xd0 && i + 1 < len && p[i + 1] >= 0x80 &&
			   p[i + 1] <= 0xaf) {
			/* Ё and А..П, Р..Я: the same length in lower case */
			unsigned char d = p[++i];

			if (o + 2 >= cap)
				break;
			dst[o++] = (char)(d < 0x90 || d >= 0xa0 ? 0xd1 : 0xd0);
			dst[o++] = (char)(d < 0x90   ? d + 0x10
					  : d < 0xa0 ? d + 0x20
						     : d - 0x20);
		} else {
			dst[o++] = (char)c;
		}
	}
	dst[o] = 0;
	return o;
}

size_t
text_space_len(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;

	if (len >= 1 && (p[0] == ' ' || p[0] == '\t' || p[0] == '\f' ||
			 p[0] == '\v' || p[0] == '\r'))
		return 1;
	if (len >= 2 && p[0] == 0xc2 && p[1] == 0xa0)
		return 2;
	return 0;
}

void
text_trim(const char **s, size_t *len)
{
	size_t n;

	while (*len > 0 && (n = text_space_len(*s, *len)) > 0) {
		*s += n;
		*len -= n;
	}
	for (;;) {
		if (*len >= 1 && text_space_len(*s + *len - 1, 1) == 1)
			*len -= 1;
		else if (*len >= 2 && text_space_len(*s + *len - 2, 2) == 2)
			*len -= 2;
		else
			break;
	}
}
