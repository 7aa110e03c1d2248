/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * loginmap: which SASL logins may send as which address, the question
 * Postfix's smtpd_sender_login_maps answers, in the format of that map's
 * source file (the one postmap reads): "address  login1, login2" lines,
 * "#" comments, and lines starting with white space continuing the one
 * before. A key is an address or "@domain"; the address wins.
 *
 * The file is read at each question. It is small, the question is asked
 * only for outreach from a logged-in client, and an edit then applies at
 * once, with no reload to forget.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "loginmap.h"
#include "msg.h"
#include "xmalloc.h"

/* The owners found for a sender: by address, and by its domain. */
struct loginmap_found {
	const char *sender, *domain; /* domain with its '@' */
	char *by_address, *by_domain;
};

static int
loginmap_in_list(const char *list, const char *login)
{
	size_t n, len = strlen(login);

	while (*list != 0) {
		list += strspn(list, ", \t");
		n = strcspn(list, ", \t");
		if (n > 0 && n == len && strncasecmp(list, login, n) == 0)
			return 1;
		list += n;
	}
	return 0;
}

/* One logical line: its key, then its owners. The first entry wins. */
static void
loginmap_entry(struct loginmap_found *f, const char *entry)
{
	size_t klen = strcspn(entry, " \t");
	const char *owners = entry + klen;
	char **slot = NULL;

	if (klen == strlen(f->sender) &&
	    strncasecmp(entry, f->sender, klen) == 0)
		slot = &f->by_address;
	else if (f->domain != NULL && klen == strlen(f->domain) &&
		 strncasecmp(entry, f->domain, klen) == 0)
		slot = &f->by_domain;
	if (slot != NULL && *slot == NULL)
		*slot = xstrdup(owners + strspn(owners, " \t"));
}

static void
loginmap_flush(struct loginmap_found *f, struct buf *entry)
{
	if (entry->len > 0)
		loginmap_entry(f, entry->data);
	buf_reset(entry);
}

static void
loginmap_chomp(char *line)
{
	size_t n = strlen(line);

	while (n > 0 && isspace((unsigned char)line[n - 1]))
		line[--n] = 0;
}

static void
loginmap_scan(FILE *fp, struct loginmap_found *f)
{
	struct buf entry;
	char *line = NULL;
	size_t cap = 0;

	buf_init(&entry);
	while (getline(&line, &cap, fp) >= 0) {
		loginmap_chomp(line);
		if (line[strspn(line, " \t")] == '#' ||
		    line[strspn(line, " \t")] == 0)
			continue;
		if (!isspace((unsigned char)line[0]))
			loginmap_flush(f, &entry);
		else if (entry.len == 0)
			continue; /* a continuation of nothing */
		else
			buf_puts(&entry, " ");
		buf_puts(&entry, line);
	}
	loginmap_flush(f, &entry);
	free(line);
	buf_free(&entry);
}

/* The owners the file gives sender: -1 if unreadable. */
static int
loginmap_lookup(const char *path, struct loginmap_found *f)
{
	FILE *fp = fopen(path, "r");
	int rc = 0;

	if (fp == NULL) {
		msg_warn("cannot open sender_login_maps file %s: %s", path,
			 strerror(errno));
		return -1;
	}
	loginmap_scan(fp, f);
	if (ferror(fp)) {
		msg_warn("cannot read sender_login_maps file %s: %s", path,
			 strerror(errno));
		rc = -1;
	}
	fclose(fp);
	return rc;
}

/* Without an entry: the login is the address, or its local part. */
static int
loginmap_default(const char *sender, const char *login)
{
	const char *at = strrchr(sender, '@');

	if (strcasecmp(sender, login) == 0)
		return 1;
	return at != NULL && (size_t)(at - sender) == strlen(login) &&
	       strncasecmp(sender, login, strlen(login)) == 0;
}

int
loginmap_allows(const char *path, const char *sender, const char *login)
{
	struct loginmap_found f = {sender, strrchr(sender, '@'), NULL, NULL};
	const char *owners;
	int rc;

	if (login == NULL || *login == 0 || *sender == 0)
		return 0;
	if (path == NULL || *path == 0)
		return loginmap_default(sender, login);
	if (loginmap_lookup(path, &f) < 0)
		rc = -1;
	else if ((owners = f.by_address ? f.by_address : f.by_domain) != NULL)
		rc = loginmap_in_list(owners, login);
	else
		rc = loginmap_default(sender, login);
	free(f.by_address);
	free(f.by_domain);
	return rc;
}
