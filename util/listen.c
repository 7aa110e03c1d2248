/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * listen: the server side of an endpoint written as Postfix writes it in
 * main.cf, so an administrator copies one string between the two files.
 * The one reader of that notation: postreplyctl check takes Postfix's
 * strings apart with listen_parse too.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sysexits.h>
#include <unistd.h>

#include "listen.h"
#include "msg.h"

#define LISTEN_BACKLOG 256

/*
 * Bind a unix socket, born with its final mode (umask) and, as root, with
 * its group (the effective gid at bind()), so it is never open to
 * everyone and root never chowns a path: the directory may belong to the
 * daemons' user, who could swap the path for a link to another file
 * meanwhile. Without root, the group comes from a chown that does not
 * follow links, which gives nothing the user could not do anyway.
 */
static int
listen_bind_unix(int fd, const struct sockaddr_un *sun, gid_t gid)
{
	int rc, saved, asroot = geteuid() == 0 && gid != (gid_t)-1;
	gid_t egid = getegid();
	mode_t old;

	old = umask(gid == (gid_t)-1 ? 0111 : 0117);
	if (asroot && setegid(gid) < 0)
		rc = -1;
	else
		rc = bind(fd, (const struct sockaddr *)sun, sizeof(*sun));
	saved = errno;
	if (asroot && setegid(egid) < 0)
		msg_fatal(EX_OSERR, "cannot restore group %ld: %s", (long)egid,
			  strerror(errno));
	umask(old);
	errno = saved;
	if (rc == 0 && gid != (gid_t)-1 && !asroot)
		rc = fchownat(AT_FDCWD, sun->sun_path, (uid_t)-1, gid,
			      AT_SYMLINK_NOFOLLOW);
	return rc;
}

static int
listen_unix(const char *path, gid_t gid)
{
	struct sockaddr_un sun;
	int fd, saved;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	unlink(path);
	if (listen_bind_unix(fd, &sun, gid) < 0 ||
	    listen(fd, LISTEN_BACKLOG) < 0) {
		saved = errno;
		unlink(path);
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

static int
listen_inet(const char *host, const char *port)
{
	struct addrinfo hints, *res;
	int fd = -1, on = 1, saved;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if (getaddrinfo(*host ? host : NULL, port, &hints, &res) != 0) {
		errno = EADDRNOTAVAIL;
		return -1;
	}
	fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC, 0);
	if (fd >= 0 &&
	    (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0 ||
	     bind(fd, res->ai_addr, res->ai_addrlen) < 0 ||
	     listen(fd, LISTEN_BACKLOG) < 0)) {
		saved = errno;
		close(fd);
		fd = -1;
		errno = saved;
	}
	freeaddrinfo(res);
	return fd;
}

/* host:port or [host]:port into ep. */
static int
listen_parse_inet(const char *hostport, struct listen_endpoint *ep)
{
	const char *colon = strrchr(hostport, ':'), *host = hostport;
	size_t hostlen;

	if (colon == NULL || colon[1] == 0) {
		errno = EINVAL;
		return -1;
	}
	hostlen = (size_t)(colon - hostport);
	if (hostport[0] == '[' && hostlen >= 2 && colon[-1] == ']') {
		host++;
		hostlen -= 2;
	}
	if (hostlen >= sizeof(ep->host) ||
	    strlen(colon + 1) >= sizeof(ep->port)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(ep->host, host, hostlen);
	ep->host[hostlen] = 0;
	strcpy(ep->port, colon + 1);
	return 0;
}

int
listen_parse(const char *endpoint, struct listen_endpoint *ep)
{
	memset(ep, 0, sizeof(*ep));
	if (strncmp(endpoint, "unix:", 5) == 0) {
		ep->is_unix = 1;
		if (strlen(endpoint + 5) >= sizeof(ep->path)) {
			errno = ENAMETOOLONG;
			return -1;
		}
		strcpy(ep->path, endpoint + 5);
		return 0;
	}
	if (strncmp(endpoint, "inet:", 5) == 0)
		return listen_parse_inet(endpoint + 5, ep);
	errno = EINVAL;
	return -1;
}

int
listen_open(const char *endpoint, gid_t gid)
{
	struct listen_endpoint ep;

	if (listen_parse(endpoint, &ep) < 0)
		return -1;
	return ep.is_unix ? listen_unix(ep.path, gid)
			  : listen_inet(ep.host, ep.port);
}
