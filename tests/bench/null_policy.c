/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * null_policy: the bench's reference policy server. It answers every
 * request "action=DUNNO" at once, from one thread waiting in epoll, and
 * does nothing else. What its answers take under policyd_bench's load is
 * the floor this machine sets for any policy server: the load
 * generator's and the scheduler's share of the latency, measured in the
 * same minutes as postreply-policyd. Wired into Postfix it is also the
 * policy half of the reply path's reference (see null_milter).
 *
 * usage: null_policy ENDPOINT (unix:/path or inet:host:port)
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "listen.h"

#define NULL_MAX_REQUEST 8192
#define NULL_ANSWER "action=DUNNO\n\n"

struct null_conn {
	int fd;
	size_t len;
	char buf[NULL_MAX_REQUEST];
};

static void
null_accept(int epfd, int lfd)
{
	struct epoll_event ev = {.events = EPOLLIN};
	struct null_conn *c;
	int fd;

	while ((fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
		if ((c = calloc(1, sizeof(*c))) == NULL) {
			close(fd);
			continue;
		}
		c->fd = fd;
		ev.data.ptr = c;
		if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
			close(fd);
			free(c);
		}
	}
}

/* One answer per request, a request ending at an empty line. */
static int
null_answer(struct null_conn *c)
{
	char *end;
	size_t used;

	while ((end = memmem(c->buf, c->len, "\n\n", 2)) != NULL) {
		if (write(c->fd, NULL_ANSWER, sizeof(NULL_ANSWER) - 1) !=
		    (ssize_t)sizeof(NULL_ANSWER) - 1)
			return -1;
		used = (size_t)(end + 2 - c->buf);
		memmove(c->buf, end + 2, c->len - used);
		c->len -= used;
	}
	return c->len < sizeof(c->buf) ? 0 : -1;
}

static void
null_read(struct null_conn *c)
{
	ssize_t n;

	for (;;) {
		n = read(c->fd, c->buf + c->len, sizeof(c->buf) - c->len);
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0)
			break;
		c->len += (size_t)n;
		if (null_answer(c) < 0)
			break;
	}
	close(c->fd);
	free(c);
}

int
main(int argc, char **argv)
{
	struct epoll_event ev = {.events = EPOLLIN}, ready[64];
	int lfd, epfd, n, i;

	if (argc != 2) {
		fprintf(stderr, "usage: null_policy ENDPOINT\n");
		return 64;
	}
	signal(SIGPIPE, SIG_IGN);
	if ((lfd = listen_open(argv[1], (gid_t)-1)) < 0 ||
	    fcntl(lfd, F_SETFL, O_NONBLOCK) < 0 ||
	    (epfd = epoll_create1(0)) < 0) {
		perror(argv[1]);
		return 1;
	}
	ev.data.ptr = NULL;
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &ev) < 0) {
		perror("epoll_ctl");
		return 1;
	}
	for (;;) {
		n = epoll_wait(epfd, ready, 64, -1);
		for (i = 0; i < n; i++) {
			if (ready[i].data.ptr == NULL)
				null_accept(epfd, lfd);
			else
				null_read(ready[i].data.ptr);
		}
	}
}
