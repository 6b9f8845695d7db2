/* SPDX-License-Identifier: MIT */
/* Network namespaces as discovery saw them: merged by inode, named, ordered, labelled. */
#ifndef PW_NETNS_SET_H
#define PW_NETNS_SET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ports.h"

/*
 * A baseline's "netns" for a namespace that has no name under /run/netns:
 * container runtimes make a new one at each start, so its inode says
 * nothing across restarts. (NULL is the initial namespace's.)
 */
#define PW_NETNS_UNNAMED "(unnamed)"

/* Room pw_netns_label needs: a name (NAME_MAX bytes) or an inode in decimal, and the NUL. */
#define PW_NETNS_LABEL_MAX 256

/*
 * One network namespace. Namespaces are told apart by the device and inode
 * of their nsfs file (namespaces(7)). The strings are owned by the set;
 * comm is raw bytes chosen by a process's owner: escape it before printing.
 */
struct pw_netns {
	uint64_t dev;
	uint64_t inode;
	char *name;   /* its name under /run/netns (the first in byte order); NULL: none */
	char *path;   /* the file to open to enter it */
	int pid;      /* the lowest pid seen living in it; 0: none seen */
	char *comm;   /* that process's command name; NULL: unknown */
	bool initial; /* PID 1's namespace, what a policy calls "host" */
	bool current; /* the namespace portwatch runs in */
	bool lasting; /* path is a name or a file given, not a process that may exit */
	bool hp_read; /* hp holds its ephemeral ports, read from inside it */
	struct pw_hostports hp;
};

/*
 * What one look at the system said about a namespace: the file it was seen
 * through, and the name or the process that made it seen. The strings are
 * copied.
 */
struct pw_netns_seen {
	uint64_t dev;
	uint64_t inode;
	const char *path;
	const char *name; /* the entry's name under /run/netns, or NULL */
	int pid;	  /* a process in it, or 0 */
	bool initial;
	bool current;
};

/* Namespaces, one entry each once pw_netns_set_finish has merged what was seen. */
struct pw_netns_set {
	struct pw_netns *v;
	size_t n, cap;
};

/* An empty set (never NULL; free with pw_netns_set_free). */
struct pw_netns_set *pw_netns_set_new(void);

/* Free set and every entry; NULL is allowed. */
void pw_netns_set_free(struct pw_netns_set *set);

/* Record one sighting; entries of one namespace are merged by pw_netns_set_finish. */
void pw_netns_set_add(struct pw_netns_set *set, const struct pw_netns_seen *seen);

/*
 * Merge the entries of each (dev, inode): the name that sorts first, the
 * lowest pid (and its comm), a path through the name when there is one
 * (a process may exit, the name stays), else through that pid; initial and
 * current when any sighting was. Then order them: the initial namespace,
 * named ones by name, the others by inode. May be called again after more
 * pw_netns_set_add calls. Pointers into set->v are valid until the next
 * add or finish.
 */
void pw_netns_set_finish(struct pw_netns_set *set);

/* Set the command name of ns's process (len bytes, copied as they are). */
void pw_netns_set_comm(struct pw_netns *ns, const char *comm, size_t len);

/* The index of (dev, inode) in set, or -1. */
long pw_netns_set_find(const struct pw_netns_set *set, uint64_t dev, uint64_t inode);

/* The index of the namespace portwatch runs in, or -1. */
long pw_netns_set_current(const struct pw_netns_set *set);

/*
 * The namespace as a listener identity knows it: NULL for the initial one
 * (or ns NULL), its name, or PW_NETNS_UNNAMED. Borrowed.
 */
const char *pw_netns_ident(const struct pw_netns *ns);

/*
 * Its name for people: the name, "host" for the initial namespace without
 * one, else the inode in decimal (written into buf, PW_NETNS_LABEL_MAX
 * bytes). Returns the name or buf; unescaped.
 */
const char *pw_netns_label(const struct pw_netns *ns, char *buf);

/* How a --netns argument names a namespace. */
enum pw_netns_target {
	PW_NETNS_BY_PID,  /* digits only: the namespace process PID is in */
	PW_NETNS_BY_PATH, /* holds a '/': a namespace file */
	PW_NETNS_BY_NAME, /* else: a name under /run/netns */
};

/*
 * Tell what arg names; *pid is set for PW_NETNS_BY_PID. Returns 0, or
 * -EINVAL for something no namespace is called: empty, ".", "..", longer
 * than a file name, or digits that are no pid.
 */
int pw_netns_target_parse(const char *arg, enum pw_netns_target *kind, int *pid);

#endif
