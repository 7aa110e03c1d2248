/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * shape: is a raw message within the bounds that make it safe to hand to
 * GMime (shape.h)? GMime 3.2 recurses once per nested address group and
 * per nested part, and keeps about a kilobyte per part however small:
 * 45,000 nested groups in a To: overflow the stack, and 9 MB of empty
 * parts take 2.4 GB. This module reads the message once, line by line,
 * as GMime would, and counts what costs GMime: header fields, the bytes
 * of address fields, parts and nesting.
 *
 * Contract: any bytes; linear in their length; memory bounded by the
 * limits, never by the message. It matches boundary lines as GMime 3.2
 * does ("--" boundary, then "--" for the last, then only white space)
 * and reads a Content-Type's comments, quoting and escapes as it does.
 * Where the two could still disagree it errs on the side of counting
 * more (any message/ type but reports is an attached message) or fails
 * closed (a boundary in RFC 2231 form, two Content-Types in a section,
 * a Content-Type too long to keep), so that a message it passes is never
 * worse than counted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "shape.h"
#include "xmalloc.h"

#define SHAPE_BOUNDARY_MAX 256 /* RFC 2046 allows 70 */
#define SHAPE_CT_MAX 2048      /* a Content-Type longer fails closed */
#define SHAPE_CTE_MAX 32       /* enough of a Content-Transfer-Encoding */

/* One open container: a multipart (its boundary) or a message (none). */
struct shape_level {
	char boundary[SHAPE_BOUNDARY_MAX + 1];
	size_t len;
	int digest; /* a multipart/digest: its parts are messages */
};

/* What a header section's Content-Type says, as far as it matters. */
struct shape_type {
	int multipart, message, digest;
	struct shape_level level; /* a multipart's boundary */
	const char *unreadable;   /* why the boundary cannot be told */
};

struct shape_state {
	const struct shape_limits *lim;
	struct shape_level *stack; /* lim->max_depth entries */
	long depth, parts, headers;
	int in_header;    /* reading a header section */
	int field_addr;   /* the field being read is an address field */
	int field_ct;     /* ... is Content-Type */
	int field_cte;    /* ... is Content-Transfer-Encoding */
	size_t field_len; /* its bytes so far, unfolded */
	char ct[SHAPE_CT_MAX + 1];
	size_t ctlen; /* the section's Content-Type */
	long cts;     /* Content-Type fields in the section */
	char cte[SHAPE_CTE_MAX + 1];
	size_t ctelen; /* its Content-Transfer-Encoding, as far as kept */
	char *why;
	size_t whylen;
};

static const char *const shape_address_fields[] = {
    "from",
    "to",
    "cc",
    "bcc",
    "reply-to",
    "sender",
    "resent-from",
    "resent-to",
    "resent-cc",
    "resent-bcc",
    "resent-sender",
    "resent-reply-to",
    "return-path",
    "disposition-notification-to",
    "mail-followup-to",
    "mail-reply-to",
    "return-receipt-to",
    "errors-to",
};

static int
shape_fail(struct shape_state *s, const char *what, long limit)
{
	snprintf(s->why, s->whylen, what, limit);
	return -1;
}

static int
shape_is_address(const char *name, size_t len)
{
	size_t i;

	for (i = 0;
	     i < sizeof(shape_address_fields) / sizeof(shape_address_fields[0]);
	     i++)
		if (strlen(shape_address_fields[i]) == len &&
		    strncasecmp(shape_address_fields[i], name, len) == 0)
			return 1;
	return 0;
}

/* Keep n bytes more of a field in buf (max bytes); 0 when they fit. */
static int
shape_keep(char *buf, size_t *len, size_t max, const char *line, size_t n)
{
	size_t fit = n > max - *len ? max - *len : n;

	memcpy(buf + *len, line, fit);
	*len += fit;
	buf[*len] = 0;
	return fit == n ? 0 : -1;
}

/* Bytes of the field being read grow by n; -1 past the bound. */
static int
shape_field_grow(struct shape_state *s, const char *line, size_t n)
{
	s->field_len += n;
	if (s->field_addr && s->field_len > (size_t)s->lim->max_address_header)
		return shape_fail(s, "an address header longer than %ld bytes",
				  s->lim->max_address_header);
	if (s->field_ct &&
	    shape_keep(s->ct, &s->ctlen, SHAPE_CT_MAX, line, n) < 0)
		return shape_fail(s, "a Content-Type longer than %ld bytes",
				  (long)SHAPE_CT_MAX);
	if (s->field_cte)
		(void)shape_keep(s->cte, &s->ctelen, SHAPE_CTE_MAX, line, n);
	return 0;
}

/* A line that starts a header field. */
static int
shape_field(struct shape_state *s, const char *line, size_t n)
{
	const char *colon = memchr(line, ':', n);
	size_t name = colon ? (size_t)(colon - line) : n;

	if (++s->headers > s->lim->max_headers)
		return shape_fail(s, "more than %ld header fields",
				  s->lim->max_headers);
	while (name > 0 && (line[name - 1] == ' ' || line[name - 1] == '\t'))
		name--;
	s->field_len = 0;
	s->field_addr = colon && shape_is_address(line, name);
	s->field_ct =
	    colon && name == 12 && strncasecmp(line, "content-type", 12) == 0;
	s->field_cte = colon && name == 25 &&
		       strncasecmp(line, "content-transfer-encoding", 25) == 0;
	if (!s->field_ct && !s->field_cte)
		return shape_field_grow(s, line, n);
	/* Which of two would GMime take? Not a question worth the risk. */
	if (s->field_ct && ++s->cts > 1)
		return shape_fail(s, "a header section with %ld Content-Types",
				  s->cts);
	s->ctelen = 0;
	s->cte[0] = 0;
	return shape_field_grow(s, colon + 1, n - (size_t)(colon + 1 - line));
}

/* Past white space and (nested) comments, as RFC 5322 CFWS. */
static const char *
shape_cfws(const char *p)
{
	int depth = 0;

	for (; *p; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')' && depth > 0)
			depth--;
		else if (*p == '\\' && depth > 0 && p[1])
			p++;
		else if (depth == 0 && !strchr(" \t\r\n", *p))
			break;
	}
	return p;
}

/* The length of the MIME token at p (RFC 2045). */
static size_t
shape_token(const char *p)
{
	size_t n = 0;

	while (p[n] > ' ' && p[n] < 127 && !strchr("()<>@,;:\\\"/[]?=", p[n]))
		n++;
	return n;
}

static int
shape_is(const char *p, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(p, word, n) == 0;
}

/*
 * A parameter's value at p, into level when it is the boundary (keep):
 * past the value, or NULL when it is not a token or a quoted string.
 */
static const char *
shape_value(const char *p, struct shape_level *level, int keep)
{
	size_t n = 0;

	if (*p != '"') {
		n = shape_token(p);
		if (keep && n > 0 && n <= SHAPE_BOUNDARY_MAX) {
			memcpy(level->boundary, p, n);
			level->boundary[n] = 0;
			level->len = n;
		}
		return n > 0 ? p + n : NULL;
	}
	for (p++; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1])
			p++;
		if (keep && n < SHAPE_BOUNDARY_MAX)
			level->boundary[n++] = *p;
	}
	if (*p != '"')
		return NULL;
	if (keep) {
		level->boundary[n] = 0;
		level->len = n;
	}
	return p + 1;
}

/* The parameters of a multipart: its boundary, told with certainty. */
static void
shape_params(const char *p, struct shape_type *t)
{
	const char *name;
	size_t n;
	int boundaries = 0;

	while (*(p = shape_cfws(p)) == ';') {
		name = shape_cfws(p + 1);
		if (*name == 0)
			break; /* a trailing ';' */
		n = shape_token(name);
		p = shape_cfws(name + n);
		if (n == 0 || *p != '=') {
			t->unreadable =
			    "a Content-Type this reader cannot follow";
			return;
		}
		if (n > 8 && strncasecmp(name, "boundary*", 9) == 0) {
			t->unreadable = "a multipart boundary in RFC 2231 form";
			return;
		}
		if (shape_is(name, n, "boundary") && boundaries++) {
			t->unreadable = "a multipart with two boundaries";
			return;
		}
		p = shape_value(shape_cfws(p + 1), &t->level,
				shape_is(name, n, "boundary"));
		if (p == NULL) {
			t->unreadable =
			    "a Content-Type this reader cannot follow";
			return;
		}
	}
	if (*p != 0)
		t->unreadable = "a Content-Type this reader cannot follow";
	else if (boundaries && t->level.len == 0)
		t->unreadable =
		    "a multipart boundary this reader cannot follow";
}

/* A message/ type GMime reads as an attached message. */
static int
shape_is_message(const char *sub, size_t n)
{
	return !shape_is(sub, n, "delivery-status") &&
	       !shape_is(sub, n, "global-delivery-status") &&
	       !shape_is(sub, n, "disposition-notification") &&
	       !shape_is(sub, n, "partial") &&
	       !shape_is(sub, n, "external-body");
}

/*
 * The section's type: the Content-Type if any, else the default of its
 * place (a message in a digest, else text). A message sent encoded is
 * no more than a leaf to GMime.
 */
static void
shape_type(struct shape_state *s, struct shape_type *t)
{
	const char *type = shape_cfws(s->ct), *sub;
	size_t n = shape_token(type), subn = 0;
	const char *cte = shape_cfws(s->cte);
	size_t cten = shape_token(cte);

	memset(t, 0, sizeof(*t));
	if (s->cts == 0) {
		t->message = s->depth > 0 && s->stack[s->depth - 1].digest;
		return;
	}
	sub = shape_cfws(type + n);
	if (*sub == '/') {
		sub = shape_cfws(sub + 1);
		subn = shape_token(sub);
	}
	if (shape_is(type, n, "multipart")) {
		t->multipart = 1;
		t->level.digest = shape_is(sub, subn, "digest");
		shape_params(sub + subn, t);
	} else if (shape_is(type, n, "message")) {
		t->message = shape_is_message(sub, subn) &&
			     !shape_is(cte, cten, "base64") &&
			     !shape_is(cte, cten, "quoted-printable");
	}
}

/*
 * The end of a header section: a multipart opens a level, as does an
 * attached message, whose own header section follows at once.
 */
static int
shape_section_end(struct shape_state *s)
{
	struct shape_type t;

	shape_type(s, &t);
	s->field_addr = s->field_ct = s->field_cte = 0;
	s->ctlen = s->ctelen = 0;
	s->ct[0] = s->cte[0] = 0;
	s->cts = 0;
	if (t.unreadable) {
		snprintf(s->why, s->whylen, "%s", t.unreadable);
		return -1;
	}
	if (t.multipart || t.message) {
		if (s->depth >= s->lim->max_depth)
			return shape_fail(s, "parts nested deeper than %ld",
					  s->lim->max_depth);
		s->stack[s->depth++] = t.level; /* a message's is empty */
	}
	s->in_header = t.message;
	return 0;
}

/* Only white space in n bytes at p. */
static int
shape_blank(const char *p, size_t n)
{
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	return n == 0;
}

/*
 * A body line that starts with "--": a boundary of an open multipart
 * ends the levels inside it, and starts a part or closes the multipart.
 * The innermost level's boundary is tried first, as GMime does.
 */
static int
shape_dashes(struct shape_state *s, const char *line, size_t n)
{
	long i;
	size_t b;

	for (i = s->depth - 1; i >= 0; i--) {
		b = s->stack[i].len;
		if (b == 0 || n < b + 2 ||
		    memcmp(line + 2, s->stack[i].boundary, b) != 0)
			continue;
		if (n >= b + 4 && line[b + 2] == '-' && line[b + 3] == '-' &&
		    shape_blank(line + b + 4, n - b - 4)) {
			s->depth = i;
			return 0;
		}
		if (!shape_blank(line + b + 2, n - b - 2))
			continue;
		s->depth = i + 1;
		if (++s->parts > s->lim->max_parts)
			return shape_fail(s, "more than %ld MIME parts",
					  s->lim->max_parts);
		s->in_header = 1;
		return 0;
	}
	return 0;
}

static int
shape_line(struct shape_state *s, const char *line, size_t n)
{
	if (!s->in_header)
		return n >= 2 && line[0] == '-' && line[1] == '-'
			   ? shape_dashes(s, line, n)
			   : 0;
	if (n == 0)
		return shape_section_end(s);
	if (line[0] == ' ' || line[0] == '\t')
		return shape_field_grow(s, line, n);
	return shape_field(s, line, n);
}

int
shape_check(const char *raw, size_t len, const struct shape_limits *lim,
	    char *why, size_t whylen)
{
	struct shape_state s;
	const char *p = raw, *end = raw + len, *nl;
	size_t n;
	int rc = 0;

	memset(&s, 0, sizeof(s));
	s.lim = lim;
	s.why = why;
	s.whylen = whylen;
	s.in_header = 1;
	s.stack = xcalloc((size_t)lim->max_depth + 1, sizeof(*s.stack));
	if (whylen > 0)
		why[0] = 0;
	while (p < end && rc == 0) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl ? nl : end) - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		rc = shape_line(&s, p, n);
		p = nl ? nl + 1 : end;
	}
	free(s.stack);
	return rc;
}
