/* SPDX-License-Identifier: MIT */
/* Unit tests of the policy module: the grammar, every parse error, and which rule decides a listener. */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "policy.h"

#define TCP PW_PROTO_TCP
#define UDP PW_PROTO_UDP
#define UDPLITE PW_PROTO_UDPLITE
#define RAW PW_PROTO_RAW
#define SCTP PW_PROTO_SCTP
#define A PW_POLICY_ALLOW
#define D PW_POLICY_DENY
#define U PW_POLICY_UNEXPECTED

#define POL_FILE "test.policy"

/*
 * Names only this test uses, so that what they resolve to is known: the
 * built-in IANA table stays underneath (ssh, 3com-tsmux...).
 */
static const char pol_services[] = "pwt-web 8080/tcp web-alias\n"
				   "pwt-multi 7000/tcp\n"
				   "pwt-multi 7001/udp\n"
				   "pwt-udp 7003/udp\n"
				   "pwt-sctp 9000/sctp\n"
				   "pwt-dccp 9100/dccp\n";

static struct pw_services *pol_db;

static int pol_group_setup(void **state)
{
	(void)state;
	pol_db = pw_services_new();
	if (!pol_db ||
	    pw_services_load_buffer(pol_db, pol_services, sizeof(pol_services) - 1, NULL)) {
		pw_services_free(pol_db);
		return -1;
	}
	return 0;
}

static int pol_group_teardown(void **state)
{
	(void)state;
	pw_services_free(pol_db);
	return 0;
}

/* --- fakes and helpers --------------------------------------------------------- */

/* What the fake user database saw, and how it should fail (0: it does not). */
struct pol_users {
	unsigned calls;
	char last[32];
	int fail;
};

static int pol_uid(const char *name, uint32_t *uid, void *ctx)
{
	static const struct {
		const char *name;
		uint32_t uid;
	} users[] = { { "root", 0 }, { "www-data", 33 }, { "postgres", 70 } };
	struct pol_users *u = ctx;

	if (u) {
		u->calls++;
		snprintf(u->last, sizeof(u->last), "%s", name);
		if (u->fail)
			return u->fail;
	}
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++) {
		if (!strcmp(name, users[i].name)) {
			*uid = users[i].uid;
			return 0;
		}
	}
	return -ENOENT;
}

static struct pw_policy *pol_parse_full(const char *text, size_t len, const struct pw_services *db,
					int at)
{
	struct pw_policy *p = (struct pw_policy *)&p; /* anything but NULL */
	struct pw_error err = { .line = 9999, .col = 9999 };
	int rc = pw_policy_parse(text, len, POL_FILE, db, pol_uid, NULL, &p, &err);

	if (rc)
		fail_msg("test line %d: parse failed (%d) at %u:%u: %s", at, rc, err.line, err.col,
			 err.msg);
	if (!p)
		fail_msg("test line %d: parse succeeded with no policy", at);
	return p;
}

#define POL_PARSE(text) pol_parse_full(text, strlen(text), pol_db, __LINE__)

/* True when s is well-formed UTF-8 throughout. */
static bool pol_valid_utf8(const char *s)
{
	size_t len = strlen(s), n;

	for (size_t i = 0; i < len; i += n) {
		n = pw_utf8_seq_len((const unsigned char *)s + i, len - i);
		if (!n)
			return false;
	}
	return true;
}

/*
 * Parse text, which must be refused with rc at line:col, with word in the
 * message; nothing may be handed out.
 */
static void pol_refuse_full(const char *text, size_t len, const struct pw_services *db,
			    pw_policy_uid_fn uid_of, void *ctx, int rc, unsigned line, unsigned col,
			    const char *word, int at)
{
	struct pw_policy *p = (struct pw_policy *)&p;
	struct pw_error err = { .line = 9999, .col = 9999 };
	int got = pw_policy_parse(text, len, POL_FILE, db, uid_of, ctx, &p, &err);

	if (got != rc || p || err.line != line || err.col != col || !strstr(err.msg, word) ||
	    !err.file || strcmp(err.file, POL_FILE) || !pol_valid_utf8(err.msg) ||
	    strlen(err.msg) >= sizeof(err.msg))
		fail_msg("test line %d: got %d%s at %s:%u:%u \"%s\", want %d at %u:%u with \"%s\"",
			 at, got, p ? " and a policy" : "", err.file ? err.file : "(null)",
			 err.line, err.col, err.msg, rc, line, col, word);
}

#define POL_REFUSE(text, line, col, word)                                                        \
	pol_refuse_full(text, sizeof(text) - 1, pol_db, pol_uid, NULL, -EINVAL, line, col, word, \
			__LINE__)

static struct pw_sock pol_sock(uint8_t proto, const char *addr, uint16_t port)
{
	struct pw_sock k = { .proto = proto, .lport = port, .v6only = -1 };
	bool v6 = strchr(addr, ':') != NULL;

	k.family = v6 ? AF_INET6 : AF_INET;
	k.state = proto == TCP || proto == SCTP ? PW_ST_LISTEN : PW_ST_CLOSE;
	if (inet_pton(v6 ? AF_INET6 : AF_INET, addr, k.laddr) != 1)
		fail_msg("bad test address %s", addr);
	return k;
}

static void pol_expect_full(const struct pw_policy *p, const struct pw_policy_subject *s,
			    const struct pw_hostports *hp, enum pw_verdict want, unsigned want_line,
			    int at)
{
	unsigned line = 9999;
	enum pw_verdict v = pw_policy_judge(p, s, hp, &line, NULL);
	char addr[PW_ADDR_STRLEN];

	if (v != want || line != want_line) {
		pw_sock_format_addr(s->sock, false, addr);
		fail_msg("test line %d: %s %s port %u: verdict %d by line %u, want %d by line %u",
			 at, pw_sock_proto_name(s->sock->proto), addr, s->sock->lport, v, line,
			 want, want_line);
	}
}

/* The verdict on a listener with no known holder, in the initial netns. */
#define POL_EXPECT_HP(p, hp, proto, addr, port, want, line)        \
	do {                                                       \
		struct pw_sock k_ = pol_sock(proto, addr, port);   \
		struct pw_policy_subject s_ = { .sock = &k_ };     \
		pol_expect_full(p, &s_, hp, want, line, __LINE__); \
	} while (0)
#define POL_EXPECT(p, proto, addr, port, want, line) \
	POL_EXPECT_HP(p, NULL, proto, addr, port, want, line)

/* The same, held by the processes given. */
#define POL_EXPECT_HELD(p, holders, proto, addr, port, want, line)                                \
	do {                                                                                      \
		struct pw_sock k_ = pol_sock(proto, addr, port);                                  \
		struct pw_policy_subject s_ = { .sock = &k_,                                      \
						.procs = holders,                                 \
						.nprocs =                                         \
							sizeof(holders) / sizeof((holders)[0]) }; \
		pol_expect_full(p, &s_, NULL, want, line, __LINE__);                              \
	} while (0)

static struct pw_proc pol_proc(int pid, const char *comm, const char *exe)
{
	/* The policy only reads them: the casts only fit struct pw_proc. */
	return (struct pw_proc){ .pid = pid, .comm = (char *)comm, .exe = (char *)exe };
}

/* --- the empty policy, layout and keywords ------------------------------------- */

static void policy_with_no_rules_is_valid_and_expects_nothing(void **state)
{
	static const char *const texts[] = { "", "\n\n", "# nothing yet\n   \t\n",
					     "# no newline at the end" };
	bool matched[1] = { false };

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct pw_policy *p = POL_PARSE(texts[i]);

		assert_int_equal(pw_policy_nrules(p), 0);
		assert_false(pw_policy_uses_owners(p));
		POL_EXPECT(p, TCP, "0.0.0.0", 22, U, 0);
		POL_EXPECT(p, UDP, "::1", 53, U, 0);
		assert_int_equal(pw_policy_missing(p, matched, NULL, NULL), 0);
		assert_null(pw_policy_rule_text(p, 1));
		pw_policy_free(p);
	}
	/* No text at all, not even a buffer. */
	{
		struct pw_policy *p = pol_parse_full(NULL, 0, pol_db, __LINE__);

		assert_int_equal(pw_policy_nrules(p), 0);
		pw_policy_free(p);
	}
}

static void free_accepts_null(void **state)
{
	(void)state;
	pw_policy_free(NULL);
}

static void comments_blank_lines_tabs_and_crlf_are_layout(void **state)
{
	static const char text[] = "# portwatch policy\n"		  /* 1 */
				   "\n"					  /* 2 */
				   "   \t  \n"				  /* 3 */
				   "  # an indented comment\r\n"	  /* 4 */
				   "allow\ttcp\t*:22\t# ssh\r\n"	  /* 5 */
				   "\r\n"				  /* 6 */
				   "\t deny   tcp  *:23 #\n"		  /* 7 */
				   "allow udp *:123#x # comment # more\n" /* 8 */
				   "allow udp *:124";			  /* 9 */
	struct pw_policy *p;

	(void)state;
	/* '#' inside a word is part of it: "123#x" is no port. */
	POL_REFUSE(text, 8, 13, "'123#x'");
	p = POL_PARSE("# portwatch policy\n\n   \t  \n  # an indented comment\r\n"
		      "allow\ttcp\t*:22\t# ssh\r\n\r\n\t deny   tcp  *:23 #\n"
		      "allow udp *:123 #x # comment # more\n"
		      "allow udp *:124");
	assert_int_equal(pw_policy_nrules(p), 4);
	POL_EXPECT(p, TCP, "0.0.0.0", 22, A, 5);
	POL_EXPECT(p, TCP, "0.0.0.0", 23, D, 7);
	POL_EXPECT(p, UDP, "0.0.0.0", 123, A, 8);
	/* The last line needs no newline. */
	POL_EXPECT(p, UDP, "0.0.0.0", 124, A, 9);
	POL_EXPECT(p, UDP, "0.0.0.0", 125, U, 0);
	for (unsigned line = 1; line <= 4; line++)
		assert_null(pw_policy_rule_text(p, line));
	assert_null(pw_policy_rule_text(p, 6));
	assert_string_equal(pw_policy_rule_text(p, 5), "allow tcp *:22");
	assert_string_equal(pw_policy_rule_text(p, 7), "deny tcp *:23");
	assert_string_equal(pw_policy_rule_text(p, 8), "allow udp *:123");
	assert_string_equal(pw_policy_rule_text(p, 9), "allow udp *:124");
	pw_policy_free(p);
}

/* The buffer need not end in a NUL: only len bytes are read. */
static void only_len_bytes_are_read(void **state)
{
	static const char text[] = "allow tcp *:22\nallow tcp *:23";
	struct pw_policy *p;

	(void)state;
	/* Cut inside the port of line 2: "*:2". */
	p = pol_parse_full(text, sizeof(text) - 2, pol_db, __LINE__);
	assert_int_equal(pw_policy_nrules(p), 2);
	POL_EXPECT(p, TCP, "0.0.0.0", 2, A, 2);
	POL_EXPECT(p, TCP, "0.0.0.0", 23, U, 0);
	assert_string_equal(pw_policy_rule_text(p, 2), "allow tcp *:2");
	pw_policy_free(p);
	/* Cut right after line 1's port. */
	p = pol_parse_full(text, 14, pol_db, __LINE__);
	assert_int_equal(pw_policy_nrules(p), 1);
	POL_EXPECT(p, TCP, "0.0.0.0", 22, A, 1);
	pw_policy_free(p);
}

static void keywords_are_case_insensitive_values_are_not(void **state)
{
	struct pw_proc sshd = pol_proc(612, "sshd", "/usr/sbin/sshd");
	struct pw_proc upper = pol_proc(613, "SSHD", "/usr/sbin/SSHD");
	const struct pw_proc *const held[] = { &sshd };
	const struct pw_proc *const held_upper[] = { &upper };
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("ALLOW TCP LOOPBACK:WELL-KNOWN PROCESS=sshd REQUIRE\n"
		      "Deny UdpLite *:Registered\n"
		      "aLLow AnY [FD00::]/8:EPHEMERAL NetNS=Blue User=0 EXE=/usr/sbin/sshd\n"
		      "allow Sctp *:Dynamic\n"
		      "allow RAW *:*\n"
		      "allow udp *:SSH\n");
	assert_int_equal(pw_policy_nrules(p), 6);
	POL_EXPECT_HELD(p, held, TCP, "127.0.0.1", 22, A, 1);
	/* process= compares as written: SSHD is another program. */
	POL_EXPECT_HELD(p, held_upper, TCP, "127.0.0.1", 22, U, 0);
	POL_EXPECT(p, UDPLITE, "10.0.0.1", 2000, D, 2);
	POL_EXPECT(p, SCTP, "10.0.0.1", 50000, A, 4);
	POL_EXPECT(p, RAW, "10.0.0.1", 1, A, 5);
	POL_EXPECT(p, UDP, "10.0.0.1", 22, A, 6);
	assert_true(pw_policy_uses_owners(p));
	/* The rule text keeps the words as written. */
	assert_string_equal(pw_policy_rule_text(p, 2), "Deny UdpLite *:Registered");
	{
		struct pw_sock k = pol_sock(TCP, "fd00::1", 40000);
		struct pw_policy_subject s = {
			.sock = &k, .procs = held, .nprocs = 1, .netns = "Blue"
		};
		unsigned line = 0;

		assert_int_equal(pw_policy_judge(p, &s, NULL, &line, NULL), A);
		assert_int_equal(line, 3);
		/* netns= compares as written too. */
		s.netns = "blue";
		assert_int_equal(pw_policy_judge(p, &s, NULL, &line, NULL), U);
		assert_int_equal(line, 0);
	}
	pw_policy_free(p);
}

/* --- protocols ------------------------------------------------------------------ */

static void each_protocol_matches_its_own_sockets_only(void **state)
{
	static const char *const names[PW_PROTO_COUNT] = {
		[TCP] = "tcp", [UDP] = "udp", [UDPLITE] = "udplite", [RAW] = "raw", [SCTP] = "sctp",
	};
	char text[64];

	(void)state;
	for (unsigned rp = 0; rp < PW_PROTO_COUNT; rp++) {
		struct pw_policy *p;

		snprintf(text, sizeof(text), "allow %s *:6\n", names[rp]);
		p = POL_PARSE(text);
		for (uint8_t sp = 0; sp < PW_PROTO_COUNT; sp++)
			POL_EXPECT(p, sp, "192.0.2.1", 6, sp == rp ? A : U, sp == rp ? 1 : 0);
		pw_policy_free(p);
	}
}

static void any_protocol_matches_all_five(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow any *:6\n");
	for (uint8_t sp = 0; sp < PW_PROTO_COUNT; sp++)
		POL_EXPECT(p, sp, "2001:db8::1", 6, A, 1);
	/* A protocol the module does not know is never matched. */
	POL_EXPECT(p, PW_PROTO_COUNT, "2001:db8::1", 6, U, 0);
	pw_policy_free(p);
}

/* A check needs a protocol's listeners when a line names it; `any` names none. */
static void proto_line_is_the_first_line_naming_the_protocol(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow any *:22\n# sctp\nallow tcp *:80\n\ndeny SCTP *:*\nallow sctp *:1\n");
	assert_int_equal(pw_policy_proto_line(p, PW_PROTO_SCTP), 5);
	assert_int_equal(pw_policy_proto_line(p, PW_PROTO_TCP), 3);
	assert_int_equal(pw_policy_proto_line(p, PW_PROTO_UDP), 0);
	assert_int_equal(pw_policy_proto_line(p, PW_PROTO_RAW), 0);
	pw_policy_free(p);
}

static void rule_scope_gives_its_protocols_and_family(void **state)
{
	struct pw_policy *p;
	int family = -1;

	(void)state;
	p = POL_PARSE("allow udp *:53 require\nallow any loopback:25\n"
		      "allow tcp [fd00::/8]:631\nallow tcp 10.0.0.0/8:22\n"
		      "allow tcp [::ffff:10.0.0.1]:23\n");
	assert_int_equal(pw_policy_rule_scope(p, 1, &family), PW_PROTO_BIT(PW_PROTO_UDP));
	assert_int_equal(family, 0);
	assert_int_equal(pw_policy_rule_scope(p, 2, &family), PW_PROTO_BIT(PW_PROTO_COUNT) - 1);
	assert_int_equal(family, 0);
	assert_int_equal(pw_policy_rule_scope(p, 3, &family), PW_PROTO_BIT(PW_PROTO_TCP));
	assert_int_equal(family, AF_INET6);
	assert_int_equal(pw_policy_rule_scope(p, 4, &family), PW_PROTO_BIT(PW_PROTO_TCP));
	assert_int_equal(family, AF_INET);
	/* An IPv4-mapped address is the IPv4 one. */
	pw_policy_rule_scope(p, 5, &family);
	assert_int_equal(family, AF_INET);
	assert_int_equal(pw_policy_rule_scope(p, 6, &family), 0);
	assert_int_equal(family, 0);
	pw_policy_free(p);
}

/* --- addresses ------------------------------------------------------------------ */

static void star_matches_every_address(void **state)
{
	static const char *const addrs[] = { "0.0.0.0", "::",	   "192.0.2.1",	     "127.0.0.1",
					     "::1",	"fe80::1", "::ffff:10.0.0.1" };
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp *:80\n");
	for (size_t i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++)
		POL_EXPECT(p, TCP, addrs[i], 80, A, 1);
	pw_policy_free(p);
}

static void ipv4_address_matches_itself_only(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp 192.0.2.1:80\n");
	POL_EXPECT(p, TCP, "192.0.2.1", 80, A, 1);
	POL_EXPECT(p, TCP, "192.0.2.2", 80, U, 0);
	POL_EXPECT(p, TCP, "193.0.2.1", 80, U, 0);
	POL_EXPECT(p, TCP, "192.0.2.1", 81, U, 0);
	/* The same bytes in an IPv6 address are another address. */
	POL_EXPECT(p, TCP, "c000:201::", 80, U, 0);
	pw_policy_free(p);
}

static void ipv6_address_matches_itself_only(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp [2001:db8::1]:80\n");
	POL_EXPECT(p, TCP, "2001:db8::1", 80, A, 1);
	POL_EXPECT(p, TCP, "2001:db8::2", 80, U, 0);
	POL_EXPECT(p, TCP, "3001:db8::1", 80, U, 0);
	POL_EXPECT(p, TCP, "32.1.13.184", 80, U, 0);
	pw_policy_free(p);
}

static void ipv4_cidr_matches_its_network(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp 10.0.0.0/8:80\n"
		      "allow tcp 192.168.4.0/22:80\n"
		      "allow tcp 198.51.100.7/32:80\n"
		      "allow tcp 0.0.0.0/0:81\n");
	POL_EXPECT(p, TCP, "10.0.0.0", 80, A, 1);
	POL_EXPECT(p, TCP, "10.255.255.255", 80, A, 1);
	POL_EXPECT(p, TCP, "11.0.0.1", 80, U, 0);
	POL_EXPECT(p, TCP, "9.255.255.255", 80, U, 0);
	/* A prefix that is not a whole number of bytes. */
	POL_EXPECT(p, TCP, "192.168.4.0", 80, A, 2);
	POL_EXPECT(p, TCP, "192.168.7.255", 80, A, 2);
	POL_EXPECT(p, TCP, "192.168.8.0", 80, U, 0);
	POL_EXPECT(p, TCP, "192.168.3.255", 80, U, 0);
	POL_EXPECT(p, TCP, "198.51.100.7", 80, A, 3);
	POL_EXPECT(p, TCP, "198.51.100.6", 80, U, 0);
	/* /0 is every IPv4 address, but still not the wildcard listener. */
	POL_EXPECT(p, TCP, "203.0.113.9", 81, A, 4);
	POL_EXPECT(p, TCP, "0.0.0.0", 81, U, 0);
	POL_EXPECT(p, TCP, "2001:db8::1", 81, U, 0);
	pw_policy_free(p);
}

static void ipv6_cidr_matches_its_network_in_both_spellings(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp [fd00::/8]:80\n"
		      "allow tcp [fd00::]/8:81\n"
		      "allow tcp [2001:db8:8000::]/33:80\n"
		      "allow tcp [::]/0:82\n");
	POL_EXPECT(p, TCP, "fd00::1", 80, A, 1);
	POL_EXPECT(p, TCP, "fdff:ffff::1", 80, A, 1);
	POL_EXPECT(p, TCP, "fe00::1", 80, U, 0);
	POL_EXPECT(p, TCP, "fc00::1", 80, U, 0);
	POL_EXPECT(p, TCP, "fd12:3456::1", 81, A, 2);
	POL_EXPECT(p, TCP, "fe00::1", 81, U, 0);
	POL_EXPECT(p, TCP, "2001:db8:8000::1", 80, A, 3);
	POL_EXPECT(p, TCP, "2001:db8:ffff::1", 80, A, 3);
	POL_EXPECT(p, TCP, "2001:db8:7fff::1", 80, U, 0);
	POL_EXPECT(p, TCP, "2001:db8::1", 82, A, 4);
	POL_EXPECT(p, TCP, "::", 82, U, 0);
	POL_EXPECT(p, TCP, "10.0.0.1", 82, U, 0);
	pw_policy_free(p);
}

static void loopback_is_127_slash_8_and_ipv6_one(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp loopback:5432\n");
	POL_EXPECT(p, TCP, "127.0.0.1", 5432, A, 1);
	POL_EXPECT(p, TCP, "127.255.0.53", 5432, A, 1);
	POL_EXPECT(p, TCP, "::1", 5432, A, 1);
	POL_EXPECT(p, TCP, "::ffff:127.0.0.1", 5432, A, 1);
	POL_EXPECT(p, TCP, "128.0.0.1", 5432, U, 0);
	POL_EXPECT(p, TCP, "10.0.0.1", 5432, U, 0);
	POL_EXPECT(p, TCP, "::2", 5432, U, 0);
	POL_EXPECT(p, TCP, "fe80::1", 5432, U, 0);
	POL_EXPECT(p, TCP, "0.0.0.0", 5432, U, 0);
	POL_EXPECT(p, TCP, "::", 5432, U, 0);
	pw_policy_free(p);
}

/* An IPv6 socket bound to ::ffff:a.b.c.d serves IPv4 clients of a.b.c.d only. */
static void ipv4_mapped_listeners_count_as_ipv4(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp 10.0.0.0/8:80\n"
		      "allow tcp 192.0.2.1:80\n"
		      "allow tcp [::]/0:80\n");
	POL_EXPECT(p, TCP, "::ffff:10.9.9.9", 80, A, 1);
	POL_EXPECT(p, TCP, "::ffff:192.0.2.1", 80, A, 2);
	/* Not an IPv6 address for the IPv6 rule: it is IPv4. */
	POL_EXPECT(p, TCP, "::ffff:192.0.2.2", 80, U, 0);
	POL_EXPECT(p, TCP, "2001:db8::1", 80, A, 3);
	/* Only the ::ffff:0:0/96 prefix maps. */
	POL_EXPECT(p, TCP, "::fffe:a09:909", 80, A, 3);
	pw_policy_free(p);
}

/* A rule written with a mapped address means the IPv4 one, or it could never match. */
static void ipv4_mapped_rules_count_as_ipv4(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp [::ffff:192.0.2.1]:80\n"
		      "allow tcp [::ffff:10.0.0.0]/104:80\n"
		      "allow tcp [::ffff:0:0/96]:81\n");
	POL_EXPECT(p, TCP, "192.0.2.1", 80, A, 1);
	POL_EXPECT(p, TCP, "::ffff:192.0.2.1", 80, A, 1);
	POL_EXPECT(p, TCP, "192.0.2.2", 80, U, 0);
	POL_EXPECT(p, TCP, "10.1.2.3", 80, A, 2);
	POL_EXPECT(p, TCP, "::ffff:10.1.2.3", 80, A, 2);
	POL_EXPECT(p, TCP, "11.1.2.3", 80, U, 0);
	POL_EXPECT(p, TCP, "c000:201::", 80, U, 0);
	/* The whole mapped range is every IPv4 address, wildcard excepted. */
	POL_EXPECT(p, TCP, "203.0.113.1", 81, A, 3);
	POL_EXPECT(p, TCP, "0.0.0.0", 81, U, 0);
	POL_EXPECT(p, TCP, "2001:db8::1", 81, U, 0);
	pw_policy_free(p);
}

static void wildcard_listeners_match_star_only(void **state)
{
	static const char *const wild[] = { "0.0.0.0", "::", "::ffff:0.0.0.0" };
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp loopback:80\n"
		      "allow tcp 0.0.0.0/0:80\n"
		      "allow tcp [::]/0:80\n"
		      "allow tcp [::ffff:0:0]/96:80\n"
		      "allow tcp 0.0.0.0/8:80\n"
		      "allow tcp *:80\n");
	for (size_t i = 0; i < sizeof(wild) / sizeof(wild[0]); i++) {
		/* Dual-stack or IPv6-only, a wildcard is a wildcard. */
		for (int v6only = -1; v6only <= 1; v6only++) {
			struct pw_sock k = pol_sock(TCP, wild[i], 80);
			struct pw_policy_subject s = { .sock = &k };

			k.v6only = (int8_t)v6only;
			pol_expect_full(p, &s, NULL, A, 6, __LINE__);
		}
	}
	pw_policy_free(p);
}

/* --- ports ---------------------------------------------------------------------- */

static void port_number_range_and_star(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp *:22\n"
		      "allow tcp *:1000-2000\n"
		      "allow tcp *:0\n"
		      "allow tcp *:65535-65535\n"
		      "allow udp *:*\n"
		      "allow sctp *:0-65535\n");
	POL_EXPECT(p, TCP, "0.0.0.0", 22, A, 1);
	POL_EXPECT(p, TCP, "0.0.0.0", 21, U, 0);
	POL_EXPECT(p, TCP, "0.0.0.0", 23, U, 0);
	POL_EXPECT(p, TCP, "0.0.0.0", 1000, A, 2);
	POL_EXPECT(p, TCP, "0.0.0.0", 2000, A, 2);
	POL_EXPECT(p, TCP, "0.0.0.0", 999, U, 0);
	POL_EXPECT(p, TCP, "0.0.0.0", 2001, U, 0);
	POL_EXPECT(p, TCP, "0.0.0.0", 0, A, 3);
	POL_EXPECT(p, TCP, "0.0.0.0", 65535, A, 4);
	POL_EXPECT(p, TCP, "0.0.0.0", 65534, U, 0);
	POL_EXPECT(p, UDP, "0.0.0.0", 0, A, 5);
	POL_EXPECT(p, UDP, "::1", 65535, A, 5);
	POL_EXPECT(p, SCTP, "::1", 40000, A, 6);
	pw_policy_free(p);
}

static void classes_match_their_iana_ranges(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp *:well-known\n"
		      "allow tcp *:registered\n"
		      "allow tcp *:dynamic\n");
	POL_EXPECT(p, TCP, "0.0.0.0", 0, A, 1);
	POL_EXPECT(p, TCP, "0.0.0.0", 1023, A, 1);
	POL_EXPECT(p, TCP, "0.0.0.0", 1024, A, 2);
	POL_EXPECT(p, TCP, "0.0.0.0", 49151, A, 2);
	POL_EXPECT(p, TCP, "0.0.0.0", 49152, A, 3);
	POL_EXPECT(p, TCP, "0.0.0.0", 65535, A, 3);
	POL_EXPECT(p, UDP, "0.0.0.0", 80, U, 0);
	pw_policy_free(p);
	p = POL_PARSE("allow tcp *:registered\n");
	POL_EXPECT(p, TCP, "0.0.0.0", 1023, U, 0);
	POL_EXPECT(p, TCP, "0.0.0.0", 49152, U, 0);
	pw_policy_free(p);
}

static void ephemeral_is_the_host_range_minus_reserved(void **state)
{
	static const char range[] = "40000 40010\n", reserved[] = "40005\n";
	struct pw_hostports hp;
	struct pw_policy *p;

	(void)state;
	pw_ports_default(&hp);
	assert_int_equal(pw_ports_parse_range(&hp, range, sizeof(range) - 1), 0);
	assert_int_equal(pw_ports_parse_reserved(&hp, reserved, sizeof(reserved) - 1), 0);
	p = POL_PARSE("allow udp *:ephemeral\n");
	POL_EXPECT_HP(p, &hp, UDP, "0.0.0.0", 40000, A, 1);
	POL_EXPECT_HP(p, &hp, UDP, "0.0.0.0", 40010, A, 1);
	POL_EXPECT_HP(p, &hp, UDP, "0.0.0.0", 40004, A, 1);
	POL_EXPECT_HP(p, &hp, UDP, "0.0.0.0", 40005, U, 0);
	POL_EXPECT_HP(p, &hp, UDP, "0.0.0.0", 39999, U, 0);
	POL_EXPECT_HP(p, &hp, UDP, "0.0.0.0", 40011, U, 0);
	POL_EXPECT_HP(p, &hp, UDP, "0.0.0.0", 32768, U, 0);
	/* Without the host's range: Linux's default, 32768-60999. */
	POL_EXPECT(p, UDP, "0.0.0.0", 32768, A, 1);
	POL_EXPECT(p, UDP, "0.0.0.0", 60999, A, 1);
	POL_EXPECT(p, UDP, "0.0.0.0", 40005, A, 1);
	POL_EXPECT(p, UDP, "0.0.0.0", 32767, U, 0);
	POL_EXPECT(p, UDP, "0.0.0.0", 61000, U, 0);
	pw_policy_free(p);
}

static void service_name_resolves_per_protocol(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp *:pwt-web\n"
		      "allow any *:pwt-multi\n"
		      "allow udplite *:pwt-udp\n"
		      "allow sctp *:pwt-sctp\n");
	POL_EXPECT(p, TCP, "0.0.0.0", 8080, A, 1);
	POL_EXPECT(p, TCP, "0.0.0.0", 8081, U, 0);
	POL_EXPECT(p, UDP, "0.0.0.0", 8080, U, 0);
	/* With any: each port on its own protocols only. */
	POL_EXPECT(p, TCP, "0.0.0.0", 7000, A, 2);
	POL_EXPECT(p, UDP, "0.0.0.0", 7001, A, 2);
	POL_EXPECT(p, UDPLITE, "0.0.0.0", 7001, A, 2);
	POL_EXPECT(p, UDP, "0.0.0.0", 7000, U, 0);
	POL_EXPECT(p, TCP, "0.0.0.0", 7001, U, 0);
	POL_EXPECT(p, SCTP, "0.0.0.0", 7000, U, 0);
	/* UDP-Lite goes by UDP's names. */
	POL_EXPECT(p, UDPLITE, "0.0.0.0", 7003, A, 3);
	POL_EXPECT(p, UDP, "0.0.0.0", 7003, U, 0);
	POL_EXPECT(p, SCTP, "0.0.0.0", 9000, A, 4);
	pw_policy_free(p);
}

static void service_names_fold_case_and_take_aliases_and_builtins(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp 10.0.0.1:web-alias\n"
		      "allow tcp *:PWT-WEB\n"
		      "allow tcp *:ssh\n"
		      "allow tcp *:3com-tsmux\n"
		      "allow tcp *:802-11-iapp\n"
		      "allow udp *:pwt-udp\n");
	POL_EXPECT(p, TCP, "10.0.0.1", 8080, A, 1);
	POL_EXPECT(p, TCP, "10.0.0.2", 8080, A, 2);
	POL_EXPECT(p, TCP, "0.0.0.0", 22, A, 3);
	/* Names that start like a number or a range. */
	POL_EXPECT(p, TCP, "0.0.0.0", 106, A, 4);
	POL_EXPECT(p, TCP, "0.0.0.0", 3517, A, 5);
	POL_EXPECT(p, TCP, "0.0.0.0", 802, U, 0);
	POL_EXPECT(p, TCP, "0.0.0.0", 11, U, 0);
	POL_EXPECT(p, UDP, "0.0.0.0", 7003, A, 6);
	POL_EXPECT(p, UDP, "0.0.0.0", 8080, U, 0);
	pw_policy_free(p);
}

/* Names are looked up once and shared: enough of them to grow the cache, each still right. */
static void many_service_names_each_keep_their_ports(void **state)
{
	static const struct {
		const char *name;
		uint16_t port;
	} svcs[] = {
		{ "ftp", 21 },	      { "ssh", 22 },	     { "telnet", 23 },
		{ "smtp", 25 },	      { "domain", 53 },	     { "http", 80 },
		{ "kerberos", 88 },   { "pop3", 110 },	     { "nntp", 119 },
		{ "imap", 143 },      { "bgp", 179 },	     { "ldap", 389 },
		{ "https", 443 },     { "submission", 587 }, { "ldaps", 636 },
		{ "rsync", 873 },     { "imaps", 993 },	     { "pop3s", 995 },
		{ "ms-sql-s", 1433 }, { "mysql", 3306 },     { "postgresql", 5432 },
	};
	size_t n = sizeof(svcs) / sizeof(svcs[0]), len = 0;
	char text[4096];
	struct pw_policy *p;

	(void)state;
	/* Each name twice, the second time in capitals: two rules per name. */
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "allow tcp 10.0.0.1:%s\n",
					svcs[i].name);
	for (size_t i = 0; i < n; i++) {
		len += (size_t)snprintf(text + len, sizeof(text) - len, "allow tcp 10.0.0.2:");
		for (const char *c = svcs[i].name; *c; c++)
			text[len++] = (char)(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c);
		text[len++] = '\n';
	}
	text[len] = '\0';
	assert_true(len < sizeof(text) - 1);
	p = POL_PARSE(text);
	assert_int_equal(pw_policy_nrules(p), 2 * n);
	for (size_t i = 0; i < n; i++) {
		POL_EXPECT(p, TCP, "10.0.0.1", svcs[i].port, A, (unsigned)i + 1);
		POL_EXPECT(p, TCP, "10.0.0.2", svcs[i].port, A, (unsigned)(n + i) + 1);
		POL_EXPECT(p, TCP, "10.0.0.2", svcs[i].port + 1000, U, 0);
	}
	pw_policy_free(p);
}

/* A raw socket's "port" is its IP protocol: numbers only. */
static void raw_sockets_match_numbers_only(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow raw *:6\n"
		      "allow raw *:58-59\n"
		      "allow any *:well-known\n"
		      "allow any *:ssh\n"
		      "allow any *:ephemeral\n"
		      "allow any *:7000-7001\n");
	POL_EXPECT(p, RAW, "0.0.0.0", 6, A, 1);
	POL_EXPECT(p, RAW, "::", 58, A, 2);
	POL_EXPECT(p, RAW, "::", 59, A, 2);
	POL_EXPECT(p, RAW, "0.0.0.0", 17, U, 0);
	POL_EXPECT(p, TCP, "0.0.0.0", 17, A, 3);
	POL_EXPECT(p, RAW, "0.0.0.0", 40000, U, 0);
	POL_EXPECT(p, UDP, "0.0.0.0", 40000, A, 5);
	POL_EXPECT(p, RAW, "0.0.0.0", 7000, A, 6);
	pw_policy_free(p);
	p = POL_PARSE("allow any *:ssh\nallow raw *:*\n");
	POL_EXPECT(p, RAW, "0.0.0.0", 22, A, 2);
	POL_EXPECT(p, TCP, "0.0.0.0", 22, A, 1);
	pw_policy_free(p);
}

/* --- options -------------------------------------------------------------------- */

static void user_matches_the_socket_uid_by_number_or_name(void **state)
{
	struct pol_users users = { 0 };
	struct pw_error err = { 0 };
	struct pw_policy *p = NULL;
	struct pw_sock k = pol_sock(TCP, "0.0.0.0", 80);
	struct pw_policy_subject s = { .sock = &k };
	static const char text[] = "allow tcp *:80 user=33\n"
				   "allow tcp *:80 user=postgres\n"
				   "allow tcp *:80 user=0\n"
				   "allow tcp *:81 user=4294967294\n";
	unsigned line;

	(void)state;
	assert_int_equal(pw_policy_parse(text, sizeof(text) - 1, POL_FILE, pol_db, pol_uid, &users,
					 &p, &err),
			 0);
	assert_non_null(p);
	/* Numbers never reach the callback; its context is handed through. */
	assert_int_equal(users.calls, 1);
	assert_string_equal(users.last, "postgres");
	k.uid = 33;
	assert_int_equal(pw_policy_judge(p, &s, NULL, &line, NULL), A);
	assert_int_equal(line, 1);
	k.uid = 70;
	assert_int_equal(pw_policy_judge(p, &s, NULL, &line, NULL), A);
	assert_int_equal(line, 2);
	k.uid = 0;
	assert_int_equal(pw_policy_judge(p, &s, NULL, &line, NULL), A);
	assert_int_equal(line, 3);
	k.uid = 1000;
	assert_int_equal(pw_policy_judge(p, &s, NULL, &line, NULL), U);
	assert_int_equal(line, 0);
	k.lport = 81;
	k.uid = 4294967294u;
	assert_int_equal(pw_policy_judge(p, &s, NULL, &line, NULL), A);
	assert_int_equal(line, 4);
	assert_false(pw_policy_uses_owners(p));
	pw_policy_free(p);
}

static void user_names_need_a_resolver(void **state)
{
	static const char text[] = "allow tcp *:80 user=0\n"
				   "allow tcp *:80 user=root\n";
	struct pw_policy *p = NULL;
	struct pw_error err = { 0 };

	(void)state;
	/* Without uid_of, uids still work: only the name is refused. */
	pol_refuse_full(text, sizeof(text) - 1, pol_db, NULL, NULL, -EINVAL, 2, 16, "no such user",
			__LINE__);
	assert_int_equal(pw_policy_parse(text, 22, POL_FILE, pol_db, NULL, NULL, &p, &err), 0);
	assert_int_equal(pw_policy_nrules(p), 1);
	pw_policy_free(p);
}

static void failing_user_lookup_aborts_with_its_errno(void **state)
{
	static const char text[] = "allow tcp *:22\n"
				   "allow tcp *:80\tuser=www-data\n";
	struct pol_users users = { .fail = -EIO };

	(void)state;
	pol_refuse_full(text, sizeof(text) - 1, pol_db, pol_uid, &users, -EIO, 2, 16,
			"cannot look users up", __LINE__);
	assert_int_equal(users.calls, 1);
	/* -ENOENT is "no such user", a policy error. */
	users.fail = -ENOENT;
	pol_refuse_full(text, sizeof(text) - 1, pol_db, pol_uid, &users, -EINVAL, 2, 16,
			"'user=www-data': no such user", __LINE__);
}

static void a_namespace_without_a_name_matches_no_netns_rule(void **state)
{
	struct pw_policy *p;
	struct pw_sock k = pol_sock(TCP, "0.0.0.0", 80);
	struct pw_policy_subject s = { .sock = &k, .netns_unnamed = true };
	unsigned line;

	(void)state;
	p = POL_PARSE("allow tcp *:80 netns=host\nallow tcp *:80 netns=blue\n"
		      "deny tcp *:80 netns="
		      "(unnamed)\nallow tcp *:80\n");
	/* Not the initial namespace, though it has no name: only the rule for any holds. */
	assert_int_equal(pw_policy_judge(p, &s, NULL, &line, NULL), A);
	assert_int_equal(line, 4);
	s.netns_unnamed = false;
	assert_int_equal(pw_policy_judge(p, &s, NULL, &line, NULL), A);
	assert_int_equal(line, 1);
	pw_policy_free(p);
	p = POL_PARSE("allow tcp *:80 netns=host\n");
	s.netns_unnamed = true;
	assert_int_equal(pw_policy_judge(p, &s, NULL, &line, NULL), U);
	pw_policy_free(p);
}

static void netns_matches_the_namespace_name(void **state)
{
	struct pw_policy *p;
	struct pw_sock k = pol_sock(TCP, "0.0.0.0", 80);
	struct pw_policy_subject s = { .sock = &k };
	unsigned line;

	(void)state;
	p = POL_PARSE("allow tcp *:80 netns=blue\nallow tcp *:80 netns=host\n");
	s.netns = "blue";
	assert_int_equal(pw_policy_judge(p, &s, NULL, &line, NULL), A);
	assert_int_equal(line, 1);
	/* No name is the initial namespace, "host". */
	s.netns = NULL;
	assert_int_equal(pw_policy_judge(p, &s, NULL, &line, NULL), A);
	assert_int_equal(line, 2);
	s.netns = "host";
	assert_int_equal(pw_policy_judge(p, &s, NULL, &line, NULL), A);
	assert_int_equal(line, 2);
	s.netns = "red";
	assert_int_equal(pw_policy_judge(p, &s, NULL, &line, NULL), U);
	assert_int_equal(line, 0);
	s.netns = "blue2";
	assert_int_equal(pw_policy_judge(p, &s, NULL, &line, NULL), U);
	assert_false(pw_policy_uses_owners(p));
	pw_policy_free(p);
}

static void process_matches_comm_or_exe_basename(void **state)
{
	struct pw_proc comm_only = pol_proc(612, "sshd", NULL);
	struct pw_proc resolved =
		pol_proc(700, "systemd-resolve", "/usr/lib/systemd/systemd-resolved");
	struct pw_proc bare = pol_proc(701, NULL, "daemon");
	struct pw_proc nothing = pol_proc(702, NULL, NULL);
	const struct pw_proc *const h_comm[] = { &comm_only };
	const struct pw_proc *const h_resolved[] = { &resolved };
	const struct pw_proc *const h_bare[] = { &bare };
	const struct pw_proc *const h_nothing[] = { &nothing };
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp *:22 process=sshd\n"
		      "allow udp *:53 process=systemd-resolved\n"
		      "allow udp *:54 process=systemd-resolve\n"
		      "allow udp *:55 process=/usr/lib/systemd/systemd-resolved\n"
		      "allow udp *:56 process=systemd\n"
		      "allow udp *:57 process=daemon\n"
		      "allow tcp *:22 process=ssh\n");
	POL_EXPECT_HELD(p, h_comm, TCP, "0.0.0.0", 22, A, 1);
	/* The kernel cuts comm at 15 bytes: the exe's base name has it whole. */
	POL_EXPECT_HELD(p, h_resolved, UDP, "127.0.0.53", 53, A, 2);
	POL_EXPECT_HELD(p, h_resolved, UDP, "127.0.0.53", 54, A, 3);
	/* The base name, not the path nor a part of it. */
	POL_EXPECT_HELD(p, h_resolved, UDP, "127.0.0.53", 55, U, 0);
	POL_EXPECT_HELD(p, h_resolved, UDP, "127.0.0.53", 56, U, 0);
	/* An exe without a slash is its own base name; a NULL comm is skipped. */
	POL_EXPECT_HELD(p, h_bare, UDP, "127.0.0.53", 57, A, 6);
	POL_EXPECT_HELD(p, h_nothing, UDP, "127.0.0.53", 57, U, 0);
	POL_EXPECT_HELD(p, h_nothing, TCP, "0.0.0.0", 22, U, 0);
	pw_policy_free(p);
}

/* /proc/PID/exe of a replaced executable reads "PATH (deleted)" (proc(5)). */
static void deleted_suffix_of_an_upgraded_exe_is_ignored(void **state)
{
	struct pw_proc old = pol_proc(612, "sshd-session", "/usr/sbin/sshd (deleted)");
	struct pw_proc odd = pol_proc(613, "x", "/usr/sbin/sshd (deleted) again");
	const struct pw_proc *const h_old[] = { &old };
	const struct pw_proc *const h_odd[] = { &odd };
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp *:22 process=sshd\n"
		      "allow tcp *:23 exe=/usr/sbin/sshd\n"
		      "allow tcp *:24 exe=/usr/sbin/ssh\n"
		      "allow tcp *:25 exe=/usr/sbin\n");
	POL_EXPECT_HELD(p, h_old, TCP, "0.0.0.0", 22, A, 1);
	POL_EXPECT_HELD(p, h_old, TCP, "0.0.0.0", 23, A, 2);
	/* Whole names only: neither a prefix of the path nor its directory. */
	POL_EXPECT_HELD(p, h_old, TCP, "0.0.0.0", 24, U, 0);
	POL_EXPECT_HELD(p, h_old, TCP, "0.0.0.0", 25, U, 0);
	/* Only a suffix that is exactly " (deleted)". */
	POL_EXPECT_HELD(p, h_odd, TCP, "0.0.0.0", 22, U, 0);
	POL_EXPECT_HELD(p, h_odd, TCP, "0.0.0.0", 23, U, 0);
	pw_policy_free(p);
}

static void exe_matches_the_whole_path(void **state)
{
	struct pw_proc sshd = pol_proc(612, "sshd", "/usr/sbin/sshd");
	struct pw_proc no_exe = pol_proc(613, "sshd", NULL);
	const struct pw_proc *const h_sshd[] = { &sshd };
	const struct pw_proc *const h_no_exe[] = { &no_exe };
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp *:22 exe=/usr/sbin/sshd\n"
		      "allow tcp *:23 exe=/usr/sbin/sshd2\n"
		      "allow tcp *:24 exe=/usr/local/sbin/sshd\n");
	POL_EXPECT_HELD(p, h_sshd, TCP, "0.0.0.0", 22, A, 1);
	POL_EXPECT_HELD(p, h_sshd, TCP, "0.0.0.0", 23, U, 0);
	POL_EXPECT_HELD(p, h_sshd, TCP, "0.0.0.0", 24, U, 0);
	/* An exe that could not be read matches no exe=, even when comm would. */
	POL_EXPECT_HELD(p, h_no_exe, TCP, "0.0.0.0", 22, U, 0);
	pw_policy_free(p);
}

static void process_and_exe_match_any_single_holder(void **state)
{
	struct pw_proc init = pol_proc(1, "systemd", "/usr/lib/systemd/systemd");
	struct pw_proc daemon = pol_proc(612, "sshd", "/usr/sbin/sshd");
	struct pw_proc fake = pol_proc(666, "sshd", "/tmp/sshd-not");
	struct pw_proc odd = pol_proc(667, "systemd", "/usr/sbin/sshd");
	const struct pw_proc *const both[] = { &init, &daemon };
	const struct pw_proc *const h_fake[] = { &fake };
	const struct pw_proc *const with_odd[] = { &init, &daemon, &odd };
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp *:22 process=sshd\n"
		      "allow tcp *:23 process=systemd\n"
		      "allow tcp *:24 process=systemd exe=/usr/sbin/sshd\n"
		      "allow tcp *:25 process=sshd exe=/usr/sbin/sshd\n");
	/* With socket activation, PID 1 and the daemon both hold the socket. */
	POL_EXPECT_HELD(p, both, TCP, "0.0.0.0", 22, A, 1);
	POL_EXPECT_HELD(p, both, TCP, "0.0.0.0", 23, A, 2);
	/* process= and exe= must hold for one same holder, not one each. */
	POL_EXPECT_HELD(p, both, TCP, "0.0.0.0", 24, U, 0);
	POL_EXPECT_HELD(p, with_odd, TCP, "0.0.0.0", 24, A, 3);
	POL_EXPECT_HELD(p, both, TCP, "0.0.0.0", 25, A, 4);
	/* The right name from another executable is not enough. */
	POL_EXPECT_HELD(p, h_fake, TCP, "0.0.0.0", 25, U, 0);
	pw_policy_free(p);
}

static void owner_rules_never_match_without_holders(void **state)
{
	struct pw_proc sshd = pol_proc(612, "sshd", "/usr/sbin/sshd");
	const struct pw_proc *const held[] = { &sshd };
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp *:22 process=sshd\n"
		      "allow tcp *:22 exe=/usr/sbin/sshd\n"
		      "deny tcp *:22\n");
	POL_EXPECT_HELD(p, held, TCP, "0.0.0.0", 22, A, 1);
	/* Holders unknown (not visible, or no inode): the next rule decides. */
	POL_EXPECT(p, TCP, "0.0.0.0", 22, D, 3);
	pw_policy_free(p);
}

static void uses_owners_only_with_process_or_exe(void **state)
{
	static const struct {
		const char *text;
		bool owners;
	} cases[] = {
		{ "allow tcp *:22\n", false },
		{ "allow tcp *:22 user=0 netns=blue require\n", false },
		{ "allow tcp *:22 process=sshd\n", true },
		{ "allow tcp *:22 exe=/usr/sbin/sshd\n", true },
		/* Any rule, not only the first. */
		{ "allow tcp *:21\ndeny tcp *:23\n# x\nallow tcp *:22 process=sshd\n", true },
		{ "# allow tcp *:22 process=sshd\n", false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pw_policy *p = POL_PARSE(cases[i].text);

		if (pw_policy_uses_owners(p) != cases[i].owners)
			fail_msg("\"%s\": uses_owners should be %d", cases[i].text,
				 cases[i].owners);
		pw_policy_free(p);
	}
}

/* --- which rule decides ----------------------------------------------------------- */

static void first_matching_rule_wins(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("deny tcp *:22\nallow tcp *:22\n");
	POL_EXPECT(p, TCP, "0.0.0.0", 22, D, 1);
	pw_policy_free(p);
	p = POL_PARSE("allow tcp *:22\ndeny tcp *:22\n");
	POL_EXPECT(p, TCP, "0.0.0.0", 22, A, 1);
	pw_policy_free(p);
	/* Narrow allows before a broad deny. */
	p = POL_PARSE("# local ssh\n"
		      "allow tcp 10.0.0.0/8:22\n"
		      "allow tcp loopback:*\n"
		      "deny any *:*\n"
		      "allow tcp *:22\n");
	POL_EXPECT(p, TCP, "10.1.1.1", 22, A, 2);
	POL_EXPECT(p, TCP, "127.0.0.1", 22, A, 3);
	POL_EXPECT(p, TCP, "::1", 22, A, 3);
	POL_EXPECT(p, TCP, "::1", 8080, A, 3);
	POL_EXPECT(p, TCP, "192.0.2.1", 22, D, 4);
	POL_EXPECT(p, TCP, "10.1.1.1", 23, D, 4);
	POL_EXPECT(p, RAW, "0.0.0.0", 255, D, 4);
	pw_policy_free(p);
}

/* --- require ---------------------------------------------------------------------- */

struct pol_missing {
	unsigned lines[8];
	char texts[8][64];
	unsigned n;
	unsigned stop_at; /* return -ECANCELED on this call (1-based); 0: never */
	void *data;
};

static int pol_missing_cb(unsigned line, const char *text, void *data)
{
	struct pol_missing *m = data;

	if (m->n < 8) {
		m->lines[m->n] = line;
		snprintf(m->texts[m->n], sizeof(m->texts[m->n]), "%s", text);
	}
	m->n++;
	return m->n == m->stop_at ? -ECANCELED : 0;
}

static void missing_lists_required_rules_no_listener_matched(void **state)
{
	struct pw_proc sshd = pol_proc(612, "sshd", "/usr/sbin/sshd");
	const struct pw_proc *const held[] = { &sshd };
	struct pw_sock ssh = pol_sock(TCP, "0.0.0.0", 22), pg = pol_sock(TCP, "127.0.0.1", 5432);
	struct pw_policy_subject s_ssh = { .sock = &ssh, .procs = held, .nprocs = 1 };
	struct pw_policy_subject s_ssh_unseen = { .sock = &ssh };
	struct pw_policy_subject s_pg = { .sock = &pg };
	struct pol_missing m = { 0 };
	bool matched[4] = { false };
	struct pw_policy *p;
	unsigned line;

	(void)state;
	p = POL_PARSE("allow tcp *:22 process=sshd require  # the way in\n"
		      "deny tcp *:23\n"
		      "allow tcp loopback:5432 require\n"
		      "allow udp *:53 require\n");
	assert_int_equal(pw_policy_nrules(p), 4);
	/* Before any listener, every required rule is missing, in file order. */
	assert_int_equal(pw_policy_missing(p, matched, pol_missing_cb, &m), 3);
	assert_int_equal(m.n, 3);
	assert_int_equal(m.lines[0], 1);
	assert_int_equal(m.lines[1], 3);
	assert_int_equal(m.lines[2], 4);
	assert_string_equal(m.texts[0], "allow tcp *:22 process=sshd require");
	assert_string_equal(m.texts[2], "allow udp *:53 require");
	/* sshd's socket seen without its holder does not count as sshd's. */
	assert_int_equal(pw_policy_judge(p, &s_ssh_unseen, NULL, &line, matched), U);
	assert_false(matched[0]);
	assert_int_equal(pw_policy_judge(p, &s_ssh, NULL, &line, matched), A);
	assert_int_equal(line, 1);
	assert_true(matched[0]);
	assert_int_equal(pw_policy_judge(p, &s_pg, NULL, &line, matched), A);
	assert_int_equal(line, 3);
	assert_true(matched[2]);
	assert_false(matched[1]);
	assert_false(matched[3]);
	memset(&m, 0, sizeof(m));
	assert_int_equal(pw_policy_missing(p, matched, pol_missing_cb, &m), 1);
	assert_int_equal(m.n, 1);
	assert_int_equal(m.lines[0], 4);
	/* No callback: only the count. */
	assert_int_equal(pw_policy_missing(p, matched, NULL, NULL), 1);
	/* Judging again changes nothing. */
	assert_int_equal(pw_policy_judge(p, &s_ssh, NULL, &line, matched), A);
	assert_int_equal(pw_policy_missing(p, matched, NULL, NULL), 1);
	pw_policy_free(p);
}

static void required_rule_counts_even_when_an_earlier_rule_decides(void **state)
{
	struct pw_sock k = pol_sock(TCP, "10.0.0.1", 22);
	struct pw_policy_subject s = { .sock = &k };
	bool matched[2] = { false };
	struct pw_policy *p;
	unsigned line;

	(void)state;
	p = POL_PARSE("deny tcp 10.0.0.0/8:22\nallow tcp 10.0.0.1:22 require\n");
	assert_int_equal(pw_policy_judge(p, &s, NULL, &line, matched), D);
	assert_int_equal(line, 1);
	assert_false(matched[0]);
	assert_true(matched[1]);
	assert_int_equal(pw_policy_missing(p, matched, NULL, NULL), 0);
	/* A NULL matched array is allowed: nothing is recorded. */
	assert_int_equal(pw_policy_judge(p, &s, NULL, NULL, NULL), D);
	pw_policy_free(p);
}

static void missing_callback_error_stops_the_walk(void **state)
{
	struct pol_missing m = { .stop_at = 2 };
	bool matched[3] = { false };
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp *:1 require\nallow tcp *:2 require\nallow tcp *:3 require\n");
	assert_int_equal(pw_policy_missing(p, matched, pol_missing_cb, &m), -ECANCELED);
	assert_int_equal(m.n, 2);
	assert_int_equal(m.lines[1], 2);
	pw_policy_free(p);
}

/* --- rule text -------------------------------------------------------------------- */

static void rule_text_is_the_words_joined_by_one_space(void **state)
{
	char text[2048];
	size_t len = 0;
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("\n  allow\t\ttcp   *:22    process=sshd   # the daemon  \n");
	assert_string_equal(pw_policy_rule_text(p, 2), "allow tcp *:22 process=sshd");
	assert_null(pw_policy_rule_text(p, 0));
	assert_null(pw_policy_rule_text(p, 1));
	assert_null(pw_policy_rule_text(p, 3));
	assert_null(pw_policy_rule_text(p, 4000000000u));
	pw_policy_free(p);
	/* Every rule found among many, with comments between. */
	for (unsigned i = 0; i < 50; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "allow tcp *:%u\n#\n",
					1000 + i);
	p = POL_PARSE(text);
	for (unsigned i = 0; i < 50; i++) {
		char want[32];

		snprintf(want, sizeof(want), "allow tcp *:%u", 1000 + i);
		assert_string_equal(pw_policy_rule_text(p, 2 * i + 1), want);
		assert_null(pw_policy_rule_text(p, 2 * i + 2));
	}
	pw_policy_free(p);
}

/* --- parse errors ------------------------------------------------------------------ */

static void bad_bytes_are_refused_with_their_column(void **state)
{
	(void)state;
	POL_REFUSE("allow tcp *:22 process=ss\x1bh\n", 1, 26, "control character \\x1b");
	POL_REFUSE("# ok\nallow\x7f tcp *:22\n", 2, 6, "control character \\x7f");
	/* Columns count characters: "é" is one. Comments are checked too. */
	POL_REFUSE("# caf\xc3\xa9 \xc2\x9b\n", 1, 8, "control character \\x9b");
	POL_REFUSE("allow tcp *:22 process=\xff\n", 1, 24, "invalid UTF-8 byte \\xff");
	POL_REFUSE("allow tcp *:22 process=\xc0\xaf\n", 1, 24, "invalid UTF-8");
	POL_REFUSE("allow tcp *:22\n# \xed\xa0\x80 surrogate\n", 2, 3, "invalid UTF-8");
	/* A CR is a line end only before LF. */
	POL_REFUSE("allow tcp\r*:22\n", 1, 10, "control character \\x0d");
	POL_REFUSE("allow tcp *:22\r\r\n", 1, 15, "control character \\x0d");
	POL_REFUSE("allow tcp *:22\v\n", 1, 15, "control character \\x0b");
}

static void nul_byte_is_refused(void **state)
{
	(void)state;
	POL_REFUSE("allow tcp *:22\nallow\0tcp *:23\n", 2, 6, "NUL byte");
	POL_REFUSE("\0", 1, 1, "NUL byte");
	/* Even in a comment, and after the last newline. */
	POL_REFUSE("allow tcp *:22 # \0\n", 1, 18, "NUL byte");
	POL_REFUSE("allow tcp *:22\n\n\0", 3, 1, "NUL byte");
}

static void first_word_must_be_an_action(void **state)
{
	(void)state;
	POL_REFUSE("permit tcp *:22\n", 1, 1, "expected allow or deny, not 'permit'");
	POL_REFUSE("\n\t  allowed tcp *:22\n", 2, 4, "allow or deny");
	POL_REFUSE("tcp *:22 allow\n", 1, 1, "allow or deny");
}

static void protocol_errors(void **state)
{
	(void)state;
	POL_REFUSE("allow\n", 1, 6, "expected a protocol");
	POL_REFUSE("allow   # tcp\n", 1, 6, "expected a protocol");
	POL_REFUSE("allow tcpx *:22\n", 1, 7, "unknown protocol 'tcpx'");
	POL_REFUSE("deny ip *:22\n", 1, 6, "(tcp, udp, udplite, sctp, raw, any)");
	POL_REFUSE("deny tcp\n", 1, 9, "expected ADDRESS:PORT");
	POL_REFUSE("deny tcp # *:22\n", 1, 9, "expected ADDRESS:PORT");
}

static void endpoint_errors(void **state)
{
	(void)state;
	POL_REFUSE("allow tcp [::1:22\n", 1, 11, "missing ']'");
	POL_REFUSE("allow tcp ::1:22\n", 1, 11, "in brackets");
	POL_REFUSE("allow tcp fd00::/8:22\n", 1, 11, "in brackets");
	/* The column just past the word. */
	POL_REFUSE("allow tcp 127.0.0.1 process=x\n", 1, 20, "missing ':PORT'");
	POL_REFUSE("allow tcp [::1]\n", 1, 16, "missing ':PORT'");
	POL_REFUSE("allow tcp loopback\n", 1, 19, "missing ':PORT'");
}

static void address_errors(void **state)
{
	(void)state;
	POL_REFUSE("allow tcp 300.1.1.1:22\n", 1, 11, "address '300.1.1.1' is not");
	POL_REFUSE("allow tcp 10.1.1:22\n", 1, 11, "is not IPv4");
	POL_REFUSE("allow tcp localhost:22\n", 1, 11, "is not IPv4");
	POL_REFUSE("allow tcp :22\n", 1, 11, "is not IPv4");
	POL_REFUSE("allow tcp [zz]:22\n", 1, 11, "'[zz]' is not");
	POL_REFUSE("allow tcp [192.0.2.1]:22\n", 1, 11, "is not IPv4");
	POL_REFUSE("allow tcp [::1]x:22\n", 1, 11, "is not IPv4");
	POL_REFUSE("allow tcp [fd00::/8]/8:22\n", 1, 11, "is not IPv4");
	POL_REFUSE("allow tcp [fe80::1%eth0]:22\n", 1, 11, "is not IPv4");
	POL_REFUSE("allow tcp 10.0.0.0/33:22\n", 1, 11, "prefix in '10.0.0.0/33' is not 0-32");
	POL_REFUSE("allow tcp [fd00::]/129:22\n", 1, 11, "is not 0-128");
	POL_REFUSE("allow tcp 10.0.0.0/:22\n", 1, 11, "prefix");
	POL_REFUSE("allow tcp 10.0.0.0/-8:22\n", 1, 11, "prefix");
	POL_REFUSE("allow tcp 10.0.0.1/8:22\n", 1, 11, "bits set past its /8 prefix");
	POL_REFUSE("allow tcp 192.168.5.0/22:22\n", 1, 11, "bits set past its /22");
	POL_REFUSE("allow tcp [fd00::1]/8:22\n", 1, 11, "bits set past");
	POL_REFUSE("allow tcp [::ffff:10.0.0.1]/104:22\n", 1, 11, "bits set past its /104");
	POL_REFUSE("allow tcp 0.0.0.0:22\n", 1, 11, "wildcard address: write *");
	POL_REFUSE("allow tcp 0.0.0.0/32:22\n", 1, 11, "wildcard");
	POL_REFUSE("allow tcp [::]:22\n", 1, 11, "'[::]' is the wildcard");
	POL_REFUSE("allow tcp [::ffff:0.0.0.0]:22\n", 1, 11, "wildcard");
}

static void port_errors(void **state)
{
	(void)state;
	POL_REFUSE("allow tcp *:\n", 1, 13, "expected a port after ':'");
	POL_REFUSE("allow tcp [::1]: require\n", 1, 17, "expected a port");
	POL_REFUSE("allow tcp *:65536\n", 1, 13, "port 65536 out of range (0-65535)");
	POL_REFUSE("allow tcp *:99999999999999999999\n", 1, 13, "out of range");
	POL_REFUSE("allow tcp *:1-70000\n", 1, 15, "port 70000 out of range");
	POL_REFUSE("allow tcp *:2000-1000\n", 1, 13, "range 2000-1000 is backwards");
	POL_REFUSE("allow tcp *:22-\n", 1, 13, "unknown service name '22-'");
	POL_REFUSE("allow tcp *:-22\n", 1, 13, "unknown service name");
	POL_REFUSE("allow tcp *:no-such-service\n", 1, 13,
		   "unknown service name 'no-such-service'");
	POL_REFUSE("allow raw *:ssh\n", 1, 13, "raw socket's port is its IP protocol");
	POL_REFUSE("allow raw *:well-known\n", 1, 13, "'well-known' is not a number");
	POL_REFUSE("allow raw *:ephemeral\n", 1, 13, "not a number");
	POL_REFUSE("allow udp *:pwt-web\n", 1, 13, "service 'pwt-web' has no udp port");
	POL_REFUSE("allow sctp *:pwt-web\n", 1, 14, "has no sctp port");
	POL_REFUSE("allow udplite *:pwt-web\n", 1, 17, "has no udplite port");
	POL_REFUSE("allow tcp *:pwt-udp\n", 1, 13, "has no tcp port");
	/* DCCP ports are not sockets portwatch lists. */
	POL_REFUSE("allow any *:pwt-dccp\n", 1, 13, "has no tcp, udp or sctp port");
}

static void service_names_need_a_database(void **state)
{
	static const char text[] = "allow tcp *:22\nallow tcp *:ssh\n";
	struct pw_policy *p;

	(void)state;
	pol_refuse_full(text, sizeof(text) - 1, NULL, pol_uid, NULL, -EINVAL, 2, 13,
			"unknown service name 'ssh'", __LINE__);
	/* Numbers and classes need none. */
	p = pol_parse_full("allow tcp *:22\nallow tcp *:well-known\n", 38, NULL, __LINE__);
	assert_int_equal(pw_policy_nrules(p), 2);
	pw_policy_free(p);
}

static void option_errors(void **state)
{
	(void)state;
	POL_REFUSE("allow tcp *:22 require require\n", 1, 24, "option 'require' given twice");
	POL_REFUSE("deny tcp *:22 require\n", 1, 15, "'require' goes with allow only");
	POL_REFUSE("allow tcp *:22 sshd\n", 1, 16, "unknown option 'sshd'");
	POL_REFUSE("allow tcp *:22 require=yes\n", 1, 16, "'require' takes no value");
	POL_REFUSE("allow tcp *:22 port=22\n", 1, 16, "unknown option 'port='");
	POL_REFUSE("allow tcp *:22 =sshd\n", 1, 16, "unknown option '='");
	POL_REFUSE("allow tcp *:22 process=\n", 1, 16, "option 'process=' needs a value");
	POL_REFUSE("allow tcp *:22 user= require\n", 1, 16, "option 'user=' needs a value");
	POL_REFUSE("allow tcp *:22 process=a process=b\n", 1, 26, "option 'process=' given twice");
	POL_REFUSE("allow tcp *:22 exe=/a EXE=/b\n", 1, 23, "option 'exe=' given twice");
	POL_REFUSE("allow tcp *:22 netns=a netns=b\n", 1, 24, "option 'netns=' given twice");
	POL_REFUSE("allow tcp *:22 user=0 user=root\n", 1, 23, "option 'user=' given twice");
	POL_REFUSE("allow tcp *:22 exe=sshd\n", 1, 16, "'exe=sshd': not an absolute path");
	POL_REFUSE("allow tcp *:22 user=4294967295\n", 1, 16, "uid out of range");
	POL_REFUSE("allow tcp *:22 user=99999999999999999999\n", 1, 16, "uid out of range");
	POL_REFUSE("allow tcp *:22 user=nobody-here\n", 1, 16, "'user=nobody-here': no such user");
	/* Columns count characters, also in values. */
	POL_REFUSE("allow tcp *:22 process=h\xc3\xa9h\xc3\xa9 bogus\n", 1, 29, "'bogus'");
}

/* A long word is cut in the message between two characters, never inside one. */
static void long_words_are_cut_in_messages(void **state)
{
	char text[256] = "allow tcp *:", want[64] = "'";
	size_t len = strlen(text);

	(void)state;
	for (int i = 0; i < 60; i++)
		text[len++] = 'x';
	text[len++] = '\n';
	/* The first 40 bytes, and an ellipsis. */
	memset(want + 1, 'x', 40);
	strcpy(want + 41, "...'");
	pol_refuse_full(text, len, pol_db, pol_uid, NULL, -EINVAL, 1, 13, want, __LINE__);
	len = 12;
	text[len++] = 'a';
	for (int i = 0; i < 40; i++) {
		text[len++] = '\xc3';
		text[len++] = '\xa9';
	}
	text[len++] = '\n';
	/* pol_refuse_full checks that the message is valid UTF-8. */
	pol_refuse_full(text, len, pol_db, pol_uid, NULL, -EINVAL, 1, 13, "...'", __LINE__);
}

/* Any bad line rejects the whole policy, wherever it is. */
static void one_bad_line_rejects_the_whole_policy(void **state)
{
	(void)state;
	POL_REFUSE("allow tcp *:22\n"
		   "allow udp *:53\n"
		   "# fine so far\n"
		   "\n"
		   "allow tcp *:80\n"
		   "allow tcp *:http\n"
		   "allow tcp *:8o\n"
		   "allow tcp *:443\n",
		   7, 13, "'8o'");
}

/* --- limits ------------------------------------------------------------------------ */

static char *pol_line_of(size_t len, const char *head, const char *tail)
{
	size_t hl = strlen(head), tl = strlen(tail);
	char *s = malloc(len + 2);

	assert_non_null(s);
	assert_true(hl + tl <= len);
	memcpy(s, head, hl);
	memset(s + hl, 'x', len - hl - tl);
	memcpy(s + len - tl, tail, tl);
	s[len] = '\n';
	s[len + 1] = '\0';
	return s;
}

static void lines_up_to_the_limit_are_accepted(void **state)
{
	char *s = pol_line_of(PW_POLICY_LINE_MAX, "allow tcp *:22 # ", "");
	struct pw_policy *p;

	(void)state;
	p = pol_parse_full(s, PW_POLICY_LINE_MAX + 1, pol_db, __LINE__);
	assert_int_equal(pw_policy_nrules(p), 1);
	pw_policy_free(p);
	/* The CR of a CRLF end is not part of the line. */
	s[PW_POLICY_LINE_MAX] = '\r';
	p = pol_parse_full(s, PW_POLICY_LINE_MAX + 1, pol_db, __LINE__);
	assert_int_equal(pw_policy_nrules(p), 1);
	pw_policy_free(p);
	free(s);
	/* A rule word as long as the line allows. */
	s = pol_line_of(PW_POLICY_LINE_MAX, "allow tcp *:22 process=", "");
	p = pol_parse_full(s, PW_POLICY_LINE_MAX + 1, pol_db, __LINE__);
	assert_int_equal(strlen(pw_policy_rule_text(p, 1)), PW_POLICY_LINE_MAX);
	pw_policy_free(p);
	free(s);
}

static void longer_lines_are_refused(void **state)
{
	char *s = pol_line_of(PW_POLICY_LINE_MAX + 1, "allow tcp *:22 # ", "");

	(void)state;
	pol_refuse_full(s, PW_POLICY_LINE_MAX + 2, pol_db, pol_uid, NULL, -EINVAL, 1,
			PW_POLICY_LINE_MAX + 1, "longer than 8192 bytes", __LINE__);
	free(s);
	/* A character that starts inside the limit but ends past it. */
	s = pol_line_of(PW_POLICY_LINE_MAX + 1, "# ", "\xc3\xa9");
	pol_refuse_full(s, PW_POLICY_LINE_MAX + 2, pol_db, pol_uid, NULL, -EINVAL, 1,
			PW_POLICY_LINE_MAX, "longer than", __LINE__);
	free(s);
	s = pol_line_of(PW_POLICY_LINE_MAX + 3, "allow tcp *:22 process=", "\xf0\x9f\x98\x80");
	pol_refuse_full(s, PW_POLICY_LINE_MAX + 4, pol_db, pol_uid, NULL, -EINVAL, 1,
			PW_POLICY_LINE_MAX, "longer than", __LINE__);
	free(s);
	/* Far longer, on a later line. */
	s = pol_line_of(100000, "\n\n", "");
	pol_refuse_full(s, 100001, pol_db, pol_uid, NULL, -EINVAL, 3, PW_POLICY_LINE_MAX + 1,
			"longer than", __LINE__);
	free(s);
}

static char *pol_rules(size_t n, size_t *len)
{
	static const char rule[] = "deny raw *:1\n";
	char *s = malloc(n * (sizeof(rule) - 1) + 1);

	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * (sizeof(rule) - 1), rule, sizeof(rule) - 1);
	*len = n * (sizeof(rule) - 1);
	s[*len] = '\0';
	return s;
}

static void rule_count_is_limited(void **state)
{
	size_t len;
	char *s = pol_rules(PW_POLICY_RULES_MAX, &len);
	struct pw_policy *p;

	(void)state;
	p = pol_parse_full(s, len, pol_db, __LINE__);
	assert_int_equal(pw_policy_nrules(p), PW_POLICY_RULES_MAX);
	POL_EXPECT(p, RAW, "0.0.0.0", 1, D, 1);
	assert_string_equal(pw_policy_rule_text(p, PW_POLICY_RULES_MAX), "deny raw *:1");
	pw_policy_free(p);
	free(s);
	s = pol_rules(PW_POLICY_RULES_MAX + 1, &len);
	pol_refuse_full(s, len, pol_db, pol_uid, NULL, -EINVAL, PW_POLICY_RULES_MAX + 1, 1,
			"more than 100000 rules", __LINE__);
	free(s);
}

/* Many required rules: each one is tracked. */
static void many_required_rules_are_all_tracked(void **state)
{
	enum {
		N = 3000
	};
	char *text = malloc(N * 32);
	bool *matched = calloc(N, sizeof(*matched));
	size_t len = 0;
	struct pw_policy *p;

	(void)state;
	assert_non_null(text);
	assert_non_null(matched);
	for (unsigned i = 0; i < N; i++)
		len += (size_t)sprintf(text + len, "allow tcp *:%u require\n", 10000 + i);
	p = pol_parse_full(text, len, pol_db, __LINE__);
	for (unsigned i = 0; i < N; i += 2) {
		struct pw_sock k = pol_sock(TCP, "0.0.0.0", (uint16_t)(10000 + i));
		struct pw_policy_subject s = { .sock = &k };

		assert_int_equal(pw_policy_judge(p, &s, NULL, NULL, matched), A);
	}
	assert_int_equal(pw_policy_missing(p, matched, NULL, NULL), N / 2);
	for (unsigned i = 0; i < N; i++)
		assert_int_equal(matched[i], i % 2 == 0);
	pw_policy_free(p);
	free(matched);
	free(text);
}

/* --- the shipped example --------------------------------------------------------- */

/* The one line whose rule text holds part. */
static unsigned line_of(const struct pw_policy *p, const char *part)
{
	unsigned found = 0;

	for (unsigned line = 1; line < 1000; line++) {
		const char *t = pw_policy_rule_text(p, line);

		if (!t || !strstr(t, part))
			continue;
		if (found)
			fail_msg("\"%s\" on lines %u and %u", part, found, line);
		found = line;
	}
	if (!found)
		fail_msg("no rule with \"%s\"", part);
	return found;
}

static char *pol_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long size;

	if (!f)
		fail_msg("%s: %s", path, strerror(errno));
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	assert_true(size > 0);
	rewind(f);
	buf = malloc((size_t)size);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	*len = (size_t)size;
	return buf;
}

static void example_policy_parses_and_judges_a_typical_server(void **state)
{
	struct pw_proc sshd = pol_proc(612, "sshd", "/usr/sbin/sshd");
	struct pw_proc pg = pol_proc(800, "postgres", "/usr/lib/postgresql/16/bin/postgres");
	struct pw_proc resolved =
		pol_proc(500, "systemd-resolve", "/usr/lib/systemd/systemd-resolved");
	struct pw_proc chronyd = pol_proc(501, "chronyd", "/usr/sbin/chronyd");
	struct pw_proc nc = pol_proc(4242, "nc", "/usr/bin/nc.openbsd");
	const struct pw_proc *const h_sshd[] = { &sshd };
	const struct pw_proc *const h_pg[] = { &pg };
	const struct pw_proc *const h_resolved[] = { &resolved };
	const struct pw_proc *const h_chronyd[] = { &chronyd };
	const struct pw_proc *const h_nc[] = { &nc };
	size_t len;
	char *text = pol_read(PW_PACKAGING "/policy.example", &len);
	struct pw_services *builtin = pw_services_new();
	struct pw_policy *p;
	unsigned line;
	struct pw_sock k;
	struct pw_policy_subject s = { .sock = &k };
	bool *matched;

	(void)state;
	assert_non_null(builtin);
	/* The built-in table alone: no /etc/services is needed. */
	p = pol_parse_full(text, len, builtin, __LINE__);
	assert_true(pw_policy_nrules(p) >= 8);
	assert_true(pw_policy_uses_owners(p));
	matched = calloc(pw_policy_nrules(p), sizeof(*matched));
	assert_non_null(matched);

	k = pol_sock(TCP, "0.0.0.0", 23);
	assert_int_equal(pw_policy_judge(p, &s, NULL, &line, matched), D);
	assert_non_null(strstr(pw_policy_rule_text(p, line), "telnet"));
	/* sshd is required: missing until its listener is judged. */
	assert_int_equal(pw_policy_missing(p, matched, NULL, NULL), 1);
	POL_EXPECT_HELD(p, h_sshd, TCP, "::", 22, A, line_of(p, "sshd"));
	k = pol_sock(TCP, "::", 22);
	s.procs = h_sshd;
	s.nprocs = 1;
	assert_int_equal(pw_policy_judge(p, &s, NULL, &line, matched), A);
	assert_int_equal(pw_policy_missing(p, matched, NULL, NULL), 0);
	POL_EXPECT_HELD(p, h_nc, TCP, "0.0.0.0", 22, U, 0);
	POL_EXPECT_HELD(p, h_pg, TCP, "127.0.0.1", 5432, A, line_of(p, "postgres"));
	POL_EXPECT_HELD(p, h_pg, TCP, "::1", 5432, A, line_of(p, "postgres"));
	POL_EXPECT_HELD(p, h_pg, TCP, "0.0.0.0", 5432, U, 0);
	POL_EXPECT_HELD(p, h_resolved, UDP, "127.0.0.53", 53, A,
			line_of(p, "udp 127.0.0.0/8:domain"));
	POL_EXPECT_HELD(p, h_resolved, TCP, "127.0.0.54", 53, A,
			line_of(p, "tcp 127.0.0.0/8:domain"));
	POL_EXPECT_HELD(p, h_resolved, UDP, "0.0.0.0", 53, U, 0);
	POL_EXPECT_HELD(p, h_chronyd, UDP, "127.0.0.1", 323, A, line_of(p, "loopback:323"));
	/* A client's UNCONN socket on an ephemeral port: its process only. */
	POL_EXPECT_HELD(p, h_chronyd, UDP, "0.0.0.0", 45678, A,
			line_of(p, "ephemeral process=chronyd"));
	POL_EXPECT_HELD(p, h_nc, UDP, "0.0.0.0", 45678, U, 0);
	POL_EXPECT_HELD(p, h_nc, TCP, "0.0.0.0", 8080, U, 0);
	free(matched);
	pw_policy_free(p);
	pw_services_free(builtin);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(policy_with_no_rules_is_valid_and_expects_nothing),
		cmocka_unit_test(free_accepts_null),
		cmocka_unit_test(comments_blank_lines_tabs_and_crlf_are_layout),
		cmocka_unit_test(only_len_bytes_are_read),
		cmocka_unit_test(keywords_are_case_insensitive_values_are_not),
		cmocka_unit_test(each_protocol_matches_its_own_sockets_only),
		cmocka_unit_test(any_protocol_matches_all_five),
		cmocka_unit_test(proto_line_is_the_first_line_naming_the_protocol),
		cmocka_unit_test(rule_scope_gives_its_protocols_and_family),
		cmocka_unit_test(star_matches_every_address),
		cmocka_unit_test(ipv4_address_matches_itself_only),
		cmocka_unit_test(ipv6_address_matches_itself_only),
		cmocka_unit_test(ipv4_cidr_matches_its_network),
		cmocka_unit_test(ipv6_cidr_matches_its_network_in_both_spellings),
		cmocka_unit_test(loopback_is_127_slash_8_and_ipv6_one),
		cmocka_unit_test(ipv4_mapped_listeners_count_as_ipv4),
		cmocka_unit_test(ipv4_mapped_rules_count_as_ipv4),
		cmocka_unit_test(wildcard_listeners_match_star_only),
		cmocka_unit_test(port_number_range_and_star),
		cmocka_unit_test(classes_match_their_iana_ranges),
		cmocka_unit_test(ephemeral_is_the_host_range_minus_reserved),
		cmocka_unit_test(service_name_resolves_per_protocol),
		cmocka_unit_test(service_names_fold_case_and_take_aliases_and_builtins),
		cmocka_unit_test(many_service_names_each_keep_their_ports),
		cmocka_unit_test(raw_sockets_match_numbers_only),
		cmocka_unit_test(user_matches_the_socket_uid_by_number_or_name),
		cmocka_unit_test(user_names_need_a_resolver),
		cmocka_unit_test(failing_user_lookup_aborts_with_its_errno),
		cmocka_unit_test(netns_matches_the_namespace_name),
		cmocka_unit_test(a_namespace_without_a_name_matches_no_netns_rule),
		cmocka_unit_test(process_matches_comm_or_exe_basename),
		cmocka_unit_test(deleted_suffix_of_an_upgraded_exe_is_ignored),
		cmocka_unit_test(exe_matches_the_whole_path),
		cmocka_unit_test(process_and_exe_match_any_single_holder),
		cmocka_unit_test(owner_rules_never_match_without_holders),
		cmocka_unit_test(uses_owners_only_with_process_or_exe),
		cmocka_unit_test(first_matching_rule_wins),
		cmocka_unit_test(missing_lists_required_rules_no_listener_matched),
		cmocka_unit_test(required_rule_counts_even_when_an_earlier_rule_decides),
		cmocka_unit_test(missing_callback_error_stops_the_walk),
		cmocka_unit_test(rule_text_is_the_words_joined_by_one_space),
		cmocka_unit_test(bad_bytes_are_refused_with_their_column),
		cmocka_unit_test(nul_byte_is_refused),
		cmocka_unit_test(first_word_must_be_an_action),
		cmocka_unit_test(protocol_errors),
		cmocka_unit_test(endpoint_errors),
		cmocka_unit_test(address_errors),
		cmocka_unit_test(port_errors),
		cmocka_unit_test(service_names_need_a_database),
		cmocka_unit_test(option_errors),
		cmocka_unit_test(long_words_are_cut_in_messages),
		cmocka_unit_test(one_bad_line_rejects_the_whole_policy),
		cmocka_unit_test(lines_up_to_the_limit_are_accepted),
		cmocka_unit_test(longer_lines_are_refused),
		cmocka_unit_test(rule_count_is_limited),
		cmocka_unit_test(many_required_rules_are_all_tracked),
		cmocka_unit_test(example_policy_parses_and_judges_a_typical_server),
	};

	return cmocka_run_group_tests(tests, pol_group_setup, pol_group_teardown);
}
