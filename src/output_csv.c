/* SPDX-License-Identifier: MIT */
/* CSV renderer (RFC 4180): a header row, then one row per socket. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "output_render.h"
#include "util.h"

static void *csv_begin(FILE *f, const struct pw_out_opts *o)
{
	if (o->header)
		fprintf(f,
			"proto,family,state,listening,local_address,local_port,remote_address,"
			"remote_port,interface,v6only,uid,inode,cookie,rqueue,wqueue,"
			"local_service,local_service_source,local_class,local_ephemeral,"
			"local_scope,remote_service,remote_service_source,remote_class,"
			"remote_ephemeral,remote_scope,user,processes%s\r\n",
			o->netns ? ",netns_inode,netns_name,netns_pid,netns_comm" : "");
	return NULL;
}

/* service, service_source, class, ephemeral, scope; empty where there is none. */
static void csv_endpoint(FILE *f, const struct pw_endpoint *e)
{
	putc(',', f);
	if (e->service) {
		pw_csv_field(f, e->service->name);
		fprintf(f, ",%s", pw_services_source_name(e->service->source));
	} else {
		putc(',', f);
	}
	if (e->has_port)
		fprintf(f, ",%s,%s", pw_ports_class_name((enum pw_class)e->class),
			e->ephemeral ? "true" : "false");
	else
		fputs(",,false", f);
	fprintf(f, ",%s", pw_ports_scope_name((enum pw_scope)e->scope));
}

/* Holders as "comm[pid]" separated by spaces, in one field; empty without -p. */
static void csv_processes(FILE *f, const struct pw_rec *r)
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
	pw_csv_field(f, text);
	if (text != small)
		free(text);
}

/* inode, name, pid and comm; empty where unknown. */
static void csv_netns(FILE *f, const struct pw_netns *ns)
{
	if (!ns) {
		fputs(",,,,", f);
		return;
	}
	fprintf(f, ",%" PRIu64 ",", ns->inode);
	pw_csv_field(f, ns->name ? ns->name : "");
	putc(',', f);
	if (ns->pid > 0)
		fprintf(f, "%d", ns->pid);
	putc(',', f);
	pw_csv_field(f, ns->comm ? ns->comm : "");
}

static void csv_sock(void *state, FILE *f, const struct pw_out_opts *o, const struct pw_rec *r)
{
	const struct pw_sock *s = r->sock;
	char laddr[PW_ADDR_STRLEN], raddr[PW_ADDR_STRLEN];

	(void)state;
	pw_sock_format_addr(s, false, laddr);
	pw_sock_format_addr(s, true, raddr);
	fprintf(f, "%s,%s,%s,%s,%s,%u,%s,%u,", pw_sock_proto_name(s->proto),
		pw_sock_family_name(s->family), pw_sock_state_name(s->state),
		pw_sock_is_listening(s) ? "true" : "false", laddr, s->lport, raddr, s->rport);
	pw_csv_field(f, r->ifname ? r->ifname : "");
	fprintf(f, ",%s,%" PRIu32 ",%" PRIu32 ",%" PRIu64 ",%" PRIu32 ",%" PRIu32,
		s->v6only < 0 ? ""
		: s->v6only   ? "true"
			      : "false",
		s->uid, s->inode, s->cookie, s->rqueue, s->wqueue);
	csv_endpoint(f, &r->local);
	csv_endpoint(f, &r->remote);
	putc(',', f);
	pw_csv_field(f, r->user ? r->user : "");
	putc(',', f);
	csv_processes(f, r);
	if (o->netns)
		csv_netns(f, r->netns);
	fputs("\r\n", f);
}

const struct pw_out_render pw_out_csv = {
	.begin = csv_begin,
	.sock = csv_sock,
};
