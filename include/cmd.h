/* SPDX-License-Identifier: MIT */
/* The commands: what they read from the system, and what they hand to main. */
#ifndef PW_CMD_H
#define PW_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "opts.h"
#include "services.h"

struct pw_list_result {
	size_t listed;	  /* sockets printed */
	bool complete;	  /* every wanted dump ended normally */
	bool usage_error; /* a bad --services file or port filter: nothing was listed */
};

/*
 * List the sockets o asks for to out, with diagnostics on stderr. Returns
 * 0 with res filled, or a negative errno when nothing could be dumped.
 */
int pw_cmd_list(const struct pw_opts *o, FILE *out, struct pw_list_result *res);

/*
 * Explain the ports o->args name to out. Returns 0, -ENOENT when a name is
 * unknown (the rest is printed), -EINVAL for a malformed argument or
 * services file, or another negative errno.
 */
int pw_cmd_port(const struct pw_opts *o, FILE *out);

/*
 * The service database: the built-in IANA table under path's names, or
 * under /etc/services' when path is NULL (a missing /etc/services is fine:
 * minimal containers have none). Problems are said on stderr.
 * Returns 0, or -errno when path cannot be read (*db is then NULL).
 */
int pw_cmd_load_services(const char *path, struct pw_services **db);

/* Whether table output should be coloured, from --color, NO_COLOR, TERM and stdout. */
bool pw_cmd_use_color(enum pw_color c);

#endif
