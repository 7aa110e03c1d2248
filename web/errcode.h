/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_ERRCODE_H
#define POSTREPLY_ERRCODE_H

/*
 * The stable code of a refusal the pages show, from its English words
 * (the format given to http_error, or its one argument when that is
 * "%s"); NULL when it has none (the page shows the English).
 */
const char *errcode_of(const char *fmt, const char *arg);

#endif
