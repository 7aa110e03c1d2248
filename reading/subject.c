/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * subject: the reply prefixes mail clients put before a subject, in one
 * list. The analyzer uses it to tell a person answering about an
 * out-of-office ("Re: Out of office next week?") from the out-of-office
 * itself, and the follow-ups to write "Re: <subject>" once.
 *
 * Contract: pure, no allocation; any NUL-terminated bytes. ASCII case is
 * ignored; white space may come before a prefix and before its colon
 * ("Re :", as French clients write it).
 *
 * The prefixes: "Re" (RFC 5322 section 3.6.5 and most clients), "AW"
 * (German Antwort), "Antw" (Dutch), "SV" (Scandinavian svar), "VS"
 * (Finnish vastaus), "Rif" and "R" (Italian riferimento, risposta).
 * Forwarding prefixes ("Fwd:", "WG:", "TR:") are not answers.
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "subject.h"

static const char *const subject_prefixes[] = {"re", "aw",  "antw", "sv",
					       "vs", "rif", "r"};

/* The length of a reply prefix at s, its colon included, or 0. */
static size_t
subject_prefix(const char *s)
{
	size_t i, n;

	for (i = 0; i < sizeof subject_prefixes / sizeof subject_prefixes[0];
	     i++) {
		n = strlen(subject_prefixes[i]);
		if (strncasecmp(s, subject_prefixes[i], n) != 0)
			continue;
		while (s[n] == ' ' || s[n] == '\t')
			n++;
		if (s[n] == ':')
			return n + 1;
	}
	return 0;
}

static const char *
subject_skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

int
subject_is_reply(const char *subject)
{
	return subject_prefix(subject_skip_space(subject)) > 0;
}

const char *
subject_base(const char *subject)
{
	const char *s = subject_skip_space(subject);
	size_t n;

	while ((n = subject_prefix(s)) > 0)
		s = subject_skip_space(s + n);
	return s;
}
