/* SPDX-License-Identifier: MIT */
/* The /proc/net socket tables (tcp, udp, udplite, raw; and their "6" twins) as text → struct pw_sock. */
#ifndef PW_PROCNET_H
#define PW_PROCNET_H

#include <stddef.h>

#include "sock.h"
#include "util.h"

/*
 * The file under /proc/net that lists proto (enum pw_proto) sockets of
 * family (AF_INET or AF_INET6): "tcp", "udp6"... NULL when there is none
 * (SCTP's tables have another format and are not read).
 */
const char *pw_procnet_file(unsigned proto, int family);

/*
 * Parse the text of one such table (len bytes at buf, need not be
 * NUL-terminated), calling cb for every socket, in file order. The first
 * line is the kernel's header. Each socket comes out as sock_diag would
 * give it: addresses in network byte order (the kernel prints each 32-bit
 * word of it as a host-order number), ports in host order, the kernel's
 * state number, tx_queue as wqueue and rx_queue as rqueue, uid and inode
 * (the uid PW_UID_UNKNOWN where the kernel prints 0 for want of an owner:
 * pw_sock_mark_uid_unknown).
 * What the text does not carry stays unknown: cookie 0, ifindex 0 and
 * v6only -1. A socket is passed once, though the kernel may show it again,
 * in another state too, when its table changes between two read()s: found
 * by inode, and TCP connections by their addresses and ports (TIME-WAIT
 * has no inode), among the last few thousand sockets (see procnet.c).
 * file names the text in err (borrowed).
 * Returns 0; -EINVAL with err naming the line and what is wrong with it
 * (sockets before it were passed); or cb's negative errno.
 */
int pw_procnet_parse(const char *buf, size_t len, unsigned proto, int family, const char *file,
		     pw_sock_cb cb, void *data, struct pw_error *err);

#endif
