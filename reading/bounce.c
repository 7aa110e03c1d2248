/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bounce: is a reply a person's answer, an automatic answer (out of
 * office, autoresponder, read receipt) or a bounce (a delivery status
 * notification)?
 *
 * Contract: bounce_automatic() and bounce_detect() read a mime_info (any
 * field may be NULL) and the body text; they never fail and their cost is
 * linear in the body (phrases are only looked for in its first 2 KB).
 *
 * Automatic answers: a header that says so, by the rules the milter
 * applies too (autoreply.c: Auto-Submitted, X-Autoreply, Precedence, a
 * read receipt, ...); a subject such as "Out of
 * Office", "Automatic reply", "Abwesenheitsnotiz", "Réponse automatique"
 * in seven languages (not after "Re:": a person answering about them);
 * or a short body that says so near its top ("I am out of the office",
 * "je suis absent", "nicht im Büro", ...).
 *
 * Bounces: a multipart/report of delivery-status (or of a missing or
 * malformed report-type: only read receipts and abuse reports are not
 * about delivery), read from its message/delivery-status part (the failed
 * recipient, Original-Recipient before Final-Recipient, and Status: 5.x.x
 * permanent, 4.x.x temporary); a DSN whose recipients were all delivered
 * is not a bounce. An X-Failed-Recipients header (Exim, Gmail) makes a
 * bounce and names its recipient before anything the text says (which
 * may be a pipe command, or the sender greeted). An Amazon SES
 * notification in JSON (as SNS mails it) is a bounce when its type is
 * Bounce. Without any of these, a bounce subject ("Undelivered Mail
 * Returned to Sender", "Delivery status notification: error", "Warning:
 * message ... delayed", "Недоставленное сообщение", ..., not after "Re:"),
 * or a message from MAILER-DAEMON or postmaster whose first lines say
 * delivery failed, in one of a dozen languages, makes a bounce, and the
 * recipient and status are looked for in the text.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "autoreply.h"
#include "extract_int.h"
#include "text.h"
#include "subject.h"
#include "xmalloc.h"

#define PHRASE_SCAN 2048 /* bytes of body searched for phrases */
#define OOO_TOP 300      /* out-of-office phrases count near the top */
#define OOO_MAX 2000     /* ... of a body no longer than this */

/*
 * Does low contain pattern? A '*' in the pattern stands for any text
 * ("warning: message * delayed"): its pieces are found in order.
 */
static int
bounce_match(const char *low, const char *pattern)
{
	char piece[64];
	const char *star;
	size_t n;

	while ((star = strchr(pattern, '*')) != NULL) {
		n = (size_t)(star - pattern);
		if (n >= sizeof piece)
			n = sizeof piece - 1;
		memcpy(piece, pattern, n);
		piece[n] = 0;
		if ((low = strstr(low, piece)) == NULL)
			return 0;
		low += n;
		pattern = star + 1;
	}
	return strstr(low, pattern) != NULL;
}

static int
bounce_any_of(const char *low, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (bounce_match(low, list[i]))
			return 1;
	return 0;
}

static int
bounce_prefix_of(const char *low, const char *const *list, size_t n)
{
	size_t i;

	while (*low == ' ' || *low == '\t')
		low++;
	for (i = 0; i < n; i++)
		if (strncmp(low, list[i], strlen(list[i])) == 0)
			return 1;
	return 0;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Phrases that only an automatic answer uses, anywhere in a subject. */
static const char *const auto_strong[] = {
    "out of office",
    "out of the office",
    "automatic reply",
    "auto-reply",
    "autoreply",
    "auto reply",
    "auto-response",
    "autoresponse",
    "auto response",
    "réponse automatique",
    "reponse automatique",
    "message d'absence",
    "abwesenheitsnotiz",
    "automatische antwort",
    "respuesta automática",
    "respuesta automatica",
    "automatisch antwoord",
    "risposta automatica",
    "resposta automática",
    "resposta automatica",
    "automatiskt svar",
    "fuera de la oficina",
    "fuori ufficio",
};

/* Words that only count at the start of a subject: "Absence: ...". */
static const char *const auto_subject_start[] = {
    "absence", "absent",        "abwesend", "abwesenheit", "afwezig",
    "ausente", "assente",       "vacation", "on vacation", "on holiday",
    "ooo:",    "out of office", "congés",   "außer haus",  "ausser haus",
};

/* In a body, near its top. */
static const char *const auto_body[] = {
    "this is an automatic reply",
    "this is an automated reply",
    "this is an automatic response",
    "this is an automated response",
    "this is an automatically generated",
    "i am out of the office",
    "i'm out of the office",
    "i am currently out of the office",
    "i'm currently out of the office",
    "i will be out of the office",
    "i am out of office",
    "i'm out of office",
    "i am away from",
    "i'm away from",
    "i am on vacation",
    "i'm on vacation",
    "i am on holiday",
    "i'm on holiday",
    "i am on annual leave",
    "i am currently on leave",
    "with limited access to e",
    "je suis absent",
    "je suis actuellement absent",
    "je serai absent",
    "absent du bureau",
    "absente du bureau",
    "je suis en congé",
    "réponse automatique",
    "message automatique",
    "nicht im büro",
    "nicht im buero",
    "ich bin abwesend",
    "bin ich abwesend",
    "außer haus",
    "ausser haus",
    "ich bin im urlaub",
    "automatische antwort",
    "abwesenheitsnotiz",
    "estoy fuera de la oficina",
    "estaré fuera de la oficina",
    "estoy de vacaciones",
    "respuesta automática",
    "ik ben afwezig",
    "niet op kantoor",
    "ik ben met vakantie",
    "automatisch antwoord",
    "sono fuori ufficio",
    "sono in ferie",
    "risposta automatica",
    "estou fora do escritório",
    "estou de férias",
    "resposta automática",
};

int
bounce_automatic_body(const char *body)
{
	char low[PHRASE_SCAN + 1];
	size_t len;

	if (body == NULL)
		return 0;
	len = strlen(body);
	if (len == 0 || len > OOO_MAX)
		return 0;
	text_lower(low, sizeof low, body, len < OOO_TOP ? len : OOO_TOP);
	return bounce_any_of(low, auto_body, COUNT(auto_body));
}

int
bounce_automatic(const struct mime_info *mi, const char *body)
{
	char low[512];

	if (mi != NULL) {
		if (mi->auto_header != NULL ||
		    autoreply_report_type(mi->report_type, NULL))
			return 1;
		if (mi->subject) {
			text_lower(low, sizeof low, mi->subject,
				   strlen(mi->subject));
			/* not "Re: Out of office next week?" */
			if (!subject_is_reply(low) &&
			    (bounce_any_of(low, auto_strong,
					   COUNT(auto_strong)) ||
			     bounce_prefix_of(low, auto_subject_start,
					      COUNT(auto_subject_start))))
				return 1;
		}
	}
	return bounce_automatic_body(body);
}

/* Subjects of bounces that come without DSN structure. */
static const char *const bounce_subjects[] = {
    "undelivered mail returned to sender",
    "delivery status notification (failure)",
    "delivery status notification (delay)",
    "mail delivery failed",
    "mail delivery failure",
    "undeliverable",
    "undelivered mail",
    "returned mail",
    "failure notice",
    "delivery failure",
    "delivery has failed",
    "delivery failed",
    "could not be delivered",
    "message not delivered",
    "mail system error",
    "nondeliverable",
    "non remis",
    "non distribuable",
    "unzustellbar",
    "nicht zustellbar",
    "onbestelbaar",
    "no se puede entregar",
    "mensaje no entregado",
    "non recapitabile",
    "delayed mail",
    "delivery status notification: error",
    "delivery status notification: delay",
    "warning: message * delayed",
    "недоставленное сообщение",
    "не доставлено",
    "не удалось доставить",
    "ошибка доставки",
    "non consegnato",
    "niet bezorgd",
    "não entregue",
    "nie dostarczono",
    "kunde inte levereras",
    "ikke levert",
    "未能送达",
    "退信",
    "配信不能",
    "전송 실패",
};

/*
 * In the first lines of a message from the mail system itself (from
 * MAILER-DAEMON or postmaster), these make a bounce whatever its subject
 * says or whatever language it is in.
 */
static const char *const bounce_body_phrases[] = {
    "could not be delivered",
    "couldn't be delivered",
    "was not delivered",
    "has not yet been delivered",
    "delivery has failed",
    "delivery to the following recipient",
    "permanent error",
    "error has occurred while attempting to deliver",
    "undeliverable",
    "konnte nicht zugestellt werden",
    "n'a pas pu être remis",
    "n'a pas pu être distribué",
    "no se pudo entregar",
    "non è stato possibile recapitare",
    "kon niet worden bezorgd",
    "não pôde ser entregue",
    "не может быть доставлено",
    "не удалось доставить",
    "не доставлено",
    "nie mogła zostać dostarczona",
    "kunde inte levereras",
    "kunne ikke leveres",
    "无法送达",
    "配信できませんでした",
    "전달되지 못했습니다",
};

/* Report types that are not about delivery (a malformed one is). */
static const char *const bounce_other_reports[] = {
    "disposition-notification",
    "global-disposition-notification",
    "feedback-report",
    "tlsrpt",
};

/* Is c part of the local part or domain of an address? */
static int
bounce_addr_char(unsigned char c, int local)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '-')
		return 1;
	return local && (c == '_' || c == '+' || c == '=' || c == '%');
}

/*
 * The address around the '@' at s[at] (s is len bytes), newly allocated,
 * or NULL when it is not one. *end is set past it.
 */
static char *
bounce_addr_at(const char *s, size_t len, size_t at, size_t *end)
{
	size_t a = at, b = at + 1;

	while (a > 0 && at - a < 64 &&
	       bounce_addr_char((unsigned char)s[a - 1], 1))
		a--;
	while (b < len && b - at < 255 &&
	       bounce_addr_char((unsigned char)s[b], 0))
		b++;
	while (b > at + 1 && (s[b - 1] == '.' || s[b - 1] == '-'))
		b--;
	*end = b;
	if (a == at || b <= at + 1 || !memchr(s + at + 1, '.', b - at - 1))
		return NULL;
	return xstrndup(s + a, b - a);
}

/* Addresses of the mail system itself, never the failed recipient. */
static int
bounce_system_addr(const char *addr, const char *from_addr)
{
	char low[80];

	text_lower(low, sizeof low, addr, strlen(addr));
	if (strncmp(low, "mailer-daemon@", 14) == 0 ||
	    strncmp(low, "postmaster@", 11) == 0)
		return 1;
	return from_addr && strcasecmp(addr, from_addr) == 0;
}

/* "rfc822; <user@example.com>" -> "user@example.com"; NULL if empty. */
static char *
bounce_dsn_address(const char *v, size_t len)
{
	const char *semi = memchr(v, ';', len);
	size_t n;

	if (semi) {
		len -= (size_t)(semi + 1 - v);
		v = semi + 1;
	}
	while (len > 0 && (*v == ' ' || *v == '\t' || *v == '<')) {
		v++;
		len--;
	}
	n = len;
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' ||
			 v[n - 1] == '>' || v[n - 1] == '\r'))
		n--;
	return n ? xstrndup(v, n) : NULL;
}

/* An enhanced status code "5.1.1" at s (len bytes): its length, or 0. */
static size_t
bounce_status_code(const char *s, size_t len)
{
	size_t i = 1, d;

	if (len < 5 || (s[0] != '2' && s[0] != '4' && s[0] != '5') ||
	    s[1] != '.')
		return 0;
	for (int part = 0; part < 2; part++) {
		if (i >= len || s[i] != '.')
			return 0;
		i++;
		for (d = 0; i < len && d < 3 && s[i] >= '0' && s[i] <= '9'; d++)
			i++;
		if (d == 0)
			return 0;
	}
	if (i < len && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
		return 0;
	return i;
}

struct dsn_rcpt {
	char *final, *original, *status;
	char action[16];
};

static void
bounce_rcpt_free(struct dsn_rcpt *r)
{
	free(r->final);
	free(r->original);
	free(r->status);
	memset(r, 0, sizeof *r);
}

/* Does line (len bytes) start with field name (lower case) and ':'? */
static const char *
bounce_field(const char *line, size_t len, const char *name, size_t *vlen)
{
	size_t n = strlen(name), i;

	if (len <= n || strncasecmp(line, name, n) != 0)
		return NULL;
	for (i = n; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
		;
	if (i >= len || line[i] != ':')
		return NULL;
	for (i++; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
		;
	*vlen = len - i;
	return line + i;
}

struct dsn_pick {
	struct dsn_rcpt best;
	int rank;   /* of best: 3 failed, 2 delayed, 1 no action, 0 other */
	int found;  /* some recipient */
	int failed; /* some recipient not delivered */
};

/* The end of a recipient's group: keep it if it is the worst so far. */
static void
bounce_dsn_group(struct dsn_rcpt *cur, struct dsn_pick *pick)
{
	int rank;

	if (cur->final == NULL && cur->original == NULL) {
		bounce_rcpt_free(cur);
		return;
	}
	rank = strcmp(cur->action, "failed") == 0    ? 3
	       : strcmp(cur->action, "delayed") == 0 ? 2
	       : cur->action[0] == 0                 ? 1
						     : 0;
	pick->found = 1;
	if (rank > 0)
		pick->failed = 1;
	if (rank > pick->rank) {
		bounce_rcpt_free(&pick->best);
		pick->best = *cur;
		pick->rank = rank;
		memset(cur, 0, sizeof *cur);
	}
	bounce_rcpt_free(cur);
}

/* One "Name: value" line of a DSN into the current recipient. */
static void
bounce_dsn_line(const char *p, size_t len, struct dsn_rcpt *cur)
{
	const char *v;
	size_t vlen, k;

	if ((v = bounce_field(p, len, "final-recipient", &vlen)) != NULL) {
		free(cur->final);
		cur->final = bounce_dsn_address(v, vlen);
	} else if ((v = bounce_field(p, len, "original-recipient", &vlen)) !=
		   NULL) {
		free(cur->original);
		cur->original = bounce_dsn_address(v, vlen);
	} else if ((v = bounce_field(p, len, "action", &vlen)) != NULL) {
		for (k = 0; k < vlen && k < sizeof cur->action - 1 &&
			    v[k] != ' ' && v[k] != ';';
		     k++)
			cur->action[k] =
			    (char)(v[k] >= 'A' && v[k] <= 'Z' ? v[k] + 32
							      : v[k]);
		cur->action[k] = 0;
	} else if ((v = bounce_field(p, len, "status", &vlen)) != NULL) {
		size_t sl = bounce_status_code(v, vlen);

		free(cur->status);
		cur->status = sl ? xstrndup(v, sl) : NULL;
	}
}

/*
 * Read a message/delivery-status body: per-recipient groups separated by
 * blank lines. Keeps the first failed recipient, else the first delayed,
 * else the first. Returns 0 when no recipient was found, 1 for a failure
 * or delay, 2 when every recipient was delivered (not a bounce).
 */
static int
bounce_parse_dsn(const char *dsn, struct dsn_rcpt *best)
{
	struct dsn_rcpt cur;
	struct dsn_pick pick;
	const char *p = dsn;

	memset(&cur, 0, sizeof cur);
	memset(&pick, 0, sizeof pick);
	pick.rank = -1;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		while (len > 0 && (p[len - 1] == '\r' || p[len - 1] == ' ' ||
				   p[len - 1] == '\t'))
			len--;
		if (len == 0)
			bounce_dsn_group(&cur, &pick);
		else
			bounce_dsn_line(p, len, &cur);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	bounce_dsn_group(&cur, &pick);
	*best = pick.best;
	if (!pick.found)
		return 0;
	return pick.failed ? 1 : 2;
}

/* The failed address, looked for in a bounce's text. */
static char *
bounce_text_recipient(const char *text, const char *from_addr)
{
	size_t len = strlen(text), i, end, vlen;
	const char *p = text;
	char *a;

	/* "Final-Recipient:" or "Original-Recipient:" written out */
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t ll = nl ? (size_t)(nl - p) : strlen(p);
		const char *v;

		while (ll > 0 && (*p == ' ' || *p == '\t')) {
			p++;
			ll--;
		}
		if ((v = bounce_field(p, ll, "original-recipient", &vlen)) ||
		    (v = bounce_field(p, ll, "final-recipient", &vlen))) {
			if ((a = bounce_dsn_address(v, vlen)) && strchr(a, '@'))
				return a;
			free(a);
		}
		/* Postfix and qmail: "<user@example.com>: ..." */
		if (ll > 3 && p[0] == '<') {
			const char *gt = memchr(p, '>', ll);
			const char *at = memchr(p, '@', ll);

			if (gt && at && at < gt) {
				a = bounce_addr_at(p, (size_t)(gt - p),
						   (size_t)(at - p), &end);
				if (a && end == (size_t)(gt - p) &&
				    !bounce_system_addr(a, from_addr))
					return a;
				free(a);
			}
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	/* otherwise the first address that is not the mail system's */
	for (i = 0; i < len; i++) {
		if (text[i] != '@')
			continue;
		a = bounce_addr_at(text, len, i, &end);
		if (a && !bounce_system_addr(a, from_addr))
			return a;
		free(a);
		if (end > i)
			i = end - 1;
	}
	return NULL;
}

/* The first enhanced status code (4.x.x or 5.x.x) in a text. */
static char *
bounce_text_status(const char *text)
{
	size_t len = strlen(text), i, n;

	for (i = 0; i + 5 <= len; i++) {
		if (text[i] != '4' && text[i] != '5')
			continue;
		if (i > 0 && ((text[i - 1] >= '0' && text[i - 1] <= '9') ||
			      text[i - 1] == '.'))
			continue;
		if ((n = bounce_status_code(text + i, len - i)) > 0)
			return xstrndup(text + i, n);
	}
	return NULL;
}

/* Without a status: is the failure temporary, judging by the words? */
static int
bounce_text_permanent(const char *text, const char *subject)
{
	static const char *const temporary[] = {
	    "delay",        "temporar",  "will retry", "will be retried",
	    "still trying", "verzögert", "retardé",    "retrasad",
	};
	char low[PHRASE_SCAN + 1];
	size_t i, len = strlen(text);

	text_lower(low, sizeof low, subject ? subject : "",
		   subject ? strlen(subject) : 0);
	if (bounce_any_of(low, temporary, COUNT(temporary)))
		return 0;
	/* an SMTP reply code at the start of a word: "550 ", "452-" */
	for (i = 0; i + 4 <= len; i++) {
		if ((text[i] == '5' || text[i] == '4') &&
		    (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n' ||
		     text[i - 1] == '(') &&
		    text[i + 1] >= '0' && text[i + 1] <= '9' &&
		    text[i + 2] >= '0' && text[i + 2] <= '9' &&
		    (text[i + 3] == ' ' || text[i + 3] == '-'))
			return text[i] == '5';
	}
	text_lower(low, sizeof low, text, len);
	return !bounce_any_of(low, temporary, COUNT(temporary));
}

/* The first address of X-Failed-Recipients, or NULL. */
static char *
bounce_failed_header(const char *value)
{
	const char *at = value ? strchr(value, '@') : NULL;
	size_t end;

	if (at == NULL)
		return NULL;
	return bounce_addr_at(value, strlen(value), (size_t)(at - value), &end);
}

/* A report about delivery: of delivery-status, or of a missing or
 * malformed type (but not a read receipt or an abuse report). */
static int
bounce_delivery_report(const char *report_type)
{
	size_t i;

	if (report_type == NULL)
		return 0;
	for (i = 0; i < COUNT(bounce_other_reports); i++)
		if (strcmp(report_type, bounce_other_reports[i]) == 0)
			return 0;
	return 1;
}

/* A string member of obj, or NULL. */
static const char *
bounce_json_str(json_object *obj, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/*
 * An Amazon SES notification (as SNS mails it, perhaps in SNS's own
 * envelope): -1 when the body is none, 0 for a delivery or a complaint,
 * 1 for a bounce, with its first recipient, status and type.
 */
static int
bounce_ses(const char *body, struct dsn_rcpt *out, int *permanent)
{
	json_tokener *tok;
	json_object *root, *b, *list, *r;
	const char *type, *inner;
	int rc = -1;

	while (*body == ' ' || *body == '\n' || *body == '\r' || *body == '\t')
		body++;
	if (*body != '{' || !strstr(body, "notificationType"))
		return -1;
	tok = json_tokener_new_ex(8);
	root = json_tokener_parse_ex(tok, body, (int)strnlen(body, 65536));
	json_tokener_free(tok);
	if (root && (inner = bounce_json_str(root, "Message")) != NULL) {
		json_object *m = json_tokener_parse(inner);

		json_object_put(root);
		root = m;
	}
	if (root == NULL)
		return -1;
	type = bounce_json_str(root, "notificationType");
	if (type != NULL)
		rc = strcmp(type, "Bounce") == 0;
	if (rc == 1 && json_object_object_get_ex(root, "bounce", &b)) {
		const char *bt = bounce_json_str(b, "bounceType");

		*permanent = bt == NULL || strcmp(bt, "Transient") != 0;
		if (json_object_object_get_ex(b, "bouncedRecipients", &list) &&
		    json_object_is_type(list, json_type_array) &&
		    json_object_array_length(list) > 0 &&
		    (r = json_object_array_get_idx(list, 0)) != NULL) {
			const char *a = bounce_json_str(r, "emailAddress");
			const char *st = bounce_json_str(r, "status");
			size_t sl = st ? bounce_status_code(st, strlen(st)) : 0;

			out->final = a ? xstrdup(a) : NULL;
			out->status = sl ? xstrndup(st, sl) : NULL;
		}
	}
	json_object_put(root);
	return rc;
}

/* Is this, by subject or by its sender and first lines, a bounce? */
static int
bounce_by_words(const struct mime_info *mi, const char *body)
{
	char low[PHRASE_SCAN + 1];

	if (mi == NULL)
		return 0;
	if (mi->subject) {
		text_lower(low, sizeof low, mi->subject, strlen(mi->subject));
		if (subject_is_reply(low))
			return 0;
		if (bounce_any_of(low, bounce_subjects, COUNT(bounce_subjects)))
			return 1;
	}
	if (mi->from_addr == NULL || !bounce_system_addr(mi->from_addr, NULL))
		return 0;
	text_lower(low, sizeof low, body, strlen(body));
	return bounce_any_of(low, bounce_body_phrases,
			     COUNT(bounce_body_phrases));
}

int
bounce_detect(const struct mime_info *mi, const char *body, char **recipient,
	      char **status, int *permanent)
{
	int is_dsn, r;
	struct dsn_rcpt best;
	char *failed = mi ? bounce_failed_header(mi->failed_rcpts) : NULL;

	*recipient = *status = NULL;
	*permanent = 0;
	if (body == NULL)
		body = "";
	memset(&best, 0, sizeof best);
	is_dsn =
	    failed != NULL || (mi && bounce_delivery_report(mi->report_type));
	r = mi && mi->dsn ? bounce_parse_dsn(mi->dsn, &best) : 0;
	if (r == 2 && failed == NULL) {
		bounce_rcpt_free(&best);
		return 0; /* delivered, relayed, expanded */
	}
	if (r == 1) {
		*status = best.status;
		*permanent = best.status ? best.status[0] == '5'
					 : strcmp(best.action, "delayed") != 0;
		best.status = NULL;
	} else if (r == 0 && !is_dsn &&
		   (r = bounce_ses(body, &best, permanent)) >= 0) {
		if (r == 0) {
			bounce_rcpt_free(&best);
			return 0; /* a delivery or complaint notification */
		}
		*status = best.status;
		best.status = NULL;
	} else if (!is_dsn && !(mi && mi->dsn) && !bounce_by_words(mi, body)) {
		return 0;
	}
	/* X-Failed-Recipients names it best: the text may name a pipe */
	if (failed != NULL)
		*recipient = failed;
	else if (best.original || best.final)
		*recipient =
		    xstrdup(best.original ? best.original : best.final);
	else
		*recipient =
		    bounce_text_recipient(body, mi ? mi->from_addr : NULL);
	bounce_rcpt_free(&best);
	if (r == 1)
		return 1; /* the DSN or SES said how it failed */
	if ((*status = bounce_text_status(body)) != NULL)
		*permanent = (*status)[0] == '5';
	else
		*permanent =
		    bounce_text_permanent(body, mi ? mi->subject : NULL);
	return 1;
}
