#include "support.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "jobhash/arena.h"
#include "jobhash/canon.h"
#include "jobhash/digest.h"
#include "jobhash/hash.h"

/*
 * The vectors in testdata/hash/ come from tests/tools/canon_reference.py,
 * which implements the same rules in Python. Each NAME.json is a whole Job.
 * NAME.canon contains the canonical JSON of its hash input and NAME.sha256 the
 * hash and a newline.
 */
static const char *const vector_names[] = {
	"minimal", "reordered", "numbers", "scalars", "unicode", "empty-values",
	"no-spec",
};

/* A small JSON reader that builds nodes the way the loader does */

typedef struct json_reader {
	const char *p;
	const char *end;
	jh_arena *arena;
} json_reader;

static jh_node *read_value(json_reader *r);

static jh_node *new_node(jh_arena *arena, jh_kind kind)
{
	jh_node *node = jh_arena_calloc(arena, 1, sizeof(*node));

	assert_non_null(node);
	node->kind = kind;
	node->style = JH_STYLE_JSON;
	node->weight = 1;
	return node;
}

static void skip_space(json_reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' ||
				 *r->p == '\r' || *r->p == '\t'))
		r->p++;
}

static void expect(json_reader *r, char c)
{
	skip_space(r);
	assert_true(r->p < r->end);
	assert_int_equal(*r->p, c);
	r->p++;
}

static unsigned read_hex4(json_reader *r)
{
	char text[5];

	assert_true(r->end - r->p >= 4);
	memcpy(text, r->p, 4);
	text[4] = '\0';
	r->p += 4;
	return (unsigned)strtoul(text, NULL, 16);
}

static void put_utf8(jh_buf *out, unsigned long cp)
{
	char bytes[4];
	size_t len;

	if (cp < 0x80) {
		bytes[0] = (char)cp;
		len = 1;
	} else if (cp < 0x800) {
		bytes[0] = (char)(0xc0 | (cp >> 6));
		bytes[1] = (char)(0x80 | (cp & 0x3f));
		len = 2;
	} else if (cp < 0x10000) {
		bytes[0] = (char)(0xe0 | (cp >> 12));
		bytes[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		bytes[2] = (char)(0x80 | (cp & 0x3f));
		len = 3;
	} else {
		bytes[0] = (char)(0xf0 | (cp >> 18));
		bytes[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		bytes[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		bytes[3] = (char)(0x80 | (cp & 0x3f));
		len = 4;
	}
	assert_int_equal(jh_buf_put(out, bytes, len), JH_OK);
}

/* Reads a string literal into the arena; stores its length in *LEN. */
static char *read_string(json_reader *r, size_t *len)
{
	jh_buf text = JH_BUF_INIT;
	char *copy;

	expect(r, '"');
	while (r->p < r->end && *r->p != '"') {
		char c = *r->p++;
		unsigned long cp;

		if (c != '\\') {
			assert_int_equal(jh_buf_putc(&text, c), JH_OK);
			continue;
		}
		assert_true(r->p < r->end);
		c = *r->p++;
		switch (c) {
		case 'b': c = '\b'; break;
		case 't': c = '\t'; break;
		case 'n': c = '\n'; break;
		case 'f': c = '\f'; break;
		case 'r': c = '\r'; break;
		case 'u':
			cp = read_hex4(r);
			if (cp >= 0xd800 && cp <= 0xdbff) {
				assert_true(r->end - r->p >= 6);
				assert_memory_equal(r->p, "\\u", 2);
				r->p += 2;
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				     (read_hex4(r) - 0xdc00);
			}
			put_utf8(&text, cp);
			continue;
		}
		assert_int_equal(jh_buf_putc(&text, c), JH_OK);
	}
	expect(r, '"');

	*len = text.len;
	copy = jh_arena_strndup(r->arena, text.data != NULL ? text.data : "",
				text.len);
	assert_non_null(copy);
	jh_buf_free(&text);
	return copy;
}

/* An integer within 64 bits is JH_INT; anything else is a double. */
static jh_node *read_number(json_reader *r)
{
	const char *start = r->p;
	bool integral = true;
	char text[64];
	jh_node *node;

	while (r->p < r->end && strchr("+-0123456789.eE", *r->p) != NULL) {
		if (strchr(".eE", *r->p) != NULL)
			integral = false;
		r->p++;
	}
	assert_true(r->p > start && (size_t)(r->p - start) < sizeof(text));
	memcpy(text, start, (size_t)(r->p - start));
	text[r->p - start] = '\0';

	if (integral) {
		long long value;

		errno = 0;
		value = strtoll(text, NULL, 10);
		if (errno == 0) {
			node = new_node(r->arena, JH_INT);
			node->as.integer = value;
			return node;
		}
	}
	node = new_node(r->arena, JH_FLOAT);
	node->as.number = strtod(text, NULL);
	return node;
}

static jh_node *read_seq(json_reader *r)
{
	jh_node *node = new_node(r->arena, JH_SEQ);
	jh_node *items[64];
	size_t count = 0;

	expect(r, '[');
	skip_space(r);
	if (*r->p != ']') {
		do {
			assert_true(count < 64);
			items[count++] = read_value(r);
			skip_space(r);
		} while (*r->p == ',' && r->p++ != NULL);
	}
	expect(r, ']');

	node->as.seq.items = jh_arena_calloc(r->arena, count, sizeof(jh_node *));
	memcpy(node->as.seq.items, items, count * sizeof(jh_node *));
	node->as.seq.count = count;
	return node;
}

static jh_node *read_map(json_reader *r)
{
	jh_node *node = new_node(r->arena, JH_MAP);
	jh_pair pairs[64];
	size_t count = 0;

	expect(r, '{');
	skip_space(r);
	if (*r->p != '}') {
		do {
			assert_true(count < 64);
			memset(&pairs[count], 0, sizeof(pairs[count]));
			pairs[count].key = read_string(r, &pairs[count].key_len);
			expect(r, ':');
			pairs[count].value = read_value(r);
			count++;
			skip_space(r);
		} while (*r->p == ',' && r->p++ != NULL);
	}
	expect(r, '}');

	node->as.map.pairs = jh_arena_calloc(r->arena, count, sizeof(jh_pair));
	memcpy(node->as.map.pairs, pairs, count * sizeof(jh_pair));
	node->as.map.count = count;
	return node;
}

static jh_node *read_literal(json_reader *r, const char *word, jh_node *node)
{
	size_t len = strlen(word);

	assert_true((size_t)(r->end - r->p) >= len);
	assert_memory_equal(r->p, word, len);
	r->p += len;
	return node;
}

static jh_node *read_value(json_reader *r)
{
	jh_node *node;

	skip_space(r);
	assert_true(r->p < r->end);
	switch (*r->p) {
	case '{':
		return read_map(r);
	case '[':
		return read_seq(r);
	case '"':
		node = new_node(r->arena, JH_STRING);
		node->as.string.bytes = read_string(r, &node->as.string.len);
		return node;
	case 't':
		node = new_node(r->arena, JH_BOOL);
		node->as.boolean = true;
		return read_literal(r, "true", node);
	case 'f':
		return read_literal(r, "false", new_node(r->arena, JH_BOOL));
	case 'n':
		return read_literal(r, "null", new_node(r->arena, JH_NULL));
	}
	return read_number(r);
}

/* Test data */

/* Reads testdata/hash/NAME.EXTENSION, found beside this source file. */
static void read_vector_file(jh_buf *out, const char *name, const char *extension)
{
	const char *source = __FILE__;
	const char *unit_dir = strstr(source, "tests/unit/");
	char path[1024];
	char chunk[4096];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%.*stestdata/hash/%s.%s",
		 (int)(unit_dir - source), source, name, extension);
	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		assert_int_equal(jh_buf_put(out, chunk, n), JH_OK);
	fclose(f);
}

static jh_node *parse_json(jh_arena *arena, const jh_buf *text)
{
	json_reader r = { text->data, text->data + text->len, arena };
	jh_node *node = read_value(&r);

	skip_space(&r);
	assert_ptr_equal(r.p, r.end);
	return node;
}

static jh_node *load_vector(jh_arena *arena, const char *name)
{
	jh_buf text = JH_BUF_INIT;
	jh_node *job;

	read_vector_file(&text, name, "json");
	job = parse_json(arena, &text);
	jh_buf_free(&text);
	return job;
}

static jh_node *parse_text(jh_arena *arena, const char *json)
{
	jh_buf text = JH_BUF_INIT;
	jh_node *node;

	assert_int_equal(jh_buf_puts(&text, json), JH_OK);
	node = parse_json(arena, &text);
	jh_buf_free(&text);
	return node;
}

typedef struct fixture {
	jh_arena *arena;
	jh_digest *digest;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	jh_error err;

	if (f == NULL)
		return -1;
	f->arena = jh_arena_new();
	if (f->arena == NULL || jh_digest_new(&f->digest, &err) != JH_OK)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	jh_digest_free(f->digest);
	jh_arena_free(f->arena);
	free(f);
	return 0;
}

static void hash_of(fixture *f, const jh_node *job, char out[JH_HASH_HEX_SIZE])
{
	jh_error err;

	jh_error_clear(&err);
	assert_int_equal(jh_hash_job(out, f->digest, job, f->arena, &err), JH_OK);
	assert_int_equal(strlen(out), 64);
}

/* Hash input */

static const char *const immutable_fields[] = {
	"template", "selector", "completions", "completionMode",
	"podFailurePolicy", "backoffLimitPerIndex", "successPolicy", "managedBy",
};

static void hash_input_fields(void **state)
{
	fixture *f = *state;
	jh_node *job = parse_text(f->arena,
		"{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\","
		"\"metadata\":{\"name\":\"j\",\"labels\":{\"a\":\"b\"}},"
		"\"spec\":{\"parallelism\":2,\"template\":{\"spec\":{}},"
		"\"backoffLimit\":3,\"selector\":{\"matchLabels\":{\"a\":\"b\"}},"
		"\"activeDeadlineSeconds\":60,\"completions\":5,"
		"\"ttlSecondsAfterFinished\":100,\"completionMode\":\"Indexed\","
		"\"suspend\":true,\"podFailurePolicy\":{\"rules\":[]},"
		"\"maxFailedIndexes\":1,\"backoffLimitPerIndex\":1,"
		"\"podReplacementPolicy\":\"Failed\",\"successPolicy\":{\"rules\":[]},"
		"\"manualSelector\":true,\"managedBy\":\"kueue.x-k8s.io/multikueue\"}}");
	const jh_node *spec = jh_map_get(job, "spec");
	jh_node *input = NULL;
	jh_error err;

	jh_error_clear(&err);
	assert_int_equal(jh_hash_input(&input, f->arena, job, &err), JH_OK);
	assert_non_null(input);
	assert_int_equal(input->kind, JH_MAP);
	assert_int_equal(input->style, JH_STYLE_SYNTHETIC);
	assert_int_equal(input->as.map.count, 8);

	/* Spec order is kept; values are the Job's own nodes. */
	for (size_t i = 0; i < 8; i++) {
		const jh_pair *pair = &input->as.map.pairs[i];

		assert_non_null(jh_map_get(input, immutable_fields[i]));
		assert_ptr_equal(jh_map_get(input, immutable_fields[i]),
				 jh_map_get(spec, immutable_fields[i]));
		assert_ptr_equal(pair->value, jh_map_get(spec, pair->key));
	}
	assert_string_equal(input->as.map.pairs[0].key, "template");
	assert_string_equal(input->as.map.pairs[7].key, "managedBy");
	assert_null(jh_map_get(input, "parallelism"));
	assert_null(jh_map_get(input, "suspend"));
	assert_null(jh_map_get(input, "metadata"));
}

static void hash_input_nulls(void **state)
{
	fixture *f = *state;
	jh_node *job = parse_text(f->arena,
		"{\"spec\":{\"template\":{\"spec\":null},\"selector\":null,"
		"\"managedBy\":null,\"completions\":0}}");
	jh_node *input = NULL;
	jh_error err;

	jh_error_clear(&err);
	assert_int_equal(jh_hash_input(&input, f->arena, job, &err), JH_OK);
	assert_int_equal(input->as.map.count, 2);
	assert_string_equal(input->as.map.pairs[0].key, "template");
	assert_string_equal(input->as.map.pairs[1].key, "completions");
}

static void hash_input_no_spec(void **state)
{
	static const char *const jobs[] = {
		"{\"kind\":\"Job\"}",
		"{\"kind\":\"Job\",\"spec\":null}",
		"{\"kind\":\"Job\",\"spec\":[1]}",
		"{\"kind\":\"Job\",\"spec\":\"template\"}",
		"{\"kind\":\"Job\",\"spec\":{\"parallelism\":1}}",
		"[\"spec\"]",
	};
	fixture *f = *state;

	for (size_t i = 0; i < sizeof(jobs) / sizeof(jobs[0]); i++) {
		jh_node *input = NULL;
		jh_buf canon = JH_BUF_INIT;
		char hash[JH_HASH_HEX_SIZE];
		jh_error err;

		jh_error_clear(&err);
		assert_int_equal(jh_hash_input(&input, f->arena,
					       parse_text(f->arena, jobs[i]), &err),
				 JH_OK);
		assert_int_equal(input->kind, JH_MAP);
		assert_int_equal(input->as.map.count, 0);
		assert_int_equal(jh_canon_to_buf(&canon, input, &err), JH_OK);
		assert_string_equal(canon.data, "{}");
		jh_buf_free(&canon);

		/* SHA-256 of "jobhash-v1\n{}" */
		hash_of(f, parse_text(f->arena, jobs[i]), hash);
		assert_string_equal(hash, "633a9057a17358a1c66b2fc14e3b5476d13f275a9f48e105e325526c3d7fa6f1");
	}
}

/* Known answers */

static void hash_vectors(void **state)
{
	fixture *f = *state;

	for (size_t i = 0; i < sizeof(vector_names) / sizeof(vector_names[0]); i++) {
		jh_node *job = load_vector(f->arena, vector_names[i]);
		jh_buf expected_canon = JH_BUF_INIT;
		jh_buf expected_hash = JH_BUF_INIT;
		jh_buf canon = JH_BUF_INIT;
		jh_node *input = NULL;
		char hash[JH_HASH_HEX_SIZE];
		jh_error err;

		read_vector_file(&expected_canon, vector_names[i], "canon");
		read_vector_file(&expected_hash, vector_names[i], "sha256");
		assert_int_equal(expected_hash.len, 65);
		assert_int_equal(expected_hash.data[64], '\n');
		expected_hash.data[64] = '\0';

		jh_error_clear(&err);
		assert_int_equal(jh_hash_input(&input, f->arena, job, &err), JH_OK);
		assert_int_equal(jh_canon_to_buf(&canon, input, &err), JH_OK);
		if (canon.len != expected_canon.len ||
		    memcmp(canon.data, expected_canon.data, canon.len) != 0)
			fail_msg("%s: canonical JSON differs:\n got %s\nwant %s",
				 vector_names[i], canon.data, expected_canon.data);

		hash_of(f, job, hash);
		assert_string_equal(hash, expected_hash.data);

		jh_buf_free(&canon);
		jh_buf_free(&expected_canon);
		jh_buf_free(&expected_hash);
	}
}

static void hash_key_order(void **state)
{
	fixture *f = *state;
	char minimal[JH_HASH_HEX_SIZE];
	char reordered[JH_HASH_HEX_SIZE];

	hash_of(f, load_vector(f->arena, "minimal"), minimal);
	hash_of(f, load_vector(f->arena, "reordered"), reordered);
	assert_string_equal(minimal, reordered);
	assert_string_equal(minimal, "6a5621d36a5ec79e712bdeb76a3feb983c6e6c47bfc630f2d63b9cce6b79c497");
}

static void hash_changes_with_value(void **state)
{
	fixture *f = *state;
	char one[JH_HASH_HEX_SIZE];
	char one_float[JH_HASH_HEX_SIZE];
	char two[JH_HASH_HEX_SIZE];
	char quoted[JH_HASH_HEX_SIZE];

	hash_of(f, parse_text(f->arena, "{\"spec\":{\"completions\":1}}"), one);
	hash_of(f, parse_text(f->arena, "{\"spec\":{\"completions\":1.0}}"), one_float);
	hash_of(f, parse_text(f->arena, "{\"spec\":{\"completions\":2}}"), two);
	hash_of(f, parse_text(f->arena, "{\"spec\":{\"completions\":\"1\"}}"), quoted);
	assert_string_equal(one, one_float);
	assert_string_not_equal(one, two);
	assert_string_not_equal(one, quoted);
}

/* Returns the writable node at MAP.FIRST.SECOND, which must exist. */
static jh_node *value_at(const jh_node *map, const char *first,
			 const char *second)
{
	const jh_pair *pair = jh_map_get_pair(map, first);

	assert_non_null(pair);
	pair = jh_map_get_pair(pair->value, second);
	assert_non_null(pair);
	return pair->value;
}

static void hash_invalid_utf8(void **state)
{
	fixture *f = *state;
	jh_node *job = load_vector(f->arena, "minimal");
	jh_node *name = value_at(job, "metadata", "name");
	jh_node *bad = value_at(job, "spec", "template");
	char hash[JH_HASH_HEX_SIZE];
	jh_error err;

	/* Outside the hash input, a bad string does no harm. */
	name->as.string.bytes = "\xff";
	name->as.string.len = 1;
	hash_of(f, job, hash);
	assert_string_equal(hash, "6a5621d36a5ec79e712bdeb76a3feb983c6e6c47bfc630f2d63b9cce6b79c497");

	bad = value_at(bad, "spec", "restartPolicy");
	bad->as.string.bytes = "Nev\xc3";
	bad->as.string.len = 4;

	jh_error_clear(&err);
	assert_int_equal(jh_hash_job(hash, f->digest, job, f->arena, &err),
			 JH_EINVALID);
	assert_string_equal(hash, "");
	assert_string_equal(err.message,
			    "string is not valid UTF-8: byte 0xc3 at offset 3");

	/* The digest drops the partial message and serves the next Job. */
	hash_of(f, load_vector(f->arena, "minimal"), hash);
	assert_string_equal(hash, "6a5621d36a5ec79e712bdeb76a3feb983c6e6c47bfc630f2d63b9cce6b79c497");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(hash_input_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(hash_input_nulls, setup, teardown),
		cmocka_unit_test_setup_teardown(hash_input_no_spec, setup, teardown),
		cmocka_unit_test_setup_teardown(hash_vectors, setup, teardown),
		cmocka_unit_test_setup_teardown(hash_key_order, setup, teardown),
		cmocka_unit_test_setup_teardown(hash_changes_with_value, setup, teardown),
		cmocka_unit_test_setup_teardown(hash_invalid_utf8, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
