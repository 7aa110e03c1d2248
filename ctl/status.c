/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * status set: move a customer through the funnel by hand. Each change is
 * a status_change event saying from, to and who did it; setting the
 * status the customer already has changes nothing and says so.
 *
 * do_not_contact is also a flag on the customer, which policyd can use to
 * refuse outreach. Setting that status raises the flag; moving a customer
 * away from it lowers the flag again, since that is the one way out the
 * operator has. A flag raised some other way while the status was
 * something else is left as it is. core/actions.c writes all that; this
 * file reads the command line and says what happened.
 */
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "actions.h"
#include "commands.h"
#include "ctl.h"
#include "msg.h"

enum { OPT_ACCOUNT = 256 };

static const struct option status_opts[] = {
    {"account", required_argument, NULL, OPT_ACCOUNT},
    {NULL, 0, NULL, 0},
};

static void
status_check(const char *status)
{
	if (!actions_status_valid(status))
		msg_fatal(EX_DATAERR,
			  "unknown status \"%s\"; use one of: new, contacted, "
			  "replied, interested, meeting_booked, customer, "
			  "not_interested, do_not_contact",
			  status);
}

int
cmd_status_set(int argc, char **argv)
{
	const char *account = NULL, *email, *status;
	struct actions_status_result r;
	long long account_id, customer_id;
	PGconn *conn;
	int c;

	while ((c = ctl_getopt(argc, argv, status_opts)) != -1)
		if (c == OPT_ACCOUNT)
			account = optarg;
	ctl_need(account, "--account EMAIL");
	email = ctl_operand(argc, argv, "CUSTOMER_EMAIL");
	status = ctl_operand(argc, argv, "STATUS");
	ctl_no_more(argc, argv);
	ctl_check_address("customer", email);
	status_check(status);
	conn = ctl_db();
	account_id = ctl_account_id(conn, account);
	customer_id = ctl_customer_known(conn, account_id, account, email);
	if (ctl_core_rc(conn, actions_status(conn, account_id, customer_id,
					     status, ctl_operator(), &r)) == 0)
		msg_fatal(EX_NOUSER, "no customer %s for account %s", email,
			  account);
	if (!r.changed)
		printf("%s is already %s; nothing changed\n", email, status);
	else
		printf("%s: %s -> %s%s\n", email, r.from, status,
		       r.dnc_before == r.dnc_after ? ""
		       : r.dnc_after ? " (now flagged do-not-contact)"
				     : " (no longer flagged do-not-contact)");
	PQfinish(conn);
	return EX_OK;
}
