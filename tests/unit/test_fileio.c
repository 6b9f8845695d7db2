/* SPDX-License-Identifier: MIT */
/* Unit tests of fileio.c: whole-file reads and StrictModes opens of real files in a private temporary folder. */
/* nftw and unshare are XSI and GNU. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sched.h>
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
	char link[80]; /* a link made beside dir, in /tmp itself */
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
	snprintf(c->link, sizeof(c->link), "%s-link", c->dir);
	*state = c;
	return 0;
}

static int fio_remove(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return type == FTW_DP ? rmdir(path) : unlink(path);
}

static int fio_teardown(void **state)
{
	struct fio_ctx *c = *state;

	/* A test may have moved into the folder, or left a link beside it. */
	if (chdir("/") < 0)
		return -1;
	unlink(c->link);
	nftw(c->dir, fio_remove, 16, FTW_DEPTH | FTW_PHYS);
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
 * Run pw_file_read(path) in a child, as user nobody when drop is set (or
 * pw_file_open_trusted for the child's own uid when trusted is), and
 * return what it returned (0 for a descriptor), or 1 when it did not
 * return within 2 seconds: a hang then fails one test instead of stopping
 * the whole run.
 */
static int fio_read_in_child(const char *path, bool drop, bool trusted)
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

		char why[256];

		if (drop && (setgid(65534) < 0 || setuid(65534) < 0))
			_exit(3);
		if (trusted) {
			rc = pw_file_open_trusted(path, geteuid(), PW_FILE_NO_UID, why,
						  sizeof(why));
			_exit(rc < 0 ? 100 + -rc : 0);
		}
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
	rc = fio_read_in_child(path, false, false);
	if (rc == 1)
		fail_msg("pw_file_read blocked on a FIFO with no writer");
	assert_int_equal(rc, -EINVAL);
	rc = fio_read_in_child(path, false, true);
	if (rc == 1)
		fail_msg("pw_file_open_trusted blocked on a FIFO with no writer");
	assert_int_equal(rc, -EINVAL);
}

/* A device is no input file: /dev/zero would never end. */
static void device_is_refused(void **state)
{
	(void)state;
	assert_int_equal(fio_read_in_child("/dev/zero", false, false), -EINVAL);
	assert_int_equal(fio_read_in_child("/dev/null", false, false), -EINVAL);
	/* /dev/null is root's and everyone's to write: refused as no regular file, first. */
	assert_int_equal(fio_read_in_child("/dev/null", false, true), -EINVAL);
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
	assert_int_equal(fio_read_in_child(path, true, false), -EACCES);
}

/* --- pw_file_read_fd ------------------------------------------------------------- */

/* What is left of the descriptor is read, and the descriptor stays open. */
static void read_fd_reads_from_where_the_descriptor_is(void **state)
{
	struct fio_ctx *c = *state;
	int fd = open(fio_write(c, "file", "0123456789", 10), O_RDONLY);
	char *buf = NULL;
	size_t len = 0;

	assert_true(fd >= 0);
	assert_int_equal(lseek(fd, 4, SEEK_SET), 4);
	assert_int_equal(pw_file_read_fd(fd, 6, &buf, &len), 0);
	assert_int_equal(len, 6);
	assert_string_equal(buf, "456789");
	free(buf);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(pw_file_read_fd(fd, 9, &buf, &len), -EFBIG);
	assert_int_equal(close(fd), 0);
}

/* --- pw_file_open_trusted ------------------------------------------------------------ */

#define FIO_POLICY "allow tcp *:22\n"
/* Whom root gives a file away to, to make it another user's. */
#define FIO_OTHER_UID 65534u

/* out = c->dir/name (256 bytes). */
static char *fio_name(const struct fio_ctx *c, char *out, const char *name)
{
	snprintf(out, 256, "%s/%s", c->dir, name);
	return out;
}

/* c->dir/name holding a policy line, with mode; returns its path. */
static const char *fio_trusted_file(struct fio_ctx *c, const char *name, mode_t mode)
{
	const char *path = fio_write(c, name, FIO_POLICY, strlen(FIO_POLICY));

	assert_int_equal(chmod(path, mode), 0);
	return path;
}

/* The folder c->dir/name, with exactly mode (the umask does not apply). */
static void fio_mkdir(const struct fio_ctx *c, const char *name, mode_t mode)
{
	char path[256];

	assert_int_equal(mkdir(fio_name(c, path, name), 0700), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static void fio_chmod(const struct fio_ctx *c, const char *name, mode_t mode)
{
	char path[256];

	assert_int_equal(chmod(name ? fio_name(c, path, name) : c->dir, mode), 0);
}

/* path is accepted for owner, and its descriptor reads want from the start. */
static void fio_assert_trusted_for(const char *path, uid_t owner, uid_t folder_uid,
				   const char *want)
{
	char why[512] = "untouched", *buf = NULL;
	size_t len = 0;
	int fd = pw_file_open_trusted(path, owner, folder_uid, why, sizeof(why));

	if (fd < 0)
		fail_msg("%s refused (%d): %s", path, fd, why);
	assert_string_equal(why, "untouched");
	assert_int_equal(pw_file_read_fd(fd, 1 << 20, &buf, &len), 0);
	assert_string_equal(buf, want);
	free(buf);
	assert_int_equal(close(fd), 0);
}

static void fio_assert_trusted(const char *path)
{
	fio_assert_trusted_for(path, geteuid(), PW_FILE_NO_UID, FIO_POLICY);
}

/* path is refused for owner with a reason that holds want (and want2, unless NULL). */
static void fio_assert_refused_for(const char *path, uid_t owner, uid_t folder_uid,
				   const char *want, const char *want2)
{
	char why[512] = "";
	int fd = pw_file_open_trusted(path, owner, folder_uid, why, sizeof(why));

	if (fd >= 0) {
		close(fd);
		fail_msg("%s accepted; want a refusal saying '%s'", path, want);
	}
	assert_int_equal(fd, -EPERM);
	if (!strstr(why, want) || (want2 && !strstr(why, want2)))
		fail_msg("%s: why: %s; want '%s'%s%s", path, why, want, want2 ? " and " : "",
			 want2 ? want2 : "");
}

static void fio_assert_refused(const char *path, const char *want, const char *want2)
{
	fio_assert_refused_for(path, geteuid(), PW_FILE_NO_UID, want, want2);
}

/* Only as root is a file judged: a user checks with files they chose themselves. */
static void strict_open_judges_only_as_root(void **state)
{
	struct fio_ctx *c = *state;
	const char *path = fio_trusted_file(c, "file", 0666);
	char why[512] = "", want[256];
	int fd = pw_file_open_strict(path, why, sizeof(why));

	if (geteuid() != 0) {
		assert_true(fd >= 0);
		close(fd);
		return;
	}
	assert_int_equal(fd, -EPERM);
	snprintf(want, sizeof(want), "file %s is writable by others", path);
	assert_non_null(strstr(why, want));
	fio_chmod(c, "file", 0644);
	fd = pw_file_open_strict(path, why, sizeof(why));
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(pw_file_open_strict(fio_name(c, want, "none"), why, sizeof(why)), -ENOENT);
}

static void trusted_file_is_read_from_its_descriptor(void **state)
{
	struct fio_ctx *c = *state;

	fio_chmod(c, NULL, 0700);
	fio_assert_trusted(fio_trusted_file(c, "file", 0600));
	/* Readable by all is fine: only writing decides what is allowed. */
	fio_chmod(c, NULL, 0755);
	fio_assert_trusted(fio_trusted_file(c, "file", 0444));
}

/* The content comes from the file judged, whatever is put at its name afterwards. */
static void descriptor_keeps_the_file_it_judged(void **state)
{
	struct fio_ctx *c = *state;
	char path[256], other[256], why[256] = "", *buf = NULL;
	size_t len = 0;
	int fd;

	fio_trusted_file(c, "file", 0644);
	fio_name(c, path, "file");
	fd = pw_file_open_trusted(path, geteuid(), PW_FILE_NO_UID, why, sizeof(why));
	assert_true(fd >= 0);
	fio_write(c, "other", "allow tcp *:*\n", 14);
	assert_int_equal(rename(fio_name(c, other, "other"), path), 0);
	assert_int_equal(pw_file_read_fd(fd, 1 << 20, &buf, &len), 0);
	assert_string_equal(buf, FIO_POLICY);
	free(buf);
	close(fd);
}

static void file_of_another_owner_is_refused_naming_it(void **state)
{
	struct fio_ctx *c = *state;
	const char *path = fio_trusted_file(c, "file", 0600);
	uid_t uid = geteuid();
	char want[256];

	/* root owns what it makes: give it away. Anyone else's file is not root's. */
	if (uid == 0) {
		assert_int_equal(chown(path, FIO_OTHER_UID, (gid_t)-1), 0);
		uid = FIO_OTHER_UID;
	}
	snprintf(want, sizeof(want), "file %s is owned by uid %u, not root", path, (unsigned)uid);
	fio_assert_refused_for(path, 0, PW_FILE_NO_UID, want, NULL);
	snprintf(want, sizeof(want), "is owned by uid %u, not root or uid %u", (unsigned)uid,
		 (unsigned)uid + 1);
	fio_assert_refused_for(path, uid + 1, PW_FILE_NO_UID, want, NULL);
	/* Its owner may own it. */
	fio_assert_trusted_for(path, uid == FIO_OTHER_UID ? uid : geteuid(), PW_FILE_NO_UID,
			       FIO_POLICY);
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
		char want[256];

		snprintf(want, sizeof(want), "file %s is %s", path, cases[i].who);
		fio_assert_refused(path, want, NULL);
	}
}

/* Whoever may write the folder may replace the file in it. */
static void folder_writable_by_group_or_others_is_refused(void **state)
{
	struct fio_ctx *c = *state;
	const char *path = fio_trusted_file(c, "file", 0600);
	char want[128];

	snprintf(want, sizeof(want), "folder %s is writable by its group", c->dir);
	fio_chmod(c, NULL, 0770);
	fio_assert_refused(path, want, NULL);
	snprintf(want, sizeof(want), "folder %s is writable by others", c->dir);
	fio_chmod(c, NULL, 0703);
	fio_assert_refused(path, want, NULL);
}

static void folder_of_another_owner_is_refused(void **state)
{
	struct fio_ctx *c = *state;
	const char *path = fio_trusted_file(c, "file", 0600);
	char want[128];

	/* Only root can give a folder away while keeping the file. */
	if (geteuid() != 0)
		skip();
	assert_int_equal(chown(c->dir, FIO_OTHER_UID, (gid_t)-1), 0);
	snprintf(want, sizeof(want), "folder %s is owned by uid %u, not root", c->dir,
		 FIO_OTHER_UID);
	fio_assert_refused_for(path, 0, PW_FILE_NO_UID, want, NULL);
	/* In a user namespace, the overflow uid stands for the host's folders. */
	fio_assert_trusted_for(path, 0, FIO_OTHER_UID, FIO_POLICY);
	/* ... but never for the file itself. */
	assert_int_equal(chown(path, FIO_OTHER_UID, (gid_t)-1), 0);
	fio_assert_refused_for(path, 0, FIO_OTHER_UID, "file ", "is owned by uid 65534, not root");
}

/* Every folder up to "/" could swap the one below it. */
static void every_folder_above_is_judged(void **state)
{
	struct fio_ctx *c = *state;
	char gp[256], want[300];

	fio_mkdir(c, "gp", 0755);
	fio_mkdir(c, "gp/p", 0755);
	fio_trusted_file(c, "gp/p/file", 0644);
	fio_assert_trusted(fio_name(c, gp, "gp/p/file"));
	fio_chmod(c, "gp", 0777);
	snprintf(want, sizeof(want), "folder %s/gp is writable by others", c->dir);
	fio_assert_refused(fio_name(c, gp, "gp/p/file"), want, NULL);
	fio_chmod(c, "gp", 0775);
	snprintf(want, sizeof(want), "folder %s/gp is writable by its group", c->dir);
	fio_assert_refused(fio_name(c, gp, "gp/p/file"), want, NULL);
	fio_chmod(c, "gp", 0755);
	fio_chmod(c, NULL, 0757);
	snprintf(want, sizeof(want), "folder %s is writable by others", c->dir);
	fio_assert_refused(fio_name(c, gp, "gp/p/file"), want, NULL);
}

/*
 * A sticky folder (/tmp) protects the entries others own: accepted above
 * the file's folder, never as the file's folder itself.
 */
static void sticky_folder_is_trusted_above_the_file_only(void **state)
{
	struct fio_ctx *c = *state;
	char path[256], want[300];

	fio_mkdir(c, "gp", 01777);
	fio_mkdir(c, "gp/p", 0755);
	fio_trusted_file(c, "gp/p/file", 0644);
	fio_assert_trusted(fio_name(c, path, "gp/p/file"));
	fio_chmod(c, "gp", 0755);
	fio_chmod(c, "gp/p", 01777);
	snprintf(want, sizeof(want),
		 "folder %s/gp/p is writable by others (sticky, but it holds the file itself)",
		 c->dir);
	fio_assert_refused(fio_name(c, path, "gp/p/file"), want, NULL);
	/* A sticky folder writable by its group only is no better. */
	fio_chmod(c, "gp/p", 01775);
	fio_assert_refused(path, "is writable by its group (sticky", NULL);
}

/* A relative path starts at the working folder, whose folders count too. */
static void relative_path_is_judged_from_the_root_down(void **state)
{
	struct fio_ctx *c = *state;
	char path[256], want[300];

	fio_mkdir(c, "gp", 0755);
	fio_mkdir(c, "gp/p", 0755);
	fio_trusted_file(c, "gp/p/file", 0644);
	assert_int_equal(chdir(fio_name(c, path, "gp/p")), 0);
	fio_assert_trusted("file");
	fio_assert_trusted("../p/./file");
	fio_chmod(c, "gp", 0777);
	snprintf(want, sizeof(want), "folder %s/gp is writable by others", c->dir);
	fio_assert_refused("file", want, NULL);
	fio_assert_refused("./../p/file", want, NULL);
	fio_chmod(c, "gp", 0755);
	fio_chmod(c, "gp/p", 0757);
	fio_assert_refused("file", "/gp/p is writable by others", NULL);
}

/* A link lies in a folder too: whoever may write that folder chooses where it leads. */
static void link_in_a_folder_others_can_write_is_refused(void **state)
{
	struct fio_ctx *c = *state;
	char link[256], want[300];

	fio_mkdir(c, "ww", 0777);
	fio_mkdir(c, "sub", 0700);
	fio_trusted_file(c, "sub/target", 0600);
	assert_int_equal(symlink("../sub/target", fio_name(c, link, "ww/link")), 0);
	snprintf(want, sizeof(want), "folder %s/ww is writable by others", c->dir);
	fio_assert_refused(link, want, NULL);
	fio_chmod(c, "ww", 0755);
	fio_assert_trusted(link);
	/* The folder the link leads to is judged as well. */
	fio_chmod(c, "sub", 0777);
	snprintf(want, sizeof(want), "folder %s/sub is writable by others", c->dir);
	fio_assert_refused(link, want, NULL);
	fio_chmod(c, "sub", 0700);
	fio_chmod(c, "sub/target", 0622);
	fio_assert_refused(link, "file ", "is writable by others");
}

/*
 * A link another user owns, in a sticky folder (/tmp itself, root's, as
 * a real one is), to a file of root's: the link decides, and is refused.
 */
static void link_of_another_owner_is_refused(void **state)
{
	struct fio_ctx *c = *state;
	struct stat tmp, passwd;
	uid_t uid = geteuid();
	char want[200];

	if (lstat("/tmp", &tmp) < 0 || tmp.st_uid != 0 || !(tmp.st_mode & S_ISVTX) ||
	    stat("/etc/passwd", &passwd) < 0 || passwd.st_uid != 0 ||
	    (passwd.st_mode & (S_IWGRP | S_IWOTH)))
		skip();
	assert_int_equal(symlink("/etc/passwd", c->link), 0);
	if (uid == 0) {
		assert_int_equal(lchown(c->link, FIO_OTHER_UID, (gid_t)-1), 0);
		uid = FIO_OTHER_UID;
	}
	snprintf(want, sizeof(want), "symbolic link %s is owned by uid %u, not root", c->link,
		 (unsigned)uid);
	fio_assert_refused_for(c->link, 0, PW_FILE_NO_UID, want, NULL);
}

/* Each link of a chain is judged where it lies, off both the given and the real path. */
static void every_link_of_a_chain_is_judged_where_it_lies(void **state)
{
	struct fio_ctx *c = *state;
	char path[256], want[300];

	fio_mkdir(c, "a", 0755);
	fio_mkdir(c, "b", 0755);
	fio_mkdir(c, "c", 0755);
	fio_trusted_file(c, "c/target", 0644);
	assert_int_equal(symlink("../b/l2", fio_name(c, path, "b/l1")), 0);
	assert_int_equal(symlink(fio_name(c, want, "c/target"), fio_name(c, path, "b/l2")), 0);
	assert_int_equal(symlink("../b/l1", fio_name(c, path, "a/l0")), 0);
	fio_assert_trusted(fio_name(c, path, "a/l0"));
	fio_chmod(c, "b", 0777);
	snprintf(want, sizeof(want), "folder %s/b is writable by others", c->dir);
	fio_assert_refused(fio_name(c, path, "a/l0"), want, NULL);
}

/* Set by a test: the next lstat of fio_swap_at first renames fio_swap_with over it. */
static const char *fio_swap_at, *fio_swap_with;

int __real_lstat(const char *path, struct stat *st);
int __wrap_lstat(const char *path, struct stat *st);

int __wrap_lstat(const char *path, struct stat *st)
{
	if (fio_swap_at && strcmp(path, fio_swap_at) == 0) {
		fio_swap_at = NULL;
		if (rename(fio_swap_with, path) < 0)
			return -1;
	}
	return __real_lstat(path, st);
}

/* A file put in place of the one opened, between the open and the walk, is no file judged. */
static void file_replaced_while_being_checked_is_refused(void **state)
{
	struct fio_ctx *c = *state;
	char path[256], other[256], want[320];

	fio_trusted_file(c, "file", 0644);
	fio_write(c, "other", "allow tcp *:*\n", 14);
	assert_int_equal(chmod(fio_name(c, other, "other"), 0644), 0);
	fio_swap_at = fio_name(c, path, "file");
	fio_swap_with = other;
	snprintf(want, sizeof(want), "file %s was replaced while it was being checked", path);
	fio_assert_refused(path, want, NULL);
	assert_null(fio_swap_at);
}

static void unresolvable_path_is_its_errno(void **state)
{
	struct fio_ctx *c = *state;
	char why[64] = "untouched", path[256];

	assert_int_equal(pw_file_open_trusted(fio_name(c, path, "file"), geteuid(), PW_FILE_NO_UID,
					      why, sizeof(why)),
			 -ENOENT);
	snprintf(path, sizeof(path), "%s/x", fio_trusted_file(c, "file", 0600));
	assert_int_equal(pw_file_open_trusted(path, geteuid(), PW_FILE_NO_UID, why, sizeof(why)),
			 -ENOTDIR);
	assert_int_equal(symlink("loop", fio_name(c, path, "loop")), 0);
	assert_int_equal(pw_file_open_trusted(path, geteuid(), PW_FILE_NO_UID, why, sizeof(why)),
			 -ELOOP);
	assert_int_equal(pw_file_open_trusted(c->dir, geteuid(), PW_FILE_NO_UID, why, sizeof(why)),
			 -EISDIR);
	assert_string_equal(why, "untouched");
}

/* The reason is cut to the buffer, still a string. */
static void reason_is_cut_to_its_buffer(void **state)
{
	struct fio_ctx *c = *state;
	const char *path = fio_trusted_file(c, "file", 0666);
	char why[17];

	memset(why, 'x', sizeof(why));
	assert_int_equal(pw_file_open_trusted(path, geteuid(), PW_FILE_NO_UID, why, 16), -EPERM);
	assert_int_equal(strlen(why), 15);
	assert_int_equal(why[16], 'x');
	assert_true(strncmp(why, "file /tmp/pw-fi", 15) == 0);
}

/* What the kernel says of this process's user namespace: the oracle. */
static bool fio_initial_userns(void)
{
	unsigned long in = 1, out = 1, n = 0;
	FILE *f = fopen("/proc/self/uid_map", "r");
	int lines = 0, ch;
	bool initial;

	if (!f)
		return true;
	initial = fscanf(f, "%lu %lu %lu", &in, &out, &n) == 3 && in == 0 && out == 0 &&
		  n == 4294967295ul;
	rewind(f);
	while ((ch = getc(f)) != EOF)
		lines += ch == '\n';
	fclose(f);
	return initial && lines == 1;
}

static void unmapped_uid_is_told_only_inside_a_user_namespace(void **state)
{
	uid_t uid = 12345;
	int status, rc;
	pid_t pid;

	(void)state;
	rc = pw_file_unmapped_uid(&uid);
	assert_int_equal(rc, fio_initial_userns() ? -ENOENT : 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		unsigned long overflow = 0;
		FILE *f;

		/* 2: no user namespace can be made here; that half then says nothing. */
		if (unshare(CLONE_NEWUSER) < 0)
			_exit(2);
		f = fopen("/proc/sys/kernel/overflowuid", "r");
		if (!f || fscanf(f, "%lu", &overflow) != 1)
			_exit(3);
		uid = 0;
		_exit(pw_file_unmapped_uid(&uid) == 0 && uid == overflow ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_not_equal(WEXITSTATUS(status), 1);
	assert_int_not_equal(WEXITSTATUS(status), 3);
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
		T(read_fd_reads_from_where_the_descriptor_is),
		T(trusted_file_is_read_from_its_descriptor),
		T(descriptor_keeps_the_file_it_judged),
		T(file_of_another_owner_is_refused_naming_it),
		T(file_writable_by_group_or_others_is_refused),
		T(folder_writable_by_group_or_others_is_refused),
		T(folder_of_another_owner_is_refused),
		T(every_folder_above_is_judged),
		T(sticky_folder_is_trusted_above_the_file_only),
		T(relative_path_is_judged_from_the_root_down),
		T(link_in_a_folder_others_can_write_is_refused),
		T(link_of_another_owner_is_refused),
		T(every_link_of_a_chain_is_judged_where_it_lies),
		T(file_replaced_while_being_checked_is_refused),
		T(unresolvable_path_is_its_errno),
		T(reason_is_cut_to_its_buffer),
		T(unmapped_uid_is_told_only_inside_a_user_namespace),
		T(strict_open_judges_only_as_root),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
