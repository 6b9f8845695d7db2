/* SPDX-License-Identifier: MIT */
/* Unit tests of output_prom.c: check results as a Prometheus textfile. */
/* open_memstream is POSIX 2008. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "checkfix.h"

static char *ck_prom(const struct pw_check_result *res, const struct pw_listeners *ls)
{
	char *text = NULL;

	CK_CAPTURE(text, pw_check_prometheus(f, res, ls, 1700000000.5, 0.25));
	return text;
}

/* The value of the sample line starting with series (up to its space), or -1. */
static double ck_sample(const char *text, const char *series)
{
	size_t n = strlen(series);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (!strncmp(p, series, n) && p[n] == ' ')
			return strtod(p + n + 1, NULL);
	}
	return -1;
}

#define CK_SSH_SERIES                                                               \
	"portwatch_listening_socket{proto=\"tcp\",address=\"0.0.0.0\",port=\"22\"," \
	"service=\"ssh\",class=\"well-known\",process=\"sshd\",expected=\"true\"}"

static void prometheus_gives_a_series_per_listener(void **state)
{
	static const char prom_head[] =
		"# HELP portwatch_listening_socket Listening sockets with these labels.\n"
		"# TYPE portwatch_listening_socket gauge\n"
		"portwatch_listening_socket{";
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22\n");
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&c.ls, PW_PROTO_TCP, "::", 4444, CK_HOLDERS(ck_by_backdoor));
	ck_judge(&c, true, true);
	text = ck_prom(&c.res, &c.ls);
	assert_true(strncmp(text, prom_head, strlen(prom_head)) == 0);
	assert_true(ck_sample(text, CK_SSH_SERIES) == 1);
	assert_true(ck_sample(text, "portwatch_listening_socket{proto=\"tcp\",address=\"::\","
				    "port=\"4444\",service=\"krb524\",class=\"registered\","
				    "process=\"backdoor\",expected=\"false\"}") == 1);
	assert_int_equal(ck_count(text, "\nportwatch_listening_socket{"), 2);
	assert_true(ck_sample(text, "portwatch_unexpected_listeners") == 1);
	assert_true(ck_sample(text, "portwatch_missing_listeners") == 0);
	assert_true(ck_sample(text, "portwatch_run_success") == 1);
	assert_true(ck_sample(text, "portwatch_last_run_timestamp_seconds") == 1700000000.5);
	assert_true(ck_sample(text, "portwatch_run_duration_seconds") == 0.25);
	assert_non_null(strstr(text, "# TYPE portwatch_run_success gauge\n"));
	free(text);
	ck_fini(&c);
}

/* SO_REUSEPORT groups and prefork daemons: one label set is one series, counted. */
static void listeners_with_identical_labels_are_one_series_with_their_count(void **state)
{
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 80, CK_HOLDERS(ck_by_nginx));
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd_restarted));
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 80, CK_HOLDERS(ck_by_nginx_worker));
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 80, CK_HOLDERS(ck_by_nginx_pair));
	ck_judge(&c, true, true);
	text = ck_prom(&c.res, &c.ls);
	assert_true(ck_sample(text, CK_SSH_SERIES) == 2);
	assert_true(ck_sample(text, "portwatch_listening_socket{proto=\"tcp\",address=\"0.0.0.0\","
				    "port=\"80\",service=\"http\",class=\"well-known\","
				    "process=\"nginx\",expected=\"true\"}") == 3);
	/* Each series once: Prometheus refuses a file with a repeated one. */
	assert_int_equal(ck_count(text, "\nportwatch_listening_socket{"), 2);
	free(text);
	ck_fini(&c);
}

/* The process label is the holder baselines name a listener by, not the lowest pid. */
static void prometheus_process_label_does_not_follow_pids(void **state)
{
	static const struct pw_proc master = CK_PROC(900, "master", "/usr/lib/postfix/sbin/master");
	static const struct pw_proc smtpd = CK_PROC(100, "smtpd", "/usr/lib/postfix/sbin/smtpd");
	static const struct pw_proc init = CK_PROC(1, "systemd", "/usr/lib/systemd/systemd");
	static const struct pw_proc *const mail[] = { &smtpd, &master };
	static const struct pw_proc *const idle[] = { &init };
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 25, CK_HOLDERS(mail));
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 9090, CK_HOLDERS(idle));
	ck_judge(&c, true, true);
	text = ck_prom(&c.res, &c.ls);
	assert_non_null(strstr(text, "port=\"25\",service=\"smtp\",class=\"well-known\","
				     "process=\"master\","));
	assert_non_null(strstr(text, "port=\"9090\","));
	assert_non_null(strstr(text, "process=\"systemd\","));
	free(text);
	ck_fini(&c);
}

/* UDP on an ephemeral port is known by the range, as in baselines: one series, not one per run. */
static void prometheus_udp_on_an_ephemeral_port_is_labelled_ephemeral(void **state)
{
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	ck_add(&c.ls, PW_PROTO_UDP, "127.0.0.53", 40000, CK_HOLDERS(ck_by_resolved));
	ck_add(&c.ls, PW_PROTO_UDP, "127.0.0.53", 50000, CK_HOLDERS(ck_by_resolved));
	ck_add(&c.ls, PW_PROTO_UDP, "127.0.0.53", 53, CK_HOLDERS(ck_by_resolved));
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 40000, CK_HOLDERS(ck_by_backdoor));
	c.policy = CK_POLICY("allow udp *:*\n");
	ck_judge(&c, true, true);
	text = ck_prom(&c.res, &c.ls);
	assert_true(ck_sample(text,
			      "portwatch_listening_socket{proto=\"udp\",address=\"127.0.0.53\","
			      "port=\"ephemeral\",service=\"\",class=\"\","
			      "process=\"systemd-resolve\",expected=\"true\"}") == 2);
	assert_true(ck_sample(text,
			      "portwatch_listening_socket{proto=\"udp\",address=\"127.0.0.53\","
			      "port=\"53\",service=\"domain\",class=\"well-known\","
			      "process=\"systemd-resolve\",expected=\"true\"}") == 1);
	/* A TCP listener there is a server: its port is kept. */
	assert_non_null(strstr(text, "{proto=\"tcp\",address=\"0.0.0.0\",port=\"40000\","));
	assert_int_equal(ck_count(text, "\nportwatch_listening_socket{"), 3);
	free(text);
	ck_fini(&c);
}

static void prometheus_escapes_label_values(void **state)
{
	static const struct pw_proc odd = CK_PROC(1, "a\\b\"c\nd\x1b[31m\xff\xc3", NULL);
	static const struct pw_proc *const by_odd[] = { &odd };
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	ck_add(&c.ls, PW_PROTO_TCP, "::1", 9999, CK_HOLDERS(by_odd));
	ck_judge(&c, true, true);
	text = ck_prom(&c.res, &c.ls);
	/*
	 * Terminal-safe first (a\\b"c\x0ad\x1b[31m\xff\xc3, as the table shows
	 * it), then each backslash and quote escaped for the exposition format:
	 * no raw ESC or invalid UTF-8 reaches a dashboard.
	 */
	assert_non_null(
		strstr(text, ",process=\"a\\\\\\\\b\\\"c\\\\x0ad\\\\x1b[31m\\\\xff\\\\xc3\","));
	assert_null(strchr(text, '\x1b'));
	assert_non_null(strstr(text, "address=\"::1\""));
	/* Every sample on one line: no newline inside a label. */
	assert_int_equal(ck_count(text, "portwatch_listening_socket{"), 1);
	assert_non_null(strstr(text, "\"} 1\n"));
	free(text);
	ck_fini(&c);
}

/* Valid UTF-8 passes unchanged; a holderless listener has an empty process. */
static void prometheus_keeps_utf8_and_empty_labels(void **state)
{
	static const struct pw_proc uni = CK_PROC(1, "d\xc3\xa6mon", NULL);
	static const struct pw_proc *const by_uni[] = { &uni };
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	ck_add(&c.ls, PW_PROTO_TCP, "10.1.2.3", 9998, CK_HOLDERS(by_uni));
	ck_add(&c.ls, PW_PROTO_RAW, "0.0.0.0", 1, CK_NOBODY);
	ck_judge(&c, true, true);
	text = ck_prom(&c.res, &c.ls);
	assert_non_null(strstr(text, "process=\"d\xc3\xa6mon\""));
	assert_true(ck_sample(text, "portwatch_listening_socket{proto=\"raw\",address=\"0.0.0.0\","
				    "port=\"1\",service=\"\",class=\"\",process=\"\","
				    "expected=\"true\"}") == 1);
	free(text);
	ck_fini(&c);
}

static void prometheus_run_success_is_0_without_a_result_or_when_unknown(void **state)
{
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	text = ck_prom(NULL, &c.ls);
	assert_true(ck_sample(text, "portwatch_run_success") == 0);
	/* Nothing was judged: no series and no counts that would look like "all fine". */
	assert_null(strstr(text, "portwatch_listening_socket{"));
	assert_null(strstr(text, "portwatch_unexpected_listeners"));
	assert_true(ck_sample(text, "portwatch_last_run_timestamp_seconds") == 1700000000.5);
	free(text);
	ck_judge(&c, false, true);
	assert_int_equal(c.res.status, PW_STATUS_UNKNOWN);
	text = ck_prom(&c.res, &c.ls);
	assert_true(ck_sample(text, "portwatch_run_success") == 0);
	free(text);
	pw_check_result_fini(&c.res);
	/* Warnings and criticals are successful runs. */
	c.policy = CK_POLICY("allow tcp *:443 require\n");
	ck_judge(&c, true, true);
	assert_int_equal(c.res.status, PW_STATUS_CRITICAL);
	text = ck_prom(&c.res, &c.ls);
	assert_true(ck_sample(text, "portwatch_run_success") == 1);
	assert_true(ck_sample(text, "portwatch_missing_listeners") == 1);
	free(text);
	ck_fini(&c);
}

/* A listener both unallowed and new is one unexpected listener, not two. */
static void prometheus_counts_each_unexpected_listener_once(void **state)
{
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:22\ndeny tcp *:23\n");
	ck_add(&c.before, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&c.before, PW_PROTO_TCP, "0.0.0.0", 25, CK_NOBODY);
	ck_snapshot_before(&c, NULL);
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 22, CK_HOLDERS(ck_by_sshd));
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 4444, CK_HOLDERS(ck_by_backdoor)); /* both */
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 23, CK_HOLDERS(ck_by_telnetd));	  /* both */
	ck_add(&c.ls, PW_PROTO_TCP, "0.0.0.0", 25, CK_NOBODY);			  /* policy */
	ck_judge(&c, true, true);
	assert_int_equal(c.res.count[PW_FIND_UNEXPECTED] + c.res.count[PW_FIND_DENIED], 3);
	assert_int_equal(c.res.count[PW_FIND_NEW], 2);
	text = ck_prom(&c.res, &c.ls);
	assert_true(ck_sample(text, "portwatch_unexpected_listeners") == 3);
	assert_int_equal(ck_count(text, "expected=\"false\""), 3);
	free(text);
	ck_fini(&c);
}

/*
 * With more than one namespace listed, the same listener in two of them is
 * two series, told apart by a netns label (the name, "host", or the inode);
 * with one namespace there is no such label, and the series stay as they were.
 */
static void prometheus_labels_the_namespace_when_several_are_listed(void **state)
{
	struct ck_run c = { 0 };
	char *text;

	(void)state;
	c.policy = CK_POLICY("allow tcp *:80\n");
	ck_add_in_each_netns(&c.ls);
	ck_judge(&c, true, true);
	text = ck_prom(&c.res, &c.ls);
	assert_int_equal(ck_count(text, "\nportwatch_listening_socket{"), 3);
	assert_true(ck_sample(text, "portwatch_listening_socket{proto=\"tcp\",address=\"0.0.0.0\","
				    "port=\"80\",service=\"http\",class=\"well-known\","
				    "process=\"nginx\",netns=\"blue\",expected=\"true\"}") == 1);
	assert_non_null(strstr(text, ",netns=\"host\","));
	assert_non_null(strstr(text, ",netns=\"4026532301\","));
	free(text);
	ck_fini(&c);

	c = (struct ck_run){ 0 };
	c.policy = CK_POLICY("allow tcp *:80\n");
	ck_add_in(&c.ls, PW_PROTO_TCP, "0.0.0.0", 80, &ck_ns_host, false);
	ck_judge(&c, true, true);
	text = ck_prom(&c.res, &c.ls);
	assert_null(strstr(text, "netns="));
	free(text);
	ck_fini(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(prometheus_gives_a_series_per_listener),
		cmocka_unit_test(listeners_with_identical_labels_are_one_series_with_their_count),
		cmocka_unit_test(prometheus_process_label_does_not_follow_pids),
		cmocka_unit_test(prometheus_udp_on_an_ephemeral_port_is_labelled_ephemeral),
		cmocka_unit_test(prometheus_escapes_label_values),
		cmocka_unit_test(prometheus_keeps_utf8_and_empty_labels),
		cmocka_unit_test(prometheus_run_success_is_0_without_a_result_or_when_unknown),
		cmocka_unit_test(prometheus_counts_each_unexpected_listener_once),
		cmocka_unit_test(prometheus_labels_the_namespace_when_several_are_listed),
	};

	return cmocka_run_group_tests(tests, ck_group_setup, ck_group_teardown);
}
