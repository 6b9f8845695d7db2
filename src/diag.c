/* SPDX-License-Identifier: MIT */
/* inet_diag over sock_diag: request building and reply parsing, on buffers only. */
#include "diag.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

static const uint8_t diag_ipproto[PW_PROTO_COUNT] = {
	[PW_PROTO_TCP] = IPPROTO_TCP,	      [PW_PROTO_UDP] = IPPROTO_UDP,
	[PW_PROTO_UDPLITE] = IPPROTO_UDPLITE, [PW_PROTO_RAW] = IPPROTO_RAW,
	[PW_PROTO_SCTP] = IPPROTO_SCTP,
};

/*
 * The states mask as the kernel is asked. SYN-RECV is asked as such; the
 * kernel answers with request sockets. A TCP socket in CLOSE is in none of
 * the tables a dump walks (tcp_set_state() unhashes it), but asking for
 * CLOSE makes the kernel walk every connection to find none: listing TCP
 * listeners (LISTEN, with UDP's CLOSE) would cost as much as listing all.
 */
static uint32_t diag_states(unsigned proto, uint32_t states)
{
	if (states & PW_ST_BIT(PW_ST_SYN_RECV))
		states |= PW_ST_BIT(PW_ST_NEW_SYN_RECV);
	if (proto == PW_PROTO_TCP)
		states &= ~PW_ST_BIT(PW_ST_CLOSE);
	return states;
}

static struct nlmsghdr *diag_put_header(void *buf, uint16_t type, uint32_t seq)
{
	struct nlmsghdr *nlh;

	memset(buf, 0, PW_DIAG_REQ_SIZE);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	return nlh;
}

struct nlmsghdr *pw_diag_build_request(void *buf, unsigned proto, int family, uint32_t states,
				       uint32_t seq)
{
	struct nlmsghdr *nlh = diag_put_header(buf, SOCK_DIAG_BY_FAMILY, seq);
	struct inet_diag_req_raw *req;

	/*
	 * inet_diag_req_raw is inet_diag_req_v2 with its pad byte named: raw
	 * sockets need the IP protocol there, and IPPROTO_RAW asks for all of
	 * them (net/ipv4/raw_diag.c). Other protocols ignore it.
	 */
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	req->sdiag_family = (uint8_t)family;
	req->sdiag_protocol = proto < PW_PROTO_COUNT ? diag_ipproto[proto] : 0;
	if (proto == PW_PROTO_RAW)
		req->sdiag_raw_protocol = IPPROTO_RAW;
	req->idiag_states = diag_states(proto, states);
	req->id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
	req->id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
	return nlh;
}

struct nlmsghdr *pw_diag_build_legacy_request(void *buf, uint32_t states, uint32_t seq)
{
	struct nlmsghdr *nlh = diag_put_header(buf, TCPDIAG_GETSOCK, seq);
	struct inet_diag_req *req;

	/* The kernel reads the family as AF_UNSPEC whatever is sent; say so anyway. */
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	req->idiag_family = AF_UNSPEC;
	req->idiag_states = diag_states(PW_PROTO_TCP, states);
	req->id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
	req->id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
	return nlh;
}

/* The attributes we read, with the payload each must have at least. */
static const unsigned diag_attr_len[INET_DIAG_MAX + 1] = {
	[INET_DIAG_SKV6ONLY] = sizeof(uint8_t),
};

/*
 * Collect the attributes after the inet_diag_msg into tb. Unknown ones are
 * skipped; one we read with a short payload, or bytes that do not form a
 * whole attribute (mnl_attr_for_each silently stops there), are malformed.
 */
static int diag_parse_attrs(const struct nlmsghdr *nlh, size_t offset,
			    const struct nlattr *tb[INET_DIAG_MAX + 1])
{
	const struct nlattr *attr;
	const char *tail = mnl_nlmsg_get_payload_tail(nlh);

	mnl_attr_for_each(attr, nlh, offset)
	{
		uint16_t type = mnl_attr_get_type(attr);

		if (type > INET_DIAG_MAX)
			continue;
		if (mnl_attr_get_payload_len(attr) < diag_attr_len[type])
			return -EPROTO;
		tb[type] = attr;
	}
	/* The kernel pads every attribute, so only alignment slack may be left. */
	if (tail - (const char *)attr >= (ptrdiff_t)sizeof(struct nlattr))
		return -EPROTO;
	return 0;
}

static void diag_copy_addr(uint8_t dst[16], const __be32 src[4], int family)
{
	memset(dst, 0, 16);
	memcpy(dst, src, family == AF_INET6 ? 16 : 4);
}

int pw_diag_parse_msg(const struct nlmsghdr *nlh, unsigned proto, struct pw_sock *s)
{
	const struct inet_diag_msg *m;
	const struct nlattr *tb[INET_DIAG_MAX + 1] = { 0 };

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*m)))
		return -EPROTO;
	m = mnl_nlmsg_get_payload(nlh);
	if (m->idiag_family != AF_INET && m->idiag_family != AF_INET6)
		return -EPROTO;
	if (diag_parse_attrs(nlh, sizeof(*m), tb) < 0)
		return -EPROTO;

	memset(s, 0, sizeof(*s));
	s->proto = (uint8_t)proto;
	s->family = m->idiag_family;
	s->state = m->idiag_state;
	s->lport = ntohs(m->id.idiag_sport);
	s->rport = ntohs(m->id.idiag_dport);
	diag_copy_addr(s->laddr, m->id.idiag_src, s->family);
	diag_copy_addr(s->raddr, m->id.idiag_dst, s->family);
	s->ifindex = m->id.idiag_if;
	s->cookie = (uint64_t)m->id.idiag_cookie[1] << 32 | m->id.idiag_cookie[0];
	s->uid = m->idiag_uid;
	s->inode = m->idiag_inode;
	s->rqueue = m->idiag_rqueue;
	s->wqueue = m->idiag_wqueue;
	s->v6only = tb[INET_DIAG_SKV6ONLY] ? (int8_t)(mnl_attr_get_u8(tb[INET_DIAG_SKV6ONLY]) != 0)
					   : -1;
	pw_sock_mark_uid_unknown(s);
	return 0;
}

struct diag_batch {
	uint16_t type; /* of the replies: the request's */
	unsigned proto;
	pw_sock_cb cb;
	void *data;
	int err;
};

static int diag_data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct diag_batch *b = data;
	struct pw_sock s;
	int err;

	if (nlh->nlmsg_type != b->type) {
		b->err = -EPROTO;
		return MNL_CB_ERROR;
	}
	err = pw_diag_parse_msg(nlh, b->proto, &s);
	if (!err)
		err = b->cb(&s, b->data);
	if (err) {
		b->err = err;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

/*
 * libmnl's default NLMSG_DONE handler ignores the payload, but an inet_diag
 * dump that failed at the start (no diag module for the protocol) ends with
 * a DONE carrying the negative errno (net/netlink/af_netlink.c, netlink_dump_done).
 */
static int diag_done_cb(const struct nlmsghdr *nlh, void *data)
{
	struct diag_batch *b = data;
	int32_t err;

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(err)) {
		memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
		if (err < 0) {
			b->err = err;
			return MNL_CB_ERROR;
		}
	}
	return MNL_CB_STOP;
}

static int diag_error_cb(const struct nlmsghdr *nlh, void *data)
{
	struct diag_batch *b = data;
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e)) {
		b->err = -EPROTO;
		return MNL_CB_ERROR;
	}
	if (e->error == 0)
		return MNL_CB_STOP;
	b->err = e->error < 0 ? e->error : -EPROTO;
	return MNL_CB_ERROR;
}

/*
 * True when buf holds whole netlink messages and nothing else. libmnl's
 * mnl_nlmsg_ok compares the length as a signed int, so a message claiming
 * 0xffffffff bytes passes it and MNL_ALIGN wraps that to 0: mnl_cb_run
 * would then loop for ever on one message. Lengths are checked here, as
 * unsigned numbers, before libmnl walks the batch.
 */
static bool diag_batch_whole(const void *buf, size_t len)
{
	const char *p = buf;

	while (len >= NLMSG_HDRLEN) {
		uint32_t mlen = ((const struct nlmsghdr *)p)->nlmsg_len;
		size_t step;

		if (mlen < NLMSG_HDRLEN || mlen > len)
			return false;
		step = NLMSG_ALIGN((size_t)mlen);
		if (step >= len)
			return true;
		p += step;
		len -= step;
	}
	return len == 0;
}

static int diag_parse(const void *buf, size_t len, uint32_t seq, uint32_t portid, uint16_t type,
		      unsigned proto, pw_sock_cb cb, void *data)
{
	static mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_ERROR] = diag_error_cb,
		[NLMSG_DONE] = diag_done_cb,
	};
	struct diag_batch b = { .type = type, .proto = proto, .cb = cb, .data = data };
	int ret;

	if (len == 0 || len > INT32_MAX || !diag_batch_whole(buf, len))
		return -EPROTO;
	ret = mnl_cb_run2(buf, len, seq, portid, diag_data_cb, &b, ctl, NLMSG_MIN_TYPE);
	if (ret > MNL_CB_STOP)
		return 1;
	if (ret == MNL_CB_STOP)
		return 0;
	if (b.err)
		return b.err;
	/* libmnl's own refusals: EINTR for NLM_F_DUMP_INTR, ESRCH/EPROTO for foreign replies. */
	return errno == EINTR ? -EINTR : -EPROTO;
}

int pw_diag_parse_batch(const void *buf, size_t len, uint32_t seq, uint32_t portid, unsigned proto,
			pw_sock_cb cb, void *data)
{
	return diag_parse(buf, len, seq, portid, SOCK_DIAG_BY_FAMILY, proto, cb, data);
}

int pw_diag_parse_legacy_batch(const void *buf, size_t len, uint32_t seq, uint32_t portid,
			       pw_sock_cb cb, void *data)
{
	/* The kernel answers with the request's own message type. */
	return diag_parse(buf, len, seq, portid, TCPDIAG_GETSOCK, PW_PROTO_TCP, cb, data);
}

int pw_diag_proto_missing(int err)
{
	return err == -ENOENT || err == -EINVAL || err == -EOPNOTSUPP;
}
