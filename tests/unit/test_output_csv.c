/* SPDX-License-Identifier: MIT */
/* Unit tests of output_csv.c: sockets as CSV rows under a header. */
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

/* --- rows -------------------------------------------------------------------- */

#define CSV_HEADER                                                                          \
	"proto,family,state,listening,local_address,local_port,remote_address,remote_port," \
	"interface,v6only,uid,inode,cookie,rqueue,wqueue,local_service,"                    \
	"local_service_source,local_class,local_ephemeral,local_scope,remote_service,"      \
	"remote_service_source,remote_class,remote_ephemeral,remote_scope,user,processes\r\n"

/* Fail unless each of the first n lines of doc has commas commas, as many as the header. */
static void csv_assert_commas(const char *doc, size_t n, size_t commas)
{
	for (size_t i = 0; i < n; i++) {
		char *line = rf_line_dup(doc, i);

		if (rf_count(line, ",") != commas)
			fail_msg("line %zu has %zu commas, not %zu: %s", i, rf_count(line, ","),
				 commas, line);
		free(line);
	}
}

static void csv_writes_header_and_crlf_rows(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_CSV);
	char *doc = rf_render_three(&o, "lo");

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
	struct pw_out_opts o = rf_opts(PW_FMT_CSV);
	struct pw_sock s[4];
	struct pw_rec r[4];
	char *doc;

	(void)state;
	rf_three(s, r, "lo");
	s[3] = rf_sock(PW_PROTO_RAW, AF_INET, PW_ST_CLOSE, "0.0.0.0", 1, "0.0.0.0", 0);
	r[3] = rf_rec(&s[3], RF_NO_PORT(WILDCARD), RF_NO_PORT(WILDCARD), false);
	doc = rf_render(&o, r, PW_ARRAY_SIZE(r), true, NULL);
	assert_int_equal(rf_count(doc, "\r\n"), 5);
	csv_assert_commas(doc, 5, 26);
	assert_non_null(strstr(doc, "raw,inet,UNCONN,true,0.0.0.0,1,0.0.0.0,0,,,0,0,0,0,0,"
				    ",,,false,wildcard,,,,false,wildcard,,\r\n"));
	free(doc);
}

static void csv_leaves_an_unknown_uid_empty(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_CSV);
	struct pw_sock s = rf_v6_established();
	struct pw_rec r = rf_v6_established_rec(&s);
	char *doc;

	(void)state;
	s.state = PW_ST_TIME_WAIT;
	s.uid = PW_UID_UNKNOWN;
	s.inode = 0;
	o.header = false;
	doc = rf_render(&o, &r, 1, true, NULL);
	csv_assert_commas(doc, 1, 26);
	assert_non_null(strstr(doc, "tcp,inet6,TIME-WAIT,false,2001:db8::1,443,2001:db8::2,51000,"
				    ",false,,0,4660,5,6,"));
	free(doc);
}

static void csv_header_suppressed_without_header(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_CSV);
	struct pw_sock s = rf_udp6_v6only();
	struct pw_rec r = rf_udp6_v6only_rec(&s);
	char *doc;

	(void)state;
	o.header = false;
	doc = rf_render(&o, &r, 1, true, NULL);
	assert_string_equal(doc, "udp,inet6,UNCONN,true,::,5353,::,0,,true,0,0,0,0,0,"
				 "mdns,builtin,registered,false,wildcard,,,,false,wildcard,,\r\n");
	free(doc);
}

static void csv_escapes_hostile_interface_name(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_CSV);
	size_t len;
	char *doc = rf_render_udp_lo(&o, RF_HOSTILE_IFNAME, &len);

	(void)state;
	assert_non_null(strstr(doc, ",0,e\\x1b[31m\\xff,,101,"));
	rf_assert_terminal_safe(doc, len, "\r\n");
	free(doc);
}

static void csv_quotes_interface_name_with_comma_and_never_breaks_a_row(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_CSV);
	char *doc;

	(void)state;
	o.header = false;
	doc = rf_render_udp_lo(&o, "a,\"b\"\r\nc", NULL);
	assert_non_null(strstr(doc, ",0,\"a,\"\"b\"\"\\x0d\\x0ac\",,101,"));
	assert_int_equal(rf_count(doc, "\n"), 1);
	assert_int_equal(rf_count(doc, "\r"), 1);
	free(doc);
}

/* --- owners (-p) ------------------------------------------------------------- */

static void csv_writes_user_and_processes_last(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_CSV);
	struct pw_sock a = rf_v4_listener(), b = rf_v4_listener(), c = rf_v4_listener();
	struct pw_rec r[] = { rf_v4_listener_rec(&a), rf_v4_listener_rec(&b),
			      rf_v4_listener_rec(&c) };
	char *doc;

	(void)state;
	o.header = false;
	r[0].user = "root";
	rf_set_owners(&r[0], rf_sshd_and_init, 2, false);
	rf_set_owners(&r[1], rf_sshd_only, 1, false);
	rf_set_owners(&r[2], NULL, 0, true);
	doc = rf_render(&o, r, 3, true, NULL);
	rf_col(doc, 0, ",false,wildcard,root,sshd[612] systemd[1]\r\n");
	rf_col(doc, 1, ",false,wildcard,,sshd[612]\r\n");
	/* An orphan has no holder to list; JSON says orphan. */
	rf_col(doc, 2, ",false,wildcard,,\r\n");
	csv_assert_commas(doc, 3, 26);
	free(doc);
}

static void csv_quotes_processes_with_commas_and_quotes(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_CSV);
	struct pw_sock s = rf_v4_listener();
	struct pw_rec r = rf_v4_listener_rec(&s);
	struct pw_proc p = rf_proc(10, 0, "a,b", NULL, NULL, NULL);
	struct pw_proc q = rf_proc(11, 0, "say \"hi\"", NULL, NULL, NULL);
	struct pw_proc e = rf_proc(12, 0, "n\r\n" RF_HOSTILE_COMM, NULL, NULL, NULL);
	const struct pw_proc *const holders[] = { &p, &q, &e };
	size_t len;
	char *doc;

	(void)state;
	o.header = false;
	r.user = "x,\"y\"";
	rf_set_owners(&r, holders, 3, false);
	doc = rf_render(&o, &r, 1, true, &len);
	assert_non_null(strstr(doc, ",wildcard,\"x,\"\"y\"\"\",\"a,b[10] say \"\"hi\"\"[11] "
				    "n\\x0d\\x0a\\x1b[31mevil\\xff[12]\"\r\n"));
	/* One row: no raw line break, no raw escape. */
	assert_int_equal(rf_count(doc, "\n"), 1);
	assert_int_equal(rf_count(doc, "\r"), 1);
	rf_assert_terminal_safe(doc, len, "\r\n");
	free(doc);
}

/* A holder without a comm is "?[pid]", as in the table. */
static void csv_process_without_comm_shows_its_pid(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_CSV);
	struct pw_sock s = rf_v4_listener();
	struct pw_rec r = rf_v4_listener_rec(&s);
	struct pw_proc p = rf_proc(13, 0, NULL, NULL, NULL, NULL);
	const struct pw_proc *const holders[] = { &p };
	char *doc;

	(void)state;
	o.header = false;
	rf_set_owners(&r, holders, 1, false);
	doc = rf_render(&o, &r, 1, true, NULL);
	rf_col(doc, 0, ",wildcard,,?[13]\r\n");
	free(doc);
}

/* More holders than fit a row's small buffer: every one is listed, in order. */
static void csv_lists_every_one_of_many_holders(void **state)
{
	enum {
		N = 60
	};
	struct pw_out_opts o = rf_opts(PW_FMT_CSV);
	struct pw_sock s = rf_v4_listener();
	struct pw_rec r = rf_v4_listener_rec(&s);
	struct pw_proc procs[N];
	const struct pw_proc *holders[N];
	char want[N * 32] = "", *doc;

	(void)state;
	o.header = false;
	for (int i = 0; i < N; i++) {
		char one[32];

		procs[i] = rf_proc(1000 + i, 0, "worker-process", NULL, NULL, NULL);
		holders[i] = &procs[i];
		snprintf(one, sizeof(one), "%sworker-process[%d]", i ? " " : "", 1000 + i);
		strcat(want, one);
	}
	strcat(want, "\r\n");
	assert_true(strlen(want) > 512);
	rf_set_owners(&r, holders, N, false);
	doc = rf_render(&o, &r, 1, true, NULL);
	rf_col(doc, 0, want);
	free(doc);
}

/* --- network namespaces ------------------------------------------------------ */

static void csv_netns_columns_come_last_with_more_than_one_namespace(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_CSV);
	struct pw_sock s[3];
	struct pw_rec r[3];
	char *doc;

	(void)state;
	rf_netns_recs(s, r, true);
	doc = rf_render(&o, r, 3, true, NULL);
	assert_null(strstr(doc, "netns"));
	free(doc);
	o.netns = true;
	doc = rf_render(&o, r, 3, true, NULL);
	rf_col(doc, 0, ",user,processes,netns_inode,netns_name,netns_pid,netns_comm\r\n");
	rf_col(doc, 1, ",wildcard,,,4026531840,,1,\r\n");
	rf_col(doc, 2, ",wildcard,,,4026532001,blue,400,pwblue\r\n");
	rf_col(doc, 3, ",wildcard,,,4026532301,,,\r\n");
	csv_assert_commas(doc, 4, 30);
	free(doc);
	r[0].netns = NULL;
	r[1].netns = &rf_ns_hostile;
	doc = rf_render(&o, r, 2, true, NULL);
	rf_col(doc, 1, ",wildcard,,,,,,\r\n");
	rf_col(doc, 2, ",wildcard,,,7,\"r\\x1b[2Jd,\"\"x\\xff\",,\r\n");
	free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_writes_header_and_crlf_rows),
		cmocka_unit_test(csv_rows_have_as_many_fields_as_the_header),
		cmocka_unit_test(csv_leaves_an_unknown_uid_empty),
		cmocka_unit_test(csv_header_suppressed_without_header),
		cmocka_unit_test(csv_escapes_hostile_interface_name),
		cmocka_unit_test(csv_quotes_interface_name_with_comma_and_never_breaks_a_row),
		cmocka_unit_test(csv_writes_user_and_processes_last),
		cmocka_unit_test(csv_quotes_processes_with_commas_and_quotes),
		cmocka_unit_test(csv_process_without_comm_shows_its_pid),
		cmocka_unit_test(csv_lists_every_one_of_many_holders),
		cmocka_unit_test(csv_netns_columns_come_last_with_more_than_one_namespace),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
