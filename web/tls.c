/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tls: postreply-web's HTTPS, when web_tls_cert_file and web_tls_key_file
 * are set. Both PEM files are read once at start-up, as root, before the
 * daemon drops its privileges; libmicrohttpd (built with GnuTLS, as
 * Debian's is) serves them. A change of either waits for a restart. Under
 * TLS the session cookie is Secure.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "buf.h"
#include "conf.h"
#include "msg.h"
#include "tls.h"

static struct buf tls_cert, tls_key;
static struct MHD_OptionItem tls_items[3];
static int tls_is_on;

/* The whole of path into b, or a fatal error naming key. */
static void
tls_read(const char *key, const char *path, struct buf *b)
{
	char chunk[4096];
	size_t n;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL)
		msg_fatal(EX_CONFIG, "%s: cannot read %s: %s", key, path,
			  strerror(errno));
	buf_init(b);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0 &&
	       b->len < 1024 * 1024)
		buf_append(b, chunk, n);
	fclose(fp);
	if (strstr(b->data ? b->data : "", "-----BEGIN ") == NULL)
		msg_fatal(EX_CONFIG, "%s: %s is not a PEM file", key, path);
}

struct MHD_OptionItem *
tls_options(void)
{
	const struct conf *c = conf_cur();
	int n = 0;

	if (*c->web_tls_cert_file || *c->web_tls_key_file) {
		if (!*c->web_tls_cert_file || !*c->web_tls_key_file)
			msg_fatal(EX_CONFIG,
				  "web_tls_cert_file and web_tls_key_file go "
				  "together: set both, or neither");
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
			msg_fatal(EX_CONFIG,
				  "this libmicrohttpd has no TLS: unset "
				  "web_tls_cert_file, or serve HTTPS from a "
				  "proxy");
		tls_read("web_tls_cert_file", c->web_tls_cert_file, &tls_cert);
		tls_read("web_tls_key_file", c->web_tls_key_file, &tls_key);
		tls_items[n++] = (struct MHD_OptionItem){
		    MHD_OPTION_HTTPS_MEM_CERT, 0, tls_cert.data};
		tls_items[n++] = (struct MHD_OptionItem){
		    MHD_OPTION_HTTPS_MEM_KEY, 0, tls_key.data};
		tls_is_on = 1;
	}
	tls_items[n] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
	return tls_items;
}

int
tls_on(void)
{
	return tls_is_on;
}
