/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * volume: the monthly sending volume in a reply, for monthly_volume.
 *
 * Contract. A volume is a number (with thousands separators as words.c
 * reads them, "50k", "1.5 million", "2 Mio.", "50 mille", "50 Tausend"),
 * a unit of mail at most three words after it ("emails", "e-mails",
 * "newsletters", "messages", "courriels", "Nachrichten"), and a period
 * anywhere in the same sentence ("a month", "par mois", "pro Monat",
 * "monthly"; weeks, days and years are reported as such). The number is
 * written in English form with commas: "50,000 emails". A spend counts
 * too: an amount in a currency ("€1,200", "1.200 €", "1 200 euros",
 * "$800", "CHF 900") next to the number, a period in the sentence, and a
 * verb of paying there ("we pay", "nous payons", "wir zahlen"), written
 * "€1,200" (a month) or "$800 per week". The first volume of the reply
 * wins. Linear in the number of tokens.
 */
#include <stdio.h>
#include <string.h>

#include "volume.h"

static const char *const mail_units[] = {
    "emails",   "email",  "mails",       "mail",  "mailings",  "courriels",
    "courriel", "envois", "newsletters", "sends", "campaigns", NULL};
static const char *const message_units[] = {"messages", "nachrichten", "sms",
					    NULL};

/* Currencies written as words, and what they are written as. */
static const struct {
	const char *word;
	const char *sign;
} currencies[] = {
    {"eur", "€"},     {"euro", "€"},       {"euros", "€"},     {"usd", "$"},
    {"dollars", "$"}, {"dollar", "$"},     {"gbp", "£"},       {"pounds", "£"},
    {"chf", "CHF "},  {"franken", "CHF "}, {"francs", "CHF "},
};

/* Saying that the amount is the customer's spend. */
static const char *const pay_words[] = {
    "pay",    "paying",   "paid",    "spend",     "spending", "costs",
    "cost",   "bill",     "billed",  "invoice",   "payons",   "paie",
    "payer",  "paye",     "depense", "depensons", "coute",    "factures",
    "zahlen", "bezahlen", "zahle",   "ausgeben",  "geben",    "kostet",
    "kosten", "rechnung", NULL};

static const struct {
	const char *p;
	const char *label; /* "" for a month */
} periods[] = {
    {"a month", ""},
    {"per month", ""},
    {"each month", ""},
    {"every month", ""},
    {"monthly", ""},
    {"/ month", ""},
    {"/ mo", ""},
    {"a mo", ""},
    {"par mois", ""},
    {"chaque mois", ""},
    {"tous les mois", ""},
    {"mensuellement", ""},
    {"mensuel", ""},
    {"mensuels", ""},
    {"/ mois", ""},
    {"pro monat", ""},
    {"im monat", ""},
    {"jeden monat", ""},
    {"monatlich", ""},
    {"/ monat", ""},
    {"a week", "per week"},
    {"per week", "per week"},
    {"weekly", "per week"},
    {"each week", "per week"},
    {"every week", "per week"},
    {"par semaine", "per week"},
    {"chaque semaine", "per week"},
    {"hebdomadaire", "per week"},
    {"pro woche", "per week"},
    {"in der woche", "per week"},
    {"wochentlich", "per week"},
    {"jede woche", "per week"},
    {"a day", "per day"},
    {"per day", "per day"},
    {"daily", "per day"},
    {"each day", "per day"},
    {"every day", "per day"},
    {"par jour", "per day"},
    {"chaque jour", "per day"},
    {"quotidiennement", "per day"},
    {"pro tag", "per day"},
    {"am tag", "per day"},
    {"taglich", "per day"},
    {"jeden tag", "per day"},
    {"a year", "per year"},
    {"per year", "per year"},
    {"yearly", "per year"},
    {"annually", "per year"},
    {"per annum", "per year"},
    {"par an", "per year"},
    {"chaque annee", "per year"},
    {"pro jahr", "per year"},
    {"im jahr", "per year"},
    {"jahrlich", "per year"},
    {"jedes jahr", "per year"},
};

static int
volume_in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

/* Folded words (and lone punctuation) separated by spaces, at j. */
static int
volume_phrase_at(const struct words *ws, size_t j, unsigned sent, const char *p)
{
	while (*p) {
		size_t n = strcspn(p, " ");
		const struct word *w;

		if (j >= ws->n || (w = &ws->w[j])->sent != sent ||
		    w->norm[0] != *p || w->len != n ||
		    memcmp(w->norm, p, n) != 0)
			return 0;
		j++;
		p += n;
		while (*p == ' ')
			p++;
	}
	return 1;
}

static const char *
volume_period_of(const struct words *ws, unsigned sent)
{
	size_t first, last;

	words_sentence(ws, sent, &first, &last);
	for (size_t j = first; j < last; j++)
		for (size_t k = 0; k < sizeof(periods) / sizeof(periods[0]);
		     k++)
			if (volume_phrase_at(ws, j, sent, periods[k].p))
				return periods[k].label;
	return NULL;
}

/* The multiplier after a number at j ("k", "million", "Mio."). */
static double
volume_multiplier(const struct words *ws, const struct word *num, size_t *j)
{
	const struct word *w;

	if (strcmp(num->suffix, "k") == 0)
		return 1e3;
	if (strcmp(num->suffix, "m") == 0 || strcmp(num->suffix, "mio") == 0)
		return 1e6;
	if (num->suffix[0])
		return 0;
	if (*j >= ws->n || (w = &ws->w[*j])->sent != num->sent ||
	    w->kind != W_WORD)
		return 1;
	if (strcmp(w->norm, "k") == 0 || strcmp(w->norm, "thousand") == 0 ||
	    strcmp(w->norm, "mille") == 0 || strcmp(w->norm, "tausend") == 0 ||
	    strcmp(w->norm, "tsd") == 0) {
		(*j)++;
		return 1e3;
	}
	if (strcmp(w->norm, "million") == 0 ||
	    strcmp(w->norm, "millions") == 0 ||
	    strcmp(w->norm, "millionen") == 0 || strcmp(w->norm, "mio") == 0 ||
	    strcmp(w->norm, "mln") == 0 || strcmp(w->norm, "m") == 0) {
		(*j)++;
		if (*j < ws->n && ws->w[*j].kind == W_PUNCT &&
		    ws->w[*j].punct == '.' && ws->w[*j].glued)
			(*j)++; /* "Mio." */
		return 1e6;
	}
	return 1;
}

static void
volume_format_count(double v, char *buf, size_t len)
{
	char digits[32], *o = buf;
	size_t n, i;

	snprintf(digits, sizeof(digits), "%.0f", v);
	n = strlen(digits);
	for (i = 0; i < n && (size_t)(o - buf) + 2 < len; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			*o++ = ',';
		*o++ = digits[i];
	}
	*o = 0;
}

/* The currency of token j of text, written as a sign, or NULL. */
static const char *
volume_currency_at(const struct words *ws, const char *text, size_t j)
{
	const struct word *w = &ws->w[j];
	const char *s = text + w->start;

	if (w->kind == W_PUNCT) {
		if (w->punct == '$')
			return "$";
		if (strncmp(s, "€", strlen("€")) == 0)
			return "€";
		if (strncmp(s, "£", strlen("£")) == 0)
			return "£";
		return NULL;
	}
	if (w->kind != W_WORD)
		return NULL;
	for (size_t k = 0; k < sizeof(currencies) / sizeof(currencies[0]); k++)
		if (strcmp(w->norm, currencies[k].word) == 0)
			return currencies[k].sign;
	return NULL;
}

/* The currency just before or after the number at i (j: after it). */
static const char *
volume_currency(const struct words *ws, const char *text, size_t i, size_t j)
{
	const char *c = NULL;

	if (i > 0 && ws->w[i - 1].sent == ws->w[i].sent)
		c = volume_currency_at(ws, text, i - 1);
	if (c == NULL && j < ws->n && ws->w[j].sent == ws->w[i].sent)
		c = volume_currency_at(ws, text, j);
	return c;
}

static int
volume_pays(const struct words *ws, unsigned sent)
{
	size_t first, last;

	words_sentence(ws, sent, &first, &last);
	for (size_t j = first; j < last; j++)
		if (ws->w[j].kind == W_WORD &&
		    volume_in_list(ws->w[j].norm, pay_words))
			return 1;
	return 0;
}

int
volume_find(const struct words *ws, const char *text, char *out, size_t outlen,
	    unsigned *sent)
{
	for (size_t i = 0; i < ws->n; i++) {
		const struct word *num = &ws->w[i];
		const char *unit = NULL, *period, *currency;
		size_t j = i + 1;
		double v, mult;
		char count[48];

		if (num->kind != W_NUM || num->value < 1)
			continue;
		/* A date or a time is not a volume: "15.06.", "3:30". */
		if (j < ws->n && ws->w[j].kind == W_PUNCT && ws->w[j].glued &&
		    strchr("./:-", ws->w[j].punct) && j + 1 < ws->n &&
		    ws->w[j + 1].kind == W_NUM)
			continue;
		if ((mult = volume_multiplier(ws, num, &j)) == 0)
			continue;
		/* An amount is a spend, never a number of emails. */
		if ((currency = volume_currency(ws, text, i, j)) != NULL) {
			if (!volume_pays(ws, num->sent))
				continue;
			unit = "";
		}
		for (size_t k = j; unit == NULL && k < j + 4 && k < ws->n;
		     k++) {
			const struct word *w = &ws->w[k];

			if (w->sent != num->sent || w->kind == W_NUM ||
			    (w->kind == W_PUNCT && w->punct != '-'))
				break;
			if (volume_in_list(w->norm, mail_units) ||
			    (strcmp(w->norm, "e") == 0 && k + 1 < ws->n &&
			     (strcmp(ws->w[k + 1].norm, "mails") == 0 ||
			      strcmp(ws->w[k + 1].norm, "mail") == 0))) {
				unit = "emails";
				break;
			}
			if (volume_in_list(w->norm, message_units)) {
				unit = "messages";
				break;
			}
		}
		if (unit == NULL ||
		    (period = volume_period_of(ws, num->sent)) == NULL)
			continue;
		v = num->value * mult;
		if (v < 1 || v > 1e13)
			continue;
		volume_format_count(v, count, sizeof(count));
		if (currency != NULL)
			snprintf(out, outlen, "%s%s%s%s", currency, count,
				 period[0] ? " " : "", period);
		else
			snprintf(out, outlen, "%s %s%s%s", count, unit,
				 period[0] ? " " : "", period);
		*sent = num->sent;
		return 1;
	}
	return 0;
}
