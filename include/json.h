/* SPDX-License-Identifier: MIT */
/* A strict, bounded pull reader for the JSON documents portwatch reads back. */
#ifndef PW_JSON_H
#define PW_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* Deepest nesting of objects and arrays a document may use. */
#define PW_JSON_MAX_DEPTH 32

enum pw_json_type {
	PW_JSON_NULL,
	PW_JSON_BOOL,
	PW_JSON_NUMBER,
	PW_JSON_STRING,
	PW_JSON_ARRAY,
	PW_JSON_OBJECT,
};

/*
 * Reader state over a caller-owned buffer (RFC 8259 with stricter rules:
 * no NUL byte anywhere, well-formed UTF-8 only, no "\u0000" escape).
 * The caller walks the document: after pw_json_object_next or
 * pw_json_array_next returns 1 it must read or skip exactly one value.
 * The first error is kept: every later call returns it again, so a caller
 * may check only where it matters. Fields are private.
 */
struct pw_json {
	const char *buf;
	size_t len;
	size_t pos;
	unsigned depth;
	bool first; /* just after '{' or '[': no comma before the next item */
	int error;
	const char *file;
	struct pw_error *err;
};

/*
 * Start reading buf (len bytes, need not be NUL-terminated). Errors go to
 * err (may be NULL) with file (may be NULL), the line and the column (in
 * characters) of the problem. A document over max bytes is refused.
 * Returns 0 or -EFBIG.
 */
int pw_json_init(struct pw_json *j, const char *buf, size_t len, size_t max, const char *file,
		 struct pw_error *err);

/* Type of the next value, without consuming it. Returns 0 or -EINVAL. */
int pw_json_peek(struct pw_json *j, enum pw_json_type *type);

/* Byte offset of the next token, to report a problem there later. */
size_t pw_json_offset(struct pw_json *j);

/*
 * Record a problem of the caller's (a field out of range, a missing field)
 * at byte offset off, as returned by pw_json_offset. Returns -EINVAL.
 */
__attribute__((format(printf, 3, 4))) int pw_json_fail_at(struct pw_json *j, size_t off,
							  const char *fmt, ...);

/* Consume '{' or '['. Returns 0 or -EINVAL. */
int pw_json_object_begin(struct pw_json *j);
int pw_json_array_begin(struct pw_json *j);

/*
 * Step to the next member of the current object: 1 with its name in key
 * (size bytes; a name that does not fit, or holds a NUL, reads as "" so
 * that it matches no field the caller knows), 0 after consuming '}', or
 * -EINVAL.
 */
int pw_json_object_next(struct pw_json *j, char *key, size_t size);

/* Step to the next element of the current array: 1, 0 after ']', or -EINVAL. */
int pw_json_array_next(struct pw_json *j);

/*
 * Read a string of at most max bytes once decoded into *out (NUL-terminated,
 * valid UTF-8, caller frees). Returns 0 or -EINVAL.
 */
int pw_json_read_string(struct pw_json *j, size_t max, char **out);

/* Read an integer in [min, max]; fractions and exponents are refused. 0 or -EINVAL. */
int pw_json_read_int(struct pw_json *j, long long min, long long max, long long *out);

/* Read true or false. Returns 0 or -EINVAL. */
int pw_json_read_bool(struct pw_json *j, bool *out);

/* Read null. Returns 0 or -EINVAL. */
int pw_json_read_null(struct pw_json *j);

/* Validate and skip one value of any type. Returns 0 or -EINVAL. */
int pw_json_skip(struct pw_json *j);

/* Check that only whitespace is left. Returns 0 or -EINVAL. */
int pw_json_finish(struct pw_json *j);

#endif
