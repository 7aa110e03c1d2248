/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * extract: what a person reads in a reply (extract.h). This file only
 * puts the parts together: mime.c reads the message, trim.c separates the
 * reply from its signature and the quoted original, lang.c guesses the
 * language, bounce.c tells automatic answers and bounces.
 *
 * Contract: extract_message() and extract_text() never fail and fill
 * every string of struct extract with valid UTF-8 (bounce_recipient and
 * bounce_status may be NULL). A bounce is not also counted as an automatic
 * answer: auto_reply is 0 when bounce is 1. Linear in the size of the
 * input. Safe to call from several threads at once.
 *
 * A message outside the bounds of shape.h never reaches GMime: its body's
 * first EXTRACT_DEGRADED_TEXT bytes are read as plain text instead, and
 * degraded says why.
 */
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "extract_int.h"
#include "shape.h"
#include "utf8.h"
#include "xmalloc.h"

const char *
extract_language(const char *text)
{
	return lang_guess(text);
}

static void
extract_fill(const struct mime_info *mi, struct extract *out)
{
	trim_split(mi->text ? mi->text : "", &out->reply_text, &out->signature,
		   &out->quoted_text);
	out->subject = xstrdup(mi->subject ? mi->subject : "");
	out->from = xstrdup(mi->from ? mi->from : "");
	out->from_addr = xstrdup(mi->from_addr ? mi->from_addr : "");
	out->language = xstrdup(extract_language(out->reply_text));
	out->bounce =
	    bounce_detect(mi, mi->text, &out->bounce_recipient,
			  &out->bounce_status, &out->bounce_permanent);
	out->auto_reply =
	    out->bounce ? 0 : bounce_automatic(mi, out->reply_text);
}

/* Read whole text from here on; kept short, the rest is the attacker's. */
#define EXTRACT_DEGRADED_TEXT 65536

/* The body of a message outside the bounds, as plain text. */
static char *
extract_degraded_text(const char *raw, size_t len)
{
	const char *body = raw, *end = raw + len, *p;

	for (p = raw; p < end; p++) {
		if (*p != '\n')
			continue;
		if (p + 1 < end && p[1] == '\n') {
			body = p + 2;
			break;
		}
		if (p + 2 < end && p[1] == '\r' && p[2] == '\n') {
			body = p + 3;
			break;
		}
	}
	if (body == raw)
		body = end; /* all header: nothing a person wrote */
	len = (size_t)(end - body);
	if (len > EXTRACT_DEGRADED_TEXT)
		len = EXTRACT_DEGRADED_TEXT;
	return mime_charset_to_utf8(body, len, NULL);
}

void
extract_message_bounded(const char *raw, size_t len,
			const struct shape_limits *lim, struct extract *out)
{
	struct mime_info mi;
	char why[128], *lf;

	memset(out, 0, sizeof *out);
	if (raw == NULL) {
		raw = "";
		len = 0;
	}
	if ((lf = mime_cr_lines(raw, len)) != NULL)
		raw = lf;
	if (shape_check(raw, len, lim, why, sizeof(why)) < 0) {
		mime_info_init(&mi);
		mi.text = extract_degraded_text(raw, len);
		out->degraded = xstrdup(why);
	} else if (mime_read(raw, len, &mi) < 0) {
		/* not a message to GMime: read the bytes as text */
		mime_info_free(&mi);
		mi.text = mime_charset_to_utf8(raw, len, NULL);
	}
	extract_fill(&mi, out);
	mime_info_free(&mi);
	free(lf);
}

void
extract_message(const char *raw, size_t len, struct extract *out)
{
	static const struct shape_limits lim = {
	    SHAPE_MAX_PARTS, SHAPE_MAX_DEPTH, SHAPE_MAX_HEADERS,
	    SHAPE_MAX_ADDRESS_HEADER};

	extract_message_bounded(raw, len, &lim, out);
}

void
extract_text(const char *text, struct extract *out)
{
	struct mime_info mi;

	memset(out, 0, sizeof *out);
	mime_info_init(&mi);
	mi.text = utf8_copy(text ? text : "", text ? strlen(text) : 0);
	extract_fill(&mi, out);
	mime_info_free(&mi);
}

void
extract_free(struct extract *ex)
{
	if (ex == NULL)
		return;
	free(ex->reply_text);
	free(ex->signature);
	free(ex->quoted_text);
	free(ex->subject);
	free(ex->from);
	free(ex->from_addr);
	free(ex->language);
	free(ex->bounce_recipient);
	free(ex->bounce_status);
	free(ex->degraded);
	memset(ex, 0, sizeof *ex);
}
