/* SPDX-License-Identifier: MIT */
/* Unit tests of baseline_file.c: writing a baseline, reading it back, every refusal. */
/* fopencookie is a GNU extension. */
#define _GNU_SOURCE
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

#include "baselinefix.h"

/* What a failed parse must overwrite with NULL. */
static struct pw_baseline not_set;

/* --- the file ----------------------------------------------------------------- */

static void write_gives_one_listener_a_line(void **state)
{
	struct pw_proc sshd = bl_proc_of(1, "sshd", "/usr/sbin/sshd");
	struct pw_proc res = bl_proc_of(2, "systemd-resolve", NULL);
	struct pw_sock ssh = bl_sock_at(PW_PROTO_TCP, "0.0.0.0", 22);
	struct pw_sock dns = bl_sock_at(PW_PROTO_UDP, "::", 39999);
	struct pw_baseline *b = pw_baseline_new();
	char *text;

	(void)state;
	bl_add_sock(b, &dns, &res, "blue", true, 0);
	bl_add_sock(b, &ssh, &sshd, NULL, false, 0);
	pw_baseline_sort(b);
	text = bl_write_str(b, "h", NULL, NULL);
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
	struct pw_proc init = bl_proc_of(1, "systemd", "/usr/lib/systemd/systemd");
	struct pw_proc daemon = bl_proc_of(46, "cockpit-ws", NULL);
	struct pw_proc sshd = bl_proc_of(612, "sshd", "/usr/sbin/sshd");
	const struct pw_proc *procs[] = { &init, &daemon };
	struct pw_sock web = bl_sock_at(PW_PROTO_TCP, "::", 9090);
	struct pw_sock ssh = bl_sock_at(PW_PROTO_TCP, "0.0.0.0", 22);
	struct pw_baseline *b = pw_baseline_new(), *back = NULL;
	struct pw_baseline_entry e = bl_ident_n(&web, procs, 2);
	struct pw_error err;
	char *text, *again;

	(void)state;
	pw_baseline_add(b, &e);
	bl_add_sock(b, &ssh, &sshd, NULL, false, 0);
	pw_baseline_sort(b);
	text = bl_write_str(b, "h", NULL, NULL);
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
	assert_int_equal(bl_parse(text, &back, &err), 0);
	assert_int_equal(back->n, 2);
	for (size_t i = 0; i < 2; i++)
		assert_int_equal(pw_baseline_entry_cmp(&back->entries[i], &b->entries[i]), 0);
	again = bl_write_str(back, "h", NULL, NULL);
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
	struct pw_proc init = bl_proc_of(1, "systemd", "/usr/lib/systemd/systemd");
	struct pw_proc daemon = bl_proc_of(46, "cockpit-ws", "/usr/libexec/cockpit-ws");
	struct pw_proc master = bl_proc_of(900, "master", "/usr/lib/postfix/sbin/master");
	struct pw_proc smtpd = bl_proc_of(100, "smtpd", "/usr/lib/postfix/sbin/smtpd");
	struct pw_sock mail = bl_sock_at(PW_PROTO_TCP, "0.0.0.0", 25);
	struct pw_sock web = bl_sock_at(PW_PROTO_TCP, "::", 9090);
	const struct pw_proc *mail_by[] = { &smtpd, &master };
	const struct pw_proc *web_by[] = { &daemon, &init };
	struct pw_baseline *old = NULL, *now = pw_baseline_new();
	struct pw_baseline_entry e;
	struct pw_error err;

	(void)state;
	assert_int_equal(bl_parse(doc, &old, &err), 0);
	assert_int_equal(old->n, 2);
	assert_int_equal(old->entries[0].nothers, 0);
	e = bl_ident_n(&mail, mail_by, 2);
	pw_baseline_add(now, &e);
	e = bl_ident_n(&web, web_by, 2);
	pw_baseline_add(now, &e);
	pw_baseline_sort(now);
	/* Both old entries named a holder that is no longer the one named. */
	assert_string_equal(now->entries[0].process, "master");
	assert_string_equal(now->entries[1].process, "cockpit-ws");
	bl_assert_same_listeners(old, now);
	pw_baseline_free(old);
	pw_baseline_free(now);
}

static void write_of_an_empty_set_is_a_valid_baseline(void **state)
{
	struct pw_baseline *b = pw_baseline_new(), *back = NULL;
	struct pw_error err;
	char *text;

	(void)state;
	text = bl_write_str(b, NULL, "2024-05-06T07:08:09Z", NULL);
	assert_string_equal(
		text, "{\"schema\":1,\"kind\":\"portwatch-baseline\",\"version\":\"" PW_VERSION
		      "\",\"host\":null,\"time\":\"2024-05-06T07:08:09Z\","
		      "\"listeners\":[\n]}\n");
	assert_int_equal(bl_parse(text, &back, &err), 0);
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
		bl_proc_of(1, "we\"ird\\ \x01\x7f\t\n", "/opt/caf\xc3\xa9/\xf0\x9f\x98\x80");
	struct pw_proc bad = bl_proc_of(2, "x\xff", "/tmp/\xc3(deleted) (deleted)");
	struct pw_proc plain = bl_proc_of(3, "d", "/d");
	struct pw_baseline *b = pw_baseline_new();
	static const char *const addrs[] = { "0.0.0.0", "127.0.0.1", "::",
					     "::1",	"fe80::1:2", "::ffff:192.0.2.1" };
	static const char *const nss[] = { NULL, "blue", "caf\xc3\xa9" };
	size_t ref = 0;

	for (unsigned proto = 0; proto < PW_PROTO_COUNT; proto++) {
		for (size_t a = 0; a < PW_ARRAY_SIZE(addrs); a++) {
			struct pw_sock s =
				bl_sock_at(proto, addrs[a], (uint16_t)(1000 * proto + a));
			const struct pw_proc *p = a % 3 == 0 ? &odd : a % 3 == 1 ? &bad : &plain;

			bl_add_sock(b, &s, a == 5 ? NULL : p, nss[a % 3], false, ref++);
			bl_add_sock(b, &s, p, nss[(a + 1) % 3], true, ref++);
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
	one = bl_write_str(b, "host \"one\"\n", "2024-01-02T03:04:05Z", &len1);
	assert_int_equal(bl_parse_n(one, len1, &back, &err), 0);
	assert_int_equal(back->n, b->n);
	for (size_t i = 0; i < b->n; i++) {
		char want[512], got[512];

		bl_entry_text(&b->entries[i], want, sizeof(want));
		bl_entry_text(&back->entries[i], got, sizeof(got));
		assert_string_equal(got, want);
		assert_int_equal(pw_baseline_entry_cmp(&back->entries[i], &b->entries[i]), 0);
		assert_int_equal(back->entries[i].family, b->entries[i].family);
		/* The line the listener is on (the header is line 1). */
		assert_int_equal(back->entries[i].ref, i + 2);
	}
	assert_string_equal(back->version, PW_VERSION);
	assert_string_equal(back->host, "host \"one\"\n");
	assert_string_equal(back->time, "2024-01-02T03:04:05Z");
	two = bl_write_str(back, back->host, back->time, &len2);
	assert_int_equal(len2, len1);
	assert_memory_equal(two, one, len1);
	free(one);
	free(two);
	pw_baseline_free(back);
	pw_baseline_free(b);
}

static void every_truncation_of_a_written_file_is_refused(void **state)
{
	struct pw_baseline *b = bl_host_set(1, 40000, 1), *back;
	struct pw_error err;
	size_t len;
	char *text = bl_write_str(b, "h", "t", &len);

	(void)state;
	/* Only the final newline may go. */
	assert_int_equal(bl_parse_n(text, len - 1, &back, &err), 0);
	pw_baseline_free(back);
	for (size_t n = 0; n < len - 1; n++) {
		back = &not_set;
		if (bl_parse_n(text, n, &back, &err) != -EINVAL)
			fail_msg("%zu of %zu bytes read", n, len);
		assert_null(back);
		assert_string_equal(err.file, BL_FILE);
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
	struct pw_baseline *b = bl_host_set(1, 40000, 1);
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
	assert_int_equal(bl_parse(doc, &b, &err), 0);
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
	assert_int_equal(bl_parse(HEAD SSHD ",\n" SSHD ",\n" SSHD TAIL, &b, &err), 0);
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
		assert_int_equal(bl_parse(doc, &b, &err), 0);
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
	rc = bl_parse(doc, &b, &err);
	if (rc != -EINVAL)
		fail_msg("%s: returned %d", doc, rc);
	assert_null(b);
	assert_non_null(err.file);
	assert_string_equal(err.file, BL_FILE);
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
	assert_int_equal(bl_parse(doc, &b, &err), 0);
	assert_int_equal(b->entries[0].port, 65535);
	pw_baseline_free(b);
	fill_mark(doc, sizeof(doc), LISTENER_PORT, "0");
	assert_int_equal(bl_parse(doc, &b, &err), 0);
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
	assert_int_equal(bl_parse(doc, &b, &err), 0);
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
	assert_int_equal(
		bl_parse(HEAD "{\"port\":\"ephemeral\",\"proto\":\"udplite\",\"address\":\"::\","
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
	assert_int_equal(bl_parse(doc, &b, &err), -EINVAL);
	assert_null(b);
	assert_non_null(strstr(err.msg, "longer than"));
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 46);
	/* One byte less reads. */
	p = doc + sizeof(HEAD) - 1 + 46;
	memmove(p, p + 1, strlen(p + 1) + 1);
	assert_int_equal(bl_parse(doc, &b, &err), 0);
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
	assert_int_equal(pw_baseline_parse(buf, len, BL_FILE, &b, &err), -EFBIG);
	assert_null(b);
	assert_string_equal(err.file, BL_FILE);
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
