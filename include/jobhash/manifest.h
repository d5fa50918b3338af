#ifndef JOBHASH_MANIFEST_H
#define JOBHASH_MANIFEST_H

/*
 * Kubernetes objects in loaded files: identity (API group, kind,
 * namespace, name), List expansion, which objects are Jobs, and which
 * Jobs a GitOps tool recreates on its own.
 */

#include <stdbool.h>
#include <stddef.h>

#include "jobhash/error.h"
#include "jobhash/node.h"
#include "jobhash/yaml.h"

typedef struct jh_object {
	const jh_node *node;       /* the object's mapping, in the file's arena */
	const jh_file *file;       /* the file it came from (borrowed) */
	size_t document;           /* index of its document in the file */
	unsigned line;             /* 1-based line where the object starts */
	const char *group;         /* API group; "" for the core group */
	const char *kind;
	const char *namespace;     /* metadata.namespace, else the default; may be "" */
	const char *name;          /* metadata.name; NULL when absent */
	const char *generate_name; /* metadata.generateName; NULL when absent */
	bool from_list;            /* an item of a List */
} jh_object;

typedef struct jh_object_list {
	jh_object *items;
	size_t count;
	size_t capacity;
} jh_object_list;

typedef struct jh_manifest_options {
	const char *default_namespace; /* used when metadata.namespace is absent; may be NULL */
} jh_manifest_options;

/*
 * Appends to LIST the Kubernetes objects of FILE: every document that is a
 * mapping with apiVersion and kind, with Lists (any object with non-null
 * items) replaced by their items, recursively. Documents that are not
 * objects (values files, say) are passed over silently. A malformed object
 * (metadata that is not a mapping, a name that is not a string) is an
 * error located at it.
 */
int jh_collect_objects(jh_object_list *list, const jh_file *file,
		       const jh_manifest_options *options, jh_error *err);

void jh_object_list_free(jh_object_list *list);

/* Returns true for a Kubernetes Job: API group "batch", kind "Job" (hash.md rule 1). */
bool jh_object_is_job(const jh_object *object);

/* How a Job is treated when its immutable spec changes. */
typedef enum jh_job_policy {
	JH_JOB_MANAGED,          /* an ordinary Job: must be deleted before the push */
	JH_JOB_RECREATED,        /* its tool deletes and recreates it: skipped */
	JH_JOB_HOOK_APPLIED,     /* a named hook its tool applies in place: must be deleted */
} jh_job_policy;

/*
 * Decides how JOB is treated, from its annotations and labels, and writes
 * a short human reason to REASON (SIZE bytes) for the two non-managed
 * cases (empty for JH_JOB_MANAGED).
 */
jh_job_policy jh_job_classify(const jh_object *job, char *reason, size_t size);

/* Returns true for a namespace Kubernetes accepts: a DNS-1123 label. */
bool jh_namespace_is_valid(const char *namespace);

/* Returns "NAMESPACE/NAME", or "NAME" when the namespace is empty, in BUF. */
const char *jh_object_display_name(const jh_object *object, char *buf, size_t size);

#endif
