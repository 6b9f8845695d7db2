/* SPDX-License-Identifier: MIT */
/* Socket inode to holding processes, from one scan of a /proc tree. */
#ifndef PW_PROCMAP_H
#define PW_PROCMAP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Longest command line kept, in bytes; longer ones are cut there. */
#define PW_PROC_CMDLINE_MAX 4096
/* Longest command name read, in bytes (the kernel's TASK_COMM_LEN is 16). */
#define PW_PROC_COMM_MAX 64
/* uid of a process whose status has no readable "Uid:" line. */
#define PW_PROC_UID_UNKNOWN ((uid_t)-1)

/*
 * One process that holds at least one socket. The strings are raw bytes
 * chosen by the process's owner: they may hold control characters and
 * invalid UTF-8, so callers escape them before printing. The map owns them.
 */
struct pw_proc {
	int pid;
	uid_t uid;     /* real uid, first field of "Uid:" in status */
	char *comm;    /* command name without its newline; NULL when unreadable */
	char *exe;     /* executable path; NULL when unreadable (not ptrace-able, kernel thread) */
	char *cmdline; /* arguments joined by spaces, cut at PW_PROC_CMDLINE_MAX; NULL when empty */
	char *unit;    /* systemd unit or scope from cgroup ("nginx.service"), or NULL */
};

/* What a scan saw; the caller reports denied processes (they need privileges). */
struct pw_procmap_stats {
	unsigned processes; /* processes whose fd table was read */
	unsigned owners;    /* of those, processes holding at least one socket */
	unsigned sockets;   /* distinct socket inodes found */
	unsigned denied;    /* processes whose fds could not be read: EACCES or EPERM */
	int denied_pid;	    /* the first of them, for messages; 0 when none */
	unsigned vanished;  /* processes that exited mid-scan (or unreadable for another reason) */
};

struct pw_procmap;

/*
 * Scan procdir ("/proc", or a fixture tree laid out like it) once: every fd
 * of every process that links to "socket:[INODE]" maps INODE to that process.
 * Only /proc/PID/fd is read, never /proc/PID/task: threads share the file
 * table, so each process counts once. Processes that cannot be read are
 * skipped and counted in *st (st may be NULL).
 * Returns the map (free with pw_procmap_free), or NULL with errno set when
 * procdir cannot be opened or listed.
 */
struct pw_procmap *pw_procmap_scan(const char *procdir, struct pw_procmap_stats *st);

/* Free m and every process in it; NULL is allowed. */
void pw_procmap_free(struct pw_procmap *m);

/*
 * The processes holding socket inode, each once: daemons first, then PID 1
 * (with socket activation both hold the socket, and the daemon is the
 * answer), otherwise by pid. Returns their count and points *procs at them
 * (borrowed from m; NULL when the count is 0). Allocates nothing. A NULL m
 * or inode 0 (TIME-WAIT and request sockets) has no holders.
 */
size_t pw_procmap_lookup(const struct pw_procmap *m, uint32_t inode,
			 const struct pw_proc *const **procs);

#endif
