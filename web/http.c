/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * http: the answers of postreply-web and what every one of them carries.
 * Each response has a strict Content-Security-Policy (scripts, styles
 * and everything else only from this origin, no inline script, no
 * framing), nosniff, no referrer, and is not cached: pages show other
 * people's mail. Request bodies are JSON objects of at most
 * HTTP_MAX_BODY bytes whose keys the route names; anything else is
 * refused with a JSON error saying why, before a handler sees it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analysis.h"
#include "db.h"
#include "errcode.h"
#include "http.h"
#include "msg.h"

static const char http_csp[] =
    "default-src 'self'; script-src 'self'; style-src 'self';"
    " img-src 'self' data:; connect-src 'self'; object-src 'none';"
    " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

static void
http_headers(struct MHD_Response *resp, const char *type)
{
	MHD_add_response_header(resp, "Content-Type", type);
	MHD_add_response_header(resp, "Content-Security-Policy", http_csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
}

enum MHD_Result
http_answer(struct http_req *r, unsigned status, const char *type,
	    const char *body, size_t len)
{
	struct MHD_Response *resp;

	resp = MHD_create_response_from_buffer(len, (void *)body,
					       MHD_RESPMEM_MUST_COPY);
	if (resp == NULL)
		return MHD_NO;
	return http_send(r, status, type, resp);
}

enum MHD_Result
http_send(struct http_req *r, unsigned status, const char *type,
	  struct MHD_Response *resp)
{
	enum MHD_Result ret;

	http_headers(resp, type);
	if (r->set_cookie)
		MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
	if (r->location)
		MHD_add_response_header(resp, "Location", r->location);
	ret = MHD_queue_response(r->conn, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

enum MHD_Result
http_json(struct http_req *r, unsigned status, const char *json)
{
	return http_answer(r, status, "application/json; charset=utf-8", json,
			   strlen(json));
}

enum MHD_Result
http_json_obj(struct http_req *r, unsigned status, json_object *obj)
{
	enum MHD_Result ret = http_json(
	    r, status,
	    json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN));

	json_object_put(obj);
	return ret;
}

enum MHD_Result
http_error(struct http_req *r, unsigned status, const char *fmt, ...)
{
	char why[512];
	va_list ap;
	json_object *obj = json_object_new_object();
	const char *code, *arg = NULL;

	va_start(ap, fmt);
	if (strcmp(fmt, "%s") == 0) {
		va_list again;

		va_copy(again, ap);
		arg = va_arg(again, const char *);
		va_end(again);
	}
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	json_object_object_add(obj, "error", json_object_new_string(why));
	/* The page shows a refusal with a code in its own language. */
	if ((code = errcode_of(fmt, arg)) != NULL)
		json_object_object_add(obj, "code",
				       json_object_new_string(code));
	return http_json_obj(r, status, obj);
}

/* Is the request's body declared as JSON? */
static int
http_is_json(struct http_req *r)
{
	const char *type = MHD_lookup_connection_value(
	    r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	size_t n = strlen("application/json");

	return type && strncasecmp(type, "application/json", n) == 0 &&
	       (type[n] == 0 || type[n] == ';' || type[n] == ' ');
}

/* The first key of obj that allowed does not name, or NULL. */
static const char *
http_unknown_key(json_object *obj, const char *const *allowed)
{
	const char *const *a;

	json_object_object_foreach(obj, key, val)
	{
		(void)val;
		for (a = allowed; *a && strcmp(*a, key) != 0; a++)
			;
		if (*a == NULL)
			return key;
	}
	return NULL;
}

json_object *
http_body(struct http_req *r, const char *const *allowed,
	  enum MHD_Result *answered)
{
	char err[256];
	json_object *obj;
	const char *bad;

	if (r->too_big) {
		*answered = http_error(
		    r, MHD_HTTP_CONTENT_TOO_LARGE,
		    "the request body is larger than %d bytes", HTTP_MAX_BODY);
		return NULL;
	}
	/* A form from another site cannot send this type without asking. */
	if (!http_is_json(r)) {
		*answered = http_error(r, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
				       "the request body must be JSON "
				       "(Content-Type: application/json)");
		return NULL;
	}
	obj = analysis_parse_json_max(r->body.data ? r->body.data : "",
				      r->body.len, HTTP_MAX_BODY, 8, err,
				      sizeof(err));
	if (obj == NULL || !json_object_is_type(obj, json_type_object)) {
		*answered =
		    http_error(r, MHD_HTTP_BAD_REQUEST,
			       "the request body is not a JSON object%s%s",
			       obj ? "" : ": ", obj ? "" : err);
		json_object_put(obj);
		return NULL;
	}
	if ((bad = http_unknown_key(obj, allowed)) != NULL) {
		*answered = http_error(r, MHD_HTTP_BAD_REQUEST,
				       "unknown field \"%.64s\"", bad);
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

const char *
http_str(json_object *obj, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

const char *
http_arg(struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND,
					   name);
}
