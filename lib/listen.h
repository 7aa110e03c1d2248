#ifndef POSTREPLY_LISTEN_H
#define POSTREPLY_LISTEN_H

/*
 * Open a listening socket for an endpoint in Postfix notation,
 * unix:/path (mode 0666, so Postfix's processes can connect; a stale
 * socket file is replaced) or inet:host:port. Returns the descriptor, or
 * -1 with errno set.
 */
int listen_open(const char *endpoint);

#endif
