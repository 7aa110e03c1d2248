/*
 * inbox and read: the conversations of one account (or all), one line
 * each, with what needs looking at first. The order is the last reply's
 * analysis (needs_attention, then high_value, then the rest), then the
 * newest last reply (the last activity when there is no reply yet).
 * read marks a conversation's replies as read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "commands.h"
#include "ctl.h"
#include "msg.h"

enum { OPT_ACCOUNT = 256, OPT_UNREAD, OPT_JSON };

static const struct option inbox_opts[] = {
    {"account", required_argument, NULL, OPT_ACCOUNT},
    {"unread", no_argument, NULL, OPT_UNREAD},
    {"json", no_argument, NULL, OPT_JSON},
    {NULL, 0, NULL, 0},
};

static const struct option read_opts[] = {
    {"account", required_argument, NULL, OPT_ACCOUNT},
    {NULL, 0, NULL, 0},
};

/*
 * One row per conversation with its last reply and that reply's
 * analysis. The preview is one line of at most 60 characters, from the
 * extracted text or else the subject, control characters shown as '?'.
 */
#define INBOX_ROWS                                                             \
	"SELECT a.email AS account, c.email AS customer, c.name,"              \
	" c.status, cv.unread_count AS unread,"                                \
	" lr.received_at AS last_reply_at, lr.channel AS last_reply_channel,"  \
	" CASE WHEN length(lr.p) > 60 THEN left(lr.p, 57) || '...'"            \
	"  ELSE lr.p END AS preview,"                                          \
	" an.response_type, an.opportunity_score,"                             \
	" cv.last_activity_at,"                                                \
	" CASE an.response_type WHEN 'needs_attention' THEN 0"                 \
	"  WHEN 'high_value' THEN 1 ELSE 2 END AS rank,"                       \
	" coalesce(lr.received_at, cv.last_activity_at) AS newest, cv.id"      \
	" FROM conversations cv"                                               \
	" JOIN accounts a ON a.id = cv.account_id"                             \
	" JOIN customers c ON c.id = cv.customer_id"                           \
	" LEFT JOIN LATERAL (SELECT r.id, r.received_at, r.channel,"           \
	"  regexp_replace(regexp_replace(btrim(coalesce(r.reply_text,"         \
	"  r.subject, '')), '\\s+', ' ', 'g'),"                                \
	"  '[\\u0001-\\u001f\\u007f-\\u009f]', '?', 'g') AS p"                 \
	"  FROM replies r WHERE r.conversation_id = cv.id"                     \
	"  ORDER BY r.received_at DESC, r.id DESC LIMIT 1) lr ON true"         \
	" LEFT JOIN analyses an ON an.reply_id = lr.id"                        \
	" WHERE ($1::text IS NULL OR lower(a.email) = lower($1))"              \
	" AND (NOT $2::bool OR cv.unread_count > 0)"

#define INBOX_ORDER " ORDER BY rank, newest DESC, id DESC"

static const char inbox_json_sql[] =
    "SELECT coalesce(jsonb_pretty(jsonb_agg(to_jsonb(r) - 'rank' - 'newest'"
    " - 'id' ORDER BY rank, newest DESC, id DESC)), '[]')"
    " FROM (" INBOX_ROWS ") r";

static const char inbox_text_sql[] =
    "SELECT account, customer, status, unread,"
    " coalesce(to_char(last_reply_at, 'YYYY-MM-DD HH24:MI'), '-'),"
    " coalesce(response_type, '-'),"
    " coalesce(opportunity_score::text, '-'), coalesce(preview, '')"
    " FROM (" INBOX_ROWS ") r" INBOX_ORDER;

enum {
	COL_ACCOUNT,
	COL_CUSTOMER,
	COL_STATUS,
	COL_UNREAD,
	COL_WHEN,
	COL_TYPE,
	COL_SCORE,
	COL_PREVIEW
};

static int
inbox_width(PGresult *res, int col, const char *title)
{
	int i, w = (int)strlen(title), len;

	for (i = 0; i < PQntuples(res); i++)
		if ((len = PQgetlength(res, i, col)) > w)
			w = len;
	return w;
}

static void
inbox_print_text(PGresult *res, int with_account)
{
	int aw = inbox_width(res, COL_ACCOUNT, "ACCOUNT");
	int cw = inbox_width(res, COL_CUSTOMER, "CUSTOMER");
	int color = isatty(STDOUT_FILENO), i;
	const char *type, *on;

	if (with_account)
		printf("%-*s  ", aw, "ACCOUNT");
	printf("%-*s  %-14s  %6s  %-16s  %-15s  %5s  %s\n", cw, "CUSTOMER",
	       "STATUS", "UNREAD", "LAST REPLY", "TYPE", "SCORE", "PREVIEW");
	for (i = 0; i < PQntuples(res); i++) {
		type = PQgetvalue(res, i, COL_TYPE);
		on = strcmp(type, "needs_attention") == 0 ? "\033[31m"
		     : strcmp(type, "high_value") == 0    ? "\033[32m"
							  : "";
		if (with_account)
			printf("%-*s  ", aw, PQgetvalue(res, i, COL_ACCOUNT));
		printf("%-*s  %-14s  %6s  %-16s  %s%-15s%s  %5s  %s\n", cw,
		       PQgetvalue(res, i, COL_CUSTOMER),
		       PQgetvalue(res, i, COL_STATUS),
		       PQgetvalue(res, i, COL_UNREAD),
		       PQgetvalue(res, i, COL_WHEN), color ? on : "", type,
		       color && *on ? "\033[0m" : "",
		       PQgetvalue(res, i, COL_SCORE),
		       PQgetvalue(res, i, COL_PREVIEW));
	}
}

int
cmd_inbox(int argc, char **argv)
{
	const char *account = NULL, *unread = "f";
	int c, json = 0;
	PGconn *conn;
	PGresult *res;

	while ((c = ctl_getopt(argc, argv, inbox_opts)) != -1) {
		if (c == OPT_ACCOUNT)
			account = optarg;
		else if (c == OPT_UNREAD)
			unread = "t";
		else if (c == OPT_JSON)
			json = 1;
	}
	ctl_no_more(argc, argv);
	const char *params[] = {account, unread};
	conn = ctl_db();
	if (account)
		ctl_account_id(conn, account);
	res =
	    ctl_query(conn, json ? inbox_json_sql : inbox_text_sql, 2, params);
	if (json)
		printf("%s\n", PQgetvalue(res, 0, 0));
	else
		inbox_print_text(res, account == NULL);
	PQclear(res);
	PQfinish(conn);
	return EX_OK;
}

int
cmd_read(int argc, char **argv)
{
	const char *account = NULL, *email;
	char account_id[32], customer_id[32];
	long long id;
	PGconn *conn;
	PGresult *res;
	int c;

	while ((c = ctl_getopt(argc, argv, read_opts)) != -1)
		if (c == OPT_ACCOUNT)
			account = optarg;
	ctl_need(account, "--account EMAIL");
	email = ctl_operand(argc, argv, "CUSTOMER_EMAIL");
	ctl_no_more(argc, argv);
	ctl_check_address("customer", email);
	conn = ctl_db();
	id = ctl_account_id(conn, account);
	snprintf(account_id, sizeof(account_id), "%lld", id);
	id = ctl_customer_known(conn, id, account, email);
	snprintf(customer_id, sizeof(customer_id), "%lld", id);
	const char *params[] = {account_id, customer_id};
	res =
	    ctl_query(conn,
		      "WITH old AS (SELECT id, unread_count FROM conversations"
		      "  WHERE account_id = $1 AND customer_id = $2"
		      "  FOR UPDATE)"
		      " UPDATE conversations cv SET unread_count = 0 FROM old"
		      " WHERE cv.id = old.id RETURNING old.unread_count",
		      2, params);
	if (PQntuples(res) == 0)
		printf("no conversation with %s yet; nothing to mark\n", email);
	else if (strcmp(PQgetvalue(res, 0, 0), "0") == 0)
		printf("the conversation with %s was already read\n", email);
	else
		printf("marked the conversation with %s read (%s unread "
		       "before)\n",
		       email, PQgetvalue(res, 0, 0));
	PQclear(res);
	PQfinish(conn);
	return EX_OK;
}
