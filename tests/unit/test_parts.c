/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for reading/parts.c: a message split as inbound-mail
 * services post it: addresses, headers, text and HTML bodies, and the
 * attachments, inline images with their Content-ID; bytes that make no
 * message still give text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "parts.h"

static const struct shape_limits test_parts_lim = {
    SHAPE_MAX_PARTS, SHAPE_MAX_DEPTH, SHAPE_MAX_HEADERS,
    SHAPE_MAX_ADDRESS_HEADER};

static void
read_str(const char *raw, struct parts *p)
{
	parts_read(raw, strlen(raw), &test_parts_lim, p);
}

static void
test_plain_reply(void **state)
{
	struct parts p;

	(void)state;
	read_str("From: \"Ann Lee\" <ann@example.com>\r\n"
		 "To: reply+abcdefghijklmnop@reply.example.com\r\n"
		 "Cc: Bob <bob@example.com>, carl@example.com\r\n"
		 "Subject: Re: =?utf-8?q?caf=C3=A9?=\r\n"
		 "Date: Mon, 1 Dec 2026 10:00:00 +0000\r\n"
		 "Message-ID: <m1@example.com>\r\n\r\nYes, interested.\r\n",
		 &p);
	assert_string_equal(p.from.v[0].name, "Ann Lee");
	assert_string_equal(p.from.v[0].addr, "ann@example.com");
	assert_int_equal(p.to.n, 1);
	assert_int_equal(p.cc.n, 2);
	assert_string_equal(p.cc.v[1].addr, "carl@example.com");
	assert_string_equal(p.subject, "Re: café");
	assert_string_equal(p.message_id, "m1@example.com");
	assert_string_equal(p.date, "Mon, 1 Dec 2026 10:00:00 +0000");
	assert_non_null(strstr(p.text, "Yes, interested."));
	assert_string_equal(p.html, "");
	assert_int_equal(p.natt, 0);
	assert_int_equal(p.nheaders, 6);
	assert_string_equal(p.headers[3].name, "Subject");
	assert_string_equal(p.headers[3].value, "Re: café");
	parts_free(&p);
}

static const char html_cid[] =
    "From: ann@example.com\nSubject: pic\nMIME-Version: 1.0\n"
    "Content-Type: multipart/related; boundary=r\n\n"
    "--r\nContent-Type: multipart/alternative; boundary=a\n\n"
    "--a\nContent-Type: text/plain; charset=utf-8\n\nSee the logo.\n"
    "--a\nContent-Type: text/html; charset=utf-8\n\n"
    "<p>See <img src=\"cid:logo@x\"></p>\n--a--\n"
    "--r\nContent-Type: image/png\nContent-ID: <logo@x>\n"
    "Content-Transfer-Encoding: base64\n\niVBORw0K\n--r--\n";

static void
test_html_with_inline_image(void **state)
{
	struct parts p;

	(void)state;
	read_str(html_cid, &p);
	assert_non_null(strstr(p.text, "See the logo."));
	assert_non_null(strstr(p.html, "<img src=\"cid:logo@x\">"));
	assert_int_equal(p.natt, 1);
	assert_string_equal(p.att[0].content_type, "image/png");
	assert_string_equal(p.att[0].content_id, "logo@x");
	assert_int_equal(p.att[0].len, 6);
	assert_memory_equal(p.att[0].data, "\x89PNG\r\n", 6);
	parts_free(&p);
}

static void
test_attachment_and_latin1(void **state)
{
	struct parts p;

	(void)state;
	read_str("From: ann@example.com\nSubject: doc\nMIME-Version: 1.0\n"
		 "Content-Type: multipart/mixed; boundary=m\n\n"
		 "--m\nContent-Type: text/plain; charset=iso-8859-1\n"
		 "Content-Transfer-Encoding: 8bit\n\nD\xe9j\xe0 vu.\n"
		 "--m\nContent-Type: text/plain; name=\"notes.txt\"\n"
		 "Content-Disposition: attachment; filename=\"notes.txt\"\n\n"
		 "line one\n--m--\n",
		 &p);
	assert_non_null(strstr(p.text, "Déjà vu."));
	assert_null(strstr(p.text, "line one"));
	assert_int_equal(p.natt, 1);
	assert_string_equal(p.att[0].filename, "notes.txt");
	assert_string_equal(p.att[0].content_id, "");
	parts_free(&p);
}

static void
test_no_text_part(void **state)
{
	struct parts p;

	(void)state;
	read_str("From: ann@example.com\nSubject: only html\n"
		 "MIME-Version: 1.0\nContent-Type: text/html\n\n<b>Hi</b>\n",
		 &p);
	assert_string_equal(p.text, "");
	assert_non_null(strstr(p.html, "<b>Hi</b>"));
	parts_free(&p);
}

static void
test_garbage_still_gives_text(void **state)
{
	struct parts p;

	(void)state;
	parts_read("\xff\xfe\x00zz", 5, &test_parts_lim, &p);
	assert_string_equal(p.subject, "");
	assert_int_equal(p.from.n, 0);
	assert_non_null(p.text);
	assert_non_null(p.html);
	parts_free(&p);
}

/* Past the shape bounds the parser never sees it: bytes as text. */
static void
test_outside_the_bounds(void **state)
{
	struct shape_limits lim = test_parts_lim;
	struct parts p;
	const char *raw =
	    "From: a@example.net\r\nSubject: deep\r\n"
	    "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
	    "--b\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n"
	    "--c\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
	    "--c--\r\n--b--\r\n";

	(void)state;
	lim.max_depth = 1;
	assert_int_equal(parts_read(raw, strlen(raw), &lim, &p), -1);
	assert_int_equal(p.natt, 0);
	assert_non_null(strstr(p.text, "hello"));
	assert_string_equal(p.subject, "");
	parts_free(&p);
	assert_int_equal(parts_read(raw, strlen(raw), &test_parts_lim, &p), 0);
	assert_string_equal(p.subject, "deep");
	parts_free(&p);
}

/* The parts as the reading process sends them, and nonsense refused. */
static void
test_json_round_trip(void **state)
{
	struct parts p, q;
	json_object *o;
	const char *j;
	char why[128];

	(void)state;
	read_str("From: Ann <ann@example.com>\r\nSubject: hi\r\n"
		 "MIME-Version: 1.0\r\n"
		 "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
		 "--b\r\nContent-Type: text/plain\r\n\r\nYes.\r\n"
		 "--b\r\nContent-Type: image/png\r\nContent-ID: <l@x>\r\n"
		 "Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n"
		 "--b--\r\n",
		 &p);
	o = parts_json(&p, 0);
	j = json_object_to_json_string(o);
	assert_int_equal(
	    parts_from_json(j, strlen(j), PARTS_MAX_JSON, &q, why, sizeof(why)),
	    0);
	assert_string_equal(q.subject, "hi");
	assert_string_equal(q.from.v[0].addr, "ann@example.com");
	assert_non_null(strstr(q.text, "Yes."));
	assert_int_equal(q.natt, 1);
	assert_string_equal(q.att[0].content_id, "l@x");
	assert_int_equal(q.att[0].len, p.att[0].len);
	assert_memory_equal(q.att[0].data, p.att[0].data, p.att[0].len);
	assert_int_equal(q.nheaders, p.nheaders);
	parts_free(&q);
	json_object_put(o);
	parts_free(&p);
	assert_int_equal(parts_from_json("{\"rc\": 0}", 9, PARTS_MAX_JSON, &q,
					 why, sizeof(why)),
			 -1);
	assert_int_equal(
	    parts_from_json("[1", 2, PARTS_MAX_JSON, &q, why, sizeof(why)), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain_reply),
	    cmocka_unit_test(test_html_with_inline_image),
	    cmocka_unit_test(test_attachment_and_latin1),
	    cmocka_unit_test(test_no_text_part),
	    cmocka_unit_test(test_garbage_still_gives_text),
	    cmocka_unit_test(test_outside_the_bounds),
	    cmocka_unit_test(test_json_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
