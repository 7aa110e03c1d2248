/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * billing: a billing mistake the customer writes only in numbers, with no
 * word saying it is wrong ("your invoice shows 900k emails and we sent
 * 90k"): the words of an invoice and two quantities that differ in one
 * sentence.
 *
 * Contract. Pure and thread-safe; reads only the tokens. A quantity is a
 * number of at least a thousand once "k" and "m" are applied; a year
 * (four digits, 1900-2100, no grouping) is a date, not a quantity. Two
 * quantities differ when the larger is at least one and a half times the
 * smaller: an invoice that says 900k against 90k sent, not rounding.
 */
#include <string.h>

#include "billing.h"

/* Words of an invoice, as words.c folds them. */
static const char *const billing_words[] = {
    "invoice", "invoiced", "invoices",  "bill",        "billed",
    "billing", "charged",  "berechnet", "abgerechnet", NULL};

/* Beginnings and parts of words: "facturé", "Novemberrechnung". */
static const char *const billing_stems[] = {"factur", NULL};
static const char *const billing_parts[] = {"rechnung", NULL};

static int
billing_is_invoice(const struct word *w)
{
	for (const char *const *p = billing_words; *p; p++)
		if (strcmp(w->norm, *p) == 0)
			return 1;
	for (const char *const *p = billing_stems; *p; p++)
		if (strncmp(w->norm, *p, strlen(*p)) == 0)
			return 1;
	for (const char *const *p = billing_parts; *p; p++)
		if (strstr(w->norm, *p) != NULL)
			return 1;
	return 0;
}

/* The quantity a number token stands for, or 0 if it is none. */
static double
billing_quantity(const struct word *w)
{
	double v = w->value;

	if (w->suffix[0] == 'k' && w->suffix[1] == 0)
		v *= 1e3;
	else if (w->suffix[0] == 'm' &&
		 (w->suffix[1] == 0 || strcmp(w->suffix, "mio") == 0))
		v *= 1e6;
	else if (w->suffix[0] != 0)
		return 0; /* "15th", "3pm" */
	if (w->intdigits == 4 && !w->grouped && !w->decimal && v >= 1900 &&
	    v <= 2100)
		return 0;
	return v >= 1000 ? v : 0;
}

int
billing_disputed(const struct words *ws, unsigned s)
{
	size_t first, last;
	double lo = 0, hi = 0;
	int invoice = 0;

	words_sentence(ws, s, &first, &last);
	for (size_t i = first; i < last; i++) {
		const struct word *w = &ws->w[i];
		double q;

		if (w->kind == W_WORD && billing_is_invoice(w))
			invoice = 1;
		if (w->kind != W_NUM || (q = billing_quantity(w)) == 0)
			continue;
		if (lo == 0 || q < lo)
			lo = q;
		if (q > hi)
			hi = q;
	}
	return invoice && lo > 0 && hi >= lo * 1.5;
}
