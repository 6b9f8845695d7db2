/* SPDX-License-Identifier: MIT */
/* Command line → struct pw_opts. Never prints, never exits. */
#ifndef PW_OPTS_H
#define PW_OPTS_H

#include <stdbool.h>
#include <stdio.h>

#include "check.h"
#include "filter.h"
#include "output.h"
#include "source.h"
#include "util.h"

enum pw_cmd {
	PW_CMD_LIST,
	PW_CMD_PORT,
	PW_CMD_CHECK,
	PW_CMD_SNAPSHOT,
	PW_CMD_WATCH,
	PW_CMD_HELP,
	PW_CMD_VERSION,
};

enum pw_color {
	PW_COLOR_AUTO,
	PW_COLOR_ALWAYS,
	PW_COLOR_NEVER,
};

/* A --port, --sport, --dport or --class argument, resolved once services are loaded. */
struct pw_opts_ports {
	enum pw_filter_side side;
	bool class_only;
	const char *spec; /* borrowed from argv */
};

#define PW_OPTS_MAX_PORTS 16

struct pw_opts {
	enum pw_cmd cmd;
	struct pw_filter filter;
	uint32_t named_protos; /* PW_PROTO_BIT mask of -t, -u, -w, --udplite, --sctp; 0: none */
	enum pw_format format;
	enum pw_color color;
	bool header;
	bool extended;
	bool wide;		    /* -W: never shorten service names to fit a terminal */
	bool processes;		    /* -p: owners were asked for */
	const char *services_file;  /* --services; NULL: the system's, if any */
	enum pw_source_kind source; /* --source */
	const char *user;	    /* --user as given; resolved against the passwd database */
	const char *netns;	    /* --netns NAME|PATH|PID as given; NULL: the current one */
	bool all_netns;		    /* --all-netns */
	unsigned interval_ms;	    /* watch --interval, in milliseconds */
	struct pw_opts_ports ports[PW_OPTS_MAX_PORTS];
	size_t nports;
	char **args; /* operands of `port` (the array is owned, the strings borrowed) */
	int nargs;
	/* check and snapshot (strings borrowed from argv): */
	const char *policy_file;   /* --policy; NULL: the default, if it exists */
	const char *baseline_file; /* --baseline */
	const char *prom_file;	   /* --prometheus */
	const char *out_file;	   /* snapshot -o FILE; NULL: standard output */
	enum pw_check_format check_format;
	bool quiet;	      /* -q: only the exit code */
	bool syslog;	      /* --syslog: findings to syslog(3) */
	bool snapshot_policy; /* snapshot --format policy */
};

/*
 * Parse argv into o. Returns 0, or -EINVAL with err->msg saying what was
 * wrong (an unknown option, a bad value).
 */
int pw_opts_parse(struct pw_opts *o, int argc, char *argv[], struct pw_error *err);

/* Release what pw_opts_parse allocated; o may be NULL. */
void pw_opts_fini(struct pw_opts *o);

/* The --help text. */
void pw_opts_usage(FILE *f);

#endif
