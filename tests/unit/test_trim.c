/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the trimmer (trim.c) and its tables (trimlex.c) on the
 * reply forms issue 20 found it misread: attributions and header blocks
 * in Catalan, Polish, Norwegian, Russian, Chinese, Japanese and Korean,
 * Zoho's "---- On ... wrote ----", attributions wrapped over lines, quote
 * prefixes other than '>', quoted lines that lost their '>', a separator
 * above a header block, an attribution or a forward that opens the
 * message, and invisible tracking characters. Each case says what a
 * person reads: the reply, the signature and how the quote starts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"

struct tcase {
	const char *name, *text, *reply, *signature, *quoted_start;
};

static void
tcase_check(const struct tcase *c)
{
	char *r, *s, *q;

	trim_split(c->text, &r, &s, &q);
	if (strcmp(r, c->reply) != 0)
		fail_msg("%s: reply is \"%s\"", c->name, r);
	if (strcmp(s, c->signature) != 0)
		fail_msg("%s: signature is \"%s\"", c->name, s);
	if (*c->quoted_start == 0
		? *q != 0
		: strncmp(q, c->quoted_start, strlen(c->quoted_start)) != 0)
		fail_msg("%s: quoted is \"%.100s\"", c->name, q);
	free(r);
	free(s);
	free(q);
}

static void
tcase_run(const struct tcase *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		tcase_check(&cases[i]);
}

#define TCASES(cases) tcase_run(cases, sizeof cases / sizeof cases[0])

#define ORIG "Hi,\n\nWould you have 20 minutes this week?\n\nClaire"
#define QORIG "> Hi,\n>\n> Would you have 20 minutes this week?\n>\n> Claire"

/* "On ... wrote:" in the languages and forms that were missed. */
static void
test_attribution_forms(void **state)
{
	static const struct tcase cases[] = {
	    {"zoho",
	     "Yes, Thursday.\n\n---- On Thu, 03 Dec 2026 17:21:00 "
	     "+0100 Claire <c@x.example> wrote ----\n\n" ORIG "\n",
	     "Yes, Thursday.", "", "---- On Thu"},
	    {"zoho fr",
	     "Oui.\n\n---- Le jeu., 03 déc. 2026 17:21:00 +0100 "
	     "Claire <c@x.example> a écrit ----\n" ORIG,
	     "Oui.", "", "---- Le jeu."},
	    {"ru gmail",
	     "Да, подходит.\n\nчт, 3 дек. 2026 г. в 17:21, Claire "
	     "<c@x.example>:\n\n" QORIG,
	     "Да, подходит.", "", "чт, 3 дек."},
	    {"ru thunderbird",
	     "Хорошо.\n\n03.12.2026 17:21, Claire пишет:\n" ORIG, "Хорошо.", "",
	     "03.12.2026"},
	    {"zh gmail",
	     "可以。\n\nClaire <c@x.example> "
	     "于2026年12月3日周四 17:21写道：\n\n" QORIG,
	     "可以。", "", "Claire <c@x.example> 于"},
	    {"zh apple",
	     "好的\n\n2026年12月3日 17:21，Claire <c@x.example> "
	     "写道：\n\n" ORIG,
	     "好的", "", "2026年"},
	    {"ja apple",
	     "はい。\n\n2026/12/03 17:21、Claire "
	     "<c@x.example>のメール:\n\n" QORIG,
	     "はい。", "", "2026/12/03"},
	    {"ko gmail",
	     "네.\n\n2026년 12월 3일 (목) 오후 5:21, Claire "
	     "<c@x.example>님이 작성:\n\n" ORIG,
	     "네.", "", "2026년"},
	    {"ko thunderbird",
	     "좋아요.\n\n2026-12-03 오후 5:21에 Claire 이(가) "
	     "쓴 글:\n" QORIG,
	     "좋아요.", "", "2026-12-03"},
	    {"pl apple",
	     "Tak.\n\nWiadomość napisana przez Claire "
	     "<c@x.example> w dniu 03.12.2026, o godz. 17:21:\n\n" ORIG,
	     "Tak.", "", "Wiadomość napisana"},
	    {"pl thunderbird",
	     "Dobrze.\n\nW dniu 3.12.2026 o 17:21, Claire "
	     "pisze:\n" ORIG,
	     "Dobrze.", "", "W dniu"},
	    {"ca gmail",
	     "D'acord.\n\nEl dj., 3 de des. 2026 a les 17:21, "
	     "Claire (<c@x.example>) va escriure:\n\n" ORIG,
	     "D'acord.", "", "El dj."},
	    {"nl apple",
	     "Prima.\n\nOp 3 dec. 2026 om 17:21 heeft Claire "
	     "<c@x.example> het volgende geschreven:\n\n" ORIG,
	     "Prima.", "", "Op 3 dec."},
	    {"gmail iso",
	     "Fine.\n\n2016-03-03 17:21 GMT+01:00 Claire "
	     "<c@x.example>:\n\n" QORIG,
	     "Fine.", "", "2016-03-03"},
	    {"wrapped, wrote: alone",
	     "Fine.\n\nOn Thursday, December 3, 2026 "
	     "at 5:21:07 PM UTC+1,\nClaire Martin "
	     "<c@x.example>\nwrote:\n\n" ORIG,
	     "Fine.", "", "On Thursday"},
	    {"wrapped, address alone",
	     "Gut.\n\nAm Do., 3. Dez. 2026 um 17:21 "
	     "Uhr schrieb Claire Martin\n"
	     "<c@x.example>:\n\n" ORIG,
	     "Gut.", "", "Am Do."},
	};

	(void)state;
	TCASES(cases);
}

/* Outlook header blocks and "-----Original Message-----" lines. */
static void
test_header_blocks(void **state)
{
	static const struct tcase cases[] = {
	    {"ru outlook",
	     "Спасибо.\n\nОт: Claire <c@x.example>\nОтправлено: 3 "
	     "декабря 2026 г. 17:21\nКому: Дмитрий\nТема: Тест\n\n" ORIG,
	     "Спасибо.", "", "От:"},
	    {"ru original",
	     "Спасибо.\n\n-----Исходное сообщение-----\nОт: "
	     "Claire\nОтправлено: 3 декабря 2026 г. 17:21\n" ORIG,
	     "Спасибо.", "", "-----Исходное"},
	    {"zh outlook",
	     "谢谢\n\n发件人: Claire <c@x.example>\n发送时间: "
	     "2026年12月3日 17:21\n收件人: 王磊\n主题: 试用\n\n" ORIG,
	     "谢谢", "", "发件人:"},
	    {"zh foxmail",
	     "谢谢\n\n------------------ 原始邮件 "
	     "------------------\n发件人：\"Claire\"<c@x.example>;\n"
	     "发送时间：2026年12月3日(星期四) 下午5:21\n\n" ORIG,
	     "谢谢", "", "------------------ 原始邮件"},
	    {"ja outlook",
	     "承知しました。\n\n差出人: Claire <c@x.example>\n"
	     "送信日時: 2026年12月3日 17:21\n宛先: 佐藤\n件名: "
	     "お試し\n\n" ORIG,
	     "承知しました。", "", "差出人:"},
	    {"ko outlook",
	     "감사합니다.\n\n-----원본 메시지-----\n보낸 사람: "
	     "Claire <c@x.example>\n보낸 날짜: 2026년 12월 3일\n"
	     "받는 사람: 김민준\n제목: 체험\n\n" ORIG,
	     "감사합니다.", "", "-----원본 메시지-----"},
	    {"ca outlook",
	     "Gràcies.\n\n-----Missatge original-----\nDe: Claire "
	     "<c@x.example>\nEnviat el: dijous, 3 de desembre de "
	     "2026 17:21\nPer a: Jordi\nTema: Prova\n\n" ORIG,
	     "Gràcies.", "", "-----Missatge original-----"},
	    {"pl outlook",
	     "Dziękuję.\n\n-----Wiadomość oryginalna-----\nOd: "
	     "Claire <c@x.example>\nWysłano: czwartek, 3 grudnia "
	     "2026 17:21\nDo: Agnieszka\nTemat: Test\n\n" ORIG,
	     "Dziękuję.", "", "-----Wiadomość oryginalna-----"},
	    {"no outlook",
	     "Takk.\n\n-----Opprinnelig melding-----\nFra: Claire "
	     "<c@x.example>\nSendt: torsdag 3. desember 2026 "
	     "17:21\nTil: Ingrid\nEmne: Test\n\n" ORIG,
	     "Takk.", "", "-----Opprinnelig melding-----"},
	    {"separator then blank then ru block",
	     "Да.\n\n________________________________\n\nОт: Claire "
	     "<c@x.example>\nОтправлено: 3 декабря 2026 г.\nКому: Д\n\n" ORIG,
	     "Да.", "", "________________________________"},
	};

	(void)state;
	TCASES(cases);
}

/* "Sent from my iPhone" where the device name is not after a prefix. */
static void
test_sent_from(void **state)
{
	static const struct tcase cases[] = {
	    {"pl", "Tak.\n\nWysłane z iPhone'a", "Tak.", "Wysłane z iPhone'a",
	     ""},
	    {"ru", "Да.\n\nОтправлено с iPhone", "Да.", "Отправлено с iPhone",
	     ""},
	    {"zh", "好的\n\n发自我的iPhone", "好的", "发自我的iPhone", ""},
	    {"ja", "はい。\n\niPhoneから送信", "はい。", "iPhoneから送信", ""},
	    {"ko", "네.\n\n내 iPhone에서 보냄", "네.", "내 iPhone에서 보냄",
	     ""},
	    {"ca", "Sí.\n\nEnviat des del meu iPhone", "Sí.",
	     "Enviat des del meu iPhone", ""},
	    {"a sentence is not a signature",
	     "Wysłane z biura, bo w domu nie mam sieci i nie mogę pracować.",
	     "Wysłane z biura, bo w domu nie mam sieci i nie mogę pracować.",
	     "", ""},
	};

	(void)state;
	TCASES(cases);
}

/* Quote prefixes other than '>', and quoted lines that lost theirs. */
static void
test_quote_marks(void **state)
{
	static const struct tcase cases[] = {
	    {"pipe, inline answer",
	     "| Would you have 20 minutes?\n|\n\nYes, "
	     "Friday.\n\n| Do you use the import?\n\nNo.",
	     "Yes, Friday.\n\nNo.", "", "| Would"},
	    {"supercite initials",
	     "C> Would you have 20 minutes?\n\nJa, "
	     "Freitag.\n",
	     "Ja, Freitag.", "", "C> Would"},
	    {"a table is text", "| Seats | Price |\n| 10 | 90 |\n",
	     "| Seats | Price |\n| 10 | 90 |", "", ""},
	    {"lost marker",
	     "Thursday works.\n\nOn Thu, Dec 3, 2026 at 5:21 PM Claire "
	     "<c@x.example> wrote:\n> I wanted to follow up on your trial. "
	     "Would you have 20 minutes this\nweek to go through the results "
	     "together? We could also look at the\n> reports your team asked "
	     "about.\n>\n> Claire\n",
	     "Thursday works.", "", "On Thu"},
	    {"lost marker, inline answers stay",
	     "Claire wrote:\n> I wanted to follow up on your trial. Would you "
	     "have 20 minutes this week?\n\nYes, Friday.\n\n> Do you use the "
	     "import?\nNo.\n> Anything else?\n",
	     "Yes, Friday.\n\nNo.", "", "Claire wrote:"},
	};

	(void)state;
	TCASES(cases);
}

/* The customer's words are never lost to a quote that opens the message. */
static void
test_words_kept(void **state)
{
	static const struct tcase cases[] = {
	    {"attribution, then the customer's text",
	     "On Thu, Dec 3, 2026 at 5:21 PM Claire <c@x.example> wrote:\n\n"
	     "Thursday at 10:00 works for me.\n\nTom\n",
	     "Thursday at 10:00 works for me.\n\nTom", "", "On Thu"},
	    {"bare forward",
	     "---------- Forwarded message ---------\nFrom: "
	     "Sarah <s@acme.example>\nDate: Thu, Dec 3, 2026\n"
	     "Subject: Invoice\nTo: Tom <t@acme.example>\n\n\n"
	     "Could you ask for the November invoice?\n\nSarah\n",
	     "Could you ask for the November invoice?\n\nSarah", "",
	     "---------- Forwarded message"},
	    {"Apple's bare forward",
	     "Début du message réexpédié :\n\nDe: Sophie "
	     "<s@v.example>\nObjet: Facture\nDate: 3 "
	     "décembre 2026\nÀ: Julien\n\nPeux-tu "
	     "demander la facture ?\n",
	     "Peux-tu demander la facture ?", "", "Début du message"},
	    {"a forward under a note keeps quoting",
	     "See below.\n\n---------- Forwarded message ---------\nFrom: "
	     "Sarah <s@acme.example>\nDate: Thu, Dec 3, 2026\n\nInvoice?\n",
	     "See below.", "", "---------- Forwarded"},
	    {"only a quote: nothing written",
	     "On Thu, Dec 3, 2026 Claire "
	     "<c@x.example> wrote:\n" QORIG,
	     "", "", "On Thu"},
	};

	(void)state;
	TCASES(cases);
}

/* Gmail's tracking extensions and editors leave invisible characters. */
static void
test_invisible(void **state)
{
	static const struct tcase cases[] = {
	    {"U+1427 alone on lines",
	     "\xe1\x90\xa7\nHello Claire,\n\nYes.\n"
	     "\xe1\x90\xa7\n",
	     "Hello Claire,\n\nYes.", "", ""},
	    {"zero-width in words",
	     "Lu\xe2\x80\x8b"
	     "c\xc3\xad"
	     "a\xef\xbb\xbf\n",
	     "Lucía", "", ""},
	    {"a line of them is blank",
	     "Yes.\n\xe2\x80\x8b\xe2\x81\xa0\n\n"
	     "On Thu, Dec 3, 2026 Claire "
	     "<c@x.example> wrote:\n" QORIG,
	     "Yes.", "", "On Thu"},
	};

	(void)state;
	TCASES(cases);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_attribution_forms),
	    cmocka_unit_test(test_header_blocks),
	    cmocka_unit_test(test_sent_from),
	    cmocka_unit_test(test_quote_marks),
	    cmocka_unit_test(test_words_kept),
	    cmocka_unit_test(test_invisible),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
