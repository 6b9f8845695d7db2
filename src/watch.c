/* SPDX-License-Identifier: MIT */
/* The diff of two polls by churn-proof identity, and event lines: pure, over plain data. */
#include "watch.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "util.h"

static void watch_key(struct pw_watch_key *k, const struct pw_listener *l, size_t index)
{
	const struct pw_sock *s = &l->sock;

	memset(k, 0, sizeof(*k));
	pw_check_identity(&k->id, l, NULL);
	k->id.ref = index;
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

/* A held socket of the other poll, by cookie. */
struct watch_held {
	uint64_t cookie;
	const struct pw_listener *l;
};

static int watch_held_cmp(const void *pa, const void *pb)
{
	const struct watch_held *a = pa, *b = pb;

	return (a->cookie > b->cookie) - (a->cookie < b->cookie);
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
	struct watch_held *held = pw_xcalloc(other->n ? other->n : 1, sizeof(*held));
	size_t n = 0;

	for (size_t i = 0; i < other->n; i++) {
		const struct pw_listener *l = other->v[i];

		/* Sockets without a cookie cannot be told to be the same. */
		if (l->sock.cookie && l->rec.nprocs)
			held[n++] = (struct watch_held){ .cookie = l->sock.cookie, .l = l };
	}
	qsort(held, n, sizeof(*held), watch_held_cmp);
	for (size_t i = 0; i < ls->n && n; i++) {
		struct pw_rec *r = &ls->v[i]->rec;
		struct watch_held key = { .cookie = ls->v[i]->sock.cookie };
		const struct watch_held *hit;

		if (!r->owners || r->nprocs || !key.cookie)
			continue;
		hit = bsearch(&key, held, n, sizeof(*held), watch_held_cmp);
		if (hit)
			watch_lend(r, &hit->l->rec, lent);
	}
	free(held);
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

/* "addr:port (service, class[ ephemeral], scope)"; the service only when named. */
static void watch_endpoint(FILE *f, const struct pw_sock *s, bool remote,
			   const struct pw_endpoint *e)
{
	char addr[PW_ADDR_STRLEN];

	pw_sock_format_addr(s, remote, addr);
	fprintf(f, s->family == AF_INET6 ? "[%s]:%u (" : "%s:%u (", addr,
		remote ? s->rport : s->lport);
	if (e->service) {
		pw_term_string(f, e->service->name);
		fputs(", ", f);
	}
	if (e->has_port)
		fprintf(f, "%s%s, ", pw_ports_class_name((enum pw_class)e->class),
			e->ephemeral ? " ephemeral" : "");
	fprintf(f, "%s)", pw_ports_scope_name((enum pw_scope)e->scope));
}

static void watch_text(FILE *f, const char *time, enum pw_watch_event ev,
		       const struct pw_listener *l)
{
	const struct pw_rec *r = &l->rec;
	const struct pw_sock *s = r->sock;
	char buf[PW_NETNS_LABEL_MAX];

	fprintf(f, "%s %s %s %s ", time, pw_watch_event_name(ev), pw_sock_proto_name(s->proto),
		pw_sock_state_name(s->state));
	watch_endpoint(f, s, false, &r->local);
	if (!pw_sock_is_listening(s)) {
		fputs(" -> ", f);
		watch_endpoint(f, s, true, &r->remote);
	}
	putc(' ', f);
	if (r->nprocs == 0)
		fputs(r->orphan ? "no-process" : "-", f);
	for (size_t i = 0; i < r->nprocs; i++) {
		fputs(i ? "," : "", f);
		pw_term_string(f, r->procs[i]->comm ? r->procs[i]->comm : "?");
		fprintf(f, "[%d]", r->procs[i]->pid);
	}
	fputs(" user=", f);
	if (r->user)
		pw_term_string(f, r->user);
	else
		fprintf(f, "%u", (unsigned)s->uid);
	if (r->netns && !r->netns->initial) {
		fputs(" netns=", f);
		pw_term_string(f, pw_netns_label(r->netns, buf));
	}
	putc('\n', f);
}

void pw_watch_print(FILE *f, bool jsonl, const char *time, enum pw_watch_event ev,
		    const struct pw_listener *l)
{
	if (!jsonl) {
		watch_text(f, time, ev, l);
		return;
	}
	fputs("{\"time\":", f);
	pw_json_string(f, time);
	fprintf(f, ",\"event\":\"%s\",\"socket\":", pw_watch_event_name(ev));
	pw_out_json_sock(f, &l->rec);
	fputs("}\n", f);
}
