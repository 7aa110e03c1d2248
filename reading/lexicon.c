/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lexicon: the phrases of the built-in analyzer in English, French and
 * German, and the matcher that finds them in a tokenized reply.
 *
 * Contract. The tables (phrases.c, intents.c) are data: a phrase is words
 * separated by spaces, written as a person writes them (accents and capitals
 * are folded as words.c folds the reply), with French elisions detached
 * ("m' intéresse") and hyphens written as spaces ("rendez vous"). In a
 * phrase, "word*" matches any word beginning so, "_" skips up to three
 * words, "#" matches a number and a lone punctuation character matches
 * itself. The tables are compiled once (pthread_once) and read-only after,
 * so scanning is thread-safe. At each word the longest phrase wins and
 * its words are consumed; matching never crosses a sentence. Scanning is
 * linear in the reply: each word is compared with the phrases that begin
 * with the same two letters.
 *
 * Negation is part of the lexicon (see lexicon.h). Phrases that contain
 * their own negation ("not interested", "kein Bedarf", "no problem",
 * "pourquoi pas") win as longer matches, and the negators inside them do
 * not negate anything else.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"
#include "lexicon_int.h"
#include "xmalloc.h"

#define NTABLE phrases_count
#define NENTRIES (NTABLE + intents_count)
#define MAXPW 8
#define NBUCKETS 1024
#define GAP_MAX 3

struct pword {
	const char *s;
	unsigned short len;
	unsigned char prefix; /* "word*" */
	unsigned char gap;    /* "_" */
	unsigned char num;    /* "#" */
	char punct;           /* a lone punctuation character */
};

struct pattern {
	struct pword w[MAXPW];
	unsigned char nw;
	unsigned char cat, cat2;
	signed char weight;
};

static struct pattern *patterns;
static size_t npatterns;
/*
 * Patterns by the first two bytes of their first word. Not a GHashTable
 * on whole words: a prefix pattern ("interess*") must be found from every
 * word it begins, and the match loop, run for each word of each reply,
 * reads one flat array.
 */
static unsigned *bucket_idx;
static size_t bucket_start[NBUCKETS + 1];
static pthread_once_t lexicon_once = PTHREAD_ONCE_INIT;

static const char *const negators[] = {
    "not",    "no",       "never",    "don't",     "doesn't", "didn't",
    "isn't",  "aren't",   "wasn't",   "weren't",   "won't",   "can't",
    "cannot", "couldn't", "wouldn't", "shouldn't", "haven't", "hasn't",
    "hadn't", "doesnt",   "didnt",    "isnt",      "arent",   "wont",
    "cant",   "nor",      "neither",  "without",   "hardly",  "ne",
    "n'",     "pas",      "jamais",   "aucun",     "aucune",  "sans",
    "ni",     "non",      "nicht",    "kein",      "keine",   "keinen",
    "keinem", "keiner",   "keines",   "nie",       "niemals", "ohne",
    "weder",  NULL};
static const char *const post_negators[] = {
    "pas", "nicht", "jamais", "nie", "niemals", "keineswegs", NULL};
/* Words after which "not" does not negate what follows. */
static const char *const not_only[] = {"only",      "just", "nur",
				       "seulement", "que",  NULL};
/* Where the scope of a negation ends, besides clause boundaries. */
static const char *const scope_ends[] = {
    "and",     "or",  "because", "since", "et",   "ou",    "car", "parce",
    "puisque", "und", "oder",    "weil",  "denn", "sowie", NULL};
static const char *const intensifiers[] = {
    "very",      "really",   "so",         "extremely",   "highly",
    "super",     "truly",    "definitely", "absolutely",  "totally",
    "most",      "tres",     "vraiment",   "extremement", "absolument",
    "tellement", "vivement", "fort",       "sehr",        "wirklich",
    "total",     "absolut",  "besonders",  "ausserst",    "hochst",
    "echt",      "mega",     NULL};

static int
lexicon_in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (s[0] == (*list)[0] && strcmp(s, *list) == 0)
			return 1;
	return 0;
}

static unsigned
lexicon_bucket_of(const char *s)
{
	unsigned char a = (unsigned char)s[0];
	unsigned char b = a ? (unsigned char)s[1] : 0;

	return (a * 31u + b) % NBUCKETS;
}

static void
lexicon_compile_one(const struct entry *e, struct pattern *p)
{
	char *folded = words_fold(e->phrase), *save = NULL, *tok;

	memset(p, 0, sizeof(*p));
	p->cat = e->cat;
	p->cat2 = e->cat2;
	p->weight = e->weight;
	for (tok = strtok_r(folded, " ", &save); tok && p->nw < MAXPW;
	     tok = strtok_r(NULL, " ", &save)) {
		struct pword *w = &p->w[p->nw++];
		size_t len = strlen(tok);

		if (strcmp(tok, "_") == 0) {
			w->gap = 1;
		} else if (strcmp(tok, "#") == 0) {
			w->num = 1;
		} else if (len == 1 && !((tok[0] >= 'a' && tok[0] <= 'z') ||
					 (tok[0] >= '0' && tok[0] <= '9'))) {
			w->punct = tok[0];
		} else if (len > 1 && tok[len - 1] == '*') {
			w->prefix = 1;
			len--;
		}
		w->s = xstrndup(tok, len);
		w->len = (unsigned short)len;
	}
	free(folded);
}

/* Prefix patterns begin with at least two letters: see bucket_of. */
static void
lexicon_compile(void)
{
	size_t *count = xcalloc(NBUCKETS, sizeof(size_t)), i;

	patterns = xcalloc(NENTRIES, sizeof(*patterns));
	npatterns = NENTRIES;
	for (i = 0; i < NENTRIES; i++) {
		lexicon_compile_one(i < NTABLE ? &phrases_table[i]
					       : &intents_table[i - NTABLE],
				    &patterns[i]);
		count[lexicon_bucket_of(patterns[i].w[0].s)]++;
	}
	bucket_start[0] = 0;
	for (i = 0; i < NBUCKETS; i++)
		bucket_start[i + 1] = bucket_start[i] + count[i];
	bucket_idx = xcalloc(NENTRIES, sizeof(unsigned));
	memset(count, 0, NBUCKETS * sizeof(size_t));
	for (i = 0; i < NENTRIES; i++) {
		unsigned b = lexicon_bucket_of(patterns[i].w[0].s);

		bucket_idx[bucket_start[b] + count[b]++] = (unsigned)i;
	}
	free(count);
}

static int
lexicon_word_matches(const struct pword *pw, const struct word *w)
{
	if (pw->num)
		return w->kind == W_NUM;
	if (pw->punct)
		return w->kind == W_PUNCT && w->punct == pw->punct;
	if (w->kind != W_WORD)
		return 0;
	if (pw->prefix)
		return w->len >= pw->len &&
		       memcmp(w->norm, pw->s, pw->len) == 0;
	return w->len == pw->len && memcmp(w->norm, pw->s, pw->len) == 0;
}

/* The end of p matched from word k at token i, or 0. */
static size_t
lexicon_match_at(const struct words *ws, const struct pattern *p, unsigned k,
		 size_t i, unsigned sent)
{
	if (k == p->nw)
		return i;
	if (p->w[k].gap) {
		for (unsigned skip = 0; skip <= GAP_MAX; skip++) {
			size_t end;

			if (skip > 0 && (i + skip - 1 >= ws->n ||
					 ws->w[i + skip - 1].sent != sent ||
					 ws->w[i + skip - 1].kind == W_PUNCT))
				break;
			end = lexicon_match_at(ws, p, k + 1, i + skip, sent);
			if (end)
				return end;
		}
		return 0;
	}
	if (i >= ws->n || ws->w[i].sent != sent ||
	    !lexicon_word_matches(&p->w[k], &ws->w[i]))
		return 0;
	return lexicon_match_at(ws, p, k + 1, i + 1, sent);
}

static int
lexicon_is_negator(const struct words *ws, size_t i)
{
	const struct word *w = &ws->w[i];

	if (w->kind != W_WORD || !lexicon_in_list(w->norm, negators))
		return 0;
	if (i + 1 < ws->n && ws->w[i + 1].kind == W_WORD &&
	    lexicon_in_list(ws->w[i + 1].norm, not_only))
		return 0;
	return 1;
}

/*
 * Is the phrase at [first, last) negated? used marks consumed words; wide
 * looks through the whole clause.
 */
static int
lexicon_negated(const struct words *ws, const unsigned char *used, size_t first,
		size_t last, int wide)
{
	unsigned clause = ws->w[first].clause;
	size_t i, seen, before = wide ? 12 : 3, after = wide ? 12 : 4;

	for (i = first, seen = 0; i > 0 && seen < before; seen++) {
		i--;
		if (ws->w[i].clause != clause || ws->w[i].kind == W_PUNCT ||
		    lexicon_in_list(ws->w[i].norm, scope_ends))
			break;
		if (!used[i] && lexicon_is_negator(ws, i))
			return 1;
	}
	for (i = last, seen = 0; i < ws->n && seen < after; i++, seen++) {
		if (ws->w[i].clause != clause || ws->w[i].kind == W_PUNCT ||
		    lexicon_in_list(ws->w[i].norm, scope_ends))
			break;
		if (ws->w[i].kind == W_WORD &&
		    lexicon_in_list(ws->w[i].norm, post_negators))
			return 1;
	}
	return 0;
}

static int
lexicon_intensified(const struct words *ws, size_t first)
{
	unsigned clause = ws->w[first].clause;

	for (size_t i = first, seen = 0; i > 0 && seen < 2; seen++) {
		i--;
		if (ws->w[i].clause != clause || ws->w[i].kind != W_WORD)
			break;
		if (lexicon_in_list(ws->w[i].norm, intensifiers))
			return 1;
	}
	return 0;
}

size_t
lexicon_scan(const struct words *ws, struct lex_hit *hits, size_t max)
{
	unsigned char *used;
	size_t i = 0, n = 0;

	pthread_once(&lexicon_once, lexicon_compile);
	if (ws->n == 0)
		return 0;
	used = xcalloc(ws->n, 1);
	while (i < ws->n) {
		const struct word *w = &ws->w[i];
		const struct pattern *best = NULL;
		size_t best_end = 0;

		if (w->kind == W_WORD || w->kind == W_PUNCT) {
			unsigned b = lexicon_bucket_of(w->norm);

			for (size_t j = bucket_start[b];
			     j < bucket_start[b + 1]; j++) {
				const struct pattern *p =
				    &patterns[bucket_idx[j]];
				size_t end =
				    lexicon_match_at(ws, p, 0, i, w->sent);

				if (end > best_end) {
					best = p;
					best_end = end;
				}
			}
		}
		if (best == NULL) {
			i++;
			continue;
		}
		for (size_t k = i; k < best_end; k++)
			used[k] = 1;
		if (n < max && best->cat != LX_NONE) {
			struct lex_hit *h = &hits[n++];

			h->cat = best->cat;
			h->cat2 = best->cat2;
			h->weight = best->weight;
			h->first = i;
			h->last = best_end;
			h->sent = w->sent;
			h->negated = (unsigned char)lexicon_negated(
			    ws, used, i, best_end, best->cat == LX_WORKS);
			h->intense = (unsigned char)lexicon_intensified(ws, i);
		}
		i = best_end;
	}
	free(used);
	return n;
}

int
lexicon_month(const char *s)
{
	static const struct {
		const char *name;
		int mon;
	} months[] = {
	    {"january", 1},   {"jan", 1},      {"janvier", 1},
	    {"janv", 1},      {"januar", 1},   {"janner", 1},
	    {"february", 2},  {"feb", 2},      {"febr", 2},
	    {"fevrier", 2},   {"fevr", 2},     {"fev", 2},
	    {"februar", 2},   {"march", 3},    {"mar", 3},
	    {"mars", 3},      {"marz", 3},     {"maerz", 3},
	    {"april", 4},     {"apr", 4},      {"avril", 4},
	    {"avr", 4},       {"may", 5},      {"mai", 5},
	    {"june", 6},      {"jun", 6},      {"juin", 6},
	    {"juni", 6},      {"july", 7},     {"jul", 7},
	    {"juillet", 7},   {"juil", 7},     {"juli", 7},
	    {"august", 8},    {"aug", 8},      {"aout", 8},
	    {"september", 9}, {"sep", 9},      {"sept", 9},
	    {"septembre", 9}, {"october", 10}, {"oct", 10},
	    {"octobre", 10},  {"oktober", 10}, {"okt", 10},
	    {"november", 11}, {"nov", 11},     {"novembre", 11},
	    {"december", 12}, {"dec", 12},     {"decembre", 12},
	    {"dezember", 12}, {"dez", 12},
	};

	for (size_t i = 0; i < sizeof(months) / sizeof(months[0]); i++)
		if (s[0] == months[i].name[0] && strcmp(s, months[i].name) == 0)
			return months[i].mon;
	return 0;
}

int
lexicon_weekday(const char *s)
{
	static const char *const names[][5] = {
	    {"sunday", "dimanche", "sonntag", NULL},
	    {"monday", "lundi", "montag", NULL},
	    {"tuesday", "tues", "mardi", "dienstag", NULL},
	    {"wednesday", "weds", "mercredi", "mittwoch", NULL},
	    {"thursday", "thurs", "jeudi", "donnerstag", NULL},
	    {"friday", "vendredi", "freitag", NULL},
	    {"saturday", "samedi", "samstag", "sonnabend", NULL},
	};

	for (int d = 0; d < 7; d++)
		for (int k = 0; names[d][k]; k++)
			if (s[0] == names[d][k][0] &&
			    strcmp(s, names[d][k]) == 0)
				return d;
	return -1;
}

int
lexicon_number(const char *s)
{
	static const struct {
		const char *name;
		int v;
	} nums[] = {
	    {"a", 1},       {"an", 1},        {"one", 1},     {"two", 2},
	    {"three", 3},   {"four", 4},      {"five", 5},    {"six", 6},
	    {"seven", 7},   {"eight", 8},     {"nine", 9},    {"ten", 10},
	    {"eleven", 11}, {"twelve", 12},   {"couple", 2},  {"few", 3},
	    {"un", 1},      {"une", 1},       {"deux", 2},    {"trois", 3},
	    {"quatre", 4},  {"cinq", 5},      {"sept", 7},    {"huit", 8},
	    {"neuf", 9},    {"dix", 10},      {"onze", 11},   {"douze", 12},
	    {"quinze", 15}, {"vingt", 20},    {"trente", 30}, {"quelques", 3},
	    {"ein", 1},     {"eine", 1},      {"einem", 1},   {"einer", 1},
	    {"einen", 1},   {"zwei", 2},      {"drei", 3},    {"vier", 4},
	    {"funf", 5},    {"fuenf", 5},     {"sechs", 6},   {"sieben", 7},
	    {"acht", 8},    {"neun", 9},      {"zehn", 10},   {"elf", 11},
	    {"zwolf", 12},  {"vierzehn", 14}, {"paar", 3},
	};

	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		if (s[0] == nums[i].name[0] && strcmp(s, nums[i].name) == 0)
			return nums[i].v;
	return -1;
}
