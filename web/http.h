/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_HTTP_H
#define POSTREPLY_HTTP_H

#include <microhttpd.h>
#include <json-c/json.h>
#include <libpq-fe.h>

#include "buf.h"
#include "users.h"

#define HTTP_MAX_BODY (64 * 1024) /* a JSON request body, at most */
#define HTTP_COOKIE "postreply_session"
#define HTTP_CSRF_HEADER "X-CSRF-Token"

/* One request, from its first call to its answer. */
struct http_req {
	struct MHD_Connection *conn;
	const char *method;
	const char *url;
	struct buf body;
	int too_big;
	char client[64]; /* the peer's address, "local" for a unix socket */
	int proxied;     /* the peer is a trusted proxy (see proxy.h) */
	int by_proxy;    /* who is signed in: named by the proxy's header */
	/* Set by the session lookup, for routes that need one. */
	struct users_who who;
	char session[65];
	/* What a handler sets in the answer beside its body. */
	char *set_cookie;
	const char *location;
};

/* The answer: status and body (JSON text, or other with type). */
enum MHD_Result http_answer(struct http_req *r, unsigned status,
			    const char *type, const char *body, size_t len);
/* The same for a response made by the caller (which it hands over). */
enum MHD_Result http_send(struct http_req *r, unsigned status, const char *type,
			  struct MHD_Response *resp);
enum MHD_Result http_json(struct http_req *r, unsigned status,
			  const char *json);
enum MHD_Result http_json_obj(struct http_req *r, unsigned status,
			      json_object *obj);
/*
 * {"error": "why"} with status, why in plain English, and "code" when
 * the pages have the refusal in their languages (errcode.h).
 */
enum MHD_Result http_error(struct http_req *r, unsigned status, const char *fmt,
			   ...) __attribute__((format(printf, 3, 4)));

/*
 * The JSON object of the request's body, with only the keys named in
 * allowed (NULL-terminated): NULL after answering 400 or 413 (a body
 * too big, not JSON, not an object, an unknown key).
 */
json_object *http_body(struct http_req *r, const char *const *allowed,
		       enum MHD_Result *answered);
/* A string member of obj, or NULL when absent or not a string. */
const char *http_str(json_object *obj, const char *key);

/* A query-string argument, or NULL. */
const char *http_arg(struct http_req *r, const char *name);

#endif
