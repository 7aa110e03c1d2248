/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_SECRET_H
#define POSTREPLY_SECRET_H

#include <stddef.h>

/*
 * A secret from the file named by configuration key name (path is its
 * value): the file's content without surrounding white space, one word,
 * at most SECRET_MAX bytes, in a file neither readable nor writable by
 * others nor writable by its group (0600 or 0640 will do). An empty path
 * gives *out = NULL and 0.
 * Otherwise 0 with *out allocated, or -1 with err naming key and file.
 */
#define SECRET_MAX 4096
int secret_read(const char *name, const char *path, char **out, char *err,
		size_t errlen);

#endif
