/* SPDX-License-Identifier: MIT */
/* An output buffer in front of a FILE: renderers append bytes, it writes them in large blocks. */
#ifndef PW_OBUF_H
#define PW_OBUF_H

#include <stddef.h>
#include <stdio.h>

/* What a renderer's buffer holds: a table, JSON or CSV row is some 100-500 bytes. */
#define PW_OBUF_SIZE 65536

struct pw_obuf {
	FILE *f;
	char *buf; /* the caller's; cap bytes */
	size_t len;
	size_t cap;
};

/* Set b up to write to f through buf (cap bytes, at least 256). */
void pw_obuf_init(struct pw_obuf *b, FILE *f, char *buf, size_t cap);

/* Hand what b holds to its FILE (one fwrite). */
void pw_obuf_flush(struct pw_obuf *b);

/*
 * Where the next n bytes go, n at most b->cap: flushes first when they would
 * not fit. Write at most n bytes there, then pw_obuf_commit the end.
 */
static inline char *pw_obuf_room(struct pw_obuf *b, size_t n)
{
	if (b->cap - b->len < n)
		pw_obuf_flush(b);
	return b->buf + b->len;
}

/* The bytes up to end (within the last pw_obuf_room) are written. */
static inline void pw_obuf_commit(struct pw_obuf *b, const char *end)
{
	b->len = (size_t)(end - b->buf);
}

/* Append n bytes, of any length. */
void pw_obuf_put(struct pw_obuf *b, const void *s, size_t n);

/* Append a string literal, its length known at compile time. */
#define PW_OBUF_LIT(b, lit) pw_obuf_put((b), "" lit, sizeof(lit) - 1)

/*
 * Append s as a quoted JSON string, as pw_json_string (util.h) writes it:
 * control characters escaped, bytes that are not well-formed UTF-8 as
 * U+FFFD. NULL appends null.
 */
void pw_obuf_json_string(struct pw_obuf *b, const char *s);
void pw_obuf_json_string_n(struct pw_obuf *b, const char *s, size_t len);

/*
 * Append s as one RFC 4180 CSV field: escaped as pw_term_string (util.h)
 * escapes it, then quoted, its quotes doubled, when it holds a comma, a
 * quote or a leading space.
 */
void pw_obuf_csv_field(struct pw_obuf *b, const char *s);

#endif
