/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuaction: the on-send actions of a follow-up rule, run in the
 * transaction that records the follow-up sent. The notice and the
 * webhook are jobs queued with it, so they go out only once it
 * committed, and once; the tag and the assignee are set in it.
 *
 * Contract: fuaction.h. Actions were checked when the rule was set
 * (postreplyctl); one unknown here (a rule from a newer version) is
 * logged and skipped rather than failing the send, which already
 * happened.
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "actions.h"
#include "db.h"
#include "fuaction.h"
#include "jobs.h"
#include "msg.h"
#include "xmalloc.h"

/*
 * The on-send job of kind for follow-up id. The notice carries its mail
 * (to whom, about which customer, the subject and the text as sent):
 * the follow-up's outbox is gone once it is sent.
 */
static int
fuaction_job(PGconn *conn, enum job_kind kind, const char *id,
	     const char *notify_to, const char *customer, const char *subject,
	     const char *text)
{
	json_object *o = json_object_new_object();
	int rc;

	json_object_object_add(o, jobs_kinds[kind].key,
			       json_object_new_int64(atoll(id)));
	if (kind == JOB_KIND_FOLLOWUP_NOTICE) {
		json_object_object_add(o, "to",
				       json_object_new_string(notify_to));
		json_object_object_add(o, "customer",
				       json_object_new_string(customer));
		json_object_object_add(o, "subject",
				       json_object_new_string(subject));
		json_object_object_add(o, "text", json_object_new_string(text));
	}
	rc = jobs_add(conn, kind, json_object_to_json_string(o));
	json_object_put(o);
	return rc;
}

/*
 * The rule's on-send actions, one per line, in the transaction that
 * records the follow-up sent: the notice and the webhook are jobs
 * queued with it, so they go out only once it committed.
 */
int
fuaction_run(PGconn *conn, const char *id, const struct followup_ctx *x,
	     const char *actions, const char *notify_to, const char *customer,
	     const char *subject, const char *text)
{
	char *copy = xstrdup(actions), *a, *save = NULL;
	int rc = 0;

	for (a = strtok_r(copy, "\n", &save); a && rc == 0;
	     a = strtok_r(NULL, "\n", &save)) {
		if (strncmp(a, "tag:", 4) == 0)
			rc = actions_tag(conn, x->customer, a + 4);
		else if (strncmp(a, "assign:", 7) == 0)
			rc = actions_assign(conn, x->conversation, a + 7);
		else if (strcmp(a, "notify") == 0)
			rc = fuaction_job(conn, JOB_KIND_FOLLOWUP_NOTICE, id,
					  notify_to, customer, subject, text);
		else if (strcmp(a, "webhook") == 0)
			rc = fuaction_job(conn, JOB_KIND_FOLLOWUP_WEBHOOK, id,
					  NULL, NULL, NULL, NULL);
		else
			msg_warn("conversation %s: unknown on-send action %s",
				 x->conversation, a);
	}
	free(copy);
	return rc < 0 ? -1 : 0;
}
