/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_TOKEN_H
#define POSTREPLY_TOKEN_H

#include <stddef.h>

#define TOKEN_LEN 16 /* characters of lower-case RFC 4648 base32: 80 bits */

/* Fill out with a fresh token and a NUL; out must hold TOKEN_LEN + 1. */
void token_generate(char *out);

/* Encode len bytes (len * 8 a multiple of 5) as lower-case base32. */
void token_base32(const unsigned char *in, size_t len, char *out);

/* True when s (of length len) has the shape of a token, any case. */
int token_valid(const char *s, size_t len);

#endif
