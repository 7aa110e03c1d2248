#ifndef POSTREPLY_CONF_H
#define POSTREPLY_CONF_H

#include <stdio.h>

#define CONF_DEFAULT_PATH "/etc/postreply/postreply.conf"

/*
 * Load a configuration file into the process-wide settings. On error,
 * returns -1 with a message naming the file, line and key in err; nothing
 * of the bad file is applied and the previous settings stay.
 */
int conf_load(const char *path, char *err, size_t errlen);
int conf_load_stream(FILE *fp, const char *name, char *err, size_t errlen);
void conf_reset(void);

/* Typed access; asking for a key that does not exist is a bug (panic). */
const char *conf_str(const char *name);
long long conf_int(const char *name);
int conf_bool(const char *name);
long long conf_duration(const char *name); /* seconds */
long long conf_size(const char *name);     /* bytes */

void conf_print(FILE *fp);

/* Value parsers, shared with command-line options. Return -1 on error. */
int conf_parse_duration(const char *s, long long *out);
int conf_parse_size(const char *s, long long *out);

/* Load -c FILE (or the default) or exit with EX_CONFIG. */
void conf_load_or_die(const char *path);

/*
 * Read the file conf_load_or_die read again, while other threads may be
 * reading settings. A bad file changes nothing (-1, err says why).
 * Otherwise each changed setting is logged by name and applied, except
 * those read once at start-up, which keep their value until a restart
 * (logged as a warning). Returns how many settings changed.
 */
int conf_reload(char *err, size_t errlen);

#endif
