/* SPDX-License-Identifier: MIT */
/* Interface index → name, asked of the kernel once per index. */
#ifndef PW_IFNAME_H
#define PW_IFNAME_H

#include <stdint.h>

struct pw_ifnames;

struct pw_ifnames *pw_ifnames_new(void);

/* Accepts NULL. */
void pw_ifnames_free(struct pw_ifnames *c);

/*
 * The name of interface ifindex, borrowed until pw_ifnames_free; NULL for
 * 0. An index the kernel no longer knows is named "if<index>".
 */
const char *pw_ifnames_get(struct pw_ifnames *c, uint32_t ifindex);

#endif
