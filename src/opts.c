/* SPDX-License-Identifier: MIT */
/* Command-line parsing with ss/netstat muscle memory; pure, for testing. */
#include "opts.h"

#include <errno.h>
#include <getopt.h>
#include <string.h>

enum {
	OPT_UDPLITE = 256,
	OPT_SCTP,
	OPT_STATE,
	OPT_COLOR,
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
	{ "numeric", no_argument, NULL, 'n' },
	{ "processes", no_argument, NULL, 'p' },
	{ "extended", no_argument, NULL, 'e' },
	{ "no-header", no_argument, NULL, 'H' },
	{ "output", required_argument, NULL, 'o' },
	{ "color", optional_argument, NULL, OPT_COLOR },
	{ "colour", optional_argument, NULL, OPT_COLOR },
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
	char *save = NULL;

	if (strlen(arg) >= sizeof(buf)) {
		pw_error_set(err, NULL, 0, "--state: list too long");
		return -EINVAL;
	}
	strcpy(buf, arg);
	for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		uint32_t m;

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

/* What the short and long options set, before they are combined. */
struct opts_seen {
	uint32_t protos;
	bool v4, v6;
	bool listening, connected, all;
	uint32_t states;
};

static int opts_one(struct pw_opts *o, struct opts_seen *seen, int c, const char *arg,
		    struct pw_error *err)
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
	case 'n':
		/* Accepted for muscle memory: portwatch never resolves names. */
		break;
	case 'p':
		o->processes = true;
		break;
	case 'e':
		o->extended = true;
		break;
	case 'H':
		o->header = false;
		break;
	case 'o':
		if (opts_parse_format(arg, &o->format) < 0) {
			pw_error_set(err, NULL, 0,
				     "-o: unknown format '%.40s' (table, json, jsonl, csv)", arg);
			return -EINVAL;
		}
		break;
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
		return -EINVAL;
	}
	return 0;
}

/* Fold what was seen into the filter, as ss would read the same options. */
static void opts_apply(struct pw_filter *f, const struct opts_seen *seen)
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
	if (seen->states) {
		f->states = seen->states;
	} else if (seen->all || seen->listening == seen->connected) {
		f->states = PW_ST_ALL;
	} else if (seen->listening) {
		f->states = PW_ST_LISTENING;
	} else {
		f->states = PW_ST_ALL & ~PW_ST_LISTENING;
	}
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

int pw_opts_parse(struct pw_opts *o, int argc, char *argv[], struct pw_error *err)
{
	struct opts_seen seen = { 0 };
	int c, ret;

	*o = (struct pw_opts){ .cmd = PW_CMD_LIST, .header = true };
	pw_filter_init(&o->filter);
	if (argc > 1 && strcmp(argv[1], "list") == 0) {
		argv++;
		argc--;
	}
	/* optind = 0 makes glibc start afresh, so tests may parse many times. */
	optind = 0;
	opterr = 0;
	for (;;) {
		/* The element getopt looks at; optind moves past it before an error returns. */
		int cur = optind ? optind : 1;

		/* '+': options come first, as the stray-argument check below expects. */
		c = getopt_long(argc, argv, "+:tuw46lcanpeHo:hV", opts_long, NULL);
		if (c == -1)
			break;
		if (c == '?' || c == ':') {
			opts_refused(err, c, cur < argc ? argv[cur] : "");
			return -EINVAL;
		}
		ret = opts_one(o, &seen, c, optarg, err);
		if (ret < 0)
			return ret;
	}
	if (optind < argc) {
		pw_error_set(err, NULL, 0, "unexpected argument '%.40s'", argv[optind]);
		return -EINVAL;
	}
	opts_apply(&o->filter, &seen);
	return 0;
}

void pw_opts_usage(FILE *f)
{
	fputs("usage: portwatch [list] [options]\n"
	      "\n"
	      "List the host's sockets, read from the kernel through netlink sock_diag.\n"
	      "\n"
	      "Protocols (default: tcp and udp):\n"
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
	      "  -e, --extended     add uid, inode and socket cookie columns\n"
	      "  -H, --no-header    no header line in table and csv output\n"
	      "      --color[=WHEN] auto (default), always or never; NO_COLOR is honoured\n"
	      "  -n, --numeric      accepted for ss/netstat habits; names never replace numbers\n"
	      "  -p, --processes    show owning processes (not available yet)\n"
	      "\n"
	      "  -h, --help         this text\n"
	      "  -V, --version      version\n"
	      "\n"
	      "Exit status: 0 listed, 1 a filter matched nothing, 2 usage error,\n"
	      "3 runtime failure or incomplete dump.\n",
	      f);
}
