/* SPDX-License-Identifier: MIT */
/* Unit tests for users: names from a faked getpwuid_r, the per-uid cache, decimal fallback; uids by name. */
#include <errno.h>
#include <pwd.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "users.h"

/*
 * getpwuid_r is wrapped (-Wl,--wrap): uids below 100000 are "u<uid>", 90007 is
 * a name that needs a 3000-byte buffer, 90013 fails with EIO, anything else is
 * unknown. pass_through asks the real database instead.
 */
static unsigned calls;
static bool pass_through;

int __real_getpwuid_r(uid_t uid, struct passwd *pwd, char *buf, size_t size, struct passwd **res);
int __wrap_getpwuid_r(uid_t uid, struct passwd *pwd, char *buf, size_t size, struct passwd **res);

int __wrap_getpwuid_r(uid_t uid, struct passwd *pwd, char *buf, size_t size, struct passwd **res)
{
	size_t need = uid == 90007 ? 3000 : 32;

	if (pass_through)
		return __real_getpwuid_r(uid, pwd, buf, size, res);
	calls++;
	*res = NULL;
	if (uid == 90013)
		return EIO;
	if (uid >= 100000)
		return 0;
	if (size < need)
		return ERANGE;
	memset(pwd, 0, sizeof(*pwd));
	if (uid == 90007)
		memset(buf, 'x', need - 1);
	else
		snprintf(buf, size, "u%u", (unsigned)uid);
	buf[need - 1] = '\0';
	pwd->pw_name = buf;
	pwd->pw_uid = uid;
	*res = pwd;
	return 0;
}

/* getpwnam_r, wrapped alike: "u<uid>" is uid, "big" (uid 90007) needs 3000 bytes. */
int __real_getpwnam_r(const char *name, struct passwd *pwd, char *buf, size_t size,
		      struct passwd **res);
int __wrap_getpwnam_r(const char *name, struct passwd *pwd, char *buf, size_t size,
		      struct passwd **res);

int __wrap_getpwnam_r(const char *name, struct passwd *pwd, char *buf, size_t size,
		      struct passwd **res)
{
	unsigned uid;

	if (pass_through)
		return __real_getpwnam_r(name, pwd, buf, size, res);
	if (strcmp(name, "big") == 0)
		uid = 90007;
	else if (sscanf(name, "u%u", &uid) != 1) {
		*res = NULL;
		return 0;
	}
	return __wrap_getpwuid_r(uid, pwd, buf, size, res);
}

static int setup(void **state)
{
	calls = 0;
	pass_through = false;
	*state = pw_users_new();
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	pw_users_free(*state);
	return 0;
}

static void known_uid_gives_its_name(void **state)
{
	assert_string_equal(pw_users_name(*state, 1000), "u1000");
	assert_string_equal(pw_users_name(*state, 0), "u0");
}

static void repeated_lookup_is_served_from_cache(void **state)
{
	const char *first = pw_users_name(*state, 1000);

	assert_ptr_equal(pw_users_name(*state, 1000), first);
	assert_int_equal(calls, 1);
}

static void unknown_uid_gives_its_number(void **state)
{
	assert_string_equal(pw_users_name(*state, 123456), "123456");
	assert_string_equal(pw_users_name(*state, (uid_t)-1), "4294967295");
	assert_string_equal(pw_users_name(*state, 123456), "123456");
	assert_int_equal(calls, 2);
}

static void failed_lookup_gives_its_number(void **state)
{
	assert_string_equal(pw_users_name(*state, 90013), "90013");
}

static void long_entry_is_retried_with_a_larger_buffer(void **state)
{
	const char *name = pw_users_name(*state, 90007);

	assert_int_equal(strlen(name), 2999);
	assert_true(calls >= 2);
}

/* Enough uids to grow the table several times; strides of 65536 as user namespaces map them. */
static void many_uids_keep_their_names_through_growth(void **state)
{
	char want[32];
	unsigned i;

	for (i = 0; i < 5000; i++) {
		snprintf(want, sizeof(want), "u%u", i);
		assert_string_equal(pw_users_name(*state, i), want);
		snprintf(want, sizeof(want), "%u", 100000 + 65536 * i);
		assert_string_equal(pw_users_name(*state, 100000 + 65536 * i), want);
	}
	assert_int_equal(calls, 10000);
	for (i = 0; i < 5000; i++) {
		snprintf(want, sizeof(want), "u%u", i);
		assert_string_equal(pw_users_name(*state, i), want);
	}
	assert_int_equal(calls, 10000);
}

static void real_database_names_uid_0_root(void **state)
{
	pass_through = true;
	assert_string_equal(pw_users_name(*state, 0), "root");
}

static void a_name_gives_its_uid(void **state)
{
	uint32_t uid = 7;

	(void)state;
	assert_int_equal(pw_users_uid("u1000", &uid), 0);
	assert_int_equal(uid, 1000);
	/* An entry larger than the first buffer is asked for again, not taken for none. */
	assert_int_equal(pw_users_uid("big", &uid), 0);
	assert_int_equal(uid, 90007);
	uid = 7;
	assert_int_equal(pw_users_uid("nobody-here", &uid), -ENOENT);
	assert_int_equal(uid, 7);
	/* A lookup that fails is no user either. */
	assert_int_equal(pw_users_uid("u90013", &uid), -ENOENT);
	pass_through = true;
	assert_int_equal(pw_users_uid("root", &uid), 0);
	assert_int_equal(uid, 0);
}

static void free_accepts_null(void **state)
{
	(void)state;
	pw_users_free(NULL);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(known_uid_gives_its_name),
		T(repeated_lookup_is_served_from_cache),
		T(unknown_uid_gives_its_number),
		T(failed_lookup_gives_its_number),
		T(long_entry_is_retried_with_a_larger_buffer),
		T(many_uids_keep_their_names_through_growth),
		T(real_database_names_uid_0_root),
		T(a_name_gives_its_uid),
		cmocka_unit_test(free_accepts_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
