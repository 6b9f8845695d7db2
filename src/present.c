/* SPDX-License-Identifier: MIT */
/* The listeners still there after a re-scan for owners: inodes kept dump by dump. */
#include "present.h"

#include <stdlib.h>

#include "util.h"

void pw_present_clear(struct pw_present *p)
{
	p->n = p->mark = 0;
}

void pw_present_begin(struct pw_present *p)
{
	p->mark = p->n;
}

int pw_present_sock(const struct pw_sock *sk, void *data)
{
	struct pw_present *p = data;

	if (!sk->inode || !pw_sock_is_listening(sk))
		return 0;
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 64;
		p->v = pw_xrealloc(p->v, p->cap, sizeof(*p->v));
	}
	p->v[p->n++] = sk->inode;
	return 0;
}

void pw_present_restart(void *data)
{
	struct pw_present *p = data;

	/* One family's dump retried: the other family's listeners are no less there. */
	p->n = p->mark;
}

static int present_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

void pw_present_finish(struct pw_present *p)
{
	if (p->n)
		qsort(p->v, p->n, sizeof(*p->v), present_cmp);
}

bool pw_present_has(const struct pw_present *p, uint32_t inode)
{
	return p->n && bsearch(&inode, p->v, p->n, sizeof(*p->v), present_cmp);
}

void pw_present_fini(struct pw_present *p)
{
	if (!p)
		return;
	free(p->v);
	*p = (struct pw_present){ 0 };
}
