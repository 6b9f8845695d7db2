/* SPDX-License-Identifier: MIT */
/* Boundary file: writes a temporary file, syncs it and renames it over the target. */
/* fopencookie and mkostemp are GNU extensions. */
#define _GNU_SOURCE
#include "atomicfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The random part of a temporary file's name, as mkostemp(3) wants it. */
#define ATOMICFILE_RANDOM 6

/* The temporary file behind the stream the fill callback writes to. */
struct atomicfile_out {
	int fd;
	int error; /* errno of the first failed write, 0 if none */
};

/*
 * The stream writes with write(2) itself, not through a FILE's hidden
 * descriptor, so that every byte goes through one loop that resumes short
 * writes and keeps the exact errno (ENOSPC, EIO) for the message.
 * A failure returns 0, never -1: fopencookie(3) forbids a negative return,
 * which glibc's stdio would take as a huge byte count.
 */
static ssize_t atomicfile_cookie_write(void *cookie, const char *buf, size_t size)
{
	struct atomicfile_out *o = cookie;
	size_t done = 0;

	while (done < size) {
		ssize_t n = write(o->fd, buf + done, size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			o->error = n < 0 ? errno : EIO;
			return 0;
		}
		done += (size_t)n;
	}
	return (ssize_t)size;
}

static int atomicfile_fail(struct pw_error *err, const char *path, int rc, const char *step)
{
	pw_error_set(err, path, 0, "%s: %s", step, strerror(-rc));
	if (err)
		err->col = 0;
	return rc;
}

/*
 * Only a regular file (or a symlink, which is replaced) may be replaced: a
 * rename over a device node, FIFO or socket would silently destroy it, and
 * root running "snapshot -o /dev/full" must not turn the system's /dev/full
 * into a file. Checked before anything is written, so nothing is left behind.
 */
static int atomicfile_check_target(const char *path, struct stat *st, struct pw_error *err)
{
	if (lstat(path, st) < 0) {
		st->st_mode = 0;
		return errno == ENOENT ? 0
				       : atomicfile_fail(err, path, -errno, "cannot look at it");
	}
	if (S_ISREG(st->st_mode) || S_ISLNK(st->st_mode))
		return 0;
	pw_error_set(err, path, 0, "not a regular file (%s): only a regular file is replaced",
		     S_ISDIR(st->st_mode)    ? "a folder"
		     : S_ISFIFO(st->st_mode) ? "a FIFO"
		     : S_ISSOCK(st->st_mode) ? "a socket"
					     : "a device");
	if (err)
		err->col = 0;
	return S_ISDIR(st->st_mode) ? -EISDIR : -EINVAL;
}

/* Run fill over a stream on o->fd, then flush it. Returns 0, fill's error or -errno. */
static int atomicfile_stream(struct atomicfile_out *o, pw_atomicfile_fill fill, void *data)
{
	cookie_io_functions_t io = { .write = atomicfile_cookie_write };
	bool failed;
	FILE *f;
	int rc;

	f = fopencookie(o, "w", io);
	if (!f)
		return -ENOMEM;
	rc = fill(f, data);
	if (rc > 0)
		rc = -EIO;
	/* A write that failed mid-fill sets the error flag; fclose flushes the rest. */
	failed = ferror(f) != 0;
	failed |= fclose(f) != 0;
	/* The write's own errno (ENOSPC...) says more than a fill's -EIO for a stream error. */
	if (o->error && (!rc || rc == -EIO))
		rc = -o->error;
	else if (!rc && failed)
		rc = -EIO;
	return rc;
}

/*
 * Give the temporary file fd old's owner and group where the writer may:
 * root both, anyone else the group when a member of it. Where that fails
 * (an id the user namespace does not map, root squashed on NFS, a group
 * the writer is not in) the file is written all the same, without the
 * group's bits, which would open it to another group; owned by the writer
 * instead, it opens to nobody new. Returns the mode to give it, or -errno.
 */
static int atomicfile_keep_owner(int fd, const struct stat *old, mode_t *mode)
{
	uid_t uid = geteuid() == 0 ? old->st_uid : (uid_t)-1;
	struct stat now;

	*mode = old->st_mode & 0777;
	if (fstat(fd, &now) < 0)
		return -errno;
	if ((uid == (uid_t)-1 || now.st_uid == uid) && now.st_gid == old->st_gid)
		return 0;
	if (fchown(fd, uid, old->st_gid) < 0)
		*mode &= ~(mode_t)070;
	return 0;
}

/*
 * Write, sync and close the temporary file, of mode, or of old's
 * permission bits (and owner, as atomicfile_keep_owner can) when old is
 * not NULL. On failure says which step in *step.
 */
static int atomicfile_fill_temp(struct atomicfile_out *o, mode_t mode, const struct stat *old,
				pw_atomicfile_fill fill, void *data, const char **step)
{
	int rc;

	/* The owner first: the mode must be the last word, and a chown may clear bits. */
	*step = "cannot read the temporary file's owner";
	if (old && (rc = atomicfile_keep_owner(o->fd, old, &mode)))
		return rc;
	/* mkostemp creates 0600; the caller's mode is meant exactly, whatever the umask. */
	*step = "cannot set the mode of the temporary file";
	if (fchmod(o->fd, mode) < 0)
		return -errno;
	*step = "cannot write the temporary file";
	if ((rc = atomicfile_stream(o, fill, data)))
		return rc;
	*step = "cannot sync the temporary file";
	if (fsync(o->fd) < 0)
		return -errno;
	/* Some file systems (NFS) report a failed write only on close. */
	*step = "cannot close the temporary file";
	rc = close(o->fd);
	o->fd = -1;
	if (rc < 0 && errno != EINTR)
		return -errno;
	return 0;
}

/* Both writes; keep: an existing regular file's mode (and as root its owner) stays. */
static int atomicfile_write(const char *path, mode_t mode, bool keep, pw_atomicfile_fill fill,
			    void *data, struct pw_error *err)
{
	struct atomicfile_out o = { .fd = -1 };
	struct stat old;
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t dirlen = (size_t)(base - path);
	char *dir = NULL, *tmp = NULL;
	const char *step = NULL;
	bool created = false;
	int dirfd = -1, rc;
	size_t n;

	if (!*base)
		return atomicfile_fail(err, path, -EISDIR, "no file name");
	if ((rc = atomicfile_check_target(path, &old, err)))
		return rc;
	/* The folder: path up to its last slash (kept, so that "/f" gives "/"), or ".". */
	dir = pw_xstrdup(dirlen ? path : ".");
	if (dirlen)
		dir[dirlen] = '\0';
	tmp = pw_xmalloc(dirlen + strlen(base) + sizeof("..") + ATOMICFILE_RANDOM);
	/* mkostemp(3) makes the last six characters, which must be 'X', random. */
	n = (size_t)sprintf(tmp, "%.*s.%s.", (int)dirlen, path, base);
	memset(tmp + n, 'X', ATOMICFILE_RANDOM);
	tmp[n + ATOMICFILE_RANDOM] = '\0';
	/* Opened first: the rename is durable only once the folder is synced. */
	dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0) {
		rc = atomicfile_fail(err, path, -errno, "cannot open its folder");
		goto out;
	}
	o.fd = mkostemp(tmp, O_CLOEXEC);
	if (o.fd < 0) {
		rc = atomicfile_fail(err, path, -errno,
				     "cannot create a temporary file in its folder");
		goto out;
	}
	created = true;
	if ((rc = atomicfile_fill_temp(&o, mode, keep && S_ISREG(old.st_mode) ? &old : NULL, fill,
				       data, &step))) {
		atomicfile_fail(err, path, rc, step);
		goto out;
	}
	if (rename(tmp, path) < 0) {
		rc = atomicfile_fail(err, path, -errno, "cannot rename the temporary file over it");
		goto out;
	}
	created = false;
	/* EINVAL: the file system cannot sync a folder; there is nothing more to do. */
	if (fsync(dirfd) < 0 && errno != EINVAL)
		rc = atomicfile_fail(err, path, -errno, "written, but syncing its folder failed");
out:
	if (o.fd >= 0)
		close(o.fd);
	if (created)
		unlink(tmp);
	if (dirfd >= 0)
		close(dirfd);
	free(dir);
	free(tmp);
	return rc;
}

int pw_atomicfile_write(const char *path, mode_t mode, pw_atomicfile_fill fill, void *data,
			struct pw_error *err)
{
	return atomicfile_write(path, mode, false, fill, data, err);
}

int pw_atomicfile_write_keep_mode(const char *path, mode_t mode, pw_atomicfile_fill fill,
				  void *data, struct pw_error *err)
{
	return atomicfile_write(path, mode, true, fill, data, err);
}
