/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_ZONE_H
#define POSTREPLY_ZONE_H

#include <glib.h>
#include <time.h>

/*
 * zone: an account's time zone, as GLib's GTimeZone (immutable and
 * thread-safe, read from the zone files under $TZDIR or
 * /usr/share/zoneinfo; never setenv("TZ")). Only what GLib leaves to us
 * is here: which names are zones, and what a local time that a change of
 * offset skips or repeats means. A zone once read is kept until the
 * process ends: changes to the files or to $TZDIR are seen at the next
 * start.
 */

/*
 * 1 when name is a zone: NULL, "", "UTC", "Etc/UTC", "GMT" or "Z", or
 * the name of a file of the zone database that GLib can read. Paths,
 * "." components and POSIX TZ strings ("CET-1CEST,M3.5.0") are not.
 */
int zone_known(const char *name);

/* The zone of that name, or UTC when it is not one (zone_known). Never
 * NULL; g_time_zone_unref() it. */
GTimeZone *zone_new(const char *name);

/*
 * The local civil time of t in z (tm_wday and tm_yday filled, tm_gmtoff
 * the offset from UTC in seconds, east positive, tm_isdst
 * set; tm_zone NULL).
 */
void zone_localtime(GTimeZone *z, time_t t, struct tm *out);

/*
 * The instant at which the clock in z reads the given civil time (mon
 * 1..12; out-of-range days and hours are normalised as timegm does). A
 * time skipped by a change of offset moves forward by the gap (02:30 on
 * a spring-forward day is 03:30); a time that occurs twice is the first
 * occurrence.
 */
time_t zone_mktime(GTimeZone *z, int year, int mon, int day, int hour, int min);

#endif
