/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for what the built-in analyzer makes of intents (issue 20),
 * in English, French and German: plans that are not requests, the date
 * attached to a request, refusals for a competitor, problems that need
 * attention, sarcasm and mixed messages, spend as volume; each with
 * near misses that must not fire. And evidence: every signal that acts
 * quotes the words of the reply it came from.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "testtime.h"

#define TZ "Europe/Paris"
#define ANY "*"

/* Expected: NULL is "none", ANY is "not checked". */
struct icase {
	const char *text;
	const char *rt;        /* response_type */
	const char *sentiment; /* "!positive": anything but positive */
	const char *followup;  /* requested_followup_at */
	int not_interested;    /* -1: not checked */
	const char *volume;    /* monthly_volume */
};

/* Saturday 28 November 2026, 08:30 in Paris. */
static time_t
ref(void)
{
	return testtime_utc(2026, 11, 28, 7, 30);
}

static void
analyse(const char *text, struct analysis *a)
{
	struct analysis_input in = {
	    .text = text,
	    .subject = "",
	    .language = "unknown",
	    .received_at = ref(),
	    .tz = TZ,
	};

	builtin_analyze(&in, a);
}

static int
matches(const char *want, const char *got)
{
	if (want != NULL && strcmp(want, ANY) == 0)
		return 1;
	if (want == NULL || got == NULL)
		return want == got;
	if (want[0] == '!')
		return strcmp(want + 1, got) != 0;
	return strcmp(want, got) == 0;
}

/* The first field of c that a gets wrong, or NULL. */
static const char *
intents_wrong(const struct icase *c, const struct analysis *a)
{
	char when[32];

	if (a->requested_followup_at)
		analysis_format_time(a->requested_followup_at, when,
				     sizeof(when));
	if (!matches(c->rt, analysis_response_type_name(a->response_type)))
		return "response_type";
	if (!matches(c->sentiment, analysis_sentiment_name(a->sentiment)))
		return "sentiment";
	if (!matches(c->followup, a->requested_followup_at ? when : NULL))
		return "requested_followup_at";
	if (c->not_interested >= 0 && c->not_interested != a->not_interested)
		return "not_interested";
	if (!matches(c->volume, a->monthly_volume))
		return "monthly_volume";
	return NULL;
}

/*
 * Every signal that acts has evidence, found in the reply: the rule
 * checked on every case of this file.
 */
static const char *
intents_unproven(const struct analysis *a, const char *text)
{
	for (int s = 0; s < SIG_COUNT; s++)
		if (evidence_active(a, (enum analysis_signal)s) &&
		    !evidence_in_text(a->evidence[s], text))
			return evidence_signal_name((enum analysis_signal)s);
	return NULL;
}

static void
run(const struct icase *cases, size_t n)
{
	int failed = 0;

	for (size_t i = 0; i < n; i++) {
		struct analysis a;
		const char *bad;

		analyse(cases[i].text, &a);
		bad = intents_wrong(&cases[i], &a);
		if (bad == NULL && (bad = intents_unproven(&a, cases[i].text)))
			print_message("no evidence for %s:\n", bad);
		if (bad != NULL) {
			json_object *o = analysis_to_json(&a);

			print_message("%s wrong for \"%s\": %s\n", bad,
				      cases[i].text,
				      json_object_to_json_string(o));
			json_object_put(o);
			failed++;
		}
		analysis_free(&a);
	}
	if (failed)
		fail_msg("%d of %zu cases failed", failed, n);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define MON "2026-11-30T08:00:00Z" /* next week: Monday 09:00 */
#define THU "2026-12-03T08:00:00Z" /* next Thursday 09:00 */
#define MARCH "2027-03-01T08:00:00Z"

/* Plans are not requests; an explicit ask is. */
static const struct icase plans[] = {
    {"We plan to migrate in March.", ANY, ANY, NULL, 0, ANY},
    {"Funding arrives in January.", ANY, ANY, NULL, 0, ANY},
    {"I'll let you know in January.", ANY, ANY, NULL, 0, ANY},
    {"I'll call you next week.", ANY, ANY, NULL, 0, ANY},
    {"I'll reach out in February.", ANY, ANY, NULL, 0, ANY},
    {"We will revisit this in Q2.", ANY, ANY, NULL, 0, ANY},
    {"I'm going to discuss it with my team next week.", ANY, ANY, NULL, 0, ANY},
    {"We're planning to switch providers in March, so no rush.", ANY, ANY, NULL,
     0, ANY},
    {"Nous prévoyons de migrer en mars.", ANY, ANY, NULL, 0, ANY},
    {"Je vous tiendrai au courant en janvier.", ANY, ANY, NULL, 0, ANY},
    {"Le budget arrive en janvier.", ANY, ANY, NULL, 0, ANY},
    {"Je vous rappellerai la semaine prochaine.", ANY, ANY, NULL, 0, ANY},
    {"Wir planen, im März umzusteigen.", ANY, ANY, NULL, 0, ANY},
    {"Das Budget kommt im Januar.", ANY, ANY, NULL, 0, ANY},
    {"Ich melde mich im Januar.", ANY, ANY, NULL, 0, ANY},
    {"Ich rufe Sie nächste Woche an.", ANY, ANY, NULL, 0, ANY},
    {"Thanks, we'll see in January.", ANY, ANY, NULL, 0, ANY},
    {"We just renewed with our provider for a year. Maybe next year.", ANY, ANY,
     NULL, -1, ANY},
    {"Can you correct the invoice before the payment on Friday?", ANY, ANY,
     NULL, 0, ANY},
    {"Pouvez-vous corriger la facture avant vendredi ?", ANY, ANY, NULL, 0,
     ANY},
    {"Können Sie die Rechnung vor Freitag korrigieren?", ANY, ANY, NULL, 0,
     ANY},
    {"Let me check with my team and get back to you next week.", ANY, ANY, NULL,
     0, ANY},
    {"Don't call me next week, I'm on holiday.", ANY, ANY, NULL, 0, ANY},
    {"Je reviens vers vous la semaine prochaine.", ANY, ANY, NULL, 0, ANY},
    {"Nous allons changer d'outil en mars.", ANY, ANY, NULL, 0, ANY},
    {"Wir werden im Frühjahr wechseln.", ANY, ANY, NULL, 0, ANY},
    {"Wir melden uns nächste Woche bei Ihnen.", ANY, ANY, NULL, 0, ANY},
    /* Near misses: asked of us. */
    {"Call me next week.", ANY, ANY, MON, 0, ANY},
    {"Please get back to me in March.", ANY, ANY, MARCH, 0, ANY},
    {"We plan to migrate in March, so please reach out in February.", ANY, ANY,
     "2027-02-01T08:00:00Z", 0, ANY},
    {"Can you follow up in two weeks?", ANY, ANY, "2026-12-12T08:00:00Z", 0,
     ANY},
    {"Rappelez-moi la semaine prochaine.", ANY, ANY, MON, 0, ANY},
    {"Recontactez-moi en mars.", ANY, ANY, MARCH, 0, ANY},
    {"Rufen Sie mich nächste Woche an.", ANY, ANY, MON, 0, ANY},
    {"Melden Sie sich bitte im März wieder.", ANY, ANY, MARCH, 0, ANY},
    {"Please call me next week.", ANY, ANY, MON, 0, ANY},
    {"Don't hesitate to reach out in January.", ANY, ANY,
     "2027-01-01T08:00:00Z", 0, ANY},
    {"N'hésitez pas à me relancer dans deux semaines.", ANY, ANY,
     "2026-12-12T08:00:00Z", 0, ANY},
    {"Pouvez-vous me recontacter en février ?", ANY, ANY,
     "2027-02-01T08:00:00Z", 0, ANY},
    {"Können Sie mich in zwei Wochen wieder kontaktieren?", ANY, ANY,
     "2026-12-12T08:00:00Z", 0, ANY},
};

/* With several times, the request's wins; never a past one. */
static const struct icase dates[] = {
    {"I'm in meetings all day today, can you come back to me next "
     "Thursday?",
     "standard", ANY, THU, 0, ANY},
    {"Je suis en réunion toute la journée aujourd'hui, pouvez-vous revenir "
     "vers moi jeudi prochain ?",
     "standard", ANY, THU, 0, ANY},
    {"Ich bin heute den ganzen Tag im Meeting, rufen Sie mich bitte "
     "nächsten Donnerstag an.",
     "standard", ANY, THU, 0, ANY},
    {"I'm on holiday until 15 December, please contact me after that.", ANY,
     ANY, "2026-12-15T08:00:00Z", 0, ANY},
    /* Away now, and a time proposed: the proposal, not an end of absence. */
    {"I'm driving, can we talk tomorrow?", ANY, ANY, "2026-11-29T08:00:00Z", 0,
     ANY},
    {"Je suis au volant, on en parle demain ?", ANY, ANY,
     "2026-11-29T08:00:00Z", 0, ANY},
    {"Sitze gerade im Auto, können wir morgen sprechen?", ANY, ANY,
     "2026-11-29T08:00:00Z", 0, ANY},
    /* Away in meetings or training, with an ask */
    {"Ich bin heute den ganzen Tag in Terminen. Können Sie sich nächsten "
     "Dienstag noch einmal bei mir melden?",
     ANY, ANY, "2026-12-01T08:00:00Z", 0, ANY},
    {"Call me today at 8am.", ANY, ANY, NULL, 0, ANY},
    {"Rappelez-moi aujourd'hui à 8h.", ANY, ANY, NULL, 0, ANY},
    {"Rufen Sie mich heute um 8 Uhr an.", ANY, ANY, NULL, 0, ANY},
};

/* A competitor chosen is a refusal. */
static const struct icase refusals[] = {
    {"We signed with a competitor last week.", "standard", ANY, NULL, 1, ANY},
    {"We went with another vendor, thanks anyway.", "standard", ANY, NULL, 1,
     ANY},
    {"Nous avons signé avec un concurrent la semaine dernière.", "standard",
     ANY, NULL, 1, ANY},
    {"Nous avons choisi une autre solution.", "standard", ANY, NULL, 1, ANY},
    {"Wir haben letzte Woche bei einem Wettbewerber unterschrieben.",
     "standard", ANY, NULL, 1, ANY},
    {"Wir haben uns für einen anderen Anbieter entschieden.", "standard", ANY,
     NULL, 1, ANY},
    /* A competitor by name, chosen */
    {"We went with Postmark after our evaluation.", "standard", ANY, NULL, 1,
     ANY},
    {"Merci, mais nous avons choisi Brevo le mois dernier.", "standard", ANY,
     NULL, 1, ANY},
    {"Danke, aber wir haben uns letzten Monat für Brevo entschieden.",
     "standard", ANY, NULL, 1, ANY},
    {"Nous utilisons un outil gratuit qui nous suffit.", ANY, ANY, NULL, 1,
     ANY},
    /* Near misses */
    {"We chose Mailgun two years ago and it keeps failing, can we talk?", ANY,
     ANY, ANY, 0, ANY},
    {"We use Mailchimp today.", ANY, ANY, NULL, 0, ANY},
    {"Wir haben uns für den Dienstag entschieden.", ANY, ANY, ANY, 0, ANY},
    {"Le client a choisi ses dates.", ANY, ANY, ANY, 0, ANY},
    {"We went with Postmark last year but we're interested in moving to you.",
     ANY, ANY, ANY, 0, ANY},
    {"We signed the contract last week, when do we start?", ANY, ANY, NULL, 0,
     ANY},
    {"We compared you with a competitor and you won.", ANY, ANY, NULL, 0, ANY},
    {"Nous avons signé le contrat.", ANY, ANY, NULL, 0, ANY},
    {"Wir haben den Vertrag unterschrieben.", ANY, ANY, NULL, 0, ANY},
    {"We went with another approach internally, but happy to talk.", ANY, ANY,
     NULL, 0, ANY},
    {"We chose another date for the call.", ANY, ANY, NULL, 0, ANY},
    {"Nous avons choisi un autre créneau, jeudi 10h.", ANY, ANY, NULL, 0, ANY},
    {"Können Sie das mit einem anderen Anbieter vergleichen?", ANY, ANY, NULL,
     0, ANY},
};

/* Problems that need someone: a failure, a blocking review, billing. */
static const struct icase problems[] = {
    {"Your servers were down yesterday and our newsletter never went out.",
     "needs_attention", "negative", NULL, 0, ANY},
    {"Our campaign was sent twice to the whole list because of your bug.",
     "needs_attention", "negative", NULL, 0, ANY},
    {"Our legal team hasn't approved the DPA, so the purchase is blocked.",
     "needs_attention", "negative", NULL, 0, ANY},
    {"The purchase is blocked by our security review.", "needs_attention",
     "negative", NULL, 0, ANY},
    {"You invoiced us for 50 seats but we only have 20.", "needs_attention",
     "negative", NULL, 0, ANY},
    {"Votre plateforme était en panne hier et nos campagnes ne sont jamais "
     "parties.",
     "needs_attention", "negative", NULL, 0, ANY},
    {"Notre service juridique bloque l'achat tant que le DPA n'est pas "
     "signé.",
     "needs_attention", "negative", NULL, 0, ANY},
    {"Votre facture est erronée : vous nous avez facturé 50 licences au lieu "
     "de 20.",
     "needs_attention", "negative", NULL, 0, ANY},
    {"Unsere Newsletter wurde wegen Ihres Ausfalls nie versendet.",
     "needs_attention", "negative", NULL, 0, ANY},
    {"Unsere Rechtsabteilung blockiert den Kauf, bis der AV-Vertrag "
     "vorliegt.",
     "needs_attention", "negative", NULL, 0, ANY},
    {"Ihre Rechnung ist falsch, wir wurden doppelt abgebucht.",
     "needs_attention", "negative", NULL, 0, ANY},
    {"I want to move forward but our legal team won't sign off until we "
     "have your DPA.",
     "needs_attention", "negative", NULL, 0, ANY},
    {"Notre RSSI a suspendu l'achat : vos clés API ne peuvent pas être "
     "limitées.",
     "needs_attention", "negative", NULL, 0, ANY},
    {"Unsere IT-Sicherheit hat den Kauf gestoppt.", "needs_attention",
     "negative", NULL, 0, ANY},
    {"Our account was suspended without explanation after 200 test emails.",
     "needs_attention", "negative", NULL, 0, ANY},
    /* Near misses: a review under way, their provider's failure. */
    {"Our legal team is reviewing the contract, we should sign next week.",
     "!needs_attention", ANY, NULL, 0, ANY},
    {"We use Mailchimp and it was down twice last month, so we'd love to "
     "switch to you.",
     "high_value", "positive", NULL, 0, ANY},
    {"Notre service juridique relit le contrat.", "standard", ANY, NULL, 0,
     ANY},
    {"Unsere Rechtsabteilung prüft den Vertrag gerade.", "standard", ANY, NULL,
     0, ANY},
    {"Thanks, the invoice is paid.", "standard", ANY, NULL, 0, ANY},
    {"Sorry, the purchase is on hold until our budget is approved.",
     "!needs_attention", ANY, NULL, 0, ANY},
    {"Our security review is scheduled for next week.", "standard", ANY, NULL,
     0, ANY},
};

/* "Fantastic" is not praise when it is sarcasm. */
static const struct icase sarcasm[] = {
    {"Fantastic, another email I didn't ask for.", "standard", "!positive",
     NULL, 0, ANY},
    {"Oh great, the third reminder this week.", ANY, "!positive", NULL, 0, ANY},
    {"Super, encore un mail que je n'ai pas demandé.", ANY, "!positive", NULL,
     0, ANY},
    {"Na toll, schon wieder eine Mail.", ANY, "!positive", NULL, 0, ANY},
    /* Praise and a concrete complaint: attention. */
    {"Love the product, but the export has been broken for a week.",
     "needs_attention", "negative", NULL, 0, ANY},
    {"Génial, j'adore votre outil, mais l'export ne fonctionne plus depuis "
     "une semaine.",
     "needs_attention", "negative", NULL, 0, ANY},
    {"Tolles Produkt, aber der Export funktioniert seit dem Update nicht "
     "mehr.",
     "needs_attention", "negative", NULL, 0, ANY},
    /* Near misses: meant. */
    {"Fantastic, let's talk next week!", "high_value", "positive", MON, 0, ANY},
    {"Great, I'll send another email with the details.", ANY, "positive", NULL,
     0, ANY},
    {"Super, merci !", ANY, "positive", NULL, 0, ANY},
    {"Toll, danke!", ANY, "positive", NULL, 0, ANY},
};

/* The monthly volume is usage or spend. */
static const struct icase volumes[] = {
    {"We pay about €1,200/month for Mailchimp.", ANY, ANY, NULL, 0, "€1,200"},
    {"We spend around $800 a month on email.", ANY, ANY, NULL, 0, "$800"},
    {"Nous payons environ 1 500 € par mois.", ANY, ANY, NULL, 0, "€1,500"},
    {"Wir zahlen rund 900 Euro pro Monat an unseren Anbieter.", ANY, ANY, NULL,
     0, "€900"},
    {"Wir versenden rund 300.000 Mails pro Monat.", ANY, ANY, NULL, 0,
     "300,000 emails"},
    {"Nous envoyons près de 8 000 courriels par mois.", ANY, ANY, NULL, 0,
     "8,000 emails"},
    /* Near misses: a price is not their spend. */
    {"Your plan at €50 a month is too expensive.", ANY, ANY, NULL, 0, NULL},
    {"Der Preis von 49 € pro Monat ist zu hoch.", ANY, ANY, NULL, 0, NULL},
    {"Votre offre à 30 € par mois est trop chère.", ANY, ANY, NULL, 0, NULL},
};

/*
 * Interest, tone and who must act, as the sales sets label them: a
 * question about the offer is interest, neutral in tone; plans, problems
 * with ours and a refusal with its volume are mentions; sarcasm and a
 * curt "stop" are negative, removal asked politely is not.
 */
static const struct {
	const char *text;
	const char *rt, *sentiment, *interest;
	int follow_up_needed;
} tones[] = {
    /* Questions about the offer */
    {"Do you support dedicated IPs on the entry plan?", "high_value", "neutral",
     "interested", 1},
    {"Votre API gère-t-elle les clés d'idempotence ?", "high_value", "neutral",
     "interested", 1},
    {"Werden Ihre Daten in der EU gespeichert?", "high_value", "neutral",
     "interested", 1},
    /* Near misses: an ask to be called, a complaint's question */
    {"Could you call me on Monday?", "standard", "neutral", "none", 1},
    {"Your invoice is wrong, can you fix it?", "needs_attention", "negative",
     "mentioned", 1},
    /* Away, and a time proposed: put off, no interest */
    {"Sitze gerade im Auto, können wir morgen sprechen?", "standard", "neutral",
     "none", 1},
    {"Sorry, driving at the moment. Can we talk tomorrow?", "standard",
     "neutral", "none", 1},
    /* A booked meeting is very interested; a price for a volume is interest */
    {"Tuesday at 2pm works for me. I've accepted the invite, see you then.",
     "high_value", "positive", "very_interested", 0},
    {"Jeudi 10 décembre à 14h me convient. J'ai accepté l'invitation.",
     "high_value", "positive", "very_interested", 0},
    {"We send about 30k emails a month. What's your cheapest plan that "
     "covers that?",
     "high_value", ANY, "interested", 1},
    {"Wir verschicken rund 300.000 Mails pro Monat. Was würde das kosten?",
     "high_value", ANY, "interested", 1},
    /* Thanks and a good day: warm */
    {"Danke Ihnen, schönen Tag noch!", "standard", "positive", "none", 0},
    {"Merci beaucoup Julien, bonne journée à vous !", "standard", "positive",
     "none", 0},
    /* Interest said in words is positive */
    {"Klingt interessant. Was kostet das?", "high_value", "positive",
     "interested", 1},
    /* Plans of their own: mentioned, nothing to answer */
    {"We plan to migrate our email stack in the spring.", "standard", "neutral",
     "mentioned", 0},
    {"Nous prévoyons de changer d'outil au printemps.", "standard", "neutral",
     "mentioned", 0},
    {"Wir planen die Umstellung für das Frühjahr.", "standard", "neutral",
     "mentioned", 0},
    /* Near miss: a promise to call says nothing of a need */
    {"Ich bin unterwegs, ich melde mich.", "standard", "neutral", "none", 1},
    /* A refusal that says how much they send */
    {"We send about 120k emails a month and just renewed with our current "
     "provider for a year.",
     "standard", "neutral", "mentioned", 0},
    {"Not interested, thanks.", "standard", "neutral", "none", 0},
    /* Counting our emails is sarcasm: negative, and no task */
    {"Fantastic, a fourth email this week. Exactly what my inbox needed.",
     "standard", "negative", "none", 0},
    {"Super, le cinquième email de la semaine. Vraiment, merci.", "standard",
     "negative", "none", 0},
    {"Fantastisch, schon die vierte Mail diese Woche.", "standard", "negative",
     "none", 0},
    /* Near miss: meant */
    {"Fantastic, the fourth of December works for us.", ANY, "positive", ANY,
     -1},
    /* A curt stop is negative; a removal asked is not */
    {"Stop emailing me.", "standard", "negative", "none", 0},
    {"Arrêtez de m'écrire, merci.", "standard", "negative", "none", 0},
    {"Hören Sie auf, mir zu schreiben.", "standard", "negative", "none", 0},
    {"Please remove me from your mailing list.", "standard", "neutral", "none",
     0},
    {"Merci de me retirer de votre liste de diffusion.", "standard", "neutral",
     "none", 0},
    {"Bitte tragen Sie mich aus.", "standard", "neutral", "none", 0},
    /* Asking where we got the address */
    {"Hi, who gave you my email address?", ANY, "negative", ANY, -1},
    {"Bonjour, qui vous a donné mon adresse ?", ANY, "negative", ANY, -1},
    {"Hallo, woher haben Sie meine Adresse?", ANY, "negative", ANY, -1},
};

static void
test_tones(void **state)
{
	int failed = 0;

	(void)state;
	for (size_t i = 0; i < N(tones); i++) {
		struct analysis a;
		const char *bad = NULL;

		analyse(tones[i].text, &a);
		if (!matches(tones[i].rt,
			     analysis_response_type_name(a.response_type)))
			bad = "response_type";
		else if (!matches(tones[i].sentiment,
				  analysis_sentiment_name(a.sentiment)))
			bad = "sentiment";
		else if (!matches(tones[i].interest,
				  analysis_interest_name(a.product_interest)))
			bad = "product_interest";
		else if (tones[i].follow_up_needed >= 0 &&
			 tones[i].follow_up_needed != a.follow_up_needed)
			bad = "follow_up_needed";
		else
			bad = intents_unproven(&a, tones[i].text);
		if (bad != NULL) {
			json_object *o = analysis_to_json(&a);

			print_message("%s wrong for \"%s\": %s\n", bad,
				      tones[i].text,
				      json_object_to_json_string(o));
			json_object_put(o);
			failed++;
		}
		analysis_free(&a);
	}
	if (failed)
		fail_msg("%d of %zu cases failed", failed, N(tones));
}

static void
test_plans(void **state)
{
	(void)state;
	run(plans, N(plans));
}

static void
test_request_dates(void **state)
{
	(void)state;
	run(dates, N(dates));
}

static void
test_refusals(void **state)
{
	(void)state;
	run(refusals, N(refusals));
}

static void
test_problems(void **state)
{
	(void)state;
	run(problems, N(problems));
}

static void
test_sarcasm(void **state)
{
	(void)state;
	run(sarcasm, N(sarcasm));
}

static void
test_volumes(void **state)
{
	(void)state;
	run(volumes, N(volumes));
}

/* The words each signal quotes, as a salesperson reads them. */
static void
test_evidence(void **state)
{
	static const struct {
		const char *text;
		enum analysis_signal sig;
		const char *quote;
	} cases[] = {
	    {"I'm in meetings all day today, can you come back to me next "
	     "Thursday?",
	     SIG_REQUESTED_FOLLOWUP, "can you come back to me next Thursday"},
	    {"I'm in meetings all day today, can you come back to me next "
	     "Thursday?",
	     SIG_UNAVAILABLE, "I'm in meetings all day today"},
	    {"I'm on holiday until 15 December, please contact me after that.",
	     SIG_REQUESTED_FOLLOWUP,
	     "I'm on holiday until 15 December, please contact me after that"},
	    {"Ich bin heute den ganzen Tag im Meeting, rufen Sie mich bitte "
	     "nächsten Donnerstag an.",
	     SIG_REQUESTED_FOLLOWUP,
	     "rufen Sie mich bitte nächsten Donnerstag an"},
	    {"Bonjour,\n\nNous avons signé  avec un\tconcurrent la semaine "
	     "dernière. Merci.",
	     SIG_NOT_INTERESTED,
	     "Nous avons signé avec un concurrent la semaine dernière"},
	    {"Danke, aber wir haben uns letzten Monat für Brevo entschieden.",
	     SIG_NOT_INTERESTED,
	     "aber wir haben uns letzten Monat für Brevo entschieden"},
	    {"I'm in back-to-back meetings today. Could you call me tomorrow?",
	     SIG_UNAVAILABLE, "I'm in back-to-back meetings today"},
	    {"Please stop emailing me.", SIG_DO_NOT_CONTACT,
	     "Please stop emailing me"},
	    {"STOP", SIG_DO_NOT_CONTACT, "STOP"},
	    {"Thanks! I've accepted the invite, looking forward to our call!",
	     SIG_MEETING_BOOKED, "I've accepted the invite"},
	    {"Hello. Your last invoice is wrong: we were billed twice.",
	     SIG_RESPONSE_TYPE, "Your last invoice is wrong"},
	    {"Great. Could you send me the pricing?", SIG_RESPONSE_TYPE,
	     "Could you send me the pricing"},
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		struct analysis a;

		analyse(cases[i].text, &a);
		if (a.evidence[cases[i].sig] == NULL ||
		    strcmp(a.evidence[cases[i].sig], cases[i].quote) != 0)
			fail_msg(
			    "%s for \"%s\": \"%s\", not \"%s\"",
			    evidence_signal_name(cases[i].sig), cases[i].text,
			    a.evidence[cases[i].sig] ? a.evidence[cases[i].sig]
						     : "(none)",
			    cases[i].quote);
		assert_true(
		    evidence_in_text(a.evidence[cases[i].sig], cases[i].text));
		analysis_free(&a);
	}
}

/* Long sentences are cut at a character, and stay a part of the reply. */
static void
test_evidence_long(void **state)
{
	char text[4096];
	struct analysis a;
	size_t n = 0;

	(void)state;
	n += (size_t)snprintf(text, sizeof(text), "Please stop emailing me");
	for (int i = 0; i < 150; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, " é");
	snprintf(text + n, sizeof(text) - n, ".");
	analyse(text, &a);
	assert_int_equal(a.do_not_contact, 1);
	assert_true(strlen(a.evidence[SIG_DO_NOT_CONTACT]) <=
		    ANALYSIS_MAX_EVIDENCE);
	assert_true(evidence_in_text(a.evidence[SIG_DO_NOT_CONTACT], text));
	analysis_free(&a);
}

/* A quiet reply acts on nothing and quotes nothing. */
static void
test_no_signal_no_evidence(void **state)
{
	struct analysis a;
	json_object *o, *ev;

	(void)state;
	analyse("Thanks.", &a);
	for (int s = 0; s < SIG_COUNT; s++)
		assert_null(a.evidence[s]);
	o = analysis_to_json(&a);
	assert_true(json_object_object_get_ex(o, "evidence", &ev));
	assert_int_equal(json_object_object_length(ev), 0);
	json_object_put(o);
	analysis_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plans),
	    cmocka_unit_test(test_request_dates),
	    cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_problems),
	    cmocka_unit_test(test_sarcasm),
	    cmocka_unit_test(test_volumes),
	    cmocka_unit_test(test_tones),
	    cmocka_unit_test(test_evidence),
	    cmocka_unit_test(test_evidence_long),
	    cmocka_unit_test(test_no_signal_no_evidence),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
