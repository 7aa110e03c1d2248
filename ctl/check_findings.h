/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_CTL_CHECK_FINDINGS_H
#define POSTREPLY_CTL_CHECK_FINDINGS_H

/*
 * What postreplyctl check found, each finding under the name of the
 * check that made it (as --json shows it) (check_findings.c).
 */

/* Something right. */
void check_ok(const char *check, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Something wrong, with fix: what to run or change (NULL: none known). */
void check_error(const char *check, const char *fix, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Something that works but will cost the user (replies SPF will refuse):
 * said, without failing the check.
 */
void check_warn(const char *check, const char *fix, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Print the findings, as text or as JSON. */
void check_findings_print(int json);

/* EX_OK when nothing is wrong (warnings allowed), else EX_CONFIG; frees
 * the findings. */
int check_findings_status(void);

#endif
