/* SPDX-License-Identifier: MIT */
/* One listing run: what it loads from the system, the dump, and its diagnostics. */
#include "cmd.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cmd_netns.h"
#include "hostports.h"
#include "ifname.h"
#include "list.h"
#include "netlink.h"
#include "procmap.h"
#include "source.h"
#include "users.h"
#include "util.h"

static const char *list_ifname(uint32_t ifindex, void *ctx)
{
	return pw_ifnames_get(ctx, ifindex);
}

/*
 * Note that proto's sockets could not be seen, and why. A listing says it
 * at once; check and snapshot judge whether it matters.
 */
static void list_unseen(struct pw_cmd_session *s, unsigned proto, const char *why)
{
	/* Said once, though every namespace listed may lack it. */
	if (!s->judging && !(s->unseen_protos & PW_PROTO_BIT(proto)))
		fprintf(pw_cmd_notes(), "portwatch: %s: protocol not available (%s)\n",
			pw_sock_proto_name(proto), why);
	s->unseen_protos |= PW_PROTO_BIT(proto);
	snprintf(s->unseen_why[proto], sizeof(s->unseen_why[proto]), "%s", why);
}

/* "tcp/inet", or "tcp" for both families at once. */
static void list_dump_name(char *buf, size_t size, unsigned p, int family)
{
	snprintf(buf, size, "%s%s%s", pw_sock_proto_name(p), family == AF_UNSPEC ? "" : "/",
		 family == AF_UNSPEC ? "" : pw_sock_family_name(family));
}

/*
 * One dump of p over family into l. Failures are said (and the first kept
 * in s) and clear *complete; a missing protocol is only returned, for the
 * caller to judge.
 */
static int list_dump_one(struct pw_cmd_session *s, struct pw_source *src, unsigned p, int family,
			 struct pw_list *l, bool *complete)
{
	const struct pw_dump_sink sink = { pw_list_sock, pw_list_restart, l, pw_list_received };
	char what[32];
	int err;

	list_dump_name(what, sizeof(what), p, family);
	pw_list_begin(l);
	err = pw_source_dump(src, p, family, l->filter->states, &sink);
	if (!pw_list_end(l) && !err) {
		*complete = false;
		pw_cmd_error(s->error, sizeof(s->error),
			     "%s: the kernel interrupted the dump, and the sockets it had listed "
			     "were gone when it started again; listing is incomplete",
			     what);
	}
	if (!err || pw_diag_proto_missing(err))
		return err;
	*complete = false;
	if (err == -EINTR)
		pw_cmd_error(s->error, sizeof(s->error),
			     "%s: the kernel interrupted the dump %d times; listing is incomplete",
			     what, PW_NETLINK_RETRIES + 1);
	else
		pw_cmd_error(s->error, sizeof(s->error), "%s: %s", what, pw_source_why(src));
	return err;
}

/*
 * TCP over both families in one legacy request: one walk of the kernel's
 * tables instead of two. Returns false when it was refused before any
 * socket came (no legacy interface, or TCP read from /proc/net), so the
 * per-family requests must do.
 */
static bool list_dump_tcp_once(struct pw_cmd_session *s, struct pw_source *src, struct pw_list *l,
			       bool *complete)
{
	size_t before = l->received;
	int err = list_dump_one(s, src, PW_PROTO_TCP, AF_UNSPEC, l, complete);

	if (!pw_diag_proto_missing(err))
		return true;
	if (l->received == before)
		return false;
	/* Refused half-way: asking again per family would list sockets twice. */
	*complete = false;
	pw_cmd_error(s->error, sizeof(s->error), "tcp: %s", pw_source_why(src));
	return true;
}

/*
 * Dump every wanted protocol and family into l. Returns false when the
 * listing is incomplete; a protocol the kernel lacks is only noted in s.
 */
static bool list_dump(struct pw_cmd_session *s, struct pw_source *src, const struct pw_filter *f,
		      struct pw_list *l)
{
	static const int families[] = { AF_INET, AF_INET6 };
	bool complete = true;

	for (unsigned p = 0; p < PW_PROTO_COUNT; p++) {
		if (!(f->protos & PW_PROTO_BIT(p)))
			continue;
		if (p == PW_PROTO_TCP && f->inet && f->inet6 &&
		    list_dump_tcp_once(s, src, l, &complete))
			continue;
		for (size_t i = 0; i < 2; i++) {
			int family = families[i];

			if (family == AF_INET ? !f->inet : !f->inet6)
				continue;
			if (pw_diag_proto_missing(list_dump_one(s, src, p, family, l, &complete))) {
				list_unseen(s, p, pw_source_why(src));
				break;
			}
		}
	}
	return complete;
}

void pw_cmd_session_stamp(struct pw_cmd_session *s)
{
	time_t t = time(NULL);
	struct tm tm;

	gethostname(s->host, sizeof(s->host) - 1);
	if (!gmtime_r(&t, &tm) || !strftime(s->time, sizeof(s->time), "%Y-%m-%dT%H:%M:%SZ", &tm))
		s->time[0] = '\0';
}

/*
 * A user name from the passwd database, or a uid in decimal. Returns 0,
 * -ENOENT, or -ERANGE for PW_UID_UNKNOWN, which no socket is owned by: it
 * would match nothing, as a policy's user= refuses it (policy_parse.c).
 */
static int list_resolve_user(const char *name, uint32_t *uid)
{
	unsigned long n;

	if (pw_users_uid(name, uid) == 0)
		return *uid == PW_UID_UNKNOWN ? -ERANGE : 0;
	if (pw_parse_uint(name, 0, UINT32_MAX, &n) == 0) {
		*uid = (uint32_t)n;
		return *uid == PW_UID_UNKNOWN ? -ERANGE : 0;
	}
	return -ENOENT;
}

/* The holders of inode in the newest scan. */
static size_t list_owners(uint32_t inode, const struct pw_proc *const **procs, void *ctx)
{
	const struct pw_cmd_session *s = ctx;
	const struct pw_procmap *m = s->nrescans ? s->rescans[s->nrescans - 1] : s->owners;

	return pw_procmap_lookup(m, inode, procs);
}

/* Keep why the first re-scan that failed did, for the note on the unconfirmed. */
__attribute__((format(printf, 2, 3))) static void list_rescan_why(struct pw_cmd_session *s,
								  const char *fmt, ...)
{
	va_list ap;

	if (s->rescan_why[0])
		return;
	va_start(ap, fmt);
	vsnprintf(s->rescan_why, sizeof(s->rescan_why), fmt, ap);
	va_end(ap);
}

/*
 * The listeners of proto that are there now, both families, sorted by
 * inode into s->present. From a source of its own in the namespace being
 * listed: s's is in the middle of a dump. Returns 0 or a negative errno.
 */
static int list_take_present(struct pw_cmd_session *s, unsigned proto)
{
	static const int families[] = { AF_INET, AF_INET6 };
	const struct pw_dump_sink sink = { pw_present_sock, pw_present_restart, &s->present, NULL };
	bool stream = proto == PW_PROTO_TCP || proto == PW_PROTO_SCTP;
	uint32_t states = PW_ST_BIT(stream ? PW_ST_LISTEN : PW_ST_CLOSE);
	struct pw_source *src = pw_source_open(s->opts->source, "/proc/net", NULL);
	int ret = 0;

	if (!src)
		return -errno;
	pw_present_clear(&s->present);
	s->present_proto = proto;
	for (size_t i = 0; i < 2 && ret == 0; i++) {
		pw_present_begin(&s->present);
		ret = pw_source_dump(src, proto, families[i], states, &sink);
		/* The family the listener came from is there: the other may be missing. */
		if (pw_diag_proto_missing(ret))
			ret = 0;
	}
	pw_source_close(src);
	pw_present_finish(&s->present);
	return ret;
}

/*
 * Scan /proc again for a listener that the last scan saw no holder of,
 * then take the listeners still there (see list.c). At most
 * PW_CMD_RESCANS times per session: each walks every process and dumps
 * a protocol again. Earlier maps stay until the session closes, as the
 * records listed so far borrow their holders.
 */
static enum pw_rescan list_rescan_owners(const struct pw_sock *sk, void *ctx)
{
	struct pw_cmd_session *s = ctx;
	struct pw_procmap_stats st = { 0 };
	struct pw_procmap *m;
	int err;

	if (s->rescans_tried == PW_CMD_RESCANS)
		return PW_RESCAN_SPENT;
	s->rescans_tried++;
	m = pw_procmap_scan("/proc", &st);
	if (!m) {
		list_rescan_why(s, "a re-scan of /proc failed: %s", strerror(errno));
		return PW_RESCAN_FAILED;
	}
	/* A process hidden now and not before may hold it: no proof, nor a map to answer from. */
	if (st.denied) {
		pw_procmap_free(m);
		list_rescan_why(s, "a re-scan of /proc could not read the fds of %u process%s",
				st.denied, st.denied == 1 ? "" : "es");
		return PW_RESCAN_FAILED;
	}
	s->rescans[s->nrescans++] = m;
	err = list_take_present(s, sk->proto);
	if (err < 0) {
		pw_present_clear(&s->present);
		list_rescan_why(s, "the %s listeners still there could not be listed: %s",
				pw_sock_proto_name(sk->proto), strerror(-err));
		return PW_RESCAN_FAILED;
	}
	return PW_RESCAN_CONFIRMED;
}

/* Whether listener sk was there when the newest re-scan had ended. */
static bool list_present(const struct pw_sock *sk, void *ctx)
{
	const struct pw_cmd_session *s = ctx;

	return sk->proto == s->present_proto && pw_present_has(&s->present, sk->inode);
}

static const char *list_user(uint32_t uid, void *ctx)
{
	return pw_users_name(ctx, (uid_t)uid);
}

bool pw_cmd_session_owners_why(const struct pw_cmd_session *s, char *buf, size_t size)
{
	const struct pw_procmap_stats *st = &s->owner_stats;

	buf[0] = '\0';
	if (!s->owners || !st->denied)
		return false;
	/* As root a denied process is a hardened one, or one of another user namespace. */
	if (geteuid() == 0)
		snprintf(buf, size,
			 "the fds of %u process%s could not be read, even as root (the first: PID "
			 "%d; hardened, or in another user namespace)",
			 st->denied, st->denied == 1 ? "" : "es", st->denied_pid);
	else
		snprintf(buf, size,
			 "the owners of %u process%s could not be seen: other users' processes "
			 "need root (or CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE)",
			 st->denied, st->denied == 1 ? "" : "es");
	return true;
}

/*
 * Scan /proc for owners into s's enrich stage. Returns the map, or NULL
 * (owners are then left out) after saying why on stderr.
 */
static struct pw_procmap *list_scan_owners(struct pw_cmd_session *s)
{
	struct pw_procmap_stats st = { 0 };
	struct pw_procmap *m = pw_procmap_scan("/proc", &st);

	if (!m) {
		pw_cmd_error(s->error, sizeof(s->error), "cannot scan /proc for owners: %s",
			     strerror(errno));
		return NULL;
	}
	s->enrich.owners = list_owners;
	s->enrich.rescan = list_rescan_owners;
	s->enrich.present = list_present;
	s->enrich.owners_ctx = s;
	s->enrich.owners_complete = st.denied == 0;
	s->owner_stats = st;
	return m;
}

/* Add o's port filters to f; classes refer to hp. Returns 0 or -EINVAL after saying why. */
static int list_add_ports(struct pw_cmd_session *s, const struct pw_opts *o, struct pw_filter *f,
			  const struct pw_services *db, const struct pw_hostports *hp)
{
	static const char *const side_opts[PW_SIDE_COUNT] = {
		[PW_SIDE_EITHER] = "--port",
		[PW_SIDE_LOCAL] = "--sport",
		[PW_SIDE_REMOTE] = "--dport",
		[PW_SIDE_CLASS] = "--class",
	};
	struct pw_error err = { 0 };

	for (size_t i = 0; i < o->nports; i++) {
		const struct pw_opts_ports *p = &o->ports[i];

		if (pw_filter_add_ports(f, p->side, p->spec, p->class_only, db, hp, &err) < 0) {
			pw_cmd_error(s->error, sizeof(s->error), "%s: %s", side_opts[p->side],
				     err.msg);
			fputs(PW_CMD_HINT, pw_cmd_notes());
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * What a listing needs before the first dump: the services, the host's
 * ephemeral range and the port filters, which name services and classes.
 * Returns 0, or -EINVAL after saying on stderr what was wrong.
 */
static int list_prepare(struct pw_cmd_session *s, const struct pw_opts *o, struct pw_filter *f,
			struct pw_services **db, struct pw_hostports *hp)
{
	int ret;

	/* Only check decides with it: as root its policy's port names must be root's. */
	if (!*db && pw_cmd_load_services(o->services_file, o->cmd == PW_CMD_CHECK, db, s->error,
					 sizeof(s->error)) < 0)
		return -EINVAL;
	if (pw_hostports_read(hp) < 0)
		fprintf(pw_cmd_notes(), "portwatch: cannot read this host's ephemeral port range; "
					"assuming Linux's default 32768-60999\n");
	*f = o->filter;
	ret = o->user ? list_resolve_user(o->user, &f->uid) : 0;
	if (ret < 0) {
		pw_cmd_error(s->error, sizeof(s->error),
			     ret == -ERANGE ? "--user: '%s': uid out of range"
					    : "--user: no user '%s'",
			     o->user);
		fputs(PW_CMD_HINT, pw_cmd_notes());
		return -EINVAL;
	}
	f->has_uid = o->user != NULL;
	return list_add_ports(s, o, f, *db, hp);
}

int pw_cmd_session_open_shared(struct pw_cmd_session *s, const struct pw_opts *o, bool owners,
			       struct pw_cmd_shared *sh)
{
	char why[256];
	int ret;

	*s = (struct pw_cmd_session){
		.judging = o->cmd == PW_CMD_CHECK || o->cmd == PW_CMD_SNAPSHOT,
		.opts = o,
		.db = sh ? sh->db : NULL,
		.users = sh ? sh->users : NULL,
		.shared = sh != NULL,
	};
	/* Before anything can fail: a refused run's JSON and Nagios say where and when. */
	pw_cmd_session_stamp(s);
	ret = list_prepare(s, o, &s->filter, &s->db, &s->hp);
	if (sh)
		sh->db = s->db;
	if (ret < 0) {
		s->usage_error = true;
		return -EINVAL;
	}
	s->netns = pw_xcalloc(1, sizeof(*s->netns));
	ret = pw_cmd_netns_open(s->netns, o, s->error, sizeof(s->error));
	if (ret < 0) {
		s->usage_error = ret == -EINVAL;
		return ret;
	}
	/*
	 * Asked for, namespaces are named even while only one is there: the
	 * schema of a watch's stream or a script's input must not change as
	 * containers come and go.
	 */
	s->show_netns = s->netns->n > 1 || o->all_netns || o->netns;
	/*
	 * A fallback to /proc/net loses nothing a check judges: said to a
	 * person listing, never to cron on every run.
	 */
	s->src = pw_source_open(o->source, "/proc/net", s->judging ? NULL : pw_cmd_notes());
	if (!s->src) {
		ret = -errno;
		pw_cmd_error(s->error, sizeof(s->error),
			     "cannot open a sock_diag netlink socket: %s", strerror(-ret));
		return ret;
	}
	if (!s->users)
		s->users = pw_users_new();
	if (sh)
		sh->users = s->users;
	s->enrich = (struct pw_enrich){
		.services = s->db,
		.hostports = &s->hp,
		.ifname = list_ifname,
		.user_name = list_user,
		.user_ctx = s->users,
	};
	if (owners || pw_filter_needs_owners(&s->filter)) {
		s->owners = list_scan_owners(s);
		/* A process filter or a check without owners would silently match nothing. */
		if (!s->owners)
			return -EIO;
		if (!s->judging && pw_cmd_session_owners_why(s, why, sizeof(why)))
			fprintf(pw_cmd_notes(),
				"portwatch: %s; their sockets show no holders, and no listener is "
				"marked as an orphan\n",
				why);
	}
	return 0;
}

int pw_cmd_session_open(struct pw_cmd_session *s, const struct pw_opts *o, bool owners)
{
	return pw_cmd_session_open_shared(s, o, owners, NULL);
}

void pw_cmd_shared_fini(struct pw_cmd_shared *sh)
{
	if (!sh)
		return;
	pw_services_free(sh->db);
	pw_users_free(sh->users);
	*sh = (struct pw_cmd_shared){ 0 };
}

/*
 * The filter for a namespace: the session's, unless a port class refers to
 * an ephemeral range that differs there. Made once per namespace.
 */
static const struct pw_filter *list_netns_filter(struct pw_cmd_session *s,
						 struct pw_cmd_netns_one *one)
{
	if (one->own_filter)
		return &one->filter;
	if (!s->opts->nports || pw_ports_same_range(&one->ns->hp, &s->hp))
		return &s->filter;
	one->filter = s->filter;
	memset(one->filter.ports, 0, sizeof(one->filter.ports));
	one->own_filter = true;
	/* The same specs were taken once already: nothing new can be wrong with them. */
	list_add_ports(s, s->opts, &one->filter, s->db, &one->ns->hp);
	return &one->filter;
}

/*
 * List the i-th namespace from inside it: a sock_diag socket dumps the
 * namespace it was made in. Returns false when that listing is incomplete.
 */
static bool list_dump_netns(struct pw_cmd_session *s, size_t i, struct pw_out *out, pw_rec_cb sink,
			    void *ctx)
{
	struct pw_cmd_netns_one *one = &s->netns->v[i];
	struct pw_source *src = s->src;
	struct pw_enrich e = s->enrich;
	struct pw_list l;
	bool complete;

	/* The current namespace said how its source fell back; the others fall back alike. */
	if (!one->ns->current && !(src = pw_source_open(s->opts->source, "/proc/net", NULL))) {
		char why[160];

		snprintf(why, sizeof(why), "cannot open a sock_diag netlink socket: %s",
			 strerror(errno));
		pw_cmd_netns_error(s->netns, one->ns, why);
		return false;
	}
	e.hostports = &one->ns->hp;
	e.ifname_ctx = one->ifn;
	e.netns = one->ns;
	e.show_netns = s->show_netns;
	pw_list_init(&l, list_netns_filter(s, one), &e, out);
	l.sink = sink;
	l.sink_ctx = ctx;
	complete = list_dump(s, src, l.filter, &l);
	s->listed += l.listed;
	s->unconfirmed += l.unconfirmed;
	s->unconfirmed_failed += l.unconfirmed_failed;
	pw_list_fini(&l);
	if (src != s->src)
		pw_source_close(src);
	return complete;
}

void pw_cmd_session_note_unconfirmed(const struct pw_cmd_session *s)
{
	size_t spent = s->unconfirmed - s->unconfirmed_failed, failed = s->unconfirmed_failed;

	if (spent)
		fprintf(pw_cmd_notes(),
			"portwatch: %zu listener%s without a holder came after the last of %d "
			"re-scans of /proc and could not be confirmed as orphan%s; shown without "
			"holders\n",
			spent, spent == 1 ? "" : "s", PW_CMD_RESCANS, spent == 1 ? "" : "s");
	if (failed)
		fprintf(pw_cmd_notes(),
			"portwatch: %zu listener%s without a holder could not be confirmed as "
			"orphan%s (%s); shown without holders\n",
			failed, failed == 1 ? "" : "s", failed == 1 ? "" : "s", s->rescan_why);
}

void pw_cmd_session_dump(struct pw_cmd_session *s, struct pw_out *out, pw_rec_cb sink, void *ctx)
{
	bool complete = true;

	s->listed = 0;
	s->unconfirmed = s->unconfirmed_failed = 0;
	for (size_t i = 0; i < s->netns->n; i++) {
		if (pw_cmd_netns_enter(s->netns, i, &s->hp) < 0)
			continue;
		complete &= list_dump_netns(s, i, out, sink, ctx);
		/* Listing on from a namespace we could not leave would mislabel everything. */
		if (pw_cmd_netns_leave(s->netns, i) < 0)
			break;
	}
	pw_cmd_netns_report(s->netns);
	/* check and snapshot judge listeners without holders themselves. */
	if (!s->judging)
		pw_cmd_session_note_unconfirmed(s);
	s->complete = complete && !s->netns->incomplete;
	/* Namespaces that need privileges stay out of every dump alike. */
	s->steady = complete && !s->netns->unsteady;
}

void pw_cmd_session_close(struct pw_cmd_session *s)
{
	if (s->netns)
		pw_cmd_netns_close(s->netns);
	free(s->netns);
	pw_source_close(s->src);
	pw_filter_fini(&s->filter);
	if (!s->shared) {
		pw_services_free(s->db);
		pw_users_free(s->users);
	}
	pw_procmap_free(s->owners);
	for (unsigned i = 0; i < s->nrescans; i++)
		pw_procmap_free(s->rescans[i]);
	pw_present_fini(&s->present);
	*s = (struct pw_cmd_session){ 0 };
}
