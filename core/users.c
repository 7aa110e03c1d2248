/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * users: the one writer of postreply-web's people: users, their grants,
 * sessions and sign-in links (sql/014_web.sql). postreplyctl manages
 * users and grants; the web server signs people in. Secrets leave here
 * only once, to the caller that hands them out (a cookie, a link): the
 * database keeps their SHA-256, computed by PostgreSQL (sha256()), so
 * that no secret can be found from a copy of it.
 * Contract: addresses are compared without case; -1 means the database
 * failed, with a warning and the error left on conn.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "random.h"
#include "users.h"
#include "xmalloc.h"

#define USERS_ID "(SELECT id FROM web_users WHERE lower(email) = lower($1))"
#define USERS_ACCOUNT "(SELECT id FROM accounts WHERE lower(email) = lower($2))"
#define USERS_HASH(p) "sha256(decode(" p ", 'hex'))"

/* Rows a statement touched: 1 when some, 0 when none, -1. */
static int
users_changed(PGconn *conn, const char *sql, int n, const char *const *params)
{
	PGresult *res = db_query(conn, sql, n, params);
	int rc;

	if (res == NULL)
		return -1;
	rc = atoi(PQcmdTuples(res)) > 0;
	PQclear(res);
	return rc;
}

int
users_add(PGconn *conn, const char *email, int admin)
{
	const char *p[] = {email, admin ? "t" : "f"};

	return users_changed(conn,
			     "INSERT INTO web_users (email, is_admin)"
			     " VALUES ($1, $2) ON CONFLICT DO NOTHING",
			     2, p);
}

int
users_remove(PGconn *conn, const char *email)
{
	const char *p[] = {email};

	return users_changed(
	    conn, "DELETE FROM web_users WHERE lower(email) = lower($1)", 1, p);
}

int
users_grant(PGconn *conn, const char *email, const char *account)
{
	const char *p[] = {email, account};
	int rc =
	    users_changed(conn,
			  "INSERT INTO web_grants (user_id, account_id)"
			  " SELECT " USERS_ID ", " USERS_ACCOUNT
			  " WHERE " USERS_ID " IS NOT NULL AND " USERS_ACCOUNT
			  " IS NOT NULL ON CONFLICT DO NOTHING",
			  2, p);
	PGresult *res;

	if (rc != 0)
		return rc;
	/* Granted before: not an error. */
	res = db_query(conn,
		       "SELECT 1 FROM web_grants WHERE user_id = " USERS_ID
		       " AND account_id = " USERS_ACCOUNT,
		       2, p);
	if (res == NULL)
		return -1;
	rc = PQntuples(res) > 0;
	PQclear(res);
	return rc;
}

int
users_revoke(PGconn *conn, const char *email, const char *account)
{
	const char *p[] = {email, account};

	return users_changed(conn,
			     "DELETE FROM web_grants WHERE user_id = " USERS_ID
			     " AND account_id = " USERS_ACCOUNT,
			     2, p);
}

int
users_set_password(PGconn *conn, const char *email, const char *hash)
{
	const char *p[] = {email, hash};

	return users_changed(
	    conn,
	    "WITH u AS (UPDATE web_users SET password_hash = $2"
	    " WHERE lower(email) = lower($1) RETURNING id),"
	    " s AS (DELETE FROM web_sessions WHERE user_id IN (SELECT id FROM "
	    "u))"
	    " SELECT 1 FROM u",
	    2, p);
}

/* Users with their grants, both forms from the same rows. */
#define USERS_LIST_ROWS                                                        \
	"SELECT u.email, u.is_admin AS admin,"                                 \
	" u.password_hash IS NOT NULL AS password,"                            \
	" (SELECT coalesce(jsonb_agg(a.email ORDER BY a.email), '[]')"         \
	"  FROM web_grants g JOIN accounts a ON a.id = g.account_id"           \
	"  WHERE g.user_id = u.id) AS accounts FROM web_users u"

PGresult *
users_list_json(PGconn *conn)
{
	return db_query(conn,
			"SELECT coalesce(jsonb_pretty(jsonb_agg(to_jsonb(r)"
			" ORDER BY lower(r.email))), '[]')"
			" FROM (" USERS_LIST_ROWS ") r",
			0, NULL);
}

PGresult *
users_list(PGconn *conn)
{
	return db_query(
	    conn,
	    "SELECT email, CASE WHEN admin THEN 'admin' ELSE 'user'"
	    " END, CASE WHEN password THEN 'password' ELSE"
	    " 'link only' END, (SELECT coalesce(string_agg(e, ', '),"
	    " '') FROM jsonb_array_elements_text(accounts) e)"
	    " FROM (" USERS_LIST_ROWS ") r ORDER BY lower(email)",
	    0, NULL);
}

/* who from the first row (id, email, is_admin, csrf) of res. */
static void
users_who_of(const PGresult *res, struct users_who *who)
{
	memset(who, 0, sizeof(*who));
	who->id = atoll(PQgetvalue(res, 0, 0));
	snprintf(who->email, sizeof(who->email), "%s", PQgetvalue(res, 0, 1));
	who->admin = strcmp(PQgetvalue(res, 0, 2), "t") == 0;
	snprintf(who->csrf, sizeof(who->csrf), "%s", PQgetvalue(res, 0, 3));
}

/* The user of the first row of sql's answer: 1 with who filled, 0, -1. */
static int
users_who_query(PGconn *conn, const char *sql, int n, const char *const *params,
		struct users_who *who)
{
	PGresult *res = db_query(conn, sql, n, params);
	int rc;

	if (res == NULL)
		return -1;
	if ((rc = PQntuples(res) > 0))
		users_who_of(res, who);
	PQclear(res);
	return rc;
}

int
users_find(PGconn *conn, const char *email, struct users_who *who, char **hash)
{
	const char *p[] = {email};
	PGresult *res =
	    db_query(conn,
		     "SELECT id, email, is_admin, '', password_hash"
		     " FROM web_users WHERE lower(email) = lower($1)",
		     1, p);
	int rc;

	if (hash)
		*hash = NULL;
	if (res == NULL)
		return -1;
	if ((rc = PQntuples(res) > 0)) {
		users_who_of(res, who);
		if (hash && !PQgetisnull(res, 0, 4))
			*hash = xstrdup(PQgetvalue(res, 0, 4));
	}
	PQclear(res);
	return rc;
}

/* A cookie id or link token as we make them: 64 hex digits. */
static int
users_token_ok(const char *s)
{
	return s && strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

int
users_session_new(PGconn *conn, long long user, char id[65], char csrf[65])
{
	char uid[32];
	const char *p[] = {id, uid, csrf};

	random_hex(id, 32);
	random_hex(csrf, 32);
	snprintf(uid, sizeof(uid), "%lld", user);
	return db_exec(conn,
		       "INSERT INTO web_sessions (id_hash, user_id, csrf)"
		       " VALUES (" USERS_HASH("$1") ", $2, $3)",
		       3, p);
}

int
users_session_find(PGconn *conn, const char *id, int idle, int max,
		   struct users_who *who)
{
	char si[16], sm[16];
	const char *p[] = {id, si, sm};

	if (!users_token_ok(id))
		return 0;
	snprintf(si, sizeof(si), "%d", idle);
	snprintf(sm, sizeof(sm), "%d", max);
	return users_who_query(
	    conn,
	    "UPDATE web_sessions s SET seen_at = now() FROM web_users u"
	    " WHERE s.id_hash = " USERS_HASH(
		"$1") " AND u.id = s.user_id"
		      " AND s.seen_at > now() - $2::int * interval '1 second'"
		      " AND s.created_at > now() - $3::int * interval '1 "
		      "second'"
		      " RETURNING u.id, u.email, u.is_admin, s.csrf",
	    3, p, who);
}

/*
 * One statement, so that two first requests at once make one session:
 * the unique index on proxied sessions turns the second insert into an
 * update of the first's row. The row found again is made afresh (a new
 * token, a new start) once idle longer than $4 or older than $5 seconds.
 */
#define USERS_STALE                                                            \
	"(s.seen_at <= now() - $4::int * interval '1 second'"                  \
	" OR s.created_at <= now() - $5::int * interval '1 second')"

static const char users_proxied_sql[] =
    "INSERT INTO web_sessions AS s (id_hash, user_id, csrf, proxied)"
    " VALUES (" USERS_HASH("$1") ", $2, $3, true)"
				 " ON CONFLICT (user_id) WHERE proxied DO "
				 "UPDATE SET seen_at = now(),"
				 " csrf = CASE WHEN " USERS_STALE
				 " THEN excluded.csrf ELSE s.csrf END,"
				 " created_at = CASE WHEN " USERS_STALE
				 " THEN now()"
				 " ELSE s.created_at END RETURNING s.csrf";

int
users_session_proxied(PGconn *conn, long long user, int idle, int max,
		      char csrf[65])
{
	char id[65], fresh[65], uid[32], si[16], sm[16];
	const char *p[] = {id, uid, fresh, si, sm};
	PGresult *res;
	int rc;

	random_hex(id, 32);
	random_hex(fresh, 32);
	snprintf(uid, sizeof(uid), "%lld", user);
	snprintf(si, sizeof(si), "%d", idle);
	snprintf(sm, sizeof(sm), "%d", max);
	res = db_query(conn, users_proxied_sql, 5, p);
	if (res == NULL)
		return -1;
	csrf[0] = 0;
	if ((rc = PQntuples(res) > 0)) {
		snprintf(csrf, 65, "%s", PQgetvalue(res, 0, 0));
		rc = strcmp(csrf, fresh) == 0;
	}
	PQclear(res);
	return rc;
}

int
users_session_end(PGconn *conn, const char *id)
{
	const char *p[] = {id};

	if (!users_token_ok(id))
		return 0;
	return db_exec(
	    conn, "DELETE FROM web_sessions WHERE id_hash = " USERS_HASH("$1"),
	    1, p);
}

int
users_sessions_end_all(PGconn *conn, long long user)
{
	char uid[32];
	const char *p[] = {uid};

	snprintf(uid, sizeof(uid), "%lld", user);
	return db_exec(conn, "DELETE FROM web_sessions WHERE user_id = $1", 1,
		       p);
}

int
users_link_new(PGconn *conn, const char *email, int lifetime, char token[65],
	       char to[256])
{
	char life[16];
	const char *p[] = {email, token, life};
	PGresult *res;
	int rc;

	random_hex(token, 32);
	snprintf(life, sizeof(life), "%d", lifetime);
	res =
	    db_query(conn,
		     "WITH u AS (SELECT id, email FROM web_users"
		     " WHERE lower(email) = lower($1)),"
		     " l AS (INSERT INTO web_links (token_hash, user_id,"
		     " expires_at) SELECT " USERS_HASH(
			 "$2") ", id,"
			       " now() + $3::int * interval '1 second' FROM u)"
			       " SELECT email FROM u",
		     3, p);
	if (res == NULL)
		return -1;
	if ((rc = PQntuples(res) > 0))
		snprintf(to, 256, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return rc;
}

/*
 * One statement: the link is used up only together with the session it
 * makes, so a failure between the two cannot lose it.
 */
int
users_link_session(PGconn *conn, const char *token, char id[65],
		   struct users_who *who)
{
	char csrf[65];
	const char *p[] = {token, id, csrf};

	if (!users_token_ok(token))
		return 0;
	random_hex(id, 32);
	random_hex(csrf, 32);
	return users_who_query(
	    conn,
	    "WITH l AS (UPDATE web_links SET used_at = now()"
	    " WHERE token_hash = " USERS_HASH(
		"$1") " AND used_at IS NULL AND expires_at > now()"
		      " RETURNING user_id),"
		      " s AS (INSERT INTO web_sessions (id_hash, user_id, csrf)"
		      " SELECT " USERS_HASH(
			  "$2") ", user_id, $3 FROM l"
				" RETURNING user_id, csrf)"
				" SELECT u.id, u.email, u.is_admin, s.csrf "
				"FROM s"
				" JOIN web_users u ON u.id = s.user_id",
	    3, p, who);
}

void
users_purge(PGconn *conn, int idle, int max)
{
	char si[16], sm[16];
	const char *p[] = {si, sm};

	snprintf(si, sizeof(si), "%d", idle);
	snprintf(sm, sizeof(sm), "%d", max);
	db_exec(conn,
		"WITH s AS (DELETE FROM web_sessions"
		" WHERE seen_at < now() - $1::int * interval '1 second'"
		" OR created_at < now() - $2::int * interval '1 second')"
		" DELETE FROM web_links WHERE expires_at < now() - interval"
		" '1 day'",
		2, p);
}
