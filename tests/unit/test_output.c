/* SPDX-License-Identifier: MIT */
/* Unit tests of output.c: the dispatch from pw_out_* calls to each format's renderer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "output.h"
#include "recfix.h"
#include "util.h"

/* Freed before its end (an error path): the document is still closed, as incomplete. */
static void json_freed_without_end_is_closed_as_incomplete(void **state)
{
	struct pw_out_opts o = rf_opts(PW_FMT_JSON);
	struct pw_sock s = rf_v4_listener();
	struct pw_rec r = rf_v4_listener_rec(&s);
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	struct pw_out *out;

	(void)state;
	assert_non_null(f);
	out = pw_out_new(f, &o);
	pw_out_sock(out, &r);
	pw_out_free(out);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(buf, RF_JSON_HEAD "\n" RF_V4_LISTENER_JSON
					      "\n],\"complete\":false,\"unavailable\":[]}\n");
	free(buf);
}

/* Every format: freeing without an end writes what an end as incomplete would, buffered rows too. */
static void freed_without_end_writes_what_an_incomplete_end_writes(void **state)
{
	static const enum pw_format formats[] = { PW_FMT_TABLE, PW_FMT_JSON, PW_FMT_JSONL,
						  PW_FMT_CSV };

	(void)state;
	for (size_t i = 0; i < PW_ARRAY_SIZE(formats); i++) {
		struct pw_out_opts o = rf_opts(formats[i]);
		struct pw_sock s[3];
		struct pw_rec r[3];
		char *buf = NULL, *want;
		size_t size = 0;
		FILE *f = open_memstream(&buf, &size);
		struct pw_out *out;

		assert_non_null(f);
		rf_three(s, r, "lo");
		out = pw_out_new(f, &o);
		for (size_t k = 0; k < PW_ARRAY_SIZE(r); k++)
			pw_out_sock(out, &r[k]);
		pw_out_free(out);
		assert_int_equal(fclose(f), 0);
		want = rf_render(&o, r, PW_ARRAY_SIZE(r), false, NULL);
		if (strcmp(buf, want) != 0)
			fail_msg("format %d: '%s', not '%s'", (int)formats[i], buf, want);
		assert_int_equal(rf_count(buf, "127.0.0.53"), 1);
		free(want);
		free(buf);
	}
}

static void free_accepts_null(void **state)
{
	(void)state;
	pw_out_free(NULL);
}

/* Only the JSON document names unavailable protocols: the others say it on stderr. */
static void only_json_names_unavailable_protocols(void **state)
{
	static const enum pw_format formats[] = { PW_FMT_TABLE, PW_FMT_JSONL, PW_FMT_CSV };
	const uint32_t raw = PW_PROTO_BIT(PW_PROTO_RAW);

	(void)state;
	for (size_t i = 0; i < PW_ARRAY_SIZE(formats); i++) {
		struct pw_out_opts o = rf_opts(formats[i]);
		struct pw_sock s[3];
		struct pw_rec r[3];
		char *with, *without;

		rf_three(s, r, "lo");
		with = rf_render_ended(&o, r, PW_ARRAY_SIZE(r), true, raw, NULL);
		without = rf_render(&o, r, PW_ARRAY_SIZE(r), true, NULL);
		assert_string_equal(with, without);
		free(with);
		free(without);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_freed_without_end_is_closed_as_incomplete),
		cmocka_unit_test(freed_without_end_writes_what_an_incomplete_end_writes),
		cmocka_unit_test(only_json_names_unavailable_protocols),
		cmocka_unit_test(free_accepts_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
