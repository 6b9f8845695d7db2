/* SPDX-License-Identifier: MIT */
/* Policy files (portwatch.policy(5)): allow and deny rules, and which of them decides a listener. */
#ifndef PW_POLICY_H
#define PW_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ports.h"
#include "procmap.h"
#include "services.h"
#include "sock.h"
#include "util.h"

/* Longest line accepted, in bytes, without its line end. */
#define PW_POLICY_LINE_MAX 8192
/* Most rules one policy may hold. */
#define PW_POLICY_RULES_MAX 100000

/* Parsed rules; owned by whoever pw_policy_parse gave it to. */
struct pw_policy;

/*
 * Resolve a user name for `user=NAME`: set *uid and return 0, or return
 * -ENOENT when there is no such user (another negative errno aborts the
 * parse with it). Passed in so that the policy module reads no files.
 */
typedef int (*pw_policy_uid_fn)(const char *name, uint32_t *uid, void *ctx);

/*
 * Parse the policy text buf (len bytes, NUL-terminated or not):
 *
 *   allow|deny PROTO ADDRESS:PORT [process=NAME] [exe=PATH] [user=NAME|UID]
 *              [netns=NAME] [require]
 *
 * one rule a line; '#' at the start of a word comments out the rest of the
 * line; blank lines, tabs and CRLF ends are fine. Keywords are
 * case-insensitive, option values are not. A NUL byte, a control
 * character but tab, invalid UTF-8, a line longer than PW_POLICY_LINE_MAX
 * and more than PW_POLICY_RULES_MAX rules are errors.
 *  - PROTO: tcp, udp, udplite, sctp, raw, or any (all five).
 *  - ADDRESS: `*` (any), an IPv4 address, `[IPv6]`, a CIDR (`10.0.0.0/8`,
 *    `[fd00::/8]`, also spelt `[fd00::]/8`) without host bits set, or
 *    `loopback` (127.0.0.0/8 and ::1). `0.0.0.0` and `[::]` are refused:
 *    write `*`, the only address a wildcard listener matches. An address
 *    or network inside ::ffff:0:0/96 is taken as the IPv4 one it maps.
 *  - PORT: a number, N-M, `*` (any), a service name from db (for the
 *    rule's protocol; with `any`, each protocol the name has; UDP-Lite goes
 *    by UDP's names), or a class: well-known, registered, dynamic, or
 *    ephemeral (the host's range, given at judging time). A raw socket's
 *    "port" is its IP protocol: only numbers, ranges and `*` match it.
 *  - exe= takes an absolute path; user= a uid or a name uid_of resolves
 *    (uid_of may be NULL: then only uids); `require` goes with allow only.
 * Any bad line rejects the whole policy. file names the text in err and is
 * borrowed by it; db may be NULL (then no service names resolve).
 * Returns 0 and *out (free with pw_policy_free), -EINVAL with err->line,
 * err->col (1-based, in characters) and err->msg saying what was expected,
 * or a negative errno from uid_of (or -ENOMEM from the service lookup),
 * with err filled the same way. *out is NULL on failure.
 */
int pw_policy_parse(const char *buf, size_t len, const char *file, const struct pw_services *db,
		    pw_policy_uid_fn uid_of, void *ctx, struct pw_policy **out,
		    struct pw_error *err);

/* Free p and everything it holds; NULL is allowed. */
void pw_policy_free(struct pw_policy *p);

/* How many rules p holds: the size of pw_policy_judge's matched array. */
size_t pw_policy_nrules(const struct pw_policy *p);

/*
 * The line of the first rule of p that names protocol proto itself (not
 * through `any`), or 0 when none does: judging p then needs proto's
 * listeners.
 */
unsigned pw_policy_proto_line(const struct pw_policy *p, unsigned proto);

/*
 * What the rule on 1-based line can match: returns its PW_PROTO_BIT()
 * mask (0 when no rule is on that line) and sets *family to AF_INET or
 * AF_INET6 for a rule on an address or network of that family, 0 for `*`
 * and `loopback`.
 */
uint32_t pw_policy_rule_scope(const struct pw_policy *p, unsigned line, int *family);

/* The listener to judge; everything borrowed. */
struct pw_policy_subject {
	const struct pw_sock *sock;
	const struct pw_proc *const *procs; /* its holders, as pw_procmap_lookup gives them */
	size_t nprocs;
	const char *netns;  /* its network namespace's name; NULL: the initial one, "host" */
	bool netns_unnamed; /* netns is NULL for another namespace, without a name */
	/* Holders besides procs may exist unseen: some processes could not be read. */
	bool holders_unseen;
};

enum pw_verdict {
	PW_POLICY_ALLOW,
	PW_POLICY_DENY,
	PW_POLICY_UNEXPECTED, /* no rule matched */
};

/*
 * Whether a rule matches a listener, or (pw_policy_judge's matched) any
 * listener: in rising order, as judging more listeners only raises it.
 */
enum pw_policy_match {
	PW_POLICY_NO_MATCH,    /* 0: a zeroed matched array starts so */
	PW_POLICY_MAYBE_MATCH, /* only through holders that were not seen */
	PW_POLICY_MATCH,
};

/*
 * Judge s: the first rule that matches it decides. A rule matches when
 * every part holds: the protocol; the address (a listener's bind address
 * must lie in the rule's; `*` matches any, and is the only one a wildcard
 * listener, 0.0.0.0 or [::] dual-stack or not, matches; IPv4-mapped IPv6
 * addresses count as IPv4); the port; the socket's uid; the netns name
 * (which a namespace without a name never matches);
 * and process= and exe= on one same holder (process= is its comm or its
 * exe's basename; a " (deleted)" suffix that an upgrade leaves on an exe
 * is ignored). A rule with process= or exe= never matches a listener with
 * no known holder, unless maybe:
 * with s->holders_unseen, a rule whose other parts hold but whose process=
 * and exe= no seen holder meets maybe matches. Such rules are passed over;
 * the verdict is sure only when each one before the deciding rule (or the
 * end) would decide alike: allowed, or not allowed (denied or unexpected).
 * Otherwise it is the one that does not allow: the first maybe deny
 * rule's when an allow rule decided, the deciding deny or unexpected
 * after a maybe allow. So an ALLOW is always sure.
 * hp gives the ephemeral range; NULL: Linux's default.
 * *line (line may be NULL) is set to that verdict's rule's 1-based line, 0
 * when unexpected; *sure (may be NULL) to whether it is sure. matched (may
 * be NULL) holds pw_policy_nrules(p) entries in file order, all
 * PW_POLICY_NO_MATCH before the first listener: each `require` rule that
 * s matches, deciding or not, is raised to how surely it does, for
 * pw_policy_missing.
 */
enum pw_verdict pw_policy_judge(const struct pw_policy *p, const struct pw_policy_subject *s,
				const struct pw_hostports *hp, unsigned *line, bool *sure,
				enum pw_policy_match *matched);

/*
 * Called by pw_policy_missing for a `require` rule no listener surely
 * matched: its line and text (borrowed from the policy), and whether a
 * listener whose holders were not seen may match it (then it may not be
 * missing). Return 0 to go on; a negative errno stops the walk and is
 * returned by pw_policy_missing.
 */
typedef int (*pw_policy_missing_cb)(unsigned line, const char *text, bool unsure, void *data);

/*
 * After judging every listener with the same matched array: call cb
 * (which may be NULL) for each `require` rule not surely matched, in file
 * order. Returns how many there are, or a negative errno from cb.
 */
int pw_policy_missing(const struct pw_policy *p, const enum pw_policy_match *matched,
		      pw_policy_missing_cb cb, void *data);

/*
 * The rule on 1-based line, as written without its comment (words joined
 * by one space), for messages; NULL when no rule is on that line.
 * Borrowed: valid until pw_policy_free.
 */
const char *pw_policy_rule_text(const struct pw_policy *p, unsigned line);

#endif
