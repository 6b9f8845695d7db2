/* SPDX-License-Identifier: MIT */
/* Unit tests of list.c: dedup, filtering, interface and user names and owners, with a recording sink. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "list.h"

/*
 * The sink: output.c is not linked into this test, so the opaque struct
 * pw_out is ours and pw_out_sock records what the pipeline hands over.
 */
struct pw_out {
	size_t calls;
	uint64_t *cookies; /* cookie of every call, in order */
	size_t cap;
	struct pw_sock last;
	const char *last_ifname;
	/* Owners and user of the last record, as the enrich stage filled them. */
	bool last_owners;
	const struct pw_proc *const *last_procs;
	size_t last_nprocs;
	bool last_orphan;
	bool last_unconfirmed;
	const char *last_user;
	pw_name_fn last_user_name;
	void *last_user_ctx;
	const struct pw_netns *last_netns;
	bool last_show_netns;
	size_t orphans; /* records marked orphan, over all calls */
};

void pw_out_sock(struct pw_out *out, const struct pw_rec *r)
{
	if (out->calls == out->cap) {
		out->cap = out->cap ? 2 * out->cap : 64;
		out->cookies = realloc(out->cookies, out->cap * sizeof(*out->cookies));
		assert_non_null(out->cookies);
	}
	out->cookies[out->calls++] = r->sock->cookie;
	out->last = *r->sock;
	out->last_ifname = r->ifname;
	out->last_owners = r->owners;
	out->last_procs = r->procs;
	out->last_nprocs = r->nprocs;
	out->last_orphan = r->orphan;
	out->last_unconfirmed = r->unconfirmed;
	out->last_user = r->user;
	out->last_user_name = r->user_name;
	out->last_user_ctx = r->user_ctx;
	out->last_netns = r->netns;
	out->last_show_netns = r->show_netns;
	out->orphans += r->orphan;
}

struct list_ifnames {
	size_t calls;
	uint32_t last_index;
};

static const char *list_ifname(uint32_t ifindex, void *ctx)
{
	struct list_ifnames *n = ctx;

	n->calls++;
	n->last_index = ifindex;
	return "eth0";
}

struct list_fixture {
	struct pw_filter filter;
	struct pw_out out;
	struct list_ifnames names;
	struct pw_list list;
};

static int list_setup(void **state)
{
	struct list_fixture *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	pw_filter_init(&fx->filter);
	pw_list_init(&fx->list, &fx->filter,
		     &(struct pw_enrich){ .ifname = list_ifname, .ifname_ctx = &fx->names },
		     &fx->out);
	*state = fx;
	return 0;
}

static int list_teardown(void **state)
{
	struct list_fixture *fx = *state;

	pw_list_fini(&fx->list);
	free(fx->out.cookies);
	free(fx);
	return 0;
}

static struct pw_sock list_sock(uint64_t cookie)
{
	return (struct pw_sock){
		.cookie = cookie,
		.proto = PW_PROTO_TCP,
		.family = AF_INET,
		.state = PW_ST_LISTEN,
		.lport = 22,
		.v6only = -1,
	};
}

static void list_passes_a_matching_socket_to_the_output(void **state)
{
	struct list_fixture *fx = *state;
	struct pw_sock s = list_sock(42);

	s.inode = 777;
	s.lport = 8080;
	assert_int_equal(pw_list_sock(&s, &fx->list), 0);
	assert_int_equal(fx->out.calls, 1);
	assert_int_equal(fx->list.listed, 1);
	assert_int_equal(fx->list.repeats, 0);
	assert_int_equal(fx->out.last.cookie, 42);
	assert_int_equal(fx->out.last.inode, 777);
	assert_int_equal(fx->out.last.lport, 8080);
	assert_null(fx->out.last_ifname);
}

static void list_records_carry_the_namespace_being_listed(void **state)
{
	struct list_fixture *fx = *state;
	struct pw_netns ns = { .inode = 4026532001u };
	struct pw_sock s = list_sock(42);

	assert_int_equal(pw_list_sock(&s, &fx->list), 0);
	assert_null(fx->out.last_netns);
	assert_false(fx->out.last_show_netns);
	fx->list.enrich.netns = &ns;
	fx->list.enrich.show_netns = true;
	s.cookie = 43;
	assert_int_equal(pw_list_sock(&s, &fx->list), 0);
	assert_ptr_equal(fx->out.last_netns, &ns);
	assert_true(fx->out.last_show_netns);
}

static void list_lists_a_duplicate_cookie_once_and_counts_repeats(void **state)
{
	struct list_fixture *fx = *state;
	struct pw_sock a = list_sock(1000), b = list_sock(1001);

	assert_int_equal(pw_list_sock(&a, &fx->list), 0);
	assert_int_equal(pw_list_sock(&b, &fx->list), 0);
	assert_int_equal(pw_list_sock(&a, &fx->list), 0);
	assert_int_equal(pw_list_sock(&a, &fx->list), 0);
	assert_int_equal(pw_list_sock(&b, &fx->list), 0);
	assert_int_equal(fx->out.calls, 2);
	assert_int_equal(fx->out.cookies[0], 1000);
	assert_int_equal(fx->out.cookies[1], 1001);
	assert_int_equal(fx->list.listed, 2);
	assert_int_equal(fx->list.repeats, 3);
}

/* A kernel without socket cookies reports 0 for every socket. */
static void list_never_deduplicates_cookie_zero(void **state)
{
	struct list_fixture *fx = *state;
	struct pw_sock s = list_sock(0);

	for (int i = 0; i < 3; i++) {
		s.lport = (uint16_t)(100 + i);
		assert_int_equal(pw_list_sock(&s, &fx->list), 0);
	}
	assert_int_equal(fx->out.calls, 3);
	assert_int_equal(fx->list.listed, 3);
	assert_int_equal(fx->list.repeats, 0);
	assert_int_equal(fx->out.last.lport, 102);
}

static void list_skips_filtered_out_sockets(void **state)
{
	struct list_fixture *fx = *state;
	struct pw_sock raw = list_sock(1), v6 = list_sock(2), estab = list_sock(3);
	struct pw_sock keep = list_sock(4);

	raw.proto = PW_PROTO_RAW;
	v6.family = AF_INET6;
	estab.state = PW_ST_ESTABLISHED;
	fx->filter.inet6 = false;
	fx->filter.states = PW_ST_LISTENING;
	assert_int_equal(pw_list_sock(&raw, &fx->list), 0);
	assert_int_equal(pw_list_sock(&v6, &fx->list), 0);
	assert_int_equal(pw_list_sock(&estab, &fx->list), 0);
	assert_int_equal(pw_list_sock(&keep, &fx->list), 0);
	assert_int_equal(fx->out.calls, 1);
	assert_int_equal(fx->out.cookies[0], 4);
	assert_int_equal(fx->list.listed, 1);
	assert_int_equal(fx->list.repeats, 0);
}

static void list_asks_for_interface_names_only_of_bound_sockets(void **state)
{
	struct list_fixture *fx = *state;
	struct pw_sock unbound = list_sock(1), bound = list_sock(2);

	bound.ifindex = 7;
	assert_int_equal(pw_list_sock(&unbound, &fx->list), 0);
	assert_int_equal(fx->names.calls, 0);
	assert_null(fx->out.last_ifname);
	assert_int_equal(pw_list_sock(&bound, &fx->list), 0);
	assert_int_equal(fx->names.calls, 1);
	assert_int_equal(fx->names.last_index, 7);
	assert_string_equal(fx->out.last_ifname, "eth0");
}

static void list_does_not_name_interfaces_of_filtered_out_sockets(void **state)
{
	struct list_fixture *fx = *state;
	struct pw_sock raw = list_sock(5);

	raw.proto = PW_PROTO_RAW;
	raw.ifindex = 3;
	assert_int_equal(pw_list_sock(&raw, &fx->list), 0);
	assert_int_equal(fx->names.calls, 0);
	assert_int_equal(fx->out.calls, 0);
}

static void list_without_a_name_callback_leaves_interface_null(void **state)
{
	struct list_fixture *fx = *state;
	struct pw_sock bound = list_sock(9);

	pw_list_fini(&fx->list);
	pw_list_init(&fx->list, &fx->filter, &(struct pw_enrich){ 0 }, &fx->out);
	bound.ifindex = 4;
	assert_int_equal(pw_list_sock(&bound, &fx->list), 0);
	assert_int_equal(fx->out.calls, 1);
	assert_null(fx->out.last_ifname);
}

/*
 * Many distinct cookies: all listed once, in order, and the most recent
 * PW_SEEN_WINDOW of them are still known however many came before.
 */
static void list_lists_many_distinct_cookies_once_each(void **state)
{
	enum {
		N = 100000
	};
	struct list_fixture *fx = *state;

	for (uint64_t i = 1; i <= N; i++) {
		struct pw_sock s = list_sock(i);

		assert_int_equal(pw_list_sock(&s, &fx->list), 0);
	}
	assert_int_equal(fx->list.listed, N);
	assert_int_equal(fx->list.repeats, 0);
	assert_int_equal(fx->out.calls, N);
	for (size_t i = 0; i < N; i++) {
		if (fx->out.cookies[i] != i + 1)
			fail_msg("call %zu had cookie %llu", i,
				 (unsigned long long)fx->out.cookies[i]);
	}
	for (uint64_t i = N; i > N - PW_SEEN_WINDOW; i--) {
		struct pw_sock s = list_sock(i);

		assert_int_equal(pw_list_sock(&s, &fx->list), 0);
	}
	assert_int_equal(fx->list.listed, N);
	assert_int_equal(fx->list.repeats, PW_SEEN_WINDOW);
	assert_int_equal(fx->out.calls, N);
}

/* Cookies that differ only in high bits, or are huge, are still told apart. */
static void list_tells_apart_cookies_differing_in_high_bits(void **state)
{
	enum {
		N = 5000
	};
	struct list_fixture *fx = *state;

	for (uint64_t i = 1; i <= N; i++) {
		struct pw_sock s = list_sock(i << 40);

		assert_int_equal(pw_list_sock(&s, &fx->list), 0);
	}
	for (uint64_t i = 0; i < 3; i++) {
		struct pw_sock s = list_sock(UINT64_MAX - i);

		assert_int_equal(pw_list_sock(&s, &fx->list), 0);
		assert_int_equal(pw_list_sock(&s, &fx->list), 0);
	}
	assert_int_equal(fx->list.listed, N + 3);
	assert_int_equal(fx->list.repeats, 3);
	assert_int_equal(fx->out.cookies[N], UINT64_MAX);
}

static void list_fini_twice_is_harmless(void **state)
{
	struct list_fixture *fx = *state;
	struct pw_sock s = list_sock(1);

	assert_int_equal(pw_list_sock(&s, &fx->list), 0);
	pw_list_fini(&fx->list);
	assert_null(fx->list.seen.gen[0].slots);
	/* The teardown finishes it again. */
}

/* STYLE.md: every free/fini accepts NULL. */
static void list_fini_accepts_null(void **state)
{
	(void)state;
	/* Nothing to check but that it returns: a crash fails the test. */
	pw_list_fini(NULL);
}

/* --- owners and users -------------------------------------------------------- */

/*
 * A fake owner map: inode 100 is held by sshd (612) and PID 1, inode 200 by
 * a python3.11 script (900), inode 300 by nginx (1200); any other inode by
 * nobody. Records every inode it is asked about.
 */
struct list_owners {
	size_t calls;
	uint32_t asked[16];
};

static const struct pw_proc list_sshd = { .pid = 612,
					  .comm = (char[]){ "sshd" },
					  .exe = (char[]){ "/usr/sbin/sshd" } };
static const struct pw_proc list_init = { .pid = 1,
					  .comm = (char[]){ "systemd" },
					  .exe = (char[]){ "/usr/lib/systemd/systemd" } };
static const struct pw_proc list_python = { .pid = 900,
					    .uid = 1000,
					    .comm = (char[]){ "python3" },
					    .exe = (char[]){ "/usr/bin/python3.11" } };
static const struct pw_proc list_nginx = {
	.pid = 1200, .uid = 33, .comm = (char[]){ "nginx" }, .exe = (char[]){ "/usr/sbin/nginx" }
};
static const struct pw_proc *const list_held_100[] = { &list_sshd, &list_init };
static const struct pw_proc *const list_held_200[] = { &list_python };
static const struct pw_proc *const list_held_300[] = { &list_nginx };

static size_t list_owners_of(uint32_t inode, const struct pw_proc *const **procs, void *ctx)
{
	struct list_owners *o = ctx;

	if (o->calls < PW_ARRAY_SIZE(o->asked))
		o->asked[o->calls] = inode;
	o->calls++;
	switch (inode) {
	case 100:
		*procs = list_held_100;
		return 2;
	case 200:
		*procs = list_held_200;
		return 1;
	case 300:
		*procs = list_held_300;
		return 1;
	default:
		*procs = NULL;
		return 0;
	}
}

/* Names uids "u<uid>" from a fixed table, counting calls and remembering the uids. */
struct list_users {
	size_t calls;
	uint32_t asked[16];
};

static const char *list_user_name(uint32_t uid, void *ctx)
{
	static const char *const names[] = { "u0", "u1", "u2", "u3" };
	struct list_users *u = ctx;

	if (u->calls < PW_ARRAY_SIZE(u->asked))
		u->asked[u->calls] = uid;
	u->calls++;
	return uid < PW_ARRAY_SIZE(names) ? names[uid] : NULL;
}

/* Re-initialise fx->list with owners from ow (complete or not) and users from us. */
static void list_with_owners(struct list_fixture *fx, struct list_owners *ow, bool complete,
			     struct list_users *us)
{
	pw_list_fini(&fx->list);
	pw_list_init(&fx->list, &fx->filter,
		     &(struct pw_enrich){ .owners = list_owners_of,
					  .owners_ctx = ow,
					  .owners_complete = complete,
					  .user_name = us ? list_user_name : NULL,
					  .user_ctx = us },
		     &fx->out);
}

static void list_without_owners_leaves_records_without_them(void **state)
{
	struct list_fixture *fx = *state;
	struct pw_sock s = list_sock(1);

	s.inode = 100;
	assert_int_equal(pw_list_sock(&s, &fx->list), 0);
	assert_int_equal(fx->out.calls, 1);
	assert_false(fx->out.last_owners);
	assert_int_equal(fx->out.last_nprocs, 0);
	assert_null(fx->out.last_procs);
	/* Not asked, so never an orphan, though nothing was found to hold it. */
	assert_false(fx->out.last_orphan);
	assert_null(fx->out.last_user);
}

static void list_hands_over_the_holders_of_the_inode(void **state)
{
	struct list_fixture *fx = *state;
	struct list_owners ow = { 0 };
	struct pw_sock s = list_sock(1);

	list_with_owners(fx, &ow, true, NULL);
	s.inode = 100;
	assert_int_equal(pw_list_sock(&s, &fx->list), 0);
	assert_int_equal(ow.calls, 1);
	assert_int_equal(ow.asked[0], 100);
	assert_int_equal(fx->out.calls, 1);
	assert_true(fx->out.last_owners);
	assert_int_equal(fx->out.last_nprocs, 2);
	assert_ptr_equal(fx->out.last_procs, list_held_100);
	assert_false(fx->out.last_orphan);
}

/* TIME-WAIT and request sockets have no file: inode 0 is never looked up. */
static void list_never_looks_up_inode_zero(void **state)
{
	struct list_fixture *fx = *state;
	struct list_owners ow = { 0 };
	struct pw_sock tw = list_sock(1), held = list_sock(2);

	list_with_owners(fx, &ow, true, NULL);
	tw.state = PW_ST_TIME_WAIT;
	tw.inode = 0;
	held.inode = 200;
	assert_int_equal(pw_list_sock(&tw, &fx->list), 0);
	assert_int_equal(ow.calls, 0);
	assert_int_equal(fx->out.calls, 1);
	assert_true(fx->out.last_owners);
	assert_int_equal(fx->out.last_nprocs, 0);
	assert_false(fx->out.last_orphan);
	assert_int_equal(pw_list_sock(&held, &fx->list), 0);
	assert_int_equal(ow.calls, 1);
	assert_int_equal(ow.asked[0], 200);
}

/* Sockets dropped before the owner stage (filtered, repeated) cost no lookup. */
static void list_looks_up_owners_only_of_sockets_that_pass(void **state)
{
	struct list_fixture *fx = *state;
	struct list_owners ow = { 0 };
	struct pw_sock raw = list_sock(1), s = list_sock(2);

	list_with_owners(fx, &ow, true, NULL);
	raw.proto = PW_PROTO_RAW;
	raw.inode = 100;
	s.inode = 200;
	assert_int_equal(pw_list_sock(&raw, &fx->list), 0);
	assert_int_equal(pw_list_sock(&s, &fx->list), 0);
	assert_int_equal(pw_list_sock(&s, &fx->list), 0);
	assert_int_equal(ow.calls, 1);
	assert_int_equal(ow.asked[0], 200);
	assert_int_equal(fx->out.calls, 1);
	assert_int_equal(fx->list.repeats, 1);
}

/* An orphan: a listener with a file, that no process holds, when every process was seen. */
static void list_marks_an_unheld_listener_orphan_when_owners_are_complete(void **state)
{
	struct list_fixture *fx = *state;
	struct list_owners ow = { 0 };
	struct pw_sock tcp = list_sock(1), udp = list_sock(2), held = list_sock(3);

	list_with_owners(fx, &ow, true, NULL);
	tcp.inode = 4000;
	udp.proto = PW_PROTO_UDP;
	udp.state = PW_ST_CLOSE;
	udp.inode = 4001;
	held.inode = 100;
	assert_int_equal(pw_list_sock(&tcp, &fx->list), 0);
	assert_true(fx->out.last_orphan);
	assert_int_equal(fx->out.last_nprocs, 0);
	assert_int_equal(pw_list_sock(&udp, &fx->list), 0);
	assert_true(fx->out.last_orphan);
	assert_int_equal(pw_list_sock(&held, &fx->list), 0);
	assert_false(fx->out.last_orphan);
	assert_int_equal(fx->out.orphans, 2);
	assert_int_equal(ow.calls, 3);
}

/* Without root some holders are hidden: no holder proves nothing. */
static void list_marks_no_orphan_when_owners_are_incomplete(void **state)
{
	struct list_fixture *fx = *state;
	struct list_owners ow = { 0 };
	struct pw_sock s = list_sock(1);

	list_with_owners(fx, &ow, false, NULL);
	s.inode = 4000;
	assert_int_equal(pw_list_sock(&s, &fx->list), 0);
	assert_int_equal(ow.calls, 1);
	assert_int_equal(fx->out.calls, 1);
	assert_true(fx->out.last_owners);
	assert_int_equal(fx->out.last_nprocs, 0);
	assert_false(fx->out.last_orphan);
}

/* Connections and sockets without a file are not orphans, held or not. */
static void list_marks_only_listeners_with_a_file_orphan(void **state)
{
	struct list_fixture *fx = *state;
	struct list_owners ow = { 0 };
	struct pw_sock estab = list_sock(1), tw = list_sock(2), listen0 = list_sock(3);
	struct pw_sock udp_conn = list_sock(4);

	list_with_owners(fx, &ow, true, NULL);
	estab.state = PW_ST_ESTABLISHED;
	estab.inode = 4000;
	tw.state = PW_ST_TIME_WAIT;
	listen0.inode = 0;
	udp_conn.proto = PW_PROTO_UDP;
	udp_conn.state = PW_ST_ESTABLISHED;
	udp_conn.inode = 4001;
	assert_int_equal(pw_list_sock(&estab, &fx->list), 0);
	assert_false(fx->out.last_orphan);
	assert_int_equal(pw_list_sock(&tw, &fx->list), 0);
	assert_false(fx->out.last_orphan);
	assert_int_equal(pw_list_sock(&listen0, &fx->list), 0);
	assert_false(fx->out.last_orphan);
	assert_int_equal(pw_list_sock(&udp_conn, &fx->list), 0);
	assert_false(fx->out.last_orphan);
	assert_int_equal(fx->out.calls, 4);
	assert_int_equal(fx->out.orphans, 0);
}

/* --- orphans confirmed by a re-scan ---------------------------------------- */

/*
 * A fake session that scans again: before any re-scan nobody holds inode
 * 500; from the first on nginx does, as when nginx made its listener after
 * the first scan had read its fds. Re-scans are counted, with the socket
 * each was made for; once budget is spent none is made. Inodes in gone
 * were closed while they were listed: not present after a re-scan.
 */
struct list_rescans {
	size_t lookups;
	size_t scans;
	size_t budget;
	uint32_t scanned_for[8];
	uint32_t gone;
	bool fail; /* each re-scan fails (or sees processes it cannot read) */
};

static size_t list_rescan_owners_of(uint32_t inode, const struct pw_proc *const **procs, void *ctx)
{
	struct list_rescans *rs = ctx;

	rs->lookups++;
	*procs = NULL;
	if (inode == 500 && rs->scans) {
		*procs = list_held_300;
		return 1;
	}
	return 0;
}

static enum pw_rescan list_rescan(const struct pw_sock *s, void *ctx)
{
	struct list_rescans *rs = ctx;

	if (rs->scans == rs->budget)
		return PW_RESCAN_SPENT;
	if (rs->scans < PW_ARRAY_SIZE(rs->scanned_for))
		rs->scanned_for[rs->scans] = s->inode;
	rs->scans++;
	return rs->fail ? PW_RESCAN_FAILED : PW_RESCAN_CONFIRMED;
}

static bool list_rescan_present(const struct pw_sock *s, void *ctx)
{
	const struct list_rescans *rs = ctx;

	return s->inode != rs->gone;
}

/* Re-initialise fx->list with owners complete from rs, which can scan again. */
static void list_with_rescans(struct list_fixture *fx, struct list_rescans *rs)
{
	pw_list_fini(&fx->list);
	pw_list_init(&fx->list, &fx->filter,
		     &(struct pw_enrich){ .owners = list_rescan_owners_of,
					  .rescan = list_rescan,
					  .present = list_rescan_present,
					  .owners_ctx = rs,
					  .owners_complete = true },
		     &fx->out);
}

/* Hand over a listener of inode, cookie and port taken from it. */
static void list_listener(struct list_fixture *fx, uint32_t inode)
{
	struct pw_sock s = list_sock(inode);

	s.inode = inode;
	assert_int_equal(pw_list_sock(&s, &fx->list), 0);
}

/* The first scan may predate the listener: a scan after it came says it is an orphan. */
static void list_confirms_an_orphan_by_a_scan_after_it_came(void **state)
{
	struct list_fixture *fx = *state;
	struct list_rescans rs = { .budget = 4 };

	list_with_rescans(fx, &rs);
	pw_list_received(&fx->list);
	list_listener(fx, 4000);
	assert_int_equal(rs.scans, 1);
	assert_int_equal(rs.scanned_for[0], 4000);
	/* Looked up before the re-scan and after. */
	assert_int_equal(rs.lookups, 2);
	assert_true(fx->out.last_orphan);
	assert_false(fx->out.last_unconfirmed);
	assert_int_equal(fx->out.last_nprocs, 0);
	assert_int_equal(fx->list.unconfirmed, 0);
}

/* A listener made after the first scan read its holder: the re-scan finds the holder. */
static void list_takes_the_holder_a_rescan_finds(void **state)
{
	struct list_fixture *fx = *state;
	struct list_rescans rs = { .budget = 4 };

	list_with_rescans(fx, &rs);
	pw_list_received(&fx->list);
	list_listener(fx, 500);
	assert_int_equal(rs.scans, 1);
	assert_false(fx->out.last_orphan);
	assert_false(fx->out.last_unconfirmed);
	assert_int_equal(fx->out.last_nprocs, 1);
	assert_ptr_equal(fx->out.last_procs, list_held_300);
	assert_int_equal(fx->out.orphans, 0);
}

/* Held ones, connections and sockets without a file cost no re-scan. */
static void list_scans_again_only_for_unheld_listeners(void **state)
{
	struct list_fixture *fx = *state;
	struct list_rescans rs = { .budget = 4 };
	struct pw_sock estab = list_sock(1), tw = list_sock(2);

	list_with_rescans(fx, &rs);
	pw_list_received(&fx->list);
	rs.scans = 1; /* nginx holds 500 already */
	rs.budget = 5;
	list_listener(fx, 500);
	estab.state = PW_ST_ESTABLISHED;
	estab.inode = 4000;
	tw.state = PW_ST_TIME_WAIT;
	assert_int_equal(pw_list_sock(&estab, &fx->list), 0);
	assert_int_equal(pw_list_sock(&tw, &fx->list), 0);
	assert_int_equal(rs.scans, 1);
	assert_int_equal(fx->out.calls, 3);
	assert_int_equal(fx->out.orphans, 0);
}

/*
 * One re-scan covers every socket received before it began: orphans of one
 * batch share it; those of the next batch need one of their own.
 */
static void list_shares_a_rescan_among_one_batch(void **state)
{
	struct list_fixture *fx = *state;
	struct list_rescans rs = { .budget = 4 };

	list_with_rescans(fx, &rs);
	pw_list_received(&fx->list);
	list_listener(fx, 4000);
	list_listener(fx, 4001);
	list_listener(fx, 4002);
	assert_int_equal(rs.scans, 1);
	assert_int_equal(fx->out.orphans, 3);
	pw_list_received(&fx->list);
	list_listener(fx, 4003);
	assert_int_equal(rs.scans, 2);
	assert_int_equal(rs.scanned_for[1], 4003);
	assert_int_equal(fx->out.orphans, 4);
}

/* A source that never says when it received: every orphan gets a scan of its own. */
static void list_without_batches_scans_again_for_each_orphan(void **state)
{
	struct list_fixture *fx = *state;
	struct list_rescans rs = { .budget = 4 };

	list_with_rescans(fx, &rs);
	list_listener(fx, 4000);
	list_listener(fx, 4001);
	assert_int_equal(rs.scans, 2);
	assert_int_equal(fx->out.orphans, 2);
}

/* Once no re-scan is left, an unheld listener is neither held nor an orphan. */
static void list_marks_no_orphan_once_the_rescans_are_spent(void **state)
{
	struct list_fixture *fx = *state;
	struct list_rescans rs = { .budget = 1 };

	list_with_rescans(fx, &rs);
	pw_list_received(&fx->list);
	list_listener(fx, 4000);
	assert_true(fx->out.last_orphan);
	pw_list_received(&fx->list);
	list_listener(fx, 4001);
	assert_int_equal(rs.scans, 1);
	assert_false(fx->out.last_orphan);
	assert_true(fx->out.last_unconfirmed);
	assert_int_equal(fx->out.last_nprocs, 0);
	assert_int_equal(fx->list.unconfirmed, 1);
	assert_int_equal(fx->out.orphans, 1);
	/* Held in the last scan: no doubt, though no scan is left. */
	list_listener(fx, 500);
	assert_false(fx->out.last_unconfirmed);
	assert_int_equal(fx->out.last_nprocs, 1);
	assert_int_equal(fx->list.unconfirmed, 1);
	/* Spent, not failed: the note says which. */
	assert_int_equal(fx->list.unconfirmed_failed, 0);
}

/*
 * A re-scan that failed proves nothing: its listener is unconfirmed, and
 * the other unheld listeners of the batch do not walk /proc again for the
 * same doubt; the next batch's may.
 */
static void list_tries_one_failed_rescan_per_batch(void **state)
{
	struct list_fixture *fx = *state;
	struct list_rescans rs = { .budget = 4, .fail = true };

	list_with_rescans(fx, &rs);
	pw_list_received(&fx->list);
	list_listener(fx, 4000);
	assert_int_equal(rs.scans, 1);
	assert_false(fx->out.last_orphan);
	assert_true(fx->out.last_unconfirmed);
	list_listener(fx, 4001);
	list_listener(fx, 4002);
	assert_int_equal(rs.scans, 1);
	assert_false(fx->out.last_orphan);
	assert_true(fx->out.last_unconfirmed);
	assert_int_equal(fx->list.unconfirmed, 3);
	assert_int_equal(fx->list.unconfirmed_failed, 3);
	pw_list_received(&fx->list);
	rs.fail = false;
	list_listener(fx, 4003);
	assert_int_equal(rs.scans, 2);
	assert_true(fx->out.last_orphan);
	assert_int_equal(fx->out.orphans, 1);
	assert_int_equal(fx->list.unconfirmed_failed, 3);
}

/* A listener closed before the re-scan could read its holder is gone, not an orphan. */
static void list_marks_no_orphan_of_a_listener_closed_meanwhile(void **state)
{
	struct list_fixture *fx = *state;
	struct list_rescans rs = { .budget = 4, .gone = 4001 };

	list_with_rescans(fx, &rs);
	pw_list_received(&fx->list);
	list_listener(fx, 4001);
	assert_int_equal(rs.scans, 1);
	assert_false(fx->out.last_orphan);
	assert_false(fx->out.last_unconfirmed);
	/* The same re-scan still confirms the batch's other orphans. */
	list_listener(fx, 4000);
	assert_int_equal(rs.scans, 1);
	assert_true(fx->out.last_orphan);
	assert_int_equal(fx->list.unconfirmed, 0);
}

/* Four sockets: inodes 100 (sshd, PID 1), 200 (python3), 300 (nginx), 400 (nobody). */
static void list_four_held(struct list_fixture *fx)
{
	static const uint32_t inodes[] = { 100, 200, 300, 400 };

	for (size_t i = 0; i < PW_ARRAY_SIZE(inodes); i++) {
		struct pw_sock s = list_sock(10 + i);

		s.inode = inodes[i];
		assert_int_equal(pw_list_sock(&s, &fx->list), 0);
	}
}

static void list_process_filter_matches_comm(void **state)
{
	struct list_fixture *fx = *state;
	struct list_owners ow = { 0 };

	fx->filter.process = "nginx";
	list_with_owners(fx, &ow, true, NULL);
	list_four_held(fx);
	assert_int_equal(ow.calls, 4);
	assert_int_equal(fx->out.calls, 1);
	assert_int_equal(fx->out.last.inode, 300);
	assert_int_equal(fx->list.listed, 1);
	/* The record still carries its holders. */
	assert_ptr_equal(fx->out.last_procs, list_held_300);
}

static void list_process_filter_matches_exe_basename(void **state)
{
	struct list_fixture *fx = *state;
	struct list_owners ow = { 0 };

	fx->filter.process = "python3.11";
	list_with_owners(fx, &ow, true, NULL);
	list_four_held(fx);
	assert_int_equal(fx->out.calls, 1);
	assert_int_equal(fx->out.last.inode, 200);
}

/* A socket-activated socket is held by the daemon and PID 1: either name finds it. */
static void list_process_filter_matches_any_holder(void **state)
{
	struct list_fixture *fx = *state;
	struct list_owners ow = { 0 };

	fx->filter.process = "systemd";
	list_with_owners(fx, &ow, true, NULL);
	list_four_held(fx);
	assert_int_equal(fx->out.calls, 1);
	assert_int_equal(fx->out.last.inode, 100);
}

static void list_pid_filter_matches_only_that_pid(void **state)
{
	struct list_fixture *fx = *state;
	struct list_owners ow = { 0 };

	fx->filter.pid = 900;
	list_with_owners(fx, &ow, true, NULL);
	list_four_held(fx);
	assert_int_equal(fx->out.calls, 1);
	assert_int_equal(fx->out.last.inode, 200);
	/* A pid that holds nothing: nothing is listed, not even the unheld socket. */
	fx->out.calls = 0;
	fx->filter.pid = 901;
	list_with_owners(fx, &ow, true, NULL);
	list_four_held(fx);
	assert_int_equal(fx->out.calls, 0);
	assert_int_equal(fx->list.listed, 0);
}

static void list_process_and_pid_must_name_the_same_holder(void **state)
{
	struct list_fixture *fx = *state;
	struct list_owners ow = { 0 };

	fx->filter.process = "sshd";
	fx->filter.pid = 1;
	list_with_owners(fx, &ow, true, NULL);
	list_four_held(fx);
	assert_int_equal(fx->out.calls, 0);
	fx->filter.pid = 612;
	list_with_owners(fx, &ow, true, NULL);
	list_four_held(fx);
	assert_int_equal(fx->out.calls, 1);
	assert_int_equal(fx->out.last.inode, 100);
}

static void list_names_the_user_of_every_listed_socket(void **state)
{
	struct list_fixture *fx = *state;
	struct list_users us = { 0 };
	struct pw_sock a = list_sock(1), b = list_sock(2), c = list_sock(3), raw = list_sock(4);

	pw_list_fini(&fx->list);
	pw_list_init(&fx->list, &fx->filter,
		     &(struct pw_enrich){ .user_name = list_user_name, .user_ctx = &us }, &fx->out);
	a.uid = 2;
	b.uid = 0;
	c.uid = 4242;
	raw.proto = PW_PROTO_RAW;
	raw.uid = 3;
	assert_int_equal(pw_list_sock(&a, &fx->list), 0);
	assert_string_equal(fx->out.last_user, "u2");
	assert_int_equal(pw_list_sock(&b, &fx->list), 0);
	assert_string_equal(fx->out.last_user, "u0");
	/* The callback is passed on, so holders' uids can be named too. */
	assert_ptr_equal(fx->out.last_user_name, list_user_name);
	assert_ptr_equal(fx->out.last_user_ctx, &us);
	assert_int_equal(pw_list_sock(&c, &fx->list), 0);
	assert_null(fx->out.last_user);
	/* Filtered out: not named. Repeated: not named again. */
	assert_int_equal(pw_list_sock(&raw, &fx->list), 0);
	assert_int_equal(pw_list_sock(&a, &fx->list), 0);
	assert_int_equal(fx->out.calls, 3);
	assert_int_equal(us.calls, 3);
	assert_int_equal(us.asked[0], 2);
	assert_int_equal(us.asked[1], 0);
	assert_int_equal(us.asked[2], 4242);
}

static void list_names_no_user_for_an_unknown_uid(void **state)
{
	struct list_fixture *fx = *state;
	struct list_users us = { 0 };
	struct pw_sock tw = list_sock(1);

	pw_list_fini(&fx->list);
	pw_list_init(&fx->list, &fx->filter,
		     &(struct pw_enrich){ .user_name = list_user_name, .user_ctx = &us }, &fx->out);
	tw.state = PW_ST_TIME_WAIT;
	tw.uid = PW_UID_UNKNOWN;
	assert_int_equal(pw_list_sock(&tw, &fx->list), 0);
	assert_int_equal(fx->out.calls, 1);
	assert_null(fx->out.last_user);
	/* Never asked: "4294967295" would pass for a name. */
	assert_int_equal(us.calls, 0);
}

/* With owners too, every listed socket is named, held or not; dropped ones are not. */
static void list_names_users_with_owners_and_filters(void **state)
{
	struct list_fixture *fx = *state;
	struct list_owners ow = { 0 };
	struct list_users us = { 0 };

	list_with_owners(fx, &ow, true, &us);
	list_four_held(fx);
	assert_int_equal(fx->out.calls, 4);
	assert_int_equal(us.calls, 4);
	assert_string_equal(fx->out.last_user, "u0");
	fx->out.calls = 0;
	fx->filter.process = "nginx";
	us.calls = 0;
	list_with_owners(fx, &ow, true, &us);
	list_four_held(fx);
	assert_int_equal(fx->out.calls, 1);
	assert_int_equal(us.calls, 1);
}

static void list_user_filter_keeps_only_that_uid(void **state)
{
	struct list_fixture *fx = *state;
	struct pw_sock a = list_sock(1), b = list_sock(2), c = list_sock(3);

	a.uid = 1000;
	b.uid = 0;
	c.uid = 1000;
	c.lport = 23;
	fx->filter.has_uid = true;
	fx->filter.uid = 1000;
	assert_int_equal(pw_list_sock(&a, &fx->list), 0);
	assert_int_equal(pw_list_sock(&b, &fx->list), 0);
	assert_int_equal(pw_list_sock(&c, &fx->list), 0);
	assert_int_equal(fx->out.calls, 2);
	assert_int_equal(fx->out.cookies[0], 1);
	assert_int_equal(fx->out.cookies[1], 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(list_passes_a_matching_socket_to_the_output,
						list_setup, list_teardown),
		cmocka_unit_test_setup_teardown(
			list_lists_a_duplicate_cookie_once_and_counts_repeats, list_setup,
			list_teardown),
		cmocka_unit_test_setup_teardown(list_records_carry_the_namespace_being_listed,
						list_setup, list_teardown),
		cmocka_unit_test_setup_teardown(list_never_deduplicates_cookie_zero, list_setup,
						list_teardown),
		cmocka_unit_test_setup_teardown(list_skips_filtered_out_sockets, list_setup,
						list_teardown),
		cmocka_unit_test_setup_teardown(list_asks_for_interface_names_only_of_bound_sockets,
						list_setup, list_teardown),
		cmocka_unit_test_setup_teardown(
			list_does_not_name_interfaces_of_filtered_out_sockets, list_setup,
			list_teardown),
		cmocka_unit_test_setup_teardown(list_without_a_name_callback_leaves_interface_null,
						list_setup, list_teardown),
		cmocka_unit_test_setup_teardown(list_lists_many_distinct_cookies_once_each,
						list_setup, list_teardown),
		cmocka_unit_test_setup_teardown(list_tells_apart_cookies_differing_in_high_bits,
						list_setup, list_teardown),
		cmocka_unit_test_setup_teardown(list_fini_twice_is_harmless, list_setup,
						list_teardown),
		cmocka_unit_test_setup_teardown(list_without_owners_leaves_records_without_them,
						list_setup, list_teardown),
		cmocka_unit_test_setup_teardown(list_hands_over_the_holders_of_the_inode,
						list_setup, list_teardown),
		cmocka_unit_test_setup_teardown(list_never_looks_up_inode_zero, list_setup,
						list_teardown),
		cmocka_unit_test_setup_teardown(list_looks_up_owners_only_of_sockets_that_pass,
						list_setup, list_teardown),
		cmocka_unit_test_setup_teardown(
			list_marks_an_unheld_listener_orphan_when_owners_are_complete, list_setup,
			list_teardown),
		cmocka_unit_test_setup_teardown(list_marks_no_orphan_when_owners_are_incomplete,
						list_setup, list_teardown),
		cmocka_unit_test_setup_teardown(list_marks_only_listeners_with_a_file_orphan,
						list_setup, list_teardown),
		cmocka_unit_test_setup_teardown(list_confirms_an_orphan_by_a_scan_after_it_came,
						list_setup, list_teardown),
		cmocka_unit_test_setup_teardown(list_tries_one_failed_rescan_per_batch, list_setup,
						list_teardown),
		cmocka_unit_test_setup_teardown(list_takes_the_holder_a_rescan_finds, list_setup,
						list_teardown),
		cmocka_unit_test_setup_teardown(list_scans_again_only_for_unheld_listeners,
						list_setup, list_teardown),
		cmocka_unit_test_setup_teardown(list_shares_a_rescan_among_one_batch, list_setup,
						list_teardown),
		cmocka_unit_test_setup_teardown(list_without_batches_scans_again_for_each_orphan,
						list_setup, list_teardown),
		cmocka_unit_test_setup_teardown(list_marks_no_orphan_once_the_rescans_are_spent,
						list_setup, list_teardown),
		cmocka_unit_test_setup_teardown(list_marks_no_orphan_of_a_listener_closed_meanwhile,
						list_setup, list_teardown),
		cmocka_unit_test_setup_teardown(list_process_filter_matches_comm, list_setup,
						list_teardown),
		cmocka_unit_test_setup_teardown(list_process_filter_matches_exe_basename,
						list_setup, list_teardown),
		cmocka_unit_test_setup_teardown(list_process_filter_matches_any_holder, list_setup,
						list_teardown),
		cmocka_unit_test_setup_teardown(list_pid_filter_matches_only_that_pid, list_setup,
						list_teardown),
		cmocka_unit_test_setup_teardown(list_process_and_pid_must_name_the_same_holder,
						list_setup, list_teardown),
		cmocka_unit_test_setup_teardown(list_names_the_user_of_every_listed_socket,
						list_setup, list_teardown),
		cmocka_unit_test_setup_teardown(list_names_no_user_for_an_unknown_uid, list_setup,
						list_teardown),
		cmocka_unit_test_setup_teardown(list_names_users_with_owners_and_filters,
						list_setup, list_teardown),
		cmocka_unit_test_setup_teardown(list_user_filter_keeps_only_that_uid, list_setup,
						list_teardown),
		/* Last: under UBSan a NULL dereference aborts the whole driver. */
		cmocka_unit_test(list_fini_accepts_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
