/* SPDX-License-Identifier: MIT */
/* The list command: netlink source → listing pipeline → output, with its diagnostics. */
#include "cmd.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "hostports.h"
#include "ifname.h"
#include "list.h"
#include "netlink.h"

static const char *list_ifname(uint32_t ifindex, void *ctx)
{
	return pw_ifnames_get(ctx, ifindex);
}

/*
 * Dump every wanted protocol and family into l. Returns false when the
 * listing is incomplete; a protocol the kernel lacks is only reported.
 */
static bool list_dump(struct pw_netlink *nl, const struct pw_filter *f, struct pw_list *l)
{
	static const int families[] = { AF_INET, AF_INET6 };
	bool complete = true;

	for (unsigned p = 0; p < PW_PROTO_COUNT; p++) {
		if (!(f->protos & PW_PROTO_BIT(p)))
			continue;
		for (size_t i = 0; i < 2; i++) {
			int family = families[i];
			int err;

			if (family == AF_INET ? !f->inet : !f->inet6)
				continue;
			err = pw_netlink_dump(nl, p, family, f->states, pw_list_sock, l);
			if (!err)
				continue;
			if (pw_diag_proto_missing(err)) {
				fprintf(stderr,
					"portwatch: %s: protocol not available (the kernel has no diag "
					"module for it)\n",
					pw_sock_proto_name(p));
				break;
			}
			complete = false;
			if (err == -EINTR)
				fprintf(stderr,
					"portwatch: %s/%s: the kernel interrupted the dump %d times; "
					"listing is incomplete\n",
					pw_sock_proto_name(p), pw_sock_family_name(family),
					PW_NETLINK_RETRIES + 1);
			else
				fprintf(stderr, "portwatch: %s/%s: netlink dump failed: %s\n",
					pw_sock_proto_name(p), pw_sock_family_name(family),
					strerror(-err));
		}
	}
	return complete;
}

static void list_now(char *buf, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm))
		buf[0] = '\0';
}

/*
 * What a listing needs before the first dump: the services, the host's
 * ephemeral range and the port filters, which name services and classes.
 * Returns 0, or -EINVAL after saying on stderr what was wrong.
 */
static int list_prepare(const struct pw_opts *o, struct pw_filter *f, struct pw_services **db,
			struct pw_hostports *hp)
{
	struct pw_error err = { 0 };

	if (pw_cmd_load_services(o->services_file, db) < 0)
		return -EINVAL;
	if (pw_hostports_read(hp) < 0)
		fprintf(stderr, "portwatch: cannot read this host's ephemeral port range; "
				"assuming Linux's default 32768-60999\n");
	*f = o->filter;
	for (size_t i = 0; i < o->nports; i++) {
		const struct pw_opts_ports *p = &o->ports[i];

		if (pw_filter_add_ports(f, p->side, p->spec, p->class_only, *db, hp, &err) < 0) {
			fprintf(stderr,
				"portwatch: %s\nTry 'portwatch --help' for more information.\n",
				err.msg);
			return -EINVAL;
		}
	}
	return 0;
}

int pw_cmd_list(const struct pw_opts *o, FILE *out_file, struct pw_list_result *res)
{
	char host[256] = "", now[32];
	struct pw_out_opts oo = {
		.format = o->format,
		.header = o->header,
		.extended = o->extended,
		.color = pw_cmd_use_color(o->color),
		.host = host,
		.time = now,
	};
	struct pw_services *db = NULL;
	struct pw_netlink *nl = NULL;
	struct pw_ifnames *ifn = NULL;
	struct pw_out *out = NULL;
	struct pw_hostports hp;
	struct pw_filter f = { 0 };
	struct pw_enrich e;
	struct pw_list l;
	int ret = 0;

	if (list_prepare(o, &f, &db, &hp) < 0) {
		res->usage_error = true;
		goto out;
	}
	if (o->processes)
		fprintf(stderr, "portwatch: -p: owning processes are not available yet; "
				"listing without them\n");
	nl = pw_netlink_open();
	if (!nl) {
		ret = -errno;
		fprintf(stderr, "portwatch: cannot open a sock_diag netlink socket: %s\n",
			strerror(-ret));
		goto out;
	}
	gethostname(host, sizeof(host) - 1);
	list_now(now, sizeof(now));
	ifn = pw_ifnames_new();
	out = pw_out_new(out_file, &oo);
	e = (struct pw_enrich){
		.services = db, .hostports = &hp, .ifname = list_ifname, .ifname_ctx = ifn
	};
	pw_list_init(&l, &f, &e, out);

	res->complete = list_dump(nl, &f, &l);
	pw_out_end(out, res->complete);
	res->listed = l.listed;
	pw_list_fini(&l);
out:
	pw_out_free(out);
	pw_ifnames_free(ifn);
	pw_netlink_close(nl);
	pw_filter_fini(&f);
	pw_services_free(db);
	return ret;
}
