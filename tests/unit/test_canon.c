#include "support.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "jobhash/arena.h"
#include "jobhash/canon.h"
#include "jobhash/number.h"

/* Node builders. Every node lives in the arena passed as STATE. */

static jh_node *new_node(jh_arena *arena, jh_kind kind)
{
	jh_node *node = jh_arena_calloc(arena, 1, sizeof(*node));

	assert_non_null(node);
	node->kind = kind;
	node->style = JH_STYLE_SYNTHETIC;
	node->weight = 1;
	return node;
}

static jh_node *null_node(jh_arena *arena)
{
	return new_node(arena, JH_NULL);
}

static jh_node *bool_node(jh_arena *arena, bool value)
{
	jh_node *node = new_node(arena, JH_BOOL);

	node->as.boolean = value;
	return node;
}

static jh_node *int_node(jh_arena *arena, int64_t value)
{
	jh_node *node = new_node(arena, JH_INT);

	node->as.integer = value;
	return node;
}

static jh_node *float_node(jh_arena *arena, double value)
{
	jh_node *node = new_node(arena, JH_FLOAT);

	node->as.number = value;
	return node;
}

static jh_node *string_bytes(jh_arena *arena, const char *s, size_t len)
{
	jh_node *node = new_node(arena, JH_STRING);

	node->as.string.bytes = jh_arena_strndup(arena, s, len);
	assert_non_null(node->as.string.bytes);
	node->as.string.len = len;
	return node;
}

static jh_node *string_node(jh_arena *arena, const char *s)
{
	return string_bytes(arena, s, strlen(s));
}

/* Builds a sequence of COUNT nodes given as the variable arguments. */
static jh_node *seq_node(jh_arena *arena, size_t count, ...)
{
	jh_node *node = new_node(arena, JH_SEQ);
	va_list args;

	node->as.seq.items = jh_arena_calloc(arena, count, sizeof(jh_node *));
	node->as.seq.count = count;
	va_start(args, count);
	for (size_t i = 0; i < count; i++)
		node->as.seq.items[i] = va_arg(args, jh_node *);
	va_end(args);
	return node;
}

/* Builds a mapping of COUNT entries given as key string, value node, ... */
static jh_node *map_node(jh_arena *arena, size_t count, ...)
{
	jh_node *node = new_node(arena, JH_MAP);
	va_list args;

	node->as.map.pairs = jh_arena_calloc(arena, count, sizeof(jh_pair));
	node->as.map.count = count;
	va_start(args, count);
	for (size_t i = 0; i < count; i++) {
		const char *key = va_arg(args, const char *);

		node->as.map.pairs[i].key = key;
		node->as.map.pairs[i].key_len = strlen(key);
		node->as.map.pairs[i].value = va_arg(args, jh_node *);
	}
	va_end(args);
	return node;
}

/* Checks that the canonical form of NODE is exactly the LEN bytes EXPECTED. */
static void check_canon_bytes(const jh_node *node, const char *expected,
			      size_t len)
{
	jh_buf out = JH_BUF_INIT;
	jh_error err;

	jh_error_clear(&err);
	assert_int_equal(jh_canon_to_buf(&out, node, &err), JH_OK);
	assert_int_equal(out.len, len);
	assert_memory_equal(out.data, expected, len);
	jh_buf_free(&out);
}

static void check_canon(const jh_node *node, const char *expected)
{
	check_canon_bytes(node, expected, strlen(expected));
}

static int setup_arena(void **state)
{
	*state = jh_arena_new();
	return *state == NULL ? -1 : 0;
}

static int teardown_arena(void **state)
{
	jh_arena_free(*state);
	return 0;
}

/* Numbers */

static const struct {
	double value;
	const char *text;
} double_cases[] = {
	{ 333333333.33333329, "333333333.3333333" },
	{ 1e30, "1e+30" },
	{ 4.50, "4.5" },
	{ 2e-3, "0.002" },
	{ 1e-27, "1e-27" },
	{ 0.000001, "0.000001" },
	{ 1e-7, "1e-7" },
	{ 1.5e-7, "1.5e-7" },
	{ 1e21, "1e+21" },
	{ 1e20, "100000000000000000000" },
	{ 123456789012345680000.0, "123456789012345680000" },
	{ 5e-324, "5e-324" },
	{ 1.7976931348623157e308, "1.7976931348623157e+308" },
	{ -0.0, "0" },
	{ 0.0, "0" },
	{ 1.0, "1" },
	{ -1.5, "-1.5" },
	{ 0.1, "0.1" },
	{ 100.0, "100" },
	{ 123.456, "123.456" },
	{ -1e-7, "-1e-7" },
	{ -1.7976931348623157e308, "-1.7976931348623157e+308" },
	{ 9007199254740993.0, "9007199254740992" },
	{ 0.0000015, "0.0000015" },
	{ 2.2250738585072014e-308, "2.2250738585072014e-308" },
};

static void canon_double_text(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(double_cases) / sizeof(double_cases[0]); i++) {
		char text[32];

		jh_canon_format_double(text, double_cases[i].value);
		assert_string_equal(text, double_cases[i].text);
	}
}

/*
 * At a power of two the next double below is nearer than the one above,
 * so the shortest digits can lie above V while the correctly rounded
 * digits of the same length, below V, do not read back.
 */
static void canon_double_power_of_two(void **state)
{
	char text[32];

	(void)state;
	jh_canon_format_double(text, ldexp(1.0, -1017));
	assert_string_equal(text, "7.120236347223045e-307");
	jh_canon_format_double(text, ldexp(1.0, -791));
	assert_string_equal(text, "7.678447687145631e-239");
	jh_canon_format_double(text, ldexp(1.0, 863));
	assert_string_equal(text, "6.150157786156811e+259");
	jh_canon_format_double(text, ldexp(1.0, 10));
	assert_string_equal(text, "1024");
}

static void canon_double_nodes(void **state)
{
	jh_arena *arena = *state;

	check_canon(seq_node(arena, 3, float_node(arena, 1.0),
			     float_node(arena, 1e21), float_node(arena, -0.0)),
		    "[1,1e+21,0]");
}

/* Every double that prints with 17 digits must read back unchanged. */
static void canon_double_round_trip(void **state)
{
	double value = 1.0 / 3.0;

	(void)state;
	for (int i = 0; i < 2000; i++) {
		char text[JH_NUMBER_TEXT_SIZE];
		size_t len = jh_number_format_double(text, value);

		assert_int_equal(len, strlen(text));
		assert_true(strtod(text, NULL) == value);
		value = value * -1.37 + 1e-300;
		if (!isfinite(value) || fabs(value) > 1e300)
			value = 7.0 / 9.0;
	}
}

static void canon_int_text(void **state)
{
	jh_arena *arena = *state;

	check_canon(int_node(arena, INT64_MIN), "-9223372036854775808");
	check_canon(int_node(arena, INT64_MAX), "9223372036854775807");
	check_canon(int_node(arena, 0), "0");
	check_canon(int_node(arena, -1), "-1");
}

static void canon_non_finite(void **state)
{
	jh_arena *arena = *state;
	jh_buf out = JH_BUF_INIT;
	jh_error err;

	jh_error_clear(&err);
	assert_int_equal(jh_canon_to_buf(&out, float_node(arena, INFINITY), &err),
			 JH_EINVALID);
	assert_int_equal(err.code, JH_EINVALID);
	assert_string_equal(err.message, "number is not finite, so it has no JSON form");
	jh_buf_free(&out);
}

/* Scalars and strings */

static void canon_scalars(void **state)
{
	jh_arena *arena = *state;

	check_canon(seq_node(arena, 4, bool_node(arena, true),
			     bool_node(arena, false), null_node(arena), NULL),
		    "[true,false,null,null]");
	check_canon(NULL, "null");
	check_canon(string_node(arena, "80"), "\"80\"");
}

static void canon_string_escapes(void **state)
{
	jh_arena *arena = *state;
	const char input[] = "q\" b\\ \b\t\n\f\r \x01\x1f /\x7f \xe2\x80\xa8 \xc3\xa9";
	const char expected[] =
		"\"q\\\" b\\\\ \\b\\t\\n\\f\\r \\u0001\\u001f /\x7f \xe2\x80\xa8 \xc3\xa9\"";

	check_canon(string_node(arena, input), expected);
}

static void canon_string_controls(void **state)
{
	jh_arena *arena = *state;
	char input[0x20];
	jh_buf expected = JH_BUF_INIT;

	for (int c = 0; c < 0x20; c++)
		input[c] = (char)c;

	assert_int_equal(jh_buf_puts(&expected, "\""), JH_OK);
	for (int c = 0; c < 0x20; c++) {
		const char *text = NULL;
		char hex[8];

		switch (c) {
		case '\b': text = "\\b"; break;
		case '\t': text = "\\t"; break;
		case '\n': text = "\\n"; break;
		case '\f': text = "\\f"; break;
		case '\r': text = "\\r"; break;
		default:
			snprintf(hex, sizeof(hex), "\\u%04x", (unsigned)c);
			text = hex;
		}
		assert_int_equal(jh_buf_puts(&expected, text), JH_OK);
	}
	assert_int_equal(jh_buf_puts(&expected, "\""), JH_OK);

	check_canon_bytes(string_bytes(arena, input, sizeof(input)),
			  expected.data, expected.len);
	jh_buf_free(&expected);
}

static void canon_string_nul(void **state)
{
	jh_arena *arena = *state;

	check_canon(string_bytes(arena, "a\0b", 3), "\"a\\u0000b\"");
}

static void canon_invalid_utf8(void **state)
{
	static const struct {
		const char *bytes;
		size_t offset; /* 0-based, of the first invalid byte */
		unsigned value;
	} cases[] = {
		{ "ok\xff", 2, 0xff },
		{ "\x80", 0, 0x80 },             /* stray continuation byte */
		{ "a\xc0\x80", 1, 0xc0 },        /* overlong NUL */
		{ "\xe0\x80\xaf", 0, 0xe0 },     /* overlong '/' */
		{ "\xed\xa0\x80", 0, 0xed },     /* surrogate U+D800 */
		{ "\xf4\x90\x80\x80", 0, 0xf4 }, /* above U+10FFFF */
		{ "\xe2\x82", 0, 0xe2 },         /* truncated */
		{ "\xc3\xa9\xc3", 2, 0xc3 },     /* truncated after a valid one */
	};
	jh_arena *arena = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		jh_node *node = string_node(arena, cases[i].bytes);
		jh_buf out = JH_BUF_INIT;
		char expected[128];
		jh_error err;

		node->span.line = 3;
		node->span.column = 7;
		snprintf(expected, sizeof(expected),
			 "string is not valid UTF-8: byte 0x%02x at offset %zu",
			 cases[i].value, cases[i].offset);

		jh_error_clear(&err);
		assert_int_equal(jh_canon_to_buf(&out, node, &err), JH_EINVALID);
		assert_int_equal(err.code, JH_EINVALID);
		assert_int_equal(err.line, 3);
		assert_int_equal(err.column, 7);
		assert_string_equal(err.message, expected);
		assert_string_equal(err.hint, "save the file as UTF-8");
		jh_buf_free(&out);
	}
}

static void canon_invalid_key(void **state)
{
	jh_arena *arena = *state;
	jh_node *map = map_node(arena, 2, "a", int_node(arena, 1), "b\xfe",
				int_node(arena, 2));
	jh_buf out = JH_BUF_INIT;
	jh_error err;

	map->as.map.pairs[1].key_span.line = 9;
	map->as.map.pairs[1].key_span.column = 2;

	jh_error_clear(&err);
	assert_int_equal(jh_canon_to_buf(&out, map, &err), JH_EINVALID);
	assert_int_equal(err.line, 9);
	assert_int_equal(err.column, 2);
	assert_string_equal(err.message,
			    "mapping key is not valid UTF-8: byte 0xfe at offset 1");
	jh_buf_free(&out);

	/* A null value drops the entry before its key is looked at. */
	map->as.map.pairs[1].value = null_node(arena);
	check_canon(map, "{\"a\":1}");
}

static void canon_put_string(void **state)
{
	jh_buf out = JH_BUF_INIT;

	(void)state;
	assert_int_equal(jh_buf_puts(&out, "x="), JH_OK);
	assert_int_equal(jh_canon_put_string(&out, "a\"\n\0", 4), JH_OK);
	assert_string_equal(out.data, "x=\"a\\\"\\n\\u0000\"");

	assert_int_equal(jh_canon_put_string(&out, "\xc0\xaf", 2), JH_EINVALID);
	assert_string_equal(out.data, "x=\"a\\\"\\n\\u0000\"");
	jh_buf_free(&out);
}

/* Mappings and sequences */

static void canon_key_order(void **state)
{
	jh_arena *arena = *state;
	jh_node *map = map_node(arena, 9,
		"b", int_node(arena, 1),
		"\xef\xbf\xbf", int_node(arena, 2),     /* U+FFFF */
		"a", int_node(arena, 3),
		"\xee\x80\x80", int_node(arena, 4),     /* U+E000 */
		"aa", int_node(arena, 5),
		"\xf0\x9f\x98\x80", int_node(arena, 6), /* U+1F600 */
		"A", int_node(arena, 7),
		"\xc3\xa9", int_node(arena, 8),         /* U+00E9 */
		"", int_node(arena, 9));

	/* U+1F600 is D83D DE00 in UTF-16, so it sorts before U+E000. */
	check_canon(map, "{\"\":9,\"A\":7,\"a\":3,\"aa\":5,\"b\":1,\"\xc3\xa9\":8,"
			 "\"\xf0\x9f\x98\x80\":6,\"\xee\x80\x80\":4,"
			 "\"\xef\xbf\xbf\":2}");
}

static void canon_key_order_utf16(void **state)
{
	jh_arena *arena = *state;

	check_canon(map_node(arena, 2, "\xee\x80\x80", int_node(arena, 1),
			     "\xf0\x9f\x98\x80", int_node(arena, 2)),
		    "{\"\xf0\x9f\x98\x80\":2,\"\xee\x80\x80\":1}");
	/* Two keys sharing a lead byte differ only in a continuation byte. */
	check_canon(map_node(arena, 2, "\xf0\x9f\x98\x81", int_node(arena, 1),
			     "\xf0\x9f\x98\x80", int_node(arena, 2)),
		    "{\"\xf0\x9f\x98\x80\":2,\"\xf0\x9f\x98\x81\":1}");
	/* U+D7FF stays below the supplementary planes. */
	check_canon(map_node(arena, 2, "\xf0\x90\x80\x80", int_node(arena, 1),
			     "\xed\x9f\xbf", int_node(arena, 2)),
		    "{\"\xed\x9f\xbf\":2,\"\xf0\x90\x80\x80\":1}");
}

static void canon_large_map(void **state)
{
	jh_arena *arena = *state;
	jh_node *map = new_node(arena, JH_MAP);
	jh_buf expected = JH_BUF_INIT;
	const size_t count = 3000;

	map->as.map.pairs = jh_arena_calloc(arena, count, sizeof(jh_pair));
	map->as.map.count = count;
	for (size_t i = 0; i < count; i++) {
		char key[16];
		size_t n = count - 1 - i;
		int len = snprintf(key, sizeof(key), "k%04zu", n);

		map->as.map.pairs[i].key = jh_arena_strndup(arena, key, (size_t)len);
		map->as.map.pairs[i].key_len = (size_t)len;
		map->as.map.pairs[i].value = int_node(arena, (int64_t)n);
	}

	assert_int_equal(jh_buf_puts(&expected, "{"), JH_OK);
	for (size_t n = 0; n < count; n++)
		assert_int_equal(jh_buf_printf(&expected, "%s\"k%04zu\":%zu",
					       n > 0 ? "," : "", n, n), JH_OK);
	assert_int_equal(jh_buf_puts(&expected, "}"), JH_OK);

	check_canon_bytes(map, expected.data, expected.len);
	jh_buf_free(&expected);
}

static void canon_null_entries(void **state)
{
	jh_arena *arena = *state;
	jh_node *map = map_node(arena, 4,
		"keep", int_node(arena, 1),
		"drop", null_node(arena),
		"absent", NULL,
		"inner", map_node(arena, 2,
			"gone", null_node(arena),
			"list", seq_node(arena, 3, int_node(arena, 1),
					 null_node(arena),
					 map_node(arena, 1, "x", null_node(arena)))));

	check_canon(map, "{\"inner\":{\"list\":[1,null,{}]},\"keep\":1}");
}

static void canon_empty_containers(void **state)
{
	jh_arena *arena = *state;

	check_canon(map_node(arena, 3, "map", map_node(arena, 0), "list",
			     seq_node(arena, 0), "string", string_node(arena, "")),
		    "{\"list\":[],\"map\":{},\"string\":\"\"}");
	check_canon(map_node(arena, 0), "{}");
	check_canon(seq_node(arena, 0), "[]");
}

static void canon_list_order(void **state)
{
	jh_arena *arena = *state;

	check_canon(seq_node(arena, 4, int_node(arena, 3), int_node(arena, 1),
			     int_node(arena, 3), string_node(arena, "2")),
		    "[3,1,3,\"2\"]");
}

/* Streaming into a sink */

typedef struct recording {
	jh_buf bytes;
	size_t writes;
	size_t largest;
	size_t fail_after; /* writes to accept before returning JH_EIO; 0: none */
} recording;

static int record_write(void *context, const char *bytes, size_t len)
{
	recording *r = context;

	if (r->fail_after != 0 && r->writes == r->fail_after)
		return JH_EIO;
	r->writes++;
	if (len > r->largest)
		r->largest = len;
	return jh_buf_put(&r->bytes, bytes, len);
}

/* A sequence of COUNT strings of LEN bytes 'x'. */
static jh_node *long_seq(jh_arena *arena, size_t count, size_t len)
{
	jh_node *seq = new_node(arena, JH_SEQ);
	char *text = malloc(len);

	assert_non_null(text);
	memset(text, 'x', len);
	seq->as.seq.items = jh_arena_calloc(arena, count, sizeof(jh_node *));
	seq->as.seq.count = count;
	for (size_t i = 0; i < count; i++)
		seq->as.seq.items[i] = string_bytes(arena, text, len);
	free(text);
	return seq;
}

static void canon_sink_buffered(void **state)
{
	jh_arena *arena = *state;
	recording r = { JH_BUF_INIT, 0, 0, 0 };
	jh_sink sink = { record_write, &r };
	jh_node *seq = long_seq(arena, 10000, 10);
	jh_buf whole = JH_BUF_INIT;
	jh_error err;

	jh_error_clear(&err);
	assert_int_equal(jh_canon_write(&sink, seq, &err), JH_OK);
	assert_int_equal(jh_canon_to_buf(&whole, seq, &err), JH_OK);

	/* 10000 items of 12 bytes, 9999 commas and 2 brackets */
	assert_int_equal(r.bytes.len, 130001);
	assert_int_equal(whole.len, 130001);
	assert_memory_equal(r.bytes.data, whole.data, whole.len);

	/* Full 16 KiB buffers, short only by a piece that did not fit. */
	assert_int_equal(r.writes, 8);
	assert_in_range(r.largest, 16 * 1024 - 12, 16 * 1024);

	jh_buf_free(&r.bytes);
	jh_buf_free(&whole);
}

static void canon_sink_long_string(void **state)
{
	jh_arena *arena = *state;
	recording r = { JH_BUF_INIT, 0, 0, 0 };
	jh_sink sink = { record_write, &r };
	jh_node *seq = long_seq(arena, 2, 40000);
	jh_error err;

	jh_error_clear(&err);
	assert_int_equal(jh_canon_write(&sink, seq, &err), JH_OK);
	assert_int_equal(r.bytes.len, 2 * 40002 + 3);
	assert_memory_equal(r.bytes.data, "[\"xxx", 5);
	assert_memory_equal(r.bytes.data + r.bytes.len - 5, "xxx\"]", 5);
	/* Each 40000-byte run bypasses the buffer in a write of its own. */
	assert_int_equal(r.largest, 40000);
	assert_int_equal(r.writes, 5);
	jh_buf_free(&r.bytes);
}

static void canon_sink_error(void **state)
{
	jh_arena *arena = *state;
	recording r = { JH_BUF_INIT, 0, 0, 1 };
	jh_sink sink = { record_write, &r };
	jh_error err;

	jh_error_clear(&err);
	assert_int_equal(jh_canon_write(&sink, long_seq(arena, 10000, 10), &err),
			 JH_EIO);
	assert_int_equal(r.writes, 1);
	assert_in_range(r.bytes.len, 16 * 1024 - 12, 16 * 1024);
	jh_buf_free(&r.bytes);
}

/* Equality */

static void canon_equal_numbers(void **state)
{
	jh_arena *arena = *state;

	assert_true(jh_canon_equal(int_node(arena, 1), float_node(arena, 1.0)));
	assert_true(jh_canon_equal(float_node(arena, 1.0), int_node(arena, 1)));
	assert_true(jh_canon_equal(int_node(arena, 0), float_node(arena, -0.0)));
	assert_true(jh_canon_equal(int_node(arena, 9007199254740992),
				   float_node(arena, 9007199254740992.0)));
	assert_false(jh_canon_equal(int_node(arena, 9007199254740993),
				    float_node(arena, 9007199254740992.0)));
	assert_false(jh_canon_equal(int_node(arena, 1), int_node(arena, 2)));
	assert_false(jh_canon_equal(float_node(arena, 0.1), float_node(arena, 0.2)));
	assert_false(jh_canon_equal(int_node(arena, 80), string_node(arena, "80")));
	assert_false(jh_canon_equal(int_node(arena, 1), bool_node(arena, true)));
}

static void canon_equal_nulls(void **state)
{
	jh_arena *arena = *state;

	assert_true(jh_canon_equal(NULL, NULL));
	assert_true(jh_canon_equal(NULL, null_node(arena)));
	assert_true(jh_canon_equal(null_node(arena), NULL));
	assert_false(jh_canon_equal(NULL, int_node(arena, 0)));
	assert_false(jh_canon_equal(map_node(arena, 0), NULL));
	assert_true(jh_canon_equal(
		map_node(arena, 2, "a", int_node(arena, 1), "b", null_node(arena)),
		map_node(arena, 2, "c", NULL, "a", float_node(arena, 1.0))));
	assert_false(jh_canon_equal(seq_node(arena, 1, null_node(arena)),
				    seq_node(arena, 0)));
}

static void canon_equal_values(void **state)
{
	jh_arena *arena = *state;

	assert_true(jh_canon_equal(string_bytes(arena, "a\0b", 3),
				   string_bytes(arena, "a\0b", 3)));
	assert_false(jh_canon_equal(string_bytes(arena, "a\0b", 3),
				    string_bytes(arena, "a\0c", 3)));
	assert_false(jh_canon_equal(string_node(arena, "a"), string_node(arena, "ab")));
	assert_true(jh_canon_equal(bool_node(arena, false), bool_node(arena, false)));
	assert_false(jh_canon_equal(bool_node(arena, false), bool_node(arena, true)));
	assert_true(jh_canon_equal(
		seq_node(arena, 2, int_node(arena, 1), string_node(arena, "x")),
		seq_node(arena, 2, float_node(arena, 1.0), string_node(arena, "x"))));
	assert_false(jh_canon_equal(
		seq_node(arena, 2, int_node(arena, 1), int_node(arena, 2)),
		seq_node(arena, 2, int_node(arena, 2), int_node(arena, 1))));
	assert_false(jh_canon_equal(map_node(arena, 1, "a", int_node(arena, 1)),
				    map_node(arena, 1, "b", int_node(arena, 1))));
	assert_false(jh_canon_equal(map_node(arena, 1, "a", int_node(arena, 1)),
				    map_node(arena, 1, "a", int_node(arena, 2))));
	assert_false(jh_canon_equal(map_node(arena, 0), seq_node(arena, 0)));
}

/* Builds a map of COUNT keys "k0".., listed in reverse when REVERSED. */
static jh_node *numbered_map(jh_arena *arena, size_t count, bool reversed,
			     int64_t last_value)
{
	jh_node *map = new_node(arena, JH_MAP);

	map->as.map.pairs = jh_arena_calloc(arena, count + 1, sizeof(jh_pair));
	for (size_t i = 0; i < count; i++) {
		size_t n = reversed ? count - 1 - i : i;
		char key[16];
		int len = snprintf(key, sizeof(key), "k%zu", n);
		jh_pair *pair = &map->as.map.pairs[map->as.map.count++];

		pair->key = jh_arena_strndup(arena, key, (size_t)len);
		pair->key_len = (size_t)len;
		pair->value = int_node(arena, n == count - 1 ? last_value : (int64_t)n);
	}
	return map;
}

static void canon_equal_large_maps(void **state)
{
	jh_arena *arena = *state;
	jh_node *forward = numbered_map(arena, 100, false, 99);
	jh_node *backward = numbered_map(arena, 100, true, 99);
	jh_node *changed = numbered_map(arena, 100, true, 100);

	assert_true(jh_canon_equal(forward, backward));
	assert_false(jh_canon_equal(forward, changed));

	/* A null entry on one side only is ignored. */
	backward->as.map.pairs[backward->as.map.count].key = "extra";
	backward->as.map.pairs[backward->as.map.count].key_len = 5;
	backward->as.map.pairs[backward->as.map.count].value = null_node(arena);
	backward->as.map.count++;
	assert_true(jh_canon_equal(forward, backward));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(canon_double_text),
		cmocka_unit_test(canon_double_power_of_two),
		cmocka_unit_test_setup_teardown(canon_double_nodes, setup_arena, teardown_arena),
		cmocka_unit_test(canon_double_round_trip),
		cmocka_unit_test_setup_teardown(canon_int_text, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(canon_non_finite, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(canon_scalars, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(canon_string_escapes, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(canon_string_controls, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(canon_string_nul, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(canon_invalid_utf8, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(canon_invalid_key, setup_arena, teardown_arena),
		cmocka_unit_test(canon_put_string),
		cmocka_unit_test_setup_teardown(canon_key_order, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(canon_key_order_utf16, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(canon_large_map, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(canon_null_entries, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(canon_empty_containers, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(canon_list_order, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(canon_sink_buffered, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(canon_sink_long_string, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(canon_sink_error, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(canon_equal_numbers, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(canon_equal_nulls, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(canon_equal_values, setup_arena, teardown_arena),
		cmocka_unit_test_setup_teardown(canon_equal_large_maps, setup_arena, teardown_arena),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
