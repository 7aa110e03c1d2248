/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_BUILTIN_INT_H
#define POSTREPLY_BUILTIN_INT_H

/*
 * What the built-in analyzer (builtin.c) counts in a reply, shared with
 * summary.c, which writes the analysis's text from it.
 */
#include <glib.h>
#include <stddef.h>
#include <time.h>

#include "analysis.h"
#include "lexicon.h"
#include "words.h"

/* What each sentence says, as bits. */
enum {
	S_PAIN = 1 << 0,
	S_INTEREST = 1 << 1,
	S_NOTINT = 1 << 2,
	S_UNAVAIL = 1 << 3,
	S_MEETING = 1 << 4,
	S_MEETW = 1 << 5,
	S_FOLLOW = 1 << 6,
	S_ACTION = 1 << 7,
	S_USAGE = 1 << 8,
	S_HEDGE = 1 << 9,
	S_QUESTION = 1 << 10,
	S_DNC = 1 << 11,
	S_EXCLAIM = 1 << 12,
	S_POS = 1 << 13,
	S_YOU = 1 << 14, /* speaks to us: "your service", "votre outil" */
	S_MENTION = 1 << 15,
	S_BROKEN = 1 << 16,  /* "doesn't work", "funktioniert nicht" */
	S_SARCASM = 1 << 17, /* "yet another email": praise not meant */
	S_YOURS = 1 << 18,   /* "your servers", "votre facture", "Ihre" */
	S_NEGTONE = 1 << 19  /* displeasure: "who gave you my address?" */
};

/* Tokens [first, last) of the reply; last == 0: none. */
struct span {
	size_t first, last;
};

struct tally {
	int pos, neg, thanks;
	int pain, complaint;
	int blocked;  /* a review blocks a purchase they want */
	int pain_you; /* problems in sentences that speak to us */
	int interest; /* 0..3 */
	int mention, buy, hedge, urgent, action, followup, usage, left;
	int notint_strong, notint_weak, dnc;
	int unavail, ua_kind;
	int meeting;
	int excited;     /* "!" in a sentence of interest or praise */
	int soft_no;     /* declined, but named a time to come back */
	int proposal;    /* asks about a time: "can we do Tuesday?" */
	int pain_plain;  /* problems outside sentences about their tools */
	int broken;      /* things that do not work, same */
	int broken_you;  /* things of ours that do not work */
	int ask_mention; /* "send me the pricing": asks for the offer */
	int ask_offer;   /* the same, in a sentence with no problem in it */
	int questions;   /* sentences ending with a question mark */
	int volume;      /* states a sending volume */
	int volume_told; /* ... in a sentence of its own, not a question */
	int plans;       /* the customer's own plans: "we plan to migrate" */
	int sarcasm;     /* "a fourth email this week": displeasure, no task */
	int rival;       /* a competitor chosen: "we went with Postmark" */
	size_t chose, named; /* 1 + the first token of the last such hit */
	int inquiry;     /* asks us about the offer: "do you support ...?" */
	unsigned *smask; /* per sentence */
	int *sneg;       /* per sentence: the weight of displeasure */
	int neg_theirs;  /* displeasure in sentences about their tools */
	time_t meeting_at, until, followup_at;
	/* Where each signal comes from: evidence. */
	struct span cat[LX_NCAT]; /* the first hit of each category */
	struct span declined;     /* "not interested", "kein Interesse" */
	struct span away, booked, asked, stop;
	struct span inquired; /* the first question about the offer */
	size_t *sfollow;      /* per sentence: 1 + a follow-up phrase's token */
	unsigned char *cplan; /* per clause: the customer's own plans */
	unsigned char *caway; /* per clause: says the person is away */
};

/*
 * Each acting signal's evidence, the clause that set it; a signal left
 * without one is cleared (evidence_require).
 */
void summary_evidence(struct analysis *a, const struct tally *t,
		      const struct words *ws, const char *text,
		      unsigned volume_sent, int has_volume);

/* Pain points, action items and usage, as the sentences of the reply. */
void summary_collect_text(struct analysis *a, const struct tally *t,
			  const struct words *ws, const char *text,
			  int auto_reply, const char *volume,
			  unsigned volume_sent);

/* key_insights: short English sentences on what matters. */
char *summary_insights(const struct analysis *a, const struct tally *t,
		       GTimeZone *zone, int auto_reply, int complaint);

#endif
