/* SPDX-License-Identifier: MIT */
/* Test helper: listeners, policies and check runs for the check, output and snapshot drivers. */
#ifndef PW_CHECKFIX_H
#define PW_CHECKFIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "check.h"
#include "netns_set.h"

#define CK_FILE "test.policy"

/* Set up by ck_group_setup: the built-in services and Linux's default ephemeral range. */
extern struct pw_services *ck_db;
extern struct pw_hostports ck_hp; /* 32768-60999 */

/* A cmocka group's setup and teardown of ck_db and ck_hp. */
int ck_group_setup(void **state);
int ck_group_teardown(void **state);

/* --- holders ------------------------------------------------------------------ */

/* A holder; check only reads it, so literals may back the strings. */
#define CK_PROC(pid_, comm_, exe_)                                                      \
	{                                                                               \
		.pid = (pid_), .uid = 0, .comm = (char *)(comm_), .exe = (char *)(exe_) \
	}

/* Holder lists, sized so that CK_HOLDERS can count them. */
extern const struct pw_proc *const ck_by_sshd[1];	    /* sshd[612] /usr/sbin/sshd */
extern const struct pw_proc *const ck_by_sshd_restarted[1]; /* the same, as pid 4001 */
extern const struct pw_proc *const ck_by_telnetd[1];	    /* telnetd[5] */
extern const struct pw_proc *const ck_by_nginx[1];	    /* nginx[800] /usr/sbin/nginx */
extern const struct pw_proc *const ck_by_nginx_worker[1];   /* nginx[801], the same exe */
extern const struct pw_proc *const ck_by_nginx_pair[2];	    /* both of them */
extern const struct pw_proc *const ck_by_resolved[1];	    /* systemd-resolve[300] */
extern const struct pw_proc *const ck_by_backdoor[1];	    /* backdoor[77] /tmp/.x/backdoor */

#define CK_HOLDERS(a) (a), PW_ARRAY_SIZE(a)
#define CK_NOBODY NULL, 0

/* --- listeners and policies ------------------------------------------------------ */

/* A listening socket on addr (IPv4 or IPv6 text) and port, with run-time noise set. */
struct pw_sock ck_sock(unsigned proto, const char *addr, uint16_t port);

/*
 * Add a listener on addr:port held by holders[0..n) to ls, annotated as the
 * list pipeline would annotate it. Returns it.
 */
struct pw_listener *ck_add(struct pw_listeners *ls, unsigned proto, const char *addr, uint16_t port,
			   const struct pw_proc *const *holders, size_t n);

/* The policy text parses to (free with pw_policy_free); a refusal fails test line at. */
struct pw_policy *ck_policy_at(const char *text, int at);
#define CK_POLICY(text) ck_policy_at(text, __LINE__)

/* Namespaces a record may name: the initial one, a named one, an unnamed one. */
extern const struct pw_netns ck_ns_host;
extern const struct pw_netns ck_ns_blue;
extern const struct pw_netns ck_ns_anon;

/* ck_add of a listener held by nginx whose record names ns (many: several were listed). */
struct pw_listener *ck_add_in(struct pw_listeners *ls, unsigned proto, const char *addr,
			      uint16_t port, const struct pw_netns *ns, bool many);

/* nginx on tcp 0.0.0.0:80 in ck_ns_host, ck_ns_blue and ck_ns_anon, in that order. */
void ck_add_in_each_netns(struct pw_listeners *ls);

/* --- check runs -------------------------------------------------------------------- */

/* What one check run uses and makes. */
struct ck_run {
	struct pw_listeners before; /* what listened when the baseline was taken */
	struct pw_listeners ls;
	struct pw_policy *policy;
	struct pw_baseline *baseline;
	struct pw_check_result res;
	const char *netns;
};

/* Judge c's listeners against its policy and baseline, all protocols listed. */
void ck_judge(struct ck_run *c, bool complete, bool owners_complete);

#define CK_RAW PW_PROTO_BIT(PW_PROTO_RAW)
#define CK_SCTP PW_PROTO_BIT(PW_PROTO_SCTP)
#define CK_ALL (PW_PROTO_BIT(PW_PROTO_COUNT) - 1)

/* Judge c with what the listing asked for (protos, families) and what it could not see. */
void ck_judge_listed(struct ck_run *c, uint32_t protos, bool inet, bool inet6, uint32_t unseen,
		     uint32_t named);

/* c's baseline becomes the snapshot of c->before, taken in netns (NULL: the host's). */
void ck_snapshot_before(struct ck_run *c, const char *netns);

/* Free what c holds (its result, listeners, policy and baseline). */
void ck_fini(struct ck_run *c);

/* The i-th (0-based) finding of kind k, or NULL. */
const struct pw_finding *ck_find(const struct pw_check_result *res, enum pw_finding_kind k,
				 size_t i);

/* --- what renderers write ------------------------------------------------------------ */

/* Host h1, a fixed time, policy file CK_FILE. */
extern const struct pw_check_meta ck_meta;

/* Capture what a renderer writes: CK_CAPTURE(text, call using f). */
#define CK_CAPTURE(text, ...)                              \
	do {                                               \
		size_t size_ = 0;                          \
		FILE *f = open_memstream(&(text), &size_); \
		assert_non_null(f);                        \
		__VA_ARGS__;                               \
		assert_int_equal(fclose(f), 0);            \
		assert_int_equal(strlen(text), size_);     \
	} while (0)

/* What pw_check_render writes (caller frees). */
char *ck_render(enum pw_check_format fmt, const struct pw_check_result *res,
		const struct pw_check_meta *meta);

/* What pw_check_listener_line writes (caller frees). */
char *ck_listener_text(const struct pw_listener *l);

/* How many times needle starts in s (overlaps counted). */
size_t ck_count(const char *s, const char *needle);

/* Line i (0-based) of text, copied without its newline (caller frees), or NULL. */
char *ck_line(const char *text, size_t i);

#endif
