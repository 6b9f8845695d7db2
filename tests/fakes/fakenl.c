/* SPDX-License-Identifier: MIT */
/* Test fake of the netlink boundary: the wrapped libmnl socket calls play a script of replies. */
#include "fakenl.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <string.h>
#include <sys/types.h>

#include <cmocka.h>

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <sys/socket.h>

#include "nlbuild.h"

#define FAKENL_PORTID 99

struct fakenl_state fakenl;

/* The batch being answered: too big for the stack of a test. */
static struct nlb fakenl_batch;

/* The real names are the linker's (-Wl,--wrap); these prototypes are for -Wmissing-prototypes. */
struct mnl_socket *__wrap_mnl_socket_open(int bus);
int __wrap_mnl_socket_bind(struct mnl_socket *nl, unsigned int groups, pid_t pid);
unsigned int __wrap_mnl_socket_get_portid(const struct mnl_socket *nl);
ssize_t __wrap_mnl_socket_sendto(const struct mnl_socket *nl, const void *req, size_t siz);
ssize_t __wrap_mnl_socket_recvfrom(const struct mnl_socket *nl, void *buf, size_t siz);
int __wrap_mnl_socket_close(struct mnl_socket *nl);

void fakenl_play(const struct fakenl_step *script, size_t n)
{
	memset(&fakenl, 0, sizeof(fakenl));
	fakenl.script = script;
	fakenl.nsteps = n;
}

struct mnl_socket *__wrap_mnl_socket_open(int bus)
{
	static int token;

	assert_int_equal(bus, NETLINK_SOCK_DIAG);
	if (fakenl.open_errno) {
		errno = fakenl.open_errno;
		return NULL;
	}
	fakenl.opens++;
	return (struct mnl_socket *)&token;
}

int __wrap_mnl_socket_bind(struct mnl_socket *nl, unsigned int groups, pid_t pid)
{
	(void)nl;
	(void)groups;
	(void)pid;
	return 0;
}

unsigned int __wrap_mnl_socket_get_portid(const struct mnl_socket *nl)
{
	(void)nl;
	return FAKENL_PORTID;
}

/* Note what the request asked for, refused or not: tests check both. */
static void fakenl_record(const struct nlmsghdr *nlh, size_t siz)
{
	struct fakenl_sent *r;

	fakenl.seq = nlh->nlmsg_seq;
	fakenl.type = nlh->nlmsg_type;
	fakenl.family = ((const uint8_t *)mnl_nlmsg_get_payload(nlh))[0];
	if (fakenl.sends >= (int)(sizeof(fakenl.req) / sizeof(fakenl.req[0])))
		return;
	r = &fakenl.req[fakenl.sends];
	r->type = nlh->nlmsg_type;
	r->family = (uint8_t)fakenl.family;
	r->len = siz;
	if (nlh->nlmsg_type == TCPDIAG_GETSOCK) {
		r->states =
			((const struct inet_diag_req *)mnl_nlmsg_get_payload(nlh))->idiag_states;
	} else {
		const struct inet_diag_req_v2 *v2 = mnl_nlmsg_get_payload(nlh);

		r->protocol = v2->sdiag_protocol;
		r->states = v2->idiag_states;
	}
}

ssize_t __wrap_mnl_socket_sendto(const struct mnl_socket *nl, const void *req, size_t siz)
{
	(void)nl;
	fakenl_record(req, siz);
	fakenl.sends++;
	if (fakenl.send_errno) {
		errno = fakenl.send_errno;
		if (fakenl.send_once)
			fakenl.send_errno = 0;
		return -1;
	}
	return (ssize_t)siz;
}

/* The sockets of a step, in the family of the request. */
static void fakenl_socks(const struct fakenl_step *st)
{
	for (int i = 0; i < st->arg; i++) {
		uint16_t port = (uint16_t)(st->first + i);
		uint64_t cookie = (uint64_t)st->first + (uint64_t)i;

		if (fakenl.family == AF_INET6 || (fakenl.family == AF_UNSPEC && i % 2))
			nlb_sock(&fakenl_batch, AF_INET6, 10, "::", port, "::", 0, cookie, 1);
		else
			nlb_sock(&fakenl_batch, AF_INET, 10, "0.0.0.0", port, "0.0.0.0", 0, cookie,
				 1);
	}
}

ssize_t __wrap_mnl_socket_recvfrom(const struct mnl_socket *nl, void *buf, size_t siz)
{
	struct nlb *b = &fakenl_batch;
	const struct fakenl_step *st;

	(void)nl;
	/* A script that ran out would make the code under test wait for ever: fail instead. */
	assert_true(fakenl.next < fakenl.nsteps);
	st = &fakenl.script[fakenl.next++];
	nlb_init(b, st->kind == FAKENL_FOREIGN ? fakenl.seq + 1 : fakenl.seq, FAKENL_PORTID);
	/* The kernel answers with the request's message type. */
	b->type = fakenl.type;
	switch (st->kind) {
	case FAKENL_SOCKS:
		fakenl_socks(st);
		break;
	case FAKENL_SOCKS_DONE:
		fakenl_socks(st);
		nlb_done(b, 0);
		break;
	case FAKENL_INTR:
		fakenl_socks(st);
		((struct nlmsghdr *)b->buf)->nlmsg_flags |= NLM_F_DUMP_INTR;
		break;
	case FAKENL_DONE_ERR:
		nlb_done(b, -st->arg);
		break;
	case FAKENL_ERROR_MSG:
		nlb_error(b, -st->arg);
		break;
	case FAKENL_ERRNO:
		errno = st->arg;
		return -1;
	case FAKENL_FOREIGN:
		nlb_sock(b, AF_INET, 10, "0.0.0.0", 1, "0.0.0.0", 0, 1, 1);
		break;
	case FAKENL_V2_TYPE:
		b->type = SOCK_DIAG_BY_FAMILY;
		fakenl_socks(st);
		nlb_done(b, 0);
		break;
	case FAKENL_CUT:
		fakenl_socks(st);
		b->len -= 8;
		break;
	case FAKENL_BAD_ATTR: {
		static const uint8_t one = 1;
		struct nlmsghdr *nlh = nlb_sock(b, AF_INET6, 10, "::", 1, "::", 0, 1, 1);
		struct nlattr *a = (struct nlattr *)((char *)nlh + nlh->nlmsg_len);

		nlb_attr(b, nlh, INET_DIAG_SKV6ONLY, &one, sizeof(one));
		a->nla_len = 64;
		break;
	}
	case FAKENL_HUGE_LEN:
		nlb_sock(b, AF_INET, 10, "0.0.0.0", 1, "0.0.0.0", 0, 1, 1);
		((struct nlmsghdr *)b->buf)->nlmsg_len = 0xffffffff;
		break;
	case FAKENL_EOF:
		return 0;
	}
	assert_true(b->len <= siz);
	memcpy(buf, b->buf, b->len);
	return (ssize_t)b->len;
}

int __wrap_mnl_socket_close(struct mnl_socket *nl)
{
	(void)nl;
	fakenl.closes++;
	return 0;
}
