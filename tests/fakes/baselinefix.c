/* SPDX-License-Identifier: MIT */
/* Test helper: sockets, holders, identities, sets and file text for both baseline drivers. */
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

#include "baselinefix.h"
#include "recfix.h"

struct pw_sock bl_sock_at(unsigned proto, const char *addr, uint16_t port)
{
	struct pw_sock s = rf_listener_at(proto, addr, port);

	s.cookie = 0x100000 + port;
	s.inode = 40000 + port;
	return s;
}

struct pw_proc bl_proc_of(int pid, const char *comm, const char *exe)
{
	struct pw_proc p = { 0 };

	p.pid = pid;
	p.uid = 0;
	p.comm = (char *)comm;
	p.exe = (char *)exe;
	p.cmdline = (char *)"--run";
	p.unit = (char *)"x.service";
	return p;
}

struct pw_baseline_entry bl_ident(const struct pw_sock *s, const struct pw_proc *p,
				  const char *netns, bool ephemeral_port)
{
	const struct pw_proc *procs[1] = { p };
	struct pw_baseline_entry e;

	assert_int_equal(pw_baseline_from_sock(&e, s, procs, p ? 1 : 0, netns, ephemeral_port), 0);
	return e;
}

/* A heap copy of doc with nothing after it, so ASan sees a read past the end. */
static char *bl_exact_copy(const char *doc, size_t len)
{
	char *p = malloc(len ? len : 1);

	assert_non_null(p);
	memcpy(p, doc, len);
	return p;
}

int bl_parse_n(const char *doc, size_t len, struct pw_baseline **out, struct pw_error *err)
{
	char *buf = bl_exact_copy(doc, len);
	int rc;

	memset(err, 0, sizeof(*err));
	rc = pw_baseline_parse(buf, len, BL_FILE, out, err);
	/* Nothing of the set may point into the buffer. */
	free(buf);
	return rc;
}

int bl_parse(const char *doc, struct pw_baseline **out, struct pw_error *err)
{
	return bl_parse_n(doc, strlen(doc), out, err);
}

char *bl_write_str(const struct pw_baseline *b, const char *host, const char *time, size_t *len)
{
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);

	assert_non_null(f);
	assert_int_equal(pw_baseline_write(f, b, host, time), 0);
	assert_int_equal(fclose(f), 0);
	if (len)
		*len = n;
	return text;
}

void bl_entry_text(const struct pw_baseline_entry *e, char *buf, size_t size)
{
	char port[12];

	if (e->ephemeral)
		snprintf(port, sizeof(port), "eph");
	else
		snprintf(port, sizeof(port), "%u", (unsigned)e->port);
	snprintf(buf, size, "%s/%s/%s/%s/%s/%s", pw_sock_proto_name(e->proto), e->addr, port,
		 e->process ? e->process : "-", e->exe ? e->exe : "-", e->netns ? e->netns : "-");
}

struct pw_baseline_entry bl_ident_n(const struct pw_sock *s, const struct pw_proc *const *procs,
				    size_t n)
{
	struct pw_baseline_entry e;

	assert_int_equal(pw_baseline_from_sock(&e, s, procs, n, NULL, false), 0);
	return e;
}

void bl_add_sock(struct pw_baseline *b, const struct pw_sock *s, const struct pw_proc *p,
		 const char *netns, bool eph, size_t ref)
{
	struct pw_baseline_entry e = bl_ident(s, p, netns, eph);

	e.ref = ref;
	pw_baseline_add(b, &e);
	assert_null(e.process);
	assert_null(e.exe);
	assert_null(e.netns);
	assert_int_equal(e.ref, 0);
}

static int bl_diff_note(struct bl_diff_log *l, char sign_char, const struct pw_baseline_entry *e)
{
	char line[256];
	size_t used = strlen(l->text);

	bl_entry_text(e, line, sizeof(line));
	snprintf(l->text + used, sizeof(l->text) - used, "%c%s\n", sign_char, line);
	if (l->stop_at && l->added + l->removed == l->stop_at)
		return 42;
	return 0;
}

int bl_diff_added(const struct pw_baseline_entry *e, void *data)
{
	struct bl_diff_log *l = data;

	l->added++;
	return bl_diff_note(l, '+', e);
}

int bl_diff_removed(const struct pw_baseline_entry *e, void *data)
{
	struct bl_diff_log *l = data;

	l->removed++;
	return bl_diff_note(l, '-', e);
}

struct pw_baseline *bl_host_set(int pid_base, uint16_t resolver_port, uint64_t cookie_base)
{
	struct pw_proc sshd = bl_proc_of(pid_base + 1, "sshd", "/usr/sbin/sshd");
	struct pw_proc nginx = bl_proc_of(pid_base + 2, "nginx", "/usr/sbin/nginx");
	struct pw_proc res = bl_proc_of(pid_base + 3, "systemd-resolve", "/lib/systemd/resolved");
	struct pw_sock socks[4] = {
		bl_sock_at(PW_PROTO_TCP, "0.0.0.0", 22),
		bl_sock_at(PW_PROTO_TCP, "::", 80),
		bl_sock_at(PW_PROTO_TCP, "::", 443),
		bl_sock_at(PW_PROTO_UDP, "127.0.0.53", resolver_port),
	};
	const struct pw_proc *holders[4] = { &sshd, &nginx, &nginx, &res };
	struct pw_baseline *b = pw_baseline_new();

	for (size_t i = 0; i < 4; i++) {
		socks[i].cookie = cookie_base + i;
		socks[i].inode = (uint32_t)(cookie_base + 100 + i);
		bl_add_sock(b, &socks[i], holders[i], NULL, i == 3, i);
	}
	pw_baseline_sort(b);
	return b;
}

void bl_assert_same_listeners(const struct pw_baseline *old, const struct pw_baseline *now)
{
	struct bl_diff_log log = { 0 };

	assert_int_equal(pw_baseline_diff(old, now, bl_diff_added, bl_diff_removed, &log), 0);
	if (log.added + log.removed)
		fail_msg("want no diff; got:\n%s", log.text);
	for (size_t i = 0; i < now->n; i++)
		assert_non_null(pw_baseline_find(old, &now->entries[i]));
	for (size_t i = 0; i < old->n; i++)
		assert_non_null(pw_baseline_find(now, &old->entries[i]));
}
