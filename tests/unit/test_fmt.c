/* SPDX-License-Identifier: MIT */
/* Unit tests of fmt.c: decimal numbers against printf, addresses against inet_ntop. */
#include <arpa/inet.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "fmt.h"

/* Deterministic pseudo-random numbers (xorshift64*), so failures repeat. */
static uint64_t fmt_rand_state = 0x9e3779b97f4a7c15ULL;

static uint64_t fmt_rand(void)
{
	fmt_rand_state ^= fmt_rand_state >> 12;
	fmt_rand_state ^= fmt_rand_state << 25;
	fmt_rand_state ^= fmt_rand_state >> 27;
	return fmt_rand_state * 0x2545f4914f6cdd1dULL;
}

static void assert_u64_as_printf(uint64_t v)
{
	char want[32], got[PW_FMT_U64_LEN + 1];
	char *end;

	snprintf(want, sizeof(want), "%" PRIu64, v);
	end = pw_fmt_u64(got, v);
	*end = '\0';
	assert_string_equal(got, want);
	if (v <= UINT32_MAX) {
		end = pw_fmt_u32(got, (uint32_t)v);
		*end = '\0';
		assert_string_equal(got, want);
	}
}

static void numbers_are_written_as_printf_writes_them(void **state)
{
	static const uint64_t edges[] = {
		0,
		1,
		9,
		10,
		11,
		99,
		100,
		101,
		999,
		1000,
		9999,
		10000,
		65535,
		65536,
		99999,
		100000,
		4294967295,
		4294967296,
		UINT64_MAX,
		UINT64_MAX - 1,
		1000000000000000000ULL,
		9999999999999999999ULL,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		assert_u64_as_printf(edges[i]);
	for (uint64_t v = 0; v < 20000; v++)
		assert_u64_as_printf(v);
	for (int i = 0; i < 100000; i++) {
		uint64_t r = fmt_rand();

		/* Every length from 1 to 20 digits. */
		assert_u64_as_printf(r >> (r % 64));
		assert_u64_as_printf((uint32_t)r);
	}
}

static void numbers_write_no_nul_and_return_their_end(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_ptr_equal(pw_fmt_u32(buf, 443), buf + 3);
	assert_memory_equal(buf, "443xxxxx", 8);
}

static void strings_are_copied_without_their_nul(void **state)
{
	char buf[16];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_ptr_equal(pw_fmt_str(buf, "reg"), buf + 3);
	assert_ptr_equal(pw_fmt_str(buf + 3, "/eph"), buf + 7);
	assert_ptr_equal(pw_fmt_str(buf + 7, ""), buf + 7);
	assert_memory_equal(buf, "reg/ephxx", 9);
}

static void assert_addr_as_inet_ntop(int family, const uint8_t a[16])
{
	char want[INET6_ADDRSTRLEN], got[PW_FMT_ADDR_LEN + 1];
	char *end;

	assert_non_null(inet_ntop(family, a, want, sizeof(want)));
	end = pw_fmt_addr(got, family, a);
	assert_true(end - got <= PW_FMT_ADDR_LEN);
	*end = '\0';
	if (strcmp(got, want) != 0)
		fail_msg("%s written as %s", want, got);
}

static void ipv4_addresses_are_written_as_inet_ntop_writes_them(void **state)
{
	uint8_t a[16] = { 0 };

	(void)state;
	assert_addr_as_inet_ntop(AF_INET, a);
	memset(a, 0xff, 4);
	assert_addr_as_inet_ntop(AF_INET, a);
	for (int i = 0; i < 100000; i++) {
		uint64_t r = fmt_rand();

		memcpy(a, &r, 4);
		assert_addr_as_inet_ntop(AF_INET, a);
	}
}

/*
 * Every pattern of zero and non-zero groups, with small, large and random
 * values: zero runs of every length and place, ties, and the forms that end
 * in dotted IPv4 (::ffff:a.b.c.d mapped, ::a.b.c.d compatible).
 */
static void ipv6_addresses_are_written_as_inet_ntop_writes_them(void **state)
{
	static const unsigned values[] = { 1, 0xf, 0x10, 0xff, 0x100, 0xfff, 0x1000, 0xffff };
	uint8_t a[16];

	(void)state;
	for (unsigned mask = 0; mask < 256; mask++) {
		for (size_t v = 0; v <= sizeof(values) / sizeof(values[0]); v++) {
			for (int g = 0; g < 8; g++) {
				unsigned w = 0;

				if (mask & (1u << g))
					w = v < sizeof(values) / sizeof(values[0])
						    ? values[v]
						    : (unsigned)(fmt_rand() % 0xffff) + 1;
				a[2 * g] = (uint8_t)(w >> 8);
				a[2 * g + 1] = (uint8_t)w;
			}
			assert_addr_as_inet_ntop(AF_INET6, a);
		}
	}
	for (int i = 0; i < 100000; i++) {
		uint64_t r1 = fmt_rand(), r2 = fmt_rand();

		memcpy(a, &r1, 8);
		memcpy(a + 8, &r2, 8);
		assert_addr_as_inet_ntop(AF_INET6, a);
	}
}

static void mapped_and_compatible_addresses_end_in_dotted_ipv4(void **state)
{
	static const char *const cases[][2] = {
		{ "::ffff:127.0.0.1", "::ffff:127.0.0.1" },
		{ "::ffff:0.0.0.0", "::ffff:0.0.0.0" },
		{ "::ffff:255.255.255.255", "::ffff:255.255.255.255" },
		{ "::1.2.3.4", "::1.2.3.4" },
		{ "::", "::" },
		{ "::1", "::1" },
		{ "::2", "::2" },
		{ "::ffff:0:0", "::ffff:0.0.0.0" },
		{ "::ffff", "::ffff" },
		{ "1::", "1::" },
		{ "2001:DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1" },
	};
	uint8_t a[16];
	char got[PW_FMT_ADDR_LEN + 1];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(inet_pton(AF_INET6, cases[i][0], a), 1);
		*pw_fmt_addr(got, AF_INET6, a) = '\0';
		assert_string_equal(got, cases[i][1]);
		assert_addr_as_inet_ntop(AF_INET6, a);
	}
}

static void longest_address_fits_the_bound(void **state)
{
	uint8_t a[16];
	char got[64];

	(void)state;
	memset(a, 0xff, sizeof(a));
	assert_int_equal(pw_fmt_addr(got, AF_INET6, a) - got, PW_FMT_ADDR_LEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers_are_written_as_printf_writes_them),
		cmocka_unit_test(numbers_write_no_nul_and_return_their_end),
		cmocka_unit_test(strings_are_copied_without_their_nul),
		cmocka_unit_test(ipv4_addresses_are_written_as_inet_ntop_writes_them),
		cmocka_unit_test(ipv6_addresses_are_written_as_inet_ntop_writes_them),
		cmocka_unit_test(mapped_and_compatible_addresses_end_in_dotted_ipv4),
		cmocka_unit_test(longest_address_fits_the_bound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
