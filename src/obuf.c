/* SPDX-License-Identifier: MIT */
/* The renderers' output buffer, and JSON string and CSV field escaping into it. */
#include "obuf.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "util.h"

void pw_obuf_init(struct pw_obuf *b, FILE *f, char *buf, size_t cap)
{
	*b = (struct pw_obuf){ .f = f, .buf = buf, .cap = cap };
}

void pw_obuf_flush(struct pw_obuf *b)
{
	/* A failed write shows in ferror(b->f), which the caller checks at the end. */
	if (b->len)
		fwrite(b->buf, 1, b->len, b->f);
	b->len = 0;
}

void pw_obuf_put(struct pw_obuf *b, const void *s, size_t n)
{
	const char *p = s;

	while (n) {
		size_t part;

		if (b->len == b->cap)
			pw_obuf_flush(b);
		part = b->cap - b->len < n ? b->cap - b->len : n;
		memcpy(b->buf + b->len, p, part);
		b->len += part;
		p += part;
		n -= part;
	}
}

/* Bytes that go into a JSON string as they are: printable ASCII but '"' and '\\'. */
static bool obuf_json_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

void pw_obuf_json_string(struct pw_obuf *b, const char *s)
{
	if (!s) {
		PW_OBUF_LIT(b, "null");
		return;
	}
	pw_obuf_json_string_n(b, s, strlen(s));
}

void pw_obuf_json_string_n(struct pw_obuf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	PW_OBUF_LIT(b, "\"");
	while (p < end) {
		const unsigned char *run = p;
		uint32_t cp;
		size_t n;

		/* Names and paths are mostly plain: copy runs whole. */
		while (p < end && obuf_json_plain(*p))
			p++;
		if (p > run)
			pw_obuf_put(b, run, (size_t)(p - run));
		if (p == end)
			break;
		if (*p == '"' || *p == '\\') {
			char esc[2] = { '\\', (char)*p };

			pw_obuf_put(b, esc, 2);
			p++;
		} else if (*p < 0x20 || *p == 0x7f) {
			char esc[6] = { '\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 0xf] };

			if (*p == '\n')
				PW_OBUF_LIT(b, "\\n");
			else if (*p == '\t')
				PW_OBUF_LIT(b, "\\t");
			else if (*p == '\r')
				PW_OBUF_LIT(b, "\\r");
			else
				pw_obuf_put(b, esc, sizeof(esc));
			p++;
		} else if ((n = pw_utf8_seq_len(p, (size_t)(end - p))) == 0) {
			PW_OBUF_LIT(b, "\\ufffd");
			p++;
		} else if ((cp = pw_utf8_hidden_control(p, n))) {
			/* The same character, but never raw on a terminal that shows the JSON. */
			char esc[6] = { '\\',
					'u',
					hex[cp >> 12 & 0xf],
					hex[cp >> 8 & 0xf],
					hex[cp >> 4 & 0xf],
					hex[cp & 0xf] };

			pw_obuf_put(b, esc, sizeof(esc));
			p += n;
		} else {
			pw_obuf_put(b, p, n);
			p += n;
		}
	}
	PW_OBUF_LIT(b, "\"");
}

void pw_obuf_csv_field(struct pw_obuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s);
	bool quoted = s[0] == ' ' || strpbrk(s, ",\"");

	if (quoted)
		PW_OBUF_LIT(b, "\"");
	while (left) {
		/* A unit escaped (at most 4 bytes), after a quote that doubles it. */
		char *out = pw_obuf_room(b, 5);
		size_t in;

		if (quoted && *p == '"')
			*out++ = '"';
		out += pw_term_escape_unit(p, left, out, &in);
		pw_obuf_commit(b, out);
		p += in;
		left -= in;
	}
	if (quoted)
		PW_OBUF_LIT(b, "\"");
}
