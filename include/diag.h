/* SPDX-License-Identifier: MIT */
/* inet_diag requests and replies as bytes: build one, parse a batch. */
#ifndef PW_DIAG_H
#define PW_DIAG_H

#include <linux/netlink.h>
#include <stddef.h>
#include <stdint.h>

#include "sock.h"

/* Bytes pw_diag_build_request may write. */
#define PW_DIAG_REQ_SIZE 128

/*
 * Build a SOCK_DIAG_BY_FAMILY dump request for proto (enum pw_proto) over
 * family (AF_INET or AF_INET6) into buf, which has PW_DIAG_REQ_SIZE bytes.
 * states is a mask of PW_ST_BIT()s; the kernel filters by it, so a listing
 * of listeners never fetches connections (nor walks them: TCP is never
 * asked for CLOSE, a state no TCP socket in its tables has). Returns the
 * message.
 */
struct nlmsghdr *pw_diag_build_request(void *buf, unsigned proto, int family, uint32_t states,
				       uint32_t seq);

/*
 * Build the legacy TCPDIAG_GETSOCK dump request (struct inet_diag_req) for
 * TCP sockets of both families in states, into buf (PW_DIAG_REQ_SIZE
 * bytes). The kernel answers it by walking its TCP tables once for IPv4
 * and IPv6 together (inet_diag_dump_compat asks for AF_UNSPEC), where two
 * SOCK_DIAG_BY_FAMILY requests walk them twice: about a quarter less work.
 * A kernel without the compatibility interface refuses it with an error
 * for which pw_diag_proto_missing() is true. Returns the message.
 */
struct nlmsghdr *pw_diag_build_legacy_request(void *buf, uint32_t states, uint32_t seq);

/*
 * Parse one SOCK_DIAG_BY_FAMILY message about a proto socket into s; the
 * uid is PW_UID_UNKNOWN where the kernel reports 0 for want of an owner
 * (pw_sock_mark_uid_unknown). Unknown attributes are skipped. Returns 0,
 * or -EPROTO when the message is too short, names another family, or
 * carries a malformed attribute.
 */
int pw_diag_parse_msg(const struct nlmsghdr *nlh, unsigned proto, struct pw_sock *s);

/*
 * Parse one received batch of a dump (len bytes at buf), calling cb for
 * every socket. seq and portid are those of the request; a message for
 * another request is an error.
 *
 * Returns 1 when the dump goes on in a later batch, 0 when it ended, or a
 * negative errno: -EINTR when the kernel flagged the dump as interrupted
 * (NLM_F_DUMP_INTR; redo it); -ENOENT, -EINVAL or -EOPNOTSUPP when the
 * kernel lacks this protocol's diag module; -EPROTO for malformed or
 * trailing bytes, a foreign sequence number or port id; the kernel's
 * error from NLMSG_ERROR; or cb's error.
 */
int pw_diag_parse_batch(const void *buf, size_t len, uint32_t seq, uint32_t portid, unsigned proto,
			pw_sock_cb cb, void *data);

/* pw_diag_parse_batch for the replies to pw_diag_build_legacy_request (TCP, both families). */
int pw_diag_parse_legacy_batch(const void *buf, size_t len, uint32_t seq, uint32_t portid,
			       pw_sock_cb cb, void *data);

/* True for the errors by which a kernel says it lacks a protocol's diag module. */
int pw_diag_proto_missing(int err);

#endif
