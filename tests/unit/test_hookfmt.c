/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for analyzer/hookfmt.c: the Postmark inbound JSON of a
 * reply, field for field as Postmark documents it: addresses with their
 * MailboxHash (the reply token), bodies, headers, attachments in base64
 * with their ContentID, the trimmed reply as StrippedTextReply.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../analyzer/hookfmt.h"
#include "parts.h"

static const struct shape_limits test_parts_lim = {
    SHAPE_MAX_PARTS, SHAPE_MAX_DEPTH, SHAPE_MAX_HEADERS,
    SHAPE_MAX_ADDRESS_HEADER};

static const char msg[] =
    "From: \"Ann Lee\" <ann@example.com>\n"
    "To: reply+abcdefghijklmnop@reply.example.com\n"
    "Subject: Re: offer\nDate: Mon, 1 Dec 2026 10:00:00 +0000\n"
    "MIME-Version: 1.0\nContent-Type: multipart/related; boundary=r\n\n"
    "--r\nContent-Type: text/html; charset=iso-8859-1\n"
    "Content-Transfer-Encoding: 8bit\n\n<p>D\xe9j\xe0 <img src=cid:l@x></p>\n"
    "--r\nContent-Type: image/png\nContent-ID: <l@x>\n"
    "Content-Disposition: inline; filename=l.png\n"
    "Content-Transfer-Encoding: base64\n\niVBORw0K\n--r--\n";

/* The Postmark JSON of msg, parsed back. */
static json_object *
postmark_of(const char *raw)
{
	struct parts p;
	struct hookfmt_reply r = {0};
	struct hookfmt_body b;
	json_object *o;

	parts_read(raw, strlen(raw), &test_parts_lim, &p);
	r.parts = &p;
	r.stripped_text = "Déjà";
	r.token = "abcdefghijklmnop";
	r.envelope_to = "reply+abcdefghijklmnop@reply.example.com";
	r.envelope_from = "ann@example.com";
	r.reply_id = 42;
	hookfmt_postmark(&r, &b);
	assert_string_equal(b.content_type, "application/json");
	assert_int_equal(strlen(b.data), b.len);
	o = json_tokener_parse(b.data);
	assert_non_null(o);
	hookfmt_body_free(&b);
	parts_free(&p);
	return o;
}

static const char *
field(json_object *o, const char *path)
{
	json_object *v = o;
	char key[64];
	const char *p = path, *dot;

	while (*p) {
		dot = strchr(p, '.');
		snprintf(key, sizeof(key), "%.*s",
			 (int)(dot ? dot - p : (long)strlen(p)), p);
		if (json_object_is_type(v, json_type_array))
			v = json_object_array_get_idx(v, (size_t)atoi(key));
		else
			assert_true(json_object_object_get_ex(v, key, &v));
		p = dot ? dot + 1 : p + strlen(p);
	}
	return json_object_get_string(v);
}

static void
test_postmark_fields(void **state)
{
	json_object *o = postmark_of(msg);

	(void)state;
	assert_string_equal(field(o, "From"), "ann@example.com");
	assert_string_equal(field(o, "FromName"), "Ann Lee");
	assert_string_equal(field(o, "FromFull.Email"), "ann@example.com");
	assert_string_equal(field(o, "ToFull.0.Email"),
			    "reply+abcdefghijklmnop@reply.example.com");
	assert_string_equal(field(o, "ToFull.0.MailboxHash"),
			    "abcdefghijklmnop");
	assert_string_equal(field(o, "MailboxHash"), "abcdefghijklmnop");
	assert_string_equal(field(o, "OriginalRecipient"),
			    "reply+abcdefghijklmnop@reply.example.com");
	assert_string_equal(field(o, "Subject"), "Re: offer");
	assert_string_equal(field(o, "Date"), "Mon, 1 Dec 2026 10:00:00 +0000");
	assert_string_equal(field(o, "MessageID"), "42");
	assert_string_equal(field(o, "TextBody"), "");
	assert_non_null(strstr(field(o, "HtmlBody"), "Déjà"));
	assert_string_equal(field(o, "StrippedTextReply"), "Déjà");
	assert_string_equal(field(o, "MessageStream"), "inbound");
	assert_string_equal(field(o, "Headers.0.Name"), "From");
	assert_string_equal(field(o, "Attachments.0.Name"), "l.png");
	assert_string_equal(field(o, "Attachments.0.ContentType"), "image/png");
	assert_string_equal(field(o, "Attachments.0.ContentID"), "cid:l@x");
	assert_string_equal(field(o, "Attachments.0.Content"), "iVBORw0K");
	assert_string_equal(field(o, "Attachments.0.ContentLength"), "6");
	assert_int_equal(
	    json_object_array_length(json_object_object_get(o, "BccFull")), 0);
	json_object_put(o);
}

/* Bytes that make no message are posted as text, never as bad JSON. */
static void
test_postmark_of_garbage_is_json(void **state)
{
	json_object *o = postmark_of("\x01\x02 not a message \xff");

	(void)state;
	assert_string_equal(field(o, "From"), "");
	assert_int_equal(
	    json_object_array_length(json_object_object_get(o, "Attachments")),
	    0);
	json_object_put(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_postmark_fields),
	    cmocka_unit_test(test_postmark_of_garbage_is_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
