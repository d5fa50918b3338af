#include "support.h"

#include <stdio.h>
#include <stdlib.h>

#include "jobhash/manifest.h"
#include "jobhash/yaml.h"

/* A loaded file and the objects collected from it. */
typedef struct loaded {
	jh_file *file;
	jh_object_list objects;
	jh_error err;
	int rc;
} loaded;

/* Loads TEXT as jobs.yaml and collects its objects with DEFAULT_NAMESPACE. */
static void load(loaded *l, const char *text, const char *default_namespace)
{
	jh_manifest_options options = { default_namespace };
	jh_diagnostics warnings = { 0 };

	memset(l, 0, sizeof(*l));
	jh_error_clear(&l->err);
	assert_int_equal(jh_load(&l->file, "jobs.yaml", text, strlen(text), NULL, &warnings,
				 &l->err),
			 JH_OK);
	assert_int_equal(warnings.count, 0);
	jh_diagnostics_free(&warnings);
	l->rc = jh_collect_objects(&l->objects, l->file, &options, &l->err);
}

static void unload(loaded *l)
{
	jh_object_list_free(&l->objects);
	jh_file_free(l->file);
}

static void test_collect_identity(void **state)
{
	loaded l;
	const jh_object *job;
	const jh_object *map;

	(void)state;
	load(&l,
	     "apiVersion: batch/v1\n"
	     "kind: Job\n"
	     "metadata:\n"
	     "  name: migrate\n"
	     "  namespace: prod\n"
	     "---\n"
	     "# values, not an object\n"
	     "replicas: 2\n"
	     "---\n"
	     "---\n"
	     "apiVersion: v1\n"
	     "kind: ConfigMap\n"
	     "metadata:\n"
	     "  name: settings\n",
	     "team");
	assert_int_equal(l.rc, JH_OK);
	assert_int_equal(l.objects.count, 2);

	job = &l.objects.items[0];
	assert_ptr_equal(job->file, l.file);
	assert_ptr_equal(job->node, l.file->documents[0].root);
	assert_int_equal(job->document, 0);
	assert_int_equal(job->line, 1);
	assert_string_equal(job->group, "batch");
	assert_string_equal(job->kind, "Job");
	assert_string_equal(job->namespace, "prod");
	assert_string_equal(job->name, "migrate");
	assert_null(job->generate_name);
	assert_false(job->from_list);
	assert_true(jh_object_is_job(job));

	/* The empty chunk between two separators is no document. */
	map = &l.objects.items[1];
	assert_int_equal(map->document, 2);
	assert_int_equal(map->line, 11);
	assert_string_equal(map->group, "");
	assert_string_equal(map->kind, "ConfigMap");
	assert_string_equal(map->namespace, "team");
	assert_false(jh_object_is_job(map));
	unload(&l);
}

static void test_collect_namespace_defaults(void **state)
{
	static const struct {
		const char *metadata;
		const char *default_namespace;
		const char *expected;
	} cases[] = {
		{ "metadata: {name: a}\n", NULL, "" },
		{ "metadata: {name: a}\n", "team", "team" },
		{ "metadata: {name: a, namespace: \"\"}\n", "team", "team" },
		{ "metadata: {name: a, namespace: null}\n", "team", "team" },
		{ "metadata: {name: a, namespace: prod}\n", "team", "prod" },
		{ "metadata:\n", "team", "team" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[256];
		loaded l;

		snprintf(text, sizeof(text), "apiVersion: batch/v1\nkind: Job\n%s",
			 cases[i].metadata);
		load(&l, text, cases[i].default_namespace);
		assert_int_equal(l.rc, JH_OK);
		assert_int_equal(l.objects.count, 1);
		assert_string_equal(l.objects.items[0].namespace, cases[i].expected);
		unload(&l);
	}
}

static void test_collect_list_items(void **state)
{
	loaded l;

	(void)state;
	load(&l,
	     "apiVersion: v1\n"
	     "kind: List\n"
	     "items:\n"
	     "- apiVersion: batch/v1\n"
	     "  kind: Job\n"
	     "  metadata: {name: first}\n"
	     "- apiVersion: v1\n"
	     "  kind: List\n"
	     "  items:\n"
	     "  - apiVersion: batch/v1\n"
	     "    kind: Job\n"
	     "    metadata: {name: nested}\n"
	     "- metadata: {name: untyped}\n",
	     NULL);
	assert_int_equal(l.rc, JH_OK);

	/* The untyped item of a plain List inherits kind "" and is no object. */
	assert_int_equal(l.objects.count, 2);
	assert_string_equal(l.objects.items[0].name, "first");
	assert_int_equal(l.objects.items[0].line, 4);
	assert_true(l.objects.items[0].from_list);
	assert_string_equal(l.objects.items[1].name, "nested");
	assert_int_equal(l.objects.items[1].line, 10);
	assert_true(l.objects.items[1].from_list);
	assert_int_equal(l.objects.items[1].document, 0);
	unload(&l);
}

static void test_collect_typed_list(void **state)
{
	loaded l;

	(void)state;
	load(&l,
	     "apiVersion: batch/v1\n"
	     "kind: JobList\n"
	     "items:\n"
	     "- metadata: {name: inherits}\n"
	     "- apiVersion: v1\n"
	     "  kind: ConfigMap\n"
	     "  metadata: {name: own}\n"
	     "- kind: Job\n"
	     "  metadata: {name: half}\n",
	     NULL);
	assert_int_equal(l.rc, JH_OK);

	/* An item that names only one of apiVersion and kind inherits neither. */
	assert_int_equal(l.objects.count, 2);
	assert_string_equal(l.objects.items[0].name, "inherits");
	assert_string_equal(l.objects.items[0].group, "batch");
	assert_string_equal(l.objects.items[0].kind, "Job");
	assert_true(jh_object_is_job(&l.objects.items[0]));
	assert_string_equal(l.objects.items[1].name, "own");
	assert_string_equal(l.objects.items[1].kind, "ConfigMap");
	unload(&l);
}

static void test_collect_not_lists(void **state)
{
	loaded l;

	(void)state;
	/* A null items is no list, and a values file with items is no object. */
	load(&l,
	     "apiVersion: v1\n"
	     "kind: List\n"
	     "items: null\n"
	     "---\n"
	     "items:\n"
	     "- apiVersion: batch/v1\n"
	     "  kind: Job\n"
	     "  metadata: {name: x}\n",
	     NULL);
	assert_int_equal(l.rc, JH_OK);
	assert_int_equal(l.objects.count, 1);
	assert_string_equal(l.objects.items[0].kind, "List");
	assert_false(l.objects.items[0].from_list);
	assert_null(l.objects.items[0].name);
	unload(&l);
}

static void test_collect_errors(void **state)
{
	static const struct {
		const char *text;
		unsigned line;
		unsigned column;
		const char *message;
	} cases[] = {
		{ "apiVersion: batch/v1\nkind: Job\nmetadata: [a]\n", 3, 11,
		  "metadata must be a mapping, not a sequence" },
		{ "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: 42\n", 4, 9,
		  "metadata.name must be a string, not an integer" },
		{ "apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: [x]\n", 4, 17,
		  "metadata.generateName must be a string, not a sequence" },
		{ "apiVersion: batch/v1\nkind: Job\nmetadata:\n  namespace: true\n", 4, 14,
		  "metadata.namespace must be a string, not a boolean" },
		{ "apiVersion: 1\nkind: Job\n", 1, 13, "apiVersion must be a string, not an integer" },
		{ "apiVersion: batch/v1\nkind: {a: b}\n", 2, 7, "kind must be a string, not a mapping" },
		{ "apiVersion: v1\nkind: List\nitems: {a: b}\n", 3, 8,
		  "items must be a list, not a mapping" },
		{ "apiVersion: v1\nkind: List\nitems:\n- just text\n", 4, 3,
		  "a list item must be a mapping, not a string" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		loaded l;

		load(&l, cases[i].text, NULL);
		assert_int_equal(l.rc, JH_EINVALID);
		assert_string_equal(l.err.message, cases[i].message);
		assert_string_equal(l.err.path, "jobs.yaml");
		assert_int_equal(l.err.line, cases[i].line);
		assert_int_equal(l.err.column, cases[i].column);
		unload(&l);
	}
}

static void test_collect_list_depth(void **state)
{
	char text[4096] = "";
	size_t len = 0;
	loaded l;

	(void)state;
	/* 17 Lists inside one another: one level more than allowed. */
	for (int depth = 0; depth < 17; depth++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
					"%*s%sapiVersion: v1\n%*s  kind: List\n%*s  items:\n",
					depth * 2, "", depth == 0 ? "  " : "- ", depth * 2, "",
					depth * 2, "");
	len += (size_t)snprintf(text + len, sizeof(text) - len, "%*s- apiVersion: batch/v1\n", 34,
				"");

	load(&l, text, NULL);
	assert_int_equal(l.rc, JH_EINVALID);
	assert_string_equal(l.err.message, "lists nested more than 16 levels deep");
	/* The innermost items sequence starts at its first "-". */
	assert_int_equal(l.err.line, 52);
	unload(&l);
}

static void test_object_is_job(void **state)
{
	static const struct {
		const char *api_version;
		const char *kind;
		bool job;
	} cases[] = {
		{ "batch/v1", "Job", true },
		{ "batch/v1beta1", "Job", true },
		{ "example.com/v1", "Job", false },
		{ "v1", "Job", false },
		{ "batch/v1", "CronJob", false },
		{ "batch/v1", "job", false },
		{ "batch.example.com/v1", "Job", false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[256];
		loaded l;

		snprintf(text, sizeof(text), "apiVersion: %s\nkind: %s\nmetadata: {name: a}\n",
			 cases[i].api_version, cases[i].kind);
		load(&l, text, NULL);
		assert_int_equal(l.objects.count, 1);
		assert_int_equal(jh_object_is_job(&l.objects.items[0]), cases[i].job);
		unload(&l);
	}
}

static void test_job_classify(void **state)
{
	static const struct {
		const char *metadata;
		jh_job_policy policy;
		const char *reason;
	} cases[] = {
		{ "name: a\n", JH_JOB_MANAGED, "" },
		{ "generateName: a-\n", JH_JOB_RECREATED,
		  "metadata.generateName without a name: each sync creates a new Job" },
		{ "name: a\n  generateName: a-\n", JH_JOB_MANAGED, "" },
		{ "name: a\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n", JH_JOB_RECREATED,
		  "Argo CD PreSync hook without a delete policy: Argo CD deletes and recreates it" },
		{ "name: a\n  annotations:\n    argocd.argoproj.io/hook: Sync\n"
		  "    argocd.argoproj.io/hook-delete-policy: HookSucceeded , BeforeHookCreation\n",
		  JH_JOB_RECREATED,
		  "Argo CD Sync hook with BeforeHookCreation: Argo CD deletes and recreates it" },
		{ "name: a\n  annotations:\n    argocd.argoproj.io/hook: PostSync\n"
		  "    argocd.argoproj.io/hook-delete-policy: HookSucceeded,HookFailed\n",
		  JH_JOB_HOOK_APPLIED,
		  "Argo CD hook whose delete policy (HookSucceeded,HookFailed) leaves out "
		  "BeforeHookCreation: Argo CD applies it in place, so the changed spec fails" },
		{ "name: a\n  annotations:\n    argocd.argoproj.io/hook: Sync\n"
		  "    argocd.argoproj.io/hook-delete-policy: BeforeHookCreationX\n",
		  JH_JOB_HOOK_APPLIED,
		  "Argo CD hook whose delete policy (BeforeHookCreationX) leaves out "
		  "BeforeHookCreation: Argo CD applies it in place, so the changed spec fails" },
		{ "name: a\n  annotations:\n    helm.sh/hook: pre-upgrade\n", JH_JOB_RECREATED,
		  "Helm pre-upgrade hook without a delete policy: it is deleted and recreated on "
		  "each run" },
		{ "name: a\n  annotations:\n    helm.sh/hook: pre-install,pre-upgrade\n"
		  "    helm.sh/hook-delete-policy: hook-succeeded,  before-hook-creation\n",
		  JH_JOB_RECREATED,
		  "Helm pre-install,pre-upgrade hook with before-hook-creation: it is deleted and "
		  "recreated on each run" },
		{ "name: a\n  annotations:\n    helm.sh/hook: post-install\n"
		  "    helm.sh/hook-delete-policy: hook-succeeded\n",
		  JH_JOB_HOOK_APPLIED,
		  "Helm hook whose delete policy (hook-succeeded) leaves out before-hook-creation: "
		  "it is applied in place, so the changed spec fails" },
		/* Argo CD's own hook annotation wins over Helm's. */
		{ "name: a\n  annotations:\n    argocd.argoproj.io/hook: Sync\n"
		  "    argocd.argoproj.io/hook-delete-policy: HookSucceeded\n"
		  "    helm.sh/hook: pre-install\n",
		  JH_JOB_HOOK_APPLIED,
		  "Argo CD hook whose delete policy (HookSucceeded) leaves out BeforeHookCreation: "
		  "Argo CD applies it in place, so the changed spec fails" },
		{ "name: a\n  annotations:\n    argocd.argoproj.io/sync-options: Force=true,Replace=true\n",
		  JH_JOB_RECREATED,
		  "Argo CD sync options Force=true,Replace=true: Argo CD deletes and recreates it" },
		{ "name: a\n  annotations:\n"
		  "    argocd.argoproj.io/sync-options: Replace=true, Validate=false ,Force=true\n",
		  JH_JOB_RECREATED,
		  "Argo CD sync options Force=true,Replace=true: Argo CD deletes and recreates it" },
		{ "name: a\n  annotations:\n    argocd.argoproj.io/sync-options: Replace=true\n",
		  JH_JOB_MANAGED, "" },
		{ "name: a\n  annotations:\n    argocd.argoproj.io/sync-options: Force=true\n",
		  JH_JOB_MANAGED, "" },
		{ "name: a\n  annotations:\n    kustomize.toolkit.fluxcd.io/force: enabled\n",
		  JH_JOB_RECREATED,
		  "kustomize.toolkit.fluxcd.io/force: enabled: Flux deletes and recreates it" },
		{ "name: a\n  annotations:\n    kustomize.toolkit.fluxcd.io/force: Enabled\n",
		  JH_JOB_RECREATED,
		  "kustomize.toolkit.fluxcd.io/force: enabled: Flux deletes and recreates it" },
		{ "name: a\n  labels:\n    kustomize.toolkit.fluxcd.io/force: ENABLED\n",
		  JH_JOB_RECREATED,
		  "kustomize.toolkit.fluxcd.io/force: enabled: Flux deletes and recreates it" },
		{ "name: a\n  annotations:\n    kustomize.toolkit.fluxcd.io/force: disabled\n",
		  JH_JOB_MANAGED, "" },
		/* An annotation that is not a string is not set. */
		{ "name: a\n  annotations:\n    kustomize.toolkit.fluxcd.io/force: true\n",
		  JH_JOB_MANAGED, "" },
		{ "name: a\n  annotations: []\n", JH_JOB_MANAGED, "" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[1024];
		char reason[512];
		loaded l;

		snprintf(text, sizeof(text), "apiVersion: batch/v1\nkind: Job\nmetadata:\n  %s",
			 cases[i].metadata);
		load(&l, text, NULL);
		assert_int_equal(l.rc, JH_OK);
		assert_int_equal(l.objects.count, 1);

		memset(reason, 'x', sizeof(reason));
		assert_int_equal(jh_job_classify(&l.objects.items[0], reason, sizeof(reason)),
				 cases[i].policy);
		assert_string_equal(reason, cases[i].reason);
		unload(&l);
	}
}

static void test_job_classify_short_reason(void **state)
{
	char reason[16];
	loaded l;

	(void)state;
	load(&l, "apiVersion: batch/v1\nkind: Job\nmetadata: {generateName: a-}\n", NULL);
	assert_int_equal(jh_job_classify(&l.objects.items[0], reason, sizeof(reason)),
			 JH_JOB_RECREATED);
	assert_string_equal(reason, "metadata.genera");
	unload(&l);
}

static void test_object_display_name(void **state)
{
	static const struct {
		const char *metadata;
		const char *expected;
	} cases[] = {
		{ "{name: migrate, namespace: prod}", "prod/migrate" },
		{ "{name: migrate}", "migrate" },
		{ "{generateName: seed-, namespace: prod}", "prod/seed-" },
		{ "{namespace: prod}", "prod/" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[256];
		char name[64];
		loaded l;

		snprintf(text, sizeof(text), "apiVersion: batch/v1\nkind: Job\nmetadata: %s\n",
			 cases[i].metadata);
		load(&l, text, NULL);
		assert_string_equal(jh_object_display_name(&l.objects.items[0], name, sizeof(name)),
				    cases[i].expected);
		unload(&l);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_collect_identity),
		cmocka_unit_test(test_collect_namespace_defaults),
		cmocka_unit_test(test_collect_list_items),
		cmocka_unit_test(test_collect_typed_list),
		cmocka_unit_test(test_collect_not_lists),
		cmocka_unit_test(test_collect_errors),
		cmocka_unit_test(test_collect_list_depth),
		cmocka_unit_test(test_object_is_job),
		cmocka_unit_test(test_job_classify),
		cmocka_unit_test(test_job_classify_short_reason),
		cmocka_unit_test(test_object_display_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
