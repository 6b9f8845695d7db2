/* SPDX-License-Identifier: MIT */
/* Unit tests of obuf.c: appending across the buffer's end, JSON strings, CSV fields. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "obuf.h"

struct sink {
	char *text;
	size_t len;
	FILE *f;
	struct pw_obuf b;
	char buf[256];
};

static void sink_open(struct sink *k)
{
	k->text = NULL;
	k->len = 0;
	k->f = open_memstream(&k->text, &k->len);
	assert_non_null(k->f);
	pw_obuf_init(&k->b, k->f, k->buf, sizeof(k->buf));
}

/* Flush and close; k->text holds everything written. */
static void sink_close(struct sink *k)
{
	pw_obuf_flush(&k->b);
	assert_int_equal(fclose(k->f), 0);
}

static void puts_longer_than_the_buffer_arrive_whole(void **state)
{
	struct sink k;
	char big[1000];

	(void)state;
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)('a' + i % 26);
	sink_open(&k);
	PW_OBUF_LIT(&k.b, "<");
	pw_obuf_put(&k.b, big, sizeof(big));
	PW_OBUF_LIT(&k.b, ">");
	sink_close(&k);
	assert_int_equal(k.len, sizeof(big) + 2);
	assert_int_equal(k.text[0], '<');
	assert_memory_equal(k.text + 1, big, sizeof(big));
	assert_int_equal(k.text[k.len - 1], '>');
	free(k.text);
}

static void nothing_reaches_the_file_before_a_flush_or_a_full_buffer(void **state)
{
	struct sink k;

	(void)state;
	sink_open(&k);
	PW_OBUF_LIT(&k.b, "held");
	fflush(k.f);
	assert_int_equal(k.len, 0);
	sink_close(&k);
	assert_string_equal(k.text, "held");
	free(k.text);
}

/* Room that does not fit flushes first: what was written before stays in order. */
static void room_flushes_when_the_next_part_does_not_fit(void **state)
{
	struct sink k;
	char *p;

	(void)state;
	sink_open(&k);
	for (int i = 0; i < 100; i++) {
		p = pw_obuf_room(&k.b, 7);
		memcpy(p, "0123456", 7);
		p[6] = (char)('0' + i % 10);
		pw_obuf_commit(&k.b, p + 7);
	}
	sink_close(&k);
	assert_int_equal(k.len, 700);
	for (int i = 0; i < 100; i++) {
		assert_memory_equal(k.text + 7 * i, "012345", 6);
		assert_int_equal(k.text[7 * i + 6], '0' + i % 10);
	}
	free(k.text);
}

static char *json_of(const char *s, size_t len)
{
	struct sink k;

	sink_open(&k);
	pw_obuf_json_string_n(&k.b, s, len);
	sink_close(&k);
	return k.text;
}

static void json_strings_escape_what_json_needs(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		const char *out;
	} cases[] = {
		{ "sshd", 4, "\"sshd\"" },
		{ "", 0, "\"\"" },
		{ "a\"b\\c", 5, "\"a\\\"b\\\\c\"" },
		{ "\n\t\r\x01\x1f\x7f", 6, "\"\\n\\t\\r\\u0001\\u001f\\u007f\"" },
		{ "nul\0byte", 8, "\"nul\\u0000byte\"" },
		{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14,
		  "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"" },
		/* Not UTF-8: a lone continuation, an overlong '/', a surrogate, a cut sequence. */
		{ "\x80", 1, "\"\\ufffd\"" },
		{ "\xc0\xaf", 2, "\"\\ufffd\\ufffd\"" },
		{ "\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\"" },
		{ "x\xe2\x82", 3, "\"x\\ufffd\\ufffd\"" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *t = json_of(cases[i].in, cases[i].len);

		assert_string_equal(t, cases[i].out);
		free(t);
	}
}

/* An escaped string many times the buffer's size, with escapes on every boundary. */
static void long_json_strings_cross_the_buffer_intact(void **state)
{
	char in[3000], want[3 * 3000 + 3], *t;
	size_t w = 0;

	(void)state;
	want[w++] = '"';
	for (size_t i = 0; i < sizeof(in); i++) {
		in[i] = i % 7 == 0 ? '"' : (char)('a' + i % 26);
		if (in[i] == '"')
			want[w++] = '\\';
		want[w++] = in[i];
	}
	want[w++] = '"';
	want[w] = '\0';
	t = json_of(in, sizeof(in));
	assert_string_equal(t, want);
	free(t);
}

static void null_json_string_is_null(void **state)
{
	struct sink k;

	(void)state;
	sink_open(&k);
	pw_obuf_json_string(&k.b, NULL);
	pw_obuf_json_string(&k.b, "x");
	sink_close(&k);
	assert_string_equal(k.text, "null\"x\"");
	free(k.text);
}

/* --- CSV fields ------------------------------------------------------------- */

static char *csv_of(const char *s, size_t *len)
{
	struct sink k;

	sink_open(&k);
	pw_obuf_csv_field(&k.b, s);
	sink_close(&k);
	if (len)
		*len = k.len;
	return k.text;
}

static void csv_expect(const char *in, const char *want)
{
	size_t len;
	char *got = csv_of(in, &len);

	assert_string_equal(got, want);
	assert_int_equal(len, strlen(want));
	free(got);
}

/* A C0 control, DEL, or a C1 control as UTF-8 (U+0080..U+009F). */
static bool csv_has_control(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			return true;
		if (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f)
			return true;
	}
	return false;
}

static void csv_field_writes_plain_text_bare(void **state)
{
	(void)state;
	csv_expect("lo", "lo");
	csv_expect("", "");
	csv_expect("a b", "a b");
}

static void csv_field_quotes_a_comma(void **state)
{
	(void)state;
	csv_expect("a,b", "\"a,b\"");
}

static void csv_field_doubles_a_quote(void **state)
{
	(void)state;
	csv_expect("say \"hi\"", "\"say \"\"hi\"\"\"");
	csv_expect("\"", "\"\"\"\"");
}

static void csv_field_quotes_a_leading_space(void **state)
{
	(void)state;
	csv_expect(" x", "\" x\"");
}

static void csv_field_escapes_control_bytes(void **state)
{
	(void)state;
	csv_expect("a\nb", "a\\x0ab");
	csv_expect("a\r\nb", "a\\x0d\\x0ab");
	csv_expect("e\x1b[31m\xff", "e\\x1b[31m\\xff");
	csv_expect("a,\x1b", "\"a,\\x1b\"");
}

static void csv_field_never_writes_a_raw_newline(void **state)
{
	(void)state;
	for (unsigned b0 = 1; b0 < 256; b0++) {
		for (unsigned b1 = 1; b1 < 256; b1++) {
			char in[4] = { ',', (char)b0, (char)b1, '\0' };

			/* Quoted (with the comma) and bare (without it). */
			for (size_t skip = 0; skip < 2; skip++) {
				size_t len;
				char *got = csv_of(in + skip, &len);

				if (memchr(got, '\n', len) || memchr(got, '\r', len) ||
				    csv_has_control(got, len))
					fail_msg("bytes %02x %02x: raw control in '%s'", b0, b1,
						 got);
				free(got);
			}
		}
	}
}

/* A field many times the buffer's size, quotes and escapes on every boundary. */
static void long_csv_fields_cross_the_buffer_intact(void **state)
{
	char in[3000], want[4 * 3000 + 3], *t;
	size_t w = 0;

	(void)state;
	want[w++] = '"';
	for (size_t i = 0; i < sizeof(in) - 1; i++) {
		in[i] = i % 7 == 0 ? '"' : i % 11 == 0 ? '\x1b' : (char)('a' + i % 26);
		if (in[i] == '"') {
			want[w++] = '"';
			want[w++] = '"';
		} else if (in[i] == '\x1b') {
			memcpy(want + w, "\\x1b", 4);
			w += 4;
		} else {
			want[w++] = in[i];
		}
	}
	in[sizeof(in) - 1] = '\0';
	want[w++] = '"';
	want[w] = '\0';
	t = csv_of(in, NULL);
	assert_string_equal(t, want);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(puts_longer_than_the_buffer_arrive_whole),
		cmocka_unit_test(nothing_reaches_the_file_before_a_flush_or_a_full_buffer),
		cmocka_unit_test(room_flushes_when_the_next_part_does_not_fit),
		cmocka_unit_test(json_strings_escape_what_json_needs),
		cmocka_unit_test(long_json_strings_cross_the_buffer_intact),
		cmocka_unit_test(null_json_string_is_null),
		cmocka_unit_test(csv_field_writes_plain_text_bare),
		cmocka_unit_test(csv_field_quotes_a_comma),
		cmocka_unit_test(csv_field_doubles_a_quote),
		cmocka_unit_test(csv_field_quotes_a_leading_space),
		cmocka_unit_test(csv_field_escapes_control_bytes),
		cmocka_unit_test(csv_field_never_writes_a_raw_newline),
		cmocka_unit_test(long_csv_fields_cross_the_buffer_intact),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
