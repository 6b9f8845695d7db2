/* SPDX-License-Identifier: MIT */
/* Unit tests of sock.c: names of protocols, families and states, state parsing, addresses. */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "sock.h"

#define B PW_ST_BIT
#define SENTINEL 0xdeadbeefu

static void proto_name_names_every_protocol(void **state)
{
	(void)state;
	assert_string_equal(pw_sock_proto_name(PW_PROTO_TCP), "tcp");
	assert_string_equal(pw_sock_proto_name(PW_PROTO_UDP), "udp");
	assert_string_equal(pw_sock_proto_name(PW_PROTO_UDPLITE), "udplite");
	assert_string_equal(pw_sock_proto_name(PW_PROTO_RAW), "raw");
	assert_string_equal(pw_sock_proto_name(PW_PROTO_SCTP), "sctp");
}

static void proto_name_out_of_range_is_question_mark(void **state)
{
	(void)state;
	assert_string_equal(pw_sock_proto_name(PW_PROTO_COUNT), "?");
	assert_string_equal(pw_sock_proto_name(255), "?");
	assert_string_equal(pw_sock_proto_name(UINT_MAX), "?");
}

static void family_name_names_inet_and_inet6(void **state)
{
	(void)state;
	assert_string_equal(pw_sock_family_name(AF_INET), "inet");
	assert_string_equal(pw_sock_family_name(AF_INET6), "inet6");
}

static void state_name_prints_every_state_as_ss_does(void **state)
{
	static const struct {
		unsigned st;
		const char *name;
	} cases[] = {
		{ PW_ST_ESTABLISHED, "ESTAB" },	   { PW_ST_SYN_SENT, "SYN-SENT" },
		{ PW_ST_SYN_RECV, "SYN-RECV" },	   { PW_ST_FIN_WAIT1, "FIN-WAIT-1" },
		{ PW_ST_FIN_WAIT2, "FIN-WAIT-2" }, { PW_ST_TIME_WAIT, "TIME-WAIT" },
		{ PW_ST_CLOSE, "UNCONN" },	   { PW_ST_CLOSE_WAIT, "CLOSE-WAIT" },
		{ PW_ST_LAST_ACK, "LAST-ACK" },	   { PW_ST_LISTEN, "LISTEN" },
		{ PW_ST_CLOSING, "CLOSING" },	   { PW_ST_BOUND_INACTIVE, "BOUND-INACTIVE" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(pw_sock_state_name(cases[i].st), cases[i].name);
}

static void state_name_prints_new_syn_recv_as_syn_recv(void **state)
{
	(void)state;
	assert_string_equal(pw_sock_state_name(PW_ST_NEW_SYN_RECV), "SYN-RECV");
}

static void state_name_out_of_range_is_unknown(void **state)
{
	(void)state;
	assert_string_equal(pw_sock_state_name(0), "UNKNOWN");
	assert_string_equal(pw_sock_state_name(PW_ST_MAX), "UNKNOWN");
	assert_string_equal(pw_sock_state_name(255), "UNKNOWN");
	assert_string_equal(pw_sock_state_name(UINT_MAX), "UNKNOWN");
}

/* The single-state words of ss(8) STATE-FILTER and ss's own aliases. */
static void state_parse_accepts_every_single_state_word(void **state)
{
	static const struct {
		const char *word;
		uint32_t mask;
	} cases[] = {
		{ "established", B(PW_ST_ESTABLISHED) },
		{ "syn-sent", B(PW_ST_SYN_SENT) },
		{ "syn-recv", B(PW_ST_SYN_RECV) | B(PW_ST_NEW_SYN_RECV) },
		{ "fin-wait-1", B(PW_ST_FIN_WAIT1) },
		{ "fin-wait-2", B(PW_ST_FIN_WAIT2) },
		{ "time-wait", B(PW_ST_TIME_WAIT) },
		{ "closed", B(PW_ST_CLOSE) },
		{ "close-wait", B(PW_ST_CLOSE_WAIT) },
		{ "last-ack", B(PW_ST_LAST_ACK) },
		{ "listen", B(PW_ST_LISTEN) },
		{ "listening", B(PW_ST_LISTEN) },
		{ "closing", B(PW_ST_CLOSING) },
		{ "bound-inactive", B(PW_ST_BOUND_INACTIVE) },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t mask = SENTINEL;

		assert_int_equal(pw_sock_state_parse(cases[i].word, &mask), 0);
		assert_int_equal(mask, cases[i].mask);
	}
}

/* ss's scan_state also takes "close", "syn-rcv" and "unconnected". */
static void state_parse_accepts_ss_aliases_close_syn_rcv_unconnected(void **state)
{
	uint32_t mask = SENTINEL;

	(void)state;
	assert_int_equal(pw_sock_state_parse("close", &mask), 0);
	assert_int_equal(mask, B(PW_ST_CLOSE));
	mask = SENTINEL;
	assert_int_equal(pw_sock_state_parse("unconnected", &mask), 0);
	assert_int_equal(mask, B(PW_ST_CLOSE));
	mask = SENTINEL;
	assert_int_equal(pw_sock_state_parse("syn-rcv", &mask), 0);
	assert_true(mask & B(PW_ST_SYN_RECV));
}

static void state_parse_accepts_state_groups(void **state)
{
	const uint32_t all = B(PW_ST_ESTABLISHED) | B(PW_ST_SYN_SENT) | B(PW_ST_SYN_RECV) |
			     B(PW_ST_FIN_WAIT1) | B(PW_ST_FIN_WAIT2) | B(PW_ST_TIME_WAIT) |
			     B(PW_ST_CLOSE) | B(PW_ST_CLOSE_WAIT) | B(PW_ST_LAST_ACK) |
			     B(PW_ST_LISTEN) | B(PW_ST_CLOSING) | B(PW_ST_NEW_SYN_RECV);
	const uint32_t connected = all & ~(B(PW_ST_LISTEN) | B(PW_ST_CLOSE));
	const uint32_t bucket = B(PW_ST_SYN_RECV) | B(PW_ST_NEW_SYN_RECV) | B(PW_ST_TIME_WAIT);
	uint32_t mask;

	(void)state;
	assert_int_equal(pw_sock_state_parse("all", &mask), 0);
	assert_int_equal(mask, all);
	assert_int_equal(pw_sock_state_parse("connected", &mask), 0);
	assert_int_equal(mask, connected);
	assert_int_equal(pw_sock_state_parse("synchronized", &mask), 0);
	assert_int_equal(mask, connected & ~B(PW_ST_SYN_SENT));
	assert_int_equal(pw_sock_state_parse("bucket", &mask), 0);
	assert_int_equal(mask, bucket);
	assert_int_equal(pw_sock_state_parse("big", &mask), 0);
	assert_int_equal(mask, all & ~bucket);
}

/* What the program prints can be typed back to --state. */
static void state_parse_accepts_every_printed_name(void **state)
{
	(void)state;
	for (unsigned st = PW_ST_ESTABLISHED; st < PW_ST_MAX; st++) {
		uint32_t mask = 0;

		assert_int_equal(pw_sock_state_parse(pw_sock_state_name(st), &mask), 0);
		assert_true(mask & B(st));
	}
}

static void state_parse_is_case_insensitive(void **state)
{
	uint32_t mask;

	(void)state;
	assert_int_equal(pw_sock_state_parse("ESTABLISHED", &mask), 0);
	assert_int_equal(mask, B(PW_ST_ESTABLISHED));
	assert_int_equal(pw_sock_state_parse("Time-Wait", &mask), 0);
	assert_int_equal(mask, B(PW_ST_TIME_WAIT));
	assert_int_equal(pw_sock_state_parse("estab", &mask), 0);
	assert_int_equal(mask, B(PW_ST_ESTABLISHED));
	assert_int_equal(pw_sock_state_parse("LiStEn", &mask), 0);
	assert_int_equal(mask, B(PW_ST_LISTEN));
	assert_int_equal(pw_sock_state_parse("UNCONN", &mask), 0);
	assert_int_equal(mask, B(PW_ST_CLOSE));
}

static void state_parse_rejects_unknown_name(void **state)
{
	static const char *const bad[] = {
		"bogus",   "",	       "establishe", "established ",
		" listen", "syn_sent", "time-wait,", "UNKNOWN",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint32_t mask = SENTINEL;

		assert_int_equal(pw_sock_state_parse(bad[i], &mask), -EINVAL);
		assert_int_equal(mask, SENTINEL);
	}
}

static struct pw_sock sock_make(uint8_t proto, uint8_t state)
{
	return (struct pw_sock){ .proto = proto, .family = AF_INET, .state = state, .v6only = -1 };
}

static void is_listening_tcp_only_in_listen(void **state)
{
	struct pw_sock s;

	(void)state;
	s = sock_make(PW_PROTO_TCP, PW_ST_LISTEN);
	assert_true(pw_sock_is_listening(&s));
	s = sock_make(PW_PROTO_TCP, PW_ST_ESTABLISHED);
	assert_false(pw_sock_is_listening(&s));
	/* A closed TCP socket is not waiting for anybody. */
	s = sock_make(PW_PROTO_TCP, PW_ST_CLOSE);
	assert_false(pw_sock_is_listening(&s));
	s = sock_make(PW_PROTO_SCTP, PW_ST_LISTEN);
	assert_true(pw_sock_is_listening(&s));
}

static void is_listening_udp_when_unconnected(void **state)
{
	struct pw_sock s;

	(void)state;
	s = sock_make(PW_PROTO_UDP, PW_ST_CLOSE);
	assert_true(pw_sock_is_listening(&s));
	s = sock_make(PW_PROTO_UDP, PW_ST_ESTABLISHED);
	assert_false(pw_sock_is_listening(&s));
	s = sock_make(PW_PROTO_UDPLITE, PW_ST_CLOSE);
	assert_true(pw_sock_is_listening(&s));
	s = sock_make(PW_PROTO_UDPLITE, PW_ST_ESTABLISHED);
	assert_false(pw_sock_is_listening(&s));
}

static void is_listening_raw_when_unconnected(void **state)
{
	struct pw_sock s;

	(void)state;
	s = sock_make(PW_PROTO_RAW, PW_ST_CLOSE);
	assert_true(pw_sock_is_listening(&s));
	s = sock_make(PW_PROTO_RAW, PW_ST_ESTABLISHED);
	assert_false(pw_sock_is_listening(&s));
}

/* s's uid after pw_sock_mark_uid_unknown, when the kernel reported uid and inode. */
static uint32_t marked_uid(uint8_t proto, uint8_t state, uint32_t uid, uint32_t inode)
{
	struct pw_sock s = sock_make(proto, state);

	s.uid = uid;
	s.inode = inode;
	pw_sock_mark_uid_unknown(&s);
	return s.uid;
}

static void uid_of_time_wait_and_request_sockets_is_unknown(void **state)
{
	(void)state;
	assert_int_equal(marked_uid(PW_PROTO_TCP, PW_ST_TIME_WAIT, 0, 0), PW_UID_UNKNOWN);
	assert_int_equal(marked_uid(PW_PROTO_TCP, PW_ST_NEW_SYN_RECV, 0, 0), PW_UID_UNKNOWN);
	assert_int_equal(marked_uid(PW_PROTO_TCP, PW_ST_SYN_RECV, 0, 0), PW_UID_UNKNOWN);
	/* /proc/net shows a request with its listener's uid; sock_diag with 0: both unknown. */
	assert_int_equal(marked_uid(PW_PROTO_TCP, PW_ST_SYN_RECV, 1000, 0), PW_UID_UNKNOWN);
	assert_int_equal(marked_uid(PW_PROTO_TCP, PW_ST_NEW_SYN_RECV, 65534, 0), PW_UID_UNKNOWN);
}

static void uid_the_kernel_knows_is_kept(void **state)
{
	(void)state;
	/* root's connections and listeners are root's. */
	assert_int_equal(marked_uid(PW_PROTO_TCP, PW_ST_ESTABLISHED, 0, 0), 0);
	assert_int_equal(marked_uid(PW_PROTO_TCP, PW_ST_LISTEN, 0, 7), 0);
	/* A Fast Open child in SYN-RECV is a full socket, with an inode and its own uid. */
	assert_int_equal(marked_uid(PW_PROTO_TCP, PW_ST_SYN_RECV, 0, 9), 0);
	assert_int_equal(marked_uid(PW_PROTO_TCP, PW_ST_SYN_RECV, 1000, 9), 1000);
	/* An SCTP association's state numbers are SCTP's: 6 is SHUTDOWN-RECEIVED. */
	assert_int_equal(marked_uid(PW_PROTO_SCTP, PW_ST_TIME_WAIT, 0, 5), 0);
	assert_int_equal(marked_uid(PW_PROTO_UDP, PW_ST_CLOSE, 0, 0), 0);
}

static struct pw_sock sock_addrs(int family, const char *local, const char *remote)
{
	struct pw_sock s = { .proto = PW_PROTO_TCP, .family = (uint8_t)family, .v6only = -1 };

	assert_int_equal(inet_pton(family, local, s.laddr), 1);
	assert_int_equal(inet_pton(family, remote, s.raddr), 1);
	return s;
}

static void format_addr_writes_ipv4(void **state)
{
	struct pw_sock s = sock_addrs(AF_INET, "192.0.2.1", "198.51.100.200");
	char buf[PW_ADDR_STRLEN];

	(void)state;
	/* Only the first 4 bytes are an IPv4 address: junk after them is ignored. */
	memset(s.laddr + 4, 0xee, 12);
	assert_int_equal(pw_sock_format_addr(&s, false, buf), strlen("192.0.2.1"));
	assert_string_equal(buf, "192.0.2.1");
}

static void format_addr_writes_remote_side(void **state)
{
	struct pw_sock s = sock_addrs(AF_INET, "192.0.2.1", "198.51.100.200");
	char buf[PW_ADDR_STRLEN];

	(void)state;
	assert_int_equal(pw_sock_format_addr(&s, true, buf), strlen("198.51.100.200"));
	assert_string_equal(buf, "198.51.100.200");
}

static void format_addr_writes_ipv6_without_brackets(void **state)
{
	struct pw_sock s = sock_addrs(AF_INET6, "2001:db8::1", "fe80::abcd:1");
	char buf[PW_ADDR_STRLEN];

	(void)state;
	assert_int_equal(pw_sock_format_addr(&s, false, buf), strlen("2001:db8::1"));
	assert_string_equal(buf, "2001:db8::1");
	assert_int_equal(pw_sock_format_addr(&s, true, buf), strlen("fe80::abcd:1"));
	assert_string_equal(buf, "fe80::abcd:1");
}

static void format_addr_writes_v4_mapped_ipv6_in_dotted_form(void **state)
{
	struct pw_sock s = sock_addrs(AF_INET6, "::ffff:1.2.3.4", "::ffff:255.255.255.255");
	char buf[PW_ADDR_STRLEN];

	(void)state;
	assert_int_equal(pw_sock_format_addr(&s, false, buf), strlen("::ffff:1.2.3.4"));
	assert_string_equal(buf, "::ffff:1.2.3.4");
	assert_int_equal(pw_sock_format_addr(&s, true, buf), strlen("::ffff:255.255.255.255"));
	assert_string_equal(buf, "::ffff:255.255.255.255");
}

static void format_addr_writes_wildcards(void **state)
{
	struct pw_sock s4 = sock_addrs(AF_INET, "0.0.0.0", "0.0.0.0");
	struct pw_sock s6 = sock_addrs(AF_INET6, "::", "::");
	char buf[PW_ADDR_STRLEN];

	(void)state;
	assert_int_equal(pw_sock_format_addr(&s4, false, buf), 7);
	assert_string_equal(buf, "0.0.0.0");
	assert_int_equal(pw_sock_format_addr(&s6, true, buf), 2);
	assert_string_equal(buf, "::");
}

static void format_addr_fits_the_longest_ipv6(void **state)
{
	const char *longest = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
	struct pw_sock s = sock_addrs(AF_INET6, longest, "::1");
	struct {
		char buf[PW_ADDR_STRLEN];
		char canary[8];
	} out;

	(void)state;
	memset(out.canary, 'C', sizeof(out.canary));
	assert_int_equal(pw_sock_format_addr(&s, false, out.buf), strlen(longest));
	assert_string_equal(out.buf, longest);
	assert_memory_equal(out.canary, "CCCCCCCC", sizeof(out.canary));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(proto_name_names_every_protocol),
		cmocka_unit_test(proto_name_out_of_range_is_question_mark),
		cmocka_unit_test(family_name_names_inet_and_inet6),
		cmocka_unit_test(state_name_prints_every_state_as_ss_does),
		cmocka_unit_test(state_name_prints_new_syn_recv_as_syn_recv),
		cmocka_unit_test(state_name_out_of_range_is_unknown),
		cmocka_unit_test(state_parse_accepts_every_single_state_word),
		cmocka_unit_test(state_parse_accepts_ss_aliases_close_syn_rcv_unconnected),
		cmocka_unit_test(state_parse_accepts_state_groups),
		cmocka_unit_test(state_parse_accepts_every_printed_name),
		cmocka_unit_test(state_parse_is_case_insensitive),
		cmocka_unit_test(state_parse_rejects_unknown_name),
		cmocka_unit_test(is_listening_tcp_only_in_listen),
		cmocka_unit_test(is_listening_udp_when_unconnected),
		cmocka_unit_test(is_listening_raw_when_unconnected),
		cmocka_unit_test(uid_of_time_wait_and_request_sockets_is_unknown),
		cmocka_unit_test(uid_the_kernel_knows_is_kept),
		cmocka_unit_test(format_addr_writes_ipv4),
		cmocka_unit_test(format_addr_writes_remote_side),
		cmocka_unit_test(format_addr_writes_ipv6_without_brackets),
		cmocka_unit_test(format_addr_writes_v4_mapped_ipv6_in_dotted_form),
		cmocka_unit_test(format_addr_writes_wildcards),
		cmocka_unit_test(format_addr_fits_the_longest_ipv6),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
