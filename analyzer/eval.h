/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_EVAL_H
#define POSTREPLY_EVAL_H

#include <stddef.h>

#include "evalout.h"

/*
 * postreply-analyzer --eval DIR: a backend scored against a labelled
 * directory (evalset.h).
 */

/* 1 when argv asks for --eval: main() then hands over to eval_main. */
int eval_wanted(int argc, char **argv);
int eval_main(int argc, char **argv);

#endif
