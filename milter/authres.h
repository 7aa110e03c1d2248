/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_AUTHRES_H
#define POSTREPLY_AUTHRES_H

#include <stddef.h>

/*
 * The domains that trusted Authentication-Results headers (RFC 8601) of
 * one message vouch for: a DKIM pass (header.d, or the domain of
 * header.i) or a DMARC pass (header.from).
 */
#define AUTHRES_MAX_DOMAINS 16

struct authres {
	char *domains[AUTHRES_MAX_DOMAINS]; /* lower case */
	size_t n;
};

/*
 * Read one Authentication-Results value. When its authserv-id is in
 * trusted (names separated by commas or white space, compared without
 * regard to case) and the whole header parses, the domains it vouches for
 * are added to ar and 1 is returned; otherwise ar is unchanged and 0 is
 * returned. Never fails on hostile input.
 */
int authres_parse(struct authres *ar, const char *value, const char *trusted);

/* Does ar vouch for domain? */
int authres_has(const struct authres *ar, const char *domain);

void authres_free(struct authres *ar);

#endif
