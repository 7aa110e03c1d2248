/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * outbound: which messages are an account's outreach. Anyone can write
 * any MAIL FROM, so a client may send as an account only when it logged
 * in with SASL as a login allowed for that account (see loginmap.c), or,
 * without a login, when it is in outbound_networks (empty by default: a
 * local user or a content filter's reinjection is not the account).
 * Mail from any other client passes unstamped: refusing it is not our
 * job. Only recipients who are the account's customers (or, with
 * track_unknown_recipients, outside the company's own domains) are
 * tracked. Colleagues are never customers.
 *
 * When the database is down, mail from an address known to be an account
 * is tempfailed (it cannot be recorded), and other mail passes untouched:
 * an outage must not stop all mail from the company's own network. The
 * accounts are known from a list reloaded every OUTBOUND_RELOAD seconds
 * and from every sender found to be an account.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cidr.h"
#include "conf.h"
#include "customer.h"
#include "db.h"
#include "loginmap.h"
#include "msg.h"
#include "outbound.h"
#include "replyaddr.h"
#include "xmalloc.h"

#define OUTBOUND_RELOAD 60

static pthread_mutex_t known_lock = PTHREAD_MUTEX_INITIALIZER;
static char **known; /* account addresses, lower case, sorted */
static size_t nknown;
static time_t known_loaded; /* 0: never */

static int
outbound_known_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *
known_key(const char *email)
{
	char *k = xstrdup(email), *p;

	for (p = k; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return k;
}

/* Is email a known account? Called with known_lock held. */
static int
outbound_known_has(const char *key)
{
	return nknown > 0 && bsearch(&key, known, nknown, sizeof(*known),
				     outbound_known_cmp) != NULL;
}

static void
known_add(const char *email)
{
	char *key = known_key(email);

	pthread_mutex_lock(&known_lock);
	if (!outbound_known_has(key)) {
		known = xrealloc(known, (nknown + 1) * sizeof(*known));
		known[nknown++] = key;
		qsort(known, nknown, sizeof(*known), outbound_known_cmp);
		key = NULL;
	}
	pthread_mutex_unlock(&known_lock);
	free(key);
}

/* Reload the whole list when it is old; failures keep the old one. */
static void
known_reload(PGconn *conn)
{
	PGresult *res;
	char **list;
	size_t i, n;
	time_t now = time(NULL);

	pthread_mutex_lock(&known_lock);
	n = now - known_loaded < OUTBOUND_RELOAD;
	if (!n)
		known_loaded = now; /* one thread reloads */
	pthread_mutex_unlock(&known_lock);
	if (n)
		return;
	res = db_query(conn, "SELECT lower(email) FROM accounts ORDER BY 1", 0,
		       NULL);
	if (res == NULL)
		return;
	n = (size_t)PQntuples(res);
	list = xcalloc(n ? n : 1, sizeof(*list));
	for (i = 0; i < n; i++)
		list[i] = xstrdup(PQgetvalue(res, (int)i, 0));
	PQclear(res);
	qsort(list, n, sizeof(*list), outbound_known_cmp);
	pthread_mutex_lock(&known_lock);
	for (i = 0; i < nknown; i++)
		free(known[i]);
	free(known);
	known = list;
	nknown = n;
	pthread_mutex_unlock(&known_lock);
}

static int
outbound_sender_run(PGconn *conn, void *arg)
{
	struct message *msg = arg;
	char *sender = replyaddr_unbracket(msg->envfrom);
	long long id = *sender ? customer_account(conn, sender) : 0;

	if (id > 0)
		known_add(sender);
	free(sender);
	if (id < 0)
		return -1;
	known_reload(conn);
	msg->account = id;
	return 0;
}

int
outbound_sender(struct message *msg)
{
	char *sender, *key;
	int account;

	if (dbpool_run(outbound_sender_run, msg) == 0)
		return 0;
	sender = replyaddr_unbracket(msg->envfrom);
	key = known_key(sender);
	pthread_mutex_lock(&known_lock);
	account = outbound_known_has(key);
	pthread_mutex_unlock(&known_lock);
	if (!account)
		msg_warn("database unavailable: mail from %s passes as not "
			 "outreach (not a known account)",
			 *sender ? sender : "<>");
	free(key);
	free(sender);
	return account ? -1 : 0;
}

static const char *
outbound_qid(const struct message *msg)
{
	return msg->queue_id ? msg->queue_id : "NOQUEUE";
}

/*
 * A client that neither logged in nor is in outbound_networks. Said at
 * info level when the sender is an account known without asking the
 * database: this path is taken by all mail from the Internet.
 */
static void
outbound_untrusted(const struct message *msg, const char *client)
{
	char *sender = replyaddr_unbracket(msg->envfrom);
	char *key = known_key(sender);
	int account;

	pthread_mutex_lock(&known_lock);
	account = outbound_known_has(key);
	pthread_mutex_unlock(&known_lock);
	if (account || msg_verbose)
		msg_info("%s: from=<%s>: client %s did not log in and is not "
			 "in outbound_networks: not outreach, passed "
			 "unstamped",
			 outbound_qid(msg), sender,
			 *client ? client : "unknown");
	free(key);
	free(sender);
}

/* The account's sender, and the SASL login: may it send as the account? */
static int
outbound_login(struct message *msg, const char *login)
{
	char *sender = replyaddr_unbracket(msg->envfrom);
	int rc = loginmap_allows(conf_cur()->sender_login_maps, sender, login);

	if (rc == 0) {
		msg_info("%s: from=<%s>: SASL login %s may not send as this "
			 "account (sender_login_maps): not outreach, passed "
			 "unstamped",
			 outbound_qid(msg), sender, login);
		msg->account = 0;
	}
	free(sender);
	return rc < 0 ? -1 : 0;
}

int
outbound_start(struct message *msg, const char *client, const char *login)
{
	int logged_in = login != NULL && *login != 0;

	if (client == NULL)
		client = "";
	if (!logged_in &&
	    (*client == 0 ||
	     !cidr_list_match(conf_cur()->outbound_networks, client))) {
		outbound_untrusted(msg, client);
		return 0;
	}
	/* No account has such an address: nothing to ask the database. */
	if (msg->envfrom_bad) {
		if (msg_verbose)
			msg_info("%s: MAIL FROM %s: %s; not outreach",
				 outbound_qid(msg), msg->envfrom,
				 msg->envfrom_bad);
		return 0;
	}
	if (outbound_sender(msg) < 0)
		return -1;
	if (msg->account == 0 || !logged_in)
		return 0;
	return outbound_login(msg, login);
}

int
outbound_rcpt(PGconn *conn, void *arg)
{
	struct outbound_rcpt *r = arg;
	char *sender;
	long long id;

	r->added = 0;
	id = customer_find(conn, r->msg->account, r->addr, NULL, 0);
	if (id < 0)
		return -1;
	if (id == 0) {
		sender = replyaddr_unbracket(r->msg->envfrom);
		r->added = conf_cur()->track_unknown_recipients &&
			   !outbound_internal(sender, r->addr);
		free(sender);
		if (!r->added)
			return 0;
	}
	message_add_outbound(r->msg, r->addr, id);
	r->added = 1;
	return 0;
}

/* domain is d, or a subdomain of d. */
static int
outbound_in_domain(const char *domain, const char *d, size_t dlen)
{
	size_t len = strlen(domain);

	if (len == dlen)
		return strncasecmp(domain, d, dlen) == 0;
	return len > dlen && domain[len - dlen - 1] == '.' &&
	       strncasecmp(domain + len - dlen, d, dlen) == 0;
}

int
outbound_internal(const char *sender, const char *rcpt)
{
	const char *rd = strrchr(rcpt, '@'), *sd = strrchr(sender, '@');
	const char *list = conf_cur()->internal_domains, *p = list;
	size_t n;

	if (rd == NULL)
		return 1; /* not an address anyone outside could have */
	rd++;
	if (sd != NULL && strcasecmp(rd, sd + 1) == 0)
		return 1;
	while (*p) {
		p += strspn(p, ", \t");
		n = strcspn(p, ", \t");
		if (n > 0 && outbound_in_domain(rd, p, n))
			return 1;
		p += n;
	}
	return 0;
}
