/* SPDX-License-Identifier: MIT */
/* Unit tests of cmd_netns.c: what a namespace that cannot be entered does to a listing. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cmd.h"
#include "cmd_netns.h"
#include "notesfix.h"
#include "ports.h"

/* A process's namespace whose process has exited: its file is gone. */
#define GONE_PATH "/proc/0/ns/net"

struct fixture {
	char path[sizeof(GONE_PATH)];
	struct pw_netns ns;
	struct pw_cmd_netns c;
	char first[256];
	struct nf_notes notes;
};

/* c lists one namespace, gone since it was discovered; gone_quiet as watch --all-netns sets it. */
static struct fixture *fixture_new(bool gone_quiet)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	memcpy(fx->path, GONE_PATH, sizeof(fx->path));
	fx->ns = (struct pw_netns){ .dev = 4, .inode = 4026532999, .path = fx->path, .pid = 4242 };
	fx->c = (struct pw_cmd_netns){
		.home = -1,
		.all = true,
		.gone_quiet = gone_quiet,
		.first = fx->first,
		.first_size = sizeof(fx->first),
	};
	fx->c.v = calloc(1, sizeof(*fx->c.v));
	assert_non_null(fx->c.v);
	fx->c.v[0].ns = &fx->ns;
	fx->c.n = 1;
	nf_open(&fx->notes);
	return fx;
}

/* What was said on the notes stream; borrowed from fx. */
static const char *fixture_said(struct fixture *fx)
{
	return nf_close(&fx->notes);
}

static void fixture_free(struct fixture *fx)
{
	if (fx->notes.f)
		nf_close(&fx->notes);
	pw_cmd_netns_close(&fx->c);
	free(fx->notes.buf);
	free(fx);
}

static void watch_all_netns_namespace_gone_is_no_failure(void **state)
{
	struct fixture *fx = fixture_new(true);
	struct pw_hostports hp;

	(void)state;
	pw_ports_default(&hp);
	assert_int_equal(pw_cmd_netns_enter(&fx->c, 0, &hp), -ESTALE);
	/* Its sockets went with it: the poll misses nothing, and is compared. */
	assert_false(fx->c.incomplete);
	assert_false(fx->c.unsteady);
	assert_false(fx->c.v[0].denied);
	assert_string_equal(fixture_said(fx), "");
	assert_string_equal(fx->first, "");
	fixture_free(fx);
}

static void list_all_netns_namespace_gone_is_said_and_incomplete(void **state)
{
	struct fixture *fx = fixture_new(false);
	struct pw_hostports hp;

	(void)state;
	pw_ports_default(&hp);
	assert_int_equal(pw_cmd_netns_enter(&fx->c, 0, &hp), -ESTALE);
	/* A listing is one look: what went away during it was not listed. */
	assert_true(fx->c.incomplete);
	assert_true(fx->c.unsteady);
	assert_non_null(strstr(fixture_said(fx), "it went away while being listed\n"));
	assert_non_null(strstr(fx->first, "it went away while being listed"));
	fixture_free(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(watch_all_netns_namespace_gone_is_no_failure),
		cmocka_unit_test(list_all_netns_namespace_gone_is_said_and_incomplete),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
