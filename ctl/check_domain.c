/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_domain: postreplyctl check's look at the reply domain in Postfix:
 * it must be accepted (relay_domains, as README sets it up, or a local
 * or virtual domain), and its route must not send a reply to another
 * host. The milter rewrites every reply address, so that route is only
 * ever taken by a reply that got past the milter; it must stay here
 * (or be refused at the loop check) rather than leave.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check_domain.h"
#include "check_findings.h"
#include "conf.h"
#include "postconf.h"
#include "postfix.h"
#include "xmalloc.h"

/* Does a domain list item (relay_domains, mydestination...) match? */
static int check_domain_in(const char *value, const char *domain, int parents,
			   int depth);

/* A /file/name item: its words are items of the list. */
static int
check_domain_file(const char *path, const char *domain, int parents, int depth)
{
	FILE *fp = fopen(path, "r");
	char line[1024];
	int found = 0;

	if (fp == NULL || depth > 2) {
		if (fp)
			fclose(fp);
		return 0;
	}
	while (!found && fgets(line, sizeof(line), fp))
		if (line[0] != '#')
			found =
			    check_domain_in(line, domain, parents, depth + 1);
	fclose(fp);
	return found;
}

/* domain ends with "." suffix. */
static int
check_domain_subdomain(const char *domain, const char *suffix)
{
	size_t d = strlen(domain), s = strlen(suffix);

	return d > s + 1 && domain[d - s - 1] == '.' &&
	       strcasecmp(domain + d - s, suffix) == 0;
}

static int
check_domain_item(const char *item, const char *domain, int parents, int depth)
{
	char err[256], *v;
	int found;

	if (item[0] == '/')
		return check_domain_file(item, domain, parents, depth);
	if (strchr(item, ':')) {
		found = postconf_lookup(item, domain, &v, err, sizeof(err));
		free(v);
		return found == 1;
	}
	if (item[0] == '.')
		return check_domain_subdomain(domain, item + 1);
	return strcasecmp(item, domain) == 0 ||
	       (parents && check_domain_subdomain(domain, item));
}

static int
check_domain_in(const char *value, const char *domain, int parents, int depth)
{
	char **items = postfix_list(value);
	int i, found = 0;

	for (i = 0; items[i] && !found; i++)
		found = check_domain_item(items[i], domain, parents, depth);
	postfix_list_free(items);
	return found;
}

/* The address classes of Postfix that accept a domain, in our order. */
static const struct {
	const char *param;
	const char *transport; /* its default route; NULL: none */
	const char *what;
} check_domain_classes[] = {
    {"relay_domains", "relay_transport", "a relay domain"},
    {"mydestination", "local_transport", "a local domain"},
    {"virtual_alias_domains", NULL, "a virtual alias domain"},
    {"virtual_mailbox_domains", "virtual_transport",
     "a virtual mailbox domain"},
};
#define CHECK_DOMAIN_NCLASSES                                                  \
	(sizeof(check_domain_classes) / sizeof(check_domain_classes[0]))

/* Which class accepts the domain: its index, or -1. */
static int
check_domain_class(const char *domain)
{
	char *parents = postconf_value("parent_domain_matches_subdomains", 1);
	char *v;
	size_t i;
	int found = 0;

	for (i = 0; i < CHECK_DOMAIN_NCLASSES && !found; i++) {
		v = postconf_value(check_domain_classes[i].param, 1);
		found = check_domain_in(
		    v, domain,
		    strstr(parents, check_domain_classes[i].param) != NULL, 0);
		free(v);
	}
	free(parents);
	return found ? (int)i - 1 : -1;
}

/* The command of a master.cf service (name/unix), allocated; "" if none. */
static char *
check_domain_command(const char *transport)
{
	char *entry = xasprintf("%s/unix", transport), *out, err[256], **f;
	const char *args[] = {"-M", entry, NULL};
	char *cmd = xstrdup("");

	if (postconf_run("postconf", args, &out, err, sizeof(err)) == 0) {
		f = postfix_list(out);
		if (f[0] && f[1] && f[2] && f[3] && f[4] && f[5] && f[6] &&
		    f[7]) {
			free(cmd);
			cmd = xstrdup(f[7]);
		}
		postfix_list_free(f);
	}
	free(out);
	free(entry);
	return cmd;
}

/* The host of a nexthop: [host]:port, host:port, inet:host:port. */
static char *
check_domain_host(const char *nexthop)
{
	const char *s = nexthop, *end;

	if (strncmp(s, "inet:", 5) == 0)
		s += 5;
	if (*s == '[' && (end = strchr(s, ']')) != NULL)
		return xstrndup(s + 1, (size_t)(end - s - 1));
	return xstrndup(s, strcspn(s, ":"));
}

/* This machine: loopback, or Postfix's own name. */
static int
check_domain_local_host(const char *nexthop)
{
	char *host, *me = postconf_value("myhostname", 1);
	int local;

	if (strncmp(nexthop, "unix:", 5) == 0) {
		free(me);
		return 1;
	}
	host = check_domain_host(nexthop);
	local = strncmp(host, "127.", 4) == 0 || strcmp(host, "::1") == 0 ||
		strcasecmp(host, "localhost") == 0 || strcasecmp(host, me) == 0;
	free(host);
	free(me);
	return local;
}

/* The route of the domain: transport_maps first, else the class's. */
static char *
check_domain_route_of(const char *domain, int class, char **source)
{
	char *maps = postconf_value("transport_maps", 1), **items, *v, err[256];
	int i;

	items = postfix_list(maps);
	free(maps);
	for (i = 0; items[i]; i++)
		if (postconf_lookup(items[i], domain, &v, err, sizeof(err)) ==
		    1) {
			*source = xasprintf("transport_maps, %s", items[i]);
			postfix_list_free(items);
			return v;
		}
	postfix_list_free(items);
	if (check_domain_classes[class].transport == NULL)
		return NULL;
	*source = xstrdup(check_domain_classes[class].transport);
	return postconf_value(check_domain_classes[class].transport, 1);
}

/* A route that sends a reply on: to which host, or NULL when it stays. */
static char *
check_domain_relayed_to(const char *route, int class, char **source)
{
	const char *colon = strchr(route, ':');
	char *transport =
	    xstrndup(route, colon ? (size_t)(colon - route) : strlen(route));
	char *cmd = check_domain_command(transport), *nexthop;

	free(transport);
	if (strcmp(cmd, "smtp") != 0 && strcmp(cmd, "lmtp") != 0) {
		free(cmd);
		return NULL;
	}
	free(cmd);
	nexthop = xstrdup(colon ? colon + 1 : "");
	if (*nexthop == 0 && class == 0) {
		free(nexthop);
		nexthop = postconf_value("relayhost", 1);
		if (*nexthop) {
			free(*source);
			*source = xstrdup("relayhost");
		}
	}
	if (*nexthop == 0 || check_domain_local_host(nexthop)) {
		free(nexthop);
		return NULL;
	}
	return nexthop;
}

/* error: and retry: routes, which smtpd applies at RCPT. */
static int
check_domain_refused(const char *domain, const char *route, const char *source)
{
	char *fix;

	if (strncmp(route, "error:", 6) != 0 &&
	    strncmp(route, "retry:", 6) != 0)
		return 0;
	fix = xasprintf("remove %s's entry from %s, then run %s", domain,
			source, postconf_reload_command());
	check_error("reply_domain_route", fix,
		    "%s is routed to \"%s\" (%s): smtpd refuses every reply "
		    "at RCPT with it, before postreply-milter can take the "
		    "reply",
		    domain, route, source);
	free(fix);
	return 1;
}

/*
 * A route to a transport in defer_transports: README's safety net. Such
 * a reply waits in the queue; the milter's rewritten replies never take
 * it, as they are no longer addressed to the reply domain.
 */
static int
check_domain_held(const char *domain, const char *route, const char *source)
{
	size_t len = strcspn(route, ":");
	char *deferred = postconf_value("defer_transports", 1),
	     **items = postfix_list(deferred);
	int i, held = 0;

	for (i = 0; items[i] && !held; i++)
		held = strlen(items[i]) == len &&
		       strncmp(items[i], route, len) == 0;
	if (held)
		check_ok("reply_domain_route",
			 "%s is routed to \"%s\" (%s), a transport in "
			 "defer_transports: a reply that got past "
			 "postreply-milter waits in the queue",
			 domain, route, source);
	postfix_list_free(items);
	free(deferred);
	return held;
}

static void
check_domain_route(const char *domain, int class)
{
	char *source = NULL,
	     *route = check_domain_route_of(domain, class, &source);
	char *to, *fix;

	if (route == NULL)
		check_ok("reply_domain_route",
			 "%s is %s: Postfix delivers nothing there itself, so "
			 "no reply is relayed",
			 domain, check_domain_classes[class].what);
	else if (check_domain_refused(domain, route, source) ||
		 check_domain_held(domain, route, source))
		;
	else if ((to = check_domain_relayed_to(route, class, &source)) == NULL)
		check_ok("reply_domain_route",
			 "%s is not relayed to another host (route %s, from "
			 "%s); postreply-milter rewrites every reply address "
			 "before that route is used",
			 domain, *route ? route : "default", source);
	else {
		fix = xasprintf("remove the route to %s for %s (%s); with no "
				"nexthop of its own, mail for %s goes to its "
				"MX, this server",
				to, domain, source, domain);
		check_error("reply_domain_route", fix,
			    "mail for %s would be relayed to %s (%s): a reply "
			    "the milter missed would leave this server",
			    domain, to, source);
		free(fix);
		free(to);
	}
	free(route);
	free(source);
}

/* The reply domain is accepted, and never relayed elsewhere. */
void
check_domain(void)
{
	const char *domain = conf_cur()->reply_domain;
	char *raw, *fix;
	int class = check_domain_class(domain);

	if (class < 0) {
		raw = postconf_value("relay_domains", 0);
		fix = postconf_fix_add("relay_domains", raw, domain);
		check_error(
		    "reply_domain_accepted", fix,
		    "Postfix does not accept mail for the reply domain "
		    "%s: it is in none of relay_domains, mydestination, "
		    "virtual_alias_domains, virtual_mailbox_domains; "
		    "postreply expects it in relay_domains",
		    domain);
		free(raw);
		free(fix);
		return;
	}
	check_ok("reply_domain_accepted", "Postfix accepts mail for %s (%s)",
		 domain, check_domain_classes[class].param);
	check_domain_route(domain, class);
}

int
check_domain_listed(const char *param, const char *domain)
{
	char *parents = postconf_value("parent_domain_matches_subdomains", 1);
	char *v = postconf_value(param, 1);
	int found =
	    check_domain_in(v, domain, strstr(parents, param) != NULL, 0);

	free(v);
	free(parents);
	return found;
}
