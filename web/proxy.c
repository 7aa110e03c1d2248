/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * proxy: postreply-web behind a reverse proxy that authenticates people
 * (Apache or nginx with LDAP, OIDC, Kerberos...). A request is believed
 * about who and where it comes from only when it comes from a trusted
 * proxy: a peer address in web_trusted_proxies, or a peer of the unix
 * socket (web_listen = unix:/path; the socket's group, web_socket_group,
 * says who may connect). From such a peer, the client's address is the
 * last one in X-Forwarded-For (the one the proxy itself added: earlier
 * ones are the client's say), for the rate limits and the log; and the
 * header named by web_trusted_user_header names the signed-in user. From
 * any other peer both headers are ignored, whatever they say.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "cidr.h"
#include "conf.h"
#include "proxy.h"

/* Does the peer in r->client (before any forwarding) count as a proxy? */
static int
proxy_trusted(const struct http_req *r)
{
	const struct conf *c = conf_cur();

	if (strncmp(c->web_listen, "unix:", 5) == 0)
		return 1;
	return *c->web_trusted_proxies &&
	       cidr_list_match(c->web_trusted_proxies, r->client);
}

void
proxy_client(struct http_req *r)
{
	const char *xff, *last;
	char addr[64], bin[16];
	size_t n;

	if (!(r->proxied = proxy_trusted(r)))
		return;
	xff = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
					  "X-Forwarded-For");
	if (xff == NULL)
		return;
	last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	last += strspn(last, " \t");
	n = strcspn(last, " \t");
	if (n == 0 || n >= sizeof(addr))
		return;
	memcpy(addr, last, n);
	addr[n] = 0;
	if (inet_pton(AF_INET, addr, bin) == 1 ||
	    inet_pton(AF_INET6, addr, bin) == 1)
		snprintf(r->client, sizeof(r->client), "%s", addr);
}

const char *
proxy_user(struct http_req *r)
{
	const char *header = conf_cur()->web_trusted_user_header, *v;

	if (!r->proxied || !*header)
		return NULL;
	v = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, header);
	return v && *v ? v : NULL;
}
