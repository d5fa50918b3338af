/* Tests of the rewrite engine against the real loader and hash. */

#include "support.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#include "jobhash/files.h"
#include "jobhash/rewrite.h"
#include "jobhash/yaml.h"

static void init_options(jh_rewrite_options *options)
{
	memset(options, 0, sizeof(*options));
	options->hash_length = 8;
	options->scan.jobs_only = true;
}

/* Rewrites INPUT and returns the output (the caller frees it); stores the return code in *RC. */
static char *rewrite(const char *input, jh_rename_list *renames, int *rc)
{
	jh_rewrite_options options;
	jh_diagnostics diagnostics = { 0 };
	jh_buf out = JH_BUF_INIT;
	jh_error err;

	init_options(&options);
	jh_error_clear(&err);
	*rc = jh_rewrite_text(&out, renames, "input.yaml", input, strlen(input), &options,
			      &diagnostics, &err);
	jh_diagnostics_free(&diagnostics);
	if (out.data == NULL)
		return strdup("");
	return jh_buf_detach(&out);
}

static void check_case(const char *input, const char *expected)
{
	jh_rename_list renames = { 0 };
	jh_rename_list again_renames = { 0 };
	int rc;
	char *output = rewrite(input, &renames, &rc);
	char *again;

	assert_int_equal(rc, JH_OK);
	assert_string_equal(output, expected);

	/* A second run changes nothing. */
	again = rewrite(output, &again_renames, &rc);
	assert_int_equal(rc, JH_OK);
	assert_string_equal(again, output);
	assert_int_equal(again_renames.count, 0);

	free(again);
	free(output);
	jh_rename_list_free(&renames);
	jh_rename_list_free(&again_renames);
}

static void rewrite_plain(void **state)
{
	(void)state;
	check_case("# head\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate   # keep\n"
		   "  namespace: prod\nspec: {}\n",
		   "# head\napiVersion: batch/v1\nkind: Job\nmetadata:\n  labels:\n"
		   "    jobhash.io/hash: \"633a9057\"\n  name: migrate-633a9057   # keep\n"
		   "  namespace: prod\nspec: {}\n");
}

static void rewrite_single_quoted(void **state)
{
	(void)state;
	check_case("apiVersion: batch/v1\nkind: Job\nmetadata:\n  labels:\n    app: x\n"
		   "  name: 'q'\nspec: {}\n",
		   "apiVersion: batch/v1\nkind: Job\nmetadata:\n  labels:\n"
		   "    jobhash.io/hash: \"633a9057\"\n    app: x\n  name: 'q-633a9057'\nspec: {}\n");
}

static void rewrite_flow(void **state)
{
	(void)state;
	check_case("apiVersion: batch/v1\nkind: Job\nmetadata: {name: \"f\", namespace: a}\nspec: {}\n",
		   "apiVersion: batch/v1\nkind: Job\nmetadata: {labels: {jobhash.io/hash: "
		   "\"633a9057\"}, name: \"f-633a9057\", namespace: a}\nspec: {}\n");
}

static void rewrite_json(void **state)
{
	(void)state;
	check_case("{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"j\"},"
		   "\"spec\":{}}\n",
		   "{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"labels\": "
		   "{\"jobhash.io/hash\": \"633a9057\"}, \"name\":\"j-633a9057\"},\"spec\":{}}\n");
}

static void rewrite_crlf(void **state)
{
	(void)state;
	check_case("apiVersion: batch/v1\r\nkind: Job\r\nmetadata:\r\n  name: c\r\nspec: {}\r\n",
		   "apiVersion: batch/v1\r\nkind: Job\r\nmetadata:\r\n  labels:\r\n"
		   "    jobhash.io/hash: \"633a9057\"\r\n  name: c-633a9057\r\nspec: {}\r\n");
}

static void rewrite_bom_indent4(void **state)
{
	(void)state;
	check_case("\xef\xbb\xbf" "apiVersion: batch/v1\nkind: Job\nmetadata:\n    name: \"b\"\nspec: {}\n",
		   "\xef\xbb\xbf" "apiVersion: batch/v1\nkind: Job\nmetadata:\n    labels:\n"
		   "        jobhash.io/hash: \"633a9057\"\n    name: \"b-633a9057\"\nspec: {}\n");
}

static void rewrite_float_name_quoted(void **state)
{
	(void)state;
	check_case("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: 1e\nspec:\n  completions: 39\n",
		   "apiVersion: batch/v1\nkind: Job\nmetadata:\n  labels:\n"
		   "    jobhash.io/hash: \"87320190\"\n  name: \"1e-87320190\"\nspec:\n"
		   "  completions: 39\n");
}

static void rewrite_hashlike_kept(void **state)
{
	(void)state;
	check_case("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: b-0123abcd\nspec: {}\n",
		   "apiVersion: batch/v1\nkind: Job\nmetadata:\n  labels:\n"
		   "    jobhash.io/hash: \"633a9057\"\n  name: b-0123abcd-633a9057\nspec: {}\n");
}

static void rewrite_stale_replaced(void **state)
{
	(void)state;
	/* The label confirms the old suffix, so it is replaced, not stacked. */
	check_case("apiVersion: batch/v1\nkind: Job\nmetadata:\n  labels:\n"
		   "    jobhash.io/hash: \"0123abcd\"\n  name: r-0123abcd\nspec: {}\n",
		   "apiVersion: batch/v1\nkind: Job\nmetadata:\n  labels:\n"
		   "    jobhash.io/hash: \"633a9057\"\n  name: r-633a9057\nspec: {}\n");
}

static void rewrite_skipped_jobs(void **state)
{
	const char *input =
		"apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: hook\n  annotations:\n"
		"    helm.sh/hook: pre-install\n    helm.sh/hook-delete-policy: before-hook-creation\n"
		"spec: {}\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: s\n"
		"  annotations:\n    jobhash.io/skip: \"true\"\nspec: {}\n";

	(void)state;
	check_case(input, input);
}

static void rewrite_length_limits(void **state)
{
	jh_rename_list renames = { 0 };
	int rc;
	char *output = rewrite(
		"apiVersion: batch/v1\nkind: Job\nmetadata:\n"
		"  name: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.c\n"
		"spec:\n  completionMode: Indexed\n  completions: 100\n"
		"---\napiVersion: batch/v1\nkind: Job\nmetadata:\n"
		"  name: ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\nspec: {}\n"
		"---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: "
		"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd\n"
		"spec:\n  manualSelector: true\n",
		&renames, &rc);

	(void)state;
	assert_int_equal(rc, JH_OK);
	assert_int_equal(renames.count, 3);
	/* Indexed, completions 100: 63 - 1 - 2 = 60 characters. */
	assert_string_equal(renames.items[0].new_name,
			    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-30e93cc1");
	assert_int_equal(strlen(renames.items[0].new_name), 60);
	assert_string_equal(renames.items[1].new_name,
			    "cccccccccccccccccccccccccccccccccccccccccccccccccccccc-633a9057");
	assert_int_equal(strlen(renames.items[1].new_name), 63);
	assert_int_equal(strlen(renames.items[2].new_name), 84 + 9);
	assert_int_equal(renames.items[2].line, 18);

	free(output);
	jh_rename_list_free(&renames);
}

static void rewrite_errors_leave_text(void **state)
{
	static const char *const inputs[] = {
		("apiVersion: batch/v1\nkind: Job\nmetadata:\n  annotations:\n    b: &n x\n"
		 "  name: *n\nspec: {}\n"),
		"apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: &n x\nspec: {}\n",
		"apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: nl\n  labels:\nspec: {}\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		jh_rename_list renames = { 0 };
		int rc;
		char *output = rewrite(inputs[i], &renames, &rc);

		assert_int_equal(rc, JH_EINVALID);
		assert_string_equal(output, "");
		assert_int_equal(renames.count, 0);
		free(output);
	}
}

static void name_with_suffix_trims(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(jh_job_name_with_suffix(out, sizeof(out), "abc-.def", "12345678", 13), 0);
	assert_string_equal(out, "abc-12345678");
	assert_int_equal(jh_job_name_with_suffix(out, sizeof(out), "-x", "12345678", 10),
			 JH_EINVALID);
}

/* Every testdata file: a second run is byte-identical to the first. */
static void testdata_idempotent(void **state)
{
	DIR *dir = opendir("testdata/rewrite");
	struct dirent *entry;
	size_t files = 0;

	(void)state;
	assert_non_null(dir);
	while ((entry = readdir(dir)) != NULL) {
		jh_buf path = JH_BUF_INIT;
		jh_buf text = JH_BUF_INIT;
		jh_rename_list renames = { 0 };
		jh_error err;
		int rc;
		char *first;
		char *second;

		if (entry->d_name[0] == '.')
			continue;
		jh_buf_printf(&path, "testdata/rewrite/%s", entry->d_name);
		assert_int_equal(jh_read_file(&text, path.data, 1 << 20, &err), 0);
		first = rewrite(text.data, &renames, &rc);
		if (rc == JH_OK) {
			second = rewrite(first, &renames, &rc);
			assert_int_equal(rc, JH_OK);
			assert_string_equal(second, first);
			free(second);
		}
		files++;
		free(first);
		jh_rename_list_free(&renames);
		jh_buf_free(&text);
		jh_buf_free(&path);
	}
	closedir(dir);
	assert_true(files >= 9);
}


/*
 * Reference-model check. A rewrite may change two things only. The value of
 * metadata.name becomes the new name of a rename that it reports. The hash
 * label is added first to metadata.labels, or its value is updated, or a new
 * labels mapping becomes the first entry of metadata. The tree comparison
 * records each changed region as a byte range in the input and one in the
 * output, so that the byte check can require every other byte to be
 * identical.
 */
typedef struct changed_region {
	size_t in_start, in_end;   /* byte offsets in the input; equal for an insertion */
	size_t out_start, out_end; /* byte offsets in the output */
} changed_region;

typedef struct model_check {
	const jh_rename_list *renames;
	size_t renames_matched;
	changed_region regions[64];
	size_t region_count;
} model_check;

static void add_region(model_check *check, size_t in_start, size_t in_end, size_t out_start,
		       size_t out_end)
{
	assert_true(check->region_count < sizeof(check->regions) / sizeof(check->regions[0]));
	check->regions[check->region_count++] = (changed_region){ in_start, in_end, out_start,
								  out_end };
}

/* Offset of the first entry of a mapping: its first byte in block style, after '{' in flow. */
static size_t map_first_entry(const jh_node *map)
{
	return map->style == JH_STYLE_BLOCK ? map->span.start : map->span.start + 1;
}

/* Output range taken by an entry inserted first into MAP, up to the old first entry. */
static void inserted_range(const jh_node *map, size_t *start, size_t *end)
{
	*start = map_first_entry(map);
	*end = map->as.map.count > 1 ? map->as.map.pairs[1].key_span.start : map->span.end - 1;
}

static void assert_same_tree(const jh_node *in, const jh_node *out);

static void assert_same_map_entries(const jh_node *in, const jh_node *out, size_t out_offset)
{
	assert_int_equal(out->as.map.count, in->as.map.count + out_offset);
	for (size_t i = 0; i < in->as.map.count; i++) {
		assert_string_equal(out->as.map.pairs[i + out_offset].key, in->as.map.pairs[i].key);
		assert_same_tree(in->as.map.pairs[i].value, out->as.map.pairs[i + out_offset].value);
	}
}

static void assert_same_tree(const jh_node *in, const jh_node *out)
{
	assert_int_equal(out->kind, in->kind);
	switch (in->kind) {
	case JH_NULL:
		break;
	case JH_BOOL:
		assert_int_equal(out->as.boolean, in->as.boolean);
		break;
	case JH_INT:
		assert_int_equal(out->as.integer, in->as.integer);
		break;
	case JH_FLOAT:
		assert_true(out->as.number == in->as.number);
		break;
	case JH_STRING:
		assert_int_equal(out->as.string.len, in->as.string.len);
		assert_memory_equal(out->as.string.bytes, in->as.string.bytes, in->as.string.len);
		break;
	case JH_SEQ:
		assert_int_equal(out->as.seq.count, in->as.seq.count);
		for (size_t i = 0; i < in->as.seq.count; i++)
			assert_same_tree(in->as.seq.items[i], out->as.seq.items[i]);
		break;
	case JH_MAP:
		assert_same_map_entries(in, out, 0);
		break;
	}
}

/* The label value must be the suffix that the new name ends with. */
static void assert_label_value(const jh_node *value, const jh_node *name)
{
	size_t name_len;

	assert_int_equal(value->kind, JH_STRING);
	assert_int_equal(value->as.string.len, 8);
	assert_non_null(name);
	name_len = strlen(name->as.string.bytes);
	assert_true(name_len > 9);
	assert_string_equal(name->as.string.bytes + name_len - 8, value->as.string.bytes);
	assert_int_equal(name->as.string.bytes[name_len - 9], '-');
}

static void check_labels(model_check *check, const jh_node *in, const jh_node *out,
			 const jh_node *new_name)
{
	size_t offset = 0;

	assert_int_equal(in->kind, JH_MAP);
	assert_int_equal(out->kind, JH_MAP);
	if (jh_map_get(in, JH_DEFAULT_LABEL_KEY) == NULL && out->as.map.count > 0 &&
	    strcmp(out->as.map.pairs[0].key, JH_DEFAULT_LABEL_KEY) == 0) {
		size_t start, end;

		assert_label_value(out->as.map.pairs[0].value, new_name);
		inserted_range(out, &start, &end);
		add_region(check, map_first_entry(in), map_first_entry(in), start, end);
		offset = 1;
	}

	assert_int_equal(out->as.map.count, in->as.map.count + offset);
	for (size_t i = 0; i < in->as.map.count; i++) {
		const jh_pair *a = &in->as.map.pairs[i];
		const jh_pair *b = &out->as.map.pairs[i + offset];

		assert_string_equal(b->key, a->key);
		if (strcmp(a->key, JH_DEFAULT_LABEL_KEY) == 0 && !jh_node_is_string(
			    b->value, a->value->as.string.bytes)) {
			assert_label_value(b->value, new_name);
			add_region(check, a->value->span.start, a->value->span.end,
				   b->value->span.start, b->value->span.end);
			continue;
		}
		assert_same_tree(a->value, b->value);
	}
}

static void check_name(model_check *check, const jh_node *in, const jh_node *out)
{
	assert_int_equal(in->kind, JH_STRING);
	assert_int_equal(out->kind, JH_STRING);
	if (strcmp(in->as.string.bytes, out->as.string.bytes) == 0)
		return;

	for (size_t i = 0; i < check->renames->count; i++) {
		const jh_rename *r = &check->renames->items[i];

		if (strcmp(r->old_name, in->as.string.bytes) == 0 &&
		    strcmp(r->new_name, out->as.string.bytes) == 0) {
			check->renames_matched++;
			add_region(check, in->span.start, in->span.end, out->span.start,
				   out->span.end);
			return;
		}
	}
	fail_msg("name '%s' became '%s' without a reported rename", in->as.string.bytes,
		 out->as.string.bytes);
}

static void check_metadata(model_check *check, const jh_node *in, const jh_node *out)
{
	const jh_node *new_name = jh_map_get(out, "name");
	size_t offset = 0;

	assert_int_equal(in->kind, JH_MAP);
	assert_int_equal(out->kind, JH_MAP);
	if (jh_map_get(in, "labels") == NULL && out->as.map.count > 0 &&
	    strcmp(out->as.map.pairs[0].key, "labels") == 0) {
		const jh_node *labels = out->as.map.pairs[0].value;
		size_t start, end;

		assert_int_equal(labels->kind, JH_MAP);
		assert_int_equal(labels->as.map.count, 1);
		assert_string_equal(labels->as.map.pairs[0].key, JH_DEFAULT_LABEL_KEY);
		assert_label_value(labels->as.map.pairs[0].value, new_name);
		inserted_range(out, &start, &end);
		add_region(check, map_first_entry(in), map_first_entry(in), start, end);
		offset = 1;
	}

	assert_int_equal(out->as.map.count, in->as.map.count + offset);
	for (size_t i = 0; i < in->as.map.count; i++) {
		const jh_pair *a = &in->as.map.pairs[i];
		const jh_pair *b = &out->as.map.pairs[i + offset];

		assert_string_equal(b->key, a->key);
		if (strcmp(a->key, "name") == 0)
			check_name(check, a->value, b->value);
		else if (strcmp(a->key, "labels") == 0)
			check_labels(check, a->value, b->value, new_name);
		else
			assert_same_tree(a->value, b->value);
	}
}

static void check_document(model_check *check, const jh_node *in, const jh_node *out)
{
	if (in == NULL || out == NULL) {
		assert_null(in);
		assert_null(out);
		return;
	}
	assert_int_equal(out->kind, in->kind);
	if (in->kind != JH_MAP) {
		assert_same_tree(in, out);
		return;
	}
	assert_int_equal(out->as.map.count, in->as.map.count);
	for (size_t i = 0; i < in->as.map.count; i++) {
		const jh_pair *a = &in->as.map.pairs[i];
		const jh_pair *b = &out->as.map.pairs[i];

		assert_string_equal(b->key, a->key);
		if (strcmp(a->key, "metadata") == 0 && a->value->kind == JH_MAP)
			check_metadata(check, a->value, b->value);
		else
			assert_same_tree(a->value, b->value);
	}
}

/* Every byte outside the changed regions is identical, in the same order. */
static void check_bytes_outside(const model_check *check, const char *in, size_t in_len,
				const char *out, size_t out_len)
{
	size_t in_at = 0;
	size_t out_at = 0;

	for (size_t i = 0; i < check->region_count; i++) {
		const changed_region *r = &check->regions[i];

		assert_true(r->in_start >= in_at);
		assert_true(r->out_start >= out_at);
		assert_int_equal(r->out_start - out_at, r->in_start - in_at);
		assert_memory_equal(out + out_at, in + in_at, r->in_start - in_at);
		in_at = r->in_end;
		out_at = r->out_end;
	}
	assert_int_equal(out_len - out_at, in_len - in_at);
	assert_memory_equal(out + out_at, in + in_at, in_len - in_at);
}

/* Checks one file against the model; a file the engine rejects must come back empty. */
static int model_check_file(void *context, const char *path, const char *bytes, size_t len,
			    jh_error *err)
{
	size_t *counts = context; /* [0] checked, [1] rejected */
	jh_rewrite_options options;
	jh_diagnostics diagnostics = { 0 };
	jh_load_options load = { 0 };
	jh_rename_list renames = { 0 };
	jh_buf out = JH_BUF_INIT;
	jh_file *in_file = NULL;
	jh_file *out_file = NULL;
	model_check check;
	int rc;

	init_options(&options);
	memset(&check, 0, sizeof(check));
	check.renames = &renames;

	rc = jh_rewrite_text(&out, &renames, path, bytes, len, &options, &diagnostics, err);
	if (rc != JH_OK) {
		/* A rejected file leaves no output and no renames. */
		assert_int_equal(rc, JH_EINVALID);
		assert_int_equal(out.len, 0);
		assert_int_equal(renames.count, 0);
		jh_error_clear(err);
		counts[1]++;
		goto done;
	}

	assert_int_equal(jh_load(&in_file, path, bytes, len, &load, &diagnostics, err), JH_OK);
	assert_int_equal(jh_load(&out_file, path, out.data, out.len, &load, &diagnostics, err),
			 JH_OK);
	assert_int_equal(out_file->document_count, in_file->document_count);
	for (size_t i = 0; i < in_file->document_count; i++)
		check_document(&check, in_file->documents[i].root, out_file->documents[i].root);
	assert_int_equal(check.renames_matched, renames.count);
	check_bytes_outside(&check, bytes, len, out.data != NULL ? out.data : "", out.len);
	counts[0]++;

done:
	jh_file_free(in_file);
	jh_file_free(out_file);
	jh_rename_list_free(&renames);
	jh_diagnostics_free(&diagnostics);
	jh_buf_free(&out);
	return JH_OK;
}

static void model_check_tree(const char *root, size_t checked, size_t rejected)
{
	jh_dir_walk walk;
	jh_error err;
	size_t counts[2] = { 0, 0 };

	memset(&walk, 0, sizeof(walk));
	walk.root = root;
	walk.recursive = true;
	walk.max_file_size = 1 << 20;
	jh_error_clear(&err);
	assert_int_equal(jh_dir_each_file(&walk, model_check_file, counts, &err), JH_OK);
	assert_int_equal(counts[0], checked);
	assert_int_equal(counts[1], rejected);
}

/* Every manifest of testdata/rewrite and testdata/example passes the model check. */
static void testdata_model_check(void **state)
{
	(void)state;
	/* Rejected: a name from an alias, an anchored name, and labels written as null. */
	model_check_tree("testdata/rewrite", 9, 3);
	model_check_tree("testdata/example", 22, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rewrite_plain),
		cmocka_unit_test(rewrite_single_quoted),
		cmocka_unit_test(rewrite_flow),
		cmocka_unit_test(rewrite_json),
		cmocka_unit_test(rewrite_crlf),
		cmocka_unit_test(rewrite_bom_indent4),
		cmocka_unit_test(rewrite_float_name_quoted),
		cmocka_unit_test(rewrite_hashlike_kept),
		cmocka_unit_test(rewrite_stale_replaced),
		cmocka_unit_test(rewrite_skipped_jobs),
		cmocka_unit_test(rewrite_length_limits),
		cmocka_unit_test(rewrite_errors_leave_text),
		cmocka_unit_test(name_with_suffix_trims),
		cmocka_unit_test(testdata_idempotent),
		cmocka_unit_test(testdata_model_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
