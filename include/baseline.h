/* SPDX-License-Identifier: MIT */
/* Baselines: churn-proof listener identities, their JSON file, and the diff of two sets. */
#ifndef PW_BASELINE_H
#define PW_BASELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "procmap.h"
#include "sock.h"
#include "util.h"

/* Largest baseline file read, in bytes (a million listeners fit). */
#define PW_BASELINE_MAX_SIZE (256u << 20)
/*
 * Longest process name, exe path or namespace name a file may hold, in
 * bytes: a PATH_MAX (4096) path whose every byte was not UTF-8 and became
 * U+FFFD (3 bytes). pw_baseline_from_sock cuts longer strings to fit, so
 * that every file pw_baseline_write writes reads back.
 */
#define PW_BASELINE_STR_MAX (3 * 4096)

/*
 * What a listener is, across restarts: never a pid, inode or cookie, so a
 * daemon that restarts is the same listener. Strings are owned by the entry
 * (or by the baseline it was added to), valid UTF-8, NULL when unknown.
 *
 * A UDP or UDP-Lite socket that a client bound to a port of the host's
 * ephemeral range (a resolver, an NTP client) gets another port each time
 * it starts: for it ephemeral is true and port is 0, so the identity holds
 * the port's class instead of its number. The file writes such a port as
 * "ephemeral". Other protocols always keep their number.
 *
 * A socket may have several holders: PID 1 and the daemon it started
 * (socket activation), a master and its workers. process and exe are those
 * of the holder pw_baseline_holder chooses, whatever the pids; others
 * holds the rest. Two identities of one endpoint are the same listener
 * when they have a holder in common (pw_baseline_find, pw_baseline_diff):
 * a daemon that joins or leaves PID 1 on its socket, or a worker that
 * outlives its master's pid, changes nothing.
 */
struct pw_baseline_holder {
	char *process; /* comm; NULL when unknown */
	char *exe;     /* executable path; NULL when unknown */
};

struct pw_baseline_entry {
	uint8_t proto;		   /* enum pw_proto */
	uint8_t family;		   /* AF_INET or AF_INET6 */
	char addr[PW_ADDR_STRLEN]; /* local address as inet_ntop writes it, no brackets */
	uint16_t port;	/* host byte order; for raw sockets the protocol; 0 if ephemeral */
	bool ephemeral; /* UDP or UDP-Lite on some port of the ephemeral range */
	char *process;	/* comm of the holder that names the listener */
	char *exe;	/* its executable path */
	/* The other holders, each once, in pw_baseline_holder_cmp order; not the one above. */
	struct pw_baseline_holder *others;
	size_t nothers;
	char *netns; /* namespace name; NULL for the host's */
	size_t ref;  /* caller's tag (e.g. a socket index): not identity, not saved */
};

/*
 * A set of identities. Fields are read-only for callers. After
 * pw_baseline_sort (pw_baseline_parse returns sorted sets) entries are in
 * identity order without duplicates; write, find and diff need that.
 */
struct pw_baseline {
	struct pw_baseline_entry *entries;
	size_t n;
	size_t cap;
	bool sorted;
	char *version; /* of the portwatch that wrote a parsed file, or NULL */
	char *host;    /* host and time the file says it was taken on, or NULL */
	char *time;
};

/*
 * Called by pw_baseline_diff for each entry; a non-zero return stops the
 * diff, which returns it.
 */
typedef int (*pw_baseline_cb)(const struct pw_baseline_entry *e, void *data);

/* An empty set (never NULL; free with pw_baseline_free). */
struct pw_baseline *pw_baseline_new(void);

/* Free b and its entries; NULL is allowed. */
void pw_baseline_free(struct pw_baseline *b);

/* Free the strings of an entry that was not added to a set; NULL is allowed. */
void pw_baseline_entry_fini(struct pw_baseline_entry *e);

/* e as one JSON object, as in a baseline's listeners[] and check's findings. */
void pw_baseline_entry_json(FILE *f, const struct pw_baseline_entry *e);

/*
 * The holder that names a listener held by procs[0..n), chosen whatever
 * their pids, so that neither a restart nor pid wrap-around changes it: of
 * the holders other than PID 1, the first by command name, then by exe
 * (bytes; an unknown one last); PID 1 only when it is the only holder.
 * Borrowed from procs; NULL when n is 0.
 */
const struct pw_proc *pw_baseline_holder(const struct pw_proc *const *procs, size_t n);

/*
 * Fill e with the identity of socket s (its local address and port),
 * held by procs[0..n) (in any order; n may be 0): process and exe of
 * pw_baseline_holder's choice, the others in e->others, in namespace
 * netns (NULL for the host's). Strings are
 * copied with bytes that are not well-formed UTF-8 replaced by U+FFFD, as
 * the file stores them, and cut to PW_BASELINE_STR_MAX bytes at a
 * character boundary; an exe's " (deleted)" suffix (the binary was
 * replaced by an upgrade) is dropped. e->ref is 0.
 * ephemeral_port: s's local port is in the host's ephemeral range
 * (pw_ports_is_ephemeral). For UDP and UDP-Lite e->ephemeral is then true
 * and e->port 0; for other protocols it is ignored: a TCP listener on an
 * ephemeral port keeps its number.
 * Returns 0, or -EINVAL for an unknown protocol or family (e is then empty).
 */
int pw_baseline_from_sock(struct pw_baseline_entry *e, const struct pw_sock *s,
			  const struct pw_proc *const *procs, size_t n, const char *netns,
			  bool ephemeral_port);

/*
 * Sort e->others and keep each holder once, none equal to e's own and
 * none fully unknown (process and exe NULL, which would meet a listener
 * held by nobody): as
 * pw_baseline_from_sock leaves them, and as pw_baseline_entry_cmp and
 * pw_baseline_entry_meets need them (for entries filled otherwise).
 */
void pw_baseline_entry_tidy(struct pw_baseline_entry *e);

/*
 * Whether proto's clients bind ports of the ephemeral range (UDP and
 * UDP-Lite): only then is a port "ephemeral" in an identity.
 */
bool pw_baseline_proto_has_ephemeral(unsigned proto);

/*
 * Forget e's other holders: e is then known by the holder that names it
 * alone (watch's events: a worker taking its master's socket for a while
 * is no event).
 */
void pw_baseline_entry_drop_others(struct pw_baseline_entry *e);

/* Move e into b: b owns its strings afterwards, and e is cleared. b is then unsorted. */
void pw_baseline_add(struct pw_baseline *b, struct pw_baseline_entry *e);

/*
 * Put b in identity order and drop duplicate identities, keeping the one
 * with the lowest ref. O(n log n).
 */
void pw_baseline_sort(struct pw_baseline *b);

/*
 * Order of two identities (<0, 0, >0); ref is ignored. Within a protocol,
 * numbered ports come before ephemeral ones; an endpoint's identities
 * are ordered by holder (process, exe), then by their other holders.
 */
int pw_baseline_entry_cmp(const struct pw_baseline_entry *a, const struct pw_baseline_entry *b);

/* Order of two holders: process, then exe; unknown (NULL) first. */
int pw_baseline_holder_cmp(const struct pw_baseline_holder *a, const struct pw_baseline_holder *b);

/*
 * Whether a and b are the same listener: the same endpoint (namespace,
 * protocol, port, address) and a holder in common, its process and exe
 * both equal. Identities without a known holder meet only each other.
 */
bool pw_baseline_entry_meets(const struct pw_baseline_entry *a, const struct pw_baseline_entry *b);

/*
 * The first entry of sorted b that is the same listener as key
 * (pw_baseline_entry_meets), borrowed from b, or NULL. O(log n) plus the
 * entries of key's endpoint.
 */
const struct pw_baseline_entry *pw_baseline_find(const struct pw_baseline *b,
						 const struct pw_baseline_entry *key);

/*
 * Call added for each entry of now that is no listener of old and removed
 * for each entry of old that is no listener of now (pw_baseline_entry_meets),
 * in endpoint order (of one endpoint, removed ones first); either may be
 * NULL. Both sets must be sorted. Linear time, but for the entries that
 * share an endpoint, which are compared each with each.
 * Returns 0 or the first non-zero callback return.
 */
int pw_baseline_diff(const struct pw_baseline *old, const struct pw_baseline *now,
		     pw_baseline_cb added, pw_baseline_cb removed, void *data);

/*
 * Write sorted b as a baseline document (schema 1, one listener a line,
 * an ephemeral port as "port":"ephemeral", other holders, when there are
 * any, as "other_holders":[{"process":...,"exe":...}]) with host and time
 * (RFC 3339; either may be NULL).
 * f is flushed. Returns 0, or -EIO when f reports a write error.
 */
int pw_baseline_write(FILE *f, const struct pw_baseline *b, const char *host, const char *time);

/*
 * Parse a baseline document from buf (len bytes, need not be
 * NUL-terminated; file names it in errors, may be NULL) into a new sorted
 * set *out (free with pw_baseline_free). Unknown members are skipped, so
 * newer files with added fields still read; a listener's "port" is a
 * number from 0 to 65535 or, for udp and udplite only, "ephemeral";
 * "other_holders" is optional (files written before it have one holder
 * a listener, which reads as such). Duplicate listeners are dropped. On error *out is NULL and err has the
 * file, line, column and reason.
 * Returns 0, -EINVAL (malformed, wrong schema or kind, bad field) or -EFBIG
 * (over PW_BASELINE_MAX_SIZE).
 */
int pw_baseline_parse(const char *buf, size_t len, const char *file, struct pw_baseline **out,
		      struct pw_error *err);

#endif
