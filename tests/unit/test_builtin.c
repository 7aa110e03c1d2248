/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the built-in analyzer (reading/builtin.c and the modules
 * it uses: words, lexicon, dates, volume): the obvious cases in
 * English, French and German, relative dates in the account's time zone,
 * limits, determinism, threads, and speed.
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

#include "analysis.h"
#include "dates.h"
#include "words.h"
#include "zone.h"

/* Tuesday 24 November 2026, 09:00 in Paris (08:00 UTC). */
#define REF ((time_t)1795507200)
#define TZ "Europe/Paris"

/* Expected booleans. */
#define NI 0x01   /* not_interested */
#define DNC 0x02  /* do_not_contact */
#define MEET 0x04 /* meeting_booked */
#define UNAV 0x08 /* unavailable */
#define FU 0x10   /* follow_up_needed */

struct bcase {
	const char *text;
	const char *rt;        /* response_type, NULL: any */
	const char *sentiment; /* NULL: any */
	int smin, smax;        /* opportunity_score range */
	const char *interest;  /* NULL: any */
	int flags;             /* exactly these booleans */
	const char *until;     /* unavailable_until, NULL: none */
	const char *followup;  /* requested_followup_at, NULL: none */
	const char *volume;    /* monthly_volume, NULL: none */
	int actions;           /* at least this many action items */
	int pains;             /* at least this many pain points */
};

static void
analyse(const char *text, int auto_reply, const char *subject,
	struct analysis *a)
{
	struct analysis_input in = {
	    .text = text,
	    .subject = subject ? subject : "",
	    .language = "unknown",
	    .auto_reply = auto_reply,
	    .received_at = REF,
	    .tz = TZ,
	};

	builtin_analyze(&in, a);
}

static const char *
iso(time_t t, char *buf)
{
	if (t == 0)
		return NULL;
	analysis_format_time(t, buf, 32);
	return buf;
}

static int
same(const char *want, const char *got)
{
	if (want == NULL || got == NULL)
		return want == got;
	return strcmp(want, got) == 0;
}

/* Check one case; returns a description of the first mismatch or NULL. */
static const char *
check(const struct bcase *c, int auto_reply, char *why, size_t len)
{
	struct analysis a;
	char b1[32], b2[32];
	const char *bad = NULL;

	analyse(c->text, auto_reply, NULL, &a);
	if (c->rt &&
	    strcmp(c->rt, analysis_response_type_name(a.response_type)) != 0)
		bad = "response_type";
	else if (c->sentiment &&
		 strcmp(c->sentiment, analysis_sentiment_name(a.sentiment)))
		bad = "sentiment";
	else if (a.opportunity_score < c->smin || a.opportunity_score > c->smax)
		bad = "opportunity_score";
	else if (c->interest &&
		 strcmp(c->interest,
			analysis_interest_name(a.product_interest)) != 0)
		bad = "product_interest";
	else if (!!(c->flags & NI) != a.not_interested)
		bad = "not_interested";
	else if (!!(c->flags & DNC) != a.do_not_contact)
		bad = "do_not_contact";
	else if (!!(c->flags & MEET) != a.meeting_booked)
		bad = "meeting_booked";
	else if (!!(c->flags & UNAV) != a.unavailable)
		bad = "unavailable";
	else if (!!(c->flags & FU) != a.follow_up_needed)
		bad = "follow_up_needed";
	else if (!same(c->until, iso(a.unavailable_until, b1)))
		bad = "unavailable_until";
	else if (!same(c->followup, iso(a.requested_followup_at, b2)))
		bad = "requested_followup_at";
	else if (!same(c->volume, a.monthly_volume))
		bad = "monthly_volume";
	else if ((int)a.naction_items < c->actions)
		bad = "action_items";
	else if ((int)a.npain_points < c->pains)
		bad = "pain_points";
	if (bad != NULL) {
		json_object *o = analysis_to_json(&a);

		snprintf(why, len, "%s wrong for \"%s\": %s", bad, c->text,
			 json_object_to_json_string(o));
		json_object_put(o);
	}
	analysis_free(&a);
	return bad ? why : NULL;
}

static void
run_cases(const struct bcase *cases, size_t n, int auto_reply)
{
	char why[4096];
	int failed = 0;

	for (size_t i = 0; i < n; i++)
		if (check(&cases[i], auto_reply, why, sizeof(why)) != NULL) {
			print_message("%s\n", why);
			failed++;
		}
	if (failed)
		fail_msg("%d of %zu cases failed", failed, n);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* English */

static const struct bcase english[] = {
    /* Enthusiasm */
    {"This looks amazing, we'd love a demo!", "high_value", "positive", 5, 5,
     "very_interested", FU, NULL, NULL, NULL, 0, 0},
    {"Sounds great, let's talk.", "high_value", "positive", 4, 5, "interested",
     FU, NULL, NULL, NULL, 0, 0},
    {"Yes, I'm very interested. Please send me the pricing.", "high_value",
     "positive", 5, 5, "very_interested", FU, NULL, NULL, NULL, 1, 0},
    {"Absolutely, we'd love to move forward. Please send the contract.",
     "high_value", "positive", 5, 5, "very_interested", FU, NULL, NULL, NULL, 1,
     0},
    {"Interesting! Tell me more.", "high_value", "positive", 4, 5, NULL, FU,
     NULL, NULL, NULL, 0, 0},
    {"We're looking for a new email provider. Could we schedule a call?",
     "high_value", "positive", 4, 5, NULL, FU, NULL, NULL, NULL, 1, 0},
    /* Questions and mentions */
    /* A question about the offer, before buying: interest (issue 20). */
    {"How much does it cost?", "high_value", "neutral", 4, 4, "interested", FU,
     NULL, NULL, NULL, 1, 0},
    /* Asking for the offer is interest. */
    {"Send me the pricing please.", "high_value", NULL, 4, 4, "interested", FU,
     NULL, NULL, NULL, 1, 0},
    {"Can we do Wednesday at 11am instead?", "high_value", NULL, 4, 4,
     "interested", FU, NULL, "2026-11-25T10:00:00Z", NULL, 1, 0},
    {"Thanks for reaching out! We're actually evaluating options right "
     "now. What does pricing look like for a team of 25?",
     "high_value", "positive", 4, 5, NULL, FU, NULL, NULL, NULL, 1, 0},
    {"Does it integrate with Salesforce?", "high_value", "neutral", 4, 4,
     "interested", FU, NULL, NULL, NULL, 1, 0},
    /* Complaints */
    {"I'm extremely disappointed. Your service has been down for two "
     "days and nobody answers my tickets. I want a refund.",
     "needs_attention", "negative", 1, 2, "mentioned", FU, NULL, NULL, NULL, 0,
     1},
    {"The integration doesn't work and support never responded. This is "
     "unacceptable.",
     "needs_attention", "negative", 1, 2, "mentioned", FU, NULL, NULL, NULL, 0,
     1},
    {"You charged us twice this month. Please fix it.", "needs_attention", NULL,
     1, 3, NULL, FU, NULL, NULL, NULL, 0, 1},
    {"Hello, I tried to log in but I keep getting an error. Can you help? "
     "This is urgent.",
     "needs_attention", NULL, 1, 3, NULL, FU, NULL, NULL, NULL, 1, 1},
    {"Your last invoice is wrong and nobody from billing answers. I'm very "
     "unhappy.",
     "needs_attention", "negative", 1, 2, "mentioned", FU, NULL, NULL, NULL, 0,
     1},
    /* Problems with what they use today are why they buy. */
    {"Our current provider doesn't work well, and we'd love to switch.",
     "high_value", "positive", 4, 5, NULL, FU, NULL, NULL, NULL, 0, 1},
    {"We have no problems with our current provider.", "standard", NULL, 1, 2,
     "none", 0, NULL, NULL, NULL, 0, 0},
    /* Not interested: negations beat positive words */
    {"Not interested, thanks.", "standard", NULL, 1, 1, "none", NI, NULL, NULL,
     NULL, 0, 0},
    {"Thanks but we're not interested at this time.", "standard", NULL, 1, 1,
     "none", NI, NULL, NULL, NULL, 0, 0},
    {"No thanks.", "standard", NULL, 1, 1, "none", NI, NULL, NULL, NULL, 0, 0},
    /* A billing mistake written only in numbers; rounding is none. */
    {"Your November invoice shows 900k emails but we only sent 90k.",
     "needs_attention", "negative", 2, 2, NULL, FU, NULL, NULL, NULL, 0, 1},
    {"We were billed for 12,000 emails and sent 12,400.", "standard", NULL, 2,
     3, NULL, 0, NULL, NULL, NULL, 0, 0},
    {"Our invoice for 2026 covered 50,000 emails, thanks.", "standard", NULL, 2,
     3, NULL, 0, NULL, NULL, NULL, 0, 0},
    /* A refusal is neutral, unless it wishes luck warmly. */
    {"Not for us at the moment, sorry.", "standard", "neutral", 1, 1, "none",
     NI, NULL, NULL, NULL, 0, 0},
    {"Thanks Hannah, not for us at the moment, but best of luck with it!",
     "standard", "positive", 1, 1, "none", NI, NULL, NULL, NULL, 0, 0},
    /* Yes to the pitch, and an ask: warm; a bare price question is not. */
    {"Actually yes, deliverability has been a headache for us. Could you "
     "send a case study?",
     "high_value", "positive", 4, 5, "interested", FU, NULL, NULL, NULL, 1, 0},
    {"Could you send me your pricing for around 50k emails a month?",
     "high_value", "neutral", 4, 4, "interested", FU, NULL, NULL,
     "50,000 emails", 1, 0},
    {"We send about 50k emails a month. What would that cost with you?",
     "high_value", "positive", 4, 4, "interested", FU, NULL, NULL,
     "50,000 emails", 1, 0},
    {"Not really interested.", "standard", NULL, 1, 1, "none", NI, NULL, NULL,
     NULL, 0, 0},
    {"I love your product but I'm not interested right now.", "standard", NULL,
     1, 1, "none", NI, NULL, NULL, NULL, 0, 0},
    {"Great product, but we don't need it.", "standard", NULL, 1, 1, "none", NI,
     NULL, NULL, NULL, 0, 0},
    {"Interesting, but not for us.", "standard", NULL, 1, 1, "none", NI, NULL,
     NULL, NULL, 0, 0},
    {"We already use Mailchimp and are happy with it.", "standard", NULL, 1, 1,
     "none", NI, NULL, NULL, NULL, 0, 0},
    {"Hi Sarah, we're not looking at new vendors this year, but feel free "
     "to reach out in February.",
     "standard", NULL, 2, 2, "none", FU, NULL, "2027-02-01T08:00:00Z", NULL, 0,
     0},
    {"Please don't email me again.", "standard", NULL, 1, 1, "none", NI | DNC,
     NULL, NULL, NULL, 0, 0},
    {"Who gave you my address? Stop spamming me.", "standard", "negative", 1, 1,
     "none", NI | DNC, NULL, NULL, NULL, 0, 0},
    {"We have no budget.", "standard", NULL, 1, 1, "none", NI, NULL, NULL, NULL,
     0, 0},
    {"We don't have the budget for this.", "standard", NULL, 1, 1, "none", NI,
     NULL, NULL, NULL, 0, 0},
    /* Stop */
    {"Please stop emailing me.", "standard", NULL, 1, 1, "none", NI | DNC, NULL,
     NULL, NULL, 0, 0},
    {"Unsubscribe", "standard", NULL, 1, 1, "none", NI | DNC, NULL, NULL, NULL,
     0, 0},
    {"Remove me from your list.", "standard", NULL, 1, 1, "none", NI | DNC,
     NULL, NULL, NULL, 0, 0},
    {"Please remove my address from your mailing list.", "standard", NULL, 1, 1,
     "none", NI | DNC, NULL, NULL, NULL, 0, 0},
    {"STOP", "standard", NULL, 1, 1, "none", NI | DNC, NULL, NULL, NULL, 0, 0},
    {"Take me off your list, I never signed up for this.", "standard", NULL, 1,
     1, "none", NI | DNC, NULL, NULL, NULL, 0, 0},
    {"Nice try. Not interested, don't contact me again.", "standard", NULL, 1,
     1, "none", NI | DNC, NULL, NULL, NULL, 0, 0},
    /* Unavailable */
    {"I'm in a meeting, call me back later.", "standard", NULL, 2, 3, "none",
     UNAV | FU, NULL, NULL, NULL, 0, 0},
    {"I'm in a meeting.", "standard", NULL, 2, 2, "none", UNAV | FU, NULL, NULL,
     NULL, 0, 0},
    {"Not a good time, we're in the middle of a migration. Ping me after "
     "the holidays.",
     "standard", NULL, 2, 2, "none", FU, NULL, NULL, NULL, 0, 0},
    {"I'm on paternity leave until March 2nd. Please contact my colleague "
     "Jane.",
     "standard", NULL, 2, 3, "none", UNAV | FU, "2027-03-02T08:00:00Z", NULL,
     NULL, 0, 0},
    {"Hi, I'm no longer with the company. Please contact "
     "john@example.com instead.",
     "standard", NULL, 2, 3, "none", FU, NULL, NULL, NULL, 1, 0},
    {"I'm driving, will call you later.", "standard", NULL, 2, 2, "none",
     UNAV | FU, NULL, NULL, NULL, 0, 0},
    {"I'm on holiday until 15 December.", "standard", NULL, 2, 2, "none",
     UNAV | FU, "2026-12-15T08:00:00Z", NULL, NULL, 0, 0},
    {"Out of office until Monday 30 November.", "standard", NULL, 2, 2, "none",
     UNAV | FU, "2026-11-30T08:00:00Z", NULL, NULL, 0, 0},
    {"I'm in a meeting until 3pm.", "standard", NULL, 2, 2, "none", UNAV | FU,
     "2026-11-24T14:00:00Z", NULL, NULL, 0, 0},
    {"I'm away until the 2nd, contact me then.", NULL, NULL, 2, 3, NULL,
     UNAV | FU, "2026-12-02T08:00:00Z", "2026-12-02T08:00:00Z", NULL, 0, 0},
    /* Follow-up requests, from Tuesday 24 November 09:00 in Paris */
    {"Call me next Tuesday.", NULL, NULL, 2, 3, NULL, FU, NULL,
     "2026-12-01T08:00:00Z", NULL, 1, 0},
    {"Call me on Thursday at 2pm.", NULL, NULL, 2, 3, NULL, FU, NULL,
     "2026-11-26T13:00:00Z", NULL, 1, 0},
    {"Let's talk next week.", "high_value", NULL, 4, 4, "interested", FU, NULL,
     "2026-11-30T08:00:00Z", NULL, 0, 0},
    {"Can you follow up in two weeks?", NULL, NULL, 2, 3, NULL, FU, NULL,
     "2026-12-08T08:00:00Z", NULL, 1, 0},
    {"Please reach out after the 15th.", NULL, NULL, 2, 3, NULL, FU, NULL,
     "2026-12-16T08:00:00Z", NULL, 0, 0},
    {"Try me again next month.", NULL, NULL, 2, 3, NULL, FU, NULL,
     "2026-12-01T08:00:00Z", NULL, 0, 0},
    {"Sure, call me tomorrow at 10am.", NULL, NULL, 2, 3, NULL, FU, NULL,
     "2026-11-25T09:00:00Z", NULL, 1, 0},
    /* A maybe is no ask to be contacted (issue 20). */
    {"Not right now, maybe next quarter.", "standard", NULL, 2, 2, "none", 0,
     NULL, NULL, NULL, 0, 0},
    {"Sorry, we have no budget for this right now. Try me again in Q2.",
     "standard", NULL, 2, 2, "none", FU, NULL, "2027-04-01T07:00:00Z", NULL, 0,
     0},
    {"Not interested at the moment, but feel free to contact me again "
     "next year.",
     "standard", NULL, 2, 2, "none", FU, NULL, "2027-01-04T08:00:00Z", NULL, 0,
     0},
    /* Meetings */
    {"We booked a meeting for Thursday.", "high_value", "positive", 4, 5, NULL,
     MEET, NULL, NULL, NULL, 0, 0},
    {"See you on Thursday at 3pm.", "high_value", "positive", 4, 5, NULL, MEET,
     NULL, NULL, NULL, 0, 0},
    {"Thursday at 10:30 works. Can you include someone technical?",
     "high_value", NULL, 4, 5, "very_interested", MEET | FU, NULL, NULL, NULL,
     1, 0},
    {"Happy to take the call on Thursday at 3pm.", "high_value", NULL, 4, 5,
     "very_interested", MEET, NULL, NULL, NULL, 0, 0},
    {"Yes please! Send me a contract for the Growth plan and we'll sign this "
     "week.",
     "high_value", "positive", 5, 5, "very_interested", FU, NULL, NULL, NULL, 1,
     0},
    {"If you can beat that, I'd be happy to look at a proposal.", "high_value",
     NULL, 4, 4, "interested", FU, NULL, NULL, NULL, 0, 0},
    {"None of our password reset emails are being delivered. Our users are "
     "locked out. Who can look at it right now?",
     "needs_attention", "negative", 2, 2, "mentioned", FU, NULL, NULL, NULL, 1,
     1},
    {"Thursday at 3pm works for me.", "high_value", NULL, 4, 5, NULL, MEET,
     NULL, NULL, NULL, 0, 0},
    {"I've accepted the invite, looking forward to our call!", "high_value",
     "positive", 4, 5, NULL, MEET, NULL, NULL, NULL, 0, 0},
    {"Sounds good, I've sent you a calendar invite for Friday 10:00.",
     "high_value", "positive", 4, 5, NULL, MEET, NULL, NULL, NULL, 0, 0},
    {"See you soon.", NULL, NULL, 1, 3, NULL, 0, NULL, NULL, NULL, 0, 0},
    {"We haven't booked anything yet.", NULL, NULL, 1, 3, NULL, 0, NULL, NULL,
     NULL, 0, 0},
    /* Volumes and usage */
    {"We send about 50,000 emails a month with Mailchimp.", NULL, NULL, 2, 5,
     NULL, 0, NULL, NULL, "50,000 emails", 0, 0},
    {"We send 50k emails per month.", NULL, NULL, 2, 5, NULL, 0, NULL, NULL,
     "50,000 emails", 0, 0},
    {"Around 1.5 million emails monthly.", NULL, NULL, 2, 5, NULL, 0, NULL,
     NULL, "1,500,000 emails", 0, 0},
    {"We send 10,000 newsletters a week.", NULL, NULL, 2, 5, NULL, 0, NULL,
     NULL, "10,000 emails per week", 0, 0},
    {"Our list has 20,000 subscribers.", NULL, NULL, 1, 5, NULL, 0, NULL, NULL,
     NULL, 0, 0},
    /* Neutral */
    {"Thanks.", "standard", NULL, 2, 2, "none", 0, NULL, NULL, NULL, 0, 0},
    {"Ok.", "standard", "neutral", 2, 2, "none", 0, NULL, NULL, NULL, 0, 0},
    {"Great, thanks!", "standard", "positive", 2, 2, "none", 0, NULL, NULL,
     NULL, 0, 0},
    /*
     * A review that blocks a purchase wanted is interest, and needs
     * someone; the customer's problem with what they use today, with an
     * ask for our offer, is why they buy; asking us to correct something
     * is a problem to handle, whatever else is said.
     */
    {"We want to move ahead, but the purchase is blocked by legal until we "
     "have your DPA. Can you send it today?",
     "needs_attention", NULL, 2, 2, "interested", FU, NULL, NULL, NULL, 1, 1},
    {"We're unhappy with the deliverability of our current provider. Send me "
     "a proposal?",
     "high_value", NULL, 4, 5, "interested", FU, NULL, NULL, NULL, 1, 0},
    {"Love the product. But the invoice shows 900k emails and we sent 90k. "
     "Can you correct it?",
     "needs_attention", "negative", 2, 2, NULL, FU, NULL, NULL, NULL, 1, 1},
    {"", "standard", "neutral", 2, 2, "none", 0, NULL, NULL, NULL, 0, 0},
};

static void
test_english(void **state)
{
	(void)state;
	run_cases(english, N(english), 0);
}

/* French */

static const struct bcase french[] = {
    {"C'est génial, nous sommes très intéressés ! Envoyez-moi une démo.",
     "high_value", "positive", 5, 5, "very_interested", FU, NULL, NULL, NULL, 1,
     0},
    {"Ça m'intéresse, pouvez-vous m'envoyer vos tarifs ?", "high_value",
     "positive", 4, 5, "interested", FU, NULL, NULL, NULL, 1, 0},
    {"Super, avec plaisir. On en parle quand vous voulez.", "high_value",
     "positive", 4, 5, NULL, FU, NULL, NULL, NULL, 0, 0},
    {"Volontiers, j'aimerais en savoir plus.", "high_value", "positive", 4, 5,
     "interested", FU, NULL, NULL, NULL, 1, 0},
    {"Quel est le prix pour 10 utilisateurs ?", "high_value", NULL, 4, 5, NULL,
     FU, NULL, NULL, NULL, 1, 0},
    {"Je suis très déçu. Le service ne fonctionne pas depuis trois jours "
     "et personne ne répond. Je veux un remboursement.",
     "needs_attention", "negative", 1, 2, "mentioned", FU, NULL, NULL, NULL, 0,
     1},
    {"C'est inadmissible, votre outil plante sans arrêt.", "needs_attention",
     "negative", 1, 2, NULL, FU, NULL, NULL, NULL, 0, 1},
    {"Merci, mais nous ne sommes pas intéressés.", "standard", NULL, 1, 1,
     "none", NI, NULL, NULL, NULL, 0, 0},
    {"Pas intéressé.", "standard", NULL, 1, 1, "none", NI, NULL, NULL, NULL, 0,
     0},
    {"Ça ne nous intéresse pas.", "standard", NULL, 1, 1, "none", NI, NULL,
     NULL, NULL, 0, 0},
    {"Votre offre est super mais ça ne m'intéresse pas.", "standard", NULL, 1,
     1, "none", NI, NULL, NULL, NULL, 0, 0},
    {"Non merci.", "standard", NULL, 1, 1, "none", NI, NULL, NULL, NULL, 0, 0},
    {"Nous n'avons pas besoin de ce type de solution.", "standard", NULL, 1, 1,
     "none", NI, NULL, NULL, NULL, 0, 0},
    {"Nous utilisons déjà Brevo et en sommes satisfaits.", "standard", NULL, 1,
     1, "none", NI, NULL, NULL, NULL, 0, 0},
    {"Merci de me retirer de votre liste.", "standard", NULL, 1, 1, "none",
     NI | DNC, NULL, NULL, NULL, 0, 0},
    {"Veuillez ne plus me contacter.", "standard", NULL, 1, 1, "none", NI | DNC,
     NULL, NULL, NULL, 0, 0},
    {"Désinscription", "standard", NULL, 1, 1, "none", NI | DNC, NULL, NULL,
     NULL, 0, 0},
    /* a renewed contract refuses; passing the email on does not */
    {"We just renewed our contract with our current provider.", NULL, NULL, 0,
     10, NULL, NI, NULL, NULL, NULL, 0, 0},
    {"I'll pass this on to the team.", NULL, NULL, 0, 10, NULL, 0, NULL, NULL,
     NULL, 0, 0},
    {"Bitte nehmen Sie mich aus Ihrem Verteiler.", NULL, NULL, 0, 10, NULL,
     NI | DNC, NULL, NULL, NULL, 0, 0},
    {"Ne me recontactez plus.", NULL, NULL, 0, 10, NULL, NI | DNC, NULL, NULL,
     NULL, 0, 0},
    /* a customer already, whose mail stopped arriving */
    {"Wir sind bereits Kunde und seit heute kommen unsere Mails nicht mehr "
     "an.",
     NULL, NULL, 0, 10, NULL, 0, NULL, NULL, NULL, 0, 1},
    {"Je m'occupe des RH, pas des e-mails.", NULL, NULL, 0, 10, NULL, 0, NULL,
     NULL, NULL, 0, 0},
    {"Ich habe den Termin in meinen Kalender eingetragen.", NULL, NULL, 0, 10,
     NULL, MEET, NULL, NULL, NULL, 0, 0},
    {"Arrêtez de m'envoyer des e-mails.", "standard", NULL, 1, 1, "none",
     NI | DNC, NULL, NULL, NULL, 0, 0},
    {"Je suis en réunion, rappelez-moi plus tard.", "standard", NULL, 2, 3,
     "none", UNAV | FU, NULL, NULL, NULL, 0, 0},
    {"Je suis en formation jusqu'au 18 décembre et peu disponible.", "standard",
     NULL, 2, 2, "none", UNAV | FU, "2026-12-18T08:00:00Z", NULL, NULL, 0, 0},
    {"Je suis au volant, je vous rappelle.", "standard", NULL, 2, 2, "none",
     UNAV | FU, NULL, NULL, NULL, 0, 0},
    {"Je suis en congés jusqu'au 3 décembre.", "standard", NULL, 2, 2, "none",
     UNAV | FU, "2026-12-03T08:00:00Z", NULL, NULL, 0, 0},
    /* The day written, as the sales sets label it. */
    {"Je suis en congés jusqu'au 3 janvier inclus.", "standard", NULL, 2, 2,
     "none", UNAV | FU, "2027-01-03T08:00:00Z", NULL, NULL, 0, 0},
    {"Rappelez-moi mardi prochain.", NULL, NULL, 2, 3, NULL, FU, NULL,
     "2026-12-01T08:00:00Z", NULL, 1, 0},
    {"Recontactez-moi la semaine prochaine.", NULL, NULL, 2, 3, NULL, FU, NULL,
     "2026-11-30T08:00:00Z", NULL, 0, 0},
    {"Revenez vers moi dans deux semaines.", NULL, NULL, 2, 3, NULL, FU, NULL,
     "2026-12-08T08:00:00Z", NULL, 0, 0},
    {"Recontactez-moi dans quinze jours.", NULL, NULL, 2, 3, NULL, FU, NULL,
     "2026-12-08T08:00:00Z", NULL, 0, 0},
    {"Recontactez-moi après le 15.", NULL, NULL, 2, 3, NULL, FU, NULL,
     "2026-12-16T08:00:00Z", NULL, 0, 0},
    {"Appelez-moi demain à 14h30.", NULL, NULL, 2, 3, NULL, FU, NULL,
     "2026-11-25T13:30:00Z", NULL, 1, 0},
    {"Pas pour le moment, peut-être le trimestre prochain.", "standard", NULL,
     2, 2, "none", 0, NULL, NULL, NULL, 0, 0},
    {"Rendez-vous confirmé pour jeudi à 15h.", "high_value", "positive", 4, 5,
     NULL, MEET, NULL, NULL, NULL, 0, 0},
    {"Je vous confirme le rendez-vous de vendredi, à vendredi !", "high_value",
     "positive", 4, 5, NULL, MEET, NULL, NULL, NULL, 0, 0},
    {"Nous envoyons environ 50 000 e-mails par mois.", NULL, NULL, 2, 5, NULL,
     0, NULL, NULL, "50,000 emails", 0, 0},
    {"Nous envoyons environ 50\xe2\x80\xaf"
     "000 e-mails par mois.",
     NULL, NULL, 2, 5, NULL, 0, NULL, NULL, "50,000 emails", 0, 0},
    {"Bonjour, merci pour votre message. Pourriez-vous m'envoyer une "
     "proposition commerciale ?",
     "high_value", NULL, 4, 4, "interested", FU, NULL, NULL, NULL, 1, 0},
    {"Je suis intéressé mais pas avant septembre.", "high_value", NULL, 4, 4,
     "interested", FU, NULL, "2027-09-01T07:00:00Z", NULL, 0, 0},
    {"Merci mais nous avons déjà un prestataire et en sommes très "
     "contents.",
     "standard", NULL, 1, 1, "none", NI, NULL, NULL, NULL, 0, 0},
    {"Le module d'export ne fonctionne toujours pas depuis la mise à "
     "jour.",
     "needs_attention", NULL, 1, 2, "mentioned", FU, NULL, NULL, NULL, 0, 1},
    {"Bonjour, je ne suis plus en charge de ce dossier. Merci de contacter "
     "Paul.",
     "standard", NULL, 2, 3, "none", FU, NULL, NULL, NULL, 1, 0},
    {"Ça marche pour moi, à jeudi !", "high_value", "positive", 4, 5, NULL,
     MEET, NULL, NULL, NULL, 0, 0},
    {"C'est super intéressant, mais nous n'avons pas le budget cette "
     "année.",
     "standard", "positive", 3, 3, "interested", FU, NULL, NULL, NULL, 0, 0},
    {"Notre service juridique bloque la signature tant que nous n'avons pas "
     "votre DPA. Pouvez-vous nous l'envoyer ?",
     "needs_attention", NULL, 2, 2, "interested", FU, NULL, NULL, NULL, 1, 1},
    {"J'adore l'outil, mais depuis lundi nos emails partent avec deux heures "
     "de retard. Pouvez-vous regarder ?",
     "needs_attention", "negative", 2, 2, NULL, FU, NULL, NULL, NULL, 1, 1},
    {"Sur la facture de novembre il y a 900 000 emails alors que nous en "
     "avons envoyé 90 000.",
     "needs_attention", "negative", 2, 2, NULL, FU, NULL, NULL, NULL, 0, 1},
    {"Merci.", "standard", NULL, 2, 2, "none", 0, NULL, NULL, NULL, 0, 0},
};

static void
test_french(void **state)
{
	(void)state;
	run_cases(french, N(french), 0);
}

/* German */

static const struct bcase german[] = {
    {"Das klingt super, wir sind sehr interessiert! Schicken Sie mir bitte "
     "ein Angebot.",
     "high_value", "positive", 5, 5, "very_interested", FU, NULL, NULL, NULL, 1,
     0},
    {"Klingt interessant. Was kostet das?", "high_value", "positive", 4, 5,
     "interested", FU, NULL, NULL, NULL, 1, 0},
    {"Gerne, ich hätte gerne mehr Informationen.", "high_value", "positive", 4,
     5, "interested", FU, NULL, NULL, NULL, 1, 0},
    {"Ich bin sehr enttäuscht. Seit Tagen funktioniert nichts und niemand "
     "antwortet. Ich will eine Rückerstattung.",
     "needs_attention", "negative", 1, 2, "mentioned", FU, NULL, NULL, NULL, 0,
     1},
    {"Ihr Tool funktioniert nicht, das ist eine Frechheit.", "needs_attention",
     "negative", 1, 2, NULL, FU, NULL, NULL, NULL, 0, 1},
    {"Danke, aber kein Interesse.", "standard", NULL, 1, 1, "none", NI, NULL,
     NULL, NULL, 0, 0},
    {"Kein Interesse.", "standard", NULL, 1, 1, "none", NI, NULL, NULL, NULL, 0,
     0},
    {"Das interessiert uns im Moment nicht.", "standard", NULL, 1, 1, "none",
     NI, NULL, NULL, NULL, 0, 0},
    {"Wir sind nicht interessiert.", "standard", NULL, 1, 1, "none", NI, NULL,
     NULL, NULL, 0, 0},
    {"Toll gemacht, aber wir haben keinen Bedarf.", "standard", NULL, 1, 1,
     "none", NI, NULL, NULL, NULL, 0, 0},
    {"Nein danke.", "standard", NULL, 1, 1, "none", NI, NULL, NULL, NULL, 0, 0},
    {"Wir nutzen bereits Mailchimp.", "standard", NULL, 1, 1, "none", NI, NULL,
     NULL, NULL, 0, 0},
    {"Bitte entfernen Sie mich aus Ihrem Verteiler.", "standard", NULL, 1, 1,
     "none", NI | DNC, NULL, NULL, NULL, 0, 0},
    {"Bitte keine weiteren E-Mails.", "standard", NULL, 1, 1, "none", NI | DNC,
     NULL, NULL, NULL, 0, 0},
    {"Abmelden", "standard", NULL, 1, 1, "none", NI | DNC, NULL, NULL, NULL, 0,
     0},
    {"Kontaktieren Sie mich nicht mehr.", "standard", NULL, 1, 1, "none",
     NI | DNC, NULL, NULL, NULL, 0, 0},
    {"Ich bin gerade in einer Besprechung, rufen Sie mich später an.",
     "standard", NULL, 2, 3, "none", UNAV | FU, NULL, NULL, NULL, 0, 0},
    {"Ich bin unterwegs, ich melde mich.", "standard", NULL, 2, 2, "none",
     UNAV | FU, NULL, NULL, NULL, 0, 0},
    {"Ich bin bis zum 15. Januar im Urlaub.", "standard", NULL, 2, 2, "none",
     UNAV | FU, "2027-01-15T08:00:00Z", NULL, NULL, 0, 0},
    {"Rufen Sie mich nächsten Dienstag an.", NULL, NULL, 2, 3, NULL, FU, NULL,
     "2026-12-01T08:00:00Z", NULL, 1, 0},
    {"Melden Sie sich bitte nächste Woche.", NULL, NULL, 2, 3, NULL, FU, NULL,
     "2026-11-30T08:00:00Z", NULL, 0, 0},
    {"Kontaktieren Sie mich in zwei Wochen.", NULL, NULL, 2, 3, NULL, FU, NULL,
     "2026-12-08T08:00:00Z", NULL, 0, 0},
    {"Melden Sie sich nach dem 15. wieder.", NULL, NULL, 2, 3, NULL, FU, NULL,
     "2026-12-16T08:00:00Z", NULL, 0, 0},
    {"Im Moment nicht, vielleicht nächsten Monat.", "standard", NULL, 2, 2,
     "none", 0, NULL, NULL, NULL, 0, 0},
    {"Rufen Sie mich morgen um 15 Uhr an.", NULL, NULL, 2, 3, NULL, FU, NULL,
     "2026-11-25T14:00:00Z", NULL, 1, 0},
    {"Termin bestätigt für Donnerstag um 15 Uhr.", "high_value", "positive", 4,
     5, NULL, MEET, NULL, NULL, NULL, 0, 0},
    {"Passt, bis Donnerstag!", "high_value", "positive", 4, 5, NULL, MEET, NULL,
     NULL, NULL, 0, 0},
    {"Wir versenden 1.200.000 Mails pro Monat.", NULL, NULL, 2, 5, NULL, 0,
     NULL, NULL, "1,200,000 emails", 0, 0},
    /* A billing mistake written only in numbers. */
    {"Auf der Novemberrechnung stehen 900.000 Mails, verschickt haben wir "
     "90.000.",
     "needs_attention", "negative", 2, 2, NULL, FU, NULL, NULL, NULL, 0, 1},
    {"Wir versenden ca. 50.000 E-Mails pro Monat.", NULL, NULL, 2, 5, NULL, 0,
     NULL, NULL, "50,000 emails", 0, 0},
    {"Monatlich verschicken wir rund 2 Mio. Newsletter-Mails.", NULL, NULL, 2,
     5, NULL, 0, NULL, NULL, "2,000,000 emails", 0, 0},
    {"Guten Morgen, wir haben Interesse.", "high_value", "positive", 4, 5,
     "interested", FU, NULL, NULL, NULL, 0, 0},
    {"Vielen Dank für Ihre Nachricht. Wir sind mit unserem aktuellen "
     "Anbieter sehr zufrieden.",
     "standard", NULL, 1, 1, "none", NI, NULL, NULL, NULL, 0, 0},
    {"Hallo, grundsätzlich interessant, aber erst ab Q2 relevant. Melden "
     "Sie sich bitte im März wieder.",
     "high_value", NULL, 4, 4, "interested", FU, NULL, "2027-03-01T08:00:00Z",
     NULL, 0, 0},
    {"Leider funktioniert der Export seit dem Update nicht mehr. Können "
     "Sie das bitte prüfen?",
     "needs_attention", "negative", 1, 2, "mentioned", FU, NULL, NULL, NULL, 1,
     1},
    {"Das Tool funktioniert super, danke!", "standard", "positive", 2, 2,
     "none", 0, NULL, NULL, NULL, 0, 0},
    {"Perfekt, dann bis Montag um 14 Uhr. Ich bringe unseren Produktleiter "
     "mit.",
     "high_value", "positive", 4, 5, "very_interested", MEET, NULL, NULL, NULL,
     0, 0},
    /* "bis Freitag" is a deadline here, not "see you Friday". */
    {"Können Sie uns die Unterlagen bis Freitag schicken?", NULL, NULL, 1, 5,
     NULL, FU, NULL, NULL, NULL, 1, 0},
    {"Ja, gerne. Passt Ihnen Dienstag um 14 Uhr?", "high_value", "positive", 4,
     4, "interested", FU, NULL, "2026-12-01T13:00:00Z", NULL, 1, 0},
    {"Schicken Sie mir ein Angebot.", "high_value", NULL, 4, 4, "interested",
     FU, NULL, NULL, NULL, 1, 0},
    {"Wir sind begeistert! Wann können wir starten?", "high_value", "positive",
     5, 5, "very_interested", FU, NULL, NULL, NULL, 1, 0},
    {"Wir geben etwa 900 Euro im Monat aus, und die Zustellbarkeit stimmt "
     "nicht. Schicken Sie mir ein Angebot?",
     "high_value", NULL, 4, 5, NULL, FU, NULL, NULL, "€900", 1, 0},
    {"Seit gestern kommen unsere Passwort-Reset-Mails nicht mehr an. Bitte "
     "eskalieren Sie das!",
     "needs_attention", "negative", 2, 2, "mentioned", FU, NULL, NULL, NULL, 1,
     1},
    {"Danke.", "standard", NULL, 2, 2, "none", 0, NULL, NULL, NULL, 0, 0},
};

static void
test_german(void **state)
{
	(void)state;
	run_cases(german, N(german), 0);
}

/*
 * Auto-replies. An absence needs nobody: the unavailable follow-up rule
 * acts on it (follow_up_needed is for a person to answer or act).
 */

static const struct bcase autos[] = {
    {"I am currently out of the office with limited access to email. I "
     "will be back on Monday, December 7th.",
     "standard", "neutral", 1, 1, "none", UNAV, "2026-12-07T08:00:00Z", NULL,
     NULL, 0, 0},
    {"Je suis absent du bureau jusqu'au 7 décembre. Pour toute urgence, "
     "contactez Marie.",
     "standard", "neutral", 1, 1, "none", UNAV, "2026-12-07T08:00:00Z", NULL,
     NULL, 0, 0},
    /* A date marked as the return wins over the bare day of the absence. */
    {"I'm out of the office today and will be back on Monday. I will respond "
     "then.",
     "standard", "neutral", 1, 1, "none", UNAV, "2026-11-30T08:00:00Z", NULL,
     NULL, 0, 0},
    {"Je suis absent aujourd'hui et de retour le 1er décembre.", "standard",
     "neutral", 1, 1, "none", UNAV, "2026-12-01T08:00:00Z", NULL, NULL, 0, 0},
    /* Away until one day and back the next: the day back. */
    {"Ich bin bis einschließlich 3. Januar im Urlaub und ab dem 4. Januar "
     "wieder im Büro.",
     "standard", "neutral", 1, 1, "none", UNAV, "2027-01-04T08:00:00Z", NULL,
     NULL, 0, 0},
    {"I am on holiday until 3 January and back on 4 January.", "standard",
     "neutral", 1, 1, "none", UNAV, "2027-01-04T08:00:00Z", NULL, NULL, 0, 0},
    {"Ich bin bis einschließlich 4. Dezember nicht im Büro.", "standard",
     "neutral", 1, 1, "none", UNAV, "2026-12-04T08:00:00Z", NULL, NULL, 0, 0},
    {"Thank you for your message. We will get back to you within 24 "
     "hours.",
     "standard", "neutral", 1, 1, "none", 0, NULL, NULL, NULL, 0, 0},
    {"I'm very interested in everything! Unsubscribe. Not interested.",
     "standard", "neutral", 1, 1, "none", 0, NULL, NULL, NULL, 0, 0},
};

static void
test_auto_replies(void **state)
{
	(void)state;
	run_cases(autos, N(autos), 1);
}

static void
test_auto_reply_subject(void **state)
{
	struct analysis a;

	(void)state;
	analyse("I will answer when I return.", 1, "Out of Office: Re: hello",
		&a);
	assert_true(a.unavailable);
	assert_int_equal(a.opportunity_score, 1);
	assert_int_equal(a.response_type, RT_STANDARD);
	analysis_free(&a);
	/* The subject counts only for automatic replies. */
	analyse("Thanks.", 0, "Out of Office", &a);
	assert_false(a.unavailable);
	analysis_free(&a);
}

/* Extracted text */

static void
test_texts(void **state)
{
	struct analysis a;

	(void)state;
	analyse("Hi Anna,\n\nWe're very interested. Could you send me the "
		"pricing for 20 seats?\nAlso, does it support SSO?\n\nWe use "
		"Mailchimp today but it's too expensive.\n\nBest,\nTom",
		0, NULL, &a);
	assert_int_equal(a.naction_items, 2);
	assert_string_equal(a.action_items[0],
			    "Could you send me the pricing for 20 seats?");
	assert_string_equal(a.action_items[1], "Also, does it support SSO?");
	assert_int_equal(a.npain_points, 1);
	assert_string_equal(a.pain_points[0],
			    "We use Mailchimp today but it's too expensive.");
	assert_non_null(a.product_usage);
	assert_string_equal(a.product_usage,
			    "We use Mailchimp today but it's too expensive.");
	assert_int_equal(a.product_interest, PI_VERY_INTERESTED);
	assert_true(strlen(a.key_insights) > 0);
	assert_true(strlen(a.key_insights) <= ANALYSIS_MAX_INSIGHTS);
	analysis_free(&a);

	/* A hard-wrapped sentence stays one sentence. */
	analyse("We would like to see a demo of the reporting features that "
		"you\nmentioned in your last email, if possible next week.",
		0, NULL, &a);
	assert_int_equal(a.naction_items, 1);
	assert_string_equal(a.action_items[0],
			    "We would like to see a demo of the reporting "
			    "features that you mentioned in your last email, "
			    "if possible next week.");
	analysis_free(&a);
}

/* Every field stays within what analysis_from_json accepts. */
static void
test_limits(void **state)
{
	struct analysis a, b;
	char *big = malloc(200000), err[256];
	size_t n = 0;
	json_object *o;

	(void)state;
	while (n + 200 < 199000)
		n += (size_t)snprintf(big + n, 200000 - n,
				      "Can you send me the pricing %zu and "
				      "does it break %zu? It doesn't work. ",
				      n, n);
	big[n] = 0;
	analyse(big, 0, NULL, &a);
	assert_true(a.naction_items <= ANALYSIS_MAX_ITEMS);
	assert_true(a.npain_points <= ANALYSIS_MAX_ITEMS);
	for (size_t i = 0; i < a.naction_items; i++)
		assert_true(strlen(a.action_items[i]) <= ANALYSIS_MAX_ITEM);
	o = analysis_to_json(&a);
	assert_int_equal(analysis_from_json(o, &b, err, sizeof(err)), 0);
	json_object_put(o);
	analysis_free(&b);
	analysis_free(&a);

	/* One enormous sentence, cut at a character boundary. */
	n = 0;
	while (n + 20 < 100000)
		n += (size_t)snprintf(big + n, 200000 - n, "problème été ");
	big[n] = 0;
	analyse(big, 0, NULL, &a);
	assert_true(a.npain_points >= 1);
	assert_true(strlen(a.pain_points[0]) <= ANALYSIS_MAX_ITEM);
	o = analysis_to_json(&a);
	if (analysis_from_json(o, &b, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	json_object_put(o);
	analysis_free(&b);
	analysis_free(&a);

	/* Bytes that are not UTF-8 come out as valid UTF-8. */
	analyse("Interested \xff\xfe\xc3 in \xe2\x82 pricing?\xf0", 0, NULL,
		&a);
	o = analysis_to_json(&a);
	if (analysis_from_json(o, &b, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	json_object_put(o);
	analysis_free(&b);
	analysis_free(&a);
	free(big);
}

static void
test_deterministic(void **state)
{
	struct analysis a, b;
	const char *t1, *t2;
	json_object *o1, *o2;

	(void)state;
	for (size_t i = 0; i < N(english); i++) {
		analyse(english[i].text, 0, NULL, &a);
		analyse(english[i].text, 0, NULL, &b);
		o1 = analysis_to_json(&a);
		o2 = analysis_to_json(&b);
		t1 = json_object_to_json_string(o1);
		t2 = json_object_to_json_string(o2);
		assert_string_equal(t1, t2);
		json_object_put(o1);
		json_object_put(o2);
		analysis_free(&a);
		analysis_free(&b);
	}
}

/* Dates, directly */

static const char *
first_date(const char *text, time_t ref, const char *tz, char *buf)
{
	struct words ws;
	struct date_hit d[8];
	GTimeZone *zone = zone_new(tz);
	size_t n;

	words_split(text, strlen(text), &ws);
	n = dates_find(&ws, ref, zone, d, 8);
	words_free(&ws);
	g_time_zone_unref(zone);
	if (n == 0)
		return "none";
	analysis_format_time(d[0].when, buf, 32);
	return buf;
}

static void
test_dates(void **state)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
	    /* Tuesday 24 November 2026, Paris (UTC+1) */
	    {"tomorrow", "2026-11-25T08:00:00Z"},
	    {"demain matin", "2026-11-25T08:00:00Z"},
	    {"morgen Nachmittag", "2026-11-25T13:00:00Z"},
	    {"übermorgen", "2026-11-26T08:00:00Z"},
	    {"après-demain", "2026-11-26T08:00:00Z"},
	    {"Tuesday", "2026-12-01T08:00:00Z"},
	    {"on Friday", "2026-11-27T08:00:00Z"},
	    {"next Friday", "2026-12-04T08:00:00Z"},
	    {"next Monday", "2026-11-30T08:00:00Z"},
	    {"vendredi prochain", "2026-12-04T08:00:00Z"},
	    {"am Mittwoch", "2026-11-25T08:00:00Z"},
	    {"kommenden Freitag", "2026-12-04T08:00:00Z"},
	    {"Thursday next week", "2026-12-03T08:00:00Z"},
	    {"next week", "2026-11-30T08:00:00Z"},
	    {"end of next week", "2026-12-04T08:00:00Z"},
	    {"end of the week", "2026-11-27T08:00:00Z"},
	    {"la semaine prochaine", "2026-11-30T08:00:00Z"},
	    {"nächste Woche", "2026-11-30T08:00:00Z"},
	    {"Anfang nächster Woche", "2026-11-30T08:00:00Z"},
	    {"next month", "2026-12-01T08:00:00Z"},
	    {"le mois prochain", "2026-12-01T08:00:00Z"},
	    {"nächsten Monat", "2026-12-01T08:00:00Z"},
	    {"end of the month", "2026-11-30T08:00:00Z"},
	    {"fin du mois prochain", "2026-12-31T08:00:00Z"},
	    {"in two weeks", "2026-12-08T08:00:00Z"},
	    {"in 3 days", "2026-11-27T08:00:00Z"},
	    {"in a month", "2026-12-24T08:00:00Z"},
	    {"dans huit jours", "2026-12-01T08:00:00Z"},
	    {"in zwei Wochen", "2026-12-08T08:00:00Z"},
	    {"in einer Woche", "2026-12-01T08:00:00Z"},
	    {"in 14 Tagen", "2026-12-08T08:00:00Z"},
	    {"in an hour", "2026-11-24T09:00:00Z"},
	    {"dans 30 minutes", "2026-11-24T08:30:00Z"},
	    {"two weeks from now", "2026-12-08T08:00:00Z"},
	    {"after the 15th", "2026-12-16T08:00:00Z"},
	    {"after the 30th", "2026-12-01T08:00:00Z"},
	    {"après le 15", "2026-12-16T08:00:00Z"},
	    {"à partir du 15", "2026-12-15T08:00:00Z"},
	    {"nach dem 15.", "2026-12-16T08:00:00Z"},
	    {"ab dem 28.", "2026-11-28T08:00:00Z"},
	    {"on the 3rd", "2026-12-03T08:00:00Z"},
	    {"15 June", "2027-06-15T07:00:00Z"},
	    {"June 15th, 2027", "2027-06-15T07:00:00Z"},
	    {"le 1er décembre", "2026-12-01T08:00:00Z"},
	    {"am 15. Januar", "2027-01-15T08:00:00Z"},
	    {"15.01.2027", "2027-01-15T08:00:00Z"},
	    {"15.12.", "2026-12-15T08:00:00Z"},
	    {"15/12", "2026-12-15T08:00:00Z"},
	    {"12/15", "2026-12-15T08:00:00Z"},
	    {"2026-12-15", "2026-12-15T08:00:00Z"},
	    {"in June", "2027-06-01T07:00:00Z"},
	    {"fin janvier", "2027-01-29T08:00:00Z"},
	    {"Anfang Februar", "2027-02-01T08:00:00Z"},
	    /* A month, then a day of it in the same sentence: that day. */
	    {"début janvier, le 4 par exemple", "2027-01-04T08:00:00Z"},
	    {"early January, say the 4th", "2027-01-04T08:00:00Z"},
	    {"Anfang Januar, am 4. um 10 Uhr", "2027-01-04T09:00:00Z"},
	    {"in June. The 4th is a holiday.", "2027-06-01T07:00:00Z"},
	    {"in June, on the 31st", "2027-06-01T07:00:00Z"},
	    {"early January, on 4 February", "2027-01-01T08:00:00Z"},
	    {"next quarter", "2027-01-01T08:00:00Z"},
	    {"Q3", "2027-07-01T07:00:00Z"},
	    {"next year", "2027-01-04T08:00:00Z"},
	    {"Thursday at 3pm", "2026-11-26T14:00:00Z"},
	    {"at 3pm on Thursday", "2026-11-26T14:00:00Z"},
	    {"jeudi à 15h", "2026-11-26T14:00:00Z"},
	    {"Donnerstag um 15:30 Uhr", "2026-11-26T14:30:00Z"},
	    {"Donnerstag um 15.30 Uhr", "2026-11-26T14:30:00Z"},
	    {"demain à 14h30", "2026-11-25T13:30:00Z"},
	    {"at 4pm", "2026-11-24T15:00:00Z"},
	    {"at 8am", "2026-11-25T07:00:00Z"},
	    {"um 17 Uhr", "2026-11-24T16:00:00Z"},
	    {"tomorrow at noon", "2026-11-25T11:00:00Z"},
	    {"until Monday", "2026-11-30T08:00:00Z"},
	    {"jusqu'au 3 décembre inclus", "2026-12-03T08:00:00Z"},
	    {"bis einschließlich 4. Dezember", "2026-12-04T08:00:00Z"},
	    /* Not dates */
	    {"Guten Morgen", "none"},
	    {"We send 50,000 emails", "none"},
	    {"I have 3 questions", "none"},
	    {"Version 2.5 is out", "none"},
	    {"May I ask a question?", "none"},
	    {"Hi Jan, thanks", "none"},
	    {"the 45th", "none"},
	    {"31 February", "none"},
	};
	char buf[32];

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		const char *got = first_date(cases[i].text, REF, TZ, buf);

		if (strcmp(got, cases[i].want) != 0)
			fail_msg("\"%s\": got %s, want %s", cases[i].text, got,
				 cases[i].want);
	}
}

/*
 * Numbers too big for an int in every numeric field dates read: such a
 * field is no date, and its number never reaches a conversion to int
 * (UBSan stops the test). BIG has 20 digits, HUGE 400 (a double
 * overflows to infinity). Some forms keep the date before the number.
 */
#define BIG "99999999999999999999"
#define HUGE                                                                   \
	BIG BIG BIG BIG BIG BIG BIG BIG BIG BIG BIG BIG BIG BIG BIG BIG BIG    \
	    BIG BIG BIG

static void
test_dates_huge_numbers(void **state)
{
	static const struct {
		const char *form, *want;
	} cases[] = {
	    {"XXXX-06-15", "none"},
	    {"2026-XXXX-15", "none"},
	    {"2026-06-XXXX", "none"},
	    {"XXXX/12", "none"},
	    {"15/XXXX", "none"},
	    {"15/12/XXXX", "none"},
	    {"XXXX.12.", "none"},
	    {"15.XXXX.", "none"},
	    {"15.12.XXXX", "2026-12-15T08:00:00Z"},
	    {"XXXX June", "none"},
	    {"June XXXX", "none"},
	    {"June 15th, XXXX", "2027-06-15T07:00:00Z"},
	    {"the XXXXth", "none"},
	    {"in XXXX days", "none"},
	    {"at XXXXpm", "none"},
	    {"at XXXX:30", "none"},
	    {"at 10:XXXX", "none"},
	    {"um XXXX Uhr", "none"},
	    {"um 14 Uhr XXXX", "2026-11-24T13:00:00Z"},
	    {"XXXX.30 Uhr", "none"},
	    {"XXXXh30", "none"},
	    {"14hXXXX", "2026-11-24T13:00:00Z"},
	    {"jeudi à 14h XXXX", "2026-11-26T13:00:00Z"},
	    {"QXXXX", "none"},
	};
	const char *const nums[] = {BIG, HUGE};
	char text[600], buf[32];

	(void)state;
	for (size_t i = 0; i < N(cases); i++)
		for (size_t n = 0; n < N(nums); n++) {
			const char *f = cases[i].form, *x = strstr(f, "XXXX");
			const char *got;

			snprintf(text, sizeof(text), "%.*s%s%s", (int)(x - f),
				 f, nums[n], x + 4);
			got = first_date(text, REF, TZ, buf);
			if (strcmp(got, cases[i].want) != 0)
				fail_msg("\"%s\": got %s, want %s", text, got,
					 cases[i].want);
		}
}

/* Local time in zones, across DST changes, without setenv("TZ"). */
static void
test_time_zones(void **state)
{
	char buf[32];
	/* Friday 27 March 2026, 10:00 UTC: Paris changes to CEST on Sunday. */
	time_t fri = 1774605600;

	(void)state;
	assert_string_equal(first_date("next week", fri, TZ, buf),
			    "2026-03-30T07:00:00Z");
	assert_string_equal(
	    first_date("next week", fri, "America/New_York", buf),
	    "2026-03-30T13:00:00Z");
	assert_string_equal(first_date("tomorrow", REF, "Asia/Tokyo", buf),
			    "2026-11-25T00:00:00Z");
	assert_string_equal(first_date("tomorrow", REF, "UTC", buf),
			    "2026-11-25T09:00:00Z");
	/* Unknown or hostile zone names are UTC. */
	assert_string_equal(first_date("tomorrow", REF, "Nowhere/City", buf),
			    "2026-11-25T09:00:00Z");
	assert_string_equal(
	    first_date("tomorrow", REF, "../../etc/passwd", buf),
	    "2026-11-25T09:00:00Z");
	assert_string_equal(first_date("tomorrow", REF, NULL, buf),
			    "2026-11-25T09:00:00Z");
	/* A time the clocks skip is later by the gap, a repeated one the
	 * first: Saturday 28 March and Saturday 24 October in Paris. */
	assert_string_equal(
	    first_date("tomorrow at 2:30am", fri + 86400, TZ, buf),
	    "2026-03-29T01:30:00Z");
	assert_string_equal(
	    first_date("tomorrow at 2:30am", (time_t)1792836000, TZ, buf),
	    "2026-10-25T00:30:00Z");
	/* Zone names and local times themselves: test_zone.c. */
}

/* Several threads at once, as the daemon's workers run it. */
static void *
worker(void *arg)
{
	struct analysis a;
	int *ok = arg;

	for (int round = 0; round < 20; round++)
		for (size_t i = 0; i < N(french); i++) {
			struct analysis_input in = {
			    .text = french[i].text,
			    .subject = "",
			    .language = "fr",
			    .received_at = REF,
			    .tz = round % 2 ? TZ : "Asia/Tokyo"};

			builtin_analyze(&in, &a);
			if (a.opportunity_score < 1 || a.opportunity_score > 5)
				*ok = 0;
			analysis_free(&a);
		}
	return NULL;
}

static void
test_threads(void **state)
{
	pthread_t th[4];
	int ok = 1;

	(void)state;
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&th[i], NULL, worker, &ok), 0);
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	assert_true(ok);
}

/* The thread's CPU time: the tests share the machine with others. */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Thousands of short replies a second on one core. */
static void
test_speed(void **state)
{
	const struct bcase *sets[] = {english, french, german};
	size_t sizes[] = {N(english), N(french), N(german)};
	struct analysis a;
	double t0, dt, rate, floor = 5000;
	int n = 20000;

	(void)state;
#if defined(__SANITIZE_ADDRESS__)
	floor = 300; /* ASan and UBSan make everything slower */
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
	floor = 300;
#endif
#endif
	t0 = now();
	for (int i = 0; i < n; i++) {
		const struct bcase *set = sets[i % 3];
		struct analysis_input in = {
		    .text = set[(i / 3) % sizes[i % 3]].text,
		    .subject = "",
		    .language = "unknown",
		    .received_at = REF + i,
		    .tz = TZ,
		};

		builtin_analyze(&in, &a);
		analysis_free(&a);
	}
	dt = now() - t0;
	rate = n / dt;
	print_message("# builtin: %d replies in %.3f s, %.0f replies/s\n", n,
		      dt, rate);
	if (rate < floor)
		fail_msg("%.0f replies/s, want at least %.0f", rate, floor);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_english),
	    cmocka_unit_test(test_french),
	    cmocka_unit_test(test_german),
	    cmocka_unit_test(test_auto_replies),
	    cmocka_unit_test(test_auto_reply_subject),
	    cmocka_unit_test(test_texts),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_deterministic),
	    cmocka_unit_test(test_dates),
	    cmocka_unit_test(test_dates_huge_numbers),
	    cmocka_unit_test(test_time_zones),
	    cmocka_unit_test(test_threads),
	    cmocka_unit_test(test_speed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
