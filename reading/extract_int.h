/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_EXTRACT_INT_H
#define POSTREPLY_EXTRACT_INT_H

#include <stddef.h>

#include "utf8.h"

/*
 * The parts of extract (extract.c) as they call one another: MIME
 * (mime.c), HTML to text (html.c), the trimmer (trim.c), the language
 * guess (lang.c) and the automatic-answer and bounce rules (bounce.c).
 * Only extract.c and the unit tests include this, and analyzer/hookform.c
 * for html_to_text (Mailgun's body-plain of a message with only HTML).
 */

/* What mime_read() finds in a message. All strings are valid UTF-8. */
struct mime_info {
	char *text;      /* body text: text/plain, or text from HTML */
	char *subject;   /* decoded, never NULL */
	char *from;      /* decoded display form, never NULL */
	char *from_addr; /* never NULL */
	/* Lower case, of a top multipart/report ("" when it has none); or
	 * NULL when the message is not a report. */
	char *report_type;
	char *dsn;          /* content of message/delivery-status, or NULL */
	char *failed_rcpts; /* X-Failed-Recipients (Exim, Gmail), or NULL */
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
 * A message whose lines end in a lone CR (old Mac clients, some web
 * forms) is one line to GMime and to shape.c: a copy of its len bytes
 * with each lone CR made LF, or NULL when its first line does not end in
 * a lone CR.
 */
char *mime_cr_lines(const char *raw, size_t len);

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

/* Header keys of an Outlook block, as bits (trimlex.c). */
enum { HK_FROM = 1, HK_DATE = 2, HK_TO = 4, HK_CC = 8, HK_SUBJECT = 16 };

/* Length of a full-width colon (U+FF1A) at s, or 0. */
size_t trimlex_fw_colon(const char *s, size_t len);

/*
 * What a line (len bytes, untrimmed) of a reply is to a mail client, in
 * any language: the key of an Outlook header ("*From:* ...", "De :",
 * "发件人：") as an HK_ bit or 0; a rule of underscores (1) or of dashes
 * or '=' (2) or 0; "-----Original Message-----" or "Begin forwarded
 * message:"; the "-- " signature delimiter; "Sent from my iPhone"; a
 * "-John" sign-off.
 */
unsigned char trimlex_header_key(const char *s, size_t len);
int trimlex_rule_line(const char *s, size_t len);
int trimlex_original_line(const char *s, size_t len);
int trimlex_sig_delim(const char *s, size_t len);
int trimlex_sent_from_line(const char *s, size_t len);
int trimlex_dash_name(const char *s, size_t len);

/*
 * Does low (n bytes, lowered) contain a "wrote" verb? *at_end tells
 * whether one ends the text (but for spaces, ':' and dashes).
 */
int trimlex_find_verbs(const char *low, size_t n, int *at_end);

/* Does low start with the first word of an attribution ("On", "Le")? */
int trimlex_starts_on(const char *low, size_t n);

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
