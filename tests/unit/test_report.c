#include "support.h"

#include <stdio.h>
#include <stdlib.h>

#include "jobhash/fielddiff.h"
#include "jobhash/report.h"
#include "jobhash/yaml.h"

static void test_shell_word(void **state)
{
	static const struct {
		const char *word;
		const char *expected;
	} cases[] = {
		{ "migrate-1.2_x", "migrate-1.2_x" },
		{ "ns/a:b=c", "ns/a:b=c" },
		{ "", "''" },
		{ "a b", "'a b'" },
		{ "it's", "'it'\\''s'" },
		{ "$(rm -rf /)", "'$(rm -rf /)'" },
		{ "a;b\n", "'a;b\n'" },
		{ "caf\xc3\xa9", "'caf\xc3\xa9'" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		jh_buf out = JH_BUF_INIT;

		assert_int_equal(jh_shell_word(&out, cases[i].word), JH_OK);
		assert_string_equal(out.data, cases[i].expected);
		jh_buf_free(&out);
	}
}

static void test_json_string_escapes(void **state)
{
	jh_buf out = JH_BUF_INIT;

	(void)state;
	assert_int_equal(jh_json_string(&out, "a\x01\"\\\n\x7f\xc3\xa9"), JH_OK);
	assert_string_equal(out.data, "\"a\\u0001\\\"\\\\\\n\x7f\xc3\xa9\"");
	jh_buf_free(&out);

	assert_int_equal(jh_json_string(&out, "\xff"), JH_EINVALID);
	jh_buf_free(&out);
}

/* Two revisions of a Job in one file, its objects, and a plan over them. */
typedef struct fixture {
	jh_file *file;
	jh_object_list objects;
	jh_plan plan;
	jh_plan_entry deletion;
	jh_plan_entry skipped;
} fixture;

static void build_plan(fixture *f, const char *old_value, const char *new_value,
		       const char *name)
{
	char text[2048];
	jh_diagnostics warnings = { 0 };
	jh_error err;

	memset(f, 0, sizeof(*f));
	jh_error_clear(&err);
	snprintf(text, sizeof(text),
		 "apiVersion: batch/v1\nkind: Job\nmetadata: {name: old, namespace: prod}\n"
		 "spec: {completions: 1, template: {metadata: {annotations: {note: \"%s\"}}}}\n"
		 "---\n"
		 "apiVersion: batch/v1\nkind: Job\nmetadata: {name: new, namespace: prod}\n"
		 "spec: {template: {metadata: {annotations: {note: \"%s\"}}}}\n"
		 "---\n"
		 "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: hook\n",
		 old_value, new_value);
	assert_int_equal(jh_load(&f->file, "jobs/\x1b.yaml", text, strlen(text), NULL, &warnings,
				 &err),
			 JH_OK);
	assert_int_equal(jh_collect_objects(&f->objects, f->file, NULL, &err), JH_OK);
	assert_int_equal(f->objects.count, 3);
	jh_diagnostics_free(&warnings);

	/*
	 * The loader rejects names Kubernetes would reject; the report must
	 * still escape whatever it is given, so the name is set after loading.
	 */
	f->objects.items[1].name = name;

	f->deletion.old_job = &f->objects.items[0];
	f->deletion.new_job = &f->objects.items[1];
	memset(f->deletion.old_hash, 'a', 64);
	memset(f->deletion.new_hash, 'b', 64);
	assert_int_equal(jh_diff_fields(&f->deletion.changes, "spec",
					jh_map_get(f->objects.items[0].node, "spec"),
					jh_map_get(f->objects.items[1].node, "spec"), &err),
			 JH_OK);

	f->skipped.old_job = &f->objects.items[2];
	f->skipped.new_job = &f->objects.items[2];
	f->skipped.policy = JH_JOB_RECREATED;
	snprintf(f->skipped.reason, sizeof(f->skipped.reason), "Helm hook \"x\"\ttab");

	memset(f->plan.deployed, '1', 40);
	memset(f->plan.head, '2', 40);
	f->plan.deletions = &f->deletion;
	f->plan.deletion_count = 1;
	f->plan.skipped = &f->skipped;
	f->plan.skipped_count = 1;
}

static void free_plan(fixture *f)
{
	jh_change_list_free(&f->deletion.changes);
	jh_object_list_free(&f->objects);
	jh_file_free(f->file);
}

/* Returns what jh_report_plan writes in FORMAT; the caller frees it. */
static char *report(const jh_plan *plan, jh_format format)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	assert_int_equal(jh_report_plan(out, plan, format, 8), JH_OK);
	assert_int_equal(fclose(out), 0);
	return text;
}

static void test_report_text(void **state)
{
	fixture f;
	char *text;

	(void)state;
	build_plan(&f, "v1", "v2\\u0007", "mig rate");
	text = report(&f.plan, JH_FORMAT_TEXT);
	assert_string_equal(text,
			    "delete prod/mig rate (jobs/\\x1b.yaml:6)\n"
			    "  hash: aaaaaaaa -> bbbbbbbb\n"
			    "  spec.completions: 1 -> (absent)\n"
			    "  spec.template.metadata.annotations.note: \"v1\" -> \"v2\\u0007\"\n"
			    "skip hook (jobs/\\x1b.yaml:11): Helm hook \"x\"\\x09tab\n"
			    "1 Job must be deleted before the push, 1 skipped "
			    "(deployed 111111111111, head 222222222222)\n");
	free(text);
	free_plan(&f);
}

static void test_report_text_shortens_utf8(void **state)
{
	char old_value[512];
	char expected[1024];
	fixture f;
	char *text;

	(void)state;
	/* '"' and 198 ASCII bytes, so byte 200 of the JSON is inside "é". */
	memset(old_value, 'a', 198);
	strcpy(old_value + 198, "\xc3\xa9\xc3\xa9zzz");
	build_plan(&f, old_value, "b", "m");
	text = report(&f.plan, JH_FORMAT_TEXT);

	snprintf(expected, sizeof(expected),
		 "delete prod/m (jobs/\\x1b.yaml:6)\n"
		 "  hash: aaaaaaaa -> bbbbbbbb\n"
		 "  spec.completions: 1 -> (absent)\n"
		 "  spec.template.metadata.annotations.note: \"%.198s... -> \"b\"\n",
		 old_value);
	assert_memory_equal(text, expected, strlen(expected));
	free(text);
	free_plan(&f);
}

static void test_report_json(void **state)
{
	fixture f;
	char *text;

	(void)state;
	build_plan(&f, "v1", "\\n\\u0001", "m");
	f.deletion.reason[0] = '\0';
	text = report(&f.plan, JH_FORMAT_JSON);
	assert_string_equal(text,
			    "{\"version\":1,"
			    "\"deployed\":\"1111111111111111111111111111111111111111\","
			    "\"head\":\"2222222222222222222222222222222222222222\","
			    "\"delete\":[{\"namespace\":\"prod\",\"name\":\"m\","
			    "\"file\":\"jobs/\\u001b.yaml\",\"line\":6,"
			    "\"oldHash\":\"aaaaaaaa\",\"newHash\":\"bbbbbbbb\",\"reason\":null,"
			    "\"changes\":[{\"field\":\"spec.completions\",\"old\":1,\"new\":null},"
			    "{\"field\":\"spec.template.metadata.annotations.note\","
			    "\"old\":\"v1\",\"new\":\"\\n\\u0001\"}]}],"
			    "\"skipped\":[{\"namespace\":\"\",\"name\":\"hook\","
			    "\"file\":\"jobs/\\u001b.yaml\",\"line\":11,"
			    "\"reason\":\"Helm hook \\\"x\\\"\\ttab\"}]}\n");
	free(text);
	free_plan(&f);
}

static void test_report_kubectl(void **state)
{
	fixture f;
	char *text;

	(void)state;
	build_plan(&f, "v1", "v2", "it's $(x)");
	text = report(&f.plan, JH_FORMAT_KUBECTL);
	assert_string_equal(text, "kubectl delete job -n prod 'it'\\''s $(x)' "
				  "--ignore-not-found --cascade=background\n");
	free(text);

	/* A Job without a namespace gets no -n. */
	f.deletion.new_job = &f.objects.items[2];
	text = report(&f.plan, JH_FORMAT_KUBECTL);
	assert_string_equal(text, "kubectl delete job hook --ignore-not-found "
				  "--cascade=background\n");
	free(text);
	free_plan(&f);
}

static void test_report_empty_plan(void **state)
{
	jh_plan plan;
	char *text;

	(void)state;
	memset(&plan, 0, sizeof(plan));
	memset(plan.deployed, 'c', 40);
	memset(plan.head, 'd', 40);

	text = report(&plan, JH_FORMAT_TEXT);
	assert_string_equal(text, "no Jobs must be deleted (deployed cccccccccccc, head dddddddddddd)\n");
	free(text);

	text = report(&plan, JH_FORMAT_KUBECTL);
	assert_string_equal(text, "");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shell_word),
		cmocka_unit_test(test_json_string_escapes),
		cmocka_unit_test(test_report_text),
		cmocka_unit_test(test_report_text_shortens_utf8),
		cmocka_unit_test(test_report_json),
		cmocka_unit_test(test_report_kubectl),
		cmocka_unit_test(test_report_empty_plan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
