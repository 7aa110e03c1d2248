/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * prefs: the settings page's API. An account is found under
 * the user's grant (USERS_SEES, in SQL): another account's id is 404, as
 * one that does not exist. What is written goes through the same SQL as
 * postreplyctl account set / pause / resume and followup rule set
 * (core/settings), after the same checks; every answer to a change is
 * the settings as the database now has them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "act.h"
#include "db.h"
#include "replyaddr.h"
#include "prefs.h"
#include "settings.h"
#include "users.h"
#include "utf8.h"
#include "xmalloc.h"

#define WSET_MAX_TEXT 20000 /* bytes of a rule's custom message */
#define WSET_MAX_FIELD 200  /* bytes of any other field */
#define WSET_MAX_ACTIONS 20 /* on-send actions of a rule */

/* An account's settings as JSON, for a row a of accounts. */
#define WSET_ACCOUNT_JSON                                                      \
	"jsonb_build_object('id', a.id, 'email', a.email, 'name', a.name,"     \
	" 'reply_to', a.reply_to, 'time_zone', a.time_zone,"                   \
	" 'work_hours', a.work_hours, 'work_days', a.work_days,"               \
	" 'paused', a.paused)"

static const char wset_list_sql[] =
    "SELECT coalesce(jsonb_agg(" WSET_ACCOUNT_JSON
    " ORDER BY lower(a.email)), '[]')::text FROM accounts a"
    " WHERE " USERS_SEES("$1::bigint", "a.id");

/* $1 the account, $2 the user: the rules' SQL reads its $1 too. */
static const char wset_get_sql[] =
    "SELECT (" WSET_ACCOUNT_JSON " || jsonb_build_object('rules', "
    "(" SETTINGS_RULES_JSON_SELECT ")::jsonb))::text FROM accounts a"
    " WHERE a.id = $1 AND " USERS_SEES("$2::bigint", "a.id");

static const char wset_email_sql[] =
    "SELECT a.email FROM accounts a"
    " WHERE a.id = $1 AND " USERS_SEES("$2::bigint", "a.id");

/* One request on one account. */
struct wset {
	struct http_req *r;
	long long id;
	json_object *body;
	const char *params[8];
	char *arr;        /* the on_send text[] literal */
	char max[16];     /* max_steps as text */
	const char *why;  /* refused after a look at the database */
	char *out;        /* the answer, JSON text */
	int found, write; /* write: 1 settings, 2 a rule */
};

static PGresult *
wset_query(PGconn *conn, struct wset *w, const char *sql)
{
	char idbuf[32], user[32];
	const char *params[] = {idbuf, user};

	snprintf(idbuf, sizeof(idbuf), "%lld", w->id);
	snprintf(user, sizeof(user), "%lld", w->r->who.id);
	/* The list names only the user. */
	return sql == wset_list_sql ? db_query(conn, sql, 1, params + 1)
				    : db_query(conn, sql, 2, params);
}

/* The rule upsert in a transaction: a custom message needs its text. */
static int
wset_rule_write(PGconn *conn, struct wset *w)
{
	char idbuf[32];
	PGresult *res;
	int custom_empty;

	snprintf(idbuf, sizeof(idbuf), "%lld", w->id);
	w->params[0] = idbuf;
	if (db_exec(conn, "BEGIN", 0, NULL) < 0)
		return -1;
	if ((res = db_query(conn, settings_rule_set_sql, 8, w->params)) ==
	    NULL) {
		db_exec(conn, "ROLLBACK", 0, NULL);
		return -1;
	}
	custom_empty = strcmp(PQgetvalue(res, 0, 3), "custom") == 0 &&
		       *PQgetvalue(res, 0, 4) == 0;
	PQclear(res);
	if (custom_empty) {
		w->why = "a custom message needs its text (custom_text); the "
			 "rule is unchanged";
		return db_exec(conn, "ROLLBACK", 0, NULL);
	}
	return db_exec(conn, "COMMIT", 0, NULL);
}

static int
wset_run(PGconn *conn, void *arg)
{
	struct wset *w = arg;
	PGresult *res;

	if (w->write) {
		if ((res = wset_query(conn, w, wset_email_sql)) == NULL)
			return -1;
		w->found = PQntuples(res) > 0;
		if (w->found && w->write == 1) {
			w->params[0] = PQgetvalue(res, 0, 0);
			if (db_exec(conn, settings_account_set_sql, 7,
				    w->params) < 0) {
				PQclear(res);
				return -1;
			}
		}
		PQclear(res);
		if (!w->found)
			return 0;
		if (w->write == 2 && wset_rule_write(conn, w) < 0)
			return -1;
	}
	if ((res = wset_query(conn, w, w->id ? wset_get_sql : wset_list_sql)) ==
	    NULL)
		return -1;
	w->found = PQntuples(res) > 0;
	if (w->found)
		w->out = xstrdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return 0;
}

/* Run w and answer: the settings, or why not. */
static enum MHD_Result
wset_answer(struct http_req *r, struct wset *w)
{
	enum MHD_Result ret;

	if (dbpool_run(wset_run, w) < 0)
		ret = http_error(r, MHD_HTTP_SERVICE_UNAVAILABLE,
				 "the database is unavailable; try again in "
				 "a moment");
	else if (!w->found)
		ret = http_error(r, MHD_HTTP_NOT_FOUND, "no such account");
	else if (w->why)
		ret = http_error(r, MHD_HTTP_BAD_REQUEST, "%s", w->why);
	else
		ret = http_json(r, MHD_HTTP_OK, w->out);
	free(w->out);
	free(w->arr);
	json_object_put(w->body);
	return ret;
}

enum MHD_Result
prefs_accounts(struct http_req *r)
{
	struct wset w;

	memset(&w, 0, sizeof(w));
	w.r = r;
	return wset_answer(r, &w);
}

enum MHD_Result
prefs_get(struct http_req *r, const char *id)
{
	struct wset w;

	memset(&w, 0, sizeof(w));
	w.r = r;
	if ((w.id = act_id(id)) < 0)
		return http_error(r, MHD_HTTP_NOT_FOUND, "no such account");
	return wset_answer(r, &w);
}

/*
 * A string field: absent is NULL (leave as it is); present, it must be
 * a string of UTF-8 text, one line, within max bytes.
 */
static const char *
wset_str(json_object *body, const char *key, size_t max, const char **why)
{
	json_object *v;
	const char *s;

	if (!json_object_object_get_ex(body, key, &v))
		return NULL;
	if (!json_object_is_type(v, json_type_string)) {
		*why = "a field that should be text is not";
		return NULL;
	}
	s = json_object_get_string(v);
	if (strlen(s) > max || !utf8_valid(s, strlen(s)))
		*why = "a field is too long or not UTF-8 text";
	else if (max == WSET_MAX_FIELD && strpbrk(s, "\r\n"))
		*why = "a field must be one line";
	return s;
}

/* A boolean field: NULL when absent, "t" or "f". */
static const char *
wset_bool(json_object *body, const char *key, const char **why)
{
	json_object *v;

	if (!json_object_object_get_ex(body, key, &v))
		return NULL;
	if (!json_object_is_type(v, json_type_boolean)) {
		*why = "enabled and paused must be true or false";
		return NULL;
	}
	return json_object_get_boolean(v) ? "t" : "f";
}

/* Start a change: the id, the body with only keys; 0, or answered. */
static int
wset_begin(struct http_req *r, const char *id, const char *const *keys,
	   struct wset *w, enum MHD_Result *ret)
{
	memset(w, 0, sizeof(*w));
	w->r = r;
	if ((w->body = http_body(r, keys, ret)) == NULL)
		return -1;
	if ((w->id = act_id(id)) < 0) {
		json_object_put(w->body);
		*ret = http_error(r, MHD_HTTP_NOT_FOUND, "no such account");
		return -1;
	}
	return 0;
}

static enum MHD_Result
wset_refuse(struct http_req *r, struct wset *w, const char *why)
{
	json_object_put(w->body);
	return http_error(r, MHD_HTTP_BAD_REQUEST, "%s", why);
}

enum MHD_Result
prefs_set(struct http_req *r, const char *id)
{
	static const char *const keys[] = {
	    "name",      "reply_to", "work_hours", "work_days",
	    "time_zone", "paused",   NULL};
	const char *why = NULL, *p[7] = {NULL};
	enum MHD_Result ret;
	struct wset w;
	int i;

	if (wset_begin(r, id, keys, &w, &ret) < 0)
		return ret;
	for (i = 0; i < 5; i++)
		p[i + 1] = wset_str(w.body, keys[i], WSET_MAX_FIELD, &why);
	p[6] = wset_bool(w.body, "paused", &why);
	if (why == NULL && p[2] && *p[2] && !replyaddr_plausible(p[2]))
		why = "bad reply-to address: expected name@domain, or \"\" "
		      "for the account's own";
	if (why == NULL && p[3])
		why = settings_check_hours(p[3]);
	if (why == NULL && p[4])
		why = settings_check_days(p[4]);
	if (why == NULL && p[5])
		why = settings_check_zone(p[5]);
	if (why)
		return wset_refuse(r, &w, why);
	memcpy(w.params, p, sizeof(p));
	w.write = 1;
	return wset_answer(r, &w);
}

/* on_send: an array of checked actions, as a text[] literal. */
static const char *
wset_actions(struct wset *w)
{
	const char *items[WSET_MAX_ACTIONS], *why;
	json_object *v, *item;
	size_t i, n;

	if (!json_object_object_get_ex(w->body, "on_send", &v))
		return NULL;
	if (!json_object_is_type(v, json_type_array) ||
	    (n = json_object_array_length(v)) > WSET_MAX_ACTIONS)
		return "on_send must be a list of at most 20 actions";
	for (i = 0; i < n; i++) {
		item = json_object_array_get_idx(v, i);
		if (!json_object_is_type(item, json_type_string) ||
		    strlen(json_object_get_string(item)) > WSET_MAX_FIELD)
			return "on_send must be a list of actions (text)";
		items[i] = json_object_get_string(item);
		if ((why = settings_check_action(items[i])) != NULL)
			return why;
	}
	w->arr = settings_text_array(items, (int)n);
	w->params[7] = w->arr;
	return NULL;
}

enum MHD_Result
prefs_rule(struct http_req *r, const char *id)
{
	static const char *const keys[] = {
	    "scenario", "enabled",     "steps",   "max_steps",
	    "message",  "custom_text", "on_send", NULL};
	const char *why = NULL;
	enum MHD_Result ret;
	json_object *v;
	struct wset w;

	if (wset_begin(r, id, keys, &w, &ret) < 0)
		return ret;
	w.params[1] = wset_str(w.body, "scenario", WSET_MAX_FIELD, &why);
	w.params[2] = wset_bool(w.body, "enabled", &why);
	w.params[3] = wset_str(w.body, "steps", WSET_MAX_FIELD, &why);
	w.params[5] = wset_str(w.body, "message", WSET_MAX_FIELD, &why);
	w.params[6] = wset_str(w.body, "custom_text", WSET_MAX_TEXT, &why);
	if (json_object_object_get_ex(w.body, "max_steps", &v)) {
		if (!json_object_is_type(v, json_type_int) ||
		    json_object_get_int64(v) < 1 ||
		    json_object_get_int64(v) > 100)
			why = "max_steps must be a number from 1 to 100";
		snprintf(w.max, sizeof(w.max), "%lld",
			 (long long)json_object_get_int64(v));
		w.params[4] = w.max;
	}
	if (why == NULL)
		why = settings_check_scenario(w.params[1]);
	if (why == NULL && w.params[3])
		why = settings_check_steps(w.params[3]);
	if (why == NULL && w.params[5] && strcmp(w.params[5], "ai") != 0 &&
	    strcmp(w.params[5], "custom") != 0)
		why = "message must be ai or custom";
	if (why == NULL && w.params[6] && w.params[5] == NULL)
		w.params[5] = "custom";
	if (why == NULL)
		why = wset_actions(&w);
	if (why) {
		free(w.arr);
		return wset_refuse(r, &w, why);
	}
	w.write = 2;
	return wset_answer(r, &w);
}
