/* SPDX-License-Identifier: MIT */
/* Network namespaces as discovery saw them, merged and ordered: pure, it reads no files. */
#include "netns_set.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct pw_netns_set *pw_netns_set_new(void)
{
	return pw_xcalloc(1, sizeof(struct pw_netns_set));
}

static void netns_fini(struct pw_netns *ns)
{
	free(ns->name);
	free(ns->path);
	free(ns->comm);
}

void pw_netns_set_free(struct pw_netns_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++)
		netns_fini(&set->v[i]);
	free(set->v);
	free(set);
}

void pw_netns_set_add(struct pw_netns_set *set, const struct pw_netns_seen *seen)
{
	struct pw_netns *ns;

	if (set->n == set->cap) {
		set->cap = set->cap ? 2 * set->cap : 16;
		set->v = pw_xrealloc(set->v, set->cap, sizeof(*set->v));
	}
	ns = &set->v[set->n++];
	*ns = (struct pw_netns){
		.dev = seen->dev,
		.inode = seen->inode,
		.name = seen->name ? pw_xstrdup(seen->name) : NULL,
		.path = pw_xstrdup(seen->path),
		.pid = seen->pid,
		.initial = seen->initial,
		.current = seen->current,
		/* A process may exit before its namespace is entered; a name stays. */
		.lasting = seen->pid == 0,
	};
}

static int netns_cmp_id(const void *pa, const void *pb)
{
	const struct pw_netns *a = pa, *b = pb;

	if (a->dev != b->dev)
		return a->dev < b->dev ? -1 : 1;
	return (a->inode > b->inode) - (a->inode < b->inode);
}

/* Initial first, then named by name, then by inode. */
static int netns_cmp_order(const void *pa, const void *pb)
{
	const struct pw_netns *a = pa, *b = pb;

	if (a->initial != b->initial)
		return a->initial ? -1 : 1;
	if (!a->name != !b->name)
		return a->name ? -1 : 1;
	if (a->name && strcmp(a->name, b->name))
		return strcmp(a->name, b->name);
	return netns_cmp_id(a, b);
}

static void netns_take(char **to, char **from)
{
	free(*to);
	*to = *from;
	*from = NULL;
}

/* Fold other into keep (same namespace); other is left empty. */
static void netns_merge(struct pw_netns *keep, struct pw_netns *other)
{
	bool better_name = other->name && (!keep->name || strcmp(other->name, keep->name) < 0);

	if (better_name) {
		netns_take(&keep->name, &other->name);
		netns_take(&keep->path, &other->path);
		keep->lasting = true;
	} else if (!keep->lasting && other->lasting) {
		netns_take(&keep->path, &other->path);
		keep->lasting = true;
	}
	if (other->pid > 0 && (keep->pid == 0 || other->pid < keep->pid)) {
		keep->pid = other->pid;
		netns_take(&keep->comm, &other->comm);
		/* Entered through a process, the lowest pid is the one that speaks for it. */
		if (!keep->lasting && other->path)
			netns_take(&keep->path, &other->path);
	} else if (other->pid == keep->pid && !keep->comm) {
		netns_take(&keep->comm, &other->comm);
	}
	keep->initial |= other->initial;
	keep->current |= other->current;
	if (other->hp_read && !keep->hp_read) {
		keep->hp = other->hp;
		keep->hp_read = true;
	}
	netns_fini(other);
}

void pw_netns_set_finish(struct pw_netns_set *set)
{
	size_t out = 0;

	if (set->n > 1)
		qsort(set->v, set->n, sizeof(*set->v), netns_cmp_id);
	for (size_t i = 0; i < set->n; i++) {
		if (out > 0 && netns_cmp_id(&set->v[out - 1], &set->v[i]) == 0) {
			netns_merge(&set->v[out - 1], &set->v[i]);
			continue;
		}
		set->v[out++] = set->v[i];
	}
	set->n = out;
	if (set->n > 1)
		qsort(set->v, set->n, sizeof(*set->v), netns_cmp_order);
}

void pw_netns_set_comm(struct pw_netns *ns, const char *comm, size_t len)
{
	free(ns->comm);
	ns->comm = pw_xmalloc(len + 1);
	memcpy(ns->comm, comm, len);
	ns->comm[len] = '\0';
}

long pw_netns_set_find(const struct pw_netns_set *set, uint64_t dev, uint64_t inode)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->v[i].dev == dev && set->v[i].inode == inode)
			return (long)i;
	return -1;
}

long pw_netns_set_current(const struct pw_netns_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->v[i].current)
			return (long)i;
	return -1;
}

const char *pw_netns_ident(const struct pw_netns *ns)
{
	if (!ns || ns->initial)
		return NULL;
	return ns->name ? ns->name : PW_NETNS_UNNAMED;
}

const char *pw_netns_label(const struct pw_netns *ns, char *buf)
{
	if (ns->name)
		return ns->name;
	if (ns->initial)
		return "host";
	snprintf(buf, PW_NETNS_LABEL_MAX, "%" PRIu64, ns->inode);
	return buf;
}

int pw_netns_target_parse(const char *arg, enum pw_netns_target *kind, int *pid)
{
	unsigned long n;
	size_t len = strlen(arg);

	if (len == 0 || strcmp(arg, ".") == 0 || strcmp(arg, "..") == 0)
		return -EINVAL;
	if (strchr(arg, '/')) {
		*kind = PW_NETNS_BY_PATH;
		return len < PATH_MAX ? 0 : -EINVAL;
	}
	if (strspn(arg, "0123456789") == len) {
		if (pw_parse_uint(arg, 1, PW_PID_MAX, &n) < 0)
			return -EINVAL;
		*kind = PW_NETNS_BY_PID;
		*pid = (int)n;
		return 0;
	}
	*kind = PW_NETNS_BY_NAME;
	return len <= NAME_MAX ? 0 : -EINVAL;
}
