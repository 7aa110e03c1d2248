/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_CUSTPAGE_H
#define POSTREPLY_CUSTPAGE_H

#include "http.h"

/*
 * GET /api/conversations/ID/customer: the customer of a conversation
 * (details, status, do-not-contact, tags) and every conversation with
 * the same address in the accounts the user may see, newest first.
 */
enum MHD_Result custpage_get(struct http_req *r, const char *id);

#endif
