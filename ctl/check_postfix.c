/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_postfix: postreplyctl check's look at Postfix, through its own
 * eyes (postconf, postconf -M, postconf -P, postmap -q): the smtpd
 * services and their chroot, the milter and policy service wiring and
 * whether smtpd reaches them (check_socket.c), milter_default_action,
 * the reply domain's acceptance and route, and the header_checks rule
 * that drops X-PostReply-* headers from outside.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check_domain.h"
#include "check_findings.h"
#include "check_postfix.h"
#include "check_socket.h"
#include "conf.h"
#include "postconf.h"
#include "postfix.h"
#include "xmalloc.h"

#define CHECK_MAX_SERVICES 64
#define CHECK_CLASS_DEPTH 4 /* restriction classes within classes */

/* An smtpd service of master.cf ("smtp/inet"), as postconf -M has it. */
struct check_service {
	char *name;
	int chrooted;
};

/* What every check of Postfix's side needs. */
struct check_pf {
	char *queue_dir;
	char *mail_owner;
	char *params; /* postconf -P -x: the -o overrides of master.cf */
	struct check_service services[CHECK_MAX_SERVICES];
	int nservices;
};

/* One line of postconf -M: an smtpd that takes mail from outside? */
static void
check_pf_service(struct check_pf *pf, const char *line)
{
	char **f = postfix_list(line);
	int n = 0;

	while (f[n])
		n++;
	if (n >= 8 && strcmp(f[7], "smtpd") == 0 &&
	    (strcmp(f[1], "inet") == 0 || strcmp(f[1], "pass") == 0) &&
	    pf->nservices < CHECK_MAX_SERVICES) {
		pf->services[pf->nservices].name =
		    xasprintf("%s/%s", f[0], f[1]);
		/* "-" is Postfix 3's default: not chrooted. */
		pf->services[pf->nservices++].chrooted = f[4][0] == 'y';
	}
	postfix_list_free(f);
}

static int
check_pf_load(struct check_pf *pf)
{
	const char *master[] = {"-M", NULL}, *params[] = {"-P", "-x", NULL};
	char err[256], *out, *line, *save = NULL;

	memset(pf, 0, sizeof(*pf));
	pf->queue_dir = postconf_get("queue_directory", 1, err, sizeof(err));
	if (pf->queue_dir == NULL ||
	    postconf_run("postconf", master, &out, err, sizeof(err)) != 0) {
		check_error("postfix",
			    "install Postfix, or name the configuration "
			    "directory of the instance with --postfix-config "
			    "DIR",
			    "cannot read Postfix's configuration: %s", err);
		return -1;
	}
	for (line = strtok_r(out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		check_pf_service(pf, line);
	free(out);
	pf->mail_owner = postconf_value("mail_owner", 1);
	if (postconf_run("postconf", params, &pf->params, err, sizeof(err)) !=
	    0) {
		free(pf->params);
		pf->params = xstrdup("");
	}
	return 0;
}

static void
check_pf_free(struct check_pf *pf)
{
	int i;

	for (i = 0; i < pf->nservices; i++)
		free(pf->services[i].name);
	free(pf->queue_dir);
	free(pf->mail_owner);
	free(pf->params);
}

/* The service's -o override of a parameter (allocated), or NULL. */
static char *
check_pf_override(const struct check_pf *pf, const char *service,
		  const char *param)
{
	char *key = xasprintf("%s/%s = ", service, param), *at, *v = NULL;

	for (at = strstr(pf->params, key); at; at = strstr(at + 1, key))
		if (at == pf->params || at[-1] == '\n') {
			at += strlen(key);
			v = xstrndup(at, strcspn(at, "\n"));
			break;
		}
	free(key);
	return v;
}

/* The first smtpd service that is chrooted, else the first one. */
static const struct check_service *
check_pf_main_service(const struct check_pf *pf)
{
	int i;

	for (i = 0; i < pf->nservices; i++)
		if (pf->services[i].chrooted)
			return &pf->services[i];
	return pf->nservices ? &pf->services[0] : NULL;
}

/*
 * The item of a list that names our socket (key) best, as
 * check_names_ours scores it; a { name, options } group counts by its
 * name. Returns the score; *found is the name (allocated).
 */
static int
check_pf_find(const char *list, const char *key, const struct check_pf *pf,
	      int chrooted, char **found)
{
	char **items = postfix_list(list), **g;
	int i, best = 0, score;

	*found = NULL;
	for (i = 0; items[i]; i++) {
		g = postfix_group(items[i]);
		if (g[0] && (score = check_names_ours(key, g[0], pf->queue_dir,
						      chrooted)) > best) {
			best = score;
			free(*found);
			*found = xstrdup(g[0]);
		}
		postfix_list_free(g);
	}
	postfix_list_free(items);
	return best;
}

/* When no string for our socket can work from a chrooted smtpd. */
static char *
check_pf_fix_move(const struct check_pf *pf, const char *key,
		  const char *program)
{
	return xasprintf("set %s = unix:%s/postreply/%s in postreply.conf "
			 "(inside the queue directory, which a chrooted smtpd "
			 "can reach) and restart %s",
			 key, pf->queue_dir,
			 strcmp(key, "milter_socket") == 0 ? "milter.sock"
							   : "policyd.sock",
			 program);
}

static void
check_pf_milter_missing(const struct check_pf *pf, const char *raw)
{
	const struct check_service *s = check_pf_main_service(pf);
	char *want = check_postfix_name("milter_socket", pf->queue_dir,
					s && s->chrooted);
	char *fix =
	    want ? postconf_fix_add("smtpd_milters", raw, want)
		 : check_pf_fix_move(pf, "milter_socket", "postreply-milter");

	check_error("milter_listed", fix,
		    "smtpd_milters does not name postreply-milter "
		    "(milter_socket = %s): replies are not recognised",
		    conf_cur()->milter_socket);
	free(want);
	free(fix);
}

/*
 * smtpd_milters of each smtpd service names our milter (master.cf's -o
 * overrides count), and that smtpd reaches it.
 */
static void
check_pf_milter(const struct check_pf *pf)
{
	char *raw = postconf_value("smtpd_milters", 0);
	char *value = postconf_value("smtpd_milters", 1), *over;
	char *found[CHECK_MAX_SERVICES];
	struct check_reach r = {"milter_socket",
				"milter_socket",
				"postreply-milter",
				"smtpd_milters",
				raw,
				NULL,
				0,
				pf->queue_dir,
				pf->mail_owner,
				NULL,
				NULL};
	int i, missing = 0, overridden[CHECK_MAX_SERVICES];

	for (i = 0; i < pf->nservices; i++) {
		over = check_pf_override(pf, pf->services[i].name,
					 "smtpd_milters");
		overridden[i] = over != NULL;
		if (check_pf_find(over ? over : value, "milter_socket", pf,
				  pf->services[i].chrooted, &found[i]) == 0 &&
		    over == NULL)
			missing = 1;
		free(over);
	}
	if (pf->nservices == 0)
		check_error("milter_listed",
			    "add an smtpd service to master.cf",
			    "master.cf has no smtpd service: nothing receives "
			    "mail");
	else if (missing)
		check_pf_milter_missing(pf, raw);
	else
		check_ok("milter_listed",
			 "smtpd_milters names postreply-milter");
	for (i = 0; i < pf->nservices; i++) {
		r.service = pf->services[i].name;
		r.chrooted = pf->services[i].chrooted;
		r.value = overridden[i] ? NULL : raw;
		if (found[i])
			check_reach(&r, found[i]);
		free(found[i]);
	}
	free(raw);
	free(value);
}

static void
check_pf_default_action(void)
{
	char *v = postconf_value("milter_default_action", 1), *fix;

	if (strcmp(v, "tempfail") == 0)
		check_ok("milter_default_action",
			 "milter_default_action = tempfail: while the milter "
			 "is down, senders are asked to try again");
	else {
		fix =
		    xasprintf("%s -e 'milter_default_action = tempfail' && %s",
			      postconf_command(), postconf_reload_command());
		check_error("milter_default_action", fix,
			    "milter_default_action is \"%s\", not tempfail: "
			    "while postreply-milter is down, replies would "
			    "not be deferred and retried",
			    v);
		free(fix);
	}
	free(v);
}

/* Where the policy service and relay control stand in the restrictions. */
struct check_pf_policy {
	const struct check_pf *pf;
	int chrooted;
	char **classes; /* smtpd_restriction_classes */
	int pos;        /* items walked so far */
	int unauth;     /* position of reject_unauth_destination, or -1 */
	int found;      /* check_names_ours score of the best so far */
	int found_pos;
	char *theirs;    /* the service name Postfix has */
	char *parameter; /* where it was found */
};

static void check_pf_walk(struct check_pf_policy *p, const char *param,
			  int depth);

/* The name of a check_policy_service's server: "unix:" when bare. */
static char *
check_pf_policy_name(const char *item)
{
	char **g = postfix_group(item), *name;

	if (g[0] == NULL)
		name = xstrdup("");
	else if (strncmp(g[0], "unix:", 5) == 0 ||
		 strncmp(g[0], "inet:", 5) == 0)
		name = xstrdup(g[0]);
	else
		name = xasprintf("unix:%s", g[0]);
	postfix_list_free(g);
	return name;
}

/* Restriction classes this item names, walked where it stands. */
static void
check_pf_walk_classes(struct check_pf_policy *p, const char *item, int depth)
{
	size_t n, len;
	const char *at;

	for (n = 0; p->classes[n]; n++) {
		len = strlen(p->classes[n]);
		for (at = strstr(item, p->classes[n]); at;
		     at = strstr(at + 1, p->classes[n]))
			if ((at == item || strchr(" ={,", at[-1])) &&
			    (at[len] == 0 || strchr(" },", at[len]))) {
				check_pf_walk(p, p->classes[n], depth + 1);
				break;
			}
	}
}

static void
check_pf_walk(struct check_pf_policy *p, const char *param, int depth)
{
	char *value = postconf_value(param, 1), **items, *name;
	int i, score;

	items = postfix_list(value);
	free(value);
	for (i = 0; items[i] && depth <= CHECK_CLASS_DEPTH; i++, p->pos++) {
		if (p->unauth < 0 &&
		    (strcmp(items[i], "reject_unauth_destination") == 0 ||
		     strcmp(items[i], "defer_unauth_destination") == 0))
			p->unauth = p->pos;
		if (strcmp(items[i], "check_policy_service") == 0 &&
		    items[i + 1]) {
			name = check_pf_policy_name(items[++i]);
			score = check_names_ours("policyd_socket", name,
						 p->pf->queue_dir, p->chrooted);
			if (score > p->found) {
				p->found = score;
				p->found_pos = p->pos;
				free(p->theirs);
				free(p->parameter);
				p->theirs = name;
				p->parameter = xstrdup(param);
			} else
				free(name);
			continue;
		}
		check_pf_walk_classes(p, items[i], depth);
	}
	postfix_list_free(items);
}

static void
check_pf_policy_missing(const struct check_pf_policy *p)
{
	char *want =
	    check_postfix_name("policyd_socket", p->pf->queue_dir, p->chrooted);
	char *raw, *item, *fix;

	if (want == NULL)
		fix = check_pf_fix_move(p->pf, "policyd_socket",
					"postreply-policyd");
	else {
		raw = postconf_value("smtpd_recipient_restrictions", 0);
		item = xasprintf("check_policy_service { %s, timeout=10s, "
				 "try_limit=1, default_action=DUNNO }",
				 want);
		fix =
		    postconf_fix_add("smtpd_recipient_restrictions", raw, item);
		free(raw);
		free(item);
	}
	check_error("policy_service", fix,
		    "no check_policy_service names postreply-policyd "
		    "(policyd_socket = %s) in smtpd_relay_restrictions or "
		    "smtpd_recipient_restrictions: dead reply addresses are "
		    "refused only by the milter, and token guessing is not "
		    "slowed down",
		    conf_cur()->policyd_socket);
	free(want);
	free(fix);
}

/* The policy service comes after relay control, and smtpd reaches it. */
/*
 * What smtpd asks at RCPT, about an address outside every reply domain:
 * policyd answers it (DUNNO) without asking the database.
 */
#define CHECK_PF_POLICY_REQUEST                                                \
	"request=smtpd_access_policy\nprotocol_state=RCPT\n"                   \
	"protocol_name=SMTP\nclient_address=127.0.0.1\n"                       \
	"sender=postreplyctl@localhost\nrecipient=postmaster@localhost\n\n"

static void
check_pf_policy(const struct check_pf *pf)
{
	const struct check_service *s = check_pf_main_service(pf);
	char *classes = postconf_value("smtpd_restriction_classes", 1), *raw;
	struct check_pf_policy p = {
	    pf,  s && s->chrooted, postfix_list(classes), 0, -1, 0, 0, NULL,
	    NULL};
	struct check_reach r = {"policyd_socket",
				"policyd_socket",
				"postreply-policyd",
				NULL,
				NULL,
				s ? s->name : "smtpd",
				p.chrooted,
				pf->queue_dir,
				pf->mail_owner,
				CHECK_PF_POLICY_REQUEST,
				"action="};

	free(classes);
	/* Postfix evaluates the relay restrictions first. */
	check_pf_walk(&p, "smtpd_relay_restrictions", 0);
	check_pf_walk(&p, "smtpd_recipient_restrictions", 0);
	if (p.found == 0)
		check_pf_policy_missing(&p);
	else if (p.unauth < 0 || p.found_pos < p.unauth)
		check_error(
		    "policy_service",
		    "put check_policy_service after "
		    "reject_unauth_destination: see README, \"Wiring "
		    "postreply-policyd into Postfix\"",
		    "check_policy_service for postreply-policyd (in %s) "
		    "%s: policyd would be asked about mail this server "
		    "does not accept",
		    p.parameter,
		    p.unauth < 0 ? "has no reject_unauth_destination "
				   "before it"
				 : "comes before reject_unauth_destination");
	else {
		check_ok("policy_service",
			 "check_policy_service for postreply-policyd (in %s) "
			 "comes after reject_unauth_destination",
			 p.parameter);
		raw = postconf_value(p.parameter, 0);
		r.parameter = p.parameter;
		r.value = raw;
		check_reach(&r, p.theirs);
		free(raw);
	}
	postfix_list_free(p.classes);
	free(p.theirs);
	free(p.parameter);
}

#define CHECK_PF_HEADER_RULE "regexp:{ { /^X-PostReply-/ IGNORE } }"

/* header_checks drops X-PostReply-* headers that come from outside. */
static void
check_pf_headers(void)
{
	char *maps = postconf_value("header_checks", 1), **items, *v = NULL;
	char err[256], *raw, *fix;
	int i, found = 0;

	items = postfix_list(maps);
	for (i = 0; items[i] && found == 0; i++)
		found = postconf_lookup(items[i], "X-PostReply-Account: x", &v,
					err, sizeof(err));
	if (found == 1 && strncasecmp(v, "IGNORE", 6) == 0)
		check_ok("header_checks",
			 "header_checks drops X-PostReply-* headers from "
			 "outside (%s)",
			 items[i - 1]);
	else {
		raw = postconf_value("header_checks", 0);
		/* The first map that matches decides: ours goes first. */
		fix =
		    xasprintf("%s -e 'header_checks = %s%s%s' && %s",
			      postconf_command(), CHECK_PF_HEADER_RULE,
			      *raw ? ", " : "", raw, postconf_reload_command());
		check_error("header_checks", fix,
			    "header_checks %s: anyone could send a reply with "
			    "X-PostReply-* headers of their own making",
			    found == 1  ? "answers X-PostReply-* headers with "
					  "something other than IGNORE"
			    : found < 0 ? "cannot be read"
					: "lets X-PostReply-* headers through");
		free(raw);
		free(fix);
	}
	free(v);
	free(maps);
	postfix_list_free(items);
}

void
check_postfix(void)
{
	struct check_pf pf;

	if (check_pf_load(&pf) < 0)
		return;
	check_pf_milter(&pf);
	check_pf_default_action();
	check_domain();
	check_pf_policy(&pf);
	check_pf_headers();
	check_pf_free(&pf);
}
