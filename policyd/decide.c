/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * decide: what postreply-policyd answers. The words of a refusal come
 * from tokendb, shared with the milter, so a sender reads the same thing
 * whichever of the two refused. Ordinary recipients never cost a
 * database query; when the database fails, only reply addresses are
 * deferred (DEFER_IF_PERMIT, so a later rejection still wins).
 */
#include <stdio.h>
#include <string.h>

#include "conf.h"
#include "customer.h"
#include "db.h"
#include "decide.h"
#include "msg.h"
#include "replyaddr.h"
#include "tokendb.h"

#define DECIDE_GUESSING                                                        \
	"DEFER_IF_PERMIT 4.7.1 Too many unknown reply addresses from your "    \
	"address; try again later"

struct decide_lookup {
	const char *token;
	struct tokendb_info info;
	enum tokendb_status status;
};

static int
decide_lookup_run(PGconn *conn, void *arg)
{
	struct decide_lookup *l = arg;

	l->status = tokendb_lookup(conn, l->token, &l->info);
	tokendb_info_free(&l->info);
	return l->status == TOKENDB_ERROR ? -1 : 0;
}

struct decide_dnc {
	const char *sender;
	const char *rcpt;
	int blocked;
};

static int
decide_dnc_run(PGconn *conn, void *arg)
{
	struct decide_dnc *d = arg;
	const char *params[] = {d->sender, d->rcpt};
	PGresult *res;

	res = db_query(conn,
		       "SELECT 1 FROM customers c JOIN accounts a"
		       " ON a.id = c.account_id"
		       " WHERE lower(a.email) = lower($1)"
		       " AND lower(c.email) = lower($2)"
		       " AND " CUSTOMER_DO_NOT_CONTACT("c"),
		       2, params);
	if (res == NULL)
		return -1;
	d->blocked = PQntuples(res) > 0;
	PQclear(res);
	return 0;
}

static const char *
decide_str(const struct request *req, const char *name)
{
	const char *v = request_get(req, name);

	return v ? v : "";
}

/* Outreach from an account to a customer who asked not to be contacted. */
static void
decide_outreach(const struct request *req, const char *rcpt, char *out,
		size_t outlen)
{
	struct decide_dnc d = {decide_str(req, "sender"), rcpt, 0};

	snprintf(out, outlen, "DUNNO");
	if (*d.sender == 0 || dbpool_run(decide_dnc_run, &d) < 0 || !d.blocked)
		return;
	msg_info("%s: reject: RCPT from %s: <%s> is do-not-contact for %s",
		 *decide_str(req, "queue_id") ? decide_str(req, "queue_id")
					      : "NOQUEUE",
		 decide_str(req, "client_address"), rcpt, d.sender);
	snprintf(out, outlen, "REJECT 5.7.1 <%s> asked not to be contacted",
		 rcpt);
}

void
decide(const struct request *req, struct decide_env *env, char *out,
       size_t outlen)
{
	const char *rcpt = decide_str(req, "recipient");
	const char *client = decide_str(req, "client_address");
	const char *qid = decide_str(req, "queue_id");
	const struct tokendb_refusal *r;
	struct decide_lookup l = {0};
	char token[TOKEN_LEN + 1];
	enum replyaddr_kind kind;

	snprintf(out, outlen, "DUNNO");
	if (strcmp(decide_str(req, "request"), "smtpd_access_policy") != 0 ||
	    strcmp(decide_str(req, "protocol_state"), "RCPT") != 0 ||
	    *rcpt == 0)
		return;
	if ((kind = replyaddr_parse(rcpt, token)) == REPLYADDR_NONE) {
		if (env->block_do_not_contact)
			decide_outreach(req, rcpt, out, outlen);
		return;
	}
	if (*qid == 0)
		qid = "NOQUEUE";
	if (ratelimit_blocked(env->guess, client, env->now)) {
		snprintf(out, outlen, "%s", DECIDE_GUESSING);
		return;
	}
	l.token = token;
	if (kind == REPLYADDR_MALFORMED)
		l.status = TOKENDB_UNKNOWN;
	else if (dbpool_run(decide_lookup_run, &l) < 0)
		l.status = TOKENDB_ERROR;
	if (l.status == TOKENDB_VALID)
		return;
	r = tokendb_refusal(l.status);
	msg_info("%s: %s: RCPT from %s: <%s>: %s", qid,
		 l.status == TOKENDB_ERROR ? "defer" : "reject", client, rcpt,
		 r->text);
	if (l.status == TOKENDB_ERROR) {
		snprintf(out, outlen, "DEFER_IF_PERMIT %s %s", r->xcode,
			 r->text);
		return;
	}
	snprintf(out, outlen, "REJECT %s %s", r->xcode, r->text);
	if (ratelimit_fail(env->guess, client, env->now))
		msg_warn("client %s sent %lld unknown or expired reply "
			 "addresses within %llds: deferring its reply "
			 "addresses for %llds",
			 client, conf_cur()->policyd_bad_token_limit,
			 conf_cur()->policyd_bad_token_window,
			 conf_cur()->policyd_bad_token_window);
}
