/* SPDX-License-Identifier: MIT */
/* Test helper: the sockets, records, holders and namespaces the output tests render. */
#include "recfix.h"

#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "util.h"

struct pw_sock rf_sock(uint8_t proto, int family, uint8_t state, const char *laddr, uint16_t lport,
		       const char *raddr, uint16_t rport)
{
	struct pw_sock s = {
		.proto = proto,
		.family = (uint8_t)family,
		.state = state,
		.lport = lport,
		.rport = rport,
		.v6only = -1,
	};

	assert_int_equal(inet_pton(family, laddr, s.laddr), 1);
	assert_int_equal(inet_pton(family, raddr, s.raddr), 1);
	return s;
}

struct pw_sock rf_listener_at(unsigned proto, const char *laddr, uint16_t lport)
{
	bool v4 = strchr(laddr, ':') == NULL;
	uint8_t state =
		proto == PW_PROTO_TCP || proto == PW_PROTO_SCTP ? PW_ST_LISTEN : PW_ST_CLOSE;

	return rf_sock((uint8_t)proto, v4 ? AF_INET : AF_INET6, state, laddr, lport,
		       v4 ? "0.0.0.0" : "::", 0);
}

struct pw_sock rf_v4_listener(void)
{
	struct pw_sock s =
		rf_sock(PW_PROTO_TCP, AF_INET, PW_ST_LISTEN, "0.0.0.0", 22, "0.0.0.0", 0);

	s.cookie = 77;
	s.inode = 12345;
	s.wqueue = 128;
	return s;
}

struct pw_sock rf_v6_established(void)
{
	struct pw_sock s = rf_sock(PW_PROTO_TCP, AF_INET6, PW_ST_ESTABLISHED, "2001:db8::1", 443,
				   "2001:db8::2", 51000);

	s.cookie = 0x1234;
	s.inode = 2222;
	s.uid = 1000;
	s.rqueue = 5;
	s.wqueue = 6;
	s.v6only = 0;
	return s;
}

struct pw_sock rf_udp_lo(void)
{
	struct pw_sock s =
		rf_sock(PW_PROTO_UDP, AF_INET, PW_ST_CLOSE, "127.0.0.53", 53, "0.0.0.0", 0);

	s.cookie = 9;
	s.inode = 333;
	s.uid = 101;
	s.ifindex = 1;
	return s;
}

struct pw_sock rf_udp6_v6only(void)
{
	struct pw_sock s = rf_sock(PW_PROTO_UDP, AF_INET6, PW_ST_CLOSE, "::", 5353, "::", 0);

	s.v6only = 1;
	return s;
}

const struct pw_service rf_svc_ssh = { "ssh", "The Secure Shell (SSH) Protocol", PW_SVC_SYSTEM };
static const struct pw_service rf_svc_https = { "https", "http protocol over TLS/SSL",
						PW_SVC_BUILTIN };
static const struct pw_service rf_svc_domain = { "domain", "Domain Name Server", PW_SVC_SYSTEM };
static const struct pw_service rf_svc_mdns = { "mdns", "Multicast DNS", PW_SVC_BUILTIN };

struct pw_rec rf_rec(const struct pw_sock *s, struct pw_endpoint local, struct pw_endpoint remote,
		     bool notable)
{
	return (struct pw_rec){ .sock = s, .local = local, .remote = remote, .notable = notable };
}

/* Local endpoints are named: cppcheck misreads an RF_EP beside an RF_NO_PORT in one call. */
struct pw_rec rf_v4_listener_rec(const struct pw_sock *s)
{
	struct pw_endpoint local = RF_EP(&rf_svc_ssh, WELL_KNOWN, false, WILDCARD);

	return rf_rec(s, local, RF_NO_PORT(WILDCARD), false);
}

struct pw_rec rf_v6_established_rec(const struct pw_sock *s)
{
	return rf_rec(s, RF_EP(&rf_svc_https, WELL_KNOWN, false, PUBLIC),
		      RF_EP(NULL, DYNAMIC, true, PUBLIC), false);
}

struct pw_rec rf_udp_lo_rec(const struct pw_sock *s, const char *ifname)
{
	struct pw_endpoint local = RF_EP(&rf_svc_domain, WELL_KNOWN, false, LOOPBACK);
	struct pw_rec r = rf_rec(s, local, RF_NO_PORT(WILDCARD), false);

	r.ifname = ifname;
	return r;
}

struct pw_rec rf_udp6_v6only_rec(const struct pw_sock *s)
{
	struct pw_endpoint local = RF_EP(&rf_svc_mdns, REGISTERED, false, WILDCARD);

	return rf_rec(s, local, RF_NO_PORT(WILDCARD), false);
}

void rf_three(struct pw_sock *s, struct pw_rec *r, const char *ifname)
{
	s[0] = rf_v4_listener();
	s[1] = rf_v6_established();
	s[2] = rf_udp_lo();
	r[0] = rf_v4_listener_rec(&s[0]);
	r[1] = rf_v6_established_rec(&s[1]);
	r[2] = rf_udp_lo_rec(&s[2], ifname);
}

struct pw_out_opts rf_opts(enum pw_format format)
{
	return (struct pw_out_opts){
		.format = format,
		.header = true,
		.host = "h1",
		.time = "2024-01-02T03:04:05Z",
	};
}

char *rf_render(const struct pw_out_opts *o, const struct pw_rec *recs, size_t n, bool complete,
		size_t *len)
{
	return rf_render_ended(o, recs, n, complete, 0, len);
}

char *rf_render_ended(const struct pw_out_opts *o, const struct pw_rec *recs, size_t n,
		      bool complete, uint32_t unavailable, size_t *len)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	struct pw_out *out;

	assert_non_null(f);
	out = pw_out_new(f, o);
	assert_non_null(out);
	for (size_t i = 0; i < n; i++)
		pw_out_sock(out, &recs[i]);
	pw_out_end(out, complete, unavailable);
	pw_out_free(out);
	assert_int_equal(fclose(f), 0);
	if (len)
		*len = size;
	return buf;
}

char *rf_render_three(const struct pw_out_opts *o, const char *ifname)
{
	struct pw_sock s[3];
	struct pw_rec r[3];

	rf_three(s, r, ifname);
	return rf_render(o, r, 3, true, NULL);
}

char *rf_render_udp_lo(const struct pw_out_opts *o, const char *ifname, size_t *len)
{
	struct pw_sock s = rf_udp_lo();
	struct pw_rec r = rf_udp_lo_rec(&s, ifname);

	return rf_render(o, &r, 1, true, len);
}

size_t rf_count(const char *s, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

const char *rf_line(const char *text, size_t i)
{
	const char *p = text;

	while (i-- > 0) {
		p = strchr(p, '\n');
		if (!p)
			return NULL;
		p++;
	}
	return *p ? p : NULL;
}

size_t rf_col(const char *text, size_t i, const char *needle)
{
	const char *line = rf_line(text, i);
	const char *end, *hit;

	assert_non_null(line);
	end = strchr(line, '\n');
	hit = strstr(line, needle);
	if (!hit || (end && hit > end))
		fail_msg("line %zu has no '%s'", i, needle);
	return (size_t)(hit - line);
}

char *rf_line_dup(const char *text, size_t i)
{
	const char *line = rf_line(text, i);

	assert_non_null(line);
	return strndup(line, strcspn(line, "\n"));
}

void rf_assert_terminal_safe(const char *text, size_t len, const char *eol)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t eol_len = strlen(eol);

	for (size_t i = 0; i < len;) {
		size_t n;

		if (len - i >= eol_len && memcmp(p + i, eol, eol_len) == 0) {
			i += eol_len;
			continue;
		}
		if (p[i] < 0x20 || p[i] == 0x7f)
			fail_msg("control byte 0x%02x at offset %zu", p[i], i);
		n = pw_utf8_seq_len(p + i, len - i);
		if (n == 0)
			fail_msg("byte 0x%02x at offset %zu is not well-formed UTF-8", p[i], i);
		if (n == 2 && p[i] == 0xc2 && p[i + 1] < 0xa0)
			fail_msg("C1 control U+%04X at offset %zu", p[i + 1], i);
		i += n;
	}
}

struct pw_proc rf_proc(int pid, uid_t uid, const char *comm, const char *exe, const char *cmdline,
		       const char *unit)
{
	/* The renderers never write through these: the casts only fit struct pw_proc. */
	return (struct pw_proc){ .pid = pid,
				 .uid = uid,
				 .comm = (char *)comm,
				 .exe = (char *)exe,
				 .cmdline = (char *)cmdline,
				 .unit = (char *)unit };
}

/* Names holders' uids: 0 root, 1000 alice, 666 a hostile name; others unknown. */
static const char *rf_user_name(uint32_t uid, void *ctx)
{
	size_t *calls = ctx;

	if (calls)
		(*calls)++;
	switch (uid) {
	case 0:
		return "root";
	case 1000:
		return "alice";
	case 666:
		return RF_HOSTILE_USER;
	default:
		return NULL;
	}
}

static const struct pw_proc rf_sshd_proc = { .pid = 612,
					     .uid = 0,
					     .comm = (char[]){ "sshd" },
					     .exe = (char[]){ "/usr/sbin/sshd" },
					     .cmdline = (char[]){ "sshd: /usr/sbin/sshd -D" },
					     .unit = (char[]){ "ssh.service" } };
static const struct pw_proc rf_init_proc = { .pid = 1,
					     .uid = 0,
					     .comm = (char[]){ "systemd" },
					     .exe = (char[]){ "/usr/lib/systemd/systemd" },
					     .cmdline = (char[]){ "/sbin/init" },
					     .unit = (char[]){ "init.scope" } };
const struct pw_proc *const rf_sshd_only[] = { &rf_sshd_proc };
const struct pw_proc *const rf_sshd_and_init[] = { &rf_sshd_proc, &rf_init_proc };

void rf_set_owners(struct pw_rec *r, const struct pw_proc *const *procs, size_t n, bool orphan)
{
	r->owners = true;
	r->procs = procs;
	r->nprocs = n;
	r->orphan = orphan;
	r->user_name = rf_user_name;
}

static char rf_ns_blue_name[] = "blue";
static char rf_ns_blue_comm[] = "pwblue";
static char rf_ns_hostile_name[] = "r\x1b[2Jd,\"x\xff";
static const struct pw_netns rf_ns_host = { .inode = 4026531840u, .initial = true, .pid = 1 };
static const struct pw_netns rf_ns_blue = {
	.inode = 4026532001u, .name = rf_ns_blue_name, .pid = 400, .comm = rf_ns_blue_comm
};
/* Unnamed, no process seen in it (a namespace held only by a file). */
static const struct pw_netns rf_ns_anon = { .inode = 4026532301u };
const struct pw_netns rf_ns_hostile = { .inode = 7, .name = rf_ns_hostile_name };

void rf_netns_recs(struct pw_sock *s, struct pw_rec *r, bool many)
{
	static const struct pw_netns *const nss[] = { &rf_ns_host, &rf_ns_blue, &rf_ns_anon };

	for (size_t i = 0; i < 3; i++) {
		s[i] = rf_v4_listener();
		r[i] = rf_v4_listener_rec(&s[i]);
		r[i].netns = nss[i];
		r[i].show_netns = many;
	}
}
