/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_ANALYSIS_H
#define POSTREPLY_ANALYSIS_H

#include <json-c/json.h>
#include <stddef.h>
#include <time.h>

/* What postreply makes of a reply, whichever backend produced it. */

enum response_type { RT_STANDARD, RT_HIGH_VALUE, RT_NEEDS_ATTENTION };
enum sentiment { SENT_POSITIVE, SENT_NEUTRAL, SENT_NEGATIVE };
enum interest { PI_NONE, PI_MENTIONED, PI_INTERESTED, PI_VERY_INTERESTED };

/*
 * The signals that act (stop or schedule follow-ups, change a status,
 * alert): each needs evidence, the words of the reply it came from.
 */
enum analysis_signal {
	SIG_UNAVAILABLE,
	SIG_REQUESTED_FOLLOWUP,
	SIG_NOT_INTERESTED,
	SIG_DO_NOT_CONTACT,
	SIG_MEETING_BOOKED,
	SIG_RESPONSE_TYPE, /* high_value or needs_attention */
	SIG_COUNT
};

struct analysis {
	enum response_type response_type;
	char *key_insights; /* short text, never NULL */
	enum sentiment sentiment;
	int opportunity_score; /* 1..5 */
	int follow_up_needed;
	enum interest product_interest;
	char **action_items; /* nitems strings */
	size_t naction_items;
	char *product_usage;  /* NULL when not stated */
	char *monthly_volume; /* NULL when not stated, e.g. "50,000 emails" */
	char **pain_points;
	size_t npain_points;
	/* Follow-up signals. Times are 0 when not stated. */
	int unavailable;
	time_t unavailable_until;
	time_t requested_followup_at;
	int not_interested;
	int do_not_contact;
	int meeting_booked;
	/*
	 * Per enum analysis_signal, a quote of the reply's text (white space
	 * collapsed, at most ANALYSIS_MAX_EVIDENCE bytes) saying why, or
	 * NULL. A signal without evidence does not act (evidence_require).
	 */
	char *evidence[SIG_COUNT];
	/* Who produced it: "builtin" or "llm", and the model for llm. */
	char backend[16];
	char *model; /* NULL for builtin */
};

/* The input of every backend. */
struct analysis_input {
	const char *text;     /* the reply text, trimmed (extract) */
	const char *subject;  /* may be "" */
	const char *language; /* from extract, may be "unknown" */
	int auto_reply;
	time_t received_at; /* relative dates ("next week") count from here */
	const char *tz;     /* the account's time zone, e.g. "Europe/Paris" */
};

/*
 * The built-in analyzer: offline, deterministic, English, French and
 * German at least; thousands of replies a second on one core. Always
 * succeeds.
 */
void builtin_analyze(const struct analysis_input *in, struct analysis *out);

/*
 * An OpenAI-compatible /v1/chat/completions endpoint (llm_url, llm_model,
 * llm_api_key_file, llm_timeout, llm_max_attempts). Retries 429, 5xx and
 * timeouts with backoff, honouring Retry-After. Returns 0 with out filled
 * and validated, or -1 with why in err: the caller then falls back to
 * builtin and records that.
 */
int llm_analyze(const struct analysis_input *in, struct analysis *out,
		char *err, size_t errlen);

/* Once per process, before threads: libcurl's global state. */
void llm_init(void);

/*
 * Validate untrusted JSON (a model's output) into out: enums must be
 * known values, scores in range, strings bounded in length and count.
 * Returns 0, or -1 with why in err (out is then freed and zeroed).
 */
int analysis_from_json(json_object *obj, struct analysis *out, char *err,
		       size_t errlen);

/* The JSON object of an analysis (issue 5's field names). */
json_object *analysis_to_json(const struct analysis *a);

/*
 * Limits that analysis_from_json enforces on untrusted input (bytes of
 * UTF-8, and counts). The built-in analyzer stays within them too.
 */
#define ANALYSIS_MAX_INSIGHTS 500
#define ANALYSIS_MAX_ITEMS 10            /* action_items, pain_points */
#define ANALYSIS_MAX_ITEM 200            /* one action item or pain point */
#define ANALYSIS_MAX_USAGE 300           /* product_usage */
#define ANALYSIS_MAX_VOLUME 100          /* monthly_volume */
#define ANALYSIS_MAX_EVIDENCE 200        /* one evidence quote */
#define ANALYSIS_MAX_JSON 65536          /* a whole analysis as JSON text */
#define ANALYSIS_MAX_JSON_DEPTH 8        /* nesting accepted by the tokener */
#define ANALYSIS_TIME_MAX 253402300799LL /* 9999-12-31T23:59:59Z */

/*
 * Untrusted JSON (a model's output) parsed strictly: valid UTF-8, at most
 * depth levels, nothing but white space after the value. NULL with why
 * in err.
 */
json_object *analysis_parse_json(const char *text, size_t len, int depth,
				 char *err, size_t errlen);

/* The same for JSON of up to max bytes, not only an analysis. */
json_object *analysis_parse_json_max(const char *text, size_t len, size_t max,
				     int depth, char *err, size_t errlen);

/*
 * Parse JSON text (len bytes, not necessarily NUL-terminated) with a
 * depth limit, then analysis_from_json. Returns 0 or -1 with why in err.
 */
int analysis_from_string(const char *text, size_t len, struct analysis *out,
			 char *err, size_t errlen);

/*
 * The JSON Schema of the fields a model must return (everything but
 * backend and model), as sent in response_format. A new object.
 */
json_object *analysis_schema(void);

/* An ISO 8601 timestamp in UTC ("2026-11-24T09:00:00Z"); buf >= 32. */
void analysis_format_time(time_t t, char *buf, size_t len);

/*
 * Parse an ISO 8601 timestamp: YYYY-MM-DD, optionally followed by T or a
 * space, HH:MM[:SS[.frac]] and Z or an offset (+HH:MM, +HHMM, +HH); no
 * offset means UTC. Returns 0, or -1 when it is not a valid one.
 */
int analysis_parse_time(const char *s, time_t *out);

/* Names of the enumerations, as used in the database and JSON. */
const char *analysis_response_type_name(enum response_type t);
const char *analysis_sentiment_name(enum sentiment s);
const char *analysis_interest_name(enum interest i);

void analysis_free(struct analysis *a);

/* Evidence (evidence.c) */

/* The JSON key of a signal's evidence: "requested_followup_at", ... */
const char *evidence_signal_name(enum analysis_signal s);

/* Does signal s of a say something that acts? */
int evidence_active(const struct analysis *a, enum analysis_signal s);

/*
 * Clear the signals of a that have no evidence or, when text is not NULL,
 * whose evidence is not a part of text once white space is collapsed on
 * both sides; drop the evidence of signals that are not set. Returns how
 * many signals were cleared, their names in names (comma-separated).
 */
int evidence_require(struct analysis *a, const char *text, char *names,
		     size_t nameslen);

/* Is quote, white space collapsed, a part of text? */
int evidence_in_text(const char *quote, const char *text);

/* The "evidence" object of a: the signals that have some. */
json_object *evidence_to_json(const struct analysis *a);

/*
 * Read the optional "evidence" member of obj into a: an object of
 * signal names to strings or null (older analyses have none). Returns 0,
 * or -1 with why in err.
 */
int evidence_from_json(json_object *obj, struct analysis *a, char *err,
		       size_t errlen);

/* The JSON Schema of "evidence", for the model. A new object. */
json_object *evidence_schema(void);

void evidence_free(struct analysis *a);

#endif
