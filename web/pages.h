/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_PAGES_H
#define POSTREPLY_PAGES_H

#include "http.h"

/* GET of a page or its scripts and styles: 0 when there is no such file. */
int pages_known(const char *path);
enum MHD_Result pages_serve(struct http_req *r);

#endif
