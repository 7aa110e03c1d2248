/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_ASSETS_H
#define POSTREPLY_ASSETS_H

#include <stddef.h>

/* A file of web/assets/, embedded at build time (scripts/embed-assets). */
struct asset {
	const char *path; /* "/app.js" */
	const char *type; /* its Content-Type */
	const unsigned char *data;
	size_t len;
};

/* The table, ended by a row of zeros. */
extern const struct asset assets[];

#endif
