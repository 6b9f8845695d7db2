/* SPDX-License-Identifier: MIT */
/*
 * Repeats in a dump, found in bounded memory.
 *
 * A sock_diag dump is a walk over the kernel's socket hash tables, handed
 * out in batches. Between batches (and, for TCP, between chunks of 16
 * sockets of one bucket) the kernel lets go of the bucket's lock and then
 * resumes by skipping as many sockets of that bucket as it had already
 * reported (net/ipv4/tcp_diag.c: cb->args), or (newer UDP) from a socket it
 * kept hold of, starting the bucket over when that one went away. A socket
 * added to that bucket meanwhile shifts the rest, so one already reported
 * comes again. So a repeat within one dump is always a socket of the bucket
 * being resumed: one of the sockets handed over last. Remembering the last
 * PW_SEEN_WINDOW cookies therefore finds every repeat unless one bucket
 * holds more sockets than that (TCP connection buckets hold a few; only
 * thousands of sockets on one port and address, or on one UDP port, make
 * a long one).
 *
 * A dump that is started again (interrupted, or the kernel failed to
 * allocate a batch) hands everything over again. The kernel walks its
 * tables in the same order each time, so the new attempt first repeats what
 * the old one listed; until one of the last cookies handed over comes
 * again, every socket is passed over as listed, and from there the window
 * drops the rest of the repeats. A socket created meanwhile in the part
 * passed over is missed, as the first attempt would have missed it. If none
 * of those last cookies comes again (every one of those sockets closed),
 * the dump is reported as not complete rather than listing sockets twice.
 *
 * Memory: two generations of 2 * PW_SEEN_WINDOW slots of 8 bytes (256 KiB),
 * whatever the number of sockets; the set that fit every cookie grew by
 * 16 bytes per socket.
 */
#include "seen.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define SEEN_SLOTS (2 * PW_SEEN_WINDOW)

void pw_seen_init(struct pw_seen *s)
{
	*s = (struct pw_seen){ 0 };
}

void pw_seen_fini(struct pw_seen *s)
{
	if (!s)
		return;
	free(s->gen[0].slots);
	free(s->gen[1].slots);
	*s = (struct pw_seen){ 0 };
}

void pw_seen_begin(struct pw_seen *s)
{
	s->in_dump = 0;
	s->seeking = false;
}

void pw_seen_restart(struct pw_seen *s)
{
	s->seeking = s->in_dump > 0;
}

/* The slot of cookie in g, or the empty one where it would go. */
static uint64_t *seen_slot(const struct pw_seen_gen *g, uint64_t cookie)
{
	/* Cookies are counters: mix them so neighbours spread over the table. */
	size_t i = (size_t)pw_hash_u64(cookie) & (SEEN_SLOTS - 1);

	while (g->slots[i] && g->slots[i] != cookie)
		i = (i + 1) & (SEEN_SLOTS - 1);
	return &g->slots[i];
}

static bool seen_known(const struct pw_seen *s, uint64_t cookie)
{
	for (int i = 0; i < 2; i++) {
		if (s->gen[i].slots && *seen_slot(&s->gen[i], cookie))
			return true;
	}
	return false;
}

static void seen_record(struct pw_seen *s, uint64_t cookie)
{
	struct pw_seen_gen *g = &s->gen[s->cur];

	if (g->count == PW_SEEN_WINDOW) {
		/* The older generation goes; the full one becomes the older. */
		s->cur ^= 1;
		g = &s->gen[s->cur];
		if (g->slots)
			memset(g->slots, 0, SEEN_SLOTS * sizeof(*g->slots));
		g->count = 0;
	}
	if (!g->slots)
		g->slots = pw_xcalloc(SEEN_SLOTS, sizeof(*g->slots));
	*seen_slot(g, cookie) = cookie;
	g->count++;
	s->in_dump++;
}

bool pw_seen_add(struct pw_seen *s, uint64_t cookie)
{
	/*
	 * The kernel hands out cookies from a counter, mostly in the order a dump
	 * meets the sockets: one above all recorded is new without a look.
	 */
	if (cookie > s->max) {
		if (s->seeking)
			return false;
		s->max = cookie;
		seen_record(s, cookie);
		return true;
	}
	if (seen_known(s, cookie)) {
		/* Back where the restarted dump had got to. */
		s->seeking = false;
		return false;
	}
	/* Not recorded while seeking: the window must keep the old attempt's last cookies. */
	if (s->seeking)
		return false;
	seen_record(s, cookie);
	return true;
}

bool pw_seen_end(struct pw_seen *s)
{
	bool found = !s->seeking;

	pw_seen_begin(s);
	return found;
}
