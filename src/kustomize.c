/* The namespace kustomize gives a manifest; see include/jobhash/kustomize.h. */

#include "jobhash/kustomize.h"

#include <stdlib.h>
#include <string.h>

#include "jobhash/arena.h"
#include "jobhash/array.h"
#include "jobhash/yaml.h"

/* The settings of one directory's kustomization, read once. */
typedef struct directory_entry {
	char *directory;   /* "" for the root, else without a trailing "/" */
	char *namespace;   /* NULL when no kustomization sets one */
	char **resources;  /* file names of the directory listed under resources */
	size_t resource_count;
} directory_entry;

struct jh_kustomize {
	jh_kustomize_read_fn read;
	void *context;
	directory_entry *entries;
	size_t count;
	size_t capacity;
};

/* The file names kustomize looks for, in its order. */
static const char *const kustomization_names[] = {
	"kustomization.yaml",
	"kustomization.yml",
	"Kustomization",
};

int jh_kustomize_new(jh_kustomize **out, jh_kustomize_read_fn read, void *context)
{
	jh_kustomize *kustomize = calloc(1, sizeof(*kustomize));

	*out = NULL;
	if (kustomize == NULL)
		return JH_ENOMEM;
	kustomize->read = read;
	kustomize->context = context;
	*out = kustomize;
	return JH_OK;
}

static void free_entry(directory_entry *entry)
{
	free(entry->directory);
	free(entry->namespace);
	for (size_t i = 0; i < entry->resource_count; i++)
		free(entry->resources[i]);
	free(entry->resources);
}

void jh_kustomize_free(jh_kustomize *kustomize)
{
	if (kustomize == NULL)
		return;
	for (size_t i = 0; i < kustomize->count; i++)
		free_entry(&kustomize->entries[i]);
	free(kustomize->entries);
	free(kustomize);
}

/* Returns the resource as a file name of the directory itself, or NULL for anything else. */
static const char *local_file_name(const char *resource)
{
	while (strncmp(resource, "./", 2) == 0)
		resource += 2;
	if (resource[0] == '\0' || strchr(resource, '/') != NULL || strstr(resource, "://") != NULL)
		return NULL;
	return resource;
}

/* Fills ENTRY from the kustomization TEXT; a file kustomize could not read sets nothing. */
static int read_kustomization(directory_entry *entry, const char *path, const jh_buf *text)
{
	jh_diagnostics ignored = { 0 };
	jh_load_options options = { 0 };
	jh_file *file = NULL;
	jh_error err;
	const jh_node *root;
	const jh_node *resources;
	const char *namespace;
	int rc = JH_OK;

	if (jh_load(&file, path, text->data != NULL ? text->data : "", text->len, &options,
		    &ignored, &err) != JH_OK || file->document_count == 0)
		goto done;

	root = file->documents[0].root;
	namespace = jh_map_get_string(root, "namespace");
	resources = jh_map_get(root, "resources");
	if (namespace == NULL || namespace[0] == '\0' || resources == NULL ||
	    resources->kind != JH_SEQ)
		goto done;

	entry->namespace = strdup(namespace);
	entry->resources = calloc(resources->as.seq.count + 1, sizeof(*entry->resources));
	if (entry->namespace == NULL || entry->resources == NULL) {
		rc = JH_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < resources->as.seq.count; i++) {
		const jh_node *item = resources->as.seq.items[i];
		const char *name;

		if (item->kind != JH_STRING || (name = local_file_name(item->as.string.bytes)) == NULL)
			continue;
		entry->resources[entry->resource_count] = strdup(name);
		if (entry->resources[entry->resource_count] == NULL) {
			rc = JH_ENOMEM;
			goto done;
		}
		entry->resource_count++;
	}

done:
	jh_file_free(file);
	jh_diagnostics_free(&ignored);
	return rc;
}

/* Returns the cached entry of DIRECTORY, reading its kustomization on first use. */
static int find_directory(directory_entry **out, jh_kustomize *kustomize, const char *directory,
			  jh_error *err)
{
	jh_buf path = JH_BUF_INIT;
	jh_buf text = JH_BUF_INIT;
	directory_entry *entry;
	int rc = JH_OK;

	for (size_t i = 0; i < kustomize->count; i++) {
		if (strcmp(kustomize->entries[i].directory, directory) == 0) {
			*out = &kustomize->entries[i];
			return JH_OK;
		}
	}

	if (JH_ARRAY_RESERVE(kustomize->entries, kustomize->capacity, kustomize->count, 8) != JH_OK)
		return jh_error_nomem(err);
	entry = &kustomize->entries[kustomize->count];
	memset(entry, 0, sizeof(*entry));
	entry->directory = strdup(directory);
	if (entry->directory == NULL)
		return jh_error_nomem(err);
	kustomize->count++;

	for (size_t n = 0; n < sizeof(kustomization_names) / sizeof(kustomization_names[0]); n++) {
		jh_buf_clear(&path);
		if (jh_buf_printf(&path, "%s%s%s", directory, directory[0] != '\0' ? "/" : "",
				  kustomization_names[n]) != JH_OK) {
			rc = jh_error_nomem(err);
			break;
		}
		rc = kustomize->read(kustomize->context, path.data, &text, err);
		if (rc == JH_ENOTFOUND) {
			rc = JH_OK;
			continue;
		}
		if (rc == JH_OK && read_kustomization(entry, path.data, &text) != JH_OK)
			rc = jh_error_nomem(err);
		break;
	}

	*out = entry;
	jh_buf_free(&text);
	jh_buf_free(&path);
	return rc;
}

int jh_kustomize_apply(jh_kustomize *kustomize, jh_object_list *objects, size_t first,
		       const char *path, jh_error *err)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash != NULL ? slash + 1 : path;
	char *directory = strndup(path, slash != NULL ? (size_t)(slash - path) : 0);
	directory_entry *entry = NULL;
	bool listed = false;
	int rc;

	if (directory == NULL)
		return jh_error_nomem(err);
	rc = find_directory(&entry, kustomize, directory, err);
	free(directory);
	if (rc != JH_OK || entry->namespace == NULL)
		return rc;

	for (size_t i = 0; i < entry->resource_count && !listed; i++)
		listed = strcmp(entry->resources[i], name) == 0;
	if (!listed)
		return JH_OK;

	/*
	 * Only Jobs matter here; cluster-scoped objects would keep no namespace.
	 * The name is copied into the file's arena, so it lives as long as the
	 * object and not only as long as this lookup.
	 */
	for (size_t i = first; i < objects->count; i++) {
		jh_object *object = &objects->items[i];

		if (!jh_object_is_job(object))
			continue;
		object->namespace = jh_arena_strndup(object->file->arena, entry->namespace,
						     strlen(entry->namespace));
		if (object->namespace == NULL)
			return jh_error_nomem(err);
	}
	return JH_OK;
}
