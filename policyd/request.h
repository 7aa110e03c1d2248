/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_REQUEST_H
#define POSTREPLY_REQUEST_H

#include <stddef.h>

/* Limits on what a client may send; beyond them the connection is cut. */
#define REQUEST_MAX_LINE 4096
#define REQUEST_MAX_ATTRS 64
#define REQUEST_MAX_SIZE 32768

/* One Postfix policy delegation request: "name=value" lines. */
struct request {
	char *names[REQUEST_MAX_ATTRS];
	char *values[REQUEST_MAX_ATTRS];
	int nattrs;
	size_t size; /* bytes so far */
};

enum request_status {
	REQUEST_MORE, /* line taken, the request goes on */
	REQUEST_DONE, /* an empty line: the request is complete */
	REQUEST_ERROR /* bad input: why says what */
};

void request_init(struct request *req);
void request_reset(struct request *req);

/*
 * Add one line (without its newline; a trailing CR is not special).
 * On REQUEST_ERROR, *why explains, for the log.
 */
enum request_status request_line(struct request *req, const char *line,
				 size_t len, const char **why);

/* The value of the first attribute called name, or NULL. */
const char *request_get(const struct request *req, const char *name);

#endif
