/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_PASSWORD_H
#define POSTREPLY_PASSWORD_H

/*
 * A password's hash as Debian's shadow makes it (yescrypt, "$y$...",
 * through libcrypt), newly allocated; NULL when libcrypt cannot.
 */
char *password_hash(const char *password);

/* Whether password matches hash (any scheme libcrypt knows): 1 or 0. */
int password_check(const char *password, const char *hash);

#endif
