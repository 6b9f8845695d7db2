/* SPDX-License-Identifier: MIT */
/* Unit tests for services: the generated IANA table, services(5) parsing, lookups by port and name. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "services.h"

#define TCP PW_PROTO_TCP
#define UDP PW_PROTO_UDP
#define SCTP PW_PROTO_SCTP
#define DCCP PW_SVC_PROTO_DCCP

static int setup(void **state)
{
	*state = pw_services_new();
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	pw_services_free(*state);
	return 0;
}

static const char *name_of(const struct pw_services *db, uint16_t port, unsigned proto)
{
	const struct pw_service *s = pw_services_lookup(db, port, proto);

	return s ? s->name : NULL;
}

static struct pw_services_stats load(struct pw_services *db, const char *text, size_t len)
{
	struct pw_services_stats st;

	memset(&st, 0xff, sizeof(st));
	assert_int_equal(pw_services_load_buffer(db, text, len, &st), 0);
	return st;
}

static struct pw_services_stats load_str(struct pw_services *db, const char *text)
{
	return load(db, text, strlen(text));
}

/* (port, proto) pairs pw_services_find reported, as "22/tcp 22/udp". */
struct found {
	char text[512];
	int calls;
};

static int collect(uint16_t port, unsigned proto, void *data)
{
	static const char *const names[] = { "tcp", "udp", "udplite", "raw", "sctp", "dccp" };
	struct found *f = data;
	size_t n = strlen(f->text);

	assert_true(proto < 6);
	snprintf(f->text + n, sizeof(f->text) - n, "%s%u/%s", n ? " " : "", port, names[proto]);
	f->calls++;
	return 0;
}

static const char *find(const struct pw_services *db, const char *name, struct found *f)
{
	int n;

	memset(f, 0, sizeof(*f));
	n = pw_services_find(db, name, collect, f);
	assert_int_equal(n, f->calls);
	return f->text;
}

/* --- the generated table ------------------------------------------------ */

static void builtin_names_22_tcp_ssh(void **state)
{
	const struct pw_service *s = pw_services_lookup(*state, 22, TCP);

	assert_non_null(s);
	assert_string_equal(s->name, "ssh");
	assert_int_equal(s->source, PW_SVC_BUILTIN);
	assert_string_equal(s->description, "The Secure Shell (SSH) Protocol");
}

static void builtin_names_at_least_5800_tcp_and_5400_udp_ports(void **state)
{
	unsigned tcp = 0, udp = 0, port;

	for (port = 0; port < 65536; port++) {
		tcp += pw_services_lookup(*state, (uint16_t)port, TCP) != NULL;
		udp += pw_services_lookup(*state, (uint16_t)port, UDP) != NULL;
	}
	assert_true(tcp >= 5800);
	assert_true(udp >= 5400);
}

static void builtin_table_is_sorted_and_aliases_point_back(void **state)
{
	const struct pw_services_iana_entry *e = pw_services_iana_entries;
	const struct pw_services_iana_alias *a = pw_services_iana_aliases;
	unsigned i, aliases = 0;

	(void)state;
	assert_true(pw_services_iana_count > 11000);
	for (i = 1; i < pw_services_iana_count; i++)
		assert_true(e[i].proto > e[i - 1].proto ||
			    (e[i].proto == e[i - 1].proto && e[i].port > e[i - 1].port));
	for (i = 0; i < pw_services_iana_count; i++)
		aliases += e[i].aliases;
	assert_int_equal(aliases, pw_services_iana_nalias);
	for (i = 0; i < pw_services_iana_nalias; i++) {
		assert_true(a[i].entry < pw_services_iana_count);
		assert_true(i == 0 || a[i].entry >= a[i - 1].entry);
		assert_true(e[a[i].entry].aliases > 0);
		assert_string_not_equal(pw_services_iana_names + a[i].name,
					pw_services_iana_names + e[a[i].entry].name);
	}
}

static void builtin_index_finds_every_entry_and_nothing_else(void **state)
{
	static const unsigned protos[] = { TCP, UDP, SCTP, DCCP };
	const struct pw_services_iana_entry *e;
	unsigned i, port, named = 0;

	for (i = 0; i < pw_services_iana_count; i++) {
		e = &pw_services_iana_entries[i];
		assert_ptr_equal(name_of(*state, e->port, e->proto),
				 pw_services_iana_names + e->name);
	}
	for (i = 0; i < 4; i++)
		for (port = 0; port < 65536; port++)
			named += pw_services_lookup(*state, (uint16_t)port, protos[i]) != NULL;
	assert_int_equal(named, pw_services_iana_count);
}

/* True when s is valid UTF-8 (RFC 3629) with no control characters. */
static int clean_utf8(const unsigned char *s)
{
	int k;

	while (*s) {
		if (*s < 0x20 || *s == 0x7f)
			return 0;
		if (*s < 0x80) {
			s++;
			continue;
		}
		if (*s >= 0xc2 && *s <= 0xdf)
			k = 1;
		else if (*s >= 0xe0 && *s <= 0xef)
			k = 2;
		else if (*s >= 0xf0 && *s <= 0xf4)
			k = 3;
		else
			return 0;
		if ((*s == 0xe0 && s[1] < 0xa0) || (*s == 0xed && s[1] > 0x9f) ||
		    (*s == 0xf0 && s[1] < 0x90) || (*s == 0xf4 && s[1] > 0x8f))
			return 0;
		for (s++; k > 0; k--, s++)
			if ((*s & 0xc0) != 0x80)
				return 0;
	}
	return 1;
}

static void assert_clean_name(const char *name)
{
	assert_true(strlen(name) > 0 && strlen(name) <= PW_SVC_NAME_MAX);
	for (; *name; name++)
		assert_true(*name > ' ' && *name <= '~');
}

static void builtin_strings_are_clean_text(void **state)
{
	unsigned i;

	(void)state;
	for (i = 0; i < pw_services_iana_count; i++) {
		assert_clean_name(pw_services_iana_names + pw_services_iana_entries[i].name);
		assert_true(clean_utf8((const unsigned char *)pw_services_iana_descs +
				       pw_services_iana_entries[i].desc));
	}
	for (i = 0; i < pw_services_iana_nalias; i++) {
		assert_clean_name(pw_services_iana_names + pw_services_iana_aliases[i].name);
		assert_true(clean_utf8((const unsigned char *)pw_services_iana_descs +
				       pw_services_iana_aliases[i].desc));
	}
}

static void builtin_overrides_pick_the_names_people_use(void **state)
{
	assert_string_equal(name_of(*state, 465, TCP), "submissions");
	assert_string_equal(name_of(*state, 2049, TCP), "nfs");
	assert_string_equal(name_of(*state, 2049, UDP), "nfs");
	assert_string_equal(name_of(*state, 2049, SCTP), "nfs");
	assert_string_equal(name_of(*state, 80, TCP), "http");
	assert_string_equal(name_of(*state, 80, UDP), "http");
	assert_string_equal(name_of(*state, 1701, TCP), "l2tp");
	assert_string_equal(name_of(*state, 1701, UDP), "l2tp");
	assert_string_equal(pw_services_lookup(*state, 465, TCP)->description,
			    "Message Submission over TLS protocol");
	assert_string_equal(pw_services_lookup(*state, 2049, TCP)->description,
			    "Network File System - Sun Microsystems");
}

static void builtin_overridden_names_are_still_found_by_name(void **state)
{
	struct found f;

	assert_string_equal(find(*state, "urd", &f), "465/tcp");
	assert_string_equal(find(*state, "shilp", &f), "2049/tcp 2049/udp");
	assert_string_equal(find(*state, "www", &f), "80/tcp 80/udp");
	assert_string_equal(find(*state, "l2f", &f), "1701/tcp 1701/udp");
}

static void builtin_expands_the_x11_range(void **state)
{
	unsigned port;

	for (port = 6000; port <= 6063; port++) {
		assert_string_equal(name_of(*state, (uint16_t)port, TCP), "x11");
		assert_string_equal(name_of(*state, (uint16_t)port, UDP), "x11");
	}
	assert_string_equal(name_of(*state, 6064, TCP), "ndl-ahp-svc");
	assert_string_equal(pw_services_lookup(*state, 6063, TCP)->description, "X Window System");
}

static void builtin_keeps_iana_descriptions_decoded(void **state)
{
	const struct pw_service *s;

	assert_string_equal(pw_services_lookup(*state, 3389, TCP)->description, "MS WBT Server");
	/* "SNI R&amp;D network" in the XML. */
	assert_string_equal(pw_services_lookup(*state, 1222, TCP)->description, "SNI R&D network");
	/* Non-ASCII text survives as UTF-8. */
	assert_string_equal(pw_services_lookup(*state, 4413, TCP)->description,
			    "FORT\xc3\x89 Vision Monitoring platform");
	/* A description over several lines with quotes becomes one line. */
	s = pw_services_lookup(*state, 4646, TCP);
	assert_non_null(s);
	assert_non_null(strstr(s->description, "Protocol. The service name"));
	assert_non_null(strstr(s->description, "\"_dots-signal._udp\""));
	/* IANA gives syslog no description. */
	s = pw_services_lookup(*state, 514, UDP);
	assert_string_equal(s->name, "syslog");
	assert_null(s->description);
}

static void builtin_registry_date_is_the_copied_release(void **state)
{
	(void)state;
	assert_string_equal(pw_services_iana_date, "2025-12-15");
}

static void builtin_table_skips_unnamed_and_reserved_ports(void **state)
{
	assert_null(pw_services_lookup(*state, 0, TCP));
	assert_null(pw_services_lookup(*state, 0, UDP));
	/* 1028 is "Deprecated", 4647-4657 "Unassigned" in the registry. */
	assert_null(pw_services_lookup(*state, 1028, TCP));
	assert_null(pw_services_lookup(*state, 4650, UDP));
	/* No name is assigned in the dynamic range. */
	assert_null(pw_services_lookup(*state, 60000, TCP));
}

/* --- lookups by port ---------------------------------------------------- */

static void lookup_udplite_uses_udp_names(void **state)
{
	assert_string_equal(name_of(*state, 53, PW_PROTO_UDPLITE), "domain");
	load_str(*state, "mylite 57010/udp\n");
	assert_string_equal(name_of(*state, 57010, PW_PROTO_UDPLITE), "mylite");
	assert_null(name_of(*state, 57010, TCP));
}

static void lookup_raw_and_unknown_protocols_return_null(void **state)
{
	assert_null(pw_services_lookup(*state, 22, PW_PROTO_RAW));
	assert_null(pw_services_lookup(*state, 22, DCCP + 1));
	assert_null(pw_services_lookup(*state, 22, 1000));
}

static void lookup_knows_sctp_and_dccp_names(void **state)
{
	assert_string_equal(name_of(*state, 22, SCTP), "ssh");
	assert_string_equal(name_of(*state, 4556, DCCP), "dtn-bundle");
	assert_string_equal(name_of(*state, 6514, DCCP), "syslog-tls");
	assert_null(name_of(*state, 22, DCCP));
	assert_null(name_of(*state, 23, SCTP));
}

/* --- the system file ---------------------------------------------------- */

static void system_name_beats_builtin(void **state)
{
	const struct pw_service *s;
	struct pw_services_stats st = load_str(*state, "myssh 22/tcp\n");

	assert_int_equal(st.entries, 1);
	s = pw_services_lookup(*state, 22, TCP);
	assert_string_equal(s->name, "myssh");
	assert_int_equal(s->source, PW_SVC_SYSTEM);
	/* A local name borrows no description from IANA's unrelated one. */
	assert_null(s->description);
	/* Other protocols of the port keep the built-in name. */
	s = pw_services_lookup(*state, 22, UDP);
	assert_string_equal(s->name, "ssh");
	assert_int_equal(s->source, PW_SVC_BUILTIN);
}

static void system_name_known_to_iana_keeps_its_description(void **state)
{
	const struct pw_service *s;

	load_str(*state, "ssh 22/tcp\nmail 25/tcp smtp\nwww 80/tcp\n");
	s = pw_services_lookup(*state, 22, TCP);
	assert_int_equal(s->source, PW_SVC_SYSTEM);
	assert_string_equal(s->description, "The Secure Shell (SSH) Protocol");
	/* Matched through an alias, and through a non-primary IANA name. */
	s = pw_services_lookup(*state, 25, TCP);
	assert_string_equal(s->name, "mail");
	assert_string_equal(s->description, "Simple Mail Transfer");
	assert_string_equal(pw_services_lookup(*state, 80, TCP)->description,
			    "World Wide Web HTTP");
}

static void system_aliases_are_found_by_name(void **state)
{
	struct found f;

	load_str(*state, "myapp 57020/tcp app-alias other\n");
	assert_string_equal(find(*state, "app-alias", &f), "57020/tcp");
	assert_string_equal(find(*state, "OTHER", &f), "57020/tcp");
	assert_string_equal(find(*state, "myapp", &f), "57020/tcp");
}

static void system_comments_and_blank_lines_are_skipped(void **state)
{
	struct pw_services_stats st;

	st = load_str(*state, "# services\n\n   \t\n#x 57030/tcp\nfoo 57031/tcp # the foo\n"
			      "bar 57032/tcp#glued\nbaz 57033/tcp qux#glued-alias\n");
	assert_int_equal(st.entries, 3);
	assert_int_equal(st.malformed, 0);
	assert_int_equal(st.first_bad_line, 0);
	assert_null(name_of(*state, 57030, TCP));
	assert_string_equal(name_of(*state, 57031, TCP), "foo");
	assert_string_equal(name_of(*state, 57032, TCP), "bar");
	assert_int_equal(pw_services_find(*state, "qux", NULL, NULL), 1);
	assert_int_equal(pw_services_find(*state, "qux#glued-alias", NULL, NULL), 0);
}

static void system_crlf_lines_parse(void **state)
{
	struct pw_services_stats st;
	struct found f;

	st = load_str(*state, "foo 57040/tcp\r\nbar 57041/udp myalias\r\n");
	assert_int_equal(st.entries, 2);
	assert_int_equal(st.malformed, 0);
	assert_string_equal(name_of(*state, 57040, TCP), "foo");
	assert_string_equal(name_of(*state, 57041, UDP), "bar");
	assert_string_equal(find(*state, "myalias", &f), "57041/udp");
}

static void system_duplicate_port_first_line_wins(void **state)
{
	struct pw_services_stats st;
	struct found f;

	st = load_str(*state, "first 57050/tcp\nsecond 57050/tcp\nfirst 57051/tcp\n");
	assert_int_equal(st.entries, 3);
	assert_string_equal(name_of(*state, 57050, TCP), "first");
	assert_string_equal(name_of(*state, 57051, TCP), "first");
	/* As glibc's getservbyname, the later line still resolves by name. */
	assert_string_equal(find(*state, "second", &f), "57050/tcp");
	assert_string_equal(find(*state, "first", &f), "57050/tcp 57051/tcp");
	/* A second file does not replace what the first one named. */
	load_str(*state, "third 57050/tcp\n");
	assert_string_equal(name_of(*state, 57050, TCP), "first");
}

static void system_missing_or_bad_port_is_malformed(void **state)
{
	struct pw_services_stats st;

	st = load_str(*state,
		      "ok 57060/tcp\nnoproto 57061\nslash 57062/\nnoport /tcp\nonly\n"
		      "big 70000/tcp\nneg -1/tcp\nword abc/tcp\nsign +7/tcp\nok2 57063/udp\n");
	assert_int_equal(st.entries, 2);
	assert_int_equal(st.malformed, 8);
	assert_int_equal(st.first_bad_line, 2);
	assert_string_equal(name_of(*state, 57060, TCP), "ok");
	assert_string_equal(name_of(*state, 57063, UDP), "ok2");
	assert_null(name_of(*state, 57061, TCP));
	assert_int_equal(pw_services_find(*state, "big", NULL, NULL), 0);
}

static void system_unknown_protocol_is_ignored_not_malformed(void **state)
{
	struct pw_services_stats st = load_str(*state, "rtmp 1/ddp\nfoo 57070/TCP\n");

	assert_int_equal(st.entries, 0);
	assert_int_equal(st.malformed, 0);
	assert_int_equal(pw_services_find(*state, "rtmp", NULL, NULL), 0);
}

static void system_handles_10000_character_lines(void **state)
{
	size_t n = 10000, i;
	char *buf = malloc(4 * n);
	struct pw_services_stats st;
	char *p = buf;
	struct found f;

	assert_non_null(buf);
	/* Line 1: a long comment. Line 2: a long name. Line 3: many aliases. */
	*p++ = '#';
	memset(p, 'c', n);
	p += n;
	p += sprintf(p, "\n");
	memset(p, 'n', n);
	p += n;
	p += sprintf(p, " 57080/tcp\nmany 57081/tcp");
	for (i = 0; i < n / 8; i++)
		p += sprintf(p, " a%05zu", i);
	p += sprintf(p, "\nafter 57082/tcp\n");
	st = load(*state, buf, (size_t)(p - buf));
	assert_int_equal(st.entries, 2);
	assert_int_equal(st.malformed, 1);
	assert_int_equal(st.first_bad_line, 2);
	assert_null(name_of(*state, 57080, TCP));
	assert_string_equal(name_of(*state, 57081, TCP), "many");
	assert_string_equal(find(*state, "a01249", &f), "57081/tcp");
	assert_string_equal(name_of(*state, 57082, TCP), "after");
	free(buf);
}

static void system_nul_byte_makes_its_line_malformed(void **state)
{
	static const char text[] =
		"ok 57090/tcp\nnul\0ed 57091/tcp\n# \0 in a comment\nafter 57092/tcp";
	struct pw_services_stats st = load(*state, text, sizeof(text) - 1);

	assert_int_equal(st.entries, 2);
	assert_int_equal(st.malformed, 2);
	assert_int_equal(st.first_bad_line, 2);
	assert_null(name_of(*state, 57091, TCP));
	assert_string_equal(name_of(*state, 57092, TCP), "after");
}

static void system_last_line_without_newline_is_parsed(void **state)
{
	struct pw_services_stats st = load_str(*state, "first 57100/tcp\nlast 57101/sctp");

	assert_int_equal(st.entries, 2);
	assert_string_equal(name_of(*state, 57101, SCTP), "last");
	assert_int_equal(pw_services_lookup(*state, 57101, SCTP)->source, PW_SVC_SYSTEM);
}

static void system_names_with_control_or_non_ascii_bytes_are_malformed(void **state)
{
	struct pw_services_stats st;
	char longname[PW_SVC_NAME_MAX + 2];
	char text[256];

	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	snprintf(text, sizeof(text),
		 "bad\x1bname 57110/tcp\ncaf\xc3\xa9 57111/tcp\nok 57112/tcp bad\x7f"
		 "alias\n%s 57113/tcp\n"
		 "%.*s 57114/tcp\n",
		 longname, PW_SVC_NAME_MAX, longname);
	st = load_str(*state, text);
	assert_int_equal(st.malformed, 4);
	assert_int_equal(st.entries, 1);
	assert_null(name_of(*state, 57110, TCP));
	assert_null(name_of(*state, 57111, TCP));
	assert_null(name_of(*state, 57112, TCP));
	assert_null(name_of(*state, 57113, TCP));
	assert_int_equal(strlen(name_of(*state, 57114, TCP)), PW_SVC_NAME_MAX);
}

static void system_file_with_thousands_of_ports_keeps_each_first_name(void **state)
{
	size_t cap = 64 * 3000, n = 0;
	struct pw_services_stats st;
	char *buf = malloc(cap), want[16];
	unsigned i;

	assert_non_null(buf);
	/* Every port twice, so the duplicates meet a table grown many times. */
	for (i = 0; i < 3000; i++)
		n += (size_t)snprintf(buf + n, cap - n, "s%u %u/%s\n", i, 50000 + i / 2,
				      i % 2 ? "udp" : "tcp");
	for (i = 0; i < 3000; i++)
		n += (size_t)snprintf(buf + n, cap - n, "dup%u %u/%s\n", i, 50000 + i / 2,
				      i % 2 ? "udp" : "tcp");
	st = load(*state, buf, n);
	assert_int_equal(st.entries, 6000);
	for (i = 0; i < 3000; i++) {
		snprintf(want, sizeof(want), "s%u", i);
		assert_string_equal(name_of(*state, (uint16_t)(50000 + i / 2), i % 2 ? UDP : TCP),
				    want);
	}
	assert_null(name_of(*state, 51500, TCP));
	free(buf);
}

static void system_empty_buffer_loads_nothing(void **state)
{
	struct pw_services_stats st;

	assert_int_equal(pw_services_load_buffer(*state, "", 0, &st), 0);
	assert_int_equal(st.entries, 0);
	assert_int_equal(st.malformed, 0);
}

static void system_empty_buffer_and_null_stats_are_fine(void **state)
{
	assert_int_equal(pw_services_load_buffer(*state, NULL, 0, NULL), 0);
	assert_int_equal(pw_services_load_buffer(*state, "x 57120/tcp\n", 12, NULL), 0);
	assert_string_equal(name_of(*state, 57120, TCP), "x");
}

/* --- lookups by name ---------------------------------------------------- */

static void find_resolves_every_name_people_say(void **state)
{
	static const struct {
		const char *name;
		const char *want;
	} said[] = {
		{ "FTP", "20/tcp 20/udp 20/sctp 21/tcp 21/udp 21/sctp" },
		{ "SSH", "22/tcp 22/udp 22/sctp" },
		{ "Telnet", "23/tcp 23/udp" },
		{ "SMTP", "25/tcp 25/udp" },
		{ "DNS", "53/tcp 53/udp" },
		{ "DHCP", "67/tcp 67/udp 68/tcp 68/udp" },
		{ "TFTP", "69/tcp 69/udp" },
		{ "HTTP", "80/tcp 80/udp 80/sctp" },
		{ "POP3", "110/tcp 110/udp" },
		{ "NTP", "123/tcp 123/udp" },
		{ "NetBIOS", "137/tcp 137/udp 138/tcp 138/udp 139/tcp 139/udp" },
		{ "IMAP4", "143/tcp" },
		{ "SNMP", "161/tcp 161/udp" },
		{ "SNMP trap", "162/tcp 162/udp" },
		{ "BGP", "179/tcp 179/udp 179/sctp" },
		{ "LDAP", "389/tcp 389/udp" },
		{ "HTTPS", "443/tcp 443/udp 443/sctp" },
		{ "SMTPS", "465/tcp" },
		{ "Syslog", "514/udp" },
		{ "RIP", "520/udp" },
		{ "Submission", "587/tcp 587/udp" },
		/* IANA also gave the keyword "heartbeat" to 3740. */
		{ "HeartBeat", "694/tcp 694/udp 3740/tcp 3740/udp" },
		{ "IMAP4 over SSL", "993/tcp" },
		{ "POP3 over SSL", "995/tcp 995/udp" },
		{ "MySQL", "3306/tcp 3306/udp" },
		{ "RDP", "3389/tcp 3389/udp" },
		{ "PostgreSQL", "5432/tcp 5432/udp" },
	};
	struct found f;
	size_t i;

	for (i = 0; i < sizeof(said) / sizeof(said[0]); i++)
		assert_string_equal(find(*state, said[i].name, &f), said[i].want);
}

static void find_is_case_insensitive(void **state)
{
	struct found f;

	assert_string_equal(find(*state, "sSh", &f), "22/tcp 22/udp 22/sctp");
	assert_string_equal(find(*state, "imap4 OVER ssl", &f), "993/tcp");
	assert_string_equal(find(*state, "Ms-Wbt-Server", &f), "3389/tcp 3389/udp");
}

static void find_unknown_name_returns_zero(void **state)
{
	struct found f;

	assert_int_equal(pw_services_find(*state, "no-such-service", collect, &f), 0);
	assert_int_equal(pw_services_find(*state, "", NULL, NULL), 0);
	assert_int_equal(pw_services_find(*state, "ssh ", NULL, NULL), 0);
}

static int fail_second(uint16_t port, unsigned proto, void *data)
{
	int *calls = data;

	(void)port;
	(void)proto;
	return ++*calls == 2 ? -EINTR : 0;
}

static void find_stops_when_the_callback_fails(void **state)
{
	int calls = 0;

	assert_int_equal(pw_services_find(*state, "ssh", fail_second, &calls), -EINTR);
	assert_int_equal(calls, 2);
}

static void find_without_callback_counts(void **state)
{
	assert_int_equal(pw_services_find(*state, "x11", NULL, NULL), 128);
	assert_int_equal(pw_services_find(*state, "dns", NULL, NULL), 2);
}

static void find_merges_system_and_builtin_ports(void **state)
{
	struct found f;

	load_str(*state, "ssh 2222/tcp\nssh 22/tcp\n");
	assert_string_equal(find(*state, "ssh", &f), "22/tcp 22/udp 22/sctp 2222/tcp");
}

static void source_names_are_system_and_builtin(void **state)
{
	(void)state;
	assert_string_equal(pw_services_source_name(PW_SVC_SYSTEM), "system");
	assert_string_equal(pw_services_source_name(PW_SVC_BUILTIN), "builtin");
	assert_null(pw_services_source_name(PW_SVC_NONE));
}

static void free_accepts_null(void **state)
{
	(void)state;
	pw_services_free(NULL);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(builtin_names_22_tcp_ssh),
		T(builtin_names_at_least_5800_tcp_and_5400_udp_ports),
		T(builtin_table_is_sorted_and_aliases_point_back),
		T(builtin_index_finds_every_entry_and_nothing_else),
		T(builtin_strings_are_clean_text),
		T(builtin_overrides_pick_the_names_people_use),
		T(builtin_overridden_names_are_still_found_by_name),
		T(builtin_expands_the_x11_range),
		T(builtin_keeps_iana_descriptions_decoded),
		T(builtin_registry_date_is_the_copied_release),
		T(builtin_table_skips_unnamed_and_reserved_ports),
		T(lookup_udplite_uses_udp_names),
		T(lookup_raw_and_unknown_protocols_return_null),
		T(lookup_knows_sctp_and_dccp_names),
		T(system_name_beats_builtin),
		T(system_name_known_to_iana_keeps_its_description),
		T(system_aliases_are_found_by_name),
		T(system_comments_and_blank_lines_are_skipped),
		T(system_crlf_lines_parse),
		T(system_duplicate_port_first_line_wins),
		T(system_missing_or_bad_port_is_malformed),
		T(system_unknown_protocol_is_ignored_not_malformed),
		T(system_handles_10000_character_lines),
		T(system_nul_byte_makes_its_line_malformed),
		T(system_last_line_without_newline_is_parsed),
		T(system_names_with_control_or_non_ascii_bytes_are_malformed),
		T(system_file_with_thousands_of_ports_keeps_each_first_name),
		T(system_empty_buffer_loads_nothing),
		T(system_empty_buffer_and_null_stats_are_fine),
		T(find_resolves_every_name_people_say),
		T(find_is_case_insensitive),
		T(find_unknown_name_returns_zero),
		T(find_stops_when_the_callback_fails),
		T(find_without_callback_counts),
		T(find_merges_system_and_builtin_ports),
		T(source_names_are_system_and_builtin),
		T(free_accepts_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
