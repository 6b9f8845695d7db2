/* SPDX-License-Identifier: MIT */
/* The listing pipeline over plain data; the source and the sink are the caller's. */
#include "list.h"

#include "annotate.h"

void pw_list_init(struct pw_list *l, const struct pw_filter *f, const struct pw_enrich *e,
		  struct pw_out *out)
{
	*l = (struct pw_list){ .filter = f, .out = out, .enrich = *e };
	pw_seen_init(&l->seen);
}

void pw_list_fini(struct pw_list *l)
{
	if (!l)
		return;
	pw_seen_fini(&l->seen);
}

void pw_list_begin(struct pw_list *l)
{
	pw_seen_begin(&l->seen);
}

void pw_list_restart(void *data)
{
	struct pw_list *l = data;

	pw_seen_restart(&l->seen);
}

bool pw_list_end(struct pw_list *l)
{
	return pw_seen_end(&l->seen);
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
	r->user =
		e->user_name && s->uid != PW_UID_UNKNOWN ? e->user_name(s->uid, e->user_ctx) : NULL;
	r->netns = e->netns;
	r->many_netns = e->many_netns;
}

int pw_list_sock(const struct pw_sock *s, void *data)
{
	struct pw_list *l = data;
	struct pw_rec r = { .sock = s };

	l->received++;
	/* A kernel without cookies reports 0 for all: nothing to dedup by. */
	if (s->cookie && !pw_seen_add(&l->seen, s->cookie)) {
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
