/*
 * conf: the one configuration file all postreply programs read, in
 * Postfix main.cf syntax: "name = value", "#" starts a comment line, and a
 * line that starts with white space continues the previous one. Keys are a
 * declarative table; an unknown key or a bad value is an error that names
 * the file, line and key, and nothing of a bad file is applied.
 *
 * A reload (SIGHUP) applies a changed file while threads read settings:
 * each value is an atomic pointer, and a replaced string is kept rather
 * than freed, since a thread may still hold it. Settings taken once at
 * start-up (sockets, the database, pools, the rate limiter, the number of
 * workers) keep their value until a restart.
 */
#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "buf.h"
#include "cidr.h"
#include "conf.h"
#include "msg.h"
#include "xmalloc.h"

enum conf_type { CONF_STR, CONF_INT, CONF_BOOL, CONF_DURATION, CONF_SIZE };

/* Optional extra check of a value; returns an explanation when bad. */
typedef const char *(*conf_check_fn)(const char *value);

struct conf_key {
	const char *name;
	enum conf_type type;
	const char *def;
	conf_check_fn check;
	long long min; /* numeric types: the smallest value accepted */
};

static const char *conf_check_domain(const char *v);
static const char *conf_check_localpart(const char *v);
static const char *conf_check_delimiter(const char *v);
static const char *conf_check_socket(const char *v);
static const char *conf_check_stored_size(const char *v);
static const char *conf_check_reader_time(const char *v);
static const char *conf_check_url(const char *v);
static const char *conf_check_http_url(const char *v);
static const char *conf_check_backend(const char *v);
static const char *conf_check_cidrs(const char *v);
static const char *conf_check_domains(const char *v);
static const char *conf_check_authserv_ids(const char *v);
static const char *conf_check_path(const char *v);

static const struct conf_key conf_keys[] = {
    {"database", CONF_STR, "dbname=postreply", NULL, 0},
    {"reply_domain", CONF_STR, "reply.example.com", conf_check_domain, 0},
    {"reply_prefix", CONF_STR, "reply", conf_check_localpart, 0},
    {"recipient_delimiter", CONF_STR, "+", conf_check_delimiter, 0},
    {"token_lifetime", CONF_DURATION, "90d", NULL, 1},
    {"milter_socket", CONF_STR, "unix:/var/spool/postfix/postreply/milter.sock",
     conf_check_socket, 0},
    {"max_stored_message_size", CONF_SIZE, "25M", conf_check_stored_size, 1},
    {"db_pool_size", CONF_INT, "20", NULL, 1},
    {"user", CONF_STR, "postreply", NULL, 0},
    {"socket_group", CONF_STR, "postfix", NULL, 0},
    {"policyd_socket", CONF_STR,
     "unix:/var/spool/postfix/postreply/policyd.sock", conf_check_socket, 0},
    {"policyd_bad_token_limit", CONF_INT, "10", NULL, 1},
    {"policyd_bad_token_window", CONF_DURATION, "10m", NULL, 1},
    {"policyd_block_do_not_contact", CONF_BOOL, "no", NULL, 0},
    {"policyd_idle_timeout", CONF_DURATION, "5m", NULL, 1},
    {"policyd_max_connections", CONF_INT, "500", NULL, 1},
    {"submit_url", CONF_STR, "smtp://127.0.0.1:25", conf_check_url, 0},
    {"token_retention", CONF_DURATION, "400d", NULL, 1},
    {"track_outbound", CONF_BOOL, "no", NULL, 0},
    {"outbound_networks", CONF_STR, "", conf_check_cidrs, 0},
    {"sender_login_maps", CONF_STR, "", conf_check_path, 0},
    {"track_unknown_recipients", CONF_BOOL, "no", NULL, 0},
    {"internal_domains", CONF_STR, "", conf_check_domains, 0},
    {"trusted_authserv_ids", CONF_STR, "", conf_check_authserv_ids, 0},
    {"analyzer_backend", CONF_STR, "builtin", conf_check_backend, 0},
    {"analyzer_workers", CONF_INT, "4", NULL, 1},
    {"job_max_attempts", CONF_INT, "5", NULL, 1},
    {"reader_memory_limit", CONF_SIZE, "512M", NULL, 32 << 20},
    {"reader_time_limit", CONF_DURATION, "20s", conf_check_reader_time, 1},
    {"reader_max_parts", CONF_INT, "1000", NULL, 1},
    {"reader_max_depth", CONF_INT, "32", NULL, 1},
    {"reader_max_headers", CONF_INT, "5000", NULL, 1},
    {"reader_max_address_header", CONF_SIZE, "16K", NULL, 1},
    {"llm_url", CONF_STR, "http://127.0.0.1:11434/v1/chat/completions",
     conf_check_http_url, 0},
    {"llm_model", CONF_STR, "llama3.1", NULL, 0},
    {"llm_api_key_file", CONF_STR, "", NULL, 0},
    {"llm_timeout", CONF_DURATION, "30s", NULL, 1},
    {"llm_max_concurrency", CONF_INT, "4", NULL, 1},
    {"llm_max_attempts", CONF_INT, "3", NULL, 1},
    {"alert_on", CONF_STR, "high_value, needs_attention", NULL, 0},
    {"webhook_url", CONF_STR, "", NULL, 0},
    {"webhook_secret_file", CONF_STR, "", NULL, 0},
    {"followup_min_interval", CONF_DURATION, "1h", NULL, 0},
};

#define CONF_NKEYS (sizeof(conf_keys) / sizeof(conf_keys[0]))

static _Atomic(char *) conf_values[CONF_NKEYS];

/* What conf_reload cannot change in a running program. */
static const char *const conf_restart_keys[] = {
    "database",
    "user",
    "socket_group",
    "milter_socket",
    "policyd_socket",
    "db_pool_size",
    "policyd_bad_token_limit",
    "policyd_bad_token_window",
    "analyzer_workers",
};

static char **conf_retired; /* replaced by a reload, still readable */
static size_t conf_nretired;
static char *conf_path; /* the file conf_load_or_die read */

static const char *
conf_check_domain(const char *v)
{
	const char *p;

	if (*v == 0 || *v == '.' || *v == '-' || strstr(v, "..") != NULL)
		return "expected a domain name such as reply.example.com";
	for (p = v; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-')
			return "expected a domain name such as "
			       "reply.example.com";
	return NULL;
}

static const char *
conf_check_localpart(const char *v)
{
	const char *p;

	if (*v == 0)
		return "must not be empty";
	for (p = v; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("._-", *p))
			return "only letters, digits, '.', '_' and '-' are "
			       "allowed";
	return NULL;
}

static const char *
conf_check_delimiter(const char *v)
{
	if (strlen(v) != 1 || !strchr("+-_.=", *v))
		return "expected one character: + - _ . or =";
	return NULL;
}

static const char *
conf_check_socket(const char *v)
{
	const char *colon;
	char *end;
	long port;

	if (strncmp(v, "unix:", 5) == 0)
		return v[5] == '/' ? NULL : "unix: needs an absolute path";
	if (strncmp(v, "inet:", 5) == 0) {
		colon = strrchr(v + 5, ':');
		if (colon == NULL || colon == v + 5 ||
		    !isdigit((unsigned char)colon[1]))
			return "expected inet:host:port";
		port = strtol(colon + 1, &end, 10);
		if (*end || port <= 0 || port > 65535)
			return "expected inet:host:port";
		return NULL;
	}
	return "expected unix:/path or inet:host:port";
}

/*
 * submit_url, as libcurl will read it: smtp:// or smtps:// and a host.
 * A user and password may come before the host; over smtp:// mailout
 * then requires STARTTLS, and a send to an MTA without it fails rather
 * than give the password away in clear.
 */
static const char *
conf_check_url(const char *v)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL;
	int ok;

	ok = u && curl_url_set(u, CURLUPART_URL, v, 0) == CURLUE_OK &&
	     curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	     (strcmp(scheme, "smtp") == 0 || strcmp(scheme, "smtps") == 0) &&
	     curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK;
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	if (!ok)
		return "expected smtp://host:port or smtps://host:port, "
		       "with user:password@ before the host if the MTA "
		       "wants them (over smtp://, sent only after STARTTLS)";
	return NULL;
}

static const char *
conf_check_http_url(const char *v)
{
	if (strncmp(v, "http://", 7) != 0 && strncmp(v, "https://", 8) != 0)
		return "expected an http:// or https:// URL";
	return NULL;
}

static const char *
conf_check_backend(const char *v)
{
	if (strcmp(v, "builtin") != 0 && strcmp(v, "llm") != 0)
		return "expected builtin or llm";
	return NULL;
}

/* A list of items separated by commas and/or white space. */
static const char *
conf_check_list(const char *v, int (*ok)(const char *item), const char *why)
{
	char *copy = xstrdup(v), *item, *save = NULL;
	const char *res = NULL;

	for (item = strtok_r(copy, ", \t", &save); item && res == NULL;
	     item = strtok_r(NULL, ", \t", &save))
		if (!ok(item))
			res = why;
	free(copy);
	return res;
}

static int
conf_cidr_ok(const char *item)
{
	return cidr_parse(item, NULL) == 0;
}

static const char *
conf_check_cidrs(const char *v)
{
	return conf_check_list(v, conf_cidr_ok,
			       "expected addresses or networks such as "
			       "127.0.0.0/8, ::1, 192.0.2.0/24");
}

static int
conf_domain_ok(const char *item)
{
	return conf_check_domain(item) == NULL;
}

static const char *
conf_check_domains(const char *v)
{
	return conf_check_list(v, conf_domain_ok,
			       "expected domain names such as example.com");
}

/* What an Authentication-Results header could carry as its first word. */
static int
conf_authserv_id_ok(const char *item)
{
	return strpbrk(item, ";()\"\\") == NULL;
}

static const char *
conf_check_authserv_ids(const char *v)
{
	return conf_check_list(v, conf_authserv_id_ok,
			       "expected the names your mail servers write "
			       "first in Authentication-Results, such as "
			       "mx.example.com");
}

/* Empty, or absolute: the daemons leave their working directory. */
static const char *
conf_check_path(const char *v)
{
	return *v == 0 || *v == '/' ? NULL : "expected an absolute path";
}

/* PostgreSQL takes at most 1 GB in one value; stay well below. */
static const char *
conf_check_stored_size(const char *v)
{
	long long n = 0;

	conf_parse_size(v, &n);
	return n > 512LL * 1024 * 1024 ? "must be at most 512M" : NULL;
}

/*
 * A reading must end well within the lease of its job (300 s), or a
 * second worker could take the job while the first still reads it.
 */
static const char *
conf_check_reader_time(const char *v)
{
	long long n = 0;

	conf_parse_duration(v, &n);
	return n > 240 ? "must be at most 240s" : NULL;
}

static long long
conf_unit(int c, const char *units, const long long *mult)
{
	const char *u = strchr(units, c);

	return (c && u) ? mult[u - units] : -1;
}

static int
conf_parse_scaled(const char *s, const char *units, const long long *mult,
		  long long *out)
{
	char *end;
	long long n, m = 1;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno)
		return -1;
	if (*end) {
		if (end[1] || (m = conf_unit(*end, units, mult)) < 0)
			return -1;
	}
	if (n > LLONG_MAX / m)
		return -1;
	*out = n * m;
	return 0;
}

int
conf_parse_duration(const char *s, long long *out)
{
	static const long long mult[] = {1, 60, 3600, 86400, 604800};

	return conf_parse_scaled(s, "smhdw", mult, out);
}

int
conf_parse_size(const char *s, long long *out)
{
	static const long long mult[] = {1024,    1024,       1048576,
					 1048576, 1073741824, 1073741824};

	return conf_parse_scaled(s, "kKmMgG", mult, out);
}

static int
conf_parse_bool(const char *s, int *out)
{
	if (strcmp(s, "yes") == 0 || strcmp(s, "true") == 0) {
		*out = 1;
		return 0;
	}
	if (strcmp(s, "no") == 0 || strcmp(s, "false") == 0) {
		*out = 0;
		return 0;
	}
	return -1;
}

/* Returns NULL when value is acceptable for key, else why not. */
static const char *
conf_validate(const struct conf_key *k, const char *value)
{
	long long n = 0;
	int b;
	char *end;

	switch (k->type) {
	case CONF_STR:
		break;
	case CONF_INT:
		errno = 0;
		n = strtoll(value, &end, 10);
		if (*value == 0 || *end || errno)
			return "expected a whole number";
		break;
	case CONF_BOOL:
		if (conf_parse_bool(value, &b) < 0)
			return "expected yes or no";
		break;
	case CONF_DURATION:
		if (conf_parse_duration(value, &n) < 0)
			return "expected a duration such as 30s, 10m, 2h or "
			       "90d";
		break;
	case CONF_SIZE:
		if (conf_parse_size(value, &n) < 0)
			return "expected a size in bytes, or with k, M or G";
		break;
	}
	if (k->type != CONF_STR && k->type != CONF_BOOL && n < k->min)
		return "must be greater than zero";
	return k->check ? k->check(value) : NULL;
}

static int
conf_index(const char *name)
{
	size_t i;

	for (i = 0; i < CONF_NKEYS; i++)
		if (strcmp(conf_keys[i].name, name) == 0)
			return (int)i;
	return -1;
}

void
conf_reset(void)
{
	size_t i;

	for (i = 0; i < CONF_NKEYS; i++)
		free(atomic_exchange(&conf_values[i],
				     xstrdup(conf_keys[i].def)));
}

static char *
conf_trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = 0;
	return s;
}

/* Apply one logical "name = value" entry to values[]. */
static int
conf_apply(char **values, char *entry, const char *file, int line, char *err,
	   size_t errlen)
{
	char *eq = strchr(entry, '=');
	char *name, *value;
	const char *why;
	int i;

	if (eq == NULL) {
		snprintf(err, errlen,
			 "%s, line %d: expected \"name = value\", found \"%s\"",
			 file, line, conf_trim(entry));
		return -1;
	}
	*eq = 0;
	name = conf_trim(entry);
	value = conf_trim(eq + 1);
	if ((i = conf_index(name)) < 0) {
		snprintf(err, errlen, "%s, line %d: unknown parameter \"%s\"",
			 file, line, name);
		return -1;
	}
	if ((why = conf_validate(&conf_keys[i], value)) != NULL) {
		snprintf(err, errlen,
			 "%s, line %d: bad value for %s: \"%s\": %s", file,
			 line, name, value, why);
		return -1;
	}
	free(values[i]);
	values[i] = xstrdup(value);
	return 0;
}

static int
conf_flush(char **values, struct buf *entry, const char *file, int line,
	   char *err, size_t errlen)
{
	int rc = 0;

	if (entry->len > 0)
		rc = conf_apply(values, entry->data, file, line, err, errlen);
	buf_reset(entry);
	return rc;
}

static void
conf_free_values(char **values)
{
	size_t i;

	for (i = 0; i < CONF_NKEYS; i++)
		free(values[i]);
}

/* Parse a file into values (every key: its default unless set). */
static int
conf_parse(FILE *fp, const char *file, char **values, char *err, size_t errlen)
{
	struct buf entry;
	char *line = NULL;
	size_t cap = 0, i;
	ssize_t n;
	int lineno = 0, start = 0, rc = 0;
	char *text;

	for (i = 0; i < CONF_NKEYS; i++)
		values[i] = xstrdup(conf_keys[i].def);
	buf_init(&entry);
	while (rc == 0 && (n = getline(&line, &cap, fp)) >= 0) {
		lineno++;
		if ((size_t)n != strlen(line)) {
			snprintf(err, errlen, "%s, line %d: NUL byte in file",
				 file, lineno);
			rc = -1;
		} else if (*(text = conf_trim(line)) == '#' || *text == 0) {
			continue;
		} else if (isspace((unsigned char)line[0])) {
			if (entry.len == 0) {
				snprintf(err, errlen,
					 "%s, line %d: continuation line "
					 "without a parameter before it",
					 file, lineno);
				rc = -1;
			}
			buf_puts(&entry, " ");
			buf_puts(&entry, conf_trim(line));
		} else {
			rc = conf_flush(values, &entry, file, start, err,
					errlen);
			start = lineno;
			buf_puts(&entry, conf_trim(line));
		}
	}
	if (rc == 0 && ferror(fp)) {
		snprintf(err, errlen, "%s: cannot read: %s", file,
			 strerror(errno));
		rc = -1;
	}
	if (rc == 0)
		rc = conf_flush(values, &entry, file, start, err, errlen);
	free(line);
	buf_free(&entry);
	if (rc < 0)
		conf_free_values(values);
	return rc;
}

/* Every value at once, before threads start (the old ones are freed). */
static void
conf_commit(char **values)
{
	size_t i;

	for (i = 0; i < CONF_NKEYS; i++)
		free(atomic_exchange(&conf_values[i], values[i]));
}

int
conf_load_stream(FILE *fp, const char *file, char *err, size_t errlen)
{
	char *values[CONF_NKEYS] = {0};

	if (conf_parse(fp, file, values, err, errlen) < 0)
		return -1;
	conf_commit(values);
	return 0;
}

/* Open path and parse it into values: conf_load's and conf_reload's. */
static int
conf_read(const char *path, char **values, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "r");
	int rc;

	if (fp == NULL) {
		snprintf(err, errlen, "cannot open %s: %s", path,
			 strerror(errno));
		return -1;
	}
	rc = conf_parse(fp, path, values, err, errlen);
	fclose(fp);
	return rc;
}

int
conf_load(const char *path, char *err, size_t errlen)
{
	char *values[CONF_NKEYS] = {0};

	if (conf_read(path, values, err, errlen) < 0)
		return -1;
	conf_commit(values);
	return 0;
}

/*
 * Absolute, since the daemons leave their working directory; links are
 * not resolved, so a file whose link is swapped is read anew.
 */
static char *
conf_absolute(const char *path)
{
	char cwd[4096];

	if (path[0] == '/' || getcwd(cwd, sizeof(cwd)) == NULL)
		return xstrdup(path);
	return xasprintf("%s/%s", cwd, path);
}

void
conf_load_or_die(const char *path)
{
	char err[512];

	conf_reset();
	if (path == NULL)
		path = CONF_DEFAULT_PATH;
	if (conf_load(path, err, sizeof(err)) < 0)
		msg_fatal(EX_CONFIG, "%s", err);
	free(conf_path);
	conf_path = conf_absolute(path);
}

static int
conf_restart_only(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(conf_restart_keys) / sizeof(*conf_restart_keys);
	     i++)
		if (strcmp(conf_restart_keys[i], name) == 0)
			return 1;
	return 0;
}

static void
conf_retire(char *old)
{
	conf_retired =
	    xrealloc(conf_retired, (conf_nretired + 1) * sizeof(*conf_retired));
	conf_retired[conf_nretired++] = old;
}

/*
 * Only names are logged, never values: database and URLs may hold
 * passwords.
 */
int
conf_reload(char *err, size_t errlen)
{
	char *values[CONF_NKEYS] = {0}, *old;
	size_t i;
	int n = 0;

	if (conf_path == NULL) {
		snprintf(err, errlen, "no configuration file was loaded");
		return -1;
	}
	if (conf_read(conf_path, values, err, errlen) < 0)
		return -1;
	for (i = 0; i < CONF_NKEYS; i++) {
		old = atomic_load(&conf_values[i]);
		if (old != NULL && strcmp(old, values[i]) == 0) {
			free(values[i]);
		} else if (old != NULL &&
			   conf_restart_only(conf_keys[i].name)) {
			msg_warn("%s: %s changed; it takes a restart to apply",
				 conf_path, conf_keys[i].name);
			free(values[i]);
		} else {
			msg_info("%s: %s changed", conf_path,
				 conf_keys[i].name);
			conf_retire(
			    atomic_exchange(&conf_values[i], values[i]));
			n++;
		}
	}
	return n;
}

static const char *
conf_value(const char *name, enum conf_type type)
{
	int i = conf_index(name);

	if (i < 0 || conf_keys[i].type != type)
		msg_panic("conf: no parameter %s of the requested type", name);
	if (atomic_load(&conf_values[i]) == NULL)
		conf_reset();
	return atomic_load(&conf_values[i]);
}

const char *
conf_str(const char *name)
{
	return conf_value(name, CONF_STR);
}

long long
conf_int(const char *name)
{
	return strtoll(conf_value(name, CONF_INT), NULL, 10);
}

int
conf_bool(const char *name)
{
	int b = 0;

	conf_parse_bool(conf_value(name, CONF_BOOL), &b);
	return b;
}

long long
conf_duration(const char *name)
{
	long long n = 0;

	conf_parse_duration(conf_value(name, CONF_DURATION), &n);
	return n;
}

long long
conf_size(const char *name)
{
	long long n = 0;

	conf_parse_size(conf_value(name, CONF_SIZE), &n);
	return n;
}

void
conf_print(FILE *fp)
{
	size_t i;

	if (atomic_load(&conf_values[0]) == NULL)
		conf_reset();
	for (i = 0; i < CONF_NKEYS; i++)
		fprintf(fp, "%s = %s\n", conf_keys[i].name,
			atomic_load(&conf_values[i]));
}
