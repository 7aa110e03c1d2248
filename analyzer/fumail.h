/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_FUMAIL_H
#define POSTREPLY_FUMAIL_H

#include <libpq-fe.h>
#include <time.h>

#include "followup.h"

/*
 * fumail: the message of a follow-up, composed, kept in its outbox and
 * submitted to the MTA.
 */

/* The message of a follow-up, and its email recorded as pending. */
struct fumail {
	char *from, *from_name, *to, *to_name, *subject, *text;
	char *in_reply_to, *references, *message_id, *reply_to, *notify_to;
	const char *written_by; /* "llm", "custom" or "template" */
	char *llm_fallback;     /* why the LLM's text is not used, or NULL */
	long long sent_email_id;
	time_t recorded_at; /* when its email was recorded */
};

/* Free the strings of m (m itself is the caller's). */
void fumail_free(struct fumail *m);

/*
 * The text of a follow-up: custom (placeholders {customer_name},
 * {account_name}, {subject}) or the builtin template of the language
 * ("en", "fr", "de"; others are English). Caller frees.
 */
char *fumail_text(const char *custom, const char *language,
		  const char *scenario, const char *customer_name,
		  const char *account_name, const char *subject);

/*
 * The language a follow-up is written in: the one stored with the
 * customer's last reply when it was read (stored), else, for a reply
 * read before replies had a language (NULL), the guess of its text;
 * "" without a reply. A static string.
 */
const char *fumail_language(const char *stored, const char *reply_text);

/*
 * With the LLM backend and an "ai" rule, the text the LLM writes for
 * follow-up id (caller frees), asked outside any transaction; NULL means
 * the template, with why in *fallback (newly allocated) when the LLM
 * failed.
 */
char *fumail_llm(PGconn *conn, const char *id, char **fallback);

/*
 * In the caller's transaction: m composed for x's conversation under
 * rule r (the LLM's text written when the rule is "ai" and it wrote
 * one), and its email recorded as pending (sentmail). 0 or -1.
 */
int fumail_compose(PGconn *conn, const struct followup_ctx *x,
		   const struct followup_rule *r, const char *scenario,
		   const char *written, struct fumail *m);

/* Submit m to the MTA: 0, or -1 with why (caller frees). */
int fumail_submit(const struct fumail *m, char **why);

/*
 * The message as JSON for the follow-up's outbox (caller frees), and
 * back: 0, or -1 when what the outbox holds cannot be sent.
 */
char *fumail_outbox_json(struct fumail *m);
int fumail_outbox_load(const char *json, struct fumail *m);

#endif
