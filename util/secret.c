/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * secret: API keys and webhook secrets live in files named in the
 * configuration, never in the configuration itself. They are read at
 * each use, so a rotated secret needs no restart. As ssh does with a
 * private key, a file others may read or write is refused: the secret in
 * it is no longer one.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "secret.h"
#include "xmalloc.h"

static int
secret_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * What is wrong with a secret file's mode, or NULL. Its group may read it
 * (0640 root:postreply lets the daemon's user read a secret root owns,
 * the Debian way) but not write it: whoever writes the secret chooses
 * what the webhook receiver or the LLM provider trusts.
 */
static const char *
secret_exposure(mode_t mode)
{
	if (mode & S_IROTH)
		return "readable by others";
	if (mode & S_IWOTH)
		return "writable by others";
	if (mode & S_IXOTH)
		return "open to others";
	if (mode & S_IWGRP)
		return "writable by its group";
	return NULL;
}

/* 0 if the open file fp may hold a secret, else -1 with why in err. */
static int
secret_check_mode(const char *name, const char *path, FILE *fp, char *err,
		  size_t errlen)
{
	const char *why;
	struct stat st;

	if (fstat(fileno(fp), &st) < 0) {
		snprintf(err, errlen, "cannot read %s %s: %s", name, path,
			 strerror(errno));
		return -1;
	}
	if ((why = secret_exposure(st.st_mode)) == NULL)
		return 0;
	snprintf(err, errlen, "%s %s is %s (mode %04o); run chmod 640 %s", name,
		 path, why, (unsigned)(st.st_mode & 07777), path);
	return -1;
}

int
secret_read(const char *name, const char *path, char **out, char *err,
	    size_t errlen)
{
	char buf[SECRET_MAX + 1], *s, *e, *p;
	size_t n;
	FILE *fp;

	*out = NULL;
	if (path[0] == 0)
		return 0;
	if ((fp = fopen(path, "re")) == NULL) {
		snprintf(err, errlen, "cannot read %s %s: %s", name, path,
			 strerror(errno));
		return -1;
	}
	if (secret_check_mode(name, path, fp, err, errlen) < 0) {
		fclose(fp);
		return -1;
	}
	n = fread(buf, 1, sizeof(buf), fp);
	if (ferror(fp)) {
		fclose(fp);
		snprintf(err, errlen, "cannot read %s %s", name, path);
		return -1;
	}
	fclose(fp);
	if (n > SECRET_MAX) {
		snprintf(err, errlen, "%s %s is too long", name, path);
		return -1;
	}
	buf[n] = 0;
	for (s = buf; secret_space(*s); s++)
		;
	for (e = s + strlen(s); e > s && secret_space(e[-1]); e--)
		;
	*e = 0;
	if (*s == 0) {
		snprintf(err, errlen, "%s %s is empty", name, path);
		return -1;
	}
	for (p = s; *p; p++)
		if ((unsigned char)*p < 0x21 || (unsigned char)*p == 0x7f) {
			snprintf(err, errlen, "%s %s holds more than one word",
				 name, path);
			return -1;
		}
	*out = xstrdup(s);
	return 0;
}
