/* SPDX-License-Identifier: MIT */
/* The listing's predicate; the kernel applies the state mask first, this checks the rest. */
#include "filter.h"

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

bool pw_filter_match(const struct pw_filter *f, const struct pw_sock *s)
{
	uint32_t state_bit = s->state < 32 ? PW_ST_BIT(s->state) : 0;

	if (!(f->protos & PW_PROTO_BIT(s->proto)))
		return false;
	if (s->family == AF_INET ? !f->inet : !f->inet6)
		return false;
	/* A request socket is asked for as SYN-RECV (see pw_diag_build_request). */
	if (s->state == PW_ST_NEW_SYN_RECV)
		state_bit = PW_ST_BIT(PW_ST_SYN_RECV);
	return (f->states & state_bit) != 0;
}
