/* SPDX-License-Identifier: MIT */
/* Unit tests of output_table.c: the aligned table, its colours, cut names and Process column. */
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

/* Offset of needle in line i of text at or after offset from; fails the test when it is not there. */
static size_t out_col_after(const char *text, size_t i, const char *needle, size_t from)
{
	const char *line = rf_line(text, i);
	const char *end, *hit;

	assert_non_null(line);
	end = strchr(line, '\n');
	assert_true(from <= (end ? (size_t)(end - line) : strlen(line)));
	hit = strstr(line + from, needle);
	if (!hit || (end && hit > end))
		fail_msg("line %zu has no '%s' from column %zu", i, needle, from);
	return (size_t)(hit - line);
}

/* True when line i of text holds byte c. */
static bool out_line_has(const char *text, size_t i, char c)
{
	const char *line = rf_line(text, i);
	const char *end;

	assert_non_null(line);
	end = strchr(line, '\n');
	return memchr(line, c, end ? (size_t)(end - line) : strlen(line)) != NULL;
}

/* Terminal columns before offset off of line i: UTF-8 continuation bytes take none. */
static size_t out_display_col(const char *text, size_t i, size_t off)
{
	const unsigned char *line = (const unsigned char *)rf_line(text, i);
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

/* --- rows and columns -------------------------------------------------------- */

static char *out_table3(bool header, bool extended, bool color, const char *ifname)
{
	struct pw_out_opts o = rf_opts(PW_FMT_TABLE);

	o.header = header;
	o.extended = extended;
	o.color = color;
	return rf_render_three(&o, ifname);
}

static void table_has_header_line(void **state)
{
	char *t = out_table3(true, false, false, "lo");
	size_t local, lsvc, lclass, peer, rsvc, rclass;

	(void)state;
	assert_int_equal(rf_col(t, 0, "Proto"), 0);
	assert_true(rf_col(t, 0, "State") > 0);
	local = rf_col(t, 0, "Local Address:Port");
	assert_true(local > rf_col(t, 0, "State"));
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
	assert_int_equal(rf_col(t, 1, "tcp"), 0);
	assert_int_equal(rf_count(t, "\n"), 4);
	free(t);
}

static void table_extended_header_puts_queues_after_the_peer_class(void **state)
{
	char *t = out_table3(true, true, false, "lo");
	size_t peer, rclass, rq, sq, uid;

	(void)state;
	peer = rf_col(t, 0, "Peer Address:Port");
	rclass = out_col_after(t, 0, "Class", peer);
	rq = out_col_after(t, 0, "Recv-Q", rclass);
	sq = out_col_after(t, 0, "Send-Q", rq);
	uid = out_col_after(t, 0, "UID", sq);
	assert_true(out_col_after(t, 0, "Inode", uid) > uid);
	assert_true(rf_col(t, 0, "Cookie") > rf_col(t, 0, "Inode"));
	free(t);
}

static void table_without_header_starts_with_rows(void **state)
{
	char *t = out_table3(false, false, false, "lo");

	(void)state;
	assert_null(strstr(t, "Proto"));
	assert_null(strstr(t, "Address"));
	assert_int_equal(rf_col(t, 0, "tcp"), 0);
	assert_int_equal(rf_count(t, "\n"), 3);
	free(t);
}

static void table_without_rows_prints_only_the_header(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_TABLE);
	size_t len;
	char *t = rf_render(&o, NULL, 0, true, &len);

	(void)state;
	assert_int_equal(rf_col(t, 0, "Proto"), 0);
	assert_int_equal(rf_count(t, "\n"), 1);
	free(t);
	o.header = false;
	t = rf_render(&o, NULL, 0, true, &len);
	assert_int_equal(len, 0);
	free(t);
}

static void table_writes_endpoints_as_ss_does(void **state)
{
	char *t = out_table3(true, false, false, "lo");

	(void)state;
	/* A listener's peer port is "*"; v6 addresses in brackets; the device after the address. */
	assert_true(rf_col(t, 1, "0.0.0.0:22 ") < rf_col(t, 1, "0.0.0.0:*"));
	assert_true(rf_col(t, 2, "[2001:db8::1]:443 ") < rf_col(t, 2, "[2001:db8::2]:51000"));
	assert_true(rf_col(t, 3, "127.0.0.53%lo:53 ") < rf_col(t, 3, "0.0.0.0:*"));
	assert_true(rf_col(t, 1, "LISTEN") < rf_col(t, 1, "0.0.0.0:22"));
	assert_true(rf_col(t, 2, "ESTAB") < rf_col(t, 2, "[2001"));
	assert_true(rf_col(t, 3, "UNCONN") < rf_col(t, 3, "127.0.0.53"));
	assert_int_equal(rf_col(t, 3, "udp"), 0);
	free(t);
}

static void table_writes_v6_device_after_bracket(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_TABLE);
	struct pw_sock s = rf_sock(PW_PROTO_UDP, AF_INET6, PW_ST_CLOSE, "fe80::1", 546, "::", 0);
	struct pw_rec r =
		rf_rec(&s, RF_EP(NULL, WELL_KNOWN, false, LINK_LOCAL), RF_NO_PORT(WILDCARD), false);
	char *t;

	(void)state;
	r.ifname = "eth0";
	t = rf_render(&o, &r, 1, true, NULL);
	assert_true(rf_col(t, 1, "[fe80::1]%eth0:546 ") < rf_col(t, 1, "[::]:*"));
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
	l0 = rf_col(t, 0, "Local Address:Port");
	ls0 = out_col_after(t, 0, "Service", l0);
	lc0 = out_col_after(t, 0, "Class", ls0);
	p0 = rf_col(t, 0, "Peer Address:Port");
	s0 = rf_col(t, 0, "State");
	rq_end = rf_col(t, 0, "Recv-Q") + strlen("Recv-Q");
	sq_end = rf_col(t, 0, "Send-Q") + strlen("Send-Q");
	for (size_t i = 0; i < 3; i++) {
		const char *line = rf_line(t, i + 1);

		assert_int_equal(rf_col(t, i + 1, state_cell[i]), s0);
		assert_int_equal(rf_col(t, i + 1, local[i]), l0);
		assert_int_equal(out_col_after(t, i + 1, lsvc[i], l0), ls0);
		assert_int_equal(out_col_after(t, i + 1, "wk ", ls0), lc0);
		assert_int_equal(rf_col(t, i + 1, peer[i]), p0);
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
	struct pw_out_opts o = rf_opts(PW_FMT_TABLE);
	struct pw_sock a = rf_udp_lo(), b = rf_udp_lo();
	struct pw_rec r[] = { rf_udp_lo_rec(&a, "\xc3\xa9t\xc3\xa9"), rf_udp_lo_rec(&b, "abc") };
	char *t = rf_render(&o, r, 2, true, NULL);
	size_t p0, p1, p2;

	(void)state;
	p0 = out_display_col(t, 0, rf_col(t, 0, "Peer Address:Port"));
	p1 = out_display_col(t, 1, rf_col(t, 1, "0.0.0.0:*"));
	p2 = out_display_col(t, 2, rf_col(t, 2, "0.0.0.0:*"));
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
	assert_true(rf_col(ext, 0, "UID") > rf_col(ext, 0, "Peer Address:Port"));
	assert_true(rf_col(ext, 0, "Inode") > rf_col(ext, 0, "UID"));
	assert_true(rf_col(ext, 0, "Cookie") > rf_col(ext, 0, "Inode"));
	assert_true(rf_col(ext, 1, "12345") > rf_col(ext, 1, "0.0.0.0:*"));
	assert_true(rf_col(ext, 3, " 101 ") > rf_col(ext, 3, "0.0.0.0:*"));
	assert_true(rf_col(ext, 2, " 1000 ") > rf_col(ext, 2, "[2001:db8::2]"));
	/* Numbers right-aligned: the inode ends where its heading ends. */
	assert_int_equal(rf_col(ext, 1, "12345") + 5, rf_col(ext, 0, "Inode") + strlen("Inode"));
	assert_int_equal(rf_col(ext, 3, "333") + 3, rf_col(ext, 0, "Inode") + strlen("Inode"));
	free(plain);
	free(ext);
}

/* Fail unless plain has no escape code and color is plain with escape codes around cells. */
static void out_assert_color_adds_only_escapes(const char *plain, const char *color)
{
	char *stripped = out_strip_sgr(color);

	assert_null(strchr(plain, '\x1b'));
	assert_string_equal(stripped, plain);
	free(stripped);
}

static void table_escape_codes_only_with_color(void **state)
{
	char *plain = out_table3(true, true, false, "lo");
	char *color = out_table3(true, true, true, "lo");

	(void)state;
	assert_non_null(strstr(color, "\x1b["));
	/* Colour adds escape codes around cells, and changes nothing else. */
	out_assert_color_adds_only_escapes(plain, color);
	/* Listening sockets are coloured, connections are not. */
	assert_non_null(strstr(color, "\x1b[32mLISTEN\x1b[0m"));
	assert_non_null(strstr(color, "\x1b[32mUNCONN\x1b[0m"));
	assert_false(out_line_has(color, 2, '\x1b'));
	free(plain);
	free(color);
}

static void table_escapes_hostile_interface_name(void **state)
{
	char *t = out_table3(true, true, false, RF_HOSTILE_IFNAME);

	(void)state;
	assert_true(rf_col(t, 3, "127.0.0.53%e\\x1b[31m\\xff:53 ") > 0);
	rf_assert_terminal_safe(t, strlen(t), "\n");
	free(t);
}

static void table_escapes_hostile_interface_name_with_color(void **state)
{
	char *t = out_table3(true, false, true, RF_HOSTILE_IFNAME);
	char *stripped = out_strip_sgr(t);

	(void)state;
	/* The only escape sequences are the renderer's own colours. */
	rf_assert_terminal_safe(stripped, strlen(stripped), "\n");
	assert_non_null(strstr(stripped, "%e\\x1b[31m\\xff:53"));
	free(t);
	free(stripped);
}

/* The cell starting at offset col of line i, up to the next blank, as a malloc'd string. */
static char *out_cell(const char *text, size_t i, size_t col)
{
	char *line = rf_line_dup(text, i), *cell;

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
	struct pw_out_opts o = rf_opts(PW_FMT_TABLE);
	struct pw_sock s[] = {
		rf_sock(PW_PROTO_TCP, AF_INET, PW_ST_LISTEN, "0.0.0.0", 22, "0.0.0.0", 0),
		rf_sock(PW_PROTO_TCP, AF_INET, PW_ST_LISTEN, "0.0.0.0", 40000, "0.0.0.0", 0),
		rf_sock(PW_PROTO_TCP, AF_INET, PW_ST_ESTABLISHED, "10.0.0.1", 40001, "10.0.0.2",
			8080),
		rf_sock(PW_PROTO_UDP, AF_INET, PW_ST_CLOSE, "0.0.0.0", 50000, "0.0.0.0", 0),
		rf_sock(PW_PROTO_TCP, AF_INET, PW_ST_ESTABLISHED, "198.51.100.7", 80, "192.0.2.9",
			55000),
	};
	struct pw_rec r[] = {
		rf_rec(&s[0], RF_EP(&rf_svc_ssh, WELL_KNOWN, false, WILDCARD), RF_NO_PORT(WILDCARD),
		       false),
		rf_rec(&s[1], RF_EP(NULL, REGISTERED, true, WILDCARD), RF_NO_PORT(WILDCARD), true),
		rf_rec(&s[2], RF_EP(NULL, REGISTERED, true, PRIVATE),
		       RF_EP(&out_svc_http_alt, REGISTERED, false, PRIVATE), false),
		rf_rec(&s[3], RF_EP(NULL, DYNAMIC, false, WILDCARD), RF_NO_PORT(WILDCARD), true),
		rf_rec(&s[4], RF_EP(&out_svc_http, WELL_KNOWN, false, PUBLIC),
		       RF_EP(NULL, DYNAMIC, true, PUBLIC), false),
	};

	o.extended = extended;
	o.color = color;
	return rf_render(&o, r, PW_ARRAY_SIZE(r), true, NULL);
}

/* Offsets of the local and peer Service and Class headings. */
struct out_heads {
	size_t lsvc, lclass, rsvc, rclass;
};

static struct out_heads out_heads_of(const char *t)
{
	struct out_heads h;

	h.lsvc = out_col_after(t, 0, "Service", rf_col(t, 0, "Local Address:Port"));
	h.lclass = out_col_after(t, 0, "Class", h.lsvc);
	h.rsvc = out_col_after(t, 0, "Service", rf_col(t, 0, "Peer Address:Port"));
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
	struct pw_out_opts o = rf_opts(PW_FMT_TABLE);
	struct pw_sock s[] = {
		rf_sock(PW_PROTO_TCP, AF_INET, PW_ST_FIN_WAIT1, "203.113.255.255", 40001,
			"198.151.100.255", 3389),
		rf_sock(PW_PROTO_TCP, AF_INET, PW_ST_LISTEN, "0.0.0.0", 22, "0.0.0.0", 0),
	};
	struct pw_rec r[] = {
		rf_rec(&s[0], RF_EP(&out_svc_long1, REGISTERED, true, PUBLIC),
		       RF_EP(&out_svc_long2, REGISTERED, false, PUBLIC), false),
		rf_rec(&s[1], RF_EP(&rf_svc_ssh, WELL_KNOWN, false, WILDCARD), RF_NO_PORT(WILDCARD),
		       false),
	};

	o.columns = columns;
	o.color = color;
	return rf_render(&o, r, PW_ARRAY_SIZE(r), true, NULL);
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
	assert_int_equal(rf_count(t, "~"), 2);
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
	struct pw_out_opts o = rf_opts(PW_FMT_TABLE);
	struct pw_sock *s = calloc(N, sizeof(*s));
	struct pw_rec *r = calloc(N, sizeof(*r));
	char *t;

	assert_non_null(s);
	assert_non_null(r);
	for (size_t i = 0; i < N; i++) {
		s[i] = rf_sock(PW_PROTO_TCP, AF_INET, PW_ST_LISTEN, "127.0.0.1",
			       (uint16_t)(20000 + i), "0.0.0.0", 0);
		r[i] = rf_rec(
			&s[i],
			RF_EP(i == N - 1 ? &out_svc_long1 : NULL, REGISTERED, false, LOOPBACK),
			RF_NO_PORT(WILDCARD), false);
	}
	o.columns = columns;
	t = rf_render(&o, r, N, true, NULL);
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
	assert_int_equal(rf_count(narrow, "~"), 1);
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
	assert_int_equal(rf_count(t, "!"), 2);
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

/* Fail unless line i of text ends with a listener's peer: no cell and no blank after it. */
static void out_assert_ends_with_peer(const char *text, size_t i)
{
	char *line = rf_line_dup(text, i);
	size_t len = strlen(line);

	if (len < 9 || strcmp(line + len - 9, "0.0.0.0:*") != 0)
		fail_msg("line %zu does not end with the peer: '%s'", i, line);
	free(line);
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
		char *eline = rf_line_dup(ext, i);

		out_assert_ends_with_peer(t, i);
		/* With -e, columns follow: the two cells are blank. */
		for (size_t c = h.rsvc; c < h.rclass + strlen("Class"); c++)
			if (eline[c] != ' ')
				fail_msg("line %zu: '%c' at column %zu of the peer's cells", i,
					 eline[c], c);
		free(eline);
	}
	free(t);
	free(ext);
}

static void table_colors_the_notable_class_only_with_color(void **state)
{
	char *plain = out_class_table(true, false);
	char *color = out_class_table(true, true);

	(void)state;
	out_assert_color_adds_only_escapes(plain, color);
	assert_non_null(strstr(color, "\x1b[1;33mreg/eph!\x1b[0m"));
	assert_non_null(strstr(color, "\x1b[1;33mdyn!\x1b[0m"));
	/* Not around the other class cells, notable or not. */
	assert_int_equal(rf_count(color, "\x1b[1;33m"), 2);
	assert_false(out_line_has(color, 3, '\x1b'));
	assert_false(out_line_has(color, 5, '\x1b'));
	free(plain);
	free(color);
}

/* The promise: IPv4 listener rows stay readable at 100 columns. */
static void table_ipv4_listener_with_long_service_fits_100_columns(void **state)
{
	static const struct pw_service longname = { "svc-fifteen-chr", NULL, PW_SVC_SYSTEM };
	struct pw_out_opts o = rf_opts(PW_FMT_TABLE);
	struct pw_sock s[] = {
		rf_sock(PW_PROTO_TCP, AF_INET, PW_ST_LISTEN, "255.255.255.255", 65535, "0.0.0.0",
			0),
		rf_sock(PW_PROTO_UDP, AF_INET, PW_ST_CLOSE, "192.168.100.200", 49152, "0.0.0.0", 0),
	};
	struct pw_rec r[] = {
		rf_rec(&s[0], RF_EP(&longname, DYNAMIC, true, PUBLIC), RF_NO_PORT(WILDCARD), true),
		rf_rec(&s[1], RF_EP(&longname, DYNAMIC, true, PRIVATE), RF_NO_PORT(WILDCARD), true),
	};
	char *t;

	(void)state;
	assert_int_equal(strlen(longname.name), 15);
	t = rf_render(&o, r, PW_ARRAY_SIZE(r), true, NULL);
	assert_int_equal(rf_count(t, "\n"), 3);
	rf_col(t, 1, "svc-fifteen-chr dyn/eph!");
	for (size_t i = 0; i < 3; i++) {
		char *line = rf_line_dup(t, i);

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
	struct pw_out_opts o = rf_opts(PW_FMT_TABLE);
	struct pw_sock *socks = calloc(N, sizeof(*socks));
	struct pw_rec *recs = calloc(N, sizeof(*recs));
	size_t l0;
	char *t;

	(void)state;
	assert_non_null(socks);
	assert_non_null(recs);
	for (size_t i = 0; i < N; i++) {
		if (i == WIDE)
			socks[i] = rf_sock(PW_PROTO_TCP, AF_INET6, PW_ST_LISTEN,
					   "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
					   (uint16_t)(1000 + i), "::", 0);
		else
			socks[i] = rf_sock(PW_PROTO_TCP, AF_INET, PW_ST_LISTEN, "10.0.0.1",
					   (uint16_t)(1000 + i), "0.0.0.0", 0);
		recs[i].sock = &socks[i];
	}
	t = rf_render(&o, recs, N, true, NULL);
	assert_int_equal(rf_count(t, "\n"), N + 1);
	l0 = rf_col(t, 0, "Local Address:Port");
	for (size_t i = 0; i < N; i++) {
		char want[64];

		if (i == WIDE)
			snprintf(want, sizeof(want),
				 "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:%zu ", 1000 + i);
		else
			snprintf(want, sizeof(want), "10.0.0.1:%zu ", 1000 + i);
		if (rf_col(t, i + 1, want) != l0)
			fail_msg("row %zu: '%s' not at column %zu", i, want, l0);
	}
	free(t);
	free(recs);
	free(socks);
}

/* --- owners (-p) ------------------------------------------------------------- */

/*
 * Four listeners for the Process column: sshd alone (line 1), sshd and
 * PID 1 (line 2), an orphan (line 3), and one whose holder is not visible
 * (line 4). r->owners is set on all; opts decide whether the column shows.
 */
static char *out_owner_table(bool owners, bool extended)
{
	struct pw_out_opts o = rf_opts(PW_FMT_TABLE);
	struct pw_sock s[] = { rf_v4_listener(), rf_v4_listener(), rf_v4_listener(),
			       rf_v4_listener() };
	struct pw_rec r[4];

	for (size_t i = 0; i < PW_ARRAY_SIZE(s); i++) {
		s[i].lport = (uint16_t)(22 + i);
		s[i].inode = (uint32_t)(100 + i);
		r[i] = rf_v4_listener_rec(&s[i]);
		r[i].user = "root";
	}
	rf_set_owners(&r[0], rf_sshd_only, 1, false);
	rf_set_owners(&r[1], rf_sshd_and_init, 2, false);
	rf_set_owners(&r[2], NULL, 0, true);
	rf_set_owners(&r[3], NULL, 0, false);
	o.owners = owners;
	o.extended = extended;
	return rf_render(&o, r, PW_ARRAY_SIZE(r), true, NULL);
}

/* Text after the last blank of line i, as a malloc'd string. */
static char *out_last_cell(const char *text, size_t i)
{
	char *line = rf_line_dup(text, i);
	char *blank = strrchr(line, ' ');
	char *cell = pw_xstrdup(blank ? blank + 1 : line);

	free(line);
	return cell;
}

#define OUT_LAST_CELL_EQUAL(text, i, want)                                                       \
	do {                                                                                     \
		char *cell_ = out_last_cell(text, i);                                            \
		if (strcmp(cell_, want) != 0)                                                    \
			fail_msg("line %zu ends with '%s', not '%s'", (size_t)(i), cell_, want); \
		free(cell_);                                                                     \
	} while (0)

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
	col = rf_col(with, 0, "Process");
	assert_true(col > rf_col(with, 0, "Peer Address:Port"));
	head = rf_line_dup(with, 0);
	assert_string_equal(head + col, "Process");
	free(head);
	assert_int_equal(rf_col(with, 1, "sshd[612]"), col);
	assert_int_equal(rf_col(with, 2, "sshd[612]+1"), col);
	assert_int_equal(rf_col(with, 3, "no process"), col);
	free(plain);
	free(with);
}

static void table_process_cell_names_the_first_holder_and_counts_the_rest(void **state)
{
	char *t = out_owner_table(true, false);

	(void)state;
	OUT_LAST_CELL_EQUAL(t, 1, "sshd[612]");
	OUT_LAST_CELL_EQUAL(t, 2, "sshd[612]+1");
	/* Only the daemon is named: PID 1 is counted, not shown. */
	assert_null(strstr(t, "systemd"));
	free(t);
}

static void table_process_cell_is_empty_when_no_holder_is_visible(void **state)
{
	char *t = out_owner_table(true, false);

	(void)state;
	/* Not an orphan: nothing after the peer, and no trailing blanks. */
	out_assert_ends_with_peer(t, 4);
	assert_int_equal(rf_count(t, "no process"), 1);
	free(t);
}

static void table_extended_with_owners_puts_user_before_uid_and_process_last(void **state)
{
	char *t = out_owner_table(true, true);
	size_t sq, user, uid, inode, cookie, proc;
	char *head;

	(void)state;
	sq = rf_col(t, 0, "Send-Q");
	user = out_col_after(t, 0, "User", sq);
	uid = out_col_after(t, 0, "UID", user);
	inode = out_col_after(t, 0, "Inode", uid);
	cookie = out_col_after(t, 0, "Cookie", inode);
	proc = out_col_after(t, 0, "Process", cookie);
	head = rf_line_dup(t, 0);
	assert_string_equal(head + proc, "Process");
	free(head);
	for (size_t i = 1; i <= 4; i++)
		assert_int_equal(out_col_after(t, i, "root ", sq), user);
	assert_int_equal(rf_col(t, 1, "sshd[612]"), proc);
	free(t);
}

/* The User column comes with -e, owners or not; a socket without a name shows "-". */
static void table_extended_shows_user_column(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_TABLE);
	struct pw_sock a = rf_v4_listener(), b = rf_v6_established();
	struct pw_rec r[] = { rf_v4_listener_rec(&a), rf_v6_established_rec(&b) };
	size_t user;
	char *t;

	(void)state;
	r[0].user = "root";
	t = rf_render(&o, r, 2, true, NULL);
	assert_null(strstr(t, "User"));
	assert_null(strstr(t, "root"));
	free(t);
	o.extended = true;
	t = rf_render(&o, r, 2, true, NULL);
	user = out_col_after(t, 0, "User", rf_col(t, 0, "Send-Q"));
	assert_true(user < rf_col(t, 0, "UID"));
	OUT_CELL_EQUAL(t, 1, user, "root");
	OUT_CELL_EQUAL(t, 2, user, "-");
	assert_null(strstr(t, "Process"));
	free(t);
}

/* A TIME-WAIT's owner is not known: "-" for its user and its uid, never root's 0. */
static void table_extended_shows_an_unknown_uid_as_a_dash(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_TABLE);
	struct pw_sock s = rf_sock(PW_PROTO_TCP, AF_INET, PW_ST_TIME_WAIT, "127.0.0.1", 40000,
				   "127.0.0.1", 8080);
	struct pw_rec r = rf_rec(&s, RF_EP(NULL, DYNAMIC, true, LOOPBACK),
				 RF_EP(NULL, REGISTERED, false, LOOPBACK), false);
	size_t uid_end;
	char *t, *row;

	(void)state;
	s.uid = PW_UID_UNKNOWN;
	o.extended = true;
	t = rf_render(&o, &r, 1, true, NULL);
	OUT_CELL_EQUAL(t, 1, out_col_after(t, 0, "User", rf_col(t, 0, "Send-Q")), "-");
	/* UID is right-aligned: its cell ends under the header's end. */
	uid_end = rf_col(t, 0, "UID") + strlen("UID");
	row = rf_line_dup(t, 1);
	assert_memory_equal(row + uid_end - 2, " -", 2);
	assert_null(strstr(row, "4294967295"));
	free(row);
	free(t);
}

static char *out_hostile_table(bool extended, bool color, size_t *len)
{
	struct pw_proc evil =
		rf_proc(666, 666, RF_HOSTILE_COMM, "/tmp/\x1b[2J", "evil\n\x1b[31m", NULL);
	const struct pw_proc *const holders[] = { &evil };
	struct pw_out_opts o = rf_opts(PW_FMT_TABLE);
	struct pw_sock s = rf_v4_listener();
	struct pw_rec r = rf_v4_listener_rec(&s);

	r.user = RF_HOSTILE_USER;
	rf_set_owners(&r, holders, 1, false);
	o.owners = true;
	o.extended = extended;
	o.color = color;
	return rf_render(&o, &r, 1, true, len);
}

static void table_never_writes_hostile_comm_or_user_raw(void **state)
{
	size_t len;
	char *t = out_hostile_table(true, false, &len);

	(void)state;
	rf_assert_terminal_safe(t, len, "\n");
	rf_col(t, 1, "\\x1b[31mevil\\xff[666]");
	rf_col(t, 1, "\\x1b]0;pwned\\x07\\xc2\\x9b\\xfe ");
	free(t);
}

static void table_never_writes_hostile_comm_or_user_raw_with_color(void **state)
{
	size_t len;
	char *t = out_hostile_table(true, true, &len);
	char *stripped = out_strip_sgr(t);

	(void)state;
	/* The renderer's own colours are the only escape sequences. */
	rf_assert_terminal_safe(stripped, strlen(stripped), "\n");
	rf_col(stripped, 1, "\\x1b[31mevil\\xff[666]");
	free(t);
	free(stripped);
}

/* Every printable byte, every control, every non-UTF-8 byte as a comm: the table stays safe. */
static void table_process_cell_is_safe_for_every_byte(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_TABLE);
	struct pw_sock s = rf_v4_listener();

	(void)state;
	o.owners = true;
	for (unsigned c = 1; c < 256; c++) {
		char comm[] = { 'a', (char)c, 'b', (char)c, '\0' };
		struct pw_proc p = rf_proc(7, 0, comm, NULL, NULL, NULL);
		const struct pw_proc *const holders[] = { &p };
		struct pw_rec r = rf_v4_listener_rec(&s);
		size_t len;
		char *t;

		r.user = comm;
		rf_set_owners(&r, holders, 1, false);
		t = rf_render(&o, &r, 1, true, &len);
		rf_assert_terminal_safe(t, len, "\n");
		assert_int_equal(rf_count(t, "\n"), 2);
		free(t);
	}
}

/* A comm far longer than a cell: the cut keeps UTF-8 whole, wherever it falls. */
static void table_cut_process_cell_stays_valid_utf8(void **state)
{
	static const char *const chars[] = { "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80" };
	struct pw_out_opts o = rf_opts(PW_FMT_TABLE);
	struct pw_sock s = rf_v4_listener();

	(void)state;
	o.owners = true;
	o.extended = true;
	for (size_t k = 0; k < PW_ARRAY_SIZE(chars); k++) {
		/* 0 to 3 ASCII bytes first move the cut across every byte of a sequence. */
		for (size_t shift = 0; shift < 4; shift++) {
			char comm[512] = "";
			struct pw_proc p;
			const struct pw_proc *holders[1];
			struct pw_rec r = rf_v4_listener_rec(&s);
			size_t len;
			char *t, *cell;

			memset(comm, 'x', shift);
			comm[shift] = '\0';
			while (strlen(comm) + strlen(chars[k]) < sizeof(comm) - 1)
				strcat(comm, chars[k]);
			p = rf_proc(4194304, 0, comm, NULL, NULL, NULL);
			holders[0] = &p;
			rf_set_owners(&r, holders, 1, false);
			r.user = comm;
			t = rf_render(&o, &r, 1, true, &len);
			rf_assert_terminal_safe(t, len, "\n");
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
	struct pw_out_opts o = rf_opts(PW_FMT_TABLE);
	struct pw_sock s = rf_v4_listener();
	struct pw_rec r = rf_v4_listener_rec(&s);
	struct pw_proc p = rf_proc(4321, PW_PROC_UID_UNKNOWN, NULL, NULL, NULL, NULL);
	const struct pw_proc *const holders[] = { &p };
	char *t;

	(void)state;
	o.owners = true;
	rf_set_owners(&r, holders, 1, false);
	t = rf_render(&o, &r, 1, true, NULL);
	OUT_LAST_CELL_EQUAL(t, 1, "?[4321]");
	free(t);
}

/* --- network namespaces ------------------------------------------------------ */

static void table_netns_column_comes_first_with_name_host_or_inode(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_TABLE);
	struct pw_sock s[3];
	struct pw_rec r[3];
	char *doc, *line;

	(void)state;
	rf_netns_recs(s, r, true);
	doc = rf_render(&o, r, 3, true, NULL);
	assert_null(strstr(doc, "Netns"));
	assert_null(strstr(doc, "4026532301"));
	free(doc);
	o.netns = true;
	doc = rf_render(&o, r, 3, true, NULL);
	line = rf_line_dup(doc, 0);
	assert_true(strncmp(line, "Netns      Proto ", 17) == 0);
	free(line);
	assert_int_equal(rf_col(doc, 1, "host       tcp"), 0);
	assert_int_equal(rf_col(doc, 2, "blue       tcp"), 0);
	assert_int_equal(rf_col(doc, 3, "4026532301 tcp"), 0);
	/* Every other column moved right by the same amount. */
	assert_int_equal(rf_col(doc, 0, "Local Address:Port"), rf_col(doc, 3, "0.0.0.0:22"));
	free(doc);
}

static void table_netns_cell_is_escaped(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_TABLE);
	struct pw_sock s = rf_v4_listener();
	struct pw_rec r = rf_v4_listener_rec(&s);
	char *doc;

	(void)state;
	o.netns = true;
	r.netns = &rf_ns_hostile;
	doc = rf_render(&o, &r, 1, true, NULL);
	assert_int_equal(rf_col(doc, 1, "r\\x1b[2Jd,\"x\\xff tcp"), 0);
	rf_assert_terminal_safe(doc, strlen(doc), "\n");
	free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
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
		cmocka_unit_test(table_fits_a_terminal_by_cutting_service_names),
		cmocka_unit_test(table_never_cuts_without_a_width),
		cmocka_unit_test(table_cuts_only_as_much_as_needed),
		cmocka_unit_test(table_cuts_late_names_only_where_the_terminal_lacks_room),
		cmocka_unit_test(table_header_color_ends_before_its_newline),
		cmocka_unit_test(table_class_cells_abbreviate_and_mark_ephemeral_and_notable),
		cmocka_unit_test(table_service_cell_is_the_name_or_a_dash),
		cmocka_unit_test(table_listener_peer_has_empty_service_and_class),
		cmocka_unit_test(table_colors_the_notable_class_only_with_color),
		cmocka_unit_test(table_ipv4_listener_with_long_service_fits_100_columns),
		cmocka_unit_test(table_prints_every_row_in_order_past_the_lookahead),
		cmocka_unit_test(table_process_column_only_with_owners),
		cmocka_unit_test(table_process_cell_names_the_first_holder_and_counts_the_rest),
		cmocka_unit_test(table_process_cell_is_empty_when_no_holder_is_visible),
		cmocka_unit_test(table_extended_with_owners_puts_user_before_uid_and_process_last),
		cmocka_unit_test(table_extended_shows_user_column),
		cmocka_unit_test(table_extended_shows_an_unknown_uid_as_a_dash),
		cmocka_unit_test(table_never_writes_hostile_comm_or_user_raw),
		cmocka_unit_test(table_never_writes_hostile_comm_or_user_raw_with_color),
		cmocka_unit_test(table_process_cell_is_safe_for_every_byte),
		cmocka_unit_test(table_cut_process_cell_stays_valid_utf8),
		cmocka_unit_test(table_process_without_comm_shows_its_pid),
		cmocka_unit_test(table_netns_column_comes_first_with_name_host_or_inode),
		cmocka_unit_test(table_netns_cell_is_escaped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
