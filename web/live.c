/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * live: the inbox's live updates, as server-sent events (GET
 * /api/events). One thread holds one database connection that LISTENs
 * on the channel postreply_web (announced by triggers, sql/017), and fans
 * each announcement out to the open streams of the users who may see its
 * account: which users may is asked of the database (USERS_SEES), once
 * per announcement for all the users with a stream open.
 *
 * Each stream is a connection of its own (libmicrohttpd runs a thread
 * per connection), whose reader waits for events; a comment goes out
 * every LIVE_HEARTBEAT seconds, so a proxy keeps the connection; the
 * reader looks at the client's socket every second while it waits, so a
 * client that went away is freed within a second. Streams
 * are capped per user and in all. A stream that falls LIVE_MAX_PENDING
 * bytes behind, or any stream when the listener had to reconnect (and
 * may have missed announcements), is told "resync": the page reloads
 * its data. The same thread folds the inbox's totals every minute
 * (views_inbox_fold).
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "conf.h"
#include "db.h"
#include "live.h"
#include "msg.h"
#include "users.h"
#include "views.h"
#include "xmalloc.h"

#define LIVE_CHANNEL "postreply_web"
#define LIVE_HEARTBEAT 20            /* seconds between comments */
#define LIVE_PER_USER 8              /* streams a user may hold (tabs) */
#define LIVE_MAX_PENDING (64 * 1024) /* bytes a stream may fall behind */
#define LIVE_RESYNC "event: resync\ndata: {}\n\n"
#define LIVE_FOLD 60 /* seconds between folds of the inbox's totals */

struct live_stream {
	struct live_stream *next, *prev;
	long long user;
	int fd;         /* the client's socket, watched for its going */
	struct buf out; /* what is still to be written */
	size_t sent;    /* of out */
	time_t wrote;   /* when the last bytes went */
};

static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t live_cond;
static struct live_stream *live_streams;
static int live_count, live_stopping;
static pthread_t live_thread;

/* At most this many streams in all: the rest of the connections serve. */
static int
live_max(void)
{
	int n = (int)conf_cur()->web_max_connections * 3 / 4;

	return n > 0 ? n : 1;
}

/* Queue text on s (live_lock held); too far behind: resync instead. */
static void
live_queue(struct live_stream *s, const char *text)
{
	if (s->out.len - s->sent + strlen(text) > LIVE_MAX_PENDING) {
		buf_reset(&s->out);
		s->sent = 0;
		text = LIVE_RESYNC;
	}
	buf_puts(&s->out, text);
}

/*
 * The users who have a stream open, as a PostgreSQL array literal; NULL
 * when none.
 */
static char *
live_users(void)
{
	struct live_stream *s;
	struct buf b;

	buf_init(&b);
	pthread_mutex_lock(&live_lock);
	for (s = live_streams; s; s = s->next)
		buf_printf(&b, "%c%lld", b.len ? ',' : '{', s->user);
	pthread_mutex_unlock(&live_lock);
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	buf_puts(&b, "}");
	return b.data;
}

static const char live_who_sees[] =
    "SELECT DISTINCT u FROM unnest($1::bigint[]) AS u"
    " WHERE " USERS_SEES("u", "$2::bigint");

/* Is user in res's first column? */
static int
live_granted(const PGresult *res, long long user)
{
	int i;

	for (i = 0; i < PQntuples(res); i++)
		if (strtoll(PQgetvalue(res, i, 0), NULL, 10) == user)
			return 1;
	return 0;
}

/* The account of an announcement, or -1 when it is not one of ours. */
static long long
live_account(const char *payload)
{
	json_object *obj = json_tokener_parse(payload), *v;
	long long account = -1;

	if (obj && json_object_object_get_ex(obj, "account", &v) &&
	    json_object_is_type(v, json_type_int))
		account = json_object_get_int64(v);
	json_object_put(obj);
	return account;
}

/* An announcement: to the streams of the users who may see its account. */
static void
live_announce(PGconn *conn, const char *payload)
{
	const char *params[2];
	struct live_stream *s;
	long long account;
	struct buf ev;
	PGresult *res;
	char *users, id[24];

	if ((account = live_account(payload)) < 0 || strchr(payload, '\n'))
		return;
	if ((users = live_users()) == NULL)
		return;
	snprintf(id, sizeof(id), "%lld", account);
	params[0] = users;
	params[1] = id;
	res = db_query(conn, live_who_sees, 2, params);
	free(users);
	if (res == NULL)
		return;
	buf_init(&ev);
	buf_printf(&ev, "event: change\ndata: %s\n\n", payload);
	pthread_mutex_lock(&live_lock);
	for (s = live_streams; s; s = s->next)
		if (live_granted(res, s->user))
			live_queue(s, ev.data);
	pthread_cond_broadcast(&live_cond);
	pthread_mutex_unlock(&live_lock);
	buf_free(&ev);
	PQclear(res);
}

/* Every stream: reload, announcements may have been missed. */
static void
live_resync_all(void)
{
	struct live_stream *s;

	pthread_mutex_lock(&live_lock);
	for (s = live_streams; s; s = s->next)
		live_queue(s, LIVE_RESYNC);
	pthread_cond_broadcast(&live_cond);
	pthread_mutex_unlock(&live_lock);
}

static int
live_stopped(void)
{
	int stop;

	pthread_mutex_lock(&live_lock);
	stop = live_stopping;
	pthread_mutex_unlock(&live_lock);
	return stop;
}

/* A connection that LISTENs, or NULL (after a warning). */
static PGconn *
live_connect(void)
{
	PGconn *conn;

	conf_hold(); /* the database's settings, as they are now */
	conn = db_connect("postreply-web");
	conf_release();
	if (conn && db_exec(conn, "LISTEN " LIVE_CHANNEL, 0, NULL) < 0) {
		PQfinish(conn);
		conn = NULL;
	}
	return conn;
}

/* Wait up to a second for conn's socket; 0, or -1 if conn broke. */
static int
live_wait(PGconn *conn)
{
	struct timeval tv = {1, 0};
	fd_set fds;
	int fd = PQsocket(conn);

	if (fd < 0)
		return -1;
	FD_ZERO(&fds);
	FD_SET(fd, &fds);
	if (select(fd + 1, &fds, NULL, NULL, &tv) < 0 && errno != EINTR)
		msg_warn("select: %s", strerror(errno));
	return PQconsumeInput(conn) ? 0 : -1;
}

static time_t
live_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/*
 * The inbox's totals folded (views_inbox_fold) every LIVE_FOLD seconds,
 * on the listening connection, which has the time: a page then sums a
 * row per account rather than one per change.
 */
static void
live_fold(PGconn *conn, time_t *last)
{
	time_t now = live_now();

	if (*last && now - *last < LIVE_FOLD)
		return;
	*last = now;
	views_inbox_fold(conn);
}

static void *
live_listen(void *arg)
{
	PGconn *conn = NULL;
	PGnotify *n;
	int ever = 0;
	time_t folded = 0;

	(void)arg;
	while (!live_stopped()) {
		if (conn == NULL) {
			if ((conn = live_connect()) == NULL) {
				sleep(1);
				continue;
			}
			if (ever++)
				live_resync_all();
		}
		if (live_wait(conn) < 0) {
			msg_warn("live updates: lost the database connection: "
				 "%s",
				 PQerrorMessage(conn));
			PQfinish(conn);
			conn = NULL;
			continue;
		}
		while ((n = PQnotifies(conn)) != NULL) {
			live_announce(conn, n->extra);
			PQfreemem(n);
		}
		live_fold(conn, &folded);
	}
	PQfinish(conn);
	return NULL;
}

void
live_init(void)
{
	pthread_condattr_t ca;

	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&live_cond, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&live_thread, NULL, live_listen, NULL) != 0)
		msg_fatal(1, "cannot start the live updates' thread");
}

void
live_stop(void)
{
	pthread_mutex_lock(&live_lock);
	live_stopping = 1;
	pthread_cond_broadcast(&live_cond);
	pthread_mutex_unlock(&live_lock);
	pthread_join(live_thread, NULL);
}

/*
 * Has the client closed its end? A client sends nothing once it asked for
 * the stream, so any sign on the socket is its going.
 */
static int
live_gone(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN | POLLRDHUP};
	char c;

	if (fd < 0 || poll(&p, 1, 0) <= 0)
		return 0;
	if (p.revents & (POLLRDHUP | POLLHUP | POLLERR))
		return 1;
	return recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

/*
 * libmicrohttpd asks for the stream's next bytes: wait for an event, the
 * heartbeat, or the end (this thread is the connection's own). A client
 * that went away is the stream's ordinary end, not an error: it is told
 * END_OF_STREAM, and libmicrohttpd closes the connection quietly (the
 * body is not chunked: see live_events). END_WITH_ERROR means, in
 * libmicrohttpd's manual, "a server error generating the response", and
 * it logged one ("Closing connection (application error generating
 * response)") for every closed page; its own errors (a failed send to a
 * client still there) are still logged.
 */
static ssize_t
live_read(void *cls, uint64_t pos, char *into, size_t max)
{
	struct live_stream *s = cls;
	struct timespec until = {0, 0};
	time_t beat;
	size_t n = 0;

	(void)pos;
	pthread_mutex_lock(&live_lock);
	beat = s->wrote + LIVE_HEARTBEAT;
	while (!live_stopping && s->out.len == s->sent && live_now() < beat) {
		if (live_gone(s->fd)) {
			pthread_mutex_unlock(&live_lock);
			return MHD_CONTENT_READER_END_OF_STREAM;
		}
		until.tv_sec = live_now() + 1;
		pthread_cond_timedwait(&live_cond, &live_lock, &until);
	}
	if (live_stopping) {
		pthread_mutex_unlock(&live_lock);
		return MHD_CONTENT_READER_END_OF_STREAM;
	}
	if (s->out.len == s->sent)
		live_queue(s, ": still here\n\n");
	n = s->out.len - s->sent;
	if (n > max)
		n = max;
	memcpy(into, s->out.data + s->sent, n);
	s->sent += n;
	if (s->sent == s->out.len) {
		buf_reset(&s->out);
		s->sent = 0;
	}
	s->wrote = live_now();
	pthread_mutex_unlock(&live_lock);
	return (ssize_t)n;
}

/* The stream's connection is gone (client away, or the daemon stops). */
static void
live_free(void *cls)
{
	struct live_stream *s = cls;

	pthread_mutex_lock(&live_lock);
	if (s->prev)
		s->prev->next = s->next;
	else
		live_streams = s->next;
	if (s->next)
		s->next->prev = s->prev;
	live_count--;
	pthread_mutex_unlock(&live_lock);
	buf_free(&s->out);
	free(s);
}

/* A new stream for user, or NULL with *why set when a cap is reached. */
static struct live_stream *
live_open(long long user, int fd, unsigned *why)
{
	struct live_stream *s;
	int mine = 0;

	pthread_mutex_lock(&live_lock);
	for (s = live_streams; s; s = s->next)
		mine += s->user == user;
	if (mine >= LIVE_PER_USER || live_count >= live_max() ||
	    live_stopping) {
		*why = mine >= LIVE_PER_USER ? MHD_HTTP_TOO_MANY_REQUESTS
					     : MHD_HTTP_SERVICE_UNAVAILABLE;
		pthread_mutex_unlock(&live_lock);
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	s->user = user;
	s->fd = fd;
	buf_init(&s->out);
	/* The first bytes go at once: the page knows the stream is open. */
	buf_puts(&s->out, "retry: 3000\n: open\n\n");
	s->wrote = live_now();
	s->next = live_streams;
	if (live_streams)
		live_streams->prev = s;
	live_streams = s;
	live_count++;
	pthread_mutex_unlock(&live_lock);
	return s;
}

enum MHD_Result
live_events(struct http_req *r)
{
	struct MHD_Response *resp;
	struct live_stream *s;
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	unsigned why = 0;

	if ((s = live_open(r->who.id, ci ? ci->connect_fd : -1, &why)) == NULL)
		return http_error(r, why,
				  why == MHD_HTTP_TOO_MANY_REQUESTS
				      ? "too many live pages open (at most "
					"%d); close some"
				      : "too many live pages open on the "
					"server (at most %d); try again later",
				  why == MHD_HTTP_TOO_MANY_REQUESTS
				      ? LIVE_PER_USER
				      : live_max());
	resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096,
						 live_read, s, live_free);
	if (resp == NULL) {
		live_free(s);
		return MHD_NO;
	}
	/*
	 * The stream's body ends with its connection, not with a last chunk:
	 * libmicrohttpd then closes a connection whose client went away
	 * without writing to it (the last chunk, written to a closed socket,
	 * failed and was logged every time).
	 */
	MHD_set_response_options(resp, MHD_RF_HTTP_1_0_COMPATIBLE_STRICT,
				 MHD_RO_END);
	MHD_add_response_header(resp, "X-Accel-Buffering", "no");
	return http_send(r, MHD_HTTP_OK, "text/event-stream; charset=utf-8",
			 resp);
}
