/* SPDX-License-Identifier: MIT */
/* Boundary: walks a /proc tree once and maps socket inodes to the processes that hold them. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procmap.h"
#include "util.h"

/* status (about 1.5 KiB) and cgroup (a few lines) fit with room to spare. */
#define PROCMAP_TEXT_MAX 8192

/*
 * One fd that links to a socket. 32-bit fields: the kernel numbers socket
 * inodes with get_next_ino() (unsigned int), and 2^32 open sockets would
 * need terabytes of kernel memory.
 */
struct procmap_pair {
	uint32_t inode;
	uint32_t proc;
};

/* Open-addressing slot: holders[start .. start + count). inode 0 = empty. */
struct procmap_slot {
	uint32_t inode;
	uint32_t start;
	uint32_t count;
};

struct pw_procmap {
	struct pw_proc *procs;
	size_t nprocs;
	size_t procs_cap;
	/* Filled while scanning, turned into slots and holders, then freed. */
	struct procmap_pair *pairs;
	size_t npairs;
	size_t pairs_cap;
	struct procmap_slot *slots;
	size_t mask;
	const struct pw_proc **holders;
};

/*
 * Inode of an fd link target of exactly "socket:[N]" (fs/proc/fd.c and
 * net/socket.c sockfs_dname), N in 1..UINT32_MAX. Anything else (pipes,
 * anon inodes, files, malformed numbers) is not a socket.
 */
static uint32_t procmap_parse_socket(const char *t, size_t len)
{
	static const char prefix[] = "socket:[";
	const size_t plen = sizeof(prefix) - 1;
	uint64_t v = 0;
	size_t i;

	if (len < plen + 2 || memcmp(t, prefix, plen) != 0 || t[len - 1] != ']')
		return 0;
	for (i = plen; i < len - 1; i++) {
		if (t[i] < '0' || t[i] > '9')
			return 0;
		v = v * 10 + (uint64_t)(t[i] - '0');
		if (v > UINT32_MAX)
			return 0;
	}
	return (uint32_t)v;
}

/* EACCES/EPERM mean "needs privileges"; anything else, that the process went away. */
static void procmap_count_failure(struct pw_procmap_stats *st, int err, int pid)
{
	if (err == EACCES || err == EPERM) {
		if (!st->denied++)
			st->denied_pid = pid;
	} else {
		st->vanished++;
	}
}

static void procmap_add_pair(struct pw_procmap *m, uint32_t inode)
{
	if (m->npairs == m->pairs_cap) {
		m->pairs_cap = m->pairs_cap ? 2 * m->pairs_cap : 1024;
		m->pairs = pw_xrealloc(m->pairs, m->pairs_cap, sizeof(*m->pairs));
	}
	m->pairs[m->npairs].inode = inode;
	m->pairs[m->npairs].proc = (uint32_t)m->nprocs;
	m->npairs++;
}

/*
 * Add a pair for every socket fd in the fd directory d, for the process that
 * will be m->procs[m->nprocs]. Returns 0, or -errno when the links cannot be
 * read (EACCES without CAP_SYS_PTRACE) or the listing fails.
 */
static int procmap_read_fds(struct pw_procmap *m, DIR *d)
{
	/* "socket:[4294967295]" is 19 bytes; a longer target is no socket. */
	char target[64];
	struct dirent *de;
	uint32_t inode;
	ssize_t n;

	for (;;) {
		errno = 0;
		de = readdir(d);
		if (!de)
			return -errno;
		if (de->d_name[0] == '.')
			continue;
		n = readlinkat(dirfd(d), de->d_name, target, sizeof(target));
		if (n < 0) {
			/* ENOENT: the fd was closed meanwhile; EINVAL: not a link. */
			if (errno == EACCES || errno == EPERM)
				return -errno;
			continue;
		}
		/* A full buffer may be a cut target: never parse a prefix. */
		if ((size_t)n >= sizeof(target))
			continue;
		inode = procmap_parse_socket(target, (size_t)n);
		if (inode)
			procmap_add_pair(m, inode);
	}
}

/*
 * Read at most max bytes of procdir/PID/name into buf (max + 1 bytes, NUL
 * added) and *len. Returns 0 or -errno.
 */
static int procmap_read_file(int procfd, int pid, const char *name, char *buf, size_t max,
			     size_t *len)
{
	char path[64];
	size_t got = 0;
	ssize_t n;
	int fd, rc = 0;

	snprintf(path, sizeof(path), "%d/%s", pid, name);
	/* procdir may be any tree: a FIFO or a tty there must not block or stick. */
	fd = openat(procfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	/* /proc files may come in several reads: loop until EOF or max. */
	while (got < max) {
		n = read(fd, buf + got, max - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -errno;
			break;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	*len = got;
	return rc;
}

static char *procmap_strndup(const char *s, size_t len)
{
	char *p = pw_xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/*
 * Real uid: the first number of the "Uid:" line. The kernel escapes the
 * Name line (fs/proc/array.c), so a command name cannot forge a Uid line.
 */
static uid_t procmap_parse_uid(const char *status)
{
	const char *p = strstr(status, "\nUid:");
	unsigned long long v = 0;
	bool digits = false;

	if (!p)
		return PW_PROC_UID_UNKNOWN;
	for (p += 5; *p == '\t' || *p == ' '; p++)
		;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (unsigned long long)(*p - '0');
		if (v >= PW_PROC_UID_UNKNOWN)
			return PW_PROC_UID_UNKNOWN;
		digits = true;
	}
	if (!digits || (*p != '\t' && *p != ' ' && *p != '\n'))
		return PW_PROC_UID_UNKNOWN;
	return (uid_t)v;
}

static bool procmap_has_suffix(const char *s, size_t len, const char *suffix)
{
	size_t slen = strlen(suffix);

	return len > slen && memcmp(s + len - slen, suffix, slen) == 0;
}

/* The last component of path (len bytes) that names a unit or scope, or NULL. */
static char *procmap_unit_of_path(const char *path, size_t len)
{
	const char *unit = NULL, *c = path, *end = path + len, *slash;
	size_t ulen = 0, clen;

	while (c < end) {
		slash = memchr(c, '/', (size_t)(end - c));
		clen = slash ? (size_t)(slash - c) : (size_t)(end - c);

		if (procmap_has_suffix(c, clen, ".service") ||
		    procmap_has_suffix(c, clen, ".scope")) {
			unit = c;
			ulen = clen;
		}
		c += clen + 1;
	}
	return unit ? procmap_strndup(unit, ulen) : NULL;
}

/*
 * Unit from /proc/PID/cgroup: lines "ID:CONTROLLERS:PATH". systemd's tree is
 * the unified one ("0::PATH") or, on cgroup v1, the "name=systemd" one; other
 * controllers' paths may be named by other tools, so they are not trusted.
 * Only whole lines count: a line cut by the read limit could fake a suffix.
 */
static char *procmap_parse_unit(const char *buf, size_t len)
{
	const char *line = buf, *end = buf + len, *nl, *c1, *c2;
	char *unit;

	while (line < end && (nl = memchr(line, '\n', (size_t)(end - line)))) {
		c1 = memchr(line, ':', (size_t)(nl - line));
		c2 = c1 ? memchr(c1 + 1, ':', (size_t)(nl - c1 - 1)) : NULL;
		if (c2) {
			size_t clen = (size_t)(c2 - c1 - 1);
			bool unified = clen == 0 && c1 - line == 1 && line[0] == '0';
			bool named = clen == 12 && memcmp(c1 + 1, "name=systemd", 12) == 0;

			if (unified || named) {
				unit = procmap_unit_of_path(c2 + 1, (size_t)(nl - c2 - 1));
				if (unit)
					return unit;
			}
		}
		line = nl + 1;
	}
	return NULL;
}

/* Arguments are NUL-separated: join them with spaces, drop trailing NULs. */
static char *procmap_join_cmdline(char *buf, size_t len)
{
	size_t i;

	while (len > 0 && buf[len - 1] == '\0')
		len--;
	if (len == 0)
		return NULL;
	for (i = 0; i < len; i++) {
		if (buf[i] == '\0')
			buf[i] = ' ';
	}
	return procmap_strndup(buf, len);
}

/*
 * Fill p for the process pid. status decides whether it still exists
 * (-ENOENT/-ESRCH when not); the other files are best effort.
 */
static int procmap_read_proc(int procfd, int pid, struct pw_proc *p)
{
	char buf[PROCMAP_TEXT_MAX + 1];
	char path[32];
	size_t len = 0;
	ssize_t n;
	int rc;

	memset(p, 0, sizeof(*p));
	rc = procmap_read_file(procfd, pid, "status", buf, PROCMAP_TEXT_MAX, &len);
	if (rc < 0)
		return rc;
	p->pid = pid;
	p->uid = procmap_parse_uid(buf);

	if (procmap_read_file(procfd, pid, "comm", buf, PW_PROC_COMM_MAX, &len) == 0) {
		if (len > 0 && buf[len - 1] == '\n')
			len--;
		p->comm = procmap_strndup(buf, len);
	}
	snprintf(path, sizeof(path), "%d/exe", pid);
	/* buf outsizes PATH_MAX, the longest link target: nothing is cut. */
	n = readlinkat(procfd, path, buf, sizeof(buf));
	if (n > 0)
		p->exe = procmap_strndup(buf, (size_t)n);
	if (procmap_read_file(procfd, pid, "cmdline", buf, PW_PROC_CMDLINE_MAX, &len) == 0)
		p->cmdline = procmap_join_cmdline(buf, len);
	if (procmap_read_file(procfd, pid, "cgroup", buf, PROCMAP_TEXT_MAX, &len) == 0)
		p->unit = procmap_parse_unit(buf, len);
	return 0;
}

/*
 * Read the fd table of pid; if it holds a socket, read the process too.
 * The process's pairs are appended first and taken back if it fails.
 */
static void procmap_scan_process(struct pw_procmap *m, int procfd, int pid,
				 struct pw_procmap_stats *st)
{
	size_t first = m->npairs;
	char path[32];
	DIR *d;
	int fd, rc;

	snprintf(path, sizeof(path), "%d/fd", pid);
	fd = openat(procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		procmap_count_failure(st, errno, pid);
		return;
	}
	d = fdopendir(fd);
	if (!d) {
		procmap_count_failure(st, errno, pid);
		close(fd);
		return;
	}
	rc = procmap_read_fds(m, d);
	closedir(d);
	/* Most processes hold no socket: their other files are never read. */
	if (rc == 0 && m->npairs > first) {
		if (m->nprocs == m->procs_cap) {
			m->procs_cap = m->procs_cap ? 2 * m->procs_cap : 64;
			m->procs = pw_xrealloc(m->procs, m->procs_cap, sizeof(*m->procs));
		}
		rc = procmap_read_proc(procfd, pid, &m->procs[m->nprocs]);
	}
	if (rc < 0) {
		m->npairs = first;
		procmap_count_failure(st, -rc, pid);
		return;
	}
	st->processes++;
	if (m->npairs > first) {
		m->nprocs++;
		st->owners++;
	}
}

/* The slot of inode, or the empty slot where it belongs. */
static struct procmap_slot *procmap_slot(const struct pw_procmap *m, uint32_t inode)
{
	size_t i = pw_hash_u32(inode) & m->mask;

	while (m->slots[i].inode && m->slots[i].inode != inode)
		i = (i + 1) & m->mask;
	return &m->slots[i];
}

/* Daemons before PID 1 (socket activation), then by pid. */
static int procmap_cmp_holder(const void *a, const void *b)
{
	const struct pw_proc *pa = *(const struct pw_proc *const *)a;
	const struct pw_proc *pb = *(const struct pw_proc *const *)b;

	if ((pa->pid == 1) != (pb->pid == 1))
		return pa->pid == 1 ? 1 : -1;
	return (pa->pid > pb->pid) - (pa->pid < pb->pid);
}

/* Sort a slot's holders and drop repeats (one process, several fds). */
static void procmap_sort_holders(struct pw_procmap *m, struct procmap_slot *s)
{
	const struct pw_proc **h = m->holders + s->start;
	uint32_t i, n = 1;

	if (s->count < 2)
		return;
	qsort(h, s->count, sizeof(*h), procmap_cmp_holder);
	for (i = 1; i < s->count; i++) {
		if (h[i] != h[n - 1])
			h[n++] = h[i];
	}
	s->count = n;
}

/*
 * Turn the pairs into the hash table: count holders per inode, give each
 * inode a run of holders, fill the runs, sort each. Linear but for the
 * sorts, which are tiny. Returns the number of distinct inodes.
 */
static unsigned procmap_index(struct pw_procmap *m)
{
	size_t cap = 16, i, total = 0;
	struct procmap_slot *s;
	unsigned sockets = 0;

	while (cap < 2 * m->npairs)
		cap *= 2;
	m->slots = pw_xcalloc(cap, sizeof(*m->slots));
	m->mask = cap - 1;
	for (i = 0; i < m->npairs; i++) {
		s = procmap_slot(m, m->pairs[i].inode);
		if (!s->inode) {
			s->inode = m->pairs[i].inode;
			sockets++;
		}
		s->count++;
	}
	for (i = 0; i < cap; i++) {
		m->slots[i].start = (uint32_t)total;
		total += m->slots[i].count;
		m->slots[i].count = 0;
	}
	m->holders = pw_xmalloc((m->npairs ? m->npairs : 1) * sizeof(*m->holders));
	for (i = 0; i < m->npairs; i++) {
		s = procmap_slot(m, m->pairs[i].inode);
		m->holders[s->start + s->count++] = &m->procs[m->pairs[i].proc];
	}
	for (i = 0; i < cap; i++)
		procmap_sort_holders(m, &m->slots[i]);
	free(m->pairs);
	m->pairs = NULL;
	m->npairs = m->pairs_cap = 0;
	return sockets;
}

struct pw_procmap *pw_procmap_scan(const char *procdir, struct pw_procmap_stats *st)
{
	struct pw_procmap_stats local;
	struct pw_procmap *m = NULL;
	struct dirent *de;
	DIR *d = NULL;
	int fd, pid, err = 0;

	memset(&local, 0, sizeof(local));
	fd = open(procdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	d = fdopendir(fd);
	if (!d) {
		err = errno;
		close(fd);
		goto out;
	}
	m = pw_xcalloc(1, sizeof(*m));
	for (;;) {
		errno = 0;
		de = readdir(d);
		if (!de) {
			err = errno;
			break;
		}
		/* Only pid directories: not self, sys, net, or anything else. */
		if (pw_parse_pid_name(de->d_name, &pid))
			procmap_scan_process(m, dirfd(d), pid, &local);
	}
	closedir(d);
	if (err)
		goto out;
	local.sockets = procmap_index(m);
	if (st)
		*st = local;
	return m;
out:
	pw_procmap_free(m);
	errno = err;
	return NULL;
}

void pw_procmap_free(struct pw_procmap *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->nprocs; i++) {
		free(m->procs[i].comm);
		free(m->procs[i].exe);
		free(m->procs[i].cmdline);
		free(m->procs[i].unit);
	}
	free(m->procs);
	free(m->pairs);
	free(m->slots);
	free(m->holders);
	free(m);
}

size_t pw_procmap_lookup(const struct pw_procmap *m, uint32_t inode,
			 const struct pw_proc *const **procs)
{
	const struct procmap_slot *s;

	*procs = NULL;
	if (!m)
		return 0;
	/* inode 0 marks empty slots (no socket has it): it lands on one. */
	s = procmap_slot(m, inode);
	if (!s->inode)
		return 0;
	*procs = m->holders + s->start;
	return s->count;
}
