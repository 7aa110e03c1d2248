/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for milter/engine.c, the milter protocol as Postfix speaks it
 * (src/milter/milter8.c). A test filter records what its callbacks got and
 * returns the statuses a test sets; the engine's answers are read back as
 * Postfix reads them: a 4-byte length, a command byte, data whose layout
 * depends on the command, nothing left over. Covers negotiation, which
 * steps are answered, reply codes, macros, message changes at the end of
 * the message, CONNECT addresses, MAIL/RCPT arguments, the ends of a
 * connection, and engine_serve over a socket pair, packet framing included.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../milter/engine.h"

/* What Postfix offers (milter8_connect, milter_protocol = 6). */
#define PF_ACTIONS                                                             \
	(SMFIF_ADDHDRS | SMFIF_ADDRCPT | SMFIF_DELRCPT | SMFIF_CHGHDRS |       \
	 SMFIF_CHGBODY | SMFIF_QUARANTINE | SMFIF_CHGFROM |                    \
	 SMFIF_ADDRCPT_PAR | SMFIF_SETSYMLIST)
#define PF_NOREPLY                                                             \
	(SMFIP_NR_CONN | SMFIP_NR_HELO | SMFIP_NR_MAIL | SMFIP_NR_RCPT |       \
	 SMFIP_NR_DATA | SMFIP_NR_UNKN | SMFIP_NR_HDR | SMFIP_NR_EOH |         \
	 SMFIP_NR_BODY)
#define PF_STEPS                                                               \
	(SMFIP_NOCONNECT | SMFIP_NOHELO | SMFIP_NOMAIL | SMFIP_NORCPT |        \
	 SMFIP_NOBODY | SMFIP_NOHDRS | SMFIP_NOEOH | SMFIP_NOUNKNOWN |         \
	 SMFIP_NODATA | SMFIP_SKIP | SMFIP_RCPT_REJ | PF_NOREPLY |             \
	 SMFIP_HDR_LEADSPC)

/* What postreply-milter asks for (milter/milter.c). */
#define OUR_ACTIONS                                                            \
	(SMFIF_ADDRCPT | SMFIF_DELRCPT | SMFIF_ADDHDRS | SMFIF_CHGHDRS)
#define OUR_STEPS                                                              \
	(SMFIP_NR_CONN | SMFIP_NOHELO | SMFIP_NOUNKNOWN | SMFIP_NR_MAIL |      \
	 SMFIP_NR_HDR | SMFIP_NR_EOH | SMFIP_NR_BODY | SMFIP_HDR_LEADSPC)

/* Data of a packet from a string literal, its NULs included. */
#define SEND(e, cmd, lit) engine_packet(e, cmd, lit, sizeof(lit) - 1)

/* What the test filter's callbacks saw, and what they are to return. */
static struct rec {
	unsigned long offered_actions, offered_steps;
	unsigned long want_actions, want_steps;
	sfsistat negotiate_status;
	sfsistat status[128]; /* by command byte */
	char log[512];        /* one letter per callback, in order */
	char host[256];
	int family; /* of the CONNECT sockaddr, -1 for none */
	char addr[INET6_ADDRSTRLEN];
	unsigned port;
	char args[16][128];
	int argc;
	char header_name[64], header_value[256];
	unsigned char body[256];
	size_t body_len;
	int closes;
	/* Called first by every callback, with its command byte. */
	void (*hook)(struct engine *, int cmd);
} rec;

static void
logcall(struct engine *e, int cmd)
{
	size_t n = strlen(rec.log);

	if (n + 1 < sizeof(rec.log)) {
		rec.log[n] = (char)cmd;
		rec.log[n + 1] = 0;
	}
	if (rec.hook)
		rec.hook(e, cmd);
}

static sfsistat
t_negotiate(struct engine *e, unsigned long actions, unsigned long steps,
	    unsigned long *want_actions, unsigned long *want_steps)
{
	logcall(e, SMFIC_OPTNEG);
	rec.offered_actions = actions;
	rec.offered_steps = steps;
	*want_actions = rec.want_actions;
	*want_steps = rec.want_steps;
	return rec.negotiate_status;
}

static sfsistat
t_connect(struct engine *e, const char *host, const struct sockaddr *sa)
{
	logcall(e, SMFIC_CONNECT);
	snprintf(rec.host, sizeof(rec.host), "%s", host);
	rec.family = sa ? sa->sa_family : -1;
	rec.addr[0] = 0;
	if (sa && sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)sa;

		inet_ntop(AF_INET, &sin->sin_addr, rec.addr, sizeof(rec.addr));
		rec.port = ntohs(sin->sin_port);
	} else if (sa && sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)sa;

		inet_ntop(AF_INET6, &sin6->sin6_addr, rec.addr,
			  sizeof(rec.addr));
		rec.port = ntohs(sin6->sin6_port);
	}
	return rec.status[SMFIC_CONNECT];
}

static void
record_args(char **argv)
{
	for (rec.argc = 0; argv[rec.argc] != NULL; rec.argc++)
		if (rec.argc < 16)
			snprintf(rec.args[rec.argc], sizeof(rec.args[0]), "%s",
				 argv[rec.argc]);
}

static sfsistat
t_envfrom(struct engine *e, char **argv)
{
	logcall(e, SMFIC_MAIL);
	record_args(argv);
	return rec.status[SMFIC_MAIL];
}

static sfsistat
t_envrcpt(struct engine *e, char **argv)
{
	logcall(e, SMFIC_RCPT);
	record_args(argv);
	return rec.status[SMFIC_RCPT];
}

static sfsistat
t_data(struct engine *e)
{
	logcall(e, SMFIC_DATA);
	return rec.status[SMFIC_DATA];
}

static sfsistat
t_header(struct engine *e, const char *name, const char *value)
{
	logcall(e, SMFIC_HEADER);
	snprintf(rec.header_name, sizeof(rec.header_name), "%s", name);
	snprintf(rec.header_value, sizeof(rec.header_value), "%s", value);
	return rec.status[SMFIC_HEADER];
}

static sfsistat
t_eoh(struct engine *e)
{
	logcall(e, SMFIC_EOH);
	return rec.status[SMFIC_EOH];
}

static sfsistat
t_body(struct engine *e, const unsigned char *data, size_t len)
{
	logcall(e, SMFIC_BODY);
	if (rec.body_len + len <= sizeof(rec.body)) {
		memcpy(rec.body + rec.body_len, data, len);
		rec.body_len += len;
	}
	return rec.status[SMFIC_BODY];
}

static sfsistat
t_eom(struct engine *e)
{
	logcall(e, SMFIC_BODYEOB);
	return rec.status[SMFIC_BODYEOB];
}

static void
t_abort(struct engine *e)
{
	logcall(e, SMFIC_ABORT);
}

static void
t_close(struct engine *e)
{
	logcall(e, 'X');
	rec.closes++;
}

/* The queue ID and SASL login at MAIL, as milter.c; "j" at CONNECT. */
static const struct engine_filter filter = {
    .negotiate = t_negotiate,
    .connect = t_connect,
    .envfrom = t_envfrom,
    .envrcpt = t_envrcpt,
    .data = t_data,
    .header = t_header,
    .eoh = t_eoh,
    .body = t_body,
    .eom = t_eom,
    .abort = t_abort,
    .close = t_close,
    .macros = {[SMFIM_CONNECT] = "j", [SMFIM_ENVFROM] = "i {auth_authen}"},
};

/* The same without macro lists. */
static const struct engine_filter filter_nomacros = {
    .negotiate = t_negotiate,
    .connect = t_connect,
    .envfrom = t_envfrom,
    .envrcpt = t_envrcpt,
    .data = t_data,
    .header = t_header,
    .eoh = t_eoh,
    .body = t_body,
    .eom = t_eom,
    .abort = t_abort,
    .close = t_close,
};

static int
setup(void **state)
{
	(void)state;
	memset(&rec, 0, sizeof(rec));
	rec.want_actions = OUR_ACTIONS;
	rec.want_steps = OUR_STEPS;
	rec.family = -2;
	return 0;
}

/* Reading the answers as Postfix does. */

struct pkt {
	int cmd;
	const char *data;
	size_t len;
};

static uint32_t
get32(const char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return ntohl(v);
}

static void
put32(char *p, uint32_t v)
{
	v = htonl(v);
	memcpy(p, &v, 4);
}

/*
 * Split the output into packets, failing the test on a length Postfix
 * would not accept (milter8_read_resp: at least the command byte).
 */
static size_t
split(const char *data, size_t size, struct pkt *p, size_t max)
{
	size_t at = 0, n = 0;
	uint32_t len;

	while (at < size) {
		assert_true(size - at >= 5);
		len = get32(data + at);
		assert_true(len >= 1);
		assert_true(len <= size - at - 4);
		assert_true(n < max);
		p[n].cmd = (unsigned char)data[at + 4];
		p[n].data = data + at + 5;
		p[n].len = len - 1;
		n++;
		at += 4 + (size_t)len;
	}
	return n;
}

static size_t
packets(struct engine *e, struct pkt *p, size_t max)
{
	struct buf *out = engine_output(e);

	return split(out->data, out->len, p, max);
}

/*
 * The answers' command bytes, in order; the output is then emptied.
 * Decisions without data must come without data: Postfix treats any as
 * a protocol error ("reply ... was followed by data bytes").
 */
static const char *
answers(struct engine *e)
{
	static char s[64];
	struct pkt p[63];
	size_t i, n = packets(e, p, 63);

	for (i = 0; i < n; i++) {
		s[i] = (char)p[i].cmd;
		if (strchr("acdrt", p[i].cmd))
			assert_int_equal(p[i].len, 0);
	}
	s[n] = 0;
	buf_reset(engine_output(e));
	return s;
}

/* A NUL-terminated string from a packet, as milter8_read_data reads it. */
static const char *
pf_string(const char **p, size_t *left)
{
	const char *s = *p, *nul = memchr(s, 0, *left);

	assert_non_null(nul);
	*left -= (size_t)(nul - s) + 1;
	*p = nul + 1;
	return s;
}

/* SMFIR_REPLYCODE, checked as milter8_event does, then compared. */
static void
assert_replycode(const struct pkt *p, const char *want)
{
	assert_int_equal(p->cmd, SMFIR_REPLYCODE);
	assert_true(p->len > 5);
	assert_true(p->data[0] == '4' || p->data[0] == '5');
	assert_true(isdigit((unsigned char)p->data[1]) &&
		    isdigit((unsigned char)p->data[2]));
	assert_true(p->data[3] == ' ' || p->data[3] == '-');
	assert_false(isdigit((unsigned char)p->data[4]) &&
		     p->data[4] != p->data[0]);
	assert_int_equal(p->len, strlen(want) + 1);
	assert_memory_equal(p->data, want, p->len);
}

static int
optneg(struct engine *e, uint32_t version, uint32_t actions, uint32_t steps)
{
	char d[12];

	put32(d, version);
	put32(d + 4, actions);
	put32(d + 8, steps);
	return engine_packet(e, SMFIC_OPTNEG, d, sizeof(d));
}

/* A connection as Postfix opens it, answers checked and dropped. */
static struct engine *
open_engine(const struct engine_filter *f, uint32_t steps_wanted)
{
	struct engine *e = engine_new(f, -1);

	rec.want_steps = steps_wanted;
	assert_int_equal(optneg(e, 6, PF_ACTIONS, PF_STEPS), 0);
	assert_string_equal(answers(e), "O");
	assert_int_equal(engine_steps(e), steps_wanted & PF_STEPS);
	rec.log[0] = 0;
	return e;
}

/* Negotiation. */

/* The answer as milter8_connect reads it: version, masks, macro lists. */
struct negotiated {
	uint32_t version, actions, steps;
	int nlists;
	uint32_t stage[8];
	const char *list[8];
};

static void
read_optneg(struct engine *e, struct negotiated *n)
{
	struct pkt p[2];
	const char *d;
	size_t left;

	assert_int_equal(packets(e, p, 2), 1);
	assert_int_equal(p[0].cmd, SMFIC_OPTNEG);
	assert_true(p[0].len >= 12);
	n->version = get32(p[0].data);
	n->actions = get32(p[0].data + 4);
	n->steps = get32(p[0].data + 8);
	d = p[0].data + 12;
	left = p[0].len - 12;
	for (n->nlists = 0; left > 0; n->nlists++) {
		assert_true(n->nlists < 8);
		assert_true(left >= 5);
		n->stage[n->nlists] = get32(d);
		d += 4;
		left -= 4;
		n->list[n->nlists] = pf_string(&d, &left);
	}
}

static void
test_optneg_postfix(void **state)
{
	struct engine *e = engine_new(&filter, -1);
	struct negotiated n;

	(void)state;
	/* A step Postfix does not offer: must not come back. */
	rec.want_steps = OUR_STEPS | SMFIP_MDS_1M;
	assert_int_equal(optneg(e, 6, PF_ACTIONS, PF_STEPS), 0);
	assert_int_equal(rec.offered_actions, PF_ACTIONS);
	assert_int_equal(rec.offered_steps, PF_STEPS);
	read_optneg(e, &n);
	assert_int_equal(n.version, 6);
	/* milter8_connect: the request mask must be a subset of ours. */
	assert_int_equal(n.actions, OUR_ACTIONS | SMFIF_SETSYMLIST);
	assert_int_equal(n.steps, OUR_STEPS);
	assert_int_equal(engine_steps(e), OUR_STEPS);
	assert_int_equal(n.nlists, 2);
	assert_int_equal(n.stage[0], SMFIM_CONNECT);
	assert_string_equal(n.list[0], "j");
	assert_int_equal(n.stage[1], SMFIM_ENVFROM);
	assert_string_equal(n.list[1], "i {auth_authen}");
	engine_free(e);
}

/* Actions the MTA does not offer are not asked for. */
static void
test_optneg_actions_intersect(void **state)
{
	struct engine *e = engine_new(&filter, -1);
	struct negotiated n;

	(void)state;
	assert_int_equal(
	    optneg(e, 6, SMFIF_ADDHDRS | SMFIF_ADDRCPT | SMFIF_SETSYMLIST,
		   PF_STEPS & ~SMFIP_NR_EOH),
	    0);
	read_optneg(e, &n);
	assert_int_equal(n.actions,
			 SMFIF_ADDHDRS | SMFIF_ADDRCPT | SMFIF_SETSYMLIST);
	assert_int_equal(n.steps, OUR_STEPS & ~SMFIP_NR_EOH);
	assert_int_equal(n.nlists, 2);
	engine_free(e);
}

/* Without SMFIF_SETSYMLIST offered, no macro list follows the masks. */
static void
test_optneg_no_symlist(void **state)
{
	struct engine *e = engine_new(&filter, -1);
	struct negotiated n;

	(void)state;
	assert_int_equal(optneg(e, 6, PF_ACTIONS & ~SMFIF_SETSYMLIST, PF_STEPS),
			 0);
	read_optneg(e, &n);
	assert_int_equal(n.actions, OUR_ACTIONS);
	assert_int_equal(n.nlists, 0);
	engine_free(e);
}

/* Not even when the filter itself asks for SMFIF_SETSYMLIST. */
static void
test_optneg_no_symlist_filter_asks(void **state)
{
	struct engine *e = engine_new(&filter, -1);
	struct negotiated n;

	(void)state;
	rec.want_actions = OUR_ACTIONS | SMFIF_SETSYMLIST;
	assert_int_equal(optneg(e, 6, PF_ACTIONS & ~SMFIF_SETSYMLIST, PF_STEPS),
			 0);
	read_optneg(e, &n);
	assert_int_equal(n.actions, OUR_ACTIONS);
	assert_int_equal(n.nlists, 0);
	engine_free(e);
}

/* A filter without macro lists sends none, SETSYMLIST offered or not. */
static void
test_optneg_filter_without_macros(void **state)
{
	struct engine *e = engine_new(&filter_nomacros, -1);
	struct negotiated n;

	(void)state;
	assert_int_equal(optneg(e, 6, PF_ACTIONS, PF_STEPS), 0);
	read_optneg(e, &n);
	assert_int_equal(n.actions, OUR_ACTIONS);
	assert_int_equal(n.nlists, 0);
	engine_free(e);
}

/* An older MTA: never answer with a newer version than it speaks. */
static void
test_optneg_older_version(void **state)
{
	struct engine *e = engine_new(&filter, -1);
	struct negotiated n;

	(void)state;
	assert_int_equal(optneg(e, 4, PF_ACTIONS, SMFIP_NOHELO), 0);
	read_optneg(e, &n);
	assert_true(n.version <= 4 && n.version >= 2);
	assert_int_equal(n.steps, SMFIP_NOHELO);
	engine_free(e);
}

static void
test_optneg_bad(void **state)
{
	struct engine *e = engine_new(&filter, -1);
	char d[12] = {0};

	(void)state;
	/* Short. */
	assert_int_equal(engine_packet(e, SMFIC_OPTNEG, d, 11), -1);
	assert_int_equal(engine_output(e)->len, 0);
	/* Version 1. */
	assert_int_equal(optneg(e, 1, PF_ACTIONS, PF_STEPS), -1);
	assert_int_equal(engine_output(e)->len, 0);
	/* The filter refuses (milter.c: the MTA cannot change recipients). */
	rec.negotiate_status = SMFIS_REJECT;
	assert_int_equal(optneg(e, 6, SMFIF_ADDHDRS, PF_STEPS), -1);
	assert_int_equal(engine_output(e)->len, 0);
	engine_free(e);
}

/* Which steps are answered. */

/* Every command of a message, as Postfix sends them. */
static void
send_message(struct engine *e)
{
	assert_int_equal(SEND(e, SMFIC_CONNECT,
			      "mx.example.org\0"
			      "4\xc3\x50"
			      "192.0.2.1\0"),
			 0);
	assert_int_equal(SEND(e, SMFIC_HELO, "mx.example.org\0"), 0);
	assert_int_equal(SEND(e, SMFIC_MAIL, "<a@example.org>\0"), 0);
	assert_int_equal(SEND(e, SMFIC_RCPT, "<b@example.net>\0"), 0);
	assert_int_equal(SEND(e, SMFIC_DATA, ""), 0);
	assert_int_equal(SEND(e, SMFIC_HEADER, "Subject\0 hi\0"), 0);
	assert_int_equal(SEND(e, SMFIC_EOH, ""), 0);
	assert_int_equal(SEND(e, SMFIC_BODY, "hello\r\n"), 0);
	assert_int_equal(SEND(e, SMFIC_UNKNOWN, "XYZZY\0"), 0);
}

static void
reply_always(struct engine *e, int cmd)
{
	(void)cmd;
	engine_setreply(e, "550", "5.7.1", "no");
}

/* SMFIP_NR_* steps are not answered, even with a reject and a reply. */
static void
test_noreply_steps_silent(void **state)
{
	struct engine *e;
	int c;

	(void)state;
	e = open_engine(&filter, PF_NOREPLY);
	for (c = 0; c < 128; c++)
		rec.status[c] = SMFIS_REJECT;
	rec.hook = reply_always;
	send_message(e);
	assert_string_equal(rec.log, "CMRTLNB");
	assert_string_equal(answers(e), "");
	/* The end of the message is always answered; here without reply. */
	rec.hook = NULL;
	assert_int_equal(SEND(e, SMFIC_BODYEOB, ""), 0);
	assert_string_equal(answers(e), "r");
	engine_free(e);
}

/* Without SMFIP_NR_*, every step gets exactly one answer, in order. */
static void
test_steps_answered(void **state)
{
	struct engine *e;

	(void)state;
	e = open_engine(&filter, 0);
	rec.status[SMFIC_CONNECT] = SMFIS_CONTINUE;
	rec.status[SMFIC_MAIL] = SMFIS_CONTINUE;
	rec.status[SMFIC_RCPT] = SMFIS_REJECT;
	rec.status[SMFIC_DATA] = SMFIS_TEMPFAIL;
	rec.status[SMFIC_HEADER] = SMFIS_ACCEPT;
	rec.status[SMFIC_EOH] = SMFIS_DISCARD;
	rec.status[SMFIC_BODY] = SMFIS_NOREPLY;
	send_message(e);
	/* HELO and UNKNOWN have no callback: they go on. */
	assert_string_equal(answers(e), "cccrtadcc");
	engine_free(e);
}

/* milter.c's steps: only RCPT, DATA and the end of message answered. */
static void
test_our_steps(void **state)
{
	struct engine *e;

	(void)state;
	e = open_engine(&filter, OUR_STEPS);
	rec.status[SMFIC_DATA] = SMFIS_ACCEPT;
	assert_int_equal(SEND(e, SMFIC_CONNECT,
			      "mx.example.org\0"
			      "4\xc3\x50"
			      "192.0.2.1\0"),
			 0);
	assert_string_equal(answers(e), "");
	assert_int_equal(SEND(e, SMFIC_MAIL, "<a@example.org>\0"), 0);
	assert_string_equal(answers(e), "");
	assert_int_equal(SEND(e, SMFIC_RCPT, "<b@example.net>\0"), 0);
	assert_string_equal(answers(e), "c");
	assert_int_equal(SEND(e, SMFIC_DATA, ""), 0);
	assert_string_equal(answers(e), "a");
	assert_int_equal(SEND(e, SMFIC_HEADER, "Subject\0 hi\0"), 0);
	assert_int_equal(SEND(e, SMFIC_EOH, ""), 0);
	assert_int_equal(SEND(e, SMFIC_BODY, "x"), 0);
	assert_string_equal(answers(e), "");
	assert_int_equal(SEND(e, SMFIC_BODYEOB, ""), 0);
	assert_string_equal(answers(e), "c");
	engine_free(e);
}

/* RCPT replies. */

static const char *rcpt_rcode, *rcpt_xcode, *rcpt_text;

static void
rcpt_reply(struct engine *e, int cmd)
{
	if (cmd == SMFIC_RCPT && rcpt_rcode)
		engine_setreply(e, rcpt_rcode, rcpt_xcode, rcpt_text);
}

static void
rcpt(struct engine *e, sfsistat st, const char *rcode, const char *xcode,
     const char *text)
{
	rec.status[SMFIC_RCPT] = st;
	rcpt_rcode = rcode;
	rcpt_xcode = xcode;
	rcpt_text = text;
	assert_int_equal(SEND(e, SMFIC_RCPT, "<r+abc@example.org>\0"), 0);
}

static void
test_rcpt_replies(void **state)
{
	struct engine *e;
	struct pkt p[2];

	(void)state;
	e = open_engine(&filter, OUR_STEPS);
	rec.hook = rcpt_reply;

	rcpt(e, SMFIS_REJECT, "550", "5.1.1", "Unknown reply address");
	assert_int_equal(packets(e, p, 2), 1);
	assert_replycode(&p[0], "550 5.1.1 Unknown reply address");
	buf_reset(engine_output(e));

	/* The text was for that answer only. */
	rcpt(e, SMFIS_REJECT, NULL, NULL, NULL);
	assert_string_equal(answers(e), "r");

	rcpt(e, SMFIS_TEMPFAIL, "451", "4.3.0", "Try again later");
	assert_int_equal(packets(e, p, 2), 1);
	assert_replycode(&p[0], "451 4.3.0 Try again later");
	buf_reset(engine_output(e));

	rcpt(e, SMFIS_TEMPFAIL, NULL, NULL, NULL);
	assert_string_equal(answers(e), "t");

	/* One line to the client: a line break in the text is a space. */
	rcpt(e, SMFIS_REJECT, "550", "5.1.1", "Unknown\r\n250 fake");
	assert_int_equal(packets(e, p, 2), 1);
	assert_replycode(&p[0], "550 5.1.1 Unknown  250 fake");
	buf_reset(engine_output(e));

	/* A reply set but not used does not wait for the next reject. */
	rcpt(e, SMFIS_CONTINUE, "550", "5.1.1", "Unused");
	assert_string_equal(answers(e), "c");
	rcpt(e, SMFIS_REJECT, NULL, NULL, NULL);
	assert_string_equal(answers(e), "r");

	/* Nor does one set in a step the MTA does not wait for. */
	rcpt_rcode = "550";
	rcpt_xcode = "5.7.1";
	rcpt_text = "Unused";
	rec.hook = reply_always;
	rec.status[SMFIC_MAIL] = SMFIS_REJECT;
	assert_int_equal(SEND(e, SMFIC_MAIL, "<a@example.org>\0"), 0);
	assert_string_equal(answers(e), "");
	rec.hook = NULL;
	rcpt(e, SMFIS_REJECT, NULL, NULL, NULL);
	assert_string_equal(answers(e), "r");
	engine_free(e);
}

/* Macros. */

#define NSYMS 6
static const char *sym_names[NSYMS] = {"i", "{auth_authen}", "auth_authen",
				       "j", "{rcpt_addr}",   "{missing}"};
static char sym_values[NSYMS][64];

/* Look every macro up from a callback, as milter.c does. */
static void
lookup_syms(struct engine *e, int cmd)
{
	const char *v;
	int i;

	(void)cmd;
	for (i = 0; i < NSYMS; i++) {
		v = engine_getsymval(e, sym_names[i]);
		snprintf(sym_values[i], sizeof(sym_values[i]), "%s",
			 v ? v : "(null)");
	}
}

static void
test_macros(void **state)
{
	struct engine *e;

	(void)state;
	e = open_engine(&filter, OUR_STEPS);
	rec.hook = lookup_syms;
	/* Postfix answers none of the macro packets' commands. */
	assert_int_equal(SEND(e, SMFIC_MACRO, "Cj\0mx.example.org\0"), 0);
	assert_int_equal(SEND(e, SMFIC_CONNECT,
			      "client.example\0"
			      "4\0\x19"
			      "192.0.2.9\0"),
			 0);
	assert_int_equal(SEND(e, SMFIC_MACRO,
			      "Mi\0"
			      "4XyZ1abc\0{auth_authen}\0alice\0"),
			 0);
	assert_int_equal(SEND(e, SMFIC_MAIL, "<alice@example.org>\0"), 0);
	assert_string_equal(answers(e), "");
	assert_string_equal(sym_values[0], "4XyZ1abc");
	assert_string_equal(sym_values[1], "alice");
	assert_string_equal(sym_values[2], "alice");
	assert_string_equal(sym_values[3], "mx.example.org");
	assert_string_equal(sym_values[5], "(null)");

	/* A later stage of the same message sees them too, and its own. */
	assert_int_equal(SEND(e, SMFIC_MACRO, "R{rcpt_addr}\0b@example.net\0"),
			 0);
	assert_int_equal(SEND(e, SMFIC_RCPT, "<b@example.net>\0"), 0);
	assert_string_equal(sym_values[0], "4XyZ1abc");
	assert_string_equal(sym_values[4], "b@example.net");
	assert_string_equal(answers(e), "c");

	/*
	 * The next message, even without the abort Postfix sends between
	 * two: its MAIL macros replace the last one's, so the login it does
	 * not have and the last RCPT's macros are gone; the connection's
	 * stay.
	 */
	assert_int_equal(SEND(e, SMFIC_MACRO,
			      "Mi\0"
			      "5AbC2def\0"),
			 0);
	assert_int_equal(SEND(e, SMFIC_MAIL, "<bob@example.org>\0"), 0);
	assert_string_equal(sym_values[0], "5AbC2def");
	assert_string_equal(sym_values[1], "(null)");
	assert_string_equal(sym_values[2], "(null)");
	assert_string_equal(sym_values[3], "mx.example.org");
	assert_string_equal(sym_values[4], "(null)");

	/* Abort forgets the message's macros, not the connection's. */
	assert_int_equal(SEND(e, SMFIC_ABORT, ""), 0);
	assert_string_equal(answers(e), "");
	assert_int_equal(SEND(e, SMFIC_RCPT, "<c@example.net>\0"), 0);
	assert_string_equal(sym_values[0], "(null)");
	assert_string_equal(sym_values[3], "mx.example.org");
	assert_string_equal(answers(e), "c");

	/* A new SMTP session on the same connection starts from nothing. */
	assert_int_equal(SEND(e, SMFIC_QUIT_NC, ""), 0);
	assert_int_equal(SEND(e, SMFIC_RCPT, "<c@example.net>\0"), 0);
	assert_string_equal(sym_values[3], "(null)");
	assert_string_equal(answers(e), "c");
	engine_free(e);
}

/* Odd macro packets: ignored, never answered, nothing read past them. */
static void
test_macros_odd(void **state)
{
	struct engine *e;

	(void)state;
	e = open_engine(&filter, OUR_STEPS);
	rec.hook = lookup_syms;
	assert_int_equal(SEND(e, SMFIC_MACRO, ""), 0);
	assert_int_equal(SEND(e, SMFIC_MACRO, "Zi\0nope\0"), 0);
	/* A name without value, then a value without its NUL. */
	assert_int_equal(SEND(e, SMFIC_MACRO, "Mj"), 0);
	assert_int_equal(SEND(e, SMFIC_MACRO, "Ci\0abc"), 0);
	assert_int_equal(SEND(e, SMFIC_RCPT, "<c@example.net>\0"), 0);
	assert_string_equal(sym_values[3], "(null)");
	assert_string_equal(sym_values[0], "abc");
	/* An empty MAIL macro list (nothing Postfix knows yet). */
	assert_int_equal(SEND(e, SMFIC_MACRO, "M"), 0);
	assert_int_equal(SEND(e, SMFIC_RCPT, "<c@example.net>\0"), 0);
	assert_string_equal(sym_values[0], "abc");
	assert_string_equal(answers(e), "cc");
	engine_free(e);
}

/* Message changes. */

static int change_rc[8];

static void
eom_changes(struct engine *e, int cmd)
{
	if (cmd != SMFIC_BODYEOB)
		return;
	change_rc[0] = engine_delrcpt(e, "<r+abc@example.org>");
	change_rc[1] = engine_addrcpt(e, "<owner@example.com>");
	change_rc[2] =
	    engine_addheader(e, "X-PostReply-Customer", "alice@example.org");
	change_rc[3] = engine_chgheader(e, "Reply-To", 2, NULL);
	change_rc[4] = engine_chgheader(e, "Reply-To", 1, "<r+x@example.org>");
	change_rc[5] = engine_chgheader(e, "Reply-To", 0, "index 0");
}

/* A change as milter8_event reads it: strings, then nothing left. */
static void
assert_change(const struct pkt *p, int cmd, long index, const char *a,
	      const char *b)
{
	const char *d = p->data;
	size_t left = p->len;

	assert_int_equal(p->cmd, cmd);
	if (index >= 0) {
		assert_true(left >= 4);
		assert_int_equal(get32(d), index);
		d += 4;
		left -= 4;
	}
	assert_string_equal(pf_string(&d, &left), a);
	if (b)
		assert_string_equal(pf_string(&d, &left), b);
	assert_int_equal(left, 0);
}

static void
test_eom_changes(void **state)
{
	struct engine *e;
	struct pkt p[8];
	int i;

	(void)state;
	e = open_engine(&filter, OUR_STEPS);
	rec.hook = eom_changes;
	rec.status[SMFIC_BODYEOB] = SMFIS_CONTINUE;
	assert_int_equal(SEND(e, SMFIC_BODYEOB, ""), 0);
	for (i = 0; i < 5; i++)
		assert_int_equal(change_rc[i], 0);
	assert_int_equal(change_rc[5], -1);
	assert_int_equal(packets(e, p, 8), 6);
	assert_change(&p[0], SMFIR_DELRCPT, -1, "<r+abc@example.org>", NULL);
	assert_change(&p[1], SMFIR_ADDRCPT, -1, "<owner@example.com>", NULL);
	assert_change(&p[2], SMFIR_ADDHEADER, -1, "X-PostReply-Customer",
		      " alice@example.org");
	/* An empty value deletes (milter8_event: del_header). */
	assert_change(&p[3], SMFIR_CHGHEADER, 2, "Reply-To", "");
	assert_change(&p[4], SMFIR_CHGHEADER, 1, "Reply-To",
		      " <r+x@example.org>");
	assert_int_equal(p[5].cmd, SMFIR_CONTINUE);
	assert_int_equal(p[5].len, 0);
	buf_reset(engine_output(e));

	/* Changes then a tempfail with its text: the reply comes last. */
	rec.status[SMFIC_BODYEOB] = SMFIS_TEMPFAIL;
	rec.hook = NULL;
	assert_int_equal(SEND(e, SMFIC_BODYEOB, ""), 0);
	assert_string_equal(answers(e), "t");
	engine_free(e);
}

/*
 * Without SMFIP_HDR_LEADSPC, Postfix puts the space after the colon
 * itself: the value goes as given, and a deletion is still empty.
 */
static void
test_eom_changes_no_leadspc(void **state)
{
	struct engine *e;
	struct pkt p[8];

	(void)state;
	e = open_engine(&filter, OUR_STEPS & ~SMFIP_HDR_LEADSPC);
	assert_int_equal(engine_steps(e) & SMFIP_HDR_LEADSPC, 0);
	rec.hook = eom_changes;
	rec.status[SMFIC_BODYEOB] = SMFIS_CONTINUE;
	assert_int_equal(SEND(e, SMFIC_BODYEOB, ""), 0);
	assert_int_equal(packets(e, p, 8), 6);
	assert_change(&p[2], SMFIR_ADDHEADER, -1, "X-PostReply-Customer",
		      "alice@example.org");
	assert_change(&p[3], SMFIR_CHGHEADER, 2, "Reply-To", "");
	assert_change(&p[4], SMFIR_CHGHEADER, 1, "Reply-To",
		      "<r+x@example.org>");
	engine_free(e);
}

static void
changes_anywhere(struct engine *e, int cmd)
{
	if (cmd == SMFIC_BODYEOB)
		return;
	change_rc[0] = engine_delrcpt(e, "<a@example.org>");
	change_rc[1] = engine_addrcpt(e, "<a@example.org>");
	change_rc[2] = engine_addheader(e, "X-A", "b");
	change_rc[3] = engine_chgheader(e, "X-A", 1, "b");
	change_rc[4] = engine_chgheader(e, "X-A", 1, NULL);
}

/* Outside the end of the message, changes fail and write nothing. */
static void
test_changes_outside_eom(void **state)
{
	struct engine *e;
	int i;

	(void)state;
	e = open_engine(&filter, 0);
	rec.hook = changes_anywhere;
	assert_int_equal(SEND(e, SMFIC_RCPT, "<a@example.org>\0"), 0);
	for (i = 0; i < 5; i++)
		assert_int_equal(change_rc[i], -1);
	assert_string_equal(answers(e), "c");
	memset(change_rc, 0, sizeof(change_rc));
	assert_int_equal(SEND(e, SMFIC_BODY, "x"), 0);
	for (i = 0; i < 5; i++)
		assert_int_equal(change_rc[i], -1);
	assert_string_equal(answers(e), "c");
	/* Nor from outside any callback, after an end of message. */
	assert_int_equal(SEND(e, SMFIC_BODYEOB, ""), 0);
	assert_string_equal(answers(e), "c");
	assert_int_equal(engine_addheader(e, "X-A", "b"), -1);
	assert_int_equal(engine_delrcpt(e, "<a@example.org>"), -1);
	assert_int_equal(engine_output(e)->len, 0);
	engine_free(e);
}

/* End of message with data: the body callback has it first. */
static void
test_eom_with_data(void **state)
{
	struct engine *e;

	(void)state;
	e = open_engine(&filter, OUR_STEPS);
	assert_int_equal(SEND(e, SMFIC_BODYEOB, "last line\r\n"), 0);
	assert_string_equal(rec.log, "BE");
	assert_int_equal(rec.body_len, 11);
	assert_memory_equal(rec.body, "last line\r\n", 11);
	assert_string_equal(answers(e), "c");

	/* A body refused there is the answer; eom is not called. */
	rec.log[0] = 0;
	rec.status[SMFIC_BODY] = SMFIS_REJECT;
	assert_int_equal(SEND(e, SMFIC_BODYEOB, "more\r\n"), 0);
	assert_string_equal(rec.log, "B");
	assert_string_equal(answers(e), "r");

	/* Without data, no body call. */
	rec.log[0] = 0;
	assert_int_equal(SEND(e, SMFIC_BODYEOB, ""), 0);
	assert_string_equal(rec.log, "E");
	engine_free(e);
}

/* CONNECT. */

static void
test_connect_inet(void **state)
{
	struct engine *e;

	(void)state;
	e = open_engine(&filter, OUR_STEPS);
	/* Port 52525 in network order. */
	assert_int_equal(SEND(e, SMFIC_CONNECT,
			      "mail.example.org\0"
			      "4\xcd\x2d"
			      "192.0.2.7\0"),
			 0);
	assert_string_equal(rec.host, "mail.example.org");
	assert_int_equal(rec.family, AF_INET);
	assert_string_equal(rec.addr, "192.0.2.7");
	assert_int_equal(rec.port, 52525);

	assert_int_equal(SEND(e, SMFIC_CONNECT,
			      "[2001:db8::25]\0"
			      "6\0\x19"
			      "2001:db8::25\0"),
			 0);
	assert_string_equal(rec.host, "[2001:db8::25]");
	assert_int_equal(rec.family, AF_INET6);
	assert_string_equal(rec.addr, "2001:db8::25");
	assert_int_equal(rec.port, 25);
	assert_string_equal(answers(e), "");
	engine_free(e);
}

static void
test_connect_no_address(void **state)
{
	struct engine *e;

	(void)state;
	e = open_engine(&filter, 0);
	/* milter8_conn_event, AF_UNIX: port 0, the socket's name. */
	assert_int_equal(SEND(e, SMFIC_CONNECT,
			      "localhost\0"
			      "L\0\0"
			      "/var/spool/postfix/public/x\0"),
			 0);
	assert_string_equal(rec.host, "localhost");
	assert_int_equal(rec.family, -1);
	/* Unknown family: the host name and the family, nothing more. */
	assert_int_equal(SEND(e, SMFIC_CONNECT, "unknown\0U"), 0);
	assert_string_equal(rec.host, "unknown");
	assert_int_equal(rec.family, -1);
	assert_string_equal(answers(e), "cc");
	engine_free(e);
}

/* Malformed CONNECT packets: no address, no crash, still one answer. */
static void
test_connect_malformed(void **state)
{
	static const struct {
		const char *data;
		size_t len;
	} bad[] = {
	    {"", 0},
	    {"no-nul", 6},
	    {"host\0", 5},
	    {"host\0"
	     "4",
	     6},
	    {"host\0"
	     "4\0\x19",
	     8},
	    {"host\0"
	     "4\0\x19"
	     "192.0.2.1",
	     17},
	    {"host\0"
	     "4\0\x19"
	     "999.0.2.1\0",
	     18},
	    {"host\0"
	     "6\0\x19"
	     "192.0.2.1\0",
	     18},
	    {"host\0"
	     "4\0\x19"
	     "\0",
	     9},
	    {"host\0"
	     "X\0\x19"
	     "192.0.2.1\0",
	     18},
	};
	struct engine *e;
	char *copy;
	size_t i;

	(void)state;
	e = open_engine(&filter, 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		/* Exactly sized, so that a read past it is caught. */
		copy = malloc(bad[i].len ? bad[i].len : 1);
		assert_non_null(copy);
		memcpy(copy, bad[i].data, bad[i].len);
		rec.family = -2;
		assert_int_equal(
		    engine_packet(e, SMFIC_CONNECT, copy, bad[i].len), 0);
		assert_int_equal(rec.family, -1);
		assert_string_equal(answers(e), "c");
		free(copy);
	}
	engine_free(e);
}

/* MAIL and RCPT arguments. */

static void
test_args(void **state)
{
	struct engine *e;

	(void)state;
	e = open_engine(&filter, OUR_STEPS);
	assert_int_equal(
	    SEND(e, SMFIC_MAIL,
		 "<alice@example.org>\0SIZE=1234\0BODY=8BITMIME\0"),
	    0);
	assert_int_equal(rec.argc, 3);
	assert_string_equal(rec.args[0], "<alice@example.org>");
	assert_string_equal(rec.args[1], "SIZE=1234");
	assert_string_equal(rec.args[2], "BODY=8BITMIME");

	assert_int_equal(
	    SEND(e, SMFIC_RCPT, "<r+abc@example.org>\0NOTIFY=NEVER\0"), 0);
	assert_int_equal(rec.argc, 2);
	assert_string_equal(rec.args[0], "<r+abc@example.org>");
	assert_string_equal(rec.args[1], "NOTIFY=NEVER");

	/* The null sender. */
	assert_int_equal(SEND(e, SMFIC_MAIL, "<>\0"), 0);
	assert_int_equal(rec.argc, 1);
	assert_string_equal(rec.args[0], "<>");

	/* No data at all: one empty argument, never none. */
	assert_int_equal(SEND(e, SMFIC_MAIL, ""), 0);
	assert_int_equal(rec.argc, 1);
	assert_string_equal(rec.args[0], "");
	assert_int_equal(SEND(e, SMFIC_RCPT, ""), 0);
	assert_int_equal(rec.argc, 1);
	assert_string_equal(rec.args[0], "");

	/* The last argument without its NUL is still whole. */
	assert_int_equal(SEND(e, SMFIC_RCPT, "<x@example.org>\0ORCPT=x"), 0);
	assert_int_equal(rec.argc, 2);
	assert_string_equal(rec.args[1], "ORCPT=x");
	assert_string_equal(answers(e), "ccc");
	engine_free(e);
}

/* Header packets: name and value; a malformed one is not passed on. */
static void
test_header(void **state)
{
	struct engine *e;

	(void)state;
	e = open_engine(&filter, 0);
	assert_int_equal(SEND(e, SMFIC_HEADER, "Subject\0 two\n\tlines\0"), 0);
	assert_string_equal(rec.header_name, "Subject");
	assert_string_equal(rec.header_value, " two\n\tlines");
	assert_string_equal(answers(e), "c");
	rec.log[0] = 0;
	assert_int_equal(SEND(e, SMFIC_HEADER, "Subject\0no-nul"), 0);
	assert_int_equal(SEND(e, SMFIC_HEADER, "Subject"), 0);
	assert_string_equal(rec.log, "");
	assert_string_equal(answers(e), "tt");
	engine_free(e);
}

/* The ends of a connection. */

static void
test_quit_and_unknown(void **state)
{
	struct engine *e;

	(void)state;
	e = open_engine(&filter, OUR_STEPS);
	assert_int_equal(SEND(e, SMFIC_QUIT_NC, ""), 0);
	assert_int_equal(rec.closes, 1);
	assert_string_equal(answers(e), "");
	/* The connection goes on with the next SMTP session. */
	assert_int_equal(SEND(e, SMFIC_RCPT, "<a@example.org>\0"), 0);
	assert_string_equal(answers(e), "c");
	assert_int_equal(SEND(e, SMFIC_ABORT, ""), 0);
	assert_string_equal(answers(e), "");
	assert_int_equal(SEND(e, SMFIC_QUIT, ""), -1);
	assert_string_equal(answers(e), "");
	assert_int_equal(SEND(e, 'Z', ""), -1);
	assert_int_equal(SEND(e, 0, ""), -1);
	assert_int_equal(SEND(e, 0xff, "x"), -1);
	assert_string_equal(answers(e), "");
	/* engine_packet leaves the close to engine_serve. */
	assert_int_equal(rec.closes, 1);
	engine_free(e);
}

/* engine_serve over a socket pair, the test playing Postfix. */

struct served {
	int fds[2]; /* [0] the MTA's end, [1] the engine's */
	pthread_t thread;
	const struct engine_filter *f;
};

static void *
serve_thread(void *arg)
{
	struct served *s = arg;

	engine_serve(s->f, s->fds[1]);
	return NULL;
}

static void
serve_start(struct served *s, const struct engine_filter *f)
{
	s->f = f;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, s->fds), 0);
	assert_int_equal(pthread_create(&s->thread, NULL, serve_thread, s), 0);
}

/* The engine's end is closed by engine_serve; the test joins it. */
static void
serve_end(struct served *s)
{
	assert_int_equal(pthread_join(s->thread, NULL), 0);
	close(s->fds[0]);
}

static void
wire(struct buf *b, int cmd, const void *data, size_t len)
{
	char hdr[5];

	put32(hdr, (uint32_t)len + 1);
	hdr[4] = (char)cmd;
	buf_append(b, hdr, 5);
	buf_append(b, data, len);
}

#define WIRE(b, cmd, lit) wire(b, cmd, lit, sizeof(lit) - 1)

static void
send_all(int fd, const char *data, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = send(fd, data, len, MSG_NOSIGNAL);
		assert_true(n > 0);
		data += n;
		len -= (size_t)n;
	}
}

static void
send_buf(int fd, struct buf *b)
{
	send_all(fd, b->data, b->len);
	buf_reset(b);
}

/* Read exactly len bytes, waiting at most 5 s: 0, or -1 at EOF. */
static int
read_full(int fd, char *p, size_t len)
{
	struct pollfd pfd = {fd, POLLIN, 0};
	ssize_t n;

	while (len > 0) {
		assert_int_equal(poll(&pfd, 1, 5000), 1);
		n = read(fd, p, len);
		if (n == 0)
			return -1;
		assert_true(n > 0);
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* One answer, as milter8_read_resp reads it. */
static int
read_answer(int fd, char *data, size_t size, size_t *len)
{
	char hdr[5];
	uint32_t n;

	assert_int_equal(read_full(fd, hdr, 5), 0);
	n = get32(hdr);
	assert_true(n >= 1 && n - 1 <= size);
	*len = n - 1;
	assert_int_equal(read_full(fd, data, *len), 0);
	return (unsigned char)hdr[4];
}

/* A simple decision, nothing else. */
static void
expect_answer(int fd, int cmd)
{
	char data[64];
	size_t len;

	assert_int_equal(read_answer(fd, data, sizeof(data), &len), cmd);
	assert_int_equal(len, 0);
}

/* Nothing is waiting to be read, and nothing comes within ms. */
static void
expect_nothing(int fd, int ms)
{
	struct pollfd pfd = {fd, POLLIN, 0};

	assert_int_equal(poll(&pfd, 1, ms), 0);
}

/* The engine closed its end: EOF, and nothing before it. */
static void
expect_eof(int fd)
{
	char c;

	assert_int_equal(read_full(fd, &c, 1), -1);
}

static void
session_optneg(int fd, struct buf *b)
{
	char d[12], answer[256];
	size_t len;

	put32(d, 6);
	put32(d + 4, PF_ACTIONS);
	put32(d + 8, PF_STEPS);
	wire(b, SMFIC_OPTNEG, d, sizeof(d));
	send_buf(fd, b);
	assert_int_equal(read_answer(fd, answer, sizeof(answer), &len),
			 SMFIC_OPTNEG);
	assert_true(len >= 12);
	assert_int_equal(get32(answer), 6);
	assert_int_equal(get32(answer + 8), rec.want_steps & PF_STEPS);
}

static void
session_eom_changes(struct engine *e, int cmd)
{
	if (cmd == SMFIC_RCPT)
		engine_setreply(e, "550", "5.1.1", "No such reply address");
	if (cmd == SMFIC_BODYEOB) {
		engine_delrcpt(e, "<r+abc@example.org>");
		engine_addrcpt(e, "<owner@example.com>");
		engine_addheader(e, "X-PostReply-Customer",
				 "alice@example.org");
	}
}

/*
 * A whole Postfix session with milter.c's steps: the test sends a command
 * and reads an answer exactly where milter8_event waits for one.
 */
static void
test_serve_session(void **state)
{
	struct served s;
	struct buf b;
	char answer[256];
	size_t len;
	const char *d;
	size_t left;

	(void)state;
	buf_init(&b);
	rec.hook = session_eom_changes;
	serve_start(&s, &filter);
	session_optneg(s.fds[0], &b);

	WIRE(&b, SMFIC_MACRO, "Cj\0mx.example.org\0");
	WIRE(&b, SMFIC_CONNECT,
	     "client.example\0"
	     "4\xcd\x2d"
	     "192.0.2.7\0");
	WIRE(&b, SMFIC_MACRO,
	     "Mi\0"
	     "4XyZ1abc\0");
	WIRE(&b, SMFIC_MAIL, "<alice@example.org>\0SIZE=100\0");
	WIRE(&b, SMFIC_RCPT, "<r+abc@example.org>\0");
	send_buf(s.fds[0], &b);
	expect_answer(s.fds[0], SMFIR_CONTINUE);

	/* A rejected recipient, with its text. */
	rec.status[SMFIC_RCPT] = SMFIS_REJECT;
	WIRE(&b, SMFIC_RCPT, "<r+bad@example.org>\0");
	send_buf(s.fds[0], &b);
	assert_int_equal(read_answer(s.fds[0], answer, sizeof(answer), &len),
			 SMFIR_REPLYCODE);
	assert_int_equal(len, sizeof("550 5.1.1 No such reply address"));
	assert_string_equal(answer, "550 5.1.1 No such reply address");

	WIRE(&b, SMFIC_DATA, "");
	send_buf(s.fds[0], &b);
	expect_answer(s.fds[0], SMFIR_CONTINUE);

	WIRE(&b, SMFIC_HEADER, "From\0 alice@example.org\0");
	WIRE(&b, SMFIC_HEADER, "Subject\0 Re: hello\0");
	WIRE(&b, SMFIC_EOH, "");
	WIRE(&b, SMFIC_BODY, "Thanks!\r\n");
	WIRE(&b, SMFIC_BODYEOB, "");
	send_buf(s.fds[0], &b);
	assert_int_equal(read_answer(s.fds[0], answer, sizeof(answer), &len),
			 SMFIR_DELRCPT);
	assert_int_equal(len, sizeof("<r+abc@example.org>"));
	assert_string_equal(answer, "<r+abc@example.org>");
	assert_int_equal(read_answer(s.fds[0], answer, sizeof(answer), &len),
			 SMFIR_ADDRCPT);
	assert_int_equal(len, sizeof("<owner@example.com>"));
	assert_string_equal(answer, "<owner@example.com>");
	assert_int_equal(read_answer(s.fds[0], answer, sizeof(answer), &len),
			 SMFIR_ADDHEADER);
	d = answer;
	left = len;
	assert_string_equal(pf_string(&d, &left), "X-PostReply-Customer");
	assert_string_equal(pf_string(&d, &left), " alice@example.org");
	assert_int_equal(left, 0);
	expect_answer(s.fds[0], SMFIR_CONTINUE);

	/* Nothing more: no answer Postfix would take for the next one. */
	expect_nothing(s.fds[0], 20);
	WIRE(&b, SMFIC_ABORT, "");
	WIRE(&b, SMFIC_QUIT, "");
	send_buf(s.fds[0], &b);
	expect_eof(s.fds[0]);
	serve_end(&s);
	assert_string_equal(rec.log, "OCMRRTLLNBEAX");
	assert_int_equal(rec.closes, 1);
	assert_string_equal((const char *)rec.body, "Thanks!\r\n");
	buf_free(&b);
}

/* Framing the engine cannot read ends the session, with close run. */
static void
serve_bad(const char *data, size_t len, int shut)
{
	struct served s;
	struct buf b;

	setup(NULL);
	buf_init(&b);
	serve_start(&s, &filter);
	session_optneg(s.fds[0], &b);
	send_all(s.fds[0], data, len);
	if (shut)
		shutdown(s.fds[0], SHUT_WR);
	expect_eof(s.fds[0]);
	serve_end(&s);
	assert_int_equal(rec.closes, 1);
	buf_free(&b);
}

static void
test_serve_bad_framing(void **state)
{
	char p[9];

	(void)state;
	/* Length 0: not even a command byte. */
	put32(p, 0);
	p[4] = SMFIC_RCPT;
	serve_bad(p, 5, 0);
	/* Longer than the engine takes. */
	put32(p, ENGINE_MAX_PACKET + 1);
	p[4] = SMFIC_BODY;
	serve_bad(p, 5, 0);
	put32(p, 0xffffffff);
	serve_bad(p, 5, 0);
	/* The MTA goes away in the middle of a packet, or of a length. */
	put32(p, 100);
	memcpy(p + 4, "R<a@b", 5);
	serve_bad(p, 9, 1);
	serve_bad(p, 2, 1);
	/* Or between packets. */
	serve_bad(p, 0, 1);
}

/* The largest packet is taken whole and answered. */
static void
test_serve_max_packet(void **state)
{
	struct served s;
	struct buf b;
	char *big = calloc(1, ENGINE_MAX_PACKET - 1);

	(void)state;
	assert_non_null(big);
	buf_init(&b);
	rec.want_steps = 0;
	serve_start(&s, &filter);
	session_optneg(s.fds[0], &b);
	wire(&b, SMFIC_BODY, big, ENGINE_MAX_PACKET - 1);
	send_buf(s.fds[0], &b);
	expect_answer(s.fds[0], SMFIR_CONTINUE);
	WIRE(&b, SMFIC_QUIT, "");
	send_buf(s.fds[0], &b);
	expect_eof(s.fds[0]);
	serve_end(&s);
	assert_string_equal(rec.log, "OBX");
	free(big);
	buf_free(&b);
}

/* Several packets in one write; one packet over several writes. */
static void
test_serve_packet_boundaries(void **state)
{
	struct served s;
	struct buf b;
	size_t i;

	(void)state;
	buf_init(&b);
	serve_start(&s, &filter);
	session_optneg(s.fds[0], &b);

	WIRE(&b, SMFIC_RCPT, "<a@example.org>\0");
	WIRE(&b, SMFIC_RCPT, "<b@example.org>\0");
	WIRE(&b, SMFIC_HEADER, "Subject\0 x\0");
	WIRE(&b, SMFIC_DATA, "");
	send_buf(s.fds[0], &b);
	expect_answer(s.fds[0], SMFIR_CONTINUE);
	expect_answer(s.fds[0], SMFIR_CONTINUE);
	expect_answer(s.fds[0], SMFIR_CONTINUE);
	expect_nothing(s.fds[0], 20);

	/* Byte by byte: no answer before the packet is whole. */
	WIRE(&b, SMFIC_RCPT, "<c@example.org>\0NOTIFY=NEVER\0");
	for (i = 0; i < b.len; i++) {
		expect_nothing(s.fds[0], i < 6 ? 10 : 0);
		send_all(s.fds[0], b.data + i, 1);
	}
	buf_reset(&b);
	expect_answer(s.fds[0], SMFIR_CONTINUE);
	assert_int_equal(rec.argc, 2);
	assert_string_equal(rec.args[1], "NOTIFY=NEVER");

	/* A packet split, with the start of the next one. */
	WIRE(&b, SMFIC_RCPT, "<d@example.org>\0");
	WIRE(&b, SMFIC_QUIT, "");
	send_all(s.fds[0], b.data, 10);
	expect_nothing(s.fds[0], 10);
	send_all(s.fds[0], b.data + 10, b.len - 10 - 2);
	expect_answer(s.fds[0], SMFIR_CONTINUE);
	send_all(s.fds[0], b.data + b.len - 2, 2);
	buf_reset(&b);
	expect_eof(s.fds[0]);
	serve_end(&s);
	assert_string_equal(rec.log, "ORRLTRRX");
	buf_free(&b);
}

/* An unknown command over the socket ends the session too. */
static void
test_serve_unknown_command(void **state)
{
	struct served s;
	struct buf b;

	(void)state;
	buf_init(&b);
	serve_start(&s, &filter);
	session_optneg(s.fds[0], &b);
	WIRE(&b, 'Z', "junk");
	send_buf(s.fds[0], &b);
	expect_eof(s.fds[0]);
	serve_end(&s);
	assert_int_equal(rec.closes, 1);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_optneg_postfix, setup),
	    cmocka_unit_test_setup(test_optneg_actions_intersect, setup),
	    cmocka_unit_test_setup(test_optneg_no_symlist, setup),
	    cmocka_unit_test_setup(test_optneg_no_symlist_filter_asks, setup),
	    cmocka_unit_test_setup(test_optneg_filter_without_macros, setup),
	    cmocka_unit_test_setup(test_optneg_older_version, setup),
	    cmocka_unit_test_setup(test_optneg_bad, setup),
	    cmocka_unit_test_setup(test_noreply_steps_silent, setup),
	    cmocka_unit_test_setup(test_steps_answered, setup),
	    cmocka_unit_test_setup(test_our_steps, setup),
	    cmocka_unit_test_setup(test_rcpt_replies, setup),
	    cmocka_unit_test_setup(test_macros, setup),
	    cmocka_unit_test_setup(test_macros_odd, setup),
	    cmocka_unit_test_setup(test_eom_changes, setup),
	    cmocka_unit_test_setup(test_eom_changes_no_leadspc, setup),
	    cmocka_unit_test_setup(test_changes_outside_eom, setup),
	    cmocka_unit_test_setup(test_eom_with_data, setup),
	    cmocka_unit_test_setup(test_connect_inet, setup),
	    cmocka_unit_test_setup(test_connect_no_address, setup),
	    cmocka_unit_test_setup(test_connect_malformed, setup),
	    cmocka_unit_test_setup(test_args, setup),
	    cmocka_unit_test_setup(test_header, setup),
	    cmocka_unit_test_setup(test_quit_and_unknown, setup),
	    cmocka_unit_test_setup(test_serve_session, setup),
	    cmocka_unit_test_setup(test_serve_bad_framing, setup),
	    cmocka_unit_test_setup(test_serve_max_packet, setup),
	    cmocka_unit_test_setup(test_serve_packet_boundaries, setup),
	    cmocka_unit_test_setup(test_serve_unknown_command, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
