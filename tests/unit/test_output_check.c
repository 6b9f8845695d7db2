/* SPDX-License-Identifier: MIT */
/* Unit tests of output_check.c: check results as text, Nagios and JSON. */
/* open_memstream is POSIX 2008. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "checkfix.h"
#include "json.h"

static const struct pw_proc ck_piped = CK_PROC(66, "a|b", "/opt/a|b");
static const struct pw_proc *const ck_by_piped[] = { &ck_piped };

static const struct pw_check_meta ck_meta_unseen = {
	.host = "h1",
	.policy_file = CK_FILE,
	.baseline_file = "base.json",
	.unseen_why = { [PW_PROTO_RAW] = "no raw_diag", [PW_PROTO_SCTP] = "no sctp_diag" },
};

static char *ck_finding_text(const struct pw_finding *fd, const struct pw_check_meta *meta)
{
	char *text = NULL;

	assert_non_null(fd);
	CK_CAPTURE(text, pw_check_finding_line(f, fd, meta));
	return text;
}

static char *ck_unseen_text(const struct pw_check_result *res, unsigned proto)
{
	char *text = NULL;

	CK_CAPTURE(text, pw_check_unseen_line(f, res, proto, &ck_meta_unseen));
	return text;
}

/* Lines from, from + 1... of text are res's findings, as their finding lines say them. */
static void ck_assert_finding_lines(const char *text, size_t from,
				    const struct pw_check_result *res)
{
	for (size_t i = 0; i < res->n; i++) {
		char *want = ck_finding_text(&res->findings[i], &ck_meta);
		char *line = ck_line(text, from + i);

		assert_non_null(line);
		assert_string_equal(line, want);
		free(line);
		free(want);
	}
}

static size_t ck_count_char(const char *s, char c)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == c;
	return n;
}

/*
 * Checks of a rendered text, which they free; a failure names the test's
 * line and shows the whole text, as assert_string_equal would not.
 */
static void ck_text_is_at(char *text, const char *want, int at)
{
	if (strcmp(text, want) != 0)
		fail_msg("test line %d: want:\n%s\ngot:\n%s", at, want, text);
	free(text);
}

static void ck_text_has_at(char *text, const char *needle, int at)
{
	if (!strstr(text, needle))
		fail_msg("test line %d: want a text holding:\n%s\ngot:\n%s", at, needle, text);
	free(text);
}

static void ck_text_starts_at(char *text, const char *prefix, int at)
{
	if (strncmp(text, prefix, strlen(prefix)) != 0)
		fail_msg("test line %d: want a text starting with:\n%s\ngot:\n%s", at, prefix,
			 text);
	free(text);
}

#define CK_TEXT_IS(text, want) ck_text_is_at((text), (want), __LINE__)
#define CK_TEXT_HAS(text, needle) ck_text_has_at((text), (needle), __LINE__)
#define CK_TEXT_STARTS(text, prefix) ck_text_starts_at((text), (prefix), __LINE__)

/* text is one valid JSON document, as portwatch's own strict reader sees it. */
static void ck_assert_json(const char *text)
{
	struct pw_json j;
	struct pw_error err = { 0 };

	assert_int_equal(pw_json_init(&j, text, strlen(text), 1 << 20, "out", &err), 0);
	if (pw_json_skip(&j) || pw_json_finish(&j))
		fail_msg("invalid JSON at %u:%u (%s):\n%s", err.line, err.col, err.msg, text);
}

/* --- protocols the listing did not see ------------------------------------ */

/* A protocol nothing names is only reported: not in text, in nagios and json. */
static void unseen_protocol_nothing_names_is_said_only_in_nagios_and_json(void **state)
{
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22 process=sshd\ndeny any *:telnet\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_judge_listed(&c, CK_ALL, true, true, CK_RAW | CK_SCTP, 0);
	CK_TEXT_IS(ck_render(PW_CHECK_TEXT, &c.res, &ck_meta_unseen), "");
	CK_TEXT_STARTS(ck_render(PW_CHECK_NAGIOS, &c.res, &ck_meta_unseen),
		       "PORTWATCH OK - 1 listener, all expected; not seen: raw, sctp | ");
	text = ck_render(PW_CHECK_JSON, &c.res, &ck_meta_unseen);
	ck_assert_json(text);
	assert_non_null(strstr(text, "\"unseen\":[{\"proto\":\"raw\",\"reason\":\"no raw_diag\","
				     "\"needed_by\":null},{\"proto\":\"sctp\",\"reason\":"
				     "\"no sctp_diag\",\"needed_by\":null}]"));
	free(text);
	ck_fini(&c);
}

static void unseen_line_names_the_option_that_asks_for_the_protocol(void **state)
{
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_judge_listed(&c, PW_PROTO_BIT(PW_PROTO_TCP) | CK_SCTP, true, true, CK_SCTP,
			PW_PROTO_BIT(PW_PROTO_TCP) | CK_SCTP);
	CK_TEXT_IS(ck_unseen_text(&c.res, PW_PROTO_SCTP),
		   "sctp listeners not seen (no sctp_diag), yet --sctp asks for them");
	CK_TEXT_STARTS(ck_render(PW_CHECK_NAGIOS, &c.res, &ck_meta_unseen),
		       "PORTWATCH UNKNOWN - sctp listeners not seen (no sctp_diag), yet "
		       "--sctp asks for them | listeners=1;;;0");
	text = ck_render(PW_CHECK_JSON, &c.res, &ck_meta_unseen);
	assert_non_null(strstr(text, "\"status\":\"UNKNOWN\""));
	assert_non_null(strstr(text, "\"needed_by\":\"option --sctp\""));
	free(text);
	ck_fini(&c);
}

/* The reason leads the Nagios status line, before any certain alarm. */
static void unseen_line_names_the_policy_line_that_names_the_protocol(void **state)
{
	struct ck_run c = { 0 };

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22\n# raw\nallow any *:443\n\ndeny raw *:*\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_judge_listed(&c, CK_ALL, true, true, CK_RAW | CK_SCTP, 0);
	CK_TEXT_IS(ck_unseen_text(&c.res, PW_PROTO_RAW),
		   "raw listeners not seen (no raw_diag), yet test.policy:5 names raw");
	CK_TEXT_HAS(ck_render(PW_CHECK_NAGIOS, &c.res, &ck_meta_unseen),
		    "PORTWATCH UNKNOWN - raw listeners not seen (no raw_diag), "
		    "yet test.policy:5 names raw; not seen: sctp | ");
	pw_check_result_fini(&c.res);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 4444, CK_HOLDERS(ck_by_backdoor));
	ck_judge_listed(&c, CK_ALL, true, true, CK_RAW | CK_SCTP, 0);
	CK_TEXT_HAS(ck_render(PW_CHECK_NAGIOS, &c.res, &ck_meta_unseen),
		    "PORTWATCH CRITICAL - raw listeners not seen (no raw_diag), "
		    "yet test.policy:5 names raw; 1 unexpected listener: "
		    "tcp/4444 backdoor; not seen: sctp | ");
	ck_fini(&c);
}

static void unknown_missing_line_names_the_protocols_not_seen(void **state)
{
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	c.policy = CK_POLICY("allow sctp *:3868 require\nallow any *:53 require\n"
			     "allow tcp *:80 require\n");
	ck_judge_listed(&c, CK_ALL, true, true, CK_RAW | CK_SCTP, 0);
	CK_TEXT_IS(ck_finding_text(ck_find(&c.res, PW_FIND_MISSING, 0), &ck_meta_unseen),
		   "UNKNOWN missing allow sctp *:3868 require rule=test.policy:1 "
		   "(sctp listeners not seen)");
	CK_TEXT_HAS(ck_finding_text(ck_find(&c.res, PW_FIND_MISSING, 1), &ck_meta_unseen),
		    " (raw, sctp listeners not seen)");
	text = ck_render(PW_CHECK_JSON, &c.res, &ck_meta_unseen);
	ck_assert_json(text);
	assert_int_equal(ck_count(text, "\"unseen_protocols\":[\"sctp\"]"), 1);
	assert_int_equal(ck_count(text, "\"unseen_protocols\":[\"raw\",\"sctp\"]"), 1);
	assert_int_equal(ck_count(text, "\"unseen_protocols\":[]"), 1);
	free(text);
	ck_fini(&c);
}

static void unseen_line_names_the_baseline_that_holds_the_protocol(void **state)
{
	struct ck_run c = { 0 };

	(void)state;
	ck_add(&c.before, PW_PROTO_SCTP, "0.0.0.0", 3868, CK_HOLDERS(ck_by_nginx));
	ck_add(&c.before, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_snapshot_before(&c, NULL);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd_restarted));
	ck_judge_listed(&c, CK_ALL, true, true, CK_SCTP, 0);
	CK_TEXT_IS(ck_unseen_text(&c.res, PW_PROTO_SCTP),
		   "sctp listeners not seen (no sctp_diag), yet the baseline base.json holds "
		   "sctp listeners");
	ck_fini(&c);
}

/* As root, hidden owners are unreadable processes: "run as root" would be a lie. */
static void unseen_owner_line_as_root_says_fds_are_unreadable(void **state)
{
	struct pw_check_meta meta = ck_meta;
	struct ck_run c = { 0 };

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22 process=sshd\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_NOBODY);
	ck_judge(&c, true, false);
	meta.as_root = true;
	CK_TEXT_IS(ck_finding_text(&c.res.findings[0], &meta),
		   "UNKNOWN unexpected tcp 0.0.0.0:22 (ssh, well-known, wildcard) - "
		   "user=0 (owners not visible: some processes' fds cannot be read, "
		   "even by root)");
	CK_TEXT_HAS(ck_render(PW_CHECK_JSON, &c.res, &meta), "\"owners_complete\":false,");
	ck_fini(&c);
}

/* Nagios cuts at '|': a policy file name with one is escaped in the unseen reason too. */
static void nagios_unseen_reason_escapes_the_file_name(void **state)
{
	struct pw_check_meta meta = ck_meta_unseen;
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	meta.policy_file = "/etc/p|w";
	c.policy = CK_POLICY("allow sctp *:1\n");
	ck_judge_listed(&c, CK_ALL, true, true, CK_SCTP, 0);
	text = ck_render(PW_CHECK_NAGIOS, &c.res, &meta);
	assert_non_null(strstr(text, "yet /etc/p\\x7cw:1 names sctp | "));
	assert_int_equal(ck_count_char(text, '|'), 1);
	free(text);
	ck_fini(&c);
}

/* --- text and finding lines ----------------------------------------------- */

static void text_prints_nothing_without_findings(void **state)
{
	struct ck_run c = { 0 };

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_judge(&c, true, true);
	CK_TEXT_IS(ck_render(PW_CHECK_TEXT, &c.res, &ck_meta), "");
	CK_TEXT_IS(ck_render(PW_CHECK_TEXT, NULL, &ck_meta), "");
	ck_fini(&c);
}

static void text_prints_a_line_per_finding(void **state)
{
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22 process=sshd\n"
			     "deny tcp *:23\n"
			     "allow tcp *:443 require\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 23, CK_HOLDERS(ck_by_telnetd));
	ck_add(&c.ls, PW_PROTO_TCP, "::", 4444, CK_HOLDERS(ck_by_backdoor));
	ck_judge(&c, true, true);
	assert_int_equal(c.res.n, 3);
	text = ck_render(PW_CHECK_TEXT, &c.res, &ck_meta);
	assert_int_equal(ck_count_char(text, '\n'), 3);
	assert_int_equal(text[strlen(text) - 1], '\n');
	ck_assert_finding_lines(text, 0, &c.res);
	assert_non_null(strstr(text, "CRITICAL denied tcp 0.0.0.0:23 "));
	assert_non_null(strstr(text, "CRITICAL unexpected tcp [::]:4444 "));
	assert_non_null(strstr(text, "WARNING missing allow tcp *:443 require rule=test.policy:3"));
	free(text);
	ck_fini(&c);
}

static void finding_lines_say_what_where_and_which_rule(void **state)
{
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22 process=sshd\n"
			     "deny tcp *:23\n"
			     "allow tcp *:443 process=nginx require\n"
			     "allow any *:*\n");
	ck_add(&c.before, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&c.before, PW_PROTO_UDP, "127.0.0.53", 40000, CK_HOLDERS(ck_by_resolved));
	ck_add(&c.before, PW_PROTO_TCP, "::1", 8080, CK_HOLDERS(ck_by_nginx));
	ck_snapshot_before(&c, NULL);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 23, CK_HOLDERS(ck_by_telnetd))->rec.user = "root";
	ck_judge(&c, true, true);

	CK_TEXT_IS(ck_finding_text(ck_find(&c.res, PW_FIND_DENIED, 0), &ck_meta),
		   "CRITICAL denied tcp 0.0.0.0:23 (telnet, well-known, wildcard) "
		   "telnetd[5] user=root rule=test.policy:2");
	CK_TEXT_IS(ck_finding_text(ck_find(&c.res, PW_FIND_NEW, 0), &ck_meta),
		   "CRITICAL new tcp 0.0.0.0:23 (telnet, well-known, wildcard) "
		   "telnetd[5] user=root");
	CK_TEXT_IS(ck_finding_text(ck_find(&c.res, PW_FIND_MISSING, 0), &ck_meta),
		   "WARNING missing allow tcp *:443 process=nginx require rule=test.policy:3");
	/* Gone ones in identity order: TCP before UDP. */
	text = ck_finding_text(ck_find(&c.res, PW_FIND_GONE, 0), &ck_meta);
	/* Annotated as a present listener is, from the baseline's entry. */
	assert_string_equal(text, "WARNING gone tcp [::1]:8080 (http-alt, registered, loopback) "
				  "nginx exe=/usr/sbin/nginx");
	free(text);
	text = ck_finding_text(ck_find(&c.res, PW_FIND_GONE, 1), &ck_meta);
	/* Known only by its range: no name, no class. */
	assert_string_equal(text,
			    "WARNING gone udp 127.0.0.53:ephemeral (loopback) systemd-resolve "
			    "exe=/usr/lib/systemd/systemd-resolved");
	free(text);
	/* Without a policy file name. */
	CK_TEXT_HAS(
		ck_finding_text(ck_find(&c.res, PW_FIND_DENIED, 0), &(struct pw_check_meta){ 0 }),
		" rule=-:2");
	ck_fini(&c);
}

/* A gone listener that several programs held names the others after its own. */
static void gone_line_names_the_other_holders(void **state)
{
	static const struct pw_proc init = CK_PROC(1, "systemd", "/usr/lib/systemd/systemd");
	static const struct pw_proc ws = CK_PROC(46, "cockpit-ws", "/usr/libexec/cockpit-ws");
	static const struct pw_proc *const both[] = { &init, &ws };
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	ck_add(&c.before, PW_PROTO_TCP, "::", 9090, CK_HOLDERS(both));
	ck_snapshot_before(&c, NULL);
	ck_judge(&c, true, true);
	text = ck_finding_text(ck_find(&c.res, PW_FIND_GONE, 0), &ck_meta);
	assert_string_equal(text, "WARNING gone tcp [::]:9090 (websm, registered, wildcard) "
				  "cockpit-ws exe=/usr/libexec/cockpit-ws with systemd");
	free(text);
	text = ck_render(PW_CHECK_JSON, &c.res, &ck_meta);
	assert_non_null(strstr(text,
			       "\"process\":\"cockpit-ws\",\"exe\":\"/usr/libexec/cockpit-ws\","
			       "\"other_holders\":[{\"process\":\"systemd\","
			       "\"exe\":\"/usr/lib/systemd/systemd\"}]"));
	free(text);
	ck_fini(&c);
}

static void unseen_finding_line_says_owners_were_not_visible(void **state)
{
	struct ck_run c = { 0 };

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22 process=sshd\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_NOBODY);
	ck_judge(&c, true, false);
	CK_TEXT_IS(ck_finding_text(&c.res.findings[0], &ck_meta),
		   "UNKNOWN unexpected tcp 0.0.0.0:22 (ssh, well-known, wildcard) - "
		   "user=0 (owners not visible: run as root)");
	ck_fini(&c);
}

/*
 * Every process was read, but the listener came after the last re-scan of
 * /proc: the cause is timing, and neither root nor readable fds would help.
 */
static void unconfirmed_holder_says_the_listener_came_during_the_listing(void **state)
{
	struct pw_check_meta meta = ck_meta;
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22 process=sshd require\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_NOBODY);
	c.ls.v[0]->rec.unconfirmed = true;
	ck_judge(&c, true, true);
	for (int root = 0; root < 2; root++) {
		meta.as_root = root;
		CK_TEXT_IS(ck_finding_text(ck_find(&c.res, PW_FIND_UNEXPECTED, 0), &meta),
			   "UNKNOWN unexpected tcp 0.0.0.0:22 (ssh, well-known, wildcard) - "
			   "user=0 (holder not confirmed: the listener came during the listing)");
		CK_TEXT_IS(ck_finding_text(ck_find(&c.res, PW_FIND_MISSING, 0), &meta),
			   "UNKNOWN missing allow tcp *:22 process=sshd require "
			   "rule=test.policy:1 (holders not confirmed: a listener came during "
			   "the listing)");
	}
	text = ck_render(PW_CHECK_NAGIOS, &c.res, &meta);
	assert_non_null(strstr(text, "(holder not confirmed: the listener came during the "
				     "listing)\n"));
	assert_null(strstr(text, "owners not visible"));
	free(text);
	text = ck_render(PW_CHECK_JSON, &c.res, &meta);
	ck_assert_json(text);
	assert_non_null(strstr(text, "\"owners_visible\":false,\"owners_reason\":"
				     "\"holder not confirmed: the listener came during the "
				     "listing\",\"socket\":{"));
	assert_null(strstr(text, "owners not visible"));
	free(text);
	ck_fini(&c);
}

/* JSON gives the same reason as the text line for hidden owners. */
static void json_says_why_owners_were_not_visible(void **state)
{
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22 process=sshd\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_NOBODY);
	ck_judge(&c, true, false);
	text = ck_render(PW_CHECK_JSON, &c.res, &ck_meta);
	ck_assert_json(text);
	assert_non_null(strstr(text, "\"owners_visible\":false,\"owners_reason\":"
				     "\"owners not visible: run as root\",\"socket\":{"));
	free(text);
	ck_fini(&c);
}

static void listener_line_names_every_holder_and_orphans(void **state)
{
	struct pw_listeners ls = { 0 };
	struct pw_listener *l;
	char *text;

	(void)state;
	l = ck_add(&ls, PW_PROTO_TCP, "2001:db8::1", 443, CK_HOLDERS(ck_by_nginx_pair));
	l->rec.user = "www-data";
	CK_TEXT_IS(ck_listener_text(l), "tcp [2001:db8::1]:443 (https, well-known, public) "
					"nginx[800],nginx[801] user=www-data");
	l = ck_add(&ls, PW_PROTO_UDP, "0.0.0.0", 45000, CK_NOBODY);
	l->rec.orphan = true;
	l->sock.uid = 1000;
	text = ck_listener_text(l);
	/* No service known for 45000: no name, the class and "ephemeral". */
	assert_non_null(strstr(text, "udp 0.0.0.0:45000 ("));
	assert_non_null(strstr(text, "registered ephemeral, wildcard) no-process user=1000"));
	free(text);
	/* A raw socket's "port" is its IP protocol: no class. */
	l = ck_add(&ls, PW_PROTO_RAW, "0.0.0.0", 1, CK_NOBODY);
	CK_TEXT_IS(ck_listener_text(l), "raw 0.0.0.0:1 (wildcard) - user=0");
	/* An owner the kernel does not know is no uid at all. */
	l->sock.uid = PW_UID_UNKNOWN;
	CK_TEXT_IS(ck_listener_text(l), "raw 0.0.0.0:1 (wildcard) - user=-");
	pw_listeners_fini(&ls);
}

/* Text output goes to mail and terminals: no control byte raw, none hidden. */
static void text_escapes_control_bytes_in_process_names(void **state)
{
	static const struct pw_proc evil = CK_PROC(9, "x\n\x1b[2Jy\\", "/bin/x");
	static const struct pw_proc *const by_evil[] = { &evil };
	struct pw_listeners ls = { 0 };
	char *text;

	(void)state;
	ck_add(&ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(by_evil));
	text = ck_listener_text(ls.v[0]);
	assert_null(strchr(text, '\n'));
	assert_null(strchr(text, '\x1b'));
	assert_non_null(strstr(text, "x\\x0a\\x1b[2Jy\\\\[9]"));
	free(text);
	pw_listeners_fini(&ls);
}

static void listener_line_names_a_namespace_other_than_the_initial_one(void **state)
{
	struct pw_listeners ls = { 0 };
	char *text;

	(void)state;
	ck_add_in(&ls, PW_PROTO_TCP, "0.0.0.0", 80, &ck_ns_host, true);
	ck_add_in(&ls, PW_PROTO_TCP, "0.0.0.0", 80, &ck_ns_blue, true);
	ck_add_in(&ls, PW_PROTO_TCP, "0.0.0.0", 80, &ck_ns_anon, false);
	text = ck_listener_text(ls.v[0]);
	assert_null(strstr(text, "netns"));
	free(text);
	CK_TEXT_HAS(ck_listener_text(ls.v[1]), " nginx[800] user=0 netns=blue");
	CK_TEXT_HAS(ck_listener_text(ls.v[2]), " user=0 netns=4026532301");
	pw_listeners_fini(&ls);
}

/* --- nagios --------------------------------------------------------------- */

static void nagios_ok_status_line_has_performance_data(void **state)
{
	struct ck_run c = { 0 };

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&c.ls, PW_PROTO_TCP, "::", 22, CK_HOLDERS(ck_by_sshd));
	ck_judge(&c, true, true);
	CK_TEXT_IS(ck_render(PW_CHECK_NAGIOS, &c.res, &ck_meta),
		   "PORTWATCH OK - 2 listeners, all expected | listeners=2;;;0 "
		   "unexpected=0;;;0 denied=0;;;0 missing=0;;;0 new=0;;;0 "
		   "gone=0;;;0\n");
	ck_fini(&c);
}

static void nagios_summary_names_findings_worst_kinds_first(void **state)
{
	struct ck_run c = { 0 };
	char *text, *line;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22 process=sshd\n"
			     "deny tcp *:23\n"
			     "allow tcp *:443 require\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 4444, CK_HOLDERS(ck_by_backdoor));
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 23, CK_HOLDERS(ck_by_telnetd));
	ck_add(&c.ls, PW_PROTO_UDP, "0.0.0.0", 5555, CK_NOBODY);
	ck_judge(&c, true, true);
	text = ck_render(PW_CHECK_NAGIOS, &c.res, &ck_meta);
	line = ck_line(text, 0);
	assert_string_equal(line, "PORTWATCH CRITICAL - 1 denied listener: tcp/23 telnetd; "
				  "2 unexpected listeners: tcp/4444 backdoor, udp/5555; "
				  "1 missing listener: line 3 | listeners=4;;;0 unexpected=2;;;0 "
				  "denied=1;;;0 missing=1;;;0 new=0;;;0 gone=0;;;0");
	free(line);
	/* Then each finding, as the text lines. */
	assert_int_equal(ck_count_char(text, '\n'), 1 + c.res.n);
	ck_assert_finding_lines(text, 1, &c.res);
	free(text);
	ck_fini(&c);
}

static void nagios_summary_names_three_findings_of_a_kind_at_most(void **state)
{
	struct ck_run c = { 0 };
	char *text, *line;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22\n");
	for (uint16_t port = 5001; port <= 5005; port++)
		ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", port, CK_HOLDERS(ck_by_backdoor));
	ck_judge(&c, true, true);
	text = ck_render(PW_CHECK_NAGIOS, &c.res, &ck_meta);
	line = ck_line(text, 0);
	assert_non_null(strstr(line, "PORTWATCH CRITICAL - 5 unexpected listeners: tcp/5001 "
				     "backdoor, tcp/5002 backdoor, tcp/5003 backdoor, ... | "));
	assert_null(strstr(line, "5004"));
	free(line);
	free(text);
	ck_fini(&c);
}

/* A '|' starts Nagios performance data: one in a process name would forge it. */
static void nagios_never_writes_a_raw_pipe_from_a_process_name(void **state)
{
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22\n");
	ck_add(&c.before, PW_PROTO_TCP, "0.0.0.0", 7777, CK_HOLDERS(ck_by_piped));
	ck_snapshot_before(&c, NULL);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 4444, CK_HOLDERS(ck_by_piped));
	ck_judge(&c, true, true);
	assert_int_equal(c.res.n, 3); /* unexpected, new, gone */
	text = ck_render(PW_CHECK_NAGIOS, &c.res, &ck_meta);
	/* The one '|' is the separator of the performance data. */
	assert_int_equal(ck_count_char(text, '|'), 1);
	assert_non_null(strstr(text, " | listeners=1;;;0 "));
	assert_true(strstr(text, " | listeners=") < strchr(text, '\n'));
	assert_non_null(strstr(text, "tcp/4444 a\\x7cb"));
	assert_non_null(strstr(text, "a\\x7cb[66]"));
	/* The gone entry's process and exe too. */
	assert_non_null(strstr(text, "tcp 0.0.0.0:7777 (cbt, registered, wildcard) a\\x7cb "
				     "exe=/opt/a\\x7cb"));
	assert_int_equal(ck_count_char(text, '\n'), 4);
	free(text);
	/* Text output keeps it: no Nagios there. */
	CK_TEXT_HAS(ck_render(PW_CHECK_TEXT, &c.res, &ck_meta), "a|b[66]");
	ck_fini(&c);
}

/* Long strings with a '|' far in: escaped whole, nothing cut away. */
static void nagios_escapes_pipes_far_into_long_strings(void **state)
{
	char exe[700], want[720];
	struct pw_proc p = CK_PROC(3, "long", NULL);
	const struct pw_proc *const by_p[] = { &p };
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	memset(exe, 'e', sizeof(exe));
	exe[0] = '/';
	memcpy(exe + 600, "|tail", 6);
	p.exe = exe;
	ck_add(&c.before, PW_PROTO_TCP, "0.0.0.0", 7777, CK_HOLDERS(by_p));
	ck_snapshot_before(&c, NULL);
	ck_judge(&c, true, true);
	assert_int_equal(c.res.count[PW_FIND_GONE], 1);
	text = ck_render(PW_CHECK_NAGIOS, &c.res, &ck_meta);
	memcpy(want, exe, 600);
	strcpy(want + 600, "\\x7ctail\n");
	assert_non_null(strstr(text, want));
	assert_int_equal(ck_count_char(text, '|'), 1);
	free(text);
	ck_fini(&c);
}

static void nagios_escapes_the_policy_file_name(void **state)
{
	struct ck_run c = { 0 };
	struct pw_check_meta meta = ck_meta;
	char *text;

	(void)state;
	meta.policy_file = "/etc/p|w\n";
	c.policy = CK_POLICY("deny tcp *:23\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 23, CK_HOLDERS(ck_by_telnetd));
	ck_judge(&c, true, true);
	text = ck_render(PW_CHECK_NAGIOS, &c.res, &meta);
	assert_int_equal(ck_count_char(text, '|'), 1);
	assert_int_equal(ck_count_char(text, '\n'), 2);
	assert_non_null(strstr(text, " rule=/etc/p\\x7cw\\x0a:1\n"));
	free(text);
	ck_fini(&c);
}

static void nagios_without_a_result_is_unknown_with_the_reason(void **state)
{
	struct pw_check_meta meta = ck_meta;

	(void)state;
	meta.error = "policy: /etc/portwatch/policy:3:7: bad | thing";
	CK_TEXT_IS(ck_render(PW_CHECK_NAGIOS, NULL, &meta),
		   "PORTWATCH UNKNOWN - policy: /etc/portwatch/policy:3:7: bad \\x7c thing\n");
	meta.error = NULL;
	CK_TEXT_IS(ck_render(PW_CHECK_NAGIOS, NULL, &meta),
		   "PORTWATCH UNKNOWN - the check could not run\n");
}

/* Incomplete: UNKNOWN, or CRITICAL for a listener that is there; the reason is said either way. */
static void nagios_incomplete_run_leads_with_its_reason(void **state)
{
	static const char head[] =
		"PORTWATCH CRITICAL - the listing is incomplete; 1 unexpected listener: tcp/4444 | ";
	struct ck_run c = { 0 };
	struct pw_check_meta meta = ck_meta;
	char *text, *line;

	(void)state;
	meta.error = "the listing is incomplete";
	c.policy = CK_POLICY("allow tcp *:22\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_NOBODY);
	ck_judge(&c, false, true);
	CK_TEXT_IS(ck_render(PW_CHECK_NAGIOS, &c.res, &meta),
		   "PORTWATCH UNKNOWN - the listing is incomplete | listeners=1;;;0 "
		   "unexpected=0;;;0 denied=0;;;0 missing=0;;;0 new=0;;;0 "
		   "gone=0;;;0\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 4444, CK_NOBODY);
	pw_check_result_fini(&c.res);
	ck_judge(&c, false, true);
	text = ck_render(PW_CHECK_NAGIOS, &c.res, &meta);
	line = ck_line(text, 0);
	assert_true(strncmp(line, head, strlen(head)) == 0);
	free(line);
	free(text);
	text = ck_render(PW_CHECK_JSON, &c.res, &meta);
	assert_non_null(strstr(text, "\"status\":\"CRITICAL\""));
	assert_non_null(strstr(text, "\"error\":\"the listing is incomplete\""));
	free(text);
	ck_fini(&c);
}

/* --- json ----------------------------------------------------------------- */

static void json_is_one_document_with_counts_and_findings(void **state)
{
	static const char json_head[] =
		"{\"schema\":1,\"version\":\"" PW_VERSION "\",\"host\":\"h1\","
		"\"time\":\"2024-05-06T07:08:09Z\",\"status\":\"CRITICAL\","
		"\"policy\":\"test.policy\",\"baseline\":null,\"error\":null,"
		"\"owners_complete\":true,\"unseen\":[],"
		"\"listeners\":1,\"counts\":{\"unexpected\":0,\"denied\":1,"
		"\"missing\":1,\"new\":1,\"gone\":1},\"findings\":[{";
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22 process=sshd\n"
			     "deny tcp *:23\n"
			     "allow tcp *:443 require\n");
	ck_add(&c.before, PW_PROTO_UDP, "::", 40000, CK_HOLDERS(ck_by_resolved));
	ck_snapshot_before(&c, NULL);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 23, CK_HOLDERS(ck_by_telnetd));
	ck_judge(&c, true, true);
	text = ck_render(PW_CHECK_JSON, &c.res, &ck_meta);
	ck_assert_json(text);
	assert_int_equal(ck_count_char(text, '\n'), 1);
	assert_true(strncmp(text, json_head, strlen(json_head)) == 0);
	assert_int_equal(ck_count(text, "{\"kind\":"), 4);
	assert_non_null(strstr(text, "{\"kind\":\"denied\",\"severity\":\"CRITICAL\","
				     "\"owners_visible\":true,\"owners_reason\":null,"
				     "\"socket\":{"));
	assert_non_null(strstr(text, "\"rule\":\"test.policy:2\",\"rule_text\":\"deny tcp *:23\","
				     "\"unseen_protocols\":[]}"));
	assert_non_null(strstr(text, "\"rule\":\"test.policy:3\","
				     "\"rule_text\":\"allow tcp *:443 require\","
				     "\"unseen_protocols\":[]}"));
	assert_non_null(strstr(text,
			       "\"baseline_entry\":{\"proto\":\"udp\",\"address\":\"::\","
			       "\"port\":\"ephemeral\",\"process\":\"systemd-resolve\","
			       "\"exe\":\"/usr/lib/systemd/systemd-resolved\",\"netns\":null}"));
	assert_int_equal(ck_count(text, "\"rule\":null,\"rule_text\":null"), 2);
	assert_int_equal(ck_count(text, "\"socket\":null"), 2);
	/* The gone one's bind address and port, annotated; none for the others. */
	assert_non_null(strstr(text, "\"local\":{\"address\":\"::\",\"port\":0,\"service\":null,"
				     "\"service_source\":null,\"class\":null,\"ephemeral\":true,"
				     "\"scope\":\"wildcard\"},\"rule\":null"));
	assert_int_equal(ck_count(text, "\"local\":null"), 3);
	free(text);
	ck_fini(&c);
}

static void json_without_a_result_is_unknown_with_the_error(void **state)
{
	struct pw_check_meta meta = ck_meta;
	char *text;

	(void)state;
	meta.error = "no \"policy\"\n";
	text = ck_render(PW_CHECK_JSON, NULL, &meta);
	ck_assert_json(text);
	assert_non_null(strstr(text, "\"status\":\"UNKNOWN\""));
	assert_non_null(strstr(text, "\"error\":\"no \\\"policy\\\"\\n\""));
	assert_non_null(strstr(text, "\"listeners\":0,"));
	assert_non_null(strstr(text, "\"findings\":[]}\n"));
	free(text);
}

static void json_stays_valid_with_hostile_names(void **state)
{
	static const struct pw_proc evil = CK_PROC(9, "\"}\n\x01\xff\xc3", "/tmp/\\\"x");
	static const struct pw_proc *const by_evil[] = { &evil };
	struct pw_check_meta meta = ck_meta;
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	meta.policy_file = "p\"\\\n";
	c.policy = CK_POLICY("deny tcp *:23\n");
	ck_add(&c.before, PW_PROTO_TCP, "0.0.0.0", 99, CK_HOLDERS(by_evil));
	ck_snapshot_before(&c, NULL);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 23, CK_HOLDERS(by_evil));
	ck_judge(&c, true, true);
	text = ck_render(PW_CHECK_JSON, &c.res, &meta);
	ck_assert_json(text);
	assert_non_null(strstr(text, "\"rule\":\"p\\\"\\\\\\n:1\""));
	free(text);
	ck_fini(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unseen_protocol_nothing_names_is_said_only_in_nagios_and_json),
		cmocka_unit_test(unseen_line_names_the_option_that_asks_for_the_protocol),
		cmocka_unit_test(unseen_line_names_the_policy_line_that_names_the_protocol),
		cmocka_unit_test(unknown_missing_line_names_the_protocols_not_seen),
		cmocka_unit_test(unseen_line_names_the_baseline_that_holds_the_protocol),
		cmocka_unit_test(unseen_owner_line_as_root_says_fds_are_unreadable),
		cmocka_unit_test(nagios_unseen_reason_escapes_the_file_name),
		cmocka_unit_test(text_prints_nothing_without_findings),
		cmocka_unit_test(text_prints_a_line_per_finding),
		cmocka_unit_test(finding_lines_say_what_where_and_which_rule),
		cmocka_unit_test(unseen_finding_line_says_owners_were_not_visible),
		cmocka_unit_test(unconfirmed_holder_says_the_listener_came_during_the_listing),
		cmocka_unit_test(json_says_why_owners_were_not_visible),
		cmocka_unit_test(gone_line_names_the_other_holders),
		cmocka_unit_test(listener_line_names_every_holder_and_orphans),
		cmocka_unit_test(text_escapes_control_bytes_in_process_names),
		cmocka_unit_test(listener_line_names_a_namespace_other_than_the_initial_one),
		cmocka_unit_test(nagios_ok_status_line_has_performance_data),
		cmocka_unit_test(nagios_summary_names_findings_worst_kinds_first),
		cmocka_unit_test(nagios_summary_names_three_findings_of_a_kind_at_most),
		cmocka_unit_test(nagios_never_writes_a_raw_pipe_from_a_process_name),
		cmocka_unit_test(nagios_escapes_pipes_far_into_long_strings),
		cmocka_unit_test(nagios_escapes_the_policy_file_name),
		cmocka_unit_test(nagios_without_a_result_is_unknown_with_the_reason),
		cmocka_unit_test(nagios_incomplete_run_leads_with_its_reason),
		cmocka_unit_test(json_is_one_document_with_counts_and_findings),
		cmocka_unit_test(json_without_a_result_is_unknown_with_the_error),
		cmocka_unit_test(json_stays_valid_with_hostile_names),
	};

	return cmocka_run_group_tests(tests, ck_group_setup, ck_group_teardown);
}
