/* SPDX-License-Identifier: MIT */
/* Test helper: policies parsed from test text and listeners judged by them, for both policy drivers. */
#ifndef PW_POLICYFIX_H
#define PW_POLICYFIX_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "policy.h"

/* Short names, so that a listener and the verdict it must get fit one line. */
#define TCP PW_PROTO_TCP
#define UDP PW_PROTO_UDP
#define UDPLITE PW_PROTO_UDPLITE
#define RAW PW_PROTO_RAW
#define SCTP PW_PROTO_SCTP
#define A PW_POLICY_ALLOW
#define D PW_POLICY_DENY
#define U PW_POLICY_UNEXPECTED

/* The file name every test policy is parsed as. */
#define POL_FILE "test.policy"

/*
 * The service database tests parse with: a few pwt-* names of known ports
 * over the built-in IANA table (ssh, 3com-tsmux...). Set by
 * pol_group_setup, freed by pol_group_teardown (cmocka group fixtures).
 */
extern struct pw_services *pol_db;
int pol_group_setup(void **state);
int pol_group_teardown(void **state);

/* What the fake user database saw, and how it should fail (0: it does not). */
struct pol_users {
	unsigned calls;
	char last[32];
	int fail;
};

/*
 * A pw_policy_uid_fn knowing root (0), www-data (33) and postgres (70);
 * ctx is a struct pol_users or NULL.
 */
int pol_uid(const char *name, uint32_t *uid, void *ctx);

/*
 * Parse len bytes of text with db and pol_uid, which must succeed; at is
 * the test's line, for the failure message. Free with pw_policy_free.
 */
struct pw_policy *pol_parse_full(const char *text, size_t len, const struct pw_services *db,
				 int at);
#define POL_PARSE(text) pol_parse_full(text, strlen(text), pol_db, __LINE__)

/* A listener (TCP and SCTP) or unconnected socket of proto on addr (text) and port. */
struct pw_sock pol_sock(uint8_t proto, const char *addr, uint16_t port);

/* A holder; comm and exe are borrowed (either may be NULL). */
struct pw_proc pol_proc(int pid, const char *comm, const char *exe);

/* Judge s with hp (may be NULL): the verdict must be want, by the rule on want_line, and sure. */
void pol_expect_full(const struct pw_policy *p, const struct pw_policy_subject *s,
		     const struct pw_hostports *hp, enum pw_verdict want, unsigned want_line,
		     int at);
#define POL_EXPECT_SUBJECT(p, s, want, line) pol_expect_full(p, s, NULL, want, line, __LINE__)

/* The verdict on a listener with no known holder, in the initial netns. */
#define POL_EXPECT(p, proto, addr, port, want, line)                 \
	do {                                                         \
		struct pw_sock k_ = pol_sock(proto, addr, port);     \
		struct pw_policy_subject s_ = { .sock = &k_ };       \
		pol_expect_full(p, &s_, NULL, want, line, __LINE__); \
	} while (0)

/*
 * The verdict on a listener whose holders could not be seen (none known,
 * some may exist): want, by the rule on line, and sure or not.
 */
void pol_expect_unseen(const struct pw_policy *p, uint8_t proto, const char *addr, uint16_t port,
		       enum pw_verdict want, unsigned line, bool sure, int at);
#define POL_EXPECT_UNSEEN(p, proto, addr, port, want, line, sure) \
	pol_expect_unseen(p, proto, addr, port, want, line, sure, __LINE__)

/* The same as POL_EXPECT, held by the processes given (one or more struct pw_proc pointers). */
void pol_expect_held(const struct pw_policy *p, uint8_t proto, const char *addr, uint16_t port,
		     enum pw_verdict want, unsigned line, const struct pw_proc *const *holders,
		     int at);
#define POL_EXPECT_HELD(p, proto, addr, port, want, line, ...) \
	pol_expect_held(p, proto, addr, port, want, line,      \
			(const struct pw_proc *const[]){ __VA_ARGS__, NULL }, __LINE__)

/*
 * Judge listeners of proto, with no known holder, that differ only in
 * their address (addrs, up to a NULL) or only in their port (ports, up to
 * a -1; judged with hp, which may be NULL): each must get want, by the
 * rule on line. at is the test's line.
 */
void pol_expect_addrs(const struct pw_policy *p, uint8_t proto, uint16_t port, enum pw_verdict want,
		      unsigned line, const char *const *addrs, int at);
void pol_expect_ports(const struct pw_policy *p, const struct pw_hostports *hp, uint8_t proto,
		      const char *addr, enum pw_verdict want, unsigned line, const int *ports,
		      int at);
#define POL_EXPECT_ADDRS(p, proto, port, want, line, ...)                                        \
	pol_expect_addrs(p, proto, port, want, line, (const char *const[]){ __VA_ARGS__, NULL }, \
			 __LINE__)
#define POL_EXPECT_PORTS_HP(p, hp, proto, addr, want, line, ...) \
	pol_expect_ports(p, hp, proto, addr, want, line, (const int[]){ __VA_ARGS__, -1 }, __LINE__)
#define POL_EXPECT_PORTS(p, proto, addr, want, line, ...) \
	POL_EXPECT_PORTS_HP(p, NULL, proto, addr, want, line, __VA_ARGS__)

#endif
