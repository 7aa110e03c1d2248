/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check_findings: what postreplyctl check found, in the order found,
 * each under the name of the check that made it: "ok" for what is
 * right, "error" for what is wrong, "warning" for what works at a cost,
 * the last two with the command or change that fixes it; printed as
 * lines or as a JSON array of {check, ok, level, message, fix}. The
 * parts of the check (check_*.c, webhook.c) only add findings here;
 * check.c prints them and turns them into the exit status.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>

#include <json-c/json.h>

#include "check_findings.h"
#include "msg.h"
#include "xmalloc.h"

/* A warning does not fail the check: the set-up works, at a cost. */
enum check_level { CHECK_OK, CHECK_WARNING, CHECK_ERROR };

static const char *const check_level_names[] = {"ok", "warning", "error"};

struct check_finding {
	char *check;
	enum check_level level;
	char *message;
	char *fix;
};

static struct check_finding *check_findings;
static size_t check_nfindings;

static void
check_add(const char *check, enum check_level level, const char *fix,
	  const char *fmt, va_list ap)
{
	struct check_finding *f;
	char *message;

	if (vasprintf(&message, fmt, ap) < 0)
		msg_fatal(EX_OSERR, "out of memory");
	check_findings = xrealloc(check_findings, (check_nfindings + 1) *
						      sizeof(*check_findings));
	f = &check_findings[check_nfindings++];
	f->check = xstrdup(check);
	f->level = level;
	f->message = message;
	f->fix = fix ? xstrdup(fix) : NULL;
}

void
check_ok(const char *check, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_add(check, CHECK_OK, NULL, fmt, ap);
	va_end(ap);
}

void
check_error(const char *check, const char *fix, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_add(check, CHECK_ERROR, fix, fmt, ap);
	va_end(ap);
}

void
check_warn(const char *check, const char *fix, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_add(check, CHECK_WARNING, fix, fmt, ap);
	va_end(ap);
}

static void
check_findings_text(void)
{
	const struct check_finding *f;
	size_t i;

	for (i = 0; i < check_nfindings; i++) {
		f = &check_findings[i];
		printf("%s: %s", check_level_names[f->level], f->message);
		if (f->level != CHECK_OK && f->fix)
			printf("; fix: %s", f->fix);
		printf("\n");
	}
}

static void
check_findings_json(void)
{
	json_object *a = json_object_new_array(), *o;
	const struct check_finding *f;
	size_t i;

	for (i = 0; i < check_nfindings; i++) {
		f = &check_findings[i];
		o = json_object_new_object();
		json_object_object_add(o, "check",
				       json_object_new_string(f->check));
		json_object_object_add(
		    o, "ok", json_object_new_boolean(f->level == CHECK_OK));
		json_object_object_add(
		    o, "level",
		    json_object_new_string(check_level_names[f->level]));
		json_object_object_add(o, "message",
				       json_object_new_string(f->message));
		json_object_object_add(
		    o, "fix", f->fix ? json_object_new_string(f->fix) : NULL);
		json_object_array_add(a, o);
	}
	printf("%s\n", json_object_to_json_string_ext(
			   a, JSON_C_TO_STRING_PRETTY |
				  JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(a);
}

int
check_findings_status(void)
{
	size_t i;
	int status = EX_OK;

	for (i = 0; i < check_nfindings; i++) {
		if (check_findings[i].level == CHECK_ERROR)
			status = EX_CONFIG;
		free(check_findings[i].check);
		free(check_findings[i].message);
		free(check_findings[i].fix);
	}
	free(check_findings);
	check_findings = NULL;
	check_nfindings = 0;
	return status;
}

void
check_findings_print(int json)
{
	if (json)
		check_findings_json();
	else
		check_findings_text();
}
