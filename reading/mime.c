/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mime: read a raw message with GMime: the text a person would read, the
 * decoded Subject and From, the headers that tell automatic answers, and
 * the delivery-status part of a bounce.
 *
 * Contract: mime_read() takes any bytes (truncated, malformed, without
 * MIME at all) and never fails on them: it returns -1 only when GMime
 * makes no message of them, and the caller then reads the bytes as text.
 * Every string it fills is valid UTF-8 without NUL bytes.
 *
 * X-Failed-Recipients, which Exim and Gmail add to a bounce, is kept as
 * it is.
 *
 * The text: the text/plain parts that are not attachments, in order (of a
 * multipart/alternative, the first alternative that has plain text); when
 * there is none, the same from text/html, converted (html.c). A forwarded
 * message (message/rfc822) is not the reply and is skipped, as are
 * message/delivery-status and text/rfc822-headers parts. Each part is
 * converted from its charset to UTF-8 (mime_charset_to_utf8).
 *
 * GMime is initialised once, on first use, from any thread; the parser
 * options are shared and never changed after that.
 */
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>

#include "autoreply.h"
#include "buf.h"
#include "extract_int.h"
#include "text.h"
#include "utf8.h"
#include "xmalloc.h"

/* Deeper nesting than this is not a mail client's: stop descending. */
#define MIME_DEPTH_MAX 32

static pthread_once_t mime_once = PTHREAD_ONCE_INIT;
static GMimeParserOptions *mime_options;

/*
 * Parse one small message of every kind of part while still alone, so
 * that GLib creates the GMime classes and the iconv cache before worker
 * threads race to do it.
 */
static void
mime_warm_up(void)
{
	static const char msg[] =
	    "From: a@example.com\nSubject: =?iso-8859-1?q?x?=\n"
	    "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"
	    "--b\nContent-Type: text/plain; charset=iso-8859-2\n\nx\n"
	    "--b\nContent-Type: message/rfc822\n\nSubject: y\n\ny\n--b--\n";
	GMimeStream *stream =
	    g_mime_stream_mem_new_with_buffer(msg, sizeof msg - 1);
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	GMimeMessage *m = g_mime_parser_construct_message(parser, mime_options);
	iconv_t cd = g_mime_iconv_open("UTF-8", "iso-8859-2");

	if (cd != (iconv_t)-1)
		g_mime_iconv_close(cd);
	if (m)
		g_object_unref(m);
	g_object_unref(parser);
	g_object_unref(stream);
}

static void
mime_init_once(void)
{
	static const char *fallback[] = {"utf-8", "windows-1252", NULL};

	g_mime_init();
	mime_options = g_mime_parser_options_new();
	g_mime_parser_options_set_fallback_charsets(mime_options, fallback);
	g_mime_parser_options_set_rfc2047_compliance_mode(
	    mime_options, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_address_compliance_mode(
	    mime_options, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_parameter_compliance_mode(
	    mime_options, GMIME_RFC_COMPLIANCE_LOOSE);
	mime_warm_up();
}

static int
mime_charset_is(const char *charset, const char *const *names)
{
	for (; *names; names++)
		if (strcasecmp(charset, *names) == 0)
			return 1;
	return 0;
}

/*
 * Bytes in charset to UTF-8 with iconv (GMime's cache of descriptors and
 * its charset aliases): NULL when iconv does not know the charset. A byte
 * that does not convert (as 0x81 of windows-1252) becomes U+FFFD and the
 * conversion goes on after it; GLib's g_convert() would give up instead.
 */
static char *
mime_iconv(const char *bytes, size_t len, const char *charset)
{
	struct buf out;
	iconv_t cd;
	char *in, *r;
	size_t inleft;

	pthread_once(&mime_once, mime_init_once);
	cd = g_mime_iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1)
		return NULL;
	buf_init(&out);
	buf_append(&out, "", 0);
	in = (char *)bytes;
	inleft = len;
	while (inleft > 0) {
		char chunk[4096], *o = chunk;
		size_t oleft = sizeof chunk;
		size_t rc = iconv(cd, &in, &inleft, &o, &oleft);

		buf_append(&out, chunk, (size_t)(o - chunk));
		if (rc != (size_t)-1)
			continue;
		if (errno == E2BIG)
			continue;
		/* EILSEQ: a byte that does not convert; EINVAL: cut short */
		buf_puts(&out, "\xef\xbf\xbd");
		if (errno != EILSEQ)
			break;
		in++;
		inleft--;
	}
	{
		char chunk[64], *o = chunk;
		size_t oleft = sizeof chunk;

		iconv(cd, NULL, NULL, &o, &oleft);
		buf_append(&out, chunk, (size_t)(o - chunk));
	}
	g_mime_iconv_close(cd);
	r = utf8_copy(out.data, out.len); /* NUL bytes */
	buf_free(&out);
	return r;
}

/*
 * What Windows sends: windows-1252, a superset of the printable
 * ISO-8859-1, which is what mail declared as Latin-1 or not at all really
 * is. Its five undefined bytes become U+FFFD.
 */
static char *
mime_from_cp1252(const char *bytes, size_t len)
{
	char *r = mime_iconv(bytes, len, "windows-1252");

	return r != NULL ? r : utf8_copy(bytes, len);
}

char *
mime_charset_to_utf8(const char *bytes, size_t len, const char *charset)
{
	static const char *const utf8[] = {"utf-8", "utf8", NULL};
	static const char *const ascii[] = {"us-ascii", "ascii",
					    "ansi_x3.4-1968", NULL};
	static const char *const latin1[] = {
	    "iso-8859-1",   "iso8859-1", "latin1", "iso_8859-1",
	    "windows-1252", "cp1252",    "l1",     NULL};
	char *r;

	if (charset != NULL && mime_charset_is(charset, utf8))
		return utf8_copy(bytes, len);
	if (charset == NULL || *charset == 0 ||
	    mime_charset_is(charset, ascii)) {
		/* undeclared: UTF-8 if it is, else what Windows sends */
		if (utf8_valid(bytes, len))
			return xstrndup(bytes, len);
		return mime_from_cp1252(bytes, len);
	}
	if (mime_charset_is(charset, latin1))
		return mime_from_cp1252(bytes, len);
	if ((r = mime_iconv(bytes, len, charset)) != NULL)
		return r;
	return utf8_valid(bytes, len) ? xstrndup(bytes, len)
				      : mime_from_cp1252(bytes, len);
}

char *
mime_cr_lines(const char *raw, size_t len)
{
	const char *end = raw + len, *p;
	char *copy, *o;

	for (p = raw; p < end && *p != '\r' && *p != '\n'; p++)
		;
	if (p == end || *p != '\r' || (p + 1 < end && p[1] == '\n'))
		return NULL; /* its first line ends in \n or \r\n */
	copy = o = xmalloc(len + 1);
	for (p = raw; p < end; p++)
		*o++ = *p == '\r' && !(p + 1 < end && p[1] == '\n') ? '\n' : *p;
	*o = 0;
	return copy;
}

void
mime_info_init(struct mime_info *mi)
{
	memset(mi, 0, sizeof *mi);
}

void
mime_info_free(struct mime_info *mi)
{
	free(mi->text);
	free(mi->subject);
	free(mi->from);
	free(mi->from_addr);
	free(mi->report_type);
	free(mi->dsn);
	free(mi->failed_rcpts);
	mime_info_init(mi);
}

/* The decoded content (transfer encoding undone) of a leaf part. */
void
mime_part_bytes(GMimePart *part, struct buf *b)
{
	GMimeDataWrapper *content = g_mime_part_get_content(part);
	GMimeStream *mem;
	GByteArray *arr;

	if (content == NULL)
		return;
	mem = g_mime_stream_mem_new();
	g_mime_data_wrapper_write_to_stream(content, mem);
	arr = g_mime_stream_mem_get_byte_array((GMimeStreamMem *)mem);
	if (arr != NULL && arr->len > 0)
		buf_append(b, arr->data, arr->len);
	g_object_unref(mem);
}

/* The text of a leaf part in UTF-8. */
char *
mime_part_text(GMimeObject *obj)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	struct buf b;
	char *text;

	buf_init(&b);
	buf_append(&b, "", 0);
	mime_part_bytes(GMIME_PART(obj), &b);
	text = mime_charset_to_utf8(
	    b.data, b.len,
	    ct ? g_mime_content_type_get_parameter(ct, "charset") : NULL);
	buf_free(&b);
	return text;
}

static int
mime_is_attachment(GMimeObject *obj)
{
	GMimeContentDisposition *d = g_mime_object_get_content_disposition(obj);

	return d != NULL && g_mime_content_disposition_is_attachment(d);
}

static void
mime_append_text(struct buf *b, const char *text)
{
	if (*text == 0)
		return;
	if (b->len > 0 && b->data[b->len - 1] != '\n')
		buf_append(b, "\n", 1);
	buf_puts(b, text);
}

static int
mime_has_text(const struct buf *b)
{
	size_t i;

	for (i = 0; i < b->len; i++)
		if (b->data[i] != ' ' && b->data[i] != '\t' &&
		    b->data[i] != '\n' && b->data[i] != '\r')
			return 1;
	return 0;
}

/*
 * Gather the readable text under obj: plain text into plain, HTML (already
 * converted to text) into html.
 */
static void
mime_gather(GMimeObject *obj, int depth, struct buf *plain, struct buf *html)
{
	GMimeContentType *ct;
	int i, n;

	if (obj == NULL || depth > MIME_DEPTH_MAX)
		return;
	ct = g_mime_object_get_content_type(obj);
	if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);

		n = g_mime_multipart_get_count(mp);
		if (ct && g_mime_content_type_is_type(ct, "multipart",
						      "alternative")) {
			/* the first alternative with plain text, else HTML */
			struct buf p, h;
			int used_html = 0;

			buf_init(&p);
			buf_init(&h);
			for (i = 0; i < n; i++) {
				buf_reset(&p);
				buf_reset(&h);
				mime_gather(g_mime_multipart_get_part(mp, i),
					    depth + 1, &p, &h);
				if (mime_has_text(&p)) {
					mime_append_text(plain, p.data);
					break;
				}
				if (!used_html && mime_has_text(&h)) {
					mime_append_text(html, h.data);
					used_html = 1;
				}
			}
			buf_free(&p);
			buf_free(&h);
			return;
		}
		for (i = 0; i < n; i++)
			mime_gather(g_mime_multipart_get_part(mp, i), depth + 1,
				    plain, html);
		return;
	}
	if (!GMIME_IS_PART(obj) || ct == NULL || mime_is_attachment(obj))
		return;
	if (g_mime_content_type_is_type(ct, "text", "plain")) {
		char *t = mime_part_text(obj);

		mime_append_text(plain, t);
		free(t);
	} else if (g_mime_content_type_is_type(ct, "text", "html")) {
		char *t = mime_part_text(obj), *x = html_to_text(t, strlen(t));

		mime_append_text(html, x);
		free(x);
		free(t);
	}
}

/* The first message/delivery-status part under obj, as text. */
static char *
mime_find_dsn(GMimeObject *obj, int depth)
{
	GMimeContentType *ct;
	int i, n;
	char *r;

	if (obj == NULL || depth > MIME_DEPTH_MAX)
		return NULL;
	if (GMIME_IS_MULTIPART(obj)) {
		n = g_mime_multipart_get_count(GMIME_MULTIPART(obj));
		for (i = 0; i < n; i++) {
			r = mime_find_dsn(
			    g_mime_multipart_get_part(GMIME_MULTIPART(obj), i),
			    depth + 1);
			if (r)
				return r;
		}
		return NULL;
	}
	ct = g_mime_object_get_content_type(obj);
	if (!GMIME_IS_PART(obj) || ct == NULL)
		return NULL;
	if (g_mime_content_type_is_type(ct, "message", "delivery-status") ||
	    g_mime_content_type_is_type(ct, "message",
					"global-delivery-status")) {
		struct buf b;

		buf_init(&b);
		buf_append(&b, "", 0);
		mime_part_bytes(GMIME_PART(obj), &b);
		r = mime_charset_to_utf8(b.data, b.len, NULL);
		buf_free(&b);
		return r;
	}
	return NULL;
}

static char *
mime_dup_utf8(const char *s)
{
	return s ? utf8_copy(s, strlen(s)) : xstrdup("");
}

static void
mime_read_from(GMimeMessage *msg, struct mime_info *mi)
{
	InternetAddressList *list = g_mime_message_get_from(msg);
	InternetAddress *ia;
	char *s;

	if (list == NULL || internet_address_list_length(list) == 0)
		return;
	s = internet_address_list_to_string(list, NULL, FALSE);
	if (s) {
		free(mi->from);
		mi->from = mime_dup_utf8(s);
		g_free(s);
	}
	ia = internet_address_list_get_address(list, 0);
	if (ia && INTERNET_ADDRESS_IS_GROUP(ia)) {
		InternetAddressList *m = internet_address_group_get_members(
		    INTERNET_ADDRESS_GROUP(ia));

		ia = m && internet_address_list_length(m) > 0
			 ? internet_address_list_get_address(m, 0)
			 : NULL;
	}
	if (ia && INTERNET_ADDRESS_IS_MAILBOX(ia)) {
		free(mi->from_addr);
		mi->from_addr = mime_dup_utf8(internet_address_mailbox_get_addr(
		    INTERNET_ADDRESS_MAILBOX(ia)));
	}
}

/*
 * Every header of the message, each occurrence and as it was written (raw,
 * not decoded), through the rules the milter applies too (autoreply.c).
 */
static void
mime_auto_headers(GMimeMessage *msg, struct mime_info *mi)
{
	GMimeHeaderList *list =
	    g_mime_object_get_header_list((GMimeObject *)msg);
	int i, n = list ? g_mime_header_list_get_count(list) : 0;

	for (i = 0; i < n && mi->auto_header == NULL; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(list, i);

		if (h)
			autoreply_header(g_mime_header_get_name(h),
					 g_mime_header_get_raw_value(h),
					 &mi->auto_header);
	}
}

GMimeMessage *
mime_parse(const char *raw, size_t len)
{
	GMimeStream *stream;
	GMimeParser *parser;
	GMimeMessage *msg;

	pthread_once(&mime_once, mime_init_once);
	stream = g_mime_stream_mem_new_with_buffer(raw, len);
	parser = g_mime_parser_new_with_stream(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	msg = g_mime_parser_construct_message(parser, mime_options);
	g_object_unref(parser);
	g_object_unref(stream);
	return msg;
}

int
mime_read(const char *raw, size_t len, struct mime_info *mi)
{
	GMimeStream *stream;
	GMimeParser *parser;
	GMimeMessage *msg;
	GMimeObject *top;
	const char *rt;
	struct buf plain, html;

	pthread_once(&mime_once, mime_init_once);
	mime_info_init(mi);
	mi->subject = xstrdup("");
	mi->from = xstrdup("");
	mi->from_addr = xstrdup("");
	stream = g_mime_stream_mem_new_with_buffer(raw, len);
	parser = g_mime_parser_new_with_stream(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	msg = g_mime_parser_construct_message(parser, mime_options);
	g_object_unref(parser);
	g_object_unref(stream);
	if (msg == NULL)
		return -1;

	free(mi->subject);
	mi->subject = mime_dup_utf8(g_mime_message_get_subject(msg));
	mime_read_from(msg, mi);
	mime_auto_headers(msg, mi);
	if ((rt = g_mime_object_get_header((GMimeObject *)msg,
					   "X-Failed-Recipients")) != NULL)
		mi->failed_rcpts = mime_dup_utf8(rt);
	top = g_mime_message_get_mime_part(msg);
	if (top) {
		GMimeContentType *ct = g_mime_object_get_content_type(top);

		if (ct &&
		    g_mime_content_type_is_type(ct, "multipart", "report")) {
			char low[64];

			rt = g_mime_content_type_get_parameter(ct,
							       "report-type");
			text_lower(low, sizeof low, rt ? rt : "",
				   rt ? strlen(rt) : 0);
			mi->report_type = mime_dup_utf8(low);
		}
		mi->dsn = mime_find_dsn(top, 0);
	}
	buf_init(&plain);
	buf_init(&html);
	buf_append(&plain, "", 0);
	buf_append(&html, "", 0);
	mime_gather(top, 0, &plain, &html);
	if (mime_has_text(&plain)) {
		mi->text = plain.data;
		buf_free(&html);
	} else {
		mi->text = html.data;
		buf_free(&plain);
	}
	g_object_unref(msg);
	return 0;
}
