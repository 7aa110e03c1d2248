/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * confvalue: the values of postreply.conf's parameters: durations
 * ("10m"), sizes ("25M"), yes/no, and the checks the table (conf_keys.h)
 * names for values that must be more than text (domains, sockets, URLs,
 * networks). A check returns NULL when the value is good, else a phrase
 * saying what was expected; conf puts the file, line and name before it.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cidr.h"
#include "confvalue.h"
#include "xmalloc.h"

const char *
confvalue_domain(const char *v)
{
	const char *p;

	if (*v == 0 || *v == '.' || *v == '-' || strstr(v, "..") != NULL)
		return "expected a domain name such as reply.example.com";
	for (p = v; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-')
			return "expected a domain name such as "
			       "reply.example.com";
	return NULL;
}

const char *
confvalue_localpart(const char *v)
{
	const char *p;

	if (*v == 0)
		return "must not be empty";
	for (p = v; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("._-", *p))
			return "only letters, digits, '.', '_' and '-' are "
			       "allowed";
	return NULL;
}

const char *
confvalue_delimiter(const char *v)
{
	if (strlen(v) != 1 || !strchr("+-_.=", *v))
		return "expected one character: + - _ . or =";
	return NULL;
}

const char *
confvalue_socket(const char *v)
{
	const char *colon;
	char *end;
	long port;

	if (strncmp(v, "unix:", 5) == 0)
		return v[5] == '/' ? NULL : "unix: needs an absolute path";
	if (strncmp(v, "inet:", 5) == 0) {
		colon = strrchr(v + 5, ':');
		if (colon == NULL || colon == v + 5 ||
		    !isdigit((unsigned char)colon[1]))
			return "expected inet:host:port";
		port = strtol(colon + 1, &end, 10);
		if (*end || port <= 0 || port > 65535)
			return "expected inet:host:port";
		return NULL;
	}
	return "expected unix:/path or inet:host:port";
}

/* Past the host at p (a name, an address or [IPv6]), or NULL if none. */
static const char *
confvalue_url_host(const char *p)
{
	const char *end;

	if (*p == '[')
		return (end = strchr(p, ']')) != NULL && end > p + 1 ? end + 1
								     : NULL;
	end = p + strcspn(p, ":/");
	if (end == p)
		return NULL;
	for (const char *q = p; q < end; q++)
		if (!isalnum((unsigned char)*q) && !strchr(".-_", *q))
			return NULL;
	return end;
}

/* After the host: an optional :port (1..65535) and /EHLO-name. */
static int
confvalue_url_rest(const char *p)
{
	char *end;
	long port;

	if (*p == ':') {
		if (!isdigit((unsigned char)p[1]))
			return 0;
		errno = 0;
		port = strtol(p + 1, &end, 10);
		if (errno || port <= 0 || port > 65535)
			return 0;
		p = end;
	}
	return *p == 0 || *p == '/';
}

/*
 * submit_url, as libcurl will read it: smtp:// or smtps://, a host, a
 * port, and an optional /EHLO-name. A user and password may come before
 * the host; over smtp:// mailout then requires STARTTLS, and a send to an
 * MTA without it fails rather than give the password away in clear.
 * Checked here, not by curl_url(), so that the milter and policyd, which
 * only read the file, need not link libcurl; mailout gives the value to
 * libcurl as it is.
 */
const char *
confvalue_url(const char *v)
{
	const char *p = NULL, *at;

	if (strncasecmp(v, "smtp://", 7) == 0)
		p = v + 7;
	else if (strncasecmp(v, "smtps://", 8) == 0)
		p = v + 8;
	if (p && (at = strrchr(p, '@')) != NULL)
		p = at + 1;
	if (p == NULL || strpbrk(v, " \t") != NULL ||
	    (p = confvalue_url_host(p)) == NULL || !confvalue_url_rest(p))
		return "expected smtp://host:port or smtps://host:port, "
		       "with user:password@ before the host if the MTA "
		       "wants them (over smtp://, sent only after STARTTLS)";
	return NULL;
}

const char *
confvalue_http_url(const char *v)
{
	if (strncmp(v, "http://", 7) != 0 && strncmp(v, "https://", 8) != 0)
		return "expected an http:// or https:// URL";
	return NULL;
}

/*
 * Where a webhook posts (postreplyctl webhook add, inbound_webhooks): an
 * http:// or https:// URL with a host, and no white space.
 */
const char *
confvalue_webhook_url(const char *v)
{
	if ((strncmp(v, "http://", 7) != 0 && strncmp(v, "https://", 8) != 0) ||
	    strcspn(v, " \t\r\n") != strlen(v) ||
	    strlen(v) <= strlen("https://"))
		return "expected http://HOST/PATH or https://HOST/PATH";
	return NULL;
}

const char *
confvalue_backend(const char *v)
{
	if (strcmp(v, "builtin") != 0 && strcmp(v, "llm") != 0)
		return "expected builtin or llm";
	return NULL;
}

/* A list of items separated by commas and/or white space. */
static const char *
confvalue_list(const char *v, int (*ok)(const char *item), const char *why)
{
	char *copy = xstrdup(v), *item, *save = NULL;
	const char *res = NULL;

	for (item = strtok_r(copy, ", \t", &save); item && res == NULL;
	     item = strtok_r(NULL, ", \t", &save))
		if (!ok(item))
			res = why;
	free(copy);
	return res;
}

static int
confvalue_cidr_ok(const char *item)
{
	return cidr_parse(item, NULL) == 0;
}

const char *
confvalue_cidrs(const char *v)
{
	return confvalue_list(v, confvalue_cidr_ok,
			      "expected addresses or networks such as "
			      "127.0.0.0/8, ::1, 192.0.2.0/24");
}

static int
confvalue_domain_ok(const char *item)
{
	return confvalue_domain(item) == NULL;
}

const char *
confvalue_domains(const char *v)
{
	return confvalue_list(v, confvalue_domain_ok,
			      "expected domain names such as example.com");
}

/* What an Authentication-Results header could carry as its first word. */
static int
confvalue_authserv_id_ok(const char *item)
{
	return strpbrk(item, ";()\"\\") == NULL;
}

const char *
confvalue_authserv_ids(const char *v)
{
	return confvalue_list(v, confvalue_authserv_id_ok,
			      "expected the names your mail servers write "
			      "first in Authentication-Results, such as "
			      "mx.example.com");
}

/* Empty, or absolute: the daemons leave their working directory. */
const char *
confvalue_path(const char *v)
{
	return *v == 0 || *v == '/' ? NULL : "expected an absolute path";
}

/*
 * Where a page may send the browser (web_proxy_signout_url): empty, a
 * path on the same site ("/oauth2/sign_out") or an http:// or https://
 * URL; no white space or control character, no other scheme.
 */
const char *
confvalue_link(const char *v)
{
	const char *p;

	for (p = v; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return "expected a URL without spaces";
	if (*v == 0 || (v[0] == '/' && v[1] != '/' && v[1] != '\\') ||
	    confvalue_http_url(v) == NULL)
		return NULL;
	return "expected /PATH, http://... or https://...";
}

/* An HTTP header's name (RFC 9110 token characters), or empty. */
const char *
confvalue_header(const char *v)
{
	size_t n =
	    strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		      "0123456789-_");

	return v[n] == 0 && n < 64 ? NULL
				   : "expected a header name such as "
				     "X-Remote-User";
}

/* PostgreSQL takes at most 1 GB in one value; stay well below. */
const char *
confvalue_stored_size(const char *v)
{
	long long n = 0;

	confvalue_size(v, &n);
	return n > 512LL * 1024 * 1024 ? "must be at most 512M" : NULL;
}

/*
 * A reading must end well within the lease of its job (300 s), or a
 * second worker could take the job while the first still reads it.
 */
const char *
confvalue_reader_time(const char *v)
{
	long long n = 0;

	confvalue_duration(v, &n);
	return n > 240 ? "must be at most 240s" : NULL;
}

static long long
confvalue_unit(int c, const char *units, const long long *mult)
{
	const char *u = strchr(units, c);

	return (c && u) ? mult[u - units] : -1;
}

static int
confvalue_scaled(const char *s, const char *units, const long long *mult,
		 long long *out)
{
	char *end;
	long long n, m = 1;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno)
		return -1;
	if (*end) {
		if (end[1] || (m = confvalue_unit(*end, units, mult)) < 0)
			return -1;
	}
	if (n > LLONG_MAX / m)
		return -1;
	*out = n * m;
	return 0;
}

int
confvalue_duration(const char *s, long long *out)
{
	static const long long mult[] = {1, 60, 3600, 86400, 604800};

	return confvalue_scaled(s, "smhdw", mult, out);
}

int
confvalue_size(const char *s, long long *out)
{
	static const long long mult[] = {1024,    1024,       1048576,
					 1048576, 1073741824, 1073741824};

	return confvalue_scaled(s, "kKmMgG", mult, out);
}

int
confvalue_bool(const char *s, int *out)
{
	if (strcmp(s, "yes") == 0 || strcmp(s, "true") == 0) {
		*out = 1;
		return 0;
	}
	if (strcmp(s, "no") == 0 || strcmp(s, "false") == 0) {
		*out = 0;
		return 0;
	}
	return -1;
}
