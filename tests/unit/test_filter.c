/* SPDX-License-Identifier: MIT */
/* Unit tests of filter.c: which sockets pass by protocol, family, state, port, user and holder. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
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

/* --- port conditions ------------------------------------------------------------ */

/*
 * A tiny system file over the built-in table: pwtcp is a TCP-only name,
 * pwudp a UDP-only one. Host ports: ephemeral 40000-40010, 40005 reserved.
 */
static const char flt_services[] = "pwtcp 4000/tcp\n"
				   "pwudp 4001/udp\n";

struct flt_ctx {
	struct pw_services *db;
	struct pw_hostports hp;
	struct pw_filter f;
	struct pw_error err;
};

static int flt_setup(void **state)
{
	static const char range[] = "40000 40010\n", reserved[] = "40005\n";
	struct flt_ctx *c = calloc(1, sizeof(*c));

	if (!c)
		return -1;
	c->db = pw_services_new();
	if (!c->db ||
	    pw_services_load_buffer(c->db, flt_services, sizeof(flt_services) - 1, NULL) < 0 ||
	    pw_ports_parse_range(&c->hp, range, sizeof(range) - 1) < 0 ||
	    pw_ports_parse_reserved(&c->hp, reserved, sizeof(reserved) - 1) < 0) {
		pw_services_free(c->db);
		free(c);
		return -1;
	}
	pw_filter_init(&c->f);
	/* Every protocol, so that port conditions alone decide. */
	c->f.protos = PW_PROTO_BIT(PW_PROTO_COUNT) - 1;
	*state = c;
	return 0;
}

static int flt_teardown(void **state)
{
	struct flt_ctx *c = *state;

	pw_filter_fini(&c->f);
	pw_services_free(c->db);
	free(c);
	return 0;
}

/* Add spec on side to c's filter; it must be accepted. */
static void flt_add(struct flt_ctx *c, enum pw_filter_side side, const char *spec, bool class_only)
{
	int ret = pw_filter_add_ports(&c->f, side, spec, class_only, c->db, &c->hp, &c->err);

	if (ret != 0)
		fail_msg("'%s' refused (%d): %s", spec, ret, c->err.msg);
}

/* Add spec to a fresh filter; it must be refused with -EINVAL and a message naming what. */
static void flt_refuse(struct flt_ctx *c, enum pw_filter_side side, const char *spec,
		       bool class_only, const char *what)
{
	struct pw_filter f;
	struct pw_error err;
	int ret;

	pw_filter_init(&f);
	memset(&err, 0, sizeof(err));
	ret = pw_filter_add_ports(&f, side, spec, class_only, c->db, &c->hp, &err);
	pw_filter_fini(&f);
	if (ret != -EINVAL)
		fail_msg("'%s' gave %d, not -EINVAL", spec, ret);
	if (!strstr(err.msg, what))
		fail_msg("'%s': message '%s' does not name '%s'", spec, err.msg, what);
}

/* A socket with both ports; rport 0 is "no peer". */
static struct pw_sock flt_sock(uint8_t proto, uint8_t state, uint16_t lport, uint16_t rport)
{
	struct pw_sock s = filter_sock(proto, AF_INET, state);

	s.lport = lport;
	s.rport = rport;
	return s;
}

static bool flt_local(const struct flt_ctx *c, uint8_t proto, uint16_t lport)
{
	struct pw_sock s =
		flt_sock(proto, proto == PW_PROTO_TCP ? PW_ST_LISTEN : PW_ST_CLOSE, lport, 0);

	return pw_filter_match(&c->f, &s);
}

/* Expect each port of ports[] on the local side of a TCP listener to match or not. */
#define FLT_EXPECT_LOCAL(c, proto, want, ...)                                                  \
	do {                                                                                   \
		static const uint16_t ports_[] = { __VA_ARGS__ };                              \
		for (size_t i_ = 0; i_ < PW_ARRAY_SIZE(ports_); i_++)                          \
			if (flt_local(c, proto, ports_[i_]) != (want))                         \
				fail_msg("%s port %u: match is %d", pw_sock_proto_name(proto), \
					 ports_[i_], !(want));                                 \
	} while (0)

static void port_number_matches_that_port_only(void **state)
{
	struct flt_ctx *c = *state;

	flt_add(c, PW_SIDE_EITHER, "22", false);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, true, 22);
	FLT_EXPECT_LOCAL(c, PW_PROTO_UDP, true, 22);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, false, 0, 21, 23, 2222, 65535);
	assert_true(c->f.narrowed);
}

static void port_range_includes_its_bounds(void **state)
{
	struct flt_ctx *c = *state;

	flt_add(c, PW_SIDE_LOCAL, "1000-2000", false);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, true, 1000, 1500, 2000);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, false, 999, 2001);
}

static void port_range_may_be_one_port_or_everything(void **state)
{
	struct flt_ctx *c = *state;

	flt_add(c, PW_SIDE_LOCAL, "443-443", false);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, true, 443);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, false, 442, 444);
	pw_filter_fini(&c->f);
	flt_add(c, PW_SIDE_LOCAL, "0-65535", false);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, true, 0, 1, 65534, 65535);
}

static void port_list_matches_any_item(void **state)
{
	struct flt_ctx *c = *state;

	flt_add(c, PW_SIDE_LOCAL, "22,80,8000-8002,pwtcp", false);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, true, 22, 80, 8000, 8001, 8002, 4000);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, false, 23, 81, 7999, 8003, 4001);
}

static void class_names_match_their_ranges(void **state)
{
	static const struct {
		const char *spec;
		uint16_t in[2];
		uint16_t out[2];
	} cases[] = {
		{ "well-known", { 0, 1023 }, { 1024, 65535 } },
		{ "registered", { 1024, 49151 }, { 1023, 49152 } },
		{ "dynamic", { 49152, 65535 }, { 0, 49151 } },
		{ "wk", { 0, 1023 }, { 1024, 49152 } },
		{ "reg", { 1024, 49151 }, { 1023, 49152 } },
		{ "dyn", { 49152, 65535 }, { 1023, 49151 } },
		{ "Well-Known", { 0, 1023 }, { 1024, 49152 } },
		{ "system", { 0, 1023 }, { 1024, 49152 } },
		{ "USER", { 1024, 49151 }, { 1023, 49152 } },
	};
	struct flt_ctx *c = *state;

	for (size_t i = 0; i < PW_ARRAY_SIZE(cases); i++) {
		for (int class_only = 0; class_only < 2; class_only++) {
			pw_filter_fini(&c->f);
			flt_add(c, class_only ? PW_SIDE_CLASS : PW_SIDE_LOCAL, cases[i].spec,
				class_only);
			for (size_t k = 0; k < 2; k++) {
				if (!flt_local(c, PW_PROTO_TCP, cases[i].in[k]))
					fail_msg("%s: %u refused", cases[i].spec, cases[i].in[k]);
				if (flt_local(c, PW_PROTO_UDP, cases[i].out[k]))
					fail_msg("%s: %u matched", cases[i].spec, cases[i].out[k]);
			}
		}
	}
}

static void ephemeral_matches_the_given_host_range_minus_reserved(void **state)
{
	struct flt_ctx *c = *state;

	flt_add(c, PW_SIDE_CLASS, "ephemeral", true);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, true, 40000, 40004, 40006, 40010);
	FLT_EXPECT_LOCAL(c, PW_PROTO_UDP, true, 40000, 40010);
	/* Not Linux's default range: the given one. */
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, false, 39999, 40005, 40011, 32768, 60999);
	pw_filter_fini(&c->f);
	flt_add(c, PW_SIDE_EITHER, "EPH", false);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, true, 40001);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, false, 40005);
}

static void service_name_matches_its_ports_per_protocol(void **state)
{
	struct flt_ctx *c = *state;

	flt_add(c, PW_SIDE_LOCAL, "pwtcp", false);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, true, 4000);
	/* A TCP-only name does not match the same port over UDP. */
	FLT_EXPECT_LOCAL(c, PW_PROTO_UDP, false, 4000);
	FLT_EXPECT_LOCAL(c, PW_PROTO_UDPLITE, false, 4000);
	FLT_EXPECT_LOCAL(c, PW_PROTO_SCTP, false, 4000);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, false, 4001);
	pw_filter_fini(&c->f);
	flt_add(c, PW_SIDE_LOCAL, "pwudp", false);
	FLT_EXPECT_LOCAL(c, PW_PROTO_UDP, true, 4001);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, false, 4001);
}

static void builtin_and_spoken_names_match_case_insensitively(void **state)
{
	struct flt_ctx *c = *state;

	flt_add(c, PW_SIDE_LOCAL, "SSH,rdp", false);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, true, 22, 3389);
	FLT_EXPECT_LOCAL(c, PW_PROTO_UDP, true, 22, 3389);
	FLT_EXPECT_LOCAL(c, PW_PROTO_SCTP, true, 22);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, false, 23, 3390);
}

static void udplite_matches_udp_names(void **state)
{
	struct flt_ctx *c = *state;

	flt_add(c, PW_SIDE_LOCAL, "pwudp,domain", false);
	FLT_EXPECT_LOCAL(c, PW_PROTO_UDPLITE, true, 4001, 53);
}

/* IANA has names that start with a digit: 3com-tsmux (106), 9pfs (564), 802-11-iapp (3517). */
static void service_names_may_start_with_a_digit(void **state)
{
	struct flt_ctx *c = *state;

	flt_add(c, PW_SIDE_LOCAL, "9pfs", false);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, true, 564);
	pw_filter_fini(&c->f);
	flt_add(c, PW_SIDE_LOCAL, "3com-tsmux,802-11-iapp", false);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, true, 106, 3517);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, false, 3, 802);
}

static void malformed_specs_are_refused_naming_the_item(void **state)
{
	struct flt_ctx *c = *state;

	flt_refuse(c, PW_SIDE_EITHER, "70000", false, "'70000'");
	flt_refuse(c, PW_SIDE_EITHER, "65536", false, "'65536'");
	flt_refuse(c, PW_SIDE_EITHER, "5-3", false, "'5-3'");
	flt_refuse(c, PW_SIDE_EITHER, "1-70000", false, "'1-70000'");
	flt_refuse(c, PW_SIDE_EITHER, "22-", false, "'22-'");
	flt_refuse(c, PW_SIDE_EITHER, "abc-def", false, "'abc-def'");
	flt_refuse(c, PW_SIDE_EITHER, "-1", false, "'-1'");
	flt_refuse(c, PW_SIDE_LOCAL, "nosuchservice", false, "'nosuchservice'");
	/* One bad item spoils the list, and is the one named. */
	flt_refuse(c, PW_SIDE_REMOTE, "22,bogus,80", false, "'bogus'");
}

static void empty_spec_is_refused(void **state)
{
	struct flt_ctx *c = *state;

	flt_refuse(c, PW_SIDE_EITHER, "", false, "empty");
	flt_refuse(c, PW_SIDE_EITHER, ",", false, "empty");
	flt_refuse(c, PW_SIDE_CLASS, "", true, "empty");
}

/* A stray comma is a typo, wherever it is: it must not widen or narrow the list silently. */
static void empty_item_anywhere_is_refused(void **state)
{
	struct flt_ctx *c = *state;

	flt_refuse(c, PW_SIDE_EITHER, "22,", false, "an empty item in '22,'");
	flt_refuse(c, PW_SIDE_LOCAL, ",22", false, "an empty item in ',22'");
	flt_refuse(c, PW_SIDE_REMOTE, "22,,23", false, "an empty item in '22,,23'");
	flt_refuse(c, PW_SIDE_CLASS, "well-known,", true, "an empty item");
}

/* --class takes classes only: a number or a name there is a mistake. */
static void class_option_refuses_numbers_and_names(void **state)
{
	struct flt_ctx *c = *state;

	flt_refuse(c, PW_SIDE_CLASS, "22", true, "'22'");
	flt_refuse(c, PW_SIDE_CLASS, "1-1023", true, "'1-1023'");
	flt_refuse(c, PW_SIDE_CLASS, "ssh", true, "'ssh'");
	flt_refuse(c, PW_SIDE_CLASS, "well-known,22", true, "'22'");
	flt_add(c, PW_SIDE_CLASS, "well-known,dynamic", true);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, true, 80, 50000);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, false, 8080);
}

/* A name unknown without a database: nothing to resolve it in, but numbers still work. */
static void without_database_names_are_unknown(void **state)
{
	struct pw_filter f;
	struct pw_error err = { 0 };

	(void)state;
	pw_filter_init(&f);
	assert_int_equal(pw_filter_add_ports(&f, PW_SIDE_EITHER, "ssh", false, NULL, NULL, &err),
			 -EINVAL);
	assert_non_null(strstr(err.msg, "'ssh'"));
	assert_int_equal(pw_filter_add_ports(&f, PW_SIDE_EITHER, "22,wk", false, NULL, NULL, &err),
			 0);
	pw_filter_fini(&f);
}

static void sides_look_at_their_own_port(void **state)
{
	struct flt_ctx *c = *state;
	/* 40001 -> 22 and 22 -> 40001. */
	struct pw_sock client = flt_sock(PW_PROTO_TCP, PW_ST_ESTABLISHED, 40001, 22);
	struct pw_sock server = flt_sock(PW_PROTO_TCP, PW_ST_ESTABLISHED, 22, 40001);

	flt_add(c, PW_SIDE_LOCAL, "22", false);
	assert_false(pw_filter_match(&c->f, &client));
	assert_true(pw_filter_match(&c->f, &server));
	pw_filter_fini(&c->f);
	flt_add(c, PW_SIDE_REMOTE, "22", false);
	assert_true(pw_filter_match(&c->f, &client));
	assert_false(pw_filter_match(&c->f, &server));
	pw_filter_fini(&c->f);
	flt_add(c, PW_SIDE_EITHER, "22", false);
	assert_true(pw_filter_match(&c->f, &client));
	assert_true(pw_filter_match(&c->f, &server));
}

/* A listener's peer port 0 means "no peer": it is no port 0, nor well-known. */
static void peer_port_0_never_matches(void **state)
{
	struct flt_ctx *c = *state;
	struct pw_sock listener = flt_sock(PW_PROTO_TCP, PW_ST_LISTEN, 8080, 0);
	struct pw_sock unconn = flt_sock(PW_PROTO_UDP, PW_ST_CLOSE, 5353, 0);

	flt_add(c, PW_SIDE_REMOTE, "0", false);
	assert_false(pw_filter_match(&c->f, &listener));
	assert_false(pw_filter_match(&c->f, &unconn));
	pw_filter_fini(&c->f);
	flt_add(c, PW_SIDE_EITHER, "0", false);
	assert_false(pw_filter_match(&c->f, &listener));
	assert_false(pw_filter_match(&c->f, &unconn));
	pw_filter_fini(&c->f);
	flt_add(c, PW_SIDE_EITHER, "0-1023", false);
	assert_false(pw_filter_match(&c->f, &listener));
	pw_filter_fini(&c->f);
	flt_add(c, PW_SIDE_REMOTE, "well-known", false);
	assert_false(pw_filter_match(&c->f, &unconn));
}

/* Conditions on different sides must all hold. */
static void conditions_on_different_sides_all_hold(void **state)
{
	struct flt_ctx *c = *state;
	struct pw_sock both = flt_sock(PW_PROTO_TCP, PW_ST_ESTABLISHED, 22, 40001);
	struct pw_sock local_only = flt_sock(PW_PROTO_TCP, PW_ST_ESTABLISHED, 22, 50000);
	struct pw_sock remote_only = flt_sock(PW_PROTO_TCP, PW_ST_ESTABLISHED, 2222, 40001);

	flt_add(c, PW_SIDE_LOCAL, "ssh", false);
	flt_add(c, PW_SIDE_REMOTE, "ephemeral", false);
	assert_true(pw_filter_match(&c->f, &both));
	assert_false(pw_filter_match(&c->f, &local_only));
	assert_false(pw_filter_match(&c->f, &remote_only));
	/* And with --port: one of the two sides must be 40001 too. */
	flt_add(c, PW_SIDE_EITHER, "40001", false);
	assert_true(pw_filter_match(&c->f, &both));
	pw_filter_fini(&c->f);
	flt_add(c, PW_SIDE_LOCAL, "22", false);
	flt_add(c, PW_SIDE_EITHER, "50000", false);
	assert_true(pw_filter_match(&c->f, &local_only));
	assert_false(pw_filter_match(&c->f, &both));
}

/* Conditions on one side add up: --sport 22 --sport 80, --class wk --class dyn. */
static void conditions_on_one_side_add_up(void **state)
{
	struct flt_ctx *c = *state;

	flt_add(c, PW_SIDE_LOCAL, "22", false);
	flt_add(c, PW_SIDE_LOCAL, "80", false);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, true, 22, 80);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, false, 443);
	pw_filter_fini(&c->f);
	flt_add(c, PW_SIDE_CLASS, "well-known", true);
	flt_add(c, PW_SIDE_CLASS, "dynamic", true);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, true, 22, 1023, 49152);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, false, 1024, 49151);
}

/* --class is a condition of its own on the local port: --sport and --class must both hold. */
static void class_and_sport_must_both_hold(void **state)
{
	struct flt_ctx *c = *state;

	flt_add(c, PW_SIDE_LOCAL, "40000-50000", false);
	flt_add(c, PW_SIDE_CLASS, "dynamic", true);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, true, 49152, 50000);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, false, 40001, 49151, 50001);
	pw_filter_fini(&c->f);
	flt_add(c, PW_SIDE_LOCAL, "22,40001", false);
	flt_add(c, PW_SIDE_CLASS, "ephemeral", true);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, true, 40001);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, false, 22, 40002);
}

/* Port conditions narrow what the protocol, family and state filters pass, never widen it. */
static void port_conditions_keep_the_other_filters(void **state)
{
	struct flt_ctx *c = *state;
	struct pw_sock raw = flt_sock(PW_PROTO_RAW, PW_ST_CLOSE, 22, 0);
	struct pw_sock estab = flt_sock(PW_PROTO_TCP, PW_ST_ESTABLISHED, 22, 40001);
	struct pw_sock v6 = flt_sock(PW_PROTO_TCP, PW_ST_LISTEN, 22, 0);

	flt_add(c, PW_SIDE_LOCAL, "22", false);
	v6.family = AF_INET6;
	c->f.protos = PW_PROTO_BIT(PW_PROTO_TCP) | PW_PROTO_BIT(PW_PROTO_UDP);
	c->f.inet6 = false;
	c->f.states = PW_ST_LISTENING;
	assert_false(pw_filter_match(&c->f, &raw));
	assert_false(pw_filter_match(&c->f, &estab));
	assert_false(pw_filter_match(&c->f, &v6));
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, true, 22);
}

static void fini_frees_port_sets_and_accepts_null(void **state)
{
	struct flt_ctx *c = *state;

	pw_filter_fini(NULL);
	flt_add(c, PW_SIDE_EITHER, "22", false);
	flt_add(c, PW_SIDE_LOCAL, "22", false);
	flt_add(c, PW_SIDE_REMOTE, "22", false);
	flt_add(c, PW_SIDE_CLASS, "dynamic", true);
	pw_filter_fini(&c->f);
	for (int i = 0; i < PW_SIDE_COUNT; i++)
		assert_null(c->f.ports[i]);
	/* Twice is harmless, and the filter passes every port again. */
	pw_filter_fini(&c->f);
	FLT_EXPECT_LOCAL(c, PW_PROTO_TCP, true, 23, 65535);
}

/* --- owner conditions -------------------------------------------------------- */

static struct pw_proc flt_proc(int pid, const char *comm, const char *exe)
{
	/* The filter only reads them: the casts only fit struct pw_proc. */
	return (struct pw_proc){ .pid = pid, .uid = 0, .comm = (char *)comm, .exe = (char *)exe };
}

static void needs_owners_only_for_process_or_pid(void **state)
{
	struct pw_filter f;

	(void)state;
	pw_filter_init(&f);
	assert_false(pw_filter_needs_owners(&f));
	assert_null(f.process);
	assert_int_equal(f.pid, 0);
	assert_false(f.has_uid);
	/* --user looks at the socket's uid, which the kernel reports: no scan. */
	f.has_uid = true;
	f.uid = 1000;
	assert_false(pw_filter_needs_owners(&f));
	f.process = "sshd";
	assert_true(pw_filter_needs_owners(&f));
	f.process = NULL;
	f.pid = 612;
	assert_true(pw_filter_needs_owners(&f));
	f.process = "sshd";
	assert_true(pw_filter_needs_owners(&f));
}

static void without_owner_conditions_any_holders_match(void **state)
{
	struct pw_filter f;
	struct pw_proc p = flt_proc(612, "sshd", "/usr/sbin/sshd");
	const struct pw_proc *const procs[] = { &p };

	(void)state;
	pw_filter_init(&f);
	assert_true(pw_filter_match_owners(&f, procs, 1));
	/* No holder at all (not visible, or inode 0) still passes. */
	assert_true(pw_filter_match_owners(&f, NULL, 0));
}

static void process_matches_comm_exactly(void **state)
{
	struct pw_filter f;
	struct pw_proc p = flt_proc(612, "sshd", NULL);
	const struct pw_proc *const procs[] = { &p };

	(void)state;
	pw_filter_init(&f);
	f.process = "sshd";
	assert_true(pw_filter_match_owners(&f, procs, 1));
	/* Neither a prefix, nor a longer name, nor another case. */
	f.process = "ssh";
	assert_false(pw_filter_match_owners(&f, procs, 1));
	f.process = "sshd2";
	assert_false(pw_filter_match_owners(&f, procs, 1));
	f.process = "SSHD";
	assert_false(pw_filter_match_owners(&f, procs, 1));
}

/* comm is cut at 15 bytes by the kernel: the executable's base name finds the full name. */
static void process_matches_exe_basename(void **state)
{
	struct pw_filter f;
	struct pw_proc p = flt_proc(700, "systemd-resolve", "/usr/lib/systemd/systemd-resolved");
	struct pw_proc bare = flt_proc(701, NULL, "daemon");
	const struct pw_proc *const procs[] = { &p };
	const struct pw_proc *const bares[] = { &bare };

	(void)state;
	pw_filter_init(&f);
	f.process = "systemd-resolved";
	assert_true(pw_filter_match_owners(&f, procs, 1));
	f.process = "systemd-resolve";
	assert_true(pw_filter_match_owners(&f, procs, 1));
	/* The base name, not the path or a directory. */
	f.process = "/usr/lib/systemd/systemd-resolved";
	assert_false(pw_filter_match_owners(&f, procs, 1));
	f.process = "systemd";
	assert_false(pw_filter_match_owners(&f, procs, 1));
	/* A target without a slash is its own base name; a NULL comm is skipped. */
	f.process = "daemon";
	assert_true(pw_filter_match_owners(&f, bares, 1));
}

/*
 * A daemon whose executable was replaced by an upgrade: the kernel's
 * /proc/PID/exe link reads "PATH (deleted)", but the base name is still the
 * program's (proc(5)).
 */
static void process_matches_exe_basename_of_a_deleted_executable(void **state)
{
	struct pw_filter f;
	struct pw_proc p =
		flt_proc(700, "systemd-resolve", "/usr/lib/systemd/systemd-resolved (deleted)");
	const struct pw_proc *const procs[] = { &p };

	(void)state;
	pw_filter_init(&f);
	f.process = "systemd-resolved";
	assert_true(pw_filter_match_owners(&f, procs, 1));
}

static void process_without_comm_or_exe_never_matches(void **state)
{
	struct pw_filter f;
	struct pw_proc p = flt_proc(5, NULL, NULL);
	const struct pw_proc *const procs[] = { &p };

	(void)state;
	pw_filter_init(&f);
	f.process = "sshd";
	assert_false(pw_filter_match_owners(&f, procs, 1));
	/* The pid alone still identifies it. */
	f.process = NULL;
	f.pid = 5;
	assert_true(pw_filter_match_owners(&f, procs, 1));
}

static void pid_matches_any_holder_with_that_pid(void **state)
{
	struct pw_filter f;
	struct pw_proc daemon = flt_proc(612, "sshd", "/usr/sbin/sshd");
	struct pw_proc init = flt_proc(1, "systemd", "/usr/lib/systemd/systemd");
	const struct pw_proc *const procs[] = { &daemon, &init };

	(void)state;
	pw_filter_init(&f);
	f.pid = 612;
	assert_true(pw_filter_match_owners(&f, procs, 2));
	/* Not only the first holder. */
	f.pid = 1;
	assert_true(pw_filter_match_owners(&f, procs, 2));
	f.pid = 613;
	assert_false(pw_filter_match_owners(&f, procs, 2));
	f.pid = 61;
	assert_false(pw_filter_match_owners(&f, procs, 2));
}

static void owner_conditions_refuse_sockets_without_holders(void **state)
{
	struct pw_filter f;

	(void)state;
	pw_filter_init(&f);
	f.process = "sshd";
	assert_false(pw_filter_match_owners(&f, NULL, 0));
	f.process = NULL;
	f.pid = 1;
	assert_false(pw_filter_match_owners(&f, NULL, 0));
}

/* --process and --pid must hold for the same holder, not one each. */
static void process_and_pid_must_hold_for_one_holder(void **state)
{
	struct pw_filter f;
	struct pw_proc daemon = flt_proc(612, "sshd", "/usr/sbin/sshd");
	struct pw_proc init = flt_proc(1, "systemd", "/usr/lib/systemd/systemd");
	const struct pw_proc *const procs[] = { &daemon, &init };

	(void)state;
	pw_filter_init(&f);
	f.process = "sshd";
	f.pid = 1;
	assert_false(pw_filter_match_owners(&f, procs, 2));
	f.process = "systemd";
	f.pid = 612;
	assert_false(pw_filter_match_owners(&f, procs, 2));
	f.pid = 1;
	assert_true(pw_filter_match_owners(&f, procs, 2));
	f.process = "sshd";
	f.pid = 612;
	assert_true(pw_filter_match_owners(&f, procs, 2));
	/* Only as many holders as n says are looked at. */
	f.process = "systemd";
	f.pid = 1;
	assert_false(pw_filter_match_owners(&f, procs, 1));
}

static void user_condition_matches_the_socket_uid(void **state)
{
	struct pw_filter f;
	struct pw_sock root = filter_sock(PW_PROTO_TCP, AF_INET, PW_ST_LISTEN);
	struct pw_sock alice = filter_sock(PW_PROTO_UDP, AF_INET6, PW_ST_CLOSE);

	(void)state;
	alice.uid = 1000;
	pw_filter_init(&f);
	/* Without the condition, f.uid (0) is not looked at. */
	assert_true(pw_filter_match(&f, &root));
	assert_true(pw_filter_match(&f, &alice));
	f.has_uid = true;
	f.uid = 1000;
	assert_false(pw_filter_match(&f, &root));
	assert_true(pw_filter_match(&f, &alice));
	/* uid 0 is a uid like any other. */
	f.uid = 0;
	assert_true(pw_filter_match(&f, &root));
	assert_false(pw_filter_match(&f, &alice));
	alice.uid = UINT32_MAX - 1;
	f.uid = UINT32_MAX - 1;
	assert_true(pw_filter_match(&f, &alice));
}

static void user_condition_never_matches_an_unknown_uid(void **state)
{
	struct pw_filter f;
	struct pw_sock tw = filter_sock(PW_PROTO_TCP, AF_INET, PW_ST_TIME_WAIT);

	(void)state;
	tw.uid = PW_UID_UNKNOWN;
	pw_filter_init(&f);
	assert_true(pw_filter_match(&f, &tw));
	f.has_uid = true;
	f.uid = 0;
	assert_false(pw_filter_match(&f, &tw));
	/* Not even a condition on the sentinel itself: no socket is owned by it. */
	f.uid = PW_UID_UNKNOWN;
	assert_false(pw_filter_match(&f, &tw));
}

static void user_condition_keeps_the_other_filters(void **state)
{
	struct pw_filter f;
	struct pw_sock s = filter_sock(PW_PROTO_TCP, AF_INET, PW_ST_ESTABLISHED);

	(void)state;
	s.uid = 1000;
	pw_filter_init(&f);
	f.has_uid = true;
	f.uid = 1000;
	f.states = PW_ST_LISTENING;
	assert_false(pw_filter_match(&f, &s));
	f.states = PW_ST_ALL;
	f.protos = PW_PROTO_BIT(PW_PROTO_UDP);
	assert_false(pw_filter_match(&f, &s));
	f.protos = PW_PROTO_BIT(PW_PROTO_TCP);
	assert_true(pw_filter_match(&f, &s));
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
#define T(f) cmocka_unit_test_setup_teardown(f, flt_setup, flt_teardown)
		T(port_number_matches_that_port_only),
		T(port_range_includes_its_bounds),
		T(port_range_may_be_one_port_or_everything),
		T(port_list_matches_any_item),
		T(class_names_match_their_ranges),
		T(ephemeral_matches_the_given_host_range_minus_reserved),
		T(service_name_matches_its_ports_per_protocol),
		T(builtin_and_spoken_names_match_case_insensitively),
		T(udplite_matches_udp_names),
		T(service_names_may_start_with_a_digit),
		T(malformed_specs_are_refused_naming_the_item),
		T(empty_spec_is_refused),
		T(empty_item_anywhere_is_refused),
		T(class_option_refuses_numbers_and_names),
		cmocka_unit_test(without_database_names_are_unknown),
		T(sides_look_at_their_own_port),
		T(peer_port_0_never_matches),
		T(conditions_on_different_sides_all_hold),
		T(conditions_on_one_side_add_up),
		T(class_and_sport_must_both_hold),
		T(port_conditions_keep_the_other_filters),
		T(fini_frees_port_sets_and_accepts_null),
#undef T
		cmocka_unit_test(needs_owners_only_for_process_or_pid),
		cmocka_unit_test(without_owner_conditions_any_holders_match),
		cmocka_unit_test(process_matches_comm_exactly),
		cmocka_unit_test(process_matches_exe_basename),
		cmocka_unit_test(process_matches_exe_basename_of_a_deleted_executable),
		cmocka_unit_test(process_without_comm_or_exe_never_matches),
		cmocka_unit_test(pid_matches_any_holder_with_that_pid),
		cmocka_unit_test(owner_conditions_refuse_sockets_without_holders),
		cmocka_unit_test(process_and_pid_must_hold_for_one_holder),
		cmocka_unit_test(user_condition_matches_the_socket_uid),
		cmocka_unit_test(user_condition_never_matches_an_unknown_uid),
		cmocka_unit_test(user_condition_keeps_the_other_filters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
