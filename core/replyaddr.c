/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * replyaddr: recognise and build reply addresses,
 * <reply_prefix><recipient_delimiter><token>@<reply_domain>. This is the
 * one place that decides whether a recipient is ours, so the milter and
 * policyd always agree. Anything else at the reply domain is not ours and
 * is left to Postfix.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf.h"
#include "replyaddr.h"
#include "xmalloc.h"

char *
replyaddr_unbracket(const char *addr)
{
	size_t len = strlen(addr);

	if (len >= 2 && addr[0] == '<' && addr[len - 1] == '>')
		return xstrndup(addr + 1, len - 2);
	return xstrdup(addr);
}

enum replyaddr_kind
replyaddr_parse_with(const char *addr, const char *prefix, char delim,
		     const char *domain, char token[TOKEN_LEN + 1])
{
	size_t plen = strlen(prefix), len = strlen(addr), tlen, i;
	const char *at, *local;

	if (len >= 2 && addr[0] == '<' && addr[len - 1] == '>') {
		addr++;
		len -= 2;
	}
	at = memchr(addr, '@', len);
	if (at == NULL)
		return REPLYADDR_NONE;
	/* Domain: the rest after '@', compared without the brackets. */
	if ((size_t)(addr + len - at - 1) != strlen(domain) ||
	    strncasecmp(at + 1, domain, strlen(domain)) != 0)
		return REPLYADDR_NONE;
	local = addr;
	if ((size_t)(at - local) < plen + 1 ||
	    strncasecmp(local, prefix, plen) != 0 || local[plen] != delim)
		return REPLYADDR_NONE;
	local += plen + 1;
	tlen = (size_t)(at - local);
	if (!token_valid(local, tlen))
		return REPLYADDR_MALFORMED;
	for (i = 0; i < tlen; i++)
		token[i] = (char)tolower((unsigned char)local[i]);
	token[tlen] = 0;
	return REPLYADDR_TOKEN;
}

enum replyaddr_kind
replyaddr_parse(const char *addr, char token[TOKEN_LEN + 1])
{
	return replyaddr_parse_with(addr, conf_cur()->reply_prefix,
				    conf_cur()->recipient_delimiter[0],
				    conf_cur()->reply_domain, token);
}

void
replyaddr_around(char **before, char **after)
{
	*before = xasprintf("%s%s", conf_cur()->reply_prefix,
			    conf_cur()->recipient_delimiter);
	*after = xasprintf("@%s", conf_cur()->reply_domain);
}

char *
replyaddr_format(const char *token)
{
	char *before, *after, *addr;

	replyaddr_around(&before, &after);
	addr = xasprintf("%s%s%s", before, token, after);
	free(before);
	free(after);
	return addr;
}

int
replyaddr_plausible(const char *addr)
{
	const char *at = strchr(addr, '@'), *p;

	if (at == NULL || at == addr || at[1] == 0 || strlen(addr) > 254)
		return 0;
	for (p = addr; *p; p++)
		if (!isgraph((unsigned char)*p) || strchr("<>()[],;:\\\"", *p))
			return 0;
	for (p = at + 1; *p; p++)
		if (*p == '@')
			return 0;
	return at[1] != '.' && p[-1] != '.';
}
