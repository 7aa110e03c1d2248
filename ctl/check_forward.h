/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_CTL_CHECK_FORWARD_H
#define POSTREPLY_CTL_CHECK_FORWARD_H

/*
 * Where replies are forwarded, and whether the envelope sender is
 * rewritten when that is another server (check_forward.c).
 */
void check_forward(void);

#endif
