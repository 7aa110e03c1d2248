/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * daemon: start-up shared by the postreply daemons: the -c/-n/-f/-s/-v
 * options (-s: in the foreground, logging to syslog, as a service
 * manager runs a daemon), configuration, logging, dropping root, a first
 * look at the database, detaching; and the unix sockets removed again on
 * exit. Everything here may fail only with a fatal error, since it runs
 * before any mail.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "conf.h"
#include "daemon.h"
#include "db.h"
#include "listen.h"
#include "msg.h"

#define DAEMON_MAX_SOCKETS 4

int daemon_allow_test;

static char daemon_program[64]; /* postreply-milter, ... */

/*
 * The unix sockets this process created, each with the file it made, so
 * that what is removed on exit is ours and not the socket of a daemon
 * started after us on the same path.
 */
static struct {
	char path[108];
	dev_t dev;
	ino_t ino;
} daemon_sockets[DAEMON_MAX_SOCKETS];
static int daemon_nsockets;

static void
daemon_usage(const char *program)
{
	fprintf(stderr, "usage: postreply-%s [-fnsv] [-c config_file]%s\n",
		program, daemon_allow_test ? " [-t message_file]" : "");
	exit(EX_USAGE);
}

void
daemon_start(const char *program, int argc, char **argv,
	     struct daemon_opts *opts)
{
	static char ident[64];
	int c;

	/*
	 * A reload asked for before the program has set up its own SIGHUP
	 * handling (systemctl reload right after start) must not end it.
	 * Blocked later for sigwaitinfo, an ignored SIGHUP is still queued.
	 */
	signal(SIGHUP, SIG_IGN);
	memset(opts, 0, sizeof(*opts));
	while ((c = getopt(argc, argv,
			   daemon_allow_test ? "c:fnsvt:" : "c:fnsv")) != -1) {
		switch (c) {
		case 'c':
			opts->config = optarg;
			break;
		case 'f':
			opts->foreground = 1;
			break;
		case 'n':
			opts->print_config = 1;
			break;
		case 's':
			opts->foreground = opts->syslog = 1;
			break;
		case 'v':
			opts->verbose++;
			break;
		case 't':
			opts->test = optarg;
			break;
		default:
			daemon_usage(program);
		}
	}
	if (optind != argc)
		daemon_usage(program);
	snprintf(ident, sizeof(ident), "postreply/%s", program);
	snprintf(daemon_program, sizeof(daemon_program), "postreply-%s",
		 program);
	msg_open(ident, 1);
	conf_load_or_die(opts->config);
	if (opts->print_config) {
		conf_print(stdout);
		exit(EX_OK);
	}
	msg_verbose_set(opts->verbose);
	msg_open(ident, opts->foreground && !opts->syslog);
}

void
daemon_drop_privileges(void)
{
	const char *user = conf_cur()->user;
	struct passwd *pw;

	if (geteuid() != 0)
		return;
	if (*user == 0 || strcmp(user, "root") == 0)
		msg_fatal(EX_CONFIG, "refusing to run as root: set \"user\" to "
				     "an unprivileged account");
	if ((pw = getpwnam(user)) == NULL)
		msg_fatal(EX_NOUSER,
			  "user \"%s\" does not exist: create it (useradd "
			  "--system %s) or set \"user\" in the configuration",
			  user, user);
	if (initgroups(pw->pw_name, pw->pw_gid) < 0 || setgid(pw->pw_gid) < 0 ||
	    setuid(pw->pw_uid) < 0)
		msg_fatal(EX_OSERR, "cannot become user %s: %s", user,
			  strerror(errno));
}

void
daemon_check_database(void)
{
	struct db_failure why;
	PGconn *conn = db_open(daemon_program, &why);

	if (conn != NULL) {
		PQfinish(conn);
		return;
	}
	if (why.kind == DBFAULT_CONFIG)
		msg_fatal(EX_CONFIG, "%s", why.text);
	msg_warn("%s; starting all the same, and trying again as work comes "
		 "in",
		 why.text);
}

void
daemon_remove_sockets(void)
{
	struct stat st;
	int i;

	for (i = 0; i < daemon_nsockets; i++) {
		if (lstat(daemon_sockets[i].path, &st) < 0 ||
		    st.st_dev != daemon_sockets[i].dev ||
		    st.st_ino != daemon_sockets[i].ino)
			continue; /* gone, or another daemon's by now */
		if (unlink(daemon_sockets[i].path) < 0)
			msg_warn("cannot remove socket %s: %s; the next start "
				 "replaces it",
				 daemon_sockets[i].path, strerror(errno));
	}
	daemon_nsockets = 0;
}

/*
 * Remember a unix socket made for endpoint, to remove it on exit: also
 * on a fatal error (msg_fatal calls exit), so that Postfix finds no
 * socket without a daemon behind it.
 */
static void
daemon_remember(const char *endpoint)
{
	const char *path = endpoint + 5;
	struct stat st;

	if (strncmp(endpoint, "unix:", 5) != 0 ||
	    daemon_nsockets == DAEMON_MAX_SOCKETS ||
	    strlen(path) >= sizeof(daemon_sockets[0].path) ||
	    lstat(path, &st) < 0)
		return;
	if (daemon_nsockets == 0)
		atexit(daemon_remove_sockets);
	strcpy(daemon_sockets[daemon_nsockets].path, path);
	daemon_sockets[daemon_nsockets].dev = st.st_dev;
	daemon_sockets[daemon_nsockets].ino = st.st_ino;
	daemon_nsockets++;
}

int
daemon_listen(const char *key, const char *endpoint)
{
	return daemon_listen_as(key, endpoint, "socket_group",
				conf_cur()->socket_group);
}

int
daemon_listen_as(const char *key, const char *endpoint, const char *group_key,
		 const char *group)
{
	struct group *gr = NULL;
	int fd;

	if (*group && strncmp(endpoint, "unix:", 5) == 0 &&
	    (gr = getgrnam(group)) == NULL)
		msg_fatal(EX_CONFIG,
			  "%s \"%s\" does not exist: set it to the group of "
			  "the programs that connect to %s (for "
			  "socket_group, that of Postfix's mail_owner)",
			  group_key, group, key);
	if ((fd = listen_open(endpoint, gr ? gr->gr_gid : (gid_t)-1)) < 0)
		msg_fatal(EX_UNAVAILABLE,
			  "cannot listen on %s (%s): %s; check that its "
			  "directory exists, that no other program uses it, "
			  "and that this program may give it to %s "
			  "\"%s\"",
			  endpoint, key, strerror(errno), group_key, group);
	daemon_remember(endpoint);
	return fd;
}

void
daemon_detach(const struct daemon_opts *opts)
{
	if (opts->foreground)
		return;
	if (daemon(0, 0) < 0)
		msg_fatal(EX_OSERR, "cannot detach: %s", strerror(errno));
}

void
daemon_reload(void)
{
	char err[512];
	int n = conf_reload(err, sizeof(err));

	if (n < 0)
		msg_warn("SIGHUP: %s; the configuration in use is unchanged",
			 err);
	else
		msg_info("SIGHUP: configuration read again, %d setting%s "
			 "applied",
			 n, n == 1 ? "" : "s");
}
