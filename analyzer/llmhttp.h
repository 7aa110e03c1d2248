/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_LLMHTTP_H
#define POSTREPLY_LLMHTTP_H

#include <json-c/json.h>
#include <stddef.h>

/*
 * llmhttp: one chat completion of an OpenAI-compatible endpoint
 * (llm_url, llm_model, llm_api_key_file, llm_timeout, llm_max_attempts,
 * llm_max_concurrency), with its retries. See llmhttp.c for the contract.
 */

/* The most of an HTTP answer read, in bytes. */
#define LLMHTTP_MAX_RESPONSE (1 << 20)

/* What one request asks of the model, and what it makes of the answer. */
struct llmhttp_chat {
	const char *what;        /* "analysis", "follow-up": for err */
	const char *system;      /* the system message */
	const char *user;        /* the user message */
	const char *schema_name; /* of the json_schema response format */
	json_object *schema;     /* the answer's schema: taken by the call */
	double temperature;
	/*
	 * The content of an answer (valid JSON is the caller's to check):
	 * 0 when taken, or -1 with why; the answer is then invalid, and
	 * retried once. model is the one asked.
	 */
	int (*accept)(const char *content, const char *model, void *arg,
		      char *why, size_t whylen);
	void *arg;
};

/* Start libcurl; once per process, before threads (llm_init calls it). */
void llmhttp_init(void);

/*
 * Ask the model c's question and give its answer to c->accept, with the
 * retries of the contract: 0 once accepted, or -1 with why in err.
 */
int llmhttp_chat(const struct llmhttp_chat *c, char *err, size_t errlen);

#endif
