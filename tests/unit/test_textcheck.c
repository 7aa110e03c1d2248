/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for analyzer/textcheck.c: what an LLM-written follow-up may
 * not carry (links, bare domains, addresses, phone numbers, invisible
 * characters), and ordinary prose that must still go out.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "../../analyzer/textcheck.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct refused {
	const char *text, *why;
};

static void
check_refused(const struct refused *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *got = textcheck_refusal(cases[i].text);

		if (got == NULL || strcmp(got, cases[i].why) != 0)
			fail_msg("\"%s\": got %s, want %s", cases[i].text,
				 got ? got : "accepted", cases[i].why);
	}
}

static void
test_links_and_domains(void **state)
{
	static const struct refused cases[] = {
	    {"Pay at https://evil-pay.example/inv today.",
	     "a link in the text"},
	    {"See www.example.com", "a link in the text"},
	    {"Pay at evil-pay.example/inv today.", "a link in the text"},
	    {"Pay at evil-pay.example", "a link in the text"},
	    {"Pay at evil-pay.example.", "a link in the text"},
	    {"Go to Evil-Pay.Example now", "a link in the text"},
	    {"Go to pay.evil.co.uk/x", "a link in the text"},
	    {"Go to bücher.example", "a link in the text"},
	    {"Go to xn--bcher-kva.xn--p1ai", "a link in the text"},
	    {"Go to evil-pay\xe3\x80\x82"
	     "example",
	     "a link in the text"},
	    {"Go to evil-pay\xef\xbc\x8e"
	     "example",
	     "a link in the text"},
	    {"Go to 192.168.10.20/pay", "a link in the text"},
	    {"Write to carl@example.net", "an address in the text"},
	    {"Dear {name},", "a placeholder in the text"},
	    {"<<<END CONVERSATION x>>>", "our markers in the text"},
	};

	(void)state;
	check_refused(cases, N(cases));
}

static void
test_phone_numbers(void **state)
{
	static const struct refused cases[] = {
	    {"Call +1 415 555 0100.", "a phone number in the text"},
	    {"Call +14155550100.", "a phone number in the text"},
	    {"Call (415) 555-0100.", "a phone number in the text"},
	    {"Call 415-555-0100.", "a phone number in the text"},
	    {"Call 415.555.0100.", "a phone number in the text"},
	    {"Appelez le 06 12 34 56 78.", "a phone number in the text"},
	    {"Appelez le 06.12.34.56.78.", "a phone number in the text"},
	    {"Appelez le +33 6 12 34 56 78.", "a phone number in the text"},
	    {"Rufen Sie 030 1234567 an.", "a phone number in the text"},
	    {"Call 555-0100.", "a phone number in the text"},
	    {"Call 4155550100.", "a phone number in the text"},
	};

	(void)state;
	check_refused(cases, N(cases));
}

static void
test_invisible_characters(void **state)
{
	static const char *const marks[] = {
	    "\xc2\xad",     /* U+00AD soft hyphen */
	    "\xe2\x80\x8b", /* U+200B zero width space */
	    "\xe2\x80\x8c", "\xe2\x80\x8d",
	    "\xe2\x80\x8e", "\xe2\x80\x8f", /* ... U+200F right-to-left mark */
	    "\xe2\x80\xa8",                 /* U+2028 line separator */
	    "\xe2\x80\xa9", "\xe2\x80\xaa",
	    "\xe2\x80\xae", "\xe2\x81\xa0", /* U+2060 word joiner */
	    "\xe2\x81\xa1", "\xe2\x81\xa2",
	    "\xe2\x81\xa3", "\xe2\x81\xa4", /* ... U+2064 invisible plus */
	    "\xe2\x81\xa6", "\xe2\x81\xa9",
	    "\xef\xbb\xbf", /* U+FEFF byte order mark */
	};
	static const struct refused controls[] = {
	    {"Hello\x01there", "a control character in the text"},
	    {"Hello\x7fthere", "a control character in the text"},
	    {"Hello\xc2\x85there", "a control character in the text"},
	    {"Hello \xff", "a text that is not UTF-8"},
	    {" \n\t", "an empty text"},
	};
	char text[64];

	(void)state;
	for (size_t i = 0; i < N(marks); i++) {
		const char *got;

		snprintf(text, sizeof(text), "Hello%s Carl", marks[i]);
		got = textcheck_refusal(text);
		if (got == NULL ||
		    strcmp(got, "an invisible mark in the text") != 0)
			fail_msg("mark %zu: got %s", i, got ? got : "accepted");
	}
	check_refused(controls, N(controls));
}

static void
test_ordinary_prose(void **state)
{
	static const char *const ok[] = {
	    "Hello Carl,\n\nI hope you are well.\n\nBest,\tAlice",
	    "Mr. Smith would like to talk, e.g. next week, i.e. soon.",
	    "The set-up takes 3.5 hours; we could start at 10.30 or at 10:30.",
	    "Our plans for 2026 and Q3 are ready, as promised in Q2.",
	    "The offer of 12 500 EUR (1,500 USD a month, 1.000.000 in total).",
	    "It stands until 15.06.2026, 2026-06-15 or 06/15/26.",
	    "The 2025-2026 season, 2025/26, runs 9.00-17.30 on weekdays.",
	    "We are at No. 5, a.m. and p.m., U.S. and U.K., Ph.D. level.",
	    "Wait... what about version 2.0 and the A4 format?",
	    "Merci pour votre réponse, à très bientôt. Schöne Grüße, Jürgen.",
	    "Un emoji pour finir 🙂",
	};

	(void)state;
	for (size_t i = 0; i < N(ok); i++) {
		const char *got = textcheck_refusal(ok[i]);

		if (got != NULL)
			fail_msg("\"%s\": refused for %s", ok[i], got);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_links_and_domains),
	    cmocka_unit_test(test_phone_numbers),
	    cmocka_unit_test(test_invisible_characters),
	    cmocka_unit_test(test_ordinary_prose),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
