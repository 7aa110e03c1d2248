/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for core/replies.c, the statements' side: the status rules
 * (a reply moves only new and contacted customers; an email sent only new
 * ones) are what every statement applies. Their effect on a database is
 * tested by tests/integration (50_ctl_day: log-reply's transitions;
 * 10_inbound and 60_analyzer: the milter's and the analyzer's).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "jobs.h"
#include "replies.h"

/* The stages no mail takes a customer back from. */
static const char *const test_later[] = {"'replied'",
					 "'interested'",
					 "'meeting_booked'",
					 "'not_interested'",
					 "'do_not_contact'",
					 "'customer'",
					 NULL};

static void
test_a_reply_never_downgrades(void **state)
{
	int i;

	(void)state;
	assert_non_null(strstr(REPLIES_REPLIED_FROM, "'new'"));
	assert_non_null(strstr(REPLIES_REPLIED_FROM, "'contacted'"));
	for (i = 0; test_later[i]; i++)
		assert_null(strstr(REPLIES_REPLIED_FROM, test_later[i]));
}

static void
test_an_email_moves_only_new(void **state)
{
	int i;

	(void)state;
	assert_string_equal(REPLIES_CONTACTED_FROM, "('new')");
	for (i = 0; test_later[i]; i++)
		assert_null(strstr(REPLIES_ON_SENT, test_later[i]));
	assert_non_null(strstr(REPLIES_ON_SENT, REPLIES_CONTACTED_FROM));
}

/* log-reply applies the rule and queues the analysis through core/jobs. */
static void
test_log_statements(void **state)
{
	(void)state;
	assert_non_null(
	    strstr(replies_log_status_sql, "IN " REPLIES_REPLIED_FROM));
	assert_non_null(strstr(replies_log_sql,
			       "SELECT 'analyze_reply', "
			       "jsonb_build_object('reply_id'"));
	assert_non_null(strstr(replies_log_sql, JOBS_WAKE("j")));
	assert_null(strstr(replies_log_sql, "unread_count"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_a_reply_never_downgrades),
	    cmocka_unit_test(test_an_email_moves_only_new),
	    cmocka_unit_test(test_log_statements),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
