/* SPDX-License-Identifier: MIT */
/* Unit tests of watch.c: what two polls differ by, and how each event is written. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "checkfix.h"
#include "json.h"
#include "watch.h"

/* checkfix gives ck_db, ck_hp (Linux's default range) and the sshd and resolved holders. */
static const struct pw_proc wt_curl = CK_PROC(900, "curl", "/usr/bin/curl");
static const struct pw_proc wt_hostile = CK_PROC(66, "e\x1b[31m\xff", "/tmp/x");

static const struct pw_proc *const wt_by_curl[] = { &wt_curl };
static const struct pw_proc *const wt_by_hostile[] = { &wt_hostile };

static char wt_blue_name[] = "blue";
static char wt_blue_comm[] = "pwblue";
static const struct pw_netns wt_host = { .inode = 4026531840u, .initial = true, .pid = 1 };
static const struct pw_netns wt_blue = {
	.inode = 4026532001u, .name = wt_blue_name, .pid = 400, .comm = wt_blue_comm
};
static const struct pw_netns wt_anon = { .inode = 4026532301u, .pid = 500 };
static const struct pw_netns wt_anon2 = { .inode = 4026532302u, .pid = 501 };

static uint32_t wt_inode = 5000;

/* A socket from laddr:lport to raddr:rport (listeners: "0.0.0.0", 0) in state. */
static struct pw_listener *wt_add(struct pw_listeners *ls, unsigned proto, uint8_t state,
				  const char *laddr, uint16_t lport, const char *raddr,
				  uint16_t rport, const struct pw_proc *const *holders, size_t n,
				  const struct pw_netns *ns)
{
	int family = strchr(laddr, ':') ? AF_INET6 : AF_INET;
	struct pw_sock s = {
		.proto = (uint8_t)proto,
		.family = (uint8_t)family,
		.state = state,
		.lport = lport,
		.rport = rport,
		.v6only = -1,
		/* Each poll sees new inodes and cookies: they are no identity. */
		.inode = wt_inode++,
		.cookie = wt_inode * 7,
	};
	struct pw_rec r = { .sock = &s, .owners = true, .procs = holders, .nprocs = n };

	/* A listener's wildcard peer, in its own family. */
	if (family == AF_INET6 && strcmp(raddr, "0.0.0.0") == 0)
		raddr = "::";
	assert_int_equal(inet_pton(family, laddr, s.laddr), 1);
	assert_int_equal(inet_pton(family, raddr, s.raddr), 1);
	pw_annotate_endpoint(&r.local, &s, false, ck_db, &ck_hp);
	pw_annotate_endpoint(&r.remote, &s, true, ck_db, &ck_hp);
	r.netns = ns;
	r.show_netns = ns != NULL;
	pw_listeners_add(&r, ls);
	return ls->v[ls->n - 1];
}

#define WT_LISTEN(ls, addr, port, by, ns) \
	wt_add(ls, PW_PROTO_TCP, PW_ST_LISTEN, addr, port, "0.0.0.0", 0, by, ns)

/* Events as "added 22 sshd", one a line, in diff order. */
struct wt_log {
	char *text;
	size_t len;
	FILE *f;
	const struct pw_listeners *old, *now;
	int stop_after; /* return 1 from this event on; 0: never */
	int seen;
};

static int wt_record(enum pw_watch_event ev, const struct pw_watch_key *k, void *data)
{
	struct wt_log *log = data;
	const struct pw_listeners *ls = ev == PW_WATCH_ADDED ? log->now : log->old;
	const struct pw_listener *l = ls->v[k->id.ref];

	fprintf(log->f, "%s %u %s\n", pw_watch_event_name(ev), l->sock.lport,
		l->rec.nprocs ? l->rec.procs[0]->comm : "-");
	return log->stop_after && ++log->seen >= log->stop_after;
}

/* The events between polls old and now, as text (caller frees). */
static char *wt_diff(struct pw_listeners *old, struct pw_listeners *now, int stop, int *rc)
{
	struct pw_watch_set a = { 0 }, b = { 0 };
	struct wt_log log = { .old = old, .now = now, .stop_after = stop };

	log.f = open_memstream(&log.text, &log.len);
	assert_non_null(log.f);
	pw_watch_set_build(&a, old);
	pw_watch_set_build(&b, now);
	*rc = pw_watch_diff(&a, &b, wt_record, &log);
	fclose(log.f);
	pw_watch_set_fini(&a);
	pw_watch_set_fini(&b);
	return log.text;
}

static void assert_events(struct pw_listeners *old, struct pw_listeners *now, const char *want)
{
	int rc;
	char *got = wt_diff(old, now, 0, &rc);

	assert_int_equal(rc, 0);
	assert_string_equal(got, want);
	free(got);
}

static void a_restarted_daemon_is_no_event(void **state)
{
	struct pw_listeners a = { 0 }, b = { 0 };

	(void)state;
	WT_LISTEN(&a, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd), NULL);
	WT_LISTEN(&a, "::", 22, CK_HOLDERS(ck_by_sshd), NULL);
	/* Another pid, inode and cookie, the same listener. */
	WT_LISTEN(&b, "::", 22, CK_HOLDERS(ck_by_sshd_restarted), NULL);
	WT_LISTEN(&b, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd_restarted), NULL);
	assert_events(&a, &b, "");
	pw_listeners_fini(&a);
	pw_listeners_fini(&b);
}

/* A postfix master lending its listener to smtpd for a while; then smtpd's pid is the lower. */
static void a_worker_taking_its_masters_socket_is_no_event(void **state)
{
	static const struct pw_proc master = CK_PROC(900, "master", "/usr/lib/postfix/sbin/master");
	static const struct pw_proc smtpd = CK_PROC(100, "smtpd", "/usr/lib/postfix/sbin/smtpd");
	static const struct pw_proc *const alone[] = { &master };
	static const struct pw_proc *const lent[] = { &smtpd, &master };
	struct pw_listeners a = { 0 }, b = { 0 };

	(void)state;
	WT_LISTEN(&a, "0.0.0.0", 25, CK_HOLDERS(alone), NULL);
	WT_LISTEN(&b, "0.0.0.0", 25, CK_HOLDERS(lent), NULL);
	assert_events(&a, &b, "");
	assert_events(&b, &a, "");
	pw_listeners_fini(&a);
	pw_listeners_fini(&b);
}

static void a_listener_that_comes_and_goes_is_added_then_removed(void **state)
{
	struct pw_listeners a = { 0 }, b = { 0 }, c = { 0 };

	(void)state;
	WT_LISTEN(&a, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd), NULL);
	WT_LISTEN(&b, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd), NULL);
	WT_LISTEN(&b, "0.0.0.0", 8080, CK_HOLDERS(wt_by_curl), NULL);
	WT_LISTEN(&c, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd), NULL);
	assert_events(&a, &b, "added 8080 curl\n");
	assert_events(&b, &c, "removed 8080 curl\n");
	/* Nothing before: all is added; nothing after: all is removed. */
	assert_events(&c, &(struct pw_listeners){ 0 }, "removed 22 sshd\n");
	assert_events(&(struct pw_listeners){ 0 }, &b, "added 22 sshd\nadded 8080 curl\n");
	pw_listeners_fini(&a);
	pw_listeners_fini(&b);
	pw_listeners_fini(&c);
}

static void another_process_on_the_same_port_is_removed_and_added(void **state)
{
	struct pw_listeners a = { 0 }, b = { 0 };

	(void)state;
	WT_LISTEN(&a, "0.0.0.0", 8080, CK_HOLDERS(ck_by_sshd), NULL);
	WT_LISTEN(&b, "0.0.0.0", 8080, CK_HOLDERS(wt_by_curl), NULL);
	assert_events(&a, &b, "added 8080 curl\nremoved 8080 sshd\n");
	pw_listeners_fini(&a);
	pw_listeners_fini(&b);
}

static void connections_are_told_apart_by_their_peer(void **state)
{
	struct pw_listeners a = { 0 }, b = { 0 };

	(void)state;
	wt_add(&a, PW_PROTO_TCP, PW_ST_ESTABLISHED, "10.0.0.1", 22, "10.0.0.9", 50000,
	       CK_HOLDERS(ck_by_sshd), NULL);
	wt_add(&b, PW_PROTO_TCP, PW_ST_ESTABLISHED, "10.0.0.1", 22, "10.0.0.9", 50000,
	       CK_HOLDERS(ck_by_sshd), NULL);
	wt_add(&b, PW_PROTO_TCP, PW_ST_ESTABLISHED, "10.0.0.1", 22, "10.0.0.9", 50001,
	       CK_HOLDERS(ck_by_sshd), NULL);
	wt_add(&b, PW_PROTO_TCP, PW_ST_ESTABLISHED, "10.0.0.1", 22, "10.0.0.8", 50000,
	       CK_HOLDERS(ck_by_sshd), NULL);
	assert_events(&a, &b, "added 22 sshd\nadded 22 sshd\n");
	/* A state change of one connection is no event: it is the same connection. */
	b.v[0]->sock.state = PW_ST_CLOSE_WAIT;
	assert_events(&b, &b, "");
	pw_listeners_fini(&a);
	pw_listeners_fini(&b);
}

static void a_listener_and_a_connection_on_one_port_differ(void **state)
{
	struct pw_listeners a = { 0 }, b = { 0 };

	(void)state;
	WT_LISTEN(&a, "10.0.0.1", 22, CK_HOLDERS(ck_by_sshd), NULL);
	WT_LISTEN(&b, "10.0.0.1", 22, CK_HOLDERS(ck_by_sshd), NULL);
	wt_add(&b, PW_PROTO_TCP, PW_ST_ESTABLISHED, "10.0.0.1", 22, "0.0.0.0", 0,
	       CK_HOLDERS(ck_by_sshd), NULL);
	assert_events(&a, &b, "added 22 sshd\n");
	pw_listeners_fini(&a);
	pw_listeners_fini(&b);
}

static void sockets_of_one_identity_count_once(void **state)
{
	struct pw_listeners a = { 0 }, b = { 0 };

	(void)state;
	/* SO_REUSEPORT: four sockets, one listener as a baseline knows it. */
	for (int i = 0; i < 4; i++)
		WT_LISTEN(&a, "0.0.0.0", 80, CK_HOLDERS(wt_by_curl), NULL);
	WT_LISTEN(&b, "0.0.0.0", 80, CK_HOLDERS(wt_by_curl), NULL);
	assert_events(&a, &b, "");
	assert_events(&b, &a, "");
	pw_listeners_fini(&a);
	pw_listeners_fini(&b);
}

static void a_udp_client_on_a_new_ephemeral_port_is_no_event(void **state)
{
	struct pw_listeners a = { 0 }, b = { 0 };

	(void)state;
	wt_add(&a, PW_PROTO_UDP, PW_ST_CLOSE, "127.0.0.53", 40001, "0.0.0.0", 0,
	       CK_HOLDERS(ck_by_resolved), NULL);
	wt_add(&b, PW_PROTO_UDP, PW_ST_CLOSE, "127.0.0.53", 51234, "0.0.0.0", 0,
	       CK_HOLDERS(ck_by_resolved), NULL);
	assert_events(&a, &b, "");
	/* Outside the range the port is the listener. */
	wt_add(&b, PW_PROTO_UDP, PW_ST_CLOSE, "127.0.0.53", 5353, "0.0.0.0", 0,
	       CK_HOLDERS(ck_by_resolved), NULL);
	assert_events(&a, &b, "added 5353 systemd-resolve\n");
	pw_listeners_fini(&a);
	pw_listeners_fini(&b);
}

static void the_same_listener_in_another_namespace_is_another_one(void **state)
{
	struct pw_listeners a = { 0 }, b = { 0 }, c = { 0 };

	(void)state;
	WT_LISTEN(&a, "0.0.0.0", 80, CK_HOLDERS(wt_by_curl), &wt_host);
	WT_LISTEN(&b, "0.0.0.0", 80, CK_HOLDERS(wt_by_curl), &wt_host);
	WT_LISTEN(&b, "0.0.0.0", 80, CK_HOLDERS(wt_by_curl), &wt_blue);
	WT_LISTEN(&b, "0.0.0.0", 80, CK_HOLDERS(wt_by_curl), &wt_anon);
	assert_events(&a, &b, "added 80 curl\nadded 80 curl\n");
	/*
	 * A container that restarts gets a new namespace, without a name:
	 * for a baseline its listener is the same one, but in the seconds
	 * between two polls it went away, and another came.
	 */
	WT_LISTEN(&c, "0.0.0.0", 80, CK_HOLDERS(wt_by_curl), &wt_host);
	WT_LISTEN(&c, "0.0.0.0", 80, CK_HOLDERS(wt_by_curl), &wt_blue);
	WT_LISTEN(&c, "0.0.0.0", 80, CK_HOLDERS(wt_by_curl), &wt_anon2);
	assert_events(&b, &c, "removed 80 curl\nadded 80 curl\n");
	pw_listeners_fini(&a);
	pw_listeners_fini(&b);
	pw_listeners_fini(&c);
}

static void two_unnamed_namespaces_are_two(void **state)
{
	struct pw_listeners a = { 0 }, b = { 0 };
	char *got;
	int rc;

	(void)state;
	WT_LISTEN(&a, "127.0.0.1", 8099, CK_HOLDERS(wt_by_curl), &wt_anon);
	WT_LISTEN(&b, "127.0.0.1", 8099, CK_HOLDERS(wt_by_curl), &wt_anon);
	WT_LISTEN(&b, "127.0.0.1", 8099, CK_HOLDERS(wt_by_curl), &wt_anon2);
	got = wt_diff(&a, &b, 0, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(got, "added 8099 curl\n");
	free(got);
	/* The one added is the second namespace's. */
	got = wt_diff(&b, &a, 0, &rc);
	assert_string_equal(got, "removed 8099 curl\n");
	free(got);
	assert_events(&b, &b, "");
	pw_listeners_fini(&a);
	pw_listeners_fini(&b);
}

static void the_added_socket_of_a_second_unnamed_namespace_is_its_own(void **state)
{
	struct pw_listeners a = { 0 }, b = { 0 };
	struct pw_watch_set sa = { 0 }, sb = { 0 };

	(void)state;
	WT_LISTEN(&a, "127.0.0.1", 8099, CK_HOLDERS(wt_by_curl), &wt_anon);
	WT_LISTEN(&b, "127.0.0.1", 8099, CK_HOLDERS(wt_by_curl), &wt_anon2);
	WT_LISTEN(&b, "127.0.0.1", 8099, CK_HOLDERS(wt_by_curl), &wt_anon);
	pw_watch_set_build(&sa, &a);
	pw_watch_set_build(&sb, &b);
	assert_int_equal(sb.n, 2);
	assert_int_equal(pw_watch_key_cmp(&sa.v[0], &sb.v[0]), 0);
	assert_true(b.v[sb.v[1].id.ref]->rec.netns == &wt_anon2);
	pw_watch_set_fini(&sa);
	pw_watch_set_fini(&sb);
	pw_listeners_fini(&a);
	pw_listeners_fini(&b);
}

static void a_namespace_that_gets_a_name_is_the_same_one(void **state)
{
	struct pw_listeners a = { 0 }, b = { 0 };
	struct pw_netns named = wt_anon;

	(void)state;
	/* ip netns attach: the same namespace, by its inode, now with a name. */
	named.name = wt_blue_name;
	WT_LISTEN(&a, "0.0.0.0", 80, CK_HOLDERS(wt_by_curl), &wt_anon);
	WT_LISTEN(&b, "0.0.0.0", 80, CK_HOLDERS(wt_by_curl), &named);
	assert_events(&a, &b, "");
	pw_listeners_fini(&a);
	pw_listeners_fini(&b);
}

/* The events between a and b once each lent holders to the other, as cmd_watch does. */
static char *wt_diff_lent(struct pw_listeners *a, struct pw_listeners *b, struct pw_watch_lent *la,
			  struct pw_watch_lent *lb)
{
	int rc;
	char *got;

	pw_watch_lend_holders(b, a, lb);
	pw_watch_lend_holders(a, b, la);
	got = wt_diff(a, b, 0, &rc);
	assert_int_equal(rc, 0);
	return got;
}

static void a_socket_caught_without_its_holder_keeps_the_holder(void **state)
{
	struct pw_listeners a = { 0 }, b = { 0 };
	struct pw_watch_lent la = { 0 }, lb = { 0 };
	struct pw_listener *held, *left, *other, *born, *grown;
	char *got;

	(void)state;
	held = WT_LISTEN(&a, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd), NULL);
	WT_LISTEN(&a, "0.0.0.0", 80, CK_HOLDERS(wt_by_curl), NULL);
	/* Made between the scan of /proc and the dump: no holder seen yet. */
	born = WT_LISTEN(&a, "0.0.0.0", 443, CK_NOBODY, NULL);
	born->rec.orphan = true;
	/* The same socket (its cookie), its exiting holder no longer in /proc. */
	left = WT_LISTEN(&b, "0.0.0.0", 22, CK_NOBODY, NULL);
	left->sock.cookie = held->sock.cookie;
	left->rec.orphan = true;
	/* Another socket on port 80 that nobody holds: a change indeed. */
	other = WT_LISTEN(&b, "0.0.0.0", 80, CK_NOBODY, NULL);
	grown = WT_LISTEN(&b, "0.0.0.0", 443, CK_HOLDERS(wt_by_curl), NULL);
	grown->sock.cookie = born->sock.cookie;
	got = wt_diff_lent(&a, &b, &la, &lb);
	assert_string_equal(got, "added 80 -\nremoved 80 curl\n");
	free(got);
	assert_int_equal(left->rec.nprocs, 1);
	assert_false(left->rec.orphan);
	assert_string_equal(left->rec.procs[0]->comm, "sshd");
	assert_string_equal(left->rec.procs[0]->exe, "/usr/sbin/sshd");
	assert_int_equal(left->rec.procs[0]->pid, 612);
	/* Copies: they outlive the poll they came from. */
	assert_ptr_not_equal(left->rec.procs[0], ck_by_sshd[0]);
	assert_int_equal(born->rec.nprocs, 1);
	assert_string_equal(born->rec.procs[0]->comm, "curl");
	assert_false(born->rec.orphan);
	assert_int_equal(other->rec.nprocs, 0);
	assert_int_equal(la.n, 1);
	assert_int_equal(lb.n, 1);
	pw_watch_lent_fini(&la);
	pw_watch_lent_fini(&lb);
	pw_watch_lent_fini(NULL);
	pw_listeners_fini(&a);
	pw_listeners_fini(&b);
}

/* As /proc/net gives it: no cookie. */
static struct pw_listener *wt_proc(struct pw_listener *l)
{
	l->sock.cookie = 0;
	return l;
}

static void sockets_without_a_cookie_or_a_shared_inode_lend_nothing(void **state)
{
	struct pw_listeners a = { 0 }, b = { 0 };
	struct pw_watch_lent la = { 0 }, lb = { 0 };
	char *got;

	(void)state;
	/* Two sockets, two inodes: another socket, held by nobody seen. */
	wt_proc(WT_LISTEN(&a, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd), NULL));
	wt_proc(WT_LISTEN(&b, "0.0.0.0", 22, CK_NOBODY, NULL));
	got = wt_diff_lent(&a, &b, &la, &lb);
	assert_string_equal(got, "added 22 -\nremoved 22 sshd\n");
	free(got);
	assert_int_equal(la.n + lb.n, 0);
	pw_listeners_fini(&a);
	pw_listeners_fini(&b);
}

static void without_a_cookie_a_socket_is_known_by_its_inode(void **state)
{
	struct pw_listeners a = { 0 }, b = { 0 }, c = { 0 };
	struct pw_watch_lent la = { 0 }, lb = { 0 }, lb2 = { 0 }, lc = { 0 };
	struct pw_listener *born, *held, *left;
	char *got;

	(void)state;
	/* Made between the scan of /proc and the dump of /proc/net... */
	born = wt_proc(WT_LISTEN(&a, "0.0.0.0", 8080, CK_NOBODY, NULL));
	wt_proc(WT_LISTEN(&a, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd), NULL));
	/* ...held a poll later: the same inode, no churn. */
	held = wt_proc(WT_LISTEN(&b, "0.0.0.0", 8080, CK_HOLDERS(wt_by_curl), NULL));
	held->sock.inode = born->sock.inode;
	/* The exiting sshd no longer in /proc; its socket, by inode, is still its own. */
	left = wt_proc(WT_LISTEN(&b, "0.0.0.0", 22, CK_NOBODY, NULL));
	left->sock.inode = a.v[1]->sock.inode;
	got = wt_diff_lent(&a, &b, &la, &lb);
	assert_string_equal(got, "");
	free(got);
	assert_int_equal(born->rec.nprocs, 1);
	assert_string_equal(born->rec.procs[0]->comm, "curl");
	assert_int_equal(left->rec.nprocs, 1);
	assert_string_equal(left->rec.procs[0]->comm, "sshd");
	/* The loan goes on to the next poll, from the copy. */
	left = wt_proc(WT_LISTEN(&c, "0.0.0.0", 22, CK_NOBODY, NULL));
	left->sock.inode = b.v[1]->sock.inode;
	wt_proc(WT_LISTEN(&c, "0.0.0.0", 8080, CK_HOLDERS(wt_by_curl), NULL))->sock.inode =
		held->sock.inode;
	pw_watch_lent_fini(&la);
	got = wt_diff_lent(&b, &c, &lb2, &lc);
	assert_string_equal(got, "");
	free(got);
	assert_int_equal(left->rec.nprocs, 1);
	assert_string_equal(left->rec.procs[0]->comm, "sshd");
	pw_watch_lent_fini(&lb);
	pw_watch_lent_fini(&lb2);
	pw_watch_lent_fini(&lc);
	pw_listeners_fini(&a);
	pw_listeners_fini(&b);
	pw_listeners_fini(&c);
}

/* curl's connection from 10.0.0.1:50000 to 93.184.216.34:port in state, in ns. */
static struct pw_listener *wt_conn(struct pw_listeners *ls, uint8_t state, uint16_t port,
				   const struct pw_proc *const *holders, size_t n,
				   const struct pw_netns *ns)
{
	return wt_add(ls, PW_PROTO_TCP, state, "10.0.0.1", 50000, "93.184.216.34", port, holders, n,
		      ns);
}

static void a_connection_its_process_closed_is_known_by_its_ends(void **state)
{
	struct pw_listeners a = { 0 }, b = { 0 };
	struct pw_watch_lent la = { 0 }, lb = { 0 };
	struct pw_listener *tw, *other;
	char *got;

	(void)state;
	wt_proc(wt_conn(&a, PW_ST_ESTABLISHED, 443, CK_HOLDERS(wt_by_curl), NULL));
	wt_proc(wt_conn(&a, PW_ST_ESTABLISHED, 80, CK_HOLDERS(wt_by_curl), NULL));
	/* curl closed it: TIME-WAIT, no file, no inode; a state change is no event. */
	tw = wt_proc(wt_conn(&b, PW_ST_TIME_WAIT, 443, CK_NOBODY, NULL));
	tw->sock.inode = 0;
	/* Another connection on port 80 (another inode) that nobody holds: a change. */
	other = wt_proc(wt_conn(&b, PW_ST_ESTABLISHED, 80, CK_NOBODY, NULL));
	got = wt_diff_lent(&a, &b, &la, &lb);
	assert_string_equal(got, "added 50000 -\nremoved 50000 curl\n");
	free(got);
	assert_int_equal(tw->rec.nprocs, 1);
	assert_string_equal(tw->rec.procs[0]->comm, "curl");
	assert_int_equal(other->rec.nprocs, 0);
	assert_int_equal(la.n, 0);
	assert_int_equal(lb.n, 1);
	pw_watch_lent_fini(&la);
	pw_watch_lent_fini(&lb);
	pw_listeners_fini(&a);
	pw_listeners_fini(&b);
}

static void ends_match_only_within_one_namespace_and_protocol(void **state)
{
	struct pw_listeners a = { 0 }, b = { 0 };
	struct pw_watch_lent la = { 0 }, lb = { 0 };
	struct pw_listener *tw, *udp;
	char *got;

	(void)state;
	wt_proc(wt_conn(&a, PW_ST_ESTABLISHED, 443, CK_HOLDERS(wt_by_curl), &wt_anon));
	wt_proc(wt_add(&a, PW_PROTO_TCP, PW_ST_ESTABLISHED, "10.0.0.1", 50001, "10.0.0.9", 53,
		       CK_HOLDERS(ck_by_resolved), &wt_anon));
	/* The same ends in another namespace are another connection. */
	tw = wt_proc(wt_conn(&b, PW_ST_TIME_WAIT, 443, CK_NOBODY, &wt_anon2));
	tw->sock.inode = 0;
	/* And in another protocol. */
	udp = wt_proc(wt_add(&b, PW_PROTO_UDP, PW_ST_ESTABLISHED, "10.0.0.1", 50001, "10.0.0.9", 53,
			     CK_NOBODY, &wt_anon));
	udp->sock.inode = 0;
	got = wt_diff_lent(&a, &b, &la, &lb);
	free(got);
	assert_int_equal(tw->rec.nprocs, 0);
	assert_int_equal(udp->rec.nprocs, 0);
	assert_int_equal(la.n + lb.n, 0);
	pw_listeners_fini(&a);
	pw_listeners_fini(&b);
}

static void a_cookie_on_both_sides_decides_alone(void **state)
{
	struct pw_listeners a = { 0 }, b = { 0 };
	struct pw_watch_lent la = { 0 }, lb = { 0 };
	struct pw_listener *tw, *estab;
	char *got;

	(void)state;
	/* netlink: the TIME-WAIT socket keeps the cookie of the socket it was. */
	estab = wt_conn(&a, PW_ST_ESTABLISHED, 443, CK_HOLDERS(wt_by_curl), NULL);
	tw = wt_conn(&b, PW_ST_TIME_WAIT, 443, CK_NOBODY, NULL);
	tw->sock.inode = 0;
	tw->sock.cookie = estab->sock.cookie;
	got = wt_diff_lent(&a, &b, &la, &lb);
	assert_string_equal(got, "");
	free(got);
	pw_watch_lent_fini(&lb);
	pw_listeners_fini(&b);
	/* Another cookie is another socket, whatever its ends or inode say. */
	b = (struct pw_listeners){ 0 };
	tw = wt_conn(&b, PW_ST_TIME_WAIT, 443, CK_NOBODY, NULL);
	tw->sock.inode = estab->sock.inode;
	got = wt_diff_lent(&a, &b, &la, &lb);
	assert_string_equal(got, "added 50000 -\nremoved 50000 curl\n");
	free(got);
	assert_int_equal(la.n + lb.n, 0);
	pw_listeners_fini(&a);
	pw_listeners_fini(&b);
}

static void a_non_zero_callback_return_stops_the_diff(void **state)
{
	struct pw_listeners a = { 0 }, b = { 0 };
	char *got;
	int rc;

	(void)state;
	for (uint16_t p = 1; p <= 5; p++)
		WT_LISTEN(&b, "0.0.0.0", p, CK_HOLDERS(wt_by_curl), NULL);
	got = wt_diff(&a, &b, 2, &rc);
	assert_int_equal(rc, 1);
	assert_string_equal(got, "added 1 curl\nadded 2 curl\n");
	free(got);
	pw_listeners_fini(&b);
}

static void time_has_milliseconds_and_utc(void **state)
{
	char buf[40];
	struct timespec ts = { .tv_sec = 1796327835, .tv_nsec = 42999999 };

	(void)state;
	pw_watch_time(buf, sizeof(buf), &ts);
	assert_string_equal(buf, "2026-12-03T19:57:15.042Z");
	ts.tv_nsec = 0;
	pw_watch_time(buf, sizeof(buf), &ts);
	assert_string_equal(buf, "2026-12-03T19:57:15.000Z");
}

/* What pw_watch_print writes for l (caller frees). */
static char *wt_print(bool jsonl, enum pw_watch_event ev, const struct pw_listener *l)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	pw_watch_print(f, jsonl, "2026-12-03T19:57:15.042Z", ev, l);
	fclose(f);
	return text;
}

static void text_event_names_the_listener_and_its_holder(void **state)
{
	struct pw_listeners ls = { 0 };
	struct pw_listener *l;
	char *text;

	(void)state;
	l = WT_LISTEN(&ls, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd), NULL);
	l->rec.user = "root";
	text = wt_print(false, PW_WATCH_ADDED, l);
	assert_string_equal(text, "2026-12-03T19:57:15.042Z added tcp LISTEN 0.0.0.0:22 "
				  "(ssh, well-known, wildcard) sshd[612] user=root\n");
	free(text);
	l = WT_LISTEN(&ls, "::1", 40000, CK_NOBODY, &wt_blue);
	l->rec.orphan = true;
	text = wt_print(false, PW_WATCH_REMOVED, l);
	assert_string_equal(text, "2026-12-03T19:57:15.042Z removed tcp LISTEN [::1]:40000 "
				  "(safetynetp, registered ephemeral, loopback) no-process user=0 "
				  "netns=blue\n");
	free(text);
	pw_listeners_fini(&ls);
}

static void text_event_of_a_connection_shows_its_peer(void **state)
{
	struct pw_listeners ls = { 0 };
	struct pw_listener *l;
	char *text;

	(void)state;
	l = wt_add(&ls, PW_PROTO_TCP, PW_ST_ESTABLISHED, "10.0.0.1", 51000, "93.184.216.34", 443,
		   CK_HOLDERS(wt_by_curl), &wt_anon);
	text = wt_print(false, PW_WATCH_ADDED, l);
	assert_string_equal(text,
			    "2026-12-03T19:57:15.042Z added tcp ESTAB 10.0.0.1:51000 "
			    "(dynamic ephemeral, private) -> 93.184.216.34:443 (https, well-known, "
			    "public) "
			    "curl[900] user=0 netns=4026532301\n");
	free(text);
	/* The initial namespace is the one to assume: it is not named. */
	l = wt_add(&ls, PW_PROTO_UDP, PW_ST_CLOSE, "0.0.0.0", 68, "0.0.0.0", 0, CK_NOBODY,
		   &wt_host);
	text = wt_print(false, PW_WATCH_REMOVED, l);
	assert_string_equal(text, "2026-12-03T19:57:15.042Z removed udp UNCONN 0.0.0.0:68 "
				  "(bootpc, well-known, wildcard) - user=0\n");
	free(text);
	pw_listeners_fini(&ls);
}

static void text_event_escapes_a_hostile_command_name(void **state)
{
	struct pw_listeners ls = { 0 };
	struct pw_listener *l;
	char *text;

	(void)state;
	l = WT_LISTEN(&ls, "0.0.0.0", 4444, CK_HOLDERS(wt_by_hostile), NULL);
	text = wt_print(false, PW_WATCH_ADDED, l);
	assert_null(strchr(text, '\x1b'));
	assert_null(strchr(text, '\xff'));
	assert_non_null(strstr(text, " e\\x1b[31m\\xff[66] "));
	free(text);
	pw_listeners_fini(&ls);
}

/* The members of a JSON event line, read back with the project's reader. */
static void wt_check_json_line(const char *text, const char *want_event, uint64_t want_inode)
{
	struct pw_json j;
	struct pw_error err = { 0 };
	enum pw_json_type t;
	char key[16], *s;
	size_t len = strlen(text);
	unsigned seen = 0;
	int rc;

	assert_true(len > 0 && text[len - 1] == '\n');
	assert_null(memchr(text, '\n', len - 1));
	assert_int_equal(pw_json_init(&j, text, len, 1 << 20, NULL, &err), 0);
	assert_int_equal(pw_json_object_begin(&j), 0);
	while ((rc = pw_json_object_next(&j, key, sizeof(key))) == 1) {
		if (strcmp(key, "time") == 0 || strcmp(key, "event") == 0) {
			assert_int_equal(pw_json_read_string(&j, 64, &s), 0);
			assert_string_equal(s, key[0] == 't' ? "2026-12-03T19:57:15.042Z"
							     : want_event);
			free(s);
			seen |= key[0] == 't' ? 1 : 2;
		} else {
			assert_string_equal(key, "socket");
			assert_int_equal(pw_json_peek(&j, &t), 0);
			assert_int_equal(t, PW_JSON_OBJECT);
			assert_int_equal(pw_json_skip(&j), 0);
			seen |= 4;
		}
	}
	assert_int_equal(rc, 0);
	assert_int_equal(pw_json_finish(&j), 0);
	assert_int_equal(seen, 7);
	if (want_inode) {
		char want[64];

		snprintf(want, sizeof(want), "\"netns\":{\"inode\":%llu,",
			 (unsigned long long)want_inode);
		assert_non_null(strstr(text, want));
	} else {
		assert_null(strstr(text, "\"netns\""));
	}
}

static void jsonl_event_is_one_object_a_line_with_the_socket(void **state)
{
	struct pw_listeners ls = { 0 };
	struct pw_listener *l;
	char *text;

	(void)state;
	l = WT_LISTEN(&ls, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd), NULL);
	text = wt_print(true, PW_WATCH_ADDED, l);
	wt_check_json_line(text, "added", 0);
	assert_non_null(strstr(text, "\"processes\":[{\"pid\":612,\"name\":\"sshd\""));
	free(text);
	l = WT_LISTEN(&ls, "0.0.0.0", 4444, CK_HOLDERS(wt_by_hostile), &wt_blue);
	text = wt_print(true, PW_WATCH_REMOVED, l);
	wt_check_json_line(text, "removed", 4026532001u);
	assert_non_null(strstr(text, "\"name\":\"blue\",\"pid\":400,\"comm\":\"pwblue\"}"));
	free(text);
	pw_listeners_fini(&ls);
}

/* What pw_watch_notes_put writes of notes, given what the first poll said. */
static char *wt_notes(const char *notes, const char *known)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	pw_watch_notes_put(f, notes, known);
	assert_int_equal(fclose(f), 0);
	return text;
}

static void a_failed_poll_leaves_out_what_the_first_poll_said(void **state)
{
	const char *first = "portwatch: the fds of 1 process could not be read\n"
			    "portwatch: sctp: protocol not available (no module)\n";
	char *text;

	(void)state;
	text = wt_notes("portwatch: the fds of 1 process could not be read\n"
			"portwatch: network namespace 7: it went away while being listed\n"
			"portwatch: sctp: protocol not available (no module)\n",
			first);
	assert_string_equal(text,
			    "portwatch: network namespace 7: it went away while being listed\n");
	free(text);
	/* A line is left out only when the first poll said all of it. */
	text = wt_notes("portwatch: the fds of 2 processes could not be read\n"
			"portwatch: the fds of 1 process\n",
			first);
	assert_string_equal(text, "portwatch: the fds of 2 processes could not be read\n"
				  "portwatch: the fds of 1 process\n");
	free(text);
	/* Nothing said first: everything; a last line without its newline stays so. */
	text = wt_notes("portwatch: a\nportwatch: b", NULL);
	assert_string_equal(text, "portwatch: a\nportwatch: b");
	free(text);
	text = wt_notes(NULL, first);
	assert_true(text == NULL || text[0] == '\0');
	free(text);
}

static void a_namespace_id_is_new_once(void **state)
{
	struct pw_watch_ids ids = { 0 };

	(void)state;
	assert_true(pw_watch_ids_add(&ids, 4026532001u));
	assert_true(pw_watch_ids_add(&ids, 4026532002u));
	assert_false(pw_watch_ids_add(&ids, 4026532001u));
	/* Past the first allocation, still each once. */
	for (uint64_t id = 1; id <= 20; id++)
		assert_true(pw_watch_ids_add(&ids, id));
	for (uint64_t id = 1; id <= 20; id++)
		assert_false(pw_watch_ids_add(&ids, id));
	assert_false(pw_watch_ids_add(&ids, 4026532002u));
	assert_int_equal(ids.n, 22);
	pw_watch_ids_fini(&ids);
	assert_null(ids.v);
	pw_watch_ids_fini(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_restarted_daemon_is_no_event),
		cmocka_unit_test(a_worker_taking_its_masters_socket_is_no_event),
		cmocka_unit_test(a_listener_that_comes_and_goes_is_added_then_removed),
		cmocka_unit_test(another_process_on_the_same_port_is_removed_and_added),
		cmocka_unit_test(connections_are_told_apart_by_their_peer),
		cmocka_unit_test(a_listener_and_a_connection_on_one_port_differ),
		cmocka_unit_test(sockets_of_one_identity_count_once),
		cmocka_unit_test(a_udp_client_on_a_new_ephemeral_port_is_no_event),
		cmocka_unit_test(the_same_listener_in_another_namespace_is_another_one),
		cmocka_unit_test(two_unnamed_namespaces_are_two),
		cmocka_unit_test(the_added_socket_of_a_second_unnamed_namespace_is_its_own),
		cmocka_unit_test(a_namespace_that_gets_a_name_is_the_same_one),
		cmocka_unit_test(a_socket_caught_without_its_holder_keeps_the_holder),
		cmocka_unit_test(sockets_without_a_cookie_or_a_shared_inode_lend_nothing),
		cmocka_unit_test(without_a_cookie_a_socket_is_known_by_its_inode),
		cmocka_unit_test(a_connection_its_process_closed_is_known_by_its_ends),
		cmocka_unit_test(ends_match_only_within_one_namespace_and_protocol),
		cmocka_unit_test(a_cookie_on_both_sides_decides_alone),
		cmocka_unit_test(a_non_zero_callback_return_stops_the_diff),
		cmocka_unit_test(time_has_milliseconds_and_utc),
		cmocka_unit_test(text_event_names_the_listener_and_its_holder),
		cmocka_unit_test(text_event_of_a_connection_shows_its_peer),
		cmocka_unit_test(text_event_escapes_a_hostile_command_name),
		cmocka_unit_test(jsonl_event_is_one_object_a_line_with_the_socket),
		cmocka_unit_test(a_failed_poll_leaves_out_what_the_first_poll_said),
		cmocka_unit_test(a_namespace_id_is_new_once),
	};

	return cmocka_run_group_tests(tests, ck_group_setup, ck_group_teardown);
}
