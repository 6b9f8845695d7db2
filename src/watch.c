/* SPDX-License-Identifier: MIT */
/* The diff of two polls by churn-proof identity, and event lines: pure, over plain data. */
#include "watch.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The inode of l's namespace; 0 when the record names none. */
static uint64_t watch_netns_inode(const struct pw_listener *l)
{
	return l->rec.netns ? l->rec.netns->inode : 0;
}

static void watch_key(struct pw_watch_key *k, const struct pw_listener *l, size_t index)
{
	const struct pw_sock *s = &l->sock;

	memset(k, 0, sizeof(*k));
	pw_check_identity(&k->id, l, NULL);
	/*
	 * Between two polls a socket is known by the holder that names it
	 * (pw_baseline_holder): a worker that takes its master's socket for a
	 * while (postfix's smtpd) is no event.
	 */
	pw_baseline_entry_drop_others(&k->id);
	k->id.ref = index;
	/*
	 * A baseline knows every unnamed namespace as one, to outlast restarts.
	 * Between two polls a namespace is its inode: two unnamed ones differ,
	 * and one that gets a name (ip netns attach) stays the same.
	 */
	k->netns = watch_netns_inode(l);
	if (k->netns) {
		free(k->id.netns);
		k->id.netns = NULL;
	}
	/* A listener's peer is a wildcard; a connection is known by its peer too. */
	k->connected = !pw_sock_is_listening(s);
	if (k->connected) {
		pw_sock_format_addr(s, true, k->raddr);
		k->rport = s->rport;
	}
}

int pw_watch_key_cmp(const struct pw_watch_key *a, const struct pw_watch_key *b)
{
	int c = pw_baseline_entry_cmp(&a->id, &b->id);

	if (c)
		return c;
	if (a->netns != b->netns)
		return a->netns < b->netns ? -1 : 1;
	if (a->connected != b->connected)
		return a->connected ? 1 : -1;
	if (a->rport != b->rport)
		return a->rport < b->rport ? -1 : 1;
	return strcmp(a->raddr, b->raddr);
}

/* Key order, then index: qsort is not stable, and of equal keys the first is kept. */
static int watch_sort_cmp(const void *pa, const void *pb)
{
	const struct pw_watch_key *a = pa, *b = pb;
	int c = pw_watch_key_cmp(a, b);

	if (c)
		return c;
	return (a->id.ref > b->id.ref) - (a->id.ref < b->id.ref);
}

void pw_watch_set_build(struct pw_watch_set *set, const struct pw_listeners *ls)
{
	size_t out = 0;

	set->v = pw_xcalloc(ls->n ? ls->n : 1, sizeof(*set->v));
	for (size_t i = 0; i < ls->n; i++)
		watch_key(&set->v[i], ls->v[i], i);
	if (ls->n > 1)
		qsort(set->v, ls->n, sizeof(*set->v), watch_sort_cmp);
	for (size_t i = 0; i < ls->n; i++) {
		if (out > 0 && pw_watch_key_cmp(&set->v[out - 1], &set->v[i]) == 0) {
			pw_baseline_entry_fini(&set->v[i].id);
			continue;
		}
		set->v[out++] = set->v[i];
	}
	set->n = out;
}

/* One socket's borrowed holders: the pointer list its record uses, and the copies. */
struct pw_watch_loan {
	size_t n;
	const struct pw_proc **ptrs;
	struct pw_proc *procs;
};

/*
 * Orders of the held sockets of the other poll, to find a socket's earlier
 * self: qsort comparators over pointers to listeners.
 */
typedef int (*watch_order)(const void *pa, const void *pb);

static const struct pw_listener *watch_at(const void *p)
{
	return *(const struct pw_listener *const *)p;
}

static int watch_by_cookie(const void *pa, const void *pb)
{
	uint64_t a = watch_at(pa)->sock.cookie, b = watch_at(pb)->sock.cookie;

	return (a > b) - (a < b);
}

static int watch_by_inode(const void *pa, const void *pb)
{
	uint32_t a = watch_at(pa)->sock.inode, b = watch_at(pb)->sock.inode;

	return (a > b) - (a < b);
}

/* A connection's namespace, protocol, family and both ends. */
static int watch_by_ends(const void *pa, const void *pb)
{
	const struct pw_sock *x = &watch_at(pa)->sock, *y = &watch_at(pb)->sock;
	uint64_t nx = watch_netns_inode(watch_at(pa)), ny = watch_netns_inode(watch_at(pb));
	int c;

	if (nx != ny)
		return nx < ny ? -1 : 1;
	if (x->proto != y->proto)
		return x->proto < y->proto ? -1 : 1;
	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	if (x->lport != y->lport)
		return x->lport < y->lport ? -1 : 1;
	if (x->rport != y->rport)
		return x->rport < y->rport ? -1 : 1;
	c = memcmp(x->laddr, y->laddr, sizeof(x->laddr));
	return c ? c : memcmp(x->raddr, y->raddr, sizeof(x->raddr));
}

/*
 * Whether a and b, of two polls, are one socket. Its cookie says so when
 * both have one (netlink). /proc/net gives none: then its inode, unique
 * among the sockets alive. A connection no file holds any more
 * (TIME-WAIT, or FIN-WAIT after its process closed it) has no inode either:
 * then its two ends, which no other connection of its protocol and family
 * shares within its namespace.
 */
static bool watch_same(const struct pw_listener *a, const struct pw_listener *b)
{
	if (a->sock.cookie && b->sock.cookie)
		return a->sock.cookie == b->sock.cookie;
	if (a->sock.inode && b->sock.inode)
		return a->sock.inode == b->sock.inode;
	return !pw_sock_is_listening(&a->sock) && !pw_sock_is_listening(&b->sock) &&
	       watch_by_ends(&a, &b) == 0;
}

/* The held sockets of one poll in one order. */
struct watch_index {
	const struct pw_listener **v;
	size_t n;
	watch_order order;
};

/* The socket of x, in x's order equal to l, that is l itself; NULL when none. */
static const struct pw_listener *watch_index_find(const struct watch_index *x,
						  const struct pw_listener *l)
{
	size_t lo = 0, hi = x->n;

	/* The first of the equal ones: more than one may share the key (see watch_same). */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (x->order(&x->v[mid], &l) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < x->n && x->order(&x->v[lo], &l) == 0; lo++)
		if (watch_same(x->v[lo], l))
			return x->v[lo];
	return NULL;
}

static char *watch_dup(const char *s)
{
	return s ? pw_xstrdup(s) : NULL;
}

/* Point r at copies of the holders of from, kept in lent. */
static void watch_lend(struct pw_rec *r, const struct pw_rec *from, struct pw_watch_lent *lent)
{
	struct pw_watch_loan *loan = pw_xmalloc(sizeof(*loan));

	if (lent->n == lent->cap) {
		lent->cap = lent->cap ? 2 * lent->cap : 16;
		lent->v = pw_xrealloc(lent->v, lent->cap, sizeof(*lent->v));
	}
	lent->v[lent->n++] = loan;
	loan->n = from->nprocs;
	loan->ptrs = pw_xcalloc(loan->n, sizeof(*loan->ptrs));
	loan->procs = pw_xcalloc(loan->n, sizeof(*loan->procs));
	for (size_t h = 0; h < loan->n; h++) {
		const struct pw_proc *p = from->procs[h];

		loan->procs[h] = (struct pw_proc){
			.pid = p->pid,
			.uid = p->uid,
			.comm = watch_dup(p->comm),
			.exe = watch_dup(p->exe),
			.cmdline = watch_dup(p->cmdline),
			.unit = watch_dup(p->unit),
		};
		loan->ptrs[h] = &loan->procs[h];
	}
	r->procs = loan->ptrs;
	r->nprocs = loan->n;
	r->orphan = false;
}

void pw_watch_lend_holders(struct pw_listeners *ls, const struct pw_listeners *other,
			   struct pw_watch_lent *lent)
{
	struct watch_index by[3] = {
		{ .order = watch_by_cookie },
		{ .order = watch_by_inode },
		{ .order = watch_by_ends },
	};
	size_t size = other->n ? other->n : 1;

	for (size_t k = 0; k < PW_ARRAY_SIZE(by); k++)
		by[k].v = pw_xcalloc(size, sizeof(*by[k].v));
	for (size_t i = 0; i < other->n; i++) {
		const struct pw_listener *l = other->v[i];

		if (!l->rec.nprocs)
			continue;
		if (l->sock.cookie)
			by[0].v[by[0].n++] = l;
		if (l->sock.inode)
			by[1].v[by[1].n++] = l;
		if (!pw_sock_is_listening(&l->sock))
			by[2].v[by[2].n++] = l;
	}
	for (size_t k = 0; k < PW_ARRAY_SIZE(by); k++)
		qsort(by[k].v, by[k].n, sizeof(*by[k].v), by[k].order);
	for (size_t i = 0; i < ls->n; i++) {
		const struct pw_listener *l = ls->v[i];
		const struct pw_listener *hit = NULL;

		if (!l->rec.owners || l->rec.nprocs)
			continue;
		if (l->sock.cookie)
			hit = watch_index_find(&by[0], l);
		if (!hit && l->sock.inode)
			hit = watch_index_find(&by[1], l);
		if (!hit && !pw_sock_is_listening(&l->sock))
			hit = watch_index_find(&by[2], l);
		if (hit)
			watch_lend(&ls->v[i]->rec, &hit->rec, lent);
	}
	for (size_t k = 0; k < PW_ARRAY_SIZE(by); k++)
		free(by[k].v);
}

void pw_watch_lent_fini(struct pw_watch_lent *lent)
{
	if (!lent)
		return;
	for (size_t i = 0; i < lent->n; i++) {
		struct pw_watch_loan *loan = lent->v[i];

		for (size_t h = 0; h < loan->n; h++) {
			free(loan->procs[h].comm);
			free(loan->procs[h].exe);
			free(loan->procs[h].cmdline);
			free(loan->procs[h].unit);
		}
		free(loan->ptrs);
		free(loan->procs);
		free(loan);
	}
	free(lent->v);
	*lent = (struct pw_watch_lent){ 0 };
}

void pw_watch_set_fini(struct pw_watch_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++)
		pw_baseline_entry_fini(&set->v[i].id);
	free(set->v);
	*set = (struct pw_watch_set){ 0 };
}

int pw_watch_diff(const struct pw_watch_set *old, const struct pw_watch_set *now, pw_watch_cb cb,
		  void *data)
{
	size_t i = 0, k = 0;
	int c, rc;

	/* One merge pass over two sorted sets. */
	while (i < old->n || k < now->n) {
		if (i == old->n)
			c = 1;
		else if (k == now->n)
			c = -1;
		else
			c = pw_watch_key_cmp(&old->v[i], &now->v[k]);
		if (c == 0) {
			i++;
			k++;
			continue;
		}
		if (c < 0)
			rc = cb(PW_WATCH_REMOVED, &old->v[i++], data);
		else
			rc = cb(PW_WATCH_ADDED, &now->v[k++], data);
		if (rc)
			return rc;
	}
	return 0;
}

const char *pw_watch_event_name(enum pw_watch_event ev)
{
	return ev == PW_WATCH_ADDED ? "added" : "removed";
}

void pw_watch_time(char *buf, size_t size, const struct timespec *ts)
{
	struct tm tm;
	char sec[24];

	buf[0] = '\0';
	if (!gmtime_r(&ts->tv_sec, &tm) || !strftime(sec, sizeof(sec), "%Y-%m-%dT%H:%M:%S", &tm))
		return;
	snprintf(buf, size, "%s.%03ldZ", sec, ts->tv_nsec / 1000000);
}

void pw_watch_print(FILE *f, bool jsonl, const char *time, enum pw_watch_event ev,
		    const struct pw_listener *l)
{
	if (!jsonl) {
		/* Written as check writes a listener, with its state and its peer. */
		fprintf(f, "%s %s ", time, pw_watch_event_name(ev));
		pw_check_socket_line(f, l);
		putc('\n', f);
		return;
	}
	fputs("{\"time\":", f);
	pw_json_string(f, time);
	fprintf(f, ",\"event\":\"%s\",\"socket\":", pw_watch_event_name(ev));
	pw_out_json_sock(f, &l->rec);
	fputs("}\n", f);
}

/* Whether line (len bytes, without its newline) is a whole line of text. */
static bool watch_has_line(const char *text, const char *line, size_t len)
{
	while (*text) {
		size_t n = strcspn(text, "\n");

		if (n == len && memcmp(text, line, len) == 0)
			return true;
		text += n + (text[n] == '\n');
	}
	return false;
}

void pw_watch_notes_put(FILE *f, const char *notes, const char *known)
{
	while (notes && *notes) {
		size_t len = strcspn(notes, "\n");
		size_t end = len + (notes[len] == '\n');

		if (!known || !watch_has_line(known, notes, len))
			fwrite(notes, 1, end, f);
		notes += end;
	}
}

bool pw_watch_ids_add(struct pw_watch_ids *ids, uint64_t id)
{
	/* A handful of namespaces: a linear search is the simplest that will do. */
	for (size_t i = 0; i < ids->n; i++)
		if (ids->v[i] == id)
			return false;
	if (ids->n == ids->cap) {
		ids->cap = ids->cap ? 2 * ids->cap : 8;
		ids->v = pw_xrealloc(ids->v, ids->cap, sizeof(*ids->v));
	}
	ids->v[ids->n++] = id;
	return true;
}

void pw_watch_ids_fini(struct pw_watch_ids *ids)
{
	if (!ids)
		return;
	free(ids->v);
	*ids = (struct pw_watch_ids){ 0 };
}
