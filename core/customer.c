/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * customer: finding accounts and their customers by address, creating a
 * customer on first contact. Addresses compare without regard to case,
 * as the unique indexes in the schema do.
 */
#include <stdio.h>
#include <stdlib.h>

#include "customer.h"
#include "db.h"

/* The id in the first row of a query, 0 without rows, -1 on failure. */
static long long
customer_id_of(PGconn *conn, const char *sql, int n, const char *const *params)
{
	PGresult *res = db_query(conn, sql, n, params);
	long long id;

	if (res == NULL)
		return -1;
	id = PQntuples(res) ? atoll(PQgetvalue(res, 0, 0)) : 0;
	PQclear(res);
	return id;
}

long long
customer_account(PGconn *conn, const char *email)
{
	const char *params[] = {email};

	return customer_id_of(conn,
			      "SELECT id FROM accounts WHERE lower(email) = "
			      "lower($1)",
			      1, params);
}

long long
customer_find(PGconn *conn, long long account_id, const char *email,
	      const char *name, int create)
{
	char account[32];
	const char *params[] = {account, email, name ? name : ""};
	long long id;

	snprintf(account, sizeof(account), "%lld", account_id);
	id = customer_id_of(conn,
			    "SELECT id FROM customers WHERE account_id = $1"
			    " AND lower(email) = lower($2)",
			    2, params);
	if (id != 0 || !create)
		return id;
	/* Another process may add the same customer at the same moment. */
	id = customer_id_of(conn,
			    "INSERT INTO customers (account_id, email, name)"
			    " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"
			    " RETURNING id",
			    3, params);
	if (id != 0)
		return id;
	return customer_id_of(conn,
			      "SELECT id FROM customers WHERE account_id = $1"
			      " AND lower(email) = lower($2)",
			      2, params);
}
