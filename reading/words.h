/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_WORDS_H
#define POSTREPLY_WORDS_H

#include <stddef.h>

/*
 * A reply cut into words, numbers and punctuation, each with a folded
 * form (lower case, Latin accents removed: "Nächsten" is "nachsten",
 * "intéressé" is "interesse") and its place in the original text, and
 * grouped into sentences and clauses.
 */
enum word_kind { W_WORD, W_NUM, W_PUNCT };

struct word {
	const char *norm;  /* folded form, NUL-terminated */
	size_t start, end; /* bytes of the original text */
	unsigned len;      /* strlen(norm) */
	unsigned sent;     /* sentence number */
	unsigned clause;   /* clause number (increases across sentences) */
	unsigned char kind;
	char punct;          /* W_PUNCT: the ASCII character */
	unsigned char upper; /* W_WORD: began with a capital letter */
	unsigned char glued; /* no space between this and the previous */
	/* W_NUM: value, digits before any separator, thousands groups. */
	double value;
	unsigned char intdigits;
	unsigned char grouped;
	unsigned char decimal;
	char suffix[8]; /* letters after the digits: "th", "pm", "h30", "k" */
};

struct words {
	struct word *w;
	size_t n;
	size_t nsent;
	char *buf; /* storage of the folded forms */
};

/*
 * Split text (len bytes of UTF-8; invalid bytes are treated as letters of
 * no particular kind) into out. Linear in len. Words is freed with
 * words_free.
 */
void words_split(const char *text, size_t len, struct words *out);
void words_free(struct words *ws);

/*
 * Fold one UTF-8 string as words_split folds words: lower case, accents
 * removed, typographic apostrophes made ASCII. For lexicon entries.
 */
char *words_fold(const char *s);

/* The first and one-past-last token of sentence s. */
void words_sentence(const struct words *ws, unsigned s, size_t *first,
		    size_t *last);

#endif
