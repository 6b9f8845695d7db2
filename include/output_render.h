/* SPDX-License-Identifier: MIT */
/* What each output format implements; shared by output.c and the output_*.c files only. */
#ifndef PW_OUTPUT_RENDER_H
#define PW_OUTPUT_RENDER_H

#include "output.h"

struct pw_out_render {
	/* Allocate the format's state; NULL when it needs none. */
	void *(*begin)(FILE *f, const struct pw_out_opts *o);
	void (*sock)(void *state, FILE *f, const struct pw_out_opts *o, const struct pw_rec *r);
	/*
	 * Close the document and free state; NULL when there is nothing to
	 * close. complete and unavailable: as pw_out_end has them.
	 */
	void (*end)(void *state, FILE *f, const struct pw_out_opts *o, bool complete,
		    uint32_t unavailable);
};

extern const struct pw_out_render pw_out_table;
extern const struct pw_out_render pw_out_json;
extern const struct pw_out_render pw_out_jsonl;
extern const struct pw_out_render pw_out_csv;

#endif
