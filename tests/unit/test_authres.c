/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for milter/authres.c and message_from_authenticated: which
 * Authentication-Results headers vouch for the From: domain of a reply.
 * Only a header whose authserv-id is trusted, that parses as a whole, and
 * that says dkim=pass (header.d or header.i) or dmarc=pass (header.from)
 * for exactly that domain counts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../milter/authres.h"
#include "../../milter/message.h"
#include "conf.h"

#define TRUSTED "mx.example.com, mx2.example.com"

/* The domains one header vouches for, space separated; "-" if ignored. */
static const char *
vouched(const char *value, const char *trusted)
{
	static char out[512];
	struct authres ar = {{0}, 0};
	size_t i;

	out[0] = 0;
	if (!authres_parse(&ar, value, trusted))
		strcpy(out, "-");
	for (i = 0; i < ar.n; i++) {
		if (i > 0)
			strcat(out, " ");
		strcat(out, ar.domains[i]);
	}
	authres_free(&ar);
	return out;
}

static void
test_dkim_and_dmarc_pass(void **state)
{
	(void)state;
	assert_string_equal(
	    vouched("mx.example.com; dkim=pass header.d=b.example.org "
		    "header.s=sel header.b=abcd; dmarc=pass header.from="
		    "B.Example.org",
		    TRUSTED),
	    "b.example.org");
	assert_string_equal(vouched(" mx2.example.com;\n\tdmarc=pass "
				    "(p=none dis=none) header.from=c.example",
				    TRUSTED),
			    "c.example");
	/* Older OpenDKIM writes only header.i. */
	assert_string_equal(
	    vouched("mx.example.com; dkim=pass header.i=@d.example", TRUSTED),
	    "d.example");
}

/* Anyone can write the header: an authserv-id not trusted is nothing. */
static void
test_untrusted_authserv_id(void **state)
{
	(void)state;
	assert_string_equal(
	    vouched("evil.example; dkim=pass header.d=b.example.org", TRUSTED),
	    "-");
	assert_string_equal(vouched("mx.example.com.evil.example; dkim=pass "
				    "header.d=b.example.org",
				    TRUSTED),
			    "-");
	assert_string_equal(
	    vouched("mx.example; dkim=pass header.d=b.example", TRUSTED), "-");
	/* Nothing is trusted by default. */
	assert_string_equal(
	    vouched("mx.example.com; dkim=pass header.d=b.example.org", ""),
	    "-");
}

static void
test_not_a_pass(void **state)
{
	(void)state;
	assert_string_equal(vouched("mx.example.com; dkim=fail header.d=b.org; "
				    "dmarc=none header.from=b.org; "
				    "spf=pass smtp.mailfrom=x@b.org; "
				    "dkim=neutral header.d=b.org",
				    TRUSTED),
			    "");
	/* A pass of another method, or a property that is not the domain. */
	assert_string_equal(vouched("mx.example.com; spf=pass header.d=b.org; "
				    "dkim=pass header.s=b.org; "
				    "dmarc=pass smtp.mailfrom=b.org",
				    TRUSTED),
			    "");
	assert_string_equal(vouched("mx.example.com; none", TRUSTED), "-");
}

/* Versions, comments (nested, escaped), quoted strings, reasons. */
static void
test_syntax_variants(void **state)
{
	(void)state;
	assert_string_equal(
	    vouched("mx.example.com 1; dkim/1=pass (good (really) \\) sig) "
		    "reason=\"signature ok; fine\" header.d=\"q.example\"",
		    TRUSTED),
	    "q.example");
	assert_string_equal(vouched("(first) mx.example.com (c) ; DKIM = Pass "
				    "header.D = e.example ;",
				    TRUSTED),
			    "e.example");
}

/* A header that does not parse as a whole vouches for nothing. */
static void
test_malformed(void **state)
{
	(void)state;
	assert_string_equal(
	    vouched("mx.example.com; dkim=pass header.d=b.org (unclosed",
		    TRUSTED),
	    "-");
	assert_string_equal(
	    vouched("mx.example.com; dkim=pass header.d=b.org; dmarc", TRUSTED),
	    "-");
	assert_string_equal(
	    vouched("mx.example.com dkim=pass header.d=b.org", TRUSTED), "-");
	assert_string_equal(
	    vouched("mx.example.com; dkim=pass header.d=\"b.org", TRUSTED),
	    "-");
	assert_string_equal(vouched("", TRUSTED), "-");
	assert_string_equal(vouched("mx.example.com; =pass", TRUSTED), "-");
	/* Parses, but a quoted value that is no domain name is not one. */
	assert_string_equal(vouched("mx.example.com; dkim=pass "
				    "header.d=\"b.org; x\"",
				    TRUSTED),
			    "");
}

static void
test_bounded(void **state)
{
	struct authres ar = {{0}, 0};
	char value[4096], *p = value;
	int i;

	(void)state;
	p += sprintf(p, "mx.example.com");
	for (i = 0; i < 40; i++)
		p += sprintf(p, "; dkim=pass header.d=d%d.example", i);
	assert_int_equal(authres_parse(&ar, value, TRUSTED), 1);
	assert_int_equal(ar.n, AUTHRES_MAX_DOMAINS);
	authres_free(&ar);
}

static void
set_trusted(const char *ids)
{
	char text[256], err[256];
	FILE *fp;

	snprintf(text, sizeof(text), "trusted_authserv_ids = %s\n", ids);
	fp = fmemopen(text, strlen(text), "r");
	assert_non_null(fp);
	assert_int_equal(conf_load_stream(fp, "test.conf", err, sizeof(err)),
			 0);
	fclose(fp);
}

/* A reply as the milter reads it: is its From: vouched for? */
static int
from_authenticated(const char *const *headers)
{
	struct message *msg = message_new("<x@b.example.org>", 1024);
	int rc;

	for (; *headers != NULL; headers += 2)
		message_header(msg, headers[0], headers[1], 0);
	rc = message_from_authenticated(msg);
	message_free(msg);
	return rc;
}

static void
test_message_from(void **state)
{
	const char *const pass[] = {"Authentication-Results",
				    "mx.example.com; dkim=pass "
				    "header.d=b.example.org",
				    "From", "Bea <bea@B.example.org>", NULL};
	const char *const forged[] = {"Authentication-Results",
				      "evil.example; dkim=pass "
				      "header.d=b.example.org",
				      "From", "bea@b.example.org", NULL};
	const char *const other[] = {"Authentication-Results",
				     "mx.example.com; dkim=pass "
				     "header.d=a.example.org",
				     "From", "bea@b.example.org", NULL};
	const char *const two_from[] = {
	    "From",
	    "bea@b.example.org",
	    "Authentication-Results",
	    "mx.example.com; dkim=pass header.d=b.example.org",
	    "From",
	    "al@a.example.org",
	    NULL};
	const char *const parent[] = {"Authentication-Results",
				      "mx.example.com; dmarc=pass "
				      "header.from=example.org",
				      "From", "bea@b.example.org", NULL};

	(void)state;
	set_trusted("mx.example.com");
	assert_int_equal(from_authenticated(pass), 1);
	assert_int_equal(from_authenticated(forged), 0);
	assert_int_equal(from_authenticated(other), 0);
	assert_int_equal(from_authenticated(two_from), 0);
	assert_int_equal(from_authenticated(parent), 0);
	set_trusted("");
	assert_int_equal(from_authenticated(pass), 0);
	conf_reset();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dkim_and_dmarc_pass),
	    cmocka_unit_test(test_untrusted_authserv_id),
	    cmocka_unit_test(test_not_a_pass),
	    cmocka_unit_test(test_syntax_variants),
	    cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_bounded),
	    cmocka_unit_test(test_message_from),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
