/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for util/password.c: yescrypt hashes, checked whole. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "password.h"

static void
test_password_hash_and_check(void **state)
{
	char *a, *b;

	(void)state;
	a = password_hash("correct horse battery");
	b = password_hash("correct horse battery");
	assert_non_null(a);
	assert_non_null(b);
	assert_memory_equal(a, "$y$", 3);
	/* A salt of its own each time. */
	assert_string_not_equal(a, b);
	assert_true(password_check("correct horse battery", a));
	assert_true(password_check("correct horse battery", b));
	assert_false(password_check("correct horse batter", a));
	assert_false(password_check("", a));
	free(a);
	free(b);
}

static void
test_password_bad_hashes_never_match(void **state)
{
	(void)state;
	assert_false(password_check("x", NULL));
	assert_false(password_check("x", ""));
	assert_false(password_check("x", "*"));
	assert_false(password_check("x", "$y$"));
	assert_false(password_check("*0", "*0"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_password_hash_and_check),
	    cmocka_unit_test(test_password_bad_hashes_never_match),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
