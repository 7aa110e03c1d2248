/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * postreply-policyd: Postfix policy delegation at RCPT time. Dead reply
 * addresses are refused with a clear message, token guessing is slowed
 * down, and optionally outreach to do-not-contact customers is refused.
 *
 * One thread per connection: Postfix keeps one persistent connection per
 * smtpd process, so there are as many connections as smtpd processes,
 * and a thread may block on the database without holding up the others.
 * A connection that sends garbage is closed without an answer, as
 * SMTPD_POLICY_README asks, so Postfix applies its own default action.
 *
 * SIGTERM: stop accepting, answer the requests in hand, close, exit.
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "daemon.h"
#include "db.h"
#include "decide.h"
#include "listen.h"
#include "msg.h"
#include "ratelimit.h"
#include "request.h"
#include "tokendb.h"
#include "xmalloc.h"

#define POLICYD_TICK_MS 500 /* how often idle threads look for a stop */
#define POLICYD_STOP_SECONDS 10

/* Two flags: a SIGHUP handled after a SIGTERM must not hide it. */
static volatile sig_atomic_t policyd_stop, policyd_hup;
static struct ratelimit *policyd_guess;

static pthread_mutex_t policyd_lock = PTHREAD_MUTEX_INITIALIZER;
static int policyd_nconns;

static void
policyd_on_signal(int sig)
{
	if (sig == SIGHUP)
		policyd_hup = 1;
	else
		policyd_stop = 1;
}

static int
policyd_stopping(void)
{
	return policyd_stop;
}

/* Count a connection in or out; refuses one beyond the maximum. */
static int
policyd_count(int delta)
{
	int ok;

	pthread_mutex_lock(&policyd_lock);
	ok = delta < 0 || policyd_nconns < conf_cur()->policyd_max_connections;
	if (ok)
		policyd_nconns += delta;
	pthread_mutex_unlock(&policyd_lock);
	return ok;
}

static int
policyd_write(int fd, const char *s, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, s, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Answer one complete request. */
static int
policyd_answer(int fd, struct request *req)
{
	struct decide_env env = {policyd_guess,
				 conf_cur()->policyd_block_do_not_contact,
				 time(NULL)};
	char action[512], line[600];
	int n;

	decide(req, &env, action, sizeof(action));
	n = snprintf(line, sizeof(line), "action=%s\n\n", action);
	request_reset(req);
	/* One configuration per request: the next reads the newest. */
	conf_release();
	conf_hold();
	return policyd_write(fd, line, (size_t)n);
}

/*
 * Split what is buffered into lines and feed them to the request.
 * Returns 0 to go on, -1 to close the connection. Consumed bytes are
 * removed from the buffer.
 */
static int
policyd_lines(int fd, char *buf, size_t *len, struct request *req,
	      const char *peer)
{
	const char *why = NULL;
	char *nl, *line = buf;
	size_t linelen;

	while ((nl = memchr(line, '\n', *len - (size_t)(line - buf))) != NULL) {
		linelen = (size_t)(nl - line);
		if (linelen > 0 && line[linelen - 1] == '\r')
			linelen--;
		switch (request_line(req, line, linelen, &why)) {
		case REQUEST_MORE:
			break;
		case REQUEST_DONE:
			if (policyd_answer(fd, req) < 0)
				return -1;
			break;
		case REQUEST_ERROR:
			msg_warn("%s: bad policy request (%s); closing the "
				 "connection",
				 peer, why);
			return -1;
		}
		line = nl + 1;
	}
	*len -= (size_t)(line - buf);
	memmove(buf, line, *len);
	if (*len > REQUEST_MAX_LINE) {
		msg_warn("%s: bad policy request (line too long); closing "
			 "the connection",
			 peer);
		return -1;
	}
	return 0;
}

static void
policyd_serve(int fd, const char *peer)
{
	char buf[REQUEST_MAX_LINE * 2];
	struct request req;
	struct pollfd pfd = {fd, POLLIN, 0};
	long long idle_ms = 0, limit_ms;
	size_t len = 0;
	ssize_t n;
	int rc;

	limit_ms = conf_cur()->policyd_idle_timeout * 1000;
	request_init(&req);
	for (;;) {
		/* Between requests a stop may end the connection. */
		if (policyd_stopping() && len == 0 && req.nattrs == 0)
			break;
		rc = poll(&pfd, 1, POLICYD_TICK_MS);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc == 0) {
			if ((idle_ms += POLICYD_TICK_MS) >= limit_ms) {
				if (len || req.nattrs)
					msg_warn("%s: request not finished "
						 "within %llds; closing",
						 peer, limit_ms / 1000);
				break;
			}
			continue;
		}
		idle_ms = 0;
		n = read(fd, buf + len, sizeof(buf) - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		if (policyd_lines(fd, buf, &len, &req, peer) < 0)
			break;
	}
	request_reset(&req);
}

struct policyd_conn {
	int fd;
	char peer[64];
};

static void *
policyd_thread(void *arg)
{
	struct policyd_conn *c = arg;

	conf_hold();
	policyd_serve(c->fd, c->peer);
	conf_release();
	close(c->fd);
	free(c);
	policyd_count(-1);
	return NULL;
}

static void
policyd_peer(int fd, char *peer, size_t len)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char host[48] = "local";

	if (getpeername(fd, (struct sockaddr *)&ss, &sl) == 0 &&
	    (ss.ss_family == AF_INET || ss.ss_family == AF_INET6))
		getnameinfo((struct sockaddr *)&ss, sl, host, sizeof(host),
			    NULL, 0, NI_NUMERICHOST);
	snprintf(peer, len, "connection from %s", host);
}

static void
policyd_accept(int lfd)
{
	struct policyd_conn *c;
	pthread_t tid;
	int fd, on = 1;

	if ((fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) < 0) {
		if (errno != EINTR && errno != EAGAIN)
			msg_warn("accept: %s", strerror(errno));
		return;
	}
	if (!policyd_count(1)) {
		msg_warn("too many connections (policyd_max_connections = "
			 "%lld); closing a new one",
			 conf_cur()->policyd_max_connections);
		close(fd);
		return;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	c = xcalloc(1, sizeof(*c));
	c->fd = fd;
	policyd_peer(fd, c->peer, sizeof(c->peer));
	if ((errno = pthread_create(&tid, NULL, policyd_thread, c)) != 0) {
		msg_warn("cannot start a thread: %s", strerror(errno));
		close(fd);
		free(c);
		policyd_count(-1);
		return;
	}
	pthread_detach(tid);
}

/* Wait for connections to finish their requests in hand. */
static void
policyd_drain(void)
{
	struct timespec ts = {0, 50 * 1000 * 1000};
	time_t until = time(NULL) + POLICYD_STOP_SECONDS;

	while (time(NULL) < until) {
		pthread_mutex_lock(&policyd_lock);
		int n = policyd_nconns;
		pthread_mutex_unlock(&policyd_lock);
		if (n == 0)
			return;
		nanosleep(&ts, NULL);
	}
	msg_warn("stopping with connections still open");
}

static void
policyd_signals(sigset_t *blocked, sigset_t *waiting)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = policyd_on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(blocked);
	sigaddset(blocked, SIGTERM);
	sigaddset(blocked, SIGINT);
	sigaddset(blocked, SIGHUP);
	/* Threads inherit the block; the main thread waits in ppoll(). */
	pthread_sigmask(SIG_BLOCK, blocked, waiting);
}

int
main(int argc, char **argv)
{
	struct daemon_opts opts;
	sigset_t blocked, waiting;
	struct pollfd pfd;
	int lfd;

	daemon_start("policyd", argc, argv, &opts);
	lfd = daemon_listen("policyd_socket", conf_cur()->policyd_socket);
	daemon_drop_privileges();
	daemon_check_database();
	daemon_detach(&opts);
	tokendb_init();
	dbpool_init("postreply-policyd", (int)conf_cur()->db_pool_size);
	policyd_guess =
	    ratelimit_new((int)conf_cur()->policyd_bad_token_limit,
			  (time_t)conf_cur()->policyd_bad_token_window);
	policyd_signals(&blocked, &waiting);
	msg_info("starting: listening on %s", conf_cur()->policyd_socket);

	pfd.fd = lfd;
	pfd.events = POLLIN;
	while (!policyd_stopping()) {
		if (policyd_hup) {
			policyd_hup = 0;
			daemon_reload();
		}
		if (ppoll(&pfd, 1, NULL, &waiting) > 0)
			policyd_accept(lfd);
	}
	close(lfd);
	daemon_remove_sockets();
	msg_info("stopping: answering the requests in hand");
	policyd_drain();
	msg_info("stopped");
	_exit(EX_OK);
}
