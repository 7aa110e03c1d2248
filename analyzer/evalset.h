/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_EVALSET_H
#define POSTREPLY_EVALSET_H

#include <stddef.h>
#include <time.h>

/*
 * A labelled directory for postreply-analyzer --eval: DIR/labels.json
 * and the .eml files it names. The format (README, "How well it reads
 * and understands"; postreply-analyzer(8)):
 *
 *   {"received_at": "2026-12-04T10:00:00Z", "tz": "Europe/Paris",
 *    "replies": {"file.eml": {"sentiment": "negative", ...}, ...}}
 */

/* The fields scored, in the order they are reported. */
enum evalset_field {
	EF_REPLY,
	EF_BOUNCE,
	EF_BOUNCE_RECIPIENT,
	EF_AUTO_REPLY,
	EF_RESPONSE_TYPE,
	EF_SENTIMENT,
	EF_PRODUCT_INTEREST,
	EF_UNAVAILABLE,
	EF_NOT_INTERESTED,
	EF_DO_NOT_CONTACT,
	EF_MEETING_BOOKED,
	EF_REQUESTED_FOLLOWUP,
	EF_MONTHLY_VOLUME,
	EF_FOLLOW_UP_NEEDED,
	EF_NFIELDS
};

/* How a field is scored. */
enum evalset_kind {
	EK_TEXT,   /* exact, after normalising white space at the edges */
	EK_STRING, /* an address: equal ignoring case */
	EK_BOOL,   /* accuracy */
	EK_ENUM,   /* accuracy */
	EK_SIGNAL  /* an acting signal: precision and recall */
};

struct evalset_field_def {
	const char *name;
	enum evalset_kind kind;
	const char *const *values; /* EK_ENUM: NULL-terminated */
	const char *date_key;      /* EK_SIGNAL: its date's key, or NULL */
};

extern const struct evalset_field_def evalset_fields[EF_NFIELDS];

/*
 * One reply's labels. Every value is a string: "true"/"false" for the
 * booleans and signals, the name for an enumeration, the text, the
 * address; NULL when the field is not labelled (then it is not scored).
 */
struct evalset_reply {
	char *file;
	char *want[EF_NFIELDS];
	char *date[EF_NFIELDS]; /* "YYYY-MM-DD" of a signal, or NULL */
	time_t received_at;
	char *tz;
};

struct evalset {
	char *dir;
	struct evalset_reply *replies; /* sorted by file name */
	size_t n;
};

/*
 * Load dir/labels.json. 0, or -1 with why in err, naming the file and
 * the key ("labels.json: replies.\"a.eml\".sentiment: expected one of
 * positive, neutral, negative").
 */
int evalset_load(const char *dir, struct evalset *set, char *err,
		 size_t errlen);

/*
 * The same from the text of a labels.json (len bytes); set->dir is left
 * NULL. On error the replies read so far stay in set: evalset_free it.
 */
int evalset_from_text(const char *text, size_t len, struct evalset *set,
		      char *err, size_t errlen);

void evalset_free(struct evalset *set);

/* The most bytes read of labels.json and of one .eml. */
#define EVALSET_MAX_LABELS (64 * 1024 * 1024)
#define EVALSET_MAX_EML (64 * 1024 * 1024)

/*
 * The bytes of dir/file, at most max: 0 with *data (NUL-terminated,
 * free() it) and *len, or -1 with why in err.
 */
int evalset_slurp(const char *dir, const char *file, size_t max, char **data,
		  size_t *len, char *err, size_t errlen);

#endif
