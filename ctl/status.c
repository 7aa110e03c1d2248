/*
 * status set: move a customer through the funnel by hand. Each change is
 * a status_change event saying from, to and who did it; setting the
 * status the customer already has changes nothing and says so.
 *
 * do_not_contact is also a flag on the customer, which policyd can use to
 * refuse outreach. Setting that status raises the flag; moving a customer
 * away from it lowers the flag again, since that is the one way out the
 * operator has. A flag raised some other way while the status was
 * something else is left as it is.
 */
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "commands.h"
#include "ctl.h"
#include "msg.h"

enum { OPT_ACCOUNT = 256 };

static const struct option status_opts[] = {
    {"account", required_argument, NULL, OPT_ACCOUNT},
    {NULL, 0, NULL, 0},
};

/* In funnel order, as the schema's CHECK has them. */
static const char *const status_names[] = {
    "new",
    "contacted",
    "replied",
    "interested",
    "meeting_booked",
    "customer",
    "not_interested",
    "do_not_contact",
    NULL,
};

static void
status_check(const char *status)
{
	int i;

	for (i = 0; status_names[i]; i++)
		if (strcmp(status, status_names[i]) == 0)
			return;
	msg_fatal(EX_DATAERR,
		  "unknown status \"%s\"; use one of: new, contacted, replied, "
		  "interested, meeting_booked, customer, not_interested, "
		  "do_not_contact",
		  status);
}

static const char status_update_sql[] =
    "WITH old AS (SELECT id, status, do_not_contact FROM customers"
    "  WHERE id = $2 FOR UPDATE),"
    " st AS (UPDATE customers c SET status = $3,"
    "  do_not_contact = CASE WHEN $3 = 'do_not_contact' THEN true"
    "  WHEN old.status = 'do_not_contact' THEN false"
    "  ELSE c.do_not_contact END"
    "  FROM old WHERE c.id = old.id AND old.status <> $3"
    "  RETURNING c.do_not_contact),"
    " ev AS (INSERT INTO events (kind, account_id, customer_id,"
    "  conversation_id, detail)"
    " SELECT 'status_change', $1, $2,"
    "  (SELECT id FROM conversations WHERE account_id = $1"
    "   AND customer_id = $2),"
    "  jsonb_build_object('from', old.status, 'to', $3::text, 'by', $4::text)"
    " FROM old, st)"
    " SELECT old.status, (SELECT do_not_contact FROM st),"
    "  old.do_not_contact FROM old";

int
cmd_status_set(int argc, char **argv)
{
	const char *account = NULL, *email, *status, *dnc_old, *dnc_new;
	char account_id[32], customer_id[32];
	long long id;
	PGconn *conn;
	PGresult *res;
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
	id = ctl_account_id(conn, account);
	snprintf(account_id, sizeof(account_id), "%lld", id);
	id = ctl_customer_known(conn, id, account, email);
	snprintf(customer_id, sizeof(customer_id), "%lld", id);
	const char *params[] = {account_id, customer_id, status,
				ctl_operator()};
	res = ctl_query(conn, status_update_sql, 4, params);
	if (PQgetisnull(res, 0, 1)) {
		printf("%s is already %s; nothing changed\n", email, status);
	} else {
		dnc_old = PQgetvalue(res, 0, 2);
		dnc_new = PQgetvalue(res, 0, 1);
		printf("%s: %s -> %s%s\n", email, PQgetvalue(res, 0, 0), status,
		       strcmp(dnc_old, dnc_new) == 0 ? ""
		       : *dnc_new == 't'
			   ? " (now flagged do-not-contact)"
			   : " (no longer flagged do-not-contact)");
	}
	PQclear(res);
	PQfinish(conn);
	return EX_OK;
}
