/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * null_milter: the bench's reference milter. It speaks the milter
 * protocol through postreply-milter's own engine, agrees to the same
 * steps, lets ordinary mail go at DATA, and makes the same changes to a
 * reply (its recipient swapped for FORWARD_TO, two headers added), but
 * keeps nothing and asks no database. Postfix with it (and null_policy)
 * against Postfix alone is what wiring any reply-rewriting milter costs
 * Postfix on this machine; what postreply costs beyond that is its own.
 *
 * usage: null_milter ENDPOINT REPLY_DOMAIN FORWARD_TO
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "listen.h"
#include "message.h"
#include "replyaddr.h"
#include "xmalloc.h"

#define NULL_MAX_RCPTS 16

struct null_msg {
	int nrcpts;
	char *rcpts[NULL_MAX_RCPTS];
};

static const char *null_domain, *null_forward;

static struct null_msg *
null_msg(struct engine *ctx)
{
	struct null_msg *m = engine_getpriv(ctx);

	if (m == NULL) {
		m = xcalloc(1, sizeof(*m));
		engine_setpriv(ctx, m);
	}
	return m;
}

static void
null_reset(struct engine *ctx)
{
	struct null_msg *m = engine_getpriv(ctx);
	int i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nrcpts; i++)
		free(m->rcpts[i]);
	m->nrcpts = 0;
}

static sfsistat
null_negotiate(struct engine *ctx, unsigned long actions, unsigned long steps,
	       unsigned long *want_actions, unsigned long *want_steps)
{
	(void)ctx;
	(void)actions;
	(void)steps;
	*want_actions =
	    SMFIF_ADDRCPT | SMFIF_DELRCPT | SMFIF_ADDHDRS | SMFIF_CHGHDRS;
	*want_steps = SMFIP_NR_CONN | SMFIP_NOHELO | SMFIP_NOUNKNOWN |
		      SMFIP_NR_MAIL | SMFIP_NR_HDR | SMFIP_NR_EOH |
		      SMFIP_NR_BODY | SMFIP_HDR_LEADSPC;
	return SMFIS_CONTINUE;
}

static sfsistat
null_envfrom(struct engine *ctx, char **argv)
{
	(void)argv;
	null_reset(ctx);
	return SMFIS_CONTINUE;
}

static sfsistat
null_envrcpt(struct engine *ctx, char **argv)
{
	struct null_msg *m = null_msg(ctx);
	char token[TOKEN_LEN + 1];

	if (replyaddr_parse_with(argv[0], "reply", '+', null_domain, token) ==
		REPLYADDR_TOKEN &&
	    m->nrcpts < NULL_MAX_RCPTS)
		m->rcpts[m->nrcpts++] = xstrdup(argv[0]);
	return SMFIS_CONTINUE;
}

static sfsistat
null_data(struct engine *ctx)
{
	return null_msg(ctx)->nrcpts > 0 ? SMFIS_CONTINUE : SMFIS_ACCEPT;
}

static sfsistat
null_eom(struct engine *ctx)
{
	struct null_msg *m = null_msg(ctx);
	char *fwd = xasprintf("<%s>", null_forward);
	int i, rc = 0;

	for (i = 0; i < m->nrcpts && rc == 0; i++)
		rc = engine_delrcpt(ctx, m->rcpts[i]);
	if (rc == 0 && m->nrcpts > 0)
		rc = engine_addrcpt(ctx, fwd);
	if (rc == 0 && m->nrcpts > 0)
		rc = engine_addheader(ctx, MESSAGE_HDR_CUSTOMER,
				      "customer@example.net");
	if (rc == 0 && m->nrcpts > 0)
		rc = engine_addheader(ctx, MESSAGE_HDR_CONVERSATION, "1");
	free(fwd);
	null_reset(ctx);
	return rc == 0 ? SMFIS_CONTINUE : SMFIS_TEMPFAIL;
}

static void
null_close(struct engine *ctx)
{
	null_reset(ctx);
	free(engine_getpriv(ctx));
	engine_setpriv(ctx, NULL);
}

static const struct engine_filter null_filter = {
    .negotiate = null_negotiate,
    .envfrom = null_envfrom,
    .envrcpt = null_envrcpt,
    .data = null_data,
    .eom = null_eom,
    .abort = null_reset,
    .close = null_close,
    /* The macros postreply-milter asks for, no more: Postfix sends them. */
    .macros = {[SMFIM_ENVFROM] = "i {auth_authen}"},
};

int
main(int argc, char **argv)
{
	int fd;

	if (argc != 4) {
		fprintf(
		    stderr,
		    "usage: null_milter ENDPOINT REPLY_DOMAIN FORWARD_TO\n");
		return 64;
	}
	null_domain = argv[2];
	null_forward = argv[3];
	signal(SIGPIPE, SIG_IGN);
	if ((fd = listen_open(argv[1], (gid_t)-1)) < 0) {
		perror(argv[1]);
		return 1;
	}
	engine_start(&null_filter, fd);
	for (;;)
		pause();
}
