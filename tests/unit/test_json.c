/* SPDX-License-Identifier: MIT */
/* Unit tests for json: every value type, depth, escapes, UTF-8, truncation, numbers, limits, positions. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "json.h"

/* A string literal and its length, NUL bytes inside it included. */
#define LIT(s) s, sizeof(s) - 1

#define FILE_NAME "doc.json"

/*
 * A copy of len bytes in a heap block of exactly that size, with no NUL
 * after it: under ASan any read past the end is reported.
 */
static char *exact_copy(const char *s, size_t len)
{
	char *p = malloc(len ? len : 1);

	assert_non_null(p);
	memcpy(p, s, len);
	return p;
}

/* Validate a whole document with pw_json_skip and pw_json_finish. */
static int skip_doc(const char *doc, size_t len, struct pw_error *err)
{
	char *buf = exact_copy(doc, len);
	struct pw_json j;
	int rc;

	memset(err, 0, sizeof(*err));
	rc = pw_json_init(&j, buf, len, 1 << 20, FILE_NAME, err);
	if (!rc)
		rc = pw_json_skip(&j);
	if (!rc)
		rc = pw_json_finish(&j);
	free(buf);
	return rc;
}

/* s is NUL-terminated (ASan checks) well-formed UTF-8. */
static void assert_utf8(const char *s)
{
	size_t len = strlen(s);

	for (size_t i = 0, n; i < len; i += n) {
		n = pw_utf8_seq_len((const unsigned char *)s + i, len - i);
		assert_true(n > 0);
	}
}

/* Read one value with the typed calls (integers only), as a caller would. */
static int walk_value(struct pw_json *j)
{
	enum pw_json_type t;
	char key[8], *s;
	long long v;
	bool b;
	int rc;

	if ((rc = pw_json_peek(j, &t)))
		return rc;
	switch (t) {
	case PW_JSON_NULL:
		return pw_json_read_null(j);
	case PW_JSON_BOOL:
		return pw_json_read_bool(j, &b);
	case PW_JSON_NUMBER:
		return pw_json_read_int(j, LLONG_MIN, LLONG_MAX, &v);
	case PW_JSON_STRING:
		rc = pw_json_read_string(j, 1 << 16, &s);
		if (!rc) {
			assert_non_null(s);
			assert_utf8(s);
		} else {
			assert_null(s);
		}
		free(s);
		return rc;
	case PW_JSON_ARRAY:
		if ((rc = pw_json_array_begin(j)))
			return rc;
		while ((rc = pw_json_array_next(j)) == 1) {
			if ((rc = walk_value(j)))
				return rc;
		}
		return rc;
	case PW_JSON_OBJECT:
		if ((rc = pw_json_object_begin(j)))
			return rc;
		while ((rc = pw_json_object_next(j, key, sizeof(key))) == 1) {
			assert_true(strlen(key) < sizeof(key));
			if ((rc = walk_value(j)))
				return rc;
		}
		return rc;
	}
	fail_msg("peek returned type %d", (int)t);
	return -1;
}

static int walk_doc(const char *doc, size_t len, struct pw_error *err)
{
	char *buf = exact_copy(doc, len);
	struct pw_json j;
	int rc;

	memset(err, 0, sizeof(*err));
	rc = pw_json_init(&j, buf, len, 1 << 20, FILE_NAME, err);
	if (!rc)
		rc = walk_value(&j);
	if (!rc)
		rc = pw_json_finish(&j);
	free(buf);
	return rc;
}

/* The error must be -EINVAL at line:col of FILE_NAME, its message holding what. */
static void assert_error_at(int rc, const struct pw_error *err, unsigned line, unsigned col,
			    const char *what)
{
	assert_int_equal(rc, -EINVAL);
	assert_non_null(err->file);
	assert_string_equal(err->file, FILE_NAME);
	if (!strstr(err->msg, what))
		fail_msg("message \"%s\" lacks \"%s\"", err->msg, what);
	assert_int_equal(err->line, line);
	assert_int_equal(err->col, col);
}

/* A reader over a NUL-terminated literal (the reader never sees the NUL). */
static void open_str(struct pw_json *j, const char *doc, struct pw_error *err)
{
	memset(err, 0, sizeof(*err));
	assert_int_equal(pw_json_init(j, doc, strlen(doc), 1 << 20, FILE_NAME, err), 0);
}

/* --- value types ----------------------------------------------------------- */

static void reads_every_value_type(void **state)
{
	struct pw_error err;
	struct pw_json j;
	enum pw_json_type t;
	char key[16], *s;
	long long v;
	bool b;

	(void)state;
	open_str(&j,
		 " { \"n\" : null, \"t\":true,\"f\":false,\"i\":-42,\"s\":\"x y\","
		 "\"a\":[1,2],\"o\":{\"k\":\"v\"}} ",
		 &err);
	assert_int_equal(pw_json_peek(&j, &t), 0);
	assert_int_equal(t, PW_JSON_OBJECT);
	assert_int_equal(pw_json_object_begin(&j), 0);

	assert_int_equal(pw_json_object_next(&j, key, sizeof(key)), 1);
	assert_string_equal(key, "n");
	assert_int_equal(pw_json_peek(&j, &t), 0);
	assert_int_equal(t, PW_JSON_NULL);
	assert_int_equal(pw_json_read_null(&j), 0);

	assert_int_equal(pw_json_object_next(&j, key, sizeof(key)), 1);
	assert_string_equal(key, "t");
	assert_int_equal(pw_json_peek(&j, &t), 0);
	assert_int_equal(t, PW_JSON_BOOL);
	b = false;
	assert_int_equal(pw_json_read_bool(&j, &b), 0);
	assert_true(b);

	assert_int_equal(pw_json_object_next(&j, key, sizeof(key)), 1);
	assert_string_equal(key, "f");
	b = true;
	assert_int_equal(pw_json_read_bool(&j, &b), 0);
	assert_false(b);

	assert_int_equal(pw_json_object_next(&j, key, sizeof(key)), 1);
	assert_string_equal(key, "i");
	assert_int_equal(pw_json_peek(&j, &t), 0);
	assert_int_equal(t, PW_JSON_NUMBER);
	assert_int_equal(pw_json_read_int(&j, -100, 100, &v), 0);
	assert_int_equal(v, -42);

	assert_int_equal(pw_json_object_next(&j, key, sizeof(key)), 1);
	assert_string_equal(key, "s");
	assert_int_equal(pw_json_peek(&j, &t), 0);
	assert_int_equal(t, PW_JSON_STRING);
	assert_int_equal(pw_json_read_string(&j, 16, &s), 0);
	assert_string_equal(s, "x y");
	free(s);

	assert_int_equal(pw_json_object_next(&j, key, sizeof(key)), 1);
	assert_string_equal(key, "a");
	assert_int_equal(pw_json_peek(&j, &t), 0);
	assert_int_equal(t, PW_JSON_ARRAY);
	assert_int_equal(pw_json_array_begin(&j), 0);
	assert_int_equal(pw_json_array_next(&j), 1);
	assert_int_equal(pw_json_read_int(&j, 0, 9, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(pw_json_array_next(&j), 1);
	assert_int_equal(pw_json_read_int(&j, 0, 9, &v), 0);
	assert_int_equal(v, 2);
	assert_int_equal(pw_json_array_next(&j), 0);

	assert_int_equal(pw_json_object_next(&j, key, sizeof(key)), 1);
	assert_string_equal(key, "o");
	assert_int_equal(pw_json_object_begin(&j), 0);
	assert_int_equal(pw_json_object_next(&j, key, sizeof(key)), 1);
	assert_string_equal(key, "k");
	assert_int_equal(pw_json_read_string(&j, 16, &s), 0);
	assert_string_equal(s, "v");
	free(s);
	assert_int_equal(pw_json_object_next(&j, key, sizeof(key)), 0);

	assert_int_equal(pw_json_object_next(&j, key, sizeof(key)), 0);
	assert_int_equal(pw_json_finish(&j), 0);
}

static void empty_containers_end_at_once(void **state)
{
	struct pw_error err;
	struct pw_json j;

	(void)state;
	open_str(&j, "[ {}, [ ], {\n} ]", &err);
	assert_int_equal(pw_json_array_begin(&j), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(pw_json_array_next(&j), 1);
		assert_int_equal(pw_json_skip(&j), 0);
	}
	assert_int_equal(pw_json_array_next(&j), 0);
	assert_int_equal(pw_json_finish(&j), 0);
}

static void skip_accepts_every_value_type(void **state)
{
	static const char *const docs[] = {
		"null",
		"true",
		"false",
		"0",
		"-0",
		"1.5",
		"-0.25e-3",
		"1E+9",
		"12345678901234567890123456789",
		"\"\"",
		"\"a\\u00e9\"",
		"[]",
		"{}",
		"[null,true,false,1,\"s\",[],{}]",
		"{\"a\":{\"b\":[{\"c\":[1,2.5,{}]}]},\"\":0}",
		" \t\r\n[ 1 , 2 ] \t\r\n",
	};
	struct pw_error err;

	(void)state;
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		int rc = skip_doc(docs[i], strlen(docs[i]), &err);

		if (rc)
			fail_msg("%s: %d %s", docs[i], rc, err.msg);
	}
}

static void a_value_of_the_wrong_type_is_refused_by_name(void **state)
{
	struct pw_error err;
	struct pw_json j;
	long long v;
	char *s;
	bool b;

	(void)state;
	open_str(&j, "1", &err);
	assert_error_at(pw_json_read_string(&j, 8, &s), &err, 1, 1, "expected a string, found '1'");
	assert_null(s);
	open_str(&j, "\"1\"", &err);
	assert_error_at(pw_json_read_int(&j, 0, 9, &v), &err, 1, 1, "expected an integer");
	open_str(&j, "null", &err);
	assert_error_at(pw_json_read_bool(&j, &b), &err, 1, 1, "expected true or false");
	open_str(&j, "true", &err);
	assert_error_at(pw_json_read_null(&j), &err, 1, 1, "expected null");
	open_str(&j, "  []", &err);
	assert_error_at(pw_json_object_begin(&j), &err, 1, 3, "expected an object, found '['");
	open_str(&j, "{}", &err);
	assert_error_at(pw_json_array_begin(&j), &err, 1, 1, "expected an array, found '{'");
}

static void misspelt_literals_are_refused(void **state)
{
	static const char *const docs[] = { "tru", "nul", "fals", "trUe", "nulL", "t", "True" };
	struct pw_error err;

	(void)state;
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
		assert_error_at(skip_doc(docs[i], strlen(docs[i]), &err), &err, 1, 1, "");
}

/* --- nesting ---------------------------------------------------------------- */

/* depth '['s, then depth ']'s. */
static char *nested_arrays(unsigned depth, size_t *len)
{
	char *s = malloc(2 * depth);

	assert_non_null(s);
	memset(s, '[', depth);
	memset(s + depth, ']', depth);
	*len = 2 * depth;
	return s;
}

static void nesting_to_max_depth_reads(void **state)
{
	struct pw_error err;
	size_t len;
	char *doc = nested_arrays(PW_JSON_MAX_DEPTH, &len);

	(void)state;
	assert_int_equal(skip_doc(doc, len, &err), 0);
	assert_int_equal(walk_doc(doc, len, &err), 0);
	free(doc);
}

static void nesting_past_max_depth_fails_where_it_goes_too_deep(void **state)
{
	struct pw_error err;
	size_t len;
	char *doc = nested_arrays(PW_JSON_MAX_DEPTH + 1, &len);

	(void)state;
	assert_error_at(skip_doc(doc, len, &err), &err, 1, PW_JSON_MAX_DEPTH + 1, "deeper");
	assert_error_at(walk_doc(doc, len, &err), &err, 1, PW_JSON_MAX_DEPTH + 1, "deeper");
	free(doc);
}

static void nesting_far_past_max_depth_fails_without_recursing(void **state)
{
	struct pw_error err;
	size_t len;
	char *doc = nested_arrays(100000, &len);

	(void)state;
	assert_error_at(skip_doc(doc, len, &err), &err, 1, PW_JSON_MAX_DEPTH + 1, "deeper");
	free(doc);
}

static void nested_objects_count_toward_depth(void **state)
{
	char doc[8 * (PW_JSON_MAX_DEPTH + 1) + 8] = "";
	struct pw_error err;

	(void)state;
	for (int i = 0; i < PW_JSON_MAX_DEPTH; i++)
		strcat(doc, "{\"a\":");
	strcat(doc, "1");
	for (int i = 0; i < PW_JSON_MAX_DEPTH; i++)
		strcat(doc, "}");
	assert_int_equal(skip_doc(doc, strlen(doc), &err), 0);

	doc[0] = '\0';
	for (int i = 0; i <= PW_JSON_MAX_DEPTH; i++)
		strcat(doc, "{\"a\":");
	strcat(doc, "1");
	for (int i = 0; i <= PW_JSON_MAX_DEPTH; i++)
		strcat(doc, "}");
	/* Each level is 5 bytes: the 33rd '{' is at column 5 * 32 + 1. */
	assert_error_at(skip_doc(doc, strlen(doc), &err), &err, 1, 5 * PW_JSON_MAX_DEPTH + 1,
			"deeper");
}

static void closed_containers_give_their_depth_back(void **state)
{
	char doc[8 * PW_JSON_MAX_DEPTH + 8];
	struct pw_error err;
	size_t n = 0;

	(void)state;
	/* Two sibling chains, each reaching the limit: depth must not add up. */
	doc[n++] = '[';
	for (int k = 0; k < 2; k++) {
		if (k)
			doc[n++] = ',';
		memset(doc + n, '[', PW_JSON_MAX_DEPTH - 1);
		n += PW_JSON_MAX_DEPTH - 1;
		memset(doc + n, ']', PW_JSON_MAX_DEPTH - 1);
		n += PW_JSON_MAX_DEPTH - 1;
	}
	doc[n++] = ']';
	assert_int_equal(skip_doc(doc, n, &err), 0);
	assert_int_equal(walk_doc(doc, n, &err), 0);
}

/* --- strings and escapes ---------------------------------------------------- */

/* Decode the one string doc holds; NULL (with err filled) when it is refused. */
static char *read_one_string(const char *doc, size_t len, size_t max, struct pw_error *err)
{
	char *buf = exact_copy(doc, len), *s = NULL;
	struct pw_json j;
	int rc;

	memset(err, 0, sizeof(*err));
	assert_int_equal(pw_json_init(&j, buf, len, 1 << 20, FILE_NAME, err), 0);
	rc = pw_json_read_string(&j, max, &s);
	if (!rc)
		rc = pw_json_finish(&j);
	if (rc) {
		assert_int_equal(rc, -EINVAL);
		free(s);
		s = NULL;
	}
	free(buf);
	return s;
}

static void escapes_decode(void **state)
{
	static const char doc[] = "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\u20AC\\ud83d\\ude00"
				  "\\uD83D\\uDE00\\u007f\\u0001\"";
	static const char want[] = "\"\\/\b\f\n\r\tA\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"
				   "\xf0\x9f\x98\x80\x7f\x01";
	struct pw_error err;
	char *s = read_one_string(LIT(doc), 64, &err);

	(void)state;
	assert_non_null(s);
	assert_int_equal(strlen(s), sizeof(want) - 1);
	assert_memory_equal(s, want, sizeof(want));
	free(s);
}

static void surrogate_pair_edges_decode(void **state)
{
	struct pw_error err;
	char *s;

	(void)state;
	s = read_one_string(LIT("\"\\ud800\\udc00\\udbff\\udfff\""), 64, &err);
	assert_non_null(s);
	assert_string_equal(s, "\xf0\x90\x80\x80\xf4\x8f\xbf\xbf");
	free(s);
}

static void lone_surrogates_are_refused(void **state)
{
	static const struct {
		const char *doc;
		const char *what;
	} cases[] = {
		{ "[\"\\ud800\"]", "high surrogate" },
		{ "[\"\\ud800x\"]", "high surrogate" },
		{ "[\"\\ud800\\u0041\"]", "high surrogate" },
		{ "[\"\\ud800\\ud800\"]", "high surrogate" },
		{ "[\"\\udbff\\ue000\"]", "high surrogate" },
		{ "[\"\\ud800\\n\"]", "high surrogate" },
		{ "[\"\\udc00\"]", "low surrogate" },
		{ "[\"\\udfff\\ud800\"]", "low surrogate" },
	};
	struct pw_error err;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *d = cases[i].doc;

		/* The escape starts at column 3, after '[' and '"'. */
		assert_error_at(skip_doc(d, strlen(d), &err), &err, 1, 3, cases[i].what);
		assert_error_at(walk_doc(d, strlen(d), &err), &err, 1, 3, cases[i].what);
	}
}

static void invalid_escapes_are_refused(void **state)
{
	static const char *const docs[] = {
		"[\"\\x41\"]",	 "[\"\\'\"]",	  "[\"\\U0041\"]", "[\"\\u12\"]",
		"[\"\\u12G4\"]", "[\"\\u-123\"]", "[\"\\ \"]",	   "[\"\\\xc3\xa9\"]",
	};
	struct pw_error err;

	(void)state;
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
		assert_error_at(skip_doc(docs[i], strlen(docs[i]), &err), &err, 1, 3, "");
	assert_error_at(skip_doc(LIT("[\"\\q\"]"), &err), &err, 1, 3, "invalid escape \\q");
}

static void valid_utf8_passes_unchanged(void **state)
{
	static const char doc[] = "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xef\xbf\xbd\x7f\"";
	struct pw_error err;
	char *s = read_one_string(LIT(doc), 64, &err);

	(void)state;
	assert_non_null(s);
	assert_int_equal(strlen(s), sizeof(doc) - 3);
	assert_memory_equal(s, doc + 1, sizeof(doc) - 3);
	free(s);
}

static void invalid_utf8_is_refused_where_it_starts(void **state)
{
	static const char *const bad[] = {
		"\xc0\x80",	    /* overlong NUL */
		"\xc1\xbf",	    /* overlong '\x7f' */
		"\xe0\x80\x80",	    /* overlong 3-byte */
		"\xf0\x80\x80\x80", /* overlong 4-byte */
		"\xed\xa0\x80",	    /* UTF-16 surrogate D800 */
		"\xed\xbf\xbf",	    /* surrogate DFFF */
		"\xf4\x90\x80\x80", /* past U+10FFFF */
		"\xf5\x80\x80\x80",
		"\xfe",
		"\xff",
		"\x80",
		"\xbf",
		"\xe2\x82", /* cut before the quote */
		"\xc3"
		"A", /* continuation missing */
	};
	struct pw_error err;
	char doc[32];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		/* '[' '"' 'a' 'b' then the bad sequence at column 5 */
		int n = snprintf(doc, sizeof(doc), "[\"ab%s\"]", bad[i]);

		assert_error_at(skip_doc(doc, (size_t)n, &err), &err, 1, 5, "invalid UTF-8");
		assert_error_at(walk_doc(doc, (size_t)n, &err), &err, 1, 5, "invalid UTF-8");
	}
}

static void utf8_cut_by_the_end_of_the_buffer_is_refused(void **state)
{
	struct pw_error err;

	(void)state;
	assert_error_at(skip_doc(LIT("\"ab\xe2\x82"), &err), &err, 1, 4, "invalid UTF-8");
	assert_error_at(skip_doc(LIT("\"ab\xf0"), &err), &err, 1, 4, "invalid UTF-8");
}

static void invalid_utf8_in_a_member_name_is_refused(void **state)
{
	struct pw_error err;

	(void)state;
	assert_error_at(walk_doc(LIT("{\"a\xff\":1}"), &err), &err, 1, 4, "invalid UTF-8");
}

static void nul_byte_in_a_string_is_refused(void **state)
{
	struct pw_error err;

	(void)state;
	assert_error_at(skip_doc(LIT("[\"a\0b\"]"), &err), &err, 1, 4, "NUL");
	assert_error_at(walk_doc(LIT("[\"a\0b\"]"), &err), &err, 1, 4, "NUL");
	assert_error_at(walk_doc(LIT("{\"a\0\":1}"), &err), &err, 1, 4, "NUL");
}

static void nul_byte_outside_strings_is_refused(void **state)
{
	struct pw_error err;

	(void)state;
	assert_error_at(skip_doc(LIT("[\0]"), &err), &err, 1, 2, "NUL byte");
	assert_error_at(skip_doc(LIT("[1,\0]"), &err), &err, 1, 4, "NUL byte");
	assert_error_at(skip_doc(LIT("\0{}"), &err), &err, 1, 1, "NUL byte");
	assert_error_at(skip_doc(LIT("{}\0"), &err), &err, 1, 3, "NUL byte");
	assert_error_at(skip_doc(LIT("{} \0 "), &err), &err, 1, 4, "NUL byte");
}

static void escaped_nul_is_refused(void **state)
{
	struct pw_error err;

	(void)state;
	assert_error_at(skip_doc(LIT("[\"a\\u0000b\"]"), &err), &err, 1, 4, "\\u0000");
	assert_error_at(walk_doc(LIT("[\"\\u0000\"]"), &err), &err, 1, 3, "\\u0000");
	/* A name cut at an escaped NUL would match the field before it. */
	assert_error_at(walk_doc(LIT("{\"port\\u0000x\":1}"), &err), &err, 1, 7, "\\u0000");
}

static void raw_control_characters_are_refused(void **state)
{
	struct pw_error err;

	(void)state;
	assert_error_at(skip_doc(LIT("[\"a\nb\"]"), &err), &err, 1, 4, "U+000A");
	assert_error_at(skip_doc(LIT("[\"\x01\"]"), &err), &err, 1, 3, "U+0001");
	assert_error_at(skip_doc(LIT("[\"\t\"]"), &err), &err, 1, 3, "U+0009");
	assert_error_at(skip_doc(LIT("[\"\x1f\"]"), &err), &err, 1, 3, "U+001F");
}

static void unterminated_strings_are_refused_at_their_quote(void **state)
{
	struct pw_error err;

	(void)state;
	assert_error_at(skip_doc(LIT("[\"abc"), &err), &err, 1, 2, "unterminated");
	/* An escape cut by the end is placed at its backslash. */
	assert_error_at(skip_doc(LIT("[\"abc\\"), &err), &err, 1, 6, "unterminated");
	assert_error_at(skip_doc(LIT("{\"ab"), &err), &err, 1, 2, "unterminated");
}

static void string_max_counts_decoded_bytes(void **state)
{
	struct pw_error err;
	char *s;

	(void)state;
	s = read_one_string(LIT("\"abcd\""), 4, &err);
	assert_non_null(s);
	assert_string_equal(s, "abcd");
	free(s);
	assert_null(read_one_string(LIT("\"abcd\""), 3, &err));
	assert_error_at(-EINVAL, &err, 1, 1, "longer than 3 bytes");
	/* "\u00e9" is 6 bytes in the file, 2 once decoded. */
	s = read_one_string(LIT("\"\\u00e9\""), 2, &err);
	assert_non_null(s);
	assert_string_equal(s, "\xc3\xa9");
	free(s);
	assert_null(read_one_string(LIT("\"\\u00e9\""), 1, &err));
	s = read_one_string(LIT("\"\""), 0, &err);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
}

static void long_strings_grow_their_buffer(void **state)
{
	size_t n = 100000;
	char *doc = malloc(n + 2), *s;
	struct pw_error err;

	(void)state;
	assert_non_null(doc);
	doc[0] = '"';
	for (size_t i = 0; i < n; i++)
		doc[1 + i] = (char)('a' + i % 26);
	doc[n + 1] = '"';
	s = read_one_string(doc, n + 2, n, &err);
	assert_non_null(s);
	assert_int_equal(strlen(s), n);
	assert_memory_equal(s, doc + 1, n);
	free(s);
	free(doc);
}

static void member_name_too_long_reads_as_empty(void **state)
{
	struct pw_error err;
	struct pw_json j;
	char key[4];

	(void)state;
	open_str(&j, "{\"abcd\":1,\"abc\":2,\"\":3}", &err);
	assert_int_equal(pw_json_object_begin(&j), 0);
	memset(key, 'x', sizeof(key));
	assert_int_equal(pw_json_object_next(&j, key, sizeof(key)), 1);
	assert_string_equal(key, "");
	assert_int_equal(pw_json_skip(&j), 0);
	assert_int_equal(pw_json_object_next(&j, key, sizeof(key)), 1);
	assert_string_equal(key, "abc");
	assert_int_equal(pw_json_skip(&j), 0);
	memset(key, 'x', sizeof(key));
	assert_int_equal(pw_json_object_next(&j, key, sizeof(key)), 1);
	assert_string_equal(key, "");
	assert_int_equal(pw_json_skip(&j), 0);
	assert_int_equal(pw_json_object_next(&j, NULL, 0), 0);
	assert_int_equal(pw_json_finish(&j), 0);
}

static void member_names_decode_escapes(void **state)
{
	struct pw_error err;
	struct pw_json j;
	char key[8];

	(void)state;
	open_str(&j, "{\"p\\u006frt\":1}", &err);
	assert_int_equal(pw_json_object_begin(&j), 0);
	assert_int_equal(pw_json_object_next(&j, key, sizeof(key)), 1);
	assert_string_equal(key, "port");
}

/* --- structure -------------------------------------------------------------- */

static void malformed_structure_is_refused_where_it_goes_wrong(void **state)
{
	static const struct {
		const char *doc;
		unsigned col;
		const char *what;
	} cases[] = {
		{ "", 1, "expected a value, found the end of the input" },
		{ " \n ", 2, "the end of the input" },
		{ "[1 2]", 4, "expected ',' or ']', found '2'" },
		{ "[1,]", 4, "expected a value, found ']'" },
		{ "[,1]", 2, "expected a value, found ','" },
		{ "{\"a\":1,}", 8, "expected a member name, found '}'" },
		{ "{,}", 2, "expected a member name or '}'" },
		{ "{\"a\" 1}", 6, "expected ':', found '1'" },
		{ "{\"a\"}", 5, "expected ':'" },
		{ "{a:1}", 2, "member name" },
		{ "{'a':1}", 2, "member name" },
		{ "[\"a\",'b']", 6, "expected a value, found '''" },
		{ "{\"a\":1]", 7, "expected ',' or '}', found ']'" },
		{ "[1}", 3, "expected ',' or ']', found '}'" },
		{ "[", 2, "end of the input" },
		{ "{\"a\":", 6, "end of the input" },
		{ "{\"a\":1", 7, "end of the input" },
		{ "\xef\xbb\xbf{}", 1, "byte 0xef" },
		{ "[\x7f]", 2, "byte 0x7f" },
	};
	struct pw_error err;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *d = cases[i].doc;

		assert_error_at(skip_doc(d, strlen(d), &err), &err, 1 + (i == 1), cases[i].col,
				cases[i].what);
	}
}

static void trailing_garbage_is_refused(void **state)
{
	static const struct {
		const char *doc;
		unsigned col;
	} cases[] = {
		{ "{} x", 4 },	      { "{}{}", 3 },  { "[1] 2", 5 },	 { "1 2", 3 },
		{ "\"a\" \"b\"", 5 }, { "truex", 5 }, { "nullnull", 5 }, { "{}]", 3 },
		{ "0x10", 2 },	      { "1.5.2", 4 }, { "-0-", 3 },	 { "01", 1 },
		{ "[]\n,", 1 },
	};
	struct pw_error err;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *d = cases[i].doc;
		unsigned line = strchr(d, '\n') ? 2 : 1;

		assert_error_at(skip_doc(d, strlen(d), &err), &err, line, cases[i].col, "");
	}
	assert_int_equal(skip_doc(LIT("{} \t\r\n "), &err), 0);
}

static void a_finished_document_reads_nothing_more(void **state)
{
	struct pw_error err;
	struct pw_json j;

	(void)state;
	open_str(&j, "[] ", &err);
	assert_int_equal(pw_json_skip(&j), 0);
	assert_int_equal(pw_json_finish(&j), 0);
	assert_error_at(pw_json_skip(&j), &err, 1, 4, "end of the input");
}

/* --- truncation and corruption --------------------------------------------- */

/* Integers only, so that walk_value reads every value with a typed call. */
static const char typed_doc[] =
	"{\"schema\":1,\"name\":\"caf\\u00e9 \\ud83d\\ude00 \xc3\xa9\\\\\\\"\",\n"
	" \"list\":[true,false,null,-12,0,9223372036854775807,{\"k\":[]},{},\"x\\\"y\\\\\"],\n"
	" \"nested\":{\"a\":{\"b\":[1,[2,[3,[]]]]}},\"e\":\"\\u20ac\xe2\x82\xac\",\"z\":\"\"}";

static const char number_doc[] =
	"[1.5e-3,-0.25,1E+2,0,-0,123456789012345678901234567890,0.0e0,{\"a\":1e-9}]";

static void truncation_at_every_byte_fails_cleanly(void **state)
{
	struct pw_error err;
	size_t n = sizeof(typed_doc) - 1;

	(void)state;
	assert_int_equal(walk_doc(typed_doc, n, &err), 0);
	assert_int_equal(skip_doc(typed_doc, n, &err), 0);
	for (size_t len = 0; len < n; len++) {
		int rc = walk_doc(typed_doc, len, &err);

		if (rc != -EINVAL)
			fail_msg("typed walk of %zu of %zu bytes returned %d", len, n, rc);
		assert_string_equal(err.file, FILE_NAME);
		assert_true(err.line >= 1 && err.line <= 3);
		assert_true(err.col >= 1);
		assert_int_equal(skip_doc(typed_doc, len, &err), -EINVAL);
		assert_true(err.line >= 1 && err.col >= 1);
	}
}

static void truncated_numbers_fail_cleanly(void **state)
{
	struct pw_error err;
	size_t n = sizeof(number_doc) - 1;

	(void)state;
	assert_int_equal(skip_doc(number_doc, n, &err), 0);
	for (size_t len = 0; len < n; len++)
		assert_int_equal(skip_doc(number_doc, len, &err), -EINVAL);
}

static void any_byte_replaced_anywhere_fails_or_reads_cleanly(void **state)
{
	static const unsigned char subst[] = { '\0', '"', '\\', '{', '}', '[',	']',  ',',  ':',
					       'u',  '0', '-',	'e', ' ', 0x80, 0xc3, 0xed, 0xff };
	size_t n = sizeof(typed_doc) - 1;
	char *doc = exact_copy(typed_doc, n);
	struct pw_error err;

	(void)state;
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < sizeof(subst); k++) {
			int rc;

			doc[i] = (char)subst[k];
			rc = walk_doc(doc, n, &err);
			assert_true(rc == 0 || rc == -EINVAL);
			if (rc)
				assert_true(err.line >= 1 && err.col >= 1);
			rc = skip_doc(doc, n, &err);
			assert_true(rc == 0 || rc == -EINVAL);
		}
		doc[i] = typed_doc[i];
	}
	free(doc);
}

/* --- numbers ---------------------------------------------------------------- */

static int read_int_doc(const char *doc, long long min, long long max, long long *v,
			struct pw_error *err)
{
	char *buf = exact_copy(doc, strlen(doc));
	struct pw_json j;
	int rc;

	memset(err, 0, sizeof(*err));
	assert_int_equal(pw_json_init(&j, buf, strlen(doc), 64, FILE_NAME, err), 0);
	rc = pw_json_read_int(&j, min, max, v);
	if (!rc)
		rc = pw_json_finish(&j);
	free(buf);
	return rc;
}

static void integers_read_to_the_limits_of_long_long(void **state)
{
	struct pw_error err;
	long long v = 0;

	(void)state;
	assert_int_equal(read_int_doc("9223372036854775807", LLONG_MIN, LLONG_MAX, &v, &err), 0);
	assert_true(v == LLONG_MAX);
	assert_int_equal(read_int_doc("-9223372036854775808", LLONG_MIN, LLONG_MAX, &v, &err), 0);
	assert_true(v == LLONG_MIN);
	assert_int_equal(read_int_doc("-0", LLONG_MIN, LLONG_MAX, &v, &err), 0);
	assert_true(v == 0);
	assert_int_equal(read_int_doc(" 65535 ", 0, 65535, &v, &err), 0);
	assert_true(v == 65535);
}

static void integers_out_of_range_are_refused(void **state)
{
	static const struct {
		const char *doc;
		long long min, max;
		const char *what;
	} cases[] = {
		{ "9223372036854775808", LLONG_MIN, LLONG_MAX,
		  "9223372036854775808 is out of range" },
		{ "-9223372036854775809", LLONG_MIN, LLONG_MAX, "out of range" },
		{ "18446744073709551615", LLONG_MIN, LLONG_MAX, "out of range" },
		{ "18446744073709551616", LLONG_MIN, LLONG_MAX, "out of range" },
		{ "-18446744073709551616", LLONG_MIN, LLONG_MAX, "out of range" },
		{ "99999999999999999999999999999999999999", LLONG_MIN, LLONG_MAX, "out of range" },
		{ "65536", 0, 65535, "65536 is out of range (0 to 65535)" },
		{ "-1", 0, 65535, "-1 is out of range" },
		{ "1.0", LLONG_MIN, LLONG_MAX, "fraction or an exponent" },
		{ "1e2", LLONG_MIN, LLONG_MAX, "fraction or an exponent" },
		{ "0E0", LLONG_MIN, LLONG_MAX, "fraction or an exponent" },
	};
	struct pw_error err;
	long long v;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		v = 7;
		assert_error_at(read_int_doc(cases[i].doc, cases[i].min, cases[i].max, &v, &err),
				&err, 1, 1, cases[i].what);
		assert_true(v == 7);
	}
}

static void malformed_numbers_are_refused(void **state)
{
	static const char *const docs[] = {
		"01",	     "-01", "-",     "-a",   "1.",  ".5",	 "+1",
		"1e",	     "1e+", "1E-",   "1.e5", "--1", "Infinity",	 "NaN",
		"-Infinity", "0x1", "1_000", "[1.]", "[-]", "{\"a\":-}",
	};
	struct pw_error err;

	(void)state;
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		if (skip_doc(docs[i], strlen(docs[i]), &err) != -EINVAL)
			fail_msg("\"%s\" was accepted", docs[i]);
	}
	assert_error_at(skip_doc(LIT("[01]"), &err), &err, 1, 2, "leading zero");
	assert_error_at(skip_doc(LIT("[1.x]"), &err), &err, 1, 2, "no digit after '.'");
	assert_error_at(skip_doc(LIT("[1e]"), &err), &err, 1, 2, "no digit in the exponent");
}

/* --- size limit, positions, first error ------------------------------------- */

static void documents_over_the_size_limit_are_refused(void **state)
{
	struct pw_error err = { 0 };
	struct pw_json j;
	enum pw_json_type t;

	(void)state;
	assert_int_equal(pw_json_init(&j, "[1,2]", 5, 4, FILE_NAME, &err), -EFBIG);
	assert_string_equal(err.file, FILE_NAME);
	assert_string_equal(err.msg, "larger than 4 bytes");
	assert_int_equal(err.line, 0);
	assert_int_equal(err.col, 0);
	/* Sticky: nothing is read, every call says why. */
	assert_int_equal(pw_json_peek(&j, &t), -EFBIG);
	assert_int_equal(pw_json_skip(&j), -EFBIG);
	assert_int_equal(pw_json_finish(&j), -EFBIG);

	assert_int_equal(pw_json_init(&j, "[1,2]", 5, 5, FILE_NAME, &err), 0);
	assert_int_equal(pw_json_skip(&j), 0);
	assert_int_equal(pw_json_finish(&j), 0);
	assert_int_equal(pw_json_init(&j, "[1,2]", 5, 0, NULL, NULL), -EFBIG);
}

static void errors_name_file_line_and_column(void **state)
{
	struct pw_error err;

	(void)state;
	assert_error_at(skip_doc(LIT("{\n  \"a\": tru\n}"), &err), &err, 2, 8, "invalid literal");
	assert_error_at(skip_doc(LIT("[\n1,\n\n  2 3]"), &err), &err, 4, 5, "found '3'");
	/* CRLF: the '\r' is a character of the line before the '\n'. */
	assert_error_at(skip_doc(LIT("[1,\r\n x]"), &err), &err, 2, 2, "found 'x'");
}

static void columns_count_characters_not_bytes(void **state)
{
	struct pw_error err;

	(void)state;
	/* '[' '"' 'é'(2 bytes) '"' ',' ' ' 'x': x is the 7th character, the 8th byte. */
	assert_error_at(skip_doc(LIT("[\"\xc3\xa9\", x]"), &err), &err, 1, 7, "found 'x'");
	assert_error_at(skip_doc(LIT("[\"\xf0\x9f\x98\x80\xe2\x82\xac\",\n\"\xc3\xa9\" x]"), &err),
			&err, 2, 5, "found 'x'");
}

static void errors_without_an_error_record_still_fail(void **state)
{
	struct pw_json j;

	(void)state;
	assert_int_equal(pw_json_init(&j, "[x]", 3, 16, NULL, NULL), 0);
	assert_int_equal(pw_json_skip(&j), -EINVAL);
	assert_int_equal(pw_json_finish(&j), -EINVAL);
	assert_int_equal(pw_json_fail_at(&j, 0, "%s", "again"), -EINVAL);
}

static void a_missing_file_name_leaves_file_null(void **state)
{
	struct pw_error err = { .file = "stale" };
	struct pw_json j;

	(void)state;
	assert_int_equal(pw_json_init(&j, "[x]", 3, 16, NULL, &err), 0);
	assert_int_equal(pw_json_skip(&j), -EINVAL);
	assert_null(err.file);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.col, 2);
}

static void the_first_error_is_kept(void **state)
{
	struct pw_error err;
	struct pw_json j;
	char key[8];
	long long v;
	bool b;

	(void)state;
	open_str(&j, "[x, 1, \"s\"]", &err);
	assert_int_equal(pw_json_array_begin(&j), 0);
	assert_int_equal(pw_json_array_next(&j), 1);
	assert_error_at(pw_json_read_bool(&j, &b), &err, 1, 2, "expected a value, found 'x'");
	/* Every later call returns the same error and leaves the record alone. */
	assert_int_equal(pw_json_array_next(&j), -EINVAL);
	assert_int_equal(pw_json_read_int(&j, 0, 9, &v), -EINVAL);
	assert_int_equal(pw_json_object_next(&j, key, sizeof(key)), -EINVAL);
	assert_int_equal(pw_json_fail_at(&j, 4, "a later %s", "problem"), -EINVAL);
	assert_int_equal(pw_json_finish(&j), -EINVAL);
	assert_error_at(-EINVAL, &err, 1, 2, "expected a value, found 'x'");
}

static void fail_at_places_a_callers_problem(void **state)
{
	struct pw_error err;
	struct pw_json j;
	char key[8];
	long long v;
	size_t off;

	(void)state;
	open_str(&j, "{\n  \"port\":  70000}", &err);
	assert_int_equal(pw_json_object_begin(&j), 0);
	assert_int_equal(pw_json_object_next(&j, key, sizeof(key)), 1);
	off = pw_json_offset(&j);
	assert_int_equal(off, 13);
	assert_int_equal(pw_json_read_int(&j, 0, 99999, &v), 0);
	assert_int_equal(pw_json_fail_at(&j, off, "port %lld is too big", v), -EINVAL);
	assert_error_at(-EINVAL, &err, 2, 12, "port 70000 is too big");
	assert_int_equal(pw_json_object_next(&j, key, sizeof(key)), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_every_value_type),
		cmocka_unit_test(empty_containers_end_at_once),
		cmocka_unit_test(skip_accepts_every_value_type),
		cmocka_unit_test(a_value_of_the_wrong_type_is_refused_by_name),
		cmocka_unit_test(misspelt_literals_are_refused),
		cmocka_unit_test(nesting_to_max_depth_reads),
		cmocka_unit_test(nesting_past_max_depth_fails_where_it_goes_too_deep),
		cmocka_unit_test(nesting_far_past_max_depth_fails_without_recursing),
		cmocka_unit_test(nested_objects_count_toward_depth),
		cmocka_unit_test(closed_containers_give_their_depth_back),
		cmocka_unit_test(escapes_decode),
		cmocka_unit_test(surrogate_pair_edges_decode),
		cmocka_unit_test(lone_surrogates_are_refused),
		cmocka_unit_test(invalid_escapes_are_refused),
		cmocka_unit_test(valid_utf8_passes_unchanged),
		cmocka_unit_test(invalid_utf8_is_refused_where_it_starts),
		cmocka_unit_test(utf8_cut_by_the_end_of_the_buffer_is_refused),
		cmocka_unit_test(invalid_utf8_in_a_member_name_is_refused),
		cmocka_unit_test(nul_byte_in_a_string_is_refused),
		cmocka_unit_test(nul_byte_outside_strings_is_refused),
		cmocka_unit_test(escaped_nul_is_refused),
		cmocka_unit_test(raw_control_characters_are_refused),
		cmocka_unit_test(unterminated_strings_are_refused_at_their_quote),
		cmocka_unit_test(string_max_counts_decoded_bytes),
		cmocka_unit_test(long_strings_grow_their_buffer),
		cmocka_unit_test(member_name_too_long_reads_as_empty),
		cmocka_unit_test(member_names_decode_escapes),
		cmocka_unit_test(malformed_structure_is_refused_where_it_goes_wrong),
		cmocka_unit_test(trailing_garbage_is_refused),
		cmocka_unit_test(a_finished_document_reads_nothing_more),
		cmocka_unit_test(truncation_at_every_byte_fails_cleanly),
		cmocka_unit_test(truncated_numbers_fail_cleanly),
		cmocka_unit_test(any_byte_replaced_anywhere_fails_or_reads_cleanly),
		cmocka_unit_test(integers_read_to_the_limits_of_long_long),
		cmocka_unit_test(integers_out_of_range_are_refused),
		cmocka_unit_test(malformed_numbers_are_refused),
		cmocka_unit_test(documents_over_the_size_limit_are_refused),
		cmocka_unit_test(errors_name_file_line_and_column),
		cmocka_unit_test(columns_count_characters_not_bytes),
		cmocka_unit_test(errors_without_an_error_record_still_fail),
		cmocka_unit_test(a_missing_file_name_leaves_file_null),
		cmocka_unit_test(the_first_error_is_kept),
		cmocka_unit_test(fail_at_places_a_callers_problem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
