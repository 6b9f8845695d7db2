/* SPDX-License-Identifier: MIT */
/* Unit tests of opts.c: ss/netstat-style options and every way to get them wrong. */
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

static void no_options_lists_tcp_and_udp_everywhere_as_a_table(void **state)
{
	struct pw_opts o;
	struct pw_error err;
	char *argv[] = { (char[]){ "portwatch" }, NULL };

	(void)state;
	assert_int_equal(pw_opts_parse(&o, 1, argv, &err), 0);
	assert_int_equal(o.cmd, PW_CMD_LIST);
	assert_int_equal(o.filter.protos, TCP | UDP);
	assert_true(o.filter.inet);
	assert_true(o.filter.inet6);
	assert_int_equal(o.filter.states, PW_ST_ALL);
	assert_false(o.filter.narrowed);
	assert_int_equal(o.format, PW_FMT_TABLE);
	assert_int_equal(o.color, PW_COLOR_AUTO);
	assert_true(o.header);
	assert_false(o.extended);
	assert_false(o.processes);
}

static void tulpn_lists_tcp_and_udp_listeners_with_processes(void **state)
{
	struct pw_opts o;

	(void)state;
	PARSE_OK(&o, "-tulpn");
	assert_int_equal(o.cmd, PW_CMD_LIST);
	assert_int_equal(o.filter.protos, TCP | UDP);
	assert_int_equal(o.filter.states, B(PW_ST_LISTEN) | B(PW_ST_CLOSE));
	assert_true(o.filter.inet);
	assert_true(o.filter.inet6);
	assert_true(o.processes);
	assert_true(o.filter.narrowed);
}

static void separate_short_options_equal_a_cluster(void **state)
{
	struct pw_opts a, b;

	(void)state;
	PARSE_OK(&a, "-t", "-u", "-l", "-p", "-n");
	PARSE_OK(&b, "-tulpn");
	assert_int_equal(a.filter.protos, b.filter.protos);
	assert_int_equal(a.filter.states, b.filter.states);
	assert_int_equal(a.processes, b.processes);
}

static void t_selects_tcp_only(void **state)
{
	struct pw_opts o;

	(void)state;
	PARSE_OK(&o, "-t");
	assert_int_equal(o.filter.protos, TCP);
	assert_int_equal(o.filter.states, PW_ST_ALL);
	PARSE_OK(&o, "--tcp");
	assert_int_equal(o.filter.protos, TCP);
}

static void other_protocol_options_select_their_protocol(void **state)
{
	struct pw_opts o;

	(void)state;
	PARSE_OK(&o, "-u");
	assert_int_equal(o.filter.protos, UDP);
	PARSE_OK(&o, "-w");
	assert_int_equal(o.filter.protos, PW_PROTO_BIT(PW_PROTO_RAW));
	PARSE_OK(&o, "--udplite");
	assert_int_equal(o.filter.protos, PW_PROTO_BIT(PW_PROTO_UDPLITE));
	PARSE_OK(&o, "--sctp");
	assert_int_equal(o.filter.protos, PW_PROTO_BIT(PW_PROTO_SCTP));
	PARSE_OK(&o, "-t", "--raw", "--sctp");
	assert_int_equal(o.filter.protos,
			 TCP | PW_PROTO_BIT(PW_PROTO_RAW) | PW_PROTO_BIT(PW_PROTO_SCTP));
}

static void four_selects_ipv4_only(void **state)
{
	struct pw_opts o;

	(void)state;
	PARSE_OK(&o, "-4");
	assert_true(o.filter.inet);
	assert_false(o.filter.inet6);
	assert_int_equal(o.filter.protos, TCP | UDP);
	PARSE_OK(&o, "--ipv4");
	assert_false(o.filter.inet6);
}

static void six_selects_ipv6_only(void **state)
{
	struct pw_opts o;

	(void)state;
	PARSE_OK(&o, "-6");
	assert_false(o.filter.inet);
	assert_true(o.filter.inet6);
	PARSE_OK(&o, "--ipv6");
	assert_false(o.filter.inet);
}

static void four_and_six_together_select_both_families(void **state)
{
	struct pw_opts o;

	(void)state;
	PARSE_OK(&o, "-46");
	assert_true(o.filter.inet);
	assert_true(o.filter.inet6);
	PARSE_OK(&o, "-6", "-4");
	assert_true(o.filter.inet);
	assert_true(o.filter.inet6);
}

static void l_selects_listening_states(void **state)
{
	struct pw_opts o;

	(void)state;
	PARSE_OK(&o, "-l");
	assert_int_equal(o.filter.states, B(PW_ST_LISTEN) | B(PW_ST_CLOSE));
	PARSE_OK(&o, "--listening");
	assert_int_equal(o.filter.states, B(PW_ST_LISTEN) | B(PW_ST_CLOSE));
}

static void c_selects_every_state_but_listening(void **state)
{
	struct pw_opts o;

	(void)state;
	PARSE_OK(&o, "-c");
	assert_int_equal(o.filter.states, PW_ST_ALL & ~(B(PW_ST_LISTEN) | B(PW_ST_CLOSE)));
	assert_true(o.filter.states & B(PW_ST_ESTABLISHED));
	assert_true(o.filter.states & B(PW_ST_TIME_WAIT));
	PARSE_OK(&o, "--connected");
	assert_false(o.filter.states & B(PW_ST_LISTEN));
}

static void a_selects_every_state(void **state)
{
	struct pw_opts o;

	(void)state;
	PARSE_OK(&o, "-a");
	assert_int_equal(o.filter.states, PW_ST_ALL);
	PARSE_OK(&o, "-la");
	assert_int_equal(o.filter.states, PW_ST_ALL);
}

static void l_and_c_together_select_every_state(void **state)
{
	struct pw_opts o;

	(void)state;
	PARSE_OK(&o, "-lc");
	assert_int_equal(o.filter.states, PW_ST_ALL);
	assert_false(o.filter.narrowed);
}

static void state_list_selects_those_states(void **state)
{
	struct pw_opts o;

	(void)state;
	PARSE_OK(&o, "--state", "established,time-wait");
	assert_int_equal(o.filter.states, B(PW_ST_ESTABLISHED) | B(PW_ST_TIME_WAIT));
	assert_true(o.filter.narrowed);
	PARSE_OK(&o, "--state=listen");
	assert_int_equal(o.filter.states, B(PW_ST_LISTEN));
}

static void state_options_add_up(void **state)
{
	struct pw_opts o;

	(void)state;
	PARSE_OK(&o, "--state", "established", "--state", "syn-sent");
	assert_int_equal(o.filter.states, B(PW_ST_ESTABLISHED) | B(PW_ST_SYN_SENT));
}

static void state_bogus_is_refused_with_its_name(void **state)
{
	struct pw_opts o;
	struct pw_error err;

	(void)state;
	assert_int_equal(PARSE(&o, &err, "--state", "bogus"), -EINVAL);
	assert_non_null(strstr(err.msg, "bogus"));
	EXPECT_ERROR("nonsense", "--state", "established,nonsense");
	EXPECT_ERROR("--state", "--state", ",");
	/* An empty item is a typo, refused as --port refuses one. */
	EXPECT_ERROR("empty item", "--state", "listening,,established");
	EXPECT_ERROR("empty item", "--state", "listening,");
	EXPECT_ERROR("empty item", "--state", ",listening");
}

static void output_formats_are_parsed(void **state)
{
	struct pw_opts o;

	(void)state;
	PARSE_OK(&o, "-o", "json");
	assert_int_equal(o.format, PW_FMT_JSON);
	PARSE_OK(&o, "-o", "jsonl");
	assert_int_equal(o.format, PW_FMT_JSONL);
	PARSE_OK(&o, "-o", "csv");
	assert_int_equal(o.format, PW_FMT_CSV);
	PARSE_OK(&o, "-ojson", "-o", "table");
	assert_int_equal(o.format, PW_FMT_TABLE);
	PARSE_OK(&o, "--output=csv");
	assert_int_equal(o.format, PW_FMT_CSV);
	PARSE_OK(&o, "--output", "jsonl");
	assert_int_equal(o.format, PW_FMT_JSONL);
}

static void output_format_unknown_is_refused_with_its_name(void **state)
{
	(void)state;
	EXPECT_ERROR("xml", "-o", "xml");
	EXPECT_ERROR("JSON", "--output=JSON");
}

static void output_without_value_is_refused(void **state)
{
	(void)state;
	EXPECT_ERROR("-o", "-o");
	EXPECT_ERROR("--output", "-t", "--output");
}

/* "-to" lacks the value of -o, not of an option called "-to". */
static void missing_value_in_a_cluster_names_the_option(void **state)
{
	(void)state;
	EXPECT_ERROR("'-o'", "-to");
}

/* An empty value is a slip, never a choice: it must not match nothing or everything. */
static void empty_values_are_refused_naming_the_option(void **state)
{
	(void)state;
	EXPECT_ERROR("'--process' needs a value, not an empty one", "--process=");
	EXPECT_ERROR("'--process' needs a value, not an empty one", "--process", "");
	EXPECT_ERROR("'--user' needs a value, not an empty one", "--user=");
	EXPECT_ERROR("'--services' needs a value, not an empty one", "--services", "");
	EXPECT_ERROR("'--port' needs a value, not an empty one", "--port=");
	EXPECT_ERROR("'--class' needs a value, not an empty one", "--class=");
	EXPECT_ERROR("'-o' needs a value, not an empty one", "-o", "");
	EXPECT_ERROR("'--policy' needs a value, not an empty one", "check", "--policy=");
	EXPECT_ERROR("'-o' needs a value, not an empty one", "snapshot", "-o", "");
}

static void color_takes_an_optional_value(void **state)
{
	struct pw_opts o;

	(void)state;
	PARSE_OK(&o, "--color");
	assert_int_equal(o.color, PW_COLOR_ALWAYS);
	PARSE_OK(&o, "--color=never");
	assert_int_equal(o.color, PW_COLOR_NEVER);
	PARSE_OK(&o, "--color=always");
	assert_int_equal(o.color, PW_COLOR_ALWAYS);
	PARSE_OK(&o, "--color=never", "--color=auto");
	assert_int_equal(o.color, PW_COLOR_AUTO);
	PARSE_OK(&o, "--colour=never");
	assert_int_equal(o.color, PW_COLOR_NEVER);
}

static void color_unknown_value_is_refused_with_its_name(void **state)
{
	(void)state;
	EXPECT_ERROR("sometimes", "--color=sometimes");
}

static void H_drops_the_header(void **state)
{
	struct pw_opts o;

	(void)state;
	PARSE_OK(&o, "-H");
	assert_false(o.header);
	PARSE_OK(&o, "--no-header");
	assert_false(o.header);
}

static void e_asks_for_extended_columns(void **state)
{
	struct pw_opts o;

	(void)state;
	PARSE_OK(&o, "-e");
	assert_true(o.extended);
	assert_false(o.filter.narrowed);
	PARSE_OK(&o, "--extended");
	assert_true(o.extended);
}

/* -W, as netstat's: whole service names on a terminal; not for watch, which has no table. */
static void w_keeps_service_names_whole(void **state)
{
	struct pw_opts o;

	(void)state;
	PARSE_OK(&o, "-tln");
	assert_false(o.wide);
	PARSE_OK(&o, "-tlnW");
	assert_true(o.wide);
	PARSE_OK(&o, "--wide");
	assert_true(o.wide);
	EXPECT_ERROR("does not apply to 'watch'", "watch", "-W");
	EXPECT_ERROR("does not apply to 'check'", "check", "--wide");
}

static void p_asks_for_processes_without_narrowing(void **state)
{
	struct pw_opts o;

	(void)state;
	PARSE_OK(&o, "-p");
	assert_true(o.processes);
	assert_false(o.filter.narrowed);
}

/* Up to the kernel's PID_MAX_LIMIT; 0 is no process. */
static void pid_is_a_process_id_up_to_the_kernels_limit(void **state)
{
	struct pw_opts o;

	(void)state;
	PARSE_OK(&o, "--pid", "4194304");
	assert_int_equal(o.filter.pid, 4194304);
	assert_true(o.filter.narrowed);
	EXPECT_ERROR("'4194305' is not a process id", "--pid=4194305");
	EXPECT_ERROR("'0' is not a process id", "--pid=0");
	EXPECT_ERROR("'-1' is not a process id", "--pid=-1");
}

static void n_changes_nothing(void **state)
{
	struct pw_opts plain, n;

	(void)state;
	PARSE_OK(&plain, "-t");
	PARSE_OK(&n, "-tn", "--numeric");
	assert_int_equal(plain.filter.protos, n.filter.protos);
	assert_int_equal(plain.filter.states, n.filter.states);
	assert_int_equal(plain.filter.inet, n.filter.inet);
	assert_int_equal(plain.filter.inet6, n.filter.inet6);
	assert_int_equal(plain.filter.narrowed, n.filter.narrowed);
	assert_int_equal(plain.format, n.format);
	assert_int_equal(plain.header, n.header);
}

static void h_and_V_pick_help_and_version(void **state)
{
	struct pw_opts o;

	(void)state;
	PARSE_OK(&o, "-h");
	assert_int_equal(o.cmd, PW_CMD_HELP);
	PARSE_OK(&o, "--help");
	assert_int_equal(o.cmd, PW_CMD_HELP);
	PARSE_OK(&o, "-V");
	assert_int_equal(o.cmd, PW_CMD_VERSION);
	PARSE_OK(&o, "--version");
	assert_int_equal(o.cmd, PW_CMD_VERSION);
}

static void list_subcommand_takes_the_same_options(void **state)
{
	struct pw_opts o;

	(void)state;
	PARSE_OK(&o, "list", "-t");
	assert_int_equal(o.cmd, PW_CMD_LIST);
	assert_int_equal(o.filter.protos, TCP);
	PARSE_OK(&o, "list");
	assert_int_equal(o.cmd, PW_CMD_LIST);
	assert_int_equal(o.filter.protos, TCP | UDP);
}

static void unknown_short_option_is_refused_with_its_name(void **state)
{
	(void)state;
	EXPECT_ERROR("-x", "-x");
	EXPECT_ERROR("-x", "-tx");
}

static void unknown_long_option_is_refused_with_its_name(void **state)
{
	(void)state;
	EXPECT_ERROR("--bogus", "--bogus");
	/* Not named after the short option refused by an earlier parse. */
	EXPECT_ERROR("-x", "-x");
	EXPECT_ERROR("--bogus", "-t", "--bogus");
}

/* getopt says '?' for a value given to an option that takes none. */
static void value_for_a_flag_is_refused_naming_the_option(void **state)
{
	(void)state;
	EXPECT_ERROR("--tcp", "--tcp=yes");
}

static void stray_argument_is_refused_with_its_name(void **state)
{
	(void)state;
	EXPECT_ERROR("foo", "foo");
	EXPECT_ERROR("foo", "-t", "foo", "-u");
	/* "list" is a command only in first place. */
	EXPECT_ERROR("list", "-t", "list");
}

static void parsing_again_starts_afresh(void **state)
{
	struct pw_opts o;
	struct pw_error err;

	(void)state;
	assert_int_equal(PARSE(&o, &err, "-x"), -EINVAL);
	PARSE_OK(&o, "-6");
	assert_int_equal(o.filter.protos, TCP | UDP);
	assert_false(o.filter.inet);
	assert_int_equal(o.filter.states, PW_ST_ALL);
	PARSE_OK(&o, "-tu");
	assert_true(o.filter.inet);
}

static void narrowed_only_when_less_than_everything_is_asked(void **state)
{
	static const struct {
		const char *arg;
		bool narrowed;
	} cases[] = {
		{ "-a", false },
		{ "-46", false },
		{ "--state=all", false },
		{ "-lc", false },
		{ "-n", false },
		{ "-e", false },
		{ "-t", true },
		{ "-u", true },
		{ "-4", true },
		{ "-6", true },
		{ "-l", true },
		{ "-c", true },
		{ "--state=listening", true },
		{ "--services=x", false },
		{ "--port=22", true },
	};
	struct pw_opts o;

	(void)state;
	for (size_t i = 0; i < PW_ARRAY_SIZE(cases); i++) {
		PARSE_OK(&o, cases[i].arg);
		if (o.filter.narrowed != cases[i].narrowed)
			fail_msg("%s: narrowed is %d", cases[i].arg, o.filter.narrowed);
	}
}

/* --- ports ---------------------------------------------------------------------- */

static void port_filters_are_kept_raw_with_their_side(void **state)
{
	struct pw_opts o;
	struct opts_argv a;

	(void)state;
	PARSE_KEPT(&o, &a, "--port", "22", "--sport=ssh,http", "--dport", "40000-40010", "--class",
		   "dynamic", "-t");
	assert_int_equal(o.cmd, PW_CMD_LIST);
	assert_int_equal(o.nports, 4);
	assert_int_equal(o.ports[0].side, PW_SIDE_EITHER);
	assert_false(o.ports[0].class_only);
	assert_string_equal(o.ports[0].spec, "22");
	assert_int_equal(o.ports[1].side, PW_SIDE_LOCAL);
	assert_false(o.ports[1].class_only);
	assert_string_equal(o.ports[1].spec, "ssh,http");
	assert_int_equal(o.ports[2].side, PW_SIDE_REMOTE);
	assert_false(o.ports[2].class_only);
	assert_string_equal(o.ports[2].spec, "40000-40010");
	/* The local port too, but a condition of its own (filter.h). */
	assert_int_equal(o.ports[3].side, PW_SIDE_CLASS);
	assert_true(o.ports[3].class_only);
	assert_string_equal(o.ports[3].spec, "dynamic");
	/* Resolved later, once services are loaded: no port set yet. */
	for (int i = 0; i < PW_SIDE_COUNT; i++)
		assert_null(o.filter.ports[i]);
	assert_int_equal(o.filter.protos, TCP);
	opts_argv_free(&a);
}

static void port_filters_narrow_the_listing(void **state)
{
	static const char *const args[] = { "--port=22", "--sport=22", "--dport=22", "--class=wk" };
	struct pw_opts o;

	(void)state;
	for (size_t i = 0; i < PW_ARRAY_SIZE(args); i++) {
		PARSE_OK(&o, args[i]);
		assert_int_equal(o.nports, 1);
		if (!o.filter.narrowed)
			fail_msg("%s does not narrow", args[i]);
	}
}

/* Their text is checked where it is resolved (filter.c), not here. */
static void port_filter_text_is_not_checked_by_the_parser(void **state)
{
	struct pw_opts o;

	(void)state;
	PARSE_OK(&o, "--port", "70000");
	assert_int_equal(o.nports, 1);
	PARSE_OK(&o, "--class", "22");
	assert_true(o.ports[0].class_only);
}

static void sixteen_port_filters_are_taken_seventeen_refused(void **state)
{
	const char *words[PW_OPTS_MAX_PORTS + 2];
	struct pw_opts o;
	struct pw_error err;

	(void)state;
	for (size_t i = 0; i <= PW_OPTS_MAX_PORTS; i++)
		words[i] = i % 2 ? "--sport=1" : "--port=2";
	words[PW_OPTS_MAX_PORTS] = NULL;
	assert_int_equal(opts_parse_words(&o, &err, words), 0);
	assert_int_equal(o.nports, PW_OPTS_MAX_PORTS);
	words[PW_OPTS_MAX_PORTS] = "--class=dynamic";
	words[PW_OPTS_MAX_PORTS + 1] = NULL;
	assert_int_equal(opts_parse_words(&o, &err, words), -EINVAL);
	assert_non_null(strstr(err.msg, "16"));
	assert_true(o.nports <= PW_OPTS_MAX_PORTS);
}

static void port_filter_without_value_is_refused(void **state)
{
	(void)state;
	EXPECT_ERROR("--port", "--port");
	EXPECT_ERROR("--dport", "-t", "--dport");
	EXPECT_ERROR("--class", "--class");
}

static void services_names_a_file(void **state)
{
	struct pw_opts o;
	struct opts_argv a;

	(void)state;
	PARSE_OK(&o, "-t");
	assert_null(o.services_file);
	PARSE_KEPT(&o, &a, "--services", "/srv/my services", "-t");
	assert_string_equal(o.services_file, "/srv/my services");
	assert_int_equal(o.filter.protos, TCP);
	opts_argv_free(&a);
	PARSE_KEPT(&o, &a, "list", "--services=x");
	assert_int_equal(o.cmd, PW_CMD_LIST);
	assert_string_equal(o.services_file, "x");
	assert_false(o.filter.narrowed);
	opts_argv_free(&a);
	EXPECT_ERROR("--services", "--services");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_options_lists_tcp_and_udp_everywhere_as_a_table),
		cmocka_unit_test(tulpn_lists_tcp_and_udp_listeners_with_processes),
		cmocka_unit_test(separate_short_options_equal_a_cluster),
		cmocka_unit_test(t_selects_tcp_only),
		cmocka_unit_test(other_protocol_options_select_their_protocol),
		cmocka_unit_test(four_selects_ipv4_only),
		cmocka_unit_test(six_selects_ipv6_only),
		cmocka_unit_test(four_and_six_together_select_both_families),
		cmocka_unit_test(l_selects_listening_states),
		cmocka_unit_test(c_selects_every_state_but_listening),
		cmocka_unit_test(a_selects_every_state),
		cmocka_unit_test(l_and_c_together_select_every_state),
		cmocka_unit_test(state_list_selects_those_states),
		cmocka_unit_test(state_options_add_up),
		cmocka_unit_test(state_bogus_is_refused_with_its_name),
		cmocka_unit_test(output_formats_are_parsed),
		cmocka_unit_test(output_format_unknown_is_refused_with_its_name),
		cmocka_unit_test(output_without_value_is_refused),
		cmocka_unit_test(missing_value_in_a_cluster_names_the_option),
		cmocka_unit_test(empty_values_are_refused_naming_the_option),
		cmocka_unit_test(color_takes_an_optional_value),
		cmocka_unit_test(color_unknown_value_is_refused_with_its_name),
		cmocka_unit_test(H_drops_the_header),
		cmocka_unit_test(e_asks_for_extended_columns),
		cmocka_unit_test(w_keeps_service_names_whole),
		cmocka_unit_test(p_asks_for_processes_without_narrowing),
		cmocka_unit_test(pid_is_a_process_id_up_to_the_kernels_limit),
		cmocka_unit_test(n_changes_nothing),
		cmocka_unit_test(h_and_V_pick_help_and_version),
		cmocka_unit_test(list_subcommand_takes_the_same_options),
		cmocka_unit_test(unknown_short_option_is_refused_with_its_name),
		cmocka_unit_test(unknown_long_option_is_refused_with_its_name),
		cmocka_unit_test(value_for_a_flag_is_refused_naming_the_option),
		cmocka_unit_test(stray_argument_is_refused_with_its_name),
		cmocka_unit_test(parsing_again_starts_afresh),
		cmocka_unit_test(narrowed_only_when_less_than_everything_is_asked),
		cmocka_unit_test(port_filters_are_kept_raw_with_their_side),
		cmocka_unit_test(port_filters_narrow_the_listing),
		cmocka_unit_test(port_filter_text_is_not_checked_by_the_parser),
		cmocka_unit_test(sixteen_port_filters_are_taken_seventeen_refused),
		cmocka_unit_test(port_filter_without_value_is_refused),
		cmocka_unit_test(services_names_a_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
