#ifndef JOBHASH_REWRITE_H
#define JOBHASH_REWRITE_H

/*
 * Renaming Jobs to BASE-HASH by surgical edits of the original text: only
 * the bytes of metadata.name change and one label is added or updated;
 * every other byte stays as it was.
 */

#include <stdbool.h>
#include <stddef.h>

#include "jobhash/buf.h"
#include "jobhash/error.h"
#include "jobhash/manifest.h"
#include "jobhash/scan.h"

#define JH_DEFAULT_LABEL_KEY "jobhash.io/hash"
#define JH_SKIP_ANNOTATION "jobhash.io/skip"

/* Maximum length of a Job name, a DNS subdomain. */
#define JH_NAME_MAX 253
/* Maximum length of a label value, which the job-name pod label copies from the name. */
#define JH_LABEL_VALUE_MAX 63

/*
 * Decides whether the Job NAMESPACE/NAME is renamed. NAME is the Job's
 * identity: its name without a hash suffix that its label confirms. HASH
 * is the full hash v1 of the Job.
 */
typedef bool (*jh_rename_filter)(void *context, const char *namespace, const char *name,
				 const char *hash);

typedef struct jh_rewrite_options {
	jh_scan_options scan;      /* strictness, limits, default namespace */
	int hash_length;           /* characters of the hash used as the suffix */
	const char *label_key;     /* NULL means JH_DEFAULT_LABEL_KEY */
	jh_rename_filter filter;   /* NULL renames every eligible Job */
	void *filter_context;
} jh_rewrite_options;

/* One renamed Job. */
typedef struct jh_rename {
	char *namespace;
	char *old_name;
	char *new_name;
	unsigned line;             /* 1-based line of metadata.name in the input */
	bool stale;                /* carried the label with a hash that no longer matches */
} jh_rename;

typedef struct jh_rename_list {
	jh_rename *items;
	size_t count;
	size_t capacity;
} jh_rename_list;

/*
 * Rewrites the LEN bytes at TEXT, read from PATH. Appends the new text to
 * OUT (identical to the input when nothing changes) and one entry per
 * renamed Job to RENAMES. A Job that cannot be edited safely (its name
 * comes from an alias or a merge key, say) is an error located at it, and
 * OUT and RENAMES are then left unchanged.
 */
int jh_rewrite_text(jh_buf *out, jh_rename_list *renames, const char *path,
		    const char *text, size_t len, const jh_rewrite_options *options,
		    jh_diagnostics *diagnostics, jh_error *err);

void jh_rename_list_free(jh_rename_list *list);

/*
 * Returns the longest name JOB may have: 63 characters so that the
 * job-name pod label fits, 63 - 1 - digits(completions - 1) for an Indexed
 * Job (pod host names are NAME-INDEX; absent completions count as one
 * digit), and 253 with manualSelector: true and no Indexed mode.
 */
size_t jh_job_name_limit(const jh_object *job);

/*
 * Builds BASE-SUFFIX in OUT (SIZE bytes), truncating BASE so that the
 * result has at most LIMIT characters; a truncated base never ends in '-'
 * or '.'. Returns JH_EINVALID when nothing of BASE would remain.
 */
int jh_job_name_with_suffix(char *out, size_t size, const char *base,
			    const char *suffix, size_t limit);

/*
 * Returns the value of LABEL_KEY in JOB's metadata.labels when it is a
 * string and the name of JOB ends with "-" and that value, else NULL.
 */
const char *jh_job_confirmed_suffix(const jh_object *job, const char *label_key);

/*
 * Returns true when JOB carries LABEL_KEY, its name ends with "-" and the
 * label's value, and that value is not the first HASH_LENGTH characters of
 * HASH: the template changed after the last rewrite.
 */
bool jh_job_suffix_is_stale(const jh_object *job, const char *label_key, const char *hash,
			    int hash_length);

#endif
