/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_READER_H
#define POSTREPLY_READER_H

#include <json-c/json.h>
#include <stddef.h>
#include <time.h>

#include "analysis.h"
#include "extract.h"
#include "shape.h"

/*
 * The reading of a message, in a process of its own: a message built to
 * crash a parser, exhaust memory or loop costs only that process, never
 * the analyzer and the other jobs. A worker owns one reading process and
 * sends it one message at a time; the process reads it (extract) and
 * analyses it with the built-in analyzer, under limits of memory and
 * time, and sends back a report (report.h).
 */
struct reader_limits {
	struct shape_limits shape; /* before GMime: else read as text */
	long long memory;          /* bytes the process may use */
	long long seconds;         /* per message: CPU and wall clock */
};

/* The limits of postreply.conf (reader_*). */
void reader_limits_conf(struct reader_limits *lim);

struct reader_input {
	const char *raw; /* the message as stored, len bytes; or NULL and */
	size_t len;
	const char *text; /* a reply's text without headers (manual) */
	time_t received_at;
	const char *tz;         /* the account's time zone */
	int auto_reply, bounce; /* what the milter saw, if anything */
};

struct reader;

/* A reader of one thread; its process starts with its first message. */
struct reader *reader_new(void);

/* Stop its process and free it. */
void reader_free(struct reader *r);

/*
 * Read in->raw (or in->text) in the reading process, within lim: fills
 * ex and a (the built-in analysis). 0; or -1 with why in err, in words
 * for the operator ("the reading process was killed by signal 11
 * (Segmentation fault)"), when the message cost the process; or
 * READER_AGAIN when no process could be started, which is no message's
 * fault. The next message gets a new process.
 */
#define READER_AGAIN (-2)
int reader_read(struct reader *r, const struct reader_input *in,
		const struct reader_limits *lim, struct extract *ex,
		struct analysis *a, char *err, size_t errlen);

/*
 * Split raw (len bytes) for a webhook (parts.h) in the reading process,
 * within lim, into out: 0 (out then needs parts_free), or -1 or
 * READER_AGAIN with why in err, as reader_read.
 */
struct parts;
int reader_parts(struct reader *r, const char *raw, size_t len,
		 const struct reader_limits *lim, struct parts *out, char *err,
		 size_t errlen);

/*
 * What the reading process answers for in, within lim: the report of
 * report.h. Apart for the fuzz target of the whole reading path.
 */
json_object *reader_report(const struct reader_input *in,
			   const struct shape_limits *lim);

/*
 * The reading process: main() hands over when argv[1] is READER_ARG.
 * Serves messages on file descriptor 3 until it is closed.
 */
#define READER_ARG "--reading-process"
int reader_main(int argc, char **argv);

#endif
