/* SPDX-License-Identifier: MIT */
/* The sock_diag netlink socket: the only code that talks to the kernel over netlink. */
#ifndef PW_NETLINK_H
#define PW_NETLINK_H

#include <stdint.h>

#include "diag.h"

/* How often a dump the kernel flagged as interrupted is started again. */
#define PW_NETLINK_RETRIES 5

struct pw_netlink;

/* Open and bind a NETLINK_SOCK_DIAG socket. Returns NULL with errno set. */
struct pw_netlink *pw_netlink_open(void);

/* Close nl; accepts NULL. */
void pw_netlink_close(struct pw_netlink *nl);

/* What a dump hands its sockets to. */
struct pw_dump_sink {
	pw_sock_cb sock; /* each socket, as it arrives */
	/* The dump starts over: sockets handed over already come again. May be NULL. */
	void (*restart)(void *data);
	void *data;
	/*
	 * A batch came from the kernel: the sockets handed over until the
	 * next call were all in the kernel's tables by now. May be NULL.
	 */
	void (*received)(void *data);
};

/*
 * Dump proto sockets of family in states (PW_ST_BIT mask), handing each to
 * sink as it arrives. family AF_UNSPEC, for TCP only, asks for both
 * families in one legacy request (pw_diag_build_legacy_request). A dump the
 * kernel interrupts is started again, up to PW_NETLINK_RETRIES times,
 * after a call to sink->restart; sink then sees sockets again, so it must
 * tolerate repeats (sockets carry cookies for that).
 *
 * Returns 0; -EINTR when every retry was interrupted (what the sink saw is
 * incomplete); an error for which pw_diag_proto_missing() is true when the
 * kernel lacks the protocol (or, for AF_UNSPEC, the legacy request);
 * -EMSGSIZE when a reply did not fit the receive buffer; or another
 * negative errno.
 */
int pw_netlink_dump(struct pw_netlink *nl, unsigned proto, int family, uint32_t states,
		    const struct pw_dump_sink *sink);

#endif
