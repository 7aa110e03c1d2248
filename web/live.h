/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_LIVE_H
#define POSTREPLY_LIVE_H

#include "http.h"

/* Start listening for the database's announcements (once, at start). */
void live_init(void);
/* End every stream and the listener: before MHD_stop_daemon. */
void live_stop(void);

/* GET /api/events: a stream of server-sent events for the signed-in user. */
enum MHD_Result live_events(struct http_req *r);

#endif
