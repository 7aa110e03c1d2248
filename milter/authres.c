/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * authres: what an Authentication-Results header (RFC 8601) says about the
 * domain in From:, and nothing more. The milter asks one question of it:
 * did a server the administrator trusts (trusted_authserv_ids) find that
 * mail from this domain passed DKIM or DMARC? Anyone can write such a
 * header, so the authserv-id is checked first, and a header that does not
 * parse as a whole counts for nothing: a misread header must never vouch
 * for a domain.
 *
 * The grammar taken: authserv-id [version] *(";" method[/version]=result
 * *(ptype.property=value)), with comments and quoted strings anywhere
 * white space may be. Reasons are read like properties and ignored.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "authres.h"
#include "xmalloc.h"

/* Longer words than a domain name can be are taken as malformed. */
#define AUTHRES_WORD 256

/* Skip white space and (nested) comments; -1 for an unclosed comment. */
static int
authres_cfws(const char **pp)
{
	const char *p = *pp;
	int depth = 0;

	for (;;) {
		if (depth == 0 && isspace((unsigned char)*p)) {
			p++;
		} else if (*p == '(') {
			depth++;
			p++;
		} else if (depth > 0) {
			if (*p == 0)
				return -1;
			if (*p == '\\' && p[1] != 0)
				p++;
			else if (*p == ')')
				depth--;
			p++;
		} else {
			break;
		}
	}
	*pp = p;
	return 0;
}

/* A quoted string's content, escapes undone. */
static int
authres_quoted(const char **pp, char *out, size_t len)
{
	const char *p = *pp + 1;
	size_t n = 0;

	while (*p != 0 && *p != '"') {
		if (*p == '\\' && p[1] != 0)
			p++;
		if (n + 1 >= len)
			return -1;
		out[n++] = *p++;
	}
	if (*p != '"' || n == 0)
		return -1;
	out[n] = 0;
	*pp = p + 1;
	return 0;
}

/*
 * The next word after white space and comments: a quoted string, or the
 * characters up to white space, a comment or one of stops. -1 when there
 * is none or it is too long.
 */
static int
authres_word(const char **pp, const char *stops, char *out, size_t len)
{
	const char *p;
	size_t n = 0;

	if (authres_cfws(pp) < 0)
		return -1;
	if (**pp == '"')
		return authres_quoted(pp, out, len);
	for (p = *pp; *p != 0 && !isspace((unsigned char)*p) && *p != '(' &&
		      strchr(stops, *p) == NULL;
	     p++) {
		if (n + 1 >= len)
			return -1;
		out[n++] = *p;
	}
	out[n] = 0;
	*pp = p;
	return n > 0 ? 0 : -1;
}

/* Expect the character c after white space and comments, and pass it. */
static int
authres_expect(const char **pp, int c)
{
	if (authres_cfws(pp) < 0 || **pp != c)
		return -1;
	(*pp)++;
	return 0;
}

static int
authres_in_list(const char *word, const char *list)
{
	size_t n, len = strlen(word);

	while (*list != 0) {
		list += strspn(list, ", \t");
		n = strcspn(list, ", \t");
		if (n > 0 && n == len && strncasecmp(list, word, n) == 0)
			return 1;
		list += n;
	}
	return 0;
}

/*
 * Letters, digits, dots, hyphens (and underscores, seen in the wild): a
 * quoted value could hold anything, and only a domain name may match.
 */
static int
authres_domain_ok(const char *d)
{
	if (*d == 0)
		return 0;
	for (; *d; d++)
		if (!isalnum((unsigned char)*d) && strchr(".-_", *d) == NULL)
			return 0;
	return 1;
}

static void
authres_add(struct authres *ar, const char *value)
{
	const char *at = strrchr(value, '@');
	char *d, *p;

	if (at != NULL)
		value = at + 1;
	if (!authres_domain_ok(value) || ar->n >= AUTHRES_MAX_DOMAINS ||
	    authres_has(ar, value))
		return;
	d = xstrdup(value);
	for (p = d; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	ar->domains[ar->n++] = d;
}

/* Is this property of this result one that vouches for a domain? */
static int
authres_vouches(const char *method, const char *result, const char *prop)
{
	if (strcasecmp(result, "pass") != 0)
		return 0;
	if (strcasecmp(method, "dkim") == 0)
		return strcasecmp(prop, "header.d") == 0 ||
		       strcasecmp(prop, "header.i") == 0;
	return strcasecmp(method, "dmarc") == 0 &&
	       strcasecmp(prop, "header.from") == 0;
}

/* One "method=result prop=value ..." after a ';'. */
static int
authres_resinfo(const char **pp, struct authres *found)
{
	char method[64], version[16], result[64];
	char prop[AUTHRES_WORD], value[AUTHRES_WORD];

	if (authres_word(pp, "/=;", method, sizeof(method)) < 0)
		return -1;
	if (authres_cfws(pp) < 0)
		return -1;
	if (**pp == '/' &&
	    (authres_expect(pp, '/') < 0 ||
	     authres_word(pp, "=;", version, sizeof(version)) < 0))
		return -1;
	if (authres_expect(pp, '=') < 0 ||
	    authres_word(pp, ";", result, sizeof(result)) < 0)
		return -1;
	for (;;) {
		if (authres_cfws(pp) < 0)
			return -1;
		if (**pp == ';' || **pp == 0)
			return 0;
		if (authres_word(pp, "=;", prop, sizeof(prop)) < 0 ||
		    authres_expect(pp, '=') < 0 ||
		    authres_word(pp, ";", value, sizeof(value)) < 0)
			return -1;
		if (authres_vouches(method, result, prop))
			authres_add(found, value);
	}
}

/* The results after the authserv-id (and its version, if any). */
static int
authres_results(const char *p, struct authres *found)
{
	if (authres_cfws(&p) < 0)
		return -1;
	p += strspn(p, "0123456789"); /* authres-version */
	for (;;) {
		if (authres_cfws(&p) < 0)
			return -1;
		if (*p == 0)
			return 0;
		if (authres_expect(&p, ';') < 0 || authres_cfws(&p) < 0)
			return -1;
		if (*p != 0 && authres_resinfo(&p, found) < 0)
			return -1;
	}
}

static void
authres_move(struct authres *to, struct authres *from)
{
	size_t i;

	for (i = 0; i < from->n; i++)
		authres_add(to, from->domains[i]);
	authres_free(from);
}

int
authres_parse(struct authres *ar, const char *value, const char *trusted)
{
	struct authres found = {{0}, 0};
	char id[AUTHRES_WORD];
	const char *p = value;

	if (authres_word(&p, ";", id, sizeof(id)) < 0 ||
	    !authres_in_list(id, trusted))
		return 0;
	if (authres_results(p, &found) < 0) {
		authres_free(&found);
		return 0;
	}
	authres_move(ar, &found);
	return 1;
}

int
authres_has(const struct authres *ar, const char *domain)
{
	size_t i;

	for (i = 0; i < ar->n; i++)
		if (strcasecmp(ar->domains[i], domain) == 0)
			return 1;
	return 0;
}

void
authres_free(struct authres *ar)
{
	size_t i;

	for (i = 0; i < ar->n; i++)
		free(ar->domains[i]);
	ar->n = 0;
}
