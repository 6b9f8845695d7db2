/* SPDX-License-Identifier: MIT */
/* Which sockets a dump has handed over already, by cookie, in bounded memory. */
#ifndef PW_SEEN_H
#define PW_SEEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Cookies each generation holds before the older one is dropped: the set
 * always knows the last PW_SEEN_WINDOW distinct cookies (and at most twice
 * as many), whatever the number of sockets. Why that is enough: see seen.c.
 */
#define PW_SEEN_WINDOW 8192

struct pw_seen_gen {
	uint64_t *slots; /* open addressing, 2 * PW_SEEN_WINDOW; 0 is empty */
	size_t count;
};

struct pw_seen {
	struct pw_seen_gen gen[2]; /* [cur] takes new cookies; the other is older */
	unsigned cur;
	uint64_t max;	/* the largest cookie recorded */
	size_t in_dump; /* cookies recorded since pw_seen_begin */
	bool seeking;	/* a restarted dump has not come back to where it was */
};

void pw_seen_init(struct pw_seen *s);
/* Release s; accepts NULL. */
void pw_seen_fini(struct pw_seen *s);

/* A dump begins. */
void pw_seen_begin(struct pw_seen *s);

/*
 * The dump begins again from the start (it was interrupted): until one of
 * the cookies it handed over recently comes again, every socket is taken
 * for one listed before. Nothing is passed over when the dump had handed
 * over nothing yet.
 */
void pw_seen_restart(struct pw_seen *s);

/*
 * True when cookie (not 0) is new, and records it; false for a repeat, or
 * for a socket a restarted dump hands over again before it is back where
 * it stopped.
 */
bool pw_seen_add(struct pw_seen *s, uint64_t cookie);

/*
 * The dump ended. Returns false when it had restarted and never came back
 * to where it had been: the sockets it passed over may not all have been
 * listed.
 */
bool pw_seen_end(struct pw_seen *s);

#endif
