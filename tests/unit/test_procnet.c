/* SPDX-License-Identifier: MIT */
/* Unit tests of procnet.c: /proc/net socket tables, as the kernel prints them, into struct pw_sock. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <sys/socket.h>

#include "fileio.h"
#include "procnet.h"
#include "seen.h"

#define HDR4 \
	"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
#define HDR6                                                                                    \
	"  sl  local_address                         remote_address                        st " \
	"tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"

struct seen {
	int n;
	struct pw_sock s[32];
	int fail_at; /* return an error for this call (1-based), 0: never */
};

static int collect(const struct pw_sock *s, void *data)
{
	struct seen *seen = data;

	if (++seen->n == seen->fail_at)
		return -ECANCELED;
	if (seen->n <= 32)
		seen->s[seen->n - 1] = *s;
	return 0;
}

/*
 * An address as the kernel prints it on this host: each 32-bit word of the
 * network-order bytes as a number, so the test holds on either byte order.
 */
static void kaddr(char *out, int family, const char *text)
{
	uint8_t bytes[16] = { 0 };
	size_t words = family == AF_INET6 ? 4 : 1;

	assert_int_equal(inet_pton(family, text, bytes), 1);
	for (size_t i = 0; i < words; i++) {
		uint32_t w;

		memcpy(&w, bytes + 4 * i, 4);
		sprintf(out + 8 * i, "%08X", w);
	}
}

/* One socket line as tcp4_seq_show or udp4_seq_show would print it. */
static void kline(char *out, size_t size, int family, const char *laddr, unsigned lport,
		  const char *raddr, unsigned rport, unsigned state, unsigned tx, unsigned rx,
		  unsigned uid, unsigned long inode)
{
	char l[33], r[33];

	kaddr(l, family, laddr);
	kaddr(r, family, raddr);
	snprintf(out, size,
		 "   0: %s:%04X %s:%04X %02X %08X:%08X 00:00000000 00000000 %5u        0 %lu 1 "
		 "0000000000000000 100 0 0 10 0\n",
		 l, lport, r, rport, state, tx, rx, uid, inode);
}

/* Parse text (copied to a buffer of exactly its length, without NUL). */
static int parse(const char *text, unsigned proto, int family, struct seen *seen,
		 struct pw_error *err)
{
	size_t len = strlen(text);
	char *copy = malloc(len ? len : 1);
	int ret;

	memcpy(copy, text, len);
	ret = pw_procnet_parse(copy, len, proto, family, "t", collect, seen, err);
	free(copy);
	return ret;
}

static void files_are_named_per_protocol_and_family(void **state)
{
	(void)state;
	assert_string_equal(pw_procnet_file(PW_PROTO_TCP, AF_INET), "tcp");
	assert_string_equal(pw_procnet_file(PW_PROTO_TCP, AF_INET6), "tcp6");
	assert_string_equal(pw_procnet_file(PW_PROTO_UDP, AF_INET6), "udp6");
	assert_string_equal(pw_procnet_file(PW_PROTO_UDPLITE, AF_INET), "udplite");
	assert_string_equal(pw_procnet_file(PW_PROTO_RAW, AF_INET6), "raw6");
	assert_null(pw_procnet_file(PW_PROTO_SCTP, AF_INET));
	assert_null(pw_procnet_file(PW_PROTO_COUNT, AF_INET));
	assert_null(pw_procnet_file(PW_PROTO_TCP, AF_UNIX));
}

static void v4_line_gives_every_field(void **state)
{
	char text[512], line[256];
	struct seen seen = { 0 };
	struct pw_error err = { 0 };
	uint8_t want[4];
	const struct pw_sock *s = &seen.s[0];

	(void)state;
	kline(line, sizeof(line), AF_INET, "10.1.2.3", 443, "192.0.2.9", 51000, 1, 10, 20, 1000,
	      4294967295ul);
	snprintf(text, sizeof(text), "%s%s", HDR4, line);
	assert_int_equal(parse(text, PW_PROTO_TCP, AF_INET, &seen, &err), 0);
	assert_int_equal(seen.n, 1);
	assert_int_equal(s->proto, PW_PROTO_TCP);
	assert_int_equal(s->family, AF_INET);
	assert_int_equal(s->state, PW_ST_ESTABLISHED);
	inet_pton(AF_INET, "10.1.2.3", want);
	assert_memory_equal(s->laddr, want, 4);
	inet_pton(AF_INET, "192.0.2.9", want);
	assert_memory_equal(s->raddr, want, 4);
	assert_int_equal(s->lport, 443);
	assert_int_equal(s->rport, 51000);
	assert_int_equal(s->wqueue, 10);
	assert_int_equal(s->rqueue, 20);
	assert_int_equal(s->uid, 1000);
	assert_int_equal(s->inode, 4294967295u);
	/* What the text does not carry. */
	assert_int_equal(s->cookie, 0);
	assert_int_equal(s->ifindex, 0);
	assert_int_equal(s->v6only, -1);
}

static void v6_and_v4_mapped_addresses_come_out_in_network_order(void **state)
{
	char text[1024], l1[256], l2[256];
	struct seen seen = { 0 };
	struct pw_error err = { 0 };
	uint8_t want[16];

	(void)state;
	kline(l1, sizeof(l1), AF_INET6, "2001:db8::1:2", 8080, "::", 0, 10, 0, 0, 0, 77);
	kline(l2, sizeof(l2), AF_INET6, "::ffff:127.0.0.1", 22, "::ffff:127.0.0.1", 40000, 1, 0, 0,
	      0, 78);
	snprintf(text, sizeof(text), "%s%s%s", HDR6, l1, l2);
	assert_int_equal(parse(text, PW_PROTO_TCP, AF_INET6, &seen, &err), 0);
	assert_int_equal(seen.n, 2);
	inet_pton(AF_INET6, "2001:db8::1:2", want);
	assert_memory_equal(seen.s[0].laddr, want, 16);
	assert_int_equal(seen.s[0].state, PW_ST_LISTEN);
	assert_int_equal(seen.s[0].family, AF_INET6);
	inet_pton(AF_INET6, "::ffff:127.0.0.1", want);
	assert_memory_equal(seen.s[1].laddr, want, 16);
	assert_memory_equal(seen.s[1].raddr, want, 16);
	assert_int_equal(seen.s[1].rport, 40000);
}

static void kernel_fixture_tables_parse_whole(void **state)
{
	static const struct {
		const char *file;
		unsigned proto;
		int family;
		int n;
	} tables[] = {
		{ "tcp", PW_PROTO_TCP, AF_INET, 14 },
		{ "tcp6", PW_PROTO_TCP, AF_INET6, 7 },
		{ "udp", PW_PROTO_UDP, AF_INET, 4 },
		{ "udp6", PW_PROTO_UDP, AF_INET6, 4 },
		{ "raw", PW_PROTO_RAW, AF_INET, 1 },
		{ "raw6", PW_PROTO_RAW, AF_INET6, 1 },
		{ "udplite", PW_PROTO_UDPLITE, AF_INET, 1 },
		{ "udplite6", PW_PROTO_UDPLITE, AF_INET6, 1 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		char path[512], *text = NULL;
		size_t len = 0;
		struct seen seen = { 0 };
		struct pw_error err = { 0 };

		snprintf(path, sizeof(path), "%s/procnet/%s", PW_FIXTURES, tables[i].file);
		assert_int_equal(pw_file_read(path, 1 << 20, &text, &len), 0);
		assert_int_equal(pw_procnet_parse(text, len, tables[i].proto, tables[i].family,
						  path, collect, &seen, &err),
				 0);
		assert_int_equal(seen.n, tables[i].n);
		free(text);
	}
}

static void kernel_fixture_fields_match_what_sockmix_made(void **state)
{
	char path[512], *text = NULL;
	size_t len = 0;
	struct seen seen = { 0 };
	struct pw_error err = { 0 };

	(void)state;
	snprintf(path, sizeof(path), "%s/procnet/tcp", PW_FIXTURES);
	assert_int_equal(pw_file_read(path, 1 << 20, &text, &len), 0);
	assert_int_equal(
		pw_procnet_parse(text, len, PW_PROTO_TCP, AF_INET, path, collect, &seen, &err), 0);
	free(text);
	/* Line 2: the 127.0.0.1:20001 listener; line 11: a TIME-WAIT, which has no inode. */
	assert_int_equal(seen.s[0].lport, 20001);
	assert_int_equal(seen.s[0].state, PW_ST_LISTEN);
	assert_int_equal(seen.s[0].inode, 131587);
	assert_int_equal(seen.s[9].state, PW_ST_TIME_WAIT);
	assert_int_equal(seen.s[9].inode, 0);
	assert_int_equal(seen.s[9].rport, 20002);
	/* Its uid column says 0 for want of an owner (get_timewait4_sock). */
	assert_int_equal(seen.s[9].uid, PW_UID_UNKNOWN);
	assert_int_equal(seen.s[0].uid, 0);
}

static void time_wait_and_request_lines_have_no_uid(void **state)
{
	char text[1024], tw[256], req[256], nobodys[256];
	struct seen seen = { 0 };
	struct pw_error err = { 0 };

	(void)state;
	kline(tw, sizeof(tw), AF_INET, "127.0.0.1", 40000, "127.0.0.1", 8080, PW_ST_TIME_WAIT, 0, 0,
	      0, 0);
	/*
	 * get_openreq4 prints a request as SYN-RECV with its listener's uid,
	 * root's or nobody's; sock_diag says 0 for it: unknown in both.
	 */
	kline(req, sizeof(req), AF_INET, "127.0.0.1", 8080, "127.0.0.1", 40001, PW_ST_SYN_RECV, 0,
	      0, 0, 0);
	kline(nobodys, sizeof(nobodys), AF_INET, "127.0.0.1", 8080, "127.0.0.1", 40002,
	      PW_ST_SYN_RECV, 0, 0, 65534, 0);
	snprintf(text, sizeof(text), "%s%s%s%s", HDR4, tw, req, nobodys);
	assert_int_equal(parse(text, PW_PROTO_TCP, AF_INET, &seen, &err), 0);
	assert_int_equal(seen.n, 3);
	assert_int_equal(seen.s[0].uid, PW_UID_UNKNOWN);
	assert_int_equal(seen.s[1].uid, PW_UID_UNKNOWN);
	assert_int_equal(seen.s[2].uid, PW_UID_UNKNOWN);
}

static void repeated_line_is_passed_once(void **state)
{
	char text[1024], l1[256], l2[256];
	struct seen seen = { 0 };
	struct pw_error err = { 0 };

	(void)state;
	kline(l1, sizeof(l1), AF_INET, "0.0.0.0", 53, "0.0.0.0", 0, 7, 0, 0, 0, 500);
	/* Same address and port, another socket (SO_REUSEPORT): both are listed. */
	kline(l2, sizeof(l2), AF_INET, "0.0.0.0", 53, "0.0.0.0", 0, 7, 0, 0, 0, 501);
	snprintf(text, sizeof(text), "%s%s%s%s", HDR4, l1, l2, l1);
	assert_int_equal(parse(text, PW_PROTO_UDP, AF_INET, &seen, &err), 0);
	assert_int_equal(seen.n, 2);
	assert_int_equal(seen.s[0].inode, 500);
	assert_int_equal(seen.s[1].inode, 501);
}

/* Parse HDR4 and the n lines at lines as one table of proto. */
static int parse_lines(unsigned proto, char lines[][256], size_t n, struct seen *seen)
{
	char text[4096];
	size_t len = (size_t)snprintf(text, sizeof(text), "%s", HDR4);
	struct pw_error err = { 0 };

	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s", lines[i]);
	assert_true(len < sizeof(text));
	return parse(text, proto, AF_INET, seen, &err);
}

/* The kernel shows a socket again after a read(), in the state it has by then. */
static void socket_shown_again_in_another_state_is_passed_once(void **state)
{
	char l[4][256];
	struct seen seen = { 0 };

	(void)state;
	kline(l[0], 256, AF_INET, "10.0.0.1", 443, "192.0.2.1", 40000, PW_ST_ESTABLISHED, 0, 0, 0,
	      500);
	kline(l[1], 256, AF_INET, "10.0.0.1", 443, "192.0.2.2", 40000, PW_ST_ESTABLISHED, 0, 0, 0,
	      501);
	kline(l[2], 256, AF_INET, "10.0.0.1", 443, "192.0.2.1", 40000, PW_ST_FIN_WAIT1, 0, 0, 0,
	      500);
	kline(l[3], 256, AF_INET, "10.0.0.1", 443, "192.0.2.2", 40000, PW_ST_CLOSE_WAIT, 7, 0, 0,
	      501);
	assert_int_equal(parse_lines(PW_PROTO_TCP, l, 4, &seen), 0);
	assert_int_equal(seen.n, 2);
	assert_int_equal(seen.s[0].state, PW_ST_ESTABLISHED);
	assert_int_equal(seen.s[1].inode, 501);
	/* A UDP socket connected between two reads: the same socket. */
	memset(&seen, 0, sizeof(seen));
	kline(l[0], 256, AF_INET, "0.0.0.0", 5000, "0.0.0.0", 0, PW_ST_CLOSE, 0, 0, 0, 700);
	kline(l[1], 256, AF_INET, "127.0.0.1", 5000, "127.0.0.1", 53, PW_ST_ESTABLISHED, 0, 0, 0,
	      700);
	assert_int_equal(parse_lines(PW_PROTO_UDP, l, 2, &seen), 0);
	assert_int_equal(seen.n, 1);
}

/*
 * A TCP connection has no inode before accept() (and as a request, in
 * SYN-RECV) and after close() (TIME-WAIT): its addresses and ports tell it.
 */
static void tcp_connection_gaining_or_losing_its_inode_is_passed_once(void **state)
{
	char l[8][256];
	struct seen seen = { 0 };

	(void)state;
	/* Closed between two reads. */
	kline(l[0], 256, AF_INET, "10.0.0.1", 443, "192.0.2.1", 40001, PW_ST_ESTABLISHED, 0, 0, 0,
	      600);
	kline(l[1], 256, AF_INET, "10.0.0.1", 443, "192.0.2.1", 40001, PW_ST_TIME_WAIT, 0, 0, 0, 0);
	/* Accepted between two reads. */
	kline(l[2], 256, AF_INET, "10.0.0.1", 443, "192.0.2.1", 40002, PW_ST_SYN_RECV, 0, 0, 0, 0);
	kline(l[3], 256, AF_INET, "10.0.0.1", 443, "192.0.2.1", 40002, PW_ST_ESTABLISHED, 0, 0, 0,
	      601);
	/* Two TIME-WAIT connections, each shown twice. */
	kline(l[4], 256, AF_INET, "10.0.0.1", 443, "192.0.2.1", 40003, PW_ST_TIME_WAIT, 0, 0, 0, 0);
	kline(l[5], 256, AF_INET, "10.0.0.1", 443, "192.0.2.1", 40004, PW_ST_TIME_WAIT, 0, 0, 0, 0);
	memcpy(l[6], l[4], sizeof(l[6]));
	memcpy(l[7], l[5], sizeof(l[7]));
	assert_int_equal(parse_lines(PW_PROTO_TCP, l, 8, &seen), 0);
	assert_int_equal(seen.n, 4);
	assert_int_equal(seen.s[0].inode, 600);
	assert_int_equal(seen.s[1].state, PW_ST_SYN_RECV);
	assert_int_equal(seen.s[2].rport, 40003);
	assert_int_equal(seen.s[3].rport, 40004);
}

/* Sockets that share every address and port are still apart by inode. */
static void sockets_sharing_endpoints_are_all_passed(void **state)
{
	char l[4][256];
	struct seen seen = { 0 };

	(void)state;
	/* SO_REUSEPORT listeners, and UDP sockets connected to one peer. */
	kline(l[0], 256, AF_INET, "0.0.0.0", 80, "0.0.0.0", 0, PW_ST_LISTEN, 0, 0, 0, 800);
	kline(l[1], 256, AF_INET, "0.0.0.0", 80, "0.0.0.0", 0, PW_ST_LISTEN, 0, 0, 0, 801);
	assert_int_equal(parse_lines(PW_PROTO_TCP, l, 2, &seen), 0);
	assert_int_equal(seen.n, 2);
	memset(&seen, 0, sizeof(seen));
	kline(l[0], 256, AF_INET, "127.0.0.1", 5353, "127.0.0.1", 53, PW_ST_ESTABLISHED, 0, 0, 0,
	      900);
	kline(l[1], 256, AF_INET, "127.0.0.1", 5353, "127.0.0.1", 53, PW_ST_ESTABLISHED, 0, 0, 0,
	      901);
	assert_int_equal(parse_lines(PW_PROTO_UDP, l, 2, &seen), 0);
	assert_int_equal(seen.n, 2);
}

/*
 * The sockets passed are remembered in bounded memory: a repeat among the
 * last few thousand is found, one from far back (which the kernel never
 * shows) is passed again.
 */
static void repeats_are_found_among_recent_sockets_in_bounded_memory(void **state)
{
	enum {
		N = 4 * PW_SEEN_WINDOW
	};
	size_t size = (N + 200) * 200, len;
	char *text = malloc(size), line[256];
	struct seen seen = { 0 };
	struct pw_error err = { 0 };

	(void)state;
	len = (size_t)snprintf(text, size, "%s", HDR4);
	for (unsigned i = 0; i < N + 100; i++) {
		/* The last 99 again, and then the first. */
		unsigned k = i < N ? i : i == N + 99 ? 0 : i - 99;

		kline(line, sizeof(line), AF_INET, "127.0.0.1", 1000 + k % 60000, "0.0.0.0", 0,
		      PW_ST_LISTEN, 0, 0, 0, 9000 + k);
		len += (size_t)snprintf(text + len, size - len, "%s", line);
	}
	assert_int_equal(
		pw_procnet_parse(text, len, PW_PROTO_TCP, AF_INET, "t", collect, &seen, &err), 0);
	assert_int_equal(seen.n, N + 1);
	free(text);
}

static void last_line_without_newline_and_blank_lines_are_fine(void **state)
{
	char text[1024], line[256];
	struct seen seen = { 0 };
	struct pw_error err = { 0 };

	(void)state;
	kline(line, sizeof(line), AF_INET, "127.0.0.1", 7, "0.0.0.0", 0, 7, 0, 0, 0, 5);
	line[strlen(line) - 1] = '\0';
	snprintf(text, sizeof(text), "%s\n%s", HDR4, line);
	assert_int_equal(parse(text, PW_PROTO_UDP, AF_INET, &seen, &err), 0);
	assert_int_equal(seen.n, 1);
	/* A header alone: no sockets. */
	seen.n = 0;
	assert_int_equal(parse(HDR4, PW_PROTO_UDP, AF_INET, &seen, &err), 0);
	assert_int_equal(seen.n, 0);
}

/* Parse HDR + line and expect -EINVAL at line 2 with a message containing why. */
static void expect_bad(const char *hdr, const char *line, int family, const char *why)
{
	char text[1024];
	struct seen seen = { 0 };
	struct pw_error err = { 0 };

	snprintf(text, sizeof(text), "%s%s", hdr, line);
	assert_int_equal(parse(text, PW_PROTO_TCP, family, &seen, &err), -EINVAL);
	assert_int_equal(err.line, 2);
	assert_string_equal(err.file, "t");
	assert_non_null(strstr(err.msg, why));
	assert_int_equal(seen.n, 0);
}

static void malformed_lines_name_the_line_and_what_is_wrong(void **state)
{
	(void)state;
	expect_bad(HDR4, "0 0100007F:0016 00000000:0000 0A 00000000:00000000 00:0 0 0 0 1\n",
		   AF_INET, "slot");
	expect_bad(HDR4, "0: 100007F:0016 00000000:0000 0A 00000000:00000000 00:0 0 0 0 1\n",
		   AF_INET, "local address");
	expect_bad(HDR4, "0: 0100007G:0016 00000000:0000 0A 00000000:00000000 00:0 0 0 0 1\n",
		   AF_INET, "local address");
	expect_bad(HDR4, "0: 0100007F-0016 00000000:0000 0A 00000000:00000000 00:0 0 0 0 1\n",
		   AF_INET, "local address");
	expect_bad(HDR4, "0: 0100007F:0016 00000000:00000 0A 00000000:00000000 00:0 0 0 0 1\n",
		   AF_INET, "remote address");
	expect_bad(HDR4, "0: 0100007F:0016 00000000:0000 A 00000000:00000000 00:0 0 0 0 1\n",
		   AF_INET, "state");
	expect_bad(HDR4, "0: 0100007F:0016 00000000:0000 0A 00000000-00000000 00:0 0 0 0 1\n",
		   AF_INET, "queues");
	expect_bad(HDR4, "0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:0 0 -1 0 1\n",
		   AF_INET, "uid");
	expect_bad(HDR4,
		   "0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:0 0 0 0 4294967296\n",
		   AF_INET, "inode");
	expect_bad(HDR4, "0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:0 0 0 0 12x\n",
		   AF_INET, "inode");
	expect_bad(HDR4, "0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:0 0 0\n", AF_INET,
		   "ends early");
	expect_bad(HDR4, "0: 0100007F:0016\n", AF_INET, "remote address");
	/* An IPv4 line in an IPv6 table. */
	expect_bad(HDR6, "0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:0 0 0 0 1\n",
		   AF_INET6, "local address");
	/* CRLF: /proc never writes one, so the CR is part of the last word read. */
	expect_bad(HDR4, "0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:0 0 0 0 1\r\n",
		   AF_INET, "inode");
}

static void nul_byte_and_missing_header_are_errors(void **state)
{
	static const char nul[] = HDR4 "0: 0100007F:0016 00000000:0000 0A 00000000:00000000\0 00:0 "
				       "0 0 0 1\n";
	struct seen seen = { 0 };
	struct pw_error err = { 0 };

	(void)state;
	assert_int_equal(pw_procnet_parse(nul, sizeof(nul) - 1, PW_PROTO_TCP, AF_INET, "t", collect,
					  &seen, &err),
			 -EINVAL);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.msg, "NUL"));
	assert_int_equal(parse("garbage\n", PW_PROTO_TCP, AF_INET, &seen, &err), -EINVAL);
	assert_int_equal(err.line, 1);
	assert_non_null(strstr(err.msg, "header"));
	assert_int_equal(parse("", PW_PROTO_TCP, AF_INET, &seen, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "empty"));
	assert_int_equal(seen.n, 0);
}

static void error_after_good_lines_keeps_what_was_passed(void **state)
{
	char text[1024], line[256];
	struct seen seen = { 0 };
	struct pw_error err = { 0 };

	(void)state;
	kline(line, sizeof(line), AF_INET, "127.0.0.1", 7, "0.0.0.0", 0, 10, 0, 0, 0, 5);
	snprintf(text, sizeof(text), "%s%sjunk\n", HDR4, line);
	assert_int_equal(parse(text, PW_PROTO_TCP, AF_INET, &seen, &err), -EINVAL);
	assert_int_equal(err.line, 3);
	assert_int_equal(seen.n, 1);
}

static void callback_error_stops_the_parse(void **state)
{
	char text[1024], l1[256], l2[256];
	struct seen seen = { .fail_at = 1 };
	struct pw_error err = { 0 };

	(void)state;
	kline(l1, sizeof(l1), AF_INET, "127.0.0.1", 7, "0.0.0.0", 0, 10, 0, 0, 0, 5);
	kline(l2, sizeof(l2), AF_INET, "127.0.0.1", 8, "0.0.0.0", 0, 10, 0, 0, 0, 6);
	snprintf(text, sizeof(text), "%s%s%s", HDR4, l1, l2);
	assert_int_equal(parse(text, PW_PROTO_TCP, AF_INET, &seen, &err), -ECANCELED);
	assert_int_equal(seen.n, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(files_are_named_per_protocol_and_family),
		cmocka_unit_test(v4_line_gives_every_field),
		cmocka_unit_test(v6_and_v4_mapped_addresses_come_out_in_network_order),
		cmocka_unit_test(kernel_fixture_tables_parse_whole),
		cmocka_unit_test(kernel_fixture_fields_match_what_sockmix_made),
		cmocka_unit_test(time_wait_and_request_lines_have_no_uid),
		cmocka_unit_test(repeated_line_is_passed_once),
		cmocka_unit_test(socket_shown_again_in_another_state_is_passed_once),
		cmocka_unit_test(tcp_connection_gaining_or_losing_its_inode_is_passed_once),
		cmocka_unit_test(sockets_sharing_endpoints_are_all_passed),
		cmocka_unit_test(repeats_are_found_among_recent_sockets_in_bounded_memory),
		cmocka_unit_test(last_line_without_newline_and_blank_lines_are_fine),
		cmocka_unit_test(malformed_lines_name_the_line_and_what_is_wrong),
		cmocka_unit_test(nul_byte_and_missing_header_are_errors),
		cmocka_unit_test(error_after_good_lines_keeps_what_was_passed),
		cmocka_unit_test(callback_error_stops_the_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
