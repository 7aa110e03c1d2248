/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_TEST_FAKELLM_H
#define POSTREPLY_TEST_FAKELLM_H

/*
 * fakellm: the OpenAI-compatible fake (tests/llm/fake_llm.py) on a
 * loopback port, for the unit tests of the LLM client. Each request it
 * answers is logged as a JSON line in logpath. Header-only: each test
 * program that includes it gets its own copy.
 */
#include <arpa/inet.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

struct fakellm {
	pid_t pid;
	int port;
	char dir[256];     /* a temporary directory, removed at stop */
	char logpath[300]; /* the requests it answered */
};

/* The fake's script: $FAKE_LLM, else found from here or the test. */
static const char *
fakellm_script(void)
{
	static char path[PATH_MAX + 64];
	char exe[PATH_MAX];
	ssize_t n;

	if (getenv("FAKE_LLM") != NULL)
		return getenv("FAKE_LLM");
	if (access("tests/llm/fake_llm.py", R_OK) == 0)
		return "tests/llm/fake_llm.py";
	/* BUILD/tests/test_x, with BUILD one or two levels down. */
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return NULL;
	exe[n] = 0;
	for (int up = 0; up < 4; up++) {
		char *slash = strrchr(exe, '/');

		if (slash == NULL)
			break;
		*slash = 0;
		snprintf(path, sizeof(path), "%s/tests/llm/fake_llm.py", exe);
		if (access(path, R_OK) == 0)
			return path;
	}
	return NULL;
}

static int
fakellm_port_open(int port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0), rc;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	rc = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	close(fd);
	return rc == 0;
}

/* One try at port: 0 when the fake listens there. */
static int
fakellm_try(struct fakellm *f, const char *script)
{
	char portarg[16];
	int status;

	snprintf(portarg, sizeof(portarg), "%d", f->port);
	f->pid = fork();
	if (f->pid == 0) {
		/* A test that aborts must not leave the fake holding the
		 * runner's output open. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		execl("/usr/bin/python3", "python3", script, portarg,
		      f->logpath, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 100 && !fakellm_port_open(f->port); i++) {
		if (waitpid(f->pid, &status, WNOHANG) == f->pid)
			break; /* could not bind: someone was quicker */
		usleep(50000);
	}
	if (waitpid(f->pid, &status, WNOHANG) == 0 &&
	    fakellm_port_open(f->port))
		return 0;
	kill(f->pid, SIGTERM);
	waitpid(f->pid, NULL, 0);
	f->pid = 0;
	return -1;
}

/*
 * Start the fake in a new /tmp/NAME.XXXXXX, on port or ($port_env) the
 * first free one after it: other test runs may hold it. 0 or -1.
 */
static int
fakellm_start(struct fakellm *f, const char *name, int port,
	      const char *port_env)
{
	const char *script = fakellm_script();

	memset(f, 0, sizeof(*f));
	if (script == NULL) {
		fprintf(stderr, "fake_llm.py not found; set FAKE_LLM\n");
		return -1;
	}
	f->port = getenv(port_env) ? atoi(getenv(port_env)) : port;
	snprintf(f->dir, sizeof(f->dir), "/tmp/%s.XXXXXX", name);
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->logpath, sizeof(f->logpath), "%s/requests.log", f->dir);
	for (int tries = 0; tries < 40; tries++, f->port++)
		if (!fakellm_port_open(f->port) && fakellm_try(f, script) == 0)
			return 0;
	fprintf(stderr, "the fake LLM did not start\n");
	return -1;
}

/* Stop the fake and remove its directory. 0 or -1. */
static int
fakellm_stop(struct fakellm *f)
{
	char cmd[300];

	if (f->pid > 0) {
		kill(f->pid, SIGTERM);
		waitpid(f->pid, NULL, 0);
		f->pid = 0;
	}
	if (*f->dir == 0)
		return 0;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	return system(cmd) == 0 ? 0 : -1;
}

#endif
