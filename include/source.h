/* SPDX-License-Identifier: MIT */
/* Where sockets come from: netlink sock_diag, or the /proc/net text when netlink is not available. */
#ifndef PW_SOURCE_H
#define PW_SOURCE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "netlink.h"
#include "sock.h"

enum pw_source_kind {
	PW_SOURCE_AUTO,	   /* netlink; /proc/net where netlink is not available */
	PW_SOURCE_NETLINK, /* netlink only */
	PW_SOURCE_PROC,	   /* /proc/net only */
};

/* "auto", "netlink" or "proc" into *kind. Returns 0 or -EINVAL. */
int pw_source_parse(const char *word, enum pw_source_kind *kind);

struct pw_source;

/*
 * Open a source of kind. procnet is the folder of the socket tables
 * ("/proc/net"; borrowed). AUTO opens netlink, and reads procnet instead
 * when the kernel or a sandbox refuses sock_diag (EPROTONOSUPPORT,
 * EAFNOSUPPORT, EACCES, EPERM: seccomp filters and some LSMs answer so),
 * when a dump is refused that way before it gave any socket, and, for one
 * protocol, when the kernel has no diag module for it. Each such switch
 * is said once, as one line on notes (may be NULL).
 * Returns NULL with errno set when netlink cannot be opened for another
 * reason, or at all for NETLINK. Free with pw_source_close.
 */
struct pw_source *pw_source_open(enum pw_source_kind kind, const char *procnet, FILE *notes);

/* Close src; accepts NULL. */
void pw_source_close(struct pw_source *src);

/*
 * Hand every proto socket of family in states (a PW_ST_BIT mask) to sink,
 * as pw_netlink_dump does, whichever source gives them. From /proc/net
 * the states are filtered here, cookies are 0 (so the list stage does not
 * take sockets for repeats of each other), and ifindex and v6only are not
 * known (0 and -1).
 * family AF_UNSPEC asks for TCP of both families at once (netlink's
 * legacy request); when that is refused before any socket came, or TCP is
 * read from /proc/net, it returns -EOPNOTSUPP (or the kernel's refusal,
 * for which pw_diag_proto_missing() is true too): ask per family then.
 * Returns 0, or what pw_netlink_dump returns: for /proc/net, -ENOENT when
 * the protocol's tables of both families are missing and -EOPNOTSUPP for
 * a protocol that has none (both are pw_diag_proto_missing()), -EPROTO
 * for a malformed table, another negative errno when it cannot be read,
 * or the sink's error; pw_source_why then says what went wrong. A
 * family's table missing while the other family's is there (a kernel
 * without IPv6) gives 0: that family has no sockets.
 */
int pw_source_dump(struct pw_source *src, unsigned proto, int family, uint32_t states,
		   const struct pw_dump_sink *sink);

/*
 * Why the last pw_source_dump failed, for a message after
 * "portwatch: PROTO/FAMILY: ": "netlink dump failed: ...",
 * "/proc/net/tcp:7: malformed inode"... Borrowed from src.
 */
const char *pw_source_why(const struct pw_source *src);

#endif
