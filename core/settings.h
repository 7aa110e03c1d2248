/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_SETTINGS_H
#define POSTREPLY_SETTINGS_H

/*
 * settings: the SQL that writes and reads an account's settings (name,
 * reply-to address, working hours, days and zone, automation paused)
 * and its follow-up rules, for postreplyctl and postreply-web alike:
 * one writer per fact.
 */

/*
 * UPDATE of an account by email ($1): $2 name, $3 reply_to ("" for the
 * account's own address), $4 work_hours, $5 work_days, $6 time_zone, $7
 * paused; NULL leaves a value as it is.
 */
extern const char settings_account_set_sql[];

/*
 * Upsert of a follow-up rule: $1 account id, $2 scenario, $3 enabled,
 * $4 steps, $5 max_steps, $6 message (ai, custom), $7 custom_text, $8
 * on_send (a text[] literal); NULL keeps the value (or the default).
 * Returns enabled, steps, max_steps, message, custom_text: the caller
 * refuses, before COMMIT, a custom message without its text.
 */
extern const char settings_rule_set_sql[];

/* Every scenario shows, with the defaults of a rule never set ($1). */
#define SETTINGS_RULES_FROM                                                    \
	" FROM (VALUES (1, 'no_reply'), (2, 'unavailable'),"                   \
	"  (3, 'requested_delay')) s(n, scenario)"                             \
	" LEFT JOIN followup_rules r ON r.account_id = $1"                     \
	"  AND r.scenario = s.scenario"

/* The rules of account $1 as a JSON array, every scenario, defaults filled. */
#define SETTINGS_RULES_JSON_SELECT                                             \
	"SELECT jsonb_pretty(jsonb_agg(jsonb_build_object("                    \
	" 'scenario', s.scenario, 'enabled', coalesce(r.enabled, false),"      \
	" 'steps', coalesce(r.steps, '3d,7d'),"                                \
	" 'max_steps', coalesce(r.max_steps, 2),"                              \
	" 'message', coalesce(r.message, 'ai'),"                               \
	" 'custom_text', coalesce(r.custom_text, ''),"                         \
	" 'on_send', to_jsonb(coalesce(r.on_send, '{}'))) ORDER BY "           \
	"s.n))" SETTINGS_RULES_FROM
extern const char settings_rules_json_sql[];

/* A PostgreSQL text[] literal of n strings (caller frees). */
char *settings_text_array(const char *const *items, int n);

/* Checks before anything is stored: NULL, or what is wrong. */
const char *settings_check_scenario(const char *scenario);
const char *settings_check_action(const char *action);
const char *settings_check_steps(const char *steps);
const char *settings_check_hours(const char *hours);
const char *settings_check_days(const char *days);
const char *settings_check_zone(const char *tz);

#endif
