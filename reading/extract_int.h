/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_EXTRACT_INT_H
#define POSTREPLY_EXTRACT_INT_H

#include <stddef.h>

#include "utf8.h"

/*
 * The parts of extract (extract.c) as they call one another: MIME
 * (mime.c), HTML to text (html.c), the trimmer (trim.c), the language
 * guess (lang.c) and the automatic-answer and bounce rules (bounce.c).
 * Only extract.c and the unit tests include this.
 */

/* What mime_read() finds in a message. All strings are valid UTF-8. */
struct mime_info {
	char *text;        /* body text: text/plain, or text from HTML */
	char *subject;     /* decoded, never NULL */
	char *from;        /* decoded display form, never NULL */
	char *from_addr;   /* never NULL */
	char *report_type; /* lower case, of a top multipart/report; or NULL */
	char *dsn;         /* content of message/delivery-status, or NULL */
	/* Why a header makes an automatic answer (autoreply.h), or NULL. */
	const char *auto_header;
};

/*
 * Parse a raw message with GMime and fill mi. Returns 0, or -1 when GMime
 * cannot make a message of it (mi is then empty but valid).
 */
int mime_read(const char *raw, size_t len, struct mime_info *mi);
void mime_info_init(struct mime_info *mi);

/*
 * The same parser's message (its options, GMime initialised once), for
 * the other readers of a message's structure (parts.c); NULL when GMime
 * makes no message of raw. The caller unrefs it.
 */
struct _GMimeMessage *mime_parse(const char *raw, size_t len);

/* A leaf part's content, transfer encoding undone, appended to b. */
struct _GMimePart;
struct buf;
void mime_part_bytes(struct _GMimePart *part, struct buf *b);

/* A leaf text part's content in UTF-8 (newly allocated). */
struct _GMimeObject;
char *mime_part_text(struct _GMimeObject *obj);
void mime_info_free(struct mime_info *mi);

/*
 * Bytes in charset (NULL when undeclared) as valid UTF-8 without NUL
 * bytes. Undeclared or ASCII text that is not UTF-8 is read as
 * windows-1252; bytes that do not convert become U+FFFD.
 */
char *mime_charset_to_utf8(const char *bytes, size_t len, const char *charset);

/*
 * Readable text of an HTML document: tags stripped, entities decoded,
 * line breaks kept for block elements, <style>/<script>/<head> dropped,
 * and each line inside <blockquote> prefixed with "> " per level.
 */
char *html_to_text(const char *html, size_t len);

/*
 * Lower-case copy of s (len bytes) into dst (cap bytes, NUL-terminated,
 * truncated to fit): ASCII letters and the Latin-1 capitals (À..Þ) in
 * UTF-8. Returns the length written. For matching phrases, not display.
 */
size_t trim_lower(char *dst, size_t cap, const char *s, size_t len);

/* "en", "fr", "de", "es", "nl", "it", "pt" or "unknown". */
const char *lang_guess(const char *text);

/* 1 when headers, subject or body say this is an automatic answer. */
int bounce_automatic(const struct mime_info *mi, const char *body);

/* 1 when the body alone reads as an out-of-office notice. */
int bounce_automatic_body(const char *body);

/*
 * 1 when the message is a bounce; then *recipient and *status are set
 * (newly allocated, or NULL when not found) and *permanent.
 */
int bounce_detect(const struct mime_info *mi, const char *body,
		  char **recipient, char **status, int *permanent);

#endif
