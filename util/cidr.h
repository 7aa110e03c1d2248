/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_CIDR_H
#define POSTREPLY_CIDR_H

#include <netinet/in.h>

/* An IPv4 or IPv6 network: "192.0.2.0/24", "::1", "10.1.2.3". */
struct cidr {
	int family; /* AF_INET or AF_INET6 */
	unsigned char addr[16];
	int bits;
};

/* Parse one network; out may be NULL to only check. 0 or -1. */
int cidr_parse(const char *s, struct cidr *out);

/* Does the address (text, as Postfix or a socket gives it) fall in any of
 * the networks of list (comma or space separated)? */
int cidr_list_match(const char *list, const char *addr);

#endif
