/* SPDX-License-Identifier: MIT */
/* Unit tests of the policy module: which rule decides a listener, required rules, and what a parsed policy tells. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "policy.h"
#include "policyfix.h"

static void free_accepts_null(void **state)
{
	(void)state;
	pw_policy_free(NULL);
}

/* --- protocols ------------------------------------------------------------------ */

static void each_protocol_matches_its_own_sockets_only(void **state)
{
	static const char *const names[PW_PROTO_COUNT] = {
		[TCP] = "tcp", [UDP] = "udp", [UDPLITE] = "udplite", [RAW] = "raw", [SCTP] = "sctp",
	};
	char text[64];

	(void)state;
	for (unsigned rp = 0; rp < PW_PROTO_COUNT; rp++) {
		struct pw_policy *p;

		snprintf(text, sizeof(text), "allow %s *:6\n", names[rp]);
		p = POL_PARSE(text);
		for (uint8_t sp = 0; sp < PW_PROTO_COUNT; sp++)
			POL_EXPECT(p, sp, "192.0.2.1", 6, sp == rp ? A : U, sp == rp ? 1 : 0);
		pw_policy_free(p);
	}
}

static void any_protocol_matches_all_five(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow any *:6\n");
	for (uint8_t sp = 0; sp < PW_PROTO_COUNT; sp++)
		POL_EXPECT(p, sp, "2001:db8::1", 6, A, 1);
	/* A protocol the module does not know is never matched. */
	POL_EXPECT(p, PW_PROTO_COUNT, "2001:db8::1", 6, U, 0);
	pw_policy_free(p);
}

/* A check needs a protocol's listeners when a line names it; `any` names none. */
static void proto_line_is_the_first_line_naming_the_protocol(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow any *:22\n# sctp\nallow tcp *:80\n\ndeny SCTP *:*\nallow sctp *:1\n");
	assert_int_equal(pw_policy_proto_line(p, PW_PROTO_SCTP), 5);
	assert_int_equal(pw_policy_proto_line(p, PW_PROTO_TCP), 3);
	assert_int_equal(pw_policy_proto_line(p, PW_PROTO_UDP), 0);
	assert_int_equal(pw_policy_proto_line(p, PW_PROTO_RAW), 0);
	pw_policy_free(p);
}

static void rule_scope_gives_its_protocols_and_family(void **state)
{
	struct pw_policy *p;
	int family = -1;

	(void)state;
	p = POL_PARSE("allow udp *:53 require\nallow any loopback:25\n"
		      "allow tcp [fd00::/8]:631\nallow tcp 10.0.0.0/8:22\n"
		      "allow tcp [::ffff:10.0.0.1]:23\n");
	assert_int_equal(pw_policy_rule_scope(p, 1, &family), PW_PROTO_BIT(PW_PROTO_UDP));
	assert_int_equal(family, 0);
	assert_int_equal(pw_policy_rule_scope(p, 2, &family), PW_PROTO_BIT(PW_PROTO_COUNT) - 1);
	assert_int_equal(family, 0);
	assert_int_equal(pw_policy_rule_scope(p, 3, &family), PW_PROTO_BIT(PW_PROTO_TCP));
	assert_int_equal(family, AF_INET6);
	assert_int_equal(pw_policy_rule_scope(p, 4, &family), PW_PROTO_BIT(PW_PROTO_TCP));
	assert_int_equal(family, AF_INET);
	/* An IPv4-mapped address is the IPv4 one. */
	pw_policy_rule_scope(p, 5, &family);
	assert_int_equal(family, AF_INET);
	assert_int_equal(pw_policy_rule_scope(p, 6, &family), 0);
	assert_int_equal(family, 0);
	pw_policy_free(p);
}

/* --- addresses ------------------------------------------------------------------ */

static void star_matches_every_address(void **state)
{
	static const char *const addrs[] = { "0.0.0.0", "::",	   "192.0.2.1",	     "127.0.0.1",
					     "::1",	"fe80::1", "::ffff:10.0.0.1" };
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp *:80\n");
	for (size_t i = 0; i < PW_ARRAY_SIZE(addrs); i++)
		POL_EXPECT(p, TCP, addrs[i], 80, A, 1);
	pw_policy_free(p);
}

static void ipv4_address_matches_itself_only(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp 192.0.2.1:80\n");
	POL_EXPECT(p, TCP, "192.0.2.1", 80, A, 1);
	POL_EXPECT_ADDRS(p, TCP, 80, U, 0, "192.0.2.2", "193.0.2.1");
	POL_EXPECT(p, TCP, "192.0.2.1", 81, U, 0);
	/* The same bytes in an IPv6 address are another address. */
	POL_EXPECT(p, TCP, "c000:201::", 80, U, 0);
	pw_policy_free(p);
}

static void ipv6_address_matches_itself_only(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp [2001:db8::1]:80\n");
	POL_EXPECT(p, TCP, "2001:db8::1", 80, A, 1);
	POL_EXPECT_ADDRS(p, TCP, 80, U, 0, "2001:db8::2", "3001:db8::1", "32.1.13.184");
	pw_policy_free(p);
}

static void ipv4_cidr_matches_its_network(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp 10.0.0.0/8:80\n"
		      "allow tcp 192.168.4.0/22:80\n"
		      "allow tcp 198.51.100.7/32:80\n"
		      "allow tcp 0.0.0.0/0:81\n");
	POL_EXPECT_ADDRS(p, TCP, 80, A, 1, "10.0.0.0", "10.255.255.255");
	POL_EXPECT_ADDRS(p, TCP, 80, U, 0, "11.0.0.1", "9.255.255.255");
	/* A prefix that is not a whole number of bytes. */
	POL_EXPECT_ADDRS(p, TCP, 80, A, 2, "192.168.4.0", "192.168.7.255");
	POL_EXPECT_ADDRS(p, TCP, 80, U, 0, "192.168.8.0", "192.168.3.255");
	POL_EXPECT(p, TCP, "198.51.100.7", 80, A, 3);
	POL_EXPECT(p, TCP, "198.51.100.6", 80, U, 0);
	/* /0 is every IPv4 address, but still not the wildcard listener. */
	POL_EXPECT(p, TCP, "203.0.113.9", 81, A, 4);
	POL_EXPECT_ADDRS(p, TCP, 81, U, 0, "0.0.0.0", "2001:db8::1");
	pw_policy_free(p);
}

static void ipv6_cidr_matches_its_network_in_both_spellings(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp [fd00::/8]:80\n"
		      "allow tcp [fd00::]/8:81\n"
		      "allow tcp [2001:db8:8000::]/33:80\n"
		      "allow tcp [::]/0:82\n");
	POL_EXPECT_ADDRS(p, TCP, 80, A, 1, "fd00::1", "fdff:ffff::1");
	POL_EXPECT_ADDRS(p, TCP, 80, U, 0, "fe00::1", "fc00::1");
	POL_EXPECT(p, TCP, "fd12:3456::1", 81, A, 2);
	POL_EXPECT(p, TCP, "fe00::1", 81, U, 0);
	POL_EXPECT_ADDRS(p, TCP, 80, A, 3, "2001:db8:8000::1", "2001:db8:ffff::1");
	POL_EXPECT(p, TCP, "2001:db8:7fff::1", 80, U, 0);
	POL_EXPECT(p, TCP, "2001:db8::1", 82, A, 4);
	POL_EXPECT_ADDRS(p, TCP, 82, U, 0, "::", "10.0.0.1");
	pw_policy_free(p);
}

static void loopback_is_127_slash_8_and_ipv6_one(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp loopback:5432\n");
	POL_EXPECT_ADDRS(p, TCP, 5432, A, 1, "127.0.0.1", "127.255.0.53", "::1",
			 "::ffff:127.0.0.1");
	POL_EXPECT_ADDRS(p, TCP, 5432, U, 0, "128.0.0.1", "10.0.0.1", "::2", "fe80::1", "0.0.0.0",
			 "::");
	pw_policy_free(p);
}

/* An IPv6 socket bound to ::ffff:a.b.c.d serves IPv4 clients of a.b.c.d only. */
static void ipv4_mapped_listeners_count_as_ipv4(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp 10.0.0.0/8:80\n"
		      "allow tcp 192.0.2.1:80\n"
		      "allow tcp [::]/0:80\n");
	POL_EXPECT(p, TCP, "::ffff:10.9.9.9", 80, A, 1);
	POL_EXPECT(p, TCP, "::ffff:192.0.2.1", 80, A, 2);
	/* Not an IPv6 address for the IPv6 rule: it is IPv4. */
	POL_EXPECT(p, TCP, "::ffff:192.0.2.2", 80, U, 0);
	POL_EXPECT(p, TCP, "2001:db8::1", 80, A, 3);
	/* Only the ::ffff:0:0/96 prefix maps. */
	POL_EXPECT(p, TCP, "::fffe:a09:909", 80, A, 3);
	pw_policy_free(p);
}

static void wildcard_listeners_match_star_only(void **state)
{
	static const char *const wild[] = { "0.0.0.0", "::", "::ffff:0.0.0.0" };
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp loopback:80\n"
		      "allow tcp 0.0.0.0/0:80\n"
		      "allow tcp [::]/0:80\n"
		      "allow tcp [::ffff:0:0]/96:80\n"
		      "allow tcp 0.0.0.0/8:80\n"
		      "allow tcp *:80\n");
	for (size_t i = 0; i < PW_ARRAY_SIZE(wild); i++) {
		/* Dual-stack or IPv6-only, a wildcard is a wildcard. */
		for (int v6only = -1; v6only <= 1; v6only++) {
			struct pw_sock k = pol_sock(TCP, wild[i], 80);
			struct pw_policy_subject s = { .sock = &k };

			k.v6only = (int8_t)v6only;
			POL_EXPECT_SUBJECT(p, &s, A, 6);
		}
	}
	pw_policy_free(p);
}

/* --- ports ---------------------------------------------------------------------- */

static void port_number_range_and_star(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp *:22\n"
		      "allow tcp *:1000-2000\n"
		      "allow tcp *:0\n"
		      "allow tcp *:65535-65535\n"
		      "allow udp *:*\n"
		      "allow sctp *:0-65535\n");
	POL_EXPECT(p, TCP, "0.0.0.0", 22, A, 1);
	POL_EXPECT_PORTS(p, TCP, "0.0.0.0", A, 2, 1000, 2000);
	POL_EXPECT(p, TCP, "0.0.0.0", 0, A, 3);
	POL_EXPECT(p, TCP, "0.0.0.0", 65535, A, 4);
	POL_EXPECT_PORTS(p, TCP, "0.0.0.0", U, 0, 21, 23, 999, 2001, 65534);
	POL_EXPECT(p, UDP, "0.0.0.0", 0, A, 5);
	POL_EXPECT(p, UDP, "::1", 65535, A, 5);
	POL_EXPECT(p, SCTP, "::1", 40000, A, 6);
	pw_policy_free(p);
}

static void ephemeral_is_the_host_range_minus_reserved(void **state)
{
	static const char range[] = "40000 40010\n", reserved[] = "40005\n";
	struct pw_hostports hp;
	struct pw_policy *p;

	(void)state;
	pw_ports_default(&hp);
	assert_int_equal(pw_ports_parse_range(&hp, range, sizeof(range) - 1), 0);
	assert_int_equal(pw_ports_parse_reserved(&hp, reserved, sizeof(reserved) - 1), 0);
	p = POL_PARSE("allow udp *:ephemeral\n");
	POL_EXPECT_PORTS_HP(p, &hp, UDP, "0.0.0.0", A, 1, 40000, 40010, 40004);
	POL_EXPECT_PORTS_HP(p, &hp, UDP, "0.0.0.0", U, 0, 40005, 39999, 40011, 32768);
	/* Without the host's range: Linux's default, 32768-60999. */
	POL_EXPECT_PORTS(p, UDP, "0.0.0.0", A, 1, 32768, 60999, 40005);
	POL_EXPECT_PORTS(p, UDP, "0.0.0.0", U, 0, 32767, 61000);
	pw_policy_free(p);
}

/* A raw socket's "port" is its IP protocol: numbers only. */
static void raw_sockets_match_numbers_only(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow raw *:6\n"
		      "allow raw *:58-59\n"
		      "allow any *:well-known\n"
		      "allow any *:ssh\n"
		      "allow any *:ephemeral\n"
		      "allow any *:7000-7001\n");
	POL_EXPECT(p, RAW, "0.0.0.0", 6, A, 1);
	POL_EXPECT_PORTS(p, RAW, "::", A, 2, 58, 59);
	POL_EXPECT_PORTS(p, RAW, "0.0.0.0", U, 0, 17, 40000);
	POL_EXPECT(p, TCP, "0.0.0.0", 17, A, 3);
	POL_EXPECT(p, UDP, "0.0.0.0", 40000, A, 5);
	POL_EXPECT(p, RAW, "0.0.0.0", 7000, A, 6);
	pw_policy_free(p);
	p = POL_PARSE("allow any *:ssh\nallow raw *:*\n");
	POL_EXPECT(p, RAW, "0.0.0.0", 22, A, 2);
	POL_EXPECT(p, TCP, "0.0.0.0", 22, A, 1);
	pw_policy_free(p);
}

/* --- options -------------------------------------------------------------------- */

static void user_matches_the_socket_uid_by_number_or_name(void **state)
{
	struct pol_users users = { 0 };
	struct pw_error err = { 0 };
	struct pw_policy *p = NULL;
	struct pw_sock k = pol_sock(TCP, "0.0.0.0", 80);
	struct pw_policy_subject s = { .sock = &k };
	static const char text[] = "allow tcp *:80 user=33\n"
				   "allow tcp *:80 user=postgres\n"
				   "allow tcp *:80 user=0\n"
				   "allow tcp *:81 user=4294967294\n";

	(void)state;
	assert_int_equal(pw_policy_parse(text, sizeof(text) - 1, POL_FILE, pol_db, pol_uid, &users,
					 &p, &err),
			 0);
	assert_non_null(p);
	/* Numbers never reach the callback; its context is handed through. */
	assert_int_equal(users.calls, 1);
	assert_string_equal(users.last, "postgres");
	k.uid = 33;
	POL_EXPECT_SUBJECT(p, &s, A, 1);
	k.uid = 70;
	POL_EXPECT_SUBJECT(p, &s, A, 2);
	k.uid = 0;
	POL_EXPECT_SUBJECT(p, &s, A, 3);
	k.uid = 1000;
	POL_EXPECT_SUBJECT(p, &s, U, 0);
	k.lport = 81;
	k.uid = 4294967294u;
	POL_EXPECT_SUBJECT(p, &s, A, 4);
	pw_policy_free(p);
}

static void netns_matches_the_namespace_name(void **state)
{
	struct pw_policy *p;
	struct pw_sock k = pol_sock(TCP, "0.0.0.0", 80);
	struct pw_policy_subject s = { .sock = &k, .netns = "blue" };

	(void)state;
	p = POL_PARSE("allow tcp *:80 netns=blue\nallow tcp *:80 netns=host\n");
	POL_EXPECT_SUBJECT(p, &s, A, 1);
	/* No name is the initial namespace, "host". */
	s.netns = NULL;
	POL_EXPECT_SUBJECT(p, &s, A, 2);
	s.netns = "host";
	POL_EXPECT_SUBJECT(p, &s, A, 2);
	s.netns = "red";
	POL_EXPECT_SUBJECT(p, &s, U, 0);
	s.netns = "blue2";
	POL_EXPECT_SUBJECT(p, &s, U, 0);
	pw_policy_free(p);
}

static void a_namespace_without_a_name_matches_no_netns_rule(void **state)
{
	struct pw_policy *p;
	struct pw_sock k = pol_sock(TCP, "0.0.0.0", 80);
	struct pw_policy_subject s = { .sock = &k, .netns_unnamed = true };

	(void)state;
	p = POL_PARSE("allow tcp *:80 netns=host\nallow tcp *:80 netns=blue\n"
		      "deny tcp *:80 netns="
		      "(unnamed)\nallow tcp *:80\n");
	/* Not the initial namespace, though it has no name: only the rule for any holds. */
	POL_EXPECT_SUBJECT(p, &s, A, 4);
	s.netns_unnamed = false;
	POL_EXPECT_SUBJECT(p, &s, A, 1);
	pw_policy_free(p);
	p = POL_PARSE("allow tcp *:80 netns=host\n");
	s.netns_unnamed = true;
	POL_EXPECT_SUBJECT(p, &s, U, 0);
	pw_policy_free(p);
}

static void process_matches_comm_or_exe_basename(void **state)
{
	struct pw_proc comm_only = pol_proc(612, "sshd", NULL);
	struct pw_proc resolved =
		pol_proc(700, "systemd-resolve", "/usr/lib/systemd/systemd-resolved");
	struct pw_proc bare = pol_proc(701, NULL, "daemon");
	struct pw_proc nothing = pol_proc(702, NULL, NULL);
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp *:22 process=sshd\n"
		      "allow udp *:53 process=systemd-resolved\n"
		      "allow udp *:54 process=systemd-resolve\n"
		      "allow udp *:55 process=/usr/lib/systemd/systemd-resolved\n"
		      "allow udp *:56 process=systemd\n"
		      "allow udp *:57 process=daemon\n"
		      "allow tcp *:22 process=ssh\n");
	POL_EXPECT_HELD(p, TCP, "0.0.0.0", 22, A, 1, &comm_only);
	/* The kernel cuts comm at 15 bytes: the exe's base name has it whole. */
	POL_EXPECT_HELD(p, UDP, "127.0.0.53", 53, A, 2, &resolved);
	POL_EXPECT_HELD(p, UDP, "127.0.0.53", 54, A, 3, &resolved);
	/* The base name, not the path nor a part of it. */
	POL_EXPECT_HELD(p, UDP, "127.0.0.53", 55, U, 0, &resolved);
	POL_EXPECT_HELD(p, UDP, "127.0.0.53", 56, U, 0, &resolved);
	/* An exe without a slash is its own base name; a NULL comm is skipped. */
	POL_EXPECT_HELD(p, UDP, "127.0.0.53", 57, A, 6, &bare);
	POL_EXPECT_HELD(p, UDP, "127.0.0.53", 57, U, 0, &nothing);
	POL_EXPECT_HELD(p, TCP, "0.0.0.0", 22, U, 0, &nothing);
	pw_policy_free(p);
}

/* /proc/PID/exe of a replaced executable reads "PATH (deleted)" (proc(5)). */
static void deleted_suffix_of_an_upgraded_exe_is_ignored(void **state)
{
	struct pw_proc old = pol_proc(612, "sshd-session", "/usr/sbin/sshd (deleted)");
	struct pw_proc odd = pol_proc(613, "x", "/usr/sbin/sshd (deleted) again");
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp *:22 process=sshd\n"
		      "allow tcp *:23 exe=/usr/sbin/sshd\n"
		      "allow tcp *:24 exe=/usr/sbin/ssh\n"
		      "allow tcp *:25 exe=/usr/sbin\n");
	POL_EXPECT_HELD(p, TCP, "0.0.0.0", 22, A, 1, &old);
	POL_EXPECT_HELD(p, TCP, "0.0.0.0", 23, A, 2, &old);
	/* Whole names only: neither a prefix of the path nor its directory. */
	POL_EXPECT_HELD(p, TCP, "0.0.0.0", 24, U, 0, &old);
	POL_EXPECT_HELD(p, TCP, "0.0.0.0", 25, U, 0, &old);
	/* Only a suffix that is exactly " (deleted)". */
	POL_EXPECT_HELD(p, TCP, "0.0.0.0", 22, U, 0, &odd);
	POL_EXPECT_HELD(p, TCP, "0.0.0.0", 23, U, 0, &odd);
	pw_policy_free(p);
}

static void exe_matches_the_whole_path(void **state)
{
	struct pw_proc sshd = pol_proc(612, "sshd", "/usr/sbin/sshd");
	struct pw_proc no_exe = pol_proc(613, "sshd", NULL);
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp *:22 exe=/usr/sbin/sshd\n"
		      "allow tcp *:23 exe=/usr/sbin/sshd2\n"
		      "allow tcp *:24 exe=/usr/local/sbin/sshd\n");
	POL_EXPECT_HELD(p, TCP, "0.0.0.0", 22, A, 1, &sshd);
	POL_EXPECT_HELD(p, TCP, "0.0.0.0", 23, U, 0, &sshd);
	POL_EXPECT_HELD(p, TCP, "0.0.0.0", 24, U, 0, &sshd);
	/* An exe that could not be read matches no exe=, even when comm would. */
	POL_EXPECT_HELD(p, TCP, "0.0.0.0", 22, U, 0, &no_exe);
	pw_policy_free(p);
}

static void process_and_exe_match_any_single_holder(void **state)
{
	struct pw_proc init = pol_proc(1, "systemd", "/usr/lib/systemd/systemd");
	struct pw_proc daemon = pol_proc(612, "sshd", "/usr/sbin/sshd");
	struct pw_proc fake = pol_proc(666, "sshd", "/tmp/sshd-not");
	struct pw_proc odd = pol_proc(667, "systemd", "/usr/sbin/sshd");
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp *:22 process=sshd\n"
		      "allow tcp *:23 process=systemd\n"
		      "allow tcp *:24 process=systemd exe=/usr/sbin/sshd\n"
		      "allow tcp *:25 process=sshd exe=/usr/sbin/sshd\n");
	/* With socket activation, PID 1 and the daemon both hold the socket. */
	POL_EXPECT_HELD(p, TCP, "0.0.0.0", 22, A, 1, &init, &daemon);
	POL_EXPECT_HELD(p, TCP, "0.0.0.0", 23, A, 2, &init, &daemon);
	/* process= and exe= must hold for one same holder, not one each. */
	POL_EXPECT_HELD(p, TCP, "0.0.0.0", 24, U, 0, &init, &daemon);
	POL_EXPECT_HELD(p, TCP, "0.0.0.0", 24, A, 3, &init, &daemon, &odd);
	POL_EXPECT_HELD(p, TCP, "0.0.0.0", 25, A, 4, &init, &daemon);
	/* The right name from another executable is not enough. */
	POL_EXPECT_HELD(p, TCP, "0.0.0.0", 25, U, 0, &fake);
	pw_policy_free(p);
}

static void owner_rules_never_match_without_holders(void **state)
{
	struct pw_proc sshd = pol_proc(612, "sshd", "/usr/sbin/sshd");
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp *:22 process=sshd\n"
		      "allow tcp *:22 exe=/usr/sbin/sshd\n"
		      "deny tcp *:22\n");
	POL_EXPECT_HELD(p, TCP, "0.0.0.0", 22, A, 1, &sshd);
	/* Every process seen, none holds it (or it has no inode): the next rule decides. */
	POL_EXPECT(p, TCP, "0.0.0.0", 22, D, 3);
	pw_policy_free(p);
}

/* --- holders that were not seen ---------------------------------------------------- */

/* The reviewer's case: a deny naming an owner that may hold it, then a broad allow. */
static void maybe_deny_before_an_allow_is_an_unsure_deny(void **state)
{
	struct pw_proc nc = pol_proc(4242, "nc", "/usr/bin/nc.openbsd");
	struct pw_proc sshd = pol_proc(612, "sshd", "/usr/sbin/sshd");
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("deny tcp *:4444 process=nc\nallow tcp *:*\n");
	/* Allowed only if nc does not hold it, which cannot be told: not allowed, unsure. */
	POL_EXPECT_UNSEEN(p, TCP, "0.0.0.0", 4444, D, 1, false);
	/* The deny line cannot match another port, whoever holds it. */
	POL_EXPECT_UNSEEN(p, TCP, "0.0.0.0", 80, A, 2, true);
	/* Holders seen: no doubt either way. */
	POL_EXPECT_HELD(p, TCP, "0.0.0.0", 4444, D, 1, &nc);
	POL_EXPECT_HELD(p, TCP, "0.0.0.0", 4444, A, 2, &sshd);
	pw_policy_free(p);
}

static void maybe_allow_before_the_end_is_an_unsure_unexpected(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow udp *:53 process=x\nallow tcp *:22 process=sshd\n");
	POL_EXPECT_UNSEEN(p, TCP, "0.0.0.0", 22, U, 0, false);
	/* No owner could make a udp/53 or tcp/22 line match tcp/4444: unexpected for sure. */
	POL_EXPECT_UNSEEN(p, TCP, "0.0.0.0", 4444, U, 0, true);
	POL_EXPECT_UNSEEN(p, UDP, "0.0.0.0", 53, U, 0, false);
	pw_policy_free(p);
}

static void maybe_allow_before_a_deny_is_an_unsure_deny(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp *:22 process=sshd\ndeny tcp *:*\n");
	POL_EXPECT_UNSEEN(p, TCP, "0.0.0.0", 22, D, 2, false);
	POL_EXPECT_UNSEEN(p, TCP, "0.0.0.0", 23, D, 2, true);
	pw_policy_free(p);
}

/* A deny that may match before a deny or the end: not allowed either way. */
static void maybe_deny_before_a_deny_or_the_end_is_sure(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("deny tcp *:4444 process=nc\ndeny tcp *:4444\n");
	POL_EXPECT_UNSEEN(p, TCP, "0.0.0.0", 4444, D, 2, true);
	pw_policy_free(p);
	p = POL_PARSE("deny tcp *:4444 process=nc\nallow tcp *:22\n");
	POL_EXPECT_UNSEEN(p, TCP, "0.0.0.0", 4444, U, 0, true);
	pw_policy_free(p);
}

static void maybe_allow_before_an_allow_is_sure(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp *:22 process=sshd\nallow tcp *:22\n");
	POL_EXPECT_UNSEEN(p, TCP, "0.0.0.0", 22, A, 2, true);
	pw_policy_free(p);
}

/* Either action may have come first: the first deny that may match is the one reported. */
static void maybe_rules_of_both_actions_before_an_allow(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp *:22 process=sshd\n"
		      "deny tcp *:22 exe=/usr/bin/nc\n"
		      "deny tcp *:22 process=nc\n"
		      "allow tcp *:*\n");
	POL_EXPECT_UNSEEN(p, TCP, "0.0.0.0", 22, D, 2, false);
	pw_policy_free(p);
	p = POL_PARSE("deny tcp *:22 process=nc\nallow tcp *:22 process=sshd\ndeny tcp *:*\n");
	POL_EXPECT_UNSEEN(p, TCP, "0.0.0.0", 22, D, 3, false);
	pw_policy_free(p);
}

/* Only process= and exe= wait on the holders: any other part that fails, fails for sure. */
static void owner_rule_failing_another_part_is_no_maybe(void **state)
{
	struct pw_sock k = pol_sock(TCP, "192.0.2.1", 22);
	struct pw_policy_subject s = { .sock = &k, .holders_unseen = true };
	struct pw_policy *p;
	unsigned line = 0;
	bool sure = true;

	(void)state;
	p = POL_PARSE("allow tcp *:22 user=0 process=sshd\n"
		      "allow tcp 10.0.0.0/8:22 process=sshd\n"
		      "allow tcp *:22 netns=blue exe=/usr/sbin/sshd\n"
		      "deny tcp *:*\n");
	k.uid = 1000;
	POL_EXPECT_SUBJECT(p, &s, D, 4);
	/* In blue, line 3 may match. */
	s.netns = "blue";
	assert_int_equal(pw_policy_judge(p, &s, NULL, &line, &sure, NULL), D);
	assert_int_equal(line, 4);
	assert_false(sure);
	pw_policy_free(p);
}

/* A holder that was seen and meets the rule decides, whatever else may hold the socket. */
static void seen_holder_matches_for_sure_among_unseen_ones(void **state)
{
	struct pw_proc sshd = pol_proc(612, "sshd", "/usr/sbin/sshd");
	const struct pw_proc *const held[] = { &sshd };
	struct pw_sock k = pol_sock(TCP, "0.0.0.0", 22);
	struct pw_policy_subject s = {
		.sock = &k, .procs = held, .nprocs = 1, .holders_unseen = true
	};
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp *:22 process=sshd\ndeny tcp *:*\n");
	POL_EXPECT_SUBJECT(p, &s, A, 1);
	pw_policy_free(p);
}

/* --- which rule decides ----------------------------------------------------------- */

static void first_matching_rule_wins(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("deny tcp *:22\nallow tcp *:22\n");
	POL_EXPECT(p, TCP, "0.0.0.0", 22, D, 1);
	pw_policy_free(p);
	p = POL_PARSE("allow tcp *:22\ndeny tcp *:22\n");
	POL_EXPECT(p, TCP, "0.0.0.0", 22, A, 1);
	pw_policy_free(p);
	/* Narrow allows before a broad deny. */
	p = POL_PARSE("# local ssh\n"
		      "allow tcp 10.0.0.0/8:22\n"
		      "allow tcp loopback:*\n"
		      "deny any *:*\n"
		      "allow tcp *:22\n");
	POL_EXPECT(p, TCP, "10.1.1.1", 22, A, 2);
	POL_EXPECT_ADDRS(p, TCP, 22, A, 3, "127.0.0.1", "::1");
	POL_EXPECT(p, TCP, "::1", 8080, A, 3);
	POL_EXPECT(p, TCP, "192.0.2.1", 22, D, 4);
	POL_EXPECT(p, TCP, "10.1.1.1", 23, D, 4);
	POL_EXPECT(p, RAW, "0.0.0.0", 255, D, 4);
	pw_policy_free(p);
}

/* --- require ---------------------------------------------------------------------- */

struct pol_missing {
	unsigned lines[8];
	char texts[8][64];
	bool unsure[8];
	unsigned n;
	unsigned stop_at; /* return -ECANCELED on this call (1-based); 0: never */
};

static int pol_missing_cb(unsigned line, const char *text, bool unsure, void *data)
{
	struct pol_missing *m = data;

	if (m->n < 8) {
		m->lines[m->n] = line;
		m->unsure[m->n] = unsure;
		snprintf(m->texts[m->n], sizeof(m->texts[m->n]), "%s", text);
	}
	m->n++;
	return m->n == m->stop_at ? -ECANCELED : 0;
}

static void missing_lists_required_rules_no_listener_matched(void **state)
{
	struct pw_proc sshd = pol_proc(612, "sshd", "/usr/sbin/sshd");
	const struct pw_proc *const held[] = { &sshd };
	struct pw_sock ssh = pol_sock(TCP, "0.0.0.0", 22), pg = pol_sock(TCP, "127.0.0.1", 5432);
	struct pw_policy_subject s_ssh = { .sock = &ssh, .procs = held, .nprocs = 1 };
	struct pw_policy_subject s_ssh_nobody = { .sock = &ssh };
	struct pw_policy_subject s_pg = { .sock = &pg };
	struct pol_missing m = { 0 };
	enum pw_policy_match matched[4] = { PW_POLICY_NO_MATCH };
	struct pw_policy *p;
	unsigned line;

	(void)state;
	p = POL_PARSE("allow tcp *:22 process=sshd require  # the way in\n"
		      "deny tcp *:23\n"
		      "allow tcp loopback:5432 require\n"
		      "allow udp *:53 require\n");
	assert_int_equal(pw_policy_nrules(p), 4);
	/* Before any listener, every required rule is missing, in file order. */
	assert_int_equal(pw_policy_missing(p, matched, pol_missing_cb, &m), 3);
	assert_int_equal(m.n, 3);
	assert_int_equal(m.lines[0], 1);
	assert_int_equal(m.lines[1], 3);
	assert_int_equal(m.lines[2], 4);
	assert_string_equal(m.texts[0], "allow tcp *:22 process=sshd require");
	assert_string_equal(m.texts[2], "allow udp *:53 require");
	assert_false(m.unsure[0] || m.unsure[1] || m.unsure[2]);
	/* sshd's socket held by no process (every one seen) does not count as sshd's. */
	assert_int_equal(pw_policy_judge(p, &s_ssh_nobody, NULL, &line, NULL, matched), U);
	assert_int_equal(matched[0], PW_POLICY_NO_MATCH);
	assert_int_equal(pw_policy_judge(p, &s_ssh, NULL, &line, NULL, matched), A);
	assert_int_equal(line, 1);
	assert_int_equal(matched[0], PW_POLICY_MATCH);
	assert_int_equal(pw_policy_judge(p, &s_pg, NULL, &line, NULL, matched), A);
	assert_int_equal(line, 3);
	assert_int_equal(matched[2], PW_POLICY_MATCH);
	assert_int_equal(matched[1], PW_POLICY_NO_MATCH);
	assert_int_equal(matched[3], PW_POLICY_NO_MATCH);
	memset(&m, 0, sizeof(m));
	assert_int_equal(pw_policy_missing(p, matched, pol_missing_cb, &m), 1);
	assert_int_equal(m.n, 1);
	assert_int_equal(m.lines[0], 4);
	/* No callback: only the count. */
	assert_int_equal(pw_policy_missing(p, matched, NULL, NULL), 1);
	/* Judging again changes nothing. */
	assert_int_equal(pw_policy_judge(p, &s_ssh, NULL, &line, NULL, matched), A);
	assert_int_equal(pw_policy_missing(p, matched, NULL, NULL), 1);
	pw_policy_free(p);
}

static void required_rule_counts_even_when_an_earlier_rule_decides(void **state)
{
	struct pw_sock k = pol_sock(TCP, "10.0.0.1", 22);
	struct pw_policy_subject s = { .sock = &k };
	enum pw_policy_match matched[2] = { PW_POLICY_NO_MATCH };
	struct pw_policy *p;
	unsigned line;

	(void)state;
	p = POL_PARSE("deny tcp 10.0.0.0/8:22\nallow tcp 10.0.0.1:22 require\n");
	assert_int_equal(pw_policy_judge(p, &s, NULL, &line, NULL, matched), D);
	assert_int_equal(line, 1);
	assert_int_equal(matched[0], PW_POLICY_NO_MATCH);
	assert_int_equal(matched[1], PW_POLICY_MATCH);
	assert_int_equal(pw_policy_missing(p, matched, NULL, NULL), 0);
	/* A NULL matched array is allowed: nothing is recorded. */
	assert_int_equal(pw_policy_judge(p, &s, NULL, NULL, NULL, NULL), D);
	pw_policy_free(p);
}

/* A require line only a listener with unseen holders may meet is missing, unsure. */
static void required_rule_maybe_matched_is_missing_unsure(void **state)
{
	struct pw_proc sshd = pol_proc(612, "sshd", "/usr/sbin/sshd");
	const struct pw_proc *const held[] = { &sshd };
	struct pw_sock ssh = pol_sock(TCP, "0.0.0.0", 22);
	struct pw_policy_subject unseen = { .sock = &ssh, .holders_unseen = true };
	struct pw_policy_subject seen = { .sock = &ssh, .procs = held, .nprocs = 1 };
	enum pw_policy_match matched[2] = { PW_POLICY_NO_MATCH };
	struct pol_missing m = { 0 };
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp *:22 process=sshd require\nallow tcp *:80 require\n");
	assert_int_equal(pw_policy_judge(p, &unseen, NULL, NULL, NULL, matched), U);
	assert_int_equal(matched[0], PW_POLICY_MAYBE_MATCH);
	assert_int_equal(matched[1], PW_POLICY_NO_MATCH);
	assert_int_equal(pw_policy_missing(p, matched, pol_missing_cb, &m), 2);
	assert_int_equal(m.lines[0], 1);
	assert_true(m.unsure[0]);
	/* No owner could make the port 80 line match port 22: missing for sure. */
	assert_int_equal(m.lines[1], 2);
	assert_false(m.unsure[1]);
	/* Seen once for sure, it stays so. */
	assert_int_equal(pw_policy_judge(p, &seen, NULL, NULL, NULL, matched), A);
	assert_int_equal(pw_policy_judge(p, &unseen, NULL, NULL, NULL, matched), U);
	assert_int_equal(matched[0], PW_POLICY_MATCH);
	assert_int_equal(pw_policy_missing(p, matched, NULL, NULL), 1);
	pw_policy_free(p);
}

static void missing_callback_error_stops_the_walk(void **state)
{
	struct pol_missing m = { .stop_at = 2 };
	enum pw_policy_match matched[3] = { PW_POLICY_NO_MATCH };
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp *:1 require\nallow tcp *:2 require\nallow tcp *:3 require\n");
	assert_int_equal(pw_policy_missing(p, matched, pol_missing_cb, &m), -ECANCELED);
	assert_int_equal(m.n, 2);
	assert_int_equal(m.lines[1], 2);
	pw_policy_free(p);
}

/* Many required rules: each one is tracked. */
static void many_required_rules_are_all_tracked(void **state)
{
	enum {
		N = 3000
	};
	char *text = malloc(N * 32);
	enum pw_policy_match *matched = calloc(N, sizeof(*matched));
	size_t len = 0;
	struct pw_policy *p;

	(void)state;
	assert_non_null(text);
	assert_non_null(matched);
	for (unsigned i = 0; i < N; i++)
		len += (size_t)sprintf(text + len, "allow tcp *:%u require\n", 10000 + i);
	p = pol_parse_full(text, len, pol_db, __LINE__);
	for (unsigned i = 0; i < N; i += 2) {
		struct pw_sock k = pol_sock(TCP, "0.0.0.0", (uint16_t)(10000 + i));
		struct pw_policy_subject s = { .sock = &k };

		assert_int_equal(pw_policy_judge(p, &s, NULL, NULL, NULL, matched), A);
	}
	assert_int_equal(pw_policy_missing(p, matched, NULL, NULL), N / 2);
	for (unsigned i = 0; i < N; i++)
		assert_int_equal(matched[i], i % 2 == 0 ? PW_POLICY_MATCH : PW_POLICY_NO_MATCH);
	pw_policy_free(p);
	free(matched);
	free(text);
}

/* --- the shipped example --------------------------------------------------------- */

/* The one line whose rule text holds part. */
static unsigned line_of(const struct pw_policy *p, const char *part)
{
	unsigned found = 0;

	for (unsigned line = 1; line < 1000; line++) {
		const char *t = pw_policy_rule_text(p, line);

		if (!t || !strstr(t, part))
			continue;
		if (found)
			fail_msg("\"%s\" on lines %u and %u", part, found, line);
		found = line;
	}
	if (!found)
		fail_msg("no rule with \"%s\"", part);
	return found;
}

/* The whole file at path; *len is set to its size. The caller frees it. */
static char *pol_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long size;

	if (!f)
		fail_msg("%s: %s", path, strerror(errno));
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	assert_true(size > 0);
	rewind(f);
	buf = malloc((size_t)size);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	*len = (size_t)size;
	return buf;
}

static void example_policy_parses_and_judges_a_typical_server(void **state)
{
	struct pw_proc sshd = pol_proc(612, "sshd", "/usr/sbin/sshd");
	struct pw_proc pg = pol_proc(800, "postgres", "/usr/lib/postgresql/16/bin/postgres");
	struct pw_proc resolved =
		pol_proc(500, "systemd-resolve", "/usr/lib/systemd/systemd-resolved");
	struct pw_proc chronyd = pol_proc(501, "chronyd", "/usr/sbin/chronyd");
	struct pw_proc nc = pol_proc(4242, "nc", "/usr/bin/nc.openbsd");
	const struct pw_proc *const h_sshd[] = { &sshd };
	size_t len;
	char *text = pol_read(PW_PACKAGING "/policy.example", &len);
	struct pw_services *builtin = pw_services_new();
	struct pw_policy *p;
	unsigned line;
	struct pw_sock k;
	struct pw_policy_subject s = { .sock = &k };
	enum pw_policy_match *matched;

	(void)state;
	assert_non_null(builtin);
	/* The built-in table alone: no /etc/services is needed. */
	p = pol_parse_full(text, len, builtin, __LINE__);
	assert_true(pw_policy_nrules(p) >= 8);
	matched = calloc(pw_policy_nrules(p), sizeof(*matched));
	assert_non_null(matched);

	k = pol_sock(TCP, "0.0.0.0", 23);
	assert_int_equal(pw_policy_judge(p, &s, NULL, &line, NULL, matched), D);
	assert_non_null(strstr(pw_policy_rule_text(p, line), "telnet"));
	/* sshd is required: missing until its listener is judged. */
	assert_int_equal(pw_policy_missing(p, matched, NULL, NULL), 1);
	POL_EXPECT_HELD(p, TCP, "::", 22, A, line_of(p, "sshd"), &sshd);
	k = pol_sock(TCP, "::", 22);
	s.procs = h_sshd;
	s.nprocs = 1;
	assert_int_equal(pw_policy_judge(p, &s, NULL, &line, NULL, matched), A);
	assert_int_equal(pw_policy_missing(p, matched, NULL, NULL), 0);
	POL_EXPECT_HELD(p, TCP, "0.0.0.0", 22, U, 0, &nc);
	POL_EXPECT_HELD(p, TCP, "127.0.0.1", 5432, A, line_of(p, "postgres"), &pg);
	POL_EXPECT_HELD(p, TCP, "::1", 5432, A, line_of(p, "postgres"), &pg);
	POL_EXPECT_HELD(p, TCP, "0.0.0.0", 5432, U, 0, &pg);
	POL_EXPECT_HELD(p, UDP, "127.0.0.53", 53, A, line_of(p, "udp 127.0.0.0/8:domain"),
			&resolved);
	POL_EXPECT_HELD(p, TCP, "127.0.0.54", 53, A, line_of(p, "tcp 127.0.0.0/8:domain"),
			&resolved);
	POL_EXPECT_HELD(p, UDP, "0.0.0.0", 53, U, 0, &resolved);
	POL_EXPECT_HELD(p, UDP, "127.0.0.1", 323, A, line_of(p, "loopback:323"), &chronyd);
	/* A client's UNCONN socket on an ephemeral port: its process only. */
	POL_EXPECT_HELD(p, UDP, "0.0.0.0", 45678, A, line_of(p, "ephemeral process=chronyd"),
			&chronyd);
	POL_EXPECT_HELD(p, UDP, "0.0.0.0", 45678, U, 0, &nc);
	POL_EXPECT_HELD(p, TCP, "0.0.0.0", 8080, U, 0, &nc);
	free(matched);
	pw_policy_free(p);
	pw_services_free(builtin);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(free_accepts_null),
		cmocka_unit_test(each_protocol_matches_its_own_sockets_only),
		cmocka_unit_test(any_protocol_matches_all_five),
		cmocka_unit_test(proto_line_is_the_first_line_naming_the_protocol),
		cmocka_unit_test(rule_scope_gives_its_protocols_and_family),
		cmocka_unit_test(star_matches_every_address),
		cmocka_unit_test(ipv4_address_matches_itself_only),
		cmocka_unit_test(ipv6_address_matches_itself_only),
		cmocka_unit_test(ipv4_cidr_matches_its_network),
		cmocka_unit_test(ipv6_cidr_matches_its_network_in_both_spellings),
		cmocka_unit_test(loopback_is_127_slash_8_and_ipv6_one),
		cmocka_unit_test(ipv4_mapped_listeners_count_as_ipv4),
		cmocka_unit_test(wildcard_listeners_match_star_only),
		cmocka_unit_test(port_number_range_and_star),
		cmocka_unit_test(ephemeral_is_the_host_range_minus_reserved),
		cmocka_unit_test(raw_sockets_match_numbers_only),
		cmocka_unit_test(user_matches_the_socket_uid_by_number_or_name),
		cmocka_unit_test(netns_matches_the_namespace_name),
		cmocka_unit_test(a_namespace_without_a_name_matches_no_netns_rule),
		cmocka_unit_test(process_matches_comm_or_exe_basename),
		cmocka_unit_test(deleted_suffix_of_an_upgraded_exe_is_ignored),
		cmocka_unit_test(exe_matches_the_whole_path),
		cmocka_unit_test(process_and_exe_match_any_single_holder),
		cmocka_unit_test(owner_rules_never_match_without_holders),
		cmocka_unit_test(maybe_deny_before_an_allow_is_an_unsure_deny),
		cmocka_unit_test(maybe_allow_before_the_end_is_an_unsure_unexpected),
		cmocka_unit_test(maybe_allow_before_a_deny_is_an_unsure_deny),
		cmocka_unit_test(maybe_deny_before_a_deny_or_the_end_is_sure),
		cmocka_unit_test(maybe_allow_before_an_allow_is_sure),
		cmocka_unit_test(maybe_rules_of_both_actions_before_an_allow),
		cmocka_unit_test(owner_rule_failing_another_part_is_no_maybe),
		cmocka_unit_test(seen_holder_matches_for_sure_among_unseen_ones),
		cmocka_unit_test(first_matching_rule_wins),
		cmocka_unit_test(missing_lists_required_rules_no_listener_matched),
		cmocka_unit_test(required_rule_counts_even_when_an_earlier_rule_decides),
		cmocka_unit_test(required_rule_maybe_matched_is_missing_unsure),
		cmocka_unit_test(missing_callback_error_stops_the_walk),
		cmocka_unit_test(many_required_rules_are_all_tracked),
		cmocka_unit_test(example_policy_parses_and_judges_a_typical_server),
	};

	return cmocka_run_group_tests(tests, pol_group_setup, pol_group_teardown);
}
