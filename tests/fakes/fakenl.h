/* SPDX-License-Identifier: MIT */
/* Test fake of the netlink boundary: libmnl's socket calls, wrapped, answer from a script. */
#ifndef PW_FAKENL_H
#define PW_FAKENL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * What one recvfrom answers. Sockets are of the family asked for; a request
 * for both (AF_UNSPEC) gets AF_INET and AF_INET6 in turn.
 */
enum fakenl_kind {
	FAKENL_SOCKS,	   /* arg sockets, the dump goes on */
	FAKENL_SOCKS_DONE, /* arg sockets, then NLMSG_DONE */
	FAKENL_INTR,	   /* arg sockets flagged NLM_F_DUMP_INTR */
	FAKENL_DONE_ERR,   /* NLMSG_DONE carrying -arg */
	FAKENL_ERROR_MSG,  /* NLMSG_ERROR carrying -arg */
	FAKENL_ERRNO,	   /* recvfrom fails with errno arg */
	FAKENL_FOREIGN,	   /* a reply to another request */
	FAKENL_V2_TYPE,	   /* arg sockets as SOCK_DIAG_BY_FAMILY messages, whatever was asked */
	FAKENL_CUT,	   /* arg sockets, the last one cut short: fewer bytes than it claims */
	FAKENL_BAD_ATTR,   /* a socket whose attribute runs past the message */
	FAKENL_HUGE_LEN,   /* a socket whose header claims 0xffffffff bytes */
	FAKENL_EOF,	   /* recvfrom returns 0 */
};

struct fakenl_step {
	enum fakenl_kind kind;
	int arg;   /* errno, or the number of sockets */
	int first; /* port and cookie of the first socket; the others count up */
};

/* What one request asked for. */
struct fakenl_sent {
	uint16_t type; /* SOCK_DIAG_BY_FAMILY or TCPDIAG_GETSOCK */
	uint8_t family;
	uint8_t protocol; /* SOCK_DIAG_BY_FAMILY requests only */
	uint32_t states;
	size_t len;
};

/* The fake kernel: tests set the errors and read the counts. */
struct fakenl_state {
	const struct fakenl_step *script; /* borrowed: it must outlive the calls */
	size_t nsteps, next;		  /* next: how many steps were answered */
	int opens, closes, sends;
	int open_errno;		    /* every open fails with it */
	int send_errno;		    /* every sendto fails with it... */
	bool send_once;		    /* ...or only the next one, as a transient EBUSY */
	uint32_t seq;		    /* of the last request */
	int family;		    /* of the last request */
	uint16_t type;		    /* of the last request, which replies carry */
	struct fakenl_sent req[16]; /* the first requests, in order */
};

extern struct fakenl_state fakenl;

/*
 * Start a fresh fake kernel (counts and errors zero) that answers the n steps
 * of script in order; a receive past the last step fails the test.
 * fakenl_play(NULL, 0): a kernel that answers no receive at all.
 */
void fakenl_play(const struct fakenl_step *script, size_t n);

/* fakenl_play of the steps given as arguments: FAKENL_PLAY({ FAKENL_EOF, 0, 0 }). */
#define FAKENL_PLAY(...)                                                          \
	do {                                                                      \
		static const struct fakenl_step fakenl_s_[] = { __VA_ARGS__ };    \
		fakenl_play(fakenl_s_, sizeof(fakenl_s_) / sizeof(fakenl_s_[0])); \
	} while (0)

#endif
