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
 * limits, never by the message. It errs on the side of counting more
 * than GMime would see (a boundary is matched as a prefix, as GMime
 * does, and any message/ type but reports counts as an attached
 * message), so that a message it passes is never worse than counted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "shape.h"
#include "xmalloc.h"

#define SHAPE_BOUNDARY_MAX 256 /* RFC 2046 allows 70 */
#define SHAPE_CT_MAX 2048      /* enough of a Content-Type to find its type */

/* One open container: a multipart (its boundary) or a message (none). */
struct shape_level {
	char boundary[SHAPE_BOUNDARY_MAX + 1];
	size_t len;
};

struct shape_state {
	const struct shape_limits *lim;
	struct shape_level *stack; /* lim->max_depth entries */
	long depth, parts, headers;
	int in_header;    /* reading a header section */
	int field_addr;   /* the field being read is an address field */
	int field_ct;     /* ... is Content-Type */
	size_t field_len; /* its bytes so far, unfolded */
	char ct[SHAPE_CT_MAX + 1];
	size_t ctlen; /* the section's Content-Type, as far as kept */
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

/* Bytes of the field being read grow by n; -1 past the bound. */
static int
shape_field_grow(struct shape_state *s, const char *line, size_t n)
{
	s->field_len += n;
	if (s->field_addr && s->field_len > (size_t)s->lim->max_address_header)
		return shape_fail(s, "an address header longer than %ld bytes",
				  s->lim->max_address_header);
	if (s->field_ct && s->ctlen < SHAPE_CT_MAX) {
		if (n > SHAPE_CT_MAX - s->ctlen)
			n = SHAPE_CT_MAX - s->ctlen;
		memcpy(s->ct + s->ctlen, line, n);
		s->ctlen += n;
		s->ct[s->ctlen] = 0;
	}
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
	if (!s->field_ct)
		return shape_field_grow(s, line, n);
	/* A section's last Content-Type is the one that counts. */
	s->ctlen = 0;
	s->ct[0] = 0;
	return shape_field_grow(s, colon + 1, n - (size_t)(colon + 1 - line));
}

/* The boundary parameter of a multipart Content-Type, into level. */
static void
shape_boundary(const char *ct, struct shape_level *level)
{
	const char *p = ct, *v;
	size_t n;

	level->len = 0;
	level->boundary[0] = 0;
	while ((p = strchr(p, ';')) != NULL) {
		p += strspn(p + 1, " \t") + 1;
		if (strncasecmp(p, "boundary", 8) != 0)
			continue;
		v = p + 8 + strspn(p + 8, " \t");
		if (*v != '=')
			continue;
		v += 1 + strspn(v + 1, " \t");
		if (*v == '"')
			n = strcspn(++v, "\"");
		else
			n = strcspn(v, "; \t");
		if (n > SHAPE_BOUNDARY_MAX)
			n = SHAPE_BOUNDARY_MAX;
		memcpy(level->boundary, v, n);
		level->boundary[n] = 0;
		level->len = n;
		return;
	}
}

static int
shape_type_is(const char *ct, const char *type)
{
	ct += strspn(ct, " \t");
	return strncasecmp(ct, type, strlen(type)) == 0;
}

/* A message/ type GMime reads as an attached message. */
static int
shape_is_message(const char *ct)
{
	return shape_type_is(ct, "message/") &&
	       !shape_type_is(ct, "message/delivery-status") &&
	       !shape_type_is(ct, "message/global-delivery-status") &&
	       !shape_type_is(ct, "message/disposition-notification") &&
	       !shape_type_is(ct, "message/partial") &&
	       !shape_type_is(ct, "message/external-body");
}

/*
 * The end of a header section: a multipart opens a level, as does an
 * attached message, whose own header section follows at once.
 */
static int
shape_section_end(struct shape_state *s)
{
	int multipart = shape_type_is(s->ct, "multipart/");
	int message = !multipart && shape_is_message(s->ct);

	s->field_addr = s->field_ct = 0;
	if (multipart || message) {
		if (s->depth >= s->lim->max_depth)
			return shape_fail(s, "parts nested deeper than %ld",
					  s->lim->max_depth);
		if (multipart)
			shape_boundary(s->ct, &s->stack[s->depth]);
		else
			s->stack[s->depth].len = 0;
		s->depth++;
	}
	s->ctlen = 0;
	s->ct[0] = 0;
	s->in_header = message;
	return 0;
}

/*
 * A body line that starts with "--": a boundary of an open multipart
 * ends the levels inside it, and starts a part or closes the multipart.
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
		if (n >= b + 4 && line[b + 2] == '-' && line[b + 3] == '-') {
			s->depth = i;
			return 0;
		}
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
