/* SPDX-License-Identifier: MIT */
/* JSON (schema 1) and JSON-lines renderers. */
#include <inttypes.h>
#include <stdlib.h>

#include "output_render.h"
#include "util.h"

static void json_endpoint(FILE *f, const struct pw_sock *s, bool remote,
			  const struct pw_endpoint *e)
{
	char addr[PW_ADDR_STRLEN];

	pw_sock_format_addr(s, remote, addr);
	fprintf(f, "{\"address\":\"%s\",\"port\":%u,\"service\":", addr,
		remote ? s->rport : s->lport);
	pw_json_string(f, e->service ? e->service->name : NULL);
	fputs(",\"service_source\":", f);
	pw_json_string(f, e->service ? pw_services_source_name(e->service->source) : NULL);
	if (e->has_port)
		fprintf(f, ",\"class\":\"%s\",\"ephemeral\":%s",
			pw_ports_class_name((enum pw_class)e->class),
			e->ephemeral ? "true" : "false");
	else
		fputs(",\"class\":null,\"ephemeral\":false", f);
	fprintf(f, ",\"scope\":\"%s\"}", pw_ports_scope_name((enum pw_scope)e->scope));
}

/* "processes" (each holder) and "orphan"; present only when owners were asked for. */
static void json_owners(FILE *f, const struct pw_rec *r)
{
	fputs(",\"processes\":[", f);
	for (size_t i = 0; i < r->nprocs; i++) {
		const struct pw_proc *p = r->procs[i];
		bool known_uid = p->uid != PW_PROC_UID_UNKNOWN && r->user_name;

		fprintf(f, "%s{\"pid\":%d,\"name\":", i ? "," : "", p->pid);
		pw_json_string(f, p->comm);
		fputs(",\"exe\":", f);
		pw_json_string(f, p->exe);
		fputs(",\"cmdline\":", f);
		pw_json_string(f, p->cmdline);
		fputs(",\"user\":", f);
		pw_json_string(f, known_uid ? r->user_name((uint32_t)p->uid, r->user_ctx) : NULL);
		fputs(",\"unit\":", f);
		pw_json_string(f, p->unit);
		putc('}', f);
	}
	fprintf(f, "],\"orphan\":%s", r->orphan ? "true" : "false");
}

/* "netns": the namespace's inode, name, and a process that lives in it (each may be null). */
static void json_netns(FILE *f, const struct pw_netns *ns)
{
	fprintf(f, ",\"netns\":{\"inode\":%" PRIu64 ",\"name\":", ns->inode);
	pw_json_string(f, ns->name);
	if (ns->pid > 0)
		fprintf(f, ",\"pid\":%d,\"comm\":", ns->pid);
	else
		fputs(",\"pid\":null,\"comm\":", f);
	pw_json_string(f, ns->comm);
	putc('}', f);
}

/* One socket object, as in sockets[] of the document and in JSON lines. */
void pw_out_json_sock(FILE *f, const struct pw_rec *r)
{
	const struct pw_sock *s = r->sock;

	fprintf(f, "{\"proto\":\"%s\",\"family\":\"%s\",\"state\":\"%s\",\"listening\":%s,",
		pw_sock_proto_name(s->proto), pw_sock_family_name(s->family),
		pw_sock_state_name(s->state), pw_sock_is_listening(s) ? "true" : "false");
	fputs("\"local\":", f);
	json_endpoint(f, s, false, &r->local);
	fputs(",\"remote\":", f);
	json_endpoint(f, s, true, &r->remote);
	fputs(",\"interface\":", f);
	pw_json_string(f, r->ifname);
	fprintf(f, ",\"v6only\":%s", s->v6only < 0 ? "null" : s->v6only ? "true" : "false");
	fprintf(f, ",\"uid\":%" PRIu32 ",\"user\":", s->uid);
	pw_json_string(f, r->user);
	fprintf(f,
		",\"inode\":%" PRIu32 ",\"cookie\":%" PRIu64 ",\"rqueue\":%" PRIu32
		",\"wqueue\":%" PRIu32,
		s->inode, s->cookie, s->rqueue, s->wqueue);
	if (r->many_netns && r->netns)
		json_netns(f, r->netns);
	if (r->owners)
		json_owners(f, r);
	putc('}', f);
}

struct json_state {
	bool first;
};

/*
 * The document streams: sockets are written as they come, so "complete",
 * known only at the end, follows the array (member order is not a contract).
 */
static void *json_begin(FILE *f, const struct pw_out_opts *o)
{
	struct json_state *st = pw_xcalloc(1, sizeof(*st));

	st->first = true;
	fputs("{\"schema\":1,\"version\":", f);
	pw_json_string(f, PW_VERSION);
	fputs(",\"host\":", f);
	pw_json_string(f, o->host);
	fputs(",\"time\":", f);
	pw_json_string(f, o->time);
	fputs(",\"sockets\":[", f);
	return st;
}

static void json_doc_sock(void *state, FILE *f, const struct pw_out_opts *o, const struct pw_rec *r)
{
	struct json_state *st = state;

	(void)o;
	fputs(st->first ? "\n" : ",\n", f);
	st->first = false;
	pw_out_json_sock(f, r);
}

static void json_end(void *state, FILE *f, const struct pw_out_opts *o, bool complete)
{
	(void)o;
	fprintf(f, "\n],\"complete\":%s}\n", complete ? "true" : "false");
	free(state);
}

const struct pw_out_render pw_out_json = {
	.begin = json_begin,
	.sock = json_doc_sock,
	.end = json_end,
};

static void jsonl_sock(void *state, FILE *f, const struct pw_out_opts *o, const struct pw_rec *r)
{
	(void)state;
	(void)o;
	pw_out_json_sock(f, r);
	putc('\n', f);
}

const struct pw_out_render pw_out_jsonl = {
	.sock = jsonl_sock,
};
