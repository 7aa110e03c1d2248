/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for util/cidr.c and the domain rules of milter/outbound.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../milter/outbound.h"
#include "cidr.h"
#include "conf.h"

/* Load a configuration from text; returns conf_load_stream's result. */
static int
load(const char *text, char *err, size_t errlen)
{
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	int rc = conf_load_stream(fp, "t.conf", err, errlen);

	fclose(fp);
	return rc;
}

static void
test_parse(void **state)
{
	struct cidr c;

	(void)state;
	assert_int_equal(cidr_parse("127.0.0.0/8", &c), 0);
	assert_int_equal(c.bits, 8);
	assert_int_equal(cidr_parse("::1", &c), 0);
	assert_int_equal(c.bits, 128);
	assert_int_equal(cidr_parse("2001:db8::/32", NULL), 0);
	assert_int_equal(cidr_parse("10.0.0.1/33", NULL), -1);
	assert_int_equal(cidr_parse("10.0.0.1/", NULL), -1);
	assert_int_equal(cidr_parse("10.0.0/8", NULL), -1);
	assert_int_equal(cidr_parse("example.com", NULL), -1);
	assert_int_equal(cidr_parse("", NULL), -1);
}

static void
test_match(void **state)
{
	const char *list = "127.0.0.0/8, ::1 192.0.2.128/25,2001:db8::/32";

	(void)state;
	assert_true(cidr_list_match(list, "127.0.0.1"));
	assert_true(cidr_list_match(list, "127.255.1.2"));
	assert_true(cidr_list_match(list, "::1"));
	assert_true(cidr_list_match(list, "192.0.2.200"));
	assert_false(cidr_list_match(list, "192.0.2.127"));
	assert_true(cidr_list_match(list, "2001:db8:1::5"));
	assert_false(cidr_list_match(list, "2001:db9::5"));
	/* IPv4 clients of a dual-stack socket. */
	assert_true(cidr_list_match(list, "::ffff:127.0.0.1"));
	assert_false(cidr_list_match(list, "::ffff:10.0.0.1"));
	assert_false(cidr_list_match(list, "not an address"));
	assert_false(cidr_list_match("", "127.0.0.1"));
}

static void
test_internal_domains(void **state)
{
	char err[256];

	(void)state;
	assert_int_equal(
	    load("internal_domains = example.com, corp.example.org\n", err,
		 sizeof(err)),
	    0);
	/* The sender's own domain is always internal. */
	assert_true(outbound_internal("a@acme.test", "b@ACME.test"));
	assert_true(outbound_internal("a@acme.test", "b@example.com"));
	assert_true(outbound_internal("a@acme.test", "b@sales.example.com"));
	assert_true(outbound_internal("a@acme.test", "b@corp.example.org"));
	assert_false(outbound_internal("a@acme.test", "b@example.org"));
	assert_false(outbound_internal("a@acme.test", "b@badexample.com"));
	assert_false(outbound_internal("a@acme.test", "b@example.com.evil"));
	assert_true(outbound_internal("a@acme.test", "no-domain"));
}

static void
test_bad_networks_config(void **state)
{
	char err[256];

	(void)state;
	assert_int_equal(
	    load("outbound_networks = 10.0.0.0/8, bogus\n", err, sizeof(err)),
	    -1);
	assert_non_null(strstr(err, "t.conf, line 1"));
	assert_non_null(strstr(err, "outbound_networks"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_match),
	    cmocka_unit_test(test_internal_domains),
	    cmocka_unit_test(test_bad_networks_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
