/* SPDX-License-Identifier: MIT */
/* What the commands share: the service database and the colour decision. */
#include "cmd.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"

#define CMD_SERVICES_DEFAULT "/etc/services"
/* A services file is some 10-100 KiB; anything past this is not one. */
#define CMD_SERVICES_MAX (16u << 20)

static FILE *cmd_notes;

FILE *pw_cmd_notes(void)
{
	return cmd_notes ? cmd_notes : stderr;
}

FILE *pw_cmd_notes_to(FILE *f)
{
	FILE *before = pw_cmd_notes();

	cmd_notes = f;
	return before;
}

void pw_cmd_error(char *first, size_t size, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int len;

	/* Whole: a refused policy's message names every folder on the way. */
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	msg = pw_xmalloc((size_t)len + 1);
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)len + 1, fmt, ap);
	va_end(ap);
	/* Messages quote what users typed and files hold: escaped here, for all of them. */
	fputs("portwatch: ", pw_cmd_notes());
	pw_term_string(pw_cmd_notes(), msg);
	fputc('\n', pw_cmd_notes());
	if (first && size && !first[0])
		snprintf(first, size, "%s", msg);
	free(msg);
}

/*
 * Read the services file as StrictModes wants it (pw_file_open_strict):
 * the names a policy gives ports resolve through it, so as root a file
 * another user could write would let them move "ssh" to their own port.
 * Returns 0, -EPERM after saying why, or what reading failed with.
 */
static int cmd_read_services_strict(const char *path, const char *file, char **text, size_t *len,
				    char *first, size_t size)
{
	char why[512];
	int fd = pw_file_open_strict(file, why, sizeof(why)), err;

	if (fd == -EPERM) {
		pw_cmd_error(first, size, "%s%s refused: %s (" PW_FILE_TRUST_HINT ")",
			     path ? "--services " : "services file ", file, why);
		return fd;
	}
	if (fd < 0)
		return fd;
	err = pw_file_read_fd(fd, CMD_SERVICES_MAX, text, len);
	close(fd);
	return err;
}

/*
 * Whether something is at name, if only a dangling link: a system file
 * that is not there is no error (the built-in table stands in), one that
 * is there and cannot be read is, where the check decides with it.
 */
static bool cmd_name_taken(const char *name)
{
	struct stat st;

	return lstat(name, &st) == 0 || errno != ENOENT;
}

int pw_cmd_load_services(const char *path, bool strict, struct pw_services **db, char *first,
			 size_t size)
{
	const char *file = path ? path : CMD_SERVICES_DEFAULT;
	struct pw_services_stats st = { 0 };
	char *text = NULL;
	size_t len = 0;
	int err;

	*db = pw_services_new();
	if (!*db)
		return -ENOMEM;
	if (strict)
		err = cmd_read_services_strict(path, file, &text, &len, first, size);
	else
		err = pw_file_read(file, CMD_SERVICES_MAX, &text, &len);
	if (err == -EPERM && strict) {
		/* Even the system's file: a refused one is no missing one. */
		pw_services_free(*db);
		*db = NULL;
		return err;
	}
	if (err) {
		if (!path && !(strict && cmd_name_taken(file)))
			return 0;
		pw_cmd_error(first, size, "%s%s: %s", path ? "--services: " : "services file ",
			     file,
			     err == -EFBIG    ? "too large for a services file"
			     : err == -EINVAL ? "not a regular file"
					      : strerror(-err));
		if (path)
			fputs(PW_CMD_HINT, pw_cmd_notes());
		pw_services_free(*db);
		*db = NULL;
		return err;
	}
	err = pw_services_load_buffer(*db, text, len, &st);
	free(text);
	if (err) {
		pw_services_free(*db);
		*db = NULL;
		return err;
	}
	if (st.malformed && path)
		pw_cmd_error(NULL, 0, "%s: %u malformed line%s skipped (the first is line %u)",
			     file, st.malformed, st.malformed == 1 ? "" : "s", st.first_bad_line);
	return 0;
}

bool pw_cmd_use_color(enum pw_color c)
{
	const char *no_color = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	if (c != PW_COLOR_AUTO)
		return c == PW_COLOR_ALWAYS;
	if (no_color && *no_color)
		return false;
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(STDOUT_FILENO);
}

size_t pw_cmd_term_columns(void)
{
	struct winsize ws;

	if (!isatty(STDOUT_FILENO) || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) < 0)
		return 0;
	return ws.ws_col;
}
