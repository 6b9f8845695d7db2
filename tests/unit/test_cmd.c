/* SPDX-License-Identifier: MIT */
/* Unit tests of cmd.c and the session's notes: the notes stream and its escaping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cmd.h"
#include "notesfix.h"

/* A user's argument with ESC, a bad byte, C1 CSI (0x9b) and U+202E (RLO). */
#define NASTY "ev\x1b[2Jil\xff|\xc2\x9b|\xe2\x80\xae|\\x"

static void error_escapes_what_users_typed_as_the_table_does(void **state)
{
	struct nf_notes n;
	char first[64] = "";

	(void)state;
	nf_open(&n);
	pw_cmd_error(first, sizeof(first), "--user: no user '%s'", NASTY);
	assert_string_equal(nf_close(&n), "portwatch: --user: no user "
					  "'ev\\x1b[2Jil\\xff|\\xc2\\x9b|\\xe2\\x80\\xae|\\\\x'\n");
	free(n.buf);
	/* Kept as it was: a status line or JSON document escapes it its own way. */
	assert_string_equal(first, "--user: no user '" NASTY "'");
}

static void error_keeps_only_the_first_reason(void **state)
{
	struct nf_notes n;
	char first[64] = "";

	(void)state;
	nf_open(&n);
	pw_cmd_error(first, sizeof(first), "one");
	pw_cmd_error(first, sizeof(first), "two");
	pw_cmd_error(NULL, 0, "three");
	assert_string_equal(nf_close(&n), "portwatch: one\nportwatch: two\nportwatch: three\n");
	free(n.buf);
	assert_string_equal(first, "one");
}

/* A refused policy names every folder on the way: no fixed buffer cuts it. */
static void error_says_a_long_message_whole(void **state)
{
	char *path = malloc(2001);
	struct nf_notes n;
	const char *said;

	(void)state;
	assert_non_null(path);
	memset(path, 'a', 2000);
	path[2000] = '\0';
	nf_open(&n);
	pw_cmd_error(NULL, 0, "%s: too long", path);
	said = nf_close(&n);
	assert_int_equal(strlen(said), strlen("portwatch: : too long\n") + 2000);
	assert_non_null(strstr(said, "a: too long\n"));
	free(n.buf);
	free(path);
}

static void unconfirmed_listeners_are_said_by_cause(void **state)
{
	struct pw_cmd_session s = { .unconfirmed = 3, .unconfirmed_failed = 2 };
	struct nf_notes n;

	(void)state;
	snprintf(s.rescan_why, sizeof(s.rescan_why), "a re-scan of /proc failed: Too many files");
	nf_open(&n);
	pw_cmd_session_note_unconfirmed(&s);
	assert_string_equal(nf_close(&n),
			    "portwatch: 1 listener without a holder came after the last of 4 "
			    "re-scans of /proc and could not be confirmed as orphan; shown without "
			    "holders\n"
			    "portwatch: 2 listeners without a holder could not be confirmed as "
			    "orphans (a re-scan of /proc failed: Too many files); shown without "
			    "holders\n");
	free(n.buf);
}

/* A re-scan that failed is not "the last of 4": only its cause is said. */
static void unconfirmed_after_a_failed_rescan_says_only_why(void **state)
{
	struct pw_cmd_session s = { .unconfirmed = 1, .unconfirmed_failed = 1 };
	struct nf_notes n;

	(void)state;
	snprintf(s.rescan_why, sizeof(s.rescan_why),
		 "a re-scan of /proc could not read the fds of 1 process");
	nf_open(&n);
	pw_cmd_session_note_unconfirmed(&s);
	assert_string_equal(nf_close(&n),
			    "portwatch: 1 listener without a holder could not be confirmed as "
			    "orphan (a re-scan of /proc could not read the fds of 1 process); "
			    "shown without holders\n");
	free(n.buf);
	s = (struct pw_cmd_session){ 0 };
	nf_open(&n);
	pw_cmd_session_note_unconfirmed(&s);
	assert_string_equal(nf_close(&n), "");
	free(n.buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(error_escapes_what_users_typed_as_the_table_does),
		cmocka_unit_test(error_keeps_only_the_first_reason),
		cmocka_unit_test(error_says_a_long_message_whole),
		cmocka_unit_test(unconfirmed_listeners_are_said_by_cause),
		cmocka_unit_test(unconfirmed_after_a_failed_rescan_says_only_why),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
