/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for analyzer/extract (extract.c, trim.c, mime.c, html.c,
 * lang.c, bounce.c): replies from each client in each language, the MIME
 * shapes replies come in, charsets, HTML, automatic answers, bounces, the
 * language guess, and time bounds on inputs built to be slow.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extract.h"
#include "extract_int.h"
#include "buf.h"
#include "utf8.h"

/* Bound for one slow-by-design input under ASan; ms. */
#define SLOW_MS 200.0

/* A reply, what a person reads in it: the reply, the signature, and how
 * the quoted part starts ("" for none). */
struct trim_case {
	const char *name, *text, *reply, *signature, *quoted_start;
};

static void
check_trim(const struct trim_case *c)
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
	assert_true(utf8_valid(r, strlen(r)));
	assert_true(utf8_valid(s, strlen(s)));
	assert_true(utf8_valid(q, strlen(q)));
	free(r);
	free(s);
	free(q);
}

static void
run_trim_cases(const struct trim_case *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		check_trim(&cases[i]);
}

#define RUN(cases) run_trim_cases(cases, sizeof cases / sizeof cases[0])

/* "On ... wrote:" as each client writes it, in each language. */
static void
test_attributions(void **state)
{
	static const struct trim_case cases[] = {
	    {"gmail en, two lines",
	     "Sounds good, let's talk Tuesday.\n\nOn Mon, Feb 3, 2020 at 10:00 "
	     "AM John Smith <john@example.com>\nwrote:\n\n> Are you free next "
	     "week?\n",
	     "Sounds good, let's talk Tuesday.", "",
	     "On Mon, Feb 3, 2020 at 10:00 AM John Smith <john@example.com>\n"
	     "wrote:\n\n> Are you free"},
	    {"gmail en, three lines",
	     "Yes.\n\nOn Mon, Feb 3, 2020 at 10:00 AM, John Smith\n"
	     "<john@example.com>\nwrote:\n\n> Free?\n",
	     "Yes.", "", "On Mon, Feb 3, 2020 at 10:00 AM, John Smith\n<john"},
	    {"gmail fr, broken before écrit",
	     "Merci, c'est parfait.\n\nLe lun. 3 févr. 2020 à 10:00, Jean "
	     "Dupont <jean@example.fr> a\nécrit :\n\n> Bonjour,\n> Voici.\n",
	     "Merci, c'est parfait.", "", "Le lun. 3 févr. 2020 à 10:00"},
	    {"thunderbird fr",
	     "Oui, bien reçu.\n\nLe 03/02/2020 à 10:00, Jean Dupont a écrit "
	     ":\n> Bonjour\n",
	     "Oui, bien reçu.", "", "Le 03/02/2020 à 10:00, Jean Dupont a"},
	    {"thunderbird de",
	     "Danke, passt.\n\nAm 03.02.2020 um 10:00 schrieb Hans Müller:\n> "
	     "Hallo\n",
	     "Danke, passt.", "", "Am 03.02.2020 um 10:00 schrieb"},
	    {"gmail de, address broken",
	     "Ja, gerne.\n\nAm Mo., 3. Feb. 2020 um 10:00 Uhr schrieb Hans "
	     "Müller <\nhans@example.de>:\n\n> Hallo\n",
	     "Ja, gerne.", "", "Am Mo., 3. Feb. 2020 um 10:00 Uhr"},
	    {"gmail de, name first",
	     "Ja.\n\nHans Müller <hans@example.de> schrieb am Mo., 3. Feb. "
	     "2020, 10:00:\n\n> Hallo\n",
	     "Ja.", "", "Hans Müller <hans@example.de> schrieb"},
	    {"gmail es",
	     "Perfecto, gracias.\n\nEl lun., 3 feb. 2020 a las 10:00, Juan "
	     "Pérez (<juan@example.es>) escribió:\n\n> Hola\n",
	     "Perfecto, gracias.", "", "El lun., 3 feb. 2020"},
	    {"gmail nl",
	     "Prima, dank je.\n\nOp ma 3 feb. 2020 om 10:00 schreef Jan de "
	     "Vries "
	     "<jan@example.nl>:\n\n> Hallo\n",
	     "Prima, dank je.", "", "Op ma 3 feb. 2020"},
	    {"gmail it",
	     "Va bene, grazie.\n\nIl giorno lun 3 feb 2020 alle ore 10:00 "
	     "Mario "
	     "Rossi <mario@example.it> ha scritto:\n\n> Ciao\n",
	     "Va bene, grazie.", "", "Il giorno lun 3 feb 2020"},
	    {"gmail pt",
	     "Combinado, obrigado.\n\nEm seg., 3 de fev. de 2020 às 10:00, "
	     "João "
	     "Silva <joao@example.pt> escreveu:\n\n> Olá\n",
	     "Combinado, obrigado.", "", "Em seg., 3 de fev."},
	    {"gmail sv",
	     "Tack, det låter bra.\n\nDen 3 feb. 2020 kl. 10:00 skrev Sven "
	     "Svensson <sven@example.se>:\n\n> Hej\n",
	     "Tack, det låter bra.", "", "Den 3 feb. 2020"},
	    {"apple mail, attribution quoted",
	     "Yes, that works.\n\n> On 3 Feb 2020, at 10:00, John Smith "
	     "<john@example.com> wrote:\n> \n> Hi\n",
	     "Yes, that works.", "", "> On 3 Feb 2020"},
	    {"apple mail, unquoted attribution",
	     "Works for me.\n\nOn Feb 3, 2020, at 10:00 AM, John Smith "
	     "<john@example.com> wrote:\n\n> Hi\n",
	     "Works for me.", "", "On Feb 3, 2020, at 10:00 AM"},
	    {"name and address, then wrote",
	     "Fine.\n\nJohn Smith <john@example.com>\nwrote:\n> Hi\n", "Fine.",
	     "", "John Smith <john@example.com>\nwrote:"},
	    {"just a name", "Agreed.\n\nJohn wrote:\n> Shall we?\n", "Agreed.",
	     "", "John wrote:\n> Shall we?"},
	    {"attribution without > quotes takes the rest",
	     "Ok.\n\nOn Mon, Feb 3, 2020 at 10:00 AM John <j@example.com> "
	     "wrote:\n\nHi, original text here\nmore of it\n",
	     "Ok.", "", "On Mon, Feb 3, 2020 at 10:00 AM John"},
	    {"not an attribution: no date",
	     "Here's what Bob wrote:\nwe should meet.\n",
	     "Here's what Bob wrote:\nwe should meet.", "", ""},
	    {"not an attribution: a numbered list",
	     "2 questions:\n> Is it ready?\nYes\n", "2 questions:\n\nYes", "",
	     "> Is it ready?"},
	};

	(void)state;
	RUN(cases);
}

/* Outlook's header blocks and "Original Message" rules. */
static void
test_outlook(void **state)
{
	static const struct trim_case cases[] = {
	    {"outlook en",
	     "Thanks, I'll review.\n\nFrom: John Smith <john@example.com>\n"
	     "Sent: Monday, February 3, 2020 10:00 AM\nTo: Jane "
	     "<jane@example.org>\nSubject: Proposal\n\nHi Jane,\nHere it is.\n",
	     "Thanks, I'll review.", "", "From: John Smith"},
	    {"outlook fr",
	     "Bonjour,\n\nMerci, je regarde ça.\n\nCordialement,\nMarie\n\nDe "
	     ": "
	     "Jean Dupont <jean@example.fr>\nEnvoyé : lundi 3 février 2020 "
	     "10:00\nÀ : Marie Martin <marie@example.fr>\nObjet : "
	     "Proposition\n\nBonjour Marie,\n",
	     "Bonjour,\n\nMerci, je regarde ça.\n\nCordialement,\nMarie", "",
	     "De : Jean Dupont"},
	    {"outlook de",
	     "Hallo,\n\ndanke, ich schaue es mir an.\n\nVon: Hans Müller "
	     "<hans@example.de>\nGesendet: Montag, 3. Februar 2020 10:00\nAn: "
	     "Anna Schmidt <anna@example.de>\nBetreff: Angebot\n\nHallo "
	     "Anna,\n",
	     "Hallo,\n\ndanke, ich schaue es mir an.", "", "Von: Hans Müller"},
	    {"outlook es",
	     "Gracias.\n\nDe: Juan Pérez <juan@example.es>\nEnviado el: lunes, "
	     "3 de febrero de 2020 10:00\nPara: Ana <ana@example.es>\nAsunto: "
	     "Propuesta\n\nHola Ana,\n",
	     "Gracias.", "", "De: Juan Pérez"},
	    {"outlook nl",
	     "Dank je.\n\nVan: Jan de Vries <jan@example.nl>\nVerzonden: "
	     "maandag 3 februari 2020 10:00\nAan: Eva <eva@example.nl>\n"
	     "Onderwerp: Voorstel\n\nHallo Eva,\n",
	     "Dank je.", "", "Van: Jan de Vries"},
	    {"outlook bold, after a rule",
	     "OK\n\n________________________________\n*From:* John\n*Sent:* "
	     "Monday\n*To:* Jane\n*Subject:* Hi\n\nbody\n",
	     "OK", "", "________________________________\n*From:* John"},
	    {"original message",
	     "Noted.\n\n-----Original Message-----\nFrom: John\nSent: "
	     "Monday\n\n"
	     "text\n",
	     "Noted.", "", "-----Original Message-----"},
	    {"message d'origine",
	     "Noté.\n\n-----Message d'origine-----\nDe : Jean\n\ntexte\n",
	     "Noté.", "", "-----Message d'origine-----"},
	    {"ursprüngliche nachricht",
	     "Notiert.\n\n-----Ursprüngliche Nachricht-----\nVon: "
	     "Hans\n\nText\n",
	     "Notiert.", "", "-----Ursprüngliche Nachricht-----"},
	    {"mensaje original",
	     "Anotado.\n\n-----Mensaje original-----\nDe: Juan\n\ntexto\n",
	     "Anotado.", "", "-----Mensaje original-----"},
	    {"forwarded",
	     "FYI\n\n---------- Forwarded message ---------\nFrom: John "
	     "<john@example.com>\nDate: Mon, Feb 3, 2020\n\ntext\n",
	     "FYI", "", "---------- Forwarded message"},
	    {"a To: line alone is text", "To: the team\nPlease read this.\n",
	     "To: the team\nPlease read this.", "", ""},
	};

	(void)state;
	RUN(cases);
}

/* Signatures, and what only looks like one. */
static void
test_signatures(void **state)
{
	static const struct trim_case cases[] = {
	    {"dash dash space, then quote",
	     "Hi\n\n-- \nJohn Smith\nACME Corp\n\nOn Mon, Feb 3, 2020 at 10:00 "
	     "AM John <j@example.com> wrote:\n> x\n",
	     "Hi", "-- \nJohn Smith\nACME Corp", "On Mon, Feb 3"},
	    {"dash dash in a line", "We can do it -- next week.\n",
	     "We can do it -- next week.", "", ""},
	    {"envoyé de mon iphone", "Oui\n\nEnvoyé de mon iPhone\n", "Oui",
	     "Envoyé de mon iPhone", ""},
	    {"von meinem iphone gesendet", "Ja\n\nVon meinem iPhone gesendet\n",
	     "Ja", "Von meinem iPhone gesendet", ""},
	    {"enviado desde mi iphone", "Sí\n\nEnviado desde mi iPhone\n", "Sí",
	     "Enviado desde mi iPhone", ""},
	    {"verzonden vanaf mijn iphone",
	     "Ja\n\nVerzonden vanaf mijn iPhone\n", "Ja",
	     "Verzonden vanaf mijn iPhone", ""},
	    {"inviato da iphone", "Sì\n\nInviato da iPhone\n", "Sì",
	     "Inviato da iPhone", ""},
	    {"get outlook",
	     "Yes\n\nGet Outlook for Android<https://aka.ms/x>\n", "Yes",
	     "Get Outlook for Android<https://aka.ms/x>", ""},
	    {"android k-9",
	     "Sure\n--\nSent from my Android phone with K-9 Mail. Please "
	     "excuse "
	     "my brevity.\n",
	     "Sure",
	     "--\nSent from my Android phone with K-9 Mail. Please excuse my "
	     "brevity.",
	     ""},
	    {"sent from, a sentence",
	     "Sent from my desk, which is why this is long.\n",
	     "Sent from my desk, which is why this is long.", "", ""},
	    {"sign-off dash name",
	     "Thanks!\n-John\n\nOn Mon, Feb 3, 2020 at 10:00 AM Jane "
	     "<jane@example.com> wrote:\n> hi\n",
	     "Thanks!", "-John", "On Mon, Feb 3"},
	    {"bullets stay",
	     "Options:\n- one\n- two\n-Three\n\nOn Mon, Feb 3, 2020 at 10:00 "
	     "AM "
	     "Jane <jane@example.com> wrote:\n> hi\n",
	     "Options:\n- one\n- two\n-Three", "", "On Mon, Feb 3"},
	    {"dash name in the middle is text", "Ask\n\n-Bob\n\nabout it\n",
	     "Ask\n\n-Bob\n\nabout it", "", ""},
	    {"list footer",
	     "Right.\n\n_______________________________________________\nlist "
	     "mailing list\nlist@example.org\n",
	     "Right.",
	     "_______________________________________________\nlist mailing "
	     "list\nlist@example.org",
	     ""},
	};

	(void)state;
	RUN(cases);
}

/* Answers below and between quoted lines. */
static void
test_bottom_and_inline(void **state)
{
	static const struct trim_case cases[] = {
	    {"thunderbird bottom post",
	     "On 03/02/2020 10:00, John Smith wrote:\n> Can we meet?\n\nYes, "
	     "Tuesday works.\n",
	     "Yes, Tuesday works.", "",
	     "On 03/02/2020 10:00, John Smith wrote:"},
	    {"inline answers",
	     "> Question 1?\nAnswer 1\n> Question 2?\nAnswer 2\n",
	     "Answer 1\n\nAnswer 2", "", "> Question 1?"},
	    {"signature after the quote",
	     "> Ready?\n\nYes.\n\nSent from my iPhone\n", "Yes.",
	     "Sent from my iPhone", "> Ready?"},
	    {"only quoted", "> all quoted\n> here\n", "", "",
	     "> all quoted\n> here"},
	    {"empty", "", "", "", ""},
	    {"blank lines only", "\n \n\t\n\xc2\xa0\n", "", "", ""},
	    {"crlf and lone cr",
	     "Hello\r\n\r\nOn Mon, Feb 3, 2020 at 10:00 AM John <j@x.com> "
	     "wrote:\r> hi\r\n",
	     "Hello", "",
	     "On Mon, Feb 3, 2020 at 10:00 AM John <j@x.com> "
	     "wrote:\n> hi"},
	    {"invalid utf-8 repaired", "caf\xe9 ok\n> q\n",
	     "caf\xef\xbf\xbd ok", "", "> q"},
	};

	(void)state;
	RUN(cases);
}

static void
test_html_to_text(void **state)
{
	static const struct {
		const char *html, *text;
	} cases[] = {
	    {"<p>Hello&nbsp;world</p><p>Second &amp; third</p>",
	     "Hello world\nSecond & third\n"},
	    {"&eacute;&#233;&#xE9;&#146;&hellip; &bogus; &amp x",
	     "ééé’… &bogus; &amp x"},
	    {"<div>a</div><div>b<br>c</div><ul><li>x</li><li>y</li></ul>",
	     "a\nb\nc\n- x\n- y\n"},
	    {"<html><head><title>T</title><style>p{color:red}</style></head>"
	     "<body><!-- note --><script>if (a<b) "
	     "x();</script>Hi</body></html>",
	     "Hi"},
	    {"Yes<br><div>On Mon, Feb 3, 2020 at 10:00 AM John "
	     "&lt;j@x.com&gt; wrote:<br><blockquote>Are you free?<br>Next "
	     "week<blockquote>deeper</blockquote></blockquote></div>",
	     "Yes\nOn Mon, Feb 3, 2020 at 10:00 AM John <j@x.com> wrote:\n> "
	     "Are you free?\n> Next week\n> > deeper\n"},
	    {"a < b and c > d", "a < b and c > d"},
	    {"text <div class=\"unclosed", "text"},
	    {"<pre>a\n  b</pre>", "a\n  b\n"},
	    {"  lots   of\n\n  space\t here  ", "lots of space here"},
	    {"<p>one</p><p>&nbsp;</p><p>two</p>", "one\n\ntwo\n"},
	    {"<br><br><br><br>x<br><br><br><br><br>y", "x\n\ny"},
	    {"<td>a</td><td>b</td>", "a b"},
	    {"&#0;&#xD800;&#1114112;", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
	    {"<head><meta charset=utf-8>no end of head", "no end of head"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *t = html_to_text(cases[i].html, strlen(cases[i].html));

		if (strcmp(t, cases[i].text) != 0)
			fail_msg("html %zu: \"%s\"", i, t);
		free(t);
	}
}

static void
test_charsets(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		const char *charset, *out;
	} cases[] = {
	    {"caf\xe9", 4, NULL, "café"},
	    {"caf\xc3\xa9", 5, NULL, "café"},
	    {"caf\xc3\xa9", 5, "us-ascii", "café"},
	    {"\x93hi\x94", 4, "iso-8859-1", "“hi”"},
	    {"\x80\x81", 2, "windows-1252", "€\xef\xbf\xbd"},
	    {"\xcf\xf0\xe8\xe2\xe5\xf2", 6, "windows-1251", "Привет"},
	    {"\xf0\xd2\xc9\xd7\xc5\xd4", 6, "koi8-r", "Привет"},
	    {"h\0i\0", 4, "utf-16le", "hi"},
	    {"abc\xff", 4, "utf-8", "abc\xef\xbf\xbd"},
	    {"abc\xff", 4, "UTF8", "abc\xef\xbf\xbd"},
	    {"x\0y", 3, NULL, "x\xef\xbf\xbdy"},
	    {"caf\xe9", 4, "x-no-such-charset", "café"},
	    {"\x82\xa0\xff\x82", 4, "shift_jis", "あ\xef\xbf\xbd\xef\xbf\xbd"},
	    {"", 0, "iso-8859-15", ""},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *t = mime_charset_to_utf8(cases[i].in, cases[i].len,
					       cases[i].charset);

		if (strcmp(t, cases[i].out) != 0)
			fail_msg("charset %zu (%s): \"%s\"", i,
				 cases[i].charset ? cases[i].charset : "none",
				 t);
		assert_true(utf8_valid(t, strlen(t)));
		free(t);
	}
}

/* extract_message on a message given as text with \n line ends. */
static void
msg(const char *raw, struct extract *ex)
{
	extract_message(raw, strlen(raw), ex);
	assert_true(utf8_valid(ex->reply_text, strlen(ex->reply_text)));
	assert_true(utf8_valid(ex->signature, strlen(ex->signature)));
	assert_true(utf8_valid(ex->quoted_text, strlen(ex->quoted_text)));
	assert_true(utf8_valid(ex->subject, strlen(ex->subject)));
	assert_true(utf8_valid(ex->from, strlen(ex->from)));
	assert_non_null(ex->language);
}

static void
test_mime_encodings(void **state)
{
	struct extract ex;

	(void)state;
	/* base64 UTF-8, RFC 2047 subject and name */
	msg("From: =?utf-8?q?Ren=C3=A9_Dupont?= <rene@example.fr>\n"
	    "Subject: =?iso-8859-1?q?R=E9ponse?=\n"
	    "MIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=utf-8\n"
	    "Content-Transfer-Encoding: base64\n\n"
	    "TWVyY2ksIMOnYSBtZSBjb252aWVudC4K\n",
	    &ex);
	assert_string_equal(ex.reply_text, "Merci, ça me convient.");
	assert_string_equal(ex.subject, "Réponse");
	assert_string_equal(ex.from, "René Dupont <rene@example.fr>");
	assert_string_equal(ex.from_addr, "rene@example.fr");
	extract_free(&ex);

	/* quoted-printable ISO-8859-1 */
	msg("From: a@example.com\nSubject: x\nMIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=iso-8859-1\n"
	    "Content-Transfer-Encoding: quoted-printable\n\n"
	    "Tr=E8s bien, =E7a marche. Une longue ligne coup=\n"
	    "=E9e en deux.\n",
	    &ex);
	assert_string_equal(ex.reply_text, "Très bien, ça marche. Une longue "
					   "ligne coupée en deux.");
	extract_free(&ex);

	/* no MIME at all, 8-bit body and headers in UTF-8 */
	msg("From: Zoë <zoe@example.com>\nSubject: Ça va\n\nOui, ça va.\n",
	    &ex);
	assert_string_equal(ex.reply_text, "Oui, ça va.");
	assert_string_equal(ex.subject, "Ça va");
	extract_free(&ex);

	/* no MIME at all, 8-bit body and headers in Latin-1 */
	msg("From: a@example.com\nSubject: \xc7\x61 va\n\nOui, \xe7\x61 va.\n",
	    &ex);
	assert_string_equal(ex.reply_text, "Oui, ça va.");
	assert_string_equal(ex.subject, "Ça va");
	extract_free(&ex);

	/* no headers at all */
	msg("Just some text\n\nOn Mon, Feb 3, 2020 at 10:00 AM John "
	    "<j@example.com> wrote:\n> q\n",
	    &ex);
	assert_string_equal(ex.reply_text, "Just some text");
	assert_string_equal(ex.subject, "");
	extract_free(&ex);

	/* windows-1251 */
	msg("From: a@example.com\nContent-Type: text/plain; "
	    "charset=windows-1251\n\n\xcf\xf0\xe8\xe2\xe5\xf2\n",
	    &ex);
	assert_string_equal(ex.reply_text, "Привет");
	extract_free(&ex);
}

static void
test_mime_structures(void **state)
{
	struct extract ex;

	(void)state;
	/* alternative with HTML first: the plain text wins */
	msg("From: a@example.com\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/alternative; boundary=b\n\n"
	    "--b\nContent-Type: text/html\n\n<p>HTML version</p>\n"
	    "--b\nContent-Type: text/plain\n\nPlain version\n--b--\n",
	    &ex);
	assert_string_equal(ex.reply_text, "Plain version");
	extract_free(&ex);

	/* empty plain text: the HTML is read */
	msg("From: a@example.com\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/alternative; boundary=b\n\n"
	    "--b\nContent-Type: text/plain\n\n \n"
	    "--b\nContent-Type: text/html\n\n<p>Real text</p>\n--b--\n",
	    &ex);
	assert_string_equal(ex.reply_text, "Real text");
	extract_free(&ex);

	/* HTML only, Gmail style: the blockquote is the quoted part */
	msg("From: a@example.com\nMIME-Version: 1.0\n"
	    "Content-Type: text/html; charset=utf-8\n\n"
	    "<div dir=\"ltr\">Tr&egrave;s bien.<br></div><br><div "
	    "class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">Le "
	    "lun. 3 f&eacute;vr. 2020 &agrave; 10:00, Jean &lt;<a "
	    "href=\"mailto:j@example.fr\">j@example.fr</a>&gt; a "
	    "&eacute;crit&nbsp;:<br></div><blockquote class=\"gmail_quote\" "
	    "style=\"margin:0\">Bonjour,<br>On se voit ?</blockquote></div>\n",
	    &ex);
	assert_string_equal(ex.reply_text, "Très bien.");
	assert_string_equal(
	    ex.quoted_text,
	    "Le lun. 3 févr. 2020 à 10:00, Jean <j@example.fr> a "
	    "écrit :\n> Bonjour,\n> On se voit ?");
	assert_string_equal(ex.language, "fr");
	extract_free(&ex);

	/* Outlook HTML: a header block in bold after a rule */
	msg("From: a@example.com\nMIME-Version: 1.0\n"
	    "Content-Type: text/html; charset=us-ascii\n\n"
	    "<html><head><style>p.MsoNormal{margin:0}</style></head><body>"
	    "<p class=MsoNormal>Works for us.<o:p></o:p></p><p "
	    "class=MsoNormal>&nbsp;</p><div "
	    "style='border:none;border-top:solid "
	    "#E1E1E1 1.0pt'><p class=MsoNormal><b>From:</b> John "
	    "&lt;j@example.com&gt;<br><b>Sent:</b> Monday, February 3, 2020 "
	    "10:00 AM<br><b>To:</b> Jane<br><b>Subject:</b> Plan</p></div>"
	    "<p class=MsoNormal>Original</p></body></html>\n",
	    &ex);
	assert_string_equal(ex.reply_text, "Works for us.");
	assert_memory_equal(ex.quoted_text,
			    "From: John <j@example.com>\nSent:", 32);
	extract_free(&ex);

	/* mixed: the body, not the attachments */
	msg("From: a@example.com\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=m\n\n"
	    "--m\nContent-Type: text/plain\n\nSee attached.\n"
	    "--m\nContent-Type: text/plain; name=notes.txt\n"
	    "Content-Disposition: attachment; filename=notes.txt\n\n"
	    "SECRET ATTACHMENT\n"
	    "--m\nContent-Type: image/png\nContent-Transfer-Encoding: "
	    "base64\n\n"
	    "iVBORw0KGgo=\n--m--\n",
	    &ex);
	assert_string_equal(ex.reply_text, "See attached.");
	assert_null(strstr(ex.quoted_text, "SECRET"));
	extract_free(&ex);

	/* alternative of plain and related(HTML, image) */
	msg("From: a@example.com\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/alternative; boundary=a\n\n"
	    "--a\nContent-Type: multipart/related; boundary=r\n\n"
	    "--r\nContent-Type: text/html\n\n<p>Related HTML</p>\n"
	    "--r\nContent-Type: image/png\n\nxx\n--r--\n"
	    "--a--\n",
	    &ex);
	assert_string_equal(ex.reply_text, "Related HTML");
	extract_free(&ex);

	/* a forwarded message is not the reply */
	msg("From: a@example.com\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=m\n\n"
	    "--m\nContent-Type: text/plain\n\nSee the message below.\n"
	    "--m\nContent-Type: message/rfc822\n\n"
	    "From: b@example.com\nSubject: Orig\n\nOriginal body text\n"
	    "--m--\n",
	    &ex);
	assert_string_equal(ex.reply_text, "See the message below.");
	assert_null(strstr(ex.quoted_text, "Original body"));
	extract_free(&ex);

	/* Apple Mail: text, image, more text */
	msg("From: a@example.com\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=m\n\n"
	    "--m\nContent-Type: text/plain\n\nBefore the picture.\n"
	    "--m\nContent-Type: image/jpeg\nContent-Disposition: inline\n\nxx\n"
	    "--m\nContent-Type: text/plain\n\nAfter it.\n--m--\n",
	    &ex);
	assert_string_equal(ex.reply_text, "Before the picture.\nAfter it.");
	extract_free(&ex);

	/* signed: the text inside */
	msg("From: a@example.com\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/signed; protocol=\"application/"
	    "pgp-signature\"; boundary=s\n\n"
	    "--s\nContent-Type: text/plain\n\nSigned text.\n"
	    "--s\nContent-Type: application/pgp-signature\n\n-----BEGIN PGP "
	    "SIGNATURE-----\n--s--\n",
	    &ex);
	assert_string_equal(ex.reply_text, "Signed text.");
	extract_free(&ex);

	/* truncated in the middle of a base64 part, no closing boundary */
	msg("From: a@example.com\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/alternative; boundary=t\n\n"
	    "--t\nContent-Type: text/plain; charset=utf-8\n"
	    "Content-Transfer-Encoding: base64\n\n"
	    "SGVsbG8sIHRoaXMgbWVzc2FnZSB3YXMgY3V0IHNo",
	    &ex);
	assert_memory_equal(ex.reply_text, "Hello, this message was cut", 27);
	extract_free(&ex);

	/* a part whose content type is only a forward */
	msg("From: a@example.com\nMIME-Version: 1.0\n"
	    "Content-Type: message/rfc822\n\n"
	    "From: b@example.com\n\nForwarded only\n",
	    &ex);
	assert_string_equal(ex.reply_text, "");
	extract_free(&ex);
}

/* Lines ending in a lone CR (old Mac clients, some web forms). */
static void
test_cr_line_ends(void **state)
{
	struct extract ex;

	(void)state;
	msg("From: Tom <tom@example.com>\rSubject: Re: Trial\rContent-Type: "
	    "text/plain; charset=utf-8\r\rThursday works.\r\rTom\r\rOn Thu, "
	    "Dec 3, 2026 at 5:21 PM Claire <c@x.example> wrote:\r> Would "
	    "you have 20 minutes?\r",
	    &ex);
	assert_string_equal(ex.subject, "Re: Trial");
	assert_string_equal(ex.from_addr, "tom@example.com");
	assert_string_equal(ex.reply_text, "Thursday works.\n\nTom");
	assert_true(strncmp(ex.quoted_text, "On Thu", 6) == 0);
	extract_free(&ex);
	/* quoted-printable, and a lone CR inside a CRLF message stays */
	msg("Subject: x\rContent-Transfer-Encoding: quoted-printable\r\r"
	    "Merci, =C3=A7a marche.\r",
	    &ex);
	assert_string_equal(ex.reply_text, "Merci, ça marche.");
	extract_free(&ex);
	msg("Subject: x\r\n\r\nOne\rTwo\r\n", &ex);
	assert_string_equal(ex.subject, "x");
	assert_string_equal(ex.reply_text, "One\nTwo");
	extract_free(&ex);
}

static void
test_mime_garbage(void **state)
{
	struct extract ex;
	struct buf b;
	char *deep;
	unsigned seed = 12345;
	size_t i;
	int d;

	(void)state;
	extract_message(NULL, 0, &ex);
	assert_string_equal(ex.reply_text, "");
	assert_string_equal(ex.language, "unknown");
	assert_null(ex.bounce_recipient);
	extract_free(&ex);
	extract_message("", 0, &ex);
	assert_string_equal(ex.reply_text, "");
	extract_free(&ex);

	/* random bytes */
	for (d = 0; d < 20; d++) {
		char raw[4096];

		for (i = 0; i < sizeof raw; i++) {
			seed = seed * 1103515245u + 12345u;
			raw[i] = (char)(seed >> 16);
		}
		extract_message(raw, sizeof raw, &ex);
		assert_true(utf8_valid(ex.reply_text, strlen(ex.reply_text)));
		extract_free(&ex);
	}

	/* bytes after headers with a NUL and invalid UTF-8 */
	extract_message("Subject: a\xff\n\nb\0c\xfe\n", 14, &ex);
	assert_true(utf8_valid(ex.subject, strlen(ex.subject)));
	assert_memory_equal(ex.reply_text, "b", 1);
	extract_free(&ex);

	/* multiparts nested far deeper than any mail client does */
	buf_init(&b);
	buf_puts(&b, "From: a@example.com\nMIME-Version: 1.0\n");
	for (d = 0; d < 2000; d++)
		buf_printf(&b,
			   "Content-Type: multipart/mixed; boundary=b%d\n\n"
			   "--b%d\n",
			   d, d);
	buf_puts(&b, "Content-Type: text/plain\n\nDeep\n");
	deep = b.data;
	extract_message(deep, b.len, &ex);
	assert_true(utf8_valid(ex.reply_text, strlen(ex.reply_text)));
	extract_free(&ex);
	buf_free(&b);
}

/* A message with the given extra headers and body. */
static void
msg_with(const char *headers, const char *body, struct extract *ex)
{
	struct buf b;

	buf_init(&b);
	buf_printf(&b,
		   "From: Someone <someone@example.com>\n%s"
		   "MIME-Version: 1.0\nContent-Type: text/plain; "
		   "charset=utf-8\n\n%s",
		   headers, body);
	msg(b.data, ex);
	buf_free(&b);
}

static void
test_autoreply_headers(void **state)
{
	static const struct {
		const char *headers;
		int auto_reply;
	} cases[] = {
	    {"Subject: Re: Proposal\nAuto-Submitted: auto-replied\n", 1},
	    {"Subject: Re: Proposal\nAuto-Submitted: auto-generated\n", 1},
	    {"Subject: Re: Proposal\nAuto-Submitted: no\n", 0},
	    {"Subject: Re: Proposal\nAuto-Submitted: No \n", 0},
	    {"Subject: Re: Proposal\nX-Autoreply: yes\n", 1},
	    {"Subject: Re: Proposal\nX-Autorespond: Proposal\n", 1},
	    {"Subject: Re: Proposal\nPrecedence: auto_reply\n", 1},
	    {"Subject: Re: Proposal\nPrecedence: bulk\n", 1},
	    {"Subject: Re: Proposal\nPrecedence: junk\n", 1},
	    {"Subject: Re: Proposal\nPrecedence: list\n", 0},
	    {"Subject: Re: Proposal\nX-Auto-Response-Suppress: All\n", 0},
	    {"Subject: Re: Proposal\nX-Autogenerated: Reply\n", 1},
	    /* The same rules as the milter's (autoreply.c): */
	    {"Subject: Re: Proposal\nX-Autoreply: false\n", 0},
	    {"Subject: Re: Proposal\nAuto-Submitted: no (a person)\n", 0},
	    {"Subject: Re: Proposal\nPrecedence: bulky\n", 0},
	    {"Subject: Re: Proposal\nPrecedence: auto-reply\n", 1},
	    /* every occurrence counts, not only the first */
	    {"Subject: Re: Proposal\nPrecedence: list\nPrecedence: bulk\n", 1},
	    {"Subject: Re: Proposal\nX-Autoreply: no\nAuto-Submitted: "
	     "auto-replied\n",
	     1},
	    /* folded, as the milter sees it too */
	    {"Subject: Re: Proposal\nAuto-Submitted:\n auto-replied\n", 1},
	    {"Subject: Re: Proposal\n", 0},
	    {"Subject: Out of Office: Re: Proposal\n", 1},
	    {"Subject: Automatic reply: Proposal\n", 1},
	    {"Subject: Autoreply: Proposal\n", 1},
	    {"Subject: Auto-Reply: Proposal\n", 1},
	    {"Subject: Absence du bureau\n", 1},
	    {"Subject: Abwesenheitsnotiz: Angebot\n", 1},
	    {"Subject: Réponse automatique : Proposition\n", 1},
	    {"Subject: =?utf-8?q?R=C3=A9ponse_automatique_:_Proposition?=\n",
	     1},
	    {"Subject: Respuesta automática: Propuesta\n", 1},
	    {"Subject: Automatisch antwoord: Voorstel\n", 1},
	    {"Subject: Risposta automatica: Proposta\n", 1},
	    {"Subject: Re: Absence of a feature\n", 0},
	    {"Subject: Re: Out of office next week?\n", 0},
	    {"Subject: AW: Automatische Antwort\n", 0},
	};
	struct extract ex;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		msg_with(cases[i].headers, "Thanks for your message.\n", &ex);
		if (ex.auto_reply != cases[i].auto_reply)
			fail_msg("auto_reply %d for %s", ex.auto_reply,
				 cases[i].headers);
		assert_int_equal(ex.bounce, 0);
		extract_free(&ex);
	}
}

static void
test_autoreply_bodies(void **state)
{
	static const struct {
		const char *body;
		int auto_reply;
	} cases[] = {
	    {"I am out of the office until Monday, February 10, with limited "
	     "access to email. For urgent matters, contact "
	     "help@example.com.",
	     1},
	    {"Thank you for your email. I'm currently out of the office.", 1},
	    {"Bonjour,\nJe suis absent jusqu'au 10 février inclus.", 1},
	    {"Guten Tag,\nich bin bis zum 10. Februar nicht im Büro.", 1},
	    {"Ich bin abwesend bis zum 10.02.", 1},
	    {"Estoy fuera de la oficina hasta el lunes.", 1},
	    {"Ik ben afwezig tot maandag.", 1},
	    {"Sono fuori ufficio fino a lunedì.", 1},
	    {"Estou de férias até segunda-feira.", 1},
	    {"This is an automatic reply: we received your message.", 1},
	    {"Thanks for the proposal, we are interested.", 0},
	    {"Happy to talk. By the way, your out-of-office tool seems nice.",
	     0},
	};
	struct extract ex;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		extract_text(cases[i].body, &ex);
		if (ex.auto_reply != cases[i].auto_reply)
			fail_msg("auto_reply %d for \"%s\"", ex.auto_reply,
				 cases[i].body);
		extract_free(&ex);
	}

	/* a long human reply that mentions the office late is not one */
	{
		struct buf b;

		buf_init(&b);
		for (i = 0; i < 20; i++)
			buf_puts(&b, "We looked at your offer in detail. ");
		buf_puts(&b, "I am out of the office next week.");
		extract_text(b.data, &ex);
		assert_int_equal(ex.auto_reply, 0);
		extract_free(&ex);
		buf_free(&b);
	}
}

static void
test_read_receipt(void **state)
{
	struct extract ex;

	(void)state;
	msg("From: b@example.com\nSubject: Read: Proposal\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/report; "
	    "report-type=disposition-notification; boundary=r\n\n"
	    "--r\nContent-Type: text/plain\n\nYour message was read.\n"
	    "--r\nContent-Type: message/disposition-notification\n\n"
	    "Final-Recipient: rfc822; b@example.com\n"
	    "Disposition: manual-action/MDN-sent-manually; displayed\n"
	    "--r--\n",
	    &ex);
	assert_int_equal(ex.auto_reply, 1);
	assert_int_equal(ex.bounce, 0);
	extract_free(&ex);
}

/* A DSN as Postfix sends it, with the per-recipient fields given. */
static void
dsn(const char *subject, const char *rcpt_fields, struct extract *ex)
{
	struct buf b;

	buf_init(&b);
	buf_printf(
	    &b,
	    "From: MAILER-DAEMON@mx.example.com (Mail Delivery System)\n"
	    "Subject: %s\n"
	    "Auto-Submitted: auto-replied\n"
	    "MIME-Version: 1.0\n"
	    "Content-Type: multipart/report; report-type=delivery-status;"
	    "\n\tboundary=\"B\"\n\n"
	    "--B\nContent-Description: Notification\n"
	    "Content-Type: text/plain; charset=us-ascii\n\n"
	    "This is the mail system at host mx.example.com.\n\n"
	    "I'm sorry to have to inform you that your message could not\n"
	    "be delivered to one or more recipients.\n\n"
	    "--B\nContent-Description: Delivery report\n"
	    "Content-Type: message/delivery-status\n\n"
	    "Reporting-MTA: dns; mx.example.com\n"
	    "Arrival-Date: Mon,  3 Feb 2020 10:00:00 +0100 (CET)\n\n"
	    "%s"
	    "--B\nContent-Description: Undelivered Message Headers\n"
	    "Content-Type: text/rfc822-headers\n\n"
	    "From: sales@example.org\nTo: customer@example.net\n"
	    "Subject: Proposal\n\n"
	    "--B--\n",
	    subject, rcpt_fields);
	msg(b.data, ex);
	buf_free(&b);
}

static void
test_bounce_dsn(void **state)
{
	struct extract ex;

	(void)state;
	dsn("Undelivered Mail Returned to Sender",
	    "Final-Recipient: rfc822; missing@example.net\n"
	    "Action: failed\nStatus: 5.1.1\n"
	    "Diagnostic-Code: smtp; 550 5.1.1 User unknown\n\n",
	    &ex);
	assert_int_equal(ex.bounce, 1);
	assert_int_equal(ex.auto_reply, 0);
	assert_string_equal(ex.bounce_recipient, "missing@example.net");
	assert_string_equal(ex.bounce_status, "5.1.1");
	assert_int_equal(ex.bounce_permanent, 1);
	assert_memory_equal(ex.reply_text, "This is the mail system", 23);
	extract_free(&ex);

	/* Original-Recipient is the address as it was written */
	dsn("Undelivered Mail Returned to Sender",
	    "Final-Recipient: rfc822;box@mail.example.net\n"
	    "Original-Recipient: rfc822;Customer@Example.net\n"
	    "Action: failed\nStatus: 5.2.2\n\n",
	    &ex);
	assert_string_equal(ex.bounce_recipient, "Customer@Example.net");
	assert_string_equal(ex.bounce_status, "5.2.2");
	extract_free(&ex);

	/* delayed: temporary */
	dsn("Delayed Mail (still being retried)",
	    "Final-Recipient: rfc822; slow@example.net\n"
	    "Action: delayed\nStatus: 4.4.1\n\n",
	    &ex);
	assert_int_equal(ex.bounce, 1);
	assert_string_equal(ex.bounce_status, "4.4.1");
	assert_int_equal(ex.bounce_permanent, 0);
	extract_free(&ex);

	/* two recipients: the one that failed */
	dsn("Undelivered Mail Returned to Sender",
	    "Final-Recipient: rfc822; fine@example.net\n"
	    "Action: delivered\nStatus: 2.0.0\n\n"
	    "Final-Recipient: rfc822; <gone@example.net>\n"
	    "Action: failed\nStatus: 5.1.1\n\n",
	    &ex);
	assert_string_equal(ex.bounce_recipient, "gone@example.net");
	extract_free(&ex);

	/* every recipient delivered: a success notice, not a bounce */
	dsn("Successful Mail Delivery Report",
	    "Final-Recipient: rfc822; fine@example.net\n"
	    "Action: delivered\nStatus: 2.0.0\n\n",
	    &ex);
	assert_int_equal(ex.bounce, 0);
	assert_null(ex.bounce_recipient);
	extract_free(&ex);

	/* no status: failed means permanent */
	dsn("Undelivered Mail Returned to Sender",
	    "Final-Recipient: rfc822; nostatus@example.net\n"
	    "Action: failed\n\n",
	    &ex);
	assert_null(ex.bounce_status);
	assert_int_equal(ex.bounce_permanent, 1);
	extract_free(&ex);
}

static void
test_bounce_without_dsn(void **state)
{
	struct extract ex;

	(void)state;
	/* Postfix-like text only */
	msg("From: MAILER-DAEMON@mx.example.com\n"
	    "Subject: Undelivered Mail Returned to Sender\n\n"
	    "This is the mail system at host mx.example.com.\n\n"
	    "<gone@example.org>: host mx.example.org[192.0.2.1] said: 550 "
	    "5.1.1\n    <gone@example.org>: Recipient address rejected\n",
	    &ex);
	assert_int_equal(ex.bounce, 1);
	assert_string_equal(ex.bounce_recipient, "gone@example.org");
	assert_string_equal(ex.bounce_status, "5.1.1");
	assert_int_equal(ex.bounce_permanent, 1);
	extract_free(&ex);

	/* Gmail's */
	msg("From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\n"
	    "Subject: Delivery Status Notification (Failure)\n\n"
	    "Address not found\n\nYour message wasn't delivered to "
	    "lost@example.net because the address couldn't be found.\n",
	    &ex);
	assert_int_equal(ex.bounce, 1);
	assert_string_equal(ex.bounce_recipient, "lost@example.net");
	assert_null(ex.bounce_status);
	assert_int_equal(ex.bounce_permanent, 1);
	extract_free(&ex);

	/* Exim's */
	msg("From: Mail Delivery System <Mailer-Daemon@mx.example.com>\n"
	    "Subject: Mail delivery failed: returning message to sender\n\n"
	    "This message was created automatically by mail delivery "
	    "software.\n\nA message that you sent could not be delivered to "
	    "one or more of its\nrecipients. This is a permanent error. The "
	    "following address(es) failed:\n\n  user@example.com\n    host "
	    "mx.example.com [192.0.2.1]\n    SMTP error from remote mail "
	    "server after RCPT TO:<user@example.com>:\n    550 5.1.1 User "
	    "unknown\n",
	    &ex);
	assert_int_equal(ex.bounce, 1);
	assert_string_equal(ex.bounce_recipient, "user@example.com");
	assert_string_equal(ex.bounce_status, "5.1.1");
	extract_free(&ex);

	/* temporary, said in words */
	msg("From: postmaster@example.com\n"
	    "Subject: Delivery Status Notification (Delay)\n\n"
	    "Delivery to slow@example.net is delayed. The server will retry.\n",
	    &ex);
	assert_int_equal(ex.bounce, 1);
	assert_string_equal(ex.bounce_recipient, "slow@example.net");
	assert_int_equal(ex.bounce_permanent, 0);
	extract_free(&ex);

	/* a report of delivery-status whose report part is missing */
	msg("From: MAILER-DAEMON@example.com\nSubject: Returned\n"
	    "MIME-Version: 1.0\nContent-Type: multipart/report; "
	    "report-type=delivery-status; boundary=B\n\n"
	    "--B\nContent-Type: text/plain\n\n<x@example.net>: 452 4.2.2 "
	    "Mailbox full\n--B--\n",
	    &ex);
	assert_int_equal(ex.bounce, 1);
	assert_string_equal(ex.bounce_recipient, "x@example.net");
	assert_string_equal(ex.bounce_status, "4.2.2");
	assert_int_equal(ex.bounce_permanent, 0);
	extract_free(&ex);

	/* a person's reply about a bounce is not one */
	msg("From: a@example.com\nSubject: Re: Undeliverable address\n\n"
	    "Use b@example.com instead.\n",
	    &ex);
	assert_int_equal(ex.bounce, 0);
	extract_free(&ex);

	/* a person's reply is not a bounce */
	msg("From: a@example.com\nSubject: Re: delivery\n\nThe delivery "
	    "failed last week, can you resend?\n",
	    &ex);
	assert_int_equal(ex.bounce, 0);
	extract_free(&ex);
}

static void
test_language(void **state)
{
	static const struct {
		const char *text, *lang;
	} cases[] = {
	    {"Thanks for the proposal, we are interested and would like to "
	     "know more.",
	     "en"},
	    {"Merci pour votre message, nous sommes intéressés par votre "
	     "offre.",
	     "fr"},
	    {"Vielen Dank für Ihre Nachricht, wir sind an dem Angebot "
	     "interessiert.",
	     "de"},
	    {"Gracias por su mensaje, estamos muy interesados en la propuesta.",
	     "es"},
	    {"Bedankt voor je bericht, we zijn zeer geïnteresseerd in het "
	     "aanbod.",
	     "nl"},
	    {"Grazie per il messaggio, siamo molto interessati alla proposta.",
	     "it"},
	    {"Obrigado pela mensagem, estamos muito interessados na proposta.",
	     "pt"},
	    {"ÇA NE VA PAS DU TOUT, MERCI", "fr"},
	    {"Hello", "unknown"},
	    {"", "unknown"},
	    {"12345 67890", "unknown"},
	    {"xyzzy plugh", "unknown"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *l = lang_guess(cases[i].text);

		if (strcmp(l, cases[i].lang) != 0)
			fail_msg("\"%s\": %s", cases[i].text, l);
	}
}

/*
 * Time is the thread's CPU time, and the best of three runs: CI shares the
 * machine with PostgreSQL and Postfix, and wall time there measured the
 * load, not the trimmer. A quadratic path stays slow in every run.
 */
static double
slow_cpu_ms(void (*run)(const char *), const char *input)
{
	double best = -1;
	int i;

	for (i = 0; i < 3; i++) {
		struct timespec t0, t1;
		double ms;

		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
		run(input);
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
		ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
		     (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
		if (best < 0 || ms < best)
			best = ms;
		if (best <= SLOW_MS)
			break;
	}
	return best;
}

/*
 * About 256 KB of the unit repeated: small enough for the bound to hold
 * with room under ASan, large enough that anything quadratic blows it.
 */
static char *
repeat(const char *unit)
{
	struct buf b;
	size_t n = strlen(unit);

	buf_init(&b);
	while (b.len < (1u << 18))
		buf_append(&b, unit, n);
	return b.data;
}

static void
slow_trim(const char *text)
{
	char *r, *s, *q;

	trim_split(text, &r, &s, &q);
	free(r);
	free(s);
	free(q);
}

static void
slow_html(const char *html)
{
	free(html_to_text(html, strlen(html)));
}

static void
slow_bounce(const char *raw)
{
	struct extract ex;

	extract_message(raw, strlen(raw), &ex);
	assert_int_equal(ex.bounce, 1);
	extract_free(&ex);
}

/* Inputs written to defeat a backtracking or quadratic trimmer. */
static void
test_slow_inputs(void **state)
{
	static const char *const trim_units[] = {
	    "On Mon, Feb 3, 2020 at 10:00 AM John <j@x.com> wrote: but not "
	    "quite an attribution since the line goes on and on and on and "
	    "on and on and on and on and on and on and on and on and on:\n",
	    "On a b c d e f g h i j k l m n o p q r s t u v w x y z 1 2 3\n",
	    "From: a\nTo: b\n",
	    "From: a\n\n",
	    "-A\n",
	    "> q\nr\n",
	    "-----\n",
	    "Sent from my iPhone\n",
	    ":\n",
	    "\r",
	    "x",
	    "\xc2\xa0\xc2\xa0\xc2\xa0 \n",
	    "Le 3 févr. 2020 à 10:00, Jean a écrit :\nLe\n",
	};
	static const char *const html_units[] = {
	    "<head>",  "<blockquote>", "<!--", "<a href=\"", "&#",   "<style>x",
	    "</p><p>", "&amp;",        "<",    "<br>",       "<li>",
	};
	size_t i;
	double ms;

	(void)state;
	for (i = 0; i < sizeof trim_units / sizeof trim_units[0]; i++) {
		char *text = repeat(trim_units[i]);

		ms = slow_cpu_ms(slow_trim, text);
		if (ms > SLOW_MS)
			fail_msg("trim of \"%.20s\"...: %.1f ms", trim_units[i],
				 ms);
		free(text);
	}
	for (i = 0; i < sizeof html_units / sizeof html_units[0]; i++) {
		char *html = repeat(html_units[i]);

		ms = slow_cpu_ms(slow_html, html);
		if (ms > SLOW_MS)
			fail_msg("html of \"%s\"...: %.1f ms", html_units[i],
				 ms);
		free(html);
	}
	/* a bounce full of at signs and digits */
	{
		struct buf b;
		char *body = repeat("@@ a@b.c 5.5. 550 <x@ ");

		buf_init(&b);
		buf_printf(&b, "Subject: Undelivered Mail\n\n%s", body);
		ms = slow_cpu_ms(slow_bounce, b.data);
		if (ms > SLOW_MS)
			fail_msg("bounce text: %.1f ms", ms);
		buf_free(&b);
		free(body);
	}
}

/* Workers of the analyzer call extract at once, the first calls too. */
static void *
worker(void *arg)
{
	static const char raw[] =
	    "From: a@example.com\nSubject: =?koi8-r?b?8NLJ18XU?=\n"
	    "MIME-Version: 1.0\nContent-Type: multipart/alternative; "
	    "boundary=b\n\n--b\nContent-Type: text/html; charset=windows-1251"
	    "\n\n<p>\xcf\xf0\xe8\xe2\xe5\xf2 &amp; merci pour votre "
	    "message</p>\n--b--\n";
	int i, *bad = arg;

	for (i = 0; i < 50; i++) {
		struct extract ex;

		extract_message(raw, sizeof raw - 1, &ex);
		if (strcmp(ex.reply_text,
			   "Привет & merci pour votre message") != 0 ||
		    strcmp(ex.subject, "Привет") != 0 ||
		    strcmp(ex.language, "fr") != 0)
			*bad = 1;
		extract_free(&ex);
	}
	return NULL;
}

static void
test_threads(void **state)
{
	pthread_t t[4];
	int bad[4] = {0}, i;

	(void)state;
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, worker, &bad[i]),
				 0);
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(bad[i], 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_threads),
	    cmocka_unit_test(test_attributions),
	    cmocka_unit_test(test_outlook),
	    cmocka_unit_test(test_signatures),
	    cmocka_unit_test(test_bottom_and_inline),
	    cmocka_unit_test(test_html_to_text),
	    cmocka_unit_test(test_charsets),
	    cmocka_unit_test(test_mime_encodings),
	    cmocka_unit_test(test_mime_structures),
	    cmocka_unit_test(test_mime_garbage),
	    cmocka_unit_test(test_cr_line_ends),
	    cmocka_unit_test(test_autoreply_headers),
	    cmocka_unit_test(test_autoreply_bodies),
	    cmocka_unit_test(test_read_receipt),
	    cmocka_unit_test(test_bounce_dsn),
	    cmocka_unit_test(test_bounce_without_dsn),
	    cmocka_unit_test(test_language),
	    cmocka_unit_test(test_slow_inputs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
