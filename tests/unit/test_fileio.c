/* SPDX-License-Identifier: MIT */
/* Unit tests of fileio.c: whole-file reads of real files in a private temporary folder. */
#include <errno.h>
#include <stdbool.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "fileio.h"

/* A fresh folder under /tmp per test, removed with everything in it afterwards. */
struct fio_ctx {
	char dir[64];
	char path[128];
};

static int fio_setup(void **state)
{
	struct fio_ctx *c = calloc(1, sizeof(*c));

	if (!c)
		return -1;
	strcpy(c->dir, "/tmp/pw-fileio-XXXXXX");
	if (!mkdtemp(c->dir)) {
		free(c);
		return -1;
	}
	*state = c;
	return 0;
}

static int fio_teardown(void **state)
{
	/* Children before their folder. */
	static const char *const names[] = {
		"file", "empty", "fifo", "big", "nul", "link", "sub/target", "sub", "secret",
	};
	struct fio_ctx *c = *state;
	char path[160];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", c->dir, names[i]);
		if (unlink(path) < 0)
			rmdir(path);
	}
	rmdir(c->dir);
	free(c);
	return 0;
}

/* c->path = c->dir/name. */
static const char *fio_path(struct fio_ctx *c, const char *name)
{
	snprintf(c->path, sizeof(c->path), "%s/%s", c->dir, name);
	return c->path;
}

/* Write len bytes of data to c->dir/name; returns its path. */
static const char *fio_write(struct fio_ctx *c, const char *name, const void *data, size_t len)
{
	const char *path = fio_path(c, name);
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return path;
}

static void reads_a_file_whole_and_nul_terminated(void **state)
{
	static const char text[] = "ssh 22/tcp\nhttp 80/tcp # web\n";
	struct fio_ctx *c = *state;
	const char *path = fio_write(c, "file", text, sizeof(text) - 1);
	char *buf = NULL;
	size_t len = 0;

	assert_int_equal(pw_file_read(path, 1 << 20, &buf, &len), 0);
	assert_non_null(buf);
	assert_int_equal(len, sizeof(text) - 1);
	assert_memory_equal(buf, text, len);
	assert_int_equal(buf[len], '\0');
	free(buf);
}

/* Larger than the first buffer: the read grows it and loses nothing. */
static void reads_a_file_larger_than_its_first_buffer(void **state)
{
	enum {
		N = 100000
	};
	struct fio_ctx *c = *state;
	char *data = malloc(N), *buf = NULL;
	const char *path;
	size_t len = 0;

	assert_non_null(data);
	for (size_t i = 0; i < N; i++)
		data[i] = (char)('a' + i % 26);
	path = fio_write(c, "big", data, N);
	assert_int_equal(pw_file_read(path, N, &buf, &len), 0);
	assert_int_equal(len, N);
	assert_memory_equal(buf, data, N);
	assert_int_equal(buf[N], '\0');
	free(buf);
	free(data);
}

/* Sizes where the buffer grows, and where its NUL lands. */
static void sizes_around_the_buffer_growth_read_exactly(void **state)
{
	static const size_t sizes[] = { 1, 4094, 4095, 4096, 4097, 8191, 8192, 8193 };
	struct fio_ctx *c = *state;
	char *data = malloc(8193);

	assert_non_null(data);
	for (size_t i = 0; i < 8193; i++)
		data[i] = (char)('A' + i % 23);
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		const char *path = fio_write(c, "big", data, sizes[k]);
		char *buf = NULL;
		size_t len = 0;

		assert_int_equal(pw_file_read(path, sizes[k], &buf, &len), 0);
		if (len != sizes[k] || memcmp(buf, data, len) != 0 || buf[len] != '\0')
			fail_msg("%zu bytes read as %zu", sizes[k], len);
		free(buf);
	}
	free(data);
}

static void empty_file_reads_as_empty_string(void **state)
{
	struct fio_ctx *c = *state;
	const char *path = fio_write(c, "empty", "", 0);
	char *buf = NULL;
	size_t len = 99;

	assert_int_equal(pw_file_read(path, 1 << 20, &buf, &len), 0);
	assert_non_null(buf);
	assert_int_equal(len, 0);
	assert_int_equal(buf[0], '\0');
	free(buf);
}

static void missing_file_is_enoent(void **state)
{
	struct fio_ctx *c = *state;
	char *buf = NULL;
	size_t len = 99;

	assert_int_equal(pw_file_read(fio_path(c, "file"), 1 << 20, &buf, &len), -ENOENT);
	assert_null(buf);
	assert_int_equal(len, 99);
}

static void directory_is_eisdir(void **state)
{
	struct fio_ctx *c = *state;
	char *buf = NULL;
	size_t len = 0;

	assert_int_equal(mkdir(fio_path(c, "sub"), 0700), 0);
	assert_int_equal(pw_file_read(fio_path(c, "sub"), 1 << 20, &buf, &len), -EISDIR);
	assert_null(buf);
}

/*
 * Run pw_file_read(path) in a child, as user nobody when drop is set, and
 * return what it returned, or 1 when it did not return within 2 seconds: a
 * hang then fails one test instead of stopping the whole run.
 */
static int fio_read_in_child(const char *path, bool drop)
{
	int status = 0;
	pid_t pid, done = 0;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char *buf = NULL;
		size_t len = 0;
		int rc;

		if (drop && (setgid(65534) < 0 || setuid(65534) < 0))
			_exit(3);
		rc = pw_file_read(path, 1 << 20, &buf, &len);
		_exit(rc < 0 ? 100 + -rc : 0);
	}
	for (int i = 0; i < 200 && done == 0; i++) {
		struct timespec ms10 = { 0, 10 * 1000 * 1000 };

		done = waitpid(pid, &status, WNOHANG);
		if (done == 0)
			nanosleep(&ms10, NULL);
	}
	if (done == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		return 1;
	}
	assert_int_equal(done, pid);
	assert_true(WIFEXITED(status));
	assert_int_not_equal(WEXITSTATUS(status), 3);
	return WEXITSTATUS(status) >= 100 ? -(WEXITSTATUS(status) - 100) : WEXITSTATUS(status);
}

/* A FIFO with no writer blocks an open() for reading: it must be refused, not waited on. */
static void fifo_is_refused_without_blocking(void **state)
{
	struct fio_ctx *c = *state;
	const char *path = fio_path(c, "fifo");
	int rc;

	assert_int_equal(mkfifo(path, 0600), 0);
	rc = fio_read_in_child(path, false);
	if (rc == 1)
		fail_msg("pw_file_read blocked on a FIFO with no writer");
	assert_int_equal(rc, -EINVAL);
}

/* A device is no input file: /dev/zero would never end. */
static void device_is_refused(void **state)
{
	(void)state;
	assert_int_equal(fio_read_in_child("/dev/zero", false), -EINVAL);
	assert_int_equal(fio_read_in_child("/dev/null", false), -EINVAL);
}

static void file_over_max_is_efbig_and_at_max_is_read(void **state)
{
	struct fio_ctx *c = *state;
	const char *path = fio_write(c, "file", "0123456789", 10);
	char *buf = NULL;
	size_t len = 0;

	assert_int_equal(pw_file_read(path, 9, &buf, &len), -EFBIG);
	assert_null(buf);
	assert_int_equal(pw_file_read(path, 10, &buf, &len), 0);
	assert_int_equal(len, 10);
	assert_string_equal(buf, "0123456789");
	free(buf);
}

/* Past the first buffer too: the limit holds on every read, not only the first. */
static void large_file_over_max_is_efbig(void **state)
{
	enum {
		N = 20000
	};
	struct fio_ctx *c = *state;
	char *data = calloc(1, N), *buf = NULL;
	const char *path;
	size_t len = 0;

	assert_non_null(data);
	memset(data, 'x', N);
	path = fio_write(c, "big", data, N);
	free(data);
	assert_int_equal(pw_file_read(path, N - 1, &buf, &len), -EFBIG);
	assert_null(buf);
	assert_int_equal(pw_file_read(path, 0, &buf, &len), -EFBIG);
	assert_null(buf);
}

/* The services parser counts a NUL as malformed: it must see every byte. */
static void nul_bytes_are_kept_and_counted(void **state)
{
	static const char data[] = "a\0b\0\0c";
	struct fio_ctx *c = *state;
	const char *path = fio_write(c, "nul", data, sizeof(data) - 1);
	char *buf = NULL;
	size_t len = 0;

	assert_int_equal(pw_file_read(path, 1 << 20, &buf, &len), 0);
	assert_int_equal(len, sizeof(data) - 1);
	assert_memory_equal(buf, data, len);
	assert_int_equal(buf[len], '\0');
	free(buf);
}

/* /proc files report a size of 0 but have content: reads go to the end, not to st_size. */
static void proc_file_is_read_to_its_end(void **state)
{
	char *buf = NULL;
	size_t len = 0;

	(void)state;
	assert_int_equal(pw_file_read("/proc/self/stat", 1 << 20, &buf, &len), 0);
	assert_true(len > 0);
	assert_int_equal(strlen(buf), len);
	assert_non_null(strchr(buf, ')'));
	free(buf);
}

static void unreadable_file_is_eacces(void **state)
{
	struct fio_ctx *c = *state;
	const char *path = fio_write(c, "secret", "x", 1);
	char *buf = NULL;
	size_t len = 0;

	assert_int_equal(chmod(path, 0), 0);
	if (geteuid() != 0) {
		assert_int_equal(pw_file_read(path, 1 << 20, &buf, &len), -EACCES);
		assert_null(buf);
		return;
	}
	/* root reads anything: try as nobody, who may enter the folder but not read the file. */
	assert_int_equal(chmod(c->dir, 0711), 0);
	assert_int_equal(fio_read_in_child(path, true), -EACCES);
}

/* --- pw_file_trusted ------------------------------------------------------------ */

/* c->dir/name holding a line, with mode; returns its path. */
static const char *fio_trusted_file(struct fio_ctx *c, const char *name, mode_t mode)
{
	const char *path = fio_write(c, name, "allow tcp *:22\n", 15);

	assert_int_equal(chmod(path, mode), 0);
	return path;
}

static void trusted_file_in_a_private_folder_is_accepted(void **state)
{
	struct fio_ctx *c = *state;
	char why[256] = "untouched";

	assert_int_equal(chmod(c->dir, 0700), 0);
	assert_int_equal(
		pw_file_trusted(fio_trusted_file(c, "file", 0600), geteuid(), why, sizeof(why)), 0);
	assert_string_equal(why, "untouched");
	/* Readable by all is fine: only writing decides what is allowed. */
	assert_int_equal(chmod(c->dir, 0755), 0);
	assert_int_equal(
		pw_file_trusted(fio_trusted_file(c, "file", 0444), geteuid(), why, sizeof(why)), 0);
}

static void file_of_another_owner_is_refused_naming_both_uids(void **state)
{
	struct fio_ctx *c = *state;
	const char *path = fio_trusted_file(c, "file", 0600);
	char why[256] = "", want[64];

	assert_int_equal(pw_file_trusted(path, geteuid() + 1, why, sizeof(why)), -EPERM);
	snprintf(want, sizeof(want), "is owned by uid %u, not %u", (unsigned)geteuid(),
		 (unsigned)geteuid() + 1);
	if (!strstr(why, want) || !strstr(why, path) || strncmp(why, "file ", 5))
		fail_msg("why: %s", why);
}

static void file_writable_by_group_or_others_is_refused(void **state)
{
	static const struct {
		mode_t mode;
		const char *who;
	} cases[] = {
		{ 0620, "writable by its group" },
		{ 0602, "writable by others" },
		{ 0666, "writable by others" },
		{ 0660, "writable by its group" },
	};
	struct fio_ctx *c = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *path = fio_trusted_file(c, "file", cases[i].mode);
		char why[256] = "";

		assert_int_equal(pw_file_trusted(path, geteuid(), why, sizeof(why)), -EPERM);
		if (!strstr(why, cases[i].who) || !strstr(why, path) || strncmp(why, "file ", 5))
			fail_msg("mode %o: why: %s", (unsigned)cases[i].mode, why);
	}
}

/* Whoever may write the folder may replace the file in it. */
static void folder_writable_by_group_or_others_is_refused(void **state)
{
	struct fio_ctx *c = *state;
	const char *path = fio_trusted_file(c, "file", 0600);
	char why[256] = "", want[128];

	snprintf(want, sizeof(want), "folder %s is writable by its group", c->dir);
	assert_int_equal(chmod(c->dir, 0770), 0);
	assert_int_equal(pw_file_trusted(path, geteuid(), why, sizeof(why)), -EPERM);
	if (!strstr(why, want))
		fail_msg("why: %s", why);
	snprintf(want, sizeof(want), "folder %s is writable by others", c->dir);
	assert_int_equal(chmod(c->dir, 0703), 0);
	assert_int_equal(pw_file_trusted(path, geteuid(), why, sizeof(why)), -EPERM);
	if (!strstr(why, want))
		fail_msg("why: %s", why);
	assert_int_equal(chmod(c->dir, 0700), 0);
}

static void folder_of_another_owner_is_refused(void **state)
{
	struct fio_ctx *c = *state;
	const char *path = fio_trusted_file(c, "file", 0600);
	char why[256] = "";

	/* Only root can give a folder away while keeping the file. */
	if (geteuid() != 0)
		skip();
	assert_int_equal(chown(c->dir, 65534, (gid_t)-1), 0);
	assert_int_equal(pw_file_trusted(path, 0, why, sizeof(why)), -EPERM);
	if (!strstr(why, "folder ") || !strstr(why, "owned by uid 65534, not 0"))
		fail_msg("why: %s", why);
	assert_int_equal(chown(c->dir, 0, (gid_t)-1), 0);
}

/* A link is judged by what it leads to: the file and the folder really holding it. */
static void symbolic_link_is_judged_by_its_target(void **state)
{
	struct fio_ctx *c = *state;
	char target[160], sub[160], link[160], why[256] = "";

	snprintf(sub, sizeof(sub), "%s/sub", c->dir);
	snprintf(target, sizeof(target), "%s/sub/target", c->dir);
	snprintf(link, sizeof(link), "%s/link", c->dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	fio_trusted_file(c, "sub/target", 0600);
	assert_int_equal(symlink("sub/target", link), 0);
	assert_int_equal(pw_file_trusted(link, geteuid(), why, sizeof(why)), 0);
	assert_int_equal(chmod(sub, 0777), 0);
	assert_int_equal(pw_file_trusted(link, geteuid(), why, sizeof(why)), -EPERM);
	if (!strstr(why, sub) || !strstr(why, "writable by others") || strstr(why, "link"))
		fail_msg("why: %s", why);
	assert_int_equal(chmod(sub, 0700), 0);
	assert_int_equal(chmod(target, 0622), 0);
	assert_int_equal(pw_file_trusted(link, geteuid(), why, sizeof(why)), -EPERM);
	if (!strstr(why, target))
		fail_msg("why: %s", why);
}

static void unresolvable_path_is_its_errno(void **state)
{
	struct fio_ctx *c = *state;
	char why[64] = "untouched", path[160];

	assert_int_equal(pw_file_trusted(fio_path(c, "file"), geteuid(), why, sizeof(why)),
			 -ENOENT);
	snprintf(path, sizeof(path), "%s/x", fio_trusted_file(c, "file", 0600));
	assert_int_equal(pw_file_trusted(path, geteuid(), why, sizeof(why)), -ENOTDIR);
	assert_string_equal(why, "untouched");
}

/* A file right under "/" has "/" for its folder, not "". */
static void root_folder_is_the_folder_of_its_entries(void **state)
{
	struct stat root, etc;
	char why[256] = "";
	int want;

	(void)state;
	if (stat("/", &root) < 0 || stat("/etc", &etc) < 0 || root.st_uid != etc.st_uid)
		skip();
	want = (root.st_mode | etc.st_mode) & (S_IWGRP | S_IWOTH) ? -EPERM : 0;
	assert_int_equal(pw_file_trusted("/etc", root.st_uid, why, sizeof(why)), want);
	assert_int_equal(pw_file_trusted("/", root.st_uid, why, sizeof(why)),
			 root.st_mode & (S_IWGRP | S_IWOTH) ? -EPERM : 0);
}

/* The reason is cut to the buffer, still a string. */
static void reason_is_cut_to_its_buffer(void **state)
{
	struct fio_ctx *c = *state;
	const char *path = fio_trusted_file(c, "file", 0666);
	char why[17];

	memset(why, 'x', sizeof(why));
	assert_int_equal(pw_file_trusted(path, geteuid(), why, 16), -EPERM);
	assert_int_equal(strlen(why), 15);
	assert_int_equal(why[16], 'x');
	assert_true(strncmp(why, "file /tmp/pw-fi", 15) == 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fio_setup, fio_teardown)
	const struct CMUnitTest tests[] = {
		T(reads_a_file_whole_and_nul_terminated),
		T(reads_a_file_larger_than_its_first_buffer),
		T(sizes_around_the_buffer_growth_read_exactly),
		T(empty_file_reads_as_empty_string),
		T(missing_file_is_enoent),
		T(directory_is_eisdir),
		T(fifo_is_refused_without_blocking),
		T(device_is_refused),
		T(file_over_max_is_efbig_and_at_max_is_read),
		T(large_file_over_max_is_efbig),
		T(nul_bytes_are_kept_and_counted),
		T(proc_file_is_read_to_its_end),
		T(unreadable_file_is_eacces),
		T(trusted_file_in_a_private_folder_is_accepted),
		T(file_of_another_owner_is_refused_naming_both_uids),
		T(file_writable_by_group_or_others_is_refused),
		T(folder_writable_by_group_or_others_is_refused),
		T(folder_of_another_owner_is_refused),
		T(symbolic_link_is_judged_by_its_target),
		T(unresolvable_path_is_its_errno),
		T(root_folder_is_the_folder_of_its_entries),
		T(reason_is_cut_to_its_buffer),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
