/* SPDX-License-Identifier: MIT */
/* Whole-file reads for the small text files portwatch takes as input. */
#ifndef PW_FILEIO_H
#define PW_FILEIO_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Read all of path into *buf (NUL-terminated, caller frees) and *len (the
 * bytes read, without the NUL). A file larger than max bytes is refused.
 * Returns 0, or -errno: -ENOENT, -EACCES, -EISDIR for a directory, -EFBIG
 * past max, -ENOMEM.
 */
int pw_file_read(const char *path, size_t max, char **buf, size_t *len);

/*
 * Whether path (symbolic links resolved) and the folder holding it are
 * owned by owner and writable by no one else, as sshd's StrictModes wants
 * of the files that decide who gets in. Returns 0, -EPERM with why (size
 * bytes) saying what is wrong, or -errno when path cannot be resolved.
 */
int pw_file_trusted(const char *path, uid_t owner, char *why, size_t size);

#endif
