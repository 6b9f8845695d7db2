/* SPDX-License-Identifier: MIT */
/* Judging listeners: policy verdicts, required lines, and the baseline diff. */
#include "check.h"

#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>

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

bool pw_check_client_port(const struct pw_listener *l)
{
	unsigned proto = l->sock.proto;

	return (proto == PW_PROTO_UDP || proto == PW_PROTO_UDPLITE) && l->rec.local.has_port &&
	       l->rec.local.ephemeral;
}

void pw_check_identity(struct pw_baseline_entry *e, const struct pw_listener *l, const char *netns)
{
	const struct pw_rec *r = &l->rec;

	if (r->netns)
		netns = pw_netns_ident(r->netns);
	/*
	 * Protocols and families come from the dump, which only yields known
	 * ones; on -EINVAL anyway, from_sock leaves e empty.
	 */
	(void)pw_baseline_from_sock(e, &l->sock, r->procs, r->nprocs, netns,
				    pw_check_client_port(l));
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

/*
 * No holder could be seen, though one may exist: not every process was
 * readable, or the listener came after the last scan of /proc there was
 * time for. A listener with a holder seen is judged by the holders seen,
 * though an unreadable process may share it: were every listener in
 * doubt while one process on the host is unreadable, most CRITICALs
 * would be UNKNOWN.
 */
static bool check_unseen(const struct pw_check_input *in, const struct pw_listener *l)
{
	return (!in->owners_complete || l->rec.unconfirmed) && l->rec.nprocs == 0;
}

/*
 * Why a finding was judged without some holder: when every process was
 * read, only a listener too late for the last re-scan can lack one.
 */
static enum pw_unseen_cause check_unseen_cause(const struct pw_check_input *in, bool unseen)
{
	if (!unseen)
		return PW_UNSEEN_NONE;
	return in->owners_complete ? PW_UNSEEN_LATE : PW_UNSEEN_HIDDEN;
}

/* Returns whether l is allowed; adds its finding when it is not. */
static bool check_policy(const struct pw_check_input *in, struct pw_check_result *res,
			 const struct pw_listener *l, enum pw_policy_match *matched)
{
	const struct pw_netns *ns = l->rec.netns;
	struct pw_policy_subject subj = {
		.sock = &l->sock,
		.procs = l->rec.procs,
		.nprocs = l->rec.nprocs,
		.netns = in->netns,
		.holders_unseen = check_unseen(in, l),
	};
	/* "ephemeral" means the range of the listener's own namespace. */
	const struct pw_hostports *hp = ns && ns->hp_read ? &ns->hp : in->hp;
	unsigned line = 0;
	struct pw_finding *fd;
	enum pw_verdict v;
	bool sure = true;

	if (ns) {
		subj.netns = ns->initial ? NULL : ns->name;
		subj.netns_unnamed = !ns->initial && !ns->name;
	}
	v = pw_policy_judge(in->policy, &subj, hp, &line, &sure, matched);
	if (v == PW_POLICY_ALLOW)
		return true;
	/* Not sure: a rule that names an owner might have decided otherwise. */
	fd = check_add(res, v == PW_POLICY_DENY ? PW_FIND_DENIED : PW_FIND_UNEXPECTED,
		       sure ? PW_STATUS_CRITICAL : PW_STATUS_UNKNOWN);
	if (v == PW_POLICY_DENY) {
		fd->line = line;
		fd->rule = pw_policy_rule_text(in->policy, line);
	}
	fd->unseen = check_unseen_cause(in, !sure);
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
	fd->unseen = check_unseen_cause(in, unseen);
	return false;
}

struct check_walk {
	const struct pw_check_input *in;
	struct pw_check_result *res;
	bool unsure; /* a gone finding may be false: some owners were unseen */
};

/* Whether the listing asked for proto in family (0: in either). */
static bool check_listed(const struct pw_check_input *in, unsigned proto, int family)
{
	const struct pw_filter *f = in->listed;

	if (!f)
		return true;
	if (!(f->protos & PW_PROTO_BIT(proto)))
		return false;
	if (family == AF_INET)
		return f->inet;
	if (family == AF_INET6)
		return f->inet6;
	return f->inet || f->inet6;
}

/*
 * Whether the listing asked for every protocol in protos over every family
 * a line of that address family can match: an IPv4 address matches an
 * IPv4-mapped listener too, which is inet6's; only an IPv6 one is inet6's
 * alone.
 */
static bool check_listed_whole(const struct pw_check_input *in, uint32_t protos, int family)
{
	for (unsigned p = 0; p < PW_PROTO_COUNT; p++) {
		if (!(protos & PW_PROTO_BIT(p)))
			continue;
		if (!check_listed(in, p, AF_INET6))
			return false;
		if (family != AF_INET6 && !check_listed(in, p, AF_INET))
			return false;
	}
	return true;
}

/* unsure: a listener whose holders were not seen may match the line. */
static int check_missing(unsigned line, const char *text, bool unsure, void *data)
{
	struct check_walk *w = data;
	uint32_t protos, unseen;
	struct pw_finding *fd;
	int family;

	protos = pw_policy_rule_scope(w->in->policy, line, &family);
	/*
	 * check -t was not asked about UDP, check -4 not about inet6: the
	 * listener a require line wants may be in what was left out, so the
	 * line is judged only when everything it could match was listed.
	 */
	if (!check_listed_whole(w->in, protos, family))
		return 0;
	/* The listener may be there, on a protocol that could not be seen. */
	unseen = protos & w->in->unseen_protos;
	fd = check_add(w->res, PW_FIND_MISSING,
		       unsure || unseen || !w->in->complete ? PW_STATUS_UNKNOWN
							    : PW_STATUS_WARNING);
	fd->line = line;
	fd->rule = text;
	fd->unseen = check_unseen_cause(w->in, unsure);
	fd->unseen_protos = unseen;
	return 0;
}

/*
 * A gone listener is annotated as a present one is (service, class, scope),
 * from its baseline entry: the port of one known only as "ephemeral" has no
 * name or class, only the range.
 */
static void check_annotate_gone(struct pw_finding *fd, const struct pw_baseline_entry *e,
				const struct pw_check_input *in)
{
	struct pw_sock *s = &fd->gone_sock;

	*s = (struct pw_sock){ .proto = e->proto, .family = e->family, .lport = e->port };
	/* The parser and the snapshot both wrote addr with inet_ntop: it parses. */
	if (inet_pton(e->family, e->addr, s->laddr) != 1)
		memset(s->laddr, 0, sizeof(s->laddr));
	pw_annotate_endpoint(&fd->gone_local, s, false, in->db, in->hp);
	if (e->ephemeral) {
		fd->gone_local.has_port = false;
		fd->gone_local.service = NULL;
		fd->gone_local.ephemeral = true;
	}
}

static int check_gone(const struct pw_baseline_entry *e, void *data)
{
	struct check_walk *w = data;
	uint32_t unseen = w->in->unseen_protos & PW_PROTO_BIT(e->proto);
	struct pw_finding *fd;

	/* What the listing left out (-t, -4) was not looked for: it is not gone. */
	if (!check_listed(w->in, e->proto, e->family))
		return 0;
	fd = check_add(w->res, PW_FIND_GONE,
		       w->unsure || unseen || !w->in->complete ? PW_STATUS_UNKNOWN
							       : PW_STATUS_WARNING);
	fd->entry = e;
	check_annotate_gone(fd, e, w->in);
	fd->unseen = check_unseen_cause(w->in, w->unsure);
	fd->unseen_protos = unseen;
	return 0;
}

/* Whether the baseline holds a listener of proto that the listing asked for. */
static bool check_baseline_has(const struct pw_check_input *in, unsigned proto)
{
	for (size_t i = 0; in->baseline && i < in->baseline->n; i++) {
		const struct pw_baseline_entry *e = &in->baseline->entries[i];

		if (e->proto == proto && check_listed(in, proto, e->family))
			return true;
	}
	return false;
}

/* For each protocol that was not seen, whether the check needed it. */
static void check_needs(const struct pw_check_input *in, struct pw_check_result *res)
{
	res->unseen_protos = in->unseen_protos;
	for (unsigned p = 0; p < PW_PROTO_COUNT; p++) {
		struct pw_check_unseen *n = &res->need[p];

		if (!(in->unseen_protos & PW_PROTO_BIT(p)))
			continue;
		if (in->named_protos & PW_PROTO_BIT(p))
			n->need = PW_NEED_OPTION;
		else if (in->policy && (n->line = pw_policy_proto_line(in->policy, p)))
			n->need = PW_NEED_POLICY;
		else if (check_baseline_has(in, p))
			n->need = PW_NEED_BASELINE;
	}
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

enum pw_status pw_status_worst(enum pw_status a, enum pw_status b)
{
	return check_rank(a) >= check_rank(b) ? a : b;
}

void pw_check_run(const struct pw_check_input *in, struct pw_check_result *res)
{
	const struct pw_listeners *ls = in->listeners;
	size_t nrules = in->policy ? pw_policy_nrules(in->policy) : 0;
	/* calloc: every entry PW_POLICY_NO_MATCH. */
	enum pw_policy_match *matched = pw_xcalloc(nrules ? nrules : 1, sizeof(*matched));
	struct pw_baseline *now = in->baseline ? pw_baseline_new() : NULL;
	struct check_walk w = { .in = in, .res = res };

	*res = (struct pw_check_result){ .listeners = ls->n,
					 .owners_complete = in->owners_complete };
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
	if (in->policy)
		pw_policy_missing(in->policy, matched, check_missing, &w);
	if (in->baseline) {
		w.unsure = res->unseen > 0;
		pw_baseline_sort(now);
		pw_baseline_diff(in->baseline, now, NULL, check_gone, &w);
	}
	free(matched);
	pw_baseline_free(now);

	check_needs(in, res);

	res->status = PW_STATUS_OK;
	for (size_t i = 0; i < res->n; i++)
		res->status = pw_status_worst(res->status, res->findings[i].severity);
	for (unsigned p = 0; p < PW_PROTO_COUNT; p++)
		if (res->need[p].need != PW_NEED_NONE)
			res->status = pw_status_worst(res->status, PW_STATUS_UNKNOWN);
	/* Never OK or WARNING on partial data; a listener that is there is CRITICAL all the same. */
	if (!in->complete)
		res->status = pw_status_worst(res->status, PW_STATUS_UNKNOWN);
}

void pw_check_result_fini(struct pw_check_result *res)
{
	free(res->findings);
	*res = (struct pw_check_result){ 0 };
}
