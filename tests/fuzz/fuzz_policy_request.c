/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_policy_request: libFuzzer target for the policy delegation request
 * parser. The input is split at '\n' (the last piece counts as a line
 * too) and fed to request_line, each line in a buffer of its own size so
 * that a read past len is caught. An error resets the request and the
 * feeding goes on; so does a complete request, after a few lookups.
 * Checks: at most REQUEST_MAX_ATTRS attributes and REQUEST_MAX_SIZE bytes,
 * names non-empty without '=', names and values UTF-8 without NUL, and
 * request_get finding the first value of every name.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../policyd/request.h"
#include "utf8.h"

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__,     \
				#cond);                                        \
			abort();                                               \
		}                                                              \
	} while (0)

/* Attribute i: a non-empty name without '=', UTF-8 name and value. */
static void
check_attr(const struct request *req, int i)
{
	CHECK(req->names[i] != NULL && req->values[i] != NULL);
	CHECK(req->names[i][0] != 0);
	CHECK(strchr(req->names[i], '=') == NULL);
	CHECK(utf8_valid(req->names[i], strlen(req->names[i])));
	CHECK(utf8_valid(req->values[i], strlen(req->values[i])));
}

/* The whole request, and request_get finding each name's first value. */
static void
check(const struct request *req)
{
	int i, j;

	CHECK(req->nattrs >= 0 && req->nattrs <= REQUEST_MAX_ATTRS);
	for (i = 0; i < req->nattrs; i++) {
		check_attr(req, i);
		for (j = 0; j < i; j++)
			if (strcmp(req->names[j], req->names[i]) == 0)
				break;
		CHECK(request_get(req, req->names[i]) == req->values[j]);
	}
}

/* Feed one line of len bytes. */
static void
feed(struct request *req, const uint8_t *data, size_t len)
{
	char *line = malloc(len ? len : 1);
	const char *why = NULL;
	int before = req->nattrs, reset = 0;

	CHECK(line != NULL);
	memcpy(line, data, len);
	switch (request_line(req, line, len, &why)) {
	case REQUEST_MORE:
		CHECK(len <= REQUEST_MAX_LINE);
		CHECK(req->size <= REQUEST_MAX_SIZE);
		CHECK(req->nattrs == before + (len > 0));
		CHECK(req->nattrs <= REQUEST_MAX_ATTRS);
		if (len > 0) {
			check_attr(req, before);
			CHECK(strlen(req->names[before]) +
				  strlen(req->values[before]) + 1 ==
			      len);
		}
		break;
	case REQUEST_DONE:
		CHECK(len == 0 && before > 0 && req->nattrs == before);
		check(req);
		request_get(req, "request");
		request_get(req, "protocol_state");
		request_get(req, "recipient");
		request_get(req, "client_address");
		request_get(req, "");
		request_reset(req);
		reset = 1;
		break;
	case REQUEST_ERROR:
		CHECK(why != NULL && *why != 0);
		CHECK(req->nattrs == before);
		check(req);
		request_reset(req);
		reset = 1;
		break;
	default:
		abort();
	}
	free(line);
	if (reset)
		CHECK(req->nattrs == 0 && req->size == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size, *nl;
	struct request req;

	request_init(&req);
	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL) {
			feed(&req, p, (size_t)(end - p));
			break;
		}
		feed(&req, p, (size_t)(nl - p));
		p = nl + 1;
	}
	check(&req);
	request_reset(&req);
	return 0;
}
