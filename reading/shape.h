/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_SHAPE_H
#define POSTREPLY_SHAPE_H

#include <stddef.h>

/*
 * The shape of a raw message, measured before GMime sees it: a parser
 * that recurses once per nested group or part, or spends a kilobyte per
 * empty part, must never be handed a message built to exploit that.
 * A message outside these bounds is read in a degraded way instead
 * (extract_message_bounded).
 */
struct shape_limits {
	long max_parts;          /* MIME parts, counted by boundary lines */
	long max_depth;          /* nested multiparts and attached messages */
	long max_headers;        /* header fields, all header sections */
	long max_address_header; /* bytes of one address field, unfolded */
};

/* The defaults, as postreply.conf documents them. */
#define SHAPE_MAX_PARTS 1000
#define SHAPE_MAX_DEPTH 32
#define SHAPE_MAX_HEADERS 5000
#define SHAPE_MAX_ADDRESS_HEADER 16384

/*
 * 0 when the message is within lim; else -1 with why in plain English
 * ("more than 1000 MIME parts"). One pass over the bytes, memory bounded
 * by lim (never by the message).
 */
int shape_check(const char *raw, size_t len, const struct shape_limits *lim,
		char *why, size_t whylen);

#endif
