/* The deletions a push needs; see include/jobhash/plan.h. */

#include "jobhash/plan.h"

#include <stdlib.h>
#include <string.h>

#include "jobhash/array.h"
#include "jobhash/rewrite.h"

typedef struct plan_loader {
	jh_plan *plan;
	const jh_plan_options *options;
	jh_diagnostics *diagnostics;
	jh_diagnostics *errors;
} plan_loader;

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

static int compare_objects(const void *a, const void *b)
{
	return compare_identity(a, b);
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

/*
 * Sorts JOBS by identity and warns about identities defined more than
 * once; the later definition in path order wins, as the one applied last.
 */
static int sort_and_check_duplicates(jh_object_list *jobs, jh_diagnostics *diagnostics)
{
	size_t kept = 0;

	drop_unnamed(jobs);
	if (jobs->count > 1)
		qsort(jobs->items, jobs->count, sizeof(*jobs->items), compare_objects);

	for (size_t i = 0; i < jobs->count; i++) {
		if (kept > 0 && compare_identity(&jobs->items[kept - 1], &jobs->items[i]) == 0) {
			const jh_object *first = &jobs->items[kept - 1];
			const jh_object *second = &jobs->items[i];
			char name[512];

			if (jh_diagnostics_add(diagnostics, second->file->path, second->line, 0,
					       "Job %s is also defined at %s:%u; this definition is used",
					       jh_object_display_name(second, name, sizeof(name)),
					       first->file->path, first->line) != JH_OK)
				return JH_ENOMEM;
			jobs->items[kept - 1] = *second;
			continue;
		}
		jobs->items[kept++] = jobs->items[i];
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

/* Walks both sorted lists together and compares the Jobs present on both sides. */
static int match_jobs(jh_plan *plan, jh_error *err)
{
	jh_digest *digest = NULL;
	size_t i = 0;
	size_t j = 0;
	int rc;

	rc = jh_digest_new(&digest, err);
	if (rc != JH_OK)
		return rc;

	while (i < plan->old_jobs.count && j < plan->new_jobs.count) {
		const jh_object *old_job = &plan->old_jobs.items[i];
		const jh_object *new_job = &plan->new_jobs.items[j];
		int order = compare_identity(old_job, new_job);

		if (order < 0) {
			i++;
			continue;
		}
		if (order > 0) {
			j++;
			continue;
		}

		rc = compare_job(plan, digest, old_job, new_job, err);
		if (rc != JH_OK)
			break;
		i++;
		j++;
	}

	jh_digest_free(digest);
	return rc;
}

static int compare_entries(const void *a, const void *b)
{
	const jh_plan_entry *x = a;
	const jh_plan_entry *y = b;
	int c = strcmp(x->new_job->file->path, y->new_job->file->path);

	if (c != 0)
		return c;
	return (x->new_job->line > y->new_job->line) - (x->new_job->line < y->new_job->line);
}

int jh_plan_build(jh_plan **out, jh_repo *repo, const jh_plan_options *options,
		  jh_diagnostics *diagnostics, jh_diagnostics *errors,
		  jh_error *err)
{
	jh_plan *plan = NULL;
	jh_digest *digest = NULL;
	plan_loader loader;
	int rc;

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

	loader.plan = plan;
	loader.options = options;
	loader.diagnostics = diagnostics;
	loader.errors = errors;
	rc = jh_repo_each_changed_blob(repo, plan->deployed, plan->head, options->spec,
				       options->scan.load.max_file_size, load_side,
				       &loader, err);
	if (rc != JH_OK)
		goto done;

	rc = sort_and_check_duplicates(&plan->old_jobs, diagnostics);
	if (rc == JH_OK)
		rc = sort_and_check_duplicates(&plan->new_jobs, diagnostics);
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
