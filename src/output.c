/* SPDX-License-Identifier: MIT */
/* Output dispatch: picks the renderer for a format and drives it. */
#include "output.h"

#include <stdlib.h>

#include "output_render.h"
#include "util.h"

struct pw_out {
	FILE *f;
	struct pw_out_opts opts;
	const struct pw_out_render *render;
	void *state;
	bool ended;
};

static const struct pw_out_render *const output_renders[] = {
	[PW_FMT_TABLE] = &pw_out_table,
	[PW_FMT_JSON] = &pw_out_json,
	[PW_FMT_JSONL] = &pw_out_jsonl,
	[PW_FMT_CSV] = &pw_out_csv,
};

struct pw_out *pw_out_new(FILE *f, const struct pw_out_opts *opts)
{
	struct pw_out *out = pw_xcalloc(1, sizeof(*out));

	out->f = f;
	out->opts = *opts;
	out->render = output_renders[opts->format];
	out->state = out->render->begin ? out->render->begin(f, &out->opts) : NULL;
	return out;
}

void pw_out_sock(struct pw_out *out, const struct pw_rec *r)
{
	out->render->sock(out->state, out->f, &out->opts, r);
}

void pw_out_end(struct pw_out *out, bool complete, uint32_t unavailable)
{
	if (out->render->end)
		out->render->end(out->state, out->f, &out->opts, complete, unavailable);
	out->ended = true;
}

void pw_out_free(struct pw_out *out)
{
	if (!out)
		return;
	/* Close what was started, marked incomplete, so a JSON document stays valid. */
	if (!out->ended)
		pw_out_end(out, false, 0);
	free(out);
}
