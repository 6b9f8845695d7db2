/* SPDX-License-Identifier: MIT */
/* Sockets that come and go between two polls, by churn-proof identity, and their event lines. */
#ifndef PW_WATCH_H
#define PW_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "baseline.h"
#include "check.h"
#include "output.h"

/*
 * A socket of a poll as the diff knows it: its baseline identity (never a
 * pid, socket inode or cookie, so a daemon that restarts between two polls
 * is no event) with its namespace's inode in place of the namespace's name
 * (a baseline knows every unnamed namespace as one; two polls tell them
 * apart) and, for a socket that is not listening, its peer: two
 * connections of one client are two sockets.
 */
struct pw_watch_key {
	struct pw_baseline_entry id; /* id.ref: the socket's index in its poll; id.netns NULL
					when netns is known */
	uint64_t netns;		     /* its namespace's inode; 0 when not known */
	bool connected;
	char raddr[PW_ADDR_STRLEN]; /* the peer, when connected */
	uint16_t rport;
};

/* The keys of one poll: sorted, each identity once. */
struct pw_watch_set {
	struct pw_watch_key *v;
	size_t n;
};

/* Key every socket of ls (its index as id.ref), sorted, keeping the first of equal keys. */
void pw_watch_set_build(struct pw_watch_set *set, const struct pw_listeners *ls);

/* Copies of holders that records of a poll point to; owned by the poll. */
struct pw_watch_lent {
	struct pw_watch_loan **v;
	size_t n, cap;
};

/*
 * Give each socket of ls that no process holds, which other holds (the
 * same socket), copies of other's holders, kept in lent. An exiting
 * process stops showing its files in /proc before its sockets close, a new
 * socket may be dumped before the scan of /proc that preceded the dump
 * could see it, and a connection its process closed (TIME-WAIT) has no
 * file: caught in between, a socket would seem to change hands. The same
 * socket: the same cookie when both have one (netlink); else the same
 * inode when both have one (/proc/net); else, for connections, the same
 * protocol, family, ends and namespace. Called both ways between two polls,
 * before their keys are built. O(n log n).
 */
void pw_watch_lend_holders(struct pw_listeners *ls, const struct pw_listeners *other,
			   struct pw_watch_lent *lent);

/* Release the copies; lent may be NULL. */
void pw_watch_lent_fini(struct pw_watch_lent *lent);

/* Release what set holds; set may be NULL. */
void pw_watch_set_fini(struct pw_watch_set *set);

/* Order of two keys (<0, 0, >0); id.ref is ignored. */
int pw_watch_key_cmp(const struct pw_watch_key *a, const struct pw_watch_key *b);

enum pw_watch_event {
	PW_WATCH_ADDED,
	PW_WATCH_REMOVED,
};

/* Called by pw_watch_diff; a non-zero return stops it, and is returned. */
typedef int (*pw_watch_cb)(enum pw_watch_event ev, const struct pw_watch_key *k, void *data);

/*
 * Call cb for each key of now that old lacks (added) and each of old that
 * now lacks (removed), in key order. Linear time. Returns 0 or the first
 * non-zero cb return.
 */
int pw_watch_diff(const struct pw_watch_set *old, const struct pw_watch_set *now, pw_watch_cb cb,
		  void *data);

/* "added" or "removed". */
const char *pw_watch_event_name(enum pw_watch_event ev);

/*
 * Write ts as RFC 3339 UTC with milliseconds ("2026-12-03T19:57:15.042Z")
 * into buf of size bytes (32 is enough); empty when it cannot be written.
 */
void pw_watch_time(char *buf, size_t size, const struct timespec *ts);

/*
 * One event line of l at time: text ("TIME added tcp LISTEN 0.0.0.0:22
 * (ssh, well-known, wildcard) sshd[612] user=root", the peer after "->"
 * when connected, " netns=NAME" outside the initial namespace; outside
 * text escaped), or with jsonl {"time","event","socket"} as one line.
 */
void pw_watch_print(FILE *f, bool jsonl, const char *time, enum pw_watch_event ev,
		    const struct pw_listener *l);

/*
 * Write to f each line of notes (what a poll said on stderr) that is not a
 * whole line of known (what the first poll said; NULL: nothing), in order:
 * a later poll that fails would otherwise repeat the first one's notes.
 */
void pw_watch_notes_put(FILE *f, const char *notes, const char *known);

/* Namespaces by inode, each once: those a watch has said it cannot enter. */
struct pw_watch_ids {
	uint64_t *v;
	size_t n, cap;
};

/* Add id to ids; returns true when it was not there yet. */
bool pw_watch_ids_add(struct pw_watch_ids *ids, uint64_t id);

/* Release what ids holds; ids may be NULL. */
void pw_watch_ids_fini(struct pw_watch_ids *ids);

#endif
