/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for policyd/request.c, fed line by line as policyd's reader
 * feeds it: a Postfix policy delegation request (SMTPD_POLICY_README) is
 * "name=value" lines ended by an empty line. Checks the lookups and every
 * refusal with its reason, including the limits at and just past their
 * edge.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../policyd/request.h"

/* A request as Postfix 3.8 sends it, in the order of SMTPD_POLICY_README. */
static const char *const postfix_request[] = {
    "request=smtpd_access_policy",
    "protocol_state=RCPT",
    "protocol_name=ESMTP",
    "helo_name=mail.example.org",
    "queue_id=8045F2AB23",
    "sender=alice@example.org",
    "recipient=reply+abcdefghijklmnop@reply.example.com",
    "recipient_count=0",
    "client_address=192.0.2.10",
    "client_name=mail.example.org",
    "reverse_client_name=mail.example.org",
    "instance=123.456.7",
    "sasl_method=",
    "sasl_username=",
    "sasl_sender=",
    "size=12345",
    "ccert_subject=",
    "ccert_issuer=",
    "ccert_fingerprint=",
    "ccert_pubkey_fingerprint=",
    "encryption_protocol=TLSv1.3",
    "encryption_cipher=TLS_AES_256_GCM_SHA384",
    "encryption_keysize=256",
    "etrn_domain=",
    "stress=",
    "client_port=41234",
    "policy_context=",
    "server_address=198.51.100.1",
    "server_port=25",
    "compatibility_level=3.6",
    "mail_version=3.8.0",
};

#define NPOSTFIX ((int)(sizeof(postfix_request) / sizeof(postfix_request[0])))

static const char *why;

/* Feed one line given as a C string (no NUL inside). */
static enum request_status
line(struct request *req, const char *s)
{
	why = NULL;
	return request_line(req, s, strlen(s), &why);
}

static void
line_ok(struct request *req, const char *s)
{
	enum request_status st = line(req, s);

	if (st != REQUEST_MORE)
		fail_msg("\"%.60s\" refused (%s)", s, why ? why : "no reason");
}

/* s (len bytes) must be refused with exactly the reason want. */
static void
line_bad(struct request *req, const char *s, size_t len, const char *want)
{
	why = NULL;
	if (request_line(req, s, len, &why) != REQUEST_ERROR)
		fail_msg("\"%.60s\" accepted", s);
	assert_non_null(why);
	assert_string_equal(why, want);
}

/* A line of len bytes: "n=" then 'v' up to len. */
static char *
long_line(size_t len)
{
	char *s = malloc(len + 1);

	assert_non_null(s);
	assert_true(len >= 2);
	s[0] = 'n';
	s[1] = '=';
	memset(s + 2, 'v', len - 2);
	s[len] = 0;
	return s;
}

static void
feed_postfix(struct request *req)
{
	int i;

	for (i = 0; i < NPOSTFIX; i++)
		line_ok(req, postfix_request[i]);
	assert_int_equal(req->nattrs, NPOSTFIX);
	assert_int_equal(line(req, ""), REQUEST_DONE);
}

static void
test_postfix_request(void **state)
{
	struct request req;
	size_t size = 0;
	int i;

	(void)state;
	request_init(&req);
	for (i = 0; i < NPOSTFIX; i++) {
		assert_int_equal(line(&req, postfix_request[i]), REQUEST_MORE);
		assert_int_equal(req.nattrs, i + 1);
		size += strlen(postfix_request[i]) + 1;
	}
	assert_int_equal(req.size, size);
	assert_int_equal(line(&req, ""), REQUEST_DONE);
	assert_int_equal(req.nattrs, NPOSTFIX);

	assert_string_equal(request_get(&req, "request"),
			    "smtpd_access_policy");
	assert_string_equal(request_get(&req, "protocol_state"), "RCPT");
	assert_string_equal(request_get(&req, "recipient"),
			    "reply+abcdefghijklmnop@reply.example.com");
	assert_string_equal(request_get(&req, "client_address"), "192.0.2.10");
	assert_string_equal(request_get(&req, "queue_id"), "8045F2AB23");
	assert_string_equal(request_get(&req, "mail_version"), "3.8.0");
	assert_string_equal(request_get(&req, "sasl_sender"), "");
	assert_string_equal(request_get(&req, "stress"), "");
	assert_null(request_get(&req, "no_such_attribute"));
	assert_null(request_get(&req, ""));
	/* Every name maps back to its own value. */
	for (i = 0; i < NPOSTFIX; i++) {
		const char *eq = strchr(postfix_request[i], '=');

		assert_int_equal(strlen(req.names[i]),
				 (size_t)(eq - postfix_request[i]));
		assert_memory_equal(req.names[i], postfix_request[i],
				    strlen(req.names[i]));
		assert_string_equal(req.values[i], eq + 1);
	}
	request_reset(&req);
}

static void
test_first_occurrence_wins(void **state)
{
	struct request req;

	(void)state;
	request_init(&req);
	line_ok(&req, "recipient=first@example.org");
	line_ok(&req, "sender=");
	line_ok(&req, "recipient=second@example.org");
	line_ok(&req, "sender=late@example.org");
	assert_int_equal(line(&req, ""), REQUEST_DONE);
	assert_int_equal(req.nattrs, 4);
	assert_string_equal(request_get(&req, "recipient"),
			    "first@example.org");
	/* An empty first value still wins over a later non-empty one. */
	assert_string_equal(request_get(&req, "sender"), "");
	request_reset(&req);
}

static void
test_value_with_equals(void **state)
{
	struct request req;

	(void)state;
	request_init(&req);
	line_ok(&req, "a=b=c");
	line_ok(&req, "x==");
	line_ok(&req, "ccert_issuer=CN=Example CA,O=Example");
	line_ok(&req, "empty=");
	assert_int_equal(line(&req, ""), REQUEST_DONE);
	assert_string_equal(request_get(&req, "a"), "b=c");
	assert_string_equal(request_get(&req, "x"), "=");
	assert_string_equal(request_get(&req, "ccert_issuer"),
			    "CN=Example CA,O=Example");
	assert_string_equal(request_get(&req, "empty"), "");
	assert_null(request_get(&req, "a=b"));
	request_reset(&req);
}

static void
test_name_lookup_exact(void **state)
{
	struct request req;

	(void)state;
	request_init(&req);
	line_ok(&req, "recipient=r@example.org");
	line_ok(&req, "name with space =v");
	assert_int_equal(line(&req, ""), REQUEST_DONE);
	assert_string_equal(request_get(&req, "recipient"), "r@example.org");
	assert_null(request_get(&req, "Recipient"));
	assert_null(request_get(&req, "RECIPIENT"));
	assert_null(request_get(&req, "recip"));
	assert_null(request_get(&req, "recipients"));
	assert_null(request_get(&req, "recipient "));
	assert_null(request_get(&req, " recipient"));
	/* Names are taken as sent, spaces and all. */
	assert_string_equal(request_get(&req, "name with space "), "v");
	assert_null(request_get(&req, "name with space"));
	request_reset(&req);
}

/* The header says a trailing CR is not special: it stays in the value. */
static void
test_trailing_cr_kept(void **state)
{
	struct request req;

	(void)state;
	request_init(&req);
	line_ok(&req, "protocol_state=RCPT\r");
	assert_string_equal(request_get(&req, "protocol_state"), "RCPT\r");
	request_reset(&req);
}

static void
test_utf8_accepted(void **state)
{
	struct request req;

	(void)state;
	request_init(&req);
	line_ok(&req, "sender=j\xc3\xbcrgen@b\xc3\xbc"
		      "cher.example");
	line_ok(&req, "helo_name=\xe2\x82\xac\xf0\x9f\x93\xa7");
	assert_string_equal(request_get(&req, "sender"),
			    "j\xc3\xbcrgen@b\xc3\xbc"
			    "cher.example");
	request_reset(&req);
}

static void
test_reset_allows_reuse(void **state)
{
	struct request req;

	(void)state;
	request_init(&req);
	feed_postfix(&req);
	request_reset(&req);
	assert_int_equal(req.nattrs, 0);
	assert_int_equal(req.size, 0);
	assert_null(request_get(&req, "request"));
	/* After a reset an empty line is ignored again, not DONE. */
	assert_int_equal(line(&req, ""), REQUEST_MORE);

	line_ok(&req, "request=smtpd_access_policy");
	line_ok(&req, "recipient=other@example.org");
	assert_int_equal(line(&req, ""), REQUEST_DONE);
	assert_int_equal(req.nattrs, 2);
	assert_string_equal(request_get(&req, "recipient"),
			    "other@example.org");
	assert_null(request_get(&req, "client_address"));
	request_reset(&req);

	/* The same struct takes a full request again, and after an error. */
	feed_postfix(&req);
	request_reset(&req);
	line_bad(&req, "junk", 4, "expected name=value");
	request_reset(&req);
	feed_postfix(&req);
	request_reset(&req);
	/* Resetting an empty request is harmless. */
	request_reset(&req);
	assert_int_equal(req.nattrs, 0);
}

static void
test_leading_empty_lines_ignored(void **state)
{
	struct request req;

	(void)state;
	request_init(&req);
	assert_int_equal(line(&req, ""), REQUEST_MORE);
	assert_int_equal(line(&req, ""), REQUEST_MORE);
	assert_int_equal(req.nattrs, 0);
	assert_int_equal(req.size, 0);
	line_ok(&req, "request=smtpd_access_policy");
	assert_int_equal(line(&req, ""), REQUEST_DONE);
	assert_int_equal(req.nattrs, 1);
	request_reset(&req);
}

static void
test_no_equals(void **state)
{
	struct request req;

	(void)state;
	request_init(&req);
	line_bad(&req, "request", 7, "expected name=value");
	request_reset(&req);
	/* Also after good lines, and for a line of spaces. */
	line_ok(&req, "request=smtpd_access_policy");
	line_bad(&req, "   ", 3, "expected name=value");
	request_reset(&req);
	/* The '=' must be within len, not just somewhere in memory. */
	line_bad(&req, "name=value", 4, "expected name=value");
	request_reset(&req);
}

static void
test_empty_name(void **state)
{
	struct request req;

	(void)state;
	request_init(&req);
	line_bad(&req, "=x", 2, "expected name=value");
	request_reset(&req);
	line_bad(&req, "=", 1, "expected name=value");
	request_reset(&req);
	line_ok(&req, "a=b");
	line_bad(&req, "==", 2, "expected name=value");
	assert_int_equal(req.nattrs, 1);
	request_reset(&req);
}

static void
test_not_utf8(void **state)
{
	static const char *const bad[] = {
	    "sender=\xff",             /* never valid */
	    "sender=caf\xe9",          /* Latin-1 */
	    "sender=\xc0\xaf",         /* overlong '/' */
	    "sender=\xed\xa0\x80",     /* surrogate */
	    "sender=\xf4\x90\x80\x80", /* above U+10FFFF */
	    "sender=\xe2\x82",         /* cut short at the end */
	    "sender=\x80",             /* lone continuation */
	    "s\xe9nder=x",             /* in the name */
	};
	struct request req;
	size_t i;

	(void)state;
	request_init(&req);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		line_bad(&req, bad[i], strlen(bad[i]), "not UTF-8 text");
		assert_int_equal(req.nattrs, 0);
		request_reset(&req);
	}
}

static void
test_nul_inside_line(void **state)
{
	static const char nul_value[] = "sender=a\0b@example.org";
	static const char nul_name[] = "sen\0der=x";
	static const char nul_end[] = "sender=x\0";
	struct request req;

	(void)state;
	request_init(&req);
	line_bad(&req, nul_value, sizeof(nul_value) - 1, "not UTF-8 text");
	request_reset(&req);
	line_bad(&req, nul_name, sizeof(nul_name) - 1, "not UTF-8 text");
	request_reset(&req);
	line_bad(&req, nul_end, sizeof(nul_end) - 1, "not UTF-8 text");
	assert_int_equal(req.nattrs, 0);
	request_reset(&req);
}

static void
test_line_max_accepted(void **state)
{
	struct request req;
	char *s = long_line(REQUEST_MAX_LINE);

	(void)state;
	request_init(&req);
	line_ok(&req, s);
	assert_int_equal(strlen(request_get(&req, "n")), REQUEST_MAX_LINE - 2);
	assert_int_equal(req.size, REQUEST_MAX_LINE + 1);
	assert_int_equal(line(&req, ""), REQUEST_DONE);
	request_reset(&req);
	free(s);
}

static void
test_line_too_long(void **state)
{
	struct request req;
	char *s = long_line(REQUEST_MAX_LINE + 1);
	char *t = long_line(3 * REQUEST_MAX_LINE);

	(void)state;
	request_init(&req);
	line_bad(&req, s, strlen(s), "line too long");
	request_reset(&req);
	line_ok(&req, "request=smtpd_access_policy");
	line_bad(&req, t, strlen(t), "line too long");
	assert_int_equal(req.nattrs, 1);
	request_reset(&req);
	free(s);
	free(t);
}

static void
test_max_attrs(void **state)
{
	struct request req;
	char s[32];
	int i;

	(void)state;
	request_init(&req);
	for (i = 0; i < REQUEST_MAX_ATTRS; i++) {
		snprintf(s, sizeof(s), "attr%d=%d", i, i);
		line_ok(&req, s);
	}
	assert_int_equal(req.nattrs, REQUEST_MAX_ATTRS);
	assert_int_equal(line(&req, ""), REQUEST_DONE);
	snprintf(s, sizeof(s), "%d", REQUEST_MAX_ATTRS - 1);
	assert_string_equal(request_get(&req, "attr63"), s);
	request_reset(&req);
}

static void
test_too_many_attrs(void **state)
{
	struct request req;
	char s[32];
	int i;

	(void)state;
	request_init(&req);
	for (i = 0; i < REQUEST_MAX_ATTRS; i++) {
		snprintf(s, sizeof(s), "attr%d=%d", i, i);
		line_ok(&req, s);
	}
	line_bad(&req, "one=more", 8, "too many attributes");
	assert_int_equal(req.nattrs, REQUEST_MAX_ATTRS);
	/* Repeats are attributes too. */
	request_reset(&req);
	for (i = 0; i < REQUEST_MAX_ATTRS; i++)
		line_ok(&req, "a=b");
	line_bad(&req, "a=b", 3, "too many attributes");
	request_reset(&req);
}

/* Each line counts its length plus its newline; the empty line is free. */
static void
test_size_at_limit_accepted(void **state)
{
	struct request req;
	size_t len = REQUEST_MAX_SIZE / 8 - 1;
	char *s = long_line(len);
	int i;

	(void)state;
	assert_true(len <= REQUEST_MAX_LINE);
	request_init(&req);
	for (i = 0; i < 8; i++)
		line_ok(&req, s);
	assert_int_equal(req.size, REQUEST_MAX_SIZE);
	assert_int_equal(line(&req, ""), REQUEST_DONE);
	request_reset(&req);
	free(s);
}

static void
test_too_large(void **state)
{
	struct request req;
	size_t len = REQUEST_MAX_SIZE / 8 - 1;
	char *s = long_line(len);
	char *t = long_line(REQUEST_MAX_LINE);
	int i;

	(void)state;
	request_init(&req);
	for (i = 0; i < 8; i++)
		line_ok(&req, s);
	/* One byte more than the limit: "a=" and its newline is 3. */
	line_bad(&req, "a=", 2, "request too large");
	assert_int_equal(req.nattrs, 8);
	request_reset(&req);

	/* Lines at the line limit: the eighth goes over. */
	for (i = 0; i < REQUEST_MAX_SIZE / (REQUEST_MAX_LINE + 1); i++)
		line_ok(&req, t);
	line_bad(&req, t, REQUEST_MAX_LINE, "request too large");
	request_reset(&req);
	free(s);
	free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_postfix_request),
	    cmocka_unit_test(test_first_occurrence_wins),
	    cmocka_unit_test(test_value_with_equals),
	    cmocka_unit_test(test_name_lookup_exact),
	    cmocka_unit_test(test_trailing_cr_kept),
	    cmocka_unit_test(test_utf8_accepted),
	    cmocka_unit_test(test_reset_allows_reuse),
	    cmocka_unit_test(test_leading_empty_lines_ignored),
	    cmocka_unit_test(test_no_equals),
	    cmocka_unit_test(test_empty_name),
	    cmocka_unit_test(test_not_utf8),
	    cmocka_unit_test(test_nul_inside_line),
	    cmocka_unit_test(test_line_max_accepted),
	    cmocka_unit_test(test_line_too_long),
	    cmocka_unit_test(test_max_attrs),
	    cmocka_unit_test(test_too_many_attrs),
	    cmocka_unit_test(test_size_at_limit_accepted),
	    cmocka_unit_test(test_too_large),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
