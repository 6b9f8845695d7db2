/* SPDX-License-Identifier: MIT */
/* Which sockets a listing wants: a predicate over struct pw_sock. */
#ifndef PW_FILTER_H
#define PW_FILTER_H

#include <stdbool.h>
#include <stdint.h>

#include "sock.h"

struct pw_filter {
	uint32_t protos; /* PW_PROTO_BIT() mask */
	bool inet;	 /* AF_INET wanted */
	bool inet6;	 /* AF_INET6 wanted */
	uint32_t states; /* PW_ST_BIT() mask, as the kernel is asked */
	bool narrowed;	 /* the user asked for less than everything */
};

/* Everything: TCP and UDP, both families, every state. */
void pw_filter_init(struct pw_filter *f);

/* True when s passes f. */
bool pw_filter_match(const struct pw_filter *f, const struct pw_sock *s);

#endif
