/*
 * listen: the server side of an endpoint written as Postfix writes it in
 * main.cf, so an administrator copies one string between the two files.
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
#include "xmalloc.h"

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

	if (strlen(path) >= sizeof(sun.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
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
listen_inet(const char *hostport)
{
	struct addrinfo hints, *res;
	const char *colon = strrchr(hostport, ':');
	char *host;
	int fd = -1, on = 1, rc, saved;

	if (colon == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (hostport[0] == '[' && colon > hostport + 1 && colon[-1] == ']')
		host = xstrndup(hostport + 1, (size_t)(colon - hostport - 2));
	else
		host = xstrndup(hostport, (size_t)(colon - hostport));
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	rc = getaddrinfo(*host ? host : NULL, colon + 1, &hints, &res);
	free(host);
	if (rc != 0) {
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

int
listen_open(const char *endpoint, gid_t gid)
{
	if (strncmp(endpoint, "unix:", 5) == 0)
		return listen_unix(endpoint + 5, gid);
	if (strncmp(endpoint, "inet:", 5) == 0)
		return listen_inet(endpoint + 5);
	errno = EINVAL;
	return -1;
}
