/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ratelimit: slows down guessing. Per key (a client address, a user's
 * address), a count of failures in a fixed window; reaching the limit
 * blocks the key for one window. policyd counts dead reply addresses,
 * the web server sign-in attempts. A hash table with chaining
 * under one mutex: the work per request is a few compares, far below the
 * cost of the request itself. Entries whose window and block have passed
 * are swept when the table grows, so a scan from many addresses cannot
 * exhaust memory: past RATELIMIT_MAX_ENTRIES, new clients go untracked.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ratelimit.h"
#include "xmalloc.h"

#define RATELIMIT_BUCKETS 4096
#define RATELIMIT_MAX_ENTRIES 100000

struct rl_entry {
	struct rl_entry *next;
	char *client;
	time_t window_start;
	time_t blocked_until;
	int count;
};

struct ratelimit {
	pthread_mutex_t lock;
	struct rl_entry *buckets[RATELIMIT_BUCKETS];
	size_t nentries;
	size_t sweep_at; /* sweep when nentries reaches this */
	time_t swept;    /* when last swept: once a second is enough */
	int limit;
	time_t window;
};

struct ratelimit *
ratelimit_new(int limit, time_t window)
{
	struct ratelimit *rl = xcalloc(1, sizeof(*rl));

	pthread_mutex_init(&rl->lock, NULL);
	rl->limit = limit;
	rl->window = window;
	rl->sweep_at = 1024;
	rl->swept = (time_t)-1;
	return rl;
}

static void
rl_entry_free(struct rl_entry *e)
{
	free(e->client);
	free(e);
}

void
ratelimit_free(struct ratelimit *rl)
{
	struct rl_entry *e, *next;
	size_t i;

	for (i = 0; i < RATELIMIT_BUCKETS; i++)
		for (e = rl->buckets[i]; e; e = next) {
			next = e->next;
			rl_entry_free(e);
		}
	pthread_mutex_destroy(&rl->lock);
	free(rl);
}

static size_t
rl_hash(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h % RATELIMIT_BUCKETS;
}

static int
rl_stale(const struct ratelimit *rl, const struct rl_entry *e, time_t now)
{
	return e->blocked_until <= now && now - e->window_start >= rl->window;
}

/* Drop entries that no longer matter. Called with the lock held. */
static void
rl_sweep(struct ratelimit *rl, time_t now)
{
	struct rl_entry **pp, *e;
	size_t i;

	for (i = 0; i < RATELIMIT_BUCKETS; i++) {
		pp = &rl->buckets[i];
		while ((e = *pp) != NULL) {
			if (rl_stale(rl, e, now)) {
				*pp = e->next;
				rl_entry_free(e);
				rl->nentries--;
			} else {
				pp = &e->next;
			}
		}
	}
	/*
	 * Never past the bound, or a table filled by one burst would not be
	 * swept again and new clients would go untracked for good.
	 */
	rl->sweep_at = rl->nentries * 2 > 1024 ? rl->nentries * 2 : 1024;
	if (rl->sweep_at > RATELIMIT_MAX_ENTRIES)
		rl->sweep_at = RATELIMIT_MAX_ENTRIES;
	rl->swept = now;
}

static struct rl_entry *
ratelimit_find(struct ratelimit *rl, const char *client)
{
	struct rl_entry *e;

	for (e = rl->buckets[rl_hash(client)]; e; e = e->next)
		if (strcmp(e->client, client) == 0)
			return e;
	return NULL;
}

int
ratelimit_fail(struct ratelimit *rl, const char *client, time_t now)
{
	struct rl_entry *e;
	size_t h;
	int blocked = 0;

	pthread_mutex_lock(&rl->lock);
	if ((e = ratelimit_find(rl, client)) == NULL) {
		/* A second sweep within a second would find nothing new. */
		if (rl->nentries >= rl->sweep_at && now != rl->swept)
			rl_sweep(rl, now);
		if (rl->nentries >= RATELIMIT_MAX_ENTRIES) {
			pthread_mutex_unlock(&rl->lock);
			return 0;
		}
		e = xcalloc(1, sizeof(*e));
		e->client = xstrdup(client);
		e->window_start = now;
		h = rl_hash(client);
		e->next = rl->buckets[h];
		rl->buckets[h] = e;
		rl->nentries++;
	}
	if (now - e->window_start >= rl->window) {
		e->window_start = now;
		e->count = 0;
	}
	if (++e->count >= rl->limit && e->blocked_until <= now) {
		e->blocked_until = now + rl->window;
		blocked = 1;
	}
	pthread_mutex_unlock(&rl->lock);
	return blocked;
}

int
ratelimit_blocked(struct ratelimit *rl, const char *client, time_t now)
{
	struct rl_entry *e;
	int blocked;

	pthread_mutex_lock(&rl->lock);
	e = ratelimit_find(rl, client);
	blocked = e != NULL && e->blocked_until > now;
	pthread_mutex_unlock(&rl->lock);
	return blocked;
}
