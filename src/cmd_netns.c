/* SPDX-License-Identifier: MIT */
/* The network namespaces a listing goes through: which ones, and going in and back out. */
#include "cmd_netns.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "filter.h"
#include "hostports.h"
#include "ifname.h"
#include "netns.h"
#include "util.h"

#define CMD_NETNS_PROC "/proc"
/* Namespaces named in the message about those not entered; the rest are counted. */
#define CMD_NETNS_NAMED 8

/* Labels come from the filesystem: pw_cmd_error escapes them with the rest. */
void pw_cmd_netns_error(struct pw_cmd_netns *c, const struct pw_netns *ns, const char *why)
{
	char label[PW_NETNS_LABEL_MAX];

	pw_cmd_error(c->first, c->first_size, "network namespace %s: %s", pw_netns_label(ns, label),
		     why);
}

/* What --all-netns could not see, said once. */
static void cmd_netns_notes(struct pw_cmd_netns *c, const struct pw_netns_stats *st)
{
	if (st->stale)
		pw_cmd_error(NULL, 0,
			     "%s: %u stale entr%s with no namespace mounted on %s, skipped",
			     PW_NETNS_RUNDIR, st->stale, st->stale == 1 ? "y" : "ies",
			     st->stale == 1 ? "it" : "them");
	if (st->rundir_error) {
		pw_cmd_error(c->first, c->first_size,
			     "%s: %s; named namespaces without processes are missed",
			     PW_NETNS_RUNDIR, strerror(st->rundir_error));
		c->incomplete = true;
	}
	if (st->denied) {
		/* As root a denied process is a hardened one, or another user namespace's. */
		pw_cmd_error(c->first, c->first_size,
			     "the network namespaces of %u process%s could not be seen%s",
			     st->denied, st->denied == 1 ? "" : "es",
			     geteuid() == 0
				     ? ", even as root (hardened, or in another user namespace)"
				     : ": other users' processes need root (or CAP_SYS_PTRACE)");
		c->incomplete = true;
	}
}

static int cmd_netns_choose(struct pw_cmd_netns *c, const struct pw_opts *o)
{
	struct pw_error err = { 0 };
	long i;

	if (o->all_netns) {
		c->n = c->set->n;
		c->v = pw_xcalloc(c->n, sizeof(*c->v));
		for (size_t k = 0; k < c->n; k++)
			c->v[k].ns = &c->set->v[k];
		return 0;
	}
	if (o->netns) {
		i = pw_netns_resolve(c->set, o->netns, CMD_NETNS_PROC, PW_NETNS_RUNDIR, &err);
		if (i < 0) {
			pw_cmd_error(c->first, c->first_size, "%s", err.msg);
			if (i != -ENOENT && i != -EINVAL)
				return (int)i;
			/* Naming what does not exist is a usage error, as --user is. */
			c->missing = true;
			fputs(PW_CMD_HINT, pw_cmd_notes());
			return -EINVAL;
		}
	} else {
		i = pw_netns_set_current(c->set);
	}
	c->n = 1;
	c->v = pw_xcalloc(1, sizeof(*c->v));
	c->v[0].ns = &c->set->v[i];
	return 0;
}

int pw_cmd_netns_open(struct pw_cmd_netns *c, const struct pw_opts *o, char *first, size_t size)
{
	struct pw_netns_stats st = { 0 };
	int rc;

	*c = (struct pw_cmd_netns){
		.home = -1,
		.all = o->all_netns,
		.gone_quiet = o->all_netns && o->cmd == PW_CMD_WATCH,
		.first = first,
		.first_size = size,
	};
	c->set = pw_netns_set_new();
	/* Only --all-netns needs every process's namespace: the walk costs a stat each. */
	rc = pw_netns_discover(c->set, CMD_NETNS_PROC, PW_NETNS_RUNDIR, o->all_netns, &st);
	if (rc < 0) {
		if (o->all_netns || o->netns) {
			pw_cmd_error(first, size, "cannot read %s/self/ns/net: %s", CMD_NETNS_PROC,
				     strerror(-rc));
			return rc;
		}
		/* Without /proc there is still the namespace portwatch runs in. */
		pw_netns_set_add(c->set, &(struct pw_netns_seen){
						 .path = CMD_NETNS_PROC "/self/ns/net",
						 .initial = true,
						 .current = true,
					 });
		pw_netns_set_finish(c->set);
	}
	if (o->all_netns)
		cmd_netns_notes(c, &st);
	rc = cmd_netns_choose(c, o);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < c->n; i++)
		c->v[i].ifn = pw_ifnames_new();
	/* One namespace asked for: fail before any output when it cannot be entered. */
	if (o->netns && !c->v[0].ns->current) {
		struct pw_hostports hp;

		pw_ports_default(&hp);
		rc = pw_cmd_netns_enter(c, 0, &hp);
		if (rc < 0)
			return rc;
		rc = pw_cmd_netns_leave(c, 0);
	}
	return rc;
}

/* Name ns among those that need CAP_SYS_ADMIN; the first few by label. */
static void cmd_netns_denied(struct pw_cmd_netns *c, const struct pw_netns *ns)
{
	char buf[PW_NETNS_LABEL_MAX];
	const char *label;
	size_t len;

	if (c->ndenied++ >= CMD_NETNS_NAMED)
		return;
	label = pw_netns_label(ns, buf);
	len = strlen(label);
	c->denied = pw_xrealloc(c->denied, c->denied_len + len + 3, 1);
	if (c->denied_len) {
		memcpy(c->denied + c->denied_len, ", ", 2);
		c->denied_len += 2;
	}
	memcpy(c->denied + c->denied_len, label, len + 1);
	c->denied_len += len;
}

static void cmd_netns_failed(struct pw_cmd_netns *c, const struct pw_netns *ns, int err)
{
	char why[160];

	/*
	 * Short-lived ones (unshare -n CMD) end mid-poll all the time: gone,
	 * their sockets are gone too, and the poll misses nothing of what is
	 * there. Counted as a failure, nearly every poll would be dropped.
	 */
	if (err == -ESTALE && c->gone_quiet)
		return;
	c->incomplete = true;
	/* Without CAP_SYS_ADMIN the next try fails alike; anything else may pass. */
	c->unsteady |= err != -EPERM;
	if (err == -EPERM && c->all) {
		cmd_netns_denied(c, ns);
		return;
	}
	if (err == -EPERM)
		snprintf(why, sizeof(why),
			 "entering a network namespace needs CAP_SYS_ADMIN (run as root)");
	else if (err == -ESTALE)
		snprintf(why, sizeof(why), "it went away while being listed");
	else if (err == -EINVAL)
		snprintf(why, sizeof(why), "not a network namespace");
	else
		snprintf(why, sizeof(why), "cannot enter it: %s", strerror(-err));
	pw_cmd_netns_error(c, ns, why);
}

int pw_cmd_netns_enter(struct pw_cmd_netns *c, size_t i, const struct pw_hostports *hp)
{
	struct pw_netns *ns = c->v[i].ns;
	char label[PW_NETNS_LABEL_MAX];
	int rc;

	if (ns->current) {
		ns->hp = *hp;
		ns->hp_read = true;
		return 0;
	}
	if (c->home < 0) {
		c->home = pw_netns_hold_current();
		if (c->home < 0) {
			rc = c->home;
			c->home = -1;
			pw_cmd_error(c->first, c->first_size,
				     "cannot hold on to the current network namespace: %s",
				     strerror(-rc));
			c->incomplete = c->unsteady = true;
			return rc;
		}
	}
	rc = pw_netns_enter(ns);
	if (rc < 0) {
		c->v[i].denied = rc == -EPERM;
		cmd_netns_failed(c, ns, rc);
		return rc;
	}
	/* /proc/sys/net shows the namespace of whoever opens it: this one now. */
	if (pw_hostports_read(&ns->hp) < 0) {
		/* A note: the listing goes on with the default range. */
		pw_cmd_error(NULL, 0,
			     "network namespace %s: cannot read its ephemeral port range; "
			     "assuming Linux's default 32768-60999",
			     pw_netns_label(ns, label));
	}
	ns->hp_read = true;
	return 0;
}

int pw_cmd_netns_leave(struct pw_cmd_netns *c, size_t i)
{
	int rc;

	if (c->v[i].ns->current)
		return 0;
	rc = pw_netns_return(c->home);
	if (rc < 0) {
		pw_cmd_error(c->first, c->first_size,
			     "cannot return to portwatch's own network namespace: %s",
			     strerror(-rc));
		c->incomplete = c->unsteady = true;
	}
	return rc;
}

void pw_cmd_netns_report(struct pw_cmd_netns *c)
{
	char more[32] = "";

	if (!c->ndenied)
		return;
	if (c->ndenied > CMD_NETNS_NAMED)
		snprintf(more, sizeof(more), " and %u more", c->ndenied - CMD_NETNS_NAMED);
	pw_cmd_error(c->first, c->first_size,
		     "could not enter %u network namespace%s (%s%s): entering needs "
		     "CAP_SYS_ADMIN (run as root)",
		     c->ndenied, c->ndenied == 1 ? "" : "s", c->denied ? c->denied : "", more);
	free(c->denied);
	c->denied = NULL;
	c->denied_len = 0;
	c->ndenied = 0;
}

void pw_cmd_netns_close(struct pw_cmd_netns *c)
{
	for (size_t i = 0; i < c->n; i++) {
		pw_ifnames_free(c->v[i].ifn);
		if (c->v[i].own_filter)
			pw_filter_fini(&c->v[i].filter);
	}
	free(c->v);
	free(c->denied);
	pw_netns_set_free(c->set);
	if (c->home >= 0)
		close(c->home);
	*c = (struct pw_cmd_netns){ .home = -1 };
}
