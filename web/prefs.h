/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_PREFS_H
#define POSTREPLY_PREFS_H

#include "http.h"

/*
 * An account's settings from the page, for the accounts the user is
 * granted: GET /api/accounts (the list), GET /api/accounts/ID/settings
 * (the account and its follow-up rules), POST /api/accounts/ID/settings
 * {"name", "reply_to", "work_hours", "work_days", "time_zone",
 * "paused"} and POST /api/accounts/ID/rules {"scenario", "enabled",
 * "steps", "max_steps", "message", "custom_text", "on_send"}: each field
 * optional but the scenario; the answer is the settings as they now are.
 */
enum MHD_Result prefs_accounts(struct http_req *r);
enum MHD_Result prefs_get(struct http_req *r, const char *id);
enum MHD_Result prefs_set(struct http_req *r, const char *id);
enum MHD_Result prefs_rule(struct http_req *r, const char *id);

#endif
