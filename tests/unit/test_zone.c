/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for util/zone.c: which names are zones (database names and
 * UTC; not paths, FIFOs or POSIX TZ strings), $TZDIR, local times in
 * real zones across daylight-saving gaps and overlaps in both
 * hemispheres, far past the transitions of the zone files, and many
 * threads at once.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "zone.h"
#include "testtime.h"

/* Tuesday 24 November 2026, 08:00 UTC. */
#define REF ((time_t)1795507200)

/* The offset in seconds of the named zone at t. */
static long
offset(const char *name, time_t t)
{
	GTimeZone *z = zone_new(name);
	struct tm tm;

	zone_localtime(z, t, &tm);
	g_time_zone_unref(z);
	return tm.tm_gmtoff;
}

static time_t
mktime_in(const char *name, int y, int mo, int d, int h, int mi)
{
	GTimeZone *z = zone_new(name);
	time_t t = zone_mktime(z, y, mo, d, h, mi);

	g_time_zone_unref(z);
	return t;
}

static void
test_known(void **state)
{
	(void)state;
	assert_true(zone_known("Europe/Berlin"));
	assert_true(zone_known("America/Argentina/Buenos_Aires"));
	assert_true(zone_known("Etc/GMT+5"));
	assert_true(zone_known("UTC"));
	assert_true(zone_known("Z"));
	assert_true(zone_known(""));
	assert_true(zone_known(NULL));
	/* Unknown names, paths and what GLib alone would take. */
	assert_false(zone_known("Nowhere/City"));
	assert_false(zone_known("europe/paris/"));
	assert_false(zone_known("../../etc/passwd"));
	assert_false(zone_known("Europe/../../../etc/passwd"));
	assert_false(zone_known("/etc/localtime"));
	assert_false(zone_known("/usr/share/zoneinfo/Europe/Paris"));
	assert_false(zone_known(":Europe/Paris"));
	assert_false(zone_known("Europe"));
	assert_false(zone_known("CET-1CEST,M3.5.0,M10.5.0/3"));
	assert_false(zone_known("UTC+3"));
	assert_false(zone_known("+05:00"));
	assert_false(zone_known("+0500"));
	assert_false(zone_known("Europe/Paris\n"));
}

/* An unknown zone is UTC, not the process's local zone. */
static void
test_unknown_is_utc(void **state)
{
	struct tm tm;
	GTimeZone *z;

	(void)state;
	setenv("TZ", "Asia/Tokyo", 1);
	z = zone_new("Nowhere/City");
	zone_localtime(z, REF, &tm);
	assert_int_equal(tm.tm_hour, 8);
	assert_int_equal(tm.tm_gmtoff, 0);
	assert_int_equal(zone_mktime(z, 2026, 11, 24, 8, 0), REF);
	g_time_zone_unref(z);
	assert_int_equal(offset("../../etc/passwd", REF), 0);
	assert_int_equal(offset("UTC+3", REF), 0);
	assert_int_equal(offset(NULL, REF), 0);
	unsetenv("TZ");
}

static void
test_offsets(void **state)
{
	/* Friday 27 March 2026, 10:00 UTC: Paris changes to CEST on Sunday. */
	time_t fri = 1774605600;

	(void)state;
	assert_int_equal(offset("Europe/Paris", REF), 3600);
	assert_int_equal(offset("Europe/Paris", fri + 3 * 86400), 7200);
	assert_int_equal(offset("Australia/Sydney", REF), 11 * 3600);
	assert_int_equal(offset("America/New_York", REF), -5 * 3600);
	assert_int_equal(offset("Asia/Kolkata", REF), 5 * 3600 + 1800);
	/* Far past the transitions in the file: its POSIX rule. */
	assert_int_equal(offset("Europe/Paris", testtime_utc(2100, 7, 1, 0, 0)),
			 7200);
	assert_int_equal(
	    offset("Europe/Paris", testtime_utc(2100, 12, 1, 0, 0)), 3600);
}

static void
test_localtime_fields(void **state)
{
	struct tm tm;
	GTimeZone *z = zone_new("America/New_York");

	(void)state;
	/* 03:00 EST on Tuesday 24 November, the 328th day. */
	zone_localtime(z, REF, &tm);
	assert_int_equal(tm.tm_year, 126);
	assert_int_equal(tm.tm_mon, 10);
	assert_int_equal(tm.tm_mday, 24);
	assert_int_equal(tm.tm_hour, 3);
	assert_int_equal(tm.tm_wday, 2);
	assert_int_equal(tm.tm_yday, 327);
	assert_int_equal(tm.tm_isdst, 0);
	zone_localtime(z, testtime_utc(2026, 7, 1, 12, 0), &tm);
	assert_int_equal(tm.tm_hour, 8);
	assert_int_equal(tm.tm_isdst, 1);
	assert_int_equal(tm.tm_gmtoff, -4 * 3600);
	g_time_zone_unref(z);
}

/* Paris: 02:00 -> 03:00 on 29 March 2026, 03:00 -> 02:00 on 25 October. */
static void
test_mktime_paris(void **state)
{
	(void)state;
	assert_int_equal(mktime_in("Europe/Paris", 2026, 3, 29, 1, 59),
			 testtime_utc(2026, 3, 29, 0, 59));
	/* Skipped: forward by the gap, 03:30 CEST (not GLib's 03:00). */
	assert_int_equal(mktime_in("Europe/Paris", 2026, 3, 29, 2, 0),
			 testtime_utc(2026, 3, 29, 1, 0));
	assert_int_equal(mktime_in("Europe/Paris", 2026, 3, 29, 2, 30),
			 testtime_utc(2026, 3, 29, 1, 30));
	assert_int_equal(mktime_in("Europe/Paris", 2026, 3, 29, 3, 0),
			 testtime_utc(2026, 3, 29, 1, 0));
	assert_int_equal(mktime_in("Europe/Paris", 2026, 3, 29, 8, 0),
			 testtime_utc(2026, 3, 29, 6, 0));
	/* Repeated: the first, 02:30 CEST (not GLib's CET one). */
	assert_int_equal(mktime_in("Europe/Paris", 2026, 10, 25, 2, 30),
			 testtime_utc(2026, 10, 25, 0, 30));
	assert_int_equal(mktime_in("Europe/Paris", 2026, 10, 25, 1, 59),
			 testtime_utc(2026, 10, 24, 23, 59));
	assert_int_equal(mktime_in("Europe/Paris", 2026, 10, 25, 3, 0),
			 testtime_utc(2026, 10, 25, 2, 0));
	/* The same after the last transition of the file. */
	assert_int_equal(mktime_in("Europe/Paris", 2100, 3, 28, 2, 30),
			 testtime_utc(2100, 3, 28, 1, 30));
	assert_int_equal(mktime_in("Europe/Paris", 2100, 10, 31, 2, 30),
			 testtime_utc(2100, 10, 31, 0, 30));
}

/* Sydney, whose summer spans the new year: back on 5 April 2026 (03:00
 * -> 02:00), forward on 4 October (02:00 -> 03:00). */
static void
test_mktime_south_and_west(void **state)
{
	(void)state;
	assert_int_equal(mktime_in("Australia/Sydney", 2026, 4, 5, 2, 30),
			 testtime_utc(2026, 4, 4, 15, 30));
	assert_int_equal(mktime_in("Australia/Sydney", 2026, 10, 4, 2, 30),
			 testtime_utc(2026, 10, 3, 16, 30));
	assert_int_equal(mktime_in("Australia/Sydney", 2026, 1, 15, 9, 0),
			 testtime_utc(2026, 1, 14, 22, 0));
	/* New York: forward on 8 March 2026, back on 1 November. */
	assert_int_equal(mktime_in("America/New_York", 2026, 3, 8, 2, 30),
			 testtime_utc(2026, 3, 8, 7, 30));
	assert_int_equal(mktime_in("America/New_York", 2026, 11, 1, 1, 30),
			 testtime_utc(2026, 11, 1, 5, 30));
}

/* Out-of-range days and hours roll over as timegm's do. */
static void
test_mktime_normalises(void **state)
{
	(void)state;
	assert_int_equal(mktime_in("Europe/Paris", 2026, 11, 31, 9, 0),
			 testtime_utc(2026, 12, 1, 8, 0));
	assert_int_equal(mktime_in("Europe/Paris", 2026, 12, 31, 24, 0),
			 testtime_utc(2026, 12, 31, 23, 0));
	assert_int_equal(mktime_in("UTC", 2026, 2, 29, 0, 0),
			 testtime_utc(2026, 3, 1, 0, 0));
}

/* $TZDIR is where zones are read; a FIFO there is no zone (and does not
 * block); a zone once read stays. */
static void
test_tzdir(void **state)
{
	char dir[] = "/tmp/test_zone.XXXXXX", path[128], cmd[300];
	const char *old = getenv("TZDIR");

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/Test", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(cmd, sizeof(cmd), "cp %s/Asia/Tokyo %s/Test/Zone",
		 old ? old : "/usr/share/zoneinfo", dir);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/Test/Fifo", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_false(zone_known("Test/Zone"));
	setenv("TZDIR", dir, 1);
	assert_true(zone_known("Test/Zone"));
	assert_int_equal(offset("Test/Zone", REF), 9 * 3600);
	assert_false(zone_known("Test/Fifo"));
	assert_false(zone_known("Europe/Madrid"));
	if (old)
		setenv("TZDIR", old, 1);
	else
		unsetenv("TZDIR");
	assert_true(zone_known("Test/Zone"));
	assert_true(zone_known("Europe/Madrid"));
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/* Many threads at once, as the analyzer's workers run. */
static void *
worker(void *arg)
{
	int *ok = arg;

	for (int i = 0; i < 200; i++) {
		GTimeZone *z = zone_new(i % 2 ? "Europe/Paris" : "Asia/Tokyo");
		time_t t = zone_mktime(z, 2026, 3, 29, 2, 30);

		if (t != (i % 2 ? testtime_utc(2026, 3, 29, 1, 30)
				: testtime_utc(2026, 3, 28, 17, 30)))
			*ok = 0;
		g_time_zone_unref(z);
	}
	return NULL;
}

static void
test_threads(void **state)
{
	pthread_t th[8];
	int ok[8];

	(void)state;
	for (int i = 0; i < 8; i++) {
		ok[i] = 1;
		assert_int_equal(pthread_create(&th[i], NULL, worker, &ok[i]),
				 0);
	}
	for (int i = 0; i < 8; i++) {
		pthread_join(th[i], NULL);
		assert_true(ok[i]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_known),
	    cmocka_unit_test(test_unknown_is_utc),
	    cmocka_unit_test(test_offsets),
	    cmocka_unit_test(test_localtime_fields),
	    cmocka_unit_test(test_mktime_paris),
	    cmocka_unit_test(test_mktime_south_and_west),
	    cmocka_unit_test(test_mktime_normalises),
	    cmocka_unit_test(test_tzdir),
	    cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
