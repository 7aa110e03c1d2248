/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * parts: a message as the inbound-mail services present it to the
 * applications they post to (parts.h). It reads the structure with the
 * same GMime parser and options as mime.c, and converts text with the same
 * charset rules; what a person wrote (the trimmed reply) is extract's.
 *
 * Contract: parts_read() takes any bytes, never fails on them, and every
 * string it fills is valid UTF-8 without NUL bytes. A text or HTML part
 * marked as an attachment is an attachment; any other leaf part that is
 * neither text/plain nor text/html is one too, named or not.
 */
#include <stdlib.h>
#include <string.h>

#include <gmime/gmime.h>

#include "buf.h"
#include "extract_int.h"
#include "parts.h"
#include "shape.h"
#include "utf8.h"
#include "xmalloc.h"

#define PARTS_DEPTH_MAX 32

static char *
parts_dup(const char *s)
{
	return s ? utf8_copy(s, strlen(s)) : xstrdup("");
}

static void
parts_list_init(struct parts_list *l)
{
	l->text = xstrdup("");
	l->v = NULL;
	l->n = 0;
}

/* The mailboxes of list, groups flattened, into l. */
static void
parts_list_add(struct parts_list *l, InternetAddressList *list, int depth)
{
	int i, n = list ? internet_address_list_length(list) : 0;

	for (i = 0; i < n && depth < 4; i++) {
		InternetAddress *ia =
		    internet_address_list_get_address(list, i);

		if (INTERNET_ADDRESS_IS_GROUP(ia)) {
			parts_list_add(l,
				       internet_address_group_get_members(
					   INTERNET_ADDRESS_GROUP(ia)),
				       depth + 1);
			continue;
		}
		if (!INTERNET_ADDRESS_IS_MAILBOX(ia))
			continue;
		l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
		l->v[l->n].name = parts_dup(internet_address_get_name(ia));
		l->v[l->n].addr = parts_dup(internet_address_mailbox_get_addr(
		    INTERNET_ADDRESS_MAILBOX(ia)));
		l->n++;
	}
}

static void
parts_list_read(struct parts_list *l, InternetAddressList *list)
{
	char *s;

	if (list == NULL || internet_address_list_length(list) == 0)
		return;
	if ((s = internet_address_list_to_string(list, NULL, FALSE)) != NULL) {
		free(l->text);
		l->text = parts_dup(s);
		g_free(s);
	}
	parts_list_add(l, list, 0);
}

static void
parts_headers(GMimeMessage *msg, struct parts *p)
{
	GMimeHeaderList *list =
	    g_mime_object_get_header_list((GMimeObject *)msg);
	int i, n = list ? g_mime_header_list_get_count(list) : 0;

	p->headers = xcalloc(n ? n : 1, sizeof(*p->headers));
	for (i = 0; i < n; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(list, i);

		p->headers[p->nheaders].name =
		    parts_dup(g_mime_header_get_name(h));
		p->headers[p->nheaders].value =
		    parts_dup(g_mime_header_get_value(h));
		p->nheaders++;
	}
}

static void
parts_attach(struct parts *p, GMimeObject *obj, GMimeContentType *ct)
{
	struct parts_attachment *a;
	char *type = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
	struct buf b;

	p->att = xrealloc(p->att, (p->natt + 1) * sizeof(*p->att));
	a = &p->att[p->natt++];
	a->filename = parts_dup(g_mime_part_get_filename(GMIME_PART(obj)));
	a->content_type = parts_dup(type ? type : "application/octet-stream");
	g_free(type);
	a->content_id = parts_dup(g_mime_object_get_content_id(obj));
	buf_init(&b);
	buf_append(&b, "", 0);
	mime_part_bytes(GMIME_PART(obj), &b);
	a->data = (unsigned char *)b.data;
	a->len = b.len;
}

static void
parts_append(struct buf *b, GMimeObject *obj)
{
	char *t = mime_part_text(obj);

	buf_puts(b, t);
	free(t);
}

static void
parts_walk(struct parts *p, GMimeObject *obj, int depth, struct buf *text,
	   struct buf *html)
{
	GMimeContentType *ct;
	GMimeContentDisposition *d;
	int i, n;

	if (obj == NULL || depth > PARTS_DEPTH_MAX)
		return;
	if (GMIME_IS_MULTIPART(obj)) {
		n = g_mime_multipart_get_count(GMIME_MULTIPART(obj));
		for (i = 0; i < n; i++)
			parts_walk(
			    p,
			    g_mime_multipart_get_part(GMIME_MULTIPART(obj), i),
			    depth + 1, text, html);
		return;
	}
	if (!GMIME_IS_PART(obj))
		return; /* a forwarded message/rfc822 is not posted apart */
	ct = g_mime_object_get_content_type(obj);
	d = g_mime_object_get_content_disposition(obj);
	if (d && g_mime_content_disposition_is_attachment(d))
		parts_attach(p, obj, ct);
	else if (ct == NULL || g_mime_content_type_is_type(ct, "text", "plain"))
		parts_append(text, obj);
	else if (g_mime_content_type_is_type(ct, "text", "html"))
		parts_append(html, obj);
	else
		parts_attach(p, obj, ct);
}

static void
parts_init(struct parts *p)
{
	memset(p, 0, sizeof(*p));
	p->subject = xstrdup("");
	p->date = xstrdup("");
	p->message_id = xstrdup("");
	parts_list_init(&p->from);
	parts_list_init(&p->to);
	parts_list_init(&p->cc);
	parts_list_init(&p->reply_to);
}

int
parts_read(const char *raw, size_t len, const struct shape_limits *lim,
	   struct parts *p)
{
	GMimeMessage *msg;
	struct buf text, html;
	const char *date;
	char why[128];

	parts_init(p);
	/* Outside the bounds GMime is safe within: its bytes, as text. */
	msg = shape_check(raw, len, lim, why, sizeof(why)) == 0
		  ? mime_parse(raw, len)
		  : NULL;
	if (msg == NULL) {
		p->text = mime_charset_to_utf8(raw, len, NULL);
		p->html = xstrdup("");
		return -1;
	}
	free(p->subject);
	p->subject = parts_dup(g_mime_message_get_subject(msg));
	free(p->message_id);
	p->message_id = parts_dup(g_mime_message_get_message_id(msg));
	date = g_mime_object_get_header((GMimeObject *)msg, "Date");
	free(p->date);
	p->date = parts_dup(date);
	parts_list_read(&p->from, g_mime_message_get_from(msg));
	parts_list_read(&p->to, g_mime_message_get_to(msg));
	parts_list_read(&p->cc, g_mime_message_get_cc(msg));
	parts_list_read(&p->reply_to, g_mime_message_get_reply_to(msg));
	parts_headers(msg, p);
	buf_init(&text);
	buf_init(&html);
	buf_append(&text, "", 0);
	buf_append(&html, "", 0);
	parts_walk(p, g_mime_message_get_mime_part(msg), 0, &text, &html);
	p->text = text.data;
	p->html = html.data;
	g_object_unref(msg);
	return 0;
}

static void
parts_list_free(struct parts_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].addr);
	}
	free(l->v);
	free(l->text);
}

void
parts_free(struct parts *p)
{
	size_t i;

	free(p->subject);
	free(p->date);
	free(p->message_id);
	parts_list_free(&p->from);
	parts_list_free(&p->to);
	parts_list_free(&p->cc);
	parts_list_free(&p->reply_to);
	for (i = 0; i < p->nheaders; i++) {
		free(p->headers[i].name);
		free(p->headers[i].value);
	}
	free(p->headers);
	for (i = 0; i < p->natt; i++) {
		free(p->att[i].filename);
		free(p->att[i].content_type);
		free(p->att[i].content_id);
		free(p->att[i].data);
	}
	free(p->att);
	free(p->text);
	free(p->html);
	memset(p, 0, sizeof(*p));
}
