/*
 * note add: an internal comment on a conversation, for the people who
 * work it; it is never sent to the customer. It is a note event on the
 * timeline with the text and who wrote it.
 */
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "commands.h"
#include "ctl.h"
#include "msg.h"

enum { OPT_ACCOUNT = 256, OPT_TEXT };

static const struct option note_opts[] = {
    {"account", required_argument, NULL, OPT_ACCOUNT},
    {"text", required_argument, NULL, OPT_TEXT},
    {NULL, 0, NULL, 0},
};

int
cmd_note_add(int argc, char **argv)
{
	const char *account = NULL, *text = NULL, *email;
	char account_id[32], customer_id[32];
	long long id;
	PGconn *conn;
	int c;

	while ((c = ctl_getopt(argc, argv, note_opts)) != -1) {
		if (c == OPT_ACCOUNT)
			account = optarg;
		else if (c == OPT_TEXT)
			text = optarg;
	}
	ctl_need(account, "--account EMAIL");
	email = ctl_operand(argc, argv, "CUSTOMER_EMAIL");
	ctl_need(text, "--text T");
	ctl_no_more(argc, argv);
	ctl_check_address("customer", email);
	ctl_check_text("note", text, strlen(text));
	conn = ctl_db();
	id = ctl_account_id(conn, account);
	snprintf(account_id, sizeof(account_id), "%lld", id);
	id = ctl_customer_known(conn, id, account, email);
	snprintf(customer_id, sizeof(customer_id), "%lld", id);
	const char *params[] = {account_id, customer_id, text, ctl_operator()};
	PQclear(
	    ctl_query(conn,
		      "INSERT INTO events (kind, account_id, customer_id,"
		      " conversation_id, detail)"
		      " SELECT 'note', $1, $2, (SELECT id FROM conversations"
		      "  WHERE account_id = $1 AND customer_id = $2),"
		      " jsonb_build_object('text', $3::text, 'by', $4::text)",
		      4, params));
	printf("added a note for %s\n", email);
	PQfinish(conn);
	return EX_OK;
}
