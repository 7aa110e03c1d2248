/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_API_H
#define POSTREPLY_API_H

#include "http.h"

/* GET /api/inbox, GET /api/conversations/ID (id: the text after it). */
enum MHD_Result api_inbox(struct http_req *r);
enum MHD_Result api_conversation(struct http_req *r, const char *id);

#endif
