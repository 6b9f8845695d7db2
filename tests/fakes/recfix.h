/* SPDX-License-Identifier: MIT */
/* Test helper: sockets and annotated records to render, and readers of what was rendered. */
#ifndef PW_RECFIX_H
#define PW_RECFIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "output.h"

/* Bytes no output may pass on raw: an escape sequence and a byte that is no UTF-8. */
#define RF_HOSTILE_IFNAME "e\x1b[31m\xff"
#define RF_HOSTILE_COMM "\x1b[31mevil\xff"
/* An OSC title change, BEL, a one-byte C1 CSI in UTF-8, and a byte that is no UTF-8. */
#define RF_HOSTILE_USER "\x1b]0;pwned\x07\xc2\x9b\xfe"

/*
 * A socket from text addresses of family (AF_INET or AF_INET6), v6only
 * unknown; everything else zero. Fails the test on a bad address.
 */
struct pw_sock rf_sock(uint8_t proto, int family, uint8_t state, const char *laddr, uint16_t lport,
		       const char *raddr, uint16_t rport);

/*
 * A listener on the text address laddr (IPv4 or IPv6, told by the text)
 * at lport: LISTEN for TCP and SCTP, UNCONN otherwise; v6only unknown;
 * everything else zero. Fails the test on a bad address.
 */
struct pw_sock rf_listener_at(unsigned proto, const char *laddr, uint16_t lport);

/* 0.0.0.0:22 TCP listener, cookie 77, inode 12345, wqueue 128. */
struct pw_sock rf_v4_listener(void);
/* [2001:db8::1]:443 to [2001:db8::2]:51000, uid 1000, queues 5 and 6, v6only 0. */
struct pw_sock rf_v6_established(void);
/* 127.0.0.53:53 UDP, uid 101, on ifindex 1. */
struct pw_sock rf_udp_lo(void);
/* [::]:5353 UDP, v6only 1. */
struct pw_sock rf_udp6_v6only(void);

extern const struct pw_service rf_svc_ssh;

/* An endpoint as the enrich stage would annotate it; the renderers only print it. */
#define RF_EP(svc, cls, eph, scp)                       \
	((struct pw_endpoint){ .service = (svc),        \
			       .has_port = true,        \
			       .class = PW_CLASS_##cls, \
			       .ephemeral = (eph),      \
			       .scope = PW_SCOPE_##scp })
/* A listener's peer: port 0, no port at all. */
#define RF_NO_PORT(scp) ((struct pw_endpoint){ .scope = PW_SCOPE_##scp })

struct pw_rec rf_rec(const struct pw_sock *s, struct pw_endpoint local, struct pw_endpoint remote,
		     bool notable);
/* rf_v4_listener's record: ssh (system), well-known, wildcard; no peer. */
struct pw_rec rf_v4_listener_rec(const struct pw_sock *s);
/* rf_v6_established's: https (builtin), well-known, public, to an unnamed dynamic ephemeral port. */
struct pw_rec rf_v6_established_rec(const struct pw_sock *s);
/* rf_udp_lo's: domain (system), well-known, loopback, bound to ifname (may be NULL); no peer. */
struct pw_rec rf_udp_lo_rec(const struct pw_sock *s, const char *ifname);
/* rf_udp6_v6only's: mdns (builtin), registered, wildcard; no peer. */
struct pw_rec rf_udp6_v6only_rec(const struct pw_sock *s);

/* r[0..2]: rf_v4_listener's, rf_v6_established's and rf_udp_lo's records (on ifname), over s[0..2]. */
void rf_three(struct pw_sock *s, struct pw_rec *r, const char *ifname);

/* rf_v4_listener_rec as a JSON object, and the JSON document's head under rf_opts. */
#define RF_V4_LISTENER_JSON                                                                   \
	"{\"proto\":\"tcp\",\"family\":\"inet\",\"state\":\"LISTEN\",\"listening\":true,"     \
	"\"local\":{\"address\":\"0.0.0.0\",\"port\":22,\"service\":\"ssh\","                 \
	"\"service_source\":\"system\",\"class\":\"well-known\",\"ephemeral\":false,"         \
	"\"scope\":\"wildcard\"},"                                                            \
	"\"remote\":{\"address\":\"0.0.0.0\",\"port\":0,\"service\":null,"                    \
	"\"service_source\":null,\"class\":null,\"ephemeral\":false,\"scope\":\"wildcard\"}," \
	"\"interface\":null,\"v6only\":null,\"uid\":0,\"user\":null,\"inode\":12345,"         \
	"\"cookie\":77,\"rqueue\":0,\"wqueue\":128}"
#define RF_JSON_HEAD                                                    \
	"{\"schema\":1,\"version\":\"" PW_VERSION "\",\"host\":\"h1\"," \
	"\"time\":\"2024-01-02T03:04:05Z\",\"sockets\":["

/* Options for format with a header, host "h1" and a fixed time. */
struct pw_out_opts rf_opts(enum pw_format format);

/* Render n records through pw_out_*, ended with complete. Returns the text (caller frees); len may be NULL. */
char *rf_render(const struct pw_out_opts *o, const struct pw_rec *recs, size_t n, bool complete,
		size_t *len);
/* rf_render, ended with the PW_PROTO_BIT()s of protocols that were unavailable too. */
char *rf_render_ended(const struct pw_out_opts *o, const struct pw_rec *recs, size_t n,
		      bool complete, uint32_t unavailable, size_t *len);
/* rf_three's records, on ifname, rendered as o says and completed. Returns the text (caller frees). */
char *rf_render_three(const struct pw_out_opts *o, const char *ifname);
/* rf_udp_lo's record alone, on ifname, rendered as o says and completed; as rf_render. */
char *rf_render_udp_lo(const struct pw_out_opts *o, const char *ifname, size_t *len);

/* How often needle occurs in s, overlaps included. */
size_t rf_count(const char *s, const char *needle);
/* Start of line i (0-based) of text, or NULL. */
const char *rf_line(const char *text, size_t i);
/* Offset of needle in line i of text; fails the test when it is not there. */
size_t rf_col(const char *text, size_t i, const char *needle);
/* Line i of text, without its newline; caller frees. Fails the test when there is none. */
char *rf_line_dup(const char *text, size_t i);

/*
 * Fail unless every byte of text[0..len) is safe for a terminal: line ends
 * (eol: "\n", or "\r\n" for CSV), printable ASCII, and well-formed UTF-8
 * that is no C1 control.
 */
void rf_assert_terminal_safe(const char *text, size_t len, const char *eol);

/* A holder; the strings are borrowed and may be NULL (unreadable). */
struct pw_proc rf_proc(int pid, uid_t uid, const char *comm, const char *exe, const char *cmdline,
		       const char *unit);
/* sshd[612] (uid 0, ssh.service) alone, and followed by systemd[1] (uid 0, init.scope). */
extern const struct pw_proc *const rf_sshd_only[1];
extern const struct pw_proc *const rf_sshd_and_init[2];
/*
 * Mark r's owners as asked for: n holders from procs, orphan as given. Holders'
 * uids are named 0 root, 1000 alice, 666 RF_HOSTILE_USER, others unknown; when
 * r->user_ctx is set, it is a size_t counting the look-ups.
 */
void rf_set_owners(struct pw_rec *r, const struct pw_proc *const *procs, size_t n, bool orphan);

/* Inode 7, named with an escape sequence, a comma, a quote and a byte that is no UTF-8. */
extern const struct pw_netns rf_ns_hostile;
/*
 * Fill s[3] and r[3] with rf_v4_listener records in the host's namespace
 * (4026531840, pid 1), blue's (4026532001, pid 400 pwblue) and an unnamed one
 * no process was seen in (4026532301); many: more than one is listed.
 */
void rf_netns_recs(struct pw_sock *s, struct pw_rec *r, bool many);

#endif
