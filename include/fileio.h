/* SPDX-License-Identifier: MIT */
/* Whole-file reads for the small text files portwatch takes as input, and StrictModes opens. */
#ifndef PW_FILEIO_H
#define PW_FILEIO_H

#include <stddef.h>
#include <sys/types.h>

/* No uid: a pw_file_open_trusted argument that trusts nobody more. */
#define PW_FILE_NO_UID ((uid_t)-1)

/*
 * Open path for reading, O_CLOEXEC and O_NOCTTY, as a regular file only:
 * a FIFO or a device could block or never end, and is refused without
 * blocking (it is opened O_NONBLOCK, which is then cleared). Returns the
 * descriptor, or -errno: -ENOENT, -EACCES, -EISDIR for a directory,
 * -EINVAL for anything else that is not a regular file.
 */
int pw_file_open(const char *path);

/*
 * Read what is left of fd into *buf (NUL-terminated, caller frees) and
 * *len (the bytes read, without the NUL); fd stays open. More than max
 * bytes is refused. Returns 0, or -errno: -EFBIG past max, -ENOMEM, or
 * what read(2) failed with.
 */
int pw_file_read_fd(int fd, size_t max, char **buf, size_t *len);

/*
 * pw_file_open, then pw_file_read_fd, then close: all of path at once.
 * Returns 0 or pw_file_open's and pw_file_read_fd's errors.
 */
int pw_file_read(const char *path, size_t max, char **buf, size_t *len);

/*
 * Open path as sshd's StrictModes wants the files that decide who gets in,
 * so that no user but root and owner can have chosen or changed what is
 * read from the descriptor returned:
 *  - path is opened first (as pw_file_open), and the open file is judged
 *    by fstat: owned by root or owner, writable by neither group nor others;
 *  - then every folder a name is looked up in on the way there, from "/"
 *    (a relative path starts with the working folder's real path),
 *    including the folders of each symbolic link followed, must be owned by
 *    root or owner (or folder_uid, unless PW_FILE_NO_UID) and writable by
 *    neither group nor others. A sticky folder (/tmp) is accepted above the
 *    file's own folder: others cannot rename or remove its entries, and
 *    the entry taken from it must itself pass. The file's own folder may
 *    not be sticky and writable: anyone could have made the file's name
 *    first (a hard link to another of root's files);
 *  - every symbolic link followed must be owned by root or owner;
 *  - the name the walk ends at must still be the open file (same device
 *    and inode): otherwise it was replaced while being checked.
 * Read the content from the descriptor, never from path again.
 * folder_uid is for user namespaces: there the host's folders ("/",
 * "/tmp") belong to uids the namespace does not map, which show as the
 * overflow uid (pw_file_unmapped_uid).
 * Returns the descriptor (caller closes), -EPERM with why (size bytes)
 * naming what is wrong and where, or -errno: -ENOENT, -EACCES, -EISDIR,
 * -EINVAL (not a regular file), -ELOOP, -ENOTDIR.
 */
int pw_file_open_trusted(const char *path, uid_t owner, uid_t folder_uid, char *why, size_t size);

/* Why a file pw_file_open_strict refused is refused, for its message. */
#define PW_FILE_TRUST_HINT                                                                  \
	"as root, portwatch trusts only a file that root owns and only root can write, in " \
	"folders and through links likewise, up to /"

/*
 * Open a file that decides what is expected (check's policy, baseline and
 * services file): as root through pw_file_open_trusted, owned by root,
 * with the folders of the unmapped uid accepted in a user namespace
 * (pw_file_unmapped_uid); otherwise as pw_file_open, since a user judges
 * only with files they chose. Returns what those return: -EPERM, with why,
 * only as root.
 */
int pw_file_open_strict(const char *path, char *why, size_t size);

/*
 * Whether this process runs in a user namespace other than the initial
 * one: then sets *uid to the overflow uid that stands for every uid the
 * namespace does not map, and returns 0. Returns -ENOENT in the initial
 * namespace, or when that cannot be told (no /proc): the strict answer.
 */
int pw_file_unmapped_uid(uid_t *uid);

#endif
