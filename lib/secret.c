/*
 * secret: API keys and webhook secrets live in files named in the
 * configuration, never in the configuration itself. They are read at
 * each use, so a rotated secret needs no restart.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "secret.h"
#include "xmalloc.h"

static int
secret_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
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
