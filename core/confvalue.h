/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_CONFVALUE_H
#define POSTREPLY_CONFVALUE_H

/*
 * confvalue: parsers of setting values, shared with command-line options
 * (-1 on error), and the checks named in conf_keys.h (NULL when good,
 * else what was expected).
 */
int confvalue_duration(const char *s, long long *out); /* seconds */
int confvalue_size(const char *s, long long *out);     /* bytes */
int confvalue_bool(const char *s, int *out);

const char *confvalue_domain(const char *v);
const char *confvalue_localpart(const char *v);
const char *confvalue_delimiter(const char *v);
const char *confvalue_socket(const char *v);
const char *confvalue_url(const char *v);
const char *confvalue_http_url(const char *v);
const char *confvalue_webhook_url(const char *v);
const char *confvalue_backend(const char *v);
const char *confvalue_cidrs(const char *v);
const char *confvalue_domains(const char *v);
const char *confvalue_authserv_ids(const char *v);
const char *confvalue_path(const char *v);
const char *confvalue_header(const char *v);
const char *confvalue_link(const char *v);
const char *confvalue_stored_size(const char *v);
const char *confvalue_reader_time(const char *v);

#endif
