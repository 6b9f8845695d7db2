/* SPDX-License-Identifier: MIT */
/* Names and text forms of the fields of struct pw_sock. */
#include "sock.h"

#include <errno.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "fmt.h"

static const char *const sock_proto_names[PW_PROTO_COUNT] = {
	[PW_PROTO_TCP] = "tcp", [PW_PROTO_UDP] = "udp",	  [PW_PROTO_UDPLITE] = "udplite",
	[PW_PROTO_RAW] = "raw", [PW_PROTO_SCTP] = "sctp",
};

/* As ss prints them; a request socket (NEW_SYN_RECV) is shown as SYN-RECV. */
static const char *const sock_state_names[PW_ST_MAX] = {
	[PW_ST_ESTABLISHED] = "ESTAB",
	[PW_ST_SYN_SENT] = "SYN-SENT",
	[PW_ST_SYN_RECV] = "SYN-RECV",
	[PW_ST_FIN_WAIT1] = "FIN-WAIT-1",
	[PW_ST_FIN_WAIT2] = "FIN-WAIT-2",
	[PW_ST_TIME_WAIT] = "TIME-WAIT",
	[PW_ST_CLOSE] = "UNCONN",
	[PW_ST_CLOSE_WAIT] = "CLOSE-WAIT",
	[PW_ST_LAST_ACK] = "LAST-ACK",
	[PW_ST_LISTEN] = "LISTEN",
	[PW_ST_CLOSING] = "CLOSING",
	[PW_ST_NEW_SYN_RECV] = "SYN-RECV",
	[PW_ST_BOUND_INACTIVE] = "BOUND-INACTIVE",
};

#define B PW_ST_BIT
#define SYN_RECV_BITS (B(PW_ST_SYN_RECV) | B(PW_ST_NEW_SYN_RECV))

/* ss's --state vocabulary (ss(8), "STATE-FILTER"), plus the printed names. */
static const struct {
	const char *name;
	uint32_t mask;
} sock_state_words[] = {
	{ "all", PW_ST_ALL },
	{ "connected", PW_ST_ALL & ~PW_ST_LISTENING },
	{ "synchronized", PW_ST_ALL & ~PW_ST_LISTENING & ~B(PW_ST_SYN_SENT) },
	{ "bucket", SYN_RECV_BITS | B(PW_ST_TIME_WAIT) },
	{ "big", PW_ST_ALL & ~(SYN_RECV_BITS | B(PW_ST_TIME_WAIT)) },
	{ "established", B(PW_ST_ESTABLISHED) },
	{ "estab", B(PW_ST_ESTABLISHED) },
	{ "syn-sent", B(PW_ST_SYN_SENT) },
	{ "syn-recv", SYN_RECV_BITS },
	{ "syn-rcv", SYN_RECV_BITS },
	{ "fin-wait-1", B(PW_ST_FIN_WAIT1) },
	{ "fin-wait-2", B(PW_ST_FIN_WAIT2) },
	{ "time-wait", B(PW_ST_TIME_WAIT) },
	{ "closed", B(PW_ST_CLOSE) },
	{ "close", B(PW_ST_CLOSE) },
	{ "unconnected", B(PW_ST_CLOSE) },
	{ "unconn", B(PW_ST_CLOSE) },
	{ "close-wait", B(PW_ST_CLOSE_WAIT) },
	{ "last-ack", B(PW_ST_LAST_ACK) },
	/* ss's "listening" is TCP's LISTEN alone; -l adds what ss calls "closed". */
	{ "listening", B(PW_ST_LISTEN) },
	{ "listen", B(PW_ST_LISTEN) },
	{ "closing", B(PW_ST_CLOSING) },
	{ "bound-inactive", B(PW_ST_BOUND_INACTIVE) },
};

#undef B

const char *pw_sock_proto_name(unsigned proto)
{
	return proto < PW_PROTO_COUNT ? sock_proto_names[proto] : "?";
}

const char *pw_sock_family_name(int family)
{
	return family == AF_INET6 ? "inet6" : "inet";
}

const char *pw_sock_state_name(unsigned state)
{
	if (state >= PW_ST_MAX || !sock_state_names[state])
		return "UNKNOWN";
	return sock_state_names[state];
}

int pw_sock_state_parse(const char *name, uint32_t *mask)
{
	for (size_t i = 0; i < sizeof(sock_state_words) / sizeof(sock_state_words[0]); i++) {
		if (strcasecmp(name, sock_state_words[i].name) == 0) {
			*mask = sock_state_words[i].mask;
			return 0;
		}
	}
	return -EINVAL;
}

void pw_sock_mark_uid_unknown(struct pw_sock *s)
{
	bool syn_recv = s->state == PW_ST_SYN_RECV || s->state == PW_ST_NEW_SYN_RECV;

	/*
	 * The kernel fills uid 0 for sockets that have no owner of their own:
	 * TIME-WAIT minisockets (net/ipv4/inet_diag.c, inet_twsk_diag_fill;
	 * /proc/net/tcp's get_timewait4_sock) and request sockets, shown as
	 * SYN-RECV (inet_req_diag_fill). ss -e shows no uid for them. A
	 * request's /proc/net line carries its listener's uid instead
	 * (get_openreq4): unknown too, or the two sources would differ. A TCP
	 * Fast Open child in SYN-RECV is a full socket with an inode and its
	 * own uid: kept. Only TCP: an SCTP association reports its own state
	 * numbers (net/sctp/diag.c), which overlap these.
	 */
	if (s->proto != PW_PROTO_TCP)
		return;
	if (s->state == PW_ST_TIME_WAIT || (syn_recv && s->inode == 0))
		s->uid = PW_UID_UNKNOWN;
}

bool pw_sock_is_listening(const struct pw_sock *s)
{
	if (s->proto == PW_PROTO_TCP || s->proto == PW_PROTO_SCTP)
		return s->state == PW_ST_LISTEN;
	return s->state == PW_ST_CLOSE;
}

size_t pw_sock_format_addr(const struct pw_sock *s, bool remote, char *buf)
{
	char *end = pw_fmt_addr(buf, s->family, remote ? s->raddr : s->laddr);

	*end = '\0';
	return (size_t)(end - buf);
}
