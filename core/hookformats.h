/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_HOOKFORMATS_H
#define POSTREPLY_HOOKFORMATS_H

/* The formats as a user is told them. */
#define HOOKFORMATS_SAID                                                       \
	"sendgrid, sendgrid-raw, postmark, mailgun or postreply"

/* Is format one of the formats a webhook posts a reply in? */
int hookformats_valid(const char *format);

#endif
