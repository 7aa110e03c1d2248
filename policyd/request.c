/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * request: the Postfix policy delegation protocol (SMTPD_POLICY_README),
 * request side. A request is "name=value" lines ended by an empty line.
 * Anything else (no "=", an empty name, non-UTF-8 bytes, too long a line,
 * too many attributes or bytes) is an error: the caller drops the
 * connection without answering, so Postfix applies its own default.
 */
#include <stdlib.h>
#include <string.h>

#include "request.h"
#include "utf8.h"
#include "xmalloc.h"

void
request_init(struct request *req)
{
	memset(req, 0, sizeof(*req));
}

void
request_reset(struct request *req)
{
	int i;

	for (i = 0; i < req->nattrs; i++) {
		free(req->names[i]);
		free(req->values[i]);
	}
	request_init(req);
}

enum request_status
request_line(struct request *req, const char *line, size_t len,
	     const char **why)
{
	const char *eq;

	if (len == 0)
		return req->nattrs > 0 ? REQUEST_DONE : REQUEST_MORE;
	req->size += len + 1;
	if (len > REQUEST_MAX_LINE) {
		*why = "line too long";
		return REQUEST_ERROR;
	}
	if (req->size > REQUEST_MAX_SIZE) {
		*why = "request too large";
		return REQUEST_ERROR;
	}
	if (req->nattrs >= REQUEST_MAX_ATTRS) {
		*why = "too many attributes";
		return REQUEST_ERROR;
	}
	if (!utf8_valid(line, len)) {
		*why = "not UTF-8 text";
		return REQUEST_ERROR;
	}
	if ((eq = memchr(line, '=', len)) == NULL || eq == line) {
		*why = "expected name=value";
		return REQUEST_ERROR;
	}
	req->names[req->nattrs] = xstrndup(line, (size_t)(eq - line));
	req->values[req->nattrs] =
	    xstrndup(eq + 1, len - (size_t)(eq - line) - 1);
	req->nattrs++;
	return REQUEST_MORE;
}

const char *
request_get(const struct request *req, const char *name)
{
	int i;

	for (i = 0; i < req->nattrs; i++)
		if (strcmp(req->names[i], name) == 0)
			return req->values[i];
	return NULL;
}
