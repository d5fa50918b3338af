/* Tests for planning deletions on a real repository (src/plan.c). */

#include "support.h"
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>

#include "jobhash/digest.h"
#include "jobhash/git.h"
#include "jobhash/hash.h"
#include "jobhash/plan.h"

/* Every test gets a fresh repository under /tmp, removed afterwards. */
#define GIT "git -c user.name=t -c user.email=t@example.com -c init.defaultBranch=main"

static void run(const fixture *f, const char *command)
{
	char full[1024];

	snprintf(full, sizeof(full), "cd '%s' && { %s; } >/dev/null 2>&1", f->dir, command);
	if (system(full) != 0)
		fail_msg("command failed: %s", command);
}

static void write_file(const fixture *f, const char *path, const char *text)
{
	char full[256];
	FILE *file;

	snprintf(full, sizeof(full), "%s/%s", f->dir, path);
	file = fopen(full, "w");
	assert_non_null(file);
	assert_int_equal(fputs(text, file) >= 0, 1);
	assert_int_equal(fclose(file), 0);
}

/* A Job named NAME (with extra metadata lines) whose only container runs IMAGE. */
#define JOB(name, metadata, image)                                     \
	"apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: " name "\n" \
	metadata "spec:\n  template:\n    spec:\n      containers:\n"     \
	"      - name: main\n        image: " image "\n"

/*
 * Commits the deployed revision, then head. At head, a.yaml changes a Job
 * and an unnamed Job, b.yaml changes an Argo CD hook, and c.yaml moves to
 * d.yaml with a change. z.yaml stays the same. e.yaml and f.yaml define the
 * same Job, g.yaml carries a stale hash suffix, and h.yaml is invalid.
 */
static void build_history(const fixture *f)
{
	run(f, GIT " init -q .");
	write_file(f, "a.yaml",
		   JOB("migrate", "  namespace: prod\n", "app:1")
		   "---\n"
		   "apiVersion: batch/v1\nkind: Job\nmetadata: {generateName: seed-}\n"
		   "spec: {template: {spec: {containers: [{name: s, image: seed:1}]}}}\n"
		   "---\n"
		   "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n");
	write_file(f, "b.yaml",
		   JOB("hook", "  annotations: {argocd.argoproj.io/hook: PreSync}\n", "x:1"));
	write_file(f, "c.yaml", JOB("moved", "", "m:1"));
	write_file(f, "z.yaml", JOB("same", "", "s:1"));
	run(f, GIT " add -A && " GIT " commit -q -m deployed");

	write_file(f, "a.yaml",
		   JOB("migrate", "  namespace: prod\n", "app:2")
		   "---\n"
		   "apiVersion: batch/v1\nkind: Job\nmetadata: {generateName: seed-}\n"
		   "spec: {template: {spec: {containers: [{name: s, image: seed:2}]}}}\n"
		   "---\n"
		   "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, labels: {a: b}}\n");
	write_file(f, "b.yaml",
		   JOB("hook", "  annotations: {argocd.argoproj.io/hook: PreSync}\n", "x:2"));
	run(f, "rm c.yaml");
	write_file(f, "d.yaml", "# moved here\n" JOB("moved", "", "m:2"));
	write_file(f, "e.yaml", JOB("dup", "", "d:1"));
	write_file(f, "f.yaml", JOB("dup", "", "d:2"));
	write_file(f, "g.yaml", JOB("worker-deadbeef", "  labels: {jobhash.io/hash: deadbeef}\n",
				    "w:1"));
	write_file(f, "h.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata: [x]\n");
	run(f, GIT " add -A && " GIT " commit -q -m head");
}

static void plan_options(jh_plan_options *options, const char *deployed)
{
	memset(options, 0, sizeof(*options));
	options->deployed = deployed;
	options->scan.load.max_file_size = JH_DEFAULT_MAX_FILE_SIZE;
}

static void test_plan_build(void **state)
{
	fixture *f = *state;
	jh_diagnostics warnings = { 0 };
	jh_diagnostics errors = { 0 };
	jh_plan_options options;
	jh_digest *digest = NULL;
	jh_repo *repo = NULL;
	jh_plan *plan = NULL;
	char head[JH_OID_HEX_SIZE];
	char hash[JH_HASH_HEX_SIZE];
	char stale[256];
	const jh_object *worker = NULL;
	jh_error err;

	jh_error_clear(&err);
	build_history(f);
	assert_int_equal(jh_repo_open(&repo, f->dir, &err), JH_OK);
	assert_int_equal(jh_repo_resolve(repo, "HEAD", head, &err), JH_OK);

	plan_options(&options, "HEAD~1");
	assert_int_equal(jh_plan_build(&plan, repo, &options, &warnings, &errors, &err), JH_OK);
	assert_non_null(plan);
	assert_string_equal(plan->head, head);
	assert_int_equal(strlen(plan->deployed), 40);
	assert_string_not_equal(plan->deployed, head);

	/* Both sides of a and b, the old c, and the new d to h. z did not change. */
	assert_int_equal(plan->files_read, 10);

	/* Matched by identity across c.yaml and d.yaml, and sorted by new file and line. */
	assert_int_equal(plan->deletion_count, 2);
	assert_string_equal(plan->deletions[0].new_job->name, "migrate");
	assert_string_equal(plan->deletions[0].new_job->namespace, "prod");
	assert_string_equal(plan->deletions[0].new_job->file->path, "a.yaml");
	assert_string_equal(plan->deletions[0].old_job->file->path, "a.yaml");
	assert_int_equal(plan->deletions[0].policy, JH_JOB_MANAGED);
	assert_string_equal(plan->deletions[0].reason, "");
	assert_int_equal(plan->deletions[0].changes.count, 1);
	assert_string_equal(plan->deletions[0].changes.items[0].field,
			    "spec.template.spec.containers[name=main].image");
	assert_string_not_equal(plan->deletions[0].old_hash, plan->deletions[0].new_hash);
	assert_int_equal(strlen(plan->deletions[0].new_hash), 64);

	assert_string_equal(plan->deletions[1].new_job->name, "moved");
	assert_string_equal(plan->deletions[1].old_job->file->path, "c.yaml");
	assert_string_equal(plan->deletions[1].new_job->file->path, "d.yaml");
	assert_int_equal(plan->deletions[1].new_job->line, 2);

	/* The hook is skipped. The unnamed Job has no identity, so it is ignored. */
	assert_int_equal(plan->skipped_count, 1);
	assert_string_equal(plan->skipped[0].new_job->name, "hook");
	assert_int_equal(plan->skipped[0].policy, JH_JOB_RECREATED);
	assert_string_equal(plan->skipped[0].reason,
			    "Argo CD PreSync hook without a delete policy: Argo CD deletes and "
			    "recreates it");
	assert_int_equal(plan->skipped[0].changes.count, 1);

	/* Only named Jobs, sorted by namespace, name, then file: one identity may live in two files. */
	assert_int_equal(plan->new_jobs.count, 6);
	assert_string_equal(plan->new_jobs.items[0].name, "dup");
	assert_string_equal(plan->new_jobs.items[0].file->path, "e.yaml");
	assert_string_equal(plan->new_jobs.items[1].name, "dup");
	assert_string_equal(plan->new_jobs.items[1].file->path, "f.yaml");
	assert_string_equal(plan->new_jobs.items[2].name, "hook");
	assert_string_equal(plan->new_jobs.items[3].name, "moved");
	assert_string_equal(plan->new_jobs.items[4].name, "worker-deadbeef");
	assert_string_equal(plan->new_jobs.items[5].name, "migrate");
	worker = &plan->new_jobs.items[4];
	assert_int_equal(plan->old_jobs.count, 3);

	assert_int_equal(errors.count, 1);
	assert_string_equal(errors.items[0].path, "h.yaml");
	assert_int_equal(errors.items[0].line, 3);
	assert_string_equal(errors.items[0].message, "metadata must be a mapping, not a sequence");

	assert_int_equal(jh_digest_new(&digest, &err), JH_OK);
	assert_int_equal(jh_hash_job(hash, digest, worker->node, plan->arena, &err), JH_OK);
	snprintf(stale, sizeof(stale),
		 "Job worker-deadbeef: hash suffix 'deadbeef' is stale, the spec now hashes to "
		 "'%.8s'; run 'jobhash rewrite' to rename it",
		 hash);

	/* The same identity in two files is no warning: overlays do that on purpose. */
	assert_int_equal(warnings.count, 1);
	assert_string_equal(warnings.items[0].path, "g.yaml");
	assert_string_equal(warnings.items[0].message, stale);

	jh_digest_free(digest);
	jh_plan_free(plan);
	jh_repo_free(repo);
	jh_diagnostics_free(&warnings);
	jh_diagnostics_free(&errors);
}

static void test_plan_no_changes(void **state)
{
	fixture *f = *state;
	jh_diagnostics warnings = { 0 };
	jh_diagnostics errors = { 0 };
	jh_plan_options options;
	jh_repo *repo = NULL;
	jh_plan *plan = NULL;
	jh_error err;

	jh_error_clear(&err);
	build_history(f);
	assert_int_equal(jh_repo_open(&repo, f->dir, &err), JH_OK);

	plan_options(&options, "HEAD");
	assert_int_equal(jh_plan_build(&plan, repo, &options, &warnings, &errors, &err), JH_OK);
	assert_string_equal(plan->deployed, plan->head);
	assert_int_equal(plan->files_read, 0);
	assert_int_equal(plan->deletion_count, 0);
	assert_int_equal(plan->skipped_count, 0);
	assert_int_equal(warnings.count, 0);
	assert_int_equal(errors.count, 0);

	jh_plan_free(plan);
	jh_plan_free(NULL);
	jh_repo_free(repo);
}

static void test_plan_unknown_revision(void **state)
{
	fixture *f = *state;
	jh_diagnostics warnings = { 0 };
	jh_diagnostics errors = { 0 };
	jh_plan_options options;
	jh_repo *repo = NULL;
	jh_plan *plan = NULL;
	jh_error err;

	jh_error_clear(&err);
	build_history(f);
	assert_int_equal(jh_repo_open(&repo, f->dir, &err), JH_OK);

	plan_options(&options, "no-such-branch");
	assert_int_equal(jh_plan_build(&plan, repo, &options, &warnings, &errors, &err),
			 JH_ENOTFOUND);
	assert_null(plan);
	assert_int_equal(err.code, JH_ENOTFOUND);

	jh_repo_free(repo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plan_build, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_plan_no_changes, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_plan_unknown_revision, fixture_setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
