/* SPDX-License-Identifier: MIT */
/* The port command: explain port numbers, ranges and service names. */
#include "cmd.h"

#include <errno.h>
#include <string.h>

#include "explain.h"
#include "hostports.h"

int pw_cmd_port(const struct pw_opts *o, FILE *out)
{
	struct pw_services *db;
	struct pw_hostports hp;
	char err[256] = "";
	int ret;

	ret = pw_cmd_load_services(o->services_file, false, &db, NULL, 0);
	if (ret)
		return -EINVAL;
	/* On failure hp holds Linux's default range; say the answer is a guess. */
	if (pw_hostports_read(&hp) < 0)
		fprintf(stderr, "portwatch: cannot read this host's ephemeral port range; "
				"assuming Linux's default 32768-60999\n");
	ret = pw_explain_run(out, o->format == PW_FMT_JSON ? PW_EXPLAIN_JSON : PW_EXPLAIN_TEXT, db,
			     &hp, o->nargs, o->args, err, sizeof(err));
	if (ret < 0 && err[0])
		pw_cmd_error(NULL, 0, "port: %s", err);
	/* A malformed argument is a usage error, with the hint that goes with one. */
	if (ret == -EINVAL)
		fputs(PW_CMD_HINT, pw_cmd_notes());
	pw_services_free(db);
	return ret;
}
