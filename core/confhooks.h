/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_CONFHOOKS_H
#define POSTREPLY_CONFHOOKS_H

#include <stddef.h>

/*
 * confhooks: the inbound webhooks declared in postreply.conf, parameter
 * inbound_webhooks, in the grouping syntax Postfix gives smtpd_milters:
 *
 *   inbound_webhooks =
 *       { https://app.example.com/inbound, format = sendgrid,
 *         account = sales@example.com,
 *         secret_file = /etc/postreply/inbound.secret }
 *       { https://crm.example.com/hook, format = postmark }
 *
 * Each webhook is one pair of braces: its URL first, then "name = value"
 * settings separated by commas. A webhook of the file is known by its
 * URL, format and account, which no two may share; "conf:N" names the
 * Nth for postreplyctl webhook (its place, which an edit may change).
 */
struct confhook {
	char *url;
	char *format;
	char *account;     /* an account's email; "" for every account */
	char *secret_file; /* "" for none */
};

struct confhooks {
	struct confhook *v;
	size_t n;
};

/* Parse value: 0, or -1 with why in err ("webhook 2: ..."). */
int confhooks_parse(const char *value, struct confhooks *out, char *err,
		    size_t errlen);

void confhooks_free(struct confhooks *h);

/*
 * The check conf_keys.h names for inbound_webhooks: NULL when value is
 * good, else why not (valid until the thread's next call).
 */
const char *confhooks_check(const char *value);

/* The webhooks of the configuration in use (conf_cur()). */
void confhooks_current(struct confhooks *out);

/*
 * The index of the webhook with that URL, format and account (an email,
 * compared without case; "" for every account), or -1.
 */
long confhooks_find(const struct confhooks *h, const char *url,
		    const char *format, const char *account);

#endif
