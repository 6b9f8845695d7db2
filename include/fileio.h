/* SPDX-License-Identifier: MIT */
/* Whole-file reads for the small text files portwatch takes as input. */
#ifndef PW_FILEIO_H
#define PW_FILEIO_H

#include <stddef.h>

/*
 * Read all of path into *buf (NUL-terminated, caller frees) and *len (the
 * bytes read, without the NUL). A file larger than max bytes is refused.
 * Returns 0, or -errno: -ENOENT, -EACCES, -EISDIR for a directory, -EFBIG
 * past max, -ENOMEM.
 */
int pw_file_read(const char *path, size_t max, char **buf, size_t *len);

#endif
