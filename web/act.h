/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_ACT_H
#define POSTREPLY_ACT_H

#include "http.h"

/*
 * What a user does to a conversation from the page (POST, with the
 * CSRF token): /api/conversations/ID/status {"status"}, .../notes
 * {"text"}, .../read {}, .../replies {"channel", "text"} (a reply
 * received by phone, in a meeting or elsewhere).
 */
/* A whole number from the path (an id); -1 when it is not one. */
long long act_id(const char *s);

enum MHD_Result act_status(struct http_req *r, const char *id);
enum MHD_Result act_note(struct http_req *r, const char *id);
enum MHD_Result act_read(struct http_req *r, const char *id);
enum MHD_Result act_log_reply(struct http_req *r, const char *id);

#endif
