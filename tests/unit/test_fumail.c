/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for analyzer/fumail.c without a database: the text of a
 * follow-up (templates by language, custom text with its placeholders),
 * the language it is written in (stored with the reply, else guessed
 * from an old reply's text), and the outbox a message is kept in until
 * its send is recorded. What needs PostgreSQL and the MTA is in
 * tests/integration/70_followups.sh.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../../analyzer/fumail.h"
#include "xmalloc.h"

static const char french[] =
    "Bonjour, je suis en réunion toute la journée. Pouvez-vous me "
    "rappeler la semaine prochaine ? Merci beaucoup et bonne journée.";

static void
test_templates_by_language(void **state)
{
	char *t;

	(void)state;
	t = fumail_text(NULL, "fr", "no_reply", "Carl", "Alice", "Our offer");
	assert_non_null(strstr(t, "Bonjour Carl,"));
	assert_non_null(strstr(t, "« Our offer »"));
	assert_non_null(strstr(t, "Bien cordialement,\nAlice\n"));
	free(t);
	t = fumail_text(NULL, "de", "requested_delay", "", "Alice", "X");
	assert_non_null(strstr(t, "Guten Tag,"));
	assert_non_null(strstr(t, "wie besprochen"));
	free(t);
	/* A language without a template, or none: English. */
	t = fumail_text(NULL, "unknown", "no_reply", "Carl", "Alice", "X");
	assert_non_null(strstr(t, "Hello Carl,"));
	free(t);
	t = fumail_text(NULL, "", "unavailable", "", "Alice", "X");
	assert_non_null(strstr(t, "Hello,"));
	assert_non_null(strstr(t, "As agreed"));
	free(t);
}

static void
test_custom_text(void **state)
{
	char *t;

	(void)state;
	t = fumail_text("Hi {customer_name}, about {subject}: {account_name}"
			" {unknown}",
			"fr", "no_reply", "Carl", "Alice", "Our offer");
	assert_string_equal(t, "Hi Carl, about Our offer: Alice {unknown}");
	free(t);
}

static void
test_language_stored_or_guessed(void **state)
{
	(void)state;
	/* Stored when the reply was read: taken as it is. */
	assert_string_equal(fumail_language("fr", french), "fr");
	assert_string_equal(fumail_language("de", french), "de");
	assert_string_equal(fumail_language("unknown", french), "unknown");
	/* A reply read before the column: guessed from its text. */
	assert_string_equal(fumail_language(NULL, french), "fr");
	assert_string_equal(
	    fumail_language(NULL, "Thanks, I will read it carefully and "
				  "come back to you next week."),
	    "en");
	/* No reply at all. */
	assert_string_equal(fumail_language(NULL, ""), "");
}

static void
test_outbox_round_trip(void **state)
{
	struct fumail m = {0}, back = {0};
	char *json;

	(void)state;
	m.from = xstrdup("alice@example.com");
	m.from_name = xstrdup("Alice \"Sales\"");
	m.to = xstrdup("carl@example.net");
	m.to_name = xstrdup("Carl");
	m.subject = xstrdup("Re: Our offer");
	m.text = xstrdup("Bonjour Carl,\n\nÇa va ?\n");
	m.message_id = xstrdup("<abc@example.com>");
	m.reply_to = xstrdup("reply+abcdefghijklmnop@reply.example.com");
	m.in_reply_to = xstrdup("<first@example.com>");
	m.written_by = "custom";
	json = fumail_outbox_json(&m);
	assert_int_equal(fumail_outbox_load(json, &back), 0);
	assert_string_equal(back.from_name, m.from_name);
	assert_string_equal(back.text, m.text);
	assert_string_equal(back.message_id, m.message_id);
	assert_string_equal(back.in_reply_to, m.in_reply_to);
	assert_null(back.references);
	assert_null(back.llm_fallback);
	assert_string_equal(back.written_by, "custom");
	free(json);
	fumail_free(&back);
	memset(&back, 0, sizeof(back));

	/* What cannot be sent again is refused. */
	assert_int_equal(fumail_outbox_load("{\"from\": \"a@b\"}", &back), -1);
	fumail_free(&back);
	memset(&back, 0, sizeof(back));
	assert_int_equal(fumail_outbox_load("not json", &back), -1);
	fumail_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_templates_by_language),
	    cmocka_unit_test(test_custom_text),
	    cmocka_unit_test(test_language_stored_or_guessed),
	    cmocka_unit_test(test_outbox_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
