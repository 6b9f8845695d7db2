/* SPDX-License-Identifier: MIT */
/* The snapshot command: the listeners saved as a baseline or a starter policy, atomically. */
#include "cmd.h"

#include <errno.h>
#include <string.h>

#include "atomicfile.h"
#include "check.h"

struct snapshot_run {
	const struct pw_opts *o;
	const struct pw_cmd_session *s;
	const struct pw_listeners *listeners;
};

static int snapshot_fill(FILE *f, void *data)
{
	const struct snapshot_run *r = data;
	struct pw_baseline *b;
	int rc;

	if (r->o->snapshot_policy)
		return pw_snapshot_policy(f, r->listeners, r->s->host, r->s->time);
	b = pw_snapshot_baseline(r->listeners, NULL);
	rc = pw_baseline_write(f, b, r->s->host, r->s->time);
	pw_baseline_free(b);
	return rc;
}

/*
 * Protocols that could not be seen: one asked for by name makes the
 * snapshot fail (it would not hold what was asked); the others are said,
 * since a later check that sees them finds their listeners new.
 * Returns 0, or -EIO after saying why nothing is written.
 */
static int snapshot_unseen(const struct pw_opts *o, const struct pw_cmd_session *s)
{
	int rc = 0;

	for (unsigned p = 0; p < PW_PROTO_COUNT; p++) {
		if (!(s->unseen_protos & PW_PROTO_BIT(p)))
			continue;
		if (o->named_protos & PW_PROTO_BIT(p)) {
			fprintf(stderr,
				"portwatch: snapshot: %s listeners not seen (%s), yet asked for; "
				"nothing written\n",
				pw_sock_proto_name(p), s->unseen_why[p]);
			rc = -EIO;
		} else {
			fprintf(stderr,
				"portwatch: snapshot: %s listeners not seen (%s): none is saved\n",
				pw_sock_proto_name(p), s->unseen_why[p]);
		}
	}
	return rc;
}

/*
 * Listeners saved without their holder, because some processes could not
 * be read, are not what a check that can read them will see: say so, and
 * what it leads to.
 */
static void snapshot_unseen_owners(const struct pw_opts *o, const struct pw_cmd_session *s,
				   const struct pw_listeners *ls)
{
	size_t blind = 0;
	char why[256];

	if (!pw_cmd_session_owners_why(s, why, sizeof(why)))
		return;
	for (size_t i = 0; i < ls->n; i++)
		blind += ls->v[i]->rec.nprocs == 0;
	if (!blind)
		return;
	if (o->snapshot_policy)
		fprintf(stderr,
			"portwatch: snapshot: warning: %zu listener%s written without process=, "
			"because %s. Their lines allow any process on those ports; take the "
			"snapshot where every process can be read (as root) to tie each to its "
			"process.\n",
			blind, blind == 1 ? "" : "s", why);
	else
		fprintf(stderr,
			"portwatch: snapshot: warning: %zu listener%s saved without a process, "
			"because %s. A check that can read those processes (run as root) will "
			"report each of them as new and its saved entry as gone; take the "
			"snapshot where every process can be read, or check with the same "
			"privileges as this snapshot.\n",
			blind, blind == 1 ? "" : "s", why);
}

/*
 * Listeners that came during the listing, too late for a re-scan of /proc
 * to find their holder, are saved without one though every process was
 * read: say so, as for hidden processes (the session leaves it to us).
 */
static void snapshot_unconfirmed(const struct pw_opts *o, const struct pw_cmd_session *s)
{
	size_t n = s->unconfirmed;

	if (!n)
		return;
	if (o->snapshot_policy)
		fprintf(stderr,
			"portwatch: snapshot: warning: %zu listener%s written without process=, "
			"because %s came during the listing after the last of %d re-scans of "
			"/proc. Their lines allow any process on those ports; take the snapshot "
			"again.\n",
			n, n == 1 ? "" : "s", n == 1 ? "it" : "they", PW_CMD_RESCANS);
	else
		fprintf(stderr,
			"portwatch: snapshot: warning: %zu listener%s saved without a process, "
			"because %s came during the listing after the last of %d re-scans of "
			"/proc. A check that sees the holder will report each of them as new and "
			"its saved entry as gone; take the snapshot again.\n",
			n, n == 1 ? "" : "s", n == 1 ? "it" : "they", PW_CMD_RESCANS);
}

int pw_cmd_snapshot(const struct pw_opts *o, FILE *out, bool *usage_error)
{
	struct pw_listeners ls = { 0 };
	struct pw_cmd_session s;
	struct snapshot_run run = { .o = o, .s = &s, .listeners = &ls };
	struct pw_error err = { 0 };
	int rc = pw_cmd_session_open(&s, o, true);

	*usage_error = s.usage_error;
	if (rc < 0)
		goto out;
	pw_cmd_session_dump(&s, NULL, pw_listeners_add, &ls);
	/* A partial snapshot would make every listener it missed "new" later. */
	if (!s.complete) {
		fprintf(stderr,
			"portwatch: snapshot: the listing is incomplete; nothing written\n");
		rc = -EIO;
		goto out;
	}
	if ((rc = snapshot_unseen(o, &s)) < 0)
		goto out;
	snapshot_unseen_owners(o, &s, &ls);
	snapshot_unconfirmed(o, &s);
	if (!o->out_file) {
		rc = snapshot_fill(out, &run);
		goto out;
	}
	/* A baseline or policy someone made private stays so when it is taken again. */
	rc = pw_atomicfile_write_keep_mode(o->out_file, 0644, snapshot_fill, &run, &err);
	if (rc < 0)
		pw_cmd_error(NULL, 0, "snapshot: %s: %s", err.file, err.msg);
out:
	pw_listeners_fini(&ls);
	pw_cmd_session_close(&s);
	return rc;
}
