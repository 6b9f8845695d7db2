/* SPDX-License-Identifier: MIT */
/* Check results as text lines, a Nagios plugin status, or a JSON document. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "check.h"
#include "util.h"

/*
 * Outside text (process names) on a terminal, in a mail or in Nagios: no
 * control byte raw, and for Nagios no '|', which starts its performance data.
 */
static void check_text(FILE *f, const char *s, bool nagios)
{
	char *copy, *part, *bar;

	if (!nagios || !strchr(s, '|')) {
		pw_term_string(f, s);
		return;
	}
	/* Escaped piece by piece: a fixed buffer would cut long paths and messages. */
	copy = pw_xstrdup(s);
	for (part = copy; (bar = strchr(part, '|')); part = bar + 1) {
		*bar = '\0';
		pw_term_string(f, part);
		fputs("\\x7c", f);
	}
	pw_term_string(f, part);
	free(copy);
}

/* "ADDR:PORT" of the local side of s, or of its peer. */
static void check_addr_port(FILE *f, const struct pw_sock *s, bool remote)
{
	char addr[PW_ADDR_STRLEN];

	pw_sock_format_addr(s, remote, addr);
	fprintf(f, s->family == AF_INET6 ? "[%s]:%u" : "%s:%u", addr, remote ? s->rport : s->lport);
}

static void check_holders(FILE *f, const struct pw_rec *r, bool nagios)
{
	if (r->nprocs == 0) {
		fputs(r->orphan ? "no-process" : "-", f);
		return;
	}
	for (size_t i = 0; i < r->nprocs; i++) {
		if (i)
			putc(',', f);
		check_text(f, r->procs[i]->comm ? r->procs[i]->comm : "?", nagios);
		fprintf(f, "[%d]", r->procs[i]->pid);
	}
}

/* " (ssh, well-known, wildcard) ": what one side's port and address mean. */
static void check_endpoint(FILE *f, const struct pw_endpoint *e, bool nagios)
{
	fputs(" (", f);
	if (e->service) {
		check_text(f, e->service->name, nagios);
		fputs(", ", f);
	}
	if (e->has_port)
		fprintf(f, "%s%s, ", pw_ports_class_name((enum pw_class)e->class),
			e->ephemeral ? " ephemeral" : "");
	fprintf(f, "%s) ", pw_ports_scope_name((enum pw_scope)e->scope));
}

/* with_state: the state after the protocol, and a connection's peer after "->". */
static void check_listener(FILE *f, const struct pw_listener *l, bool nagios, bool with_state)
{
	const struct pw_rec *r = &l->rec;
	const struct pw_sock *s = r->sock;

	fprintf(f, "%s ", pw_sock_proto_name(s->proto));
	if (with_state)
		fprintf(f, "%s ", pw_sock_state_name(s->state));
	check_addr_port(f, s, false);
	check_endpoint(f, &r->local, nagios);
	if (with_state && !pw_sock_is_listening(s)) {
		fputs("-> ", f);
		check_addr_port(f, s, true);
		check_endpoint(f, &r->remote, nagios);
	}
	check_holders(f, r, nagios);
	fputs(" user=", f);
	if (r->user)
		check_text(f, r->user, nagios);
	else if (s->uid == PW_UID_UNKNOWN)
		fputc('-', f);
	else
		fprintf(f, "%u", (unsigned)s->uid);
	if (r->netns && !r->netns->initial) {
		char buf[PW_NETNS_LABEL_MAX];

		fputs(" netns=", f);
		check_text(f, pw_netns_label(r->netns, buf), nagios);
	}
}

void pw_check_listener_line(FILE *f, const struct pw_listener *l)
{
	check_listener(f, l, false, false);
}

void pw_check_socket_line(FILE *f, const struct pw_listener *l)
{
	check_listener(f, l, false, true);
}

/* A baseline entry's port as the file writes it: its number, or "ephemeral". */
static void check_entry_port(FILE *f, const struct pw_baseline_entry *e)
{
	if (e->ephemeral)
		fputs("ephemeral", f);
	else
		fprintf(f, "%u", (unsigned)e->port);
}

static void check_entry_line(FILE *f, const struct pw_finding *fd, bool nagios)
{
	const struct pw_baseline_entry *e = fd->entry;

	fprintf(f, e->family == AF_INET6 ? "%s [%s]:" : "%s %s:", pw_sock_proto_name(e->proto),
		e->addr);
	check_entry_port(f, e);
	check_endpoint(f, &fd->gone_local, nagios);
	check_text(f, e->process ? e->process : "-", nagios);
	if (e->exe) {
		fputs(" exe=", f);
		check_text(f, e->exe, nagios);
	}
	for (size_t i = 0; i < e->nothers; i++) {
		fputs(i ? "," : " with ", f);
		check_text(f, e->others[i].process ? e->others[i].process : "-", nagios);
	}
	if (e->netns) {
		fputs(" netns=", f);
		check_text(f, e->netns, nagios);
	}
}

/* The names of the protocols in mask (PW_PROTO_BIT), separated by ", ". */
static void check_protos(FILE *f, uint32_t mask)
{
	bool first = true;

	for (unsigned p = 0; p < PW_PROTO_COUNT; p++) {
		if (!(mask & PW_PROTO_BIT(p)))
			continue;
		fprintf(f, "%s%s", first ? "" : ", ", pw_sock_proto_name(p));
		first = false;
	}
}

/* " rule=FILE:LINE"; the file name is outside text too (a '|' in it would cut Nagios' line). */
static void check_rule_at(FILE *f, const struct pw_finding *fd, const struct pw_check_meta *meta,
			  bool nagios)
{
	fputs(" rule=", f);
	check_text(f, meta->policy_file ? meta->policy_file : "-", nagios);
	fprintf(f, ":%u", fd->line);
}

/* Why fd was judged without a holder, for text and JSON alike; NULL: it was not. */
static const char *check_unseen_reason(const struct pw_finding *fd,
				       const struct pw_check_meta *meta)
{
	switch (fd->unseen) {
	case PW_UNSEEN_HIDDEN:
		return meta->as_root ? "owners not visible: some processes' fds cannot be read, "
				       "even by root"
				     : "owners not visible: run as root";
	case PW_UNSEEN_LATE:
		/* Every process was read: the cause is timing, and no privilege would help. */
		return fd->listener ? "holder not confirmed: the listener came during the listing"
				    : "holders not confirmed: a listener came during the listing";
	default:
		return NULL;
	}
}

static void check_line(FILE *f, const struct pw_finding *fd, const struct pw_check_meta *meta,
		       bool nagios)
{
	fprintf(f, "%s %s ", pw_status_name(fd->severity), pw_finding_kind_name(fd->kind));
	if (fd->listener) {
		check_listener(f, fd->listener, nagios, false);
		if (fd->kind == PW_FIND_DENIED)
			check_rule_at(f, fd, meta, nagios);
	} else if (fd->entry)
		check_entry_line(f, fd, nagios);
	else if (fd->rule) {
		check_text(f, fd->rule, nagios);
		check_rule_at(f, fd, meta, nagios);
	}
	if (fd->unseen) {
		fputs(" (", f);
		fputs(check_unseen_reason(fd, meta), f);
		putc(')', f);
	}
	if (fd->unseen_protos) {
		fputs(" (", f);
		check_protos(f, fd->unseen_protos);
		fputs(" listeners not seen)", f);
	}
}

void pw_check_finding_line(FILE *f, const struct pw_finding *fd, const struct pw_check_meta *meta)
{
	check_line(f, fd, meta, false);
}

/* The option that asks for proto, as the usage text spells it. */
static const char *check_proto_option(unsigned proto)
{
	static const char *const opts[PW_PROTO_COUNT] = {
		[PW_PROTO_TCP] = "-t", [PW_PROTO_UDP] = "-u",	   [PW_PROTO_UDPLITE] = "--udplite",
		[PW_PROTO_RAW] = "-w", [PW_PROTO_SCTP] = "--sctp",
	};

	return proto < PW_PROTO_COUNT ? opts[proto] : "?";
}

static void check_unseen(FILE *f, const struct pw_check_result *res, unsigned proto,
			 const struct pw_check_meta *meta, bool nagios)
{
	const struct pw_check_unseen *n = &res->need[proto];
	const char *name = pw_sock_proto_name(proto);

	fprintf(f, "%s listeners not seen (", name);
	check_text(f, meta->unseen_why[proto] ? meta->unseen_why[proto] : "not available", nagios);
	putc(')', f);
	switch (n->need) {
	case PW_NEED_OPTION:
		fprintf(f, ", yet %s asks for them", check_proto_option(proto));
		break;
	case PW_NEED_POLICY:
		fputs(", yet ", f);
		check_text(f, meta->policy_file ? meta->policy_file : "the policy", nagios);
		fprintf(f, ":%u names %s", n->line, name);
		break;
	case PW_NEED_BASELINE:
		fputs(", yet the baseline ", f);
		check_text(f, meta->baseline_file ? meta->baseline_file : "-", nagios);
		fprintf(f, " holds %s listeners", name);
		break;
	default:
		break;
	}
}

void pw_check_unseen_line(FILE *f, const struct pw_check_result *res, unsigned proto,
			  const struct pw_check_meta *meta)
{
	check_unseen(f, res, proto, meta, false);
}

/* "tcp/4444 backdoor": a finding in a few words, for the Nagios summary. */
static void check_short(FILE *f, const struct pw_finding *fd)
{
	if (fd->listener) {
		const struct pw_rec *r = &fd->listener->rec;
		/* The name baselines know it by: the status line does not change with pids. */
		const struct pw_proc *p = pw_baseline_holder(r->procs, r->nprocs);

		fprintf(f, "%s/%u", pw_sock_proto_name(r->sock->proto), r->sock->lport);
		if (p && p->comm) {
			putc(' ', f);
			check_text(f, p->comm, true);
		}
	} else if (fd->entry) {
		fprintf(f, "%s/", pw_sock_proto_name(fd->entry->proto));
		check_entry_port(f, fd->entry);
		if (fd->entry->process) {
			putc(' ', f);
			check_text(f, fd->entry->process, true);
		}
	} else {
		fprintf(f, "line %u", fd->line);
	}
}

/* "2 unexpected listeners: tcp/4444 backdoor, udp/5353 x": at most three named. */
static void check_summary_kind(FILE *f, const struct pw_check_result *res, enum pw_finding_kind k)
{
	static const char *const what[] = { "unexpected listener", "denied listener",
					    "missing listener", "new listener", "gone listener" };
	size_t shown = 0;

	fprintf(f, "%zu %s%s: ", res->count[k], what[k], res->count[k] == 1 ? "" : "s");
	for (size_t i = 0; i < res->n && shown < 3; i++) {
		if (res->findings[i].kind != k)
			continue;
		fputs(shown++ ? ", " : "", f);
		check_short(f, &res->findings[i]);
	}
	if (res->count[k] > shown)
		fputs(", ...", f);
}

static void check_nagios(FILE *f, const struct pw_check_result *res,
			 const struct pw_check_meta *meta)
{
	static const enum pw_finding_kind order[] = { PW_FIND_DENIED, PW_FIND_UNEXPECTED,
						      PW_FIND_NEW, PW_FIND_MISSING, PW_FIND_GONE };
	uint32_t needed = 0;
	bool first = true;

	if (!res) {
		fputs("PORTWATCH UNKNOWN - ", f);
		check_text(f, meta->error ? meta->error : "the check could not run", true);
		fputs("\n", f);
		return;
	}
	fprintf(f, "PORTWATCH %s - ", pw_status_name(res->status));
	if (meta->error) {
		check_text(f, meta->error, true);
		first = false;
	}
	for (unsigned p = 0; p < PW_PROTO_COUNT; p++) {
		if (res->need[p].need == PW_NEED_NONE)
			continue;
		fputs(first ? "" : "; ", f);
		check_unseen(f, res, p, meta, true);
		needed |= PW_PROTO_BIT(p);
		first = false;
	}
	for (size_t i = 0; i < PW_ARRAY_SIZE(order); i++) {
		if (!res->count[order[i]])
			continue;
		fputs(first ? "" : "; ", f);
		check_summary_kind(f, res, order[i]);
		first = false;
	}
	if (first)
		fprintf(f, "%zu listener%s, all expected", res->listeners,
			res->listeners == 1 ? "" : "s");
	/* The check is whole without them, but Nagios shows what it did not look at. */
	if (res->unseen_protos & ~needed) {
		fputs("; not seen: ", f);
		check_protos(f, res->unseen_protos & ~needed);
	}
	fprintf(f, " | listeners=%zu;;;0", res->listeners);
	for (int k = 0; k < PW_FIND_KINDS; k++)
		fprintf(f, " %s=%zu;;;0", pw_finding_kind_name((enum pw_finding_kind)k),
			res->count[k]);
	putc('\n', f);
	for (size_t i = 0; i < res->n; i++) {
		check_line(f, &res->findings[i], meta, true);
		putc('\n', f);
	}
}

static void check_json_rule(FILE *f, const struct pw_finding *fd, const struct pw_check_meta *meta)
{
	const char *file = meta->policy_file ? meta->policy_file : "-";
	size_t size = strlen(file) + 16;
	char *where;

	if (!fd->line) {
		fputs(",\"rule\":null,\"rule_text\":null", f);
		return;
	}
	where = pw_xmalloc(size);
	snprintf(where, size, "%s:%u", file, fd->line);
	fputs(",\"rule\":", f);
	pw_json_string(f, where);
	free(where);
	fputs(",\"rule_text\":", f);
	pw_json_string(f, fd->rule);
}

/* ["raw","sctp"]: the protocols in mask. */
static void check_json_protos(FILE *f, uint32_t mask)
{
	putc('[', f);
	for (unsigned p = 0, n = 0; p < PW_PROTO_COUNT; p++)
		if (mask & PW_PROTO_BIT(p))
			fprintf(f, "%s\"%s\"", n++ ? "," : "", pw_sock_proto_name(p));
	putc(']', f);
}

/*
 * "unseen":[{"proto":"sctp","reason":"...","needed_by":"policy FILE:3"}]:
 * each listed protocol that was not seen, and what needed it (or null).
 */
static void check_json_unseen(FILE *f, const struct pw_check_result *res,
			      const struct pw_check_meta *meta)
{
	unsigned n = 0;

	fputs(",\"unseen\":[", f);
	for (unsigned p = 0; res && p < PW_PROTO_COUNT; p++) {
		const struct pw_check_unseen *u = &res->need[p];
		char *by = NULL;
		size_t size = 0;
		FILE *m;

		if (!(res->unseen_protos & PW_PROTO_BIT(p)))
			continue;
		fprintf(f, "%s{\"proto\":\"%s\",\"reason\":", n++ ? "," : "",
			pw_sock_proto_name(p));
		pw_json_string(f, meta->unseen_why[p]);
		fputs(",\"needed_by\":", f);
		if (u->need == PW_NEED_NONE) {
			fputs("null}", f);
			continue;
		}
		m = pw_xmemstream(&by, &size);
		if (u->need == PW_NEED_OPTION)
			fprintf(m, "option %s", check_proto_option(p));
		else if (u->need == PW_NEED_POLICY)
			fprintf(m, "policy %s:%u", meta->policy_file ? meta->policy_file : "-",
				u->line);
		else
			fprintf(m, "baseline %s", meta->baseline_file ? meta->baseline_file : "-");
		fclose(m);
		pw_json_string(f, by);
		free(by);
		putc('}', f);
	}
	putc(']', f);
}

static void check_json(FILE *f, const struct pw_check_result *res, const struct pw_check_meta *meta)
{
	fprintf(f, "{\"schema\":1,\"version\":\"%s\",\"host\":", PW_VERSION);
	pw_json_string(f, meta->host);
	fputs(",\"time\":", f);
	pw_json_string(f, meta->time);
	fprintf(f, ",\"status\":\"%s\",\"policy\":",
		pw_status_name(res ? res->status : PW_STATUS_UNKNOWN));
	pw_json_string(f, meta->policy_file);
	fputs(",\"baseline\":", f);
	pw_json_string(f, meta->baseline_file);
	fputs(",\"error\":", f);
	pw_json_string(f, meta->error);
	if (res)
		fprintf(f, ",\"owners_complete\":%s", res->owners_complete ? "true" : "false");
	else
		fputs(",\"owners_complete\":null", f);
	check_json_unseen(f, res, meta);
	fprintf(f, ",\"listeners\":%zu,\"counts\":{", res ? res->listeners : 0);
	for (int k = 0; k < PW_FIND_KINDS; k++)
		fprintf(f, "%s\"%s\":%zu", k ? "," : "",
			pw_finding_kind_name((enum pw_finding_kind)k), res ? res->count[k] : 0);
	fputs("},\"findings\":[", f);
	for (size_t i = 0; res && i < res->n; i++) {
		const struct pw_finding *fd = &res->findings[i];

		fprintf(f,
			"%s{\"kind\":\"%s\",\"severity\":\"%s\",\"owners_visible\":%s,\"owners_reason\":",
			i ? "," : "", pw_finding_kind_name(fd->kind), pw_status_name(fd->severity),
			fd->unseen ? "false" : "true");
		pw_json_string(f, check_unseen_reason(fd, meta));
		fputs(",\"socket\":", f);
		if (fd->listener)
			pw_out_json_sock(f, &fd->listener->rec);
		else
			fputs("null", f);
		fputs(",\"baseline_entry\":", f);
		if (fd->entry)
			pw_baseline_entry_json(f, fd->entry);
		else
			fputs("null", f);
		/* A gone listener has no socket: its entry's port and address, annotated. */
		fputs(",\"local\":", f);
		if (fd->entry)
			pw_out_json_endpoint(f, &fd->gone_sock, &fd->gone_local);
		else
			fputs("null", f);
		check_json_rule(f, fd, meta);
		fputs(",\"unseen_protocols\":", f);
		check_json_protos(f, fd->unseen_protos);
		putc('}', f);
	}
	fputs("]}\n", f);
}

void pw_check_render(FILE *f, enum pw_check_format fmt, const struct pw_check_result *res,
		     const struct pw_check_meta *meta)
{
	switch (fmt) {
	case PW_CHECK_NAGIOS:
		check_nagios(f, res, meta);
		break;
	case PW_CHECK_JSON:
		check_json(f, res, meta);
		break;
	default:
		for (size_t i = 0; res && i < res->n; i++) {
			check_line(f, &res->findings[i], meta, false);
			putc('\n', f);
		}
		break;
	}
}
