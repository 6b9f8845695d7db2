/* SPDX-License-Identifier: MIT */
/* The enrich stage: service names, classes, ephemeral ports and scopes for a socket. */
#include "annotate.h"

void pw_annotate_endpoint(struct pw_endpoint *e, const struct pw_sock *s, bool remote,
			  const struct pw_services *db, const struct pw_hostports *hp)
{
	uint16_t port = remote ? s->rport : s->lport;

	*e = (struct pw_endpoint){
		.scope = (uint8_t)pw_ports_scope(s->family, remote ? s->raddr : s->laddr),
	};
	/* A peer's port 0 means "no peer"; a raw socket's "port" is its IP protocol. */
	if (s->proto == PW_PROTO_RAW || (remote && port == 0))
		return;
	e->has_port = true;
	e->class = (uint8_t)pw_ports_class(port);
	e->ephemeral = hp && pw_ports_is_ephemeral(hp, port);
	e->service = db ? pw_services_lookup(db, port, s->proto) : NULL;
}

bool pw_annotate_notable(const struct pw_sock *s, const struct pw_endpoint *local)
{
	if (!pw_sock_is_listening(s) || !local->has_port)
		return false;
	if (local->class == PW_CLASS_DYNAMIC || local->ephemeral)
		return true;
	return local->class == PW_CLASS_WELL_KNOWN && local->scope == PW_SCOPE_PUBLIC;
}
