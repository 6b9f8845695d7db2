/* SPDX-License-Identifier: MIT */
/* Test helper: build sock_diag reply batches with libmnl, as the kernel would send them. */
#ifndef PW_NLBUILD_H
#define PW_NLBUILD_H

#include <linux/netlink.h>
#include <stddef.h>
#include <stdint.h>

struct nlb {
	size_t len;
	uint32_t seq;
	uint32_t portid;
	uint16_t type; /* of socket messages: SOCK_DIAG_BY_FAMILY, or the legacy TCPDIAG_GETSOCK */
	char buf[65536] __attribute__((aligned(4)));
};

/* Start an empty batch whose messages carry seq and portid; socket messages are SOCK_DIAG_BY_FAMILY. */
void nlb_init(struct nlb *b, uint32_t seq, uint32_t portid);

/*
 * Append one socket message (of b->type). laddr/raddr are text addresses of
 * family (AF_INET or AF_INET6). Returns it, so attributes can follow.
 */
struct nlmsghdr *nlb_sock(struct nlb *b, int family, uint8_t state, const char *laddr,
			  uint16_t lport, const char *raddr, uint16_t rport, uint64_t cookie,
			  uint32_t inode);

/* Append an attribute of len bytes to nlh, the last message of b. */
void nlb_attr(struct nlb *b, struct nlmsghdr *nlh, uint16_t type, const void *data, size_t len);

/* Append NLMSG_DONE carrying err (0, or a negative errno). */
void nlb_done(struct nlb *b, int32_t err);

/* Append NLMSG_ERROR carrying err. */
void nlb_error(struct nlb *b, int32_t err);

#endif
