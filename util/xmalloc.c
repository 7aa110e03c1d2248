/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * xmalloc: memory allocation that never returns NULL to the caller. Out of
 * memory is not something a mail filter can handle sensibly half-way
 * through a message, so it ends the program loudly; Postfix retries the
 * message through milter_default_action.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "msg.h"
#include "xmalloc.h"

static void *
xmalloc_check(void *p, size_t size)
{
	if (p == NULL)
		msg_fatal(EX_OSERR, "out of memory allocating %zu bytes", size);
	return p;
}

void *
xmalloc(size_t size)
{
	return xmalloc_check(malloc(size ? size : 1), size);
}

void *
xcalloc(size_t n, size_t size)
{
	return xmalloc_check(calloc(n ? n : 1, size ? size : 1), n * size);
}

void *
xrealloc(void *ptr, size_t size)
{
	return xmalloc_check(realloc(ptr, size ? size : 1), size);
}

char *
xstrdup(const char *s)
{
	return xmalloc_check(strdup(s), strlen(s) + 1);
}

char *
xstrndup(const char *s, size_t n)
{
	return xmalloc_check(strndup(s, n), n + 1);
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		msg_fatal(EX_OSERR, "out of memory formatting a string");
	return s;
}
