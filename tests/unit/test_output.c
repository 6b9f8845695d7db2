/* SPDX-License-Identifier: MIT */
/* Unit tests of output*.c: the table, JSON, JSON-lines and CSV renderings of socket records. */
#include <arpa/inet.h>
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
#include "util.h"

#define HOSTILE "e\x1b[31m\xff"

static struct pw_sock out_sock(uint8_t proto, int family, uint8_t state, const char *laddr,
			       uint16_t lport, const char *raddr, uint16_t rport)
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

static struct pw_sock out_v4_listener(void)
{
	struct pw_sock s =
		out_sock(PW_PROTO_TCP, AF_INET, PW_ST_LISTEN, "0.0.0.0", 22, "0.0.0.0", 0);

	s.cookie = 77;
	s.inode = 12345;
	s.wqueue = 128;
	return s;
}

static struct pw_sock out_v6_established(void)
{
	struct pw_sock s = out_sock(PW_PROTO_TCP, AF_INET6, PW_ST_ESTABLISHED, "2001:db8::1", 443,
				    "2001:db8::2", 51000);

	s.cookie = 0x1234;
	s.inode = 2222;
	s.uid = 1000;
	s.rqueue = 5;
	s.wqueue = 6;
	s.v6only = 0;
	return s;
}

static struct pw_sock out_udp_lo(void)
{
	struct pw_sock s =
		out_sock(PW_PROTO_UDP, AF_INET, PW_ST_CLOSE, "127.0.0.53", 53, "0.0.0.0", 0);

	s.cookie = 9;
	s.inode = 333;
	s.uid = 101;
	s.ifindex = 1;
	return s;
}

static struct pw_sock out_udp6_v6only(void)
{
	struct pw_sock s = out_sock(PW_PROTO_UDP, AF_INET6, PW_ST_CLOSE, "::", 5353, "::", 0);

	s.v6only = 1;
	return s;
}

/* Endpoints as the enrich stage would annotate them; the renderers only print them. */
static const struct pw_service out_svc_ssh = { "ssh", "The Secure Shell (SSH) Protocol",
					       PW_SVC_SYSTEM };
static const struct pw_service out_svc_https = { "https", "http protocol over TLS/SSL",
						 PW_SVC_BUILTIN };
static const struct pw_service out_svc_domain = { "domain", "Domain Name Server", PW_SVC_SYSTEM };
static const struct pw_service out_svc_mdns = { "mdns", "Multicast DNS", PW_SVC_BUILTIN };

#define OUT_EP(svc, cls, eph, scp)                      \
	((struct pw_endpoint){ .service = (svc),        \
			       .has_port = true,        \
			       .class = PW_CLASS_##cls, \
			       .ephemeral = (eph),      \
			       .scope = PW_SCOPE_##scp })
/* A listener's peer: port 0, no port at all. */
#define OUT_NO_PORT(scp) ((struct pw_endpoint){ .scope = PW_SCOPE_##scp })

static struct pw_rec out_rec(const struct pw_sock *s, struct pw_endpoint local,
			     struct pw_endpoint remote, bool notable)
{
	return (struct pw_rec){ .sock = s, .local = local, .remote = remote, .notable = notable };
}

/* 0.0.0.0:22 ssh (system), well-known, wildcard; no peer. */
static struct pw_rec out_v4_listener_rec(const struct pw_sock *s)
{
	return out_rec(s, OUT_EP(&out_svc_ssh, WELL_KNOWN, false, WILDCARD), OUT_NO_PORT(WILDCARD),
		       false);
}

/* [2001:db8::1]:443 https (builtin) to [2001:db8::2]:51000, unnamed, dynamic and ephemeral. */
static struct pw_rec out_v6_established_rec(const struct pw_sock *s)
{
	return out_rec(s, OUT_EP(&out_svc_https, WELL_KNOWN, false, PUBLIC),
		       OUT_EP(NULL, DYNAMIC, true, PUBLIC), false);
}

/* 127.0.0.53:53 domain (system), well-known, loopback; no peer. */
static struct pw_rec out_udp_lo_rec(const struct pw_sock *s, const char *ifname)
{
	struct pw_rec r = out_rec(s, OUT_EP(&out_svc_domain, WELL_KNOWN, false, LOOPBACK),
				  OUT_NO_PORT(WILDCARD), false);

	r.ifname = ifname;
	return r;
}

/* [::]:5353 mdns (builtin), registered, wildcard; no peer. */
static struct pw_rec out_udp6_v6only_rec(const struct pw_sock *s)
{
	return out_rec(s, OUT_EP(&out_svc_mdns, REGISTERED, false, WILDCARD), OUT_NO_PORT(WILDCARD),
		       false);
}

static struct pw_out_opts out_opts(enum pw_format format)
{
	return (struct pw_out_opts){
		.format = format,
		.header = true,
		.host = "h1",
		.time = "2024-01-02T03:04:05Z",
	};
}

/* Render n records into memory, ended with complete; returns the malloc'd text. */
static char *out_render(const struct pw_out_opts *o, const struct pw_rec *recs, size_t n,
			bool complete, size_t *len)
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
	pw_out_end(out, complete);
	pw_out_free(out);
	assert_int_equal(fclose(f), 0);
	if (len)
		*len = size;
	return buf;
}

static size_t out_count(const char *s, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* Start of line i (0-based) of text, or NULL. */
static const char *out_line(const char *text, size_t i)
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

/* Offset of needle in line i of text; fails the test when it is not there. */
static size_t out_col(const char *text, size_t i, const char *needle)
{
	const char *line = out_line(text, i);
	const char *end, *hit;

	assert_non_null(line);
	end = strchr(line, '\n');
	hit = strstr(line, needle);
	if (!hit || (end && hit > end))
		fail_msg("line %zu has no '%s'", i, needle);
	return (size_t)(hit - line);
}

/* Offset of needle in line i of text at or after offset from; fails the test when it is not there. */
static size_t out_col_after(const char *text, size_t i, const char *needle, size_t from)
{
	const char *line = out_line(text, i);
	const char *end, *hit;

	assert_non_null(line);
	end = strchr(line, '\n');
	assert_true(from <= (end ? (size_t)(end - line) : strlen(line)));
	hit = strstr(line + from, needle);
	if (!hit || (end && hit > end))
		fail_msg("line %zu has no '%s' from column %zu", i, needle, from);
	return (size_t)(hit - line);
}

/* Line i of text, without its newline, as a malloc'd string. */
static char *out_line_dup(const char *text, size_t i)
{
	const char *line = out_line(text, i);

	assert_non_null(line);
	return strndup(line, strcspn(line, "\n"));
}

/* True when line i of text holds byte c. */
static bool out_line_has(const char *text, size_t i, char c)
{
	const char *line = out_line(text, i);
	const char *end;

	assert_non_null(line);
	end = strchr(line, '\n');
	return memchr(line, c, end ? (size_t)(end - line) : strlen(line)) != NULL;
}

/* Terminal columns before offset off of line i: UTF-8 continuation bytes take none. */
static size_t out_display_col(const char *text, size_t i, size_t off)
{
	const unsigned char *line = (const unsigned char *)out_line(text, i);
	size_t col = 0;

	for (size_t k = 0; k < off; k++)
		col += (line[k] & 0xc0) != 0x80;
	return col;
}

/* Copy of s without its CSI sequences (ESC [ params m). */
static char *out_strip_sgr(const char *s)
{
	char *copy = pw_xstrdup(s), *w = copy;

	while (*s) {
		if (s[0] == '\x1b' && s[1] == '[') {
			s += 2;
			while ((*s >= '0' && *s <= '9') || *s == ';')
				s++;
			if (*s == 'm')
				s++;
			continue;
		}
		*w++ = *s++;
	}
	*w = '\0';
	return copy;
}

/* --- JSON -------------------------------------------------------------------- */

#define V4_LISTENER_JSON                                                                      \
	"{\"proto\":\"tcp\",\"family\":\"inet\",\"state\":\"LISTEN\",\"listening\":true,"     \
	"\"local\":{\"address\":\"0.0.0.0\",\"port\":22,\"service\":\"ssh\","                 \
	"\"service_source\":\"system\",\"class\":\"well-known\",\"ephemeral\":false,"         \
	"\"scope\":\"wildcard\"},"                                                            \
	"\"remote\":{\"address\":\"0.0.0.0\",\"port\":0,\"service\":null,"                    \
	"\"service_source\":null,\"class\":null,\"ephemeral\":false,\"scope\":\"wildcard\"}," \
	"\"interface\":null,\"v6only\":null,\"uid\":0,\"inode\":12345,\"cookie\":77,"         \
	"\"rqueue\":0,\"wqueue\":128}"

#define JSON_HEAD                                                       \
	"{\"schema\":1,\"version\":\"" PW_VERSION "\",\"host\":\"h1\"," \
	"\"time\":\"2024-01-02T03:04:05Z\",\"sockets\":["

static void json_document_holds_exact_socket_object(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_JSON);
	struct pw_sock s = out_v4_listener();
	struct pw_rec r = out_v4_listener_rec(&s);
	char *doc = out_render(&o, &r, 1, true, NULL);

	(void)state;
	assert_string_equal(doc, JSON_HEAD "\n" V4_LISTENER_JSON "\n],\"complete\":true}\n");
	free(doc);
}

static void json_document_without_sockets_has_empty_array(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_JSON);
	char *doc = out_render(&o, NULL, 0, true, NULL);

	(void)state;
	assert_string_equal(doc, JSON_HEAD "\n],\"complete\":true}\n");
	free(doc);
}

static void json_document_separates_sockets_with_commas(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_JSON);
	struct pw_sock a = out_v4_listener(), b = out_v6_established(), c = out_udp_lo();
	struct pw_rec r[] = { out_v4_listener_rec(&a), out_v6_established_rec(&b),
			      out_udp_lo_rec(&c, "lo") };
	char *doc = out_render(&o, r, 3, true, NULL);

	(void)state;
	assert_int_equal(out_count(doc, "{\"proto\":"), 3);
	assert_int_equal(out_count(doc, "},\n{\"proto\":"), 2);
	assert_true(strncmp(doc, JSON_HEAD "\n{", strlen(JSON_HEAD) + 2) == 0);
	free(doc);
}

static void json_incomplete_listing_says_complete_false(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_JSON);
	struct pw_sock s = out_v4_listener();
	struct pw_rec r = out_v4_listener_rec(&s);
	char *doc = out_render(&o, &r, 1, false, NULL);

	(void)state;
	assert_string_equal(doc, JSON_HEAD "\n" V4_LISTENER_JSON "\n],\"complete\":false}\n");
	free(doc);
}

/* Freed before its end (an error path): the document is still closed, as incomplete. */
static void json_freed_without_end_is_closed_as_incomplete(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_JSON);
	struct pw_sock s = out_v4_listener();
	struct pw_rec r = out_v4_listener_rec(&s);
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	struct pw_out *out;

	(void)state;
	assert_non_null(f);
	out = pw_out_new(f, &o);
	pw_out_sock(out, &r);
	pw_out_free(out);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(buf, JSON_HEAD "\n" V4_LISTENER_JSON "\n],\"complete\":false}\n");
	free(buf);
}

static void json_writes_v6_addresses_bare(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_JSON);
	struct pw_sock s = out_v6_established();
	struct pw_rec r = out_v6_established_rec(&s);
	char *doc = out_render(&o, &r, 1, true, NULL);

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
	assert_non_null(strstr(doc, "\"uid\":1000,\"inode\":2222,\"cookie\":4660,"
				    "\"rqueue\":5,\"wqueue\":6}"));
	assert_null(strstr(doc, "[2001"));
	free(doc);
}

static void json_writes_v6only_as_true_false_or_null(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_JSONL);
	struct pw_sock a = out_udp6_v6only(), b = out_v6_established(), c = out_v4_listener();
	struct pw_rec r[] = { out_udp6_v6only_rec(&a), out_v6_established_rec(&b),
			      out_v4_listener_rec(&c) };
	char *doc = out_render(&o, r, 3, true, NULL);

	(void)state;
	/* out_col fails the test when the line lacks the text. */
	out_col(doc, 0, "\"v6only\":true,");
	out_col(doc, 1, "\"v6only\":false,");
	out_col(doc, 2, "\"v6only\":null,");
	assert_int_equal(out_count(doc, "\"v6only\":"), 3);
	free(doc);
}

/* A raw socket's "port" is its IP protocol: no name, no class. */
static void json_raw_socket_has_null_service_and_class(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_JSONL);
	struct pw_sock s = out_sock(PW_PROTO_RAW, AF_INET, PW_ST_CLOSE, "0.0.0.0", 1, "0.0.0.0", 0);
	struct pw_rec r = out_rec(&s, OUT_NO_PORT(WILDCARD), OUT_NO_PORT(WILDCARD), false);
	char *doc;

	(void)state;
	doc = out_render(&o, &r, 1, true, NULL);
	assert_non_null(strstr(doc, "\"local\":{\"address\":\"0.0.0.0\",\"port\":1,"
				    "\"service\":null,\"service_source\":null,\"class\":null,"
				    "\"ephemeral\":false,\"scope\":\"wildcard\"},"));
	free(doc);
}

/* A peer without a port (a listener's) has nulls where its name and class would be. */
static void json_port_less_peer_has_nulls(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_JSONL);
	struct pw_sock s = out_udp6_v6only();
	struct pw_rec r = out_udp6_v6only_rec(&s);
	char *doc;

	(void)state;
	doc = out_render(&o, &r, 1, true, NULL);
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
	struct pw_out_opts o = out_opts(PW_FMT_JSONL);
	struct pw_sock s = out_v4_listener();

	(void)state;
	for (size_t i = 0; i < PW_ARRAY_SIZE(cases); i++) {
		struct pw_endpoint e = OUT_EP(NULL, WELL_KNOWN, false, WILDCARD);
		struct pw_rec r;
		char want[64], *doc;

		e.scope = (uint8_t)cases[i].scope;
		r = out_rec(&s, e, OUT_NO_PORT(WILDCARD), false);
		doc = out_render(&o, &r, 1, true, NULL);
		snprintf(want, sizeof(want), "\"scope\":\"%s\"},\"remote\"", cases[i].name);
		if (!strstr(doc, want))
			fail_msg("no %s in %s", want, doc);
		free(doc);
	}
}

static void json_writes_interface_name(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_JSON);
	struct pw_sock s = out_udp_lo();
	struct pw_rec r = out_udp_lo_rec(&s, "lo");
	char *doc = out_render(&o, &r, 1, true, NULL);

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
	struct pw_out_opts o = out_opts(PW_FMT_JSON);
	struct pw_sock s = out_udp_lo();
	struct pw_rec r = out_udp_lo_rec(&s, HOSTILE);
	size_t len;
	char *doc = out_render(&o, &r, 1, true, &len);

	(void)state;
	assert_non_null(strstr(doc, "\"interface\":\"e\\u001b[31m\\ufffd\","));
	assert_null(memchr(doc, 0x1b, len));
	assert_null(memchr(doc, 0xff, len));
	free(doc);
}

static void json_escapes_host_and_time(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_JSON);
	char *doc;

	(void)state;
	o.host = "a\"b\n";
	o.time = NULL;
	doc = out_render(&o, NULL, 0, true, NULL);
	assert_non_null(strstr(doc, ",\"host\":\"a\\\"b\\n\",\"time\":null,"));
	free(doc);
}

static void jsonl_writes_one_line_per_socket(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_JSONL);
	struct pw_sock a = out_v4_listener(), b = out_v6_established(), c = out_udp_lo();
	struct pw_rec r[] = { out_v4_listener_rec(&a), out_v6_established_rec(&b),
			      out_udp_lo_rec(&c, "lo") };
	char *doc = out_render(&o, r, 3, true, NULL);

	(void)state;
	assert_int_equal(out_count(doc, "\n"), 3);
	assert_true(strncmp(doc, V4_LISTENER_JSON "\n", strlen(V4_LISTENER_JSON) + 1) == 0);
	assert_int_equal(
		out_col(doc, 1, "{\"proto\":\"tcp\",\"family\":\"inet6\",\"state\":\"ESTAB\""), 0);
	assert_int_equal(out_col(doc, 2, "{\"proto\":\"udp\""), 0);
	assert_int_equal(out_count(doc, "}\n"), 3);
	assert_null(strstr(doc, "schema"));
	assert_null(strstr(doc, "complete"));
	free(doc);
}

static void jsonl_without_sockets_writes_nothing(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_JSONL);
	size_t len;
	char *doc = out_render(&o, NULL, 0, false, &len);

	(void)state;
	assert_int_equal(len, 0);
	free(doc);
}

/* --- CSV --------------------------------------------------------------------- */

#define CSV_HEADER                                                                          \
	"proto,family,state,listening,local_address,local_port,remote_address,remote_port," \
	"interface,v6only,uid,inode,cookie,rqueue,wqueue,local_service,"                    \
	"local_service_source,local_class,local_ephemeral,local_scope,remote_service,"      \
	"remote_service_source,remote_class,remote_ephemeral,remote_scope\r\n"

static void csv_writes_header_and_crlf_rows(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_CSV);
	struct pw_sock a = out_v4_listener(), b = out_v6_established(), c = out_udp_lo();
	struct pw_rec r[] = { out_v4_listener_rec(&a), out_v6_established_rec(&b),
			      out_udp_lo_rec(&c, "lo") };
	char *doc = out_render(&o, r, 3, true, NULL);

	(void)state;
	assert_string_equal(doc, CSV_HEADER
			    "tcp,inet,LISTEN,true,0.0.0.0,22,0.0.0.0,0,,,0,12345,77,0,128,"
			    "ssh,system,well-known,false,wildcard,,,,false,wildcard\r\n"
			    "tcp,inet6,ESTAB,false,2001:db8::1,443,2001:db8::2,51000,,false,1000,"
			    "2222,4660,5,6,https,builtin,well-known,false,public,"
			    ",,dynamic,true,public\r\n"
			    "udp,inet,UNCONN,true,127.0.0.53,53,0.0.0.0,0,lo,,101,333,9,0,0,"
			    "domain,system,well-known,false,loopback,,,,false,wildcard\r\n");
	free(doc);
}

/* Every row has as many fields as the header, whatever each side knows. */
static void csv_rows_have_as_many_fields_as_the_header(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_CSV);
	struct pw_sock a = out_v4_listener(), b = out_v6_established(), c = out_udp_lo();
	struct pw_sock d = out_sock(PW_PROTO_RAW, AF_INET, PW_ST_CLOSE, "0.0.0.0", 1, "0.0.0.0", 0);
	struct pw_rec r[] = { out_v4_listener_rec(&a), out_v6_established_rec(&b),
			      out_udp_lo_rec(&c, "lo"),
			      out_rec(&d, OUT_NO_PORT(WILDCARD), OUT_NO_PORT(WILDCARD), false) };
	char *doc = out_render(&o, r, PW_ARRAY_SIZE(r), true, NULL);

	(void)state;
	assert_int_equal(out_count(doc, "\r\n"), 5);
	for (size_t i = 0; i < 5; i++) {
		char *line = out_line_dup(doc, i);

		if (out_count(line, ",") != 24)
			fail_msg("line %zu has %zu commas: %s", i, out_count(line, ","), line);
		free(line);
	}
	assert_non_null(strstr(doc, "raw,inet,UNCONN,true,0.0.0.0,1,0.0.0.0,0,,,0,0,0,0,0,"
				    ",,,false,wildcard,,,,false,wildcard\r\n"));
	free(doc);
}

static void csv_header_suppressed_without_header(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_CSV);
	struct pw_sock s = out_udp6_v6only();
	struct pw_rec r = out_udp6_v6only_rec(&s);
	char *doc;

	(void)state;
	o.header = false;
	doc = out_render(&o, &r, 1, true, NULL);
	assert_string_equal(doc, "udp,inet6,UNCONN,true,::,5353,::,0,,true,0,0,0,0,0,"
				 "mdns,builtin,registered,false,wildcard,,,,false,wildcard\r\n");
	free(doc);
}

static void csv_escapes_hostile_interface_name(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_CSV);
	struct pw_sock s = out_udp_lo();
	struct pw_rec r = out_udp_lo_rec(&s, HOSTILE);
	size_t len;
	char *doc = out_render(&o, &r, 1, true, &len);

	(void)state;
	assert_non_null(strstr(doc, ",0,e\\x1b[31m\\xff,,101,"));
	assert_null(memchr(doc, 0x1b, len));
	assert_null(memchr(doc, 0xff, len));
	free(doc);
}

static void csv_quotes_interface_name_with_comma_and_never_breaks_a_row(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_CSV);
	struct pw_sock s = out_udp_lo();
	struct pw_rec r = out_udp_lo_rec(&s, "a,\"b\"\r\nc");
	char *doc;

	(void)state;
	o.header = false;
	doc = out_render(&o, &r, 1, true, NULL);
	assert_non_null(strstr(doc, ",0,\"a,\"\"b\"\"\\x0d\\x0ac\",,101,"));
	assert_int_equal(out_count(doc, "\n"), 1);
	assert_int_equal(out_count(doc, "\r"), 1);
	free(doc);
}

/* --- table ------------------------------------------------------------------- */

static char *out_table3(bool header, bool extended, bool color, const char *ifname)
{
	struct pw_out_opts o = out_opts(PW_FMT_TABLE);
	struct pw_sock a = out_v4_listener(), b = out_v6_established(), c = out_udp_lo();
	struct pw_rec r[] = { out_v4_listener_rec(&a), out_v6_established_rec(&b),
			      out_udp_lo_rec(&c, ifname) };

	o.header = header;
	o.extended = extended;
	o.color = color;
	return out_render(&o, r, 3, true, NULL);
}

static void table_has_header_line(void **state)
{
	char *t = out_table3(true, false, false, "lo");

	(void)state;
	size_t local, lsvc, lclass, peer, rsvc, rclass;

	(void)state;
	assert_int_equal(out_col(t, 0, "Proto"), 0);
	assert_true(out_col(t, 0, "State") > 0);
	local = out_col(t, 0, "Local Address:Port");
	assert_true(local > out_col(t, 0, "State"));
	/* Each address is followed by its service and its class. */
	lsvc = out_col_after(t, 0, "Service", local);
	lclass = out_col_after(t, 0, "Class", lsvc);
	peer = out_col_after(t, 0, "Peer Address:Port", lclass);
	rsvc = out_col_after(t, 0, "Service", peer);
	rclass = out_col_after(t, 0, "Class", rsvc);
	assert_true(lsvc > local);
	assert_true(rclass > rsvc);
	/* Queues, like uid, inode and cookie, come with -e only. */
	assert_null(strstr(t, "Recv-Q"));
	assert_null(strstr(t, "Send-Q"));
	assert_int_equal(out_col(t, 1, "tcp"), 0);
	assert_int_equal(out_count(t, "\n"), 4);
	free(t);
}

static void table_extended_header_puts_queues_after_the_peer_class(void **state)
{
	char *t = out_table3(true, true, false, "lo");
	size_t peer, rclass, rq, sq, uid;

	(void)state;
	peer = out_col(t, 0, "Peer Address:Port");
	rclass = out_col_after(t, 0, "Class", peer);
	rq = out_col_after(t, 0, "Recv-Q", rclass);
	sq = out_col_after(t, 0, "Send-Q", rq);
	uid = out_col_after(t, 0, "UID", sq);
	assert_true(out_col_after(t, 0, "Inode", uid) > uid);
	assert_true(out_col(t, 0, "Cookie") > out_col(t, 0, "Inode"));
	free(t);
}

static void table_without_header_starts_with_rows(void **state)
{
	char *t = out_table3(false, false, false, "lo");

	(void)state;
	assert_null(strstr(t, "Proto"));
	assert_null(strstr(t, "Address"));
	assert_int_equal(out_col(t, 0, "tcp"), 0);
	assert_int_equal(out_count(t, "\n"), 3);
	free(t);
}

static void table_without_rows_prints_only_the_header(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_TABLE);
	size_t len;
	char *t = out_render(&o, NULL, 0, true, &len);

	(void)state;
	assert_int_equal(out_col(t, 0, "Proto"), 0);
	assert_int_equal(out_count(t, "\n"), 1);
	free(t);
	o.header = false;
	t = out_render(&o, NULL, 0, true, &len);
	assert_int_equal(len, 0);
	free(t);
}

static void table_writes_endpoints_as_ss_does(void **state)
{
	char *t = out_table3(true, false, false, "lo");

	(void)state;
	/* A listener's peer port is "*"; v6 addresses in brackets; the device after the address. */
	assert_true(out_col(t, 1, "0.0.0.0:22 ") < out_col(t, 1, "0.0.0.0:*"));
	assert_true(out_col(t, 2, "[2001:db8::1]:443 ") < out_col(t, 2, "[2001:db8::2]:51000"));
	assert_true(out_col(t, 3, "127.0.0.53%lo:53 ") < out_col(t, 3, "0.0.0.0:*"));
	assert_true(out_col(t, 1, "LISTEN") < out_col(t, 1, "0.0.0.0:22"));
	assert_true(out_col(t, 2, "ESTAB") < out_col(t, 2, "[2001"));
	assert_true(out_col(t, 3, "UNCONN") < out_col(t, 3, "127.0.0.53"));
	assert_int_equal(out_col(t, 3, "udp"), 0);
	free(t);
}

static void table_writes_v6_device_after_bracket(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_TABLE);
	struct pw_sock s = out_sock(PW_PROTO_UDP, AF_INET6, PW_ST_CLOSE, "fe80::1", 546, "::", 0);
	struct pw_rec r = out_rec(&s, OUT_EP(NULL, WELL_KNOWN, false, LINK_LOCAL),
				  OUT_NO_PORT(WILDCARD), false);
	char *t;

	(void)state;
	r.ifname = "eth0";
	t = out_render(&o, &r, 1, true, NULL);
	assert_true(out_col(t, 1, "[fe80::1]%eth0:546 ") < out_col(t, 1, "[::]:*"));
	free(t);
}

static void table_aligns_columns(void **state)
{
	char *t = out_table3(true, true, false, "lo");
	static const char *const local[] = { "0.0.0.0:22", "[2001:db8::1]:443",
					     "127.0.0.53%lo:53" };
	static const char *const lsvc[] = { "ssh ", "https ", "domain " };
	static const char *const peer[] = { "0.0.0.0:*", "[2001:db8::2]:51000", "0.0.0.0:*" };
	static const char *const state_cell[] = { "LISTEN", "ESTAB", "UNCONN" };
	size_t l0, ls0, lc0, p0, s0, rq_end, sq_end;

	(void)state;
	l0 = out_col(t, 0, "Local Address:Port");
	ls0 = out_col_after(t, 0, "Service", l0);
	lc0 = out_col_after(t, 0, "Class", ls0);
	p0 = out_col(t, 0, "Peer Address:Port");
	s0 = out_col(t, 0, "State");
	rq_end = out_col(t, 0, "Recv-Q") + strlen("Recv-Q");
	sq_end = out_col(t, 0, "Send-Q") + strlen("Send-Q");
	for (size_t i = 0; i < 3; i++) {
		const char *line = out_line(t, i + 1);

		assert_int_equal(out_col(t, i + 1, state_cell[i]), s0);
		assert_int_equal(out_col(t, i + 1, local[i]), l0);
		assert_int_equal(out_col_after(t, i + 1, lsvc[i], l0), ls0);
		assert_int_equal(out_col_after(t, i + 1, "wk ", ls0), lc0);
		assert_int_equal(out_col(t, i + 1, peer[i]), p0);
		/* Queues are numbers: right-aligned under their heading. */
		assert_true(line[rq_end - 1] >= '0' && line[rq_end - 1] <= '9');
		assert_int_equal(line[rq_end], ' ');
		assert_true(line[sq_end - 1] >= '0' && line[sq_end - 1] <= '9');
		assert_int_equal(line[sq_end], ' ');
	}
	free(t);
}

/* An interface name may be any bytes: UTF-8 takes fewer columns than bytes. */
static void table_aligns_columns_for_utf8_interface_names(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_TABLE);
	struct pw_sock a = out_udp_lo(), b = out_udp_lo();
	struct pw_rec r[] = { out_udp_lo_rec(&a, "\xc3\xa9t\xc3\xa9"), out_udp_lo_rec(&b, "abc") };
	char *t = out_render(&o, r, 2, true, NULL);
	size_t p0, p1, p2;

	(void)state;
	p0 = out_display_col(t, 0, out_col(t, 0, "Peer Address:Port"));
	p1 = out_display_col(t, 1, out_col(t, 1, "0.0.0.0:*"));
	p2 = out_display_col(t, 2, out_col(t, 2, "0.0.0.0:*"));
	free(t);
	assert_int_equal(p1, p0);
	assert_int_equal(p2, p0);
}

static void table_extended_columns_only_when_asked(void **state)
{
	char *plain = out_table3(true, false, false, "lo");
	char *ext = out_table3(true, true, false, "lo");

	(void)state;
	assert_null(strstr(plain, "UID"));
	assert_null(strstr(plain, "Inode"));
	assert_null(strstr(plain, "Cookie"));
	assert_null(strstr(plain, "12345"));
	assert_true(out_col(ext, 0, "UID") > out_col(ext, 0, "Peer Address:Port"));
	assert_true(out_col(ext, 0, "Inode") > out_col(ext, 0, "UID"));
	assert_true(out_col(ext, 0, "Cookie") > out_col(ext, 0, "Inode"));
	assert_true(out_col(ext, 1, "12345") > out_col(ext, 1, "0.0.0.0:*"));
	assert_true(out_col(ext, 3, " 101 ") > out_col(ext, 3, "0.0.0.0:*"));
	assert_true(out_col(ext, 2, " 1000 ") > out_col(ext, 2, "[2001:db8::2]"));
	/* Numbers right-aligned: the inode ends where its heading ends. */
	assert_int_equal(out_col(ext, 1, "12345") + 5, out_col(ext, 0, "Inode") + strlen("Inode"));
	assert_int_equal(out_col(ext, 3, "333") + 3, out_col(ext, 0, "Inode") + strlen("Inode"));
	free(plain);
	free(ext);
}

static void table_escape_codes_only_with_color(void **state)
{
	char *plain = out_table3(true, true, false, "lo");
	char *color = out_table3(true, true, true, "lo");
	char *stripped = out_strip_sgr(color);

	(void)state;
	assert_null(strchr(plain, '\x1b'));
	assert_non_null(strstr(color, "\x1b["));
	/* Colour adds escape codes around cells, and changes nothing else. */
	assert_string_equal(stripped, plain);
	/* Listening sockets are coloured, connections are not. */
	assert_non_null(strstr(color, "\x1b[32mLISTEN\x1b[0m"));
	assert_non_null(strstr(color, "\x1b[32mUNCONN\x1b[0m"));
	assert_false(out_line_has(color, 2, '\x1b'));
	free(plain);
	free(color);
	free(stripped);
}

static void table_escapes_hostile_interface_name(void **state)
{
	char *t = out_table3(true, true, false, HOSTILE);

	(void)state;
	assert_true(out_col(t, 3, "127.0.0.53%e\\x1b[31m\\xff:53 ") > 0);
	assert_null(strchr(t, '\x1b'));
	assert_null(strchr(t, '\xff'));
	free(t);
}

static void table_escapes_hostile_interface_name_with_color(void **state)
{
	char *t = out_table3(true, false, true, HOSTILE);
	char *stripped = out_strip_sgr(t);

	(void)state;
	/* The only escape sequences are the renderer's own colours. */
	assert_null(strchr(stripped, '\x1b'));
	assert_non_null(strstr(stripped, "%e\\x1b[31m\\xff:53"));
	free(t);
	free(stripped);
}

/* The cell starting at offset col of line i, up to the next blank, as a malloc'd string. */
static char *out_cell(const char *text, size_t i, size_t col)
{
	char *line = out_line_dup(text, i), *cell;

	assert_true(col <= strlen(line));
	cell = strndup(line + col, strcspn(line + col, " "));
	free(line);
	return cell;
}

#define OUT_CELL_EQUAL(text, i, col, want)                                                       \
	do {                                                                                     \
		char *cell_ = out_cell(text, i, col);                                            \
		if (strcmp(cell_, want) != 0)                                                    \
			fail_msg("line %zu col %zu: '%s', not '%s'", (size_t)(i), (size_t)(col), \
				 cell_, want);                                                   \
		free(cell_);                                                                     \
	} while (0)

static const struct pw_service out_svc_http = { "http", "World Wide Web HTTP", PW_SVC_BUILTIN };
static const struct pw_service out_svc_http_alt = { "http-alt", "HTTP Alternate", PW_SVC_BUILTIN };

/*
 * Five sockets whose class cells differ:
 * 1. 0.0.0.0:22 ssh listener: "wk";
 * 2. 0.0.0.0:40000 unnamed listener, in the ephemeral range, notable: "reg/eph!";
 * 3. 10.0.0.1:40001 to 10.0.0.2:8080 http-alt: "reg/eph" and "reg";
 * 4. 0.0.0.0:50000 unnamed UDP listener outside the ephemeral range, notable: "dyn!";
 * 5. 198.51.100.7:80 to 192.0.2.9:55000 unnamed: "wk" and "dyn/eph"; a public
 *    well-known port, but no listener, so not notable.
 */
static char *out_class_table(bool extended, bool color)
{
	struct pw_out_opts o = out_opts(PW_FMT_TABLE);
	struct pw_sock s[] = {
		out_sock(PW_PROTO_TCP, AF_INET, PW_ST_LISTEN, "0.0.0.0", 22, "0.0.0.0", 0),
		out_sock(PW_PROTO_TCP, AF_INET, PW_ST_LISTEN, "0.0.0.0", 40000, "0.0.0.0", 0),
		out_sock(PW_PROTO_TCP, AF_INET, PW_ST_ESTABLISHED, "10.0.0.1", 40001, "10.0.0.2",
			 8080),
		out_sock(PW_PROTO_UDP, AF_INET, PW_ST_CLOSE, "0.0.0.0", 50000, "0.0.0.0", 0),
		out_sock(PW_PROTO_TCP, AF_INET, PW_ST_ESTABLISHED, "198.51.100.7", 80, "192.0.2.9",
			 55000),
	};
	struct pw_rec r[] = {
		out_rec(&s[0], OUT_EP(&out_svc_ssh, WELL_KNOWN, false, WILDCARD),
			OUT_NO_PORT(WILDCARD), false),
		out_rec(&s[1], OUT_EP(NULL, REGISTERED, true, WILDCARD), OUT_NO_PORT(WILDCARD),
			true),
		out_rec(&s[2], OUT_EP(NULL, REGISTERED, true, PRIVATE),
			OUT_EP(&out_svc_http_alt, REGISTERED, false, PRIVATE), false),
		out_rec(&s[3], OUT_EP(NULL, DYNAMIC, false, WILDCARD), OUT_NO_PORT(WILDCARD), true),
		out_rec(&s[4], OUT_EP(&out_svc_http, WELL_KNOWN, false, PUBLIC),
			OUT_EP(NULL, DYNAMIC, true, PUBLIC), false),
	};

	o.extended = extended;
	o.color = color;
	return out_render(&o, r, PW_ARRAY_SIZE(r), true, NULL);
}

/* Offsets of the local and peer Service and Class headings. */
struct out_heads {
	size_t lsvc, lclass, rsvc, rclass;
};

static struct out_heads out_heads_of(const char *t)
{
	struct out_heads h;

	h.lsvc = out_col_after(t, 0, "Service", out_col(t, 0, "Local Address:Port"));
	h.lclass = out_col_after(t, 0, "Class", h.lsvc);
	h.rsvc = out_col_after(t, 0, "Service", out_col(t, 0, "Peer Address:Port"));
	h.rclass = out_col_after(t, 0, "Class", h.rsvc);
	return h;
}

static void table_class_cells_abbreviate_and_mark_ephemeral_and_notable(void **state)
{
	char *t = out_class_table(false, false);
	struct out_heads h = out_heads_of(t);

	(void)state;
	OUT_CELL_EQUAL(t, 1, h.lclass, "wk");
	OUT_CELL_EQUAL(t, 2, h.lclass, "reg/eph!");
	OUT_CELL_EQUAL(t, 3, h.lclass, "reg/eph");
	OUT_CELL_EQUAL(t, 3, h.rclass, "reg");
	OUT_CELL_EQUAL(t, 4, h.lclass, "dyn!");
	OUT_CELL_EQUAL(t, 5, h.lclass, "wk");
	OUT_CELL_EQUAL(t, 5, h.rclass, "dyn/eph");
	/* The notable mark is the local side's only. */
	assert_int_equal(out_count(t, "!"), 2);
	free(t);
}

static void table_service_cell_is_the_name_or_a_dash(void **state)
{
	char *t = out_class_table(false, false);
	struct out_heads h = out_heads_of(t);

	(void)state;
	OUT_CELL_EQUAL(t, 1, h.lsvc, "ssh");
	OUT_CELL_EQUAL(t, 2, h.lsvc, "-");
	OUT_CELL_EQUAL(t, 3, h.lsvc, "-");
	OUT_CELL_EQUAL(t, 3, h.rsvc, "http-alt");
	OUT_CELL_EQUAL(t, 5, h.lsvc, "http");
	OUT_CELL_EQUAL(t, 5, h.rsvc, "-");
	free(t);
}

/* A listener's peer has no port: no service, no class, and no trailing blanks. */
static void table_listener_peer_has_empty_service_and_class(void **state)
{
	char *t = out_class_table(false, false);
	char *ext = out_class_table(true, false);
	struct out_heads h = out_heads_of(ext);
	static const size_t listeners[] = { 1, 2, 4 };

	(void)state;
	for (size_t k = 0; k < PW_ARRAY_SIZE(listeners); k++) {
		size_t i = listeners[k];
		char *line = out_line_dup(t, i);
		char *eline = out_line_dup(ext, i);
		size_t len = strlen(line);

		if (len < 9 || strcmp(line + len - 9, "0.0.0.0:*") != 0)
			fail_msg("line %zu does not end with the peer: '%s'", i, line);
		/* With -e, columns follow: the two cells are blank. */
		for (size_t c = h.rsvc; c < h.rclass + strlen("Class"); c++)
			if (eline[c] != ' ')
				fail_msg("line %zu: '%c' at column %zu of the peer's cells", i,
					 eline[c], c);
		free(line);
		free(eline);
	}
	free(t);
	free(ext);
}

static void table_colors_the_notable_class_only_with_color(void **state)
{
	char *plain = out_class_table(true, false);
	char *color = out_class_table(true, true);
	char *stripped = out_strip_sgr(color);

	(void)state;
	assert_null(strchr(plain, '\x1b'));
	assert_string_equal(stripped, plain);
	assert_non_null(strstr(color, "\x1b[1;33mreg/eph!\x1b[0m"));
	assert_non_null(strstr(color, "\x1b[1;33mdyn!\x1b[0m"));
	/* Not around the other class cells, notable or not. */
	assert_int_equal(out_count(color, "\x1b[1;33m"), 2);
	assert_false(out_line_has(color, 3, '\x1b'));
	assert_false(out_line_has(color, 5, '\x1b'));
	free(plain);
	free(color);
	free(stripped);
}

/* The promise: IPv4 listener rows stay readable at 100 columns. */
static void table_ipv4_listener_with_long_service_fits_100_columns(void **state)
{
	static const struct pw_service longname = { "svc-fifteen-chr", NULL, PW_SVC_SYSTEM };
	struct pw_out_opts o = out_opts(PW_FMT_TABLE);
	struct pw_sock s[] = {
		out_sock(PW_PROTO_TCP, AF_INET, PW_ST_LISTEN, "255.255.255.255", 65535, "0.0.0.0",
			 0),
		out_sock(PW_PROTO_UDP, AF_INET, PW_ST_CLOSE, "192.168.100.200", 49152, "0.0.0.0",
			 0),
	};
	struct pw_rec r[] = {
		out_rec(&s[0], OUT_EP(&longname, DYNAMIC, true, PUBLIC), OUT_NO_PORT(WILDCARD),
			true),
		out_rec(&s[1], OUT_EP(&longname, DYNAMIC, true, PRIVATE), OUT_NO_PORT(WILDCARD),
			true),
	};
	char *t;

	(void)state;
	assert_int_equal(strlen(longname.name), 15);
	t = out_render(&o, r, PW_ARRAY_SIZE(r), true, NULL);
	assert_int_equal(out_count(t, "\n"), 3);
	out_col(t, 1, "svc-fifteen-chr dyn/eph!");
	for (size_t i = 0; i < 3; i++) {
		char *line = out_line_dup(t, i);

		if (pw_utf8_columns(line) > 100)
			fail_msg("line %zu takes %zu columns: '%s'", i, pw_utf8_columns(line),
				 line);
		free(line);
	}
	free(t);
}

/* Past the look-ahead, rows stream with the same widths, in order, none lost. */
static void table_prints_every_row_in_order_past_the_lookahead(void **state)
{
	enum {
		N = 2000,
		WIDE = 1500
	};
	struct pw_out_opts o = out_opts(PW_FMT_TABLE);
	struct pw_sock *socks = calloc(N, sizeof(*socks));
	struct pw_rec *recs = calloc(N, sizeof(*recs));
	size_t l0;
	char *t;

	(void)state;
	assert_non_null(socks);
	assert_non_null(recs);
	for (size_t i = 0; i < N; i++) {
		if (i == WIDE)
			socks[i] = out_sock(PW_PROTO_TCP, AF_INET6, PW_ST_LISTEN,
					    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
					    (uint16_t)(1000 + i), "::", 0);
		else
			socks[i] = out_sock(PW_PROTO_TCP, AF_INET, PW_ST_LISTEN, "10.0.0.1",
					    (uint16_t)(1000 + i), "0.0.0.0", 0);
		recs[i].sock = &socks[i];
	}
	t = out_render(&o, recs, N, true, NULL);
	assert_int_equal(out_count(t, "\n"), N + 1);
	l0 = out_col(t, 0, "Local Address:Port");
	for (size_t i = 0; i < N; i++) {
		char want[64];

		if (i == WIDE)
			snprintf(want, sizeof(want),
				 "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:%zu ", 1000 + i);
		else
			snprintf(want, sizeof(want), "10.0.0.1:%zu ", 1000 + i);
		if (out_col(t, i + 1, want) != l0)
			fail_msg("row %zu: '%s' not at column %zu", i, want, l0);
	}
	free(t);
	free(recs);
	free(socks);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_document_holds_exact_socket_object),
		cmocka_unit_test(json_document_without_sockets_has_empty_array),
		cmocka_unit_test(json_document_separates_sockets_with_commas),
		cmocka_unit_test(json_incomplete_listing_says_complete_false),
		cmocka_unit_test(json_freed_without_end_is_closed_as_incomplete),
		cmocka_unit_test(json_writes_v6_addresses_bare),
		cmocka_unit_test(json_writes_v6only_as_true_false_or_null),
		cmocka_unit_test(json_raw_socket_has_null_service_and_class),
		cmocka_unit_test(json_port_less_peer_has_nulls),
		cmocka_unit_test(json_writes_every_scope_name),
		cmocka_unit_test(json_writes_interface_name),
		cmocka_unit_test(json_escapes_hostile_interface_name),
		cmocka_unit_test(json_escapes_host_and_time),
		cmocka_unit_test(jsonl_writes_one_line_per_socket),
		cmocka_unit_test(jsonl_without_sockets_writes_nothing),
		cmocka_unit_test(csv_writes_header_and_crlf_rows),
		cmocka_unit_test(csv_rows_have_as_many_fields_as_the_header),
		cmocka_unit_test(csv_header_suppressed_without_header),
		cmocka_unit_test(csv_escapes_hostile_interface_name),
		cmocka_unit_test(csv_quotes_interface_name_with_comma_and_never_breaks_a_row),
		cmocka_unit_test(table_has_header_line),
		cmocka_unit_test(table_extended_header_puts_queues_after_the_peer_class),
		cmocka_unit_test(table_without_header_starts_with_rows),
		cmocka_unit_test(table_without_rows_prints_only_the_header),
		cmocka_unit_test(table_writes_endpoints_as_ss_does),
		cmocka_unit_test(table_writes_v6_device_after_bracket),
		cmocka_unit_test(table_aligns_columns),
		cmocka_unit_test(table_aligns_columns_for_utf8_interface_names),
		cmocka_unit_test(table_extended_columns_only_when_asked),
		cmocka_unit_test(table_escape_codes_only_with_color),
		cmocka_unit_test(table_escapes_hostile_interface_name),
		cmocka_unit_test(table_escapes_hostile_interface_name_with_color),
		cmocka_unit_test(table_class_cells_abbreviate_and_mark_ephemeral_and_notable),
		cmocka_unit_test(table_service_cell_is_the_name_or_a_dash),
		cmocka_unit_test(table_listener_peer_has_empty_service_and_class),
		cmocka_unit_test(table_colors_the_notable_class_only_with_color),
		cmocka_unit_test(table_ipv4_listener_with_long_service_fits_100_columns),
		cmocka_unit_test(table_prints_every_row_in_order_past_the_lookahead),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
