/* SPDX-License-Identifier: MIT */
/* Unit tests for baseline: identities across restarts, the ephemeral UDP rule, sort, diff, the file. */
/* fopencookie and open_memstream are GNU/POSIX 2008 extensions. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "baseline.h"

#define FILE_NAME "base.json"

/* What a failed parse must overwrite with NULL. */
static struct pw_baseline not_set;

/* --- builders ---------------------------------------------------------------- */

/* A listening socket on addr (IPv4 or IPv6 text) and port, with run-time noise set. */
static struct pw_sock sock_at(unsigned proto, const char *addr, uint16_t port)
{
	struct pw_sock s = { 0 };

	s.proto = (uint8_t)proto;
	s.lport = port;
	s.state = proto == PW_PROTO_TCP ? PW_ST_LISTEN : PW_ST_CLOSE;
	s.v6only = -1;
	if (inet_pton(AF_INET, addr, s.laddr) == 1) {
		s.family = AF_INET;
	} else {
		assert_int_equal(inet_pton(AF_INET6, addr, s.laddr), 1);
		s.family = AF_INET6;
	}
	s.cookie = 0x100000 + port;
	s.inode = 40000 + port;
	return s;
}

/* A holder; baseline only reads the strings, so literals may back them. */
static struct pw_proc proc_of(int pid, const char *comm, const char *exe)
{
	struct pw_proc p = { 0 };

	p.pid = pid;
	p.uid = 0;
	p.comm = (char *)comm;
	p.exe = (char *)exe;
	p.cmdline = (char *)"--run";
	p.unit = (char *)"x.service";
	return p;
}

/* The identity of s held by p (NULL: no holder known) in netns. */
static struct pw_baseline_entry ident(const struct pw_sock *s, const struct pw_proc *p,
				      const char *netns, bool ephemeral_port)
{
	const struct pw_proc *procs[1] = { p };
	struct pw_baseline_entry e;

	assert_int_equal(pw_baseline_from_sock(&e, s, procs, p ? 1 : 0, netns, ephemeral_port), 0);
	return e;
}

/* The identity of a socket built by sock_at, held by p in netns. */
static struct pw_baseline_entry ident_at(unsigned proto, const char *addr, uint16_t port,
					 const struct pw_proc *p, const char *netns,
					 bool ephemeral_port)
{
	struct pw_sock s = sock_at(proto, addr, port);

	return ident(&s, p, netns, ephemeral_port);
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

/* A heap copy of doc with nothing after it, so ASan sees a read past the end. */
static char *exact_copy(const char *doc, size_t len)
{
	char *p = malloc(len ? len : 1);

	assert_non_null(p);
	memcpy(p, doc, len);
	return p;
}

static int parse_n(const char *doc, size_t len, struct pw_baseline **out, struct pw_error *err)
{
	char *buf = exact_copy(doc, len);
	int rc;

	memset(err, 0, sizeof(*err));
	rc = pw_baseline_parse(buf, len, FILE_NAME, out, err);
	/* Nothing of the set may point into the buffer. */
	free(buf);
	return rc;
}

static int parse(const char *doc, struct pw_baseline **out, struct pw_error *err)
{
	return parse_n(doc, strlen(doc), out, err);
}

/* What pw_baseline_write writes, as a NUL-terminated heap string. */
static char *write_str(const struct pw_baseline *b, const char *host, const char *time, size_t *len)
{
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);

	assert_non_null(f);
	assert_int_equal(pw_baseline_write(f, b, host, time), 0);
	assert_int_equal(fclose(f), 0);
	if (len)
		*len = n;
	return text;
}

/* The whole entry as text, for messages and diff logs. */
static void entry_text(const struct pw_baseline_entry *e, char *buf, size_t size)
{
	char port[12];

	if (e->ephemeral)
		snprintf(port, sizeof(port), "eph");
	else
		snprintf(port, sizeof(port), "%u", (unsigned)e->port);
	snprintf(buf, size, "%s/%s/%s/%s/%s/%s", pw_sock_proto_name(e->proto), e->addr, port,
		 e->process ? e->process : "-", e->exe ? e->exe : "-", e->netns ? e->netns : "-");
}

/* --- identity ---------------------------------------------------------------- */

static void restarted_daemon_has_the_same_identity(void **state)
{
	struct pw_sock before = sock_at(PW_PROTO_TCP, "0.0.0.0", 22);
	struct pw_sock after = before;
	struct pw_proc p1 = proc_of(812, "sshd", "/usr/sbin/sshd");
	struct pw_proc p2 = proc_of(30991, "sshd", "/usr/sbin/sshd");
	struct pw_baseline_entry a, b;

	(void)state;
	after.cookie = 0xdeadbeef;
	after.inode = 998877;
	after.uid = 1000;
	after.rqueue = 5;
	p2.uid = 1000;
	p2.cmdline = (char *)"sshd -D -p 22";
	p2.unit = NULL;
	a = ident(&before, &p1, NULL, false);
	b = ident(&after, &p2, NULL, false);
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
	struct pw_proc sshd = proc_of(1, "sshd", "/usr/sbin/sshd");
	struct pw_proc other_comm = proc_of(1, "dropbear", "/usr/sbin/sshd");
	struct pw_proc other_exe = proc_of(1, "sshd", "/opt/sshd");
	struct pw_proc no_comm = proc_of(1, NULL, "/usr/sbin/sshd");
	struct pw_proc no_exe = proc_of(1, "sshd", NULL);
	struct pw_sock s = sock_at(PW_PROTO_TCP, "0.0.0.0", 22);
	struct pw_baseline_entry base = ident(&s, &sshd, NULL, false);
	struct pw_baseline_entry others[] = {
		ident_at(PW_PROTO_UDP, "0.0.0.0", 22, &sshd, NULL, false),
		ident_at(PW_PROTO_SCTP, "0.0.0.0", 22, &sshd, NULL, false),
		ident_at(PW_PROTO_TCP, "127.0.0.1", 22, &sshd, NULL, false),
		ident_at(PW_PROTO_TCP, "::", 22, &sshd, NULL, false),
		ident_at(PW_PROTO_TCP, "0.0.0.0", 2222, &sshd, NULL, false),
		ident(&s, &other_comm, NULL, false),
		ident(&s, &other_exe, NULL, false),
		ident(&s, &no_comm, NULL, false),
		ident(&s, &no_exe, NULL, false),
		ident(&s, NULL, NULL, false),
		ident(&s, &sshd, "blue", false),
		ident(&s, &sshd, "", false),
	};
	struct pw_baseline_entry blue = ident(&s, &sshd, "blue", false);
	struct pw_baseline_entry red = ident(&s, &sshd, "red", false);

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

/* The identity of s held by procs[0..n). */
static struct pw_baseline_entry ident_n(const struct pw_sock *s, const struct pw_proc *const *procs,
					size_t n)
{
	struct pw_baseline_entry e;

	assert_int_equal(pw_baseline_from_sock(&e, s, procs, n, NULL, false), 0);
	return e;
}

static void the_holder_that_names_a_listener_is_chosen_by_name_not_pid(void **state)
{
	struct pw_proc init = proc_of(1, "systemd", "/usr/lib/systemd/systemd");
	struct pw_proc daemon = proc_of(46, "cockpit-ws", "/usr/libexec/cockpit-ws");
	struct pw_proc master = proc_of(900, "master", "/usr/lib/postfix/sbin/master");
	struct pw_proc smtpd = proc_of(100, "smtpd", "/usr/lib/postfix/sbin/smtpd");
	struct pw_proc nameless = proc_of(7, NULL, NULL);
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
	struct pw_proc master = proc_of(10, "nginx", "/usr/sbin/nginx");
	struct pw_proc worker = proc_of(11, "nginx-worker", "/usr/sbin/nginx");
	struct pw_proc worker2 = proc_of(12, "nginx-worker", "/usr/sbin/nginx (deleted)");
	struct pw_proc twin = proc_of(13, "nginx", "/usr/sbin/nginx");
	const struct pw_proc *procs[] = { &worker2, &twin, &worker, &master };
	struct pw_sock s = sock_at(PW_PROTO_TCP, "::", 443);
	struct pw_baseline_entry e = ident_n(&s, procs, 4);

	(void)state;
	assert_string_equal(e.process, "nginx");
	assert_string_equal(e.exe, "/usr/sbin/nginx");
	assert_int_equal(e.nothers, 1);
	assert_string_equal(e.others[0].process, "nginx-worker");
	assert_string_equal(e.others[0].exe, "/usr/sbin/nginx");
	assert_string_equal(e.addr, "::");
	assert_int_equal(e.family, AF_INET6);
	pw_baseline_entry_fini(&e);
	e = ident_n(&s, procs + 3, 1);
	assert_int_equal(e.nothers, 0);
	assert_null(e.others);
	pw_baseline_entry_fini(&e);
}

static void unknown_holder_and_host_namespace_are_null(void **state)
{
	struct pw_sock s = sock_at(PW_PROTO_UDP, "192.0.2.7", 514);
	struct pw_proc p = proc_of(5, NULL, NULL);
	struct pw_baseline_entry none = ident(&s, NULL, NULL, false);
	struct pw_baseline_entry unreadable = ident(&s, &p, NULL, false);

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
	struct pw_sock s = sock_at(PW_PROTO_TCP, "0.0.0.0", 22);

	(void)state;
	for (size_t i = 0; i < PW_ARRAY_SIZE(cases); i++) {
		struct pw_proc p = proc_of(1, "sshd", cases[i].exe);
		struct pw_baseline_entry e = ident(&s, &p, NULL, false);

		assert_string_equal(e.exe, cases[i].want);
		pw_baseline_entry_fini(&e);
	}
}

static void upgraded_binary_is_the_same_listener(void **state)
{
	struct pw_sock s = sock_at(PW_PROTO_TCP, "0.0.0.0", 22);
	struct pw_proc old = proc_of(1, "sshd", "/usr/sbin/sshd (deleted)");
	struct pw_proc fresh = proc_of(2, "sshd", "/usr/sbin/sshd");
	struct pw_baseline_entry a = ident(&s, &old, NULL, false);
	struct pw_baseline_entry b = ident(&s, &fresh, NULL, false);

	(void)state;
	assert_int_equal(pw_baseline_entry_cmp(&a, &b), 0);
	pw_baseline_entry_fini(&a);
	pw_baseline_entry_fini(&b);
}

static void invalid_utf8_is_replaced_per_byte(void **state)
{
	struct pw_sock s = sock_at(PW_PROTO_TCP, "0.0.0.0", 80);
	struct pw_proc p = proc_of(1,
				   "a\xff"
				   "b",
				   "/opt/\xc0\x80x/caf\xc3\xa9");
	struct pw_baseline_entry e = ident(&s, &p, "ns\xed\xa0\x80", false);

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
	struct pw_sock s = sock_at(PW_PROTO_TCP, "0.0.0.0", 80);
	struct pw_proc p = proc_of(1, "a\xff\x01\"\\\n\x7f", "/opt/\xc0\x80x\t(deleted)");
	struct pw_baseline *b = pw_baseline_new(), *back = NULL;
	struct pw_baseline_entry e = ident(&s, &p, "ns\xf5", false), key;
	struct pw_error err;
	char *text;

	(void)state;
	key = ident(&s, &p, "ns\xf5", false);
	pw_baseline_add(b, &e);
	text = write_str(b, NULL, NULL, NULL);
	assert_int_equal(parse(text, &back, &err), 0);
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
	struct pw_sock s = sock_at(PW_PROTO_TCP, "0.0.0.0", 80);
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

	p = proc_of(1, bad, good);
	e = ident(&s, &p, path, false);
	assert_int_equal(strlen(e.process), PW_BASELINE_STR_MAX);
	assert_utf8(e.process);
	assert_int_equal(strlen(e.exe), PW_BASELINE_STR_MAX - 1);
	assert_utf8(e.exe);
	assert_memory_equal(e.exe, good, PW_BASELINE_STR_MAX - 1);
	assert_int_equal(strlen(e.netns), 3 * 4095);
	pw_baseline_add(b, &e);
	text = write_str(b, NULL, NULL, NULL);
	assert_int_equal(parse(text, &back, &err), 0);
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
	struct pw_sock s = sock_at(PW_PROTO_TCP, "0.0.0.0", 22);
	struct pw_proc p = proc_of(1, "sshd", "/usr/sbin/sshd");
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
	struct pw_proc p = proc_of(700, "systemd-resolve", "/usr/lib/systemd/systemd-resolved");
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
	struct pw_proc p = proc_of(700, "client", "/usr/bin/client");
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
	struct pw_proc p = proc_of(900, "java", "/usr/bin/java");

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
	struct pw_proc p = proc_of(1, "named", "/usr/sbin/named");
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
	struct pw_proc a = proc_of(1, "chronyd", "/usr/sbin/chronyd");
	struct pw_proc b = proc_of(2, "ntpd", "/usr/sbin/ntpd");
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
	struct pw_proc p = proc_of(1, "x", "/x");
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

/* Add the identity of s held by p to b, tagged ref. */
static void add_sock(struct pw_baseline *b, const struct pw_sock *s, const struct pw_proc *p,
		     const char *netns, bool eph, size_t ref)
{
	struct pw_baseline_entry e = ident(s, p, netns, eph);

	e.ref = ref;
	pw_baseline_add(b, &e);
	assert_null(e.process);
	assert_null(e.exe);
	assert_null(e.netns);
	assert_int_equal(e.ref, 0);
}

static void assert_strictly_ordered(const struct pw_baseline *b)
{
	assert_true(b->sorted);
	for (size_t i = 1; i < b->n; i++)
		assert_true(pw_baseline_entry_cmp(&b->entries[i - 1], &b->entries[i]) < 0);
}

static void sort_orders_and_drops_duplicates_keeping_the_lowest_ref(void **state)
{
	struct pw_proc p = proc_of(1, "sshd", "/usr/sbin/sshd");
	struct pw_proc q = proc_of(2, "nginx", "/usr/sbin/nginx");
	struct pw_sock ssh = sock_at(PW_PROTO_TCP, "0.0.0.0", 22);
	struct pw_sock web = sock_at(PW_PROTO_TCP, "::", 80);
	struct pw_sock dns = sock_at(PW_PROTO_UDP, "0.0.0.0", 41000);
	struct pw_sock dns2 = sock_at(PW_PROTO_UDP, "0.0.0.0", 42000);
	struct pw_baseline *b = pw_baseline_new();

	(void)state;
	assert_true(b->sorted);
	add_sock(b, &web, &q, NULL, false, 5);
	assert_true(b->sorted);
	add_sock(b, &ssh, &p, NULL, false, 7);
	assert_false(b->sorted);
	add_sock(b, &dns, &q, NULL, true, 9);
	add_sock(b, &ssh, &p, NULL, false, 3);
	add_sock(b, &dns2, &q, NULL, true, 2);
	add_sock(b, &ssh, &p, NULL, false, 8);
	add_sock(b, &ssh, &p, "blue", false, 1);
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
	struct pw_proc p = proc_of(1, "d", "/d");

	(void)state;
	for (unsigned i = 0; i < 143; i++) {
		unsigned port = 1000 - 7 * i;
		struct pw_sock s =
			sock_at(port % 2 ? PW_PROTO_UDP : PW_PROTO_TCP, "10.0.0.1", (uint16_t)port);

		add_sock(b, &s, &p, NULL, false, port);
	}
	pw_baseline_sort(b);
	assert_int_equal(b->n, 143);
	assert_strictly_ordered(b);
	pw_baseline_free(b);
}

static void find_looks_up_by_identity(void **state)
{
	struct pw_proc p = proc_of(1, "sshd", "/usr/sbin/sshd");
	struct pw_proc restarted = proc_of(4242, "sshd", "/usr/sbin/sshd (deleted)");
	struct pw_proc r = proc_of(3, "resolved", "/lib/resolved");
	struct pw_sock ssh = sock_at(PW_PROTO_TCP, "0.0.0.0", 22);
	struct pw_sock web = sock_at(PW_PROTO_TCP, "0.0.0.0", 80);
	struct pw_sock dns = sock_at(PW_PROTO_UDP, "127.0.0.53", 40000);
	struct pw_sock dns_later = sock_at(PW_PROTO_UDP, "127.0.0.53", 58000);
	struct pw_baseline *b = pw_baseline_new(), *empty = pw_baseline_new();
	struct pw_baseline_entry k1 = ident(&ssh, &restarted, NULL, false);
	struct pw_baseline_entry k2 = ident(&web, &p, NULL, false);
	struct pw_baseline_entry k3 = ident(&dns_later, &r, NULL, true);
	const struct pw_baseline_entry *hit;

	(void)state;
	add_sock(b, &ssh, &p, NULL, false, 11);
	add_sock(b, &dns, &r, NULL, true, 12);
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

struct diff_log {
	char text[1024];
	unsigned added, removed;
	unsigned stop_at; /* stop (return 42) at this call; 0: never */
};

static int diff_note(struct diff_log *l, char sign_char, const struct pw_baseline_entry *e)
{
	char line[256];
	size_t used = strlen(l->text);

	entry_text(e, line, sizeof(line));
	snprintf(l->text + used, sizeof(l->text) - used, "%c%s\n", sign_char, line);
	if (l->stop_at && l->added + l->removed == l->stop_at)
		return 42;
	return 0;
}

static int diff_added(const struct pw_baseline_entry *e, void *data)
{
	struct diff_log *l = data;

	l->added++;
	return diff_note(l, '+', e);
}

static int diff_removed(const struct pw_baseline_entry *e, void *data)
{
	struct diff_log *l = data;

	l->removed++;
	return diff_note(l, '-', e);
}

static void diff_reports_added_and_removed_in_identity_order(void **state)
{
	struct pw_proc sshd = proc_of(1, "sshd", "/usr/sbin/sshd");
	struct pw_proc nc = proc_of(2, "nc", "/usr/bin/nc");
	struct pw_sock ssh = sock_at(PW_PROTO_TCP, "0.0.0.0", 22);
	struct pw_sock ssh6 = sock_at(PW_PROTO_TCP, "::", 22);
	struct pw_sock back = sock_at(PW_PROTO_TCP, "0.0.0.0", 4444);
	struct pw_sock dns = sock_at(PW_PROTO_UDP, "0.0.0.0", 53);
	struct pw_baseline *old = pw_baseline_new(), *now = pw_baseline_new();
	struct diff_log log = { 0 };

	(void)state;
	add_sock(old, &ssh, &sshd, NULL, false, 0);
	add_sock(old, &ssh6, &sshd, NULL, false, 0);
	add_sock(old, &dns, &nc, NULL, false, 0);
	add_sock(now, &ssh, &sshd, NULL, false, 0);
	add_sock(now, &back, &nc, NULL, false, 0);
	add_sock(now, &dns, &nc, "blue", false, 0);
	pw_baseline_sort(old);
	pw_baseline_sort(now);
	assert_int_equal(pw_baseline_diff(old, now, diff_added, diff_removed, &log), 0);
	assert_int_equal(log.added, 2);
	assert_int_equal(log.removed, 2);
	assert_string_equal(log.text, "-tcp/::/22/sshd//usr/sbin/sshd/-\n"
				      "+tcp/0.0.0.0/4444/nc//usr/bin/nc/-\n"
				      "-udp/0.0.0.0/53/nc//usr/bin/nc/-\n"
				      "+udp/0.0.0.0/53/nc//usr/bin/nc/blue\n");
	pw_baseline_free(old);
	pw_baseline_free(now);
}

/* The listeners of one host: sshd, nginx, a resolver on an ephemeral port. */
static struct pw_baseline *host_set(int pid_base, uint16_t resolver_port, uint64_t cookie_base)
{
	struct pw_proc sshd = proc_of(pid_base + 1, "sshd", "/usr/sbin/sshd");
	struct pw_proc nginx = proc_of(pid_base + 2, "nginx", "/usr/sbin/nginx");
	struct pw_proc res = proc_of(pid_base + 3, "systemd-resolve", "/lib/systemd/resolved");
	struct pw_sock socks[4] = {
		sock_at(PW_PROTO_TCP, "0.0.0.0", 22),
		sock_at(PW_PROTO_TCP, "::", 80),
		sock_at(PW_PROTO_TCP, "::", 443),
		sock_at(PW_PROTO_UDP, "127.0.0.53", resolver_port),
	};
	const struct pw_proc *holders[4] = { &sshd, &nginx, &nginx, &res };
	struct pw_baseline *b = pw_baseline_new();

	for (size_t i = 0; i < 4; i++) {
		socks[i].cookie = cookie_base + i;
		socks[i].inode = (uint32_t)(cookie_base + 100 + i);
		add_sock(b, &socks[i], holders[i], NULL, i == 3, i);
	}
	pw_baseline_sort(b);
	return b;
}

static void diff_of_a_restarted_host_is_empty(void **state)
{
	struct pw_baseline *old = host_set(100, 40123, 1000);
	struct pw_baseline *now = host_set(9000, 57001, 777777);
	struct diff_log log = { 0 };

	(void)state;
	assert_int_equal(old->n, 4);
	assert_int_equal(pw_baseline_diff(old, now, diff_added, diff_removed, &log), 0);
	assert_int_equal(log.added + log.removed, 0);
	assert_string_equal(log.text, "");
	pw_baseline_free(old);
	pw_baseline_free(now);
}

static void diff_against_an_empty_set_reports_everything(void **state)
{
	struct pw_baseline *full = host_set(1, 40000, 1), *empty = pw_baseline_new();
	struct pw_baseline *empty2 = pw_baseline_new();
	struct diff_log log = { 0 };

	(void)state;
	assert_int_equal(pw_baseline_diff(empty, full, diff_added, diff_removed, &log), 0);
	assert_int_equal(log.added, 4);
	assert_int_equal(log.removed, 0);
	memset(&log, 0, sizeof(log));
	assert_int_equal(pw_baseline_diff(full, empty, diff_added, diff_removed, &log), 0);
	assert_int_equal(log.added, 0);
	assert_int_equal(log.removed, 4);
	assert_non_null(strstr(log.text, "-udp/127.0.0.53/eph/systemd-resolve/"));
	memset(&log, 0, sizeof(log));
	assert_int_equal(pw_baseline_diff(empty, empty2, diff_added, diff_removed, &log), 0);
	assert_int_equal(log.added + log.removed, 0);
	/* Either callback may be left out. */
	assert_int_equal(pw_baseline_diff(full, empty, diff_added, NULL, &log), 0);
	assert_int_equal(pw_baseline_diff(empty, full, NULL, diff_removed, &log), 0);
	assert_int_equal(log.added + log.removed, 0);
	pw_baseline_free(full);
	pw_baseline_free(empty);
	pw_baseline_free(empty2);
}

static void diff_stops_at_the_first_non_zero_callback(void **state)
{
	struct pw_baseline *full = host_set(1, 40000, 1), *empty = pw_baseline_new();
	struct diff_log log = { .stop_at = 2 };

	(void)state;
	assert_int_equal(pw_baseline_diff(empty, full, diff_added, diff_removed, &log), 42);
	assert_int_equal(log.added, 2);
	pw_baseline_free(full);
	pw_baseline_free(empty);
}

/* A set of the one listener s held by procs[0..n). */
static struct pw_baseline *held_set(const struct pw_sock *s, const struct pw_proc *const *procs,
				    size_t n)
{
	struct pw_baseline *b = pw_baseline_new();
	struct pw_baseline_entry e = ident_n(s, procs, n);

	pw_baseline_add(b, &e);
	pw_baseline_sort(b);
	return b;
}

/* old and now are the same listeners, both ways: no diff, and find hits. */
static void assert_same_listeners(const struct pw_baseline *old, const struct pw_baseline *now)
{
	struct diff_log log = { 0 };

	assert_int_equal(pw_baseline_diff(old, now, diff_added, diff_removed, &log), 0);
	if (log.added + log.removed)
		fail_msg("want no diff; got:\n%s", log.text);
	for (size_t i = 0; i < now->n; i++)
		assert_non_null(pw_baseline_find(old, &now->entries[i]));
	for (size_t i = 0; i < old->n; i++)
		assert_non_null(pw_baseline_find(now, &old->entries[i]));
}

/* Socket activation: PID 1 holds the socket alone, then with the daemon it started. */
static void a_daemon_joining_or_leaving_pid_1_is_the_same_listener(void **state)
{
	struct pw_proc init = proc_of(1, "systemd", "/usr/lib/systemd/systemd");
	struct pw_proc daemon = proc_of(46, "cockpit-ws", "/usr/libexec/cockpit-ws");
	const struct pw_proc *idle[] = { &init };
	const struct pw_proc *busy[] = { &daemon, &init };
	struct pw_sock s = sock_at(PW_PROTO_TCP, "::", 9090);
	struct pw_baseline *before = held_set(&s, idle, 1), *after = held_set(&s, busy, 2);

	(void)state;
	assert_string_equal(before->entries[0].process, "systemd");
	assert_string_equal(after->entries[0].process, "cockpit-ws");
	assert_int_equal(after->entries[0].nothers, 1);
	assert_string_equal(after->entries[0].others[0].process, "systemd");
	/* The snapshot taken idle, the check busy; and the other way round. */
	assert_same_listeners(before, after);
	assert_same_listeners(after, before);
	pw_baseline_free(before);
	pw_baseline_free(after);
}

/* A master and a worker of another name share a listener; pids wrap. */
static void a_worker_with_a_lower_pid_than_its_master_changes_nothing(void **state)
{
	struct pw_proc master = proc_of(900, "master", "/usr/lib/postfix/sbin/master");
	struct pw_proc smtpd = proc_of(1200, "smtpd", "/usr/lib/postfix/sbin/smtpd");
	struct pw_proc master2 = proc_of(31000, "master", "/usr/lib/postfix/sbin/master");
	struct pw_proc smtpd2 = proc_of(300, "smtpd", "/usr/lib/postfix/sbin/smtpd");
	const struct pw_proc *then[] = { &master, &smtpd };
	const struct pw_proc *wrapped[] = { &smtpd2, &master2 };
	const struct pw_proc *master_alone[] = { &master2 };
	struct pw_sock s = sock_at(PW_PROTO_TCP, "0.0.0.0", 25);
	struct pw_baseline *old = held_set(&s, then, 2), *now = held_set(&s, wrapped, 2);
	struct pw_baseline *idle = held_set(&s, master_alone, 1);

	(void)state;
	assert_int_equal(pw_baseline_entry_cmp(&old->entries[0], &now->entries[0]), 0);
	assert_string_equal(now->entries[0].process, "master");
	assert_same_listeners(old, now);
	/* No smtpd running at the moment: master still holds it. */
	assert_same_listeners(old, idle);
	pw_baseline_free(old);
	pw_baseline_free(now);
	pw_baseline_free(idle);
}

static void another_holder_on_the_same_endpoint_is_new_and_the_old_one_gone(void **state)
{
	struct pw_proc sshd = proc_of(612, "sshd", "/usr/sbin/sshd");
	struct pw_proc other_exe = proc_of(613, "sshd", "/tmp/sshd");
	struct pw_proc nc = proc_of(700, "nc", "/usr/bin/nc");
	struct pw_proc init = proc_of(1, "systemd", "/usr/lib/systemd/systemd");
	const struct pw_proc *by_sshd[] = { &sshd };
	const struct pw_proc *by_fake[] = { &other_exe, &nc };
	const struct pw_proc *by_init[] = { &init };
	struct pw_sock s = sock_at(PW_PROTO_TCP, "0.0.0.0", 22);
	struct pw_baseline *old = held_set(&s, by_sshd, 1), *now = held_set(&s, by_fake, 2);
	struct pw_baseline *init_only = held_set(&s, by_init, 1);
	struct diff_log log = { 0 };

	(void)state;
	assert_null(pw_baseline_find(old, &now->entries[0]));
	assert_int_equal(pw_baseline_diff(old, now, diff_added, diff_removed, &log), 0);
	assert_string_equal(log.text, "-tcp/0.0.0.0/22/sshd//usr/sbin/sshd/-\n"
				      "+tcp/0.0.0.0/22/nc//usr/bin/nc/-\n");
	memset(&log, 0, sizeof(log));
	assert_int_equal(pw_baseline_diff(old, init_only, diff_added, diff_removed, &log), 0);
	assert_int_equal(log.added + log.removed, 2);
	assert_false(pw_baseline_entry_meets(&old->entries[0], &init_only->entries[0]));
	pw_baseline_free(old);
	pw_baseline_free(now);
	pw_baseline_free(init_only);
}

/* --- the file ----------------------------------------------------------------- */

static void write_gives_one_listener_a_line(void **state)
{
	struct pw_proc sshd = proc_of(1, "sshd", "/usr/sbin/sshd");
	struct pw_proc res = proc_of(2, "systemd-resolve", NULL);
	struct pw_sock ssh = sock_at(PW_PROTO_TCP, "0.0.0.0", 22);
	struct pw_sock dns = sock_at(PW_PROTO_UDP, "::", 39999);
	struct pw_baseline *b = pw_baseline_new();
	char *text;

	(void)state;
	add_sock(b, &dns, &res, "blue", true, 0);
	add_sock(b, &ssh, &sshd, NULL, false, 0);
	pw_baseline_sort(b);
	text = write_str(b, "h", NULL, NULL);
	assert_string_equal(
		text,
		"{\"schema\":1,\"kind\":\"portwatch-baseline\",\"version\":\"" PW_VERSION "\","
		"\"host\":\"h\",\"time\":null,\"listeners\":[\n"
		"{\"proto\":\"tcp\",\"address\":\"0.0.0.0\",\"port\":22,\"process\":\"sshd\","
		"\"exe\":\"/usr/sbin/sshd\",\"netns\":null},\n"
		"{\"proto\":\"udp\",\"address\":\"::\",\"port\":\"ephemeral\","
		"\"process\":\"systemd-resolve\",\"exe\":null,\"netns\":\"blue\"}\n"
		"]}\n");
	free(text);
	pw_baseline_free(b);
}

static void write_lists_other_holders_only_when_there_are_any(void **state)
{
	struct pw_proc init = proc_of(1, "systemd", "/usr/lib/systemd/systemd");
	struct pw_proc daemon = proc_of(46, "cockpit-ws", NULL);
	struct pw_proc sshd = proc_of(612, "sshd", "/usr/sbin/sshd");
	const struct pw_proc *procs[] = { &init, &daemon };
	struct pw_sock web = sock_at(PW_PROTO_TCP, "::", 9090);
	struct pw_sock ssh = sock_at(PW_PROTO_TCP, "0.0.0.0", 22);
	struct pw_baseline *b = pw_baseline_new(), *back = NULL;
	struct pw_baseline_entry e = ident_n(&web, procs, 2);
	struct pw_error err;
	char *text, *again;

	(void)state;
	pw_baseline_add(b, &e);
	add_sock(b, &ssh, &sshd, NULL, false, 0);
	pw_baseline_sort(b);
	text = write_str(b, "h", NULL, NULL);
	assert_string_equal(
		text,
		"{\"schema\":1,\"kind\":\"portwatch-baseline\",\"version\":\"" PW_VERSION "\","
		"\"host\":\"h\",\"time\":null,\"listeners\":[\n"
		"{\"proto\":\"tcp\",\"address\":\"0.0.0.0\",\"port\":22,\"process\":\"sshd\","
		"\"exe\":\"/usr/sbin/sshd\",\"netns\":null},\n"
		"{\"proto\":\"tcp\",\"address\":\"::\",\"port\":9090,\"process\":\"cockpit-ws\","
		"\"exe\":null,\"other_holders\":[{\"process\":\"systemd\","
		"\"exe\":\"/usr/lib/systemd/systemd\"}],\"netns\":null}\n"
		"]}\n");
	assert_int_equal(parse(text, &back, &err), 0);
	assert_int_equal(back->n, 2);
	for (size_t i = 0; i < 2; i++)
		assert_int_equal(pw_baseline_entry_cmp(&back->entries[i], &b->entries[i]), 0);
	again = write_str(back, "h", NULL, NULL);
	assert_string_equal(again, text);
	free(again);
	free(text);
	pw_baseline_free(back);
	pw_baseline_free(b);
}

/* A file written before other_holders: one holder a listener, which must still match. */
static void a_baseline_without_other_holders_still_matches_both_ways(void **state)
{
	static const char doc[] =
		"{\"schema\":1,\"kind\":\"portwatch-baseline\",\"version\":\"0.9.0\","
		"\"host\":\"h\",\"time\":null,\"listeners\":[\n"
		"{\"proto\":\"tcp\",\"address\":\"0.0.0.0\",\"port\":25,\"process\":\"smtpd\","
		"\"exe\":\"/usr/lib/postfix/sbin/smtpd\",\"netns\":null},\n"
		"{\"proto\":\"tcp\",\"address\":\"::\",\"port\":9090,\"process\":\"systemd\","
		"\"exe\":\"/usr/lib/systemd/systemd\",\"netns\":null}\n"
		"]}\n";
	struct pw_proc init = proc_of(1, "systemd", "/usr/lib/systemd/systemd");
	struct pw_proc daemon = proc_of(46, "cockpit-ws", "/usr/libexec/cockpit-ws");
	struct pw_proc master = proc_of(900, "master", "/usr/lib/postfix/sbin/master");
	struct pw_proc smtpd = proc_of(100, "smtpd", "/usr/lib/postfix/sbin/smtpd");
	struct pw_sock mail = sock_at(PW_PROTO_TCP, "0.0.0.0", 25);
	struct pw_sock web = sock_at(PW_PROTO_TCP, "::", 9090);
	const struct pw_proc *mail_by[] = { &smtpd, &master };
	const struct pw_proc *web_by[] = { &daemon, &init };
	struct pw_baseline *old = NULL, *now = pw_baseline_new();
	struct pw_baseline_entry e;
	struct pw_error err;

	(void)state;
	assert_int_equal(parse(doc, &old, &err), 0);
	assert_int_equal(old->n, 2);
	assert_int_equal(old->entries[0].nothers, 0);
	e = ident_n(&mail, mail_by, 2);
	pw_baseline_add(now, &e);
	e = ident_n(&web, web_by, 2);
	pw_baseline_add(now, &e);
	pw_baseline_sort(now);
	/* Both old entries named a holder that is no longer the one named. */
	assert_string_equal(now->entries[0].process, "master");
	assert_string_equal(now->entries[1].process, "cockpit-ws");
	assert_same_listeners(old, now);
	pw_baseline_free(old);
	pw_baseline_free(now);
}

static void write_of_an_empty_set_is_a_valid_baseline(void **state)
{
	struct pw_baseline *b = pw_baseline_new(), *back = NULL;
	struct pw_error err;
	char *text;

	(void)state;
	text = write_str(b, NULL, "2024-05-06T07:08:09Z", NULL);
	assert_string_equal(
		text, "{\"schema\":1,\"kind\":\"portwatch-baseline\",\"version\":\"" PW_VERSION
		      "\",\"host\":null,\"time\":\"2024-05-06T07:08:09Z\","
		      "\"listeners\":[\n]}\n");
	assert_int_equal(parse(text, &back, &err), 0);
	assert_int_equal(back->n, 0);
	assert_true(back->sorted);
	assert_null(back->host);
	assert_string_equal(back->time, "2024-05-06T07:08:09Z");
	free(text);
	pw_baseline_free(back);
	pw_baseline_free(b);
}

/* Every protocol, both families, odd strings, namespaces and the ephemeral class. */
static struct pw_baseline *varied_set(void)
{
	struct pw_proc odd =
		proc_of(1, "we\"ird\\ \x01\x7f\t\n", "/opt/caf\xc3\xa9/\xf0\x9f\x98\x80");
	struct pw_proc bad = proc_of(2, "x\xff", "/tmp/\xc3(deleted) (deleted)");
	struct pw_proc plain = proc_of(3, "d", "/d");
	struct pw_baseline *b = pw_baseline_new();
	static const char *const addrs[] = { "0.0.0.0", "127.0.0.1", "::",
					     "::1",	"fe80::1:2", "::ffff:192.0.2.1" };
	static const char *const nss[] = { NULL, "blue", "caf\xc3\xa9" };
	size_t ref = 0;

	for (unsigned proto = 0; proto < PW_PROTO_COUNT; proto++) {
		for (size_t a = 0; a < PW_ARRAY_SIZE(addrs); a++) {
			struct pw_sock s = sock_at(proto, addrs[a], (uint16_t)(1000 * proto + a));
			const struct pw_proc *p = a % 3 == 0 ? &odd : a % 3 == 1 ? &bad : &plain;

			add_sock(b, &s, a == 5 ? NULL : p, nss[a % 3], false, ref++);
			add_sock(b, &s, p, nss[(a + 1) % 3], true, ref++);
		}
	}
	pw_baseline_sort(b);
	return b;
}

static void write_then_parse_round_trips_byte_exact(void **state)
{
	struct pw_baseline *b = varied_set(), *back = NULL;
	struct pw_error err;
	size_t len1, len2;
	char *one, *two;

	(void)state;
	one = write_str(b, "host \"one\"\n", "2024-01-02T03:04:05Z", &len1);
	assert_int_equal(parse_n(one, len1, &back, &err), 0);
	assert_int_equal(back->n, b->n);
	for (size_t i = 0; i < b->n; i++) {
		char want[512], got[512];

		entry_text(&b->entries[i], want, sizeof(want));
		entry_text(&back->entries[i], got, sizeof(got));
		assert_string_equal(got, want);
		assert_int_equal(pw_baseline_entry_cmp(&back->entries[i], &b->entries[i]), 0);
		assert_int_equal(back->entries[i].family, b->entries[i].family);
		/* The line the listener is on (the header is line 1). */
		assert_int_equal(back->entries[i].ref, i + 2);
	}
	assert_string_equal(back->version, PW_VERSION);
	assert_string_equal(back->host, "host \"one\"\n");
	assert_string_equal(back->time, "2024-01-02T03:04:05Z");
	two = write_str(back, back->host, back->time, &len2);
	assert_int_equal(len2, len1);
	assert_memory_equal(two, one, len1);
	free(one);
	free(two);
	pw_baseline_free(back);
	pw_baseline_free(b);
}

static void every_truncation_of_a_written_file_is_refused(void **state)
{
	struct pw_baseline *b = host_set(1, 40000, 1), *back;
	struct pw_error err;
	size_t len;
	char *text = write_str(b, "h", "t", &len);

	(void)state;
	/* Only the final newline may go. */
	assert_int_equal(parse_n(text, len - 1, &back, &err), 0);
	pw_baseline_free(back);
	for (size_t n = 0; n < len - 1; n++) {
		back = &not_set;
		if (parse_n(text, n, &back, &err) != -EINVAL)
			fail_msg("%zu of %zu bytes read", n, len);
		assert_null(back);
		assert_string_equal(err.file, FILE_NAME);
		assert_true(err.line >= 1 && err.col >= 1);
	}
	free(text);
	pw_baseline_free(b);
}

static ssize_t full_disk_write(void *cookie, const char *buf, size_t size)
{
	(void)cookie;
	(void)buf;
	(void)size;
	errno = ENOSPC;
	return 0;
}

static void write_reports_a_stream_error(void **state)
{
	cookie_io_functions_t io = { .write = full_disk_write };
	struct pw_baseline *b = host_set(1, 40000, 1);
	FILE *f = fopencookie(NULL, "w", io);

	(void)state;
	assert_non_null(f);
	/* Small enough to sit in the stream's buffer until a flush. */
	assert_int_equal(pw_baseline_write(f, b, "h", "t"), -EIO);
	fclose(f);
	pw_baseline_free(b);
}

static void parse_takes_members_in_any_order_and_skips_unknown_ones(void **state)
{
	static const char doc[] =
		"{ \"comment\": {\"nested\": [1, {\"x\": null}, \"s\", 2.5e3, true]},\n"
		"  \"listeners\": [\n"
		"    {\"netns\": null, \"pid\": 1234, \"exe\": \"/usr/sbin/sshd\",\n"
		"     \"port\": 22, \"process\": \"sshd\", \"address\": \"0.0.0.0\",\n"
		"     \"proto\": \"tcp\", \"inode\": [1, 2, {\"a\": []}],\n"
		"     \"a very long member name that fits no key buffer\": 0},\n"
		"    {\"proto\":\"udp\",\"address\":\"::\",\"port\":\"ephemeral\",\"process\":null,"
		"\"exe\":null,\"netns\":\"blue\"}\n"
		"  ],\n"
		"  \"kind\": \"portwatch-baseline\", \"future\": \"field\", \"schema\": 1 }\n";
	struct pw_baseline *b = NULL;
	struct pw_error err;

	(void)state;
	assert_int_equal(parse(doc, &b, &err), 0);
	assert_non_null(b);
	assert_int_equal(b->n, 2);
	assert_null(b->version);
	assert_null(b->host);
	assert_null(b->time);
	assert_int_equal(b->entries[0].proto, PW_PROTO_TCP);
	assert_int_equal(b->entries[0].port, 22);
	assert_false(b->entries[0].ephemeral);
	assert_string_equal(b->entries[0].process, "sshd");
	assert_string_equal(b->entries[0].exe, "/usr/sbin/sshd");
	assert_int_equal(b->entries[0].ref, 3);
	assert_int_equal(b->entries[1].proto, PW_PROTO_UDP);
	assert_true(b->entries[1].ephemeral);
	assert_int_equal(b->entries[1].port, 0);
	assert_int_equal(b->entries[1].family, AF_INET6);
	assert_null(b->entries[1].process);
	assert_string_equal(b->entries[1].netns, "blue");
	assert_int_equal(b->entries[1].ref, 7);
	pw_baseline_free(b);
}

#define HEAD "{\"schema\":1,\"kind\":\"portwatch-baseline\",\"listeners\":[\n"
#define TAIL "\n]}\n"
#define SSHD                                                                           \
	"{\"proto\":\"tcp\",\"address\":\"0.0.0.0\",\"port\":22,\"process\":\"sshd\"," \
	"\"exe\":\"/usr/sbin/sshd\",\"netns\":null}"

static void parse_drops_duplicate_listeners(void **state)
{
	struct pw_baseline *b = NULL;
	struct pw_error err;

	(void)state;
	assert_int_equal(parse(HEAD SSHD ",\n" SSHD ",\n" SSHD TAIL, &b, &err), 0);
	assert_int_equal(b->n, 1);
	assert_int_equal(b->entries[0].ref, 2);
	assert_true(b->sorted);
	pw_baseline_free(b);
}

static void parse_stores_addresses_as_inet_ntop_writes_them(void **state)
{
	static const struct {
		const char *in, *out;
		int family;
	} cases[] = {
		{ "::0", "::", AF_INET6 },
		{ "0:0:0:0:0:0:0:1", "::1", AF_INET6 },
		{ "FE80::A", "fe80::a", AF_INET6 },
		{ "::FFFF:192.0.2.1", "::ffff:192.0.2.1", AF_INET6 },
		{ "10.0.0.1", "10.0.0.1", AF_INET },
	};
	char doc[512];

	(void)state;
	for (size_t i = 0; i < PW_ARRAY_SIZE(cases); i++) {
		struct pw_baseline *b = NULL;
		struct pw_error err;

		snprintf(doc, sizeof(doc),
			 HEAD "{\"proto\":\"tcp\",\"address\":\"%s\",\"port\":1,\"process\":null,"
			      "\"exe\":null,\"netns\":null}" TAIL,
			 cases[i].in);
		assert_int_equal(parse(doc, &b, &err), 0);
		assert_string_equal(b->entries[0].addr, cases[i].out);
		assert_int_equal(b->entries[0].family, cases[i].family);
		pw_baseline_free(b);
	}
}

/* tmpl with its '@' replaced by value, into doc. */
static void fill_mark(char *doc, size_t size, const char *tmpl, const char *value)
{
	const char *mark = strchr(tmpl, '@');

	assert_non_null(mark);
	snprintf(doc, size, "%.*s%s%s", (int)(mark - tmpl), tmpl, value, mark + 1);
}

/*
 * Parse tmpl with its '@' replaced by value: it must fail with -EINVAL at
 * the '@' (line and column counted in tmpl, which is ASCII), the message
 * holding what, and leave *out NULL.
 */
static void assert_refused_at_mark(const char *tmpl, const char *value, const char *what)
{
	struct pw_baseline *b = &not_set;
	unsigned line = 1, col = 1;
	struct pw_error err;
	char doc[1024];
	int rc;

	fill_mark(doc, sizeof(doc), tmpl, value);
	for (const char *p = tmpl; *p != '@'; p++) {
		if (*p == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	rc = parse(doc, &b, &err);
	if (rc != -EINVAL)
		fail_msg("%s: returned %d", doc, rc);
	assert_null(b);
	assert_non_null(err.file);
	assert_string_equal(err.file, FILE_NAME);
	if (!strstr(err.msg, what))
		fail_msg("%s: message \"%s\" lacks \"%s\"", doc, err.msg, what);
	if (err.line != line || err.col != col)
		fail_msg("%s: at %u:%u, not %u:%u (%s)", doc, err.line, err.col, line, col,
			 err.msg);
}

/* A document refused where tmpl has its '@', once value is put there. */
struct refusal {
	const char *tmpl;
	const char *value;
	const char *what; /* in the message */
};

static void assert_refused_each(const struct refusal *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		assert_refused_at_mark(rows[i].tmpl, rows[i].value, rows[i].what);
}

#define SCHEMA_AT "{\"schema\":@,\"kind\":\"portwatch-baseline\",\"listeners\":[]}"
#define KIND_AT "{\"schema\":1,\n\"kind\":@,\"listeners\":[]}"

static void parse_refuses_other_schemas_and_kinds(void **state)
{
	static const struct refusal rows[] = {
		{ SCHEMA_AT, "2", "unsupported schema 2" },
		{ SCHEMA_AT, "0", "unsupported schema 0" },
		{ SCHEMA_AT, "99999999999999999999", "out of range" },
		{ SCHEMA_AT, "\"1\"", "expected an integer" },
		{ SCHEMA_AT, "1.0", "expected an integer" },
		{ KIND_AT, "\"portwatch-policy\"", "not a baseline" },
		{ KIND_AT, "null", "expected a string" },
		{ "@[]", "", "expected an object" },
		{ "@", "", "the end of the input" },
	};

	(void)state;
	assert_refused_each(rows, PW_ARRAY_SIZE(rows));
}

static void parse_refuses_missing_or_repeated_top_members(void **state)
{
	static const struct refusal rows[] = {
		{ "@{\"kind\":\"portwatch-baseline\",\"listeners\":[]}", "", "no \"schema\"" },
		{ "@{\"schema\":1,\"listeners\":[]}", "", "no \"kind\"" },
		{ "\n @{\"schema\":1,\"kind\":\"portwatch-baseline\"}", "", "no \"listeners\"" },
		{ "{\"schema\":1,\"schema\":@,\"kind\":\"portwatch-baseline\",\"listeners\":[]}",
		  "1", "\"schema\" given twice" },
		{ "{\"schema\":1,\"kind\":\"portwatch-baseline\",\"listeners\":[],\"listeners\":@}",
		  "[]", "\"listeners\" given twice" },
		{ "{\"schema\":1,\"kind\":\"portwatch-baseline\",\"listeners\":@}", "{}",
		  "expected an array" },
		{ HEAD "@" TAIL, "1", "expected an object" },
		{ HEAD SSHD TAIL "@", "x", "expected the end of the document" },
	};

	(void)state;
	assert_refused_each(rows, PW_ARRAY_SIZE(rows));
}

static void parse_refuses_a_listener_without_any_field(void **state)
{
	static const char *const fields[] = {
		"proto", "address", "port", "process", "exe", "netns"
	};
	static const char *const members[] = {
		"\"proto\":\"tcp\"", "\"address\":\"::\"", "\"port\":1",
		"\"process\":null",  "\"exe\":null",	   "\"netns\":null",
	};

	(void)state;
	for (size_t drop = 0; drop < 6; drop++) {
		char tmpl[512] = HEAD SSHD ",\n  @{", want[64];

		for (size_t i = 0, n = 0; i < 6; i++) {
			if (i == drop)
				continue;
			if (n++)
				strcat(tmpl, ",");
			strcat(tmpl, members[i]);
		}
		strcat(tmpl, "}" TAIL);
		snprintf(want, sizeof(want), "listener without \"%s\"", fields[drop]);
		assert_refused_at_mark(tmpl, "", want);
	}
}

#define HEAD_OTHERS                                                                         \
	HEAD "{\"proto\":\"tcp\",\"address\":\"0.0.0.0\",\"port\":22,\"process\":\"sshd\"," \
	     "\"exe\":\"/usr/sbin/sshd\",\"netns\":null,\"other_holders\":"

#define LISTENER_PORT                                                                  \
	HEAD "{\"proto\":\"udp\",\"address\":\"0.0.0.0\",\"port\":@,\"process\":null," \
	     "\"exe\":null,\"netns\":null}" TAIL

static void parse_refuses_bad_ports(void **state)
{
	static const char *const bad_type[] = { "\"80\"", "\"Ephemeral\"", "\"ephemeral \"", "\"\"",
						"true",	  "null",	   "[80]",	     "{}" };
	struct pw_baseline *b = NULL;
	struct pw_error err;
	char doc[512];

	(void)state;
	assert_refused_at_mark(LISTENER_PORT, "65536", "65536 is out of range (0 to 65535)");
	assert_refused_at_mark(LISTENER_PORT, "-1", "out of range");
	assert_refused_at_mark(LISTENER_PORT, "22.5", "fraction");
	assert_refused_at_mark(LISTENER_PORT, "2e1", "fraction");
	for (size_t i = 0; i < PW_ARRAY_SIZE(bad_type); i++)
		assert_refused_at_mark(LISTENER_PORT, bad_type[i],
				       "expected a port from 0 to 65535 or \"ephemeral\"");
	/* The ends of the range and the class read. */
	fill_mark(doc, sizeof(doc), LISTENER_PORT, "65535");
	assert_int_equal(parse(doc, &b, &err), 0);
	assert_int_equal(b->entries[0].port, 65535);
	pw_baseline_free(b);
	fill_mark(doc, sizeof(doc), LISTENER_PORT, "0");
	assert_int_equal(parse(doc, &b, &err), 0);
	assert_int_equal(b->entries[0].port, 0);
	assert_false(b->entries[0].ephemeral);
	pw_baseline_free(b);
}

static void parse_tidies_other_holders_and_refuses_bad_ones(void **state)
{
	static const char doc[] =
		HEAD_OTHERS "[{\"exe\":null,\"process\":\"b\",\"pid\":3},"
			    "{\"process\":\"a\",\"exe\":\"/a\"},{\"process\":\"b\",\"exe\":null},"
			    "{\"process\":\"sshd\",\"exe\":\"/usr/sbin/sshd\"}]}" TAIL;
	static const struct refusal rows[] = {
		{ HEAD_OTHERS "@}" TAIL, "{}", "expected an array" },
		{ HEAD_OTHERS "[@]}" TAIL, "{\"process\":\"a\"}", "holder without \"exe\"" },
		{ HEAD_OTHERS "[@]}" TAIL, "{\"exe\":null}", "holder without \"process\"" },
		{ HEAD_OTHERS "[{\"exe\":null,\"exe\":@}]}" TAIL, "null", "\"exe\" given twice" },
		{ HEAD_OTHERS "[{\"process\":@,\"exe\":null}]}" TAIL, "1", "string or null" },
		{ HEAD_OTHERS "[],\"other_holders\":@}" TAIL, "[]", "given twice" },
	};
	struct pw_baseline *b = NULL;
	struct pw_error err;

	(void)state;
	assert_int_equal(parse(doc, &b, &err), 0);
	assert_int_equal(b->n, 1);
	/* Sorted, each once, and not the holder the entry is named by. */
	assert_int_equal(b->entries[0].nothers, 2);
	assert_string_equal(b->entries[0].others[0].process, "a");
	assert_string_equal(b->entries[0].others[0].exe, "/a");
	assert_string_equal(b->entries[0].others[1].process, "b");
	assert_null(b->entries[0].others[1].exe);
	pw_baseline_free(b);
	assert_refused_each(rows, PW_ARRAY_SIZE(rows));
}

static void parse_takes_ephemeral_only_for_udp_and_udplite(void **state)
{
	static const char *const protos[] = { "tcp", "raw", "sctp" };
	struct pw_baseline *b = NULL;
	struct pw_error err;
	char tmpl[512];

	(void)state;
	for (size_t i = 0; i < PW_ARRAY_SIZE(protos); i++) {
		snprintf(tmpl, sizeof(tmpl),
			 HEAD "{\"port\":@,\"proto\":\"%s\",\"address\":\"::\",\"process\":null,"
			      "\"exe\":null,\"netns\":null}" TAIL,
			 protos[i]);
		assert_refused_at_mark(tmpl, "\"ephemeral\"", "only for udp and udplite");
	}
	assert_int_equal(parse(HEAD
			       "{\"port\":\"ephemeral\",\"proto\":\"udplite\",\"address\":\"::\","
			       "\"process\":null,\"exe\":null,\"netns\":null}" TAIL,
			       &b, &err),
			 0);
	assert_true(b->entries[0].ephemeral);
	assert_int_equal(b->entries[0].proto, PW_PROTO_UDPLITE);
	pw_baseline_free(b);
}

#define LISTENER_FIELD(proto, address, process)                                             \
	HEAD "{\"proto\":" proto ",\"address\":" address ",\"port\":1,\"process\":" process \
	     ",\"exe\":null,\"netns\":null}" TAIL
#define PROTO_AT LISTENER_FIELD("@", "\"::\"", "null")
#define ADDRESS_AT LISTENER_FIELD("\"tcp\"", "@", "null")
#define PROCESS_AT LISTENER_FIELD("\"tcp\"", "\"::\"", "@")
#define IN_PROCESS_AT LISTENER_FIELD("\"tcp\"", "\"::\"", "\"a@\"")

static void parse_refuses_bad_protocols_addresses_and_strings(void **state)
{
	static const struct refusal rows[] = {
		{ PROTO_AT, "\"icmp\"", "unknown protocol" },
		{ PROTO_AT, "\"TCP\"", "unknown protocol" },
		{ PROTO_AT, "\"\"", "unknown protocol" },
		{ PROTO_AT, "\"?\"", "unknown protocol" },
		{ PROTO_AT, "6", "expected a string" },
		{ PROTO_AT, "null", "expected a string" },
		{ ADDRESS_AT, "\"[::1]\"", "not an IPv4 or IPv6 address" },
		{ ADDRESS_AT, "\"0.0.0.0:22\"", "not an IPv4 or IPv6 address" },
		{ ADDRESS_AT, "\"localhost\"", "not an IPv4 or IPv6 address" },
		{ ADDRESS_AT, "\"1.2.3\"", "not an IPv4 or IPv6 address" },
		{ ADDRESS_AT, "\"\"", "not an IPv4 or IPv6 address" },
		{ ADDRESS_AT, "null", "expected a string" },
		{ PROCESS_AT, "7", "expected a string or null" },
		/* Inside a string the error is where the bad character starts. */
		{ IN_PROCESS_AT, "\\u0000", "\\u0000" },
		{ IN_PROCESS_AT, "\xff", "invalid UTF-8" },
		{ HEAD "{\"proto\":\"tcp\",\"proto\":@}" TAIL, "\"udp\"", "\"proto\" given twice" },
	};

	(void)state;
	assert_refused_each(rows, PW_ARRAY_SIZE(rows));
}

static void parse_refuses_strings_over_the_limit(void **state)
{
	size_t n = PW_BASELINE_STR_MAX + 1;
	char *doc = malloc(n + 512), *p;
	struct pw_baseline *b = NULL;
	struct pw_error err;

	(void)state;
	assert_non_null(doc);
	p = doc + sprintf(doc, HEAD "{\"proto\":\"tcp\",\"address\":\"::\",\"port\":1,\"exe\":\"");
	memset(p, 'x', n);
	p += n;
	strcpy(p, "\",\"process\":null,\"netns\":null}" TAIL);
	assert_int_equal(parse(doc, &b, &err), -EINVAL);
	assert_null(b);
	assert_non_null(strstr(err.msg, "longer than"));
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 46);
	/* One byte less reads. */
	p = doc + sizeof(HEAD) - 1 + 46;
	memmove(p, p + 1, strlen(p + 1) + 1);
	assert_int_equal(parse(doc, &b, &err), 0);
	assert_int_equal(strlen(b->entries[0].exe), PW_BASELINE_STR_MAX);
	pw_baseline_free(b);
	free(doc);
}

static void parse_refuses_files_over_the_size_limit_unread(void **state)
{
	size_t len = (size_t)PW_BASELINE_MAX_SIZE + 1;
	/* Not readable at all: the size alone must refuse it. */
	void *buf = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	struct pw_baseline *b = &not_set;
	struct pw_error err = { 0 };

	(void)state;
	assert_true(buf != MAP_FAILED);
	assert_int_equal(pw_baseline_parse(buf, len, FILE_NAME, &b, &err), -EFBIG);
	assert_null(b);
	assert_string_equal(err.file, FILE_NAME);
	assert_non_null(strstr(err.msg, "larger than"));
	assert_int_equal(munmap(buf, len), 0);
}

static void parse_without_an_error_record_still_fails(void **state)
{
	struct pw_baseline *b = NULL;

	(void)state;
	assert_int_equal(pw_baseline_parse("{", 1, NULL, &b, NULL), -EINVAL);
	assert_null(b);
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
		cmocka_unit_test(write_gives_one_listener_a_line),
		cmocka_unit_test(write_lists_other_holders_only_when_there_are_any),
		cmocka_unit_test(a_baseline_without_other_holders_still_matches_both_ways),
		cmocka_unit_test(write_of_an_empty_set_is_a_valid_baseline),
		cmocka_unit_test(write_then_parse_round_trips_byte_exact),
		cmocka_unit_test(every_truncation_of_a_written_file_is_refused),
		cmocka_unit_test(write_reports_a_stream_error),
		cmocka_unit_test(parse_takes_members_in_any_order_and_skips_unknown_ones),
		cmocka_unit_test(parse_drops_duplicate_listeners),
		cmocka_unit_test(parse_stores_addresses_as_inet_ntop_writes_them),
		cmocka_unit_test(parse_refuses_other_schemas_and_kinds),
		cmocka_unit_test(parse_refuses_missing_or_repeated_top_members),
		cmocka_unit_test(parse_refuses_a_listener_without_any_field),
		cmocka_unit_test(parse_refuses_bad_ports),
		cmocka_unit_test(parse_tidies_other_holders_and_refuses_bad_ones),
		cmocka_unit_test(parse_takes_ephemeral_only_for_udp_and_udplite),
		cmocka_unit_test(parse_refuses_bad_protocols_addresses_and_strings),
		cmocka_unit_test(parse_refuses_strings_over_the_limit),
		cmocka_unit_test(parse_refuses_files_over_the_size_limit_unread),
		cmocka_unit_test(parse_without_an_error_record_still_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
