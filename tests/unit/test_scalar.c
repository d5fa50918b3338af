/* Plain-scalar resolution and key strings (docs/hash.md rules 4 to 6). */

#include "support.h"

#include <math.h>

#include "jobhash/scalar.h"

typedef struct resolve_case {
	const char *text;
	jh_kind kind;
	int64_t integer;  /* JH_INT; 1 or 0 for JH_BOOL */
	double number;    /* JH_FLOAT */
} resolve_case;

static const resolve_case resolve_cases[] = {
	{ "", JH_NULL, 0, 0 },
	{ "~", JH_NULL, 0, 0 },
	{ "null", JH_NULL, 0, 0 },
	{ "Null", JH_NULL, 0, 0 },
	{ "NULL", JH_NULL, 0, 0 },
	{ "nULL", JH_STRING, 0, 0 },
	{ "y", JH_BOOL, 1, 0 },
	{ "Y", JH_BOOL, 1, 0 },
	{ "yes", JH_BOOL, 1, 0 },
	{ "Yes", JH_BOOL, 1, 0 },
	{ "YES", JH_BOOL, 1, 0 },
	{ "yEs", JH_STRING, 0, 0 },
	{ "true", JH_BOOL, 1, 0 },
	{ "True", JH_BOOL, 1, 0 },
	{ "TRUE", JH_BOOL, 1, 0 },
	{ "tRUE", JH_STRING, 0, 0 },
	{ "on", JH_BOOL, 1, 0 },
	{ "On", JH_BOOL, 1, 0 },
	{ "ON", JH_BOOL, 1, 0 },
	{ "n", JH_BOOL, 0, 0 },
	{ "N", JH_BOOL, 0, 0 },
	{ "no", JH_BOOL, 0, 0 },
	{ "No", JH_BOOL, 0, 0 },
	{ "NO", JH_BOOL, 0, 0 },
	{ "false", JH_BOOL, 0, 0 },
	{ "False", JH_BOOL, 0, 0 },
	{ "FALSE", JH_BOOL, 0, 0 },
	{ "off", JH_BOOL, 0, 0 },
	{ "Off", JH_BOOL, 0, 0 },
	{ "OFF", JH_BOOL, 0, 0 },
	{ "0", JH_INT, 0, 0 },
	{ "00", JH_INT, 0, 0 },
	{ "42", JH_INT, 42, 0 },
	{ "-42", JH_INT, -42, 0 },
	{ "+42", JH_INT, 42, 0 },
	{ "0755", JH_INT, 493, 0 },
	{ "010", JH_INT, 8, 0 },
	{ "08", JH_FLOAT, 0, 8.0 },
	{ "09", JH_FLOAT, 0, 9.0 },
	{ "0789", JH_FLOAT, 0, 789.0 },
	{ "0x1F", JH_INT, 31, 0 },
	{ "0X1f", JH_INT, 31, 0 },
	{ "-0x1F", JH_INT, -31, 0 },
	{ "0o17", JH_INT, 15, 0 },
	{ "0O17", JH_INT, 15, 0 },
	{ "0b101", JH_INT, 5, 0 },
	{ "0B101", JH_INT, 5, 0 },
	{ "-0b101", JH_INT, -5, 0 },
	{ "0x", JH_STRING, 0, 0 },
	{ "0b", JH_STRING, 0, 0 },
	{ "1_000", JH_INT, 1000, 0 },
	{ "1__0_0", JH_INT, 100, 0 },
	{ "9223372036854775807", JH_INT, INT64_MAX, 0 },
	{ "-9223372036854775808", JH_INT, INT64_MIN, 0 },
	{ "9223372036854775808", JH_FLOAT, 0, 9223372036854775808.0 },
	{ "18446744073709551615", JH_FLOAT, 0, 18446744073709551615.0 },
	{ "0xFFFFFFFFFFFFFFFF", JH_FLOAT, 0, 18446744073709551615.0 },
	{ "18446744073709551616", JH_FLOAT, 0, 18446744073709551616.0 },
	{ "1e3", JH_FLOAT, 0, 1000.0 },
	{ "1E3", JH_FLOAT, 0, 1000.0 },
	{ "1e+3", JH_FLOAT, 0, 1000.0 },
	{ "1.10", JH_FLOAT, 0, 1.1 },
	{ "1.", JH_FLOAT, 0, 1.0 },
	{ "-1.5e-3", JH_FLOAT, 0, -0.0015 },
	{ "1_000.5", JH_FLOAT, 0, 1000.5 },
	{ ".5", JH_FLOAT, 0, 0.5 },
	{ "+.5", JH_FLOAT, 0, 0.5 },
	{ "-.5", JH_FLOAT, 0, -0.5 },
	{ ".5e1", JH_FLOAT, 0, 5.0 },
	{ ".", JH_STRING, 0, 0 },
	{ ".e3", JH_STRING, 0, 0 },
	{ "._5", JH_STRING, 0, 0 },
	{ "1e400", JH_STRING, 0, 0 },
	{ "-1e400", JH_STRING, 0, 0 },
	{ "1e", JH_STRING, 0, 0 },
	{ "1:20", JH_STRING, 0, 0 },
	{ "2024-01-02", JH_STRING, 0, 0 },
	{ "0x1p-2", JH_STRING, 0, 0 },
	{ "inf", JH_STRING, 0, 0 },
	{ "NaN", JH_STRING, 0, 0 },
	{ "-", JH_STRING, 0, 0 },
	{ "+", JH_STRING, 0, 0 },
	{ "<<", JH_STRING, 0, 0 },
	{ "hello", JH_STRING, 0, 0 },
	{ "1 2", JH_STRING, 0, 0 },
};

static void resolve_table(void **state)
{
	(void)state;

	for (size_t i = 0; i < sizeof(resolve_cases) / sizeof(resolve_cases[0]); i++) {
		const resolve_case *c = &resolve_cases[i];
		jh_scalar value;

		jh_scalar_resolve(&value, c->text, strlen(c->text));
		if (value.kind != c->kind)
			print_message("case \"%s\"\n", c->text);
		assert_int_equal(value.kind, c->kind);
		assert_false(value.nonfinite);
		if (c->kind == JH_INT)
			assert_true(value.integer == c->integer);
		if (c->kind == JH_BOOL)
			assert_int_equal(value.boolean, c->integer);
		if (c->kind == JH_FLOAT)
			assert_true(value.number == c->number);
	}
}

static void resolve_unsigned_flag(void **state)
{
	jh_scalar value;

	(void)state;

	jh_scalar_resolve(&value, "18446744073709551615", 20);
	assert_true(value.from_unsigned);
	jh_scalar_resolve(&value, "1e3", 3);
	assert_false(value.from_unsigned);
}

static void resolve_nonfinite(void **state)
{
	static const char *const texts[] = {
		".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF",
		"-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN",
	};
	jh_scalar value;

	(void)state;

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		jh_scalar_resolve(&value, texts[i], strlen(texts[i]));
		assert_true(value.nonfinite);
	}

	/* Other spellings are plain strings, as in go-yaml. */
	jh_scalar_resolve(&value, ".iNf", 4);
	assert_false(value.nonfinite);
	assert_int_equal(value.kind, JH_STRING);
}

static void resolve_embedded_nul(void **state)
{
	jh_scalar value;

	(void)state;

	jh_scalar_resolve(&value, "1\0", 2);
	assert_int_equal(value.kind, JH_STRING);
}

typedef struct float_case {
	double value;
	const char *text;
} float_case;

static void format_float32_keys(void **state)
{
	static const float_case cases[] = {
		{ 1.0, "1" },
		{ 0.1, "0.1" },
		{ 1000000.0, "1e+06" },
		{ 123456.0, "123456" },
		{ 1234567.0, "1.234567e+06" },
		{ 1e-5, "1e-05" },
		{ 0.0001, "0.0001" },
		{ 1.5, "1.5" },
		{ -2.25, "-2.25" },
		{ 3.14159265358979, "3.1415927" },
		{ 1e21, "1e+21" },
		{ 16777217.0, "1.6777216e+07" },
		{ 0.0, "0" },
		{ -0.0, "-0" },
		{ 1e300, "+Inf" },
	};
	char out[JH_SCALAR_KEY_MAX];

	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = jh_scalar_format_float32(out, cases[i].value);

		assert_string_equal(out, cases[i].text);
		assert_int_equal(len, strlen(cases[i].text));
	}
}

static void format_other_keys(void **state)
{
	jh_node node;
	char out[JH_SCALAR_KEY_MAX];

	(void)state;
	memset(&node, 0, sizeof(node));

	node.kind = JH_INT;
	node.as.integer = -9223372036854775807 - 1;
	assert_int_equal(jh_scalar_format_key(out, &node), 20);
	assert_string_equal(out, "-9223372036854775808");

	node.kind = JH_BOOL;
	node.as.boolean = true;
	jh_scalar_format_key(out, &node);
	assert_string_equal(out, "true");

	node.as.boolean = false;
	jh_scalar_format_key(out, &node);
	assert_string_equal(out, "false");

	node.kind = JH_FLOAT;
	node.as.number = 1.0;
	jh_scalar_format_key(out, &node);
	assert_string_equal(out, "1");

	node.kind = JH_NULL;
	assert_int_equal(jh_scalar_format_key(out, &node), 0);
}

static void decode_base64(void **state)
{
	unsigned char out[64];
	size_t len = 0;

	(void)state;

	assert_int_equal(jh_scalar_decode_base64(out, &len, "aGVsbG8=", 8), 0);
	assert_int_equal(len, 5);
	assert_memory_equal(out, "hello", 5);

	assert_int_equal(jh_scalar_decode_base64(out, &len, "aGVs\nbG8h\n", 10), 0);
	assert_int_equal(len, 6);
	assert_memory_equal(out, "hello!", 6);

	assert_int_equal(jh_scalar_decode_base64(out, &len, "aGk=", 4), 0);
	assert_int_equal(len, 2);
	assert_memory_equal(out, "hi", 2);

	assert_int_equal(jh_scalar_decode_base64(out, &len, "aA==", 4), 0);
	assert_int_equal(len, 1);

	assert_int_equal(jh_scalar_decode_base64(out, &len, "aGVsbG8", 7), -1);
	assert_int_equal(jh_scalar_decode_base64(out, &len, "aG Vs", 5), -1);
	assert_int_equal(jh_scalar_decode_base64(out, &len, "aA==aA==", 8), -1);
	assert_int_equal(jh_scalar_decode_base64(out, &len, "a===", 4), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(resolve_table),
		cmocka_unit_test(resolve_unsigned_flag),
		cmocka_unit_test(resolve_nonfinite),
		cmocka_unit_test(resolve_embedded_nul),
		cmocka_unit_test(format_float32_keys),
		cmocka_unit_test(format_other_keys),
		cmocka_unit_test(decode_base64),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
