/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hookformats: the formats an inbound webhook posts a reply in, as the
 * table's CHECK has them (sql/013), for the webhooks of the table
 * (webhooks.c, postreplyctl webhook) and of postreply.conf (confhooks.c)
 * alike. How each is written is the analyzer's (hookfmt.c).
 */
#include <string.h>

#include "hookformats.h"

static const char *const hookformats_names[] = {
    "postreply", "postmark", "sendgrid", "sendgrid-raw", "mailgun", NULL,
};

int
hookformats_valid(const char *format)
{
	int i;

	for (i = 0; hookformats_names[i]; i++)
		if (strcmp(format, hookformats_names[i]) == 0)
			return 1;
	return 0;
}
