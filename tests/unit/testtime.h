/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_TEST_TESTTIME_H
#define POSTREPLY_TEST_TESTTIME_H

/* testtime: instants the unit tests write as civil times. */
#include <time.h>

/* An instant from a UTC civil time. */
static inline time_t
testtime_utc(int y, int mo, int d, int h, int mi)
{
	struct tm tm = {0};

	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	return timegm(&tm);
}

#endif
