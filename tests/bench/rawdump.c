/* SPDX-License-Identifier: MIT */
/* Benchmark helper: the kernel's own cost, a bare sock_diag dump that only counts. */

/*
 * rawdump [--v2]
 *
 * Dumps TCP and UDP sockets of both families over NETLINK_SOCK_DIAG with
 * libmnl, doing nothing with them, and prints how many there were. It asks
 * what portwatch -tua asks (the same states; TCP of both families in one
 * TCPDIAG_GETSOCK request, UDP in one SOCK_DIAG_BY_FAMILY request per
 * family), so it is the kernel's share of portwatch's cost: the floor the
 * benchmark's ratios are read against. With --v2, TCP is asked per family
 * too, as ss asks.
 */

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static char rd_buf[32768];

/*
 * Every state but the bound-inactive pseudo state (as PW_ST_ALL), and for
 * TCP without CLOSE, which no TCP socket in the kernel's tables is in.
 */
#define RD_STATES_UDP 0x1ffeu
#define RD_STATES_TCP (RD_STATES_UDP & ~(1u << 7))

static int rd_count(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	++*(unsigned long *)data;
	return MNL_CB_OK;
}

static int rd_dump(struct mnl_socket *nl, struct nlmsghdr *nlh, unsigned long *count)
{
	unsigned portid = mnl_socket_get_portid(nl);
	int ret;

	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	do {
		ssize_t n = mnl_socket_recvfrom(nl, rd_buf, sizeof(rd_buf));

		if (n <= 0)
			return -1;
		ret = mnl_cb_run(rd_buf, (size_t)n, nlh->nlmsg_seq, portid, rd_count, count);
	} while (ret > MNL_CB_STOP);
	return ret;
}

static int rd_v2(struct mnl_socket *nl, int family, int proto, unsigned seq, unsigned long *count)
{
	char req[128] = { 0 };
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
	struct inet_diag_req_v2 *r;

	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	r = mnl_nlmsg_put_extra_header(nlh, sizeof(*r));
	r->sdiag_family = (unsigned char)family;
	r->sdiag_protocol = (unsigned char)proto;
	r->idiag_states = proto == IPPROTO_TCP ? RD_STATES_TCP : RD_STATES_UDP;
	return rd_dump(nl, nlh, count);
}

static int rd_legacy_tcp(struct mnl_socket *nl, unsigned seq, unsigned long *count)
{
	char req[128] = { 0 };
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
	struct inet_diag_req *r;

	nlh->nlmsg_type = TCPDIAG_GETSOCK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	r = mnl_nlmsg_put_extra_header(nlh, sizeof(*r));
	r->idiag_family = AF_UNSPEC;
	r->idiag_states = RD_STATES_TCP;
	return rd_dump(nl, nlh, count);
}

int main(int argc, char **argv)
{
	int v2 = argc > 1 && strcmp(argv[1], "--v2") == 0;
	unsigned long count = 0;
	struct mnl_socket *nl;
	int err = 0;

	if (argc > 1 + v2) {
		fputs("usage: rawdump [--v2]\n", stderr);
		return 2;
	}
	nl = mnl_socket_open(NETLINK_SOCK_DIAG);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("rawdump: sock_diag socket");
		return 1;
	}
	if (v2)
		err |= rd_v2(nl, AF_INET, IPPROTO_TCP, 1, &count) |
		       rd_v2(nl, AF_INET6, IPPROTO_TCP, 2, &count);
	else
		err |= rd_legacy_tcp(nl, 1, &count);
	err |= rd_v2(nl, AF_INET, IPPROTO_UDP, 3, &count) |
	       rd_v2(nl, AF_INET6, IPPROTO_UDP, 4, &count);
	mnl_socket_close(nl);
	if (err) {
		fprintf(stderr, "rawdump: dump failed: %s\n", strerror(errno));
		return 1;
	}
	printf("%lu\n", count);
	return 0;
}
