/* SPDX-License-Identifier: MIT */
/* JSON (schema 1) and JSON-lines renderers. */
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "obuf.h"
#include "output_render.h"
#include "util.h"

/* Fixed-size parts are written in place; this is more than the largest of them. */
#define JSON_PART_MAX 256

/* A name from portwatch's own tables, which needs no escaping, quoted. */
static char *json_name(char *p, const char *name)
{
	*p++ = '"';
	p = pw_fmt_str(p, name);
	*p++ = '"';
	return p;
}

static char *json_bool(char *p, bool v)
{
	return v ? PW_FMT_LIT(p, "true") : PW_FMT_LIT(p, "false");
}

static void json_endpoint(struct pw_obuf *b, const struct pw_sock *s, bool remote,
			  const struct pw_endpoint *e)
{
	char *p = pw_obuf_room(b, JSON_PART_MAX);

	p = PW_FMT_LIT(p, "{\"address\":\"");
	p = pw_fmt_addr(p, s->family, remote ? s->raddr : s->laddr);
	p = PW_FMT_LIT(p, "\",\"port\":");
	p = pw_fmt_u32(p, remote ? s->rport : s->lport);
	p = PW_FMT_LIT(p, ",\"service\":");
	pw_obuf_commit(b, p);
	pw_obuf_json_string(b, e->service ? e->service->name : NULL);
	p = pw_obuf_room(b, JSON_PART_MAX);
	p = PW_FMT_LIT(p, ",\"service_source\":");
	if (e->service && pw_services_source_name(e->service->source))
		p = json_name(p, pw_services_source_name(e->service->source));
	else
		p = PW_FMT_LIT(p, "null");
	p = PW_FMT_LIT(p, ",\"class\":");
	/* A port known only by its range (a baseline's "ephemeral") has no class. */
	if (e->has_port)
		p = json_name(p, pw_ports_class_name((enum pw_class)e->class));
	else
		p = PW_FMT_LIT(p, "null");
	p = PW_FMT_LIT(p, ",\"ephemeral\":");
	p = json_bool(p, e->ephemeral);
	p = PW_FMT_LIT(p, ",\"scope\":");
	p = json_name(p, pw_ports_scope_name((enum pw_scope)e->scope));
	*p++ = '}';
	pw_obuf_commit(b, p);
}

/* "processes" (each holder) and "orphan"; present only when owners were asked for. */
static void json_owners(struct pw_obuf *b, const struct pw_rec *r)
{
	char *p;

	PW_OBUF_LIT(b, ",\"processes\":[");
	for (size_t i = 0; i < r->nprocs; i++) {
		const struct pw_proc *proc = r->procs[i];
		bool known_uid = proc->uid != PW_PROC_UID_UNKNOWN && r->user_name;

		p = pw_obuf_room(b, JSON_PART_MAX);
		if (i)
			*p++ = ',';
		p = PW_FMT_LIT(p, "{\"pid\":");
		/* Pids are positive (procmap takes only such directories). */
		p = pw_fmt_u32(p, (uint32_t)proc->pid);
		p = PW_FMT_LIT(p, ",\"name\":");
		pw_obuf_commit(b, p);
		pw_obuf_json_string(b, proc->comm);
		PW_OBUF_LIT(b, ",\"exe\":");
		pw_obuf_json_string(b, proc->exe);
		PW_OBUF_LIT(b, ",\"cmdline\":");
		pw_obuf_json_string(b, proc->cmdline);
		PW_OBUF_LIT(b, ",\"user\":");
		pw_obuf_json_string(b, known_uid ? r->user_name((uint32_t)proc->uid, r->user_ctx)
						 : NULL);
		PW_OBUF_LIT(b, ",\"unit\":");
		pw_obuf_json_string(b, proc->unit);
		PW_OBUF_LIT(b, "}");
	}
	PW_OBUF_LIT(b, "],\"orphan\":");
	pw_obuf_commit(b, json_bool(pw_obuf_room(b, 8), r->orphan));
}

/* "netns": the namespace's inode, name, and a process that lives in it (each may be null). */
static void json_netns(struct pw_obuf *b, const struct pw_netns *ns)
{
	char *p = pw_obuf_room(b, JSON_PART_MAX);

	p = PW_FMT_LIT(p, ",\"netns\":{\"inode\":");
	p = pw_fmt_u64(p, ns->inode);
	p = PW_FMT_LIT(p, ",\"name\":");
	pw_obuf_commit(b, p);
	pw_obuf_json_string(b, ns->name);
	p = pw_obuf_room(b, JSON_PART_MAX);
	if (ns->pid > 0) {
		p = PW_FMT_LIT(p, ",\"pid\":");
		p = pw_fmt_u32(p, (uint32_t)ns->pid);
		p = PW_FMT_LIT(p, ",\"comm\":");
	} else {
		p = PW_FMT_LIT(p, ",\"pid\":null,\"comm\":");
	}
	pw_obuf_commit(b, p);
	pw_obuf_json_string(b, ns->comm);
	PW_OBUF_LIT(b, "}");
}

/* One socket object, written in place: names and numbers, escaped strings apart. */
static void json_sock(struct pw_obuf *b, const struct pw_rec *r)
{
	const struct pw_sock *s = r->sock;
	char *p = pw_obuf_room(b, JSON_PART_MAX);

	p = PW_FMT_LIT(p, "{\"proto\":");
	p = json_name(p, pw_sock_proto_name(s->proto));
	p = PW_FMT_LIT(p, ",\"family\":");
	p = json_name(p, pw_sock_family_name(s->family));
	p = PW_FMT_LIT(p, ",\"state\":");
	p = json_name(p, pw_sock_state_name(s->state));
	p = PW_FMT_LIT(p, ",\"listening\":");
	p = json_bool(p, pw_sock_is_listening(s));
	p = PW_FMT_LIT(p, ",\"local\":");
	pw_obuf_commit(b, p);
	json_endpoint(b, s, false, &r->local);
	PW_OBUF_LIT(b, ",\"remote\":");
	json_endpoint(b, s, true, &r->remote);
	PW_OBUF_LIT(b, ",\"interface\":");
	pw_obuf_json_string(b, r->ifname);
	p = pw_obuf_room(b, JSON_PART_MAX);
	p = PW_FMT_LIT(p, ",\"v6only\":");
	p = s->v6only < 0 ? PW_FMT_LIT(p, "null") : json_bool(p, s->v6only);
	p = PW_FMT_LIT(p, ",\"uid\":");
	p = s->uid == PW_UID_UNKNOWN ? PW_FMT_LIT(p, "null") : pw_fmt_u32(p, s->uid);
	p = PW_FMT_LIT(p, ",\"user\":");
	pw_obuf_commit(b, p);
	pw_obuf_json_string(b, r->user);
	p = pw_obuf_room(b, JSON_PART_MAX);
	p = PW_FMT_LIT(p, ",\"inode\":");
	p = pw_fmt_u32(p, s->inode);
	p = PW_FMT_LIT(p, ",\"cookie\":");
	p = pw_fmt_u64(p, s->cookie);
	p = PW_FMT_LIT(p, ",\"rqueue\":");
	p = pw_fmt_u32(p, s->rqueue);
	p = PW_FMT_LIT(p, ",\"wqueue\":");
	p = pw_fmt_u32(p, s->wqueue);
	pw_obuf_commit(b, p);
	if (r->show_netns && r->netns)
		json_netns(b, r->netns);
	if (r->owners)
		json_owners(b, r);
	PW_OBUF_LIT(b, "}");
}

void pw_out_json_endpoint(FILE *f, const struct pw_sock *s, const struct pw_endpoint *local)
{
	char buf[512];
	struct pw_obuf b;

	pw_obuf_init(&b, f, buf, sizeof(buf));
	json_endpoint(&b, s, false, local);
	pw_obuf_flush(&b);
}

void pw_out_json_sock(FILE *f, const struct pw_rec *r)
{
	char buf[1024];
	struct pw_obuf b;

	pw_obuf_init(&b, f, buf, sizeof(buf));
	json_sock(&b, r);
	pw_obuf_flush(&b);
}

struct json_state {
	bool first;
	struct pw_obuf out;
	char buf[PW_OBUF_SIZE];
};

static struct json_state *json_state_new(FILE *f)
{
	struct json_state *st = pw_xmalloc(sizeof(*st));

	st->first = true;
	pw_obuf_init(&st->out, f, st->buf, sizeof(st->buf));
	return st;
}

/*
 * The document streams: sockets are written as they come, so "complete",
 * known only at the end, follows the array (member order is not a contract).
 */
static void *json_begin(FILE *f, const struct pw_out_opts *o)
{
	struct json_state *st = json_state_new(f);

	PW_OBUF_LIT(&st->out, "{\"schema\":1,\"version\":");
	pw_obuf_json_string(&st->out, PW_VERSION);
	PW_OBUF_LIT(&st->out, ",\"host\":");
	pw_obuf_json_string(&st->out, o->host);
	PW_OBUF_LIT(&st->out, ",\"time\":");
	pw_obuf_json_string(&st->out, o->time);
	PW_OBUF_LIT(&st->out, ",\"sockets\":[");
	return st;
}

static void json_doc_sock(void *state, FILE *f, const struct pw_out_opts *o, const struct pw_rec *r)
{
	struct json_state *st = state;

	(void)f;
	(void)o;
	if (st->first)
		PW_OBUF_LIT(&st->out, "\n");
	else
		PW_OBUF_LIT(&st->out, ",\n");
	st->first = false;
	json_sock(&st->out, r);
}

/*
 * The protocols that could not be read at all, always present: a listing
 * without sockets then says whether it looked everywhere it was asked to.
 */
static void json_unavailable(struct pw_obuf *b, uint32_t unavailable)
{
	char *p = pw_obuf_room(b, JSON_PART_MAX);
	bool first = true;

	p = PW_FMT_LIT(p, ",\"unavailable\":[");
	for (unsigned proto = 0; proto < PW_PROTO_COUNT; proto++) {
		if (!(unavailable & PW_PROTO_BIT(proto)))
			continue;
		if (!first)
			*p++ = ',';
		p = json_name(p, pw_sock_proto_name(proto));
		first = false;
	}
	*p++ = ']';
	pw_obuf_commit(b, p);
}

static void json_end(void *state, FILE *f, const struct pw_out_opts *o, bool complete,
		     uint32_t unavailable)
{
	struct json_state *st = state;

	(void)f;
	(void)o;
	if (complete)
		PW_OBUF_LIT(&st->out, "\n],\"complete\":true");
	else
		PW_OBUF_LIT(&st->out, "\n],\"complete\":false");
	json_unavailable(&st->out, unavailable);
	PW_OBUF_LIT(&st->out, "}\n");
	pw_obuf_flush(&st->out);
	free(st);
}

const struct pw_out_render pw_out_json = {
	.begin = json_begin,
	.sock = json_doc_sock,
	.end = json_end,
};

static void *jsonl_begin(FILE *f, const struct pw_out_opts *o)
{
	(void)o;
	return json_state_new(f);
}

static void jsonl_sock(void *state, FILE *f, const struct pw_out_opts *o, const struct pw_rec *r)
{
	struct json_state *st = state;

	(void)f;
	(void)o;
	json_sock(&st->out, r);
	PW_OBUF_LIT(&st->out, "\n");
}

static void jsonl_end(void *state, FILE *f, const struct pw_out_opts *o, bool complete,
		      uint32_t unavailable)
{
	struct json_state *st = state;

	(void)f;
	(void)o;
	(void)complete;
	(void)unavailable;
	pw_obuf_flush(&st->out);
	free(st);
}

const struct pw_out_render pw_out_jsonl = {
	.begin = jsonl_begin,
	.sock = jsonl_sock,
	.end = jsonl_end,
};
