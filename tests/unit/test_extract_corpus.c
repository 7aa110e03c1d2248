/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for analyzer/extract on the real-world corpora kept under
 * tests/corpus: the talon replies from twelve mail clients (the reply is
 * "Hello", or what <name>_reply_text says, with the client signature
 * apart), and the email_reply_parser bodies, each with the reading a
 * person would give it, including the two performance traps.
 *
 * The corpus is found from the current directory (tests/run runs from the
 * top of the tree) or from the test binary's place in build/.../tests/.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "extract.h"
#include "utf8.h"

/* Time allowed for one trap under ASan on a slow machine; ms. */
#define TRAP_MS 200.0

static char corpus[PATH_MAX];

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* tests/corpus from dir or one of its parents (at most 5 levels up). */
static int
find_from(const char *dir)
{
	char base[PATH_MAX - 64];
	int up;

	if (strlen(dir) >= sizeof base)
		return 0;
	snprintf(base, sizeof base, "%s", dir);
	for (up = 0; up <= 5; up++) {
		snprintf(corpus, sizeof corpus, "%s/tests/corpus/talon", base);
		if (is_dir(corpus)) {
			snprintf(corpus, sizeof corpus, "%s/tests/corpus",
				 base);
			return 1;
		}
		char *slash = strrchr(base, '/');
		if (slash == NULL || slash == base)
			break;
		*slash = 0;
	}
	return 0;
}

static int
setup(void **state)
{
	char cwd[PATH_MAX], exe[PATH_MAX];
	ssize_t n;

	(void)state;
	if (getcwd(cwd, sizeof cwd) && find_from(cwd))
		return 0;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = 0;
		if (find_from(exe))
			return 0;
	}
	fprintf(stderr, "tests/corpus not found from %s\n", cwd);
	return -1;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (fp == NULL)
		fail_msg("cannot open %s", path);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = 0;
	fclose(fp);
	if (len)
		*len = (size_t)n;
	return buf;
}

/* The file's text with surrounding white space removed. */
static char *
slurp_trimmed(const char *path)
{
	char *s = slurp(path, NULL), *p = s;
	size_t n;

	while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
		p++;
	n = strlen(p);
	while (n > 0 && strchr(" \n\r\t", p[n - 1]))
		n--;
	memmove(s, p, n);
	s[n] = 0;
	return s;
}

static void
check_utf8(const struct extract *ex)
{
	assert_true(utf8_valid(ex->reply_text, strlen(ex->reply_text)));
	assert_true(utf8_valid(ex->signature, strlen(ex->signature)));
	assert_true(utf8_valid(ex->quoted_text, strlen(ex->quoted_text)));
}

/* Every talon reply: "Hello", and the client signature apart. */
static void
test_talon(void **state)
{
	char dir[PATH_MAX + 32], path[PATH_MAX + 300];
	struct dirent *de;
	DIR *d;
	int count = 0;

	(void)state;
	snprintf(dir, sizeof dir, "%s/talon/standard_replies", corpus);
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		size_t nl = strlen(de->d_name), len;
		char name[256], *raw, *expect = NULL;
		struct extract ex;

		if (nl < 5 || strcmp(de->d_name + nl - 4, ".eml") != 0)
			continue;
		snprintf(name, sizeof name, "%.*s", (int)(nl - 4), de->d_name);
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		raw = slurp(path, &len);
		extract_message(raw, len, &ex);
		check_utf8(&ex);
		if (strcmp(ex.reply_text, "Hello") != 0)
			fail_msg("%s: reply is \"%s\"", name, ex.reply_text);
		assert_string_not_equal(ex.quoted_text, "");
		assert_int_equal(ex.auto_reply, 0);
		assert_int_equal(ex.bounce, 0);
		assert_true(strncasecmp(ex.subject, "Re: ", 4) == 0 ||
			    strcmp(ex.subject, "Test") == 0);
		snprintf(path, sizeof path, "%s/%s_reply_text", dir, name);
		if (access(path, R_OK) == 0) {
			/* "Hello" then the signature */
			char *rest;

			expect = slurp_trimmed(path);
			assert_memory_equal(expect, "Hello", 5);
			rest = expect + 5;
			while (*rest == ' ' || *rest == '\n')
				rest++;
			if (strcmp(ex.signature, rest) != 0)
				fail_msg("%s: signature \"%s\", expected "
					 "\"%s\"",
					 name, ex.signature, rest);
		} else {
			assert_string_equal(ex.signature, "");
		}
		free(expect);
		extract_free(&ex);
		free(raw);
		count++;
	}
	closedir(d);
	assert_int_equal(count, 12);
}

/* Clients' attribution lines land at the top of the quoted part. */
static void
test_talon_quoted_starts(void **state)
{
	static const struct {
		const char *file, *quoted_start;
	} cases[] = {
	    {"android.eml", "02.04.2012 14:20 "},
	    {"aol.eml", "-----Original Message-----"},
	    {"apple_mail.eml", "On Apr 3, 2012, at 4:19 PM, bob wrote:"},
	    {"apple_mail_2.eml", "> On 22 Aug 2015, at 19:21,"},
	    {"comcast.eml", "----- Original Message -----"},
	    {"gmail.eml", "On Mon, Apr 2, 2012 at 6:26 PM, Megan One"},
	    {"hotmail.eml", "> Subject: Test"},
	    {"iphone.eml", "On Apr 3, 2012, at 4:19 PM, bob <bob@example.com> "
			   "wrote:"},
	    {"outlook.eml", "From: xxx@xxx.mailgun.org"},
	    {"sparrow.eml", "On Tuesday, April 3, 2012 at 4:55 PM, xxx wrote:"},
	    {"thunderbird.eml", "On 04/02/2012 06:26 PM, Megan One wrote:\n"
				"> Hi"},
	    {"yahoo.eml", "----- Original Message -----"},
	};
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char path[PATH_MAX + 64], *raw;
		struct extract ex;

		snprintf(path, sizeof path, "%s/talon/standard_replies/%s",
			 corpus, cases[i].file);
		raw = slurp(path, &len);
		extract_message(raw, len, &ex);
		if (strncmp(ex.quoted_text, cases[i].quoted_start,
			    strlen(cases[i].quoted_start)) != 0)
			fail_msg("%s: quoted starts \"%.60s\"", cases[i].file,
				 ex.quoted_text);
		extract_free(&ex);
		free(raw);
	}
}

struct erp {
	const char *file;
	const char *reply;        /* exact */
	const char *signature;    /* exact, or NULL: see sig_start */
	const char *sig_start;    /* prefix of the signature */
	const char *quoted_start; /* prefix of the quoted part; "" = none */
	const char *quoted_has;   /* in the quoted part, or NULL */
};

static const struct erp erp_cases[] = {
    {"correct_sig.txt", "this is an email with a correct -- signature.",
     "-- \nrick", NULL, "", NULL},
    /* a list message: "-Name" signs it, the list footer follows */
    {"email_1_1.txt",
     "Hi folks\n\nWhat is the best way to clear a Riak bucket of all key, "
     "values after \nrunning a test?\nI am currently using the Java HTTP "
     "API.",
     NULL, "-Abhishek Kona\n\n\n____", "", NULL},
    /* "Hi," above the attribution, the answer below the quote */
    {"email_1_2.txt",
     "Hi,\n\nYou can list the keys for the bucket and call delete for "
     "each. Or if you\nput the keys (and kept track of them in your test) "
     "you can delete them\none at a time (without incurring the cost of "
     "calling list first.)\n\nSomething like:\n\n        String bucket = "
     "\"my_bucket\";\n        BucketResponse bucketResponse = "
     "riakClient.listBucket(bucket);\n        RiakBucketInfo bucketInfo = "
     "bucketResponse.getBucketInfo();\n\n        for(String key : "
     "bucketInfo.getKeys()) {\n            riakClient.delete(bucket, "
     "key);\n        }\n\n\nwould do it.\n\nSee also \n\n"
     "http://wiki.basho.com/REST-API.html#Bucket-operations\n\nwhich says "
     "\n\n\"At the moment there is no straightforward way to delete an "
     "entire\nBucket. There is, however, an open ticket for the feature. "
     "To delete all\nthe keys in a bucket, you\xe2\x80\x99ll need to "
     "delete them all individually.\"",
     "", NULL, "On Tue, 2011-03-01 at 18:02 +0530, Abhishek Kona wrote:",
     "riak-users mailing list"},
    {"email_1_3.txt", "Oh thanks.\n\nHaving the function would be great.",
     "-Abhishek Kona", NULL,
     "On 01/03/11 7:07 PM, Russell Brown wrote:", "riak-users mailing list"},
    {"email_1_4.txt", "Awesome! I haven't had another problem with it.", "",
     NULL,
     "On Aug 22, 2011, at 7:37 PM, defunkt<reply@reply.github.com> wrote:",
     "> Loader seems to be working well."},
    /* bullets and "-" lines are the reply */
    {"email_1_5.txt",
     "One: Here's what I've got.\n\n- This would be the first bullet point "
     "that wraps to the second line\nto the next\n- This is the second "
     "bullet point and it doesn't wrap\n- This is the third bullet point "
     "and I'm having trouble coming up with enough\nto say\n- This is the "
     "fourth bullet point\n\nTwo:\n- Here is another bullet point\n- And "
     "another one\n\nThis is a paragraph that talks about a bunch of "
     "stuff. It goes on and on\nfor a while.",
     "", NULL, "", NULL},
    /* an attribution over three lines */
    {"email_1_6.txt", "I get proper rendering as well.",
     "Sent from a magnificent torch of pixels", NULL,
     "On Dec 16, 2011, at 12:47 PM, Corey Donohoe\n<reply@reply.github.com>"
     "\nwrote:",
     "Reply to this email directly"},
    /* CRLF, and "wrote:" glued to the address on the second line */
    {"email_1_7.txt", ":+1:", "", NULL,
     "On Tue, Sep 25, 2012 at 8:59 AM, Chris Wanstrath\n"
     "<notifications@github.com>wrote:\n\n> Steps 0-2",
     NULL},
    /* answers written between the quoted lines, then a signature */
    {"email_1_8.txt", "I will reply under this one\n\nand under this.",
     "--\nHey there, this is my signature", NULL,
     "On Tue, Apr 29, 2014 at 4:22 PM, Example Dev <sugar@example.com>"
     "wrote:",
     "> okay?"},
    {"email_2_1.txt", "Outlook with a reply", "", NULL,
     "------------------------------\n\n*From:* Google Apps Sync Team",
     "The Google Apps Sync Team."},
    {"email_2_2.txt", "Outlook with a reply directly above line", "", NULL,
     "________________________________________\nFrom: CRM Comments",
     "I am replying to a comment."},
    {"email_2_3.txt", "Outlook with a reply directly above line", "", NULL,
     "From: CRM Comments [crm-comment@example.com]\nSent:",
     "> I am replying to a comment."},
    {"email_BlackBerry.txt", "Here is another email", "Sent from my BlackBerry",
     NULL, "", NULL},
    {"email_bullets.txt",
     "test 2 this should list second\n\nand have spaces\n\nand retain this "
     "formatting\n\n\n   - how about bullets\n   - and another",
     "-- \n\n*Joe Smith | Director, Product Management*", NULL,
     "On Fri, Feb 24, 2012 at 10:19 AM, <examples@email.goalengine.com> "
     "wrote:",
     "> something in your organization"},
    {"email_iPhone.txt", "Here is another email", "Sent from my iPhone", NULL,
     "", NULL},
    {"email_multi_word_sent_from_my_mobile_device.txt", "Here is another email",
     "Sent from my Verizon Wireless BlackBerry", NULL, "", NULL},
    /* "One ...:" is not "On ... wrote:" */
    {"email_one_is_not_on.txt",
     "Thank, this is really helpful.\n\nOne outstanding question I "
     "had:\n\nLocally (on development), when I run...",
     "", NULL, "On Oct 1, 2012, at 11:55 PM, Dave Tapley wrote:", NULL},
    /* a sentence that starts like a mobile signature is not one */
    {"email_sent_from_my_not_signature.txt",
     "Here is another email\n\nSent from my desk, is much easier then my "
     "mobile phone.",
     "", NULL, "", NULL},
    {"email_sig_delimiter_in_middle_of_line.txt",
     "Hi there!\n\nStuff happened.\n\nAnd here is a fix -- this is not a "
     "signature.\n\nkthxbai",
     "", NULL, "", NULL},
    /* the first "On ...:" line is the reply, not an attribution */
    {"greedy_on.txt",
     "On your remote host you can run:\n\n     telnet 127.0.0.1 "
     "52698\n\nThis should connect to TextMate (on your Mac, via the "
     "tunnel). If that\nfails, the tunnel is not working.",
     "", NULL, "On 9 Jan 2014, at 2:47, George Plymale wrote:",
     "> Reply to this email directly or view it on GitHub:"},
};

/* The thread's CPU time: the tests share the machine with others. */
static double
ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static void
run_erp(const struct erp *c)
{
	char path[PATH_MAX + 128], *text;
	struct extract ex;

	snprintf(path, sizeof path, "%s/email_reply_parser/emails/%s", corpus,
		 c->file);
	text = slurp(path, NULL);
	extract_text(text, &ex);
	check_utf8(&ex);
	if (strcmp(ex.reply_text, c->reply) != 0)
		fail_msg("%s: reply is\n\"%s\"", c->file, ex.reply_text);
	if (c->signature && strcmp(ex.signature, c->signature) != 0)
		fail_msg("%s: signature is \"%s\"", c->file, ex.signature);
	if (c->sig_start &&
	    strncmp(ex.signature, c->sig_start, strlen(c->sig_start)) != 0)
		fail_msg("%s: signature is \"%s\"", c->file, ex.signature);
	if (*c->quoted_start == 0 && *ex.quoted_text != 0)
		fail_msg("%s: quoted is \"%.80s\"", c->file, ex.quoted_text);
	if (strncmp(ex.quoted_text, c->quoted_start, strlen(c->quoted_start)) !=
	    0)
		fail_msg("%s: quoted starts \"%.80s\"", c->file,
			 ex.quoted_text);
	if (c->quoted_has && strstr(ex.quoted_text, c->quoted_has) == NULL)
		fail_msg("%s: quoted lacks \"%s\"", c->file, c->quoted_has);
	assert_int_equal(ex.auto_reply, 0);
	assert_int_equal(ex.bounce, 0);
	extract_free(&ex);
	free(text);
}

static void
test_email_reply_parser(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof erp_cases / sizeof erp_cases[0]; i++)
		run_erp(&erp_cases[i]);
}

/* The 750 KB trap: lines of '>' hundreds of KB long, fast. */
static void
test_long_quote(void **state)
{
	char path[PATH_MAX + 64], *text, *r, *s, *q;
	struct timespec t0;
	double ms;

	(void)state;
	snprintf(path, sizeof path,
		 "%s/email_reply_parser/emails/email_long_quote.txt", corpus);
	text = slurp(path, NULL);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	trim_split(text, &r, &s, &q);
	ms = ms_since(&t0);
	if (ms > TRAP_MS)
		fail_msg("email_long_quote.txt took %.1f ms", ms);
	/* The person wrote around a line of '>' (quoted); the "A>>>" line is
	 * theirs, garbage as it is. */
	assert_memory_equal(r,
			    "Hi folks\n\nWhat is the best way to clear a Riak "
			    "bucket of all key, values after\nrunning a "
			    "test?\n\nasdf\nA>>>>",
			    88);
	assert_non_null(
	    strstr(r, ">\nI am currently using the Java HTTP API."));
	assert_int_equal(strlen(q), 58968);
	assert_int_equal(strspn(q, ">"), 58968);
	assert_memory_equal(s, "-Abhishek Kona\n\n\n____", 21);
	assert_non_null(strstr(s, "riak-users mailing list"));
	free(r);
	free(s);
	free(q);
	free(text);
}

/* The other trap: long quoted lines full of sequence data. */
static void
test_pathological(void **state)
{
	char path[PATH_MAX + 64], *text;
	struct extract ex;
	struct timespec t0;
	double ms;

	(void)state;
	snprintf(path, sizeof path,
		 "%s/email_reply_parser/emails/pathological.txt", corpus);
	text = slurp(path, NULL);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	extract_text(text, &ex);
	ms = ms_since(&t0);
	if (ms > TRAP_MS)
		fail_msg("pathological.txt took %.1f ms", ms);
	assert_string_equal(
	    ex.reply_text, "I think you're onto something. I will try to fix "
			   "the problem as soon as I\nget back to a computer.");
	assert_string_equal(ex.signature, "");
	assert_memory_equal(ex.quoted_text,
			    "On Dec 8, 2013 2:10 PM, \"John Sullivan\" "
			    "<notifications@github.com> wrote:",
			    73);
	assert_non_null(strstr(ex.quoted_text, "> query_alignment:"));
	assert_string_equal(ex.language, "en");
	extract_free(&ex);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_talon),
	    cmocka_unit_test(test_talon_quoted_starts),
	    cmocka_unit_test(test_email_reply_parser),
	    cmocka_unit_test(test_long_quote),
	    cmocka_unit_test(test_pathological),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
