/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_FOLLOWUPS_H
#define POSTREPLY_FOLLOWUPS_H

/*
 * followups: the facts about follow-ups that their planner (the
 * analyzer's followup module) writes and postreplyctl reads back.
 */

/*
 * The reason a no_reply step is scheduled, followed by an id: "no reply
 * to email N" (a sent_emails id) or "no reply to follow-up N" (a
 * followups id). The first also marks the email's cycle as planned, so a
 * job run again plans nothing twice. postreplyctl followups reads them
 * back to name the email by its subject and date.
 */
#define FOLLOWUP_REASON_EMAIL "no reply to email "
#define FOLLOWUP_REASON_FOLLOWUP "no reply to follow-up "

/*
 * SQL: reason r (an SQL expression) for people. The email a no_reply step
 * follows, by its subject and when it went ("no reply to \"Our offer\"
 * (sent 2026-11-20 09:00 UTC)", "(follow-up sent ...)"), rather than by
 * the id in the reason; any other reason as it is.
 */
#define FOLLOWUP_REASON_WORDS(r)                                               \
	"coalesce((SELECT 'no reply to \"' || coalesce(nullif(s.subject, '')," \
	"  '(no subject)') || '\" (' || CASE WHEN " r                          \
	" LIKE '" FOLLOWUP_REASON_FOLLOWUP "%' THEN 'follow-up ' ELSE '' END"  \
	"  || 'sent ' || to_char(s.sent_at AT TIME ZONE 'UTC',"                \
	"  'YYYY-MM-DD HH24:MI') || ' UTC)' FROM sent_emails s"                \
	"  WHERE s.id = coalesce((SELECT p.sent_email_id FROM followups p"     \
	"  WHERE p.id = substring(" r " FROM '^" FOLLOWUP_REASON_FOLLOWUP      \
	"([0-9]+)$')::bigint), substring(" r " FROM '^" FOLLOWUP_REASON_EMAIL  \
	"([0-9]+)$')::bigint)), " r ")"

#endif
