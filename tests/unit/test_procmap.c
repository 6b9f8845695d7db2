/* SPDX-License-Identifier: MIT */
/* Unit tests for procmap: the fixture /proc tree, injected failures, and generated trees at scale. */
/* nftw() is XSI, O_TMPFILE Linux: both need more than plain gnu11. */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "procmap.h"

#define FIXTURE PW_FIXTURES "/proc"

/*
 * Faults: openat and readlinkat are wrapped (-Wl,--wrap) so a test can make
 * one path fail as the kernel would for a process that is not ours or that
 * exits mid-scan, also when the tests run as root.
 */
struct fault {
	const char *path; /* relative to the proc tree: "612/fd", "612/fd/6" */
	int err;
};

static struct fault faults[4];
static size_t nfaults;
static unsigned status_opens;
static bool touched_2000; /* anything of pid 2000 opened but its fd dir */

int __real_openat(int dirfd, const char *path, int flags, ...);
int __wrap_openat(int dirfd, const char *path, int flags, ...);
ssize_t __real_readlinkat(int dirfd, const char *path, char *buf, size_t size);
ssize_t __wrap_readlinkat(int dirfd, const char *path, char *buf, size_t size);

static void add_fault(const char *path, int err)
{
	assert_true(nfaults < sizeof(faults) / sizeof(faults[0]));
	faults[nfaults].path = path;
	faults[nfaults].err = err;
	nfaults++;
}

static int reset_faults(void **state)
{
	(void)state;
	nfaults = 0;
	status_opens = 0;
	touched_2000 = false;
	return 0;
}

/* The errno injected for dirfd/path, or 0. Faults match the end of the full path. */
static int fault_for(int dirfd, const char *path)
{
	char link[64], full[4096], tail[256];
	ssize_t n;
	size_t i, flen;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", dirfd);
	n = readlink(link, full, sizeof(full) - 1);
	if (n < 0)
		return 0;
	full[n] = '\0';
	snprintf(full + n, sizeof(full) - (size_t)n, "/%s", path);
	flen = strlen(full);
	for (i = 0; i < nfaults; i++) {
		size_t tlen = (size_t)snprintf(tail, sizeof(tail), "/%s", faults[i].path);

		if (flen >= tlen && strcmp(full + flen - tlen, tail) == 0)
			return faults[i].err;
	}
	return 0;
}

int __wrap_openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;
	size_t len = strlen(path);
	va_list ap;
	int err;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if (len > 7 && strcmp(path + len - 7, "/status") == 0)
		status_opens++;
	if (strncmp(path, "2000/", 5) == 0 && strcmp(path, "2000/fd") != 0)
		touched_2000 = true;
	err = fault_for(dirfd, path);
	if (err) {
		errno = err;
		return -1;
	}
	return __real_openat(dirfd, path, flags, mode);
}

ssize_t __wrap_readlinkat(int dirfd, const char *path, char *buf, size_t size)
{
	int err = fault_for(dirfd, path);

	if (strncmp(path, "2000/", 5) == 0)
		touched_2000 = true;
	if (err) {
		errno = err;
		return -1;
	}
	return __real_readlinkat(dirfd, path, buf, size);
}

static struct pw_procmap *scan(const char *dir, struct pw_procmap_stats *st)
{
	struct pw_procmap *m;

	memset(st, 0xff, sizeof(*st));
	m = pw_procmap_scan(dir, st);
	assert_non_null(m);
	return m;
}

/* Holders of inode as "pid pid ...", compared with want at the caller's line. */
#define assert_holders(m, inode, want) check_holders(m, inode, want, __FILE__, __LINE__)

static void check_holders(const struct pw_procmap *m, uint32_t inode, const char *want,
			  const char *file, int line)
{
	const struct pw_proc *const *procs;
	size_t n = pw_procmap_lookup(m, inode, &procs), i, off = 0;
	char got[256] = "";

	for (i = 0; i < n && off < sizeof(got); i++)
		off += (size_t)snprintf(got + off, sizeof(got) - off, "%s%d", i ? " " : "",
					procs[i]->pid);
	_assert_string_equal(got, want, file, line);
}

/* The first holder of inode, which must have one. */
static const struct pw_proc *holder(const struct pw_procmap *m, uint32_t inode)
{
	const struct pw_proc *const *procs;

	assert_true(pw_procmap_lookup(m, inode, &procs) >= 1);
	return procs[0];
}

/* --- the fixture tree (tests/fixtures/proc/README says what each pid is) --- */

static void scan_counts_processes_sockets_and_failures(void **state)
{
	struct pw_procmap_stats st;
	struct pw_procmap *m = scan(FIXTURE, &st);

	(void)state;
	assert_int_equal(st.processes, 11);
	assert_int_equal(st.owners, 10);
	assert_int_equal(st.sockets, 9);
	assert_int_equal(st.denied, 0);
	assert_int_equal(st.vanished, 1); /* 1700: no fd directory */
	pw_procmap_free(m);
}

static void holder_fields_come_from_its_proc_files(void **state)
{
	struct pw_procmap_stats st;
	struct pw_procmap *m = scan(FIXTURE, &st);
	const struct pw_proc *p = holder(m, 1002);

	(void)state;
	assert_int_equal(p->pid, 612);
	assert_int_equal(p->uid, 0);
	assert_string_equal(p->comm, "nginx");
	assert_string_equal(p->exe, "/usr/sbin/nginx");
	assert_string_equal(
		p->cmdline,
		"nginx: master process /usr/sbin/nginx -g daemon on; master_process on;");
	assert_string_equal(p->unit, "nginx.service");
	p = holder(m, 4001);
	assert_int_equal(p->uid, 997);
	pw_procmap_free(m);
}

static void cmdline_nuls_become_spaces_and_trailing_nuls_drop(void **state)
{
	struct pw_procmap_stats st;
	struct pw_procmap *m = scan(FIXTURE, &st);
	const struct pw_proc *const *procs;

	(void)state;
	assert_int_equal(pw_procmap_lookup(m, 1001, &procs), 3);
	assert_int_equal(procs[1]->pid, 613);
	assert_string_equal(procs[1]->cmdline, "nginx: worker process");
	assert_int_equal(procs[1]->uid, 33);
	assert_string_equal(holder(m, 2002)->cmdline, "/sbin/init splash");
	assert_string_equal(holder(m, 4001)->cmdline, "/usr/bin/java -jar app.jar");
	pw_procmap_free(m);
}

static void shared_socket_lists_every_holder_by_pid(void **state)
{
	struct pw_procmap_stats st;
	struct pw_procmap *m = scan(FIXTURE, &st);

	(void)state;
	assert_holders(m, 1001, "612 613 614");
	assert_holders(m, 1002, "612 613 614");
	pw_procmap_free(m);
}

static void socket_activation_lists_daemon_before_pid1(void **state)
{
	struct pw_procmap_stats st;
	struct pw_procmap *m = scan(FIXTURE, &st);

	(void)state;
	assert_holders(m, 2001, "812 1");
	assert_holders(m, 2002, "1");
	pw_procmap_free(m);
}

static void dup_fds_list_the_process_once(void **state)
{
	struct pw_procmap_stats st;
	struct pw_procmap *m = scan(FIXTURE, &st);

	(void)state;
	assert_holders(m, 3001, "1200");
	pw_procmap_free(m);
}

static void threads_count_once_and_task_dir_is_not_read(void **state)
{
	struct pw_procmap_stats st;
	struct pw_procmap *m = scan(FIXTURE, &st);

	(void)state;
	assert_holders(m, 4001, "1400");
	/* Only task/1401/fd has it: reading task/ would find it. */
	assert_holders(m, 4999, "");
	pw_procmap_free(m);
}

static void hostile_names_pass_through_as_raw_bytes(void **state)
{
	struct pw_procmap_stats st;
	struct pw_procmap *m = scan(FIXTURE, &st);
	const struct pw_proc *p = holder(m, 3001);

	(void)state;
	/* Escaping is the renderer's job: the map keeps the exact bytes. */
	assert_string_equal(p->comm, "\x1b[31mevil\xff\xc3");
	assert_string_equal(p->cmdline, "\x1b]0;pwned\x07 --flag");
	assert_string_equal(p->exe, "/tmp/\x1b[2J (deleted)");
	assert_string_equal(p->unit, "app-gnome-evil-1200.scope");
	assert_int_equal(p->uid, 1000);
	pw_procmap_free(m);
}

static void odd_link_targets_map_nothing(void **state)
{
	struct pw_procmap_stats st;
	struct pw_procmap *m = scan(FIXTURE, &st);

	(void)state;
	assert_holders(m, 42, "");	    /* "socket:[ 42]", "socket:[42", "socket:[42]x"... */
	assert_holders(m, 7777, "");	    /* a 67-byte target whose first 64 bytes parse */
	assert_holders(m, 1, "");	    /* "pipe:[1]" */
	assert_holders(m, 77, "");	    /* 2000's "pipe:[77]" */
	assert_holders(m, 1215752191, "");  /* 99999999999 mod 2^32 */
	assert_holders(m, 4294967291u, ""); /* -5 as uint32 */
	assert_holders(m, 4294967295u, "1300");
	pw_procmap_free(m);
}

static void non_process_entries_are_ignored(void **state)
{
	struct pw_procmap_stats st;
	struct pw_procmap *m = scan(FIXTURE, &st);

	(void)state;
	assert_holders(m, 7001, ""); /* sys/ */
	assert_holders(m, 7002, ""); /* 12abc/ */
	assert_holders(m, 7003, ""); /* 0612/: a leading zero is no pid */
	pw_procmap_free(m);
}

static void missing_files_leave_fields_unset(void **state)
{
	struct pw_procmap_stats st;
	struct pw_procmap *m = scan(FIXTURE, &st);
	const struct pw_proc *p = holder(m, 6001);

	(void)state;
	assert_int_equal(p->pid, 1800);
	assert_int_equal(p->uid, PW_PROC_UID_UNKNOWN);
	assert_string_equal(p->comm, "bare");
	assert_null(p->exe);
	assert_null(p->cmdline);
	assert_null(p->unit);
	p = holder(m, 4294967295u);
	assert_null(p->exe);
	assert_null(p->unit); /* "0::/" names no unit */
	pw_procmap_free(m);
}

static void unit_comes_from_the_systemd_hierarchy(void **state)
{
	struct pw_procmap_stats st;
	struct pw_procmap *m = scan(FIXTURE, &st);

	(void)state;
	/* v1: name=systemd, not the cpu controller's batch.service. */
	assert_string_equal(holder(m, 5001)->unit, "docker-0123abcd.scope");
	/* A delegated subtree below the unit. */
	assert_string_equal(holder(m, 4001)->unit, "tomcat.service");
	assert_string_equal(holder(m, 2002)->unit, "init.scope");
	pw_procmap_free(m);
}

static void only_socket_holders_have_their_files_read(void **state)
{
	struct pw_procmap_stats st;
	struct pw_procmap *m = scan(FIXTURE, &st);

	(void)state;
	assert_int_equal(status_opens, st.owners);
	assert_false(touched_2000);
	pw_procmap_free(m);
}

static void lookup_of_unheld_inode_finds_nothing(void **state)
{
	struct pw_procmap_stats st;
	struct pw_procmap *m = scan(FIXTURE, &st);
	static const struct pw_proc *const stale[1];
	const struct pw_proc *const *procs = stale;

	(void)state;
	assert_int_equal(pw_procmap_lookup(m, 999, &procs), 0);
	assert_null(procs);
	/* TIME-WAIT sockets have inode 0: never anyone's. */
	assert_int_equal(pw_procmap_lookup(m, 0, &procs), 0);
	assert_int_equal(pw_procmap_lookup(NULL, 1001, &procs), 0);
	assert_null(procs);
	pw_procmap_free(m);
	pw_procmap_free(NULL);
}

static void scan_without_stats_still_maps(void **state)
{
	struct pw_procmap *m = pw_procmap_scan(FIXTURE, NULL);

	(void)state;
	assert_non_null(m);
	assert_holders(m, 2001, "812 1");
	pw_procmap_free(m);
}

static void unopenable_procdir_fails_with_errno(void **state)
{
	(void)state;
	errno = 0;
	assert_null(pw_procmap_scan(PW_FIXTURES "/no-such-dir", NULL));
	assert_int_equal(errno, ENOENT);
	errno = 0;
	assert_null(pw_procmap_scan(FIXTURE "/README", NULL));
	assert_int_equal(errno, ENOTDIR);
}

/* --- injected failures ---------------------------------------------------- */

static void unreadable_fd_dirs_count_as_denied(void **state)
{
	struct pw_procmap_stats st;
	struct pw_procmap *m;

	(void)state;
	add_fault("612/fd", EACCES);
	add_fault("613/fd", EPERM);
	m = scan(FIXTURE, &st);
	assert_int_equal(st.denied, 2);
	/* The first one denied, in the order /proc lists them, is named in messages. */
	assert_true(st.denied_pid == 612 || st.denied_pid == 613);
	assert_int_equal(st.vanished, 1);
	assert_int_equal(st.processes, 9);
	assert_int_equal(st.owners, 8);
	assert_holders(m, 1001, "614");
	pw_procmap_free(m);
}

static void unreadable_fd_link_denies_the_whole_process(void **state)
{
	struct pw_procmap_stats st;
	struct pw_procmap *m;

	(void)state;
	/* CAP_DAC_READ_SEARCH without CAP_SYS_PTRACE: the dir lists, links fail. */
	add_fault("612/fd/6", EACCES);
	m = scan(FIXTURE, &st);
	assert_int_equal(st.denied, 1);
	assert_int_equal(st.denied_pid, 612);
	/* fd 7 may have been read first: it must be taken back too. */
	assert_holders(m, 1001, "613 614");
	assert_holders(m, 1002, "613 614");
	pw_procmap_free(m);
}

static void fd_closed_mid_scan_is_skipped(void **state)
{
	struct pw_procmap_stats st;
	struct pw_procmap *m;

	(void)state;
	add_fault("612/fd/6", ENOENT);
	m = scan(FIXTURE, &st);
	assert_int_equal(st.denied, 0);
	assert_int_equal(st.denied_pid, 0);
	assert_int_equal(st.vanished, 1);
	assert_int_equal(st.owners, 10);
	assert_holders(m, 1001, "613 614");
	assert_holders(m, 1002, "612 613 614");
	pw_procmap_free(m);
}

static void process_exiting_after_fd_read_is_skipped(void **state)
{
	struct pw_procmap_stats st;
	struct pw_procmap *m;

	(void)state;
	add_fault("612/status", ESRCH);
	add_fault("1/status", ENOENT);
	m = scan(FIXTURE, &st);
	assert_int_equal(st.vanished, 3);
	assert_int_equal(st.processes, 9);
	assert_int_equal(st.owners, 8);
	assert_int_equal(st.sockets, 8); /* 2002 was held by 1 only */
	assert_holders(m, 1002, "613 614");
	assert_holders(m, 2001, "812");
	assert_holders(m, 2002, "");
	pw_procmap_free(m);
}

/* --- generated trees ------------------------------------------------------ */

/*
 * Each test below gets a fresh directory as *state, in memory when /dev/shm
 * allows: creating the 140 000 symlinks below takes about a second on tmpfs
 * but a minute on a VM's disk. Teardown removes it even after a failure.
 */
static int make_tree(void **state)
{
	char *dir = strdup("/dev/shm/pw-procmap-XXXXXX");

	reset_faults(state);
	if (!dir)
		return -1;
	if (!mkdtemp(dir)) {
		strcpy(dir, "/tmp/pw-procmap-XXXXXX");
		if (!mkdtemp(dir)) {
			free(dir);
			return -1;
		}
	}
	*state = dir;
	return 0;
}

/* Make a directory a test locked (mode 000) readable again, so it can go. */
static int unlock_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (flag == FTW_DNR)
		chmod(path, 0700);
	return 0;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int remove_tree(void **state)
{
	char *dir = *state;
	int rc;

	nftw(dir, unlock_entry, 16, FTW_PHYS);
	rc = nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
	return rc;
}

static void put_file(const char *dir, const char *name, const char *data, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* A process directory with status (uid 0) and comm, and an empty fd dir. */
static void put_process(const char *dir, int pid)
{
	static const char status[] = "Name:\tgen\nUid:\t0\t0\t0\t0\n";
	char path[512];

	snprintf(path, sizeof(path), "%s/%d", dir, pid);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/%d/fd", dir, pid);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%d/status", pid);
	put_file(dir, path, status, sizeof(status) - 1);
	snprintf(path, sizeof(path), "%d/comm", pid);
	put_file(dir, path, "gen\n", 4);
}

static void put_socket(const char *dir, int pid, int fd, uint32_t inode)
{
	char path[512], target[32];

	snprintf(path, sizeof(path), "%s/%d/fd/%d", dir, pid, fd);
	snprintf(target, sizeof(target), "socket:[%u]", inode);
	assert_int_equal(symlink(target, path), 0);
}

static void long_comm_and_cmdline_are_cut(void **state)
{
	const char *dir = *state;
	char *buf = malloc(10000);
	struct pw_procmap_stats st;
	struct pw_procmap *m;
	const struct pw_proc *p;

	assert_non_null(buf);
	put_process(dir, 5);
	put_socket(dir, 5, 3, 500);
	memset(buf, 'c', 100);
	put_file(dir, "5/comm", buf, 100);
	memset(buf, 'a', 10000);
	buf[9999] = '\0';
	put_file(dir, "5/cmdline", buf, 10000);
	m = scan(dir, &st);
	p = holder(m, 500);
	assert_int_equal(strlen(p->comm), PW_PROC_COMM_MAX);
	assert_int_equal(strlen(p->cmdline), PW_PROC_CMDLINE_MAX);
	assert_int_equal(p->uid, 0);
	pw_procmap_free(m);
	free(buf);
}

/*
 * A cgroup line longer than the read limit: "0::" then "/aaaaaa.scopeZZZ"
 * repeated. No component ends in .scope, but a cut at any multiple of 16
 * bytes ends the text in "aaaaaa.scope": the cut line must be ignored.
 */
static void cgroup_line_cut_by_the_read_limit_names_no_unit(void **state)
{
	const size_t len = 65536;
	const char *dir = *state;
	char *buf = malloc(len);
	struct pw_procmap_stats st;
	struct pw_procmap *m;
	size_t i;

	assert_non_null(buf);
	put_process(dir, 6);
	put_socket(dir, 6, 3, 600);
	memcpy(buf, "0::", 3);
	for (i = 3; i + 16 < len; i += 16)
		memcpy(buf + i, "/aaaaaa.scopeZZZ", 16);
	buf[i] = '\n';
	put_file(dir, "6/cgroup", buf, i + 1);
	m = scan(dir, &st);
	assert_null(holder(m, 600)->unit);
	pw_procmap_free(m);
	free(buf);
}

/* Scan dir as user nobody, in a child; its exit status tells whether denied was 1. */
static int scan_as_nobody_counts_one_denied(const char *dir)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		struct pw_procmap_stats st = { 0 };
		const struct pw_proc *const *procs;
		struct pw_procmap *m;

		/* mkdtemp made the tree 0700: let nobody in, but not into 7/fd. */
		if (chmod(dir, 0755) < 0 || setgroups(0, NULL) < 0 || setgid(65534) < 0 ||
		    setuid(65534) < 0)
			_exit(2);
		m = pw_procmap_scan(dir, &st);
		_exit(m && st.denied == 1 && pw_procmap_lookup(m, 700, &procs) == 0 ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 3;
}

static void mode_000_fd_dir_counts_as_denied(void **state)
{
	const char *dir = *state;
	char path[512];
	struct pw_procmap_stats st;
	struct pw_procmap *m;

	put_process(dir, 7);
	put_socket(dir, 7, 3, 700);
	snprintf(path, sizeof(path), "%s/7/fd", dir);
	assert_int_equal(chmod(path, 0), 0);
	/* Root reads a mode 000 directory all the same: look as nobody then. */
	if (geteuid() == 0) {
		assert_int_equal(scan_as_nobody_counts_one_denied(dir), 0);
		return;
	}
	m = scan(dir, &st);
	assert_int_equal(st.denied, 1);
	assert_holders(m, 700, "");
	pw_procmap_free(m);
}

/*
 * 2000 processes with 20 sockets each, inodes pid * 65536 + fd: strides of
 * a power of two, which pile up in a table hashed on low bits. All of them
 * also hold inode 1, pid 1 included, which must come last.
 */
static void many_processes_each_socket_maps_to_its_owner(void **state)
{
	const int nproc = 2000, nfd = 20;
	const char *dir = *state;
	struct pw_procmap_stats st;
	const struct pw_proc *const *procs;
	struct pw_procmap *m;
	int pid, fd;
	size_t i;

	/* pid 1 made midway: whichever way the directory lists, it is not last. */
	for (i = 0; i < (size_t)nproc; i++) {
		pid = ((int)i + nproc / 2) % nproc + 1;
		put_process(dir, pid);
		for (fd = 0; fd < nfd; fd++)
			put_socket(dir, pid, fd, (uint32_t)pid * 65536u + (uint32_t)fd);
		put_socket(dir, pid, nfd, 1);
	}
	m = scan(dir, &st);
	assert_int_equal(st.processes, nproc);
	assert_int_equal(st.owners, nproc);
	assert_int_equal(st.sockets, nproc * nfd + 1);
	for (pid = 1; pid <= nproc; pid++) {
		for (fd = 0; fd < nfd; fd++) {
			uint32_t inode = (uint32_t)pid * 65536u + (uint32_t)fd;

			assert_int_equal(pw_procmap_lookup(m, inode, &procs), 1);
			assert_int_equal(procs[0]->pid, pid);
		}
		assert_int_equal(pw_procmap_lookup(m, (uint32_t)pid * 65536u + 99, &procs), 0);
	}
	assert_int_equal(pw_procmap_lookup(m, 1, &procs), nproc);
	for (i = 0; i + 1 < (size_t)nproc; i++)
		assert_int_equal(procs[i]->pid, (int)i + 2);
	assert_int_equal(procs[nproc - 1]->pid, 1);
	pw_procmap_free(m);
}

static void one_process_with_100000_sockets_has_them_all(void **state)
{
	const uint32_t n = 100000, base = 3000000000u;
	const char *dir = *state;
	struct pw_procmap_stats st;
	const struct pw_proc *const *procs;
	struct pw_procmap *m;
	uint32_t i;

	put_process(dir, 42);
	for (i = 0; i < n; i++)
		put_socket(dir, 42, (int)i, base + i);
	m = scan(dir, &st);
	assert_int_equal(st.sockets, n);
	assert_int_equal(st.owners, 1);
	for (i = 0; i < n; i++) {
		assert_int_equal(pw_procmap_lookup(m, base + i, &procs), 1);
		assert_int_equal(procs[0]->pid, 42);
	}
	assert_int_equal(pw_procmap_lookup(m, base + n, &procs), 0);
	assert_int_equal(pw_procmap_lookup(m, base - 1, &procs), 0);
	pw_procmap_free(m);
}

#define T(f) cmocka_unit_test_setup(f, reset_faults)
#define TREE(f) cmocka_unit_test_setup_teardown(f, make_tree, remove_tree)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(scan_counts_processes_sockets_and_failures),
		T(holder_fields_come_from_its_proc_files),
		T(cmdline_nuls_become_spaces_and_trailing_nuls_drop),
		T(shared_socket_lists_every_holder_by_pid),
		T(socket_activation_lists_daemon_before_pid1),
		T(dup_fds_list_the_process_once),
		T(threads_count_once_and_task_dir_is_not_read),
		T(hostile_names_pass_through_as_raw_bytes),
		T(odd_link_targets_map_nothing),
		T(non_process_entries_are_ignored),
		T(missing_files_leave_fields_unset),
		T(unit_comes_from_the_systemd_hierarchy),
		T(only_socket_holders_have_their_files_read),
		T(lookup_of_unheld_inode_finds_nothing),
		T(scan_without_stats_still_maps),
		T(unopenable_procdir_fails_with_errno),
		T(unreadable_fd_dirs_count_as_denied),
		T(unreadable_fd_link_denies_the_whole_process),
		T(fd_closed_mid_scan_is_skipped),
		T(process_exiting_after_fd_read_is_skipped),
		TREE(long_comm_and_cmdline_are_cut),
		TREE(cgroup_line_cut_by_the_read_limit_names_no_unit),
		TREE(mode_000_fd_dir_counts_as_denied),
		TREE(many_processes_each_socket_maps_to_its_owner),
		TREE(one_process_with_100000_sockets_has_them_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
