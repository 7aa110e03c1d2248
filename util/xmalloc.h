/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_XMALLOC_H
#define POSTREPLY_XMALLOC_H

#include <stddef.h>

/* These never return NULL: running out of memory ends the program. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
