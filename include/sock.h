/* SPDX-License-Identifier: MIT */
/* One socket as the kernel reports it: plain data, no pointers. */
#ifndef PW_SOCK_H
#define PW_SOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum pw_proto {
	PW_PROTO_TCP,
	PW_PROTO_UDP,
	PW_PROTO_UDPLITE,
	PW_PROTO_RAW,
	PW_PROTO_SCTP,
	PW_PROTO_COUNT,
};

#define PW_PROTO_BIT(p) (1u << (p))

/*
 * Kernel socket states (include/net/tcp_states.h); UDP and raw sockets use
 * the same numbers: PW_ST_CLOSE for an unconnected socket, PW_ST_ESTABLISHED
 * for a connected one.
 */
enum pw_state {
	PW_ST_ESTABLISHED = 1,
	PW_ST_SYN_SENT,
	PW_ST_SYN_RECV,
	PW_ST_FIN_WAIT1,
	PW_ST_FIN_WAIT2,
	PW_ST_TIME_WAIT,
	PW_ST_CLOSE,
	PW_ST_CLOSE_WAIT,
	PW_ST_LAST_ACK,
	PW_ST_LISTEN,
	PW_ST_CLOSING,
	PW_ST_NEW_SYN_RECV,
	PW_ST_BOUND_INACTIVE,
	PW_ST_MAX,
};

#define PW_ST_BIT(s) (1u << (s))
/* What ss calls "all": every state but the bound-inactive pseudo state. */
#define PW_ST_ALL ((PW_ST_BIT(PW_ST_MAX) - 1) & ~PW_ST_BIT(PW_ST_BOUND_INACTIVE) & ~1u)
#define PW_ST_LISTENING (PW_ST_BIT(PW_ST_LISTEN) | PW_ST_BIT(PW_ST_CLOSE))

/*
 * The uid of a socket whose owner the kernel does not know: (uid_t)-1,
 * which the kernel itself takes for "no uid" (include/linux/uidgid.h,
 * INVALID_UID), so no socket is owned by it.
 */
#define PW_UID_UNKNOWN UINT32_MAX

struct pw_sock {
	uint64_t cookie;  /* kernel socket cookie; 0 if none */
	uint32_t inode;	  /* 0 for sockets with no file (TIME-WAIT, requests) */
	uint32_t uid;	  /* PW_UID_UNKNOWN when the kernel does not know it */
	uint32_t ifindex; /* bound device, 0 for none */
	uint32_t rqueue;
	uint32_t wqueue;
	uint16_t lport; /* host byte order; for raw sockets the protocol */
	uint16_t rport;
	uint8_t proto;	   /* enum pw_proto */
	uint8_t family;	   /* AF_INET or AF_INET6 */
	uint8_t state;	   /* enum pw_state */
	int8_t v6only;	   /* 1 or 0 for AF_INET6, -1 when not known */
	uint8_t laddr[16]; /* network byte order; AF_INET uses the first 4 */
	uint8_t raddr[16];
};

/* Called for each socket a source gives; s is valid only during the call. Returns 0 or -errno. */
typedef int (*pw_sock_cb)(const struct pw_sock *s, void *data);

/* Lower-case protocol name ("tcp", "udplite"...); "?" when out of range. */
const char *pw_sock_proto_name(unsigned proto);

/* "inet" for AF_INET, "inet6" for AF_INET6. */
const char *pw_sock_family_name(int family);

/* State as ss prints it (LISTEN, ESTAB, UNCONN...); "UNKNOWN" when out of range. */
const char *pw_sock_state_name(unsigned state);

/*
 * Parse one state name, as ss's --state takes it (established, syn-sent,
 * listening, closed, connected, synchronized, bucket, big, all...) or as
 * pw_sock_state_name prints it, case-insensitively, into a mask of
 * PW_ST_BIT()s. Returns 0 or -EINVAL.
 */
int pw_sock_state_parse(const char *name, uint32_t *mask);

/*
 * Set s->uid to PW_UID_UNKNOWN where the socket has no owner of its own:
 * a TCP socket in TIME-WAIT, and one in SYN-RECV with inode 0 (a request
 * socket; sock_diag reports uid 0 for it, /proc/net its listener's uid).
 * Both sources, sock_diag and /proc/net, call it on what they parsed, so
 * that they give equal records.
 */
void pw_sock_mark_uid_unknown(struct pw_sock *s);

/* True for a TCP listener or an unconnected UDP, UDP-Lite or raw socket. */
bool pw_sock_is_listening(const struct pw_sock *s);

/* Longest text pw_sock_format_addr writes, with its NUL. */
#define PW_ADDR_STRLEN 46

/*
 * Write the local (remote=false) or remote address of s as text, without
 * brackets, into buf of PW_ADDR_STRLEN bytes. Returns its length.
 */
size_t pw_sock_format_addr(const struct pw_sock *s, bool remote, char *buf);

#endif
