/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_COMMANDS_H
#define POSTREPLY_COMMANDS_H

int cmd_db_init(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_account_add(int argc, char **argv);
int cmd_account_set(int argc, char **argv);
int cmd_account_list(int argc, char **argv);
int cmd_customer_add(int argc, char **argv);
int cmd_token_issue(int argc, char **argv);
int cmd_send(int argc, char **argv);
int cmd_timeline(int argc, char **argv);
int cmd_tokens_list(int argc, char **argv);
int cmd_tokens_purge(int argc, char **argv);
int cmd_log_reply(int argc, char **argv);
int cmd_status_set(int argc, char **argv);
int cmd_note_add(int argc, char **argv);
int cmd_inbox(int argc, char **argv);
int cmd_user_add(int argc, char **argv);
int cmd_user_remove(int argc, char **argv);
int cmd_user_grant(int argc, char **argv);
int cmd_user_revoke(int argc, char **argv);
int cmd_user_password(int argc, char **argv);
int cmd_user_list(int argc, char **argv);
int cmd_read(int argc, char **argv);

int cmd_account_pause(int argc, char **argv);
int cmd_account_resume(int argc, char **argv);
int cmd_followup_rule_set(int argc, char **argv);
int cmd_followup_rule_list(int argc, char **argv);
int cmd_followups(int argc, char **argv);

/* Exit with EX_DATAERR unless working hours, days and zone are valid. */
void ctl_check_work_time(const char *hours, const char *days, const char *tz);

int cmd_jobs(int argc, char **argv);
int cmd_jobs_retry(int argc, char **argv);

#endif
