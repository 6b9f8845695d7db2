/* SPDX-License-Identifier: MIT */
/* Which sockets a listing wants: a predicate over struct pw_sock. */
#ifndef PW_FILTER_H
#define PW_FILTER_H

#include <stdbool.h>
#include <stdint.h>

#include "ports.h"
#include "procmap.h"
#include "services.h"
#include "sock.h"
#include "util.h"

/* Which side of a socket a port condition looks at. */
enum pw_filter_side {
	PW_SIDE_EITHER, /* --port */
	PW_SIDE_LOCAL,	/* --sport */
	PW_SIDE_REMOTE, /* --dport */
	PW_SIDE_CLASS,	/* --class: the local port too, but a condition of its own */
	PW_SIDE_COUNT,
};

/* Ports that match, per protocol: a name (ssh) may denote 22/tcp but not 22/udp. */
struct pw_portset {
	uint64_t bits[PW_PROTO_COUNT][65536 / 64];
};

struct pw_filter {
	uint32_t protos; /* PW_PROTO_BIT() mask */
	bool inet;	 /* AF_INET wanted */
	bool inet6;	 /* AF_INET6 wanted */
	uint32_t states; /* PW_ST_BIT() mask, as the kernel is asked */
	bool narrowed;	 /* the user asked for less than everything */
	/* Port conditions; NULL: none on that side. All given must hold. */
	struct pw_portset *ports[PW_SIDE_COUNT];
	/* Owner conditions: */
	bool has_uid; /* --user: the socket's uid; never matches PW_UID_UNKNOWN */
	uint32_t uid;
	const char *process; /* --process: a holder's comm or exe basename; NULL: any */
	int pid;	     /* --pid: a holder's pid; 0: any */
};

/* True when f has conditions on holders, which need the owner scan. */
bool pw_filter_needs_owners(const struct pw_filter *f);

/* True when one of the n holders in procs passes the owner conditions of f. */
bool pw_filter_match_owners(const struct pw_filter *f, const struct pw_proc *const *procs,
			    size_t n);

/* Everything: TCP and UDP, both families, every state, any port. */
void pw_filter_init(struct pw_filter *f);

/* Release the port sets; f may be NULL. */
void pw_filter_fini(struct pw_filter *f);

/*
 * Add a port condition on side: spec is a comma-separated list of port
 * numbers, ranges (N-M), classes (well-known, registered, dynamic, and
 * ephemeral: the host's range in hp) or service names (resolved in db, per
 * protocol). Several conditions on one side add up (either may match).
 * with class_only, only class names are taken (--class).
 * Returns 0, or -EINVAL with err->msg naming the bad item.
 */
int pw_filter_add_ports(struct pw_filter *f, enum pw_filter_side side, const char *spec,
			bool class_only, const struct pw_services *db,
			const struct pw_hostports *hp, struct pw_error *err);

/* True when s passes f. */
bool pw_filter_match(const struct pw_filter *f, const struct pw_sock *s);

#endif
