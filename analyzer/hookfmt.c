/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hookfmt: the bodies an application written for an inbound-mail service
 * reads, built from a stored reply (hookfmt.h). Each builder is a pure
 * function of the reply, so each format is tested field for field without
 * a network; inbound.c posts what they build. A field the service
 * computes and postreply cannot (a spam score) is left out, as the
 * service leaves it out when the feature is off.
 */
#include <glib.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "hookfmt.h"
#include "xmalloc.h"

static json_object *
hookfmt_str(const char *s)
{
	return json_object_new_string(s ? s : "");
}

/* Postmark's address object: Email, Name, MailboxHash. */
static json_object *
hookfmt_pm_addr(const struct parts_addr *a, const char *hash)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "Email", hookfmt_str(a->addr));
	json_object_object_add(o, "Name", hookfmt_str(a->name));
	json_object_object_add(o, "MailboxHash", hookfmt_str(hash));
	return o;
}

/* The part after the delimiter in an address's local part, or "". */
static const char *
hookfmt_hash_of(const char *addr, const char *token)
{
	const char *at = strchr(addr, '@'), *plus = strchr(addr, '+');

	return plus && at && plus < at && token ? token : "";
}

static json_object *
hookfmt_pm_list(const struct parts_list *l, const char *token)
{
	json_object *arr = json_object_new_array();
	size_t i;

	for (i = 0; i < l->n; i++)
		json_object_array_add(
		    arr, hookfmt_pm_addr(&l->v[i],
					 hookfmt_hash_of(l->v[i].addr, token)));
	return arr;
}

static json_object *
hookfmt_pm_headers(const struct parts *p)
{
	json_object *arr = json_object_new_array(), *h;
	size_t i;

	for (i = 0; i < p->nheaders; i++) {
		h = json_object_new_object();
		json_object_object_add(h, "Name",
				       hookfmt_str(p->headers[i].name));
		json_object_object_add(h, "Value",
				       hookfmt_str(p->headers[i].value));
		json_object_array_add(arr, h);
	}
	return arr;
}

static json_object *
hookfmt_pm_attachments(const struct parts *p)
{
	json_object *arr = json_object_new_array(), *a;
	size_t i;
	char *b64, *cid;

	for (i = 0; i < p->natt; i++) {
		a = json_object_new_object();
		b64 = g_base64_encode(p->att[i].data, p->att[i].len);
		json_object_object_add(a, "Name",
				       hookfmt_str(p->att[i].filename));
		json_object_object_add(a, "Content", hookfmt_str(b64));
		json_object_object_add(a, "ContentType",
				       hookfmt_str(p->att[i].content_type));
		json_object_object_add(
		    a, "ContentLength",
		    json_object_new_int64((int64_t)p->att[i].len));
		/* Postmark's ContentID is "cid:..." inline, else empty. */
		cid = *p->att[i].content_id
			  ? xasprintf("cid:%s", p->att[i].content_id)
			  : xstrdup("");
		json_object_object_add(a, "ContentID", hookfmt_str(cid));
		free(cid);
		json_object_array_add(arr, a);
		g_free(b64);
	}
	return arr;
}

/* The first address of l, or an empty one. */
static const struct parts_addr *
hookfmt_first(const struct parts_list *l)
{
	static const struct parts_addr none = {"", ""};

	return l->n ? &l->v[0] : &none;
}

static void
hookfmt_json_body(json_object *o, struct hookfmt_body *out)
{
	out->content_type = xstrdup("application/json");
	out->data = xstrdup(json_object_to_json_string_ext(
	    o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	out->len = strlen(out->data);
	json_object_put(o);
}

void
hookfmt_postmark(const struct hookfmt_reply *r, struct hookfmt_body *out)
{
	const struct parts *p = r->parts;
	const struct parts_addr *from = hookfmt_first(&p->from);
	json_object *o = json_object_new_object();
	char *mid;

	json_object_object_add(o, "FromName", hookfmt_str(from->name));
	json_object_object_add(o, "MessageStream", hookfmt_str("inbound"));
	json_object_object_add(o, "From", hookfmt_str(from->addr));
	json_object_object_add(o, "FromFull", hookfmt_pm_addr(from, ""));
	json_object_object_add(o, "To", hookfmt_str(p->to.text));
	json_object_object_add(o, "ToFull", hookfmt_pm_list(&p->to, r->token));
	json_object_object_add(o, "Cc", hookfmt_str(p->cc.text));
	json_object_object_add(o, "CcFull", hookfmt_pm_list(&p->cc, r->token));
	/* Bcc is never in a message's headers as it arrives. */
	json_object_object_add(o, "Bcc", hookfmt_str(""));
	json_object_object_add(o, "BccFull", json_object_new_array());
	json_object_object_add(o, "OriginalRecipient",
			       hookfmt_str(r->envelope_to));
	json_object_object_add(o, "Subject", hookfmt_str(p->subject));
	/* Postmark's MessageID is its own id; the message's is a header. */
	mid = xasprintf("%lld", r->reply_id);
	json_object_object_add(o, "MessageID", hookfmt_str(mid));
	free(mid);
	json_object_object_add(o, "ReplyTo", hookfmt_str(p->reply_to.text));
	json_object_object_add(o, "MailboxHash", hookfmt_str(r->token));
	json_object_object_add(o, "Date", hookfmt_str(p->date));
	json_object_object_add(o, "TextBody", hookfmt_str(p->text));
	json_object_object_add(o, "HtmlBody", hookfmt_str(p->html));
	json_object_object_add(o, "StrippedTextReply",
			       hookfmt_str(r->stripped_text));
	json_object_object_add(o, "Tag", hookfmt_str(""));
	json_object_object_add(o, "Headers", hookfmt_pm_headers(p));
	json_object_object_add(o, "Attachments", hookfmt_pm_attachments(p));
	hookfmt_json_body(o, out);
}

void
hookfmt_body_free(struct hookfmt_body *b)
{
	free(b->content_type);
	free(b->data);
	memset(b, 0, sizeof(*b));
}
