/* SPDX-License-Identifier: MIT */
/* Unit tests of policy_parse: the portwatch.policy(5) grammar, its limits, and every FILE:LINE:COLUMN error. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "policy.h"
#include "policyfix.h"

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

/* A policy text refused with -EINVAL at line:col, with word in the message. */
struct pol_refusal {
	const char *text;
	size_t len; /* of text, which may hold a NUL byte */
	unsigned line;
	unsigned col;
	const char *word;
	int at; /* the test line, for the failure message */
};

/* A row of a table of refusals; text must be a string literal. */
#define POL_REFUSED(text, line, col, word)                        \
	{                                                         \
		text, sizeof(text) - 1, line, col, word, __LINE__ \
	}

static void pol_refuse_each(const struct pol_refusal *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		pol_refuse_full(rows[i].text, rows[i].len, pol_db, pol_uid, NULL, -EINVAL,
				rows[i].line, rows[i].col, rows[i].word, rows[i].at);
}

#define POL_REFUSE_EACH(rows) pol_refuse_each(rows, PW_ARRAY_SIZE(rows))

/* --- the empty policy, layout, keywords and rule text ------------------------- */

static void policy_with_no_rules_is_valid_and_expects_nothing(void **state)
{
	static const char *const texts[] = { "", "\n\n", "# nothing yet\n   \t\n",
					     "# no newline at the end" };
	enum pw_policy_match matched[1] = { PW_POLICY_NO_MATCH };

	(void)state;
	for (size_t i = 0; i < PW_ARRAY_SIZE(texts); i++) {
		struct pw_policy *p = POL_PARSE(texts[i]);

		assert_int_equal(pw_policy_nrules(p), 0);
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
	struct pw_sock k = pol_sock(TCP, "fd00::1", 40000);
	struct pw_policy_subject s = { .sock = &k, .procs = held, .nprocs = 1, .netns = "Blue" };
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("ALLOW TCP LOOPBACK:WELL-KNOWN PROCESS=sshd REQUIRE\n"
		      "Deny UdpLite *:Registered\n"
		      "aLLow AnY [FD00::]/8:EPHEMERAL NetNS=Blue User=0 EXE=/usr/sbin/sshd\n"
		      "allow Sctp *:Dynamic\n"
		      "allow RAW *:*\n"
		      "allow udp *:SSH\n");
	assert_int_equal(pw_policy_nrules(p), 6);
	POL_EXPECT_HELD(p, TCP, "127.0.0.1", 22, A, 1, &sshd);
	/* process= compares as written: SSHD is another program. */
	POL_EXPECT_HELD(p, TCP, "127.0.0.1", 22, U, 0, &upper);
	POL_EXPECT(p, UDPLITE, "10.0.0.1", 2000, D, 2);
	POL_EXPECT(p, SCTP, "10.0.0.1", 50000, A, 4);
	POL_EXPECT(p, RAW, "10.0.0.1", 1, A, 5);
	POL_EXPECT(p, UDP, "10.0.0.1", 22, A, 6);
	/* The rule text keeps the words as written. */
	assert_string_equal(pw_policy_rule_text(p, 2), "Deny UdpLite *:Registered");
	POL_EXPECT_SUBJECT(p, &s, A, 3);
	/* netns= compares as written too. */
	s.netns = "blue";
	POL_EXPECT_SUBJECT(p, &s, U, 0);
	pw_policy_free(p);
}

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

/* --- what mapped addresses and port classes are read as --------------------- */

/* A rule written with a mapped address means the IPv4 one, or it could never match. */
static void ipv4_mapped_rules_count_as_ipv4(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp [::ffff:192.0.2.1]:80\n"
		      "allow tcp [::ffff:10.0.0.0]/104:80\n"
		      "allow tcp [::ffff:0:0/96]:81\n");
	POL_EXPECT_ADDRS(p, TCP, 80, A, 1, "192.0.2.1", "::ffff:192.0.2.1");
	POL_EXPECT_ADDRS(p, TCP, 80, A, 2, "10.1.2.3", "::ffff:10.1.2.3");
	POL_EXPECT_ADDRS(p, TCP, 80, U, 0, "192.0.2.2", "11.1.2.3", "c000:201::");
	/* The whole mapped range is every IPv4 address, wildcard excepted. */
	POL_EXPECT(p, TCP, "203.0.113.1", 81, A, 3);
	POL_EXPECT_ADDRS(p, TCP, 81, U, 0, "0.0.0.0", "2001:db8::1");
	pw_policy_free(p);
}

static void classes_match_their_iana_ranges(void **state)
{
	struct pw_policy *p;

	(void)state;
	p = POL_PARSE("allow tcp *:well-known\n"
		      "allow tcp *:registered\n"
		      "allow tcp *:dynamic\n");
	POL_EXPECT_PORTS(p, TCP, "0.0.0.0", A, 1, 0, 1023);
	POL_EXPECT_PORTS(p, TCP, "0.0.0.0", A, 2, 1024, 49151);
	POL_EXPECT_PORTS(p, TCP, "0.0.0.0", A, 3, 49152, 65535);
	POL_EXPECT(p, UDP, "0.0.0.0", 80, U, 0);
	pw_policy_free(p);
	p = POL_PARSE("allow tcp *:registered\n");
	POL_EXPECT_PORTS(p, TCP, "0.0.0.0", U, 0, 1023, 49152);
	pw_policy_free(p);
}

/* --- service names ------------------------------------------------------------- */

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
	POL_EXPECT_PORTS(p, TCP, "0.0.0.0", U, 0, 802, 11);
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
	size_t n = PW_ARRAY_SIZE(svcs), len = 0;
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

/* --- user names ---------------------------------------------------------------- */

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

/* --- parse errors ------------------------------------------------------------------ */

static void bad_bytes_are_refused_with_their_column(void **state)
{
	static const struct pol_refusal rows[] = {
		POL_REFUSED("allow tcp *:22 process=ss\x1bh\n", 1, 26, "control character 0x1b"),
		POL_REFUSED("# ok\nallow\x7f tcp *:22\n", 2, 6, "control character 0x7f"),
		/* Columns count characters: "é" is one. Comments are checked too. */
		POL_REFUSED("# caf\xc3\xa9 \xc2\x9b\n", 1, 8, "control character 0x9b"),
		POL_REFUSED("allow tcp *:22 process=\xff\n", 1, 24, "invalid UTF-8 byte 0xff"),
		POL_REFUSED("allow tcp *:22 process=\xc0\xaf\n", 1, 24, "invalid UTF-8"),
		POL_REFUSED("allow tcp *:22\n# \xed\xa0\x80 surrogate\n", 2, 3, "invalid UTF-8"),
		/* A CR is a line end only before LF. */
		POL_REFUSED("allow tcp\r*:22\n", 1, 10, "control character 0x0d"),
		POL_REFUSED("allow tcp *:22\r\r\n", 1, 15, "control character 0x0d"),
		POL_REFUSED("allow tcp *:22\v\n", 1, 15, "control character 0x0b"),
		/* Text that shows in another order than it reads: "Trojan Source". */
		POL_REFUSED("deny tcp *:23 # \xe2\x80\xae\n", 1, 17,
			    "invisible character U+202E (it can reorder or hide text)"),
		POL_REFUSED("allow tcp *:22 process=ss\xe2\x81\xa6hd\n", 1, 26,
			    "invisible character U+2066"),
		POL_REFUSED("allow tcp *:22 process=\xef\xbb\xbfsshd\n", 1, 24,
			    "invisible character U+FEFF"),
	};

	(void)state;
	POL_REFUSE_EACH(rows);
}

static void nul_byte_is_refused(void **state)
{
	static const struct pol_refusal rows[] = {
		POL_REFUSED("allow tcp *:22\nallow\0tcp *:23\n", 2, 6, "NUL byte"),
		POL_REFUSED("\0", 1, 1, "NUL byte"),
		/* Even in a comment, and after the last newline. */
		POL_REFUSED("allow tcp *:22 # \0\n", 1, 18, "NUL byte"),
		POL_REFUSED("allow tcp *:22\n\n\0", 3, 1, "NUL byte"),
	};

	(void)state;
	POL_REFUSE_EACH(rows);
}

static void first_word_must_be_an_action(void **state)
{
	static const struct pol_refusal rows[] = {
		POL_REFUSED("permit tcp *:22\n", 1, 1, "expected allow or deny, not 'permit'"),
		POL_REFUSED("\n\t  allowed tcp *:22\n", 2, 4, "allow or deny"),
		POL_REFUSED("tcp *:22 allow\n", 1, 1, "allow or deny"),
	};

	(void)state;
	POL_REFUSE_EACH(rows);
}

static void protocol_errors(void **state)
{
	static const struct pol_refusal rows[] = {
		POL_REFUSED("allow\n", 1, 6, "expected a protocol"),
		POL_REFUSED("allow   # tcp\n", 1, 6, "expected a protocol"),
		POL_REFUSED("allow tcpx *:22\n", 1, 7, "unknown protocol 'tcpx'"),
		POL_REFUSED("deny ip *:22\n", 1, 6, "(tcp, udp, udplite, sctp, raw, any)"),
		POL_REFUSED("deny tcp\n", 1, 9, "expected ADDRESS:PORT"),
		POL_REFUSED("deny tcp # *:22\n", 1, 9, "expected ADDRESS:PORT"),
	};

	(void)state;
	POL_REFUSE_EACH(rows);
}

static void endpoint_errors(void **state)
{
	static const struct pol_refusal rows[] = {
		POL_REFUSED("allow tcp [::1:22\n", 1, 11, "missing ']'"),
		POL_REFUSED("allow tcp ::1:22\n", 1, 11, "in brackets"),
		POL_REFUSED("allow tcp fd00::/8:22\n", 1, 11, "in brackets"),
		/* The column just past the word. */
		POL_REFUSED("allow tcp 127.0.0.1 process=x\n", 1, 20, "missing ':PORT'"),
		POL_REFUSED("allow tcp [::1]\n", 1, 16, "missing ':PORT'"),
		POL_REFUSED("allow tcp loopback\n", 1, 19, "missing ':PORT'"),
	};

	(void)state;
	POL_REFUSE_EACH(rows);
}

static void address_errors(void **state)
{
	static const struct pol_refusal rows[] = {
		POL_REFUSED("allow tcp 300.1.1.1:22\n", 1, 11, "address '300.1.1.1' is not"),
		POL_REFUSED("allow tcp 10.1.1:22\n", 1, 11, "is not IPv4"),
		POL_REFUSED("allow tcp localhost:22\n", 1, 11, "is not IPv4"),
		POL_REFUSED("allow tcp :22\n", 1, 11, "is not IPv4"),
		POL_REFUSED("allow tcp [zz]:22\n", 1, 11, "'[zz]' is not"),
		POL_REFUSED("allow tcp [192.0.2.1]:22\n", 1, 11, "is not IPv4"),
		POL_REFUSED("allow tcp [::1]x:22\n", 1, 11, "is not IPv4"),
		POL_REFUSED("allow tcp [fd00::/8]/8:22\n", 1, 11, "is not IPv4"),
		POL_REFUSED("allow tcp [fe80::1%eth0]:22\n", 1, 11, "is not IPv4"),
		POL_REFUSED("allow tcp 10.0.0.0/33:22\n", 1, 11,
			    "prefix in '10.0.0.0/33' is not 0-32"),
		POL_REFUSED("allow tcp [fd00::]/129:22\n", 1, 11, "is not 0-128"),
		POL_REFUSED("allow tcp 10.0.0.0/:22\n", 1, 11, "prefix"),
		POL_REFUSED("allow tcp 10.0.0.0/-8:22\n", 1, 11, "prefix"),
		POL_REFUSED("allow tcp 10.0.0.1/8:22\n", 1, 11, "bits set past its /8 prefix"),
		POL_REFUSED("allow tcp 192.168.5.0/22:22\n", 1, 11, "bits set past its /22"),
		POL_REFUSED("allow tcp [fd00::1]/8:22\n", 1, 11, "bits set past"),
		POL_REFUSED("allow tcp [::ffff:10.0.0.1]/104:22\n", 1, 11,
			    "bits set past its /104"),
		POL_REFUSED("allow tcp 0.0.0.0:22\n", 1, 11, "wildcard address: write *"),
		POL_REFUSED("allow tcp 0.0.0.0/32:22\n", 1, 11, "wildcard"),
		POL_REFUSED("allow tcp [::]:22\n", 1, 11, "'[::]' is the wildcard"),
		POL_REFUSED("allow tcp [::ffff:0.0.0.0]:22\n", 1, 11, "wildcard"),
	};

	(void)state;
	POL_REFUSE_EACH(rows);
}

static void port_errors(void **state)
{
	static const struct pol_refusal rows[] = {
		POL_REFUSED("allow tcp *:\n", 1, 13, "expected a port after ':'"),
		POL_REFUSED("allow tcp [::1]: require\n", 1, 17, "expected a port"),
		POL_REFUSED("allow tcp *:65536\n", 1, 13, "port 65536 out of range (0-65535)"),
		POL_REFUSED("allow tcp *:99999999999999999999\n", 1, 13, "out of range"),
		POL_REFUSED("allow tcp *:1-70000\n", 1, 15, "port 70000 out of range"),
		POL_REFUSED("allow tcp *:2000-1000\n", 1, 13, "range 2000-1000 is backwards"),
		POL_REFUSED("allow tcp *:22-\n", 1, 13, "unknown service name '22-'"),
		POL_REFUSED("allow tcp *:-22\n", 1, 13, "unknown service name"),
		POL_REFUSED("allow tcp *:no-such-service\n", 1, 13,
			    "unknown service name 'no-such-service'"),
		POL_REFUSED("allow raw *:ssh\n", 1, 13, "raw socket's port is its IP protocol"),
		POL_REFUSED("allow raw *:well-known\n", 1, 13, "'well-known' is not a number"),
		POL_REFUSED("allow raw *:ephemeral\n", 1, 13, "not a number"),
		POL_REFUSED("allow udp *:pwt-web\n", 1, 13, "service 'pwt-web' has no udp port"),
		POL_REFUSED("allow sctp *:pwt-web\n", 1, 14, "has no sctp port"),
		POL_REFUSED("allow udplite *:pwt-web\n", 1, 17, "has no udplite port"),
		POL_REFUSED("allow tcp *:pwt-udp\n", 1, 13, "has no tcp port"),
		/* DCCP ports are not sockets portwatch lists. */
		POL_REFUSED("allow any *:pwt-dccp\n", 1, 13, "has no tcp, udp or sctp port"),
	};

	(void)state;
	POL_REFUSE_EACH(rows);
}

static void option_errors(void **state)
{
	static const struct pol_refusal rows[] = {
		POL_REFUSED("allow tcp *:22 require require\n", 1, 24,
			    "option 'require' given twice"),
		POL_REFUSED("deny tcp *:22 require\n", 1, 15, "'require' goes with allow only"),
		POL_REFUSED("allow tcp *:22 sshd\n", 1, 16, "unknown option 'sshd'"),
		POL_REFUSED("allow tcp *:22 require=yes\n", 1, 16, "'require' takes no value"),
		POL_REFUSED("allow tcp *:22 port=22\n", 1, 16, "unknown option 'port='"),
		POL_REFUSED("allow tcp *:22 =sshd\n", 1, 16, "unknown option '='"),
		POL_REFUSED("allow tcp *:22 process=\n", 1, 16, "option 'process=' needs a value"),
		POL_REFUSED("allow tcp *:22 user= require\n", 1, 16,
			    "option 'user=' needs a value"),
		POL_REFUSED("allow tcp *:22 process=a process=b\n", 1, 26,
			    "option 'process=' given twice"),
		POL_REFUSED("allow tcp *:22 exe=/a EXE=/b\n", 1, 23, "option 'exe=' given twice"),
		POL_REFUSED("allow tcp *:22 netns=a netns=b\n", 1, 24,
			    "option 'netns=' given twice"),
		POL_REFUSED("allow tcp *:22 user=0 user=root\n", 1, 23,
			    "option 'user=' given twice"),
		POL_REFUSED("allow tcp *:22 exe=sshd\n", 1, 16, "'exe=sshd': not an absolute path"),
		POL_REFUSED("allow tcp *:22 user=4294967295\n", 1, 16, "uid out of range"),
		POL_REFUSED("allow tcp *:22 user=99999999999999999999\n", 1, 16,
			    "uid out of range"),
		POL_REFUSED("allow tcp *:22 user=nobody-here\n", 1, 16,
			    "'user=nobody-here': no such user"),
		/* Columns count characters, also in values. */
		POL_REFUSED("allow tcp *:22 process=h\xc3\xa9h\xc3\xa9 bogus\n", 1, 29, "'bogus'"),
	};

	(void)state;
	POL_REFUSE_EACH(rows);
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

/* A line of len bytes, head, 'x's and tail, and a newline; the caller frees it. */
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
	static const struct {
		size_t len; /* of the line, without its newline */
		const char *head;
		const char *tail;
		unsigned line;
		unsigned col;
		const char *word;
	} rows[] = {
		{ PW_POLICY_LINE_MAX + 1, "allow tcp *:22 # ", "", 1, PW_POLICY_LINE_MAX + 1,
		  "longer than 8192 bytes" },
		/* A character that starts inside the limit but ends past it. */
		{ PW_POLICY_LINE_MAX + 1, "# ", "\xc3\xa9", 1, PW_POLICY_LINE_MAX, "longer than" },
		{ PW_POLICY_LINE_MAX + 3, "allow tcp *:22 process=", "\xf0\x9f\x98\x80", 1,
		  PW_POLICY_LINE_MAX, "longer than" },
		/* Far longer, on a later line. */
		{ 100000, "\n\n", "", 3, PW_POLICY_LINE_MAX + 1, "longer than" },
	};

	(void)state;
	for (size_t i = 0; i < PW_ARRAY_SIZE(rows); i++) {
		char *s = pol_line_of(rows[i].len, rows[i].head, rows[i].tail);

		pol_refuse_full(s, rows[i].len + 1, pol_db, pol_uid, NULL, -EINVAL, rows[i].line,
				rows[i].col, rows[i].word, __LINE__);
		free(s);
	}
}

/* n copies of one rule; *len is set to their length. The caller frees them. */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(policy_with_no_rules_is_valid_and_expects_nothing),
		cmocka_unit_test(comments_blank_lines_tabs_and_crlf_are_layout),
		cmocka_unit_test(only_len_bytes_are_read),
		cmocka_unit_test(keywords_are_case_insensitive_values_are_not),
		cmocka_unit_test(rule_text_is_the_words_joined_by_one_space),
		cmocka_unit_test(ipv4_mapped_rules_count_as_ipv4),
		cmocka_unit_test(classes_match_their_iana_ranges),
		cmocka_unit_test(service_name_resolves_per_protocol),
		cmocka_unit_test(service_names_fold_case_and_take_aliases_and_builtins),
		cmocka_unit_test(many_service_names_each_keep_their_ports),
		cmocka_unit_test(service_names_need_a_database),
		cmocka_unit_test(user_names_need_a_resolver),
		cmocka_unit_test(failing_user_lookup_aborts_with_its_errno),
		cmocka_unit_test(bad_bytes_are_refused_with_their_column),
		cmocka_unit_test(nul_byte_is_refused),
		cmocka_unit_test(first_word_must_be_an_action),
		cmocka_unit_test(protocol_errors),
		cmocka_unit_test(endpoint_errors),
		cmocka_unit_test(address_errors),
		cmocka_unit_test(port_errors),
		cmocka_unit_test(option_errors),
		cmocka_unit_test(long_words_are_cut_in_messages),
		cmocka_unit_test(one_bad_line_rejects_the_whole_policy),
		cmocka_unit_test(lines_up_to_the_limit_are_accepted),
		cmocka_unit_test(longer_lines_are_refused),
		cmocka_unit_test(rule_count_is_limited),
	};

	return cmocka_run_group_tests(tests, pol_group_setup, pol_group_teardown);
}
