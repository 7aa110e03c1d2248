/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_UTF8_H
#define POSTREPLY_UTF8_H

#include <stddef.h>

#define UTF8_MAX 4 /* bytes of the longest sequence */

/*
 * Decode the code point at s (left bytes): its length (1..4), with *cp
 * set; 0 when the bytes there are no valid RFC 3629 sequence (a stray or
 * invalid byte, a sequence cut short, an overlong form, a surrogate, above
 * U+10FFFF) or left is 0. U+0000 is a code point like any other.
 */
size_t utf8_decode(const char *s, size_t left, unsigned *cp);

/*
 * Encode cp into out: its length. A surrogate or a value above U+10FFFF,
 * which no UTF-8 may hold, is written as U+FFFD.
 */
size_t utf8_encode(unsigned cp, char out[UTF8_MAX]);

/*
 * A copy of s (len bytes) that PostgreSQL will accept as text: valid
 * UTF-8, no NUL bytes. Anything else becomes U+FFFD. Mail headers are
 * often not UTF-8, and a rejected INSERT would tempfail a reply forever.
 */
char *utf8_sanitize(const char *s, size_t len);

/* True when s (len bytes) is valid UTF-8 without NUL bytes. */
int utf8_valid(const char *s, size_t len);

/*
 * Text that may go from the MTA into the database and the log as it is:
 * valid UTF-8 without control characters (C0, DEL, C1). 0, or -1 with
 * what was wrong and where in why.
 */
int utf8_check(const char *s, size_t len, char *why, size_t whylen);
/*
 * s as a log line may show it: bytes that are not UTF-8 and control
 * characters written as \xHH, the rest as it is; cut to fit outlen.
 */
void utf8_printable(const char *s, char *out, size_t outlen);
/*
 * utf8_sanitize with a fast path for text that is already fine: a copy
 * of s (len bytes) as valid UTF-8 without NUL bytes.
 */
char *utf8_copy(const char *s, size_t len);

/*
 * Where to cut s (len bytes) to keep at most max bytes without splitting
 * a character: the length of that prefix. A sequence the cut (or the end
 * of s) leaves incomplete is dropped whole; other invalid bytes are left
 * for utf8_sanitize. The one way the tree shortens text to a size.
 */
size_t utf8_cut(const char *s, size_t len, size_t max);

#endif
