/* SPDX-License-Identifier: MIT */
/* Unit tests of obuf.c: appending across the buffer's end, JSON strings. */
#include <setjmp.h>
#include <stdarg.h>
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
	pw_obuf_puts(&k.b, ">");
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(puts_longer_than_the_buffer_arrive_whole),
		cmocka_unit_test(nothing_reaches_the_file_before_a_flush_or_a_full_buffer),
		cmocka_unit_test(room_flushes_when_the_next_part_does_not_fit),
		cmocka_unit_test(json_strings_escape_what_json_needs),
		cmocka_unit_test(long_json_strings_cross_the_buffer_intact),
		cmocka_unit_test(null_json_string_is_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
