/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * token issue: record an email an application sends itself, and give it
 * the reply address to put in Reply-To. The customer is added to the
 * account when new, as sending to someone makes them a contact.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>

#include "commands.h"
#include "ctl.h"
#include "msg.h"
#include "sentmail.h"

enum { OPT_ACCOUNT = 256, OPT_CUSTOMER, OPT_SUBJECT };

static const struct option token_opts[] = {
    {"account", required_argument, NULL, OPT_ACCOUNT},
    {"customer", required_argument, NULL, OPT_CUSTOMER},
    {"subject", required_argument, NULL, OPT_SUBJECT},
    {NULL, 0, NULL, 0},
};

int
cmd_token_issue(int argc, char **argv)
{
	const char *account = NULL, *customer = NULL;
	struct sentmail sm = {0};
	PGconn *conn;
	char *addr;
	int c;

	while ((c = ctl_getopt(argc, argv, token_opts)) != -1) {
		if (c == OPT_ACCOUNT)
			account = optarg;
		else if (c == OPT_CUSTOMER)
			customer = optarg;
		else if (c == OPT_SUBJECT)
			sm.subject = optarg;
	}
	ctl_need(account, "--account EMAIL");
	ctl_need(customer, "--customer EMAIL");
	ctl_no_more(argc, argv);
	ctl_check_address("customer", customer);
	conn = ctl_db();
	sm.account_id = ctl_account_id(conn, account);
	sm.customer_id =
	    ctl_customer_id(conn, sm.account_id, customer, NULL, 1);
	sm.source = "ctl";
	if ((addr = sentmail_record_sent(conn, &sm)) == NULL)
		ctl_exit_if_refused(conn, NULL);
	if (addr == NULL)
		msg_fatal(EX_TEMPFAIL, "could not record the email; nothing "
				       "was issued");
	printf("%s\n", addr);
	free(addr);
	PQfinish(conn);
	return EX_OK;
}
