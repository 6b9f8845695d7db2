/* SPDX-License-Identifier: MIT */
/* Test helper: listeners, policies and check runs for the check, output and snapshot drivers. */
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
#include <sys/socket.h>

#include <cmocka.h>

#include "checkfix.h"
#include "recfix.h"

struct pw_services *ck_db;
struct pw_hostports ck_hp;

int ck_group_setup(void **state)
{
	(void)state;
	ck_db = pw_services_new();
	pw_ports_default(&ck_hp);
	return ck_db ? 0 : -1;
}

int ck_group_teardown(void **state)
{
	(void)state;
	pw_services_free(ck_db);
	return 0;
}

static const struct pw_proc ck_sshd = CK_PROC(612, "sshd", "/usr/sbin/sshd");
/* The same daemon after a restart: only its pid differs. */
static const struct pw_proc ck_sshd_restarted = CK_PROC(4001, "sshd", "/usr/sbin/sshd");
static const struct pw_proc ck_telnetd = CK_PROC(5, "telnetd", "/usr/sbin/in.telnetd");
static const struct pw_proc ck_nginx = CK_PROC(800, "nginx", "/usr/sbin/nginx");
static const struct pw_proc ck_nginx_worker = CK_PROC(801, "nginx", "/usr/sbin/nginx");
static const struct pw_proc ck_resolved =
	CK_PROC(300, "systemd-resolve", "/usr/lib/systemd/systemd-resolved");
static const struct pw_proc ck_backdoor = CK_PROC(77, "backdoor", "/tmp/.x/backdoor");

const struct pw_proc *const ck_by_sshd[1] = { &ck_sshd };
const struct pw_proc *const ck_by_sshd_restarted[1] = { &ck_sshd_restarted };
const struct pw_proc *const ck_by_telnetd[1] = { &ck_telnetd };
const struct pw_proc *const ck_by_nginx[1] = { &ck_nginx };
const struct pw_proc *const ck_by_nginx_worker[1] = { &ck_nginx_worker };
const struct pw_proc *const ck_by_nginx_pair[2] = { &ck_nginx, &ck_nginx_worker };
const struct pw_proc *const ck_by_resolved[1] = { &ck_resolved };
const struct pw_proc *const ck_by_backdoor[1] = { &ck_backdoor };

static uint32_t ck_next_inode = 1000;

struct pw_sock ck_sock(unsigned proto, const char *addr, uint16_t port)
{
	struct pw_sock s = rf_listener_at(proto, addr, port);

	if (s.family == AF_INET6)
		s.v6only = 0;
	s.inode = ck_next_inode++;
	s.cookie = 0x5000 + s.inode;
	return s;
}

/*
 * The record given to pw_listeners_add and its socket live on this stack
 * frame only: the set must copy them.
 */
struct pw_listener *ck_add(struct pw_listeners *ls, unsigned proto, const char *addr, uint16_t port,
			   const struct pw_proc *const *holders, size_t n)
{
	struct pw_sock s = ck_sock(proto, addr, port);
	struct pw_rec r = { .sock = &s, .owners = true, .procs = holders, .nprocs = n };

	pw_annotate_endpoint(&r.local, &s, false, ck_db, &ck_hp);
	pw_annotate_endpoint(&r.remote, &s, true, ck_db, &ck_hp);
	r.notable = pw_annotate_notable(&s, &r.local);
	pw_listeners_add(&r, ls);
	return ls->v[ls->n - 1];
}

struct pw_policy *ck_policy_at(const char *text, int at)
{
	struct pw_policy *p = NULL;
	struct pw_error err = { 0 };
	int rc = pw_policy_parse(text, strlen(text), CK_FILE, ck_db, NULL, NULL, &p, &err);

	if (rc || !p)
		fail_msg("test line %d: policy refused (%d) at %u:%u: %s", at, rc, err.line,
			 err.col, err.msg);
	return p;
}

static char ck_blue_name[] = "blue";
const struct pw_netns ck_ns_host = { .inode = 4026531840u, .initial = true };
const struct pw_netns ck_ns_blue = { .inode = 4026532001u, .name = ck_blue_name };
const struct pw_netns ck_ns_anon = { .inode = 4026532301u };

struct pw_listener *ck_add_in(struct pw_listeners *ls, unsigned proto, const char *addr,
			      uint16_t port, const struct pw_netns *ns, bool many)
{
	struct pw_listener *l = ck_add(ls, proto, addr, port, CK_HOLDERS(ck_by_nginx));

	l->rec.netns = ns;
	l->rec.show_netns = many;
	return l;
}

void ck_add_in_each_netns(struct pw_listeners *ls)
{
	ck_add_in(ls, PW_PROTO_TCP, "0.0.0.0", 80, &ck_ns_host, true);
	ck_add_in(ls, PW_PROTO_TCP, "0.0.0.0", 80, &ck_ns_blue, true);
	ck_add_in(ls, PW_PROTO_TCP, "0.0.0.0", 80, &ck_ns_anon, true);
}

/* Judge c's listeners, policy and baseline with the rest of in as given. */
static void ck_judge_input(struct ck_run *c, struct pw_check_input in)
{
	in.listeners = &c->ls;
	in.policy = c->policy;
	in.baseline = c->baseline;
	in.hp = &ck_hp;
	in.db = ck_db;
	in.netns = c->netns;
	pw_check_run(&in, &c->res);
}

void ck_judge(struct ck_run *c, bool complete, bool owners_complete)
{
	ck_judge_input(c, (struct pw_check_input){
				  .complete = complete,
				  .owners_complete = owners_complete,
			  });
}

void ck_judge_listed(struct ck_run *c, uint32_t protos, bool inet, bool inet6, uint32_t unseen,
		     uint32_t named)
{
	struct pw_filter f;

	pw_filter_init(&f);
	f.protos = protos;
	f.inet = inet;
	f.inet6 = inet6;
	ck_judge_input(c, (struct pw_check_input){
				  .complete = true,
				  .owners_complete = true,
				  .listed = &f,
				  .unseen_protos = unseen,
				  .named_protos = named,
			  });
	pw_filter_fini(&f);
}

void ck_snapshot_before(struct ck_run *c, const char *netns)
{
	c->baseline = pw_snapshot_baseline(&c->before, netns);
}

void ck_fini(struct ck_run *c)
{
	pw_check_result_fini(&c->res);
	pw_listeners_fini(&c->before);
	pw_listeners_fini(&c->ls);
	pw_policy_free(c->policy);
	pw_baseline_free(c->baseline);
}

const struct pw_finding *ck_find(const struct pw_check_result *res, enum pw_finding_kind k,
				 size_t i)
{
	for (size_t j = 0; j < res->n; j++)
		if (res->findings[j].kind == k && i-- == 0)
			return &res->findings[j];
	return NULL;
}

const struct pw_check_meta ck_meta = {
	.host = "h1",
	.time = "2024-05-06T07:08:09Z",
	.policy_file = CK_FILE,
};

char *ck_render(enum pw_check_format fmt, const struct pw_check_result *res,
		const struct pw_check_meta *meta)
{
	char *text = NULL;

	CK_CAPTURE(text, pw_check_render(f, fmt, res, meta));
	return text;
}

char *ck_listener_text(const struct pw_listener *l)
{
	char *text = NULL;

	CK_CAPTURE(text, pw_check_listener_line(f, l));
	return text;
}

size_t ck_count(const char *s, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

char *ck_line(const char *text, size_t i)
{
	const char *p = text, *end;

	while (i-- > 0) {
		p = strchr(p, '\n');
		if (!p)
			return NULL;
		p++;
	}
	if (!*p)
		return NULL;
	end = strchr(p, '\n');
	return strndup(p, end ? (size_t)(end - p) : strlen(p));
}
