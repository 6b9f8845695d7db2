/* SPDX-License-Identifier: MIT */
/* Private to the commands: the network namespaces a session lists, and going in and out. */
#ifndef PW_CMD_NETNS_H
#define PW_CMD_NETNS_H

#include <stdbool.h>
#include <stddef.h>

#include "netns_set.h"
#include "opts.h"

struct pw_ifnames;

/* One namespace to list, and what only holds inside it. */
struct pw_cmd_netns_one {
	struct pw_netns *ns;	 /* in set; its hp is read on entering */
	struct pw_ifnames *ifn;	 /* device names: indexes are per namespace */
	struct pw_filter filter; /* the port filters against its ephemeral range, if they differ */
	bool own_filter;	 /* filter is set (else the session's applies) */
	bool denied;		 /* entering it needed CAP_SYS_ADMIN */
};

struct pw_cmd_netns {
	struct pw_netns_set *set; /* what discovery found */
	struct pw_cmd_netns_one *v;
	size_t n;
	int home;	 /* portwatch's own namespace, held to come back to; -1: not yet */
	bool all;	 /* --all-netns: a namespace that cannot be entered is skipped */
	bool gone_quiet; /* watch --all-netns: one that went away is no failure: its sockets went too */
	bool incomplete; /* some namespaces could not be seen or entered */
	bool unsteady;	 /* of those, some the next listing may well see (one went away) */
	bool missing;	 /* --netns names no namespace that is there (now) */
	char *denied;	 /* labels of those not entered for want of CAP_SYS_ADMIN, or NULL */
	size_t denied_len;
	unsigned ndenied;
	char *first; /* the session's first error (see pw_cmd_error), first_size bytes */
	size_t first_size;
};

/*
 * Find the namespaces o asks for (--netns, --all-netns, or the current one)
 * into c. Problems are said on stderr, the first error kept in first
 * (size bytes, borrowed for c's life) as pw_cmd_error keeps it. Returns 0,
 * -EINVAL when --netns names nothing (a usage error; c->missing is then
 * set), or another negative errno.
 */
int pw_cmd_netns_open(struct pw_cmd_netns *c, const struct pw_opts *o, char *first, size_t size);

/* Say "portwatch: network namespace LABEL: why" (the label escaped), kept as c's errors are. */
void pw_cmd_netns_error(struct pw_cmd_netns *c, const struct pw_netns *ns, const char *why);

/*
 * Move into the i-th namespace (nothing to do for the current one) and read
 * its ephemeral ports; hp is the current namespace's. Returns 0, or a
 * negative errno after saying why on stderr; with --all-netns, those that
 * need CAP_SYS_ADMIN are named together by pw_cmd_netns_report.
 */
int pw_cmd_netns_enter(struct pw_cmd_netns *c, size_t i, const struct pw_hostports *hp);

/* Come back from the i-th namespace. Returns 0, or -errno after saying so: stop listing then. */
int pw_cmd_netns_leave(struct pw_cmd_netns *c, size_t i);

/* Say which namespaces could not be entered, once, after the last one. */
void pw_cmd_netns_report(struct pw_cmd_netns *c);

/* Release what c holds; accepts one that failed to open. */
void pw_cmd_netns_close(struct pw_cmd_netns *c);

#endif
