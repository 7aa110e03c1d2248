/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_ADMIN_H
#define POSTREPLY_ADMIN_H

#include "http.h"

/*
 * For administrators only (anyone else: 403): GET /api/admin/users (the
 * users, their role and grants), POST /api/admin/users {"email",
 * "admin"} adds one, POST /api/admin/grants {"email", "account",
 * "granted"} grants an account to a user or takes it back. The accounts
 * are GET /api/accounts (an admin sees them all).
 */
enum MHD_Result admin_users(struct http_req *r);
enum MHD_Result admin_user_add(struct http_req *r);
enum MHD_Result admin_grant(struct http_req *r);

#endif
