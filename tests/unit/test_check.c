/* SPDX-License-Identifier: MIT */
/* Unit tests of check.c: listener sets, policy verdicts, the baseline diff, severities and status. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "checkfix.h"

/*
 * c's findings, counted by kind: as in want (designated by kind, the
 * others 0), and none besides. A mismatch fails test line at.
 */
static void ck_assert_counts_at(const struct ck_run *c, const size_t *want, int at)
{
	size_t n = 0;

	for (size_t k = 0; k < PW_FIND_KINDS; k++) {
		if (c->res.count[k] != want[k])
			fail_msg("test line %d: %zu %s findings, want %zu", at, c->res.count[k],
				 pw_finding_kind_name((enum pw_finding_kind)k), want[k]);
		n += want[k];
	}
	if (c->res.n != n)
		fail_msg("test line %d: %zu findings, want %zu", at, c->res.n, n);
}

/* CK_ASSERT_COUNTS(&c, [PW_FIND_NEW] = 1, ...); CK_ASSERT_COUNTS(&c, 0): no finding. */
#define CK_ASSERT_COUNTS(c, ...) \
	ck_assert_counts_at((c), (const size_t[PW_FIND_KINDS]){ __VA_ARGS__ }, __LINE__)

/* Whether each of c's listeners is expected, in order: '+' it is, '-' it is not. */
static void ck_assert_expected_at(const struct ck_run *c, const char *want, int at)
{
	if (strlen(want) != c->ls.n)
		fail_msg("test line %d: %zu listeners, want %zu", at, c->ls.n, strlen(want));
	for (size_t i = 0; i < c->ls.n; i++) {
		if (c->ls.v[i]->expected != (want[i] == '+'))
			fail_msg("test line %d: listener %zu is %sexpected", at, i,
				 c->ls.v[i]->expected ? "" : "not ");
	}
}

#define CK_ASSERT_EXPECTED(c, want) ck_assert_expected_at((c), (want), __LINE__)

/* --- listener sets -------------------------------------------------------- */

static void listeners_add_copies_the_socket_and_the_record(void **state)
{
	struct pw_listeners ls = { 0 };
	struct pw_sock s = ck_sock(PW_PROTO_TCP, "0.0.0.0", 22);
	struct pw_rec r = { .sock = &s, .user = "root", .procs = ck_by_sshd, .nprocs = 1 };
	struct pw_listener *l;

	(void)state;
	pw_listeners_add(&r, &ls);
	assert_int_equal(ls.n, 1);
	l = ls.v[0];
	/* The caller's socket may go away: the copy must not point at it. */
	s.lport = 9;
	r.nprocs = 0;
	assert_ptr_equal(l->rec.sock, &l->sock);
	assert_int_equal(l->sock.lport, 22);
	assert_int_equal(l->rec.nprocs, 1);
	assert_ptr_equal(l->rec.procs, ck_by_sshd);
	assert_string_equal(l->rec.user, "root");
	assert_false(l->expected);
	pw_listeners_fini(&ls);
	assert_int_equal(ls.n, 0);
	assert_null(ls.v);
	/* fini of an empty set is fine, twice too. */
	pw_listeners_fini(&ls);
}

static void listeners_keep_their_records_while_the_set_grows(void **state)
{
	struct pw_listeners ls = { 0 };
	struct pw_listener *first;

	(void)state;
	first = ck_add(&ls, PW_PROTO_TCP, "10.0.0.1", 1, CK_NOBODY);
	for (uint16_t port = 2; port <= 300; port++)
		ck_add(&ls, PW_PROTO_TCP, "10.0.0.1", port, CK_NOBODY);
	assert_int_equal(ls.n, 300);
	/* Listeners are allocated once: the first did not move. */
	assert_ptr_equal(ls.v[0], first);
	for (size_t i = 0; i < ls.n; i++) {
		if (ls.v[i]->rec.sock != &ls.v[i]->sock || ls.v[i]->sock.lport != i + 1)
			fail_msg("listener %zu lost its socket", i);
	}
	pw_listeners_fini(&ls);
}

static void status_and_kind_names(void **state)
{
	(void)state;
	assert_string_equal(pw_status_name(PW_STATUS_OK), "OK");
	assert_string_equal(pw_status_name(PW_STATUS_WARNING), "WARNING");
	assert_string_equal(pw_status_name(PW_STATUS_CRITICAL), "CRITICAL");
	assert_string_equal(pw_status_name(PW_STATUS_UNKNOWN), "UNKNOWN");
	assert_string_equal(pw_status_name((enum pw_status)42), "UNKNOWN");
	assert_string_equal(pw_finding_kind_name(PW_FIND_UNEXPECTED), "unexpected");
	assert_string_equal(pw_finding_kind_name(PW_FIND_DENIED), "denied");
	assert_string_equal(pw_finding_kind_name(PW_FIND_MISSING), "missing");
	assert_string_equal(pw_finding_kind_name(PW_FIND_NEW), "new");
	assert_string_equal(pw_finding_kind_name(PW_FIND_GONE), "gone");
	assert_string_equal(pw_finding_kind_name(PW_FIND_KINDS), "?");
	/* Nagios plugin exit codes. */
	assert_int_equal(PW_STATUS_OK, 0);
	assert_int_equal(PW_STATUS_WARNING, 1);
	assert_int_equal(PW_STATUS_CRITICAL, 2);
	assert_int_equal(PW_STATUS_UNKNOWN, 3);
}

/* --- policy verdicts ------------------------------------------------------ */

static void without_policy_or_baseline_everything_is_expected(void **state)
{
	struct ck_run c = { 0 };

	(void)state;
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 4444, CK_HOLDERS(ck_by_backdoor));
	ck_judge(&c, true, true);
	assert_int_equal(c.res.n, 0);
	assert_int_equal(c.res.listeners, 1);
	assert_int_equal(c.res.status, PW_STATUS_OK);
	assert_true(c.ls.v[0]->expected);
	ck_fini(&c);
}

static void allowed_listeners_are_ok_and_expected(void **state)
{
	struct ck_run c = { 0 };

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22 process=sshd\n"
			     "allow tcp *:80 exe=/usr/sbin/nginx\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&c.ls, PW_PROTO_TCP, "::", 80, CK_HOLDERS(ck_by_nginx_pair));
	ck_judge(&c, true, true);
	CK_ASSERT_COUNTS(&c, 0);
	assert_int_equal(c.res.status, PW_STATUS_OK);
	assert_int_equal(c.res.listeners, 2);
	CK_ASSERT_EXPECTED(&c, "++");
	ck_fini(&c);
}

static void unallowed_listener_is_a_critical_unexpected_finding(void **state)
{
	struct ck_run c = { 0 };
	const struct pw_finding *fd;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22 process=sshd\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 4444, CK_HOLDERS(ck_by_backdoor));
	/* Port 22 by another process is not sshd's. */
	ck_add(&c.ls, PW_PROTO_TCP, "127.0.0.1", 22, CK_HOLDERS(ck_by_nginx));
	ck_judge(&c, true, true);
	CK_ASSERT_COUNTS(&c, [PW_FIND_UNEXPECTED] = 2);
	assert_int_equal(c.res.status, PW_STATUS_CRITICAL);
	fd = ck_find(&c.res, PW_FIND_UNEXPECTED, 0);
	assert_ptr_equal(fd->listener, c.ls.v[1]);
	assert_int_equal(fd->severity, PW_STATUS_CRITICAL);
	assert_int_equal(fd->line, 0);
	assert_null(fd->rule);
	assert_null(fd->entry);
	assert_false(fd->unseen);
	assert_ptr_equal(ck_find(&c.res, PW_FIND_UNEXPECTED, 1)->listener, c.ls.v[2]);
	CK_ASSERT_EXPECTED(&c, "+--");
	ck_fini(&c);
}

static void deny_line_gives_a_denied_finding_with_its_line(void **state)
{
	struct ck_run c = { 0 };
	const struct pw_finding *fd;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22 process=sshd\n"
			     "# telnet is never fine\n"
			     "deny   tcp  *:23   # even from inetd\n"
			     "allow any *:*\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 23, CK_HOLDERS(ck_by_telnetd));
	ck_judge(&c, true, true);
	CK_ASSERT_COUNTS(&c, [PW_FIND_DENIED] = 1);
	fd = &c.res.findings[0];
	assert_int_equal(fd->kind, PW_FIND_DENIED);
	assert_int_equal(fd->severity, PW_STATUS_CRITICAL);
	assert_int_equal(fd->line, 3);
	assert_string_equal(fd->rule, "deny tcp *:23");
	assert_ptr_equal(fd->listener, c.ls.v[1]);
	assert_int_equal(c.res.status, PW_STATUS_CRITICAL);
	CK_ASSERT_EXPECTED(&c, "+-");
	ck_fini(&c);
}

static void first_matching_line_decides(void **state)
{
	struct ck_run c = { 0 };

	(void)state;
	/* An allow before a deny wins, and the other way round. */
	c.policy = CK_POLICY("allow tcp *:22 process=sshd\n"
			     "deny tcp *:22\n"
			     "deny tcp *:80\n"
			     "allow tcp *:80 process=nginx\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 80, CK_HOLDERS(ck_by_nginx));
	ck_judge(&c, true, true);
	CK_ASSERT_COUNTS(&c, [PW_FIND_DENIED] = 1);
	assert_int_equal(c.res.findings[0].line, 3);
	assert_ptr_equal(c.res.findings[0].listener, c.ls.v[1]);
	ck_fini(&c);
}

static void unmatched_require_line_is_a_missing_warning(void **state)
{
	struct ck_run c = { 0 };
	const struct pw_finding *fd;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22 process=sshd require\n"
			     "\n"
			     "allow tcp *:443 process=nginx require\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_judge(&c, true, true);
	CK_ASSERT_COUNTS(&c, [PW_FIND_MISSING] = 1);
	fd = &c.res.findings[0];
	assert_int_equal(fd->severity, PW_STATUS_WARNING);
	assert_int_equal(fd->line, 3);
	assert_string_equal(fd->rule, "allow tcp *:443 process=nginx require");
	assert_null(fd->listener);
	assert_null(fd->entry);
	assert_false(fd->unseen);
	assert_int_equal(c.res.status, PW_STATUS_WARNING);
	ck_fini(&c);
}

/* A required listener is there even when an earlier line decided its verdict. */
static void require_line_matched_after_an_earlier_decision_is_not_missing(void **state)
{
	struct ck_run c = { 0 };

	(void)state;
	c.policy = CK_POLICY("deny tcp *:8080\n"
			     "allow tcp *:8080 require\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 8080, CK_HOLDERS(ck_by_nginx));
	ck_judge(&c, true, true);
	CK_ASSERT_COUNTS(&c, [PW_FIND_DENIED] = 1);
	ck_fini(&c);
}

/* --- the baseline diff ---------------------------------------------------- */

static void restarted_daemon_is_not_new(void **state)
{
	struct ck_run c = { 0 };

	(void)state;
	ck_add(&c.before, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_snapshot_before(&c, NULL);
	/* New pid, inode and cookie; same comm, exe, address and port. */
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd_restarted));
	assert_int_not_equal(c.ls.v[0]->sock.inode, c.before.v[0]->sock.inode);
	ck_judge(&c, true, true);
	assert_int_equal(c.res.n, 0);
	assert_int_equal(c.res.status, PW_STATUS_OK);
	assert_true(c.ls.v[0]->expected);
	ck_fini(&c);
}

static void new_listener_is_critical_and_gone_one_a_warning(void **state)
{
	static const char base[] =
		"{\"schema\":1,\"kind\":\"portwatch-baseline\",\"listeners\":[\n"
		"{\"proto\":\"tcp\",\"address\":\"0.0.0.0\",\"port\":22,\"process\":\"sshd\","
		"\"exe\":\"/usr/sbin/sshd\",\"netns\":null},\n"
		"{\"proto\":\"tcp\",\"address\":\"::\",\"port\":80,\"process\":\"nginx\","
		"\"exe\":\"/usr/sbin/nginx\",\"netns\":null}\n"
		"]}\n";
	struct ck_run c = { 0 };
	struct pw_error err = { 0 };
	const struct pw_finding *fd;

	(void)state;
	assert_int_equal(pw_baseline_parse(base, sizeof(base) - 1, "b.json", &c.baseline, &err), 0);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 4444, CK_HOLDERS(ck_by_backdoor));
	ck_judge(&c, true, true);
	CK_ASSERT_COUNTS(&c, [PW_FIND_NEW] = 1, [PW_FIND_GONE] = 1);
	fd = ck_find(&c.res, PW_FIND_NEW, 0);
	assert_non_null(fd);
	assert_int_equal(fd->severity, PW_STATUS_CRITICAL);
	assert_ptr_equal(fd->listener, c.ls.v[1]);
	assert_null(fd->entry);
	fd = ck_find(&c.res, PW_FIND_GONE, 0);
	assert_non_null(fd);
	assert_int_equal(fd->severity, PW_STATUS_WARNING);
	assert_null(fd->listener);
	/* Borrowed from the input baseline, which outlives the result. */
	assert_ptr_equal(fd->entry, &c.baseline->entries[1]);
	assert_int_equal(fd->entry->port, 80);
	assert_string_equal(fd->entry->process, "nginx");
	assert_int_equal(c.res.status, PW_STATUS_CRITICAL);
	CK_ASSERT_EXPECTED(&c, "+-");
	ck_fini(&c);
}

static void listener_changing_hands_is_new_and_gone(void **state)
{
	struct ck_run c = { 0 };

	(void)state;
	ck_add(&c.before, PW_PROTO_TCP, "0.0.0.0", 8080, CK_HOLDERS(ck_by_nginx));
	ck_snapshot_before(&c, NULL);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 8080, CK_HOLDERS(ck_by_backdoor));
	ck_judge(&c, true, true);
	CK_ASSERT_COUNTS(&c, [PW_FIND_NEW] = 1, [PW_FIND_GONE] = 1);
	assert_string_equal(ck_find(&c.res, PW_FIND_GONE, 0)->entry->process, "nginx");
	ck_fini(&c);
}

static void udp_client_on_another_ephemeral_port_is_not_new(void **state)
{
	struct ck_run c = { 0 };

	(void)state;
	ck_add(&c.before, PW_PROTO_UDP, "0.0.0.0", 40000, CK_HOLDERS(ck_by_resolved));
	ck_add(&c.before, PW_PROTO_TCP, "0.0.0.0", 40000, CK_HOLDERS(ck_by_nginx));
	ck_snapshot_before(&c, NULL);
	ck_add(&c.ls, PW_PROTO_UDP, "0.0.0.0", 51234, CK_HOLDERS(ck_by_resolved));
	/* TCP keeps its number: a listener on another ephemeral port is new. */
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 51234, CK_HOLDERS(ck_by_nginx));
	ck_judge(&c, true, true);
	assert_int_equal(c.res.n, 2);
	assert_ptr_equal(ck_find(&c.res, PW_FIND_NEW, 0)->listener, c.ls.v[1]);
	assert_int_equal(ck_find(&c.res, PW_FIND_GONE, 0)->entry->proto, PW_PROTO_TCP);
	assert_int_equal(ck_find(&c.res, PW_FIND_GONE, 0)->entry->port, 40000);
	assert_true(c.ls.v[0]->expected);
	ck_fini(&c);
}

static void identity_of_udp_on_an_ephemeral_port_is_its_class(void **state)
{
	struct pw_listeners ls = { 0 };
	struct pw_baseline_entry e;

	(void)state;
	ck_add(&ls, PW_PROTO_UDP, "127.0.0.53", 40000, CK_HOLDERS(ck_by_resolved));
	ck_add(&ls, PW_PROTO_UDPLITE, "::", 40000, CK_HOLDERS(ck_by_resolved));
	ck_add(&ls, PW_PROTO_TCP, "0.0.0.0", 40000, CK_HOLDERS(ck_by_nginx));
	/* Below the ephemeral range: a server's port, kept. */
	ck_add(&ls, PW_PROTO_UDP, "0.0.0.0", 5353, CK_HOLDERS(ck_by_resolved));
	/* Just past the range (Linux default 32768-60999): a server's port, kept. */
	ck_add(&ls, PW_PROTO_UDP, "0.0.0.0", 61000, CK_NOBODY);

	pw_check_identity(&e, ls.v[0], NULL);
	assert_int_equal(e.proto, PW_PROTO_UDP);
	assert_int_equal(e.family, AF_INET);
	assert_string_equal(e.addr, "127.0.0.53");
	assert_true(e.ephemeral);
	assert_int_equal(e.port, 0);
	assert_string_equal(e.process, "systemd-resolve");
	assert_string_equal(e.exe, "/usr/lib/systemd/systemd-resolved");
	assert_null(e.netns);
	pw_baseline_entry_fini(&e);

	pw_check_identity(&e, ls.v[1], "blue");
	assert_true(e.ephemeral);
	assert_int_equal(e.port, 0);
	assert_int_equal(e.family, AF_INET6);
	assert_string_equal(e.netns, "blue");
	pw_baseline_entry_fini(&e);

	pw_check_identity(&e, ls.v[2], NULL);
	assert_false(e.ephemeral);
	assert_int_equal(e.port, 40000);
	pw_baseline_entry_fini(&e);

	pw_check_identity(&e, ls.v[3], NULL);
	assert_false(e.ephemeral);
	assert_int_equal(e.port, 5353);
	pw_baseline_entry_fini(&e);

	/* 61000 is past Linux's default range (32768-60999). */
	pw_check_identity(&e, ls.v[4], NULL);
	assert_false(e.ephemeral);
	assert_int_equal(e.port, 61000);
	assert_null(e.process);
	assert_null(e.exe);
	pw_baseline_entry_fini(&e);
	pw_listeners_fini(&ls);
}

static void baseline_identity_includes_the_namespace(void **state)
{
	struct ck_run c = { 0 };

	(void)state;
	ck_add(&c.before, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_snapshot_before(&c, "blue");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	c.netns = "blue";
	ck_judge(&c, true, true);
	assert_int_equal(c.res.n, 0);
	pw_check_result_fini(&c.res);
	/* The same listener in the host's namespace is another one. */
	c.netns = NULL;
	ck_judge(&c, true, true);
	CK_ASSERT_COUNTS(&c, [PW_FIND_NEW] = 1, [PW_FIND_GONE] = 1);
	ck_fini(&c);
}

static void expected_needs_both_the_policy_and_the_baseline(void **state)
{
	struct ck_run c = { 0 };

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22\nallow tcp *:80\n");
	ck_add(&c.before, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&c.before, PW_PROTO_TCP, "0.0.0.0", 4444, CK_HOLDERS(ck_by_backdoor));
	ck_snapshot_before(&c, NULL);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));  /* both */
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 80, CK_HOLDERS(ck_by_nginx)); /* policy only */
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 4444,
	       CK_HOLDERS(ck_by_backdoor)); /* baseline only */
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 5555, CK_HOLDERS(ck_by_backdoor)); /* neither */
	ck_judge(&c, true, true);
	CK_ASSERT_EXPECTED(&c, "+---");
	CK_ASSERT_COUNTS(&c, [PW_FIND_UNEXPECTED] = 2, [PW_FIND_NEW] = 2);
	ck_fini(&c);
}

/* --- status, severities and unseen owners --------------------------------- */

static void status_ranks_critical_over_unknown_over_warning(void **state)
{
	struct ck_run c = { 0 };

	(void)state;
	/* Missing only: WARNING. */
	c.policy = CK_POLICY("allow tcp *:22 process=sshd\n"
			     "allow tcp *:443 process=nginx require\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_judge(&c, true, true);
	assert_int_equal(c.res.status, PW_STATUS_WARNING);
	pw_check_result_fini(&c.res);

	/* No visible holder while some processes were hidden, sshd's maybe: UNKNOWN beats WARNING. */
	ck_add(&c.ls, PW_PROTO_TCP, "127.0.0.1", 22, CK_NOBODY);
	ck_judge(&c, true, false);
	assert_int_equal(c.res.count[PW_FIND_UNEXPECTED], 1);
	assert_int_equal(ck_find(&c.res, PW_FIND_UNEXPECTED, 0)->severity, PW_STATUS_UNKNOWN);
	assert_int_equal(c.res.status, PW_STATUS_UNKNOWN);
	pw_check_result_fini(&c.res);

	/* A certain alarm beats an uncertain one. */
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 4444, CK_HOLDERS(ck_by_backdoor));
	ck_judge(&c, true, false);
	assert_int_equal(ck_find(&c.res, PW_FIND_UNEXPECTED, 1)->severity, PW_STATUS_CRITICAL);
	assert_int_equal(c.res.status, PW_STATUS_CRITICAL);
	ck_fini(&c);
}

/* The order in which findings come must not change the worst one. */
static void status_is_the_worst_whatever_the_order(void **state)
{
	struct ck_run c = { 0 };

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22 process=sshd\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 4444, CK_HOLDERS(ck_by_backdoor));
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_NOBODY);
	ck_judge(&c, true, false);
	assert_int_equal(c.res.findings[0].severity, PW_STATUS_CRITICAL);
	assert_int_equal(c.res.findings[1].severity, PW_STATUS_UNKNOWN);
	assert_int_equal(c.res.status, PW_STATUS_CRITICAL);
	ck_fini(&c);
}

/* Never OK or WARNING on partial data; a listener that is there is CRITICAL all the same. */
static void incomplete_dump_is_unknown_unless_a_finding_is_critical(void **state)
{
	struct ck_run c = { 0 };
	const struct pw_finding *fd;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22\nallow tcp *:443 require\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 443, CK_HOLDERS(ck_by_nginx));
	ck_judge(&c, false, true);
	assert_int_equal(c.res.n, 0);
	assert_int_equal(c.res.status, PW_STATUS_UNKNOWN);
	pw_check_result_fini(&c.res);

	/* The 443 listener may be in what the dump missed: not a WARNING. */
	pw_listeners_fini(&c.ls);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_judge(&c, false, true);
	CK_ASSERT_COUNTS(&c, [PW_FIND_MISSING] = 1);
	assert_int_equal(c.res.findings[0].severity, PW_STATUS_UNKNOWN);
	assert_int_equal(c.res.status, PW_STATUS_UNKNOWN);
	pw_check_result_fini(&c.res);
	ck_judge(&c, true, true);
	assert_int_equal(c.res.findings[0].severity, PW_STATUS_WARNING);
	assert_int_equal(c.res.status, PW_STATUS_WARNING);
	pw_check_result_fini(&c.res);

	/* A listener that was seen is unexpected for sure, whatever else the dump missed. */
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 4444, CK_HOLDERS(ck_by_backdoor));
	ck_judge(&c, false, true);
	CK_ASSERT_COUNTS(&c, [PW_FIND_UNEXPECTED] = 1, [PW_FIND_MISSING] = 1);
	fd = ck_find(&c.res, PW_FIND_UNEXPECTED, 0);
	assert_int_equal(fd->severity, PW_STATUS_CRITICAL);
	assert_int_equal(c.res.status, PW_STATUS_CRITICAL);
	pw_check_result_fini(&c.res);

	/* An uncertain one does not outrank the doubt. */
	pw_listeners_fini(&c.ls);
	pw_policy_free(c.policy);
	c.policy = CK_POLICY("allow tcp *:22 process=sshd\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_NOBODY);
	ck_judge(&c, false, false);
	assert_int_equal(ck_find(&c.res, PW_FIND_UNEXPECTED, 0)->severity, PW_STATUS_UNKNOWN);
	assert_int_equal(c.res.status, PW_STATUS_UNKNOWN);
	ck_fini(&c);
}

/* A gone listener may be in what the dump missed. */
static void incomplete_dump_makes_gone_unknown(void **state)
{
	struct ck_run c = { 0 };

	(void)state;
	ck_add(&c.before, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&c.before, PW_PROTO_TCP, "0.0.0.0", 80, CK_HOLDERS(ck_by_nginx));
	ck_snapshot_before(&c, NULL);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_judge(&c, false, true);
	CK_ASSERT_COUNTS(&c, [PW_FIND_GONE] = 1);
	assert_int_equal(c.res.findings[0].severity, PW_STATUS_UNKNOWN);
	assert_false(c.res.findings[0].unseen);
	assert_int_equal(c.res.status, PW_STATUS_UNKNOWN);
	ck_fini(&c);
}

static void holderless_listener_is_unseen_only_when_owners_were_hidden(void **state)
{
	struct ck_run c = { 0 };
	const struct pw_finding *fd;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22 process=sshd\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_NOBODY);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 23, CK_HOLDERS(ck_by_telnetd));
	ck_judge(&c, true, false);
	assert_int_equal(c.res.unseen, 1);
	fd = ck_find(&c.res, PW_FIND_UNEXPECTED, 0);
	assert_ptr_equal(fd->listener, c.ls.v[0]);
	assert_int_equal(fd->unseen, PW_UNSEEN_HIDDEN);
	assert_int_equal(fd->severity, PW_STATUS_UNKNOWN);
	/* Its holder was seen: certain. */
	fd = ck_find(&c.res, PW_FIND_UNEXPECTED, 1);
	assert_ptr_equal(fd->listener, c.ls.v[1]);
	assert_false(fd->unseen);
	assert_int_equal(fd->severity, PW_STATUS_CRITICAL);
	pw_check_result_fini(&c.res);

	/* Every process was seen: nobody holds it (an orphan), no doubt. */
	ck_judge(&c, true, true);
	assert_int_equal(c.res.unseen, 0);
	fd = ck_find(&c.res, PW_FIND_UNEXPECTED, 0);
	assert_false(fd->unseen);
	assert_int_equal(fd->severity, PW_STATUS_CRITICAL);
	pw_check_result_fini(&c.res);

	/* Every process was seen, but it came after the last re-scan: not known. */
	c.ls.v[0]->rec.unconfirmed = true;
	ck_judge(&c, true, true);
	assert_int_equal(c.res.unseen, 1);
	fd = ck_find(&c.res, PW_FIND_UNEXPECTED, 0);
	assert_int_equal(fd->unseen, PW_UNSEEN_LATE);
	assert_int_equal(fd->severity, PW_STATUS_UNKNOWN);
	pw_check_result_fini(&c.res);

	/* Both at once: some processes were unreadable, which may be all there is to it. */
	ck_judge(&c, true, false);
	assert_int_equal(ck_find(&c.res, PW_FIND_UNEXPECTED, 0)->unseen, PW_UNSEEN_HIDDEN);
	ck_fini(&c);
}

/* A policy that names no process judges the same with or without holders. */
static void unseen_holder_does_not_matter_to_a_policy_without_owners(void **state)
{
	struct ck_run c = { 0 };

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22\nallow tcp *:443 require\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 4444, CK_NOBODY);
	ck_judge(&c, true, false);
	assert_int_equal(c.res.unseen, 1);
	assert_int_equal(c.res.n, 2);
	assert_int_equal(ck_find(&c.res, PW_FIND_UNEXPECTED, 0)->severity, PW_STATUS_CRITICAL);
	assert_false(ck_find(&c.res, PW_FIND_UNEXPECTED, 0)->unseen);
	assert_int_equal(ck_find(&c.res, PW_FIND_MISSING, 0)->severity, PW_STATUS_WARNING);
	assert_false(ck_find(&c.res, PW_FIND_MISSING, 0)->unseen);
	assert_int_equal(c.res.status, PW_STATUS_CRITICAL);
	ck_fini(&c);
}

static void missing_and_gone_are_unknown_when_a_holder_was_unseen(void **state)
{
	struct ck_run c = { 0 };
	const struct pw_finding *fd;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22 process=sshd require\n");
	ck_add(&c.before, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_snapshot_before(&c, NULL);
	/* sshd runs, but its process could not be read. */
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_NOBODY);
	ck_judge(&c, true, false);
	CK_ASSERT_COUNTS(&c, [PW_FIND_UNEXPECTED] = 1, [PW_FIND_MISSING] = 1, [PW_FIND_NEW] = 1,
			 [PW_FIND_GONE] = 1);
	for (size_t i = 0; i < c.res.n; i++) {
		fd = &c.res.findings[i];
		if (fd->severity != PW_STATUS_UNKNOWN || !fd->unseen)
			fail_msg("%s finding is %s, unseen %d", pw_finding_kind_name(fd->kind),
				 pw_status_name(fd->severity), fd->unseen);
	}
	assert_int_equal(c.res.status, PW_STATUS_UNKNOWN);
	pw_check_result_fini(&c.res);

	/* As root every holder is seen: the same findings are certain. */
	ck_judge(&c, true, true);
	assert_int_equal(ck_find(&c.res, PW_FIND_MISSING, 0)->severity, PW_STATUS_WARNING);
	assert_int_equal(ck_find(&c.res, PW_FIND_GONE, 0)->severity, PW_STATUS_WARNING);
	assert_int_equal(ck_find(&c.res, PW_FIND_NEW, 0)->severity, PW_STATUS_CRITICAL);
	assert_int_equal(c.res.status, PW_STATUS_CRITICAL);
	ck_fini(&c);
}

/* The reviewer's case: without root, a deny line naming nc was skipped and the allow after it decided. */
static void deny_line_an_unseen_holder_may_meet_is_an_unknown_denied(void **state)
{
	struct ck_run c = { 0 };
	const struct pw_finding *fd;

	(void)state;
	c.policy = CK_POLICY("deny tcp *:4444 process=nc\nallow tcp *:*\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 4444, CK_NOBODY);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_NOBODY);
	ck_judge(&c, true, false);
	CK_ASSERT_COUNTS(&c, [PW_FIND_DENIED] = 1);
	fd = &c.res.findings[0];
	assert_ptr_equal(fd->listener, c.ls.v[0]);
	assert_int_equal(fd->severity, PW_STATUS_UNKNOWN);
	assert_true(fd->unseen);
	assert_int_equal(fd->line, 1);
	assert_string_equal(fd->rule, "deny tcp *:4444 process=nc");
	assert_int_equal(c.res.status, PW_STATUS_UNKNOWN);
	/* No owner could make the deny line match port 22. */
	CK_ASSERT_EXPECTED(&c, "-+");
	pw_check_result_fini(&c.res);

	/* Every process seen and none holds it: the allow line decides, as before. */
	ck_judge(&c, true, true);
	CK_ASSERT_COUNTS(&c, 0);
	assert_int_equal(c.res.status, PW_STATUS_OK);
	ck_fini(&c);

	/* Its holder seen, the one the deny line names: denied for sure. */
	c = (struct ck_run){ 0 };
	c.policy = CK_POLICY("deny tcp *:4444 process=backdoor\nallow tcp *:*\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 4444, CK_HOLDERS(ck_by_backdoor));
	ck_judge(&c, true, false);
	CK_ASSERT_COUNTS(&c, [PW_FIND_DENIED] = 1);
	assert_int_equal(c.res.findings[0].severity, PW_STATUS_CRITICAL);
	assert_false(c.res.findings[0].unseen);
	assert_int_equal(c.res.status, PW_STATUS_CRITICAL);
	ck_fini(&c);
}

/* No owner could make a udp/53 line match tcp/4444: unexpected for sure. */
static void listener_no_owner_rule_could_allow_is_critical_though_unseen(void **state)
{
	struct ck_run c = { 0 };
	const struct pw_finding *fd;

	(void)state;
	c.policy = CK_POLICY("allow udp *:53 process=x\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 4444, CK_NOBODY);
	ck_add(&c.ls, PW_PROTO_UDP, "0.0.0.0", 53, CK_NOBODY);
	ck_judge(&c, true, false);
	assert_int_equal(c.res.unseen, 2);
	CK_ASSERT_COUNTS(&c, [PW_FIND_UNEXPECTED] = 2);
	fd = ck_find(&c.res, PW_FIND_UNEXPECTED, 0);
	assert_ptr_equal(fd->listener, c.ls.v[0]);
	assert_int_equal(fd->severity, PW_STATUS_CRITICAL);
	assert_false(fd->unseen);
	/* x may hold udp/53: that one is in doubt. */
	fd = ck_find(&c.res, PW_FIND_UNEXPECTED, 1);
	assert_int_equal(fd->severity, PW_STATUS_UNKNOWN);
	assert_true(fd->unseen);
	assert_int_equal(c.res.status, PW_STATUS_CRITICAL);
	ck_fini(&c);
}

/* Whichever deny decides, a listener no line allows is CRITICAL. */
static void deny_line_an_unseen_holder_may_meet_before_a_deny_is_critical(void **state)
{
	struct ck_run c = { 0 };
	const struct pw_finding *fd;

	(void)state;
	c.policy = CK_POLICY("deny tcp *:4444 process=nc\ndeny tcp *:4000-5000\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 4444, CK_NOBODY);
	ck_judge(&c, true, false);
	CK_ASSERT_COUNTS(&c, [PW_FIND_DENIED] = 1);
	fd = &c.res.findings[0];
	assert_int_equal(fd->severity, PW_STATUS_CRITICAL);
	assert_false(fd->unseen);
	assert_int_equal(fd->line, 2);
	assert_int_equal(c.res.status, PW_STATUS_CRITICAL);
	ck_fini(&c);
}

/* An allow line an unseen holder may meet, before a deny: the deny may not decide. */
static void allow_line_an_unseen_holder_may_meet_before_a_deny_is_unknown(void **state)
{
	struct ck_run c = { 0 };
	const struct pw_finding *fd;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22 process=sshd\ndeny tcp *:*\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_NOBODY);
	ck_judge(&c, true, false);
	CK_ASSERT_COUNTS(&c, [PW_FIND_DENIED] = 1);
	fd = &c.res.findings[0];
	assert_int_equal(fd->severity, PW_STATUS_UNKNOWN);
	assert_true(fd->unseen);
	assert_int_equal(fd->line, 2);
	assert_int_equal(c.res.status, PW_STATUS_UNKNOWN);
	ck_fini(&c);
}

/* Only a require line with process= or exe= that such a listener may meet is in doubt. */
static void missing_is_unknown_only_where_an_unseen_holder_may_meet_it(void **state)
{
	struct ck_run c = { 0 };
	const struct pw_finding *fd;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22 process=sshd require\n"
			     "allow tcp *:443 process=nginx require\n"
			     "allow tcp *:80 require\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_NOBODY);
	ck_judge(&c, true, false);
	CK_ASSERT_COUNTS(&c, [PW_FIND_UNEXPECTED] = 1, [PW_FIND_MISSING] = 3);
	fd = ck_find(&c.res, PW_FIND_MISSING, 0);
	assert_int_equal(fd->line, 1);
	assert_int_equal(fd->severity, PW_STATUS_UNKNOWN);
	assert_true(fd->unseen);
	for (size_t i = 1; i < 3; i++) {
		fd = ck_find(&c.res, PW_FIND_MISSING, i);
		assert_int_equal(fd->line, i + 1);
		assert_int_equal(fd->severity, PW_STATUS_WARNING);
		assert_false(fd->unseen);
	}
	assert_int_equal(c.res.status, PW_STATUS_UNKNOWN);
	ck_fini(&c);
}

static void status_worst_ranks_critical_unknown_warning_ok(void **state)
{
	(void)state;
	assert_int_equal(pw_status_worst(PW_STATUS_OK, PW_STATUS_WARNING), PW_STATUS_WARNING);
	assert_int_equal(pw_status_worst(PW_STATUS_UNKNOWN, PW_STATUS_WARNING), PW_STATUS_UNKNOWN);
	assert_int_equal(pw_status_worst(PW_STATUS_UNKNOWN, PW_STATUS_CRITICAL),
			 PW_STATUS_CRITICAL);
	assert_int_equal(pw_status_worst(PW_STATUS_CRITICAL, PW_STATUS_UNKNOWN),
			 PW_STATUS_CRITICAL);
	assert_int_equal(pw_status_worst(PW_STATUS_OK, PW_STATUS_OK), PW_STATUS_OK);
}

/* --- protocols and families the listing did not cover --------------------- */

/* No module for raw or SCTP, and nothing asks about them: the check is whole without them. */
static void unseen_protocol_nothing_names_is_ok(void **state)
{
	struct ck_run c = { 0 };

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22 process=sshd\ndeny any *:telnet\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_judge_listed(&c, CK_ALL, true, true, CK_RAW | CK_SCTP, 0);
	assert_int_equal(c.res.status, PW_STATUS_OK);
	assert_int_equal(c.res.n, 0);
	assert_int_equal(c.res.unseen_protos, CK_RAW | CK_SCTP);
	assert_int_equal(c.res.need[PW_PROTO_RAW].need, PW_NEED_NONE);
	assert_int_equal(c.res.need[PW_PROTO_SCTP].need, PW_NEED_NONE);
	ck_fini(&c);
}

/* Asked for by name (--sctp), a protocol that cannot be seen cannot be judged. */
static void unseen_protocol_the_command_line_names_is_unknown(void **state)
{
	struct ck_run c = { 0 };

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_judge_listed(&c, PW_PROTO_BIT(PW_PROTO_TCP) | CK_SCTP, true, true, CK_SCTP,
			PW_PROTO_BIT(PW_PROTO_TCP) | CK_SCTP);
	assert_int_equal(c.res.status, PW_STATUS_UNKNOWN);
	assert_int_equal(c.res.need[PW_PROTO_SCTP].need, PW_NEED_OPTION);
	ck_fini(&c);
}

/* A line naming raw wants raw judged; `any` is no such line. A certain alarm still wins. */
static void unseen_protocol_a_policy_line_names_is_unknown(void **state)
{
	struct ck_run c = { 0 };

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22\n# raw\nallow any *:443\n\ndeny raw *:*\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_judge_listed(&c, CK_ALL, true, true, CK_RAW | CK_SCTP, 0);
	assert_int_equal(c.res.need[PW_PROTO_RAW].need, PW_NEED_POLICY);
	assert_int_equal(c.res.need[PW_PROTO_RAW].line, 5);
	assert_int_equal(c.res.need[PW_PROTO_SCTP].need, PW_NEED_NONE);
	assert_int_equal(c.res.status, PW_STATUS_UNKNOWN);
	pw_check_result_fini(&c.res);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 4444, CK_HOLDERS(ck_by_backdoor));
	ck_judge_listed(&c, CK_ALL, true, true, CK_RAW | CK_SCTP, 0);
	assert_int_equal(c.res.status, PW_STATUS_CRITICAL);
	ck_fini(&c);
}

/* A require line on a protocol not seen may be met there: UNKNOWN, never a plain WARNING. */
static void require_line_on_an_unseen_protocol_is_an_unknown_missing(void **state)
{
	struct ck_run c = { 0 };
	const struct pw_finding *fd;

	(void)state;
	c.policy = CK_POLICY("allow sctp *:3868 require\nallow any *:53 require\n"
			     "allow tcp *:80 require\n");
	ck_judge_listed(&c, CK_ALL, true, true, CK_RAW | CK_SCTP, 0);
	assert_int_equal(c.res.count[PW_FIND_MISSING], 3);
	fd = ck_find(&c.res, PW_FIND_MISSING, 0);
	assert_int_equal(fd->line, 1);
	assert_int_equal(fd->severity, PW_STATUS_UNKNOWN);
	assert_int_equal(fd->unseen_protos, CK_SCTP);
	fd = ck_find(&c.res, PW_FIND_MISSING, 1);
	assert_int_equal(fd->severity, PW_STATUS_UNKNOWN);
	assert_int_equal(fd->unseen_protos, CK_RAW | CK_SCTP);
	/* TCP was seen: its missing listener is certain. */
	fd = ck_find(&c.res, PW_FIND_MISSING, 2);
	assert_int_equal(fd->severity, PW_STATUS_WARNING);
	assert_int_equal(fd->unseen_protos, 0);
	assert_int_equal(c.res.status, PW_STATUS_UNKNOWN);
	ck_fini(&c);
}

/* Baseline listeners of a protocol not seen are not known to be gone. */
static void baseline_listener_of_an_unseen_protocol_is_not_gone_for_sure(void **state)
{
	struct ck_run c = { 0 };
	const struct pw_finding *fd;

	(void)state;
	ck_add(&c.before, PW_PROTO_SCTP, "0.0.0.0", 3868, CK_HOLDERS(ck_by_nginx));
	ck_add(&c.before, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_snapshot_before(&c, NULL);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd_restarted));
	ck_judge_listed(&c, CK_ALL, true, true, CK_SCTP, 0);
	assert_int_equal(c.res.n, 1);
	fd = ck_find(&c.res, PW_FIND_GONE, 0);
	assert_non_null(fd);
	assert_int_equal(fd->severity, PW_STATUS_UNKNOWN);
	assert_int_equal(fd->unseen_protos, CK_SCTP);
	assert_int_equal(c.res.need[PW_PROTO_SCTP].need, PW_NEED_BASELINE);
	assert_int_equal(c.res.status, PW_STATUS_UNKNOWN);
	pw_check_result_fini(&c.res);
	/* Seen, it is gone for sure. */
	ck_judge_listed(&c, CK_ALL, true, true, 0, 0);
	assert_int_equal(ck_find(&c.res, PW_FIND_GONE, 0)->severity, PW_STATUS_WARNING);
	assert_int_equal(c.res.status, PW_STATUS_WARNING);
	ck_fini(&c);
}

/* check -t, or -4, was not asked about the rest: no missing or gone finding for it. */
static void what_the_listing_left_out_is_neither_missing_nor_gone(void **state)
{
	struct ck_run c = { 0 };
	const uint32_t tcp = PW_PROTO_BIT(PW_PROTO_TCP);

	(void)state;
	c.policy = CK_POLICY("allow udp *:53 require\nallow any *:25 require\n"
			     "allow tcp [::1]:631 require\nallow tcp 10.0.0.0/8:9000 require\n"
			     "allow tcp *:22\n");
	ck_add(&c.before, PW_PROTO_UDP, "127.0.0.1", 53, CK_HOLDERS(ck_by_resolved));
	ck_add(&c.before, PW_PROTO_TCP, "::", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&c.before, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_snapshot_before(&c, NULL);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	/*
	 * -t -4: no require line is judged. The `any` line's listener may be
	 * UDP's, the IPv6 line's is inet6's, and even the IPv4 line's may be
	 * an IPv4-mapped listener of inet6. The one IPv4 TCP entry is there.
	 */
	ck_judge_listed(&c, tcp, true, false, 0, tcp);
	CK_ASSERT_COUNTS(&c, 0);
	assert_int_equal(c.res.status, PW_STATUS_OK);
	pw_check_result_fini(&c.res);
	/* -t over both families: the TCP lines are judged, not the `any` one. */
	ck_judge_listed(&c, tcp, true, true, 0, tcp);
	CK_ASSERT_COUNTS(&c, [PW_FIND_MISSING] = 2, [PW_FIND_GONE] = 1);
	assert_non_null(ck_find(&c.res, PW_FIND_MISSING, 1));
	assert_int_equal(ck_find(&c.res, PW_FIND_MISSING, 0)->line, 3);
	assert_int_equal(ck_find(&c.res, PW_FIND_MISSING, 1)->line, 4);
	pw_check_result_fini(&c.res);
	/* Everything listed: each is a finding. */
	ck_judge_listed(&c, CK_ALL, true, true, 0, 0);
	CK_ASSERT_COUNTS(&c, [PW_FIND_MISSING] = 4, [PW_FIND_GONE] = 2);
	ck_fini(&c);
}

/* --- network namespaces --------------------------------------------------- */

static void identity_takes_the_namespace_from_the_record(void **state)
{
	struct pw_listeners ls = { 0 };
	struct pw_baseline_entry e;

	(void)state;
	ck_add_in_each_netns(&ls);
	/* The record knows better than the caller's default. */
	pw_check_identity(&e, ls.v[0], "red");
	assert_null(e.netns);
	pw_baseline_entry_fini(&e);
	pw_check_identity(&e, ls.v[1], NULL);
	assert_string_equal(e.netns, "blue");
	pw_baseline_entry_fini(&e);
	pw_check_identity(&e, ls.v[2], NULL);
	assert_string_equal(e.netns, PW_NETNS_UNNAMED);
	pw_baseline_entry_fini(&e);
	pw_listeners_fini(&ls);
}

static void baseline_of_every_namespace_knows_each_listener_apart(void **state)
{
	struct ck_run c = { 0 };

	(void)state;
	ck_add_in_each_netns(&c.before);
	ck_snapshot_before(&c, NULL);
	assert_int_equal(c.baseline->n, 3);
	/* The unnamed one came back in a new namespace: the same listener. */
	ck_add_in(&c.ls, PW_PROTO_TCP, "0.0.0.0", 80, &ck_ns_host, true);
	ck_add_in(&c.ls, PW_PROTO_TCP, "0.0.0.0", 80, &(struct pw_netns){ .inode = 99 }, true);
	ck_judge(&c, true, true);
	CK_ASSERT_COUNTS(&c, [PW_FIND_GONE] = 1);
	assert_string_equal(c.res.findings[0].entry->netns, "blue");
	ck_fini(&c);
}

static void policy_judges_each_listener_in_its_own_namespace(void **state)
{
	struct ck_run c = { 0 };

	(void)state;
	c.policy = CK_POLICY("allow tcp *:80 netns=host\nallow tcp *:80 netns=blue\n");
	ck_add_in_each_netns(&c.ls);
	/* The caller's default applies only to records without a namespace. */
	c.netns = "blue";
	ck_judge(&c, true, true);
	CK_ASSERT_COUNTS(&c, [PW_FIND_UNEXPECTED] = 1);
	assert_ptr_equal(c.res.findings[0].listener, c.ls.v[2]);
	CK_ASSERT_EXPECTED(&c, "++-");
	ck_fini(&c);
}

static void policy_ephemeral_is_the_range_of_the_listeners_namespace(void **state)
{
	struct pw_netns narrow = { .inode = 5, .name = ck_ns_blue.name, .hp_read = true };
	struct ck_run c = { 0 };

	(void)state;
	pw_ports_default(&narrow.hp);
	narrow.hp.lo = 24000;
	narrow.hp.hi = 24100;
	c.policy = CK_POLICY("allow udp *:ephemeral\n");
	ck_add_in(&c.ls, PW_PROTO_UDP, "0.0.0.0", 24050, &narrow, true);
	ck_add_in(&c.ls, PW_PROTO_UDP, "0.0.0.0", 40000, &narrow, true);
	/* Without a range read inside, the one given applies (32768-60999 here). */
	ck_add_in(&c.ls, PW_PROTO_UDP, "0.0.0.0", 40001, &ck_ns_blue, true);
	ck_judge(&c, true, true);
	CK_ASSERT_EXPECTED(&c, "+-+");
	CK_ASSERT_COUNTS(&c, [PW_FIND_UNEXPECTED] = 1);
	ck_fini(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(listeners_add_copies_the_socket_and_the_record),
		cmocka_unit_test(listeners_keep_their_records_while_the_set_grows),
		cmocka_unit_test(status_and_kind_names),
		cmocka_unit_test(without_policy_or_baseline_everything_is_expected),
		cmocka_unit_test(allowed_listeners_are_ok_and_expected),
		cmocka_unit_test(unallowed_listener_is_a_critical_unexpected_finding),
		cmocka_unit_test(deny_line_gives_a_denied_finding_with_its_line),
		cmocka_unit_test(first_matching_line_decides),
		cmocka_unit_test(unmatched_require_line_is_a_missing_warning),
		cmocka_unit_test(require_line_matched_after_an_earlier_decision_is_not_missing),
		cmocka_unit_test(restarted_daemon_is_not_new),
		cmocka_unit_test(new_listener_is_critical_and_gone_one_a_warning),
		cmocka_unit_test(listener_changing_hands_is_new_and_gone),
		cmocka_unit_test(udp_client_on_another_ephemeral_port_is_not_new),
		cmocka_unit_test(identity_of_udp_on_an_ephemeral_port_is_its_class),
		cmocka_unit_test(baseline_identity_includes_the_namespace),
		cmocka_unit_test(expected_needs_both_the_policy_and_the_baseline),
		cmocka_unit_test(status_ranks_critical_over_unknown_over_warning),
		cmocka_unit_test(status_is_the_worst_whatever_the_order),
		cmocka_unit_test(incomplete_dump_is_unknown_unless_a_finding_is_critical),
		cmocka_unit_test(incomplete_dump_makes_gone_unknown),
		cmocka_unit_test(holderless_listener_is_unseen_only_when_owners_were_hidden),
		cmocka_unit_test(unseen_holder_does_not_matter_to_a_policy_without_owners),
		cmocka_unit_test(missing_and_gone_are_unknown_when_a_holder_was_unseen),
		cmocka_unit_test(deny_line_an_unseen_holder_may_meet_is_an_unknown_denied),
		cmocka_unit_test(listener_no_owner_rule_could_allow_is_critical_though_unseen),
		cmocka_unit_test(deny_line_an_unseen_holder_may_meet_before_a_deny_is_critical),
		cmocka_unit_test(allow_line_an_unseen_holder_may_meet_before_a_deny_is_unknown),
		cmocka_unit_test(missing_is_unknown_only_where_an_unseen_holder_may_meet_it),
		cmocka_unit_test(status_worst_ranks_critical_unknown_warning_ok),
		cmocka_unit_test(unseen_protocol_nothing_names_is_ok),
		cmocka_unit_test(unseen_protocol_the_command_line_names_is_unknown),
		cmocka_unit_test(unseen_protocol_a_policy_line_names_is_unknown),
		cmocka_unit_test(require_line_on_an_unseen_protocol_is_an_unknown_missing),
		cmocka_unit_test(baseline_listener_of_an_unseen_protocol_is_not_gone_for_sure),
		cmocka_unit_test(what_the_listing_left_out_is_neither_missing_nor_gone),
		cmocka_unit_test(identity_takes_the_namespace_from_the_record),
		cmocka_unit_test(baseline_of_every_namespace_knows_each_listener_apart),
		cmocka_unit_test(policy_judges_each_listener_in_its_own_namespace),
		cmocka_unit_test(policy_ephemeral_is_the_range_of_the_listeners_namespace),
	};

	return cmocka_run_group_tests(tests, ck_group_setup, ck_group_teardown);
}
