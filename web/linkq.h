/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_LINKQ_H
#define POSTREPLY_LINKQ_H

/*
 * Start the queue's thread, which calls send for each address queued,
 * with a configuration snapshot held.
 */
void linkq_init(void (*send)(const char *email, const char *client));
/* Send what is queued, then end the thread. */
void linkq_stop(void);
/* Queue a sign-in link for email (asked from client): 0, -1 when full. */
int linkq_add(const char *email, const char *client);

#endif
