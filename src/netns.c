/* SPDX-License-Identifier: MIT */
/* Boundary: finds network namespaces under /proc and /run/netns; setns in and back out. */
/* setns(2) is a GNU extension of sched.h. */
#define _GNU_SOURCE
#include "netns.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

/* The kernel's TASK_COMM_LEN is 16; a longer comm is no comm. */
#define NETNS_COMM_MAX 64

/*
 * The nsfs identity behind dirfd/path. O_PATH: the file may be mode 0 (ip
 * netns add makes it so), and nothing is read from it; following the
 * magic link /proc/PID/ns/net checks that we may look at PID (EACCES).
 */
static int netns_stat_at(int dirfd, const char *path, struct stat *st)
{
	int fd = openat(dirfd, path, O_PATH | O_CLOEXEC);
	int rc = 0;

	/* Callers read *st only on success; cleared so that no path reads garbage. */
	memset(st, 0, sizeof(*st));
	if (fd < 0)
		return -errno;
	if (fstat(fd, st) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

static void netns_see(struct pw_netns_set *set, const struct stat *st, const char *path,
		      const char *name, int pid, bool initial, bool current)
{
	pw_netns_set_add(set, &(struct pw_netns_seen){
				      .dev = (uint64_t)st->st_dev,
				      .inode = (uint64_t)st->st_ino,
				      .path = path,
				      .name = name,
				      .pid = pid,
				      .initial = initial,
				      .current = current,
			      });
}

/* Every namespace mounted under rundir, by name; dev is the namespaces' filesystem. */
static void netns_scan_names(struct pw_netns_set *set, const char *rundir, dev_t dev,
			     struct pw_netns_stats *st)
{
	char path[PATH_MAX];
	struct dirent *de;
	struct stat sb;
	DIR *d = opendir(rundir);

	if (!d) {
		/* No /run/netns: no namespace was ever named. */
		if (errno != ENOENT)
			st->rundir_error = errno;
		return;
	}
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (netns_stat_at(dirfd(d), de->d_name, &sb) < 0)
			continue;
		/*
		 * `ip netns add` leaves an empty file when it fails midway, and
		 * `ip netns delete` of a namespace still in use leaves the file
		 * once unmounted: neither is on nsfs.
		 */
		if (sb.st_dev != dev) {
			st->stale++;
			continue;
		}
		if (snprintf(path, sizeof(path), "%s/%s", rundir, de->d_name) >= (int)sizeof(path))
			continue;
		netns_see(set, &sb, path, de->d_name, 0, false, false);
	}
	closedir(d);
}

/* Every process's namespace; pid directories only. */
static void netns_scan_procs(struct pw_netns_set *set, const char *procdir,
			     struct pw_netns_stats *st)
{
	char rel[32], path[PATH_MAX];
	struct dirent *de;
	struct stat sb;
	DIR *d = opendir(procdir);
	int pid, rc;

	if (!d)
		return;
	while ((de = readdir(d))) {
		if (!pw_parse_pid_name(de->d_name, &pid))
			continue;
		snprintf(rel, sizeof(rel), "%d/ns/net", pid);
		rc = netns_stat_at(dirfd(d), rel, &sb);
		if (rc == -EACCES || rc == -EPERM)
			st->denied++;
		if (rc < 0)
			continue;
		st->processes++;
		snprintf(path, sizeof(path), "%s/%s", procdir, rel);
		netns_see(set, &sb, path, NULL, pid, false, false);
	}
	closedir(d);
}

/* procdir/PID/comm without its newline, into ns; left NULL when unreadable. */
static void netns_read_comm(struct pw_netns *ns, const char *procdir)
{
	char path[PATH_MAX], buf[NETNS_COMM_MAX];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%d/comm", procdir, ns->pid);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n <= 0 || (size_t)n == sizeof(buf))
		return;
	if (buf[n - 1] == '\n')
		n--;
	pw_netns_set_comm(ns, buf, (size_t)n);
}

static void netns_read_comms(struct pw_netns_set *set, const char *procdir)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->v[i].pid > 0 && !set->v[i].comm)
			netns_read_comm(&set->v[i], procdir);
}

int pw_netns_discover(struct pw_netns_set *set, const char *procdir, const char *rundir, bool procs,
		      struct pw_netns_stats *st)
{
	struct pw_netns_stats local = { 0 };
	char path[PATH_MAX];
	struct stat self, init;
	int procfd, rc, init_rc;

	procfd = open(procdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return -errno;
	rc = netns_stat_at(procfd, "self/ns/net", &self);
	init_rc = netns_stat_at(procfd, "1/ns/net", &init);
	close(procfd);
	if (rc < 0)
		return rc;
	/*
	 * PID 1's namespace is the system's own. Hardened or foreign init
	 * processes cannot be looked at even by root: then the namespace
	 * portwatch runs in is taken for it, as before namespaces were listed.
	 */
	snprintf(path, sizeof(path), "%s/self/ns/net", procdir);
	netns_see(set, &self, path, NULL, 0, init_rc < 0, true);
	if (init_rc == 0) {
		snprintf(path, sizeof(path), "%s/1/ns/net", procdir);
		netns_see(set, &init, path, NULL, 1, true, false);
	}
	netns_scan_names(set, rundir, self.st_dev, &local);
	if (procs)
		netns_scan_procs(set, procdir, &local);
	pw_netns_set_finish(set);
	netns_read_comms(set, procdir);
	if (st)
		*st = local;
	return 0;
}

/* The file arg names, into path; errors say what was meant. */
static int netns_target_path(const char *arg, const char *procdir, const char *rundir, char *path,
			     size_t size, int *pid, enum pw_netns_target *kind,
			     struct pw_error *err)
{
	int n;

	if (pw_netns_target_parse(arg, kind, pid) < 0) {
		pw_error_set(err, NULL, 0, "--netns: '%.60s' is no namespace name, path or pid",
			     arg);
		return -EINVAL;
	}
	switch (*kind) {
	case PW_NETNS_BY_PID:
		n = snprintf(path, size, "%s/%d/ns/net", procdir, *pid);
		break;
	case PW_NETNS_BY_NAME:
		n = snprintf(path, size, "%s/%s", rundir, arg);
		break;
	default:
		n = snprintf(path, size, "%s", arg);
	}
	if (n < 0 || (size_t)n >= size) {
		pw_error_set(err, NULL, 0, "--netns: '%.60s': path too long", arg);
		return -EINVAL;
	}
	return 0;
}

/* A file someone named must be a network namespace, not any file nor another namespace. */
static int netns_check_type(const char *path, const char *arg, struct pw_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	int type, rc = 0;

	if (fd < 0) {
		rc = -errno;
		pw_error_set(err, NULL, 0, "--netns: %.80s: %s", arg, strerror(-rc));
		return rc;
	}
	type = ioctl(fd, NS_GET_NSTYPE);
	if (type < 0) {
		pw_error_set(err, NULL, 0, "--netns: %.80s: not a namespace file", arg);
		rc = -EINVAL;
	} else if (type != CLONE_NEWNET) {
		pw_error_set(err, NULL, 0, "--netns: %.80s: a namespace, but not a network one",
			     arg);
		rc = -EINVAL;
	}
	close(fd);
	return rc;
}

static int netns_target_error(int rc, enum pw_netns_target kind, const char *arg, int pid,
			      const char *rundir, struct pw_error *err)
{
	if (rc == -EACCES || rc == -EPERM) {
		/* As --all-netns says: root is refused only a hardened or foreign process. */
		pw_error_set(
			err, NULL, 0, "--netns %.60s: not allowed to see that namespace%s", arg,
			geteuid() == 0 ? ", even as root (hardened, or in another user namespace)"
				       : " (another user's process: run as root)");
		return -EACCES;
	}
	if (rc == -ENOENT && kind == PW_NETNS_BY_PID)
		pw_error_set(err, NULL, 0, "--netns: no process %d", pid);
	else if (rc == -ENOENT && kind == PW_NETNS_BY_NAME)
		pw_error_set(err, NULL, 0, "--netns: no network namespace named '%.60s' in %.40s",
			     arg, rundir);
	else
		pw_error_set(err, NULL, 0, "--netns: %.80s: %s", arg, strerror(-rc));
	return rc;
}

long pw_netns_resolve(struct pw_netns_set *set, const char *arg, const char *procdir,
		      const char *rundir, struct pw_error *err)
{
	enum pw_netns_target kind = PW_NETNS_BY_PATH;
	char path[PATH_MAX];
	struct stat sb;
	long cur = pw_netns_set_current(set);
	int pid = 0, rc;

	rc = netns_target_path(arg, procdir, rundir, path, sizeof(path), &pid, &kind, err);
	if (rc < 0)
		return rc;
	rc = netns_stat_at(AT_FDCWD, path, &sb);
	if (rc < 0)
		return netns_target_error(rc, kind, arg, pid, rundir, err);
	if (kind == PW_NETNS_BY_NAME && cur >= 0 && (uint64_t)sb.st_dev != set->v[cur].dev) {
		pw_error_set(err, NULL, 0,
			     "--netns: %.60s/%.60s: no namespace is mounted there (a stale entry)",
			     rundir, arg);
		return -EINVAL;
	}
	if (kind == PW_NETNS_BY_PATH && (rc = netns_check_type(path, arg, err)) < 0)
		return rc;
	netns_see(set, &sb, path, kind == PW_NETNS_BY_NAME ? arg : NULL, pid, false, false);
	pw_netns_set_finish(set);
	netns_read_comms(set, procdir);
	return pw_netns_set_find(set, (uint64_t)sb.st_dev, (uint64_t)sb.st_ino);
}

/* PF_EXITING in the flags of /proc/PID/stat (include/linux/sched.h). */
#define NETNS_PF_EXITING 0x4u

/*
 * Whether the process whose /proc/PID/ns/net path is given has ended, or
 * is ending (exiting, or a zombie): the kernel may then refuse its
 * namespace link with EACCES, as it does another user's, though it is only
 * going away.
 */
static bool netns_owner_gone(const char *path)
{
	static const char tail[] = "/ns/net";
	size_t len = strlen(path), keep = len - (sizeof(tail) - 1);
	char stat_path[PATH_MAX], buf[256], st;
	const char *state;
	unsigned flags;
	ssize_t n;
	int fd;

	if (len < sizeof(tail) || strcmp(path + keep, tail) != 0 || keep + 6 > sizeof(stat_path))
		return false;
	memcpy(stat_path, path, keep);
	memcpy(stat_path + keep, "/stat", 6);
	fd = openat(AT_FDCWD, stat_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT || errno == ESRCH;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return n < 0 && errno == ESRCH;
	buf[n] = '\0';
	/*
	 * "PID (comm) S PPID PGRP SESSION TTY TPGID FLAGS ...": comm may hold
	 * ')' itself, the state follows the last.
	 */
	state = strrchr(buf, ')');
	if (!state || sscanf(state + 1, " %c %*d %*d %*d %*d %*d %u", &st, &flags) != 2)
		return false;
	return st == 'Z' || st == 'X' || (flags & NETNS_PF_EXITING);
}

int pw_netns_enter(const struct pw_netns *ns)
{
	struct stat sb;
	int fd = openat(AT_FDCWD, ns->path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	int rc = 0;

	if (fd < 0) {
		rc = errno;
		if (rc == ENOENT || rc == ESRCH ||
		    ((rc == EACCES || rc == EPERM) && netns_owner_gone(ns->path)))
			return -ESTALE;
		return -rc;
	}
	if (fstat(fd, &sb) < 0) {
		rc = -errno;
		goto out;
	}
	/* A pid may have been reused since discovery: enter only the namespace we saw. */
	if ((uint64_t)sb.st_dev != ns->dev || (uint64_t)sb.st_ino != ns->inode)
		rc = -ESTALE;
	else if (setns(fd, CLONE_NEWNET) < 0)
		rc = -errno;
out:
	close(fd);
	return rc;
}

int pw_netns_hold_current(void)
{
	/* Threads may sit in different namespaces; portwatch has one thread. */
	int fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int pw_netns_return(int fd)
{
	return setns(fd, CLONE_NEWNET) < 0 ? -errno : 0;
}
