/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_message: libFuzzer target for the milter's message collector.
 * Input layout: one byte for max_raw (times 4), one byte of flags (bit 0:
 * null sender, bit 1: leadspc), then NUL-separated header name and value
 * pieces up to an empty name, then the body, fed in two chunks. Checks the
 * raw-copy accounting and that remembered headers are unfolded.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../milter/message.h"

/* The next NUL-terminated piece of [*p, end), or NULL at the end. */
static char *
piece(const uint8_t **p, const uint8_t *end)
{
	const uint8_t *nul = memchr(*p, 0, (size_t)(end - *p));
	size_t len = nul ? (size_t)(nul - *p) : (size_t)(end - *p);
	char *s;

	if (*p >= end)
		return NULL;
	s = malloc(len + 1);
	if (s == NULL)
		abort();
	memcpy(s, *p, len);
	s[len] = 0;
	*p += nul ? len + 1 : len;
	return s;
}

static void
check_text(const char *s)
{
	if (s != NULL && strpbrk(s, "\r\n\t") != NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	struct message *msg;
	size_t max_raw, half;
	char *name, *value;
	int flags;

	if (size < 2)
		return 0;
	max_raw = (size_t)data[0] * 4;
	flags = data[1];
	p += 2;
	msg = message_new((flags & 1) ? "<>" : "<fuzz@example.org>", max_raw);
	while ((name = piece(&p, end)) != NULL) {
		if (*name == 0) {
			free(name);
			break;
		}
		value = piece(&p, end);
		message_header(msg, name, value ? value : "", flags & 2);
		free(name);
		free(value);
	}
	message_eoh(msg);
	half = (size_t)(end - p) / 2;
	message_body(msg, p, half);
	message_body(msg, p + half, (size_t)(end - p) - half);

	if (msg->raw.len > max_raw || (long long)msg->raw.len > msg->raw_size ||
	    msg->truncated != (msg->raw_size > (long long)max_raw) ||
	    (!msg->truncated && (long long)msg->raw.len != msg->raw_size))
		abort();
	check_text(msg->from);
	check_text(msg->subject);
	check_text(msg->message_id);
	message_free(msg);
	return 0;
}
