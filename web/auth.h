/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_AUTH_H
#define POSTREPLY_AUTH_H

#include "http.h"

/* Once, before serving: the sign-in rate limits, the links' queue. */
void auth_init(void);
/* Once, when stopping: the links queued are sent first. */
void auth_stop(void);

/*
 * The request's session, from its cookie, or from a trusted proxy's
 * user header (that user's one proxied session, without a cookie): 1
 * with r->who set, 0 when there is none (or it expired), -1 when the
 * database failed.
 */
int auth_session(struct http_req *r);
/* A state-changing request carries the session's CSRF token. */
int auth_csrf_ok(const struct http_req *r);

/*
 * The routes: POST /api/signin, POST /api/signout, GET /api/me, and
 * sign-in by link: POST /api/signin/link (mail a one-time link) and POST
 * /api/signin/link/use (the page posts the link's token).
 */
enum MHD_Result auth_signin(struct http_req *r);
enum MHD_Result auth_link_request(struct http_req *r);
enum MHD_Result auth_link_use(struct http_req *r);
enum MHD_Result auth_signout(struct http_req *r);
enum MHD_Result auth_me(struct http_req *r);

#endif
