/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_forward: postreplyctl check's look at where replies go once the
 * milter has forwarded them. A forwarded reply leaves this Postfix with
 * the customer's envelope sender; when the account's mailbox is on
 * another server (Microsoft 365, Google Workspace, the internal Exchange
 * behind this MX), that server checks the customer's SPF against this
 * host and it fails, unless Postfix rewrites the envelope sender (SRS,
 * postsrsd). That is said once per forward domain, as a warning: mail
 * still flows, and a reply whose DKIM signature holds still passes DMARC.
 * Reads the accounts and Postfix's configuration; changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check_domain.h"
#include "check_findings.h"
#include "check_forward.h"
#include "db.h"
#include "postconf.h"
#include "postfix.h"
#include "tokendb.h"
#include "xmalloc.h"

#define CHECK_FORWARD_SEE "see README, Forwarding to another mail server"

/* A sender no installation owns, to ask the rewriting tables about. */
#define CHECK_FORWARD_PROBE "postreplyctl-check@srs-check.invalid"

/*
 * Does this Postfix deliver the domain itself? Only the domains it has
 * mailboxes for: local (mydestination) and virtual mailbox domains. A
 * relay domain is by definition handed to another server (the on-premises
 * MX in front of Exchange or Microsoft 365: the very case SRS is for),
 * and any other domain goes out through default_transport. Addresses of
 * virtual alias domains have no mailbox of their own: they are judged by
 * where virtual_alias_maps sends them (check_forward_target).
 * transport_maps overrides of a local domain are not looked at.
 */
static int
check_forward_delivers(const char *domain)
{
	return check_domain_listed("mydestination", domain) ||
	       check_domain_listed("virtual_mailbox_domains", domain);
}

/*
 * The address Postfix delivers to for addr: the first target of its
 * virtual_alias_maps entry (the address, then @domain), one level deep,
 * else addr itself. Allocated.
 */
static char *
check_forward_target(const char *addr)
{
	char *maps = postconf_value("virtual_alias_maps", 1), **items, *v;
	const char *at = strrchr(addr, '@'), *keys[2] = {addr, at};
	char err[256], *target = NULL;
	int i, k;

	items = postfix_list(maps);
	free(maps);
	for (k = 0; k < 2 && target == NULL && keys[k]; k++)
		for (i = 0; items[i] && target == NULL; i++)
			if (postconf_lookup(items[i], keys[k], &v, err,
					    sizeof(err)) == 1) {
				target = xstrndup(v, strcspn(v, ", \t"));
				free(v);
			}
	postfix_list_free(items);
	return target ? target : xstrdup(addr);
}

/* Is addr delivered by this Postfix, after virtual aliasing? */
static int
check_forward_is_local(const char *addr)
{
	char *target = check_forward_target(addr);
	const char *at = strrchr(target, '@');
	int local = at && check_forward_delivers(at + 1);

	free(target);
	return local;
}

/*
 * A milter that rewrites the sender (postsrsd 2's milter mode names
 * itself so): its entry, allocated, or NULL.
 */
static char *
check_forward_srs_milter(void)
{
	static const char *params[] = {"smtpd_milters", "non_smtpd_milters"};
	char *v, **items, *found = NULL;
	int p, i;

	for (p = 0; p < 2 && found == NULL; p++) {
		v = postconf_value(params[p], 1);
		items = postfix_list(v);
		for (i = 0; items[i] && found == NULL; i++)
			if (strcasestr(items[i], "srs"))
				found = xstrdup(items[i]);
		postfix_list_free(items);
		free(v);
	}
	return found;
}

/*
 * Is the envelope sender of mail from outside rewritten? Yes when
 * sender_canonical_maps, applied to the envelope sender
 * (sender_canonical_classes), turns a foreign sender into another
 * address: asking it is what tells a running postsrsd (tcp: for 1.x,
 * socketmap: for 2.x) from one that is configured but down. Also yes
 * for an SRS milter, which cannot be asked. how says which, or why not.
 */
static int
check_forward_rewrites(char *how, size_t len)
{
	char *classes = postconf_value("sender_canonical_classes", 1);
	char *maps = postconf_value("sender_canonical_maps", 1), **items, *v;
	char err[256], *milter;
	int i, rc, found = 0;

	snprintf(how, len, "sender_canonical_maps is empty");
	items = postfix_list(strstr(classes, "envelope_sender") ? maps : "");
	if (*maps && items[0] == NULL)
		snprintf(how, len,
			 "sender_canonical_classes leaves out envelope_sender");
	for (i = 0; items[i] && !found; i++) {
		rc = postconf_lookup(items[i], CHECK_FORWARD_PROBE, &v, err,
				     sizeof(err));
		if (rc == 1 && strcasecmp(v, CHECK_FORWARD_PROBE) != 0) {
			snprintf(how, len, "%s rewrites %s to %s", items[i],
				 CHECK_FORWARD_PROBE, v);
			found = 1;
		} else if (rc < 0)
			snprintf(how, len, "%s does not answer: %s", items[i],
				 err);
		else
			snprintf(how, len, "%s does not rewrite %s", items[i],
				 CHECK_FORWARD_PROBE);
		if (rc == 1)
			free(v);
	}
	postfix_list_free(items);
	free(maps);
	free(classes);
	if (!found && (milter = check_forward_srs_milter()) != NULL) {
		snprintf(how, len, "milter %s rewrites it", milter);
		free(milter);
		found = 1;
	}
	return found;
}

/* One line for one forward domain: rows are domain, an address, count. */
static void
check_forward_domain(PGresult *res, int row, int rewrites, const char *how)
{
	const char *domain = PQgetvalue(res, row, 0);
	const char *addr = PQgetvalue(res, row, 1);
	long long others = atoll(PQgetvalue(res, row, 2)) - 1;
	char *who = others > 0
			? xasprintf("%s and %lld other address%s on %s", addr,
				    others, others > 1 ? "es" : "", domain)
			: xstrdup(addr);

	if (check_forward_is_local(addr))
		check_ok("forward",
			 "replies to %s are delivered by this Postfix", who);
	else if (rewrites)
		check_ok("forward",
			 "replies to %s are forwarded to another server with "
			 "the envelope sender rewritten (%s)",
			 who, how);
	else
		check_warn("forward",
			   "have Postfix rewrite the envelope sender with "
			   "postsrsd as README's \"Forwarding to another mail "
			   "server\" shows",
			   "replies to %s forwarded to another server: SPF "
			   "will fail there; " CHECK_FORWARD_SEE " (%s)",
			   who, how);
	free(who);
}

static const char check_forward_sql[] =
    "SELECT lower(split_part(f, '@', 2)), min(f), count(*)"
    " FROM (SELECT " TOKENDB_FORWARD_TO " AS f FROM accounts a) fwd"
    " GROUP BY 1 ORDER BY 1";

void
check_forward(void)
{
	struct db_failure why;
	PGconn *conn = db_open("postreplyctl", &why);
	PGresult *res;
	char how[512];
	int i, rewrites = -1;

	/* The database's own line has said why already. */
	if (conn == NULL)
		return;
	res = PQexec(conn, check_forward_sql);
	if (PQresultStatus(res) == PGRES_TUPLES_OK)
		for (i = 0; i < PQntuples(res); i++) {
			if (rewrites < 0)
				rewrites =
				    check_forward_rewrites(how, sizeof(how));
			check_forward_domain(res, i, rewrites, how);
		}
	PQclear(res);
	PQfinish(conn);
}
