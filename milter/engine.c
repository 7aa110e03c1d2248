/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * engine: the milter protocol (version 6, as Postfix speaks it), one
 * thread per MTA connection, reading with blocking I/O.
 *
 * Why not libmilter: Debian builds it with its worker pool, where a
 * controller thread polls every idle connection and hands each command to
 * a worker, which hands the connection back through a pipe. Every command
 * then costs three thread wake-ups instead of one; measured, that was most
 * of the milter's CPU per message. The protocol constants still come from
 * libmilter's headers.
 *
 * Contract: engine_packet() handles one command and appends the answer,
 * if the protocol wants one, to the output buffer; engine_serve() loops
 * over a socket. Steps the MTA agreed not to wait for (SMFIP_NR_*) are
 * never answered, whatever the filter returns: an answer the MTA does not
 * read would be taken as the answer to its next command. Garbage (a bad
 * length, an unknown command, a truncated packet) ends the connection,
 * which Postfix handles with milter_default_action.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sysexits.h>
#include <unistd.h>

#include "engine.h"
#include "msg.h"
#include "xmalloc.h"

/* As libmilter: an MTA silent this long is gone. */
#define ENGINE_READ_TIMEOUT 7210
#define ENGINE_WRITE_TIMEOUT 60
#define ENGINE_READ_CHUNK 65536
#define ENGINE_MAX_ARGS 64

/* Macro stages as the MTA names them, oldest first. */
static const char engine_stages[] = "CHMRTLNBE";
#define ENGINE_NSTAGES (sizeof(engine_stages) - 1)

struct engine {
	const struct engine_filter *f;
	int fd;
	void *priv;
	unsigned long steps; /* SMFIP_* agreed */
	int in_eom;          /* message changes are allowed */
	char *reply;         /* engine_setreply()'s text for the next answer */
	struct buf out;
	struct buf macros[ENGINE_NSTAGES];
	/* Input, read ahead: bytes start..end of in are unread. */
	char *in;
	size_t in_cap, in_start, in_end;
};

struct engine *
engine_new(const struct engine_filter *f, int fd)
{
	struct engine *e = xcalloc(1, sizeof(*e));
	size_t i;

	e->f = f;
	e->fd = fd;
	buf_init(&e->out);
	for (i = 0; i < ENGINE_NSTAGES; i++)
		buf_init(&e->macros[i]);
	return e;
}

void
engine_free(struct engine *e)
{
	size_t i;

	if (e == NULL)
		return;
	buf_free(&e->out);
	for (i = 0; i < ENGINE_NSTAGES; i++)
		buf_free(&e->macros[i]);
	free(e->reply);
	free(e->in);
	free(e);
}

struct buf *
engine_output(struct engine *e)
{
	return &e->out;
}

void *
engine_getpriv(struct engine *e)
{
	return e->priv;
}

void
engine_setpriv(struct engine *e, void *priv)
{
	e->priv = priv;
}

unsigned long
engine_steps(struct engine *e)
{
	return e->steps;
}

static uint32_t
engine_get32(const char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return ntohl(v);
}

static void
engine_put32(struct buf *b, uint32_t v)
{
	v = htonl(v);
	buf_append(b, &v, 4);
}

/* Start a packet; engine_end() fills in its length. */
static size_t
engine_begin(struct engine *e, int cmd)
{
	size_t at = e->out.len;
	char c = (char)cmd;

	engine_put32(&e->out, 0);
	buf_append(&e->out, &c, 1);
	return at;
}

static void
engine_end(struct engine *e, size_t at)
{
	uint32_t v = htonl((uint32_t)(e->out.len - at - 4));

	memcpy(e->out.data + at, &v, 4);
}

static void
engine_putstr(struct engine *e, const char *s)
{
	buf_append(&e->out, s, strlen(s) + 1);
}

/* Macros: the MTA sends them per stage, just before the stage's command. */

static int
engine_stage(int cmd)
{
	const char *p = cmd ? strchr(engine_stages, cmd) : NULL;

	return p ? (int)(p - engine_stages) : -1;
}

/* Forget the stages from first on: they belonged to an earlier message. */
static void
engine_forget(struct engine *e, int first)
{
	size_t i;

	for (i = (size_t)first; i < ENGINE_NSTAGES; i++)
		buf_reset(&e->macros[i]);
}

static int
engine_macro(struct engine *e, const char *data, size_t len)
{
	int stage;

	if (len == 0 || (stage = engine_stage(data[0])) < 0) {
		msg_warn("MTA sent macros for an unknown stage");
		return 0;
	}
	if (data[0] == 'M')
		engine_forget(e, stage + 1);
	buf_reset(&e->macros[stage]);
	buf_append(&e->macros[stage], data + 1, len - 1);
	return 0;
}

/* "{name}" and "name" are the same macro. */
static int
engine_same_macro(const char *a, const char *b)
{
	size_t la, lb;

	if (*a == '{')
		a++;
	if (*b == '{')
		b++;
	la = strcspn(a, "}");
	lb = strcspn(b, "}");
	return la == lb && strncmp(a, b, la) == 0;
}

const char *
engine_getsymval(struct engine *e, const char *name)
{
	const char *p, *end, *value;
	int i;

	for (i = (int)ENGINE_NSTAGES - 1; i >= 0; i--) {
		/* A stage never sent has no data: NULL + 0 is undefined. */
		if (e->macros[i].len == 0)
			continue;
		p = e->macros[i].data;
		end = p + e->macros[i].len;
		while (p < end) {
			value = p + strlen(p) + 1;
			if (value >= end)
				break;
			if (engine_same_macro(p, name))
				return value;
			p = value + strlen(value) + 1;
		}
	}
	return NULL;
}

/*
 * The reply goes to the SMTP client as one line: a CR or LF in the text
 * would end it early (and let text pose as another reply), so they
 * become spaces.
 */
void
engine_setreply(struct engine *e, const char *rcode, const char *xcode,
		const char *text)
{
	char *p;

	free(e->reply);
	e->reply = xasprintf("%s %s %s", rcode, xcode, text ? text : "");
	for (p = e->reply; *p; p++)
		if (*p == '\r' || *p == '\n')
			*p = ' ';
}

/* Message changes. */

/*
 * A header value as the filter gives it, without the space after the
 * colon. With SMFIP_HDR_LEADSPC agreed, Postfix writes the value as it
 * comes, so the space is added here; without it, Postfix adds its own.
 */
static void
engine_putvalue(struct engine *e, const char *value)
{
	if (e->steps & SMFIP_HDR_LEADSPC)
		buf_append(&e->out, " ", 1);
	engine_putstr(e, value);
}

/* A change with a string argument, and a header value if any. */
static int
engine_change(struct engine *e, int cmd, const char *a, const char *value)
{
	size_t at;

	if (!e->in_eom)
		return -1;
	at = engine_begin(e, cmd);
	engine_putstr(e, a);
	if (value)
		engine_putvalue(e, value);
	engine_end(e, at);
	return 0;
}

int
engine_addheader(struct engine *e, const char *name, const char *value)
{
	return engine_change(e, SMFIR_ADDHEADER, name, value);
}

int
engine_addrcpt(struct engine *e, const char *rcpt)
{
	return engine_change(e, SMFIR_ADDRCPT, rcpt, NULL);
}

int
engine_delrcpt(struct engine *e, const char *rcpt)
{
	return engine_change(e, SMFIR_DELRCPT, rcpt, NULL);
}

/*
 * index counts from 1 among headers of that name; a NULL or empty value
 * deletes (Postfix deletes on an empty value, which " " would not be).
 */
int
engine_chgheader(struct engine *e, const char *name, int index,
		 const char *value)
{
	size_t at;

	if (!e->in_eom || index < 1)
		return -1;
	at = engine_begin(e, SMFIR_CHGHEADER);
	engine_put32(&e->out, (uint32_t)index);
	engine_putstr(e, name);
	if (value && *value)
		engine_putvalue(e, value);
	else
		engine_putstr(e, "");
	engine_end(e, at);
	return 0;
}

/* Answers. */

static void
engine_simple(struct engine *e, int cmd)
{
	engine_end(e, engine_begin(e, cmd));
}

/* Answer a step with the filter's status, unless the MTA will not read. */
static void
engine_answer(struct engine *e, sfsistat st, unsigned long noreply)
{
	size_t at;

	if (noreply && (e->steps & noreply)) {
		if (st != SMFIS_CONTINUE && st != SMFIS_NOREPLY)
			msg_warn("milter protocol: status %d for a step the "
				 "MTA does not wait for; ignored",
				 (int)st);
	} else if ((st == SMFIS_REJECT || st == SMFIS_TEMPFAIL) && e->reply) {
		at = engine_begin(e, SMFIR_REPLYCODE);
		engine_putstr(e, e->reply);
		engine_end(e, at);
	} else {
		switch (st) {
		case SMFIS_ACCEPT:
			engine_simple(e, SMFIR_ACCEPT);
			break;
		case SMFIS_REJECT:
			engine_simple(e, SMFIR_REJECT);
			break;
		case SMFIS_TEMPFAIL:
			engine_simple(e, SMFIR_TEMPFAIL);
			break;
		case SMFIS_DISCARD:
			engine_simple(e, SMFIR_DISCARD);
			break;
		default:
			engine_simple(e, SMFIR_CONTINUE);
			break;
		}
	}
	free(e->reply);
	e->reply = NULL;
}

/* Negotiation: version, actions, steps; then the macros we want. */
static int
engine_optneg(struct engine *e, const char *data, size_t len)
{
	const struct engine_filter *f = e->f;
	unsigned long version, actions, steps, want_a = 0, want_s = 0;
	size_t at;
	int i;

	if (len < MILTER_OPTLEN) {
		msg_warn("milter protocol: short negotiation packet");
		return -1;
	}
	version = engine_get32(data);
	actions = engine_get32(data + 4);
	steps = engine_get32(data + 8);
	if (version < 2) {
		msg_warn("milter protocol: MTA speaks version %lu; version 2 "
			 "or later is needed",
			 version);
		return -1;
	}
	if (f->negotiate &&
	    f->negotiate(e, actions, steps, &want_a, &want_s) != SMFIS_CONTINUE)
		return -1;
	e->steps = want_s & steps;
	/*
	 * Only what the MTA offered: the macro lists follow the masks only
	 * when SETSYMLIST is among the agreed actions, an MTA that did not
	 * offer it would read them as garbage.
	 */
	want_a &= actions;
	if (actions & SMFIF_SETSYMLIST)
		for (i = 0; i <= SMFIM_LAST; i++)
			if (f->macros[i])
				want_a |= SMFIF_SETSYMLIST;
	at = engine_begin(e, SMFIC_OPTNEG);
	engine_put32(&e->out, (uint32_t)(version < SMFI_PROT_VERSION
					     ? version
					     : SMFI_PROT_VERSION));
	engine_put32(&e->out, (uint32_t)want_a);
	engine_put32(&e->out, (uint32_t)e->steps);
	if (want_a & SMFIF_SETSYMLIST)
		for (i = 0; i <= SMFIM_LAST; i++)
			if (f->macros[i]) {
				engine_put32(&e->out, (uint32_t)i);
				engine_putstr(e, f->macros[i]);
			}
	engine_end(e, at);
	return 0;
}

static sfsistat
engine_connect(struct engine *e, const char *data, size_t len)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	const struct sockaddr *sa = NULL;
	const char *host = data, *addr, *end = data + len;
	uint16_t port;

	if (e->f->connect == NULL)
		return SMFIS_CONTINUE;
	data = memchr(data, 0, len);
	/* hostname NUL family [port address NUL] */
	if (data && end - data >= 5 && memchr(data + 4, 0, end - data - 4)) {
		memset(&ss, 0, sizeof(ss));
		memcpy(&port, data + 2, 2);
		addr = data + 4;
		if (data[1] == SMFIA_INET &&
		    inet_pton(AF_INET, addr, &sin->sin_addr) == 1) {
			sin->sin_family = AF_INET;
			sin->sin_port = port;
			sa = (struct sockaddr *)sin;
		} else if (data[1] == SMFIA_INET6 &&
			   inet_pton(AF_INET6, addr, &sin6->sin6_addr) == 1) {
			sin6->sin6_family = AF_INET6;
			sin6->sin6_port = port;
			sa = (struct sockaddr *)sin6;
		}
	}
	return e->f->connect(e, data ? host : "", sa);
}

/* MAIL and RCPT: NUL-separated arguments, the address first. */
static sfsistat
engine_args(struct engine *e, sfsistat (*fn)(struct engine *, char **),
	    const char *data, size_t len)
{
	char *copy, *p, *end, *argv[ENGINE_MAX_ARGS + 1];
	size_t n = 0;
	sfsistat st;

	if (fn == NULL)
		return SMFIS_CONTINUE;
	copy = xmalloc(len + 1);
	memcpy(copy, data, len);
	copy[len] = 0;
	for (p = copy, end = copy + len; p < end && n < ENGINE_MAX_ARGS;
	     p += strlen(p) + 1)
		argv[n++] = p;
	if (n == 0)
		argv[n++] = copy;
	argv[n] = NULL;
	st = fn(e, argv);
	free(copy);
	return st;
}

static sfsistat
engine_header(struct engine *e, const char *data, size_t len)
{
	const char *value = memchr(data, 0, len);

	if (e->f->header == NULL)
		return SMFIS_CONTINUE;
	if (value == NULL ||
	    memchr(value + 1, 0, (size_t)(data + len - value - 1)) == NULL) {
		msg_warn("milter protocol: malformed header packet");
		return SMFIS_TEMPFAIL;
	}
	return e->f->header(e, data, value + 1);
}

static sfsistat
engine_call(struct engine *e, sfsistat (*fn)(struct engine *))
{
	return fn ? fn(e) : SMFIS_CONTINUE;
}

static sfsistat
engine_body(struct engine *e, const char *data, size_t len)
{
	if (e->f->body == NULL || len == 0)
		return SMFIS_CONTINUE;
	return e->f->body(e, (const unsigned char *)data, len);
}

static sfsistat
engine_eom(struct engine *e, const char *data, size_t len)
{
	sfsistat st = engine_body(e, data, len);

	if (st != SMFIS_CONTINUE && st != SMFIS_NOREPLY)
		return st;
	e->in_eom = 1;
	st = engine_call(e, e->f->eom);
	e->in_eom = 0;
	return st;
}

static void
engine_abort(struct engine *e)
{
	if (e->f->abort)
		e->f->abort(e);
	engine_forget(e, engine_stage('M'));
}

int
engine_packet(struct engine *e, int cmd, const char *data, size_t len)
{
	switch (cmd) {
	case SMFIC_OPTNEG:
		return engine_optneg(e, data, len);
	case SMFIC_MACRO:
		return engine_macro(e, data, len);
	case SMFIC_CONNECT:
		engine_answer(e, engine_connect(e, data, len), SMFIP_NR_CONN);
		return 0;
	case SMFIC_HELO:
		engine_answer(e, SMFIS_CONTINUE, SMFIP_NR_HELO);
		return 0;
	case SMFIC_MAIL:
		engine_answer(e, engine_args(e, e->f->envfrom, data, len),
			      SMFIP_NR_MAIL);
		return 0;
	case SMFIC_RCPT:
		engine_answer(e, engine_args(e, e->f->envrcpt, data, len),
			      SMFIP_NR_RCPT);
		return 0;
	case SMFIC_DATA:
		engine_answer(e, engine_call(e, e->f->data), SMFIP_NR_DATA);
		return 0;
	case SMFIC_HEADER:
		engine_answer(e, engine_header(e, data, len), SMFIP_NR_HDR);
		return 0;
	case SMFIC_EOH:
		engine_answer(e, engine_call(e, e->f->eoh), SMFIP_NR_EOH);
		return 0;
	case SMFIC_BODY:
		engine_answer(e, engine_body(e, data, len), SMFIP_NR_BODY);
		return 0;
	case SMFIC_BODYEOB:
		engine_answer(e, engine_eom(e, data, len), 0);
		return 0;
	case SMFIC_UNKNOWN:
		engine_answer(e, SMFIS_CONTINUE, SMFIP_NR_UNKN);
		return 0;
	case SMFIC_ABORT:
		engine_abort(e);
		return 0;
	case SMFIC_QUIT_NC:
		/* The connection stays for another SMTP session. */
		if (e->f->close)
			e->f->close(e);
		engine_forget(e, 0);
		return 0;
	case SMFIC_QUIT:
		return -1;
	default:
		msg_warn("milter protocol: unknown command 0x%02x; closing the "
			 "connection",
			 (unsigned)cmd & 0xff);
		return -1;
	}
}

/* Socket I/O. */

/* Have at least need unread bytes in e->in: 0, or -1 at EOF or error. */
static int
engine_fill(struct engine *e, size_t need)
{
	ssize_t n;

	if (e->in_end - e->in_start >= need)
		return 0;
	if (e->in_start > 0) {
		memmove(e->in, e->in + e->in_start, e->in_end - e->in_start);
		e->in_end -= e->in_start;
		e->in_start = 0;
	}
	if (e->in_cap < need || e->in_cap - e->in_end < ENGINE_READ_CHUNK / 4) {
		size_t cap =
		    (need > e->in_end ? need : e->in_end) + ENGINE_READ_CHUNK;

		if (cap > e->in_cap) {
			e->in = xrealloc(e->in, cap);
			e->in_cap = cap;
		}
	}
	while (e->in_end < need) {
		n = read(e->fd, e->in + e->in_end, e->in_cap - e->in_end);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && e->in_end > 0)
			msg_warn("milter protocol: read error: %s",
				 errno == EAGAIN ? "timed out"
						 : strerror(errno));
		if (n <= 0)
			return -1;
		e->in_end += (size_t)n;
	}
	return 0;
}

static int
engine_flush(struct engine *e)
{
	size_t done = 0;
	ssize_t n;

	while (done < e->out.len) {
		n = send(e->fd, e->out.data + done, e->out.len - done,
			 MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			msg_warn("milter protocol: write error: %s",
				 n < 0 ? strerror(errno) : "closed");
			return -1;
		}
		done += (size_t)n;
	}
	buf_reset(&e->out);
	return 0;
}

static void
engine_sockopts(int fd)
{
	struct timeval rt = {ENGINE_READ_TIMEOUT, 0};
	struct timeval wt = {ENGINE_WRITE_TIMEOUT, 0};
	int on = 1;

	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &rt, sizeof(rt));
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &wt, sizeof(wt));
	/* Small answers must not wait for Nagle's algorithm (TCP only). */
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
}

void
engine_serve(const struct engine_filter *f, int fd)
{
	struct engine *e = engine_new(f, fd);
	uint32_t len;
	int rc = 0;

	engine_sockopts(fd);
	while (rc == 0 && engine_fill(e, 4) == 0) {
		len = engine_get32(e->in + e->in_start);
		if (len == 0 || len > ENGINE_MAX_PACKET) {
			msg_warn("milter protocol: bad packet length %lu; "
				 "closing the connection",
				 (unsigned long)len);
			break;
		}
		if (engine_fill(e, 4 + (size_t)len) < 0)
			break;
		rc = engine_packet(e, (unsigned char)e->in[e->in_start + 4],
				   e->in + e->in_start + 5, len - 1);
		e->in_start += 4 + (size_t)len;
		if (e->out.len > 0 && engine_flush(e) < 0)
			break;
	}
	if (f->close)
		f->close(e);
	close(fd);
	engine_free(e);
}

/* The listener: a thread per MTA connection. */

struct engine_conn {
	const struct engine_filter *f;
	int fd;
};

static void *
engine_thread(void *arg)
{
	struct engine_conn c = *(struct engine_conn *)arg;

	free(arg);
	engine_serve(c.f, c.fd);
	return NULL;
}

struct engine_listener {
	const struct engine_filter *f;
	int fd;
};

static void *
engine_accept_loop(void *arg)
{
	struct engine_listener *l = arg;
	struct engine_conn *c;
	pthread_attr_t attr;
	pthread_t tid;
	int fd;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	for (;;) {
		fd = accept4(l->fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno != EINTR && errno != ECONNABORTED)
				msg_warn("accept: %s", strerror(errno));
			if (errno == EMFILE || errno == ENFILE ||
			    errno == ENOMEM || errno == ENOBUFS)
				sleep(1);
			continue;
		}
		c = xmalloc(sizeof(*c));
		c->f = l->f;
		c->fd = fd;
		if ((errno = pthread_create(&tid, &attr, engine_thread, c)) !=
		    0) {
			msg_warn("cannot start a thread for an MTA "
				 "connection: %s",
				 strerror(errno));
			close(fd);
			free(c);
		}
	}
	return NULL;
}

void
engine_start(const struct engine_filter *f, int listen_fd)
{
	struct engine_listener *l = xmalloc(sizeof(*l));
	pthread_t tid;

	l->f = f;
	l->fd = listen_fd;
	if ((errno = pthread_create(&tid, NULL, engine_accept_loop, l)) != 0)
		msg_fatal(EX_OSERR, "cannot start the listener thread: %s",
			  strerror(errno));
	pthread_detach(tid);
}
