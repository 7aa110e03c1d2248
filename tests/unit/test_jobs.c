/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for core/jobs.c: the table of job kinds (every kind named,
 * with its payload's id and purpose, found by its name) and the SQL
 * fragments producers queue jobs with.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "jobs.h"

static void
test_every_kind_is_described(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < JOB_KINDS; i++) {
		assert_non_null(jobs_kinds[i].name);
		assert_non_null(jobs_kinds[i].key);
		assert_non_null(jobs_kinds[i].what);
		/* jobs.kind is read into a char[32]. */
		assert_true(strlen(jobs_kinds[i].name) < 32);
		assert_true(strlen(jobs_kinds[i].what) > 0);
	}
}

static void
test_kinds_found_by_name(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < JOB_KINDS; i++)
		assert_int_equal(jobs_kind(jobs_kinds[i].name), i);
	assert_int_equal(jobs_kind(JOB_ANALYZE_REPLY), JOB_KIND_ANALYZE_REPLY);
	assert_int_equal(jobs_kind(JOB_FOLLOWUP_NOTICE),
			 JOB_KIND_FOLLOWUP_NOTICE);
	assert_string_equal(jobs_kinds[JOB_KIND_FOLLOWUP_PLAN].key,
			    "sent_email_id");
}

static void
test_unknown_kinds(void **state)
{
	(void)state;
	assert_int_equal(jobs_kind(""), JOB_KIND_UNKNOWN);
	assert_int_equal(jobs_kind("x"), JOB_KIND_UNKNOWN);
	assert_int_equal(jobs_kind("analyze_reply "), JOB_KIND_UNKNOWN);
	assert_int_equal(jobs_kind("ANALYZE_REPLY"), JOB_KIND_UNKNOWN);
}

/* The payloads' keys are what the table says: the SQL agrees. */
static void
test_fragments(void **state)
{
	(void)state;
	assert_string_equal(
	    JOBS_ENQUEUE(JOBS_KIND(JOB_ALERT),
			 JOBS_PAYLOAD(JOBS_KEY_REPLY, "id"), "now()", "FROM r"),
	    "INSERT INTO jobs (kind, payload, run_at) SELECT 'alert', "
	    "jsonb_build_object('reply_id', id), now() FROM r RETURNING kind");
	assert_string_equal(JOBS_WAKE("j"),
			    "(SELECT count(pg_notify('postreply_jobs', kind)) "
			    "FROM j)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_kind_is_described),
	    cmocka_unit_test(test_kinds_found_by_name),
	    cmocka_unit_test(test_unknown_kinds),
	    cmocka_unit_test(test_fragments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
