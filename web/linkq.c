/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * linkq: sign-in links are made and mailed after the request has been
 * answered, by one thread of their own. The answer then takes the same
 * time whether or not the address may sign in (no database lookup, no
 * mail submission in it), so its timing does not tell who has an
 * account. The queue is bounded (LINKQ_MAX addresses); the sign-in rate
 * limits keep it short.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "linkq.h"
#include "msg.h"
#include "xmalloc.h"

#define LINKQ_MAX 256

struct linkq_item {
	char *email, *client;
};

static pthread_mutex_t linkq_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t linkq_cond = PTHREAD_COND_INITIALIZER;
static struct linkq_item linkq_items[LINKQ_MAX];
static int linkq_head, linkq_len, linkq_stopping;
static void (*linkq_send)(const char *email, const char *client);
static pthread_t linkq_thread;

static void *
linkq_run(void *arg)
{
	struct linkq_item it;

	(void)arg;
	pthread_mutex_lock(&linkq_lock);
	for (;;) {
		while (linkq_len == 0 && !linkq_stopping)
			pthread_cond_wait(&linkq_cond, &linkq_lock);
		if (linkq_len == 0)
			break;
		it = linkq_items[linkq_head];
		linkq_head = (linkq_head + 1) % LINKQ_MAX;
		linkq_len--;
		pthread_mutex_unlock(&linkq_lock);
		conf_hold();
		linkq_send(it.email, it.client);
		conf_release();
		free(it.email);
		free(it.client);
		pthread_mutex_lock(&linkq_lock);
	}
	pthread_mutex_unlock(&linkq_lock);
	return NULL;
}

void
linkq_init(void (*send)(const char *email, const char *client))
{
	linkq_send = send;
	if (pthread_create(&linkq_thread, NULL, linkq_run, NULL) != 0)
		msg_fatal(1, "cannot start the sign-in links' thread");
}

void
linkq_stop(void)
{
	pthread_mutex_lock(&linkq_lock);
	linkq_stopping = 1;
	pthread_cond_signal(&linkq_cond);
	pthread_mutex_unlock(&linkq_lock);
	pthread_join(linkq_thread, NULL);
}

int
linkq_add(const char *email, const char *client)
{
	struct linkq_item *it;

	pthread_mutex_lock(&linkq_lock);
	if (linkq_len == LINKQ_MAX || linkq_stopping) {
		pthread_mutex_unlock(&linkq_lock);
		return -1;
	}
	it = &linkq_items[(linkq_head + linkq_len) % LINKQ_MAX];
	it->email = xstrdup(email);
	it->client = xstrdup(client);
	linkq_len++;
	pthread_cond_signal(&linkq_cond);
	pthread_mutex_unlock(&linkq_lock);
	return 0;
}
