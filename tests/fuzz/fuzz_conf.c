/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_conf: libFuzzer target for the configuration parser. Any bytes go
 * to conf_load_stream; a refused file must say where, and an accepted one
 * must print (as postreplyctl -n does) in a form that loads back to the
 * same settings.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

#define NAME "fuzz.conf"

static char *
print_conf(void)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);

	if (fp == NULL)
		abort();
	conf_print(fp);
	fclose(fp);
	return out;
}

static int
load(const void *data, size_t size, char *err, size_t errlen)
{
	FILE *fp = fmemopen((void *)data, size, "r");
	int rc;

	if (fp == NULL)
		abort();
	rc = conf_load_stream(fp, NAME, err, errlen);
	fclose(fp);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512], err2[512];
	char *before, *after;

	conf_reset();
	err[0] = 0;
	if (load(data, size, err, sizeof(err)) != 0) {
		/* Every refusal names the file and the line. */
		if (strncmp(err, NAME ", line ", strlen(NAME ", line ")) != 0) {
			fprintf(stderr, "error without a place: %s\n", err);
			abort();
		}
		return 0;
	}
	if (conf_cur()->token_lifetime < 1 ||
	    conf_cur()->max_stored_message_size < 1 ||
	    conf_cur()->db_pool_size < 1 ||
	    strlen(conf_cur()->recipient_delimiter) != 1)
		abort();
	before = print_conf();
	conf_reset();
	if (load(before, strlen(before), err2, sizeof(err2)) != 0) {
		fprintf(stderr, "printed configuration does not load: %s\n",
			err2);
		abort();
	}
	after = print_conf();
	if (strcmp(before, after) != 0)
		abort();
	free(before);
	free(after);
	return 0;
}
