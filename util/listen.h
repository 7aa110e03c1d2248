/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_LISTEN_H
#define POSTREPLY_LISTEN_H

#include <sys/types.h>
#include <sys/un.h>

/* An endpoint in Postfix notation, taken apart. */
struct listen_endpoint {
	int is_unix;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)]; /* unix: */
	char host[256]; /* inet:, without brackets; empty: any address */
	char port[16];  /* inet: */
};

/*
 * Parse unix:PATH or inet:HOST:PORT ([HOST] for IPv6) as Postfix writes
 * them. The path is taken as it is: relative or absolute is the caller's
 * business. Returns 0, or -1 with errno EINVAL (not such a string) or
 * ENAMETOOLONG (a path or host too long).
 */
int listen_parse(const char *endpoint, struct listen_endpoint *ep);

/*
 * Open a listening socket for an endpoint in Postfix notation,
 * unix:/path or inet:host:port. A unix socket is given to group gid with
 * mode 0660, so that only that group (Postfix's) can connect; with gid
 * -1 any local user can (mode 0666). A stale socket file is replaced.
 * Returns the descriptor, or -1 with errno set.
 */
int listen_open(const char *endpoint, gid_t gid);

#endif
