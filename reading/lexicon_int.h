/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_LEXICON_INT_H
#define POSTREPLY_LEXICON_INT_H

/*
 * The lexicon's tables as data (lexicon.c's contract says how a phrase is
 * written): phrases.c holds the tone, interest and signal phrases,
 * intents.c those that tell a request from a plan, a refusal, a blocking
 * problem or sarcasm. Both are compiled into one matcher.
 */
#include <stddef.h>

#include "lexicon.h"

/* The tables are laid out by hand. */
/* clang-format off */
struct entry {
	const char *phrase;
	unsigned char cat;
	signed char weight;
	unsigned char cat2;
};

#define POS(s, w) {s, LX_POS, w, LX_NONE}
#define NEG(s, w) {s, LX_NEG, w, LX_NONE}
#define PAIN(s) {s, LX_PAIN, 1, LX_NONE}
/* Something of ours that does not work: weight 2. */
#define BROKEN(s) {s, LX_PAIN, 2, LX_NONE}
#define COMPLAINT(s) {s, LX_COMPLAINT, 2, LX_NONE}
/* Asks us to put something right: a request and a problem at once. */
#define FIX(s) {s, LX_ACTION, 1, LX_PAIN}
/* A review that blocks a purchase the customer wants: weight 3. */
#define BLOCKED(s) {s, LX_COMPLAINT, 3, LX_NONE}
#define INT(s, w) {s, LX_INTEREST, w, LX_NONE}
#define MENTION(s) {s, LX_MENTION, 1, LX_NONE}
#define BUY(s) {s, LX_BUY, 1, LX_NONE}
#define NOTINT(s, w) {s, LX_NOTINT, w, LX_NONE}
#define DNC(s) {s, LX_DNC, 1, LX_NONE}
#define AWAY(s, k) {s, LX_UNAVAIL, k, LX_NONE}
#define MEET(s) {s, LX_MEETING, 2, LX_NONE}
#define MEETW(s) {s, LX_MEETING_WEAK, 1, LX_NONE}
#define FOLLOW(s) {s, LX_FOLLOWUP, 1, LX_NONE}
#define ACTION(s) {s, LX_ACTION, 1, LX_NONE}
#define URGENT(s) {s, LX_URGENT, 1, LX_NONE}
#define USAGE(s) {s, LX_USAGE, 1, LX_NONE}
#define HEDGE(s) {s, LX_HEDGE, 1, LX_NONE}
#define THANKS(s) {s, LX_THANKS, 1, LX_NONE}
#define LEFT(s) {s, LX_LEFT, 1, LX_NONE}
#define WORKS(s) {s, LX_WORKS, 1, LX_NONE}
#define PLAN(s) {s, LX_PLAN, 1, LX_NONE}
/* A plan that is only to tell or call us: "I'll let you know". */
#define PROMISE(s) {s, LX_PLAN, 2, LX_NONE}
#define SARC(s) {s, LX_SARCASM, 1, LX_NONE}
#define CHOSE(s) {s, LX_CHOSE, 1, LX_NONE}
#define RIVAL(s) {s, LX_RIVAL, 1, LX_NONE}
#define BOTH(s, c, w, c2) {s, c, w, c2}
/* Phrases that only hide a misleading word: "in order to". */
#define NONE(s) {s, LX_NONE, 0, LX_NONE}

/* clang-format on */

extern const struct entry phrases_table[];
extern const size_t phrases_count;
extern const struct entry intents_table[];
extern const size_t intents_count;

#endif
