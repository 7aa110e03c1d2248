/*
 * daemon: start-up shared by the postreply daemons: the -c/-n/-f/-s/-v
 * options (-s: in the foreground, logging to syslog, as a service
 * manager runs a daemon), configuration, logging, dropping root, detaching.
 * Everything here may fail only with a fatal error, since it runs before any
 * mail.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "conf.h"
#include "daemon.h"
#include "listen.h"
#include "msg.h"

int daemon_allow_test;

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
	const char *user = conf_str("user");
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

int
daemon_listen(const char *key)
{
	const char *endpoint = conf_str(key), *group = conf_str("socket_group");
	struct group *gr = NULL;
	int fd;

	if (*group && strncmp(endpoint, "unix:", 5) == 0 &&
	    (gr = getgrnam(group)) == NULL)
		msg_fatal(EX_CONFIG,
			  "socket_group \"%s\" does not exist: set it to the "
			  "group Postfix's processes run as (the group of "
			  "Postfix's mail_owner)",
			  group);
	if ((fd = listen_open(endpoint, gr ? gr->gr_gid : (gid_t)-1)) < 0)
		msg_fatal(EX_UNAVAILABLE,
			  "cannot listen on %s (%s): %s; check that its "
			  "directory exists, that no other program uses it, "
			  "and that this program may give it to socket_group "
			  "\"%s\"",
			  endpoint, key, strerror(errno), group);
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
