/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * builtin: the built-in analyzer, offline and deterministic, for replies
 * in English, French and German (the default backend, and the fallback
 * when the LLM fails).
 *
 * Contract. builtin_analyze() always succeeds and fills every field
 * within the limits analysis_from_json() enforces. It reads at most
 * BUILTIN_MAX_TEXT bytes of the reply (a reply longer than that is quoted
 * material, not something a person wrote), in one pass each through the
 * tokenizer (words.c), the lexicon (lexicon.c), the dates (dates.c) and
 * the volume (volume.c), so it runs at tens of thousands of short replies
 * a second. What it counts is in builtin_int.h; summary.c writes the
 * text fields and the evidence from it. It is thread-safe: no state but the
 * read-only lexicon.
 *
 * How signals become fields, in order of precedence:
 * - Auto-replies are standard with score 1; unavailable when they say the
 *   person is away (with unavailable_until when dated).
 * - Asking to stop (do_not_contact) is standard, not_interested, score 1,
 *   no follow-up: the daemon records the status; it is needs_attention
 *   only when it also carries a complaint.
 * - Declining ("not interested", a negated interest: negations beat
 *   positive words) is not_interested with score 1, unless the customer
 *   names a time to come back ("not now, try me next quarter"): then it
 *   is a follow-up request with score 2.
 * - A complaint is needs_attention, score 2, with its sentences as
 *   pain_points: complaint words (refund, cancel, Beschwerde), something
 *   that does not work, problems said to us ("your invoice is wrong"),
 *   problems with a negative tone or that the customer asks us to solve.
 *   Problems with what an interested customer uses today are not
 *   complaints: they are why the customer buys.
 * - Otherwise the score grows with interest: 2 neutral, 3 mentions,
 *   questions or requests, 4 interested (interest words; asking for the
 *   offer: pricing, a demo, a quote; proposing a time), 5 very
 *   interested (interest said strongly, "sign us up", or buying signals
 *   such as seats or a contract; a booked meeting). A stated volume or
 *   warm words with a price question stay interested (4).
 *   Hedges ("maybe", "no budget") take one off. 4 and 5 are high_value;
 *   "urgent" without them is needs_attention. A question to us about
 *   the offer ("do you support ...?") is interest; the customer's own
 *   plans, a problem with what they use of ours and a refusal that
 *   states their volume are mentions, with nothing to answer for them.
 * - Sentiment is the tone: praise, thanks and stated interest are
 *   positive, a question alone is neutral; sarcasm and a curt "stop" are
 *   negative, but sarcasm alone is no task (standard).
 * - follow_up_needed: when there is anything to answer or do (interest,
 *   questions, requests, problems, a date to call back, an absence), not
 *   for a plain "thanks", a decline, a stop, a meeting already booked, or
 *   an auto-reply's absence (the unavailable follow-up rule acts on it).
 * - Evidence: every acting signal quotes the clause that set it
 *   (summary.c); a signal without a quote is cleared, never acted on.
 * Relative dates follow dates.h in the account's zone; a date counts as a
 * follow-up request only when the customer asks for contact
 * (builtin_request_prio: the date in the clause of the ask wins), never
 * when it is in a clause of the customer's own plans ("we plan to
 * migrate in March", "I'll call you next week") nor when it is not in
 * the future; as unavailable_until when it follows "until", "back on" or
 * sits in a sentence saying the person is away. Sarcasm ("yet another
 * email") makes a sentence's praise displeasure; a broken thing of ours
 * ("your servers were down") is a complaint even amid praise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "billing.h"
#include "builtin_int.h"
#include "dates.h"
#include "lexicon.h"
#include "utf8.h"
#include "volume.h"
#include "words.h"
#include "xmalloc.h"
#include "zone.h"

#define BUILTIN_MAX_TEXT 16384
#define MAX_HITS 512
#define MAX_DATES 64

static void
builtin_note(struct span *sp, size_t first, size_t last)
{
	if (sp->last == 0) {
		sp->first = first;
		sp->last = last;
	}
}

/*
 * A choice of a competitor: a hit of one kind (*mine: the last of its
 * kind) and one of the other in the same clause.
 */
static void
builtin_rival(struct tally *t, const struct words *ws, const struct lex_hit *h,
	      size_t *mine)
{
	size_t other = mine == &t->chose ? t->named : t->chose;

	*mine = h->first + 1;
	if (other && ws->w[other - 1].clause == ws->w[h->first].clause) {
		if (t->rival++ == 0)
			builtin_note(&t->declined, other - 1, h->last);
		t->smask[h->sent] |= S_NOTINT;
	}
}

static void
builtin_count_hit(struct tally *t, const struct words *ws,
		  const struct lex_hit *h, int cat)
{
	unsigned ws_clause = ws->w[h->first].clause;
	unsigned *m = &t->smask[h->sent];
	int w = h->weight;

	if (!h->negated || cat == LX_NOTINT || cat == LX_DNC ||
	    cat == LX_UNAVAIL || cat == LX_MENTION || cat == LX_USAGE ||
	    cat == LX_HEDGE)
		builtin_note(&t->cat[cat], h->first, h->last);
	switch (cat) {
	case LX_POS:
		if (h->negated || (*m & S_SARCASM)) {
			t->neg += w; /* "not happy", "oh great, another" */
		} else {
			if (t->smask[h->sent] & S_EXCLAIM)
				w++; /* "Yes!" */
			t->pos += w + h->intense;
			*m |= S_POS;
		}
		break;
	case LX_NEG:
		if (!h->negated) {
			t->neg += w + h->intense;
			t->sneg[h->sent] += w + h->intense;
			*m |= S_NEGTONE;
		}
		break;
	case LX_PAIN:
		if (!h->negated) {
			t->pain++;
			*m |= w >= 2 ? S_PAIN | S_BROKEN : S_PAIN;
		}
		break;
	case LX_COMPLAINT:
		if (!h->negated) {
			t->complaint++;
			if (w >= 3)
				t->blocked++;
			t->neg++;
			*m |= S_PAIN;
		}
		break;
	case LX_INTEREST:
		if (h->negated) {
			t->notint_strong++;
			builtin_note(&t->declined, h->first, h->last);
			*m |= S_NOTINT;
		} else {
			w += h->intense;
			if (w > 3)
				w = 3;
			if (w > t->interest)
				t->interest = w;
			*m |= S_INTEREST;
		}
		break;
	case LX_MENTION:
		t->mention++;
		*m |= S_MENTION;
		break;
	case LX_BUY:
		/* "Send me a contract": a buying word is about the offer. */
		if (h->negated) {
			t->hedge++;
		} else {
			t->buy++;
			*m |= S_MENTION;
		}
		break;
	case LX_NOTINT:
		if (w >= 2)
			t->notint_strong++;
		else
			t->notint_weak++;
		builtin_note(&t->declined, h->first, h->last);
		*m |= S_NOTINT;
		break;
	case LX_DNC:
		builtin_note(&t->stop, h->first, h->last);
		t->dnc++;
		*m |= S_DNC;
		break;
	case LX_UNAVAIL:
		if (t->unavail++ == 0)
			t->ua_kind = w;
		builtin_note(&t->away, h->first, h->last);
		t->caway[ws_clause] = 1;
		*m |= S_UNAVAIL;
		break;
	case LX_MEETING:
		if (!h->negated) {
			t->meeting++;
			builtin_note(&t->booked, h->first, h->last);
			*m |= S_MEETING;
		}
		break;
	case LX_MEETING_WEAK:
		if (!h->negated)
			*m |= S_MEETW;
		break;
	case LX_FOLLOWUP:
		/* "I'll reach out in March" is a plan, not a request. */
		if (!h->negated && !t->cplan[ws_clause]) {
			t->followup++;
			if (t->sfollow[h->sent] == 0)
				t->sfollow[h->sent] = h->first + 1;
			*m |= S_FOLLOW;
		}
		break;
	case LX_ACTION:
		if (!h->negated) {
			t->action++;
			*m |= S_ACTION;
		}
		break;
	case LX_URGENT:
		if (!h->negated)
			t->urgent++;
		break;
	case LX_USAGE:
		t->usage++;
		*m |= S_USAGE;
		break;
	case LX_HEDGE:
		t->hedge++;
		*m |= S_HEDGE;
		break;
	case LX_THANKS:
		t->thanks++;
		break;
	case LX_LEFT:
		t->left++;
		break;
	case LX_CHOSE:
	case LX_RIVAL:
		/* The choice and the name, in either order, in one clause. */
		if (!h->negated)
			builtin_rival(t, ws, h,
				      cat == LX_CHOSE ? &t->chose : &t->named);
		break;
	case LX_WORKS:
		if (h->negated) {
			t->pain++;
			builtin_note(&t->cat[LX_PAIN], h->first, h->last);
			*m |= S_PAIN | S_BROKEN;
		}
		break;
	}
}

/* A sentence that is one word asking to stop: "STOP", "Unsubscribe". */
static int
builtin_lone_stop(const struct words *ws, unsigned s)
{
	static const char *const stops[] = {
	    "stop",           "stopp",      "unsubscribe",   "remove",
	    "desinscription", "desabonner", "desabonnement", "abmelden",
	    "austragen",      NULL};
	size_t first, last, words = 0;
	const char *word = NULL;

	words_sentence(ws, s, &first, &last);
	for (size_t i = first; i < last; i++)
		if (ws->w[i].kind != W_PUNCT) {
			words++;
			word = ws->w[i].norm;
		}
	if (words != 1)
		return 0;
	for (const char *const *p = stops; *p; p++)
		if (strcmp(word, *p) == 0)
			return 1;
	return 0;
}

/* Is w "you" in some form? German "Sie" only capitalised mid-sentence. */
static int
builtin_is_you(const struct words *ws, size_t i)
{
	static const char *const you[] = {
	    "you",   "your",  "yours", "vous",  "votre", "vos",  "ihr",  "ihre",
	    "ihren", "ihrem", "ihrer", "ihres", "euch",  "euer", "eure", NULL};
	const struct word *w = &ws->w[i];

	if (w->kind != W_WORD)
		return 0;
	if (strcmp(w->norm, "sie") == 0)
		return w->upper && i > 0 && ws->w[i - 1].sent == w->sent;
	for (const char *const *p = you; *p; p++)
		if (strcmp(w->norm, *p) == 0)
			return 1;
	return 0;
}

/* Is w "your" in some form (what is ours)? */
static int
builtin_is_yours(const struct words *ws, size_t i)
{
	static const char *const yours[] = {"your",  "votre", "vos",   "ihre",
					    "ihren", "ihrem", "ihrer", "ihres",
					    "eure",  "euer",  "euren", NULL};
	const struct word *w = &ws->w[i];

	if (w->kind != W_WORD)
		return 0;
	for (const char *const *p = yours; *p; p++)
		if (strcmp(w->norm, *p) == 0)
			return 1;
	return 0;
}

/* Questions, exclamations and "you", before the phrases are counted. */
static void
builtin_mark_punct(const struct words *ws, struct tally *t)
{
	for (size_t i = 0; i < ws->n; i++) {
		const struct word *w = &ws->w[i];

		if (builtin_is_you(ws, i))
			t->smask[w->sent] |= S_YOU;
		if (builtin_is_yours(ws, i))
			t->smask[w->sent] |= S_YOURS;
		if (w->kind != W_PUNCT)
			continue;
		if (w->punct == '?')
			t->smask[w->sent] |= S_QUESTION;
		else if (w->punct == '!')
			t->smask[w->sent] |= S_EXCLAIM;
	}
}

/*
 * Plans and sarcasm, before the phrases are counted: they change what
 * the other phrases of their clause or sentence mean.
 */
static void
builtin_mark_intents(const struct words *ws, const struct lex_hit *hits,
		     size_t n, struct tally *t)
{
	for (size_t i = 0; i < n; i++) {
		const struct lex_hit *h = &hits[i];

		if (h->cat == LX_PLAN || h->cat2 == LX_PLAN) {
			t->cplan[ws->w[h->first].clause] = 1;
			if (h->cat == LX_PLAN && h->weight == 1)
				t->plans++; /* not a promise to call */
		}
		if (h->cat == LX_SARCASM) {
			t->smask[h->sent] |= S_SARCASM;
			t->sarcasm++;
		}
	}
}

/* Excitement and lone "STOP"s, after. */
static void
builtin_mark_sentences(const struct words *ws, struct tally *t)
{
	for (unsigned s = 0; s < ws->nsent; s++) {
		unsigned m = t->smask[s];

		if ((m & S_EXCLAIM) && (m & (S_INTEREST | S_POS)))
			t->excited = 1;
		if ((m & S_PAIN) && (m & S_YOU) && !(m & S_USAGE))
			t->pain_you++;
		if ((m & S_PAIN) && !(m & S_USAGE))
			t->pain_plain++;
		/* "We're unhappy with our provider": not said of us. */
		if ((m & (S_USAGE | S_PAIN)) && !(m & (S_YOU | S_YOURS)))
			t->neg_theirs += t->sneg[s];
		if ((m & S_BROKEN) && !(m & S_USAGE))
			t->broken++;
		/* Ours, even with their newsletter in the sentence. */
		if ((m & S_BROKEN) && (m & S_YOURS))
			t->broken_you++;
		/* "The invoice shows 900k emails and we sent 90k." */
		if (!(m & S_PAIN) && billing_disputed(ws, s)) {
			size_t first, last;

			words_sentence(ws, s, &first, &last);
			builtin_note(&t->cat[LX_COMPLAINT], first, last);
			t->complaint++;
			t->neg++;
			t->smask[s] = m |= S_PAIN;
		}
		if ((m & S_ACTION) && (m & S_MENTION)) {
			t->ask_mention = 1;
			if (!(m & (S_PAIN | S_NEGTONE)))
				t->ask_offer = 1;
		}
		if (m & S_QUESTION)
			t->questions++;
		/* "Do you support ...?", "Could you send a case study?" */
		if ((m & S_QUESTION) && (m & (S_YOU | S_MENTION)) &&
		    !(m & (S_FOLLOW | S_PAIN | S_DNC | S_NOTINT | S_SARCASM |
			   S_NEGTONE))) {
			size_t first, last;

			words_sentence(ws, s, &first, &last);
			builtin_note(&t->inquired, first, last);
			t->inquiry++;
		}
		if (builtin_lone_stop(ws, s)) {
			size_t first, last;

			words_sentence(ws, s, &first, &last);
			builtin_note(&t->stop, first, last);
			t->dnc++;
			t->smask[s] |= S_DNC;
		}
	}
}

/*
 * How clearly date d is a time the customer asks to be contacted at,
 * the highest winning: 5 in the clause of a request ("I'm busy today,
 * can you come back to me next Thursday?"), 4 in its sentence, 3 a time
 * proposed ("Can we do Wednesday?"). 0: not a request ("maybe next
 * quarter" is no ask). Only an ask sets one: the customer's own plans ("we plan
 * to migrate in March", "funding arrives in January") do not, and a requested
 * time is never the past nor the moment the reply came.
 */
static int
builtin_request_prio(const struct words *ws, const struct date_hit *d,
		     const struct tally *t, time_t ref, int is_until)
{
	unsigned m = t->smask[d->sent];
	unsigned clause = ws->w[d->first].clause;
	size_t f = t->sfollow[d->sent];

	if (d->when <= ref || t->cplan[clause])
		return 0;
	if (f && ws->w[f - 1].clause == clause)
		return 5;
	if (m & S_FOLLOW)
		return 4;
	/*
	 * A time proposed, not a deadline for something asked of us ("can
	 * you correct it before Friday?") nor a maybe ("maybe next year").
	 */
	if (!is_until && (m & S_QUESTION) && !(m & S_ACTION) &&
	    (d->kind == DK_DAY || d->kind == DK_TIME))
		return 3;
	return 0;
}

/* Which dates are requests, absences and meetings. */
static void
builtin_use_dates(const struct words *ws, const struct date_hit *d, size_t n,
		  time_t ref, struct tally *t)
{
	int best = 0, prio, until_bare = 0, until_back = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned m = t->smask[d[i].sent];
		int is_until = 0;

		if (d[i].past || d[i].mark == DM_BY)
			continue;
		/* "in the car, can we talk tomorrow?": not away tomorrow. */
		if (d[i].mark == DM_UNTIL || d[i].mark == DM_BACK ||
		    ((m & S_UNAVAIL) && t->caway[ws->w[d[i].first].clause] &&
		     (d[i].mark == DM_NONE || d[i].mark == DM_FROM))) {
			/*
			 * "out today and back on Monday": Monday; "away until
			 * the 3rd, back on the 4th": the 4th.
			 */
			if ((t->until == 0 ||
			     (until_bare && d[i].mark != DM_NONE &&
			      d[i].mark != DM_FROM) ||
			     (d[i].mark == DM_BACK && !until_back &&
			      d[i].when > t->until)) &&
			    (t->unavail || d[i].mark == DM_BACK)) {
				t->until = d[i].when;
				until_bare = d[i].mark == DM_NONE ||
					     d[i].mark == DM_FROM;
				until_back = d[i].mark == DM_BACK;
				is_until = 1;
			}
			if (d[i].mark == DM_BACK && !t->unavail) {
				t->unavail = 1;
				t->ua_kind = UA_AWAY;
				builtin_note(&t->away, d[i].first, d[i].last);
			}
		}
		if ((m & (S_MEETING | S_MEETW)) && !(m & S_UNAVAIL)) {
			if (m & S_MEETW) {
				t->meeting++;
				builtin_note(&t->booked, d[i].first, d[i].last);
			}
			if (t->meeting_at == 0)
				t->meeting_at = d[i].when;
			continue;
		}
		if (is_until && !(m & S_FOLLOW))
			continue;
		/* "Can we do Wednesday at 11am?": a time proposed. */
		if ((m & S_QUESTION) && !(m & S_FOLLOW) && !is_until &&
		    (d[i].kind == DK_DAY || d[i].kind == DK_TIME))
			t->proposal = 1;
		prio = builtin_request_prio(ws, &d[i], t, ref, is_until);
		if (prio > best) {
			size_t f = t->sfollow[d[i].sent];

			best = prio;
			t->followup_at = d[i].when;
			/* The date and the ask: the evidence's clauses. */
			t->asked.first =
			    f && f - 1 < d[i].first ? f - 1 : d[i].first;
			t->asked.last = f > d[i].last ? f : d[i].last;
		}
	}
	/* "Away until the 15th, contact me then." */
	if (t->followup_at == 0 && t->until != 0 && t->followup) {
		t->followup_at = t->until;
		t->asked = t->cat[LX_FOLLOWUP];
	}
}
/* The decision */

static void
builtin_decide(struct analysis *a, struct tally *t, int auto_reply,
	       int *complaint)
{
	int level = t->interest, score, asked_level;
	int asks = t->action > 0 || t->questions > 0; /* action items */
	/* "Unhappy with deliverability. Send me a proposal?": why they buy. */
	int wants = (t->ask_offer || t->inquiry) && !t->broken;

	/* Their displeasure with their tools is no tone towards us then. */
	if (wants)
		t->neg -= t->neg_theirs;

	a->do_not_contact = t->dnc > 0 && !auto_reply;
	a->unavailable = t->unavail > 0;
	a->unavailable_until = a->unavailable ? t->until : 0;
	a->not_interested =
	    !auto_reply &&
	    (a->do_not_contact || t->notint_strong > 0 ||
	     ((t->notint_weak > 0 || (t->rival > 0 && t->pain == 0)) &&
	      level < 2 && t->meeting == 0));
	a->requested_followup_at =
	    auto_reply || a->do_not_contact ? 0 : t->followup_at;
	/* "Not now, try me next quarter" is not a no. */
	if (a->not_interested && !a->do_not_contact &&
	    a->requested_followup_at) {
		a->not_interested = 0;
		t->soft_no = 1;
	}
	a->meeting_booked = !auto_reply && t->meeting > 0 && !a->not_interested;
	/*
	 * Problems with a tone, about us, or asked to be solved, unless they
	 * are why the customer buys.
	 */
	*complaint = !auto_reply &&
		     (t->complaint > 0 || t->broken_you > 0 ||
		      (level < 2 && !wants &&
		       ((t->pain > 0 && t->neg >= 2 && t->neg >= t->pos) ||
			t->pain_you > 0 || t->broken > 0 ||
			(t->pain_plain > 0 && (t->neg > 0 || t->action > 0)))));

	/* Interest */
	if (level == 0 && (t->mention || t->buy) && !*complaint)
		level = 1;
	/* "I'm driving, can we talk tomorrow?" puts off; it is no interest. */
	if (level < 2 &&
	    (t->ask_mention || (t->proposal && !t->unavail) || t->inquiry) &&
	    !*complaint)
		level = 2;
	/*
	 * Very interested: a booked meeting, a buying step (a contract, a
	 * trial, seats), or interest said strongly ("sign us up"). Asking the
	 * price of a stated volume, however warmly, is interest.
	 */
	if (level >= 2 && t->buy)
		level = 3;
	if (level == 3 && t->hedge)
		level = 2;
	if (a->meeting_booked)
		level = 3;
	/* They want to buy and cannot yet: interest, not a buying step. */
	if (t->blocked)
		level = 2;
	/*
	 * What the customer needs comes up without interest: a plan of
	 * their own, a problem with what they use of ours, a refusal that
	 * says how much they send. Nothing to answer for that alone.
	 */
	/* "We plan to migrate in the spring": a mention, nothing to answer. */
	asked_level = level == 1 && t->plans && !asks ? 0 : level;
	if (level == 0 && (t->plans || *complaint))
		level = 1;
	if (auto_reply || a->do_not_contact ||
	    (a->not_interested && !t->volume))
		level = 0;
	else if (a->not_interested)
		level = asked_level = 1;
	a->product_interest = (enum interest)level;

	/* Sentiment */
	if (auto_reply)
		a->sentiment = SENT_NEUTRAL;
	else if (a->do_not_contact || a->not_interested)
		/* "Not for us, but best of luck!" is a friendly no. */
		a->sentiment = t->neg > t->pos || *complaint ? SENT_NEGATIVE
			       : !a->do_not_contact && t->neg == 0 &&
				       t->excited && t->pos + t->thanks >= 3
				   ? SENT_POSITIVE
				   : SENT_NEUTRAL;
	else if (*complaint ||
		 (t->neg > 0 && t->neg >= t->pos + (level >= 2 ? 3 : 0)))
		a->sentiment = SENT_NEGATIVE;
	else if (t->pos + (t->neg == 0 ? t->thanks : 0) >= 2 ||
		 t->interest >= 2 || level >= 3 ||
		 (level >= 2 &&
		  (t->volume_told || t->excited || t->pos >= 4)) ||
		 /* "Yes, deliverability is a headache. A case study?" */
		 (wants && t->pos > 0 && t->neg <= 0) || a->meeting_booked)
		a->sentiment = SENT_POSITIVE;
	else
		a->sentiment = SENT_NEUTRAL;

	/* Score */
	if (auto_reply || a->do_not_contact || a->not_interested) {
		score = 1;
	} else if (*complaint) {
		score = 2;
	} else {
		score = 2 + level;
		if (score > 5)
			score = 5;
		if (a->meeting_booked)
			score = level >= 3 ? 5 : score < 4 ? 4 : score;
		if (score == 2 && asks)
			score = 3;
		if (t->hedge && score > 2 && !a->meeting_booked)
			score--;
		if (t->soft_no && score > 2)
			score = 2; /* a "no" with a date to come back */
		if (t->neg > t->pos && score > 2 && level < 2)
			score--;
	}
	a->opportunity_score = score < 1 ? 1 : score > 5 ? 5 : score;

	/* Type */
	if (auto_reply)
		a->response_type = RT_STANDARD;
	else if (*complaint ||
		 (!a->do_not_contact && !a->not_interested &&
		  a->sentiment == SENT_NEGATIVE && t->neg >= 3 &&
		  !t->sarcasm) ||
		 (t->urgent && a->opportunity_score < 4 && !a->do_not_contact &&
		  !a->not_interested))
		a->response_type = RT_NEEDS_ATTENTION;
	else if (a->opportunity_score >= 4)
		a->response_type = RT_HIGH_VALUE;
	else
		a->response_type = RT_STANDARD;

	/* Follow-up */
	if (auto_reply)
		a->follow_up_needed = t->left; /* the absence is a rule's */
	else if (a->do_not_contact || a->not_interested)
		a->follow_up_needed = 0;
	else if (a->meeting_booked)
		a->follow_up_needed = asks;
	else
		a->follow_up_needed =
		    a->requested_followup_at || *complaint ||
		    asked_level >= 1 || asks || a->unavailable || t->followup ||
		    a->response_type != RT_STANDARD || t->left;
}
void
builtin_analyze(const struct analysis_input *in, struct analysis *out)
{
	const char *text = in->text ? in->text : "";
	size_t len = strlen(text);
	struct words ws;
	struct lex_hit *hits;
	struct date_hit dates[MAX_DATES];
	struct tally t;
	char *buf = NULL, volume[128];
	size_t nhits, ndates;
	unsigned volume_sent = 0;
	int auto_reply = in->auto_reply != 0, complaint = 0, has_volume;
	GTimeZone *zone;

	memset(out, 0, sizeof(*out));
	memset(&t, 0, sizeof(t));
	if (len > BUILTIN_MAX_TEXT) {
		len = utf8_cut(text, len, BUILTIN_MAX_TEXT);
	}
	/* An auto-reply's subject often says it all: "Out of office". */
	if (auto_reply && in->subject != NULL && in->subject[0]) {
		buf = xasprintf("%s\n\n%.*s", in->subject, (int)len, text);
		text = buf;
		len = strlen(buf);
	}
	/* What we quote from the reply must be valid UTF-8. */
	if (!utf8_valid(text, len)) {
		char *clean = utf8_sanitize(text, len);

		free(buf);
		text = buf = clean;
		len = strlen(clean);
	}
	words_split(text, len, &ws);
	hits = xcalloc(MAX_HITS, sizeof(*hits));
	nhits = lexicon_scan(&ws, hits, MAX_HITS);
	t.smask = xcalloc(ws.nsent + 1, sizeof(unsigned));
	t.sneg = xcalloc(ws.nsent + 1, sizeof(int));
	t.sfollow = xcalloc(ws.nsent + 1, sizeof(size_t));
	t.cplan = xcalloc(ws.n + 1, 1);
	t.caway = xcalloc(ws.n + 1, 1);
	builtin_mark_punct(&ws, &t);
	builtin_mark_intents(&ws, hits, nhits, &t);
	for (size_t i = 0; i < nhits; i++) {
		builtin_count_hit(&t, &ws, &hits[i], hits[i].cat);
		if (hits[i].cat2 != LX_NONE)
			builtin_count_hit(&t, &ws, &hits[i], hits[i].cat2);
	}
	builtin_mark_sentences(&ws, &t);
	zone = zone_new(in->tz);
	ndates = dates_find(&ws, in->received_at, zone, dates, MAX_DATES);
	builtin_use_dates(&ws, dates, ndates, in->received_at, &t);
	has_volume =
	    volume_find(&ws, text, volume, sizeof(volume), &volume_sent);
	t.volume = has_volume && !auto_reply;
	t.volume_told = t.volume && !(t.smask[volume_sent] & S_QUESTION);

	builtin_decide(out, &t, auto_reply, &complaint);
	summary_evidence(out, &t, &ws, text, volume_sent, t.volume);
	summary_collect_text(out, &t, &ws, text, auto_reply,
			     has_volume ? volume : NULL, volume_sent);
	out->key_insights =
	    summary_insights(out, &t, zone, auto_reply, complaint);
	strcpy(out->backend, "builtin");
	out->model = NULL;

	g_time_zone_unref(zone);
	free(t.smask);
	free(t.sneg);
	free(t.sfollow);
	free(t.cplan);
	free(t.caway);
	free(hits);
	words_free(&ws);
	free(buf);
}
