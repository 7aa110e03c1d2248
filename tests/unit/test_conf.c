/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for core/conf.c: the configuration file syntax, the effective
 * values, and error messages that name the file, line and key.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conf.h"
#include "confvalue.h"

#define NAME "test.conf"

static char err[512];

/* Load text as if it were the file "test.conf". */
static int
load(const char *text)
{
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	int rc;

	assert_non_null(fp);
	err[0] = 0;
	rc = conf_load_stream(fp, NAME, err, sizeof(err));
	fclose(fp);
	return rc;
}

static void
load_ok(const char *text)
{
	if (load(text) != 0)
		fail_msg("unexpected error: %s", err);
}

/* text must be refused, with an error naming test.conf, line and key. */
static void
load_bad(const char *text, int line, const char *key)
{
	char where[64];

	if (load(text) != -1)
		fail_msg("accepted a bad file:\n%s", text);
	snprintf(where, sizeof(where), NAME ", line %d", line);
	if (strstr(err, where) == NULL)
		fail_msg("error \"%s\" does not say \"%s\"", err, where);
	if (key != NULL && strstr(err, key) == NULL)
		fail_msg("error \"%s\" does not name \"%s\"", err, key);
}

static int
setup(void **state)
{
	(void)state;
	conf_reset();
	return 0;
}

static void
test_empty_gives_defaults(void **state)
{
	(void)state;
	load_ok("");
	assert_string_equal(conf_cur()->reply_domain, "reply.example.com");
	assert_string_equal(conf_cur()->reply_prefix, "reply");
	assert_string_equal(conf_cur()->recipient_delimiter, "+");
	assert_string_equal(conf_cur()->milter_socket,
			    "unix:/var/spool/postfix/postreply/milter.sock");
	assert_string_equal(conf_cur()->database, "dbname=postreply");
	assert_string_equal(conf_cur()->user, "postreply");
	assert_int_equal(conf_cur()->token_lifetime, 7776000);
	assert_int_equal(conf_cur()->max_stored_message_size, 26214400);
	assert_int_equal(conf_cur()->db_pool_size, 20);
}

static void
test_defaults_without_load(void **state)
{
	(void)state;
	assert_int_equal(conf_cur()->token_lifetime, 90 * 86400);
	assert_string_equal(conf_cur()->reply_domain, "reply.example.com");
}

static void
test_comments_and_blank_lines(void **state)
{
	(void)state;
	load_ok("# postreply configuration\n"
		"\n"
		"   \n"
		"reply_domain = r.test.org\n"
		"# token_lifetime = 1d\n"
		"\n"
		"reply_prefix = answers\n");
	assert_string_equal(conf_cur()->reply_domain, "r.test.org");
	assert_string_equal(conf_cur()->reply_prefix, "answers");
	assert_int_equal(conf_cur()->token_lifetime, 7776000);
}

/* postconf(5): a line whose first non-space character is '#' is ignored. */
static void
test_indented_comment(void **state)
{
	(void)state;
	load_ok("reply_domain = r.test.org\n"
		"    # the domain our MX accepts\n"
		"reply_prefix = answers\n");
	assert_string_equal(conf_cur()->reply_domain, "r.test.org");
	assert_string_equal(conf_cur()->reply_prefix, "answers");
}

static void
test_continuation_lines(void **state)
{
	(void)state;
	load_ok("database = host=db.example.com\n"
		"    dbname=postreply\n"
		"\tuser=postreply\n"
		"reply_domain = r.test.org\n");
	assert_string_equal(
	    conf_cur()->database,
	    "host=db.example.com dbname=postreply user=postreply");
	assert_string_equal(conf_cur()->reply_domain, "r.test.org");
}

static void
test_continuation_carries_value(void **state)
{
	(void)state;
	load_ok("token_lifetime =\n  10m\n");
	assert_int_equal(conf_cur()->token_lifetime, 600);
}

static void
test_spaces_around_equals(void **state)
{
	(void)state;
	load_ok("reply_domain=r.test.org\n");
	assert_string_equal(conf_cur()->reply_domain, "r.test.org");
	load_ok("reply_domain   =   r2.test.org   \n");
	assert_string_equal(conf_cur()->reply_domain, "r2.test.org");
	load_ok("reply_domain\t=\tr3.test.org\t\n");
	assert_string_equal(conf_cur()->reply_domain, "r3.test.org");
}

static void
test_no_final_newline_and_crlf(void **state)
{
	(void)state;
	load_ok("reply_domain = r.test.org");
	assert_string_equal(conf_cur()->reply_domain, "r.test.org");
	load_ok("reply_domain = r4.test.org\r\nreply_prefix = ans\r\n");
	assert_string_equal(conf_cur()->reply_domain, "r4.test.org");
	assert_string_equal(conf_cur()->reply_prefix, "ans");
}

static void
test_value_with_equals(void **state)
{
	(void)state;
	load_ok("database = host=localhost dbname=x\n");
	assert_string_equal(conf_cur()->database, "host=localhost dbname=x");
}

static void
test_later_setting_wins(void **state)
{
	(void)state;
	load_ok("reply_domain = a.test.org\nreply_domain = b.test.org\n");
	assert_string_equal(conf_cur()->reply_domain, "b.test.org");
}

static void
test_durations(void **state)
{
	(void)state;
	load_ok("token_lifetime = 90d\n");
	assert_int_equal(conf_cur()->token_lifetime, 7776000);
	load_ok("token_lifetime = 10m\n");
	assert_int_equal(conf_cur()->token_lifetime, 600);
	load_ok("token_lifetime = 30s\n");
	assert_int_equal(conf_cur()->token_lifetime, 30);
	load_ok("token_lifetime = 3600\n");
	assert_int_equal(conf_cur()->token_lifetime, 3600);
	load_ok("token_lifetime = 2h\n");
	assert_int_equal(conf_cur()->token_lifetime, 7200);
	load_ok("token_lifetime = 1w\n");
	assert_int_equal(conf_cur()->token_lifetime, 604800);
}

static void
test_sizes(void **state)
{
	(void)state;
	load_ok("max_stored_message_size = 25M\n");
	assert_int_equal(conf_cur()->max_stored_message_size, 26214400);
	load_ok("max_stored_message_size = 100k\n");
	assert_int_equal(conf_cur()->max_stored_message_size, 102400);
	load_ok("max_stored_message_size = 512M\n");
	assert_int_equal(conf_cur()->max_stored_message_size, 536870912);
	load_ok("max_stored_message_size = 512\n");
	assert_int_equal(conf_cur()->max_stored_message_size, 512);
}

static void
test_good_sockets(void **state)
{
	(void)state;
	load_ok("milter_socket = inet:127.0.0.1:8891\n");
	assert_string_equal(conf_cur()->milter_socket, "inet:127.0.0.1:8891");
	load_ok("milter_socket = unix:/var/spool/postfix/postreply.sock\n");
	assert_string_equal(conf_cur()->milter_socket,
			    "unix:/var/spool/postfix/postreply.sock");
}

static void
test_bad_unknown_key(void **state)
{
	(void)state;
	load_bad("reply_domain = r.test.org\nbogus_key = 1\n", 2, "bogus_key");
	/* Keys are case-sensitive, as in Postfix. */
	load_bad("Reply_Domain = r.test.org\n", 1, "Reply_Domain");
}

static void
test_bad_duration(void **state)
{
	(void)state;
	load_bad("# c\n\ntoken_lifetime = 90x\n", 3, "token_lifetime");
	load_bad("token_lifetime = ten days\n", 1, "token_lifetime");
	load_bad("token_lifetime = -1d\n", 1, "token_lifetime");
	load_bad("token_lifetime =\n", 1, "token_lifetime");
	load_bad("token_lifetime = 99999999999999999999d\n", 1,
		 "token_lifetime");
	/* A reading ends well within its job's lease of 300 s. */
	load_ok("reader_time_limit = 4m\n");
	load_bad("reader_time_limit = 241s\n", 1, "reader_time_limit");
	assert_non_null(strstr(err, "must be at most 240s"));
}

static void
test_bad_size(void **state)
{
	(void)state;
	load_bad("max_stored_message_size = 25Q\n", 1,
		 "max_stored_message_size");
	load_bad("max_stored_message_size = 25MB\n", 1,
		 "max_stored_message_size");
	/* PostgreSQL stores at most 1 GB in a value: capped at 512M. */
	load_bad("max_stored_message_size = 1G\n", 1,
		 "max_stored_message_size");
	assert_non_null(strstr(err, "must be at most 512M"));
}

static void
test_bad_int(void **state)
{
	(void)state;
	load_bad("db_pool_size = many\n", 1, "db_pool_size");
	load_bad("db_pool_size = 0\n", 1, "db_pool_size");
	load_bad("db_pool_size = 5x\n", 1, "db_pool_size");
}

static void
test_bad_milter_socket(void **state)
{
	(void)state;
	load_bad("milter_socket = /run/postreply/milter.sock\n", 1,
		 "milter_socket");
	load_bad("milter_socket = unix:run/milter.sock\n", 1, "milter_socket");
	load_bad("milter_socket = inet:localhost\n", 1, "milter_socket");
	load_bad("milter_socket = inet::8891\n", 1, "milter_socket");
	load_bad("milter_socket = inet:localhost:0\n", 1, "milter_socket");
	load_bad("milter_socket = inet:localhost:70000\n", 1, "milter_socket");
	load_bad("milter_socket = tcp:localhost:8891\n", 1, "milter_socket");
	load_bad("milter_socket = inet:localhost:88x\n", 1, "milter_socket");
}

static void
test_submit_url(void **state)
{
	(void)state;
	load_ok("submit_url = smtp://127.0.0.1:25\n");
	load_ok("submit_url = smtp://postreply:pw@mail.example.com:587\n");
	load_ok("submit_url = smtps://postreply:pw@mail.example.com:465\n");
	load_ok("submit_url = smtp://[::1]:25\n");
	load_bad("submit_url = http://mail.example.com\n", 1, "submit_url");
	load_bad("submit_url = mail.example.com:25\n", 1, "submit_url");
	load_bad("submit_url = smtp://\n", 1, "submit_url");
	load_bad("submit_url = smtp://user:pw@\n", 1, "submit_url");
	load_bad("submit_url = smtp://mail example.com\n", 1, "submit_url");
	load_ok("submit_url = SMTP://mail.example.com\n");
	load_ok("submit_url = smtp://mail.example.com:587/postreply.example\n");
	load_bad("submit_url = smtp://mail.example.com:0\n", 1, "submit_url");
	load_bad("submit_url = smtp://mail.example.com:99999\n", 1,
		 "submit_url");
	load_bad("submit_url = smtp://mail.example.com:25x\n", 1, "submit_url");
	load_bad("submit_url = smtp://[]:25\n", 1, "submit_url");
	load_bad("submit_url = smtp://[::1:25\n", 1, "submit_url");
	load_bad("submit_url = smtp://mail.example.com;x\n", 1, "submit_url");
	load_bad("submit_url = smtp://mail.example.com:99999\n", 1,
		 "submit_url");
	if (strstr(err, "STARTTLS") == NULL)
		fail_msg("error \"%s\" does not say credentials need STARTTLS",
			 err);
}

static void
test_bad_reply_domain(void **state)
{
	(void)state;
	load_bad("reply_domain = reply.example.com>\n", 1, "reply_domain");
	load_bad("reply_domain = reply example.com\n", 1, "reply_domain");
	load_bad("reply_domain = .example.com\n", 1, "reply_domain");
	load_bad("reply_domain = -example.com\n", 1, "reply_domain");
	load_bad("reply_domain = user@example.com\n", 1, "reply_domain");
	load_bad("reply_domain = reply..example.com\n", 1, "reply_domain");
	load_bad("reply_domain =\n", 1, "reply_domain");
}

static void
test_bad_prefix_and_delimiter(void **state)
{
	(void)state;
	load_bad("reply_prefix = re+ply\n", 1, "reply_prefix");
	load_bad("reply_prefix =\n", 1, "reply_prefix");
	load_bad("recipient_delimiter = ++\n", 1, "recipient_delimiter");
	load_bad("recipient_delimiter = @\n", 1, "recipient_delimiter");
}

static void
test_bad_missing_equals(void **state)
{
	(void)state;
	load_bad("reply_prefix = answers\nreply_domain r.test.org\n", 2,
		 "reply_domain");
}

static void
test_bad_continuation_first(void **state)
{
	(void)state;
	load_bad("  reply_domain = r.test.org\n", 1, NULL);
	load_bad("# comment\n\n\treply_domain = r.test.org\n", 3, NULL);
}

static void
test_bad_zero_lifetime(void **state)
{
	(void)state;
	load_bad("token_lifetime = 0\n", 1, "token_lifetime");
	load_bad("token_lifetime = 0d\n", 1, "token_lifetime");
	load_bad("max_stored_message_size = 0\n", 1, "max_stored_message_size");
}

/* An error in a continued entry is reported at the line it starts on. */
static void
test_bad_continued_entry_line(void **state)
{
	(void)state;
	load_bad("reply_domain = r.test.org\n"
		 "token_lifetime =\n"
		 "    forever\n",
		 2, "token_lifetime");
}

static void
test_bad_nul_byte(void **state)
{
	static const char text[] = "reply_domain = r.test.org\nuser = a\0b\n";
	FILE *fp = fmemopen((void *)text, sizeof(text) - 1, "r");

	(void)state;
	assert_non_null(fp);
	assert_int_equal(conf_load_stream(fp, NAME, err, sizeof(err)), -1);
	fclose(fp);
	assert_non_null(strstr(err, NAME ", line 2"));
}

static void
test_bad_file_changes_nothing(void **state)
{
	(void)state;
	load_ok("reply_domain = good.test.org\ntoken_lifetime = 10m\n");
	load_bad("reply_domain = bad.test.org\n"
		 "token_lifetime = 1d\n"
		 "bogus = 1\n",
		 3, "bogus");
	assert_string_equal(conf_cur()->reply_domain, "good.test.org");
	assert_int_equal(conf_cur()->token_lifetime, 600);
	/* A bad value later in the file, too. */
	load_bad("reply_domain = bad.test.org\ntoken_lifetime = 0\n", 2,
		 "token_lifetime");
	assert_string_equal(conf_cur()->reply_domain, "good.test.org");
	assert_int_equal(conf_cur()->token_lifetime, 600);
}

static void
test_conf_load_missing_file(void **state)
{
	const char *path = "/nonexistent/postreply-test.conf";

	(void)state;
	assert_int_equal(conf_load(path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, path));
}

static void
test_conf_load_file(void **state)
{
	char path[] = "/tmp/test_conf.XXXXXX";
	int fd = mkstemp(path);
	FILE *fp;

	(void)state;
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	fputs("reply_domain = file.test.org\nfoo = bar\n", fp);
	fclose(fp);
	assert_int_equal(conf_load(path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "line 2"));
	assert_non_null(strstr(err, "foo"));
	unlink(path);
}

static void
test_conf_print(void **state)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp;

	(void)state;
	load_ok("reply_domain = r.test.org\ntoken_lifetime = 10m\n");
	fp = open_memstream(&out, &len);
	assert_non_null(fp);
	conf_print(fp);
	fclose(fp);
	assert_non_null(strstr(out, "reply_domain = r.test.org\n"));
	assert_non_null(strstr(out, "token_lifetime = 10m\n"));
	assert_non_null(strstr(out, "max_stored_message_size = 25M\n"));
	free(out);
}

static void
test_parse_duration(void **state)
{
	long long n = -7;

	(void)state;
	assert_int_equal(confvalue_duration("0", &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(confvalue_duration("45", &n), 0);
	assert_int_equal(n, 45);
	assert_int_equal(confvalue_duration("90d", &n), 0);
	assert_int_equal(n, 7776000);
	assert_int_equal(confvalue_duration("2w", &n), 0);
	assert_int_equal(n, 1209600);

	n = -7;
	assert_int_equal(confvalue_duration("", &n), -1);
	assert_int_equal(confvalue_duration("1x", &n), -1);
	assert_int_equal(confvalue_duration("d", &n), -1);
	assert_int_equal(confvalue_duration("1dd", &n), -1);
	assert_int_equal(confvalue_duration("1 d", &n), -1);
	assert_int_equal(confvalue_duration(" 1d", &n), -1);
	assert_int_equal(confvalue_duration("-1", &n), -1);
	assert_int_equal(confvalue_duration("+1", &n), -1);
	assert_int_equal(confvalue_duration("1D", &n), -1);
	assert_int_equal(confvalue_duration("99999999999999999999d", &n), -1);
	assert_int_equal(confvalue_duration("99999999999999999999", &n), -1);
	/* LLONG_MAX / 86400 = 106751991167300; one more overflows. */
	assert_int_equal(confvalue_duration("106751991167301d", &n), -1);
	assert_int_equal(n, -7); /* untouched on error */
	assert_int_equal(confvalue_duration("106751991167300d", &n), 0);
	assert_int_equal(n, 106751991167300LL * 86400);
}

static void
test_parse_size(void **state)
{
	long long n = -7;

	(void)state;
	assert_int_equal(confvalue_size("1", &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(confvalue_size("1k", &n), 0);
	assert_int_equal(n, 1024);
	assert_int_equal(confvalue_size("1K", &n), 0);
	assert_int_equal(n, 1024);
	assert_int_equal(confvalue_size("25M", &n), 0);
	assert_int_equal(n, 26214400);
	assert_int_equal(confvalue_size("3G", &n), 0);
	assert_int_equal(n, 3LL * 1073741824);

	n = -7;
	assert_int_equal(confvalue_size("", &n), -1);
	assert_int_equal(confvalue_size("1x", &n), -1);
	assert_int_equal(confvalue_size("1s", &n), -1);
	assert_int_equal(confvalue_size("1kb", &n), -1);
	assert_int_equal(confvalue_size("M", &n), -1);
	assert_int_equal(confvalue_size("-1M", &n), -1);
	assert_int_equal(confvalue_size("99999999999999999999", &n), -1);
	assert_int_equal(confvalue_size("9999999999999G", &n), -1);
	assert_int_equal(n, -7);
}

/* Write text to path, replacing it. */
static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

/*
 * SIGHUP's reload: changed settings apply, those read once at start-up
 * keep their value, and a string handed out before stays readable (a
 * thread may still hold it; ASan would catch it freed).
 */
static void
test_reload_applies_changes(void **state)
{
	char path[] = "/tmp/test_conf.XXXXXX", rerr[512];
	const struct conf *held;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	write_file(path, "reply_domain = a.example.com\n"
			 "database = dbname=one\n");
	conf_load_or_die(path);
	/* A holder (a message in progress) keeps its snapshot whole. */
	conf_hold();
	held = conf_cur();
	write_file(path, "reply_domain = b.example.com\n"
			 "track_outbound = yes\n"
			 "database = dbname=two\n");
	assert_int_equal(conf_reload(rerr, sizeof(rerr)), 2);
	assert_ptr_equal(conf_cur(), held);
	assert_string_equal(held->reply_domain, "a.example.com");
	assert_int_equal(held->track_outbound, 0);
	conf_release();
	assert_string_equal(conf_cur()->reply_domain, "b.example.com");
	assert_int_equal(conf_cur()->track_outbound, 1);
	assert_string_equal(conf_cur()->database, "dbname=one");
	/* Nothing changed: nothing applied. */
	assert_int_equal(conf_reload(rerr, sizeof(rerr)), 0);
	/* A setting removed from the file goes back to its default. */
	write_file(path, "database = dbname=one\n");
	assert_int_equal(conf_reload(rerr, sizeof(rerr)), 2);
	assert_string_equal(conf_cur()->reply_domain, "reply.example.com");
	assert_int_equal(conf_cur()->track_outbound, 0);
	unlink(path);
}

static void *
test_thread_reads_held(void *arg)
{
	const char **out = arg;

	conf_hold();
	*out = conf_cur()->reply_domain;
	conf_release();
	return NULL;
}

static void *
test_thread_reads_unheld(void *arg)
{
	(void)arg;
	return (void *)conf_cur()->reply_domain;
}

/*
 * A worker thread reads through a snapshot it holds; one that reads
 * without is a bug that would see a snapshot freed under it: a panic.
 */
static void
test_threads_must_hold(void **state)
{
	const char *seen = NULL;
	pthread_t t;
	pid_t pid;
	int status;

	(void)state;
	load("reply_domain = t.example.com\n");
	assert_int_equal(
	    pthread_create(&t, NULL, test_thread_reads_held, &seen), 0);
	pthread_join(t, NULL);
	assert_string_equal(seen, "t.example.com");
	if ((pid = fork()) == 0) {
		fclose(stderr); /* the panic's message is expected */
		pthread_create(&t, NULL, test_thread_reads_unheld, NULL);
		pthread_join(t, NULL);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
}

/* A bad file, or none, on reload: an error, and every setting stays. */
static void
test_reload_bad_file_changes_nothing(void **state)
{
	char path[] = "/tmp/test_conf.XXXXXX", rerr[512];
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	write_file(path, "reply_domain = a.example.com\n");
	conf_load_or_die(path);
	write_file(path, "reply_domain = b.example.com\n"
			 "token_lifetime = soon\n");
	assert_int_equal(conf_reload(rerr, sizeof(rerr)), -1);
	assert_non_null(strstr(rerr, "line 2"));
	assert_non_null(strstr(rerr, "token_lifetime"));
	assert_string_equal(conf_cur()->reply_domain, "a.example.com");
	unlink(path);
	assert_int_equal(conf_reload(rerr, sizeof(rerr)), -1);
	assert_non_null(strstr(rerr, "cannot open"));
	assert_string_equal(conf_cur()->reply_domain, "a.example.com");
}

/* Every setting the programs know is in the sample, commented or not. */
static void
test_sample_has_every_setting(const char *sample)
{
	char *all = NULL, *line, *save = NULL, want[128];
	size_t len = 0;
	FILE *fp = open_memstream(&all, &len);

	conf_print(fp);
	fclose(fp);
	for (line = strtok_r(all, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		snprintf(want, sizeof(want),
			 "\n%.*s =", (int)strcspn(line, " ="), line);
		if (strstr(sample, want + 1) != sample && !strstr(sample, want))
			fail_msg("%s is not in conf/postreply.conf.sample",
				 want + 1);
	}
	free(all);
}

/*
 * conf/postreply.conf.sample, every setting in it uncommented, is a file
 * the programs accept: an administrator who follows it is not stopped.
 */
static void
test_sample_loads(void **state)
{
	char line[1024], *text = NULL;
	size_t len = 0;
	FILE *in = fopen("conf/postreply.conf.sample", "r");
	FILE *out = open_memstream(&text, &len);
	int settings = 0;

	(void)state;
	assert_non_null(in);
	while (fgets(line, sizeof(line), in)) {
		char *p = line + (line[0] == '#');
		size_t name = strspn(p, "abcdefghijklmnopqrstuvwxyz_");

		if (name > 0 && strncmp(p + name, " =", 2) == 0) {
			fputs(p, out);
			settings++;
		}
	}
	fclose(in);
	fclose(out);
	load_ok(text);
	test_sample_has_every_setting(text);
	assert_int_equal(conf_cur()->reader_memory_limit, 512LL << 20);
	assert_int_equal(conf_cur()->reader_max_address_header, 16384);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_empty_gives_defaults, setup),
	    cmocka_unit_test_setup(test_defaults_without_load, setup),
	    cmocka_unit_test_setup(test_comments_and_blank_lines, setup),
	    cmocka_unit_test_setup(test_indented_comment, setup),
	    cmocka_unit_test_setup(test_continuation_lines, setup),
	    cmocka_unit_test_setup(test_continuation_carries_value, setup),
	    cmocka_unit_test_setup(test_spaces_around_equals, setup),
	    cmocka_unit_test_setup(test_no_final_newline_and_crlf, setup),
	    cmocka_unit_test_setup(test_value_with_equals, setup),
	    cmocka_unit_test_setup(test_later_setting_wins, setup),
	    cmocka_unit_test_setup(test_durations, setup),
	    cmocka_unit_test_setup(test_sizes, setup),
	    cmocka_unit_test_setup(test_good_sockets, setup),
	    cmocka_unit_test_setup(test_bad_unknown_key, setup),
	    cmocka_unit_test_setup(test_bad_duration, setup),
	    cmocka_unit_test_setup(test_bad_size, setup),
	    cmocka_unit_test_setup(test_sample_loads, setup),
	    cmocka_unit_test_setup(test_bad_int, setup),
	    cmocka_unit_test_setup(test_bad_milter_socket, setup),
	    cmocka_unit_test_setup(test_submit_url, setup),
	    cmocka_unit_test_setup(test_bad_reply_domain, setup),
	    cmocka_unit_test_setup(test_bad_prefix_and_delimiter, setup),
	    cmocka_unit_test_setup(test_bad_missing_equals, setup),
	    cmocka_unit_test_setup(test_bad_continuation_first, setup),
	    cmocka_unit_test_setup(test_bad_zero_lifetime, setup),
	    cmocka_unit_test_setup(test_bad_continued_entry_line, setup),
	    cmocka_unit_test_setup(test_bad_nul_byte, setup),
	    cmocka_unit_test_setup(test_bad_file_changes_nothing, setup),
	    cmocka_unit_test_setup(test_conf_load_missing_file, setup),
	    cmocka_unit_test_setup(test_conf_load_file, setup),
	    cmocka_unit_test_setup(test_conf_print, setup),
	    cmocka_unit_test_setup(test_parse_duration, setup),
	    cmocka_unit_test_setup(test_parse_size, setup),
	    cmocka_unit_test_setup(test_reload_applies_changes, setup),
	    cmocka_unit_test_setup(test_threads_must_hold, setup),
	    cmocka_unit_test_setup(test_reload_bad_file_changes_nothing, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
