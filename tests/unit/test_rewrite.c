/* Tests of the rewrite engine against the real loader and hash. */

#include "support.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#include "jobhash/files.h"
#include "jobhash/rewrite.h"

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
		"apiVersion: batch/v1\nkind: Job\nmetadata:\n  annotations:\n    b: &n x\n"
		"  name: *n\nspec: {}\n",
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
