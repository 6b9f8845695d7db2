/* SPDX-License-Identifier: MIT */
/* Test helper: sock_diag replies built with libmnl's message and attribute writers. */
#include "nlbuild.h"

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <stdlib.h>
#include <string.h>

void nlb_init(struct nlb *b, uint32_t seq, uint32_t portid)
{
	memset(b, 0, sizeof(*b));
	b->seq = seq;
	b->portid = portid;
	b->type = SOCK_DIAG_BY_FAMILY;
}

static struct nlmsghdr *nlb_put(struct nlb *b, uint16_t type)
{
	struct nlmsghdr *nlh;

	if (b->len + 4096 > sizeof(b->buf))
		abort();
	nlh = mnl_nlmsg_put_header(b->buf + b->len);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_MULTI;
	nlh->nlmsg_seq = b->seq;
	nlh->nlmsg_pid = b->portid;
	return nlh;
}

/* Account for nlh once it is complete. */
static void nlb_close(struct nlb *b, struct nlmsghdr *nlh)
{
	b->len = (size_t)((char *)nlh - b->buf) + MNL_ALIGN(nlh->nlmsg_len);
}

struct nlmsghdr *nlb_sock(struct nlb *b, int family, uint8_t state, const char *laddr,
			  uint16_t lport, const char *raddr, uint16_t rport, uint64_t cookie,
			  uint32_t inode)
{
	struct nlmsghdr *nlh = nlb_put(b, b->type);
	struct inet_diag_msg *m = mnl_nlmsg_put_extra_header(nlh, sizeof(*m));

	m->idiag_family = (uint8_t)family;
	m->idiag_state = state;
	m->id.idiag_sport = htons(lport);
	m->id.idiag_dport = htons(rport);
	if (inet_pton(family, laddr, m->id.idiag_src) != 1 ||
	    inet_pton(family, raddr, m->id.idiag_dst) != 1)
		abort();
	m->id.idiag_cookie[0] = (uint32_t)cookie;
	m->id.idiag_cookie[1] = (uint32_t)(cookie >> 32);
	m->idiag_uid = 1000;
	m->idiag_inode = inode;
	m->idiag_rqueue = 1;
	m->idiag_wqueue = 2;
	nlb_close(b, nlh);
	return nlh;
}

void nlb_attr(struct nlb *b, struct nlmsghdr *nlh, uint16_t type, const void *data, size_t len)
{
	mnl_attr_put(nlh, type, len, data);
	nlb_close(b, nlh);
}

void nlb_done(struct nlb *b, int32_t err)
{
	struct nlmsghdr *nlh = nlb_put(b, NLMSG_DONE);

	memcpy(mnl_nlmsg_put_extra_header(nlh, sizeof(err)), &err, sizeof(err));
	nlb_close(b, nlh);
}

void nlb_error(struct nlb *b, int32_t err)
{
	struct nlmsghdr *nlh = nlb_put(b, NLMSG_ERROR);
	struct nlmsgerr *e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));

	e->error = err;
	nlb_close(b, nlh);
}
