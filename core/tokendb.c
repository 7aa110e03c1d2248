/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tokendb: what a reply token means, looked up in the database, and the
 * words a sender sees when it is refused. Valid, unknown and expired are
 * the only answers; "expired" is possible because expired tokens are kept
 * until token_retention so the sender learns what to do.
 */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "tokendb.h"
#include "xmalloc.h"

static const char tokendb_sql[] =
    "SELECT t.account_id, t.customer_id, t.conversation_id,"
    " t.sent_email_id, t.expires_at <= now(),"
    " " TOKENDB_FORWARD_TO ","
    " c.email"
    " FROM reply_tokens t"
    " JOIN accounts a ON a.id = t.account_id"
    " JOIN customers c ON c.id = t.customer_id"
    " WHERE t.token = $1";

void
tokendb_init(void)
{
	db_statement("tokendb_lookup", tokendb_sql, 1);
}

enum tokendb_status
tokendb_lookup(PGconn *conn, const char *token, struct tokendb_info *info)
{
	const char *params[] = {token};
	PGresult *res;
	enum tokendb_status st;

	memset(info, 0, sizeof(*info));
	if ((res = db_query_prepared(conn, "tokendb_lookup", 1, params, NULL,
				     NULL)) == NULL)
		return TOKENDB_ERROR;
	if (PQntuples(res) == 0) {
		st = TOKENDB_UNKNOWN;
	} else if (strcmp(PQgetvalue(res, 0, 4), "t") == 0) {
		st = TOKENDB_EXPIRED;
	} else {
		st = TOKENDB_VALID;
		info->account_id = atoll(PQgetvalue(res, 0, 0));
		info->customer_id = atoll(PQgetvalue(res, 0, 1));
		info->conversation_id = atoll(PQgetvalue(res, 0, 2));
		info->sent_email_id = atoll(PQgetvalue(res, 0, 3));
		info->forward_to = xstrdup(PQgetvalue(res, 0, 5));
		info->customer_email = xstrdup(PQgetvalue(res, 0, 6));
	}
	PQclear(res);
	return st;
}

void
tokendb_info_free(struct tokendb_info *info)
{
	free(info->forward_to);
	free(info->customer_email);
	memset(info, 0, sizeof(*info));
}

static const struct tokendb_refusal tokendb_refusals[] = {
    [TOKENDB_VALID] = {"250", "2.1.5", "Reply address accepted"},
    [TOKENDB_UNKNOWN] = {"550", "5.1.1",
			 "This reply address is unknown: it does not "
			 "belong to any email we sent. Please check the "
			 "address, or write to the sender directly."},
    [TOKENDB_EXPIRED] = {"550", "5.1.1",
			 "This reply address has expired. Please reply "
			 "to the most recent email you received from us."},
    [TOKENDB_ERROR] = {"451", "4.3.0",
		       "Temporary problem looking up this reply address. "
		       "Your mail server will try again later."},
};

const struct tokendb_refusal *
tokendb_refusal(enum tokendb_status status)
{
	return &tokendb_refusals[status];
}
