/* SPDX-License-Identifier: MIT */
/* Allocation that never returns NULL, error records, and safe text output. */
#ifndef PW_UTIL_H
#define PW_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PW_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* malloc/calloc/realloc/strdup that print a message and abort on ENOMEM. */
void *pw_xmalloc(size_t size);
void *pw_xcalloc(size_t n, size_t size);
void *pw_xrealloc(void *p, size_t n, size_t size);
char *pw_xstrdup(const char *s);
/* open_memstream(3) that aborts the same way: a FILE writing into *buf. */
FILE *pw_xmemstream(char **buf, size_t *size);

/*
 * Where and why a parser or the system refused something. file may be
 * NULL; line and col are 1-based, 0 when they do not apply.
 */
struct pw_error {
	const char *file;
	unsigned line;
	unsigned col;
	char msg[128];
};

/* Fill err (which may be NULL); msg is a printf format. */
__attribute__((format(printf, 4, 5))) void pw_error_set(struct pw_error *err, const char *file,
							unsigned line, const char *fmt, ...);

/*
 * Length of the well-formed UTF-8 sequence at s (1 to 4 bytes, at most n),
 * or 0 when s does not start one: overlong forms, surrogates and code
 * points past U+10FFFF are not well-formed (RFC 3629).
 */
size_t pw_utf8_seq_len(const unsigned char *s, size_t n);

/*
 * The code point of the well-formed n-byte sequence at s when it is one a
 * terminal acts on rather than shows: the C1 controls U+0080..U+009F (0x9b
 * is a one-character CSI on some terminals) and the invisible formatting
 * characters that reorder or hide text (U+200B..U+200F, U+202A..U+202E,
 * U+2060..U+2069, U+FEFF: another user's process name must not reverse the
 * PROCESS column). 0 for every other sequence.
 */
uint32_t pw_utf8_hidden_control(const unsigned char *s, size_t n);

/*
 * Write s as a quoted JSON string: control characters escaped, and every
 * byte that is not well-formed UTF-8 replaced by U+FFFD, so the output is
 * always valid JSON. A NULL s writes null.
 */
void pw_json_string(FILE *f, const char *s);
void pw_json_string_n(FILE *f, const char *s, size_t len);

/*
 * Write s so that nothing in it can act on a terminal: backslash as "\\",
 * control characters (C0, DEL, C1) and bytes that are not well-formed UTF-8
 * as "\xHH". Printable UTF-8 passes unchanged.
 */
void pw_term_string(FILE *f, const char *s);

/*
 * Write s escaped as pw_term_string does into dst (size bytes, with the
 * NUL), cut before the first unit that would not fit whole: never half an
 * escape or half a UTF-8 sequence. Returns the length written.
 */
size_t pw_term_escape(char *dst, size_t size, const char *s);

/*
 * The unit at p (left bytes remain) as pw_term_string writes it, into out:
 * a printable character as it is, else "\\" or "\xHH" for its first
 * byte. Sets *in to the bytes of p written for; returns the bytes of out.
 */
size_t pw_term_escape_unit(const unsigned char *p, size_t left, char out[4], size_t *in);

/*
 * Terminal columns s takes: one per UTF-8 character (continuation bytes
 * take none). Meant for text already escaped by pw_term_string; wide
 * characters are not told apart.
 */
size_t pw_utf8_columns(const char *s);

/* Cut s before a UTF-8 sequence that a truncation left incomplete at its end. */
void pw_utf8_trim(char *s);

/*
 * Mix every bit of x into the result (murmur3's finalizers): keys that come
 * in runs and strides (inodes, uids, cookies) then spread over the low bits
 * a power-of-two table uses.
 */
uint32_t pw_hash_u32(uint32_t x);
uint64_t pw_hash_u64(uint64_t x);

/*
 * Parse a whole decimal number in [min, max] from s (no sign, no spaces).
 * Returns 0 or -EINVAL.
 */
int pw_parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out);

/* The highest pid Linux can hand out: PID_MAX_LIMIT (include/linux/threads.h). */
#define PW_PID_MAX 4194304

/* A /proc pid directory name: decimal, no sign, no leading zero ("01" is not 1 again). */
bool pw_parse_pid_name(const char *name, int *pid);

#endif
