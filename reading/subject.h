/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_SUBJECT_H
#define POSTREPLY_SUBJECT_H

/*
 * Does a subject start as an answer: a reply prefix ("Re:", "AW:",
 * "SV:", ...; any case, white space allowed before the colon)?
 */
int subject_is_reply(const char *subject);

/*
 * The subject after all its reply prefixes ("Re: AW: x" is "x"), a
 * pointer into subject.
 */
const char *subject_base(const char *subject);

#endif
