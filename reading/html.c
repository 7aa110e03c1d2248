/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * html: the text a person sees in an HTML mail body, for replies that
 * come without a text/plain part.
 *
 * Contract: html_to_text() takes any bytes and returns a newly allocated
 * string; when the input is valid UTF-8 so is the output (entities are
 * encoded as UTF-8, invalid ones become U+FFFD). Tags are dropped; <p>,
 * <br>, <div>, <li>, <tr>, headings and the like end lines (a list item
 * starts with "- "); white space is collapsed as a browser does, except in
 * <pre>; at most one blank line in a row. <style>, <script>, <head>,
 * <title> and comments are dropped with their content. Text inside
 * <blockquote> is quoted text: each of its lines starts with "> " per
 * level, so that the trimmer treats it like a quoted plain-text mail.
 *
 * One forward pass, so linear time; the searches for a closing tag start
 * where the skipped element starts and the pass resumes after it.
 */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "extract_int.h"
#include "utf8.h"
#include "xmalloc.h"

#define QUOTE_MAX 16

struct html {
	struct buf out;
	int depth;         /* blockquote level */
	int pre;           /* inside <pre> */
	int line_start;    /* nothing visible on the current line yet */
	int space;         /* a space is due before the next visible byte */
	int newlines;      /* newlines at the end of out */
	size_t para_start; /* out.len at the last <p> */
	int headless;      /* no </head> or <body> follows: stop looking */
};

static void
html_visible(struct html *h, const char *s, size_t len)
{
	int k;

	if (h->line_start) {
		for (k = 0; k < h->depth && k < QUOTE_MAX; k++)
			buf_append(&h->out, "> ", 2);
		h->line_start = 0;
	} else if (h->space) {
		buf_append(&h->out, " ", 1);
	}
	h->space = 0;
	buf_append(&h->out, s, len);
	h->newlines = 0;
}

static void
html_space(struct html *h)
{
	if (!h->line_start)
		h->space = 1;
}

static void
html_newline(struct html *h)
{
	h->space = 0;
	if (h->newlines >= 2 && !h->pre)
		return;
	buf_append(&h->out, "\n", 1);
	h->newlines++;
	h->line_start = 1;
}

static void
html_end_line(struct html *h)
{
	if (!h->line_start)
		html_newline(h);
}

static void
html_put_cp(struct html *h, uint32_t cp)
{
	char u[UTF8_MAX];

	/* &#0; and what no UTF-8 holds become U+FFFD (utf8_encode). */
	html_visible(h, u, utf8_encode(cp == 0 ? 0xfffd : cp, u));
}

/*
 * Windows-1252 for 0x80..0x9f, as HTML5 says browsers read &#128;..&#159;.
 * The tree's one such table (mime.c converts bytes through iconv): this
 * maps code points, which no charset converter does.
 */
static const uint16_t cp1252_c1[32] = {
    0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
    0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd,
    0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
    0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178};

/* Latin-1 names, U+00A0 to U+00FF in order. */
static const char *const latin1_names[96] = {
    "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar",
    "sect",   "uml",    "copy",   "ordf",   "laquo",  "not",    "shy",
    "reg",    "macr",   "deg",    "plusmn", "sup2",   "sup3",   "acute",
    "micro",  "para",   "middot", "cedil",  "sup1",   "ordm",   "raquo",
    "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc",
    "Atilde", "Auml",   "Aring",  "AElig",  "Ccedil", "Egrave", "Eacute",
    "Ecirc",  "Euml",   "Igrave", "Iacute", "Icirc",  "Iuml",   "ETH",
    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde", "Ouml",   "times",
    "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",
    "szlig",  "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",
    "aelig",  "ccedil", "egrave", "eacute", "ecirc",  "euml",   "igrave",
    "iacute", "icirc",  "iuml",   "eth",    "ntilde", "ograve", "oacute",
    "ocirc",  "otilde", "ouml",   "divide", "oslash", "ugrave", "uacute",
    "ucirc",  "uuml",   "yacute", "thorn",  "yuml"};

static const struct {
	const char *name;
	uint32_t cp;
} entities[] = {
    {"amp", '&'},       {"nbsp", 0xa0},    {"lt", '<'},
    {"gt", '>'},        {"quot", '"'},     {"apos", '\''},
    {"OElig", 0x152},   {"oelig", 0x153},  {"Scaron", 0x160},
    {"scaron", 0x161},  {"Yuml", 0x178},   {"fnof", 0x192},
    {"circ", 0x2c6},    {"tilde", 0x2dc},  {"ensp", ' '},
    {"emsp", ' '},      {"thinsp", ' '},   {"zwnj", 0},
    {"zwj", 0},         {"lrm", 0},        {"rlm", 0},
    {"ndash", 0x2013},  {"mdash", 0x2014}, {"lsquo", 0x2018},
    {"rsquo", 0x2019},  {"sbquo", 0x201a}, {"ldquo", 0x201c},
    {"rdquo", 0x201d},  {"bdquo", 0x201e}, {"dagger", 0x2020},
    {"Dagger", 0x2021}, {"bull", 0x2022},  {"hellip", 0x2026},
    {"permil", 0x2030}, {"prime", 0x2032}, {"lsaquo", 0x2039},
    {"rsaquo", 0x203a}, {"euro", 0x20ac},  {"trade", 0x2122},
    {"larr", 0x2190},   {"rarr", 0x2192},  {"hearts", 0x2665},
};

static int
html_same(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* A code point, or -1 when unknown; 0 means "drop it". */
static long
html_entity_named(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof entities / sizeof entities[0]; i++)
		if (html_same(name, entities[i].name))
			return (long)entities[i].cp;
	for (i = 0; i < 96; i++)
		if (html_same(name, latin1_names[i]))
			return 0xa0 + (long)i;
	return -1;
}

/* An entity at s[0] == '&'; returns the bytes used, or 0 if none. */
static size_t
html_entity(struct html *h, const char *s, size_t len)
{
	char name[16];
	size_t i = 1, k = 0;
	uint32_t cp = 0;
	long named;

	if (len > 2 && s[1] == '#') {
		int hex = len > 3 && (s[2] == 'x' || s[2] == 'X');
		int digits = 0;

		for (i = hex ? 3 : 2; i < len && digits < 8; i++, digits++) {
			char c = s[i];
			unsigned v;

			if (c >= '0' && c <= '9')
				v = (unsigned)(c - '0');
			else if (hex && c >= 'a' && c <= 'f')
				v = (unsigned)(c - 'a' + 10);
			else if (hex && c >= 'A' && c <= 'F')
				v = (unsigned)(c - 'A' + 10);
			else
				break;
			cp = cp * (hex ? 16 : 10) + v;
		}
		if (digits == 0)
			return 0;
		if (i < len && s[i] == ';')
			i++;
		if (cp >= 0x80 && cp <= 0x9f)
			cp = cp1252_c1[cp - 0x80];
		if (cp == 0xa0 || cp == ' ' || cp == '\t' || cp == '\n' ||
		    cp == '\r')
			html_space(h);
		else if ((cp < 0x20 && cp != 0) || cp == 0x7f)
			;
		else
			html_put_cp(h, cp);
		return i;
	}
	while (i < len && k < sizeof name - 1 &&
	       ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		(s[i] >= '0' && s[i] <= '9')))
		name[k++] = s[i++];
	name[k] = 0;
	if (k == 0 || i >= len || s[i] != ';')
		return 0;
	if ((named = html_entity_named(name)) < 0)
		return 0;
	if (named == 0xa0 || named == ' ')
		html_space(h);
	else if (named != 0 && named != 0xad)
		html_put_cp(h, (uint32_t)named);
	return i + 1;
}

static int
html_lc(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/*
 * Where the element name (lower case) closes: the offset of "</name" at
 * or after from, or of "<stop" when stop is given and comes first; len if
 * neither.
 */
static size_t
html_find_close(const char *s, size_t len, size_t from, const char *name,
		const char *stop, int *stopped)
{
	size_t i, k, nl = strlen(name), sl = stop ? strlen(stop) : 0;

	*stopped = 0;
	for (i = from; i < len; i++) {
		if (s[i] != '<')
			continue;
		if (i + 2 + nl <= len && s[i + 1] == '/') {
			for (k = 0; k < nl && html_lc(s[i + 2 + k]) == name[k];
			     k++)
				;
			if (k == nl)
				return i;
		}
		if (stop && i + 1 + sl <= len) {
			for (k = 0; k < sl && html_lc(s[i + 1 + k]) == stop[k];
			     k++)
				;
			if (k == sl) {
				*stopped = 1;
				return i;
			}
		}
	}
	return len;
}

/* Past the '>' that ends the tag opened at s[from] ('<'); len if none. */
static size_t
html_tag_end(const char *s, size_t len, size_t from)
{
	size_t i;
	char q = 0;

	for (i = from + 1; i < len; i++) {
		if (q) {
			if (s[i] == q)
				q = 0;
		} else if (s[i] == '"' || s[i] == '\'') {
			/* quotes only count inside attributes, after a '=' */
			size_t k = i;

			while (k > from &&
			       (s[k - 1] == ' ' || s[k - 1] == '\t'))
				k--;
			if (k > from && s[k - 1] == '=')
				q = s[i];
		} else if (s[i] == '>') {
			return i + 1;
		}
	}
	return len;
}

static int
html_is_block(const char *t)
{
	static const char *const blocks[] = {
	    "div",      "p",       "li",     "tr",      "table",   "ul",
	    "ol",       "h1",      "h2",     "h3",      "h4",      "h5",
	    "h6",       "dl",      "dt",     "dd",      "section", "article",
	    "header",   "footer",  "center", "address", "hr",      "form",
	    "fieldset", "caption", "tbody",  "thead",   "nav",     "main",
	    "aside",    "figure",
	};
	size_t i;

	for (i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
		if (strcmp(t, blocks[i]) == 0)
			return 1;
	return 0;
}

/* Handle the tag at s[i] == '<'; returns where to continue. */
static size_t
html_tag(struct html *h, const char *s, size_t len, size_t i)
{
	char name[16];
	size_t j = i + 1, k = 0, end, close;
	int closing = 0, stopped;

	if (j < len && s[j] == '!') {
		if (j + 2 < len && s[j + 1] == '-' && s[j + 2] == '-') {
			const char *e = NULL;
			size_t p;

			for (p = j + 3; p + 2 < len; p++)
				if (s[p] == '-' && s[p + 1] == '-' &&
				    s[p + 2] == '>') {
					e = s + p;
					break;
				}
			return e ? (size_t)(e - s) + 3 : len;
		}
		return html_tag_end(s, len, i);
	}
	if (j < len && s[j] == '?')
		return html_tag_end(s, len, i);
	if (j < len && s[j] == '/') {
		closing = 1;
		j++;
	}
	while (j < len && k < sizeof name - 1 &&
	       ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
		(s[j] >= '0' && s[j] <= '9') || s[j] == ':'))
		name[k++] = (char)html_lc(s[j++]);
	name[k] = 0;
	if (k == 0) {
		/* "a < b": not a tag */
		html_visible(h, "<", 1);
		return i + 1;
	}
	end = html_tag_end(s, len, i);
	if (end >= len && s[len - 1] != '>')
		return len; /* a tag cut short: nothing after it shows */
	if (!closing &&
	    (strcmp(name, "style") == 0 || strcmp(name, "script") == 0 ||
	     strcmp(name, "title") == 0 || strcmp(name, "xml") == 0 ||
	     strcmp(name, "head") == 0)) {
		int head = strcmp(name, "head") == 0;

		if (head && h->headless)
			return end;
		close = html_find_close(s, len, end, name, head ? "body" : NULL,
					&stopped);
		if (close >= len && head) {
			h->headless = 1; /* no </head>: keep what follows */
			return end;
		}
		if (stopped || close >= len)
			return close;
		return html_tag_end(s, len, close);
	}
	if (strcmp(name, "br") == 0) {
		html_newline(h);
	} else if (strcmp(name, "blockquote") == 0) {
		html_end_line(h);
		if (closing && h->depth > 0)
			h->depth--;
		else if (!closing)
			h->depth++;
	} else if (strcmp(name, "pre") == 0) {
		html_end_line(h);
		if (closing && h->pre > 0)
			h->pre--;
		else if (!closing)
			h->pre++;
	} else if (strcmp(name, "p") == 0) {
		if (!closing) {
			html_end_line(h);
			h->para_start = h->out.len;
		} else if (h->line_start && h->out.len == h->para_start) {
			html_newline(
			    h); /* an empty paragraph is a blank line */
		} else {
			html_end_line(h);
		}
	} else if (strcmp(name, "li") == 0 && !closing) {
		html_end_line(h);
		html_visible(h, "-", 1);
		h->space = 1;
	} else if (html_is_block(name)) {
		html_end_line(h);
	} else if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0) {
		html_space(h);
	}
	return end;
}

char *
html_to_text(const char *s, size_t len)
{
	struct html h;
	size_t i = 0, n;

	memset(&h, 0, sizeof h);
	buf_init(&h.out);
	buf_append(&h.out, "", 0);
	h.line_start = 1;
	h.newlines = 2; /* no blank lines at the top */
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c == '<') {
			i = html_tag(&h, s, len, i);
		} else if (c == '&') {
			n = html_entity(&h, s + i, len - i);
			if (n == 0) {
				html_visible(&h, "&", 1);
				n = 1;
			}
			i += n;
		} else if (h.pre && (c == '\n' || c == ' ' || c == '\t')) {
			if (c == '\n')
				html_newline(&h);
			else
				html_visible(&h, " ", 1);
			i++;
		} else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
			   c == '\f' || c == 0) {
			html_space(&h);
			i++;
		} else {
			/* a run of ordinary bytes at once */
			n = 1;
			while (i + n < len && s[i + n] != '<' &&
			       s[i + n] != '&' && s[i + n] != ' ' &&
			       s[i + n] != '\t' && s[i + n] != '\n' &&
			       s[i + n] != '\r' && s[i + n] != '\f' &&
			       s[i + n] != 0)
				n++;
			html_visible(&h, s + i, n);
			i += n;
		}
	}
	return h.out.data;
}
