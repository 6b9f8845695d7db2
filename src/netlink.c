/* SPDX-License-Identifier: MIT */
/*
 * Boundary file: opens the sock_diag netlink socket, sends dump requests and
 * receives the replies. Parsing is diag.c's; tests fake this file's libmnl
 * calls with -Wl,--wrap.
 */
#include "netlink.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/sock_diag.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

/*
 * The kernel sizes each dump batch to the reader's buffer, capped at 32 KiB
 * for sock_diag (netlink_dump: max_recvmsg_len); a larger buffer gains
 * nothing and a smaller one truncates.
 */
#define NETLINK_RECV_SIZE 32768

struct pw_netlink {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;
	char buf[NETLINK_RECV_SIZE];
};

static int netlink_connect(struct pw_netlink *nl)
{
	nl->sock = mnl_socket_open(NETLINK_SOCK_DIAG);
	if (!nl->sock)
		return -errno;
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		int err = -errno;

		mnl_socket_close(nl->sock);
		nl->sock = NULL;
		return err;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	return 0;
}

struct pw_netlink *pw_netlink_open(void)
{
	struct pw_netlink *nl = calloc(1, sizeof(*nl));
	int err;

	if (!nl)
		return NULL;
	err = netlink_connect(nl);
	if (err) {
		free(nl);
		errno = -err;
		return NULL;
	}
	/* Distinct sequence numbers per run keep a stale reply from matching. */
	nl->seq = (uint32_t)getpid() << 8;
	return nl;
}

void pw_netlink_close(struct pw_netlink *nl)
{
	if (!nl)
		return;
	if (nl->sock)
		mnl_socket_close(nl->sock);
	free(nl);
}

/* One dump attempt: send the request, then receive until its end. */
static int netlink_dump_once(struct pw_netlink *nl, unsigned proto, int family, uint32_t states,
			     const struct pw_dump_sink *sink)
{
	char req[PW_DIAG_REQ_SIZE];
	struct nlmsghdr *nlh;
	uint32_t seq = ++nl->seq;
	bool legacy = family == AF_UNSPEC;
	int ret;

	if (legacy && proto != PW_PROTO_TCP)
		return -EAFNOSUPPORT;
	nlh = legacy ? pw_diag_build_legacy_request(req, states, seq)
		     : pw_diag_build_request(req, proto, family, states, seq);
	/*
	 * EBUSY: the kernel still runs an earlier dump on this socket and
	 * refuses a second one (netlink_dump_start); a fresh socket has none.
	 */
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return errno == EBUSY ? -EINTR : -errno;
	do {
		ssize_t n = mnl_socket_recvfrom(nl->sock, nl->buf, sizeof(nl->buf));

		if (n < 0) {
			if (errno == EINTR)
				ret = 1;
			else if (errno == ENOSPC) /* libmnl's word for MSG_TRUNC */
				return -EMSGSIZE;
			else
				return -errno;
			continue;
		}
		if (n == 0)
			return -EPROTO;
		if (sink->received)
			sink->received(sink->data);
		if (legacy)
			ret = pw_diag_parse_legacy_batch(nl->buf, (size_t)n, seq, nl->portid,
							 sink->sock, sink->data);
		else
			ret = pw_diag_parse_batch(nl->buf, (size_t)n, seq, nl->portid, proto,
						  sink->sock, sink->data);
	} while (ret == 1);
	return ret;
}

/*
 * Replace the socket. A dump that stopped early (interrupted, or an error
 * mid-way) may still be running in the kernel, which refuses a new dump on
 * that socket with EBUSY, and its rest is queued there; a fresh socket
 * drops both.
 */
static int netlink_reset(struct pw_netlink *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
	return netlink_connect(nl);
}

int pw_netlink_dump(struct pw_netlink *nl, unsigned proto, int family, uint32_t states,
		    const struct pw_dump_sink *sink)
{
	int ret = -EINTR;

	for (int attempt = 0; attempt <= PW_NETLINK_RETRIES && ret == -EINTR; attempt++) {
		if (attempt || !nl->sock) {
			ret = netlink_reset(nl);
			if (ret)
				return ret;
		}
		if (attempt && sink->restart)
			sink->restart(sink->data);
		ret = netlink_dump_once(nl, proto, family, states, sink);
		/* The kernel lost replies for want of buffer space: start over. */
		if (ret == -ENOBUFS)
			ret = -EINTR;
	}
	/* A missing module ends its dump at once; anything else may have left one running. */
	if (ret < 0 && !pw_diag_proto_missing(ret))
		netlink_reset(nl);
	return ret;
}
