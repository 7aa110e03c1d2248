/*
 * postreply-milter: recognises replies to reply addresses inside Postfix,
 * records them and forwards them to the account's mailbox. This file is
 * start-up and shutdown; the mail logic is in milter.c.
 *
 * Shutdown is ours, not libmilter's: on SIGTERM libmilter abandons the
 * sessions its worker pool holds, which would turn a reply in flight into
 * a 4xx for the sender. So libmilter runs in a thread of its own (where
 * it blocks SIGTERM for itself and its threads), while the main thread
 * waits for signals: kill(2) to a process is taken by its main thread
 * when that thread waits for the signal. On SIGTERM new messages are
 * tempfailed, messages in flight finish, and only then is libmilter
 * stopped.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
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
#include "store.h"
#include "tokendb.h"
#include "xmalloc.h"

#define MILTER_DRAIN_SECONDS 60
#define MILTER_STOP_SECONDS 1

/*
 * Postfix writes milter sockets as unix:/path or inet:host:port;
 * libmilter wants unix:/path, inet:port@host or inet6:port@host.
 */
static char *
milter_socket_libmilter(const char *postfix)
{
	const char *hostport = postfix + 5, *colon;
	char *host, *s;
	int v6;

	if (strncmp(postfix, "unix:", 5) == 0)
		return xstrdup(postfix);
	colon = strrchr(hostport, ':');
	v6 = hostport[0] == '[' && colon > hostport + 1 && colon[-1] == ']';
	host = v6 ? xstrndup(hostport + 1, (size_t)(colon - hostport - 2))
		  : xstrndup(hostport, (size_t)(colon - hostport));
	s = xasprintf("%s:%s@%s", v6 ? "inet6" : "inet", colon + 1, host);
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
	struct timespec ts = {0, 50 * 1000 * 1000};
	int n;

	while ((n = milter_inflight()) > 0 && time(NULL) < until)
		nanosleep(&ts, NULL);
	if (n > 0)
		msg_warn("stopping with %d messages unfinished; Postfix will "
			 "retry them",
			 n);
}

static pthread_mutex_t main_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t main_done = PTHREAD_COND_INITIALIZER;
static int main_libmilter_done;

static void *
main_libmilter(void *arg)
{
	(void)arg;
	if (smfi_main() != MI_SUCCESS)
		msg_warn("libmilter stopped with an error");
	pthread_mutex_lock(&main_lock);
	main_libmilter_done = 1;
	pthread_cond_signal(&main_done);
	pthread_mutex_unlock(&main_lock);
	return NULL;
}

/* Wait for a stop signal, or for libmilter to end on its own. */
static int
main_wait_signal(const sigset_t *set)
{
	struct timespec ts = {1, 0};
	int sig;

	for (;;) {
		sig = sigtimedwait(set, NULL, &ts);
		if (sig == SIGHUP) {
			msg_warn("SIGHUP: reloading the configuration is not "
				 "supported yet; restart to apply changes");
			continue;
		}
		if (sig > 0)
			return sig;
		pthread_mutex_lock(&main_lock);
		sig = main_libmilter_done;
		pthread_mutex_unlock(&main_lock);
		if (sig)
			return 0;
	}
}

static void *
main_smfi_stop(void *arg)
{
	(void)arg;
	smfi_stop();
	return NULL;
}

/*
 * Stop libmilter, giving it a moment to close its sockets. Nothing is in
 * flight any more. smfi_stop() itself can block for the 5 s its listener
 * sleeps in poll(), so it runs in a thread of its own and we do not wait
 * for it longer than MILTER_STOP_SECONDS.
 */
static void
main_stop_libmilter(void)
{
	struct timespec until;
	pthread_t tid;

	if (pthread_create(&tid, NULL, main_smfi_stop, NULL) == 0)
		pthread_detach(tid);
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += MILTER_STOP_SECONDS;
	pthread_mutex_lock(&main_lock);
	while (!main_libmilter_done)
		if (pthread_cond_timedwait(&main_done, &main_lock, &until) ==
		    ETIMEDOUT)
			break;
	pthread_mutex_unlock(&main_lock);
}

int
main(int argc, char **argv)
{
	struct daemon_opts opts;
	pthread_t tid;
	sigset_t set;
	char *sock;
	int sig;

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
	tokendb_init();
	store_init();
	dbpool_init("postreply-milter", (int)conf_int("db_pool_size"));
	daemon_detach(&opts);

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if ((errno = pthread_create(&tid, NULL, main_libmilter, NULL)) != 0)
		msg_fatal(EX_OSERR, "cannot start libmilter: %s",
			  strerror(errno));
	pthread_detach(tid);
	msg_info("starting: listening on %s", conf_str("milter_socket"));

	if ((sig = main_wait_signal(&set)) != 0) {
		msg_info("%s: finishing messages in flight, then stopping",
			 strsignal(sig));
		milter_stopping();
		milter_drain();
		main_stop_libmilter();
	}
	msg_info("stopped");
	free(sock);
	/* libmilter's threads may still hold connections: do not unwind. */
	_exit(EX_OK);
}
