/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * words: the tokenizer of the built-in analyzer. It cuts a reply into
 * words, numbers and punctuation, folds words so that one lexicon entry
 * matches "Intéressé", "interesse" and "INTERESSE", and finds sentence
 * and clause boundaries, which bound negation ("not ... interested") and
 * give the sentences quoted as action items and pain points.
 *
 * Contract. One pass over the input, linear in its length, no allocation
 * per token beyond the two arrays in struct words. Any bytes are accepted:
 * invalid UTF-8 becomes letters of no known kind. Rules, in short:
 * - Folding: ASCII and Latin-1/Latin Extended-A letters are lowered and
 *   stripped of accents (ß is "ss", œ is "oe"); other scripts are copied.
 * - A hyphen between letters separates words without a boundary
 *   ("rendez-vous", "e-mail", "envoyez-moi"); French elisions are split
 *   ("m'intéresse" is "m'" "interesse"); English contractions are kept
 *   whole ("don't").
 * - Numbers: "50,000", "50.000" and "50 000" (also with no-break spaces)
 *   are 50000; "1.5" and "2,5" are decimals; "15.06." stays a date;
 *   letters glued after digits are a suffix ("15th", "3pm", "14h30").
 * - Sentences end at . ! ? (not after abbreviations, single letters, or
 *   before a lower-case word or a number), at a blank line, and at a line
 *   break unless the line looks hard-wrapped (long, no final
 *   punctuation). Clauses also end at , ; : ( ) spaced dashes and before
 *   "but", "mais", "aber" and the like.
 */
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "words.h"
#include "xmalloc.h"

enum cls {
	C_SPACE,
	C_NL,
	C_LETTER,
	C_DIGIT,
	C_APOS,
	C_HYPHEN,
	C_SKIP,
	C_PUNCT
};

/*
 * Folding is our own, not g_utf8_casefold() and g_utf8_normalize(NFD)
 * with the marks dropped: NFD leaves the letters with no decomposition
 * as they are (æ ø ð þ ß œ ł đ ħ ı ŋ), which must fold to ae o d th ss oe
 * l d h i n for the lexicon to match, and casefolding would lower Greek
 * and Cyrillic, which the tokenizer keeps as written. Two small tables
 * cover all of it, one lookup per letter on the hot path.
 */

/* Latin Extended-A, U+0100..U+017F, without accents. */
static const char ext_a[] =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllll"
    "nnnnnnnnnoooooooorrrrrrsssssssstttttt"
    "uuuuuuuuuuuuwwyyyzzzzzzs";

/* Latin-1 letters, U+00C0..U+00FF ("" for the two signs). */
static const char *const latin1[] = {
    "a", "a", "a", "a", "a",  "a",  "ae", "c", "e", "e", "e",  "e", "i",
    "i", "i", "i", "d", "n",  "o",  "o",  "o", "o", "o", "",   "o", "u",
    "u", "u", "u", "y", "th", "ss", "a",  "a", "a", "a", "a",  "a", "ae",
    "c", "e", "e", "e", "e",  "i",  "i",  "i", "i", "d", "n",  "o", "o",
    "o", "o", "o", "",  "o",  "u",  "u",  "u", "u", "y", "th", "y"};

static const char *const abbrevs[] = {
    "ca",   "env", "approx", "etc", "vs",   "mr",  "mrs",  "ms",   "dr",
    "prof", "st",  "no",     "nr",  "bzw",  "usw", "ggf",  "inkl", "evtl",
    "zb",   "mio", "mrd",    "tel", "jan",  "feb", "febr", "mar",  "apr",
    "jun",  "jul", "aug",    "sep", "sept", "oct", "okt",  "nov",  "dec",
    "dez",  "mon", "tue",    "wed", "thu",  "fri", "sat",  "sun",  "mo",
    "di",   "mi",  "do",     "fr",  "sa",   "so",  "lun",  "mer",  "jeu",
    "ven",  "sam", "dim",    "cf",  "resp", "max", "min",  "mme",  "mlle",
    "hr",   "fa",  "abt",    "tsd", "mind", "ua",  "va",   NULL};

static const char *const contrasts[] = {
    "but",        "however",  "though",    "although", "except",       "mais",
    "cependant",  "pourtant", "toutefois", "sauf",     "aber",         "jedoch",
    "allerdings", "sondern",  "obwohl",    "ausser",   "nevertheless", NULL};

static const char *const elisions[] = {
    "l", "d",  "j",     "m",      "t",      "s",      "n",
    "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", NULL};

static int
words_in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (s[0] == (*list)[0] && strcmp(s, *list) == 0)
			return 1;
	return 0;
}

/*
 * One code point at s[i] (utf8.c's codec); returns its length. An invalid
 * byte is one U+FFFD, a letter of no known kind.
 */
static size_t
words_decode(const unsigned char *s, size_t len, size_t i, unsigned *cp)
{
	size_t n = utf8_decode((const char *)s + i, len - i, cp);

	if (n > 0)
		return n;
	*cp = 0xfffd;
	return 1;
}

static enum cls
words_classify(unsigned cp, char *punct)
{
	*punct = '~';
	if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
		return C_LETTER;
	if (cp >= '0' && cp <= '9')
		return C_DIGIT;
	switch (cp) {
	case ' ':
	case '\t':
	case '\v':
	case '\f':
	case '\r':
	case 0xa0:
	case 0x202f:
	case 0x205f:
	case 0x3000:
		return C_SPACE;
	case '\n':
	case 0x2028:
	case 0x2029:
		return C_NL;
	case '\'':
	case '`':
	case 0xb4:
	case 0x2bc:
	case 0x2018:
	case 0x2019:
		return C_APOS;
	case '-':
	case 0x2010:
	case 0x2011:
		*punct = '-';
		return C_HYPHEN;
	case 0xad:
	case 0x200b:
	case 0x200c:
	case 0x200d:
	case 0x2060:
	case 0xfeff:
		return C_SKIP;
	case 0x2013:
	case 0x2014:
	case 0x2015:
		*punct = '-';
		return C_PUNCT;
	case 0xab:
	case 0xbb:
	case 0x201c:
	case 0x201d:
	case 0x201e:
		*punct = '"';
		return C_PUNCT;
	case 0x2026:
		*punct = '.';
		return C_PUNCT;
	case 0xbf:
		*punct = '?';
		return C_PUNCT;
	case 0xa1:
		*punct = '!';
		return C_PUNCT;
	case 0x2022:
	case 0x25cf:
	case 0xb7:
		*punct = '*';
		return C_PUNCT;
	}
	if (cp >= 0x2000 && cp <= 0x200a)
		return C_SPACE;
	if (cp < 0x80) {
		*punct = (char)cp;
		return cp < 0x20 || cp == 0x7f ? C_SPACE : C_PUNCT;
	}
	if ((cp >= 0xc0 && cp <= 0x24f && cp != 0xd7 && cp != 0xf7) ||
	    (cp >= 0x370 && cp < 0x2000) || (cp >= 0x3040 && cp < 0xfe00) ||
	    cp == 0xfffd || cp >= 0x20000)
		return C_LETTER;
	return C_PUNCT; /* symbols, emoji, other punctuation */
}

/* Append the folded form of letter cp (bytes src, n) to *o. */
static void
words_fold_letter(unsigned cp, const unsigned char *src, size_t n, char **o,
		  int *upper)
{
	const char *f = NULL;

	*upper = 0;
	if (cp < 0x80) {
		*upper = cp >= 'A' && cp <= 'Z';
		*(*o)++ = (char)(cp | 0x20);
		return;
	}
	if (cp >= 0xc0 && cp <= 0xff) {
		*upper = cp <= 0xde;
		f = latin1[cp - 0xc0];
	} else if (cp == 0x152 || cp == 0x153) {
		*upper = cp == 0x152;
		f = "oe";
	} else if (cp >= 0x100 && cp <= 0x17f) {
		*upper = (cp & 1) == 0;
		*(*o)++ = ext_a[cp - 0x100];
		return;
	}
	if (f != NULL) {
		while (*f)
			*(*o)++ = *f++;
		return;
	}
	memcpy(*o, src, n);
	*o += n;
}

char *
words_fold(const char *s)
{
	size_t len = strlen(s), i = 0, n;
	char *out = xmalloc(3 * len + 1), *o = out;
	unsigned cp;
	char p;
	int upper;

	while (i < len) {
		n = words_decode((const unsigned char *)s, len, i, &cp);
		switch (words_classify(cp, &p)) {
		case C_LETTER:
			words_fold_letter(cp, (const unsigned char *)s + i, n,
					  &o, &upper);
			break;
		case C_APOS:
			*o++ = '\'';
			break;
		case C_SKIP:
			break;
		default:
			if (cp < 0x80)
				*o++ = (char)cp;
			else
				*o++ = p == '~' ? ' ' : p;
		}
		i += n;
	}
	*o = 0;
	return out;
}

struct splitter {
	const unsigned char *s;
	size_t len;
	struct words *ws;
	size_t cap;
	char *o;           /* next free byte of ws->buf */
	int pending;       /* boundary before the next token: 0, 1, 2 */
	int pending_dot;   /* the pending sentence end is a '.' */
	int nl;            /* line breaks since the last token */
	size_t line_start; /* offset of the current line */
	size_t prev_line_len;
	int spaced; /* white space since the last token */
};

static struct word *
words_emit(struct splitter *sp, enum word_kind kind, size_t start, size_t end,
	   const char *norm)
{
	struct words *ws = sp->ws;
	struct word *w, *prev;
	int brk = sp->pending;

	if (ws->n == sp->cap) {
		sp->cap = sp->cap ? sp->cap * 2 : 64;
		ws->w = xrealloc(ws->w, sp->cap * sizeof(*ws->w));
	}
	prev = ws->n ? &ws->w[ws->n - 1] : NULL;
	w = &ws->w[ws->n];
	memset(w, 0, sizeof(*w));
	w->kind = (unsigned char)kind;
	w->start = start;
	w->end = end;
	w->norm = norm;
	w->len = (unsigned)strlen(norm);
	w->glued = prev != NULL && !sp->spaced && sp->nl == 0;
	if (kind == W_WORD)
		w->upper =
		    (sp->s[start] >= 'A' && sp->s[start] <= 'Z') ||
		    (sp->s[start] == 0xc3 && start + 1 < sp->len &&
		     sp->s[start + 1] >= 0x80 && sp->s[start + 1] <= 0x9e);

	/* A line break: new sentence unless the line looks hard-wrapped. */
	if (sp->nl >= 2) {
		brk = 2;
	} else if (sp->nl == 1 && prev != NULL) {
		if (sp->prev_line_len < 50 ||
		    (prev->kind == W_PUNCT && strchr(".!?:;,", prev->punct)) ||
		    (kind == W_PUNCT && strchr("-*>", norm[0])))
			brk = 2;
		else if (brk < 1)
			brk = 1;
	}
	/* "ca. 50", "z.B. so", "15. juin": a dot that ends no sentence. */
	if (sp->pending_dot && sp->nl == 0 &&
	    (kind == W_NUM || kind == W_PUNCT ||
	     (kind == W_WORD && (!w->upper || sp->pending_dot == 2))))
		brk = brk > 1 ? 1 : brk;
	if (kind == W_WORD && words_in_list(norm, contrasts) && brk < 1)
		brk = 1;
	if (prev == NULL) {
		w->sent = 0;
		w->clause = 0;
		ws->nsent = 1;
	} else {
		w->sent = prev->sent + (brk >= 2);
		w->clause = prev->clause + (brk >= 1);
		ws->nsent = w->sent + 1;
	}
	sp->pending = 0;
	sp->pending_dot = 0;
	sp->nl = 0;
	sp->spaced = 0;
	ws->n++;
	return w;
}

static int
words_is_space_at(const struct splitter *sp, size_t i, size_t *n)
{
	unsigned cp;
	char p;

	if (i >= sp->len)
		return 0;
	*n = words_decode(sp->s, sp->len, i, &cp);
	return words_classify(cp, &p) == C_SPACE && cp != '\t' && cp != '\r';
}

static int
words_digit_at(const struct splitter *sp, size_t i)
{
	return i < sp->len && sp->s[i] >= '0' && sp->s[i] <= '9';
}

/* Exactly three digits at i, then no digit. */
static int
words_group3_at(const struct splitter *sp, size_t i)
{
	return words_digit_at(sp, i) && words_digit_at(sp, i + 1) &&
	       words_digit_at(sp, i + 2) && !words_digit_at(sp, i + 3);
}

/* Is the number about to be read the middle of "15.06.2026"? */
static int
words_in_date(const struct splitter *sp)
{
	const struct words *ws = sp->ws;
	const struct word *p;

	if (ws->n < 2 || sp->spaced || sp->nl)
		return 0;
	p = &ws->w[ws->n - 1];
	return p->kind == W_PUNCT && (p->punct == '.' || p->punct == '/') &&
	       p->glued && ws->w[ws->n - 2].kind == W_NUM;
}

static size_t
words_read_number(struct splitter *sp, size_t i)
{
	size_t start = i, n, k;
	double v = 0;
	int intdigits = 0, grouped = 0, decimal = 0;
	unsigned sep = 0; /* the thousands separator in use */
	char *norm = sp->o, suffix[8] = "";
	struct word *w;

	while (words_digit_at(sp, i)) {
		v = v * 10 + (sp->s[i++] - '0');
		intdigits++;
	}
	for (;;) {
		unsigned c = i < sp->len ? sp->s[i] : 0;

		/*
		 * "1.200.000" and "90.000." are groups; "1.234.5" is no
		 * number of ours.
		 */
		if ((c == ',' || c == '.') && words_group3_at(sp, i + 1) &&
		    (sep == 0 || sep == c) &&
		    !(c == '.' && i + 4 < sp->len && sp->s[i + 4] == '.' &&
		      words_digit_at(sp, i + 5) &&
		      !words_group3_at(sp, i + 5))) {
			sep = c;
		} else if (c != ',' && c != '.' &&
			   words_is_space_at(sp, i, &n) &&
			   words_group3_at(sp, i + n) && intdigits <= 3 &&
			   (sep == 0 || sep == ' ')) {
			sep = ' ';
			i += n - 1;
		} else {
			break;
		}
		for (k = i + 1; k < i + 4; k++)
			v = v * 10 + (sp->s[k] - '0');
		i += 4;
		grouped = 1;
	}
	/* A decimal part, unless it is a date ("15.06.", "15/06", the
	 * "06.2026" of "15.06.2026"). */
	if (i + 1 < sp->len && (sp->s[i] == '.' || sp->s[i] == ',') &&
	    !(sp->s[i] == '.' && words_in_date(sp)) && sp->s[i] != sep &&
	    words_digit_at(sp, i + 1)) {
		size_t j = i + 1;
		double scale = 0.1, f = 0;

		while (words_digit_at(sp, j)) {
			f += (sp->s[j] - '0') * scale;
			scale /= 10;
			j++;
		}
		if (!(j < sp->len && (sp->s[j] == '.' || sp->s[j] == '/') &&
		      sp->s[i] == '.') &&
		    !(sp->s[i] == ',' && j - i - 1 == 3)) {
			v += f;
			decimal = 1;
			i = j;
		}
	}
	/* Letters glued to the digits: "15th", "3pm", "50k", "14h30". */
	for (k = 0; i + k < sp->len && k < 7; k++) {
		unsigned char c = sp->s[i + k] | 0x20;

		if (c < 'a' || c > 'z')
			break;
		suffix[k] = (char)c;
	}
	suffix[k] = 0;
	if (k > 0 && k < 7 &&
	    !(i + k < sp->len &&
	      ((sp->s[i + k] | 0x20) >= 'a' && (sp->s[i + k] | 0x20) <= 'z')) &&
	    (unsigned char)sp->s[i + k] < 0x80) {
		i += k;
		if (strcmp(suffix, "h") == 0 && words_digit_at(sp, i) &&
		    words_digit_at(sp, i + 1) && !words_digit_at(sp, i + 2)) {
			suffix[1] = (char)sp->s[i];
			suffix[2] = (char)sp->s[i + 1];
			suffix[3] = 0;
			i += 2;
		}
	} else {
		suffix[0] = 0;
	}
	for (k = start; k < i; k++) {
		unsigned char c = sp->s[k];

		*sp->o++ = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
	}
	*sp->o++ = 0;
	w = words_emit(sp, W_NUM, start, i, norm);
	w->value = v;
	w->intdigits = (unsigned char)(intdigits > 255 ? 255 : intdigits);
	w->grouped = (unsigned char)grouped;
	w->decimal = (unsigned char)decimal;
	memcpy(w->suffix, suffix, sizeof(w->suffix));
	return i;
}

static size_t
words_read_word(struct splitter *sp, size_t i)
{
	size_t start = i, n;
	char *norm = sp->o;
	unsigned cp;
	char p;
	int upper;

	for (;;) {
		enum cls c;

		if (i >= sp->len)
			break;
		n = words_decode(sp->s, sp->len, i, &cp);
		c = words_classify(cp, &p);
		if (c == C_LETTER || c == C_DIGIT) {
			words_fold_letter(cp, sp->s + i, n, &sp->o, &upper);
			i += n;
			continue;
		}
		if (c == C_SKIP) {
			i += n;
			continue;
		}
		if (c == C_APOS && i + n < sp->len) {
			unsigned cp2;
			char p2;

			words_decode(sp->s, sp->len, i + n, &cp2);
			if (words_classify(cp2, &p2) != C_LETTER)
				break;
			*sp->o = 0;
			if (words_in_list(norm, elisions)) {
				/* French elision: "m'" is a word. */
				*sp->o++ = '\'';
				*sp->o++ = 0;
				words_emit(sp, W_WORD, start, i + n, norm);
				return i + n;
			}
			*sp->o++ = '\'';
			i += n;
			continue;
		}
		break;
	}
	*sp->o++ = 0;
	words_emit(sp, W_WORD, start, i, norm);
	return i;
}

/* Punctuation at i (n bytes, folded to p) and the boundary it makes. */
static size_t
words_read_punct(struct splitter *sp, size_t i, size_t n, char p)
{
	struct words *ws = sp->ws;
	const struct word *prev = ws->n ? &ws->w[ws->n - 1] : NULL;
	int glued_before = !sp->spaced && sp->nl == 0 && prev != NULL;
	int letter_after = 0, level = 0, dot = 0;
	char *norm = sp->o;

	if (i + n < sp->len) {
		unsigned cp;
		char p2;

		words_decode(sp->s, sp->len, i + n, &cp);
		letter_after = words_classify(cp, &p2) == C_LETTER;
	}
	/* A hyphen inside a word separates, nothing more. */
	if (p == '-' && glued_before && letter_after && prev->kind == W_WORD)
		return i + n;
	switch (p) {
	case '!':
	case '?':
		level = 2;
		break;
	case '.':
		level = 2;
		dot = 1;
		if (glued_before && prev->kind == W_PUNCT && prev->punct == '.')
			level = 1; /* an ellipsis */
		else if (glued_before && prev->kind == W_WORD &&
			 (prev->len == 1 || words_in_list(prev->norm, abbrevs)))
			level = 0;
		else if (glued_before && prev->kind == W_NUM &&
			 words_digit_at(sp, i + n))
			level = 0; /* 15.06.2026 */
		else if (glued_before && prev->kind == W_NUM &&
			 prev->intdigits <= 2 && !prev->decimal &&
			 prev->suffix[0] == 0)
			dot = 2; /* "am 15. Juni" */
		break;
	case ',':
	case ';':
	case ':':
	case '(':
	case ')':
		level = 1;
		if (glued_before && words_digit_at(sp, i + n))
			level = 0; /* 15:00 */
		break;
	case '-':
		level =
		    glued_before || (i + n < sp->len && sp->s[i + n] != ' ' &&
				     sp->s[i + n] != '\n')
			? 0
			: 1;
		break;
	}
	*sp->o++ = p;
	*sp->o++ = 0;
	words_emit(sp, W_PUNCT, i, i + n, norm)->punct = p;
	if (level > sp->pending)
		sp->pending = level;
	if (level == 2)
		sp->pending_dot = dot;
	return i + n;
}

void
words_split(const char *text, size_t len, struct words *out)
{
	struct splitter sp;
	size_t i = 0, n;
	unsigned cp;
	char p;

	memset(out, 0, sizeof(*out));
	memset(&sp, 0, sizeof(sp));
	sp.s = (const unsigned char *)text;
	sp.len = len;
	sp.ws = out;
	out->buf = xmalloc(3 * len + 16);
	sp.o = out->buf;
	sp.prev_line_len = 1000;
	while (i < len) {
		n = words_decode(sp.s, len, i, &cp);
		switch (words_classify(cp, &p)) {
		case C_SPACE:
		case C_SKIP:
			sp.spaced = 1;
			i += n;
			break;
		case C_NL:
			sp.prev_line_len = i - sp.line_start;
			sp.nl++;
			i += n;
			sp.line_start = i;
			break;
		case C_LETTER:
			i = words_read_word(&sp, i);
			break;
		case C_DIGIT:
			i = words_read_number(&sp, i);
			break;
		case C_APOS:
			i += n; /* a quote mark, not inside a word */
			sp.spaced = 1;
			break;
		case C_HYPHEN:
		case C_PUNCT:
			i = words_read_punct(&sp, i, n, p);
			break;
		}
	}
}

void
words_free(struct words *ws)
{
	free(ws->w);
	free(ws->buf);
	memset(ws, 0, sizeof(*ws));
}

void
words_sentence(const struct words *ws, unsigned s, size_t *first, size_t *last)
{
	size_t lo = 0, hi = ws->n;

	/* The first token of sentence s (sentence numbers never drop). */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ws->w[mid].sent < s)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	hi = lo;
	while (hi < ws->n && ws->w[hi].sent == s)
		hi++;
	*last = hi;
}
