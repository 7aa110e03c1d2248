/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * textcheck: the last look at a follow-up an LLM wrote before it goes out
 * in the account's name. The prompt asks for plain text, but the
 * conversation the model read is untrusted: a text that tells the
 * customer where to go or whom to call (a link, a bare domain, an email
 * address, a phone number) or carries placeholders or our markers may be
 * someone else's words, and is refused. So is a text with characters that
 * hide what it says: controls, and invisible format marks (zero-width
 * spaces and joiners, direction marks and overrides, the word joiner and
 * invisible operators, the byte order mark, the soft hyphen) or line and
 * paragraph separators.
 *
 * A refused text costs little (the follow-up falls back to the built-in
 * template), one let through costs much, so the checks lean towards
 * refusing. They still let ordinary prose through: abbreviations ("e.g.",
 * "Mr. Smith"), decimals and times ("3.5 hours", "at 10.30"), years,
 * dates, amounts with thousands separators and "Q3".
 */
#include <glib.h>
#include <string.h>

#include "textcheck.h"
#include "utf8.h"

#define TEXTCHECK_GROUPS 16 /* digit groups of a number kept for its shape */

/* A character that hides what the text says; newline and tab are fine. */
static int
textcheck_hidden(gunichar c)
{
	if (c == '\n' || c == '\t')
		return 0;
	switch (g_unichar_type(c)) {
	case G_UNICODE_CONTROL:
	case G_UNICODE_FORMAT:
	case G_UNICODE_LINE_SEPARATOR:
	case G_UNICODE_PARAGRAPH_SEPARATOR:
		return 1;
	default:
		return 0;
	}
}

static const char *
textcheck_characters(const gunichar *u, glong n)
{
	for (glong i = 0; i < n; i++)
		if (textcheck_hidden(u[i]))
			return g_unichar_type(u[i]) == G_UNICODE_CONTROL
				   ? "a control character in the text"
				   : "an invisible mark in the text";
	return NULL;
}

/* Domains */

/* IDNA separates labels with ideographic and full-width dots too. */
static int
textcheck_dot(gunichar c)
{
	return c == '.' || c == 0x3002 || c == 0xff0e || c == 0xff61;
}

static int
textcheck_host_char(gunichar c)
{
	return g_unichar_isalnum(c) || c == '-' || textcheck_dot(c);
}

/* Every character of u[0..n) is a letter, or every one a digit. */
static int
textcheck_all(const gunichar *u, glong n, gboolean (*is)(gunichar))
{
	for (glong i = 0; i < n; i++)
		if (!is(u[i]))
			return 0;
	return n > 0;
}

/*
 * u[0..n) (letters, digits, hyphens and dots) names a host: labels
 * separated by single dots, the last a top-level domain of two letters
 * or more ("evil-pay.example", "xn--80ak6aa92e.com" too), or four numbers
 * of an IPv4 address. "e.g", "3.5" and "10.30am" are not.
 */
static int
textcheck_is_host(const gunichar *u, glong n)
{
	glong label = 0, nlabels = 0, numeric = 0;

	for (glong i = 0; i <= n; i++) {
		if (i < n && !textcheck_dot(u[i]))
			continue;
		if (i == label)
			return 0; /* "..": an ellipsis, not a host */
		nlabels++;
		if (i - label <= 3 &&
		    textcheck_all(u + label, i - label, g_unichar_isdigit))
			numeric++;
		if (i == n)
			break;
		label = i + 1;
	}
	if (nlabels == 4 && numeric == 4)
		return 1;
	return nlabels >= 2 && n - label >= 2 &&
	       (textcheck_all(u + label, n - label, g_unichar_isalpha) ||
		(n - label > 4 && u[label] == 'x' && u[label + 1] == 'n' &&
		 u[label + 2] == '-' && u[label + 3] == '-'));
}

static const char *
textcheck_hosts(const gunichar *u, glong n)
{
	glong i = 0, s, e;

	while (i < n) {
		if (!textcheck_host_char(u[i])) {
			i++;
			continue;
		}
		for (s = i; i < n && textcheck_host_char(u[i]); i++)
			;
		/* A sentence's full stop is not part of the name. */
		for (e = i;
		     e > s && (textcheck_dot(u[e - 1]) || u[e - 1] == '-'); e--)
			;
		while (s < e && (textcheck_dot(u[s]) || u[s] == '-'))
			s++;
		if (textcheck_is_host(u + s, e - s))
			return "a link in the text";
	}
	return NULL;
}

/* Phone numbers */

/*
 * The shape of a number written with separators: "+1 415 555 0100" is
 * plus, groups 1, 3, 3, 4 and separators ' '; "(415) 555-0100" groups 3,
 * 3, 4 with separators ')' (for ") ") and '-'.
 */
struct textcheck_number {
	int plus;
	int ndigits;
	int ngroups;
	int group[TEXTCHECK_GROUPS];
	gunichar sep[TEXTCHECK_GROUPS]; /* sep[k]: between groups k and k+1 */
};

static int
textcheck_number_sep(gunichar c)
{
	return c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' ||
	       c == ')';
}

/* All separators are c. */
static int
textcheck_seps_are(const struct textcheck_number *nb, gunichar c)
{
	for (int k = 0; k + 1 < nb->ngroups && k < TEXTCHECK_GROUPS; k++)
		if (nb->sep[k] != c)
			return 0;
	return 1;
}

/* 15.06.2026, 2026-06-15, 06/15/26. */
static int
textcheck_is_date(const struct textcheck_number *nb)
{
	const int *g = nb->group;

	if (nb->ngroups != 3 ||
	    !(textcheck_seps_are(nb, '.') || textcheck_seps_are(nb, '/') ||
	      textcheck_seps_are(nb, '-')))
		return 0;
	return (g[0] <= 2 && g[1] <= 2 && (g[2] == 2 || g[2] == 4)) ||
	       (g[0] == 4 && g[1] <= 2 && g[2] <= 2);
}

/* 1 000 000, 1.000.000 (1,000,000 never is one number here). */
static int
textcheck_is_amount(const struct textcheck_number *nb)
{
	if (nb->ngroups > TEXTCHECK_GROUPS || nb->group[0] > 3 ||
	    !(textcheck_seps_are(nb, ' ') || textcheck_seps_are(nb, '.')))
		return 0;
	for (int k = 1; k < nb->ngroups; k++)
		if (nb->group[k] != 3)
			return 0;
	return 1;
}

/* Ranges of years and times: 2025-2026, 2025/26, 9.00-17.30. */
static int
textcheck_is_range(const struct textcheck_number *nb)
{
	const int *g = nb->group;
	const gunichar *s = nb->sep;

	if (nb->ngroups == 2 && g[0] == 4 && (g[1] == 2 || g[1] == 4) &&
	    (s[0] == '-' || s[0] == '/'))
		return 1;
	return nb->ngroups == 4 && g[0] <= 2 && g[1] == 2 && g[2] <= 2 &&
	       g[3] == 2 && s[0] == '.' && s[1] == '-' && s[2] == '.';
}

/*
 * An international number (a plus and six digits or more); nine digits or
 * more; or seven in two groups or more (555-0100). Dates, amounts and
 * ranges of years or times are numbers of that size, and not phones.
 */
static int
textcheck_is_phone(const struct textcheck_number *nb)
{
	if (nb->plus && nb->ndigits >= 6)
		return 1;
	if (textcheck_is_date(nb) || textcheck_is_amount(nb) ||
	    textcheck_is_range(nb))
		return 0;
	return nb->ndigits >= 9 || (nb->ndigits >= 7 && nb->ngroups >= 2);
}

/*
 * Read the number that starts at u[i] (a digit, or a plus or parenthesis
 * before one) into nb: digit groups joined by one or two separators.
 * Returns where it ends.
 */
static glong
textcheck_read_number(const gunichar *u, glong n, glong i,
		      struct textcheck_number *nb)
{
	glong j;

	memset(nb, 0, sizeof(*nb));
	nb->plus = u[i] == '+';
	if (u[i] == '+' || u[i] == '(')
		i++;
	for (;;) {
		for (j = i; j < n && g_unichar_isdigit(u[j]); j++)
			;
		if (nb->ngroups < TEXTCHECK_GROUPS)
			nb->group[nb->ngroups] = (int)(j - i);
		nb->ngroups++;
		nb->ndigits += (int)(j - i);
		for (i = j; j < n && j - i < 2 && textcheck_number_sep(u[j]);
		     j++)
			;
		if (j == i || j == n || !g_unichar_isdigit(u[j]))
			return i;
		if (nb->ngroups <= TEXTCHECK_GROUPS)
			nb->sep[nb->ngroups - 1] = u[i];
		i = j;
	}
}

static const char *
textcheck_phones(const gunichar *u, glong n)
{
	struct textcheck_number nb;
	glong i = 0;

	while (i < n) {
		int start = (g_unichar_isdigit(u[i]) ||
			     ((u[i] == '+' || u[i] == '(') && i + 1 < n &&
			      g_unichar_isdigit(u[i + 1]))) &&
			    (i == 0 || !g_unichar_isalnum(u[i - 1]));

		/* Digits inside a word ("Q3", "A4") are no number. */
		if (!start) {
			i++;
			continue;
		}
		i = textcheck_read_number(u, n, i, &nb);
		if (textcheck_is_phone(&nb))
			return "a phone number in the text";
	}
	return NULL;
}

/* Marks any text of ours may not carry, whatever is around them. */
static const char *
textcheck_banned(const char *t)
{
	static const struct {
		const char *mark, *why;
	} banned[] = {
	    {"://", "a link in the text"},
	    {"www.", "a link in the text"},
	    {"@", "an address in the text"},
	    {"{", "a placeholder in the text"},
	    {"}", "a placeholder in the text"},
	    {"<<<", "our markers in the text"},
	    {">>>", "our markers in the text"},
	};

	for (size_t i = 0; i < G_N_ELEMENTS(banned); i++)
		if (strstr(t, banned[i].mark) != NULL)
			return banned[i].why;
	return NULL;
}

const char *
textcheck_refusal(const char *t)
{
	const char *why;
	gunichar *u;
	glong n;

	if ((why = textcheck_banned(t)) != NULL)
		return why;
	if (!utf8_valid(t, strlen(t)))
		return "a text that is not UTF-8";
	if (strspn(t, " \t\n") == strlen(t))
		return "an empty text";
	u = g_utf8_to_ucs4_fast(t, -1, &n);
	if ((why = textcheck_characters(u, n)) == NULL &&
	    (why = textcheck_hosts(u, n)) == NULL)
		why = textcheck_phones(u, n);
	g_free(u);
	return why;
}
