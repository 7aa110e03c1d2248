/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pages: the files of the interface (web/assets/: one HTML page, its
 * JavaScript modules and its style sheet), embedded in the binary at
 * build time and served with the same headers as the API. There is no
 * server-side HTML: the page fills itself from the API with textContent,
 * so no customer's text is ever parsed as markup.
 */
#include <string.h>

#include "assets.h"
#include "pages.h"

static const struct asset *
pages_find(const char *path)
{
	const struct asset *a;

	if (strcmp(path, "/") == 0)
		path = "/index.html";
	for (a = assets; a->path; a++)
		if (strcmp(a->path, path) == 0)
			return a;
	return NULL;
}

int
pages_known(const char *path)
{
	return pages_find(path) != NULL;
}

enum MHD_Result
pages_serve(struct http_req *r)
{
	const struct asset *a = pages_find(r->url);

	if (a == NULL)
		return http_error(r, MHD_HTTP_NOT_FOUND, "no such page: %.200s",
				  r->url);
	return http_answer(r, MHD_HTTP_OK, a->type, (const char *)a->data,
			   a->len);
}
