/* SPDX-License-Identifier: MIT */
/* Integration helper: hold a known mix of loopback sockets until told to stop. */

/*
 * Run it inside a fresh network namespace (tests/integration/run makes one).
 * It brings "lo" up, creates the sockets below, prints "ready" on stdout and
 * waits until stdin reaches EOF or SIGTERM (or a SIGINT that is not ignored)
 * arrives, then exits 0.
 * Any failure prints "sockmix: <step>: <reason> (errno N)" and exits 1.
 *
 * Ports are offsets from --base (default 20000); the test script uses the
 * same table, so keep the two in step:
 *
 *   +0   tcp LISTEN 0.0.0.0
 *   +1   tcp LISTEN 127.0.0.1      plus one ESTAB pair from 127.0.0.1
 *   +2   tcp LISTEN 127.0.0.2      plus one TIME-WAIT from 127.0.0.1
 *   +3   tcp LISTEN 127.0.0.3
 *   +4   tcp LISTEN [::] (IPV6_V6ONLY=1) and 0.0.0.0, as sshd does it
 *   +5   tcp LISTEN [::1]          plus one ESTAB pair from [::1]
 *   +6   tcp LISTEN [::] (IPV6_V6ONLY=0, dual-stack) plus one ESTAB pair
 *        from 127.0.0.1, which the listener sees as ::ffff:127.0.0.1
 *   +7   tcp LISTEN 0.0.0.0 bound to device lo (SO_BINDTODEVICE)
 *   +10  udp UNCONN 0.0.0.0
 *   +11  udp UNCONN 127.0.0.1
 *   +12  udp UNCONN [::] (IPV6_V6ONLY=1)
 *   +13  udp UNCONN [::1]
 *   +14  udp ESTAB  127.0.0.1 connected to 127.0.0.1:+11
 *   +15  udp ESTAB  [::1] connected to [::1]:+13
 *   +16  udp UNCONN [::] (IPV6_V6ONLY=1) bound to device lo
 *   TIME-WAIT (client side, ephemeral port): 127.0.0.1 -> 127.0.0.1:+0,
 *        127.0.0.1 -> 127.0.0.2:+2 and [::1] -> [::1]:+4
 *   +20  tcp LISTEN 127.0.0.1      with --orphan: held by no process
 *   +21  udplite UNCONN 0.0.0.0    with --udplite (RFC 3828)
 *   +100 .. +100+N-1   --listeners N extra tcp LISTEN on 127.0.0.1, made
 *        --pace MS milliseconds apart when given (a watch sees them come
 *        one by one, as a busy server makes them)
 *
 * With --other it also holds sockets of the other protocols (raw sockets
 * need CAP_NET_RAW in the namespace's user namespace):
 *
 *   +21  udplite UNCONN 127.0.0.1
 *   +22  udplite UNCONN [::1] (IPV6_V6ONLY=1)
 *   +23  udplite ESTAB  127.0.0.1 connected to 127.0.0.1:+21
 *   raw ICMP (port 1) on 0.0.0.0 and raw ICMPv6 (port 58) on [::], unbound
 *
 * With --comm NAME it renames itself (prctl PR_SET_NAME, what /proc/PID/comm
 * and ss -p show) before making any socket. With --child NAME it forks,
 * once the mix is made, a child process named NAME that holds only the
 * sockets at +0 (tcp LISTEN) and +10 (udp UNCONN): two holders of one inode,
 * as with socket activation. It prints "child PID" before "ready"; the child
 * goes when sockmix does.
 *
 * With --raw it also holds a raw socket of IP protocol 253 (RFC 3692, for
 * experiments) bound to 127.0.0.1. --udplite and --raw make listeners of
 * protocols that ss's default -tu leaves out; a raw socket needs
 * CAP_NET_RAW in the namespace's user namespace: root and unshare -rn
 * have it.
 *
 * With --well-known it also holds, at fixed ports below 1024:
 *
 *   22   tcp LISTEN 0.0.0.0        plus one ESTAB pair from 127.0.0.1
 *   53   udp UNCONN 127.0.0.1
 *
 * Binding them needs CAP_NET_BIND_SERVICE in the namespace's user namespace
 * (or net.ipv4.ip_unprivileged_port_start): root and unshare -rn both have it.
 *
 * Client sides of the ESTAB and TIME-WAIT pairs use ephemeral ports, so keep
 * every port of the table below net.ipv4.ip_local_port_range (32768 by
 * default) or an extra listener may find its port taken by a client.
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../helpers/helper.h"

#define SOCKMIX_DEFAULT_BASE 20000u
#define SOCKMIX_LAST_FIXED 16u
#define SOCKMIX_EXTRA_OFFSET 100u
/* --other: its last UDP-Lite port. */
#define SOCKMIX_OTHER_LAST 23u
/* --orphan: below the extras, above the fixed mix. */
#define SOCKMIX_ORPHAN_OFFSET 20u
#define SOCKMIX_UDPLITE_OFFSET 21u
/* RFC 3692: an IP protocol number for experiments, which no host stack serves. */
#define SOCKMIX_RAW_PROTO 253
/* --well-known: ssh and domain (IANA service registry). */
#define SOCKMIX_SSH_PORT 22u
#define SOCKMIX_DNS_PORT 53u
/* How long a TCP state change on loopback may take before we give up. */
#define SOCKMIX_STATE_TIMEOUT_MS 5000
/* File descriptors the fixed mix needs, with room to spare. */
#define SOCKMIX_FIXED_FDS 64u
/* Longest command name: the kernel's TASK_COMM_LEN is 16 with the NUL. */
#define SOCKMIX_COMM_MAX 15u

static void sockmix_usage(FILE *f)
{
	fputs("usage: sockmix [--base PORT] [--listeners N] [--pace MS] [--well-known]\n"
	      "               [--comm NAME] [--child NAME] [--orphan] [--udplite] [--raw]\n"
	      "               [--other]\n"
	      "Create a known mix of loopback sockets in the current network namespace,\n"
	      "print \"ready\", and hold them until stdin reaches EOF or SIGTERM.\n"
	      "  --base PORT     first port of the fixed mix (default 20000)\n"
	      "  --listeners N   N extra TCP listeners on 127.0.0.1 from PORT+100\n"
	      "  --pace MS       make the extra listeners MS milliseconds apart\n"
	      "  --well-known    also tcp 0.0.0.0:22 (with one connection) and udp 127.0.0.1:53\n"
	      "  --comm NAME     set this process's command name (at most 15 bytes)\n"
	      "  --child NAME    fork a child named NAME that also holds the sockets at\n"
	      "                  PORT+0 and PORT+10; print \"child PID\" before \"ready\"\n"
	      "  --orphan        a tcp listener on 127.0.0.1:PORT+20 that no process holds\n"
	      "  --udplite       also a UDP-Lite socket bound to 0.0.0.0:PORT+21\n"
	      "  --raw           also a raw socket of IP protocol 253 bound to 127.0.0.1\n"
	      "  --other         also UDP-Lite sockets at PORT+21..23, raw ICMP and ICMPv6\n",
	      f);
}

/* Fill *sa from a numeric address and a port; returns the address length. */
static socklen_t sockmix_addr(struct sockaddr_storage *sa, int family, const char *addr,
			      unsigned port)
{
	memset(sa, 0, sizeof(*sa));
	if (family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)sa;

		in->sin_family = AF_INET;
		in->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, addr, &in->sin_addr) != 1) {
			errno = EINVAL;
			helper_die("address %s", addr);
		}
		return sizeof(*in);
	} else {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)sa;

		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, addr, &in6->sin6_addr) != 1) {
			errno = EINVAL;
			helper_die("address %s", addr);
		}
		return sizeof(*in6);
	}
}

/*
 * A socket bound to addr:port, and to device dev unless dev is NULL. v6only
 * is 0 or 1 to set IPV6_V6ONLY, -1 to leave the system default
 * (net.ipv6.bindv6only). The descriptor is kept open until exit on purpose:
 * it is what the tests look at.
 */
static int sockmix_bound(int type, int family, const char *addr, unsigned port, int v6only,
			 const char *dev, const char *what)
{
	struct sockaddr_storage sa;
	socklen_t len = sockmix_addr(&sa, family, addr, port);
	int one = 1;
	int fd;

	fd = socket(family, type | SOCK_CLOEXEC, 0);
	if (fd < 0)
		helper_die("%s %s:%u: socket", what, addr, port);
	/*
	 * Lets a second run in the same namespace bind while the first run's
	 * connections sit in TIME-WAIT on these ports. TCP only: for UDP it
	 * would let two sockets share a port and hide a stray one.
	 */
	if (type == SOCK_STREAM && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0)
		helper_die("%s %s:%u: SO_REUSEADDR", what, addr, port);
	if (v6only >= 0 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof(v6only)) < 0)
		helper_die("%s %s:%u: IPV6_V6ONLY=%d", what, addr, port, v6only);
	/* Needs CAP_NET_RAW in the namespace's user namespace: unshare -rn has it. */
	if (dev && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev, (socklen_t)strlen(dev)) < 0)
		helper_die("%s %s:%u: SO_BINDTODEVICE %s", what, addr, port, dev);
	if (bind(fd, (struct sockaddr *)&sa, len) < 0)
		helper_die("%s %s:%u: bind", what, addr, port);
	return fd;
}

static int sockmix_listen(int family, const char *addr, unsigned port, int v6only, const char *dev)
{
	int fd = sockmix_bound(SOCK_STREAM, family, addr, port, v6only, dev, "tcp listen");

	if (listen(fd, 16) < 0)
		helper_die("tcp listen %s:%u: listen", addr, port);
	return fd;
}

/* A UDP socket bound to addr:port, connected to peer:pport when peer is set. */
static int sockmix_udp(int family, const char *addr, unsigned port, int v6only, const char *dev,
		       const char *peer, unsigned pport)
{
	struct sockaddr_storage sa;
	socklen_t len;
	int fd = sockmix_bound(SOCK_DGRAM, family, addr, port, v6only, dev, "udp bind");

	if (!peer)
		return fd;
	len = sockmix_addr(&sa, family, peer, pport);
	if (connect(fd, (struct sockaddr *)&sa, len) < 0)
		helper_die("udp %s:%u: connect to %s:%u", addr, port, peer, pport);
	return fd;
}

/* --other: UDP-Lite and raw sockets, as the table at the top says. */
static void sockmix_other(unsigned base)
{
	static const struct {
		int family, type, proto;
		const char *addr, *peer;
		unsigned off, peer_off;
	} socks[] = {
		{ AF_INET, SOCK_DGRAM, IPPROTO_UDPLITE, "127.0.0.1", NULL, 21, 0 },
		{ AF_INET6, SOCK_DGRAM, IPPROTO_UDPLITE, "::1", NULL, 22, 0 },
		{ AF_INET, SOCK_DGRAM, IPPROTO_UDPLITE, "127.0.0.1", "127.0.0.1", 23, 21 },
		{ AF_INET, SOCK_RAW, IPPROTO_ICMP, NULL, NULL, 0, 0 },
		{ AF_INET6, SOCK_RAW, IPPROTO_ICMPV6, NULL, NULL, 0, 0 },
	};
	static const int one = 1;

	for (size_t i = 0; i < sizeof(socks) / sizeof(socks[0]); i++) {
		struct sockaddr_storage sa;
		socklen_t len;
		int fd = socket(socks[i].family, socks[i].type | SOCK_CLOEXEC, socks[i].proto);

		if (fd < 0)
			helper_die("--other: socket %zu", i);
		if (!socks[i].addr)
			continue;
		if (socks[i].family == AF_INET6 &&
		    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) < 0)
			helper_die("--other: IPV6_V6ONLY");
		len = sockmix_addr(&sa, socks[i].family, socks[i].addr, base + socks[i].off);
		if (bind(fd, (struct sockaddr *)&sa, len) < 0)
			helper_die("--other: udplite bind %s:%u", socks[i].addr,
				   base + socks[i].off);
		if (!socks[i].peer)
			continue;
		len = sockmix_addr(&sa, socks[i].family, socks[i].peer, base + socks[i].peer_off);
		if (connect(fd, (struct sockaddr *)&sa, len) < 0)
			helper_die("--other: udplite connect");
	}
}

/*
 * Connect a new client of the given family to addr:port, where listener lfd
 * listens, and accept it. The client gets an ephemeral port. Fills
 * fds[0] (client) and fds[1] (accepted side).
 */
static void sockmix_pair(int lfd, int family, const char *addr, unsigned port, int fds[2])
{
	struct sockaddr_storage sa;
	socklen_t len = sockmix_addr(&sa, family, addr, port);

	fds[0] = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fds[0] < 0)
		helper_die("tcp pair to %s:%u: socket", addr, port);
	/* Blocking connect: on loopback the handshake ends before it returns. */
	if (connect(fds[0], (struct sockaddr *)&sa, len) < 0)
		helper_die("tcp pair to %s:%u: connect", addr, port);
	fds[1] = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (fds[1] < 0)
		helper_die("tcp pair to %s:%u: accept", addr, port);
}

static void sockmix_sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Wait, bounded, until the socket fd is in TCP state want (netinet/tcp.h). */
static void sockmix_wait_state(int fd, int want, const char *what)
{
	struct tcp_info ti;
	socklen_t len;
	int ms;

	for (ms = 0; ms < SOCKMIX_STATE_TIMEOUT_MS; ms++) {
		len = sizeof(ti);
		memset(&ti, 0, sizeof(ti));
		if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) < 0)
			helper_die("%s: TCP_INFO", what);
		if (ti.tcpi_state == want)
			return;
		sockmix_sleep_ms(1);
	}
	errno = ETIMEDOUT;
	helper_die("%s: still in TCP state %u, want %d", what, ti.tcpi_state, want);
}

/* Wait, bounded, until fd is readable and read EOF from it (the peer's FIN). */
static void sockmix_wait_eof(int fd, const char *what)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char c;
	ssize_t n;
	int r;

	r = poll(&pfd, 1, SOCKMIX_STATE_TIMEOUT_MS);
	if (r < 0)
		helper_die("%s: poll", what);
	if (r == 0) {
		errno = ETIMEDOUT;
		helper_die("%s: no FIN from the peer", what);
	}
	n = recv(fd, &c, 1, 0);
	if (n < 0)
		helper_die("%s: recv", what);
	if (n > 0) {
		errno = EPROTO;
		helper_die("%s: data where EOF was expected", what);
	}
}

/*
 * Leave one TIME-WAIT socket on the client side: connect to the listener lfd
 * at addr:port and close the pair in the ordinary order, client first. The
 * client half-closes, the server sees EOF and closes, and each step is
 * waited for, so that when this returns the kernel holds exactly one
 * TIME-WAIT entry and nothing in FIN-WAIT or LAST-ACK (which would make two
 * listings taken a moment apart disagree). No SO_LINGER tricks: an abortive
 * close would send RST and leave no TIME-WAIT at all.
 */
static void sockmix_timewait(int lfd, int family, const char *addr, unsigned port)
{
	char what[96];
	int fds[2];

	snprintf(what, sizeof(what), "time-wait to %s:%u", addr, port);
	sockmix_pair(lfd, family, addr, port, fds);
	if (shutdown(fds[0], SHUT_WR) < 0)
		helper_die("%s: client shutdown", what);
	sockmix_wait_eof(fds[1], what);
	if (shutdown(fds[1], SHUT_WR) < 0)
		helper_die("%s: server shutdown", what);
	sockmix_wait_eof(fds[0], what);
	/*
	 * The client's FIN-WAIT-2 socket moved its connection into a separate
	 * timewait entry and is itself CLOSE now; the server is CLOSE once the
	 * client's last ACK arrived (LAST-ACK before that).
	 */
	sockmix_wait_state(fds[0], TCP_CLOSE, what);
	sockmix_wait_state(fds[1], TCP_CLOSE, what);
	close(fds[0]);
	close(fds[1]);
}

/* Make sure there are enough descriptors for the fixed mix and n extras. */
static void sockmix_fd_limit(unsigned long n)
{
	struct rlimit rl;
	rlim_t need = (rlim_t)n + SOCKMIX_FIXED_FDS;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		helper_die("getrlimit RLIMIT_NOFILE");
	if (rl.rlim_cur >= need)
		return;
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need) {
		errno = EMFILE;
		helper_die("--listeners %lu: hard limit of %llu descriptors", n,
			   (unsigned long long)rl.rlim_max);
	}
	rl.rlim_cur = need;
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
		helper_die("setrlimit RLIMIT_NOFILE to %llu", (unsigned long long)need);
}

/*
 * Print "ready" when announce is set, and hold everything until stdin
 * reaches EOF or a signal.
 */
static void sockmix_hold(bool announce)
{
	struct pollfd pfd[2];
	sigset_t stop;
	char buf[256];
	ssize_t n;
	int sfd;

	/*
	 * The stop signals arrive through a signalfd polled next to stdin: a
	 * handler would not run while stdin stays readable (ppoll restores
	 * the mask without delivering when it has ready descriptors).
	 */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	if (sigprocmask(SIG_BLOCK, &stop, NULL) < 0)
		helper_die("sigprocmask");
	sfd = signalfd(-1, &stop, SFD_CLOEXEC);
	if (sfd < 0)
		helper_die("signalfd");

	if (announce && (printf("ready\n") < 0 || fflush(stdout) == EOF))
		helper_die("print ready");

	pfd[0] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = sfd, .events = POLLIN };
	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			helper_die("wait: poll");
		}
		if (pfd[1].revents)
			break;
		/* A closed stdin (POLLNVAL) counts as EOF. */
		if (pfd[0].revents & POLLNVAL)
			break;
		if (!pfd[0].revents)
			continue;
		n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n == 0)
			break;
		if (n < 0 && errno != EINTR && errno != EAGAIN)
			helper_die("wait: read stdin");
	}
	close(sfd);
}

/* Set this process's command name; longer than the kernel keeps is an error. */
static void sockmix_comm(const char *name)
{
	if (strlen(name) > SOCKMIX_COMM_MAX) {
		errno = ENAMETOOLONG;
		helper_die("command name of %zu bytes", strlen(name));
	}
	if (prctl(PR_SET_NAME, name, 0, 0, 0) < 0)
		helper_die("prctl PR_SET_NAME");
}

static int sockmix_cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* Close every descriptor above stderr but the nkeep in keep (sorted here). */
static void sockmix_close_others(int *keep, size_t nkeep)
{
	unsigned lo = 3;

	qsort(keep, nkeep, sizeof(*keep), sockmix_cmp_int);
	for (size_t i = 0; i <= nkeep; i++) {
		unsigned hi = i < nkeep ? (unsigned)keep[i] : ~0u;

		if (hi > lo && close_range(lo, hi - 1, 0) < 0)
			helper_die("close_range %u-%u", lo, hi - 1);
		if (i < nkeep)
			lo = (unsigned)keep[i] + 1;
	}
}

/*
 * Fork a child named name that holds the descriptors a and b and nothing
 * else above stderr, and waits like its parent. Returns once the child has
 * dropped the others, so that a listing taken after "ready" sees the final
 * holders. Returns the child's pid.
 */
static pid_t sockmix_child(const char *name, int a, int b)
{
	pid_t parent = getpid(), pid;
	int p[2];
	ssize_t n;
	char c;

	if (pipe2(p, O_CLOEXEC) < 0)
		helper_die("child: pipe");
	/* Nothing buffered may be written twice. */
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		helper_die("child: fork");
	if (pid == 0) {
		int keep[3] = { a, b, p[1] };

		/* Go with the parent, however it ends (it may be gone already). */
		if (prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0) < 0)
			helper_die("child: PR_SET_PDEATHSIG");
		if (getppid() != parent)
			_exit(0);
		sockmix_comm(name);
		sockmix_close_others(keep, 3);
		if (write(p[1], "c", 1) != 1)
			helper_die("child: write to the parent");
		close(p[1]);
		sockmix_hold(false);
		_exit(0);
	}
	close(p[1]);
	do
		n = read(p[0], &c, 1);
	while (n < 0 && errno == EINTR);
	if (n != 1) {
		if (n == 0)
			errno = ECHILD;
		helper_die("child %d did not start", (int)pid);
	}
	close(p[0]);
	if (printf("child %d\n", (int)pid) < 0)
		helper_die("print child");
	return pid;
}

struct sockmix_opts {
	unsigned long base, extra, pace_ms;
	const char *comm, *child_comm;
	bool well_known, orphan, udplite, raw, other;
};

/* Parse argv into o; returns -1 to go on, or the exit code. */
static int sockmix_parse(int argc, char **argv, struct sockmix_opts *o)
{
	static const struct option longopts[] = {
		{ "base", required_argument, NULL, 'b' },
		{ "listeners", required_argument, NULL, 'l' },
		{ "pace", required_argument, NULL, 'p' },
		{ "well-known", no_argument, NULL, 'w' },
		{ "comm", required_argument, NULL, 'c' },
		{ "child", required_argument, NULL, 'C' },
		{ "orphan", no_argument, NULL, 'o' },
		{ "udplite", no_argument, NULL, 'U' },
		{ "raw", no_argument, NULL, 'R' },
		{ "other", no_argument, NULL, 'O' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long v, last;
	int c;

	*o = (struct sockmix_opts){ .base = SOCKMIX_DEFAULT_BASE };
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			if (helper_parse_uint(optarg, 1, 65535, &v) < 0) {
				fprintf(stderr, "sockmix: --base: not a port: %s\n", optarg);
				return 1;
			}
			o->base = v;
			break;
		case 'l':
			if (helper_parse_uint(optarg, 0, 65535, &v) < 0) {
				fprintf(stderr, "sockmix: --listeners: not a count: %s\n", optarg);
				return 1;
			}
			o->extra = v;
			break;
		case 'p':
			if (helper_parse_uint(optarg, 0, 1000, &v) < 0) {
				fprintf(stderr, "sockmix: --pace: not 0 to 1000 ms: %s\n", optarg);
				return 1;
			}
			o->pace_ms = v;
			break;
		case 'w':
			o->well_known = true;
			break;
		case 'c':
			o->comm = optarg;
			break;
		case 'C':
			o->child_comm = optarg;
			break;
		case 'o':
			o->orphan = true;
			break;
		case 'U':
			o->udplite = true;
			break;
		case 'R':
			o->raw = true;
			break;
		case 'O':
			o->other = true;
			break;
		case 'h':
			sockmix_usage(stdout);
			return 0;
		default:
			sockmix_usage(stderr);
			return 1;
		}
	}
	if (optind < argc) {
		sockmix_usage(stderr);
		return 1;
	}
	last = o->base + (o->extra     ? SOCKMIX_EXTRA_OFFSET + o->extra - 1
			  : o->other   ? SOCKMIX_OTHER_LAST
			  : o->udplite ? SOCKMIX_UDPLITE_OFFSET
			  : o->orphan  ? SOCKMIX_ORPHAN_OFFSET
				       : SOCKMIX_LAST_FIXED);
	if (o->other && o->udplite) {
		fprintf(stderr, "sockmix: --other and --udplite both take port +21\n");
		return 1;
	}
	if (last > 65535) {
		fprintf(stderr, "sockmix: --base %lu with --listeners %lu goes past port 65535\n",
			o->base, o->extra);
		return 1;
	}
	if (o->well_known && o->base <= SOCKMIX_DNS_PORT && last >= SOCKMIX_SSH_PORT) {
		fprintf(stderr, "sockmix: --base %lu: the mix would take port %u or %u\n", o->base,
			SOCKMIX_SSH_PORT, SOCKMIX_DNS_PORT);
		return 1;
	}
	return -1;
}

/*
 * The fixed mix of the table at the top. Returns the descriptors a --child
 * shares: the TCP listener at +0 in *l0 and the UDP socket at +10 in *u10.
 */
static void sockmix_make_fixed(unsigned long base, int *l0, int *u10)
{
	int l1, l2, l4, l5, l6;
	int fds[2];

	*l0 = sockmix_listen(AF_INET, "0.0.0.0", base + 0, -1, NULL);
	l1 = sockmix_listen(AF_INET, "127.0.0.1", base + 1, -1, NULL);
	l2 = sockmix_listen(AF_INET, "127.0.0.2", base + 2, -1, NULL);
	sockmix_listen(AF_INET, "127.0.0.3", base + 3, -1, NULL);
	l4 = sockmix_listen(AF_INET6, "::", base + 4, 1, NULL);
	sockmix_listen(AF_INET, "0.0.0.0", base + 4, -1, NULL);
	l5 = sockmix_listen(AF_INET6, "::1", base + 5, 1, NULL);
	l6 = sockmix_listen(AF_INET6, "::", base + 6, 0, NULL);
	sockmix_listen(AF_INET, "0.0.0.0", base + 7, -1, "lo");

	sockmix_pair(l1, AF_INET, "127.0.0.1", base + 1, fds);
	sockmix_pair(l5, AF_INET6, "::1", base + 5, fds);
	sockmix_pair(l6, AF_INET, "127.0.0.1", base + 6, fds);

	*u10 = sockmix_udp(AF_INET, "0.0.0.0", base + 10, -1, NULL, NULL, 0);
	sockmix_udp(AF_INET, "127.0.0.1", base + 11, -1, NULL, NULL, 0);
	sockmix_udp(AF_INET6, "::", base + 12, 1, NULL, NULL, 0);
	sockmix_udp(AF_INET6, "::1", base + 13, 1, NULL, NULL, 0);
	sockmix_udp(AF_INET, "127.0.0.1", base + 14, -1, NULL, "127.0.0.1", base + 11);
	sockmix_udp(AF_INET6, "::1", base + 15, 1, NULL, "::1", base + 13);
	sockmix_udp(AF_INET6, "::", base + 16, 1, "lo", NULL, 0);

	/* The listener at +0 is a wildcard: reach it through 127.0.0.1. */
	sockmix_timewait(*l0, AF_INET, "127.0.0.1", base + 0);
	sockmix_timewait(l2, AF_INET, "127.0.0.2", base + 2);
	sockmix_timewait(l4, AF_INET6, "::1", base + 4);
}

/* --udplite and --raw: a socket of protocol proto bound to addr:port (raw: port 0). */
static void sockmix_single(int type, int proto, const char *addr, unsigned port, const char *what)
{
	struct sockaddr_storage sa;
	socklen_t len = sockmix_addr(&sa, AF_INET, addr, port);
	int fd = socket(AF_INET, type | SOCK_CLOEXEC, proto);

	if (fd < 0)
		helper_die("%s %s:%u: socket", what, addr, port);
	if (bind(fd, (struct sockaddr *)&sa, len) < 0)
		helper_die("%s %s:%u: bind", what, addr, port);
}

/*
 * --orphan: a TCP listener on 127.0.0.1 at +20 that no process holds. Its
 * one descriptor is sent over a Unix socket pair that nobody reads, then
 * closed: the socket lives on in flight, in no /proc/PID/fd, as a socket
 * whose holder died or hid would. The pair stays open so that the kernel
 * keeps what it carries.
 */
static void sockmix_orphan(unsigned long base)
{
	int lfd = sockmix_listen(AF_INET, "127.0.0.1", base + SOCKMIX_ORPHAN_OFFSET, -1, NULL);
	int pair[2];

	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, pair) < 0)
		helper_die("orphan: socketpair");
	helper_send_away(pair, lfd);
}

int main(int argc, char **argv)
{
	struct sockmix_opts o;
	pid_t child = 0;
	int l0, u10, fds[2];
	int rc = sockmix_parse(argc, argv, &o);

	if (rc >= 0)
		return rc;
	/* A reader that went away must not kill us silently in printf. */
	signal(SIGPIPE, SIG_IGN);
	if (o.comm)
		sockmix_comm(o.comm);
	/* Fail before making anything, not in the child. */
	if (o.child_comm && strlen(o.child_comm) > SOCKMIX_COMM_MAX) {
		errno = ENAMETOOLONG;
		helper_die("--child: command name of %zu bytes", strlen(o.child_comm));
	}
	sockmix_fd_limit(o.extra);
	helper_lo_up();

	sockmix_make_fixed(o.base, &l0, &u10);
	if (o.well_known) {
		int lssh = sockmix_listen(AF_INET, "0.0.0.0", SOCKMIX_SSH_PORT, -1, NULL);

		sockmix_pair(lssh, AF_INET, "127.0.0.1", SOCKMIX_SSH_PORT, fds);
		sockmix_udp(AF_INET, "127.0.0.1", SOCKMIX_DNS_PORT, -1, NULL, NULL, 0);
	}
	for (unsigned long i = 0; i < o.extra; i++) {
		if (i > 0 && o.pace_ms)
			sockmix_sleep_ms((long)o.pace_ms);
		sockmix_listen(AF_INET, "127.0.0.1", o.base + SOCKMIX_EXTRA_OFFSET + i, -1, NULL);
	}
	if (o.orphan)
		sockmix_orphan(o.base);
	if (o.udplite)
		sockmix_single(SOCK_DGRAM, IPPROTO_UDPLITE, "0.0.0.0",
			       (unsigned)(o.base + SOCKMIX_UDPLITE_OFFSET), "udplite bind");
	if (o.raw)
		sockmix_single(SOCK_RAW, SOCKMIX_RAW_PROTO, "127.0.0.1", 0, "raw bind");
	if (o.other)
		sockmix_other((unsigned)o.base);
	if (o.child_comm)
		child = sockmix_child(o.child_comm, l0, u10);

	sockmix_hold(true);
	if (child > 0) {
		kill(child, SIGTERM);
		waitpid(child, NULL, 0);
	}
	return 0;
}
