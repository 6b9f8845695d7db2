/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of source.c: netlink (the scripted kernel of fakenl.c), the
 * /proc/net tables of tests/fixtures/procnet, and when auto goes from one
 * to the other.
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
#include <unistd.h>

#include <cmocka.h>

#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "diag.h"
#include "fakenl.h"
#include "source.h"

#define PROCNET PW_FIXTURES "/procnet"
/* The IPv4 tables alone, as on a kernel without IPv6. */
#define PROCNET4 PW_FIXTURES "/procnet-noipv6"

struct seen {
	int n;
	uint64_t cookies;
	uint32_t inodes[32];
	int batches;	    /* calls of received */
	int batch_first[8]; /* sockets seen when each batch was said */
};

static int collect(const struct pw_sock *s, void *data)
{
	struct seen *seen = data;

	if (seen->n < 32)
		seen->inodes[seen->n] = s->inode;
	seen->cookies += s->cookie;
	seen->n++;
	return 0;
}

static void received(void *data)
{
	struct seen *seen = data;

	if (seen->batches < 8)
		seen->batch_first[seen->batches] = seen->n;
	seen->batches++;
}

/* A sink that collects into seen. */
#define COLLECT(seen) (&(const struct pw_dump_sink){ collect, NULL, (seen), received })

/* pw_source_dump of sockets in every state into seen. */
static int dump(struct pw_source *src, unsigned proto, int family, struct seen *seen)
{
	return pw_source_dump(src, proto, family, PW_ST_ALL, COLLECT(seen));
}

/* What the source under test says goes to a memory stream, one per test. */
static FILE *notes;
static char *notes_buf;
static size_t notes_len;

/* A kernel that is asked nothing (tests that need one script it), and fresh notes. */
static int setup(void **state)
{
	(void)state;
	fakenl_play(NULL, 0);
	notes_buf = NULL;
	notes = open_memstream(&notes_buf, &notes_len);
	return notes ? 0 : -1;
}

/* Also after a failed assertion, which skips the end of a test. */
static int teardown(void **state)
{
	(void)state;
	if (notes)
		fclose(notes);
	notes = NULL;
	free(notes_buf);
	return 0;
}

/* Open a source of kind over procnet that says what it does on the notes stream. */
static struct pw_source *source_open(enum pw_source_kind kind, const char *procnet)
{
	struct pw_source *src = pw_source_open(kind, procnet, notes);

	assert_non_null(src);
	return src;
}

/*
 * Close src and the notes, once every scripted reply was read. Returns how
 * many bytes were said; notes_buf holds them.
 */
static size_t source_close(struct pw_source *src)
{
	pw_source_close(src);
	fclose(notes);
	notes = NULL;
	assert_int_equal(fakenl.next, fakenl.nsteps);
	return notes_len;
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

/*
 * Whether src reads TCP from /proc/net: it then answers a request for both
 * families at once, without asking netlink, that it reads per family.
 */
static bool reads_proc(struct pw_source *src)
{
	struct seen seen = { 0 };
	int sends = fakenl.sends, ret;

	ret = dump(src, PW_PROTO_TCP, AF_UNSPEC, &seen);
	if (fakenl.sends != sends) {
		/* Netlink was asked: the fake answered, and must not be again. */
		assert_int_equal(fakenl.sends, sends + 1);
		return false;
	}
	assert_int_equal(ret, -EOPNOTSUPP);
	assert_int_equal(seen.n, 0);
	assert_non_null(strstr(pw_source_why(src), "per family"));
	return true;
}

static void words_parse(void **state)
{
	enum pw_source_kind k = PW_SOURCE_AUTO;

	(void)state;
	assert_int_equal(pw_source_parse("proc", &k), 0);
	assert_int_equal(k, PW_SOURCE_PROC);
	assert_int_equal(pw_source_parse("netlink", &k), 0);
	assert_int_equal(k, PW_SOURCE_NETLINK);
	assert_int_equal(pw_source_parse("auto", &k), 0);
	assert_int_equal(k, PW_SOURCE_AUTO);
	assert_int_equal(pw_source_parse("Proc", &k), -EINVAL);
	assert_int_equal(pw_source_parse("", &k), -EINVAL);
}

static void proc_reads_the_tables_and_filters_states_itself(void **state)
{
	struct pw_source *src = source_open(PW_SOURCE_PROC, PROCNET);
	struct seen seen = { 0 };

	(void)state;
	assert_true(reads_proc(src));
	assert_int_equal(
		pw_source_dump(src, PW_PROTO_TCP, AF_INET, PW_ST_BIT(PW_ST_LISTEN), COLLECT(&seen)),
		0);
	/* The fixture's tcp table: 7 listeners, 5 established, 2 TIME-WAIT. */
	assert_int_equal(seen.n, 7);
	assert_int_equal(seen.inodes[0], 131587);
	assert_int_equal(seen.cookies, 0);
	/* The table is read whole before its first socket is handed over: one batch. */
	assert_int_equal(seen.batches, 1);
	assert_int_equal(seen.batch_first[0], 0);
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(dump(src, PW_PROTO_TCP, AF_INET, &seen), 0);
	assert_int_equal(seen.n, 14);
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(pw_source_dump(src, PW_PROTO_TCP, AF_INET, PW_ST_BIT(PW_ST_TIME_WAIT),
					COLLECT(&seen)),
			 0);
	assert_int_equal(seen.n, 2);
	assert_int_equal(fakenl.opens, 0);
	/* Asked for: nothing to say. */
	assert_int_equal(source_close(src), 0);
}

static void auto_falls_back_once_when_sock_diag_is_refused_at_open(void **state)
{
	struct pw_source *src;
	struct seen seen = { 0 };

	(void)state;
	fakenl.open_errno = EPROTONOSUPPORT;
	src = source_open(PW_SOURCE_AUTO, PROCNET);
	assert_true(reads_proc(src));
	assert_int_equal(dump(src, PW_PROTO_UDP, AF_INET, &seen), 0);
	assert_int_equal(dump(src, PW_PROTO_UDP, AF_INET6, &seen), 0);
	assert_int_equal(seen.n, 8);
	source_close(src);
	assert_int_equal(count_lines(notes_buf), 1);
	assert_non_null(strstr(notes_buf, strerror(EPROTONOSUPPORT)));
	assert_non_null(strstr(notes_buf, PROCNET));
}

static void auto_fails_on_other_open_errors_and_netlink_never_falls_back(void **state)
{
	(void)state;
	fakenl.open_errno = EMFILE;
	errno = 0;
	assert_null(pw_source_open(PW_SOURCE_AUTO, PROCNET, notes));
	assert_int_equal(errno, EMFILE);
	fakenl.open_errno = EACCES;
	errno = 0;
	assert_null(pw_source_open(PW_SOURCE_NETLINK, PROCNET, notes));
	assert_int_equal(errno, EACCES);
	assert_int_equal(source_close(NULL), 0);
}

static void auto_falls_back_when_a_dump_is_refused_before_any_socket(void **state)
{
	struct pw_source *src;
	struct seen seen = { 0 };

	(void)state;
	/* seccomp or an LSM may let the socket open and refuse the request. */
	fakenl.send_errno = EPERM;
	src = source_open(PW_SOURCE_AUTO, PROCNET);
	assert_int_equal(dump(src, PW_PROTO_TCP, AF_INET6, &seen), 0);
	assert_true(reads_proc(src));
	assert_int_equal(seen.n, 7);
	assert_int_equal(dump(src, PW_PROTO_TCP, AF_INET, &seen), 0);
	assert_int_equal(seen.n, 21);
	/* The first send was refused; nothing went to netlink after the fallback. */
	assert_int_equal(fakenl.sends, 1);
	source_close(src);
	assert_int_equal(count_lines(notes_buf), 1);
	assert_non_null(strstr(notes_buf, strerror(EPERM)));
}

static void refusal_after_sockets_is_an_error_not_a_fallback(void **state)
{
	struct pw_source *src;
	struct seen seen = { 0 };

	(void)state;
	/* Each dump: two sockets, then the refusal. */
	FAKENL_PLAY({ FAKENL_SOCKS, 2, 1000 }, { FAKENL_ERRNO, EACCES, 0 },
		    { FAKENL_SOCKS, 2, 1000 }, { FAKENL_ERRNO, EACCES, 0 });
	src = source_open(PW_SOURCE_AUTO, PROCNET);
	/* The proc tables would list the two again (with no cookie to drop them by). */
	assert_int_equal(dump(src, PW_PROTO_TCP, AF_INET, &seen), -EACCES);
	assert_int_equal(seen.n, 2);
	assert_non_null(strstr(pw_source_why(src), "netlink dump failed"));
	assert_non_null(strstr(pw_source_why(src), strerror(EACCES)));
	/* Still netlink: nothing was said, nothing fell back. */
	assert_false(reads_proc(src));
	assert_int_equal(source_close(src), 0);
}

static void auto_reads_a_protocol_without_diag_module_from_proc(void **state)
{
	struct pw_source *src;
	struct seen seen = { 0 };

	(void)state;
	/* raw/inet has no module; tcp/inet, then reads_proc's request, have sockets. */
	FAKENL_PLAY({ FAKENL_DONE_ERR, ENOENT, 0 }, { FAKENL_SOCKS_DONE, 3, 1000 },
		    { FAKENL_SOCKS_DONE, 3, 1000 });
	src = source_open(PW_SOURCE_AUTO, PROCNET);
	assert_int_equal(dump(src, PW_PROTO_RAW, AF_INET, &seen), 0);
	assert_int_equal(seen.n, 1);
	assert_int_equal(seen.inodes[0], 131634);
	assert_int_equal(fakenl.sends, 1);
	/* Known missing now: inet6 goes to /proc/net straight away. */
	assert_int_equal(dump(src, PW_PROTO_RAW, AF_INET6, &seen), 0);
	assert_int_equal(seen.n, 2);
	assert_int_equal(fakenl.sends, 1);
	/* Other protocols still come from netlink. */
	assert_int_equal(dump(src, PW_PROTO_TCP, AF_INET, &seen), 0);
	assert_int_equal(seen.n, 5);
	assert_int_equal(fakenl.sends, 2);
	assert_false(reads_proc(src));
	source_close(src);
	assert_int_equal(count_lines(notes_buf), 1);
	assert_non_null(strstr(notes_buf, "raw"));
}

static void netlink_kind_reports_a_missing_module_as_such(void **state)
{
	struct pw_source *src;
	struct seen seen = { 0 };

	(void)state;
	FAKENL_PLAY({ FAKENL_DONE_ERR, ENOENT, 0 });
	src = source_open(PW_SOURCE_NETLINK, PROCNET);
	assert_true(pw_diag_proto_missing(dump(src, PW_PROTO_RAW, AF_INET, &seen)));
	assert_int_equal(seen.n, 0);
	assert_non_null(strstr(pw_source_why(src), "no diag module"));
	assert_int_equal(source_close(src), 0);
}

static void proc_missing_table_and_sctp_are_missing_protocols(void **state)
{
	/* A folder without socket tables: neither family's is there. */
	struct pw_source *src = source_open(PW_SOURCE_PROC, PW_FIXTURES);
	struct seen seen = { 0 };
	int ret;

	(void)state;
	ret = dump(src, PW_PROTO_TCP, AF_INET6, &seen);
	assert_int_equal(ret, -ENOENT);
	assert_true(pw_diag_proto_missing(ret));
	assert_non_null(strstr(pw_source_why(src), PW_FIXTURES "/tcp6: "));
	assert_int_equal(dump(src, PW_PROTO_TCP, AF_INET, &seen), -ENOENT);
	assert_non_null(strstr(pw_source_why(src), PW_FIXTURES "/tcp: "));
	ret = dump(src, PW_PROTO_SCTP, AF_INET, &seen);
	assert_int_equal(ret, -EOPNOTSUPP);
	assert_true(pw_diag_proto_missing(ret));
	assert_non_null(strstr(pw_source_why(src), "no table"));
	source_close(src);
}

/* A kernel without IPv6 has no "6" tables: no IPv6 sockets, and nothing missing. */
static void proc_without_ipv6_tables_has_no_inet6_sockets(void **state)
{
	static const struct {
		unsigned proto;
		int n4;
	} protos[] = {
		{ PW_PROTO_TCP, 14 },
		{ PW_PROTO_UDP, 4 },
		{ PW_PROTO_UDPLITE, 1 },
		{ PW_PROTO_RAW, 1 },
	};
	struct pw_source *src = source_open(PW_SOURCE_PROC, PROCNET4);
	struct seen none = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(protos) / sizeof(protos[0]); i++) {
		struct seen seen = { 0 };

		assert_int_equal(dump(src, protos[i].proto, AF_INET6, &seen), 0);
		assert_int_equal(seen.n, 0);
		assert_string_equal(pw_source_why(src), "");
		assert_int_equal(dump(src, protos[i].proto, AF_INET, &seen), 0);
		assert_int_equal(seen.n, protos[i].n4);
	}
	/* SCTP has no table of either family: still not available. */
	assert_int_equal(dump(src, PW_PROTO_SCTP, AF_INET6, &none), -EOPNOTSUPP);
	assert_int_equal(source_close(src), 0);
}

/* The same when auto reads one protocol from /proc/net for want of its diag module. */
static void auto_without_diag_module_nor_ipv6_tables_has_no_inet6_sockets(void **state)
{
	struct pw_source *src;
	struct seen seen = { 0 };

	(void)state;
	FAKENL_PLAY({ FAKENL_DONE_ERR, ENOENT, 0 });
	src = source_open(PW_SOURCE_AUTO, PROCNET4);
	assert_int_equal(dump(src, PW_PROTO_RAW, AF_INET, &seen), 0);
	assert_int_equal(seen.n, 1);
	assert_int_equal(dump(src, PW_PROTO_RAW, AF_INET6, &seen), 0);
	assert_int_equal(seen.n, 1);
	assert_int_equal(fakenl.sends, 1);
	source_close(src);
	/* The one note on the missing module; none on the missing table. */
	assert_int_equal(count_lines(notes_buf), 1);
}

static void proc_malformed_table_names_the_file_and_line(void **state)
{
	char dir[] = "/tmp/pw-test-source.XXXXXX", path[128], tcp[64];
	FILE *f;
	struct pw_source *src;
	struct seen seen = { 0 };
	int ret;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(tcp, sizeof(tcp), "%s/tcp", dir);
	f = fopen(tcp, "w");
	assert_non_null(f);
	fputs("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
	      "timeout inode\n"
	      "   0: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0 "
	      "       0 1 1\n"
	      "   1: 0100007F:0017 00000000:0000 ZZ 00000000:00000000 00:00000000 00000000     0 "
	      "       0 2 1\n",
	      f);
	fclose(f);
	/* A folder named tcp6: not a regular file. */
	snprintf(path, sizeof(path), "%s/tcp6", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	src = source_open(PW_SOURCE_PROC, dir);
	ret = dump(src, PW_PROTO_TCP, AF_INET, &seen);
	/* Not -EINVAL: that would read as a missing protocol. */
	assert_int_equal(ret, -EPROTO);
	assert_false(pw_diag_proto_missing(ret));
	snprintf(path, sizeof(path), "%s:3: malformed state", tcp);
	assert_string_equal(pw_source_why(src), path);
	assert_int_equal(seen.n, 1);
	ret = dump(src, PW_PROTO_TCP, AF_INET6, &seen);
	assert_false(pw_diag_proto_missing(ret));
	assert_true(ret < 0);
	assert_non_null(strstr(pw_source_why(src), "tcp6: "));
	source_close(src);
	snprintf(path, sizeof(path), "%s/tcp6", dir);
	rmdir(path);
	unlink(tcp);
	rmdir(dir);
}

/* TCP of both families in one legacy request, from netlink. */
static void both_families_at_once_come_from_netlink(void **state)
{
	struct pw_source *src;
	struct seen seen = { 0 };

	(void)state;
	FAKENL_PLAY({ FAKENL_SOCKS_DONE, 3, 1000 });
	src = source_open(PW_SOURCE_AUTO, PROCNET);
	assert_int_equal(dump(src, PW_PROTO_TCP, AF_UNSPEC, &seen), 0);
	assert_int_equal(fakenl.type, TCPDIAG_GETSOCK);
	assert_int_equal(fakenl.sends, 1);
	assert_int_equal(seen.n, 3);
	/* The source passes netlink's batches on. */
	assert_int_equal(seen.batches, 1);
	assert_int_equal(source_close(src), 0);
}

/* /proc/net has a table per family: the caller is told to ask per family. */
static void both_families_at_once_from_proc_are_asked_per_family(void **state)
{
	struct pw_source *src = source_open(PW_SOURCE_PROC, PROCNET);
	struct seen seen = { 0 };

	(void)state;
	assert_true(pw_diag_proto_missing(dump(src, PW_PROTO_TCP, AF_UNSPEC, &seen)));
	assert_int_equal(seen.n, 0);
	assert_int_equal(dump(src, PW_PROTO_TCP, AF_INET, &seen), 0);
	assert_int_equal(seen.n, 14);
	source_close(src);
}

/*
 * The legacy request refused as sock_diag is refused (seccomp): auto falls
 * back to /proc/net, says so once, and the caller's per-family requests
 * read the tables.
 */
static void refused_legacy_request_falls_back_to_proc_per_family(void **state)
{
	struct pw_source *src;
	struct seen seen = { 0 };

	(void)state;
	fakenl.send_errno = EPERM;
	src = source_open(PW_SOURCE_AUTO, PROCNET);
	assert_true(pw_diag_proto_missing(dump(src, PW_PROTO_TCP, AF_UNSPEC, &seen)));
	assert_true(reads_proc(src));
	assert_int_equal(seen.n, 0);
	assert_int_equal(dump(src, PW_PROTO_TCP, AF_INET, &seen), 0);
	assert_int_equal(seen.n, 14);
	source_close(src);
	assert_int_equal(count_lines(notes_buf), 1);
}

/* A kernel without the legacy interface: asked per family, netlink still. */
static void legacy_request_without_the_interface_is_asked_per_family(void **state)
{
	struct pw_source *src;
	struct seen seen = { 0 };

	(void)state;
	/* The legacy request refused twice (reads_proc asks again), then tcp/inet. */
	FAKENL_PLAY({ FAKENL_DONE_ERR, EOPNOTSUPP, 0 }, { FAKENL_DONE_ERR, EOPNOTSUPP, 0 },
		    { FAKENL_SOCKS_DONE, 2, 1000 });
	src = source_open(PW_SOURCE_AUTO, PROCNET);
	assert_true(pw_diag_proto_missing(dump(src, PW_PROTO_TCP, AF_UNSPEC, &seen)));
	assert_false(reads_proc(src));
	assert_int_equal(dump(src, PW_PROTO_TCP, AF_INET, &seen), 0);
	assert_int_equal(fakenl.type, SOCK_DIAG_BY_FAMILY);
	assert_int_equal(seen.n, 2);
	assert_int_equal(source_close(src), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(words_parse),
		cmocka_unit_test_setup_teardown(proc_reads_the_tables_and_filters_states_itself,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			auto_falls_back_once_when_sock_diag_is_refused_at_open, setup, teardown),
		cmocka_unit_test_setup_teardown(
			auto_fails_on_other_open_errors_and_netlink_never_falls_back, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			auto_falls_back_when_a_dump_is_refused_before_any_socket, setup, teardown),
		cmocka_unit_test_setup_teardown(refusal_after_sockets_is_an_error_not_a_fallback,
						setup, teardown),
		cmocka_unit_test_setup_teardown(auto_reads_a_protocol_without_diag_module_from_proc,
						setup, teardown),
		cmocka_unit_test_setup_teardown(netlink_kind_reports_a_missing_module_as_such,
						setup, teardown),
		cmocka_unit_test_setup_teardown(proc_missing_table_and_sctp_are_missing_protocols,
						setup, teardown),
		cmocka_unit_test_setup_teardown(proc_without_ipv6_tables_has_no_inet6_sockets,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			auto_without_diag_module_nor_ipv6_tables_has_no_inet6_sockets, setup,
			teardown),
		cmocka_unit_test_setup_teardown(proc_malformed_table_names_the_file_and_line, setup,
						teardown),
		cmocka_unit_test_setup_teardown(both_families_at_once_come_from_netlink, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			both_families_at_once_from_proc_are_asked_per_family, setup, teardown),
		cmocka_unit_test_setup_teardown(
			refused_legacy_request_falls_back_to_proc_per_family, setup, teardown),
		cmocka_unit_test_setup_teardown(
			legacy_request_without_the_interface_is_asked_per_family, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
