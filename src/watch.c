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

/* A held socket of the poll before, by cookie. */
struct watch_held {
	uint64_t cookie;
	const struct pw_listener *l;
};

static int watch_held_cmp(const void *pa, const void *pb)
{
	const struct watch_held *a = pa, *b = pb;

	return (a->cookie > b->cookie) - (a->cookie < b->cookie);
}

/* prev's held sockets, sorted by cookie; *n is their count. Caller frees. */
static struct watch_held *watch_held_index(const struct pw_listeners *prev, size_t *n)
{
	struct watch_held *v = pw_xcalloc(prev->n ? prev->n : 1, sizeof(*v));

	*n = 0;
	for (size_t i = 0; i < prev->n; i++) {
		const struct pw_listener *l = prev->v[i];

		/* Sockets without a cookie cannot be told to be the same. */
		if (l->sock.cookie && l->rec.nprocs)
			v[(*n)++] = (struct watch_held){ .cookie = l->sock.cookie, .l = l };
	}
	qsort(v, *n, sizeof(*v), watch_held_cmp);
	return v;
}

static const struct pw_listener *watch_held_find(const struct watch_held *v, size_t n,
						 const struct pw_listener *l)
{
	struct watch_held key = { .cookie = l->sock.cookie };
	const struct watch_held *hit;

	if (!l->rec.owners || l->rec.nprocs || !l->sock.cookie)
		return NULL;
	hit = bsearch(&key, v, n, sizeof(*v), watch_held_cmp);
	return hit ? hit->l : NULL;
}

static char *watch_dup(const char *s)
{
	return s ? pw_xstrdup(s) : NULL;
}

/* Give the sockets of ls that lost their holders since prev copies of them. */
static void watch_inherit(struct pw_watch_set *set, struct pw_listeners *ls,
			  const struct pw_listeners *prev)
{
	size_t nheld, need = 0, k = 0;
	struct watch_held *held = watch_held_index(prev, &nheld);
	const struct pw_listener *was;

	/* Counted first: records point into the arrays, which must not move. */
	for (size_t i = 0; i < ls->n; i++)
		if ((was = watch_held_find(held, nheld, ls->v[i])))
			need += was->rec.nprocs;
	if (need) {
		set->procs = pw_xcalloc(need, sizeof(*set->procs));
		set->holders = pw_xcalloc(need, sizeof(*set->holders));
	}
	for (size_t i = 0; i < ls->n && need; i++) {
		struct pw_rec *r = &ls->v[i]->rec;

		if (!(was = watch_held_find(held, nheld, ls->v[i])))
			continue;
		r->procs = &set->holders[k];
		r->nprocs = was->rec.nprocs;
		r->orphan = false;
		for (size_t h = 0; h < was->rec.nprocs; h++, k++) {
			const struct pw_proc *p = was->rec.procs[h];

			set->procs[k] = (struct pw_proc){
				.pid = p->pid,
				.uid = p->uid,
				.comm = watch_dup(p->comm),
				.exe = watch_dup(p->exe),
				.cmdline = watch_dup(p->cmdline),
				.unit = watch_dup(p->unit),
			};
			set->holders[k] = &set->procs[k];
		}
	}
	set->nprocs = k;
	free(held);
}

void pw_watch_set_build(struct pw_watch_set *set, struct pw_listeners *ls,
			const struct pw_listeners *prev)
{
	size_t out = 0;

	*set = (struct pw_watch_set){ 0 };
	if (prev)
		watch_inherit(set, ls, prev);
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

void pw_watch_set_fini(struct pw_watch_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++)
		pw_baseline_entry_fini(&set->v[i].id);
	for (size_t i = 0; i < set->nprocs; i++) {
		free(set->procs[i].comm);
		free(set->procs[i].exe);
		free(set->procs[i].cmdline);
		free(set->procs[i].unit);
	}
	free(set->v);
	free(set->procs);
	free(set->holders);
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
