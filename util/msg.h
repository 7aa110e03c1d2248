/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_MSG_H
#define POSTREPLY_MSG_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Where messages go: syslog (facility mail) or standard error. ident is
 * "postreply/milter" for a daemon, "postreplyctl" for the command.
 */
void msg_open(const char *ident, int to_stderr);
void msg_verbose_set(int level);
extern int msg_verbose;

/*
 * Say why in err (errlen bytes, cut to fit) and return -1: how a module
 * that leaves the logging to its caller reports a failure.
 */
int msg_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void msg_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_fatal(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));
void msg_panic(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

#endif
