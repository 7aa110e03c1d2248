/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * trim: split a plain-text reply into what the customer wrote, the
 * signature and the quoted original, the way a person reads it.
 *
 * Contract: trim_split() never fails and returns three newly allocated
 * strings of valid UTF-8 (input that is not UTF-8 is repaired first), each
 * trimmed of white space at both ends. Every input line ends up in exactly
 * one of them, except blank lines at the edges of a block.
 *
 * How: the text is cut into lines; each line is classified once, from the
 * bottom up, looking at no more than a few neighbouring lines and a few
 * hundred bytes (the classes of the lines below it are already known);
 * then the lines are handed out once, from the top down, by a small state
 * machine. So the work is linear in the size of the text whatever it holds:
 * no regular expression ever runs over the whole text.
 *
 * What starts the quoted part: a ">" line; an trim_attribution ("On ... wrote:"
 * in a dozen languages, possibly broken over up to three lines, or any
 * dated line ending in ":" that is followed by ">" lines); an Outlook
 * header block (From:/Sent:/To:/Subject: and their French, German,
 * Spanish, Dutch, Italian, Portuguese and Swedish forms), with the line of
 * underscores or dashes above it; "-----Original Message-----" and its
 * translations. After a header block or an unquoted attribution all the
 * rest is quoted; after ">" lines, unquoted text is an answer written in
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

/* Header keys of an Outlook block, as bits. */
enum { HK_FROM = 1, HK_DATE = 2, HK_TO = 4, HK_CC = 8, HK_SUBJECT = 16 };

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

/* An attribution is short: longer lines are never one. */
#define ATTRIB_MAX 400

size_t
trim_lower(char *dst, size_t cap, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, o = 0;

	if (cap == 0)
		return 0;
	for (i = 0; i < len && o + 1 < cap; i++) {
		unsigned char c = p[i];

		if (c >= 'A' && c <= 'Z') {
			dst[o++] = (char)(c + 32);
		} else if (c == 0xc3 && i + 1 < len && p[i + 1] >= 0x80 &&
			   p[i + 1] <= 0x9e && p[i + 1] != 0x97) {
			if (o + 2 >= cap)
				break;
			dst[o++] = (char)c;
			dst[o++] = (char)(p[++i] + 0x20);
		} else {
			dst[o++] = (char)c;
		}
	}
	dst[o] = 0;
	return o;
}

/* Length of the white-space character at s (space, tab, NBSP), or 0. */
static size_t
trim_ws_len(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;

	if (len >= 1 && (p[0] == ' ' || p[0] == '\t' || p[0] == '\f' ||
			 p[0] == '\v' || p[0] == '\r'))
		return 1;
	if (len >= 2 && p[0] == 0xc2 && p[1] == 0xa0)
		return 2;
	return 0;
}

static void
trim_ws(const char **s, size_t *len)
{
	size_t n;

	while (*len > 0 && (n = trim_ws_len(*s, *len)) > 0) {
		*s += n;
		*len -= n;
	}
	for (;;) {
		if (*len >= 1 && trim_ws_len(*s + *len - 1, 1) == 1)
			*len -= 1;
		else if (*len >= 2 && trim_ws_len(*s + *len - 2, 2) == 2)
			*len -= 2;
		else
			break;
	}
}

static int
trim_is_blank(const char *s, size_t len)
{
	trim_ws(&s, &len);
	return len == 0;
}

static int
trim_is_quoted(const char *s, size_t len)
{
	size_t n;

	while (len > 0 && (n = trim_ws_len(s, len)) > 0) {
		s += n;
		len -= n;
	}
	return len > 0 && *s == '>';
}

static int
trim_is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
trim_is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* A letter for word boundaries: ASCII letters, digits, any UTF-8 byte. */
static int
trim_is_wordc(unsigned char c)
{
	return trim_is_alpha(c) || trim_is_digit(c) || c >= 0x80;
}

/* Outlook header keys, lower case, by language. */
static const struct {
	const char *name;
	unsigned char bit;
} hkeys[] = {
    {"from", HK_FROM},
    {"de", HK_FROM},
    {"von", HK_FROM},
    {"van", HK_FROM},
    {"da", HK_FROM},
    {"från", HK_FROM},
    {"fra", HK_FROM},
    {"od", HK_FROM},
    {"expéditeur", HK_FROM},
    {"sent", HK_DATE},
    {"date", HK_DATE},
    {"envoyé", HK_DATE},
    {"envoyé le", HK_DATE},
    {"gesendet", HK_DATE},
    {"datum", HK_DATE},
    {"enviado", HK_DATE},
    {"enviada", HK_DATE},
    {"enviado el", HK_DATE},
    {"fecha", HK_DATE},
    {"verzonden", HK_DATE},
    {"verstuurd", HK_DATE},
    {"inviato", HK_DATE},
    {"data", HK_DATE},
    {"skickat", HK_DATE},
    {"sendt", HK_DATE},
    {"wysłano", HK_DATE},
    {"to", HK_TO},
    {"à", HK_TO},
    {"a", HK_TO},
    {"an", HK_TO},
    {"para", HK_TO},
    {"aan", HK_TO},
    {"till", HK_TO},
    {"til", HK_TO},
    {"do", HK_TO},
    {"destinataire", HK_TO},
    {"cc", HK_CC},
    {"kopie", HK_CC},
    {"copie à", HK_CC},
    {"copia", HK_CC},
    {"kopia", HK_CC},
    {"subject", HK_SUBJECT},
    {"objet", HK_SUBJECT},
    {"betreff", HK_SUBJECT},
    {"asunto", HK_SUBJECT},
    {"onderwerp", HK_SUBJECT},
    {"oggetto", HK_SUBJECT},
    {"assunto", HK_SUBJECT},
    {"ämne", HK_SUBJECT},
    {"emne", HK_SUBJECT},
    {"temat", HK_SUBJECT},
    {"sujet", HK_SUBJECT},
};

/* The header key a line starts with ("*From:* ...", "De :"), or 0. */
static unsigned char
trim_header_key(const char *s, size_t len)
{
	char key[32];
	size_t i = 0, k, n;

	while (i < len) {
		if ((n = trim_ws_len(s + i, len - i)) > 0)
			i += n;
		else if (s[i] == '*' || s[i] == '_')
			i++;
		else
			break;
	}
	for (k = i; k < len && k - i < 24 && s[k] != ':'; k++)
		;
	if (k >= len || s[k] != ':' || k == i)
		return 0;
	n = k - i;
	while (n > 0 && (s[i + n - 1] == ' ' || s[i + n - 1] == '*' ||
			 s[i + n - 1] == '\t'))
		n--;
	if (n >= 2 && (unsigned char)s[i + n - 2] == 0xc2 &&
	    (unsigned char)s[i + n - 1] == 0xa0)
		n -= 2;
	if (n == 0)
		return 0;
	if (n > 16)
		return 0; /* longer than any key */
	n = trim_lower(key, sizeof key, s + i, n);
	for (k = 0; k < sizeof hkeys / sizeof hkeys[0]; k++) {
		const char *h = hkeys[k].name;
		size_t j;

		for (j = 0; j < n && h[j] == key[j]; j++)
			;
		if (j == n && h[j] == 0)
			return hkeys[k].bit;
	}
	return 0;
}

/* A rule: only underscores (1), or only dashes or '=' (2), at least 2. */
static int
trim_rule_line(const char *s, size_t len)
{
	size_t i, count = 0;
	char c;

	trim_ws(&s, &len);
	if (len < 2)
		return 0;
	c = s[0];
	if (c != '_' && c != '-' && c != '=')
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] == c)
			count++;
		else if (s[i] != ' ')
			return 0;
	}
	if (c == '_')
		return 1;
	return count >= 5 ? 2 : 0;
}

/* "-----Original Message-----" and its kin, or "Begin forwarded message:". */
static int
trim_original_message(const char *s, size_t len)
{
	static const char *const dashed[] = {
	    "original message",
	    "original-nachricht",
	    "message d'origine",
	    "message d’origine",
	    "ursprüngliche nachricht",
	    "ursprungliche nachricht",
	    "mensaje original",
	    "oorspronkelijk bericht",
	    "origineel bericht",
	    "messaggio originale",
	    "mensagem original",
	    "ursprungligt meddelande",
	    "forwarded message",
	    "message transféré",
	    "weitergeleitete nachricht",
	    "mensaje reenviado",
	    "doorgestuurd bericht",
	    "messaggio inoltrato",
	    "mensagem encaminhada",
	    "vidarebefordrat meddelande",
	    "original email",
	    "reply message",
	};
	static const char *const plain[] = {
	    "begin forwarded message:",
	    "début du message réexpédié :",
	    "début du message transféré :",
	    "anfang der weitergeleiteten nachricht:",
	    "inicio del mensaje reenviado:",
	    "begin doorgestuurd bericht:",
	    "inizio messaggio inoltrato:",
	    "início da mensagem reencaminhada:",
	};
	char low[96];
	size_t n, i, dashes = 0, a, b;

	trim_ws(&s, &len);
	if (len < 15 || len >= sizeof low)
		return 0;
	n = trim_lower(low, sizeof low, s, len);
	for (i = 0; i < sizeof plain / sizeof plain[0]; i++)
		if (strcmp(low, plain[i]) == 0)
			return 1;
	for (a = 0; a < n && (low[a] == '-' || low[a] == ' ' || low[a] == '*' ||
			      low[a] == '_');
	     a++)
		dashes += low[a] == '-';
	for (b = n; b > a && (low[b - 1] == '-' || low[b - 1] == ' ' ||
			      low[b - 1] == '*' || low[b - 1] == '_');
	     b--)
		dashes += low[b - 1] == '-';
	if (dashes < 2 || b <= a)
		return 0;
	low[b] = 0;
	for (i = 0; i < sizeof dashed / sizeof dashed[0]; i++)
		if (strcmp(low + a, dashed[i]) == 0)
			return 1;
	return 0;
}

/* "-- " (or "--") alone: the signature delimiter. */
static int
trim_sig_delim(const char *s, size_t len)
{
	while (len > 0 && trim_ws_len(s + len - 1, 1) == 1)
		len--;
	return len == 2 && s[0] == '-' && s[1] == '-';
}

/*
 * "Sent from my iPhone" and the like: a known prefix, then a short name
 * (at most 10 words, no comma: "Sent from my desk, is much easier" is a
 * sentence), optionally followed by "(link)" or "<link>".
 */
static int
trim_sent_from(const char *s, size_t len)
{
	static const char *const prefixes[] = {
	    "sent from my ",
	    "sent from ",
	    "sent with ",
	    "sent via ",
	    "sent using ",
	    "get outlook for ",
	    "envoyé de mon ",
	    "envoyé depuis mon ",
	    "envoyé à partir de ",
	    "envoyé de ",
	    "envoyé depuis ",
	    "envoyé avec ",
	    "von meinem ",
	    "gesendet von ",
	    "gesendet mit ",
	    "enviado desde mi ",
	    "enviado desde ",
	    "enviado do meu ",
	    "enviado de meu ",
	    "enviado do ",
	    "enviado com ",
	    "verzonden vanaf mijn ",
	    "verstuurd vanaf mijn ",
	    "verzonden met ",
	    "verstuurd met ",
	    "inviato da ",
	    "inviato dal mio ",
	    "skickat från min ",
	    "skickat från ",
	    "sendt fra min ",
	};
	char low[128];
	size_t i, n, plen, words = 0;
	const char *rest = NULL;
	int inword = 0;

	trim_ws(&s, &len);
	if (len < 10 || len > 120)
		return 0;
	n = trim_lower(low, sizeof low, s, len);
	for (i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
		plen = strlen(prefixes[i]);
		if (n > plen && memcmp(low, prefixes[i], plen) == 0) {
			rest = low + plen;
			break;
		}
	}
	if (rest == NULL)
		return 0;
	for (; *rest && *rest != '(' && *rest != '<'; rest++) {
		unsigned char c = (unsigned char)*rest;

		if (c == ' ') {
			inword = 0;
		} else if (trim_is_wordc(c) || strchr("-'&+./_", c)) {
			if (!inword)
				words++;
			inword = 1;
		} else {
			return 0;
		}
	}
	return words >= 1 && words <= 10;
}

/* "-John", "-- Jane Doe", "— J.": a sign-off name after a dash. */
static int
trim_dash_name(const char *s, size_t len)
{
	size_t i = 0, words = 0;
	int inword = 0;

	trim_ws(&s, &len);
	if (len >= 3 && (unsigned char)s[0] == 0xe2 &&
	    (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x94 || (unsigned char)s[2] == 0x93)) {
		i = 3;
		if (i < len && s[i] == ' ')
			i++;
	} else if (len >= 2 && s[0] == '-' && s[1] == '-') {
		i = 2;
		if (i < len && s[i] == ' ')
			i++;
	} else if (len >= 1 && s[0] == '-') {
		i = 1;
	} else {
		return 0;
	}
	if (len - i > 40 || i >= len)
		return 0;
	for (; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ') {
			if (!inword)
				return 0; /* two spaces, or a space first */
			inword = 0;
		} else if (!inword) {
			if (!((c >= 'A' && c <= 'Z') || c >= 0xc3))
				return 0;
			inword = 1;
			words++;
		} else if (!(trim_is_alpha(c) || c >= 0x80 || c == '.' ||
			     c == '\'' || c == '-')) {
			return 0;
		}
	}
	return words >= 1 && words <= 4;
}

static const char *const wrote_verbs[] = {
    "wrote",    "writes",   "écrit",     "schrieb", "escribió",
    "escribio", "schreef",  "scritto",   "scrisse", "escreveu",
    "escribiu", "skrev",    "kirjoitti", "napisał", "napisal",
    "написал",  "написала", "yazdı",     "a scris", "napsal",
};

/*
 * Does low (n bytes, lower case) contain a "wrote" verb as a whole word?
 * *at_end tells whether one ends the text (but for spaces and ':'). One
 * pass over the word starts; no library calls, so cheap on every line.
 */
static int
trim_find_verbs(const char *low, size_t n, int *at_end)
{
	size_t p, v, k;
	int found = 0;

	*at_end = 0;
	for (p = 0; p < n; p++) {
		if (p > 0 && trim_is_wordc((unsigned char)low[p - 1]))
			continue;
		for (v = 0; v < sizeof wrote_verbs / sizeof wrote_verbs[0];
		     v++) {
			const char *w = wrote_verbs[v];

			if (low[p] != w[0])
				continue;
			for (k = 1; w[k] && p + k < n && low[p + k] == w[k];
			     k++)
				;
			if (w[k] || (p + k < n &&
				     trim_is_wordc((unsigned char)low[p + k])))
				continue;
			found = 1;
			for (k += p; k < n && (low[k] == ' ' || low[k] == ':');
			     k++)
				;
			if (k >= n)
				*at_end = 1;
		}
	}
	return found;
}

/* First words of an attribution: "On", "Le", "Am", "El", "Op", ... */
static int
trim_starts_on(const char *low, size_t n)
{
	static const char *const words[] = {"on", "le",  "am",  "el",
					    "op", "il",  "em",  "den",
					    "på", "dne", "dňa", "w"};
	size_t i, w;

	for (w = 0; w < n && low[w] != ' ' && low[w] != ','; w++)
		;
	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strlen(words[i]) == w && memcmp(low, words[i], w) == 0)
			return 1;
	return 0;
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
 * Is there an attribution starting at line i, over at most three lines
 * ending with ":"? On success *end is its last line and *marked says
 * whether ">" lines follow it.
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

		if (l->blank || l->quoted || len > ATTRIB_MAX)
			return 0;
		while (len > 0 && trim_ws_len(l->s + len - 1, 1) == 1)
			len--;
		if (len > 0 && l->s[len - 1] == ':')
			break;
	}
	if (k == 3 || i + k >= n)
		return 0;
	for (k = 0; k < 3 && i + k < n; k++) {
		const struct line *l = &L[i + k];
		const char *s = l->s;
		size_t len = l->len;

		trim_ws(&s, &len);
		if (len == 0 || jl + len + 1 > ATTRIB_MAX)
			return 0;
		if (k == 0) {
			first = s;
			first_len = len;
		} else {
			low[jl++] = ' ';
		}
		jl += trim_lower(low + jl, sizeof low - jl, s, len);
		if (s[len - 1] == ':')
			break;
	}
	if (k == 3 || i + k >= n || jl == 0 || low[jl - 1] != ':')
		return 0;
	date = trim_has_date(low, jl);
	at = memchr(low, '@', jl) != NULL;
	nb = next_nb[i + k + 1];
	next_quoted = nb < n && L[nb].quoted;
	if (!date && !at && !next_quoted)
		return 0; /* no clause below can hold */
	verb = trim_find_verbs(low, jl, &verb_end);
	on = trim_starts_on(low, jl);
	digit = trim_is_digit((unsigned char)low[0]);
	if (k > 0 && !on && !digit) {
		/* "Name <addr>" then "wrote:" on the next line */
		char last = first[first_len - 1];

		if (!memchr(first, '<', first_len) ||
		    !memchr(first, '@', first_len) || last == '.' ||
		    last == '!' || last == '?')
			return 0;
	}
	ok = (verb && (date || at)) ||
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
	if (l->quoted) {
		l->kind = K_QUOTE;
		return;
	}
	if (trim_sig_delim(l->s, l->len)) {
		l->kind = K_SIGDELIM;
		return;
	}
	if (trim_original_message(l->s, l->len)) {
		l->kind = K_SEPARATOR;
		return;
	}
	rule = trim_rule_line(l->s, l->len);
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
	if (trim_sent_from(l->s, l->len)) {
		l->kind = K_SENTFROM;
		return;
	}
	if (rule == 1) {
		l->kind = K_FOOTER;
		return;
	}
	if (i > 0 && trim_dash_name(l->s, l->len)) {
		const struct line *prev = &L[i - 1];
		const char *ps = prev->s;
		size_t pl = prev->len;

		trim_ws(&ps, &pl);
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
		size_t n = trim_ws_len(s, len);

		if (n == 0 && *s != '\n')
			break;
		s += n ? n : 1;
		len -= n ? n : 1;
	}
	for (;;) {
		if (len >= 1 &&
		    (s[len - 1] == '\n' || trim_ws_len(s + len - 1, 1)))
			len--;
		else if (len >= 2 && trim_ws_len(s + len - 2, 2) == 2)
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

void
trim_split(const char *text, char **reply, char **signature, char **quoted)
{
	enum { S_TEXT, S_SIG, S_QUOTE, S_QUOTE_ALL } st = S_TEXT;
	char *copy = utf8_copy(text ? text : "", text ? strlen(text) : 0);
	struct split sp;
	struct line *L;
	size_t n, i, j, *next_nb;

	L = trim_split_lines(copy, &n);
	for (i = 0; i < n; i++) {
		L[i].blank = (unsigned char)trim_is_blank(L[i].s, L[i].len);
		L[i].quoted = (unsigned char)(!L[i].blank &&
					      trim_is_quoted(L[i].s, L[i].len));
		if (!L[i].blank && !L[i].quoted)
			L[i].hkey = trim_header_key(L[i].s, L[i].len);
	}
	next_nb = xmalloc((n + 2) * sizeof *next_nb);
	next_nb[n] = next_nb[n + 1] = n;
	for (i = n; i-- > 0;)
		next_nb[i] = L[i].blank ? next_nb[i + 1] : i;
	for (i = n; i-- > 0;)
		trim_classify(L, n, next_nb, i);

	memset(&sp, 0, sizeof sp);
	sp.last = -1;
	for (i = 0; i < n; i++) {
		const struct line *l = &L[i];

		if (l->blank) {
			sp.blanks++;
			continue;
		}
		if (st == S_QUOTE_ALL) {
			trim_put(&sp, OUT_QUOTED, l);
			continue;
		}
		switch (l->kind) {
		case K_QUOTE:
			st = S_QUOTE;
			trim_put(&sp, OUT_QUOTED, l);
			break;
		case K_ATTRIB:
			for (j = i; j <= l->end; j++)
				trim_put(&sp, OUT_QUOTED, &L[j]);
			st = l->marked ? S_QUOTE : S_QUOTE_ALL;
			i = l->end;
			break;
		case K_HEADER:
		case K_SEPARATOR:
			st = S_QUOTE_ALL;
			trim_put(&sp, OUT_QUOTED, l);
			break;
		case K_SIGDELIM:
		case K_SENTFROM:
		case K_DASHNAME:
			st = S_SIG;
			trim_put(&sp, OUT_SIG, l);
			break;
		case K_FOOTER:
			/* A list footer under the quote belongs with it. */
			if (st == S_QUOTE) {
				st = S_QUOTE_ALL;
				trim_put(&sp, OUT_QUOTED, l);
			} else {
				st = S_SIG;
				trim_put(&sp, OUT_SIG, l);
			}
			break;
		default:
			if (st == S_SIG) {
				trim_put(&sp, OUT_SIG, l);
			} else {
				st = S_TEXT;
				trim_put(&sp, OUT_REPLY, l);
			}
			break;
		}
	}
	*reply = trim_finish(&sp.out[OUT_REPLY]);
	*signature = trim_finish(&sp.out[OUT_SIG]);
	*quoted = trim_finish(&sp.out[OUT_QUOTED]);
	free(next_nb);
	free(L);
	free(copy);
}
