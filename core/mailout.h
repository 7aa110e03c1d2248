/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_MAILOUT_H
#define POSTREPLY_MAILOUT_H

#include "buf.h"

/* A message postreply sends. Strings are UTF-8; NULL means "none". */
struct mailout {
	const char *from_name;
	const char *from_addr;
	const char *to_name;
	const char *to_addr;
	const char *reply_to;
	const char *subject;
	const char *text;           /* text/plain body */
	const char *html;           /* with it, multipart/alternative */
	const char *message_id;     /* "<...>", from sentmail_message_id() */
	const char *in_reply_to;    /* "<...>", threading a follow-up */
	const char *references;     /* "<...> <...>" */
	const char *auto_submitted; /* "auto-generated" for alerts */
};

/* Once per process, before threads: GMime and libcurl global state. */
void mailout_init(void);

/* The message, serialized with CRLF line ends, appended to out. */
void mailout_build(const struct mailout *mo, struct buf *out);

/*
 * Submit over SMTP to submit_url. NULL when the MTA took it, else why not
 * (caller frees), naming the MTA and its answer or the error.
 */
char *mailout_submit(const char *from, const char *to, const struct buf *msg);

/* Build mo and submit it, from mo->from_addr to mo->to_addr: as above. */
char *mailout_send(const struct mailout *mo);

/*
 * A copy of text with CRLF and lone CR turned into LF and a final
 * newline, so that GMime sees plain lines and writes them with CRLF
 * (caller frees).
 */
char *mailout_lines(const char *text);

/*
 * Mail from postreply itself to one person (an alert, a follow-up
 * notice, a sign-in link): from postreply@reply_domain, marked
 * Auto-Submitted, submitted through the MTA. NULL, or why it failed
 * (caller frees).
 */
char *mailout_own(const char *to_name, const char *to_addr, const char *subject,
		  const char *text);

#endif
