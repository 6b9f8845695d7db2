/* SPDX-License-Identifier: MIT */
/* The /proc/net socket tables parsed from text; the fallback source, on buffers only. */
/* memmem is a GNU extension. */
#define _GNU_SOURCE
#include "procnet.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "seen.h"

const char *pw_procnet_file(unsigned proto, int family)
{
	static const char *const files[PW_PROTO_COUNT][2] = {
		[PW_PROTO_TCP] = { "tcp", "tcp6" },
		[PW_PROTO_UDP] = { "udp", "udp6" },
		[PW_PROTO_UDPLITE] = { "udplite", "udplite6" },
		[PW_PROTO_RAW] = { "raw", "raw6" },
	};

	if (proto >= PW_PROTO_COUNT || (family != AF_INET && family != AF_INET6))
		return NULL;
	return files[proto][family == AF_INET6];
}

/* One line being read: a cursor over its bytes. */
struct procnet_line {
	const char *p, *end;
};

/* The next space-separated word, or false at the end of the line. */
static bool procnet_word(struct procnet_line *l, const char **w, size_t *n)
{
	while (l->p < l->end && *l->p == ' ')
		l->p++;
	if (l->p == l->end)
		return false;
	*w = l->p;
	while (l->p < l->end && *l->p != ' ')
		l->p++;
	*n = (size_t)(l->p - *w);
	return true;
}

static int procnet_xdigit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Exactly n (at most 8) hex digits at s. */
static bool procnet_hex(const char *s, size_t n, uint32_t *out)
{
	uint32_t v = 0;

	for (size_t i = 0; i < n; i++) {
		int d = procnet_xdigit(s[i]);

		if (d < 0)
			return false;
		v = v << 4 | (uint32_t)d;
	}
	*out = v;
	return true;
}

/* A decimal number of at most max, as the whole word. */
static bool procnet_dec(const char *s, size_t n, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;

	if (n == 0 || n > 10)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > max)
		return false;
	*out = (uint32_t)v;
	return true;
}

/*
 * "ADDR:PORT" as the kernel prints it: the address as 1 (IPv4) or 4 (IPv6)
 * 32-bit words, each "%08X" of a word held in network order, so the bytes
 * come back by storing each number as it lies in this host's memory; then
 * "%04X" of the port in host order.
 */
static bool procnet_endpoint(const char *w, size_t n, int family, uint8_t addr[16], uint16_t *port)
{
	size_t words = family == AF_INET6 ? 4 : 1;
	uint32_t v;

	if (n != words * 8 + 5 || w[words * 8] != ':')
		return false;
	memset(addr, 0, 16);
	for (size_t i = 0; i < words; i++) {
		if (!procnet_hex(w + 8 * i, 8, &v))
			return false;
		memcpy(addr + 4 * i, &v, 4);
	}
	if (!procnet_hex(w + words * 8 + 1, 4, &v))
		return false;
	*port = (uint16_t)v;
	return true;
}

/* "%08X:%08X", tx_queue then rx_queue. */
static bool procnet_queues(const char *w, size_t n, struct pw_sock *s)
{
	return n == 17 && w[8] == ':' && procnet_hex(w, 8, &s->wqueue) &&
	       procnet_hex(w + 9, 8, &s->rqueue);
}

/* The "sl" column: a decimal slot number and a colon. */
static bool procnet_slot_word(const char *w, size_t n)
{
	uint32_t slot;

	return n >= 2 && w[n - 1] == ':' && procnet_dec(w, n - 1, UINT32_MAX, &slot);
}

/*
 * Fill s from one socket line. Returns NULL, or what is wrong: the columns
 * are sl, local, remote, st, tx:rx, tr:when, retrnsmt, uid, timeout, inode,
 * then ones that differ by protocol and are not read.
 */
static const char *procnet_line_parse(struct procnet_line *l, int family, struct pw_sock *s)
{
	const char *w = NULL;
	size_t n = 0;
	uint32_t v;

	if (!procnet_word(l, &w, &n) || !procnet_slot_word(w, n))
		return "no slot number";
	if (!procnet_word(l, &w, &n) || !procnet_endpoint(w, n, family, s->laddr, &s->lport))
		return "malformed local address";
	if (!procnet_word(l, &w, &n) || !procnet_endpoint(w, n, family, s->raddr, &s->rport))
		return "malformed remote address";
	if (!procnet_word(l, &w, &n) || n != 2 || !procnet_hex(w, 2, &v))
		return "malformed state";
	s->state = (uint8_t)v;
	if (!procnet_word(l, &w, &n) || !procnet_queues(w, n, s))
		return "malformed queues";
	/* tr:tm->when and retrnsmt: timers, not read. */
	if (!procnet_word(l, &w, &n) || !procnet_word(l, &w, &n))
		return "line ends early";
	if (!procnet_word(l, &w, &n) || !procnet_dec(w, n, UINT32_MAX, &s->uid))
		return "malformed uid";
	if (!procnet_word(l, &w, &n))
		return "line ends early";
	/* Socket inodes come from get_next_ino(), an unsigned int. */
	if (!procnet_word(l, &w, &n) || !procnet_dec(w, n, UINT32_MAX, &s->inode))
		return "malformed inode";
	pw_sock_mark_uid_unknown(s);
	return NULL;
}

/* A key of s's addresses and ports (FNV-1a over them), with bit 63 set. */
static uint64_t procnet_ends_key(const struct pw_sock *s)
{
	uint8_t b[36];
	uint64_t h = 1469598103934665603ULL;

	memcpy(b, s->laddr, 16);
	memcpy(b + 16, s->raddr, 16);
	b[32] = (uint8_t)(s->lport >> 8);
	b[33] = (uint8_t)s->lport;
	b[34] = (uint8_t)(s->rport >> 8);
	b[35] = (uint8_t)s->rport;
	for (size_t i = 0; i < sizeof(b); i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return pw_hash_u64(h) | 1ULL << 63;
}

/*
 * Whether s was passed before, in bounded memory.
 *
 * The kernel hands a table over one page per read(), and each read resumes
 * its walk where the last one stopped: TCP at the bucket and the count of
 * its sockets already shown (net/ipv4/tcp_ipv4.c, tcp_seek_last_pos), UDP
 * and raw by walking again to the position reached. A socket added ahead
 * of that point meanwhile shifts the rest, so the sockets shown last come
 * again, possibly in a new state. A repeat is thus one of the lines just
 * passed, and the last PW_SEEN_WINDOW keys (seen.c) find it unless
 * thousands of sockets were added ahead of the point between two reads.
 *
 * A socket's inode names it for its life, in
 * any state, so that is its key; TCP connections are also keyed by their
 * endpoints, which are unique among a namespace's connections and stay as
 * the connection changes state and inode: it has none until accept() and
 * after close() (TIME-WAIT, orphans), and a request socket (SYN-RECV) has
 * none. Other sockets without an inode (a UDP one being released) are
 * keyed by their endpoints too. Connected UDP sockets are not: with
 * SO_REUSEPORT two of them may share every address and port.
 * Inode keys are below 2^32, endpoint keys (a hash) above 2^63, so the two
 * kinds never meet; keys are told apart as seen.c tells cookies apart.
 */
static bool procnet_seen_before(struct pw_seen *seen, const struct pw_sock *s)
{
	bool by_ends = !s->inode || (s->proto == PW_PROTO_TCP && s->state != PW_ST_LISTEN);
	bool fresh = true;

	if (s->inode)
		fresh = pw_seen_add(seen, s->inode);
	/* Recorded even when the inode was known: the socket may come again without it. */
	if (by_ends)
		fresh = pw_seen_add(seen, procnet_ends_key(s)) && fresh;
	return !fresh;
}

int pw_procnet_parse(const char *buf, size_t len, unsigned proto, int family, const char *file,
		     pw_sock_cb cb, void *data, struct pw_error *err)
{
	const char *p = buf, *end = buf + len;
	struct pw_seen seen;
	unsigned lineno = 0;
	int ret = 0;

	pw_seen_init(&seen);
	pw_seen_begin(&seen);
	while (p < end && !ret) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct procnet_line l = { .p = p, .end = nl ? nl : end };
		const char *why;
		struct pw_sock s;

		p = nl ? nl + 1 : end;
		lineno++;
		if (memchr(l.p, '\0', (size_t)(l.end - l.p))) {
			pw_error_set(err, file, lineno, "NUL byte");
			ret = -EINVAL;
			break;
		}
		/* Line 1 names the columns; a file without it is no socket table. */
		if (lineno == 1) {
			if (!memmem(l.p, (size_t)(l.end - l.p), "local_address", 13)) {
				pw_error_set(err, file, lineno,
					     "no header line: not a /proc/net socket table");
				ret = -EINVAL;
			}
			continue;
		}
		if (l.p == l.end)
			continue;
		memset(&s, 0, sizeof(s));
		s.proto = (uint8_t)proto;
		s.family = (uint8_t)family;
		s.v6only = -1;
		why = procnet_line_parse(&l, family, &s);
		if (why) {
			pw_error_set(err, file, lineno, "%s", why);
			ret = -EINVAL;
			break;
		}
		if (!procnet_seen_before(&seen, &s))
			ret = cb(&s, data);
	}
	if (!ret && lineno == 0) {
		pw_error_set(err, file, 1, "empty: not a /proc/net socket table");
		ret = -EINVAL;
	}
	pw_seen_fini(&seen);
	return ret;
}
