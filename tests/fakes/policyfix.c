/* SPDX-License-Identifier: MIT */
/* Test helper: the service table, fake user database and parse-and-judge checks both policy drivers use. */
#include "policyfix.h"

#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

/* Names only the tests use, so that what they resolve to is known. */
static const char pol_services[] = "pwt-web 8080/tcp web-alias\n"
				   "pwt-multi 7000/tcp\n"
				   "pwt-multi 7001/udp\n"
				   "pwt-udp 7003/udp\n"
				   "pwt-sctp 9000/sctp\n"
				   "pwt-dccp 9100/dccp\n";

struct pw_services *pol_db;

int pol_group_setup(void **state)
{
	(void)state;
	pol_db = pw_services_new();
	if (!pol_db ||
	    pw_services_load_buffer(pol_db, pol_services, sizeof(pol_services) - 1, NULL)) {
		pw_services_free(pol_db);
		return -1;
	}
	return 0;
}

int pol_group_teardown(void **state)
{
	(void)state;
	pw_services_free(pol_db);
	return 0;
}

int pol_uid(const char *name, uint32_t *uid, void *ctx)
{
	static const struct {
		const char *name;
		uint32_t uid;
	} users[] = { { "root", 0 }, { "www-data", 33 }, { "postgres", 70 } };
	struct pol_users *u = ctx;

	if (u) {
		u->calls++;
		snprintf(u->last, sizeof(u->last), "%s", name);
		if (u->fail)
			return u->fail;
	}
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++) {
		if (!strcmp(name, users[i].name)) {
			*uid = users[i].uid;
			return 0;
		}
	}
	return -ENOENT;
}

struct pw_policy *pol_parse_full(const char *text, size_t len, const struct pw_services *db, int at)
{
	struct pw_policy *p = (struct pw_policy *)&p; /* anything but NULL */
	struct pw_error err = { .line = 9999, .col = 9999 };
	int rc = pw_policy_parse(text, len, POL_FILE, db, pol_uid, NULL, &p, &err);

	if (rc)
		fail_msg("test line %d: parse failed (%d) at %u:%u: %s", at, rc, err.line, err.col,
			 err.msg);
	if (!p)
		fail_msg("test line %d: parse succeeded with no policy", at);
	return p;
}

struct pw_sock pol_sock(uint8_t proto, const char *addr, uint16_t port)
{
	struct pw_sock k = { .proto = proto, .lport = port, .v6only = -1 };
	bool v6 = strchr(addr, ':') != NULL;

	k.family = v6 ? AF_INET6 : AF_INET;
	k.state = proto == TCP || proto == SCTP ? PW_ST_LISTEN : PW_ST_CLOSE;
	if (inet_pton(v6 ? AF_INET6 : AF_INET, addr, k.laddr) != 1)
		fail_msg("bad test address %s", addr);
	return k;
}

struct pw_proc pol_proc(int pid, const char *comm, const char *exe)
{
	/* The policy only reads them: the casts only fit struct pw_proc. */
	return (struct pw_proc){ .pid = pid, .comm = (char *)comm, .exe = (char *)exe };
}

/* Judge s: want by the rule on want_line, sure or not as want_sure says. */
static void pol_expect_judged(const struct pw_policy *p, const struct pw_policy_subject *s,
			      const struct pw_hostports *hp, enum pw_verdict want,
			      unsigned want_line, bool want_sure, int at)
{
	unsigned line = 9999;
	bool sure = !want_sure;
	enum pw_verdict v = pw_policy_judge(p, s, hp, &line, &sure, NULL);
	char addr[PW_ADDR_STRLEN];

	if (v != want || line != want_line || sure != want_sure) {
		pw_sock_format_addr(s->sock, false, addr);
		fail_msg("test line %d: %s %s port %u: verdict %d by line %u%s, want %d by line "
			 "%u%s",
			 at, pw_sock_proto_name(s->sock->proto), addr, s->sock->lport, v, line,
			 sure ? "" : " (unsure)", want, want_line, want_sure ? "" : " (unsure)");
	}
}

void pol_expect_full(const struct pw_policy *p, const struct pw_policy_subject *s,
		     const struct pw_hostports *hp, enum pw_verdict want, unsigned want_line,
		     int at)
{
	pol_expect_judged(p, s, hp, want, want_line, true, at);
}

void pol_expect_unseen(const struct pw_policy *p, uint8_t proto, const char *addr, uint16_t port,
		       enum pw_verdict want, unsigned line, bool sure, int at)
{
	struct pw_sock k = pol_sock(proto, addr, port);
	struct pw_policy_subject s = { .sock = &k, .holders_unseen = true };

	pol_expect_judged(p, &s, NULL, want, line, sure, at);
}

void pol_expect_held(const struct pw_policy *p, uint8_t proto, const char *addr, uint16_t port,
		     enum pw_verdict want, unsigned line, const struct pw_proc *const *holders,
		     int at)
{
	struct pw_sock k = pol_sock(proto, addr, port);
	struct pw_policy_subject s = { .sock = &k, .procs = holders };

	while (holders[s.nprocs])
		s.nprocs++;
	pol_expect_full(p, &s, NULL, want, line, at);
}

void pol_expect_addrs(const struct pw_policy *p, uint8_t proto, uint16_t port, enum pw_verdict want,
		      unsigned line, const char *const *addrs, int at)
{
	for (size_t i = 0; addrs[i]; i++) {
		struct pw_sock k = pol_sock(proto, addrs[i], port);
		struct pw_policy_subject s = { .sock = &k };

		pol_expect_full(p, &s, NULL, want, line, at);
	}
}

void pol_expect_ports(const struct pw_policy *p, const struct pw_hostports *hp, uint8_t proto,
		      const char *addr, enum pw_verdict want, unsigned line, const int *ports,
		      int at)
{
	for (size_t i = 0; ports[i] >= 0; i++) {
		struct pw_sock k = pol_sock(proto, addr, (uint16_t)ports[i]);
		struct pw_policy_subject s = { .sock = &k };

		pol_expect_full(p, &s, hp, want, line, at);
	}
}
