/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_LLM_H
#define POSTREPLY_LLM_H

/* The most a written follow-up may be, in bytes. */
#define LLM_FOLLOWUP_MAX 2000

/* What the model is told of a conversation to write a follow-up. */
struct llm_followup_input {
	const char *scenario;      /* no_reply, unavailable, requested_delay */
	int step;                  /* 1 for the first follow-up */
	const char *language;      /* "en", "fr", "de", or "" */
	const char *account_name;  /* who signs; may be "" */
	const char *customer_name; /* may be "" */
	const char *subject;       /* the conversation's, without "Re:" */
	const char *last_sent;     /* the start of our last email, or "" */
	const char *last_reply;    /* the customer's last reply, or "" */
};

/*
 * The body of a follow-up written by the LLM backend (llm_url, with the
 * limits and retries of llm_analyze). The conversation travels as
 * untrusted data; the answer is {"text": ...}, accepted only as plain
 * UTF-8 text of at most LLM_FOLLOWUP_MAX bytes, without links, email
 * addresses, braces, control characters, invisible marks or our markers.
 * Returns the text (caller frees), or NULL with why in err: the caller
 * then uses its template.
 */
char *llm_followup(const struct llm_followup_input *in, char *err,
		   size_t errlen);

#endif
