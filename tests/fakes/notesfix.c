/* SPDX-License-Identifier: MIT */
/* Test helper: what the session's notes stream (pw_cmd_notes) says, caught in memory. */
/* open_memstream is POSIX 2008. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cmd.h"
#include "notesfix.h"

void nf_open(struct nf_notes *n)
{
	n->buf = NULL;
	n->f = open_memstream(&n->buf, &n->size);
	assert_non_null(n->f);
	n->before = pw_cmd_notes_to(n->f);
}

const char *nf_close(struct nf_notes *n)
{
	pw_cmd_notes_to(n->before);
	assert_int_equal(fclose(n->f), 0);
	n->f = NULL;
	return n->buf;
}
