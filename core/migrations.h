/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_MIGRATIONS_H
#define POSTREPLY_MIGRATIONS_H

/* The schema migrations from sql/, in order; ends with {0, 0}. */
struct migration {
	const char *name;
	const char *sql;
};

extern const struct migration migrations[];

#endif
