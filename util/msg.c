/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * msg: the three error levels every postreply program uses, as in Postfix.
 * msg_warn reports and carries on; msg_fatal is for start-up failures and
 * exits with a sysexits code; msg_panic is for bugs and aborts. Messages go
 * to syslog (facility mail, ident postreply/<program>) or, in the
 * foreground, to standard error. Safe to call from several threads: one
 * message is one write. Bytes that are not UTF-8 and control characters
 * are written as \xHH, whoever sent them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "msg.h"
#include "utf8.h"

int msg_verbose;

static char msg_ident[64] = "postreply";
static int msg_stderr = 1;

void
msg_open(const char *ident, int to_stderr)
{
	snprintf(msg_ident, sizeof(msg_ident), "%s", ident);
	msg_stderr = to_stderr;
	if (!to_stderr)
		openlog(msg_ident, LOG_PID | LOG_NDELAY, LOG_MAIL);
}

void
msg_verbose_set(int level)
{
	msg_verbose = level;
}

static void
msg_vlog(int prio, const char *label, const char *fmt, va_list ap)
{
	char raw[2048];
	char text[2048];
	char line[2200];
	int n;

	vsnprintf(raw, sizeof(raw), fmt, ap);
	/*
	 * Lines carry what SMTP clients sent (addresses, subjects): bytes
	 * that are not UTF-8 and control characters are shown, not written
	 * as they are to a terminal or a log reader.
	 */
	utf8_printable(raw, text, sizeof(text));
	if (!msg_stderr) {
		syslog(prio, "%s%s", label, text);
		return;
	}
	n = snprintf(line, sizeof(line), "%s: %s%s\n", msg_ident, label, text);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	/* One write(2) so that lines from several threads do not mix. */
	if (write(STDERR_FILENO, line, (size_t)n) < 0)
		return;
}

int
msg_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (errlen == 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

void
msg_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vlog(LOG_INFO, "", fmt, ap);
	va_end(ap);
}

void
msg_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vlog(LOG_WARNING, "warning: ", fmt, ap);
	va_end(ap);
}

void
msg_fatal(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vlog(LOG_CRIT, "fatal: ", fmt, ap);
	va_end(ap);
	exit(status);
}

void
msg_panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vlog(LOG_CRIT, "panic: ", fmt, ap);
	va_end(ap);
	abort();
}
