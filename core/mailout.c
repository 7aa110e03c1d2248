/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mailout: mail postreply sends itself (postreplyctl send, alerts,
 * follow-ups): a correct MIME message built with GMime (UTF-8, encoded
 * headers, Date, a Message-ID on the reply domain, quoted-printable or
 * base64 where 8-bit text or long lines need it), submitted to the MTA at
 * submit_url with libcurl's SMTP. The MTA's own refusal is reported, not
 * only its code.
 */
#include <curl/curl.h>
#include <gmime/gmime.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "conf.h"
#include "mailout.h"
#include "msg.h"
#include "sentmail.h"
#include "token.h"
#include "xmalloc.h"

#define MAILOUT_TIMEOUT 60         /* seconds for the whole SMTP session */
#define MAILOUT_CONNECT_TIMEOUT 10 /* seconds to reach the MTA */

static pthread_once_t mailout_once = PTHREAD_ONCE_INIT;

static void
mailout_init_once(void)
{
	g_mime_init();
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

void
mailout_init(void)
{
	pthread_once(&mailout_once, mailout_init_once);
}

/* A mailbox header entry; a non-ASCII name is encoded as UTF-8. */
static void
mailout_add_mailbox(GMimeMessage *msg, GMimeAddressType type, const char *name,
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
mailout_text_part(const char *subtype, const char *text)
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

void
mailout_build(const struct mailout *mo, struct buf *out)
{
	GMimeMessage *msg = g_mime_message_new(TRUE);
	GMimeFormatOptions *opts;
	GMimeObject *body, *html;
	GMimeMultipart *alt;
	GMimeStream *stream;
	GByteArray *bytes;
	GDateTime *now;
	char *id;

	mailout_add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM,
			    mo->from_name ? mo->from_name : "", mo->from_addr);
	mailout_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO,
			    mo->to_name ? mo->to_name : "", mo->to_addr);
	if (mo->reply_to)
		mailout_add_mailbox(msg, GMIME_ADDRESS_TYPE_REPLY_TO, "",
				    mo->reply_to);
	g_mime_message_set_subject(msg, mo->subject, "utf-8");
	now = g_date_time_new_now_local();
	g_mime_message_set_date(msg, now);
	g_date_time_unref(now);
	id = xstrndup(mo->message_id + 1, strlen(mo->message_id) - 2);
	g_mime_message_set_message_id(msg, id);
	free(id);
	if (mo->in_reply_to)
		g_mime_object_set_header(GMIME_OBJECT(msg), "In-Reply-To",
					 mo->in_reply_to, NULL);
	if (mo->references)
		g_mime_object_set_header(GMIME_OBJECT(msg), "References",
					 mo->references, NULL);
	if (mo->auto_submitted)
		g_mime_object_set_header(GMIME_OBJECT(msg), "Auto-Submitted",
					 mo->auto_submitted, NULL);
	body = mailout_text_part("plain", mo->text);
	if (mo->html) {
		alt = g_mime_multipart_new_with_subtype("alternative");
		g_mime_multipart_add(alt, body);
		g_object_unref(body);
		html = mailout_text_part("html", mo->html);
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
struct mailout_upload {
	const char *data;
	size_t len;
	size_t off;
};

static size_t
mailout_read(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct mailout_upload *u = arg;
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
mailout_debug(CURL *curl, curl_infotype type, char *data, size_t size,
	      void *arg)
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
mailout_mta_name(const char *url)
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
 * submit_url is smtp:// and carries a user or a password: they must not
 * cross the network in clear, so the session must switch to TLS
 * (STARTTLS) before libcurl authenticates, or fail. smtps:// is TLS from
 * the start; a URL without credentials is sent as it always was.
 */
static int
mailout_needs_starttls(const char *url)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *user = NULL, *password = NULL;
	int needs;

	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK) {
		curl_url_get(u, CURLUPART_SCHEME, &scheme, 0);
		curl_url_get(u, CURLUPART_USER, &user, 0);
		curl_url_get(u, CURLUPART_PASSWORD, &password, 0);
	}
	needs = scheme && strcmp(scheme, "smtp") == 0 &&
		((user && *user) || (password && *password));
	curl_free(scheme);
	curl_free(user);
	curl_free(password);
	curl_url_cleanup(u);
	return needs;
}

/* Why the MTA did not take the message: its refusal or libcurl's error. */
static char *
mailout_failure(const char *url, CURLcode rc, const char *err,
		const char *refusal)
{
	char *mta, *why;

	mta = mailout_mta_name(url);
	if (rc == CURLE_USE_SSL_FAILED)
		why = xasprintf("cannot submit to the MTA at %s: it does not "
				"offer STARTTLS, and submit_url's credentials "
				"are never sent in clear (use an MTA with TLS, "
				"or smtps://)",
				mta);
	else if (refusal[0])
		why = xasprintf("the MTA at %s refused the message: %s", mta,
				refusal);
	else
		why = xasprintf("cannot submit to the MTA at %s: %s", mta,
				err[0] ? err : curl_easy_strerror(rc));
	free(mta);
	return why;
}

/*
 * Submit msg over SMTP. Returns NULL when the MTA took it, else why not
 * (caller frees), naming the MTA and its answer or the error.
 */
char *
mailout_submit(const char *from, const char *to, const struct buf *msg)
{
	struct mailout_upload up = {msg->data, msg->len, 0};
	/* One value for the session, even if a reload changes it. */
	const char *url = conf_cur()->submit_url;
	char err[CURL_ERROR_SIZE] = "", refusal[CURL_ERROR_SIZE] = "";
	struct curl_slist *rcpt;
	char *why, *addr;
	CURL *curl;
	CURLcode rc;

	if ((curl = curl_easy_init()) == NULL)
		return xstrdup("cannot initialize libcurl");
	addr = xasprintf("<%s>", to);
	rcpt = curl_slist_append(NULL, addr);
	free(addr);
	addr = xasprintf("<%s>", from);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	if (mailout_needs_starttls(url))
		curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, addr);
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(curl, CURLOPT_READFUNCTION, mailout_read);
	curl_easy_setopt(curl, CURLOPT_READDATA, &up);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)MAILOUT_TIMEOUT);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT,
			 (long)MAILOUT_CONNECT_TIMEOUT);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, err);
	curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);
	curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, mailout_debug);
	curl_easy_setopt(curl, CURLOPT_DEBUGDATA, (void *)refusal);
	rc = curl_easy_perform(curl);
	why = rc == CURLE_OK ? NULL : mailout_failure(url, rc, err, refusal);
	curl_easy_cleanup(curl);
	curl_slist_free_all(rcpt);
	free(addr);
	return why;
}

char *
mailout_send(const struct mailout *mo)
{
	struct buf msg;
	char *why;

	buf_init(&msg);
	mailout_build(mo, &msg);
	why = mailout_submit(mo->from_addr, mo->to_addr, &msg);
	buf_free(&msg);
	return why;
}

char *
mailout_lines(const char *text)
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

char *
mailout_own(const char *to_name, const char *to_addr, const char *subject,
	    const char *text)
{
	char *from = xasprintf("postreply@%s", conf_cur()->reply_domain);
	char *mid = sentmail_message_id(), *why;
	struct mailout mo = {0};

	mo.from_name = "postreply";
	mo.from_addr = from;
	mo.to_name = to_name;
	mo.to_addr = to_addr;
	mo.subject = subject;
	mo.text = text;
	mo.message_id = mid;
	mo.auto_submitted = "auto-generated";
	why = mailout_send(&mo);
	free(from);
	free(mid);
	return why;
}
