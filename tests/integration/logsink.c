/* SPDX-License-Identifier: MIT */
/* Integration helper: a syslog socket that prints every message it receives. */

/*
 * usage: logsink PATH
 *
 * Binds a datagram socket at PATH (what syslog(3) sends to as /dev/log),
 * prints "ready" on stdout, then one line per datagram, exactly as the
 * sender wrote it (a trailing newline dropped), flushed at once. Runs until
 * SIGTERM or SIGINT; then prints what is still queued, removes PATH and
 * exits 0. A datagram is queued on the socket before the sender's send()
 * returns, so a TERM sent after the sender exited loses nothing. Any
 * failure prints "logsink: <step>: <reason>" on stderr and exits 1.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static volatile sig_atomic_t logsink_stop;

static void logsink_on_signal(int sig)
{
	(void)sig;
	logsink_stop = 1;
}

static int logsink_fail(const char *step)
{
	fprintf(stderr, "logsink: %s: %s\n", step, strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	/* Without SA_RESTART, a signal ends the blocking recv(). */
	struct sigaction sa = { .sa_handler = logsink_on_signal };
	char buf[65536];
	int fd;

	if (argc != 2 || strlen(argv[1]) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "usage: logsink PATH (shorter than %zu bytes)\n",
			sizeof(sun.sun_path));
		return 2;
	}
	strcpy(sun.sun_path, argv[1]);
	if (sigaction(SIGTERM, &sa, NULL) < 0 || sigaction(SIGINT, &sa, NULL) < 0)
		return logsink_fail("sigaction");
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return logsink_fail("socket");
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0)
		return logsink_fail(argv[1]);
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), logsink_stop ? MSG_DONTWAIT : 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (logsink_stop && errno == EAGAIN)
				break;
			unlink(argv[1]);
			return logsink_fail("recv");
		}
		if (n > 0 && buf[n - 1] == '\n')
			n--;
		fwrite(buf, 1, (size_t)n, stdout);
		putchar('\n');
		fflush(stdout);
	}
	unlink(argv[1]);
	return 0;
}
