/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for core/replyaddr.c: which addresses are ours, the token that
 * comes out of them, building reply addresses from the configuration, and
 * the plausibility check for forward-to addresses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "replyaddr.h"

#define TOK "abcdefghijklmnop"
#define DOMAIN "reply.example.com"

static char token[TOKEN_LEN + 1];

static enum replyaddr_kind
parse(const char *addr)
{
	memset(token, 0, sizeof(token));
	return replyaddr_parse_with(addr, "reply", '+', DOMAIN, token);
}

static void
test_token_address(void **state)
{
	(void)state;
	assert_int_equal(parse("<reply+" TOK "@" DOMAIN ">"), REPLYADDR_TOKEN);
	assert_string_equal(token, TOK);
	assert_int_equal(parse("<reply+qrstuvwxyz234567@" DOMAIN ">"),
			 REPLYADDR_TOKEN);
	assert_string_equal(token, "qrstuvwxyz234567");
}

static void
test_without_brackets(void **state)
{
	(void)state;
	assert_int_equal(parse("reply+" TOK "@" DOMAIN), REPLYADDR_TOKEN);
	assert_string_equal(token, TOK);
}

static void
test_case_insensitive(void **state)
{
	(void)state;
	assert_int_equal(parse("<REPLY+ABCDEFGHIJKLMNOP@REPLY.EXAMPLE.COM>"),
			 REPLYADDR_TOKEN);
	assert_string_equal(token, TOK);
	assert_int_equal(parse("Reply+AbCdEfGhIjKlMnOp@Reply.Example.Com"),
			 REPLYADDR_TOKEN);
	assert_string_equal(token, TOK);
}

static void
test_other_domains(void **state)
{
	(void)state;
	assert_int_equal(parse("<reply+" TOK "@example.com>"), REPLYADDR_NONE);
	assert_int_equal(parse("<reply+" TOK "@x." DOMAIN ">"), REPLYADDR_NONE);
	assert_int_equal(parse("<reply+" TOK "@" DOMAIN ".evil>"),
			 REPLYADDR_NONE);
	assert_int_equal(parse("<reply+" TOK "@" DOMAIN "x>"), REPLYADDR_NONE);
	assert_int_equal(parse("<reply+" TOK "@eply.example.com>"),
			 REPLYADDR_NONE);
	assert_int_equal(parse("<reply+" TOK "@>"), REPLYADDR_NONE);
	assert_int_equal(parse("<reply+" TOK ">"), REPLYADDR_NONE);
	assert_int_equal(parse("<reply+" TOK "@" DOMAIN "@evil.com>"),
			 REPLYADDR_NONE);
}

static void
test_not_our_local_part(void **state)
{
	(void)state;
	assert_int_equal(parse("<reply@" DOMAIN ">"), REPLYADDR_NONE);
	assert_int_equal(parse("<postmaster@" DOMAIN ">"), REPLYADDR_NONE);
	assert_int_equal(parse("<replyx+" TOK "@" DOMAIN ">"), REPLYADDR_NONE);
	assert_int_equal(parse("<rep+" TOK "@" DOMAIN ">"), REPLYADDR_NONE);
	assert_int_equal(parse("<xreply+" TOK "@" DOMAIN ">"), REPLYADDR_NONE);
	assert_int_equal(parse("<reply-" TOK "@" DOMAIN ">"), REPLYADDR_NONE);
	assert_int_equal(parse("<@" DOMAIN ">"), REPLYADDR_NONE);
	assert_int_equal(parse("<>"), REPLYADDR_NONE);
	assert_int_equal(parse(""), REPLYADDR_NONE);
}

static void
test_malformed_token(void **state)
{
	(void)state;
	assert_int_equal(parse("<reply+short@" DOMAIN ">"),
			 REPLYADDR_MALFORMED);
	assert_int_equal(parse("<reply+@" DOMAIN ">"), REPLYADDR_MALFORMED);
	assert_int_equal(parse("<reply+" TOK "1@" DOMAIN ">"),
			 REPLYADDR_MALFORMED);
	/* Right length, but 1 is not a base32 character. */
	assert_int_equal(parse("<reply+abcdefghijklmno1@" DOMAIN ">"),
			 REPLYADDR_MALFORMED);
	assert_int_equal(parse("<reply+abcdefghijklmno0@" DOMAIN ">"),
			 REPLYADDR_MALFORMED);
	assert_int_equal(parse("<reply+" TOK "+x@" DOMAIN ">"),
			 REPLYADDR_MALFORMED);
	assert_int_equal(parse("<reply++" TOK "@" DOMAIN ">"),
			 REPLYADDR_MALFORMED);
}

static void
test_other_prefix_and_delimiter(void **state)
{
	(void)state;
	assert_int_equal(replyaddr_parse_with("<answers-" TOK "@r.test.org>",
					      "answers", '-', "r.test.org",
					      token),
			 REPLYADDR_TOKEN);
	assert_string_equal(token, TOK);
	assert_int_equal(replyaddr_parse_with("<answers+" TOK "@r.test.org>",
					      "answers", '-', "r.test.org",
					      token),
			 REPLYADDR_NONE);
	assert_int_equal(replyaddr_parse_with("<reply-" TOK "@r.test.org>",
					      "answers", '-', "r.test.org",
					      token),
			 REPLYADDR_NONE);
	assert_int_equal(replyaddr_parse_with("<answers-bad@r.test.org>",
					      "answers", '-', "r.test.org",
					      token),
			 REPLYADDR_MALFORMED);
}

static void
load_conf(const char *text)
{
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	char err[256];

	assert_non_null(fp);
	if (conf_load_stream(fp, "test.conf", err, sizeof(err)) != 0)
		fail_msg("%s", err);
	fclose(fp);
}

static void
test_format_roundtrip(void **state)
{
	char *addr, *bracketed;

	(void)state;
	load_conf("reply_domain = r.test.org\n"
		  "reply_prefix = answers\n"
		  "recipient_delimiter = -\n");
	addr = replyaddr_format(TOK);
	assert_string_equal(addr, "answers-" TOK "@r.test.org");
	assert_int_equal(replyaddr_parse(addr, token), REPLYADDR_TOKEN);
	assert_string_equal(token, TOK);
	bracketed = malloc(strlen(addr) + 3);
	assert_non_null(bracketed);
	sprintf(bracketed, "<%s>", addr);
	assert_int_equal(replyaddr_parse(bracketed, token), REPLYADDR_TOKEN);
	assert_string_equal(token, TOK);
	free(bracketed);
	free(addr);
	/* The parts SQL puts around a token make the same address. */
	{
		char *before, *after;

		replyaddr_around(&before, &after);
		assert_string_equal(before, "answers-");
		assert_string_equal(after, "@r.test.org");
		free(before);
		free(after);
	}

	/* The parser follows the configuration, not the defaults. */
	assert_int_equal(
	    replyaddr_parse("reply+" TOK "@reply.example.com", token),
	    REPLYADDR_NONE);
}

static void
test_format_defaults(void **state)
{
	char tok[TOKEN_LEN + 1];
	char *addr;

	(void)state;
	conf_reset();
	token_generate(tok);
	addr = replyaddr_format(tok);
	assert_int_equal(strlen(addr),
			 strlen("reply+@reply.example.com") + TOKEN_LEN);
	assert_int_equal(replyaddr_parse(addr, token), REPLYADDR_TOKEN);
	assert_string_equal(token, tok);
	free(addr);
}

static void
test_unbracket(void **state)
{
	char *s;

	(void)state;
	s = replyaddr_unbracket("<a@b.c>");
	assert_string_equal(s, "a@b.c");
	free(s);
	s = replyaddr_unbracket("a@b.c");
	assert_string_equal(s, "a@b.c");
	free(s);
	s = replyaddr_unbracket("<>");
	assert_string_equal(s, "");
	free(s);
	s = replyaddr_unbracket("<");
	assert_string_equal(s, "<");
	free(s);
}

static void
test_plausible(void **state)
{
	(void)state;
	assert_true(replyaddr_plausible("a@b.c"));
	assert_true(replyaddr_plausible("first.last+tag@mail.example.com"));
	assert_true(replyaddr_plausible("a@b"));
}

static void
test_implausible(void **state)
{
	char longaddr[300];

	(void)state;
	assert_false(replyaddr_plausible(""));
	assert_false(replyaddr_plausible("a"));
	assert_false(replyaddr_plausible("@b"));
	assert_false(replyaddr_plausible("a@"));
	assert_false(replyaddr_plausible("a b@c"));
	assert_false(replyaddr_plausible("a@b c"));
	assert_false(replyaddr_plausible("a\t@b"));
	assert_false(replyaddr_plausible("a@b@c"));
	assert_false(replyaddr_plausible("a@@b"));
	assert_false(replyaddr_plausible("a@.b"));
	assert_false(replyaddr_plausible("a@b."));
	assert_false(replyaddr_plausible("<a@b>"));
	assert_false(replyaddr_plausible("a@b>"));
	assert_false(replyaddr_plausible("a,b@c"));
	assert_false(replyaddr_plausible("\"a\"@b"));
	assert_false(replyaddr_plausible("a@b\r\nBcc: x@y"));
	assert_false(replyaddr_plausible("a\xc3\xa9@b"));
	memset(longaddr, 'a', sizeof(longaddr));
	memcpy(longaddr + 250, "@b.cd", 6);
	assert_false(replyaddr_plausible(longaddr));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_token_address),
	    cmocka_unit_test(test_without_brackets),
	    cmocka_unit_test(test_case_insensitive),
	    cmocka_unit_test(test_other_domains),
	    cmocka_unit_test(test_not_our_local_part),
	    cmocka_unit_test(test_malformed_token),
	    cmocka_unit_test(test_other_prefix_and_delimiter),
	    cmocka_unit_test(test_format_roundtrip),
	    cmocka_unit_test(test_format_defaults),
	    cmocka_unit_test(test_unbracket),
	    cmocka_unit_test(test_plausible),
	    cmocka_unit_test(test_implausible),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
