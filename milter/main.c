/*
 * postreply-milter: recognises replies to reply addresses inside Postfix,
 * records them and forwards them to the account's mailbox. This file is
 * start-up and shutdown; the mail logic is in milter.c.
 *
 * On SIGTERM libmilter stops accepting connections and smfi_main returns;
 * we then wait for messages in flight to finish before exiting, so a
 * stop never turns an accepted reply into a lost one.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "daemon.h"
#include "db.h"
#include "milter.h"
#include "msg.h"
#include "xmalloc.h"

#define MILTER_DRAIN_SECONDS 60

/*
 * Postfix writes milter sockets as unix:/path or inet:host:port;
 * libmilter wants unix:/path, inet:port@host or inet6:port@host.
 */
static char *
milter_socket_libmilter(const char *postfix)
{
	const char *hostport, *colon;
	char *host;
	size_t hlen;

	if (strncmp(postfix, "unix:", 5) == 0)
		return xstrdup(postfix);
	hostport = postfix + 5;
	colon = strrchr(hostport, ':');
	hlen = (size_t)(colon - hostport);
	if (hostport[0] == '[' && hlen >= 2 && colon[-1] == ']') {
		host = xstrndup(hostport + 1, hlen - 2);
		char *s = xasprintf("inet6:%s@%s", colon + 1, host);
		free(host);
		return s;
	}
	host = xstrndup(hostport, hlen);
	char *s = xasprintf("inet:%s@%s", colon + 1, host);
	free(host);
	return s;
}

/*
 * libmilter answers in small packets; with Nagle's algorithm and delayed
 * ACKs each modified message then waits ~40 ms on TCP. Linux copies
 * TCP_NODELAY from a listening socket to the sockets it accepts, so set
 * it on ours, which libmilter does not let us name: find it.
 */
static void
milter_nodelay(void)
{
	int fd, on = 1, listening, domain;
	socklen_t len;

	for (fd = 3; fd < 1024; fd++) {
		len = sizeof(listening);
		if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening,
			       &len) < 0 ||
		    !listening)
			continue;
		len = sizeof(domain);
		if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) < 0 ||
		    (domain != AF_INET && domain != AF_INET6))
			continue;
		if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on)) <
		    0)
			msg_warn("cannot set TCP_NODELAY: %s", strerror(errno));
	}
}

static void
milter_drain(void)
{
	time_t until = time(NULL) + MILTER_DRAIN_SECONDS;
	int n;

	while ((n = milter_inflight()) > 0 && time(NULL) < until) {
		struct timespec ts = {0, 50 * 1000 * 1000};

		nanosleep(&ts, NULL);
	}
	if (n > 0)
		msg_warn("stopping with %d messages unfinished; Postfix will "
			 "retry them",
			 n);
}

int
main(int argc, char **argv)
{
	struct daemon_opts opts;
	char *sock;

	daemon_start("milter", argc, argv, &opts);
	sock = milter_socket_libmilter(conf_str("milter_socket"));
	daemon_drop_privileges();
	if (smfi_register(milter_desc) != MI_SUCCESS)
		msg_fatal(EX_SOFTWARE, "cannot register with libmilter");
	if (smfi_setconn(sock) != MI_SUCCESS)
		msg_fatal(EX_CONFIG, "bad milter_socket %s",
			  conf_str("milter_socket"));
	/* Postfix's smtpd runs as another user and must be able to connect. */
	umask(0111);
	if (smfi_opensocket(1) != MI_SUCCESS)
		msg_fatal(EX_UNAVAILABLE,
			  "cannot listen on %s: check that its directory "
			  "exists and that no other program uses it",
			  conf_str("milter_socket"));
	milter_nodelay();
	dbpool_init("postreply-milter", (int)conf_int("db_pool_size"));
	daemon_detach(&opts);
	msg_info("starting: listening on %s", conf_str("milter_socket"));
	if (smfi_main() != MI_SUCCESS)
		msg_warn("libmilter stopped with an error");
	milter_drain();
	dbpool_close();
	msg_info("stopped");
	free(sock);
	return EX_OK;
}
