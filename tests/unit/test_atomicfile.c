/* SPDX-License-Identifier: MIT */
/* Unit tests for atomicfile: content and mode, symlinks, and injected failures that keep the old file. */
/* mkdtemp and O_DIRECTORY need more than plain gnu11 headers give. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "atomicfile.h"

/*
 * Faults: write, fsync, rename and fchown are wrapped (-Wl,--wrap). Each
 * calls the real function unless a test armed a failure; the counters show
 * what atomicfile did.
 */
static struct {
	int write_errno;      /* fail writes past write_after with this errno */
	unsigned write_after; /* writes that succeed first */
	bool write_zero;      /* return 0 (nothing written, no errno) */
	size_t write_max;     /* write at most this many bytes a call (0: all) */
	unsigned write_eintr; /* fail this many writes with EINTR first */
	int fsync_errno;      /* fail fsync number fsync_at (1-based) */
	unsigned fsync_at;
	int rename_errno; /* fail every rename */
	int fchown_errno; /* fail every fchown */
	unsigned writes, fsyncs, renames;
} fault;

ssize_t __real_write(int fd, const void *buf, size_t n);
ssize_t __wrap_write(int fd, const void *buf, size_t n);
int __real_fsync(int fd);
int __wrap_fsync(int fd);
int __real_rename(const char *from, const char *to);
int __wrap_rename(const char *from, const char *to);
int __real_fchown(int fd, uid_t uid, gid_t gid);
int __wrap_fchown(int fd, uid_t uid, gid_t gid);

ssize_t __wrap_write(int fd, const void *buf, size_t n)
{
	fault.writes++;
	if (fault.write_eintr) {
		fault.write_eintr--;
		errno = EINTR;
		return -1;
	}
	if (fault.write_zero)
		return 0;
	if (fault.write_errno && fault.writes > fault.write_after) {
		errno = fault.write_errno;
		return -1;
	}
	if (fault.write_max && n > fault.write_max)
		n = fault.write_max;
	return __real_write(fd, buf, n);
}

int __wrap_fsync(int fd)
{
	fault.fsyncs++;
	if (fault.fsync_errno && fault.fsyncs == fault.fsync_at) {
		errno = fault.fsync_errno;
		return -1;
	}
	return __real_fsync(fd);
}

int __wrap_rename(const char *from, const char *to)
{
	fault.renames++;
	if (fault.rename_errno) {
		errno = fault.rename_errno;
		return -1;
	}
	return __real_rename(from, to);
}

int __wrap_fchown(int fd, uid_t uid, gid_t gid)
{
	if (fault.fchown_errno) {
		errno = fault.fchown_errno;
		return -1;
	}
	return __real_fchown(fd, uid, gid);
}

/* A private folder under /tmp and the target path in it. */
struct fixture {
	char dir[64];
	char path[128];
	unsigned fills; /* calls of the fill callbacks */
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	memset(&fault, 0, sizeof(fault));
	strcpy(fx->dir, "/tmp/pw-atomicfile-XXXXXX");
	if (!mkdtemp(fx->dir)) {
		free(fx);
		return -1;
	}
	snprintf(fx->path, sizeof(fx->path), "%s/out.txt", fx->dir);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	struct dirent *de;
	DIR *d = opendir(fx->dir);

	if (d) {
		while ((de = readdir(d))) {
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
				unlinkat(dirfd(d), de->d_name, 0);
		}
		closedir(d);
	}
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static void put_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

/* The whole file as a heap string (the tests write no NUL bytes). */
static char *get_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, got;
	char chunk[4096];

	assert_non_null(f);
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		buf = realloc(buf, len + got + 1);
		assert_non_null(buf);
		memcpy(buf + len, chunk, got);
		len += got;
	}
	assert_int_equal(ferror(f), 0);
	fclose(f);
	if (!buf)
		buf = calloc(1, 1);
	else
		buf[len] = '\0';
	assert_non_null(buf);
	return buf;
}

static void assert_file_is(const char *path, const char *want)
{
	char *got = get_file(path);

	assert_string_equal(got, want);
	free(got);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folder must hold exactly the names in want ("a,b", sorted; "" for none). */
static void assert_folder_holds(const char *dir, const char *want)
{
	char *names[16], list[512] = "";
	struct dirent *de;
	size_t n = 0;
	DIR *d = opendir(dir);

	assert_non_null(d);
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		assert_true(n < 16);
		names[n] = strdup(de->d_name);
		assert_non_null(names[n]);
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), name_cmp);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(list, ",");
		strncat(list, names[i], sizeof(list) - strlen(list) - 1);
		free(names[i]);
	}
	assert_string_equal(list, want);
}

static mode_t mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(lstat(path, &st), 0);
	return st.st_mode & 07777;
}

/* --- fill callbacks ------------------------------------------------------------- */

struct text_fill {
	struct fixture *fx;
	const char *text;
	int rc; /* what the callback returns */
};

static int fill_text(FILE *f, void *data)
{
	struct text_fill *t = data;

	t->fx->fills++;
	fputs(t->text, f);
	return t->rc;
}

/* A document of 1 MiB + 7 bytes, well past any stdio buffer. */
#define BIG_SIZE ((1u << 20) + 7)

static char *big_text(void)
{
	char *s = malloc(BIG_SIZE + 1);

	assert_non_null(s);
	for (size_t i = 0; i < BIG_SIZE; i++)
		s[i] = (char)('a' + (i * 7 + i / 4096) % 26);
	s[BIG_SIZE] = '\0';
	return s;
}

static int write_text(struct fixture *fx, const char *path, mode_t mode, const char *text,
		      int fill_rc, struct pw_error *err)
{
	struct text_fill t = { .fx = fx, .text = text, .rc = fill_rc };

	if (err)
		memset(err, 0, sizeof(*err));
	return pw_atomicfile_write(path, mode, fill_text, &t, err);
}

/* A failure: rc, err naming the path and the step, the old file untouched, no temporary. */
static void assert_failed_cleanly(struct fixture *fx, int rc, int want_rc,
				  const struct pw_error *err, const char *step)
{
	assert_int_equal(rc, want_rc);
	assert_non_null(err->file);
	assert_string_equal(err->file, fx->path);
	if (!strstr(err->msg, step))
		fail_msg("message \"%s\" lacks \"%s\"", err->msg, step);
	assert_non_null(strstr(err->msg, strerror(-want_rc)));
	assert_int_equal(err->line, 0);
	assert_file_is(fx->path, "old content\n");
	assert_int_equal(mode_of(fx->path), 0640);
	assert_folder_holds(fx->dir, "out.txt");
}

/* --- success ------------------------------------------------------------------- */

static void new_file_gets_its_content_and_exactly_its_mode(void **state)
{
	static const struct {
		mode_t umask, mode;
	} cases[] = {
		{ 077, 0644 },	{ 0, 0600 },   { 022, 0666 },
		{ 0777, 0640 }, { 027, 0755 }, { 0, 0400 },
	};
	struct fixture *fx = *state;
	struct pw_error err;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		mode_t old = umask(cases[i].umask);
		int rc = write_text(fx, fx->path, cases[i].mode, "hello\n", 0, &err);

		umask(old);
		assert_int_equal(rc, 0);
		assert_int_equal(mode_of(fx->path), cases[i].mode);
		assert_file_is(fx->path, "hello\n");
		assert_folder_holds(fx->dir, "out.txt");
	}
}

static void a_write_syncs_the_file_renames_it_and_syncs_the_folder(void **state)
{
	struct fixture *fx = *state;
	struct pw_error err;

	assert_int_equal(write_text(fx, fx->path, 0644, "x", 0, &err), 0);
	assert_int_equal(fx->fills, 1);
	assert_int_equal(fault.fsyncs, 2);
	assert_int_equal(fault.renames, 1);
	assert_true(fault.writes >= 1);
}

static void an_existing_file_is_replaced_not_rewritten(void **state)
{
	struct fixture *fx = *state;
	struct pw_error err;
	struct stat before, after;

	put_file(fx->path, "old content that is longer than the new one\n", 0600);
	assert_int_equal(stat(fx->path, &before), 0);
	assert_int_equal(write_text(fx, fx->path, 0644, "new\n", 0, &err), 0);
	assert_int_equal(stat(fx->path, &after), 0);
	assert_file_is(fx->path, "new\n");
	assert_int_equal(mode_of(fx->path), 0644);
	/* A new inode: a reader holding the old file sees it whole. */
	assert_true(before.st_ino != after.st_ino);
	assert_folder_holds(fx->dir, "out.txt");
}

static int write_text_keep(struct fixture *fx, mode_t mode, const char *text)
{
	struct text_fill t = { .fx = fx, .text = text };
	struct pw_error err = { 0 };
	int rc = pw_atomicfile_write_keep_mode(fx->path, mode, fill_text, &t, &err);

	if (rc)
		fail_msg("%s: %s", err.file, err.msg);
	return rc;
}

static void keep_mode_keeps_an_existing_files_mode(void **state)
{
	static const mode_t modes[] = { 0600, 0640, 0444, 0664 };
	struct fixture *fx = *state;
	mode_t old = umask(022);

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		put_file(fx->path, "old\n", modes[i]);
		assert_int_equal(write_text_keep(fx, 0644, "new\n"), 0);
		assert_int_equal(mode_of(fx->path), modes[i]);
		assert_file_is(fx->path, "new\n");
		assert_folder_holds(fx->dir, "out.txt");
	}
	umask(old);
}

/* As root the owner and group stay too: a baseline root gave to a monitoring group. */
static void keep_mode_as_root_keeps_the_owner_and_group(void **state)
{
	struct fixture *fx = *state;
	struct stat st;

	if (geteuid() != 0)
		skip();
	put_file(fx->path, "old\n", 0640);
	/* Under unshare -r, 65534 may not be mapped: nothing to give away there. */
	if (chown(fx->path, 65534, 65534) < 0)
		skip();
	assert_int_equal(write_text_keep(fx, 0644, "new\n"), 0);
	assert_int_equal(lstat(fx->path, &st), 0);
	assert_int_equal(st.st_uid, 65534);
	assert_int_equal(st.st_gid, 65534);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_file_is(fx->path, "new\n");
}

/*
 * An owner that cannot be given (an id a user namespace does not map, root
 * squashed on NFS, a group the writer is not in) fails nothing: the file
 * is written, and the group's bits go with the group.
 */
static void keep_mode_without_the_group_drops_the_groups_bits(void **state)
{
	struct fixture *fx = *state;
	struct stat st;

	put_file(fx->path, "old\n", 0664);
	/* Another group than the writer's, which only root may give any file. */
	if (chown(fx->path, (uid_t)-1, getegid() == 65534 ? 0 : 65534) < 0)
		skip();
	fault.fchown_errno = EINVAL;
	assert_int_equal(write_text_keep(fx, 0644, "new\n"), 0);
	assert_int_equal(lstat(fx->path, &st), 0);
	assert_int_equal(st.st_gid, getegid());
	assert_int_equal(st.st_mode & 07777, 0604);
	assert_file_is(fx->path, "new\n");
	assert_folder_holds(fx->dir, "out.txt");
	/* Its own group: nothing to give, every bit stays. */
	assert_int_equal(chmod(fx->path, 0664), 0);
	assert_int_equal(write_text_keep(fx, 0644, "newer\n"), 0);
	assert_int_equal(mode_of(fx->path), 0664);
}

static void keep_mode_gives_a_new_file_or_a_replaced_symlink_the_mode_asked(void **state)
{
	struct fixture *fx = *state;
	char victim[160];
	mode_t old = umask(077);

	assert_int_equal(write_text_keep(fx, 0644, "new\n"), 0);
	assert_int_equal(mode_of(fx->path), 0644);
	assert_int_equal(unlink(fx->path), 0);
	snprintf(victim, sizeof(victim), "%s/victim", fx->dir);
	put_file(victim, "keep\n", 0600);
	assert_int_equal(symlink(victim, fx->path), 0);
	assert_int_equal(write_text_keep(fx, 0644, "new\n"), 0);
	assert_int_equal(mode_of(fx->path), 0644);
	assert_int_equal(mode_of(victim), 0600);
	assert_file_is(victim, "keep\n");
	umask(old);
}

static void a_symlink_is_replaced_not_followed(void **state)
{
	struct fixture *fx = *state;
	char victim[160];
	struct pw_error err;
	struct stat st;

	snprintf(victim, sizeof(victim), "%s/victim", fx->dir);
	put_file(victim, "keep\n", 0600);
	assert_int_equal(symlink(victim, fx->path), 0);
	assert_int_equal(write_text(fx, fx->path, 0644, "new\n", 0, &err), 0);
	assert_int_equal(lstat(fx->path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_file_is(fx->path, "new\n");
	assert_file_is(victim, "keep\n");
	assert_int_equal(mode_of(victim), 0600);
	assert_folder_holds(fx->dir, "out.txt,victim");
}

static void a_dangling_symlink_is_replaced_and_its_target_not_created(void **state)
{
	struct fixture *fx = *state;
	struct pw_error err;
	struct stat st;

	assert_int_equal(symlink("nowhere", fx->path), 0);
	assert_int_equal(write_text(fx, fx->path, 0600, "new\n", 0, &err), 0);
	assert_int_equal(lstat(fx->path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_folder_holds(fx->dir, "out.txt");
}

/* Checks, from inside the fill, what the temporary file looks like. */
static int fill_inspect(FILE *f, void *data)
{
	struct fixture *fx = data;
	struct dirent *de;
	unsigned found = 0;
	DIR *d = opendir(fx->dir);

	fx->fills++;
	assert_non_null(d);
	while ((de = readdir(d))) {
		char path[200];

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		/* Hidden, named after the target, with mkostemp's six characters. */
		assert_int_equal(strncmp(de->d_name, ".out.txt.", 9), 0);
		assert_int_equal(strlen(de->d_name), strlen(".out.txt.") + 6);
		snprintf(path, sizeof(path), "%s/%s", fx->dir, de->d_name);
		/* Its mode is set before any content is in it. */
		assert_int_equal(mode_of(path), 0604);
		found++;
	}
	closedir(d);
	assert_int_equal(found, 1);
	fputs("inspected\n", f);
	return 0;
}

static void the_temporary_file_is_hidden_in_the_same_folder_with_its_mode(void **state)
{
	struct fixture *fx = *state;
	mode_t old = umask(077);
	int rc = pw_atomicfile_write(fx->path, 0604, fill_inspect, fx, NULL);

	umask(old);
	assert_int_equal(rc, 0);
	assert_int_equal(fx->fills, 1);
	assert_file_is(fx->path, "inspected\n");
	assert_folder_holds(fx->dir, "out.txt");
}

static void short_and_interrupted_writes_are_resumed(void **state)
{
	struct fixture *fx = *state;
	char *big = big_text();
	struct pw_error err;
	char *got;

	fault.write_max = 1000;
	fault.write_eintr = 3;
	assert_int_equal(write_text(fx, fx->path, 0644, big, 0, &err), 0);
	assert_true(fault.writes > BIG_SIZE / 1000);
	got = get_file(fx->path);
	assert_int_equal(strlen(got), BIG_SIZE);
	assert_memory_equal(got, big, BIG_SIZE);
	free(got);
	free(big);
}

static void an_empty_fill_makes_an_empty_file(void **state)
{
	struct fixture *fx = *state;
	struct pw_error err;

	put_file(fx->path, "old content\n", 0640);
	assert_int_equal(write_text(fx, fx->path, 0644, "", 0, &err), 0);
	assert_file_is(fx->path, "");
}

static void a_relative_name_is_written_in_the_current_folder(void **state)
{
	struct fixture *fx = *state;
	char cwd[4096], path[160];
	struct pw_error err;
	int rc;

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(fx->dir), 0);
	rc = write_text(fx, "rel.txt", 0644, "here\n", 0, &err);
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(rc, 0);
	snprintf(path, sizeof(path), "%s/rel.txt", fx->dir);
	assert_file_is(path, "here\n");
	assert_folder_holds(fx->dir, "rel.txt");
}

/* --- failures keep the old file --------------------------------------------------- */

static void a_failing_fill_keeps_the_old_file(void **state)
{
	struct fixture *fx = *state;
	struct pw_error err;
	int rc;

	put_file(fx->path, "old content\n", 0640);
	rc = write_text(fx, fx->path, 0644, "partial", -ECANCELED, &err);
	assert_failed_cleanly(fx, rc, -ECANCELED, &err, "cannot write the temporary file");
	assert_int_equal(fault.renames, 0);
}

static void a_fill_returning_a_positive_value_is_an_io_error(void **state)
{
	struct fixture *fx = *state;
	struct pw_error err;
	int rc;

	put_file(fx->path, "old content\n", 0640);
	rc = write_text(fx, fx->path, 0644, "partial", 1, &err);
	assert_failed_cleanly(fx, rc, -EIO, &err, "cannot write the temporary file");
}

static void a_failing_write_keeps_the_old_file(void **state)
{
	struct fixture *fx = *state;
	struct pw_error err;
	int rc;

	put_file(fx->path, "old content\n", 0640);
	/* Small: the failure shows when the stream is flushed at its close. */
	fault.write_errno = ENOSPC;
	rc = write_text(fx, fx->path, 0644, "new\n", 0, &err);
	assert_failed_cleanly(fx, rc, -ENOSPC, &err, "cannot write the temporary file");
	assert_int_equal(fault.fsyncs, 0);
	assert_int_equal(fault.renames, 0);
}

static void a_write_failing_midway_keeps_the_old_file(void **state)
{
	struct fixture *fx = *state;
	char *big = big_text();
	struct pw_error err;
	int rc;

	put_file(fx->path, "old content\n", 0640);
	/* Large: the fill goes on writing after the failure and ignores it. */
	fault.write_errno = EIO;
	fault.write_after = 3;
	fault.write_max = 4096;
	rc = write_text(fx, fx->path, 0644, big, 0, &err);
	assert_failed_cleanly(fx, rc, -EIO, &err, "cannot write the temporary file");
	assert_true(fault.writes > 3);
	assert_int_equal(fault.renames, 0);
	free(big);
}

static void a_fill_that_sees_the_write_fail_reports_the_writes_errno(void **state)
{
	struct fixture *fx = *state;
	char *big = big_text();
	struct pw_error err;
	int rc;

	put_file(fx->path, "old content\n", 0640);
	/* A full disk under a writer that checks its stream and gives -EIO, as baselines do. */
	fault.write_errno = ENOSPC;
	fault.write_after = 1;
	fault.write_max = 4096;
	rc = write_text(fx, fx->path, 0644, big, -EIO, &err);
	assert_failed_cleanly(fx, rc, -ENOSPC, &err, "cannot write the temporary file");
	assert_non_null(strstr(err.msg, strerror(ENOSPC)));
	free(big);
}

static void a_write_of_nothing_is_an_io_error(void **state)
{
	struct fixture *fx = *state;
	struct pw_error err;
	int rc;

	put_file(fx->path, "old content\n", 0640);
	fault.write_zero = true;
	rc = write_text(fx, fx->path, 0644, "new\n", 0, &err);
	assert_failed_cleanly(fx, rc, -EIO, &err, "cannot write the temporary file");
}

static void a_failing_file_sync_keeps_the_old_file(void **state)
{
	struct fixture *fx = *state;
	struct pw_error err;
	int rc;

	put_file(fx->path, "old content\n", 0640);
	fault.fsync_errno = EIO;
	fault.fsync_at = 1;
	rc = write_text(fx, fx->path, 0644, "new\n", 0, &err);
	assert_failed_cleanly(fx, rc, -EIO, &err, "cannot sync the temporary file");
	assert_int_equal(fault.renames, 0);
}

static void a_failing_rename_keeps_the_old_file(void **state)
{
	struct fixture *fx = *state;
	struct pw_error err;
	int rc;

	put_file(fx->path, "old content\n", 0640);
	fault.rename_errno = EXDEV;
	rc = write_text(fx, fx->path, 0644, "new\n", 0, &err);
	assert_failed_cleanly(fx, rc, -EXDEV, &err, "cannot rename the temporary file");
	assert_int_equal(fault.renames, 1);
	/* The folder is not synced for a rename that did not happen. */
	assert_int_equal(fault.fsyncs, 1);
}

static void a_failing_folder_sync_is_reported_with_the_new_file_in_place(void **state)
{
	struct fixture *fx = *state;
	struct pw_error err;
	int rc;

	put_file(fx->path, "old content\n", 0640);
	fault.fsync_errno = EIO;
	fault.fsync_at = 2;
	rc = write_text(fx, fx->path, 0644, "new\n", 0, &err);
	assert_int_equal(rc, -EIO);
	assert_string_equal(err.file, fx->path);
	assert_non_null(strstr(err.msg, "written, but syncing its folder failed"));
	assert_file_is(fx->path, "new\n");
	assert_folder_holds(fx->dir, "out.txt");
}

static void a_folder_that_cannot_be_synced_is_no_error(void **state)
{
	struct fixture *fx = *state;
	struct pw_error err;

	/* EINVAL: the file system has no fsync for folders. */
	fault.fsync_errno = EINVAL;
	fault.fsync_at = 2;
	assert_int_equal(write_text(fx, fx->path, 0644, "new\n", 0, &err), 0);
	assert_file_is(fx->path, "new\n");
}

static void a_missing_folder_is_enoent_naming_the_path(void **state)
{
	struct fixture *fx = *state;
	char path[160];
	struct pw_error err;
	int rc;

	snprintf(path, sizeof(path), "%s/no/such/out.txt", fx->dir);
	rc = write_text(fx, path, 0644, "new\n", 0, &err);
	assert_int_equal(rc, -ENOENT);
	assert_non_null(err.file);
	assert_string_equal(err.file, path);
	assert_non_null(strstr(err.msg, "folder"));
	assert_non_null(strstr(err.msg, strerror(ENOENT)));
	assert_int_equal(fx->fills, 0);
	assert_folder_holds(fx->dir, "");
}

static void a_path_without_a_file_name_is_refused(void **state)
{
	struct fixture *fx = *state;
	char path[160];
	struct pw_error err;

	snprintf(path, sizeof(path), "%s/", fx->dir);
	assert_int_equal(write_text(fx, path, 0644, "new\n", 0, &err), -EISDIR);
	assert_string_equal(err.file, path);
	assert_int_equal(fx->fills, 0);
	assert_folder_holds(fx->dir, "");
}

/* A FIFO, a folder: refused before any fill or temporary file, and left as they were. */
static void a_target_that_is_not_a_regular_file_is_refused_and_kept(void **state)
{
	static const struct {
		mode_t type;
		int rc;
		const char *kind;
	} cases[] = {
		{ S_IFIFO, -EINVAL, "a FIFO" },
		{ S_IFDIR, -EISDIR, "a folder" },
	};
	struct fixture *fx = *state;
	struct pw_error err;
	struct stat st;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cases[i].type == S_IFDIR)
			assert_int_equal(mkdir(fx->path, 0700), 0);
		else
			assert_int_equal(mkfifo(fx->path, 0600), 0);
		assert_int_equal(write_text(fx, fx->path, 0644, "new\n", 0, &err), cases[i].rc);
		assert_string_equal(err.file, fx->path);
		if (!strstr(err.msg, "not a regular file") || !strstr(err.msg, cases[i].kind))
			fail_msg("message \"%s\" lacks \"not a regular file\" or \"%s\"", err.msg,
				 cases[i].kind);
		assert_int_equal(fx->fills, 0);
		assert_int_equal(fault.renames, 0);
		assert_int_equal(lstat(fx->path, &st), 0);
		assert_int_equal(st.st_mode & S_IFMT, cases[i].type);
		assert_folder_holds(fx->dir, "out.txt");
		assert_int_equal(cases[i].type == S_IFDIR ? rmdir(fx->path) : unlink(fx->path), 0);
	}
}

static void failures_without_an_error_record_still_clean_up(void **state)
{
	struct fixture *fx = *state;
	int rc;

	put_file(fx->path, "old content\n", 0640);
	fault.rename_errno = EACCES;
	rc = write_text(fx, fx->path, 0644, "new\n", 0, NULL);
	assert_int_equal(rc, -EACCES);
	assert_file_is(fx->path, "old content\n");
	assert_folder_holds(fx->dir, "out.txt");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(new_file_gets_its_content_and_exactly_its_mode),
		T(a_write_syncs_the_file_renames_it_and_syncs_the_folder),
		T(an_existing_file_is_replaced_not_rewritten),
		T(keep_mode_keeps_an_existing_files_mode),
		T(keep_mode_as_root_keeps_the_owner_and_group),
		T(keep_mode_without_the_group_drops_the_groups_bits),
		T(keep_mode_gives_a_new_file_or_a_replaced_symlink_the_mode_asked),
		T(a_symlink_is_replaced_not_followed),
		T(a_dangling_symlink_is_replaced_and_its_target_not_created),
		T(the_temporary_file_is_hidden_in_the_same_folder_with_its_mode),
		T(short_and_interrupted_writes_are_resumed),
		T(an_empty_fill_makes_an_empty_file),
		T(a_relative_name_is_written_in_the_current_folder),
		T(a_failing_fill_keeps_the_old_file),
		T(a_fill_returning_a_positive_value_is_an_io_error),
		T(a_fill_that_sees_the_write_fail_reports_the_writes_errno),
		T(a_failing_write_keeps_the_old_file),
		T(a_write_failing_midway_keeps_the_old_file),
		T(a_write_of_nothing_is_an_io_error),
		T(a_failing_file_sync_keeps_the_old_file),
		T(a_failing_rename_keeps_the_old_file),
		T(a_failing_folder_sync_is_reported_with_the_new_file_in_place),
		T(a_folder_that_cannot_be_synced_is_no_error),
		T(a_missing_folder_is_enoent_naming_the_path),
		T(a_path_without_a_file_name_is_refused),
		T(a_target_that_is_not_a_regular_file_is_refused_and_kept),
		T(failures_without_an_error_record_still_clean_up),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
