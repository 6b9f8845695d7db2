/* SPDX-License-Identifier: MIT */
/* Command-line parsing with ss/netstat muscle memory; pure, for testing. */
#include "opts.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

enum {
	OPT_UDPLITE = 256,
	OPT_SCTP,
	OPT_STATE,
	OPT_COLOR,
	OPT_PORT,
	OPT_SPORT,
	OPT_DPORT,
	OPT_CLASS,
	OPT_SERVICES,
	OPT_PROCESS,
	OPT_PID,
	OPT_USER,
	OPT_POLICY,
	OPT_BASELINE,
	OPT_PROMETHEUS,
	OPT_SYSLOG,
	OPT_FORMAT,
	OPT_NETNS,
	OPT_ALL_NETNS,
	OPT_INTERVAL,
	OPT_SOURCE,
};

static const struct option opts_long[] = {
	{ "tcp", no_argument, NULL, 't' },
	{ "udp", no_argument, NULL, 'u' },
	{ "raw", no_argument, NULL, 'w' },
	{ "udplite", no_argument, NULL, OPT_UDPLITE },
	{ "sctp", no_argument, NULL, OPT_SCTP },
	{ "ipv4", no_argument, NULL, '4' },
	{ "ipv6", no_argument, NULL, '6' },
	{ "listening", no_argument, NULL, 'l' },
	{ "connected", no_argument, NULL, 'c' },
	{ "all", no_argument, NULL, 'a' },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "port", required_argument, NULL, OPT_PORT },
	{ "sport", required_argument, NULL, OPT_SPORT },
	{ "dport", required_argument, NULL, OPT_DPORT },
	{ "class", required_argument, NULL, OPT_CLASS },
	{ "services", required_argument, NULL, OPT_SERVICES },
	{ "process", required_argument, NULL, OPT_PROCESS },
	{ "pid", required_argument, NULL, OPT_PID },
	{ "user", required_argument, NULL, OPT_USER },
	{ "numeric", no_argument, NULL, 'n' },
	{ "processes", no_argument, NULL, 'p' },
	{ "extended", no_argument, NULL, 'e' },
	{ "wide", no_argument, NULL, 'W' },
	{ "no-header", no_argument, NULL, 'H' },
	{ "output", required_argument, NULL, 'o' },
	{ "color", optional_argument, NULL, OPT_COLOR },
	{ "colour", optional_argument, NULL, OPT_COLOR },
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "prometheus", required_argument, NULL, OPT_PROMETHEUS },
	{ "syslog", no_argument, NULL, OPT_SYSLOG },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "netns", required_argument, NULL, OPT_NETNS },
	{ "all-netns", no_argument, NULL, OPT_ALL_NETNS },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static const char *const opts_formats[] = {
	[PW_FMT_TABLE] = "table",
	[PW_FMT_JSON] = "json",
	[PW_FMT_JSONL] = "jsonl",
	[PW_FMT_CSV] = "csv",
};

static int opts_parse_format(const char *arg, enum pw_format *fmt)
{
	/* `port` prints text, not a table; both words work for both commands. */
	if (strcmp(arg, "text") == 0) {
		*fmt = PW_FMT_TABLE;
		return 0;
	}
	for (size_t i = 0; i < PW_ARRAY_SIZE(opts_formats); i++) {
		if (strcmp(arg, opts_formats[i]) == 0) {
			*fmt = (enum pw_format)i;
			return 0;
		}
	}
	return -EINVAL;
}

static int opts_parse_color(const char *arg, enum pw_color *color)
{
	if (!arg || strcmp(arg, "always") == 0)
		*color = PW_COLOR_ALWAYS;
	else if (strcmp(arg, "auto") == 0)
		*color = PW_COLOR_AUTO;
	else if (strcmp(arg, "never") == 0)
		*color = PW_COLOR_NEVER;
	else
		return -EINVAL;
	return 0;
}

/* A comma-separated list of state names, added to *mask. */
static int opts_parse_states(const char *arg, uint32_t *mask, struct pw_error *err)
{
	char buf[256];
	char *w = buf;

	if (strlen(arg) >= sizeof(buf)) {
		pw_error_set(err, NULL, 0, "--state: list too long");
		return -EINVAL;
	}
	strcpy(buf, arg);
	/* Each item split off by hand: strtok would pass over "a,,b" as if it were "a,b". */
	for (char *next; w; w = next) {
		uint32_t m;

		next = strchr(w, ',');
		if (next)
			*next++ = '\0';
		if (!*w) {
			pw_error_set(err, NULL, 0, "--state: an empty item in '%.60s'", arg);
			return -EINVAL;
		}
		if (pw_sock_state_parse(w, &m) < 0) {
			pw_error_set(err, NULL, 0, "--state: unknown state '%.40s' (see --help)",
				     w);
			return -EINVAL;
		}
		*mask |= m;
	}
	if (!*mask) {
		pw_error_set(err, NULL, 0, "--state: no state given");
		return -EINVAL;
	}
	return 0;
}

static int opts_parse_pid(struct pw_opts *o, const char *arg, struct pw_error *err)
{
	unsigned long pid;

	if (pw_parse_uint(arg, 1, PW_PID_MAX, &pid) < 0) {
		pw_error_set(err, NULL, 0, "--pid: '%.40s' is not a process id", arg);
		return -EINVAL;
	}
	o->filter.pid = (int)pid;
	o->filter.narrowed = true;
	return 0;
}

/*
 * --interval: seconds, with up to three decimals ("0.5"), from 0.1 s to a
 * day. Returns 0 or -EINVAL.
 */
static int opts_parse_interval(const char *arg, unsigned *ms)
{
	const char *dot = strchr(arg, '.');
	size_t ilen = dot ? (size_t)(dot - arg) : strlen(arg);
	unsigned long whole = 0, frac = 0;
	char buf[16];

	if (ilen == 0 || ilen >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, arg, ilen);
	buf[ilen] = '\0';
	if (pw_parse_uint(buf, 0, 86400, &whole) < 0)
		return -EINVAL;
	if (dot) {
		size_t flen = strlen(dot + 1);

		if (flen == 0 || flen > 3 || pw_parse_uint(dot + 1, 0, 999, &frac) < 0)
			return -EINVAL;
		for (; flen < 3; flen++)
			frac *= 10;
	}
	*ms = (unsigned)(whole * 1000 + frac);
	return *ms >= 100 && *ms <= 86400000 ? 0 : -EINVAL;
}

/* --netns, --all-netns and --interval. */
static int opts_netns_one(struct pw_opts *o, int c, const char *arg, struct pw_error *err)
{
	switch (c) {
	case OPT_NETNS:
		o->netns = arg;
		break;
	case OPT_ALL_NETNS:
		o->all_netns = true;
		break;
	default:
		if (opts_parse_interval(arg, &o->interval_ms) < 0) {
			pw_error_set(err, NULL, 0,
				     "--interval: '%.40s' is not a number of seconds from 0.1 to "
				     "86400",
				     arg);
			return -EINVAL;
		}
	}
	if (o->netns && o->all_netns) {
		pw_error_set(err, NULL, 0, "--netns and --all-netns exclude each other");
		return -EINVAL;
	}
	return 0;
}

static int opts_add_ports(struct pw_opts *o, int c, const char *arg, struct pw_error *err)
{
	struct pw_opts_ports *p;

	if (o->nports == PW_OPTS_MAX_PORTS) {
		pw_error_set(err, NULL, 0, "more than %d port filters; use lists: --port 22,80,443",
			     PW_OPTS_MAX_PORTS);
		return -EINVAL;
	}
	p = &o->ports[o->nports++];
	p->spec = arg;
	p->class_only = c == OPT_CLASS;
	switch (c) {
	case OPT_PORT:
		p->side = PW_SIDE_EITHER;
		break;
	case OPT_DPORT:
		p->side = PW_SIDE_REMOTE;
		break;
	case OPT_CLASS:
		p->side = PW_SIDE_CLASS;
		break;
	default:
		p->side = PW_SIDE_LOCAL;
	}
	return 0;
}

/* What the short and long options set, before they are combined. */
struct opts_seen {
	uint32_t protos;
	bool v4, v6;
	bool listening, connected, all;
	uint32_t states;
};

/* The protocol, family and state options; 1 when c is none of them. */
static int opts_seen_one(struct opts_seen *seen, int c, const char *arg, struct pw_error *err)
{
	switch (c) {
	case 't':
		seen->protos |= PW_PROTO_BIT(PW_PROTO_TCP);
		break;
	case 'u':
		seen->protos |= PW_PROTO_BIT(PW_PROTO_UDP);
		break;
	case 'w':
		seen->protos |= PW_PROTO_BIT(PW_PROTO_RAW);
		break;
	case OPT_UDPLITE:
		seen->protos |= PW_PROTO_BIT(PW_PROTO_UDPLITE);
		break;
	case OPT_SCTP:
		seen->protos |= PW_PROTO_BIT(PW_PROTO_SCTP);
		break;
	case '4':
		seen->v4 = true;
		break;
	case '6':
		seen->v6 = true;
		break;
	case 'l':
		seen->listening = true;
		break;
	case 'c':
		seen->connected = true;
		break;
	case 'a':
		seen->all = true;
		break;
	case OPT_STATE:
		return opts_parse_states(arg, &seen->states, err);
	default:
		return 1;
	}
	return 0;
}

/* The options of check and snapshot. */
static int opts_check_one(struct pw_opts *o, int c, const char *arg, struct pw_error *err)
{
	static const char *const formats[] = {
		[PW_CHECK_TEXT] = "text",
		[PW_CHECK_NAGIOS] = "nagios",
		[PW_CHECK_JSON] = "json",
	};

	switch (c) {
	case 'o':
		if (o->cmd == PW_CMD_SNAPSHOT) {
			o->out_file = arg;
			return 0;
		}
		for (size_t i = 0; i < PW_ARRAY_SIZE(formats); i++) {
			if (strcmp(arg, formats[i]) == 0) {
				o->check_format = (enum pw_check_format)i;
				return 0;
			}
		}
		pw_error_set(err, NULL, 0, "check -o: unknown format '%.40s' (text, nagios, json)",
			     arg);
		return -EINVAL;
	case OPT_FORMAT:
		if (strcmp(arg, "json") && strcmp(arg, "policy")) {
			pw_error_set(err, NULL, 0,
				     "snapshot --format: expected json or policy, not '%.40s'",
				     arg);
			return -EINVAL;
		}
		o->snapshot_policy = arg[0] == 'p';
		return 0;
	case OPT_POLICY:
		o->policy_file = arg;
		return 0;
	case OPT_BASELINE:
		o->baseline_file = arg;
		return 0;
	case OPT_PROMETHEUS:
		o->prom_file = arg;
		return 0;
	case OPT_SYSLOG:
		o->syslog = true;
		return 0;
	case 'q':
		o->quiet = true;
		return 0;
	default:
		return -EINVAL;
	}
}

/* -o: a format for list and watch, check's own formats, snapshot's file. */
static int opts_output(struct pw_opts *o, const char *arg, struct pw_error *err)
{
	if (o->cmd == PW_CMD_CHECK || o->cmd == PW_CMD_SNAPSHOT)
		return opts_check_one(o, 'o', arg, err);
	if (o->cmd == PW_CMD_WATCH) {
		if (opts_parse_format(arg, &o->format) < 0 ||
		    (o->format != PW_FMT_TABLE && o->format != PW_FMT_JSONL)) {
			pw_error_set(err, NULL, 0, "watch -o: unknown format '%.40s' (text, jsonl)",
				     arg);
			return -EINVAL;
		}
		return 0;
	}
	if (o->cmd == PW_CMD_PORT) {
		if (opts_parse_format(arg, &o->format) < 0 ||
		    (o->format != PW_FMT_TABLE && o->format != PW_FMT_JSON)) {
			pw_error_set(err, NULL, 0, "port -o: unknown format '%.40s' (text, json)",
				     arg);
			return -EINVAL;
		}
		return 0;
	}
	if (opts_parse_format(arg, &o->format) < 0) {
		pw_error_set(err, NULL, 0, "-o: unknown format '%.40s' (table, json, jsonl, csv)",
			     arg);
		return -EINVAL;
	}
	return 0;
}

static int opts_one(struct pw_opts *o, struct opts_seen *seen, int c, const char *arg,
		    struct pw_error *err)
{
	int ret = opts_seen_one(seen, c, arg, err);

	if (ret <= 0)
		return ret;
	switch (c) {
	case OPT_PORT:
	case OPT_SPORT:
	case OPT_DPORT:
	case OPT_CLASS:
		return opts_add_ports(o, c, arg, err);
	case OPT_SERVICES:
		o->services_file = arg;
		break;
	case OPT_SOURCE:
		if (pw_source_parse(arg, &o->source) < 0) {
			pw_error_set(err, NULL, 0,
				     "--source: expected auto, netlink or proc, not '%.40s'", arg);
			return -EINVAL;
		}
		break;
	case OPT_PROCESS:
		o->filter.process = arg;
		o->filter.narrowed = true;
		break;
	case OPT_PID:
		return opts_parse_pid(o, arg, err);
	case OPT_NETNS:
	case OPT_ALL_NETNS:
	case OPT_INTERVAL:
		return opts_netns_one(o, c, arg, err);
	case OPT_USER:
		o->user = arg;
		o->filter.narrowed = true;
		break;
	case 'n':
		/* Accepted for muscle memory: portwatch never resolves names. */
		break;
	case 'p':
		o->processes = true;
		break;
	case 'e':
		o->extended = true;
		break;
	case 'W':
		o->wide = true;
		break;
	case 'H':
		o->header = false;
		break;
	case 'o':
		return opts_output(o, arg, err);
	case OPT_COLOR:
		if (opts_parse_color(arg, &o->color) < 0) {
			pw_error_set(err, NULL, 0,
				     "--color: expected auto, always or never, not '%.40s'", arg);
			return -EINVAL;
		}
		break;
	case 'h':
		o->cmd = PW_CMD_HELP;
		break;
	case 'V':
		o->cmd = PW_CMD_VERSION;
		break;
	default:
		return opts_check_one(o, c, arg, err);
	}
	return 0;
}

/*
 * Fold what was seen into the filter, as ss would read the same options;
 * listen_default: no state option means listeners only (watch).
 */
static void opts_apply(struct pw_filter *f, const struct opts_seen *seen, bool listen_default)
{
	if (seen->protos) {
		f->protos = seen->protos;
		f->narrowed = true;
	}
	if (seen->v4 != seen->v6) {
		f->inet = seen->v4;
		f->inet6 = seen->v6;
		f->narrowed = true;
	}
	if (seen->states)
		f->states = seen->states;
	else if (!seen->all && !seen->connected && (seen->listening || listen_default))
		f->states = PW_ST_LISTENING;
	else if (seen->all || seen->listening == seen->connected)
		f->states = PW_ST_ALL;
	else
		f->states = PW_ST_ALL & ~PW_ST_LISTENING;
	if (f->states != PW_ST_ALL)
		f->narrowed = true;
}

/*
 * Name the option getopt refused. word is the argv element it stopped at:
 * a long option ("--tcp=yes"), or a cluster of short ones ("-to").
 */
static void opts_refused(struct pw_error *err, int c, const char *word)
{
	int len = (int)strcspn(word, "=");

	if (strncmp(word, "--", 2) == 0) {
		if (word[len] == '=')
			pw_error_set(err, NULL, 0, "option '%.*s' takes no value",
				     len > 40 ? 40 : len, word);
		else if (c == ':')
			pw_error_set(err, NULL, 0, "option '%.40s' needs a value", word);
		else
			pw_error_set(err, NULL, 0, "unknown option '%.40s'", word);
	} else if (c == ':') {
		pw_error_set(err, NULL, 0, "option '-%c' needs a value", optopt);
	} else {
		pw_error_set(err, NULL, 0, "unknown option '-%c'", optopt);
	}
}

/* Whether command cmd takes option c; the others are refused there. */
static bool opts_takes(enum pw_cmd cmd, int c)
{
	static const char common[] = { 'o', 'h', 'V', 'n' };
	bool proto = strchr("tuw46", c) || c == OPT_UDPLITE || c == OPT_SCTP;
	bool netns = c == OPT_NETNS || c == OPT_ALL_NETNS;
	bool judging = c == OPT_POLICY || c == OPT_BASELINE || c == OPT_PROMETHEUS ||
		       c == OPT_SYSLOG || c == 'q' || c == OPT_FORMAT;

	for (size_t i = 0; i < sizeof(common); i++)
		if (c == common[i])
			return true;
	if (c == OPT_SERVICES)
		return true;
	if (c == OPT_SOURCE)
		return cmd != PW_CMD_PORT;
	switch (cmd) {
	case PW_CMD_PORT:
		return false;
	case PW_CMD_CHECK:
		return proto || netns || c == OPT_POLICY || c == OPT_BASELINE ||
		       c == OPT_PROMETHEUS || c == OPT_SYSLOG || c == 'q';
	case PW_CMD_SNAPSHOT:
		return proto || netns || c == OPT_FORMAT;
	case PW_CMD_WATCH:
		/* Table options have no table to act on; owners are always shown. */
		return !judging && c != 'e' && c != 'H' && c != 'W' && c != OPT_COLOR;
	default:
		return !judging && c != OPT_INTERVAL;
	}
}

/* The word naming command cmd in messages. */
static const char *opts_cmd_name(enum pw_cmd cmd)
{
	switch (cmd) {
	case PW_CMD_PORT:
		return "port";
	case PW_CMD_CHECK:
		return "check";
	case PW_CMD_SNAPSHOT:
		return "snapshot";
	case PW_CMD_WATCH:
		return "watch";
	default:
		return "list";
	}
}

/* The command argv[1] names, or PW_CMD_LIST with *named false. */
static enum pw_cmd opts_command(int argc, char *argv[], bool *named)
{
	static const struct {
		const char *word;
		enum pw_cmd cmd;
	} cmds[] = {
		{ "list", PW_CMD_LIST },   { "port", PW_CMD_PORT },
		{ "check", PW_CMD_CHECK }, { "snapshot", PW_CMD_SNAPSHOT },
		{ "watch", PW_CMD_WATCH },
	};

	*named = false;
	for (size_t i = 0; argc > 1 && i < PW_ARRAY_SIZE(cmds); i++) {
		if (strcmp(argv[1], cmds[i].word) == 0) {
			*named = true;
			return cmds[i].cmd;
		}
	}
	return PW_CMD_LIST;
}

/*
 * Take the operand getopt stopped at, for `port`, where operands and options
 * mix (`port 22 -o json`). Returns false when there is none left; after
 * "--", which getopt consumes, everything left is an operand.
 */
static bool opts_take_operand(struct pw_opts *o, int argc, char *argv[])
{
	if (optind >= argc)
		return false;
	if (strcmp(argv[optind - 1], "--") == 0) {
		while (optind < argc)
			o->args[o->nargs++] = argv[optind++];
		return false;
	}
	o->args[o->nargs++] = argv[optind++];
	return true;
}

static int opts_check_port(const struct pw_opts *o, struct pw_error *err)
{
	if (o->cmd == PW_CMD_HELP || o->cmd == PW_CMD_VERSION)
		return 0;
	if (o->nargs == 0) {
		pw_error_set(err, NULL, 0, "port: give at least one PORT, RANGE or NAME");
		return -EINVAL;
	}
	return 0;
}

int pw_opts_parse(struct pw_opts *o, int argc, char *argv[], struct pw_error *err)
{
	struct opts_seen seen = { 0 };
	enum pw_cmd cmd;
	bool port, named;
	int c, ret;

	*o = (struct pw_opts){ .cmd = PW_CMD_LIST, .header = true, .interval_ms = 1000 };
	pw_filter_init(&o->filter);
	cmd = opts_command(argc, argv, &named);
	o->cmd = cmd;
	port = cmd == PW_CMD_PORT;
	if (port)
		o->args = pw_xcalloc((size_t)argc, sizeof(*o->args));
	if (named) {
		argv++;
		argc--;
	}
	/* optind = 0 makes glibc start afresh, so tests may parse many times. */
	optind = 0;
	opterr = 0;
	for (;;) {
		/* The element getopt looks at; optind moves past it before an error returns. */
		int cur = optind ? optind : 1;

		/* '+': stop at operands; `port` takes them one by one. */
		c = getopt_long(argc, argv, "+:tuw46lcanpeWHo:qhV", opts_long, NULL);
		if (c == -1) {
			if (port && opts_take_operand(o, argc, argv))
				continue;
			break;
		}
		if (c == '?' || c == ':') {
			opts_refused(err, c, cur < argc ? argv[cur] : "");
			return -EINVAL;
		}
		if (!opts_takes(cmd, c)) {
			pw_error_set(err, NULL, 0, "option '%.40s' does not apply to '%s'",
				     cur < argc ? argv[cur] : "", opts_cmd_name(cmd));
			return -EINVAL;
		}
		/* An empty value is a slip ("--process=", "--services ''"), never a choice. */
		if (optarg && !*optarg) {
			const char *word = cur < argc ? argv[cur] : "";

			pw_error_set(err, NULL, 0, "option '%.*s' needs a value, not an empty one",
				     (int)strcspn(word, "="), word);
			return -EINVAL;
		}
		ret = opts_one(o, &seen, c, optarg, err);
		if (ret < 0)
			return ret;
	}
	if (port)
		return opts_check_port(o, err);
	if (optind < argc) {
		pw_error_set(err, NULL, 0, "unexpected argument '%.40s'", argv[optind]);
		return -EINVAL;
	}
	opts_apply(&o->filter, &seen, cmd == PW_CMD_WATCH);
	o->named_protos = seen.protos;
	if (o->nports)
		o->filter.narrowed = true;
	/* Only listeners are judged or saved; of every protocol, unless some are named. */
	if (cmd == PW_CMD_CHECK || cmd == PW_CMD_SNAPSHOT) {
		o->filter.states = PW_ST_LISTENING;
		if (!seen.protos)
			o->filter.protos = PW_PROTO_BIT(PW_PROTO_COUNT) - 1;
	}
	return 0;
}

void pw_opts_fini(struct pw_opts *o)
{
	if (!o)
		return;
	free(o->args);
	o->args = NULL;
}

/* The synopsis and the options that shape a listing. */
static void opts_usage_listing(FILE *f)
{
	fputs("usage: portwatch [list] [options]\n"
	      "       portwatch port [-o text|json] [--services FILE] PORT|RANGE|NAME...\n"
	      "       portwatch check [--policy FILE] [--baseline FILE] [-o text|nagios|json]\n"
	      "                       [-q] [--prometheus FILE] [--syslog] [-tuw46]\n"
	      "       portwatch snapshot [-o FILE] [--format json|policy] [-tuw46]\n"
	      "       portwatch watch [--interval S] [-l|-a] [-o text|jsonl] [-tuw46]\n"
	      "list, check, snapshot and watch take --netns NAME|PATH|PID or --all-netns.\n"
	      "\n"
	      "List the host's sockets, read from the kernel through netlink sock_diag,\n"
	      "each port with its service name and IANA class; or explain ports.\n"
	      "\n"
	      "Protocols (default: tcp and udp; check and snapshot: all five):\n"
	      "  -t, --tcp          TCP sockets\n"
	      "  -u, --udp          UDP sockets\n"
	      "  -w, --raw          raw sockets\n"
	      "      --udplite      UDP-Lite sockets\n"
	      "      --sctp         SCTP sockets\n"
	      "  -4, --ipv4         IPv4 only\n"
	      "  -6, --ipv6         IPv6 only\n"
	      "\n"
	      "States (default: all):\n"
	      "  -l, --listening    listening sockets only (TCP LISTEN, UDP/raw UNCONN)\n"
	      "  -c, --connected    all but listening sockets\n"
	      "  -a, --all          both (the default)\n"
	      "      --state LIST   comma-separated ss state names: established, syn-sent,\n"
	      "                     syn-recv, fin-wait-1, fin-wait-2, time-wait, closed,\n"
	      "                     close-wait, last-ack, listening, closing, connected,\n"
	      "                     synchronized, bucket, big, all\n"
	      "\n"
	      "Output:\n"
	      "  -o, --output FMT   table (default), json, jsonl or csv\n"
	      "  -e, --extended     add Recv-Q, Send-Q, User, UID, Inode and Cookie columns\n"
	      "  -H, --no-header    no header line in table and csv output\n"
	      "  -W, --wide         on a terminal, never shorten service names to fit it\n"
	      "      --color[=WHEN] auto (default), always or never; NO_COLOR is honoured\n"
	      "  -n, --numeric      accepted for ss/netstat habits; names never replace numbers\n"
	      "  -p, --processes    show the processes holding each socket\n"
	      "      --process NAME sockets a process NAME holds (command name or the\n"
	      "                     base name of its executable)\n"
	      "      --pid PID      sockets process PID holds\n"
	      "      --user USER    sockets owned by USER (a name or a uid)\n"
	      "\n"
	      "Ports (SPEC: comma-separated numbers, N-M ranges, service names or classes):\n"
	      "      --port SPEC    either side's port matches\n"
	      "      --sport SPEC   the local port matches\n"
	      "      --dport SPEC   the remote port matches\n"
	      "      --class CLASS  the local port is of this class: well-known (0-1023),\n"
	      "                     registered (1024-49151), dynamic (49152-65535), or\n"
	      "                     ephemeral (this host's ip_local_port_range less\n"
	      "                     ip_local_reserved_ports)\n"
	      "      --services FILE  service names from FILE instead of /etc/services;\n"
	      "                     the built-in IANA table fills what it lacks\n"
	      "      --source SRC   auto (default: netlink, or /proc/net where netlink is\n"
	      "                     not available), netlink, or proc\n"
	      "\n"
	      "Network namespaces (entering one needs CAP_SYS_ADMIN):\n"
	      "      --netns NS     list namespace NS instead of the current one: a name\n"
	      "                     under /run/netns, a namespace file, or a pid in it\n"
	      "      --all-netns    every namespace: /run/netns/* and each process's,\n"
	      "                     each once; sockets then show which one they are in\n"
	      "\n",
	      f);
}

/* The table legend, the other commands and the exit status. */
static void opts_usage_commands(FILE *f)
{
	fputs("Table columns: every port is followed by its service name ('-' for none)\n"
	      "and its class: wk well-known, reg registered, dyn dynamic; '/eph' when it\n"
	      "is in this host's ephemeral range; '!' marks a listener worth a second look\n"
	      "(on a dynamic or ephemeral port, or a well-known port on a public address).\n"
	      "\n"
	      "check: judge every listener against a policy (default /etc/portwatch/policy)\n"
	      "and/or a baseline; silent when all is expected. Exit 0 OK, 1 WARNING\n"
	      "(missing or gone listener), 2 CRITICAL (unexpected, denied or new listener),\n"
	      "3 UNKNOWN (could not see or judge everything).\n"
	      "      --policy FILE  the policy (portwatch.policy(5))\n"
	      "      --baseline FILE  a snapshot: report new and gone listeners\n"
	      "  -o FORMAT          text (default: a line per finding), nagios, json\n"
	      "  -q, --quiet        print nothing; the exit code tells\n"
	      "      --prometheus FILE  write node_exporter textfile metrics to FILE\n"
	      "      --syslog       send each finding to syslog (facility daemon)\n"
	      "snapshot: save the listeners as a baseline (JSON), or with --format policy\n"
	      "as a starter policy; -o FILE replaces FILE atomically (default: stdout).\n"
	      "watch: poll, and print each socket that is added or removed, with the time,\n"
	      "until interrupted (exit 0). Listeners only, unless -a, -c or --state.\n"
	      "      --interval S   seconds between polls (default 1, from 0.1)\n"
	      "  -o FORMAT          text (default: a line per event), jsonl\n"
	      "\n"
	      "  -h, --help         this text\n"
	      "  -V, --version      version\n"
	      "\n"
	      "Exit status: 0 listed, 1 a filter or name matched nothing, 2 usage error,\n"
	      "3 runtime failure or incomplete dump.\n",
	      f);
}

void pw_opts_usage(FILE *f)
{
	opts_usage_listing(f);
	opts_usage_commands(f);
}
