/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the containment of hostile mail: reading/shape.c (the
 * bounds checked before GMime), reading/report.c (what a reading
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
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <gmime/gmime.h>

#include "../../analyzer/reader.h"
#include "report.h"
#include "shape.h"
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

/* Parts (children of multiparts) and nesting, as GMime builds them. */
struct test_tree {
	long parts, depth;
};

static void
test_walk(GMimeObject *o, long depth, struct test_tree *t)
{
	GMimeMessage *m;
	int i, n;

	if (depth > t->depth)
		t->depth = depth;
	if (GMIME_IS_MULTIPART(o)) {
		n = g_mime_multipart_get_count((GMimeMultipart *)o);
		t->parts += n;
		if (n > 0 && depth + 1 > t->depth)
			t->depth = depth + 1;
		for (i = 0; i < n; i++)
			test_walk(
			    g_mime_multipart_get_part((GMimeMultipart *)o, i),
			    depth + 1, t);
	} else if (GMIME_IS_MESSAGE_PART(o)) {
		m = g_mime_message_part_get_message((GMimeMessagePart *)o);
		if (m && g_mime_message_get_mime_part(m))
			test_walk(g_mime_message_get_mime_part(m), depth + 1,
				  t);
	}
}

static struct test_tree
test_gmime(const char *raw)
{
	GMimeStream *st = g_mime_stream_mem_new_with_buffer(raw, strlen(raw));
	GMimeParser *p = g_mime_parser_new_with_stream(st);
	GMimeMessage *m = g_mime_parser_construct_message(p, NULL);
	struct test_tree t = {0, 0};

	if (m && g_mime_message_get_mime_part(m))
		test_walk(g_mime_message_get_mime_part(m), 0, &t);
	if (m)
		g_object_unref(m);
	g_object_unref(p);
	g_object_unref(st);
	return t;
}

#define TEST_HEAD "From: a@example.com\nMIME-Version: 1.0\n"

/*
 * Where boundaries, comments, quoting and default types could make the
 * bounds count less than GMime builds, they count what GMime builds, or
 * fail closed. Each message is also given to GMime itself: a message
 * passed is within the bounds there too, and one refused for its parts
 * or nesting is beyond them there too.
 */
static void
test_shape_as_gmime(void **state)
{
	static const struct {
		const char *name, *raw, *why; /* why: NULL when passed */
	} cases[] = {
	    {"a last boundary with words after it is no last boundary",
	     TEST_HEAD "Content-Type: multipart/mixed; boundary=b\n\n"
		       "--b\n\none\n--b--junk\n--b\n\ntwo\n--b\n\nthree\n"
		       "--b--\n",
	     "more than 2 MIME parts"},
	    {"a last boundary may end in white space",
	     TEST_HEAD "Content-Type: multipart/mixed; boundary=b\n\n"
		       "--b\n\none\n--b-- \t\n--b\n\ntwo\n--b\n\nthree\n",
	     NULL},
	    {"a boundary with words after it is no boundary",
	     TEST_HEAD "Content-Type: multipart/mixed; boundary=b\n\n"
		       "--b\n\none\n--bjunk\n\n--b junk\n\n--b-junk\n\n"
		       "--b \n\ntwo\n--b--\n",
	     NULL},
	    {"comments around the type",
	     TEST_HEAD "Content-Type: (a (nested) comment) multipart (x)"
		       " / mixed; boundary=b\n\n--b\n\n1\n--b\n\n2\n--b\n\n3\n",
	     "more than 2 MIME parts"},
	    {"a ';' quoted in another parameter",
	     TEST_HEAD "Content-Type: multipart/mixed; a=\"x;boundary=y\";"
		       " boundary=b\n\n--b\n\n1\n--b\n\n2\n--b\n\n3\n",
	     "more than 2 MIME parts"},
	    {"an escaped quote in the boundary",
	     TEST_HEAD "Content-Type: multipart/mixed; boundary=\"a\\\"b\"\n\n"
		       "--a\"b\n\n1\n--a\"b\n\n2\n--a\"b\n\n3\n",
	     "more than 2 MIME parts"},
	    {"a boundary in RFC 2231 form",
	     TEST_HEAD "Content-Type: multipart/mixed; boundary*=b\n\n"
		       "--b\n\n1\n--b\n\n2\n--b\n\n3\n",
	     "a multipart boundary in RFC 2231 form"},
	    {"two Content-Types",
	     TEST_HEAD "Content-Type: text/plain\n"
		       "Content-Type: multipart/mixed; boundary=b\n\n"
		       "--b\n\n1\n--b\n\n2\n--b\n\n3\n",
	     "a header section with 2 Content-Types"},
	    {"the parts of a digest are messages",
	     TEST_HEAD "Content-Type: multipart/digest; boundary=d\n\n"
		       "--d\n\nContent-Type: multipart/mixed; boundary=m\n\n"
		       "--m\n\ndeep\n--m--\n--d--\n",
	     "parts nested deeper than 2"},
	    {"a message sent in base64 is a leaf",
	     TEST_HEAD "Content-Type: multipart/mixed; boundary=b\n\n--b\n"
		       "Content-Type: message/rfc822\n"
		       "Content-Transfer-Encoding: base64\n\n"
		       "RnJvbTogeEB5CkNvbnRlbnQtVHlwZTogbXVsdGlwYXJ0L21peGVk\n"
		       "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n--b--\n",
	     NULL},
	    {"a message sent as it is opens a level",
	     TEST_HEAD "Content-Type: multipart/mixed; boundary=b\n\n--b\n"
		       "Content-Type: message/rfc822\n\n"
		       "From: x@y\nContent-Type: multipart/mixed; boundary=c\n"
		       "\n--c\n\ndeep\n--c--\n--b--\n",
	     "parts nested deeper than 2"},
	};
	const struct shape_limits lim = {2, 2, 12, SHAPE_MAX_ADDRESS_HEADER};
	struct test_tree t;
	char why[128];
	size_t i;
	int rc;

	(void)state;
	g_mime_init();
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rc = shape_check(cases[i].raw, strlen(cases[i].raw), &lim, why,
				 sizeof(why));
		t = test_gmime(cases[i].raw);
		if (cases[i].why == NULL && rc != 0)
			fail_msg("%s: refused (%s)", cases[i].name, why);
		if (cases[i].why && (rc == 0 || strcmp(why, cases[i].why)))
			fail_msg("%s: \"%s\", not \"%s\"", cases[i].name,
				 rc ? why : "passed", cases[i].why);
		if (rc == 0 &&
		    (t.parts > lim.max_parts || t.depth > lim.max_depth))
			fail_msg("%s: passed, but GMime built %ld parts %ld "
				 "deep",
				 cases[i].name, t.parts, t.depth);
		if (strstr(why, "MIME parts") && t.parts <= lim.max_parts)
			fail_msg("%s: GMime built only %ld parts",
				 cases[i].name, t.parts);
		if (strstr(why, "nested") && t.depth <= lim.max_depth)
			fail_msg("%s: GMime nested only %ld deep",
				 cases[i].name, t.depth);
	}
}

/* A report saying it was read as text for why: parsed (0) or not. */
static void
test_report_degraded(const struct extract *ex, const struct analysis *a,
		     const char *why, int rc)
{
	struct extract copy = *ex, back;
	struct analysis aback;
	json_object *o;
	const char *text;
	char err[256];

	copy.degraded = (char *)why;
	o = report_json(&copy, a);
	text = json_object_to_json_string(o);
	assert_int_equal(
	    report_parse(text, strlen(text), &back, &aback, err, sizeof(err)),
	    rc);
	if (rc == 0) {
		assert_string_equal(back.degraded, why);
		extract_free(&back);
		analysis_free(&aback);
	} else {
		assert_non_null(strstr(err, "degraded"));
	}
	json_object_put(o);
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
	/* Why it was read as text goes into logs: a line of plain words. */
	test_report_degraded(&ex, &a, "more than 1000 MIME parts", 0);
	test_report_degraded(&ex, &a, "a\nforged log line", -1);
	test_report_degraded(&ex, &a, "\x1b[31mred", -1);
	{
		char many[REPORT_MAX_WHY + 2];

		memset(many, 'x', sizeof(many) - 1);
		many[sizeof(many) - 1] = 0;
		test_report_degraded(&ex, &a, many, -1);
		many[REPORT_MAX_WHY] = 0;
		test_report_degraded(&ex, &a, many, 0);
	}
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
	struct reader_input in = {b->data, b->len, NULL, time(NULL),
				  "UTC",   0,      0};

	return reader_read(r, &in, lim, ex, a, err, errlen);
}

/* A message read in the process, and a manual reply's text. */
static void
test_reader_reads(void **state)
{
	struct reader *r = reader_new();
	struct reader_limits lim = test_limits();
	struct reader_input in = {NULL,
				  0,
				  "Interested. Call me.\n> quoted",
				  time(NULL),
				  "Europe/Paris",
				  0,
				  0};
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

/*
 * The milter saw the envelope: a reply it flagged automatic is read as
 * one, so its "remove me" is no do-not-contact.
 */
static void
test_reader_milter_flags(void **state)
{
	struct reader *r = reader_new();
	struct reader_limits lim = test_limits();
	const char msg[] = "From: carl@example.net\nSubject: Re: x\n\n"
			   "Please remove me from your list.\n";
	struct reader_input in = {
	    msg, sizeof(msg) - 1, NULL, time(NULL), "UTC", 0, 0};
	struct extract ex;
	struct analysis a;
	char err[256];

	(void)state;
	assert_int_equal(reader_read(r, &in, &lim, &ex, &a, err, sizeof(err)),
			 0);
	assert_int_equal(ex.auto_reply, 0);
	assert_int_equal(a.do_not_contact, 1);
	extract_free(&ex);
	analysis_free(&a);
	in.auto_reply = 1;
	assert_int_equal(reader_read(r, &in, &lim, &ex, &a, err, sizeof(err)),
			 0);
	assert_int_equal(ex.auto_reply, 1);
	assert_int_equal(a.do_not_contact, 0);
	assert_non_null(strstr(a.key_insights, "Automatic reply"));
	extract_free(&ex);
	analysis_free(&a);
	reader_free(r);
}

/* The reading process of this thread, from the kernel's list. */
static pid_t
test_reader_pid(void)
{
	char path[64];
	long pid = 0;
	FILE *fp;

	snprintf(path, sizeof(path), "/proc/self/task/%ld/children",
		 (long)gettid());
	if ((fp = fopen(path, "r")) == NULL || fscanf(fp, "%ld", &pid) != 1)
		pid = 0;
	if (fp)
		fclose(fp);
	return (pid_t)pid;
}

/*
 * What is no message's fault costs no message an attempt: a stop signal
 * leaves the process to finish, a process killed while it waited is
 * replaced, and one that cannot be started is said to be worth trying
 * again (READER_AGAIN).
 */
static void
test_reader_not_the_message(void **state)
{
	struct reader *r = reader_new();
	struct reader_limits lim = test_limits();
	struct extract ex;
	struct analysis a;
	struct rlimit nofile, few;
	struct buf b;
	char err[256];
	pid_t pid;
	int i;

	(void)state;
	buf_init(&b);
	buf_puts(&b, "Subject: x\n\nYes.\n");
	assert_int_equal(test_read(r, &b, &lim, &ex, &a, err, sizeof(err)), 0);
	extract_free(&ex);
	analysis_free(&a);
	assert_true((pid = test_reader_pid()) > 0);
	kill(pid, SIGTERM);
	kill(pid, SIGINT);
	usleep(100 * 1000);
	assert_int_equal(test_read(r, &b, &lim, &ex, &a, err, sizeof(err)), 0);
	assert_int_equal(test_reader_pid(), pid);
	extract_free(&ex);
	analysis_free(&a);

	kill(pid, SIGKILL);
	for (i = 0; i < 100 && kill(pid, 0) == 0 && test_reader_pid() == pid;
	     i++)
		usleep(10 * 1000);
	assert_int_equal(test_read(r, &b, &lim, &ex, &a, err, sizeof(err)), 0);
	assert_true(test_reader_pid() != pid);
	extract_free(&ex);
	analysis_free(&a);
	reader_free(r);

	/* No descriptor left for the socket pair: no process. */
	r = reader_new();
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &nofile), 0);
	few = nofile;
	few.rlim_cur = (rlim_t)dup(0);
	close((int)few.rlim_cur);
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &few), 0);
	i = test_read(r, &b, &lim, &ex, &a, err, sizeof(err));
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &nofile), 0);
	assert_int_equal(i, READER_AGAIN);
	assert_non_null(strstr(err, "cannot start a reading process"));
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
	    cmocka_unit_test(test_shape_as_gmime),
	    cmocka_unit_test(test_report_round_trip),
	    cmocka_unit_test(test_reader_reads),
	    cmocka_unit_test(test_reader_crash),
	    cmocka_unit_test(test_reader_limits),
	    cmocka_unit_test(test_reader_milter_flags),
	    cmocka_unit_test(test_reader_not_the_message),
	};

	if (argc > 1 && strcmp(argv[1], READER_ARG) == 0)
		return reader_main(argc, argv);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
