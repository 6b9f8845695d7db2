/* SPDX-License-Identifier: MIT */
/* Boundary file: interface names from the kernel (if_indextoname), cached per run. */
#include "ifname.h"

#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>

#include "util.h"

struct ifname_entry {
	uint32_t ifindex;
	char name[IF_NAMESIZE + 16];
};

/*
 * Few sockets are bound to a device and hosts have few devices: a list will
 * do. Entries are allocated one by one so that names handed out stay put.
 */
struct pw_ifnames {
	size_t n, cap;
	struct ifname_entry **v;
};

struct pw_ifnames *pw_ifnames_new(void)
{
	return pw_xcalloc(1, sizeof(struct pw_ifnames));
}

void pw_ifnames_free(struct pw_ifnames *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
	free(c);
}

const char *pw_ifnames_get(struct pw_ifnames *c, uint32_t ifindex)
{
	struct ifname_entry *e;

	if (ifindex == 0)
		return NULL;
	for (size_t i = 0; i < c->n; i++) {
		if (c->v[i]->ifindex == ifindex)
			return c->v[i]->name;
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 8;
		c->v = pw_xrealloc(c->v, c->cap, sizeof(*c->v));
	}
	e = pw_xmalloc(sizeof(*e));
	c->v[c->n++] = e;
	e->ifindex = ifindex;
	if (!if_indextoname(ifindex, e->name))
		snprintf(e->name, sizeof(e->name), "if%u", ifindex);
	return e->name;
}
