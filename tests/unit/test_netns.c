/* SPDX-License-Identifier: MIT */
/* Unit tests for netns: discovery over the fixture /proc and /run/netns, --netns targets, setns. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "netns.h"

#define FIXTURE PW_FIXTURES "/netns"
#define PROC FIXTURE "/proc"
#define RUN FIXTURE "/run/netns"

/*
 * openat is wrapped (-Wl,--wrap) so that a test can make one path fail as
 * the kernel does for another user's process, also when tests run as root.
 */
struct fault {
	const char *path; /* the end of the full path: "600/ns/net" */
	int err;
};

static struct fault faults[4];
static size_t nfaults;

int __real_openat(int dirfd, const char *path, int flags, ...);
int __wrap_openat(int dirfd, const char *path, int flags, ...);
uid_t __real_geteuid(void);
uid_t __wrap_geteuid(void);

/* geteuid is wrapped too: messages differ for root, whoever runs the tests. */
static uid_t fake_euid = (uid_t)-1;

uid_t __wrap_geteuid(void)
{
	return fake_euid == (uid_t)-1 ? __real_geteuid() : fake_euid;
}

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
	return 0;
}

static int fault_for(int dirfd, const char *path)
{
	char link[64], full[4096];
	ssize_t n = 0;
	size_t flen;

	if (path[0] != '/') {
		snprintf(link, sizeof(link), "/proc/self/fd/%d", dirfd);
		n = readlink(link, full, sizeof(full) - 1);
		if (n < 0)
			return 0;
	}
	snprintf(full + n, sizeof(full) - (size_t)n, "%s%s", n ? "/" : "", path);
	flen = strlen(full);
	for (size_t i = 0; i < nfaults; i++) {
		size_t tlen = strlen(faults[i].path);

		if (flen > tlen && full[flen - tlen - 1] == '/' &&
		    strcmp(full + flen - tlen, faults[i].path) == 0)
			return faults[i].err;
	}
	return 0;
}

int __wrap_openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;
	int err;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	err = fault_for(dirfd, path);
	if (err) {
		errno = err;
		return -1;
	}
	return __real_openat(dirfd, path, flags, mode);
}

/* The identity a fixture file under ns/ stands for. */
static struct stat ns_file(const char *name)
{
	char path[4096];
	struct stat st;

	snprintf(path, sizeof(path), "%s/ns/%s", FIXTURE, name);
	assert_int_equal(stat(path, &st), 0);
	return st;
}

/* The entry of set for fixture namespace name; fails the test when there is none. */
static const struct pw_netns *entry(const struct pw_netns_set *set, const char *name)
{
	struct stat st = ns_file(name);
	long i = pw_netns_set_find(set, (uint64_t)st.st_dev, (uint64_t)st.st_ino);

	if (i < 0)
		fail_msg("no entry for namespace %s", name);
	return &set->v[i];
}

static struct pw_netns_set *discover(const char *proc, const char *run, bool procs,
				     struct pw_netns_stats *st)
{
	struct pw_netns_set *set = pw_netns_set_new();

	memset(st, 0xff, sizeof(*st));
	assert_int_equal(pw_netns_discover(set, proc, run, procs, st), 0);
	return set;
}

static void discovery_finds_every_namespace_once(void **state)
{
	struct pw_netns_stats st;
	struct pw_netns_set *set;
	const struct pw_netns *ns;

	(void)state;
	add_fault("600/ns/net", EACCES);
	set = discover(PROC, RUN, true, &st);
	assert_int_equal(set->n, 4);
	/* 1, 2, 300, 301 and 400; 600 is denied, 500 has exited. */
	assert_int_equal(st.processes, 5);
	assert_int_equal(st.denied, 1);
	assert_int_equal(st.stale, 1);
	assert_int_equal(st.rundir_error, 0);

	ns = entry(set, "host");
	assert_ptr_equal(ns, &set->v[0]);
	assert_true(ns->initial);
	assert_true(ns->current);
	assert_null(ns->name);
	assert_int_equal(ns->pid, 1);
	assert_string_equal(ns->comm, "systemd");

	ns = entry(set, "blue");
	assert_ptr_equal(ns, &set->v[1]);
	assert_false(ns->initial);
	assert_false(ns->current);
	assert_string_equal(ns->name, "blue");
	assert_string_equal(ns->path, RUN "/blue");
	assert_int_equal(ns->pid, 400);
	assert_string_equal(ns->comm, "pwblue");

	ns = entry(set, "red");
	assert_ptr_equal(ns, &set->v[2]);
	assert_string_equal(ns->name, "red");
	assert_int_equal(ns->pid, 0);
	assert_null(ns->comm);

	ns = entry(set, "anon");
	assert_ptr_equal(ns, &set->v[3]);
	assert_null(ns->name);
	assert_int_equal(ns->pid, 300);
	assert_string_equal(ns->comm, "nginx");
	assert_string_equal(ns->path, PROC "/300/ns/net");
	assert_string_equal(pw_netns_ident(ns), PW_NETNS_UNNAMED);
	pw_netns_set_free(set);
}

static void discovery_without_processes_reads_only_self_init_and_names(void **state)
{
	struct pw_netns_stats st;
	struct pw_netns_set *set;

	(void)state;
	set = discover(PROC, RUN, false, &st);
	assert_int_equal(set->n, 3);
	assert_int_equal(st.processes, 0);
	assert_int_equal(st.denied, 0);
	assert_int_equal(entry(set, "host")->pid, 1);
	assert_int_equal(entry(set, "blue")->pid, 0);
	assert_string_equal(entry(set, "blue")->name, "blue");
	assert_int_equal(pw_netns_set_find(set, (uint64_t)ns_file("anon").st_dev,
					   (uint64_t)ns_file("anon").st_ino),
			 -1);
	pw_netns_set_free(set);
}

static void hidden_pid_1_makes_the_current_namespace_the_initial_one(void **state)
{
	struct pw_netns_stats st;
	struct pw_netns_set *set;
	const struct pw_netns *host;

	(void)state;
	add_fault("1/ns/net", EACCES);
	set = discover(PROC, RUN, true, &st);
	host = entry(set, "host");
	assert_true(host->initial);
	assert_true(host->current);
	assert_int_equal(host->pid, 2);
	assert_string_equal(host->comm, "kthreadd");
	assert_int_equal(st.denied, 1);
	assert_null(pw_netns_ident(host));
	pw_netns_set_free(set);
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* A tree of ns/net links: "self:anon 1:host" makes proc/self/ns/net point at ns/anon... */
static void make_tree(char *dir, const char *const *links, size_t n)
{
	char path[4096], target[4096];

	strcpy(dir, "/tmp/pw-netns.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/proc", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	for (size_t i = 0; i < n; i++) {
		const char *colon = strchr(links[i], ':');
		int len = (int)(colon - links[i]);

		snprintf(path, sizeof(path), "%s/proc/%.*s", dir, len, links[i]);
		assert_int_equal(mkdir(path, 0755), 0);
		strcat(path, "/ns");
		assert_int_equal(mkdir(path, 0755), 0);
		strcat(path, "/net");
		snprintf(target, sizeof(target), "%s/ns/%s", FIXTURE, colon + 1);
		assert_int_equal(symlink(target, path), 0);
	}
}

static void discovery_inside_an_unnamed_namespace_tells_current_from_initial(void **state)
{
	static const char *const links[] = { "self:anon", "1:host", "77:anon", "80:blue" };
	char dir[64], proc[128], run[128];
	struct pw_netns_stats st;
	struct pw_netns_set *set;
	const struct pw_netns *anon;

	(void)state;
	make_tree(dir, links, 4);
	snprintf(proc, sizeof(proc), "%s/proc", dir);
	/* No run/netns at all: no namespace was ever named. */
	snprintf(run, sizeof(run), "%s/run/netns", dir);
	set = discover(proc, run, true, &st);
	assert_int_equal(st.rundir_error, 0);
	assert_int_equal(st.stale, 0);
	assert_int_equal(set->n, 3);
	assert_true(entry(set, "host")->initial);
	assert_false(entry(set, "host")->current);
	anon = entry(set, "anon");
	assert_true(anon->current);
	assert_false(anon->initial);
	assert_int_equal(anon->pid, 77);
	/* No comm file: the pid is known, its name is not. */
	assert_null(anon->comm);
	assert_ptr_equal(&set->v[pw_netns_set_current(set)], anon);
	assert_null(entry(set, "blue")->name);
	pw_netns_set_free(set);
	assert_int_equal(nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS), 0);
}

static void discovery_needs_proc_self(void **state)
{
	struct pw_netns_set *set = pw_netns_set_new();

	(void)state;
	assert_int_equal(pw_netns_discover(set, FIXTURE "/nothing", RUN, true, NULL), -ENOENT);
	add_fault("self/ns/net", EACCES);
	assert_int_equal(pw_netns_discover(set, PROC, RUN, true, NULL), -EACCES);
	assert_int_equal(set->n, 0);
	pw_netns_set_free(set);
}

static long resolve(struct pw_netns_set *set, const char *arg, struct pw_error *err)
{
	memset(err, 0, sizeof(*err));
	return pw_netns_resolve(set, arg, PROC, RUN, err);
}

static void resolve_finds_names_pids_and_paths_in_the_set(void **state)
{
	struct pw_netns_stats st;
	struct pw_netns_set *set = discover(PROC, RUN, false, &st);
	struct pw_error err;
	long i;

	(void)state;
	i = resolve(set, "blue2", &err);
	assert_true(i >= 0);
	assert_ptr_equal(&set->v[i], entry(set, "blue"));
	/* The name that sorts first stays its name. */
	assert_string_equal(set->v[i].name, "blue");
	i = resolve(set, "300", &err);
	assert_true(i >= 0);
	assert_ptr_equal(&set->v[i], entry(set, "anon"));
	assert_int_equal(set->v[i].pid, 300);
	assert_string_equal(set->v[i].comm, "nginx");
	assert_int_equal(set->n, 4);
	i = resolve(set, "400", &err);
	assert_ptr_equal(&set->v[i], entry(set, "blue"));
	assert_int_equal(set->v[i].pid, 400);
	i = resolve(set, "1", &err);
	assert_ptr_equal(&set->v[i], entry(set, "host"));
	assert_true(set->v[i].current);
	assert_int_equal(set->n, 4);
	pw_netns_set_free(set);
}

static void resolve_says_what_is_missing(void **state)
{
	struct pw_netns_stats st;
	struct pw_netns_set *set = discover(PROC, RUN, false, &st);
	struct pw_error err;

	(void)state;
	assert_int_equal(resolve(set, "green", &err), -ENOENT);
	assert_non_null(strstr(err.msg, "no network namespace named 'green'"));
	assert_int_equal(resolve(set, "999", &err), -ENOENT);
	assert_string_equal(err.msg, "--netns: no process 999");
	assert_int_equal(resolve(set, "stale", &err), -EINVAL);
	assert_non_null(strstr(err.msg, "no namespace is mounted there"));
	assert_int_equal(resolve(set, "..", &err), -EINVAL);
	assert_non_null(strstr(err.msg, "is no namespace name, path or pid"));
	assert_int_equal(resolve(set, FIXTURE "/nothing", &err), -ENOENT);
	add_fault("301/ns/net", EACCES);
	fake_euid = 1000;
	assert_int_equal(resolve(set, "301", &err), -EACCES);
	assert_non_null(strstr(err.msg, "another user's process: run as root"));
	/* Root is refused only what root cannot see: telling it to be root is wrong. */
	fake_euid = 0;
	assert_int_equal(resolve(set, "301", &err), -EACCES);
	assert_non_null(strstr(err.msg, "even as root (hardened, or in another user namespace)"));
	assert_null(strstr(err.msg, "run as root"));
	fake_euid = (uid_t)-1;
	assert_int_equal(set->n, 3);
	pw_netns_set_free(set);
}

static void resolve_takes_only_network_namespace_files_by_path(void **state)
{
	struct pw_netns_stats st;
	struct pw_netns_set *set = discover(PROC, RUN, false, &st);
	struct pw_error err;
	struct stat mine;
	long i;

	(void)state;
	/* A file, not a namespace: NS_GET_NSTYPE says so. */
	assert_int_equal(resolve(set, PROC "/1/comm", &err), -EINVAL);
	assert_non_null(strstr(err.msg, "not a namespace file"));
	assert_int_equal(resolve(set, "/proc/self/ns/mnt", &err), -EINVAL);
	assert_non_null(strstr(err.msg, "not a network one"));
	assert_int_equal(set->n, 3);
	/* A real one that discovery did not see joins the set. */
	assert_int_equal(stat("/proc/self/ns/net", &mine), 0);
	i = resolve(set, "/proc/self/ns/net", &err);
	assert_true(i >= 0);
	assert_int_equal(set->n, 4);
	assert_int_equal(set->v[i].inode, (uint64_t)mine.st_ino);
	assert_string_equal(set->v[i].path, "/proc/self/ns/net");
	assert_null(set->v[i].name);
	pw_netns_set_free(set);
}

static void enter_refuses_a_file_that_is_no_longer_the_namespace(void **state)
{
	static char blue_path[] = FIXTURE "/ns/blue", gone_path[] = PROC "/500/ns/net";
	struct stat blue = ns_file("blue");
	struct pw_netns ns = {
		.dev = (uint64_t)blue.st_dev,
		.inode = (uint64_t)blue.st_ino + 1,
		.path = blue_path,
	};

	(void)state;
	assert_int_equal(pw_netns_enter(&ns), -ESTALE);
	ns.path = gone_path;
	assert_int_equal(pw_netns_enter(&ns), -ESTALE);
	/* The right file, but no namespace: setns says EINVAL. */
	ns.path = blue_path;
	ns.inode = (uint64_t)blue.st_ino;
	assert_int_equal(pw_netns_enter(&ns), -EINVAL);
}

/* An ending process's namespace is refused as another user's would be: it is gone. */
static void enter_takes_an_ending_processs_refusal_for_gone(void **state)
{
	static char zombie[] = FIXTURE "/dying/800/ns/net", exiting[] = FIXTURE "/dying/801/ns/net",
		    alive[] = FIXTURE "/dying/900/ns/net";
	struct pw_netns ns = { .path = zombie };

	(void)state;
	add_fault("dying/800/ns/net", EACCES);
	add_fault("dying/801/ns/net", EACCES);
	add_fault("dying/900/ns/net", EACCES);
	assert_int_equal(pw_netns_enter(&ns), -ESTALE);
	ns.path = exiting;
	assert_int_equal(pw_netns_enter(&ns), -ESTALE);
	ns.path = alive;
	assert_int_equal(pw_netns_enter(&ns), -EACCES);
}

static void enter_and_return_to_the_current_namespace(void **state)
{
	struct pw_netns_stats st;
	struct pw_netns_set *set = discover("/proc", FIXTURE "/nothing", false, &st);
	long cur = pw_netns_set_current(set);
	int home = pw_netns_hold_current();
	int rc;

	(void)state;
	assert_true(cur >= 0);
	assert_true(home >= 0);
	rc = pw_netns_enter(&set->v[cur]);
	/* Entering, even the namespace one is in, takes CAP_SYS_ADMIN. */
	if (rc == 0)
		assert_int_equal(pw_netns_return(home), 0);
	else
		assert_int_equal(rc, -EPERM);
	close(home);
	pw_netns_set_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(discovery_finds_every_namespace_once, reset_faults),
		cmocka_unit_test_setup(discovery_without_processes_reads_only_self_init_and_names,
				       reset_faults),
		cmocka_unit_test_setup(hidden_pid_1_makes_the_current_namespace_the_initial_one,
				       reset_faults),
		cmocka_unit_test_setup(
			discovery_inside_an_unnamed_namespace_tells_current_from_initial,
			reset_faults),
		cmocka_unit_test_setup(discovery_needs_proc_self, reset_faults),
		cmocka_unit_test_setup(resolve_finds_names_pids_and_paths_in_the_set, reset_faults),
		cmocka_unit_test_setup(resolve_says_what_is_missing, reset_faults),
		cmocka_unit_test_setup(resolve_takes_only_network_namespace_files_by_path,
				       reset_faults),
		cmocka_unit_test_setup(enter_refuses_a_file_that_is_no_longer_the_namespace,
				       reset_faults),
		cmocka_unit_test_setup(enter_takes_an_ending_processs_refusal_for_gone,
				       reset_faults),
		cmocka_unit_test_setup(enter_and_return_to_the_current_namespace, reset_faults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
