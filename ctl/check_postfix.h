/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_CTL_CHECK_POSTFIX_H
#define POSTREPLY_CTL_CHECK_POSTFIX_H

/* Postfix's side: postconf and postmap (check_postfix.c). */
void check_postfix(void);

#endif
