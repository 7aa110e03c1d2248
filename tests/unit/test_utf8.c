/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for util/utf8.c: the codec (one code point decoded or
 * encoded, surrogates, overlongs and values above U+10FFFF refused); valid
 * UTF-8 passes unchanged; every byte that
 * is not part of a valid RFC 3629 sequence becomes one U+FFFD, and the
 * result is always valid UTF-8 without NUL bytes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#define R "\xef\xbf\xbd" /* U+FFFD */

/* An independent strict check: RFC 3629 section 4, the syntax. */
static int
valid_utf8(const unsigned char *s, size_t len)
{
	size_t i = 0, n, k;

	while (i < len) {
		unsigned char c = s[i];

		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 2;
		else if (c >= 0xe0 && c <= 0xef)
			n = 3;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 4;
		else
			return 0;
		if (i + n > len)
			return 0;
		if (c == 0xe0 && s[i + 1] < 0xa0)
			return 0;
		if (c == 0xed && s[i + 1] > 0x9f)
			return 0;
		if (c == 0xf0 && s[i + 1] < 0x90)
			return 0;
		if (c == 0xf4 && s[i + 1] > 0x8f)
			return 0;
		for (k = 1; k < n; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
		i += n;
	}
	return 1;
}

static void
check(const char *in, size_t len, const char *want)
{
	char *out = utf8_sanitize(in, len);

	assert_non_null(out);
	assert_string_equal(out, want);
	assert_true(valid_utf8((const unsigned char *)out, strlen(out)));
	free(out);
}

#define CHECK(in, want) check(in, sizeof(in) - 1, want)

static void
test_valid_unchanged(void **state)
{
	(void)state;
	CHECK("", "");
	CHECK("plain ASCII, with punctuation!",
	      "plain ASCII, with punctuation!");
	CHECK("caf\xc3\xa9", "caf\xc3\xa9");                   /* 2 bytes */
	CHECK("\xe2\x82\xac 5", "\xe2\x82\xac 5");             /* 3 bytes */
	CHECK("hi \xf0\x9f\x98\x80!", "hi \xf0\x9f\x98\x80!"); /* emoji */
	CHECK("\xef\xbb\xbf"
	      "bom",
	      "\xef\xbb\xbf"
	      "bom");
	/* The edges of the valid ranges. */
	CHECK("\x7f", "\x7f");
	CHECK("\xc2\x80", "\xc2\x80");
	CHECK("\xdf\xbf", "\xdf\xbf");
	CHECK("\xe0\xa0\x80", "\xe0\xa0\x80");
	CHECK("\xed\x9f\xbf", "\xed\x9f\xbf");         /* U+D7FF */
	CHECK("\xee\x80\x80", "\xee\x80\x80");         /* U+E000 */
	CHECK("\xef\xbf\xbf", "\xef\xbf\xbf");         /* U+FFFF */
	CHECK("\xf0\x90\x80\x80", "\xf0\x90\x80\x80"); /* U+10000 */
	CHECK("\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf"); /* U+10FFFF */
}

static void
test_nul_bytes(void **state)
{
	(void)state;
	CHECK("a\0b", "a" R "b");
	CHECK("\0", R);
	CHECK("\0\0", R R);
}

static void
test_lone_continuation(void **state)
{
	(void)state;
	CHECK("a\x80z", "a" R "z");
	CHECK("\xbf", R);
	CHECK("\x80\x80", R R);
}

static void
test_overlong(void **state)
{
	(void)state;
	CHECK("\xc0\xaf", R R);
	CHECK("\xc1\xbf", R R);
	CHECK("\xe0\x80\xaf", R R R);
	CHECK("\xe0\x9f\xbf", R R R);
	CHECK("\xf0\x80\x80\xaf", R R R R);
	CHECK("\xf0\x8f\xbf\xbf", R R R R);
}

static void
test_surrogates(void **state)
{
	(void)state;
	CHECK("\xed\xa0\x80", R R R);
	CHECK("\xed\xbf\xbf", R R R);
	CHECK("x\xed\xb0\x80y", "x" R R R "y");
}

static void
test_beyond_unicode(void **state)
{
	(void)state;
	CHECK("\xf4\x90\x80\x80", R R R R);
	CHECK("\xf5\x80\x80\x80", R R R R);
	CHECK("\xf7\xbf\xbf\xbf", R R R R);
	CHECK("\xf8\x88\x80\x80\x80", R R R R R);
	CHECK("\xfe\xff", R R);
}

static void
test_truncated(void **state)
{
	(void)state;
	CHECK("abc\xe2\x82", "abc" R R);
	CHECK("abc\xc3", "abc" R);
	CHECK("\xf0\x9f\x98", R R R);
	/* A sequence cut short by the next character, not the end. */
	CHECK("\xe2\x82"
	      "A",
	      R R "A");
	CHECK("\xc3\xc3\xa9", R "\xc3\xa9");
}

static void
test_latin1_header(void **state)
{
	(void)state;
	/* A Subject: in ISO-8859-1, as many old mailers still send it. */
	CHECK("Re: r\xe9sum\xe9 f\xfcr Sie", "Re: r" R "sum" R " f" R "r Sie");
}

static void
test_all_bytes(void **state)
{
	unsigned char in[256];
	char *out;
	int i;

	(void)state;
	for (i = 0; i < 256; i++)
		in[i] = (unsigned char)i;
	out = utf8_sanitize((const char *)in, sizeof(in));
	/* NUL and the 128 bytes >= 0x80 (none of them forms a sequence). */
	assert_int_equal(strlen(out), 127 + 129 * 3);
	assert_true(valid_utf8((const unsigned char *)out, strlen(out)));
	assert_memory_equal(out, R, 3);
	assert_memory_equal(out + 3, in + 1, 127);
	free(out);
}

/* utf8_decode of a whole literal: its length, or 0, and the code point. */
static size_t
dec(const char *s, size_t len, unsigned *cp)
{
	*cp = 0x12345678;
	return utf8_decode(s, len, cp);
}

#define DEC(s, cp) dec(s, sizeof(s) - 1, cp)

static void
test_decode(void **state)
{
	unsigned cp;

	(void)state;
	assert_int_equal(DEC("A", &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(dec("\0", 1, &cp), 1); /* U+0000 is a code point */
	assert_int_equal(cp, 0);
	assert_int_equal(DEC("\xc3\xa9", &cp), 2);
	assert_int_equal(cp, 0xe9);
	assert_int_equal(DEC("\xe2\x82\xac", &cp), 3);
	assert_int_equal(cp, 0x20ac);
	assert_int_equal(DEC("\xf0\x9f\x98\x80", &cp), 4);
	assert_int_equal(cp, 0x1f600);
	assert_int_equal(DEC("\xf4\x8f\xbf\xbf", &cp), 4);
	assert_int_equal(cp, 0x10ffff);
	assert_int_equal(DEC("\xed\x9f\xbf", &cp), 3); /* U+D7FF */
	assert_int_equal(DEC("\xee\x80\x80", &cp), 3); /* U+E000 */
	/* only the first code point counts */
	assert_int_equal(DEC("ab", &cp), 1);
	assert_int_equal(DEC("\xc3\xa9x", &cp), 2);
	/* rejected: nothing is written to cp */
	assert_int_equal(dec("A", 0, &cp), 0);
	assert_int_equal(DEC("\x80", &cp), 0);
	assert_int_equal(DEC("\xc0\x80", &cp), 0);         /* overlong NUL */
	assert_int_equal(DEC("\xc1\xbf", &cp), 0);         /* overlong */
	assert_int_equal(DEC("\xe0\x9f\xbf", &cp), 0);     /* overlong */
	assert_int_equal(DEC("\xf0\x8f\xbf\xbf", &cp), 0); /* overlong */
	assert_int_equal(DEC("\xf4\x90\x80\x80", &cp), 0); /* > U+10FFFF */
	assert_int_equal(DEC("\xf5\x80\x80\x80", &cp), 0);
	assert_int_equal(DEC("\xff", &cp), 0);
	assert_int_equal(DEC("\xe2\x82", &cp), 0); /* cut short */
	assert_int_equal(DEC("\xe2\x82x", &cp), 0);
	assert_int_equal(cp, 0x12345678);
}

/*
 * Surrogates are no UTF-8. reading/words.c's own decoder took
 * "\xed\xa0\x80" for U+D800; it now calls utf8_decode.
 */
static void
test_decode_surrogates(void **state)
{
	unsigned cp;

	(void)state;
	assert_int_equal(DEC("\xed\xa0\x80", &cp), 0); /* U+D800 */
	assert_int_equal(DEC("\xed\xbf\xbf", &cp), 0); /* U+DFFF */
	assert_int_equal(DEC("\xed\xb0\x80", &cp), 0); /* U+DC00 */
}

static void
test_encode(void **state)
{
	char u[UTF8_MAX];

	(void)state;
	assert_int_equal(utf8_encode('A', u), 1);
	assert_memory_equal(u, "A", 1);
	assert_int_equal(utf8_encode(0x7f, u), 1);
	assert_int_equal(utf8_encode(0x80, u), 2);
	assert_memory_equal(u, "\xc2\x80", 2);
	assert_int_equal(utf8_encode(0x7ff, u), 2);
	assert_int_equal(utf8_encode(0x800, u), 3);
	assert_memory_equal(u, "\xe0\xa0\x80", 3);
	assert_int_equal(utf8_encode(0xffff, u), 3);
	assert_int_equal(utf8_encode(0x10000, u), 4);
	assert_memory_equal(u, "\xf0\x90\x80\x80", 4);
	assert_int_equal(utf8_encode(0x10ffff, u), 4);
	assert_memory_equal(u, "\xf4\x8f\xbf\xbf", 4);
	/* what no UTF-8 holds is U+FFFD */
	assert_int_equal(utf8_encode(0xd800, u), 3);
	assert_memory_equal(u, R, 3);
	assert_int_equal(utf8_encode(0xdfff, u), 3);
	assert_memory_equal(u, R, 3);
	assert_int_equal(utf8_encode(0x110000, u), 3);
	assert_memory_equal(u, R, 3);
	assert_int_equal(utf8_encode(0xffffffffu, u), 3);
	assert_memory_equal(u, R, 3);
}

/* Every code point: encoded, it decodes to itself; a surrogate to U+FFFD. */
static void
test_roundtrip(void **state)
{
	char u[UTF8_MAX];
	unsigned cp, back;
	size_t n;

	(void)state;
	for (cp = 0; cp <= 0x10ffff; cp++) {
		n = utf8_encode(cp, u);
		assert_int_equal(utf8_decode(u, n, &back), n);
		if (cp >= 0xd800 && cp <= 0xdfff)
			assert_int_equal(back, 0xfffd);
		else if (back != cp)
			fail_msg("U+%04X came back as U+%04X", cp, back);
	}
}

/* Cuts at every length of a mixed text land on character boundaries. */
static void
test_cut(void **state)
{
	/* a, e-acute (2), euro (3), G clef (4), b */
	static const char s[] = "a\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e"
				"b";
	static const size_t want[] = {0, 1, 1, 3, 3, 3, 6, 6, 6, 6, 10, 11, 11};
	size_t max;

	(void)state;
	for (max = 0; max < sizeof want / sizeof want[0]; max++)
		assert_int_equal(utf8_cut(s, sizeof s - 1, max), want[max]);
	/* A sequence the end of the text leaves incomplete goes too. */
	assert_int_equal(utf8_cut(s, 5, 100), 3);
	assert_int_equal(utf8_cut(s, 9, 9), 6);
	/* Invalid bytes are not the cut's business. */
	assert_int_equal(utf8_cut("\x80\x80\x80\x80\x80", 5, 3), 3);
	assert_int_equal(utf8_cut("a\xff", 2, 2), 2);
	assert_int_equal(utf8_cut("", 0, 5), 0);
}

static void
test_copy(void **state)
{
	char *c;

	(void)state;
	c = utf8_copy("caf\xc3\xa9", 5);
	assert_string_equal(c, "caf\xc3\xa9");
	free(c);
	c = utf8_copy("a\0b\xff", 4);
	assert_string_equal(c, "a\xef\xbf\xbd"
			       "b\xef\xbf\xbd");
	free(c);
}

/* What may go from the MTA into SQL: said what was wrong, and where. */
static void
test_check(void **state)
{
	char why[128];

	(void)state;
	assert_int_equal(utf8_check("<a@example.com>", 15, why, sizeof(why)),
			 0);
	assert_int_equal(
	    utf8_check("<jos\xc3\xa9@example.com>", 18, why, sizeof(why)), 0);
	assert_int_equal(utf8_check("", 0, why, sizeof(why)), 0);
	assert_int_equal(utf8_check("<\xba@x>", 6, why, sizeof(why)), -1);
	assert_string_equal(why, "byte 0xBA at offset 1 is not UTF-8");
	assert_int_equal(utf8_check("<a\a@x>", 6, why, sizeof(why)), -1);
	assert_string_equal(why, "control character U+0007 at offset 2");
	assert_int_equal(utf8_check("a\x7f", 2, why, sizeof(why)), -1);
	assert_string_equal(why, "control character U+007F at offset 1");
	/* C1: a terminal's CSI. */
	assert_int_equal(utf8_check("a\xc2\x9b", 3, why, sizeof(why)), -1);
	assert_string_equal(why, "control character U+009B at offset 1");
	assert_int_equal(utf8_check("a\0b", 3, why, sizeof(why)), -1);
	assert_string_equal(why, "control character U+0000 at offset 1");
}

static void
test_printable(void **state)
{
	char out[64];

	(void)state;
	utf8_printable("from <jos\xc3\xa9@example.com>", out, sizeof(out));
	assert_string_equal(out, "from <jos\xc3\xa9@example.com>");
	utf8_printable("<\xba\a@x>\r\n\x1b[2J", out, sizeof(out));
	assert_string_equal(out, "<\\xBA\\x07@x>\\x0D\\x0A\\x1B[2J");
	utf8_printable("\xc2\x9b", out, sizeof(out));
	assert_string_equal(out, "\\xC2\\x9B");
	/* Cut to fit, never in the middle of an escape or a character. */
	utf8_printable("\xba\xba", out, 6);
	assert_string_equal(out, "\\xBA");
	utf8_printable("ab\xc3\xa9", out, 4);
	assert_string_equal(out, "ab");
	utf8_printable("abc", out, 1);
	assert_string_equal(out, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid_unchanged),
	    cmocka_unit_test(test_nul_bytes),
	    cmocka_unit_test(test_lone_continuation),
	    cmocka_unit_test(test_overlong),
	    cmocka_unit_test(test_surrogates),
	    cmocka_unit_test(test_beyond_unicode),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_latin1_header),
	    cmocka_unit_test(test_all_bytes),
	    cmocka_unit_test(test_decode),
	    cmocka_unit_test(test_decode_surrogates),
	    cmocka_unit_test(test_encode),
	    cmocka_unit_test(test_roundtrip),
	    cmocka_unit_test(test_cut),
	    cmocka_unit_test(test_copy),
	    cmocka_unit_test(test_check),
	    cmocka_unit_test(test_printable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
