/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * smtp_load: SMTP load for benchmarks, like Postfix's smtp-source but
 * with a list of recipients, so a run can address many reply addresses
 * (each message to the next address of the list, round robin). SESSIONS
 * connections each send messages one after the other, reusing the
 * connection (RSET between messages is not needed: each transaction ends
 * with its final dot). Prints one JSON object: messages, seconds, rate,
 * and how many were refused.
 *
 * usage: smtp_load HOST PORT SESSIONS COUNT SIZE RCPT_FILE
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const char *load_host;
static int load_port, load_size;
static char **load_rcpts;
static int load_nrcpts;
static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;
static long load_next, load_count, load_refused;

struct session {
	int fd;
	char buf[4096];
	size_t len;
};

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The next message number to send, or -1 when all are taken. */
static long
load_take(void)
{
	long n = -1;

	pthread_mutex_lock(&load_lock);
	if (load_next < load_count)
		n = load_next++;
	pthread_mutex_unlock(&load_lock);
	return n;
}

/* Read one (possibly multi-line) SMTP reply; returns its code. */
static int
session_reply(struct session *s)
{
	char *nl;
	ssize_t n;
	int code;

	for (;;) {
		while ((nl = memchr(s->buf, '\n', s->len)) != NULL) {
			int last = s->len > 3 && s->buf[3] != '-';

			code = atoi(s->buf);
			s->len -= (size_t)(nl + 1 - s->buf);
			memmove(s->buf, nl + 1, s->len);
			if (last)
				return code;
		}
		n = read(s->fd, s->buf + s->len, sizeof(s->buf) - s->len);
		if (n <= 0)
			return -1;
		s->len += (size_t)n;
	}
}

static int
session_send(struct session *s, const char *data, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(s->fd, data, len)) <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
session_cmd(struct session *s, const char *cmd)
{
	if (session_send(s, cmd, strlen(cmd)) < 0)
		return -1;
	return session_reply(s);
}

static int
session_open(struct session *s)
{
	struct sockaddr_in sin = {.sin_family = AF_INET};
	int on = 1;

	s->len = 0;
	s->fd = socket(AF_INET, SOCK_STREAM, 0);
	sin.sin_port = htons((unsigned short)load_port);
	inet_pton(AF_INET, load_host, &sin.sin_addr);
	if (s->fd < 0 ||
	    connect(s->fd, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		return -1;
	setsockopt(s->fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	if (session_reply(s) != 220 ||
	    session_cmd(s, "EHLO load.example.net\r\n") != 250)
		return -1;
	return 0;
}

/* One message; 0 if accepted, 1 if refused, -1 if the session broke. */
static int
session_message(struct session *s, long n, const char *body)
{
	char cmd[512], head[512];
	int code, len;

	snprintf(cmd, sizeof(cmd), "MAIL FROM:<load%ld@example.net>\r\n", n);
	if ((code = session_cmd(s, cmd)) != 250)
		return code < 0 ? -1 : 1;
	snprintf(cmd, sizeof(cmd), "RCPT TO:<%s>\r\n",
		 load_rcpts[n % load_nrcpts]);
	if ((code = session_cmd(s, cmd)) != 250) {
		if (code < 0 || session_cmd(s, "RSET\r\n") != 250)
			return -1;
		return 1;
	}
	if (session_cmd(s, "DATA\r\n") != 354)
		return -1;
	len = snprintf(
	    head, sizeof(head),
	    "From: <load%ld@example.net>\r\nTo: <%s>\r\n"
	    "Subject: load %ld\r\nMessage-ID: <load.%ld.%ld@example.net>"
	    "\r\n\r\n",
	    n, load_rcpts[n % load_nrcpts], n, n, (long)time(NULL));
	if (session_send(s, head, (size_t)len) < 0 ||
	    session_send(s, body, strlen(body)) < 0)
		return -1;
	code = session_cmd(s, ".\r\n");
	return code == 250 ? 0 : code < 0 ? -1 : 1;
}

static void *
load_session(void *arg)
{
	const char *body = arg;
	struct session s;
	long n;
	int rc;

	if (session_open(&s) < 0) {
		perror("smtp_load: connect");
		exit(1);
	}
	while ((n = load_take()) >= 0) {
		rc = session_message(&s, n, body);
		if (rc != 0) {
			pthread_mutex_lock(&load_lock);
			load_refused++;
			pthread_mutex_unlock(&load_lock);
		}
		if (rc < 0) {
			close(s.fd);
			if (session_open(&s) < 0)
				exit(1);
		}
	}
	session_cmd(&s, "QUIT\r\n");
	close(s.fd);
	return NULL;
}

/* A body of about size bytes in 76-character lines. */
static char *
load_body(int size)
{
	char *b = malloc((size_t)size + 80), *p = b;
	int i;

	while (p - b < size) {
		for (i = 0; i < 76; i++, p++)
			*p = (char)('a' + (p - b) % 26);
		*p++ = '\r';
		*p++ = '\n';
	}
	*p = 0;
	return b;
}

static void
load_read_rcpts(const char *path)
{
	FILE *fp = fopen(path, "r");
	char line[512];

	if (fp == NULL) {
		perror(path);
		exit(1);
	}
	while (fgets(line, sizeof(line), fp)) {
		line[strcspn(line, "\r\n")] = 0;
		if (*line == 0)
			continue;
		load_rcpts = realloc(load_rcpts, sizeof(char *) *
						     (size_t)(load_nrcpts + 1));
		load_rcpts[load_nrcpts++] = strdup(line);
	}
	fclose(fp);
}

int
main(int argc, char **argv)
{
	pthread_t *tids;
	int sessions, i;
	double t0, t;
	char *body;

	if (argc != 7) {
		fprintf(stderr, "usage: smtp_load HOST PORT SESSIONS COUNT "
				"SIZE RCPT_FILE\n");
		return 64;
	}
	load_host = argv[1];
	load_port = atoi(argv[2]);
	sessions = atoi(argv[3]);
	load_count = atol(argv[4]);
	load_size = atoi(argv[5]);
	load_read_rcpts(argv[6]);
	if (load_nrcpts == 0)
		return 1;
	body = load_body(load_size);
	tids = calloc((size_t)sessions, sizeof(*tids));
	t0 = now_s();
	for (i = 0; i < sessions; i++)
		pthread_create(&tids[i], NULL, load_session, body);
	for (i = 0; i < sessions; i++)
		pthread_join(tids[i], NULL);
	t = now_s() - t0;
	printf("{\"messages\": %ld, \"seconds\": %.3f, \"rate\": %.1f, "
	       "\"refused\": %ld}\n",
	       load_count, t, (double)load_count / t, load_refused);
	return load_refused ? 1 : 0;
}
