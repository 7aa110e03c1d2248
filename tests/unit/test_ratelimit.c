/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for util/ratelimit.c: the guessing limit. With a limit of
 * 3 in a window of 600 s, the third failure within a window blocks the
 * client for 600 s and says so once; clients are counted apart; and a
 * scan from many addresses neither grows the table without bound nor
 * stops new clients from being counted once the scan is over.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ratelimit.h"

#define LIMIT 3
#define WINDOW 600
#define T0 1700000000

/* As in ratelimit.c: past this many entries new clients go untracked. */
#define MAX_ENTRIES 100000

#define A "192.0.2.1"
#define B "192.0.2.2"

static int
setup(void **state)
{
	*state = ratelimit_new(LIMIT, WINDOW);
	return 0;
}

static int
teardown(void **state)
{
	ratelimit_free(*state);
	return 0;
}

/* Fail LIMIT times at now: the last one must block. */
static void
block(struct ratelimit *rl, const char *client, time_t now)
{
	int i;

	for (i = 1; i < LIMIT; i++)
		assert_int_equal(ratelimit_fail(rl, client, now), 0);
	assert_int_equal(ratelimit_fail(rl, client, now), 1);
	assert_true(ratelimit_blocked(rl, client, now));
}

static void
test_third_failure_blocks(void **state)
{
	struct ratelimit *rl = *state;

	assert_false(ratelimit_blocked(rl, A, T0));
	assert_int_equal(ratelimit_fail(rl, A, T0), 0);
	assert_false(ratelimit_blocked(rl, A, T0));
	assert_int_equal(ratelimit_fail(rl, A, T0 + 10), 0);
	assert_false(ratelimit_blocked(rl, A, T0 + 10));
	assert_int_equal(ratelimit_fail(rl, A, T0 + 20), 1);
	assert_true(ratelimit_blocked(rl, A, T0 + 20));
	assert_true(ratelimit_blocked(rl, A, T0 + 20 + WINDOW / 2));
	assert_true(ratelimit_blocked(rl, A, T0 + 20 + WINDOW - 1));
	assert_false(ratelimit_blocked(rl, A, T0 + 20 + WINDOW));
	assert_false(ratelimit_blocked(rl, A, T0 + 20 + 10 * WINDOW));
}

/* The third failure at the last second of the window still counts. */
static void
test_window_edge(void **state)
{
	struct ratelimit *rl = *state;

	assert_int_equal(ratelimit_fail(rl, A, T0), 0);
	assert_int_equal(ratelimit_fail(rl, A, T0 + 1), 0);
	assert_int_equal(ratelimit_fail(rl, A, T0 + WINDOW - 1), 1);
	assert_true(ratelimit_blocked(rl, A, T0 + WINDOW - 1));

	/* One second later it is a new window, with a count of one. */
	assert_int_equal(ratelimit_fail(rl, B, T0), 0);
	assert_int_equal(ratelimit_fail(rl, B, T0 + 1), 0);
	assert_int_equal(ratelimit_fail(rl, B, T0 + WINDOW), 0);
	assert_false(ratelimit_blocked(rl, B, T0 + WINDOW));
	assert_int_equal(ratelimit_fail(rl, B, T0 + WINDOW + 1), 0);
	assert_int_equal(ratelimit_fail(rl, B, T0 + WINDOW + 2), 1);
	assert_true(ratelimit_blocked(rl, B, T0 + WINDOW + 2));
}

static void
test_block_reported_once(void **state)
{
	struct ratelimit *rl = *state;
	int i;

	block(rl, A, T0);
	for (i = 1; i < 20; i++) {
		assert_int_equal(ratelimit_fail(rl, A, T0 + i), 0);
		assert_true(ratelimit_blocked(rl, A, T0 + i));
	}
	/* Failures while blocked neither report again nor lengthen it. */
	assert_true(ratelimit_blocked(rl, A, T0 + WINDOW - 1));
	assert_false(ratelimit_blocked(rl, A, T0 + WINDOW));

	/* After the block, a new window: the limit again, reported again. */
	block(rl, A, T0 + 2 * WINDOW);
	assert_int_equal(ratelimit_fail(rl, A, T0 + 2 * WINDOW + 1), 0);
	assert_true(ratelimit_blocked(rl, A, T0 + 3 * WINDOW - 1));
	assert_false(ratelimit_blocked(rl, A, T0 + 3 * WINDOW));
}

/* At most LIMIT - 1 failures in each window: never blocked. */
static void
test_spread_failures_never_block(void **state)
{
	struct ratelimit *rl = *state;
	time_t t;

	for (t = T0; t < T0 + 100 * WINDOW; t += WINDOW / (LIMIT - 1)) {
		assert_int_equal(ratelimit_fail(rl, A, t), 0);
		assert_false(ratelimit_blocked(rl, A, t));
	}
	/* A single failure a little more than a window apart. */
	for (t = T0; t < T0 + 100 * WINDOW; t += WINDOW + 1) {
		assert_int_equal(ratelimit_fail(rl, B, t), 0);
		assert_false(ratelimit_blocked(rl, B, t));
	}
}

static void
test_clients_independent(void **state)
{
	struct ratelimit *rl = *state;

	assert_int_equal(ratelimit_fail(rl, A, T0), 0);
	assert_int_equal(ratelimit_fail(rl, B, T0), 0);
	assert_int_equal(ratelimit_fail(rl, "192.0.2.10", T0), 0);
	assert_int_equal(ratelimit_fail(rl, A, T0), 0);
	assert_int_equal(ratelimit_fail(rl, B, T0), 0);
	assert_int_equal(ratelimit_fail(rl, A, T0), 1);
	assert_true(ratelimit_blocked(rl, A, T0));
	assert_false(ratelimit_blocked(rl, B, T0));
	assert_false(ratelimit_blocked(rl, "192.0.2.10", T0));
	/* Prefixes and extensions of a blocked address are others. */
	assert_false(ratelimit_blocked(rl, "192.0.2.", T0));
	assert_false(ratelimit_blocked(rl, "192.0.2.1 ", T0));
	assert_false(ratelimit_blocked(rl, "", T0));
	assert_int_equal(ratelimit_fail(rl, B, T0 + 1), 1);
	assert_true(ratelimit_blocked(rl, B, T0 + 1));
	assert_false(ratelimit_blocked(rl, "192.0.2.10", T0 + 1));
	/* IPv6 addresses are just other strings. */
	block(rl, "2001:db8::1", T0);
	assert_false(ratelimit_blocked(rl, "2001:db8::2", T0));
}

static void
test_limit_one(void **state)
{
	struct ratelimit *rl = ratelimit_new(1, WINDOW);

	(void)state;
	assert_int_equal(ratelimit_fail(rl, A, T0), 1);
	assert_true(ratelimit_blocked(rl, A, T0));
	assert_int_equal(ratelimit_fail(rl, A, T0 + 1), 0);
	assert_false(ratelimit_blocked(rl, A, T0 + WINDOW));
	assert_int_equal(ratelimit_fail(rl, A, T0 + WINDOW), 1);
	ratelimit_free(rl);
}

static void
client(char *buf, size_t len, unsigned int i)
{
	snprintf(buf, len, "2001:db8:%x:%x::1", i >> 16, i & 0xffff);
}

/*
 * A slow scan: 200000 addresses, one failure each, far apart in time.
 * Twice the table's bound, so only sweeping keeps new clients counted.
 */
static void
test_slow_scan_swept(void **state)
{
	struct ratelimit *rl = *state;
	char c[64];
	unsigned int i;

	for (i = 0; i < 2 * MAX_ENTRIES; i++) {
		client(c, sizeof(c), i);
		assert_int_equal(ratelimit_fail(rl, c, T0 + (time_t)i * WINDOW),
				 0);
	}
	block(rl, A, T0 + (time_t)i * WINDOW);
	assert_false(ratelimit_blocked(rl, B, T0 + (time_t)i * WINDOW));
}

/*
 * A fast scan: more addresses than the table holds, all within one
 * window. New clients then go untracked (the documented bound), but ones
 * already in the table are still counted; once the scan's windows have
 * passed, new clients must be counted again.
 */
static void
test_fast_scan_then_swept(void **state)
{
	struct ratelimit *rl = *state;
	char c[64];
	unsigned int i;

	assert_int_equal(ratelimit_fail(rl, A, T0), 0);
	for (i = 0; i < MAX_ENTRIES + 1000; i++) {
		client(c, sizeof(c), i);
		assert_int_equal(ratelimit_fail(rl, c, T0 + 1), 0);
	}
	/* Full: A is still counted, a newcomer is not. */
	assert_int_equal(ratelimit_fail(rl, A, T0 + 2), 0);
	assert_int_equal(ratelimit_fail(rl, A, T0 + 3), 1);
	for (i = 0; i < LIMIT; i++)
		assert_int_equal(ratelimit_fail(rl, B, T0 + 4), 0);
	assert_false(ratelimit_blocked(rl, B, T0 + 4));

	/* Long after the scan, a new guesser is caught. */
	block(rl, B, T0 + 10 * WINDOW);
	block(rl, "198.51.100.7", T0 + 10 * WINDOW + 1);
}

/*
 * Sweeps during a scan within one window drop nothing that still counts:
 * a blocked client stays blocked, and a client's failures so far stay
 * counted.
 */
static void
test_sweep_keeps_live_entries(void **state)
{
	struct ratelimit *rl = *state;
	char c[64];
	unsigned int i;

	block(rl, A, T0);
	assert_int_equal(ratelimit_fail(rl, B, T0 + 1), 0);
	assert_int_equal(ratelimit_fail(rl, B, T0 + 2), 0);
	for (i = 0; i < 10000; i++) {
		client(c, sizeof(c), i);
		assert_int_equal(ratelimit_fail(rl, c, T0 + 3 + i / 20), 0);
	}
	assert_true(ratelimit_blocked(rl, A, T0 + WINDOW - 1));
	assert_int_equal(ratelimit_fail(rl, B, T0 + WINDOW), 1);
	/* The scan's own clients are still counted too. */
	client(c, sizeof(c), 0);
	assert_int_equal(ratelimit_fail(rl, c, T0 + WINDOW), 0);
	assert_int_equal(ratelimit_fail(rl, c, T0 + WINDOW), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_third_failure_blocks, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_window_edge, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_block_reported_once, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_spread_failures_never_block,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_clients_independent, setup,
					    teardown),
	    cmocka_unit_test(test_limit_one),
	    cmocka_unit_test_setup_teardown(test_slow_scan_swept, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_fast_scan_then_swept, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_sweep_keeps_live_entries,
					    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
