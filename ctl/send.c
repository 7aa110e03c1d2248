/*
 * send: an email from an account to a customer, built here as a MIME
 * message (GMime) and submitted to the MTA at submit_url (libcurl's SMTP).
 * The email is recorded as pending with its reply address before it is
 * submitted, then confirmed when the MTA took it or failed when it did
 * not: the timeline never shows an email that did not go out, and no
 * token outlives one. Everything that can be checked without the
 * database (addresses, files, UTF-8) is checked before anything is
 * recorded. Prints the reply address on success.
 */
#include <curl/curl.h>
#include <errno.h>
#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "buf.h"
#include "commands.h"
#include "conf.h"
#include "ctl.h"
#include "msg.h"
#include "sentmail.h"
#include "token.h"
#include "utf8.h"
#include "xmalloc.h"

#define SEND_TIMEOUT 60         /* seconds for the whole SMTP session */
#define SEND_CONNECT_TIMEOUT 10 /* seconds to reach the MTA */
#define SEND_PREVIEW 120        /* bytes of body kept as the preview */

enum {
	OPT_ACCOUNT = 256,
	OPT_TO,
	OPT_SUBJECT,
	OPT_BODY,
	OPT_BODY_FILE,
	OPT_HTML_FILE
};

static const struct option send_opts[] = {
    {"account", required_argument, NULL, OPT_ACCOUNT},
    {"to", required_argument, NULL, OPT_TO},
    {"subject", required_argument, NULL, OPT_SUBJECT},
    {"body", required_argument, NULL, OPT_BODY},
    {"body-file", required_argument, NULL, OPT_BODY_FILE},
    {"html-file", required_argument, NULL, OPT_HTML_FILE},
    {NULL, 0, NULL, 0},
};

/* What the command line asked for, checked and read. */
struct send_args {
	const char *account;
	const char *to;
	const char *subject;
	char *body; /* UTF-8 text, LF line ends */
	char *html; /* NULL: text only */
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

/*
 * A copy of text with CRLF and lone CR turned into LF and a final
 * newline, so that GMime sees plain lines and writes them with CRLF.
 */
static char *
send_lines(const char *text)
{
	struct buf b;

	buf_init(&b);
	buf_append(&b, "", 0);
	for (; *text; text++) {
		if (*text == '\r') {
			if (text[1] == '\n')
				text++;
			buf_puts(&b, "\n");
		} else
			buf_append(&b, text, 1);
	}
	if (b.len > 0 && b.data[b.len - 1] != '\n')
		buf_puts(&b, "\n");
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
	}
	if (a->account == NULL || a->to == NULL || a->subject == NULL ||
	    (body == NULL) == (body_file == NULL) || optind != argc)
		ctl_usage();
	ctl_check_address("account", a->account);
	ctl_check_address("customer", a->to);
	send_check_subject(a->subject);
	if (body && !utf8_valid(body, strlen(body)))
		msg_fatal(EX_DATAERR, "the body is not UTF-8 text");
	text = body ? xstrdup(body) : send_read_file("body", body_file);
	a->body = send_lines(text);
	free(text);
	if (html_file) {
		text = send_read_file("HTML", html_file);
		a->html = send_lines(text);
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

/* The account and the customer (added when new), with their names. */
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
	res =
	    ctl_query(conn,
		      "SELECT a.email, a.name, c.email, c.name FROM customers c"
		      " JOIN accounts a ON a.id = c.account_id WHERE c.id = $1",
		      1, params);
	if (PQntuples(res) != 1)
		msg_fatal(EX_TEMPFAIL, "customer %s vanished; try again",
			  a->to);
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

/* "<20260121093000.k3q7x2m4a5b6c7d2@reply.example.com>", 80 random bits. */
static char *
send_message_id(void)
{
	char token[TOKEN_LEN + 1], stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	token_generate(token);
	strftime(stamp, sizeof(stamp), "%Y%m%d%H%M%S", gmtime_r(&now, &tm));
	return xasprintf("<%s.%s@%s>", stamp, token, conf_str("reply_domain"));
}

/* A mailbox header entry; a non-ASCII name is encoded as UTF-8. */
static void
send_add_mailbox(GMimeMessage *msg, GMimeAddressType type, const char *name,
		 const char *addr)
{
	InternetAddress *ia;

	ia = internet_address_mailbox_new(*name ? name : NULL, addr);
	internet_address_set_charset(ia, "utf-8");
	internet_address_list_add(g_mime_message_get_addresses(msg, type), ia);
	g_object_unref(ia);
}

/*
 * A text part in UTF-8, with the encoding GMime finds best for 7-bit
 * transport: quoted-printable or base64 for 8-bit text or lines longer
 * than SMTP allows, 7bit otherwise.
 */
static GMimeObject *
send_text_part(const char *subtype, const char *text)
{
	GMimeTextPart *part = g_mime_text_part_new_with_subtype(subtype);
	GMimeStream *stream;
	GMimeDataWrapper *content;

	g_mime_object_set_content_type_parameter(GMIME_OBJECT(part), "charset",
						 "utf-8");
	stream = g_mime_stream_mem_new_with_buffer(text, strlen(text));
	content = g_mime_data_wrapper_new_with_stream(
	    stream, GMIME_CONTENT_ENCODING_DEFAULT);
	g_mime_part_set_content(GMIME_PART(part), content);
	g_object_unref(content);
	g_object_unref(stream);
	g_mime_part_set_content_encoding(
	    GMIME_PART(part),
	    g_mime_part_get_best_content_encoding(
		GMIME_PART(part), GMIME_ENCODING_CONSTRAINT_7BIT));
	return GMIME_OBJECT(part);
}

/* The message, serialized with CRLF line ends, into out. */
static void
send_build(const struct send_args *a, const struct send_parties *p,
	   const char *message_id, const char *reply_addr, struct buf *out)
{
	GMimeMessage *msg = g_mime_message_new(TRUE);
	GMimeFormatOptions *opts;
	GMimeObject *body, *html;
	GMimeMultipart *alt;
	GMimeStream *stream;
	GByteArray *bytes;
	GDateTime *now;
	char *id;

	send_add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM, p->from_name,
			 p->from_email);
	send_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO, p->to_name, p->to_email);
	send_add_mailbox(msg, GMIME_ADDRESS_TYPE_REPLY_TO, "", reply_addr);
	g_mime_message_set_subject(msg, a->subject, "utf-8");
	now = g_date_time_new_now_local();
	g_mime_message_set_date(msg, now);
	g_date_time_unref(now);
	id = xstrndup(message_id + 1, strlen(message_id) - 2); /* no <> */
	g_mime_message_set_message_id(msg, id);
	free(id);
	body = send_text_part("plain", a->body);
	if (a->html) {
		alt = g_mime_multipart_new_with_subtype("alternative");
		g_mime_multipart_add(alt, body);
		g_object_unref(body);
		html = send_text_part("html", a->html);
		g_mime_multipart_add(alt, html);
		g_object_unref(html);
		body = GMIME_OBJECT(alt);
	}
	g_mime_message_set_mime_part(msg, body);
	g_object_unref(body);

	opts = g_mime_format_options_new();
	g_mime_format_options_set_newline_format(opts,
						 GMIME_NEWLINE_FORMAT_DOS);
	stream = g_mime_stream_mem_new();
	if (g_mime_object_write_to_stream(GMIME_OBJECT(msg), opts, stream) < 0)
		msg_panic("cannot serialize the message");
	bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream));
	buf_append(out, bytes->data, bytes->len);
	if (out->len < 2 || memcmp(out->data + out->len - 2, "\r\n", 2) != 0)
		buf_puts(out, "\r\n");
	g_object_unref(stream);
	g_mime_format_options_free(opts);
	g_object_unref(msg);
}

/* The message as libcurl reads it for the DATA phase. */
struct send_upload {
	const char *data;
	size_t len;
	size_t off;
};

static size_t
send_read(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct send_upload *u = arg;
	size_t n = size * nmemb;

	if (n > u->len - u->off)
		n = u->len - u->off;
	memcpy(dst, u->data + u->off, n);
	u->off += n;
	return n;
}

/*
 * The MTA's last refusal (a 4xx or 5xx answer line), printable, to say why
 * the message was refused: libcurl's own error names only the code. A
 * later success clears it, except the 221 that closes the session after
 * a refusal.
 */
static int
send_debug(CURL *curl, curl_infotype type, char *data, size_t size, void *arg)
{
	char *refusal = arg;
	size_t i, n = 0;

	(void)curl;
	if (type != CURLINFO_HEADER_IN || size < 3)
		return 0;
	if (data[0] == '2' || data[0] == '3') {
		if (strncmp(data, "221", 3) != 0)
			refusal[0] = 0;
		return 0;
	}
	if (data[0] != '4' && data[0] != '5')
		return 0;
	while (size > 0 && (data[size - 1] == '\r' || data[size - 1] == '\n'))
		size--;
	for (i = 0; i < size && n < CURL_ERROR_SIZE - 1; i++) {
		unsigned char ch = data[i];
		refusal[n++] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
	}
	refusal[n] = 0;
	return 0;
}

/*
 * Where submit_url points, without any credentials in it, for messages:
 * "smtp://127.0.0.1:25".
 */
static char *
send_mta_name(const char *url)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL, *name;

	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) ==
		CURLUE_OK)
		name = xasprintf("%s://%s:%s", scheme, host, port);
	else
		name = xstrdup("submit_url");
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return name;
}

/*
 * Submit msg over SMTP. Returns NULL when the MTA took it, else why not
 * (caller frees), naming the MTA and its answer or the error.
 */
static char *
send_submit(const char *from, const char *to, const struct buf *msg)
{
	struct send_upload up = {msg->data, msg->len, 0};
	char err[CURL_ERROR_SIZE] = "", refusal[CURL_ERROR_SIZE] = "";
	struct curl_slist *rcpt;
	char *mta, *why, *addr;
	CURL *curl;
	CURLcode rc;

	if ((curl = curl_easy_init()) == NULL)
		msg_fatal(EX_SOFTWARE, "cannot initialize libcurl");
	addr = xasprintf("<%s>", to);
	rcpt = curl_slist_append(NULL, addr);
	free(addr);
	addr = xasprintf("<%s>", from);
	curl_easy_setopt(curl, CURLOPT_URL, conf_str("submit_url"));
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, addr);
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(curl, CURLOPT_READFUNCTION, send_read);
	curl_easy_setopt(curl, CURLOPT_READDATA, &up);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)SEND_TIMEOUT);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT,
			 (long)SEND_CONNECT_TIMEOUT);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, err);
	curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);
	curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, send_debug);
	curl_easy_setopt(curl, CURLOPT_DEBUGDATA, (void *)refusal);
	rc = curl_easy_perform(curl);
	why = NULL;
	if (rc != CURLE_OK) {
		mta = send_mta_name(conf_str("submit_url"));
		if (refusal[0])
			why = xasprintf("the MTA at %s refused the message: %s",
					mta, refusal);
		else
			why =
			    xasprintf("cannot submit to the MTA at %s: %s", mta,
				      err[0] ? err : curl_easy_strerror(rc));
		free(mta);
	}
	curl_easy_cleanup(curl);
	curl_slist_free_all(rcpt);
	free(addr);
	return why;
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
	struct sentmail sm = {0};
	struct buf msg;
	long long id;
	char *addr, *preview, *message_id, *why;
	PGconn *conn;

	send_parse(argc, argv, &a);
	conn = ctl_db();
	sm.account_id = send_lookup(conn, &a, &parties, &sm.customer_id);
	preview = sentmail_preview(a.body, SEND_PREVIEW);
	message_id = send_message_id();
	sm.subject = a.subject;
	sm.preview = preview;
	sm.message_id = message_id;
	sm.source = "ctl";
	if ((addr = sentmail_record(conn, &sm, &id)) == NULL)
		msg_fatal(EX_TEMPFAIL, "could not record the email; nothing "
				       "was sent");

	g_mime_init();
	buf_init(&msg);
	send_build(&a, &parties, message_id, addr, &msg);
	g_mime_shutdown();
	curl_global_init(CURL_GLOBAL_DEFAULT);
	why = send_submit(parties.from_email, parties.to_email, &msg);
	curl_global_cleanup();
	buf_free(&msg);

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
	free(preview);
	free(message_id);
	send_parties_free(&parties);
	send_args_free(&a);
	PQfinish(conn);
	return EX_OK;
}
