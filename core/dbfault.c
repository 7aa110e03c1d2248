/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dbfault: what a database failure means to the operator. A server that
 * is down or busy is a temporary failure: the daemons wait for it and
 * postreplyctl exits EX_TEMPFAIL. A server that refuses us (who we log in
 * as, with what password, to which database, with which rights) is a
 * configuration error that no retry mends: postreplyctl and the daemons
 * at start-up exit EX_CONFIG, saying what to do.
 *
 * Statements carry an SQLSTATE, and it decides. A failed connection has
 * none in libpq 15 (it keeps the server's error fields to itself), so
 * there the words of the message decide; a server whose lc_messages is
 * not English makes such a failure read as temporary, as before.
 * Pure: no database, no configuration, so the unit tests drive it.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dbfault.h"

/* The kinds of refusal, each with its own advice. */
enum dbfault_cause {
	CAUSE_NONE,
	CAUSE_PEER,     /* peer or ident: system user and role differ */
	CAUSE_PASSWORD, /* wrong or missing password */
	CAUSE_AUTH,     /* any other authentication method failed */
	CAUSE_HBA,      /* no pg_hba.conf line admits us */
	CAUSE_NOROLE,
	CAUSE_NOLOGIN, /* a role that may not log in */
	CAUSE_NODB,
	CAUSE_DENIED, /* permission denied: rights, or CONNECT */
};

/* A field, or a placeholder that still reads as a sentence. */
static const char *
dbfault_or(const char *s, const char *dflt)
{
	return s && *s ? s : dflt;
}

static int
dbfault_has(const char *msg, const char *words)
{
	return msg && strcasestr(msg, words) != NULL;
}

static int
dbfault_state(const char *state, const char *want)
{
	return state && strcmp(state, want) == 0;
}

/* An authentication failure, by SQLSTATE 28xxx or by libpq's words. */
static enum dbfault_cause
dbfault_auth(const char *state, const char *msg)
{
	if (dbfault_has(msg, "no pg_hba.conf entry"))
		return CAUSE_HBA;
	if (dbfault_state(state, "28P01") ||
	    dbfault_has(msg, "password authentication failed") ||
	    dbfault_has(msg, "no password supplied"))
		return CAUSE_PASSWORD;
	if (dbfault_has(msg, "is not permitted to log in"))
		return CAUSE_NOLOGIN;
	if (dbfault_has(msg, "peer authentication failed") ||
	    dbfault_has(msg, "ident authentication failed"))
		return CAUSE_PEER;
	if (dbfault_state(state, "28000") ||
	    dbfault_has(msg, "authentication failed"))
		return CAUSE_AUTH;
	return CAUSE_NONE;
}

static enum dbfault_cause
dbfault_cause(const struct dbfault_facts *f)
{
	const char *state = f->sqlstate && *f->sqlstate ? f->sqlstate : NULL;
	const char *msg = f->message;
	enum dbfault_cause c;

	if (state && strncmp(state, "28", 2) != 0 &&
	    strcmp(state, "3D000") != 0 && strcmp(state, "42501") != 0)
		return CAUSE_NONE;
	if ((c = dbfault_auth(state, msg)) != CAUSE_NONE)
		return c;
	if (dbfault_state(state, "3D000") ||
	    (!state && dbfault_has(msg, "database \"") &&
	     dbfault_has(msg, "does not exist")))
		return CAUSE_NODB;
	if (!state && dbfault_has(msg, "role \"") &&
	    dbfault_has(msg, "does not exist"))
		return CAUSE_NOROLE;
	if (dbfault_state(state, "42501") ||
	    (!state && dbfault_has(msg, "permission denied")))
		return CAUSE_DENIED;
	return CAUSE_NONE;
}

/*
 * The server's own words in libpq's message: its first line, after
 * "FATAL:" (or "connection to ... failed:" for libpq's own refusals,
 * such as a missing password).
 */
static void
dbfault_words(const char *msg, char *buf, size_t len)
{
	const char *p = dbfault_or(msg, "unknown database error"), *q;
	size_t n;

	if ((q = strstr(p, "FATAL:")) != NULL)
		p = q + 6;
	else if ((q = strstr(p, "ERROR:")) != NULL)
		p = q + 6;
	else
		while ((q = strstr(p, "failed: ")) != NULL)
			p = q + 8;
	p += strspn(p, " \t");
	n = strcspn(p, "\n");
	snprintf(buf, len, "%.*s", (int)n, p);
}

static int
dbfault_daemon(const struct dbfault_facts *f)
{
	return f->program && strncmp(f->program, "postreply-", 10) == 0;
}

/*
 * Peer (or ident) authentication lets a system user in only as the role
 * of the same name. Whoever runs postreplyctl as root, say, must run it as
 * the role's system user instead, or connect over TCP with a password.
 */
static void
dbfault_peer(const struct dbfault_facts *f, const char *words, char *text,
	     size_t len)
{
	const char *role = dbfault_or(f->role, "?");
	const char *sys = dbfault_or(f->sysuser, "?");
	const char *runas = dbfault_or(f->runas, "postreply");
	const char *prog = dbfault_or(f->program, "postreplyctl");
	int other_role = strcmp(role, sys) != 0;
	const char *who = other_role ? role : runas;
	char tcp[256];

	snprintf(tcp, sizeof(tcp),
		 "or connect over TCP with a password (in \"database\": "
		 "host=localhost user=%s passfile=FILE)",
		 who);
	if (other_role && dbfault_daemon(f))
		snprintf(text, len,
			 "PostgreSQL refused role %s to system user %s (%s); "
			 "peer authentication admits a system user only as the "
			 "role of the same name: set \"user\" to %s, or remove "
			 "user=%s from \"database\", %s",
			 role, sys, words, role, role, tcp);
	else if (other_role || (strcmp(sys, runas) != 0 && !dbfault_daemon(f)))
		snprintf(text, len,
			 "PostgreSQL refused user %s (%s): run %s as user %s "
			 "(runuser -u %s -- %s ...), %s",
			 role, words, prog, who, who, prog, tcp);
	else if (strcmp(sys, runas) != 0)
		snprintf(text, len,
			 "PostgreSQL refused user %s (%s): start %s as root, "
			 "so that it runs as user %s, or create a role %s (as "
			 "user postgres: createuser %s), %s",
			 sys, words, prog, runas, sys, sys, tcp);
	else
		snprintf(text, len,
			 "PostgreSQL refused user %s (%s): create a role of "
			 "that name (as user postgres: createuser %s), %s",
			 sys, words, sys, tcp);
}

/* The advice for a refusal other than peer authentication. */
static void
dbfault_advise(enum dbfault_cause c, const struct dbfault_facts *f,
	       const char *words, char *text, size_t len)
{
	const char *role = dbfault_or(f->role, "?");
	const char *db = dbfault_or(f->dbname, "?");
	const char *prog = dbfault_or(f->program, "postreplyctl");

	switch (c) {
	case CAUSE_PASSWORD:
		snprintf(text, len,
			 "PostgreSQL refused role %s (%s): give the role's "
			 "password in a password file (passfile=FILE in "
			 "\"database\", or ~/.pgpass of the user running %s)",
			 role, words, prog);
		break;
	case CAUSE_HBA:
		snprintf(text, len,
			 "PostgreSQL admits no connection of role %s to "
			 "database %s from here (%s): add a line for them to "
			 "pg_hba.conf, or change host or user in \"database\"",
			 role, db, words);
		break;
	case CAUSE_NOROLE:
		snprintf(text, len,
			 "PostgreSQL has no role %s (%s): create it (as user "
			 "postgres: createuser %s), or name another with "
			 "user= in \"database\"",
			 role, words, role);
		break;
	case CAUSE_NOLOGIN:
		snprintf(text, len,
			 "PostgreSQL refused role %s (%s): let it log in (as "
			 "user postgres: psql -c 'ALTER ROLE %s LOGIN'), or "
			 "name another with user= in \"database\"",
			 role, words, role);
		break;
	case CAUSE_NODB:
		snprintf(text, len,
			 "PostgreSQL has no database %s (%s): create it (as "
			 "user postgres: createdb -O %s %s), or name another "
			 "with dbname= in \"database\"",
			 db, words, role, db);
		break;
	case CAUSE_DENIED:
		snprintf(text, len,
			 "PostgreSQL refused role %s (%s): connect as the role "
			 "that owns postreply's tables (user= in "
			 "\"database\"), or grant %s the rights it lacks",
			 role, words, role);
		break;
	default:
		snprintf(text, len,
			 "PostgreSQL refused role %s (%s): check how "
			 "pg_hba.conf authenticates it and what \"database\" "
			 "gives",
			 role, words);
	}
}

enum dbfault_kind
dbfault_explain(const struct dbfault_facts *f, char *text, size_t len)
{
	enum dbfault_cause c = dbfault_cause(f);
	const char *msg = dbfault_or(f->message, "unknown database error");
	char words[512];
	size_t n;

	if (c == CAUSE_NONE) {
		n = strcspn(msg, "\n");
		snprintf(text, len, "%.*s", (int)n, msg);
		return DBFAULT_TEMPORARY;
	}
	dbfault_words(f->message, words, sizeof(words));
	if (c == CAUSE_PEER)
		dbfault_peer(f, words, text, len);
	else
		dbfault_advise(c, f, words, text, len);
	return DBFAULT_CONFIG;
}
