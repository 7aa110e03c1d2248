/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * postreply-milter: recognises replies to reply addresses inside Postfix,
 * records them and forwards them to the account's mailbox. This file is
 * start-up and shutdown; the protocol is in engine.c, the mail logic in
 * milter.c.
 *
 * Shutdown: the main thread waits for signals while the listener and the
 * connection threads run. On SIGTERM new messages are tempfailed, messages
 * in flight finish, and only then does the process exit: a reply in flight
 * never becomes a 4xx for its sender.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "announce.h"
#include "conf.h"
#include "daemon.h"
#include "db.h"
#include "engine.h"
#include "listen.h"
#include "milter.h"
#include "msg.h"
#include "store.h"
#include "tokendb.h"

#define MILTER_DRAIN_SECONDS 60

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

/* Wait for a stop signal. */
static int
main_wait_signal(const sigset_t *set)
{
	int sig;

	for (;;) {
		sig = sigwaitinfo(set, NULL);
		if (sig == SIGHUP) {
			daemon_reload();
			continue;
		}
		if (sig > 0)
			return sig;
	}
}

int
main(int argc, char **argv)
{
	struct daemon_opts opts;
	sigset_t set;
	int sig, fd;

	daemon_start("milter", argc, argv, &opts);
	fd = daemon_listen("milter_socket", conf_cur()->milter_socket);
	daemon_drop_privileges();
	daemon_check_database();
	tokendb_init();
	store_init();
	dbpool_init("postreply-milter", (int)conf_cur()->db_pool_size);
	daemon_detach(&opts);

	/* Blocked here, so in every thread: the main thread takes them. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	announce_start();
	engine_start(&milter_filter, fd);
	msg_info("starting: listening on %s", conf_cur()->milter_socket);

	sig = main_wait_signal(&set);
	msg_info("%s: finishing messages in flight, then stopping",
		 strsignal(sig));
	milter_stopping();
	milter_drain();
	announce_stop();
	daemon_remove_sockets();
	msg_info("stopped");
	/* Connection threads may still hold connections: do not unwind. */
	_exit(EX_OK);
}
