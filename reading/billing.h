/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_BILLING_H
#define POSTREPLY_BILLING_H

#include "words.h"

/*
 * A billing mistake written only in numbers: sentence s of ws names an
 * invoice and two quantities that differ ("the invoice shows 900k emails
 * and we sent 90k", "auf der Rechnung stehen 900.000 Mails, verschickt
 * haben wir 90.000"). 1 if so, else 0.
 */
int billing_disputed(const struct words *ws, unsigned s);

#endif
