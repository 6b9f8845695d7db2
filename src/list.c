/* SPDX-License-Identifier: MIT */
/* The listing pipeline over plain data; the source and the sink are the caller's. */
#include "list.h"

#include <stdlib.h>
#include <string.h>

#include "annotate.h"
#include "util.h"

void pw_list_init(struct pw_list *l, const struct pw_filter *f, const struct pw_enrich *e,
		  struct pw_out *out)
{
	*l = (struct pw_list){ .filter = f, .out = out, .enrich = *e };
}

void pw_list_fini(struct pw_list *l)
{
	if (!l)
		return;
	free(l->cookies);
	l->cookies = NULL;
}

/* Cookies are counters: mix them so neighbours spread over the table. */
static size_t list_hash(uint64_t cookie, size_t cap)
{
	return (size_t)pw_hash_u64(cookie) & (cap - 1);
}

static void list_cookie_put(uint64_t *tab, size_t cap, uint64_t cookie)
{
	size_t i = list_hash(cookie, cap);

	while (tab[i])
		i = (i + 1) & (cap - 1);
	tab[i] = cookie;
}

/* Add cookie to the set; false when it was there already. */
static bool list_cookie_add(struct pw_list *l, uint64_t cookie)
{
	size_t i;

	if (2 * (l->ncookies + 1) > l->cookie_cap) {
		size_t cap = l->cookie_cap ? 2 * l->cookie_cap : 1024;
		uint64_t *tab = pw_xcalloc(cap, sizeof(*tab));

		for (i = 0; i < l->cookie_cap; i++) {
			if (l->cookies[i])
				list_cookie_put(tab, cap, l->cookies[i]);
		}
		free(l->cookies);
		l->cookies = tab;
		l->cookie_cap = cap;
	}
	for (i = list_hash(cookie, l->cookie_cap); l->cookies[i];
	     i = (i + 1) & (l->cookie_cap - 1)) {
		if (l->cookies[i] == cookie)
			return false;
	}
	l->cookies[i] = cookie;
	l->ncookies++;
	return true;
}

static void list_owners(const struct pw_enrich *e, const struct pw_sock *s, struct pw_rec *r)
{
	r->owners = true;
	/* Sockets without a file (TIME-WAIT, requests) have inode 0 and no holder. */
	r->nprocs = s->inode ? e->owners(s->inode, &r->procs, e->owners_ctx) : 0;
	r->orphan = r->nprocs == 0 && s->inode && e->owners_complete && pw_sock_is_listening(s);
}

static void list_enrich(const struct pw_enrich *e, const struct pw_sock *s, struct pw_rec *r)
{
	if (s->ifindex && e->ifname)
		r->ifname = e->ifname(s->ifindex, e->ifname_ctx);
	pw_annotate_endpoint(&r->local, s, false, e->services, e->hostports);
	pw_annotate_endpoint(&r->remote, s, true, e->services, e->hostports);
	r->notable = pw_annotate_notable(s, &r->local);
	r->user_name = e->user_name;
	r->user_ctx = e->user_ctx;
	r->user = e->user_name ? e->user_name(s->uid, e->user_ctx) : NULL;
	r->netns = e->netns;
	r->many_netns = e->many_netns;
}

int pw_list_sock(const struct pw_sock *s, void *data)
{
	struct pw_list *l = data;
	struct pw_rec r = { .sock = s };

	/* A kernel without cookies reports 0 for all: nothing to dedup by. */
	if (s->cookie && !list_cookie_add(l, s->cookie)) {
		l->repeats++;
		return 0;
	}
	if (!pw_filter_match(l->filter, s))
		return 0;
	if (l->enrich.owners) {
		list_owners(&l->enrich, s, &r);
		if (!pw_filter_match_owners(l->filter, r.procs, r.nprocs))
			return 0;
	}
	list_enrich(&l->enrich, s, &r);
	if (l->out)
		pw_out_sock(l->out, &r);
	else
		l->sink(&r, l->sink_ctx);
	l->listed++;
	return 0;
}
