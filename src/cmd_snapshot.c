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
	if (!o->out_file) {
		rc = snapshot_fill(out, &run);
		goto out;
	}
	rc = pw_atomicfile_write(o->out_file, 0644, snapshot_fill, &run, &err);
	if (rc < 0)
		fprintf(stderr, "portwatch: %s: %s\n", o->out_file, err.msg);
out:
	pw_listeners_fini(&ls);
	pw_cmd_session_close(&s);
	return rc;
}
