/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for core/confhooks.c: inbound_webhooks in postreply.conf,
 * read as the README writes it, and refused with the webhook's number
 * and what was expected, the file, line and parameter before it.
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
#include "confhooks.h"

static char err[512];

static int
load(const char *text)
{
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	int rc;

	assert_non_null(fp);
	err[0] = 0;
	rc = conf_load_stream(fp, "test.conf", err, sizeof(err));
	fclose(fp);
	return rc;
}

/* text is refused, and the error says each of the words given. */
static void
load_bad(const char *text, ...)
{
	va_list ap;
	const char *want;

	if (load(text) == 0)
		fail_msg("accepted:\n%s", text);
	va_start(ap, text);
	while ((want = va_arg(ap, const char *)) != NULL)
		if (strstr(err, want) == NULL)
			fail_msg("error \"%s\" does not say \"%s\"", err, want);
	va_end(ap);
}

static int
setup(void **state)
{
	(void)state;
	conf_reset();
	return 0;
}

static void
test_none_by_default(void **state)
{
	struct confhooks h;

	(void)state;
	confhooks_current(&h);
	assert_int_equal(h.n, 0);
	confhooks_free(&h);
}

static void
test_two_webhooks_over_continued_lines(void **state)
{
	struct confhooks h;

	(void)state;
	if (load("inbound_webhooks =\n"
		 "    { https://app.example.com/inbound, format = sendgrid,\n"
		 "      account = sales@example.com,\n"
		 "      secret_file = /etc/postreply/inbound.secret }\n"
		 "    { http://crm.example.com/hook?a=1, format=postmark, "
		 "}\n") != 0)
		fail_msg("refused: %s", err);
	confhooks_current(&h);
	assert_int_equal(h.n, 2);
	assert_string_equal(h.v[0].url, "https://app.example.com/inbound");
	assert_string_equal(h.v[0].format, "sendgrid");
	assert_string_equal(h.v[0].account, "sales@example.com");
	assert_string_equal(h.v[0].secret_file,
			    "/etc/postreply/inbound.secret");
	assert_string_equal(h.v[1].url, "http://crm.example.com/hook?a=1");
	assert_string_equal(h.v[1].format, "postmark");
	assert_string_equal(h.v[1].account, "");
	assert_string_equal(h.v[1].secret_file, "");
	/* Found by URL, format and account (its case aside). */
	assert_int_equal(confhooks_find(&h, "https://app.example.com/inbound",
					"sendgrid", "Sales@Example.com"),
			 0);
	assert_int_equal(confhooks_find(&h, "http://crm.example.com/hook?a=1",
					"postmark", ""),
			 1);
	assert_int_equal(confhooks_find(&h, "https://app.example.com/inbound",
					"postmark", "sales@example.com"),
			 -1);
	confhooks_free(&h);
}

static void
test_bad_values_say_what_is_wrong(void **state)
{
	(void)state;
	load_bad("inbound_webhooks = https://app.example.com/x\n",
		 "test.conf, line 1", "inbound_webhooks", "webhook 1",
		 "expected \"{\"", NULL);
	load_bad("inbound_webhooks = { https://a.example.com/x, format = "
		 "postmark } { https://a.example.com/y, format = zapier }\n",
		 "webhook 2: unknown format \"zapier\"", NULL);
	load_bad("inbound_webhooks = { https://a.example.com/x }\n",
		 "webhook 1: no format", NULL);
	load_bad("inbound_webhooks = { ftp://a.example.com/x, format = "
		 "postmark }\n",
		 "webhook 1: bad URL \"ftp://a.example.com/x\"", NULL);
	load_bad("inbound_webhooks = { https://a.example.com/x, format = "
		 "mailgun }\n",
		 "mailgun needs secret_file", NULL);
	load_bad("inbound_webhooks = { https://a.example.com/x, format = "
		 "postmark, secret_file = inbound.secret }\n",
		 "not an absolute path", NULL);
	load_bad("inbound_webhooks = { https://a.example.com/x, format = "
		 "postmark, account = sales }\n",
		 "account \"sales\" is not an email address", NULL);
	load_bad("inbound_webhooks = { https://a.example.com/x, format = "
		 "postmark, colour = blue }\n",
		 "unknown setting \"colour\"", NULL);
	load_bad("inbound_webhooks = { https://a.example.com/x, format = "
		 "postmark, format = sendgrid }\n",
		 "format is given twice", NULL);
	load_bad("inbound_webhooks = { https://a.example.com/x, postmark }\n",
		 "expected \"name = value\"", NULL);
	load_bad("inbound_webhooks = { https://a.example.com/x, format = "
		 "postmark\n",
		 "no \"}\"", NULL);
	load_bad("inbound_webhooks = { , format = postmark }\n",
		 "webhook 1: bad URL", NULL);
	load_bad("inbound_webhooks = { https://a.example.com/x, format = "
		 "postmark } { https://a.example.com/x, format = postmark }\n",
		 "webhook 2 is webhook 1 again", NULL);
}

/* A bad list is cut in the error, so that why it is bad still shows. */
static void
test_a_long_bad_value_is_cut(void **state)
{
	(void)state;
	load_bad("inbound_webhooks =\n"
		 "    { https://app.example.com/a/very/long/path/to/inbound,"
		 " format = sendgrid, account = sales@example.com }\n"
		 "    { https://app.example.com/another/long/path, format = "
		 "postmark, account = support@example.com }\n"
		 "    { https://app.example.com/third, format = zapier }\n",
		 "...\": webhook 3: unknown format \"zapier\"", NULL);
}

/* A reload that drops the list leaves none: SIGHUP's path. */
static void
test_removed_from_the_file_is_gone(void **state)
{
	struct confhooks h;

	(void)state;
	assert_int_equal(load("inbound_webhooks = { https://a.example.com/x, "
			      "format = postmark }\n"),
			 0);
	confhooks_current(&h);
	assert_int_equal(h.n, 1);
	confhooks_free(&h);
	assert_int_equal(load("webhook_max_age = 1d\n"), 0);
	confhooks_current(&h);
	assert_int_equal(h.n, 0);
	confhooks_free(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_none_by_default, setup),
	    cmocka_unit_test_setup(test_two_webhooks_over_continued_lines,
				   setup),
	    cmocka_unit_test_setup(test_bad_values_say_what_is_wrong, setup),
	    cmocka_unit_test_setup(test_a_long_bad_value_is_cut, setup),
	    cmocka_unit_test_setup(test_removed_from_the_file_is_gone, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
