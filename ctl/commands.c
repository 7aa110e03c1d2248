/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * commands: the table of postreplyctl subcommands. Longer word sequences
 * come first where one is a prefix of another.
 */
#include <stddef.h>

#include "ctl.h"
#include "commands.h"

const struct ctl_command ctl_commands[] = {
    {"db init", "", cmd_db_init},
    {"check", "[--json] [--postfix-config DIR]", cmd_check},
    {"account add",
     "EMAIL [--name NAME] [--reply-to ADDRESS] [--hours HH:MM-HH:MM]"
     " [--days mon-fri] [--tz ZONE]",
     cmd_account_add},
    {"account set",
     "EMAIL [--name NAME] [--reply-to ADDRESS] [--hours HH:MM-HH:MM]"
     " [--days mon-fri] [--tz ZONE]",
     cmd_account_set},
    {"account pause", "EMAIL", cmd_account_pause},
    {"account resume", "EMAIL", cmd_account_resume},
    {"account list", "[--json]", cmd_account_list},
    {"customer add", "--account EMAIL CUSTOMER_EMAIL [--name NAME]",
     cmd_customer_add},
    {"token issue", "--account EMAIL --customer EMAIL [--subject S]",
     cmd_token_issue},
    {"send",
     "--account EMAIL --to CUSTOMER_EMAIL --subject S"
     " (--body TEXT | --body-file FILE) [--html-file FILE]"
     " [--even-if-do-not-contact]",
     cmd_send},
    {"timeline", "CUSTOMER_EMAIL [--account EMAIL] [--json]", cmd_timeline},
    {"tokens list", "CUSTOMER_EMAIL [--account EMAIL] [--json]",
     cmd_tokens_list},
    {"tokens purge", "", cmd_tokens_purge},
    {"log-reply",
     "--account EMAIL --customer EMAIL (--text T | --text-file F)"
     " [--channel phone|email|meeting|other] [--at TIME]",
     cmd_log_reply},
    {"status set", "--account EMAIL CUSTOMER_EMAIL STATUS", cmd_status_set},
    {"note add", "--account EMAIL CUSTOMER_EMAIL --text T", cmd_note_add},
    {"inbox", "[--account EMAIL] [--unread] [--json]", cmd_inbox},
    {"read", "--account EMAIL CUSTOMER_EMAIL", cmd_read},
    {"followup rule set",
     "--account EMAIL no_reply|unavailable|requested_delay"
     " [--enable|--disable] [--steps 3d,7d] [--max N] [--message ai|custom]"
     " [--text T | --text-file F] [--on-send "
     "tag:NAME|assign:EMAIL|notify|webhook]...",
     cmd_followup_rule_set},
    {"followup rule list", "--account EMAIL [--json]", cmd_followup_rule_list},
    {"followups", "[--account EMAIL] [--json]", cmd_followups},
    {"jobs retry", "ID", cmd_jobs_retry},
    {"jobs", "[--failed] [--json]", cmd_jobs},
    {"user add", "EMAIL [--admin]", cmd_user_add},
    {"user remove", "EMAIL", cmd_user_remove},
    {"user grant", "EMAIL --account EMAIL", cmd_user_grant},
    {"user revoke", "EMAIL --account EMAIL", cmd_user_revoke},
    {"user password", "EMAIL (the password on standard input)",
     cmd_user_password},
    {"user list", "[--json]", cmd_user_list},
    {NULL, NULL, NULL},
};
