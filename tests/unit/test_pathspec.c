#include "support.h"

#include <stdbool.h>
#include <stdio.h>

#include "jobhash/pathspec.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

static void test_manifest_extensions(void **state)
{
	static const struct {
		const char *path;
		bool expected;
	} cases[] = {
		{ "job.yaml", true },
		{ "a/b/job.yml", true },
		{ "list.json", true },
		{ ".yaml", true },
		{ "job.YAML", false },
		{ "job.Yml", false },
		{ "job.yaml.bak", false },
		{ "job.yamlx", false },
		{ "yaml", false },
		{ "job.txt", false },
		{ "dir.yaml/readme", false },
		{ "", false },
	};

	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		print_message("path %s\n", cases[i].path);
		assert_int_equal(jh_path_is_manifest(cases[i].path), cases[i].expected);
	}
}

static void test_pattern_table(void **state)
{
	static const struct {
		const char *pattern;
		const char *path;
		bool expected;
	} cases[] = {
		/* equal */
		{ "k8s/job.yaml", "k8s/job.yaml", true },
		{ "k8s/job.yaml", "k8s/job.yml", false },
		/* a directory and what lies below it */
		{ "k8s", "k8s/job.yaml", true },
		{ "k8s", "k8s/a/b/job.yaml", true },
		{ "k8s", "k8s-prod/job.yaml", false },
		{ "k8s", "other/k8s/job.yaml", false },
		{ "k8s/", "k8s/job.yaml", true },
		{ "k8s//", "k8s/job.yaml", true },
		{ "./k8s", "k8s/job.yaml", true },
		{ "././k8s/", "k8s/a/job.yaml", true },
		{ "./k8s/job.yaml", "k8s/job.yaml", true },
		/* globs: "*" crosses "/" */
		{ "*.yaml", "job.yaml", true },
		{ "*.yaml", "a/b/job.yaml", true },
		{ "*.yaml", "job.yml", false },
		{ "k8s/*.yaml", "k8s/a/job.yaml", true },
		{ "k8s/*.yaml", "other/job.yaml", false },
		{ "*/test/*", "a/test/job.yaml", true },
		{ "job?.yaml", "job1.yaml", true },
		{ "job?.yaml", "job10.yaml", false },
		{ "job[0-9].yaml", "job7.yaml", true },
		{ "job[0-9].yaml", "jobx.yaml", false },
		{ "k8s/*/", "k8s/a/job.yaml", true },
		{ "./*.json", "a/list.json", true },
		/* a glob does not match below a directory it names */
		{ "k8s/job?", "k8s/jobs/x.yaml", false },
		/* the root */
		{ ".", "a/job.yaml", true },
		{ "./", "job.yaml", true },
	};

	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		print_message("pattern %s, path %s\n", cases[i].pattern, cases[i].path);
		assert_int_equal(jh_pattern_match(cases[i].pattern, cases[i].path),
				 cases[i].expected);
	}
}

static void test_pattern_long(void **state)
{
	char pattern[1200];
	char path[1200];

	(void)state;
	memset(pattern, 'd', 1000);
	memcpy(pattern + 1000, "/*/", 4);
	memset(path, 'd', 1000);
	memcpy(path + 1000, "/x/job.yaml", 12);

	assert_true(jh_pattern_match(pattern, path));
	path[0] = 'e';
	assert_false(jh_pattern_match(pattern, path));
}

static void test_pathspec_match_table(void **state)
{
	static const char *const includes[] = { "k8s", "jobs/*.yml" };
	static const char *const excludes[] = { "k8s/generated/", "*.json" };
	static const jh_pathspec spec = { includes, 2, excludes, 2, NULL };
	static const jh_pathspec excludes_only = { NULL, 0, excludes, 2, NULL };
	static const struct {
		const jh_pathspec *spec;
		const char *path;
		bool expected;
	} cases[] = {
		{ NULL, "a/job.yaml", true },
		{ NULL, "a/job.txt", false },
		{ &spec, "k8s/job.yaml", true },
		{ &spec, "k8s/deep/job.yml", true },
		{ &spec, "k8s/readme.md", false },
		{ &spec, "k8s/list.json", false },
		{ &spec, "k8s/generated/job.yaml", false },
		{ &spec, "k8s/generated2/job.yaml", true },
		{ &spec, "jobs/a/b.yml", true },
		{ &spec, "jobs/a/b.yaml", false },
		{ &spec, "other/job.yaml", false },
		{ &excludes_only, "other/job.yaml", true },
		{ &excludes_only, "k8s/generated/job.yaml", false },
		{ &excludes_only, "other/list.json", false },
	};

	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		print_message("case %zu, path %s\n", i, cases[i].path);
		assert_int_equal(jh_pathspec_match(cases[i].spec, cases[i].path),
				 cases[i].expected);
	}
}

static void test_may_descend_table(void **state)
{
	static const char *const includes[] = { "k8s/prod", "apps/" };
	static const char *const glob_includes[] = { "*/jobs/*.yaml" };
	static const char *const excludes[] = { "k8s/prod/generated", "vendor/*", "*/tmp" };
	static const char *const root_include[] = { "." };
	static const jh_pathspec spec = { includes, 2, excludes, 3, NULL };
	static const jh_pathspec glob_spec = { glob_includes, 1, NULL, 0, NULL };
	static const jh_pathspec root_spec = { root_include, 1, NULL, 0, NULL };
	static const struct {
		const jh_pathspec *spec;
		const char *dir;
		bool expected;
	} cases[] = {
		{ NULL, "anything", true },
		/* an include below, at or above the directory */
		{ &spec, "k8s", true },
		{ &spec, "k8s/prod", true },
		{ &spec, "k8s/prod/a", true },
		{ &spec, "apps", true },
		{ &spec, "apps/x", true },
		/* no include can match below */
		{ &spec, "k8s/staging", false },
		{ &spec, "k8s/production", false },
		{ &spec, "other", false },
		/* excludes that cover the whole directory */
		{ &spec, "k8s/prod/generated", false },
		{ &spec, "k8s/prod/generated/x", false },
		{ &spec, "vendor", false },
		{ &spec, "vendor/lib", false },
		/* "*\/tmp" matches the name but not every file below it */
		{ &spec, "apps/tmp", true },
		/* a glob include may match anywhere */
		{ &glob_spec, "a/b/c", true },
		{ &root_spec, "a", true },
	};

	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		print_message("case %zu, dir %s\n", i, cases[i].dir);
		assert_int_equal(jh_pathspec_may_descend(cases[i].spec, cases[i].dir),
				 cases[i].expected);
	}
}

/* Whatever a walk skips, jh_pathspec_match must not select. */
static void test_may_descend_agrees(void **state)
{
	static const char *const excludes[] = { "vendor/*", "k8s/gen", "*/tmp", "*" };
	static const char *const dirs[] = { "vendor", "vendor/a", "k8s/gen", "a/tmp", "b" };
	static const char *const files[] = { "x.yaml", "deep/y.json" };

	(void)state;
	for (size_t e = 0; e < COUNT(excludes); e++) {
		jh_pathspec spec = { NULL, 0, &excludes[e], 1, NULL };

		for (size_t d = 0; d < COUNT(dirs); d++) {
			if (jh_pathspec_may_descend(&spec, dirs[d]))
				continue;
			for (size_t f = 0; f < COUNT(files); f++) {
				char path[256];

				snprintf(path, sizeof(path), "%s/%s", dirs[d], files[f]);
				print_message("exclude %s, path %s\n", excludes[e], path);
				assert_false(jh_pathspec_match(&spec, path));
			}
		}
	}
	{
		jh_pathspec star = { NULL, 0, &excludes[3], 1, NULL };

		assert_false(jh_pathspec_may_descend(&star, "b"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_manifest_extensions),
		cmocka_unit_test(test_pattern_table),
		cmocka_unit_test(test_pattern_long),
		cmocka_unit_test(test_pathspec_match_table),
		cmocka_unit_test(test_may_descend_table),
		cmocka_unit_test(test_may_descend_agrees),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
