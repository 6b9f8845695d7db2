/* SPDX-License-Identifier: MIT */
/* Unit tests for explain: `portwatch port` arguments resolved and printed as text and JSON. */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "explain.h"

struct ctx {
	struct pw_services *db;
	struct pw_hostports hp;
	char *out;
	char err[256];
};

static int setup(void **state)
{
	static const char services[] = "ssh\t\t22/tcp\n";
	struct ctx *c = calloc(1, sizeof(*c));

	if (!c)
		return -1;
	c->db = pw_services_new();
	if (!c->db || pw_services_load_buffer(c->db, services, strlen(services), NULL))
		return -1;
	pw_ports_default(&c->hp);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	pw_services_free(c->db);
	free(c->out);
	free(c);
	return 0;
}

/* Run the explainer on the NULL-terminated arguments; its output lands in c->out. */
static int run(struct ctx *c, int format, ...)
{
	char *argv[8];
	size_t len = 0;
	int argc = 0, rc;
	va_list ap;
	FILE *f;

	va_start(ap, format);
	while ((argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	free(c->out);
	c->out = NULL;
	f = open_memstream(&c->out, &len);
	assert_non_null(f);
	memset(c->err, 'x', sizeof(c->err));
	rc = pw_explain_run(f, format, c->db, &c->hp, argc, argv, c->err, sizeof(c->err));
	assert_int_equal(fclose(f), 0);
	return rc;
}

static void text_22_lists_each_protocol_with_source_and_class(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(run(c, PW_EXPLAIN_TEXT, "22", NULL), 0);
	assert_string_equal(
		c->out,
		"22/tcp      ssh (system)               well-known  System Ports                  "
		"not ephemeral  The Secure Shell (SSH) Protocol\n"
		"22/udp      ssh (builtin)              well-known  System Ports                  "
		"not ephemeral  The Secure Shell (SSH) Protocol\n"
		"22/sctp     ssh (builtin)              well-known  System Ports                  "
		"not ephemeral  SSH\n");
	assert_string_equal(c->err, "");
}

static void json_22_matches_the_documented_schema(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(run(c, PW_EXPLAIN_JSON, "22", NULL), 0);
	assert_string_equal(
		c->out,
		"{\"schema\":1,\"ports\":["
		"{\"port\":22,\"proto\":\"tcp\",\"service\":\"ssh\",\"service_source\":\"system\","
		"\"description\":\"The Secure Shell (SSH) Protocol\",\"class\":\"well-known\","
		"\"ephemeral\":false,\"reserved\":false},"
		"{\"port\":22,\"proto\":\"udp\",\"service\":\"ssh\",\"service_source\":\"builtin\","
		"\"description\":\"The Secure Shell (SSH) Protocol\",\"class\":\"well-known\","
		"\"ephemeral\":false,\"reserved\":false},"
		"{\"port\":22,\"proto\":\"sctp\",\"service\":\"ssh\",\"service_source\":\"builtin\","
		"\"description\":\"SSH\",\"class\":\"well-known\",\"ephemeral\":false,"
		"\"reserved\":false}]}\n");
}

static void text_rdp_resolves_to_3389_tcp_and_udp(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(run(c, PW_EXPLAIN_TEXT, "rdp", NULL), 0);
	assert_string_equal(
		c->out,
		"3389/tcp    ms-wbt-server (builtin)    registered  User Ports                "
		"    not ephemeral  MS WBT Server\n"
		"3389/udp    ms-wbt-server (builtin)    registered  User Ports                "
		"    not ephemeral  MS WBT Server\n");
}

static void json_rdp_resolves_to_3389_tcp_and_udp(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(run(c, PW_EXPLAIN_JSON, "RDP", NULL), 0);
	assert_string_equal(c->out,
			    "{\"schema\":1,\"ports\":["
			    "{\"port\":3389,\"proto\":\"tcp\",\"service\":\"ms-wbt-server\","
			    "\"service_source\":\"builtin\",\"description\":\"MS WBT Server\","
			    "\"class\":\"registered\",\"ephemeral\":false,\"reserved\":false},"
			    "{\"port\":3389,\"proto\":\"udp\",\"service\":\"ms-wbt-server\","
			    "\"service_source\":\"builtin\",\"description\":\"MS WBT Server\","
			    "\"class\":\"registered\",\"ephemeral\":false,\"reserved\":false}]}\n");
}

static void text_range_lists_every_port(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(run(c, PW_EXPLAIN_TEXT, "6000-6001", NULL), 0);
	assert_string_equal(
		c->out,
		"6000/tcp    x11 (builtin)              registered  User Ports                "
		"    not ephemeral  X Window System\n"
		"6000/udp    x11 (builtin)              registered  User Ports                "
		"    not ephemeral  X Window System\n"
		"6001/tcp    x11 (builtin)              registered  User Ports                "
		"    not ephemeral  X Window System\n"
		"6001/udp    x11 (builtin)              registered  User Ports                "
		"    not ephemeral  X Window System\n");
}

static void json_range_lists_every_port(void **state)
{
	struct ctx *c = *state;
	const char *p;
	int n = 0;

	assert_int_equal(run(c, PW_EXPLAIN_JSON, "6000-6001", NULL), 0);
	for (p = c->out; (p = strstr(p, "\"service\":\"x11\"")) != NULL; p++)
		n++;
	assert_int_equal(n, 4);
	assert_non_null(strstr(c->out, "{\"port\":6001,\"proto\":\"udp\",\"service\":\"x11\""));
	assert_int_equal(strncmp(c->out, "{\"schema\":1,\"ports\":[{\"port\":6000,", 34), 0);
}

static void unnamed_port_shows_tcp_and_udp_and_its_ephemeral_state(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(pw_ports_parse_reserved(&c->hp, "50001", 5), 0);
	assert_int_equal(run(c, PW_EXPLAIN_TEXT, "50000-50001", NULL), 0);
	assert_string_equal(
		c->out,
		"50000/tcp   -                          dynamic     Dynamic and/or Private Ports  "
		"ephemeral\n"
		"50000/udp   -                          dynamic     Dynamic and/or Private Ports  "
		"ephemeral\n"
		"50001/tcp   -                          dynamic     Dynamic and/or Private Ports  "
		"reserved\n"
		"50001/udp   -                          dynamic     Dynamic and/or Private Ports  "
		"reserved\n");
	assert_int_equal(run(c, PW_EXPLAIN_JSON, "50001", NULL), 0);
	assert_non_null(strstr(c->out,
			       "{\"port\":50001,\"proto\":\"tcp\",\"service\":null,"
			       "\"service_source\":null,\"description\":null,"
			       "\"class\":\"dynamic\",\"ephemeral\":false,\"reserved\":true}"));
}

static void unknown_name_is_reported_and_the_rest_still_printed(void **state)
{
	struct ctx *c = *state;

	/* As typed: the printer escapes it, as every message (pw_cmd_error). */
	assert_int_equal(run(c, PW_EXPLAIN_TEXT, "nosuchsvc", "23", "other\x1b", NULL), -ENOENT);
	assert_string_equal(c->err, "unknown service name: nosuchsvc, other\x1b");
	assert_string_equal(c->out,
			    "23/tcp      telnet (builtin)           well-known  System Ports "
			    "                 not ephemeral  Telnet\n"
			    "23/udp      telnet (builtin)           well-known  System Ports "
			    "                 not ephemeral  Telnet\n");
	assert_int_equal(run(c, PW_EXPLAIN_JSON, "nosuchsvc", NULL), -ENOENT);
	assert_string_equal(c->out, "{\"schema\":1,\"ports\":[]}\n");
}

static void port_70000_is_malformed_and_prints_nothing(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(run(c, PW_EXPLAIN_TEXT, "22", "70000", NULL), -EINVAL);
	assert_string_equal(c->out, "");
	assert_string_equal(c->err, "70000: not a port number (0-65535)");
	assert_int_equal(run(c, PW_EXPLAIN_JSON, "70000", NULL), -EINVAL);
	assert_string_equal(c->out, "");
}

static void malformed_arguments_are_rejected(void **state)
{
	static const char *const bad[] = {
		"-1", "5-3", "70000-70001", "1-70000", "22x", "5-", "-", "+7", "1-2-3", "0x16",
	};
	struct ctx *c = *state;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(run(c, PW_EXPLAIN_TEXT, "ssh", bad[i], NULL), -EINVAL);
		assert_string_equal(c->out, "");
		assert_int_equal(strncmp(c->err, bad[i], strlen(bad[i])), 0);
		assert_int_equal(pw_explain_resolve(c->db, &c->hp, bad[i], NULL, NULL), -EINVAL);
	}
	assert_int_equal(run(c, PW_EXPLAIN_TEXT, "5-3", NULL), -EINVAL);
	assert_string_equal(c->err, "5-3: range starts above its end");
	assert_int_equal(run(c, PW_EXPLAIN_TEXT, "0x16", NULL), -EINVAL);
	assert_string_equal(c->err, "0x16: not a port, a range N-M or a known service name");
}

static void empty_argument_is_malformed_and_said_so(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(run(c, PW_EXPLAIN_TEXT, "ssh", "", NULL), -EINVAL);
	assert_string_equal(c->out, "");
	assert_string_equal(c->err, "an empty argument is no port, range or service name");
	assert_int_equal(pw_explain_resolve(c->db, &c->hp, "", NULL, NULL), -EINVAL);
}

/* Only what starts with a digit was meant as a number: other words are names. */
static void words_that_are_no_name_are_unknown_names(void **state)
{
	static const char *const unknown[] = { "abc", "abc-def", "well-known", "dynamic" };
	struct ctx *c = *state;

	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		assert_int_equal(run(c, PW_EXPLAIN_TEXT, unknown[i], NULL), -ENOENT);
		assert_non_null(strstr(c->err, unknown[i]));
		assert_int_equal(pw_explain_resolve(c->db, &c->hp, unknown[i], NULL, NULL),
				 -ENOENT);
	}
}

static void no_argument_is_malformed(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(run(c, PW_EXPLAIN_TEXT, NULL), -EINVAL);
	assert_string_equal(c->out, "");
	assert_string_equal(c->err, "no port, range or service name given");
}

static void names_may_start_with_digits_or_hold_dashes(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(pw_explain_resolve(c->db, &c->hp, "3com-tsmux", NULL, NULL), 2);
	assert_int_equal(pw_explain_resolve(c->db, &c->hp, "ftp-data", NULL, NULL), 3);
	assert_int_equal(pw_explain_resolve(c->db, &c->hp, "DNS", NULL, NULL), 2);
	assert_int_equal(pw_explain_resolve(c->db, &c->hp, "nosuchsvc", NULL, NULL), -ENOENT);
}

static void dccp_ports_are_explained(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(run(c, PW_EXPLAIN_JSON, "syslog-tls", NULL), 0);
	assert_non_null(strstr(c->out,
			       "{\"port\":6514,\"proto\":\"dccp\",\"service\":\"syslog-tls\","
			       "\"service_source\":\"builtin\","
			       "\"description\":\"syslog over DTLS\""));
}

static void json_escapes_quotes_and_keeps_utf8_in_descriptions(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(run(c, PW_EXPLAIN_JSON, "513", NULL), 0);
	assert_non_null(strstr(c->out, "identify \\\"authentication domains\\\"\""));
	/* UTF-8 text stays as it is. */
	assert_int_equal(run(c, PW_EXPLAIN_JSON, "vision-mon", NULL), 0);
	assert_non_null(
		strstr(c->out, "\"description\":\"FORT\xc3\x89 Vision Monitoring platform\""));
}

static void whole_range_resolves_every_port(void **state)
{
	static const unsigned protos[] = { PW_PROTO_TCP, PW_PROTO_UDP, PW_PROTO_SCTP,
					   PW_SVC_PROTO_DCCP };
	struct ctx *c = *state;
	int want = 0, named, port;
	size_t i;

	/* Each port counts the protocols naming it, or 2 (tcp, udp) when none does. */
	for (port = 0; port < 65536; port++) {
		named = 0;
		for (i = 0; i < 4; i++)
			named += pw_services_lookup(c->db, (uint16_t)port, protos[i]) != NULL;
		want += named ? named : 2;
	}
	assert_true(want > 65536);
	assert_int_equal(pw_explain_resolve(c->db, &c->hp, "0-65535", NULL, NULL), want);
	assert_int_equal(pw_explain_resolve(c->db, &c->hp, "65535", NULL, NULL), 2);
	assert_int_equal(pw_explain_resolve(c->db, &c->hp, "00022", NULL, NULL), 3);
}

static int stop_at_first(const struct pw_explain_entry *e, void *data)
{
	*(struct pw_explain_entry *)data = *e;
	return -ECANCELED;
}

static void resolve_passes_entries_and_callback_errors(void **state)
{
	struct ctx *c = *state;
	struct pw_explain_entry e;

	memset(&e, 0, sizeof(e));
	assert_int_equal(pw_explain_resolve(c->db, &c->hp, "postgresql", stop_at_first, &e),
			 -ECANCELED);
	assert_int_equal(e.port, 5432);
	assert_int_equal(e.proto, PW_PROTO_TCP);
	assert_string_equal(e.service->name, "postgresql");
	assert_int_equal(e.class, PW_CLASS_REGISTERED);
	assert_false(e.ephemeral);
	assert_false(e.reserved);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(text_22_lists_each_protocol_with_source_and_class),
		T(json_22_matches_the_documented_schema),
		T(text_rdp_resolves_to_3389_tcp_and_udp),
		T(json_rdp_resolves_to_3389_tcp_and_udp),
		T(text_range_lists_every_port),
		T(json_range_lists_every_port),
		T(unnamed_port_shows_tcp_and_udp_and_its_ephemeral_state),
		T(unknown_name_is_reported_and_the_rest_still_printed),
		T(port_70000_is_malformed_and_prints_nothing),
		T(malformed_arguments_are_rejected),
		T(empty_argument_is_malformed_and_said_so),
		T(words_that_are_no_name_are_unknown_names),
		T(no_argument_is_malformed),
		T(names_may_start_with_digits_or_hold_dashes),
		T(dccp_ports_are_explained),
		T(json_escapes_quotes_and_keeps_utf8_in_descriptions),
		T(whole_range_resolves_every_port),
		T(resolve_passes_entries_and_callback_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
