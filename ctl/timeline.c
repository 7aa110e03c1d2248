/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * timeline: the conversation with a customer, oldest first, from the
 * timeline view (events completed with what they point to). --json gives
 * an array of objects with kind, at (ISO 8601 with zone) and the event's
 * details; the human form is one aligned line per event, with the text of
 * a reply, note or follow-up and a reply's analysis indented below it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "commands.h"
#include "ctl.h"
#include "msg.h"
#include "views.h"

enum { OPT_ACCOUNT = 256, OPT_JSON };

static const struct option timeline_opts[] = {
    {"account", required_argument, NULL, OPT_ACCOUNT},
    {"json", no_argument, NULL, OPT_JSON},
    {NULL, 0, NULL, 0},
};

/*
 * Print n bytes of text a customer wrote, with control characters (C0
 * but newline, DEL, and C1 as UTF-8) shown as '?': a hostile Subject must
 * not drive the operator's terminal. Newlines start an indented line.
 */
static void
timeline_put(const char *s, size_t n, int indent)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == '\n')
			printf("\n%*s", indent, "");
		else if (p[i] < 0x20 || p[i] == 0x7f)
			putchar('?');
		else if (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 &&
			 p[i + 1] <= 0x9f) {
			putchar('?');
			i++;
		} else
			putchar(p[i]);
	}
}

/* Columns on a terminal count characters, not bytes. */
static int
timeline_width(const char *s)
{
	int w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

static int
timeline_column(PGresult *res, int col)
{
	int i, w = 0, len;

	for (i = 0; i < PQntuples(res); i++)
		if ((len = timeline_width(PQgetvalue(res, i, col))) > w)
			w = len;
	return w;
}

/* s, then blanks up to width w (s comes from us or is a checked address). */
static void
timeline_pad(const char *s, int w, const char *on, int color)
{
	printf("%s%s%s%*s", color ? on : "", s, color ? "\033[0m" : "",
	       w - timeline_width(s), "");
}

static const char *
timeline_color(const char *kind)
{
	if (strcmp(kind, "reply") == 0)
		return "\033[1;32m";
	if (strcmp(kind, "send_failed") == 0)
		return "\033[1;31m";
	if (strcmp(kind, "status_change") == 0)
		return "\033[33m";
	if (strcmp(kind, "note") == 0)
		return "\033[36m";
	return "\033[1m";
}

/*
 * A block below the summary line (text as the customer or a colleague
 * wrote it, or an analysis), filtered, each line indented.
 */
static void
timeline_block(PGresult *res, int row, int col, int indent)
{
	const char *text;

	if (PQgetisnull(res, row, col))
		return;
	text = PQgetvalue(res, row, col);
	printf("%*s", indent, "");
	timeline_put(text, strlen(text), indent);
	putchar('\n');
}

/*
 * One line per event, columns aligned over the whole timeline; the
 * account column only when the timeline spans every account. A reply's
 * or note's text and a reply's analysis follow, indented under the
 * summary. Colour only on a terminal.
 */
static void
timeline_print_text(PGresult *res, int with_account)
{
	int i, color = isatty(STDOUT_FILENO);
	int at_w = timeline_column(res, VIEWS_TL_AT);
	int kind_w = timeline_column(res, VIEWS_TL_KIND);
	int acct_w = with_account ? timeline_column(res, VIEWS_TL_ACCOUNT) : 0;
	int indent = at_w + 2 + kind_w + 2 + (with_account ? acct_w + 2 : 0);
	const char *summary;

	for (i = 0; i < PQntuples(res); i++) {
		timeline_pad(PQgetvalue(res, i, VIEWS_TL_AT), at_w + 2, "", 0);
		timeline_pad(PQgetvalue(res, i, VIEWS_TL_KIND), kind_w + 2,
			     timeline_color(PQgetvalue(res, i, VIEWS_TL_KIND)),
			     color);
		if (with_account)
			timeline_pad(PQgetvalue(res, i, VIEWS_TL_ACCOUNT),
				     acct_w + 2, "", 0);
		summary = PQgetvalue(res, i, VIEWS_TL_SUMMARY);
		timeline_put(summary, strlen(summary), indent);
		putchar('\n');
		timeline_block(res, i, VIEWS_TL_TEXT, indent + 4);
		timeline_block(res, i, VIEWS_TL_ANALYSIS, indent + 4);
	}
}

int
cmd_timeline(int argc, char **argv)
{
	const char *account = NULL, *customer;
	int c, json = 0;
	PGconn *conn;
	PGresult *res;

	while ((c = ctl_getopt(argc, argv, timeline_opts)) != -1) {
		if (c == OPT_ACCOUNT)
			account = optarg;
		else if (c == OPT_JSON)
			json = 1;
	}
	customer = ctl_operand(argc, argv, "CUSTOMER_EMAIL");
	ctl_no_more(argc, argv);
	conn = ctl_db();
	if (account)
		ctl_account_id(conn, account);
	if (ctl_core_rc(conn, views_customer_known(conn, customer, account)) ==
	    0)
		msg_fatal(EX_NOUSER, "no customer %s%s%s", customer,
			  account ? " for account " : "",
			  account ? account : "");
	res = ctl_core(conn, json ? views_timeline_json(conn, customer, account)
				  : views_timeline(conn, customer, account));
	if (json)
		printf("%s\n", PQgetvalue(res, 0, 0));
	else
		timeline_print_text(res, account == NULL);
	PQclear(res);
	PQfinish(conn);
	return EX_OK;
}
