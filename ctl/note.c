/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * note add: an internal comment on a conversation, for the people who
 * work it; it is never sent to the customer. It is a note event on the
 * timeline with the text and who wrote it (core/actions.c writes it).
 */
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "actions.h"
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
	long long account_id, customer_id;
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
	account_id = ctl_account_id(conn, account);
	customer_id = ctl_customer_known(conn, account_id, account, email);
	ctl_core_rc(conn, actions_note(conn, account_id, customer_id, text,
				       ctl_operator()));
	printf("added a note for %s\n", email);
	PQfinish(conn);
	return EX_OK;
}
