/* SPDX-License-Identifier: MIT */
/* The listing's predicate; the kernel applies the state mask first, this checks the rest. */
#include "filter.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

void pw_filter_init(struct pw_filter *f)
{
	*f = (struct pw_filter){
		.protos = PW_PROTO_BIT(PW_PROTO_TCP) | PW_PROTO_BIT(PW_PROTO_UDP),
		.inet = true,
		.inet6 = true,
		.states = PW_ST_ALL,
	};
}

void pw_filter_fini(struct pw_filter *f)
{
	if (!f)
		return;
	for (int i = 0; i < PW_SIDE_COUNT; i++) {
		free(f->ports[i]);
		f->ports[i] = NULL;
	}
}

static void filter_set(struct pw_portset *set, unsigned proto, unsigned port)
{
	set->bits[proto][port / 64] |= 1ULL << (port % 64);
}

static bool filter_has(const struct pw_portset *set, unsigned proto, unsigned port)
{
	return set->bits[proto][port / 64] >> (port % 64) & 1;
}

/* Set lo..hi for every protocol. */
static void filter_set_range(struct pw_portset *set, unsigned lo, unsigned hi)
{
	for (unsigned p = 0; p < PW_PROTO_COUNT; p++)
		for (unsigned port = lo; port <= hi; port++)
			filter_set(set, p, port);
}

static int filter_found(uint16_t port, unsigned proto, void *data)
{
	struct pw_portset *set = data;

	if (proto < PW_PROTO_COUNT)
		filter_set(set, proto, port);
	/* UDP-Lite sockets go by UDP's names, as lookups do. */
	if (proto == PW_PROTO_UDP)
		filter_set(set, PW_PROTO_UDPLITE, port);
	return 0;
}

/* A number or N-M range; 1 when item is neither, 0 when set, -EINVAL when malformed. */
static int filter_numeric(struct pw_portset *set, const char *item)
{
	char lo_s[8], *dash = strchr(item, '-');
	unsigned long lo, hi;
	size_t n = dash ? (size_t)(dash - item) : strlen(item);

	if (item[0] < '0' || item[0] > '9')
		return 1;
	if (n >= sizeof(lo_s))
		return -EINVAL;
	memcpy(lo_s, item, n);
	lo_s[n] = '\0';
	if (pw_parse_uint(lo_s, 0, 65535, &lo) < 0)
		return -EINVAL;
	hi = lo;
	if (dash && pw_parse_uint(dash + 1, 0, 65535, &hi) < 0)
		return -EINVAL;
	if (lo > hi)
		return -EINVAL;
	filter_set_range(set, (unsigned)lo, (unsigned)hi);
	return 0;
}

/* A class name; 1 when item is none. */
static int filter_class(struct pw_portset *set, const char *item, const struct pw_hostports *hp)
{
	enum pw_class c;

	if (strcasecmp(item, "ephemeral") == 0 || strcasecmp(item, "eph") == 0) {
		for (unsigned port = 0; port <= 65535; port++) {
			if (hp && pw_ports_is_ephemeral(hp, (uint16_t)port))
				filter_set_range(set, port, port);
		}
		return 0;
	}
	if (pw_ports_class_parse(item, &c) < 0)
		return 1;
	switch (c) {
	case PW_CLASS_WELL_KNOWN:
		filter_set_range(set, 0, 1023);
		break;
	case PW_CLASS_REGISTERED:
		filter_set_range(set, 1024, 49151);
		break;
	case PW_CLASS_DYNAMIC:
		filter_set_range(set, 49152, 65535);
		break;
	}
	return 0;
}

static int filter_item(struct pw_portset *set, const char *item, bool class_only,
		       const struct pw_services *db, const struct pw_hostports *hp,
		       struct pw_error *err)
{
	int ret;

	ret = filter_class(set, item, hp);
	if (ret <= 0)
		return ret;
	if (class_only) {
		pw_error_set(
			err, NULL, 0,
			"'%.40s' is not a port class (well-known, registered, dynamic, ephemeral)",
			item);
		return -EINVAL;
	}
	ret = filter_numeric(set, item);
	if (ret == 0)
		return 0;
	/* Names may start with a digit too (9pfs, 3com-tsmux): try them before refusing. */
	if (db && pw_services_find(db, item, filter_found, set) > 0)
		return 0;
	if (ret < 0)
		pw_error_set(err, NULL, 0, "'%.40s' is not a port (0-65535) or range (N-M)", item);
	else
		pw_error_set(err, NULL, 0, "'%.40s' is no known service name, port, range or class",
			     item);
	return -EINVAL;
}

int pw_filter_add_ports(struct pw_filter *f, enum pw_filter_side side, const char *spec,
			bool class_only, const struct pw_services *db,
			const struct pw_hostports *hp, struct pw_error *err)
{
	char *copy = pw_xstrdup(spec), *item = copy, *comma;
	int ret = 0;

	if (!f->ports[side])
		f->ports[side] = pw_xcalloc(1, sizeof(struct pw_portset));
	/* Every comma separates two items: "22,", ",22" and "22,,23" are typos. */
	for (;;) {
		comma = strchr(item, ',');
		if (comma)
			*comma = '\0';
		if (!*item) {
			pw_error_set(err, NULL, 0, "an empty item in '%.60s'", spec);
			ret = -EINVAL;
		} else {
			ret = filter_item(f->ports[side], item, class_only, db, hp, err);
		}
		if (ret || !comma)
			break;
		item = comma + 1;
	}
	free(copy);
	f->narrowed = true;
	return ret;
}

static bool filter_ports_match(const struct pw_filter *f, const struct pw_sock *s)
{
	const struct pw_portset *either = f->ports[PW_SIDE_EITHER];
	const struct pw_portset *local = f->ports[PW_SIDE_LOCAL];
	const struct pw_portset *class = f->ports[PW_SIDE_CLASS];
	const struct pw_portset *remote = f->ports[PW_SIDE_REMOTE];
	/* A peer's port 0 is no port: "no peer". */
	bool has_remote = s->rport != 0;

	/* A raw socket's "port" is its IP protocol: no port condition holds for it. */
	if (s->proto == PW_PROTO_RAW)
		return !either && !local && !remote && !class;
	if (local && !filter_has(local, s->proto, s->lport))
		return false;
	if (class && !filter_has(class, s->proto, s->lport))
		return false;
	if (remote && !(has_remote && filter_has(remote, s->proto, s->rport)))
		return false;
	if (either && !filter_has(either, s->proto, s->lport) &&
	    !(has_remote && filter_has(either, s->proto, s->rport)))
		return false;
	return true;
}

bool pw_filter_match(const struct pw_filter *f, const struct pw_sock *s)
{
	uint32_t state_bit = s->state < 32 ? PW_ST_BIT(s->state) : 0;

	if (s->proto >= PW_PROTO_COUNT || !(f->protos & PW_PROTO_BIT(s->proto)))
		return false;
	if (s->family == AF_INET ? !f->inet : !f->inet6)
		return false;
	/* A request socket is asked for as SYN-RECV (see pw_diag_build_request). */
	if (s->state == PW_ST_NEW_SYN_RECV)
		state_bit = PW_ST_BIT(PW_ST_SYN_RECV);
	if (!(f->states & state_bit))
		return false;
	/* A socket whose owner the kernel does not know is nobody's, whatever f names. */
	if (f->has_uid && (s->uid != f->uid || s->uid == PW_UID_UNKNOWN))
		return false;
	return filter_ports_match(f, s);
}

bool pw_filter_needs_owners(const struct pw_filter *f)
{
	return f->process || f->pid;
}

static bool filter_process_named(const struct pw_proc *p, const char *name)
{
	static const char deleted[] = " (deleted)";
	const char *base;
	size_t len, nlen = strlen(name);

	if (p->comm && strcmp(p->comm, name) == 0)
		return true;
	if (!p->exe)
		return false;
	base = strrchr(p->exe, '/');
	base = base ? base + 1 : p->exe;
	len = strlen(base);
	if (len == nlen && memcmp(base, name, len) == 0)
		return true;
	/* The kernel appends this to the exe link of a replaced executable (proc(5)),
	 * and a daemon still running after its upgrade should match by its name. */
	return len == nlen + sizeof(deleted) - 1 && memcmp(base, name, nlen) == 0 &&
	       strcmp(base + nlen, deleted) == 0;
}

bool pw_filter_match_owners(const struct pw_filter *f, const struct pw_proc *const *procs, size_t n)
{
	if (!pw_filter_needs_owners(f))
		return true;
	for (size_t i = 0; i < n; i++) {
		if (f->pid && procs[i]->pid != f->pid)
			continue;
		if (f->process && !filter_process_named(procs[i], f->process))
			continue;
		return true;
	}
	return false;
}
