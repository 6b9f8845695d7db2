/* SPDX-License-Identifier: MIT */
/* Unit tests of filter.c: which sockets pass by protocol, family and state. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "filter.h"

#define B PW_ST_BIT

static struct pw_sock filter_sock(uint8_t proto, uint8_t family, uint8_t state)
{
	return (struct pw_sock){ .proto = proto, .family = family, .state = state, .v6only = -1 };
}

static void init_wants_tcp_udp_both_families_all_states(void **state)
{
	struct pw_filter f;

	(void)state;
	pw_filter_init(&f);
	assert_int_equal(f.protos, PW_PROTO_BIT(PW_PROTO_TCP) | PW_PROTO_BIT(PW_PROTO_UDP));
	assert_true(f.inet);
	assert_true(f.inet6);
	assert_int_equal(f.states, PW_ST_ALL);
	assert_false(f.narrowed);
}

static void default_filter_passes_tcp_and_udp_in_any_state(void **state)
{
	static const uint8_t protos[] = { PW_PROTO_TCP, PW_PROTO_UDP };
	static const uint8_t families[] = { AF_INET, AF_INET6 };
	struct pw_filter f;

	(void)state;
	pw_filter_init(&f);
	for (size_t p = 0; p < 2; p++) {
		for (size_t fam = 0; fam < 2; fam++) {
			for (uint8_t st = PW_ST_ESTABLISHED; st <= PW_ST_NEW_SYN_RECV; st++) {
				struct pw_sock s = filter_sock(protos[p], families[fam], st);

				if (!pw_filter_match(&f, &s))
					fail_msg("%s/%d %s refused", pw_sock_proto_name(protos[p]),
						 families[fam], pw_sock_state_name(st));
			}
		}
	}
}

static void default_filter_refuses_raw_udplite_and_sctp(void **state)
{
	struct pw_filter f;
	struct pw_sock s;

	(void)state;
	pw_filter_init(&f);
	s = filter_sock(PW_PROTO_RAW, AF_INET, PW_ST_CLOSE);
	assert_false(pw_filter_match(&f, &s));
	s = filter_sock(PW_PROTO_UDPLITE, AF_INET6, PW_ST_CLOSE);
	assert_false(pw_filter_match(&f, &s));
	s = filter_sock(PW_PROTO_SCTP, AF_INET, PW_ST_LISTEN);
	assert_false(pw_filter_match(&f, &s));
}

/* ss's "all" leaves out the bound-inactive pseudo state (sock.h, PW_ST_ALL). */
static void default_filter_refuses_bound_inactive(void **state)
{
	struct pw_filter f;
	struct pw_sock s = filter_sock(PW_PROTO_TCP, AF_INET, PW_ST_BOUND_INACTIVE);

	(void)state;
	pw_filter_init(&f);
	assert_false(pw_filter_match(&f, &s));
}

static void protocol_mask_picks_protocols(void **state)
{
	struct pw_filter f;
	struct pw_sock raw = filter_sock(PW_PROTO_RAW, AF_INET, PW_ST_CLOSE);
	struct pw_sock tcp = filter_sock(PW_PROTO_TCP, AF_INET, PW_ST_LISTEN);
	struct pw_sock udp = filter_sock(PW_PROTO_UDP, AF_INET, PW_ST_CLOSE);

	(void)state;
	pw_filter_init(&f);
	f.protos = PW_PROTO_BIT(PW_PROTO_RAW);
	assert_true(pw_filter_match(&f, &raw));
	assert_false(pw_filter_match(&f, &tcp));
	assert_false(pw_filter_match(&f, &udp));
	f.protos = PW_PROTO_BIT(PW_PROTO_UDP) | PW_PROTO_BIT(PW_PROTO_RAW);
	assert_true(pw_filter_match(&f, &raw));
	assert_false(pw_filter_match(&f, &tcp));
	assert_true(pw_filter_match(&f, &udp));
	f.protos = 0;
	assert_false(pw_filter_match(&f, &tcp));
}

static void family_flags_pick_families(void **state)
{
	struct pw_filter f;
	struct pw_sock v4 = filter_sock(PW_PROTO_TCP, AF_INET, PW_ST_LISTEN);
	struct pw_sock v6 = filter_sock(PW_PROTO_TCP, AF_INET6, PW_ST_LISTEN);

	(void)state;
	pw_filter_init(&f);
	f.inet6 = false;
	assert_true(pw_filter_match(&f, &v4));
	assert_false(pw_filter_match(&f, &v6));
	f.inet = false;
	f.inet6 = true;
	assert_false(pw_filter_match(&f, &v4));
	assert_true(pw_filter_match(&f, &v6));
	f.inet6 = false;
	assert_false(pw_filter_match(&f, &v4));
	assert_false(pw_filter_match(&f, &v6));
}

static void state_mask_picks_states(void **state)
{
	struct pw_filter f;
	struct pw_sock listen = filter_sock(PW_PROTO_TCP, AF_INET, PW_ST_LISTEN);
	struct pw_sock estab = filter_sock(PW_PROTO_TCP, AF_INET, PW_ST_ESTABLISHED);
	struct pw_sock unconn = filter_sock(PW_PROTO_UDP, AF_INET, PW_ST_CLOSE);

	(void)state;
	pw_filter_init(&f);
	f.states = B(PW_ST_LISTEN);
	assert_true(pw_filter_match(&f, &listen));
	assert_false(pw_filter_match(&f, &estab));
	assert_false(pw_filter_match(&f, &unconn));
	f.states = PW_ST_LISTENING;
	assert_true(pw_filter_match(&f, &listen));
	assert_false(pw_filter_match(&f, &estab));
	assert_true(pw_filter_match(&f, &unconn));
	f.states = B(PW_ST_ESTABLISHED) | B(PW_ST_TIME_WAIT);
	assert_false(pw_filter_match(&f, &listen));
	assert_true(pw_filter_match(&f, &estab));
}

/* The kernel reports request sockets as NEW_SYN_RECV; users ask for SYN-RECV. */
static void syn_recv_mask_matches_new_syn_recv(void **state)
{
	struct pw_filter f;
	struct pw_sock req = filter_sock(PW_PROTO_TCP, AF_INET6, PW_ST_NEW_SYN_RECV);
	struct pw_sock estab = filter_sock(PW_PROTO_TCP, AF_INET6, PW_ST_ESTABLISHED);

	(void)state;
	pw_filter_init(&f);
	f.states = B(PW_ST_SYN_RECV);
	assert_true(pw_filter_match(&f, &req));
	assert_false(pw_filter_match(&f, &estab));
	f.states = B(PW_ST_ESTABLISHED);
	assert_false(pw_filter_match(&f, &req));
}

static void syn_recv_word_matches_both_syn_recv_states(void **state)
{
	struct pw_filter f;
	struct pw_sock req = filter_sock(PW_PROTO_TCP, AF_INET, PW_ST_NEW_SYN_RECV);
	struct pw_sock old = filter_sock(PW_PROTO_TCP, AF_INET, PW_ST_SYN_RECV);
	struct pw_sock sent = filter_sock(PW_PROTO_TCP, AF_INET, PW_ST_SYN_SENT);

	(void)state;
	pw_filter_init(&f);
	assert_int_equal(pw_sock_state_parse("SYN-RECV", &f.states), 0);
	assert_true(pw_filter_match(&f, &req));
	assert_true(pw_filter_match(&f, &old));
	assert_false(pw_filter_match(&f, &sent));
}

static void out_of_range_state_never_matches(void **state)
{
	struct pw_filter f;
	struct pw_sock s = filter_sock(PW_PROTO_TCP, AF_INET, 40);

	(void)state;
	pw_filter_init(&f);
	f.states = UINT32_MAX;
	assert_false(pw_filter_match(&f, &s));
	s.state = 255;
	assert_false(pw_filter_match(&f, &s));
	s.state = 0;
	f.states = PW_ST_ALL;
	assert_false(pw_filter_match(&f, &s));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_wants_tcp_udp_both_families_all_states),
		cmocka_unit_test(default_filter_passes_tcp_and_udp_in_any_state),
		cmocka_unit_test(default_filter_refuses_raw_udplite_and_sctp),
		cmocka_unit_test(default_filter_refuses_bound_inactive),
		cmocka_unit_test(protocol_mask_picks_protocols),
		cmocka_unit_test(family_flags_pick_families),
		cmocka_unit_test(state_mask_picks_states),
		cmocka_unit_test(syn_recv_mask_matches_new_syn_recv),
		cmocka_unit_test(syn_recv_word_matches_both_syn_recv_states),
		cmocka_unit_test(out_of_range_state_never_matches),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
