/* SPDX-License-Identifier: MIT */
/* Unit tests of snapshot.c: a baseline or a starter policy from what listens now. */
/* open_memstream is POSIX 2008. */
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

#include <cmocka.h>

#include "checkfix.h"

/* --- baselines ------------------------------------------------------------ */

static void snapshot_baseline_is_sorted_deduplicated_with_refs(void **state)
{
	struct pw_listeners ls = { 0 };
	struct pw_baseline *b;

	(void)state;
	ck_add(&ls, PW_PROTO_UDP, "0.0.0.0", 40001, CK_HOLDERS(ck_by_resolved));  /* 0 */
	ck_add(&ls, PW_PROTO_TCP, "0.0.0.0", 80, CK_HOLDERS(ck_by_nginx));	  /* 1 */
	ck_add(&ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));	  /* 2 */
	ck_add(&ls, PW_PROTO_UDP, "0.0.0.0", 40002, CK_HOLDERS(ck_by_resolved));  /* 3: as 0 */
	ck_add(&ls, PW_PROTO_TCP, "0.0.0.0", 80, CK_HOLDERS(ck_by_nginx_worker)); /* 4: as 1 */
	b = pw_snapshot_baseline(&ls, "blue");
	assert_true(b->sorted);
	assert_int_equal(b->n, 3);
	for (size_t i = 1; i < b->n; i++)
		assert_true(pw_baseline_entry_cmp(&b->entries[i - 1], &b->entries[i]) < 0);
	assert_int_equal(b->entries[0].port, 22);
	assert_int_equal(b->entries[0].ref, 2);
	assert_int_equal(b->entries[1].port, 80);
	assert_int_equal(b->entries[1].ref, 1);
	assert_true(b->entries[2].ephemeral);
	assert_int_equal(b->entries[2].ref, 0);
	for (size_t i = 0; i < b->n; i++)
		assert_string_equal(b->entries[i].netns, "blue");
	pw_baseline_free(b);
	b = pw_snapshot_baseline(&(struct pw_listeners){ 0 }, NULL);
	assert_int_equal(b->n, 0);
	pw_baseline_free(b);
	pw_listeners_fini(&ls);
}

/* --- starter policies ----------------------------------------------------- */

static char *ck_snapshot(const struct pw_listeners *ls, const char *host)
{
	char *text = NULL;

	CK_CAPTURE(text,
		   assert_int_equal(pw_snapshot_policy(f, ls, host, "2024-05-06T07:08:09Z"), 0));
	return text;
}

/* The allow lines of a starter policy, in order, as one string with newlines. */
static char *ck_allow_lines(const char *text)
{
	char *out = NULL, *line;
	size_t size = 0;
	FILE *f = open_memstream(&out, &size);

	assert_non_null(f);
	for (size_t i = 0; (line = ck_line(text, i)); i++) {
		if (!strncmp(line, "allow ", 6))
			fprintf(f, "%s\n", line);
		else if (line[0] && line[0] != '#')
			fail_msg("line %zu is neither a comment nor an allow line: %s", i + 1,
				 line);
		free(line);
	}
	assert_int_equal(fclose(f), 0);
	return out;
}

static const struct pw_proc ck_cupsd = CK_PROC(20, "cupsd", "/usr/sbin/cupsd");
static const struct pw_proc ck_java = CK_PROC(21, "java", "/usr/lib/jvm/bin/java");
static const struct pw_proc ck_firefox = CK_PROC(22, "Web Content", "/usr/lib/firefox/firefox");
static const struct pw_proc ck_nameless = CK_PROC(23, "bad name", NULL);
/* If its name reached the policy raw, it would add a line allowing tcp *:9999. */
static const struct pw_proc ck_injector = CK_PROC(24, "x\nallow tcp *:9999\n", "/usr/bin/avahi");
static const struct pw_proc ck_sctpd = CK_PROC(25, "sctpd", "/usr/bin/sctpd");
static const struct pw_proc ck_ping = CK_PROC(26, "ping", "/bin/ping");
static const struct pw_proc ck_dnsmasq = CK_PROC(27, "dnsmasq", "/usr/sbin/dnsmasq");
static const struct pw_proc ck_deleted = CK_PROC(28, "#hash", "/usr/bin/old (deleted)");

static const struct pw_proc *const ck_by_cupsd[] = { &ck_cupsd };
static const struct pw_proc *const ck_by_java[] = { &ck_java };
static const struct pw_proc *const ck_by_firefox[] = { &ck_firefox };
static const struct pw_proc *const ck_by_nameless[] = { &ck_nameless };
static const struct pw_proc *const ck_by_injector[] = { &ck_injector };
static const struct pw_proc *const ck_by_sctpd[] = { &ck_sctpd };
static const struct pw_proc *const ck_by_ping[] = { &ck_ping };
static const struct pw_proc *const ck_by_dnsmasq[] = { &ck_dnsmasq };
static const struct pw_proc *const ck_by_deleted[] = { &ck_deleted };

/* Every kind of listener a starter policy must describe, and the line each gets. */
static const struct ck_snap_case {
	unsigned proto;
	const char *addr;
	uint16_t port;
	const struct pw_proc *const *holders;
	size_t n;
	const char *rule;
} ck_snap_cases[] = {
	{ PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd), "allow tcp *:22 process=sshd" },
	{ PW_PROTO_TCP, "::", 22, CK_HOLDERS(ck_by_sshd), "allow tcp *:22 process=sshd" },
	{ PW_PROTO_TCP, "::1", 631, CK_HOLDERS(ck_by_cupsd), "allow tcp [::1]:631 process=cupsd" },
	{ PW_PROTO_TCP, "::ffff:127.0.0.1", 8080, CK_HOLDERS(ck_by_java),
	  "allow tcp 127.0.0.1:8080 process=java" },
	{ PW_PROTO_UDP, "127.0.0.53", 40000, CK_HOLDERS(ck_by_resolved),
	  "allow udp 127.0.0.53:ephemeral process=systemd-resolve" },
	{ PW_PROTO_TCP, "0.0.0.0", 45000, CK_HOLDERS(ck_by_nginx),
	  "allow tcp *:45000 process=nginx" },
	{ PW_PROTO_TCP, "10.0.0.5", 3000, CK_HOLDERS(ck_by_firefox),
	  "allow tcp 10.0.0.5:3000 exe=/usr/lib/firefox/firefox" },
	{ PW_PROTO_TCP, "0.0.0.0", 25, CK_NOBODY, "allow tcp *:25" },
	{ PW_PROTO_TCP, "0.0.0.0", 7000, CK_HOLDERS(ck_by_nameless), "allow tcp *:7000" },
	{ PW_PROTO_UDP, "0.0.0.0", 5353, CK_HOLDERS(ck_by_injector),
	  "allow udp *:5353 exe=/usr/bin/avahi" },
	{ PW_PROTO_SCTP, "fe80::1", 9899, CK_HOLDERS(ck_by_sctpd),
	  "allow sctp [fe80::1]:9899 process=sctpd" },
	{ PW_PROTO_RAW, "0.0.0.0", 1, CK_HOLDERS(ck_by_ping), "allow raw *:1 process=ping" },
	/* A client socket with no known holder keeps its number: no class for everyone. */
	{ PW_PROTO_UDP, "0.0.0.0", 41000, CK_NOBODY, "allow udp *:41000" },
	{ PW_PROTO_UDPLITE, "::", 7001, CK_HOLDERS(ck_by_deleted), "allow udplite *:7001" },
};

static void ck_snap_listeners(struct pw_listeners *ls)
{
	for (size_t i = 0; i < PW_ARRAY_SIZE(ck_snap_cases); i++) {
		const struct ck_snap_case *k = &ck_snap_cases[i];

		ck_add(ls, k->proto, k->addr, k->port, k->holders, k->n);
	}
}

static enum pw_verdict ck_verdict(const struct pw_policy *p, const struct pw_listener *l)
{
	struct pw_policy_subject s = {
		.sock = &l->sock,
		.procs = l->rec.procs,
		.nprocs = l->rec.nprocs,
	};

	return pw_policy_judge(p, &s, &ck_hp, NULL, NULL, NULL);
}

static char ck_odd_name[] = "a b";
/* A name a policy word cannot hold. */
static const struct pw_netns ck_ns_odd = { .inode = 4026532401u, .name = ck_odd_name };

static void snapshot_policy_writes_a_line_per_distinct_rule(void **state)
{
	struct pw_listeners ls = { 0 };
	char *text, *allows, *line;

	(void)state;
	ck_snap_listeners(&ls);
	text = ck_snapshot(&ls, "h\x1b"
				"1");
	line = ck_line(text, 0);
	assert_string_equal(line, "# portwatch policy (portwatch.policy(5)), written by portwatch "
				  "snapshot on h\\x1b1 at 2024-05-06T07:08:09Z.");
	free(line);
	allows = ck_allow_lines(text);
	/* Sorted by rule; the two sshd listeners share one. */
	assert_string_equal(allows, "allow raw *:1 process=ping\n"
				    "allow sctp [fe80::1]:9899 process=sctpd\n"
				    "allow tcp *:22 process=sshd\n"
				    "allow tcp *:25\n"
				    "allow tcp *:45000 process=nginx\n"
				    "allow tcp *:7000\n"
				    "allow tcp 10.0.0.5:3000 exe=/usr/lib/firefox/firefox\n"
				    "allow tcp 127.0.0.1:8080 process=java\n"
				    "allow tcp [::1]:631 process=cupsd\n"
				    "allow udp *:41000\n"
				    "allow udp *:5353 exe=/usr/bin/avahi\n"
				    "allow udp 127.0.0.53:ephemeral process=systemd-resolve\n"
				    "allow udplite *:7001\n");
	/* Each rule follows a comment describing its listener. */
	assert_non_null(strstr(text, "\n# tcp 0.0.0.0:22 (ssh, well-known, wildcard) sshd[612] "
				     "user=0 (and 1 more like it)\nallow tcp *:22 process=sshd\n"));
	assert_non_null(strstr(text, "\n# tcp 0.0.0.0:7000 (afs3-fileserver, registered, "
				     "wildcard) bad name[23] user=0\n# (its process name cannot be "
				     "written in a policy)\nallow tcp *:7000\n"));
	/* No holder at all: nothing to explain. */
	assert_non_null(strstr(text, "wildcard) - user=0\nallow tcp *:25\n"));
	assert_non_null(strstr(text, "x\\x0aallow tcp *:9999\\x0a[24]"));
	free(allows);
	free(text);
	pw_listeners_fini(&ls);
}

static void snapshot_policy_folds_duplicates(void **state)
{
	struct pw_listeners ls = { 0 };
	char *text;

	(void)state;
	ck_add(&ls, PW_PROTO_TCP, "0.0.0.0", 80, CK_HOLDERS(ck_by_nginx));
	ck_add(&ls, PW_PROTO_TCP, "::", 80, CK_HOLDERS(ck_by_nginx_worker));
	ck_add(&ls, PW_PROTO_TCP, "0.0.0.0", 80, CK_HOLDERS(ck_by_nginx_pair));
	ck_add(&ls, PW_PROTO_UDP, "127.0.0.53", 40000, CK_HOLDERS(ck_by_resolved));
	ck_add(&ls, PW_PROTO_UDP, "127.0.0.53", 50000, CK_HOLDERS(ck_by_resolved));
	text = ck_snapshot(&ls, "h1");
	assert_int_equal(ck_count(text, "\nallow tcp *:80 process=nginx\n"), 1);
	/* The comment describes the first of them, in listing order. */
	assert_non_null(strstr(text, "nginx[800] user=0 (and 2 more like it)\n"
				     "allow tcp *:80 process=nginx\n"));
	assert_int_equal(
		ck_count(text, "\nallow udp 127.0.0.53:ephemeral process=systemd-resolve\n"), 1);
	assert_non_null(strstr(text, "127.0.0.53:40000 "));
	assert_non_null(strstr(text, "(and 1 more like it)\nallow udp"));
	assert_int_equal(ck_count(text, "\nallow "), 2);
	free(text);
	pw_listeners_fini(&ls);
}

/* The starter policy parses, and allows what listened, exactly, line by line. */
static void snapshot_policy_lines_parse_back_and_allow_exactly_their_listeners(void **state)
{
	struct pw_listeners ls = { 0 }, decoys = { 0 };
	struct pw_policy *all;
	char *text, *allows, *line;
	size_t nlines = 0;

	(void)state;
	ck_snap_listeners(&ls);
	text = ck_snapshot(&ls, "h1");
	all = CK_POLICY(text);
	for (size_t i = 0; i < ls.n; i++)
		if (ck_verdict(all, ls.v[i]) != PW_POLICY_ALLOW)
			fail_msg("listener %zu (%s) is not allowed", i, ck_snap_cases[i].rule);

	/* Each line alone allows the listeners it was written for, and no other. */
	allows = ck_allow_lines(text);
	for (size_t k = 0; (line = ck_line(allows, k)); k++, nlines++) {
		struct pw_policy *one = CK_POLICY(line);
		size_t allowed = 0;

		for (size_t i = 0; i < ls.n; i++) {
			bool mine = !strcmp(ck_snap_cases[i].rule, line);

			if ((ck_verdict(one, ls.v[i]) == PW_POLICY_ALLOW) != mine)
				fail_msg("'%s' %s listener %zu (%s)", line,
					 mine ? "does not allow" : "allows", i,
					 ck_snap_cases[i].rule);
			allowed += mine;
		}
		assert_true(allowed > 0);
		pw_policy_free(one);
		free(line);
	}
	assert_int_equal(nlines, PW_ARRAY_SIZE(ck_snap_cases) - 1);

	/* Near misses stay unexpected. */
	ck_add(&decoys, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_backdoor));
	ck_add(&decoys, PW_PROTO_TCP, "0.0.0.0", 9999, CK_HOLDERS(ck_by_injector));
	ck_add(&decoys, PW_PROTO_TCP, "127.0.0.1", 631, CK_HOLDERS(ck_by_cupsd));
	ck_add(&decoys, PW_PROTO_TCP, "0.0.0.0", 8080, CK_HOLDERS(ck_by_java));
	ck_add(&decoys, PW_PROTO_TCP, "0.0.0.0", 45001, CK_HOLDERS(ck_by_nginx));
	ck_add(&decoys, PW_PROTO_UDP, "127.0.0.53", 50000, CK_HOLDERS(ck_by_dnsmasq));
	ck_add(&decoys, PW_PROTO_UDP, "0.0.0.0", 41001, CK_NOBODY);
	ck_add(&decoys, PW_PROTO_TCP, "10.0.0.6", 3000, CK_HOLDERS(ck_by_firefox));
	ck_add(&decoys, PW_PROTO_UDP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&decoys, PW_PROTO_RAW, "0.0.0.0", 6, CK_HOLDERS(ck_by_ping));
	for (size_t i = 0; i < decoys.n; i++) {
		if (ck_verdict(all, decoys.v[i]) != PW_POLICY_UNEXPECTED) {
			char *what = ck_listener_text(decoys.v[i]);

			fail_msg("decoy %zu is allowed: %s", i, what);
		}
	}
	/* The ephemeral class is the point: the resolver on another client port is fine. */
	ck_add(&decoys, PW_PROTO_UDP, "127.0.0.53", 50000, CK_HOLDERS(ck_by_resolved));
	assert_int_equal(ck_verdict(all, decoys.v[decoys.n - 1]), PW_POLICY_ALLOW);

	pw_policy_free(all);
	free(allows);
	free(text);
	pw_listeners_fini(&decoys);
	pw_listeners_fini(&ls);
}

/* A snapshot taken as policy, then checked at once, finds nothing. */
static void check_against_a_fresh_snapshot_is_ok(void **state)
{
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	ck_snap_listeners(&c.ls);
	text = ck_snapshot(&c.ls, NULL);
	assert_non_null(strstr(text, " on ? at "));
	c.policy = CK_POLICY(text);
	c.baseline = pw_snapshot_baseline(&c.ls, NULL);
	ck_judge(&c, true, true);
	if (c.res.n) {
		char *why = ck_render(PW_CHECK_TEXT, &c.res, &ck_meta);

		fail_msg("%zu findings:\n%s", c.res.n, why);
	}
	assert_int_equal(c.res.status, PW_STATUS_OK);
	free(text);
	ck_fini(&c);
}

static void snapshot_policy_of_nothing_is_a_valid_empty_policy(void **state)
{
	struct pw_listeners ls = { 0 };
	struct pw_policy *p;
	char *text;

	(void)state;
	text = ck_snapshot(&ls, "h1");
	assert_null(strstr(text, "\nallow"));
	p = CK_POLICY(text);
	assert_int_equal(pw_policy_nrules(p), 0);
	pw_policy_free(p);
	free(text);
}

/* /dev/full takes nothing: a buffered stream learns it only when flushed. */
static void snapshot_policy_reports_a_write_error(void **state)
{
	struct pw_listeners ls = { 0 };
	FILE *f = fopen("/dev/full", "w");

	(void)state;
	if (!f)
		skip();
	ck_add(&ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	assert_int_equal(pw_snapshot_policy(f, &ls, "h1", NULL), -EIO);
	fclose(f);
	pw_listeners_fini(&ls);
}

static void snapshot_policy_names_the_namespaces_it_can(void **state)
{
	struct pw_listeners ls = { 0 };
	char *text;

	(void)state;
	ck_add_in(&ls, PW_PROTO_TCP, "0.0.0.0", 80, &ck_ns_host, true);
	ck_add_in(&ls, PW_PROTO_TCP, "0.0.0.0", 81, &ck_ns_blue, true);
	ck_add_in(&ls, PW_PROTO_TCP, "0.0.0.0", 82, &ck_ns_anon, true);
	ck_add_in(&ls, PW_PROTO_TCP, "0.0.0.0", 83, &ck_ns_odd, true);
	text = ck_snapshot(&ls, "h1");
	assert_non_null(strstr(text, "\nallow tcp *:80 process=nginx netns=host\n"));
	assert_non_null(strstr(text, "\nallow tcp *:81 process=nginx netns=blue\n"));
	assert_non_null(strstr(text, "\n# (its network namespace has no name: the rule holds in "
				     "every one)\nallow tcp *:82 process=nginx\n"));
	assert_non_null(strstr(text, "\n# (its network namespace has no name: the rule holds in "
				     "every one)\nallow tcp *:83 process=nginx\n"));
	free(text);
	/* One namespace listed: host needs no saying, as before namespaces. */
	ls.v[0]->rec.show_netns = false;
	text = ck_snapshot(&ls, "h1");
	assert_non_null(strstr(text, "\nallow tcp *:80 process=nginx\n"));
	free(text);
	pw_listeners_fini(&ls);
}

/* A postfix master and its smtpd, and a socket-activated daemon with PID 1. */
static const struct pw_proc snap_master = CK_PROC(900, "master", "/usr/lib/postfix/sbin/master");
static const struct pw_proc snap_smtpd = CK_PROC(100, "smtpd", "/usr/lib/postfix/sbin/smtpd");
static const struct pw_proc snap_init = CK_PROC(1, "systemd", "/usr/lib/systemd/systemd");
static const struct pw_proc snap_cockpit = CK_PROC(46, "cockpit-ws", "/usr/libexec/cockpit-ws");

static void snapshot_names_a_shared_listener_whatever_the_pids(void **state)
{
	static const struct pw_proc *const mail[] = { &snap_smtpd, &snap_master };
	static const struct pw_proc *const web[] = { &snap_init, &snap_cockpit };
	struct pw_listeners ls = { 0 };
	char *text;

	(void)state;
	ck_add(&ls, PW_PROTO_TCP, "0.0.0.0", 25, CK_HOLDERS(mail));
	ck_add(&ls, PW_PROTO_TCP, "::", 9090, CK_HOLDERS(web));
	text = ck_snapshot(&ls, "h1");
	assert_non_null(strstr(text, "\nallow tcp *:25 process=master\n"));
	assert_non_null(strstr(text, "\nallow tcp *:9090 process=cockpit-ws\n"));
	free(text);
	pw_listeners_fini(&ls);
}

/*
 * cockpit-ws exits when idle and PID 1 holds its socket alone again: the
 * line for it says so, and offers the rule that would allow that. The
 * master's socket, and one PID 1 holds alone, get no such note.
 */
static void snapshot_offers_pid_1_alone_for_a_socket_activated_listener(void **state)
{
	static const struct pw_proc *const mail[] = { &snap_smtpd, &snap_master };
	static const struct pw_proc *const web[] = { &snap_cockpit, &snap_init };
	static const struct pw_proc *const idle[] = { &snap_init };
	struct pw_listeners ls = { 0 };
	struct pw_policy *all;
	char *text;

	(void)state;
	ck_add(&ls, PW_PROTO_TCP, "0.0.0.0", 25, CK_HOLDERS(mail));
	ck_add(&ls, PW_PROTO_TCP, "::", 9090, CK_HOLDERS(web));
	ck_add(&ls, PW_PROTO_TCP, "::", 631, CK_HOLDERS(idle));
	text = ck_snapshot(&ls, "h1");
	assert_non_null(strstr(text, "cockpit-ws[46],systemd[1] user=0\n"
				     "# (also held by PID 1, socket activation: add \"allow tcp "
				     "*:9090 process=systemd\" if PID 1 may hold it alone)\n"
				     "allow tcp *:9090 process=cockpit-ws\n"));
	assert_int_equal(ck_count(text, "also held by PID 1"), 1);
	assert_non_null(strstr(text, "\nallow tcp *:631 process=systemd\n"));
	/* The note is a comment: the policy allows what listened, and no more lines. */
	all = CK_POLICY(text);
	for (size_t i = 0; i < ls.n; i++)
		assert_int_equal(ck_verdict(all, ls.v[i]), PW_POLICY_ALLOW);
	assert_int_equal(ck_count(text, "\nallow "), 3);
	pw_policy_free(all);
	free(text);
	pw_listeners_fini(&ls);
}

/*
 * A baseline taken while PID 1 alone held a socket and while smtpd had
 * the lower pid: the daemon joining PID 1, and pids turning over, are no
 * finding.
 */
static void check_of_shared_listeners_against_an_older_snapshot_is_ok(void **state)
{
	static const struct pw_proc *const init_alone[] = { &snap_init };
	static const struct pw_proc *const mail_then[] = { &snap_smtpd, &snap_master };
	static const struct pw_proc master_now =
		CK_PROC(300, "master", "/usr/lib/postfix/sbin/master");
	static const struct pw_proc smtpd_now =
		CK_PROC(4000, "smtpd", "/usr/lib/postfix/sbin/smtpd");
	static const struct pw_proc *const mail_now[] = { &master_now, &smtpd_now };
	static const struct pw_proc *const web_now[] = { &snap_cockpit, &snap_init };
	struct ck_run c = { 0 };

	(void)state;
	ck_add(&c.before, PW_PROTO_TCP, "0.0.0.0", 25, CK_HOLDERS(mail_then));
	ck_add(&c.before, PW_PROTO_TCP, "::", 9090, CK_HOLDERS(init_alone));
	ck_snapshot_before(&c, NULL);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 25, CK_HOLDERS(mail_now));
	ck_add(&c.ls, PW_PROTO_TCP, "::", 9090, CK_HOLDERS(web_now));
	ck_judge(&c, true, true);
	if (c.res.n) {
		char *why = ck_render(PW_CHECK_TEXT, &c.res, &ck_meta);

		fail_msg("%zu findings:\n%s", c.res.n, why);
	}
	assert_int_equal(c.res.status, PW_STATUS_OK);
	ck_fini(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(snapshot_baseline_is_sorted_deduplicated_with_refs),
		cmocka_unit_test(snapshot_policy_writes_a_line_per_distinct_rule),
		cmocka_unit_test(snapshot_policy_folds_duplicates),
		cmocka_unit_test(
			snapshot_policy_lines_parse_back_and_allow_exactly_their_listeners),
		cmocka_unit_test(check_against_a_fresh_snapshot_is_ok),
		cmocka_unit_test(snapshot_policy_of_nothing_is_a_valid_empty_policy),
		cmocka_unit_test(snapshot_policy_reports_a_write_error),
		cmocka_unit_test(snapshot_policy_names_the_namespaces_it_can),
		cmocka_unit_test(snapshot_names_a_shared_listener_whatever_the_pids),
		cmocka_unit_test(snapshot_offers_pid_1_alone_for_a_socket_activated_listener),
		cmocka_unit_test(check_of_shared_listeners_against_an_older_snapshot_is_ok),
	};

	return cmocka_run_group_tests(tests, ck_group_setup, ck_group_teardown);
}
