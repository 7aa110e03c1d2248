/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_CTL_POSTCONF_H
#define POSTREPLY_CTL_POSTCONF_H

/*
 * Postfix's configuration directory for every command below (postconf
 * -c DIR); NULL for Postfix's default.
 */
void postconf_dir(const char *dir);

/*
 * "postconf" or "postconf -c 'DIR'": the start of a command line an
 * operator can paste, for the configuration postconf_dir named.
 */
const char *postconf_command(void);

/* "postfix reload", with -c 'DIR' when postconf_dir named one. */
const char *postconf_reload_command(void);

/*
 * Run prog (postconf, postmap) with args (NULL-terminated, without -c)
 * and wait at most a few seconds for it. Returns its exit status with
 * its standard output in *out (allocated), or -1 when it could not run
 * or timed out; err has the first line of its standard error, or why it
 * did not run.
 */
int postconf_run(const char *prog, const char *const *args, char **out,
		 char *err, size_t errlen);

/*
 * A main.cf parameter's value, with $names expanded (postconf -x -h) when
 * expand is set, without its trailing newline; NULL (err says why) when
 * postconf fails.
 */
char *postconf_get(const char *name, int expand, char *err, size_t errlen);

/*
 * Look key up in a Postfix table (postmap -q): 1 with the value in
 * *value (allocated), 0 when not found, -1 (err says why) on failure.
 */
int postconf_lookup(const char *map, const char *key, char **value, char *err,
		    size_t errlen);

/* A main.cf value as postconf_get has it, or "" when postconf failed. */
char *postconf_value(const char *name, int expand);

/* The fix that adds item to the list parameter whose value is raw. */
char *postconf_fix_add(const char *param, const char *raw, const char *item);

#endif
