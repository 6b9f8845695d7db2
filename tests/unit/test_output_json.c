/* SPDX-License-Identifier: MIT */
/* Unit tests of output_json.c: sockets as a JSON document and as JSON lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "output.h"
#include "recfix.h"
#include "util.h"

/* --- the document and its lines ---------------------------------------------- */

/* rf_v4_listener's record alone as the JSON document, ended with complete. */
static char *json_v4_listener_document(bool complete)
{
	struct pw_out_opts o = rf_opts(PW_FMT_JSON);
	struct pw_sock s = rf_v4_listener();
	struct pw_rec r = rf_v4_listener_rec(&s);

	return rf_render(&o, &r, 1, complete, NULL);
}

static void json_document_holds_exact_socket_object(void **state)
{
	char *doc = json_v4_listener_document(true);

	(void)state;
	assert_string_equal(doc, RF_JSON_HEAD "\n" RF_V4_LISTENER_JSON
					      "\n],\"complete\":true,\"unavailable\":[]}\n");
	free(doc);
}

static void json_document_without_sockets_has_empty_array(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_JSON);
	char *doc = rf_render(&o, NULL, 0, true, NULL);

	(void)state;
	assert_string_equal(doc, RF_JSON_HEAD "\n],\"complete\":true,\"unavailable\":[]}\n");
	free(doc);
}

/* Beside "complete", in protocol order: where the listing could not look. */
static void json_document_names_unavailable_protocols_at_its_end(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_JSON);
	struct pw_sock s = rf_v4_listener();
	struct pw_rec r = rf_v4_listener_rec(&s);
	char *doc;

	(void)state;
	doc = rf_render_ended(&o, NULL, 0, true, PW_PROTO_BIT(PW_PROTO_RAW), NULL);
	assert_string_equal(doc, RF_JSON_HEAD "\n],\"complete\":true,\"unavailable\":[\"raw\"]}\n");
	free(doc);
	doc = rf_render_ended(&o, &r, 1, false,
			      PW_PROTO_BIT(PW_PROTO_SCTP) | PW_PROTO_BIT(PW_PROTO_UDPLITE), NULL);
	assert_string_equal(doc, RF_JSON_HEAD "\n" RF_V4_LISTENER_JSON "\n],\"complete\":false,"
					      "\"unavailable\":[\"udplite\",\"sctp\"]}\n");
	free(doc);
}

static void json_document_separates_sockets_with_commas(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_JSON);
	char *doc = rf_render_three(&o, "lo");

	(void)state;
	assert_int_equal(rf_count(doc, "{\"proto\":"), 3);
	assert_int_equal(rf_count(doc, "},\n{\"proto\":"), 2);
	assert_true(strncmp(doc, RF_JSON_HEAD "\n{", strlen(RF_JSON_HEAD) + 2) == 0);
	free(doc);
}

static void json_incomplete_listing_says_complete_false(void **state)
{
	char *doc = json_v4_listener_document(false);

	(void)state;
	assert_string_equal(doc, RF_JSON_HEAD "\n" RF_V4_LISTENER_JSON
					      "\n],\"complete\":false,\"unavailable\":[]}\n");
	free(doc);
}

static void json_writes_v6_addresses_bare(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_JSON);
	struct pw_sock s = rf_v6_established();
	struct pw_rec r = rf_v6_established_rec(&s);
	char *doc = rf_render(&o, &r, 1, true, NULL);

	(void)state;
	assert_non_null(
		strstr(doc, "\"family\":\"inet6\",\"state\":\"ESTAB\",\"listening\":false"));
	assert_non_null(strstr(doc, "\"local\":{\"address\":\"2001:db8::1\",\"port\":443,"
				    "\"service\":\"https\",\"service_source\":\"builtin\","
				    "\"class\":\"well-known\",\"ephemeral\":false,"
				    "\"scope\":\"public\"},"));
	/* A peer's port with no name: service and its source null, class and ephemeral known. */
	assert_non_null(strstr(doc, "\"remote\":{\"address\":\"2001:db8::2\",\"port\":51000,"
				    "\"service\":null,\"service_source\":null,"
				    "\"class\":\"dynamic\",\"ephemeral\":true,"
				    "\"scope\":\"public\"},"));
	assert_non_null(strstr(doc, "\"uid\":1000,\"user\":null,\"inode\":2222,\"cookie\":4660,"
				    "\"rqueue\":5,\"wqueue\":6}"));
	assert_null(strstr(doc, "[2001"));
	free(doc);
}

static void json_writes_v6only_as_true_false_or_null(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_JSONL);
	struct pw_sock a = rf_udp6_v6only(), b = rf_v6_established(), c = rf_v4_listener();
	struct pw_rec r[] = { rf_udp6_v6only_rec(&a), rf_v6_established_rec(&b),
			      rf_v4_listener_rec(&c) };
	char *doc = rf_render(&o, r, 3, true, NULL);

	(void)state;
	/* rf_col fails the test when the line lacks the text. */
	rf_col(doc, 0, "\"v6only\":true,");
	rf_col(doc, 1, "\"v6only\":false,");
	rf_col(doc, 2, "\"v6only\":null,");
	assert_int_equal(rf_count(doc, "\"v6only\":"), 3);
	free(doc);
}

/* A raw socket's "port" is its IP protocol: no name, no class. */
static void json_raw_socket_has_null_service_and_class(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_JSONL);
	struct pw_sock s = rf_sock(PW_PROTO_RAW, AF_INET, PW_ST_CLOSE, "0.0.0.0", 1, "0.0.0.0", 0);
	struct pw_rec r = rf_rec(&s, RF_NO_PORT(WILDCARD), RF_NO_PORT(WILDCARD), false);
	char *doc;

	(void)state;
	doc = rf_render(&o, &r, 1, true, NULL);
	assert_non_null(strstr(doc, "\"local\":{\"address\":\"0.0.0.0\",\"port\":1,"
				    "\"service\":null,\"service_source\":null,\"class\":null,"
				    "\"ephemeral\":false,\"scope\":\"wildcard\"},"));
	free(doc);
}

/* A peer without a port (a listener's) has nulls where its name and class would be. */
static void json_port_less_peer_has_nulls(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_JSONL);
	struct pw_sock s = rf_udp6_v6only();
	struct pw_rec r = rf_udp6_v6only_rec(&s);
	char *doc;

	(void)state;
	doc = rf_render(&o, &r, 1, true, NULL);
	assert_non_null(strstr(doc, "\"local\":{\"address\":\"::\",\"port\":5353,"
				    "\"service\":\"mdns\",\"service_source\":\"builtin\","
				    "\"class\":\"registered\",\"ephemeral\":false,"
				    "\"scope\":\"wildcard\"},"));
	assert_non_null(strstr(doc, "\"remote\":{\"address\":\"::\",\"port\":0,"
				    "\"service\":null,\"service_source\":null,\"class\":null,"
				    "\"ephemeral\":false,\"scope\":\"wildcard\"},"));
	free(doc);
}

static void json_writes_every_scope_name(void **state)
{
	static const struct {
		enum pw_scope scope;
		const char *name;
	} cases[] = {
		{ PW_SCOPE_WILDCARD, "wildcard" },     { PW_SCOPE_LOOPBACK, "loopback" },
		{ PW_SCOPE_LINK_LOCAL, "link-local" }, { PW_SCOPE_PRIVATE, "private" },
		{ PW_SCOPE_MULTICAST, "multicast" },   { PW_SCOPE_PUBLIC, "public" },
	};
	struct pw_out_opts o = rf_opts(PW_FMT_JSONL);
	struct pw_sock s = rf_v4_listener();

	(void)state;
	for (size_t i = 0; i < PW_ARRAY_SIZE(cases); i++) {
		struct pw_endpoint e = RF_EP(NULL, WELL_KNOWN, false, WILDCARD);
		struct pw_rec r;
		char want[64], *doc;

		e.scope = (uint8_t)cases[i].scope;
		r = rf_rec(&s, e, RF_NO_PORT(WILDCARD), false);
		doc = rf_render(&o, &r, 1, true, NULL);
		snprintf(want, sizeof(want), "\"scope\":\"%s\"},\"remote\"", cases[i].name);
		if (!strstr(doc, want))
			fail_msg("no %s in %s", want, doc);
		free(doc);
	}
}

static void json_writes_interface_name(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_JSON);
	char *doc = rf_render_udp_lo(&o, "lo", NULL);

	(void)state;
	assert_non_null(strstr(doc, "\"state\":\"UNCONN\",\"listening\":true,"));
	assert_non_null(strstr(doc, "\"local\":{\"address\":\"127.0.0.53\",\"port\":53,"
				    "\"service\":\"domain\",\"service_source\":\"system\","
				    "\"class\":\"well-known\",\"ephemeral\":false,"
				    "\"scope\":\"loopback\"},"));
	assert_non_null(strstr(doc, ",\"interface\":\"lo\",\"v6only\":null,"));
	free(doc);
}

static void json_escapes_hostile_interface_name(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_JSON);
	size_t len;
	char *doc = rf_render_udp_lo(&o, RF_HOSTILE_IFNAME, &len);

	(void)state;
	assert_non_null(strstr(doc, "\"interface\":\"e\\u001b[31m\\ufffd\","));
	rf_assert_terminal_safe(doc, len, "\n");
	free(doc);
}

static void json_escapes_host_and_time(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_JSON);
	char *doc;

	(void)state;
	o.host = "a\"b\n";
	o.time = NULL;
	doc = rf_render(&o, NULL, 0, true, NULL);
	assert_non_null(strstr(doc, ",\"host\":\"a\\\"b\\n\",\"time\":null,"));
	free(doc);
}

static void jsonl_writes_one_line_per_socket(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_JSONL);
	char *doc = rf_render_three(&o, "lo");

	(void)state;
	assert_int_equal(rf_count(doc, "\n"), 3);
	assert_true(strncmp(doc, RF_V4_LISTENER_JSON "\n", strlen(RF_V4_LISTENER_JSON) + 1) == 0);
	assert_int_equal(
		rf_col(doc, 1, "{\"proto\":\"tcp\",\"family\":\"inet6\",\"state\":\"ESTAB\""), 0);
	assert_int_equal(rf_col(doc, 2, "{\"proto\":\"udp\""), 0);
	assert_int_equal(rf_count(doc, "}\n"), 3);
	assert_null(strstr(doc, "schema"));
	assert_null(strstr(doc, "complete"));
	free(doc);
}

static void jsonl_without_sockets_writes_nothing(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_JSONL);
	size_t len;
	char *doc = rf_render(&o, NULL, 0, false, &len);

	(void)state;
	assert_int_equal(len, 0);
	free(doc);
}

/* --- owners (-p) ------------------------------------------------------------- */

/*
 * A small JSON checker (RFC 8259): one value and nothing after it but
 * blanks; strings hold no raw control byte and only well-formed UTF-8.
 */
struct out_json {
	const unsigned char *p, *end;
};

static bool out_json_value(struct out_json *j, int depth);

static void out_json_ws(struct out_json *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t'))
		j->p++;
}

static bool out_json_lit(struct out_json *j, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, lit, n) != 0)
		return false;
	j->p += n;
	return true;
}

static bool out_json_str(struct out_json *j)
{
	if (j->p >= j->end || *j->p != '"')
		return false;
	j->p++;
	while (j->p < j->end && *j->p != '"') {
		size_t n;

		if (*j->p < 0x20)
			return false;
		if (*j->p == '\\') {
			if (j->end - j->p < 2)
				return false;
			if (j->p[1] == 'u') {
				if (j->end - j->p < 6)
					return false;
				for (int k = 2; k < 6; k++)
					if (!strchr("0123456789abcdefABCDEF", j->p[k]) || !j->p[k])
						return false;
				j->p += 6;
			} else if (j->p[1] && strchr("\"\\/bfnrt", j->p[1])) {
				j->p += 2;
			} else {
				return false;
			}
			continue;
		}
		n = pw_utf8_seq_len(j->p, (size_t)(j->end - j->p));
		if (!n)
			return false;
		j->p += n;
	}
	if (j->p >= j->end)
		return false;
	j->p++;
	return true;
}

static bool out_json_num(struct out_json *j)
{
	const unsigned char *start = j->p;

	if (j->p < j->end && *j->p == '-')
		j->p++;
	while (j->p < j->end && ((*j->p >= '0' && *j->p <= '9') || strchr(".eE+-", *j->p)))
		j->p++;
	return j->p > start && j->p[-1] >= '0' && j->p[-1] <= '9';
}

static bool out_json_seq(struct out_json *j, int depth, char close, bool members)
{
	j->p++;
	out_json_ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return true;
	}
	for (;;) {
		out_json_ws(j);
		if (members) {
			if (!out_json_str(j))
				return false;
			out_json_ws(j);
			if (j->p >= j->end || *j->p++ != ':')
				return false;
		}
		if (!out_json_value(j, depth + 1))
			return false;
		out_json_ws(j);
		if (j->p >= j->end)
			return false;
		if (*j->p == close) {
			j->p++;
			return true;
		}
		if (*j->p++ != ',')
			return false;
	}
}

static bool out_json_value(struct out_json *j, int depth)
{
	out_json_ws(j);
	if (depth > 32 || j->p >= j->end)
		return false;
	switch (*j->p) {
	case '{':
		return out_json_seq(j, depth, '}', true);
	case '[':
		return out_json_seq(j, depth, ']', false);
	case '"':
		return out_json_str(j);
	case 't':
		return out_json_lit(j, "true");
	case 'f':
		return out_json_lit(j, "false");
	case 'n':
		return out_json_lit(j, "null");
	default:
		return out_json_num(j);
	}
}

static bool out_json_valid(const char *text, size_t len)
{
	struct out_json j = { (const unsigned char *)text, (const unsigned char *)text + len };

	if (!out_json_value(&j, 0))
		return false;
	out_json_ws(&j);
	return j.p == j.end;
}

/* The checker itself: it must refuse what is not JSON, or the tests below prove nothing. */
static void json_checker_refuses_broken_documents(void **state)
{
	static const char *const bad[] = {
		"",	    "{",	"{\"a\":}",	"[1,]",	    "\"a\x1b\"",
		"\"\xff\"", "\"a\\x\"", "{\"a\" 1}",	"[1] [2]",  "\"\\u12\"",
		"{1:2}",    "tru",	"[\"a\"\"b\"]", "\"a\nb\"", "-",
	};
	static const char *const good[] = {
		"{}",
		"[]",
		"{\"a\":[1,-2.5e3,true,false,null,\"\\u001b\\n\xc3\xa9\"]}",
		" [ {\"a\" : {} } ]\n",
	};

	(void)state;
	for (size_t i = 0; i < PW_ARRAY_SIZE(bad); i++)
		if (out_json_valid(bad[i], strlen(bad[i])))
			fail_msg("accepted '%s'", bad[i]);
	for (size_t i = 0; i < PW_ARRAY_SIZE(good); i++)
		if (!out_json_valid(good[i], strlen(good[i])))
			fail_msg("refused '%s'", good[i]);
}

static void json_writes_an_unknown_uid_and_its_user_as_null(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_JSON);
	struct pw_sock s = rf_v6_established();
	struct pw_rec r = rf_v6_established_rec(&s);
	size_t len;
	char *doc;

	(void)state;
	s.state = PW_ST_TIME_WAIT;
	s.uid = PW_UID_UNKNOWN;
	s.inode = 0;
	doc = rf_render(&o, &r, 1, true, &len);
	assert_true(out_json_valid(doc, len));
	assert_non_null(strstr(doc, "\"v6only\":false,\"uid\":null,\"user\":null,\"inode\":0,"));
	free(doc);
}

static void json_has_no_processes_or_orphan_without_owners(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_JSON);
	struct pw_sock s = rf_v4_listener();
	struct pw_rec r = rf_v4_listener_rec(&s);
	size_t len;
	char *doc;

	(void)state;
	r.user = "root";
	doc = rf_render(&o, &r, 1, true, &len);
	assert_true(out_json_valid(doc, len));
	assert_non_null(strstr(doc, ",\"uid\":0,\"user\":\"root\",\"inode\":12345,"));
	assert_non_null(strstr(doc, ",\"wqueue\":128}\n"));
	assert_null(strstr(doc, "processes"));
	assert_null(strstr(doc, "orphan"));
	free(doc);
}

static void json_lists_every_holder_after_wqueue(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_JSON);
	struct pw_sock s = rf_v4_listener();
	struct pw_rec r = rf_v4_listener_rec(&s);
	size_t len;
	char *doc;

	(void)state;
	r.user = "root";
	rf_set_owners(&r, rf_sshd_and_init, 2, false);
	doc = rf_render(&o, &r, 1, true, &len);
	assert_true(out_json_valid(doc, len));
	assert_non_null(
		strstr(doc, ",\"wqueue\":128,\"processes\":["
			    "{\"pid\":612,\"name\":\"sshd\",\"exe\":\"/usr/sbin/sshd\","
			    "\"cmdline\":\"sshd: /usr/sbin/sshd -D\",\"user\":\"root\","
			    "\"unit\":\"ssh.service\"},"
			    "{\"pid\":1,\"name\":\"systemd\",\"exe\":\"/usr/lib/systemd/systemd\","
			    "\"cmdline\":\"/sbin/init\",\"user\":\"root\",\"unit\":\"init.scope\"}"
			    "],\"orphan\":false}\n"));
	free(doc);
}

static void json_orphan_has_empty_processes_and_orphan_true(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_JSONL);
	struct pw_sock a = rf_v4_listener(), b = rf_v4_listener();
	struct pw_rec r[] = { rf_v4_listener_rec(&a), rf_v4_listener_rec(&b) };
	size_t len;
	char *doc;

	(void)state;
	rf_set_owners(&r[0], NULL, 0, true);
	rf_set_owners(&r[1], NULL, 0, false);
	doc = rf_render(&o, r, 2, true, &len);
	rf_col(doc, 0, ",\"wqueue\":128,\"processes\":[],\"orphan\":true}");
	rf_col(doc, 1, ",\"wqueue\":128,\"processes\":[],\"orphan\":false}");
	/* Each JSON line is a document of its own. */
	for (size_t i = 0; i < 2; i++) {
		char *line = rf_line_dup(doc, i);

		assert_true(out_json_valid(line, strlen(line)));
		free(line);
	}
	free(doc);
}

/* What could not be read is null, not "" and not "?". */
static void json_unreadable_holder_fields_are_null(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_JSON);
	struct pw_sock s = rf_v4_listener();
	struct pw_rec r = rf_v4_listener_rec(&s);
	struct pw_proc p = rf_proc(77, PW_PROC_UID_UNKNOWN, NULL, NULL, NULL, NULL);
	struct pw_proc q = rf_proc(78, 4242, "x", NULL, NULL, NULL);
	const struct pw_proc *const holders[] = { &p, &q };
	size_t len, calls = 0;
	char *doc;

	(void)state;
	rf_set_owners(&r, holders, 2, false);
	r.user_ctx = &calls;
	doc = rf_render(&o, &r, 1, true, &len);
	assert_true(out_json_valid(doc, len));
	assert_non_null(strstr(doc, ",\"user\":null,\"inode\":"));
	assert_non_null(strstr(doc, "\"processes\":[{\"pid\":77,\"name\":null,\"exe\":null,"
				    "\"cmdline\":null,\"user\":null,\"unit\":null},"
				    "{\"pid\":78,\"name\":\"x\",\"exe\":null,"
				    "\"cmdline\":null,\"user\":null,\"unit\":null}]"));
	/* An unknown uid is not looked up; 4242 is, and has no name. */
	assert_int_equal(calls, 1);
	free(doc);
}

/* Without a naming callback, holders' users are null. */
static void json_holder_user_is_null_without_a_name_callback(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_JSONL);
	struct pw_sock s = rf_v4_listener();
	struct pw_rec r = rf_v4_listener_rec(&s);
	char *doc;

	(void)state;
	rf_set_owners(&r, rf_sshd_only, 1, false);
	r.user_name = NULL;
	doc = rf_render(&o, &r, 1, true, NULL);
	assert_non_null(strstr(doc, "\"cmdline\":\"sshd: /usr/sbin/sshd -D\",\"user\":null,"
				    "\"unit\":\"ssh.service\"}"));
	free(doc);
}

static void json_escapes_hostile_holder_and_user(void **state)
{
	struct pw_proc evil = rf_proc(666, 666, RF_HOSTILE_COMM, "/tmp/\x1b[2J\xc0\xaf",
				      "\x7f\x01\x9b", "x\xed\xa0\x80.service");
	const struct pw_proc *const holders[] = { &evil };
	struct pw_out_opts o = rf_opts(PW_FMT_JSON);
	struct pw_sock s = rf_v4_listener();
	struct pw_rec r = rf_v4_listener_rec(&s);
	size_t len;
	char *doc;

	(void)state;
	r.user = RF_HOSTILE_USER;
	rf_set_owners(&r, holders, 1, false);
	doc = rf_render(&o, &r, 1, true, &len);
	assert_true(out_json_valid(doc, len));
	rf_assert_terminal_safe(doc, len, "\n");
	assert_non_null(strstr(doc, ",\"user\":\"\\u001b]0;pwned\\u0007\\u009b\\ufffd\","));
	assert_non_null(strstr(doc, "\"name\":\"\\u001b[31mevil\\ufffd\","));
	/* An overlong '/' and a surrogate are not UTF-8: one U+FFFD per byte. */
	assert_non_null(strstr(doc, "\"exe\":\"/tmp/\\u001b[2J\\ufffd\\ufffd\","));
	assert_non_null(strstr(doc, "\"cmdline\":\"\\u007f\\u0001\\ufffd\","));
	assert_non_null(strstr(doc, "\"user\":\"\\u001b]0;pwned\\u0007\\u009b\\ufffd\","
				    "\"unit\":\"x\\ufffd\\ufffd\\ufffd.service\"}"));
	free(doc);
}

static void json_escapes_quotes_backslashes_and_newlines_in_cmdline(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_JSONL);
	struct pw_sock s = rf_v4_listener();
	struct pw_rec r = rf_v4_listener_rec(&s);
	struct pw_proc p = rf_proc(9, 1000, "sh", "/bin/sh",
				   "sh -c \"printf '\\\\n%s' \\\"$1\\\"\"\n\tnext\r\n", NULL);
	const struct pw_proc *const holders[] = { &p };
	size_t len;
	char *doc;

	(void)state;
	rf_set_owners(&r, holders, 1, false);
	doc = rf_render(&o, &r, 1, true, &len);
	/* One line: the newlines inside are escaped. */
	assert_int_equal(rf_count(doc, "\n"), 1);
	assert_true(out_json_valid(doc, len));
	assert_non_null(strstr(doc,
			       "\"cmdline\":\"sh -c \\\"printf '\\\\\\\\n%s' "
			       "\\\\\\\"$1\\\\\\\"\\\"\\n\\tnext\\r\\n\",\"user\":\"alice\","));
	free(doc);
}

/* Every byte value in every string field: the document stays valid JSON. */
static void json_stays_valid_for_every_byte_in_every_field(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_JSON);
	struct pw_sock s = rf_v4_listener();

	(void)state;
	for (unsigned c = 1; c < 256; c++) {
		char text[] = { (char)c, 'a', (char)c, (char)c, '\0' };
		struct pw_proc p = rf_proc(5, 0, text, text, text, text);
		const struct pw_proc *const holders[] = { &p };
		struct pw_rec r = rf_v4_listener_rec(&s);
		size_t len;
		char *doc;

		r.user = text;
		r.ifname = text;
		rf_set_owners(&r, holders, 1, c & 1);
		doc = rf_render(&o, &r, 1, true, &len);
		if (!out_json_valid(doc, len))
			fail_msg("byte 0x%02x: invalid JSON: %s", c, doc);
		free(doc);
	}
}

/* --- network namespaces ------------------------------------------------------ */

static void json_has_netns_only_when_more_than_one_namespace_is_listed(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_JSONL);
	struct pw_sock s[3];
	struct pw_rec r[3];
	char *doc;

	(void)state;
	rf_netns_recs(s, r, false);
	doc = rf_render(&o, r, 3, true, NULL);
	assert_null(strstr(doc, "netns"));
	free(doc);
	rf_netns_recs(s, r, true);
	doc = rf_render(&o, r, 3, true, NULL);
	assert_int_equal(rf_count(doc, "\"netns\":"), 3);
	rf_col(doc, 0,
	       "\"wqueue\":128,\"netns\":{\"inode\":4026531840,\"name\":null,\"pid\":1,"
	       "\"comm\":null}}");
	rf_col(doc, 1,
	       "\"netns\":{\"inode\":4026532001,\"name\":\"blue\",\"pid\":400,"
	       "\"comm\":\"pwblue\"}}");
	rf_col(doc, 2,
	       "\"netns\":{\"inode\":4026532301,\"name\":null,\"pid\":null,\"comm\":null}}");
	free(doc);
	/* A record that knows no namespace has none to show. */
	r[0].netns = NULL;
	doc = rf_render(&o, r, 1, true, NULL);
	assert_null(strstr(doc, "netns"));
	free(doc);
}

static void json_escapes_a_hostile_namespace_name(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_JSONL);
	struct pw_sock s = rf_v4_listener();
	struct pw_rec r = rf_v4_listener_rec(&s);
	char *doc;

	(void)state;
	r.netns = &rf_ns_hostile;
	r.show_netns = true;
	doc = rf_render(&o, &r, 1, true, NULL);
	rf_col(doc, 0, "\"name\":\"r\\u001b[2Jd,\\\"x\\ufffd\"");
	rf_assert_terminal_safe(doc, strlen(doc), "\n");
	free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_document_holds_exact_socket_object),
		cmocka_unit_test(json_document_without_sockets_has_empty_array),
		cmocka_unit_test(json_document_names_unavailable_protocols_at_its_end),
		cmocka_unit_test(json_document_separates_sockets_with_commas),
		cmocka_unit_test(json_incomplete_listing_says_complete_false),
		cmocka_unit_test(json_writes_v6_addresses_bare),
		cmocka_unit_test(json_writes_an_unknown_uid_and_its_user_as_null),
		cmocka_unit_test(json_writes_v6only_as_true_false_or_null),
		cmocka_unit_test(json_raw_socket_has_null_service_and_class),
		cmocka_unit_test(json_port_less_peer_has_nulls),
		cmocka_unit_test(json_writes_every_scope_name),
		cmocka_unit_test(json_writes_interface_name),
		cmocka_unit_test(json_escapes_hostile_interface_name),
		cmocka_unit_test(json_escapes_host_and_time),
		cmocka_unit_test(jsonl_writes_one_line_per_socket),
		cmocka_unit_test(jsonl_without_sockets_writes_nothing),
		cmocka_unit_test(json_checker_refuses_broken_documents),
		cmocka_unit_test(json_has_no_processes_or_orphan_without_owners),
		cmocka_unit_test(json_lists_every_holder_after_wqueue),
		cmocka_unit_test(json_orphan_has_empty_processes_and_orphan_true),
		cmocka_unit_test(json_unreadable_holder_fields_are_null),
		cmocka_unit_test(json_holder_user_is_null_without_a_name_callback),
		cmocka_unit_test(json_escapes_hostile_holder_and_user),
		cmocka_unit_test(json_escapes_quotes_backslashes_and_newlines_in_cmdline),
		cmocka_unit_test(json_stays_valid_for_every_byte_in_every_field),
		cmocka_unit_test(json_has_netns_only_when_more_than_one_namespace_is_listed),
		cmocka_unit_test(json_escapes_a_hostile_namespace_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
