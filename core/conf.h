/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_CONF_H
#define POSTREPLY_CONF_H

#include <stdatomic.h>
#include <stdio.h>

#include "conf_keys.h"

#define CONF_DEFAULT_PATH "/etc/postreply/postreply.conf"

/* Each parameter's index in the table, and how many there are. */
enum conf_key_index {
#define CONF_INDEX(name, type, def, check, min, when) CONF_KEY_##name,
	CONF_KEYS(CONF_INDEX)
#undef CONF_INDEX
	    CONF_NKEYS
};

/* The C type of each kind of value. */
#define CONF_CTYPE_STR const char *
#define CONF_CTYPE_INT long long
#define CONF_CTYPE_BOOL int
#define CONF_CTYPE_DURATION long long /* seconds */
#define CONF_CTYPE_SIZE long long     /* bytes */

/*
 * One snapshot of the whole configuration, parsed once: a member per
 * parameter, so that a misspelt name does not compile. A snapshot never
 * changes; a reload makes a new one. Read it through conf_cur().
 */
struct conf {
#define CONF_MEMBER(name, type, def, check, min, when) CONF_CTYPE_##type name;
	CONF_KEYS(CONF_MEMBER)
#undef CONF_MEMBER
	char *text[CONF_NKEYS]; /* each value as written (strings point here) */
	atomic_int refs;        /* the current pointer's, and each holder's */
};

/*
 * The snapshot to read: the one this thread holds (conf_hold), else the
 * current one. Threads other than the one that loads and reloads the
 * configuration must hold one: reading without is a bug (panic), since a
 * reload may free the snapshot under them.
 */
const struct conf *conf_cur(void);

/*
 * Take the current snapshot for this thread, until conf_release: one
 * message, request or job reads one configuration, whatever a SIGHUP
 * does meanwhile. Holds nest; the outermost release lets go.
 */
void conf_hold(void);
void conf_release(void);

/*
 * Load a configuration file as the current snapshot. On error, returns
 * -1 with a message naming the file, line and parameter in err, and the
 * current snapshot stays.
 */
int conf_load(const char *path, char *err, size_t errlen);
int conf_load_stream(FILE *fp, const char *name, char *err, size_t errlen);

/* Every parameter at its default. */
void conf_reset(void);

/* Load -c FILE (or the default) or exit with EX_CONFIG. */
void conf_load_or_die(const char *path);

/*
 * Read the file conf_load_or_die read again, on the thread that loaded
 * it, while others hold snapshots. A bad file changes nothing (-1, err
 * says why). Otherwise each changed parameter is logged by name, those
 * read once at start-up keep their value until a restart (a warning),
 * and the new snapshot becomes current; the old one is freed when its
 * last holder lets go. Returns how many parameters changed.
 */
int conf_reload(char *err, size_t errlen);

/* "name = value" for every parameter, defaults included. */
void conf_print(FILE *fp);

/* s without the white space around it, in place. */
char *conf_trim(char *s);

#endif
