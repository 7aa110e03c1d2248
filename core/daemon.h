/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_DAEMON_H
#define POSTREPLY_DAEMON_H

/* Common start-up of the daemons, in the order they need it. */

/* Options every program takes: -c FILE, -n, -f, -s, -v (and -t FILE
 * where the program sets allow_test before calling daemon_start). */
extern int daemon_allow_test;
struct daemon_opts {
	const char *config;
	int print_config;
	int foreground; /* -f, -s: do not detach */
	int syslog;     /* -s: but log to syslog, as under systemd */
	int verbose;
	const char *test; /* -t FILE, for the programs that take it */
};

/*
 * Parse the common options, load the configuration (exit EX_CONFIG on
 * error), print it and exit for -n, and open logging.
 */
void daemon_start(const char *program, int argc, char **argv,
		  struct daemon_opts *opts);

/* As root, become the configured user; a no-op for other users. */
void daemon_drop_privileges(void);

/*
 * The listening socket named by configuration key (milter_socket,
 * policyd_socket), a unix one given to socket_group. Fatal when it
 * cannot be had: this runs at start-up, as root, before dropping root.
 */
int daemon_listen(const char *key, const char *endpoint);
/* The same, a unix socket given to group (named by group_key) instead. */
int daemon_listen_as(const char *key, const char *endpoint,
		     const char *group_key, const char *group);

/*
 * A first connection to the database, as the user the daemon runs as:
 * when PostgreSQL refuses it (authentication, a missing role or
 * database, no right to connect), exit EX_CONFIG saying what to do; when
 * it cannot be reached, warn and carry on, as the daemon waits for it
 * anyway. Call after daemon_drop_privileges and before daemon_detach, so
 * that the exit status reaches whoever started the daemon.
 */
void daemon_check_database(void);

/*
 * Remove the unix sockets daemon_listen made, unless another daemon has
 * put its own at the same path since. Runs by itself at exit(); call it
 * before _exit().
 */
void daemon_remove_sockets(void);

/* Detach from the terminal unless running in the foreground. */
void daemon_detach(const struct daemon_opts *opts);

/*
 * SIGHUP: read the configuration file again and apply what may change in
 * a running program (conf_reload); log what happened. A bad file is
 * logged and changes nothing.
 */
void daemon_reload(void);

#endif
