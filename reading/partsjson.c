/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * partsjson: a split message (parts.h) as JSON and back, the answer the
 * reading process sends for a webhook (reader.c). The analyzer parses it
 * as untrusted: strictly (analysis_parse_json_max), every string made
 * valid UTF-8 without NUL bytes again, attachments' bytes in base64 and
 * decoded with their length checked; anything else is refused whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "analysis.h"
#include "parts.h"
#include "utf8.h"
#include "xmalloc.h"

#define PARTSJSON_DEPTH 6

static void
partsjson_str(json_object *o, const char *key, const char *s)
{
	json_object_object_add(o, key, json_object_new_string(s));
}

static json_object *
partsjson_list(const struct parts_list *l)
{
	json_object *o = json_object_new_object(), *v = json_object_new_array();
	size_t i;

	partsjson_str(o, "text", l->text);
	for (i = 0; i < l->n; i++) {
		json_object *a = json_object_new_object();

		partsjson_str(a, "name", l->v[i].name);
		partsjson_str(a, "addr", l->v[i].addr);
		json_object_array_add(v, a);
	}
	json_object_object_add(o, "v", v);
	return o;
}

json_object *
parts_json(const struct parts *p, int rc)
{
	json_object *o = json_object_new_object(), *h, *at;
	size_t i;

	json_object_object_add(o, "rc", json_object_new_int(rc));
	partsjson_str(o, "subject", p->subject);
	partsjson_str(o, "date", p->date);
	partsjson_str(o, "message_id", p->message_id);
	json_object_object_add(o, "from", partsjson_list(&p->from));
	json_object_object_add(o, "to", partsjson_list(&p->to));
	json_object_object_add(o, "cc", partsjson_list(&p->cc));
	json_object_object_add(o, "reply_to", partsjson_list(&p->reply_to));
	h = json_object_new_array();
	for (i = 0; i < p->nheaders; i++) {
		json_object *a = json_object_new_array();

		json_object_array_add(
		    a, json_object_new_string(p->headers[i].name));
		json_object_array_add(
		    a, json_object_new_string(p->headers[i].value));
		json_object_array_add(h, a);
	}
	json_object_object_add(o, "headers", h);
	partsjson_str(o, "text", p->text);
	partsjson_str(o, "html", p->html);
	at = json_object_new_array();
	for (i = 0; i < p->natt; i++) {
		json_object *a = json_object_new_object();
		gchar *b64 = g_base64_encode(p->att[i].data, p->att[i].len);

		partsjson_str(a, "filename", p->att[i].filename);
		partsjson_str(a, "content_type", p->att[i].content_type);
		partsjson_str(a, "content_id", p->att[i].content_id);
		partsjson_str(a, "data", b64);
		json_object_object_add(
		    a, "len", json_object_new_int64((int64_t)p->att[i].len));
		g_free(b64);
		json_object_array_add(at, a);
	}
	json_object_object_add(o, "attachments", at);
	return o;
}

/* The string at key of o, made safe; NULL when missing or no string. */
static char *
partsjson_get(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return utf8_copy(json_object_get_string(v),
			 (size_t)json_object_get_string_len(v));
}

/* *out = the string at key; -1 when missing. */
static int
partsjson_take(json_object *o, const char *key, char **out)
{
	char *s = partsjson_get(o, key);

	if (s == NULL)
		return -1;
	free(*out);
	*out = s;
	return 0;
}

static int
partsjson_list_read(json_object *o, const char *key, struct parts_list *l)
{
	json_object *lo, *v, *a;
	size_t i, n;

	if (!json_object_object_get_ex(o, key, &lo) ||
	    !json_object_is_type(lo, json_type_object) ||
	    partsjson_take(lo, "text", &l->text) < 0 ||
	    !json_object_object_get_ex(lo, "v", &v) ||
	    !json_object_is_type(v, json_type_array))
		return -1;
	n = json_object_array_length(v);
	l->v = xcalloc(n ? n : 1, sizeof(*l->v));
	for (i = 0; i < n; i++) {
		a = json_object_array_get_idx(v, i);
		l->v[i].name = partsjson_get(a, "name");
		l->v[i].addr = partsjson_get(a, "addr");
		l->n++;
		if (l->v[i].name == NULL || l->v[i].addr == NULL)
			return -1;
	}
	return 0;
}

static int
partsjson_headers(json_object *o, struct parts *p)
{
	json_object *h, *a, *name, *value;
	size_t i, n;

	if (!json_object_object_get_ex(o, "headers", &h) ||
	    !json_object_is_type(h, json_type_array))
		return -1;
	n = json_object_array_length(h);
	p->headers = xcalloc(n ? n : 1, sizeof(*p->headers));
	for (i = 0; i < n; i++) {
		a = json_object_array_get_idx(h, i);
		if (!json_object_is_type(a, json_type_array) ||
		    json_object_array_length(a) != 2)
			return -1;
		name = json_object_array_get_idx(a, 0);
		value = json_object_array_get_idx(a, 1);
		if (!json_object_is_type(name, json_type_string) ||
		    !json_object_is_type(value, json_type_string))
			return -1;
		p->headers[i].name =
		    utf8_copy(json_object_get_string(name),
			      (size_t)json_object_get_string_len(name));
		p->headers[i].value =
		    utf8_copy(json_object_get_string(value),
			      (size_t)json_object_get_string_len(value));
		p->nheaders++;
	}
	return 0;
}

static int
partsjson_attachments(json_object *o, struct parts *p)
{
	json_object *at, *a, *len;
	struct parts_attachment *x;
	char *b64;
	gsize n64;
	size_t i, n;

	if (!json_object_object_get_ex(o, "attachments", &at) ||
	    !json_object_is_type(at, json_type_array))
		return -1;
	n = json_object_array_length(at);
	p->att = xcalloc(n ? n : 1, sizeof(*p->att));
	for (i = 0; i < n; i++) {
		a = json_object_array_get_idx(at, i);
		x = &p->att[p->natt++];
		x->filename = partsjson_get(a, "filename");
		x->content_type = partsjson_get(a, "content_type");
		x->content_id = partsjson_get(a, "content_id");
		if (x->filename == NULL || x->content_type == NULL ||
		    x->content_id == NULL ||
		    !json_object_object_get_ex(a, "len", &len) ||
		    !json_object_is_type(len, json_type_int) ||
		    (b64 = partsjson_get(a, "data")) == NULL)
			return -1;
		/* g_base64_decode_inplace: what is not base64 is skipped. */
		g_base64_decode_inplace(b64, &n64);
		x->data = (unsigned char *)b64;
		x->len = n64;
		if ((int64_t)n64 != json_object_get_int64(len))
			return -1;
	}
	return 0;
}

int
parts_from_json(const char *text, size_t len, size_t max, struct parts *p,
		char *why, size_t whylen)
{
	json_object *o, *rc;
	int r = -1;

	memset(p, 0, sizeof(*p));
	p->subject = xstrdup("");
	p->date = xstrdup("");
	p->message_id = xstrdup("");
	p->text = xstrdup("");
	p->html = xstrdup("");
	p->from.text = xstrdup("");
	p->to.text = xstrdup("");
	p->cc.text = xstrdup("");
	p->reply_to.text = xstrdup("");
	if ((o = analysis_parse_json_max(text, len, max, PARTSJSON_DEPTH, why,
					 whylen)) == NULL) {
		parts_free(p);
		return -1;
	}
	if (json_object_is_type(o, json_type_object) &&
	    json_object_object_get_ex(o, "rc", &rc) &&
	    json_object_is_type(rc, json_type_int) &&
	    partsjson_take(o, "subject", &p->subject) == 0 &&
	    partsjson_take(o, "date", &p->date) == 0 &&
	    partsjson_take(o, "message_id", &p->message_id) == 0 &&
	    partsjson_take(o, "text", &p->text) == 0 &&
	    partsjson_take(o, "html", &p->html) == 0 &&
	    partsjson_list_read(o, "from", &p->from) == 0 &&
	    partsjson_list_read(o, "to", &p->to) == 0 &&
	    partsjson_list_read(o, "cc", &p->cc) == 0 &&
	    partsjson_list_read(o, "reply_to", &p->reply_to) == 0 &&
	    partsjson_headers(o, p) == 0 && partsjson_attachments(o, p) == 0)
		r = json_object_get_int(rc) == 0 ? 0 : 1;
	else
		snprintf(why, whylen, "not a split message");
	json_object_put(o);
	if (r < 0)
		parts_free(p);
	return r;
}
