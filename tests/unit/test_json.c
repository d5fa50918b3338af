/* The manifest loader on JSON input, and its fallback to YAML. */

#include "support.h"

#include <stdlib.h>

#include "jobhash/json.h"
#include "jobhash/yaml.h"

typedef struct fixture {
	jh_file *file;
	jh_diagnostics diagnostics;
	jh_error err;
	jh_load_options options;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	jh_file_free(f->file);
	jh_diagnostics_free(&f->diagnostics);
	free(f);
	return 0;
}

static int load(fixture *f, const char *text)
{
	jh_file_free(f->file);
	f->file = NULL;
	f->diagnostics.count = 0;
	jh_error_clear(&f->err);
	return jh_load(&f->file, "m.json", text, strlen(text), &f->options, &f->diagnostics,
		       &f->err);
}

static void assert_int_node(const jh_node *node, int64_t expected)
{
	assert_non_null(node);
	assert_int_equal(node->kind, JH_INT);
	assert_true(node->as.integer == expected);
}

static void objects_in_a_row(void **state)
{
	fixture *f = *state;
	const char *text = " {\"a\": 1}\n{\"b\": [true, null, \"x\"]}{\"c\": {}}\n";
	const jh_node *b;

	assert_int_equal(load(f, text), 0);
	assert_true(f->file->json);
	assert_int_equal(f->file->document_count, 3);
	assert_int_node(jh_map_get(f->file->documents[0].root, "a"), 1);

	b = jh_map_get(f->file->documents[1].root, "b");
	assert_int_equal(b->kind, JH_SEQ);
	assert_int_equal(b->style, JH_STYLE_JSON);
	assert_int_equal(b->as.seq.count, 3);
	assert_int_equal(b->as.seq.items[0]->kind, JH_BOOL);
	assert_true(b->as.seq.items[0]->as.boolean);
	assert_int_equal(b->as.seq.items[1]->kind, JH_NULL);
	assert_true(jh_node_is_string(b->as.seq.items[2], "x"));
	assert_int_equal(b->as.seq.items[2]->span.start, 29);
	assert_int_equal(b->as.seq.items[2]->span.end, 32);
	assert_int_equal(b->as.seq.items[2]->span.line, 2);
	assert_int_equal(b->as.seq.items[2]->span.column, 20);
	assert_int_equal(f->file->documents[2].root->as.map.count, 1);
}

static void surrogate_pairs(void **state)
{
	fixture *f = *state;

	assert_int_equal(load(f, "{\"s\": \"\\ud83d\\ude00 \\u00e9\\n\\/\", \"lone\": \"\\ud83dx\"}"), 0);
	assert_true(jh_node_is_string(jh_map_get(f->file->documents[0].root, "s"),
				      "\xf0\x9f\x98\x80 \xc3\xa9\n/"));
	assert_true(jh_node_is_string(jh_map_get(f->file->documents[0].root, "lone"),
				      "\xef\xbf\xbdx"));
}

static void int_and_float(void **state)
{
	fixture *f = *state;
	const jh_node *root;

	assert_int_equal(load(f, "{\"i\": -9223372036854775808, \"big\": 9223372036854775808,"
				 " \"one\": 1.0, \"e\": 1e3, \"z\": -0}"), 0);
	root = f->file->documents[0].root;
	assert_int_node(jh_map_get(root, "i"), INT64_MIN);
	assert_int_equal(jh_map_get(root, "big")->kind, JH_FLOAT);
	assert_true(jh_map_get(root, "big")->as.number == 9223372036854775808.0);
	assert_int_equal(jh_map_get(root, "one")->kind, JH_FLOAT);
	assert_true(jh_map_get(root, "one")->as.number == 1.0);
	assert_int_equal(jh_map_get(root, "e")->kind, JH_FLOAT);
	assert_true(jh_map_get(root, "e")->as.number == 1000.0);
	assert_int_node(jh_map_get(root, "z"), 0);
}

static void duplicate_key_warning(void **state)
{
	fixture *f = *state;

	assert_int_equal(load(f, "{\"a\": 1,\n \"a\": 2}"), 0);
	assert_int_node(jh_map_get(f->file->documents[0].root, "a"), 2);
	assert_int_equal(f->diagnostics.count, 1);
	assert_string_equal(f->diagnostics.items[0].message,
			    "duplicate key \"a\" (first at line 1); the later value is used, as kubectl uses it");
	assert_int_equal(f->diagnostics.items[0].line, 2);
	assert_int_equal(f->diagnostics.items[0].column, 2);
}

static void errors(void **state)
{
	fixture *f = *state;

	/* Two values, then an error: final, no YAML retry. */
	assert_int_equal(load(f, "{\"a\": 1}\n{\"b\": 2}\n{\"c\": }"), JH_ESYNTAX);
	assert_string_equal(f->err.message, "invalid character '}' looking for beginning of value");
	assert_int_equal(f->err.line, 3);
	assert_int_equal(f->err.column, 7);
	assert_null(f->file);

	assert_int_equal(load(f, "{\"a\": 1}\n{\"b\": 2}\n{\"c\": 1e400}"), JH_EINVALID);
	assert_string_equal(f->err.message, "number 1e400 is out of range");

	assert_int_equal(load(f, "{\"a\": 1}\n{\"b\": 2}\n{\"c\": \"\t\"}"), JH_ESYNTAX);
	assert_string_equal(f->err.message, "invalid character U+0009 in string literal");

	/* YAML cannot read it either: the JSON error stands. */
	assert_int_equal(load(f, "{\"a\": [1, 2}"), JH_ESYNTAX);
	assert_string_equal(f->err.message, "invalid character '}' after array element");
	assert_int_equal(f->err.column, 12);
	assert_int_equal(f->diagnostics.count, 0);
}

static void yaml_fallback(void **state)
{
	fixture *f = *state;

	assert_int_equal(load(f, "{a: 1, b: [x, y]}\n---\nc: yes\n"), 0);
	assert_false(f->file->json);
	assert_int_equal(f->file->document_count, 2);
	assert_int_node(jh_map_get(f->file->documents[0].root, "a"), 1);
	assert_int_equal(jh_map_get(f->file->documents[0].root, "b")->style, JH_STYLE_FLOW);
	assert_int_equal(jh_map_get(f->file->documents[1].root, "c")->kind, JH_BOOL);
	/* go-yaml reads a plain y as true. */
	assert_int_equal(jh_map_get(f->file->documents[0].root, "b")->as.seq.items[1]->kind, JH_BOOL);

	/*
	 * One JSON value, then YAML: read again as YAML, where go-yaml reads
	 * only the flow mapping. The JSON pass's warning is dropped.
	 */
	assert_int_equal(load(f, "{\"a\": 1, \"a\": 2}\nb: 2\n"), 0);
	assert_false(f->file->json);
	assert_int_node(jh_map_get(f->file->documents[0].root, "a"), 2);
	assert_null(jh_map_get(f->file->documents[0].root, "b"));
	assert_int_equal(f->diagnostics.count, 2);
	assert_int_equal(f->diagnostics.items[0].column, 10);
	assert_string_equal(f->diagnostics.items[1].message,
			    "content after the end of the document is ignored, as kubectl ignores it");
	assert_int_equal(f->diagnostics.items[1].line, 2);
}

static void stream_of_any_values(void **state)
{
	jh_arena *arena = jh_arena_new();
	jh_load_options options;
	jh_json_result result;
	jh_error err;
	const char *text = "[1, 2]\n\"s\" 3 null true";

	(void)state;
	memset(&options, 0, sizeof(options));
	assert_non_null(arena);

	assert_int_equal(jh_json_parse(&result, arena, "x.json", text, strlen(text), 0, &options,
				       NULL, &err), 0);
	assert_int_equal(result.document_count, 5);
	assert_int_equal(result.values_read, 5);
	assert_int_equal(result.documents[0].root->kind, JH_SEQ);
	assert_true(jh_node_is_string(result.documents[1].root, "s"));
	assert_int_equal(result.documents[2].root->as.integer, 3);
	assert_null(result.documents[3].root);
	assert_int_equal(result.documents[4].root->kind, JH_BOOL);

	assert_int_equal(jh_json_parse(&result, arena, "x.json", "1 2x", 4, 0, &options, NULL, &err),
			 JH_ESYNTAX);
	assert_int_equal(result.values_read, 1);
	assert_string_equal(err.message, "invalid character 'x' after top-level value");
	jh_arena_free(arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(objects_in_a_row, setup, teardown),
		cmocka_unit_test_setup_teardown(surrogate_pairs, setup, teardown),
		cmocka_unit_test_setup_teardown(int_and_float, setup, teardown),
		cmocka_unit_test_setup_teardown(duplicate_key_warning, setup, teardown),
		cmocka_unit_test_setup_teardown(errors, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml_fallback, setup, teardown),
		cmocka_unit_test(stream_of_any_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
