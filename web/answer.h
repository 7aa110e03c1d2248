/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_ANSWER_H
#define POSTREPLY_ANSWER_H

#include "http.h"

/*
 * Answering a customer from the conversation page: GET
 * /api/conversations/ID/answer (the form: from, to, subject "Re: ...",
 * do_not_contact) and POST {"subject", "text"} (sends it through the
 * MTA with a fresh reply address; answers {"reply_to", "message_id"}).
 */
enum MHD_Result answer_form(struct http_req *r, const char *id);
enum MHD_Result answer_send(struct http_req *r, const char *id);

#endif
