/* SPDX-License-Identifier: MIT */
/* Network namespaces from /proc and /run/netns, and setns into them and back. */
#ifndef PW_NETNS_H
#define PW_NETNS_H

#include <stdbool.h>

#include "netns_set.h"
#include "util.h"

/* Where `ip netns add` mounts named namespaces (iproute2's NETNS_RUN_DIR). */
#define PW_NETNS_RUNDIR "/run/netns"

/* What a discovery could not see; the caller reports it. */
struct pw_netns_stats {
	unsigned processes; /* processes whose namespace was read */
	unsigned denied;    /* processes whose namespace could not be read: EACCES or EPERM */
	unsigned stale;	    /* entries under rundir on which no namespace is mounted */
	int rundir_error;   /* errno when rundir exists but cannot be listed, else 0 */
};

/*
 * Add to set what procdir ("/proc", or a fixture tree laid out like it)
 * and rundir show: the namespace of procdir/self (current), PID 1's
 * (initial; when it cannot be read, the current one is taken for it),
 * each one mounted under rundir (its names; an entry on another
 * filesystem than the namespaces is stale: counted and skipped) and, with
 * procs, every process's. Then finish the set and read the command name
 * of each namespace's lowest pid. st may be NULL.
 * Returns 0, or -errno when procdir/self/ns/net cannot be read.
 */
int pw_netns_discover(struct pw_netns_set *set, const char *procdir, const char *rundir, bool procs,
		      struct pw_netns_stats *st);

/*
 * The namespace a --netns argument names (pw_netns_target_parse): a pid
 * under procdir, a path, or a name under rundir. It is merged into set
 * (discovered before) and its index returned. A path must be a network
 * namespace file (NS_GET_NSTYPE). Returns the index, or a negative errno
 * with err->msg saying what was wrong: -EINVAL (nothing can be called
 * that; not a network namespace; a stale name), -ENOENT (no such
 * name, process or file), -EACCES (another user's process: needs root).
 */
long pw_netns_resolve(struct pw_netns_set *set, const char *arg, const char *procdir,
		      const char *rundir, struct pw_error *err);

/*
 * Move the calling thread into ns, through ns->path. Returns 0; -ESTALE
 * when the path is no longer that namespace (its process exited, or the
 * pid was reused); -EPERM without CAP_SYS_ADMIN; -EINVAL when it is no
 * network namespace; another negative errno.
 */
int pw_netns_enter(const struct pw_netns *ns);

/* A descriptor of the calling thread's namespace, to come back to; or -errno. */
int pw_netns_hold_current(void);

/* Move the calling thread back into the namespace fd holds. Returns 0 or -errno. */
int pw_netns_return(int fd);

#endif
