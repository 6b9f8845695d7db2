/* SPDX-License-Identifier: MIT */
/* Unit tests of check.c, output_check.c, output_prom.c and snapshot.c: verdicts, renderings, snapshots. */
/* open_memstream is POSIX 2008. */
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
#include <sys/socket.h>

#include <cmocka.h>

#include "check.h"
#include "json.h"

#define CK_FILE "test.policy"

static struct pw_services *ck_db;
static struct pw_hostports ck_hp; /* Linux's default: 32768-60999 ephemeral */

static int ck_group_setup(void **state)
{
	(void)state;
	ck_db = pw_services_new();
	pw_ports_default(&ck_hp);
	return ck_db ? 0 : -1;
}

static int ck_group_teardown(void **state)
{
	(void)state;
	pw_services_free(ck_db);
	return 0;
}

/* --- builders ---------------------------------------------------------------- */

/* Holders; check only reads them, so literals may back the strings. */
#define CK_PROC(pid_, comm_, exe_)                                                      \
	{                                                                               \
		.pid = (pid_), .uid = 0, .comm = (char *)(comm_), .exe = (char *)(exe_) \
	}

static const struct pw_proc ck_sshd = CK_PROC(612, "sshd", "/usr/sbin/sshd");
/* The same daemon after a restart: only its pid differs. */
static const struct pw_proc ck_sshd_restarted = CK_PROC(4001, "sshd", "/usr/sbin/sshd");
static const struct pw_proc ck_telnetd = CK_PROC(5, "telnetd", "/usr/sbin/in.telnetd");
static const struct pw_proc ck_nginx = CK_PROC(800, "nginx", "/usr/sbin/nginx");
static const struct pw_proc ck_nginx_worker = CK_PROC(801, "nginx", "/usr/sbin/nginx");
static const struct pw_proc ck_resolved =
	CK_PROC(300, "systemd-resolve", "/usr/lib/systemd/systemd-resolved");
static const struct pw_proc ck_backdoor = CK_PROC(77, "backdoor", "/tmp/.x/backdoor");
static const struct pw_proc ck_piped = CK_PROC(66, "a|b", "/opt/a|b");

static const struct pw_proc *const ck_by_sshd[] = { &ck_sshd };
static const struct pw_proc *const ck_by_sshd_restarted[] = { &ck_sshd_restarted };
static const struct pw_proc *const ck_by_telnetd[] = { &ck_telnetd };
static const struct pw_proc *const ck_by_nginx[] = { &ck_nginx };
static const struct pw_proc *const ck_by_nginx_pair[] = { &ck_nginx, &ck_nginx_worker };
static const struct pw_proc *const ck_by_nginx_worker[] = { &ck_nginx_worker };
static const struct pw_proc *const ck_by_resolved[] = { &ck_resolved };
static const struct pw_proc *const ck_by_backdoor[] = { &ck_backdoor };
static const struct pw_proc *const ck_by_piped[] = { &ck_piped };

#define CK_HOLDERS(a) (a), PW_ARRAY_SIZE(a)
#define CK_NOBODY NULL, 0

static uint32_t ck_next_inode = 1000;

/* A listening socket on addr (IPv4 or IPv6 text) and port, with run-time noise set. */
static struct pw_sock ck_sock(unsigned proto, const char *addr, uint16_t port)
{
	struct pw_sock s = { 0 };

	s.proto = (uint8_t)proto;
	s.lport = port;
	s.state = proto == PW_PROTO_TCP || proto == PW_PROTO_SCTP ? PW_ST_LISTEN : PW_ST_CLOSE;
	s.v6only = -1;
	if (inet_pton(AF_INET, addr, s.laddr) == 1) {
		s.family = AF_INET;
	} else {
		assert_int_equal(inet_pton(AF_INET6, addr, s.laddr), 1);
		s.family = AF_INET6;
		s.v6only = 0;
	}
	s.inode = ck_next_inode++;
	s.cookie = 0x5000 + s.inode;
	return s;
}

/*
 * Add a listener on addr:port held by holders[0..n) to ls, annotated as the
 * list pipeline would annotate it. The record given to pw_listeners_add and
 * its socket live on this stack frame only: the set must copy them.
 */
static struct pw_listener *ck_add(struct pw_listeners *ls, unsigned proto, const char *addr,
				  uint16_t port, const struct pw_proc *const *holders, size_t n)
{
	struct pw_sock s = ck_sock(proto, addr, port);
	struct pw_rec r = { .sock = &s, .owners = true, .procs = holders, .nprocs = n };

	pw_annotate_endpoint(&r.local, &s, false, ck_db, &ck_hp);
	pw_annotate_endpoint(&r.remote, &s, true, ck_db, &ck_hp);
	r.notable = pw_annotate_notable(&s, &r.local);
	pw_listeners_add(&r, ls);
	return ls->v[ls->n - 1];
}

static struct pw_policy *ck_policy_at(const char *text, int at)
{
	struct pw_policy *p = NULL;
	struct pw_error err = { 0 };
	int rc = pw_policy_parse(text, strlen(text), CK_FILE, ck_db, NULL, NULL, &p, &err);

	if (rc || !p)
		fail_msg("test line %d: policy refused (%d) at %u:%u: %s", at, rc, err.line,
			 err.col, err.msg);
	return p;
}

#define CK_POLICY(text) ck_policy_at(text, __LINE__)

/* What one check run uses and makes. */
struct ck_run {
	struct pw_listeners ls;
	struct pw_policy *policy;
	struct pw_baseline *baseline;
	struct pw_check_result res;
	const char *netns;
};

static void ck_judge(struct ck_run *c, bool complete, bool owners_complete)
{
	pw_check_run(
		&(struct pw_check_input){
			.listeners = &c->ls,
			.policy = c->policy,
			.baseline = c->baseline,
			.hp = &ck_hp,
			.db = ck_db,
			.netns = c->netns,
			.complete = complete,
			.owners_complete = owners_complete,
		},
		&c->res);
}

static void ck_fini(struct ck_run *c)
{
	pw_check_result_fini(&c->res);
	pw_listeners_fini(&c->ls);
	pw_policy_free(c->policy);
	pw_baseline_free(c->baseline);
}

/* The i-th (0-based) finding of kind k, or NULL. */
static const struct pw_finding *ck_find(const struct pw_check_result *res, enum pw_finding_kind k,
					size_t i)
{
	for (size_t j = 0; j < res->n; j++)
		if (res->findings[j].kind == k && i-- == 0)
			return &res->findings[j];
	return NULL;
}

static const struct pw_check_meta ck_meta = {
	.host = "h1",
	.time = "2024-05-06T07:08:09Z",
	.policy_file = CK_FILE,
};

/* Capture what a renderer writes: CK_CAPTURE(text, call using f). */
#define CK_CAPTURE(text, ...)                              \
	do {                                               \
		size_t size_ = 0;                          \
		FILE *f = open_memstream(&(text), &size_); \
		assert_non_null(f);                        \
		__VA_ARGS__;                               \
		assert_int_equal(fclose(f), 0);            \
		assert_int_equal(strlen(text), size_);     \
	} while (0)

static char *ck_render(enum pw_check_format fmt, const struct pw_check_result *res,
		       const struct pw_check_meta *meta)
{
	char *text = NULL;

	CK_CAPTURE(text, pw_check_render(f, fmt, res, meta));
	return text;
}

static char *ck_finding_text(const struct pw_finding *fd, const struct pw_check_meta *meta)
{
	char *text = NULL;

	assert_non_null(fd);
	CK_CAPTURE(text, pw_check_finding_line(f, fd, meta));
	return text;
}

static char *ck_listener_text(const struct pw_listener *l)
{
	char *text = NULL;

	CK_CAPTURE(text, pw_check_listener_line(f, l));
	return text;
}

static size_t ck_count(const char *s, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static size_t ck_count_char(const char *s, char c)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == c;
	return n;
}

/* Line i (0-based) of text, copied without its newline (caller frees), or NULL. */
static char *ck_line(const char *text, size_t i)
{
	const char *p = text, *end;

	while (i-- > 0) {
		p = strchr(p, '\n');
		if (!p)
			return NULL;
		p++;
	}
	if (!*p)
		return NULL;
	end = strchr(p, '\n');
	return strndup(p, end ? (size_t)(end - p) : strlen(p));
}

/* text is one valid JSON document, as portwatch's own strict reader sees it. */
static void ck_assert_json(const char *text)
{
	struct pw_json j;
	struct pw_error err = { 0 };

	assert_int_equal(pw_json_init(&j, text, strlen(text), 1 << 20, "out", &err), 0);
	if (pw_json_skip(&j) || pw_json_finish(&j))
		fail_msg("invalid JSON at %u:%u (%s):\n%s", err.line, err.col, err.msg, text);
}

/* --- listener sets ------------------------------------------------------------- */

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

/* --- policy verdicts ----------------------------------------------------------- */

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
	assert_int_equal(c.res.n, 0);
	assert_int_equal(c.res.status, PW_STATUS_OK);
	assert_int_equal(c.res.listeners, 2);
	for (size_t k = 0; k < PW_FIND_KINDS; k++)
		assert_int_equal(c.res.count[k], 0);
	assert_true(c.ls.v[0]->expected);
	assert_true(c.ls.v[1]->expected);
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
	assert_int_equal(c.res.n, 2);
	assert_int_equal(c.res.count[PW_FIND_UNEXPECTED], 2);
	assert_int_equal(c.res.status, PW_STATUS_CRITICAL);
	fd = ck_find(&c.res, PW_FIND_UNEXPECTED, 0);
	assert_ptr_equal(fd->listener, c.ls.v[1]);
	assert_int_equal(fd->severity, PW_STATUS_CRITICAL);
	assert_int_equal(fd->line, 0);
	assert_null(fd->rule);
	assert_null(fd->entry);
	assert_false(fd->unseen);
	assert_ptr_equal(ck_find(&c.res, PW_FIND_UNEXPECTED, 1)->listener, c.ls.v[2]);
	assert_true(c.ls.v[0]->expected);
	assert_false(c.ls.v[1]->expected);
	assert_false(c.ls.v[2]->expected);
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
	assert_int_equal(c.res.n, 1);
	assert_int_equal(c.res.count[PW_FIND_DENIED], 1);
	assert_int_equal(c.res.count[PW_FIND_UNEXPECTED], 0);
	fd = &c.res.findings[0];
	assert_int_equal(fd->kind, PW_FIND_DENIED);
	assert_int_equal(fd->severity, PW_STATUS_CRITICAL);
	assert_int_equal(fd->line, 3);
	assert_string_equal(fd->rule, "deny tcp *:23");
	assert_ptr_equal(fd->listener, c.ls.v[1]);
	assert_int_equal(c.res.status, PW_STATUS_CRITICAL);
	assert_false(c.ls.v[1]->expected);
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
	assert_int_equal(c.res.n, 1);
	assert_int_equal(c.res.findings[0].kind, PW_FIND_DENIED);
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
	assert_int_equal(c.res.n, 1);
	fd = &c.res.findings[0];
	assert_int_equal(fd->kind, PW_FIND_MISSING);
	assert_int_equal(fd->severity, PW_STATUS_WARNING);
	assert_int_equal(fd->line, 3);
	assert_string_equal(fd->rule, "allow tcp *:443 process=nginx require");
	assert_null(fd->listener);
	assert_null(fd->entry);
	assert_false(fd->unseen);
	assert_int_equal(c.res.count[PW_FIND_MISSING], 1);
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
	assert_int_equal(c.res.n, 1);
	assert_int_equal(c.res.findings[0].kind, PW_FIND_DENIED);
	assert_int_equal(c.res.count[PW_FIND_MISSING], 0);
	ck_fini(&c);
}

/* --- the baseline diff ---------------------------------------------------------- */

static void restarted_daemon_is_not_new(void **state)
{
	struct pw_listeners before = { 0 };
	struct ck_run c = { 0 };

	(void)state;
	ck_add(&before, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	c.baseline = pw_snapshot_baseline(&before, NULL);
	/* New pid, inode and cookie; same comm, exe, address and port. */
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd_restarted));
	assert_int_not_equal(c.ls.v[0]->sock.inode, before.v[0]->sock.inode);
	ck_judge(&c, true, true);
	assert_int_equal(c.res.n, 0);
	assert_int_equal(c.res.status, PW_STATUS_OK);
	assert_true(c.ls.v[0]->expected);
	pw_listeners_fini(&before);
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
	assert_int_equal(c.res.n, 2);
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
	assert_int_equal(c.res.count[PW_FIND_NEW], 1);
	assert_int_equal(c.res.count[PW_FIND_GONE], 1);
	assert_int_equal(c.res.status, PW_STATUS_CRITICAL);
	assert_true(c.ls.v[0]->expected);
	assert_false(c.ls.v[1]->expected);
	ck_fini(&c);
}

static void listener_changing_hands_is_new_and_gone(void **state)
{
	struct pw_listeners before = { 0 };
	struct ck_run c = { 0 };

	(void)state;
	ck_add(&before, PW_PROTO_TCP, "0.0.0.0", 8080, CK_HOLDERS(ck_by_nginx));
	c.baseline = pw_snapshot_baseline(&before, NULL);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 8080, CK_HOLDERS(ck_by_backdoor));
	ck_judge(&c, true, true);
	assert_int_equal(c.res.count[PW_FIND_NEW], 1);
	assert_int_equal(c.res.count[PW_FIND_GONE], 1);
	assert_string_equal(ck_find(&c.res, PW_FIND_GONE, 0)->entry->process, "nginx");
	pw_listeners_fini(&before);
	ck_fini(&c);
}

static void udp_client_on_another_ephemeral_port_is_not_new(void **state)
{
	struct pw_listeners before = { 0 };
	struct ck_run c = { 0 };

	(void)state;
	ck_add(&before, PW_PROTO_UDP, "0.0.0.0", 40000, CK_HOLDERS(ck_by_resolved));
	ck_add(&before, PW_PROTO_TCP, "0.0.0.0", 40000, CK_HOLDERS(ck_by_nginx));
	c.baseline = pw_snapshot_baseline(&before, NULL);
	ck_add(&c.ls, PW_PROTO_UDP, "0.0.0.0", 51234, CK_HOLDERS(ck_by_resolved));
	/* TCP keeps its number: a listener on another ephemeral port is new. */
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 51234, CK_HOLDERS(ck_by_nginx));
	ck_judge(&c, true, true);
	assert_int_equal(c.res.n, 2);
	assert_ptr_equal(ck_find(&c.res, PW_FIND_NEW, 0)->listener, c.ls.v[1]);
	assert_int_equal(ck_find(&c.res, PW_FIND_GONE, 0)->entry->proto, PW_PROTO_TCP);
	assert_int_equal(ck_find(&c.res, PW_FIND_GONE, 0)->entry->port, 40000);
	assert_true(c.ls.v[0]->expected);
	pw_listeners_fini(&before);
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
	/* In the range, but ip_local_reserved_ports keeps it from clients. */
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
	struct pw_listeners before = { 0 };
	struct ck_run c = { 0 };

	(void)state;
	ck_add(&before, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	c.baseline = pw_snapshot_baseline(&before, "blue");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	c.netns = "blue";
	ck_judge(&c, true, true);
	assert_int_equal(c.res.n, 0);
	pw_check_result_fini(&c.res);
	/* The same listener in the host's namespace is another one. */
	c.netns = NULL;
	ck_judge(&c, true, true);
	assert_int_equal(c.res.count[PW_FIND_NEW], 1);
	assert_int_equal(c.res.count[PW_FIND_GONE], 1);
	pw_listeners_fini(&before);
	ck_fini(&c);
}

static void expected_needs_both_the_policy_and_the_baseline(void **state)
{
	struct pw_listeners before = { 0 };
	struct ck_run c = { 0 };

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22\nallow tcp *:80\n");
	ck_add(&before, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&before, PW_PROTO_TCP, "0.0.0.0", 4444, CK_HOLDERS(ck_by_backdoor));
	c.baseline = pw_snapshot_baseline(&before, NULL);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));  /* both */
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 80, CK_HOLDERS(ck_by_nginx)); /* policy only */
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 4444,
	       CK_HOLDERS(ck_by_backdoor)); /* baseline only */
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 5555, CK_HOLDERS(ck_by_backdoor)); /* neither */
	ck_judge(&c, true, true);
	assert_true(c.ls.v[0]->expected);
	assert_false(c.ls.v[1]->expected);
	assert_false(c.ls.v[2]->expected);
	assert_false(c.ls.v[3]->expected);
	assert_int_equal(c.res.count[PW_FIND_UNEXPECTED], 2);
	assert_int_equal(c.res.count[PW_FIND_NEW], 2);
	assert_int_equal(c.res.count[PW_FIND_GONE], 0);
	assert_int_equal(c.res.n, 4);
	pw_listeners_fini(&before);
	ck_fini(&c);
}

/* --- status, severities and unseen owners ---------------------------------------- */

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

	/* A listener with no visible holder while some processes were hidden: UNKNOWN beats WARNING. */
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 8000, CK_NOBODY);
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
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 8000, CK_NOBODY);
	ck_judge(&c, true, false);
	assert_int_equal(c.res.findings[0].severity, PW_STATUS_CRITICAL);
	assert_int_equal(c.res.findings[1].severity, PW_STATUS_UNKNOWN);
	assert_int_equal(c.res.status, PW_STATUS_CRITICAL);
	ck_fini(&c);
}

static void incomplete_dump_is_unknown_whatever_was_found(void **state)
{
	struct ck_run c = { 0 };

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_judge(&c, false, true);
	assert_int_equal(c.res.n, 0);
	assert_int_equal(c.res.status, PW_STATUS_UNKNOWN);
	pw_check_result_fini(&c.res);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 4444, CK_HOLDERS(ck_by_backdoor));
	ck_judge(&c, false, true);
	assert_int_equal(c.res.n, 1);
	assert_int_equal(c.res.findings[0].severity, PW_STATUS_CRITICAL);
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
	assert_true(fd->unseen);
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
	struct pw_listeners before = { 0 };
	struct ck_run c = { 0 };
	const struct pw_finding *fd;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22 process=sshd require\n");
	ck_add(&before, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	c.baseline = pw_snapshot_baseline(&before, NULL);
	/* sshd runs, but its process could not be read. */
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_NOBODY);
	ck_judge(&c, true, false);
	assert_int_equal(c.res.n, 4);
	for (size_t i = 0; i < c.res.n; i++) {
		fd = &c.res.findings[i];
		if (fd->severity != PW_STATUS_UNKNOWN || !fd->unseen)
			fail_msg("%s finding is %s, unseen %d", pw_finding_kind_name(fd->kind),
				 pw_status_name(fd->severity), fd->unseen);
	}
	assert_int_equal(c.res.count[PW_FIND_UNEXPECTED], 1);
	assert_int_equal(c.res.count[PW_FIND_MISSING], 1);
	assert_int_equal(c.res.count[PW_FIND_NEW], 1);
	assert_int_equal(c.res.count[PW_FIND_GONE], 1);
	assert_int_equal(c.res.status, PW_STATUS_UNKNOWN);
	pw_check_result_fini(&c.res);

	/* As root every holder is seen: the same findings are certain. */
	ck_judge(&c, true, true);
	assert_int_equal(ck_find(&c.res, PW_FIND_MISSING, 0)->severity, PW_STATUS_WARNING);
	assert_int_equal(ck_find(&c.res, PW_FIND_GONE, 0)->severity, PW_STATUS_WARNING);
	assert_int_equal(ck_find(&c.res, PW_FIND_NEW, 0)->severity, PW_STATUS_CRITICAL);
	assert_int_equal(c.res.status, PW_STATUS_CRITICAL);
	pw_listeners_fini(&before);
	ck_fini(&c);
}

/* --- protocols and families the listing did not cover ------------------------------ */

#define CK_RAW PW_PROTO_BIT(PW_PROTO_RAW)
#define CK_SCTP PW_PROTO_BIT(PW_PROTO_SCTP)
#define CK_ALL (PW_PROTO_BIT(PW_PROTO_COUNT) - 1)

static const struct pw_check_meta ck_meta_unseen = {
	.host = "h1",
	.policy_file = CK_FILE,
	.baseline_file = "base.json",
	.unseen_why = { [PW_PROTO_RAW] = "no raw_diag", [PW_PROTO_SCTP] = "no sctp_diag" },
};

/* Judge c with what the listing asked for (protos, families) and what it could not see. */
static void ck_judge_listed(struct ck_run *c, uint32_t protos, bool inet, bool inet6,
			    uint32_t unseen, uint32_t named)
{
	struct pw_filter f;

	pw_filter_init(&f);
	f.protos = protos;
	f.inet = inet;
	f.inet6 = inet6;
	pw_check_run(
		&(struct pw_check_input){
			.listeners = &c->ls,
			.policy = c->policy,
			.baseline = c->baseline,
			.hp = &ck_hp,
			.db = ck_db,
			.complete = true,
			.owners_complete = true,
			.listed = &f,
			.unseen_protos = unseen,
			.named_protos = named,
		},
		&c->res);
	pw_filter_fini(&f);
}

static void ck_assert_starts(const char *text, const char *prefix)
{
	if (strncmp(text, prefix, strlen(prefix)) != 0)
		fail_msg("want a text starting with:\n%s\ngot:\n%s", prefix, text);
}

static char *ck_unseen_text(const struct pw_check_result *res, unsigned proto)
{
	char *text = NULL;

	CK_CAPTURE(text, pw_check_unseen_line(f, res, proto, &ck_meta_unseen));
	return text;
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

/* No module for raw or SCTP, and nothing asks about them: OK, said only in nagios and json. */
static void unseen_protocol_nothing_names_is_ok_and_reported(void **state)
{
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22 process=sshd\ndeny any *:telnet\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_judge_listed(&c, CK_ALL, true, true, CK_RAW | CK_SCTP, 0);
	assert_int_equal(c.res.status, PW_STATUS_OK);
	assert_int_equal(c.res.n, 0);
	assert_int_equal(c.res.unseen_protos, CK_RAW | CK_SCTP);
	assert_int_equal(c.res.need[PW_PROTO_RAW].need, PW_NEED_NONE);
	assert_int_equal(c.res.need[PW_PROTO_SCTP].need, PW_NEED_NONE);
	text = ck_render(PW_CHECK_TEXT, &c.res, &ck_meta_unseen);
	assert_string_equal(text, "");
	free(text);
	text = ck_render(PW_CHECK_NAGIOS, &c.res, &ck_meta_unseen);
	ck_assert_starts(text, "PORTWATCH OK - 1 listener, all expected; not seen: raw, sctp | ");
	free(text);
	text = ck_render(PW_CHECK_JSON, &c.res, &ck_meta_unseen);
	ck_assert_json(text);
	assert_non_null(strstr(text, "\"unseen\":[{\"proto\":\"raw\",\"reason\":\"no raw_diag\","
				     "\"needed_by\":null},{\"proto\":\"sctp\",\"reason\":"
				     "\"no sctp_diag\",\"needed_by\":null}]"));
	free(text);
	ck_fini(&c);
}

/* Asked for by name (--sctp), a protocol that cannot be seen cannot be judged. */
static void unseen_protocol_the_command_line_names_is_unknown(void **state)
{
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_judge_listed(&c, PW_PROTO_BIT(PW_PROTO_TCP) | CK_SCTP, true, true, CK_SCTP,
			PW_PROTO_BIT(PW_PROTO_TCP) | CK_SCTP);
	assert_int_equal(c.res.status, PW_STATUS_UNKNOWN);
	assert_int_equal(c.res.need[PW_PROTO_SCTP].need, PW_NEED_OPTION);
	text = ck_unseen_text(&c.res, PW_PROTO_SCTP);
	assert_string_equal(text,
			    "sctp listeners not seen (no sctp_diag), yet --sctp asks for them");
	free(text);
	text = ck_render(PW_CHECK_NAGIOS, &c.res, &ck_meta_unseen);
	ck_assert_starts(text, "PORTWATCH UNKNOWN - sctp listeners not seen (no sctp_diag), yet "
			       "--sctp asks for them | listeners=1;;;0");
	free(text);
	text = ck_render(PW_CHECK_JSON, &c.res, &ck_meta_unseen);
	assert_non_null(strstr(text, "\"status\":\"UNKNOWN\""));
	assert_non_null(strstr(text, "\"needed_by\":\"option --sctp\""));
	free(text);
	ck_fini(&c);
}

/* A line naming raw wants raw judged; `any` is no such line. A certain alarm still wins. */
static void unseen_protocol_a_policy_line_names_is_unknown(void **state)
{
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22\n# raw\nallow any *:443\n\ndeny raw *:*\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_judge_listed(&c, CK_ALL, true, true, CK_RAW | CK_SCTP, 0);
	assert_int_equal(c.res.need[PW_PROTO_RAW].need, PW_NEED_POLICY);
	assert_int_equal(c.res.need[PW_PROTO_RAW].line, 5);
	assert_int_equal(c.res.need[PW_PROTO_SCTP].need, PW_NEED_NONE);
	assert_int_equal(c.res.status, PW_STATUS_UNKNOWN);
	text = ck_unseen_text(&c.res, PW_PROTO_RAW);
	assert_string_equal(text,
			    "raw listeners not seen (no raw_diag), yet test.policy:5 names raw");
	free(text);
	text = ck_render(PW_CHECK_NAGIOS, &c.res, &ck_meta_unseen);
	assert_non_null(strstr(text, "PORTWATCH UNKNOWN - raw listeners not seen (no raw_diag), "
				     "yet test.policy:5 names raw; not seen: sctp | "));
	free(text);
	pw_check_result_fini(&c.res);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 4444, CK_HOLDERS(ck_by_backdoor));
	ck_judge_listed(&c, CK_ALL, true, true, CK_RAW | CK_SCTP, 0);
	assert_int_equal(c.res.status, PW_STATUS_CRITICAL);
	text = ck_render(PW_CHECK_NAGIOS, &c.res, &ck_meta_unseen);
	assert_non_null(strstr(text, "PORTWATCH CRITICAL - raw listeners not seen (no raw_diag), "
				     "yet test.policy:5 names raw; 1 unexpected listener: "
				     "tcp/4444 backdoor; not seen: sctp | "));
	free(text);
	ck_fini(&c);
}

/* A require line on a protocol not seen may be met there: UNKNOWN, never a plain WARNING. */
static void require_line_on_an_unseen_protocol_is_an_unknown_missing(void **state)
{
	struct ck_run c = { 0 };
	const struct pw_finding *fd;
	char *text;

	(void)state;
	c.policy = CK_POLICY("allow sctp *:3868 require\nallow any *:53 require\n"
			     "allow tcp *:80 require\n");
	ck_judge_listed(&c, CK_ALL, true, true, CK_RAW | CK_SCTP, 0);
	assert_int_equal(c.res.count[PW_FIND_MISSING], 3);
	fd = ck_find(&c.res, PW_FIND_MISSING, 0);
	assert_int_equal(fd->line, 1);
	assert_int_equal(fd->severity, PW_STATUS_UNKNOWN);
	assert_int_equal(fd->unseen_protos, CK_SCTP);
	text = ck_finding_text(fd, &ck_meta_unseen);
	assert_string_equal(text, "UNKNOWN missing allow sctp *:3868 require rule=test.policy:1 "
				  "(sctp listeners not seen)");
	free(text);
	fd = ck_find(&c.res, PW_FIND_MISSING, 1);
	assert_int_equal(fd->severity, PW_STATUS_UNKNOWN);
	assert_int_equal(fd->unseen_protos, CK_RAW | CK_SCTP);
	text = ck_finding_text(fd, &ck_meta_unseen);
	assert_non_null(strstr(text, " (raw, sctp listeners not seen)"));
	free(text);
	/* TCP was seen: its missing listener is certain. */
	fd = ck_find(&c.res, PW_FIND_MISSING, 2);
	assert_int_equal(fd->severity, PW_STATUS_WARNING);
	assert_int_equal(fd->unseen_protos, 0);
	text = ck_render(PW_CHECK_JSON, &c.res, &ck_meta_unseen);
	ck_assert_json(text);
	assert_int_equal(ck_count(text, "\"unseen_protocols\":[\"sctp\"]"), 1);
	assert_int_equal(ck_count(text, "\"unseen_protocols\":[\"raw\",\"sctp\"]"), 1);
	assert_int_equal(ck_count(text, "\"unseen_protocols\":[]"), 1);
	free(text);
	assert_int_equal(c.res.status, PW_STATUS_UNKNOWN);
	ck_fini(&c);
}

/* Baseline listeners of a protocol not seen are not known to be gone. */
static void baseline_listener_of_an_unseen_protocol_is_not_gone_for_sure(void **state)
{
	struct pw_listeners before = { 0 };
	struct ck_run c = { 0 };
	const struct pw_finding *fd;
	char *text;

	(void)state;
	ck_add(&before, PW_PROTO_SCTP, "0.0.0.0", 3868, CK_HOLDERS(ck_by_nginx));
	ck_add(&before, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	c.baseline = pw_snapshot_baseline(&before, NULL);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd_restarted));
	ck_judge_listed(&c, CK_ALL, true, true, CK_SCTP, 0);
	assert_int_equal(c.res.n, 1);
	fd = ck_find(&c.res, PW_FIND_GONE, 0);
	assert_non_null(fd);
	assert_int_equal(fd->severity, PW_STATUS_UNKNOWN);
	assert_int_equal(fd->unseen_protos, CK_SCTP);
	assert_int_equal(c.res.need[PW_PROTO_SCTP].need, PW_NEED_BASELINE);
	text = ck_unseen_text(&c.res, PW_PROTO_SCTP);
	assert_string_equal(
		text, "sctp listeners not seen (no sctp_diag), yet the baseline base.json holds "
		      "sctp listeners");
	free(text);
	assert_int_equal(c.res.status, PW_STATUS_UNKNOWN);
	pw_check_result_fini(&c.res);
	/* Seen, it is gone for sure. */
	ck_judge_listed(&c, CK_ALL, true, true, 0, 0);
	assert_int_equal(ck_find(&c.res, PW_FIND_GONE, 0)->severity, PW_STATUS_WARNING);
	assert_int_equal(c.res.status, PW_STATUS_WARNING);
	pw_listeners_fini(&before);
	ck_fini(&c);
}

/* check -t, or -4, was not asked about the rest: no missing or gone finding for it. */
static void what_the_listing_left_out_is_neither_missing_nor_gone(void **state)
{
	struct pw_listeners before = { 0 };
	struct ck_run c = { 0 };
	const uint32_t tcp = PW_PROTO_BIT(PW_PROTO_TCP);

	(void)state;
	c.policy = CK_POLICY("allow udp *:53 require\nallow any *:25 require\n"
			     "allow tcp [::1]:631 require\nallow tcp *:22\n");
	ck_add(&before, PW_PROTO_UDP, "127.0.0.1", 53, CK_HOLDERS(ck_by_resolved));
	ck_add(&before, PW_PROTO_TCP, "::", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&before, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	c.baseline = pw_snapshot_baseline(&before, NULL);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	/* -t -4: only the `any` line can be judged, and only the IPv4 TCP entry. */
	ck_judge_listed(&c, tcp, true, false, 0, tcp);
	assert_int_equal(c.res.n, 1);
	assert_int_equal(ck_find(&c.res, PW_FIND_MISSING, 0)->line, 2);
	assert_int_equal(c.res.status, PW_STATUS_WARNING);
	pw_check_result_fini(&c.res);
	/* Everything listed: each is a finding. */
	ck_judge_listed(&c, CK_ALL, true, true, 0, 0);
	assert_int_equal(c.res.count[PW_FIND_MISSING], 3);
	assert_int_equal(c.res.count[PW_FIND_GONE], 2);
	pw_listeners_fini(&before);
	ck_fini(&c);
}

/* As root, hidden owners are unreadable processes: "run as root" would be a lie. */
static void unseen_owner_line_as_root_says_fds_are_unreadable(void **state)
{
	struct pw_check_meta meta = ck_meta;
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22 process=sshd\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_NOBODY);
	ck_judge(&c, true, false);
	meta.as_root = true;
	text = ck_finding_text(&c.res.findings[0], &meta);
	assert_string_equal(text, "UNKNOWN unexpected tcp 0.0.0.0:22 (ssh, well-known, wildcard) - "
				  "user=0 (owners not visible: some processes' fds cannot be read, "
				  "even by root)");
	free(text);
	text = ck_render(PW_CHECK_JSON, &c.res, &meta);
	assert_non_null(strstr(text, "\"owners_complete\":false,"));
	free(text);
	ck_fini(&c);
}

/* Nagios cuts at '|': a policy file name with one is escaped in the unseen reason too. */
static void nagios_unseen_reason_escapes_the_file_name(void **state)
{
	struct pw_check_meta meta = ck_meta_unseen;
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	meta.policy_file = "/etc/p|w";
	c.policy = CK_POLICY("allow sctp *:1\n");
	ck_judge_listed(&c, CK_ALL, true, true, CK_SCTP, 0);
	text = ck_render(PW_CHECK_NAGIOS, &c.res, &meta);
	assert_non_null(strstr(text, "yet /etc/p\\x7cw:1 names sctp | "));
	assert_int_equal(ck_count_char(text, '|'), 1);
	free(text);
	ck_fini(&c);
}

/* --- text and finding lines -------------------------------------------------------- */

static void text_prints_nothing_without_findings(void **state)
{
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_judge(&c, true, true);
	text = ck_render(PW_CHECK_TEXT, &c.res, &ck_meta);
	assert_string_equal(text, "");
	free(text);
	text = ck_render(PW_CHECK_TEXT, NULL, &ck_meta);
	assert_string_equal(text, "");
	free(text);
	ck_fini(&c);
}

static void text_prints_a_line_per_finding(void **state)
{
	struct ck_run c = { 0 };
	char *text, *line;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22 process=sshd\n"
			     "deny tcp *:23\n"
			     "allow tcp *:443 require\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 23, CK_HOLDERS(ck_by_telnetd));
	ck_add(&c.ls, PW_PROTO_TCP, "::", 4444, CK_HOLDERS(ck_by_backdoor));
	ck_judge(&c, true, true);
	assert_int_equal(c.res.n, 3);
	text = ck_render(PW_CHECK_TEXT, &c.res, &ck_meta);
	assert_int_equal(ck_count_char(text, '\n'), 3);
	assert_int_equal(text[strlen(text) - 1], '\n');
	for (size_t i = 0; i < c.res.n; i++) {
		char *want = ck_finding_text(&c.res.findings[i], &ck_meta);

		line = ck_line(text, i);
		assert_string_equal(line, want);
		free(line);
		free(want);
	}
	assert_non_null(strstr(text, "CRITICAL denied tcp 0.0.0.0:23 "));
	assert_non_null(strstr(text, "CRITICAL unexpected tcp [::]:4444 "));
	assert_non_null(strstr(text, "WARNING missing allow tcp *:443 require rule=test.policy:3"));
	free(text);
	ck_fini(&c);
}

static void finding_lines_say_what_where_and_which_rule(void **state)
{
	struct pw_listeners before = { 0 };
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22 process=sshd\n"
			     "deny tcp *:23\n"
			     "allow tcp *:443 process=nginx require\n"
			     "allow any *:*\n");
	ck_add(&before, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&before, PW_PROTO_UDP, "127.0.0.53", 40000, CK_HOLDERS(ck_by_resolved));
	ck_add(&before, PW_PROTO_TCP, "::1", 8080, CK_HOLDERS(ck_by_nginx));
	c.baseline = pw_snapshot_baseline(&before, NULL);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 23, CK_HOLDERS(ck_by_telnetd))->rec.user = "root";
	ck_judge(&c, true, true);

	text = ck_finding_text(ck_find(&c.res, PW_FIND_DENIED, 0), &ck_meta);
	assert_string_equal(text, "CRITICAL denied tcp 0.0.0.0:23 (telnet, well-known, wildcard) "
				  "telnetd[5] user=root rule=test.policy:2");
	free(text);
	text = ck_finding_text(ck_find(&c.res, PW_FIND_NEW, 0), &ck_meta);
	assert_string_equal(text, "CRITICAL new tcp 0.0.0.0:23 (telnet, well-known, wildcard) "
				  "telnetd[5] user=root");
	free(text);
	text = ck_finding_text(ck_find(&c.res, PW_FIND_MISSING, 0), &ck_meta);
	assert_string_equal(
		text, "WARNING missing allow tcp *:443 process=nginx require rule=test.policy:3");
	free(text);
	/* Gone ones in identity order: TCP before UDP. */
	text = ck_finding_text(ck_find(&c.res, PW_FIND_GONE, 0), &ck_meta);
	/* Annotated as a present listener is, from the baseline's entry. */
	assert_string_equal(text, "WARNING gone tcp [::1]:8080 (http-alt, registered, loopback) "
				  "nginx exe=/usr/sbin/nginx");
	free(text);
	text = ck_finding_text(ck_find(&c.res, PW_FIND_GONE, 1), &ck_meta);
	/* Known only by its range: no name, no class. */
	assert_string_equal(text,
			    "WARNING gone udp 127.0.0.53:ephemeral (loopback) systemd-resolve "
			    "exe=/usr/lib/systemd/systemd-resolved");
	free(text);
	/* Without a policy file name. */
	text = ck_finding_text(ck_find(&c.res, PW_FIND_DENIED, 0), &(struct pw_check_meta){ 0 });
	assert_non_null(strstr(text, " rule=-:2"));
	free(text);
	pw_listeners_fini(&before);
	ck_fini(&c);
}

static void unseen_finding_line_says_owners_were_not_visible(void **state)
{
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22 process=sshd\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_NOBODY);
	ck_judge(&c, true, false);
	text = ck_finding_text(&c.res.findings[0], &ck_meta);
	assert_string_equal(text, "UNKNOWN unexpected tcp 0.0.0.0:22 (ssh, well-known, wildcard) - "
				  "user=0 (owners not visible: run as root)");
	free(text);
	ck_fini(&c);
}

static void listener_line_names_every_holder_and_orphans(void **state)
{
	struct pw_listeners ls = { 0 };
	struct pw_listener *l;
	char *text;

	(void)state;
	l = ck_add(&ls, PW_PROTO_TCP, "2001:db8::1", 443, CK_HOLDERS(ck_by_nginx_pair));
	l->rec.user = "www-data";
	text = ck_listener_text(l);
	assert_string_equal(text, "tcp [2001:db8::1]:443 (https, well-known, public) "
				  "nginx[800],nginx[801] user=www-data");
	free(text);
	l = ck_add(&ls, PW_PROTO_UDP, "0.0.0.0", 45000, CK_NOBODY);
	l->rec.orphan = true;
	l->sock.uid = 1000;
	text = ck_listener_text(l);
	/* No service known for 45000: no name, the class and "ephemeral". */
	assert_non_null(strstr(text, "udp 0.0.0.0:45000 ("));
	assert_non_null(strstr(text, "registered ephemeral, wildcard) no-process user=1000"));
	free(text);
	/* A raw socket's "port" is its IP protocol: no class. */
	l = ck_add(&ls, PW_PROTO_RAW, "0.0.0.0", 1, CK_NOBODY);
	text = ck_listener_text(l);
	assert_string_equal(text, "raw 0.0.0.0:1 (wildcard) - user=0");
	free(text);
	pw_listeners_fini(&ls);
}

/* Text output goes to mail and terminals: no control byte raw, none hidden. */
static void text_escapes_control_bytes_in_process_names(void **state)
{
	static const struct pw_proc evil = CK_PROC(9, "x\n\x1b[2Jy\\", "/bin/x");
	static const struct pw_proc *const by_evil[] = { &evil };
	struct pw_listeners ls = { 0 };
	char *text;

	(void)state;
	ck_add(&ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(by_evil));
	text = ck_listener_text(ls.v[0]);
	assert_null(strchr(text, '\n'));
	assert_null(strchr(text, '\x1b'));
	assert_non_null(strstr(text, "x\\x0a\\x1b[2Jy\\\\[9]"));
	free(text);
	pw_listeners_fini(&ls);
}

/* --- nagios ------------------------------------------------------------------------- */

static void nagios_ok_status_line_has_performance_data(void **state)
{
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&c.ls, PW_PROTO_TCP, "::", 22, CK_HOLDERS(ck_by_sshd));
	ck_judge(&c, true, true);
	text = ck_render(PW_CHECK_NAGIOS, &c.res, &ck_meta);
	assert_string_equal(text, "PORTWATCH OK - 2 listeners, all expected | listeners=2;;;0 "
				  "unexpected=0;;;0 denied=0;;;0 missing=0;;;0 new=0;;;0 "
				  "gone=0;;;0\n");
	free(text);
	ck_fini(&c);
}

static void nagios_summary_names_findings_worst_kinds_first(void **state)
{
	struct ck_run c = { 0 };
	char *text, *line;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22 process=sshd\n"
			     "deny tcp *:23\n"
			     "allow tcp *:443 require\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 4444, CK_HOLDERS(ck_by_backdoor));
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 23, CK_HOLDERS(ck_by_telnetd));
	ck_add(&c.ls, PW_PROTO_UDP, "0.0.0.0", 5555, CK_NOBODY);
	ck_judge(&c, true, true);
	text = ck_render(PW_CHECK_NAGIOS, &c.res, &ck_meta);
	line = ck_line(text, 0);
	assert_string_equal(line, "PORTWATCH CRITICAL - 1 denied listener: tcp/23 telnetd; "
				  "2 unexpected listeners: tcp/4444 backdoor, udp/5555; "
				  "1 missing listener: line 3 | listeners=4;;;0 unexpected=2;;;0 "
				  "denied=1;;;0 missing=1;;;0 new=0;;;0 gone=0;;;0");
	free(line);
	/* Then each finding, as the text lines. */
	assert_int_equal(ck_count_char(text, '\n'), 1 + c.res.n);
	for (size_t i = 0; i < c.res.n; i++) {
		char *want = ck_finding_text(&c.res.findings[i], &ck_meta);

		line = ck_line(text, i + 1);
		assert_string_equal(line, want);
		free(line);
		free(want);
	}
	free(text);
	ck_fini(&c);
}

static void nagios_summary_names_three_findings_of_a_kind_at_most(void **state)
{
	struct ck_run c = { 0 };
	char *text, *line;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22\n");
	for (uint16_t port = 5001; port <= 5005; port++)
		ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", port, CK_HOLDERS(ck_by_backdoor));
	ck_judge(&c, true, true);
	text = ck_render(PW_CHECK_NAGIOS, &c.res, &ck_meta);
	line = ck_line(text, 0);
	assert_non_null(strstr(line, "PORTWATCH CRITICAL - 5 unexpected listeners: tcp/5001 "
				     "backdoor, tcp/5002 backdoor, tcp/5003 backdoor, ... | "));
	assert_null(strstr(line, "5004"));
	free(line);
	free(text);
	ck_fini(&c);
}

/* A '|' starts Nagios performance data: one in a process name would forge it. */
static void nagios_never_writes_a_raw_pipe_from_a_process_name(void **state)
{
	struct pw_listeners before = { 0 };
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22\n");
	ck_add(&before, PW_PROTO_TCP, "0.0.0.0", 7777, CK_HOLDERS(ck_by_piped));
	c.baseline = pw_snapshot_baseline(&before, NULL);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 4444, CK_HOLDERS(ck_by_piped));
	ck_judge(&c, true, true);
	assert_int_equal(c.res.n, 3); /* unexpected, new, gone */
	text = ck_render(PW_CHECK_NAGIOS, &c.res, &ck_meta);
	/* The one '|' is the separator of the performance data. */
	assert_int_equal(ck_count_char(text, '|'), 1);
	assert_non_null(strstr(text, " | listeners=1;;;0 "));
	assert_true(strstr(text, " | listeners=") < strchr(text, '\n'));
	assert_non_null(strstr(text, "tcp/4444 a\\x7cb"));
	assert_non_null(strstr(text, "a\\x7cb[66]"));
	/* The gone entry's process and exe too. */
	assert_non_null(strstr(text, "tcp 0.0.0.0:7777 (cbt, registered, wildcard) a\\x7cb "
				     "exe=/opt/a\\x7cb"));
	assert_int_equal(ck_count_char(text, '\n'), 4);
	free(text);
	/* Text output keeps it: no Nagios there. */
	text = ck_render(PW_CHECK_TEXT, &c.res, &ck_meta);
	assert_non_null(strstr(text, "a|b[66]"));
	free(text);
	pw_listeners_fini(&before);
	ck_fini(&c);
}

/* Long strings with a '|' far in: escaped whole, nothing cut away. */
static void nagios_escapes_pipes_far_into_long_strings(void **state)
{
	char exe[700], want[720];
	struct pw_proc p = CK_PROC(3, "long", NULL);
	const struct pw_proc *const by_p[] = { &p };
	struct pw_listeners before = { 0 };
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	memset(exe, 'e', sizeof(exe));
	exe[0] = '/';
	memcpy(exe + 600, "|tail", 6);
	p.exe = exe;
	ck_add(&before, PW_PROTO_TCP, "0.0.0.0", 7777, CK_HOLDERS(by_p));
	c.baseline = pw_snapshot_baseline(&before, NULL);
	ck_judge(&c, true, true);
	assert_int_equal(c.res.count[PW_FIND_GONE], 1);
	text = ck_render(PW_CHECK_NAGIOS, &c.res, &ck_meta);
	memcpy(want, exe, 600);
	strcpy(want + 600, "\\x7ctail\n");
	assert_non_null(strstr(text, want));
	assert_int_equal(ck_count_char(text, '|'), 1);
	free(text);
	pw_listeners_fini(&before);
	ck_fini(&c);
}

static void nagios_escapes_the_policy_file_name(void **state)
{
	struct ck_run c = { 0 };
	struct pw_check_meta meta = ck_meta;
	char *text;

	(void)state;
	meta.policy_file = "/etc/p|w\n";
	c.policy = CK_POLICY("deny tcp *:23\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 23, CK_HOLDERS(ck_by_telnetd));
	ck_judge(&c, true, true);
	text = ck_render(PW_CHECK_NAGIOS, &c.res, &meta);
	assert_int_equal(ck_count_char(text, '|'), 1);
	assert_int_equal(ck_count_char(text, '\n'), 2);
	assert_non_null(strstr(text, " rule=/etc/p\\x7cw\\x0a:1\n"));
	free(text);
	ck_fini(&c);
}

static void nagios_without_a_result_is_unknown_with_the_reason(void **state)
{
	struct pw_check_meta meta = ck_meta;
	char *text;

	(void)state;
	meta.error = "policy: /etc/portwatch/policy:3:7: bad | thing";
	text = ck_render(PW_CHECK_NAGIOS, NULL, &meta);
	assert_string_equal(
		text, "PORTWATCH UNKNOWN - policy: /etc/portwatch/policy:3:7: bad \\x7c thing\n");
	free(text);
	meta.error = NULL;
	text = ck_render(PW_CHECK_NAGIOS, NULL, &meta);
	assert_string_equal(text, "PORTWATCH UNKNOWN - the check could not run\n");
	free(text);
}

static void nagios_incomplete_run_leads_with_its_reason(void **state)
{
	static const char head[] =
		"PORTWATCH UNKNOWN - the listing is incomplete; 1 unexpected listener: tcp/4444 | ";
	struct ck_run c = { 0 };
	struct pw_check_meta meta = ck_meta;
	char *text, *line;

	(void)state;
	meta.error = "the listing is incomplete";
	c.policy = CK_POLICY("allow tcp *:22\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_NOBODY);
	ck_judge(&c, false, true);
	text = ck_render(PW_CHECK_NAGIOS, &c.res, &meta);
	assert_string_equal(text, "PORTWATCH UNKNOWN - the listing is incomplete | listeners=1;;;0 "
				  "unexpected=0;;;0 denied=0;;;0 missing=0;;;0 new=0;;;0 "
				  "gone=0;;;0\n");
	free(text);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 4444, CK_NOBODY);
	pw_check_result_fini(&c.res);
	ck_judge(&c, false, true);
	text = ck_render(PW_CHECK_NAGIOS, &c.res, &meta);
	line = ck_line(text, 0);
	assert_true(strncmp(line, head, strlen(head)) == 0);
	free(line);
	free(text);
	ck_fini(&c);
}

/* --- json ------------------------------------------------------------------------------ */

static void json_is_one_document_with_counts_and_findings(void **state)
{
	static const char json_head[] =
		"{\"schema\":1,\"version\":\"" PW_VERSION "\",\"host\":\"h1\","
		"\"time\":\"2024-05-06T07:08:09Z\",\"status\":\"CRITICAL\","
		"\"policy\":\"test.policy\",\"baseline\":null,\"error\":null,"
		"\"owners_complete\":true,\"unseen\":[],"
		"\"listeners\":1,\"counts\":{\"unexpected\":0,\"denied\":1,"
		"\"missing\":1,\"new\":1,\"gone\":1},\"findings\":[{";
	struct pw_listeners before = { 0 };
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22 process=sshd\n"
			     "deny tcp *:23\n"
			     "allow tcp *:443 require\n");
	ck_add(&before, PW_PROTO_UDP, "::", 40000, CK_HOLDERS(ck_by_resolved));
	c.baseline = pw_snapshot_baseline(&before, NULL);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 23, CK_HOLDERS(ck_by_telnetd));
	ck_judge(&c, true, true);
	text = ck_render(PW_CHECK_JSON, &c.res, &ck_meta);
	ck_assert_json(text);
	assert_int_equal(ck_count_char(text, '\n'), 1);
	assert_true(strncmp(text, json_head, strlen(json_head)) == 0);
	assert_int_equal(ck_count(text, "{\"kind\":"), 4);
	assert_non_null(strstr(text, "{\"kind\":\"denied\",\"severity\":\"CRITICAL\","
				     "\"owners_visible\":true,\"socket\":{"));
	assert_non_null(strstr(text, "\"rule\":\"test.policy:2\",\"rule_text\":\"deny tcp *:23\","
				     "\"unseen_protocols\":[]}"));
	assert_non_null(strstr(text, "\"rule\":\"test.policy:3\","
				     "\"rule_text\":\"allow tcp *:443 require\","
				     "\"unseen_protocols\":[]}"));
	assert_non_null(strstr(text,
			       "\"baseline_entry\":{\"proto\":\"udp\",\"address\":\"::\","
			       "\"port\":\"ephemeral\",\"process\":\"systemd-resolve\","
			       "\"exe\":\"/usr/lib/systemd/systemd-resolved\",\"netns\":null}"));
	assert_int_equal(ck_count(text, "\"rule\":null,\"rule_text\":null"), 2);
	assert_int_equal(ck_count(text, "\"socket\":null"), 2);
	/* The gone one's bind address and port, annotated; none for the others. */
	assert_non_null(strstr(text, "\"local\":{\"address\":\"::\",\"port\":0,\"service\":null,"
				     "\"service_source\":null,\"class\":null,\"ephemeral\":true,"
				     "\"scope\":\"wildcard\"},\"rule\":null"));
	assert_int_equal(ck_count(text, "\"local\":null"), 3);
	free(text);
	pw_listeners_fini(&before);
	ck_fini(&c);
}

static void json_without_a_result_is_unknown_with_the_error(void **state)
{
	struct pw_check_meta meta = ck_meta;
	char *text;

	(void)state;
	meta.error = "no \"policy\"\n";
	text = ck_render(PW_CHECK_JSON, NULL, &meta);
	ck_assert_json(text);
	assert_non_null(strstr(text, "\"status\":\"UNKNOWN\""));
	assert_non_null(strstr(text, "\"error\":\"no \\\"policy\\\"\\n\""));
	assert_non_null(strstr(text, "\"listeners\":0,"));
	assert_non_null(strstr(text, "\"findings\":[]}\n"));
	free(text);
}

static void json_stays_valid_with_hostile_names(void **state)
{
	static const struct pw_proc evil = CK_PROC(9, "\"}\n\x01\xff\xc3", "/tmp/\\\"x");
	static const struct pw_proc *const by_evil[] = { &evil };
	struct pw_listeners before = { 0 };
	struct pw_check_meta meta = ck_meta;
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	meta.policy_file = "p\"\\\n";
	c.policy = CK_POLICY("deny tcp *:23\n");
	ck_add(&before, PW_PROTO_TCP, "0.0.0.0", 99, CK_HOLDERS(by_evil));
	c.baseline = pw_snapshot_baseline(&before, NULL);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 23, CK_HOLDERS(by_evil));
	ck_judge(&c, true, true);
	text = ck_render(PW_CHECK_JSON, &c.res, &meta);
	ck_assert_json(text);
	assert_non_null(strstr(text, "\"rule\":\"p\\\"\\\\\\n:1\""));
	free(text);
	pw_listeners_fini(&before);
	ck_fini(&c);
}

/* --- prometheus ------------------------------------------------------------------------ */

static char *ck_prom(const struct pw_check_result *res, const struct pw_listeners *ls)
{
	char *text = NULL;

	CK_CAPTURE(text, pw_check_prometheus(f, res, ls, 1700000000.5, 0.25));
	return text;
}

/* The value of the sample line starting with series (up to its space), or -1. */
static double ck_sample(const char *text, const char *series)
{
	size_t n = strlen(series);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (!strncmp(p, series, n) && p[n] == ' ')
			return strtod(p + n + 1, NULL);
	}
	return -1;
}

#define CK_SSH_SERIES                                                               \
	"portwatch_listening_socket{proto=\"tcp\",address=\"0.0.0.0\",port=\"22\"," \
	"service=\"ssh\",class=\"well-known\",process=\"sshd\",expected=\"true\"}"

static void prometheus_gives_a_series_per_listener(void **state)
{
	static const char prom_head[] =
		"# HELP portwatch_listening_socket Listening sockets with these labels.\n"
		"# TYPE portwatch_listening_socket gauge\n"
		"portwatch_listening_socket{";
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&c.ls, PW_PROTO_TCP, "::", 4444, CK_HOLDERS(ck_by_backdoor));
	ck_judge(&c, true, true);
	text = ck_prom(&c.res, &c.ls);
	assert_true(strncmp(text, prom_head, strlen(prom_head)) == 0);
	assert_true(ck_sample(text, CK_SSH_SERIES) == 1);
	assert_true(ck_sample(text, "portwatch_listening_socket{proto=\"tcp\",address=\"::\","
				    "port=\"4444\",service=\"krb524\",class=\"registered\","
				    "process=\"backdoor\",expected=\"false\"}") == 1);
	assert_int_equal(ck_count(text, "\nportwatch_listening_socket{"), 2);
	assert_true(ck_sample(text, "portwatch_unexpected_listeners") == 1);
	assert_true(ck_sample(text, "portwatch_missing_listeners") == 0);
	assert_true(ck_sample(text, "portwatch_run_success") == 1);
	assert_true(ck_sample(text, "portwatch_last_run_timestamp_seconds") == 1700000000.5);
	assert_true(ck_sample(text, "portwatch_run_duration_seconds") == 0.25);
	assert_non_null(strstr(text, "# TYPE portwatch_run_success gauge\n"));
	free(text);
	ck_fini(&c);
}

/* SO_REUSEPORT groups and prefork daemons: one label set is one series, counted. */
static void listeners_with_identical_labels_are_one_series_with_their_count(void **state)
{
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 80, CK_HOLDERS(ck_by_nginx));
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd_restarted));
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 80, CK_HOLDERS(ck_by_nginx_worker));
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 80, CK_HOLDERS(ck_by_nginx_pair));
	ck_judge(&c, true, true);
	text = ck_prom(&c.res, &c.ls);
	assert_true(ck_sample(text, CK_SSH_SERIES) == 2);
	assert_true(ck_sample(text, "portwatch_listening_socket{proto=\"tcp\",address=\"0.0.0.0\","
				    "port=\"80\",service=\"http\",class=\"well-known\","
				    "process=\"nginx\",expected=\"true\"}") == 3);
	/* Each series once: Prometheus refuses a file with a repeated one. */
	assert_int_equal(ck_count(text, "\nportwatch_listening_socket{"), 2);
	free(text);
	ck_fini(&c);
}

/* UDP on an ephemeral port is known by the range, as in baselines: one series, not one per run. */
static void prometheus_udp_on_an_ephemeral_port_is_labelled_ephemeral(void **state)
{
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	ck_add(&c.ls, PW_PROTO_UDP, "127.0.0.53", 40000, CK_HOLDERS(ck_by_resolved));
	ck_add(&c.ls, PW_PROTO_UDP, "127.0.0.53", 50000, CK_HOLDERS(ck_by_resolved));
	ck_add(&c.ls, PW_PROTO_UDP, "127.0.0.53", 53, CK_HOLDERS(ck_by_resolved));
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 40000, CK_HOLDERS(ck_by_backdoor));
	c.policy = CK_POLICY("allow udp *:*\n");
	ck_judge(&c, true, true);
	text = ck_prom(&c.res, &c.ls);
	assert_true(ck_sample(text,
			      "portwatch_listening_socket{proto=\"udp\",address=\"127.0.0.53\","
			      "port=\"ephemeral\",service=\"\",class=\"\","
			      "process=\"systemd-resolve\",expected=\"true\"}") == 2);
	assert_true(ck_sample(text,
			      "portwatch_listening_socket{proto=\"udp\",address=\"127.0.0.53\","
			      "port=\"53\",service=\"domain\",class=\"well-known\","
			      "process=\"systemd-resolve\",expected=\"true\"}") == 1);
	/* A TCP listener there is a server: its port is kept. */
	assert_non_null(strstr(text, "{proto=\"tcp\",address=\"0.0.0.0\",port=\"40000\","));
	assert_int_equal(ck_count(text, "\nportwatch_listening_socket{"), 3);
	free(text);
	ck_fini(&c);
}

static void prometheus_escapes_label_values(void **state)
{
	static const struct pw_proc odd = CK_PROC(1, "a\\b\"c\nd\x1b[31m\xff\xc3", NULL);
	static const struct pw_proc *const by_odd[] = { &odd };
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	ck_add(&c.ls, PW_PROTO_TCP, "::1", 9999, CK_HOLDERS(by_odd));
	ck_judge(&c, true, true);
	text = ck_prom(&c.res, &c.ls);
	/*
	 * Terminal-safe first (a\\b"c\x0ad\x1b[31m\xff\xc3, as the table shows
	 * it), then each backslash and quote escaped for the exposition format:
	 * no raw ESC or invalid UTF-8 reaches a dashboard.
	 */
	assert_non_null(
		strstr(text, ",process=\"a\\\\\\\\b\\\"c\\\\x0ad\\\\x1b[31m\\\\xff\\\\xc3\","));
	assert_null(strchr(text, '\x1b'));
	assert_non_null(strstr(text, "address=\"::1\""));
	/* Every sample on one line: no newline inside a label. */
	assert_int_equal(ck_count(text, "portwatch_listening_socket{"), 1);
	assert_non_null(strstr(text, "\"} 1\n"));
	free(text);
	ck_fini(&c);
}

/* Valid UTF-8 passes unchanged; a holderless listener has an empty process. */
static void prometheus_keeps_utf8_and_empty_labels(void **state)
{
	static const struct pw_proc uni = CK_PROC(1, "d\xc3\xa6mon", NULL);
	static const struct pw_proc *const by_uni[] = { &uni };
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	ck_add(&c.ls, PW_PROTO_TCP, "10.1.2.3", 9998, CK_HOLDERS(by_uni));
	ck_add(&c.ls, PW_PROTO_RAW, "0.0.0.0", 1, CK_NOBODY);
	ck_judge(&c, true, true);
	text = ck_prom(&c.res, &c.ls);
	assert_non_null(strstr(text, "process=\"d\xc3\xa6mon\""));
	assert_true(ck_sample(text, "portwatch_listening_socket{proto=\"raw\",address=\"0.0.0.0\","
				    "port=\"1\",service=\"\",class=\"\",process=\"\","
				    "expected=\"true\"}") == 1);
	free(text);
	ck_fini(&c);
}

static void prometheus_run_success_is_0_without_a_result_or_when_unknown(void **state)
{
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	text = ck_prom(NULL, &c.ls);
	assert_true(ck_sample(text, "portwatch_run_success") == 0);
	/* Nothing was judged: no series and no counts that would look like "all fine". */
	assert_null(strstr(text, "portwatch_listening_socket{"));
	assert_null(strstr(text, "portwatch_unexpected_listeners"));
	assert_true(ck_sample(text, "portwatch_last_run_timestamp_seconds") == 1700000000.5);
	free(text);
	ck_judge(&c, false, true);
	assert_int_equal(c.res.status, PW_STATUS_UNKNOWN);
	text = ck_prom(&c.res, &c.ls);
	assert_true(ck_sample(text, "portwatch_run_success") == 0);
	free(text);
	pw_check_result_fini(&c.res);
	/* Warnings and criticals are successful runs. */
	c.policy = CK_POLICY("allow tcp *:443 require\n");
	ck_judge(&c, true, true);
	assert_int_equal(c.res.status, PW_STATUS_CRITICAL);
	text = ck_prom(&c.res, &c.ls);
	assert_true(ck_sample(text, "portwatch_run_success") == 1);
	assert_true(ck_sample(text, "portwatch_missing_listeners") == 1);
	free(text);
	ck_fini(&c);
}

/* A listener both unallowed and new is one unexpected listener, not two. */
static void prometheus_counts_each_unexpected_listener_once(void **state)
{
	struct pw_listeners before = { 0 };
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22\ndeny tcp *:23\n");
	ck_add(&before, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&before, PW_PROTO_TCP, "0.0.0.0", 25, CK_NOBODY);
	c.baseline = pw_snapshot_baseline(&before, NULL);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 4444, CK_HOLDERS(ck_by_backdoor)); /* both */
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 23, CK_HOLDERS(ck_by_telnetd));	  /* both */
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 25, CK_NOBODY);			  /* policy */
	ck_judge(&c, true, true);
	assert_int_equal(c.res.count[PW_FIND_UNEXPECTED] + c.res.count[PW_FIND_DENIED], 3);
	assert_int_equal(c.res.count[PW_FIND_NEW], 2);
	text = ck_prom(&c.res, &c.ls);
	assert_true(ck_sample(text, "portwatch_unexpected_listeners") == 3);
	assert_int_equal(ck_count(text, "expected=\"false\""), 3);
	free(text);
	pw_listeners_fini(&before);
	ck_fini(&c);
}

/* --- snapshot ---------------------------------------------------------------------------- */

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

	return pw_policy_judge(p, &s, &ck_hp, NULL, NULL);
}

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

/* --- network namespaces -------------------------------------------------------- */

static char ck_blue_name[] = "blue";
static char ck_odd_name[] = "a b";
static const struct pw_netns ck_ns_host = { .inode = 4026531840u, .initial = true };
static const struct pw_netns ck_ns_blue = { .inode = 4026532001u, .name = ck_blue_name };
static const struct pw_netns ck_ns_anon = { .inode = 4026532301u };
/* A name a policy word cannot hold. */
static const struct pw_netns ck_ns_odd = { .inode = 4026532401u, .name = ck_odd_name };

static struct pw_listener *ck_add_in(struct pw_listeners *ls, unsigned proto, const char *addr,
				     uint16_t port, const struct pw_netns *ns, bool many)
{
	struct pw_listener *l = ck_add(ls, proto, addr, port, CK_HOLDERS(ck_by_nginx));

	l->rec.netns = ns;
	l->rec.many_netns = many;
	return l;
}

static void identity_takes_the_namespace_from_the_record(void **state)
{
	struct pw_listeners ls = { 0 };
	struct pw_baseline_entry e;

	(void)state;
	ck_add_in(&ls, PW_PROTO_TCP, "0.0.0.0", 80, &ck_ns_host, true);
	ck_add_in(&ls, PW_PROTO_TCP, "0.0.0.0", 80, &ck_ns_blue, true);
	ck_add_in(&ls, PW_PROTO_TCP, "0.0.0.0", 80, &ck_ns_anon, true);
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
	struct pw_listeners before = { 0 };
	struct ck_run c = { 0 };

	(void)state;
	ck_add_in(&before, PW_PROTO_TCP, "0.0.0.0", 80, &ck_ns_host, true);
	ck_add_in(&before, PW_PROTO_TCP, "0.0.0.0", 80, &ck_ns_blue, true);
	ck_add_in(&before, PW_PROTO_TCP, "0.0.0.0", 80, &ck_ns_anon, true);
	c.baseline = pw_snapshot_baseline(&before, NULL);
	assert_int_equal(c.baseline->n, 3);
	/* The unnamed one came back in a new namespace: the same listener. */
	ck_add_in(&c.ls, PW_PROTO_TCP, "0.0.0.0", 80, &ck_ns_host, true);
	ck_add_in(&c.ls, PW_PROTO_TCP, "0.0.0.0", 80, &(struct pw_netns){ .inode = 99 }, true);
	ck_judge(&c, true, true);
	assert_int_equal(c.res.count[PW_FIND_NEW], 0);
	assert_int_equal(c.res.count[PW_FIND_GONE], 1);
	assert_string_equal(c.res.findings[0].entry->netns, "blue");
	pw_listeners_fini(&before);
	ck_fini(&c);
}

/*
 * With more than one namespace listed, the same listener in two of them is
 * two series, told apart by a netns label (the name, "host", or the inode);
 * with one namespace there is no such label, and the series stay as they were.
 */
static void prometheus_labels_the_namespace_when_several_are_listed(void **state)
{
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:80\n");
	ck_add_in(&c.ls, PW_PROTO_TCP, "0.0.0.0", 80, &ck_ns_host, true);
	ck_add_in(&c.ls, PW_PROTO_TCP, "0.0.0.0", 80, &ck_ns_blue, true);
	ck_add_in(&c.ls, PW_PROTO_TCP, "0.0.0.0", 80, &ck_ns_anon, true);
	ck_judge(&c, true, true);
	text = ck_prom(&c.res, &c.ls);
	assert_int_equal(ck_count(text, "\nportwatch_listening_socket{"), 3);
	assert_true(ck_sample(text, "portwatch_listening_socket{proto=\"tcp\",address=\"0.0.0.0\","
				    "port=\"80\",service=\"http\",class=\"well-known\","
				    "process=\"nginx\",netns=\"blue\",expected=\"true\"}") == 1);
	assert_non_null(strstr(text, ",netns=\"host\","));
	assert_non_null(strstr(text, ",netns=\"4026532301\","));
	free(text);
	ck_fini(&c);

	c = (struct ck_run){ 0 };
	c.policy = CK_POLICY("allow tcp *:80\n");
	ck_add_in(&c.ls, PW_PROTO_TCP, "0.0.0.0", 80, &ck_ns_host, false);
	ck_judge(&c, true, true);
	text = ck_prom(&c.res, &c.ls);
	assert_null(strstr(text, "netns="));
	free(text);
	ck_fini(&c);
}

static void policy_judges_each_listener_in_its_own_namespace(void **state)
{
	struct ck_run c = { 0 };

	(void)state;
	c.policy = CK_POLICY("allow tcp *:80 netns=host\nallow tcp *:80 netns=blue\n");
	ck_add_in(&c.ls, PW_PROTO_TCP, "0.0.0.0", 80, &ck_ns_host, true);
	ck_add_in(&c.ls, PW_PROTO_TCP, "0.0.0.0", 80, &ck_ns_blue, true);
	ck_add_in(&c.ls, PW_PROTO_TCP, "0.0.0.0", 80, &ck_ns_anon, true);
	/* The caller's default applies only to records without a namespace. */
	c.netns = "blue";
	ck_judge(&c, true, true);
	assert_int_equal(c.res.n, 1);
	assert_int_equal(c.res.findings[0].kind, PW_FIND_UNEXPECTED);
	assert_ptr_equal(c.res.findings[0].listener, c.ls.v[2]);
	assert_true(c.ls.v[0]->expected);
	assert_true(c.ls.v[1]->expected);
	ck_fini(&c);
}

static void policy_ephemeral_is_the_range_of_the_listeners_namespace(void **state)
{
	struct pw_netns narrow = { .inode = 5, .name = ck_blue_name, .hp_read = true };
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
	assert_true(c.ls.v[0]->expected);
	assert_false(c.ls.v[1]->expected);
	assert_true(c.ls.v[2]->expected);
	assert_int_equal(c.res.count[PW_FIND_UNEXPECTED], 1);
	ck_fini(&c);
}

static void listener_line_names_a_namespace_other_than_the_initial_one(void **state)
{
	struct pw_listeners ls = { 0 };
	char *text;

	(void)state;
	ck_add_in(&ls, PW_PROTO_TCP, "0.0.0.0", 80, &ck_ns_host, true);
	ck_add_in(&ls, PW_PROTO_TCP, "0.0.0.0", 80, &ck_ns_blue, true);
	ck_add_in(&ls, PW_PROTO_TCP, "0.0.0.0", 80, &ck_ns_anon, false);
	text = ck_listener_text(ls.v[0]);
	assert_null(strstr(text, "netns"));
	free(text);
	text = ck_listener_text(ls.v[1]);
	assert_non_null(strstr(text, " nginx[800] user=0 netns=blue"));
	free(text);
	text = ck_listener_text(ls.v[2]);
	assert_non_null(strstr(text, " user=0 netns=4026532301"));
	free(text);
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
	ls.v[0]->rec.many_netns = false;
	text = ck_snapshot(&ls, "h1");
	assert_non_null(strstr(text, "\nallow tcp *:80 process=nginx\n"));
	free(text);
	pw_listeners_fini(&ls);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(identity_takes_the_namespace_from_the_record),
		cmocka_unit_test(baseline_of_every_namespace_knows_each_listener_apart),
		cmocka_unit_test(prometheus_labels_the_namespace_when_several_are_listed),
		cmocka_unit_test(prometheus_udp_on_an_ephemeral_port_is_labelled_ephemeral),
		cmocka_unit_test(policy_judges_each_listener_in_its_own_namespace),
		cmocka_unit_test(policy_ephemeral_is_the_range_of_the_listeners_namespace),
		cmocka_unit_test(listener_line_names_a_namespace_other_than_the_initial_one),
		cmocka_unit_test(snapshot_policy_names_the_namespaces_it_can),
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
		cmocka_unit_test(incomplete_dump_is_unknown_whatever_was_found),
		cmocka_unit_test(holderless_listener_is_unseen_only_when_owners_were_hidden),
		cmocka_unit_test(unseen_holder_does_not_matter_to_a_policy_without_owners),
		cmocka_unit_test(missing_and_gone_are_unknown_when_a_holder_was_unseen),
		cmocka_unit_test(status_worst_ranks_critical_unknown_warning_ok),
		cmocka_unit_test(unseen_protocol_nothing_names_is_ok_and_reported),
		cmocka_unit_test(unseen_protocol_the_command_line_names_is_unknown),
		cmocka_unit_test(unseen_protocol_a_policy_line_names_is_unknown),
		cmocka_unit_test(require_line_on_an_unseen_protocol_is_an_unknown_missing),
		cmocka_unit_test(baseline_listener_of_an_unseen_protocol_is_not_gone_for_sure),
		cmocka_unit_test(what_the_listing_left_out_is_neither_missing_nor_gone),
		cmocka_unit_test(unseen_owner_line_as_root_says_fds_are_unreadable),
		cmocka_unit_test(nagios_unseen_reason_escapes_the_file_name),
		cmocka_unit_test(text_prints_nothing_without_findings),
		cmocka_unit_test(text_prints_a_line_per_finding),
		cmocka_unit_test(finding_lines_say_what_where_and_which_rule),
		cmocka_unit_test(unseen_finding_line_says_owners_were_not_visible),
		cmocka_unit_test(listener_line_names_every_holder_and_orphans),
		cmocka_unit_test(text_escapes_control_bytes_in_process_names),
		cmocka_unit_test(nagios_ok_status_line_has_performance_data),
		cmocka_unit_test(nagios_summary_names_findings_worst_kinds_first),
		cmocka_unit_test(nagios_summary_names_three_findings_of_a_kind_at_most),
		cmocka_unit_test(nagios_never_writes_a_raw_pipe_from_a_process_name),
		cmocka_unit_test(nagios_escapes_pipes_far_into_long_strings),
		cmocka_unit_test(nagios_escapes_the_policy_file_name),
		cmocka_unit_test(nagios_without_a_result_is_unknown_with_the_reason),
		cmocka_unit_test(nagios_incomplete_run_leads_with_its_reason),
		cmocka_unit_test(json_is_one_document_with_counts_and_findings),
		cmocka_unit_test(json_without_a_result_is_unknown_with_the_error),
		cmocka_unit_test(json_stays_valid_with_hostile_names),
		cmocka_unit_test(prometheus_gives_a_series_per_listener),
		cmocka_unit_test(listeners_with_identical_labels_are_one_series_with_their_count),
		cmocka_unit_test(prometheus_escapes_label_values),
		cmocka_unit_test(prometheus_keeps_utf8_and_empty_labels),
		cmocka_unit_test(prometheus_run_success_is_0_without_a_result_or_when_unknown),
		cmocka_unit_test(prometheus_counts_each_unexpected_listener_once),
		cmocka_unit_test(snapshot_baseline_is_sorted_deduplicated_with_refs),
		cmocka_unit_test(snapshot_policy_writes_a_line_per_distinct_rule),
		cmocka_unit_test(snapshot_policy_folds_duplicates),
		cmocka_unit_test(
			snapshot_policy_lines_parse_back_and_allow_exactly_their_listeners),
		cmocka_unit_test(check_against_a_fresh_snapshot_is_ok),
		cmocka_unit_test(snapshot_policy_of_nothing_is_a_valid_empty_policy),
		cmocka_unit_test(snapshot_policy_reports_a_write_error),
	};

	return cmocka_run_group_tests(tests, ck_group_setup, ck_group_teardown);
}
