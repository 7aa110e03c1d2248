/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fumail: the message of a follow-up. Its text is the LLM's (an "ai"
 * rule with the LLM backend, asked before any lock: fumail_llm), the
 * rule's custom text, or the builtin template of the customer's
 * language; it is threaded under the conversation (In-Reply-To the last
 * message either way, References the first we sent), carries a fresh
 * reply address, and its email is recorded as pending (sentmail) when it
 * is composed.
 *
 * Contract. The message is composed once: what goes to the MTA, again
 * after an interruption, is what fumail_outbox_json kept of it, the same
 * Message-ID included. The language is the one the analyzer stored with
 * the customer's last reply when it read it (replies.language); for a
 * reply read before that column existed it is guessed from its text.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "buf.h"
#include "conf.h"
#include "db.h"
#include "extract.h"
#include "followup.h"
#include "fumail.h"
#include "llm.h"
#include "mailout.h"
#include "msg.h"
#include "sentmail.h"
#include "subject.h"
#include "xmalloc.h"

/* Builtin templates: greeting (with and without a name), body, closing. */
struct fumail_template {
	const char *lang;
	const char *hello_name; /* %s: the name */
	const char *hello;
	const char *no_reply;  /* %s: the subject */
	const char *as_agreed; /* %s: the subject */
	const char *closing;
};

static const struct fumail_template fumail_templates[] = {
    {"en", "Hello %s,", "Hello,",
     "I wanted to follow up on my previous email about \"%s\". Would you "
     "have a moment to get back to me?",
     "As agreed, I am getting back to you about \"%s\". Is now a good time "
     "to continue the conversation?",
     "Best regards,"},
    {"fr", "Bonjour %s,", "Bonjour,",
     "Je me permets de revenir vers vous au sujet de mon précédent message "
     "« %s ». Auriez-vous un moment pour me répondre ?",
     "Comme convenu, je reviens vers vous au sujet de « %s ». Est-ce un bon "
     "moment pour en reparler ?",
     "Bien cordialement,"},
    {"de", "Hallo %s,", "Guten Tag,",
     "ich wollte kurz an meine letzte E-Mail zu \"%s\" erinnern. Hätten Sie "
     "einen Moment Zeit, mir zu antworten?",
     "wie besprochen melde ich mich wieder wegen \"%s\". Passt es Ihnen "
     "jetzt, das Gespräch fortzusetzen?",
     "Mit freundlichen Grüßen"},
};

static void
fumail_substitute(struct buf *b, const char *text, const char *customer,
		  const char *account, const char *subject)
{
	static const char *names[] = {"{customer_name}", "{account_name}",
				      "{subject}"};
	const char *values[] = {customer, account, subject};
	const char *p = text;
	size_t i, n;

	while (*p) {
		for (i = 0; i < 3; i++) {
			n = strlen(names[i]);
			if (strncmp(p, names[i], n) == 0) {
				buf_puts(b, values[i]);
				p += n;
				break;
			}
		}
		if (i == 3)
			buf_append(b, p++, 1);
	}
}

char *
fumail_text(const char *custom, const char *language, const char *scenario,
	    const char *customer_name, const char *account_name,
	    const char *subject)
{
	const struct fumail_template *t = &fumail_templates[0];
	struct buf b;
	size_t i;

	buf_init(&b);
	buf_append(&b, "", 0);
	if (custom && *custom) {
		fumail_substitute(&b, custom, customer_name, account_name,
				  subject);
		return b.data;
	}
	for (i = 0; i < sizeof(fumail_templates) / sizeof(fumail_templates[0]);
	     i++)
		if (language && strcmp(language, fumail_templates[i].lang) == 0)
			t = &fumail_templates[i];
	if (*customer_name)
		buf_printf(&b, t->hello_name, customer_name);
	else
		buf_puts(&b, t->hello);
	buf_puts(&b, "\n\n");
	buf_printf(
	    &b, strcmp(scenario, "no_reply") == 0 ? t->no_reply : t->as_agreed,
	    subject);
	buf_printf(&b, "\n\n%s\n%s\n", t->closing, account_name);
	return b.data;
}

/* What a follow-up needs to be written and threaded. */
static const char fumail_sql[] =
    "SELECT a.email, a.name, c.email, c.name,"
    " coalesce((SELECT subject FROM sent_emails WHERE conversation_id = v.id"
    "  AND status = 'sent' AND source <> 'followup'"
    "  ORDER BY sent_at DESC, id DESC LIMIT 1), ''),"
    " (SELECT mid FROM (SELECT message_id AS mid, sent_at AS at"
    "   FROM sent_emails WHERE conversation_id = v.id AND status = 'sent'"
    "   AND message_id IS NOT NULL UNION ALL"
    "   SELECT message_id, received_at FROM replies"
    "   WHERE conversation_id = v.id AND message_id IS NOT NULL"
    "   AND NOT bounce AND NOT auto_reply) m ORDER BY at DESC LIMIT 1),"
    " (SELECT message_id FROM sent_emails WHERE conversation_id = v.id"
    "  AND status = 'sent' AND message_id IS NOT NULL"
    "  ORDER BY sent_at, id LIMIT 1),"
    " coalesce(lr.reply_text, ''),"
    " CASE WHEN a.reply_to <> '' THEN a.reply_to ELSE a.email END,"
    " coalesce((SELECT preview FROM sent_emails WHERE conversation_id = v.id"
    "  AND status = 'sent' ORDER BY sent_at DESC, id DESC LIMIT 1), ''),"
    " lr.language"
    " FROM conversations v JOIN accounts a ON a.id = v.account_id"
    " JOIN customers c ON c.id = v.customer_id"
    " LEFT JOIN LATERAL (SELECT reply_text, language FROM replies"
    "  WHERE conversation_id = v.id AND reply_text IS NOT NULL"
    "  AND NOT bounce ORDER BY received_at DESC LIMIT 1) lr ON true"
    " WHERE v.id = $1";

/* The stored language of the last reply (column 10), or its guess. */
static const char *
fumail_language_of(PGresult *res)
{
	return fumail_language(PQgetisnull(res, 0, 10) ? NULL
						       : PQgetvalue(res, 0, 10),
			       PQgetvalue(res, 0, 7));
}

const char *
fumail_language(const char *stored, const char *reply_text)
{
	if (stored != NULL)
		return stored;
	/* A reply read before replies had a language. */
	return *reply_text ? extract_language(reply_text) : "";
}

/* A Message-ID in angle brackets (caller frees); NULL for none. */
static char *
fumail_msgid(const char *s)
{
	size_t n;

	if (s == NULL)
		return NULL;
	s += strspn(s, " \t");
	n = strcspn(s, " \t\r\n");
	if (n == 0)
		return NULL;
	if (*s == '<')
		return xasprintf("%.*s", (int)n, s);
	return xasprintf("<%.*s>", (int)n, s);
}

#define FUMAIL_FIELD(f)                                                        \
	{                                                                      \
#f, offsetof(struct fumail, f)                                 \
	}
static const struct fumail_field {
	const char *name;
	size_t off;
} fumail_fields[] = {
    FUMAIL_FIELD(from),        FUMAIL_FIELD(from_name),
    FUMAIL_FIELD(to),          FUMAIL_FIELD(to_name),
    FUMAIL_FIELD(subject),     FUMAIL_FIELD(text),
    FUMAIL_FIELD(in_reply_to), FUMAIL_FIELD(references),
    FUMAIL_FIELD(message_id),  FUMAIL_FIELD(reply_to),
    FUMAIL_FIELD(notify_to),   FUMAIL_FIELD(llm_fallback),
};
#define FUMAIL_NFIELDS (sizeof(fumail_fields) / sizeof(fumail_fields[0]))

static const char *const fumail_writers[] = {"llm", "custom", "template"};

static char **
fumail_slot(struct fumail *m, size_t i)
{
	return (char **)((char *)m + fumail_fields[i].off);
}

void
fumail_free(struct fumail *m)
{
	size_t i;

	for (i = 0; i < FUMAIL_NFIELDS; i++)
		free(*fumail_slot(m, i));
}

/* The message as it goes out, kept until the send is recorded. */
char *
fumail_outbox_json(struct fumail *m)
{
	json_object *o = json_object_new_object();
	char *s, *v;
	size_t i;

	for (i = 0; i < FUMAIL_NFIELDS; i++)
		if ((v = *fumail_slot(m, i)) != NULL)
			json_object_object_add(o, fumail_fields[i].name,
					       json_object_new_string(v));
	json_object_object_add(o, "written_by",
			       json_object_new_string(m->written_by));
	s = xstrdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return s;
}

/* The message of an interrupted send, back from the outbox; 0 or -1. */
int
fumail_outbox_load(const char *json, struct fumail *m)
{
	json_object *o = json_tokener_parse(json), *v;
	size_t i;

	if (o == NULL)
		return -1;
	for (i = 0; i < FUMAIL_NFIELDS; i++)
		if (json_object_object_get_ex(o, fumail_fields[i].name, &v) &&
		    json_object_is_type(v, json_type_string)) {
			free(*fumail_slot(m, i));
			*fumail_slot(m, i) = xstrdup(json_object_get_string(v));
		}
	m->written_by = "template";
	if (json_object_object_get_ex(o, "written_by", &v) &&
	    json_object_is_type(v, json_type_string))
		for (i = 0; i < 3; i++)
			if (strcmp(json_object_get_string(v),
				   fumail_writers[i]) == 0)
				m->written_by = fumail_writers[i];
	json_object_put(o);
	return m->from && m->to && m->subject && m->text && m->message_id &&
		       m->reply_to
		   ? 0
		   : -1;
}

/*
 * With the LLM backend and an "ai" rule: the text the LLM writes for
 * follow-up id, asked before the follow-up is locked, since the request
 * takes seconds and no transaction should wait on it. What was decided
 * meanwhile (a reply, a pause) is checked again under the lock, and the
 * text is then dropped. NULL means the template, with why in *fallback
 * when the LLM failed.
 */
char *
fumail_llm(PGconn *conn, const char *id, char **fallback)
{
	const char *params[] = {id}, *cparams[1];
	struct llm_followup_input in = {0};
	struct followup_rule r = {0};
	struct followup_ctx x;
	PGresult *res, *mail = NULL;
	char scenario[32], err[512], *text = NULL;

	if (strcmp(conf_cur()->analyzer_backend, "llm") != 0)
		return NULL;
	res = db_query(conn,
		       "SELECT scenario, step, conversation_id FROM followups"
		       " WHERE id = $1 AND state = 'scheduled'",
		       1, params);
	if (res == NULL || PQntuples(res) == 0)
		goto out;
	snprintf(scenario, sizeof(scenario), "%s", PQgetvalue(res, 0, 0));
	if (followup_ctx_load(conn, PQgetvalue(res, 0, 2), &x) <= 0 ||
	    *x.stop || followup_rule_load(conn, x.account, scenario, &r) <= 0 ||
	    !r.enabled || strcmp(r.message, "ai") != 0)
		goto out;
	cparams[0] = x.conversation;
	mail = db_query(conn, fumail_sql, 1, cparams);
	if (mail == NULL || PQntuples(mail) == 0)
		goto out;
	in.scenario = scenario;
	in.step = atoi(PQgetvalue(res, 0, 1));
	in.language = fumail_language_of(mail);
	in.account_name = PQgetvalue(mail, 0, 1);
	in.customer_name = PQgetvalue(mail, 0, 3);
	in.subject = subject_base(PQgetvalue(mail, 0, 4));
	in.last_reply = PQgetvalue(mail, 0, 7);
	in.last_sent = PQgetvalue(mail, 0, 9);
	if ((text = llm_followup(&in, err, sizeof(err))) == NULL) {
		msg_warn("follow-up %s: %s; the template is used", id, err);
		*fallback = xstrdup(err);
	}
out:
	PQclear(mail);
	PQclear(res);
	followup_rule_free(&r);
	return text;
}

int
fumail_compose(PGconn *conn, const struct followup_ctx *x,
	       const struct followup_rule *r, const char *scenario,
	       const char *written, struct fumail *m)
{
	const char *params[] = {x->conversation};
	const char *base, *lang, *last, *first;
	PGresult *res = db_query(conn, fumail_sql, 1, params);
	char *firstid;
	int custom;

	if (res == NULL || PQntuples(res) == 0) {
		PQclear(res);
		return -1;
	}
	m->from = xstrdup(PQgetvalue(res, 0, 0));
	m->from_name = xstrdup(PQgetvalue(res, 0, 1));
	m->to = xstrdup(PQgetvalue(res, 0, 2));
	m->to_name = xstrdup(PQgetvalue(res, 0, 3));
	base = subject_base(PQgetvalue(res, 0, 4));
	m->subject = xasprintf("Re: %s", base);
	last = PQgetisnull(res, 0, 5) ? NULL : PQgetvalue(res, 0, 5);
	first = PQgetisnull(res, 0, 6) ? NULL : PQgetvalue(res, 0, 6);
	m->in_reply_to = fumail_msgid(last);
	firstid = fumail_msgid(first);
	if (firstid && m->in_reply_to && strcmp(firstid, m->in_reply_to) != 0)
		m->references = xasprintf("%s %s", firstid, m->in_reply_to);
	else if (m->in_reply_to)
		m->references = xstrdup(m->in_reply_to);
	free(firstid);
	lang = fumail_language_of(res);
	m->notify_to = xstrdup(PQgetvalue(res, 0, 8));
	custom = strcmp(r->message, "custom") == 0 && *r->custom_text;
	if (written != NULL && strcmp(r->message, "ai") == 0) {
		m->text = xstrdup(written);
		m->written_by = "llm";
	} else {
		m->text = fumail_text(custom ? r->custom_text : NULL, lang,
				      scenario, m->to_name, m->from_name, base);
		m->written_by = custom ? "custom" : "template";
	}
	/* Why the LLM's text is not used says nothing of another rule's. */
	if (strcmp(r->message, "ai") != 0) {
		free(m->llm_fallback);
		m->llm_fallback = NULL;
	}
	PQclear(res);
	free(m->message_id);
	m->reply_to = sentmail_record_written(
	    conn, atoll(x->account), atoll(x->customer), m->subject, m->text,
	    "followup", &m->message_id, &m->sent_email_id);
	return m->reply_to ? 0 : -1;
}

int
fumail_submit(const struct fumail *m, char **why)
{
	struct mailout mo = {0};

	mo.from_name = m->from_name;
	mo.from_addr = m->from;
	mo.to_name = m->to_name;
	mo.to_addr = m->to;
	mo.reply_to = m->reply_to;
	mo.subject = m->subject;
	mo.text = m->text;
	mo.message_id = m->message_id;
	mo.in_reply_to = m->in_reply_to;
	mo.references = m->references;
	*why = mailout_send(&mo);
	return *why ? -1 : 0;
}
