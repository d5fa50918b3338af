#include "support.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>

#include "jobhash/arena.h"
#include "jobhash/buf.h"
#include "jobhash/error.h"
#include "jobhash/node.h"
#include "jobhash/yaml.h"

/* Loads one YAML document. The caller frees the returned file. */
static jh_file *load_yaml(const char *text)
{
	jh_diagnostics warnings = { 0 };
	jh_file *file = NULL;
	jh_error err;

	jh_error_clear(&err);
	assert_int_equal(jh_load(&file, "core.yaml", text, strlen(text), NULL, &warnings, &err),
			 JH_OK);
	assert_int_equal(warnings.count, 0);
	jh_diagnostics_free(&warnings);
	assert_non_null(file);
	return file;
}

static void test_arena_alloc_aligned(void **state)
{
	jh_arena *arena = jh_arena_new();
	void *first;
	void *second;

	(void)state;
	assert_non_null(arena);
	assert_int_equal(jh_arena_size(arena), 0);

	first = jh_arena_alloc(arena, 1);
	second = jh_arena_alloc(arena, 3);
	assert_non_null(first);
	assert_non_null(second);
	assert_int_equal((uintptr_t)first % alignof(max_align_t), 0);
	assert_int_equal((uintptr_t)second % alignof(max_align_t), 0);
	assert_int_equal((char *)second - (char *)first, alignof(max_align_t));
	assert_true(jh_arena_size(arena) >= 64 * 1024);

	jh_arena_free(arena);
}

static void test_arena_large_block(void **state)
{
	jh_arena *arena = jh_arena_new();
	size_t before;
	unsigned char *big;

	(void)state;
	assert_non_null(jh_arena_alloc(arena, 16));
	before = jh_arena_size(arena);

	/* Larger than one 64 KiB block: gets a block of its own. */
	big = jh_arena_alloc(arena, 200 * 1024);
	assert_non_null(big);
	memset(big, 0xab, 200 * 1024);
	assert_true(jh_arena_size(arena) >= before + 200 * 1024);

	jh_arena_free(arena);
}

static void test_arena_calloc_zeroes(void **state)
{
	jh_arena *arena = jh_arena_new();
	unsigned char *bytes;

	(void)state;
	bytes = jh_arena_calloc(arena, 10, 7);
	assert_non_null(bytes);
	for (size_t i = 0; i < 70; i++)
		assert_int_equal(bytes[i], 0);

	jh_arena_free(arena);
}

static void test_arena_size_overflow(void **state)
{
	jh_arena *arena = jh_arena_new();

	(void)state;
	assert_null(jh_arena_calloc(arena, SIZE_MAX / 2, 3));
	assert_null(jh_arena_alloc(arena, SIZE_MAX));
	assert_null(jh_arena_alloc(arena, SIZE_MAX - 8));
	assert_null(jh_arena_strndup(arena, "x", SIZE_MAX));
	assert_int_equal(jh_arena_size(arena), 0);

	jh_arena_free(arena);
	jh_arena_free(NULL);
}

static void test_arena_strndup_embedded(void **state)
{
	jh_arena *arena = jh_arena_new();
	char *copy;

	(void)state;
	copy = jh_arena_strndup(arena, "abcdef", 3);
	assert_string_equal(copy, "abc");

	copy = jh_arena_strndup(arena, "a\0b", 3);
	assert_memory_equal(copy, "a\0b\0", 4);

	copy = jh_arena_strndup(arena, NULL, 0);
	assert_non_null(copy);
	assert_string_equal(copy, "");

	jh_arena_free(arena);
}

static void test_buf_appends(void **state)
{
	jh_buf buf = JH_BUF_INIT;

	(void)state;
	assert_int_equal(jh_buf_puts(&buf, "job"), JH_OK);
	assert_int_equal(jh_buf_putc(&buf, '-'), JH_OK);
	assert_int_equal(jh_buf_put(&buf, "a\0b", 3), JH_OK);
	assert_int_equal(jh_buf_printf(&buf, "/%d/%s", 42, "x"), JH_OK);

	assert_int_equal(buf.len, 12);
	assert_memory_equal(buf.data, "job-a\0b/42/x", 13);
	assert_int_equal(buf.data[buf.len], '\0');

	jh_buf_free(&buf);
	assert_null(buf.data);
	assert_int_equal(buf.len, 0);
	jh_buf_free(NULL);
}

static void test_buf_grows_past_capacity(void **state)
{
	jh_buf buf = JH_BUF_INIT;

	(void)state;
	for (int i = 0; i < 1000; i++)
		assert_int_equal(jh_buf_printf(&buf, "%03d,", i), JH_OK);

	assert_int_equal(buf.len, 4000);
	assert_true(buf.capacity > buf.len);
	assert_memory_equal(buf.data, "000,001,", 8);
	assert_string_equal(buf.data + 3992, "998,999,");

	jh_buf_free(&buf);
}

static void test_buf_clear_keeps_memory(void **state)
{
	jh_buf buf = JH_BUF_INIT;
	size_t capacity;

	(void)state;
	jh_buf_clear(&buf);
	assert_null(buf.data);

	assert_int_equal(jh_buf_puts(&buf, "template"), JH_OK);
	capacity = buf.capacity;
	jh_buf_clear(&buf);
	assert_int_equal(buf.len, 0);
	assert_int_equal(buf.capacity, capacity);
	assert_string_equal(buf.data, "");

	assert_int_equal(jh_buf_puts(&buf, "x"), JH_OK);
	assert_string_equal(buf.data, "x");
	jh_buf_free(&buf);
}

static void test_buf_detach(void **state)
{
	jh_buf buf = JH_BUF_INIT;
	char *data;

	(void)state;
	assert_int_equal(jh_buf_puts(&buf, "selector"), JH_OK);
	data = jh_buf_detach(&buf);
	assert_string_equal(data, "selector");
	assert_null(buf.data);
	assert_int_equal(buf.len, 0);
	assert_int_equal(buf.capacity, 0);
	free(data);

	assert_null(jh_buf_detach(&buf));
}

static void test_buf_overflow_rejected(void **state)
{
	jh_buf buf = JH_BUF_INIT;

	(void)state;
	assert_int_equal(jh_buf_puts(&buf, "ab"), JH_OK);
	assert_int_equal(jh_buf_grow(&buf, SIZE_MAX - 2), JH_ENOMEM);
	assert_int_equal(jh_buf_grow(&buf, SIZE_MAX), JH_ENOMEM);
	assert_int_equal(buf.len, 2);
	assert_string_equal(buf.data, "ab");
	jh_buf_free(&buf);
}

static void test_node_map_lookups(void **state)
{
	jh_file *file = load_yaml("apiVersion: batch/v1\n"
				  "kind: Job\n"
				  "count: 3\n"
				  "empty:\n"
				  "\"a\\0b\": nul\n");
	const jh_node *root = file->documents[0].root;
	const jh_pair *pair;

	(void)state;
	assert_string_equal(jh_map_get_string(root, "kind"), "Job");
	assert_null(jh_map_get_string(root, "count"));
	assert_null(jh_map_get_string(root, "empty"));
	assert_null(jh_map_get_string(root, "missing"));

	assert_int_equal(jh_map_get(root, "count")->kind, JH_INT);
	assert_int_equal(jh_map_get(root, "count")->as.integer, 3);
	assert_int_equal(jh_map_get(root, "empty")->kind, JH_NULL);
	assert_null(jh_map_get(root, "missing"));

	/* A C-string key never matches a key with an embedded NUL. */
	assert_null(jh_map_get(root, "a"));

	pair = jh_map_get_pair(root, "kind");
	assert_non_null(pair);
	assert_string_equal(pair->key, "kind");
	assert_int_equal(pair->key_span.line, 2);
	assert_int_equal(pair->key_span.column, 1);
	assert_true(jh_node_is_string(pair->value, "Job"));
	assert_false(jh_node_is_string(pair->value, "Jo"));
	assert_false(jh_node_is_string(pair->value, "Jobs"));
	assert_false(jh_node_is_string(jh_map_get(root, "count"), "3"));
	assert_false(jh_node_is_string(NULL, ""));

	jh_file_free(file);
}

static void test_node_lookup_non_map(void **state)
{
	jh_file *file = load_yaml("- kind\n- Job\n");
	const jh_node *root = file->documents[0].root;

	(void)state;
	assert_int_equal(root->kind, JH_SEQ);
	assert_null(jh_map_get(root, "kind"));
	assert_null(jh_map_get_pair(root, "kind"));
	assert_null(jh_map_get_string(root, "kind"));
	assert_null(jh_map_get(NULL, "kind"));
	jh_file_free(file);
}

static void test_node_kind_names(void **state)
{
	static const struct {
		jh_kind kind;
		const char *name;
	} cases[] = {
		{ JH_NULL, "null" },     { JH_BOOL, "boolean" },  { JH_INT, "integer" },
		{ JH_FLOAT, "number" },  { JH_STRING, "string" }, { JH_SEQ, "sequence" },
		{ JH_MAP, "mapping" },   { (jh_kind)99, "value" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(jh_kind_name(cases[i].kind), cases[i].name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_alloc_aligned),
		cmocka_unit_test(test_arena_large_block),
		cmocka_unit_test(test_arena_calloc_zeroes),
		cmocka_unit_test(test_arena_size_overflow),
		cmocka_unit_test(test_arena_strndup_embedded),
		cmocka_unit_test(test_buf_appends),
		cmocka_unit_test(test_buf_grows_past_capacity),
		cmocka_unit_test(test_buf_clear_keeps_memory),
		cmocka_unit_test(test_buf_detach),
		cmocka_unit_test(test_buf_overflow_rejected),
		cmocka_unit_test(test_node_map_lookups),
		cmocka_unit_test(test_node_lookup_non_map),
		cmocka_unit_test(test_node_kind_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
