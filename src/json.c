/* SPDX-License-Identifier: MIT */
/* Strict JSON pull reader: bounded size and depth, every error placed by line and column. */
#include "json.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Where decoded string bytes go: a caller's fixed buffer (member names), a
 * growing heap buffer (values), or nowhere (skipped values). Bytes past max
 * set over instead of being stored.
 */
struct json_sink {
	char *p;
	size_t n;
	size_t cap;
	size_t max;
	bool fixed;
	bool discard;
	bool over;
};

static bool json_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static void json_skip_ws(struct pw_json *j)
{
	while (j->pos < j->len) {
		char c = j->buf[j->pos];

		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		j->pos++;
	}
}

/*
 * Line and column of byte offset off. Computed only when an error is
 * reported, so the hot path counts no lines. Columns count characters:
 * UTF-8 continuation bytes do not move the column.
 */
static void json_locate(const struct pw_json *j, size_t off, unsigned *line, unsigned *col)
{
	unsigned l = 1, c = 1;

	for (size_t i = 0; i < off && i < j->len; i++) {
		unsigned char b = (unsigned char)j->buf[i];

		if (b == '\n') {
			l++;
			c = 1;
		} else if ((b & 0xc0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

__attribute__((format(printf, 3, 0))) static int json_vfail(struct pw_json *j, size_t off,
							    const char *fmt, va_list ap)
{
	char msg[sizeof(j->err->msg)];
	unsigned line, col;

	/* The first problem is the one worth reporting; later ones are its echoes. */
	if (j->error)
		return j->error;
	j->error = -EINVAL;
	if (!j->err)
		return j->error;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	json_locate(j, off, &line, &col);
	pw_error_set(j->err, j->file, line, "%s", msg);
	j->err->col = col;
	return j->error;
}

int pw_json_fail_at(struct pw_json *j, size_t off, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = json_vfail(j, off, fmt, ap);
	va_end(ap);
	return rc;
}

/* Refuse what stands at the current position, naming what was expected. */
static int json_expected(struct pw_json *j, const char *what)
{
	unsigned char c;

	if (j->pos >= j->len)
		return pw_json_fail_at(j, j->pos, "expected %s, found the end of the input", what);
	c = (unsigned char)j->buf[j->pos];
	if (c == '\0')
		return pw_json_fail_at(j, j->pos, "expected %s, found a NUL byte", what);
	if (c > 0x20 && c < 0x7f)
		return pw_json_fail_at(j, j->pos, "expected %s, found '%c'", what, c);
	return pw_json_fail_at(j, j->pos, "expected %s, found byte 0x%02x", what, c);
}

int pw_json_init(struct pw_json *j, const char *buf, size_t len, size_t max, const char *file,
		 struct pw_error *err)
{
	memset(j, 0, sizeof(*j));
	j->buf = buf;
	j->len = len;
	j->file = file;
	j->err = err;
	if (len > max) {
		j->error = -EFBIG;
		pw_error_set(err, file, 0, "larger than %zu bytes", max);
		if (err)
			err->col = 0;
	}
	return j->error;
}

size_t pw_json_offset(struct pw_json *j)
{
	json_skip_ws(j);
	return j->pos;
}

int pw_json_peek(struct pw_json *j, enum pw_json_type *type)
{
	if (j->error)
		return j->error;
	json_skip_ws(j);
	if (j->pos >= j->len)
		return json_expected(j, "a value");
	switch (j->buf[j->pos]) {
	case '{':
		*type = PW_JSON_OBJECT;
		return 0;
	case '[':
		*type = PW_JSON_ARRAY;
		return 0;
	case '"':
		*type = PW_JSON_STRING;
		return 0;
	case 't':
	case 'f':
		*type = PW_JSON_BOOL;
		return 0;
	case 'n':
		*type = PW_JSON_NULL;
		return 0;
	default:
		if (j->buf[j->pos] == '-' || json_is_digit(j->buf[j->pos])) {
			*type = PW_JSON_NUMBER;
			return 0;
		}
		return json_expected(j, "a value");
	}
}

static int json_container_begin(struct pw_json *j, char open, const char *what)
{
	if (j->error)
		return j->error;
	json_skip_ws(j);
	if (j->pos >= j->len || j->buf[j->pos] != open)
		return json_expected(j, what);
	/* Bounded, so that pw_json_skip's recursion is bounded too. */
	if (j->depth >= PW_JSON_MAX_DEPTH)
		return pw_json_fail_at(j, j->pos, "nested deeper than %d levels",
				       PW_JSON_MAX_DEPTH);
	j->depth++;
	j->pos++;
	j->first = true;
	return 0;
}

int pw_json_object_begin(struct pw_json *j)
{
	return json_container_begin(j, '{', "an object");
}

int pw_json_array_begin(struct pw_json *j)
{
	return json_container_begin(j, '[', "an array");
}

/*
 * Before the next item of a container: 0 after consuming its closing
 * bracket, 1 when an item follows (its comma consumed), or the error.
 */
static int json_container_next(struct pw_json *j, char close, const char *what)
{
	bool first = j->first;

	if (j->error)
		return j->error;
	json_skip_ws(j);
	if (j->pos < j->len && j->buf[j->pos] == close) {
		j->pos++;
		j->depth--;
		/* The container was an item of its parent, which is past its first. */
		j->first = false;
		return 0;
	}
	if (!first) {
		if (j->pos >= j->len || j->buf[j->pos] != ',')
			return json_expected(j, what);
		j->pos++;
		json_skip_ws(j);
	}
	j->first = false;
	return 1;
}

static void json_sink_put(struct json_sink *s, const char *p, size_t n)
{
	if (s->discard || s->over)
		return;
	if (n > s->max - s->n) {
		s->over = true;
		return;
	}
	if (!s->fixed && s->n + n + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 32;

		while (cap < s->n + n + 1)
			cap *= 2;
		s->p = pw_xrealloc(s->p, cap, 1);
		s->cap = cap;
	}
	memcpy(s->p + s->n, p, n);
	s->n += n;
}

/* Four hex digits at off into *out. Returns 0 or -EINVAL. */
static int json_hex4(const struct pw_json *j, size_t off, unsigned *out)
{
	unsigned v = 0;

	if (j->len - off < 4)
		return -EINVAL;
	for (size_t i = off; i < off + 4; i++) {
		char c = j->buf[i];

		v <<= 4;
		if (json_is_digit(c))
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -EINVAL;
	}
	*out = v;
	return 0;
}

/* A \uHHHH escape (pos just past the 'u'), with its low surrogate if it needs one. */
static int json_escape_u(struct pw_json *j, size_t start, struct json_sink *s)
{
	unsigned cp, lo;
	char utf8[4];
	size_t n;

	if (json_hex4(j, j->pos, &cp))
		return pw_json_fail_at(j, start, "\\u must be followed by four hex digits");
	j->pos += 4;
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return pw_json_fail_at(j, start,
				       "low surrogate \\u%04X without a high one before it", cp);
	if (cp >= 0xd800 && cp <= 0xdbff) {
		/* UTF-16 pairs (RFC 8259 section 7): the low half must follow at once. */
		if (j->len - j->pos < 6 || j->buf[j->pos] != '\\' || j->buf[j->pos + 1] != 'u' ||
		    json_hex4(j, j->pos + 2, &lo) || lo < 0xdc00 || lo > 0xdfff)
			return pw_json_fail_at(
				j, start, "high surrogate \\u%04X without a low one after it", cp);
		j->pos += 6;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	/* C strings end at NUL: a name "a\u0000b" would silently read as "a". */
	if (cp == 0)
		return pw_json_fail_at(j, start, "\\u0000 (NUL) is not allowed in a string");
	if (cp < 0x80) {
		utf8[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		utf8[0] = (char)(0xc0 | cp >> 6);
		utf8[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		utf8[0] = (char)(0xe0 | cp >> 12);
		utf8[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		utf8[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		utf8[0] = (char)(0xf0 | cp >> 18);
		utf8[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		utf8[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		utf8[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	json_sink_put(s, utf8, n);
	return 0;
}

static int json_escape(struct pw_json *j, struct json_sink *s)
{
	static const char from[] = "\"\\/bfnrt";
	static const char to[] = "\"\\/\b\f\n\r\t";
	size_t start = j->pos;
	const char *hit;
	char e;

	if (j->len - j->pos < 2)
		return pw_json_fail_at(j, start, "unterminated string");
	e = j->buf[j->pos + 1];
	j->pos += 2;
	if (e == 'u')
		return json_escape_u(j, start, s);
	hit = e ? strchr(from, e) : NULL;
	if (!hit) {
		if (e > 0x20 && e < 0x7f)
			return pw_json_fail_at(j, start, "invalid escape \\%c", e);
		return pw_json_fail_at(j, start, "invalid escape");
	}
	json_sink_put(s, &to[hit - from], 1);
	return 0;
}

/* Decode the string at pos (its opening quote) into s. Returns 0 or -EINVAL. */
static int json_string(struct pw_json *j, struct json_sink *s)
{
	size_t start = j->pos;

	j->pos++;
	for (;;) {
		size_t run = j->pos, n;
		unsigned char c;

		/* Plain printable ASCII is most of any document: copy it in runs. */
		while (j->pos < j->len) {
			c = (unsigned char)j->buf[j->pos];
			if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\')
				break;
			j->pos++;
		}
		json_sink_put(s, j->buf + run, j->pos - run);
		if (j->pos >= j->len)
			return pw_json_fail_at(j, start, "unterminated string");
		c = (unsigned char)j->buf[j->pos];
		if (c == '"') {
			j->pos++;
			return 0;
		}
		if (c == '\\') {
			if (json_escape(j, s))
				return j->error;
			continue;
		}
		if (c == '\0')
			return pw_json_fail_at(j, j->pos, "NUL byte in a string");
		if (c < 0x20)
			return pw_json_fail_at(
				j, j->pos, "control character U+%04X in a string must be escaped",
				c);
		n = pw_utf8_seq_len((const unsigned char *)j->buf + j->pos, j->len - j->pos);
		if (!n)
			return pw_json_fail_at(j, j->pos, "invalid UTF-8 in a string");
		json_sink_put(s, j->buf + j->pos, n);
		j->pos += n;
	}
}

int pw_json_object_next(struct pw_json *j, char *key, size_t size)
{
	struct json_sink s = { .p = key, .cap = size, .max = size ? size - 1 : 0, .fixed = true };
	bool first = j->first;
	int rc;

	s.discard = !key || !size;
	rc = json_container_next(j, '}', "',' or '}'");
	if (rc <= 0)
		return rc;
	if (j->pos >= j->len || j->buf[j->pos] != '"')
		return json_expected(j, first ? "a member name or '}'" : "a member name");
	if (json_string(j, &s))
		return j->error;
	if (key && !s.discard)
		key[s.over ? 0 : s.n] = '\0';
	json_skip_ws(j);
	if (j->pos >= j->len || j->buf[j->pos] != ':')
		return json_expected(j, "':'");
	j->pos++;
	return 1;
}

int pw_json_array_next(struct pw_json *j)
{
	return json_container_next(j, ']', "',' or ']'");
}

int pw_json_read_string(struct pw_json *j, size_t max, char **out)
{
	struct json_sink s = { .max = max };
	enum pw_json_type t = PW_JSON_NULL;
	size_t start;

	*out = NULL;
	if (pw_json_peek(j, &t))
		return j->error;
	start = j->pos;
	if (t != PW_JSON_STRING)
		return json_expected(j, "a string");
	if (json_string(j, &s))
		goto fail;
	if (s.over) {
		pw_json_fail_at(j, start, "string longer than %zu bytes", max);
		goto fail;
	}
	/* Makes room for the NUL, also for an empty string that allocated nothing. */
	json_sink_put(&s, "", 0);
	s.p[s.n] = '\0';
	*out = s.p;
	return 0;
fail:
	free(s.p);
	return j->error;
}

/*
 * Check the number at pos against RFC 8259's grammar; *end is where it
 * stops, *integral false when it has a fraction or an exponent.
 */
static int json_number(struct pw_json *j, size_t *end, bool *integral)
{
	size_t p = j->pos;

	*integral = true;
	if (p < j->len && j->buf[p] == '-')
		p++;
	if (p >= j->len || !json_is_digit(j->buf[p]))
		return pw_json_fail_at(j, j->pos, "invalid number");
	if (j->buf[p] == '0') {
		p++;
		if (p < j->len && json_is_digit(j->buf[p]))
			return pw_json_fail_at(j, j->pos, "invalid number: leading zero");
	}
	while (p < j->len && json_is_digit(j->buf[p]))
		p++;
	if (p < j->len && j->buf[p] == '.') {
		*integral = false;
		if (++p >= j->len || !json_is_digit(j->buf[p]))
			return pw_json_fail_at(j, j->pos, "invalid number: no digit after '.'");
		while (p < j->len && json_is_digit(j->buf[p]))
			p++;
	}
	if (p < j->len && (j->buf[p] == 'e' || j->buf[p] == 'E')) {
		*integral = false;
		if (++p < j->len && (j->buf[p] == '+' || j->buf[p] == '-'))
			p++;
		if (p >= j->len || !json_is_digit(j->buf[p]))
			return pw_json_fail_at(j, j->pos,
					       "invalid number: no digit in the exponent");
		while (p < j->len && json_is_digit(j->buf[p]))
			p++;
	}
	*end = p;
	return 0;
}

int pw_json_read_int(struct pw_json *j, long long min, long long max, long long *out)
{
	unsigned long long mag = 0;
	bool integral, neg, over = false;
	enum pw_json_type t = PW_JSON_NULL;
	size_t start, end;
	long long v = 0;

	if (pw_json_peek(j, &t))
		return j->error;
	if (t != PW_JSON_NUMBER)
		return json_expected(j, "an integer");
	start = j->pos;
	if (json_number(j, &end, &integral))
		return j->error;
	if (!integral)
		return pw_json_fail_at(j, start,
				       "expected an integer, found a fraction or an exponent");
	neg = j->buf[start] == '-';
	for (size_t i = start + neg; i < end; i++) {
		unsigned d = (unsigned)(j->buf[i] - '0');

		if (mag > (ULLONG_MAX - d) / 10) {
			over = true;
			break;
		}
		mag = mag * 10 + d;
	}
	if (!over && neg && mag > (unsigned long long)LLONG_MAX + 1)
		over = true;
	if (!over && !neg && mag > (unsigned long long)LLONG_MAX)
		over = true;
	if (!over)
		v = neg ? (long long)(0 - mag) : (long long)mag;
	if (over || v < min || v > max)
		return pw_json_fail_at(j, start, "%.*s is out of range (%lld to %lld)",
				       end - start > 24 ? 24 : (int)(end - start), j->buf + start,
				       min, max);
	j->pos = end;
	*out = v;
	return 0;
}

static int json_literal(struct pw_json *j, const char *word)
{
	size_t n = strlen(word);

	if (j->len - j->pos < n || memcmp(j->buf + j->pos, word, n) != 0)
		return pw_json_fail_at(j, j->pos, "invalid literal (expected %s)", word);
	j->pos += n;
	return 0;
}

int pw_json_read_bool(struct pw_json *j, bool *out)
{
	enum pw_json_type t = PW_JSON_NULL;

	if (pw_json_peek(j, &t))
		return j->error;
	if (t != PW_JSON_BOOL)
		return json_expected(j, "true or false");
	*out = j->buf[j->pos] == 't';
	return json_literal(j, *out ? "true" : "false");
}

int pw_json_read_null(struct pw_json *j)
{
	enum pw_json_type t = PW_JSON_NULL;

	if (pw_json_peek(j, &t))
		return j->error;
	if (t != PW_JSON_NULL)
		return json_expected(j, "null");
	return json_literal(j, "null");
}

int pw_json_skip(struct pw_json *j)
{
	struct json_sink s = { .discard = true };
	enum pw_json_type t = PW_JSON_NULL;
	size_t end = 0;
	bool b;
	int rc;

	if (pw_json_peek(j, &t))
		return j->error;
	switch (t) {
	case PW_JSON_NULL:
		return pw_json_read_null(j);
	case PW_JSON_BOOL:
		return pw_json_read_bool(j, &b);
	case PW_JSON_NUMBER:
		if (json_number(j, &end, &b))
			return j->error;
		j->pos = end;
		return 0;
	case PW_JSON_STRING:
		return json_string(j, &s);
	case PW_JSON_ARRAY:
		pw_json_array_begin(j);
		while ((rc = pw_json_array_next(j)) == 1)
			pw_json_skip(j);
		return rc;
	case PW_JSON_OBJECT:
		pw_json_object_begin(j);
		while ((rc = pw_json_object_next(j, NULL, 0)) == 1)
			pw_json_skip(j);
		return rc;
	}
	return json_expected(j, "a value");
}

int pw_json_finish(struct pw_json *j)
{
	if (j->error)
		return j->error;
	json_skip_ws(j);
	if (j->pos < j->len)
		return json_expected(j, "the end of the document");
	return 0;
}
