/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_socket: can Postfix's smtpd reach postreply's sockets? A unix
 * socket is looked for where smtpd will look (queue directory, chroot:
 * core/postfix.c says how), then its file is checked as Postfix's
 * mail_owner would meet it (the x bits of the directories on the way,
 * the socket's write bit for that user's uid and groups), and finally a
 * connection is tried, which tells whether the daemon listens, and for
 * a daemon with a cheap request (policyd) that request, which tells
 * whether it answers (a stopped process still accepts). No user
 * is switched: the modes are read, as "postfix check" reads them.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "check_findings.h"
#include "check_socket.h"
#include "conf.h"
#include "listen.h"
#include "msg.h"
#include "postconf.h"
#include "postfix.h"
#include "xmalloc.h"

#define CHECK_CONNECT_TIMEOUT 5000 /* ms */
#define CHECK_MAX_GROUPS 256

/* The value of our endpoint setting key (milter_socket, policyd_socket). */
static const char *
check_endpoint(const char *key)
{
	if (strcmp(key, "milter_socket") == 0)
		return conf_cur()->milter_socket;
	if (strcmp(key, "policyd_socket") == 0)
		return conf_cur()->policyd_socket;
	msg_panic("check_endpoint: no endpoint setting %s", key);
}

/* The path below queue_dir ("postreply/milter.sock"), or NULL. */
static const char *
check_below(const char *path, const char *queue_dir)
{
	size_t n = strlen(queue_dir);

	while (n > 1 && queue_dir[n - 1] == '/')
		n--;
	if (strncmp(path, queue_dir, n) == 0 && path[n] == '/')
		return path + n + 1;
	return NULL;
}

char *
check_postfix_name(const char *key, const char *queue_dir, int chrooted)
{
	struct listen_endpoint ep;
	const char *below;

	if (listen_parse(check_endpoint(key), &ep) < 0)
		return NULL;
	if (!ep.is_unix)
		return xstrdup(check_endpoint(key));
	if ((below = check_below(ep.path, queue_dir)) != NULL)
		return xasprintf("unix:%s", below);
	return chrooted ? NULL : xasprintf("unix:%s", ep.path);
}

/* Same file: the same real path, or the same name when one is missing. */
static int
check_same_path(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];

	if (realpath(a, ra) && realpath(b, rb))
		return strcmp(ra, rb) == 0;
	return strcmp(a, b) == 0;
}

static const char *
check_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static int
check_same_inet(const struct listen_endpoint *a,
		const struct listen_endpoint *b)
{
	return strcmp(a->port, b->port) == 0 &&
	       strcasecmp(a->host, b->host) == 0;
}

int
check_names_ours(const char *key, const char *theirs, const char *queue_dir,
		 int chrooted)
{
	struct listen_endpoint ours, ep;
	char *seen;
	int same;

	if (listen_parse(check_endpoint(key), &ours) < 0 ||
	    listen_parse(theirs, &ep) < 0)
		return 0;
	if (!ours.is_unix || !ep.is_unix) {
		if (ours.is_unix != ep.is_unix)
			return 0;
		return check_same_inet(&ours, &ep)       ? 2
		       : strcmp(ours.port, ep.port) == 0 ? 1
							 : 0;
	}
	seen = postfix_socket_path(ep.path, queue_dir, chrooted);
	same = check_same_path(seen, ours.path);
	free(seen);
	if (same)
		return 2;
	return strcmp(check_basename(ep.path), check_basename(ours.path)) ==
		   0 ||
	       strcmp(ep.path, ours.path) == 0;
}

/* May the user (uid, groups) do what the bits u, g or o allow? */
static int
check_may(const struct stat *st, uid_t uid, const gid_t *groups, int ngroups,
	  mode_t u, mode_t g, mode_t o)
{
	int i;

	if (uid == 0)
		return 1;
	if (st->st_uid == uid)
		return (st->st_mode & u) != 0;
	for (i = 0; i < ngroups; i++)
		if (st->st_gid == groups[i])
			return (st->st_mode & g) != 0;
	return (st->st_mode & o) != 0;
}

/*
 * Can mail_owner get from base (the queue directory for a chrooted or
 * relative name, / otherwise) to path and write to the socket? NULL,
 * or what stops it (allocated).
 */
static char *
check_owner_access(const char *path, const char *base, const char *owner)
{
	gid_t groups[CHECK_MAX_GROUPS];
	int n = CHECK_MAX_GROUPS;
	struct passwd *pw = getpwnam(owner);
	struct stat st;
	char *dir = xstrdup(path), *slash;
	size_t start = strlen(base);

	if (pw == NULL)
		return xasprintf("Postfix's mail_owner %s is no user here",
				 owner);
	if (getgrouplist(owner, pw->pw_gid, groups, &n) < 0)
		n = CHECK_MAX_GROUPS;
	for (slash = strchr(dir + (start > 1 ? start : 1), '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = 0;
		if (*dir && stat(dir, &st) == 0 &&
		    !check_may(&st, pw->pw_uid, groups, n, S_IXUSR, S_IXGRP,
			       S_IXOTH)) {
			char *why = xasprintf(
			    "%s (user %s) cannot enter %s (mode %04o, owner "
			    "%ld, group %ld)",
			    owner, owner, dir, (unsigned)(st.st_mode & 07777),
			    (long)st.st_uid, (long)st.st_gid);
			free(dir);
			return why;
		}
		*slash = '/';
	}
	free(dir);
	if (stat(path, &st) == 0 &&
	    !check_may(&st, pw->pw_uid, groups, n, S_IWUSR, S_IWGRP, S_IWOTH))
		return xasprintf("%s (user %s) may not write to %s (mode %04o, "
				 "owner %ld, group %ld)",
				 owner, owner, path,
				 (unsigned)(st.st_mode & 07777),
				 (long)st.st_uid, (long)st.st_gid);
	return NULL;
}

/* Wait for a non-blocking connect to finish; 0, or -1 with errno. */
static int
check_connect_wait(int fd)
{
	struct pollfd p = {fd, POLLOUT, 0};
	int err = 0, rc;
	socklen_t len = sizeof(err);

	while ((rc = poll(&p, 1, CHECK_CONNECT_TIMEOUT)) < 0 && errno == EINTR)
		;
	if (rc == 0) {
		errno = ETIMEDOUT;
		return -1;
	}
	if (rc < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		return -1;
	errno = err;
	return err ? -1 : 0;
}

static int
check_connect_addr(int family, const struct sockaddr *sa, socklen_t len)
{
	int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	int saved, flags;

	if (fd < 0)
		return -1;
	if ((connect(fd, sa, len) < 0 &&
	     (errno != EINPROGRESS || check_connect_wait(fd) < 0))) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	flags = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
	return fd;
}

static int
check_connect_inet(const struct listen_endpoint *ep, char *err, size_t errlen)
{
	struct addrinfo hints, *res, *ai;
	int fd = -1, rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(*ep->host ? ep->host : "127.0.0.1", ep->port, &hints,
			 &res);
	if (rc != 0) {
		snprintf(err, errlen, "cannot resolve %s: %s", ep->host,
			 gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai && fd < 0; ai = ai->ai_next)
		fd = check_connect_addr(ai->ai_family, ai->ai_addr,
					ai->ai_addrlen);
	if (fd < 0)
		snprintf(err, errlen, "%s", strerror(errno));
	freeaddrinfo(res);
	return fd;
}

int
check_connect(const char *endpoint, char *err, size_t errlen)
{
	struct listen_endpoint ep;
	struct sockaddr_un sun;
	int fd;

	if (listen_parse(endpoint, &ep) < 0) {
		snprintf(err, errlen, "not unix:/path or inet:host:port");
		return -1;
	}
	if (!ep.is_unix)
		return check_connect_inet(&ep, err, errlen);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, ep.path, sizeof(sun.sun_path) - 1);
	fd = check_connect_addr(AF_UNIX, (struct sockaddr *)&sun, sizeof(sun));
	if (fd < 0)
		snprintf(err, errlen, "%s", strerror(errno));
	return fd;
}

/* The fix that puts want where theirs is in the parameter's value. */
static char *
check_fix_replace(const struct check_reach *r, const char *theirs,
		  const char *want)
{
	const char *at = r->value ? strstr(r->value, theirs) : NULL;

	if (at == NULL)
		return xasprintf("in %s, write %s instead of %s, then run %s",
				 r->parameter, want, theirs,
				 postconf_reload_command());
	return xasprintf("%s -e '%s = %.*s%s%s' && %s", postconf_command(),
			 r->parameter, (int)(at - r->value), r->value, want,
			 at + strlen(theirs), postconf_reload_command());
}

/* A unix socket outside the queue directory, for a chrooted smtpd. */
static void
check_reach_chroot(const struct check_reach *r, const char *theirs,
		   const char *seen, const char *path)
{
	const char *name = check_basename(path);
	char *want = xasprintf("unix:postreply/%s", name);
	char *replace = check_fix_replace(r, theirs, want);
	char *fix = xasprintf("move the socket into the queue directory: set "
			      "%s = unix:%s/postreply/%s in postreply.conf, "
			      "restart %s, then %s",
			      r->key, r->queue_dir, name, r->program, replace);

	check_error(r->check, fix,
		    "smtpd (%s) is chrooted to %s, so %s in %s is %s to it, "
		    "but %s is %s, outside the queue directory: smtpd "
		    "cannot reach %s",
		    r->service, r->queue_dir, theirs, r->parameter, seen,
		    r->key, path, r->program);
	free(want);
	free(replace);
	free(fix);
}

/* The socket file is there and mail_owner may use it: 0, or -1. */
static int
check_reach_file(const struct check_reach *r, const char *theirs,
		 const char *path)
{
	struct stat st;
	char *why, *fix;
	const char *base = r->chrooted || theirs[5] != '/' ? r->queue_dir : "/";

	int rc = stat(path, &st), missing = rc < 0 && errno == ENOENT;

	if (rc < 0 || !S_ISSOCK(st.st_mode)) {
		fix = xasprintf("start %s (systemctl start %s); it creates %s",
				r->program, r->program, path);
		check_error(r->check, fix,
			    "%s %s: %s is not running, or listens elsewhere",
			    path, missing ? "does not exist" : "is no socket",
			    r->program);
		free(fix);
		return -1;
	}
	if ((why = check_owner_access(path, base, r->mail_owner)) != NULL) {
		fix = xasprintf("set socket_group to %s's group in "
				"postreply.conf and restart %s, and give that "
				"group x on the directories (chgrp GROUP DIR; "
				"chmod g+x DIR)",
				r->mail_owner, r->program);
		check_error(r->check, fix, "%s: smtpd cannot connect to %s",
			    why, r->program);
		free(why);
		free(fix);
		return -1;
	}
	return 0;
}

/* Read into buf until a blank line ends it or the time is out. */
static int
check_read_answer(int fd, char *buf, size_t len, char *err, size_t errlen)
{
	struct pollfd p = {fd, POLLIN, 0};
	size_t used = 0;
	ssize_t n;
	int rc;

	while (used + 1 < len) {
		while ((rc = poll(&p, 1, CHECK_CONNECT_TIMEOUT)) < 0 &&
		       errno == EINTR)
			;
		if (rc == 0) {
			snprintf(err, errlen, "no answer within %d s",
				 CHECK_CONNECT_TIMEOUT / 1000);
			return -1;
		}
		if (rc < 0 || (n = read(fd, buf + used, len - used - 1)) < 0) {
			snprintf(err, errlen, "%s", strerror(errno));
			return -1;
		}
		if (n == 0) {
			snprintf(err, errlen, "it closed the connection");
			return -1;
		}
		used += (size_t)n;
		buf[used] = 0;
		if (strstr(buf, "\n\n"))
			return 0;
	}
	snprintf(err, errlen, "an answer too long");
	return -1;
}

/* The daemon answers r->request as it should: 0, or -1 (err). */
static int
check_reach_answers(const struct check_reach *r, int fd, char *err,
		    size_t errlen)
{
	char answer[512];
	size_t len = strlen(r->request);

	if (write(fd, r->request, len) != (ssize_t)len) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	if (check_read_answer(fd, answer, sizeof(answer), err, errlen) < 0)
		return -1;
	if (strncmp(answer, r->answer, strlen(r->answer)) != 0) {
		answer[strcspn(answer, "\n")] = 0;
		snprintf(err, errlen, "it answered \"%.100s\"", answer);
		return -1;
	}
	return 0;
}

/*
 * A connection, which says whether the daemon listens, and a request,
 * which says whether it answers: 0, or -1.
 */
static int
check_reach_connect(const struct check_reach *r, const char *where)
{
	char err[256], *fix;
	int fd = check_connect(check_endpoint(r->key), err, sizeof(err)), rc;

	if (fd >= 0 && r->request) {
		rc = check_reach_answers(r, fd, err, sizeof(err));
		close(fd);
		if (rc == 0)
			return 0;
		fix = xasprintf("see why in %s's log; restart it (systemctl "
				"restart %s)",
				r->program, r->program);
		check_error(r->check, fix,
			    "%s at %s accepts connections but does not answer "
			    "a request (%s): until it does, each recipient "
			    "waits for smtpd's timeout before default_action",
			    r->program, where, err);
		free(fix);
		return -1;
	}
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	fix = xasprintf("start %s (systemctl restart %s), and see its log",
			r->program, r->program);
	check_error(r->check, fix, "cannot connect to %s at %s (%s): %s",
		    r->program, where, err, "is it running?");
	free(fix);
	return -1;
}

void
check_reach(const struct check_reach *r, const char *theirs)
{
	struct listen_endpoint ours, ep;
	char *seen, *want, *fix;

	if (listen_parse(check_endpoint(r->key), &ours) < 0 ||
	    listen_parse(theirs, &ep) < 0)
		return;
	if (ours.is_unix != ep.is_unix ||
	    (!ours.is_unix && !check_same_inet(&ours, &ep))) {
		want = xstrdup(check_endpoint(r->key));
		fix = check_fix_replace(r, theirs, want);
		check_error(r->check, fix, "%s names %s, but %s is %s",
			    r->parameter, theirs, r->key, want);
		free(want);
		free(fix);
		return;
	}
	if (!ours.is_unix) {
		if (check_reach_connect(r, theirs) == 0)
			check_ok(r->check, "smtpd (%s) reaches %s at %s",
				 r->service, r->program, theirs);
		return;
	}
	seen = postfix_socket_path(ep.path, r->queue_dir, r->chrooted);
	if (!check_same_path(seen, ours.path)) {
		want = check_postfix_name(r->key, r->queue_dir, r->chrooted);
		if (want == NULL)
			check_reach_chroot(r, theirs, seen, ours.path);
		else {
			fix = check_fix_replace(r, theirs, want);
			check_error(r->check, fix,
				    "smtpd (%s%s) looks for %s at %s (%s in "
				    "%s), but %s is %s",
				    r->service, r->chrooted ? ", chrooted" : "",
				    r->program, seen, theirs, r->parameter,
				    r->key, ours.path);
			free(fix);
		}
		free(want);
	} else if (check_reach_file(r, theirs, ours.path) == 0 &&
		   check_reach_connect(r, ours.path) == 0)
		check_ok(r->check,
			 "smtpd (%s%s) reaches %s at %s (%s), and %s may "
			 "write to it",
			 r->service, r->chrooted ? ", chrooted" : "",
			 r->program, theirs, ours.path, r->mail_owner);
	free(seen);
}
