/*
 * timeline: the conversation with a customer, oldest first, from the
 * timeline view (events completed with what they point to). --json gives
 * an array of objects with kind, at (ISO 8601 with zone) and the event's
 * details; the human form is one aligned line per event.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "commands.h"
#include "ctl.h"
#include "msg.h"

enum { OPT_ACCOUNT = 256, OPT_JSON };

static const struct option timeline_opts[] = {
    {"account", required_argument, NULL, OPT_ACCOUNT},
    {"json", no_argument, NULL, OPT_JSON},
    {NULL, 0, NULL, 0},
};

/* Events of the customer (any account, or the one given). */
#define TIMELINE_FROM                                                          \
	" FROM timeline t JOIN customers c ON c.id = t.customer_id"            \
	" JOIN accounts a ON a.id = t.account_id"                              \
	" WHERE lower(c.email) = lower($1)"                                    \
	" AND ($2::text IS NULL OR lower(a.email) = lower($2))"

static const char timeline_json_sql[] =
    "SELECT coalesce(jsonb_pretty(jsonb_agg("
    " t.detail || jsonb_build_object('kind', t.kind, 'at', t.at,"
    " 'account', a.email, 'customer', c.email)"
    " ORDER BY t.at, t.id)), '[]')" TIMELINE_FROM;

/* A one-line summary of the event, in SQL so both forms agree. */
static const char timeline_text_sql[] =
    "SELECT to_char(t.at, 'YYYY-MM-DD HH24:MI:SS TZ'), t.kind, a.email,"
    " CASE t.kind"
    " WHEN 'email_sent' THEN format('\"%s\" reply to %s',"
    "  t.detail->>'subject', t.detail->>'reply_address')"
    " WHEN 'reply' THEN format('from %s: \"%s\"%s%s%s',"
    "  t.detail->>'from', t.detail->>'subject',"
    "  CASE WHEN (t.detail->>'auto_reply')::bool THEN ' [auto-reply]'"
    "  ELSE '' END,"
    "  CASE WHEN (t.detail->>'bounce')::bool THEN ' [bounce]' ELSE '' END,"
    "  coalesce(E'\\n' || (t.detail->>'text'), ''))"
    " WHEN 'status_change' THEN format('%s -> %s (by %s)',"
    "  t.detail->>'from', t.detail->>'to', t.detail->>'by')"
    " ELSE t.detail::text END" TIMELINE_FROM " ORDER BY t.at, t.id";

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

static void
timeline_print_text(PGresult *res)
{
	int i, color = isatty(STDOUT_FILENO);
	const char *text;

	for (i = 0; i < PQntuples(res); i++) {
		printf("%s  %s%-14s%s %-24s ", PQgetvalue(res, i, 0),
		       color ? "\033[1m" : "", PQgetvalue(res, i, 1),
		       color ? "\033[0m" : "", PQgetvalue(res, i, 2));
		text = PQgetvalue(res, i, 3);
		timeline_put(text, strlen(text), 65);
		putchar('\n');
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
	if (optind != argc - 1)
		ctl_usage();
	customer = argv[optind];
	const char *params[] = {customer, account};
	conn = ctl_db();
	if (account)
		ctl_account_id(conn, account);
	res = ctl_query(conn,
			"SELECT 1 FROM customers c JOIN accounts a"
			" ON a.id = c.account_id"
			" WHERE lower(c.email) = lower($1)"
			" AND ($2::text IS NULL OR lower(a.email) = lower($2))",
			2, params);
	if (PQntuples(res) == 0)
		msg_fatal(EX_NOUSER, "no customer %s%s%s", customer,
			  account ? " for account " : "",
			  account ? account : "");
	PQclear(res);
	res = ctl_query(conn, json ? timeline_json_sql : timeline_text_sql, 2,
			params);
	if (json)
		printf("%s\n", PQgetvalue(res, 0, 0));
	else
		timeline_print_text(res);
	PQclear(res);
	PQfinish(conn);
	return EX_OK;
}
