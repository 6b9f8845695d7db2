/* SPDX-License-Identifier: MIT */
/* Unit tests of seen.c: repeats within a window, restarted dumps, bounded memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "seen.h"

static int setup(void **state)
{
	static struct pw_seen s;

	pw_seen_init(&s);
	pw_seen_begin(&s);
	*state = &s;
	return 0;
}

static int teardown(void **state)
{
	pw_seen_fini(*state);
	return 0;
}

static void a_cookie_is_new_once(void **state)
{
	struct pw_seen *s = *state;

	assert_true(pw_seen_add(s, 7));
	assert_true(pw_seen_add(s, 8));
	assert_false(pw_seen_add(s, 7));
	assert_false(pw_seen_add(s, 8));
	assert_false(pw_seen_add(s, 7));
	assert_true(pw_seen_end(s));
}

/* Cookies above every one recorded skip the lookup: those below are still looked up. */
static void cookies_out_of_order_are_checked_too(void **state)
{
	struct pw_seen *s = *state;

	assert_true(pw_seen_add(s, 100));
	assert_true(pw_seen_add(s, 50));
	assert_true(pw_seen_add(s, 75));
	assert_false(pw_seen_add(s, 50));
	assert_false(pw_seen_add(s, 100));
	assert_false(pw_seen_add(s, 75));
	assert_true(pw_seen_add(s, 101));
	assert_false(pw_seen_add(s, 101));
}

/* Counters that differ in high bits only, and the largest values, stay apart. */
static void cookies_differing_in_high_bits_are_told_apart(void **state)
{
	struct pw_seen *s = *state;

	for (uint64_t i = 1; i <= 1000; i++)
		assert_true(pw_seen_add(s, i << 48));
	assert_true(pw_seen_add(s, UINT64_MAX));
	assert_true(pw_seen_add(s, UINT64_MAX - 1));
	assert_false(pw_seen_add(s, UINT64_MAX));
	assert_false(pw_seen_add(s, 1000ULL << 48));
}

/* The last PW_SEEN_WINDOW cookies are known after any number of others. */
static void the_last_window_of_cookies_is_always_known(void **state)
{
	enum {
		N = 10 * PW_SEEN_WINDOW + 123
	};
	struct pw_seen *s = *state;

	for (uint64_t i = 1; i <= N; i++)
		assert_true(pw_seen_add(s, i));
	for (uint64_t i = N; i > N - PW_SEEN_WINDOW; i--)
		assert_false(pw_seen_add(s, i));
}

/* What keeps memory bounded: a cookie from more than two windows ago is forgotten. */
static void cookies_older_than_two_windows_are_forgotten(void **state)
{
	struct pw_seen *s = *state;

	for (uint64_t i = 1; i <= 2 * PW_SEEN_WINDOW + 1; i++)
		assert_true(pw_seen_add(s, i));
	assert_true(pw_seen_add(s, 1));
	assert_true(s->gen[0].count <= PW_SEEN_WINDOW);
	assert_true(s->gen[1].count <= PW_SEEN_WINDOW);
}

/* A dump interrupted before it handed anything over has nothing to skip. */
static void restart_before_any_socket_skips_nothing(void **state)
{
	struct pw_seen *s = *state;

	pw_seen_restart(s);
	assert_true(pw_seen_add(s, 1));
	assert_true(pw_seen_add(s, 2));
	assert_true(pw_seen_end(s));
}

/*
 * A restarted dump: sockets before the first one the old attempt handed
 * over recently are taken as listed; from there only new cookies are new.
 */
static void restart_skips_until_it_is_back_where_it_stopped(void **state)
{
	enum {
		OLD = 3 * PW_SEEN_WINDOW
	};
	struct pw_seen *s = *state;

	for (uint64_t i = 1; i <= OLD; i++)
		assert_true(pw_seen_add(s, i));
	pw_seen_restart(s);
	/* The oldest ones are out of the window: passed over as listed. */
	for (uint64_t i = 1; i <= OLD - 2 * PW_SEEN_WINDOW; i++)
		assert_false(pw_seen_add(s, i));
	/* A socket created meanwhile, before the place: passed over too. */
	assert_false(pw_seen_add(s, 1000000));
	/* Back in the window: repeats. */
	for (uint64_t i = OLD - PW_SEEN_WINDOW + 1; i <= OLD; i++)
		assert_false(pw_seen_add(s, i));
	/* Past where the old attempt stopped: new. */
	assert_true(pw_seen_add(s, OLD + 1));
	assert_true(pw_seen_add(s, 2000000));
	assert_true(pw_seen_end(s));
}

/* While seeking nothing is recorded: the old attempt's cookies must stay known. */
static void seeking_keeps_the_window_of_the_old_attempt(void **state)
{
	struct pw_seen *s = *state;

	assert_true(pw_seen_add(s, 5));
	pw_seen_restart(s);
	for (uint64_t i = 100; i < 100 + 5 * PW_SEEN_WINDOW; i++)
		assert_false(pw_seen_add(s, i));
	assert_false(pw_seen_add(s, 5));
	assert_true(pw_seen_add(s, 6));
	assert_true(pw_seen_end(s));
}

/* The old attempt's sockets all went away: the dump cannot say it is complete. */
static void restart_that_never_finds_its_place_ends_incomplete(void **state)
{
	struct pw_seen *s = *state;

	assert_true(pw_seen_add(s, 1));
	assert_true(pw_seen_add(s, 2));
	pw_seen_restart(s);
	assert_false(pw_seen_add(s, 3));
	assert_false(pw_seen_end(s));
	/* The next dump starts afresh. */
	pw_seen_begin(s);
	assert_true(pw_seen_add(s, 4));
	assert_true(pw_seen_end(s));
}

/* Cookies of an earlier dump (another protocol) do not count as this dump's. */
static void restart_of_a_later_dump_ignores_earlier_dumps(void **state)
{
	struct pw_seen *s = *state;

	assert_true(pw_seen_add(s, 1));
	assert_true(pw_seen_end(s));
	pw_seen_begin(s);
	pw_seen_restart(s);
	assert_true(pw_seen_add(s, 50));
	assert_true(pw_seen_end(s));
}

static void fini_accepts_null_and_twice(void **state)
{
	struct pw_seen s;

	(void)state;
	pw_seen_fini(NULL);
	pw_seen_init(&s);
	assert_true(pw_seen_add(&s, 1));
	pw_seen_fini(&s);
	assert_null(s.gen[0].slots);
	pw_seen_fini(&s);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(a_cookie_is_new_once),
		T(cookies_out_of_order_are_checked_too),
		T(cookies_differing_in_high_bits_are_told_apart),
		T(the_last_window_of_cookies_is_always_known),
		T(cookies_older_than_two_windows_are_forgotten),
		T(restart_before_any_socket_skips_nothing),
		T(restart_skips_until_it_is_back_where_it_stopped),
		T(seeking_keeps_the_window_of_the_old_attempt),
		T(restart_that_never_finds_its_place_ends_incomplete),
		T(restart_of_a_later_dump_ignores_earlier_dumps),
		cmocka_unit_test(fini_accepts_null_and_twice),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
