/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cidr: "is this client address one of ours?", for outbound_networks.
 * IPv4-mapped IPv6 addresses (::ffff:192.0.2.1) match IPv4 networks, as
 * a dual-stack listener reports IPv4 clients that way.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "cidr.h"
#include "xmalloc.h"

int
cidr_parse(const char *s, struct cidr *out)
{
	struct cidr c;
	char host[64], *slash, *end;
	long bits;

	if (strlen(s) >= sizeof(host))
		return -1;
	strcpy(host, s);
	if ((slash = strchr(host, '/')) != NULL)
		*slash++ = 0;
	memset(&c, 0, sizeof(c));
	if (inet_pton(AF_INET, host, c.addr) == 1) {
		c.family = AF_INET;
		c.bits = 32;
	} else if (inet_pton(AF_INET6, host, c.addr) == 1) {
		c.family = AF_INET6;
		c.bits = 128;
	} else {
		return -1;
	}
	if (slash) {
		bits = strtol(slash, &end, 10);
		if (*slash == 0 || *end || bits < 0 || bits > c.bits)
			return -1;
		c.bits = (int)bits;
	}
	if (out)
		*out = c;
	return 0;
}

static int
cidr_contains(const struct cidr *net, const struct cidr *a)
{
	int full = net->bits / 8, rest = net->bits % 8;
	unsigned char mask;

	if (net->family != a->family)
		return 0;
	if (memcmp(net->addr, a->addr, (size_t)full) != 0)
		return 0;
	if (rest == 0)
		return 1;
	mask = (unsigned char)(0xff << (8 - rest));
	return (net->addr[full] & mask) == (a->addr[full] & mask);
}

/* ::ffff:a.b.c.d becomes a.b.c.d */
static void
cidr_unmap(struct cidr *a)
{
	static const unsigned char prefix[12] = {0, 0, 0, 0, 0,    0,
						 0, 0, 0, 0, 0xff, 0xff};

	if (a->family == AF_INET6 && memcmp(a->addr, prefix, 12) == 0) {
		memmove(a->addr, a->addr + 12, 4);
		a->family = AF_INET;
		a->bits = 32;
	}
}

int
cidr_list_match(const char *list, const char *addr)
{
	struct cidr a, net;
	char *copy, *item, *save = NULL;
	int match = 0;

	if (cidr_parse(addr, &a) < 0)
		return 0;
	cidr_unmap(&a);
	copy = xstrdup(list);
	for (item = strtok_r(copy, ", \t", &save); item && !match;
	     item = strtok_r(NULL, ", \t", &save))
		match = cidr_parse(item, &net) == 0 && cidr_contains(&net, &a);
	free(copy);
	return match;
}
