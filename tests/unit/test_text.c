/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for util/text.c: capitals folded to lower case without a
 * change of length (ASCII, Latin-1, Cyrillic), anything else copied as
 * it is, a copy cut to its buffer without splitting a character; white
 * space found and trimmed, the no-break space included.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "text.h"

static const char *
lower(const char *s, size_t cap)
{
	static char buf[64];
	size_t n = text_lower(buf, cap, s, strlen(s));

	assert_int_equal(n, strlen(buf));
	return buf;
}

static void
test_lower(void **state)
{
	(void)state;
	assert_string_equal(lower("Re: Hello WORLD 42", 64),
			    "re: hello world 42");
	/* À É Þ fold; × (U+00D7) sits among them and does not. */
	assert_string_equal(lower("\xc3\x80\xc3\x89\xc3\x9e \xc3\x97", 64),
			    "\xc3\xa0\xc3\xa9\xc3\xbe \xc3\x97");
	/* Ё А П Р Я: ё а п р я, the same number of bytes. */
	assert_string_equal(
	    lower("\xd0\x81\xd0\x90\xd0\x9f\xd0\xa0\xd0\xaf", 64),
	    "\xd1\x91\xd0\xb0\xd0\xbf\xd1\x80\xd1\x8f");
	/* Already lower case, and other scripts: unchanged. */
	assert_string_equal(lower("\xd0\xb0 \xe4\xbd\xa0\xe5\xa5\xbd", 64),
			    "\xd0\xb0 \xe4\xbd\xa0\xe5\xa5\xbd");
}

static void
test_lower_cut(void **state)
{
	char one[1] = {'x'};

	(void)state;
	/* Four bytes of room: "ab" and no half of É. */
	assert_string_equal(lower("AB\xc3\x89", 4), "ab");
	assert_string_equal(lower("ABC", 3), "ab");
	assert_int_equal(text_lower(one, 1, "A", 1), 0);
	assert_int_equal(one[0], 0);
	assert_int_equal(text_lower(one, 0, "A", 1), 0);
}

static void
test_space(void **state)
{
	const char *s = "\xc2\xa0\t  text with\xc2\xa0space \r\xc2\xa0";
	size_t len = strlen(s);

	(void)state;
	assert_int_equal(text_space_len(" x", 2), 1);
	assert_int_equal(text_space_len("\xc2\xa0x", 3), 2);
	assert_int_equal(text_space_len("\xc2", 1), 0);
	assert_int_equal(text_space_len("x ", 2), 0);
	assert_int_equal(text_space_len("\n", 1), 0); /* lines are apart */
	text_trim(&s, &len);
	assert_int_equal(len, strlen("text with\xc2\xa0space"));
	assert_memory_equal(s, "text with\xc2\xa0space", len);
	s = " \xc2\xa0 ";
	len = strlen(s);
	text_trim(&s, &len);
	assert_int_equal(len, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lower),
	    cmocka_unit_test(test_lower_cut),
	    cmocka_unit_test(test_space),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
