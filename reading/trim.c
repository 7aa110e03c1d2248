/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * trim: split a plain-text reply into what the customer wrote, the
 * signature and the quoted original, the way a person reads it.
 *
 * Contract: trim_split() never fails and returns three newly allocated
 * strings of valid UTF-8 (input that is not UTF-8 is repaired first), each
 * trimmed of white space at both ends. Every input line ends up in exactly
 * one of them, except blank lines at the edges of a block; invisible
 * characters (U+1427 of Gmail's tracking extensions, zero-width spaces)
 * are dropped first. The reply is never empty when the text has a line of
 * the customer's that is not quoted.
 *
 * How: the text is cut into lines (at \n, \r\n or a lone \r); each line
 * is classified once, from the bottom up, looking at no more than a few
 * neighbouring lines and a few hundred bytes (the classes of the lines
 * below it are already known); then the lines are handed out once, from
 * the top down, by a small state machine (twice when the first pass left
 * the reply empty). So the work is linear in the size of the text whatever
 * it holds: no regular expression ever runs over the whole text. The
 * words of each language and client are tables in trimlex.c.
 *
 * What starts the quoted part: a quoted line (">", "| ", Supercite's
 * "C> ", or an unmarked line held between two quoted ones under a long
 * one: it lost its ">" to wrapping); an attribution ("On ... wrote:" in
 * twenty languages, Zoho's "---- On ... wrote ----", possibly broken over
 * up to three lines, or any line with a date and an address ending in ":"
 * that is followed by quoted lines); an Outlook header block
 * (From:/Sent:/To:/Subject: in each language of trimlex.c), with the line
 * of underscores or dashes above it; "-----Original Message-----" and its
 * translations. After a header block or an unquoted attribution all the
 * rest is quoted, unless the message opens with it: then the text under it
 * is the customer's (a forward sent bare, a quote deleted under its
 * attribution). After quoted lines, unquoted text is an answer written in
 * between (bottom-posting, inline replies) and goes to the reply.
 *
 * What starts the signature: "-- " (or "--") alone on its line, "Sent from
 * my ..." and its translations (a short device name, not a sentence), a
 * line of underscores (mailing-list footers), and a "-Name" sign-off at the
 * end of a block. "--" inside a line and "- " bullets are ordinary text.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "extract.h"
#include "extract_int.h"
#include "text.h"
#include "utf8.h"
#include "xmalloc.h"

enum kind {
	K_TEXT,
	K_BLANK,
	K_QUOTE,     /* a ">" line */
	K_ATTRIB,    /* "On ... wrote:" starts here; ends at line.end */
	K_HEADER,    /* an Outlook header block starts here */
	K_SEPARATOR, /* "-----Original Message-----", or a rule above headers */
	K_SIGDELIM,  /* "-- " */
	K_SENTFROM,  /* "Sent from my iPhone" */
	K_FOOTER,    /* a line of underscores */
	K_DASHNAME   /* "-John" closing a block */
};

struct line {
	const char *s;
	size_t len;
	size_t end; /* K_ATTRIB: index of its last line */
	unsigned char kind;
	unsigned char hkey;
	unsigned char blank;
	unsigned char quoted;
	unsigned char marked; /* K_ATTRIB: ">" lines follow it */
};

/* A quoted line this long (bytes) may have been wrapped by the client. */
#define WRAPPED_MIN 60

/* An attribution is short: longer lines are never one. */
#define ATTRIB_MAX 400

static int
trim_is_blank(const char *s, size_t len)
{
	text_trim(&s, &len);
	return len == 0;
}

static int
trim_is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
trim_is_quoted(const char *s, size_t len)
{
	size_t n;

	while (len > 0 && (n = text_space_len(s, len)) > 0) {
		s += n;
		len -= n;
	}
	if (len == 0)
		return 0;
	if (*s == '>')
		return 1;
	/* "| text" (but not a table row "| a | b |") */
	if (*s == '|')
		return len == 1 || (s[1] == ' ' && s[len - 1] != '|');
	/* Supercite's initials: "C> text", "JM> text" */
	for (n = 0; n < len && n < 3 && trim_is_alpha((unsigned char)s[n]); n++)
		;
	return n > 0 && n < len && s[n] == '>' &&
	       (n + 1 == len || s[n + 1] == ' ');
}

static int
trim_is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* A date or a time: "12:30", "02.04.2012", "3/4/12", "2012". */
static int
trim_has_date(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 2 < n; i++) {
		if (!trim_is_digit((unsigned char)s[i]))
			continue;
		if (strchr(":./-", s[i + 1]) &&
		    trim_is_digit((unsigned char)s[i + 2]))
			return 1;
		if (i + 3 < n && (s[i] == '1' || s[i] == '2') &&
		    trim_is_digit((unsigned char)s[i + 1]) &&
		    trim_is_digit((unsigned char)s[i + 2]) &&
		    trim_is_digit((unsigned char)s[i + 3]) &&
		    (i == 0 || !trim_is_digit((unsigned char)s[i - 1])) &&
		    (i + 4 >= n || !trim_is_digit((unsigned char)s[i + 4])))
			return 1;
	}
	return 0;
}

/*
 * Does a line (trimmed at its start) end as an attribution does: with
 * ':', its full-width form, or Zoho's "----" when it opens with "----"?
 */
static int
trim_attrib_end(const char *s, size_t len)
{
	while (len > 0 && text_space_len(s + len - 1, 1) == 1)
		len--;
	if (len > 0 && s[len - 1] == ':')
		return 1;
	if (trimlex_fw_colon(s + (len >= 3 ? len - 3 : 0), len >= 3 ? 3 : 0))
		return 1;
	return len > 8 && memcmp(s, "----", 4) == 0 &&
	       memcmp(s + len - 4, "----", 4) == 0 && s[4] != '-';
}

/*
 * Is there an attribution starting at line i, over at most three lines
 * ending with ":" (trim_attrib_end)? On success *end is its last line and
 * *marked says whether ">" lines follow it.
 */
static int
trim_attribution(const struct line *L, size_t n, const size_t *next_nb,
		 size_t i, size_t *end, unsigned char *marked)
{
	char low[ATTRIB_MAX + 8];
	size_t k, jl = 0, first_len = 0, nb;
	int verb = 0, verb_end = 0, on, digit, date, at, next_quoted, ok;
	const char *first = NULL;

	/* cheap first: one of the (at most three) lines must end in ':' */
	for (k = 0; k < 3 && i + k < n; k++) {
		const struct line *l = &L[i + k];
		size_t len = l->len;

		const char *s = l->s;

		if (l->blank || l->quoted || len > ATTRIB_MAX)
			return 0;
		text_trim(&s, &len);
		if (trim_attrib_end(s, len))
			break;
	}
	if (k == 3 || i + k >= n)
		return 0;
	for (k = 0; k < 3 && i + k < n; k++) {
		const struct line *l = &L[i + k];
		const char *s = l->s;
		size_t len = l->len;

		text_trim(&s, &len);
		if (len == 0 || jl + len + 1 > ATTRIB_MAX)
			return 0;
		if (k == 0) {
			first = s;
			first_len = len;
		} else {
			low[jl++] = ' ';
		}
		jl += text_lower(low + jl, sizeof low - jl, s, len);
		if (trim_attrib_end(s, len))
			break;
	}
	if (k == 3 || i + k >= n || jl == 0 || !trim_attrib_end(low, jl))
		return 0;
	date = trim_has_date(low, jl);
	at = memchr(low, '@', jl) != NULL;
	nb = next_nb[i + k + 1];
	next_quoted = nb < n && L[nb].quoted;
	if (!date && !at && !next_quoted)
		return 0; /* no clause below can hold */
	verb = trimlex_find_verbs(low, jl, &verb_end);
	on = trimlex_starts_on(low, jl);
	digit = trim_is_digit((unsigned char)low[0]);
	if (k > 0 && !on && !digit) {
		/* "Name <addr>" then "wrote:" on the next line */
		char last = first[first_len - 1];

		if (!memchr(first, '<', first_len) ||
		    !memchr(first, '@', first_len) || last == '.' ||
		    last == '!' || last == '?')
			return 0;
	}
	/* a date and an address above quoted lines need no verb */
	ok = (verb && (date || at)) || (next_quoted && date && at) ||
	     (next_quoted && (on || digit) && (date || at)) ||
	     (verb_end && next_quoted && k == 0 && jl <= 100);
	if (!ok)
		return 0;
	*end = i + k;
	*marked = (unsigned char)next_quoted;
	return 1;
}

/* Does an Outlook header block start at line i? */
static int
trim_header_block(const struct line *L, size_t n, size_t i)
{
	unsigned bits = 0;
	int keys = 0, blanks = 0;
	size_t j;

	if (!L[i].hkey)
		return 0;
	for (j = i; j < n && j < i + 10; j++) {
		if (L[j].blank) {
			if (++blanks > 1)
				break;
			continue;
		}
		blanks = 0;
		if (L[j].quoted)
			break;
		if (L[j].hkey && !(bits & L[j].hkey)) {
			bits |= L[j].hkey;
			keys++;
		}
	}
	return (bits & HK_FROM) && keys >= 2;
}

/* Kinds that end a block of text: a "-Name" line before one signs it. */
static int
trim_ends_block(unsigned char kind)
{
	return kind != K_TEXT && kind != K_BLANK && kind != K_DASHNAME;
}

/*
 * A line that lost its ">" to wrapping: unmarked text held tight between
 * two quoted lines, under one long enough to have been wrapped. An
 * answer written in between stands apart with blank lines.
 */
static int
trim_lost_marker(const struct line *L, size_t n, size_t i)
{
	return i > 0 && i + 1 < n && L[i - 1].quoted && L[i + 1].quoted &&
	       L[i - 1].len >= WRAPPED_MIN;
}

static void
trim_classify(struct line *L, size_t n, const size_t *next_nb, size_t i)
{
	struct line *l = &L[i];
	size_t nb;
	int rule;

	if (l->blank) {
		l->kind = K_BLANK;
		return;
	}
	if (l->quoted || trim_lost_marker(L, n, i)) {
		l->kind = K_QUOTE;
		return;
	}
	if (trimlex_sig_delim(l->s, l->len)) {
		l->kind = K_SIGDELIM;
		return;
	}
	if (trimlex_original_line(l->s, l->len)) {
		l->kind = K_SEPARATOR;
		return;
	}
	rule = trimlex_rule_line(l->s, l->len);
	if (rule) {
		nb = next_nb[i + 1];
		if (nb < n && nb - i <= 4 && L[nb].kind == K_HEADER) {
			l->kind = K_SEPARATOR;
			return;
		}
	}
	if (trim_header_block(L, n, i)) {
		l->kind = K_HEADER;
		return;
	}
	if (trim_attribution(L, n, next_nb, i, &l->end, &l->marked)) {
		l->kind = K_ATTRIB;
		return;
	}
	if (trimlex_sent_from_line(l->s, l->len)) {
		l->kind = K_SENTFROM;
		return;
	}
	if (rule == 1) {
		l->kind = K_FOOTER;
		return;
	}
	if (i > 0 && trimlex_dash_name(l->s, l->len)) {
		const struct line *prev = &L[i - 1];
		const char *ps = prev->s;
		size_t pl = prev->len;

		text_trim(&ps, &pl);
		nb = next_nb[i + 1];
		if ((nb >= n || trim_ends_block(L[nb].kind)) &&
		    (prev->blank || !(ps[0] == '-' || ps[0] == '*' ||
				      (unsigned char)ps[0] == 0xe2))) {
			l->kind = K_DASHNAME;
			return;
		}
	}
	l->kind = K_TEXT;
}

/* The three results being built, and where the last line went. */
enum { OUT_REPLY, OUT_SIG, OUT_QUOTED };

struct split {
	struct buf out[3];
	int last;      /* output of the last non-blank line, or -1 */
	size_t blanks; /* blank lines since then */
};

/*
 * Append a line to an output. Lines that were together stay together with
 * their blank lines; pieces that other lines came between are joined by
 * one blank line.
 */
static void
trim_put(struct split *sp, int o, const struct line *l)
{
	struct buf *b = &sp->out[o];
	size_t k;

	if (b->len > 0) {
		if (sp->last == o)
			for (k = 0; k <= sp->blanks; k++)
				buf_append(b, "\n", 1);
		else
			buf_append(b, "\n\n", 2);
	}
	buf_append(b, l->s, l->len);
	sp->last = o;
	sp->blanks = 0;
}

/* The finished output: white space trimmed at both ends. */
static char *
trim_finish(struct buf *b)
{
	const char *s = b->data ? b->data : "";
	size_t len = b->len;
	char *r;

	while (len > 0) {
		size_t n = text_space_len(s, len);

		if (n == 0 && *s != '\n')
			break;
		s += n ? n : 1;
		len -= n ? n : 1;
	}
	for (;;) {
		if (len >= 1 &&
		    (s[len - 1] == '\n' || text_space_len(s + len - 1, 1)))
			len--;
		else if (len >= 2 && text_space_len(s + len - 2, 2) == 2)
			len -= 2;
		else
			break;
	}
	r = xstrndup(s, len);
	buf_free(b);
	return r;
}

/* Cut text into lines at \n, \r\n or a lone \r. */
static struct line *
trim_split_lines(const char *text, size_t *nlines)
{
	size_t cap = 64, n = 0;
	struct line *L = xmalloc(cap * sizeof *L);
	const char *p = text, *start = text;

	for (;;) {
		if (*p == '\n' || *p == '\r' || *p == 0) {
			if (n == cap) {
				cap *= 2;
				L = xrealloc(L, cap * sizeof *L);
			}
			memset(&L[n], 0, sizeof L[n]);
			L[n].s = start;
			L[n].len = (size_t)(p - start);
			n++;
			if (*p == 0)
				break;
			if (*p == '\r' && p[1] == '\n')
				p++;
			start = ++p;
		} else {
			p++;
		}
	}
	*nlines = n;
	return L;
}

/*
 * Gmail's tracking extensions and some editors leave invisible characters
 * in a reply (U+1427, zero-width spaces and joiners, word joiner, BOM):
 * they are no one's words, so they go, in place.
 */
static void
trim_drop_invisible(char *s)
{
	static const char *const invisible[] = {
	    "\xe1\x90\xa7", "\xe2\x80\x8b", "\xe2\x80\x8c",
	    "\xe2\x80\x8d", "\xe2\x81\xa0", "\xef\xbb\xbf",
	};
	char *o = s;
	size_t k;

	while (*s) {
		k = 0;
		if ((unsigned char)*s >= 0xe1)
			while (k < sizeof invisible / sizeof invisible[0] &&
			       strncmp(s, invisible[k], 3) != 0)
				k++;
		if ((unsigned char)*s >= 0xe1 &&
		    k < sizeof invisible / sizeof invisible[0])
			s += 3;
		else
			*o++ = *s++;
	}
	*o = 0;
}

/*
 * Rescue: the message opens with an attribution, a forward's separator or
 * a header block, and nothing the customer wrote is above it (they wrote
 * below an attribution whose quote they deleted, or forwarded a message
 * bare). Those lines, and a header block right under them, are the
 * quote; what follows is read as text. Returns the last line taken.
 */
static size_t
trim_rescue_top(const struct line *L, size_t n, const size_t *next_nb, size_t i,
		struct split *sp)
{
	size_t j = L[i].kind == K_ATTRIB ? L[i].end : i, k;

	for (k = i; k <= j; k++)
		trim_put(sp, OUT_QUOTED, &L[k]);
	for (;;) {
		while (j + 1 < n && !L[j + 1].blank && !L[j + 1].quoted)
			trim_put(sp, OUT_QUOTED, &L[++j]);
		k = next_nb[j + 1];
		if (k >= n || L[k].kind != K_HEADER)
			return j;
		trim_put(sp, OUT_QUOTED, &L[k]);
		j = k;
	}
}

/*
 * Hand the classified lines out to reply, signature and quote, top down.
 * With rescue, the first quote that opens the message is taken by
 * trim_rescue_top() instead of quoting all that follows.
 */
static void
trim_hand_out(const struct line *L, size_t n, const size_t *next_nb,
	      struct split *sp, int rescue)
{
	enum { S_TEXT, S_SIG, S_QUOTE, S_QUOTE_ALL } st = S_TEXT;
	size_t i, j;

	memset(sp, 0, sizeof *sp);
	sp->last = -1;
	for (i = 0; i < n; i++) {
		const struct line *l = &L[i];

		if (l->blank) {
			sp->blanks++;
			continue;
		}
		if (st == S_QUOTE_ALL) {
			trim_put(sp, OUT_QUOTED, l);
			continue;
		}
		if (rescue && (l->kind == K_HEADER || l->kind == K_SEPARATOR ||
			       (l->kind == K_ATTRIB && !l->marked))) {
			i = trim_rescue_top(L, n, next_nb, i, sp);
			rescue = 0;
			continue;
		}
		switch (l->kind) {
		case K_QUOTE:
			st = S_QUOTE;
			trim_put(sp, OUT_QUOTED, l);
			break;
		case K_ATTRIB:
			for (j = i; j <= l->end; j++)
				trim_put(sp, OUT_QUOTED, &L[j]);
			st = l->marked ? S_QUOTE : S_QUOTE_ALL;
			i = l->end;
			break;
		case K_HEADER:
		case K_SEPARATOR:
			st = S_QUOTE_ALL;
			trim_put(sp, OUT_QUOTED, l);
			break;
		case K_SIGDELIM:
		case K_SENTFROM:
		case K_DASHNAME:
			st = S_SIG;
			trim_put(sp, OUT_SIG, l);
			break;
		case K_FOOTER:
			/* A list footer under the quote belongs with it. */
			if (st == S_QUOTE) {
				st = S_QUOTE_ALL;
				trim_put(sp, OUT_QUOTED, l);
			} else {
				st = S_SIG;
				trim_put(sp, OUT_SIG, l);
			}
			break;
		default:
			if (st == S_SIG) {
				trim_put(sp, OUT_SIG, l);
			} else {
				st = S_TEXT;
				trim_put(sp, OUT_REPLY, l);
			}
			break;
		}
	}
}

/* Did the hand-out give the reply nothing but quote a text line? */
static int
trim_reply_lost(const struct split *sp)
{
	return sp->out[OUT_REPLY].len == 0 && sp->out[OUT_QUOTED].len > 0;
}

void
trim_split(const char *text, char **reply, char **signature, char **quoted)
{
	char *copy = utf8_copy(text ? text : "", text ? strlen(text) : 0);
	struct split sp;
	struct line *L;
	size_t n, i, *next_nb;

	trim_drop_invisible(copy);
	L = trim_split_lines(copy, &n);
	for (i = 0; i < n; i++) {
		L[i].blank = (unsigned char)trim_is_blank(L[i].s, L[i].len);
		L[i].quoted = (unsigned char)(!L[i].blank &&
					      trim_is_quoted(L[i].s, L[i].len));
		if (!L[i].blank && !L[i].quoted)
			L[i].hkey = trimlex_header_key(L[i].s, L[i].len);
	}
	next_nb = xmalloc((n + 2) * sizeof *next_nb);
	next_nb[n] = next_nb[n + 1] = n;
	for (i = n; i-- > 0;)
		next_nb[i] = L[i].blank ? next_nb[i + 1] : i;
	for (i = n; i-- > 0;)
		trim_classify(L, n, next_nb, i);

	trim_hand_out(L, n, next_nb, &sp, 0);
	if (trim_reply_lost(&sp)) {
		/* never lose the customer's words: read the top again */
		for (i = 0; i < 3; i++)
			buf_free(&sp.out[i]);
		trim_hand_out(L, n, next_nb, &sp, 1);
	}
	*reply = trim_finish(&sp.out[OUT_REPLY]);
	*signature = trim_finish(&sp.out[OUT_SIG]);
	*quoted = trim_finish(&sp.out[OUT_QUOTED]);
	free(next_nb);
	free(L);
	free(copy);
}
