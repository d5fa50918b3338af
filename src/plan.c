/* The deletions a push needs; see include/jobhash/plan.h. */

#include "jobhash/plan.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "jobhash/array.h"
#include "jobhash/kustomize.h"
#include "jobhash/rewrite.h"

/* Where kustomization files of one side are read from. */
typedef struct side_tree {
	jh_repo *repo;
	const char *oid;
	size_t max_file_size;
} side_tree;

typedef struct plan_loader {
	jh_plan *plan;
	const jh_plan_options *options;
	jh_diagnostics *diagnostics;
	jh_diagnostics *errors;
	jh_kustomize *kustomize[2]; /* by jh_side */
} plan_loader;

static int read_side_path(void *context, const char *path, jh_buf *out, jh_error *err)
{
	const side_tree *tree = context;

	return jh_repo_read_path(out, tree->repo, tree->oid, path, tree->max_file_size, err);
}

static int keep_file(jh_plan *plan, jh_file *file)
{
	jh_file **files = realloc(plan->files, (plan->file_count + 1) * sizeof(*files));

	if (files == NULL)
		return JH_ENOMEM;
	plan->files = files;
	plan->files[plan->file_count++] = file;
	return JH_OK;
}

/* Keeps only the named Jobs of OBJECTS, appending them to JOBS. */
static int keep_jobs(jh_object_list *jobs, const jh_object_list *objects)
{
	for (size_t i = 0; i < objects->count; i++) {
		const jh_object *object = &objects->items[i];

		if (!jh_object_is_job(object))
			continue;

		if (JH_ARRAY_RESERVE(jobs->items, jobs->capacity, jobs->count, 16) != JH_OK)
			return JH_ENOMEM;
		jobs->items[jobs->count++] = *object;
	}
	return JH_OK;
}

static int load_side(void *context, jh_side side, const char *path,
		     const char *bytes, size_t len, jh_error *err)
{
	plan_loader *loader = context;
	jh_plan *plan = loader->plan;
	jh_object_list objects = { 0 };
	jh_file *file = NULL;
	int rc;

	rc = jh_scan_load(&file, &loader->options->scan, path, bytes, len,
			  loader->diagnostics, err);
	if (rc == JH_ENOMEM)
		goto done;
	if (rc != JH_OK) {
		/* Invalid input in one file: report it and plan the rest. */
		rc = jh_diagnostics_add_error(loader->errors, err) == JH_OK ? JH_OK
									 : jh_error_nomem(err);
		jh_error_clear(err);
		goto done;
	}
	plan->files_read++;
	if (file == NULL)
		goto done;

	rc = jh_collect_objects(&objects, file, &loader->options->scan.manifest, err);
	if (rc == JH_OK)
		rc = jh_kustomize_apply(loader->kustomize[side], &objects, 0, path, err);
	if (rc != JH_OK) {
		jh_file_free(file);
		rc = jh_diagnostics_add_error(loader->errors, err) == JH_OK ? JH_OK
									 : jh_error_nomem(err);
		jh_error_clear(err);
		goto done;
	}

	if (keep_file(plan, file) != JH_OK) {
		jh_file_free(file);
		rc = jh_error_nomem(err);
		goto done;
	}

	rc = keep_jobs(side == JH_SIDE_OLD ? &plan->old_jobs : &plan->new_jobs, &objects);
	if (rc != JH_OK)
		rc = jh_error_nomem(err);

done:
	jh_object_list_free(&objects);
	return rc;
}

static int compare_identity(const jh_object *a, const jh_object *b)
{
	int c = strcmp(a->group, b->group);

	if (c == 0)
		c = strcmp(a->kind, b->kind);
	if (c == 0)
		c = strcmp(a->namespace, b->namespace);
	if (c == 0)
		c = strcmp(a->name, b->name);
	return c;
}

/* Drops Jobs without a name: they have no identity to match across revisions. */
static void drop_unnamed(jh_object_list *jobs)
{
	size_t kept = 0;

	for (size_t i = 0; i < jobs->count; i++)
		if (jobs->items[i].name != NULL)
			jobs->items[kept++] = jobs->items[i];
	jobs->count = kept;
}

static int compare_location(const jh_object *a, const jh_object *b)
{
	int c = strcmp(a->file->path, b->file->path);

	if (c != 0)
		return c;
	return (a->line > b->line) - (a->line < b->line);
}

static int compare_objects(const void *a, const void *b)
{
	int c = compare_identity(a, b);

	return c != 0 ? c : compare_location(a, b);
}

/*
 * Sorts JOBS by identity, then by place. The same identity in two files is
 * common (one overlay per cluster), and such Jobs are matched by path later.
 * Twice in one file, kubectl applies both and the later one wins, so only
 * that one is kept, with a warning.
 */
static int sort_jobs(jh_object_list *jobs, jh_diagnostics *diagnostics)
{
	size_t kept = 0;

	drop_unnamed(jobs);
	if (jobs->count > 1)
		qsort(jobs->items, jobs->count, sizeof(*jobs->items), compare_objects);

	for (size_t i = 0; i < jobs->count; i++) {
		const jh_object *previous = kept > 0 ? &jobs->items[kept - 1] : NULL;
		const jh_object *job = &jobs->items[i];
		char name[512];

		if (previous == NULL || compare_identity(previous, job) != 0 ||
		    previous->file != job->file) {
			jobs->items[kept++] = *job;
			continue;
		}

		if (jh_diagnostics_add(diagnostics, job->file->path, job->line, 0,
				       "Job %s is also defined at line %u of the same file; "
				       "this later definition is used, as kubectl uses it",
				       jh_object_display_name(job, name, sizeof(name)),
				       previous->line) != JH_OK)
			return JH_ENOMEM;
		jobs->items[kept - 1] = *job;
	}
	jobs->count = kept;
	return JH_OK;
}

static int append_entry(jh_plan_entry **entries, size_t *count, const jh_plan_entry *entry)
{
	jh_plan_entry *items = realloc(*entries, (*count + 1) * sizeof(*items));

	if (items == NULL)
		return JH_ENOMEM;
	*entries = items;
	items[(*count)++] = *entry;
	return JH_OK;
}

static int compare_job(jh_plan *plan, jh_digest *digest, const jh_object *old_job,
		       const jh_object *new_job, jh_error *err)
{
	jh_plan_entry entry;
	jh_node *old_input = NULL;
	jh_node *new_input = NULL;
	int rc;

	memset(&entry, 0, sizeof(entry));
	entry.old_job = old_job;
	entry.new_job = new_job;

	rc = jh_hash_job(entry.old_hash, digest, old_job->node, plan->arena, err);
	if (rc == JH_OK)
		rc = jh_hash_job(entry.new_hash, digest, new_job->node, plan->arena, err);
	if (rc != JH_OK || strcmp(entry.old_hash, entry.new_hash) == 0)
		return rc;

	entry.policy = jh_job_classify(new_job, entry.reason, sizeof(entry.reason));

	rc = jh_hash_input(&old_input, plan->arena, old_job->node, err);
	if (rc == JH_OK)
		rc = jh_hash_input(&new_input, plan->arena, new_job->node, err);
	if (rc == JH_OK)
		rc = jh_diff_fields(&entry.changes, "spec", old_input, new_input, err);
	if (rc != JH_OK) {
		jh_change_list_free(&entry.changes);
		return rc;
	}

	if (entry.policy == JH_JOB_RECREATED)
		rc = append_entry(&plan->skipped, &plan->skipped_count, &entry);
	else
		rc = append_entry(&plan->deletions, &plan->deletion_count, &entry);
	if (rc != JH_OK) {
		jh_change_list_free(&entry.changes);
		return jh_error_nomem(err);
	}
	return JH_OK;
}

/*
 * Warns about Jobs at head whose name carries a hash suffix, confirmed by
 * the label, that no longer matches their spec: someone changed the
 * template without running rewrite, so the name will not change and the
 * sync will fail.
 */
static int check_stale_suffixes(jh_plan *plan, jh_digest *digest, const char *label_key,
				jh_diagnostics *diagnostics, jh_error *err)
{
	for (size_t i = 0; i < plan->new_jobs.count; i++) {
		const jh_object *job = &plan->new_jobs.items[i];
		const char *suffix = jh_job_confirmed_suffix(job, label_key);
		char hash[JH_HASH_HEX_SIZE];
		char name[512];
		int rc;

		if (suffix == NULL)
			continue;
		rc = jh_hash_job(hash, digest, job->node, plan->arena, err);
		if (rc != JH_OK)
			return rc;
		if (strncmp(suffix, hash, strlen(suffix)) == 0)
			continue;

		if (jh_diagnostics_add(diagnostics, job->file->path, job->line, 0,
				       "Job %s: hash suffix '%s' is stale, the spec now hashes to "
				       "'%.*s'; run 'jobhash rewrite' to rename it",
				       jh_object_display_name(job, name, sizeof(name)), suffix,
				       (int)strlen(suffix), hash) != JH_OK)
			return jh_error_nomem(err);
	}
	return JH_OK;
}

/* Returns the end of the run of Jobs with the identity of JOBS->items[START]. */
static size_t identity_run_end(const jh_object_list *jobs, size_t start)
{
	size_t end = start + 1;

	while (end < jobs->count && compare_identity(&jobs->items[start], &jobs->items[end]) == 0)
		end++;
	return end;
}

/*
 * Matches the Jobs that share one identity: OLD_COUNT at OLD, NEW_COUNT at
 * NEW. One on each side is the same Job wherever it moved. With several
 * (the same Job in one overlay per cluster), Jobs in the same file are
 * paired first. A Job left over is unchanged when a leftover old Job has
 * its hash. Otherwise it is compared with the first leftover old Job, so
 * that a change is never lost.
 */
static int match_identity(jh_plan *plan, jh_digest *digest, const jh_object *old_jobs,
			  size_t old_count, const jh_object *new_jobs, size_t new_count,
			  jh_error *err)
{
	bool *old_used = NULL;
	bool *new_used = NULL;
	int rc = JH_OK;

	if (old_count == 1 && new_count == 1)
		return compare_job(plan, digest, &old_jobs[0], &new_jobs[0], err);

	old_used = calloc(old_count, sizeof(*old_used));
	new_used = calloc(new_count, sizeof(*new_used));
	if (old_used == NULL || new_used == NULL) {
		rc = jh_error_nomem(err);
		goto done;
	}

	for (size_t n = 0; rc == JH_OK && n < new_count; n++) {
		for (size_t o = 0; o < old_count; o++) {
			if (old_used[o] ||
			    strcmp(old_jobs[o].file->path, new_jobs[n].file->path) != 0)
				continue;
			old_used[o] = new_used[n] = true;
			rc = compare_job(plan, digest, &old_jobs[o], &new_jobs[n], err);
			break;
		}
	}

	for (size_t n = 0; rc == JH_OK && n < new_count; n++) {
		char new_hash[JH_HASH_HEX_SIZE];
		size_t partner = old_count;

		if (new_used[n])
			continue;
		rc = jh_hash_job(new_hash, digest, new_jobs[n].node, plan->arena, err);

		for (size_t o = 0; rc == JH_OK && o < old_count; o++) {
			char old_hash[JH_HASH_HEX_SIZE];

			if (old_used[o])
				continue;
			if (partner == old_count)
				partner = o;
			rc = jh_hash_job(old_hash, digest, old_jobs[o].node, plan->arena, err);
			if (rc == JH_OK && strcmp(old_hash, new_hash) == 0) {
				partner = o;
				break;
			}
		}

		if (rc == JH_OK && partner < old_count) {
			old_used[partner] = true;
			rc = compare_job(plan, digest, &old_jobs[partner], &new_jobs[n], err);
		}
	}

done:
	free(new_used);
	free(old_used);
	return rc;
}

/* Walks both sorted lists together and matches the Jobs present on both sides. */
static int match_jobs(jh_plan *plan, jh_error *err)
{
	jh_digest *digest = NULL;
	size_t i = 0;
	size_t j = 0;
	int rc;

	rc = jh_digest_new(&digest, err);
	if (rc != JH_OK)
		return rc;

	while (rc == JH_OK && i < plan->old_jobs.count && j < plan->new_jobs.count) {
		const jh_object *old_job = &plan->old_jobs.items[i];
		const jh_object *new_job = &plan->new_jobs.items[j];
		int order = compare_identity(old_job, new_job);
		size_t old_end;
		size_t new_end;

		if (order < 0) {
			i++;
			continue;
		}
		if (order > 0) {
			j++;
			continue;
		}

		old_end = identity_run_end(&plan->old_jobs, i);
		new_end = identity_run_end(&plan->new_jobs, j);
		rc = match_identity(plan, digest, old_job, old_end - i, new_job, new_end - j, err);
		i = old_end;
		j = new_end;
	}

	jh_digest_free(digest);
	return rc;
}

static int compare_entries(const void *a, const void *b)
{
	return compare_location(((const jh_plan_entry *)a)->new_job,
				((const jh_plan_entry *)b)->new_job);
}

int jh_plan_build(jh_plan **out, jh_repo *repo, const jh_plan_options *options,
		  jh_diagnostics *diagnostics, jh_diagnostics *errors,
		  jh_error *err)
{
	jh_plan *plan = NULL;
	jh_digest *digest = NULL;
	plan_loader loader;
	side_tree trees[2];
	int rc;

	memset(&loader, 0, sizeof(loader));

	*out = NULL;

	plan = calloc(1, sizeof(*plan));
	if (plan == NULL || (plan->arena = jh_arena_new()) == NULL) {
		rc = jh_error_nomem(err);
		goto done;
	}

	rc = jh_repo_resolve(repo, options->deployed, plan->deployed, err);
	if (rc == JH_OK)
		rc = jh_repo_resolve(repo, options->head != NULL ? options->head : "HEAD",
				     plan->head, err);
	if (rc != JH_OK)
		goto done;

	memset(&loader, 0, sizeof(loader));
	loader.plan = plan;
	loader.options = options;
	loader.diagnostics = diagnostics;
	loader.errors = errors;
	trees[JH_SIDE_OLD] = (side_tree){ repo, plan->deployed, options->scan.load.max_file_size };
	trees[JH_SIDE_NEW] = (side_tree){ repo, plan->head, options->scan.load.max_file_size };
	rc = jh_kustomize_new(&loader.kustomize[JH_SIDE_OLD], read_side_path, &trees[JH_SIDE_OLD]);
	if (rc == JH_OK)
		rc = jh_kustomize_new(&loader.kustomize[JH_SIDE_NEW], read_side_path,
				      &trees[JH_SIDE_NEW]);
	if (rc != JH_OK) {
		rc = jh_error_nomem(err);
		goto done;
	}

	rc = jh_repo_each_changed_blob(repo, plan->deployed, plan->head, options->spec,
				       options->scan.load.max_file_size, load_side,
				       &loader, err);
	if (rc != JH_OK)
		goto done;

	rc = sort_jobs(&plan->old_jobs, diagnostics);
	if (rc == JH_OK)
		rc = sort_jobs(&plan->new_jobs, diagnostics);
	if (rc != JH_OK) {
		rc = jh_error_nomem(err);
		goto done;
	}

	rc = match_jobs(plan, err);
	if (rc != JH_OK)
		goto done;

	rc = jh_digest_new(&digest, err);
	if (rc == JH_OK)
		rc = check_stale_suffixes(plan, digest,
					  options->label_key != NULL ? options->label_key
								     : JH_DEFAULT_LABEL_KEY,
					  diagnostics, err);
	if (rc != JH_OK)
		goto done;

	if (plan->deletion_count > 1)
		qsort(plan->deletions, plan->deletion_count, sizeof(*plan->deletions), compare_entries);
	if (plan->skipped_count > 1)
		qsort(plan->skipped, plan->skipped_count, sizeof(*plan->skipped), compare_entries);

	*out = plan;
	plan = NULL;

done:
	jh_kustomize_free(loader.kustomize[JH_SIDE_OLD]);
	jh_kustomize_free(loader.kustomize[JH_SIDE_NEW]);
	jh_digest_free(digest);
	jh_plan_free(plan);
	return rc;
}

static void free_entries(jh_plan_entry *entries, size_t count)
{
	for (size_t i = 0; i < count; i++)
		jh_change_list_free(&entries[i].changes);
	free(entries);
}

void jh_plan_free(jh_plan *plan)
{
	if (plan == NULL)
		return;

	free_entries(plan->deletions, plan->deletion_count);
	free_entries(plan->skipped, plan->skipped_count);
	jh_object_list_free(&plan->old_jobs);
	jh_object_list_free(&plan->new_jobs);
	for (size_t i = 0; i < plan->file_count; i++)
		jh_file_free(plan->files[i]);
	free(plan->files);
	jh_arena_free(plan->arena);
	free(plan);
}
