/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of netlink.c and the list command over a faked kernel: libmnl's
 * socket calls are wrapped (-Wl,--wrap) and answer from a script of replies.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "cmd.h"
#include "fakenl.h"
#include "netlink.h"
#include "util.h"

struct seen {
	int n;
	int restarts;
	int batches;	    /* calls of received */
	int batch_first[8]; /* sockets seen when each batch was said */
	uint16_t ports[64];
	uint8_t families[64];
};

static int collect(const struct pw_sock *s, void *data)
{
	struct seen *seen = data;

	if (seen->n < 64) {
		seen->ports[seen->n] = s->lport;
		seen->families[seen->n] = s->family;
	}
	seen->n++;
	return 0;
}

static void count_restart(void *data)
{
	((struct seen *)data)->restarts++;
}

static void count_received(void *data)
{
	struct seen *seen = data;

	if (seen->batches < 8)
		seen->batch_first[seen->batches] = seen->n;
	seen->batches++;
}

/* pw_netlink_dump into seen. */
static int dump(struct pw_netlink *nl, unsigned proto, int family, struct seen *seen)
{
	const struct pw_dump_sink sink = { collect, count_restart, seen, count_received };

	return pw_netlink_dump(nl, proto, family, PW_ST_ALL, &sink);
}

/* Open the socket into *state, for teardown to close, and dump into seen. */
static int open_and_dump(void **state, unsigned proto, int family, struct seen *seen)
{
	*state = pw_netlink_open();
	assert_non_null(*state);
	return dump(*state, proto, family, seen);
}

static int teardown(void **state)
{
	pw_netlink_close(*state);
	return 0;
}

static void dump_reads_batches_until_done(void **state)
{
	struct pw_netlink *nl;
	struct seen seen = { 0 };

	(void)state;
	FAKENL_PLAY({ FAKENL_SOCKS, 3, 100 }, { FAKENL_SOCKS, 2, 200 },
		    { FAKENL_SOCKS_DONE, 1, 300 });
	nl = pw_netlink_open();
	assert_non_null(nl);
	assert_int_equal(dump(nl, PW_PROTO_TCP, AF_INET, &seen), 0);
	assert_int_equal(seen.n, 6);
	assert_int_equal(seen.ports[5], 300);
	assert_int_equal(seen.restarts, 0);
	/* Each batch is said before its sockets are handed over. */
	assert_int_equal(seen.batches, 3);
	assert_int_equal(seen.batch_first[0], 0);
	assert_int_equal(seen.batch_first[1], 3);
	assert_int_equal(seen.batch_first[2], 5);
	assert_int_equal(fakenl.next, 3);
	pw_netlink_close(nl);
	assert_int_equal(fakenl.closes, 1);
}

static void interrupted_dump_is_started_again_on_a_fresh_socket(void **state)
{
	struct seen seen = { 0 };

	FAKENL_PLAY({ FAKENL_SOCKS, 2, 100 }, { FAKENL_INTR, 1, 102 }, { FAKENL_SOCKS, 2, 100 },
		    { FAKENL_SOCKS_DONE, 1, 102 });
	assert_int_equal(open_and_dump(state, PW_PROTO_TCP, AF_INET, &seen), 0);
	assert_int_equal(fakenl.sends, 2);
	assert_int_equal(fakenl.opens, 2);
	assert_int_equal(fakenl.closes, 1);
	/* The first attempt's two sockets come again, after the sink was told. */
	assert_int_equal(seen.restarts, 1);
	assert_int_equal(seen.n, 5);
}

static void dump_interrupted_every_time_gives_up_with_eintr(void **state)
{
	struct seen seen = { 0 };

	FAKENL_PLAY({ FAKENL_INTR, 1, 1 }, { FAKENL_INTR, 1, 1 }, { FAKENL_INTR, 1, 1 },
		    { FAKENL_INTR, 1, 1 }, { FAKENL_INTR, 1, 1 }, { FAKENL_INTR, 1, 1 },
		    { FAKENL_INTR, 1, 1 });
	assert_int_equal(open_and_dump(state, PW_PROTO_TCP, AF_INET, &seen), -EINTR);
	assert_int_equal(fakenl.sends, PW_NETLINK_RETRIES + 1);
	assert_int_equal(fakenl.next, PW_NETLINK_RETRIES + 1);
}

static void enobufs_starts_the_dump_again(void **state)
{
	struct seen seen = { 0 };

	FAKENL_PLAY({ FAKENL_SOCKS, 1, 1 }, { FAKENL_ERRNO, ENOBUFS, 0 },
		    { FAKENL_SOCKS_DONE, 2, 1 });
	assert_int_equal(open_and_dump(state, PW_PROTO_UDP, AF_INET, &seen), 0);
	assert_int_equal(fakenl.sends, 2);
	assert_int_equal(seen.n, 3);
}

static void signal_during_receive_keeps_reading(void **state)
{
	struct seen seen = { 0 };

	FAKENL_PLAY({ FAKENL_SOCKS, 1, 1 }, { FAKENL_ERRNO, EINTR, 0 },
		    { FAKENL_SOCKS_DONE, 1, 2 });
	assert_int_equal(open_and_dump(state, PW_PROTO_TCP, AF_INET, &seen), 0);
	assert_int_equal(fakenl.sends, 1);
	assert_int_equal(seen.n, 2);
}

static void truncated_receive_is_an_error(void **state)
{
	struct seen seen = { 0 };

	/* libmnl turns MSG_TRUNC into ENOSPC. */
	FAKENL_PLAY({ FAKENL_SOCKS, 1, 1 }, { FAKENL_ERRNO, ENOSPC, 0 });
	assert_int_equal(open_and_dump(state, PW_PROTO_TCP, AF_INET, &seen), -EMSGSIZE);
}

static void missing_module_is_reported_as_such(void **state)
{
	struct seen seen = { 0 };

	FAKENL_PLAY({ FAKENL_DONE_ERR, ENOENT, 0 });
	assert_true(pw_diag_proto_missing(open_and_dump(state, PW_PROTO_SCTP, AF_INET, &seen)));
	assert_int_equal(seen.n, 0);
}

static void error_mid_dump_is_an_error_not_an_empty_list(void **state)
{
	struct seen seen = { 0 };

	FAKENL_PLAY({ FAKENL_SOCKS, 2, 1 }, { FAKENL_ERROR_MSG, EBUSY, 0 });
	assert_int_equal(open_and_dump(state, PW_PROTO_TCP, AF_INET, &seen), -EBUSY);
}

static void foreign_reply_is_an_error(void **state)
{
	struct seen seen = { 0 };

	FAKENL_PLAY({ FAKENL_FOREIGN, 0, 0 });
	assert_int_equal(open_and_dump(state, PW_PROTO_TCP, AF_INET, &seen), -EPROTO);
	assert_int_equal(seen.n, 0);
}

static void legacy_dump_asks_once_for_tcp_of_both_families(void **state)
{
	struct seen seen = { 0 };

	FAKENL_PLAY({ FAKENL_SOCKS, 3, 100 }, { FAKENL_SOCKS_DONE, 2, 200 });
	assert_int_equal(open_and_dump(state, PW_PROTO_TCP, AF_UNSPEC, &seen), 0);
	assert_int_equal(fakenl.sends, 1);
	assert_int_equal(fakenl.req[0].type, TCPDIAG_GETSOCK);
	assert_int_equal(fakenl.req[0].family, AF_UNSPEC);
	assert_int_equal(fakenl.req[0].len, NLMSG_LENGTH(sizeof(struct inet_diag_req)));
	assert_int_equal(seen.n, 5);
	/* Replies of both families, as the kernel's one walk hands them over. */
	assert_int_equal(seen.families[0], AF_INET);
	assert_int_equal(seen.families[1], AF_INET6);
	assert_int_equal(seen.ports[4], 201);
}

static void legacy_dump_refuses_replies_of_another_type(void **state)
{
	struct seen seen = { 0 };

	FAKENL_PLAY({ FAKENL_V2_TYPE, 1, 100 });
	assert_int_equal(open_and_dump(state, PW_PROTO_TCP, AF_UNSPEC, &seen), -EPROTO);
	assert_int_equal(seen.n, 0);
}

static void legacy_dump_is_for_tcp_only(void **state)
{
	struct seen seen = { 0 };

	FAKENL_PLAY({ FAKENL_SOCKS_DONE, 1, 100 });
	assert_int_equal(open_and_dump(state, PW_PROTO_UDP, AF_UNSPEC, &seen), -EAFNOSUPPORT);
	assert_int_equal(fakenl.sends, 0);
	assert_int_equal(seen.n, 0);
}

static void refused_legacy_dump_is_reported_as_missing(void **state)
{
	struct seen seen = { 0 };

	/* A kernel without the compatibility interface (net/core/sock_diag.c). */
	FAKENL_PLAY({ FAKENL_ERROR_MSG, EOPNOTSUPP, 0 });
	assert_true(pw_diag_proto_missing(open_and_dump(state, PW_PROTO_TCP, AF_UNSPEC, &seen)));
	assert_int_equal(seen.n, 0);
}

static void malformed_replies_are_errors_never_a_hang(void **state)
{
	static const enum fakenl_kind kinds[] = { FAKENL_CUT, FAKENL_BAD_ATTR, FAKENL_HUGE_LEN,
						  FAKENL_EOF };

	for (size_t i = 0; i < PW_ARRAY_SIZE(kinds); i++) {
		struct fakenl_step script[] = { { FAKENL_SOCKS, 2, 1 }, { kinds[i], 2, 10 } };
		struct seen seen = { 0 };

		fakenl_play(script, PW_ARRAY_SIZE(script));
		assert_int_equal(open_and_dump(state, PW_PROTO_TCP, AF_INET, &seen), -EPROTO);
		/* Nothing past the bad message is taken, and the dump is not retried. */
		assert_int_equal(fakenl.sends, 1);
		assert_int_equal(fakenl.next, 2);
		assert_int_equal(seen.n, 2);
		pw_netlink_close(*state);
		*state = NULL;
	}
}

static void foreign_reply_mid_dump_is_an_error(void **state)
{
	struct seen seen = { 0 };

	FAKENL_PLAY({ FAKENL_SOCKS, 3, 1 }, { FAKENL_FOREIGN, 0, 0 });
	assert_int_equal(open_and_dump(state, PW_PROTO_UDP, AF_INET, &seen), -EPROTO);
	assert_int_equal(seen.n, 3);
	/* The rest of a dump may still be queued on that socket: it is replaced. */
	assert_int_equal(fakenl.opens, 2);
}

static void busy_socket_is_replaced_and_the_dump_sent_again(void **state)
{
	struct seen seen = { 0 };

	FAKENL_PLAY({ FAKENL_SOCKS_DONE, 2, 1 });
	/* The kernel refuses a dump on a socket whose earlier dump still runs. */
	fakenl.send_errno = EBUSY;
	fakenl.send_once = true;
	assert_int_equal(open_and_dump(state, PW_PROTO_TCP, AF_INET, &seen), 0);
	assert_int_equal(fakenl.sends, 2);
	assert_int_equal(fakenl.opens, 2);
	assert_int_equal(seen.n, 2);
}

static void enobufs_every_time_gives_up_with_eintr(void **state)
{
	struct seen seen = { 0 };

	FAKENL_PLAY({ FAKENL_ERRNO, ENOBUFS, 0 }, { FAKENL_ERRNO, ENOBUFS, 0 },
		    { FAKENL_ERRNO, ENOBUFS, 0 }, { FAKENL_ERRNO, ENOBUFS, 0 },
		    { FAKENL_ERRNO, ENOBUFS, 0 }, { FAKENL_ERRNO, ENOBUFS, 0 });
	assert_int_equal(open_and_dump(state, PW_PROTO_TCP, AF_INET, &seen), -EINTR);
	assert_int_equal(fakenl.sends, PW_NETLINK_RETRIES + 1);
}

static void open_failure_sets_errno(void **state)
{
	(void)state;
	fakenl_play(NULL, 0);
	fakenl.open_errno = EPROTONOSUPPORT;
	errno = 0;
	assert_null(pw_netlink_open());
	assert_int_equal(errno, EPROTONOSUPPORT);
}

/* --- the list command over the same fake --------------------------------- */

/*
 * Run the list command with args over the script; it must return want.
 * Returns what it printed (caller frees).
 */
static char *run_list(int want, struct pw_list_result *res, const char *const *args, size_t nargs)
{
	char *argv[16], *text = NULL;
	size_t len = 0;
	struct pw_error err = { 0 };
	struct pw_opts o;
	FILE *out = open_memstream(&text, &len);

	assert_true(nargs < PW_ARRAY_SIZE(argv) - 1);
	argv[0] = (char *)"portwatch";
	for (size_t i = 0; i < nargs; i++)
		argv[i + 1] = (char *)args[i];
	argv[nargs + 1] = NULL;
	assert_int_equal(pw_opts_parse(&o, (int)nargs + 1, argv, &err), 0);
	assert_int_equal(pw_cmd_list(&o, out, res), want);
	pw_opts_fini(&o);
	fclose(out);
	return text;
}

/* run_list of the words that follow: LIST(0, &res, "-t", "-o", "json"). */
#define LIST(want, res, ...)                                      \
	run_list(want, res, (const char *const[]){ __VA_ARGS__ }, \
		 PW_ARRAY_SIZE(((const char *const[]){ __VA_ARGS__ })))

/* The list said, in its result and in what it printed, that it is incomplete. */
static void assert_incomplete(const struct pw_list_result *res, const char *text)
{
	assert_false(res->complete);
	assert_non_null(strstr(text, "\"complete\":false"));
}

static void list_drops_repeats_of_a_retried_dump(void **state)
{
	struct pw_list_result res = { 0 };
	char *text;

	(void)state;
	FAKENL_PLAY({ FAKENL_SOCKS, 2, 100 }, { FAKENL_INTR, 1, 102 }, { FAKENL_SOCKS, 2, 100 },
		    { FAKENL_SOCKS_DONE, 1, 102 });
	text = LIST(0, &res, "-t", "-4", "-o", "jsonl");
	assert_true(res.complete);
	assert_int_equal(res.listed, 3);
	assert_non_null(strstr(text, "\"port\":102"));
	free(text);
}

static void list_with_retries_exhausted_is_incomplete(void **state)
{
	struct pw_list_result res = { 0 };
	char *text;

	(void)state;
	FAKENL_PLAY({ FAKENL_INTR, 1, 1 }, { FAKENL_INTR, 1, 1 }, { FAKENL_INTR, 1, 1 },
		    { FAKENL_INTR, 1, 1 }, { FAKENL_INTR, 1, 1 }, { FAKENL_INTR, 1, 1 });
	text = LIST(0, &res, "-t", "-4", "-o", "json");
	assert_incomplete(&res, text);
	free(text);
}

static void list_reports_missing_protocol_and_lists_the_others(void **state)
{
	struct pw_list_result res = { 0 };
	char *text;

	(void)state;
	/* tcp over both families at once, then sctp/inet: missing (inet6 is not asked again). */
	FAKENL_PLAY({ FAKENL_SOCKS_DONE, 2, 22 }, { FAKENL_DONE_ERR, ENOENT, 0 });
	text = LIST(0, &res, "--sctp", "-t", "-o", "json");
	assert_true(res.complete);
	assert_int_equal(res.listed, 2);
	assert_int_equal(res.unavailable, PW_PROTO_BIT(PW_PROTO_SCTP));
	assert_non_null(strstr(text, "],\"complete\":true,\"unavailable\":[\"sctp\"]}\n"));
	assert_int_equal(fakenl.next, 2);
	assert_int_equal(fakenl.req[1].type, SOCK_DIAG_BY_FAMILY);
	assert_int_equal(fakenl.req[1].protocol, IPPROTO_SCTP);
	free(text);
}

/* Nothing listed, because nothing could be read: not "matched nothing" (main exits 3). */
static void list_of_a_missing_protocol_only_lists_nothing_and_names_it(void **state)
{
	struct pw_list_result res = { 0 };
	char *text;

	(void)state;
	FAKENL_PLAY({ FAKENL_DONE_ERR, ENOENT, 0 });
	text = LIST(0, &res, "--source", "netlink", "-w", "-o", "json");
	assert_true(res.complete);
	assert_int_equal(res.listed, 0);
	assert_int_equal(res.unavailable, PW_PROTO_BIT(PW_PROTO_RAW));
	assert_non_null(
		strstr(text, "\"sockets\":[\n],\"complete\":true,\"unavailable\":[\"raw\"]}"));
	assert_int_equal(fakenl.next, 1);
	assert_int_equal(fakenl.req[0].protocol, IPPROTO_RAW);
	free(text);
}

/* Every protocol read: the list is empty, always there. */
static void list_of_available_protocols_has_no_unavailable(void **state)
{
	struct pw_list_result res = { 0 };
	char *text;

	(void)state;
	FAKENL_PLAY({ FAKENL_SOCKS_DONE, 1, 22 });
	text = LIST(0, &res, "-t", "-4", "-o", "json");
	assert_int_equal(res.listed, 1);
	assert_int_equal(res.unavailable, 0);
	assert_non_null(strstr(text, "],\"complete\":true,\"unavailable\":[]}\n"));
	free(text);
}

static void list_takes_tcp_of_both_families_in_one_legacy_request(void **state)
{
	struct pw_list_result res = { 0 };
	char *text;

	(void)state;
	FAKENL_PLAY({ FAKENL_SOCKS_DONE, 4, 100 });
	text = LIST(0, &res, "-t", "-o", "jsonl");
	assert_true(res.complete);
	assert_int_equal(res.listed, 4);
	assert_int_equal(fakenl.sends, 1);
	assert_int_equal(fakenl.req[0].type, TCPDIAG_GETSOCK);
	assert_non_null(strstr(text, "\"family\":\"inet6\""));
	assert_non_null(strstr(text, "\"family\":\"inet\""));
	free(text);
}

static void list_falls_back_to_per_family_requests_without_the_legacy_one(void **state)
{
	struct pw_list_result res = { 0 };
	char *text;

	(void)state;
	FAKENL_PLAY({ FAKENL_ERROR_MSG, EOPNOTSUPP, 0 }, { FAKENL_SOCKS_DONE, 1, 22 },
		    { FAKENL_SOCKS_DONE, 1, 23 });
	text = LIST(0, &res, "-t", "-o", "jsonl");
	assert_true(res.complete);
	assert_int_equal(res.listed, 2);
	assert_int_equal(fakenl.sends, 3);
	assert_int_equal(fakenl.req[1].type, SOCK_DIAG_BY_FAMILY);
	assert_int_equal(fakenl.req[1].family, AF_INET);
	assert_int_equal(fakenl.req[2].family, AF_INET6);
	assert_non_null(strstr(text, "\"port\":23"));
	free(text);
}

/* Asking again per family after sockets came would list those twice. */
static void list_legacy_refused_half_way_is_incomplete_and_not_asked_again(void **state)
{
	struct pw_list_result res = { 0 };
	char *text;

	(void)state;
	FAKENL_PLAY({ FAKENL_SOCKS, 2, 100 }, { FAKENL_ERROR_MSG, EINVAL, 0 });
	text = LIST(0, &res, "-t", "-o", "json");
	assert_incomplete(&res, text);
	assert_int_equal(res.listed, 2);
	assert_int_equal(fakenl.sends, 1);
	free(text);
}

static void list_restart_before_any_socket_lists_everything(void **state)
{
	struct pw_list_result res = { 0 };

	(void)state;
	FAKENL_PLAY({ FAKENL_INTR, 1, 100 }, { FAKENL_SOCKS_DONE, 2, 100 });
	free(LIST(0, &res, "-t", "-4", "-o", "jsonl"));
	assert_true(res.complete);
	assert_int_equal(res.listed, 2);
}

/* The restarted dump never hands over the sockets listed before: they are gone. */
static void list_restart_that_cannot_find_its_place_is_incomplete(void **state)
{
	struct pw_list_result res = { 0 };
	char *text;

	(void)state;
	FAKENL_PLAY({ FAKENL_SOCKS, 2, 100 }, { FAKENL_INTR, 1, 102 },
		    { FAKENL_SOCKS_DONE, 1, 500 });
	text = LIST(0, &res, "-t", "-4", "-o", "json");
	assert_incomplete(&res, text);
	assert_int_equal(res.listed, 2);
	assert_null(strstr(text, "\"port\":500"));
	free(text);
}

static void list_error_mid_dump_is_incomplete(void **state)
{
	struct pw_list_result res = { 0 };
	char *text;

	(void)state;
	FAKENL_PLAY({ FAKENL_SOCKS, 2, 1 }, { FAKENL_ERROR_MSG, EIO, 0 });
	text = LIST(0, &res, "-u", "-6", "-o", "json");
	assert_incomplete(&res, text);
	free(text);
}

static void list_fails_when_netlink_cannot_open(void **state)
{
	struct pw_list_result res = { 0 };

	(void)state;
	fakenl_play(NULL, 0);
	fakenl.open_errno = EACCES;
	free(LIST(-EACCES, &res, "-t", "--source", "netlink"));
}

static void list_falls_back_to_proc_when_netlink_is_refused(void **state)
{
	struct pw_list_result res = { 0 };
	char *text;

	(void)state;
	fakenl_play(NULL, 0);
	fakenl.open_errno = EACCES;
	/* This host's own /proc/net: what it holds is not known, only that it reads whole. */
	text = LIST(0, &res, "-t", "-o", "json");
	assert_true(res.complete);
	assert_non_null(strstr(text, "\"complete\":true"));
	assert_int_equal(fakenl.sends, 0);
	free(text);
}

static void list_with_enobufs_every_time_is_incomplete(void **state)
{
	struct pw_list_result res = { 0 };
	char *text;

	(void)state;
	FAKENL_PLAY({ FAKENL_SOCKS, 1, 1 }, { FAKENL_ERRNO, ENOBUFS, 0 },
		    { FAKENL_ERRNO, ENOBUFS, 0 }, { FAKENL_ERRNO, ENOBUFS, 0 },
		    { FAKENL_ERRNO, ENOBUFS, 0 }, { FAKENL_ERRNO, ENOBUFS, 0 },
		    { FAKENL_ERRNO, ENOBUFS, 0 });
	text = LIST(0, &res, "-u", "-4", "-o", "json");
	assert_incomplete(&res, text);
	/* The socket seen before the first loss is listed once, not lost nor doubled. */
	assert_int_equal(res.listed, 1);
	free(text);
}

static void list_with_a_malformed_reply_is_incomplete(void **state)
{
	struct pw_list_result res = { 0 };
	char *text;

	(void)state;
	FAKENL_PLAY({ FAKENL_SOCKS, 2, 1 }, { FAKENL_HUGE_LEN, 0, 0 });
	text = LIST(0, &res, "-t", "-4", "-o", "json");
	assert_incomplete(&res, text);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dump_reads_batches_until_done),
		cmocka_unit_test_teardown(interrupted_dump_is_started_again_on_a_fresh_socket,
					  teardown),
		cmocka_unit_test_teardown(dump_interrupted_every_time_gives_up_with_eintr,
					  teardown),
		cmocka_unit_test_teardown(enobufs_starts_the_dump_again, teardown),
		cmocka_unit_test_teardown(signal_during_receive_keeps_reading, teardown),
		cmocka_unit_test_teardown(truncated_receive_is_an_error, teardown),
		cmocka_unit_test_teardown(missing_module_is_reported_as_such, teardown),
		cmocka_unit_test_teardown(error_mid_dump_is_an_error_not_an_empty_list, teardown),
		cmocka_unit_test_teardown(foreign_reply_is_an_error, teardown),
		cmocka_unit_test_teardown(legacy_dump_asks_once_for_tcp_of_both_families, teardown),
		cmocka_unit_test_teardown(legacy_dump_refuses_replies_of_another_type, teardown),
		cmocka_unit_test_teardown(legacy_dump_is_for_tcp_only, teardown),
		cmocka_unit_test_teardown(refused_legacy_dump_is_reported_as_missing, teardown),
		cmocka_unit_test_teardown(malformed_replies_are_errors_never_a_hang, teardown),
		cmocka_unit_test_teardown(foreign_reply_mid_dump_is_an_error, teardown),
		cmocka_unit_test_teardown(busy_socket_is_replaced_and_the_dump_sent_again,
					  teardown),
		cmocka_unit_test_teardown(enobufs_every_time_gives_up_with_eintr, teardown),
		cmocka_unit_test(open_failure_sets_errno),
		cmocka_unit_test(list_drops_repeats_of_a_retried_dump),
		cmocka_unit_test(list_with_retries_exhausted_is_incomplete),
		cmocka_unit_test(list_reports_missing_protocol_and_lists_the_others),
		cmocka_unit_test(list_of_a_missing_protocol_only_lists_nothing_and_names_it),
		cmocka_unit_test(list_of_available_protocols_has_no_unavailable),
		cmocka_unit_test(list_error_mid_dump_is_incomplete),
		cmocka_unit_test(list_takes_tcp_of_both_families_in_one_legacy_request),
		cmocka_unit_test(list_falls_back_to_per_family_requests_without_the_legacy_one),
		cmocka_unit_test(list_legacy_refused_half_way_is_incomplete_and_not_asked_again),
		cmocka_unit_test(list_restart_before_any_socket_lists_everything),
		cmocka_unit_test(list_restart_that_cannot_find_its_place_is_incomplete),
		cmocka_unit_test(list_fails_when_netlink_cannot_open),
		cmocka_unit_test(list_falls_back_to_proc_when_netlink_is_refused),
		cmocka_unit_test(list_with_enobufs_every_time_is_incomplete),
		cmocka_unit_test(list_with_a_malformed_reply_is_incomplete),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
