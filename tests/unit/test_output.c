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
	"\"interface\":null,\"v6only\":null,\"uid\":0,\"user\":null,\"inode\":12345,"         \
	"\"cookie\":77,\"rqueue\":0,\"wqueue\":128}"

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
	assert_non_null(strstr(doc, "\"uid\":1000,\"user\":null,\"inode\":2222,\"cookie\":4660,"
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
	"remote_service_source,remote_class,remote_ephemeral,remote_scope,user,processes\r\n"

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
			    "ssh,system,well-known,false,wildcard,,,,false,wildcard,,\r\n"
			    "tcp,inet6,ESTAB,false,2001:db8::1,443,2001:db8::2,51000,,false,1000,"
			    "2222,4660,5,6,https,builtin,well-known,false,public,"
			    ",,dynamic,true,public,,\r\n"
			    "udp,inet,UNCONN,true,127.0.0.53,53,0.0.0.0,0,lo,,101,333,9,0,0,"
			    "domain,system,well-known,false,loopback,,,,false,wildcard,,\r\n");
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

		if (out_count(line, ",") != 26)
			fail_msg("line %zu has %zu commas: %s", i, out_count(line, ","), line);
		free(line);
	}
	assert_non_null(strstr(doc, "raw,inet,UNCONN,true,0.0.0.0,1,0.0.0.0,0,,,0,0,0,0,0,"
				    ",,,false,wildcard,,,,false,wildcard,,\r\n"));
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
				 "mdns,builtin,registered,false,wildcard,,,,false,wildcard,,\r\n");
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

/* 15 characters: the longest names in IANA's registry. */
static const struct pw_service out_svc_long1 = { "hp-managed-node", "hp managed node",
						 PW_SVC_BUILTIN };
static const struct pw_service out_svc_long2 = { "synotics-broker", "SynOptics Port Broker Port",
						 PW_SVC_BUILTIN };

/*
 * The widest IPv4 row a table has: FIN-WAIT-1 between two 21-character
 * endpoints, from an ephemeral port ("reg/eph"), both named with names of
 * the registry's longest; a short row after it.
 * columns as for pw_out_opts.
 */
static char *out_wide_table(size_t columns, bool color)
{
	struct pw_out_opts o = out_opts(PW_FMT_TABLE);
	struct pw_sock s[] = {
		out_sock(PW_PROTO_TCP, AF_INET, PW_ST_FIN_WAIT1, "203.113.255.255", 40001,
			 "198.151.100.255", 3389),
		out_sock(PW_PROTO_TCP, AF_INET, PW_ST_LISTEN, "0.0.0.0", 22, "0.0.0.0", 0),
	};
	struct pw_rec r[] = {
		out_rec(&s[0], OUT_EP(&out_svc_long1, REGISTERED, true, PUBLIC),
			OUT_EP(&out_svc_long2, REGISTERED, false, PUBLIC), false),
		out_rec(&s[1], OUT_EP(&out_svc_ssh, WELL_KNOWN, false, WILDCARD),
			OUT_NO_PORT(WILDCARD), false),
	};

	o.columns = columns;
	o.color = color;
	return out_render(&o, r, PW_ARRAY_SIZE(r), true, NULL);
}

static size_t out_longest_line(const char *t)
{
	size_t longest = 0;

	for (const char *p = t; *p;) {
		size_t n = strcspn(p, "\n");

		if (n > longest)
			longest = n;
		p += n + (p[n] == '\n');
	}
	return longest;
}

/* On a 100-column terminal, the widest IPv4 row fits: service names are cut, with "~". */
static void table_fits_a_terminal_by_cutting_service_names(void **state)
{
	char *t = out_wide_table(100, false);
	struct out_heads h;

	(void)state;
	assert_true(out_longest_line(t) <= 100);
	h = out_heads_of(t);
	/* 105 columns whole: 5 to lose, from the wider name first (the local one on a tie). */
	OUT_CELL_EQUAL(t, 1, h.lsvc, "hp-managed-~");
	OUT_CELL_EQUAL(t, 1, h.rsvc, "synotics-bro~");
	/* Short names stay whole; the cut is for the columns, not the names. */
	OUT_CELL_EQUAL(t, 2, h.lsvc, "ssh");
	assert_int_equal(out_count(t, "~"), 2);
	free(t);
}

/* Without a terminal width (a pipe), names are never cut: grep finds them. */
static void table_never_cuts_without_a_width(void **state)
{
	char *t = out_wide_table(0, false);
	struct out_heads h = out_heads_of(t);

	(void)state;

	OUT_CELL_EQUAL(t, 1, h.lsvc, "hp-managed-node");
	OUT_CELL_EQUAL(t, 1, h.rsvc, "synotics-broker");
	assert_true(out_longest_line(t) > 100);
	assert_null(strchr(t, '~'));
	free(t);
}

/* A wide terminal cuts nothing; a tiny one cuts down to the heading, no further. */
static void table_cuts_only_as_much_as_needed(void **state)
{
	char *wide = out_wide_table(200, false);
	char *tiny = out_wide_table(40, false);
	struct out_heads h = out_heads_of(tiny);

	(void)state;
	assert_null(strchr(wide, '~'));
	OUT_CELL_EQUAL(tiny, 1, h.lsvc, "hp-man~");
	OUT_CELL_EQUAL(tiny, 1, h.rsvc, "synoti~");
	assert_non_null(strstr(tiny, "Service Class"));
	free(wide);
	free(tiny);
}

/*
 * 600 listeners, more than the table looks ahead at, the last named
 * hp-managed-node; the others unnamed. columns as for pw_out_opts.
 */
static char *out_late_long_name(size_t columns)
{
	enum {
		N = 600
	};
	struct pw_out_opts o = out_opts(PW_FMT_TABLE);
	struct pw_sock *s = calloc(N, sizeof(*s));
	struct pw_rec *r = calloc(N, sizeof(*r));
	char *t;

	assert_non_null(s);
	assert_non_null(r);
	for (size_t i = 0; i < N; i++) {
		s[i] = out_sock(PW_PROTO_TCP, AF_INET, PW_ST_LISTEN, "127.0.0.1",
				(uint16_t)(20000 + i), "0.0.0.0", 0);
		r[i] = out_rec(
			&s[i],
			OUT_EP(i == N - 1 ? &out_svc_long1 : NULL, REGISTERED, false, LOOPBACK),
			OUT_NO_PORT(WILDCARD), false);
	}
	o.columns = columns;
	t = out_render(&o, r, N, true, NULL);
	free(r);
	free(s);
	return t;
}

/*
 * A name longer than the look-ahead saw is cut only where the terminal has
 * no room left for it; on a wide terminal it pushes its line out, as in a
 * pipe.
 */
static void table_cuts_late_names_only_where_the_terminal_lacks_room(void **state)
{
	char *wide = out_late_long_name(200);
	char *narrow = out_late_long_name(60);

	(void)state;
	assert_non_null(strstr(wide, "127.0.0.1:20599    hp-managed-node reg"));
	assert_null(strchr(wide, '~'));
	/* 60 columns: no room for more than the heading's 7 columns. */
	assert_non_null(strstr(narrow, " hp-man~ "));
	assert_int_equal(out_count(narrow, "~"), 1);
	free(wide);
	free(narrow);
}

/* The header's bold ends before its newline: "| head -1" leaves no bold terminal. */
static void table_header_color_ends_before_its_newline(void **state)
{
	char *t = out_wide_table(0, true);
	char *nl = strchr(t, '\n');

	(void)state;
	assert_non_null(nl);
	assert_true(nl - t > 4);
	assert_memory_equal(nl - 4, "\x1b[0m", 4);
	assert_memory_equal(t, "\x1b[1m", 4);
	free(t);
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

/* --- owners (-p) ------------------------------------------------------------- */

#define HOSTILE_COMM "\x1b[31mevil\xff"
/* An OSC title change, BEL, a one-byte C1 CSI in UTF-8, and a byte that is no UTF-8. */
#define HOSTILE_USER "\x1b]0;pwned\x07\xc2\x9b\xfe"

static struct pw_proc out_proc(int pid, uid_t uid, const char *comm, const char *exe,
			       const char *cmdline, const char *unit)
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
static const char *out_user_name(uint32_t uid, void *ctx)
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
		return HOSTILE_USER;
	default:
		return NULL;
	}
}

static const struct pw_proc out_sshd_proc = { .pid = 612,
					      .uid = 0,
					      .comm = (char[]){ "sshd" },
					      .exe = (char[]){ "/usr/sbin/sshd" },
					      .cmdline = (char[]){ "sshd: /usr/sbin/sshd -D" },
					      .unit = (char[]){ "ssh.service" } };
static const struct pw_proc out_init_proc = { .pid = 1,
					      .uid = 0,
					      .comm = (char[]){ "systemd" },
					      .exe = (char[]){ "/usr/lib/systemd/systemd" },
					      .cmdline = (char[]){ "/sbin/init" },
					      .unit = (char[]){ "init.scope" } };
static const struct pw_proc *const out_sshd_only[] = { &out_sshd_proc };
static const struct pw_proc *const out_sshd_and_init[] = { &out_sshd_proc, &out_init_proc };

/* r with owners asked for: n holders from procs, orphan as given, user names from out_user_name. */
static void out_set_owners(struct pw_rec *r, const struct pw_proc *const *procs, size_t n,
			   bool orphan)
{
	r->owners = true;
	r->procs = procs;
	r->nprocs = n;
	r->orphan = orphan;
	r->user_name = out_user_name;
}

/*
 * Four listeners for the Process column: sshd alone (line 1), sshd and
 * PID 1 (line 2), an orphan (line 3), and one whose holder is not visible
 * (line 4). r->owners is set on all; opts decide whether the column shows.
 */
static char *out_owner_table(bool owners, bool extended)
{
	struct pw_out_opts o = out_opts(PW_FMT_TABLE);
	struct pw_sock s[] = { out_v4_listener(), out_v4_listener(), out_v4_listener(),
			       out_v4_listener() };
	struct pw_rec r[4];

	for (size_t i = 0; i < PW_ARRAY_SIZE(s); i++) {
		s[i].lport = (uint16_t)(22 + i);
		s[i].inode = (uint32_t)(100 + i);
		r[i] = out_v4_listener_rec(&s[i]);
		r[i].user = "root";
	}
	out_set_owners(&r[0], out_sshd_only, 1, false);
	out_set_owners(&r[1], out_sshd_and_init, 2, false);
	out_set_owners(&r[2], NULL, 0, true);
	out_set_owners(&r[3], NULL, 0, false);
	o.owners = owners;
	o.extended = extended;
	return out_render(&o, r, PW_ARRAY_SIZE(r), true, NULL);
}

/* Text after the last blank of line i, as a malloc'd string. */
static char *out_last_cell(const char *text, size_t i)
{
	char *line = out_line_dup(text, i);
	char *blank = strrchr(line, ' ');
	char *cell = pw_xstrdup(blank ? blank + 1 : line);

	free(line);
	return cell;
}

static void table_process_column_only_with_owners(void **state)
{
	char *plain = out_owner_table(false, false);
	char *with = out_owner_table(true, false);
	size_t col;
	char *head;

	(void)state;
	/* Records carry holders, but without the option there is no column. */
	assert_null(strstr(plain, "Process"));
	assert_null(strstr(plain, "sshd"));
	assert_null(strstr(plain, "no process"));
	/* With it, Process is the last heading, after the peer's class. */
	col = out_col(with, 0, "Process");
	assert_true(col > out_col(with, 0, "Peer Address:Port"));
	head = out_line_dup(with, 0);
	assert_string_equal(head + col, "Process");
	free(head);
	assert_int_equal(out_col(with, 1, "sshd[612]"), col);
	assert_int_equal(out_col(with, 2, "sshd[612]+1"), col);
	assert_int_equal(out_col(with, 3, "no process"), col);
	free(plain);
	free(with);
}

static void table_process_cell_names_the_first_holder_and_counts_the_rest(void **state)
{
	char *t = out_owner_table(true, false);
	char *cell;

	(void)state;
	cell = out_last_cell(t, 1);
	assert_string_equal(cell, "sshd[612]");
	free(cell);
	cell = out_last_cell(t, 2);
	assert_string_equal(cell, "sshd[612]+1");
	free(cell);
	/* Only the daemon is named: PID 1 is counted, not shown. */
	assert_null(strstr(t, "systemd"));
	free(t);
}

static void table_process_cell_is_empty_when_no_holder_is_visible(void **state)
{
	char *t = out_owner_table(true, false);
	char *line = out_line_dup(t, 4);
	size_t len = strlen(line);

	(void)state;
	/* Not an orphan: nothing after the peer, and no trailing blanks. */
	if (len < 9 || strcmp(line + len - 9, "0.0.0.0:*") != 0)
		fail_msg("line 4 does not end with the peer: '%s'", line);
	assert_int_equal(out_count(t, "no process"), 1);
	free(line);
	free(t);
}

static void table_extended_with_owners_puts_user_before_uid_and_process_last(void **state)
{
	char *t = out_owner_table(true, true);
	size_t sq, user, uid, inode, cookie, proc;
	char *head;

	(void)state;
	sq = out_col(t, 0, "Send-Q");
	user = out_col_after(t, 0, "User", sq);
	uid = out_col_after(t, 0, "UID", user);
	inode = out_col_after(t, 0, "Inode", uid);
	cookie = out_col_after(t, 0, "Cookie", inode);
	proc = out_col_after(t, 0, "Process", cookie);
	head = out_line_dup(t, 0);
	assert_string_equal(head + proc, "Process");
	free(head);
	for (size_t i = 1; i <= 4; i++)
		assert_int_equal(out_col_after(t, i, "root ", sq), user);
	assert_int_equal(out_col(t, 1, "sshd[612]"), proc);
	free(t);
}

/* The User column comes with -e, owners or not; a socket without a name shows "-". */
static void table_extended_shows_user_column(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_TABLE);
	struct pw_sock a = out_v4_listener(), b = out_v6_established();
	struct pw_rec r[] = { out_v4_listener_rec(&a), out_v6_established_rec(&b) };
	size_t user;
	char *t;

	(void)state;
	r[0].user = "root";
	t = out_render(&o, r, 2, true, NULL);
	assert_null(strstr(t, "User"));
	assert_null(strstr(t, "root"));
	free(t);
	o.extended = true;
	t = out_render(&o, r, 2, true, NULL);
	user = out_col_after(t, 0, "User", out_col(t, 0, "Send-Q"));
	assert_true(user < out_col(t, 0, "UID"));
	OUT_CELL_EQUAL(t, 1, user, "root");
	OUT_CELL_EQUAL(t, 2, user, "-");
	assert_null(strstr(t, "Process"));
	free(t);
}

/*
 * Fail unless every byte of text[0..len) is safe for a terminal: newlines,
 * printable ASCII, and well-formed UTF-8 that is no C1 control.
 */
static void out_assert_terminal_safe(const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text;

	for (size_t i = 0; i < len;) {
		size_t n;

		if (p[i] == '\n') {
			i++;
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

static char *out_hostile_table(bool extended, bool color, size_t *len)
{
	struct pw_proc evil =
		out_proc(666, 666, HOSTILE_COMM, "/tmp/\x1b[2J", "evil\n\x1b[31m", NULL);
	const struct pw_proc *const holders[] = { &evil };
	struct pw_out_opts o = out_opts(PW_FMT_TABLE);
	struct pw_sock s = out_v4_listener();
	struct pw_rec r = out_v4_listener_rec(&s);

	r.user = HOSTILE_USER;
	out_set_owners(&r, holders, 1, false);
	o.owners = true;
	o.extended = extended;
	o.color = color;
	return out_render(&o, &r, 1, true, len);
}

static void table_never_writes_hostile_comm_or_user_raw(void **state)
{
	size_t len;
	char *t = out_hostile_table(true, false, &len);

	(void)state;
	out_assert_terminal_safe(t, len);
	out_col(t, 1, "\\x1b[31mevil\\xff[666]");
	out_col(t, 1, "\\x1b]0;pwned\\x07\\xc2\\x9b\\xfe ");
	free(t);
}

static void table_never_writes_hostile_comm_or_user_raw_with_color(void **state)
{
	size_t len;
	char *t = out_hostile_table(true, true, &len);
	char *stripped = out_strip_sgr(t);

	(void)state;
	/* The renderer's own colours are the only escape sequences. */
	out_assert_terminal_safe(stripped, strlen(stripped));
	out_col(stripped, 1, "\\x1b[31mevil\\xff[666]");
	free(t);
	free(stripped);
}

/* Every printable byte, every control, every non-UTF-8 byte as a comm: the table stays safe. */
static void table_process_cell_is_safe_for_every_byte(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_TABLE);
	struct pw_sock s = out_v4_listener();

	(void)state;
	o.owners = true;
	for (unsigned c = 1; c < 256; c++) {
		char comm[] = { 'a', (char)c, 'b', (char)c, '\0' };
		struct pw_proc p = out_proc(7, 0, comm, NULL, NULL, NULL);
		const struct pw_proc *const holders[] = { &p };
		struct pw_rec r = out_v4_listener_rec(&s);
		size_t len;
		char *t;

		r.user = comm;
		out_set_owners(&r, holders, 1, false);
		t = out_render(&o, &r, 1, true, &len);
		out_assert_terminal_safe(t, len);
		assert_int_equal(out_count(t, "\n"), 2);
		free(t);
	}
}

/* A comm far longer than a cell: the cut keeps UTF-8 whole, wherever it falls. */
static void table_cut_process_cell_stays_valid_utf8(void **state)
{
	static const char *const chars[] = { "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80" };
	struct pw_out_opts o = out_opts(PW_FMT_TABLE);
	struct pw_sock s = out_v4_listener();

	(void)state;
	o.owners = true;
	o.extended = true;
	for (size_t k = 0; k < PW_ARRAY_SIZE(chars); k++) {
		/* 0 to 3 ASCII bytes first move the cut across every byte of a sequence. */
		for (size_t shift = 0; shift < 4; shift++) {
			char comm[512] = "";
			struct pw_proc p;
			const struct pw_proc *holders[1];
			struct pw_rec r = out_v4_listener_rec(&s);
			size_t len;
			char *t, *cell;

			memset(comm, 'x', shift);
			comm[shift] = '\0';
			while (strlen(comm) + strlen(chars[k]) < sizeof(comm) - 1)
				strcat(comm, chars[k]);
			p = out_proc(4194304, 0, comm, NULL, NULL, NULL);
			holders[0] = &p;
			out_set_owners(&r, holders, 1, false);
			r.user = comm;
			t = out_render(&o, &r, 1, true, &len);
			out_assert_terminal_safe(t, len);
			cell = out_last_cell(t, 1);
			/* Cut, but not to nothing. */
			assert_true(strlen(cell) > 100);
			assert_true(strlen(cell) < strlen(comm));
			free(cell);
			free(t);
		}
	}
}

/* A holder without a readable comm is still shown, by its pid. */
static void table_process_without_comm_shows_its_pid(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_TABLE);
	struct pw_sock s = out_v4_listener();
	struct pw_rec r = out_v4_listener_rec(&s);
	struct pw_proc p = out_proc(4321, PW_PROC_UID_UNKNOWN, NULL, NULL, NULL, NULL);
	const struct pw_proc *const holders[] = { &p };
	char *t, *cell;

	(void)state;
	o.owners = true;
	out_set_owners(&r, holders, 1, false);
	t = out_render(&o, &r, 1, true, NULL);
	cell = out_last_cell(t, 1);
	assert_string_equal(cell, "?[4321]");
	free(cell);
	free(t);
}

/* --- owners in JSON --- */

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

static void json_has_no_processes_or_orphan_without_owners(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_JSON);
	struct pw_sock s = out_v4_listener();
	struct pw_rec r = out_v4_listener_rec(&s);
	size_t len;
	char *doc;

	(void)state;
	r.user = "root";
	doc = out_render(&o, &r, 1, true, &len);
	assert_true(out_json_valid(doc, len));
	assert_non_null(strstr(doc, ",\"uid\":0,\"user\":\"root\",\"inode\":12345,"));
	assert_non_null(strstr(doc, ",\"wqueue\":128}\n"));
	assert_null(strstr(doc, "processes"));
	assert_null(strstr(doc, "orphan"));
	free(doc);
}

static void json_lists_every_holder_after_wqueue(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_JSON);
	struct pw_sock s = out_v4_listener();
	struct pw_rec r = out_v4_listener_rec(&s);
	size_t len;
	char *doc;

	(void)state;
	r.user = "root";
	out_set_owners(&r, out_sshd_and_init, 2, false);
	doc = out_render(&o, &r, 1, true, &len);
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
	struct pw_out_opts o = out_opts(PW_FMT_JSONL);
	struct pw_sock a = out_v4_listener(), b = out_v4_listener();
	struct pw_rec r[] = { out_v4_listener_rec(&a), out_v4_listener_rec(&b) };
	size_t len;
	char *doc;

	(void)state;
	out_set_owners(&r[0], NULL, 0, true);
	out_set_owners(&r[1], NULL, 0, false);
	doc = out_render(&o, r, 2, true, &len);
	out_col(doc, 0, ",\"wqueue\":128,\"processes\":[],\"orphan\":true}");
	out_col(doc, 1, ",\"wqueue\":128,\"processes\":[],\"orphan\":false}");
	/* Each JSON line is a document of its own. */
	for (size_t i = 0; i < 2; i++) {
		char *line = out_line_dup(doc, i);

		assert_true(out_json_valid(line, strlen(line)));
		free(line);
	}
	free(doc);
}

/* What could not be read is null, not "" and not "?". */
static void json_unreadable_holder_fields_are_null(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_JSON);
	struct pw_sock s = out_v4_listener();
	struct pw_rec r = out_v4_listener_rec(&s);
	struct pw_proc p = out_proc(77, PW_PROC_UID_UNKNOWN, NULL, NULL, NULL, NULL);
	struct pw_proc q = out_proc(78, 4242, "x", NULL, NULL, NULL);
	const struct pw_proc *const holders[] = { &p, &q };
	size_t len, calls = 0;
	char *doc;

	(void)state;
	out_set_owners(&r, holders, 2, false);
	r.user_ctx = &calls;
	doc = out_render(&o, &r, 1, true, &len);
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
	struct pw_out_opts o = out_opts(PW_FMT_JSONL);
	struct pw_sock s = out_v4_listener();
	struct pw_rec r = out_v4_listener_rec(&s);
	char *doc;

	(void)state;
	out_set_owners(&r, out_sshd_only, 1, false);
	r.user_name = NULL;
	doc = out_render(&o, &r, 1, true, NULL);
	assert_non_null(strstr(doc, "\"cmdline\":\"sshd: /usr/sbin/sshd -D\",\"user\":null,"
				    "\"unit\":\"ssh.service\"}"));
	free(doc);
}

static void json_escapes_hostile_holder_and_user(void **state)
{
	struct pw_proc evil = out_proc(666, 666, HOSTILE_COMM, "/tmp/\x1b[2J\xc0\xaf",
				       "\x7f\x01\x9b", "x\xed\xa0\x80.service");
	const struct pw_proc *const holders[] = { &evil };
	struct pw_out_opts o = out_opts(PW_FMT_JSON);
	struct pw_sock s = out_v4_listener();
	struct pw_rec r = out_v4_listener_rec(&s);
	size_t len;
	char *doc;

	(void)state;
	r.user = HOSTILE_USER;
	out_set_owners(&r, holders, 1, false);
	doc = out_render(&o, &r, 1, true, &len);
	assert_true(out_json_valid(doc, len));
	assert_null(memchr(doc, 0x1b, len));
	assert_null(memchr(doc, 0x07, len));
	assert_null(memchr(doc, 0x7f, len));
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
	struct pw_out_opts o = out_opts(PW_FMT_JSONL);
	struct pw_sock s = out_v4_listener();
	struct pw_rec r = out_v4_listener_rec(&s);
	struct pw_proc p = out_proc(9, 1000, "sh", "/bin/sh",
				    "sh -c \"printf '\\\\n%s' \\\"$1\\\"\"\n\tnext\r\n", NULL);
	const struct pw_proc *const holders[] = { &p };
	size_t len;
	char *doc;

	(void)state;
	out_set_owners(&r, holders, 1, false);
	doc = out_render(&o, &r, 1, true, &len);
	/* One line: the newlines inside are escaped. */
	assert_int_equal(out_count(doc, "\n"), 1);
	assert_true(out_json_valid(doc, len));
	assert_non_null(strstr(doc,
			       "\"cmdline\":\"sh -c \\\"printf '\\\\\\\\n%s' "
			       "\\\\\\\"$1\\\\\\\"\\\"\\n\\tnext\\r\\n\",\"user\":\"alice\","));
	free(doc);
}

/* Every byte value in every string field: the document stays valid JSON. */
static void json_stays_valid_for_every_byte_in_every_field(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_JSON);
	struct pw_sock s = out_v4_listener();

	(void)state;
	for (unsigned c = 1; c < 256; c++) {
		char text[] = { (char)c, 'a', (char)c, (char)c, '\0' };
		struct pw_proc p = out_proc(5, 0, text, text, text, text);
		const struct pw_proc *const holders[] = { &p };
		struct pw_rec r = out_v4_listener_rec(&s);
		size_t len;
		char *doc;

		r.user = text;
		r.ifname = text;
		out_set_owners(&r, holders, 1, c & 1);
		doc = out_render(&o, &r, 1, true, &len);
		if (!out_json_valid(doc, len))
			fail_msg("byte 0x%02x: invalid JSON: %s", c, doc);
		free(doc);
	}
}

/* --- owners in CSV --- */

static void csv_writes_user_and_processes_last(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_CSV);
	struct pw_sock a = out_v4_listener(), b = out_v4_listener(), c = out_v4_listener();
	struct pw_rec r[] = { out_v4_listener_rec(&a), out_v4_listener_rec(&b),
			      out_v4_listener_rec(&c) };
	char *doc;

	(void)state;
	o.header = false;
	r[0].user = "root";
	out_set_owners(&r[0], out_sshd_and_init, 2, false);
	out_set_owners(&r[1], out_sshd_only, 1, false);
	out_set_owners(&r[2], NULL, 0, true);
	doc = out_render(&o, r, 3, true, NULL);
	out_col(doc, 0, ",false,wildcard,root,sshd[612] systemd[1]\r\n");
	out_col(doc, 1, ",false,wildcard,,sshd[612]\r\n");
	/* An orphan has no holder to list; JSON says orphan. */
	out_col(doc, 2, ",false,wildcard,,\r\n");
	for (size_t i = 0; i < 3; i++) {
		char *line = out_line_dup(doc, i);

		assert_int_equal(out_count(line, ","), 26);
		free(line);
	}
	free(doc);
}

static void csv_quotes_processes_with_commas_and_quotes(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_CSV);
	struct pw_sock s = out_v4_listener();
	struct pw_rec r = out_v4_listener_rec(&s);
	struct pw_proc p = out_proc(10, 0, "a,b", NULL, NULL, NULL);
	struct pw_proc q = out_proc(11, 0, "say \"hi\"", NULL, NULL, NULL);
	struct pw_proc e = out_proc(12, 0, "n\r\n" HOSTILE_COMM, NULL, NULL, NULL);
	const struct pw_proc *const holders[] = { &p, &q, &e };
	size_t len;
	char *doc;

	(void)state;
	o.header = false;
	r.user = "x,\"y\"";
	out_set_owners(&r, holders, 3, false);
	doc = out_render(&o, &r, 1, true, &len);
	assert_non_null(strstr(doc, ",wildcard,\"x,\"\"y\"\"\",\"a,b[10] say \"\"hi\"\"[11] "
				    "n\\x0d\\x0a\\x1b[31mevil\\xff[12]\"\r\n"));
	/* One row: no raw line break, no raw escape. */
	assert_int_equal(out_count(doc, "\n"), 1);
	assert_int_equal(out_count(doc, "\r"), 1);
	assert_null(memchr(doc, 0x1b, len));
	assert_null(memchr(doc, 0xff, len));
	free(doc);
}

/* A holder without a comm is "?[pid]", as in the table. */
static void csv_process_without_comm_shows_its_pid(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_CSV);
	struct pw_sock s = out_v4_listener();
	struct pw_rec r = out_v4_listener_rec(&s);
	struct pw_proc p = out_proc(13, 0, NULL, NULL, NULL, NULL);
	const struct pw_proc *const holders[] = { &p };
	char *doc;

	(void)state;
	o.header = false;
	out_set_owners(&r, holders, 1, false);
	doc = out_render(&o, &r, 1, true, NULL);
	out_col(doc, 0, ",wildcard,,?[13]\r\n");
	free(doc);
}

/* More holders than fit a row's small buffer: every one is listed, in order. */
static void csv_lists_every_one_of_many_holders(void **state)
{
	enum {
		N = 60
	};
	struct pw_out_opts o = out_opts(PW_FMT_CSV);
	struct pw_sock s = out_v4_listener();
	struct pw_rec r = out_v4_listener_rec(&s);
	struct pw_proc procs[N];
	const struct pw_proc *holders[N];
	char want[N * 32] = "", *doc;

	(void)state;
	o.header = false;
	for (int i = 0; i < N; i++) {
		char one[32];

		procs[i] = out_proc(1000 + i, 0, "worker-process", NULL, NULL, NULL);
		holders[i] = &procs[i];
		snprintf(one, sizeof(one), "%sworker-process[%d]", i ? " " : "", 1000 + i);
		strcat(want, one);
	}
	strcat(want, "\r\n");
	assert_true(strlen(want) > 512);
	out_set_owners(&r, holders, N, false);
	doc = out_render(&o, &r, 1, true, NULL);
	out_col(doc, 0, want);
	free(doc);
}

/* --- network namespaces -------------------------------------------------------- */

static char out_ns_blue_name[] = "blue";
static char out_ns_blue_comm[] = "pwblue";
static char out_ns_hostile_name[] = "r\x1b[2Jd,\"x\xff";
static const struct pw_netns out_ns_host = { .inode = 4026531840u, .initial = true, .pid = 1 };
static const struct pw_netns out_ns_blue = {
	.inode = 4026532001u, .name = out_ns_blue_name, .pid = 400, .comm = out_ns_blue_comm
};
/* Unnamed, no process seen in it (a namespace held only by a file). */
static const struct pw_netns out_ns_anon = { .inode = 4026532301u };
static const struct pw_netns out_ns_hostile = { .inode = 7, .name = out_ns_hostile_name };

/* Three listeners in the host's, blue's and an unnamed namespace; many: say which. */
static void out_netns_recs(struct pw_sock *s, struct pw_rec *r, bool many)
{
	static const struct pw_netns *const nss[] = { &out_ns_host, &out_ns_blue, &out_ns_anon };

	for (size_t i = 0; i < 3; i++) {
		s[i] = out_v4_listener();
		r[i] = out_v4_listener_rec(&s[i]);
		r[i].netns = nss[i];
		r[i].many_netns = many;
	}
}

static void json_has_netns_only_when_more_than_one_namespace_is_listed(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_JSONL);
	struct pw_sock s[3];
	struct pw_rec r[3];
	char *doc;

	(void)state;
	out_netns_recs(s, r, false);
	doc = out_render(&o, r, 3, true, NULL);
	assert_null(strstr(doc, "netns"));
	free(doc);
	out_netns_recs(s, r, true);
	doc = out_render(&o, r, 3, true, NULL);
	assert_int_equal(out_count(doc, "\"netns\":"), 3);
	out_col(doc, 0,
		"\"wqueue\":128,\"netns\":{\"inode\":4026531840,\"name\":null,\"pid\":1,"
		"\"comm\":null}}");
	out_col(doc, 1,
		"\"netns\":{\"inode\":4026532001,\"name\":\"blue\",\"pid\":400,"
		"\"comm\":\"pwblue\"}}");
	out_col(doc, 2,
		"\"netns\":{\"inode\":4026532301,\"name\":null,\"pid\":null,\"comm\":null}}");
	free(doc);
	/* A record that knows no namespace has none to show. */
	r[0].netns = NULL;
	doc = out_render(&o, r, 1, true, NULL);
	assert_null(strstr(doc, "netns"));
	free(doc);
}

static void json_escapes_a_hostile_namespace_name(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_JSONL);
	struct pw_sock s = out_v4_listener();
	struct pw_rec r = out_v4_listener_rec(&s);
	char *doc;

	(void)state;
	r.netns = &out_ns_hostile;
	r.many_netns = true;
	doc = out_render(&o, &r, 1, true, NULL);
	out_col(doc, 0, "\"name\":\"r\\u001b[2Jd,\\\"x\\ufffd\"");
	assert_null(strchr(doc, '\x1b'));
	free(doc);
}

static void table_netns_column_comes_first_with_name_host_or_inode(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_TABLE);
	struct pw_sock s[3];
	struct pw_rec r[3];
	char *doc, *line;

	(void)state;
	out_netns_recs(s, r, true);
	doc = out_render(&o, r, 3, true, NULL);
	assert_null(strstr(doc, "Netns"));
	assert_null(strstr(doc, "4026532301"));
	free(doc);
	o.netns = true;
	doc = out_render(&o, r, 3, true, NULL);
	line = out_line_dup(doc, 0);
	assert_true(strncmp(line, "Netns      Proto ", 17) == 0);
	free(line);
	assert_int_equal(out_col(doc, 1, "host       tcp"), 0);
	assert_int_equal(out_col(doc, 2, "blue       tcp"), 0);
	assert_int_equal(out_col(doc, 3, "4026532301 tcp"), 0);
	/* Every other column moved right by the same amount. */
	assert_int_equal(out_col(doc, 0, "Local Address:Port"), out_col(doc, 3, "0.0.0.0:22"));
	free(doc);
}

static void table_netns_cell_is_escaped(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_TABLE);
	struct pw_sock s = out_v4_listener();
	struct pw_rec r = out_v4_listener_rec(&s);
	char *doc;

	(void)state;
	o.netns = true;
	r.netns = &out_ns_hostile;
	doc = out_render(&o, &r, 1, true, NULL);
	assert_int_equal(out_col(doc, 1, "r\\x1b[2Jd,\"x\\xff tcp"), 0);
	assert_null(strchr(doc, '\x1b'));
	free(doc);
}

static void csv_netns_columns_come_last_with_more_than_one_namespace(void **state)
{
	struct pw_out_opts o = out_opts(PW_FMT_CSV);
	struct pw_sock s[3];
	struct pw_rec r[3];
	char *doc;

	(void)state;
	out_netns_recs(s, r, true);
	doc = out_render(&o, r, 3, true, NULL);
	assert_null(strstr(doc, "netns"));
	free(doc);
	o.netns = true;
	doc = out_render(&o, r, 3, true, NULL);
	out_col(doc, 0, ",user,processes,netns_inode,netns_name,netns_pid,netns_comm\r\n");
	out_col(doc, 1, ",wildcard,,,4026531840,,1,\r\n");
	out_col(doc, 2, ",wildcard,,,4026532001,blue,400,pwblue\r\n");
	out_col(doc, 3, ",wildcard,,,4026532301,,,\r\n");
	for (size_t i = 0; i < 4; i++) {
		char *line = out_line_dup(doc, i);

		assert_int_equal(out_count(line, ","), 30);
		free(line);
	}
	free(doc);
	r[0].netns = NULL;
	r[1].netns = &out_ns_hostile;
	doc = out_render(&o, r, 2, true, NULL);
	out_col(doc, 1, ",wildcard,,,,,,\r\n");
	out_col(doc, 2, ",wildcard,,,7,\"r\\x1b[2Jd,\"\"x\\xff\",,\r\n");
	free(doc);
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
		cmocka_unit_test(table_fits_a_terminal_by_cutting_service_names),
		cmocka_unit_test(table_never_cuts_without_a_width),
		cmocka_unit_test(table_cuts_only_as_much_as_needed),
		cmocka_unit_test(table_header_color_ends_before_its_newline),
		cmocka_unit_test(table_cuts_late_names_only_where_the_terminal_lacks_room),
		cmocka_unit_test(table_ipv4_listener_with_long_service_fits_100_columns),
		cmocka_unit_test(table_prints_every_row_in_order_past_the_lookahead),
		cmocka_unit_test(table_process_column_only_with_owners),
		cmocka_unit_test(table_process_cell_names_the_first_holder_and_counts_the_rest),
		cmocka_unit_test(table_process_cell_is_empty_when_no_holder_is_visible),
		cmocka_unit_test(table_extended_with_owners_puts_user_before_uid_and_process_last),
		cmocka_unit_test(table_extended_shows_user_column),
		cmocka_unit_test(table_never_writes_hostile_comm_or_user_raw),
		cmocka_unit_test(table_never_writes_hostile_comm_or_user_raw_with_color),
		cmocka_unit_test(table_process_cell_is_safe_for_every_byte),
		cmocka_unit_test(table_cut_process_cell_stays_valid_utf8),
		cmocka_unit_test(table_process_without_comm_shows_its_pid),
		cmocka_unit_test(json_checker_refuses_broken_documents),
		cmocka_unit_test(json_has_no_processes_or_orphan_without_owners),
		cmocka_unit_test(json_lists_every_holder_after_wqueue),
		cmocka_unit_test(json_orphan_has_empty_processes_and_orphan_true),
		cmocka_unit_test(json_unreadable_holder_fields_are_null),
		cmocka_unit_test(json_holder_user_is_null_without_a_name_callback),
		cmocka_unit_test(json_escapes_hostile_holder_and_user),
		cmocka_unit_test(json_escapes_quotes_backslashes_and_newlines_in_cmdline),
		cmocka_unit_test(json_stays_valid_for_every_byte_in_every_field),
		cmocka_unit_test(csv_writes_user_and_processes_last),
		cmocka_unit_test(csv_quotes_processes_with_commas_and_quotes),
		cmocka_unit_test(csv_lists_every_one_of_many_holders),
		cmocka_unit_test(csv_process_without_comm_shows_its_pid),
		cmocka_unit_test(json_has_netns_only_when_more_than_one_namespace_is_listed),
		cmocka_unit_test(json_escapes_a_hostile_namespace_name),
		cmocka_unit_test(table_netns_column_comes_first_with_name_host_or_inode),
		cmocka_unit_test(table_netns_cell_is_escaped),
		cmocka_unit_test(csv_netns_columns_come_last_with_more_than_one_namespace),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
