/* SPDX-License-Identifier: MIT */
/* Judging listeners against parsed policy rules: pure, it reads only the structs it is given. */
#include "policy.h"
#include "policy_rules.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

void pw_policy_rule_fini(struct pw_policy_rule *r)
{
	free(r->text);
	free(r->process);
	free(r->exe);
	free(r->netns);
}

void pw_policy_free(struct pw_policy *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		pw_policy_rule_fini(&p->rules[i]);
	for (size_t i = 0; i < p->nsets; i++) {
		free(p->sets[i].key);
		free(p->sets[i].v);
	}
	free(p->rules);
	free(p->required);
	free(p->sets);
	free(p);
}

size_t pw_policy_nrules(const struct pw_policy *p)
{
	return p->n;
}

static bool policy_in_net(const uint8_t *a, const uint8_t *net, unsigned prefix)
{
	unsigned full = prefix / 8, rest = prefix % 8;

	if (memcmp(a, net, full))
		return false;
	return !rest || ((a[full] ^ net[full]) & (0xffu << (8 - rest)) & 0xff) == 0;
}

/* Does the listener's bind address lie in the rule's? */
static bool policy_addr_match(const struct pw_policy_rule *r, const struct pw_sock *k)
{
	static const uint8_t zero[16], v6_loopback[16] = { [15] = 1 };
	const uint8_t *a = k->laddr;
	unsigned family = k->family;

	if (r->addr_kind == PW_POLICY_ADDR_ANY)
		return true;
	if (family == AF_INET6 && pw_ports_is_v4mapped(a)) {
		a += PW_V4MAPPED_PREFIX;
		family = AF_INET;
	}
	/* A wildcard listener takes every address: no narrower rule may allow it. */
	if (!memcmp(a, zero, family == AF_INET ? 4 : 16))
		return false;
	if (r->addr_kind == PW_POLICY_ADDR_LOOPBACK)
		return family == AF_INET ? a[0] == 127 : !memcmp(a, v6_loopback, 16);
	return r->family == family && policy_in_net(a, r->addr, r->prefix);
}

static bool policy_port_match(const struct pw_policy *p, const struct pw_policy_rule *r,
			      const struct pw_sock *k, const struct pw_hostports *hp)
{
	static const struct pw_hostports linux_default = {
		.lo = PW_PORTS_EPHEMERAL_LO,
		.hi = PW_PORTS_EPHEMERAL_HI,
	};
	const struct pw_policy_svcset *set;

	switch (r->port_kind) {
	case PW_POLICY_PORT_ANY:
		return true;
	case PW_POLICY_PORT_RANGE:
		return k->lport >= r->lo && k->lport <= r->hi;
	default:
		break;
	}
	/* A raw socket's lport is its IP protocol: it has no class and no service. */
	if (k->proto == PW_PROTO_RAW)
		return false;
	switch (r->port_kind) {
	case PW_POLICY_PORT_CLASS:
		return k->lport >= r->lo && k->lport <= r->hi;
	case PW_POLICY_PORT_EPHEMERAL:
		return pw_ports_is_ephemeral(hp ? hp : &linux_default, k->lport);
	default:
		set = &p->sets[r->svcset];
		for (size_t i = 0; i < set->n; i++)
			if (set->v[i].port == k->lport)
				return set->v[i].protos & PW_PROTO_BIT(k->proto);
		return false;
	}
}

/* s without a " (deleted)" suffix equals want: the kernel adds it once the file is replaced. */
static bool policy_same_file(const char *s, const char *want)
{
	size_t n = strlen(want);

	return !strncmp(s, want, n) && (!s[n] || !strcmp(s + n, " (deleted)"));
}

static bool policy_holder_match(const struct pw_policy_rule *r, const struct pw_proc *pr)
{
	const char *base;

	if (r->exe && !(pr->exe && policy_same_file(pr->exe, r->exe)))
		return false;
	if (!r->process || (pr->comm && !strcmp(pr->comm, r->process)))
		return true;
	if (!pr->exe)
		return false;
	base = strrchr(pr->exe, '/');
	return policy_same_file(base ? base + 1 : pr->exe, r->process);
}

/* Maybe: every part holds but process= or exe=, which only a holder that was not seen could meet. */
static enum pw_policy_match policy_rule_match(const struct pw_policy *p,
					      const struct pw_policy_rule *r,
					      const struct pw_policy_subject *s,
					      const struct pw_hostports *hp)
{
	const struct pw_sock *k = s->sock;

	if (k->proto >= PW_PROTO_COUNT || !(r->protos & PW_PROTO_BIT(k->proto)))
		return PW_POLICY_NO_MATCH;
	if (!policy_addr_match(r, k) || !policy_port_match(p, r, k, hp))
		return PW_POLICY_NO_MATCH;
	if (r->has_uid && k->uid != r->uid)
		return PW_POLICY_NO_MATCH;
	/* A namespace without a name has none to match: only rules without netns= take it. */
	if (r->netns && (s->netns_unnamed || strcmp(r->netns, s->netns ? s->netns : "host")))
		return PW_POLICY_NO_MATCH;
	if (!r->process && !r->exe)
		return PW_POLICY_MATCH;
	for (size_t i = 0; i < s->nprocs; i++)
		if (policy_holder_match(r, s->procs[i]))
			return PW_POLICY_MATCH;
	return s->holders_unseen ? PW_POLICY_MAYBE_MATCH : PW_POLICY_NO_MATCH;
}

enum pw_verdict pw_policy_judge(const struct pw_policy *p, const struct pw_policy_subject *s,
				const struct pw_hostports *hp, unsigned *line, bool *sure,
				enum pw_policy_match *matched)
{
	enum pw_verdict v = PW_POLICY_UNEXPECTED;
	/* The first rule passed that may match, of each action: it might decide instead. */
	unsigned at = 0, maybe_allow = 0, maybe_deny = 0;
	bool certain;

	for (size_t i = 0; i < p->n; i++) {
		const struct pw_policy_rule *r = &p->rules[i];
		enum pw_policy_match m = policy_rule_match(p, r, s, hp);
		unsigned *maybe = r->action == PW_POLICY_ALLOW ? &maybe_allow : &maybe_deny;

		if (m == PW_POLICY_MATCH) {
			v = r->action;
			at = r->line;
			break;
		}
		if (m == PW_POLICY_MAYBE_MATCH && !*maybe)
			*maybe = r->line;
	}
	if (v == PW_POLICY_ALLOW) {
		certain = !maybe_deny;
		/* Allowed only if that deny rule does not match: not allowed for sure. */
		if (!certain) {
			v = PW_POLICY_DENY;
			at = maybe_deny;
		}
	} else {
		certain = !maybe_allow;
	}
	/* A required listener exists even when an earlier rule decided it. */
	for (size_t i = 0; matched && i < p->nrequired; i++) {
		size_t idx = p->required[i];

		if (matched[idx] != PW_POLICY_MATCH) {
			enum pw_policy_match m = policy_rule_match(p, &p->rules[idx], s, hp);

			if (m > matched[idx])
				matched[idx] = m;
		}
	}
	if (line)
		*line = at;
	if (sure)
		*sure = certain;
	return v;
}

int pw_policy_missing(const struct pw_policy *p, const enum pw_policy_match *matched,
		      pw_policy_missing_cb cb, void *data)
{
	int n = 0, rc;

	for (size_t i = 0; i < p->nrequired; i++) {
		const struct pw_policy_rule *r = &p->rules[p->required[i]];
		enum pw_policy_match m = matched[p->required[i]];

		if (m == PW_POLICY_MATCH)
			continue;
		n++;
		rc = cb ? cb(r->line, r->text, m == PW_POLICY_MAYBE_MATCH, data) : 0;
		if (rc < 0)
			return rc;
	}
	return n;
}

/* The rule on 1-based line, or NULL: rules are in file order, so a binary search finds it. */
static const struct pw_policy_rule *policy_rule_at(const struct pw_policy *p, unsigned line)
{
	size_t lo = 0, hi = p->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->rules[mid].line == line)
			return &p->rules[mid];
		if (p->rules[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *pw_policy_rule_text(const struct pw_policy *p, unsigned line)
{
	const struct pw_policy_rule *r = policy_rule_at(p, line);

	return r ? r->text : NULL;
}

unsigned pw_policy_proto_line(const struct pw_policy *p, unsigned proto)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct pw_policy_rule *r = &p->rules[i];

		if (r->protos != PW_POLICY_ALL_PROTOS && (r->protos & PW_PROTO_BIT(proto)))
			return r->line;
	}
	return 0;
}

uint32_t pw_policy_rule_scope(const struct pw_policy *p, unsigned line, int *family)
{
	const struct pw_policy_rule *r = policy_rule_at(p, line);

	*family = r && r->addr_kind == PW_POLICY_ADDR_NET ? r->family : 0;
	return r ? r->protos : 0;
}
