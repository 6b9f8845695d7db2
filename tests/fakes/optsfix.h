/* SPDX-License-Identifier: MIT */
/* Test helper: parsing test command lines, accepted or refused, for both opts drivers. */
#ifndef PW_OPTSFIX_H
#define PW_OPTSFIX_H

#include "opts.h"

#define B PW_ST_BIT
#define TCP PW_PROTO_BIT(PW_PROTO_TCP)
#define UDP PW_PROTO_BIT(PW_PROTO_UDP)

/*
 * Writable copies of "portwatch" and words (getopt permutes argv), kept
 * alive after the parse: o->args and o->ports[].spec point into them. Free
 * with opts_argv_free.
 */
struct opts_argv {
	char *v[48];
	int n;
	struct pw_opts *o;
};

/* Parse "portwatch" followed by the NULL-terminated words into o, keeping argv in a. */
int opts_parse_kept(struct pw_opts *o, struct pw_error *err, struct opts_argv *a,
		    const char *const *words);

/* Free a's words and finish its o. */
void opts_argv_free(struct opts_argv *a);

/* Parse "portwatch" followed by the NULL-terminated words; o->args goes with argv. */
int opts_parse_words(struct pw_opts *o, struct pw_error *err, const char *const *words);

/* Parse words that must be accepted, keeping argv in a. */
#define PARSE_KEPT(o, a, ...)                                                                     \
	do {                                                                                      \
		struct pw_error err_;                                                             \
		int ret_ =                                                                        \
			opts_parse_kept(o, &err_, a, (const char *const[]){ __VA_ARGS__, NULL }); \
		if (ret_ != 0)                                                                    \
			fail_msg("refused (%d): %s", ret_, err_.msg);                             \
	} while (0)

#define PARSE(o, err, ...) opts_parse_words(o, err, (const char *const[]){ __VA_ARGS__, NULL })

/* Parse words that must be accepted. */
#define PARSE_OK(o, ...)                                              \
	do {                                                          \
		struct pw_error err_;                                 \
		int ret_ = PARSE(o, &err_, __VA_ARGS__);              \
		if (ret_ != 0)                                        \
			fail_msg("refused (%d): %s", ret_, err_.msg); \
	} while (0)

/* Parse words that must be refused with a message holding what. */
void opts_expect_error(const char *what, const char *const *words);

#define EXPECT_ERROR(what, ...) opts_expect_error(what, (const char *const[]){ __VA_ARGS__, NULL })

#endif
