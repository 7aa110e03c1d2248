/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hookform: the inbound formats that are posted as multipart/form-data,
 * SendGrid Inbound Parse's and a Mailgun route's forward(), field for
 * field as those services document them (hookform.h). Pure functions,
 * like hookfmt.c's: what changes from one post to the next (boundary,
 * Mailgun's timestamp and token) is the caller's. Every text field is
 * UTF-8, and SendGrid's "charsets" says so.
 */
#include <glib.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "extract_int.h"
#include "hookform.h"
#include "xmalloc.h"

/* One part of the form; a file when filename is not NULL. */
static void
hookform_field(struct buf *b, const char *boundary, const char *name,
	       const void *data, size_t len, const char *filename,
	       const char *type)
{
	buf_printf(b, "--%s\r\nContent-Disposition: form-data; name=\"%s\"",
		   boundary, name);
	if (filename)
		buf_printf(b, "; filename=\"%s\"\r\nContent-Type: %s", filename,
			   type);
	buf_puts(b, "\r\n\r\n");
	buf_append(b, data, len);
	buf_puts(b, "\r\n");
}

static void
hookform_text(struct buf *b, const char *boundary, const char *name,
	      const char *value)
{
	hookform_field(b, boundary, name, value, strlen(value), NULL, NULL);
}

/* A JSON value as a text field; o is released. */
static void
hookform_json(struct buf *b, const char *boundary, const char *name,
	      json_object *o)
{
	hookform_text(
	    b, boundary, name,
	    json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

static void
hookform_end(struct buf *b, const char *boundary, struct hookfmt_body *out)
{
	buf_printf(b, "--%s--\r\n", boundary);
	out->content_type =
	    xasprintf("multipart/form-data; boundary=%s", boundary);
	out->data = b->data;
	out->len = b->len;
}

/* A filename that cannot break out of its quotes. */
static char *
hookform_filename(const char *name, size_t n)
{
	char *s = *name ? xstrdup(name) : xasprintf("attachment%zu", n);
	char *p;

	for (p = s; *p; p++)
		if (*p == '"' || *p == '\\' || *p == '\r' || *p == '\n')
			*p = '_';
	return s;
}

/* The header section as received (SendGrid's "headers"). */
static char *
hookform_raw_headers(const char *raw, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++) {
		if (raw[i] == '\n' && raw[i + 1] == '\n')
			return g_utf8_make_valid(raw, (gssize)i + 1);
		if (raw[i] == '\n' && raw[i + 1] == '\r')
			return g_utf8_make_valid(raw, (gssize)i + 1);
	}
	return g_utf8_make_valid(raw, (gssize)len);
}

/*
 * Is the authserv-id that starts header value v one of trusted (a list
 * separated by commas or white space)? Anyone can write the header: only
 * those our own servers add count.
 */
static int
hookform_trusted(const char *v, const char *trusted)
{
	size_t n, len;

	v += strspn(v, " \t");
	len = strcspn(v, " \t;(");
	while (trusted && *trusted) {
		trusted += strspn(trusted, ", \t");
		n = strcspn(trusted, ", \t");
		if (n && n == len && strncasecmp(v, trusted, n) == 0)
			return 1;
		trusted += n;
	}
	return 0;
}

/*
 * The result of method ("spf", "dkim") in Authentication-Results value v
 * (none: empty res), and for dkim the signing domain in dom.
 */
static void
hookform_authres_in(const char *v, const char *method, char *res, size_t reslen,
		    char *dom, size_t domlen)
{
	const char *s, *d;
	size_t mlen = strlen(method);

	for (s = v; (s = strstr(s, method)) != NULL; s += mlen)
		if ((s == v || strchr(" \t;", s[-1])) && s[mlen] == '=')
			break;
	if (s == NULL)
		return;
	s += mlen + 1;
	snprintf(res, reslen, "%.*s", (int)strcspn(s, " \t;()"), s);
	if ((d = strstr(s, "header.d=")) != NULL && d < s + strcspn(s, ";")) {
		d += strlen("header.d=");
		snprintf(dom, domlen, "%.*s", (int)strcspn(d, " \t;()"), d);
	}
}

/*
 * The result of method in our Authentication-Results: the first of the
 * headers of a trusted authserv-id that gives one, as each milter of the
 * MX (OpenDKIM, an SPF milter) writes a header of its own.
 */
static void
hookform_authres(const struct parts *p, const char *trusted, const char *method,
		 char *res, size_t reslen, char *dom, size_t domlen)
{
	size_t i;

	*res = *dom = 0;
	for (i = 0; i < p->nheaders && *res == 0; i++)
		if (strcasecmp(p->headers[i].name, "Authentication-Results") ==
			0 &&
		    hookform_trusted(p->headers[i].value, trusted))
			hookform_authres_in(p->headers[i].value, method, res,
					    reslen, dom, domlen);
}

static void
hookform_sendgrid_auth(struct buf *b, const char *boundary,
		       const struct hookfmt_reply *r)
{
	char res[64], dom[256], *dkim;

	hookform_authres(r->parts, r->trusted_ids, "dkim", res, sizeof(res),
			 dom, sizeof(dom));
	if (*res) {
		dkim = xasprintf("{@%s : %s}", dom, res);
		hookform_text(b, boundary, "dkim", dkim);
		free(dkim);
	}
	hookform_authres(r->parts, r->trusted_ids, "spf", res, sizeof(res), dom,
			 sizeof(dom));
	if (*res)
		hookform_text(b, boundary, "SPF", res);
}

/* SendGrid's attachment-info, content-ids, attachments, attachmentN. */
static void
hookform_sendgrid_files(struct buf *b, const char *boundary,
			const struct parts *p)
{
	json_object *info = json_object_new_object(),
		    *ids = json_object_new_object(), *a;
	char key[32], count[32], *fn;
	size_t i;

	for (i = 0; i < p->natt; i++) {
		snprintf(key, sizeof(key), "attachment%zu", i + 1);
		fn = hookform_filename(p->att[i].filename, i + 1);
		a = json_object_new_object();
		json_object_object_add(a, "filename",
				       json_object_new_string(fn));
		json_object_object_add(a, "name", json_object_new_string(fn));
		json_object_object_add(
		    a, "type", json_object_new_string(p->att[i].content_type));
		if (*p->att[i].content_id) {
			json_object_object_add(
			    a, "content-id",
			    json_object_new_string(p->att[i].content_id));
			json_object_object_add(ids, p->att[i].content_id,
					       json_object_new_string(key));
		}
		json_object_object_add(info, key, a);
		hookform_field(b, boundary, key, p->att[i].data, p->att[i].len,
			       fn, p->att[i].content_type);
		free(fn);
	}
	snprintf(count, sizeof(count), "%zu", p->natt);
	hookform_text(b, boundary, "attachments", count);
	hookform_json(b, boundary, "attachment-info", info);
	hookform_json(b, boundary, "content-ids", ids);
}

static json_object *
hookform_envelope(const struct hookfmt_reply *r)
{
	json_object *o = json_object_new_object(),
		    *to = json_object_new_array();

	json_object_array_add(to, json_object_new_string(r->envelope_to));
	json_object_object_add(o, "to", to);
	json_object_object_add(o, "from",
			       json_object_new_string(r->envelope_from));
	return o;
}

static json_object *
hookform_charsets(int raw)
{
	static const char *const parsed[] = {"to",   "from", "subject", "text",
					     "html", "cc",   NULL};
	static const char *const whole[] = {"to", "from", "subject", "cc",
					    NULL};
	const char *const *k = raw ? whole : parsed;
	json_object *o = json_object_new_object();

	for (; *k; k++)
		json_object_object_add(o, *k, json_object_new_string("UTF-8"));
	return o;
}

void
hookform_sendgrid(const struct hookfmt_reply *r, int raw, const char *boundary,
		  struct hookfmt_body *out)
{
	const struct parts *p = r->parts;
	char *headers = hookform_raw_headers(r->raw, r->rawlen);
	struct buf b;

	buf_init(&b);
	hookform_text(&b, boundary, "headers", headers);
	g_free(headers);
	hookform_sendgrid_auth(&b, boundary, r);
	hookform_text(&b, boundary, "to", p->to.text);
	if (*p->cc.text)
		hookform_text(&b, boundary, "cc", p->cc.text);
	hookform_text(&b, boundary, "from", p->from.text);
	hookform_text(&b, boundary, "subject", p->subject);
	if (*r->sender_ip)
		hookform_text(&b, boundary, "sender_ip", r->sender_ip);
	hookform_json(&b, boundary, "envelope", hookform_envelope(r));
	hookform_json(&b, boundary, "charsets", hookform_charsets(raw));
	if (raw) {
		hookform_field(&b, boundary, "email", r->raw, r->rawlen, NULL,
			       NULL);
	} else {
		hookform_text(&b, boundary, "text", p->text);
		if (*p->html)
			hookform_text(&b, boundary, "html", p->html);
		hookform_sendgrid_files(&b, boundary, p);
	}
	hookform_end(&b, boundary, out);
}

char *
hookform_mailgun_signature(const char *key, const char *timestamp,
			   const char *token)
{
	GHmac *hmac =
	    g_hmac_new(G_CHECKSUM_SHA256, (const guchar *)key, strlen(key));
	char *sig;

	g_hmac_update(hmac, (const guchar *)timestamp, -1);
	g_hmac_update(hmac, (const guchar *)token, -1);
	sig = xstrdup(g_hmac_get_string(hmac));
	g_hmac_unref(hmac);
	return sig;
}

/* Mailgun's attachment-count, attachment-N and content-id-map. */
static void
hookform_mailgun_files(struct buf *b, const char *boundary,
		       const struct parts *p)
{
	json_object *map = json_object_new_object();
	char key[32], cid[512], *fn;
	size_t i;

	snprintf(key, sizeof(key), "%zu", p->natt);
	hookform_text(b, boundary, "attachment-count", key);
	for (i = 0; i < p->natt; i++) {
		snprintf(key, sizeof(key), "attachment-%zu", i + 1);
		fn = hookform_filename(p->att[i].filename, i + 1);
		hookform_field(b, boundary, key, p->att[i].data, p->att[i].len,
			       fn, p->att[i].content_type);
		free(fn);
		if (*p->att[i].content_id) {
			snprintf(cid, sizeof(cid), "<%s>",
				 p->att[i].content_id);
			json_object_object_add(map, cid,
					       json_object_new_string(key));
		}
	}
	hookform_json(b, boundary, "content-id-map", map);
}

/*
 * Mailgun's body-plain is "always present": of a message with only an
 * HTML body, Mailgun makes the text itself. So does this, with the
 * reading library's rendering of HTML.
 */
static char *
hookform_plain(const struct parts *p)
{
	if (*p->text || *p->html == 0)
		return xstrdup(p->text);
	return html_to_text(p->html, strlen(p->html));
}

static json_object *
hookform_mailgun_headers(const struct parts *p)
{
	json_object *arr = json_object_new_array(), *h;
	size_t i;

	for (i = 0; i < p->nheaders; i++) {
		h = json_object_new_array();
		json_object_array_add(
		    h, json_object_new_string(p->headers[i].name));
		json_object_array_add(
		    h, json_object_new_string(p->headers[i].value));
		json_object_array_add(arr, h);
	}
	return arr;
}

void
hookform_mailgun(const struct hookfmt_reply *r, const char *key,
		 const char *timestamp, const char *token, const char *boundary,
		 struct hookfmt_body *out)
{
	const struct parts *p = r->parts;
	char *sig = hookform_mailgun_signature(key, timestamp, token);
	char *plain = hookform_plain(p);
	struct buf b;

	buf_init(&b);
	hookform_text(&b, boundary, "recipient", r->envelope_to);
	hookform_text(&b, boundary, "sender", r->envelope_from);
	hookform_text(&b, boundary, "from", p->from.text);
	hookform_text(&b, boundary, "subject", p->subject);
	hookform_text(&b, boundary, "body-plain", plain);
	free(plain);
	hookform_text(&b, boundary, "body-html", p->html);
	hookform_text(&b, boundary, "stripped-text", r->stripped_text);
	hookform_text(&b, boundary, "stripped-signature",
		      r->signature ? r->signature : "");
	hookform_json(&b, boundary, "message-headers",
		      hookform_mailgun_headers(p));
	hookform_mailgun_files(&b, boundary, p);
	hookform_text(&b, boundary, "timestamp", timestamp);
	hookform_text(&b, boundary, "token", token);
	hookform_text(&b, boundary, "signature", sig);
	free(sig);
	hookform_end(&b, boundary, out);
}
