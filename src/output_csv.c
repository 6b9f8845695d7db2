/* SPDX-License-Identifier: MIT */
/* CSV renderer (RFC 4180): a header row, then one row per socket. */
#include <inttypes.h>

#include "output_render.h"
#include "util.h"

static void *csv_begin(FILE *f, const struct pw_out_opts *o)
{
	if (o->header)
		fputs("proto,family,state,listening,local_address,local_port,remote_address,"
		      "remote_port,interface,v6only,uid,inode,cookie,rqueue,wqueue\r\n",
		      f);
	return NULL;
}

static void csv_sock(void *state, FILE *f, const struct pw_out_opts *o, const struct pw_rec *r)
{
	const struct pw_sock *s = r->sock;
	char laddr[PW_ADDR_STRLEN], raddr[PW_ADDR_STRLEN];

	(void)state;
	(void)o;
	pw_sock_format_addr(s, false, laddr);
	pw_sock_format_addr(s, true, raddr);
	fprintf(f, "%s,%s,%s,%s,%s,%u,%s,%u,", pw_sock_proto_name(s->proto),
		pw_sock_family_name(s->family), pw_sock_state_name(s->state),
		pw_sock_is_listening(s) ? "true" : "false", laddr, s->lport, raddr, s->rport);
	pw_csv_field(f, r->ifname ? r->ifname : "");
	fprintf(f,
		",%s,%" PRIu32 ",%" PRIu32 ",%" PRIu64 ",%" PRIu32 ",%" PRIu32 "\r\n",
		s->v6only < 0 ? "" : s->v6only ? "true" : "false", s->uid, s->inode, s->cookie,
		s->rqueue, s->wqueue);
}

static void csv_end(void *state, FILE *f, const struct pw_out_opts *o, bool complete)
{
	(void)state;
	(void)f;
	(void)o;
	(void)complete;
}

const struct pw_out_render pw_out_csv = {
	.begin = csv_begin,
	.sock = csv_sock,
	.end = csv_end,
};
