/* SPDX-License-Identifier: MIT */
/* Baselines: listener identities from sockets, their order, and diffs. */
#include "baseline.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/* What procfs appends to /proc/PID/exe once the binary was replaced or removed. */
#define PW_BASELINE_DELETED " (deleted)"

struct pw_baseline *pw_baseline_new(void)
{
	struct pw_baseline *b = pw_xcalloc(1, sizeof(*b));

	b->sorted = true;
	return b;
}

void pw_baseline_entry_drop_others(struct pw_baseline_entry *e)
{
	for (size_t i = 0; i < e->nothers; i++) {
		free(e->others[i].process);
		free(e->others[i].exe);
	}
	free(e->others);
	e->others = NULL;
	e->nothers = 0;
}

void pw_baseline_entry_fini(struct pw_baseline_entry *e)
{
	if (!e)
		return;
	free(e->process);
	free(e->exe);
	free(e->netns);
	e->process = e->exe = e->netns = NULL;
	pw_baseline_entry_drop_others(e);
}

void pw_baseline_free(struct pw_baseline *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++)
		pw_baseline_entry_fini(&b->entries[i]);
	free(b->entries);
	free(b->version);
	free(b->host);
	free(b->time);
	free(b);
}

/*
 * Copy len bytes of s with each byte that is not well-formed UTF-8 replaced
 * by U+FFFD, exactly as pw_json_string writes it: an identity taken from a
 * process then equals the one read back from the file. The copy stops at
 * the last whole character that fits in PW_BASELINE_STR_MAX bytes, the
 * most the parser takes back.
 */
static char *baseline_dup_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t cap = len > PW_BASELINE_STR_MAX / 3 ? PW_BASELINE_STR_MAX : len * 3;
	char *out = pw_xmalloc(cap + 1), *o = out;
	size_t i = 0;

	while (i < len) {
		size_t n = pw_utf8_seq_len(p + i, len - i);
		const unsigned char *from = p + i;
		size_t put = n;

		if (n == 0) {
			from = (const unsigned char *)"\xef\xbf\xbd";
			put = 3;
			n = 1;
		}
		if (put > cap - (size_t)(o - out))
			break;
		memcpy(o, from, put);
		o += put;
		i += n;
	}
	*o = '\0';
	return out;
}

static char *baseline_dup(const char *s)
{
	return s ? baseline_dup_utf8(s, strlen(s)) : NULL;
}

/* An exe without the suffix of a replaced binary: after an upgrade the daemon is the same. */
static char *baseline_dup_exe(const char *exe)
{
	size_t len, dl = strlen(PW_BASELINE_DELETED);

	if (!exe)
		return NULL;
	len = strlen(exe);
	if (len > dl && strcmp(exe + len - dl, PW_BASELINE_DELETED) == 0)
		len -= dl;
	return baseline_dup_utf8(exe, len);
}

/* NULL (unknown, or the host's namespace) sorts before any name. */
static int baseline_strcmp(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

int pw_baseline_holder_cmp(const struct pw_baseline_holder *a, const struct pw_baseline_holder *b)
{
	int c = baseline_strcmp(a->process, b->process);

	return c ? c : baseline_strcmp(a->exe, b->exe);
}

static int baseline_holder_qcmp(const void *a, const void *b)
{
	return pw_baseline_holder_cmp(a, b);
}

/* For choosing a name: a holder whose name is known names a listener better. */
static int baseline_known_first(const char *a, const char *b)
{
	if (!a || !b)
		return (a == NULL) - (b == NULL);
	return strcmp(a, b);
}

const struct pw_proc *pw_baseline_holder(const struct pw_proc *const *procs, size_t n)
{
	const struct pw_proc *best = n ? procs[0] : NULL;

	for (size_t i = 1; i < n; i++) {
		const struct pw_proc *p = procs[i];
		int c;

		/*
		 * PID 1 holds the sockets it activates, alone until the daemon
		 * starts: the daemon names them once it holds one too.
		 */
		if ((p->pid == 1) != (best->pid == 1)) {
			if (best->pid == 1)
				best = p;
			continue;
		}
		/* Not the lowest pid: pids wrap, and a worker may get a lower one than its master. */
		c = baseline_known_first(p->comm, best->comm);
		if (c == 0)
			c = baseline_known_first(p->exe, best->exe);
		if (c < 0)
			best = p;
	}
	return best;
}

/* Whether anything of h is known: an unreadable process tells nothing about who listens. */
static bool baseline_holder_known(const struct pw_baseline_holder *h)
{
	return h->process || h->exe;
}

void pw_baseline_entry_tidy(struct pw_baseline_entry *e)
{
	const struct pw_baseline_holder self = { e->process, e->exe };
	size_t out = 0;

	if (e->nothers > 1)
		qsort(e->others, e->nothers, sizeof(*e->others), baseline_holder_qcmp);
	for (size_t i = 0; i < e->nothers; i++) {
		struct pw_baseline_holder *h = &e->others[i];

		/*
		 * A fully unknown other holder would be the null holder of a
		 * listener held by nobody, and meet it.
		 */
		if (!baseline_holder_known(h) || pw_baseline_holder_cmp(h, &self) == 0 ||
		    (out > 0 && pw_baseline_holder_cmp(h, &e->others[out - 1]) == 0)) {
			free(h->process);
			free(h->exe);
			continue;
		}
		e->others[out++] = *h;
	}
	e->nothers = out;
	if (!out) {
		free(e->others);
		e->others = NULL;
	}
}

/* Fill e's holders from procs[0..n), n > 0. */
static void baseline_set_holders(struct pw_baseline_entry *e, const struct pw_proc *const *procs,
				 size_t n)
{
	const struct pw_proc *named = pw_baseline_holder(procs, n);

	e->process = baseline_dup(named->comm);
	e->exe = baseline_dup_exe(named->exe);
	if (n < 2)
		return;
	e->others = pw_xcalloc(n - 1, sizeof(*e->others));
	for (size_t i = 0; i < n; i++) {
		/* Workers are mostly copies of their master: no copy to make and drop. */
		if (procs[i] == named || (baseline_strcmp(procs[i]->comm, named->comm) == 0 &&
					  baseline_strcmp(procs[i]->exe, named->exe) == 0))
			continue;
		e->others[e->nothers].process = baseline_dup(procs[i]->comm);
		e->others[e->nothers].exe = baseline_dup_exe(procs[i]->exe);
		e->nothers++;
	}
	pw_baseline_entry_tidy(e);
}

bool pw_baseline_proto_has_ephemeral(unsigned proto)
{
	return proto == PW_PROTO_UDP || proto == PW_PROTO_UDPLITE;
}

int pw_baseline_from_sock(struct pw_baseline_entry *e, const struct pw_sock *s,
			  const struct pw_proc *const *procs, size_t n, const char *netns,
			  bool ephemeral_port)
{
	memset(e, 0, sizeof(*e));
	if (s->proto >= PW_PROTO_COUNT || (s->family != AF_INET && s->family != AF_INET6))
		return -EINVAL;
	e->proto = s->proto;
	e->family = s->family;
	e->port = s->lport;
	/*
	 * A UDP client (resolver, NTP) binds a fresh ephemeral port each time it
	 * starts; its number says nothing. A TCP listener chose its port.
	 */
	if (ephemeral_port && pw_baseline_proto_has_ephemeral(s->proto)) {
		e->ephemeral = true;
		e->port = 0;
	}
	pw_sock_format_addr(s, false, e->addr);
	if (n > 0)
		baseline_set_holders(e, procs, n);
	e->netns = baseline_dup(netns);
	return 0;
}

void pw_baseline_add(struct pw_baseline *b, struct pw_baseline_entry *e)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		b->entries = pw_xrealloc(b->entries, b->cap, sizeof(*b->entries));
	}
	b->entries[b->n++] = *e;
	b->sorted = b->n < 2;
	memset(e, 0, sizeof(*e));
}

/* Order of where two identities listen: all of an identity but its holders. */
static int baseline_endpoint_cmp(const struct pw_baseline_entry *a,
				 const struct pw_baseline_entry *b)
{
	int c;

	/*
	 * Namespace, then protocol and port (numbers before the ephemeral
	 * class): the order a reader of the file expects.
	 */
	if ((c = baseline_strcmp(a->netns, b->netns)))
		return c;
	if (a->proto != b->proto)
		return a->proto < b->proto ? -1 : 1;
	if (a->ephemeral != b->ephemeral)
		return a->ephemeral ? 1 : -1;
	if (a->port != b->port)
		return a->port < b->port ? -1 : 1;
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return strcmp(a->addr, b->addr);
}

int pw_baseline_entry_cmp(const struct pw_baseline_entry *a, const struct pw_baseline_entry *b)
{
	const struct pw_baseline_holder ha = { a->process, a->exe }, hb = { b->process, b->exe };
	size_t i;
	int c;

	if ((c = baseline_endpoint_cmp(a, b)) || (c = pw_baseline_holder_cmp(&ha, &hb)))
		return c;
	for (i = 0; i < a->nothers && i < b->nothers; i++)
		if ((c = pw_baseline_holder_cmp(&a->others[i], &b->others[i])))
			return c;
	return (a->nothers > b->nothers) - (a->nothers < b->nothers);
}

/* Whether e's other holders (sorted) include h. */
static bool baseline_others_hold(const struct pw_baseline_entry *e,
				 const struct pw_baseline_holder *h)
{
	return e->nothers &&
	       bsearch(h, e->others, e->nothers, sizeof(*e->others), baseline_holder_qcmp);
}

bool pw_baseline_entry_meets(const struct pw_baseline_entry *a, const struct pw_baseline_entry *b)
{
	const struct pw_baseline_holder ha = { a->process, a->exe }, hb = { b->process, b->exe };
	size_t i = 0, k = 0;

	if (baseline_endpoint_cmp(a, b))
		return false;
	/* Unknown holders are no holder in common: without a known one, only like meets like. */
	if (!baseline_holder_known(&ha) && !baseline_holder_known(&hb) && !a->nothers &&
	    !b->nothers)
		return true;
	if (baseline_holder_known(&ha) &&
	    (pw_baseline_holder_cmp(&ha, &hb) == 0 || baseline_others_hold(b, &ha)))
		return true;
	if (baseline_holder_known(&hb) && baseline_others_hold(a, &hb))
		return true;
	/* Both lists are sorted: one merge pass. */
	while (i < a->nothers && k < b->nothers) {
		int c = pw_baseline_holder_cmp(&a->others[i], &b->others[k]);

		if (c == 0 && baseline_holder_known(&a->others[i]))
			return true;
		if (c < 0)
			i++;
		else
			k++;
	}
	return false;
}

/* Identity order, then ref: qsort is not stable, and duplicates keep their first. */
static int baseline_sort_cmp(const void *pa, const void *pb)
{
	const struct pw_baseline_entry *a = pa, *b = pb;
	int c = pw_baseline_entry_cmp(a, b);

	if (c)
		return c;
	return a->ref < b->ref ? -1 : a->ref > b->ref;
}

void pw_baseline_sort(struct pw_baseline *b)
{
	size_t out = 0;

	if (b->n > 1)
		qsort(b->entries, b->n, sizeof(*b->entries), baseline_sort_cmp);
	for (size_t i = 0; i < b->n; i++) {
		if (out > 0 && pw_baseline_entry_cmp(&b->entries[out - 1], &b->entries[i]) == 0) {
			pw_baseline_entry_fini(&b->entries[i]);
			continue;
		}
		b->entries[out++] = b->entries[i];
	}
	b->n = out;
	b->sorted = true;
}

const struct pw_baseline_entry *pw_baseline_find(const struct pw_baseline *b,
						 const struct pw_baseline_entry *key)
{
	size_t lo = 0, hi = b->n;

	assert(b->sorted);
	/* The first entry of key's endpoint, then each of that endpoint. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (baseline_endpoint_cmp(&b->entries[mid], key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < b->n && baseline_endpoint_cmp(&b->entries[lo], key) == 0; lo++)
		if (pw_baseline_entry_meets(&b->entries[lo], key))
			return &b->entries[lo];
	return NULL;
}

/* The end of the run of sorted b's entries from i that share entry i's endpoint. */
static size_t baseline_endpoint_end(const struct pw_baseline *b, size_t i)
{
	size_t end = i + 1;

	while (end < b->n && baseline_endpoint_cmp(&b->entries[i], &b->entries[end]) == 0)
		end++;
	return end;
}

/* Call cb for each entry of a[i, ie) that is no listener of b[k, ke). */
static int baseline_diff_run(const struct pw_baseline *a, size_t i, size_t ie,
			     const struct pw_baseline *b, size_t k, size_t ke, pw_baseline_cb cb,
			     void *data)
{
	int rc;

	for (; cb && i < ie; i++) {
		bool met = false;

		for (size_t m = k; m < ke && !met; m++)
			met = pw_baseline_entry_meets(&a->entries[i], &b->entries[m]);
		if (!met && (rc = cb(&a->entries[i], data)))
			return rc;
	}
	return 0;
}

int pw_baseline_diff(const struct pw_baseline *old, const struct pw_baseline *now,
		     pw_baseline_cb added, pw_baseline_cb removed, void *data)
{
	size_t i = 0, k = 0;
	int rc;

	assert(old->sorted && now->sorted);
	/* One merge pass over two sorted sets, an endpoint at a time. */
	while (i < old->n || k < now->n) {
		size_t ie = i, ke = k;
		int c;

		if (i == old->n)
			c = 1;
		else if (k == now->n)
			c = -1;
		else
			c = baseline_endpoint_cmp(&old->entries[i], &now->entries[k]);
		if (c <= 0)
			ie = baseline_endpoint_end(old, i);
		if (c >= 0)
			ke = baseline_endpoint_end(now, k);
		if ((rc = baseline_diff_run(old, i, ie, now, k, ke, removed, data)) ||
		    (rc = baseline_diff_run(now, k, ke, old, i, ie, added, data)))
			return rc;
		i = ie;
		k = ke;
	}
	return 0;
}
