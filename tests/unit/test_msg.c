/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for util/msg.c: a log line shows, rather than writes, the
 * bytes an SMTP client may have put in it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <unistd.h>

#include "msg.h"

/* What msg_warn(fmt, arg) writes to standard error. */
static void
test_msg_line(const char *arg, char *out, size_t len)
{
	int fds[2], saved;
	ssize_t n;

	assert_int_equal(pipe(fds), 0);
	saved = dup(STDERR_FILENO);
	assert_true(saved >= 0);
	assert_true(dup2(fds[1], STDERR_FILENO) >= 0);
	msg_warn("MAIL FROM %s: refused", arg);
	assert_true(dup2(saved, STDERR_FILENO) >= 0);
	close(saved);
	close(fds[1]);
	n = read(fds[0], out, len - 1);
	close(fds[0]);
	assert_true(n > 0);
	out[n] = 0;
}

static void
test_msg_escapes_smtp_data(void **state)
{
	char out[512];

	(void)state;
	msg_open("test", 1);
	test_msg_line("<\xba\a@example.com>\r\n\x1b[31m", out, sizeof(out));
	assert_string_equal(out, "test: warning: MAIL FROM "
				 "<\\xBA\\x07@example.com>\\x0D\\x0A\\x1B[31m: "
				 "refused\n");
	test_msg_line("<jos\xc3\xa9@example.com>", out, sizeof(out));
	assert_string_equal(
	    out,
	    "test: warning: MAIL FROM <jos\xc3\xa9@example.com>: refused\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_msg_escapes_smtp_data),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
