/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_CTL_CHECK_H
#define POSTREPLY_CTL_CHECK_H

#include <stddef.h>

#include <libpq-fe.h>

/*
 * What postreplyctl check's parts share: the findings, each under the
 * name of the check that made it (as --json shows it).
 */

/* Something right. */
void check_ok(const char *check, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Something wrong, with fix: what to run or change (NULL: none known). */
void check_error(const char *check, const char *fix, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Something that works but will cost the user (replies SPF will refuse):
 * said, without failing the check.
 */
void check_warn(const char *check, const char *fix, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Postfix's side: postconf and postmap (check_postfix.c). */
void check_postfix(void);

/* The reply domain's acceptance and route (check_domain.c). */
void check_domain(void);

/*
 * Whether the main.cf domain list param (mydestination, relay_domains...)
 * has domain, as Postfix matches it (check_domain.c).
 */
int check_domain_listed(const char *param, const char *domain);

/*
 * Where replies are forwarded, and whether the envelope sender is
 * rewritten when that is another server (check_forward.c).
 */
void check_forward(void);

/* A main.cf value, $names expanded or not; "" when postconf failed. */
char *check_postconf(const char *name, int expand);

/* The fix that adds item to the list parameter whose value is raw. */
char *check_fix_add(const char *param, const char *raw, const char *item);

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

/*
 * The webhooks of postreply.conf: secret files readable, accounts there
 * (conn NULL: not looked up) (webhook.c).
 */
void webhook_check(PGconn *conn);

/* Open a connection to a socket within a few seconds: fd, or -1 (err). */
int check_connect(const char *endpoint, char *err, size_t errlen);

#endif
