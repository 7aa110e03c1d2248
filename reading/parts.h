/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_PARTS_H
#define POSTREPLY_PARTS_H

#include <json-c/json.h>
#include <stddef.h>

#include "shape.h"

/*
 * A message split the way inbound-mail services hand it to applications
 * (SendGrid Inbound Parse, Postmark, Mailgun): addresses, headers, the
 * text and HTML bodies, and the attachments (inline images included,
 * with their Content-ID). Strings are valid UTF-8, never NULL.
 */
struct parts_addr {
	char *name, *addr;
};

struct parts_list {
	char *text; /* the header's display form, "" when absent */
	struct parts_addr *v;
	size_t n;
};

struct parts_header {
	char *name, *value; /* the value decoded (RFC 2047) */
};

struct parts_attachment {
	char *filename;     /* "" when the part names none */
	char *content_type; /* "image/png" */
	char *content_id;   /* without <>, "" when none */
	unsigned char *data;
	size_t len;
};

struct parts {
	char *subject, *date, *message_id; /* message_id without <> */
	struct parts_list from, to, cc, reply_to;
	struct parts_header *headers;
	size_t nheaders;
	char *text; /* text/plain parts that are not attachments, in order */
	char *html; /* the same of text/html */
	struct parts_attachment *att;
	size_t natt;
};

/*
 * Split a raw message (any bytes). 0, or -1 when no message can be made
 * of it, or it is outside lim (shape.h: the parser is not given it):
 * then out holds the bytes as text, and nothing else.
 */
int parts_read(const char *raw, size_t len, const struct shape_limits *lim,
	       struct parts *out);

void parts_free(struct parts *p);

/*
 * The most JSON a split message may take (partsjson.c): more than any
 * body a webhook takes (inbound.h), with attachments in base64.
 */
#define PARTS_MAX_JSON (64 * 1024 * 1024)

/* p as JSON, with rc, what parts_read returned for it. */
json_object *parts_json(const struct parts *p, int rc);

/*
 * Untrusted JSON of parts_json (len bytes, at most max) into p: 0, or 1
 * when parts_read had read it as text (rc -1), or -1 with why (p then
 * needs no parts_free).
 */
int parts_from_json(const char *text, size_t len, size_t max, struct parts *p,
		    char *why, size_t whylen);

#endif
