/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_TEXT_H
#define POSTREPLY_TEXT_H

#include <stddef.h>

/*
 * Lower-case copy of s (len bytes) into dst (cap bytes, NUL-terminated,
 * truncated to fit): ASCII letters, the Latin-1 capitals (À..Þ) and the
 * Cyrillic ones (А..Я, Ё) in UTF-8; the length never changes. Returns the
 * length written. For matching phrases, not display.
 */
size_t text_lower(char *dst, size_t cap, const char *s, size_t len);

/* White space (space, tab, NBSP, ...) at s: its length, or 0. */
size_t text_space_len(const char *s, size_t len);

/* Move *s and shorten *len past white space at both ends. */
void text_trim(const char **s, size_t *len);

#endif
