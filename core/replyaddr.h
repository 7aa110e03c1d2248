/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_REPLYADDR_H
#define POSTREPLY_REPLYADDR_H

#include "token.h"

enum replyaddr_kind {
	REPLYADDR_NONE,     /* not a reply address: leave it alone */
	REPLYADDR_TOKEN,    /* a reply address with a well-formed token */
	REPLYADDR_MALFORMED /* looks like a reply address, token is bad */
};

/*
 * Classify an envelope or header address ("<a@b>" or "a@b") against the
 * configured reply_prefix, recipient_delimiter and reply_domain, matching
 * case-insensitively. For REPLYADDR_TOKEN, token receives the token in
 * lower case.
 */
enum replyaddr_kind replyaddr_parse(const char *addr,
				    char token[TOKEN_LEN + 1]);

/* Same, with explicit settings (unit tests, and the cached fast path). */
enum replyaddr_kind replyaddr_parse_with(const char *addr, const char *prefix,
					 char delim, const char *domain,
					 char token[TOKEN_LEN + 1]);

/* The reply address for token, newly allocated. */
char *replyaddr_format(const char *token);

/*
 * What goes before and after the token in a reply address, newly
 * allocated: for SQL that lists many (before || token || after).
 */
void replyaddr_around(char **before, char **after);

/* Strip one pair of angle brackets; returns a new string. */
char *replyaddr_unbracket(const char *addr);

/* A plausible mailbox address: local@domain, printable, no spaces. */
int replyaddr_plausible(const char *addr);

#endif
