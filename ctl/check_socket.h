/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_CTL_CHECK_SOCKET_H
#define POSTREPLY_CTL_CHECK_SOCKET_H

#include <stddef.h>

/*
 * Whether smtpd can reach one of our sockets (check_socket.c): theirs is
 * the string Postfix has (smtpd_milters, check_policy_service), key the
 * setting of ours (milter_socket, policyd_socket), parameter the Postfix
 * parameter theirs came from (for the fix), service the smtpd service
 * ("smtp/inet") and whether master.cf chroots it.
 */
struct check_reach {
	const char *check;
	const char *key;
	const char *program; /* postreply-milter */
	const char *parameter;
	const char *value; /* the parameter's value, for the fix */
	const char *service;
	int chrooted;
	const char *queue_dir;
	const char *mail_owner;
	/*
	 * A request the daemon must answer, and how its answer begins:
	 * accepting connections is not answering them. NULL: connecting
	 * is enough.
	 */
	const char *request;
	const char *answer;
};
void check_reach(const struct check_reach *r, const char *theirs);

/*
 * The string Postfix should have for our endpoint (key) as a service
 * (chrooted or not) sees it, allocated; NULL when no string can work
 * (a unix socket outside the queue directory for a chrooted smtpd).
 */
char *check_postfix_name(const char *key, const char *queue_dir, int chrooted);

/*
 * Whether a Postfix string (theirs) names our endpoint (key) for that
 * service, or looks meant to (same file name, same port): 2 when it
 * reaches it, 1 when it is meant to but does not, 0 otherwise.
 */
int check_names_ours(const char *key, const char *theirs, const char *queue_dir,
		     int chrooted);

/* Open a connection to a socket within a few seconds: fd, or -1 (err). */
int check_connect(const char *endpoint, char *err, size_t errlen);

#endif
