/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for analyzer/hookform.c: SendGrid Inbound Parse's form
 * (parsed and raw) and a Mailgun route's forward(), field for field, and
 * Mailgun's signature as its documentation computes it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../analyzer/hookform.h"
#include "parts.h"

static const struct shape_limits test_parts_lim = {
    SHAPE_MAX_PARTS, SHAPE_MAX_DEPTH, SHAPE_MAX_HEADERS,
    SHAPE_MAX_ADDRESS_HEADER};

static const char msg[] =
    "Authentication-Results: mx.example.com; spf=pass "
    "smtp.mailfrom=example.net; dkim=pass header.d=example.net\n"
    "From: \"Ann Lee\" <ann@example.net>\n"
    "To: reply+abcdefghijklmnop@reply.example.com\n"
    "Subject: Re: offer\nMIME-Version: 1.0\n"
    "Content-Type: multipart/related; boundary=r\n\n"
    "--r\nContent-Type: text/plain; charset=iso-8859-1\n"
    "Content-Transfer-Encoding: 8bit\n\nD\xe9j\xe0 vu\n"
    "--r\nContent-Type: image/png\nContent-ID: <l@x>\n"
    "Content-Disposition: inline; filename=l.png\n"
    "Content-Transfer-Encoding: base64\n\niVBORw0K\n--r--\n";

/* The form of message m in format ("sendgrid", "sendgrid-raw", "mailgun"). */
static char *
form_msg(const char *m, const char *format, const char *trusted)
{
	struct parts p;
	struct hookfmt_reply r = {0};
	struct hookfmt_body b;
	char *data;

	parts_read(m, strlen(m), &test_parts_lim, &p);
	r.parts = &p;
	r.stripped_text = "Déjà vu";
	r.signature = "-- \nAnn";
	r.token = "abcdefghijklmnop";
	r.envelope_to = "reply+abcdefghijklmnop@reply.example.com";
	r.envelope_from = "ann@example.net";
	r.sender_ip = "192.0.2.7";
	r.trusted_ids = trusted;
	r.raw = m;
	r.rawlen = strlen(m);
	if (strcmp(format, "mailgun") == 0)
		hookform_mailgun(&r, "key-1", "1700000000", "tok123", "BND",
				 &b);
	else
		hookform_sendgrid(&r, strcmp(format, "sendgrid-raw") == 0,
				  "BND", &b);
	assert_string_equal(b.content_type,
			    "multipart/form-data; boundary=BND");
	assert_int_equal(strlen(b.data), b.len);
	assert_non_null(strstr(b.data, "\r\n--BND--\r\n"));
	data = b.data;
	free(b.content_type);
	parts_free(&p);
	return data;
}

static char *
form_trusting(const char *format, const char *trusted)
{
	return form_msg(msg, format, trusted);
}

static char *
form_of(const char *format)
{
	return form_trusting(format, "other.example.org, mx.example.com");
}

/* The value of the form's field name, or NULL. */
static char *
field(const char *form, const char *name)
{
	char *head = malloc(strlen(name) + 64), *v;
	const char *s, *e;

	sprintf(head, "Content-Disposition: form-data; name=\"%s\"", name);
	if ((s = strstr(form, head)) == NULL) {
		free(head);
		return NULL;
	}
	free(head);
	s = strstr(s, "\r\n\r\n") + 4;
	e = strstr(s, "\r\n--BND");
	v = strndup(s, (size_t)(e - s));
	return v;
}

static void
assert_field(const char *form, const char *name, const char *want)
{
	char *v = field(form, name);

	assert_non_null(v);
	assert_string_equal(v, want);
	free(v);
}

static void
test_sendgrid_parsed(void **state)
{
	char *f = form_of("sendgrid"), *v;

	(void)state;
	assert_field(f, "to", "reply+abcdefghijklmnop@reply.example.com");
	assert_field(f, "from", "Ann Lee <ann@example.net>");
	assert_field(f, "subject", "Re: offer");
	assert_field(f, "text", "Déjà vu");
	assert_field(f, "sender_ip", "192.0.2.7");
	assert_field(f, "SPF", "pass");
	assert_field(f, "dkim", "{@example.net : pass}");
	assert_field(f, "attachments", "1");
	assert_field(f, "content-ids", "{\"l@x\":\"attachment1\"}");
	assert_field(f, "envelope",
		     "{\"to\":[\"reply+abcdefghijklmnop@reply.example.com\"],"
		     "\"from\":\"ann@example.net\"}");
	v = field(f, "attachment-info");
	assert_non_null(strstr(v, "\"attachment1\":{\"filename\":\"l.png\""));
	assert_non_null(strstr(v, "\"type\":\"image/png\""));
	free(v);
	v = field(f, "headers");
	assert_non_null(strstr(v, "Subject: Re: offer\n"));
	assert_null(strstr(v, "--r"));
	free(v);
	assert_non_null(strstr(f,
			       "name=\"attachment1\"; filename=\"l.png\"\r\n"
			       "Content-Type: image/png\r\n\r\n\x89PNG\r\n"));
	assert_null(field(f, "email"));
	assert_null(field(f, "html")); /* there is none */
	free(f);
}

/* Anyone can write Authentication-Results: another server's is ignored. */
static void
test_sendgrid_untrusted_authres(void **state)
{
	char *f = form_trusting("sendgrid", "mx.example.org");

	(void)state;
	assert_null(field(f, "SPF"));
	assert_null(field(f, "dkim"));
	free(f);
	f = form_trusting("sendgrid", "");
	assert_null(field(f, "SPF"));
	free(f);
}

/*
 * Each milter of the MX writes a header of its own (OpenDKIM the dkim
 * result, an SPF milter spf): a result counts from any trusted header,
 * never from another server's.
 */
static void
test_sendgrid_authres_per_milter(void **state)
{
	static const char m[] =
	    "Authentication-Results: mx.example.com;\n"
	    "\tdkim=pass header.d=example.net header.s=sel\n"
	    "Authentication-Results: mx.example.com (spf);\n"
	    "\tspf=softfail smtp.mailfrom=example.net\n"
	    "Authentication-Results: mx.example.org; spf=pass; dkim=fail "
	    "header.d=example.org\n"
	    "From: <ann@example.net>\nSubject: Re: offer\n\nYes\n";
	char *f = form_msg(m, "sendgrid", "mx.example.com");

	(void)state;
	assert_field(f, "SPF", "softfail");
	assert_field(f, "dkim", "{@example.net : pass}");
	free(f);
	f = form_msg(m, "sendgrid-raw", "mx.example.org");
	assert_field(f, "SPF", "pass");
	assert_field(f, "dkim", "{@example.org : fail}");
	free(f);
}

static void
test_sendgrid_raw(void **state)
{
	char *f = form_of("sendgrid-raw"), *v;

	(void)state;
	v = field(f, "email");
	assert_string_equal(v, msg);
	free(v);
	assert_null(field(f, "text"));
	assert_null(field(f, "attachment1"));
	assert_field(f, "subject", "Re: offer");
	free(f);
}

static void
test_mailgun_forward(void **state)
{
	char *f = form_of("mailgun"), *v;

	(void)state;
	assert_field(f, "recipient",
		     "reply+abcdefghijklmnop@reply.example.com");
	assert_field(f, "sender", "ann@example.net");
	assert_field(f, "body-plain", "Déjà vu");
	assert_field(f, "stripped-text", "Déjà vu");
	assert_field(f, "stripped-signature", "-- \nAnn");
	assert_field(f, "attachment-count", "1");
	assert_field(f, "content-id-map", "{\"<l@x>\":\"attachment-1\"}");
	assert_field(f, "timestamp", "1700000000");
	assert_field(f, "token", "tok123");
	/* hmac.new(b"key-1", b"1700000000tok123", sha256).hexdigest() */
	assert_field(f, "signature",
		     "a4af4af38e68fad2795f8e211808241e466c1b"
		     "7099af10c5cffd318cd1bed22c");
	v = field(f, "message-headers");
	assert_non_null(strstr(v, "[\"Subject\",\"Re: offer\"]"));
	free(v);
	assert_non_null(strstr(f, "name=\"attachment-1\"; filename=\"l.png\""));
	free(f);
}

/* Of a message with only HTML, Mailgun's body-plain is made from it. */
static void
test_mailgun_html_only(void **state)
{
	static const char html_only[] =
	    "From: ann@example.net\nTo: reply+abc@reply.example.com\n"
	    "Subject: Re: offer\nMIME-Version: 1.0\n"
	    "Content-Type: text/html; charset=utf-8\n\n"
	    "<p>Yes, <b>send</b> the contract.</p>\n";
	struct parts p;
	struct hookfmt_reply r = {0};
	struct hookfmt_body b;
	char *v;

	(void)state;
	parts_read(html_only, strlen(html_only), &test_parts_lim, &p);
	r.parts = &p;
	r.stripped_text = r.signature = r.token = r.envelope_to =
	    r.envelope_from = r.sender_ip = r.trusted_ids = "";
	r.raw = html_only;
	r.rawlen = strlen(html_only);
	hookform_mailgun(&r, "key-1", "1700000000", "tok123", "BND", &b);
	v = field(b.data, "body-plain");
	assert_non_null(v);
	assert_string_equal(v, "Yes, send the contract.\n");
	free(v);
	v = field(b.data, "body-html");
	assert_non_null(strstr(v, "<b>send</b>"));
	free(v);
	hookfmt_body_free(&b);
	parts_free(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sendgrid_parsed),
	    cmocka_unit_test(test_sendgrid_untrusted_authres),
	    cmocka_unit_test(test_sendgrid_authres_per_milter),
	    cmocka_unit_test(test_sendgrid_raw),
	    cmocka_unit_test(test_mailgun_forward),
	    cmocka_unit_test(test_mailgun_html_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
