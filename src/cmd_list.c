/* SPDX-License-Identifier: MIT */
/* The list command: a listing session rendered as a table, JSON or CSV. */
#include "cmd.h"

int pw_cmd_list(const struct pw_opts *o, FILE *out_file, struct pw_list_result *res)
{
	struct pw_cmd_session s;
	struct pw_out *out;
	int ret;

	ret = pw_cmd_session_open(&s, o, o->processes);
	if (ret < 0) {
		res->usage_error = s.usage_error;
		pw_cmd_session_close(&s);
		return res->usage_error ? 0 : ret;
	}
	out = pw_out_new(out_file, &(struct pw_out_opts){
					   .format = o->format,
					   .header = o->header,
					   .extended = o->extended,
					   .color = pw_cmd_use_color(o->color),
					   .owners = s.owners != NULL,
					   .netns = s.show_netns,
					   .columns = o->wide ? 0 : pw_cmd_term_columns(),
					   .host = s.host,
					   .time = s.time,
				   });
	pw_cmd_session_dump(&s, out, NULL, NULL);
	pw_out_end(out, s.complete, s.unseen_protos);
	res->complete = s.complete;
	res->listed = s.listed;
	res->unavailable = s.unseen_protos;
	pw_out_free(out);
	pw_cmd_session_close(&s);
	return 0;
}
