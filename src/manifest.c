/* Kubernetes objects in loaded files; see include/jobhash/manifest.h. */

#include "jobhash/manifest.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jobhash/arena.h"
#include "jobhash/array.h"

/* Lists inside lists are expanded too; this bounds the recursion. */
#define MAX_LIST_DEPTH 16

static int list_append(jh_object_list *list, const jh_object *object)
{
	if (JH_ARRAY_RESERVE(list->items, list->capacity, list->count, 16) != JH_OK)
		return JH_ENOMEM;

	list->items[list->count++] = *object;
	return JH_OK;
}

void jh_object_list_free(jh_object_list *list)
{
	if (list == NULL)
		return;
	free(list->items);
	list->items = NULL;
	list->count = 0;
	list->capacity = 0;
}

/* Returns the API group of an apiVersion: "batch" for "batch/v1", "" for "v1". */
static const char *api_group(jh_arena *arena, const char *api_version)
{
	const char *slash = strchr(api_version, '/');

	if (slash == NULL)
		return "";
	return jh_arena_strndup(arena, api_version, (size_t)(slash - api_version));
}

static int invalid_field(const jh_file *file, const jh_node *node,
			 const char *field, const char *expected, jh_error *err)
{
	/* Of the kind names, only "integer" starts with a vowel. */
	const char *article = node->kind == JH_INT ? "an" : "a";

	return jh_error_set(err, JH_EINVALID, file->path, node->span.line,
			    node->span.column, "%s must be %s, not %s %s", field,
			    expected, article, jh_kind_name(node->kind));
}

static bool is_alphanumeric(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/*
 * A DNS-1123 label of at most MAX characters: lowercase letters, digits and
 * '-', alphanumeric at both ends.
 */
static bool is_dns_label(const char *s, size_t len, size_t max)
{
	if (len == 0 || len > max || !is_alphanumeric(s[0]) || !is_alphanumeric(s[len - 1]))
		return false;
	for (size_t i = 0; i < len; i++)
		if (!is_alphanumeric(s[i]) && s[i] != '-')
			return false;
	return true;
}

/*
 * A DNS-1123 subdomain as Kubernetes checks it: dot-separated labels, at
 * most 253 characters in all. Kubernetes does not limit each label to 63.
 */
static bool is_dns_subdomain(const char *s)
{
	size_t len = strlen(s);
	const char *label = s;

	if (len == 0 || len > 253)
		return false;
	for (;;) {
		const char *dot = strchr(label, '.');
		size_t label_len = dot != NULL ? (size_t)(dot - label) : strlen(label);

		if (!is_dns_label(label, label_len, 253))
			return false;
		if (dot == NULL)
			return true;
		label = dot + 1;
	}
}

bool jh_namespace_is_valid(const char *namespace)
{
	return is_dns_label(namespace, strlen(namespace), 63);
}

/*
 * Kubernetes rejects a Job whose name is not a DNS-1123 subdomain or whose
 * namespace is not a DNS-1123 label. Such a name must never reach a
 * kubectl command line, where "--all" would be read as an option.
 */
static int check_job_names(const jh_file *file, const jh_node *metadata,
			   const jh_object *job, jh_error *err)
{
	const jh_node *name = jh_map_get(metadata, "name");
	const jh_node *namespace = jh_map_get(metadata, "namespace");

	if (job->name != NULL && !is_dns_subdomain(job->name))
		return jh_error_set(err, JH_EINVALID, file->path, name->span.line,
				    name->span.column,
				    "invalid Job name '%s': Kubernetes requires lowercase letters, "
				    "digits, '-' and '.', starting and ending with a letter or digit, "
				    "at most 253 characters", job->name);

	if (job->namespace[0] != '\0' && !jh_namespace_is_valid(job->namespace)) {
		const jh_node *at = namespace != NULL && namespace->kind == JH_STRING ? namespace
										      : job->node;

		return jh_error_set(err, JH_EINVALID, file->path, at->span.line, at->span.column,
				    "invalid namespace '%s' for Job %s: Kubernetes requires lowercase "
				    "letters, digits and '-', starting and ending with a letter or "
				    "digit, at most 63 characters", job->namespace,
				    job->name != NULL ? job->name : "");
	}
	return JH_OK;
}

/* Reads an optional string field; a null value counts as absent. */
static int optional_string(const char **out, const jh_file *file,
			   const jh_node *map, const char *key,
			   const char *field, jh_error *err)
{
	const jh_node *value = jh_map_get(map, key);

	*out = NULL;
	if (value == NULL || value->kind == JH_NULL)
		return JH_OK;
	if (value->kind != JH_STRING)
		return invalid_field(file, value, field, "a string", err);

	*out = value->as.string.bytes;
	return JH_OK;
}

/*
 * kubectl decodes any object with a non-null "items" as a list. Only
 * documents that name a kind or an apiVersion are objects at all, so a JSON
 * schema or a values file with an "items" key is not a list.
 */
static bool is_list(const jh_node *node)
{
	const jh_node *items = jh_map_get(node, "items");

	if (items == NULL || items->kind == JH_NULL)
		return false;
	return jh_map_get(node, "kind") != NULL || jh_map_get(node, "apiVersion") != NULL;
}

/* The apiVersion and kind that the items of a typed list (JobList) inherit. */
typedef struct inherited_type {
	const char *api_version; /* NULL outside a list */
	const char *kind;        /* NULL when the list kind does not end in "List" */
} inherited_type;

static int collect_node(jh_object_list *list, const jh_file *file,
			size_t document, const jh_node *node,
			const jh_manifest_options *options, int depth,
			const inherited_type *inherited, jh_error *err);

/* Works out what the items of the list NODE inherit: "JobList" gives "Job". */
static int list_item_type(inherited_type *out, const jh_file *file, const jh_node *node,
			  jh_error *err)
{
	const char *kind = NULL;
	size_t len;
	int rc;

	out->api_version = NULL;
	out->kind = NULL;

	rc = optional_string(&out->api_version, file, node, "apiVersion", "apiVersion", err);
	if (rc == JH_OK)
		rc = optional_string(&kind, file, node, "kind", "kind", err);
	if (rc != JH_OK || kind == NULL)
		return rc;

	len = strlen(kind);
	if (len > 4 && strcmp(kind + len - 4, "List") == 0) {
		out->kind = jh_arena_strndup(file->arena, kind, len - 4);
		if (out->kind == NULL)
			return jh_error_nomem(err);
	}
	return JH_OK;
}

/*
 * Expands a List, as kubectl's FlattenListVisitor does. Each item is an
 * object, and an item without apiVersion and kind inherits the list's
 * apiVersion and the list's kind minus "List".
 */
static int collect_list(jh_object_list *list, const jh_file *file,
			size_t document, const jh_node *node,
			const jh_manifest_options *options, int depth,
			jh_error *err)
{
	const jh_node *items = jh_map_get(node, "items");
	inherited_type inherited;
	int rc;

	if (items->kind != JH_SEQ)
		return invalid_field(file, items, "items", "a list", err);
	if (depth >= MAX_LIST_DEPTH)
		return jh_error_set(err, JH_EINVALID, file->path, items->span.line,
				    items->span.column,
				    "lists nested more than %d levels deep",
				    MAX_LIST_DEPTH);

	rc = list_item_type(&inherited, file, node, err);
	if (rc != JH_OK)
		return rc;

	for (size_t i = 0; i < items->as.seq.count; i++) {
		const jh_node *item = items->as.seq.items[i];

		if (item->kind != JH_MAP)
			return invalid_field(file, item, "a list item", "a mapping", err);

		rc = collect_node(list, file, document, item, options, depth + 1, &inherited, err);
		if (rc != JH_OK)
			return rc;
	}
	return JH_OK;
}

static int collect_node(jh_object_list *list, const jh_file *file,
			size_t document, const jh_node *node,
			const jh_manifest_options *options, int depth,
			const inherited_type *inherited, jh_error *err)
{
	jh_object object;
	const jh_node *metadata;
	const char *api_version = NULL;
	const char *namespace = NULL;
	int rc;

	if (node == NULL || node->kind != JH_MAP)
		return JH_OK;

	if (is_list(node))
		return collect_list(list, file, document, node, options, depth, err);

	memset(&object, 0, sizeof(object));
	object.node = node;
	object.file = file;
	object.document = document;
	object.line = node->span.line;
	object.from_list = depth > 0;

	rc = optional_string(&api_version, file, node, "apiVersion", "apiVersion", err);
	if (rc == JH_OK)
		rc = optional_string(&object.kind, file, node, "kind", "kind", err);
	if (rc != JH_OK)
		return rc;

	/* An item of a typed list that names neither inherits both from the list. */
	if (api_version == NULL && object.kind == NULL && inherited != NULL) {
		api_version = inherited->api_version;
		object.kind = inherited->kind;
	}

	/* Not a Kubernetes object: a values file, a kustomize component, ... */
	if (api_version == NULL || object.kind == NULL)
		return JH_OK;

	object.group = api_group(file->arena, api_version);
	if (object.group == NULL)
		return jh_error_nomem(err);

	metadata = jh_map_get(node, "metadata");
	if (metadata != NULL && metadata->kind != JH_NULL && metadata->kind != JH_MAP)
		return invalid_field(file, metadata, "metadata", "a mapping", err);

	rc = optional_string(&object.name, file, metadata, "name", "metadata.name", err);
	if (rc == JH_OK)
		rc = optional_string(&object.generate_name, file, metadata,
				     "generateName", "metadata.generateName", err);
	if (rc == JH_OK)
		rc = optional_string(&namespace, file, metadata, "namespace",
				     "metadata.namespace", err);
	if (rc != JH_OK)
		return rc;

	if (namespace == NULL || namespace[0] == '\0')
		namespace = options != NULL && options->default_namespace != NULL
				    ? options->default_namespace
				    : "";
	object.namespace = namespace;

	if (jh_object_is_job(&object)) {
		rc = check_job_names(file, metadata, &object, err);
		if (rc != JH_OK)
			return rc;
	}

	if (list_append(list, &object) != JH_OK)
		return jh_error_nomem(err);
	return JH_OK;
}

int jh_collect_objects(jh_object_list *list, const jh_file *file,
		       const jh_manifest_options *options, jh_error *err)
{
	for (size_t i = 0; i < file->document_count; i++) {
		int rc = collect_node(list, file, i, file->documents[i].root,
				      options, 0, NULL, err);

		if (rc != JH_OK)
			return rc;
	}
	return JH_OK;
}

bool jh_object_is_job(const jh_object *object)
{
	return strcmp(object->group, "batch") == 0 && strcmp(object->kind, "Job") == 0;
}

/* Returns the string value of a metadata annotation or label, or NULL. */
static const char *metadata_string(const jh_object *object, const char *section,
				   const char *key)
{
	const jh_node *metadata = jh_map_get(object->node, "metadata");

	return jh_map_get_string(jh_map_get(metadata, section), key);
}

/*
 * Returns true when the comma-separated LIST contains ITEM, with blanks around
 * items ignored. Argo CD and Helm compare these values exactly, so case
 * matters: a policy Argo CD does not recognise must not count here.
 */
static bool list_contains(const char *list, const char *item)
{
	size_t item_len = strlen(item);
	const char *p = list;

	while (*p != '\0') {
		const char *end = strchr(p, ',');
		size_t len;

		if (end == NULL)
			end = p + strlen(p);
		while (p < end && isspace((unsigned char)*p))
			p++;
		len = (size_t)(end - p);
		while (len > 0 && isspace((unsigned char)p[len - 1]))
			len--;

		if (len == item_len && strncmp(p, item, len) == 0)
			return true;
		p = *end == ',' ? end + 1 : end;
	}
	return false;
}

/*
 * Argo CD hooks: with no delete policy Argo CD behaves as if
 * BeforeHookCreation were set, deleting the old hook before creating the
 * new one. A named hook whose policy leaves BeforeHookCreation out is
 * applied in place, so a changed spec fails like any other Job.
 */
static jh_job_policy classify_argocd_hook(const jh_object *job, const char *hook,
					  char *reason, size_t size)
{
	const char *policy = metadata_string(job, "annotations",
					     "argocd.argoproj.io/hook-delete-policy");

	if (policy == NULL || list_contains(policy, "BeforeHookCreation")) {
		snprintf(reason, size,
			 "Argo CD %s hook %s: Argo CD deletes and recreates it",
			 hook, policy == NULL ? "without a delete policy" : "with BeforeHookCreation");
		return JH_JOB_RECREATED;
	}

	snprintf(reason, size,
		 "Argo CD hook whose delete policy (%s) leaves out BeforeHookCreation: "
		 "Argo CD applies it in place, so the changed spec fails",
		 policy);
	return JH_JOB_HOOK_APPLIED;
}

/* Helm hooks: before-hook-creation is Helm's default delete policy. */
static jh_job_policy classify_helm_hook(const jh_object *job, const char *hook,
					char *reason, size_t size)
{
	const char *policy = metadata_string(job, "annotations", "helm.sh/hook-delete-policy");

	if (policy == NULL || list_contains(policy, "before-hook-creation")) {
		snprintf(reason, size,
			 "Helm %s hook %s: it is deleted and recreated on each run",
			 hook, policy == NULL ? "without a delete policy" : "with before-hook-creation");
		return JH_JOB_RECREATED;
	}

	snprintf(reason, size,
		 "Helm hook whose delete policy (%s) leaves out before-hook-creation: "
		 "it is applied in place, so the changed spec fails",
		 policy);
	return JH_JOB_HOOK_APPLIED;
}

static bool flux_force(const jh_object *job)
{
	const char *key = "kustomize.toolkit.fluxcd.io/force";
	const char *annotation = metadata_string(job, "annotations", key);
	const char *label = metadata_string(job, "labels", key);

	return (annotation != NULL && strcasecmp(annotation, "enabled") == 0) ||
	       (label != NULL && strcasecmp(label, "enabled") == 0);
}

jh_job_policy jh_job_classify(const jh_object *job, char *reason, size_t size)
{
	const char *argocd_hook = metadata_string(job, "annotations", "argocd.argoproj.io/hook");
	const char *helm_hook = metadata_string(job, "annotations", "helm.sh/hook");
	const char *sync_options = metadata_string(job, "annotations",
						   "argocd.argoproj.io/sync-options");

	reason[0] = '\0';

	if (job->name == NULL && job->generate_name != NULL) {
		snprintf(reason, size,
			 "metadata.generateName without a name: each sync creates a new Job");
		return JH_JOB_RECREATED;
	}

	/* Argo CD ignores Helm's hook annotations on objects that carry its own. */
	if (argocd_hook != NULL)
		return classify_argocd_hook(job, argocd_hook, reason, size);
	if (helm_hook != NULL)
		return classify_helm_hook(job, helm_hook, reason, size);

	if (sync_options != NULL && list_contains(sync_options, "Force=true") &&
	    list_contains(sync_options, "Replace=true")) {
		snprintf(reason, size,
			 "Argo CD sync options Force=true,Replace=true: Argo CD deletes and recreates it");
		return JH_JOB_RECREATED;
	}

	if (flux_force(job)) {
		snprintf(reason, size,
			 "kustomize.toolkit.fluxcd.io/force: enabled: Flux deletes and recreates it");
		return JH_JOB_RECREATED;
	}

	return JH_JOB_MANAGED;
}

const char *jh_object_display_name(const jh_object *object, char *buf, size_t size)
{
	const char *name = object->name != NULL ? object->name : object->generate_name;

	if (name == NULL)
		name = "";
	if (object->namespace[0] == '\0')
		snprintf(buf, size, "%s", name);
	else
		snprintf(buf, size, "%s/%s", object->namespace, name);
	return buf;
}
