/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for milter/loginmap.c: which SASL logins may send as an
 * account, by default and with a sender_login_maps file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../milter/loginmap.h"

static char map_path[] = "/tmp/test_loginmap.XXXXXX";

static int
map_setup(void **state)
{
	static const char text[] = "# sender             logins\n"
				   "alice@example.com    asmith, alice.smith\n"
				   "\n"
				   "shared@example.com   bob,\n"
				   "    carol\n"
				   "@sales.example.com   salesbot\n"
				   "dave@sales.example.com dave\n";
	int fd = mkstemp(map_path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof(text) - 1),
			 (ssize_t)(sizeof(text) - 1));
	close(fd);
	return 0;
}

static int
map_teardown(void **state)
{
	(void)state;
	unlink(map_path);
	return 0;
}

static void
test_default_rule(void **state)
{
	(void)state;
	assert_int_equal(loginmap_allows("", "alice@example.com", "alice"), 1);
	assert_int_equal(
	    loginmap_allows(NULL, "alice@example.com", "Alice@Example.com"), 1);
	assert_int_equal(loginmap_allows("", "alice@example.com", "bob"), 0);
	assert_int_equal(loginmap_allows("", "alice@example.com", "alic"), 0);
	assert_int_equal(loginmap_allows("", "alice@example.com", "alice@"), 0);
	assert_int_equal(
	    loginmap_allows("", "alice@example.com", "alice@example.org"), 0);
	assert_int_equal(loginmap_allows("", "alice@example.com", ""), 0);
	assert_int_equal(loginmap_allows("", "alice@example.com", NULL), 0);
	assert_int_equal(loginmap_allows("", "", "alice"), 0);
}

/* A listed address: only its logins, the default no longer applies. */
static void
test_map_address(void **state)
{
	(void)state;
	assert_int_equal(
	    loginmap_allows(map_path, "alice@example.com", "asmith"), 1);
	assert_int_equal(
	    loginmap_allows(map_path, "ALICE@example.com", "Alice.Smith"), 1);
	assert_int_equal(
	    loginmap_allows(map_path, "alice@example.com", "alice"), 0);
	assert_int_equal(
	    loginmap_allows(map_path, "shared@example.com", "carol"), 1);
	assert_int_equal(loginmap_allows(map_path, "shared@example.com", "bob"),
			 1);
	assert_int_equal(
	    loginmap_allows(map_path, "shared@example.com", "shared"), 0);
}

/* "@domain" for the rest of a domain; an address entry comes first. */
static void
test_map_domain(void **state)
{
	(void)state;
	assert_int_equal(
	    loginmap_allows(map_path, "eve@sales.example.com", "salesbot"), 1);
	assert_int_equal(
	    loginmap_allows(map_path, "eve@sales.example.com", "eve"), 0);
	assert_int_equal(
	    loginmap_allows(map_path, "dave@sales.example.com", "dave"), 1);
	assert_int_equal(
	    loginmap_allows(map_path, "dave@sales.example.com", "salesbot"), 0);
	/* Not listed at all: the default rule. */
	assert_int_equal(
	    loginmap_allows(map_path, "frank@example.com", "frank"), 1);
	assert_int_equal(
	    loginmap_allows(map_path, "frank@example.com", "asmith"), 0);
}

static void
test_map_unreadable(void **state)
{
	(void)state;
	assert_int_equal(loginmap_allows("/nonexistent/postreply-login-map",
					 "alice@example.com", "alice"),
			 -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_default_rule),
	    cmocka_unit_test(test_map_address),
	    cmocka_unit_test(test_map_domain),
	    cmocka_unit_test(test_map_unreadable),
	};

	return cmocka_run_group_tests(tests, map_setup, map_teardown);
}
