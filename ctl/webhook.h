/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_CTL_WEBHOOK_H
#define POSTREPLY_CTL_WEBHOOK_H

#include <libpq-fe.h>

/*
 * The webhooks of postreply.conf: secret files readable, accounts there
 * (conn NULL: not looked up) (webhook.c).
 */
void webhook_check(PGconn *conn);

#endif
