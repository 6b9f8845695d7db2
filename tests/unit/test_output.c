/* SPDX-License-Identifier: MIT */
/* Unit tests of output.c: the dispatch from pw_out_* calls to each format's renderer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "output.h"
#include "recfix.h"

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
	assert_string_equal(buf, RF_JSON_HEAD "\n" RF_V4_LISTENER_JSON "\n],\"complete\":false}\n");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_freed_without_end_is_closed_as_incomplete),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
