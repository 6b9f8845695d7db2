/* SPDX-License-Identifier: MIT */
/* Unit tests of list.c: dedup by cookie, filtering and interface names, with a recording sink. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "list.h"

/*
 * The sink: output.c is not linked into this test, so the opaque struct
 * pw_out is ours and pw_out_sock records what the pipeline hands over.
 */
struct pw_out {
	size_t calls;
	uint64_t *cookies; /* cookie of every call, in order */
	size_t cap;
	struct pw_sock last;
	const char *last_ifname;
};

void pw_out_sock(struct pw_out *out, const struct pw_rec *r)
{
	if (out->calls == out->cap) {
		out->cap = out->cap ? 2 * out->cap : 64;
		out->cookies = realloc(out->cookies, out->cap * sizeof(*out->cookies));
		assert_non_null(out->cookies);
	}
	out->cookies[out->calls++] = r->sock->cookie;
	out->last = *r->sock;
	out->last_ifname = r->ifname;
}

struct list_ifnames {
	size_t calls;
	uint32_t last_index;
};

static const char *list_ifname(uint32_t ifindex, void *ctx)
{
	struct list_ifnames *n = ctx;

	n->calls++;
	n->last_index = ifindex;
	return "eth0";
}

struct list_fixture {
	struct pw_filter filter;
	struct pw_out out;
	struct list_ifnames names;
	struct pw_list list;
};

static int list_setup(void **state)
{
	struct list_fixture *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	pw_filter_init(&fx->filter);
	pw_list_init(&fx->list, &fx->filter,
		     &(struct pw_enrich){ .ifname = list_ifname, .ifname_ctx = &fx->names },
		     &fx->out);
	*state = fx;
	return 0;
}

static int list_teardown(void **state)
{
	struct list_fixture *fx = *state;

	pw_list_fini(&fx->list);
	free(fx->out.cookies);
	free(fx);
	return 0;
}

static struct pw_sock list_sock(uint64_t cookie)
{
	return (struct pw_sock){
		.cookie = cookie,
		.proto = PW_PROTO_TCP,
		.family = AF_INET,
		.state = PW_ST_LISTEN,
		.lport = 22,
		.v6only = -1,
	};
}

static void list_passes_a_matching_socket_to_the_output(void **state)
{
	struct list_fixture *fx = *state;
	struct pw_sock s = list_sock(42);

	s.inode = 777;
	s.lport = 8080;
	assert_int_equal(pw_list_sock(&s, &fx->list), 0);
	assert_int_equal(fx->out.calls, 1);
	assert_int_equal(fx->list.listed, 1);
	assert_int_equal(fx->list.repeats, 0);
	assert_int_equal(fx->out.last.cookie, 42);
	assert_int_equal(fx->out.last.inode, 777);
	assert_int_equal(fx->out.last.lport, 8080);
	assert_null(fx->out.last_ifname);
}

static void list_lists_a_duplicate_cookie_once_and_counts_repeats(void **state)
{
	struct list_fixture *fx = *state;
	struct pw_sock a = list_sock(1000), b = list_sock(1001);

	assert_int_equal(pw_list_sock(&a, &fx->list), 0);
	assert_int_equal(pw_list_sock(&b, &fx->list), 0);
	assert_int_equal(pw_list_sock(&a, &fx->list), 0);
	assert_int_equal(pw_list_sock(&a, &fx->list), 0);
	assert_int_equal(pw_list_sock(&b, &fx->list), 0);
	assert_int_equal(fx->out.calls, 2);
	assert_int_equal(fx->out.cookies[0], 1000);
	assert_int_equal(fx->out.cookies[1], 1001);
	assert_int_equal(fx->list.listed, 2);
	assert_int_equal(fx->list.repeats, 3);
}

/* A kernel without socket cookies reports 0 for every socket. */
static void list_never_deduplicates_cookie_zero(void **state)
{
	struct list_fixture *fx = *state;
	struct pw_sock s = list_sock(0);

	for (int i = 0; i < 3; i++) {
		s.lport = (uint16_t)(100 + i);
		assert_int_equal(pw_list_sock(&s, &fx->list), 0);
	}
	assert_int_equal(fx->out.calls, 3);
	assert_int_equal(fx->list.listed, 3);
	assert_int_equal(fx->list.repeats, 0);
	assert_int_equal(fx->out.last.lport, 102);
}

static void list_skips_filtered_out_sockets(void **state)
{
	struct list_fixture *fx = *state;
	struct pw_sock raw = list_sock(1), v6 = list_sock(2), estab = list_sock(3);
	struct pw_sock keep = list_sock(4);

	raw.proto = PW_PROTO_RAW;
	v6.family = AF_INET6;
	estab.state = PW_ST_ESTABLISHED;
	fx->filter.inet6 = false;
	fx->filter.states = PW_ST_LISTENING;
	assert_int_equal(pw_list_sock(&raw, &fx->list), 0);
	assert_int_equal(pw_list_sock(&v6, &fx->list), 0);
	assert_int_equal(pw_list_sock(&estab, &fx->list), 0);
	assert_int_equal(pw_list_sock(&keep, &fx->list), 0);
	assert_int_equal(fx->out.calls, 1);
	assert_int_equal(fx->out.cookies[0], 4);
	assert_int_equal(fx->list.listed, 1);
	assert_int_equal(fx->list.repeats, 0);
}

static void list_asks_for_interface_names_only_of_bound_sockets(void **state)
{
	struct list_fixture *fx = *state;
	struct pw_sock unbound = list_sock(1), bound = list_sock(2);

	bound.ifindex = 7;
	assert_int_equal(pw_list_sock(&unbound, &fx->list), 0);
	assert_int_equal(fx->names.calls, 0);
	assert_null(fx->out.last_ifname);
	assert_int_equal(pw_list_sock(&bound, &fx->list), 0);
	assert_int_equal(fx->names.calls, 1);
	assert_int_equal(fx->names.last_index, 7);
	assert_string_equal(fx->out.last_ifname, "eth0");
}

static void list_does_not_name_interfaces_of_filtered_out_sockets(void **state)
{
	struct list_fixture *fx = *state;
	struct pw_sock raw = list_sock(5);

	raw.proto = PW_PROTO_RAW;
	raw.ifindex = 3;
	assert_int_equal(pw_list_sock(&raw, &fx->list), 0);
	assert_int_equal(fx->names.calls, 0);
	assert_int_equal(fx->out.calls, 0);
}

static void list_without_a_name_callback_leaves_interface_null(void **state)
{
	struct list_fixture *fx = *state;
	struct pw_sock bound = list_sock(9);

	pw_list_fini(&fx->list);
	pw_list_init(&fx->list, &fx->filter, &(struct pw_enrich){ 0 }, &fx->out);
	bound.ifindex = 4;
	assert_int_equal(pw_list_sock(&bound, &fx->list), 0);
	assert_int_equal(fx->out.calls, 1);
	assert_null(fx->out.last_ifname);
}

/* Enough cookies to grow the set many times; all listed once, in order. */
static void list_lists_many_distinct_cookies_once_each(void **state)
{
	enum {
		N = 100000
	};
	struct list_fixture *fx = *state;

	for (uint64_t i = 1; i <= N; i++) {
		struct pw_sock s = list_sock(i);

		assert_int_equal(pw_list_sock(&s, &fx->list), 0);
	}
	assert_int_equal(fx->list.listed, N);
	assert_int_equal(fx->list.repeats, 0);
	assert_int_equal(fx->out.calls, N);
	for (size_t i = 0; i < N; i++) {
		if (fx->out.cookies[i] != i + 1)
			fail_msg("call %zu had cookie %llu", i,
				 (unsigned long long)fx->out.cookies[i]);
	}
	/* Every one is still known after all that growth. */
	for (uint64_t i = N; i >= 1; i--) {
		struct pw_sock s = list_sock(i);

		assert_int_equal(pw_list_sock(&s, &fx->list), 0);
	}
	assert_int_equal(fx->list.listed, N);
	assert_int_equal(fx->list.repeats, N);
	assert_int_equal(fx->out.calls, N);
}

/* Cookies that differ only in high bits, or are huge, are still told apart. */
static void list_tells_apart_cookies_differing_in_high_bits(void **state)
{
	enum {
		N = 5000
	};
	struct list_fixture *fx = *state;

	for (uint64_t i = 1; i <= N; i++) {
		struct pw_sock s = list_sock(i << 40);

		assert_int_equal(pw_list_sock(&s, &fx->list), 0);
	}
	for (uint64_t i = 0; i < 3; i++) {
		struct pw_sock s = list_sock(UINT64_MAX - i);

		assert_int_equal(pw_list_sock(&s, &fx->list), 0);
		assert_int_equal(pw_list_sock(&s, &fx->list), 0);
	}
	assert_int_equal(fx->list.listed, N + 3);
	assert_int_equal(fx->list.repeats, 3);
	assert_int_equal(fx->out.cookies[N], UINT64_MAX);
}

static void list_fini_twice_is_harmless(void **state)
{
	struct list_fixture *fx = *state;
	struct pw_sock s = list_sock(1);

	assert_int_equal(pw_list_sock(&s, &fx->list), 0);
	pw_list_fini(&fx->list);
	assert_null(fx->list.cookies);
	/* The teardown finishes it again. */
}

/* STYLE.md: every free/fini accepts NULL. */
static void list_fini_accepts_null(void **state)
{
	(void)state;
	/* Nothing to check but that it returns: a crash fails the test. */
	pw_list_fini(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(list_passes_a_matching_socket_to_the_output,
						list_setup, list_teardown),
		cmocka_unit_test_setup_teardown(
			list_lists_a_duplicate_cookie_once_and_counts_repeats, list_setup,
			list_teardown),
		cmocka_unit_test_setup_teardown(list_never_deduplicates_cookie_zero, list_setup,
						list_teardown),
		cmocka_unit_test_setup_teardown(list_skips_filtered_out_sockets, list_setup,
						list_teardown),
		cmocka_unit_test_setup_teardown(list_asks_for_interface_names_only_of_bound_sockets,
						list_setup, list_teardown),
		cmocka_unit_test_setup_teardown(
			list_does_not_name_interfaces_of_filtered_out_sockets, list_setup,
			list_teardown),
		cmocka_unit_test_setup_teardown(list_without_a_name_callback_leaves_interface_null,
						list_setup, list_teardown),
		cmocka_unit_test_setup_teardown(list_lists_many_distinct_cookies_once_each,
						list_setup, list_teardown),
		cmocka_unit_test_setup_teardown(list_tells_apart_cookies_differing_in_high_bits,
						list_setup, list_teardown),
		cmocka_unit_test_setup_teardown(list_fini_twice_is_harmless, list_setup,
						list_teardown),
		/* Last: under UBSan a NULL dereference aborts the whole driver. */
		cmocka_unit_test(list_fini_accepts_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
