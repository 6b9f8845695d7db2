/* SPDX-License-Identifier: MIT */
/* What `snapshot` saves: a baseline of the listeners, or a starter policy allowing them. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "check.h"
#include "fmt.h"
#include "util.h"

struct pw_baseline *pw_snapshot_baseline(const struct pw_listeners *ls, const char *netns)
{
	struct pw_baseline *b = pw_baseline_new();

	for (size_t i = 0; i < ls->n; i++) {
		struct pw_baseline_entry e;

		pw_check_identity(&e, ls->v[i], netns);
		e.ref = i;
		pw_baseline_add(b, &e);
	}
	pw_baseline_sort(b);
	return b;
}

/* A value a policy line can hold as one word: printable ASCII, no '#' to start a comment. */
static bool snapshot_word(const char *s)
{
	if (!s || !*s || *s == '#')
		return false;
	for (; *s; s++)
		if (*s <= ' ' || *s > '~')
			return false;
	return true;
}

/*
 * The rule: "allow PROTO ADDRESS:PORT [process=NAME]...". Returns whether
 * l has a holder that neither process= nor exe= could name.
 */
static bool snapshot_rule(FILE *f, const struct pw_listener *l)
{
	const struct pw_rec *r = &l->rec;
	const struct pw_sock *s = r->sock;
	/* The holder baselines name it by: the same rule whatever the pids. */
	const struct pw_proc *p = pw_baseline_holder(r->procs, r->nprocs);
	char addr[PW_ADDR_STRLEN];
	bool unnamed = false;

	fprintf(f, "allow %s ", pw_sock_proto_name(s->proto));
	if (r->local.scope == PW_SCOPE_WILDCARD) {
		fputs("*", f);
	} else if (s->family == AF_INET6 && pw_ports_is_v4mapped(s->laddr)) {
		uint8_t v4[16] = { 0 };

		/* The policy counts IPv4-mapped listeners as IPv4. */
		memcpy(v4, s->laddr + PW_V4MAPPED_PREFIX, 4);
		*pw_fmt_addr(addr, AF_INET, v4) = '\0';
		fputs(addr, f);
	} else {
		pw_sock_format_addr(s, false, addr);
		fprintf(f, s->family == AF_INET6 ? "[%s]" : "%s", addr);
	}
	/* A client's UDP socket gets a new port each run: allow the range, for this process. */
	if (pw_check_client_port(l) && p)
		fputs(":ephemeral", f);
	else
		fprintf(f, ":%u", s->lport);
	if (p && snapshot_word(p->comm))
		fprintf(f, " process=%s", p->comm);
	else if (p && p->exe && p->exe[0] == '/' && snapshot_word(p->exe))
		fprintf(f, " exe=%s", p->exe);
	else
		unnamed = p != NULL;
	/* A namespace without a name cannot be named here: the rule then holds in any. */
	if (r->netns && !r->netns->initial && snapshot_word(r->netns->name))
		fprintf(f, " netns=%s", r->netns->name);
	else if (r->netns && r->netns->initial && r->show_netns)
		fputs(" netns=host", f);
	return unnamed;
}

/* Whether l is in a namespace that a netns= option cannot name. */
static bool snapshot_netns_unnameable(const struct pw_listener *l)
{
	const struct pw_netns *ns = l->rec.netns;

	return ns && !ns->initial && !snapshot_word(ns->name);
}

struct snapshot_line {
	char *rule;
	char *comment;
	char *alone;  /* the rule for PID 1 holding it alone, when PID 1 holds it too; or NULL */
	size_t index; /* keeps the listing order among equal rules */
	bool unnamed; /* its holder could not be named (snapshot_rule) */
};

/*
 * PID 1 also holds a socket it activates (systemd): the rule names the
 * daemon, and stops matching once the daemon exits on idle and PID 1
 * holds the socket alone. Returns the rule that would allow that, to be
 * offered in a comment (allowing PID 1 is the reader's choice), or NULL
 * when l's named holder is PID 1 itself or PID 1 does not hold it.
 */
static char *snapshot_rule_alone(const struct pw_listener *l)
{
	const struct pw_rec *r = &l->rec;
	struct pw_listener init = *l;
	char *rule = NULL;
	size_t size;
	bool unnamed;
	FILE *m;

	if (r->nprocs < 2 || pw_baseline_holder(r->procs, r->nprocs)->pid == 1)
		return NULL;
	init.rec.nprocs = 0;
	for (size_t i = 0; i < r->nprocs && !init.rec.nprocs; i++)
		if (r->procs[i]->pid == 1) {
			init.rec.procs = &r->procs[i];
			init.rec.nprocs = 1;
		}
	if (init.rec.nprocs != 1)
		return NULL;
	m = pw_xmemstream(&rule, &size);
	unnamed = snapshot_rule(m, &init);
	fclose(m);
	/* Without process= or exe= it would allow anyone there: not offered. */
	if (unnamed) {
		free(rule);
		return NULL;
	}
	return rule;
}

static int snapshot_cmp(const void *a, const void *b)
{
	const struct snapshot_line *x = a, *y = b;
	int c = strcmp(x->rule, y->rule);

	return c ? c : (x->index > y->index) - (x->index < y->index);
}

static void snapshot_render(struct snapshot_line *line, const struct pw_listener *l, size_t i)
{
	size_t size;
	FILE *m = pw_xmemstream(&line->rule, &size);

	line->unnamed = snapshot_rule(m, l);
	fclose(m);
	line->alone = snapshot_rule_alone(l);
	m = pw_xmemstream(&line->comment, &size);
	pw_check_listener_line(m, l);
	fclose(m);
	line->index = i;
}

int pw_snapshot_policy(FILE *f, const struct pw_listeners *ls, const char *host, const char *time)
{
	struct snapshot_line *lines = pw_xcalloc(ls->n ? ls->n : 1, sizeof(*lines));

	for (size_t i = 0; i < ls->n; i++)
		snapshot_render(&lines[i], ls->v[i], i);
	qsort(lines, ls->n, sizeof(*lines), snapshot_cmp);
	fputs("# portwatch policy (portwatch.policy(5)), written by portwatch snapshot on ", f);
	pw_term_string(f, host ? host : "?");
	fprintf(f, " at %s.\n", time ? time : "?");
	fputs("# It allows what listened then. Read every line before trusting it: remove\n"
	      "# what should not listen, add `require` to what must, then install it as\n"
	      "# /etc/portwatch/policy, owned by root and writable only by root.\n"
	      "# Anything no line allows is reported as unexpected.\n",
	      f);
	for (size_t i = 0, j; i < ls->n; i = j) {
		fputs("\n# ", f);
		fputs(lines[i].comment, f);
		for (j = i + 1; j < ls->n && strcmp(lines[i].rule, lines[j].rule) == 0; j++)
			;
		if (j - i > 1)
			fprintf(f, " (and %zu more like it)", j - i - 1);
		if (lines[i].unnamed)
			fputs("\n# (its process name cannot be written in a policy)", f);
		if (lines[i].alone)
			fprintf(f,
				"\n# (also held by PID 1, socket activation: add \"%s\" if PID 1 may "
				"hold it alone)",
				lines[i].alone);
		if (snapshot_netns_unnameable(ls->v[lines[i].index]))
			fputs("\n# (its network namespace has no name: the rule holds in every one)",
			      f);
		fprintf(f, "\n%s\n", lines[i].rule);
	}
	for (size_t i = 0; i < ls->n; i++) {
		free(lines[i].rule);
		free(lines[i].comment);
		free(lines[i].alone);
	}
	free(lines);
	/* Flushed: a buffered stream would report a full disk only on fclose. */
	return fflush(f) != 0 || ferror(f) ? -EIO : 0;
}
