/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_RANDOM_H
#define POSTREPLY_RANDOM_H

#include <stddef.h>

/*
 * n bytes from the kernel's random source (getrandom). A failure there
 * ends the program: nothing secret can be made without it.
 */
void random_bytes(unsigned char *buf, size_t n);

/* n random bytes (n <= RANDOM_HEX_MAX) as 2n hex digits and a NUL. */
#define RANDOM_HEX_MAX 64
void random_hex(char *out, size_t n);

#endif
