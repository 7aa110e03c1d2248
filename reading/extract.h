/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_EXTRACT_H
#define POSTREPLY_EXTRACT_H

#include <stddef.h>

/*
 * What a person reads in a reply: the text the customer wrote, apart from
 * the quoted original and the signature; whether it is an automatic
 * answer or a bounce. All strings are UTF-8, never NULL (may be "") unless
 * said otherwise; extract_free() frees them.
 */
struct extract {
	char *reply_text;  /* what the customer wrote */
	char *signature;   /* "-- " block, "Sent from my ...", ... */
	char *quoted_text; /* the quoted original, "On ... wrote:" and after */
	char *subject;     /* decoded (RFC 2047) */
	char *from;        /* decoded display form of From: */
	char *from_addr;   /* the address in From: */
	char *language;    /* "en", "fr", "de", "es", "nl", ... or "unknown" */
	int auto_reply;    /* out-of-office, autoresponder, read receipt */
	int bounce;        /* a delivery status notification */
	char *bounce_recipient; /* the address that failed; NULL if unknown */
	char *bounce_status;    /* "5.1.1", "4.2.2"; NULL if unknown */
	int bounce_permanent;   /* 1 for 5.x.x, 0 for 4.x.x */
	char *degraded; /* why it was read as plain text; NULL if whole */
};

struct shape_limits;

/*
 * Read a raw message (as stored by the milter, possibly truncated or
 * malformed). Never fails: on input it cannot parse, the text is taken
 * as best it can be (or left empty). Linear in the size of the input.
 */
void extract_message(const char *raw, size_t len, struct extract *out);

/*
 * The same within lim: a message outside them is not parsed but read as
 * plain text (the start of its body), and degraded says why.
 */
void extract_message_bounded(const char *raw, size_t len,
			     const struct shape_limits *lim,
			     struct extract *out);

/* The same for a text without headers (a reply logged by hand). */
void extract_text(const char *text, struct extract *out);

/*
 * Split a plain-text reply into what the customer wrote, the signature
 * and the quoted original. Multilingual, linear time. The three results
 * are newly allocated.
 */
void trim_split(const char *text, char **reply, char **signature,
		char **quoted);

/*
 * The language of a text, as extract fills language: "en", "fr", "de",
 * "es", "nl", "it", "pt" or "unknown". A static string.
 */
const char *extract_language(const char *text);

void extract_free(struct extract *ex);

#endif
