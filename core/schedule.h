/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_SCHEDULE_H
#define POSTREPLY_SCHEDULE_H

#include <time.h>

/*
 * schedule: when a follow-up is due. Pure functions of their arguments
 * (no clock, no database), so tests give explicit times.
 */

#define SCHEDULE_MAX_STEPS 16

/* An account's working hours, in its time zone. */
struct schedule_hours {
	int open;      /* minutes after local midnight, 0..1439 */
	int close;     /* minutes after local midnight, open < close <= 1440 */
	unsigned days; /* bit 0 Sunday .. bit 6 Saturday */
	const char *zone; /* IANA name, "" or unknown means UTC */
};

/*
 * "08:00-17:00" (or "" for all day) into h->open and h->close; 0, or -1
 * when it is not a valid range.
 */
int schedule_parse_hours(const char *s, struct schedule_hours *h);

/*
 * "mon-fri", "mon,wed,fri", "sat-sun", "fri-mon" (or "" for every day)
 * into h->days; 0 or -1.
 */
int schedule_parse_days(const char *s, struct schedule_hours *h);

/*
 * Working hours from the account's columns; bad or empty values mean
 * at any time. zone is kept as a pointer.
 */
void schedule_hours_init(struct schedule_hours *h, const char *hours,
			 const char *days, const char *zone);

/*
 * "3d,7d" into seconds (up to max); returns how many, or -1 when one is
 * not a duration (confvalue_duration) or there are none.
 */
int schedule_parse_steps(const char *s, long long *out, int max);

/* The first instant at or after t within working hours. */
time_t schedule_open(const struct schedule_hours *h, time_t t);

/*
 * When step (1-based) of a rule is due: reference plus that step's
 * duration (the last one repeats when max_steps is beyond the list),
 * deferred to working hours. 0 when step is beyond max_steps or the
 * steps do not parse.
 */
time_t schedule_step_due(const char *steps, int max_steps, int step,
			 time_t reference, const struct schedule_hours *h);

/*
 * What is scheduled after a reply, from its signals: the requested time
 * when the requested_delay rule is on, else the return date (or the
 * first step after the reply) when the unavailable rule is on; deferred
 * to working hours. Sets *scenario; 0 when nothing is scheduled.
 */
struct schedule_reply {
	int unavailable;
	time_t unavailable_until;
	time_t requested_followup_at;
	time_t received_at;
	int unavailable_enabled;
	const char *unavailable_steps;
	int requested_enabled;
	const char *requested_steps;
};
time_t schedule_after_reply(const struct schedule_reply *r,
			    const struct schedule_hours *h, time_t now,
			    const char **scenario);

#endif
