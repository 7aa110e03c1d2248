/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * zone: account time zones on GLib's GTimeZone, which reads the zone
 * files (TZif with their POSIX footer) and is thread-safe without
 * setenv/tzset.
 *
 * Contract. Two rules GLib leaves open are fixed here, once:
 * - Which names are zones. GLib also takes paths and POSIX TZ strings;
 *   an account's zone is a name of the zone database (a file under $TZDIR
 *   or /usr/share/zoneinfo, "Europe/Paris") or UTC, checked before any
 *   file is opened, so a stored name cannot make us read /etc/passwd or
 *   block on a FIFO. Anything else is UTC: a date computed in the wrong
 *   zone is off by hours, which is better than no date.
 * - What a local time in a gap or an overlap means. g_date_time_new()
 *   rounds 02:30 up to 03:00 on a spring-forward day and takes the second
 *   02:30 in autumn. We keep the rule postreply has always had: a skipped
 *   time moves forward by the length of the gap, as glibc's mktime(3)
 *   moves it (02:30 becomes 03:30), and a repeated time is the first of
 *   the two, the earlier instant the customer can have meant.
 */
#include <string.h>

#include "zone.h"

#define ZONE_NAME_MAX 100
#define ZONE_CACHE_MAX 1024 /* more than the zone database names */

/*
 * The zones looked up so far, by name, held for the life of the process:
 * GLib forgets a zone when its last reference goes, and reading its file
 * again for each reply would cost more than the reading of the reply.
 */
static GMutex zone_lock;
static GHashTable *zone_cache;

static int
zone_is_utc(const char *name)
{
	return name == NULL || name[0] == 0 || strcmp(name, "UTC") == 0 ||
	       strcmp(name, "Etc/UTC") == 0 || strcmp(name, "GMT") == 0 ||
	       strcmp(name, "Z") == 0;
}

/* Letters, digits and "/_+-.", relative, no component starting with ".". */
static int
zone_name_ok(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > ZONE_NAME_MAX || name[0] == '/')
		return 0;
	for (const char *p = name; *p; p++) {
		char c = *p;

		if (!g_ascii_isalnum(c) && strchr("/_+-.", c) == NULL)
			return 0;
		if (c == '.' && (p == name || p[-1] == '/'))
			return 0;
	}
	return 1;
}

/* A file of the zone database: GLib would parse a missing one as POSIX. */
static int
zone_file_exists(const char *name)
{
	const char *dir = g_getenv("TZDIR");
	char *path;
	int ok;

	if (dir == NULL || dir[0] == 0)
		dir = "/usr/share/zoneinfo";
	path = g_build_filename(dir, name, NULL);
	ok = g_file_test(path, G_FILE_TEST_IS_REGULAR);
	g_free(path);
	return ok;
}

/* The zone of a name that is not UTC, or NULL. */
static GTimeZone *
zone_lookup(const char *name)
{
	if (!zone_name_ok(name) || !zone_file_exists(name))
		return NULL;
	return g_time_zone_new_identifier(name);
}

/* The zone of a name that is not UTC, from the cache; NULL if none. */
static GTimeZone *
zone_get(const char *name)
{
	GTimeZone *z;

	g_mutex_lock(&zone_lock);
	if (zone_cache == NULL)
		zone_cache =
		    g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					  (GDestroyNotify)g_time_zone_unref);
	if ((z = g_hash_table_lookup(zone_cache, name)) != NULL) {
		g_time_zone_ref(z);
	} else if ((z = zone_lookup(name)) != NULL &&
		   g_hash_table_size(zone_cache) < ZONE_CACHE_MAX) {
		g_hash_table_insert(zone_cache, g_strdup(name),
				    g_time_zone_ref(z));
	}
	g_mutex_unlock(&zone_lock);
	return z;
}

int
zone_known(const char *name)
{
	GTimeZone *z;

	if (zone_is_utc(name))
		return 1;
	if ((z = zone_get(name)) == NULL)
		return 0;
	g_time_zone_unref(z);
	return 1;
}

GTimeZone *
zone_new(const char *name)
{
	GTimeZone *z = zone_is_utc(name) ? NULL : zone_get(name);

	return z != NULL ? z : g_time_zone_new_utc();
}

/* Offset from UTC in seconds, east positive, in effect at instant t. */
static long
zone_offset(GTimeZone *z, gint64 t)
{
	return g_time_zone_get_offset(
	    z, g_time_zone_find_interval(z, G_TIME_TYPE_UNIVERSAL, t));
}

void
zone_localtime(GTimeZone *z, time_t t, struct tm *out)
{
	gint i = g_time_zone_find_interval(z, G_TIME_TYPE_UNIVERSAL, (gint64)t);
	long off = g_time_zone_get_offset(z, i);
	time_t local = t + off;

	if (gmtime_r(&local, out) == NULL)
		memset(out, 0, sizeof(*out));
	out->tm_gmtoff = off;
	out->tm_isdst = g_time_zone_is_dst(z, i);
	out->tm_zone = NULL;
}

time_t
zone_mktime(GTimeZone *z, int year, int mon, int day, int hour, int min)
{
	struct tm tm;
	time_t local, t;
	long before, after;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = year - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = day;
	tm.tm_hour = hour;
	tm.tm_min = min;
	local = timegm(&tm);
	/* The offsets a day either side: at most one change between. */
	before = zone_offset(z, (gint64)local - 86400);
	after = zone_offset(z, (gint64)local + 86400);
	t = local - before;
	if (zone_offset(z, (gint64)t) == before)
		return t;
	t = local - after;
	if (zone_offset(z, (gint64)t) == after)
		return t;
	/* In a gap: the clock jumped over it; take the time after. */
	return local - before;
}
