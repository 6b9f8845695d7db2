/* SPDX-License-Identifier: MIT */
/* The listeners still there after a re-scan for owners: their inodes, dump by dump. */
#ifndef PW_PRESENT_H
#define PW_PRESENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sock.h"

/*
 * Inodes of listeners from one or more dumps (one per family), sorted once
 * they all ended. A dump that starts over drops only what it gave itself.
 */
struct pw_present {
	uint32_t *v;
	size_t n;
	size_t cap;
	size_t mark; /* where the current dump's inodes begin */
};

/* Forget what p holds, keeping its memory. */
void pw_present_clear(struct pw_present *p);

/* A dump into p begins: a restart goes back to here. */
void pw_present_begin(struct pw_present *p);

/* The pw_sock_cb: keeps a listener's inode; data is the struct pw_present. Returns 0. */
int pw_present_sock(const struct pw_sock *sk, void *data);

/* The current dump (data) starts over: what it gave may be gone since, what came before stays. */
void pw_present_restart(void *data);

/* The dumps ended: sort, for pw_present_has. */
void pw_present_finish(struct pw_present *p);

/* Whether inode is among p's, once finished. */
bool pw_present_has(const struct pw_present *p, uint32_t inode);

/* Release what p holds; accepts NULL. */
void pw_present_fini(struct pw_present *p);

#endif
