/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_AUTOREPLY_H
#define POSTREPLY_AUTOREPLY_H

/*
 * Does one header of a message say that the message is an automatic
 * answer (RFC 3834 and what autoresponders send in practice)? name and
 * value as they appear in the message: the value may be folded and start
 * with white space. Returns 1 and sets *why (when why is not NULL) to a
 * static description of the rule, or 0. The milter and the analyzer both
 * decide with this, so that they never disagree about a header.
 */
int autoreply_header(const char *name, const char *value, const char **why);

/*
 * The same for the report-type parameter of a top-level multipart/report
 * (as a MIME parser found it; any case): a read receipt
 * (disposition-notification) is an automatic answer. autoreply_header()
 * applies this to a Content-Type header.
 */
int autoreply_report_type(const char *report_type, const char **why);

#endif
