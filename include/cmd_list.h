/* SPDX-License-Identifier: MIT */
/* The list command: dump the kernel's sockets through the pipeline to an output. */
#ifndef PW_CMD_LIST_H
#define PW_CMD_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "opts.h"

struct pw_list_result {
	size_t listed; /* sockets printed */
	bool complete; /* every wanted dump ended normally */
};

/*
 * List the sockets o asks for to out, with diagnostics on stderr. Returns
 * 0 with res filled, or a negative errno when nothing could be dumped.
 */
int pw_cmd_list(const struct pw_opts *o, FILE *out, struct pw_list_result *res);

/* Whether table output should be coloured, from --color, NO_COLOR, TERM and stdout. */
bool pw_cmd_use_color(enum pw_color c);

#endif
