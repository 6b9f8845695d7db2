/* SPDX-License-Identifier: MIT */
/* Unit tests of util.c: UTF-8 checks, JSON and terminal escaping, number parsing. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util.h"

typedef void (*util_writer)(FILE *f, const char *s);

/* Run w on s into memory; returns the malloc'd output, its length in *len. */
static char *util_capture(util_writer w, const char *s, size_t *len)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	assert_non_null(f);
	w(f, s);
	assert_int_equal(fclose(f), 0);
	if (len)
		*len = size;
	return buf;
}

static void util_expect(util_writer w, const char *in, const char *want)
{
	size_t len;
	char *got = util_capture(w, in, &len);

	assert_string_equal(got, want);
	assert_int_equal(len, strlen(want));
	free(got);
}

static char *util_json_n(const char *s, size_t n, size_t *len)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	assert_non_null(f);
	pw_json_string_n(f, s, n);
	assert_int_equal(fclose(f), 0);
	*len = size;
	return buf;
}

/*
 * Well-formed UTF-8 straight from the RFC 3629 grammar (section 4), written
 * independently of pw_utf8_seq_len so the two can be compared.
 */
static size_t rfc_utf8_len(const unsigned char *s, size_t n)
{
#define T(i) (n > (i) && s[i] >= 0x80 && s[i] <= 0xbf)
#define R(i, lo, hi) (n > (i) && s[i] >= (lo) && s[i] <= (hi))
	unsigned c = s[0];

	if (c <= 0x7f)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return T(1) ? 2 : 0;
	if (c == 0xe0)
		return R(1, 0xa0, 0xbf) && T(2) ? 3 : 0;
	if ((c >= 0xe1 && c <= 0xec) || c == 0xee || c == 0xef)
		return T(1) && T(2) ? 3 : 0;
	if (c == 0xed)
		return R(1, 0x80, 0x9f) && T(2) ? 3 : 0;
	if (c == 0xf0)
		return R(1, 0x90, 0xbf) && T(2) && T(3) ? 4 : 0;
	if (c >= 0xf1 && c <= 0xf3)
		return T(1) && T(2) && T(3) ? 4 : 0;
	if (c == 0xf4)
		return R(1, 0x80, 0x8f) && T(2) && T(3) ? 4 : 0;
	return 0;
#undef T
#undef R
}

static bool rfc_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	while (n) {
		size_t k = rfc_utf8_len(p, n);

		if (!k)
			return false;
		p += k;
		n -= k;
	}
	return true;
}

/* True when s[0..n) holds a C0 control, DEL, or a C1 control in UTF-8 (C2 80..C2 9F). */
static bool util_has_control(const char *s, size_t n)
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

#define U8(lit) ((const unsigned char *)(lit))

/* --- pw_utf8_seq_len --------------------------------------------------------- */

static void utf8_len_of_ascii_is_one(void **state)
{
	(void)state;
	assert_int_equal(pw_utf8_seq_len(U8("A"), 1), 1);
	assert_int_equal(pw_utf8_seq_len(U8("\x7f"), 1), 1);
	assert_int_equal(pw_utf8_seq_len(U8("\x01"), 1), 1);
}

static void utf8_len_accepts_two_three_and_four_byte_forms(void **state)
{
	(void)state;
	assert_int_equal(pw_utf8_seq_len(U8("\xc2\x80"), 2), 2);	 /* U+0080 */
	assert_int_equal(pw_utf8_seq_len(U8("\xc3\xa9"), 2), 2);	 /* é */
	assert_int_equal(pw_utf8_seq_len(U8("\xdf\xbf"), 2), 2);	 /* U+07FF */
	assert_int_equal(pw_utf8_seq_len(U8("\xe0\xa0\x80"), 3), 3);	 /* U+0800 */
	assert_int_equal(pw_utf8_seq_len(U8("\xe2\x82\xac"), 3), 3);	 /* € */
	assert_int_equal(pw_utf8_seq_len(U8("\xed\x9f\xbf"), 3), 3);	 /* U+D7FF */
	assert_int_equal(pw_utf8_seq_len(U8("\xee\x80\x80"), 3), 3);	 /* U+E000 */
	assert_int_equal(pw_utf8_seq_len(U8("\xef\xbf\xbf"), 3), 3);	 /* U+FFFF */
	assert_int_equal(pw_utf8_seq_len(U8("\xf0\x90\x80\x80"), 4), 4); /* U+10000 */
	assert_int_equal(pw_utf8_seq_len(U8("\xf0\x9f\x98\x80"), 4), 4); /* 😀 */
	assert_int_equal(pw_utf8_seq_len(U8("\xf4\x8f\xbf\xbf"), 4), 4); /* U+10FFFF */
}

static void utf8_len_counts_only_the_first_sequence(void **state)
{
	(void)state;
	assert_int_equal(pw_utf8_seq_len(U8("\xc3\xa9xyz"), 5), 2);
	assert_int_equal(pw_utf8_seq_len(U8("\xe2\x82\xac\xe2\x82\xac"), 6), 3);
}

static void utf8_len_rejects_overlong_forms(void **state)
{
	(void)state;
	assert_int_equal(pw_utf8_seq_len(U8("\xc0\x80"), 2), 0);
	assert_int_equal(pw_utf8_seq_len(U8("\xc1\xbf"), 2), 0);
	assert_int_equal(pw_utf8_seq_len(U8("\xe0\x80\x80"), 3), 0);
	assert_int_equal(pw_utf8_seq_len(U8("\xe0\x9f\xbf"), 3), 0);
	assert_int_equal(pw_utf8_seq_len(U8("\xf0\x80\x80\x80"), 4), 0);
	assert_int_equal(pw_utf8_seq_len(U8("\xf0\x8f\xbf\xbf"), 4), 0);
}

static void utf8_len_rejects_surrogates(void **state)
{
	(void)state;
	assert_int_equal(pw_utf8_seq_len(U8("\xed\xa0\x80"), 3), 0); /* U+D800 */
	assert_int_equal(pw_utf8_seq_len(U8("\xed\xbf\xbf"), 3), 0); /* U+DFFF */
}

static void utf8_len_rejects_code_points_past_10ffff(void **state)
{
	(void)state;
	assert_int_equal(pw_utf8_seq_len(U8("\xf4\x90\x80\x80"), 4), 0);
	assert_int_equal(pw_utf8_seq_len(U8("\xf5\x80\x80\x80"), 4), 0);
	assert_int_equal(pw_utf8_seq_len(U8("\xf7\xbf\xbf\xbf"), 4), 0);
	assert_int_equal(pw_utf8_seq_len(U8("\xf8\x88\x80\x80\x80"), 5), 0);
	assert_int_equal(pw_utf8_seq_len(U8("\xfe"), 1), 0);
	assert_int_equal(pw_utf8_seq_len(U8("\xff"), 1), 0);
}

static void utf8_len_rejects_truncated_sequences(void **state)
{
	(void)state;
	/* Cut short by n, although the bytes are there. */
	assert_int_equal(pw_utf8_seq_len(U8("\xc3\xa9"), 1), 0);
	assert_int_equal(pw_utf8_seq_len(U8("\xe2\x82\xac"), 2), 0);
	assert_int_equal(pw_utf8_seq_len(U8("\xf0\x9f\x98\x80"), 3), 0);
	/* Cut short by a byte that is not a continuation. */
	assert_int_equal(pw_utf8_seq_len(U8("\xc3"
					    "A"),
					 2),
			 0);
	assert_int_equal(pw_utf8_seq_len(U8("\xe2\x82"
					    "A"),
					 3),
			 0);
	assert_int_equal(pw_utf8_seq_len(U8("\xf0\x9f\x98"
					    "A"),
					 4),
			 0);
	assert_int_equal(pw_utf8_seq_len(U8("\xe2\xc3\xa9"), 3), 0);
}

static void utf8_len_rejects_lone_continuation(void **state)
{
	(void)state;
	assert_int_equal(pw_utf8_seq_len(U8("\x80"), 1), 0);
	assert_int_equal(pw_utf8_seq_len(U8("\xbf\xbf"), 2), 0);
}

/* Every lead and second byte, a spread of third and fourth bytes, every length. */
static void utf8_len_agrees_with_rfc3629_grammar(void **state)
{
	static const unsigned char tails[] = { 0x00, 0x41, 0x7f, 0x80, 0x8f,
					       0x90, 0x9f, 0xa0, 0xbf, 0xc0 };

	(void)state;
	for (unsigned b0 = 0; b0 < 256; b0++) {
		for (unsigned b1 = 0; b1 < 256; b1++) {
			for (size_t i = 0; i < sizeof(tails); i++) {
				for (size_t j = 0; j < sizeof(tails); j++) {
					unsigned char s[4] = { (unsigned char)b0, (unsigned char)b1,
							       tails[i], tails[j] };

					for (size_t n = 1; n <= 4; n++) {
						size_t want = rfc_utf8_len(s, n);

						if (pw_utf8_seq_len(s, n) != want)
							fail_msg("%02x %02x %02x %02x n=%zu: "
								 "got %zu, want %zu",
								 s[0], s[1], s[2], s[3], n,
								 pw_utf8_seq_len(s, n), want);
					}
				}
			}
		}
	}
}

/* --- pw_json_string ---------------------------------------------------------- */

static void json_string_quotes_plain_text(void **state)
{
	(void)state;
	util_expect(pw_json_string, "abc", "\"abc\"");
	util_expect(pw_json_string, "", "\"\"");
}

static void json_string_escapes_quote_and_backslash(void **state)
{
	(void)state;
	util_expect(pw_json_string, "a\"b\\c", "\"a\\\"b\\\\c\"");
	util_expect(pw_json_string, "\\\"", "\"\\\\\\\"\"");
}

static void json_string_escapes_newline_tab_return(void **state)
{
	(void)state;
	util_expect(pw_json_string, "a\nb\tc\rd", "\"a\\nb\\tc\\rd\"");
}

static void json_string_escapes_every_control_byte_and_del(void **state)
{
	(void)state;
	for (unsigned c = 0; c < 0x80; c++) {
		char in[1] = { (char)c };
		char want[16];
		size_t len;
		char *got;

		if (c >= 0x20 && c != 0x7f)
			continue;
		if (c == '\n')
			strcpy(want, "\"\\n\"");
		else if (c == '\t')
			strcpy(want, "\"\\t\"");
		else if (c == '\r')
			strcpy(want, "\"\\r\"");
		else
			snprintf(want, sizeof(want), "\"\\u%04x\"", c);
		got = util_json_n(in, 1, &len);
		/* JSON lets the hex digits be either case. */
		if (len != strlen(want) || strncasecmp(got, want, len) != 0)
			fail_msg("byte 0x%02x: got '%s', want '%s'", c, got, want);
		free(got);
	}
}

/* C1 controls and the characters that reorder or hide text: escaped, never raw. */
static void json_string_escapes_c1_and_hidden_format_characters(void **state)
{
	static const uint32_t hidden[] = { 0x200b, 0x200e, 0x200f, 0x202a, 0x202e,
					   0x2060, 0x2066, 0x2069, 0xfeff };
	char in[4], want[16];
	size_t len;
	char *got;

	(void)state;
	for (unsigned c = 0x80; c < 0xa0; c++) {
		in[0] = (char)0xc2;
		in[1] = (char)c;
		snprintf(want, sizeof(want), "\"\\u%04x\"", c);
		got = util_json_n(in, 2, &len);
		if (len != strlen(want) || strncasecmp(got, want, len) != 0)
			fail_msg("U+%04X: got '%s', want '%s'", c, got, want);
		free(got);
	}
	for (size_t i = 0; i < PW_ARRAY_SIZE(hidden); i++) {
		in[0] = (char)(0xe0 | hidden[i] >> 12);
		in[1] = (char)(0x80 | (hidden[i] >> 6 & 0x3f));
		in[2] = (char)(0x80 | (hidden[i] & 0x3f));
		snprintf(want, sizeof(want), "\"\\u%04x\"", (unsigned)hidden[i]);
		got = util_json_n(in, 3, &len);
		if (len != strlen(want) || strncasecmp(got, want, len) != 0)
			fail_msg("U+%04X: got '%s', want '%s'", (unsigned)hidden[i], got, want);
		free(got);
	}
	/* Their neighbours are printable and stay as they are. */
	util_expect(pw_json_string, "\xc2\xa0\xe2\x80\x90\xe2\x80\xaf",
		    "\"\xc2\xa0\xe2\x80\x90\xe2\x80\xaf\"");
}

static void json_string_replaces_invalid_utf8_with_fffd(void **state)
{
	(void)state;
	util_expect(pw_json_string, "\xff", "\"\\ufffd\"");
	util_expect(pw_json_string, "a\xc3", "\"a\\ufffd\"");
	util_expect(pw_json_string, "\x80z", "\"\\ufffdz\"");
	/* Each byte of a malformed sequence is replaced, and nothing after it is eaten. */
	util_expect(pw_json_string, "\xc0\x80", "\"\\ufffd\\ufffd\"");
	util_expect(pw_json_string, "\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");
	util_expect(pw_json_string, "\xf4\x90\x80\x80!", "\"\\ufffd\\ufffd\\ufffd\\ufffd!\"");
	util_expect(pw_json_string,
		    "\xe2\x82"
		    "A",
		    "\"\\ufffd\\ufffdA\"");
}

static void json_string_passes_valid_multibyte_utf8(void **state)
{
	(void)state;
	util_expect(pw_json_string, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
		    "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
}

static void json_string_writes_null_for_null(void **state)
{
	(void)state;
	util_expect(pw_json_string, NULL, "null");
}

static void json_string_n_escapes_embedded_nul(void **state)
{
	size_t len;
	char *got = util_json_n("a\0b", 3, &len);

	(void)state;
	assert_int_equal(len, strlen("\"a\\u0000b\""));
	assert_true(strncasecmp(got, "\"a\\u0000b\"", len) == 0);
	free(got);
}

static void json_string_n_stops_at_len(void **state)
{
	size_t len;
	char *got = util_json_n("abcdef", 3, &len);

	(void)state;
	assert_string_equal(got, "\"abc\"");
	free(got);
}

/* Whatever the bytes, the output is valid UTF-8 with no raw control character. */
static void json_string_output_is_always_valid_utf8_without_controls(void **state)
{
	(void)state;
	for (unsigned b0 = 0; b0 < 256; b0++) {
		for (unsigned b1 = 0; b1 < 256; b1++) {
			char in[3] = { (char)b0, (char)b1, '\xa9' };
			size_t len;
			char *got = util_json_n(in, 3, &len);

			if (!rfc_utf8_valid(got, len) || got[0] != '"' || got[len - 1] != '"')
				fail_msg("%02x %02x a9: not a valid JSON string: '%s'", b0, b1,
					 got);
			for (size_t i = 0; i < len; i++) {
				if ((unsigned char)got[i] < 0x20)
					fail_msg("%02x %02x a9: raw control byte in '%s'", b0, b1,
						 got);
			}
			free(got);
		}
	}
}

/* --- pw_term_string and pw_utf8_columns ---------------------------------------- */

static void term_string_escapes_escape_sequences(void **state)
{
	(void)state;
	util_expect(pw_term_string, "\x1b[31mred", "\\x1b[31mred");
}

static void term_string_escapes_c1_control_csi(void **state)
{
	(void)state;
	util_expect(pw_term_string,
		    "\xc2\x9b"
		    "31m",
		    "\\xc2\\x9b31m");
	util_expect(pw_term_string, "\xc2\x80", "\\xc2\\x80");
	/* U+00A0 is the first printable character after C1. */
	util_expect(pw_term_string, "\xc2\xa0", "\xc2\xa0");
}

/* A right-to-left override in another user's process name must not reorder the line. */
static void term_string_escapes_bidi_and_invisible_characters(void **state)
{
	(void)state;
	util_expect(pw_term_string, "evil\xe2\x80\xaegpj", "evil\\xe2\\x80\\xaegpj");
	util_expect(pw_term_string, "\xe2\x81\xa6x\xe2\x81\xa9", "\\xe2\\x81\\xa6x\\xe2\\x81\\xa9");
	util_expect(pw_term_string, "\xe2\x80\x8b\xef\xbb\xbf", "\\xe2\\x80\\x8b\\xef\\xbb\\xbf");
	/* U+2010 (hyphen) and U+202F (narrow no-break space) are printable. */
	util_expect(pw_term_string, "\xe2\x80\x90\xe2\x80\xaf", "\xe2\x80\x90\xe2\x80\xaf");
}

static void term_string_doubles_backslash(void **state)
{
	(void)state;
	util_expect(pw_term_string, "a\\b", "a\\\\b");
	/* So an escaped byte and a literal "\x1b" never look the same. */
	util_expect(pw_term_string, "\\x1b", "\\\\x1b");
}

static void term_string_passes_printable_utf8(void **state)
{
	(void)state;
	util_expect(pw_term_string, "caf\xc3\xa9", "caf\xc3\xa9");
	util_expect(pw_term_string, "\xe2\x82\xac\xf0\x9f\x98\x80", "\xe2\x82\xac\xf0\x9f\x98\x80");
	util_expect(pw_term_string, "plain text ~!", "plain text ~!");
}

static void term_string_escapes_invalid_bytes_del_and_newline(void **state)
{
	(void)state;
	util_expect(pw_term_string,
		    "a\xff"
		    "b",
		    "a\\xffb");
	util_expect(pw_term_string, "\xc3", "\\xc3");
	util_expect(pw_term_string, "\xed\xa0\x80", "\\xed\\xa0\\x80");
	util_expect(pw_term_string, "x\x7fy", "x\\x7fy");
	util_expect(pw_term_string, "1\n2\r3\t", "1\\x0a2\\x0d3\\x09");
}

/* pw_term_escape, given room, writes what pw_term_string writes. */
static void term_escape_with_room_equals_term_string(void **state)
{
	static const char *const cases[] = {
		"sshd",
		"",
		"\x1b[31mred",
		"a\\b",
		"caf\xc3\xa9",
		"\xc2\x9b"
		"31m",
		"x\x7fy\xff",
		"\xe2\x82\xac\xf0\x9f\x98\x80",
	};
	char buf[256];

	(void)state;
	for (size_t i = 0; i < PW_ARRAY_SIZE(cases); i++) {
		char *want = util_capture(pw_term_string, cases[i], NULL);

		assert_int_equal(pw_term_escape(buf, sizeof(buf), cases[i]), strlen(want));
		assert_string_equal(buf, want);
		free(want);
	}
}

/*
 * Cut at every size: the text is always a prefix of the full escape that
 * ends between two units, so never half of "\xHH" nor of a UTF-8 sequence.
 */
static void term_escape_cuts_between_whole_units(void **state)
{
	static const char in[] = "ab\x1b\xc3\xa9\\\xe2\x82\xacz\xff\xf0\x9f\x98\x80";
	/* Where a cut may fall in the full text: after each unit. */
	static const size_t ends[] = { 0, 1, 2, 6, 8, 10, 13, 14, 18, 22 };
	char full[64], buf[64];
	size_t flen;

	(void)state;
	flen = pw_term_escape(full, sizeof(full), in);
	assert_string_equal(full, "ab\\x1b\xc3\xa9\\\\\xe2\x82\xacz\\xff\xf0\x9f\x98\x80");
	assert_int_equal(flen, 22);
	for (size_t size = 1; size <= flen + 1; size++) {
		size_t len = pw_term_escape(buf, size, in), want = 0;

		for (size_t i = 0; i < PW_ARRAY_SIZE(ends); i++) {
			if (ends[i] < size)
				want = ends[i];
		}
		assert_int_equal(len, want);
		assert_int_equal(buf[len], '\0');
		assert_memory_equal(buf, full, len);
	}
}

static void term_string_never_writes_a_control_byte_for_any_single_byte(void **state)
{
	(void)state;
	for (unsigned b = 1; b < 256; b++) {
		char in[2] = { (char)b, '\0' };
		size_t len;
		char *got = util_capture(pw_term_string, in, &len);

		if (util_has_control(got, len) || !rfc_utf8_valid(got, len))
			fail_msg("byte 0x%02x: unsafe output '%s'", b, got);
		free(got);
	}
}

static void term_string_never_writes_a_control_for_any_byte_pair(void **state)
{
	(void)state;
	for (unsigned b0 = 1; b0 < 256; b0++) {
		for (unsigned b1 = 1; b1 < 256; b1++) {
			char in[3] = { (char)b0, (char)b1, '\0' };
			size_t len;
			char *got = util_capture(pw_term_string, in, &len);

			if (util_has_control(got, len) || !rfc_utf8_valid(got, len))
				fail_msg("bytes %02x %02x: unsafe output '%s'", b0, b1, got);
			free(got);
		}
	}
}

static void columns_count_characters_not_bytes(void **state)
{
	(void)state;
	assert_int_equal(pw_utf8_columns(""), 0);
	assert_int_equal(pw_utf8_columns("abc"), 3);
	assert_int_equal(pw_utf8_columns("\xc3\xa9t\xc3\xa9"), 3);
	assert_int_equal(pw_utf8_columns("\xe2\x82\xac"), 1);
	assert_int_equal(pw_utf8_columns("\xf0\x9f\x98\x80!"), 2);
}

/* What pw_term_string writes takes one column per byte it wrote, but for UTF-8 characters. */
static void columns_of_escaped_text_match_what_a_terminal_shows(void **state)
{
	static const char *const cases[] = {
		"\x1b[31m", "a\\b", "\xff", "\xc2\x9b", "x\x7fy", "eth0\x01", "caf\xc3\xa9\xff",
	};
	static const size_t want[] = { 8, 4, 4, 8, 6, 8, 8 };

	(void)state;
	for (size_t i = 0; i < PW_ARRAY_SIZE(cases); i++) {
		size_t len;
		char *got = util_capture(pw_term_string, cases[i], &len);

		assert_int_equal(pw_utf8_columns(got), want[i]);
		free(got);
	}
}

/* --- pw_utf8_trim ------------------------------------------------------------ */

/* pw_utf8_trim on a copy of in; fails unless the result is want. */
static void util_trim_expect(const char *in, const char *want)
{
	char buf[64];

	assert_true(strlen(in) < sizeof(buf));
	strcpy(buf, in);
	pw_utf8_trim(buf);
	if (strcmp(buf, want) != 0)
		fail_msg("trim of %zu bytes left %zu, not %zu", strlen(in), strlen(buf),
			 strlen(want));
}

static void utf8_trim_keeps_empty_and_ascii(void **state)
{
	(void)state;
	util_trim_expect("", "");
	util_trim_expect("a", "a");
	util_trim_expect("abc [612]", "abc [612]");
	util_trim_expect("\\x1b", "\\x1b");
}

static void utf8_trim_keeps_complete_sequences(void **state)
{
	static const char *const cases[] = {
		"\xc3\xa9",	    "x\xc3\xa9",
		"\xe2\x82\xac",	    "x\xe2\x82\xac",
		"\xf0\x9f\x98\x80", "x\xf0\x9f\x98\x80",
		"\xc2\xa0",	    "\xef\xbf\xbd",
		"\xf4\x8f\xbf\xbf", "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80",
	};

	(void)state;
	for (size_t i = 0; i < PW_ARRAY_SIZE(cases); i++)
		util_trim_expect(cases[i], cases[i]);
}

/* A 2, 3 or 4-byte sequence cut after any of its bytes is dropped whole; what precedes stays. */
static void utf8_trim_drops_a_sequence_cut_at_every_byte(void **state)
{
	static const char *const seqs[] = { "\xc3\xa9",	       "\xdf\xbf",     "\xe2\x82\xac",
					    "\xe0\xa0\x80",    "\xed\x9f\xbf", "\xf0\x9f\x98\x80",
					    "\xf4\x8f\xbf\xbf" };
	static const char *const before[] = {
		"", "a", "ab[1]", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"
	};

	(void)state;
	for (size_t i = 0; i < PW_ARRAY_SIZE(seqs); i++) {
		for (size_t b = 0; b < PW_ARRAY_SIZE(before); b++) {
			for (size_t cut = 1; cut < strlen(seqs[i]); cut++) {
				char in[32];

				snprintf(in, sizeof(in), "%s%.*s", before[b], (int)cut, seqs[i]);
				util_trim_expect(in, before[b]);
			}
		}
	}
}

/* A cut anywhere in mixed text leaves its longest prefix that ends on a character. */
static void utf8_trim_after_any_cut_leaves_whole_characters(void **state)
{
	static const char text[] = "a\xc3\xa9"
				   "b\xe2\x82\xac\xf0\x9f\x98\x80"
				   "cd\xf0\x9f\x98\x80\xc3\xa9\xe2\x82\xac"
				   "e";
	size_t len = strlen(text);

	(void)state;
	for (size_t cut = 0; cut <= len; cut++) {
		char buf[sizeof(text)];
		size_t want = 0;

		/* Character starts up to cut: the last one whose sequence fits is the end. */
		for (size_t k = 0; k < cut;) {
			size_t n = rfc_utf8_len((const unsigned char *)text + k, len - k);

			assert_true(n > 0);
			if (k + n > cut)
				break;
			k += n;
			want = k;
		}
		memcpy(buf, text, cut);
		buf[cut] = '\0';
		pw_utf8_trim(buf);
		if (strlen(buf) != want)
			fail_msg("cut at %zu: %zu bytes left, not %zu", cut, strlen(buf), want);
		assert_true(rfc_utf8_valid(buf, strlen(buf)));
		assert_memory_equal(buf, text, want);
	}
}

/* A lone lead byte or a lead byte with a wrong second byte at the end goes too. */
static void utf8_trim_drops_a_dangling_lead_byte(void **state)
{
	(void)state;
	util_trim_expect("ab\xc3", "ab");
	util_trim_expect("ab\xf0", "ab");
	util_trim_expect("\xe2", "");
	util_trim_expect("\xf0\x9f", "");
}

/* --- pw_parse_uint ----------------------------------------------------------- */

/* /proc names that are pids, and the many that are not. */
static void pid_names_are_plain_decimal_without_leading_zero(void **state)
{
	static const char *const bad[] = { "0", "01", "-1", "+1", "1a", "", "self", "2147483648" };
	int pid = -5;

	(void)state;
	assert_true(pw_parse_pid_name("1", &pid));
	assert_int_equal(pid, 1);
	assert_true(pw_parse_pid_name("2147483647", &pid));
	assert_int_equal(pid, 2147483647);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		pid = -5;
		assert_false(pw_parse_pid_name(bad[i], &pid));
		assert_int_equal(pid, -5);
	}
}

static void parse_uint_accepts_bounds(void **state)
{
	unsigned long v = 12345;

	(void)state;
	assert_int_equal(pw_parse_uint("0", 0, 65535, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(pw_parse_uint("65535", 0, 65535, &v), 0);
	assert_int_equal(v, 65535);
	assert_int_equal(pw_parse_uint("1", 1, 10, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(pw_parse_uint("10", 1, 10, &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(pw_parse_uint("00080", 0, 65535, &v), 0);
	assert_int_equal(v, 80);
}

static void parse_uint_rejects_out_of_bounds(void **state)
{
	unsigned long v = 12345;

	(void)state;
	assert_int_equal(pw_parse_uint("65536", 0, 65535, &v), -EINVAL);
	assert_int_equal(pw_parse_uint("99999", 0, 65535, &v), -EINVAL);
	assert_int_equal(pw_parse_uint("0", 1, 65535, &v), -EINVAL);
	assert_int_equal(pw_parse_uint("11", 1, 10, &v), -EINVAL);
	assert_int_equal(pw_parse_uint("5", 0, 4, &v), -EINVAL);
	assert_int_equal(v, 12345);
}

static void parse_uint_rejects_overflow(void **state)
{
	unsigned long v = 12345;
	char max[32], over[32];

	(void)state;
	assert_int_equal(pw_parse_uint("99999999999999999999999", 0, ULONG_MAX, &v), -EINVAL);
	assert_int_equal(v, 12345);
	snprintf(max, sizeof(max), "%lu", ULONG_MAX);
	assert_int_equal(pw_parse_uint(max, 0, ULONG_MAX, &v), 0);
	assert_true(v == ULONG_MAX);
	/* ULONG_MAX + 1, spelt out: its last digit is never 9. */
	snprintf(over, sizeof(over), "%lu", ULONG_MAX / 10);
	snprintf(over + strlen(over), sizeof(over) - strlen(over), "%lu", ULONG_MAX % 10 + 1);
	v = 12345;
	assert_int_equal(pw_parse_uint(over, 0, ULONG_MAX, &v), -EINVAL);
	assert_int_equal(v, 12345);
}

static void parse_uint_rejects_empty_sign_spaces_and_junk(void **state)
{
	static const char *const bad[] = {
		"", "+1", "-1", " 1", "1 ", "1a", "0x10", "1.0", "1,000", "\t7", "\xd9\xa3",
	};
	unsigned long v = 12345;

	(void)state;
	for (size_t i = 0; i < PW_ARRAY_SIZE(bad); i++) {
		if (pw_parse_uint(bad[i], 0, ULONG_MAX, &v) != -EINVAL)
			fail_msg("'%s' was accepted", bad[i]);
		assert_int_equal(v, 12345);
	}
}

/* --- pw_error_set and allocation --------------------------------------------- */

static void error_set_fills_file_line_and_message(void **state)
{
	struct pw_error err = { .col = 9 };

	(void)state;
	pw_error_set(&err, "/etc/x.policy", 12, "bad port '%s'", "http9");
	assert_string_equal(err.file, "/etc/x.policy");
	assert_int_equal(err.line, 12);
	assert_string_equal(err.msg, "bad port 'http9'");
}

static void error_set_truncates_a_long_message(void **state)
{
	struct pw_error err;
	char long_word[300];

	(void)state;
	memset(long_word, 'x', sizeof(long_word) - 1);
	long_word[sizeof(long_word) - 1] = '\0';
	pw_error_set(&err, NULL, 0, "%s", long_word);
	assert_null(err.file);
	assert_int_equal(strlen(err.msg), sizeof(err.msg) - 1);
	assert_int_equal(err.msg[0], 'x');
}

static void error_set_accepts_null(void **state)
{
	(void)state;
	/* Nothing to check but that it returns: a crash fails the test. */
	pw_error_set(NULL, "f", 1, "%s", "nothing to fill");
}

static void xstrdup_copies(void **state)
{
	const char *src = "portwatch";
	char *copy = pw_xstrdup(src);

	(void)state;
	assert_ptr_not_equal(copy, src);
	assert_string_equal(copy, src);
	free(copy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8_len_of_ascii_is_one),
		cmocka_unit_test(utf8_len_accepts_two_three_and_four_byte_forms),
		cmocka_unit_test(utf8_len_counts_only_the_first_sequence),
		cmocka_unit_test(utf8_len_rejects_overlong_forms),
		cmocka_unit_test(utf8_len_rejects_surrogates),
		cmocka_unit_test(utf8_len_rejects_code_points_past_10ffff),
		cmocka_unit_test(utf8_len_rejects_truncated_sequences),
		cmocka_unit_test(utf8_len_rejects_lone_continuation),
		cmocka_unit_test(utf8_len_agrees_with_rfc3629_grammar),
		cmocka_unit_test(json_string_quotes_plain_text),
		cmocka_unit_test(json_string_escapes_quote_and_backslash),
		cmocka_unit_test(json_string_escapes_newline_tab_return),
		cmocka_unit_test(json_string_escapes_every_control_byte_and_del),
		cmocka_unit_test(json_string_escapes_c1_and_hidden_format_characters),
		cmocka_unit_test(json_string_replaces_invalid_utf8_with_fffd),
		cmocka_unit_test(json_string_passes_valid_multibyte_utf8),
		cmocka_unit_test(json_string_writes_null_for_null),
		cmocka_unit_test(json_string_n_escapes_embedded_nul),
		cmocka_unit_test(json_string_n_stops_at_len),
		cmocka_unit_test(json_string_output_is_always_valid_utf8_without_controls),
		cmocka_unit_test(term_string_escapes_escape_sequences),
		cmocka_unit_test(term_string_escapes_c1_control_csi),
		cmocka_unit_test(term_string_escapes_bidi_and_invisible_characters),
		cmocka_unit_test(term_string_doubles_backslash),
		cmocka_unit_test(term_string_passes_printable_utf8),
		cmocka_unit_test(term_string_escapes_invalid_bytes_del_and_newline),
		cmocka_unit_test(term_escape_with_room_equals_term_string),
		cmocka_unit_test(term_escape_cuts_between_whole_units),
		cmocka_unit_test(term_string_never_writes_a_control_byte_for_any_single_byte),
		cmocka_unit_test(term_string_never_writes_a_control_for_any_byte_pair),
		cmocka_unit_test(columns_count_characters_not_bytes),
		cmocka_unit_test(columns_of_escaped_text_match_what_a_terminal_shows),
		cmocka_unit_test(pid_names_are_plain_decimal_without_leading_zero),
		cmocka_unit_test(parse_uint_accepts_bounds),
		cmocka_unit_test(parse_uint_rejects_out_of_bounds),
		cmocka_unit_test(parse_uint_rejects_overflow),
		cmocka_unit_test(parse_uint_rejects_empty_sign_spaces_and_junk),
		cmocka_unit_test(error_set_fills_file_line_and_message),
		cmocka_unit_test(error_set_truncates_a_long_message),
		cmocka_unit_test(error_set_accepts_null),
		cmocka_unit_test(xstrdup_copies),
		cmocka_unit_test(utf8_trim_keeps_empty_and_ascii),
		cmocka_unit_test(utf8_trim_keeps_complete_sequences),
		cmocka_unit_test(utf8_trim_drops_a_sequence_cut_at_every_byte),
		cmocka_unit_test(utf8_trim_after_any_cut_leaves_whole_characters),
		cmocka_unit_test(utf8_trim_drops_a_dangling_lead_byte),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
