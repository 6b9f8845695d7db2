/* SPDX-License-Identifier: MIT */
/* Unit tests of annotate.c: what each side of a socket means, and which listeners stand out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "annotate.h"
#include "recfix.h"
#include "util.h"

/*
 * A tiny system file: secure-shell shadows the built-in ssh on 22/tcp only,
 * pwfour names 4/tcp (unassigned at IANA) but not 4/udp, pwdns names 5300/udp.
 */
static const char ann_services[] = "# test services\n"
				   "secure-shell 22/tcp\n"
				   "pwfour 4/tcp\n"
				   "pwdns 5300/udp\n";

struct ann_ctx {
	struct pw_services *db;
	struct pw_hostports hp; /* ephemeral 40000-40010, 40005 reserved */
};

static int ann_setup(void **state)
{
	static struct ann_ctx c;
	static const char range[] = "40000\t40010\n";
	static const char reserved[] = "40005\n";

	c.db = pw_services_new();
	if (!c.db)
		return -1;
	if (pw_services_load_buffer(c.db, ann_services, sizeof(ann_services) - 1, NULL) < 0)
		return -1;
	pw_ports_default(&c.hp);
	if (pw_ports_parse_range(&c.hp, range, sizeof(range) - 1) < 0 ||
	    pw_ports_parse_reserved(&c.hp, reserved, sizeof(reserved) - 1) < 0)
		return -1;
	*state = &c;
	return 0;
}

static int ann_teardown(void **state)
{
	struct ann_ctx *c = *state;

	pw_services_free(c->db);
	return 0;
}

/* A socket on the local port, with no peer. */
static struct pw_sock ann_local(uint8_t proto, uint8_t state, uint16_t lport)
{
	return rf_sock(proto, AF_INET, state, "0.0.0.0", lport, "0.0.0.0", 0);
}

/* The local side of s, annotated with the test's database and host ports. */
static struct pw_endpoint ann_of(const struct ann_ctx *c, const struct pw_sock *s, bool remote)
{
	struct pw_endpoint e;

	/* Garbage first: every field must be set. */
	memset(&e, 0xa5, sizeof(e));
	pw_annotate_endpoint(&e, s, remote, c->db, &c->hp);
	return e;
}

static void ann_expect_service(const struct pw_endpoint *e, const char *name,
			       enum pw_svc_source source)
{
	if (!e->service)
		fail_msg("no service, expected %s", name);
	assert_string_equal(e->service->name, name);
	assert_int_equal(e->service->source, source);
}

/* --- service names ------------------------------------------------------------ */

static void system_name_comes_before_the_builtin_one(void **state)
{
	struct ann_ctx *c = *state;
	struct pw_sock s = ann_local(PW_PROTO_TCP, PW_ST_LISTEN, 22);
	struct pw_endpoint e = ann_of(c, &s, false);

	assert_true(e.has_port);
	ann_expect_service(&e, "secure-shell", PW_SVC_SYSTEM);
}

static void builtin_name_fills_what_the_system_file_lacks(void **state)
{
	struct ann_ctx *c = *state;
	struct pw_sock tcp80 = ann_local(PW_PROTO_TCP, PW_ST_LISTEN, 80);
	struct pw_sock udp22 = ann_local(PW_PROTO_UDP, PW_ST_CLOSE, 22);
	struct pw_endpoint e;

	e = ann_of(c, &tcp80, false);
	ann_expect_service(&e, "http", PW_SVC_BUILTIN);
	/* The system file named 22/tcp only. */
	e = ann_of(c, &udp22, false);
	ann_expect_service(&e, "ssh", PW_SVC_BUILTIN);
}

static void names_are_per_protocol(void **state)
{
	struct ann_ctx *c = *state;
	struct pw_sock tcp = ann_local(PW_PROTO_TCP, PW_ST_LISTEN, 4);
	struct pw_sock udp = ann_local(PW_PROTO_UDP, PW_ST_CLOSE, 4);
	struct pw_endpoint e;

	e = ann_of(c, &tcp, false);
	ann_expect_service(&e, "pwfour", PW_SVC_SYSTEM);
	e = ann_of(c, &udp, false);
	assert_true(e.has_port);
	assert_null(e.service);
}

static void udplite_uses_udp_names(void **state)
{
	struct ann_ctx *c = *state;
	struct pw_sock sys = ann_local(PW_PROTO_UDPLITE, PW_ST_CLOSE, 5300);
	struct pw_sock builtin = ann_local(PW_PROTO_UDPLITE, PW_ST_CLOSE, 53);
	struct pw_endpoint e;

	e = ann_of(c, &sys, false);
	ann_expect_service(&e, "pwdns", PW_SVC_SYSTEM);
	e = ann_of(c, &builtin, false);
	ann_expect_service(&e, "domain", PW_SVC_BUILTIN);
}

static void sctp_uses_sctp_names(void **state)
{
	struct ann_ctx *c = *state;
	struct pw_sock s = ann_local(PW_PROTO_SCTP, PW_ST_LISTEN, 22);
	struct pw_endpoint e = ann_of(c, &s, false);

	/* secure-shell is 22/tcp's: SCTP gets IANA's name. */
	ann_expect_service(&e, "ssh", PW_SVC_BUILTIN);
}

static void unnamed_port_has_a_class_but_no_service(void **state)
{
	struct ann_ctx *c = *state;
	struct pw_sock s = ann_local(PW_PROTO_TCP, PW_ST_LISTEN, 1023);
	struct pw_endpoint e = ann_of(c, &s, false);

	assert_true(e.has_port);
	assert_null(e.service);
	assert_int_equal(e.class, PW_CLASS_WELL_KNOWN);
}

static void null_database_and_hostports_give_classes_only(void **state)
{
	struct pw_sock s = ann_local(PW_PROTO_TCP, PW_ST_LISTEN, 40001);
	struct pw_endpoint e;

	(void)state;
	memset(&e, 0xa5, sizeof(e));
	pw_annotate_endpoint(&e, &s, false, NULL, NULL);
	assert_true(e.has_port);
	assert_null(e.service);
	assert_int_equal(e.class, PW_CLASS_REGISTERED);
	assert_false(e.ephemeral);
	assert_int_equal(e.scope, PW_SCOPE_WILDCARD);
}

/* --- ports that are none -------------------------------------------------------- */

/* A raw socket's lport is its IP protocol (6 is TCP's), not a port. */
static void raw_socket_has_no_port(void **state)
{
	struct ann_ctx *c = *state;
	struct pw_sock s =
		rf_sock(PW_PROTO_RAW, AF_INET, PW_ST_CLOSE, "127.0.0.1", 6, "0.0.0.0", 0);
	struct pw_endpoint e = ann_of(c, &s, false);

	assert_false(e.has_port);
	assert_null(e.service);
	assert_false(e.ephemeral);
	/* The address still has a scope. */
	assert_int_equal(e.scope, PW_SCOPE_LOOPBACK);
	e = ann_of(c, &s, true);
	assert_false(e.has_port);
	assert_int_equal(e.scope, PW_SCOPE_WILDCARD);
}

static void raw_socket_in_the_ephemeral_range_is_not_ephemeral(void **state)
{
	struct ann_ctx *c = *state;
	struct pw_sock s = ann_local(PW_PROTO_RAW, PW_ST_CLOSE, 40001);
	struct pw_endpoint e = ann_of(c, &s, false);

	assert_false(e.has_port);
	assert_false(e.ephemeral);
	assert_null(e.service);
}

static void remote_port_0_has_no_port(void **state)
{
	struct ann_ctx *c = *state;
	struct pw_sock s = ann_local(PW_PROTO_TCP, PW_ST_LISTEN, 22);
	struct pw_endpoint e = ann_of(c, &s, true);

	assert_false(e.has_port);
	assert_null(e.service);
	assert_false(e.ephemeral);
	assert_int_equal(e.scope, PW_SCOPE_WILDCARD);
}

/* Only a peer's port 0 means "none": a local port 0 is still a (well-known) port. */
static void local_port_0_is_a_port(void **state)
{
	struct ann_ctx *c = *state;
	struct pw_sock s = ann_local(PW_PROTO_UDP, PW_ST_CLOSE, 0);
	struct pw_endpoint e = ann_of(c, &s, false);

	assert_true(e.has_port);
	assert_int_equal(e.class, PW_CLASS_WELL_KNOWN);
}

static void remote_side_uses_the_remote_port_and_address(void **state)
{
	struct ann_ctx *c = *state;
	struct pw_sock s = rf_sock(PW_PROTO_TCP, AF_INET, PW_ST_ESTABLISHED, "10.0.0.1", 40001,
				   "203.0.113.9", 22);
	struct pw_endpoint local = ann_of(c, &s, false), remote = ann_of(c, &s, true);

	assert_true(remote.has_port);
	ann_expect_service(&remote, "secure-shell", PW_SVC_SYSTEM);
	assert_int_equal(remote.class, PW_CLASS_WELL_KNOWN);
	assert_false(remote.ephemeral);
	assert_int_equal(remote.scope, PW_SCOPE_PUBLIC);
	assert_null(local.service);
	assert_int_equal(local.class, PW_CLASS_REGISTERED);
	assert_true(local.ephemeral);
	assert_int_equal(local.scope, PW_SCOPE_PRIVATE);
}

/* --- classes, ephemeral ports, scopes -------------------------------------------- */

static void class_boundaries_follow_rfc_6335(void **state)
{
	static const struct {
		uint16_t port;
		enum pw_class class;
	} cases[] = {
		{ 0, PW_CLASS_WELL_KNOWN },    { 1023, PW_CLASS_WELL_KNOWN },
		{ 1024, PW_CLASS_REGISTERED }, { 49151, PW_CLASS_REGISTERED },
		{ 49152, PW_CLASS_DYNAMIC },   { 65535, PW_CLASS_DYNAMIC },
	};
	struct ann_ctx *c = *state;

	for (size_t i = 0; i < PW_ARRAY_SIZE(cases); i++) {
		/* As a peer's port too, except 0 which means no peer. */
		struct pw_sock s = rf_sock(PW_PROTO_TCP, AF_INET, PW_ST_ESTABLISHED, "10.0.0.1",
					   cases[i].port, "10.0.0.2", cases[i].port);
		struct pw_endpoint l = ann_of(c, &s, false), r = ann_of(c, &s, true);

		if (!l.has_port || l.class != cases[i].class)
			fail_msg("local %u: class %u", cases[i].port, l.class);
		if (cases[i].port && (!r.has_port || r.class != cases[i].class))
			fail_msg("remote %u: class %u", cases[i].port, r.class);
	}
}

static void ephemeral_follows_the_given_range_and_reserved_ports(void **state)
{
	static const struct {
		uint16_t port;
		bool ephemeral;
	} cases[] = {
		{ 39999, false }, { 40000, true }, { 40004, true },  { 40005, false },
		{ 40006, true },  { 40010, true }, { 40011, false }, { 50000, false },
	};
	struct ann_ctx *c = *state;

	for (size_t i = 0; i < PW_ARRAY_SIZE(cases); i++) {
		struct pw_sock s = rf_sock(PW_PROTO_UDP, AF_INET, PW_ST_ESTABLISHED, "10.0.0.1",
					   cases[i].port, "10.0.0.2", cases[i].port);
		struct pw_endpoint l = ann_of(c, &s, false), r = ann_of(c, &s, true);

		if (l.ephemeral != cases[i].ephemeral || r.ephemeral != cases[i].ephemeral)
			fail_msg("%u: ephemeral %d/%d", cases[i].port, l.ephemeral, r.ephemeral);
	}
}

static void scope_of_each_address_kind(void **state)
{
	static const struct {
		int family;
		const char *addr;
		enum pw_scope scope;
	} cases[] = {
		{ AF_INET, "0.0.0.0", PW_SCOPE_WILDCARD },
		{ AF_INET, "127.0.0.53", PW_SCOPE_LOOPBACK },
		{ AF_INET, "169.254.1.2", PW_SCOPE_LINK_LOCAL },
		{ AF_INET, "192.168.1.1", PW_SCOPE_PRIVATE },
		{ AF_INET, "100.64.0.1", PW_SCOPE_PRIVATE },
		{ AF_INET, "224.0.0.251", PW_SCOPE_MULTICAST },
		{ AF_INET, "8.8.8.8", PW_SCOPE_PUBLIC },
		{ AF_INET6, "::", PW_SCOPE_WILDCARD },
		{ AF_INET6, "::1", PW_SCOPE_LOOPBACK },
		{ AF_INET6, "fe80::1", PW_SCOPE_LINK_LOCAL },
		{ AF_INET6, "fd00::1", PW_SCOPE_PRIVATE },
		{ AF_INET6, "ff02::fb", PW_SCOPE_MULTICAST },
		{ AF_INET6, "2001:db8::1", PW_SCOPE_PUBLIC },
		{ AF_INET6, "::ffff:10.1.2.3", PW_SCOPE_PRIVATE },
	};
	struct ann_ctx *c = *state;

	for (size_t i = 0; i < PW_ARRAY_SIZE(cases); i++) {
		const char *any = cases[i].family == AF_INET ? "0.0.0.0" : "::";
		struct pw_sock l = rf_sock(PW_PROTO_TCP, cases[i].family, PW_ST_LISTEN,
					   cases[i].addr, 80, any, 0);
		struct pw_sock r = rf_sock(PW_PROTO_TCP, cases[i].family, PW_ST_ESTABLISHED, any,
					   40001, cases[i].addr, 80);

		if (ann_of(c, &l, false).scope != cases[i].scope)
			fail_msg("local %s: scope %u", cases[i].addr, ann_of(c, &l, false).scope);
		if (ann_of(c, &r, true).scope != cases[i].scope)
			fail_msg("remote %s: scope %u", cases[i].addr, ann_of(c, &r, true).scope);
	}
}

/* --- notable listeners ------------------------------------------------------------ */

static bool ann_notable(const struct ann_ctx *c, const struct pw_sock *s)
{
	struct pw_endpoint e = ann_of(c, s, false);

	return pw_annotate_notable(s, &e);
}

static void listener_on_a_dynamic_port_is_notable(void **state)
{
	struct ann_ctx *c = *state;
	struct pw_sock tcp = ann_local(PW_PROTO_TCP, PW_ST_LISTEN, 50000);
	struct pw_sock udp = ann_local(PW_PROTO_UDP, PW_ST_CLOSE, 65535);
	struct pw_sock sctp = ann_local(PW_PROTO_SCTP, PW_ST_LISTEN, 49152);

	assert_true(ann_notable(c, &tcp));
	assert_true(ann_notable(c, &udp));
	assert_true(ann_notable(c, &sctp));
}

static void listener_on_an_ephemeral_registered_port_is_notable(void **state)
{
	struct ann_ctx *c = *state;
	struct pw_sock eph = ann_local(PW_PROTO_TCP, PW_ST_LISTEN, 40001);
	struct pw_sock reserved = ann_local(PW_PROTO_TCP, PW_ST_LISTEN, 40005);
	struct pw_sock below = ann_local(PW_PROTO_UDP, PW_ST_CLOSE, 39999);

	assert_true(ann_notable(c, &eph));
	/* A reserved port is where the admin put a server on purpose. */
	assert_false(ann_notable(c, &reserved));
	assert_false(ann_notable(c, &below));
}

static void well_known_listener_is_notable_on_a_public_address_only(void **state)
{
	static const struct {
		int family;
		const char *addr;
		bool notable;
	} cases[] = {
		{ AF_INET, "203.0.113.1", true }, { AF_INET6, "2001:db8::1", true },
		{ AF_INET, "0.0.0.0", false },	  { AF_INET6, "::", false },
		{ AF_INET, "10.0.0.1", false },	  { AF_INET, "127.0.0.1", false },
		{ AF_INET6, "fe80::1", false },	  { AF_INET6, "fd00::1", false },
	};
	struct ann_ctx *c = *state;

	for (size_t i = 0; i < PW_ARRAY_SIZE(cases); i++) {
		const char *any = cases[i].family == AF_INET ? "0.0.0.0" : "::";
		struct pw_sock s = rf_sock(PW_PROTO_TCP, cases[i].family, PW_ST_LISTEN,
					   cases[i].addr, 80, any, 0);

		if (ann_notable(c, &s) != cases[i].notable)
			fail_msg("%s:80 notable is %d", cases[i].addr, !cases[i].notable);
	}
}

static void registered_listener_on_a_public_address_is_not_notable(void **state)
{
	struct ann_ctx *c = *state;
	struct pw_sock s =
		rf_sock(PW_PROTO_TCP, AF_INET, PW_ST_LISTEN, "203.0.113.1", 8080, "0.0.0.0", 0);

	assert_false(ann_notable(c, &s));
}

/* A connection's local port in the ephemeral or dynamic range is the client side: normal. */
static void connections_are_never_notable(void **state)
{
	static const uint8_t states[] = { PW_ST_ESTABLISHED, PW_ST_SYN_SENT, PW_ST_TIME_WAIT,
					  PW_ST_CLOSE_WAIT };
	struct ann_ctx *c = *state;
	struct pw_sock udp = rf_sock(PW_PROTO_UDP, AF_INET, PW_ST_ESTABLISHED, "10.0.0.1", 50000,
				     "10.0.0.2", 53);

	for (size_t i = 0; i < PW_ARRAY_SIZE(states); i++) {
		struct pw_sock dyn = rf_sock(PW_PROTO_TCP, AF_INET, states[i], "10.0.0.1", 50000,
					     "10.0.0.2", 443);
		struct pw_sock eph = rf_sock(PW_PROTO_TCP, AF_INET, states[i], "10.0.0.1", 40001,
					     "10.0.0.2", 443);
		struct pw_sock pub = rf_sock(PW_PROTO_TCP, AF_INET, states[i], "203.0.113.1", 80,
					     "192.0.2.1", 40001);

		if (ann_notable(c, &dyn) || ann_notable(c, &eph) || ann_notable(c, &pub))
			fail_msg("%s is notable", pw_sock_state_name(states[i]));
	}
	/* A connected UDP socket is no listener either. */
	assert_false(ann_notable(c, &udp));
}

static void raw_socket_is_never_notable(void **state)
{
	struct ann_ctx *c = *state;
	struct pw_sock s =
		rf_sock(PW_PROTO_RAW, AF_INET, PW_ST_CLOSE, "203.0.113.1", 1, "0.0.0.0", 0);

	assert_false(ann_notable(c, &s));
}

/* Without host ports only the dynamic range counts. */
static void notable_without_hostports_uses_the_class_only(void **state)
{
	struct pw_sock reg = ann_local(PW_PROTO_TCP, PW_ST_LISTEN, 40001);
	struct pw_sock dyn = ann_local(PW_PROTO_TCP, PW_ST_LISTEN, 60000);
	struct pw_endpoint e;

	(void)state;
	pw_annotate_endpoint(&e, &reg, false, NULL, NULL);
	assert_false(pw_annotate_notable(&reg, &e));
	pw_annotate_endpoint(&e, &dyn, false, NULL, NULL);
	assert_true(pw_annotate_notable(&dyn, &e));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(system_name_comes_before_the_builtin_one),
		cmocka_unit_test(builtin_name_fills_what_the_system_file_lacks),
		cmocka_unit_test(names_are_per_protocol),
		cmocka_unit_test(udplite_uses_udp_names),
		cmocka_unit_test(sctp_uses_sctp_names),
		cmocka_unit_test(unnamed_port_has_a_class_but_no_service),
		cmocka_unit_test(null_database_and_hostports_give_classes_only),
		cmocka_unit_test(raw_socket_has_no_port),
		cmocka_unit_test(raw_socket_in_the_ephemeral_range_is_not_ephemeral),
		cmocka_unit_test(remote_port_0_has_no_port),
		cmocka_unit_test(local_port_0_is_a_port),
		cmocka_unit_test(remote_side_uses_the_remote_port_and_address),
		cmocka_unit_test(class_boundaries_follow_rfc_6335),
		cmocka_unit_test(ephemeral_follows_the_given_range_and_reserved_ports),
		cmocka_unit_test(scope_of_each_address_kind),
		cmocka_unit_test(listener_on_a_dynamic_port_is_notable),
		cmocka_unit_test(listener_on_an_ephemeral_registered_port_is_notable),
		cmocka_unit_test(well_known_listener_is_notable_on_a_public_address_only),
		cmocka_unit_test(registered_listener_on_a_public_address_is_not_notable),
		cmocka_unit_test(connections_are_never_notable),
		cmocka_unit_test(raw_socket_is_never_notable),
		cmocka_unit_test(notable_without_hostports_uses_the_class_only),
	};

	return cmocka_run_group_tests(tests, ann_setup, ann_teardown);
}
