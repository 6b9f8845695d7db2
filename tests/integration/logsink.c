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
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int logsink_fail(const char *step)
{
	fprintf(stderr, "logsink: %s: %s\n", step, strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct pollfd pfd[2];
	bool stopping = false;
	char buf[65536];
	sigset_t stop;
	int fd, sfd;

	if (argc != 2 || strlen(argv[1]) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "usage: logsink PATH (shorter than %zu bytes)\n",
			sizeof(sun.sun_path));
		return 2;
	}
	strcpy(sun.sun_path, argv[1]);
	/*
	 * The stop signals arrive through a signalfd polled next to the
	 * socket: a flag set by a handler could come just after it was
	 * tested and before a blocking recv(), which would then wait for a
	 * datagram that never comes.
	 */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	if (sigprocmask(SIG_BLOCK, &stop, NULL) < 0)
		return logsink_fail("sigprocmask");
	sfd = signalfd(-1, &stop, SFD_CLOEXEC);
	if (sfd < 0)
		return logsink_fail("signalfd");
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return logsink_fail("socket");
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0)
		return logsink_fail(argv[1]);
	printf("ready\n");
	fflush(stdout);
	pfd[0] = (struct pollfd){ .fd = fd, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = sfd, .events = POLLIN };
	for (;;) {
		ssize_t n;

		/* Once told to stop, print what is queued without waiting, then go. */
		if (!stopping) {
			if (poll(pfd, 2, -1) < 0) {
				if (errno == EINTR)
					continue;
				unlink(argv[1]);
				return logsink_fail("poll");
			}
			stopping = pfd[1].revents != 0;
		}
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN && stopping)
				break;
			if (errno == EAGAIN)
				continue;
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
