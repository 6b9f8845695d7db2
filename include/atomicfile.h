/* SPDX-License-Identifier: MIT */
/* Replace a file atomically: readers see the old content or the new, never a part. */
#ifndef PW_ATOMICFILE_H
#define PW_ATOMICFILE_H

#include <stdio.h>
#include <sys/types.h>

#include "util.h"

/*
 * Writes the content into f (which has no file descriptor: it is a stream
 * over the temporary file). Returns 0 or a negative errno, which aborts the
 * write. Write errors on f need not be checked: the writer sees them.
 */
typedef int (*pw_atomicfile_fill)(FILE *f, void *data);

/*
 * Write path through fill: a temporary ".NAME.RANDOM" in the same folder
 * (created O_EXCL | O_CLOEXEC), given exactly mode (the umask does not
 * apply), flushed, fsynced, renamed over path, then the folder fsynced so
 * the rename survives a crash. The hidden name also keeps collectors that
 * match "*.prom" off the partial file. path itself is replaced: a symlink
 * there is replaced, not followed, and the old file's owner and mode are
 * not kept (see pw_atomicfile_write_keep_mode).
 * Anything else that is not a regular file (a device, FIFO, socket or
 * folder) is refused with -EINVAL (-EISDIR for a folder) before anything
 * is written.
 * On any failure before the rename the temporary file is removed and path
 * is left as it was; a failed folder fsync after the rename is still
 * reported (the new content is in place, its durability is not known).
 * Returns 0, fill's error, or -errno (-ENOENT, -EACCES, -ENOSPC, -EIO...),
 * with err (may be NULL) naming path and the step that failed.
 */
int pw_atomicfile_write(const char *path, mode_t mode, pw_atomicfile_fill fill, void *data,
			struct pw_error *err);

/*
 * pw_atomicfile_write, but a regular file already at path keeps its
 * permission bits (mode & 0777) and its owner and group where this
 * process may give them (root both, another user the group when a member
 * of it; where not, the group's bits go): a baseline someone made 0600 or
 * 0640 does not become world-readable when it is taken again. mode is for a new file, and for
 * one that replaces a symlink (the link has no mode of its own to keep).
 * Returns what pw_atomicfile_write returns.
 */
int pw_atomicfile_write_keep_mode(const char *path, mode_t mode, pw_atomicfile_fill fill,
				  void *data, struct pw_error *err);

#endif
