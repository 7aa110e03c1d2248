/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * errcode: a stable code for each refusal a person sees in the pages,
 * so that the page says it in its own language ("error.CODE" in each
 * catalogue, web/assets/i18n-*.js) while the API keeps its English words
 * for scripts and logs: {"error": "the text is empty", "code":
 * "text_empty"}.
 * The code is found by the start of the English words: they are written
 * once, where the refusal is decided (here in web/, or in core/ for the
 * settings checked by postreplyctl as well), and a code follows them
 * without a second copy of the sentence. A refusal without a code here
 * is shown in English; tests/integration/98_browser_i18n.sh checks that
 * every code has its words in every catalogue, and tests/docs/house.sh
 * that every start below still begins a refusal of web/ or core/.
 * Contract: errcode_of never fails; NULL means no code.
 */
#include <string.h>

#include "errcode.h"

static const struct {
	const char *code, *start;
} errcode_table[] = {
    {"unavailable", "the database is unavailable"},
    {"no_conversation", "no such conversation"},
    {"no_account", "no such account"},
    {"no_user_or_account", "no such user or account"},
    {"admin_only", "this is for administrators only"},
    {"bad_email", "email must be an address"},
    {"bad_account", "account must be an account's address"},
    {"user_exists", "there is already a user"},
    {"do_not_contact", "%s asked not to be contacted"},
    {"sent_not_recorded", "the email was sent but could not be marked"},
    {"mail_refused", "the mail server did not take the email"},
    {"wrong_password", "wrong address or password"},
    {"email_password_needed", "email and password are needed"},
    {"email_needed", "email is needed"},
    {"too_many_signins", "too many sign-ins"},
    {"too_many_links", "too many sign-in links asked for"},
    {"links_waiting", "too many sign-in links are waiting"},
    {"too_many_failures", "too many failed sign-ins"},
    {"link_invalid", "this sign-in link is unknown, used or expired"},
    {"sign_in", "please sign in"},
    {"csrf", "this request lacks the page's token"},
    {"too_many_live", "too many live pages open"},
    {"search_short", "a search needs at least 3 characters"},
    {"text_empty", "the text is empty"},
    {"text_long", "the text is longer than"},
    {"subject_empty", "the subject is empty"},
    {"subject_long", "the subject is longer than"},
    {"subject_line", "the subject must be one line"},
    {"not_utf8", "the subject and the text must be UTF-8"},
    {"bad_channel", "channel must be"},
    {"custom_text", "a custom message needs its text"},
    {"bad_reply_to", "bad reply-to address"},
    {"bad_hours", "bad working hours"},
    {"bad_days", "bad working days"},
    {"bad_zone", "unknown time zone"},
    {"bad_scenario", "unknown scenario"},
    {"bad_action", "unknown on-send action"},
    {"bad_assign", "bad assign address"},
    {"bad_steps", "bad steps"},
    {"field_long", "a field is too long or not UTF-8 text"},
    {"field_line", "a field must be one line"},
};

const char *
errcode_of(const char *fmt, const char *arg)
{
	const char *words = strcmp(fmt, "%s") == 0 && arg ? arg : fmt;
	size_t i;

	for (i = 0; i < sizeof(errcode_table) / sizeof(errcode_table[0]); i++)
		if (strncmp(words, errcode_table[i].start,
			    strlen(errcode_table[i].start)) == 0)
			return errcode_table[i].code;
	return NULL;
}
