#ifndef POSTREPLY_UTF8_H
#define POSTREPLY_UTF8_H

#include <stddef.h>

/*
 * A copy of s (len bytes) that PostgreSQL will accept as text: valid
 * UTF-8, no NUL bytes. Anything else becomes U+FFFD. Mail headers are
 * often not UTF-8, and a rejected INSERT would tempfail a reply forever.
 */
char *utf8_sanitize(const char *s, size_t len);

/* True when s (len bytes) is valid UTF-8 without NUL bytes. */
int utf8_valid(const char *s, size_t len);

#endif
