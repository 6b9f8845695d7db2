/* SPDX-License-Identifier: MIT */
/* Allocation, error records, UTF-8 checks and escaping for JSON, CSV, terminals. */
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "obuf.h"

static void util_oom(size_t size)
{
	fprintf(stderr, "portwatch: out of memory (%zu bytes)\n", size);
	abort();
}

void *pw_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		util_oom(size);
	return p;
}

void *pw_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		util_oom(n * size);
	return p;
}

void *pw_xrealloc(void *p, size_t n, size_t size)
{
	size_t total;

	if (__builtin_mul_overflow(n, size, &total))
		util_oom(SIZE_MAX);
	p = realloc(p, total ? total : 1);
	if (!p)
		util_oom(total);
	return p;
}

FILE *pw_xmemstream(char **buf, size_t *size)
{
	FILE *f = open_memstream(buf, size);

	if (!f)
		util_oom(0);
	return f;
}

char *pw_xstrdup(const char *s)
{
	size_t len = strlen(s) + 1;

	return memcpy(pw_xmalloc(len), s, len);
}

void pw_error_set(struct pw_error *err, const char *file, unsigned line, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	err->file = file;
	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

size_t pw_utf8_seq_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	uint32_t cp, min;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

uint32_t pw_utf8_hidden_control(const unsigned char *s, size_t n)
{
	uint32_t cp;

	if (n == 2 && s[0] == 0xc2 && s[1] < 0xa0)
		return s[1];
	if (n != 3)
		return 0;
	cp = (uint32_t)(s[0] & 0x0f) << 12 | (uint32_t)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
	if ((cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2060 && cp <= 0x2069) || cp == 0xfeff)
		return cp;
	return 0;
}

void pw_json_string(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	pw_json_string_n(f, s, strlen(s));
}

void pw_json_string_n(FILE *f, const char *s, size_t len)
{
	char buf[512];
	struct pw_obuf b;

	/* One escaper for both: the renderers write through an obuf. */
	pw_obuf_init(&b, f, buf, sizeof(buf));
	pw_obuf_json_string_n(&b, s, len);
	pw_obuf_flush(&b);
}

/*
 * Length of the printable unit at p, or 0 when the byte at p must be shown
 * as \xHH: C0 controls, DEL, bytes outside well-formed UTF-8, and the
 * hidden controls of pw_utf8_hidden_control (each of their bytes escaped).
 */
static size_t util_term_unit(const unsigned char *p, size_t left)
{
	size_t n;

	if (*p < 0x20 || *p == 0x7f || *p == '\\')
		return 0;
	n = pw_utf8_seq_len(p, left);
	if (pw_utf8_hidden_control(p, n))
		return 0;
	return n;
}

size_t pw_term_escape_unit(const unsigned char *p, size_t left, char out[4], size_t *in)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = util_term_unit(p, left);

	if (n) {
		memcpy(out, p, n);
		*in = n;
		return n;
	}
	*in = 1;
	out[0] = '\\';
	if (*p == '\\') {
		out[1] = '\\';
		return 2;
	}
	out[1] = 'x';
	out[2] = hex[*p >> 4];
	out[3] = hex[*p & 0xf];
	return 4;
}

void pw_term_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s);

	while (left) {
		char unit[4];
		size_t in, out = pw_term_escape_unit(p, left, unit, &in);

		fwrite(unit, 1, out, f);
		p += in;
		left -= in;
	}
}

size_t pw_term_escape(char *dst, size_t size, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s), len = 0;

	while (left) {
		char unit[4];
		size_t in, out = pw_term_escape_unit(p, left, unit, &in);

		/* A unit that does not fit ends the text: never half of one. */
		if (len + out >= size)
			break;
		memcpy(dst + len, unit, out);
		len += out;
		p += in;
		left -= in;
	}
	if (size)
		dst[len] = '\0';
	return len;
}

size_t pw_utf8_columns(const char *s)
{
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xc0) != 0x80;
	return n;
}

void pw_utf8_trim(char *s)
{
	size_t len = strlen(s), lead = len;

	/* At most 3 continuation bytes follow a lead byte. */
	while (lead > 0 && len - lead < 4 && ((unsigned char)s[lead - 1] & 0xc0) == 0x80)
		lead--;
	if (lead == 0 || ((unsigned char)s[lead - 1] & 0x80) == 0)
		return;
	lead--;
	if (!pw_utf8_seq_len((const unsigned char *)s + lead, len - lead))
		s[lead] = '\0';
}

uint32_t pw_hash_u32(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x85ebca6bu;
	x ^= x >> 13;
	x *= 0xc2b2ae35u;
	x ^= x >> 16;
	return x;
}

uint64_t pw_hash_u64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

int pw_parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		unsigned long d = (unsigned long)(*s - '0');

		if (*s < '0' || *s > '9' || d > max || v > max / 10 || v * 10 > max - d)
			return -EINVAL;
		v = v * 10 + d;
	}
	if (v < min)
		return -EINVAL;
	*out = v;
	return 0;
}

bool pw_parse_pid_name(const char *name, int *pid)
{
	unsigned long v;

	if (name[0] == '0' || pw_parse_uint(name, 1, INT_MAX, &v) < 0)
		return false;
	*pid = (int)v;
	return true;
}
