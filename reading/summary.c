/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * summary: the text the built-in analyzer writes from what it counted
 * (builtin_int.h): the sentences quoted as pain points, action items and
 * usage, the evidence of each acting signal, and key_insights.
 *
 * Contract. Everything quoted is the reply's own text with white space
 * collapsed, cut at a character boundary within the ANALYSIS_MAX_*
 * limits; evidence is cut without a mark, so it stays a part of the
 * reply (evidence_in_text). No state: thread-safe as builtin.c is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builtin_int.h"
#include "utf8.h"
#include "xmalloc.h"
#include "zone.h"

/* Sentences as text */

/* Copy bytes [s, e) of text with white space collapsed, at most max. */
static char *
summary_excerpt(const char *text, size_t s, size_t e, size_t max)
{
	char *out = xmalloc(max + 1), *o = out;
	int space = 0;

	for (size_t i = s; i < e; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = o > out;
			continue;
		}
		if (space) {
			if ((size_t)(o - out) + 1 > max)
				break;
			*o++ = ' ';
			space = 0;
		}
		if ((size_t)(o - out) + 1 > max) {
			/* Cut at a character boundary and mark the cut. */
			o = out + utf8_cut(out, (size_t)(o - out),
					   max > 3 ? max - 3 : 0);
			memcpy(o, "...", 3);
			o += 3;
			break;
		}
		*o++ = (char)c;
	}
	*o = 0;
	return out;
}

static char *
summary_sentence_text(const char *text, const struct words *ws, unsigned s,
		      size_t max)
{
	size_t first, last;

	words_sentence(ws, s, &first, &last);
	while (first < last && ws->w[first].kind == W_PUNCT &&
	       strchr("-*>\"(", ws->w[first].punct))
		first++;
	if (first >= last)
		return xstrdup("");
	return summary_excerpt(text, ws->w[first].start, ws->w[last - 1].end,
			       max);
}

static void
summary_add_item(char ***list, size_t *n, char *s)
{
	if (s[0] == 0 || *n >= ANALYSIS_MAX_ITEMS) {
		free(s);
		return;
	}
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*list)[i], s) == 0) {
			free(s);
			return;
		}
	*list = xrealloc(*list, (*n + 1) * sizeof(char *));
	(*list)[(*n)++] = s;
}

/* Key insights */

static void
summary_local_time(GTimeZone *zone, time_t t, char *buf, size_t len,
		   int with_time)
{
	static const char *const days[] = {"Sunday",    "Monday",   "Tuesday",
					   "Wednesday", "Thursday", "Friday",
					   "Saturday"};
	struct tm tm;

	zone_localtime(zone, t, &tm);
	if (with_time)
		snprintf(buf, len, "%s %04d-%02d-%02d %02d:%02d",
			 days[tm.tm_wday % 7], tm.tm_year + 1900, tm.tm_mon + 1,
			 tm.tm_mday, tm.tm_hour, tm.tm_min);
	else
		snprintf(buf, len, "%s %04d-%02d-%02d", days[tm.tm_wday % 7],
			 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static const char *
summary_unavail_words(int kind)
{
	switch (kind) {
	case UA_MEETING:
		return "in a meeting";
	case UA_TRAVEL:
		return "on the road";
	case UA_LEAVE:
		return "on leave";
	case UA_BUSY:
		return "busy";
	default:
		return "away";
	}
}

char *
summary_insights(const struct analysis *a, const struct tally *t,
		 GTimeZone *zone, int auto_reply, int complaint)
{
	char buf[1024], when[64];
	size_t n = 0;

#define ADD(...)                                                               \
	do {                                                                   \
		if (n < sizeof(buf))                                           \
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,        \
					      __VA_ARGS__);                    \
	} while (0)
	buf[0] = 0;
	if (auto_reply) {
		ADD("Automatic reply");
		if (a->unavailable)
			ADD(": out of office");
		if (a->unavailable_until) {
			summary_local_time(zone, a->unavailable_until, when,
					   sizeof(when), 0);
			ADD(" until %s", when);
		}
		if (t->left)
			ADD("; the contact has left the company");
		ADD(".");
	} else if (a->do_not_contact) {
		ADD("Asked not to be contacted again.");
		if (complaint)
			ADD(" Complains as well.");
	} else if (a->not_interested) {
		ADD("Not interested.");
	} else if (complaint) {
		ADD("Complaint: %s",
		    a->npain_points ? a->pain_points[0] : "unhappy customer.");
	} else if (a->meeting_booked) {
		ADD("Meeting booked");
		if (t->meeting_at) {
			summary_local_time(zone, t->meeting_at, when,
					   sizeof(when), 1);
			ADD(" for %s", when);
		}
		ADD(".");
	} else if (a->product_interest == PI_VERY_INTERESTED) {
		ADD("Very interested.");
	} else if (a->product_interest == PI_INTERESTED) {
		ADD("Interested.");
	} else if (a->unavailable) {
		ADD("Unavailable (%s)", summary_unavail_words(t->ua_kind));
		if (a->unavailable_until) {
			summary_local_time(zone, a->unavailable_until, when,
					   sizeof(when), 1);
			ADD(" until %s", when);
		}
		ADD(".");
	} else if (a->product_interest == PI_MENTIONED) {
		ADD("Asked about the offer.");
	} else if (t->soft_no) {
		ADD("Not now.");
	} else if (t->hedge) {
		ADD("Undecided.");
	} else if (a->npain_points) {
		ADD("Reports a problem: %s", a->pain_points[0]);
	} else if (a->naction_items) {
		ADD("Asks for something.");
	} else if (a->sentiment == SENT_POSITIVE) {
		ADD("Positive reply.");
	} else if (a->sentiment == SENT_NEGATIVE) {
		ADD("Negative reply.");
	} else {
		ADD("Neutral reply.");
	}
	if (!auto_reply && !a->do_not_contact) {
		if (t->left)
			ADD(" The contact has left the company.");
		if (a->requested_followup_at) {
			summary_local_time(zone, a->requested_followup_at, when,
					   sizeof(when), 1);
			ADD(" Asked to be contacted again on %s.", when);
		}
		if (a->monthly_volume)
			ADD(" Volume: %s%s.", a->monthly_volume,
			    strstr(a->monthly_volume, " per ") ? ""
							       : " a month");
		if (a->naction_items && a->product_interest >= PI_MENTIONED)
			ADD(" Wants: %s", a->action_items[0]);
		if (t->urgent)
			ADD(" Urgent.");
	}
#undef ADD
	return summary_excerpt(buf, 0, strlen(buf), ANALYSIS_MAX_INSIGHTS);
}

/* Evidence */

/*
 * The clauses around tokens sp, without punctuation at either end, as
 * the reply wrote them (white space collapsed), cut to the limit: what
 * a salesperson reads to see why a signal fired.
 */
static char *
summary_evidence_text(const char *text, const struct words *ws, struct span sp)
{
	size_t first = sp.first, last = sp.last, cut;
	char *s;

	if (last == 0 || last > ws->n || first >= last)
		return NULL;
	while (first > 0 && ws->w[first - 1].clause == ws->w[first].clause)
		first--;
	while (last < ws->n && ws->w[last].clause == ws->w[last - 1].clause)
		last++;
	while (first < last && ws->w[first].kind == W_PUNCT)
		first++;
	while (last > first && ws->w[last - 1].kind == W_PUNCT &&
	       ws->w[last - 1].punct != ')')
		last--;
	if (first >= last)
		return NULL;
	s = summary_excerpt(text, ws->w[first].start, ws->w[last - 1].end,
			    ws->w[last - 1].end - ws->w[first].start);
	cut = utf8_cut(s, strlen(s), ANALYSIS_MAX_EVIDENCE);
	s[cut] = 0;
	return s;
}

/* The first span of the list that is set. */
static struct span
summary_first_span(const struct span *const *list)
{
	struct span none = {0, 0};

	for (; *list; list++)
		if ((*list)->last != 0)
			return **list;
	return none;
}

/* Why the response type is what it is. */
static struct span
summary_type_span(const struct analysis *a, const struct tally *t,
		  struct span volume)
{
	const struct span *attention[] = {&t->cat[LX_COMPLAINT],
					  &t->cat[LX_PAIN], &t->cat[LX_URGENT],
					  &t->cat[LX_NEG], NULL};
	const struct span *value[] = {&t->booked,         &t->cat[LX_INTEREST],
				      &t->cat[LX_BUY],    &volume,
				      &t->cat[LX_ACTION], &t->inquired,
				      &t->asked,          &t->cat[LX_MENTION],
				      &t->cat[LX_POS],    NULL};

	return summary_first_span(
	    a->response_type == RT_NEEDS_ATTENTION ? attention : value);
}

/*
 * Each acting signal's evidence, from the words that set it; then the
 * rule that a signal without evidence does not act.
 */
void
summary_evidence(struct analysis *a, const struct tally *t,
		 const struct words *ws, const char *text, unsigned volume_sent,
		 int has_volume)
{
	struct span volume = {0, 0}, spans[SIG_COUNT];
	char names[160];

	if (has_volume)
		words_sentence(ws, volume_sent, &volume.first, &volume.last);
	spans[SIG_UNAVAILABLE] = t->away;
	spans[SIG_REQUESTED_FOLLOWUP] = t->asked;
	spans[SIG_NOT_INTERESTED] = t->declined.last ? t->declined : t->stop;
	spans[SIG_DO_NOT_CONTACT] = t->stop;
	spans[SIG_MEETING_BOOKED] = t->booked;
	spans[SIG_RESPONSE_TYPE] = summary_type_span(a, t, volume);
	for (int s = 0; s < SIG_COUNT; s++)
		if (evidence_active(a, (enum analysis_signal)s))
			a->evidence[s] =
			    summary_evidence_text(text, ws, spans[s]);
	evidence_require(a, NULL, names, sizeof(names));
}

void
summary_collect_text(struct analysis *a, const struct tally *t,
		     const struct words *ws, const char *text, int auto_reply,
		     const char *volume, unsigned volume_sent)
{
	int ask = !auto_reply && !a->do_not_contact;

	for (unsigned s = 0; s < ws->nsent; s++) {
		unsigned m = t->smask[s];

		if ((m & S_PAIN) && !auto_reply)
			summary_add_item(&a->pain_points, &a->npain_points,
					 summary_sentence_text(
					     text, ws, s, ANALYSIS_MAX_ITEM));
		if (ask && (m & (S_ACTION | S_QUESTION)))
			summary_add_item(&a->action_items, &a->naction_items,
					 summary_sentence_text(
					     text, ws, s, ANALYSIS_MAX_ITEM));
		if ((m & S_USAGE) && a->product_usage == NULL && !auto_reply)
			a->product_usage = summary_sentence_text(
			    text, ws, s, ANALYSIS_MAX_USAGE);
	}
	if (t->left)
		summary_add_item(
		    &a->action_items, &a->naction_items,
		    xstrdup("Find the new contact: this person has left "
			    "the company."));
	if (volume != NULL && !auto_reply) {
		a->monthly_volume = xstrdup(volume);
		if (a->product_usage == NULL)
			a->product_usage = summary_sentence_text(
			    text, ws, volume_sent, ANALYSIS_MAX_USAGE);
	}
}
