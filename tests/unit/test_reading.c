/*
 * Unit tests for the containment of hostile mail: analyzer/shape.c (the
 * bounds checked before GMime), analyzer/report.c (what a reading
 * process sends back) and analyzer/reader.c (the reading process: its
 * crash, its memory and its time cost only the message's attempt).
 *
 * The reading process is this very program started again with
 * READER_ARG, as the analyzer starts itself: main() hands over to
 * reader_main() then.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "../../analyzer/reader.h"
#include "../../analyzer/report.h"
#include "../../analyzer/shape.h"
#include "buf.h"

static const struct shape_limits test_lim = {SHAPE_MAX_PARTS, SHAPE_MAX_DEPTH,
					     SHAPE_MAX_HEADERS,
					     SHAPE_MAX_ADDRESS_HEADER};

/* An address header of n nested groups, folded as a mail client would. */
static void
test_groups(struct buf *b, long n)
{
	long i;

	buf_puts(b, "From: a@example.com\nTo: ");
	for (i = 0; i < n; i++) {
		buf_puts(b, "g:");
		if (i % 35 == 34)
			buf_puts(b, "\n ");
	}
	buf_puts(b, "\nSubject: groups\n\nhello from the groups\n");
}

/* A multipart of n empty parts. */
static void
test_parts(struct buf *b, long n)
{
	long i;

	buf_puts(b, "From: a@example.com\nSubject: parts\nMIME-Version: 1.0\n"
		    "Content-Type: multipart/mixed; boundary=b\n\n");
	for (i = 0; i < n; i++)
		buf_puts(b, "--b\n\n");
}

/* n multiparts, each inside the one before. */
static void
test_nested(struct buf *b, long n)
{
	long i;

	buf_puts(b,
		 "From: a@example.com\nSubject: nested\nMIME-Version: 1.0\n");
	for (i = 0; i < n; i++)
		buf_printf(b,
			   "Content-Type: multipart/mixed; boundary=\"b%ld\"\n"
			   "\n--b%ld\n",
			   i, i);
	buf_puts(b, "Content-Type: text/plain\n\ndeep down\n");
}

/* n attached messages, each inside the one before. */
static void
test_rfc822(struct buf *b, long n)
{
	long i;

	buf_puts(b, "From: a@example.com\nSubject: nested\n");
	for (i = 0; i < n; i++)
		buf_puts(b,
			 "MIME-Version: 1.0\nContent-Type: message/rfc822\n\n"
			 "From: b@example.com\nSubject: inner\n");
	buf_puts(b, "\ninnermost\n");
}

static int
test_shape(struct buf *b, char *why, size_t len)
{
	return shape_check(b->data, b->len, &test_lim, why, len);
}

static void
test_shape_bounds(void **state)
{
	struct buf b;
	char why[128];
	long i;

	(void)state;
	buf_init(&b);
	test_groups(&b, 45000);
	assert_int_equal(test_shape(&b, why, sizeof(why)), -1);
	assert_string_equal(why, "an address header longer than 16384 bytes");
	buf_reset(&b);
	test_groups(&b, 100);
	assert_int_equal(test_shape(&b, why, sizeof(why)), 0);

	buf_reset(&b);
	test_parts(&b, 560000);
	assert_int_equal(test_shape(&b, why, sizeof(why)), -1);
	assert_string_equal(why, "more than 1000 MIME parts");
	buf_reset(&b);
	test_parts(&b, 1000);
	assert_int_equal(test_shape(&b, why, sizeof(why)), 0);

	buf_reset(&b);
	test_nested(&b, 33);
	assert_int_equal(test_shape(&b, why, sizeof(why)), -1);
	assert_string_equal(why, "parts nested deeper than 32");
	buf_reset(&b);
	test_nested(&b, 31);
	assert_int_equal(test_shape(&b, why, sizeof(why)), 0);

	buf_reset(&b);
	test_rfc822(&b, 40);
	assert_int_equal(test_shape(&b, why, sizeof(why)), -1);
	assert_string_equal(why, "parts nested deeper than 32");

	buf_reset(&b);
	buf_puts(&b, "From: a@example.com\n");
	for (i = 0; i < 6000; i++)
		buf_puts(&b, "X-A: b\n");
	buf_puts(&b, "\nbody\n");
	assert_int_equal(test_shape(&b, why, sizeof(why)), -1);
	assert_string_equal(why, "more than 5000 header fields");
	buf_free(&b);
}

/*
 * Parts that close one multipart and go on in the one around it count
 * at the outer level: siblings are not nesting.
 */
static void
test_shape_siblings(void **state)
{
	struct buf b;
	char why[128];
	long i;

	(void)state;
	buf_init(&b);
	buf_puts(&b, "From: a@example.com\nMIME-Version: 1.0\n"
		     "Content-Type: multipart/mixed; boundary=outer\n\n");
	for (i = 0; i < 100; i++)
		buf_puts(&b, "--outer\nContent-Type: multipart/alternative;\n"
			     " boundary=\"inner\"\n\n--inner\n"
			     "Content-Type: text/plain\n\nx\n--inner--\n");
	buf_puts(&b, "--outer--\n");
	assert_int_equal(test_shape(&b, why, sizeof(why)), 0);
	buf_free(&b);
}

/* Real replies from real mail clients are never read as text. */
static void
test_shape_corpus(void **state)
{
	const char *dirs[] = {"tests/corpus/talon/standard_replies",
			      "tests/corpus/email_reply_parser/emails"};
	char cmd[256], path[1024], why[128];
	int n = 0;

	(void)state;
	for (size_t d = 0; d < 2; d++) {
		snprintf(cmd, sizeof(cmd), "ls %s/* 2>/dev/null", dirs[d]);
		FILE *ls = popen(cmd, "r");

		assert_non_null(ls);
		while (fgets(path, sizeof(path), ls)) {
			struct buf b;
			char chunk[4096];
			size_t k;
			FILE *fp;

			path[strcspn(path, "\n")] = 0;
			if ((fp = fopen(path, "rb")) == NULL)
				continue;
			buf_init(&b);
			buf_append(&b, "", 0);
			while ((k = fread(chunk, 1, sizeof(chunk), fp)) > 0)
				buf_append(&b, chunk, k);
			fclose(fp);
			if (test_shape(&b, why, sizeof(why)) != 0)
				fail_msg("%s: %s", path, why);
			buf_free(&b);
			n++;
		}
		pclose(ls);
	}
	assert_true(n >= 30);
}

static void
test_report_round_trip(void **state)
{
	const char msg[] = "From: Carl <carl@example.net>\nSubject: Re: offer\n"
			   "\nYes, call me next week.\n\nOn Mon, Alice wrote:\n"
			   "> our offer\n";
	struct extract ex, back;
	struct analysis a, aback;
	struct analysis_input in;
	json_object *o;
	const char *text;
	char err[256];

	(void)state;
	extract_message(msg, sizeof(msg) - 1, &ex);
	in = (struct analysis_input){ex.reply_text, ex.subject, ex.language,
				     ex.auto_reply, 1764000000, "UTC"};
	builtin_analyze(&in, &a);
	o = report_json(&ex, &a);
	text = json_object_to_json_string(o);
	assert_int_equal(
	    report_parse(text, strlen(text), &back, &aback, err, sizeof(err)),
	    0);
	assert_string_equal(back.reply_text, ex.reply_text);
	assert_string_equal(back.quoted_text, ex.quoted_text);
	assert_string_equal(back.subject, "Re: offer");
	assert_string_equal(back.from_addr, "carl@example.net");
	assert_null(back.degraded);
	assert_int_equal(aback.opportunity_score, a.opportunity_score);
	assert_int_equal(aback.requested_followup_at, a.requested_followup_at);
	json_object_put(o);
	extract_free(&back);
	analysis_free(&aback);

	/* What a broken reading process might say is refused, not stored. */
	assert_int_equal(report_parse("{\"reply_text\": 1}", 17, &back, &aback,
				      err, sizeof(err)),
			 -1);
	assert_int_equal(report_parse("[", 1, &back, &aback, err, sizeof(err)),
			 -1);
	assert_int_equal(report_parse("{\"reply_text\": \"a\\u0000b\"}", 26,
				      &back, &aback, err, sizeof(err)),
			 -1);
	extract_free(&ex);
	analysis_free(&a);
}

static struct reader_limits
test_limits(void)
{
	struct reader_limits lim = {test_lim, 512LL << 20, 20};

	return lim;
}

static int
test_read(struct reader *r, struct buf *b, const struct reader_limits *lim,
	  struct extract *ex, struct analysis *a, char *err, size_t errlen)
{
	struct reader_input in = {b->data, b->len, NULL, time(NULL), "UTC"};

	return reader_read(r, &in, lim, ex, a, err, errlen);
}

/* A message read in the process, and a manual reply's text. */
static void
test_reader_reads(void **state)
{
	struct reader *r = reader_new();
	struct reader_limits lim = test_limits();
	struct reader_input in = {NULL, 0, "Interested. Call me.\n> quoted",
				  time(NULL), "Europe/Paris"};
	struct extract ex;
	struct analysis a;
	struct buf b;
	char err[256];

	(void)state;
	buf_init(&b);
	buf_puts(&b, "From: carl@example.net\nSubject: Re: x\n\nYes please.\n");
	assert_int_equal(test_read(r, &b, &lim, &ex, &a, err, sizeof(err)), 0);
	assert_string_equal(ex.reply_text, "Yes please.");
	assert_string_equal(a.backend, "builtin");
	extract_free(&ex);
	analysis_free(&a);
	assert_int_equal(reader_read(r, &in, &lim, &ex, &a, err, sizeof(err)),
			 0);
	assert_string_equal(ex.reply_text, "Interested. Call me.");
	extract_free(&ex);
	analysis_free(&a);

	/* Outside the bounds: read as text, never parsed. */
	buf_reset(&b);
	test_groups(&b, 45000);
	assert_int_equal(test_read(r, &b, &lim, &ex, &a, err, sizeof(err)), 0);
	assert_string_equal(ex.degraded,
			    "an address header longer than 16384 bytes");
	assert_string_equal(ex.reply_text, "hello from the groups");
	extract_free(&ex);
	analysis_free(&a);
	buf_free(&b);
	reader_free(r);
}

/*
 * A message that crashes the parser (GMime's recursion, once its bound
 * is lifted) costs the process, not the caller, and the next message
 * gets a new one.
 */
static void
test_reader_crash(void **state)
{
	struct reader *r = reader_new();
	struct reader_limits lim = test_limits();
	struct extract ex;
	struct analysis a;
	struct buf b;
	char err[256];

	(void)state;
	lim.shape.max_address_header = 1 << 20;
	buf_init(&b);
	test_groups(&b, 45000);
	assert_int_equal(test_read(r, &b, &lim, &ex, &a, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "the reading process was killed by "
				    "signal 11 (Segmentation fault)"));
	buf_reset(&b);
	buf_puts(&b, "Subject: next\n\nThe next one.\n");
	assert_int_equal(test_read(r, &b, &lim, &ex, &a, err, sizeof(err)), 0);
	assert_string_equal(ex.reply_text, "The next one.");
	extract_free(&ex);
	analysis_free(&a);
	buf_free(&b);
	reader_free(r);
}

/* Memory and time: the process is stopped, and says which. */
static void
test_reader_limits(void **state)
{
	struct reader *r = reader_new();
	struct reader_limits lim = test_limits();
	struct extract ex;
	struct analysis a;
	struct buf b;
	char err[256];

	(void)state;
	lim.shape.max_parts = 100000000;
	lim.memory = 200LL << 20;
	buf_init(&b);
	test_parts(&b, 1800000); /* 9 MB: 2.4 GB to GMime */
	assert_int_equal(test_read(r, &b, &lim, &ex, &a, err, sizeof(err)), -1);
	if (strstr(err, "used more than 200 MB") == NULL &&
	    strstr(err, "killed by signal 6") == NULL)
		fail_msg("not stopped for its memory: %s", err);

	lim = test_limits();
	lim.shape.max_parts = 100000000;
	lim.seconds = 1;
	assert_int_equal(test_read(r, &b, &lim, &ex, &a, err, sizeof(err)), -1);
	if (strstr(err, "longer than 1 s") == NULL &&
	    strstr(err, "more than 1 s of CPU") == NULL)
		fail_msg("not stopped for its time: %s", err);
	buf_free(&b);
	reader_free(r);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shape_bounds),
	    cmocka_unit_test(test_shape_siblings),
	    cmocka_unit_test(test_shape_corpus),
	    cmocka_unit_test(test_report_round_trip),
	    cmocka_unit_test(test_reader_reads),
	    cmocka_unit_test(test_reader_crash),
	    cmocka_unit_test(test_reader_limits),
	};

	if (argc > 1 && strcmp(argv[1], READER_ARG) == 0)
		return reader_main(argc, argv);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
