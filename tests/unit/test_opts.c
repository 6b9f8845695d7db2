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

#include "opts.h"

#define B PW_ST_BIT
#define TCP PW_PROTO_BIT(PW_PROTO_TCP)
#define UDP PW_PROTO_BIT(PW_PROTO_UDP)

/*
 * Writable copies of "portwatch" and words (getopt permutes argv), kept
 * alive after the parse: o->args and o->ports[].spec point into them. Free
 * with opts_argv_free.
 */
struct opts_argv {
	char *v[48];
	int n;
	struct pw_opts *o;
};

static int opts_parse_kept(struct pw_opts *o, struct pw_error *err, struct opts_argv *a,
			   const char *const *words)
{
	a->n = 0;
	a->o = o;
	a->v[a->n++] = strdup("portwatch");
	for (; *words; words++) {
		assert_true(a->n < 47);
		a->v[a->n++] = strdup(*words);
	}
	a->v[a->n] = NULL;
	memset(err, 0, sizeof(*err));
	return pw_opts_parse(o, a->n, a->v, err);
}

static void opts_argv_free(struct opts_argv *a)
{
	for (int i = 0; i < a->n; i++)
		free(a->v[i]);
	a->n = 0;
	pw_opts_fini(a->o);
}

/* Parse "portwatch" followed by the NULL-terminated words; o->args goes with argv. */
static int opts_parse_words(struct pw_opts *o, struct pw_error *err, const char *const *words)
{
	struct opts_argv a;
	int ret = opts_parse_kept(o, err, &a, words);

	opts_argv_free(&a);
	return ret;
}

/* Parse words that must be accepted, keeping argv in a. */
#define PARSE_KEPT(o, a, ...)                                                                     \
	do {                                                                                      \
		struct pw_error err_;                                                             \
		int ret_ =                                                                        \
			opts_parse_kept(o, &err_, a, (const char *const[]){ __VA_ARGS__, NULL }); \
		if (ret_ != 0)                                                                    \
			fail_msg("refused (%d): %s", ret_, err_.msg);                             \
	} while (0)

#define PARSE(o, err, ...) opts_parse_words(o, err, (const char *const[]){ __VA_ARGS__, NULL })

/* Parse words that must be accepted. */
#define PARSE_OK(o, ...)                                              \
	do {                                                          \
		struct pw_error err_;                                 \
		int ret_ = PARSE(o, &err_, __VA_ARGS__);              \
		if (ret_ != 0)                                        \
			fail_msg("refused (%d): %s", ret_, err_.msg); \
	} while (0)

/* Parse words that must be refused with a message holding what. */
static void opts_expect_error(const char *what, const char *const *words)
{
	struct pw_opts o;
	struct pw_error err;

	assert_int_equal(opts_parse_words(&o, &err, words), -EINVAL);
	if (!strstr(err.msg, what))
		fail_msg("message '%s' does not name '%s'", err.msg, what);
}

#define EXPECT_ERROR(what, ...) opts_expect_error(what, (const char *const[]){ __VA_ARGS__, NULL })

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
		cmocka_unit_test(empty_values_are_refused_naming_the_option),
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
