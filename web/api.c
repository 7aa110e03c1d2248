/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * api: what the pages read, as JSON, from core/views. Every query names
 * the signed-in user and the database checks the grant (USERS_SEES): a
 * conversation of an account the user may not see is answered 404, the
 * same as one that does not exist, so ids cannot be probed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "db.h"
#include "views.h"
#include "xmalloc.h"

#define API_PAGE 50 /* inbox rows per page */

/* The text of a one-row, one-column answer, or NULL when none. */
struct api_text {
	char *text;
	int failed;
};

static void
api_text_of(struct api_text *t, PGresult *res)
{
	if (res == NULL) {
		t->failed = 1;
		return;
	}
	if (PQntuples(res) > 0)
		t->text = xstrdup(PQgetvalue(res, 0, 0));
	PQclear(res);
}

struct api_inbox {
	struct views_page page;
	struct api_text out;
};

static int
api_inbox_run(PGconn *conn, void *arg)
{
	struct api_inbox *a = arg;

	api_text_of(&a->out, views_inbox_page_json(conn, &a->page));
	return a->out.failed ? -1 : 0;
}

/* A filter argument: NULL when absent or empty. */
static const char *
api_filter(struct http_req *r, const char *name)
{
	const char *v = http_arg(r, name);

	return v && *v ? v : NULL;
}

/*
 * The shortest search: the trigram index (sql/023) has nothing to look
 * up in fewer characters, and a short search that matched nothing read
 * every customer.
 */
#define API_SEARCH_MIN 3

/* Characters of UTF-8 text: the bytes that do not continue one. */
static size_t
api_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* A whole number in [min, max] from text; -1 when it is not one. */
static long long
api_number(const char *s, long long min, long long max)
{
	char *end;
	long long n;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno || *end || n < min || n > max)
		return -1;
	return n;
}

/* The database failed: say so, without the details. */
static enum MHD_Result
api_unavailable(struct http_req *r)
{
	return http_error(r, MHD_HTTP_SERVICE_UNAVAILABLE,
			  "the database is unavailable; try again in a "
			  "moment");
}

/*
 * The cursor of a page ("URGENCY.MICROSECONDS.ID", the "next" of the
 * page before) split into its three numbers; -1 when it is not one.
 */
static int
api_cursor(const char *s, char part[3][24])
{
	size_t n;
	int i;

	for (i = 0; i < 3; i++) {
		n = strspn(s, "0123456789");
		if (n == 0 || n >= sizeof(part[i]) || s[n] != (i < 2 ? '.' : 0))
			return -1;
		memcpy(part[i], s, n);
		part[i][n] = 0;
		s += n + (i < 2);
	}
	return api_number(part[0], 0, 2) < 0 ||
		       api_number(part[1], 0, 9223372036854775807LL) < 0 ||
		       api_number(part[2], 1, 9223372036854775807LL) < 0
		   ? -1
		   : 0;
}

enum MHD_Result
api_inbox(struct http_req *r)
{
	struct api_inbox a;
	const char *after = api_filter(r, "after");
	char part[3][24];
	enum MHD_Result ret;

	memset(&a, 0, sizeof(a));
	if (after && api_cursor(after, part) < 0)
		return http_error(r, MHD_HTTP_BAD_REQUEST,
				  "after must be the \"next\" of a page");
	a.page.user = r->who.id;
	a.page.account = api_filter(r, "account");
	a.page.status = api_filter(r, "status");
	a.page.type = api_filter(r, "type");
	a.page.search = api_filter(r, "q");
	if (a.page.search && api_chars(a.page.search) < API_SEARCH_MIN)
		return http_error(r, MHD_HTTP_BAD_REQUEST,
				  "a search needs at least 3 characters");
	a.page.unread_only = api_filter(r, "unread") != NULL;
	a.page.limit = API_PAGE;
	if (after) {
		a.page.after[0] = part[0];
		a.page.after[1] = part[1];
		a.page.after[2] = part[2];
	}
	if (dbpool_run(api_inbox_run, &a) < 0)
		return api_unavailable(r);
	ret = http_json(r, MHD_HTTP_OK, a.out.text ? a.out.text : "{}");
	free(a.out.text);
	return ret;
}

struct api_conversation {
	long long user, id;
	struct api_text out;
};

static int
api_conversation_run(PGconn *conn, void *arg)
{
	struct api_conversation *a = arg;

	api_text_of(&a->out, views_conversation_json(conn, a->user, a->id));
	return a->out.failed ? -1 : 0;
}

enum MHD_Result
api_conversation(struct http_req *r, const char *id)
{
	struct api_conversation a;
	enum MHD_Result ret;

	memset(&a, 0, sizeof(a));
	a.user = r->who.id;
	if ((a.id = api_number(id, 1, 9223372036854775807LL)) < 0)
		return http_error(r, MHD_HTTP_NOT_FOUND,
				  "no such conversation");
	if (dbpool_run(api_conversation_run, &a) < 0)
		return api_unavailable(r);
	if (a.out.text == NULL)
		return http_error(r, MHD_HTTP_NOT_FOUND,
				  "no such conversation");
	ret = http_json(r, MHD_HTTP_OK, a.out.text);
	free(a.out.text);
	return ret;
}
