/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * policyd_bench: load for postreply-policyd, as Postfix's smtpd processes
 * make it: CONNS persistent connections, each sending one request at a
 * time and waiting for the answer. 90 % of recipients are ordinary
 * addresses, 10 % valid reply addresses read from a file. Prints one JSON
 * object: requests per second and latency percentiles. With RATE, the
 * connections together offer RATE requests a second (paced), else each
 * sends as soon as it has its answer.
 *
 * usage: policyd_bench SOCKET SECONDS CONNS REPLY_ADDRESS_FILE [RATE]
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define BENCH_SAMPLES 500000 /* latencies kept per worker */

struct worker {
	pthread_t tid;
	int id;
	long long n;
	long long errors;
	double *lat_ms;
	long long nlat;
};

static const char *bench_socket;
static double bench_seconds;
static char **bench_replies;
static int bench_nreplies;
static int bench_reply_pct = 10; /* BENCH_REPLY_PCT overrides */
static double bench_interval;    /* seconds between requests, per conn */

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
bench_connect(void)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", bench_socket);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		perror("connect");
		exit(1);
	}
	return fd;
}

/* The request for message n to rcpt, into req; returns its length. */
static int
bench_request(char *req, size_t size, const char *rcpt, unsigned n)
{
	return snprintf(req, size,
			"request=smtpd_access_policy\nprotocol_state=RCPT\n"
			"protocol_name=ESMTP\nclient_address=203.0.113.%u\n"
			"client_name=unknown\nhelo_name=bench.example.net\n"
			"sender=sender%u@example.net\nrecipient=%s\n"
			"queue_id=\ninstance=%x.0\nsize=0\n\n",
			n % 250 + 1, n, rcpt, n);
}

/* Recipient of message n: 10 % (BENCH_REPLY_PCT) reply addresses. */
static void
bench_rcpt(char *rcpt, size_t size, unsigned n)
{
	if (bench_reply_pct > 0 && n % 100 < (unsigned)bench_reply_pct)
		snprintf(rcpt, size, "%s",
			 bench_replies[n / 100 % (unsigned)bench_nreplies]);
	else
		snprintf(rcpt, size, "user%u@example.com", n);
}

/* A whole answer is "action=...\n\n". */
static int
bench_answered(const char *ans, int got)
{
	return got >= 2 && ans[got - 1] == '\n' && ans[got - 2] == '\n';
}

/* One request and its answer; returns 0 on an "action=" answer. */
static int
bench_one(int fd, const char *rcpt, unsigned n)
{
	char req[1024], ans[1024];
	int len, got = 0;
	ssize_t r;

	len = bench_request(req, sizeof(req), rcpt, n);
	if (write(fd, req, (size_t)len) != len)
		return -1;
	while (!bench_answered(ans, got)) {
		r = read(fd, ans + got, sizeof(ans) - 1 - (size_t)got);
		if (r <= 0)
			return -1;
		got += (int)r;
	}
	return strncmp(ans, "action=", 7) == 0 ? 0 : -1;
}

/* As fast as answered: each connection sends when it has its answer. */
static void *
bench_worker(void *arg)
{
	struct worker *w = arg;
	int fd = bench_connect();
	double end = now_s() + bench_seconds, t0;
	char rcpt[128];
	unsigned n = (unsigned)w->id * 7919u;

	while ((t0 = now_s()) < end) {
		bench_rcpt(rcpt, sizeof(rcpt), ++n);
		if (bench_one(fd, rcpt, n) < 0) {
			w->errors++;
			close(fd);
			fd = bench_connect();
			continue;
		}
		w->n++;
		if (w->nlat < BENCH_SAMPLES)
			w->lat_ms[w->nlat++] = (now_s() - t0) * 1000.0;
	}
	close(fd);
	return NULL;
}

/*
 * Offered load: one thread paces every connection, each sending a request
 * every bench_interval, its schedule spread over the interval. A thread
 * per connection sleeping between requests made 20,000 sleeps and
 * wake-ups a second of its own, CPU taken from what is measured. Each
 * request is timed from when it was due, so a stall is charged to every
 * request it delays; requests due within BENCH_SLACK go out together,
 * and one sent early is timed from when it went.
 */
#define BENCH_SLACK 0.0002

struct paced {
	int fd;
	int busy;    /* a request is out */
	double due;  /* when the next request is due */
	double sent; /* when the request out was due, or went if early */
	unsigned n;
	char ans[1024];
	int got;
};

static void
bench_paced_send(struct worker *w, struct paced *c)
{
	char req[1024], rcpt[128];
	double t = now_s();
	int len;

	bench_rcpt(rcpt, sizeof(rcpt), ++c->n);
	len = bench_request(req, sizeof(req), rcpt, c->n);
	c->sent = c->due < t ? c->due : t;
	c->due += bench_interval;
	c->busy = 1;
	c->got = 0;
	if (write(c->fd, req, (size_t)len) != len) {
		w->errors++;
		close(c->fd);
		c->fd = bench_connect();
		c->busy = 0;
	}
}

static void
bench_paced_read(struct worker *w, struct paced *c)
{
	ssize_t r =
	    read(c->fd, c->ans + c->got, sizeof(c->ans) - 1 - (size_t)c->got);

	if (r > 0)
		c->got += (int)r;
	if (r <= 0 || (bench_answered(c->ans, c->got) &&
		       strncmp(c->ans, "action=", 7) != 0)) {
		w->errors++;
		close(c->fd);
		c->fd = bench_connect();
		c->busy = 0;
	} else if (bench_answered(c->ans, c->got)) {
		w->n++;
		if (w->nlat < BENCH_SAMPLES)
			w->lat_ms[w->nlat++] = (now_s() - c->sent) * 1000.0;
		c->busy = 0;
	}
}

static void
bench_paced(struct worker *w, int conns)
{
	struct paced *c = calloc((size_t)conns, sizeof(*c));
	struct pollfd *pfd = calloc((size_t)conns, sizeof(*pfd));
	double start = now_s(), end = start + bench_seconds, t, next;
	struct timespec ts;
	int i;

	for (i = 0; i < conns; i++) {
		c[i].fd = bench_connect();
		c[i].due = start + bench_interval * i / conns;
		c[i].n = (unsigned)i * 7919u;
	}
	while ((t = now_s()) < end) {
		next = end;
		for (i = 0; i < conns; i++) {
			if (!c[i].busy && c[i].due <= t + BENCH_SLACK)
				bench_paced_send(w, &c[i]);
			if (!c[i].busy && c[i].due < next)
				next = c[i].due;
			pfd[i].fd = c[i].fd;
			pfd[i].events = POLLIN;
		}
		t = next > t ? next - t : 0;
		ts.tv_sec = (time_t)t;
		ts.tv_nsec = (long)((t - (double)ts.tv_sec) * 1e9);
		if (ppoll(pfd, (nfds_t)conns, &ts, NULL) <= 0)
			continue;
		for (i = 0; i < conns; i++)
			if (pfd[i].revents)
				bench_paced_read(w, &c[i]);
	}
	for (i = 0; i < conns; i++)
		close(c[i].fd);
	free(c);
	free(pfd);
}

static int
bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
bench_load_replies(const char *path)
{
	FILE *fp = fopen(path, "r");
	char line[256];

	if (fp == NULL) {
		perror(path);
		exit(1);
	}
	while (fgets(line, sizeof(line), fp)) {
		line[strcspn(line, "\n")] = 0;
		bench_replies =
		    realloc(bench_replies,
			    sizeof(char *) * (size_t)(bench_nreplies + 1));
		bench_replies[bench_nreplies++] = strdup(line);
	}
	fclose(fp);
	if (bench_nreplies == 0) {
		fprintf(stderr, "no reply addresses in %s\n", path);
		exit(1);
	}
}

int
main(int argc, char **argv)
{
	struct worker *w;
	int conns, i;
	long long total = 0, errors = 0, nlat = 0, k;
	double *all, t0, elapsed;

	if (argc != 5 && argc != 6) {
		fprintf(stderr, "usage: policyd_bench SOCKET SECONDS CONNS "
				"REPLY_ADDRESS_FILE [RATE]\n");
		return 64;
	}
	bench_socket = argv[1];
	bench_seconds = atof(argv[2]);
	conns = atoi(argv[3]);
	bench_load_replies(argv[4]);
	if (argc == 6 && atof(argv[5]) > 0)
		bench_interval = atoi(argv[3]) / atof(argv[5]);
	if (getenv("BENCH_REPLY_PCT"))
		bench_reply_pct = atoi(getenv("BENCH_REPLY_PCT"));
	w = calloc((size_t)conns, sizeof(*w));
	t0 = now_s();
	for (i = 0; i < conns; i++) {
		w[i].id = i;
		w[i].lat_ms = malloc(sizeof(double) * BENCH_SAMPLES);
		if (bench_interval == 0)
			pthread_create(&w[i].tid, NULL, bench_worker, &w[i]);
	}
	/* Paced, every connection's figures go to the first worker's. */
	if (bench_interval > 0)
		bench_paced(&w[0], conns);
	for (i = 0; i < conns; i++) {
		if (bench_interval == 0)
			pthread_join(w[i].tid, NULL);
		total += w[i].n;
		errors += w[i].errors;
		nlat += w[i].nlat;
	}
	elapsed = now_s() - t0;
	all = malloc(sizeof(double) * (size_t)(nlat ? nlat : 1));
	for (i = 0, k = 0; i < conns; i++) {
		memcpy(all + k, w[i].lat_ms,
		       sizeof(double) * (size_t)w[i].nlat);
		k += w[i].nlat;
	}
	qsort(all, (size_t)nlat, sizeof(double), bench_cmp);
	printf("{\"policyd_rps\": %.0f, \"policyd_p50_ms\": %.3f, "
	       "\"policyd_p99_ms\": %.3f, \"policyd_requests\": %lld, "
	       "\"policyd_errors\": %lld, \"policyd_connections\": %d}\n",
	       (double)total / elapsed, nlat ? all[nlat / 2] : 0.0,
	       nlat ? all[nlat * 99 / 100] : 0.0, total, errors, conns);
	return errors ? 1 : 0;
}
