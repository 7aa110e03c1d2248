/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * postreply-analyzer: everything slow and fallible about a reply, off the
 * SMTP path: reading it, understanding it, telling people. Workers take
 * jobs from the queue (LISTEN/NOTIFY to hear of new ones at once, and a
 * poll, since a NOTIFY sent while nobody listened is lost and retries are
 * scheduled). Each worker has its own database connection and waits
 * again whenever the database is gone. SIGTERM: the jobs in hand are
 * finished, no new one is taken.
 *
 * -t MESSAGE.eml prints what postreply makes of a message, as JSON,
 * without touching the database; --eval DIR scores that against a
 * labelled directory (eval.c).
 *
 * Messages are read in reading processes (reader.c), one per worker, so
 * that no message can take the analyzer down.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sysexits.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "analysis.h"
#include "buf.h"
#include "conf.h"
#include "daemon.h"
#include "db.h"
#include "eval.h"
#include "extract.h"
#include "followup.h"
#include "fusend.h"
#include "heartbeat.h"
#include "jobs.h"
#include "mailout.h"
#include "msg.h"
#include "inbound.h"
#include "notify.h"
#include "webhooks.h"
#include "reader.h"
#include "replies.h"
#include "reply.h"
#include "views.h"
#include "report.h"
#include "xmalloc.h"

#define ANALYZER_POLL 1      /* seconds between polls of the queue */
#define ANALYZER_LEASE 300   /* seconds a claimed job is ours */
#define ANALYZER_RECONNECT 2 /* seconds between attempts to reconnect */
#define ANALYZER_PURGE 3600  /* seconds between purges */
#define ANALYZER_BATCH 16    /* most jobs a worker claims at once */
#define ANALYZER_AGAIN 10    /* seconds before a job no fault of its own ran */
#define ANALYZER_QUICK 0.1   /* seconds: quicker jobs are claimed in batches */
#define ANALYZER_NAME "postreply-analyzer"

static volatile sig_atomic_t analyzer_stop, analyzer_hup;
static pthread_mutex_t analyzer_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t analyzer_wake = PTHREAD_COND_INITIALIZER;
static unsigned long analyzer_wakeups;
static pthread_t analyzer_main; /* takes the signals */

static void
analyzer_signal(int sig)
{
	if (sig == SIGHUP)
		analyzer_hup = 1;
	else
		analyzer_stop = 1;
}

/* Wake the workers: new work may be there. */
static void
analyzer_kick(void)
{
	pthread_mutex_lock(&analyzer_lock);
	analyzer_wakeups++;
	pthread_cond_broadcast(&analyzer_wake);
	pthread_mutex_unlock(&analyzer_lock);
}

/* Sleep until kicked, or for at most seconds. */
static void
analyzer_wait(int seconds, unsigned long seen)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += seconds;
	pthread_mutex_lock(&analyzer_lock);
	while (!analyzer_stop && analyzer_wakeups == seen)
		if (pthread_cond_timedwait(&analyzer_wake, &analyzer_lock,
					   &until) == ETIMEDOUT)
			break;
	pthread_mutex_unlock(&analyzer_lock);
}

static unsigned long
analyzer_seen(void)
{
	unsigned long n;

	pthread_mutex_lock(&analyzer_lock);
	n = analyzer_wakeups;
	pthread_mutex_unlock(&analyzer_lock);
	return n;
}

/* An id of a job's payload ("reply_id", "followup_id", ...), or -1. */
static long long
analyzer_payload_id(const struct job *job, const char *key)
{
	json_object *o = json_tokener_parse(job->payload), *v;
	long long id = -1;

	if (o && json_object_object_get_ex(o, key, &v) &&
	    json_object_is_type(v, json_type_int))
		id = json_object_get_int64(v);
	json_object_put(o);
	return id;
}

/*
 * Run one job; 0 when done, -1 with err when it failed. The kinds are
 * core's table (jobs_kinds): the payload's id is the one it names, and
 * the switch has no default, so that a kind added there without a
 * handler here does not compile (-Wswitch).
 */
static int
analyzer_run(PGconn *conn, struct job *job, struct reader *reader, char *err,
	     size_t errlen)
{
	long long id;

	err[0] = 0;
	if (job->type == JOB_KIND_UNKNOWN) {
		snprintf(err, errlen, "unknown job kind %s", job->kind);
		return -1;
	}
	if ((id = analyzer_payload_id(job, jobs_kinds[job->type].key)) < 0) {
		snprintf(err, errlen, "bad payload for a %s job: %s", job->kind,
			 job->payload);
		return -1;
	}
	switch (job->type) {
	case JOB_KIND_ANALYZE_REPLY:
		return reply_job(conn, job, reader, id, err, errlen);
	case JOB_KIND_ALERT:
		return notify_alert(conn, id, err, errlen);
	case JOB_KIND_WEBHOOK:
		return notify_webhook(conn, id, err, errlen);
	case JOB_KIND_FOLLOWUP_PLAN:
		return followup_plan(conn, id, err, errlen);
	case JOB_KIND_FOLLOWUP_DUE:
		return fusend_due(conn, id, err, errlen);
	case JOB_KIND_FOLLOWUP_WEBHOOK:
		return notify_followup_webhook(conn, id, err, errlen);
	case JOB_KIND_FOLLOWUP_NOTICE:
		return notify_followup_notice(job, id, err, errlen);
	case JOB_KIND_INBOUND_POST:
		return inbound_post(conn, job, reader, id, err, errlen);
	case JOB_KIND_UNKNOWN:
	case JOB_KINDS:
		break;
	}
	snprintf(err, errlen, "unknown job kind %s", job->kind);
	return -1;
}

/*
 * A SIGHUP asked for: read the configuration again. Only the main thread
 * does, where the signal lands: the workers block it.
 */
static void
analyzer_reload(void)
{
	if (analyzer_hup && pthread_equal(pthread_self(), analyzer_main)) {
		analyzer_hup = 0;
		daemon_reload();
	}
}

/*
 * A connection, waiting (and retrying) while the database is down; a
 * reload asked for meanwhile is not kept waiting.
 */
static PGconn *
analyzer_connect(const char *who)
{
	PGconn *conn;
	int warned = 0;

	while (!analyzer_stop) {
		analyzer_reload();
		if ((conn = db_connect(who)) != NULL) {
			if (warned)
				msg_info("%s: the database is back", who);
			return conn;
		}
		if (!warned++)
			msg_warn("%s: waiting for the database", who);
		sleep(ANALYZER_RECONNECT);
	}
	return NULL;
}

/*
 * The jobs a worker had in hand when its connection broke: their ends
 * may not be recorded, and without a word from us they would wait out
 * their lease (minutes) after a database restart of a second.
 */
struct analyzer_lost {
	struct job jobs[ANALYZER_BATCH];
	int n;
};

static void
analyzer_lost_add(struct analyzer_lost *lost, const struct job *job)
{
	if (lost->n < ANALYZER_BATCH)
		lost->jobs[lost->n++] = (struct job){.id = job->id};
}

/*
 * Connected again: the jobs lost on the old connection are given back,
 * to run at once. NULL when stopping.
 */
static PGconn *
analyzer_reconnect(const char *who, struct analyzer_lost *lost)
{
	PGconn *conn;

	while ((conn = analyzer_connect(who)) != NULL && lost->n > 0) {
		if (jobs_giveback(conn, who, lost->jobs, lost->n,
				  (int)conf_cur()->job_max_attempts) == 0) {
			msg_info("%s: %d job%s in hand when the connection "
				 "broke queued again",
				 who, lost->n, lost->n == 1 ? "" : "s");
			lost->n = 0;
			break;
		}
		PQfinish(conn);
	}
	return conn;
}

static double
analyzer_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Run a claimed job and end it; -1 when the connection has to go. A job
 * that failed through no fault of its own (READER_AGAIN) runs again a
 * little later, its attempt not counted.
 */
static int
analyzer_job(PGconn *conn, struct job *job, struct reader *reader)
{
	char err[512];
	int rc;

	if ((rc = analyzer_run(conn, job, reader, err, sizeof(err))) == 0)
		rc = job->done ? 0 : jobs_done(conn, job);
	else if (rc == READER_AGAIN) {
		msg_warn("job %lld (%s): %s; it runs again in %d s", job->id,
			 job->kind, err, ANALYZER_AGAIN);
		rc = jobs_again(conn, job, err, ANALYZER_AGAIN);
	} else {
		msg_warn("job %lld (%s), attempt %d: %s", job->id, job->kind,
			 job->attempts, err);
		rc = jobs_fail(conn, job, err,
			       (int)conf_cur()->job_max_attempts);
	}
	/*
	 * A lost update is retried when the lease runs out. A pipeline
	 * left open means the connection broke in it.
	 */
	if (rc < 0 || PQstatus(conn) != CONNECTION_OK ||
	    PQpipelineStatus(conn) != PQ_PIPELINE_OFF)
		return -1;
	return 0;
}

/*
 * A worker claims jobs in batches while they are quick: claiming costs
 * a statement and a round trip, as much as a builtin analysis records.
 * The batch doubles while every job took less than ANALYZER_QUICK, and
 * is back to one job after a slow one (an LLM, a mail server), so slow
 * jobs are shared among the workers as they come and nobody sits on a
 * queue of them. What is left of a batch is given back when stopping,
 * or when a quarter of the lease has gone, so that no job starts with
 * its lease nearly out.
 */
static void *
analyzer_worker(void *arg)
{
	char who[320];
	unsigned long seen;
	struct job jobs[ANALYZER_BATCH];
	struct analyzer_lost lost = {.n = 0};
	struct reader *reader;
	PGconn *conn = NULL;
	double claimed, started;
	int i, n, batch = 1, slow;

	conf_hold();
	reader = reader_new();
	jobs_worker(who, sizeof(who), ANALYZER_NAME, (long)(intptr_t)arg);
	while (!analyzer_stop) {
		/* Each round, and each job, reads the newest configuration. */
		conf_release();
		conf_hold();
		if (conn == NULL &&
		    (conn = analyzer_reconnect(who, &lost)) == NULL)
			break;
		seen = analyzer_seen();
		n = jobs_claim(conn, who, ANALYZER_LEASE,
			       (int)conf_cur()->job_max_attempts, jobs, batch);
		if (n < 0) {
			PQfinish(conn);
			conn = NULL;
			continue;
		}
		if (n == 0) {
			analyzer_wait(ANALYZER_POLL, seen);
			continue;
		}
		claimed = analyzer_now();
		for (i = 0, slow = 0; i < n; i++) {
			if (conn == NULL &&
			    (conn = analyzer_reconnect(who, &lost)) == NULL)
				break;
			if (i > 0 &&
			    (analyzer_stop ||
			     analyzer_now() - claimed > ANALYZER_LEASE / 4))
				break;
			started = analyzer_now();
			conf_release();
			conf_hold();
			if (analyzer_job(conn, &jobs[i], reader) < 0) {
				analyzer_lost_add(&lost, &jobs[i]);
				PQfinish(conn);
				conn = NULL;
			}
			if (analyzer_now() - started >= ANALYZER_QUICK)
				slow = 1;
		}
		if (i < n && conn != NULL &&
		    jobs_release(conn, who, jobs + i, n - i) < 0) {
			for (; i < n; i++)
				analyzer_lost_add(&lost, &jobs[i]);
			PQfinish(conn);
			conn = NULL;
		}
		if (slow)
			batch = 1;
		else if (n == batch && batch < ANALYZER_BATCH)
			batch *= 2;
		for (i = 0; i < n; i++)
			jobs_free(&jobs[i]);
	}
	PQfinish(conn);
	reader_free(reader);
	conf_release();
	return NULL;
}

/*
 * Purge tokens past token_retention, as postreplyctl tokens purge does,
 * and jobs done longer ago than job_retention; and fold the inbox's
 * totals (sql/022), which postreply-web folds every minute, so that
 * their rows do not pile up where no web daemon runs.
 */
static void
analyzer_purge(PGconn *conn)
{
	char secs[32];
	const char *params[] = {secs};
	PGresult *res;
	long long n;

	snprintf(secs, sizeof(secs), "%lld", conf_cur()->token_retention);
	res = db_query(
	    conn,
	    "DELETE FROM reply_tokens WHERE expires_at < now()"
	    " AND issued_at < now() - $1::bigint * interval '1 second'",
	    1, params);
	if (res && atoi(PQcmdTuples(res)) > 0)
		msg_info("purged %s reply tokens past token_retention",
			 PQcmdTuples(res));
	PQclear(res);
	if ((n = jobs_purge(conn, conf_cur()->job_retention)) > 0)
		msg_info("purged %lld jobs done before job_retention", n);
	views_inbox_fold(conn);
}

/*
 * LISTEN for new jobs and wake the workers; purge old tokens now and
 * then; say we are alive (postreplyctl check reads it) at start and
 * every HEARTBEAT_INTERVAL. Runs in the main thread until a stop signal.
 */
static void
analyzer_listen(void)
{
	PGconn *conn = NULL;
	PGnotify *n;
	struct timeval tv;
	time_t purged = 0, beat = 0, started = time(NULL);
	fd_set fds;
	int fd;

	while (!analyzer_stop) {
		if (conn == NULL) {
			if ((conn = analyzer_connect(ANALYZER_NAME)) == NULL)
				break;
			if (db_exec(conn, "LISTEN " JOBS_CHANNEL, 0, NULL) <
			    0) {
				PQfinish(conn);
				conn = NULL;
				continue;
			}
			analyzer_kick(); /* jobs may have come meanwhile */
		}
		analyzer_reload();
		if (time(NULL) - purged >= ANALYZER_PURGE) {
			analyzer_purge(conn);
			purged = time(NULL);
		}
		if (time(NULL) - beat >= HEARTBEAT_INTERVAL) {
			heartbeat_beat(conn, ANALYZER_NAME, started);
			beat = time(NULL);
		}
		fd = PQsocket(conn);
		FD_ZERO(&fds);
		FD_SET(fd, &fds);
		tv.tv_sec = 1;
		tv.tv_usec = 0;
		if (select(fd + 1, &fds, NULL, NULL, &tv) < 0 && errno != EINTR)
			msg_warn("select: %s", strerror(errno));
		if (!PQconsumeInput(conn)) {
			msg_warn("lost the database connection: %s",
				 PQerrorMessage(conn));
			PQfinish(conn);
			conn = NULL;
			continue;
		}
		while ((n = PQnotifies(conn)) != NULL) {
			PQfreemem(n);
			analyzer_kick();
		}
	}
	PQfinish(conn);
}

/* The bytes of path ("-": standard input). */
static void
analyzer_slurp(const char *path, struct buf *raw)
{
	char chunk[65536];
	size_t n;
	FILE *fp;

	if (strcmp(path, "-") == 0)
		fp = stdin;
	else if ((fp = fopen(path, "rb")) == NULL)
		msg_fatal(EX_NOINPUT, "cannot open %s: %s", path,
			  strerror(errno));
	buf_init(raw);
	buf_append(raw, "", 0);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_append(raw, chunk, n);
	if (ferror(fp))
		msg_fatal(EX_IOERR, "cannot read %s", path);
	if (fp != stdin)
		fclose(fp);
}

/*
 * -t: what postreply makes of one message, without the database, read
 * as a job reads it: in a reading process, within the limits.
 */
static int
analyzer_test(const char *path)
{
	struct reader *reader = reader_new();
	struct reader_limits lim;
	struct extract ex;
	struct analysis a;
	struct buf raw;
	char err[256], *fallback;
	json_object *o;
	time_t now = time(NULL);
	struct reader_input in = {NULL, 0, NULL, now, "UTC", 0, 0};

	analyzer_slurp(path, &raw);
	in.raw = raw.data;
	in.len = raw.len;
	reader_limits_conf(&lim);
	llm_init();
	if (reader_read(reader, &in, &lim, &ex, &a, err, sizeof(err)) < 0)
		msg_fatal(EX_DATAERR, "cannot read %s: %s", path, err);
	reader_free(reader);
	if (ex.degraded)
		msg_warn("read as plain text, not parsed: %s", ex.degraded);
	reply_analyze(&ex, now, "UTC", &a, &fallback);
	if (fallback)
		msg_warn("the LLM failed (%s); used the builtin analyzer",
			 fallback);
	o = report_json(&ex, &a);
	printf("%s\n", json_object_to_json_string_ext(
			   o, JSON_C_TO_STRING_PRETTY |
				  JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	analysis_free(&a);
	extract_free(&ex);
	buf_free(&raw);
	free(fallback);
	return EX_OK;
}

/*
 * Before the workers start: the jobs an earlier analyzer of this host
 * left leased when it died run now, not when their lease runs out. With
 * no database yet, the leases do it.
 */
static void
analyzer_reclaim(void)
{
	PGconn *conn = db_connect(ANALYZER_NAME);

	if (conn == NULL)
		return;
	if (jobs_reclaim(conn, ANALYZER_NAME,
			 (int)conf_cur()->job_max_attempts) < 0)
		msg_warn("cannot take back the jobs of analyzers that died; "
			 "they run again when their lease runs out");
	PQfinish(conn);
}

static void
analyzer_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = analyzer_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

int
main(int argc, char **argv)
{
	struct daemon_opts opts;
	pthread_t *tids;
	sigset_t sigs;
	long i, nworkers;

	/* A reading process of a worker's (reader.c). */
	if (argc > 1 && strcmp(argv[1], READER_ARG) == 0)
		return reader_main(argc, argv);
	if (eval_wanted(argc, argv))
		return eval_main(argc, argv);
	analyzer_main = pthread_self();
	daemon_allow_test = 1;
	daemon_start("analyzer", argc, argv, &opts);
	if (opts.test)
		return analyzer_test(opts.test);
	daemon_drop_privileges();
	daemon_check_database();
	daemon_detach(&opts);
	llm_init();
	mailout_init();
	jobs_init();
	reply_init();
	replies_init();
	webhooks_init();
	inbound_init();
	followup_init();
	analyzer_signals();
	analyzer_reclaim();
	nworkers = conf_cur()->analyzer_workers;
	tids = xcalloc((size_t)nworkers, sizeof(*tids));
	/* The workers block the signals: the main thread takes them. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	for (i = 0; i < nworkers; i++)
		if ((errno = pthread_create(&tids[i], NULL, analyzer_worker,
					    (void *)(intptr_t)i)) != 0)
			msg_fatal(EX_OSERR, "cannot start a worker: %s",
				  strerror(errno));
	pthread_sigmask(SIG_UNBLOCK, &sigs, NULL);
	msg_info("starting: %ld workers, %s backend", nworkers,
		 conf_cur()->analyzer_backend);
	analyzer_listen();
	msg_info("stopping: finishing the jobs in hand");
	analyzer_kick();
	for (i = 0; i < nworkers; i++)
		pthread_join(tids[i], NULL);
	free(tids);
	msg_info("stopped");
	return EX_OK;
}
