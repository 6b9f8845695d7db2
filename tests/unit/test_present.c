/* SPDX-License-Identifier: MIT */
/* Unit tests of present.c: the listeners still there, kept across both families' dumps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "present.h"
#include "sock.h"

static void give(struct pw_present *p, uint32_t inode, unsigned state)
{
	struct pw_sock sk = { .proto = PW_PROTO_TCP, .state = (uint8_t)state, .inode = inode };

	assert_int_equal(pw_present_sock(&sk, p), 0);
}

static void listeners_are_found_connections_and_fileless_are_not(void **state)
{
	struct pw_present p = { 0 };

	(void)state;
	pw_present_begin(&p);
	give(&p, 30, PW_ST_LISTEN);
	give(&p, 10, PW_ST_LISTEN);
	give(&p, 20, PW_ST_ESTABLISHED);
	give(&p, 0, PW_ST_LISTEN);
	pw_present_finish(&p);
	assert_true(pw_present_has(&p, 10));
	assert_true(pw_present_has(&p, 30));
	assert_false(pw_present_has(&p, 20));
	assert_false(pw_present_has(&p, 0));
	pw_present_fini(&p);
}

/* The AF_INET6 dump retried: the AF_INET listeners taken before stay. */
static void restart_of_the_second_dump_keeps_the_first_dumps(void **state)
{
	struct pw_present p = { 0 };

	(void)state;
	pw_present_begin(&p);
	give(&p, 4, PW_ST_LISTEN);
	give(&p, 5, PW_ST_LISTEN);
	pw_present_begin(&p);
	give(&p, 6, PW_ST_LISTEN);
	pw_present_restart(&p);
	give(&p, 7, PW_ST_LISTEN);
	pw_present_finish(&p);
	assert_true(pw_present_has(&p, 4));
	assert_true(pw_present_has(&p, 5));
	/* Given before the restart, not after: it may have closed since. */
	assert_false(pw_present_has(&p, 6));
	assert_true(pw_present_has(&p, 7));
	pw_present_fini(&p);
}

static void clear_forgets_the_last_re_scans_listeners(void **state)
{
	struct pw_present p = { 0 };

	(void)state;
	pw_present_begin(&p);
	for (uint32_t i = 1; i <= 100; i++)
		give(&p, i, PW_ST_LISTEN);
	pw_present_finish(&p);
	assert_true(pw_present_has(&p, 100));
	pw_present_clear(&p);
	pw_present_begin(&p);
	give(&p, 200, PW_ST_LISTEN);
	pw_present_restart(&p);
	pw_present_finish(&p);
	assert_false(pw_present_has(&p, 100));
	assert_false(pw_present_has(&p, 200));
	pw_present_fini(&p);
	pw_present_fini(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(listeners_are_found_connections_and_fileless_are_not),
		cmocka_unit_test(restart_of_the_second_dump_keeps_the_first_dumps),
		cmocka_unit_test(clear_forgets_the_last_re_scans_listeners),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
