/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lang: a cheap guess of the language a reply is written in, from the
 * common short words (stop words) of English, French, German, Spanish,
 * Dutch, Italian and Portuguese.
 *
 * Contract: lang_guess() returns a static string, "en", "fr", "de", "es",
 * "nl", "it", "pt", or "unknown" when the text has fewer than two words
 * or no language clearly wins. It reads at most the first LANG_SCAN bytes,
 * so its cost is bounded whatever the size of the text. Thread-safe: the
 * word table is built once.
 */
#include <pthread.h>
#include <string.h>

#include <glib.h>

#include "extract_int.h"
#include "text.h"

#define LANG_SCAN 8192
#define NLANG 7

static const char *const lang_names[NLANG] = {"en", "fr", "de", "es",
					      "nl", "it", "pt"};

/* Space-separated stop words, lower case, UTF-8; no apostrophes. */
static const char *const lang_words[NLANG] = {
    /* en */
    "the and you that is for with this have are not we be will your "
    "thanks thank please would could should can hi hello of to in on our "
    "my me but at if from just about was so do know let it am what when "
    "there they i as get well an or all has had yes some any how who also "
    "by",
    /* fr */
    "le la les et est vous nous pour pas une un des du que qui dans sur "
    "avec merci bonjour je suis ce cette mais au aux votre vos nos notre "
    "ne très plus bien cordialement ai avons sont été ça oui",
    /* de */
    "der die das und ist nicht sie wir ich mit für auf den dem ein eine "
    "einen zu von es sich danke bitte grüße gruß hallo haben wird sind "
    "auch noch uns ihr ihre ihnen mir mich bin aber oder gerne viele",
    /* es */
    "el la los las y es que de en por para con una un no gracias hola "
    "nos su muy pero como está estoy usted saludos del al lo más ya "
    "también este esta tengo",
    /* nl */
    "de het een en is van ik je niet dat die we wij met voor op zijn maar "
    "ook bedankt dank groet groeten hallo graag naar jullie u uw heb "
    "hebben kunnen wel zou",
    /* it */
    "il lo la gli le e è di che per non con un una sono ho grazie ciao "
    "buongiorno saluti anche ma del della questo questa mi ti ci siamo "
    "vorrei molto",
    /* pt */
    "o a os as e é de que não com para um uma em do da obrigado obrigada "
    "olá bom dia muito mas você está estou por favor nós isso seu sua "
    "também",
};

/* Stop word -> bit per language, built once, then only read. */
static GHashTable *lang_table;
static pthread_once_t lang_table_once = PTHREAD_ONCE_INIT;

static void
lang_table_init(void)
{
	int l;

	lang_table = g_hash_table_new(g_str_hash, g_str_equal);
	for (l = 0; l < NLANG; l++) {
		const char *p = lang_words[l];

		while (*p) {
			size_t n = strcspn(p, " ");

			if (n > 0) {
				char *w = g_strndup(p, n);
				gpointer key, mask;

				/* a word of several languages: one key */
				if (g_hash_table_lookup_extended(lang_table, w,
								 &key, &mask)) {
					g_free(w);
					w = key;
				} else {
					mask = GUINT_TO_POINTER(0);
				}
				g_hash_table_insert(
				    lang_table, w,
				    GUINT_TO_POINTER(GPOINTER_TO_UINT(mask) |
						     (1u << l)));
			}
			p += n;
			while (*p == ' ')
				p++;
		}
	}
}

/* The languages (bit per language) of the word in s (len bytes), or 0. */
static unsigned
lang_lookup(char *s, size_t len)
{
	char save = s[len];
	unsigned mask;

	s[len] = 0; /* GHashTable wants a string */
	mask = GPOINTER_TO_UINT(g_hash_table_lookup(lang_table, s));
	s[len] = save;
	return mask;
}

/* Length of the separator at s (not part of a word), 0 for a word byte. */
static size_t
lang_sep_len(const unsigned char *s, size_t len)
{
	if (s[0] < 0x80)
		return (s[0] >= 'a' && s[0] <= 'z') ||
			       (s[0] >= 'A' && s[0] <= 'Z') ||
			       (s[0] >= '0' && s[0] <= '9')
			   ? 0
			   : 1;
	/* Latin-1 punctuation (NBSP, «, »...) and general punctuation */
	if (s[0] == 0xc2 && len >= 2)
		return 2;
	if (s[0] == 0xe2 && len >= 3 && s[1] == 0x80)
		return 3;
	return 0;
}

const char *
lang_guess(const char *text)
{
	char low[LANG_SCAN + 1];
	unsigned hits[NLANG] = {0};
	size_t n, i = 0, words = 0;
	unsigned best = 0, second = 0;
	int l, winner = -1;

	if (text == NULL)
		return "unknown";
	pthread_once(&lang_table_once, lang_table_init);
	n = text_lower(low, sizeof low, text, strnlen(text, LANG_SCAN));
	while (i < n) {
		size_t s = lang_sep_len((const unsigned char *)low + i, n - i);
		size_t start = i;
		unsigned mask;

		if (s > 0) {
			i += s;
			continue;
		}
		while (i < n &&
		       lang_sep_len((const unsigned char *)low + i, n - i) == 0)
			i++;
		if (low[start] >= '0' && low[start] <= '9')
			continue;
		words++;
		mask = lang_lookup(low + start, i - start);
		for (l = 0; l < NLANG; l++)
			if (mask & (1u << l))
				hits[l]++;
	}
	if (words < 2)
		return "unknown";
	for (l = 0; l < NLANG; l++) {
		if (hits[l] > best) {
			second = best;
			best = hits[l];
			winner = l;
		} else if (hits[l] > second) {
			second = hits[l];
		}
	}
	if (winner < 0 || best == 0 || best == second)
		return "unknown";
	return lang_names[winner];
}
