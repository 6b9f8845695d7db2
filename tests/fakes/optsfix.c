/* SPDX-License-Identifier: MIT */
/* Test helper: parsing test command lines, accepted or refused, for both opts drivers. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "optsfix.h"

int opts_parse_kept(struct pw_opts *o, struct pw_error *err, struct opts_argv *a,
		    const char *const *words)
{
	a->n = 0;
	a->o = o;
	a->v[a->n++] = strdup("portwatch");
	for (; *words; words++) {
		assert_true(a->n < 47);
		a->v[a->n++] = strdup(*words);
	}
	a->v[a->n] = NULL;
	memset(err, 0, sizeof(*err));
	return pw_opts_parse(o, a->n, a->v, err);
}

void opts_argv_free(struct opts_argv *a)
{
	for (int i = 0; i < a->n; i++)
		free(a->v[i]);
	a->n = 0;
	pw_opts_fini(a->o);
}

int opts_parse_words(struct pw_opts *o, struct pw_error *err, const char *const *words)
{
	struct opts_argv a;
	int ret = opts_parse_kept(o, err, &a, words);

	opts_argv_free(&a);
	return ret;
}

void opts_expect_error(const char *what, const char *const *words)
{
	struct pw_opts o;
	struct pw_error err;

	assert_int_equal(opts_parse_words(&o, &err, words), -EINVAL);
	if (!strstr(err.msg, what))
		fail_msg("message '%s' does not name '%s'", err.msg, what);
}
