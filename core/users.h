/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_USERS_H
#define POSTREPLY_USERS_H

#include <libpq-fe.h>

/*
 * The people who sign in to postreply-web, the accounts granted to each,
 * their sessions and one-time sign-in links. Functions return -1 when the
 * database failed (after a warning, the error left on conn).
 */

/*
 * SQL: may user (an expression, e.g. $1) see the account with id
 * account (an expression)? An admin sees every account. Every query of
 * the web server that reads or changes an account's data says this in
 * its WHERE clause: the grant is checked by the database, on each call.
 */
#define USERS_SEES(user, account)                                              \
	"(EXISTS (SELECT 1 FROM web_users wu WHERE wu.id = " user              \
	" AND wu.is_admin) OR EXISTS (SELECT 1 FROM web_grants wg"             \
	" WHERE wg.user_id = " user " AND wg.account_id = " account "))"

/* Who is signed in. */
struct users_who {
	long long id;
	char email[256];
	int admin;
	char csrf[65]; /* the session's token for state-changing requests */
};

/* A user added: 1, 0 when the address is taken, -1. */
int users_add(PGconn *conn, const char *email, int admin);
/* Removed, with sessions, links and grants: 1, 0 when unknown, -1. */
int users_remove(PGconn *conn, const char *email);
/*
 * The account (an account's address) granted to, or taken from, the
 * user: 1, 0 when either is unknown, -1.
 */
int users_grant(PGconn *conn, const char *email, const char *account);
int users_revoke(PGconn *conn, const char *email, const char *account);
/*
 * The password's crypt(3) hash set (NULL: sign-in by password no longer
 * possible); the user's sessions end. 1, 0 when unknown, -1.
 */
int users_set_password(PGconn *conn, const char *email, const char *hash);
/*
 * Users, their role and grants: a JSON array (one row, one column), or
 * rows of address, "admin" or "user", "password" or "link only", and
 * the accounts granted ("a@x, b@y").
 */
PGresult *users_list_json(PGconn *conn);
PGresult *users_list(PGconn *conn);

/*
 * The user of that address: 1 with who filled (csrf empty) and, when
 * hash is not NULL, *hash the password hash (a copy, NULL when none);
 * 0 when unknown; -1.
 */
int users_find(PGconn *conn, const char *email, struct users_who *who,
	       char **hash);

/*
 * A new session for user: its id (64 hex digits, for the cookie; only
 * its hash is stored) and its CSRF token in who->csrf. 0 or -1.
 */
int users_session_new(PGconn *conn, long long user, char id[65], char csrf[65]);
/*
 * The session of that cookie id, if neither idle longer than idle
 * seconds nor older than max seconds: 1 with who filled (and the session
 * marked seen), 0 when there is none, -1.
 */
int users_session_find(PGconn *conn, const char *id, int idle, int max,
		       struct users_who *who);
/*
 * The session of a user signed in by a trusted proxy's header: one per
 * user, made on the first request and found again by the user on the
 * next ones (its id is never handed out: the proxy vouches for each
 * request), made afresh once idle or older than the limits (seconds).
 * 1 with csrf filled when it was made, 0 when found, -1.
 */
int users_session_proxied(PGconn *conn, long long user, int idle, int max,
			  char csrf[65]);
/* End one session, or all of a user's ("sign out everywhere"). 0 or -1. */
int users_session_end(PGconn *conn, const char *id);
int users_sessions_end_all(PGconn *conn, long long user);

/*
 * A one-time sign-in link's token for the user of that address, valid
 * lifetime seconds: 1 with token filled and to the address as the user
 * was added (where to send it), 0 when there is no such user, -1.
 */
int users_link_new(PGconn *conn, const char *email, int lifetime,
		   char token[65], char to[256]);
/*
 * Use a link's token: 1 when it was valid (it is not any more), with a
 * new session made of it (its cookie id in id, who filled, as
 * users_session_new); 0 when unknown, used or expired; -1.
 */
int users_link_session(PGconn *conn, const char *token, char id[65],
		       struct users_who *who);
/*
 * Forget sessions idle or older than the limits (seconds), and links
 * expired a day ago. Failures are only warned about.
 */
void users_purge(PGconn *conn, int idle, int max);

#endif
