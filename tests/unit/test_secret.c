/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for util/secret.c: a secret file is one word, and one that
 * others may read or write, or its group write, is refused with the
 * chmod that fixes it, as ssh refuses an exposed private key.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "secret.h"

static char dir[64], path[128];

static int
setup(void **state)
{
	FILE *fp;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_secret.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/secret", dir);
	if ((fp = fopen(path, "w")) == NULL)
		return -1;
	fputs("  s3cret\n", fp);
	fclose(fp);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unlink(path);
	rmdir(dir);
	return 0;
}

/* secret_read of the file with this mode: 0 or -1, err filled. */
static int
read_with_mode(mode_t mode, char **out, char *err, size_t errlen)
{
	assert_int_equal(chmod(path, mode), 0);
	return secret_read("webhook_secret_file", path, out, err, errlen);
}

static void
test_private_modes_are_read(void **state)
{
	static const mode_t ok[] = {0600, 0640, 0400, 0440, 0700, 0750};
	char err[512], *s;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		if (read_with_mode(ok[i], &s, err, sizeof(err)) != 0)
			fail_msg("mode %04o: %s", (unsigned)ok[i], err);
		assert_string_equal(s, "s3cret");
		free(s);
	}
}

static void
test_exposed_modes_are_refused(void **state)
{
	static const struct {
		mode_t mode;
		const char *why;
	} bad[] = {
	    {0644, "is readable by others (mode 0644)"},
	    {0604, "is readable by others (mode 0604)"},
	    {0666, "is readable by others (mode 0666)"},
	    {0602, "is writable by others (mode 0602)"},
	    {0601, "is open to others (mode 0601)"},
	    {0660, "is writable by its group (mode 0660)"},
	    {0620, "is writable by its group (mode 0620)"},
	};
	char err[512], want[512], *s;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(
		    read_with_mode(bad[i].mode, &s, err, sizeof(err)), -1);
		assert_null(s);
		snprintf(want, sizeof(want),
			 "webhook_secret_file %s %s; run chmod 640 %s", path,
			 bad[i].why, path);
		assert_string_equal(err, want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_private_modes_are_read, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_exposed_modes_are_refused,
					    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
