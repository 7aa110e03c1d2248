/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_PROXY_H
#define POSTREPLY_PROXY_H

#include "http.h"

/*
 * Called once the peer's address is in r->client: when the peer is a
 * trusted proxy (in web_trusted_proxies, or any peer of a unix socket),
 * r->proxied is set and r->client becomes the address the proxy added
 * last to X-Forwarded-For (if it is an address).
 */
void proxy_client(struct http_req *r);

/*
 * The user the trusted proxy says is signed in (web_trusted_user_header),
 * or NULL: no header set, not from a trusted proxy, or empty.
 */
const char *proxy_user(struct http_req *r);

#endif
