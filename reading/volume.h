/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_VOLUME_H
#define POSTREPLY_VOLUME_H

#include <stddef.h>

#include "words.h"

/*
 * The sending volume a reply states: "we send about 50,000 emails a
 * month", "environ 50 000 e-mails par mois", "ca. 50.000 E-Mails pro
 * Monat". Writes "50,000 emails" (a month) or "10,000 emails per week"
 * into out and the sentence number into *sent; returns 0 when the reply
 * states none (a number of emails without a period is a list size, not
 * a volume). A monthly spend counts too ("we pay about €1,200/month":
 * "€1,200"); text is what ws was split from.
 */
int volume_find(const struct words *ws, const char *text, char *out,
		size_t outlen, unsigned *sent);

#endif
