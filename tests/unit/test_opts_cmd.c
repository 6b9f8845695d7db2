/* SPDX-License-Identifier: MIT */
/* Unit tests of opts.c: the commands' options (port, check, snapshot, watch) and namespaces. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "optsfix.h"

/* --- the port command ------------------------------------------------------------- */

static void port_command_takes_operands_and_options_after_them(void **state)
{
	struct pw_opts o;
	struct opts_argv a;

	(void)state;
	PARSE_KEPT(&o, &a, "port", "22", "rdp", "-o", "json");
	assert_int_equal(o.cmd, PW_CMD_PORT);
	assert_int_equal(o.nargs, 2);
	assert_string_equal(o.args[0], "22");
	assert_string_equal(o.args[1], "rdp");
	assert_int_equal(o.format, PW_FMT_JSON);
	opts_argv_free(&a);
	/* Options between operands; operands keep their order. */
	PARSE_KEPT(&o, &a, "port", "dns", "--output=json", "8000-8002", "--services", "f", "ssh");
	assert_int_equal(o.nargs, 3);
	assert_string_equal(o.args[0], "dns");
	assert_string_equal(o.args[1], "8000-8002");
	assert_string_equal(o.args[2], "ssh");
	assert_string_equal(o.services_file, "f");
	opts_argv_free(&a);
}

static void port_command_takes_text_as_its_table(void **state)
{
	struct pw_opts o;
	struct opts_argv a;

	(void)state;
	PARSE_KEPT(&o, &a, "port", "-o", "text", "22");
	assert_int_equal(o.cmd, PW_CMD_PORT);
	assert_int_equal(o.format, PW_FMT_TABLE);
	assert_int_equal(o.nargs, 1);
	assert_string_equal(o.args[0], "22");
	opts_argv_free(&a);
	PARSE_KEPT(&o, &a, "port", "-n", "22", "-o", "table");
	assert_int_equal(o.format, PW_FMT_TABLE);
	assert_int_equal(o.nargs, 1);
	opts_argv_free(&a);
}

static void port_command_after_double_dash_takes_dashed_operands(void **state)
{
	struct pw_opts o;
	struct opts_argv a;

	(void)state;
	PARSE_KEPT(&o, &a, "port", "-o", "json", "--", "-1");
	assert_int_equal(o.nargs, 1);
	assert_string_equal(o.args[0], "-1");
	assert_int_equal(o.format, PW_FMT_JSON);
	opts_argv_free(&a);
}

static void port_command_without_operand_is_refused(void **state)
{
	(void)state;
	EXPECT_ERROR("port", "port");
	EXPECT_ERROR("port", "port", "-o", "json");
}

static void port_command_refuses_list_formats(void **state)
{
	(void)state;
	EXPECT_ERROR("port -o: unknown format 'csv' (text, json)", "port", "22", "-o", "csv");
	EXPECT_ERROR("port -o: unknown format 'jsonl' (text, json)", "port", "-o", "jsonl", "22");
	/* What port takes, not what list takes: "xml" then "csv" would go round in circles. */
	EXPECT_ERROR("port -o: unknown format 'xml' (text, json)", "port", "22", "-o", "xml");
}

static void port_command_refuses_list_options_naming_them(void **state)
{
	(void)state;
	EXPECT_ERROR("'-t'", "port", "-t", "22");
	EXPECT_ERROR("'--listening'", "port", "--listening", "22");
	EXPECT_ERROR("'--sport=22'", "port", "--sport=22", "22");
	EXPECT_ERROR("'-e'", "port", "-e", "ssh");
}

/* After an operand, getopt has moved on: the message must still name the option. */
static void port_command_names_a_refused_option_after_an_operand(void **state)
{
	(void)state;
	EXPECT_ERROR("'-t'", "port", "22", "-t");
	EXPECT_ERROR("'--listening'", "port", "22", "--listening");
}

static void port_command_names_an_unknown_option_after_an_operand(void **state)
{
	(void)state;
	EXPECT_ERROR("-x", "port", "22", "-x");
	EXPECT_ERROR("--bogus", "port", "22", "--bogus");
}

static void port_command_help_needs_no_operand(void **state)
{
	struct pw_opts o;

	(void)state;
	PARSE_OK(&o, "port", "--help");
	assert_int_equal(o.cmd, PW_CMD_HELP);
}

/* "port" is a command only in first place, as "list" is. */
static void port_word_after_options_is_a_stray_argument(void **state)
{
	(void)state;
	EXPECT_ERROR("port", "-t", "port", "22");
}

static void usage_mentions_every_option(void **state)
{
	static const char *const words[] = {
		"--tcp",     "--udp",	    "--raw",	   "--udplite",	  "--sctp",
		"--ipv4",    "--ipv6",	    "--listening", "--connected", "--all",
		"--state",   "--output",    "--extended",  "--no-header", "--color",
		"--numeric", "--processes", "--help",	   "--version",	  "--port",
		"--sport",   "--dport",	    "--class",	   "--services",  "portwatch port",
	};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(f);
	pw_opts_usage(f);
	assert_int_equal(fclose(f), 0);
	assert_true(strncmp(buf, "usage: portwatch", 16) == 0);
	for (size_t i = 0; i < PW_ARRAY_SIZE(words); i++) {
		if (!strstr(buf, words[i]))
			fail_msg("--help does not mention %s", words[i]);
	}
	free(buf);
}

/* --- check and snapshot -------------------------------------------------------- */

static void check_defaults_to_text_and_judges_listeners_only(void **state)
{
	struct pw_opts o;

	(void)state;
	PARSE_OK(&o, "check");
	assert_int_equal(o.cmd, PW_CMD_CHECK);
	assert_int_equal(o.check_format, PW_CHECK_TEXT);
	assert_int_equal(o.filter.states, PW_ST_LISTENING);
	/* Every protocol: a UDP-Lite, SCTP or raw listener is a listener too. */
	assert_int_equal(o.filter.protos, TCP | UDP | PW_PROTO_BIT(PW_PROTO_RAW) |
						  PW_PROTO_BIT(PW_PROTO_UDPLITE) |
						  PW_PROTO_BIT(PW_PROTO_SCTP));
	assert_int_equal(o.named_protos, 0);
	assert_true(o.filter.inet);
	assert_true(o.filter.inet6);
	assert_null(o.policy_file);
	assert_null(o.baseline_file);
	assert_null(o.prom_file);
	assert_null(o.out_file);
	assert_false(o.quiet);
	assert_false(o.syslog);
	assert_false(o.snapshot_policy);
}

static void check_takes_its_options(void **state)
{
	struct pw_opts o;
	struct opts_argv a;

	(void)state;
	PARSE_KEPT(&o, &a, "check", "--policy", "/etc/p", "--baseline=/var/b.json", "--prometheus",
		   "/var/lib/node/pw.prom", "--syslog", "-q", "-o", "nagios", "-t");
	assert_int_equal(o.cmd, PW_CMD_CHECK);
	assert_string_equal(o.policy_file, "/etc/p");
	assert_string_equal(o.baseline_file, "/var/b.json");
	assert_string_equal(o.prom_file, "/var/lib/node/pw.prom");
	assert_true(o.syslog);
	assert_true(o.quiet);
	assert_int_equal(o.check_format, PW_CHECK_NAGIOS);
	assert_int_equal(o.filter.protos, TCP);
	assert_int_equal(o.named_protos, TCP);
	assert_int_equal(o.filter.states, PW_ST_LISTENING);
	/* check's -o is a format, never snapshot's file. */
	assert_null(o.out_file);
	opts_argv_free(&a);
	PARSE_OK(&o, "check", "--quiet", "--output=json");
	assert_true(o.quiet);
	assert_int_equal(o.check_format, PW_CHECK_JSON);
	PARSE_OK(&o, "check", "-o", "nagios", "-o", "text");
	assert_int_equal(o.check_format, PW_CHECK_TEXT);
}

static void check_refuses_unknown_formats_naming_the_choices(void **state)
{
	(void)state;
	EXPECT_ERROR("'table'", "check", "-o", "table");
	EXPECT_ERROR("text, nagios, json", "check", "-o", "csv");
	EXPECT_ERROR("check -o", "check", "-o", "jsonl");
	EXPECT_ERROR("'-o'", "check", "-o");
}

static void check_and_snapshot_take_protocol_and_family_options(void **state)
{
	static const char *const cmds[] = { "check", "snapshot" };
	struct pw_opts o;

	(void)state;
	for (size_t i = 0; i < PW_ARRAY_SIZE(cmds); i++) {
		PARSE_OK(&o, cmds[i], "-u", "-w", "--udplite", "--sctp", "-6");
		assert_int_equal(o.filter.protos, UDP | PW_PROTO_BIT(PW_PROTO_RAW) |
							  PW_PROTO_BIT(PW_PROTO_UDPLITE) |
							  PW_PROTO_BIT(PW_PROTO_SCTP));
		assert_false(o.filter.inet);
		assert_true(o.filter.inet6);
		assert_int_equal(o.filter.states, PW_ST_LISTENING);
		assert_int_equal(o.named_protos, o.filter.protos);
		PARSE_OK(&o, cmds[i], "-4", "--services", "/s");
		assert_true(o.filter.inet);
		assert_false(o.filter.inet6);
		assert_int_equal(o.filter.protos, PW_PROTO_BIT(PW_PROTO_COUNT) - 1);
		assert_int_equal(o.named_protos, 0);
	}
	/* A listing keeps ss's default, and says what was named. */
	PARSE_OK(&o, "-l");
	assert_int_equal(o.filter.protos, TCP | UDP);
	assert_int_equal(o.named_protos, 0);
	PARSE_OK(&o, "-t", "-u");
	assert_int_equal(o.named_protos, TCP | UDP);
}

/* Only listeners are judged or saved: no option may ask for other states. */
static void check_and_snapshot_refuse_state_and_filter_options(void **state)
{
	static const char *const cmds[] = { "check", "snapshot" };
	static const char *const opts[] = {
		"-l", "-a", "-c", "--state=established", "-p", "-e", "-H", "--port=22", "--pid=1",
	};

	(void)state;
	for (size_t i = 0; i < PW_ARRAY_SIZE(cmds); i++) {
		for (size_t k = 0; k < PW_ARRAY_SIZE(opts); k++) {
			struct pw_opts o;
			struct pw_error err;
			char want[64];

			assert_int_equal(PARSE(&o, &err, cmds[i], opts[k]), -EINVAL);
			snprintf(want, sizeof(want), "'%s'", cmds[i]);
			if (!strstr(err.msg, want) || !strstr(err.msg, opts[k]))
				fail_msg("%s %s: %s", cmds[i], opts[k], err.msg);
		}
	}
}

static void snapshot_takes_a_file_and_a_format(void **state)
{
	struct pw_opts o;
	struct opts_argv a;

	(void)state;
	PARSE_OK(&o, "snapshot");
	assert_int_equal(o.cmd, PW_CMD_SNAPSHOT);
	assert_null(o.out_file);
	assert_false(o.snapshot_policy);
	assert_int_equal(o.filter.states, PW_ST_LISTENING);
	PARSE_KEPT(&o, &a, "snapshot", "-o", "/var/lib/portwatch/baseline.json", "--format",
		   "policy");
	assert_string_equal(o.out_file, "/var/lib/portwatch/baseline.json");
	assert_true(o.snapshot_policy);
	/* -o is a file name here, even one that reads like a format. */
	assert_int_equal(o.check_format, PW_CHECK_TEXT);
	opts_argv_free(&a);
	PARSE_KEPT(&o, &a, "snapshot", "--output=nagios", "--format=json");
	assert_string_equal(o.out_file, "nagios");
	assert_false(o.snapshot_policy);
	opts_argv_free(&a);
	PARSE_OK(&o, "snapshot", "--format", "policy", "--format", "json");
	assert_false(o.snapshot_policy);
}

static void snapshot_refuses_unknown_formats(void **state)
{
	(void)state;
	EXPECT_ERROR("snapshot --format", "snapshot", "--format", "yaml");
	EXPECT_ERROR("'yaml'", "snapshot", "--format=yaml");
	/* Whole words only. */
	EXPECT_ERROR("'pol'", "snapshot", "--format", "pol");
	EXPECT_ERROR("'policyx'", "snapshot", "--format", "policyx");
	EXPECT_ERROR("--format", "snapshot", "--format");
}

/* An option of another command is refused, naming the option and this command. */
static void options_of_another_command_are_refused_naming_the_command(void **state)
{
	static const struct {
		const char *cmd, *opt, *cmd_name;
	} cases[] = {
		{ "snapshot", "--policy=p", "snapshot" },
		{ "snapshot", "--baseline=b", "snapshot" },
		{ "snapshot", "--prometheus=m", "snapshot" },
		{ "snapshot", "--syslog", "snapshot" },
		{ "snapshot", "-q", "snapshot" },
		{ "snapshot", "--quiet", "snapshot" },
		{ "check", "--format=json", "check" },
		{ "list", "--policy=p", "list" },
		{ "list", "--baseline=b", "list" },
		{ "list", "--prometheus=m", "list" },
		{ "list", "--syslog", "list" },
		{ "list", "-q", "list" },
		{ "list", "--format=policy", "list" },
		{ NULL, "--policy=p", "list" },
		{ NULL, "-q", "list" },
		{ "port", "--policy=p", "port" },
		{ "port", "--format=json", "port" },
		{ "port", "-q", "port" },
	};

	(void)state;
	for (size_t i = 0; i < PW_ARRAY_SIZE(cases); i++) {
		struct pw_opts o;
		struct pw_error err;
		char want[64];
		int rc;

		if (cases[i].cmd)
			rc = PARSE(&o, &err, cases[i].cmd, cases[i].opt, "22");
		else
			rc = PARSE(&o, &err, cases[i].opt);
		assert_int_equal(rc, -EINVAL);
		snprintf(want, sizeof(want), "does not apply to '%s'", cases[i].cmd_name);
		if (!strstr(err.msg, want) || !strstr(err.msg, cases[i].opt))
			fail_msg("%s %s: %s", cases[i].cmd ? cases[i].cmd : "", cases[i].opt,
				 err.msg);
	}
}

static void check_and_snapshot_options_need_their_values(void **state)
{
	(void)state;
	EXPECT_ERROR("--policy", "check", "--policy");
	EXPECT_ERROR("--baseline", "check", "--baseline");
	EXPECT_ERROR("--prometheus", "check", "--prometheus");
	EXPECT_ERROR("'-o'", "snapshot", "-o");
	EXPECT_ERROR("--syslog", "check", "--syslog=yes");
}

static void check_and_snapshot_take_no_operand(void **state)
{
	(void)state;
	EXPECT_ERROR("'foo'", "check", "foo");
	EXPECT_ERROR("'out.json'", "snapshot", "out.json");
	EXPECT_ERROR("'nagios'", "check", "-q", "nagios");
	/* Command words count only in first place. */
	EXPECT_ERROR("'check'", "-t", "check");
	EXPECT_ERROR("'snapshot'", "list", "snapshot");
}

static void check_and_snapshot_help_and_version(void **state)
{
	struct pw_opts o;

	(void)state;
	PARSE_OK(&o, "check", "--help");
	assert_int_equal(o.cmd, PW_CMD_HELP);
	PARSE_OK(&o, "snapshot", "-h");
	assert_int_equal(o.cmd, PW_CMD_HELP);
	PARSE_OK(&o, "check", "-V");
	assert_int_equal(o.cmd, PW_CMD_VERSION);
}

/* What one parse set must not leak into the next. */
static void check_options_do_not_outlive_their_parse(void **state)
{
	struct pw_opts o;

	(void)state;
	PARSE_OK(&o, "check", "-q", "--syslog", "--policy=p", "-o", "json");
	assert_true(o.quiet);
	PARSE_OK(&o, "snapshot", "--format=policy");
	assert_false(o.quiet);
	assert_false(o.syslog);
	assert_null(o.policy_file);
	assert_int_equal(o.check_format, PW_CHECK_TEXT);
	assert_true(o.snapshot_policy);
	PARSE_OK(&o, "-t");
	assert_int_equal(o.cmd, PW_CMD_LIST);
	assert_false(o.snapshot_policy);
	assert_int_equal(o.filter.states, PW_ST_ALL);
}

static void usage_describes_check_and_snapshot(void **state)
{
	static const char *const words[] = {
		"portwatch check", "portwatch snapshot", "--policy",
		"--baseline",	   "--prometheus",	 "--syslog",
		"--quiet",	   "--format",		 "nagios",
		"policy",
	};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(f);
	pw_opts_usage(f);
	assert_int_equal(fclose(f), 0);
	for (size_t i = 0; i < PW_ARRAY_SIZE(words); i++) {
		if (!strstr(buf, words[i]))
			fail_msg("--help does not mention %s", words[i]);
	}
	free(buf);
}

/* --- namespaces and watch ------------------------------------------------------ */

static void netns_options_apply_to_every_listing_command(void **state)
{
	static const char *const cmds[] = { "list", "check", "snapshot", "watch" };
	struct pw_opts o;
	struct opts_argv a;

	(void)state;
	PARSE_OK(&o, "-tl");
	assert_null(o.netns);
	assert_false(o.all_netns);
	for (size_t i = 0; i < PW_ARRAY_SIZE(cmds); i++) {
		PARSE_KEPT(&o, &a, cmds[i], "--netns", "blue");
		assert_string_equal(o.netns, "blue");
		assert_false(o.all_netns);
		opts_argv_free(&a);
		PARSE_KEPT(&o, &a, cmds[i], "--netns=/run/netns/red");
		assert_string_equal(o.netns, "/run/netns/red");
		opts_argv_free(&a);
		PARSE_KEPT(&o, &a, cmds[i], "--all-netns");
		assert_null(o.netns);
		assert_true(o.all_netns);
		opts_argv_free(&a);
	}
	/* Kept as given: the session tells a pid from a name from a path. */
	PARSE_KEPT(&o, &a, "--netns", "1234", "-tl");
	assert_string_equal(o.netns, "1234");
	assert_int_equal(o.filter.states, B(PW_ST_LISTEN) | B(PW_ST_CLOSE));
	opts_argv_free(&a);
}

static void netns_and_all_netns_exclude_each_other(void **state)
{
	(void)state;
	EXPECT_ERROR("exclude each other", "--netns", "blue", "--all-netns");
	EXPECT_ERROR("exclude each other", "check", "--all-netns", "--netns=1");
	EXPECT_ERROR("needs a value, not an empty one", "--netns=");
	EXPECT_ERROR("needs a value", "--netns");
	EXPECT_ERROR("takes no value", "--all-netns=yes");
	EXPECT_ERROR("does not apply to 'port'", "port", "--all-netns", "22");
	EXPECT_ERROR("does not apply to 'port'", "port", "--netns=blue", "22");
}

static void watch_defaults_to_listeners_every_second_as_text(void **state)
{
	struct pw_opts o;

	(void)state;
	PARSE_OK(&o, "watch");
	assert_int_equal(o.cmd, PW_CMD_WATCH);
	assert_int_equal(o.interval_ms, 1000);
	assert_int_equal(o.format, PW_FMT_TABLE);
	assert_int_equal(o.filter.states, PW_ST_LISTENING);
	assert_int_equal(o.filter.protos, TCP | UDP);
	PARSE_OK(&o, "watch", "-a");
	assert_int_equal(o.filter.states, PW_ST_ALL);
	PARSE_OK(&o, "watch", "-c");
	assert_int_equal(o.filter.states, PW_ST_ALL & ~PW_ST_LISTENING);
	PARSE_OK(&o, "watch", "-l");
	assert_int_equal(o.filter.states, PW_ST_LISTENING);
	PARSE_OK(&o, "watch", "--state=established");
	assert_int_equal(o.filter.states, B(PW_ST_ESTABLISHED));
	PARSE_OK(&o, "watch", "-t", "-o", "jsonl");
	assert_int_equal(o.format, PW_FMT_JSONL);
	assert_int_equal(o.filter.protos, TCP);
	PARSE_OK(&o, "watch", "-o", "text");
	assert_int_equal(o.format, PW_FMT_TABLE);
	/* The list command keeps listing everything by default. */
	PARSE_OK(&o, "list");
	assert_int_equal(o.filter.states, PW_ST_ALL);
}

static void watch_interval_takes_seconds_to_the_millisecond(void **state)
{
	static const struct {
		const char *arg;
		unsigned ms;
	} ok[] = {
		{ "1", 1000 },	 { "0.1", 100 },   { "0.25", 250 },	  { "2.5", 2500 },
		{ "10", 10000 }, { "0.123", 123 }, { "86400", 86400000 }, { "007", 7000 },
	};
	static const char *const bad[] = {
		"0",	     "0.09",	    "0.0999", "-1",  "1.",    ".5", "1e3",
		"86400.001", "99999999999", "1,5",    "abc", "1.2.3", " 1", "",
	};
	struct pw_opts o;
	struct opts_argv a;
	char arg[64];

	(void)state;
	for (size_t i = 0; i < PW_ARRAY_SIZE(ok); i++) {
		snprintf(arg, sizeof(arg), "--interval=%s", ok[i].arg);
		PARSE_KEPT(&o, &a, "watch", arg);
		if (o.interval_ms != ok[i].ms)
			fail_msg("%s: %u ms, want %u", arg, o.interval_ms, ok[i].ms);
		opts_argv_free(&a);
	}
	for (size_t i = 0; i < PW_ARRAY_SIZE(bad); i++) {
		snprintf(arg, sizeof(arg), "--interval=%s", bad[i]);
		opts_expect_error("--interval", (const char *const[]){ "watch", arg, NULL });
	}
}

static void watch_refuses_what_has_no_meaning_there(void **state)
{
	static const char *const opts[] = {
		"-e", "-H", "--color=never", "--policy=p", "--baseline=b", "-q", "--format=json",
	};

	(void)state;
	for (size_t i = 0; i < PW_ARRAY_SIZE(opts); i++)
		opts_expect_error("does not apply to 'watch'",
				  (const char *const[]){ "watch", opts[i], NULL });
	EXPECT_ERROR("watch -o: unknown format 'json' (text, jsonl)", "watch", "-o", "json");
	EXPECT_ERROR("watch -o: unknown format 'csv'", "watch", "-o", "csv");
	/* Only watch polls. */
	EXPECT_ERROR("does not apply to 'list'", "--interval=2");
	EXPECT_ERROR("does not apply to 'check'", "check", "--interval=2");
	EXPECT_ERROR("unexpected argument 'now'", "watch", "now");
}

static void watch_takes_the_listing_filters(void **state)
{
	struct pw_opts o;
	struct opts_argv a;

	(void)state;
	PARSE_KEPT(&o, &a, "watch", "-p", "-n", "-6", "--port=ssh", "--process=sshd", "--user=0",
		   "--services=/dev/null", "--interval", "0.5");
	assert_int_equal(o.cmd, PW_CMD_WATCH);
	assert_true(o.filter.inet6);
	assert_false(o.filter.inet);
	assert_int_equal(o.nports, 1);
	assert_string_equal(o.filter.process, "sshd");
	assert_string_equal(o.user, "0");
	assert_string_equal(o.services_file, "/dev/null");
	assert_int_equal(o.interval_ms, 500);
	opts_argv_free(&a);
}

static void usage_describes_namespaces_and_watch(void **state)
{
	static const char *const words[] = {
		"portwatch watch", "--interval", "--netns", "--all-netns", "jsonl", "CAP_SYS_ADMIN",
	};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(f);
	pw_opts_usage(f);
	assert_int_equal(fclose(f), 0);
	for (size_t i = 0; i < PW_ARRAY_SIZE(words); i++) {
		if (!strstr(buf, words[i]))
			fail_msg("--help does not mention %s", words[i]);
	}
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(port_command_takes_operands_and_options_after_them),
		cmocka_unit_test(port_command_takes_text_as_its_table),
		cmocka_unit_test(port_command_after_double_dash_takes_dashed_operands),
		cmocka_unit_test(port_command_without_operand_is_refused),
		cmocka_unit_test(port_command_refuses_list_formats),
		cmocka_unit_test(port_command_refuses_list_options_naming_them),
		cmocka_unit_test(port_command_names_a_refused_option_after_an_operand),
		cmocka_unit_test(port_command_names_an_unknown_option_after_an_operand),
		cmocka_unit_test(port_command_help_needs_no_operand),
		cmocka_unit_test(port_word_after_options_is_a_stray_argument),
		cmocka_unit_test(usage_mentions_every_option),
		cmocka_unit_test(check_defaults_to_text_and_judges_listeners_only),
		cmocka_unit_test(check_takes_its_options),
		cmocka_unit_test(check_refuses_unknown_formats_naming_the_choices),
		cmocka_unit_test(check_and_snapshot_take_protocol_and_family_options),
		cmocka_unit_test(check_and_snapshot_refuse_state_and_filter_options),
		cmocka_unit_test(snapshot_takes_a_file_and_a_format),
		cmocka_unit_test(snapshot_refuses_unknown_formats),
		cmocka_unit_test(options_of_another_command_are_refused_naming_the_command),
		cmocka_unit_test(check_and_snapshot_options_need_their_values),
		cmocka_unit_test(check_and_snapshot_take_no_operand),
		cmocka_unit_test(check_and_snapshot_help_and_version),
		cmocka_unit_test(check_options_do_not_outlive_their_parse),
		cmocka_unit_test(usage_describes_check_and_snapshot),
		cmocka_unit_test(netns_options_apply_to_every_listing_command),
		cmocka_unit_test(netns_and_all_netns_exclude_each_other),
		cmocka_unit_test(watch_defaults_to_listeners_every_second_as_text),
		cmocka_unit_test(watch_interval_takes_seconds_to_the_millisecond),
		cmocka_unit_test(watch_refuses_what_has_no_meaning_there),
		cmocka_unit_test(watch_takes_the_listing_filters),
		cmocka_unit_test(usage_describes_namespaces_and_watch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
