/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for core/schedule.c: follow-up due times with explicit
 * clocks, in several zones, across daylight-saving changes, within
 * working hours and days, step by step up to the rule's maximum.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "schedule.h"
#include "testtime.h"

static void
hours(struct schedule_hours *h, const char *hrs, const char *days,
      const char *zone)
{
	assert_int_equal(schedule_parse_hours(hrs, h), 0);
	assert_int_equal(schedule_parse_days(days, h), 0);
	h->zone = zone;
}

static void
test_parse_hours(void **state)
{
	struct schedule_hours h;

	(void)state;
	assert_int_equal(schedule_parse_hours("08:00-17:00", &h), 0);
	assert_int_equal(h.open, 480);
	assert_int_equal(h.close, 1020);
	assert_int_equal(schedule_parse_hours("", &h), 0);
	assert_int_equal(h.open, 0);
	assert_int_equal(h.close, 1440);
	assert_int_equal(schedule_parse_hours("00:00-24:00", &h), 0);
	assert_int_equal(schedule_parse_hours("17:00-08:00", &h), -1);
	assert_int_equal(schedule_parse_hours("8:00-17:00", &h), -1);
	assert_int_equal(schedule_parse_hours("08:60-17:00", &h), -1);
	assert_int_equal(schedule_parse_hours("08:00-25:00", &h), -1);
	assert_int_equal(schedule_parse_hours("08:00", &h), -1);
}

static void
test_parse_days(void **state)
{
	struct schedule_hours h;

	(void)state;
	assert_int_equal(schedule_parse_days("mon-fri", &h), 0);
	assert_int_equal(h.days, 0x3e);
	assert_int_equal(schedule_parse_days("fri-mon", &h), 0);
	assert_int_equal(h.days, 0x63);
	assert_int_equal(schedule_parse_days("Mon,wed,FRI", &h), 0);
	assert_int_equal(h.days, 0x2a);
	assert_int_equal(schedule_parse_days("sat-sun", &h), 0);
	assert_int_equal(h.days, 0x41);
	assert_int_equal(schedule_parse_days("", &h), 0);
	assert_int_equal(h.days, 0x7f);
	assert_int_equal(schedule_parse_days("monday", &h), -1);
	assert_int_equal(schedule_parse_days("mon,", &h), -1);
	assert_int_equal(schedule_parse_days("mon-", &h), -1);
	assert_int_equal(schedule_parse_days("mon;tue", &h), -1);
}

static void
test_parse_steps(void **state)
{
	long long s[SCHEDULE_MAX_STEPS];

	(void)state;
	assert_int_equal(schedule_parse_steps("3d,7d", s, SCHEDULE_MAX_STEPS),
			 2);
	assert_int_equal(s[0], 3 * 86400);
	assert_int_equal(s[1], 7 * 86400);
	assert_int_equal(schedule_parse_steps("3s", s, SCHEDULE_MAX_STEPS), 1);
	assert_int_equal(s[0], 3);
	assert_int_equal(schedule_parse_steps("5m, 15m", s, 4), 2);
	assert_int_equal(s[1], 900);
	assert_int_equal(schedule_parse_steps("", s, 4), -1);
	assert_int_equal(schedule_parse_steps("3x", s, 4), -1);
	assert_int_equal(schedule_parse_steps("1s,1s,1s", s, 2), -1);
}

/* Wednesday 18 November 2026, Paris is UTC+1. */
static void
test_open_paris_evening_to_next_morning(void **state)
{
	struct schedule_hours h;

	(void)state;
	hours(&h, "08:00-17:00", "mon-fri", "Europe/Paris");
	/* 21:00 local: 08:00 the next (working) day. */
	assert_int_equal(schedule_open(&h, testtime_utc(2026, 11, 18, 20, 0)),
			 testtime_utc(2026, 11, 19, 7, 0));
	/* 10:00 local: now. */
	assert_int_equal(schedule_open(&h, testtime_utc(2026, 11, 18, 9, 0)),
			 testtime_utc(2026, 11, 18, 9, 0));
	/* 06:00 local: 08:00 the same day. */
	assert_int_equal(schedule_open(&h, testtime_utc(2026, 11, 18, 5, 0)),
			 testtime_utc(2026, 11, 18, 7, 0));
	/* 17:00 local sharp is closed. */
	assert_int_equal(schedule_open(&h, testtime_utc(2026, 11, 18, 16, 0)),
			 testtime_utc(2026, 11, 19, 7, 0));
}

static void
test_open_weekend_to_monday(void **state)
{
	struct schedule_hours h;

	(void)state;
	hours(&h, "08:00-17:00", "mon-fri", "Europe/Paris");
	/* Friday 20 November 18:00 local: Monday 23rd 08:00. */
	assert_int_equal(schedule_open(&h, testtime_utc(2026, 11, 20, 17, 0)),
			 testtime_utc(2026, 11, 23, 7, 0));
	/* Saturday noon: Monday too. */
	assert_int_equal(schedule_open(&h, testtime_utc(2026, 11, 21, 11, 0)),
			 testtime_utc(2026, 11, 23, 7, 0));
	/* Days only: Saturday at any hour goes to Monday midnight. */
	hours(&h, "", "mon-fri", "Europe/Paris");
	assert_int_equal(schedule_open(&h, testtime_utc(2026, 11, 21, 11, 0)),
			 testtime_utc(2026, 11, 22, 23, 0));
}

/* Paris springs forward on Sunday 29 March 2026 (02:00 -> 03:00). */
static void
test_open_across_spring_forward(void **state)
{
	struct schedule_hours h;

	(void)state;
	hours(&h, "08:00-17:00", "", "Europe/Paris");
	/* Saturday 21:00 CET: Sunday 08:00 CEST, 06:00 UTC. */
	assert_int_equal(schedule_open(&h, testtime_utc(2026, 3, 28, 20, 0)),
			 testtime_utc(2026, 3, 29, 6, 0));
	hours(&h, "08:00-17:00", "mon-fri", "Europe/Paris");
	/* Friday 20:00 CET: Monday 08:00 CEST. */
	assert_int_equal(schedule_open(&h, testtime_utc(2026, 3, 27, 19, 0)),
			 testtime_utc(2026, 3, 30, 6, 0));
	/* Opening at 02:30, a time that does not exist that day. */
	hours(&h, "02:30-17:00", "", "Europe/Paris");
	assert_int_equal(schedule_open(&h, testtime_utc(2026, 3, 28, 20, 0)),
			 testtime_utc(2026, 3, 29, 1, 30));
}

/* Paris falls back on Sunday 25 October 2026 (03:00 -> 02:00). */
static void
test_open_across_fall_back(void **state)
{
	struct schedule_hours h;

	(void)state;
	hours(&h, "08:00-17:00", "", "Europe/Paris");
	/* Saturday 21:00 CEST: Sunday 08:00 CET, 07:00 UTC. */
	assert_int_equal(schedule_open(&h, testtime_utc(2026, 10, 24, 19, 0)),
			 testtime_utc(2026, 10, 25, 7, 0));
	/* Sunday 16:30 CET is open, 17:00 CET closed. */
	assert_int_equal(schedule_open(&h, testtime_utc(2026, 10, 25, 15, 30)),
			 testtime_utc(2026, 10, 25, 15, 30));
	assert_int_equal(schedule_open(&h, testtime_utc(2026, 10, 25, 16, 0)),
			 testtime_utc(2026, 10, 26, 7, 0));
}

static void
test_open_other_zones(void **state)
{
	struct schedule_hours h;

	(void)state;
	/* New York, 18:00 EST: 09:00 EST next day, 14:00 UTC. */
	hours(&h, "09:00-17:00", "mon-fri", "America/New_York");
	assert_int_equal(schedule_open(&h, testtime_utc(2026, 11, 18, 23, 0)),
			 testtime_utc(2026, 11, 19, 14, 0));
	/* Tokyo (no DST), Friday 20 November 23:00 JST: Monday 09:00. */
	hours(&h, "09:00-18:00", "mon-fri", "Asia/Tokyo");
	assert_int_equal(schedule_open(&h, testtime_utc(2026, 11, 20, 14, 0)),
			 testtime_utc(2026, 11, 23, 0, 0));
	/* UTC and an unknown zone alike. */
	hours(&h, "08:00-17:00", "", "");
	assert_int_equal(schedule_open(&h, testtime_utc(2026, 11, 18, 21, 0)),
			 testtime_utc(2026, 11, 19, 8, 0));
	/* All day, every day: now. */
	hours(&h, "", "", "Europe/Paris");
	assert_int_equal(schedule_open(&h, testtime_utc(2026, 11, 18, 21, 0)),
			 testtime_utc(2026, 11, 18, 21, 0));
}

static void
test_steps_and_max(void **state)
{
	struct schedule_hours h;
	time_t ref = testtime_utc(2026, 11, 16, 10, 0);

	(void)state;
	hours(&h, "", "", "UTC");
	assert_int_equal(schedule_step_due("3d,7d", 2, 1, ref, &h),
			 ref + 3 * 86400);
	assert_int_equal(schedule_step_due("3d,7d", 2, 2, ref, &h),
			 ref + 7 * 86400);
	assert_int_equal(schedule_step_due("3d,7d", 2, 3, ref, &h), 0);
	/* Beyond the list, the last step repeats up to max. */
	assert_int_equal(schedule_step_due("3d,7d", 3, 3, ref, &h),
			 ref + 7 * 86400);
	assert_int_equal(schedule_step_due("3s", 1, 1, ref, &h), ref + 3);
	assert_int_equal(schedule_step_due("bad", 1, 1, ref, &h), 0);
	/* A step landing on Saturday night waits for Monday morning. */
	hours(&h, "08:00-17:00", "mon-fri", "Europe/Paris");
	assert_int_equal(schedule_step_due(
			     "5d", 1, 1, testtime_utc(2026, 11, 16, 20, 0), &h),
			 testtime_utc(2026, 11, 23, 7, 0));
}

static void
test_after_reply(void **state)
{
	struct schedule_hours h;
	struct schedule_reply r = {0};
	time_t now = testtime_utc(2026, 11, 18, 9, 0);
	const char *sc;

	(void)state;
	hours(&h, "08:00-17:00", "mon-fri", "Europe/Paris");
	r.received_at = now;
	r.unavailable_steps = "2d";
	r.requested_steps = "1d";
	/* Nothing asked, or rules disabled: nothing. */
	assert_int_equal(schedule_after_reply(&r, &h, now, &sc), 0);
	assert_null(sc);
	r.requested_followup_at =
	    testtime_utc(2026, 11, 23, 8, 0); /* Mon 09:00 */
	r.unavailable = 1;
	assert_int_equal(schedule_after_reply(&r, &h, now, &sc), 0);
	/* Requested: at that time. */
	r.requested_enabled = 1;
	assert_int_equal(schedule_after_reply(&r, &h, now, &sc),
			 testtime_utc(2026, 11, 23, 8, 0));
	assert_string_equal(sc, "requested_delay");
	/* Requested on a Sunday: Monday at opening. */
	r.requested_followup_at = testtime_utc(2026, 11, 22, 9, 0);
	assert_int_equal(schedule_after_reply(&r, &h, now, &sc),
			 testtime_utc(2026, 11, 23, 7, 0));
	/* Unavailable until a date. */
	r.requested_enabled = 0;
	r.unavailable_enabled = 1;
	r.unavailable_until = testtime_utc(2026, 11, 25, 12, 0);
	assert_int_equal(schedule_after_reply(&r, &h, now, &sc),
			 testtime_utc(2026, 11, 25, 12, 0));
	assert_string_equal(sc, "unavailable");
	/* Unavailable without a date: the first step after the reply. */
	r.unavailable_until = 0;
	assert_int_equal(schedule_after_reply(&r, &h, now, &sc),
			 testtime_utc(2026, 11, 20, 9, 0));
	/* A time already past: now, in working hours. */
	r.unavailable_until = testtime_utc(2026, 11, 1, 9, 0);
	assert_int_equal(schedule_after_reply(&r, &h, now, &sc), now);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_hours),
	    cmocka_unit_test(test_parse_days),
	    cmocka_unit_test(test_parse_steps),
	    cmocka_unit_test(test_open_paris_evening_to_next_morning),
	    cmocka_unit_test(test_open_weekend_to_monday),
	    cmocka_unit_test(test_open_across_spring_forward),
	    cmocka_unit_test(test_open_across_fall_back),
	    cmocka_unit_test(test_open_other_zones),
	    cmocka_unit_test(test_steps_and_max),
	    cmocka_unit_test(test_after_reply),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
