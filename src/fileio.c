/* SPDX-License-Identifier: MIT */
/* Boundary file: reads whole input files (services, sysctls) into memory. */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

int pw_file_read(const char *path, size_t max, char **buf, size_t *len)
{
	size_t cap = 4096, n = 0;
	struct stat st;
	char *p = NULL;
	int fd, rc = 0;

	/* O_NONBLOCK: opening a FIFO with no writer would otherwise wait for ever. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	/* A FIFO or a device could block or never end: only regular files and /proc's. */
	if (fstat(fd, &st) < 0) {
		rc = -errno;
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		rc = -EISDIR;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = -EINVAL;
		goto out;
	}
	p = malloc(cap);
	if (!p) {
		rc = -ENOMEM;
		goto out;
	}
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
	close(fd);
	return rc;
}

/* Owned by owner and writable by nobody else: the test sshd's StrictModes makes. */
static int file_check_mode(const char *what, const char *path, uid_t owner, char *why, size_t size)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -errno;
	if (st.st_uid != owner) {
		snprintf(why, size, "%s %s is owned by uid %u, not %u", what, path,
			 (unsigned)st.st_uid, (unsigned)owner);
		return -EPERM;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(why, size, "%s %s is writable by %s", what, path,
			 st.st_mode & S_IWOTH ? "others" : "its group");
		return -EPERM;
	}
	return 0;
}

int pw_file_trusted(const char *path, uid_t owner, char *why, size_t size)
{
	char *real = realpath(path, NULL), *dir, *slash;
	int rc;

	if (!real)
		return -errno;
	rc = file_check_mode("file", real, owner, why, size);
	if (rc == 0) {
		dir = pw_xstrdup(real);
		slash = strrchr(dir, '/');
		/* realpath gives an absolute path: there is always a slash. */
		slash[slash == dir ? 1 : 0] = '\0';
		rc = file_check_mode("folder", dir, owner, why, size);
		free(dir);
	}
	free(real);
	return rc;
}
