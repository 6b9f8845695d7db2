/* SPDX-License-Identifier: MIT */
/* What a socket's ports and addresses mean: service name, IANA class, ephemeral, scope. */
#ifndef PW_ANNOTATE_H
#define PW_ANNOTATE_H

#include <stdbool.h>
#include <stdint.h>

#include "ports.h"
#include "services.h"
#include "sock.h"

/* One side of a socket, annotated. */
struct pw_endpoint {
	const struct pw_service *service; /* NULL when no name is known; borrowed */
	bool has_port;			  /* false: port 0 of a peer, or a raw socket */
	uint8_t class;			  /* enum pw_class, when has_port */
	bool ephemeral;			  /* in the host's ephemeral range, when has_port */
	uint8_t scope;			  /* enum pw_scope of the address */
};

/*
 * Annotate the local (remote=false) or remote side of s. Raw sockets carry an
 * IP protocol number where ports go: they get neither name nor class. db
 * and hp may be NULL: no names, nothing ephemeral.
 */
void pw_annotate_endpoint(struct pw_endpoint *e, const struct pw_sock *s, bool remote,
			  const struct pw_services *db, const struct pw_hostports *hp);

/*
 * True for a listener worth a second look: on a dynamic or host-ephemeral
 * port (where clients, not servers, normally sit), or on a well-known port
 * bound to a public address. local is s's annotated local side.
 */
bool pw_annotate_notable(const struct pw_sock *s, const struct pw_endpoint *local);

#endif
