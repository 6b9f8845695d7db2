/* SPDX-License-Identifier: MIT */
/* Benchmark helper: time commands side by side, in rounds, inside a network namespace. */

/*
 * benchtime --netns FILE [--rounds R] [--timeout S] NAME=COMMAND...
 * benchtime --netns FILE --exec COMMAND [ARG...]
 *
 * Enters the network namespace FILE (/proc/PID/ns/net of a sockfarm) and,
 * in the first form, runs every COMMAND (split on spaces, found on PATH)
 * once per round, R rounds (default 5) after one warm-up round that is not
 * reported. Each round starts one command further along the list, so that
 * no command always runs right after the same other one. Output and
 * diagnostics go to /dev/null. For every run it prints one line,
 * tab-separated:
 *
 *   NAME  ROUND  WALL_S  USER_S  SYS_S  MAXRSS_KIB  STATUS
 *
 * wall from fork to wait4 (CLOCK_MONOTONIC); user, system and peak RSS
 * from wait4's rusage; STATUS the exit code, "sigN", or "timeout" when the
 * run took longer than S seconds (default 1800) and was killed.
 * The second form runs one command there with stdout passed through.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../helpers/helper.h"

#define BT_MAX_CMDS 32
#define BT_MAX_ARGS 32

struct bt_cmd {
	const char *name;
	char *argv[BT_MAX_ARGS + 1];
};

static void bt_usage(FILE *f)
{
	fputs("usage: benchtime --netns FILE [--rounds R] [--timeout S] NAME=COMMAND...\n"
	      "       benchtime --netns FILE --exec COMMAND [ARG...]\n",
	      f);
}

/* "NAME=prog arg arg": split in place on spaces. */
static void bt_parse_cmd(char *spec, struct bt_cmd *c)
{
	char *eq = strchr(spec, '='), *tok, *save = NULL;
	int n = 0;

	if (!eq || eq == spec) {
		errno = EINVAL;
		helper_die("%s: not NAME=COMMAND", spec);
	}
	*eq = '\0';
	c->name = spec;
	for (tok = strtok_r(eq + 1, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		if (n == BT_MAX_ARGS) {
			errno = E2BIG;
			helper_die("%s: too many arguments", c->name);
		}
		c->argv[n++] = tok;
	}
	if (!n) {
		errno = EINVAL;
		helper_die("%s: empty command", c->name);
	}
	c->argv[n] = NULL;
}

static double bt_seconds(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

/*
 * Run argv once, its stdout to /dev/null when quiet (else passed through).
 * Prints its line to report unless that is NULL. Returns its exit code.
 */
static int bt_run(const char *name, int round, char *const argv[], unsigned timeout, bool quiet,
		  FILE *report)
{
	struct timespec t0, t1;
	struct rusage ru;
	int status;
	pid_t pid;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0)
		helper_die("fork");
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);

		/* Quiet runs' diagnostics would repeat each round; their status is kept. */
		if (null < 0 || dup2(null, STDIN_FILENO) < 0 ||
		    (quiet && (dup2(null, STDOUT_FILENO) < 0 || dup2(null, STDERR_FILENO) < 0)))
			helper_die("/dev/null");
		/* The alarm outlives exec; its default action ends the run. */
		alarm(timeout);
		execvp(argv[0], argv);
		helper_die("exec %s", argv[0]);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR)
			helper_die("wait4");
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (report) {
		fprintf(report, "%s\t%d\t%.6f\t%.6f\t%.6f\t%ld\t", name, round,
			(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
			bt_seconds(&ru.ru_utime), bt_seconds(&ru.ru_stime), ru.ru_maxrss);
		if (WIFEXITED(status))
			fprintf(report, "%d\n", WEXITSTATUS(status));
		else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
			fprintf(report, "timeout\n");
		else
			fprintf(report, "sig%d\n", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
		fflush(report);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "netns", required_argument, NULL, 'N' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "timeout", required_argument, NULL, 't' },
		{ "exec", no_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static struct bt_cmd cmds[BT_MAX_CMDS];
	const char *netns = NULL;
	unsigned long rounds = 5, timeout = 1800;
	bool exec_one = false;
	int ncmds = 0, fd, c;

	/* "+": options end at the first command, whose own options are its own. */
	while ((c = getopt_long(argc, argv, "+N:r:t:xh", longopts, NULL)) != -1) {
		switch (c) {
		case 'N':
			netns = optarg;
			break;
		case 'r':
			if (helper_parse_uint(optarg, 1, 1000, &rounds) < 0)
				rounds = 0;
			break;
		case 't':
			if (helper_parse_uint(optarg, 1, 86400, &timeout) < 0)
				timeout = 0;
			break;
		case 'x':
			exec_one = true;
			break;
		case 'h':
			bt_usage(stdout);
			return 0;
		default:
			bt_usage(stderr);
			return 2;
		}
	}
	if (!netns || optind == argc || rounds < 1 || rounds > 1000 || timeout < 1) {
		bt_usage(stderr);
		return 2;
	}
	fd = open(netns, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET) < 0)
		helper_die("enter network namespace %s", netns);
	close(fd);
	if (exec_one)
		return bt_run(argv[optind], 0, argv + optind, (unsigned)timeout, false, NULL);
	for (int i = optind; i < argc; i++) {
		if (ncmds == BT_MAX_CMDS) {
			errno = E2BIG;
			helper_die("more than %d commands", BT_MAX_CMDS);
		}
		bt_parse_cmd(argv[i], &cmds[ncmds++]);
	}
	/* Round 0 warms caches (page cache, the kernel's hash walk) and is not printed. */
	for (unsigned long r = 0; r <= rounds; r++) {
		for (int k = 0; k < ncmds; k++) {
			const struct bt_cmd *cmd =
				&cmds[(k + (int)(r % (unsigned long)ncmds)) % ncmds];

			bt_run(cmd->name, (int)r, cmd->argv, (unsigned)timeout, true,
			       r ? stdout : NULL);
		}
	}
	return 0;
}
