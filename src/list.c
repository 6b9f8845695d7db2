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

void pw_list_received(void *data)
{
	struct pw_list *l = data;

	l->batches++;
}

/*
 * Whether the owners' last scan began after the socket being handed over
 * was received. Sockets are handed over as they are received, so a re-scan
 * begun during this batch began after every socket of it was received.
 */
static bool list_owners_current(const struct pw_list *l)
{
	return !l->enrich.rescan || (l->rescanned && l->rescanned == l->batches);
}

/* Whether a re-scan for this batch failed: another would walk /proc again for the same doubt. */
static bool list_rescan_failed(const struct pw_list *l)
{
	return l->rescan_failed && l->rescan_failed == l->batches;
}

/*
 * s is a listener that no process held in the last scan. That scan may
 * have read its holder's fds before the listener was made: only a scan
 * begun after s was received can say that nobody holds it, and only if s
 * was still there when that scan ended (else its holder may have closed
 * it before being read). Fills r's holders from the newest scan; returns
 * whether s is an orphan.
 */
static bool list_confirm_orphan(struct pw_list *l, const struct pw_sock *s, struct pw_rec *r)
{
	const struct pw_enrich *e = &l->enrich;

	if (!list_owners_current(l)) {
		enum pw_rescan res =
			list_rescan_failed(l) ? PW_RESCAN_FAILED : e->rescan(s, e->owners_ctx);

		if (res == PW_RESCAN_CONFIRMED)
			l->rescanned = l->batches;
		else if (res == PW_RESCAN_FAILED)
			l->rescan_failed = l->batches;
		r->nprocs = e->owners(s->inode, &r->procs, e->owners_ctx);
		if (r->nprocs)
			return false;
		if (res != PW_RESCAN_CONFIRMED) {
			/* A holder may have come after the last scan: no alarm; the caller says so. */
			r->unconfirmed = true;
			l->unconfirmed++;
			l->unconfirmed_failed += res == PW_RESCAN_FAILED;
			return false;
		}
	}
	return !e->present || e->present(s, e->owners_ctx);
}

static void list_owners(struct pw_list *l, const struct pw_sock *s, struct pw_rec *r)
{
	const struct pw_enrich *e = &l->enrich;

	r->owners = true;
	/* Sockets without a file (TIME-WAIT, requests) have inode 0 and no holder. */
	if (!s->inode)
		return;
	r->nprocs = e->owners(s->inode, &r->procs, e->owners_ctx);
	if (r->nprocs == 0 && e->owners_complete && pw_sock_is_listening(s))
		r->orphan = list_confirm_orphan(l, s, r);
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
	r->show_netns = e->show_netns;
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
		list_owners(l, s, &r);
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
