/* SPDX-License-Identifier: MIT */
/* Unit tests of diag.c: inet_diag requests and replies built with libmnl. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "diag.h"
#include "nlbuild.h"

#define SEQ 77
#define PORTID 4242

struct seen {
	int n;
	struct pw_sock s[8];
	int fail_at; /* return an error for this call (1-based), 0: never */
};

static int collect(const struct pw_sock *s, void *data)
{
	struct seen *seen = data;

	if (++seen->n == seen->fail_at)
		return -ECANCELED;
	if (seen->n <= 8)
		seen->s[seen->n - 1] = *s;
	return 0;
}

static struct nlb b;

/* Append a listener on the any address of family to b, cookie and inode n. */
static struct nlmsghdr *put_listener(int family, uint16_t port, uint32_t n)
{
	const char *any = family == AF_INET6 ? "::" : "0.0.0.0";

	return nlb_sock(&b, family, PW_ST_LISTEN, any, port, any, 0, n, n);
}

/* Start b afresh, for request SEQ from PORTID, with a listener on port (cookie and inode 1). */
static struct nlmsghdr *listener_batch(int family, uint16_t port)
{
	nlb_init(&b, SEQ, PORTID);
	return put_listener(family, port, 1);
}

/* pw_diag_parse_batch of all of b, as the answer to request SEQ from PORTID. */
static int parse_batch(unsigned proto, struct seen *seen)
{
	return pw_diag_parse_batch(b.buf, b.len, SEQ, PORTID, proto, collect, seen);
}

/* The states a request for proto sockets of family in states asks the kernel for. */
static uint32_t requested_states(unsigned proto, int family, uint32_t states)
{
	char buf[PW_DIAG_REQ_SIZE];
	const struct inet_diag_req_v2 *req =
		mnl_nlmsg_get_payload(pw_diag_build_request(buf, proto, family, states, 1));

	return req->idiag_states;
}

/* pw_diag_parse_msg of an IPv6 listener whose v6only attribute claims nla_len bytes. */
static int parse_with_v6only_len(uint16_t nla_len)
{
	struct pw_sock s;
	struct nlmsghdr *nlh;
	struct nlattr *attr;
	uint8_t one = 1;

	nlh = listener_batch(AF_INET6, 80);
	nlb_attr(&b, nlh, INET_DIAG_SKV6ONLY, &one, 1);
	attr = (struct nlattr *)((char *)nlh + NLMSG_HDRLEN + sizeof(struct inet_diag_msg));
	attr->nla_len = nla_len;
	return pw_diag_parse_msg(nlh, PW_PROTO_TCP, &s);
}

static void request_carries_protocol_family_and_states(void **state)
{
	char buf[PW_DIAG_REQ_SIZE];
	struct nlmsghdr *nlh;
	struct inet_diag_req_v2 *req;

	(void)state;
	nlh = pw_diag_build_request(buf, PW_PROTO_UDP, AF_INET6, PW_ST_BIT(PW_ST_CLOSE), 9);
	assert_int_equal(nlh->nlmsg_type, SOCK_DIAG_BY_FAMILY);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	assert_int_equal(nlh->nlmsg_seq, 9);
	assert_int_equal(nlh->nlmsg_len, NLMSG_HDRLEN + sizeof(*req));
	req = mnl_nlmsg_get_payload(nlh);
	assert_int_equal(req->sdiag_family, AF_INET6);
	assert_int_equal(req->sdiag_protocol, IPPROTO_UDP);
	assert_int_equal(req->idiag_states, 1u << 7);
	assert_int_equal(req->pad, 0);
}

static void request_for_raw_asks_every_ip_protocol(void **state)
{
	char buf[PW_DIAG_REQ_SIZE];
	struct inet_diag_req_raw *req;

	(void)state;
	req = mnl_nlmsg_get_payload(
		pw_diag_build_request(buf, PW_PROTO_RAW, AF_INET, PW_ST_ALL, 1));
	assert_int_equal(req->sdiag_protocol, IPPROTO_RAW);
	assert_int_equal(req->sdiag_raw_protocol, IPPROTO_RAW);
}

static void request_for_syn_recv_also_asks_request_sockets(void **state)
{
	(void)state;
	assert_int_equal(requested_states(PW_PROTO_TCP, AF_INET, PW_ST_BIT(PW_ST_SYN_RECV)),
			 PW_ST_BIT(PW_ST_SYN_RECV) | PW_ST_BIT(PW_ST_NEW_SYN_RECV));
}

/* TCP sockets are never in CLOSE in the tables; asking would make the kernel walk them all. */
static void request_for_tcp_never_asks_for_close(void **state)
{
	(void)state;
	assert_int_equal(requested_states(PW_PROTO_TCP, AF_INET6, PW_ST_LISTENING),
			 PW_ST_BIT(PW_ST_LISTEN));
	assert_int_equal(requested_states(PW_PROTO_TCP, AF_INET, PW_ST_ALL),
			 PW_ST_ALL & ~PW_ST_BIT(PW_ST_CLOSE));
	/* UDP's unconnected sockets are CLOSE: those are asked for. */
	assert_int_equal(requested_states(PW_PROTO_UDP, AF_INET, PW_ST_LISTENING), PW_ST_LISTENING);
}

static void legacy_request_asks_tcp_of_both_families(void **state)
{
	char buf[PW_DIAG_REQ_SIZE];
	struct nlmsghdr *nlh;
	struct inet_diag_req *req;

	(void)state;
	memset(buf, 0xa5, sizeof(buf));
	nlh = pw_diag_build_legacy_request(buf, PW_ST_LISTENING | PW_ST_BIT(PW_ST_SYN_RECV), 77);
	assert_int_equal(nlh->nlmsg_type, TCPDIAG_GETSOCK);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	assert_int_equal(nlh->nlmsg_seq, 77);
	assert_int_equal(nlh->nlmsg_len, NLMSG_HDRLEN + sizeof(*req));
	req = mnl_nlmsg_get_payload(nlh);
	assert_int_equal(req->idiag_family, AF_UNSPEC);
	assert_int_equal(req->idiag_src_len, 0);
	assert_int_equal(req->idiag_dst_len, 0);
	assert_int_equal(req->idiag_ext, 0);
	assert_int_equal(req->idiag_dbs, 0);
	assert_int_equal(req->id.idiag_sport, 0);
	assert_int_equal(req->id.idiag_if, 0);
	assert_int_equal(req->idiag_states, PW_ST_BIT(PW_ST_LISTEN) | PW_ST_BIT(PW_ST_SYN_RECV) |
						    PW_ST_BIT(PW_ST_NEW_SYN_RECV));
}

/* Replies to the legacy request carry its type; they parse as TCP of either family. */
static void legacy_batch_parses_both_families(void **state)
{
	struct seen seen = { 0 };

	(void)state;
	nlb_init(&b, SEQ, PORTID);
	b.type = TCPDIAG_GETSOCK;
	nlb_sock(&b, AF_INET, PW_ST_LISTEN, "127.0.0.1", 22, "0.0.0.0", 0, 1, 1);
	nlb_sock(&b, AF_INET6, PW_ST_ESTABLISHED, "::ffff:127.0.0.1", 22, "::ffff:127.0.0.1", 40000,
		 2, 2);
	nlb_done(&b, 0);
	assert_int_equal(pw_diag_parse_legacy_batch(b.buf, b.len, SEQ, PORTID, collect, &seen), 0);
	assert_int_equal(seen.n, 2);
	assert_int_equal(seen.s[1].proto, PW_PROTO_TCP);
	assert_int_equal(seen.s[1].family, AF_INET6);
	assert_int_equal(seen.s[1].rport, 40000);
	assert_int_equal(seen.s[0].family, AF_INET);
	/* The same messages answer no SOCK_DIAG_BY_FAMILY request, and the reverse. */
	assert_int_equal(parse_batch(PW_PROTO_TCP, &seen), -EPROTO);
	nlb_init(&b, SEQ, PORTID);
	nlb_sock(&b, AF_INET, PW_ST_LISTEN, "127.0.0.1", 22, "0.0.0.0", 0, 1, 1);
	assert_int_equal(pw_diag_parse_legacy_batch(b.buf, b.len, SEQ, PORTID, collect, &seen),
			 -EPROTO);
	assert_int_equal(seen.n, 2);
}

static void parse_v4_listener(void **state)
{
	struct pw_sock s;
	struct nlmsghdr *nlh;

	(void)state;
	nlb_init(&b, SEQ, PORTID);
	nlh = nlb_sock(&b, AF_INET, PW_ST_LISTEN, "10.1.2.3", 22, "0.0.0.0", 0, 0x100000002ULL,
		       555);
	assert_int_equal(pw_diag_parse_msg(nlh, PW_PROTO_TCP, &s), 0);
	assert_int_equal(s.proto, PW_PROTO_TCP);
	assert_int_equal(s.family, AF_INET);
	assert_int_equal(s.state, PW_ST_LISTEN);
	assert_int_equal(s.lport, 22);
	assert_int_equal(s.rport, 0);
	assert_memory_equal(s.laddr, "\x0a\x01\x02\x03", 4);
	assert_int_equal(s.laddr[4], 0);
	assert_int_equal(s.cookie, 0x100000002ULL);
	assert_int_equal(s.inode, 555);
	assert_int_equal(s.uid, 1000);
	assert_int_equal(s.rqueue, 1);
	assert_int_equal(s.wqueue, 2);
	assert_int_equal(s.v6only, -1);
}

/* pw_diag_parse_msg's uid of a TCP socket in state the kernel reports with uid and inode. */
static uint32_t parsed_uid(uint8_t state, uint32_t uid, uint32_t inode)
{
	struct nlmsghdr *nlh;
	struct inet_diag_msg *m;
	struct pw_sock s;

	nlb_init(&b, SEQ, PORTID);
	nlh = nlb_sock(&b, AF_INET, state, "127.0.0.1", 8080, "127.0.0.1", 40000, 3, inode);
	m = mnl_nlmsg_get_payload(nlh);
	m->idiag_uid = uid;
	assert_int_equal(pw_diag_parse_msg(nlh, PW_PROTO_TCP, &s), 0);
	return s.uid;
}

static void parse_time_wait_and_request_sockets_have_no_uid(void **state)
{
	(void)state;
	/* inet_twsk_diag_fill and inet_req_diag_fill write uid 0, inode 0. */
	assert_int_equal(parsed_uid(PW_ST_TIME_WAIT, 0, 0), PW_UID_UNKNOWN);
	assert_int_equal(parsed_uid(PW_ST_NEW_SYN_RECV, 0, 0), PW_UID_UNKNOWN);
	assert_int_equal(parsed_uid(PW_ST_NEW_SYN_RECV, 1000, 0), PW_UID_UNKNOWN);
	/* A connection of root's is root's, and nobody's nobody's. */
	assert_int_equal(parsed_uid(PW_ST_ESTABLISHED, 0, 0), 0);
	assert_int_equal(parsed_uid(PW_ST_ESTABLISHED, 65534, 12), 65534);
}

static void parse_v6_with_v6only_attribute(void **state)
{
	struct pw_sock s;
	struct nlmsghdr *nlh;
	uint8_t one = 1;
	char text[PW_ADDR_STRLEN];

	(void)state;
	nlb_init(&b, SEQ, PORTID);
	nlh = nlb_sock(&b, AF_INET6, PW_ST_ESTABLISHED, "2001:db8::1", 443, "fe80::2", 50000, 7, 8);
	nlb_attr(&b, nlh, INET_DIAG_SKV6ONLY, &one, 1);
	assert_int_equal(pw_diag_parse_msg(nlh, PW_PROTO_TCP, &s), 0);
	assert_int_equal(s.family, AF_INET6);
	assert_int_equal(s.v6only, 1);
	assert_int_equal(s.rport, 50000);
	pw_sock_format_addr(&s, false, text);
	assert_string_equal(text, "2001:db8::1");
	pw_sock_format_addr(&s, true, text);
	assert_string_equal(text, "fe80::2");
}

static void parse_v4_mapped_v6_keeps_mapped_form(void **state)
{
	struct pw_sock s;
	char text[PW_ADDR_STRLEN];

	(void)state;
	nlb_init(&b, SEQ, PORTID);
	assert_int_equal(
		pw_diag_parse_msg(nlb_sock(&b, AF_INET6, PW_ST_ESTABLISHED, "::ffff:127.0.0.1", 80,
					   "::ffff:127.0.0.2", 4000, 1, 1),
				  PW_PROTO_TCP, &s),
		0);
	pw_sock_format_addr(&s, false, text);
	assert_string_equal(text, "::ffff:127.0.0.1");
}

static void parse_skips_unknown_attributes(void **state)
{
	struct pw_sock s;
	struct nlmsghdr *nlh;
	uint8_t zero = 0;
	char junk[13] = "hello, world";

	(void)state;
	nlh = listener_batch(AF_INET6, 80);
	nlb_attr(&b, nlh, 200, junk, sizeof(junk));
	nlb_attr(&b, nlh, INET_DIAG_SKV6ONLY, &zero, 1);
	nlb_attr(&b, nlh, INET_DIAG_MAX + 1, junk, 3);
	assert_int_equal(pw_diag_parse_msg(nlh, PW_PROTO_TCP, &s), 0);
	assert_int_equal(s.v6only, 0);
}

static void parse_rejects_empty_v6only_attribute(void **state)
{
	struct pw_sock s;
	struct nlmsghdr *nlh;

	(void)state;
	nlh = listener_batch(AF_INET6, 80);
	nlb_attr(&b, nlh, INET_DIAG_SKV6ONLY, NULL, 0);
	assert_int_equal(pw_diag_parse_msg(nlh, PW_PROTO_TCP, &s), -EPROTO);
}

static void parse_rejects_attribute_longer_than_message(void **state)
{
	(void)state;
	assert_int_equal(parse_with_v6only_len(200), -EPROTO);
}

static void parse_rejects_attribute_shorter_than_its_header(void **state)
{
	(void)state;
	assert_int_equal(parse_with_v6only_len(2), -EPROTO);
}

static void parse_rejects_short_and_empty_payloads(void **state)
{
	struct pw_sock s;
	struct nlmsghdr *nlh;

	(void)state;
	nlh = listener_batch(AF_INET, 80);
	nlh->nlmsg_len = NLMSG_HDRLEN + sizeof(struct inet_diag_msg) - 1;
	assert_int_equal(pw_diag_parse_msg(nlh, PW_PROTO_TCP, &s), -EPROTO);
	nlh->nlmsg_len = NLMSG_HDRLEN;
	assert_int_equal(pw_diag_parse_msg(nlh, PW_PROTO_TCP, &s), -EPROTO);
}

static void parse_rejects_unknown_family(void **state)
{
	struct pw_sock s;
	struct nlmsghdr *nlh;

	(void)state;
	nlh = listener_batch(AF_INET, 80);
	((struct inet_diag_msg *)mnl_nlmsg_get_payload(nlh))->idiag_family = AF_UNIX;
	assert_int_equal(pw_diag_parse_msg(nlh, PW_PROTO_TCP, &s), -EPROTO);
}

static void batch_delivers_every_socket_and_goes_on(void **state)
{
	struct seen seen = { 0 };

	(void)state;
	listener_batch(AF_INET, 22);
	nlb_sock(&b, AF_INET, PW_ST_ESTABLISHED, "127.0.0.1", 22, "127.0.0.1", 40000, 2, 2);
	assert_int_equal(parse_batch(PW_PROTO_TCP, &seen), 1);
	assert_int_equal(seen.n, 2);
	assert_int_equal(seen.s[1].rport, 40000);
}

static void batch_ends_at_done(void **state)
{
	struct seen seen = { 0 };

	(void)state;
	listener_batch(AF_INET, 22);
	nlb_done(&b, 0);
	assert_int_equal(parse_batch(PW_PROTO_TCP, &seen), 0);
	assert_int_equal(seen.n, 1);
}

static void batch_done_with_enoent_means_protocol_missing(void **state)
{
	struct seen seen = { 0 };
	int ret;

	(void)state;
	nlb_init(&b, SEQ, PORTID);
	nlb_done(&b, -ENOENT);
	ret = parse_batch(PW_PROTO_SCTP, &seen);
	assert_int_equal(ret, -ENOENT);
	assert_true(pw_diag_proto_missing(ret));
	assert_false(pw_diag_proto_missing(-EPERM));
}

static void batch_error_message_is_an_error(void **state)
{
	struct seen seen = { 0 };

	(void)state;
	listener_batch(AF_INET, 22);
	nlb_error(&b, -EBUSY);
	assert_int_equal(parse_batch(PW_PROTO_TCP, &seen), -EBUSY);
	nlb_init(&b, SEQ, PORTID);
	nlb_error(&b, -EOPNOTSUPP);
	assert_true(pw_diag_proto_missing(parse_batch(PW_PROTO_SCTP, &seen)));
}

static void batch_flagged_interrupted_returns_eintr(void **state)
{
	struct seen seen = { 0 };
	struct nlmsghdr *nlh;

	(void)state;
	nlh = listener_batch(AF_INET, 22);
	nlh->nlmsg_flags |= NLM_F_DUMP_INTR;
	assert_int_equal(parse_batch(PW_PROTO_TCP, &seen), -EINTR);
}

static void batch_rejects_foreign_sequence_and_port(void **state)
{
	struct seen seen = { 0 };

	(void)state;
	nlb_init(&b, SEQ + 1, PORTID);
	put_listener(AF_INET, 22, 1);
	assert_int_equal(parse_batch(PW_PROTO_TCP, &seen), -EPROTO);
	nlb_init(&b, SEQ, PORTID + 1);
	put_listener(AF_INET, 22, 1);
	assert_int_equal(parse_batch(PW_PROTO_TCP, &seen), -EPROTO);
	assert_int_equal(seen.n, 0);
}

static void batch_rejects_truncated_message(void **state)
{
	struct seen seen = { 0 };

	(void)state;
	listener_batch(AF_INET, 22);
	put_listener(AF_INET, 23, 2);
	assert_int_equal(
		pw_diag_parse_batch(b.buf, b.len - 8, SEQ, PORTID, PW_PROTO_TCP, collect, &seen),
		-EPROTO);
	assert_int_equal(seen.n, 0);
}

static void batch_rejects_length_past_the_end_and_zero_length(void **state)
{
	struct seen seen = { 0 };
	struct nlmsghdr *nlh;

	(void)state;
	nlh = listener_batch(AF_INET, 22);
	nlh->nlmsg_len = UINT32_MAX;
	assert_int_equal(parse_batch(PW_PROTO_TCP, &seen), -EPROTO);
	nlh->nlmsg_len = 0;
	assert_int_equal(parse_batch(PW_PROTO_TCP, &seen), -EPROTO);
	assert_int_equal(pw_diag_parse_batch(b.buf, 0, SEQ, PORTID, PW_PROTO_TCP, collect, &seen),
			 -EPROTO);
	assert_int_equal(seen.n, 0);
}

static void batch_rejects_unexpected_message_type(void **state)
{
	struct seen seen = { 0 };
	struct nlmsghdr *nlh;

	(void)state;
	nlh = listener_batch(AF_INET, 22);
	nlh->nlmsg_type = 99;
	assert_int_equal(parse_batch(PW_PROTO_TCP, &seen), -EPROTO);
}

static void batch_passes_on_callback_error(void **state)
{
	struct seen seen = { .fail_at = 2 };

	(void)state;
	listener_batch(AF_INET, 22);
	put_listener(AF_INET, 23, 2);
	put_listener(AF_INET, 24, 3);
	assert_int_equal(parse_batch(PW_PROTO_TCP, &seen), -ECANCELED);
	assert_int_equal(seen.n, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(request_carries_protocol_family_and_states),
		cmocka_unit_test(request_for_raw_asks_every_ip_protocol),
		cmocka_unit_test(request_for_syn_recv_also_asks_request_sockets),
		cmocka_unit_test(request_for_tcp_never_asks_for_close),
		cmocka_unit_test(legacy_request_asks_tcp_of_both_families),
		cmocka_unit_test(legacy_batch_parses_both_families),
		cmocka_unit_test(parse_v4_listener),
		cmocka_unit_test(parse_time_wait_and_request_sockets_have_no_uid),
		cmocka_unit_test(parse_v6_with_v6only_attribute),
		cmocka_unit_test(parse_v4_mapped_v6_keeps_mapped_form),
		cmocka_unit_test(parse_skips_unknown_attributes),
		cmocka_unit_test(parse_rejects_empty_v6only_attribute),
		cmocka_unit_test(parse_rejects_attribute_longer_than_message),
		cmocka_unit_test(parse_rejects_attribute_shorter_than_its_header),
		cmocka_unit_test(parse_rejects_short_and_empty_payloads),
		cmocka_unit_test(parse_rejects_unknown_family),
		cmocka_unit_test(batch_delivers_every_socket_and_goes_on),
		cmocka_unit_test(batch_ends_at_done),
		cmocka_unit_test(batch_done_with_enoent_means_protocol_missing),
		cmocka_unit_test(batch_error_message_is_an_error),
		cmocka_unit_test(batch_flagged_interrupted_returns_eintr),
		cmocka_unit_test(batch_rejects_foreign_sequence_and_port),
		cmocka_unit_test(batch_rejects_truncated_message),
		cmocka_unit_test(batch_rejects_length_past_the_end_and_zero_length),
		cmocka_unit_test(batch_rejects_unexpected_message_type),
		cmocka_unit_test(batch_passes_on_callback_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
