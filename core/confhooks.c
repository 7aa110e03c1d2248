/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * confhooks: the inbound webhooks declared in postreply.conf
 * (inbound_webhooks), read into a list (confhooks.h). The same rules as
 * postreplyctl webhook add: an http(s) URL, one of the formats of
 * core/webhooks.c, an optional account and an optional secret file
 * (absolute, as the daemons leave their working directory), mailgun
 * only with its signing key. A bad value is refused whole, with the
 * webhook's number and what was expected, before anything is applied:
 * conf.c puts the file, line and parameter before it. The file is the
 * only place these webhooks live: the database never holds them, and a
 * reload (SIGHUP) changes them for the next reply.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf.h"
#include "confhooks.h"
#include "confvalue.h"
#include "msg.h"
#include "hookformats.h"
#include "xmalloc.h"

#define CONFHOOKS_SYNTAX                                                       \
	"each webhook is { URL, format = FORMAT [, account = EMAIL] "          \
	"[, secret_file = FILE] }"

static void
confhooks_free_one(struct confhook *h)
{
	free(h->url);
	free(h->format);
	free(h->account);
	free(h->secret_file);
}

void
confhooks_free(struct confhooks *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		confhooks_free_one(&h->v[i]);
	free(h->v);
	h->v = NULL;
	h->n = 0;
}

/* An address with something either side of one "@", nothing else odd. */
static int
confhooks_email_ok(const char *v)
{
	const char *at = strchr(v, '@');

	return at && at != v && at[1] && strchr(at + 1, '@') == NULL &&
	       strpbrk(v, " \t{}<>\"") == NULL;
}

/* One "name = value" setting of webhook n into h; 0, or -1 with why. */
static int
confhooks_setting(struct confhook *h, size_t n, char *item, char *err,
		  size_t errlen)
{
	char *eq = strchr(item, '='), *name, *value, **slot;

	if (eq == NULL) {
		snprintf(err, errlen,
			 "webhook %zu: expected \"name = value\" after the "
			 "URL, found \"%s\"; " CONFHOOKS_SYNTAX,
			 n, item);
		return -1;
	}
	*eq = 0;
	name = conf_trim(item);
	value = conf_trim(eq + 1);
	if (strcmp(name, "format") == 0)
		slot = &h->format;
	else if (strcmp(name, "account") == 0)
		slot = &h->account;
	else if (strcmp(name, "secret_file") == 0)
		slot = &h->secret_file;
	else {
		snprintf(err, errlen,
			 "webhook %zu: unknown setting \"%s\"; the settings "
			 "are format, account and secret_file",
			 n, name);
		return -1;
	}
	if (*slot != NULL) {
		snprintf(err, errlen, "webhook %zu: %s is given twice", n,
			 name);
		return -1;
	}
	*slot = xstrdup(value);
	return 0;
}

/* Whether webhook n (h) is complete and its values good; -1 with why. */
static int
confhooks_validate(const struct confhook *h, size_t n, char *err, size_t errlen)
{
	const char *why;

	if ((why = confvalue_webhook_url(h->url)) != NULL)
		snprintf(err, errlen, "webhook %zu: bad URL \"%s\": %s", n,
			 h->url, why);
	else if (*h->format == 0)
		snprintf(err, errlen,
			 "webhook %zu: no format; add format = "
			 "" HOOKFORMATS_SAID,
			 n);
	else if (!hookformats_valid(h->format))
		snprintf(err, errlen,
			 "webhook %zu: unknown format \"%s\"; use "
			 "" HOOKFORMATS_SAID,
			 n, h->format);
	else if (*h->account && !confhooks_email_ok(h->account))
		snprintf(err, errlen,
			 "webhook %zu: account \"%s\" is not an email address",
			 n, h->account);
	else if (confvalue_path(h->secret_file) != NULL)
		snprintf(err, errlen,
			 "webhook %zu: secret_file \"%s\" is not an absolute "
			 "path",
			 n, h->secret_file);
	else if (strcmp(h->format, "mailgun") == 0 && *h->secret_file == 0)
		snprintf(err, errlen,
			 "webhook %zu: format mailgun needs secret_file = "
			 "FILE, the key its posts are signed with",
			 n);
	else
		return 0;
	return -1;
}

/* The inside of webhook n's braces, into h; -1 with why. */
static int
confhooks_one(char *inside, size_t n, struct confhook *h, char *err,
	      size_t errlen)
{
	char *item, *save = NULL;
	int first = 1;

	memset(h, 0, sizeof(*h));
	for (item = strtok_r(inside, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		item = conf_trim(item);
		if (*item == 0)
			continue;
		if (first) {
			h->url = xstrdup(item);
			first = 0;
		} else if (confhooks_setting(h, n, item, err, errlen) < 0)
			return -1;
	}
	if (h->url == NULL) {
		snprintf(err, errlen, "webhook %zu: no URL; " CONFHOOKS_SYNTAX,
			 n);
		return -1;
	}
	if (h->format == NULL)
		h->format = xstrdup("");
	if (h->account == NULL)
		h->account = xstrdup("");
	if (h->secret_file == NULL)
		h->secret_file = xstrdup("");
	return confhooks_validate(h, n, err, errlen);
}

/* Webhook n, the same as an earlier one? -1 with why. */
static int
confhooks_unique(const struct confhooks *h, char *err, size_t errlen)
{
	const struct confhook *last = &h->v[h->n - 1];
	long i = confhooks_find(h, last->url, last->format, last->account);

	if (i >= 0 && (size_t)i < h->n - 1) {
		snprintf(err, errlen,
			 "webhook %zu is webhook %ld again (the same URL, "
			 "format and account)",
			 h->n, i + 1);
		return -1;
	}
	return 0;
}

/* The next webhook, from *p (at its "{"), appended to out; -1 with why. */
static int
confhooks_next(const char **p, struct confhooks *out, char *err, size_t errlen)
{
	const char *open = *p, *close = strchr(open, '}');
	const char *again = strchr(open + 1, '{');
	size_t n = out->n + 1;
	char *inside;
	int rc;

	if (close == NULL || (again && again < close)) {
		snprintf(err, errlen,
			 "webhook %zu: no \"}\" to close it; " CONFHOOKS_SYNTAX,
			 n);
		return -1;
	}
	inside = xasprintf("%.*s", (int)(close - open - 1), open + 1);
	out->v = xrealloc(out->v, n * sizeof(*out->v));
	rc = confhooks_one(inside, n, &out->v[n - 1], err, errlen);
	out->n = n; /* freed with the others, complete or not */
	free(inside);
	*p = close + 1;
	return rc < 0 ? -1 : confhooks_unique(out, err, errlen);
}

int
confhooks_parse(const char *value, struct confhooks *out, char *err,
		size_t errlen)
{
	const char *p = value;

	out->v = NULL;
	out->n = 0;
	for (;;) {
		p += strspn(p, " \t\r\n,");
		if (*p == 0)
			return 0;
		if (*p != '{') {
			snprintf(
			    err, errlen,
			    "webhook %zu: expected \"{\" before \"%.20s\"; "
			    "" CONFHOOKS_SYNTAX,
			    out->n + 1, p);
			break;
		}
		if (confhooks_next(&p, out, err, errlen) < 0)
			break;
	}
	confhooks_free(out);
	return -1;
}

const char *
confhooks_check(const char *value)
{
	static _Thread_local char why[512];
	struct confhooks h;

	if (confhooks_parse(value, &h, why, sizeof(why)) < 0)
		return why;
	confhooks_free(&h);
	return NULL;
}

void
confhooks_current(struct confhooks *out)
{
	char why[512];

	/* conf.c checked the value before it became current. */
	if (confhooks_parse(conf_cur()->inbound_webhooks, out, why,
			    sizeof(why)) < 0)
		msg_panic("inbound_webhooks: %s", why);
}

long
confhooks_find(const struct confhooks *h, const char *url, const char *format,
	       const char *account)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (strcmp(h->v[i].url, url) == 0 &&
		    strcmp(h->v[i].format, format) == 0 &&
		    strcasecmp(h->v[i].account, account) == 0)
			return (long)i;
	return -1;
}
