/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for ctl/token.c: generated tokens, the base32 encoding
 * (RFC 4648 section 10, lower case, no padding) and token_valid.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "token.h"

#define NTOKENS 2000

static int
is_base32(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7');
}

static void
test_generate_shape(void **state)
{
	char tok[TOKEN_LEN + 8];
	int i, j;

	(void)state;
	for (i = 0; i < 100; i++) {
		memset(tok, 'X', sizeof(tok));
		token_generate(tok);
		assert_int_equal(strlen(tok), TOKEN_LEN);
		assert_int_equal(TOKEN_LEN, 16);
		for (j = 0; j < TOKEN_LEN; j++)
			if (!is_base32((unsigned char)tok[j]))
				fail_msg("bad character in token %s", tok);
		assert_true(token_valid(tok, strlen(tok)));
		/* Nothing written past the terminating NUL. */
		assert_int_equal(tok[TOKEN_LEN + 1], 'X');
	}
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void
test_generate_distinct(void **state)
{
	static char toks[NTOKENS][TOKEN_LEN + 1];
	int seen[32] = {0};
	int i, j, distinct = 0;

	(void)state;
	for (i = 0; i < NTOKENS; i++)
		token_generate(toks[i]);
	qsort(toks, NTOKENS, sizeof(toks[0]), cmp);
	for (i = 1; i < NTOKENS; i++)
		if (strcmp(toks[i - 1], toks[i]) == 0)
			fail_msg("duplicate token %s", toks[i]);
	/* Every base32 character turns up somewhere: the bits are used. */
	for (i = 0; i < NTOKENS; i++)
		for (j = 0; j < TOKEN_LEN; j++) {
			int c = toks[i][j];

			seen[c >= 'a' ? c - 'a' : c - '2' + 26] = 1;
		}
	for (i = 0; i < 32; i++)
		distinct += seen[i];
	assert_int_equal(distinct, 32);
}

static void
check_base32(const char *in, const char *want)
{
	char out[64];

	memset(out, 'X', sizeof(out));
	token_base32((const unsigned char *)in, strlen(in), out);
	assert_string_equal(out, want);
}

/* RFC 4648 section 10, for inputs whose bit count is a multiple of 5. */
static void
test_base32_rfc4648(void **state)
{
	(void)state;
	check_base32("", "");
	check_base32("fooba", "mzxw6ytb");
	check_base32("foobarbazq", "mzxw6ytbojrgc6tr");
}

/* The other RFC vectors, without the padding. */
static void
test_base32_rfc4648_unpadded(void **state)
{
	(void)state;
	check_base32("f", "my");
	check_base32("fo", "mzxq");
	check_base32("foo", "mzxw6");
	check_base32("foob", "mzxw6yq");
	check_base32("foobar", "mzxw6ytboi");
}

static void
test_base32_all_bits(void **state)
{
	static const unsigned char ones[5] = {0xff, 0xff, 0xff, 0xff, 0xff};
	static const unsigned char zeros[5] = {0};
	/* 00000 00001 00010 ... : the alphabet in order. */
	static const unsigned char seq[5] = {0x00, 0x44, 0x32, 0x14, 0xc7};
	static const unsigned char ten[10] = {0xff, 0xff, 0xff, 0xff, 0xff,
					      0xff, 0xff, 0xff, 0xff, 0xff};
	char out[32];

	(void)state;
	token_base32(ones, 5, out);
	assert_string_equal(out, "77777777");
	token_base32(zeros, 5, out);
	assert_string_equal(out, "aaaaaaaa");
	token_base32(seq, 5, out);
	assert_string_equal(out, "abcdefgh");
	token_base32(ten, 10, out);
	assert_string_equal(out, "7777777777777777");
}

static void
test_valid(void **state)
{
	(void)state;
	assert_true(token_valid("abcdefghijklmnop", 16));
	assert_true(token_valid("qrstuvwxyz234567", 16));
	assert_true(token_valid("ABCDEFGHIJKLMNOP", 16));
	assert_true(token_valid("AbCdEfGhIjKlMn27", 16));
	/* len counts, not the NUL: a token inside a longer string. */
	assert_true(token_valid("abcdefghijklmnop@example.com", 16));
}

static void
test_invalid_characters(void **state)
{
	(void)state;
	assert_false(token_valid("abcdefghijklmno0", 16));
	assert_false(token_valid("abcdefghijklmno1", 16));
	assert_false(token_valid("abcdefghijklmno8", 16));
	assert_false(token_valid("9bcdefghijklmnop", 16));
	assert_false(token_valid("abcdefg-ijklmnop", 16));
	assert_false(token_valid("abcdefg ijklmnop", 16));
	assert_false(token_valid("abcdefg=ijklmnop", 16));
	assert_false(token_valid("abcdefg\xe9ijklmnop", 16));
	assert_false(token_valid("abcdefg\0ijklmnop", 16));
}

static void
test_invalid_lengths(void **state)
{
	(void)state;
	assert_false(token_valid("", 0));
	assert_false(token_valid("abcdefghijklmno", 15));
	assert_false(token_valid("abcdefghijklmnopq", 17));
	assert_false(token_valid("abcdefghijklmnopabcdefghijklmnop", 32));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_generate_shape),
	    cmocka_unit_test(test_generate_distinct),
	    cmocka_unit_test(test_base32_rfc4648),
	    cmocka_unit_test(test_base32_rfc4648_unpadded),
	    cmocka_unit_test(test_base32_all_bits),
	    cmocka_unit_test(test_valid),
	    cmocka_unit_test(test_invalid_characters),
	    cmocka_unit_test(test_invalid_lengths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
