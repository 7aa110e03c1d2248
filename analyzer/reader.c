/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * reader: the reading of a message in a process of its own (reader.h),
 * as Postfix keeps its untrusted work in processes apart. A worker
 * thread owns one reading process, started from this very program
 * (/proc/self/exe with READER_ARG), connected by a socket pair on its
 * file descriptor 3; the process reads messages one at a time and is
 * replaced after READER_MAX_USE of them, or whenever it fails.
 *
 * Limits: the process cannot grow past reader_memory_limit of address
 * space (RLIMIT_AS), nor spend more than reader_time_limit of CPU on one
 * message (RLIMIT_CPU, raised before each); the worker also watches the
 * wall clock and, every READER_WATCH_MS of a slow reading, the process's
 * resident memory, and kills it past either. Under AddressSanitizer,
 * whose shadow memory takes terabytes of address space, only the watch
 * applies.
 *
 * The wire: the worker writes a struct reader_request, the time zone and
 * the message; the process answers with a 64-bit length and the report's
 * JSON, which the worker parses as untrusted (report_parse); or, asked
 * for a webhook's parts, their JSON (parts_from_json). Both ends
 * are this program, so the structure is sent as it is in memory.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "parts.h"
#include "reader.h"
#include "report.h"
#include "xmalloc.h"

#define READER_FD 3
#define READER_MAX_USE 1000      /* messages per process */
#define READER_WATCH_MS 100      /* how often a slow reading is looked at */
#define READER_MAGIC 0x52445250u /* "PRDR" */
#define READER_KIND_RAW 1
#define READER_KIND_TEXT 2
#define READER_KIND_PARTS 3 /* split for a webhook (parts.h) */
#define READER_TZ_MAX 256
#define READER_INPUT_MAX ((uint64_t)1 << 31)

#if defined(__SANITIZE_ADDRESS__)
#define READER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define READER_ASAN 1
#endif
#endif

#define READER_AUTO_REPLY 1 /* flags: what the milter saw */
#define READER_BOUNCE 2

struct reader_request {
	uint32_t magic;
	uint32_t kind;
	uint32_t flags;
	uint32_t spare;
	int64_t received_at;
	int64_t seconds;
	int64_t max_parts, max_depth, max_headers, max_address_header;
	uint64_t tzlen, len;
};

enum reader_fault {
	READER_DIED,
	READER_TIMEOUT,
	READER_MEMORY,
	READER_TOO_LONG
};

struct reader {
	pid_t pid; /* 0: no process */
	int fd;
	long used;                 /* messages it has read */
	long long memory, seconds; /* the limits it runs under */
	enum reader_fault fault;
	uint32_t kind; /* of the message in hand */
};

void
reader_limits_conf(struct reader_limits *lim)
{
	lim->shape.max_parts = (long)conf_cur()->reader_max_parts;
	lim->shape.max_depth = (long)conf_cur()->reader_max_depth;
	lim->shape.max_headers = (long)conf_cur()->reader_max_headers;
	lim->shape.max_address_header =
	    (long)conf_cur()->reader_max_address_header;
	lim->memory = conf_cur()->reader_memory_limit;
	lim->seconds = conf_cur()->reader_time_limit;
}

struct reader *
reader_new(void)
{
	struct reader *r = xcalloc(1, sizeof(*r));

	r->fd = -1;
	return r;
}

static double
reader_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The resident memory of the process, in bytes; 0 when unknown. */
static long long
reader_rss(pid_t pid)
{
	char path[64];
	long long size = 0, rss = 0;
	FILE *fp;

	snprintf(path, sizeof(path), "/proc/%ld/statm", (long)pid);
	if ((fp = fopen(path, "re")) == NULL)
		return 0;
	if (fscanf(fp, "%lld %lld", &size, &rss) != 2)
		rss = 0;
	fclose(fp);
	return rss * sysconf(_SC_PAGESIZE);
}

/*
 * Wait until the socket is ready for events, or the process has spent
 * its time or memory (-1, r->fault says which).
 */
static int
reader_wait(struct reader *r, short events, double deadline)
{
	struct pollfd p = {r->fd, events, 0};
	double left;
	int n;

	for (;;) {
		if ((left = deadline - reader_now()) <= 0) {
			r->fault = READER_TIMEOUT;
			return -1;
		}
		n = poll(&p, 1,
			 left * 1000 > READER_WATCH_MS
			     ? READER_WATCH_MS
			     : (int)(left * 1000) + 1);
		if (n > 0)
			return 0; /* or hung up: the read or write tells */
		if (n < 0 && errno != EINTR) {
			r->fault = READER_DIED;
			return -1;
		}
		if (reader_rss(r->pid) > r->memory) {
			r->fault = READER_MEMORY;
			return -1;
		}
	}
}

/* Past the sent bytes of the vector *iov of *n buffers. */
static void
reader_iov_skip(struct iovec **iov, int *n, size_t sent)
{
	while (*n > 0 && sent >= (*iov)->iov_len) {
		sent -= (*iov)->iov_len;
		(*iov)++;
		(*n)--;
	}
	if (*n > 0) {
		(*iov)->iov_base = (char *)(*iov)->iov_base + sent;
		(*iov)->iov_len -= sent;
	}
}

/*
 * The buffers in one call where the socket takes them: each wakeup of
 * the process is a context switch, which a request in three sends paid
 * three times.
 */
static int
reader_send(struct reader *r, struct iovec *iov, int n, double deadline)
{
	struct msghdr mh = {0};
	ssize_t sent;

	while (n > 0) {
		mh.msg_iov = iov;
		mh.msg_iovlen = (size_t)n;
		sent = sendmsg(r->fd, &mh, MSG_NOSIGNAL);
		if (sent >= 0) {
			reader_iov_skip(&iov, &n, (size_t)sent);
		} else if (errno == EAGAIN) {
			if (reader_wait(r, POLLOUT, deadline) < 0)
				return -1;
		} else if (errno != EINTR) {
			r->fault = READER_DIED;
			return -1;
		}
	}
	return 0;
}

static int
reader_recv(struct reader *r, void *buf, size_t len, double deadline)
{
	char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = recv(r->fd, p, len, 0);
		if (n > 0) {
			p += n;
			len -= (size_t)n;
		} else if (n < 0 && errno == EAGAIN) {
			if (reader_wait(r, POLLIN, deadline) < 0)
				return -1;
		} else if (n == 0 || errno != EINTR) {
			r->fault = READER_DIED;
			return -1;
		}
	}
	return 0;
}

/* The fd the process gets as READER_FD: never READER_FD itself here. */
static int
reader_child_end(int fd)
{
	int moved;

	if (fd != READER_FD)
		return fd;
	if ((moved = fcntl(fd, F_DUPFD_CLOEXEC, READER_FD + 1)) < 0)
		return -1;
	close(fd);
	return moved;
}

/*
 * The environment of a reading process: only what the libraries read.
 * Under AddressSanitizer a crash must end the process as it would in
 * production, by its signal, not as a sanitizer report in the log.
 * Built once, for every thread.
 */
static char *reader_envp[16];
static pthread_once_t reader_env_once = PTHREAD_ONCE_INIT;

static void
reader_env_build(void)
{
	static const char *const keep[] = {
	    "TZDIR",        "LANG",          "LC_ALL",
	    "LC_CTYPE",     "UBSAN_OPTIONS", "LSAN_OPTIONS",
#ifndef READER_ASAN
	    "ASAN_OPTIONS",
#endif
	};
	size_t i, n = 0;
	char *v;

	for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		if ((v = getenv(keep[i])) != NULL)
			reader_envp[n++] = xasprintf("%s=%s", keep[i], v);
#ifdef READER_ASAN
	v = getenv("ASAN_OPTIONS");
	reader_envp[n++] =
	    xasprintf("ASAN_OPTIONS=%s%shandle_segv=0:handle_sigbus=0:"
		      "handle_sigfpe=0:use_sigaltstack=0",
		      v ? v : "", v && *v ? ":" : "");
#endif
	reader_envp[n] = NULL;
}

static char **
reader_env(void)
{
	pthread_once(&reader_env_once, reader_env_build);
	return reader_envp;
}

static int
reader_spawn(struct reader *r, const struct reader_limits *lim, char *err,
	     size_t errlen)
{
	char mem[32], *argv[] = {"postreply-analyzer", READER_ARG, mem, NULL};
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, dfl;
	int sv[2], child, rc;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		snprintf(err, errlen, "cannot start a reading process: %s",
			 strerror(errno));
		return -1;
	}
	if ((child = reader_child_end(sv[1])) < 0) {
		snprintf(err, errlen, "cannot start a reading process: %s",
			 strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	snprintf(mem, sizeof(mem), "%lld", lim->memory);
	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGPIPE);
	sigaddset(&dfl, SIGHUP);
	sigaddset(&dfl, SIGTERM);
	sigaddset(&dfl, SIGINT);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, child, READER_FD);
	posix_spawnattr_init(&at);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &dfl);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK |
					  POSIX_SPAWN_SETSIGDEF);
	rc = posix_spawn(&r->pid, "/proc/self/exe", &fa, &at, argv,
			 reader_env());
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	close(child);
	if (rc != 0) {
		snprintf(err, errlen, "cannot start a reading process: %s",
			 strerror(rc));
		close(sv[0]);
		r->pid = 0;
		return -1;
	}
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	r->fd = sv[0];
	r->used = 0;
	r->memory = lim->memory;
	r->seconds = lim->seconds;
	return 0;
}

/*
 * Wait for the process to end: one that closed its end is ending; one
 * still there after a second is killed.
 */
static int
reader_reap(struct reader *r, int kill_now)
{
	int status = 0, i;

	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	if (kill_now)
		kill(r->pid, SIGKILL);
	for (i = 0; i < 100; i++) {
		if (waitpid(r->pid, &status, WNOHANG) == r->pid)
			break;
		if (i == 99) {
			kill(r->pid, SIGKILL);
			waitpid(r->pid, &status, 0);
			break;
		}
		usleep(10 * 1000);
	}
	r->pid = 0;
	return status;
}

/* Why the process failed, in words for the operator. */
static void
reader_why(struct reader *r, char *err, size_t errlen)
{
	int status;

	switch (r->fault) {
	case READER_TIMEOUT:
		reader_reap(r, 1);
		snprintf(err, errlen,
			 "the reading process took longer than %lld s "
			 "(reader_time_limit) and was stopped",
			 r->seconds);
		return;
	case READER_MEMORY:
		reader_reap(r, 1);
		snprintf(err, errlen,
			 "the reading process used more than %lld MB "
			 "(reader_memory_limit) and was stopped",
			 r->memory >> 20);
		return;
	case READER_TOO_LONG:
		reader_reap(r, 1);
		snprintf(err, errlen,
			 "the reading process answered more than %d MB",
			 (r->kind == READER_KIND_PARTS ? PARTS_MAX_JSON
						       : REPORT_MAX_JSON) >>
			     20);
		return;
	case READER_DIED:
		break;
	}
	status = reader_reap(r, 0);
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU)
		snprintf(err, errlen,
			 "the reading process used more than %lld s of CPU "
			 "(reader_time_limit) and was stopped",
			 r->seconds);
	else if (WIFSIGNALED(status))
		snprintf(err, errlen,
			 "the reading process was killed by signal %d (%s); "
			 "its limits: %lld MB (reader_memory_limit), %lld s "
			 "(reader_time_limit)",
			 WTERMSIG(status), strsignal(WTERMSIG(status)),
			 r->memory >> 20, r->seconds);
	else if (WIFEXITED(status) && WEXITSTATUS(status) == EX_OSERR)
		snprintf(err, errlen,
			 "the reading process ran out of memory; its limit: "
			 "%lld MB (reader_memory_limit)",
			 r->memory >> 20);
	else
		snprintf(err, errlen,
			 "the reading process ended with status %d, without "
			 "an answer",
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

/*
 * The process ended while it had nothing to read (killed by hand, say):
 * that is no message's fault, and the next gets a new process.
 */
static void
reader_forget_gone(struct reader *r)
{
	int status;

	if (waitpid(r->pid, &status, WNOHANG) != r->pid)
		return;
	close(r->fd);
	r->fd = -1;
	r->pid = 0;
}

void
reader_free(struct reader *r)
{
	if (r == NULL)
		return;
	if (r->pid > 0)
		reader_reap(r, 0); /* it ends when its socket closes */
	free(r);
}

/* The request and its answer's text, or -1 with r->fault. */
static int
reader_exchange(struct reader *r, const struct reader_input *in,
		const struct reader_limits *lim, char **answer, size_t *alen)
{
	const char *data = in->raw ? in->raw : in->text;
	struct reader_request rq = {
	    READER_MAGIC,
	    r->kind,
	    (in->auto_reply ? READER_AUTO_REPLY : 0) |
		(in->bounce ? READER_BOUNCE : 0),
	    0,
	    (int64_t)in->received_at,
	    lim->seconds,
	    lim->shape.max_parts,
	    lim->shape.max_depth,
	    lim->shape.max_headers,
	    lim->shape.max_address_header,
	    strlen(in->tz) < READER_TZ_MAX ? strlen(in->tz) : 0,
	    in->raw ? in->len : strlen(in->text)};
	double deadline = reader_now() + (double)lim->seconds;
	uint64_t n;

	struct iovec iov[] = {{&rq, sizeof(rq)},
			      {(void *)in->tz, rq.tzlen},
			      {(void *)data, rq.len}};

	if (reader_send(r, iov, 3, deadline) < 0 ||
	    reader_recv(r, &n, sizeof(n), deadline) < 0)
		return -1;
	if (n >
	    (rq.kind == READER_KIND_PARTS ? PARTS_MAX_JSON : REPORT_MAX_JSON)) {
		r->fault = READER_TOO_LONG;
		return -1;
	}
	*answer = xmalloc(n + 1);
	if (reader_recv(r, *answer, n, deadline) < 0) {
		free(*answer);
		return -1;
	}
	(*answer)[n] = 0;
	*alen = n;
	return 0;
}

/*
 * Send in to the process (starting one if need be) as kind; its answer.
 * 0, -1 or READER_AGAIN with why in err, as reader_read.
 */
static int
reader_ask(struct reader *r, const struct reader_input *in, uint32_t kind,
	   const struct reader_limits *lim, char **answer, size_t *alen,
	   char *err, size_t errlen)
{
	if (r->pid > 0)
		reader_forget_gone(r);
	if (r->pid > 0 &&
	    (r->used >= READER_MAX_USE || r->memory != lim->memory))
		reader_reap(r, 0);
	if (r->pid == 0 && reader_spawn(r, lim, err, errlen) < 0)
		return READER_AGAIN;
	r->seconds = lim->seconds;
	r->used++;
	r->kind = kind;
	if (reader_exchange(r, in, lim, answer, alen) < 0) {
		reader_why(r, err, errlen);
		return -1;
	}
	return 0;
}

int
reader_read(struct reader *r, const struct reader_input *in,
	    const struct reader_limits *lim, struct extract *ex,
	    struct analysis *a, char *err, size_t errlen)
{
	char *answer, why[256];
	size_t alen;
	int rc;

	memset(ex, 0, sizeof(*ex));
	memset(a, 0, sizeof(*a));
	if ((rc =
		 reader_ask(r, in, in->raw ? READER_KIND_RAW : READER_KIND_TEXT,
			    lim, &answer, &alen, err, errlen)) < 0)
		return rc;
	rc = report_parse(answer, alen, ex, a, why, sizeof(why));
	free(answer);
	if (rc < 0) {
		snprintf(err, errlen,
			 "the reading process answered nonsense (%s)", why);
		reader_reap(r, 1);
	}
	return rc;
}

int
reader_parts(struct reader *r, const char *raw, size_t len,
	     const struct reader_limits *lim, struct parts *out, char *err,
	     size_t errlen)
{
	struct reader_input in = {raw, len, NULL, 0, "", 0, 0};
	char *answer, why[256];
	size_t alen;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = reader_ask(r, &in, READER_KIND_PARTS, lim, &answer, &alen,
			     err, errlen)) < 0)
		return rc;
	rc = parts_from_json(answer, alen, PARTS_MAX_JSON, out, why,
			     sizeof(why));
	free(answer);
	if (rc < 0) {
		snprintf(err, errlen,
			 "the reading process answered nonsense (%s)", why);
		reader_reap(r, 1);
		return -1;
	}
	return 0;
}

/* The reading process */

/* Blocking, from READER_FD: 1 done, 0 at the end of input, -1 error. */
static int
reader_in(void *buf, size_t len)
{
	char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = recv(READER_FD, p, len, 0);
		if (n > 0) {
			p += n;
			len -= (size_t)n;
		} else if (n == 0) {
			return p == (char *)buf ? 0 : -1;
		} else if (errno != EINTR) {
			return -1;
		}
	}
	return 1;
}

/* The answer's length and text in one send: 1, or -1. */
static int
reader_answer(const uint64_t *n, const char *json, size_t len)
{
	struct iovec vec[] = {{(void *)n, sizeof(*n)}, {(void *)json, len}};
	struct iovec *iov = vec;
	struct msghdr mh = {0};
	int left = 2;
	ssize_t sent;

	while (left > 0) {
		mh.msg_iov = iov;
		mh.msg_iovlen = (size_t)left;
		if ((sent = sendmsg(READER_FD, &mh, MSG_NOSIGNAL)) >= 0)
			reader_iov_skip(&iov, &left, (size_t)sent);
		else if (errno != EINTR)
			return -1;
	}
	return 1;
}

/*
 * What the process may use from now on: no core files, no new
 * privileges, nothing open but the socket and standard I/O, and the
 * memory limit, for good.
 */
static void
reader_confine(long long memory)
{
	struct rlimit rl = {0, 0};

	int fd;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	if (close_range(READER_FD + 1, ~0U, 0) < 0)
		for (fd = READER_FD + 1; fd < sysconf(_SC_OPEN_MAX); fd++)
			close(fd);
	setrlimit(RLIMIT_CORE, &rl);
	/*
	 * A stop of the analyzer (or of its service, which signals every
	 * process in it) lets the message in hand be finished: the process
	 * ends when the analyzer closes its socket.
	 */
	signal(SIGTERM, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
#ifndef READER_ASAN
	if (memory > 0) {
		rl.rlim_cur = rl.rlim_max = (rlim_t)memory;
		setrlimit(RLIMIT_AS, &rl);
	}
#else
	(void)memory;
#endif
}

/* seconds more of CPU from now: SIGXCPU past it. */
static void
reader_cpu_limit(long long seconds)
{
	struct rusage ru;
	struct rlimit rl;

	if (getrusage(RUSAGE_SELF, &ru) < 0 || getrlimit(RLIMIT_CPU, &rl) < 0)
		return;
	rl.rlim_cur =
	    (rlim_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + seconds + 1);
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_cur > rl.rlim_max)
		rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_CPU, &rl);
}

json_object *
reader_report(const struct reader_input *in, const struct shape_limits *lim)
{
	struct extract ex;
	struct analysis a;
	struct analysis_input ain;
	json_object *o;

	if (in->raw)
		extract_message_bounded(in->raw, in->len, lim, &ex);
	else
		extract_text(in->text, &ex);
	/*
	 * The milter's flags stand. Its headers verdict is the same rules
	 * (autoreply.c) on the same headers, so for a message read whole it
	 * adds nothing; but it saw the envelope (a null sender is a bounce)
	 * and every header even of a message read here as plain text
	 * (degraded) or not at all; and a bounce that says Auto-Submitted
	 * keeps both flags, as it had since the milter stored it.
	 */
	ex.auto_reply |= in->auto_reply;
	ex.bounce |= in->bounce;
	ain =
	    (struct analysis_input){ex.reply_text, ex.subject,      ex.language,
				    ex.auto_reply, in->received_at, in->tz};
	builtin_analyze(&ain, &a);
	o = report_json(&ex, &a);
	extract_free(&ex);
	analysis_free(&a);
	return o;
}

/* Read and analyse one request's message; its report's JSON. */
static json_object *
reader_serve_one(const struct reader_request *rq, const char *tz,
		 const char *data)
{
	const struct shape_limits lim = {
	    (long)rq->max_parts, (long)rq->max_depth, (long)rq->max_headers,
	    (long)rq->max_address_header};
	struct parts p;
	json_object *o;
	int rc;

	if (rq->kind == READER_KIND_PARTS) {
		rc = parts_read(data, rq->len, &lim, &p);
		o = parts_json(&p, rc);
		parts_free(&p);
		return o;
	}
	struct reader_input in = {NULL,
				  rq->len,
				  NULL,
				  (time_t)rq->received_at,
				  tz,
				  (rq->flags & READER_AUTO_REPLY) != 0,
				  (rq->flags & READER_BOUNCE) != 0};

	if (rq->kind == READER_KIND_RAW)
		in.raw = data;
	else
		in.text = data;
	return reader_report(&in, &lim);
}

static int
reader_request_ok(const struct reader_request *rq)
{
	return rq->magic == READER_MAGIC &&
	       (rq->kind == READER_KIND_RAW || rq->kind == READER_KIND_TEXT ||
		rq->kind == READER_KIND_PARTS) &&
	       rq->tzlen < READER_TZ_MAX && rq->len < READER_INPUT_MAX &&
	       rq->max_parts > 0 && rq->max_depth > 0 && rq->max_headers > 0 &&
	       rq->max_address_header > 0 && rq->seconds > 0;
}

/* One message in, one report out: 1, or 0 at the end, -1 on error. */
static int
reader_serve(void)
{
	struct reader_request rq;
	char tz[READER_TZ_MAX], *data;
	const char *json;
	json_object *o;
	size_t jlen;
	uint64_t n;
	int rc;

	if ((rc = reader_in(&rq, sizeof(rq))) <= 0)
		return rc;
	if (!reader_request_ok(&rq) || reader_in(tz, rq.tzlen) <= 0)
		return -1;
	tz[rq.tzlen] = 0;
	data = xmalloc(rq.len + 1);
	if (rq.len > 0 && reader_in(data, rq.len) <= 0) {
		free(data);
		return -1;
	}
	data[rq.len] = 0;
	reader_cpu_limit(rq.seconds);
	o = reader_serve_one(&rq, tz, data);
	free(data);
	json =
	    json_object_to_json_string_length(o, JSON_C_TO_STRING_PLAIN, &jlen);
	n = jlen;
	rc = reader_answer(&n, json, jlen);
	json_object_put(o);
	return rc;
}

int
reader_main(int argc, char **argv)
{
	int rc;

	reader_confine(argc > 2 ? atoll(argv[2]) : 0);
	while ((rc = reader_serve()) > 0)
		;
	return rc == 0 ? 0 : 1;
}
