#include "support.h"

#include <stdio.h>
#include <stdlib.h>

#include "jobhash/buf.h"
#include "jobhash/canon.h"
#include "jobhash/fielddiff.h"
#include "jobhash/yaml.h"

static void put_value(jh_buf *out, const jh_node *value)
{
	if (value == NULL)
		assert_int_equal(jh_buf_puts(out, "(absent)"), JH_OK);
	else
		assert_int_equal(jh_canon_to_buf(out, value, NULL), JH_OK);
}

/*
 * Diffs the two YAML documents of TEXT ("OLD---NEW") under the prefix
 * "spec" and returns the changes as "FIELD: OLD -> NEW" lines, which the
 * caller frees.
 */
static char *diff_documents(const char *text)
{
	jh_diagnostics warnings = { 0 };
	jh_change_list changes = { 0 };
	jh_buf lines = JH_BUF_INIT;
	jh_file *file = NULL;
	jh_error err;

	jh_error_clear(&err);
	assert_int_equal(jh_load(&file, "diff.yaml", text, strlen(text), NULL, &warnings, &err),
			 JH_OK);
	assert_int_equal(file->document_count, 2);
	assert_int_equal(jh_diff_fields(&changes, "spec", file->documents[0].root,
					file->documents[1].root, &err),
			 JH_OK);

	assert_int_equal(jh_buf_puts(&lines, ""), JH_OK);
	for (size_t i = 0; i < changes.count; i++) {
		assert_int_equal(jh_buf_printf(&lines, "%s: ", changes.items[i].field), JH_OK);
		put_value(&lines, changes.items[i].old_value);
		assert_int_equal(jh_buf_puts(&lines, " -> "), JH_OK);
		put_value(&lines, changes.items[i].new_value);
		assert_int_equal(jh_buf_putc(&lines, '\n'), JH_OK);
	}

	jh_change_list_free(&changes);
	jh_file_free(file);
	jh_diagnostics_free(&warnings);
	return jh_buf_detach(&lines);
}

static void check_diff(const char *text, const char *expected)
{
	char *actual = diff_documents(text);

	assert_string_equal(actual, expected);
	free(actual);
}

static void test_diff_equal_values(void **state)
{
	static const char *const cases[] = {
		/* int 1 and float 1.0 have the same canonical form. */
		"{completions: 1}\n---\n{completions: 1.0}\n",
		/* A null-valued entry equals an absent one, on either side. */
		"{a: 1, b: null}\n---\n{a: 1}\n",
		"{a: 1}\n---\n{a: 1, b: ~}\n",
		/* Key order does not matter. */
		"{a: 1, b: 2}\n---\n{b: 2, a: 1}\n",
		("{template: {spec: {containers: [{name: a, image: x}]}}}\n---\n"
		 "{template: {spec: {containers: [{image: x, name: a}]}}}\n"),
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_diff(cases[i], "");
}

static void test_diff_scalar_and_map_fields(void **state)
{
	(void)state;
	/* Depth first: old keys in old order, then keys only the new side has. */
	check_diff("{completions: 1, selector: {a: p}, mode: old}\n---\n"
		   "{completions: 2, selector: {a: q, b: z}, extra: [1]}\n",
		   "spec.completions: 1 -> 2\n"
		   "spec.selector.a: \"p\" -> \"q\"\n"
		   "spec.selector.b: (absent) -> \"z\"\n"
		   "spec.mode: \"old\" -> (absent)\n"
		   "spec.extra: (absent) -> [1]\n");
}

static void test_diff_null_to_value(void **state)
{
	(void)state;
	check_diff("{a: null}\n---\n{a: 3}\n", "spec.a: (absent) -> 3\n");
	check_diff("{a: 3}\n---\n{a: null}\n", "spec.a: 3 -> (absent)\n");
	check_diff("{a: {b: 1}}\n---\n{a: [1]}\n", "spec.a: {\"b\":1} -> [1]\n");
	check_diff("{a: \"1\"}\n---\n{a: 1}\n", "spec.a: \"1\" -> 1\n");
}

static void test_diff_key_quoting(void **state)
{
	(void)state;
	check_diff("{labels: {app.kubernetes.io/name: a, plain_key-1: a, \"\": a, \"q\\\"t\": a}}\n"
		   "---\n"
		   "{labels: {app.kubernetes.io/name: b, plain_key-1: b, \"\": b, \"q\\\"t\": b}}\n",
		   "spec.labels[\"app.kubernetes.io/name\"]: \"a\" -> \"b\"\n"
		   "spec.labels.plain_key-1: \"a\" -> \"b\"\n"
		   "spec.labels[\"\"]: \"a\" -> \"b\"\n"
		   "spec.labels[\"q\\\"t\"]: \"a\" -> \"b\"\n");
}

static void test_diff_named_list(void **state)
{
	(void)state;
	check_diff("containers:\n"
		   "- {name: migrate, image: app:1}\n"
		   "- {name: sidecar, image: proxy:1}\n"
		   "- {name: old, image: gone:1}\n"
		   "---\n"
		   "containers:\n"
		   "- {name: init, image: new:1}\n"
		   "- {name: migrate, image: app:2}\n"
		   "- {name: sidecar, image: proxy:1}\n",
		   "spec.containers[name=migrate].image: \"app:1\" -> \"app:2\"\n"
		   "spec.containers[name=old]: {\"image\":\"gone:1\",\"name\":\"old\"} -> (absent)\n"
		   "spec.containers[name=init]: (absent) -> {\"image\":\"new:1\",\"name\":\"init\"}\n");
}

static void test_diff_named_list_quoted_name(void **state)
{
	(void)state;
	check_diff("env: [{name: db.url, value: a}]\n---\nenv: [{name: db.url, value: b}]\n",
		   "spec.env[name=\"db.url\"].value: \"a\" -> \"b\"\n");
}

static void test_diff_index_fallback(void **state)
{
	static const struct {
		const char *text;
		const char *expected;
	} cases[] = {
		/* Reordered names: matched by index. */
		{ "c: [{name: a, v: 1}, {name: b, v: 2}]\n---\nc: [{name: b, v: 2}, {name: a, v: 1}]\n",
		  "spec.c[0].name: \"a\" -> \"b\"\n"
		  "spec.c[0].v: 1 -> 2\n"
		  "spec.c[1].name: \"b\" -> \"a\"\n"
		  "spec.c[1].v: 2 -> 1\n" },
		/* A repeated name on one side. */
		{ "c: [{name: a, v: 1}, {name: a, v: 2}]\n---\nc: [{name: a, v: 1}, {name: a, v: 3}]\n",
		  "spec.c[1].v: 2 -> 3\n" },
		/* An item without a string name. */
		{ "c: [{name: 1, v: 1}]\n---\nc: [{name: 1, v: 2}]\n", "spec.c[0].v: 1 -> 2\n" },
		/* Scalars: items added and removed at the end. */
		{ "args: [a, b, c]\n---\nargs: [a, x]\n",
		  "spec.args[1]: \"b\" -> \"x\"\n"
		  "spec.args[2]: \"c\" -> (absent)\n" },
		{ "args: [a]\n---\nargs: [a, b]\n", "spec.args[1]: (absent) -> \"b\"\n" },
		/* A null item is still an item: its removal is a change. */
		{ "args: [a, null]\n---\nargs: [a]\n", "spec.args[1]: (absent) -> (absent)\n" },
		{ "args: [a, null]\n---\nargs: [a, b]\n", "spec.args[1]: (absent) -> \"b\"\n" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_diff(cases[i].text, cases[i].expected);
}

static void test_diff_whole_root(void **state)
{
	jh_change_list changes = { 0 };
	jh_error err;

	(void)state;
	jh_error_clear(&err);
	assert_int_equal(jh_diff_fields(&changes, "spec", NULL, NULL, &err), JH_OK);
	assert_int_equal(changes.count, 0);
	check_diff("[1]\n---\n{a: 1}\n", "spec: [1] -> {\"a\":1}\n");
	jh_change_list_free(&changes);
	jh_change_list_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diff_equal_values),
		cmocka_unit_test(test_diff_scalar_and_map_fields),
		cmocka_unit_test(test_diff_null_to_value),
		cmocka_unit_test(test_diff_key_quoting),
		cmocka_unit_test(test_diff_named_list),
		cmocka_unit_test(test_diff_named_list_quoted_name),
		cmocka_unit_test(test_diff_index_fallback),
		cmocka_unit_test(test_diff_whole_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
