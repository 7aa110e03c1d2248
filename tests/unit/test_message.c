/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for milter/message.c, driven as the MTA drives the milter:
 * headers (folded lines joined by a bare LF), end of headers, body chunks.
 * Checks the raw copy, truncation, the auto-reply and bounce flags, and
 * the remembered From, Subject and Message-ID.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../../milter/message.h"

#define SENDER "<alice@example.org>"
#define BIG (1024 * 1024)

static void
assert_raw(const struct message *msg, const char *want, size_t len)
{
	assert_int_equal(msg->raw.len, len);
	assert_memory_equal(msg->raw.data, want, len);
	assert_int_equal(msg->raw_size, (long long)len);
	assert_int_equal(msg->truncated, 0);
}

#define ASSERT_RAW(msg, want) assert_raw(msg, want, sizeof(want) - 1)

static void
test_raw_folded_leadspc(void **state)
{
	struct message *msg = message_new(SENDER, BIG);

	(void)state;
	message_header(msg, "Subject", " hello\n\tworld", 1);
	ASSERT_RAW(msg, "Subject: hello\r\n\tworld\r\n");
	message_free(msg);
}

static void
test_raw_no_leadspc(void **state)
{
	struct message *msg = message_new(SENDER, BIG);

	(void)state;
	message_header(msg, "Subject", "hello\n\tworld", 0);
	ASSERT_RAW(msg, "Subject: hello\r\n\tworld\r\n");
	message_free(msg);
}

/* With leadspc, the exact white space after the colon is kept. */
static void
test_raw_leadspc_exact(void **state)
{
	struct message *msg = message_new(SENDER, BIG);

	(void)state;
	message_header(msg, "X-Odd", "no-space", 1);
	message_header(msg, "X-Tab", "\t  two", 1);
	ASSERT_RAW(msg, "X-Odd:no-space\r\nX-Tab:\t  two\r\n");
	message_free(msg);
}

static const char whole[] = "From: Alice <alice@example.org>\r\n"
			    "To: reply+abcdefghijklmnop@reply.example.com\r\n"
			    "Subject: a long subject that is\r\n"
			    " folded twice\r\n"
			    "\tover three lines\r\n"
			    "Message-ID: <1@example.org>\r\n"
			    "\r\n"
			    "Hello,\r\n"
			    "\r\n"
			    "a body line\r\n"
			    "-- \r\n"
			    "Alice\r\n";

static void
feed_whole(struct message *msg)
{
	static const char body[] =
	    "Hello,\r\n\r\na body line\r\n-- \r\nAlice\r\n";
	size_t i;

	message_header(msg, "From", " Alice <alice@example.org>", 1);
	message_header(msg, "To", " reply+abcdefghijklmnop@reply.example.com",
		       1);
	message_header(msg, "Subject",
		       " a long subject that is\n folded twice\n\tover three "
		       "lines",
		       1);
	message_header(msg, "Message-ID", " <1@example.org>", 1);
	message_eoh(msg);
	/* The body arrives in chunks of any size. */
	for (i = 0; i < sizeof(body) - 1; i += 7)
		message_body(msg, (const unsigned char *)body + i,
			     sizeof(body) - 1 - i < 7 ? sizeof(body) - 1 - i
						      : 7);
}

static void
test_raw_whole_message(void **state)
{
	struct message *msg = message_new(SENDER, BIG);

	(void)state;
	feed_whole(msg);
	ASSERT_RAW(msg, whole);
	assert_string_equal(msg->from, "Alice <alice@example.org>");
	assert_string_equal(msg->subject,
			    "a long subject that is folded twice over three "
			    "lines");
	assert_string_equal(msg->message_id, "<1@example.org>");
	assert_int_equal(msg->auto_reply, 0);
	assert_int_equal(msg->bounce, 0);
	assert_int_equal(msg->our_headers[0], 0);
	assert_int_equal(msg->our_headers[1], 0);
	message_free(msg);
}

/* Exactly at the limit is not truncated. */
static void
test_raw_exact_limit(void **state)
{
	struct message *msg = message_new(SENDER, sizeof(whole) - 1);

	(void)state;
	feed_whole(msg);
	ASSERT_RAW(msg, whole);
	message_free(msg);
}

static void
test_raw_one_under_limit(void **state)
{
	struct message *msg = message_new(SENDER, sizeof(whole) - 2);

	(void)state;
	feed_whole(msg);
	assert_int_equal(msg->raw.len, sizeof(whole) - 2);
	assert_memory_equal(msg->raw.data, whole, sizeof(whole) - 2);
	assert_int_equal(msg->raw_size, (long long)sizeof(whole) - 1);
	assert_int_equal(msg->truncated, 1);
	message_free(msg);
}

static void
test_raw_crlf_in_value_kept(void **state)
{
	struct message *msg = message_new(SENDER, BIG);

	(void)state;
	message_header(msg, "Subject", " a\r\n b", 1);
	ASSERT_RAW(msg, "Subject: a\r\n b\r\n");
	message_free(msg);
}

static void
test_body_binary(void **state)
{
	static const unsigned char body[] = "8bit \xe9\xff\x80 and NUL \0 and "
					    "\0\0 bare LF\n end";
	struct message *msg = message_new(SENDER, BIG);

	(void)state;
	message_eoh(msg);
	message_body(msg, body, sizeof(body) - 1);
	assert_int_equal(msg->raw.len, 2 + sizeof(body) - 1);
	assert_memory_equal(msg->raw.data, "\r\n", 2);
	assert_memory_equal(msg->raw.data + 2, body, sizeof(body) - 1);
	assert_int_equal(msg->truncated, 0);
	message_free(msg);
}

static void
test_truncation(void **state)
{
	unsigned char body[1000];
	struct message *msg = message_new(SENDER, 100);
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(body); i++)
		body[i] = (unsigned char)('a' + i % 26);
	message_body(msg, body, sizeof(body));
	assert_int_equal(msg->raw.len, 100);
	assert_int_equal(msg->raw_size, 1000);
	assert_int_equal(msg->truncated, 1);
	assert_memory_equal(msg->raw.data, body, 100);
	/* More chunks are counted, not stored. */
	message_body(msg, body, sizeof(body));
	assert_int_equal(msg->raw.len, 100);
	assert_int_equal(msg->raw_size, 2000);
	assert_int_equal(msg->truncated, 1);
	message_free(msg);
}

static void
test_truncation_in_headers(void **state)
{
	struct message *msg = message_new(SENDER, 10);

	(void)state;
	message_header(msg, "Subject", " hello\n\tworld", 1);
	message_eoh(msg);
	message_body(msg, (const unsigned char *)"body", 4);
	assert_int_equal(msg->raw.len, 10);
	assert_memory_equal(msg->raw.data, "Subject: h", 10);
	assert_int_equal(msg->raw_size,
			 (long long)strlen("Subject: hello\r\n\tworld\r\n\r\n"
					   "body"));
	assert_int_equal(msg->truncated, 1);
	/* The remembered headers do not depend on the limit. */
	assert_string_equal(msg->subject, "hello world");
	message_free(msg);
}

static int
auto_reply(const char *name, const char *value)
{
	struct message *msg = message_new(SENDER, BIG);
	int r;

	message_header(msg, name, value, 1);
	r = msg->auto_reply;
	assert_int_equal(msg->bounce, 0);
	message_free(msg);
	return r;
}

static void
test_auto_submitted(void **state)
{
	(void)state;
	assert_int_equal(auto_reply("Auto-Submitted", " auto-replied"), 1);
	assert_int_equal(auto_reply("Auto-Submitted", " auto-generated"), 1);
	assert_int_equal(auto_reply("auto-submitted", " Auto-Replied"), 1);
	assert_int_equal(
	    auto_reply("Auto-Submitted", " auto-replied; owner-email=x@y"), 1);
	assert_int_equal(auto_reply("Auto-Submitted", " no"), 0);
	assert_int_equal(auto_reply("Auto-Submitted", " NO"), 0);
	assert_int_equal(auto_reply("Auto-Submitted", "  No ; comment"), 0);
	assert_int_equal(auto_reply("Auto-Submitted", " no;x=y"), 0);
	assert_int_equal(auto_reply("Auto-Submitted", " no\n\t(folded)"), 0);
}

static void
test_x_autoreply(void **state)
{
	(void)state;
	assert_int_equal(auto_reply("X-Autoreply", " yes"), 1);
	assert_int_equal(auto_reply("X-Autorespond", " yes"), 1);
	assert_int_equal(auto_reply("X-Autoreply", " no"), 0);
	/* The rules are autoreply.c's: the milter once said 1 to these... */
	assert_int_equal(auto_reply("X-Autoreply", " false"), 0);
	assert_int_equal(auto_reply("X-Autorespond", " 0"), 0);
	/* ... and 0 to these, which the analyzer knew. */
	assert_int_equal(auto_reply("X-Autoresponse", " yes"), 1);
	assert_int_equal(auto_reply("X-Autogenerated", " Reply"), 1);
}

static void
test_precedence(void **state)
{
	(void)state;
	assert_int_equal(auto_reply("Precedence", " bulk"), 1);
	assert_int_equal(auto_reply("Precedence", " junk"), 1);
	assert_int_equal(auto_reply("Precedence", " auto_reply"), 1);
	assert_int_equal(auto_reply("Precedence", " auto-reply"), 1);
	assert_int_equal(auto_reply("Precedence", " Bulk"), 1);
	assert_int_equal(auto_reply("precedence", " bulk"), 1);
	assert_int_equal(auto_reply("Precedence", " list"), 0);
	assert_int_equal(auto_reply("Precedence", " first-class"), 0);
	assert_int_equal(auto_reply("Precedence", " bulky"), 0);
}

static void
test_ordinary_headers_not_auto(void **state)
{
	(void)state;
	assert_int_equal(auto_reply("Subject", " Auto-Submitted: yes"), 0);
	assert_int_equal(auto_reply("X-Auto-Submitted", " yes"), 0);
	assert_int_equal(auto_reply("Content-Type", " text/plain"), 0);
}

static void
test_auto_reply_sticks(void **state)
{
	struct message *msg = message_new(SENDER, BIG);

	(void)state;
	message_header(msg, "Precedence", " bulk", 1);
	message_header(msg, "Auto-Submitted", " no", 1);
	assert_int_equal(msg->auto_reply, 1);
	message_free(msg);
}

static void
test_bounce_null_sender(void **state)
{
	struct message *msg;

	(void)state;
	msg = message_new("<>", BIG);
	assert_int_equal(msg->bounce, 1);
	assert_int_equal(msg->auto_reply, 0);
	message_free(msg);
	msg = message_new("", BIG);
	assert_int_equal(msg->bounce, 1);
	message_free(msg);
	msg = message_new(NULL, BIG);
	assert_int_equal(msg->bounce, 1);
	assert_string_equal(msg->envfrom, "");
	message_free(msg);
	msg = message_new(SENDER, BIG);
	assert_int_equal(msg->bounce, 0);
	assert_string_equal(msg->envfrom, SENDER);
	message_free(msg);
}

static int
bounce(const char *ctype)
{
	struct message *msg = message_new(SENDER, BIG);
	int r;

	message_header(msg, "Content-Type", ctype, 1);
	r = msg->bounce;
	message_free(msg);
	return r;
}

static void
test_bounce_dsn(void **state)
{
	(void)state;
	assert_int_equal(
	    bounce(" multipart/report; report-type=delivery-status"), 1);
	assert_int_equal(bounce(" Multipart/Report;\n\treport-type=delivery-"
				"status; boundary=\"x\""),
			 1);
	assert_int_equal(
	    bounce(" multipart/report;report-type=delivery-status"), 1);
	assert_int_equal(bounce(" multipart/mixed; boundary=\"report\""), 0);
	assert_int_equal(bounce(" text/plain; charset=utf-8"), 0);
}

static void
test_first_occurrence_kept(void **state)
{
	struct message *msg = message_new(SENDER, BIG);

	(void)state;
	message_header(msg, "From", " first@example.org", 1);
	message_header(msg, "Subject", " first subject", 1);
	message_header(msg, "Message-ID", " <first@example.org>", 1);
	message_header(msg, "from", " second@example.org", 1);
	message_header(msg, "SUBJECT", " second subject", 1);
	message_header(msg, "Message-Id", " <second@example.org>", 1);
	assert_string_equal(msg->from, "first@example.org");
	assert_string_equal(msg->subject, "first subject");
	assert_string_equal(msg->message_id, "<first@example.org>");
	message_free(msg);
}

static void
test_unfolded_and_trimmed(void **state)
{
	struct message *msg = message_new(SENDER, BIG);

	(void)state;
	message_header(msg, "From", " \"Alice\n\t Example\" <a@example.org>  ",
		       1);
	message_header(msg, "Subject", "\t  many   spaces\r\n inside\t", 1);
	assert_string_equal(msg->from, "\"Alice Example\" <a@example.org>");
	assert_string_equal(msg->subject, "many spaces inside");
	message_free(msg);
}

static void
test_missing_headers(void **state)
{
	struct message *msg = message_new(SENDER, BIG);

	(void)state;
	message_header(msg, "To", " x@example.org", 1);
	message_eoh(msg);
	assert_null(msg->from);
	assert_null(msg->subject);
	assert_null(msg->message_id);
	message_free(msg);
}

static void
test_empty_subject(void **state)
{
	struct message *msg = message_new(SENDER, BIG);

	(void)state;
	message_header(msg, "Subject", "", 1);
	message_header(msg, "Subject", " later", 1);
	assert_non_null(msg->subject);
	assert_string_equal(msg->subject, "");
	message_free(msg);
}

static void
test_invalid_utf8_sanitized(void **state)
{
	struct message *msg = message_new(SENDER, BIG);

	(void)state;
	message_header(msg, "Subject", " Re: r\xe9sum\xe9", 1);
	message_header(msg, "From", " J\xc3\xbcrgen <j@example.de>", 1);
	message_header(msg, "Message-ID", " <\xff@x>", 1);
	assert_string_equal(msg->subject, "Re: r\xef\xbf\xbdsum\xef\xbf\xbd");
	assert_string_equal(msg->from, "J\xc3\xbcrgen <j@example.de>");
	assert_string_equal(msg->message_id, "<\xef\xbf\xbd@x>");
	/* The raw copy keeps the original bytes. */
	assert_non_null(memmem(msg->raw.data, msg->raw.len, "r\xe9sum\xe9", 6));
	message_free(msg);
}

static void
test_our_headers_counted(void **state)
{
	struct message *msg = message_new(SENDER, BIG);

	(void)state;
	message_header(msg, "X-PostReply-Customer", " 42", 1);
	message_header(msg, "x-postreply-customer", " 43", 1);
	message_header(msg, "X-PostReply-Conversation", " 7", 1);
	message_header(msg, "X-PostReply-Other", " 1", 1);
	assert_int_equal(msg->our_headers[0], 2);
	assert_int_equal(msg->our_headers[1], 1);
	message_free(msg);
}

static void
test_rcpts_and_queue_id(void **state)
{
	struct message *msg = message_new(SENDER, BIG);
	struct tokendb_info info = {0};
	struct message_rcpt *r;

	(void)state;
	message_set_queue_id(msg, "4ABC123");
	message_set_queue_id(msg, "");
	message_set_queue_id(msg, NULL);
	assert_string_equal(msg->queue_id, "4ABC123");
	info.account_id = 3;
	info.forward_to = strdup("owner@example.org");
	info.customer_email = strdup("alice@example.org");
	r = message_add_rcpt(msg, "<reply+abcdefghijklmnop@r.test.org>",
			     "abcdefghijklmnop", &info);
	assert_null(info.forward_to);
	assert_null(info.customer_email);
	assert_string_equal(r->token, "abcdefghijklmnop");
	assert_string_equal(r->info.forward_to, "owner@example.org");
	assert_int_equal(r->info.account_id, 3);
	r = message_add_rcpt(msg, "<reply+qrstuvwxyz234567@r.test.org>",
			     "qrstuvwxyz234567", &info);
	assert_int_equal(msg->nrcpts, 2);
	assert_string_equal(msg->rcpts[0].addr,
			    "<reply+abcdefghijklmnop@r.test.org>");
	assert_string_equal(msg->rcpts[1].token, "qrstuvwxyz234567");
	message_free(msg);
}

/* What cannot go into the database is said, not passed on. */
static void
test_envelope_bytes_checked(void **state)
{
	struct message *msg;

	(void)state;
	msg = message_new(SENDER, BIG);
	assert_null(msg->envfrom_bad);
	message_set_queue_id(msg, "4AB\x1b[2J");
	assert_null(msg->queue_id);
	message_set_queue_id(msg, "4ABCDE");
	assert_string_equal(msg->queue_id, "4ABCDE");
	message_free(msg);
	msg = message_new("<\xba"
			  "carl@example.net>",
			  BIG);
	assert_string_equal(msg->envfrom_bad,
			    "byte 0xBA at offset 1 is not UTF-8");
	message_free(msg);
	msg = message_new("<carl\r\n@example.net>", BIG);
	assert_string_equal(msg->envfrom_bad,
			    "control character U+000D at offset 5");
	message_free(msg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_raw_folded_leadspc),
	    cmocka_unit_test(test_raw_no_leadspc),
	    cmocka_unit_test(test_raw_leadspc_exact),
	    cmocka_unit_test(test_raw_whole_message),
	    cmocka_unit_test(test_raw_exact_limit),
	    cmocka_unit_test(test_raw_one_under_limit),
	    cmocka_unit_test(test_raw_crlf_in_value_kept),
	    cmocka_unit_test(test_body_binary),
	    cmocka_unit_test(test_truncation),
	    cmocka_unit_test(test_truncation_in_headers),
	    cmocka_unit_test(test_auto_submitted),
	    cmocka_unit_test(test_x_autoreply),
	    cmocka_unit_test(test_precedence),
	    cmocka_unit_test(test_ordinary_headers_not_auto),
	    cmocka_unit_test(test_auto_reply_sticks),
	    cmocka_unit_test(test_bounce_null_sender),
	    cmocka_unit_test(test_bounce_dsn),
	    cmocka_unit_test(test_first_occurrence_kept),
	    cmocka_unit_test(test_unfolded_and_trimmed),
	    cmocka_unit_test(test_missing_headers),
	    cmocka_unit_test(test_empty_subject),
	    cmocka_unit_test(test_invalid_utf8_sanitized),
	    cmocka_unit_test(test_our_headers_counted),
	    cmocka_unit_test(test_rcpts_and_queue_id),
	    cmocka_unit_test(test_envelope_bytes_checked),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
