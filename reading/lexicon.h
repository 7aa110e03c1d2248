/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_LEXICON_H
#define POSTREPLY_LEXICON_H

#include <stddef.h>

#include "words.h"

/*
 * The phrases the built-in analyzer knows, in English, French and German,
 * and where they occur in a reply.
 */
enum lex_cat {
	LX_NONE,
	LX_POS,          /* positive tone; weight 1..3 */
	LX_NEG,          /* negative tone; weight 1..3 */
	LX_PAIN,         /* a problem the customer has */
	LX_COMPLAINT,    /* a complaint about us: refund, cancel, ... */
	LX_INTEREST,     /* interest in the offer; weight 2..3 */
	LX_MENTION,      /* the product, its price, a demo, ... */
	LX_BUY,          /* a buying signal: budget, contract, seats */
	LX_NOTINT,       /* declines; weight 2 explicit, 1 soft */
	LX_DNC,          /* asks to stop being contacted */
	LX_UNAVAIL,      /* away; weight is an enum unavail_kind */
	LX_MEETING,      /* a meeting is agreed */
	LX_MEETING_WEAK, /* "see you", "works for me": with a date only */
	LX_FOLLOWUP,     /* asks to be contacted (later) */
	LX_ACTION,       /* asks us to do something */
	LX_URGENT,       /* asap, dringend */
	LX_USAGE,        /* how they work today: "we use", "wir versenden" */
	LX_HEDGE,        /* maybe, not now, later */
	LX_THANKS,       /* thanks, merci, danke */
	LX_LEFT,         /* no longer with the company */
	LX_WORKS,   /* "funktioniert", "fonctionne": a problem if negated */
	LX_PLAN,    /* the customer's own plans: "we plan to", "I'll" */
	LX_SARCASM, /* "yet another email", "na toll": praise is not meant */
	LX_CHOSE,   /* a choice made: "went with", "choisi", "entschieden" */
	LX_RIVAL,   /* a competitor by name: "Postmark", "Brevo" */
	LX_NCAT
};

enum unavail_kind {
	UA_AWAY = 1, /* holiday, out of office */
	UA_MEETING,
	UA_TRAVEL, /* driving, on the road, travelling */
	UA_LEAVE,  /* sick, parental leave */
	UA_BUSY
};

struct lex_hit {
	unsigned char cat, cat2; /* cat2: a second meaning, or LX_NONE */
	signed char weight;
	unsigned char negated; /* a negation governs it */
	unsigned char intense; /* "very", "sehr", "vraiment" before it */
	size_t first, last;    /* tokens [first, last) */
	unsigned sent;
};

/*
 * The phrases of ws, left to right, the longest at each place; at most max
 * (the rest are dropped). Negation is decided here: a negator up to three
 * words before in the same clause ("not really interested", "pas du tout
 * intéressé", "kein Interesse"), or a French or German one up to four
 * after ("ça ne m'intéresse pas", "interessiert uns im Moment nicht");
 * for LX_WORKS, anywhere in the clause ("funktioniert der Export seit
 * dem Update nicht mehr").
 */
size_t lexicon_scan(const struct words *ws, struct lex_hit *hits, size_t max);

/* The month (1..12) a folded word names, or 0. */
int lexicon_month(const char *norm);

/* The weekday (0 = Sunday .. 6) a folded word names, or -1. */
int lexicon_weekday(const char *norm);

/* A written number ("two", "deux", "zwei", "quinze"), or -1. */
int lexicon_number(const char *norm);

#endif
