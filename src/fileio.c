/* SPDX-License-Identifier: MIT */
/* Boundary file: reads whole input files (services, sysctls, policies) into memory. */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* As the kernel's MAXSYMLINKS: more links than this on one path is a loop. */
#define FILE_MAX_LINKS 40

int pw_file_open(const char *path)
{
	struct stat st;
	int fd, flags, rc;

	/* O_NONBLOCK: opening a FIFO with no writer would otherwise wait for ever. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	/* A FIFO or a device could block or never end: only regular files and /proc's. */
	if (fstat(fd, &st) < 0) {
		rc = -errno;
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
		goto fail;
	}
	/* Reads of a regular file never block; the flag is cleared so that none is surprised. */
	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0) {
		rc = -errno;
		goto fail;
	}
	return fd;
fail:
	close(fd);
	return rc;
}

int pw_file_read_fd(int fd, size_t max, char **buf, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *p = malloc(cap);
	int rc = 0;

	if (!p)
		return -ENOMEM;
	for (;;) {
		ssize_t got;

		if (n + 1 >= cap) {
			char *grown;

			cap *= 2;
			grown = realloc(p, cap);
			if (!grown) {
				rc = -ENOMEM;
				goto out;
			}
			p = grown;
		}
		got = read(fd, p + n, cap - n - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = -errno;
			goto out;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > max) {
			rc = -EFBIG;
			goto out;
		}
	}
	p[n] = '\0';
	*buf = p;
	*len = n;
	p = NULL;
out:
	free(p);
	return rc;
}

int pw_file_read(const char *path, size_t max, char **buf, size_t *len)
{
	int fd = pw_file_open(path), rc;

	if (fd < 0)
		return fd;
	rc = pw_file_read_fd(fd, max, buf, len);
	close(fd);
	return rc;
}

/* Who may own what a trusted open passes through, and where to say why not. */
struct file_trust {
	uid_t owner;
	uid_t folder_uid;
	char *why;
	size_t size;
};

__attribute__((format(printf, 2, 3))) static int file_refuse(const struct file_trust *t,
							     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->why, t->size, fmt, ap);
	va_end(ap);
	return -EPERM;
}

/* Whether uid may own a file or a link (folder false), or a folder (true). */
static bool file_owner_ok(const struct file_trust *t, uid_t uid, bool folder)
{
	if (uid == 0 || uid == t->owner)
		return true;
	return folder && t->folder_uid != PW_FILE_NO_UID && uid == t->folder_uid;
}

static int file_refuse_owner(const struct file_trust *t, const char *what, const char *path,
			     uid_t uid)
{
	if (t->owner == 0)
		return file_refuse(t, "%s %s is owned by uid %u, not root", what, path,
				   (unsigned)uid);
	return file_refuse(t, "%s %s is owned by uid %u, not root or uid %u", what, path,
			   (unsigned)uid, (unsigned)t->owner);
}

/*
 * The folder dir, in which the name of an entry is looked up. own: the
 * entry is the file itself, whose name a sticky folder does not protect.
 */
static int file_judge_folder(const struct file_trust *t, const char *dir, bool own)
{
	struct stat st;

	if (lstat(dir, &st) < 0)
		return -errno;
	if (!file_owner_ok(t, st.st_uid, true))
		return file_refuse_owner(t, "folder", dir, st.st_uid);
	if (!(st.st_mode & (S_IWGRP | S_IWOTH)))
		return 0;
	/*
	 * Sticky (/tmp): only an entry's owner, the folder's and root may
	 * rename or remove it, and the entry is judged next.
	 */
	if ((st.st_mode & S_ISVTX) && !own)
		return 0;
	return file_refuse(t, "folder %s is writable by %s%s", dir,
			   st.st_mode & S_IWOTH ? "others" : "its group",
			   st.st_mode & S_ISVTX ? " (sticky, but it holds the file itself)" : "");
}

/* One path resolved name by name: dir is the real path of the folder reached. */
struct file_walk {
	char dir[PATH_MAX];
	char *todo; /* what is left to resolve (owned) */
	int links;
};

/* Take the next name at *at into name; false when none is left (or *err is set). */
static bool file_next_name(char **at, char *name, size_t size, int *err)
{
	char *p = *at;
	size_t n;

	while (*p == '/')
		p++;
	if (!*p)
		return false;
	n = strcspn(p, "/");
	if (n >= size) {
		*err = -ENAMETOOLONG;
		return false;
	}
	memcpy(name, p, n);
	name[n] = '\0';
	*at = p + n;
	return true;
}

/* Whether anything but slashes is left after at. */
static bool file_more(const char *at)
{
	return at[strspn(at, "/")] != '\0';
}

/* dir/name into out (PATH_MAX bytes). Returns 0 or -ENAMETOOLONG. */
static int file_join(char *out, const char *dir, const char *name)
{
	int n = snprintf(out, PATH_MAX, "%s%s%s", dir, strcmp(dir, "/") ? "/" : "", name);

	return n < 0 || n >= PATH_MAX ? -ENAMETOOLONG : 0;
}

/* Follow the link at entry: its target takes its place in what is left (rest). */
static int file_follow(const struct file_trust *t, struct file_walk *w, const char *entry,
		       const struct stat *st, const char *rest)
{
	char target[PATH_MAX];
	ssize_t n;
	char *todo;

	if (!file_owner_ok(t, st->st_uid, false))
		return file_refuse_owner(t, "symbolic link", entry, st->st_uid);
	if (++w->links > FILE_MAX_LINKS)
		return -ELOOP;
	n = readlink(entry, target, sizeof(target) - 1);
	if (n < 0)
		return -errno;
	target[n] = '\0';
	if (target[0] == '/')
		strcpy(w->dir, "/");
	todo = pw_xmalloc((size_t)n + strlen(rest) + 2);
	sprintf(todo, "%s/%s", target, rest);
	free(w->todo);
	w->todo = todo;
	return 0;
}

/*
 * Resolve path as the kernel would, judging each folder a name is looked
 * up in and each link followed; *end is the entry it leads to.
 */
static int file_walk_path(const struct file_trust *t, const char *path, struct stat *end)
{
	struct file_walk w = { .dir = "/" };
	char name[NAME_MAX + 1], entry[PATH_MAX], *at;
	int rc = 0;

	if (path[0] == '/') {
		w.todo = pw_xstrdup(path);
	} else {
		char cwd[PATH_MAX];

		/* getcwd gives the real path: the walk judges the folders above it too. */
		if (!getcwd(cwd, sizeof(cwd)))
			return -errno;
		w.todo = pw_xmalloc(strlen(cwd) + strlen(path) + 2);
		sprintf(w.todo, "%s/%s", cwd, path);
	}
	for (at = w.todo; file_next_name(&at, name, sizeof(name), &rc);) {
		struct stat st;
		bool last = !file_more(at);
		char *slash;

		if (!strcmp(name, "."))
			continue;
		/* dir holds no link: its parent is what its text says. */
		if (!strcmp(name, "..")) {
			slash = strrchr(w.dir, '/');
			slash[slash == w.dir ? 1 : 0] = '\0';
			continue;
		}
		if ((rc = file_join(entry, w.dir, name)) < 0)
			break;
		if (lstat(entry, &st) < 0) {
			rc = -errno;
			break;
		}
		if ((rc = file_judge_folder(t, w.dir, S_ISREG(st.st_mode) && last)) < 0)
			break;
		if (S_ISLNK(st.st_mode)) {
			if ((rc = file_follow(t, &w, entry, &st, at)) < 0)
				break;
			at = w.todo;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			strcpy(w.dir, entry);
			continue;
		}
		if (!last) {
			rc = -ENOTDIR;
			break;
		}
		*end = st;
		free(w.todo);
		return 0;
	}
	free(w.todo);
	/* The walk ended on a folder: the open file cannot be what it leads to. */
	return rc < 0 ? rc : -EISDIR;
}

int pw_file_open_trusted(const char *path, uid_t owner, uid_t folder_uid, char *why, size_t size)
{
	const struct file_trust t = { owner, folder_uid, why, size };
	/* Set by the walk when it succeeds; zeroed for the analyzer, which cannot tell. */
	struct stat st, end = { 0 };
	int fd = pw_file_open(path), rc;

	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0) {
		rc = -errno;
		goto fail;
	}
	if (!file_owner_ok(&t, st.st_uid, false)) {
		rc = file_refuse_owner(&t, "file", path, st.st_uid);
		goto fail;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		rc = file_refuse(&t, "file %s is writable by %s", path,
				 st.st_mode & S_IWOTH ? "others" : "its group");
		goto fail;
	}
	if ((rc = file_walk_path(&t, path, &end)) < 0)
		goto fail;
	if (end.st_dev != st.st_dev || end.st_ino != st.st_ino) {
		rc = file_refuse(&t, "file %s was replaced while it was being checked", path);
		goto fail;
	}
	return fd;
fail:
	close(fd);
	return rc;
}

int pw_file_unmapped_uid(uid_t *uid)
{
	unsigned long inside = 1, outside = 1, count = 0, overflow = 65534;
	char *text = NULL, *nl;
	size_t len = 0;
	bool initial;

	if (pw_file_read("/proc/self/uid_map", 4096, &text, &len) < 0)
		return -ENOENT;
	/* The initial namespace maps every uid to itself: the one line "0 0 4294967295". */
	nl = strchr(text, '\n');
	initial = sscanf(text, "%lu %lu %lu", &inside, &outside, &count) == 3 && inside == 0 &&
		  outside == 0 && count == UINT32_MAX && (!nl || !nl[1]);
	free(text);
	if (initial)
		return -ENOENT;
	text = NULL;
	if (pw_file_read("/proc/sys/kernel/overflowuid", 64, &text, &len) == 0) {
		if (sscanf(text, "%lu", &overflow) != 1 || overflow > UINT32_MAX)
			overflow = 65534;
		free(text);
	}
	*uid = (uid_t)overflow;
	return 0;
}

int pw_file_open_strict(const char *path, char *why, size_t size)
{
	uid_t unmapped = PW_FILE_NO_UID;

	if (geteuid() != 0)
		return pw_file_open(path);
	/* In a user namespace the host's "/" and /tmp show as the overflow uid. */
	if (pw_file_unmapped_uid(&unmapped) < 0)
		unmapped = PW_FILE_NO_UID;
	return pw_file_open_trusted(path, 0, unmapped, why, size);
}
