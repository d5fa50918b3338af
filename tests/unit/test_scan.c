/* Tests for the Job prefilter and the scan policies (src/scan.c). */

#include "support.h"

#include <stdio.h>
#include <stdlib.h>

#include "jobhash/manifest.h"
#include "jobhash/scan.h"

typedef struct prefilter_case {
	const char *text;
	bool may_hold;
} prefilter_case;

static void test_prefilter_table(void **state)
{
	static const prefilter_case cases[] = {
		{ "kind: Job\n", true },
		{ "kind: 'Job'\n", true },
		{ "{\"kind\":\"Job\"}", true },
		{ "kind: JobList\nitems: []\n", true },
		{ "kind: Job", true },
		{ "Job: x", true },
		{ "kind: CronJob\n", false },
		{ "kind: JobTemplate\n", false },
		{ "kind: Jobs\n", false },
		{ "kind: Deployment\n", false },
		{ "kind: \"\\x4aob\"\n", true },
		{ "kind: \"J\\u006fb\"\n", true },
		{ "kind: \"Jo\\U00000062\"\n", true },
		{ "{\"kind\":\"\\u004Aob\"}", true },
		{ "kind: \"Jo\\\n  b\"\n", true },
		{ "kind: \"Jo\\\r\n  b\"\n", true },
		{ "pattern: '\\d+\\.\\w'\n", false },
		{ "escaped: \"\\x41\\u0042\"\n", false },
		{ "short: \"\\x4\"\n", false },
		{ "trailing backslash \\", false },
		{ "\xff\xfe" "k\0i\0n\0d\0", true },
		{ "", false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *text = cases[i].text;
		size_t len = strlen(text);

		/* The UTF-16 case holds NUL bytes: give its length by hand. */
		if ((unsigned char)text[0] == 0xff)
			len = 10;
		if (jh_may_hold_job(text, len) != cases[i].may_hold)
			fail_msg("case %zu (%s): expected %s", i, text,
				 cases[i].may_hold ? "may hold a Job" : "no Job");
	}
}

/* Every Job the loader finds in a file must pass the prefilter. */
static void check_file_is_not_missed(const char *path)
{
	jh_scan_options options;
	jh_object_list objects = { 0 };
	jh_diagnostics diagnostics = { 0 };
	jh_file *file = NULL;
	jh_error err;
	char *text = NULL;
	long size;
	FILE *f = fopen(path, "rb");
	bool has_job = false;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	assert_true(size >= 0);
	rewind(f);
	text = malloc((size_t)size + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
	fclose(f);

	memset(&options, 0, sizeof(options));
	if (jh_scan_load(&file, &options, path, text, (size_t)size, &diagnostics, &err) == JH_OK &&
	    file != NULL && jh_collect_objects(&objects, file, NULL, &err) == JH_OK) {
		for (size_t i = 0; i < objects.count; i++)
			has_job = has_job || jh_object_is_job(&objects.items[i]);
	}

	if (has_job && !jh_may_hold_job(text, (size_t)size))
		fail_msg("%s holds a Job that the prefilter passes over", path);

	jh_object_list_free(&objects);
	jh_file_free(file);
	jh_diagnostics_free(&diagnostics);
	free(text);
}

static void test_prefilter_keeps_testdata_jobs(void **state)
{
	static const char *const files[] = {
		"testdata/example/head/apps/payments/migrate-job.yaml",
		"testdata/example/head/apps/orders/migrate-job.yaml",
		"testdata/example/head/apps/orders/cleanup-job.yaml",
		"testdata/example/head/apps/payments/backup-hook-job.yaml",
		"testdata/scan/escaped-kind.yaml",
		"testdata/scan/job-list.yaml",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		check_file_is_not_missed(files[i]);
}

/* A JobList's items inherit the kind Job from the list. */
static void test_job_list_items_inherit_kind(void **state)
{
	static const char text[] =
		"apiVersion: batch/v1\n"
		"kind: JobList\n"
		"items:\n"
		"  - metadata: {name: inherited}\n"
		"    spec: {template: {spec: {containers: [{name: c, image: i}]}}}\n";
	jh_scan_options options;
	jh_object_list objects = { 0 };
	jh_diagnostics diagnostics = { 0 };
	jh_file *file = NULL;
	jh_error err;

	(void)state;
	memset(&options, 0, sizeof(options));
	assert_int_equal(jh_scan_load(&file, &options, "list.yaml", text, sizeof(text) - 1,
				      &diagnostics, &err), JH_OK);
	assert_non_null(file);
	assert_int_equal(jh_collect_objects(&objects, file, NULL, &err), JH_OK);
	assert_int_equal(objects.count, 1);
	assert_true(jh_object_is_job(&objects.items[0]));
	assert_string_equal(objects.items[0].name, "inherited");
	assert_string_equal(objects.items[0].group, "batch");

	jh_object_list_free(&objects);
	jh_file_free(file);
	jh_diagnostics_free(&diagnostics);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefilter_table),
		cmocka_unit_test(test_prefilter_keeps_testdata_jobs),
		cmocka_unit_test(test_job_list_items_inherit_kind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
