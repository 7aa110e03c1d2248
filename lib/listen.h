#ifndef POSTREPLY_LISTEN_H
#define POSTREPLY_LISTEN_H

#include <sys/types.h>

/*
 * Open a listening socket for an endpoint in Postfix notation,
 * unix:/path or inet:host:port. A unix socket is given to group gid with
 * mode 0660, so that only that group (Postfix's) can connect; with gid
 * -1 any local user can (mode 0666). A stale socket file is replaced.
 * Returns the descriptor, or -1 with errno set.
 */
int listen_open(const char *endpoint, gid_t gid);

#endif
