/*
 * commands: the table of postreplyctl subcommands. Longer word sequences
 * come first where one is a prefix of another.
 */
#include <stddef.h>

#include "ctl.h"
#include "commands.h"

const struct ctl_command ctl_commands[] = {
    {"db init", "", cmd_db_init},
    {"account add", "EMAIL [--name NAME] [--reply-to ADDRESS]",
     cmd_account_add},
    {"account set", "EMAIL [--name NAME] [--reply-to ADDRESS]",
     cmd_account_set},
    {"account list", "", cmd_account_list},
    {"customer add", "--account EMAIL CUSTOMER_EMAIL [--name NAME]",
     cmd_customer_add},
    {"token issue", "--account EMAIL --customer EMAIL [--subject S]",
     cmd_token_issue},
    {"send",
     "--account EMAIL --to CUSTOMER_EMAIL --subject S"
     " (--body TEXT | --body-file FILE) [--html-file FILE]",
     cmd_send},
    {"timeline", "CUSTOMER_EMAIL [--account EMAIL] [--json]", cmd_timeline},
    {NULL, NULL, NULL},
};
