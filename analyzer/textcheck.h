/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_TEXTCHECK_H
#define POSTREPLY_TEXTCHECK_H

/*
 * Why a text an LLM wrote must not go out in an email in the account's
 * name, or NULL when it may: it carries a link (a URL, a bare domain or
 * an IP address), an email address, a phone number, a placeholder or our
 * markers, a control character or an invisible mark, is not UTF-8, or is
 * empty. The conversation the model read is untrusted, so such a text may
 * be someone else's words. t is NUL-terminated.
 */
const char *textcheck_refusal(const char *t);

#endif
