/* SPDX-License-Identifier: MIT */
/* Unit tests for ports: IANA classes, the host's ephemeral and reserved ports, address scopes. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "ports.h"

static void class_boundaries_follow_rfc6335(void **state)
{
	(void)state;
	assert_int_equal(pw_ports_class(0), PW_CLASS_WELL_KNOWN);
	assert_int_equal(pw_ports_class(1023), PW_CLASS_WELL_KNOWN);
	assert_int_equal(pw_ports_class(1024), PW_CLASS_REGISTERED);
	assert_int_equal(pw_ports_class(49151), PW_CLASS_REGISTERED);
	assert_int_equal(pw_ports_class(49152), PW_CLASS_DYNAMIC);
	assert_int_equal(pw_ports_class(65535), PW_CLASS_DYNAMIC);
}

static void class_names_short_forms_and_rfc_names(void **state)
{
	(void)state;
	assert_string_equal(pw_ports_class_name(PW_CLASS_WELL_KNOWN), "well-known");
	assert_string_equal(pw_ports_class_name(PW_CLASS_REGISTERED), "registered");
	assert_string_equal(pw_ports_class_name(PW_CLASS_DYNAMIC), "dynamic");
	assert_string_equal(pw_ports_class_short(PW_CLASS_WELL_KNOWN), "wk");
	assert_string_equal(pw_ports_class_short(PW_CLASS_REGISTERED), "reg");
	assert_string_equal(pw_ports_class_short(PW_CLASS_DYNAMIC), "dyn");
	assert_string_equal(pw_ports_class_rfc_name(PW_CLASS_WELL_KNOWN), "System Ports");
	assert_string_equal(pw_ports_class_rfc_name(PW_CLASS_REGISTERED), "User Ports");
	assert_string_equal(pw_ports_class_rfc_name(PW_CLASS_DYNAMIC),
			    "Dynamic and/or Private Ports");
	assert_string_equal(pw_ports_class_name((enum pw_class)3), "?");
	assert_string_equal(pw_ports_class_short((enum pw_class) - 1), "?");
}

static void class_parse_accepts_names_and_abbreviations(void **state)
{
	static const struct {
		const char *text;
		enum pw_class want;
	} ok[] = {
		{ "well-known", PW_CLASS_WELL_KNOWN }, { "WK", PW_CLASS_WELL_KNOWN },
		{ "system", PW_CLASS_WELL_KNOWN },     { "registered", PW_CLASS_REGISTERED },
		{ "reg", PW_CLASS_REGISTERED },	       { "User", PW_CLASS_REGISTERED },
		{ "Dynamic", PW_CLASS_DYNAMIC },       { "dyn", PW_CLASS_DYNAMIC },
	};
	static const char *const bad[] = { "", "well", "ephemeral", "private", "dynamic ", "wk-" };
	enum pw_class c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		c = (enum pw_class)99;
		assert_int_equal(pw_ports_class_parse(ok[i].text, &c), 0);
		assert_int_equal(c, ok[i].want);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		c = (enum pw_class)99;
		assert_int_equal(pw_ports_class_parse(bad[i], &c), -EINVAL);
		assert_int_equal(c, 99);
	}
}

static void default_is_linux_32768_to_60999_nothing_reserved(void **state)
{
	struct pw_hostports hp;

	(void)state;
	memset(&hp, 0xff, sizeof(hp));
	pw_ports_default(&hp);
	assert_int_equal(hp.lo, 32768);
	assert_int_equal(hp.hi, 60999);
	assert_false(pw_ports_is_ephemeral(&hp, 32767));
	assert_true(pw_ports_is_ephemeral(&hp, 32768));
	assert_true(pw_ports_is_ephemeral(&hp, 60999));
	assert_false(pw_ports_is_ephemeral(&hp, 61000));
	assert_false(pw_ports_is_reserved(&hp, 40000));
}

static int range(struct pw_hostports *hp, const char *text)
{
	return pw_ports_parse_range(hp, text, strlen(text));
}

/* Two namespaces agree on what is ephemeral only when range and reserved ports both agree. */
static void same_range_compares_range_and_reserved_ports(void **state)
{
	struct pw_hostports a, b;

	(void)state;
	pw_ports_default(&a);
	pw_ports_default(&b);
	assert_true(pw_ports_same_range(&a, &b));
	assert_int_equal(pw_ports_parse_range(&b, "32768 60998\n", 12), 0);
	assert_false(pw_ports_same_range(&a, &b));
	pw_ports_default(&b);
	assert_int_equal(pw_ports_parse_reserved(&b, "40000\n", 6), 0);
	assert_false(pw_ports_same_range(&a, &b));
	assert_int_equal(pw_ports_parse_reserved(&a, "40000\n", 6), 0);
	assert_true(pw_ports_same_range(&a, &b));
}

static void range_is_read_from_kernel_text(void **state)
{
	struct pw_hostports hp;

	(void)state;
	pw_ports_default(&hp);
	assert_int_equal(range(&hp, "1024\t65535\n"), 0);
	assert_int_equal(hp.lo, 1024);
	assert_int_equal(hp.hi, 65535);
	assert_true(pw_ports_is_ephemeral(&hp, 1024));
	assert_true(pw_ports_is_ephemeral(&hp, 65535));
	assert_false(pw_ports_is_ephemeral(&hp, 1023));
	assert_int_equal(range(&hp, "40000 40000"), 0);
	assert_true(pw_ports_is_ephemeral(&hp, 40000));
	assert_false(pw_ports_is_ephemeral(&hp, 40001));
	/* Not NUL-terminated: only len bytes count. */
	assert_int_equal(pw_ports_parse_range(&hp, "5000\t6000\n7", 10), 0);
	assert_int_equal(hp.hi, 6000);
}

static void malformed_range_is_rejected_and_changes_nothing(void **state)
{
	static const char *const bad[] = {
		"",
		"\n",
		"32768",
		"32768\t",
		"0\t60999\n",
		"60999\t32768\n",
		"32768\t65536\n",
		"32768\t60999 1",
		"-1\t60999",
		"a\tb",
		"32768,60999",
		"32768\t60999x",
		"99999999999999999999\t1",
	};
	struct pw_hostports hp;
	size_t i;

	(void)state;
	pw_ports_default(&hp);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(range(&hp, bad[i]), -EINVAL);
		assert_int_equal(hp.lo, 32768);
		assert_int_equal(hp.hi, 60999);
	}
}

static int reserved(struct pw_hostports *hp, const char *text)
{
	return pw_ports_parse_reserved(hp, text, strlen(text));
}

static void reserved_ports_are_read_from_kernel_text(void **state)
{
	struct pw_hostports hp;

	(void)state;
	pw_ports_default(&hp);
	assert_int_equal(reserved(&hp, "40000,50000-50010,0,65535\n"), 0);
	assert_true(pw_ports_is_reserved(&hp, 40000));
	assert_false(pw_ports_is_ephemeral(&hp, 40000));
	assert_true(pw_ports_is_ephemeral(&hp, 40001));
	assert_false(pw_ports_is_reserved(&hp, 49999));
	assert_true(pw_ports_is_reserved(&hp, 50000));
	assert_true(pw_ports_is_reserved(&hp, 50010));
	assert_false(pw_ports_is_reserved(&hp, 50011));
	assert_true(pw_ports_is_reserved(&hp, 0));
	assert_true(pw_ports_is_reserved(&hp, 65535));
	/* Reserved outside the range: reserved, and not ephemeral either way. */
	assert_false(pw_ports_is_ephemeral(&hp, 65535));
	/* An empty file, as the kernel writes it, clears the set. */
	assert_int_equal(reserved(&hp, "\n"), 0);
	assert_false(pw_ports_is_reserved(&hp, 40000));
	assert_int_equal(reserved(&hp, "8080"), 0);
	assert_true(pw_ports_is_reserved(&hp, 8080));
	assert_int_equal(reserved(&hp, ""), 0);
	assert_false(pw_ports_is_reserved(&hp, 8080));
}

static void malformed_reserved_list_is_rejected_and_changes_nothing(void **state)
{
	static const char *const bad[] = {
		"8080,", ",8080", "8080,,9000", "9010-9000", "65536",	  "1-65536",
		"8080-", "-8080", "8080 9000",	"abc",	     "8080;9000", "8080,9000-9010x",
	};
	struct pw_hostports hp;
	size_t i;

	(void)state;
	pw_ports_default(&hp);
	assert_int_equal(reserved(&hp, "7000"), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(reserved(&hp, bad[i]), -EINVAL);
		assert_true(pw_ports_is_reserved(&hp, 7000));
		assert_false(pw_ports_is_reserved(&hp, 8080));
		assert_false(pw_ports_is_reserved(&hp, 9005));
	}
}

static enum pw_scope scope4(const char *text)
{
	uint8_t a[16] = { 0 };

	assert_int_equal(inet_pton(AF_INET, text, a), 1);
	return pw_ports_scope(AF_INET, a);
}

static enum pw_scope scope6(const char *text)
{
	uint8_t a[16];

	assert_int_equal(inet_pton(AF_INET6, text, a), 1);
	return pw_ports_scope(AF_INET6, a);
}

static void scope_of_ipv4_addresses(void **state)
{
	(void)state;
	assert_int_equal(scope4("0.0.0.0"), PW_SCOPE_WILDCARD);
	assert_int_equal(scope4("127.0.0.1"), PW_SCOPE_LOOPBACK);
	assert_int_equal(scope4("127.255.255.254"), PW_SCOPE_LOOPBACK);
	assert_int_equal(scope4("169.254.1.1"), PW_SCOPE_LINK_LOCAL);
	assert_int_equal(scope4("10.1.2.3"), PW_SCOPE_PRIVATE);
	assert_int_equal(scope4("172.16.0.1"), PW_SCOPE_PRIVATE);
	assert_int_equal(scope4("172.31.255.255"), PW_SCOPE_PRIVATE);
	assert_int_equal(scope4("172.32.0.1"), PW_SCOPE_PUBLIC);
	assert_int_equal(scope4("172.15.255.255"), PW_SCOPE_PUBLIC);
	assert_int_equal(scope4("192.168.1.1"), PW_SCOPE_PRIVATE);
	assert_int_equal(scope4("100.64.0.1"), PW_SCOPE_PRIVATE);
	assert_int_equal(scope4("100.127.255.255"), PW_SCOPE_PRIVATE);
	assert_int_equal(scope4("100.128.0.1"), PW_SCOPE_PUBLIC);
	assert_int_equal(scope4("224.0.0.251"), PW_SCOPE_MULTICAST);
	assert_int_equal(scope4("239.255.255.250"), PW_SCOPE_MULTICAST);
	assert_int_equal(scope4("240.0.0.1"), PW_SCOPE_PUBLIC);
	assert_int_equal(scope4("8.8.8.8"), PW_SCOPE_PUBLIC);
	assert_int_equal(scope4("0.0.0.1"), PW_SCOPE_PUBLIC);
}

static void scope_of_ipv6_addresses(void **state)
{
	(void)state;
	assert_int_equal(scope6("::"), PW_SCOPE_WILDCARD);
	assert_int_equal(scope6("::1"), PW_SCOPE_LOOPBACK);
	assert_int_equal(scope6("::2"), PW_SCOPE_PUBLIC);
	assert_int_equal(scope6("fe80::1"), PW_SCOPE_LINK_LOCAL);
	assert_int_equal(scope6("febf::1"), PW_SCOPE_LINK_LOCAL);
	assert_int_equal(scope6("fec0::1"), PW_SCOPE_PUBLIC);
	assert_int_equal(scope6("fc00::1"), PW_SCOPE_PRIVATE);
	assert_int_equal(scope6("fd12:3456::1"), PW_SCOPE_PRIVATE);
	assert_int_equal(scope6("fe00::1"), PW_SCOPE_PUBLIC);
	assert_int_equal(scope6("ff02::1"), PW_SCOPE_MULTICAST);
	assert_int_equal(scope6("2001:db8::1"), PW_SCOPE_PUBLIC);
	assert_int_equal(scope6("1::"), PW_SCOPE_PUBLIC);
}

static void scope_of_ipv4_mapped_ipv6_is_the_ipv4_scope(void **state)
{
	(void)state;
	assert_int_equal(scope6("::ffff:0.0.0.0"), PW_SCOPE_WILDCARD);
	assert_int_equal(scope6("::ffff:127.0.0.1"), PW_SCOPE_LOOPBACK);
	assert_int_equal(scope6("::ffff:169.254.9.9"), PW_SCOPE_LINK_LOCAL);
	assert_int_equal(scope6("::ffff:192.168.0.1"), PW_SCOPE_PRIVATE);
	assert_int_equal(scope6("::ffff:224.0.0.1"), PW_SCOPE_MULTICAST);
	assert_int_equal(scope6("::ffff:1.1.1.1"), PW_SCOPE_PUBLIC);
	/* Not mapped: the ffff is elsewhere. */
	assert_int_equal(scope6("::ffff:0:7f00:1"), PW_SCOPE_PUBLIC);
}

static void scope_names(void **state)
{
	(void)state;
	assert_string_equal(pw_ports_scope_name(PW_SCOPE_WILDCARD), "wildcard");
	assert_string_equal(pw_ports_scope_name(PW_SCOPE_LOOPBACK), "loopback");
	assert_string_equal(pw_ports_scope_name(PW_SCOPE_LINK_LOCAL), "link-local");
	assert_string_equal(pw_ports_scope_name(PW_SCOPE_PRIVATE), "private");
	assert_string_equal(pw_ports_scope_name(PW_SCOPE_MULTICAST), "multicast");
	assert_string_equal(pw_ports_scope_name(PW_SCOPE_PUBLIC), "public");
	assert_string_equal(pw_ports_scope_name((enum pw_scope)6), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(class_boundaries_follow_rfc6335),
		cmocka_unit_test(class_names_short_forms_and_rfc_names),
		cmocka_unit_test(class_parse_accepts_names_and_abbreviations),
		cmocka_unit_test(default_is_linux_32768_to_60999_nothing_reserved),
		cmocka_unit_test(same_range_compares_range_and_reserved_ports),
		cmocka_unit_test(range_is_read_from_kernel_text),
		cmocka_unit_test(malformed_range_is_rejected_and_changes_nothing),
		cmocka_unit_test(reserved_ports_are_read_from_kernel_text),
		cmocka_unit_test(malformed_reserved_list_is_rejected_and_changes_nothing),
		cmocka_unit_test(scope_of_ipv4_addresses),
		cmocka_unit_test(scope_of_ipv6_addresses),
		cmocka_unit_test(scope_of_ipv4_mapped_ipv6_is_the_ipv4_scope),
		cmocka_unit_test(scope_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
