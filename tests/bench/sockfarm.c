/* SPDX-License-Identifier: MIT */
/* Benchmark helper: hold a large mix of loopback sockets in a network namespace of its own. */

/*
 * sockfarm --sockets N [--workers W]
 *
 * Makes a new network namespace (unshare(CLONE_NEWNET): root, or
 * CAP_SYS_ADMIN), brings "lo" up, routes fd00::/64 to it as local (so any
 * address there can be bound with IPV6_FREEBIND, without adding each one),
 * then has W worker processes create N sockets between them:
 *
 *   2%   tcp LISTEN, each on an address of its own (127.32.x.y on, or
 *        fd00::1:w:x), on ports spread over 1-9000
 *   20%  udp: half bound (UNCONN), half bound and connected to those (ESTAB)
 *   the rest  tcp ESTAB, both ends of connections to the listeners (of the
 *        same worker), from client addresses 127.64.x.y on (fd00::2:w:x),
 *        40 000 ports each
 *
 * one in three of each kind over IPv6. Every port is chosen, not left to the
 * kernel: with a hundred thousand connections, finding a free ephemeral port
 * would cost more than the connection. TCP sockets have SO_LINGER 0, so when
 * the farm goes, its connections are reset instead of piling up in
 * TIME-WAIT. RLIMIT_NOFILE is raised to what a worker of 250 000 sockets
 * needs when CAP_SYS_RESOURCE allows; otherwise more workers share the
 * sockets, each within the hard limit.
 *
 * Prints "ready PID N" (PID: whose /proc/PID/ns/net to enter; N: sockets)
 * on stdout when every socket exists, then holds them until stdin reaches
 * EOF or SIGTERM arrives. Any failure prints "sockfarm: <step>: <reason>
 * (errno N)" and exits 1.
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../helpers/helper.h"

/*
 * A worker's share: at most this many sockets (and as many fds), fewer
 * when RLIMIT_NOFILE's hard limit cannot be raised (no CAP_SYS_RESOURCE).
 */
#define FARM_PER_WORKER 250000ul
#define FARM_MAX_WORKERS 200ul
#define FARM_MAX_SOCKETS 4000000ul
/* Addresses per role in a worker: its listeners (2% of its share) need most. */
#define FARM_ADDRS_PER_WORKER 8192u
/* File descriptors a worker needs beside its sockets. */
#define FARM_SPARE_FDS 64ul
/* Ports per client or UDP address; all from FARM_PORT_BASE on. */
#define FARM_PORTS_PER_ADDR 40000u
#define FARM_PORT_BASE 10000u
/* Listener ports: 1 to FARM_LISTEN_PORTS, so well-known and registered ones. */
#define FARM_LISTEN_PORTS 9000u

/* The kinds of socket, which also pick the address block. */
enum farm_role {
	FARM_LISTENER = 1,
	FARM_CLIENT = 2,
	FARM_UDP = 3,
	FARM_UDP_CONN = 4,
};

static void farm_usage(FILE *f)
{
	fputs("usage: sockfarm --sockets N [--workers W]\n"
	      "Create N loopback sockets (tcp listeners and connections, udp bound and\n"
	      "connected, v4 and v6) in a new network namespace, print \"ready PID N\",\n"
	      "and hold them until stdin reaches EOF or SIGTERM. Needs root.\n",
	      f);
}

/*
 * The address of item idx of a role in worker w: for IPv4 127.b.x.y, where
 * b.x.y counts (w, idx) from 32 * role on, 255 hosts per /24 (no .0); for
 * IPv6 fd00::role:w:idx. Addresses never repeat across roles and workers.
 */
static socklen_t farm_addr(struct sockaddr_storage *sa, int family, enum farm_role role, unsigned w,
			   unsigned idx, unsigned port)
{
	memset(sa, 0, sizeof(*sa));
	if (family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)sa;
		uint8_t *a = (uint8_t *)&in->sin_addr;
		unsigned num = w * FARM_ADDRS_PER_WORKER + idx;

		in->sin_family = AF_INET;
		in->sin_port = htons((uint16_t)port);
		a[0] = 127;
		a[1] = (uint8_t)(32 * role + num / (256 * 255));
		a[2] = (uint8_t)(num % (256 * 255) / 255);
		a[3] = (uint8_t)(num % 255 + 1);
		return sizeof(*in);
	}
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)sa;
	uint8_t *a = in6->sin6_addr.s6_addr;

	in6->sin6_family = AF_INET6;
	in6->sin6_port = htons((uint16_t)port);
	a[0] = 0xfd;
	a[11] = (uint8_t)role;
	a[12] = (uint8_t)(w >> 8);
	a[13] = (uint8_t)w;
	a[14] = (uint8_t)(idx >> 8);
	a[15] = (uint8_t)idx;
	return sizeof(*in6);
}

static int farm_socket(int family, int type, enum farm_role role, unsigned w, unsigned idx,
		       unsigned port)
{
	static const struct linger rst = { .l_onoff = 1, .l_linger = 0 };
	struct sockaddr_storage sa;
	socklen_t len = farm_addr(&sa, family, role, w, idx, port);
	int one = 1, fd;

	fd = socket(family, type | SOCK_CLOEXEC, 0);
	if (fd < 0)
		helper_die("socket (role %d, item %u)", role, idx);
	if (type == SOCK_STREAM && setsockopt(fd, SOL_SOCKET, SO_LINGER, &rst, sizeof(rst)) < 0)
		helper_die("SO_LINGER");
	if (family == AF_INET6) {
		/* fd00::/64 is routed, not assigned: binding there needs freebind. */
		if (setsockopt(fd, IPPROTO_IPV6, IPV6_FREEBIND, &one, sizeof(one)) < 0 ||
		    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) < 0)
			helper_die("IPV6_FREEBIND/IPV6_V6ONLY");
	}
	if (bind(fd, (struct sockaddr *)&sa, len) < 0)
		helper_die("bind (role %d, worker %u, item %u, port %u)", role, w, idx, port);
	return fd;
}

static void farm_connect(int fd, int family, enum farm_role role, unsigned w, unsigned idx,
			 unsigned port)
{
	struct sockaddr_storage sa;
	socklen_t len = farm_addr(&sa, family, role, w, idx, port);

	/* Blocking: on loopback the handshake is over before connect returns. */
	if (connect(fd, (struct sockaddr *)&sa, len) < 0)
		helper_die("connect (to role %d, worker %u, item %u, port %u)", role, w, idx, port);
}

/* Every third item is IPv6. */
static int farm_family(unsigned long i)
{
	return i % 3 == 2 ? AF_INET6 : AF_INET;
}

static unsigned farm_listen_port(unsigned long j)
{
	return 1 + (unsigned)((j * 7) % FARM_LISTEN_PORTS);
}

/*
 * Raise RLIMIT_NOFILE to need, past the hard limit when allowed. Returns
 * how many fds this process may then have.
 */
static rlim_t farm_raise_nofile(rlim_t need)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		helper_die("getrlimit");
	if (rl.rlim_cur >= need)
		return rl.rlim_cur;
	rl.rlim_cur = need;
	if (rl.rlim_max < need) {
		struct rlimit raised = { need, need };

		if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
			return need;
		rl.rlim_cur = rl.rlim_max;
	}
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
		helper_die("setrlimit RLIMIT_NOFILE %llu", (unsigned long long)rl.rlim_cur);
	return rl.rlim_cur;
}

struct farm_share {
	unsigned long listeners, pairs, udp, udp_conn;
};

/*
 * Split n sockets into the mix: 2% listeners, 20% udp, and the rest
 * connections (two sockets each). At least one listener when there are
 * pairs to accept.
 */
static struct farm_share farm_split(unsigned long n)
{
	struct farm_share s;
	unsigned long rest;

	s.listeners = n / 50 ? n / 50 : 1;
	s.udp = n / 10;
	s.udp_conn = n / 10;
	rest = n > s.listeners + s.udp + s.udp_conn ? n - s.listeners - s.udp - s.udp_conn : 0;
	s.pairs = rest / 2;
	/* An odd remainder goes to UDP, so the total is exactly n. */
	s.udp += rest % 2;
	if (s.listeners + s.udp + s.udp_conn > n) {
		s.udp = n > s.listeners ? n - s.listeners : 0;
		s.udp_conn = 0;
		s.pairs = 0;
	}
	return s;
}

/* Build one worker's share of the farm; the sockets stay open until exit. */
static void farm_build(unsigned w, const struct farm_share *s)
{
	int *lfd = calloc(s->listeners, sizeof(*lfd));
	unsigned long i;

	if (!lfd)
		helper_die("calloc");
	for (i = 0; i < s->listeners; i++) {
		lfd[i] = farm_socket(farm_family(i), SOCK_STREAM, FARM_LISTENER, w, (unsigned)i,
				     farm_listen_port(i));
		if (listen(lfd[i], 64) < 0)
			helper_die("listen");
	}
	for (i = 0; i < s->pairs; i++) {
		unsigned long j = i % s->listeners;
		int fam = farm_family(j);
		unsigned idx = (unsigned)(i / FARM_PORTS_PER_ADDR);
		unsigned port = FARM_PORT_BASE + (unsigned)(i % FARM_PORTS_PER_ADDR);
		int c = farm_socket(fam, SOCK_STREAM, FARM_CLIENT, w, idx, port);

		farm_connect(c, fam, FARM_LISTENER, w, (unsigned)j, farm_listen_port(j));
		if (accept4(lfd[j], NULL, NULL, SOCK_CLOEXEC) < 0)
			helper_die("accept");
	}
	for (i = 0; i < s->udp; i++)
		farm_socket(farm_family(i), SOCK_DGRAM, FARM_UDP, w,
			    (unsigned)(i / FARM_PORTS_PER_ADDR),
			    FARM_PORT_BASE + (unsigned)(i % FARM_PORTS_PER_ADDR));
	for (i = 0; i < s->udp_conn; i++) {
		/* Connected to a bound one, of that one's family. */
		unsigned long peer = s->udp ? i % s->udp : 0;
		int fam = farm_family(peer);
		int fd = farm_socket(fam, SOCK_DGRAM, FARM_UDP_CONN, w,
				     (unsigned)(i / FARM_PORTS_PER_ADDR),
				     FARM_PORT_BASE + (unsigned)(i % FARM_PORTS_PER_ADDR));

		if (!s->udp)
			continue;
		farm_connect(fd, fam, FARM_UDP, w, (unsigned)(peer / FARM_PORTS_PER_ADDR),
			     FARM_PORT_BASE + (unsigned)(peer % FARM_PORTS_PER_ADDR));
	}
	free(lfd);
}

/* "ip -6 route add local fd00::/64 dev lo", over rtnetlink. */
static void farm_route_v6(void)
{
	char buf[8192];
	struct in6_addr dst = { .s6_addr = { 0xfd } };
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	struct rtmsg *rt;
	ssize_t n;

	nl = mnl_socket_open(NETLINK_ROUTE);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		helper_die("route: rtnetlink socket");
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK;
	nlh->nlmsg_seq = 1;
	rt = mnl_nlmsg_put_extra_header(nlh, sizeof(*rt));
	rt->rtm_family = AF_INET6;
	rt->rtm_dst_len = 64;
	rt->rtm_table = RT_TABLE_LOCAL;
	rt->rtm_protocol = RTPROT_STATIC;
	rt->rtm_scope = RT_SCOPE_HOST;
	rt->rtm_type = RTN_LOCAL;
	mnl_attr_put(nlh, RTA_DST, sizeof(dst), &dst);
	mnl_attr_put_u32(nlh, RTA_OIF, if_nametoindex("lo"));
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		helper_die("route: send");
	n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
	if (n < 0 || mnl_cb_run(buf, (size_t)n, 1, mnl_socket_get_portid(nl), NULL, NULL) < 0)
		helper_die("route: local fd00::/64 dev lo");
	mnl_socket_close(nl);
}

/* Wait for stdin's EOF or SIGTERM/SIGINT, whichever comes first. */
static void farm_hold(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	char buf[256];

	for (;;) {
		if (poll(&p, 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		if (read(STDIN_FILENO, buf, sizeof(buf)) <= 0)
			return;
	}
}

static void farm_on_term(int sig)
{
	(void)sig;
	_exit(0);
}

/* Run worker w: build its share, say so on done, then wait for the parent to go. */
static void farm_worker(unsigned w, const struct farm_share *s, int done, int hold)
{
	char byte = 1;

	farm_build(w, s);
	if (write(done, &byte, 1) != 1)
		helper_die("worker %u: report", w);
	close(done);
	/* The parent holds hold's write end: EOF here means it went away. */
	while (read(hold, &byte, 1) < 0 && errno == EINTR)
		;
	_exit(0);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "sockets", required_argument, NULL, 'n' },
		{ "workers", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	unsigned long n = 0, workers = 0, w;
	rlim_t per;
	int done[2], hold[2], c;
	pid_t pids[FARM_MAX_WORKERS];
	char byte;

	while ((c = getopt_long(argc, argv, "n:w:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (helper_parse_uint(optarg, 1, FARM_MAX_SOCKETS, &n) < 0) {
				fprintf(stderr, "sockfarm: --sockets: 1 to %lu\n",
					FARM_MAX_SOCKETS);
				return 2;
			}
			break;
		case 'w':
			if (helper_parse_uint(optarg, 1, FARM_MAX_WORKERS, &workers) < 0) {
				fprintf(stderr, "sockfarm: --workers: 1 to %lu\n",
					FARM_MAX_WORKERS);
				return 2;
			}
			break;
		case 'h':
			farm_usage(stdout);
			return 0;
		default:
			farm_usage(stderr);
			return 2;
		}
	}
	if (!n || optind != argc) {
		farm_usage(stderr);
		return 2;
	}
	/* Workers inherit the limit: one socket per fd. */
	per = farm_raise_nofile(FARM_PER_WORKER + FARM_SPARE_FDS);
	per = per > FARM_PER_WORKER + FARM_SPARE_FDS ? FARM_PER_WORKER : per - FARM_SPARE_FDS;
	if (!workers)
		workers = (n + per - 1) / per;
	if (workers > FARM_MAX_WORKERS || (n + workers - 1) / workers > per) {
		errno = EMFILE;
		helper_die("%lu sockets over %lu workers of at most %lu fds each", n, workers,
			   (unsigned long)per);
	}
	if (unshare(CLONE_NEWNET) < 0)
		helper_die("unshare(CLONE_NEWNET) (needs root)");
	helper_lo_up();
	farm_route_v6();
	signal(SIGTERM, farm_on_term);
	signal(SIGINT, farm_on_term);
	signal(SIGPIPE, SIG_IGN);
	if (pipe2(done, O_CLOEXEC) < 0 || pipe2(hold, O_CLOEXEC) < 0)
		helper_die("pipe");
	for (w = 0; w < workers; w++) {
		/* The last worker takes the remainder, so the total is exactly n. */
		unsigned long share =
			w + 1 < workers ? n / workers : n - (workers - 1) * (n / workers);
		struct farm_share s = farm_split(share);

		pids[w] = fork();
		if (pids[w] < 0)
			helper_die("fork");
		if (pids[w] == 0) {
			close(done[0]);
			close(hold[1]);
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			farm_worker((unsigned)w, &s, done[1], hold[0]);
		}
	}
	close(done[1]);
	close(hold[0]);
	for (w = 0; w < workers; w++) {
		if (read(done[0], &byte, 1) != 1) {
			errno = ECHILD;
			helper_die("a worker failed");
		}
	}
	printf("ready %d %lu\n", (int)getpid(), n);
	fflush(stdout);
	farm_hold();
	close(hold[1]);
	for (w = 0; w < workers; w++)
		waitpid(pids[w], NULL, 0);
	return 0;
}
