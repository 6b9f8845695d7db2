/* SPDX-License-Identifier: MIT */
/* CSV renderer (RFC 4180): a header row, then one row per socket. */
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "obuf.h"
#include "output_render.h"
#include "util.h"

/* Fixed-size parts are written in place; this is more than the largest of them. */
#define CSV_PART_MAX 256

struct csv_state {
	struct pw_obuf out;
	char buf[PW_OBUF_SIZE];
};

static void *csv_begin(FILE *f, const struct pw_out_opts *o)
{
	struct csv_state *st = pw_xmalloc(sizeof(*st));

	pw_obuf_init(&st->out, f, st->buf, sizeof(st->buf));
	if (!o->header)
		return st;
	PW_OBUF_LIT(&st->out,
		    "proto,family,state,listening,local_address,local_port,remote_address,"
		    "remote_port,interface,v6only,uid,inode,cookie,rqueue,wqueue,"
		    "local_service,local_service_source,local_class,local_ephemeral,"
		    "local_scope,remote_service,remote_service_source,remote_class,"
		    "remote_ephemeral,remote_scope,user,processes");
	if (o->netns)
		PW_OBUF_LIT(&st->out, ",netns_inode,netns_name,netns_pid,netns_comm");
	PW_OBUF_LIT(&st->out, "\r\n");
	return st;
}

/* A name from portwatch's own tables, which needs no escaping, after a comma. */
static char *csv_name(char *p, const char *name)
{
	*p++ = ',';
	return pw_fmt_str(p, name);
}

/* service, service_source, class, ephemeral, scope; empty where there is none. */
static void csv_endpoint(struct pw_obuf *b, const struct pw_endpoint *e)
{
	char *p;

	PW_OBUF_LIT(b, ",");
	if (e->service)
		pw_obuf_csv_field(b, e->service->name);
	p = pw_obuf_room(b, CSV_PART_MAX);
	/* A looked-up service has a source; one without would show as none. */
	if (e->service && pw_services_source_name(e->service->source))
		p = csv_name(p, pw_services_source_name(e->service->source));
	else
		*p++ = ',';
	if (e->has_port) {
		p = csv_name(p, pw_ports_class_name((enum pw_class)e->class));
		p = e->ephemeral ? PW_FMT_LIT(p, ",true") : PW_FMT_LIT(p, ",false");
	} else {
		p = PW_FMT_LIT(p, ",,false");
	}
	p = csv_name(p, pw_ports_scope_name((enum pw_scope)e->scope));
	pw_obuf_commit(b, p);
}

/* Holders as "comm[pid]" separated by spaces, in one field; empty without -p. */
static void csv_processes(struct pw_obuf *b, const struct pw_rec *r)
{
	char small[512], *text = small, *p;
	size_t need = 1;

	if (!r->owners || r->nprocs == 0)
		return;
	for (size_t i = 0; i < r->nprocs; i++)
		need += strlen(r->procs[i]->comm ? r->procs[i]->comm : "?") + 3 + PW_FMT_U64_LEN;
	/* Only a long list of holders needs the heap: not one allocation per socket. */
	if (need > sizeof(small))
		text = pw_xmalloc(need);
	p = text;
	for (size_t i = 0; i < r->nprocs; i++) {
		if (i)
			*p++ = ' ';
		p = pw_fmt_str(p, r->procs[i]->comm ? r->procs[i]->comm : "?");
		*p++ = '[';
		/* Pids are positive (procmap takes only such directories). */
		p = pw_fmt_u32(p, (uint32_t)r->procs[i]->pid);
		*p++ = ']';
	}
	*p = '\0';
	pw_obuf_csv_field(b, text);
	if (text != small)
		free(text);
}

/* inode, name, pid and comm; empty where unknown. */
static void csv_netns(struct pw_obuf *b, const struct pw_netns *ns)
{
	char *p;

	if (!ns) {
		PW_OBUF_LIT(b, ",,,,");
		return;
	}
	p = pw_obuf_room(b, CSV_PART_MAX);
	*p++ = ',';
	p = pw_fmt_u64(p, ns->inode);
	*p++ = ',';
	pw_obuf_commit(b, p);
	pw_obuf_csv_field(b, ns->name ? ns->name : "");
	p = pw_obuf_room(b, CSV_PART_MAX);
	*p++ = ',';
	if (ns->pid > 0)
		p = pw_fmt_u32(p, (uint32_t)ns->pid);
	*p++ = ',';
	pw_obuf_commit(b, p);
	pw_obuf_csv_field(b, ns->comm ? ns->comm : "");
}

/* One row, written in place: names and numbers, escaped fields apart. */
static void csv_sock(void *state, FILE *f, const struct pw_out_opts *o, const struct pw_rec *r)
{
	struct csv_state *st = state;
	struct pw_obuf *b = &st->out;
	const struct pw_sock *s = r->sock;
	char *p = pw_obuf_room(b, CSV_PART_MAX);

	(void)f;
	p = pw_fmt_str(p, pw_sock_proto_name(s->proto));
	p = csv_name(p, pw_sock_family_name(s->family));
	p = csv_name(p, pw_sock_state_name(s->state));
	p = pw_sock_is_listening(s) ? PW_FMT_LIT(p, ",true,") : PW_FMT_LIT(p, ",false,");
	p = pw_fmt_addr(p, s->family, s->laddr);
	*p++ = ',';
	p = pw_fmt_u32(p, s->lport);
	*p++ = ',';
	p = pw_fmt_addr(p, s->family, s->raddr);
	*p++ = ',';
	p = pw_fmt_u32(p, s->rport);
	*p++ = ',';
	pw_obuf_commit(b, p);
	pw_obuf_csv_field(b, r->ifname ? r->ifname : "");
	p = pw_obuf_room(b, CSV_PART_MAX);
	p = s->v6only < 0 ? PW_FMT_LIT(p, ",")
	    : s->v6only	  ? PW_FMT_LIT(p, ",true")
			  : PW_FMT_LIT(p, ",false");
	*p++ = ',';
	if (s->uid != PW_UID_UNKNOWN)
		p = pw_fmt_u32(p, s->uid);
	*p++ = ',';
	p = pw_fmt_u32(p, s->inode);
	*p++ = ',';
	p = pw_fmt_u64(p, s->cookie);
	*p++ = ',';
	p = pw_fmt_u32(p, s->rqueue);
	*p++ = ',';
	p = pw_fmt_u32(p, s->wqueue);
	pw_obuf_commit(b, p);
	csv_endpoint(b, &r->local);
	csv_endpoint(b, &r->remote);
	PW_OBUF_LIT(b, ",");
	pw_obuf_csv_field(b, r->user ? r->user : "");
	PW_OBUF_LIT(b, ",");
	csv_processes(b, r);
	if (o->netns)
		csv_netns(b, r->netns);
	PW_OBUF_LIT(b, "\r\n");
}

static void csv_end(void *state, FILE *f, const struct pw_out_opts *o, bool complete,
		    uint32_t unavailable)
{
	struct csv_state *st = state;

	(void)f;
	(void)o;
	(void)complete;
	(void)unavailable;
	pw_obuf_flush(&st->out);
	free(st);
}

const struct pw_out_render pw_out_csv = {
	.begin = csv_begin,
	.sock = csv_sock,
	.end = csv_end,
};
