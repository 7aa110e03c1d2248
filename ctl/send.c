/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * send: an email from an account to a customer, built as a MIME message
 * and submitted to the MTA at submit_url (core/mailout.c).
 * The email is recorded as pending with its reply address before it is
 * submitted, then confirmed when the MTA took it or failed when it did
 * not: the timeline never shows an email that did not go out, and no
 * token outlives one. Everything that can be checked without the
 * database (addresses, files, UTF-8) is checked before anything is
 * recorded. Prints the reply address on success.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "buf.h"
#include "commands.h"
#include "conf.h"
#include "ctl.h"
#include "customer.h"
#include "mailout.h"
#include "msg.h"
#include "sentmail.h"
#include "token.h"
#include "utf8.h"
#include "xmalloc.h"

enum {
	OPT_ACCOUNT = 256,
	OPT_TO,
	OPT_SUBJECT,
	OPT_BODY,
	OPT_BODY_FILE,
	OPT_HTML_FILE,
	OPT_EVEN_DNC
};

static const struct option send_opts[] = {
    {"account", required_argument, NULL, OPT_ACCOUNT},
    {"to", required_argument, NULL, OPT_TO},
    {"subject", required_argument, NULL, OPT_SUBJECT},
    {"body", required_argument, NULL, OPT_BODY},
    {"body-file", required_argument, NULL, OPT_BODY_FILE},
    {"html-file", required_argument, NULL, OPT_HTML_FILE},
    {"even-if-do-not-contact", no_argument, NULL, OPT_EVEN_DNC},
    {NULL, 0, NULL, 0},
};

/* What the command line asked for, checked and read. */
struct send_args {
	const char *account;
	const char *to;
	const char *subject;
	char *body;   /* UTF-8 text, LF line ends */
	char *html;   /* NULL: text only */
	int even_dnc; /* --even-if-do-not-contact */
};

/* Sender and recipient as the database knows them. */
struct send_parties {
	char *from_email;
	char *from_name;
	char *to_email;
	char *to_name;
};

/* The whole of a file, or exit EX_NOINPUT with one line saying why. */
static char *
send_read_file(const char *what, const char *path)
{
	struct buf b;
	char chunk[8192];
	size_t n;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL)
		msg_fatal(EX_NOINPUT, "cannot open %s file %s: %s", what, path,
			  strerror(errno));
	buf_init(&b);
	buf_append(&b, "", 0);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_append(&b, chunk, n);
	if (ferror(fp))
		msg_fatal(EX_NOINPUT, "cannot read %s file %s: %s", what, path,
			  strerror(errno));
	fclose(fp);
	if (!utf8_valid(b.data, b.len))
		msg_fatal(EX_DATAERR,
			  "%s file %s is not UTF-8 text (or contains NUL "
			  "bytes); convert it to UTF-8 first",
			  what, path);
	return b.data;
}

/* A subject is one line of UTF-8 text. */
static void
send_check_subject(const char *subject)
{
	const unsigned char *p;

	if (!utf8_valid(subject, strlen(subject)))
		msg_fatal(EX_DATAERR, "the subject is not UTF-8 text");
	for (p = (const unsigned char *)subject; *p; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			msg_fatal(EX_DATAERR, "the subject must be one line "
					      "without control characters");
}

static void
send_parse(int argc, char **argv, struct send_args *a)
{
	const char *body = NULL, *body_file = NULL, *html_file = NULL;
	char *text;
	int c;

	memset(a, 0, sizeof(*a));
	while ((c = ctl_getopt(argc, argv, send_opts)) != -1) {
		if (c == OPT_ACCOUNT)
			a->account = optarg;
		else if (c == OPT_TO)
			a->to = optarg;
		else if (c == OPT_SUBJECT)
			a->subject = optarg;
		else if (c == OPT_BODY)
			body = optarg;
		else if (c == OPT_BODY_FILE)
			body_file = optarg;
		else if (c == OPT_HTML_FILE)
			html_file = optarg;
		else if (c == OPT_EVEN_DNC)
			a->even_dnc = 1;
	}
	ctl_need(a->account, "--account EMAIL");
	ctl_need(a->to, "--to CUSTOMER_EMAIL");
	ctl_need(a->subject, "--subject S");
	ctl_need(body ? body : body_file, "--body TEXT or --body-file FILE");
	if (body && body_file)
		ctl_usage_error("give --body or --body-file, not both");
	ctl_no_more(argc, argv);
	ctl_check_address("account", a->account);
	ctl_check_address("customer", a->to);
	send_check_subject(a->subject);
	if (body && !utf8_valid(body, strlen(body)))
		msg_fatal(EX_DATAERR, "the body is not UTF-8 text");
	text = body ? xstrdup(body) : send_read_file("body", body_file);
	a->body = mailout_lines(text);
	free(text);
	if (html_file) {
		text = send_read_file("HTML", html_file);
		a->html = mailout_lines(text);
		free(text);
	}
}

static void
send_args_free(struct send_args *a)
{
	free(a->body);
	free(a->html);
}

static char *
send_field(PGresult *res, int col)
{
	return xstrdup(PQgetvalue(res, 0, col));
}

/*
 * The account and the customer (added when new), with their names. A
 * customer who asked not to be contacted gets nothing unless the
 * operator says so: follow-ups never go there, and neither does this by
 * mistake.
 */
static long long
send_lookup(PGconn *conn, const struct send_args *a, struct send_parties *p,
	    long long *customer_id)
{
	long long account_id = ctl_account_id(conn, a->account);
	char idbuf[32];
	const char *params[] = {idbuf};
	PGresult *res;

	*customer_id = ctl_customer_id(conn, account_id, a->to, NULL, 1);
	if (*customer_id == 0) /* added meanwhile by someone else */
		*customer_id =
		    ctl_customer_id(conn, account_id, a->to, NULL, 0);
	if (*customer_id == 0)
		msg_fatal(EX_TEMPFAIL, "could not add customer %s; try again",
			  a->to);
	snprintf(idbuf, sizeof(idbuf), "%lld", *customer_id);
	res = ctl_query(
	    conn,
	    "SELECT a.email, a.name, c.email, c.name, " CUSTOMER_DO_NOT_CONTACT(
		"c") " FROM customers c"
		     " JOIN accounts a ON a.id = c.account_id"
		     " WHERE c.id = $1",
	    1, params);
	if (PQntuples(res) != 1)
		msg_fatal(EX_TEMPFAIL, "customer %s vanished; try again",
			  a->to);
	if (*PQgetvalue(res, 0, 4) == 't' && !a->even_dnc)
		msg_fatal(EX_DATAERR,
			  "%s asked not to be contacted (do-not-contact), so "
			  "nothing was sent; to send all the same, add "
			  "--even-if-do-not-contact",
			  PQgetvalue(res, 0, 2));
	p->from_email = send_field(res, 0);
	p->from_name = send_field(res, 1);
	p->to_email = send_field(res, 2);
	p->to_name = send_field(res, 3);
	PQclear(res);
	return account_id;
}

static void
send_parties_free(struct send_parties *p)
{
	free(p->from_email);
	free(p->from_name);
	free(p->to_email);
	free(p->to_name);
}

/*
 * Confirm (reason NULL) or fail the recorded email. The database may
 * have dropped the connection during a slow submission: reconnect once.
 */
static int
send_finish(PGconn *conn, long long id, const char *reason)
{
	int i, rc = -1;

	for (i = 0; i < 2 && rc < 0; i++) {
		if (i > 0) {
			if (PQstatus(conn) == CONNECTION_OK)
				break;
			PQreset(conn);
		}
		rc = reason ? sentmail_fail(conn, id, reason)
			    : sentmail_confirm(conn, id);
	}
	return rc;
}

int
cmd_send(int argc, char **argv)
{
	struct send_parties parties;
	struct send_args a;
	long long account, customer;
	struct mailout mo = {0};
	long long id;
	char *addr, *message_id, *why;
	PGconn *conn;

	send_parse(argc, argv, &a);
	conn = ctl_db();
	account = send_lookup(conn, &a, &parties, &customer);
	if ((addr = sentmail_record_written(conn, account, customer, a.subject,
					    a.body, "ctl", &message_id, &id)) ==
	    NULL)
		ctl_exit_if_refused(conn, NULL);
	if (addr == NULL)
		msg_fatal(EX_TEMPFAIL, "could not record the email; nothing "
				       "was sent");

	mo.from_name = parties.from_name;
	mo.from_addr = parties.from_email;
	mo.to_name = parties.to_name;
	mo.to_addr = parties.to_email;
	mo.reply_to = addr;
	mo.subject = a.subject;
	mo.text = a.body;
	mo.html = a.html;
	mo.message_id = message_id;
	mailout_init();
	why = mailout_send(&mo);

	if (why) {
		if (send_finish(conn, id, why) < 0)
			msg_warn("could not record that the email to %s failed",
				 parties.to_email);
		msg_fatal(EX_TEMPFAIL, "%s; the email was not sent", why);
	}
	/*
	 * The MTA has the message: exiting non-zero would invite a second
	 * send. The reply address works while the email is pending.
	 */
	if (send_finish(conn, id, NULL) < 0)
		msg_warn("the email to %s was sent but could not be marked as "
			 "sent; it does not show on the timeline",
			 parties.to_email);
	printf("%s\n", addr);
	free(addr);
	free(message_id);
	send_parties_free(&parties);
	send_args_free(&a);
	PQfinish(conn);
	return EX_OK;
}
