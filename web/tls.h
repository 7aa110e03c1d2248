/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_TLS_H
#define POSTREPLY_TLS_H

#include <microhttpd.h>

/*
 * The options that make libmicrohttpd serve HTTPS (GnuTLS) with
 * web_tls_cert_file and web_tls_key_file, read now (call before
 * dropping privileges: a key is often readable by root only), or just
 * the end of the list when they are not set. Bad or missing files are
 * fatal, with why.
 */
struct MHD_OptionItem *tls_options(void);
/* Is HTTPS on? */
int tls_on(void);

#endif
