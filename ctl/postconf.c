/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * postconf: Postfix's own view of its configuration, from postconf and
 * postmap, so that postreplyctl check reads main.cf and master.cf as
 * Postfix does (defaults, $name expansion, -c for other instances)
 * instead of parsing them a second time. The commands run with
 * posix_spawn and pipes, never a shell: values from main.cf and keys
 * are passed as arguments, never interpreted.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "postconf.h"
#include "xmalloc.h"

#define POSTCONF_TIMEOUT 20 /* seconds a command may take */

extern char **environ;

static char *postconf_config_dir;

void
postconf_dir(const char *dir)
{
	free(postconf_config_dir);
	postconf_config_dir = dir ? xstrdup(dir) : NULL;
}

const char *
postconf_command(void)
{
	static char cmd[1200];

	if (postconf_config_dir == NULL)
		return "postconf";
	snprintf(cmd, sizeof(cmd), "postconf -c '%s'", postconf_config_dir);
	return cmd;
}

const char *
postconf_reload_command(void)
{
	static char cmd[1200];

	if (postconf_config_dir == NULL)
		return "postfix reload";
	snprintf(cmd, sizeof(cmd), "postfix -c '%s' reload",
		 postconf_config_dir);
	return cmd;
}

/*
 * Postfix's commands live in /usr/sbin, which an operator's PATH may
 * lack; elsewhere (a Postfix in /usr/local) PATH finds them.
 */
static int
postconf_spawn(pid_t *pid, const char *prog, char **argv,
	       posix_spawn_file_actions_t *fa)
{
	char path[64];

	snprintf(path, sizeof(path), "/usr/sbin/%s", prog);
	if (access(path, X_OK) == 0)
		return posix_spawn(pid, path, fa, NULL, argv, environ);
	return posix_spawnp(pid, prog, fa, NULL, argv, environ);
}

/* argv: prog [-c DIR] args... */
static char **
postconf_argv(const char *prog, const char *const *args)
{
	size_t n = 0, i = 0;
	char **argv;

	while (args[n])
		n++;
	argv = xcalloc(n + 4, sizeof(*argv));
	argv[i++] = (char *)prog;
	if (postconf_config_dir) {
		argv[i++] = "-c";
		argv[i++] = postconf_config_dir;
	}
	for (n = 0; args[n]; n++)
		argv[i++] = (char *)args[n];
	return argv;
}

/* Read both pipes to their end, or until the deadline. 0, or -1. */
static int
postconf_drain(int outfd, int errfd, struct buf *out, struct buf *err)
{
	struct pollfd fds[2] = {{outfd, POLLIN, 0}, {errfd, POLLIN, 0}};
	time_t deadline = time(NULL) + POSTCONF_TIMEOUT;
	char chunk[4096];
	ssize_t n;
	int i, open = 2;

	while (open > 0) {
		if (time(NULL) >= deadline)
			return -1;
		if (poll(fds, 2, 1000) < 0 && errno != EINTR)
			return -1;
		for (i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || fds[i].revents == 0)
				continue;
			n = read(fds[i].fd, chunk, sizeof(chunk));
			if (n > 0)
				buf_append(i == 0 ? out : err, chunk,
					   (size_t)n);
			else if (n == 0 || errno != EINTR) {
				fds[i].fd = -1;
				open--;
			}
		}
	}
	return 0;
}

/* The first line of what the command wrote to standard error. */
static void
postconf_first_line(char *dst, size_t len, const struct buf *err)
{
	const char *s = err->len ? err->data : "no message";

	snprintf(dst, len, "%.*s", (int)strcspn(s, "\n"), s);
}

int
postconf_run(const char *prog, const char *const *args, char **out, char *err,
	     size_t errlen)
{
	posix_spawn_file_actions_t fa;
	int po[2], pe[2], status = 0, rc;
	char **argv = postconf_argv(prog, args);
	struct buf bo, be;
	pid_t pid;

	*out = NULL;
	if (pipe2(po, O_CLOEXEC) < 0 || pipe2(pe, O_CLOEXEC) < 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		free(argv);
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	rc = postconf_spawn(&pid, prog, argv, &fa);
	posix_spawn_file_actions_destroy(&fa);
	free(argv);
	close(po[1]);
	close(pe[1]);
	buf_init(&bo);
	buf_init(&be);
	buf_append(&bo, "", 0);
	if (rc != 0) {
		snprintf(err, errlen, "cannot run %s: %s", prog, strerror(rc));
		status = -1;
	} else {
		if (postconf_drain(po[0], pe[0], &bo, &be) < 0) {
			kill(pid, SIGKILL);
			status = -1;
		}
		while (waitpid(pid, &rc, 0) < 0 && errno == EINTR)
			;
		if (status < 0)
			snprintf(err, errlen, "%s did not answer within %d s",
				 prog, POSTCONF_TIMEOUT);
		else {
			status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
			postconf_first_line(err, errlen, &be);
		}
	}
	close(po[0]);
	close(pe[0]);
	buf_free(&be);
	*out = bo.data;
	return status;
}

char *
postconf_get(const char *name, int expand, char *err, size_t errlen)
{
	const char *args[] = {"-x", "-h", name, NULL};
	char *out;
	size_t len;

	if (postconf_run("postconf", args + !expand, &out, err, errlen) != 0) {
		free(out);
		return NULL;
	}
	len = strlen(out);
	while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == ' '))
		out[--len] = 0;
	return out;
}

int
postconf_lookup(const char *map, const char *key, char **value, char *err,
		size_t errlen)
{
	const char *args[] = {"-q", key, map, NULL};
	int rc = postconf_run("postmap", args, value, err, errlen);
	size_t len;

	if (rc == 0) {
		len = strlen(*value);
		while (len > 0 && (*value)[len - 1] == '\n')
			(*value)[--len] = 0;
		return 1;
	}
	free(*value);
	*value = NULL;
	/* postmap says "not found" and "cannot read the map" both with 1. */
	return rc == 1 && strstr(err, "fatal:") == NULL ? 0 : -1;
}

/* A main.cf value, or "" (postconf failing here was reported before). */
char *
postconf_value(const char *name, int expand)
{
	char err[256], *v = postconf_get(name, expand, err, sizeof(err));

	return v ? v : xstrdup("");
}

/* The fix that adds item to a list parameter whose value is raw. */
char *
postconf_fix_add(const char *param, const char *raw, const char *item)
{
	return xasprintf("%s -e '%s = %s%s%s' && %s", postconf_command(), param,
			 raw, *raw ? ", " : "", item,
			 postconf_reload_command());
}
