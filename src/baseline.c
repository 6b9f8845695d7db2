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

void pw_baseline_entry_fini(struct pw_baseline_entry *e)
{
	if (!e)
		return;
	free(e->process);
	free(e->exe);
	free(e->netns);
	e->process = e->exe = e->netns = NULL;
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
	if (n > 0) {
		const char *exe = procs[0]->exe;

		e->process = baseline_dup(procs[0]->comm);
		if (exe) {
			size_t len = strlen(exe), dl = strlen(PW_BASELINE_DELETED);

			/* After a package upgrade the running daemon is the same listener. */
			if (len > dl && strcmp(exe + len - dl, PW_BASELINE_DELETED) == 0)
				len -= dl;
			e->exe = baseline_dup_utf8(exe, len);
		}
	}
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

/* NULL (unknown, or the host's namespace) sorts before any name. */
static int baseline_strcmp(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

int pw_baseline_entry_cmp(const struct pw_baseline_entry *a, const struct pw_baseline_entry *b)
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
	if ((c = strcmp(a->addr, b->addr)))
		return c;
	if ((c = baseline_strcmp(a->process, b->process)))
		return c;
	return baseline_strcmp(a->exe, b->exe);
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

static int baseline_find_cmp(const void *key, const void *elem)
{
	return pw_baseline_entry_cmp(key, elem);
}

const struct pw_baseline_entry *pw_baseline_find(const struct pw_baseline *b,
						 const struct pw_baseline_entry *key)
{
	assert(b->sorted);
	if (b->n == 0)
		return NULL;
	return bsearch(key, b->entries, b->n, sizeof(*b->entries), baseline_find_cmp);
}

int pw_baseline_diff(const struct pw_baseline *old, const struct pw_baseline *now,
		     pw_baseline_cb added, pw_baseline_cb removed, void *data)
{
	size_t i = 0, k = 0;
	int rc;

	assert(old->sorted && now->sorted);
	/* One merge pass over two sorted sets. */
	while (i < old->n || k < now->n) {
		int c;

		if (i == old->n)
			c = 1;
		else if (k == now->n)
			c = -1;
		else
			c = pw_baseline_entry_cmp(&old->entries[i], &now->entries[k]);
		if (c < 0) {
			if (removed && (rc = removed(&old->entries[i], data)))
				return rc;
			i++;
		} else if (c > 0) {
			if (added && (rc = added(&now->entries[k], data)))
				return rc;
			k++;
		} else {
			i++;
			k++;
		}
	}
	return 0;
}
