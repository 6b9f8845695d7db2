/* SPDX-License-Identifier: MIT */
/* Judging listeners: policy verdicts, required lines, and the baseline diff. */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void pw_listeners_add(const struct pw_rec *r, void *listeners)
{
	struct pw_listeners *ls = listeners;
	struct pw_listener *l = pw_xmalloc(sizeof(*l));

	if (ls->n == ls->cap) {
		ls->cap = ls->cap ? ls->cap * 2 : 64;
		ls->v = pw_xrealloc(ls->v, ls->cap, sizeof(*ls->v));
	}
	l->sock = *r->sock;
	l->rec = *r;
	l->rec.sock = &l->sock;
	l->expected = false;
	ls->v[ls->n++] = l;
}

void pw_listeners_fini(struct pw_listeners *ls)
{
	for (size_t i = 0; i < ls->n; i++)
		free(ls->v[i]);
	free(ls->v);
	*ls = (struct pw_listeners){ 0 };
}

const char *pw_status_name(enum pw_status s)
{
	static const char *const names[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };

	return (unsigned)s < PW_ARRAY_SIZE(names) ? names[s] : "UNKNOWN";
}

const char *pw_finding_kind_name(enum pw_finding_kind k)
{
	static const char *const names[] = { "unexpected", "denied", "missing", "new", "gone" };

	return (unsigned)k < PW_ARRAY_SIZE(names) ? names[k] : "?";
}

void pw_check_identity(struct pw_baseline_entry *e, const struct pw_listener *l, const char *netns)
{
	const struct pw_rec *r = &l->rec;
	bool udp = l->sock.proto == PW_PROTO_UDP || l->sock.proto == PW_PROTO_UDPLITE;

	if (r->netns)
		netns = pw_netns_ident(r->netns);
	/* Protocols and families come from the dump, which only yields known ones. */
	if (pw_baseline_from_sock(e, &l->sock, r->procs, r->nprocs, netns,
				  udp && r->local.has_port && r->local.ephemeral) < 0)
		memset(e, 0, sizeof(*e));
}

static struct pw_finding *check_add(struct pw_check_result *res, enum pw_finding_kind kind,
				    enum pw_status severity)
{
	struct pw_finding *fd;

	if (res->n == res->cap) {
		res->cap = res->cap ? res->cap * 2 : 16;
		res->findings = pw_xrealloc(res->findings, res->cap, sizeof(*res->findings));
	}
	fd = &res->findings[res->n++];
	*fd = (struct pw_finding){ .kind = kind, .severity = severity };
	res->count[kind]++;
	return fd;
}

/* No holder could be seen, though one may exist: not every process was readable. */
static bool check_unseen(const struct pw_check_input *in, const struct pw_listener *l)
{
	return !in->owners_complete && l->rec.nprocs == 0;
}

/* Returns whether l is allowed; adds its finding when it is not. */
static bool check_policy(const struct pw_check_input *in, struct pw_check_result *res,
			 const struct pw_listener *l, bool *matched)
{
	const struct pw_netns *ns = l->rec.netns;
	struct pw_policy_subject subj = {
		.sock = &l->sock,
		.procs = l->rec.procs,
		.nprocs = l->rec.nprocs,
		.netns = in->netns,
	};
	/* "ephemeral" means the range of the listener's own namespace. */
	const struct pw_hostports *hp = ns && ns->hp_read ? &ns->hp : in->hp;
	unsigned line = 0;
	struct pw_finding *fd;
	bool unseen;

	if (ns) {
		subj.netns = ns->initial ? NULL : ns->name;
		subj.netns_unnamed = !ns->initial && !ns->name;
	}
	switch (pw_policy_judge(in->policy, &subj, hp, &line, matched)) {
	case PW_POLICY_ALLOW:
		return true;
	case PW_POLICY_DENY:
		/* A deny line that names an owner matched one: no doubt about it. */
		fd = check_add(res, PW_FIND_DENIED, PW_STATUS_CRITICAL);
		fd->line = line;
		fd->rule = pw_policy_rule_text(in->policy, line);
		break;
	default:
		unseen = check_unseen(in, l) && pw_policy_uses_owners(in->policy);
		fd = check_add(res, PW_FIND_UNEXPECTED,
			       unseen ? PW_STATUS_UNKNOWN : PW_STATUS_CRITICAL);
		fd->unseen = unseen;
		break;
	}
	fd->listener = l;
	return false;
}

/* Returns whether l is in the baseline; adds a `new` finding when it is not. */
static bool check_baseline(const struct pw_check_input *in, struct pw_check_result *res,
			   const struct pw_listener *l, struct pw_baseline *now, size_t i)
{
	struct pw_baseline_entry e;
	struct pw_finding *fd;
	bool found, unseen;

	pw_check_identity(&e, l, in->netns);
	found = pw_baseline_find(in->baseline, &e) != NULL;
	e.ref = i;
	pw_baseline_add(now, &e);
	if (found)
		return true;
	unseen = check_unseen(in, l);
	fd = check_add(res, PW_FIND_NEW, unseen ? PW_STATUS_UNKNOWN : PW_STATUS_CRITICAL);
	fd->listener = l;
	fd->unseen = unseen;
	return false;
}

struct check_walk {
	const struct pw_check_input *in;
	struct pw_check_result *res;
	bool unsure; /* the finding may be false: some owners were unseen */
};

static int check_missing(unsigned line, const char *text, void *data)
{
	struct check_walk *w = data;
	struct pw_finding *fd = check_add(w->res, PW_FIND_MISSING,
					  w->unsure ? PW_STATUS_UNKNOWN : PW_STATUS_WARNING);

	fd->line = line;
	fd->rule = text;
	fd->unseen = w->unsure;
	return 0;
}

static int check_gone(const struct pw_baseline_entry *e, void *data)
{
	struct check_walk *w = data;
	struct pw_finding *fd =
		check_add(w->res, PW_FIND_GONE, w->unsure ? PW_STATUS_UNKNOWN : PW_STATUS_WARNING);

	fd->entry = e;
	fd->unseen = w->unsure;
	return 0;
}

static unsigned check_rank(enum pw_status s)
{
	static const unsigned rank[] = {
		[PW_STATUS_OK] = 0,
		[PW_STATUS_WARNING] = 1,
		[PW_STATUS_UNKNOWN] = 2,
		[PW_STATUS_CRITICAL] = 3,
	};

	return rank[s];
}

void pw_check_run(const struct pw_check_input *in, struct pw_check_result *res)
{
	const struct pw_listeners *ls = in->listeners;
	size_t nrules = in->policy ? pw_policy_nrules(in->policy) : 0;
	bool *matched = pw_xcalloc(nrules ? nrules : 1, sizeof(*matched));
	struct pw_baseline *now = in->baseline ? pw_baseline_new() : NULL;
	struct check_walk w = { .in = in, .res = res };

	*res = (struct pw_check_result){ .listeners = ls->n };
	for (size_t i = 0; i < ls->n; i++) {
		struct pw_listener *l = ls->v[i];
		bool allowed = true, known = true;

		if (check_unseen(in, l))
			res->unseen++;
		if (in->policy)
			allowed = check_policy(in, res, l, matched);
		if (in->baseline)
			known = check_baseline(in, res, l, now, i);
		l->expected = allowed && known;
	}
	if (in->policy) {
		w.unsure = res->unseen && pw_policy_uses_owners(in->policy);
		pw_policy_missing(in->policy, matched, check_missing, &w);
	}
	if (in->baseline) {
		w.unsure = res->unseen > 0;
		pw_baseline_sort(now);
		pw_baseline_diff(in->baseline, now, NULL, check_gone, &w);
	}
	free(matched);
	pw_baseline_free(now);

	res->status = PW_STATUS_OK;
	for (size_t i = 0; i < res->n; i++)
		if (check_rank(res->findings[i].severity) > check_rank(res->status))
			res->status = res->findings[i].severity;
	if (!in->complete)
		res->status = PW_STATUS_UNKNOWN;
}

void pw_check_result_fini(struct pw_check_result *res)
{
	free(res->findings);
	*res = (struct pw_check_result){ 0 };
}
