/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * postfix: Postfix's own notation, read as Postfix reads it: the lists
 * of main.cf (smtpd_milters, restriction lists, map lists) and where a
 * daemon of Postfix's finds a unix socket it is given. Only text is
 * handled here; running postconf is postreplyctl's business.
 */
#include <stdlib.h>
#include <string.h>

#include "postfix.h"
#include "xmalloc.h"

#define POSTFIX_SEP ", \t\r\n"

/* Length of the item at s: up to a separator outside braces. */
static size_t
postfix_item_len(const char *s)
{
	size_t n;
	int depth = 0;

	for (n = 0; s[n]; n++) {
		if (s[n] == '{')
			depth++;
		else if (s[n] == '}' && depth > 0)
			depth--;
		else if (depth == 0 && strchr(POSTFIX_SEP, s[n]))
			break;
	}
	return n;
}

char **
postfix_list(const char *value)
{
	char **items = xcalloc(1, sizeof(*items));
	size_t n = 0, len;

	for (;;) {
		value += strspn(value, POSTFIX_SEP);
		if (*value == 0)
			return items;
		len = postfix_item_len(value);
		items = xrealloc(items, (n + 2) * sizeof(*items));
		items[n++] = xstrndup(value, len);
		items[n] = NULL;
		value += len;
	}
}

void
postfix_list_free(char **items)
{
	char **p;

	if (items == NULL)
		return;
	for (p = items; *p; p++)
		free(*p);
	free(items);
}

char **
postfix_group(const char *item)
{
	size_t len = strlen(item);
	char *inner, **items;

	if (len < 2 || item[0] != '{' || item[len - 1] != '}')
		return postfix_list(item);
	inner = xstrndup(item + 1, len - 2);
	items = postfix_list(inner);
	free(inner);
	return items;
}

char *
postfix_socket_path(const char *path, const char *queue_dir, int chrooted)
{
	size_t qlen = strlen(queue_dir);

	while (qlen > 1 && queue_dir[qlen - 1] == '/')
		qlen--;
	if (path[0] == '/' && !chrooted)
		return xstrdup(path);
	if (path[0] == '/')
		return xasprintf("%.*s%s", (int)qlen, queue_dir, path);
	return xasprintf("%.*s/%s", (int)qlen, queue_dir, path);
}
