/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * password: hashing and checking passwords with libcrypt, as Debian's
 * shadow does (yescrypt by default since bullseye). The salt comes from
 * libcrypt's own source of randomness (crypt_gensalt_ra with no entropy
 * given); crypt_rn writes into a buffer of ours, so threads do not share
 * state, and its failure output ("*0"...) never compares equal.
 */
#include <crypt.h>
#include <stdlib.h>
#include <string.h>

#include "password.h"
#include "xmalloc.h"

char *
password_hash(const char *password)
{
	struct crypt_data *data;
	char *salt, *hash = NULL;

	if ((salt = crypt_gensalt_ra("$y$", 0, NULL, 0)) == NULL)
		return NULL;
	data = xcalloc(1, sizeof(*data));
	if (crypt_rn(password, salt, data, sizeof(*data)) != NULL &&
	    data->output[0] == '$')
		hash = xstrdup(data->output);
	free(data);
	free(salt);
	return hash;
}

int
password_check(const char *password, const char *hash)
{
	struct crypt_data *data;
	size_t i, n;
	unsigned char diff;
	int ok = 0;

	if (hash == NULL || hash[0] != '$')
		return 0;
	data = xcalloc(1, sizeof(*data));
	if (crypt_rn(password, hash, data, sizeof(*data)) != NULL &&
	    (n = strlen(hash)) == strlen(data->output)) {
		/* Compared whole, so the time says nothing of where. */
		for (i = 0, diff = 0; i < n; i++)
			diff |= (unsigned char)(data->output[i] ^ hash[i]);
		ok = diff == 0;
	}
	free(data);
	return ok;
}
