/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for analyzer/llmhttp.c, the LLM transport alone, against
 * the fake OpenAI-compatible server (tests/llm/fake_llm.py) on loopback:
 * the messages, schema and temperature sent as given, the content handed
 * to the caller's accept() (fences taken off) with the model asked, an
 * answer accept() refuses retried once and then failed with its reason,
 * HTTP errors, and a key file that cannot be read (no request, nothing
 * leaked). Retries, Retry-After, timeouts and the concurrency limit
 * through the prompts are in test_llm.c. The port is 26711 or
 * $LLMHTTP_TEST_PORT, or the next free one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../analyzer/llmhttp.h"
#include "conf.h"
#include "fakellm.h"
#include "xmalloc.h"

static struct fakellm fake;
static char err[512];

static void
configure(const char *extra)
{
	char text[PATH_MAX + 1024];
	FILE *fp;

	snprintf(text, sizeof(text),
		 "analyzer_backend = llm\n"
		 "llm_url = http://127.0.0.1:%d/v1/chat/completions\n"
		 "llm_model = fake-model\n"
		 "llm_timeout = 2s\n"
		 "llm_max_attempts = 3\n"
		 "%s",
		 fake.port, extra ? extra : "");
	conf_reset();
	fp = fmemopen(text, strlen(text), "r");
	assert_non_null(fp);
	if (conf_load_stream(fp, "test.conf", err, sizeof(err)) != 0)
		fail_msg("%s", err);
	fclose(fp);
}

static int
setup(void **state)
{
	(void)state;
	if (fakellm_start(&fake, "test_llmhttp", 26711, "LLMHTTP_TEST_PORT") !=
	    0)
		return -1;
	llmhttp_init();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	conf_reset();
	return fakellm_stop(&fake);
}

/* How many requests carried marker; the body of the last, in *last. */
static int
logged(const char *marker, json_object **last)
{
	FILE *fp = fopen(fake.logpath, "r");
	char *line = NULL;
	size_t cap = 0;
	int n = 0;

	*last = NULL;
	if (fp == NULL)
		return 0;
	while (getline(&line, &cap, fp) > 0) {
		json_object *o = json_tokener_parse(line), *m, *b;

		assert_non_null(o);
		if (json_object_object_get_ex(o, "marker", &m) &&
		    strcmp(json_object_get_string(m), marker) == 0 &&
		    json_object_object_get_ex(o, "body", &b)) {
			n++;
			json_object_put(*last);
			*last = json_object_get(b);
		}
		json_object_put(o);
	}
	free(line);
	fclose(fp);
	return n;
}

/* What accept() was given, and whether it takes it. */
struct seen {
	char *content, *model;
	int refuse;
	int calls;
};

static int
accept_content(const char *content, const char *model, void *arg, char *why,
	       size_t whylen)
{
	struct seen *s = arg;

	s->calls++;
	free(s->content);
	free(s->model);
	s->content = xstrdup(content);
	s->model = xstrdup(model);
	if (s->refuse) {
		snprintf(why, whylen, "not what was asked");
		return -1;
	}
	return 0;
}

static json_object *
schema(void)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "type", json_object_new_string("object"));
	return o;
}

static int
chat(const char *user, const char *name, double temperature, struct seen *s)
{
	struct llmhttp_chat c = {0};

	c.what = "thing";
	c.system = "You are a test.";
	c.user = user;
	c.schema_name = name;
	c.schema = schema();
	c.temperature = temperature;
	c.accept = accept_content;
	c.arg = s;
	err[0] = 0;
	return llmhttp_chat(&c, err, sizeof(err));
}

static void
seen_free(struct seen *s)
{
	free(s->content);
	free(s->model);
	memset(s, 0, sizeof(*s));
}

static const char *
str(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		fail_msg("no %s", key);
	return json_object_get_string(v);
}

/* The request as given; the answer's content out, with the model. */
static void
test_request_in_content_out(void **state)
{
	struct seen s = {0};
	json_object *body, *msgs, *rf, *js, *t;

	(void)state;
	configure(NULL);
	if (chat("[fake:normal] hello", "reply_analysis", 0, &s) != 0)
		fail_msg("%s", err);
	assert_int_equal(s.calls, 1);
	assert_string_equal(s.model, "fake-model");
	assert_non_null(strstr(s.content, "\"response_type\""));
	assert_int_equal(logged("normal", &body), 1);
	msgs = json_object_object_get(body, "messages");
	assert_int_equal(json_object_array_length(msgs), 2);
	assert_string_equal(str(json_object_array_get_idx(msgs, 0), "role"),
			    "system");
	assert_string_equal(str(json_object_array_get_idx(msgs, 0), "content"),
			    "You are a test.");
	assert_string_equal(str(json_object_array_get_idx(msgs, 1), "content"),
			    "[fake:normal] hello");
	assert_string_equal(str(body, "model"), "fake-model");
	t = json_object_object_get(body, "temperature");
	assert_true(json_object_is_type(t, json_type_int));
	assert_int_equal(json_object_get_int(t), 0);
	assert_false(
	    json_object_get_boolean(json_object_object_get(body, "stream")));
	rf = json_object_object_get(body, "response_format");
	assert_string_equal(str(rf, "type"), "json_schema");
	js = json_object_object_get(rf, "json_schema");
	assert_string_equal(str(js, "name"), "reply_analysis");
	assert_true(
	    json_object_get_boolean(json_object_object_get(js, "strict")));
	assert_string_equal(str(json_object_object_get(js, "schema"), "type"),
			    "object");
	json_object_put(body);
	seen_free(&s);
}

/* A temperature that is not whole goes as a number; fences come off. */
static void
test_fraction_and_fences(void **state)
{
	struct seen s = {0};
	json_object *body;

	(void)state;
	configure(NULL);
	if (chat("[fake:delay-2] write", "followup_text", 0.3, &s) != 0)
		fail_msg("%s", err);
	assert_non_null(strstr(s.content, "Fake follow-up (delay-2)"));
	logged("delay-2", &body);
	assert_true(json_object_get_double(
			json_object_object_get(body, "temperature")) == 0.3);
	json_object_put(body);
	if (chat("[fake:fence] hello", "reply_analysis", 0, &s) != 0)
		fail_msg("%s", err);
	/* The JSON, white space around it at most. */
	assert_null(strstr(s.content, "```"));
	assert_int_equal(s.content[strspn(s.content, " \n")], '{');
	seen_free(&s);
}

/* An answer accept() refuses: retried once, then its reason. */
static void
test_refused_answer_retried_once(void **state)
{
	struct seen s = {.refuse = 1};
	json_object *body;

	(void)state;
	configure(NULL);
	assert_int_equal(chat("[fake:delay-3] hello", "reply_analysis", 0, &s),
			 -1);
	assert_int_equal(s.calls, 2);
	assert_string_equal(err, "llm: invalid thing: not what was asked");
	assert_int_equal(logged("delay-3", &body), 2);
	json_object_put(body);
	seen_free(&s);
}

/* Not a chat completion, and a client error: accept() never called. */
static void
test_http_errors(void **state)
{
	struct seen s = {0};
	json_object *body;

	(void)state;
	configure(NULL);
	assert_int_equal(chat("[fake:envelope] x", "reply_analysis", 0, &s),
			 -1);
	assert_non_null(
	    strstr(err, "llm: invalid answer: the answer is not JSON"));
	assert_int_equal(logged("envelope", &body), 2);
	json_object_put(body);
	assert_int_equal(chat("[fake:401] x", "reply_analysis", 0, &s), -1);
	assert_non_null(strstr(err, "llm: HTTP 401"));
	assert_int_equal(logged("401", &body), 1);
	json_object_put(body);
	assert_int_equal(s.calls, 0);
}

/* A key file that cannot be read: no request, the schema freed. */
static void
test_key_file_unreadable(void **state)
{
	struct seen s = {0};
	json_object *body;

	(void)state;
	configure("llm_api_key_file = /nonexistent/postreply/key\n");
	assert_int_equal(chat("[fake:delay-4] x", "reply_analysis", 0, &s), -1);
	assert_non_null(strstr(err, "llm: "));
	assert_non_null(strstr(err, "/nonexistent/postreply/key"));
	assert_int_equal(logged("delay-4", &body), 0);
	assert_int_equal(s.calls, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_request_in_content_out),
	    cmocka_unit_test(test_fraction_and_fences),
	    cmocka_unit_test(test_refused_answer_retried_once),
	    cmocka_unit_test(test_http_errors),
	    cmocka_unit_test(test_key_file_unreadable),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
