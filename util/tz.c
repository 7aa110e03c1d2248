/*
 * tz: UTC offsets of named time zones, read from the system's TZif files
 * (RFC 8536), for the built-in analyzer's relative dates ("next Tuesday"
 * is 09:00 in the account's zone).
 *
 * Contract. Thread-safe without setenv/tzset: zones are parsed once into
 * an immutable table, kept in a small cache behind a mutex, never freed
 * while the process runs. Times after the last transition of the file
 * follow its POSIX TZ footer (DST rules such as "CET-1CEST,M3.5.0,
 * M10.5.0/3"), so "slim" zone files work too. Zone names are checked
 * (letters, digits, "/_+-", no "." components) before a file is opened.
 * Anything that cannot be read is UTC: a date computed in the wrong zone
 * is off by hours, which is better than no date.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tz.h"
#include "xmalloc.h"

#define TZ_MAX_FILE (256 * 1024)
#define TZ_MAX_CACHE 1024 /* more than the IANA database names */
#define TZ_NAME_MAX 100

/* One rule of a POSIX TZ string: Mm.w.d, Jn or n, and a time. */
struct tz_rule {
	char kind; /* 'M', 'J' or 'D' (zero-based day of the year) */
	int mon, week, wday, day;
	long secs; /* local time of day of the change */
};

struct tz_posix {
	int valid;
	long stdoff, dstoff; /* east positive */
	int has_dst;
	struct tz_rule start, end;
};

struct tz_zone {
	char name[TZ_NAME_MAX + 1];
	int ok;
	size_t ntrans;
	int64_t *trans;     /* transition instants, ascending */
	unsigned char *idx; /* type after each transition */
	size_t ntypes;
	long *utoff; /* per type */
	unsigned char *isdst;
	long before; /* offset before the first transition */
	struct tz_posix posix;
	struct tz_zone *next;
};

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;
static struct tz_zone *tz_cache;
static int tz_ncache;

static int
tz_name_ok(const char *name)
{
	size_t len = strlen(name);
	const char *p;

	if (len == 0 || len > TZ_NAME_MAX || name[0] == '/')
		return 0;
	for (p = name; *p; p++) {
		char c = *p;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '/' || c == '_' ||
		      c == '+' || c == '-' || c == '.'))
			return 0;
		if (c == '.' && (p == name || p[-1] == '/'))
			return 0;
	}
	return 1;
}

static int
is_utc(const char *name)
{
	return name == NULL || name[0] == 0 || strcmp(name, "UTC") == 0 ||
	       strcmp(name, "Etc/UTC") == 0 || strcmp(name, "GMT") == 0 ||
	       strcmp(name, "Z") == 0;
}

/* POSIX TZ strings */

static const char *
posix_name(const char *p)
{
	if (*p == '<') {
		while (*p && *p != '>')
			p++;
		return *p == '>' ? p + 1 : NULL;
	}
	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return NULL;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
		p++;
	return p;
}

static const char *
posix_num(const char *p, int *out, int max)
{
	int v = 0, n = 0;

	while (*p >= '0' && *p <= '9' && n < 4) {
		v = v * 10 + (*p++ - '0');
		n++;
	}
	if (n == 0 || v > max)
		return NULL;
	*out = v;
	return p;
}

/* [+-]hh[:mm[:ss]] in seconds. */
static const char *
posix_time(const char *p, long *out)
{
	int sign = 1, h, m = 0, s = 0;

	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	if ((p = posix_num(p, &h, 167)) == NULL)
		return NULL;
	if (*p == ':') {
		if ((p = posix_num(p + 1, &m, 59)) == NULL)
			return NULL;
		if (*p == ':' && (p = posix_num(p + 1, &s, 59)) == NULL)
			return NULL;
	}
	*out = sign * (h * 3600L + m * 60L + s);
	return p;
}

static const char *
posix_rule(const char *p, struct tz_rule *r)
{
	r->secs = 7200;
	if (*p == 'M') {
		r->kind = 'M';
		if ((p = posix_num(p + 1, &r->mon, 12)) == NULL || *p != '.' ||
		    (p = posix_num(p + 1, &r->week, 5)) == NULL || *p != '.' ||
		    (p = posix_num(p + 1, &r->wday, 6)) == NULL)
			return NULL;
		if (r->mon < 1 || r->week < 1)
			return NULL;
	} else if (*p == 'J') {
		r->kind = 'J';
		if ((p = posix_num(p + 1, &r->day, 365)) == NULL || r->day < 1)
			return NULL;
	} else {
		r->kind = 'D';
		if ((p = posix_num(p, &r->day, 365)) == NULL)
			return NULL;
	}
	if (*p == '/' && (p = posix_time(p + 1, &r->secs)) == NULL)
		return NULL;
	return p;
}

static void
posix_parse(const char *s, struct tz_posix *tz)
{
	const char *p = posix_name(s);
	long off;

	memset(tz, 0, sizeof(*tz));
	if (p == NULL || (p = posix_time(p, &off)) == NULL)
		return;
	tz->stdoff = -off; /* POSIX offsets are west positive */
	tz->dstoff = tz->stdoff + 3600;
	if (*p == 0) {
		tz->valid = 1;
		return;
	}
	if ((p = posix_name(p)) == NULL)
		return;
	if (*p != ',' && *p != 0) {
		if ((p = posix_time(p, &off)) == NULL)
			return;
		tz->dstoff = -off;
	}
	if (*p == 0) {
		/* DST named without rules: the US rules, as POSIX says. */
		tz->start = (struct tz_rule){'M', 3, 2, 0, 0, 7200};
		tz->end = (struct tz_rule){'M', 11, 1, 0, 0, 7200};
	} else if (*p != ',' || (p = posix_rule(p + 1, &tz->start)) == NULL ||
		   *p != ',' || (p = posix_rule(p + 1, &tz->end)) == NULL ||
		   *p != 0) {
		return;
	}
	tz->has_dst = 1;
	tz->valid = 1;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; m 1..12). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Local seconds since the epoch at which rule r fires in year y. */
static int64_t
rule_local(const struct tz_rule *r, int64_t y)
{
	int64_t days;

	if (r->kind == 'J') {
		days = days_from_civil(y, 1, 1) + r->day - 1;
		if (leap(y) && r->day >= 60)
			days++;
	} else if (r->kind == 'D') {
		days = days_from_civil(y, 1, 1) + r->day;
	} else {
		static const int mdays[] = {31, 28, 31, 30, 31, 30,
					    31, 31, 30, 31, 30, 31};
		int64_t first = days_from_civil(y, r->mon, 1);
		int wd1 = (int)(((first % 7) + 7 + 4) % 7); /* 1970: Thu */
		int dim = mdays[r->mon - 1] + (r->mon == 2 && leap(y));
		int d = 1 + (r->wday - wd1 + 7) % 7 + (r->week - 1) * 7;

		while (d > dim)
			d -= 7;
		days = first + d - 1;
	}
	return days * 86400 + r->secs;
}

static long
posix_offset(const struct tz_posix *tz, int64_t t)
{
	int64_t y, start, end;
	time_t tt;
	struct tm tm;

	if (!tz->has_dst)
		return tz->stdoff;
	tt = (time_t)(t + tz->stdoff);
	if (gmtime_r(&tt, &tm) == NULL)
		return tz->stdoff;
	y = (int64_t)tm.tm_year + 1900;
	start = rule_local(&tz->start, y) - tz->stdoff;
	end = rule_local(&tz->end, y) - tz->dstoff;
	if (start < end)
		return (t >= start && t < end) ? tz->dstoff : tz->stdoff;
	/* Southern hemisphere: DST spans the new year. */
	return (t >= end && t < start) ? tz->stdoff : tz->dstoff;
}

/* TZif files */

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static int64_t
be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* Parse the TZif data in buf into z; 0 on success. */
static int
tzif_parse(struct tz_zone *z, const unsigned char *buf, size_t len)
{
	size_t isut, isstd, leapcnt, timecnt, typecnt, charcnt, off = 0;
	size_t need, tsize = 4;
	int version;

	if (len < 44 || memcmp(buf, "TZif", 4) != 0)
		return -1;
	version = buf[4];
	for (int pass = 0;; pass++) {
		const unsigned char *h = buf + off;

		if (off + 44 > len || memcmp(h, "TZif", 4) != 0)
			return -1;
		isut = be32(h + 20);
		isstd = be32(h + 24);
		leapcnt = be32(h + 28);
		timecnt = be32(h + 32);
		typecnt = be32(h + 36);
		charcnt = be32(h + 40);
		if (timecnt > 10000 || typecnt == 0 || typecnt > 256 ||
		    leapcnt > 1000 || charcnt > 10000 || isut > 256 ||
		    isstd > 256)
			return -1;
		need = timecnt * tsize + timecnt + typecnt * 6 + charcnt +
		       leapcnt * (tsize + 4) + isstd + isut;
		if (off + 44 + need > len)
			return -1;
		if (pass == 0 && version >= '2') {
			off += 44 + need;
			tsize = 8;
			continue;
		}
		break;
	}
	{
		const unsigned char *p = buf + off + 44;
		const unsigned char *ip = p + timecnt * tsize;
		const unsigned char *tp = ip + timecnt;
		size_t i;

		z->ntrans = timecnt;
		z->trans = xcalloc(timecnt + 1, sizeof(int64_t));
		z->idx = xcalloc(timecnt + 1, 1);
		z->ntypes = typecnt;
		z->utoff = xcalloc(typecnt, sizeof(long));
		z->isdst = xcalloc(typecnt, 1);
		for (i = 0; i < timecnt; i++) {
			z->trans[i] = tsize == 8 ? be64(p + i * 8)
						 : (int32_t)be32(p + i * 4);
			z->idx[i] = ip[i] < typecnt ? ip[i] : 0;
		}
		for (i = 0; i < typecnt; i++) {
			z->utoff[i] = (int32_t)be32(tp + i * 6);
			z->isdst[i] = tp[i * 6 + 4];
		}
		/* Before the first transition: the first standard type. */
		z->before = z->utoff[0];
		for (i = 0; i < typecnt; i++)
			if (!z->isdst[i]) {
				z->before = z->utoff[i];
				break;
			}
		off += 44 + need;
	}
	if (tsize == 8 && off < len && buf[off] == '\n') {
		char footer[128];
		size_t n = 0;

		off++;
		while (off < len && buf[off] != '\n' && n + 1 < sizeof(footer))
			footer[n++] = (char)buf[off++];
		footer[n] = 0;
		if (off < len && n > 0)
			posix_parse(footer, &z->posix);
	}
	return 0;
}

static void
tz_load(struct tz_zone *z)
{
	const char *dir = getenv("TZDIR");
	char path[512];
	unsigned char *buf;
	size_t len = 0, n;
	FILE *fp;

	if (dir == NULL || dir[0] == 0)
		dir = "/usr/share/zoneinfo";
	if (!tz_name_ok(z->name))
		return;
	snprintf(path, sizeof(path), "%s/%s", dir, z->name);
	if ((fp = fopen(path, "rbe")) == NULL)
		return;
	buf = xmalloc(TZ_MAX_FILE);
	while ((n = fread(buf + len, 1, TZ_MAX_FILE - len, fp)) > 0)
		len += n;
	fclose(fp);
	if (len < TZ_MAX_FILE && tzif_parse(z, buf, len) == 0)
		z->ok = 1;
	free(buf);
}

/* The zone for name, loaded once; NULL means UTC. */
static const struct tz_zone *
tz_get(const char *name)
{
	struct tz_zone *z;

	if (is_utc(name) || strlen(name) > TZ_NAME_MAX)
		return NULL;
	pthread_mutex_lock(&tz_lock);
	for (z = tz_cache; z != NULL; z = z->next)
		if (strcmp(z->name, name) == 0)
			break;
	if (z == NULL && tz_ncache < TZ_MAX_CACHE) {
		z = xcalloc(1, sizeof(*z));
		snprintf(z->name, sizeof(z->name), "%s", name);
		tz_load(z);
		z->next = tz_cache;
		tz_cache = z;
		tz_ncache++;
	}
	pthread_mutex_unlock(&tz_lock);
	return z != NULL && z->ok ? z : NULL;
}

static long
zone_offset(const struct tz_zone *z, int64_t t)
{
	size_t lo, hi;

	if (z == NULL)
		return 0;
	if (z->ntrans == 0 || t >= z->trans[z->ntrans - 1]) {
		if (z->posix.valid)
			return posix_offset(&z->posix, t);
		if (z->ntrans == 0)
			return z->utoff[0];
		return z->utoff[z->idx[z->ntrans - 1]];
	}
	if (t < z->trans[0])
		return z->before;
	/* The last transition at or before t. */
	lo = 0;
	hi = z->ntrans - 1;
	while (lo + 1 < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (z->trans[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return z->utoff[z->idx[lo]];
}

long
tz_offset(const char *zone, time_t t)
{
	return zone_offset(tz_get(zone), (int64_t)t);
}

void
tz_localtime(const char *zone, time_t t, struct tm *out)
{
	time_t local = t + tz_offset(zone, t);

	if (gmtime_r(&local, out) == NULL)
		memset(out, 0, sizeof(*out));
}

time_t
tz_mktime(const char *zone, int year, int mon, int day, int hour, int min)
{
	const struct tz_zone *z = tz_get(zone);
	struct tm tm;
	time_t local, t;
	long oa, ob;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = year - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = day;
	tm.tm_hour = hour;
	tm.tm_min = min;
	local = timegm(&tm);
	if (z == NULL)
		return local;
	/* The offsets a day either side: at most one change between. */
	oa = zone_offset(z, (int64_t)local - 86400);
	ob = zone_offset(z, (int64_t)local + 86400);
	t = local - oa;
	if (zone_offset(z, t) == oa)
		return t;
	t = local - ob;
	if (zone_offset(z, t) == ob)
		return t;
	/* In a gap: the clock jumped over it; take the time after. */
	return local - oa;
}

int
tz_known(const char *zone)
{
	return is_utc(zone) || tz_get(zone) != NULL;
}
