/* SPDX-License-Identifier: MIT */
/* Test helper: sockets, holders, identities, sets and file text for both baseline drivers. */
#ifndef PW_BASELINEFIX_H
#define PW_BASELINEFIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "baseline.h"

/* The file name every test baseline is parsed as. */
#define BL_FILE "base.json"

/* --- sockets, holders and identities ------------------------------------------ */

/* A listening socket on addr (IPv4 or IPv6 text) and port, with run-time noise set. */
struct pw_sock bl_sock_at(unsigned proto, const char *addr, uint16_t port);

/* A holder; baseline only reads the strings, so literals may back them. */
struct pw_proc bl_proc_of(int pid, const char *comm, const char *exe);

/* The identity of s held by p (NULL: no holder known) in netns. */
struct pw_baseline_entry bl_ident(const struct pw_sock *s, const struct pw_proc *p,
				  const char *netns, bool ephemeral_port);

/* The identity of s held by procs[0..n). */
struct pw_baseline_entry bl_ident_n(const struct pw_sock *s, const struct pw_proc *const *procs,
				    size_t n);

/* The whole entry as text, for messages and diff logs. */
void bl_entry_text(const struct pw_baseline_entry *e, char *buf, size_t size);

/* --- sets ----------------------------------------------------------------------- */

/* Add the identity of s held by p to b, tagged ref. */
void bl_add_sock(struct pw_baseline *b, const struct pw_sock *s, const struct pw_proc *p,
		 const char *netns, bool eph, size_t ref);

/* The listeners of one host: sshd, nginx, a resolver on an ephemeral port. */
struct pw_baseline *bl_host_set(int pid_base, uint16_t resolver_port, uint64_t cookie_base);

/* --- the file as text ------------------------------------------------------------ */

/*
 * pw_baseline_parse of len bytes of doc, as file BL_FILE, from a heap copy
 * with nothing after it (so ASan sees a read past the end), freed before
 * this returns. err is cleared first.
 */
int bl_parse_n(const char *doc, size_t len, struct pw_baseline **out, struct pw_error *err);

/* bl_parse_n of the NUL-terminated doc. */
int bl_parse(const char *doc, struct pw_baseline **out, struct pw_error *err);

/* What pw_baseline_write writes, as a NUL-terminated heap string (caller frees). */
char *bl_write_str(const struct pw_baseline *b, const char *host, const char *time, size_t *len);

/* --- diffs ------------------------------------------------------------------------- */

/* What pw_baseline_diff reported, one line a listener: '+' or '-', then bl_entry_text. */
struct bl_diff_log {
	char text[1024];
	unsigned added, removed;
	unsigned stop_at; /* stop (return 42) at this call; 0: never */
};

/* pw_baseline_diff callbacks; data is a struct bl_diff_log. */
int bl_diff_added(const struct pw_baseline_entry *e, void *data);
int bl_diff_removed(const struct pw_baseline_entry *e, void *data);

/* old and now are the same listeners, both ways: no diff, and find hits. */
void bl_assert_same_listeners(const struct pw_baseline *old, const struct pw_baseline *now);

#endif
