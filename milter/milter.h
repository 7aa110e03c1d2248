/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_MILTER_H
#define POSTREPLY_MILTER_H

#include "engine.h"

extern const struct engine_filter milter_filter;

/* Messages between MAIL FROM and their end; SIGTERM waits for them. */
int milter_inflight(void);

/* From now on, tempfail new messages: the milter is stopping. */
void milter_stopping(void);

#endif
