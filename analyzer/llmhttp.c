/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * llmhttp: one chat completion of an OpenAI-compatible
 * /v1/chat/completions endpoint (a hosted model, Ollama, llama.cpp
 * server, vLLM), over libcurl: the messages and the schema of the answer
 * in, the answer's content out, accepted by the caller. What is asked,
 * and what the answer means, are the prompts' (llm.c).
 *
 * Contract. llmhttp_chat() makes at most llm_max_attempts requests of at
 * most llm_timeout each and returns 0 once the caller's accept() took
 * the content of an answer, or -1 with a one-line reason in err,
 * starting "llm: ".
 * - The request asks for structured output: the given temperature and a
 *   strict json_schema response format carrying the caller's schema.
 * - The answer is untrusted: choices[0].message.content is read with a
 *   depth limit, of at most LLMHTTP_MAX_RESPONSE bytes; an answer cut
 *   (finish_reason length), refused or without content is invalid.
 *   ``` fences around it, which models without structured output add,
 *   are taken off before accept() sees it.
 * - 429, 5xx, timeouts and connection failures are retried with
 *   exponential backoff (1 s, 2 s, 4 s ... capped at 30 s, plus up to 50%
 *   jitter), or after Retry-After (seconds or an HTTP date, capped at
 *   60 s). An invalid answer (one accept() refuses included) is retried
 *   once. Other HTTP errors (401, 404, ...) fail at once.
 * - At most llm_max_concurrency requests are in flight in the whole
 *   process (a counting semaphore of mutex and condition variable); a
 *   request waiting for backoff does not hold a place.
 * - The API key is read from llm_api_key_file at each call (so it can be
 *   rotated without a restart), white space trimmed, and sent as
 *   "Authorization: Bearer"; a file that cannot be read fails the call.
 *   Without a key file no Authorization header is sent (a local model).
 * - The settings are those of the calling thread's configuration at the
 *   start of the call: a reload does not change a call under way.
 */
#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <json-c/json.h>

#include "buf.h"
#include "conf.h"
#include "llmhttp.h"
#include "msg.h"
#include "secret.h"
#include "xmalloc.h"

#define LLMHTTP_BACKOFF_CAP 30.0
#define LLMHTTP_RETRY_AFTER_CAP 60.0

static pthread_mutex_t llmhttp_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t llmhttp_freed = PTHREAD_COND_INITIALIZER;
static int llmhttp_in_flight;
static pthread_once_t llmhttp_once = PTHREAD_ONCE_INIT;

static void
llmhttp_global_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

void
llmhttp_init(void)
{
	pthread_once(&llmhttp_once, llmhttp_global_init);
}

/* The process-wide limit on requests in flight. */
static void
llmhttp_slot_take(int max)
{
	pthread_mutex_lock(&llmhttp_lock);
	while (llmhttp_in_flight >= max)
		pthread_cond_wait(&llmhttp_freed, &llmhttp_lock);
	llmhttp_in_flight++;
	pthread_mutex_unlock(&llmhttp_lock);
}

static void
llmhttp_slot_give(void)
{
	pthread_mutex_lock(&llmhttp_lock);
	llmhttp_in_flight--;
	/* All: after a reload, waiters may hold different limits. */
	pthread_cond_broadcast(&llmhttp_freed);
	pthread_mutex_unlock(&llmhttp_lock);
}

/* The key, if any; an error names the key file, prefixed "llm: ". */
static int
llmhttp_read_key(const char *path, char **key, char *err, size_t errlen)
{
	char why[512];

	if (secret_read("llm_api_key_file", path, key, why, sizeof(why)) == 0)
		return 0;
	return msg_err(err, errlen, "llm: %s", why);
}

/* The number temperature as JSON: 0 stays an integer, as it was sent. */
static json_object *
llmhttp_number(double v)
{
	if (v == (double)(long)v)
		return json_object_new_int64((long)v);
	return json_object_new_double(v);
}

/*
 * The body of c's chat completion request for model: the system and
 * user messages, and an answer held to the strict JSON schema of c
 * (taken: freed with the request).
 */
static char *
llmhttp_request(const struct llmhttp_chat *c, const char *model)
{
	json_object *req = json_object_new_object();
	json_object *msgs = json_object_new_array();
	json_object *m, *rf, *js;
	const char *content[] = {c->system, c->user};
	const char *role[] = {"system", "user"};
	char *out;

	for (int i = 0; i < 2; i++) {
		m = json_object_new_object();
		json_object_object_add(m, "role",
				       json_object_new_string(role[i]));
		json_object_object_add(m, "content",
				       json_object_new_string(content[i]));
		json_object_array_add(msgs, m);
	}
	js = json_object_new_object();
	json_object_object_add(js, "name",
			       json_object_new_string(c->schema_name));
	json_object_object_add(js, "strict", json_object_new_boolean(1));
	json_object_object_add(js, "schema", c->schema);
	rf = json_object_new_object();
	json_object_object_add(rf, "type",
			       json_object_new_string("json_schema"));
	json_object_object_add(rf, "json_schema", js);

	json_object_object_add(req, "model", json_object_new_string(model));
	json_object_object_add(req, "messages", msgs);
	json_object_object_add(req, "temperature",
			       llmhttp_number(c->temperature));
	json_object_object_add(req, "stream", json_object_new_boolean(0));
	json_object_object_add(req, "response_format", rf);
	out = xstrdup(json_object_to_json_string_ext(
	    req, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(req);
	return out;
}

/* HTTP */

struct llmhttp_answer {
	struct buf body;
	int too_big;
	double retry_after; /* seconds, or -1 */
};

static size_t
llmhttp_on_body(char *data, size_t size, size_t n, void *arg)
{
	struct llmhttp_answer *a = arg;

	if (a->body.len + size * n > LLMHTTP_MAX_RESPONSE) {
		a->too_big = 1;
		return 0;
	}
	buf_append(&a->body, data, size * n);
	return size * n;
}

/* Retry-After: delay-seconds or an HTTP date (RFC 9110 10.2.3), the
 * date read by curl_getdate() as libcurl reads cookies' expiry dates. */
static double
llmhttp_retry_after(const char *v)
{
	char *end;
	double secs;
	time_t t;

	while (*v == ' ' || *v == '\t')
		v++;
	if (*v >= '0' && *v <= '9') {
		secs = strtod(v, &end);
		return end != v ? secs : -1;
	}
	if ((t = curl_getdate(v, NULL)) == (time_t)-1)
		return -1;
	secs = difftime(t, time(NULL));
	return secs > 0 ? secs : 0;
}

static size_t
llmhttp_on_header(char *data, size_t size, size_t n, void *arg)
{
	struct llmhttp_answer *a = arg;
	size_t len = size * n;
	char line[256];

	if (len > 12 && len < sizeof(line) &&
	    strncasecmp(data, "Retry-After:", 12) == 0) {
		memcpy(line, data + 12, len - 12);
		line[len - 12] = 0;
		line[strcspn(line, "\r\n")] = 0;
		a->retry_after = llmhttp_retry_after(line);
	}
	return len;
}

enum llmhttp_outcome {
	LLMHTTP_OK,      /* 200 with an answer the task accepts */
	LLMHTTP_RETRY,   /* 429, 5xx, timeout, connection */
	LLMHTTP_INVALID, /* 200 with an answer that does not validate */
	LLMHTTP_FATAL    /* anything else */
};

struct llmhttp_settings {
	char *url, *model, *key;
	long timeout_ms;
	int attempts, concurrency;
};

/* Up to a few printable bytes of an error body, for err. */
static void
llmhttp_excerpt(const struct buf *b, char *out, size_t len)
{
	size_t j = 0;

	for (size_t i = 0; i < b->len && j + 1 < len && i < 120; i++)
		out[j++] =
		    b->data[i] >= 0x20 && b->data[i] < 0x7f ? b->data[i] : ' ';
	out[j] = 0;
}

/* choices[0].message.content of an OpenAI chat completion. */
static int
llmhttp_content(const struct buf *body, char **content, char *err,
		size_t errlen)
{
	json_tokener *tok = json_tokener_new_ex(16);
	json_object *obj, *choices, *first, *msg, *c, *reason;
	int rc = -1;

	*content = NULL;
	if (tok == NULL)
		return msg_err(err, errlen, "out of memory");
	obj = json_tokener_parse_ex(tok, body->data, (int)body->len);
	if (obj == NULL ||
	    json_tokener_get_error(tok) != json_tokener_success) {
		msg_err(err, errlen, "the answer is not JSON");
		goto out;
	}
	if (!json_object_object_get_ex(obj, "choices", &choices) ||
	    !json_object_is_type(choices, json_type_array) ||
	    json_object_array_length(choices) == 0 ||
	    !json_object_is_type(first = json_object_array_get_idx(choices, 0),
				 json_type_object) ||
	    !json_object_object_get_ex(first, "message", &msg) ||
	    !json_object_is_type(msg, json_type_object)) {
		msg_err(err, errlen, "the answer has no choices[0].message");
		goto out;
	}
	if (json_object_object_get_ex(first, "finish_reason", &reason) &&
	    json_object_is_type(reason, json_type_string) &&
	    strcmp(json_object_get_string(reason), "length") == 0) {
		msg_err(err, errlen,
			"the answer was cut (finish_reason length)");
		goto out;
	}
	if (!json_object_object_get_ex(msg, "content", &c) ||
	    !json_object_is_type(c, json_type_string)) {
		msg_err(err, errlen,
			json_object_object_get_ex(msg, "refusal", &c) &&
				c != NULL
			    ? "the model refused"
			    : "the answer has no content");
		goto out;
	}
	*content = xstrndup(json_object_get_string(c),
			    (size_t)json_object_get_string_len(c));
	rc = 0;
out:
	json_object_put(obj);
	json_tokener_free(tok);
	return rc;
}

/* Models without structured output wrap JSON in ``` fences. */
static void
llmhttp_strip_fences(char *s)
{
	char *p = s, *e;

	while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
		p++;
	if (strncmp(p, "```", 3) != 0)
		return;
	p += strcspn(p, "\n");
	e = p + strlen(p);
	while (e > p && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\r'))
		e--;
	if (e - p >= 3 && strncmp(e - 3, "```", 3) == 0)
		e -= 3;
	memmove(s, p, (size_t)(e - p));
	s[e - p] = 0;
}

static enum llmhttp_outcome
llmhttp_attempt(const struct llmhttp_settings *s, const char *request,
		const struct llmhttp_chat *t, double *wait, char *err,
		size_t errlen)
{
	CURL *curl = curl_easy_init();
	struct curl_slist *hdr = NULL;
	struct llmhttp_answer ans;
	char *auth = NULL, *content = NULL, why[256], ex[128];
	CURLcode cc;
	long status = 0;
	enum llmhttp_outcome rc;

	*wait = -1;
	if (curl == NULL) {
		msg_err(err, errlen, "llm: cannot start libcurl");
		return LLMHTTP_FATAL;
	}
	memset(&ans, 0, sizeof(ans));
	buf_init(&ans.body);
	ans.retry_after = -1;
	hdr = curl_slist_append(hdr, "Content-Type: application/json");
	hdr = curl_slist_append(hdr, "Accept: application/json");
	if (s->key != NULL) {
		auth = xasprintf("Authorization: Bearer %s", s->key);
		hdr = curl_slist_append(hdr, auth);
	}
	curl_easy_setopt(curl, CURLOPT_URL, s->url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)strlen(request));
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, s->timeout_ms);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
			 s->timeout_ms < 10000 ? s->timeout_ms : 10000L);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, "postreply-analyzer");
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, llmhttp_on_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &ans);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, llmhttp_on_header);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, &ans);

	llmhttp_slot_take(s->concurrency);
	cc = curl_easy_perform(curl);
	llmhttp_slot_give();
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);

	if (cc != CURLE_OK) {
		msg_err(err, errlen, "llm: %s: %s",
			cc == CURLE_OPERATION_TIMEDOUT ? "timed out"
						       : "request failed",
			ans.too_big ? "answer too large"
				    : curl_easy_strerror(cc));
		switch (cc) {
		case CURLE_OPERATION_TIMEDOUT:
		case CURLE_COULDNT_CONNECT:
		case CURLE_COULDNT_RESOLVE_HOST:
		case CURLE_COULDNT_RESOLVE_PROXY:
		case CURLE_SEND_ERROR:
		case CURLE_RECV_ERROR:
		case CURLE_GOT_NOTHING:
		case CURLE_PARTIAL_FILE:
		case CURLE_SSL_CONNECT_ERROR:
			rc = LLMHTTP_RETRY;
			break;
		default:
			rc = LLMHTTP_FATAL;
		}
		goto out;
	}
	if (status == 429 || (status >= 500 && status <= 599)) {
		llmhttp_excerpt(&ans.body, ex, sizeof(ex));
		msg_err(err, errlen, "llm: HTTP %ld %s", status, ex);
		*wait = ans.retry_after;
		rc = LLMHTTP_RETRY;
		goto out;
	}
	if (status != 200) {
		llmhttp_excerpt(&ans.body, ex, sizeof(ex));
		msg_err(err, errlen, "llm: HTTP %ld %s", status, ex);
		rc = LLMHTTP_FATAL;
		goto out;
	}
	if (llmhttp_content(&ans.body, &content, why, sizeof(why)) != 0) {
		msg_err(err, errlen, "llm: invalid answer: %s", why);
		rc = LLMHTTP_INVALID;
		goto out;
	}
	llmhttp_strip_fences(content);
	if (t->accept(content, s->model, t->arg, why, sizeof(why)) != 0) {
		msg_err(err, errlen, "llm: invalid %s: %s", t->what, why);
		rc = LLMHTTP_INVALID;
		goto out;
	}
	rc = LLMHTTP_OK;
out:
	free(content);
	free(auth);
	buf_free(&ans.body);
	curl_slist_free_all(hdr);
	curl_easy_cleanup(curl);
	return rc;
}

static void
llmhttp_sleep(double secs)
{
	struct timespec ts;

	if (secs <= 0)
		return;
	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* 1 s, 2 s, 4 s ... capped, plus up to half of it again. */
static double
llmhttp_backoff(int n, unsigned *seed)
{
	double base = 1.0;

	for (int i = 1; i < n && base < LLMHTTP_BACKOFF_CAP; i++)
		base *= 2;
	if (base > LLMHTTP_BACKOFF_CAP)
		base = LLMHTTP_BACKOFF_CAP;
	return base + base * 0.5 * ((double)(rand_r(seed) % 1000) / 1000.0);
}

int
llmhttp_chat(const struct llmhttp_chat *t, char *err, size_t errlen)
{
	struct llmhttp_settings s;
	char *request;
	int rc = -1, invalid = 0;
	unsigned seed;

	llmhttp_init();
	memset(&s, 0, sizeof(s));
	if (llmhttp_read_key(conf_cur()->llm_api_key_file, &s.key, err,
			     errlen) != 0) {
		json_object_put(t->schema);
		return -1;
	}
	s.url = xstrdup(conf_cur()->llm_url);
	s.model = xstrdup(conf_cur()->llm_model);
	s.timeout_ms = (long)conf_cur()->llm_timeout * 1000;
	s.attempts = (int)conf_cur()->llm_max_attempts;
	s.concurrency = (int)conf_cur()->llm_max_concurrency;
	if (s.attempts < 1)
		s.attempts = 1;
	if (s.concurrency < 1)
		s.concurrency = 1;
	seed = (unsigned)time(NULL) ^ (unsigned)(uintptr_t)&seed;
	request = llmhttp_request(t, s.model);

	for (int n = 1; n <= s.attempts; n++) {
		double wait;

		switch (llmhttp_attempt(&s, request, t, &wait, err, errlen)) {
		case LLMHTTP_OK:
			rc = 0;
			goto done;
		case LLMHTTP_FATAL:
			goto done;
		case LLMHTTP_INVALID:
			/* A model that answers nonsense twice will again. */
			if (invalid++ > 0)
				goto done;
			wait = 0;
			break;
		case LLMHTTP_RETRY:
			if (wait >= 0) {
				if (wait > LLMHTTP_RETRY_AFTER_CAP)
					wait = LLMHTTP_RETRY_AFTER_CAP;
			} else {
				wait = llmhttp_backoff(n, &seed);
			}
			break;
		}
		if (n < s.attempts) {
			if (msg_verbose)
				msg_info("%s; attempt %d of %d in %.1f s", err,
					 n + 1, s.attempts, wait);
			llmhttp_sleep(wait);
		}
	}
	/* Out of attempts: say so after the last reason. */
	if (err != NULL && errlen > 0) {
		size_t len = strlen(err);

		snprintf(err + len, errlen - len, " (after %d attempt%s)",
			 s.attempts, s.attempts == 1 ? "" : "s");
	}
done:
	free(request);
	free(s.url);
	free(s.model);
	free(s.key);
	return rc;
}
