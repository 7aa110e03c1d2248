/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_engine: libFuzzer target for the milter protocol engine, fed as
 * Postfix feeds it. Input layout: 4 bytes of actions and 4 bytes of steps
 * the filter asks for (big-endian), one byte of flags (bit 0: the filter
 * has macro lists; bit 1: rejects come with engine_setreply; bit 7: the
 * filter refuses an odd protocol version; the rest seeds the statuses the
 * callbacks return), then packets as on the wire: a 4-byte length, the
 * command byte, its data. A length past the end is cut to what is left,
 * a zero length is skipped. Each packet is given to engine_packet in a
 * buffer of its own size, until it says the connection ends.
 *
 * The callbacks look macros up, set replies, and at the end of a message
 * make every kind of change; elsewhere changes must fail. After each
 * packet the output must be what Postfix (milter8.c) can read: packets
 * of consistent lengths with known answer codes, each with data of the
 * right shape; no answer to a step agreed as "no reply", to macros or to
 * an abort; exactly one decision to every other step, last, after the
 * changes, which only the end of a message may carry.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../../milter/engine.h"

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__,     \
				#cond);                                        \
			abort();                                               \
		}                                                              \
	} while (0)

static struct {
	unsigned long want_actions, want_steps;
	unsigned flags;
	unsigned calls;
	int changes; /* made in the current end of message */
} fz;

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* Where bytes are read to, so that reading them is not optimized away. */
static volatile unsigned sink;

/* Touch every byte of a string, so that a bad pointer is caught. */
static void
touch(const char *s)
{
	sink += s ? (unsigned)strlen(s) : 0;
}

static void
lookups(struct engine *e)
{
	touch(engine_getsymval(e, "i"));
	touch(engine_getsymval(e, "{auth_authen}"));
	touch(engine_getsymval(e, "auth_authen"));
	touch(engine_getsymval(e, "{rcpt_addr}"));
	touch(engine_getsymval(e, "j"));
	touch(engine_getsymval(e, ""));
}

/* Outside the end of a message, every change fails and writes nothing. */
static void
no_changes(struct engine *e)
{
	size_t len = engine_output(e)->len;

	CHECK(engine_addheader(e, "X-Fuzz", "v") == -1);
	CHECK(engine_chgheader(e, "X-Fuzz", 1, "v") == -1);
	CHECK(engine_chgheader(e, "X-Fuzz", 1, NULL) == -1);
	CHECK(engine_addrcpt(e, "<a@example.org>") == -1);
	CHECK(engine_delrcpt(e, "<a@example.org>") == -1);
	CHECK(engine_output(e)->len == len);
}

/* The next status, and a reply for it when the flags say so. */
static sfsistat
status(struct engine *e, const char *text)
{
	static const sfsistat st[] = {
	    SMFIS_CONTINUE, SMFIS_REJECT,  SMFIS_TEMPFAIL, SMFIS_ACCEPT,
	    SMFIS_DISCARD,  SMFIS_NOREPLY, SMFIS_CONTINUE, SMFIS_CONTINUE};
	sfsistat s = st[((fz.flags >> 2) + fz.calls++) % 8];

	if ((fz.flags & 2) && (s == SMFIS_REJECT || s == SMFIS_TEMPFAIL)) {
		if (s == SMFIS_REJECT)
			engine_setreply(e, "550", "5.1.1", text ? text : "no");
		else
			engine_setreply(e, "451", "4.3.0",
					text ? text : "later");
	}
	return s;
}

static sfsistat
f_negotiate(struct engine *e, unsigned long actions, unsigned long steps,
	    unsigned long *want_actions, unsigned long *want_steps)
{
	(void)e;
	(void)actions;
	(void)steps;
	*want_actions = fz.want_actions;
	*want_steps = fz.want_steps;
	return (fz.flags & 0x80) && (fz.calls++ & 1) ? SMFIS_REJECT
						     : SMFIS_CONTINUE;
}

static sfsistat
f_connect(struct engine *e, const char *host, const struct sockaddr *sa)
{
	const struct sockaddr_in *sin = (const void *)sa;
	const struct sockaddr_in6 *sin6 = (const void *)sa;
	char addr[INET6_ADDRSTRLEN];

	touch(host);
	if (sa && sa->sa_family == AF_INET)
		CHECK(inet_ntop(AF_INET, &sin->sin_addr, addr, sizeof(addr)));
	else if (sa)
		CHECK(
		    sa->sa_family == AF_INET6 &&
		    inet_ntop(AF_INET6, &sin6->sin6_addr, addr, sizeof(addr)));
	lookups(e);
	no_changes(e);
	return status(e, host);
}

static sfsistat
f_args(struct engine *e, char **argv)
{
	int i;

	CHECK(argv[0] != NULL);
	for (i = 0; argv[i]; i++)
		touch(argv[i]);
	CHECK(i <= 64);
	lookups(e);
	no_changes(e);
	return status(e, engine_getsymval(e, "i"));
}

static sfsistat
f_step(struct engine *e)
{
	lookups(e);
	no_changes(e);
	return status(e, NULL);
}

static sfsistat
f_header(struct engine *e, const char *name, const char *value)
{
	touch(name);
	touch(value);
	no_changes(e);
	return status(e, value);
}

static sfsistat
f_body(struct engine *e, const unsigned char *data, size_t len)
{
	size_t i;

	CHECK(len > 0);
	for (i = 0; i < len; i++)
		sink += data[i];
	no_changes(e);
	return status(e, NULL);
}

/* One change of every kind, from what the MTA sent. */
static sfsistat
f_eom(struct engine *e)
{
	const char *rcpt = engine_getsymval(e, "{rcpt_addr}");
	const char *i = engine_getsymval(e, "i");
	int idx = 1 + (int)(fz.calls % 3);

	lookups(e);
	CHECK(engine_delrcpt(e, rcpt ? rcpt : "<r+abc@example.org>") == 0);
	CHECK(engine_addrcpt(e, "<owner@example.com>") == 0);
	CHECK(engine_addheader(e, "X-PostReply-Conversation", i ? i : "1") ==
	      0);
	CHECK(engine_chgheader(e, "Reply-To", idx, NULL) == 0);
	CHECK(engine_chgheader(e, "Reply-To", 1, i ? i : "<r@example.org>") ==
	      0);
	/* Index 0 is not a header: refused, nothing written. */
	CHECK(engine_chgheader(e, "Reply-To", 0, "x") == -1);
	fz.changes += 5;
	return status(e, i);
}

static void
f_abort(struct engine *e)
{
	lookups(e);
	no_changes(e);
}

static void
f_close(struct engine *e)
{
	lookups(e);
	no_changes(e);
}

static const struct engine_filter with_macros = {
    .negotiate = f_negotiate,
    .connect = f_connect,
    .envfrom = f_args,
    .envrcpt = f_args,
    .data = f_step,
    .header = f_header,
    .eoh = f_step,
    .body = f_body,
    .eom = f_eom,
    .abort = f_abort,
    .close = f_close,
    .macros = {[SMFIM_CONNECT] = "j {daemon_name}",
	       [SMFIM_ENVFROM] = "i {auth_authen}",
	       [SMFIM_ENVRCPT] = "{rcpt_addr}"},
};

static const struct engine_filter without_macros = {
    .negotiate = f_negotiate,
    .connect = f_connect,
    .envfrom = f_args,
    .envrcpt = f_args,
    .data = f_step,
    .header = f_header,
    .eoh = f_step,
    .body = f_body,
    .eom = f_eom,
    .abort = f_abort,
    .close = f_close,
};

/* The "no reply" step for a command, 0 if it is always answered. */
static unsigned long
noreply(int cmd)
{
	switch (cmd) {
	case SMFIC_CONNECT:
		return SMFIP_NR_CONN;
	case SMFIC_HELO:
		return SMFIP_NR_HELO;
	case SMFIC_MAIL:
		return SMFIP_NR_MAIL;
	case SMFIC_RCPT:
		return SMFIP_NR_RCPT;
	case SMFIC_DATA:
		return SMFIP_NR_DATA;
	case SMFIC_HEADER:
		return SMFIP_NR_HDR;
	case SMFIC_EOH:
		return SMFIP_NR_EOH;
	case SMFIC_BODY:
		return SMFIP_NR_BODY;
	case SMFIC_UNKNOWN:
		return SMFIP_NR_UNKN;
	default:
		return 0;
	}
}

/* A NUL-terminated string at *p, as milter8_read_data takes it. */
static void
string(const uint8_t **p, size_t *left)
{
	const uint8_t *nul = memchr(*p, 0, *left);

	CHECK(nul != NULL);
	*left -= (size_t)(nul - *p) + 1;
	*p = nul + 1;
}

/* The OPTNEG answer, as milter8_connect reads it. */
static void
check_optneg(struct engine *e, const uint8_t *d, size_t len,
	     const uint8_t *offer)
{
	uint32_t version, actions;
	size_t left;

	CHECK(len >= 12);
	version = get32(d);
	actions = get32(d + 4);
	left = len - 12;
	CHECK(version >= 2 && version <= SMFI_PROT_VERSION &&
	      version <= get32(offer));
	CHECK((actions & get32(offer + 4)) == actions);
	CHECK((actions & ~fz.want_actions & ~SMFIF_SETSYMLIST) == 0);
	CHECK(get32(d + 8) == engine_steps(e));
	CHECK((engine_steps(e) & ~get32(offer + 8)) == 0);
	CHECK(left == 0 || (actions & SMFIF_SETSYMLIST));
	d += 12;
	while (left > 0) {
		CHECK(left >= 5);
		CHECK(get32(d) <= SMFIM_LAST);
		d += 4;
		left -= 4;
		string(&d, &left);
	}
}

/* SMFIR_REPLYCODE as milter8_event checks it; one string, nothing more. */
static void
check_reply(const uint8_t *d, size_t len)
{
	CHECK(len >= 5 && memchr(d, 0, len) == d + len - 1);
	CHECK(d[0] == '4' || d[0] == '5');
	CHECK(d[1] >= '0' && d[1] <= '9' && d[2] >= '0' && d[2] <= '9');
	CHECK(d[3] == ' ' || d[3] == '-');
	CHECK(!(d[4] >= '0' && d[4] <= '9') || d[4] == d[0]);
}

/* A change as milter8_event reads it. */
static void
check_change(int cmd, const uint8_t *d, size_t len)
{
	if (cmd == SMFIR_CHGHEADER) {
		CHECK(len >= 4 && get32(d) >= 1);
		d += 4;
		len -= 4;
	}
	string(&d, &len);
	if (cmd == SMFIR_ADDHEADER || cmd == SMFIR_CHGHEADER)
		string(&d, &len);
	CHECK(len == 0);
}

/* The output after one command, as Postfix reads it. */
static void
check_output(struct engine *e, int cmd, int rc, const uint8_t *offer)
{
	struct buf *out = engine_output(e);
	const uint8_t *p = (const uint8_t *)out->data;
	const uint8_t *end = out->len ? p + out->len : p;
	int decisions = 0, changes = 0, negotiations = 0, want;
	uint32_t len;
	int c;

	while (p < end) {
		CHECK(end - p >= 5);
		len = get32(p);
		CHECK(len >= 1 && len <= (size_t)(end - p) - 4);
		c = p[4];
		/* Nothing after the decision: it ends Postfix's reading. */
		CHECK(decisions == 0 && negotiations == 0);
		switch (c) {
		case SMFIR_CONTINUE:
		case SMFIR_REJECT:
		case SMFIR_TEMPFAIL:
		case SMFIR_ACCEPT:
		case SMFIR_DISCARD:
			CHECK(len == 1);
			decisions++;
			break;
		case SMFIR_REPLYCODE:
			check_reply(p + 5, len - 1);
			decisions++;
			break;
		case SMFIR_ADDRCPT:
		case SMFIR_DELRCPT:
		case SMFIR_ADDHEADER:
		case SMFIR_CHGHEADER:
			CHECK(cmd == SMFIC_BODYEOB);
			check_change(c, p + 5, len - 1);
			changes++;
			break;
		case SMFIC_OPTNEG:
			CHECK(cmd == SMFIC_OPTNEG);
			check_optneg(e, p + 5, len - 1, offer);
			negotiations++;
			break;
		default:
			CHECK(!"an answer code Postfix knows");
		}
		p += 4 + len;
	}
	if (rc < 0) {
		CHECK(out->len == 0);
		return;
	}
	CHECK(changes == (cmd == SMFIC_BODYEOB ? fz.changes : 0));
	switch (cmd) {
	case SMFIC_OPTNEG:
		CHECK(negotiations == 1);
		return;
	case SMFIC_MACRO:
	case SMFIC_ABORT:
	case SMFIC_QUIT_NC:
		CHECK(out->len == 0);
		return;
	case SMFIC_BODYEOB:
		want = 1;
		break;
	default:
		want = (engine_steps(e) & noreply(cmd)) == 0;
		break;
	}
	CHECK(decisions == want && negotiations == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data + 9, *end = data + size;
	static const uint8_t no_offer[12];
	const uint8_t *offer = no_offer;
	struct engine *e;
	char *pkt;
	size_t len;
	int rc;

	if (size < 9)
		return 0;
	memset(&fz, 0, sizeof(fz));
	fz.want_actions = get32(data);
	fz.want_steps = get32(data + 4);
	fz.flags = data[8];
	e = engine_new((fz.flags & 1) ? &with_macros : &without_macros, -1);
	while (end - p >= 4) {
		len = get32(p);
		p += 4;
		if (len > (size_t)(end - p))
			len = (size_t)(end - p);
		if (len == 0)
			continue;
		/* Exactly sized, so that a read past the packet is caught. */
		pkt = malloc(len);
		CHECK(pkt != NULL);
		memcpy(pkt, p, len);
		if (p[0] == SMFIC_OPTNEG && len >= 13)
			offer = p + 1;
		fz.changes = 0;
		rc = engine_packet(e, p[0], pkt + 1, len - 1);
		CHECK(rc == 0 || rc == -1);
		check_output(e, p[0], rc, offer);
		buf_reset(engine_output(e));
		free(pkt);
		p += len;
		if (rc < 0)
			break;
	}
	engine_free(e);
	return 0;
}
