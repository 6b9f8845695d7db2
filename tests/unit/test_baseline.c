/* SPDX-License-Identifier: MIT */
/* Unit tests of baseline.c: identities across restarts, the ephemeral UDP rule, sets and diff. */
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

#include "baselinefix.h"

/* --- builders ---------------------------------------------------------------- */

/* The identity of a socket built by bl_sock_at, held by p in netns. */
static struct pw_baseline_entry ident_at(unsigned proto, const char *addr, uint16_t port,
					 const struct pw_proc *p, const char *netns,
					 bool ephemeral_port)
{
	struct pw_sock s = bl_sock_at(proto, addr, port);

	return bl_ident(&s, p, netns, ephemeral_port);
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

/* a and b are different identities, ordered consistently both ways. */
static void assert_differ(const struct pw_baseline_entry *a, const struct pw_baseline_entry *b)
{
	int ab = pw_baseline_entry_cmp(a, b), ba = pw_baseline_entry_cmp(b, a);

	assert_int_not_equal(ab, 0);
	assert_int_equal(sign(ab), -sign(ba));
}

/* --- identity ---------------------------------------------------------------- */

static void restarted_daemon_has_the_same_identity(void **state)
{
	struct pw_sock before = bl_sock_at(PW_PROTO_TCP, "0.0.0.0", 22);
	struct pw_sock after = before;
	struct pw_proc p1 = bl_proc_of(812, "sshd", "/usr/sbin/sshd");
	struct pw_proc p2 = bl_proc_of(30991, "sshd", "/usr/sbin/sshd");
	struct pw_baseline_entry a, b;

	(void)state;
	after.cookie = 0xdeadbeef;
	after.inode = 998877;
	after.uid = 1000;
	after.rqueue = 5;
	p2.uid = 1000;
	p2.cmdline = (char *)"sshd -D -p 22";
	p2.unit = NULL;
	a = bl_ident(&before, &p1, NULL, false);
	b = bl_ident(&after, &p2, NULL, false);
	assert_int_equal(pw_baseline_entry_cmp(&a, &b), 0);
	assert_int_equal(a.proto, PW_PROTO_TCP);
	assert_int_equal(a.family, AF_INET);
	assert_string_equal(a.addr, "0.0.0.0");
	assert_int_equal(a.port, 22);
	assert_false(a.ephemeral);
	assert_string_equal(a.process, "sshd");
	assert_string_equal(a.exe, "/usr/sbin/sshd");
	assert_null(a.netns);
	assert_int_equal(a.ref, 0);
	pw_baseline_entry_fini(&a);
	pw_baseline_entry_fini(&b);
}

static void identity_differs_by_every_identifying_field(void **state)
{
	struct pw_proc sshd = bl_proc_of(1, "sshd", "/usr/sbin/sshd");
	struct pw_proc other_comm = bl_proc_of(1, "dropbear", "/usr/sbin/sshd");
	struct pw_proc other_exe = bl_proc_of(1, "sshd", "/opt/sshd");
	struct pw_proc no_comm = bl_proc_of(1, NULL, "/usr/sbin/sshd");
	struct pw_proc no_exe = bl_proc_of(1, "sshd", NULL);
	struct pw_sock s = bl_sock_at(PW_PROTO_TCP, "0.0.0.0", 22);
	struct pw_baseline_entry base = bl_ident(&s, &sshd, NULL, false);
	struct pw_baseline_entry others[] = {
		ident_at(PW_PROTO_UDP, "0.0.0.0", 22, &sshd, NULL, false),
		ident_at(PW_PROTO_SCTP, "0.0.0.0", 22, &sshd, NULL, false),
		ident_at(PW_PROTO_TCP, "127.0.0.1", 22, &sshd, NULL, false),
		ident_at(PW_PROTO_TCP, "::", 22, &sshd, NULL, false),
		ident_at(PW_PROTO_TCP, "0.0.0.0", 2222, &sshd, NULL, false),
		bl_ident(&s, &other_comm, NULL, false),
		bl_ident(&s, &other_exe, NULL, false),
		bl_ident(&s, &no_comm, NULL, false),
		bl_ident(&s, &no_exe, NULL, false),
		bl_ident(&s, NULL, NULL, false),
		bl_ident(&s, &sshd, "blue", false),
		bl_ident(&s, &sshd, "", false),
	};
	struct pw_baseline_entry blue = bl_ident(&s, &sshd, "blue", false);
	struct pw_baseline_entry red = bl_ident(&s, &sshd, "red", false);

	(void)state;
	for (size_t i = 0; i < PW_ARRAY_SIZE(others); i++) {
		assert_differ(&base, &others[i]);
		for (size_t k = 0; k < i; k++)
			assert_differ(&others[k], &others[i]);
	}
	assert_differ(&blue, &red);
	for (size_t i = 0; i < PW_ARRAY_SIZE(others); i++)
		pw_baseline_entry_fini(&others[i]);
	pw_baseline_entry_fini(&base);
	pw_baseline_entry_fini(&blue);
	pw_baseline_entry_fini(&red);
}

static void the_holder_that_names_a_listener_is_chosen_by_name_not_pid(void **state)
{
	struct pw_proc init = bl_proc_of(1, "systemd", "/usr/lib/systemd/systemd");
	struct pw_proc daemon = bl_proc_of(46, "cockpit-ws", "/usr/libexec/cockpit-ws");
	struct pw_proc master = bl_proc_of(900, "master", "/usr/lib/postfix/sbin/master");
	struct pw_proc smtpd = bl_proc_of(100, "smtpd", "/usr/lib/postfix/sbin/smtpd");
	struct pw_proc nameless = bl_proc_of(7, NULL, NULL);
	const struct pw_proc *alone[] = { &init };
	const struct pw_proc *activated[] = { &init, &daemon };
	const struct pw_proc *worker_first[] = { &smtpd, &master, &nameless };
	const struct pw_proc *master_first[] = { &nameless, &master, &smtpd };

	(void)state;
	assert_null(pw_baseline_holder(NULL, 0));
	/* PID 1 only when it is the only holder. */
	assert_ptr_equal(pw_baseline_holder(alone, 1), &init);
	assert_ptr_equal(pw_baseline_holder(activated, 2), &daemon);
	activated[0] = &daemon;
	activated[1] = &init;
	assert_ptr_equal(pw_baseline_holder(activated, 2), &daemon);
	/* Not the lowest pid, nor the first listed: the first name; an unknown one last. */
	assert_ptr_equal(pw_baseline_holder(worker_first, 3), &master);
	assert_ptr_equal(pw_baseline_holder(master_first, 3), &master);
}

static void a_listener_records_every_holder_once(void **state)
{
	struct pw_proc master = bl_proc_of(10, "nginx", "/usr/sbin/nginx");
	struct pw_proc worker = bl_proc_of(11, "nginx-worker", "/usr/sbin/nginx");
	struct pw_proc worker2 = bl_proc_of(12, "nginx-worker", "/usr/sbin/nginx (deleted)");
	struct pw_proc twin = bl_proc_of(13, "nginx", "/usr/sbin/nginx");
	const struct pw_proc *procs[] = { &worker2, &twin, &worker, &master };
	struct pw_sock s = bl_sock_at(PW_PROTO_TCP, "::", 443);
	struct pw_baseline_entry e = bl_ident_n(&s, procs, 4);

	(void)state;
	assert_string_equal(e.process, "nginx");
	assert_string_equal(e.exe, "/usr/sbin/nginx");
	assert_int_equal(e.nothers, 1);
	assert_string_equal(e.others[0].process, "nginx-worker");
	assert_string_equal(e.others[0].exe, "/usr/sbin/nginx");
	assert_string_equal(e.addr, "::");
	assert_int_equal(e.family, AF_INET6);
	pw_baseline_entry_fini(&e);
	e = bl_ident_n(&s, procs + 3, 1);
	assert_int_equal(e.nothers, 0);
	assert_null(e.others);
	pw_baseline_entry_fini(&e);
}

static void unknown_holder_and_host_namespace_are_null(void **state)
{
	struct pw_sock s = bl_sock_at(PW_PROTO_UDP, "192.0.2.7", 514);
	struct pw_proc p = bl_proc_of(5, NULL, NULL);
	struct pw_baseline_entry none = bl_ident(&s, NULL, NULL, false);
	struct pw_baseline_entry unreadable = bl_ident(&s, &p, NULL, false);

	(void)state;
	assert_null(none.process);
	assert_null(none.exe);
	assert_null(none.netns);
	assert_string_equal(none.addr, "192.0.2.7");
	assert_null(unreadable.process);
	assert_null(unreadable.exe);
	assert_int_equal(pw_baseline_entry_cmp(&none, &unreadable), 0);
	pw_baseline_entry_fini(&none);
	pw_baseline_entry_fini(&unreadable);
}

static void deleted_exe_suffix_is_dropped(void **state)
{
	static const struct {
		const char *exe, *want;
	} cases[] = {
		{ "/usr/sbin/sshd (deleted)", "/usr/sbin/sshd" },
		{ "/usr/sbin/sshd", "/usr/sbin/sshd" },
		{ "/a (deleted) (deleted)", "/a (deleted)" },
		{ "/a (deleted)/b", "/a (deleted)/b" },
		{ " (deleted)", " (deleted)" },
		{ "x (deleted)", "x" },
		{ "/a (Deleted)", "/a (Deleted)" },
	};
	struct pw_sock s = bl_sock_at(PW_PROTO_TCP, "0.0.0.0", 22);

	(void)state;
	for (size_t i = 0; i < PW_ARRAY_SIZE(cases); i++) {
		struct pw_proc p = bl_proc_of(1, "sshd", cases[i].exe);
		struct pw_baseline_entry e = bl_ident(&s, &p, NULL, false);

		assert_string_equal(e.exe, cases[i].want);
		pw_baseline_entry_fini(&e);
	}
}

static void upgraded_binary_is_the_same_listener(void **state)
{
	struct pw_sock s = bl_sock_at(PW_PROTO_TCP, "0.0.0.0", 22);
	struct pw_proc old = bl_proc_of(1, "sshd", "/usr/sbin/sshd (deleted)");
	struct pw_proc fresh = bl_proc_of(2, "sshd", "/usr/sbin/sshd");
	struct pw_baseline_entry a = bl_ident(&s, &old, NULL, false);
	struct pw_baseline_entry b = bl_ident(&s, &fresh, NULL, false);

	(void)state;
	assert_int_equal(pw_baseline_entry_cmp(&a, &b), 0);
	pw_baseline_entry_fini(&a);
	pw_baseline_entry_fini(&b);
}

static void invalid_utf8_is_replaced_per_byte(void **state)
{
	struct pw_sock s = bl_sock_at(PW_PROTO_TCP, "0.0.0.0", 80);
	struct pw_proc p = bl_proc_of(1,
				      "a\xff"
				      "b",
				      "/opt/\xc0\x80x/caf\xc3\xa9");
	struct pw_baseline_entry e = bl_ident(&s, &p, "ns\xed\xa0\x80", false);

	(void)state;
	assert_string_equal(e.process, "a\xef\xbf\xbd"
				       "b");
	/* An overlong form is two bad bytes; valid UTF-8 stays. */
	assert_string_equal(e.exe, "/opt/\xef\xbf\xbd\xef\xbf\xbdx/caf\xc3\xa9");
	assert_string_equal(e.netns, "ns\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	pw_baseline_entry_fini(&e);
}

static void replaced_strings_match_after_a_trip_through_the_file(void **state)
{
	struct pw_sock s = bl_sock_at(PW_PROTO_TCP, "0.0.0.0", 80);
	struct pw_proc p = bl_proc_of(1, "a\xff\x01\"\\\n\x7f", "/opt/\xc0\x80x\t(deleted)");
	struct pw_baseline *b = pw_baseline_new(), *back = NULL;
	struct pw_baseline_entry e = bl_ident(&s, &p, "ns\xf5", false), key;
	struct pw_error err;
	char *text;

	(void)state;
	key = bl_ident(&s, &p, "ns\xf5", false);
	pw_baseline_add(b, &e);
	text = bl_write_str(b, NULL, NULL, NULL);
	assert_int_equal(bl_parse(text, &back, &err), 0);
	assert_int_equal(back->n, 1);
	assert_non_null(pw_baseline_find(back, &key));
	assert_int_equal(pw_baseline_entry_cmp(&back->entries[0], &b->entries[0]), 0);
	pw_baseline_entry_fini(&key);
	pw_baseline_free(back);
	pw_baseline_free(b);
	free(text);
}

/* Every byte of s starts a well-formed UTF-8 sequence. */
static void assert_utf8(const char *s)
{
	size_t len = strlen(s);

	for (size_t i = 0, n; i < len; i += n) {
		n = pw_utf8_seq_len((const unsigned char *)s + i, len - i);
		assert_true(n > 0);
	}
}

static void long_strings_are_cut_to_what_the_file_takes(void **state)
{
	size_t n = 2 * PW_BASELINE_STR_MAX;
	char *bad = malloc(n + 1), *good = malloc(n + 1), *path = malloc(4096);
	struct pw_sock s = bl_sock_at(PW_PROTO_TCP, "0.0.0.0", 80);
	struct pw_baseline *b = pw_baseline_new(), *back = NULL;
	struct pw_baseline_entry e;
	struct pw_error err;
	struct pw_proc p;
	char *text;

	(void)state;
	assert_non_null(bad);
	assert_non_null(good);
	assert_non_null(path);
	memset(bad, 0xff, n);
	bad[n] = '\0';
	/* 'a' then "é"s: a cut must not split a character. */
	good[0] = 'a';
	for (size_t i = 1; i + 1 < n; i += 2)
		memcpy(good + i, "\xc3\xa9", 2);
	good[n - 1] = '\0';
	/* A PATH_MAX path, every byte invalid: tripled, it still fits whole. */
	memset(path, 0x80, 4095);
	path[4095] = '\0';

	p = bl_proc_of(1, bad, good);
	e = bl_ident(&s, &p, path, false);
	assert_int_equal(strlen(e.process), PW_BASELINE_STR_MAX);
	assert_utf8(e.process);
	assert_int_equal(strlen(e.exe), PW_BASELINE_STR_MAX - 1);
	assert_utf8(e.exe);
	assert_memory_equal(e.exe, good, PW_BASELINE_STR_MAX - 1);
	assert_int_equal(strlen(e.netns), 3 * 4095);
	pw_baseline_add(b, &e);
	text = bl_write_str(b, NULL, NULL, NULL);
	assert_int_equal(bl_parse(text, &back, &err), 0);
	assert_int_equal(back->n, 1);
	assert_int_equal(pw_baseline_entry_cmp(&back->entries[0], &b->entries[0]), 0);
	free(text);
	pw_baseline_free(back);
	pw_baseline_free(b);
	free(bad);
	free(good);
	free(path);
}

static void unknown_protocol_or_family_is_refused_and_leaves_e_empty(void **state)
{
	struct pw_sock s = bl_sock_at(PW_PROTO_TCP, "0.0.0.0", 22);
	struct pw_proc p = bl_proc_of(1, "sshd", "/usr/sbin/sshd");
	const struct pw_proc *procs[1] = { &p };
	struct pw_baseline_entry e, zero;

	(void)state;
	memset(&zero, 0, sizeof(zero));
	s.proto = PW_PROTO_COUNT;
	memset(&e, 0x5a, sizeof(e));
	assert_int_equal(pw_baseline_from_sock(&e, &s, procs, 1, "ns", true), -EINVAL);
	assert_memory_equal(&e, &zero, sizeof(e));
	s.proto = PW_PROTO_TCP;
	s.family = AF_UNIX;
	memset(&e, 0x5a, sizeof(e));
	assert_int_equal(pw_baseline_from_sock(&e, &s, procs, 1, "ns", false), -EINVAL);
	assert_memory_equal(&e, &zero, sizeof(e));
}

/* --- the ephemeral UDP rule ---------------------------------------------------- */

static void udp_clients_on_ephemeral_ports_share_an_identity(void **state)
{
	struct pw_proc p = bl_proc_of(700, "systemd-resolve", "/usr/lib/systemd/systemd-resolved");
	struct pw_baseline_entry a = ident_at(PW_PROTO_UDP, "0.0.0.0", 40001, &p, NULL, true);
	struct pw_baseline_entry b = ident_at(PW_PROTO_UDP, "0.0.0.0", 51234, &p, NULL, true);

	(void)state;
	assert_true(a.ephemeral);
	assert_int_equal(a.port, 0);
	assert_true(b.ephemeral);
	assert_int_equal(pw_baseline_entry_cmp(&a, &b), 0);
	pw_baseline_entry_fini(&a);
	pw_baseline_entry_fini(&b);
}

static void udplite_clients_follow_the_udp_rule(void **state)
{
	struct pw_proc p = bl_proc_of(700, "client", "/usr/bin/client");
	struct pw_baseline_entry a = ident_at(PW_PROTO_UDPLITE, "::", 33000, &p, NULL, true);
	struct pw_baseline_entry b = ident_at(PW_PROTO_UDPLITE, "::", 60999, &p, NULL, true);
	struct pw_baseline_entry c = ident_at(PW_PROTO_UDP, "::", 33000, &p, NULL, true);

	(void)state;
	assert_true(a.ephemeral);
	assert_int_equal(a.port, 0);
	assert_int_equal(pw_baseline_entry_cmp(&a, &b), 0);
	/* The class replaces the number, not the protocol. */
	assert_differ(&a, &c);
	pw_baseline_entry_fini(&a);
	pw_baseline_entry_fini(&b);
	pw_baseline_entry_fini(&c);
}

static void other_protocols_on_ephemeral_ports_keep_their_number(void **state)
{
	static const unsigned protos[] = { PW_PROTO_TCP, PW_PROTO_SCTP, PW_PROTO_RAW };
	struct pw_proc p = bl_proc_of(900, "java", "/usr/bin/java");

	(void)state;
	for (size_t i = 0; i < PW_ARRAY_SIZE(protos); i++) {
		struct pw_baseline_entry a = ident_at(protos[i], "0.0.0.0", 40001, &p, NULL, true);
		struct pw_baseline_entry b = ident_at(protos[i], "0.0.0.0", 51234, &p, NULL, true);

		assert_false(a.ephemeral);
		assert_int_equal(a.port, 40001);
		assert_int_equal(b.port, 51234);
		assert_differ(&a, &b);
		pw_baseline_entry_fini(&a);
		pw_baseline_entry_fini(&b);
	}
}

static void udp_outside_the_ephemeral_range_keeps_its_number(void **state)
{
	struct pw_proc p = bl_proc_of(1, "named", "/usr/sbin/named");
	struct pw_baseline_entry fixed = ident_at(PW_PROTO_UDP, "0.0.0.0", 53, &p, NULL, false);
	struct pw_baseline_entry eph = ident_at(PW_PROTO_UDP, "0.0.0.0", 53, &p, NULL, true);
	struct pw_baseline_entry port0 = ident_at(PW_PROTO_UDP, "0.0.0.0", 0, &p, NULL, false);

	(void)state;
	assert_false(fixed.ephemeral);
	assert_int_equal(fixed.port, 53);
	assert_differ(&fixed, &eph);
	/* Port 0 and the ephemeral class are different identities. */
	assert_int_equal(port0.port, eph.port);
	assert_differ(&port0, &eph);
	pw_baseline_entry_fini(&fixed);
	pw_baseline_entry_fini(&eph);
	pw_baseline_entry_fini(&port0);
}

static void ephemeral_identities_still_differ_by_process_address_and_netns(void **state)
{
	struct pw_proc a = bl_proc_of(1, "chronyd", "/usr/sbin/chronyd");
	struct pw_proc b = bl_proc_of(2, "ntpd", "/usr/sbin/ntpd");
	struct pw_baseline_entry base = ident_at(PW_PROTO_UDP, "0.0.0.0", 45000, &a, NULL, true);
	struct pw_baseline_entry others[] = {
		ident_at(PW_PROTO_UDP, "0.0.0.0", 45000, &b, NULL, true),
		ident_at(PW_PROTO_UDP, "127.0.0.1", 45000, &a, NULL, true),
		ident_at(PW_PROTO_UDP, "0.0.0.0", 45000, &a, "blue", true),
	};

	(void)state;
	for (size_t i = 0; i < PW_ARRAY_SIZE(others); i++) {
		assert_differ(&base, &others[i]);
		pw_baseline_entry_fini(&others[i]);
	}
	pw_baseline_entry_fini(&base);
}

static void ephemeral_ports_sort_after_numbered_ones_of_their_protocol(void **state)
{
	struct pw_proc p = bl_proc_of(1, "x", "/x");
	struct pw_baseline_entry h = ident_at(PW_PROTO_UDP, "0.0.0.0", 65535, &p, NULL, false);
	struct pw_baseline_entry e = ident_at(PW_PROTO_UDP, "0.0.0.0", 40000, &p, NULL, true);
	struct pw_baseline_entry l = ident_at(PW_PROTO_UDPLITE, "0.0.0.0", 1, &p, NULL, false);

	(void)state;
	assert_true(pw_baseline_entry_cmp(&h, &e) < 0);
	assert_true(pw_baseline_entry_cmp(&e, &l) < 0);
	pw_baseline_entry_fini(&h);
	pw_baseline_entry_fini(&e);
	pw_baseline_entry_fini(&l);
}

/* --- sets: add, sort, find ----------------------------------------------------- */

static void assert_strictly_ordered(const struct pw_baseline *b)
{
	assert_true(b->sorted);
	for (size_t i = 1; i < b->n; i++)
		assert_true(pw_baseline_entry_cmp(&b->entries[i - 1], &b->entries[i]) < 0);
}

static void sort_orders_and_drops_duplicates_keeping_the_lowest_ref(void **state)
{
	struct pw_proc p = bl_proc_of(1, "sshd", "/usr/sbin/sshd");
	struct pw_proc q = bl_proc_of(2, "nginx", "/usr/sbin/nginx");
	struct pw_sock ssh = bl_sock_at(PW_PROTO_TCP, "0.0.0.0", 22);
	struct pw_sock web = bl_sock_at(PW_PROTO_TCP, "::", 80);
	struct pw_sock dns = bl_sock_at(PW_PROTO_UDP, "0.0.0.0", 41000);
	struct pw_sock dns2 = bl_sock_at(PW_PROTO_UDP, "0.0.0.0", 42000);
	struct pw_baseline *b = pw_baseline_new();

	(void)state;
	assert_true(b->sorted);
	bl_add_sock(b, &web, &q, NULL, false, 5);
	assert_true(b->sorted);
	bl_add_sock(b, &ssh, &p, NULL, false, 7);
	assert_false(b->sorted);
	bl_add_sock(b, &dns, &q, NULL, true, 9);
	bl_add_sock(b, &ssh, &p, NULL, false, 3);
	bl_add_sock(b, &dns2, &q, NULL, true, 2);
	bl_add_sock(b, &ssh, &p, NULL, false, 8);
	bl_add_sock(b, &ssh, &p, "blue", false, 1);
	assert_int_equal(b->n, 7);
	pw_baseline_sort(b);
	assert_int_equal(b->n, 4);
	assert_strictly_ordered(b);
	/* Host namespace first; tcp 22, tcp 80, udp ephemeral; then blue. */
	assert_int_equal(b->entries[0].port, 22);
	assert_null(b->entries[0].netns);
	assert_int_equal(b->entries[0].ref, 3);
	assert_int_equal(b->entries[1].port, 80);
	assert_int_equal(b->entries[1].ref, 5);
	assert_true(b->entries[2].ephemeral);
	assert_int_equal(b->entries[2].ref, 2);
	assert_string_equal(b->entries[3].netns, "blue");
	assert_int_equal(b->entries[3].ref, 1);
	pw_baseline_free(b);
}

static void sort_keeps_a_set_without_duplicates_whole(void **state)
{
	struct pw_baseline *b = pw_baseline_new();
	struct pw_proc p = bl_proc_of(1, "d", "/d");

	(void)state;
	for (unsigned i = 0; i < 143; i++) {
		unsigned port = 1000 - 7 * i;
		struct pw_sock s = bl_sock_at(port % 2 ? PW_PROTO_UDP : PW_PROTO_TCP, "10.0.0.1",
					      (uint16_t)port);

		bl_add_sock(b, &s, &p, NULL, false, port);
	}
	pw_baseline_sort(b);
	assert_int_equal(b->n, 143);
	assert_strictly_ordered(b);
	pw_baseline_free(b);
}

static void find_looks_up_by_identity(void **state)
{
	struct pw_proc p = bl_proc_of(1, "sshd", "/usr/sbin/sshd");
	struct pw_proc restarted = bl_proc_of(4242, "sshd", "/usr/sbin/sshd (deleted)");
	struct pw_proc r = bl_proc_of(3, "resolved", "/lib/resolved");
	struct pw_sock ssh = bl_sock_at(PW_PROTO_TCP, "0.0.0.0", 22);
	struct pw_sock web = bl_sock_at(PW_PROTO_TCP, "0.0.0.0", 80);
	struct pw_sock dns = bl_sock_at(PW_PROTO_UDP, "127.0.0.53", 40000);
	struct pw_sock dns_later = bl_sock_at(PW_PROTO_UDP, "127.0.0.53", 58000);
	struct pw_baseline *b = pw_baseline_new(), *empty = pw_baseline_new();
	struct pw_baseline_entry k1 = bl_ident(&ssh, &restarted, NULL, false);
	struct pw_baseline_entry k2 = bl_ident(&web, &p, NULL, false);
	struct pw_baseline_entry k3 = bl_ident(&dns_later, &r, NULL, true);
	const struct pw_baseline_entry *hit;

	(void)state;
	bl_add_sock(b, &ssh, &p, NULL, false, 11);
	bl_add_sock(b, &dns, &r, NULL, true, 12);
	pw_baseline_sort(b);
	hit = pw_baseline_find(b, &k1);
	assert_non_null(hit);
	assert_true(hit >= b->entries && hit < b->entries + b->n);
	assert_int_equal(hit->ref, 11);
	assert_null(pw_baseline_find(b, &k2));
	hit = pw_baseline_find(b, &k3);
	assert_non_null(hit);
	assert_int_equal(hit->ref, 12);
	assert_null(pw_baseline_find(empty, &k1));
	pw_baseline_entry_fini(&k1);
	pw_baseline_entry_fini(&k2);
	pw_baseline_entry_fini(&k3);
	pw_baseline_free(b);
	pw_baseline_free(empty);
}

static void free_and_fini_accept_null(void **state)
{
	(void)state;
	pw_baseline_free(NULL);
	pw_baseline_entry_fini(NULL);
}

/* --- diff ------------------------------------------------------------------------ */

static void diff_reports_added_and_removed_in_identity_order(void **state)
{
	struct pw_proc sshd = bl_proc_of(1, "sshd", "/usr/sbin/sshd");
	struct pw_proc nc = bl_proc_of(2, "nc", "/usr/bin/nc");
	struct pw_sock ssh = bl_sock_at(PW_PROTO_TCP, "0.0.0.0", 22);
	struct pw_sock ssh6 = bl_sock_at(PW_PROTO_TCP, "::", 22);
	struct pw_sock back = bl_sock_at(PW_PROTO_TCP, "0.0.0.0", 4444);
	struct pw_sock dns = bl_sock_at(PW_PROTO_UDP, "0.0.0.0", 53);
	struct pw_baseline *old = pw_baseline_new(), *now = pw_baseline_new();
	struct bl_diff_log log = { 0 };

	(void)state;
	bl_add_sock(old, &ssh, &sshd, NULL, false, 0);
	bl_add_sock(old, &ssh6, &sshd, NULL, false, 0);
	bl_add_sock(old, &dns, &nc, NULL, false, 0);
	bl_add_sock(now, &ssh, &sshd, NULL, false, 0);
	bl_add_sock(now, &back, &nc, NULL, false, 0);
	bl_add_sock(now, &dns, &nc, "blue", false, 0);
	pw_baseline_sort(old);
	pw_baseline_sort(now);
	assert_int_equal(pw_baseline_diff(old, now, bl_diff_added, bl_diff_removed, &log), 0);
	assert_int_equal(log.added, 2);
	assert_int_equal(log.removed, 2);
	assert_string_equal(log.text, "-tcp/::/22/sshd//usr/sbin/sshd/-\n"
				      "+tcp/0.0.0.0/4444/nc//usr/bin/nc/-\n"
				      "-udp/0.0.0.0/53/nc//usr/bin/nc/-\n"
				      "+udp/0.0.0.0/53/nc//usr/bin/nc/blue\n");
	pw_baseline_free(old);
	pw_baseline_free(now);
}

static void diff_of_a_restarted_host_is_empty(void **state)
{
	struct pw_baseline *old = bl_host_set(100, 40123, 1000);
	struct pw_baseline *now = bl_host_set(9000, 57001, 777777);
	struct bl_diff_log log = { 0 };

	(void)state;
	assert_int_equal(old->n, 4);
	assert_int_equal(pw_baseline_diff(old, now, bl_diff_added, bl_diff_removed, &log), 0);
	assert_int_equal(log.added + log.removed, 0);
	assert_string_equal(log.text, "");
	pw_baseline_free(old);
	pw_baseline_free(now);
}

static void diff_against_an_empty_set_reports_everything(void **state)
{
	struct pw_baseline *full = bl_host_set(1, 40000, 1), *empty = pw_baseline_new();
	struct pw_baseline *empty2 = pw_baseline_new();
	struct bl_diff_log log = { 0 };

	(void)state;
	assert_int_equal(pw_baseline_diff(empty, full, bl_diff_added, bl_diff_removed, &log), 0);
	assert_int_equal(log.added, 4);
	assert_int_equal(log.removed, 0);
	memset(&log, 0, sizeof(log));
	assert_int_equal(pw_baseline_diff(full, empty, bl_diff_added, bl_diff_removed, &log), 0);
	assert_int_equal(log.added, 0);
	assert_int_equal(log.removed, 4);
	assert_non_null(strstr(log.text, "-udp/127.0.0.53/eph/systemd-resolve/"));
	memset(&log, 0, sizeof(log));
	assert_int_equal(pw_baseline_diff(empty, empty2, bl_diff_added, bl_diff_removed, &log), 0);
	assert_int_equal(log.added + log.removed, 0);
	/* Either callback may be left out. */
	assert_int_equal(pw_baseline_diff(full, empty, bl_diff_added, NULL, &log), 0);
	assert_int_equal(pw_baseline_diff(empty, full, NULL, bl_diff_removed, &log), 0);
	assert_int_equal(log.added + log.removed, 0);
	pw_baseline_free(full);
	pw_baseline_free(empty);
	pw_baseline_free(empty2);
}

static void diff_stops_at_the_first_non_zero_callback(void **state)
{
	struct pw_baseline *full = bl_host_set(1, 40000, 1), *empty = pw_baseline_new();
	struct bl_diff_log log = { .stop_at = 2 };

	(void)state;
	assert_int_equal(pw_baseline_diff(empty, full, bl_diff_added, bl_diff_removed, &log), 42);
	assert_int_equal(log.added, 2);
	pw_baseline_free(full);
	pw_baseline_free(empty);
}

/* A set of the one listener s held by procs[0..n). */
static struct pw_baseline *held_set(const struct pw_sock *s, const struct pw_proc *const *procs,
				    size_t n)
{
	struct pw_baseline *b = pw_baseline_new();
	struct pw_baseline_entry e = bl_ident_n(s, procs, n);

	pw_baseline_add(b, &e);
	pw_baseline_sort(b);
	return b;
}

/* Socket activation: PID 1 holds the socket alone, then with the daemon it started. */
static void a_daemon_joining_or_leaving_pid_1_is_the_same_listener(void **state)
{
	struct pw_proc init = bl_proc_of(1, "systemd", "/usr/lib/systemd/systemd");
	struct pw_proc daemon = bl_proc_of(46, "cockpit-ws", "/usr/libexec/cockpit-ws");
	const struct pw_proc *idle[] = { &init };
	const struct pw_proc *busy[] = { &daemon, &init };
	struct pw_sock s = bl_sock_at(PW_PROTO_TCP, "::", 9090);
	struct pw_baseline *before = held_set(&s, idle, 1), *after = held_set(&s, busy, 2);

	(void)state;
	assert_string_equal(before->entries[0].process, "systemd");
	assert_string_equal(after->entries[0].process, "cockpit-ws");
	assert_int_equal(after->entries[0].nothers, 1);
	assert_string_equal(after->entries[0].others[0].process, "systemd");
	/* The snapshot taken idle, the check busy; and the other way round. */
	bl_assert_same_listeners(before, after);
	bl_assert_same_listeners(after, before);
	pw_baseline_free(before);
	pw_baseline_free(after);
}

/* A master and a worker of another name share a listener; pids wrap. */
static void a_worker_with_a_lower_pid_than_its_master_changes_nothing(void **state)
{
	struct pw_proc master = bl_proc_of(900, "master", "/usr/lib/postfix/sbin/master");
	struct pw_proc smtpd = bl_proc_of(1200, "smtpd", "/usr/lib/postfix/sbin/smtpd");
	struct pw_proc master2 = bl_proc_of(31000, "master", "/usr/lib/postfix/sbin/master");
	struct pw_proc smtpd2 = bl_proc_of(300, "smtpd", "/usr/lib/postfix/sbin/smtpd");
	const struct pw_proc *then[] = { &master, &smtpd };
	const struct pw_proc *wrapped[] = { &smtpd2, &master2 };
	const struct pw_proc *master_alone[] = { &master2 };
	struct pw_sock s = bl_sock_at(PW_PROTO_TCP, "0.0.0.0", 25);
	struct pw_baseline *old = held_set(&s, then, 2), *now = held_set(&s, wrapped, 2);
	struct pw_baseline *idle = held_set(&s, master_alone, 1);

	(void)state;
	assert_int_equal(pw_baseline_entry_cmp(&old->entries[0], &now->entries[0]), 0);
	assert_string_equal(now->entries[0].process, "master");
	bl_assert_same_listeners(old, now);
	/* No smtpd running at the moment: master still holds it. */
	bl_assert_same_listeners(old, idle);
	pw_baseline_free(old);
	pw_baseline_free(now);
	pw_baseline_free(idle);
}

static void another_holder_on_the_same_endpoint_is_new_and_the_old_one_gone(void **state)
{
	struct pw_proc sshd = bl_proc_of(612, "sshd", "/usr/sbin/sshd");
	struct pw_proc other_exe = bl_proc_of(613, "sshd", "/tmp/sshd");
	struct pw_proc nc = bl_proc_of(700, "nc", "/usr/bin/nc");
	struct pw_proc init = bl_proc_of(1, "systemd", "/usr/lib/systemd/systemd");
	const struct pw_proc *by_sshd[] = { &sshd };
	const struct pw_proc *by_fake[] = { &other_exe, &nc };
	const struct pw_proc *by_init[] = { &init };
	struct pw_sock s = bl_sock_at(PW_PROTO_TCP, "0.0.0.0", 22);
	struct pw_baseline *old = held_set(&s, by_sshd, 1), *now = held_set(&s, by_fake, 2);
	struct pw_baseline *init_only = held_set(&s, by_init, 1);
	struct bl_diff_log log = { 0 };

	(void)state;
	assert_null(pw_baseline_find(old, &now->entries[0]));
	assert_int_equal(pw_baseline_diff(old, now, bl_diff_added, bl_diff_removed, &log), 0);
	assert_string_equal(log.text, "-tcp/0.0.0.0/22/sshd//usr/sbin/sshd/-\n"
				      "+tcp/0.0.0.0/22/nc//usr/bin/nc/-\n");
	memset(&log, 0, sizeof(log));
	assert_int_equal(pw_baseline_diff(old, init_only, bl_diff_added, bl_diff_removed, &log), 0);
	assert_int_equal(log.added + log.removed, 2);
	assert_false(pw_baseline_entry_meets(&old->entries[0], &init_only->entries[0]));
	pw_baseline_free(old);
	pw_baseline_free(now);
	pw_baseline_free(init_only);
}

/*
 * A child that inherited sshd's listening socket and ran another program
 * shares it: the listener is known by its holders, so it is no new one.
 */
static void a_child_sharing_a_known_socket_is_no_new_listener(void **state)
{
	struct pw_proc sshd = bl_proc_of(612, "sshd", "/usr/sbin/sshd");
	struct pw_proc child = bl_proc_of(4000, "backup.sh", "/usr/bin/bash");
	const struct pw_proc *then[] = { &sshd };
	const struct pw_proc *now[] = { &child, &sshd };
	struct pw_sock s = bl_sock_at(PW_PROTO_TCP, "0.0.0.0", 22);
	struct pw_baseline *old = held_set(&s, then, 1), *cur = held_set(&s, now, 2);
	struct bl_diff_log log = { 0 };

	(void)state;
	assert_non_null(pw_baseline_find(old, &cur->entries[0]));
	assert_int_equal(pw_baseline_diff(old, cur, bl_diff_added, bl_diff_removed, &log), 0);
	assert_int_equal(log.added + log.removed, 0);
	pw_baseline_free(old);
	pw_baseline_free(cur);
}

/*
 * A holder whose process could not be read is no holder in common: sshd
 * sharing its socket with an unreadable process is not the listener held
 * by nobody, nor is one named by an unreadable daemon beside PID 1.
 */
static void unknown_holders_meet_only_listeners_without_a_known_holder(void **state)
{
	struct pw_proc sshd = bl_proc_of(612, "sshd", "/usr/sbin/sshd");
	struct pw_proc hidden = bl_proc_of(613, NULL, NULL);
	struct pw_proc init = bl_proc_of(1, "systemd", "/usr/lib/systemd/systemd");
	const struct pw_proc *shared[] = { &sshd, &hidden };
	const struct pw_proc *activated[] = { &init, &hidden };
	struct pw_sock s = bl_sock_at(PW_PROTO_TCP, "0.0.0.0", 22);
	struct pw_baseline_entry with = bl_ident_n(&s, shared, 2);
	struct pw_baseline_entry by_init = bl_ident_n(&s, activated, 2);
	struct pw_baseline_entry nobody = bl_ident(&s, NULL, NULL, false);
	struct pw_baseline_entry unread = bl_ident(&s, &hidden, NULL, false);
	struct pw_baseline_holder untidy[] = { { NULL, NULL } };
	struct pw_baseline_entry filled = with;

	(void)state;
	assert_string_equal(with.process, "sshd");
	assert_int_equal(with.nothers, 0);
	assert_false(pw_baseline_entry_meets(&with, &nobody));
	assert_false(pw_baseline_entry_meets(&nobody, &with));
	assert_null(by_init.process);
	assert_int_equal(by_init.nothers, 1);
	assert_false(pw_baseline_entry_meets(&by_init, &nobody));
	assert_false(pw_baseline_entry_meets(&unread, &by_init));
	assert_true(pw_baseline_entry_meets(&by_init, &by_init));
	assert_true(pw_baseline_entry_meets(&nobody, &unread));
	/* Filled otherwise than by from_sock, and not tidied: still no match on it. */
	filled.others = untidy;
	filled.nothers = 1;
	assert_false(pw_baseline_entry_meets(&filled, &nobody));
	assert_false(pw_baseline_entry_meets(&nobody, &filled));
	unread.others = untidy;
	unread.nothers = 1;
	assert_false(pw_baseline_entry_meets(&filled, &unread));
	unread.others = NULL;
	unread.nothers = 0;
	pw_baseline_entry_fini(&with);
	pw_baseline_entry_fini(&by_init);
	pw_baseline_entry_fini(&nobody);
	pw_baseline_entry_fini(&unread);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(restarted_daemon_has_the_same_identity),
		cmocka_unit_test(identity_differs_by_every_identifying_field),
		cmocka_unit_test(the_holder_that_names_a_listener_is_chosen_by_name_not_pid),
		cmocka_unit_test(a_listener_records_every_holder_once),
		cmocka_unit_test(unknown_holder_and_host_namespace_are_null),
		cmocka_unit_test(deleted_exe_suffix_is_dropped),
		cmocka_unit_test(upgraded_binary_is_the_same_listener),
		cmocka_unit_test(invalid_utf8_is_replaced_per_byte),
		cmocka_unit_test(replaced_strings_match_after_a_trip_through_the_file),
		cmocka_unit_test(long_strings_are_cut_to_what_the_file_takes),
		cmocka_unit_test(unknown_protocol_or_family_is_refused_and_leaves_e_empty),
		cmocka_unit_test(udp_clients_on_ephemeral_ports_share_an_identity),
		cmocka_unit_test(udplite_clients_follow_the_udp_rule),
		cmocka_unit_test(other_protocols_on_ephemeral_ports_keep_their_number),
		cmocka_unit_test(udp_outside_the_ephemeral_range_keeps_its_number),
		cmocka_unit_test(ephemeral_identities_still_differ_by_process_address_and_netns),
		cmocka_unit_test(ephemeral_ports_sort_after_numbered_ones_of_their_protocol),
		cmocka_unit_test(sort_orders_and_drops_duplicates_keeping_the_lowest_ref),
		cmocka_unit_test(sort_keeps_a_set_without_duplicates_whole),
		cmocka_unit_test(find_looks_up_by_identity),
		cmocka_unit_test(free_and_fini_accept_null),
		cmocka_unit_test(diff_reports_added_and_removed_in_identity_order),
		cmocka_unit_test(diff_of_a_restarted_host_is_empty),
		cmocka_unit_test(diff_against_an_empty_set_reports_everything),
		cmocka_unit_test(diff_stops_at_the_first_non_zero_callback),
		cmocka_unit_test(a_daemon_joining_or_leaving_pid_1_is_the_same_listener),
		cmocka_unit_test(a_worker_with_a_lower_pid_than_its_master_changes_nothing),
		cmocka_unit_test(another_holder_on_the_same_endpoint_is_new_and_the_old_one_gone),
		cmocka_unit_test(a_child_sharing_a_known_socket_is_no_new_listener),
		cmocka_unit_test(unknown_holders_meet_only_listeners_without_a_known_holder),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
