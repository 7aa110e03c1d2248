/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * reading_bench: what reading a reply in a process of its own costs,
 * against reading it in the analyzer's own process as before, in the
 * same run on the same message. Prints one JSON object:
 *   {"replies": N, "in_process_us": ..., "reading_process_us": ...,
 *    "cost_us": ..., "in_process_cpu_us": ..., "reading_process_cpu_us": ...}
 * (per reply: wall clock, and CPU of this program and its reading
 * process). usage: reading_bench [N] [MESSAGE]
 *
 * The reading process is this program started again with READER_ARG,
 * as the analyzer starts itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "../../analyzer/reader.h"
#include "buf.h"

/* The message of scripts/bench's analyzer run: a 1 KB reply. */
static const char reading_bench_msg[] =
    "From: Carl <c1@example.net>\r\nSubject: Re: offer\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n\r\n"
    "Thanks, this looks interesting. We send about 50,000 emails a month "
    "and our current tool is too slow. Could you send the pricing? Call me "
    "next week.\r\n\r\nBest,\r\nCarl\r\n\r\n"
    "On Mon, Nov 16, 2026 at 9:00 AM Bench <bench@example.com> wrote:\r\n"
    "> Our offer, in some detail. Our offer, in some detail. Our offer, in "
    "some detail. Our offer, in some detail. Our offer, in some detail.\r\n";

static double
reading_bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU seconds of this program and of its children reaped so far. */
static double
reading_bench_cpu(void)
{
	struct rusage self, kids;

	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	return (double)(self.ru_utime.tv_sec + self.ru_stime.tv_sec +
			kids.ru_utime.tv_sec + kids.ru_stime.tv_sec) +
	       (self.ru_utime.tv_usec + self.ru_stime.tv_usec +
		kids.ru_utime.tv_usec + kids.ru_stime.tv_usec) /
		   1e6;
}

static void
reading_bench_slurp(const char *path, struct buf *b)
{
	char chunk[65536];
	size_t n;
	FILE *fp = fopen(path, "rb");

	if (fp == NULL) {
		perror(path);
		exit(1);
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_append(b, chunk, n);
	fclose(fp);
}

/* n readings in this process, as the analyzer read before. */
static void
reading_bench_in_process(const struct reader_input *in,
			 const struct reader_limits *lim, long n)
{
	long i;

	for (i = 0; i < n; i++)
		json_object_put(reader_report(in, &lim->shape));
}

/* n readings in a reading process, as the analyzer reads now. */
static void
reading_bench_process(const struct reader_input *in,
		      const struct reader_limits *lim, long n)
{
	struct reader *r = reader_new();
	struct extract ex;
	struct analysis a;
	char err[256];
	long i;

	for (i = 0; i < n; i++) {
		if (reader_read(r, in, lim, &ex, &a, err, sizeof(err)) != 0) {
			fprintf(stderr, "reading_bench: %s\n", err);
			exit(1);
		}
		extract_free(&ex);
		analysis_free(&a);
	}
	reader_free(r); /* reaped: its CPU is counted */
}

int
main(int argc, char **argv)
{
	struct reader_limits lim = {{SHAPE_MAX_PARTS, SHAPE_MAX_DEPTH,
				     SHAPE_MAX_HEADERS,
				     SHAPE_MAX_ADDRESS_HEADER},
				    512LL << 20,
				    20};
	struct reader_input in = {reading_bench_msg,
				  sizeof(reading_bench_msg) - 1,
				  NULL,
				  1764000000,
				  "Europe/Paris",
				  0,
				  0};
	double t0, c0, t1, c1, t2, c2;
	struct buf msg;
	long n;

	if (argc > 1 && strcmp(argv[1], READER_ARG) == 0)
		return reader_main(argc, argv);
	n = argc > 1 ? atol(argv[1]) : 3000;
	if (n <= 0)
		n = 3000;
	buf_init(&msg);
	if (argc > 2) {
		reading_bench_slurp(argv[2], &msg);
		in.raw = msg.data;
		in.len = msg.len;
	}
	reading_bench_in_process(&in, &lim, n / 10); /* warm up */
	t0 = reading_bench_now();
	c0 = reading_bench_cpu();
	reading_bench_in_process(&in, &lim, n);
	t1 = reading_bench_now();
	c1 = reading_bench_cpu();
	reading_bench_process(&in, &lim, n);
	t2 = reading_bench_now();
	c2 = reading_bench_cpu();
	printf(
	    "{\"replies\": %ld, \"in_process_us\": %.1f, "
	    "\"reading_process_us\": %.1f, \"cost_us\": %.1f, "
	    "\"in_process_cpu_us\": %.1f, \"reading_process_cpu_us\": %.1f}\n",
	    n, (t1 - t0) * 1e6 / n, (t2 - t1) * 1e6 / n,
	    ((t2 - t1) - (t1 - t0)) * 1e6 / n, (c1 - c0) * 1e6 / n,
	    (c2 - c1) * 1e6 / n);
	buf_free(&msg);
	return 0;
}
