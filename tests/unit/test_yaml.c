/* The manifest loader on YAML input: splitting, positions, values and errors. */

#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

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

static int load_bytes(fixture *f, const char *text, size_t len)
{
	jh_file_free(f->file);
	f->file = NULL;
	f->diagnostics.count = 0;
	jh_error_clear(&f->err);
	return jh_load(&f->file, "m.yaml", text, len, &f->options, &f->diagnostics, &f->err);
}

static int load(fixture *f, const char *text)
{
	return load_bytes(f, text, strlen(text));
}

static const jh_node *root(const fixture *f, size_t i)
{
	assert_true(i < f->file->document_count);
	return f->file->documents[i].root;
}

static void assert_string_node(const jh_node *node, const char *expected)
{
	assert_non_null(node);
	assert_int_equal(node->kind, JH_STRING);
	assert_int_equal(node->as.string.len, strlen(expected));
	assert_memory_equal(node->as.string.bytes, expected, strlen(expected));
}

static void assert_int_node(const jh_node *node, int64_t expected)
{
	assert_non_null(node);
	assert_int_equal(node->kind, JH_INT);
	assert_true(node->as.integer == expected);
}

static void assert_error(const fixture *f, int code, unsigned line, unsigned column,
			 const char *message)
{
	assert_int_equal(f->err.code, code);
	assert_int_equal(f->err.line, line);
	assert_int_equal(f->err.column, column);
	assert_string_equal(f->err.message, message);
	assert_null(f->file);
}

static void crlf_file(void **state)
{
	fixture *f = *state;
	const char *text = "a: b\r\nc: |\r\n  x\r\n  y\r\n";

	assert_int_equal(load(f, text), 0);
	assert_true(f->file->crlf);
	assert_int_equal(f->file->document_count, 1);
	assert_string_node(jh_map_get(root(f, 0), "a"), "b");
	assert_string_node(jh_map_get(root(f, 0), "c"), "x\ny\n");
	assert_int_equal(jh_map_get_pair(root(f, 0), "c")->key_span.line, 2);
	assert_int_equal(jh_map_get(root(f, 0), "a")->span.start, 3);
}

static void bom_shifts_spans(void **state)
{
	fixture *f = *state;
	const char *text = "\xef\xbb\xbf" "name: web\n";
	const jh_node *name;

	assert_int_equal(load(f, text), 0);
	assert_int_equal(f->file->bom, 3);
	assert_false(f->file->crlf);
	name = jh_map_get(root(f, 0), "name");
	assert_string_node(name, "web");
	assert_int_equal(name->span.start, 3 + 6);
	assert_int_equal(name->span.end, 3 + 9);
	assert_int_equal(name->span.line, 1);
	assert_int_equal(name->span.column, 7);
	assert_int_equal(jh_map_get_pair(root(f, 0), "name")->key_span.start, 3);
}

static void multibyte_offsets(void **state)
{
	fixture *f = *state;
	/* "é" is 2 bytes, "€" 3 and "😀" 4: columns count characters, offsets bytes. */
	const char *text = "d: \"é€😀\"\nname: x\n";
	const jh_node *d;
	const jh_node *name;

	assert_int_equal(load(f, text), 0);
	d = jh_map_get(root(f, 0), "d");
	assert_int_equal(d->span.start, 3);
	assert_int_equal(d->span.end, 3 + 1 + 2 + 3 + 4 + 1);
	name = jh_map_get(root(f, 0), "name");
	assert_int_equal(name->span.start, 21);
	assert_int_equal(name->span.end, 22);
	assert_memory_equal(text + name->span.start, "x", 1);

	assert_int_equal(load(f, "k: é€ v\n"), 0);
	assert_int_equal(jh_map_get(root(f, 0), "k")->span.end, 3 + 2 + 3 + 2);
}

static void name_spans(void **state)
{
	fixture *f = *state;
	static const struct {
		const char *text;
		const char *value;  /* the exact bytes of the span */
		jh_style style;
	} cases[] = {
		{ "metadata:\n  name: job-a\n", "job-a", JH_STYLE_PLAIN },
		{ "metadata:\n  name: 'job-a'\n", "'job-a'", JH_STYLE_SINGLE_QUOTED },
		{ "metadata:\n  name: \"job-a\"  # c\n", "\"job-a\"", JH_STYLE_DOUBLE_QUOTED },
		{ "metadata: {name: job-a, x: 1}\n", "job-a", JH_STYLE_PLAIN },
		{ "{metadata: {name: \"job-a\"}}\n", "\"job-a\"", JH_STYLE_DOUBLE_QUOTED },
	};
	fixture *g = f;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const jh_node *name;

		assert_int_equal(load(g, cases[i].text), 0);
		name = jh_map_get(jh_map_get(root(g, 0), "metadata"), "name");
		assert_string_node(name, "job-a");
		assert_int_equal(name->style, cases[i].style);
		assert_int_equal(name->span.end - name->span.start, strlen(cases[i].value));
		assert_memory_equal(cases[i].text + name->span.start, cases[i].value,
				    strlen(cases[i].value));
	}

	assert_int_equal(load(f, "metadata: {name: x}\n"), 0);
	assert_int_equal(jh_map_get(root(f, 0), "metadata")->style, JH_STYLE_FLOW);
	assert_int_equal(jh_map_get(root(f, 0), "metadata")->span.start, 10);
	assert_int_equal(jh_map_get(root(f, 0), "metadata")->span.end, 19);
}

static void separators(void **state)
{
	fixture *f = *state;
	const char *text = "---\n---\na: 1\n--- # second\n\n# only a comment\n---  \nb: 2\n---\n";

	assert_int_equal(load(f, text), 0);
	assert_int_equal(f->file->document_count, 3);
	assert_int_node(jh_map_get(root(f, 0), "a"), 1);
	assert_null(root(f, 1));
	assert_int_node(jh_map_get(root(f, 2), "b"), 2);
	assert_int_equal(f->file->documents[0].span.line, 3);
	assert_int_equal(f->file->documents[0].span.start, 8);
	assert_int_equal(f->file->documents[0].span.end, 13);
	assert_int_equal(f->file->documents[2].span.line, 8);
	assert_int_equal(jh_map_get_pair(root(f, 2), "b")->key_span.line, 8);
	assert_int_equal(f->diagnostics.count, 0);
}

static void bad_separators(void **state)
{
	fixture *f = *state;
	static const char *const texts[] = {
		"a: 1\n--- {a: 1}\n",
		"a: 1\n--- |\n  x\n",
		"a: 1\n----\n",
		"a: 1\n---foo\n",
	};

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		assert_int_equal(load(f, texts[i]), JH_EINVALID);
		assert_int_equal(f->err.line, 2);
		assert_int_equal(f->err.column, 1);
		assert_non_null(strstr(f->err.message, "invalid document separator"));
	}
	assert_string_equal(f->err.message,
			    "invalid document separator \"---foo\": only a comment may follow '---'");
}

static void document_end_marker(void **state)
{
	fixture *f = *state;
	const char *text = "a: 1\n...\nb: 2\n---\nc: 3\n";

	assert_int_equal(load(f, text), 0);
	assert_int_equal(f->file->document_count, 2);
	assert_int_equal(root(f, 0)->as.map.count, 1);
	assert_int_node(jh_map_get(root(f, 0), "a"), 1);
	assert_int_node(jh_map_get(root(f, 1), "c"), 3);
	assert_int_equal(f->diagnostics.count, 1);
	assert_string_equal(f->diagnostics.items[0].message,
			    "content after '...' is ignored, as kubectl ignores it");
	assert_int_equal(f->diagnostics.items[0].line, 3);
	assert_int_equal(f->diagnostics.items[0].column, 1);

	/* Comments after "..." are fine. */
	assert_int_equal(load(f, "a: 1\n...\n# done\n"), 0);
	assert_int_equal(f->diagnostics.count, 0);

	f->options.strict = true;
	assert_int_equal(load(f, text), JH_EINVALID);
	assert_error(f, JH_EINVALID, 3, 1, "content after '...' is ignored, as kubectl ignores it");
}

static void empty_documents(void **state)
{
	fixture *f = *state;

	assert_int_equal(load(f, ""), 0);
	assert_int_equal(f->file->document_count, 0);

	assert_int_equal(load(f, "# just a comment\n\n"), 0);
	assert_int_equal(f->file->document_count, 1);
	assert_null(root(f, 0));

	assert_int_equal(load(f, "~\n---\nnull\n---\n"), 0);
	assert_int_equal(f->file->document_count, 2);
	assert_null(root(f, 0));
	assert_null(root(f, 1));
}

static void directives_rejected(void **state)
{
	fixture *f = *state;

	assert_int_equal(load(f, "# c\n%YAML 1.1\n---\na: 1\n"), JH_ESYNTAX);
	assert_error(f, JH_ESYNTAX, 2, 1,
		     "YAML directives are not supported, as kubectl does not support them");
}

static void anchors_and_aliases(void **state)
{
	fixture *f = *state;
	const char *text = "a: &x 1\nb: *x\nc: &x [2]\nd: *x\ne: &m {k: v}\nf: *e\n";
	const char *redefined = "a: &x 1\nb: *x\nc: &x [2]\nd: *x\ne: &m {k: v}\nf: *m\n";
	const jh_node *map;

	assert_int_equal(load(f, text), JH_EINVALID);
	assert_error(f, JH_EINVALID, 6, 4, "unknown anchor referenced by this alias");

	assert_int_equal(load(f, redefined), 0);
	map = root(f, 0);
	assert_int_node(jh_map_get(map, "b"), 1);
	assert_int_equal(jh_map_get(map, "d")->kind, JH_SEQ);
	assert_ptr_equal(jh_map_get(map, "d"), jh_map_get(map, "c"));
	assert_ptr_equal(jh_map_get(map, "f"), jh_map_get(map, "e"));
	assert_int_equal(jh_map_get_pair(map, "f")->via, JH_VIA_ALIAS);
	assert_int_equal(jh_map_get_pair(map, "e")->via, 0);
	assert_true(jh_map_get(map, "e")->flags & JH_NODE_ANCHORED);
	assert_int_equal(jh_map_get(map, "a")->span.start, 3);

	assert_int_equal(load(f, "a: &x [1, *x]\n"), JH_EINVALID);
	assert_error(f, JH_EINVALID, 1, 11, "alias refers to the collection that contains it");
}

static void merge_keys(void **state)
{
	fixture *f = *state;
	const char *text =
		"base: &b {x: 1, p: 2}\n"
		"other: &o {p: 20, z: 30}\n"
		"m:\n"
		"  x: 0\n"
		"  <<: [*b, *o]\n"
		"  z: 3\n"
		"quoted:\n"
		"  \"<<\": 1\n";
	const jh_node *m;

	assert_int_equal(load(f, text), 0);
	m = jh_map_get(root(f, 0), "m");
	assert_int_equal(m->as.map.count, 3);
	assert_string_equal(m->as.map.pairs[0].key, "x");
	assert_int_node(m->as.map.pairs[0].value, 1);
	assert_int_equal(m->as.map.pairs[0].via, JH_VIA_MERGE);
	assert_string_equal(m->as.map.pairs[1].key, "p");
	assert_int_node(m->as.map.pairs[1].value, 2);
	assert_string_equal(m->as.map.pairs[2].key, "z");
	assert_int_node(m->as.map.pairs[2].value, 3);
	assert_int_equal(m->as.map.pairs[2].via, 0);
	assert_int_equal(m->as.map.pairs[2].key_span.line, 6);
	/* Every write counts, the overwritten ones too: x, 2 times 2 merged, z. */
	assert_int_equal(m->weight, 1 + 2 + 4 + 4 + 2);
	assert_int_node(jh_map_get(jh_map_get(root(f, 0), "quoted"), "<<"), 1);
	assert_int_equal(f->diagnostics.count, 0);

	assert_int_equal(load(f, "m:\n  <<: !!merge 1\n"), JH_EINVALID);
	assert_error(f, JH_EINVALID, 2, 3, "merge key '<<' needs a mapping or a list of mappings");

	assert_int_equal(load(f, "m:\n  !!merge <<: {a: 1}\n  b: 2\n"), 0);
	assert_int_node(jh_map_get(jh_map_get(root(f, 0), "m"), "a"), 1);
}

static void duplicate_keys(void **state)
{
	fixture *f = *state;
	const char *text = "a: 1\nb: 2\nyes: 3\na: 4\ntrue: 5\n";
	const jh_node *map;

	assert_int_equal(load(f, text), 0);
	map = root(f, 0);
	assert_int_equal(map->as.map.count, 3);
	assert_string_equal(map->as.map.pairs[0].key, "a");
	assert_int_node(map->as.map.pairs[0].value, 4);
	assert_int_equal(map->as.map.pairs[0].key_span.line, 4);
	assert_string_equal(map->as.map.pairs[2].key, "true");
	assert_int_node(map->as.map.pairs[2].value, 5);

	assert_int_equal(f->diagnostics.count, 2);
	assert_string_equal(f->diagnostics.items[0].message,
			    "duplicate key \"a\" (first at line 1); the later value is used, as kubectl uses it");
	assert_int_equal(f->diagnostics.items[0].line, 4);
	assert_int_equal(f->diagnostics.items[0].column, 1);
	assert_string_equal(f->diagnostics.items[1].message,
			    "duplicate key \"true\" (first at line 3); the later value is used, as kubectl uses it");
	assert_int_equal(f->diagnostics.items[1].line, 5);

	assert_int_equal(load(f, "a: 1\n'a': 2\n"), 0);
	assert_int_equal(f->diagnostics.count, 1);

	f->options.strict = true;
	assert_int_equal(load(f, text), JH_EINVALID);
	assert_error(f, JH_EINVALID, 4, 1,
		     "duplicate key \"a\" (first at line 1); the later value is used, as kubectl uses it");
}

static void key_conflicts(void **state)
{
	fixture *f = *state;

	assert_int_equal(load(f, "1: a\n\"1\": b\n"), JH_EINVALID);
	assert_error(f, JH_EINVALID, 2, 1,
		     "keys 1 (integer, line 1) and \"1\" (string, line 2) both become \"1\"; "
		     "Kubernetes would keep one of them at random");

	assert_int_equal(load(f, "on: a\n'true': b\n"), JH_EINVALID);
	assert_int_equal(f->err.line, 2);

	assert_int_equal(load(f, "1.0: a\n1: b\n"), JH_EINVALID);
}

static void key_strings(void **state)
{
	fixture *f = *state;
	const jh_node *map;

	assert_int_equal(load(f, "0x10: a\n1.0: b\n1000000.0: c\nno: d\n0.1: e\n"), 0);
	map = root(f, 0);
	assert_string_equal(map->as.map.pairs[0].key, "16");
	assert_string_equal(map->as.map.pairs[1].key, "1");
	assert_string_equal(map->as.map.pairs[2].key, "1e+06");
	assert_string_equal(map->as.map.pairs[3].key, "false");
	assert_string_equal(map->as.map.pairs[4].key, "0.1");

	assert_int_equal(load(f, "~: a\n"), JH_ESYNTAX);
	assert_error(f, JH_ESYNTAX, 1, 1, "not valid YAML for Kubernetes: a mapping key is null");

	assert_int_equal(load(f, "? [a]\n: b\n"), JH_ESYNTAX);
	assert_error(f, JH_ESYNTAX, 1, 3, "not valid YAML for Kubernetes: a sequence cannot be a mapping key");
}

static void helm_template(void **state)
{
	fixture *f = *state;
	const char *text =
		"apiVersion: batch/v1\n"
		"kind: Job\n"
		"metadata:\n"
		"  name: {{ .Values.name }}\n";

	assert_int_equal(load(f, text), JH_ESYNTAX);
	assert_error(f, JH_ESYNTAX, 4, 10,
		     "not valid YAML for Kubernetes: a mapping cannot be a mapping key");
}

static void nonfinite_rejected(void **state)
{
	fixture *f = *state;

	assert_int_equal(load(f, "a:\n  - 1\n  - -.Inf\n"), JH_EINVALID);
	assert_error(f, JH_EINVALID, 3, 5, "infinity and NaN are not allowed: Kubernetes rejects them");

	assert_int_equal(load(f, ".nan: 1\n"), JH_EINVALID);
	assert_int_equal(f->err.line, 1);

	assert_int_equal(load(f, "a: !!float .inf\n"), JH_EINVALID);
	assert_int_equal(load(f, "a: '.inf'\n"), 0);
	assert_string_node(jh_map_get(root(f, 0), "a"), ".inf");
}

static void invalid_utf8(void **state)
{
	fixture *f = *state;
	const char text[] = "a: b\nc: d\xc3\xa9\xff\n";

	assert_int_equal(load_bytes(f, text, sizeof(text) - 1), JH_EINVALID);
	assert_error(f, JH_EINVALID, 2, 6, "invalid UTF-8 byte 0xff");

	assert_int_equal(load_bytes(f, "\xff\xfe" "a\0", 4), JH_EINVALID);
	assert_string_equal(f->err.message,
			    "file starts with a UTF-16 byte-order mark; only UTF-8 is supported");

	assert_int_equal(load_bytes(f, "a: \xed\xa0\x80\n", 7), JH_EINVALID);
	assert_int_equal(f->err.column, 4);

	assert_int_equal(load(f, "a: b\x01\n"), JH_ESYNTAX);
	assert_int_equal(f->err.line, 1);
	assert_int_equal(f->err.column, 5);
}

static double seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static void billion_laughs(void **state)
{
	fixture *f = *state;
	const char *text =
		"a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
		"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
		"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
		"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
		"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
		"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
		"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
		"h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
		"i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
	struct timespec start;

	clock_gettime(CLOCK_MONOTONIC, &start);
	assert_int_equal(load(f, text), JH_EINVALID);
	assert_true(seconds_since(&start) < 0.5);
	assert_string_equal(f->err.message, "document expands to more than 4194304 nodes through aliases");
	/* Line 7: the eighth *f brings g past the budget. */
	assert_int_equal(f->err.line, 7);
	assert_int_equal(f->err.column, 29);

	f->options.max_nodes = 100;
	assert_int_equal(load(f, "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nb: [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"),
			 JH_EINVALID);
	assert_string_equal(f->err.message, "document expands to more than 100 nodes through aliases");
}

static void deep_nesting(void **state)
{
	fixture *f = *state;
	size_t n = 100000;
	char *text = malloc(n + 2);
	struct timespec start;

	assert_non_null(text);
	memset(text, '[', n);
	text[n] = '\n';
	text[n + 1] = '\0';

	clock_gettime(CLOCK_MONOTONIC, &start);
	assert_int_equal(load(f, text), JH_EINVALID);
	assert_true(seconds_since(&start) < 0.5);
	assert_string_equal(f->err.message, "nesting is deeper than 512 levels");
	assert_int_equal(f->err.line, 1);
	assert_int_equal(f->err.column, 513);
	free(text);
}

static void size_limit(void **state)
{
	fixture *f = *state;

	f->options.max_file_size = 8;
	assert_int_equal(load(f, "a: 123456\n"), JH_EINVALID);
	assert_string_equal(f->err.message,
			    "file is 10 bytes, more than the limit of 8 bytes (--max-file-size)");
	assert_int_equal(load(f, "a: 1234\n"), 0);
}

static void block_scalar_at_eof(void **state)
{
	fixture *f = *state;
	const char *text = "a: |\n  x";

	assert_int_equal(load(f, text), 0);
	assert_string_node(jh_map_get(root(f, 0), "a"), "x\n");
	assert_int_equal(jh_map_get(root(f, 0), "a")->span.end, strlen(text));
	assert_int_equal(f->file->documents[0].span.end, strlen(text));

	assert_int_equal(load(f, "a: b"), 0);
	assert_string_node(jh_map_get(root(f, 0), "a"), "b");
}

static void tags(void **state)
{
	fixture *f = *state;
	const char *text =
		"a: !!str 12\n"
		"b: !!int \"12\"\n"
		"c: !!float 1\n"
		"d: ! yes\n"
		"e: !custom 12\n"
		"f: !!binary aGVsbG8=\n"
		"g: !!bool yes\n"
		"h: !!timestamp 2024-01-02\n"
		"i: &n !!null ~\n";
	const jh_node *map;

	assert_int_equal(load(f, text), 0);
	map = root(f, 0);
	assert_string_node(jh_map_get(map, "a"), "12");
	assert_true(jh_map_get(map, "a")->flags & JH_NODE_TAGGED);
	assert_int_equal(jh_map_get(map, "a")->span.start, 3);
	assert_int_node(jh_map_get(map, "b"), 12);
	assert_int_equal(jh_map_get(map, "c")->kind, JH_FLOAT);
	assert_true(jh_map_get(map, "c")->as.number == 1.0);
	assert_string_node(jh_map_get(map, "d"), "yes");
	assert_string_node(jh_map_get(map, "e"), "12");
	assert_string_node(jh_map_get(map, "f"), "hello");
	assert_int_equal(jh_map_get(map, "g")->kind, JH_BOOL);
	assert_string_node(jh_map_get(map, "h"), "2024-01-02");
	assert_int_equal(jh_map_get(map, "i")->kind, JH_NULL);
	assert_int_equal(jh_map_get(map, "i")->flags, JH_NODE_TAGGED | JH_NODE_ANCHORED);

	assert_int_equal(load(f, "a: !!int abc\n"), JH_EINVALID);
	assert_error(f, JH_EINVALID, 1, 4, "cannot read !!int value \"abc\": the text is a string");

	assert_int_equal(load(f, "a: !!binary '#'\n"), JH_EINVALID);
	assert_string_equal(f->err.message, "invalid base64 in !!binary value");

	assert_int_equal(load(f, "a: !!binary /w==\n"), JH_EINVALID);
	assert_string_equal(f->err.message,
			    "!!binary value is not UTF-8 text, which the hash cannot represent");
}

static void syntax_error_located(void **state)
{
	fixture *f = *state;

	assert_int_equal(load(f, "a: 1\n---\nb: 1\n c: 2\n"), JH_ESYNTAX);
	assert_error(f, JH_ESYNTAX, 4, 3,
		     "mapping values are not allowed in this context");

	assert_int_equal(load(f, "a:\n  b: 1\n c\n"), JH_ESYNTAX);
	assert_error(f, JH_ESYNTAX, 3, 2,
		     "did not find expected key while parsing a block mapping");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(crlf_file, setup, teardown),
		cmocka_unit_test_setup_teardown(bom_shifts_spans, setup, teardown),
		cmocka_unit_test_setup_teardown(multibyte_offsets, setup, teardown),
		cmocka_unit_test_setup_teardown(name_spans, setup, teardown),
		cmocka_unit_test_setup_teardown(separators, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_separators, setup, teardown),
		cmocka_unit_test_setup_teardown(document_end_marker, setup, teardown),
		cmocka_unit_test_setup_teardown(empty_documents, setup, teardown),
		cmocka_unit_test_setup_teardown(directives_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(anchors_and_aliases, setup, teardown),
		cmocka_unit_test_setup_teardown(merge_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(duplicate_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(key_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(key_strings, setup, teardown),
		cmocka_unit_test_setup_teardown(helm_template, setup, teardown),
		cmocka_unit_test_setup_teardown(nonfinite_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(invalid_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(billion_laughs, setup, teardown),
		cmocka_unit_test_setup_teardown(deep_nesting, setup, teardown),
		cmocka_unit_test_setup_teardown(size_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(block_scalar_at_eof, setup, teardown),
		cmocka_unit_test_setup_teardown(tags, setup, teardown),
		cmocka_unit_test_setup_teardown(syntax_error_located, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
