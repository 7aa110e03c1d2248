#ifndef POSTREPLY_TZ_H
#define POSTREPLY_TZ_H

#include <time.h>

/*
 * Local time in a named IANA zone ("Europe/Paris") without touching the
 * process's TZ: the analyzer is multithreaded and setenv("TZ") is not
 * thread-safe. Zones are read from TZif files under $TZDIR or
 * /usr/share/zoneinfo. An unknown, invalid or empty zone name is UTC.
 */

/* Offset from UTC in seconds (east positive) in effect at instant t. */
long tz_offset(const char *zone, time_t t);

/* The local civil time of t in zone (tm_wday and tm_yday filled). */
void tz_localtime(const char *zone, time_t t, struct tm *out);

/*
 * The instant at which the local clock in zone reads the given civil time
 * (mon 1..12; out-of-range days and hours are normalised as timegm does).
 * A time skipped by a DST change moves forward by the gap; a time that
 * occurs twice is the first occurrence.
 */
time_t tz_mktime(const char *zone, int year, int mon, int day, int hour,
		 int min);

/* 1 when zone names a zone file that could be loaded, or is UTC. */
int tz_known(const char *zone);

#endif
