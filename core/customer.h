/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_CUSTOMER_H
#define POSTREPLY_CUSTOMER_H

#include <libpq-fe.h>

/*
 * The id of the account's customer with this email (any case), or 0 when
 * there is none; with create, such a customer is added first (name may be
 * NULL). -1 when the database failed (after a warning).
 */
long long customer_find(PGconn *conn, long long account_id, const char *email,
			const char *name, int create);

/*
 * SQL: the customer in row c asked not to be contacted, by the flag or by
 * the status. policyd's guard and postreplyctl send read it the same way.
 */
#define CUSTOMER_DO_NOT_CONTACT(c)                                             \
	"(" c ".do_not_contact OR " c ".status = 'do_not_contact')"

/* The id of the account with this email, 0 if none, -1 on failure. */
long long customer_account(PGconn *conn, const char *email);

#endif
