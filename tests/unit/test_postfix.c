/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for core/postfix.c (Postfix's lists and where its daemons
 * find a unix socket) and listen_parse of util/listen.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

#include "listen.h"
#include "postfix.h"

static void
test_list(void **state)
{
	char **l;

	(void)state;
	l = postfix_list("  permit_mynetworks,reject_unauth_destination\n"
			 "    check_policy_service { unix:x.sock, "
			 "default_action=DUNNO },check_recipient_access "
			 "inline:{ { a.example = c1 }, { b = c2 } }");
	assert_string_equal(l[0], "permit_mynetworks");
	assert_string_equal(l[1], "reject_unauth_destination");
	assert_string_equal(l[2], "check_policy_service");
	assert_string_equal(l[3], "{ unix:x.sock, default_action=DUNNO }");
	assert_string_equal(l[4], "check_recipient_access");
	assert_string_equal(l[5], "inline:{ { a.example = c1 }, { b = c2 } }");
	assert_null(l[6]);
	postfix_list_free(l);
	l = postfix_list(" , ");
	assert_null(l[0]);
	postfix_list_free(l);
}

static void
test_group(void **state)
{
	char **g;

	(void)state;
	g = postfix_group("{ unix:postreply/policyd.sock, timeout=10s }");
	assert_string_equal(g[0], "unix:postreply/policyd.sock");
	assert_string_equal(g[1], "timeout=10s");
	assert_null(g[2]);
	postfix_list_free(g);
	g = postfix_group("inet:127.0.0.1:8891");
	assert_string_equal(g[0], "inet:127.0.0.1:8891");
	assert_null(g[1]);
	postfix_list_free(g);
}

static void
test_socket_path(void **state)
{
	char *p;

	(void)state;
	/* Relative: the queue directory, chrooted or not. */
	p = postfix_socket_path("postreply/milter.sock", "/var/spool/postfix",
				0);
	assert_string_equal(p, "/var/spool/postfix/postreply/milter.sock");
	free(p);
	p = postfix_socket_path("postreply/milter.sock", "/var/spool/postfix/",
				1);
	assert_string_equal(p, "/var/spool/postfix/postreply/milter.sock");
	free(p);
	/* Absolute: as it is, or inside the chroot. */
	p = postfix_socket_path("/run/postreply/milter.sock",
				"/var/spool/postfix", 0);
	assert_string_equal(p, "/run/postreply/milter.sock");
	free(p);
	p = postfix_socket_path("/run/postreply/milter.sock",
				"/var/spool/postfix", 1);
	assert_string_equal(p, "/var/spool/postfix/run/postreply/milter.sock");
	free(p);
}

static void
test_listen_parse(void **state)
{
	struct listen_endpoint ep;

	(void)state;
	assert_int_equal(listen_parse("unix:postreply/milter.sock", &ep), 0);
	assert_true(ep.is_unix);
	assert_string_equal(ep.path, "postreply/milter.sock");
	assert_int_equal(listen_parse("inet:127.0.0.1:8891", &ep), 0);
	assert_false(ep.is_unix);
	assert_string_equal(ep.host, "127.0.0.1");
	assert_string_equal(ep.port, "8891");
	assert_int_equal(listen_parse("inet:[::1]:8891", &ep), 0);
	assert_string_equal(ep.host, "::1");
	assert_int_equal(listen_parse("inet::8891", &ep), 0);
	assert_string_equal(ep.host, "");
	assert_int_equal(listen_parse("inet:127.0.0.1", &ep), -1);
	assert_int_equal(listen_parse("inet:8891:", &ep), -1);
	assert_int_equal(listen_parse("local:/x", &ep), -1);
	assert_int_equal(listen_parse("/x", &ep), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_list),
	    cmocka_unit_test(test_group),
	    cmocka_unit_test(test_socket_path),
	    cmocka_unit_test(test_listen_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
