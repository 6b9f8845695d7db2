/* SPDX-License-Identifier: MIT */
/* portwatch: argv → options → command; the only place that picks exit codes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "opts.h"

enum {
	EXIT_OK = 0,
	EXIT_NOMATCH = 1,
	EXIT_USAGE = 2,
	EXIT_RUNTIME = 3,
};

static int main_list(const struct pw_opts *o)
{
	struct pw_list_result res = { 0 };

	if (pw_cmd_list(o, stdout, &res) < 0)
		return EXIT_RUNTIME;
	if (res.usage_error)
		return EXIT_USAGE;
	if (!res.complete)
		return EXIT_RUNTIME;
	/* Nothing matched where portwatch looked, but it could not look everywhere asked. */
	if (res.listed == 0 && res.unavailable)
		return EXIT_RUNTIME;
	if (res.listed == 0 && o->filter.narrowed)
		return EXIT_NOMATCH;
	return EXIT_OK;
}

static int main_port(const struct pw_opts *o)
{
	switch (pw_cmd_port(o, stdout)) {
	case 0:
		return EXIT_OK;
	case -ENOENT:
		return EXIT_NOMATCH;
	case -EINVAL:
		return EXIT_USAGE;
	default:
		return EXIT_RUNTIME;
	}
}

/*
 * snapshot or watch: a bad option value, a failure, or done. Interrupted
 * (SIGINT, SIGTERM) or ended by its reader, a watch ends well.
 */
static int main_snapshot_or_watch(const struct pw_opts *o)
{
	bool usage_error = false;
	int rc = o->cmd == PW_CMD_WATCH ? pw_cmd_watch(o, stdout, &usage_error)
					: pw_cmd_snapshot(o, stdout, &usage_error);

	if (usage_error)
		return EXIT_USAGE;
	return rc < 0 ? EXIT_RUNTIME : EXIT_OK;
}

/*
 * Give each of fds 0-2 that is closed at the start (portwatch >&-) /dev/null,
 * opened the wrong way for it (0 write-only, 1 and 2 read-only): using it
 * fails with EBADF as on the closed fd, so a command says "write error" and
 * exits 3, and no netlink socket or file of the run takes its number (a
 * snapshot once wrote its document into its own netlink socket). open(2)
 * takes the lowest free number, the closed one. Returns 0, or -errno when
 * /dev/null cannot be opened.
 */
static int main_hold_std_fds(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		if (open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY) < 0)
			return -errno;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	static char outbuf[1 << 16];
	struct pw_error err = { 0 };
	struct pw_opts o;
	int ret;

	ret = main_hold_std_fds();
	if (ret < 0) {
		fprintf(stderr, "portwatch: /dev/null: %s\n", strerror(-ret));
		return EXIT_RUNTIME;
	}
	/* Large writes: a table of a busy host is many small lines. */
	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	if (pw_opts_parse(&o, argc, argv, &err) < 0) {
		/*
		 * Nagios reads a plugin's usage error as UNKNOWN, never as
		 * CRITICAL, and throws stderr away: check says it its own way.
		 */
		if (o.cmd == PW_CMD_CHECK) {
			ret = pw_cmd_check_refuse(&o, err.msg, stdout);
		} else {
			pw_cmd_error(NULL, 0, "%s", err.msg);
			fputs(PW_CMD_HINT, pw_cmd_notes());
			ret = EXIT_USAGE;
		}
		pw_opts_fini(&o);
		return ret;
	}
	switch (o.cmd) {
	case PW_CMD_HELP:
		pw_opts_usage(stdout);
		ret = EXIT_OK;
		break;
	case PW_CMD_VERSION:
		printf("portwatch %s (IANA service registry of %s)\n", PW_VERSION,
		       pw_services_iana_date);
		ret = EXIT_OK;
		break;
	case PW_CMD_PORT:
		ret = main_port(&o);
		break;
	case PW_CMD_CHECK:
		ret = pw_cmd_check(&o, stdout);
		break;
	case PW_CMD_SNAPSHOT:
	case PW_CMD_WATCH:
		ret = main_snapshot_or_watch(&o);
		break;
	default:
		ret = main_list(&o);
		break;
	}
	pw_opts_fini(&o);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		/* A reader that went away (portwatch | head) is not an error. */
		if (errno == EPIPE)
			return ret;
		fprintf(stderr, "portwatch: write error: %s\n", strerror(errno));
		return EXIT_RUNTIME;
	}
	return ret;
}
