/* SPDX-License-Identifier: MIT */
/* Integration helper: loopback listeners that come and go, and orphans that stay. */

/*
 *   churn [--base PORT] [--count N] [--every MS] [--orphans]
 *
 * Run it inside a fresh network namespace. It brings "lo" up; with
 * --orphans it first puts five listeners in flight (SCM_RIGHTS over a Unix
 * socket pair nobody reads), so that no process holds them, one per dump
 * a listing of -tu --udplite makes:
 *
 *   +0  tcp     LISTEN 127.0.0.1      +1  udp     UNCONN 127.0.0.1
 *   +2  udp     UNCONN [::1]          +3  udplite UNCONN 127.0.0.1
 *   +4  udplite UNCONN [::1]
 *
 * Then, with --count N (N > 0), it makes N TCP listeners on 127.0.0.1 at
 * +10 .. +10+N-1, waits MS milliseconds (default 10), closes them, and
 * again, as a busy server's short-lived listeners come and go. It prints
 * "ready" once the orphans and the first round are made, and stops when
 * stdin reaches EOF (or at SIGTERM). Any failure prints
 * "churn: <step>: <reason> (errno N)" and exits 1.
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../helpers/helper.h"

#define CHURN_ORPHANS 5u
#define CHURN_OFFSET 10u
#define CHURN_MAX 1000ul

struct churn_opts {
	unsigned long base, count, every_ms;
	bool orphans;
};

/* A socket of type and proto bound to addr:port on loopback; a stream one listens. */
static int churn_bind(int family, int type, int proto, unsigned port)
{
	struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	struct sockaddr_in6 in6 = { .sin6_family = AF_INET6, .sin6_port = htons((uint16_t)port) };
	struct sockaddr *sa = family == AF_INET ? (struct sockaddr *)&in : (struct sockaddr *)&in6;
	socklen_t len = family == AF_INET ? sizeof(in) : sizeof(in6);
	int one = 1, fd = socket(family, type | SOCK_CLOEXEC, proto);

	in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	in6.sin6_addr = in6addr_loopback;
	if (fd < 0)
		helper_die("socket for port %u", port);
	/* A listener of the round before may linger in the kernel a moment. */
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0)
		helper_die("SO_REUSEADDR");
	if (bind(fd, sa, len) < 0)
		helper_die("bind port %u", port);
	if (type == SOCK_STREAM && listen(fd, 8) < 0)
		helper_die("listen on port %u", port);
	return fd;
}

/* --orphans: the table at the top. The pair stays open, so the kernel keeps what it carries. */
static void churn_orphans(unsigned long base)
{
	static const struct {
		int family, type, proto;
	} kinds[CHURN_ORPHANS] = {
		{ AF_INET, SOCK_STREAM, 0 },
		{ AF_INET, SOCK_DGRAM, 0 },
		{ AF_INET6, SOCK_DGRAM, 0 },
		{ AF_INET, SOCK_DGRAM, IPPROTO_UDPLITE },
		{ AF_INET6, SOCK_DGRAM, IPPROTO_UDPLITE },
	};
	int pair[2];

	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, pair) < 0)
		helper_die("socketpair");
	for (unsigned i = 0; i < CHURN_ORPHANS; i++)
		helper_send_away(pair, churn_bind(kinds[i].family, kinds[i].type, kinds[i].proto,
						  (unsigned)base + i));
}

/* Wait up to ms for stdin to end. Returns true when it did. */
static bool churn_stdin_ends(unsigned long ms)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	char buf[64];
	int n = poll(&pfd, 1, (int)ms);

	if (n < 0 && errno == EINTR)
		return false;
	if (n < 0)
		helper_die("poll");
	if (n == 0)
		return false;
	if (pfd.revents & POLLNVAL)
		return true;
	return read(STDIN_FILENO, buf, sizeof(buf)) <= 0;
}

/* Make the round's listeners, hold them, close them, until stdin ends. */
static void churn_run(const struct churn_opts *o)
{
	int fds[CHURN_MAX];
	bool announced = false;

	for (;;) {
		for (unsigned long i = 0; i < o->count; i++)
			fds[i] = churn_bind(AF_INET, SOCK_STREAM, 0,
					    (unsigned)(o->base + CHURN_OFFSET + i));
		if (!announced && (printf("ready\n") < 0 || fflush(stdout) == EOF))
			helper_die("print ready");
		announced = true;
		if (churn_stdin_ends(o->every_ms))
			return;
		for (unsigned long i = 0; i < o->count; i++)
			close(fds[i]);
	}
}

static int churn_parse(int argc, char **argv, struct churn_opts *o)
{
	static const struct option longopts[] = {
		{ "base", required_argument, NULL, 'b' },
		{ "count", required_argument, NULL, 'n' },
		{ "every", required_argument, NULL, 'e' },
		{ "orphans", no_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*o = (struct churn_opts){ .base = 20000, .every_ms = 10 };
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		int bad = c == 'b'   ? helper_parse_uint(optarg, 1, 65535 - CHURN_OFFSET, &o->base)
			  : c == 'n' ? helper_parse_uint(optarg, 0, CHURN_MAX, &o->count)
			  : c == 'e' ? helper_parse_uint(optarg, 1, 1000, &o->every_ms)
				     : 0;

		if (c == 'o')
			o->orphans = true;
		else if (bad || c == '?')
			goto usage;
	}
	if (optind < argc || o->base + CHURN_OFFSET + o->count > 65536)
		goto usage;
	return 0;
usage:
	fputs("usage: churn [--base PORT] [--count N (<= 1000)] [--every MS] [--orphans]\n",
	      stderr);
	return -1;
}

int main(int argc, char **argv)
{
	struct churn_opts o;

	if (churn_parse(argc, argv, &o) < 0)
		return 1;
	signal(SIGPIPE, SIG_IGN);
	helper_lo_up();
	if (o.orphans)
		churn_orphans(o.base);
	churn_run(&o);
	return 0;
}
