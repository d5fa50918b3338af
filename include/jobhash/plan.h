#ifndef JOBHASH_PLAN_H
#define JOBHASH_PLAN_H

/*
 * The deletions a push needs: every Job present at the deployed revision
 * and at head under the same identity whose hash v1 differs, unless its
 * GitOps tool recreates it on its own.
 */

#include <stddef.h>

#include "jobhash/fielddiff.h"
#include "jobhash/git.h"
#include "jobhash/hash.h"
#include "jobhash/manifest.h"
#include "jobhash/scan.h"

typedef struct jh_plan_entry {
	const jh_object *old_job;
	const jh_object *new_job;
	char old_hash[JH_HASH_HEX_SIZE];
	char new_hash[JH_HASH_HEX_SIZE];
	jh_job_policy policy;
	char reason[512];       /* empty for an ordinary Job */
	jh_change_list changes; /* spec fields that differ */
} jh_plan_entry;

typedef struct jh_plan {
	char deployed[JH_OID_HEX_SIZE];
	char head[JH_OID_HEX_SIZE];
	jh_plan_entry *deletions;
	size_t deletion_count;
	jh_plan_entry *skipped;
	size_t skipped_count;
	size_t files_read;      /* changed files parsed on both sides */
	/* Storage that the entries point into. */
	jh_file **files;
	size_t file_count;
	jh_object_list old_jobs;
	jh_object_list new_jobs;
	jh_arena *arena;
} jh_plan;

typedef struct jh_plan_options {
	const char *deployed;       /* revision spec */
	const char *head;           /* revision spec; NULL means HEAD */
	const jh_pathspec *spec;
	jh_scan_options scan;
	const char *label_key;      /* label that confirms a hash suffix; NULL means the default */
} jh_plan_options;

/*
 * Builds the plan for REPO. Warnings go to DIAGNOSTICS. Invalid files are
 * recorded in ERRORS and the plan goes on without them; a failure that
 * stops the plan (a revision not found) returns a negative code with ERR
 * set.
 */
int jh_plan_build(jh_plan **out, jh_repo *repo, const jh_plan_options *options,
		  jh_diagnostics *diagnostics, jh_diagnostics *errors,
		  jh_error *err);

void jh_plan_free(jh_plan *plan);

#endif
