/* SPDX-License-Identifier: MIT */
/* Read the host's ephemeral port range and reserved ports from /proc/sys. */
#ifndef PW_HOSTPORTS_H
#define PW_HOSTPORTS_H

#include "ports.h"

/*
 * Fill hp from /proc/sys/net/ipv4/ip_local_port_range and
 * ip_local_reserved_ports, as the calling thread's network namespace sees
 * them. A part that cannot be read or parsed keeps Linux's default
 * (pw_ports_default): hp is always usable.
 * Returns 0, or the first failure as a negative errno (-EINVAL when a file
 * held text the kernel would not write) so the caller can say so.
 */
int pw_hostports_read(struct pw_hostports *hp);

#endif
